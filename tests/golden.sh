#!/bin/sh
# Runs one golden case: tests/golden.sh ING2GW CASE_DIR [COMMAND [OPERAND]]
#
# A case directory holds:
#   args           the arguments, one line, split on blanks (required)
#   stdin          fed to standard input (optional; else /dev/null)
#   expected.out   the exact stdout (absent: stdout must be empty)
#   expected.err   the exact stderr (absent: stderr must be empty)
#   expected.exit  the exit code (absent: 0)
#   expected.file  with "--output-file out.yaml" in args: the exact content of out.yaml
#   expected.no-file  with "--output-file out.yaml" in args: out.yaml must not exist
# and any input files the arguments name. With COMMAND (e.g. "lint"), it
# goes before the case's args, args may be absent, and OPERAND (e.g.
# "input.yaml") is appended when the case has that file. The case runs in a
# scratch copy,
# so "-o" never writes into the source tree. UPDATE_GOLDEN=1 rewrites the
# expected files from the actual results (review the diff before commit).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# a case that is not there must not become "/" (cp -R of the whole disk)
case_dir=$(cd "$2" 2>/dev/null && pwd) || {
	echo "$(basename "$0"): no case directory '$2'" >&2
	exit 2
}
name=$(basename "$case_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$case_dir"/. "$work"/
cd "$work" || exit 2

command=${3:-}
operand=
[ -n "${4:-}" ] && [ -f "$work/$4" ] && operand=$4
args=
[ -f args ] && args=$(cat args)
args="$command $args $operand"
if [ -f stdin ]; then
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args <stdin >actual.out 2>actual.err
else
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args </dev/null >actual.out 2>actual.err
fi
code=$?
want_code=0
[ -f expected.exit ] && want_code=$(cat expected.exit)

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
	[ -f out.yaml ] && cp out.yaml "$case_dir/expected.file"
	echo "updated $name"
	exit 0
fi

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
if [ -f expected.file ] && ! cmp -s expected.file out.yaml; then
	echo "$name: out.yaml differs:"
	diff -u expected.file out.yaml | head -60
	fail=1
fi
if [ -f expected.no-file ] && [ -e out.yaml ]; then
	echo "$name: out.yaml was created"
	fail=1
fi
if grep -q 'Sanitizer\|runtime error' actual.err; then
	echo "$name: sanitizer report"
	fail=1
fi
[ "$fail" = 0 ] && echo "$name: ok"
exit "$fail"
