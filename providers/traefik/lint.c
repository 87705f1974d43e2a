/*
 * Ingress lint for Traefik: what its Kubernetes Ingress provider does
 * with the annotations of the Ingresses it serves and of the Services
 * they name (a value it cannot parse skips the Ingress, or every path to
 * the Service; a default or an ignored key), what the conversion cannot
 * carry (annotations of class B and C), and what it resolves silently:
 * two routers of the same priority (by default the length of their rule)
 * that one request can reach, between which Traefik picks either. Which
 * Ingresses Traefik serves comes from providers/traefik/annotations.h, as
 * for convert.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/traefik/annotations.h"
#include "strmap.h"

/* One router, for the priority ties. */
struct tie_router {
	const struct lint_obj *obj;
	const char *host;		/* lower-case; NULL: any host */
	int kind;			/* 1 Path, 2 PathPrefix, 3 regexp,
					 * 0 no path matcher */
	const char *path;
	long long priority;
	bool web, secure;		/* entry points it answers on */
	const char *service;
	long port;
	const struct doc_node *node;
};

/* Relays the parser's findings under lint rule ids; the one at the
 * annotation that made the parse fail is a rejection. */
static void
relay(struct lint_ctx *c, const struct diag_sink *from, bool skipped,
	const struct doc_node *at)
{
	struct src_pos skip = skipped && at ? doc_pos(c->set, at) :
		(struct src_pos){ 0 };

	for (size_t i = 0; i < from->len; i++) {
		const struct diag *d = &from->items[i];
		const char *msg = strstr(d->msg, "annotation '");
		bool fatal = skipped && skip.file && d->pos.line == skip.line &&
			d->pos.col == skip.col && d->pos.file == skip.file;
		const char *rule = fatal ? "ingress/annotation-rejected" :
			d->severity >= DIAG_WARNING ?
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

/* Annotations in effect that the conversion cannot carry over. */
static void
check_conversion(struct lint_ctx *c, const struct prov_traefik_slot *slots)
{
	for (size_t i = 0; i < PROV_TRAEFIK_NANN; i++) {
		const struct prov_annotation *a =
			&prov_traefik_provider.table[i];
		const struct prov_traefik_slot *sl = &slots[i];

		if (!sl->key_node || sl->state != PROV_TRAEFIK_SET)
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

/* The annotations of the Service of b, once per Service. */
static void
check_service(struct lint_ctx *c, const struct ing_world *w,
	const struct ingress *ing, const struct ing_backend *b,
	struct strmap *seen, struct arena *arena)
{
	const struct ing_service *svc;
	const char *key;
	struct prov_traefik_service s;
	struct diag_sink ds = DIAG_SINK_INIT;
	const struct lint_obj *was = c->cur;

	if (!b->service || !(svc = ing_world_service(w, ing->ns, b->service)))
		return;
	key = arena_printf(arena, "%s/%s", svc->ns, svc->name);
	if (strmap_get(seen, key))
		return;
	strmap_put(seen, key, (void *)1);
	prov_traefik_parse_service(&s, arena, w->set,
		doc_get(svc->obj->metadata, "annotations"), svc->ns, svc->name,
		&ds);
	if (obj_of(c, svc->obj))
		c->cur = obj_of(c, svc->obj);
	diag_sort(&ds);
	relay(c, &ds, s.failed, s.fail_node);
	diag_sink_release(&ds);
	if (!s.failed)
		check_conversion(c, s.slots);
	c->cur = was;
}

/* The Services an Ingress names. */
static void
check_services(struct lint_ctx *c, const struct ing_world *w,
	const struct ingress *ing, struct strmap *seen, struct arena *arena)
{
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			check_service(c, w, ing, &ing->rules[r].paths[p].backend,
				seen, arena);
	if (ing->has_default_backend)
		check_service(c, w, ing, &ing->default_backend, seen, arena);
}

/* ---- priority ties ------------------------------------------------------ */

static bool
covers(const char *wild, const char *host)
{
	const char *dot = strchr(host, '.');

	return wild[0] == '*' && host[0] != '*' && dot && !strcmp(wild + 1,
		dot);
}

static bool
hosts_meet(const struct tie_router *a, const struct tie_router *b,
	const char **h)
{
	*h = a->host ? a->host : b->host;
	if (!a->host || !b->host || !strcmp(a->host, b->host))
		return true;
	if (covers(a->host, b->host)) {
		*h = b->host;
		return true;
	}
	return covers(b->host, a->host);
}

static bool
starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* A path both match, or NULL (regexps are not compared). */
static const char *
paths_meet(const struct tie_router *a, const struct tie_router *b)
{
	if (a->kind == 3 || b->kind == 3)
		return NULL;
	if (!a->kind)
		return b->kind ? b->path : "/";
	if (!b->kind)
		return a->path;
	if (a->kind == 1 && b->kind == 1)
		return strcmp(a->path, b->path) ? NULL : a->path;
	if (a->kind == 1)
		return starts(a->path, b->path) ? a->path : NULL;
	if (b->kind == 1)
		return starts(b->path, a->path) ? b->path : NULL;
	if (starts(a->path, b->path))
		return a->path;
	return starts(b->path, a->path) ? b->path : NULL;
}

static void
tie_pair(struct lint_ctx *c, const struct tie_router *a,
	const struct tie_router *b)
{
	const char *h, *p;

	/* the same rule twice in one Ingress: the last one is kept
	 * (convert says so) */
	if (a->obj == b->obj && a->kind == b->kind &&
	    !strcmp(a->host ? a->host : "", b->host ? b->host : "") &&
	    !strcmp(a->path ? a->path : "", b->path ? b->path : ""))
		return;
	if (a->priority != b->priority ||
	    !((a->web && b->web) || (a->secure && b->secure)) ||
	    (!strcmp(a->service, b->service) && a->port == b->port) ||
	    !hosts_meet(a, b, &h) || !(p = paths_meet(a, b)))
		return;
	c->cur = b->obj;
	lint_emit(c, "ingress/priority-tie", b->node, "this router and one "
		"of Ingress %s/%s have the same priority (%lld) and both match "
		"'%s%s'%s: Traefik sends it to Service '%s' or '%s', as it "
		"happens", a->obj->ns, a->obj->name, b->priority, h ? h : "", p,
		h ? "" : " (any host)", a->service, b->service);
	lint_note(c, a->node, "the other router");
}

struct tie_group {
	size_t *idx;
	size_t n;
};

static void
tie_idx(struct lint_ctx *c, const struct tie_router *t, size_t i, size_t j)
{
	tie_pair(c, &t[i < j ? i : j], &t[i < j ? j : i]);
}

/* The routers of a host, with those without host and those of the
 * wildcard covering it. */
static void
check_ties(struct lint_ctx *c, const struct tie_router *t, size_t n,
	struct arena *arena)
{
	struct strmap groups = STRMAP_INIT;
	struct tie_group **gl = NULL, *none, *w;
	size_t ng = 0;

	for (size_t i = 0; i < n; i++) {
		const char *k = t[i].host ? t[i].host : "";
		struct tie_group *g = strmap_get(&groups, k);

		if (!g) {
			g = arena_alloc(arena, sizeof(*g));
			strmap_put(&groups, k, g);
			gl = xrealloc(gl, (ng + 1) * sizeof(*gl));
			gl[ng++] = g;
		}
		g->idx = xrealloc(g->idx, (g->n + 1) * sizeof(*g->idx));
		g->idx[g->n++] = i;
	}
	none = strmap_get(&groups, "");
	for (size_t k = 0; k < ng; k++) {
		const struct tie_group *g = gl[k];
		const char *h = t[g->idx[0]].host;
		const char *dot = h ? strchr(h, '.') : NULL;

		for (size_t i = 0; i < g->n; i++)
			for (size_t j = i + 1; j < g->n; j++)
				tie_idx(c, t, g->idx[i], g->idx[j]);
		if (!h)
			continue;
		for (size_t i = 0; none && i < g->n; i++)
			for (size_t j = 0; j < none->n; j++)
				tie_idx(c, t, g->idx[i], none->idx[j]);
		w = h[0] != '*' && dot ? strmap_get(&groups, arena_printf(arena,
			"*%s", dot)) : NULL;
		for (size_t i = 0; w && i < g->n; i++)
			for (size_t j = 0; j < w->n; j++)
				tie_idx(c, t, g->idx[i], w->idx[j]);
	}
	for (size_t k = 0; k < ng; k++)
		free(gl[k]->idx);
	free(gl);
	strmap_release(&groups);
}

static void
add_routers(struct lint_ctx *c, const struct ingress *ing,
	const struct lint_obj *obj, const struct prov_traefik_router *r,
	struct arena *arena, struct tie_router **out, size_t *n)
{
	bool web = true, secure = true;

	if (r->has_entrypoints) {
		web = secure = false;
		for (size_t i = 0; i < r->entrypoints.len; i++) {
			web |= !strcmp(r->entrypoints.v[i], "web");
			secure |= !strcmp(r->entrypoints.v[i], "websecure");
		}
	}
	for (size_t ri = 0; ri < ing->nrules; ri++)
		for (size_t pi = 0; pi < ing->rules[ri].npaths; pi++) {
			const struct ing_rule *rule = &ing->rules[ri];
			const struct ing_path *p = &rule->paths[pi];
			struct tie_router t = { .obj = obj, .web = web &&
				!r->tls, .secure = secure };
			int m = p->type == ING_PATH_EXACT ? 0 : p->type ==
				ING_PATH_PREFIX ? 1 : r->path_matcher;
			const char *text;

			if (!p->backend.service || m < 0)
				continue;
			if (rule->host) {
				char *h = arena_strdup(arena, rule->host);

				for (char *q = h; *q; q++)
					*q = (char)tolower((unsigned char)*q);
				t.host = h;
			}
			if (p->path_given && *p->path) {
				t.kind = m + 1;
				t.path = p->path;
			}
			text = prov_traefik_rule(arena, rule->host, r->rule_v2,
				m, t.kind ? p->path : NULL);
			t.priority = r->priority ? r->priority :
				(long long)strlen(text);
			t.service = p->backend.service;
			t.port = p->backend.port_name ? -1 : p->backend.port;
			t.node = p->path_node ? p->path_node : p->node;
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = t;
		}
}

void
lint_traefik_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	struct arena arena = { 0 };
	struct strmap seen = STRMAP_INIT;
	struct tie_router *routers = NULL;
	size_t nrouters = 0;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_traefik_router r;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_traefik_serves(&world, ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		prov_traefik_parse_router(&r, &arena, c->set,
			ing->annotations, ing->ns, ing->name, &ds);
		diag_sort(&ds);
		relay(c, &ds, r.skipped, r.skip_node);
		diag_sink_release(&ds);
		if (r.skipped)
			continue;	/* nothing of it is served */
		check_conversion(c, r.slots);
		check_services(c, &world, ing, &seen, &arena);
		add_routers(c, ing, c->cur, &r, &arena, &routers, &nrouters);
	}
	check_ties(c, routers, nrouters, &arena);
	c->cur = NULL;
	free(routers);
	strmap_release(&seen);
	arena_release(&arena);
	ing_world_release(&world);
}
