#!/bin/sh
# Every command checks its writes to standard output:
#   tests/stdout_full.sh ING2GW SOURCE_ROOT
# each command, with its output going to /dev/full (every write fails
# with ENOSPC), must exit 2 and say so on stderr, once. Skipped (77)
# where there is no /dev/full.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
[ -c /dev/full ] || { echo "skip: no /dev/full"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ingress=$root/testdata/replay/generate-print-probes/ingress.yaml
gateway=$root/testdata/route/longest-prefix-wins/gateway-api.yaml
diff=$root/testdata/replay/diff-text
fail=0

full() { # ARGS...: ing2gw ARGS >/dev/full exits 2 with one message
	NO_COLOR=1 "$bin" "$@" </dev/null >/dev/full 2>"$work/err"
	rc=$?
	n=$(grep -c 'cannot write to standard output' "$work/err")
	if [ "$rc" = 2 ] && [ "$n" = 1 ]; then
		echo "ok $*"
	else
		echo "FAIL $*: exit $rc, $n messages"
		sed 's/^/	/' "$work/err" | head -5
		fail=1
	fi
}

full --help
full --version
full convert --help
full convert "$ingress"
full convert -o json "$ingress"
full lint "$root/testdata/lint/mixed-sarif/input.yaml"
full lint -o sarif "$gateway"
full lint --list-rules
full route -r 'GET http://shop.example.com/api/' "$ingress"
full route -o json -r 'GET http://shop.example.com/api/items' "$gateway"
full replay --print-probes "$ingress"
full replay --generate "$ingress"
full replay --generate -o json "$ingress"
full replay --ingress-file "$diff/before.yaml" --gateway-file "$diff/after.yaml" \
	--samples "$diff/samples.jsonl"
full annotations
full annotations -o json
exit "$fail"
