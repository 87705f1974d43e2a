#!/bin/sh
# Runs the reproducers of fuzz/regressions/<target>/ and the seeds of
# fuzz/seeds/<target>/ through each target's driver (fuzz_<target>_driver,
# no libFuzzer): the fuzz-regressions test of the normal suite.
#
#   run_regressions.sh FUZZ_DIR DRIVER...
set -u
# a sanitizer finding must fail the test, not just print
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
dir=$1
shift
fail=0
for drv in "$@"; do
	t=$(basename "$drv")
	t=${t#fuzz_}
	t=${t%_driver}
	for sub in regressions seeds; do
		[ -d "$dir/$sub/$t" ] || continue
		if ! "$drv" "$dir/$sub/$t" 2>"${TMPDIR:-/tmp}/fuzz-reg.$$"; then
			echo "FAIL: $t: $sub/$t" >&2
			cat "${TMPDIR:-/tmp}/fuzz-reg.$$" >&2
			fail=1
		else
			echo "ok: $t: $(tail -n 1 "${TMPDIR:-/tmp}/fuzz-reg.$$" |
				sed 's/^fuzz-driver: //') of $sub/$t"
		fi
	done
done
rm -f "${TMPDIR:-/tmp}/fuzz-reg.$$"
exit $fail
