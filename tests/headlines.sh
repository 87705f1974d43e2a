#!/bin/sh
# No diagnostic headline on the real-world corpus is longer than 120
# characters: convert (generic and each target with an emitter) and lint
# of each file; the rest of a long message is a note line.
#   tests/headlines.sh ING2GW CORPUS_DIR
set -u
bin=$1 corpus=$2
[ -d "$corpus" ] || { echo "no corpus at $corpus: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$corpus"/*.yaml; do
	for t in generic envoy-gateway istio kong nginx-gateway-fabric \
	    traefik kgateway agentgateway; do
		NO_COLOR=1 "$bin" convert --target "$t" "$f" 2>&1 >/dev/null
	done
	NO_COLOR=1 "$bin" lint "$f" 2>&1
done >"$work/all"
# the message of "POS: SEVERITY: MESSAGE [RULE]", counted in characters
LC_ALL=C.UTF-8 awk '
	/: (error|warning|info): / {
		n++
		m = $0
		sub(/^.*: (error|warning|info): /, "", m)
		sub(/ \[[^]]*\]$/, "", m)
		if (length(m) > 120) { bad++; print "too long: " $0 }
	}
	END {
		printf "%d headlines, %d over 120 characters\n", n, bad
		exit (bad > 0 || n == 0)
	}' "$work/all"
