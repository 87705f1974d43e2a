#!/bin/sh
# The objects of every convert golden case are valid against the CRDs:
#   tests/golden_crd.sh CRDCHECK CRD_DIR[:CRD_DIR...] CASES_DIR
# Checks each case's expected.out and expected.file that hold objects (a
# YAML stream or a JSON List), in one crdcheck run; a case whose output is
# not objects (rule lists, help) is left out. Exits 1 when crdcheck finds
# any invalid, 77 (skip) when the CRDs are missing.
set -u
crdcheck=$1
crds=$2
cases=$3
if [ ! -d "${crds%%:*}" ]; then
	echo "skip: '$crds' is missing"
	exit 77
fi
set --
for dir in "$cases"/*/; do
	for f in "$dir"expected.out "$dir"expected.file; do
		[ -s "$f" ] || continue
		case $(head -c 3 "$f") in
		---|'{'*) set -- "$@" "$f" ;;
		esac
	done
done
echo "$# outputs checked"
[ $# -gt 0 ] || exit 1
"$crdcheck" "$crds" "$@"
