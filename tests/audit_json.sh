#!/bin/sh
# ing2gw audit -o json against audit/audit.schema.json, with its counts
# adding up (tests/tools/audit_check.c): the example backup (every target,
# and two), an input without Ingresses, the real-world corpus when it is
# there; and the checker refuses reports that break the schema or whose
# counts do not add up.
#   tests/audit_json.sh ING2GW AUDIT_CHECK SCHEMA SOURCE_ROOT CORPUS_DIR
set -u
bin=$1 check=$2 schema=$3 root=$4 corpus=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
example=$root/testdata/examples/ingress-backup.yaml
fail=0

run() {
	out=$1
	shift
	"$bin" audit -o json "$@" >"$work/$out" 2>"$work/$out.err"
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAIL: ing2gw audit -o json $* exited $rc"
		cat "$work/$out.err"
		fail=1
	fi
}

run example.json "$example"
run two.json --target kong --target istio "$example"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n' >"$work/none.yaml"
run none.json "$work/none.yaml"
set -- "$work/example.json" "$work/two.json" "$work/none.json"
if [ -d "$corpus" ]; then
	run corpus.json -c "$root/testdata/examples/real-world-estate.ing2gw.yaml" \
	    "$corpus"
	set -- "$@" "$work/corpus.json"
else
	echo "no corpus in $corpus: the test data only"
fi
"$check" "$schema" "$@" || fail=1

# The checker must see what is wrong.
sed 's/"audit": 1,/"audit": 2,/' "$work/example.json" >"$work/bad-version.json"
grep -v '"ranking_rule"' "$work/example.json" >"$work/bad-missing.json"
sed '0,/"blocked": 0,/s//"blocked": 1,/' "$work/example.json" \
	>"$work/bad-count.json"
sed 's/"status": "changes"/"status": "fine"/' "$work/example.json" \
	>"$work/bad-enum.json"
for bad in bad-version bad-missing bad-count bad-enum; do
	if cmp -s "$work/example.json" "$work/$bad.json"; then
		echo "FAIL: $bad: the mutation changed nothing"
		fail=1
	elif "$check" "$schema" "$work/$bad.json" >"$work/$bad.out"; then
		echo "FAIL: audit_check accepts $bad.json"
		fail=1
	else
		echo "ok: audit_check refuses $bad.json: $(head -1 "$work/$bad.out")"
	fi
done
exit $fail
