/* Unit tests: providers/istio (the catalogue and selection). */
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
#include "providers/istio/annotations.h"
#include "providers/provider.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
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

#define ING_HEAD "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"

/* ---- Istio ---- */

static void
test_istio_catalogue(void **state)
{
	const struct prov_provider *p = prov_find("istio");

	(void)state;
	assert_ptr_equal(p, &prov_istio_provider);
	assert_int_equal(p->count, PROV_ISTIO_NANN);
	assert_int_equal(p->count, 1);
	assert_string_equal(p->prefixes[0], "");
	assert_string_equal(p->table[0].key, "kubernetes.io/ingress.class");
	assert_ptr_equal(prov_lookup(p, "kubernetes.io/ingress.class"),
		&p->table[0]);
	assert_null(prov_lookup(p, "ingress.class"));
}

static void
test_istio_serves(void **state)
{
	struct fx *f = *state;

	world(f, ING_HEAD "metadata: {name: a, annotations: "
		"{kubernetes.io/ingress.class: istio}}\nspec: {}\n---\n"
		ING_HEAD "metadata: {name: b, annotations: "
		"{kubernetes.io/ingress.class: nginx}}\nspec: "
		"{ingressClassName: mesh}\n---\n" ING_HEAD "metadata: {name: "
		"c}\nspec: {ingressClassName: mesh}\n---\n" ING_HEAD
		"metadata: {name: d}\nspec: {}\n---\n" ING_HEAD "metadata: "
		"{name: e}\nspec: {ingressClassName: nginx}\n---\n"
		"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
		"metadata: {name: mesh}\nspec: {controller: "
		"istio.io/ingress-controller}\n");
	assert_int_equal(f->w.ningresses, 5);
	assert_true(prov_istio_serves(&f->w, &f->w.ingresses[0], false));
	/* the annotation decides when present */
	assert_false(prov_istio_serves(&f->w, &f->w.ingresses[1], true));
	/* the controller of the IngressClass, whatever its name */
	assert_true(prov_istio_serves(&f->w, &f->w.ingresses[2], false));
	/* no class: STRICT (the default) no, DEFAULT yes */
	assert_false(prov_istio_serves(&f->w, &f->w.ingresses[3], false));
	assert_true(prov_istio_serves(&f->w, &f->w.ingresses[3], true));
	assert_false(prov_istio_serves(&f->w, &f->w.ingresses[4], true));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_istio_catalogue),
		cmocka_unit_test_setup_teardown(test_istio_serves, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
