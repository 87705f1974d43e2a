/*
 * The HAProxy Kubernetes Ingress Controller's routing model: what the
 * controller's HAProxy configuration does with one request, built from
 * the Ingress objects it serves, their annotations and the Services they
 * name. It never calls convert/: the comparison with replay/gateway is
 * only worth something because the two are independent.
 *
 * What it follows (haproxytech/kubernetes-ingress v3.2):
 *  - Selection (store.IsIngressClassSupported, default flags): an
 *    IngressClass of controller haproxy.org/ingress-controller named by
 *    spec.ingressClassName (the class "haproxy" when the input has no
 *    IngressClass of that name), the annotation kubernetes.io/
 *    ingress.class "haproxy", or no class at all.
 *  - Frontends: http on port 80, https on 443 (the ports clients see
 *    through the chart's Service).
 *  - Maps (route.AddHostPathRoute, controller.setupHAProxyRules): host
 *    lower-cased without port, looked up exactly, else with its first
 *    label removed (wildcard hosts, one label deep), else the hostless
 *    entries; then the path (without query, not normalised) in
 *    path-exact, path-prefix-exact, and map_beg of path-prefix (longest
 *    prefix). Of two entries with one key, the map keeps the first of its
 *    sorted rows (the smaller backend name). No entry: spec.defaultBackend
 *    of an Ingress, else the controller's default backend (404).
 *  - The Ingress's http-request rules in HAProxy's order: access lists
 *    (403; the client address when the request gives one), basic auth
 *    (401 without an Authorization header), the HTTPS redirect (http
 *    frontend; port ssl-redirect-port, 8443 by default), request-redirect,
 *    request headers, set-host, path-rewrite (replace-path: a regex search
 *    of the path, the whole path replaced).
 *  - Not modelled: rate limits, the response headers and CORS answers,
 *    route-acl, snippets (noted).
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Routing does not modify the model.
 */
#ifndef ING2GW_PROVIDERS_HAPI_MODEL_H
#define ING2GW_PROVIDERS_HAPI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_hapi;

struct replay_hapi_opts {
	/* Serve only the Ingresses the controller serves; false: all. */
	bool own_classes;
	bool assume_services;
};

int replay_hapi_load(struct replay_hapi **out,
	const struct doc_set *set, const struct replay_hapi_opts *opts,
	struct diag_sink *sink);
void replay_hapi_free(struct replay_hapi *m);
bool replay_hapi_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why);
int replay_hapi_route(const struct replay_hapi *m,
	const struct replay_request *req, struct replay_decision *d);

#endif
