#!/bin/sh
# Audit benchmark: for each N, generate N Ingresses (a kubectl List in
# YAML) and compare `ing2gw audit FILE` (every target, text; and -o json)
# with `ing2gw convert FILE`, best of 3 each. The audit reads the input
# once and, the generated estate being ingress-nginx's, evaluates the ten
# targets on one lowering per layout (conv_lower_shared: two today).
#
# usage: run_audit.sh ING2GW GEN_INGRESSES PEAK_RSS N...
#
# Target: audit within 2x the time of one convert. Times are CPU seconds
# (user + system, peak_rss --cpu): on a shared machine the wall time
# says more about the neighbours than about ing2gw; the wall times are
# printed too. Missing the target is reported, not failed: the exit
# status is non-zero only when a program crashes or a helper fails.
# BENCH_KEEP=1 keeps the generated files; BENCH_SEED picks the seed.
set -u

if [ $# -lt 4 ]; then
	echo "usage: run_audit.sh ING2GW GEN_INGRESSES PEAK_RSS N..." >&2
	exit 2
fi
ing2gw=$1 gen=$2 peak_rss=$3
shift 3
seed=${BENCH_SEED:-1}
runs=3

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-bench.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench: files kept in $dir"
else
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 130' INT TERM
fi
status=0
table=$dir/table
: >"$table"

# best CPU and wall seconds of $runs runs, and the peak RSS: "CPU WALL
# KIB", or "crash" when a signal killed the program
measure() {
	best_cpu='' best_wall='' rss=0
	i=0
	while [ $i -lt $runs ]; do
		i=$((i + 1))
		if ! m=$("$peak_rss" --cpu "$@" 2>/dev/null); then
			echo "bench: cannot run $1" >&2
			exit 1
		fi
		read -r wall kib code cpu <<-EOF
		$m
		EOF
		case $code in
		0|1) ;;
		sig*)
			echo "bench: $* killed by $code" >&2
			echo crash
			return ;;
		*)
			echo "bench: $* exited $code" >&2 ;;
		esac
		if [ -z "$best_cpu" ] ||
		    awk "BEGIN { exit !($cpu < $best_cpu) }"; then
			best_cpu=$cpu
		fi
		if [ -z "$best_wall" ] ||
		    awk "BEGIN { exit !($wall < $best_wall) }"; then
			best_wall=$wall
		fi
		[ "$kib" -gt "$rss" ] && rss=$kib
	done
	echo "$best_cpu $best_wall $rss"
}

for n in "$@"; do
	in=$dir/ing-$n.yaml
	if ! "$gen" "$n" --format yaml --seed "$seed" >"$in"; then
		echo "bench: gen_ingresses $n failed" >&2
		status=1
		continue
	fi
	bytes=$(wc -c <"$in" | tr -d ' ')
	c=$(measure "$ing2gw" convert "$in") || exit 1
	a=$(measure "$ing2gw" audit "$in") || exit 1
	j=$(measure "$ing2gw" audit -o json "$in") || exit 1
	case "$c $a $j" in
	*crash*) status=1; continue ;;
	esac
	echo "$n $bytes $c $a $j" >>"$table"
done

awk '
function mb(b) { return sprintf("%.1f MB", b / 1048576) }
BEGIN {
	printf "%-6s %9s %10s %10s %10s %7s %7s %12s\n", "N", "input",
	    "convert s", "audit s", "json s", "ratio", "json", "audit RSS"
	print "CPU seconds, best of 3 (wall in brackets); target: audit <= 2x convert (! marks a miss)"
}
{
	n = $1; bytes = $2
	cc = $3; cw = $4; ac = $6; aw = $7; ak = $8; jc = $9; jw = $10
	r = cc > 0 ? ac / cc : 0; rj = cc > 0 ? jc / cc : 0
	printf "%-6s %9s %10.2f %10.2f %10.2f %6.2fx%s %6.2fx%s %12s\n",
	    n, mb(bytes), cc, ac, jc, r, r <= 2 ? " " : "!", rj,
	    rj <= 2 ? " " : "!", mb(ak * 1024)
	printf "%-6s %9s %10s %10s %10s\n", "", "",
	    sprintf("[%.2f]", cw), sprintf("[%.2f]", aw), sprintf("[%.2f]", jw)
}' "$table"

exit $status
