/*
 * The Ingress lint's scaffolding of the two HAProxy controllers (lint.c
 * of providers/haproxy and providers/haproxy-ingress): they read the
 * annotations of the Ingresses they serve the same way, so they say the
 * same about them; each keeps its own checks of paths.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_COMMON_LINT_H
#define ING2GW_PROVIDERS_HAPROXY_COMMON_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/haproxy-common/annotations.h"

/* Loads the Ingresses of objs into w; false (w untouched) when the input
 * has no Ingress to lint. */
bool lint_hap_load(struct lint_ctx *c, const struct k8s_objects *objs,
	struct ing_world *w);
/* Makes ing the object the findings are about. */
void lint_hap_enter(struct lint_ctx *c, const struct ingress *ing);
/*
 * What the controller does with ing's annotations: the diagnostics of its
 * parser (ds, sorted and released here) as ingress/annotation-*, and the
 * keys of p's table set in slots that the conversion cannot carry
 * (classes B and C).
 */
void lint_hap_annotations(struct lint_ctx *c, struct diag_sink *ds,
	const struct prov_provider *p, const struct prov_hap_slot *slots);

#endif
