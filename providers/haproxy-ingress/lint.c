/*
 * Ingress lint for HAProxy Ingress: what it does with the annotations of
 * the Ingresses it serves (a value it cannot use is logged and skipped, a
 * key it reads elsewhere has no effect, an unknown key does nothing),
 * what the conversion cannot carry (classes B and C), and what it
 * resolves silently: a Prefix path that takes the requests of a begin
 * path (path-type-order). Which Ingresses it serves comes from
 * providers/haproxy-ingress/annotations.h, as for convert.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/haproxy-ingress/annotations.h"
#include "strmap.h"

static const struct lint_obj *
obj_of(const struct lint_ctx *c, const struct k8s_object *k)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].k == k)
			return &c->objs[i];
	return NULL;
}

static void
relay(struct lint_ctx *c, const struct diag_sink *from)
{
	for (size_t i = 0; i < from->len; i++) {
		const struct diag *d = &from->items[i];
		const char *msg = strstr(d->msg, "annotation '");
		const char *rule = strstr(d->rule, "ignored") ?
			"ingress/annotation-ignored" :
			"ingress/annotation-invalid";

		if (strstr(d->rule, "not-converted"))
			rule = "ingress/annotation-not-converted";
		lint_emit_pos(c, rule, d->pos, "%s", msg ? msg : d->msg);
	}
}

static void
check_conversion(struct lint_ctx *c, const struct prov_hapi_slot *slots)
{
	for (size_t i = 0; i < PROV_HAPI_NANN; i++) {
		const struct prov_annotation *a =
			&prov_hapi_provider.table[i];
		const struct prov_hapi_slot *sl = &slots[i];

		if (!sl->key_node || sl->state != PROV_HAPI_SET)
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

/*
 * Begin paths (ImplementationSpecific with path-type begin) of a rule that
 * a Prefix path of the same host covers: HAProxy Ingress tries the prefix
 * paths first (path-type-order), so the begin path never answers the
 * requests the prefix path takes.
 */
static void
check_shadowed(struct lint_ctx *c, const struct ingress *ing,
	const struct prov_hapi_settings *s)
{
	if (strcmp(s->path_type, "begin"))
		return;
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];

		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *bp = &ir->paths[p];

			if (bp->type != ING_PATH_IMPLEMENTATION_SPECIFIC)
				continue;
			for (size_t q = 0; q < ir->npaths; q++) {
				const struct ing_path *pp = &ir->paths[q];
				size_t n = strlen(pp->path);

				if (pp->type != ING_PATH_PREFIX)
					continue;
				if (n > 1 && pp->path[n - 1] == '/')
					n--;
				if (strncmp(bp->path, pp->path, n) ||
				    (n > 1 && bp->path[n] && bp->path[n] !=
				    '/'))
					continue;
				lint_emit(c, "ingress/haproxy-ingress-path-"
					"shadowed", bp->path_node ?
					bp->path_node : bp->node, "path '%s' "
					"(path-type begin) is tried after the "
					"Prefix path '%s', which takes its "
					"requests in HAProxy Ingress; Gateway "
					"API gives them to the longer path",
					bp->path, pp->path);
				break;
			}
		}
	}
}

void
lint_hapi_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_hapi_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_hapi_serves(&world, ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		s = arena_alloc(&arena, sizeof(*s));
		prov_hapi_parse(s, &arena, c->set, ing->annotations,
			"Ingress", ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, s->slots);
		check_shadowed(c, ing, s);
	}
	c->cur = NULL;
	arena_release(&arena);
	ing_world_release(&world);
}
