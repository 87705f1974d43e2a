#!/bin/sh
# The output of `convert` on every file of the real-world corpus lints
# with zero errors (warnings and infos are fine):
#   tests/lint_corpus_converted.sh ING2GW CORPUS_DIR [CONVERT_OPTION...]
# With --target TARGET among them, lint runs with --target TARGET too; it
# may then report target/unsupported-access-check only where convert
# failed closed on it ([convert/access-control]): the error was convert's
# first.
# Prints one line per file and "N passed, N failed"; exits 77 (skip)
# without the corpus.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$2
shift 2
extra=$*
topt=
# shellcheck disable=SC2086
set -- $extra
while [ $# -gt 0 ]; do
	[ "$1" = --target ] && [ $# -gt 1 ] && topt="--target $2"
	shift
done
[ -d "$corpus" ] || { echo "skip: no corpus at '$corpus'"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
for f in "$corpus"/*.yaml; do
	[ -e "$f" ] || continue
	out=$work/converted.yaml
	rm -f "$out"
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" convert --force $extra --output-file "$out" "$f" \
		</dev/null 2>"$work/err"
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
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" lint --fail-on error $topt "$out" >"$work/lint" 2>&1
	lrc=$?
	grep ': error: ' "$work/lint" >"$work/errors"
	if grep -q '\[convert/access-control\]' "$work/err"; then
		grep -v '\[target/unsupported-access-check\]' "$work/errors" \
			>"$work/unexpected"
	else
		cp "$work/errors" "$work/unexpected"
	fi
	if [ -s "$work/unexpected" ] || [ "$lrc" -gt 1 ]; then
		echo "FAIL: $f: lint of the conversion exit $lrc"
		sed 's/^/	/' "$work/unexpected" | head -20
		fail=$((fail + 1))
	else
		echo "ok: $f ($(grep -c ': warning: ' "$work/lint") warnings)"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
