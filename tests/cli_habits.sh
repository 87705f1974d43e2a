#!/bin/sh
# Daily-use habits of the command line, each a behaviour users rely on:
#   tests/cli_habits.sh ING2GW SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
export NO_COLOR=1
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
backup=$root/testdata/examples/ingress-backup.yaml
cp "$backup" backup.yaml

# --help of every command fits 80 columns
for c in "" convert lint route replay shadow annotations rules explain \
    targets; do
	out=$("$bin" $c --help 2>&1)
	long=$(printf '%s\n' "$out" | awk 'length($0) > 80')
	if [ -z "$long" ] && [ -n "$out" ]; then ok "'ing2gw $c --help' fits 80 columns"
	else bad "'ing2gw $c --help' has lines over 80 columns:"; printf '%s\n' "$long"; fi
done
# help COMMAND is COMMAND --help
if [ "$("$bin" help convert)" = "$("$bin" convert --help)" ]; then
	ok "'ing2gw help convert' is 'ing2gw convert --help'"
else bad "'ing2gw help convert' differs from 'ing2gw convert --help'"; fi

# -o is the format everywhere; no file named after it
"$bin" convert -o json backup.yaml >out.json 2>/dev/null
if [ ! -e json ] && head -c1 out.json | grep -q '{'; then
	ok "convert -o json writes JSON to standard output"
else bad "convert -o json"; fi
"$bin" lint -o json backup.yaml >lint.json 2>/dev/null
if [ ! -e json ] && grep -q '"diagnostics"' lint.json; then
	ok "lint -o json writes the JSON report to standard output"
else bad "lint -o json"; fi
if "$bin" annotations -o json | grep -q '"rewrite-target"'; then
	ok "annotations -o json"
else bad "annotations -o json"; fi
if "$bin" annotations rewrite-target | grep -q '^nginx.ingress.kubernetes.io/rewrite-target$' &&
    "$bin" annotations nginx.ingress.kubernetes.io/rewrite-target -o json |
    grep -q '"key": "rewrite-target"'; then
	ok "annotations KEY"
else bad "annotations KEY"; fi
if "$bin" annotations cert-manager.io/cluster-issuer | grep -q 'carried to the Gateway'; then
	ok "annotations of another tool say where they go"
else bad "annotations cert-manager.io/cluster-issuer"; fi
out=$("$bin" annotations rewrite-targt 2>&1); rc=$?
if [ $rc = 2 ] && printf '%s' "$out" | grep -q "did you mean 'rewrite-target'"; then
	ok "annotations: a mistyped key gets the nearest"
else bad "annotations rewrite-targt: $out"; fi

# did you mean: commands and options
out=$("$bin" convrt 2>&1); rc=$?
if [ $rc = 2 ] && printf '%s' "$out" | grep -q "did you mean 'convert'"; then
	ok "a mistyped command gets the nearest"
else bad "ing2gw convrt: $out"; fi
out=$("$bin" convert --outptu-file x backup.yaml 2>&1); rc=$?
if [ $rc = 2 ] && printf '%s' "$out" | grep -q "did you mean '--output-file'"; then
	ok "a mistyped option gets the nearest"
else bad "ing2gw convert --outptu-file: $out"; fi
out=$("$bin" help lnt 2>&1); rc=$?
if [ $rc = 2 ] && printf '%s' "$out" | grep -q "did you mean 'lint'"; then
	ok "help of a mistyped command"
else bad "ing2gw help lnt: $out"; fi

# version: commit, Gateway API release, features
out=$("$bin" version)
if printf '%s\n' "$out" | grep -q '^ing2gw [0-9.]* (commit .*)$' &&
    printf '%s\n' "$out" | grep -q '^Gateway API v1\.' &&
    printf '%s\n' "$out" | grep -q '^features: .*libyaml'; then
	ok "version"
else bad "version: $out"; fi
[ "$("$bin" --version)" = "$out" ] && ok "--version is version" ||
	bad "--version differs from version"

# completions: generated, valid syntax, every command and option
for sh in bash zsh fish; do
	"$bin" completion $sh >comp.$sh || { bad "completion $sh"; continue; }
	for w in convert lint replay shadow annotations output-file \
	    ingress-file fail-on report; do
		grep -q -- "$w" comp.$sh || bad "completion $sh lacks $w"
	done
	if command -v $sh >/dev/null 2>&1; then
		$sh -n comp.$sh && ok "completion $sh parses ($sh -n)" ||
			bad "completion $sh does not parse"
	else
		ok "completion $sh generated ($sh not installed)"
	fi
done
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. ./comp.bash; COMP_WORDS=(ing2gw convert --out);
		COMP_CWORD=2; _ing2gw; echo "${COMPREPLY[*]}"')
	[ "$got" = "--output --output-file" ] && ok "bash completes --out" ||
		bad "bash completion of --out: '$got'"
	got=$(bash -c '. ./comp.bash; COMP_WORDS=(ing2gw convert -o "");
		COMP_CWORD=3; _ing2gw; echo "${COMPREPLY[*]}"')
	[ "$got" = "yaml json" ] && ok "bash completes the formats of -o" ||
		bad "bash completion of -o: '$got'"
fi
out=$("$bin" completion tcsh 2>&1); rc=$?
[ $rc = 2 ] && ok "completion of an unknown shell is a usage error" ||
	bad "completion tcsh: $out"

# a kubectl plugin: kubectl-ing2gw says "kubectl ing2gw"
ln -s "$bin" kubectl-ing2gw
out=$(./kubectl-ing2gw convrt 2>&1)
if printf '%s' "$out" | grep -q "Try 'kubectl ing2gw --help'" &&
    ./kubectl-ing2gw --help | grep -q '^usage: kubectl ing2gw ' &&
    ./kubectl-ing2gw convert backup.yaml 2>/dev/null | grep -q 'kind: Gateway'; then
	ok "kubectl-ing2gw runs as 'kubectl ing2gw'"
else bad "kubectl-ing2gw: $out"; fi

# standard input once
out=$("$bin" replay --generate --samples - - <backup.yaml 2>&1); rc=$?
if [ $rc = 2 ] && printf '%s' "$out" | grep -q "read once"; then
	ok "replay --samples - -: standard input is read once"
else bad "replay --samples - -: exit $rc: $out"; fi

# progress on a terminal for large inputs (script(1) gives a terminal)
if command -v script >/dev/null 2>&1; then
	i=0
	: >big.yaml
	while [ $i -lt 3000 ]; do
		sed "s/name: storefront/name: storefront-$i/; s/name: docs$/name: docs-$i/" \
			"$backup" >>big.yaml
		echo --- >>big.yaml
		i=$((i + 1))
	done
	size=$(wc -c <big.yaml)
	script -qec "'$bin' convert --no-provenance big.yaml >/dev/null 2>tty.err; cat tty.err >/dev/null" /dev/null >/dev/null 2>&1
	script -qec "'$bin' lint big.yaml >/dev/null" /dev/null >tty.out 2>&1
	if [ "$size" -gt 4194304 ] && grep -q 'reading big.yaml' tty.out; then
		ok "progress on a terminal for an input of $size bytes"
	else bad "no progress line for $size bytes on a terminal"; fi
	"$bin" lint big.yaml >/dev/null 2>notty.err
	grep -q 'reading' notty.err && bad "progress without a terminal" ||
		ok "no progress line when standard error is not a terminal"
fi
exit "$fail"
