/*
 * Ingress lint for GKE Ingress (GLBC): what it does with the annotations
 * of the Ingresses its class annotation names (a value it cannot use, an
 * unknown GKE key, a Service key on the Ingress, both static addresses),
 * the paths its URL map rejects, and what it resolves silently: a later
 * rule of the same host replaces an earlier one, a later equal path wins,
 * and a BackendConfig or FrontendConfig the input lacks. Which Ingresses
 * GLBC serves comes from providers/gce/annotations.h, as for convert.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/gce/annotations.h"

static const struct lint_obj *
obj_of(const struct lint_ctx *c, const struct k8s_object *k)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].k == k)
			return &c->objs[i];
	return NULL;
}

static bool
has_object(const struct k8s_objects *objs, const char *kind,
	const char *ns, const char *name)
{
	for (size_t i = 0; i < objs->len; i++) {
		const struct k8s_object *o = &objs->items[i];

		if (o->name && !strcmp(o->kind, kind) && !strcmp(o->name,
		    name) && !strcmp(o->ns ? o->ns : "default", ns))
			return true;
	}
	return false;
}

/* Annotations in effect that the conversion cannot carry over (not the
 * controller's own status keys, which say nothing to it). */
static void
check_conversion(struct lint_ctx *c, const struct prov_gce_ingress *in)
{
	for (size_t i = 0; i < PROV_GCE_NANN; i++) {
		const struct prov_annotation *a = &prov_gce_provider.table[i];
		const struct prov_gce_slot *sl = &in->slots[i];

		if (!sl->key_node || sl->bad ||
		    a->scope != PROV_SCOPE_INGRESS ||
		    !strncmp(a->key, "ingress.kubernetes.io/", 22) ||
		    !strcmp(a->key, "ingress.gcp.kubernetes.io/instance-groups"))
			continue;
		if (a->cls == PROV_CLASS_C || a->cls == PROV_CLASS_C_PERF)
			lint_emit(c, "ingress/annotation-not-converted",
				sl->key_node, "annotation '%s' does not "
				"survive conversion: no Gateway API equivalent "
				"(%s)", a->key, a->gateway);
		else if (a->cls == PROV_CLASS_B)
			lint_emit(c, "ingress/annotation-vendor", sl->key_node,
				"annotation '%s' converts only to an "
				"implementation-specific policy (%s)", a->key,
				a->gateway);
	}
}

static const char *
url_map_error(const struct ing_path *p)
{
	const char *s = p->path_given ? p->path : "";
	const char *star = strchr(s, '*');

	switch (p->type) {
	case ING_PATH_EXACT:
	case ING_PATH_PREFIX:
		if (!*s)
			return "is empty";
		return star ? "has a '*', which only ImplementationSpecific "
			"paths may have" : NULL;
	default:
		if (!*s)
			return NULL;
		if (s[0] != '/')
			return "does not start with '/'";
		if (star && (star[1] || star == s || star[-1] != '/'))
			return "has a '*' other than a final '/*'";
		return NULL;
	}
}

static void
check_paths(struct lint_ctx *c, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *r = &ing->rules[i];
		const char *h = r->host ? r->host : "";

		for (size_t k = i + 1; k < ing->nrules && r->npaths; k++) {
			const char *o = ing->rules[k].host ?
				ing->rules[k].host : "";

			if (strcmp(h, o) || !ing->rules[k].npaths)
				continue;
			lint_emit_pos(c, "ingress/gce-host-replaced",
				doc_pos(c->set, r->host_node ? r->host_node :
				r->node), "Ingress '%s/%s': a later rule of "
				"host '%s' replaces this one in GKE's URL map; "
				"its paths are not served: merge the two rules",
				ing->ns, ing->name, *h ? h : "*");
			break;
		}
		for (size_t j = 0; j < r->npaths; j++) {
			const struct ing_path *p = &r->paths[j];
			const struct doc_node *at = p->path_node ?
				p->path_node : p->node;
			const char *why = url_map_error(p);

			if (why) {
				lint_emit_pos(c, "ingress/gce-url-map-path",
					doc_pos(c->set, at), "Ingress '%s/%s': "
					"path '%s' %s; GKE rejects the URL map, "
					"and the Ingress's load balancer is not "
					"updated", ing->ns, ing->name, p->path,
					why);
				continue;
			}
			for (size_t k = j + 1; k < r->npaths; k++) {
				const struct ing_path *q = &r->paths[k];

				if (strcmp(p->path, q->path) || (p->type ==
				    ING_PATH_PREFIX) != (q->type ==
				    ING_PATH_PREFIX))
					continue;
				lint_emit_pos(c, "ingress/gce-duplicate-path",
					doc_pos(c->set, at), "Ingress '%s/%s': "
					"path '%s' appears again below for the "
					"same host; GKE keeps the later one, "
					"and this one is not served", ing->ns,
					ing->name, p->path);
				break;
			}
		}
	}
}

static void
check_configs(struct lint_ctx *c, const struct ing_world *w,
	const struct k8s_objects *objs, const struct ingress *ing,
	const struct prov_gce_ingress *a, struct arena *arena)
{
	const struct prov_gce_slot *fc = prov_gce_slot(a, PROV_GCE_FRONTEND);

	if (a->frontend_config && !has_object(objs, "FrontendConfig",
	    ing->ns, a->frontend_config))
		lint_emit_pos(c, "ingress/gce-config-missing",
			doc_pos(c->set, fc->node), "Ingress '%s/%s': "
			"FrontendConfig '%s' is not in the input; GKE reports "
			"an error and applies none", ing->ns, ing->name,
			a->frontend_config);
	if (a->global_ip && a->regional_ip)
		lint_emit_pos(c, "ingress/annotation-rejected",
			doc_pos(c->set, prov_gce_slot(a,
			PROV_GCE_REGIONAL_IP)->key_node), "Ingress '%s/%s': "
			"annotations '%s' and '%s' are both set; GKE's "
			"controller rejects the pair and does not sync the "
			"Ingress", ing->ns, ing->name, PROV_GCE_GLOBAL_IP,
			PROV_GCE_REGIONAL_IP);
	for (size_t i = 0; i <= ing->nrules; i++)
		for (size_t j = 0; j < (i < ing->nrules ?
		     ing->rules[i].npaths : 1); j++) {
			const struct ing_backend *b = i < ing->nrules ?
				&ing->rules[i].paths[j].backend :
				ing->has_default_backend ?
				&ing->default_backend : NULL;
			const struct ing_service *svc;
			const struct doc_node *kn;
			const char *name, *why;

			if (!b || !b->service || !(svc = ing_world_service(w,
			    ing->ns, b->service)))
				continue;
			name = prov_gce_backend_config(arena,
				doc_get(svc->obj->metadata, "annotations"),
				b->port_name, b->port, &kn, &why);
			if (why)
				lint_emit_pos(c, "ingress/annotation-invalid",
					doc_pos(c->set, kn), "Service '%s/%s': "
					"annotation '%s' %s; GKE applies no "
					"BackendConfig", ing->ns, b->service,
					doc_str(kn), why);
			else if (name && !has_object(objs, "BackendConfig",
			    ing->ns, name))
				lint_emit_pos(c, "ingress/gce-config-missing",
					doc_pos(c->set, kn), "Service '%s/%s': "
					"BackendConfig '%s' is not in the input; "
					"GKE reports an error for the Ingress "
					"'%s/%s'", ing->ns, b->service, name,
					ing->ns, ing->name);
		}
}

void
lint_gce_check(struct lint_ctx *c, const struct k8s_objects *objs)
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
		struct prov_gce_ingress a;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (ing->name && ing->class_field && !ing->class_annotation &&
		    !ing_world_class(&world, ing->class_field) &&
		    !strncmp(ing->class_field, "gce", 3)) {
			c->cur = obj_of(c, ing->obj);
			lint_emit(c, "ingress/gce-class-field",
				ing->class_field_node, "Ingress '%s/%s': "
				"spec.ingressClassName '%s' names no IngressClass "
				"of the input, and GKE's Ingress controller "
				"serves none: it ignores an Ingress with "
				"ingressClassName, and serves the annotation "
				"kubernetes.io/ingress.class '%s'", ing->ns,
				ing->name, ing->class_field, ing->class_field);
		}
		if (!ing->name || !prov_gce_serves(ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		prov_gce_parse_ingress(&a, &arena, c->set, ing->annotations,
			ing->ns, ing->name, &ds);
		diag_sort(&ds);
		for (size_t k = 0; k < ds.len; k++) {
			const struct diag *d = &ds.items[k];
			const char *msg = strstr(d->msg, "annotation '");

			lint_emit_pos(c, strstr(d->rule, "ignored") ?
				"ingress/annotation-ignored" :
				"ingress/annotation-invalid", d->pos, "%s",
				msg ? msg : d->msg);
		}
		diag_sink_release(&ds);
		check_conversion(c, &a);
		check_paths(c, ing);
		check_configs(c, &world, objs, ing, &a, &arena);
	}
	c->cur = NULL;
	arena_release(&arena);
	ing_world_release(&world);
}
