/*
 * Ingress lint for the Kong Ingress Controller: what KIC does with the
 * konghq.com annotations of the Ingresses it serves and of the Services
 * they name (a value it cannot use is logged and the default kept, a key
 * on the wrong object or unknown has no effect), what the conversion
 * cannot carry (annotations of class B and C), and what Kong resolves
 * silently: two Ingresses whose Kong routes have the same priority and
 * match the same requests (same host, same path) for different backends,
 * between which Kong picks either. Which Ingresses KIC serves comes from
 * providers/kong/annotations.h, as for convert.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/kong/annotations.h"
#include "strmap.h"

#define P PROV_KONG_PREFIX

static const struct lint_obj *
obj_of(const struct lint_ctx *c, const struct k8s_object *k)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].k == k)
			return &c->objs[i];
	return NULL;
}

/* The konghq.com annotations of one object (service: a Service). */
static void
check_annotations(struct lint_ctx *c, const struct doc_node *anns,
	struct arena *arena, bool service)
{
	struct prov_kong k;

	prov_kong_read(&k, arena, anns);
	for (size_t i = 0; i < doc_len(anns); i++) {
		const struct doc_node *kn = doc_map_key(anns, i);
		const char *key = doc_str(kn);
		const struct prov_annotation *a;
		const struct prov_kong_slot *sl;
		const char *near;

		if (!key)
			continue;
		if (!service && !strcmp(key, PROV_KONG_SERVICE_UPSTREAM)) {
			lint_emit(c, "ingress/annotation-ignored", kn,
				"annotation '%s' has no effect on an Ingress: "
				"KIC reads it from the Service", key);
			continue;
		}
		if (strncmp(key, P, strlen(P)))
			continue;
		if (!(a = prov_kong_lookup(key + strlen(P)))) {
			near = prov_kong_closest(key + strlen(P));
			lint_emit(c, "ingress/annotation-invalid", kn,
				"annotation '%s' is not a KIC annotation and has "
				"no effect%s%s%s", key, near ? "; did you mean '"
				P : "", near ? near : "", near ? "'?" : "");
			continue;
		}
		if (!strcmp(a->key, "override") ||
		    !strcmp(a->key, "gatewayclass-unmanaged") ||
		    !strcmp(a->key, "publish-service") ||
		    (service ? !prov_kong_service_key(a->key) :
		    !prov_kong_ingress_key(a->key))) {
			lint_emit(c, "ingress/annotation-ignored", kn,
				"annotation '%s' has no effect on %s%s", key,
				service ? "a Service" : "an Ingress",
				!strcmp(a->key, "override") ? ": KIC 3 no "
				"longer applies a KongIngress's proxy and route "
				"sections" : "");
			continue;
		}
		sl = &k.slots[prov_kong_index(a)];
		if (sl->key_node == kn && sl->bad) {
			lint_emit(c, "ingress/annotation-invalid",
				sl->node ? sl->node : kn, "annotation '%s' value "
				"'%s' is %s; KIC logs it and keeps the default "
				"(%s)", key, sl->text, sl->why, a->def ? a->def :
				"none");
			continue;
		}
		if (a->cls == PROV_CLASS_C || a->cls == PROV_CLASS_C_PERF)
			lint_emit(c, "ingress/annotation-not-converted", kn,
				"annotation '%s' does not survive conversion: "
				"no Gateway API equivalent (%s)", key,
				a->gateway);
		else if (a->cls == PROV_CLASS_B)
			lint_emit(c, "ingress/annotation-vendor", kn,
				"annotation '%s' converts only to an "
				"implementation-specific policy (%s)", key,
				a->gateway);
	}
}

/* One Kong path of an Ingress, for the ties. */
struct tie {
	const struct lint_obj *obj;
	const char *host;		/* lower-case, "" for none */
	const char *kong;		/* the Kong path */
	long long regex_priority;
	size_t nheaders, nmethods;
	const char *service;
	long port;
	const struct doc_node *node;
};

static const char *
kong_path(struct arena *a, const struct prov_kong *k, const struct ing_path *p)
{
	const char *path = p->path_given && *p->path ? p->path : "/";
	const char *b = path;
	size_t n;

	switch (p->type) {
	case ING_PATH_PREFIX:
		while (*b == '/')
			b++;
		n = strlen(b);
		while (n && b[n - 1] == '/')
			n--;
		return n ? arena_printf(a, "/%.*s/", (int)n, b) : "/";
	case ING_PATH_EXACT:
		while (*b == '/')
			b++;
		return arena_printf(a, "~/%s$", b);
	default:
		if (*k->regex_prefix && !strncmp(path, k->regex_prefix,
		    strlen(k->regex_prefix)))
			return arena_printf(a, "~%s", path +
				strlen(k->regex_prefix));
		return path;
	}
}

void
lint_kong_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct strmap seen = STRMAP_INIT, paths = STRMAP_INIT;
	struct tie *ties = NULL;
	size_t nties = 0;
	bool any = false;
	const struct ingress *def = NULL;
	const struct lint_obj *def_obj = NULL;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		const struct lint_obj *obj;
		struct prov_kong k;

		if (!ing->name || !prov_kong_serves(&world, ing, false))
			continue;
		obj = obj_of(c, ing->obj);
		c->cur = obj;
		check_annotations(c, ing->annotations, &arena, false);
		if (ing->has_default_backend) {
			/* KIC keeps the default backend of the oldest */
			const struct ingress *lose = ing;
			const struct lint_obj *lose_obj = obj;

			if (!def || (ing->creation_timestamp &&
			    (!def->creation_timestamp ||
			    strcmp(ing->creation_timestamp,
			    def->creation_timestamp) < 0))) {
				lose = def;
				lose_obj = def_obj;
				def = ing;
				def_obj = obj;
			}
			if (lose) {
				c->cur = lose_obj;
				lint_emit(c, "ingress/kong-default-backend",
					lose->default_backend.node, "KIC keeps "
					"one default backend, that of the oldest "
					"Ingress (%s/%s): this one never "
					"receives a request", def->ns,
					def->name);
				lint_note(c, def->default_backend.node,
					"the default backend KIC keeps");
				c->cur = obj;
			}
		}
		prov_kong_read(&k, &arena, ing->annotations);
		for (size_t r = 0; r < ing->nrules; r++)
			for (size_t p = 0; p < ing->rules[r].npaths; p++) {
				const struct ing_rule *rule = &ing->rules[r];
				const struct ing_path *ip = &rule->paths[p];
				const struct ing_service *svc;
				const char *key;
				struct tie t = { .obj = obj };

				if (!ip->backend.service)
					continue;
				svc = ing_world_service(&world, ing->ns,
					ip->backend.service);
				key = arena_printf(&arena, "%s/%s", ing->ns,
					ip->backend.service);
				if (svc && svc->obj && !strmap_get(&seen, key)) {
					const struct lint_obj *was = c->cur;

					strmap_put(&seen, key, (void *)1);
					if (obj_of(c, svc->obj))
						c->cur = obj_of(c, svc->obj);
					check_annotations(c, doc_get(
						svc->obj->metadata,
						"annotations"), &arena, true);
					c->cur = was;
				}
				t.host = rule->host ? rule->host : "";
				t.kong = kong_path(&arena, &k, ip);
				t.regex_priority = k.regex_priority;
				t.nheaders = k.nheaders;
				t.nmethods = k.methods.len;
				t.service = ip->backend.service;
				t.port = ip->backend.port_name ? -1 :
					ip->backend.port;
				t.node = ip->path_node ? ip->path_node :
					ip->node;
				ties = xrealloc(ties, (nties + 1) *
					sizeof(*ties));
				ties[nties++] = t;
			}
	}
	/* the same host and Kong path in two Ingresses, other backends */
	for (size_t i = 0; i < nties; i++) {
		const struct tie *b = &ties[i];
		const char *key = arena_printf(&arena, "%s\n%s", b->host,
			b->kong);
		const struct tie *a = strmap_get(&paths, key);

		if (!a) {
			strmap_put(&paths, key, (void *)b);
			continue;
		}
		if (a->obj == b->obj || a->regex_priority != b->regex_priority ||
		    a->nheaders != b->nheaders || a->nmethods != b->nmethods ||
		    (!strcmp(a->service, b->service) && a->port == b->port))
			continue;
		c->cur = b->obj;
		lint_emit(c, "ingress/kong-route-tie", b->node, "this path and "
			"one of Ingress %s/%s make Kong routes of the same "
			"priority for host '%s' and path %s: Kong sends the "
			"requests to Service '%s' or '%s', as it happens",
			a->obj ? a->obj->ns : "?", a->obj ? a->obj->name : "?",
			*b->host ? b->host : "*", b->kong, a->service,
			b->service);
		lint_note(c, a->node, "the other path");
	}
	free(ties);
	strmap_release(&seen);
	strmap_release(&paths);
	ing_world_release(&world);
	arena_release(&arena);
}
