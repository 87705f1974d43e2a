#!/bin/sh
# Continuous fuzzing: runs each libFuzzer target in rounds until its
# coverage stops growing (a plateau), keeping what it finds in a corpus
# that the next run starts from.
#
#   run_fuzz.sh SOURCE_DIR WORK_DIR FUZZ_TARGET...
#
# FUZZ_TARGET is a libFuzzer executable (build-fuzz/fuzz/fuzz_<target>).
# WORK_DIR keeps, per target, corpus/<target>/ (grows from run to run),
# artifacts/<target>/ (crash-*, leak-*, timeout-*, oom-*; a round reports
# the ones it wrote) and the round logs; seeds/ is made once by
# fuzz/seed.sh from the golden cases and the shared corpora.
#
# A round runs a target for FUZZ_ROUND seconds (default 60). A target has
# plateaued when FUZZ_PLATEAU rounds in a row (default 3) added less than
# FUZZ_MIN_GAIN per mille (default 5) to its features (libFuzzer's "ft",
# edges and their hit counts); it stops then, at FUZZ_MAX seconds
# (default 1800), or at its first finding. FUZZ_TARGETS="doc route"
# picks targets by name; FUZZ_RSS (MB, default 2048) and FUZZ_TIMEOUT
# (seconds per input, default 10) bound each input.
#
# Prints a line per round and a summary per target; exits 1 when any
# target found a crash, a leak, a timeout or an out-of-memory input (see
# fuzz/README.md to reproduce it and add it to fuzz/regressions), 2 on
# usage errors.
set -u

if [ $# -lt 3 ]; then
	echo "usage: run_fuzz.sh SOURCE_DIR WORK_DIR FUZZ_TARGET..." >&2
	exit 2
fi
src=$1 work=$2
shift 2
round=${FUZZ_ROUND:-60}
plateau=${FUZZ_PLATEAU:-3}
min_gain=${FUZZ_MIN_GAIN:-5}
max=${FUZZ_MAX:-1800}
rss=${FUZZ_RSS:-2048}
timeout=${FUZZ_TIMEOUT:-10}
only=${FUZZ_TARGETS:-}

mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
if [ ! -d "$work/seeds" ]; then
	"$src/fuzz/seed.sh" "$work/seeds.tmp" >/dev/null &&
	    mv "$work/seeds.tmp" "$work/seeds" || exit 2
fi
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

# features LOG: the last "ft:" count libFuzzer printed, else 0
features() {
	sed -n 's/.* ft: \([0-9]*\).*/\1/p' "$1" | tail -n 1 | grep . || echo 0
}
# findings DIR: the inputs libFuzzer kept for a failure (slow-unit-* is
# only a note: an input slower than -report_slow_units)
findings() {
	find "$1" -type f ! -name 'slow-unit-*'
}
# coverage LOG: the last "cov:" count
coverage() {
	sed -n 's/.* cov: \([0-9]*\).*/\1/p' "$1" | tail -n 1 | grep . || echo 0
}

status=0
summary=$work/summary
: >"$summary"
for exe in "$@"; do
	t=$(basename "$exe")
	t=${t#fuzz_}
	if [ -n "$only" ]; then
		case " $only " in *" $t "*) ;; *) continue ;; esac
	fi
	corpus=$work/corpus/$t art=$work/artifacts/$t logs=$work/logs/$t
	mkdir -p "$corpus" "$art" "$logs"
	seeds=$work/seeds/$t
	[ -d "$seeds" ] || seeds=
	elapsed=0 rounds=0 flat=0 prev=0 result=
	while [ -z "$result" ]; do
		rounds=$((rounds + 1))
		log=$logs/round-$rounds.log
		before=$(findings "$art" | wc -l)
		# shellcheck disable=SC2086
		"$exe" -max_total_time="$round" -rss_limit_mb="$rss" \
		    -timeout="$timeout" -artifact_prefix="$art/" \
		    -print_final_stats=1 "$corpus" $seeds >"$log" 2>&1
		rc=$?
		elapsed=$((elapsed + round))
		ft=$(features "$log")
		cov=$(coverage "$log")
		files=$(find "$corpus" -type f | wc -l | tr -d ' ')
		echo "$t: round $rounds: cov $cov ft $ft corpus $files" \
		    "(exit $rc)"
		# what this round wrote (earlier runs' findings stay there)
		found=
		if [ "$(findings "$art" | wc -l)" -gt "$before" ]; then
			found=$(ls -t "$art" | grep -v '^slow-unit-' |
			    head -n 1)
			found=$art/$found
		fi
		if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
			result="FINDING ${found:-exit $rc} (log $log)"
			status=1
			break
		fi
		if [ $((ft * 1000)) -lt $((prev * (1000 + min_gain))) ]; then
			flat=$((flat + 1))
		else
			flat=0
		fi
		prev=$ft
		if [ "$flat" -ge "$plateau" ]; then
			result=plateau
		elif [ "$elapsed" -ge "$max" ]; then
			result="time limit (still growing)"
		fi
	done
	printf '%-18s %6ss %3s rounds  cov %6s  ft %7s  corpus %6s  %s\n' \
	    "$t" "$elapsed" "$rounds" "$cov" "$ft" "$files" "$result" \
	    >>"$summary"
done
echo "---- summary (work dir $work)"
cat "$summary"
exit $status
