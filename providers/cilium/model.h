/*
 * The Cilium routing model: what Cilium's Ingress controller (its Envoy
 * configuration, CiliumEnvoyConfig) does with one request, built from
 * Ingress objects and their annotations. It never calls convert/.
 *
 * What it follows (cilium/cilium operator/pkg/model/ingestion/ingress.go
 * and operator/pkg/model/translation):
 *  - Selection: the class annotation, else spec.ingressClassName, is
 *    "cilium"; an Ingress without class only when the IngressClass
 *    "cilium" is the default class (or without_class).
 *  - Every Ingress on one address (the shared load balancer mode; a
 *    dedicated Ingress has an address of its own, which replay cannot
 *    address apart). Port 80 serves every host; port 443 the hosts of
 *    spec.tls. A tls-passthrough Ingress has only a TLS listener on 443
 *    that passes the connections of its hosts (path '/') through.
 *  - One virtual host per host: an exact host first, then the longest
 *    wildcard suffix, then '*' (rules without host and the default
 *    backends). Its routes in Envoy's order: Exact paths (longer first),
 *    then ImplementationSpecific paths as RE2 regular expressions matched
 *    against the whole path (longer first), then Prefix paths element-
 *    wise (longer first), then input order; the first that matches wins.
 *    Routes of the same host and match from several Ingresses (or paths)
 *    are one route whose backends share the requests equally.
 *  - HTTP requests for a TLS host are redirected to HTTPS with 301 unless
 *    ingress.cilium.io/force-https is disabled (enforce-ingress-https).
 *
 * Ownership: the model borrows from the doc_set it was loaded from.
 */
#ifndef ING2GW_PROVIDERS_CILIUM_MODEL_H
#define ING2GW_PROVIDERS_CILIUM_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_cilium;

struct replay_cilium_opts {
	bool cilium_classes;	/* only the Ingresses Cilium serves */
	bool without_class;	/* and those without class */
	bool assume_services;
};

int replay_cilium_load(struct replay_cilium **out, const struct doc_set *set,
	const struct replay_cilium_opts *opts, struct diag_sink *sink);
void replay_cilium_free(struct replay_cilium *m);
bool replay_cilium_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why);
int replay_cilium_route(const struct replay_cilium *m,
	const struct replay_request *req, struct replay_decision *d);

#endif
