#!/bin/sh
# Converts every *.yaml of a corpus directory and validates the output:
#   tests/corpus.sh ING2GW CRDCHECK CRD_DIR CORPUS_DIR [CONVERT_OPTION...]
# CRD_DIR is passed to crdcheck as is (DIR[:DIR...], or a parent of CRD
# directories); CONVERT_OPTIONs (e.g. --target envoy-gateway) go to
# every convert run, with --force: the objects of a conversion with
# errors (what fails closed) must be valid too.
# A file fails when convert exits with anything but 0 or 1, crashes
# (signal, exit >= 128, sanitizer report on stderr), or writes output
# (YAML, then again with -o json) that crdcheck finds invalid.
# Prints one line per file and a final "N passed, N failed"; exits 1 when
# any file failed, 77 (skip) when the corpus directory is missing.
set -u
bin=$1
crdcheck=$2
crds=$3
corpus=$4
shift 4
extra=$*
crds_first=${crds%%:*}
if [ ! -d "$corpus" ] || [ ! -d "$crds_first" ]; then
	echo "skip: '$corpus' or '$crds' is missing"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

sanitizer_report() { # FILE
	grep -q -e 'AddressSanitizer' -e 'LeakSanitizer' \
		-e 'runtime error:' -e 'UndefinedBehaviorSanitizer' "$1"
}

# check_one FILE FORMAT: sets why (empty when good)
check_one() {
	out=$work/out.$2
	err=$work/err.$2
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" convert --force $extra -o "$2" "$1" </dev/null >"$out" \
		2>"$err"
	rc=$?
	if [ "$rc" -ge 128 ]; then
		why="$2: crashed (exit $rc)"
	elif sanitizer_report "$err"; then
		why="$2: sanitizer report (exit $rc)"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		why="$2: exit $rc"
	elif [ -s "$out" ]; then
		"$crdcheck" "$crds" "$out" >"$work/check" 2>&1
		crc=$?
		if [ "$crc" -ne 0 ]; then
			why="$2: output invalid against the CRDs (crdcheck exit $crc)"
		fi
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $f: $why"
		sed 's/^/	/' "$err" | head -20
		[ -s "$work/check" ] && sed 's/^/	/' "$work/check" | head -40
	fi
}

for f in "$corpus"/*.yaml; do
	[ -e "$f" ] || continue
	why=
	: >"$work/check"
	check_one "$f" yaml
	if [ -z "$why" ]; then
		check_one "$f" json
	fi
	if [ -z "$why" ]; then
		echo "ok: $f"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
