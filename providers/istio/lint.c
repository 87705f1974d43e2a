/*
 * Ingress lint for Istio: istiod reads no annotation for features, so
 * what it resolves silently is in the spec: a defaultBackend it ignores,
 * and ImplementationSpecific paths it matches exactly (unless they end in
 * '/'+'*' or '.*'). Which Ingresses Istio serves comes from
 * providers/istio/annotations.h, as for convert.
 */
#include "compat.h"

#include <string.h>

#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/istio/annotations.h"

static const struct lint_obj *
obj_of(const struct lint_ctx *c, const struct k8s_object *k)
{
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].k == k)
			return &c->objs[i];
	return NULL;
}

void
lint_istio_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	diag_sink_release(&scratch);
	for (size_t i = 0; i < world.ningresses; i++) {
		const struct ingress *ing = &world.ingresses[i];
		const struct ing_class *cls;

		if (ing->name && ing->class_annotation && ing->class_field &&
		    !prov_istio_serves(&world, ing, false) &&
		    (cls = ing_world_class(&world, ing->class_field)) &&
		    cls->controller && !strcmp(cls->controller,
		    PROV_ISTIO_CONTROLLER)) {
			c->cur = obj_of(c, ing->obj);
			lint_emit(c, "ingress/class-not-served",
				ing->class_annotation_node, "IngressClass '%s' "
				"names Istio's controller, but istiod reads the "
				"kubernetes.io/ingress.class annotation first, "
				"and '%s' is not '%s': istiod does not serve "
				"this Ingress", ing->class_field,
				ing->class_annotation, PROV_ISTIO_CLASS);
		}
		if (!ing->name || !prov_istio_serves(&world, ing, false))
			continue;
		c->cur = obj_of(c, ing->obj);
		if (ing->has_default_backend)
			lint_emit(c, "ingress/default-backend-ignored",
				ing->default_backend.node, "Istio ignores "
				"spec.defaultBackend (\"Ignore default wildcard "
				"ingress\"): no request reaches it; route '/' "
				"with a rule instead");
		for (size_t r = 0; r < ing->nrules; r++)
			for (size_t p = 0; p < ing->rules[r].npaths; p++) {
				const struct ing_path *ip =
					&ing->rules[r].paths[p];
				size_t n = strlen(ip->path);

				if (ip->type != ING_PATH_IMPLEMENTATION_SPECIFIC ||
				    !ip->path_given || !strcmp(ip->path, "/*") ||
				    (n >= 2 && (!strcmp(ip->path + n - 2, "/*") ||
				    !strcmp(ip->path + n - 2, ".*"))))
					continue;
				lint_emit(c, "ingress/implementation-specific-"
					"exact", ip->path_node ? ip->path_node :
					ip->node, "Istio matches the "
					"ImplementationSpecific path '%s' exactly "
					"(only '/*' or '.*' at its end makes a "
					"prefix): set pathType Exact to say so, or "
					"Prefix if a prefix was meant", ip->path);
			}
	}
	c->cur = NULL;
	ing_world_release(&world);
}
