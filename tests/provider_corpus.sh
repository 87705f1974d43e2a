#!/bin/sh
# A controller's own manifests (testdata/corpus/NAME: its documentation,
# examples and test fixtures, each with its source URL on the first
# line), converted with its rules:
#   tests/provider_corpus.sh ING2GW CORPUS_DIR PROVIDER [REPLAY_OPTION...]
# A file fails when its first line is not "# source: https://...", when
# `convert --provider PROVIDER` exits with anything but 0 or 1 or its
# output does not lint without errors, or when `replay --generate --model
# PROVIDER [REPLAY_OPTION...]` finds a difference that no known
# difference of the controller explains. (tests/corpus.sh checks the
# output against the CRDs.) Prints one line per file and "N passed, N
# failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$2
provider=$3
shift 3		# the rest: options of replay
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
for f in "$corpus"/*.yaml; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	why=
	if ! head -n 1 "$f" | grep -q '^# source: https://'; then
		why="no '# source: URL' on the first line"
	fi
	if [ -z "$why" ]; then
		NO_COLOR=1 "$bin" convert --provider "$provider" --force \
			--output-file "$work/out.yaml" "$f" </dev/null \
			2>"$work/err"
		rc=$?
		if [ "$rc" -gt 1 ]; then
			why="convert exit $rc"
		elif grep -q -e 'Sanitizer' -e 'runtime error:' "$work/err"
		then
			why="sanitizer report"
		elif [ -s "$work/out.yaml" ] && ! NO_COLOR=1 "$bin" lint \
		    --fail-on error "$work/out.yaml" >"$work/lint" 2>&1; then
			why="the conversion does not lint clean"
			cat "$work/lint" >>"$work/err"
		fi
	fi
	if [ -z "$why" ]; then
		NO_COLOR=1 "$bin" replay --generate --model "$provider" \
			"$@" "$f" \
			>"$work/replay" 2>"$work/err"
		rc=$?
		summary=$(tail -n 1 "$work/replay")
		differ=$(echo "$summary" | sed -n 's/.* \([0-9]*\) differ.*/\1/p')
		explained=$(echo "$summary" |
			sed -n 's/.*(\([0-9]*\) explained).*/\1/p')
		if [ "$rc" -gt 1 ] || [ -z "$differ" ]; then
			why="replay exit $rc"
		elif grep -q -e 'Sanitizer' -e 'runtime error:' "$work/err"
		then
			why="sanitizer report (replay)"
		elif [ "$differ" != "${explained:-0}" ]; then
			why="replay: unexplained differences ($summary)"
			grep -v 'explained:' "$work/replay" | head -20 \
				>>"$work/err"
		fi
	fi
	if [ -n "$why" ]; then
		echo "FAIL $name: $why"
		sed 's/^/    /' "$work/err" | head -20
		fail=$((fail + 1))
	else
		echo "ok   $name: ${summary:-}"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
