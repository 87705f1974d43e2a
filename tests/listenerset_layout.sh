#!/bin/sh
# One address for an estate: --layout listenerset against the split shared
# layout, on N Ingresses with distinct TLS hosts (the shared generator):
#   tests/listenerset_layout.sh ING2GW CRDCHECK CRD_DIR PYTHON GENERATOR N
# Checks that
#   - the shared layout needs several Gateways (else N is too small to
#     say anything) and warns convert/many-addresses; the listenerset
#     layout gives one Gateway and does not warn;
#   - every object of both outputs is valid against the CRDs (crdcheck);
#   - replay --generate of the Ingresses reports the same differences,
#     field by field and with the same explanations, through either
#     output, and none unexplained;
#   - the probes replayed through the two outputs (the Gateway model on
#     both sides) decide alike.
# Prints each step with its time in milliseconds; exits 1 on a failed
# check, 77 (skip) without the generator, the CRDs or Python.
set -u
bin=$1 crdcheck=$2 crds=$3 python=$4 gen=$5 n=$6
if [ ! -f "$gen" ] || [ ! -d "$crds" ] || [ ! -x "$python" ]; then
	echo "skip: '$gen', '$crds' or '$python' is missing"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

now() { date +%s%N; }
# step NAME COMMAND...: runs it, prints its time, keeps its exit status
step() {
	name=$1
	shift
	t0=$(now)
	"$@"
	rc=$?
	echo "$name: $(( ($(now) - t0) / 1000000 )) ms (exit $rc)"
	return $rc
}
bad() {
	echo "FAIL: $*"
	fail=1
}

step generate sh -c '"$1" "$2" "$3" >"$4"' sh "$python" "$gen" "$n" \
	"$work/in.yaml" || exit 1
step convert-shared sh -c 'NO_COLOR=1 "$1" convert "$2" >"$3" 2>"$4"' sh \
	"$bin" "$work/in.yaml" "$work/split.yaml" "$work/split.err"
[ $? -le 1 ] || { bad "convert (shared) failed"; cat "$work/split.err"; }
step convert-listenerset sh -c 'NO_COLOR=1 "$1" convert --layout \
	listenerset "$2" >"$3" 2>"$4"' sh "$bin" "$work/in.yaml" \
	"$work/ls.yaml" "$work/ls.err"
[ $? -le 1 ] || { bad "convert (listenerset) failed"; cat "$work/ls.err"; }

gws_split=$(grep -c '^kind: Gateway$' "$work/split.yaml")
gws_ls=$(grep -c '^kind: Gateway$' "$work/ls.yaml")
sets=$(grep -c '^kind: ListenerSet$' "$work/ls.yaml")
echo "shared layout: $gws_split Gateways; listenerset layout: $gws_ls" \
	"Gateway, $sets ListenerSets"
[ "$gws_split" -ge 2 ] || bad "N=$n gives one Gateway in the shared layout"
[ "$gws_ls" -eq 1 ] || bad "the listenerset layout has $gws_ls Gateways"
[ "$sets" -ge 1 ] || bad "the listenerset layout has no ListenerSet"
grep -q '\[convert/many-addresses\]$' "$work/split.err" ||
	bad "no convert/many-addresses warning for $gws_split Gateways"
if grep -q '\[convert/many-addresses\]$' "$work/ls.err"; then
	bad "convert/many-addresses with --layout listenerset"
fi

step crdcheck sh -c '"$1" "$2" "$3" "$4" >"$5" 2>&1' sh "$crdcheck" \
	"$crds" "$work/ls.yaml" "$work/split.yaml" "$work/crd" ||
	{ bad "objects invalid against the CRDs"; head -20 "$work/crd"; }

step replay-shared sh -c 'NO_COLOR=1 "$1" replay -o json --ingress-file "$2" \
	--gateway-file "$3" --generate >"$4" 2>/dev/null' sh "$bin" \
	"$work/in.yaml" "$work/split.yaml" "$work/split.json"
[ $? -le 1 ] || bad "replay through the shared layout failed"
step replay-listenerset sh -c 'NO_COLOR=1 "$1" replay -o json --ingress-file \
	"$2" --gateway-file "$3" --generate >"$4" 2>/dev/null' sh "$bin" \
	"$work/in.yaml" "$work/ls.yaml" "$work/ls.json"
[ $? -le 1 ] || bad "replay through the listenerset layout failed"
# the summary members, one a line at the end of the report
field() {
	sed -n "s/^ *\"$1\": \([0-9]*\),\{0,1\}\$/\1/p" "$work/ls.json" | tail -1
}
requests=$(field requests) differ=$(field differ) explained=$(field explained)
echo "replay (listenerset): $requests requests, $differ differ," \
	"$explained explained"
if ! cmp -s "$work/split.json" "$work/ls.json"; then
	bad "replay reports differ between the layouts"
	diff "$work/split.json" "$work/ls.json" | head -20
fi
[ -n "$differ" ] && [ "$differ" = "$explained" ] && [ "${requests:-0}" -gt 0 ] ||
	bad "unexplained differences: $differ differ, $explained explained"

# The probes through both outputs, the Gateway model on each side.
NO_COLOR=1 "$bin" replay --ingress-file "$work/in.yaml" --gateway-file \
	"$work/ls.yaml" --print-probes 2>/dev/null >"$work/probes.txt"
if awk 'NF != 2 { exit 1 }' "$work/probes.txt"; then
	awk '{ printf "{\"method\": \"%s\", \"url\": \"%s\"}\n", $1, $2 }' \
		"$work/probes.txt" >"$work/probes.jsonl"
else
	bad "a probe has more than a method and a URL"
fi
step replay-gateway-vs-gateway sh -c 'NO_COLOR=1 "$1" replay --ingress-file \
	"$2" --gateway-file "$3" --samples "$4" >"$5" 2>&1' sh "$bin" \
	"$work/split.yaml" "$work/ls.yaml" "$work/probes.jsonl" "$work/gg"
rc=$?
tail -1 "$work/gg"
if [ $rc -ne 0 ] || ! grep -q ' 0 differ' "$work/gg"; then
	bad "the two outputs decide differently (exit $rc)"
	head -20 "$work/gg"
fi
[ $fail = 0 ] && echo "ok: N=$n"
exit $fail
