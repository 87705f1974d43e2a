#!/bin/sh
# Replays generated probes through every *.yaml of a corpus directory:
#   tests/replay_corpus.sh ING2GW CORPUS_DIR
# `ing2gw replay --generate FILE` converts the file and compares the
# ingress-nginx model on the input with the Gateway API model on the
# output. A file fails when replay exits with anything but 0 (no
# difference) or 1 (differences), crashes, or reports a sanitizer error; a
# file without Ingress objects must exit 2 with replay/no-ingress. Prints
# one line per file and a final "N passed, N failed"; exits 1 when any
# file failed, 77 (skip) when the corpus directory is missing.
set -u
bin=$1
corpus=$2
if [ ! -d "$corpus" ]; then
	echo "skip: '$corpus' is missing"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
for f in "$corpus"/*.yaml; do
	name=$(basename "$f")
	"$bin" replay --generate "$f" >"$work/out" 2>"$work/err"
	code=$?
	why=
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$work/err"; then
		why="sanitizer report"
	elif [ "$code" = 2 ] && grep -q 'replay/no-ingress' "$work/err"; then
		:
	elif [ "$code" != 0 ] && [ "$code" != 1 ]; then
		why="exit $code"
	elif ! tail -n 1 "$work/out" | grep -q '^replay: '; then
		why="no summary line"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $name: $why"
		sed 's/^/    /' "$work/err" | head -5
		fail=$((fail + 1))
	else
		echo "ok   $name: $(tail -n 1 "$work/out")"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
