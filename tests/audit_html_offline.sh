#!/bin/sh
# ing2gw audit -o html is one self-contained page: no script at all, no
# src or href to anything but an anchor of the page, no style sheet or
# @import, no url(), no <link>, <img>, <iframe>, <object> or <embed>; and
# its SVG charts are inline, one per target. The example backup and the
# real-world corpus (when there).
#   tests/audit_html_offline.sh ING2GW SOURCE_ROOT CORPUS_DIR
set -u
bin=$1 root=$2 corpus=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

check() {
	page=$1
	shift
	if ! "$bin" audit -o html "$@" >"$work/$page" 2>"$work/$page.err"; then
		echo "FAIL: ing2gw audit -o html $* failed"
		cat "$work/$page.err"
		fail=1
		return
	fi
	if grep -Eiq '<script|<link|<img|<iframe|<object|<embed|<base|@import|url\(' "$work/$page"; then
		echo "FAIL: $page loads something:"
		grep -Eion '<script|<link|<img|<iframe|<object|<embed|<base|@import|url\(' "$work/$page" | head
		fail=1
	fi
	if grep -Eio '(src|href|xlink:href|action|data)[[:space:]]*=[[:space:]]*"[^"]*"' "$work/$page" |
	    grep -Eiv '=[[:space:]]*"#'; then
		echo "FAIL: $page refers to something outside itself"
		fail=1
	fi
	if grep -Eiq 'https?://|//[a-z0-9.-]+\.[a-z]' "$work/$page"; then
		echo "FAIL: $page names a network address:"
		grep -Eion 'https?://[^"< ]*' "$work/$page" | head
		fail=1
	fi
	n=$(grep -c '<svg ' "$work/$page")
	want=$(grep -c '<section class="target"' "$work/$page")
	if [ "$n" = 0 ] || [ "$n" != "$want" ]; then
		echo "FAIL: $page has $n charts for $want targets"
		fail=1
	fi
	[ "$fail" = 0 ] && echo "ok: $page ($n charts)"
}

check example.html "$root/testdata/examples/ingress-backup.yaml"
if [ -d "$corpus" ]; then
	check corpus.html -c \
	    "$root/testdata/examples/real-world-estate.ing2gw.yaml" "$corpus"
else
	echo "no corpus in $corpus: the example only"
fi
exit $fail
