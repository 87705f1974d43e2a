/* Unit tests: providers/f5-nginx (the catalogue, its parsers, the reader
 * of an Ingress's annotations, selection). */
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
#include "providers/f5-nginx/annotations.h"
#include "providers/provider.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_f5_settings s;
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

/* Reads an Ingress whose annotations are lines ("key: value"). */
static void
read_anns(struct fx *f, const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;

	strbuf_adds(&y, "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata:\n  name: web\n  annotations:\n");
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
	prov_f5_read(&f->s, &f->arena, f->set, doc_path(doc_set_root(f->set,
		0), "metadata.annotations"), "cafe", "web", &f->sink);
}

static bool
said(struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->sink.len; i++)
		if (!strcmp(f->sink.items[i].rule, rule))
			return true;
	return false;
}

/* ---- the catalogue ---- */

static void
test_registry_and_count(void **state)
{
	const struct prov_provider *p = prov_find("f5-nginx");
	size_t org = 0, com = 0, ap = 0;

	(void)state;
	assert_ptr_equal(p, &prov_f5nginx_provider);
	assert_int_equal(p->count, PROV_F5_NANN);
	assert_int_equal(p->count, 82);
	assert_string_equal(p->prefixes[0], "");
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_ptr_equal(prov_lookup(p, a->key), a);
		org += !strncmp(a->key, "nginx.org/", 10);
		com += !strncmp(a->key, "nginx.com/", 10);
		ap += !strncmp(a->key, "appprotect", 10);
	}
	assert_int_equal(org, 64);
	assert_int_equal(com, 10);
	assert_int_equal(ap, 6);
}

static void
test_lookup(void **state)
{
	const struct prov_annotation *a;

	(void)state;
	/* whole keys, keys without prefix (audit strips it), custom.* */
	a = prov_f5_lookup("nginx.org/rewrites");
	assert_non_null(a);
	assert_ptr_equal(prov_f5_lookup("rewrites"), a);
	assert_string_equal(prov_f5_lookup("jwt-key")->key,
		"nginx.com/jwt-key");
	assert_string_equal(prov_f5_lookup("app-protect-enable")->key,
		"appprotect.f5.com/app-protect-enable");
	assert_string_equal(prov_f5_lookup("custom.nginx.org/anything")->key,
		"custom.nginx.org/*");
	assert_non_null(prov_f5_lookup("ingress.kubernetes.io/ssl-redirect"));
	assert_null(prov_f5_lookup("nginx.org/no-such-key"));
	assert_null(prov_f5_lookup("nginx.ingress.kubernetes.io/rewrite-"
		"target"));
	assert_true(prov_f5_own_key("nginx.com/health-checks"));
	assert_false(prov_f5_own_key("nginx.ingress.kubernetes.io/x"));
}

static void
test_time(void **state)
{
	long long s;

	(void)state;
	assert_true(prov_f5_time("60s", &s));
	assert_int_equal(s, 60);
	assert_true(prov_f5_time("1m", &s));
	assert_int_equal(s, 60);
	assert_true(prov_f5_time("1m30s", &s));
	assert_int_equal(s, 90);
	assert_true(prov_f5_time("500ms", &s));
	assert_int_equal(s, 1);
	assert_true(prov_f5_time("90", &s));
	assert_int_equal(s, 90);
	assert_true(prov_f5_time("2h", &s));
	assert_int_equal(s, 7200);
	assert_false(prov_f5_time("soon", &s));
	assert_false(prov_f5_time("", &s));
	assert_false(prov_f5_time("10x", &s));
}

/* ---- the reader ---- */

static void
test_defaults(void **state)
{
	struct fx *f = *state;

	read_anns(f, "x: y");
	assert_false(f->s.rejected);
	assert_int_equal(f->s.merge, PROV_F5_PLAIN);
	assert_int_equal(f->s.path_regex, PROV_F5_REGEX_NONE);
	assert_true(f->s.ssl_redirect);
	assert_int_equal(f->s.redirect_code, 301);
	assert_int_equal(f->s.hsts_max_age, 2592000);
	assert_int_equal(f->s.body_size, -1);
}

static void
test_values(void **state)
{
	struct fx *f = *state;

	read_anns(f, "nginx.org/rewrites: \"serviceName=tea rewrite=/;"
		"serviceName=coffee rewrite=/beans/\"\n"
		"nginx.org/proxy-read-timeout: 2m\n"
		"nginx.org/client-max-body-size: 4m\n"
		"nginx.org/path-regex: case_insensitive\n"
		"nginx.org/mergeable-ingress-type: minion\n"
		"nginx.org/ssl-redirect: \"False\"\n"
		"nginx.org/http-redirect-code: \"308\"\n"
		"nginx.org/websocket-services: \"ws1, ws2\"\n"
		"nginx.org/proxy-set-headers: \"X-Env: prod, X-Other\"\n"
		"nginx.com/sticky-cookie-services: \"serviceName=tea srv_id "
		"expires=1h\"\n"
		"nginx.org/lb-method: \"hash $request_uri consistent\"");
	assert_false(f->s.rejected);
	assert_int_equal(f->s.nrewrites, 2);
	assert_string_equal(f->s.rewrites[1].service, "coffee");
	assert_string_equal(f->s.rewrites[1].value, "/beans/");
	assert_int_equal(f->s.read_timeout, 120);
	assert_int_equal(f->s.body_size, 4 * 1024 * 1024);
	assert_int_equal(f->s.path_regex, PROV_F5_REGEX_NOCASE);
	assert_int_equal(f->s.merge, PROV_F5_MINION);
	assert_false(f->s.ssl_redirect);
	assert_int_equal(f->s.redirect_code, 308);
	assert_int_equal(f->s.websocket.len, 2);
	assert_true(prov_f5_has(&f->s.websocket, "ws2"));
	assert_int_equal(f->s.nset_headers, 2);
	assert_string_equal(f->s.set_headers[0].value, "prod");
	assert_null(f->s.set_headers[1].value);
	assert_int_equal(f->s.nsticky, 1);
	assert_string_equal(f->s.sticky[0].value, "srv_id expires=1h");
	assert_string_equal(f->s.lb_method, "hash $request_uri consistent");
	assert_false(said(f, "convert/f5-nginx-annotation-invalid"));
}

static void
test_rejections(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = {
		"nginx.org/proxy-read-timeout: soon",
		"nginx.org/path-regex: regex",
		"nginx.org/mergeable-ingress-type: slave",
		"nginx.org/rewrites: \"tea rewrite=/\"",
		"nginx.org/rewrites: \"serviceName=tea rewrite=/$1\"",
		"nginx.org/lb-method: fastest",
		"nginx.org/http-redirect-code: \"303\"",
		"nginx.org/ssl-redirect: \"yes\"",
		"nginx.org/max-fails: \"-1\"",
		"nginx.org/app-root: coffee",
		"nginx.org/client-max-body-size: 4q",
		"nginx.com/sticky-cookie-services: \"serviceName=tea\"",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		read_anns(f, bad[i]);
		assert_true(f->s.rejected);
		assert_non_null(f->s.reject_reason);
		assert_true(said(f, "convert/f5-nginx-annotation-invalid"));
	}
}

static void
test_unknown(void **state)
{
	struct fx *f = *state;

	read_anns(f, "nginx.org/lb-methd: least_conn\n"
		"nginx.ingress.kubernetes.io/rewrite-target: /");
	assert_false(f->s.rejected);
	assert_true(said(f, "convert/f5-nginx-annotation-unknown"));
	assert_int_equal(f->sink.len, 1);
	assert_non_null(strstr(f->sink.items[0].msg, "nginx.org/lb-method"));
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
	assert_int_equal(prov_f5_serves(&w, &w.ingresses[0]), want);
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
#define ING_BODY "  rules: [{host: a.example.com}]\n"

static void
test_serves(void **state)
{
	(void)state;
	/* an IngressClass of F5 NGINX's controller, by any name */
	serves_case(ICLASS("nginx-plus", "nginx.org/ingress-controller")
		ING_HEAD "spec:\n  ingressClassName: nginx-plus\n" ING_BODY,
		true);
	/* the IngressClass decides, whatever the annotations */
	serves_case(ICLASS("nginx", "k8s.io/ingress-nginx") ING_HEAD
		"  annotations: {nginx.org/rewrites: \"serviceName=a "
		"rewrite=/\"}\nspec:\n  ingressClassName: nginx\n" ING_BODY,
		false);
	/* the class nginx without IngressClass: by the keys */
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"nginx, nginx.org/ssl-redirect: \"false\"}\nspec:\n" ING_BODY,
		true);
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"nginx, nginx.org/ssl-redirect: \"false\", "
		"nginx.ingress.kubernetes.io/ssl-redirect: \"false\"}\nspec:\n"
		ING_BODY, false);
	serves_case(ING_HEAD "spec:\n  ingressClassName: nginx\n" ING_BODY,
		false);
	/* no class: not served */
	serves_case(ING_HEAD "  annotations: {nginx.org/ssl-redirect: "
		"\"false\"}\nspec:\n" ING_BODY, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_time),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejections, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup, teardown),
		cmocka_unit_test(test_serves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
