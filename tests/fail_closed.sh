#!/bin/sh
# Fail closed, on every file given (and every *.yaml under a directory):
# where convert reports an access check the target cannot keep
# ([convert/access-control]), it exits 1, writes nothing on stdout and
# does not create --output-file FILE; with --force it writes the objects; and replay
# never turns a 401 or 403 of the Ingress side into a success.
#   tests/fail_closed.sh ING2GW PATH...
# Exits 77 when no file has such a check (nothing was tested).
set -u
bin=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checked=0
fail=0

check() { # FILE
	NO_COLOR=1 "$bin" convert "$1" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
	grep -q '\[convert/access-control\]' "$work/err" || return 0
	checked=$((checked + 1))
	why=
	if [ "$rc" -ne 1 ]; then
		why="convert exits $rc, not 1"
	elif [ -s "$work/out" ]; then
		why="convert wrote objects on stdout"
	fi
	rm -f "$work/o.yaml"
	NO_COLOR=1 "$bin" convert --output-file "$work/o.yaml" "$1" >/dev/null 2>&1
	if [ -z "$why" ] && [ -e "$work/o.yaml" ]; then
		why="convert --output-file FILE created FILE"
	fi
	NO_COLOR=1 "$bin" convert --force "$1" >"$work/out" 2>/dev/null
	rc=$?
	if [ -z "$why" ] && { [ "$rc" -ne 1 ] || [ ! -s "$work/out" ]; }; then
		why="convert --force exits $rc or writes nothing"
	fi
	NO_COLOR=1 "$bin" replay --generate -o json "$1" >"$work/replay" \
		2>/dev/null
	if [ -z "$why" ] && grep -qE \
	    '"field":"status","ingress":40[13],"gateway":[23][0-9][0-9]' \
	    "$work/replay"; then
		why="replay: a 401/403 of ingress-nginx passes on the Gateway"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $1: $why"
		fail=$((fail + 1))
	else
		echo "ok: $1"
	fi
}

for p in "$@"; do
	if [ -d "$p" ]; then
		for f in $(find "$p" -name '*.yaml' | sort); do
			check "$f"
		done
	elif [ -f "$p" ]; then
		check "$p"
	fi
done
echo "$checked checked, $fail failed"
[ "$fail" -eq 0 ] || exit 1
[ "$checked" -gt 0 ] || exit 77
exit 0
