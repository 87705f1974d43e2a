/* Unit tests: providers/haproxy-ingress (the catalogue, its parsers,
 * selection). */
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
#include "providers/haproxy-ingress/annotations.h"
#include "providers/haproxy/annotations.h"
#include "providers/provider.h"

#include "haproxy_fixture.h"

#define K (&prov_hapi_keys)

/* Parses the annotations (lines "key: value", unindented) of a kind. */
static void
parse(struct fx *f, const char *kind, const char *lines)
{
	fx_parse(f, prov_hapi_parse, kind, lines);
}

/* ---- the catalogue ---- */

static void
test_registry_and_count(void **state)
{
	const struct prov_provider *p = prov_find("haproxy-ingress");
	/* access checks are high risk or more */
	static const char *const access[] = { "allowlist-source-range",
		"denylist-source-range", "auth-type", "auth-url", "oauth",
		"waf", "auth-tls-secret", NULL };

	(void)state;
	assert_ptr_equal(p, &prov_hapi_provider);
	assert_int_equal(p->count, PROV_HAPI_NANN);
	assert_int_equal(p->count, 142);
	assert_int_equal(p->nkeys, 144);
	assert_string_equal(p->prefixes[0], "haproxy-ingress.github.io/");
	assert_null(p->prefixes[1]);
	fx_check_table(p, access);
}

static void
test_lookup(void **state)
{
	(void)state;
	assert_string_equal(prov_hap_lookup(K, "whitelist-source-range")->key,
		"allowlist-source-range");
	assert_string_equal(prov_hap_lookup(K, "rewrite-target")->key,
		"rewrite-target");
	assert_null(prov_hap_lookup(K, "rewrite-targt"));
	assert_string_equal(prov_hap_strip(K,
		"haproxy-ingress.github.io/app-root"), "app-root");
	assert_string_equal(prov_hap_strip(K,
		"ingress.kubernetes.io/ssl-redirect"), "ssl-redirect");
	assert_null(prov_hap_strip(K, "haproxy.org/ssl-redirect"));
}

static void
test_defaults(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress", "haproxy-ingress.github.io/app-root: /app");
	assert_string_equal(f->s.path_type, "begin");
	assert_int_equal(f->s.ssl_redirect_code, 302);
	assert_int_equal(f->s.request_redirect_code, 302);
	assert_int_equal(f->s.cors_max_age, 86400);
	assert_true(f->s.cors_credentials);
	assert_string_equal(f->s.app_root, "/app");
	assert_int_equal(f->sink.len, 0);
}

static void
test_values(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress",
		"haproxy-ingress.github.io/redirect-to: https://www.example.com:8443/new/x\n"
		"haproxy-ingress.github.io/redirect-to-code: \"301\"\n"
		"haproxy-ingress.github.io/path-type: regex\n"
		"haproxy-ingress.github.io/rewrite-target: /v2\n"
		"ingress.kubernetes.io/allowlist-source-range: 10.0.0.0/8, 192.0.2.1\n"
		"haproxy-ingress.github.io/auth-type: basic\n"
		"haproxy-ingress.github.io/auth-secret: users\n"
		"haproxy-ingress.github.io/backend-protocol: h2-ssl\n"
		"haproxy-ingress.github.io/timeout-server: 30s\n"
		"haproxy-ingress.github.io/request-set-headers: \"x-a: 1\"");
	assert_true(f->s.request_redirect_https);
	assert_string_equal(f->s.request_redirect, "www.example.com:8443");
	assert_string_equal(f->s.redirect_path, "/new/x");
	assert_int_equal(f->s.request_redirect_code, 301);
	assert_string_equal(f->s.path_type, "regex");
	assert_string_equal(f->s.rewrite_target, "/v2");
	assert_int_equal(f->s.allow.len, 2);
	assert_string_equal(f->s.allow.v[1], "192.0.2.1");
	assert_true(f->s.auth_basic);
	assert_string_equal(f->s.auth_secret, "users");
	assert_true(f->s.server_ssl);
	assert_string_equal(f->s.server_proto, "h2");
	assert_int_equal(f->s.timeout_server, 30000);
	assert_int_equal(f->s.nreq_headers, 1);
	assert_string_equal(f->s.req_headers[0].name, "x-a");
	assert_string_equal(f->s.req_headers[0].value, "1");
	assert_int_equal(f->sink.len, 0);
}

static void
test_invalid(void **state)
{
	struct fx *f = *state;

	parse(f, "Ingress",
		"haproxy-ingress.github.io/ssl-redirect: \"yes\"\n"
		"haproxy-ingress.github.io/allowlist-source-range: 10.0.0.0/8, nope\n"
		"haproxy-ingress.github.io/path-type: glob");
	assert_int_equal(f->s.allow.len, 0);
	assert_false(prov_hap_is_set(&f->s, "ssl-redirect"));
	assert_string_equal(f->s.path_type, "begin");
	assert_int_equal(f->sink.len, 3);
	assert_non_null(find_diag(f,
		"convert/haproxy-ingress-annotation-invalid"));
}

static void
test_unknown_and_ignored(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	parse(f, "Ingress",
		"haproxy-ingress.github.io/rewrite-targt: /\n"
		"haproxy-ingress.github.io/timeout-client: 10s\n"
		"ingress.kubernetes.io/unknown-thing: x");
	d = find_diag(f, "convert/haproxy-ingress-annotation-unknown");
	assert_non_null(d);
	assert_non_null(strstr(d->msg, "did you mean 'rewrite-target'"));
	assert_non_null(find_diag(f,
		"convert/haproxy-ingress-annotation-ignored"));
	assert_int_equal(f->sink.len, 2);
}

/* ---- selection ---- */

static void
serves_case(const char *yaml, bool want, bool want_haproxy)
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
	assert_int_equal(prov_hapi_serves(&w, &w.ingresses[0], false),
		want);
	assert_int_equal(prov_haproxy_serves(&w, &w.ingresses[0], false),
		want_haproxy);
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
#define HI_KEY "haproxy-ingress.github.io/ssl-redirect: \"false\""

static void
test_serves(void **state)
{
	(void)state;
	serves_case(ICLASS("edge", "haproxy-ingress.github.io/controller")
		ING_HEAD "spec:\n  ingressClassName: edge\n" ING_BODY, true,
		false);
	serves_case(ICLASS("haproxy", "haproxy-ingress.github.io/controller")
		ING_HEAD "spec:\n  ingressClassName: haproxy\n" ING_BODY,
		true, false);
	serves_case(ICLASS("haproxy", "haproxy.org/ingress-controller")
		ING_HEAD "  annotations: {" HI_KEY "}\nspec:\n"
		"  ingressClassName: haproxy\n" ING_BODY, false, true);
	/* the bare class: the keys decide */
	serves_case(ING_HEAD "spec:\n  ingressClassName: haproxy\n" ING_BODY,
		false, true);
	serves_case(ING_HEAD "  annotations: {" HI_KEY "}\nspec:\n"
		"  ingressClassName: haproxy\n" ING_BODY, true, false);
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"haproxy, " HI_KEY "}\nspec:\n" ING_BODY, true, false);
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"haproxy, ingress.kubernetes.io/ssl-redirect: \"false\"}\n"
		"spec:\n" ING_BODY, false, true);
	serves_case(ING_HEAD "spec:\n" ING_BODY, false, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test_setup_teardown(test_defaults, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_ignored,
			setup, teardown),
		cmocka_unit_test(test_serves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
