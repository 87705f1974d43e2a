#include "compat.h"
#include "targets/target.h"

/*
 * Cilium 1.18-1.20. Defaults read in Cilium's Gateway API translation
 * (operator/pkg/model/translation: the HTTP connection manager and the
 * CiliumEnvoyConfig fixtures of its tests), on main rather than a tag.
 */
static const struct tgt_instead instead[] = {
	{ TGT_C_CLIENT_CERT, "none in Cilium's Gateway API (a "
	  "CiliumEnvoyConfig with Envoy's TLS context)" },
	{ TGT_C_CLIENT_CERT_FALLBACK, "none in Cilium's Gateway API (a "
	  "CiliumEnvoyConfig with Envoy's TLS context)" },
};

static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit", "a CiliumEnvoyConfig (none in "
	  "Cilium's Gateway API)", false },
	{ TGT_A_UNDERSCORES, "allow", "passed to the backends (Envoy's "
	  "default)", "a CiliumEnvoyConfig (none in Cilium's Gateway API)",
	  false },
	{ TGT_A_XFF, "append", "the client address is appended", NULL,
	  false },
	{ TGT_A_PATH, "none", "neither normalised nor slashes merged "
	  "(Envoy's defaults)", "a CiliumEnvoyConfig (none in Cilium's "
	  "Gateway API)", false },
	{ TGT_A_RETRY, "none", "no retries", "rules[].retry of the "
	  "HTTPRoutes (experimental channel)", false },
	{ TGT_A_BACKEND_PROTOCOL, "client", "the client's: HTTP/2 clients "
	  "reach the backends over HTTP/2", "Helm "
	  "gatewayAPI.enableAppProtocol with appProtocol on the Services' "
	  "ports", false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "round robin", NULL, false },
};

const struct tgt_table tgt_cilium = {
	.name = "cilium",
	.title = "Cilium",
	.summary = "Cilium 1.18-1.20",
	.instead = instead,
	.ninstead = ARRAY_LEN(instead),
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "Cilium main (operator/pkg/model/translation)",
	.one_address = "Cilium makes a Service cilium-gateway-NAME per Gateway: more "
	    "Gateways are more addresses; keep the ListenerSet layout (the "
	    "default for Cilium)",
};
