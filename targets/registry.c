#include "compat.h"
#include "targets/target.h"

#include <stdio.h>
#include <string.h>

/*
 * Every construct that needs more than the core of GATEWAY-HTTP, with the
 * feature (or profile) of the conformance reports that proves it. Core
 * constructs (path and header matches, RequestHeaderModifier, hostname
 * redirects with 301 or 302, weights) are not listed: every conformant
 * implementation has them.
 */
static const struct tgt_construct_info constructs[] = {
	{ TGT_C_PATH_REWRITE, "HTTPRoutePathRewrite", false, false,
	  "a URLRewrite filter with a path" },
	{ TGT_C_HOST_REWRITE, "HTTPRouteHostRewrite", false, false,
	  "a URLRewrite filter with a hostname" },
	{ TGT_C_MIRROR, "HTTPRouteRequestMirror", false, false,
	  "a RequestMirror filter" },
	{ TGT_C_MULTIPLE_MIRRORS, "HTTPRouteRequestMultipleMirrors", false,
	  false, "more than one RequestMirror filter in a rule" },
	{ TGT_C_PERCENT_MIRROR, "HTTPRouteRequestPercentageMirror", false,
	  false, "a RequestMirror filter with percent or fraction" },
	{ TGT_C_CORS, "HTTPRouteCORS", false, false, "a CORS filter" },
	{ TGT_C_REDIRECT_303, "HTTPRoute303RedirectStatusCode", false, false,
	  "a RequestRedirect with statusCode 303" },
	{ TGT_C_REDIRECT_307, "HTTPRoute307RedirectStatusCode", false, false,
	  "a RequestRedirect with statusCode 307" },
	{ TGT_C_REDIRECT_308, "HTTPRoute308RedirectStatusCode", false, false,
	  "a RequestRedirect with statusCode 308" },
	{ TGT_C_SCHEME_REDIRECT, "HTTPRouteSchemeRedirect", false, false,
	  "a RequestRedirect with a scheme" },
	{ TGT_C_PORT_REDIRECT, "HTTPRoutePortRedirect", false, false,
	  "a RequestRedirect with a port" },
	{ TGT_C_PATH_REDIRECT, "HTTPRoutePathRedirect", false, false,
	  "a RequestRedirect with a path" },
	{ TGT_C_RESPONSE_HEADERS, "HTTPRouteResponseHeaderModification", false,
	  false, "a ResponseHeaderModifier filter" },
	{ TGT_C_BACKEND_HEADERS, "HTTPRouteBackendRequestHeaderModification",
	  false, false, "a RequestHeaderModifier filter on a backendRef" },
	{ TGT_C_REQUEST_TIMEOUT, "HTTPRouteRequestTimeout", false, false,
	  "timeouts.request" },
	{ TGT_C_BACKEND_TIMEOUT, "HTTPRouteBackendTimeout", false, false,
	  "timeouts.backendRequest" },
	{ TGT_C_RETRY, "HTTPRouteRetry", false, false, "a retry" },
	{ TGT_C_QUERY_MATCH, "HTTPRouteQueryParamMatching", false, false,
	  "a queryParams match" },
	{ TGT_C_METHOD_MATCH, "HTTPRouteMethodMatching", false, false,
	  "a method match" },
	{ TGT_C_NAMED_RULE, "HTTPRouteNamedRouteRule", false, false,
	  "a rule name" },
	{ TGT_C_PARENT_PORT, "HTTPRouteParentRefPort", false, false,
	  "a parentRef port" },
	{ TGT_C_CLIENT_CERT, "GatewayFrontendClientCertificateValidation",
	  false, true, "client certificate validation (spec.tls.frontend)" },
	{ TGT_C_CLIENT_CERT_FALLBACK,
	  "GatewayFrontendClientCertificateValidationInsecureFallback", false,
	  true, "client certificate validation in mode "
	  "AllowInsecureFallback" },
	{ TGT_C_BACKEND_CLIENT_CERT, "GatewayBackendClientCertificate", false,
	  false, "a client certificate for the backends (spec.tls.backend)" },
	{ TGT_C_BACKEND_TLS, "BackendTLSPolicy", false, false,
	  "TLS to a backend Service (a BackendTLSPolicy)" },
	{ TGT_C_BACKEND_TLS_SAN, "BackendTLSPolicySANValidation", false, false,
	  "a BackendTLSPolicy with subjectAltNames" },
	{ TGT_C_LISTENERSET, "ListenerSet", false, false, "a ListenerSet" },
	{ TGT_C_STATIC_ADDRESSES, "GatewayStaticAddresses", false, false,
	  "Gateway spec.addresses" },
	{ TGT_C_INFRASTRUCTURE, "GatewayInfrastructurePropagation", false,
	  false, "Gateway spec.infrastructure" },
	{ TGT_C_GRPCROUTE, "GATEWAY-GRPC", true, false, "a GRPCRoute" },
	{ TGT_C_TLSROUTE, "GATEWAY-TLS", true, false, "a TLSRoute" },
	{ TGT_C_TLS_TERMINATE, "TLSRouteModeTerminate", false, false,
	  "a TLS listener in mode Terminate" },
	{ TGT_C_TCPROUTE, "GATEWAY-TCP", true, false, "a TCPRoute" },
	{ TGT_C_UDPROUTE, "GATEWAY-UDP", true, false, "a UDPRoute" },
};

const struct tgt_construct_info *
tgt_construct(enum tgt_construct c)
{
	for (size_t i = 0; i < ARRAY_LEN(constructs); i++)
		if (constructs[i].c == c)
			return &constructs[i];
	return NULL;
}

static const char *const aspect_names[TGT_A_COUNT] = {
	[TGT_A_BODY_SIZE] = "request body size",
	[TGT_A_UNDERSCORES] = "request headers with underscores",
	[TGT_A_XFF] = "X-Forwarded-For",
	[TGT_A_PATH] = "path normalisation",
	[TGT_A_TIMEOUT] = "request timeout",
	[TGT_A_RETRY] = "retries",
	[TGT_A_BACKEND_PROTOCOL] = "protocol to the backends",
	[TGT_A_LOAD_BALANCING] = "load balancing",
};

const char *
tgt_aspect_name(enum tgt_aspect a)
{
	return a < TGT_A_COUNT ? aspect_names[a] : "?";
}

/* ---- the registry -------------------------------------------------------- */

const struct tgt_table *const tgt_tables[] = {
	&tgt_generic,
	&tgt_envoy_gateway,
	&tgt_istio,
	&tgt_cilium,
	&tgt_nginx_gateway_fabric,
	&tgt_traefik,
	&tgt_kong,
	&tgt_kgateway,
	&tgt_agentgateway,
	&tgt_gke,
};

const size_t tgt_ntables = ARRAY_LEN(tgt_tables);

const char *const tgt_names[] = { "generic", "envoy-gateway", "istio",
	"cilium", "nginx-gateway-fabric", "traefik", "kong", "kgateway",
	"agentgateway", "gke", NULL };

const struct tgt_table *
tgt_find(const char *name)
{
	if (name && !strcmp(name, "standard"))
		name = "generic";
	for (size_t i = 0; name && i < tgt_ntables; i++)
		if (!strcmp(tgt_tables[i]->name, name))
			return tgt_tables[i];
	return NULL;
}

const struct tgt_report *
tgt_report(const struct tgt_table *t)
{
	return t->generic ? NULL : tgt_report_find(t->name);
}

enum tgt_support
tgt_supports(const struct tgt_table *t, enum tgt_construct c, bool *partial)
{
	const struct tgt_construct_info *ci = tgt_construct(c);
	const struct tgt_report *r = tgt_report(t);

	*partial = false;
	if (t->generic)
		return TGT_SUPPORTED;
	if (!ci || !r)
		return TGT_UNKNOWN;
	if (ci->profile)
		return tgt_profile_support(r, ci->feature, partial);
	return tgt_feature_support(r, ci->feature);
}

const char *
tgt_instead_of(const struct tgt_table *t, enum tgt_construct c)
{
	for (size_t i = 0; i < t->ninstead; i++)
		if (t->instead[i].c == c)
			return t->instead[i].what;
	return NULL;
}

const struct tgt_behaviour *
tgt_default(const struct tgt_table *t, enum tgt_aspect a)
{
	for (size_t i = 0; i < t->ndefaults; i++)
		if (t->defaults[i].aspect == a)
			return &t->defaults[i];
	return NULL;
}

const char *
tgt_label(const struct tgt_table *t, char *buf, size_t size)
{
	const struct tgt_report *r = tgt_report(t);

	if (!r)
		snprintf(buf, size, "%s", t->title);
	else if (strcmp(r->mode, "default"))
		snprintf(buf, size, "%s %s (%s)", t->title, r->version,
			r->mode);
	else
		snprintf(buf, size, "%s %s", t->title, r->version);
	return buf;
}
