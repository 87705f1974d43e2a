/*
 * The Istio routing model: what istiod's Ingress support and its ingress
 * gateway (Envoy) do with one request, built from Ingress objects. It
 * never calls convert/.
 *
 * What it follows (istio/istio pilot/pkg/config/kube/ingress and the
 * route translation of Ingress semantics):
 *  - Selection: providers/istio/annotations.h (meshConfig defaults:
 *    class "istio", mode STRICT; no class only with without_class).
 *  - One virtual host per Ingress host ("*" for rules without host),
 *    merged across Ingresses; Envoy picks the exact host, else the
 *    longest wildcard suffix, else "*". The default backend is ignored.
 *  - Matches: Exact; Prefix element-wise ("/" everything); an
 *    ImplementationSpecific path is an element-wise prefix when it ends
 *    in "/"+"*" or ".*" (those two characters dropped), nothing at all for
 *    "", "*", "/"+"*" and ".*" (every path), else exact.
 *  - Order: the rules of the host by creation time, then Ingress name,
 *    namespace and rule index; their routes sorted by the length of the
 *    match (longer first, exact first at equal length; no match last);
 *    the first that matches wins.
 *  - Port 80 serves every host; port 443 the hosts of spec.tls entries
 *    with a secretName ("*" when they list none).
 *
 * Ownership: the model borrows from the doc_set it was loaded from.
 */
#ifndef ING2GW_PROVIDERS_ISTIO_MODEL_H
#define ING2GW_PROVIDERS_ISTIO_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_istio;

struct replay_istio_opts {
	bool istio_classes;	/* only the Ingresses istiod serves */
	bool without_class;	/* and those without class (mode DEFAULT) */
	bool assume_services;
};

int replay_istio_load(struct replay_istio **out, const struct doc_set *set,
	const struct replay_istio_opts *opts, struct diag_sink *sink);
void replay_istio_free(struct replay_istio *m);
bool replay_istio_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why);
int replay_istio_route(const struct replay_istio *m,
	const struct replay_request *req, struct replay_decision *d);

#endif
