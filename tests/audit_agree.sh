#!/bin/sh
# The audit agrees with convert --target NAME on every Ingress of every
# estate: the example backup, the input of every convert golden case, the
# real-world corpus as a whole and file by file (when present), and
# estates of the benchmark's generator (GEN_INGRESSES), the shape audit's
# one lowering for every target is made for.
#   tests/audit_agree.sh AUDIT_AGREE SOURCE_ROOT CORPUS_DIR [GEN_INGRESSES]
set -u
tool=$1 root=$2 corpus=$3 gen=${4:-}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-agree.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
set -- "$root/testdata/examples/ingress-backup.yaml"
if [ -n "$gen" ]; then
	"$gen" 400 --seed 7 > "$dir/generated.yaml" || exit 1
	"$gen" 200 --seed 3 --hosts 20 > "$dir/generated-shared-hosts.yaml" ||
		exit 1
	set -- "$@" "$dir/generated.yaml" "$dir/generated-shared-hosts.yaml"
fi
for f in "$root"/testdata/convert/*/input.yaml; do
	set -- "$@" "$f"
done
if [ -d "$corpus" ]; then
	set -- "$@" "$corpus"
	for f in "$corpus"/*.yaml; do
		set -- "$@" "$f"
	done
else
	echo "no corpus in $corpus: the test data only"
fi
"$tool" "$@" > "$dir/out"
status=$?
cat "$dir/out"
# an ingress-nginx estate is lowered once per layout, not per target
if [ -n "$gen" ] && ! grep -Eq 'generated.yaml \([12] lowerings?\)' \
    "$dir/out"; then
	echo "FAIL: the generated estate was not lowered once per layout"
	exit 1
fi
exit $status
