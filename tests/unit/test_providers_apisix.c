/* Unit tests: providers/apisix (the catalogue, its parsers, the groups
 * the controller parses together, selection, URIs). */
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
#include "providers/apisix/annotations.h"
#include "providers/provider.h"

#define P PROV_APISIX_PREFIX

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_apisix_settings s;
};

static int
setup(void **state)
{
	*state = xcalloc(1, sizeof(struct fx));
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	diag_sink_release(&f->sink);
	arena_release(&f->arena);
	if (f->set)
		doc_set_free(f->set);
	free(f);
	return 0;
}

/* Parses an Ingress whose annotations are lines ("key: value", without
 * the prefix, unindented). */
static void
parse(struct fx *f, const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;

	strbuf_adds(&y, "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata:\n  name: web\n  annotations:\n");
	while (*p) {
		size_t n = strcspn(p, "\n");

		strbuf_adds(&y, "    " P);
		strbuf_add(&y, p, n);
		strbuf_addc(&y, '\n');
		p += n + (p[n] != '\0');
	}
	if (f->set)
		doc_set_free(f->set);
	diag_sink_release(&f->sink);
	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "in.yaml", y.buf, y.len,
		&f->sink), 0);
	strbuf_release(&y);
	prov_apisix_parse(&f->s, &f->arena, f->set, doc_path(doc_set_root(
		f->set, 0), "metadata.annotations"), "shop", "web", &f->sink);
}

static size_t
count_diag(struct fx *f, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < f->sink.len; i++)
		n += !strcmp(f->sink.items[i].rule, rule);
	return n;
}

static enum prov_apisix_state
state_of(struct fx *f, const char *key)
{
	return prov_apisix_slot(&f->s, key)->state;
}

/* ---- the catalogue ---- */

static void
test_registry_and_count(void **state)
{
	const struct prov_provider *p = prov_find("apisix");
	size_t n;

	(void)state;
	assert_ptr_equal(p, &prov_apisix_provider);
	assert_int_equal(p->count, PROV_APISIX_NANN);
	assert_int_equal(p->count, 38);
	assert_int_equal(p->nkeys, 38);
	assert_string_equal(p->prefixes[0], "k8s.apisix.apache.org/");
	{	/* registered among the others */
		const struct prov_provider *const *all = prov_list(&n);
		size_t k = 0;

		while (k < n && all[k] != p)
			k++;
		assert_true(k < n);
	}
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_non_null(a->parse);
		assert_true(a->cls >= PROV_CLASS_A &&
			a->cls <= PROV_CLASS_C_PERF);
		assert_int_equal(a->scope, PROV_SCOPE_INGRESS);
		assert_ptr_equal(prov_apisix_lookup(a->key), a);
		assert_ptr_equal(prov_lookup(p, a->key), a);
		assert_int_equal(prov_apisix_index(a), i);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(p->table[j].key, a->key);
	}
	/* the keys of annotations/types.go, a few by name */
	assert_non_null(prov_apisix_lookup("use-regex"));
	assert_non_null(prov_apisix_lookup("rewrite-target-regex-template"));
	assert_non_null(prov_apisix_lookup("response-rewrite-remove-header"));
	assert_non_null(prov_apisix_lookup("svc-namespace"));
	assert_null(prov_apisix_lookup("Use-Regex"));	/* as written */
	assert_null(prov_apisix_lookup("ssl-redirect"));
	assert_null(prov_apisix_lookup(NULL));
}

/* Every key's parser writes into its own field of the settings (the
 * sanitizer build catches a field of another type). */
static void
test_every_key(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < prov_apisix_provider.count; i++) {
		const struct prov_annotation *a =
			&prov_apisix_provider.table[i];
		struct prov_apisix_settings s;
		const char *texts[] = { "true", "3", "5s", "http", "a, b",
			"basicAuth", "" };

		for (size_t t = 0; t < ARRAY_LEN(texts); t++) {
			struct prov_value v = { .ann = a, .text = texts[t],
				.arena = &f->arena };

			memset(&s, 0, sizeof(s));
			(void)a->parse(&v, (char *)&s + a->off);
		}
	}
}

static void
test_values(void **state)
{
	struct fx *f = *state;

	/* booleans: exactly "true" */
	parse(f, "enable-cors: \"True\"\nuse-regex: \"true\"\n"
		"enable-websocket: \"1\"");
	assert_false(f->s.cors);
	assert_true(f->s.use_regex);
	assert_false(f->s.websocket);
	assert_int_equal(count_diag(f, "convert/apisix-annotation-invalid"),
		2);
	/* lists: split on ',', trimmed, empty items dropped */
	parse(f, "allowlist-source-range: \" 10.0.0.0/8, ,192.168.0.1 \"");
	assert_int_equal(f->s.allowlist.len, 2);
	assert_string_equal(f->s.allowlist.v[0], "10.0.0.0/8");
	assert_string_equal(f->s.allowlist.v[1], "192.168.0.1");
	/* timeouts: "5" or "5s"; schemes in any case */
	parse(f, "upstream-connect-timeout: \"5s\"\n"
		"upstream-read-timeout: \"7\"\nupstream-scheme: \"GRPCS\"\n"
		"upstream-retries: \"2\"");
	assert_false(f->s.upstream_failed);
	assert_int_equal(f->s.timeout_connect, 5);
	assert_int_equal(f->s.timeout_read, 7);
	assert_int_equal(f->s.scheme, PROV_APISIX_GRPCS);
	assert_int_equal(f->s.retries, 2);
	/* one bad value drops the upstream group */
	parse(f, "upstream-connect-timeout: \"5m\"\nupstream-retries: \"2\"\n"
		"upstream-scheme: \"https\"");
	assert_true(f->s.upstream_failed);
	assert_int_equal(f->s.retries, 0);
	assert_int_equal(f->s.scheme, -1);
	assert_int_equal(state_of(f, "upstream-connect-timeout"),
		PROV_APISIX_FAILED);
	assert_int_equal(state_of(f, "upstream-retries"),
		PROV_APISIX_IGNORED);
	parse(f, "upstream-scheme: \"ws\"");
	assert_true(f->s.upstream_failed);
	/* an empty value is an absent one */
	parse(f, "rewrite-target: \"\"");
	assert_null(f->s.rewrite_target);
	assert_int_equal(state_of(f, "rewrite-target"), PROV_APISIX_IGNORED);
}

static void
test_plugins(void **state)
{
	struct fx *f = *state;

	/* redirect: http-to-https first; codes 301..308, else 301 */
	parse(f, "http-to-https: \"true\"\nhttp-redirect: \"/x\"");
	assert_true(f->s.http_to_https);
	assert_null(f->s.redirect_uri);
	assert_int_equal(state_of(f, "http-redirect"), PROV_APISIX_IGNORED);
	parse(f, "http-redirect: \"/x\"\nhttp-redirect-code: \"307\"");
	assert_int_equal(f->s.redirect_code, 307);
	parse(f, "http-redirect: \"/x\"\nhttp-redirect-code: \"200\"");
	assert_int_equal(f->s.redirect_code, 301);
	parse(f, "http-redirect: \"/x\"\nhttp-redirect-code: \"abc\"");
	assert_int_equal(f->s.redirect_code, 301);
	parse(f, "http-redirect: \"/x\"");
	assert_int_equal(f->s.redirect_code, 301);
	/* proxy-rewrite: the regex and its template together; a bad regex
	 * drops the plugin, rewrite-target included */
	parse(f, "rewrite-target-regex: \"^/api/(.*)\"\n"
		"rewrite-target-regex-template: \"/$1\"");
	assert_true(f->s.rewrite);
	assert_string_equal(f->s.rewrite_regex, "^/api/(.*)");
	parse(f, "rewrite-target-regex: \"^/api/(.*)\"");
	assert_false(f->s.rewrite);
	parse(f, "rewrite-target: \"/n\"\nrewrite-target-regex: \"(\"\n"
		"rewrite-target-regex-template: \"/$1\"");
	assert_false(f->s.rewrite);
	assert_null(f->s.rewrite_target);
	assert_int_equal(state_of(f, "rewrite-target-regex"),
		PROV_APISIX_FAILED);
	/* rewrite-target before regex_uri */
	parse(f, "rewrite-target: \"/n\"\nrewrite-target-regex: \"^/(.*)\"\n"
		"rewrite-target-regex-template: \"/$1\"");
	assert_string_equal(f->s.rewrite_target, "/n");
	assert_null(f->s.rewrite_regex);
	/* csrf needs its key */
	parse(f, "enable-csrf: \"true\"");
	assert_false(f->s.csrf);
	assert_int_equal(state_of(f, "enable-csrf"), PROV_APISIX_FAILED);
	parse(f, "enable-csrf: \"true\"\ncsrf-key: \"k\"");
	assert_true(f->s.csrf);
	/* cors keys need enable-cors */
	parse(f, "cors-allow-origin: \"https://a\"");
	assert_false(f->s.cors);
	assert_int_equal(state_of(f, "cors-allow-origin"),
		PROV_APISIX_IGNORED);
	/* methods: allow wins */
	parse(f, "http-allow-methods: \"GET\"\nhttp-block-methods: \"POST\"");
	assert_int_equal(f->s.allow_methods.len, 1);
	assert_int_equal(f->s.block_methods.len, 0);
	/* auth-type: exactly basicAuth or keyAuth */
	parse(f, "auth-type: \"keyAuth\"");
	assert_int_equal(f->s.auth_type, PROV_APISIX_AUTH_KEY);
	parse(f, "auth-type: \"basicauth\"");
	assert_int_equal(f->s.auth_type, PROV_APISIX_AUTH_NONE);
	/* forward-auth: ssl verify unless "false" */
	parse(f, "auth-uri: \"http://a/b\"\nauth-ssl-verify: \"no\"");
	assert_true(f->s.auth_ssl_verify);
	parse(f, "auth-uri: \"http://a/b\"\nauth-ssl-verify: \"false\"");
	assert_false(f->s.auth_ssl_verify);
	parse(f, "auth-ssl-verify: \"false\"");
	assert_int_equal(state_of(f, "auth-ssl-verify"), PROV_APISIX_IGNORED);
	/* response-rewrite needs its switch */
	parse(f, "response-rewrite-body: \"x\"");
	assert_int_equal(state_of(f, "response-rewrite-body"),
		PROV_APISIX_IGNORED);
	/* an unknown key: the nearest is named */
	parse(f, "rewrite-targt: \"/x\"");
	assert_int_equal(count_diag(f, "convert/apisix-annotation-unknown"),
		1);
	assert_non_null(strstr(f->sink.items[0].msg, "rewrite-target"));
}

/* ---- selection ---- */

static void
serves_case(const char *yaml, bool want)
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
	assert_int_equal(prov_apisix_serves(&w, &w.ingresses[0]), want);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
}

#define ICLASS(name, ctl) "apiVersion: networking.k8s.io/v1\n" \
	"kind: IngressClass\nmetadata: {name: " name "}\nspec: {controller: " \
	ctl "}\n---\n"
#define ICLASS_DEFAULT(name, ctl) "apiVersion: networking.k8s.io/v1\n" \
	"kind: IngressClass\nmetadata:\n  name: " name "\n  annotations: " \
	"{ingressclass.kubernetes.io/is-default-class: \"true\"}\n" \
	"spec: {controller: " ctl "}\n---\n"
#define ING_HEAD "apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata:\n  name: web\n"
#define ING_BODY "  rules: [{http: {paths: [{path: /, pathType: Prefix, " \
	"backend: {service: {name: web, port: {number: 80}}}}]}}]\n"
#define CTL PROV_APISIX_CONTROLLER

static void
test_serves(void **state)
{
	(void)state;
	/* an IngressClass of the controller, whatever its name */
	serves_case(ICLASS("edge", CTL) ING_HEAD
		"spec:\n  ingressClassName: edge\n" ING_BODY, true);
	/* the IngressClass of the 1.x chart */
	serves_case(ICLASS("apisix", "apisix.apache.org/apisix-ingress")
		ING_HEAD "spec:\n  ingressClassName: apisix\n" ING_BODY, true);
	/* the name apisix of another controller's IngressClass */
	serves_case(ICLASS("apisix", "k8s.io/ingress-nginx") ING_HEAD
		"spec:\n  ingressClassName: apisix\n" ING_BODY, false);
	/* without IngressClasses, the chart's class */
	serves_case(ING_HEAD "spec:\n  ingressClassName: apisix\n" ING_BODY,
		true);
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"apisix}\nspec:\n" ING_BODY, true);
	serves_case(ING_HEAD "spec:\n  ingressClassName: nginx\n" ING_BODY,
		false);
	/* without class: the default IngressClass, if it is the
	 * controller's */
	serves_case(ING_HEAD "spec:\n" ING_BODY, false);
	serves_case(ICLASS_DEFAULT("gw", CTL) ING_HEAD "spec:\n" ING_BODY,
		true);
	serves_case(ICLASS_DEFAULT("gw", "k8s.io/ingress-nginx") ING_HEAD
		"spec:\n" ING_BODY, false);
}

static void
test_uris(void **state)
{
	struct fx *f = *state;
	const char *u[2];

	assert_int_equal(prov_apisix_uris(&f->arena, ING_PATH_PREFIX, "/api",
		false, u), 2);
	assert_string_equal(u[0], "/api");
	assert_string_equal(u[1], "/api/*");
	assert_int_equal(prov_apisix_uris(&f->arena, ING_PATH_PREFIX,
		"/docs/", false, u), 2);
	assert_string_equal(u[0], "/docs/");
	assert_string_equal(u[1], "/docs/*");
	assert_int_equal(prov_apisix_uris(&f->arena, ING_PATH_PREFIX, "/",
		false, u), 2);
	assert_string_equal(u[1], "/*");
	assert_int_equal(prov_apisix_uris(&f->arena, ING_PATH_EXACT, "/a",
		true, u), 1);
	assert_string_equal(u[0], "/a");
	assert_int_equal(prov_apisix_uris(&f->arena,
		ING_PATH_IMPLEMENTATION_SPECIFIC, "/a*", false, u), 1);
	assert_string_equal(u[0], "/a*");
	assert_int_equal(prov_apisix_uris(&f->arena,
		ING_PATH_IMPLEMENTATION_SPECIFIC, "/v[0-9]+", true, u), 1);
	assert_string_equal(u[0], "/*");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test_setup_teardown(test_every_key, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plugins, setup, teardown),
		cmocka_unit_test(test_serves),
		cmocka_unit_test_setup_teardown(test_uris, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
