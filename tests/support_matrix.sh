#!/bin/sh
# The committed support matrix is what the generator writes from the
# conformance reports:
#   tests/support_matrix.sh SUPPORT_GEN REPORTS_DIR SUPPORT_MATRIX_C
# Exits 77 (skip) when the reports are absent.
set -u
gen=$1
reports=$2
committed=$3
[ -d "$reports" ] || { echo "skip: no reports at '$reports'"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$gen" "$reports" >"$work/support_matrix.c"; then
	echo "FAIL: support_gen failed"
	exit 1
fi
if ! cmp -s "$work/support_matrix.c" "$committed"; then
	echo "FAIL: targets/support_matrix.c is stale; regenerate it:"
	echo "  build/tests/support_gen $reports >targets/support_matrix.c"
	diff -u "$committed" "$work/support_matrix.c" | head -40
	exit 1
fi
echo "ok: targets/support_matrix.c matches $reports"
