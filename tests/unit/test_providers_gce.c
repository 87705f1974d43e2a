/* Unit tests: providers/gce (the catalogue, its parsers, the Service's
 * JSON annotations, selection) and the GKE routing model. */
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
#include "providers/gce/annotations.h"
#include "providers/gce/model.h"
#include "providers/provider.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_gce_ingress in;
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

/* The annotations map of a document whose annotations are lines (each
 * "key: value", unindented); the first is on line 6. */
static const struct doc_node *
annotations(struct fx *f, const char *kind, const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;

	strbuf_addf(&y, "apiVersion: v1\nkind: %s\nmetadata:\n  name: web\n"
		"  annotations:\n", kind);
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
	return doc_path(doc_set_root(f->set, 0), "metadata.annotations");
}

static void
parse_ingress(struct fx *f, const char *lines)
{
	prov_gce_parse_ingress(&f->in, &f->arena, f->set, annotations(f,
		"Ingress", lines), "shop", "web", &f->sink);
}

static const struct diag *
find_diag(struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->sink.len; i++)
		if (!strcmp(f->sink.items[i].rule, rule))
			return &f->sink.items[i];
	return NULL;
}

/* ---- the catalogue ---- */

static void
test_registry_and_count(void **state)
{
	const struct prov_provider *p = prov_find("gce");
	size_t n, ing = 0, svc = 0, status = 0;

	(void)state;
	assert_ptr_equal(p, &prov_gce_provider);
	assert_int_equal(p->count, PROV_GCE_NANN);
	assert_int_equal(p->count, 25);
	assert_int_equal(p->nkeys, 27);
	assert_string_equal(p->prefixes[0], "");
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
		assert_ptr_equal(prov_gce_lookup(a->key), a);
		assert_ptr_equal(prov_lookup(p, a->key), a);
		assert_int_equal(prov_gce_index(a), i);
		if (a->scope == PROV_SCOPE_SERVICE)
			svc++;
		else
			ing++;
		if (!strncmp(a->key, "ingress.kubernetes.io/", 22))
			status++;
	}
	assert_int_equal(ing, 18);
	assert_int_equal(svc, 7);
	assert_int_equal(status, 9);
}

static void
test_lookup(void **state)
{
	(void)state;
	/* aliases: the beta backend-config key, the old app-protocols */
	assert_ptr_equal(prov_gce_lookup(PROV_GCE_BACKEND_CONFIG_BETA),
		prov_gce_lookup(PROV_GCE_BACKEND_CONFIG));
	assert_ptr_equal(prov_gce_lookup(PROV_GCE_APP_PROTOCOLS_OLD),
		prov_gce_lookup(PROV_GCE_APP_PROTOCOLS));
	/* audit strips a registered prefix before the lookup */
	assert_ptr_equal(prov_gce_lookup("managed-certificates"),
		prov_gce_lookup(PROV_GCE_MANAGED));
	assert_ptr_equal(prov_gce_lookup("pre-shared-cert"),
		prov_gce_lookup(PROV_GCE_PRE_SHARED));
	assert_null(prov_gce_lookup("networking.gke.io/manged-certificates"));
	assert_null(prov_gce_lookup(NULL));
	assert_int_equal(prov_gce_lookup(PROV_GCE_NEG)->scope,
		PROV_SCOPE_SERVICE);
	assert_int_equal(prov_gce_lookup(PROV_GCE_ALLOW_HTTP)->scope,
		PROV_SCOPE_INGRESS);
}

static void
test_parsers(void **state)
{
	struct fx *f = *state;
	const struct prov_annotation *a;
	struct prov_value v = { .arena = &f->arena };
	struct prov_strlist l;
	const char *s;
	bool b;

	a = prov_gce_lookup(PROV_GCE_ALLOW_HTTP);
	v.ann = a;
	v.text = "F";
	assert_int_equal(a->parse(&v, &b), 0);
	assert_false(b);
	v.text = "nope";
	assert_int_equal(a->parse(&v, &b), ERR_INVALID);
	assert_true(b);		/* GLBC takes true */
	assert_non_null(v.why);
	a = prov_gce_lookup(PROV_GCE_PRE_SHARED);
	v.ann = a;
	v.why = NULL;
	v.text = " a , b,,c ";
	assert_int_equal(a->parse(&v, &l), 0);
	assert_int_equal(l.len, 3);
	assert_string_equal(l.v[0], "a");
	assert_string_equal(l.v[2], "c");
	v.text = " , ";
	assert_int_equal(a->parse(&v, &l), ERR_INVALID);
	a = prov_gce_lookup(PROV_GCE_BACKEND_CONFIG);
	v.ann = a;
	v.text = "{\"default\": \"bc\"}";
	assert_int_equal(a->parse(&v, &s), 0);
	assert_string_equal(s, v.text);
	v.text = "{default: bc}";
	assert_int_equal(a->parse(&v, &s), ERR_INVALID);
	v.text = "[1]";
	assert_int_equal(a->parse(&v, &s), ERR_INVALID);
	assert_int_equal(prov_gce_redirect_code(NULL), 301);
	assert_int_equal(prov_gce_redirect_code(""), 301);
	assert_int_equal(prov_gce_redirect_code("FOUND"), 302);
	assert_int_equal(prov_gce_redirect_code("SEE_OTHER"), 303);
	assert_int_equal(prov_gce_redirect_code("TEMPORARY_REDIRECT"), 307);
	assert_int_equal(prov_gce_redirect_code("PERMANENT_REDIRECT"), 308);
	assert_int_equal(prov_gce_redirect_code("found"), 0);
}

/* ---- the Ingress's annotations ---- */

static void
test_ingress(void **state)
{
	struct fx *f = *state;

	parse_ingress(f, "kubernetes.io/ingress.class: gce\n"
		"kubernetes.io/ingress.allow-http: \"false\"\n"
		"kubernetes.io/ingress.global-static-ip-name: web-ip\n"
		"ingress.gcp.kubernetes.io/pre-shared-cert: a,b\n"
		"networking.gke.io/v1beta1.FrontendConfig: fc\n"
		"ingress.kubernetes.io/url-map: k8s2-um\n");
	assert_false(f->in.allow_http);
	assert_string_equal(f->in.class_name, "gce");
	assert_string_equal(f->in.global_ip, "web-ip");
	assert_null(f->in.regional_ip);
	assert_int_equal(f->in.pre_shared.len, 2);
	assert_string_equal(f->in.frontend_config, "fc");
	assert_non_null(prov_gce_slot(&f->in, PROV_GCE_FRONTEND)->key_node);
	assert_int_equal(f->sink.len, 0);
	parse_ingress(f, "networking.gke.io/manged-certificates: x\n"
		"kubernetes.io/ingress.allow-http: maybe\n"
		"cloud.google.com/backend-config: '{}'\n"
		"example.com/other: y\n");
	assert_true(f->in.allow_http);
	assert_non_null(find_diag(f, "convert/gce-annotation-unknown"));
	assert_non_null(strstr(find_diag(f,
		"convert/gce-annotation-unknown")->msg,
		"networking.gke.io/managed-certificates"));
	assert_non_null(find_diag(f, "convert/gce-annotation-invalid"));
	assert_non_null(find_diag(f, "convert/gce-annotation-ignored"));
	assert_int_equal(f->sink.len, 3);
}

/* ---- the Service's JSON annotations ---- */

static void
test_service(void **state)
{
	struct fx *f = *state;
	const struct doc_node *anns, *kn;
	const char *why, *s;

	anns = annotations(f, "Service", "cloud.google.com/backend-config: "
		"'{\"default\": \"d\", \"ports\": {\"http\": \"n\", \"8080\": "
		"\"p\"}}'\n"
		"beta.cloud.google.com/backend-config: '{\"default\": \"beta\"}'\n");
	s = prov_gce_backend_config(&f->arena, anns, "http", 80, &kn, &why);
	assert_string_equal(s, "n");
	s = prov_gce_backend_config(&f->arena, anns, "other", 8080, &kn, &why);
	assert_string_equal(s, "p");
	s = prov_gce_backend_config(&f->arena, anns, NULL, 81, &kn, &why);
	assert_string_equal(s, "d");
	assert_null(why);
	assert_string_equal(doc_str(kn), PROV_GCE_BACKEND_CONFIG);
	anns = annotations(f, "Service", "beta.cloud.google.com/backend-config: "
		"'{\"ports\": {\"80\": \"x\"}}'\n");
	assert_string_equal(prov_gce_backend_config(&f->arena, anns, NULL, 80,
		&kn, &why), "x");
	assert_null(prov_gce_backend_config(&f->arena, anns, NULL, 81, &kn,
		&why));
	assert_null(why);
	anns = annotations(f, "Service", "cloud.google.com/backend-config: "
		"'{}'\n");
	assert_null(prov_gce_backend_config(&f->arena, anns, NULL, 80, &kn,
		&why));
	assert_non_null(why);
	anns = annotations(f, "Service", "cloud.google.com/app-protocols: "
		"'{\"https\": \"HTTPS\"}'\n"
		"service.alpha.kubernetes.io/app-protocols: '{\"443\": \"HTTP2\"}'\n");
	/* the old key first */
	assert_string_equal(prov_gce_app_protocol(&f->arena, anns, "https",
		443, &kn, &why), "HTTP2");
	assert_string_equal(prov_gce_app_protocol(&f->arena, anns, NULL, 80,
		&kn, &why), "HTTP");
	anns = annotations(f, "Service", "cloud.google.com/app-protocols: "
		"'{\"https\": \"GRPC\"}'\n");
	assert_null(prov_gce_app_protocol(&f->arena, anns, "https", 443, &kn,
		&why));
	assert_non_null(why);
}

/* ---- selection ---- */

static void
test_serves(void **state)
{
	struct ingress ing;

	(void)state;
	memset(&ing, 0, sizeof(ing));
	ing.class_annotation = "gce";
	assert_true(prov_gce_serves(&ing, false));
	ing.class_annotation = "gce-internal";
	assert_true(prov_gce_serves(&ing, false));
	ing.class_annotation = "gce-regional-external";
	assert_true(prov_gce_serves(&ing, false));
	ing.class_annotation = "gce-multi-cluster";
	assert_false(prov_gce_serves(&ing, true));
	ing.class_annotation = "nginx";
	assert_false(prov_gce_serves(&ing, true));
	ing.class_annotation = NULL;
	assert_false(prov_gce_serves(&ing, false));
	assert_true(prov_gce_serves(&ing, true));
	ing.class_field = "gce";
	assert_false(prov_gce_serves(&ing, true));
	assert_false(replay_gce_class_served(&ing, NULL));
	ing.class_field = NULL;
	assert_true(replay_gce_class_served(&ing, NULL));
}

/* ---- the routing model ---- */

static const char model_input[] =
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
	"metadata:\n  name: web\n"
	"  annotations: {kubernetes.io/ingress.class: gce}\n"
	"spec:\n  rules:\n  - host: example.com\n    http:\n      paths:\n"
	"      - {path: /api, pathType: Prefix, backend: {service: "
	"{name: api, port: {number: 80}}}}\n"
	"      - {path: /s/*, pathType: ImplementationSpecific, backend: "
	"{service: {name: s, port: {number: 80}}}}\n"
	"      - {path: /api, pathType: Exact, backend: {service: "
	"{name: exact, port: {number: 80}}}}\n";

static const char *
route(const struct replay_gce *m, const char *url, int *status)
{
	struct replay_request req = REPLAY_REQUEST_INIT;
	struct replay_decision d;
	static char svc[64];

	replay_decision_init(&d);
	replay_request_init(&req);
	assert_int_equal(replay_request_parse(&req, url), 0);
	assert_int_equal(replay_gce_route(m, &req, &d), 0);
	*status = d.status;
	snprintf(svc, sizeof(svc), "%s", d.nbackends ? d.backends[0].name :
		"");
	replay_decision_release(&d);
	replay_request_release(&req);
	return svc;
}

static void
test_model(void **state)
{
	struct fx *f = *state;
	struct replay_gce *m = NULL;
	int st;

	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "in.yaml", model_input,
		strlen(model_input), &f->sink), 0);
	assert_int_equal(replay_gce_load(&m, f->set, NULL, NULL), 0);
	assert_int_equal(replay_gce_lb_count(m), 1);
	/* the later Exact /api replaces Prefix's /api */
	assert_string_equal(route(m, "http://example.com/api", &st), "exact");
	assert_string_equal(route(m, "http://example.com/api/x", &st), "api");
	assert_string_equal(route(m, "http://example.com/apix", &st), "");
	assert_int_equal(st, 404);
	assert_string_equal(route(m, "http://example.com/s/a", &st), "s");
	assert_string_equal(route(m, "http://example.com/s/", &st), "s");
	assert_string_equal(route(m, "http://example.com/s", &st), "");
	assert_int_equal(st, 404);
	assert_string_equal(route(m, "http://other.com/api", &st), "");
	assert_string_equal(route(m, "https://example.com/api", &st), "");
	replay_gce_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test_setup_teardown(test_parsers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service, setup, teardown),
		cmocka_unit_test(test_serves),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
