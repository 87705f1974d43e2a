/*
 * The GKE Ingress routing model: what the load balancers GLBC
 * (kubernetes/ingress-gce) makes of Ingress objects do with one request.
 * It never calls convert/: the comparison with replay/gateway is only
 * worth something because the two are independent.
 *
 * What it follows (pkg/controller/translator, pkg/utils/gceurlmap.go,
 * the URL map semantics of Google Cloud's Application Load Balancers):
 *  - Selection: the class annotation gce, gce-internal or
 *    gce-regional-external; an Ingress with neither the annotation nor
 *    spec.ingressClassName (GKE's default). GLBC honours no IngressClass.
 *  - Each Ingress is a load balancer of its own: the model sends a
 *    request to the Ingress whose host rule names its host (exactly,
 *    then by the longest wildcard), else to one with a rule without host
 *    or a defaultBackend; of several, the oldest.
 *  - Its URL map: a host rule per Ingress rule host ("*" without one;
 *    a later rule of a host replaces the earlier), paths by pathType
 *    (Exact as written; Prefix "/foo" as "/foo" and "/foo/" + star, "/"
 *    as "/" + star; ImplementationSpecific as written: a trailing
 *    "/" + star is everything below, any other path exact; empty: all);
 *    of equal paths the later; the longest match wins; unmatched
 *    requests of any host go to the default service: spec.defaultBackend,
 *    else the cluster's default-http-backend (404).
 *  - Frontends: HTTP on port 80 unless kubernetes.io/ingress.allow-http
 *    is false; HTTPS on 443 when the Ingress has a tls entry, a
 *    pre-shared or a managed certificate; FrontendConfig redirectToHttps
 *    answers HTTP with a redirect (301 by default).
 *  - BackendConfig (from the Service's annotation, in the input):
 *    customRequestHeaders and customResponseHeaders are applied; iap and
 *    securityPolicy are answered 403 (the model cannot log in).
 *  - Not modelled: timeouts, CDN, session affinity, health checks.
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Routing does not modify the model.
 */
#ifndef ING2GW_PROVIDERS_GCE_MODEL_H
#define ING2GW_PROVIDERS_GCE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_gce;

struct replay_gce_opts {
	/* Serve only the Ingresses GLBC serves; the others are reported
	 * (replay/ingress-other-class). false: every Ingress. */
	bool gce_classes;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

int replay_gce_load(struct replay_gce **out, const struct doc_set *set,
	const struct replay_gce_opts *opts, struct diag_sink *sink);
void replay_gce_free(struct replay_gce *m);

/* Whether GLBC serves ing; why (may be NULL) gets a reason when not. */
bool replay_gce_class_served(const struct ingress *ing, const char **why);
/* Whether ing's class annotation names GLBC. */
bool replay_gce_class_named(const struct ingress *ing);

/* Routes one request as the Ingress's load balancer would. Returns 0. */
int replay_gce_route(const struct replay_gce *m,
	const struct replay_request *req, struct replay_decision *d);

/* Load balancers (Ingresses) built, for tests. */
size_t replay_gce_lb_count(const struct replay_gce *m);

#endif
