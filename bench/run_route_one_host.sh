#!/bin/sh
# Routing model load on one host: N Ingresses sharing one hostname, each
# under paths of its own (gen_ingresses --hosts 1). For each N, the CPU
# time and peak RSS of `ing2gw route --model ingress-nginx` on the
# Ingresses, and of `ing2gw route --model gateway` on their conversion
# (convert --force), one request each: the time is the loading of the
# models (replay loads the same ones).
#
# usage: run_route_one_host.sh ING2GW GEN_INGRESSES PEAK_RSS N...
#
# Target: the ingress-nginx model within 3x of the gateway model at
# every N, and its CPU time per Ingress not growing with N. Missing a
# target is reported, not failed: the exit status is non-zero only when
# a program fails. BENCH_SEED picks the generator seed.
set -u

if [ $# -lt 4 ]; then
	echo "usage: run_route_one_host.sh ING2GW GEN_INGRESSES PEAK_RSS" \
	    "N..." >&2
	exit 2
fi
ing2gw=$1 gen=$2 peak_rss=$3
shift 3
seed=${BENCH_SEED:-1}

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-onehost.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

# cpu MODEL FILE: "CPU_SECONDS PEAK_KIB" of one route, or exit 1
cpu() {
	m=$("$peak_rss" -c "$ing2gw" route --model "$1" \
	    --request 'GET http://shop-0.example.com/' "$2" \
	    2>"$dir/stderr") || exit 1
	set -- $m
	case $3 in
	0|1) ;;
	*) echo "bench: route --model $1 exited $3:" >&2
	   tail -n 5 "$dir/stderr" >&2
	   exit 1 ;;
	esac
	echo "$4 $2"
}

printf '%-7s %9s %11s %9s %11s %9s %7s %s\n' N input "nginx cpu" "RSS" \
    "gateway cpu" RSS ratio "nginx us/Ingress"
status=0
for n in "$@"; do
	in=$dir/ing-$n.yaml gw=$dir/gw-$n.yaml
	"$gen" "$n" --hosts 1 --seed "$seed" >"$in" || exit 1
	"$ing2gw" convert --force "$in" >"$gw" 2>/dev/null
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "bench: ing2gw convert failed ($rc) for N=$n" >&2
		exit 1
	fi
	r=$(cpu ingress-nginx "$in") || exit 1
	g=$(cpu gateway "$gw") || exit 1
	set -- $r $g
	awk -v n="$n" -v b="$(wc -c <"$in")" -v nc="$1" -v nk="$2" \
	    -v gc="$3" -v gk="$4" 'BEGIN {
		ratio = gc > 0 ? nc / gc : 0
		printf "%-7s %7.1fMB %10.3fs %7.0fMB %10.3fs %7.0fMB %6.2fx%s %.1f\n",
		    n, b / 1048576, nc, nk / 1024, gc, gk / 1024, ratio,
		    ratio <= 3 ? "" : " !", nc * 1e6 / n
	}'
done
echo "target: ingress-nginx model <= 3x the gateway model (! marks a miss)"
exit "$status"
