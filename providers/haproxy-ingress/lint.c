/*
 * Ingress lint for HAProxy Ingress: what it does with the annotations of
 * the Ingresses it serves (a value it cannot use is logged and skipped, a
 * key it reads elsewhere has no effect, an unknown key does nothing),
 * what the conversion cannot carry (classes B and C), and what it
 * resolves silently: a Prefix path that takes the requests of a begin
 * path (path-type-order). Which Ingresses it serves comes from
 * providers/haproxy-ingress/annotations.h, as for convert.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/haproxy-common/lint.h"
#include "providers/haproxy-ingress/annotations.h"
#include "strmap.h"

/*
 * Begin paths (ImplementationSpecific with path-type begin) of a rule that
 * a Prefix path of the same host covers: HAProxy Ingress tries the prefix
 * paths first (path-type-order), so the begin path never answers the
 * requests the prefix path takes.
 */
static void
check_shadowed(struct lint_ctx *c, const struct ingress *ing,
	const struct prov_hap_settings *s)
{
	if (strcmp(s->path_type, "begin"))
		return;
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];

		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *bp = &ir->paths[p];

			if (bp->type != ING_PATH_IMPLEMENTATION_SPECIFIC)
				continue;
			for (size_t q = 0; q < ir->npaths; q++) {
				const struct ing_path *pp = &ir->paths[q];
				size_t n = strlen(pp->path);

				if (pp->type != ING_PATH_PREFIX)
					continue;
				if (n > 1 && pp->path[n - 1] == '/')
					n--;
				if (strncmp(bp->path, pp->path, n) ||
				    (n > 1 && bp->path[n] && bp->path[n] !=
				    '/'))
					continue;
				lint_emit(c, "ingress/haproxy-ingress-path-"
					"shadowed", bp->path_node ?
					bp->path_node : bp->node, "path '%s' "
					"(path-type begin) is tried after the "
					"Prefix path '%s', which takes its "
					"requests in HAProxy Ingress; Gateway "
					"API gives them to the longer path",
					bp->path, pp->path);
				break;
			}
		}
	}
}

void
lint_hapi_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct arena arena = { 0 };

	if (!lint_hap_load(c, objs, &world))
		return;
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		struct prov_hap_settings *s;
		struct diag_sink ds = DIAG_SINK_INIT;

		if (!ing->name || !prov_hapi_serves(&world, ing, false))
			continue;
		lint_hap_enter(c, ing);
		s = arena_alloc(&arena, sizeof(*s));
		prov_hapi_parse(s, &arena, c->set, ing->annotations,
			"Ingress", ing->ns, ing->name, &ds);
		lint_hap_annotations(c, &ds, &prov_hapi_provider, s->slots);
		check_shadowed(c, ing, s);
	}
	c->cur = NULL;
	arena_release(&arena);
	ing_world_release(&world);
}
