#!/bin/sh
# Runs one golden case of ing2gw audit:
#   tests/golden_audit.sh ING2GW CASE_DIR TESTDATA_DIR SHARED_DIR
#
# The case runs as `ing2gw audit ARGS` in a scratch copy of CASE_DIR, where
# examples/ is TESTDATA_DIR/examples and corpus/ is SHARED_DIR/corpus, so
# that the file names in the reports are the same on every machine. A case
# directory holds:
#   args           the arguments, one line, split on blanks (required)
#   stdin          fed to standard input (optional; else /dev/null)
#   expected.out   the exact stdout (absent: stdout must be empty)
#   expected.err   the exact stderr (absent: stderr must be empty)
#   expected.exit  the exit code (absent: 0)
#   expected.file  with "--output-file report" in args: report's content
# and any input files the arguments name. A case whose arguments name
# corpus/ is skipped (77) when SHARED_DIR has no corpus. UPDATE_GOLDEN=1
# rewrites the expected files from the actual results.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# a case that is not there must not become "/" (cp -R of the whole disk)
case_dir=$(cd "$2" 2>/dev/null && pwd) || {
	echo "$(basename "$0"): no case directory '$2'" >&2
	exit 2
}
testdata=$3
shared=$4
name=$(basename "$case_dir")
args=$(cat "$case_dir/args")

case " $args " in
*" corpus/"*)
	if [ ! -d "$shared/corpus/real-world" ]; then
		echo "$name: skipped, no corpus in $shared"
		exit 77
	fi ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$case_dir"/. "$work"/
ln -s "$(cd "$testdata" && pwd)/examples" "$work/examples"
[ -d "$shared/corpus" ] && ln -s "$(cd "$shared/corpus" && pwd)" "$work/corpus"
cd "$work" || exit 2

in=/dev/null
[ -f stdin ] && in=stdin
# shellcheck disable=SC2086
NO_COLOR=1 "$bin" audit $args <"$in" >actual.out 2>actual.err
code=$?

if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	for f in out err; do
		if [ -s actual.$f ]; then
			cp actual.$f "$case_dir/expected.$f"
		else
			rm -f "$case_dir/expected.$f"
		fi
	done
	if [ "$code" = 0 ]; then rm -f "$case_dir/expected.exit"
	else echo "$code" >"$case_dir/expected.exit"; fi
	[ -f report ] && cp report "$case_dir/expected.file"
	echo "updated $name"
	exit 0
fi

want_code=0
[ -f expected.exit ] && want_code=$(cat expected.exit)
fail=0
if [ "$code" != "$want_code" ]; then
	echo "$name: exit code $code, expected $want_code"
	fail=1
fi
for f in out err; do
	[ -f expected.$f ] || : >expected.$f
	if ! cmp -s expected.$f actual.$f; then
		echo "$name: std$f differs:"
		diff -u expected.$f actual.$f | head -60
		fail=1
	fi
done
if [ -f expected.file ] && ! cmp -s expected.file report; then
	echo "$name: the report file differs:"
	diff -u expected.file report | head -60
	fail=1
fi
if grep -q 'Sanitizer\|runtime error' actual.err; then
	echo "$name: sanitizer report"
	fail=1
fi
[ "$fail" = 0 ] && echo "$name: ok"
exit "$fail"
