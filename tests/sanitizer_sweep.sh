#!/bin/sh
# Runs every input of testdata/ (all areas) and of the real-world corpus
# through every command that takes it, and fails on a crash:
#   tests/sanitizer_sweep.sh ING2GW SOURCE_ROOT CORPUS_DIR
# For each input: convert; lint of the input and of the conversion; one
# probe (the first of `replay --print-probes`, else GET http://HOST/)
# routed through the input; `replay --generate` (which routes the probes
# through the conversion too); and, for a sample file beside an
# ingress.yaml, `replay --samples`; `audit` (every target's lowering and
# emitter). Then the corpus as one estate (one input: objects of many
# files meet), through convert (shared, listenerset, each target with an
# emitter; --force: some of its Ingresses are errors), lint of the
# conversion, audit and replay --generate. Exit codes 0, 1 and 2 are
# answers; anything else (a signal, a sanitizer's exit code, a hang past
# the timeout) or a sanitizer report on stderr is a failure. Meant for the sanitizer build, but runs in any.
# Without the corpus directory, testdata/ is still swept: a failure fails,
# else the test is skipped (77) like the other corpus tests.
set -u

# ----- one worker: tests/sanitizer_sweep.sh --one ING2GW WORK FILE...
# ----- or the estate: tests/sanitizer_sweep.sh --estate ING2GW WORK DIR CFG
estate=
[ "$1" = --estate ] && estate=1
if [ "$1" = --one ] || [ "$estate" ]; then
	bin=$2
	work=$3
	shift 3
	tmp=$(mktemp -d "$work/w.XXXXXX")
	limit=
	command -v timeout >/dev/null 2>&1 && limit="timeout -k 5 60"

	# check WHAT FILE ARG...: runs ing2gw ARG..., stdout to $out
	check() {
		what=$1
		file=$2
		shift 2
		$limit "$bin" "$@" </dev/null >"$out" 2>"$tmp/err"
		rc=$?
		why=
		if [ -s "$tmp/err" ] && grep -q -e 'ERROR: AddressSanitizer' \
		    -e 'ERROR: LeakSanitizer' -e 'runtime error:' \
		    -e 'UndefinedBehaviorSanitizer' "$tmp/err"; then
			why="sanitizer report (exit $rc)"
		elif [ "$rc" -gt 2 ]; then
			why="exit $rc"
		fi
		[ -z "$why" ] && return 0
		echo "FAIL: $file: $what: $why"
		echo "	ing2gw $*"
		sed 's/^/	/' "$tmp/err" | head -20
		return 1
	}

	if [ "${estate:-}" ]; then
		# the corpus as one estate: $1 the directory, $2 the
		# configuration that leaves out its conflicting copies
		d=$1 cfg=$2
		out=$tmp/conv.yaml
		for t in generic envoy-gateway istio kong nginx-gateway-fabric; do
			check "convert --target $t (estate)" "$d" convert \
			    -c "$cfg" --force --target "$t" "$d" &&
			[ -s "$tmp/conv.yaml" ] && out=$tmp/out &&
				check "lint --target $t of the estate's conversion" \
				    "$d" lint --target "$t" "$tmp/conv.yaml"
			out=$tmp/conv.yaml
		done
		out=$tmp/out
		check "convert --layout listenerset (estate)" "$d" convert \
		    -c "$cfg" --force --layout listenerset "$d"
		check "audit (estate)" "$d" audit -c "$cfg" "$d"
		check "replay --generate (estate)" "$d" replay -c "$cfg" \
		    --generate "$d"
		rm -rf "$tmp"
		exit 0
	fi
	for f in "$@"; do
		dir=${f%/*}
		out=$tmp/conv.yaml
		check convert "$f" convert "$f"
		out=$tmp/out
		check lint "$f" lint "$f"
		[ -s "$tmp/conv.yaml" ] &&
			check "lint of the conversion" "$f" lint "$tmp/conv.yaml"
		check "replay --print-probes" "$f" replay --print-probes "$f"
		probe=
		read -r probe <"$tmp/out"
		header=
		case $probe in
		*' ('*')')
			header=${probe#* (}
			header=${header%)}
			probe=${probe%% (*}
			;;
		esac
		if [ -z "$probe" ]; then
			host=$(sed -n 's/^[ -]*host: *["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p' \
				"$f" 2>/dev/null | head -n 1)
			probe="GET http://${host:-example.com}/"
		fi
		set -- -r "$probe"
		[ -n "$header" ] && set -- "$@" -H "$header"
		check route "$f" route "$@" "$f"
		check "replay --generate" "$f" replay --generate "$f"
		check audit "$f" audit "$f"
		case $f in
		*.jsonl|*.log|*/samples*.yaml)
			[ -f "$dir/ingress.yaml" ] &&
				check "replay --samples" "$f" replay \
					--samples "$f" "$dir/ingress.yaml"
			;;
		esac
		echo "done: $f"
	done
	rm -rf "$tmp"
	exit 0
fi

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
corpus=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Inputs: what the golden cases feed the commands, not their expectations.
find "$root/testdata" -type f \( -name '*.yaml' -o -name '*.yml' \
    -o -name '*.json' -o -name '*.jsonl' -o -name '*.log' \
    -o -name stdin \) >"$work/found"
[ -d "$corpus" ] && find "$corpus" -type f -name '*.yaml' >>"$work/found"
# A copy (same bytes, same suffix) goes through the same code: swept
# once. Sample files are kept, each beside its own ingress.yaml.
tr '\n' '\0' <"$work/found" | xargs -0 cksum |
	awk '{ f = $0; sub(/^[0-9]+ [0-9]+ /, "", f); sfx = f
		sub(/.*\//, "", sfx); sub(/^[^.]*/, "", sfx)
		if (f ~ /\.jsonl$|\.log$|\/samples[^\/]*\.yaml$/ ||
		    !seen[$1 " " $2 " " sfx]++) print f }' >"$work/inputs"
total=$(wc -l <"$work/inputs")

# A report exits with its own code; keep it distinct from 0, 1 and 2.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87"
export NO_COLOR=1

tr '\n' '\0' <"$work/inputs" |
	xargs -0 -n 16 -P 2 sh "$0" --one "$bin" "$work" >"$work/log" 2>&1
done=$(grep -c '^done: ' "$work/log")
failed=$(grep -c '^FAIL: ' "$work/log")
grep -v '^done: ' "$work/log"
echo "$total inputs, $done swept, $failed failures"
[ "$failed" -eq 0 ] && [ "$done" -eq "$total" ] || exit 1
if [ -d "$corpus" ]; then
	if ! sh "$0" --estate "$bin" "$work" "$corpus" \
	    "$root/testdata/examples/real-world-estate.ing2gw.yaml" \
	    >"$work/estate" 2>&1; then
		cat "$work/estate"
		exit 1
	fi
	if grep -q '^FAIL: ' "$work/estate"; then
		cat "$work/estate"
		exit 1
	fi
	echo "the corpus as one estate: swept"
fi
if [ ! -d "$corpus" ]; then
	echo "skip: no corpus at '$corpus' (testdata/ passed)"
	exit 77
fi
