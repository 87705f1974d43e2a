#include "compat.h"
#include "targets/target.h"

/*
 * Traefik 3.x. Its Gateway API provider turns ExtensionRef filters into
 * Middlewares and takes backendRefs of kind TraefikService; both and the
 * defaults read in the v3.7.9 source (pkg/provider/kubernetes/gateway,
 * pkg/config/static, pkg/proxy, pkg/middlewares/forwardedheaders).
 */
static const struct tgt_instead instead[] = {
	{ TGT_C_CORS, "a Middleware with spec.headers.accessControlAllow* "
	  "fields, referenced by an ExtensionRef filter" },
	{ TGT_C_MIRROR, "a TraefikService with spec.mirroring as the "
	  "backendRef (kind TraefikService)" },
	{ TGT_C_MULTIPLE_MIRRORS, "a TraefikService with spec.mirroring as "
	  "the backendRef (kind TraefikService)" },
	{ TGT_C_REQUEST_TIMEOUT, "none per route: the entryPoint's "
	  "transport.respondingTimeouts (static configuration)" },
	{ TGT_C_BACKEND_TIMEOUT, "a ServersTransport "
	  "forwardingTimeouts.responseHeaderTimeout, through a TraefikService "
	  "backendRef" },
	{ TGT_C_RETRY, "a Middleware with spec.retry, referenced by an "
	  "ExtensionRef filter" },
	{ TGT_C_CLIENT_CERT, "none: Traefik's Gateway API provider reads no "
	  "client certificate settings (a TLSOption's clientAuth serves its "
	  "IngressRoutes)" },
	{ TGT_C_CLIENT_CERT_FALLBACK, "none: Traefik's Gateway API provider "
	  "reads no client certificate settings" },
};

static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit",
	  "a Middleware spec.buffering.maxRequestBodyBytes (ExtensionRef "
	  "filter)", false },
	{ TGT_A_UNDERSCORES, "allow", "passed to the backends (Go's HTTP "
	  "server accepts them)", NULL, false },
	{ TGT_A_XFF, "replace", "replaced by the client address (untrusted "
	  "X-Forwarded-* headers are removed)", NULL, false },
	{ TGT_A_TIMEOUT, "60s-whole-request", "the request, body included, "
	  "must be read within 60 s (the entryPoint's readTimeout)",
	  "entryPoints.<name>.transport.respondingTimeouts.readTimeout in "
	  "the static configuration", false },
	{ TGT_A_RETRY, "none", "no retries", "a Middleware spec.retry "
	  "(ExtensionRef filter)", false },
	{ TGT_A_BACKEND_PROTOCOL, "http2-for-https", "HTTP/1.1, but HTTP/2 "
	  "to backends over TLS", "a ServersTransport disableHTTP2 through a "
	  "TraefikService backendRef", false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "weighted round robin", NULL,
	  false },
};

/* The CORS filter becomes a plugin / Middleware of its own (emit.c). */
static const enum tgt_construct own[] = { TGT_C_CORS };

const struct tgt_table tgt_traefik = {
	.name = "traefik",
	.title = "Traefik",
	.summary = "Traefik 3.x (Gateway API provider)",
	.instead = instead,
	.ninstead = ARRAY_LEN(instead),
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "Traefik v3.7.9 source",
	.one_address = "Traefik does not support ListenerSet (its conformance report); "
	    "one Traefik deployment serves every Gateway through its entry "
	    "points, whose ports the listeners must use, so the Gateways "
	    "share Traefik's address (read from its documentation, not "
	    "confirmed in its source)",
	.own = own,
	.nown = ARRAY_LEN(own),
};
