/* Unit tests: providers/cilium (the catalogue, its parser, durations,
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
#include "providers/cilium/annotations.h"
#include "providers/provider.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_cilium_settings s;
	struct k8s_objects objs;
	struct ing_world w;
	bool world;
};

static int
setup(void **state)
{
	*state = xcalloc(1, sizeof(struct fx));
	return 0;
}

static void
reset(struct fx *f)
{
	if (f->world)
		ing_world_release(&f->w);
	f->world = false;
	k8s_objects_release(&f->objs);
	diag_sink_release(&f->sink);
	if (f->set)
		doc_set_free(f->set);
	f->set = NULL;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	reset(f);
	arena_release(&f->arena);
	free(f);
	return 0;
}

/* Parses the annotation lines (each "key: value") of an Ingress. */
static void
parse(struct fx *f, const char *lines)
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
	reset(f);
	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "in.yaml", y.buf, y.len,
		&f->sink), 0);
	strbuf_release(&y);
	prov_cilium_parse(&f->s, &f->arena, f->set, doc_path(doc_set_root(
		f->set, 0), "metadata.annotations"), "shop", "web", &f->sink);
}

static const struct diag *
find_diag(struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->sink.len; i++)
		if (!strcmp(f->sink.items[i].rule, rule))
			return &f->sink.items[i];
	return NULL;
}

/* Loads a YAML stream of objects into the world. */
static void
world(struct fx *f, const char *yaml)
{
	reset(f);
	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "in.yaml", yaml, strlen(yaml),
		&f->sink), 0);
	k8s_objects_collect(&f->objs, f->set, &f->sink);
	ing_world_load(&f->w, f->set, &f->objs, &f->sink);
	f->world = true;
}

/* ---- Cilium ---- */

static void
test_cilium_catalogue(void **state)
{
	const struct prov_provider *p = prov_find("cilium");
	size_t current = 0;

	(void)state;
	assert_ptr_equal(p, &prov_cilium_provider);
	assert_int_equal(p->count, PROV_CILIUM_NANN);
	assert_int_equal(p->count, 15);
	assert_string_equal(p->prefixes[0], "ingress.cilium.io/");
	assert_string_equal(p->prefixes[1], "io.cilium.ingress/");
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		if (i)
			assert_true(strcmp(p->table[i - 1].key, a->key) < 0);
		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_non_null(a->parse);
		assert_ptr_equal(prov_cilium_lookup(a->key), a);
		assert_ptr_equal(prov_lookup(p, a->key), a);
		assert_int_equal(prov_cilium_index(a), i);
		current += !strstr(a->desc, "older releases only");
	}
	/* the 10 keys of the current release, 5 of older ones */
	assert_int_equal(current, 10);
	assert_null(prov_cilium_lookup("force-htps"));
	/* the keys with a Gateway API meaning say where they land */
	assert_non_null(prov_cilium_lookup("force-https")->std);
	assert_non_null(prov_cilium_lookup("request-timeout")->std);
	assert_non_null(prov_cilium_lookup("tls-passthrough")->std);
	assert_null(prov_cilium_lookup("loadbalancer-mode")->std);
}

static void
test_cilium_defaults(void **state)
{
	struct fx *f = *state;

	parse(f, "");
	assert_true(f->s.dedicated);
	assert_false(f->s.mode_set);
	assert_int_equal(f->s.force_https, -1);
	assert_false(f->s.passthrough);
	assert_null(f->s.request_timeout);
	assert_int_equal(f->sink.len, 0);
}

static void
test_cilium_values(void **state)
{
	struct fx *f = *state;

	parse(f, "ingress.cilium.io/loadbalancer-mode: shared\n"
		"ingress.cilium.io/force-https: disabled\n"
		"ingress.cilium.io/tls-passthrough: \"true\"\n"
		"ingress.cilium.io/service-type: NodePort\n"
		"ingress.cilium.io/request-timeout: 1m30s");
	assert_false(f->s.dedicated);
	assert_true(f->s.mode_set);
	assert_int_equal(f->s.force_https, 0);
	assert_true(f->s.passthrough);
	assert_true(f->s.node_port);
	assert_string_equal(f->s.request_timeout, "1m30s");
	assert_int_equal(f->s.request_timeout_ms, 90000);
	assert_int_equal(f->sink.len, 0);
	parse(f, "ingress.cilium.io/force-https: enabled\n"
		"ingress.cilium.io/tls-passthrough: enabled");
	assert_int_equal(f->s.force_https, 1);
	assert_true(f->s.passthrough);
}

static void
test_cilium_bad_values(void **state)
{
	struct fx *f = *state;

	parse(f, "ingress.cilium.io/loadbalancer-mode: private");
	assert_true(f->s.dedicated);
	assert_int_equal(prov_cilium_slot(&f->s, "loadbalancer-mode")->state,
		PROV_CILIUM_DEFAULTED);
	assert_non_null(find_diag(f, "convert/cilium-annotation-invalid"));
	parse(f, "ingress.cilium.io/force-https: maybe");
	assert_int_equal(f->s.force_https, -1);
	parse(f, "ingress.cilium.io/request-timeout: 30 seconds");
	assert_null(f->s.request_timeout);
	parse(f, "ingress.cilium.io/secure-node-port: \"99999999999\"");
	assert_non_null(find_diag(f, "convert/cilium-annotation-invalid"));
	parse(f, "ingress.cilium.io/tls-passthrough: yes");
	assert_false(f->s.passthrough);
}

static void
test_cilium_keys(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	parse(f, "ingress.cilium.io/force-htps: enabled");
	d = find_diag(f, "convert/cilium-annotation-unknown");
	assert_non_null(d);
	parse(f, "ingress.cilium.io/websocket: enabled");
	assert_non_null(find_diag(f, "convert/cilium-annotation-ignored"));
	/* the old prefix: five keys only, and the new one wins */
	parse(f, "io.cilium.ingress/loadbalancer-mode: shared");
	assert_false(f->s.dedicated);
	parse(f, "io.cilium.ingress/request-timeout: 10s");
	assert_null(f->s.request_timeout);
	assert_non_null(find_diag(f, "convert/cilium-annotation-ignored"));
	parse(f, "io.cilium.ingress/loadbalancer-mode: shared\n"
		"ingress.cilium.io/loadbalancer-mode: dedicated");
	assert_true(f->s.dedicated);
}

static void
test_cilium_duration(void **state)
{
	struct arena a = { 0 };
	const char *gw;
	long long ms;

	(void)state;
	assert_true(prov_cilium_duration("30s", &ms, &a, &gw));
	assert_int_equal(ms, 30000);
	assert_string_equal(gw, "30s");
	assert_true(prov_cilium_duration("1.5h", &ms, &a, &gw));
	assert_string_equal(gw, "1h30m");
	assert_true(prov_cilium_duration("250ms", &ms, &a, &gw));
	assert_string_equal(gw, "250ms");
	assert_true(prov_cilium_duration("0", &ms, &a, &gw));
	assert_string_equal(gw, "0s");
	assert_true(prov_cilium_duration("1m0.5s", &ms, &a, &gw));
	assert_string_equal(gw, "1m500ms");
	assert_true(prov_cilium_duration("100us", &ms, &a, &gw));
	assert_null(gw);
	assert_false(prov_cilium_duration("30", &ms, &a, &gw));
	assert_false(prov_cilium_duration("", &ms, &a, &gw));
	assert_false(prov_cilium_duration("-5s", &ms, &a, &gw));
	assert_false(prov_cilium_duration("5 s", &ms, &a, &gw));
	arena_release(&a);
}

#define ING_HEAD "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"

static void
test_cilium_serves(void **state)
{
	struct fx *f = *state;

	world(f, ING_HEAD "metadata: {name: a}\nspec: {ingressClassName: "
		"cilium}\n---\n" ING_HEAD "metadata: {name: b, annotations: "
		"{kubernetes.io/ingress.class: cilium}}\nspec: "
		"{ingressClassName: nginx}\n---\n" ING_HEAD "metadata: {name: "
		"c}\nspec: {}\n---\n" ING_HEAD "metadata: {name: d}\nspec: "
		"{ingressClassName: internal}\n---\napiVersion: "
		"networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: "
		"internal}\nspec: {controller: cilium.io/ingress-controller}\n");
	assert_int_equal(f->w.ningresses, 4);
	assert_true(prov_cilium_serves(&f->w, &f->w.ingresses[0], false));
	/* the annotation first */
	assert_true(prov_cilium_serves(&f->w, &f->w.ingresses[1], false));
	assert_false(prov_cilium_serves(&f->w, &f->w.ingresses[2], false));
	assert_true(prov_cilium_serves(&f->w, &f->w.ingresses[2], true));
	/* Cilium compares the class name, not the controller */
	assert_false(prov_cilium_serves(&f->w, &f->w.ingresses[3], true));
	world(f, ING_HEAD "metadata: {name: c}\nspec: {}\n---\napiVersion: "
		"networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: "
		"cilium, annotations: {ingressclass.kubernetes.io/"
		"is-default-class: \"true\"}}\nspec: {controller: "
		"cilium.io/ingress-controller}\n");
	assert_true(prov_cilium_serves(&f->w, &f->w.ingresses[0], false));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cilium_catalogue),
		cmocka_unit_test_setup_teardown(test_cilium_defaults, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_cilium_values, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_cilium_bad_values, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_cilium_keys, setup,
			teardown),
		cmocka_unit_test(test_cilium_duration),
		cmocka_unit_test_setup_teardown(test_cilium_serves, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
