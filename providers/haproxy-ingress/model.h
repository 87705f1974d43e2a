/*
 * HAProxy Ingress's routing model: what the controller's HAProxy
 * configuration does with one request, built from the Ingress objects it
 * serves and their annotations. It never calls convert/: the comparison
 * with replay/gateway is only worth something because the two are
 * independent.
 *
 * What it follows (jcmoraisjr/haproxy-ingress v0.14/v0.15,
 * docs/content/en/docs/configuration/keys.md):
 *  - Selection: an IngressClass of controller
 *    haproxy-ingress.github.io/controller, or the class "haproxy" without
 *    IngressClass when the Ingress has haproxy-ingress.github.io/ keys.
 *  - Frontends: http on port 80, https on 443; a host is in the HTTPS
 *    maps only with a tls section (ssl-always-add-https false).
 *  - Host: exact, else with its first label removed (a wildcard is one
 *    label deep). Paths in path-type-order exact, prefix, begin, regex,
 *    the longest first within a type; app-root answers '/' first.
 *  - Then the Ingress's rules: access lists (403), basic authentication
 *    (401 without credentials), the HTTPS redirect (302) of hosts with a
 *    tls section, redirect-to, headers, rewrite-target.
 *  - Not modelled: rate limits, CORS answers, external and OAuth
 *    authentication, WAF, snippets (noted).
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
