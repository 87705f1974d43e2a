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

# It is YAML: ing2gw's own parser reads it (and skips it, as it holds no
# Kubernetes object, which is right), without a syntax error.
out=$("$bin" lint "$hooks" 2>&1)
if printf '%s\n' "$out" | grep -q 'input/yaml-syntax' ||
    ! printf '%s\n' "$out" | grep -q 'input/not-kubernetes'; then
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

# A repository as pre-commit sees it: Helm charts (templates, values,
# Chart.yaml), a package.json, a CI workflow and plain manifests. Each
# hook gets the files its 'files' pattern and 'types: [yaml]' select,
# as pre-commit passes them; the plain manifests' findings are reported
# and decide the exit status, the rest is skipped with notes.
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/charts/web/templates" "$repo/deploy/ingress" \
	"$repo/deploy/gateway-api" "$repo/.github/workflows"
cat >"$repo/charts/web/Chart.yaml" <<'YAML'
apiVersion: v2
name: web
version: 0.1.0
YAML
cat >"$repo/charts/web/values.yaml" <<'YAML'
ingress:
  enabled: true
  host: web.example.com
YAML
cat >"$repo/charts/web/templates/ingress.yaml" <<'YAML'
{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "web.fullname" . }}
spec:
  rules:
  - host: {{ .Values.ingress.host | quote }}
{{- end }}
YAML
cp "$repo/charts/web/templates/ingress.yaml" \
	"$repo/charts/web/templates/ingress-values.yaml"
echo '{"name": "web", "private": true}' >"$repo/package.json"
cat >"$repo/.github/workflows/ci.yaml" <<'YAML'
on: [push]
jobs:
  test: {runs-on: ubuntu-latest, steps: [{run: make}]}
YAML
cat >"$repo/deploy/ingress/web.yaml" <<'YAML'
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        backend: {serviceName: web, servicePort: 80}
YAML
cp "$root/testdata/lint/clean-full/input.yaml" \
	"$repo/deploy/gateway-api/routes.yaml"

# run_hook ID: runs the hook's entry and args on the files it selects
run_hook() {
	files=$(sed -n "/^- id: $1\$/,/^- id:/s/^  files: //p" "$hooks")
	args=$(sed -n "/^- id: $1\$/,/^- id:/s/^  args: \[\(.*\)\]\$/\1/p" \
		"$hooks" | tr -d ',')
	sel=$(cd "$repo" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) |
		sed 's|^\./||' | grep -E "$files" | sort)
	# shellcheck disable=SC2086
	(cd "$repo" && NO_COLOR=1 "$bin" lint $args $sel)
}

out=$(run_hook ing2gw-lint-ingress 2>&1)
rc=$?
check_hook() { # WHAT CONDITION
	if eval "$2"; then
		echo "ok: $1"
	else
		echo "FAIL: $1"
		printf '%s\n' "$out" | sed 's/^/  /'
		fail=1
	fi
}
check_hook "ing2gw-lint-ingress selects the chart's templates" \
	"printf '%s\n' \"\$out\" | grep -q 'charts/web/templates/ingress.yaml:1:1: info: a Helm template'"
check_hook "the templates are skipped, not errors" \
	"! printf '%s\n' \"\$out\" | grep -q 'templates.*error'"
check_hook "the plain Ingress's finding is reported" \
	"printf '%s\n' \"\$out\" | grep -q 'deploy/ingress/web.yaml:1:[0-9]*: error: .*\[ingress/deprecated-api\]'"
check_hook "the exit status is the plain Ingress's (1)" "[ $rc = 1 ]"
rm "$repo/deploy/ingress/web.yaml"
out=$(run_hook ing2gw-lint-ingress 2>&1)
rc=$?
check_hook "only templates selected: exit 0" "[ $rc = 0 ]"
out=$(run_hook ing2gw-lint 2>&1)
rc=$?
check_hook "ing2gw-lint on the Gateway API files: exit 0" "[ $rc = 0 ]"
# every YAML file of the repository at once (files: '.*'): the charts,
# values and workflows are skipped, the manifests linted
out=$(cd "$repo" && NO_COLOR=1 "$bin" lint --fail-on error \
	$(find . -type f -name '*.yaml' | sort) 2>&1)
rc=$?
check_hook "every YAML file: values, Chart.yaml and workflows skipped" \
	"[ \$(printf '%s\n' \"\$out\" | grep -c 'input/not-kubernetes') = 3 ]"
check_hook "every YAML file: exit 0" "[ $rc = 0 ]"
exit "$fail"
