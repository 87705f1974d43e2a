/* Unit tests: providers/kong (the catalogue, its reader of annotations,
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
#include "providers/kong/annotations.h"
#include "providers/provider.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_kong k;
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

/* Reads annotations given as unindented "key: value" lines. */
static void
read_anns(struct fx *f, const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;

	strbuf_adds(&y, "apiVersion: v1\nkind: Ingress\nmetadata:\n"
		"  name: web\n  annotations:\n");
	while (*p) {
		size_t n = strcspn(p, "\n");

		strbuf_adds(&y, "    ");
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
	prov_kong_read(&f->k, &f->arena, doc_path(doc_set_root(f->set, 0),
		"metadata.annotations"));
}

static void
test_catalogue(void **state)
{
	const struct prov_provider *p = prov_find("kong");
	size_t n;

	(void)state;
	assert_non_null(p);
	assert_ptr_equal(p, &prov_kong_provider);
	assert_int_equal(p->count, PROV_KONG_NANN);
	assert_int_equal(p->count, 33);
	assert_string_equal(p->prefixes[0], "konghq.com/");
	/* sorted, unique, each with a description and an equivalent */
	for (size_t i = 0; i < p->count; i++) {
		assert_non_null(p->table[i].desc);
		assert_non_null(p->table[i].gateway);
		assert_int_not_equal(p->table[i].cls, 0);
		if (i)
			assert_true(strcmp(p->table[i - 1].key,
				p->table[i].key) < 0);
		assert_ptr_equal(prov_lookup(p, p->table[i].key) ? p->table +
			prov_kong_index(prov_lookup(p, p->table[i].key)) :
			NULL, &p->table[i]);
	}
	/* every header name is the one headers entry */
	assert_ptr_equal(prov_lookup(p, "headers.x-env"),
		prov_lookup(p, "headers.<name>"));
	assert_null(prov_lookup(p, "headers."));
	assert_null(prov_lookup(p, "strip_path"));
	assert_string_equal(prov_kong_closest("strip-paths"), "strip-path");
	/* the registry lists it among the others */
	{
		const struct prov_provider *const *all = prov_list(&n);
		size_t k = 0;

		while (k < n && all[k] != p)
			k++;
		assert_true(k < n);
	}
	assert_true(prov_kong_service_key("read-timeout"));
	assert_true(prov_kong_service_key("plugins"));
	assert_false(prov_kong_service_key("strip-path"));
	assert_true(prov_kong_ingress_key("strip-path"));
	assert_false(prov_kong_ingress_key("path"));
	assert_false(prov_kong_ingress_key("publish-service"));
}

static void
test_defaults(void **state)
{
	struct fx *f = *state;

	read_anns(f, "other: x");
	assert_false(f->k.strip_path);
	assert_true(f->k.preserve_host);
	assert_int_equal(f->k.redirect_code, 426);
	assert_int_equal(f->k.regex_priority, 0);
	assert_string_equal(f->k.regex_prefix, "/~");
	assert_null(f->k.rewrite);
	assert_int_equal(f->k.connect_ms, -1);
	assert_int_equal(f->k.retries, -1);
	assert_int_equal(f->k.protocols.len, 0);
}

static void
test_route_keys(void **state)
{
	struct fx *f = *state;

	read_anns(f, "konghq.com/strip-path: \"TRUE\"\n"
		"konghq.com/preserve-host: \"false\"\n"
		"konghq.com/https-redirect-status-code: \"308\"\n"
		"konghq.com/regex-priority: \"-7\"\n"
		"konghq.com/methods: GET,POST\n"
		"konghq.com/protocols: https\n"
		"konghq.com/host-aliases: a.example.com,*.b.example.com\n"
		"konghq.com/plugins: \" key-auth , other:rl ,\"\n"
		"konghq.com/headers.x-env: \"canary, beta\"\n"
		"konghq.com/rewrite: /x/$1\n"
		"ingress.kubernetes.io/force-ssl-redirect: \"true\"");
	assert_true(f->k.strip_path);
	assert_false(f->k.preserve_host);
	assert_int_equal(f->k.redirect_code, 308);
	assert_int_equal(f->k.regex_priority, -7);
	assert_int_equal(f->k.methods.len, 2);
	assert_string_equal(f->k.methods.v[1], "POST");
	assert_int_equal(f->k.protocols.len, 1);
	assert_int_equal(f->k.host_aliases.len, 2);
	assert_int_equal(f->k.plugins.len, 2);
	assert_string_equal(f->k.plugins.v[0], "key-auth");
	assert_string_equal(f->k.plugins.v[1], "other:rl");
	assert_int_equal(f->k.nheaders, 1);
	assert_string_equal(f->k.headers[0].name, "x-env");
	assert_int_equal(f->k.headers[0].values.len, 2);
	assert_string_equal(f->k.headers[0].values.v[1], "beta");
	assert_string_equal(f->k.rewrite, "/x/$1");
	assert_true(f->k.force_ssl);
	assert_false(prov_kong_slot(&f->k, "strip-path")->bad);
}

static void
test_bad_values(void **state)
{
	struct fx *f = *state;

	read_anns(f, "konghq.com/strip-path: \"yes\"\n"
		"konghq.com/https-redirect-status-code: \"303\"\n"
		"konghq.com/methods: get\n"
		"konghq.com/protocols: \"http, https\"\n"
		"konghq.com/regex-priority: high\n"
		"konghq.com/path-handling: x\n"
		"konghq.com/rewrite: /a\\b\n"
		"konghq.com/request-buffering: maybe");
	assert_false(f->k.strip_path);
	assert_true(prov_kong_slot(&f->k, "strip-path")->bad);
	assert_int_equal(f->k.redirect_code, 426);
	assert_true(prov_kong_slot(&f->k,
		"https-redirect-status-code")->bad);
	assert_int_equal(f->k.methods.len, 0);
	assert_true(prov_kong_slot(&f->k, "methods")->bad);
	/* KIC does not trim the items */
	assert_int_equal(f->k.protocols.len, 0);
	assert_true(prov_kong_slot(&f->k, "protocols")->bad);
	assert_true(prov_kong_slot(&f->k, "regex-priority")->bad);
	assert_true(prov_kong_slot(&f->k, "path-handling")->bad);
	assert_true(prov_kong_slot(&f->k, "rewrite")->bad);
	assert_true(prov_kong_slot(&f->k, "request-buffering")->bad);
}

static void
test_service_keys(void **state)
{
	struct fx *f = *state;

	read_anns(f, "konghq.com/path: /api\n"
		"konghq.com/protocol: https\n"
		"konghq.com/host-header: internal.example.com\n"
		"konghq.com/connect-timeout: \"1500\"\n"
		"konghq.com/read-timeout: \"30000\"\n"
		"konghq.com/retries: \"0\"\n"
		"konghq.com/headers-separator: \";\"\n"
		"konghq.com/headers.x-a: \"1;2,3\"");
	assert_string_equal(f->k.path, "/api");
	assert_string_equal(f->k.protocol, "https");
	assert_string_equal(f->k.host_header, "internal.example.com");
	assert_int_equal(f->k.connect_ms, 1500);
	assert_int_equal(f->k.read_ms, 30000);
	assert_int_equal(f->k.write_ms, -1);
	assert_int_equal(f->k.retries, 0);
	assert_int_equal(f->k.headers[0].values.len, 2);
	assert_string_equal(f->k.headers[0].values.v[1], "2,3");
	read_anns(f, "konghq.com/path: api\nkonghq.com/protocol: HTTP");
	assert_null(f->k.path);
	assert_true(prov_kong_slot(&f->k, "path")->bad);
	assert_null(f->k.protocol);
	assert_true(prov_kong_slot(&f->k, "protocol")->bad);
}

static void
test_access_plugins(void **state)
{
	(void)state;
	assert_true(prov_kong_access_plugin("key-auth"));
	assert_true(prov_kong_access_plugin("basic-auth"));
	assert_true(prov_kong_access_plugin("jwt"));
	assert_true(prov_kong_access_plugin("acl"));
	assert_true(prov_kong_access_plugin("ip-restriction"));
	assert_true(prov_kong_access_plugin("openid-connect"));
	assert_true(prov_kong_access_plugin("mtls-auth"));
	assert_true(prov_kong_access_plugin("bot-detection"));
	assert_false(prov_kong_access_plugin("rate-limiting"));
	assert_false(prov_kong_access_plugin("cors"));
	assert_false(prov_kong_access_plugin(NULL));
	assert_true(prov_kong_protocol("grpcs"));
	assert_false(prov_kong_protocol("HTTP"));
	assert_false(prov_kong_protocol("udp"));
}

static void
test_serves(void **state)
{
	static const char in[] =
		"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
		"metadata: {name: gw}\n"
		"spec: {controller: ingress-controllers.konghq.com/kong}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: a}\nspec: {ingressClassName: gw}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: b, annotations: {kubernetes.io/ingress.class:"
		" kong}}\nspec: {}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: c}\nspec: {ingressClassName: kong}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: d}\nspec: {ingressClassName: nginx}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: e}\nspec: {}\n";
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;

	(void)state;
	assert_int_equal(doc_set_parse(set, "in.yaml", in, strlen(in),
		&sink), 0);
	k8s_objects_collect(&objs, set, &sink);
	ing_world_load(&w, set, &objs, &sink);
	assert_int_equal(w.ningresses, 5);
	assert_true(prov_kong_serves(&w, &w.ingresses[0], false));
	assert_true(prov_kong_serves(&w, &w.ingresses[1], false));
	assert_true(prov_kong_serves(&w, &w.ingresses[2], false));
	assert_false(prov_kong_serves(&w, &w.ingresses[3], false));
	assert_false(prov_kong_serves(&w, &w.ingresses[4], false));
	assert_true(prov_kong_serves(&w, &w.ingresses[4], true));
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
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_keys, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_service_keys, setup,
			teardown),
		cmocka_unit_test(test_access_plugins),
		cmocka_unit_test(test_serves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
