#!/bin/sh
# The layout's promises, checked on the source tree:
#  - ingress-nginx's parsed settings are read only in its own folder
#    (providers/ingress-nginx/); tests and fuzz targets of that folder
#    may read them too;
#  - Envoy Gateway objects are built only in targets/envoy-gateway/;
#  - the routing models (replay/, providers/*/model_*) never include the
#    conversion (convert/, lower*.h): replay stays independent of it.
# usage: layout.sh SOURCE_ROOT
set -u
root=$1
cd "$root" || exit 1
status=0

sources() {
	find audit cli convert ir lint model providers replay targets bench \
		-name '*.[ch]' 2>/dev/null | sort
}

bad=$(sources | grep -v '^providers/ingress-nginx/' |
	xargs grep -lE 'prov_nginx_(settings|parse|slot|is_set)|conv_nginx_' \
	2>/dev/null)
if [ -n "$bad" ]; then
	echo "FAIL: ingress-nginx settings read outside providers/ingress-nginx/:"
	echo "$bad"
	status=1
fi

bad=$(sources | grep -v '^targets/envoy-gateway/' |
	xargs grep -l 'gateway\.envoyproxy\.io' 2>/dev/null)
if [ -n "$bad" ]; then
	echo "FAIL: Envoy Gateway objects built outside targets/envoy-gateway/:"
	echo "$bad"
	status=1
fi

bad=$( (ls replay/*.[ch]; ls providers/*/model*.[ch]) 2>/dev/null |
	xargs grep -lE '#include "(convert/|ir/|lower|conv_int|targets/)' \
	2>/dev/null)
if [ -n "$bad" ]; then
	echo "FAIL: a routing model includes the conversion:"
	echo "$bad"
	status=1
fi

[ $status -eq 0 ] && echo "ok: layout"
exit $status
