#!/bin/sh
# Route benchmark: for each N, generate N Ingresses, convert them with
# `ing2gw convert`, and measure routing decisions per second on one core
# for the ingress-nginx model (all hosts, and only the hosts in regex
# mode) and for the gateway model on the converted objects.
#
# usage: run_route.sh ING2GW GEN_INGRESSES ROUTE_BENCH N...
#
# Targets (issue 4): >= 1,000,000 decisions/s for the gateway model and
# >= 250,000/s for the ingress-nginx model on regex hosts, at N = 20000;
# time per decision must not grow with N. Missing a target is reported,
# not failed: the exit status is non-zero only when a program fails.
# BENCH_SEED picks the generator seed; BENCH_SECONDS the time per run.
set -u

if [ $# -lt 4 ]; then
	echo "usage: run_route.sh ING2GW GEN_INGRESSES ROUTE_BENCH N..." >&2
	exit 2
fi
ing2gw=$1 gen=$2 bench=$3
shift 3
seed=${BENCH_SEED:-1}
secs=${BENCH_SECONDS:-1}

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-route.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

status=0
for n in "$@"; do
	in=$dir/ing-$n.yaml
	gw=$dir/gw-$n.yaml
	"$gen" "$n" --format yaml --seed "$seed" >"$in" || exit 1
	"$ing2gw" convert "$in" >"$gw" 2>/dev/null
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "route: ing2gw convert failed ($rc) for N=$n" >&2
		exit 1
	fi
	echo "== N=$n"
	out=$(taskset -c 0 "$bench" "$in" "$gw" --seconds "$secs" 2>&1 ||
		"$bench" "$in" "$gw" --seconds "$secs") || status=1
	echo "$out"
	if [ "$n" -ge 20000 ]; then
		echo "$out" | awk '
		/^ingress-nginx \(regex hosts\)/ { r = $6 }
		/^gateway \(all hosts\)/ { g = $6 }
		END {
			printf "target ingress-nginx regex hosts >= 250000/s: %s\n",
				(r >= 250000 ? "met" : "MISSED");
			printf "target gateway >= 1000000/s: %s\n",
				(g >= 1000000 ? "met" : "MISSED");
		}'
	fi
done
exit "$status"
