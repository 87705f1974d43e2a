/*
 * Ingress lint for the APISIX Ingress Controller: what it does with the
 * annotations of the Ingresses it serves (values it reads otherwise than
 * written, keys without effect, unknown keys), what the conversion cannot
 * carry (annotations of class B and C), what it skips (defaultBackend),
 * and what it resolves silently: two Ingresses with a route of the same
 * host and URI to other backends, between which APISIX picks either.
 * Which Ingresses it serves comes from providers/apisix/annotations.h, as
 * for convert.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/apisix/annotations.h"
#include "strmap.h"

static void
relay(struct lint_ctx *c, const struct diag_sink *from)
{
	for (size_t i = 0; i < from->len; i++) {
		const struct diag *d = &from->items[i];
		const char *msg = strstr(d->msg, "annotation '");
		const char *rule = d->severity >= DIAG_WARNING ?
			"ingress/annotation-invalid" :
			"ingress/annotation-ignored";

		lint_emit_pos(c, rule, d->pos, "%s", msg ? msg : d->msg);
	}
}

static const struct lint_obj *
obj_of(const struct lint_ctx *c, const struct k8s_object *k)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].k == k)
			return &c->objs[i];
	return NULL;
}

static void
check_conversion(struct lint_ctx *c, const struct prov_apisix_settings *s)
{
	for (size_t i = 0; i < PROV_APISIX_NANN; i++) {
		const struct prov_annotation *a =
			&prov_apisix_provider.table[i];
		const struct prov_apisix_slot *sl = &s->slots[i];

		if (!sl->key_node || sl->state != PROV_APISIX_SET)
			continue;
		if (a->cls == PROV_CLASS_C || a->cls == PROV_CLASS_C_PERF)
			lint_emit(c, "ingress/annotation-not-converted",
				sl->key_node, "annotation '%s' does not "
				"survive conversion: no Gateway API equivalent "
				"(%s)", sl->key, a->gateway);
		else if (a->cls == PROV_CLASS_B)
			lint_emit(c, "ingress/annotation-vendor", sl->key_node,
				"annotation '%s' converts only to an "
				"implementation-specific policy (%s)", sl->key,
				a->gateway);
	}
}

struct tie {
	const struct lint_obj *obj;
	const char *host;		/* lower-case; NULL: any host */
	const char *uri;
	const char *service;
	long port;
	const struct doc_node *node;
	size_t rank;			/* input order */
};

static void
add_ties(const struct ingress *ing, const struct lint_obj *obj,
	const struct prov_apisix_settings *s, struct arena *arena,
	struct tie **out, size_t *n)
{
	for (size_t ri = 0; ri < ing->nrules; ri++)
		for (size_t pi = 0; pi < ing->rules[ri].npaths; pi++) {
			const struct ing_rule *rule = &ing->rules[ri];
			const struct ing_path *p = &rule->paths[pi];
			const char *uris[2];
			struct tie t = { .obj = obj };

			if (!p->backend.service ||
			    (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
			    s->use_regex))
				continue;
			(void)prov_apisix_uris(arena, (int)p->type, p->path,
				false, uris);
			t.uri = uris[0];
			if (rule->host) {
				char *h = arena_strdup(arena, rule->host);

				for (char *q = h; *q; q++)
					*q = (char)tolower((unsigned char)*q);
				t.host = h;
			}
			t.service = p->backend.service;
			t.port = p->backend.port_name ? -1 : p->backend.port;
			t.node = p->path_node ? p->path_node : p->node;
			t.rank = *n;
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = t;
		}
}

static int
tie_cmp(const void *pa, const void *pb)
{
	const struct tie *a = pa, *b = pb;
	int r;

	if ((a->host == NULL) != (b->host == NULL))
		return a->host ? 1 : -1;
	if (a->host && (r = strcmp(a->host, b->host)))
		return r;
	if ((r = strcmp(a->uri, b->uri)))
		return r;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static bool
tie_same(const struct tie *a, const struct tie *b)
{
	return !strcmp(a->uri, b->uri) && (a->host == NULL) ==
		(b->host == NULL) && (!a->host || !strcmp(a->host, b->host));
}

/* Routes of one host and URI from two Ingresses (sorted, so that only a
 * group's routes meet). */
static void
check_ties(struct lint_ctx *c, struct tie *t, size_t n)
{
	if (n > 1)
		qsort(t, n, sizeof(*t), tie_cmp);
	for (size_t g = 0; g < n;) {
		size_t e = g + 1;

		while (e < n && tie_same(&t[g], &t[e]))
			e++;
		for (size_t i = g; i < e; i++)
			for (size_t j = i + 1; j < e; j++) {
				const struct tie *a = &t[i], *b = &t[j];

				if (a->obj == b->obj ||
				    (!strcmp(a->service, b->service) &&
				    a->port == b->port))
					continue;
				c->cur = b->obj;
				lint_emit(c, "ingress/priority-tie", b->node,
					"this path and one of Ingress %s/%s are "
					"APISIX routes of URI '%s'%s%s%s of the "
					"same priority: APISIX sends it to "
					"Service '%s' or '%s', as it happens",
					a->obj->ns, a->obj->name, a->uri,
					a->host ? " (host " : " (any host)",
					a->host ? a->host : "", a->host ? ")" :
					"", a->service, b->service);
				lint_note(c, a->node, "the other route");
			}
		g = e;
	}
}

void
lint_apisix_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct tie *ties = NULL;
	size_t nties = 0;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_apisix_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_apisix_serves(&world, ing))
			continue;
		s = arena_alloc(&arena, sizeof(*s));
		c->cur = obj_of(c, ing->obj);
		prov_apisix_parse(s, &arena, c->set, ing->annotations,
			ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, s);
		if (ing->has_default_backend)
			lint_emit(c, "ingress/annotation-ignored",
				ing->default_backend.node, "spec.defaultBackend "
				"is ignored: the APISIX Ingress Controller makes "
				"routes of the rules only");
		add_ties(ing, c->cur, s, &arena, &ties, &nties);
	}
	check_ties(c, ties, nties);
	c->cur = NULL;
	free(ties);
	arena_release(&arena);
	ing_world_release(&world);
}
