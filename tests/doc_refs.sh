#!/bin/sh
# The repository explains itself: no source, header, man page, meson file,
# shell script or Markdown file points at documents outside it (a section
# sign, the private working folder's docs directory, or the name of one of
# the documents kept there). Say the fact, or name a public source
# (a CRD field, an upstream file and function, a GEP) instead.
# usage: doc_refs.sh SOURCE_ROOT
#
# The patterns are written so that this file does not match them itself.
set -u
root=$1
cd "$root" || exit 1

sect=$(printf '\302\247')
pattern="$sect|shared/doc[s]|(gateway-api|ingress)-semantic[s]|DESIGN\\.md"
pattern="$pattern|ecosystem\\.md|ingress2gateway\\.md|targets\\.md"

# Build directories (build*, or any with meson-private) and test data are
# not the repository's text.
builds=$(find . -maxdepth 2 -type d -name meson-private 2>/dev/null |
	sed 's|/meson-private$||')

found=$(find . \( -name .git -o -path './build*' -o -path ./testdata \) \
	-prune -o -type f \( -name '*.[ch]' -o -name '*.scd' -o -name '*.md' \
	-o -name '*.sh' -o -name meson.build -o -name meson_options.txt \) \
	-print | sort | while read -r f; do
		skip=
		for b in $builds; do
			case $f in "$b"/*) skip=1 ;; esac
		done
		[ -n "$skip" ] || printf '%s\n' "$f"
	done | while read -r f; do
		LC_ALL=C grep -nE "$pattern" "$f" /dev/null
	done)

if [ -n "$found" ]; then
	echo "FAIL: references to documents outside the repository; state the"
	echo "fact or name a public source instead:"
	printf '%s\n' "$found"
	exit 1
fi
echo "no references to documents outside the repository"
exit 0
