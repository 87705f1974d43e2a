#include "compat.h"
#include "targets/target.h"

/*
 * Istio 1.28-1.30 (report: 1.30.1, Gateway API v1.5.1, so the features
 * new in v1.6 are untested there). Defaults read in the 1.30.3 source:
 * pilot/pkg/networking/core (listener_builder.go, cluster_traffic_policy.go,
 * route/retry/retry.go) and pilot/pkg/config/kube/gateway/conversion.go.
 */
static const struct tgt_instead instead[] = {
	{ TGT_C_CLIENT_CERT, "Istio 1.30 reads spec.tls.frontend.default's "
	  "CA and then requires client certificates (MUTUAL TLS), but it "
	  "fails the conformance tests of the feature: test it on your "
	  "Gateway before relying on it" },
	{ TGT_C_CLIENT_CERT_FALLBACK, "the HTTPS listeners' tls.options "
	  "gateway.istio.io/tls-terminate-mode: OPTIONAL_MUTUAL (Istio "
	  "ignores the validation mode): test it before relying on it" },
};

static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit", "an EnvoyFilter with Envoy's "
	  "buffer filter (none in Istio's own API)", false },
	{ TGT_A_UNDERSCORES, "allow", "passed to the backends (Envoy's "
	  "default: Istio does not set it)", "an EnvoyFilter "
	  "setting the HTTP connection manager's "
	  "common_http_protocol_options.headers_with_underscores_action: "
	  "DROP_HEADER", false },
	{ TGT_A_XFF, "append", "the client address is appended (ProxyConfig "
	  "gatewayTopology.numTrustedProxies decides which address is the "
	  "client's)", NULL, false },
	{ TGT_A_PATH, "rfc3986-keep-slashes", "normalised, but repeated "
	  "slashes are not merged",
	  "meshConfig pathNormalization.normalization: MERGE_SLASHES", false },
	{ TGT_A_TIMEOUT, "none", "none", NULL, false },
	{ TGT_A_RETRY, "2-any-method", "2 retries on connect-failure, "
	  "refused-stream, unavailable, cancelled and retriable-status-codes, "
	  "for every method", "rules[].retry of the HTTPRoutes "
	  "(experimental channel)", false },
	{ TGT_A_LOAD_BALANCING, "least-request", "LEAST_REQUEST",
	  "a DestinationRule trafficPolicy.loadBalancer.simple: ROUND_ROBIN",
	  false },
};

const struct tgt_table tgt_istio = {
	.name = "istio",
	.title = "Istio",
	.summary = "Istio 1.28-1.30",
	.instead = instead,
	.ninstead = ARRAY_LEN(instead),
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "Istio 1.30.3 source",
	.one_address = "Istio does not support ListenerSet (its conformance report "
	    "skips it), and deploys a proxy with a Service of its own per "
	    "Gateway; to keep one address, deploy one gateway yourself and "
	    "give every Gateway spec.addresses with type Hostname naming "
	    "that Service (Istio's manual deployment of Gateways)",
};
