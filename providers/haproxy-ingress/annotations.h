/*
 * HAProxy Ingress (jcmoraisjr/haproxy-ingress v0.14/v0.15): the annotation
 * table, the parser that reads an Ingress's (or a Service's) annotations
 * as the controller does, and which Ingresses it serves.
 *
 * Facts the parser follows (docs/content/en/docs/configuration/keys.md,
 * pkg/converters/ingress/annotations, pkg/converters/ingress/ingress.go):
 *  - Keys are read under the prefixes of --annotations-prefix, by default
 *    haproxy-ingress.github.io/ and ingress.kubernetes.io/; the same name
 *    under two prefixes is one key. whitelist-source-range is the old
 *    name of allowlist-source-range.
 *  - Scopes: Global keys come from the ConfigMap only; Host, Backend,
 *    Path and Frontend keys from the Ingress (Backend keys also from the
 *    Service). A conflict of two Ingresses on one host or backend keeps
 *    the older Ingress's value.
 *  - A value that does not parse is logged and skipped (an allow list
 *    with a bad address is not applied).
 *
 * Ownership: the parser fills a caller-owned struct; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_HAPI_ANNOTATIONS_H
#define ING2GW_PROVIDERS_HAPI_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/haproxy-common/annotations.h"
#include "providers/provider.h"

#define PROV_HAPI_PREFIX "haproxy-ingress.github.io/"
/* Keys of the table (aliases not counted). */
#define PROV_HAPI_NANN 142
/* The IngressClass spec.controller of the controller (--controller-class
 * NAME: "haproxy-ingress.github.io/controller/NAME"). */
#define PROV_HAPI_CONTROLLER "haproxy-ingress.github.io/controller"
/* --ingress-class default; the HAProxy Kubernetes Ingress Controller
 * (providers/haproxy) uses the same name. */
#define PROV_HAPI_CLASS "haproxy"

extern const struct prov_provider prov_hapi_provider;

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the object
 * what ("Ingress" or "Service") ns/name into out. Diagnostics go to sink
 * (may be NULL) at the annotations' positions: unknown keys under the
 * prefixes with the nearest known one (convert/haproxy-annotation-
 * unknown), values the controller cannot use (convert/haproxy-
 * annotation-invalid), one key under two prefixes.
 */
void prov_hapi_parse(struct prov_hap_settings *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *what, const char *ns,
	const char *name, struct diag_sink *sink);

/* Its keys, prefixes and rule ids: prov_hap_strip(), prov_hap_name() and
 * prov_hap_lookup() take them. */
extern const struct prov_hap_table prov_hapi_keys;

struct ing_world;
struct ingress;

/*
 * Whether the controller, with its default flags (--ingress-class haproxy,
 * --controller-class haproxy-ingress.github.io/controller, no
 * --watch-ingress-without-class), serves ing: spec.ingressClassName
 * names an IngressClass of controller PROV_HAPI_CONTROLLER, or the class
 * (annotation kubernetes.io/ingress.class, or ingressClassName with no
 * IngressClass of that name in the input) is "haproxy". The bare class
 * "haproxy" is also the HAProxy Kubernetes Ingress Controller's default:
 * without an IngressClass it is HAProxy Ingress's only when the Ingress
 * has keys under PROV_HAPI_PREFIX (prov_hapi_has_keys). An Ingress with
 * no class at all is served only with without_class.
 */
bool prov_hapi_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

/* Whether ing has an annotation under haproxy-ingress.github.io/. */
bool prov_hapi_has_keys(const struct ingress *ing);
/* Whether ing's class is the bare name "haproxy" with no IngressClass of
 * that name in the input (the name both HAProxy controllers use). */
bool prov_hapi_bare_class(const struct ing_world *w,
	const struct ingress *ing);

#endif
