/*
 * Ingress lint for the HAProxy Kubernetes Ingress Controller: what it
 * does with the annotations of the Ingresses it serves (a value it cannot
 * use is logged and skipped, a key it reads elsewhere has no effect, an
 * unknown key does nothing), what the conversion cannot carry (classes B
 * and C), and what it resolves silently: two Ingresses giving one host
 * and path to different backends, of which HAProxy's map keeps one
 * entry. Which Ingresses it serves comes from providers/haproxy/
 * annotations.h, as for convert.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/haproxy/annotations.h"
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
check_conversion(struct lint_ctx *c, const struct prov_haproxy_slot *slots)
{
	for (size_t i = 0; i < PROV_HAPROXY_NANN; i++) {
		const struct prov_annotation *a =
			&prov_haproxy_provider.table[i];
		const struct prov_haproxy_slot *sl = &slots[i];

		if (!sl->key_node || sl->state != PROV_HAPROXY_SET)
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

void
lint_haproxy_check(struct lint_ctx *c, const struct k8s_objects *objs)
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
		struct prov_haproxy_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_haproxy_serves(&world, ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		s = arena_alloc(&arena, sizeof(*s));
		prov_haproxy_parse(s, &arena, c->set, ing->annotations,
			"Ingress", ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, s->slots);
	}
	c->cur = NULL;
	arena_release(&arena);
	ing_world_release(&world);
}
