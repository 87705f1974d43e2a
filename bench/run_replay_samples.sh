#!/bin/sh
# Replay streaming benchmark: `ing2gw replay --samples FILE.jsonl` for JSON
# Lines files of each N lines (one request a line, a tenth of them routed
# differently by the two configurations so that the report is written as
# it goes). Prints wall time, requests per second and peak RSS per N.
#
# usage: run_replay_samples.sh ING2GW PEAK_RSS N...
#
# Target: constant memory, i.e. the peak RSS of the largest N is within
# 1.25x (+ 2 MiB) of the smallest. Missing it is reported, not failed: the
# exit status is non-zero only when a program crashes or a helper fails.
# BENCH_KEEP=1 keeps the generated files (their directory is printed).
set -u

if [ $# -lt 3 ]; then
	echo "usage: run_replay_samples.sh ING2GW PEAK_RSS N..." >&2
	exit 2
fi
ing2gw=$1 peak_rss=$2
shift 2

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-bench-replay.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench: files kept in $dir"
else
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 130' INT TERM
fi

# Two configurations that differ on /api/v2 only.
config() {
	cat <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: c
  listeners:
  - {name: http, port: 80, protocol: HTTP,
     allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
  - backendRefs: [{name: web, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: api, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: $1}}]
    backendRefs: [{name: api-v2, port: 8080}]
YAML
}
config /api/v2 >"$dir/ingress.yaml"
config /api/v3 >"$dir/gateway.yaml"

status=0
first_rss=
printf '%10s %10s %12s %12s\n' lines seconds requests/s peak_rss_KiB
for n in "$@"; do
	in=$dir/samples-$n.jsonl
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++) {
			p = i % 10 == 0 ? "/api/v2/items" : \
			    i % 2 ? "/api/orders" : "/";
			printf "{\"method\": \"GET\", \"url\": " \
			    "\"http://shop.example.com%s?id=%d\", " \
			    "\"headers\": {\"X-Trace\": \"%d\"}}\n", p, i, i
		}
	}' >"$in" || { echo "bench: cannot write $in" >&2; exit 1; }
	if ! m=$("$peak_rss" "$ing2gw" replay --ingress-file "$dir/ingress.yaml" \
	    --gateway-file "$dir/gateway.yaml" --samples "$in" \
	    2>"$dir/stderr"); then
		echo "bench: cannot run $ing2gw" >&2
		exit 1
	fi
	set -- $m "$@"
	secs=$1 rss=$2 code=$3
	shift 3
	case $code in
	sig*) echo "bench: replay of $n lines killed by $code" >&2
	      cat "$dir/stderr" >&2
	      status=1 ;;
	esac
	rate=$(awk -v n="$n" -v s="$secs" \
	    'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
	printf '%10s %10s %12s %12s\n' "$n" "$secs" "$rate" "$rss"
	[ -z "$first_rss" ] && first_rss=$rss
	last_rss=$rss
	rm -f "$in"
done
if [ "$last_rss" -le $((first_rss * 5 / 4 + 2048)) ]; then
	echo "constant memory: ok (${first_rss} KiB -> ${last_rss} KiB)"
else
	echo "constant memory: MISSED (${first_rss} KiB -> ${last_rss} KiB)"
fi
exit $status
