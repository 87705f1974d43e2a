#!/bin/sh
# Runs crdcheck on the hand-made objects of testdata/crdcheck:
#   tests/crdcheck_selftest.sh CRDCHECK CRD_DIR[:CRD_DIR...] CASES_DIR
# The first line of each case is "# expect: valid" (exit 0, no output) or
# "# expect: RULE..." (exit 1 and every crd/RULE in the output).
# Prints one line per case and a final "N passed, N failed".
set -u
crdcheck=$1
crds=$2
cases=$3
if [ ! -d "${crds%%:*}" ]; then
	echo "skip: '${crds%%:*}' is missing"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
pass=0
fail=0
for f in "$cases"/*.yaml "$cases"/*.json; do
	[ -e "$f" ] || continue
	expect=$(sed -n '1s/^# expect: //p' "$f")
	if [ -z "$expect" ]; then
		expect=$(sed -n '1s/^{"#": "expect: \(.*\)",$/\1/p' "$f")
	fi
	"$crdcheck" "$crds" "$f" >"$out" 2>&1
	rc=$?
	why=
	if [ -z "$expect" ]; then
		why="no '# expect:' line"
	elif [ "$expect" = valid ]; then
		[ "$rc" -eq 0 ] || why="exit $rc, expected 0"
	else
		[ "$rc" -eq 1 ] || why="exit $rc, expected 1"
		for r in $expect; do
			grep -q "\[crd/$r\]\$" "$out" || why="$why; no [crd/$r]"
		done
	fi
	if [ -z "$why" ]; then
		echo "ok: $f"
		pass=$((pass + 1))
	else
		echo "FAIL: $f: $why"
		sed 's/^/	/' "$out"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
