#!/bin/sh
# Collects seed corpora for the fuzz targets into OUT/<target>/ from the
# golden cases (testdata/), the shared corpora (../shared/corpus,
# ../shared/conformance) and the hand-written seeds of fuzz/seeds/.
# The copies are for local fuzzing: do not commit them.
#
#   fuzz/seed.sh OUT [SHARED_DIR]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: fuzz/seed.sh OUT [SHARED_DIR]}
shared=${2:-$src/../shared}
targets="doc convert lint nginx_annotations request samples route"

for t in $targets; do
	mkdir -p "$out/$t"
	if [ -d "$src/fuzz/seeds/$t" ]; then
		cp "$src/fuzz/seeds/$t"/* "$out/$t/" 2>/dev/null || :
	fi
done

n=0
# Every YAML and JSON manifest: documents, conversions, lint, routing.
find "$src/testdata" "$shared/corpus" "$shared/conformance" -type f \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) |
    sort | while read -r f; do
	n=$((n + 1))
	for t in doc convert lint route; do
		cp "$f" "$out/$t/m$n-$(basename "$f")"
	done
done
# Expected outputs of convert: Gateway API objects for lint and route.
for f in "$src"/testdata/convert/*/expected.out; do
	[ -s "$f" ] || continue
	c=$(basename "$(dirname "$f")")
	cp "$f" "$out/lint/conv-$c.yaml"
	cp "$f" "$out/route/conv-$c.yaml"
done

# route cases: the input with the request of args as a "#> " line.
for d in "$src"/testdata/route/*/; do
	c=$(basename "$d")
	[ -f "$d/args" ] || continue
	req=$(sed -n 's/.*--request \([^ ]*\).*/\1/p' "$d/args")
	for f in "$d"*.yaml; do
		[ -f "$f" ] || continue
		{ cat "$f"; echo; echo "#> GET $req"; } \
			>"$out/route/r-$c-$(basename "$f")"
		echo "GET $req" >"$out/request/r-$c"
	done
done

# samples: selector byte ('1' JSON Lines, '2' YAML, '3' log) + the file.
for f in "$src"/testdata/replay/*/samples.jsonl; do
	c=$(basename "$(dirname "$f")")
	{ printf 1; cat "$f"; } >"$out/samples/j-$c"
done
for f in "$src"/testdata/replay/*/samples.yaml; do
	c=$(basename "$(dirname "$f")")
	{ printf 2; cat "$f"; } >"$out/samples/y-$c"
done
for f in "$src"/testdata/replay/*/access.log; do
	c=$(basename "$(dirname "$f")")
	{ printf 3; cat "$f"; } >"$out/samples/l-$c"
done

# nginx_annotations: option byte '@' (defaults), then KEY=VALUE records
# of the ingress-nginx annotations of each manifest.
for f in "$src"/testdata/*/*/*.yaml "$shared"/corpus/*/*.yaml; do
	[ -f "$f" ] || continue
	key='nginx\.ingress\.kubernetes\.io\/[a-z0-9-]*'
	recs=$(sed -n "s/^ *\\($key\\): *\\(.*\\)\$/\\1=\\2/p" "$f" |
		sed 's/="\(.*\)"$/=\1/; s/='"'"'\(.*\)'"'"'$/=\1/')
	[ -n "$recs" ] || continue
	h=$(printf '%s' "$recs" | cksum | cut -d' ' -f1)
	{ printf '@\n'; printf '%s\n' "$recs"; } >"$out/nginx_annotations/a-$h"
done

for t in $targets; do
	echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
