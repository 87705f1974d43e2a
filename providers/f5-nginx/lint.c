/*
 * Ingress lint for F5 NGINX Ingress Controller: what its admission does
 * with the annotations of the Ingresses it serves (a value it refuses
 * rejects the whole Ingress), what the conversion cannot carry
 * (annotations of class B and C), and what it resolves silently: two
 * Ingresses with the same host (the older one holds it, the other's rule
 * is not served), a minion without master, and keys a master or a minion
 * may not set. Which Ingresses F5 NGINX serves comes from
 * providers/f5-nginx/annotations.h, as for convert.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/f5-nginx/annotations.h"
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
		bool invalid = strstr(d->rule, "invalid") != NULL;

		lint_emit_pos(c, invalid ? "ingress/annotation-rejected" :
			"ingress/annotation-invalid", d->pos, "%s",
			msg ? msg : d->msg);
	}
}

static void
check_conversion(struct lint_ctx *c, const struct prov_f5_settings *s)
{
	for (size_t i = 0; i < prov_f5nginx_provider.count; i++) {
		const struct prov_annotation *a =
			&prov_f5nginx_provider.table[i];
		const struct prov_f5_slot *sl = &s->slots[i];

		if (!sl->key_node || sl->bad)
			continue;
		if (a->cls == PROV_CLASS_C || a->cls == PROV_CLASS_C_PERF)
			lint_emit(c, "ingress/annotation-not-converted",
				sl->key_node, "annotation '%s' does not "
				"survive conversion: no Gateway API equivalent "
				"(%s)", doc_str(sl->key_node), a->gateway);
		else if (a->cls == PROV_CLASS_B)
			lint_emit(c, "ingress/annotation-vendor", sl->key_node,
				"annotation '%s' converts only to an "
				"implementation-specific policy (%s)",
				doc_str(sl->key_node), a->gateway);
	}
}

/* The age order: creation time, then input order. */
static bool
older(const struct ingress *a, const struct ingress *b)
{
	const char *ta = a->creation_timestamp, *tb = b->creation_timestamp;

	if (ta && tb && strcmp(ta, tb))
		return strcmp(ta, tb) < 0;
	if (ta && !tb)
		return true;
	if (!ta && tb)
		return false;
	return a->obj->order < b->obj->order;
}

/* A path an older minion of the same host already has: F5 NGINX keeps
 * the older one's location. */
static void
minion_paths(struct lint_ctx *c, const struct ing_world *w,
	const struct prov_f5_settings *st, const struct ingress *ing,
	const struct ing_rule *rule, struct arena *arena)
{
	for (size_t p = 0; p < rule->npaths; p++) {
		const struct ing_path *ip = &rule->paths[p];

		for (size_t i = 0; i < w->ningresses; i++) {
			const struct ingress *o = &w->ingresses[i];
			const struct ing_rule *orule;
			bool same = false;

			if (o == ing || !o->name || !st[i].redirect_code ||
			    st[i].rejected || st[i].merge != PROV_F5_MINION ||
			    !o->nrules || !older(o, ing))
				continue;
			orule = &o->rules[0];
			if (!orule->host || strcmp(orule->host, rule->host))
				continue;
			for (size_t q = 0; q < orule->npaths && !same; q++)
				same = !strcmp(orule->paths[q].path, ip->path) &&
					(orule->paths[q].type ==
					ING_PATH_EXACT) == (ip->type ==
					ING_PATH_EXACT);
			if (same) {
				lint_emit(c, "ingress/f5-nginx-host-collision",
					ip->path_node ? ip->path_node : ip->node,
					"path '%s' of host '%s' is a location of "
					"the older minion '%s/%s' already: F5 "
					"NGINX does not serve this one", ip->path,
					rule->host, o->ns, o->name);
				break;
			}
		}
	}
	(void)arena;
}

void
lint_f5nginx_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct strmap hosts = STRMAP_INIT;	/* host -> ingress */
	struct prov_f5_settings *st = NULL;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	st = xcalloc(world.ningresses + 1, sizeof(*st));
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_f5_settings *s = &st[i];
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_f5_serves(&world, ing))
			continue;
		c->cur = obj_of(c, ing->obj);
		prov_f5_read(s, &arena, c->set, ing->annotations, ing->ns,
			ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		if (s->rejected)
			continue;
		if (!ing->nrules)
			lint_emit(c, "ingress/f5-nginx-rejected", ing->obj->root,
				"F5 NGINX rejects an Ingress without rules (a "
				"defaultBackend alone is not served)");
		for (size_t r = 0; r < ing->nrules; r++)
			if (!ing->rules[r].host) {
				lint_emit(c, "ingress/f5-nginx-rejected",
					ing->rules[r].node ? ing->rules[r].node :
					ing->obj->root, "F5 NGINX rejects an "
					"Ingress with a rule without host (unless "
					"it runs with -allow-empty-ingress-host): "
					"none of its paths are served");
				s->rejected = true;
				break;
			}
		if (!ing->nrules)
			s->rejected = true;
		if (s->rejected)
			continue;
		check_conversion(c, s);
		if (s->merge == PROV_F5_MINION)
			continue;
		for (size_t r = 0; r < ing->nrules; r++) {
			const char *h = ing->rules[r].host;
			const struct ingress *o;

			if (!h)
				continue;
			o = strmap_get(&hosts, h);
			if (!o || older(ing, o))
				strmap_put(&hosts, h, (void *)ing);
		}
	}
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		const struct prov_f5_settings *s = &st[i];

		if (!ing->name || !s->redirect_code || s->rejected)
			continue;
		c->cur = obj_of(c, ing->obj);
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *rule = &ing->rules[r];
			const struct ingress *o = rule->host ?
				strmap_get(&hosts, rule->host) : NULL;
			const struct prov_f5_settings *os = o ?
				&st[o - world.ingresses] : NULL;

			if (!rule->host)
				continue;
			if (s->merge == PROV_F5_MINION) {
				minion_paths(c, &world, st, ing, rule,
					&arena);
				if (!os || os->merge != PROV_F5_MASTER)
					lint_emit(c, "ingress/f5-nginx-"
						"host-collision",
						rule->host_node ?
						rule->host_node : rule->node,
						"minion of host '%s' without "
						"a master Ingress: F5 NGINX "
						"serves none of its paths",
						rule->host);
				continue;
			}
			if (o && o != ing)
				lint_emit(c, "ingress/f5-nginx-host-collision",
					rule->host_node ? rule->host_node :
					rule->node, "host '%s' is held by the "
					"older Ingress '%s/%s': F5 NGINX does "
					"not serve this rule (make them "
					"mergeable, or merge them)", rule->host,
					o->ns, o->name);
		}
	}
	c->cur = NULL;
	free(st);
	strmap_release(&hosts);
	arena_release(&arena);
	ing_world_release(&world);
}
