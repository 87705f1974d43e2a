#!/bin/sh
# .pre-commit-hooks.yaml parses as YAML, has the two hooks with pre-commit's
# required keys, and names real commands and options of ING2GW:
#   tests/pre_commit_hooks.sh ING2GW SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
hooks=$root/.pre-commit-hooks.yaml
fail=0
[ -f "$hooks" ] || { echo "FAIL: no $hooks"; exit 1; }

# It is YAML: ing2gw's own parser reads it (and says it is not a
# Kubernetes object, which is right), without a syntax error.
out=$("$bin" lint "$hooks" 2>&1)
if printf '%s\n' "$out" | grep -q 'input/yaml-syntax' ||
    ! printf '%s\n' "$out" | grep -q 'input/not-an-object'; then
	echo "FAIL: $hooks does not parse:"
	printf '%s\n' "$out"
	fail=1
fi
# A stricter structural check where PyYAML is installed.
if python3 -c 'import yaml' 2>/dev/null; then
	python3 - "$hooks" <<'PY' || fail=1
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
assert isinstance(hooks, list), "not a list of hooks"
ids = [h.get("id") for h in hooks]
assert ids == ["ing2gw-lint", "ing2gw-lint-ingress"], ids
for h in hooks:
    for k in ("id", "name", "entry", "language"):
        assert isinstance(h.get(k), str) and h[k], (h.get("id"), k)
    assert h["language"] in ("system", "unsupported", "script"), h
    assert isinstance(h.get("args", []), list), h
    re.compile(h.get("files", ""))
print("ok: structure (PyYAML)")
PY
fi

# Every entry runs an existing ing2gw command; every option of args is in
# that command's --help.
for id in ing2gw-lint ing2gw-lint-ingress; do
	grep -q "^- id: $id\$" "$hooks" || { echo "FAIL: no hook $id"; fail=1; }
done
sed -n 's/^  entry: //p' "$hooks" | while read -r prog cmd rest; do
	if [ "$prog" != ing2gw ] || ! "$bin" "$cmd" --help >/dev/null 2>&1
	then
		echo "FAIL: entry '$prog $cmd $rest' is not an ing2gw command"
		exit 1
	fi
	echo "ok: entry '$prog $cmd'"
done || fail=1
help=$("$bin" lint --help)
for opt in $(sed -n 's/^  args: \[\(.*\)\]$/\1/p' "$hooks" | tr -d ',' |
    tr ' ' '\n' | grep '^--' | sort -u); do
	if printf '%s\n' "$help" | grep -q -- "$opt\\b"; then
		echo "ok: option $opt"
	else
		echo "FAIL: option $opt is not in 'ing2gw lint --help'"
		fail=1
	fi
done
# and the hooks' command line works on a real Gateway API file
if (cd "$root" && "$bin" lint --fail-on error \
    testdata/lint/clean-full/input.yaml >/dev/null); then
	echo "ok: 'ing2gw lint --fail-on error' on a clean file exits 0"
else
	echo "FAIL: the hook command fails on a clean file"
	fail=1
fi
exit "$fail"
