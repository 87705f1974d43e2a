#include "compat.h"
#include "providers/istio/annotations.h"

#include <string.h>

#include "model/ingress.h"

/*
 * Facts: istio/istio pilot/pkg/config/kube/ingress (virtualservices.go
 * shouldProcessIngressWithClass, ingress.go SupportedIngresses),
 * pkg/config/mesh (DefaultMeshConfig: IngressClass "istio",
 * IngressControllerMode STRICT), istio/api annotation
 * (kubernetes.io/ingress.class).
 */

static int
istio_parse_text(struct prov_value *v, void *dst)
{
	*(const char **)dst = v->text;
	return 0;
}

/* The keys are written in full: no prefix of Istio's own. */
static const char *const istio_prefixes[] = { "", NULL };

static const struct prov_annotation istio_table[] = {
	{ .key = "kubernetes.io/ingress.class", .kind = PROV_KIND_STRING,
	  .parse = istio_parse_text, .scope = PROV_SCOPE_INGRESS,
	  .def = "(none)", .cls = PROV_CLASS_A, .risk = PROV_RISK_LOW,
	  .on_invalid = PROV_INVALID_DROP,
	  .desc = "the Ingress class; istiod serves the Ingress when it is "
		"the meshConfig ingressClass (istio), and ignores "
		"spec.ingressClassName when it is set",
	  .gateway = "the Gateway the routes attach to (gatewayClassName); "
		"not carried as an annotation",
	  .std = "parentRefs (the Gateway of the class)" },
};

_Static_assert(ARRAY_LEN(istio_table) == PROV_ISTIO_NANN,
	"PROV_ISTIO_NANN counts the table");

const struct prov_provider prov_istio_provider = {
	.name = "istio",
	.prefixes = istio_prefixes,
	.table = istio_table,
	.count = ARRAY_LEN(istio_table),
	.nkeys = ARRAY_LEN(istio_table),
};

bool
prov_istio_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;
	const char *name = ing->class_field;

	if (ing->class_annotation)
		return !strcmp(ing->class_annotation, PROV_ISTIO_CLASS);
	if (!name && ing->class_source == ING_CLASS_DEFAULT)
		name = ing->class_name;	/* admission sets the field */
	if (name) {
		cls = ing_world_class(w, name);
		if (cls)
			return cls->controller && !strcmp(cls->controller,
				PROV_ISTIO_CONTROLLER);
		return !strcmp(name, PROV_ISTIO_CLASS);
	}
	return without_class;
}
