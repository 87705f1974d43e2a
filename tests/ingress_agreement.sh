#!/bin/sh
# convert, lint and replay agree on which Ingresses ingress-nginx serves
# and on which Ingress wins each host/path:
#   tests/ingress_agreement.sh TOOL --golden TESTDATA_DIR
#     the input.yaml of every nginx-* case of the convert, route and
#     replay areas
#   tests/ingress_agreement.sh TOOL --corpus CORPUS_DIR
#     every *.yaml of the corpus; 77 (skip) when the directory is missing
# TOOL is tests/tools/ingress_decisions; a disagreement prints the diff
# of the two outputs and exits 1.
set -u
tool=$1
dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

: >"$work/files"
case $2 in
--golden)
	for area in convert route replay; do
		for f in "$dir/$area"/nginx-*/input.yaml; do
			[ -f "$f" ] && echo "$f"
		done
	done >"$work/files"
	;;
--corpus)
	if [ ! -d "$dir" ]; then
		echo "skip: no corpus at '$dir'"
		exit 77
	fi
	for f in "$dir"/*.yaml; do
		[ -f "$f" ] && echo "$f"
	done >"$work/files"
	;;
*)
	echo "usage: $0 TOOL --golden|--corpus DIR" >&2
	exit 2
	;;
esac
[ -s "$work/files" ] || { echo "no input files under '$dir'"; exit 1; }

for via in convert lint replay; do
	# shellcheck disable=SC2046
	"$tool" "$via" $(cat "$work/files") >"$work/$via" 2>"$work/$via.err" ||
		{ echo "$via: exit $?"; cat "$work/$via.err"; exit 1; }
done
fail=0
for via in lint replay; do
	if ! cmp -s "$work/convert" "$work/$via"; then
		echo "convert and $via disagree:"
		diff -u "$work/convert" "$work/$via" | head -80
		fail=1
	fi
done
if grep -q -e 'Sanitizer' -e 'runtime error:' "$work"/*.err; then
	cat "$work"/*.err
	fail=1
fi
[ "$fail" = 0 ] && echo "$(wc -l <"$work/files") files," \
	"$(grep -c ' served ' "$work/convert") Ingresses," \
	"$(grep -c ' winner ' "$work/convert") host/paths: agreed"
exit "$fail"
