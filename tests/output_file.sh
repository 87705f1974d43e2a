#!/bin/sh
# `--output-file FILE` keeps what is at FILE (convert and lint):
#   tests/output_file.sh ING2GW SOURCE_ROOT
# a symbolic link stays a link and its target is written (also through a
# chain, and a dangling link's target is created); a FIFO and a device
# node are written, not replaced; a hard link keeps seeing the file; an
# existing file keeps its mode, a new one gets 0666 less umask; a
# directory is refused; so is an input (also through a link, as stdin, in
# a directory operand or as lint's configuration); lint on unusable input
# writes no report; no temporary file is left beside anything.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
input=$root/testdata/convert/class-from-field/input.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0

ok() { echo "ok $1"; }
bad() { echo "FAIL $1"; fail=1; }
# check NAME CONDITION...: the condition holds
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
no_temp() { # DIR...: no *.tmp?????? file left
	! ls -a "$@" | grep -q '\.tmp......$'
}
convert() { # ARGS...: convert input with ARGS, stderr kept
	NO_COLOR=1 "$bin" convert "$@" "$input" 2>"$work/err"
}

NO_COLOR=1 "$bin" convert "$input" >want.yaml 2>/dev/null
NO_COLOR=1 "$bin" lint want.yaml >want.lint 2>/dev/null
umask 022

# a link into another directory: the link stays, the target is written
mkdir real
echo old >real/target.yaml
ln -s real/target.yaml link.yaml
convert --output-file link.yaml
check "symlink stays a link" test -L link.yaml
check "symlink target written" cmp -s want.yaml real/target.yaml
check "symlink: no temporary file" no_temp . real

# a chain of links, the last one dangling: its target is created
ln -s chain2.yaml chain1.yaml
ln -s real/new.yaml chain2.yaml
convert --output-file chain1.yaml
check "chain stays links" test -L chain1.yaml -a -L chain2.yaml
check "dangling link's target created" cmp -s want.yaml real/new.yaml

# a FIFO is written, not replaced
mkfifo fifo
cat fifo >from-fifo &
reader=$!
convert --output-file fifo
# a FIFO replaced (or never opened) leaves the reader blocked: not forever
(sleep 10; kill "$reader") >/dev/null 2>&1 &
guard=$!
wait "$reader"
kill "$guard" 2>/dev/null
check "FIFO stays a FIFO" test -p fifo
check "FIFO written" cmp -s want.yaml from-fifo

# a device node (where this file system and user can make one)
if mknod null c 1 3 2>/dev/null && echo probe >null 2>/dev/null; then
	convert --output-file null
	check "device stays a device" test -c null
	check "device: nothing beside it" no_temp .
else
	echo "skip device node: mknod not allowed here"
fi

# hard links keep sharing the file
echo old >hard.yaml
ln hard.yaml hard2.yaml
convert --output-file hard.yaml
check "hard link sees the output" cmp -s want.yaml hard2.yaml
check "hard links: still 2 links" test "$(stat -c %h hard.yaml)" = 2

# modes: an existing file keeps its own, a new one follows umask
echo old >private.yaml
chmod 600 private.yaml
convert --output-file private.yaml
check "mode 0600 kept" test "$(stat -c %a private.yaml)" = 600
check "mode 0600: written" cmp -s want.yaml private.yaml
convert --output-file fresh.yaml
check "new file 0644 under umask 022" test "$(stat -c %a fresh.yaml)" = 644
echo old >private.json
chmod 640 private.json
NO_COLOR=1 "$bin" lint --output-file private.json want.yaml 2>/dev/null
check "lint: mode 0640 kept" test "$(stat -c %a private.json)" = 640
check "lint: report written" cmp -s want.lint private.json

# a directory is refused before any work, and left alone
mkdir outdir
convert --output-file outdir
rc=$?
check "directory refused (exit 2)" test "$rc" = 2
check "directory: says why" grep -q "Is a directory" "$work/err"
check "directory: nothing inside" test -z "$(ls -A outdir)"

# an output that is an input is refused (exit 2), the input left as is
refused() { # NAME FILE: the last command exited 2, FILE kept, said why
	rc=$?
	check "$1: exit 2" test "$rc" = 2
	check "$1: input kept" cmp -s "$input" "$2"
	check "$1: says why" grep -q "is the input" "$work/err"
}
cp "$input" in.yaml
NO_COLOR=1 "$bin" convert --output-file in.yaml in.yaml 2>"$work/err"
refused "convert --output-file INPUT" in.yaml
ln -s in.yaml alias.yaml
NO_COLOR=1 "$bin" convert --output-file alias.yaml in.yaml 2>"$work/err"
refused "convert --output-file LINK-TO-INPUT" in.yaml
NO_COLOR=1 "$bin" convert --output-file in.yaml <in.yaml 2>"$work/err"
refused "convert --output-file STDIN" in.yaml
mkdir dir
cp "$input" dir/a.yaml
NO_COLOR=1 "$bin" convert --output-file dir/a.yaml dir 2>"$work/err"
refused "convert --output-file FILE-OF-DIR" dir/a.yaml
NO_COLOR=1 "$bin" lint --output-file in.yaml in.yaml 2>"$work/err"
refused "lint --output-file INPUT" in.yaml
cp "$input" cfg.yaml
NO_COLOR=1 "$bin" lint -c cfg.yaml --output-file cfg.yaml want.yaml 2>"$work/err"
refused "lint --output-file CONFIG" cfg.yaml

# lint on unusable input writes no report: -o FILE is left as it was
printf 'kind: [\n' >broken.yaml
echo old >report.json
NO_COLOR=1 "$bin" lint -o json --output-file report.json broken.yaml 2>"$work/err"
rc=$?
check "lint input error: exit 2" test "$rc" = 2
check "lint input error: report file kept" test "$(cat report.json)" = old
check "lint input error: on stderr" grep -q "yaml-syntax" "$work/err"
NO_COLOR=1 "$bin" lint -o json --output-file new-report.json broken.yaml 2>/dev/null
check "lint input error: no new report file" test ! -e new-report.json
check "no temporary file at the end" no_temp . real dir
exit "$fail"
