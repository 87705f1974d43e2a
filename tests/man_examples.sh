#!/bin/sh
# Runs every example of the man pages: lines "<tab>$ ing2gw ..." in the
# EXAMPLES sections. Each must exit 0 or 1 (never 2, never a crash) and
# write no sanitizer report.
#   tests/man_examples.sh ING2GW SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
cd "$root" || exit 2
pass=0
fail=0
tab=$(printf '\t')
for page in man/*.scd; do
	grep "^$tab\\\$ ing2gw " "$page" | sed "s/^$tab\\\$ ing2gw //" >"${TMPDIR:-/tmp}/ing2gw-man.$$"
	while IFS= read -r cmd; do
		out=$(eval "\"$bin\" $cmd" 2>&1 >/dev/null)
		rc=$?
		if [ "$rc" -gt 1 ] || printf '%s' "$out" | grep -q 'Sanitizer\|runtime error'; then
			echo "FAIL ($rc) $page: ing2gw $cmd"
			printf '%s\n' "$out" | head -20
			fail=$((fail + 1))
		else
			echo "ok $page: ing2gw $cmd"
			pass=$((pass + 1))
		fi
	done <"${TMPDIR:-/tmp}/ing2gw-man.$$"
	rm -f "${TMPDIR:-/tmp}/ing2gw-man.$$"
done
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
