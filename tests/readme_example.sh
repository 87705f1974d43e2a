#!/bin/sh
# The example diagnostic of README.md (and its summary line) is what
# 'ing2gw convert ingress-backup.yaml' prints now, word for word:
#   tests/readme_example.sh ING2GW SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
out=$(cd "$root/testdata/examples" &&
	NO_COLOR=1 "$bin" convert ingress-backup.yaml 2>&1 >/dev/null)
lines=$(sed -n 's/^    \(ingress-backup\.yaml:[0-9]*:[0-9]*: .*\)$/\1/p;
	s/^    \(convert: [0-9]* error.*\)$/\1/p' "$root/README.md")
[ -n "$lines" ] || { echo "FAIL: README.md has no example diagnostic"; exit 1; }
fail=0
while IFS= read -r l; do
	if printf '%s\n' "$out" | grep -qxF -- "$l"; then
		echo "ok: $l"
	else
		echo "FAIL: README.md shows a line convert does not print:"
		echo "  $l"
		fail=1
	fi
done <<EOF2
$lines
EOF2
[ "$fail" = 0 ] || { echo "convert prints:"; printf '%s\n' "$out"; }
exit "$fail"
