/*
 * The Traefik routing model: what Traefik v3 (its Kubernetes Ingress
 * provider and HTTP muxer) does with one request, built from Ingress
 * objects, their annotations and the Services they name. It never calls
 * convert/: the comparison with replay/gateway is only worth something
 * because the two are independent.
 *
 * What it follows (traefik/traefik v3.7):
 *  - Selection (kubernetes.go shouldProcessIngress, default settings):
 *    an IngressClass of controller traefik.io/ingress-controller named by
 *    spec.ingressClassName (or the class "traefik" when the input has no
 *    IngressClass of that name), else the annotation
 *    kubernetes.io/ingress.class "traefik", else no class at all.
 *  - One router per rule and path (loadRouter): Host("h") and Path,
 *    PathPrefix (a character prefix) or PathRegexp (a Go regexp searched
 *    in the path) by pathType and router.pathmatcher; no path matcher for
 *    an empty path. A router of the same name later in the Ingress
 *    replaces the earlier one. An Ingress without rules and with a
 *    defaultBackend makes the default router, PathPrefix("/") of priority
 *    MinInt32 (the first such Ingress only).
 *  - Priority: router.priority, else the length of the rule text (muxer
 *    GetRulePriority); the router of the highest priority that matches
 *    wins. Equal priorities have no defined order in Traefik: the model
 *    takes the older Ingress and says the choice is arbitrary.
 *  - What Traefik skips: an Ingress whose router.* annotations do not
 *    parse; a path whose Service (when the input lists Services) is
 *    missing, lacks the port or has service.* annotations that do not
 *    parse; resource backends; the routers of an Ingress naming a
 *    middleware without provider.
 *  - Entry points as the Helm chart makes them: "web" on port 80 (plain
 *    HTTP) and "websecure" on port 443 with TLS on the entry point; a
 *    router without router.entrypoints is on both. A TLS router
 *    (router.tls) answers only TLS connections. Certificates: every
 *    Traefik Ingress's tls entries (their hosts, or its rule hosts) with
 *    a secretName whose Secret is in the input (or the input has no
 *    Secrets); other hosts get Traefik's default certificate.
 *  - The request path is sanitized (".", ".." and "//" resolved, the
 *    entry points' sanitizePath) and unreserved percent-escapes decoded
 *    for matching; Host matches case-insensitively, a wildcard host one
 *    label deep.
 *  - service.passhostheader false: the backend gets its own address as
 *    Host (the model writes "<service>.<namespace>:<port>").
 *  - Not modelled: middlewares (named in the notes), sticky cookies,
 *    endpoints (a Service of the input has some), the proxy's own
 *    headers (X-Forwarded-*, X-Real-Ip).
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Routing does not modify the model. Decisions follow
 * replay/request.h.
 */
#ifndef ING2GW_PROVIDERS_TRAEFIK_MODEL_H
#define ING2GW_PROVIDERS_TRAEFIK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_traefik;

struct replay_traefik_opts {
	/* Serve only the Ingresses Traefik serves (replay_traefik_class_
	 * served); the others are reported (replay/ingress-other-class).
	 * false: every Ingress of the input. */
	bool traefik_classes;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

/*
 * Loads the Ingress objects of set (and the IngressClass, Service and
 * Secret objects beside them) into a new model (*out, free with
 * replay_traefik_free). opts may be NULL. What Traefik would skip becomes
 * a diagnostic in sink (may be NULL). Returns 0, or ERR_INVALID on
 * programmer errors.
 */
int replay_traefik_load(struct replay_traefik **out, const struct doc_set *set,
	const struct replay_traefik_opts *opts, struct diag_sink *sink);
void replay_traefik_free(struct replay_traefik *m);

/*
 * Whether Traefik serves ing (see above: its classes, and an Ingress
 * without class). why (may be NULL) gets a static reason when not.
 */
bool replay_traefik_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why);

/*
 * Routes one request as Traefik would. d is reset first; on return it
 * holds the decision (matched.kind "Ingress", rule = index of the rule,
 * match = index of the path). Returns 0.
 */
int replay_traefik_route(const struct replay_traefik *m,
	const struct replay_request *req, struct replay_decision *d);

/* Routers built (for reports and tests). */
size_t replay_traefik_router_count(const struct replay_traefik *m);

#endif
