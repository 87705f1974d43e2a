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
#include "providers/haproxy-common/lint.h"
#include "providers/haproxy/annotations.h"
#include "strmap.h"

/* One map row: the key as the controller writes it, and the backend. */
struct map_row {
	const char *key;		/* "MAP host/path" */
	const char *backend;		/* "ns_svc_name_port" */
	const struct ingress *ing;
	const struct lint_obj *obj;
	const struct doc_node *node;
};

static void
add_rows(struct arena *a, const struct ingress *ing,
	const struct lint_obj *obj, struct map_row **rows, size_t *n)
{
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];
		const char *h = ir->host ? ir->host[0] == '*' ? ir->host + 1 :
			ir->host : "";

		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *ip = &ir->paths[p];
			const char *path = ip->path_given ? ip->path : "";
			size_t len = strlen(path);
			struct map_row row = { .ing = ing, .obj = obj,
				.node = ip->path_node ? ip->path_node :
				ip->node };

			if (!ip->backend.service)
				continue;
			if (len > 1 && path[len - 1] == '/' &&
			    ip->type != ING_PATH_EXACT)
				len--;
			row.key = arena_printf(a, "%s %s%.*s",
				ip->type == ING_PATH_EXACT ? "exact" :
				len <= 1 ? "prefix" : "prefix-exact", h,
				(int)(len ? len : 1), len ? path : "/");
			row.backend = arena_printf(a, "%s_svc_%s_%s", ing->ns,
				ip->backend.service, ip->backend.port_name ?
				ip->backend.port_name : arena_printf(a, "%d",
				ip->backend.port));
			*rows = xrealloc(*rows, (*n + 1) * sizeof(**rows));
			(*rows)[(*n)++] = row;
		}
	}
}

/* Two Ingresses with one map key and different backends. */
static void
check_conflicts(struct lint_ctx *c, const struct map_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++) {
			const struct map_row *a = &rows[j], *b = &rows[i];
			const struct map_row *win;

			if (a->ing == b->ing || strcmp(a->key, b->key) ||
			    !strcmp(a->backend, b->backend))
				continue;
			win = strcmp(a->backend, b->backend) < 0 ? a : b;
			c->cur = b->obj;
			lint_emit(c, "ingress/haproxy-map-conflict", b->node,
				"this path and one of Ingress '%s/%s' are one "
				"row key of HAProxy's maps with different "
				"backends: HAProxy keeps the row of '%s' (the "
				"smaller name), Gateway API the older route",
				a->ing->ns, a->ing->name, win->backend);
			break;
		}
}

void
lint_haproxy_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct arena arena = { 0 };
	struct map_row *rows = NULL;
	size_t nrows = 0;

	if (!lint_hap_load(c, objs, &world))
		return;
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_hap_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_haproxy_serves(&world, ing, false))
			continue;
		lint_hap_enter(c, ing);
		s = arena_alloc(&arena, sizeof(*s));
		prov_haproxy_parse(s, &arena, c->set, ing->annotations,
			"Ingress", ing->ns, ing->name, &ds);
		lint_hap_annotations(c, &ds, &prov_haproxy_provider, s->slots);
		add_rows(&arena, ing, c->cur, &rows, &nrows);
	}
	check_conflicts(c, rows, nrows);
	free(rows);
	c->cur = NULL;
	arena_release(&arena);
	ing_world_release(&world);
}
