#include "compat.h"
#include "targets/target.h"

/*
 * NGINX Gateway Fabric 2.x (report: 2.7.0-pre-release). Its policies
 * (gateway.nginx.org) and defaults read in the v2.6.7 source
 * (apis/v1alpha1, internal/controller/nginx/config): nginx's own defaults
 * wherever NGF writes no directive.
 */
static const struct tgt_instead instead[] = {
	{ TGT_C_REQUEST_TIMEOUT, "a ProxySettingsPolicy spec.timeout "
	  "(connect, read, send: between two operations, as nginx)" },
	{ TGT_C_BACKEND_TIMEOUT, "a ProxySettingsPolicy spec.timeout "
	  "(connect, read, send: between two operations, as nginx)" },
	{ TGT_C_RETRY, "none in NGF's policies (a SnippetsFilter with "
	  "proxy_next_upstream)" },
};

static const struct tgt_behaviour defaults[] = {
	{ TGT_A_BODY_SIZE, "1m", "over 1m refused with 413", NULL, false },
	{ TGT_A_UNDERSCORES, "drop", "dropped", NULL, false },
	{ TGT_A_XFF, "append", "the client address is appended "
	  "($proxy_add_x_forwarded_for; NginxProxy spec.rewriteClientIP "
	  "decides which address is the client's)", NULL, false },
	{ TGT_A_PATH, "decode-merge", "nginx's", NULL, false },
	{ TGT_A_TIMEOUT, "none", "none for the whole request, 60 s between "
	  "two reads or writes", NULL, false },
	{ TGT_A_RETRY, "error-timeout-all", "a failed connection or a "
	  "timeout is tried on the next endpoint, with no limit on tries",
	  "a SnippetsFilter with proxy_next_upstream_tries 3 (none in NGF's "
	  "policies)", false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1", NULL, false },
	{ TGT_A_LOAD_BALANCING, "random-two-least-conn",
	  "random two least_conn", "an UpstreamSettingsPolicy "
	  "spec.loadBalancingMethod: round_robin", false },
};

const struct tgt_table tgt_nginx_gateway_fabric = {
	.name = "nginx-gateway-fabric",
	.title = "NGINX Gateway Fabric",
	.summary = "NGINX Gateway Fabric 2.x",
	.instead = instead,
	.ninstead = ARRAY_LEN(instead),
	.defaults = defaults,
	.ndefaults = ARRAY_LEN(defaults),
	.defaults_source = "NGINX Gateway Fabric v2.6.7 source",
	.one_address = "NGINX Gateway Fabric provisions an NGINX Deployment and "
	    "Service per Gateway: more Gateways are more addresses; keep "
	    "the ListenerSet layout (the default for it)",
};
