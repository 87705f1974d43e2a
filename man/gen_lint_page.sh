#!/bin/sh
# Builds ing2gw-lint.1: the scdoc source with its @RULES@ line replaced by
# the rule catalogue, through scdoc.
#   man/gen_lint_page.sh ING2GW SCDOC SOURCE OUTPUT
set -eu
rules=$(mktemp)
trap 'rm -f "$rules" "$4.tmp"' EXIT
"$1" lint --list-rules --format scdoc >"$rules"
awk -v f="$rules" '
	$0 == "@RULES@" { while ((getline l < f) > 0) print l; next }
	{ print }' "$3" | "$2" >"$4.tmp"
mv "$4.tmp" "$4"
