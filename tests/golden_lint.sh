#!/bin/sh
# Golden cases of `ing2gw lint`.
#
#   tests/golden_lint.sh ING2GW CASE_DIR
#     runs `ing2gw lint ARGS input.yaml` in a scratch copy of CASE_DIR:
#       args           the options, one line, split on blanks (may be empty)
#       input.yaml     the input (absent: no operand, stdin is /dev/null)
#       expected.out   the exact stdout (absent: must be empty)
#       expected.err   the exact stderr (absent: must be empty)
#       expected.exit  the exit code (absent: 0)
#     UPDATE_GOLDEN=1 rewrites the expected files (review the diff).
#
#   tests/golden_lint.sh --corpus ING2GW DIR EXPECTED
#     lints each DIR/*/manifests.yaml and compares with EXPECTED.
#
#   tests/golden_lint.sh --coverage ING2GW LINT_DIR
#     checks that every rule of `ing2gw lint --list-rules` has a case
#     RULE-bad (family/name -> family-name-bad) whose output reports it and
#     a case RULE-good that exits 0 without reporting it.
set -u

if [ "$1" = --corpus ]; then
	# tests/golden_lint.sh --corpus ING2GW DIR EXPECTED: lints every
	# DIR/*/manifests.yaml (the Gateway API conformance manifests) and
	# compares the findings, one line each, with EXPECTED.
	bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	dir=$3
	[ -d "$dir" ] || { echo "no corpus at $dir: skipped"; exit 77; }
	actual=$(mktemp)
	trap 'rm -f "$actual"' EXIT
	for m in "$dir"/*/manifests.yaml; do
		(cd "$(dirname "$m")" && NO_COLOR=1 "$bin" lint --fail-on info \
		    manifests.yaml | grep -v '^lint: [0-9]* error' |
		    sed "s|^|$(basename "$(dirname "$m")")/|")
	done >"$actual"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$actual" "$4"
		exit 0
	fi
	if ! cmp -s "$4" "$actual"; then
		diff -u "$4" "$actual" | head -60
		exit 1
	fi
	echo "$(wc -l <"$actual") lines as expected"
	exit 0
fi

if [ "$1" = --coverage ]; then
	bin=$2
	dir=$3
	fail=0
	for rule in $("$bin" lint --list-rules | awk '{print $1}'); do
		base=$(echo "$rule" | tr / -)
		if ! grep -qF "[$rule]" "$dir/$base-bad/expected.out" 2>/dev/null
		then
			echo "rule $rule: no case $base-bad reporting it"
			fail=1
		fi
		if [ ! -f "$dir/$base-good/input.yaml" ] ||
		    [ -f "$dir/$base-good/expected.exit" ] ||
		    grep -qF "[$rule]" "$dir/$base-good/expected.out" \
		    2>/dev/null; then
			echo "rule $rule: no clean case $base-good"
			fail=1
		fi
	done
	[ "$fail" = 0 ] && echo "every rule has a bad and a good case"
	exit "$fail"
fi

# One case: the shared runner, with "lint" before the case's options and
# its input.yaml as the operand.
exec sh "$(dirname "$0")/golden.sh" "$1" "$2" lint input.yaml
