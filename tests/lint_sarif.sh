#!/bin/sh
# `ing2gw lint -o sarif` writes logs that pass the SARIF 2.1.0 structural
# check (tests/tools/sarif_check.c): with findings, with zero findings (a
# clean file is still a complete log), from stdin with --stdin-filename
# (the URI is that name), with Ingress and Gateway API findings mixed, and
# the rule list alone.
#   tests/lint_sarif.sh ING2GW SARIF_CHECK SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
check=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
root=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
lint=$root/testdata/lint

run() { # NAME CHECK-ARGS -- LINT-ARGS...
	name=$1
	shift
	cargs=
	while [ "$1" != -- ]; do cargs="$cargs $1"; shift; done
	shift
	(cd "$root" && NO_COLOR=1 "$bin" lint -o sarif "$@") \
	    >"$work/$name.sarif" 2>"$work/$name.err" </dev/null
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "FAIL $name: lint exit $rc"
		cat "$work/$name.err"
		fail=1
		return
	fi
	# shellcheck disable=SC2086
	if "$check" $cargs "$work/$name.sarif"; then
		echo "ok $name"
	else
		echo "FAIL $name"
		fail=1
	fi
}

run findings --some-results -- testdata/lint/mixed-sarif/input.yaml
run zero-results --results 0 -- testdata/lint/clean-full/input.yaml
run ingress --some-results -- \
	testdata/lint/ingress-mixed-gateway/input.yaml \
	testdata/lint/ingress-host-path-conflict-bad/input.yaml
run rules-only --results 0 -- --list-rules

# stdin: the URI is the --stdin-filename, not <stdin>
NO_COLOR=1 "$bin" lint -o sarif --stdin-filename deploy/routes.yaml - \
    <"$lint/mixed-sarif/input.yaml" >"$work/stdin.sarif"
if [ $? -gt 1 ] || ! "$check" --some-results --uri deploy/routes.yaml \
    "$work/stdin.sarif"; then
	echo "FAIL stdin --stdin-filename"
	fail=1
else
	echo "ok stdin --stdin-filename"
fi

# convert --report sarif: the conversion's diagnostics, each rule with
# its short and full description and help from the catalogue
(cd "$root" && NO_COLOR=1 "$bin" convert --report sarif --report-file \
    "$work/convert.sarif" testdata/examples/ingress-backup.yaml >/dev/null)
if [ $? -gt 1 ] || ! "$check" --some-results "$work/convert.sarif"; then
	echo "FAIL convert --report sarif"
	fail=1
elif ! grep -q '"id": "convert/wildcard-depth"' "$work/convert.sarif" ||
    ! grep -q '"fullDescription"' "$work/convert.sarif"; then
	echo "FAIL convert --report sarif: no rule metadata for convert ids"
	fail=1
else
	echo "ok convert --report sarif"
fi

# the checker itself rejects a log missing required properties
printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"rules":[]}},'\
'"results":[{"ruleId":"x","message":{}}]}]}\n' >"$work/broken.sarif"
if "$check" "$work/broken.sarif" >"$work/broken.out"; then
	echo "FAIL sarif_check accepted a broken log"
	fail=1
else
	echo "ok sarif_check rejects a broken log ($(wc -l <"$work/broken.out") problems)"
fi
exit "$fail"
