/*
 * The Ingress lint of the AWS Load Balancer Controller: annotation values
 * it rejects (which fail the build of a whole IngressGroup), unknown keys,
 * annotations that do not survive conversion, and what it resolves
 * silently in a group: explicit group.order values shared by two
 * Ingresses, and exclusive settings given different values.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "lint/lint_int.h"
#include "model/ingress.h"
#include "providers/aws-alb/annotations.h"
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
		bool rejected = strstr(d->msg, "fails to build") != NULL;

		lint_emit_pos(c, rejected ? "ingress/annotation-rejected" :
			"ingress/annotation-invalid", d->pos, "%s",
			msg ? msg : d->msg);
	}
}

static void
check_conversion(struct lint_ctx *c, const struct prov_alb_settings *s)
{
	for (size_t i = 0; i < PROV_ALB_NANN; i++) {
		const struct prov_annotation *a = &prov_alb_provider.table[i];
		const struct prov_alb_slot *sl = &s->slots[i];

		if (!sl->key_node || sl->bad ||
		    !strcmp(a->key, "group.order"))
			continue;	/* group.order: convert says where */
		if (a->cls == PROV_CLASS_C)
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
lint_alb_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct strmap orders = STRMAP_INIT;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_alb_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;
		const struct prov_alb_slot *o;

		if (!ing->name || !prov_alb_serves(&world, ing))
			continue;
		c->cur = obj_of(c, ing->obj);
		s = arena_alloc(&arena, sizeof(*s));
		prov_alb_parse(s, &arena, c->set, ing->annotations, "Ingress",
			ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, s);
		if (s->group && (o = prov_alb_slot(s, "group.order")) &&
		    !o->bad) {
			char *k = arena_printf(&arena, "%s\n%lld", s->group,
				s->order);
			const struct ingress *prev = strmap_get(&orders, k);

			if (prev)
				lint_emit(c, "ingress/aws-alb-group-order",
					o->node, "Ingress '%s/%s' has group.order "
					"%lld in group '%s', like Ingress '%s/%s'; "
					"the controller's documentation forbids "
					"duplicate explicit orders, and the "
					"order of their rules then rests on "
					"namespace/name alone", ing->ns,
					ing->name, s->order, s->group, prev->ns,
					prev->name);
			else
				strmap_put(&orders, k, (void *)ing);
		}
	}
	c->cur = NULL;
	strmap_release(&orders);
	arena_release(&arena);
	ing_world_release(&world);
}
