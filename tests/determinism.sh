#!/bin/sh
# Checks that convert output is deterministic:
#   tests/determinism.sh ING2GW SOURCE_ROOT
# 1. the same input converted twice gives byte-identical stdout;
# 2. a kubectl List in YAML and the same List in JSON give identical stdout.
# Prints one line per check and a final "N passed, N failed"; exits 1 when
# any check failed.
set -u
bin=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

check() { # NAME FILE_A FILE_B
	if cmp -s "$2" "$3" && [ -s "$2" ]; then
		echo "ok: $1"
		pass=$((pass + 1))
	else
		echo "FAIL: $1"
		diff -u "$2" "$3" | head -40
		fail=$((fail + 1))
	fi
}

run() { # OUT ARGS...
	out=$1
	shift
	NO_COLOR=1 "$bin" convert --force "$@" </dev/null >"$out" 2>/dev/null
}

ex=$root/testdata/examples/ingress-backup.yaml
run "$work/a1" "$ex"
run "$work/a2" "$ex"
check "ingress-backup.yaml converted twice" "$work/a1" "$work/a2"

run "$work/j1" -o json "$ex"
run "$work/j2" -o json "$ex"
check "ingress-backup.yaml converted twice (-o json)" "$work/j1" "$work/j2"

lists=$root/testdata/convert
run "$work/ly" --no-provenance "$lists/list-yaml/input.yaml"
run "$work/lj" --no-provenance "$lists/list-json/input.json"
check "the same List in YAML and in JSON" "$work/ly" "$work/lj"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
