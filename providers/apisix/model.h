/*
 * The APISIX routing model: what Apache APISIX does with one request,
 * with the routes the APISIX Ingress Controller (v2) builds from the
 * Ingress objects it serves, their annotations and the Services they
 * name. It never calls convert/: the comparison with replay/gateway is
 * only worth something because the two are independent.
 *
 * What it follows (apisix-ingress-controller v2.2 ingress.go and
 * annotations/, APISIX's radixtree_host_uri router and plugins):
 *  - Selection (FindMatchingIngressClass): the class of
 *    spec.ingressClassName, else of kubernetes.io/ingress.class, is an
 *    IngressClass of controller apisix.apache.org/apisix-ingress-controller
 *    (or apisix.apache.org/apisix-ingress, the 1.x chart's), or is
 *    "apisix" when the input has no IngressClass of that name;
 *    without a class, the default IngressClass of that controller.
 *  - One route per rule and path with a Service backend (defaultBackend
 *    and resource backends make none): Exact: the uri path; Prefix: the
 *    uris "path" and "path-without-trailing-slash/ *"; ImplementationSpecific:
 *    the uri path, or with use-regex the uri "/ *" and a PCRE searched in
 *    the uri. A uri ending in '*' is a prefix by characters, others are
 *    exact.
 *  - radixtree_host_uri: the routes of the request's exact host, then of
 *    the wildcard hosts covering it (longest first, any depth), then
 *    those without host; a group whose routes do not match hands over to
 *    the next. Within a group: the exact uri first, then the longest
 *    prefix; routes of one uri by priority (0 for every Ingress route;
 *    the model takes input order and says the order is not defined).
 *  - Plugins of the annotations, in APISIX's order: redirect
 *    (http-to-https: 301 to https://$host$request_uri, 308 for methods
 *    other than GET and HEAD, when X-Forwarded-Proto, else the
 *    connection, is not https;
 *    http-redirect: its code, variables expanded, the query dropped),
 *    cors (OPTIONS answered by APISIX), fault-injection (405 for the
 *    methods not allowed), proxy-rewrite (uri, or regex_uri's first
 *    match), response-rewrite (headers, status). Access checks
 *    (ip-restriction, forward-auth, basic-auth, key-auth, csrf, an
 *    ApisixPluginConfig) are not modelled: the request passes, and the
 *    decision names the difference.
 *  - HTTPRoutePolicy objects (priority, vars) are not modelled: a
 *    decision of a route they target names the difference.
 *  - HTTP on port 80 and HTTPS on port 443 (the chart's Service); HTTPS
 *    needs an SSL object for the SNI: the hosts of the tls sections whose
 *    Secret is in the input (or the input has no Secrets); otherwise the
 *    handshake fails (404 here, as no listener).
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Decisions follow replay/request.h.
 */
#ifndef ING2GW_PROVIDERS_APISIX_MODEL_H
#define ING2GW_PROVIDERS_APISIX_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_apisix;

struct replay_apisix_opts {
	/* Serve only the Ingresses the controller serves; the others are
	 * reported (replay/ingress-other-class). false: every Ingress. */
	bool apisix_classes;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

int replay_apisix_load(struct replay_apisix **out, const struct doc_set *set,
	const struct replay_apisix_opts *opts, struct diag_sink *sink);
void replay_apisix_free(struct replay_apisix *m);

/* Whether the controller serves ing; why (may be NULL) gets a static
 * reason when not. */
bool replay_apisix_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why);

/* Routes one request as APISIX would (d is reset first). Returns 0. */
int replay_apisix_route(const struct replay_apisix *m,
	const struct replay_request *req, struct replay_decision *d);

/* Routes built (for reports and tests). */
size_t replay_apisix_route_count(const struct replay_apisix *m);

#endif
