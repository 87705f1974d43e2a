#!/bin/sh
# The conformance manifests lint with no error except those the tests
# make on purpose, listed with their reason in EXPECTED:
#   tests/lint_conformance_errors.sh ING2GW CONFORMANCE_DIR EXPECTED
# Fails on an error (test directory, rule) not in EXPECTED and on an
# entry of EXPECTED that no longer occurs. Exit 77 without the corpus.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
expected=$3
[ -d "$dir" ] || { echo "skip: no conformance manifests at '$dir'"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tab=$(printf '\t')
n=0
for m in "$dir"/*/manifests.yaml; do
	[ -e "$m" ] || continue
	d=$(basename "$(dirname "$m")")
	n=$((n + 1))
	(cd "$(dirname "$m")" && NO_COLOR=1 "$bin" lint manifests.yaml) \
	    >"$work/out" 2>&1
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "FAIL: $d: lint exit $rc"
		sed 's/^/	/' "$work/out" | head -10
		echo "$d${tab}exit-$rc" >>"$work/actual"
		continue
	fi
	sed -n 's/^[^ ]*: error: .*\[\([^]]*\)\]$/\1/p' "$work/out" | sort -u |
	    sed "s|^|$d$tab|" >>"$work/actual"
	grep ': error: ' "$work/out" | sed "s|^|$d/|" >>"$work/errors"
done
touch "$work/actual" "$work/errors"
sort -u "$work/actual" >"$work/got"
grep -v '^#' "$expected" | grep . | cut -f1,2 | sort -u >"$work/want"
fail=0
for line in $(comm -23 "$work/got" "$work/want" | tr '\t' '|'); do
	echo "FAIL: unexpected error: $(echo "$line" | tr '|' ' ')"
	grep "^$(echo "$line" | cut -d'|' -f1)/" "$work/errors" |
	    grep -F "[$(echo "$line" | cut -d'|' -f2)]" |
	    sed 's/^/	/' | head -3
	fail=1
done
for line in $(comm -13 "$work/got" "$work/want" | tr '\t' '|'); do
	echo "FAIL: listed error no longer reported: $(echo "$line" | tr '|' ' ')"
	fail=1
done
if grep -v '^#' "$expected" | grep . | awk -F'\t' 'NF != 3 || $3 == ""' |
    grep -q .; then
	echo "FAIL: every line of $expected needs DIR, RULE and REASON"
	fail=1
fi
[ "$fail" = 0 ] && echo "$n manifests: $(wc -l <"$work/want") expected errors, no other"
exit "$fail"
