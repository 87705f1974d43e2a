#!/bin/sh
# Builds a man page whose scdoc source has a line MARK (such as @RULES@)
# replaced by what an ing2gw command prints, through scdoc.
#   man/gen_page.sh ING2GW SCDOC SOURCE OUTPUT MARK ARG...
set -eu
bin=$1 scdoc=$2 src=$3 out=$4 mark=$5
shift 5
part=$(mktemp)
trap 'rm -f "$part" "$out.tmp"' EXIT
"$bin" "$@" >"$part"
awk -v f="$part" -v m="$mark" '
	$0 == m { while ((getline l < f) > 0) print l; next }
	{ print }' "$src" | "$scdoc" >"$out.tmp"
mv "$out.tmp" "$out"
