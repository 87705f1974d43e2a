#!/bin/sh
# Lint benchmark for one long list: a CORS filter whose allowOrigins has N
# entries (the schema allows 64; every tenth entry repeats the one before
# it, a duplicate to report). Lint checks the list's values for
# duplicates; that check was quadratic (200,000 origins took over ten
# minutes). For each N: the best wall time of 3 lint runs, peak RSS, and
# the time per entry; the time per entry at the largest N against the
# smallest says whether lint grows faster than the list.
#
# usage: run_lint_cors.sh ING2GW PEAK_RSS N...
#
# Target: time per entry at the largest N within 1.5x of the smallest N
# ("linear"). Missing it is reported, not failed: the exit status is
# non-zero only when lint crashes or a helper fails.
set -u

if [ $# -lt 3 ]; then
	echo "usage: run_lint_cors.sh ING2GW PEAK_RSS N..." >&2
	exit 2
fi
ing2gw=$1 peak_rss=$2
shift 2
runs=3

dir=$(mktemp -d "${TMPDIR:-/tmp}/ing2gw-bench-cors.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
status=0
table=$dir/table
: >"$table"

# origins N: one HTTPRoute with a CORS filter of N origins
origins() {
	awk -v n="$1" 'BEGIN {
		print "apiVersion: gateway.networking.k8s.io/v1"
		print "kind: HTTPRoute"
		print "metadata: {name: web, namespace: app}"
		print "spec:"
		print "  rules:"
		print "  - filters:"
		print "    - type: CORS"
		print "      cors:"
		print "        allowOrigins:"
		for (i = 0; i < n; i++)
			printf "        - https://o%d.example.com\n",
			    i % 10 == 9 ? i - 1 : i
		print "    backendRefs: [{name: web, port: 80}]"
	}'
}

for n in "$@"; do
	in=$dir/cors-$n.yaml
	origins "$n" >"$in"
	best='' rss=0 result=ok
	i=0
	while [ $i -lt $runs ]; do
		i=$((i + 1))
		if ! m=$("$peak_rss" "$ing2gw" lint -f json "$in" \
		    2>"$dir/stderr"); then
			echo "bench: cannot run $ing2gw" >&2
			exit 1
		fi
		read -r t kib code <<-END
		$m
		END
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
	echo "$n $best $rss $result" >>"$table"
done

awk '
BEGIN {
	printf "%-8s %9s %12s %9s %s\n", "origins", "lint s", "us/origin",
	    "peak RSS", "run"
}
{
	n = $1; s = $2; per = s / n
	printf "%-8s %9.3f %12.3f %6.1f MB %s\n", n, s, per * 1e6,
	    $3 / 1024, $4
	if (!lo_n || n < lo_n) { lo = per; lo_n = n }
	if (!hi_n || n > hi_n) { hi = per; hi_n = n }
}
END {
	if (hi_n == lo_n)
		exit
	g = lo > 0 ? hi / lo : 0
	printf "lint time per origin x%.2f from N=%d to N=%d: %s\n", g, lo_n,
	    hi_n, g <= 1.5 ? "linear" : "GROWS FASTER THAN THE LIST (quadratic?)"
}' "$table"
exit $status
