/* Unit tests: providers/aws-alb (the catalogue, its parsers, selection,
 * ALB path patterns and their match). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "doc.h"
#include "k8s.h"
#include "model/ingress.h"
#include "providers/aws-alb/annotations.h"
#include "providers/provider.h"

static void
test_catalogue(void **state)
{
	const struct prov_provider *p = prov_find("aws-alb");
	size_t n = 0;

	(void)state;
	assert_non_null(p);
	assert_ptr_equal(p, &prov_alb_provider);
	assert_int_equal(p->count, PROV_ALB_NANN);
	assert_int_equal(p->count, 72);
	assert_string_equal(p->prefixes[0], "alb.ingress.kubernetes.io/");
	(void)prov_list(&n);
	assert_true(n >= 3);
	/* every entry is described, keys are unique */
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		assert_non_null(a->key);
		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_true(a->cls >= PROV_CLASS_A &&
			a->cls <= PROV_CLASS_C_PERF);
		for (size_t j = i + 1; j < p->count; j++)
			assert_string_not_equal(a->key, p->table[j].key);
	}
	/* keys as written, families by prefix */
	assert_non_null(prov_lookup(p, "group.name"));
	assert_non_null(prov_lookup(p, "ssl-redirect"));
	assert_non_null(prov_lookup(p, "frontend-nlb-healthcheck-path"));
	assert_string_equal(prov_lookup(p, "actions.blue")->key, "actions.");
	assert_string_equal(prov_lookup(p, "conditions.x")->key,
		"conditions.");
	assert_string_equal(prov_lookup(p, "listener-attributes.HTTPS-443")
		->key, "listener-attributes.");
	assert_null(prov_lookup(p, "actions."));
	assert_null(prov_lookup(p, "Group.Name"));
	assert_null(prov_lookup(p, "ssl-redirects"));
	/* access control is rated high */
	assert_int_equal(prov_lookup(p, "auth-type")->risk, PROV_RISK_HIGH);
	assert_int_equal(prov_lookup(p, "inbound-cidrs")->risk,
		PROV_RISK_HIGH);
}

static void
test_ports(void **state)
{
	struct prov_alb_port pt[4];
	size_t n = 0;
	const char *why = NULL;

	(void)state;
	assert_true(prov_alb_parse_ports("[{\"HTTP\": 80}, {\"HTTPS\": 443}]",
		pt, 4, &n, &why));
	assert_int_equal(n, 2);
	assert_false(pt[0].https);
	assert_int_equal(pt[0].port, 80);
	assert_true(pt[1].https);
	assert_int_equal(pt[1].port, 443);
	assert_false(prov_alb_parse_ports("HTTP:80", pt, 4, &n, &why));
	assert_false(prov_alb_parse_ports("[]", pt, 4, &n, &why));
	assert_false(prov_alb_parse_ports("[{\"TCP\": 80}]", pt, 4, &n, &why));
	assert_false(prov_alb_parse_ports("[{\"HTTP\": \"80\"}]", pt, 4, &n,
		&why));
	assert_false(prov_alb_parse_ports("[{\"HTTP\": 70000}]", pt, 4, &n,
		&why));
	assert_false(prov_alb_parse_ports("[{\"HTTP\": 80}, {\"HTTPS\": 80}]",
		pt, 4, &n, &why));
	assert_non_null(why);
}

static void
test_group_and_maps(void **state)
{
	struct arena a = { 0 };

	(void)state;
	assert_true(prov_alb_group_name_ok("my-team.awesome-group"));
	assert_true(prov_alb_group_name_ok("a"));
	assert_false(prov_alb_group_name_ok("Shop"));
	assert_false(prov_alb_group_name_ok("-shop"));
	assert_false(prov_alb_group_name_ok("shop."));
	assert_false(prov_alb_group_name_ok("shop_team"));
	assert_false(prov_alb_group_name_ok(""));
	assert_false(prov_alb_group_name_ok(
		"a234567890123456789012345678901234567890123456789012345678901234"));
	assert_string_equal(prov_alb_map_get(&a,
		"idle_timeout.timeout_seconds=600, routing.http2.enabled=true",
		"routing.http2.enabled"), "true");
	assert_string_equal(prov_alb_map_get(&a,
		" idle_timeout.timeout_seconds = 600", "idle_timeout."
		"timeout_seconds"), "600");
	assert_null(prov_alb_map_get(&a, "a=1", "b"));
	assert_true(prov_alb_map_ok("a=1,b=2"));
	assert_false(prov_alb_map_ok("idle_timeout"));
	assert_false(prov_alb_map_ok("=1"));
	arena_release(&a);
}

static void
test_patterns(void **state)
{
	struct arena a = { 0 };
	const char *out[2];
	size_t n = 0;
	const char *why = NULL;

	(void)state;
	assert_true(prov_alb_patterns(&a, ING_PATH_PREFIX, "/", out, &n,
		&why));
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "/*");
	assert_true(prov_alb_patterns(&a, ING_PATH_PREFIX, "/api/", out, &n,
		&why));
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "/api");
	assert_string_equal(out[1], "/api/*");
	assert_true(prov_alb_patterns(&a, ING_PATH_EXACT, "/x", out, &n,
		&why));
	assert_int_equal(n, 1);
	assert_false(prov_alb_patterns(&a, ING_PATH_EXACT, "/x*", out, &n,
		&why));
	assert_false(prov_alb_patterns(&a, ING_PATH_PREFIX, "/x/?", out, &n,
		&why));
	assert_true(prov_alb_patterns(&a, ING_PATH_IMPLEMENTATION_SPECIFIC,
		"/img/*.png", out, &n, &why));
	assert_string_equal(out[0], "/img/*.png");
	arena_release(&a);
}

static void
test_wildcard(void **state)
{
	(void)state;
	assert_true(prov_alb_wildcard("/*", "/", false));
	assert_true(prov_alb_wildcard("/*", "/anything/at/all", false));
	assert_true(prov_alb_wildcard("/api/*", "/api/", false));
	assert_false(prov_alb_wildcard("/api/*", "/api", false));
	assert_false(prov_alb_wildcard("/api/*", "/apis", false));
	assert_true(prov_alb_wildcard("/img/*.png", "/img/a/b.png", false));
	assert_false(prov_alb_wildcard("/img/*.png", "/img/a.jpg", false));
	assert_true(prov_alb_wildcard("/v?/x", "/v1/x", false));
	assert_false(prov_alb_wildcard("/v?/x", "/v10/x", false));
	/* paths are case-sensitive, hosts are not */
	assert_false(prov_alb_wildcard("/Login", "/login", false));
	assert_true(prov_alb_wildcard("*.example.com", "A.Example.COM", true));
	assert_false(prov_alb_wildcard("*.example.com", "example.com", true));
}

/* Go's encoding/json: a struct field takes its key in any case. */
static void
test_jget(void **state)
{
	json_error_t err;
	json_t *j = json_loads("{\"Type\": \"redirect\", \"type\": "
		"\"forward\", \"RedirectConfig\": {\"Protocol\": "
		"\"HTTPS\"}}", 0, &err);

	(void)state;
	assert_non_null(j);
	assert_string_equal(json_string_value(prov_alb_jget(j, "type")),
		"forward");
	assert_string_equal(json_string_value(prov_alb_jget(
		prov_alb_jget(j, "redirectConfig"), "protocol")), "HTTPS");
	assert_null(prov_alb_jget(j, "fixedResponseConfig"));
	assert_null(prov_alb_jget(NULL, "type"));
	json_decref(j);
}

static void
parse_text(const char *yaml, struct prov_alb_settings *s, struct arena *a,
	struct diag_sink *sink, struct doc_set **set_out)
{
	struct doc_set *set = doc_set_new(NULL);

	assert_int_equal(doc_set_parse(set, "t.yaml", yaml, strlen(yaml),
		sink), 0);
	prov_alb_parse(s, a, set, doc_path(doc_set_root(set, 0),
		"metadata.annotations"), "Ingress", "default", "web", sink);
	*set_out = set;
}

static size_t
count_rule(const struct diag_sink *sink, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < sink->len; i++)
		if (!strcmp(sink->items[i].rule, rule))
			n++;
	return n;
}

static void
test_parse(void **state)
{
	struct prov_alb_settings s;
	struct arena a = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct doc_set *set = NULL;

	(void)state;
	parse_text("metadata:\n  annotations:\n"
		"    alb.ingress.kubernetes.io/group.name: shop\n"
		"    alb.ingress.kubernetes.io/group.order: '-5'\n"
		"    alb.ingress.kubernetes.io/ssl-redirect: '443'\n"
		"    alb.ingress.kubernetes.io/listen-ports: "
		"'[{\"HTTP\": 80}, {\"HTTPS\": 443}]'\n"
		"    alb.ingress.kubernetes.io/auth-type: cognito\n"
		"    alb.ingress.kubernetes.io/use-regex-path-match: 'true'\n"
		"    alb.ingress.kubernetes.io/actions.blue: "
		"'{\"type\":\"forward\"}'\n"
		"    alb.ingress.kubernetes.io/sheme: internal\n"
		"    alb.ingress.kubernetes.io/scheme: public\n"
		"    nginx.ingress.kubernetes.io/ssl-redirect: 'true'\n",
		&s, &a, &sink, &set);
	assert_string_equal(s.group, "shop");
	assert_int_equal(s.order, -5);
	assert_int_equal(s.ssl_redirect, 443);
	assert_int_equal(s.nports, 2);
	assert_int_equal(s.auth_type, 1);
	assert_true(s.use_regex);
	assert_int_equal(s.nnamed, 1);
	assert_non_null(prov_alb_named(&s, "actions", "blue"));
	assert_null(prov_alb_named(&s, "conditions", "blue"));
	assert_non_null(prov_alb_slot(&s, "group.name"));
	assert_true(prov_alb_slot(&s, "scheme")->bad);
	assert_int_equal(count_rule(&sink,
		"convert/aws-alb-annotation-unknown"), 1);
	assert_int_equal(count_rule(&sink,
		"convert/aws-alb-annotation-invalid"), 1);
	assert_non_null(s.fatal);
	diag_sink_release(&sink);
	doc_set_free(set);
	arena_release(&a);

	parse_text("metadata:\n  annotations:\n"
		"    alb.ingress.kubernetes.io/group.order: '1001'\n"
		"    alb.ingress.kubernetes.io/group.name: Bad_Name\n"
		"    alb.ingress.kubernetes.io/inbound-cidrs: 10.0.0.0/8, x\n"
		"    alb.ingress.kubernetes.io/conditions.a: '{}'\n",
		&s, &a, &sink, &set);
	assert_null(s.group);
	assert_true(s.group_bad);
	assert_int_equal(s.order, 0);
	assert_int_equal(count_rule(&sink,
		"convert/aws-alb-annotation-invalid"), 4);
	diag_sink_release(&sink);
	doc_set_free(set);
	arena_release(&a);
}

static void
test_serves(void **state)
{
	static const char *yaml =
		"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
		"metadata: {name: public}\nspec: {controller: "
		"ingress.k8s.aws/alb}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: a}\nspec: {ingressClassName: public}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: b, annotations: {kubernetes.io/ingress.class: "
		"alb}}\nspec: {}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: c}\nspec: {ingressClassName: nginx}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: d}\nspec: {}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: e}\nspec: {ingressClassName: alb}\n";
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = { 0 };
	struct ing_world w = { 0 };
	bool want[] = { true, true, false, false, true };

	(void)state;
	assert_int_equal(doc_set_parse(set, "t.yaml", yaml, strlen(yaml),
		&sink), 0);
	k8s_objects_collect(&objs, set, &sink);
	(void)ing_world_load(&w, set, &objs, &sink);
	assert_int_equal(w.ningresses, 5);
	for (size_t i = 0; i < w.ningresses; i++)
		assert_int_equal(prov_alb_serves(&w, &w.ingresses[i]),
			want[i]);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_group_and_maps),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_jget),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_serves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
