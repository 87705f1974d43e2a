#!/bin/sh
# The Gateway API Inference Extension's own example manifests
# (testdata/inference-examples/*/manifests.yaml, each with its source URL
# at the top) checked two independent ways:
#   tests/inference_examples.sh ING2GW CRDCHECK CRD_DIR[:CRD_DIR...] DIR
#  - crdcheck (the OpenAPI schemas and CEL rules of the CRDs) reports its
#    errors on exactly the lines where `ing2gw lint` reports schema/ and
#    inference/ errors;
#  - a directory whose name does not contain "invalid" is clean for both
#    (lint with --fail-on info: no finding at all).
# Every finding of lint is compared by `golden_lint.sh --corpus` with
# testdata/lint-corpus/inference-examples.out. Exits 77 (skip) when the
# first CRD directory is missing.
set -u
bin=$1
crdcheck=$2
crds=$3
dir=$4
if [ ! -d "${crds%%:*}" ]; then
	echo "skip: '${crds%%:*}' is missing"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
for m in "$dir"/*/manifests.yaml; do
	name=$(basename "$(dirname "$m")")
	why=
	NO_COLOR=1 "$bin" lint --fail-on info "$m" >"$work/lint" 2>&1
	lrc=$?
	"$crdcheck" "$crds" "$m" >"$work/crd" 2>&1
	crc=$?
	[ "$lrc" -le 1 ] || why="lint exit $lrc"
	[ "$crc" -le 1 ] || why="$why; crdcheck exit $crc"
	case $name in
	*invalid*) ;;
	*)
		[ "$lrc" -eq 0 ] && [ ! -s "$work/lint" ] ||
			why="$why; lint findings"
		[ "$crc" -eq 0 ] || why="$why; crdcheck errors"
		;;
	esac
	grep -E ': error: .*\[(schema|inference)/' "$work/lint" |
		cut -d: -f2 | sort -un >"$work/lint.lines"
	grep -E ': error: .*\[crd/' "$work/crd" | cut -d: -f2 |
		sort -un >"$work/crd.lines"
	cmp -s "$work/lint.lines" "$work/crd.lines" ||
		why="$why; error lines differ (lint: $(echo $(cat \
		"$work/lint.lines")), crdcheck: $(echo $(cat \
		"$work/crd.lines")))"
	if [ -z "$why" ]; then
		echo "ok: $name ($(wc -l <"$work/crd.lines") error lines)"
		pass=$((pass + 1))
	else
		echo "FAIL: $name: ${why#; }"
		sed 's/^/	/' "$work/lint" "$work/crd"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
