#!/bin/sh
# --emitter is the old name of --target: every golden case of convert
# that uses it gives the same output and diagnostics with --target
# (standard being generic).
#   tests/emitter_alias.sh ING2GW CONVERT_CASES_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cases=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checked=0
fail=0
for c in "$cases"/*/; do
	grep -q -- '--emitter' "$c/args" 2>/dev/null || continue
	grep -q -- '--target' "$c/args" && continue	# both: a usage case
	args=$(cat "$c/args")
	alias=$(printf '%s' "$args" | sed 's/--emitter standard/--target generic/;
		s/--emitter /--target /')
	# shellcheck disable=SC2086
	(cd "$c" && NO_COLOR=1 "$bin" $args </dev/null >"$work/a.out" \
		2>"$work/a.err"; echo $? >"$work/a.rc")
	# shellcheck disable=SC2086
	(cd "$c" && NO_COLOR=1 "$bin" $alias </dev/null >"$work/b.out" \
		2>"$work/b.err"; echo $? >"$work/b.rc")
	checked=$((checked + 1))
	for f in out err rc; do
		if ! cmp -s "$work/a.$f" "$work/b.$f"; then
			echo "FAIL: $(basename "$c"): '$args' and '$alias' differ ($f)"
			fail=$((fail + 1))
			break
		fi
	done
done
echo "$checked checked, $fail failed"
[ "$checked" -gt 0 ] && [ "$fail" -eq 0 ]
