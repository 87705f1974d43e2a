/* Unit tests: providers/traefik (the catalogue, its parsers, selection,
 * rule text). */
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
#include "providers/provider.h"
#include "providers/traefik/annotations.h"

#define P PROV_TRAEFIK_PREFIX

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_traefik_router r;
	struct prov_traefik_service s;
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
router(struct fx *f, const char *lines)
{
	prov_traefik_parse_router(&f->r, &f->arena, f->set, annotations(f,
		"Ingress", lines), "shop", "web", &f->sink);
}

static void
service(struct fx *f, const char *lines)
{
	prov_traefik_parse_service(&f->s, &f->arena, f->set, annotations(f,
		"Service", lines), "shop", "web", &f->sink);
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
	const struct prov_provider *p = prov_find("traefik");
	size_t n, router = 0, svc = 0;

	(void)state;
	assert_ptr_equal(p, &prov_traefik_provider);
	assert_int_equal(p->count, PROV_TRAEFIK_NANN);
	assert_int_equal(p->count, 28);
	assert_int_equal(p->nkeys, 28);
	assert_string_equal(p->prefixes[0], "traefik.ingress.kubernetes.io/");
	assert_ptr_equal(prov_list(&n)[2], p);	/* in name order, last */
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		/* sorted, described, mapped, parsed */
		if (i)
			assert_true(strcmp(p->table[i - 1].key, a->key) < 0);
		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_non_null(a->parse);
		assert_true(a->cls >= PROV_CLASS_A &&
			a->cls <= PROV_CLASS_C_PERF);
		if (prov_traefik_service_key(a->key)) {
			svc++;
			assert_int_equal(a->scope, PROV_SCOPE_SERVICE);
		} else {
			router++;
			assert_int_equal(a->scope, PROV_SCOPE_INGRESS);
			assert_int_equal(strncmp(a->key, "router.", 7), 0);
		}
		/* (a domains key is looked up with an index) */
		if (!strstr(a->key, ".n."))
			assert_ptr_equal(prov_traefik_lookup(a->key), a);
		assert_int_equal(prov_traefik_index(a), i);
	}
	assert_int_equal(router, 14);
	assert_int_equal(svc, 14);
}

static void
test_lookup(void **state)
{
	const struct prov_annotation *d;

	(void)state;
	/* names match case-insensitively, as the label decoder does */
	assert_ptr_equal(prov_traefik_lookup("router.entryPoints"),
		prov_traefik_lookup("router.entrypoints"));
	assert_ptr_equal(prov_traefik_lookup(
		"router.observability.traceVerbosity"),
		prov_traefik_lookup("router.observability.traceverbosity"));
	/* domains.N is an index, "n" is not */
	d = prov_traefik_lookup("router.tls.domains.0.main");
	assert_non_null(d);
	assert_string_equal(d->key, "router.tls.domains.n.main");
	assert_null(prov_traefik_lookup("router.tls.domains.n.main"));
	assert_ptr_equal(prov_traefik_lookup("router.tls.domains.12.main"), d);
	assert_null(prov_traefik_lookup("router.tls.domains.x.main"));
	assert_null(prov_traefik_lookup("router.tls.domains.N.main"));
	assert_null(prov_traefik_lookup("router.priorty"));
	assert_null(prov_traefik_lookup(NULL));
	assert_true(prov_traefik_service_key("service.nativelb"));
	assert_false(prov_traefik_service_key("router.tls"));
}

/* The parser of one table entry on one value. */
static int
parse(struct fx *f, const char *key, const char *text, void *dst,
	const char **why)
{
	const struct prov_annotation *a = prov_traefik_lookup(key);
	struct prov_value v = { .ann = a, .text = text, .arena = &f->arena };
	int rc;

	assert_non_null(a);
	if (a->check != PROV_CHECK_NONE && prov_check_value(a, text, why))
		return ERR_INVALID;
	rc = a->parse(&v, dst);
	*why = v.why;
	return rc;
}

/* Every key's parser writes a value of its kind into its own field of
 * the settings (the sanitizer build catches a field of another type). */
static void
test_every_key(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < prov_traefik_provider.count; i++) {
		const struct prov_annotation *a =
			&prov_traefik_provider.table[i];
		struct prov_traefik_router r;
		struct prov_traefik_service sv;
		char *base = prov_traefik_service_key(a->key) ? (char *)&sv :
			(char *)&r;
		struct prov_value v = { .ann = a, .arena = &f->arena };

		memset(&r, 0, sizeof(r));
		memset(&sv, 0, sizeof(sv));
		switch (a->kind) {
		case PROV_KIND_BOOL: v.text = "true"; break;
		case PROV_KIND_INT:
		case PROV_KIND_SECONDS: v.text = "5"; break;
		case PROV_KIND_LIST:
		case PROV_KIND_HOST_LIST: v.text = "a.example.com, b"; break;
		case PROV_KIND_ENUM: v.text = a->values[1]; break;
		case PROV_KIND_PATH: v.text = "/x"; break;
		default: v.text = "example.com"; break;
		}
		assert_true(a->off < (prov_traefik_service_key(a->key) ?
			sizeof(sv) : sizeof(r)));
		assert_int_equal(a->parse(&v, base + a->off), 0);
		switch (a->kind) {
		case PROV_KIND_BOOL:
			assert_true(*(bool *)(base + a->off));
			break;
		case PROV_KIND_INT:
		case PROV_KIND_SECONDS:
			assert_int_equal(*(long long *)(base + a->off), 5);
			break;
		case PROV_KIND_LIST:
		case PROV_KIND_HOST_LIST:
			assert_int_equal(((struct prov_strlist *)(base +
				a->off))->len, 2);
			break;
		default:
			break;
		}
	}
	/* the enums that are indices: traceVerbosity, pathmatcher, scheme */
	router(f, P "router.observability.traceVerbosity: detailed\n");
	assert_int_equal(f->r.trace_verbosity, 1);
}

static void
test_parsers(void **state)
{
	struct fx *f = *state;
	struct prov_strlist l;
	const char *why, *s;
	long long n;
	bool b;
	int e;

	/* lists: split on ',', each item trimmed, empty items kept */
	assert_int_equal(parse(f, "router.entrypoints", " web , websecure,,x",
		&l, &why), 0);
	assert_int_equal(l.len, 4);
	assert_string_equal(l.v[0], "web");
	assert_string_equal(l.v[1], "websecure");
	assert_string_equal(l.v[2], "");
	assert_string_equal(l.v[3], "x");
	assert_int_equal(parse(f, "router.middlewares", "", &l, &why), 0);
	assert_int_equal(l.len, 0);
	/* booleans and integers as Go parses them */
	assert_int_equal(parse(f, "router.observability.metrics", "F", &b,
		&why), 0);
	assert_false(b);
	assert_int_equal(parse(f, "router.observability.metrics", "yes", &b,
		&why), ERR_INVALID);
	assert_int_equal(parse(f, "router.priority", "-42", &n, &why), 0);
	assert_int_equal(n, -42);
	assert_int_equal(parse(f, "router.priority", "4 2", &n, &why),
		ERR_INVALID);
	assert_int_equal(parse(f, "service.sticky.cookie.maxage", "3600", &n,
		&why), 0);
	assert_int_equal(n, 3600);
	/* allowEmpty: on unless set to something other than "true" */
	assert_int_equal(parse(f, "router.tls", "TRUE", &b, &why), 0);
	assert_true(b);
	assert_int_equal(parse(f, "router.tls", "", &b, &why), 0);
	assert_true(b);
	assert_int_equal(parse(f, "router.tls", "yes", &b, &why), 0);
	assert_false(b);
	/* enums: the matcher exactly, the scheme in any case */
	assert_int_equal(parse(f, "router.pathmatcher", "PathRegexp", &e,
		&why), 0);
	assert_int_equal(e, PROV_TRAEFIK_PATH_REGEXP);
	assert_int_equal(parse(f, "router.pathmatcher", "pathprefix", &e,
		&why), ERR_INVALID);
	assert_int_equal(parse(f, "service.serversscheme", "H2C", &e, &why),
		0);
	assert_int_equal(e, PROV_TRAEFIK_H2C);
	/* strings as they are */
	assert_int_equal(parse(f, "router.tls.certresolver", " le ", &s,
		&why), 0);
	assert_string_equal(s, " le ");
}

/* ---- the router.* parse ---- */

static void
test_router(void **state)
{
	struct fx *f = *state;

	router(f, P "router.entryPoints: \"websecure\"\n"
		P "router.priority: \"7\"\n"
		P "router.tls.certresolver: le\n"
		P "router.tls.domains.0.main: example.com\n"
		P "router.tls.domains.0.sans: \"a.example.com, b.example.com\"\n"
		P "router.tls.domains.3.main: example.org\n"
		P "router.pathmatcher: Path\n");
	assert_false(f->r.skipped);
	assert_true(f->r.has_entrypoints);
	assert_string_equal(f->r.entrypoints.v[0], "websecure");
	assert_int_equal(f->r.priority, 7);
	/* a router.tls.* key enables TLS without router.tls */
	assert_true(f->r.tls);
	assert_string_equal(f->r.tls_certresolver, "le");
	assert_int_equal(f->r.ndomains, 2);
	assert_string_equal(f->r.domains[0].main, "example.com");
	assert_int_equal(f->r.domains[0].sans.len, 2);
	assert_string_equal(f->r.domains[0].sans.v[1], "b.example.com");
	assert_string_equal(f->r.domains[1].main, "example.org");
	assert_int_equal(f->r.path_matcher, PROV_TRAEFIK_PATH);
	assert_true(f->r.access_logs && f->r.metrics && f->r.tracing);
	assert_int_equal(f->sink.len, 0);
}

static void
test_router_skipped(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	/* an unknown router.* key: the decoder fails, the Ingress is
	 * skipped, the nearest key is suggested */
	router(f, P "router.priorty: \"10\"\n");
	assert_true(f->r.skipped);
	assert_string_equal(f->r.skip_key, P "router.priorty");
	d = find_diag(f, "convert/traefik-annotation-unknown");
	assert_non_null(d);
	assert_non_null(strstr(d->msg, "did you mean '" P
		"router.priority'"));
	assert_int_equal(d->pos.line, 6);
	/* a bool that does not parse */
	router(f, P "router.observability.tracing: \"on\"\n");
	assert_true(f->r.skipped);
	assert_non_null(find_diag(f, "convert/traefik-annotation-invalid"));
	/* an unknown key outside router.* and service.* is ignored */
	router(f, P "foo: bar\n");
	assert_false(f->r.skipped);
	assert_non_null(find_diag(f, "convert/traefik-annotation-unknown"));
	/* a service.* key on an Ingress is ignored there */
	router(f, P "service.passhostheader: \"false\"\n");
	assert_false(f->r.skipped);
	assert_non_null(find_diag(f, "convert/traefik-annotation-ignored"));
}

static void
test_router_tls_off(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	/* router.tls other than "true" turns TLS off, its keys too */
	router(f, P "router.tls: \"false\"\n"
		P "router.tls.options: default-tls@kubernetescrd\n");
	assert_false(f->r.skipped);
	assert_false(f->r.tls);
	assert_null(f->r.tls_options);
	d = find_diag(f, "convert/traefik-annotation-ignored");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_INFO);
	/* an invalid pathmatcher: the ImplementationSpecific paths go */
	router(f, P "router.pathmatcher: Prefix\n");
	assert_false(f->r.skipped);
	assert_int_equal(f->r.path_matcher, -1);
	/* a rule syntax other than v2 is the default one */
	router(f, P "router.rulesyntax: V2\n");
	assert_false(f->r.rule_v2);
	router(f, P "router.rulesyntax: v2\n");
	assert_true(f->r.rule_v2);
}

/* ---- the service.* parse ---- */

static void
test_service(void **state)
{
	struct fx *f = *state;

	service(f, P "service.serversscheme: https\n"
		P "service.passhostheader: \"false\"\n"
		P "service.sticky.cookie.name: SID\n"
		P "service.sticky.cookie.maxage: \"60\"\n"
		P "service.nativelb: \"true\"\n");
	assert_false(f->s.failed);
	assert_int_equal(f->s.scheme, PROV_TRAEFIK_HTTPS);
	assert_false(f->s.pass_host_header);
	assert_true(f->s.sticky);	/* a cookie key enables it */
	assert_string_equal(f->s.cookie_name, "SID");
	assert_int_equal(f->s.cookie_max_age, 60);
	assert_true(f->s.native_lb);
	/* an unknown scheme is kept apart: every request fails */
	service(f, P "service.serversscheme: protocol\n");
	assert_false(f->s.failed);
	assert_true(f->s.scheme_bad);
	/* a bad value, an unknown service.* key: the service fails */
	service(f, P "service.sticky.cookie.secure: \"sure\"\n");
	assert_true(f->s.failed);
	service(f, P "service.sticky.cokie: \"true\"\n");
	assert_true(f->s.failed);
	assert_non_null(strstr(find_diag(f, "convert/traefik-annotation-"
		"unknown")->msg, "service.sticky.cookie"));
	/* router.* on a Service: ignored */
	service(f, P "router.tls: \"true\"\n");
	assert_false(f->s.failed);
	assert_non_null(find_diag(f, "convert/traefik-annotation-ignored"));
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
	assert_int_equal(prov_traefik_serves(&w, &w.ingresses[0],
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
	/* an IngressClass of Traefik's controller, by any name */
	serves_case(ICLASS("edge", "traefik.io/ingress-controller") ING_HEAD
		"spec:\n  ingressClassName: edge\n" ING_BODY, true, false);
	/* the class named traefik of another controller is not Traefik's */
	serves_case(ICLASS("traefik", "k8s.io/ingress-nginx") ING_HEAD
		"spec:\n  ingressClassName: traefik\n" ING_BODY, false, false);
	/* without IngressClasses: the chart's class name */
	serves_case(ING_HEAD "spec:\n  ingressClassName: traefik\n" ING_BODY,
		true, false);
	/* the annotation, compared as it is */
	serves_case(ING_HEAD "  annotations: {kubernetes.io/ingress.class: "
		"traefik}\nspec:\n" ING_BODY, true, false);
	serves_case(ICLASS("edge", "traefik.io/ingress-controller") ING_HEAD
		"  annotations: {kubernetes.io/ingress.class: edge}\nspec:\n"
		ING_BODY, false, false);
	/* the default IngressClass */
	serves_case("apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
		"metadata:\n  name: edge\n  annotations: {ingressclass.kubernetes"
		".io/is-default-class: \"true\"}\nspec: {controller: "
		"traefik.io/ingress-controller}\n---\n" ING_HEAD "spec:\n"
		ING_BODY, true, false);
	/* no class: Traefik serves it by default, auto leaves it */
	serves_case(ING_HEAD "spec:\n" ING_BODY, false, false);
	serves_case(ING_HEAD "spec:\n" ING_BODY, true, true);
}

/* ---- rules and their priority ---- */

static void
test_rule(void **state)
{
	struct fx *f = *state;
	const char *r;

	/* the documentation's example: Host(`foobar.traefik.com`) is 26 */
	r = prov_traefik_rule(&f->arena, "foobar.traefik.com", false, 0, NULL);
	assert_string_equal(r, "Host(\"foobar.traefik.com\")");
	assert_int_equal(strlen(r), 26);
	r = prov_traefik_rule(&f->arena, "example.com", false,
		PROV_TRAEFIK_PATH_PREFIX, "/api");
	assert_string_equal(r, "Host(\"example.com\") && PathPrefix(\"/api\")");
	/* a Prefix path is longer text than the Exact one of its subpath */
	assert_true(strlen(r) > strlen(prov_traefik_rule(&f->arena,
		"example.com", false, PROV_TRAEFIK_PATH, "/api/v1")));
	r = prov_traefik_rule(&f->arena, NULL, false, PROV_TRAEFIK_PATH_REGEXP,
		"^/a\\d\"");
	assert_string_equal(r, "PathRegexp(\"^/a\\\\d\\\"\")");
	r = prov_traefik_rule(&f->arena, "*.example.com", true,
		PROV_TRAEFIK_PATH, "/");
	assert_string_equal(r, "HostRegexp(\"{subdomain:[a-zA-Z0-9-]+}."
		"example.com\") && Path(\"/\")");
	r = prov_traefik_rule(&f->arena, "*.example.com", false, -1, "");
	assert_string_equal(r, "Host(\"*.example.com\")");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_count),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test_setup_teardown(test_every_key, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_parsers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_router, setup, teardown),
		cmocka_unit_test_setup_teardown(test_router_skipped, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_router_tls_off, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_service, setup, teardown),
		cmocka_unit_test(test_serves),
		cmocka_unit_test_setup_teardown(test_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
