#!/bin/sh
# The output of `convert` on every file of the real-world corpus lints
# with zero errors (warnings and infos are fine):
#   tests/lint_corpus_converted.sh ING2GW CORPUS_DIR [CONVERT_OPTION...]
# Prints one line per file and "N passed, N failed"; exits 77 (skip)
# without the corpus.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$2
shift 2
extra=$*
[ -d "$corpus" ] || { echo "skip: no corpus at '$corpus'"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
for f in "$corpus"/*.yaml; do
	[ -e "$f" ] || continue
	out=$work/converted.yaml
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" convert --force $extra -o "$out" "$f" </dev/null \
		2>"$work/err"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "FAIL: $f: convert exit $rc"
		sed 's/^/	/' "$work/err" | head -10
		fail=$((fail + 1))
		continue
	fi
	if [ ! -s "$out" ]; then
		echo "ok: $f (no output to lint)"
		pass=$((pass + 1))
		continue
	fi
	NO_COLOR=1 "$bin" lint --fail-on error "$out" >"$work/lint" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] || grep -q ': error: ' "$work/lint"; then
		echo "FAIL: $f: lint of the conversion exit $rc"
		sed 's/^/	/' "$work/lint" | head -20
		fail=$((fail + 1))
	else
		echo "ok: $f ($(grep -c ': warning: ' "$work/lint") warnings)"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
