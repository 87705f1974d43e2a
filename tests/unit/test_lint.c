/* Unit tests of lint/: the catalogue and its examples, defaults, conflict
 * precedence, configuration, and the SARIF log structure. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "catalogue.h"
#include "doc.h"
#include "inference.h"
#include "k8s.h"
#include "lint.h"
#include "lint_int.h"
#include "report_sarif.h"
#include "targets/target.h"

struct run {
	struct doc_set *set;
	struct diag_sink sink;
	struct k8s_objects objs;
	struct lint_result res;
};

static void
lint_text(struct run *r, const char *text, const struct lint_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(r->set, "in.yaml", text, strlen(text),
		&r->sink), 0);
	assert_int_equal(k8s_objects_collect(&r->objs, r->set, &r->sink), 0);
	assert_int_equal(r->sink.input_errors, 0);
	assert_int_equal(lint_run(&r->res, r->set, &r->objs, cfg, &r->sink),
		0);
}

static void
release(struct run *r)
{
	lint_result_release(&r->res);
	k8s_objects_release(&r->objs);
	diag_sink_release(&r->sink);
	doc_set_free(r->set);
}

static const struct diag *
find(const struct run *r, const char *rule)
{
	for (size_t i = 0; i < r->sink.len; i++)
		if (r->sink.items[i].rule && !strcmp(r->sink.items[i].rule,
		    rule))
			return &r->sink.items[i];
	return NULL;
}

static void
dump(const char *what, const struct lint_rule *rule, const struct run *r)
{
	fprintf(stderr, "%s example of %s:\n", what, rule->id);
	for (size_t i = 0; i < r->sink.len; i++)
		fprintf(stderr, "  %u:%u [%s] %s\n", r->sink.items[i].pos.line,
			r->sink.items[i].pos.col, r->sink.items[i].rule,
			r->sink.items[i].msg);
}

static void
test_catalogue_table(void **state)
{
	size_t n;
	const struct lint_rule *cat = lint_catalogue(&n);

	(void)state;
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		const char *slash = strchr(cat[i].id, '/');

		assert_non_null(slash);
		assert_true(slash > cat[i].id && slash[1]);
		assert_true(cat[i].severity >= DIAG_INFO &&
			cat[i].severity <= DIAG_ERROR);
		assert_true(*cat[i].refs && *cat[i].summary &&
			*cat[i].explanation && *cat[i].bad && *cat[i].good);
		assert_ptr_equal(lint_rule_find(cat[i].id), &cat[i]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(cat[i].id, cat[j].id);
	}
	assert_null(lint_rule_find("no/such-rule"));
}

/* Every rule has a case: its bad example triggers it, its good example
 * is clean (no finding at all). */
static void
test_catalogue_examples(void **state)
{
	size_t n, failures = 0;
	const struct lint_rule *cat = lint_catalogue(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct lint_config cfg = LINT_CONFIG_INIT;
		const struct lint_config *with = NULL;
		struct run bad, good;

		if (lint_rule_example_target(&cat[i])) {	/* --target */
			cfg.target = tgt_find(lint_rule_example_target(
				&cat[i]));
			assert_non_null(cfg.target);
			with = &cfg;
		}
		lint_text(&bad, cat[i].bad, with);
		if (!find(&bad, cat[i].id)) {
			dump("bad", &cat[i], &bad);
			failures++;
		}
		release(&bad);
		lint_text(&good, cat[i].good, with);
		if (good.sink.len) {
			dump("good", &cat[i], &good);
			failures++;
		}
		release(&good);
	}
	assert_int_equal(failures, 0);
}

#define HR "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n" \
	"metadata: {name: web}\nspec:\n"

static void
test_prefix_match_defaults(void **state)
{
	struct run r;

	(void)state;
	/* no matches: defaults to one PathPrefix / match, so it passes */
	lint_text(&r, HR "  rules:\n  - filters: [{type: URLRewrite, "
		"urlRewrite: {path: {type: ReplacePrefixMatch, "
		"replacePrefixMatch: /}}}]\n    backendRefs: [{name: a, "
		"port: 80}]\n", NULL);
	assert_null(find(&r, "route/prefix-match"));
	release(&r);
	/* matches: [] is not defaulted */
	lint_text(&r, HR "  rules:\n  - matches: []\n    filters: [{type: "
		"URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, "
		"replacePrefixMatch: /}}}]\n    backendRefs: [{name: a, "
		"port: 80}]\n", NULL);
	assert_non_null(find(&r, "route/prefix-match"));
	release(&r);
	/* a match without path defaults to PathPrefix / */
	lint_text(&r, HR "  rules:\n  - matches: [{method: GET}]\n    "
		"filters: [{type: RequestRedirect, requestRedirect: {path: "
		"{type: ReplacePrefixMatch, replacePrefixMatch: \"\"}}}]\n",
		NULL);
	assert_null(find(&r, "route/prefix-match"));
	assert_null(find(&r, "route/path-modifier"));
	release(&r);
}

static void
test_path_messages(void **state)
{
	struct run r;
	const struct diag *d;

	(void)state;
	lint_text(&r, HR "  rules:\n  - matches: [{path: {type: Exact, "
		"value: 'a/./b#c'}}]\n    backendRefs: [{name: a, port: 80}]\n",
		NULL);
	d = find(&r, "route/path-value");
	assert_non_null(d);
	assert_string_equal(d->msg, "spec.rules[0].matches[0].path: Invalid "
		"value: \"object\": value must be an absolute path and start "
		"with '/' when type one of ['Exact', 'PathPrefix']");
	/* start, '/./', '#' and the character set: four findings */
	{
		size_t k = 0;

		for (size_t i = 0; i < r.sink.len; i++)
			k += !strcmp(r.sink.items[i].rule, "route/path-value");
		assert_int_equal(k, 4);
	}
	release(&r);
	/* RegularExpression values are not checked, only flagged */
	lint_text(&r, HR "  rules:\n  - matches: [{path: {type: "
		"RegularExpression, value: '^/a//b$'}}]\n    backendRefs: "
		"[{name: a, port: 80}]\n", NULL);
	assert_null(find(&r, "route/path-value"));
	assert_non_null(find(&r, "semantic/regex"));
	release(&r);
}

#define GW "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n" \
	"metadata: {name: gw}\nspec:\n  gatewayClassName: c\n"
#define GR "apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\n" \
	"metadata: {name: g}\nspec:\n"

/* The CEL variants a catalogue example does not show: each input gives
 * the rule with exactly this message. */
static const struct {
	const char *yaml, *rule, *msg;
} cel_cases[] = {
	{ GW "  listeners:\n  - {name: a, port: 443, protocol: HTTPS, tls: "
	  "{mode: Passthrough}}\n", "gateway/listener-tls",
	  "spec.listeners: Invalid value: \"array\": tls mode must be "
	  "Terminate for protocol HTTPS" },
	{ GW "  listeners:\n  - {name: a, port: 443, protocol: TLS}\n",
	  "gateway/listener-tls", "spec.listeners: Invalid value: \"array\": "
	  "tls mode must be set for protocol TLS" },
	{ GW "  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n"
	  "  - {name: b, port: 80, protocol: HTTP}\n",
	  "gateway/listener-unique", "spec.listeners: Invalid value: "
	  "\"array\": Combination of port, protocol and hostname must be "
	  "unique for each listener" },
	{ GW "  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n"
	  "  addresses: [{type: Hostname, value: -bad.example.com}]\n",
	  "gateway/address", "spec.addresses[0]: Invalid value: \"object\": "
	  "Hostname value must be empty or contain only valid characters "
	  "(matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]"
	  "([-a-z0-9]*[a-z0-9])?)*$)" },
	{ HR "  parentRefs: [{name: gw, port: 80}, {name: gw, port: 443}]\n"
	  "  rules:\n  - backendRefs: [{name: a, port: 80}]\n",
	  "route/parent-refs", "spec.parentRefs: Invalid value: \"array\": "
	  "sectionName must be unique when parentRefs includes 2 or more "
	  "references to the same parent" },
	{ HR "  rules:\n  - filters: [{type: RequestRedirect, urlRewrite: "
	  "{hostname: a.example.com}, requestRedirect: {scheme: https}}]\n",
	  "route/filter-member", "spec.rules[0].filters[0]: Invalid value: "
	  "\"object\": filter.urlRewrite must be nil if the filter.type is "
	  "not URLRewrite" },
	{ HR "  rules:\n  - backendRefs:\n    - name: a\n      port: 80\n"
	  "      filters: [{type: ResponseHeaderModifier, "
	  "responseHeaderModifier: {add: [{name: x, value: '1'}]}}, {type: "
	  "ResponseHeaderModifier, responseHeaderModifier: {add: [{name: y, "
	  "value: '1'}]}}]\n", "route/filter-repeated",
	  "spec.rules[0].backendRefs[0].filters: Invalid value: \"array\": "
	  "ResponseHeaderModifier filter cannot be repeated" },
	{ HR "  rules:\n  - matches: [{path: {value: /a}}, {path: {value: "
	  "/b}}]\n    backendRefs:\n    - name: a\n      port: 80\n"
	  "      filters: [{type: RequestRedirect, requestRedirect: {path: "
	  "{type: ReplacePrefixMatch, replacePrefixMatch: /c}}}]\n",
	  "route/prefix-match", "spec.rules[0]: Invalid value: \"object\": "
	  "Within backendRefs, when using RequestRedirect filter with "
	  "path.replacePrefixMatch, exactly one PathPrefix match must be "
	  "specified" },
	{ HR "  rules:\n  - filters: [{type: RequestRedirect, "
	  "requestRedirect: {path: {type: ReplacePrefixMatch}}}]\n",
	  "route/path-modifier", "spec.rules[0].filters[0].requestRedirect."
	  "path: Invalid value: \"object\": replacePrefixMatch must be "
	  "specified when type is set to 'ReplacePrefixMatch'" },
	{ HR "  rules:\n  - filters: [{type: RequestMirror, requestMirror: "
	  "{backendRef: {name: m, port: 80}, fraction: {numerator: 3, "
	  "denominator: 2}}}]\n    backendRefs: [{name: a, port: 80}]\n",
	  "route/mirror", "spec.rules[0].filters[0].requestMirror.fraction: "
	  "Invalid value: \"object\": numerator must be less than or equal "
	  "to denominator" },
	{ HR "  rules:\n  - filters: [{type: RequestMirror, requestMirror: "
	  "{backendRef: {name: m}}}]\n    backendRefs: [{name: a, port: "
	  "80}]\n", "route/backend-port", "spec.rules[0].filters[0]."
	  "requestMirror.backendRef: Invalid value: \"object\": Must have "
	  "port for Service reference" },
	{ HR "  rules:\n  - filters: [{type: CORS, cors: {allowMethods: "
	  "[GET, '*']}}]\n    backendRefs: [{name: a, port: 80}]\n",
	  "route/cors-wildcard", "spec.rules[0].filters[0].cors.allowMethods: "
	  "Invalid value: \"array\": AllowMethods cannot contain '*' "
	  "alongside other methods" },
	{ GR "  rules:\n  - matches: [{method: {type: Exact}}]\n",
	  "route/grpc-method", "spec.rules[0].matches[0].method: Invalid "
	  "value: \"object\": One or both of 'service' or 'method' must be "
	  "specified" },
	{ GR "  rules:\n  - matches: [{method: {service: 'a..b'}}]\n",
	  "route/grpc-method", "spec.rules[0].matches[0].method: Invalid "
	  "value: \"object\": service must only contain valid characters "
	  "(matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)" },
	{ HR "  rules:\n  - matches: [{path: {type: Exact, value: "
	  "/a/..}}]\n    backendRefs: [{name: a, port: 80}]\n",
	  "route/path-value", "spec.rules[0].matches[0].path: Invalid value: "
	  "\"object\": must not end with '/..' when type one of ['Exact', "
	  "'PathPrefix']" },
	{ HR "  rules:\n  - matches: [{path: {value: '/a%2Fb'}}]\n"
	  "    backendRefs: [{name: a, port: 80}]\n", "route/path-value",
	  "spec.rules[0].matches[0].path: Invalid value: \"object\": must "
	  "not contain '%2F' when type one of ['Exact', 'PathPrefix']" },
	{ HR "  rules:\n  - matches: [{path: {value: '/a b'}}]\n"
	  "    backendRefs: [{name: a, port: 80}]\n", "route/path-value",
	  "spec.rules[0].matches[0].path: Invalid value: \"object\": must "
	  "only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()"
	  "*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']" },
	{ HR "  rules:\n  - filters: [{type: RequestRedirect, "
	  "requestRedirect: {statusCode: 305}}]\n", "schema/enum",
	  "spec.rules[0].filters[0].requestRedirect.statusCode: Unsupported "
	  "value: 305: supported values: 301, 302, 303, 307, 308" },
	{ GW "  listeners:\n  - {name: a, port: 70000, protocol: HTTP}\n",
	  "schema/range", "spec.listeners[0].port: Invalid value: 70000: "
	  "spec.listeners[0].port in body should be less than or equal to "
	  "65535" },
	{ "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\n"
	  "metadata: {name: c}\nspec:\n  controllerName: example\n",
	  "schema/pattern", "spec.controllerName: Invalid value: \"example\": "
	  "spec.controllerName in body should match '^[a-z0-9]([-a-z0-9]*"
	  "[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/"
	  "\\-._~%!$&'()*+,;=:]+$'" },
	{ "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: "
	  "ReferenceGrant\nmetadata: {name: g}\nspec:\n  to: [{group: '', "
	  "kind: Service}]\n", "schema/required", "spec.from: Required value" },
	{ "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
	  "metadata: {name: r}\n", "schema/required",
	  "spec: Required value" },
	{ HR "  rules:\n  - timeouts: {request: 1m, backendRequest: 2m}\n"
	  "    backendRefs: [{name: a, port: 80}]\n", "route/timeouts",
	  "spec.rules[0].timeouts: Invalid value: \"object\": backendRequest "
	  "timeout cannot be longer than request timeout" },
};

static void
test_cel_messages(void **state)
{
	size_t failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cel_cases); i++) {
		struct run r;
		bool hit = false;

		lint_text(&r, cel_cases[i].yaml, NULL);
		for (size_t j = 0; j < r.sink.len; j++)
			hit |= !strcmp(r.sink.items[j].rule, cel_cases[i].rule)
				&& !strcmp(r.sink.items[j].msg,
				cel_cases[i].msg);
		if (!hit) {
			fprintf(stderr, "case %zu: want [%s] %s\n", i,
				cel_cases[i].rule, cel_cases[i].msg);
			for (size_t j = 0; j < r.sink.len; j++)
				fprintf(stderr, "  got [%s] %s\n",
					r.sink.items[j].rule,
					r.sink.items[j].msg);
			failures++;
		}
		release(&r);
	}
	assert_int_equal(failures, 0);
}

#define GW2 GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n" \
	"  - {name: https, port: 443, protocol: HTTPS, hostname: " \
	"'*.example.com', tls: {certificateRefs: [{name: c}]}}\n" \
	"  - {name: grpc, port: 8443, protocol: HTTPS, tls: " \
	"{certificateRefs: [{name: c}]}, allowedRoutes: {kinds: " \
	"[{kind: GRPCRoute}]}}\n  - {name: tls, port: 9443, protocol: TLS, " \
	"tls: {mode: Passthrough}}\n---\n"

/* Attachment: which parentRef finds which listener (sectionName, port,
 * allowedRoutes, hostname intersection). */
static const struct {
	const char *route, *rule;	/* rule NULL: the route is clean */
} attach_cases[] = {
	{ "  parentRefs: [{name: gw, port: 8080}]\n", "ref/no-matching-parent" },
	{ "  parentRefs: [{name: gw, port: 443, sectionName: http}]\n",
	  "ref/no-matching-parent" },
	{ "  parentRefs: [{name: gw, port: 443}]\n  hostnames: "
	  "[a.b.example.com]\n", NULL },
	{ "  parentRefs: [{name: gw, sectionName: https}]\n  hostnames: "
	  "[example.com]\n", "ref/no-matching-hostname" },
	{ "  parentRefs: [{name: gw}]\n  hostnames: [example.com]\n", NULL },
	{ "  parentRefs: [{name: gw, sectionName: grpc}]\n", "ref/not-allowed" },
	{ "  parentRefs: [{name: gw, sectionName: tls}]\n", "ref/not-allowed" },
	{ "  parentRefs: [{name: gw, namespace: default, sectionName: "
	  "https}]\n  hostnames: ['*.example.com']\n", NULL },
	{ "  parentRefs: [{name: gw, namespace: other}]\n",
	  "ref/parent-not-found" },
	{ "  parentRefs: [{kind: Service, group: '', name: mesh}]\n", NULL },
};

static void
test_attachment(void **state)
{
	size_t failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(attach_cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct run r;

		strbuf_addf(&sb, "%s%s%s  rules:\n  - backendRefs: [{name: a, "
			"port: 80}]\n", GW2, HR, attach_cases[i].route);
		lint_text(&r, sb.buf, NULL);
		if (attach_cases[i].rule ? !find(&r, attach_cases[i].rule) ||
		    r.sink.len != 1 : r.sink.len != 0) {
			fprintf(stderr, "case %zu: want %s\n", i,
				attach_cases[i].rule ? attach_cases[i].rule :
				"nothing");
			for (size_t j = 0; j < r.sink.len; j++)
				fprintf(stderr, "  got [%s] %s\n",
					r.sink.items[j].rule,
					r.sink.items[j].msg);
			failures++;
		}
		release(&r);
		strbuf_release(&sb);
	}
	assert_int_equal(failures, 0);
}

/* Every field of a ReferenceGrant counts (grant namespace, from.group,
 * from.kind, from.namespace, to.group, to.kind, to.name). */
static void
test_reference_grants(void **state)
{
	static const char *const grants[] = {
		/* namespace, from.group, from.kind, from.namespace, to.group,
		 * to.kind, to.name: one wrong each, then all right */
		"{name: g, namespace: other}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"default}]\n  to: [{group: '', kind: Service, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"networking.k8s.io, kind: HTTPRoute, namespace: default}]\n"
		"  to: [{group: '', kind: Service, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: GRPCRoute, namespace: "
		"default}]\n  to: [{group: '', kind: Service, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"apps}]\n  to: [{group: '', kind: Service, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"default}]\n  to: [{group: core, kind: Service, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"default}]\n  to: [{group: '', kind: Secret, name: svc}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"default}]\n  to: [{group: '', kind: Service, name: other}]\n",
		"{name: g, namespace: apps}\nspec:\n  from: [{group: "
		"gateway.networking.k8s.io, kind: HTTPRoute, namespace: "
		"default}]\n  to: [{group: '', kind: Service, name: svc}]\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(grants); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct run r;

		strbuf_addf(&sb, HR "  rules:\n  - backendRefs: [{name: svc, "
			"namespace: apps, port: 80}]\n---\napiVersion: "
			"gateway.networking.k8s.io/v1\nkind: ReferenceGrant\n"
			"metadata: %s", grants[i]);
		lint_text(&r, sb.buf, NULL);
		if (i + 1 < ARRAY_LEN(grants))
			assert_non_null(find(&r, "ref/missing-grant"));
		else
			assert_int_equal(r.sink.len, 0);
		release(&r);
		strbuf_release(&sb);
	}
}

/* request: 0s means no timeout, so any backendRequest is fine. */
static void
test_timeout_zero(void **state)
{
	struct run r;

	(void)state;
	lint_text(&r, HR "  rules:\n  - timeouts: {request: 0s, "
		"backendRequest: 2m}\n    backendRefs: [{name: a, port: 80}]\n",
		NULL);
	assert_int_equal(r.sink.len, 0);
	release(&r);
}

static void
test_conflict_precedence(void **state)
{
	struct run r;
	const struct diag *d;

	(void)state;
	/* "a" sorts first but "b" is older: "b" wins, "a" is reported */
	lint_text(&r,
		"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
		"metadata: {name: a, creationTimestamp: "
		"'2024-05-01T00:00:00Z'}\nspec:\n  parentRefs: [{name: gw}]\n"
		"  hostnames: [x.example.com]\n  rules:\n  - matches: [{path: "
		"{value: /p}, headers: [{name: A, value: '1'}, {name: b, "
		"value: '2'}]}]\n    backendRefs: [{name: a, port: 80}]\n---\n"
		"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
		"metadata: {name: b, creationTimestamp: "
		"'2023-01-01T00:00:00Z'}\nspec:\n  parentRefs: [{name: gw}]\n"
		"  hostnames: [x.example.com]\n  rules:\n  - matches: [{path: "
		"{value: /p/}, headers: [{name: B, value: '2'}, {name: a, "
		"value: '1'}]}]\n    backendRefs: [{name: b, port: 80}]\n",
		NULL);
	d = find(&r, "conflict/route-conflict");
	assert_non_null(d);
	assert_int_equal(d->pos.line, 8);
	assert_non_null(strstr(d->msg, "HTTPRoute default/b wins because it "
		"is older"));
	assert_int_equal(d->nnotes, 1);
	assert_int_equal(d->notes[0].pos.line, 18);
	release(&r);
	/* different hostnames or listeners do not conflict */
	lint_text(&r,
		HR "  parentRefs: [{name: gw}]\n  hostnames: [a.example.com]\n"
		"  rules:\n  - backendRefs: [{name: a, port: 80}]\n---\n"
		"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
		"metadata: {name: other}\nspec:\n  parentRefs: [{name: gw}]\n"
		"  hostnames: [b.example.com]\n  rules:\n  - backendRefs: "
		"[{name: a, port: 80}]\n", NULL);
	assert_null(find(&r, "conflict/route-conflict"));
	release(&r);
}

/* Many routes: one hash lookup per match, so this stays fast. */
static void
test_conflict_many_routes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	size_t k = 0;

	(void)state;
	for (int i = 0; i < 3000; i++)
		strbuf_addf(&sb, "---\napiVersion: gateway.networking.k8s.io/v1"
			"\nkind: HTTPRoute\nmetadata: {name: r%04d}\nspec:\n"
			"  parentRefs: [{name: gw}]\n  hostnames: [h%d.example."
			"com]\n  rules:\n  - matches: [{path: {value: /}}]\n"
			"    backendRefs: [{name: a, port: 80}]\n", i, i / 2);
	lint_text(&r, sb.buf, NULL);
	for (size_t i = 0; i < r.sink.len; i++)
		k += !strcmp(r.sink.items[i].rule, "conflict/route-conflict");
	assert_int_equal(k, 1500);
	release(&r);
	strbuf_release(&sb);
}

/*
 * An 8,000-origin CORS list (max 64): one 'Too many', and each repeated
 * value once, pointing at its first occurrence (the check is linear; the
 * timing is bench/run_lint_cors.sh's).
 */
static void
test_cors_origins_8000(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	size_t items = 0, dups = 0;

	(void)state;
	strbuf_adds(&sb, "apiVersion: gateway.networking.k8s.io/v1\n"
		"kind: HTTPRoute\nmetadata: {name: web}\nspec:\n  rules:\n"
		"  - filters:\n    - type: CORS\n      cors:\n"
		"        allowOrigins:\n");
	/* 7,000 distinct origins, then the first 1,000 again */
	for (int i = 0; i < 8000; i++)
		strbuf_addf(&sb, "        - https://o%d.example.com\n",
			i % 7000);
	strbuf_adds(&sb, "    backendRefs: [{name: web, port: 80}]\n");
	lint_text(&r, sb.buf, NULL);
	for (size_t i = 0; i < r.sink.len; i++) {
		const struct diag *d = &r.sink.items[i];

		items += !strcmp(d->rule, "schema/items");
		if (strcmp(d->rule, "schema/duplicate"))
			continue;
		/* item 7000 + k repeats item k, 7000 lines above */
		assert_int_equal(d->nnotes, 1);
		assert_int_equal(d->pos.line - d->notes[0].pos.line, 7000);
		dups++;
	}
	assert_int_equal(items, 1);
	assert_int_equal(dups, 1000);
	release(&r);
	strbuf_release(&sb);
}

static void
test_disable_and_config(void **state)
{
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct run r;
	const char *bad = "apiVersion: gateway.networking.k8s.io/v1\n"
		"kind: HTTPRoute\nmetadata:\n  name: web\n  annotations:\n"
		"    ing2gw.io/disable: \"route/path-value, semantic/regex\"\n"
		"spec:\n  rules:\n  - matches: [{path: {value: a}}]\n"
		"    backendRefs: [{name: a}]\n";

	(void)state;
	lint_text(&r, bad, NULL);
	assert_null(find(&r, "route/path-value"));
	assert_non_null(find(&r, "route/backend-port"));
	assert_int_equal(find(&r, "route/backend-port")->severity,
		DIAG_ERROR);
	release(&r);
	assert_int_equal(lint_config_set(&cfg, "route/backend-port",
		LINT_LEVEL_WARNING), 0);
	assert_int_equal(lint_config_set(&cfg, "no/such", LINT_LEVEL_OFF),
		ERR_INVALID);
	lint_text(&r, bad, &cfg);
	assert_int_equal(find(&r, "route/backend-port")->severity,
		DIAG_WARNING);
	release(&r);
	assert_int_equal(lint_config_set(&cfg, "route/backend-port",
		LINT_LEVEL_OFF), 0);
	lint_text(&r, bad, &cfg);
	assert_null(find(&r, "route/backend-port"));
	release(&r);
	lint_config_release(&cfg);
}

static void
test_values(void **state)
{
	long long ms;

	(void)state;
	assert_true(lint_host_intersects(NULL, "a.example.com"));
	assert_true(lint_host_intersects("*.example.com", "a.b.example.com"));
	assert_false(lint_host_intersects("*.example.com", "example.com"));
	assert_true(lint_host_intersects("*.com", "*.example.com"));
	assert_true(lint_host_intersects("very.specific.com",
		"*.specific.com"));
	assert_false(lint_host_intersects("a.example.com", "b.example.com"));
	assert_true(lint_is_ip("10.1.2.3"));
	assert_false(lint_is_ip("10.1.2.example"));
	assert_true(lint_duration_ms("1h2m3s4ms", &ms));
	assert_int_equal(ms, 3723004);
	assert_false(lint_duration_ms("1d", &ms));
	assert_false(lint_duration_ms("123456s", &ms));
}

static const char *
jstr(json_t *o, const char *path)
{
	char key[64];

	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		snprintf(key, sizeof(key), "%.*s", (int)len, path);
		o = json_is_array(o) ?
			json_array_get(o, strtoul(key, NULL, 10)) :
			json_object_get(o, key);
		path += len + (dot != NULL);
	}
	return json_string_value(o);
}

static void
check_sarif(const char *text, size_t want_results)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err), *runs, *rules, *results;

	assert_non_null(root);
	assert_string_equal(jstr(root, "version"), "2.1.0");
	assert_non_null(strstr(jstr(root, "$schema"), "sarif-2.1.0"));
	runs = json_object_get(root, "runs");
	assert_true(json_is_array(runs) && json_array_size(runs) == 1);
	assert_string_equal(jstr(runs, "0.tool.driver.name"), "ing2gw");
	rules = json_object_get(json_object_get(json_object_get(
		json_array_get(runs, 0), "tool"), "driver"), "rules");
	assert_true(json_is_array(rules) && json_array_size(rules) > 0);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		const char *lvl = jstr(r, "defaultConfiguration.level");

		assert_true(*jstr(r, "id"));
		assert_true(*jstr(r, "shortDescription.text"));
		assert_true(*jstr(r, "fullDescription.text"));
		assert_true(*jstr(r, "help.text"));
		assert_true(!strcmp(lvl, "error") || !strcmp(lvl, "warning") ||
			!strcmp(lvl, "note"));
	}
	results = json_object_get(json_array_get(runs, 0), "results");
	assert_true(json_is_array(results));
	assert_int_equal(json_array_size(results), want_results);
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *res = json_array_get(results, i);
		json_t *idx = json_object_get(res, "ruleIndex");
		json_t *region = json_object_get(json_object_get(
			json_array_get(json_object_get(res, "locations"), 0),
			"physicalLocation"), "region");

		assert_true(*jstr(res, "ruleId"));
		assert_string_equal(jstr(json_array_get(rules,
			(size_t)json_integer_value(idx)), "id"),
			jstr(res, "ruleId"));
		assert_true(*jstr(res, "message.text"));
		assert_string_equal(jstr(res, "locations.0.physicalLocation."
			"artifactLocation.uri"), "in.yaml");
		assert_true(json_integer_value(json_object_get(region,
			"startLine")) >= 1);
		assert_true(json_integer_value(json_object_get(region,
			"startColumn")) >= 1);
		assert_int_equal(strlen(jstr(res,
			"partialFingerprints.ing2gw/v1")), 16);
		assert_true(!strcmp(jstr(res, "level"), "error") ||
			!strcmp(jstr(res, "level"), "warning") ||
			!strcmp(jstr(res, "level"), "note"));
	}
	json_decref(root);
}

static void
sarif_of(struct strbuf *out, struct run *r)
{
	struct report_sarif_rule rules[] = {
		{ "gateway/listener-unique", DIAG_ERROR, "short", "full",
		  "help", "*help*" },
	};
	struct report_sarif_run run = { rules, ARRAY_LEN(rules),
		r->res.objects, r->res.len, true };

	diag_sort(&r->sink);
	report_sarif(out, &r->sink, &run);
}

static void
test_sarif(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct run r;
	size_t n;
	const struct lint_rule *cat = lint_catalogue(&n);
	const struct lint_rule *lu = lint_rule_find("gateway/listener-unique");
	json_t *root;

	(void)state;
	(void)cat;
	lint_text(&r, lu->good, NULL);
	sarif_of(&a, &r);
	check_sarif(a.buf, 0);	/* a clean run is a valid log */
	release(&r);
	strbuf_reset(&a);

	lint_text(&r, lu->bad, NULL);
	sarif_of(&a, &r);
	check_sarif(a.buf, r.sink.len);
	root = json_loads(a.buf, 0, NULL);
	/* the note became a related location */
	assert_non_null(jstr(root, "runs.0.results.0.relatedLocations.0."
		"message.text"));
	json_decref(root);
	release(&r);

	/* fingerprints ignore line moves */
	{
		struct strbuf moved = STRBUF_INIT;
		json_t *ra, *rb;

		strbuf_addf(&moved, "\n\n# moved\n%s", lu->bad);
		lint_text(&r, moved.buf, NULL);
		sarif_of(&b, &r);
		release(&r);
		strbuf_release(&moved);
		ra = json_loads(a.buf, 0, NULL);
		rb = json_loads(b.buf, 0, NULL);
		assert_string_equal(jstr(ra, "runs.0.results.0."
			"partialFingerprints.ing2gw/v1"), jstr(rb, "runs.0."
			"results.0.partialFingerprints.ing2gw/v1"));
		assert_int_not_equal(json_integer_value(json_object_get(
			json_object_get(json_object_get(json_array_get(
			json_object_get(json_array_get(json_object_get(
			json_array_get(json_object_get(ra, "runs"), 0),
			"results"), 0), "locations"), 0), "physicalLocation"),
			"region"), "startLine")), 0);
		json_decref(ra);
		json_decref(rb);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Who routes to InferencePools: every answer names its source, and where
 * none says anything the answer is unknown. */
static void
test_inference_support(void **state)
{
	size_t n;
	const struct lint_inference_support *t =
		lint_inference_support_table(&n);
	const struct lint_inference_support *s;

	(void)state;
	assert_int_equal(n, 10);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].target);
		assert_true(t[i].source && *t[i].source);
		assert_ptr_equal(lint_inference_support(t[i].target), &t[i]);
		/* a yes cites a report of a version */
		if (t[i].support == LINT_SUPPORT_YES) {
			assert_non_null(t[i].version);
			assert_non_null(strstr(t[i].source, "report.yaml"));
		}
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t[i].target, t[j].target);
	}
	s = lint_inference_support("nginx-gateway-fabric");
	assert_int_equal(s->support, LINT_SUPPORT_YES);
	assert_string_equal(s->version, "2.6.0");
	assert_non_null(strstr(s->source, "inference-v2.6.0-report.yaml"));
	assert_non_null(strstr(s->source, "2 skipped"));
	assert_int_equal(lint_inference_support("istio")->support,
		LINT_SUPPORT_YES);
	/* nothing says: unknown, and the source says that nothing does */
	s = lint_inference_support("cilium");
	assert_int_equal(s->support, LINT_SUPPORT_UNKNOWN);
	assert_null(s->version);
	assert_non_null(strstr(s->source, "conformance reports do not mention"));
	assert_int_equal(lint_inference_support("envoy-gateway")->support,
		LINT_SUPPORT_UNKNOWN);
	/* a pre-v1 report is not support of v1 */
	s = lint_inference_support("gke");
	assert_int_equal(s->support, LINT_SUPPORT_UNKNOWN);
	assert_non_null(strstr(s->source, "pre-v1"));
	s = lint_inference_support("no-such-gateway");
	assert_int_equal(s->support, LINT_SUPPORT_UNKNOWN);
	assert_null(s->target);
	assert_int_equal(lint_inference_support(NULL)->support,
		LINT_SUPPORT_UNKNOWN);
	assert_string_equal(lint_support_name(LINT_SUPPORT_YES), "yes");
	assert_string_equal(lint_support_name(LINT_SUPPORT_NO), "no");
	assert_string_equal(lint_support_name(LINT_SUPPORT_UNKNOWN),
		"unknown");
}

#define POOL_ROUTE(group) HR "  rules:\n  - backendRefs: [{group: " group \
	", kind: InferencePool, name: llm}]\n"

/* lint --target and a backendRef to an InferencePool: the severity is the
 * target's answer (yes: none, no: warning, unknown: info), the generic
 * target's is the table's "standard", and the configuration wins. */
static void
test_inference_target(void **state)
{
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct run r;
	const struct diag *d;

	(void)state;
	for (size_t i = 0; tgt_names[i]; i++) {
		const struct lint_inference_support *s;

		cfg.target = tgt_find(tgt_names[i]);
		assert_non_null(cfg.target);
		s = lint_inference_support(cfg.target->generic ? "standard" :
			tgt_names[i]);
		assert_non_null(s->target);	/* every target has a row */
		lint_text(&r, POOL_ROUTE("inference.networking.k8s.io"), &cfg);
		d = find(&r, "target/inference-pool");
		if (s->support == LINT_SUPPORT_YES)
			assert_null(d);
		else {
			assert_non_null(d);
			assert_int_equal(d->severity, s->support ==
				LINT_SUPPORT_NO ? DIAG_WARNING : DIAG_INFO);
			assert_int_equal(d->pos.line, 6);
			assert_int_equal(d->nnotes, 1);
		}
		release(&r);
	}
	cfg.target = tgt_find("cilium");
	/* not the v1 group: inference/backend-group says so, not this */
	lint_text(&r, POOL_ROUTE("inference.networking.x-k8s.io"), &cfg);
	assert_null(find(&r, "target/inference-pool"));
	assert_non_null(find(&r, "inference/backend-group"));
	release(&r);
	assert_int_equal(lint_config_set(&cfg, "target/inference-pool",
		LINT_LEVEL_ERROR), 0);
	lint_text(&r, POOL_ROUTE("inference.networking.k8s.io"), &cfg);
	assert_non_null(d = find(&r, "target/inference-pool"));
	assert_int_equal(d->severity, DIAG_ERROR);
	release(&r);
	cfg.target = NULL;
	lint_text(&r, POOL_ROUTE("inference.networking.k8s.io"), &cfg);
	assert_null(find(&r, "target/inference-pool"));
	release(&r);
	lint_config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_table),
		cmocka_unit_test(test_catalogue_examples),
		cmocka_unit_test(test_prefix_match_defaults),
		cmocka_unit_test(test_path_messages),
		cmocka_unit_test(test_cel_messages),
		cmocka_unit_test(test_timeout_zero),
		cmocka_unit_test(test_attachment),
		cmocka_unit_test(test_reference_grants),
		cmocka_unit_test(test_conflict_precedence),
		cmocka_unit_test(test_conflict_many_routes),
		cmocka_unit_test(test_cors_origins_8000),
		cmocka_unit_test(test_disable_and_config),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_inference_support),
		cmocka_unit_test(test_inference_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
