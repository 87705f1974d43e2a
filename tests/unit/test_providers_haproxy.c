/* Unit tests: providers/haproxy (the catalogue, its parsers, selection). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "k8s.h"
#include "model/ingress.h"
#include "providers/haproxy/annotations.h"
#include "providers/provider.h"

#include "haproxy_fixture.h"

#define K (&prov_haproxy_keys)

/* Parses the annotations (lines "key: value", unindented) of a kind. */
static void
parse(struct fx *f, const char *kind, const char *lines)
{
	fx_parse(f, prov_haproxy_parse, kind, lines);
}

/* ---- the catalogue ---- */

static void
test_registry_and_count(void **state)
{
	const struct prov_provider *p = prov_find("haproxy");
	/* access checks are high risk or more */
	static const char *const access[] = { "allow-list", "deny-list",
		"auth-type", NULL };

	(void)state;
	assert_ptr_equal(p, &prov_haproxy_provider);
	assert_int_equal(p->count, PROV_HAPROXY_NANN);
	assert_int_equal(p->count, 83);
	assert_int_equal(p->nkeys, 87);
	assert_string_equal(p->prefixes[0], "haproxy.org/");
	assert_string_equal(p->prefixes[1], "haproxy.com/");
	assert_null(p->prefixes[2]);
	fx_check_table(p, access);
}

static void
test_lookup(void **state)
{
	(void)state;
	assert_string_equal(prov_hap_lookup(K, "whitelist")->key,
		"allow-list");
	assert_string_equal(prov_hap_lookup(K, "blacklist")->key,
		"deny-list");
	assert_string_equal(prov_hap_lookup(K, "server-slots")->key,
		"scale-server-slots");
	assert_null(prov_hap_lookup(K, "path-rewite"));
	assert_string_equal(prov_hap_strip(K, "haproxy.com/set-host"),
		"set-host");
	assert_string_equal(prov_hap_strip(K,
		"ingress.kubernetes.io/ssl-redirect"), "ssl-redirect");
	assert_null(prov_hap_strip(K, "nginx.ingress.kubernetes.io/x"));
}

static void
test_time(void **state)
{
	long long ms = 0;

	(void)state;
	assert_true(prov_hap_time("5s", &ms));
	assert_int_equal(ms, 5000);
	assert_true(prov_hap_time("1m", &ms));
	assert_int_equal(ms, 60000);
	assert_true(prov_hap_time("250", &ms));
	assert_int_equal(ms, 250);
	assert_true(prov_hap_time("2h", &ms));
	assert_int_equal(ms, 7200000);
	assert_true(prov_hap_time("1500us", &ms));
	assert_int_equal(ms, 1);
	assert_false(prov_hap_time("5 s", &ms));
	assert_false(prov_hap_time("s", &ms));
	assert_false(prov_hap_time("5w", &ms));
}

/* ---- the parser ---- */

static void
test_defaults(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress", "haproxy.org/cors-enable: \"true\"");
	assert_true(f->s.cors_enable);
	assert_string_equal(f->s.cors_origin, "*");
	assert_int_equal(f->s.cors_max_age, 5);
	assert_int_equal(f->s.ssl_redirect_port, 8443);
	assert_int_equal(f->s.ssl_redirect_code, 302);
	assert_int_equal(f->s.request_redirect_code, 302);
	assert_int_equal(f->s.rate_status, 403);
	assert_string_equal(f->s.auth_realm, "Protected Content");
	assert_int_equal(f->sink.len, 0);
}

static void
test_values(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress", "haproxy.org/allow-list: \"10.0.0.0/8, "
		"192.168.1.1\"\nhaproxy.com/deny-list: patterns/bad\n"
		"haproxy.org/request-redirect: https://example.com:8888\n"
		"haproxy.org/request-redirect-code: \"301\"\n"
		"haproxy.org/ssl-redirect-port: \"443\"\n"
		"haproxy.org/timeout-server: 2m\n"
		"haproxy.org/auth-type: basic-auth\n"
		"haproxy.org/auth-secret: shop/users");
	assert_int_equal(f->s.allow.len, 2);
	assert_string_equal(f->s.allow.v[1], "192.168.1.1");
	assert_string_equal(f->s.deny_patterns, "patterns/bad");
	assert_true(f->s.request_redirect_https);
	assert_string_equal(f->s.request_redirect, "example.com:8888");
	assert_int_equal(f->s.request_redirect_code, 301);
	assert_int_equal(f->s.ssl_redirect_port, 443);
	assert_int_equal(f->s.timeout_server, 120000);
	assert_true(f->s.auth_basic);
	assert_string_equal(f->s.auth_secret, "shop/users");
	assert_true(prov_hap_is_set(&f->s, "deny-list"));
	assert_int_equal(f->sink.len, 0);
}

static void
test_rewrite_and_headers(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress", "haproxy.org/path-rewrite: |\n  /foo/(.*) /\\1\n"
		"  /bar\nhaproxy.org/response-set-header: |\n"
		"  Cache-Control \"no-store,no-cache\"\n  X-Frame DENY");
	assert_int_equal(f->s.nrewrites, 2);
	assert_string_equal(f->s.rewrite_match[0], "/foo/(.*)");
	assert_string_equal(f->s.rewrite_fmt[0], "/\\1");
	assert_string_equal(f->s.rewrite_match[1], "(.*)");
	assert_string_equal(f->s.rewrite_fmt[1], "/bar");
	assert_int_equal(f->s.nres_headers, 2);
	assert_string_equal(f->s.res_headers[0].name, "Cache-Control");
	assert_string_equal(f->s.res_headers[0].value, "no-store,no-cache");
	assert_string_equal(f->s.res_headers[1].value, "DENY");
	/* three fields: the controller rejects the annotation */
	parse(f, "Ingress", "haproxy.org/path-rewrite: a b c");
	assert_int_equal(f->s.nrewrites, 0);
	assert_non_null(find_diag(f, "convert/haproxy-annotation-invalid"));
}

static void
test_invalid(void **state)
{
	struct fx *f = *state;

	/* one bad address: no allow rule at all (open) */
	parse(f, "Ingress", "haproxy.org/allow-list: \"10.0.0.1, nope\"");
	assert_int_equal(f->s.allow.len, 0);
	assert_int_equal(prov_hap_slot(&f->s, "allow-list")->state,
		PROV_HAP_INVALID);
	assert_non_null(find_diag(f, "convert/haproxy-annotation-invalid"));
	parse(f, "Ingress", "haproxy.org/ssl-redirect: \"yes\"");
	assert_non_null(find_diag(f, "convert/haproxy-annotation-invalid"));
	parse(f, "Ingress", "haproxy.org/auth-type: digest");
	assert_false(f->s.auth_basic);
	parse(f, "Ingress", "haproxy.org/request-set-header: NoValue");
	assert_int_equal(f->s.nreq_headers, 0);
	assert_non_null(find_diag(f, "convert/haproxy-annotation-invalid"));
}

static void
test_unknown_and_ignored(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	parse(f, "Ingress", "haproxy.org/path-rewite: /");
	d = find_diag(f, "convert/haproxy-annotation-unknown");
	assert_non_null(d);
	assert_non_null(strstr(d->msg, "path-rewrite"));
	/* ingress.kubernetes.io/ is shared: unknown keys are not ours */
	parse(f, "Ingress", "ingress.kubernetes.io/whatever: x");
	assert_int_equal(f->sink.len, 0);
	/* ConfigMap-only and Service-only keys on an Ingress */
	parse(f, "Ingress", "haproxy.org/timeout-client: 5s\n"
		"haproxy.org/route-acl: \"path_beg /x\"");
	assert_int_equal(f->sink.len, 2);
	assert_null(f->s.route_acl);
	/* on a Service, route-acl counts and frontend keys do not */
	parse(f, "Service", "haproxy.org/route-acl: \"path_beg /x\"\n"
		"haproxy.org/set-host: x.example.com");
	assert_string_equal(f->s.route_acl, "path_beg /x");
	assert_null(f->s.set_host);
	assert_non_null(find_diag(f, "convert/haproxy-annotation-ignored"));
	/* the deprecated name counts only without the current one, in any
	 * order; a key without prefix is read as the controller's tests
	 * write it */
	parse(f, "Ingress", "whitelist: 10.0.0.1\nallow-list: 10.0.0.2");
	assert_int_equal(f->s.allow.len, 1);
	assert_string_equal(f->s.allow.v[0], "10.0.0.2");
	assert_non_null(find_diag(f, "convert/haproxy-annotation-ignored"));
	parse(f, "Ingress", "haproxy.org/blacklist: 10.0.0.1");
	assert_int_equal(f->s.deny.len, 1);
	assert_string_equal(prov_hap_name(K, "auth-type"), "auth-type");
	assert_null(prov_hap_name(K, "example.com/auth-type"));
	assert_null(prov_hap_name(K, "some-key"));
	/* one key under two prefixes */
	parse(f, "Ingress", "haproxy.org/set-host: a\nhaproxy.com/set-host: b");
	assert_string_equal(f->s.set_host, "a");
	assert_int_equal(f->sink.len, 1);
}

/* ---- selection ---- */

static void
serves_case(const char *yaml, bool want, bool without_class)
{
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;

	assert_int_equal(doc_set_parse(set, "x.yaml", yaml, strlen(yaml),
		&sink), 0);
	k8s_objects_collect(&objs, set, &sink);
	ing_world_load(&w, set, &objs, &sink);
	assert_int_equal(w.ningresses, 1);
	assert_int_equal(prov_haproxy_serves(&w, &w.ingresses[0],
		without_class), want);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
}

#define ICLASS(name, ctl) "apiVersion: networking.k8s.io/v1\n" \
	"kind: IngressClass\nmetadata: {name: " name "}\nspec: {controller: " \
	ctl "}\n---\n"
#define ING_HEAD "apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata:\n  name: web\n"
#define ING_BODY "  defaultBackend: {service: {name: web, port: " \
	"{number: 80}}}\n"

static void
test_serves(void **state)
{
	(void)state;
	serves_case(ICLASS("edge", "haproxy.org/ingress-controller") ING_HEAD
		"spec:\n  ingressClassName: edge\n" ING_BODY, true, false);
	/* --ingress.class prod */
	serves_case(ICLASS("edge", "haproxy.org/ingress-controller/prod")
		ING_HEAD "spec:\n  ingressClassName: edge\n" ING_BODY, true,
		false);
	serves_case(ICLASS("edge", "haproxy.org/ingress-controllers")
		ING_HEAD "spec:\n  ingressClassName: edge\n" ING_BODY, false,
		false);
	serves_case(ICLASS("haproxy", "k8s.io/ingress-nginx") ING_HEAD
		"spec:\n  ingressClassName: haproxy\n" ING_BODY, false, false);
	serves_case(ING_HEAD "spec:\n  ingressClassName: haproxy\n" ING_BODY,
		true, false);
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"haproxy}\nspec:\n" ING_BODY, true, false);
	serves_case(ING_HEAD "spec:\n" ING_BODY, false, false);
	serves_case(ING_HEAD "spec:\n" ING_BODY, true, true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_time),
		cmocka_unit_test_setup_teardown(test_defaults, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_and_headers,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_ignored,
			setup, teardown),
		cmocka_unit_test(test_serves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
