#!/bin/sh
# Builds a man page whose scdoc source has lines MARK (such as @RULES@)
# replaced by what an ing2gw command prints, through scdoc.
#   man/gen_page.sh ING2GW SCDOC SOURCE OUTPUT MARK ARG... [-- MARK ARG...]
set -eu
bin=$1 scdoc=$2 src=$3 out=$4
shift 4
page=$(mktemp)
part=$(mktemp)
trap 'rm -f "$page" "$page.new" "$part" "$out.tmp"' EXIT
cp "$src" "$page"

# Replaces the line $mark of the page by what ing2gw $cmd prints.
fill() {
	eval "\"\$bin\" $cmd" >"$part"
	awk -v f="$part" -v m="$mark" '
		$0 == m { while ((getline l < f) > 0) print l; next }
		{ print }' "$page" >"$page.new"
	mv "$page.new" "$page"
}

mark="" cmd=""
for a in "$@"; do
	if [ -z "$mark" ]; then
		mark=$a cmd=""
	elif [ "$a" = -- ]; then
		fill
		mark=""
	else
		cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
	fi
done
[ -n "$mark" ] && fill
"$scdoc" <"$page" >"$out.tmp"
mv "$out.tmp" "$out"
