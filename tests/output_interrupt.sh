#!/bin/sh
# An interrupted `convert --output-file FILE` leaves neither FILE nor its temporary
# file (FILE.tmpXXXXXX) behind:
#   tests/output_interrupt.sh ING2GW
# convert gets a large input (3,000 Ingresses), and SIGTERM, then SIGHUP,
# once its temporary file exists; it must die of that signal, and the
# directory must hold only the input. A run that finishes first is tried
# again with twice the input.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0

gen() { # N: N Ingresses, one document each
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "apiVersion: networking.k8s.io/v1\n" \
			    "kind: Ingress\nmetadata:\n  name: web-%d\n" \
			    "  namespace: ns-%d\nspec:\n" \
			    "  ingressClassName: nginx\n  rules:\n" \
			    "  - host: h%d.example.com\n    http:\n" \
			    "      paths:\n      - path: /p%d\n" \
			    "        pathType: Prefix\n        backend:\n" \
			    "          service: {name: s%d, port: {number: 80}}\n" \
			    "---\n", i, i % 50, i, i, i
	}'
}

# interrupt SIGNAL N: 0 when convert was caught with its temporary file
interrupt() {
	gen "$2" >in.yaml
	"$bin" convert --output-file out.yaml in.yaml 2>/dev/null &
	pid=$!
	i=0
	while [ "$i" -lt 3000 ] && ! ls out.yaml.tmp* >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
		i=$((i + 1))
	done
	seen=$(ls out.yaml.tmp* 2>/dev/null)
	kill "-$1" "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	if [ -z "$seen" ] || [ -e out.yaml ]; then
		rm -f out.yaml out.yaml.tmp*
		return 1	# finished before the signal
	fi
	left=$(ls -A | grep -v '^in\.yaml$')
	if [ "$rc" -gt 128 ] && [ -z "$left" ]; then
		echo "ok $1: died of it ($rc), nothing left"
	else
		echo "FAIL $1: exit $rc, left: $left"
		fail=1
	fi
	rm -f out.yaml.tmp*
	return 0
}

for sig in TERM HUP; do
	n=3000
	until interrupt "$sig" "$n"; do
		n=$((n * 2))
		if [ "$n" -gt 100000 ]; then
			echo "FAIL $sig: convert always finished first"
			fail=1
			break
		fi
	done
done
exit "$fail"
