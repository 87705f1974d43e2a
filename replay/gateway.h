/*
 * replay/gateway: the reference routing engine of the Gateway API, a
 * model of what the specification says (request matching and precedence,
 * filters, backends and weights, route attachment: the apis/v1 docs of
 * Gateway API v1.6.1, checked against its conformance tests), built from
 * Gateway API objects alone.
 *
 * Use:
 *
 *	struct replay_gw *gw = NULL;
 *	struct replay_request req;
 *	struct replay_decision d;
 *
 *	replay_gw_load(&gw, set, NULL, &sink);	// objects of a doc_set
 *	replay_request_init(&req);
 *	replay_request_parse(&req, "GET http://foo.com/bar?x=1");
 *	replay_decision_init(&d);
 *	replay_gw_route(gw, &req, &d);		// d.status, d.backends...
 *	replay_decision_to_json(&json, &d, 2);	// or _explain()
 *	replay_decision_release(&d);
 *	replay_request_release(&req);
 *	replay_gw_free(gw);
 *
 * Objects read: Gateway, GatewayClass, ListenerSet, HTTPRoute, GRPCRoute,
 * ReferenceGrant, Service, Namespace, and the Inference Extension's
 * InferencePool (any apiVersion of the group; `List` documents are
 * flattened). Everything else is ignored. Order of
 * appearance in the doc_set counts as creation order when an object has no
 * metadata.creationTimestamp.
 *
 * Choices where the specification leaves room (documented here once):
 *  - RegularExpression matches (path, header, query, gRPC service/method)
 *    are PCRE2, anchored at both ends (whole-value match), case-sensitive.
 *  - Path precedence: Exact > RegularExpression (longer pattern first) >
 *    PathPrefix (longer prefix first; a trailing '/' is not counted).
 *  - Hostname precedence is the first sort key: a candidate under the
 *    request's exact hostname beats one under a wildcard (longer suffix
 *    first), which beats one with no hostname; a more specific hostname
 *    whose matches all fail does not hide a less specific one.
 *  - Repeated request headers: the first value is matched. Repeated
 *    query parameters: the first. No percent-decoding before matching.
 *  - Redirects and rewrites keep the query string.
 *  - All backend weights 0, no backendRefs, or only invalid backends:
 *    500. An ExtensionRef or unknown filter makes its rule answer 500.
 *  - HTTPRoute and GRPCRoute are never merged: a gRPC request (grpc set,
 *    or a Content-Type application/grpc...) only matches GRPCRoutes,
 *    other requests only HTTPRoutes. gRPC
 *    outcomes use HTTP codes: 404 = UNIMPLEMENTED, 500 = UNAVAILABLE.
 *  - HTTPS: the listener is chosen by SNI (the Host when no SNI); when the
 *    Host would select another listener the answer is 421, and 404 when
 *    no listener matches the Host.
 *  - When the request names no Gateway, all Gateways listening on the
 *    port are treated as one address.
 *  - ListenerSets attach to their parentRef Gateway when its
 *    allowedListeners admits their namespace; a Gateway's merged listeners
 *    are its own, then its ListenerSets' by creationTimestamp (those
 *    without one last, in order of appearance), then namespace/name. A
 *    ListenerSet's listener that is not distinct from an earlier one (the
 *    same port with a protocol that cannot share it, or the same port,
 *    protocol and hostname) is Conflicted: no request reaches it. A
 *    Gateway parentRef attaches to the Gateway's own listeners only.
 *  - Backend-level filters are those of the backend with the largest
 *    share (the first on a tie): the decision's upstream request is the
 *    one that backend sees.
 *  - An InferencePool backendRef (group inference.networking.k8s.io) is a
 *    backend like a Service, weighted with the others; the decision names
 *    the pool, its selector, target ports and endpoint picker, and does
 *    not model the picker's choice of pod. Its port is ignored. A pool
 *    missing from an input that has InferencePools is BackendNotFound;
 *    without any, every pool named is assumed to exist.
 *
 * Ownership: the engine borrows the doc_set's strings and nodes; keep the
 * doc_set alive until replay_gw_free(). Routing does not modify the
 * engine, so one engine may serve several threads, each with its own
 * decision.
 */
#ifndef ING2GW_REPLAY_GATEWAY_H
#define ING2GW_REPLAY_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "request.h"

struct replay_gw;

struct replay_gw_opts {
	/* Objects for which skip() returns true are not loaded. */
	bool (*skip)(const struct doc_node *obj, void *ctx);
	void *ctx;
	/*
	 * Treat every Service a backendRef names as existing: for inputs
	 * that carry no Services (converted output), where a missing one
	 * says nothing.
	 */
	bool assume_services;
	/*
	 * Also read the Services of this set (NULL: none): the input a
	 * conversion came from, so that both models know the same Services.
	 */
	const struct doc_set *services_from;
};

/*
 * Loads the Gateway API objects of set into a new engine (*out, free with
 * replay_gw_free). opts may be NULL. Problems in the objects (a bad
 * regular expression, a route attached to nothing) become warnings or
 * infos in sink (may be NULL) and the affected parts are left out; the
 * function fails only on programmer errors (ERR_INVALID).
 */
int replay_gw_load(struct replay_gw **out, const struct doc_set *set,
	const struct replay_gw_opts *opts, struct diag_sink *sink);
void replay_gw_free(struct replay_gw *gw);

/*
 * Routes one request. d is reset first (keeping its buffers); on return
 * it holds the decision. Set d->explain before the call to collect
 * explanation notes. Returns 0; the outcome (404, 500...) is in d.
 */
int replay_gw_route(const struct replay_gw *gw,
	const struct replay_request *req, struct replay_decision *d);

/* Counts for reports and tests. */
size_t replay_gw_route_count(const struct replay_gw *gw);
size_t replay_gw_listener_count(const struct replay_gw *gw);
/*
 * Routes attached to a listener: gateway is "ns/name" of a Gateway (its
 * own and its ListenerSets' listeners) or of a ListenerSet; -1 when there
 * is no such listener.
 */
long replay_gw_attached_routes(const struct replay_gw *gw,
	const char *gateway, const char *listener);

#endif
