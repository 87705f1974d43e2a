#!/bin/sh
# Convert benchmark: for each N, generate N Ingresses as YAML and as JSON,
# then compare `ing2gw convert FILE` (best wall time of 3, best CPU time of
# 3, peak RSS) with libyaml parsing the same file alone (best of 3 wall
# and CPU times, events only), each parse run just before a conversion.
#
# usage: run_convert.sh ING2GW GENERATOR PARSE_ONLY PEAK_RSS N...
#
# GENERATOR is gen_ingresses (N --format F --seed S), or a Python script
# ending in .py that takes N [SEED] and writes YAML only, such as
# ../shared/bench/gen-distinct-hosts.py (run with $PYTHON, default
# python3; a missing script skips the benchmark: exit 77).
#
# Targets: convert <= 3x parse-only time, peak RSS < 8x the input size,
# RSS per input byte not growing with N. The time ratio that decides is
# the CPU one (user + system time of convert over the parse's CPU time):
# wall times move with whatever else the machine runs; the wall ratio is
# printed beside it. Missing a target is reported, not failed: the exit
# status is non-zero only when a program crashes (killed by a signal) or a
# helper fails. BENCH_KEEP=1 keeps the generated files (their directory is
# printed); BENCH_SEED picks the generator seed; BENCH_FORMATS the input
# formats (default "yaml json"); BENCH_RUNS the runs (default 3).
set -u

if [ $# -lt 5 ]; then
	echo "usage: run_convert.sh ING2GW GENERATOR PARSE_ONLY" \
	    "PEAK_RSS N..." >&2
	exit 2
fi
ing2gw=$1 gen=$2 parse_only=$3 peak_rss=$4
shift 4
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-3}
formats=${BENCH_FORMATS:-yaml json}
case $gen in
*.py)
	if [ ! -f "$gen" ]; then
		echo "bench: $gen is absent: skipped" >&2
		exit 77
	fi
	formats=yaml ;;
esac

# generate N FORMAT: the input file on stdout
generate() {
	case $gen in
	*.py) "${PYTHON:-python3}" "$gen" "$1" "$seed" ;;
	*) "$gen" "$1" --format "$2" --seed "$seed" ;;
	esac
}

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

for n in "$@"; do
	for fmt in $formats; do
		in=$dir/ing-$n.$fmt
		if ! generate "$n" "$fmt" >"$in"; then
			echo "bench: $gen $n ($fmt) failed" >&2
			status=1
			continue
		fi
		bytes=$(wc -c <"$in" | tr -d ' ')

		best='' cpu='' rss=0 result=ok parse_s='' parse_cpu=''
		i=0
		while [ $i -lt $runs ]; do
			i=$((i + 1))
			# a parse, then a conversion: the two see the same
			# machine, whatever else it runs meanwhile
			if ! p=$("$parse_only" -r 1 "$in"); then
				echo "bench: parse_only failed on $in" >&2
				status=1
				continue 2
			fi
			ps=${p%% *} pc=${p##* }
			if [ -z "$parse_s" ] ||
			    awk "BEGIN { exit !($ps < $parse_s) }"; then
				parse_s=$ps
			fi
			if [ -z "$parse_cpu" ] ||
			    awk "BEGIN { exit !($pc < $parse_cpu) }"; then
				parse_cpu=$pc
			fi
			if ! m=$("$peak_rss" -c "$ing2gw" convert "$in" \
			    2>"$dir/stderr"); then
				echo "bench: cannot run $ing2gw" >&2
				exit 1
			fi
			read -r t kib code c <<-EOF
			$m
			EOF
			case $code in
			sig*)
				echo "bench: ing2gw convert $in killed" \
				    "by $code" >&2
				tail -n 5 "$dir/stderr" >&2
				result=CRASH status=1
				break ;;
			0|1) ;;
			*)
				echo "bench: ing2gw convert $in exited" \
				    "$code:" >&2
				tail -n 5 "$dir/stderr" >&2
				result="exit$code" ;;
			esac
			if [ -z "$best" ] ||
			    awk "BEGIN { exit !($t < $best) }"; then
				best=$t
			fi
			if [ -z "$cpu" ] ||
			    awk "BEGIN { exit !($c < $cpu) }"; then
				cpu=$c
			fi
			[ "$kib" -gt "$rss" ] && rss=$kib
		done
		[ -n "$best" ] || best=0
		[ -n "$cpu" ] || cpu=0
		ndiag=$(wc -l <"$dir/stderr" | tr -d ' ')
		echo "$n $fmt $bytes $parse_s $best $rss $result $ndiag $cpu" \
		    "$parse_cpu" \
		    >>"$table"
	done
done

awk '
function mb(b) { return sprintf("%.1f MB", b / 1048576) }
{
	n = $1; fmt = $2; bytes = $3; ps = $4; cs = $5; kib = $6; cpu = $9
	pcpu = $10
	ratio = ps > 0 ? cs / ps : 0
	cratio = pcpu > 0 ? cpu / pcpu : 0
	per = kib * 1024 / bytes
	printf "%-6s %-4s %9s %8.3f %8.3f %6.2fx %8.3f %8.3f %6.2fx%-2s %9s %6.2fx%-2s %-5s %s\n",
	    n, fmt, mb(bytes), ps, cs, ratio, pcpu, cpu, cratio,
	    cratio <= 3 ? "" : " !",
	    mb(kib * 1024), per, per < 8 ? "" : " !", $7, $8
	if (!(fmt in lo) || n < lo_n[fmt]) { lo[fmt] = per; lo_n[fmt] = n
		lo_b[fmt] = bytes; lo_k[fmt] = kib; lo_c[fmt] = cpu }
	if (!(fmt in hi) || n > hi_n[fmt]) { hi[fmt] = per; hi_n[fmt] = n
		hi_b[fmt] = bytes; hi_k[fmt] = kib; hi_c[fmt] = cpu }
}
BEGIN {
	printf "%-6s %-4s %9s %8s %8s %7s %8s %8s %9s %9s %8s %-5s %s\n",
	    "N", "fmt", "input", "parse s", "wall s", "ratio", "parse cpu",
	    "cpu s", "cpu ratio", "peak RSS", "RSS/in", "run",
	    "stderr lines"
	print "targets: cpu ratio <= 3x, RSS/input < 8x (! marks a miss)"
}
END {
	for (f in lo) {
		if (hi_n[f] == lo_n[f])
			continue
		marg = (hi_k[f] - lo_k[f]) * 1024 / (hi_b[f] - lo_b[f])
		verdict = hi[f] <= lo[f] * 1.15 ? "linear" : \
		    "GROWS FASTER THAN INPUT"
		printf "%s RSS per input byte: %.2f at N=%d, %.2f at N=%d,",
		    f, lo[f], lo_n[f], hi[f], hi_n[f]
		printf " marginal %.2f: %s\n", marg, verdict
		lc = lo_c[f] * 1048576 / lo_b[f]; hc = hi_c[f] * 1048576 / hi_b[f]
		printf "%s CPU ms per input MB: %.1f at N=%d, %.1f at N=%d: %s\n",
		    f, lc * 1000, lo_n[f], hc * 1000, hi_n[f],
		    hc <= lc * 1.3 ? "linear" : "GROWS FASTER THAN INPUT"
	}
}' "$table"

exit $status
