/*
 * The F5 NGINX routing model: what F5 NGINX Ingress Controller's nginx
 * (the servers and locations of version1/nginx.ingress.tmpl) does with
 * one request, built from the Ingress objects it serves. It never calls
 * convert/: the comparison with replay/gateway is only worth something
 * because the two are independent.
 *
 * What it follows (nginx/kubernetes-ingress, internal/configs,
 * internal/k8s; nginx's own location search):
 *  - Selection: an IngressClass of controller nginx.org/ingress-
 *    controller named by the Ingress; without an IngressClass of that
 *    name, the class "nginx" when the Ingress's nginx.org/, nginx.com/
 *    and App Protect keys outnumber its nginx.ingress.kubernetes.io/
 *    keys (the rest of that class is ingress-nginx's). No class: none.
 *  - The admission: an Ingress without rules, with a rule without host,
 *    or with an annotation value the controller refuses serves nothing.
 *  - One server per host: the oldest Ingress (or mergeable master) with
 *    it; the minions of a master add their paths (an older minion keeps
 *    a path both have).
 *  - Locations: Exact paths are `= p`, Prefix and ImplementationSpecific
 *    `p` (a character prefix), nginx.org/path-regex turns them into `~`,
 *    `~*` or `=`. nginx picks an exact location, else remembers the
 *    longest prefix, tries the regex locations in order (the first that
 *    matches wins), and falls back on that prefix. The URI is decoded,
 *    its '//' merged and its dot segments resolved before the search.
 *    A defaultBackend is the location '/' of its hosts when no path is.
 *  - A server with TLS redirects every HTTP request (nginx.org/ssl-
 *    redirect, default true) with http-redirect-code (301) to
 *    https://host:443 and the URI; redirect-to-https redirects requests
 *    with X-Forwarded-Proto 'http'; app-root redirects '/' (302).
 *  - nginx.org/rewrites replaces the location's characters by the
 *    rewrite (proxy_pass with a URI); rewrite-target replaces the URI.
 *    proxy-set-headers with fixed values, add-header, HSTS on HTTPS.
 *  - Access checks (basic auth, JWT, access Policies, App Protect,
 *    snippets with allow/deny/auth) answer 401 for the model: it has no
 *    credentials to check.
 *  - Not modelled: timeouts, load balancing, sticky cookies, rate
 *    limits, the proxy's own headers (X-Real-IP, X-Forwarded-*).
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Routing does not modify the model.
 */
#ifndef ING2GW_PROVIDERS_F5_NGINX_MODEL_H
#define ING2GW_PROVIDERS_F5_NGINX_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_f5;

struct replay_f5_opts {
	/* Serve only the Ingresses F5 NGINX serves; false: every one. */
	bool own_classes;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

int replay_f5_load(struct replay_f5 **out, const struct doc_set *set,
	const struct replay_f5_opts *opts, struct diag_sink *sink);
void replay_f5_free(struct replay_f5 *m);

/* Whether F5 NGINX serves ing; why (may be NULL) gets a static reason
 * when not. */
bool replay_f5_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why);

/* Routes one request as F5 NGINX would (decision as replay/request.h:
 * matched.kind "Ingress", rule and match the indexes of the path). */
int replay_f5_route(const struct replay_f5 *m,
	const struct replay_request *req, struct replay_decision *d);

/* Locations built (for reports and tests). */
size_t replay_f5_location_count(const struct replay_f5 *m);

#endif
