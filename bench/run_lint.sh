#!/bin/sh
# Lint benchmark: for each N, generate N Ingresses, convert them to
# Gateway API (ing2gw convert --output-file FILE), then compare `ing2gw lint FILE`
# (best wall time of 3) with libyaml parsing the same file alone (best of
# 3). A second input puts N HTTPRoutes on one Gateway and one hostname
# (every route in one conflict bucket, the worst case of conflict
# detection). Time per input byte at the largest N against the smallest
# shows whether lint (and its conflict detection) grows faster than the
# input.
#
# usage: run_lint.sh ING2GW GEN_INGRESSES PARSE_ONLY PEAK_RSS N...
#
# Targets: lint <= 3x parse-only time; time per byte at the largest N
# within 1.5x of the smallest N ("linear"). Missing a target is reported,
# not failed: the exit status is non-zero only when a program crashes or
# a helper fails. BENCH_KEEP=1 keeps the generated files.
set -u

if [ $# -lt 5 ]; then
	echo "usage: run_lint.sh ING2GW GEN_INGRESSES PARSE_ONLY PEAK_RSS" \
	    "N..." >&2
	exit 2
fi
ing2gw=$1 gen=$2 parse_only=$3 peak_rss=$4
shift 4
runs=3

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-bench-lint.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench: files kept in $dir"
else
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 130' INT TERM
fi
status=0
table=$dir/table
: >"$table"

# same_host N: one Gateway and N HTTPRoutes for one hostname, distinct
# paths, every tenth one an identical duplicate (a conflict to report).
same_host() {
	awk -v n="$1" 'BEGIN {
		print "apiVersion: gateway.networking.k8s.io/v1"
		print "kind: Gateway"
		print "metadata: {name: gw, namespace: infra}"
		print "spec:"
		print "  gatewayClassName: example"
		print "  listeners:"
		print "  - name: http"
		print "    port: 80"
		print "    protocol: HTTP"
		print "    allowedRoutes: {namespaces: {from: All}}"
		for (i = 0; i < n; i++) {
			p = i % 10 == 9 ? i - 1 : i
			print "---"
			print "apiVersion: gateway.networking.k8s.io/v1"
			print "kind: HTTPRoute"
			printf "metadata: {name: r%d, namespace: app}\n", i
			print "spec:"
			print "  parentRefs: [{name: gw, namespace: infra}]"
			print "  hostnames: [shop.example.com]"
			print "  rules:"
			printf "  - matches: [{path: {type: PathPrefix, value: /p%d}}]\n", p
			print "    backendRefs: [{name: web, port: 80}]"
		}
	}'
}

# measure NAME N FILE: one row of the table
measure() {
	name=$1 n=$2 in=$3
	bytes=$(wc -c <"$in" | tr -d ' ')
	if ! p=$("$parse_only" -r "$runs" "$in"); then
		echo "bench: parse_only failed on $in" >&2
		status=1
		return
	fi
	parse_s=${p%% *}
	best='' rss=0 result=ok
	i=0
	while [ $i -lt $runs ]; do
		i=$((i + 1))
		if ! m=$("$peak_rss" "$ing2gw" lint --fail-on error \
		    -o json "$in" 2>"$dir/stderr"); then
			echo "bench: cannot run $ing2gw" >&2
			exit 1
		fi
		read -r t kib code <<-EOF
		$m
		EOF
		case $code in
		sig*)
			echo "bench: ing2gw lint $in killed by $code" >&2
			result=CRASH status=1
			break ;;
		0|1) ;;
		*) result="exit$code" ;;
		esac
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then
			best=$t
		fi
		[ "$kib" -gt "$rss" ] && rss=$kib
	done
	[ -n "$best" ] || best=0
	nfind=$("$ing2gw" lint -o text "$in" 2>/dev/null |
	    grep -c ': \(error\|warning\|info\): ')
	echo "$name $n $bytes $parse_s $best $rss $result $nfind" >>"$table"
}

for n in "$@"; do
	ing=$dir/ing-$n.yaml
	conv=$dir/converted-$n.yaml
	if ! "$gen" "$n" --format yaml --seed 1 >"$ing"; then
		echo "bench: gen_ingresses $n failed" >&2
		status=1
		continue
	fi
	"$ing2gw" convert --output-file "$conv" "$ing" 2>/dev/null
	if [ $? -gt 1 ] || [ ! -s "$conv" ]; then
		echo "bench: ing2gw convert of $n Ingresses failed" >&2
		status=1
		continue
	fi
	measure converted "$n" "$conv"
	same_host "$n" >"$dir/same-host-$n.yaml"
	measure same-host "$n" "$dir/same-host-$n.yaml"
done

awk '
function mb(b) { return sprintf("%.1f MB", b / 1048576) }
BEGIN {
	printf "%-10s %-6s %9s %9s %9s %9s %9s %-5s %s\n", "input", "N",
	    "size", "parse s", "lint s", "ratio", "peak RSS", "run",
	    "findings"
	print "targets: ratio <= 3x (! marks a miss); time per byte not" \
	    " growing with N"
}
{
	name = $1; n = $2; bytes = $3; ps = $4; ls = $5; kib = $6
	ratio = ps > 0 ? ls / ps : 0
	printf "%-10s %-6s %9s %9.3f %9.3f %6.2fx%-2s %9s %-5s %s\n",
	    name, n, mb(bytes), ps, ls, ratio, ratio <= 3 ? "" : " !",
	    mb(kib * 1024), $7, $8
	per = ls / bytes
	if (!(name in lo) || n < lo_n[name]) { lo[name] = per; lo_n[name] = n }
	if (!(name in hi) || n > hi_n[name]) { hi[name] = per; hi_n[name] = n }
}
END {
	for (f in lo) {
		if (hi_n[f] == lo_n[f])
			continue
		g = lo[f] > 0 ? hi[f] / lo[f] : 0
		printf "%s: lint time per byte x%.2f from N=%d to N=%d: %s\n",
		    f, g, lo_n[f], hi_n[f], g <= 1.5 ? "linear" : \
		    "GROWS FASTER THAN INPUT (quadratic?)"
	}
}' "$table"
exit $status
