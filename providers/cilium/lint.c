/*
 * Ingress lint for Cilium: what its Ingress controller does with the
 * ingress.cilium.io annotations of the Ingresses it serves (a value it
 * cannot use falls back to the default; an unknown key, or one of older
 * releases, is ignored), what the conversion cannot carry, and what it
 * resolves silently: routes of the same host and match from several
 * Ingresses or paths, whose backends Cilium load-balances equally.
 * Which Ingresses Cilium serves comes from providers/cilium/annotations.h,
 * as for convert.
 */
#include "compat.h"

#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/cilium/annotations.h"
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
		struct strbuf sb = STRBUF_INIT;
		const char *msg = diag_message(d, &sb);
		const char *at = strstr(msg, "annotation '");

		lint_emit_pos(c, d->severity >= DIAG_WARNING ?
			"ingress/annotation-invalid" :
			"ingress/annotation-ignored", d->pos, "%s",
			at ? at : msg);
		strbuf_release(&sb);
	}
}

static void
check_conversion(struct lint_ctx *c, const struct prov_cilium_settings *s)
{
	for (size_t i = 0; i < PROV_CILIUM_NANN; i++) {
		const struct prov_annotation *a =
			&prov_cilium_provider.table[i];
		const struct prov_cilium_slot *sl = &s->slots[i];

		if (!sl->key_node || sl->state != PROV_CILIUM_SET ||
		    (a->cls != PROV_CLASS_C && a->cls != PROV_CLASS_C_PERF))
			continue;
		lint_emit(c, "ingress/annotation-not-converted", sl->key_node,
			"annotation '%s' does not survive conversion: no "
			"Gateway API equivalent (%s)", sl->key, a->gateway);
	}
}

struct first {
	const char *service;
	long port;
	const struct ingress *ing;
};

static void
check_paths(struct lint_ctx *c, const struct ingress *ing,
	struct strmap *seen, struct arena *arena)
{
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++) {
			const struct ing_path *ip = &ing->rules[r].paths[p];
			const char *host = ing->rules[r].host;
			const char *k;
			struct first *f;
			long port = ip->backend.port_name ? -1 :
				ip->backend.port;

			if (!ip->backend.service)
				continue;
			k = arena_printf(arena, "%s\t%d\t%s", host ? host : "*",
				(int)ip->type, ip->path);
			f = strmap_get(seen, k);
			if (!f) {
				f = arena_alloc(arena, sizeof(*f));
				f->service = ip->backend.service;
				f->port = port;
				f->ing = ing;
				strmap_put(seen, k, f);
				continue;
			}
			if (!strcmp(f->service, ip->backend.service) &&
			    f->port == port)
				continue;
			lint_emit(c, "ingress/shared-match-split",
				ip->path_node ? ip->path_node : ip->node,
				"path '%s' of host '%s' is also routed to "
				"Service '%s' by Ingress '%s/%s': Cilium merges "
				"the two into one route and splits the requests "
				"equally between the Services", ip->path,
				host ? host : "*", f->service, f->ing->ns,
				f->ing->name);
		}
}

void
lint_cilium_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct strmap seen = STRMAP_INIT;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_cilium_settings s;
		struct diag_sink ds = DIAG_SINK_INIT;
		const struct ing_class *cls;

		if (ing->name && !prov_cilium_serves(&world, ing, false) &&
		    ing->class_field && (cls = ing_world_class(&world,
		    ing->class_field)) && cls->controller &&
		    !strcmp(cls->controller, PROV_CILIUM_CONTROLLER)) {
			c->cur = obj_of(c, ing->obj);
			lint_emit(c, "ingress/class-not-served",
				ing->class_field_node, "IngressClass '%s' names "
				"Cilium's controller, but Cilium serves only "
				"the class named '%s'%s: nothing serves this "
				"Ingress", ing->class_field, PROV_CILIUM_CLASS,
				ing->class_annotation ? " and reads the "
				"kubernetes.io/ingress.class annotation first" :
				"");
		}
		if (!ing->name || !prov_cilium_serves(&world, ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		prov_cilium_parse(&s, &arena, c->set, ing->annotations,
			ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, &s);
		if (!s.passthrough)
			check_paths(c, ing, &seen, &arena);
	}
	c->cur = NULL;
	strmap_release(&seen);
	arena_release(&arena);
	ing_world_release(&world);
}
