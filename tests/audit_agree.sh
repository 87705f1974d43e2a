#!/bin/sh
# The audit agrees with convert --target NAME on every Ingress of every
# estate: the example backup, the input of every convert golden case, the
# real-world corpus as a whole and file by file (when present).
#   tests/audit_agree.sh AUDIT_AGREE SOURCE_ROOT CORPUS_DIR
set -u
tool=$1 root=$2 corpus=$3
set -- "$root/testdata/examples/ingress-backup.yaml"
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
"$tool" "$@"
