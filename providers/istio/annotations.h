/*
 * Istio's Ingress support (istio/istio pilot/pkg/config/kube/ingress:
 * ingress.go, gateways.go, virtualservices.go): the annotation table and
 * which Ingresses istiod serves.
 *
 * Istio reads no annotation for features: an Ingress becomes a Gateway
 * (port 80 for every host, port 443 per spec.tls entry with its
 * secretName as credentialName) and one VirtualService per host, merged
 * across Ingresses. The only key it reads is the class annotation, whose
 * value must be the meshConfig ingressClass ("istio").
 *
 * Selection (shouldProcessIngressWithClass, meshConfig defaults:
 * ingressClass "istio", ingressControllerMode STRICT):
 *  - the annotation kubernetes.io/ingress.class, when present, decides:
 *    its value is "istio";
 *  - else spec.ingressClassName names an IngressClass (one that does not
 *    exist makes istiod skip the Ingress) whose controller is
 *    istio.io/ingress-controller;
 *  - else (no class) only in mode DEFAULT, not in STRICT (the default of
 *    meshConfig): ing2gw takes the default, so an Ingress without class is
 *    Istio's only with without_class (replay --watch-ingress-without-class, or
 *    --provider istio).
 */
#ifndef ING2GW_PROVIDERS_ISTIO_ANNOTATIONS_H
#define ING2GW_PROVIDERS_ISTIO_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "providers/provider.h"

/* Keys of the table (full keys: the table's prefix is empty). */
#define PROV_ISTIO_NANN 1
#define PROV_ISTIO_CLASS "istio"
#define PROV_ISTIO_CONTROLLER "istio.io/ingress-controller"
/* Where istiod reads TLS Secrets from (the ingress gateway's namespace). */
#define PROV_ISTIO_GATEWAY_NS "istio-system"

extern const struct prov_provider prov_istio_provider;

struct ing_world;
struct ingress;

/* Whether istiod (meshConfig defaults) serves ing; see above. An input
 * without the IngressClass that spec.ingressClassName names counts the
 * class "istio" as Istio's (the name its installation gives it). */
bool prov_istio_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

#endif
