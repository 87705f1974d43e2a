#include "compat.h"
#include "targets/target.h"

/*
 * Envoy Gateway v1.9: its report proves every construct the conversion
 * writes. Defaults read in its v1.9.0 source (internal/xds/translator,
 * internal/gatewayapi) and the ClientTrafficPolicy and
 * BackendTrafficPolicy CRDs of v1.9.0; the emitter writes the two knobs
 * marked written.
 */
static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit", "a BackendTrafficPolicy "
	  "requestBuffer.limit (not written: it buffers every request, "
	  "which breaks streaming and WebSocket)", false },
	{ TGT_A_UNDERSCORES, "reject", "the request is rejected with 400",
	  "a ClientTrafficPolicy headers.withUnderscoresAction: DropHeader",
	  true },
	{ TGT_A_XFF, "append", "the client address is appended (a "
	  "ClientTrafficPolicy's clientIPDetection decides which address is "
	  "the client's)", NULL, false },
	{ TGT_A_PATH, "rfc3986-merge-redirect-escaped", "normalised with "
	  "slashes merged, but a path with an encoded slash (%2F) is "
	  "redirected to its decoded form",
	  "a ClientTrafficPolicy path.escapedSlashesAction", false },
	{ TGT_A_TIMEOUT, "15s", "15 s for the whole request (Envoy's route "
	  "timeout)", "rules[].timeouts.request: 0s on the HTTPRoutes "
	  "(GRPCRoutes keep 15 s: a BackendTrafficPolicy "
	  "timeout.http.requestTimeout lifts it)", true },
	{ TGT_A_RETRY, "none", "no retries", "a BackendTrafficPolicy retry "
	  "(retryOn.triggers connect-failure, reset)", false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1, HTTP/2 for GRPCRoutes "
	  "and Service ports with appProtocol kubernetes.io/h2c", NULL,
	  false },
	{ TGT_A_LOAD_BALANCING, "least-request", "LeastRequest",
	  "a BackendTrafficPolicy loadBalancer.type: RoundRobin", false },
};

const struct tgt_table tgt_envoy_gateway = {
	.name = "envoy-gateway",
	.title = "Envoy Gateway",
	.summary = "Envoy Gateway v1.9: Gateway API objects and its policies "
		"and filters for what they cannot say",
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "Envoy Gateway v1.9.0 source and CRDs",
	.one_address = "an EnvoyProxy with spec.mergeGateways: true, referenced by the "
	    "GatewayClass (parametersRef), serves every Gateway of the "
	    "class from one proxy and one address (Envoy Gateway v1.9 API, "
	    "EnvoyProxySpec.mergeGateways)",
};
