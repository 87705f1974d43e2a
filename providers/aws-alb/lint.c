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




/* Exclusive settings of an IngressGroup's load balancer
 * (annotations.md, MergeBehavior Exclusive): one value per group. */
static const char *const exclusive[] = { "load-balancer-name",
	"ip-address-type", "scheme", "subnets", "security-groups",
	"customer-owned-ipv4-pool", "load-balancer-attributes",
	"wafv2-acl-arn", "waf-acl-id", "shield-advanced-protection",
	"ssl-redirect", "inbound-cidrs", "ssl-policy" };

struct seen_value {
	const struct ingress *ing;
	const char *value;
};

static void
check_exclusive(struct lint_ctx *c, struct strmap *values,
	struct arena *a, const struct ingress *ing,
	const struct prov_alb_settings *s)
{
	for (size_t i = 0; s->group && i < ARRAY_LEN(exclusive); i++) {
		const struct prov_alb_slot *sl = prov_alb_slot(s, exclusive[i]);
		char *k;
		struct seen_value *prev;

		if (!sl || sl->bad)
			continue;
		k = arena_printf(a, "%s\n%s", s->group, exclusive[i]);
		prev = strmap_get(values, k);
		if (!prev) {
			prev = arena_alloc(a, sizeof(*prev));
			prev->ing = ing;
			prev->value = sl->text;
			strmap_put(values, k, prev);
			continue;
		}
		if (!strcmp(prev->value, sl->text))
			continue;
		lint_emit(c, "ingress/aws-alb-group-conflict", sl->node,
			"annotation '%s' is '%s' here and '%s' on Ingress "
			"'%s/%s' of the same IngressGroup '%s'; it is one "
			"setting of the group's load balancer, and the "
			"controller fails to build the group with two values",
			sl->key, sl->text, prev->value, prev->ing->ns,
			prev->ing->name, s->group);
	}
}

void
lint_alb_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct strmap values = STRMAP_INIT;
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
		check_exclusive(c, &values, &arena, ing, s);
		if (s->group && ing->has_default_backend) {
			char *k = arena_printf(&arena, "%s\ndefaultBackend",
				s->group);
			const struct ingress *prev = strmap_get(&values, k);

			if (prev)
				lint_emit(c, "ingress/aws-alb-group-conflict",
					ing->default_backend.node, "Ingress "
					"'%s/%s' has a defaultBackend like "
					"Ingress '%s/%s' of the same IngressGroup "
					"'%s'; the group's listeners have one "
					"default action, and the controller "
					"fails to build the group with two",
					ing->ns, ing->name, prev->ns,
					prev->name, s->group);
			else
				strmap_put(&values, k, (void *)ing);
		}
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
	strmap_release(&values);
	arena_release(&arena);
	ing_world_release(&world);
}
