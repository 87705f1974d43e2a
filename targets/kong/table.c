#include "compat.h"
#include "targets/target.h"

/*
 * Kong (Kong Ingress Controller 3.x, Kong Operator 2.x), router flavour
 * traditional_compatible, the default of Kong Gateway and Kong Operator.
 * KongPlugins attach to an HTTPRoute with its annotation
 * konghq.com/plugins. Plugins and defaults read in the Kong Gateway
 * 3.9.3 source (kong/constants.lua, kong/templates, kong/db/schema).
 */
static const struct tgt_instead instead[] = {
	{ TGT_C_CORS, "a KongPlugin cors (HTTPRoute annotation "
	  "konghq.com/plugins)" },
	{ TGT_C_REDIRECT_303, "a KongPlugin redirect (config.status_code, "
	  "config.location)" },
	{ TGT_C_REDIRECT_307, "a KongPlugin redirect (config.status_code, "
	  "config.location)" },
	{ TGT_C_REDIRECT_308, "for the HTTPS redirect, the HTTPRoute "
	  "annotations konghq.com/protocols: https and "
	  "konghq.com/https-redirect-status-code; else a KongPlugin redirect" },
	{ TGT_C_SCHEME_REDIRECT, "for the HTTPS redirect, the HTTPRoute "
	  "annotations konghq.com/protocols: https and "
	  "konghq.com/https-redirect-status-code; else a KongPlugin redirect" },
	{ TGT_C_PORT_REDIRECT, "a KongPlugin redirect (config.location)" },
	{ TGT_C_PATH_REDIRECT, "a KongPlugin redirect (config.location, "
	  "config.keep_incoming_path)" },
	{ TGT_C_REQUEST_TIMEOUT, "the Service annotations "
	  "konghq.com/connect-timeout, konghq.com/read-timeout and "
	  "konghq.com/write-timeout (milliseconds)" },
	{ TGT_C_RETRY, "the Service annotation konghq.com/retries" },
	{ TGT_C_BACKEND_TLS, "the Service annotation konghq.com/protocol: "
	  "https (Kong verifies the certificate by its own settings)" },
	{ TGT_C_QUERY_MATCH, "Kong's expressions router "
	  "(KONG_ROUTER_FLAVOR=expressions) supports it" },
	{ TGT_C_METHOD_MATCH, "Kong's expressions router "
	  "(KONG_ROUTER_FLAVOR=expressions) supports it" },
	{ TGT_C_CLIENT_CERT, "none in Kong Gateway OSS (the mtls-auth "
	  "plugin is Kong Enterprise's)" },
	{ TGT_C_CLIENT_CERT_FALLBACK, "none in Kong Gateway OSS (the "
	  "mtls-auth plugin is Kong Enterprise's)" },
};

static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit "
	  "(nginx_http_client_max_body_size 0)", "a KongPlugin "
	  "request-size-limiting", false },
	{ TGT_A_UNDERSCORES, "allow", "passed to the backends (Kong's nginx "
	  "template turns underscores_in_headers on)", NULL, false },
	{ TGT_A_XFF, "append", "the client address is appended (trusted_ips "
	  "and real_ip_header in kong.conf decide which address is the "
	  "client's)", NULL, false },
	{ TGT_A_TIMEOUT, "none", "none for the whole request, 60 s between "
	  "two reads or writes", NULL, false },
	{ TGT_A_RETRY, "5", "5 retries (the Service's retries)",
	  "the Service annotation konghq.com/retries", false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1", NULL, false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "round-robin", NULL, false },
};

/* The CORS filter becomes a plugin / Middleware of its own (emit.c). */
static const enum tgt_construct own[] = { TGT_C_CORS };

const struct tgt_table tgt_kong = {
	.name = "kong",
	.title = "Kong Operator",
	.summary = "Kong Ingress Controller 3.x and Kong Operator 2.x "
		"(router traditional_compatible)",
	.instead = instead,
	.ninstead = ARRAY_LEN(instead),
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "Kong Gateway 3.9.3 source",
	.one_address = "Kong does not support ListenerSet (its conformance report); "
	    "with the Kong Ingress Controller in unmanaged mode "
	    "(GatewayClass annotation konghq.com/gatewayclass-unmanaged) "
	    "one Kong proxy serves every Gateway of the class behind its "
	    "address, while Kong Operator makes a DataPlane per Gateway",
	.own = own,
	.nown = ARRAY_LEN(own),
};
