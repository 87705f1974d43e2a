#include "compat.h"
#include "providers/haproxy-common/lint.h"

#include <string.h>

bool
lint_hap_load(struct lint_ctx *c, const struct k8s_objects *objs,
	struct ing_world *w)
{
	struct diag_sink scratch = DIAG_SINK_INIT;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return false;
	ing_world_load(w, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	return true;
}

void
lint_hap_enter(struct lint_ctx *c, const struct ingress *ing)
{
	c->cur = NULL;
	for (size_t i = 0; i < c->nobjs && !c->cur; i++)
		if (c->objs[i].k == ing->obj)
			c->cur = &c->objs[i];
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

void
lint_hap_annotations(struct lint_ctx *c, struct diag_sink *ds,
	const struct prov_provider *p, const struct prov_hap_slot *slots)
{
	diag_sort(ds);
	relay(c, ds);
	diag_sink_release(ds);
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];
		const struct prov_hap_slot *sl = &slots[i];

		if (!sl->key_node || sl->state != PROV_HAP_SET)
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
