/*
 * HAProxy Kubernetes Ingress Controller (haproxytech/kubernetes-ingress
 * v3.2): the annotation table, the parser that reads an Ingress's (or a
 * Service's) annotations as the controller does, and which Ingresses it
 * serves.
 *
 * Facts the parser follows (pkg/store/convert.go CopyAnnotations,
 * pkg/annotations, pkg/annotations/common DefaultValues):
 *  - Keys are read under three prefixes, haproxy.org/, haproxy.com/ and
 *    ingress.kubernetes.io/ (validators Prefixes), which the store strips,
 *    and without prefix (the controller's own e2e tests write "auth-type"):
 *    the same name under two prefixes is one annotation, and which value
 *    wins is not defined (a Go map). A deprecated name (whitelist,
 *    blacklist) is read only when the current one is absent.
 *  - Values are looked up Service, then Ingress, then the ConfigMap, then
 *    the controller's default. Backend keys (server-ssl, load-balance,
 *    timeout-server, ...) may sit on the Service or the Ingress;
 *    route-acl and cookie-persistence are read from the Service alone.
 *  - An annotation whose value does not parse is logged and skipped: the
 *    rule it would add is not added (an allow-list with a bad address
 *    restricts nothing).
 *
 * Ownership: the parser fills a caller-owned struct; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_ANNOTATIONS_H
#define ING2GW_PROVIDERS_HAPROXY_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/haproxy-common/annotations.h"
#include "providers/provider.h"

#define PROV_HAPROXY_PREFIX "haproxy.org/"
/* Keys of the table (aliases not counted). */
#define PROV_HAPROXY_NANN 83
/* The IngressClass spec.controller of the controller (with
 * --ingress.class NAME: "haproxy.org/ingress-controller/NAME"). */
#define PROV_HAPROXY_CONTROLLER "haproxy.org/ingress-controller"
#define PROV_HAPROXY_CLASS "haproxy"
/* The ssl-redirect-port default (common.DefaultValues). */
#define PROV_HAPROXY_REDIRECT_PORT 8443

extern const struct prov_provider prov_haproxy_provider;

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the object
 * what ("Ingress" or "Service") ns/name into out. Diagnostics go to sink
 * (may be NULL) at the annotations' positions: unknown keys under the
 * prefixes with the nearest known one (convert/haproxy-annotation-
 * unknown), values the controller cannot use (convert/haproxy-
 * annotation-invalid), one key under two prefixes.
 */
void prov_haproxy_parse(struct prov_hap_settings *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *what, const char *ns,
	const char *name, struct diag_sink *sink);

/* Its keys, prefixes and rule ids: prov_hap_strip(), prov_hap_name() and
 * prov_hap_lookup() take them. */
extern const struct prov_hap_table prov_haproxy_keys;

struct ing_world;
struct ingress;

/*
 * Whether the controller, with its default flags (no --ingress.class, no
 * --empty-ingress-class), serves ing (store.IsIngressClassSupported):
 * spec.ingressClassName names an IngressClass of controller
 * PROV_HAPROXY_CONTROLLER (or, when the input has no IngressClass of that
 * name, is "haproxy"), or the annotation kubernetes.io/ingress.class is
 * "haproxy" (read up to v3.1). An Ingress with no class at all (and no
 * default IngressClass) is served too, but only with without_class:
 * --provider auto leaves it to the specification.
 */
bool prov_haproxy_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

#endif
