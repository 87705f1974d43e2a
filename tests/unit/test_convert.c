/* Unit tests of convert/: names, value checks and the conversion itself. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "convert.h"
#include "doc.h"
#include "emit.h"
#include "gwcheck.h"
#include "ingress.h"
#include "k8s.h"
#include "names.h"

struct run {
	struct doc_set *set;
	struct diag_sink sink;
	struct k8s_objects objs;
	struct ing_world world;
	struct conv_result res;
	struct strbuf yaml;
};

static void
convert_text(struct run *r, const char *text, const struct conv_options *o)
{
	struct conv_options none = { 0 };

	memset(r, 0, sizeof(*r));
	r->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(r->set, "in.yaml", text, strlen(text),
		&r->sink), 0);
	assert_int_equal(k8s_objects_collect(&r->objs, r->set, &r->sink), 0);
	assert_int_equal(ing_world_load(&r->world, r->set, &r->objs,
		&r->sink), 0);
	assert_int_equal(conv_run(&r->res, &r->world, o ? o : &none,
		&r->sink), 0);
	emit_objects(&r->yaml, (const struct doc_node *const *)r->res.objects,
		r->res.nobjects, EMIT_YAML);
}

static void
release(struct run *r)
{
	strbuf_release(&r->yaml);
	conv_result_release(&r->res);
	ing_world_release(&r->world);
	k8s_objects_release(&r->objs);
	diag_sink_release(&r->sink);
	doc_set_free(r->set);
}

static bool
has_rule(const struct run *r, const char *rule)
{
	for (size_t i = 0; i < r->sink.len; i++)
		if (r->sink.items[i].rule && !strcmp(r->sink.items[i].rule, rule))
			return true;
	return false;
}

static const char *ingress_head =
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
	"metadata: {name: web, namespace: shop}\n";

static void
test_hostname_check(void **state)
{
	(void)state;
	assert_null(gwcheck_hostname("a.example.com"));
	assert_null(gwcheck_hostname("*.example.com"));
	assert_non_null(gwcheck_hostname("registry.<your domain>"));
	assert_non_null(gwcheck_hostname("A.example.com"));
	assert_non_null(gwcheck_hostname("a*.example.com"));
	assert_non_null(gwcheck_hostname("-a.example.com"));
	assert_non_null(gwcheck_hostname("a..b"));
}

static void
test_path_check(void **state)
{
	(void)state;
	assert_null(gwcheck_path("PathPrefix", "/"));
	assert_null(gwcheck_path("Exact", "/a/b-c_d~e%20"));
	assert_non_null(gwcheck_path("PathPrefix", "api"));
	assert_non_null(gwcheck_path("PathPrefix", "/a//b"));
	assert_non_null(gwcheck_path("PathPrefix", "/a/../b"));
	assert_non_null(gwcheck_path("PathPrefix", "/a%2Fb"));
	assert_non_null(gwcheck_path("PathPrefix", "/api(/|$)(.*)"));
	assert_non_null(gwcheck_path("PathPrefix", "/a#b"));
}

static void
test_names_collision_free(void **state)
{
	struct arena a = ARENA_INIT;
	struct name_table t = NAME_TABLE_INIT;
	const char *x = NULL, *y = NULL, *z = NULL;

	(void)state;
	assert_string_equal(names_sanitize(&a, "Foo_Bar..baz-"), "foo-bar.baz");
	names_want(&t, "s", "web-wildcard.example.com", "w/*.example.com", &x);
	names_want(&t, "s", "web-wildcard.example.com", "w/wildcard.example.com", &y);
	names_want(&t, "s", "web-example.com", "w/example.com", &z);
	names_resolve(&t, &a);
	assert_string_not_equal(x, y);
	assert_string_equal(z, "web-example.com");
	assert_true(strlen(x) <= 253);
	names_release(&t);
	arena_release(&a);
}

static void
test_basic_route(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;

	(void)state;
	strbuf_addf(&in, "%sspec:\n  ingressClassName: nginx\n  rules:\n"
		"  - host: a.example.com\n    http:\n      paths:\n"
		"      - path: /api\n        pathType: Prefix\n"
		"        backend: {service: {name: api, port: {number: 8080}}}\n"
		"      - path: /exact\n        pathType: Exact\n"
		"        backend: {service: {name: api, port: {number: 8080}}}\n",
		ingress_head);
	convert_text(&r, in.buf, NULL);
	/* the Namespace of the Gateway, the Gateway and the route */
	assert_int_equal(r.res.nobjects, 3);
	assert_non_null(strstr(r.yaml.buf, "kind: Namespace\nmetadata:\n"
		"  name: gateway-system\n"));
	assert_non_null(strstr(r.yaml.buf, "kind: Gateway\n"));
	assert_non_null(strstr(r.yaml.buf, "    ing2gw.io/source: "));
	assert_non_null(strstr(r.yaml.buf, "name: nginx\n  namespace: gateway-system"));
	assert_non_null(strstr(r.yaml.buf, "name: web-a.example.com\n  namespace: shop"));
	assert_non_null(strstr(r.yaml.buf, "type: PathPrefix\n        value: /api"));
	assert_non_null(strstr(r.yaml.buf, "type: Exact\n        value: /exact"));
	assert_non_null(strstr(r.yaml.buf, "port: 8080"));
	/*
	 * an info: HTTPS on a host without a certificate; a warning, once
	 * for the Gateway: ingress-nginx's data-plane defaults; an info: the
	 * gatewayClassName assumed
	 */
	assert_int_equal(r.sink.len, 3);
	for (size_t i = 0; i < r.sink.len; i++)
		if (!strcmp(r.sink.items[i].rule,
		    "convert/nginx-default-certificate") ||
		    !strcmp(r.sink.items[i].rule,
		    "convert/gateway-class-assumed"))
			assert_int_equal(r.sink.items[i].severity, DIAG_INFO);
		else
			assert_string_equal(r.sink.items[i].rule,
				"convert/target-defaults");
	release(&r);
	strbuf_release(&in);
}

static void
test_tls_cross_namespace_grant(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;

	(void)state;
	strbuf_addf(&in, "%sspec:\n  ingressClassName: nginx\n"
		"  tls: [{hosts: [a.example.com], secretName: a-tls}]\n"
		"  rules:\n  - host: a.example.com\n    http:\n      paths:\n"
		"      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}\n",
		ingress_head);
	convert_text(&r, in.buf, NULL);
	assert_non_null(strstr(r.yaml.buf, "name: https.a.example.com"));
	assert_non_null(strstr(r.yaml.buf, "kind: ReferenceGrant"));
	assert_non_null(strstr(r.yaml.buf, "namespace: shop\n"));
	release(&r);
	strbuf_release(&in);
}

static void
test_per_namespace_layout_needs_no_grant(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;
	struct conv_options o = { .layout = CONV_LAYOUT_PER_NAMESPACE };

	(void)state;
	strbuf_addf(&in, "%sspec:\n  ingressClassName: nginx\n"
		"  tls: [{hosts: [a.example.com], secretName: a-tls}]\n"
		"  rules:\n  - host: a.example.com\n    http:\n      paths:\n"
		"      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}\n",
		ingress_head);
	convert_text(&r, in.buf, &o);
	assert_null(strstr(r.yaml.buf, "ReferenceGrant"));
	assert_non_null(strstr(r.yaml.buf, "from: Same"));
	release(&r);
	strbuf_release(&in);
}

static void
test_layout_default(void **state)
{
	struct conv_options o = { 0 };

	(void)state;
	/* not chosen: the target's default; generic assumes nothing */
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_SHARED);
	o.target = "generic";
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_SHARED);
	/* its conformance report: ListenerSet supported, one address */
	o.target = "envoy-gateway";
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_LISTENERSET);
	/* not supported: one Gateway per class */
	o.target = "istio";
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_SHARED);
	o.target = "envoy-gateway";
	o.layout = CONV_LAYOUT_LISTENERSET;
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_LISTENERSET);
	o.layout = CONV_LAYOUT_PER_NAMESPACE;
	assert_int_equal(conv_layout_of(&o), CONV_LAYOUT_PER_NAMESPACE);
}

static const struct doc_node *
object_of(const struct run *r, const char *kind, const char *ns,
	const char *name, size_t *count)
{
	const struct doc_node *found = NULL;

	*count = 0;
	for (size_t i = 0; i < r->res.nobjects; i++) {
		const struct doc_node *o = r->res.objects[i];
		const struct doc_node *md = doc_get(o, "metadata");

		if (strcmp(doc_str(doc_get(o, "kind")), kind))
			continue;
		(*count)++;
		if (!strcmp(doc_str(doc_get(md, "namespace")), ns) &&
		    !strcmp(doc_str(doc_get(md, "name")), name))
			found = o;
	}
	return found;
}

/* 70 TLS hosts in shop, one in blog: one Gateway, ListenerSets nginx and
 * nginx-2 in shop (oldest Ingresses first) and nginx in blog, no
 * ReferenceGrant, routes on them. */
static void
test_listenerset_layout(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;
	struct conv_options o = { .layout = CONV_LAYOUT_LISTENERSET };
	const struct doc_node *gw, *ls, *ls2, *route, *ref;
	size_t n;

	(void)state;
	for (int i = 0; i < 71; i++)
		strbuf_addf(&in, "---\napiVersion: networking.k8s.io/v1\n"
			"kind: Ingress\nmetadata: {name: a%d, namespace: %s, "
			"creationTimestamp: '2024-01-01T00:%02d:%02dZ'}\n"
			"spec:\n  ingressClassName: nginx\n"
			"  tls: [{hosts: [a%d.example.com], secretName: t}]\n"
			"  rules:\n  - host: a%d.example.com\n    http:\n"
			"      paths:\n      - {path: /, pathType: Prefix, "
			"backend: {service: {name: s, port: {number: 80}}}}\n",
			i, i == 70 ? "blog" : "shop", i / 60, i % 60, i, i);
	convert_text(&r, in.buf, &o);
	gw = object_of(&r, "Gateway", "gateway-system", "nginx", &n);
	assert_non_null(gw);
	assert_int_equal(n, 1);
	assert_int_equal(doc_len(doc_path(gw, "spec.listeners")), 1);
	assert_string_equal(doc_str(doc_path(gw,
		"spec.allowedListeners.namespaces.from")), "All");
	ls = object_of(&r, "ListenerSet", "shop", "nginx", &n);
	ls2 = object_of(&r, "ListenerSet", "shop", "nginx-2", &n);
	assert_int_equal(n, 3);
	assert_non_null(ls);
	assert_non_null(ls2);
	assert_int_equal(doc_len(doc_path(ls, "spec.listeners")), 64);
	assert_int_equal(doc_len(doc_path(ls2, "spec.listeners")), 6);
	assert_string_equal(doc_str(doc_path(ls2, "spec.parentRef.name")),
		"nginx");
	assert_string_equal(doc_str(doc_path(ls2,
		"spec.parentRef.namespace")), "gateway-system");
	assert_non_null(object_of(&r, "ListenerSet", "blog", "nginx", &n));
	assert_null(object_of(&r, "ReferenceGrant", "shop",
		"ing2gw-gateways-gateway-system-secrets", &n));
	assert_int_equal(n, 0);
	/* a69 is the 70th host of shop: its listener is in nginx-2 */
	route = object_of(&r, "HTTPRoute", "shop", "a69-a69.example.com", &n);
	assert_non_null(route);
	ref = doc_item(doc_path(route, "spec.parentRefs"), 0);
	assert_string_equal(doc_str(doc_get(ref, "kind")), "ListenerSet");
	assert_string_equal(doc_str(doc_get(ref, "name")), "nginx-2");
	assert_null(doc_get(ref, "namespace"));
	assert_string_equal(doc_str(doc_get(ref, "sectionName")),
		"https.a69.example.com");
	assert_true(has_rule(&r, "convert/listenerset-split"));
	assert_false(has_rule(&r, "convert/many-addresses"));
	assert_false(has_rule(&r, "convert/listener-limit"));
	release(&r);
	/* the shared layout of the same estate: two Gateways, and says so */
	convert_text(&r, in.buf, NULL);
	assert_non_null(object_of(&r, "Gateway", "gateway-system", "nginx-2",
		&n));
	assert_int_equal(n, 2);
	assert_true(has_rule(&r, "convert/many-addresses"));
	release(&r);
	strbuf_release(&in);
}

static void
test_unresolved_port_name_is_error(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;

	(void)state;
	strbuf_addf(&in, "%sspec:\n  rules:\n  - http:\n      paths:\n"
		"      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {name: http}}}}\n",
		ingress_head);
	convert_text(&r, in.buf, NULL);
	assert_true(has_rule(&r, "convert/unresolved-port-name"));
	assert_true(has_rule(&r, "convert/no-class"));
	assert_int_equal(diag_count_at_least(&r.sink, DIAG_ERROR), 1);
	release(&r);
	strbuf_release(&in);
}

static void
test_route_split_over_rule_limit(void **state)
{
	struct run r;
	struct strbuf in = STRBUF_INIT;
	size_t routes = 0;

	(void)state;
	strbuf_addf(&in, "%sspec:\n  ingressClassName: x\n  rules:\n"
		"  - host: a.io\n    http:\n      paths:\n", ingress_head);
	for (int i = 0; i < 20; i++)
		strbuf_addf(&in, "      - {path: /p%d, pathType: Prefix, "
			"backend: {service: {name: s%d, port: {number: 80}}}}\n",
			i, i);
	convert_text(&r, in.buf, NULL);
	for (size_t i = 0; i < r.res.nobjects; i++)
		if (!strcmp(doc_str(doc_get(r.res.objects[i], "kind")),
		    "HTTPRoute")) {
			routes++;
			assert_true(doc_len(doc_path(r.res.objects[i],
				"spec.rules")) <= 16);
		}
	assert_int_equal(routes, 2);
	release(&r);
	strbuf_release(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostname_check),
		cmocka_unit_test(test_path_check),
		cmocka_unit_test(test_names_collision_free),
		cmocka_unit_test(test_basic_route),
		cmocka_unit_test(test_tls_cross_namespace_grant),
		cmocka_unit_test(test_per_namespace_layout_needs_no_grant),
		cmocka_unit_test(test_layout_default),
		cmocka_unit_test(test_listenerset_layout),
		cmocka_unit_test(test_unresolved_port_name_is_error),
		cmocka_unit_test(test_route_split_over_rule_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
