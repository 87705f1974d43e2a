#include "compat.h"
#include "targets/target.h"

/*
 * GKE Gateway: its report (standard channel) covers GATEWAY-HTTP only, so
 * GRPCRoutes, TLSRoutes, TCPRoutes and UDPRoutes are unknown; its own
 * mechanisms and data-plane defaults are not known to ing2gw.
 */
const struct tgt_table tgt_gke = {
	.name = "gke",
	.title = "GKE Gateway",
	.summary = "GKE Gateway controller",
	.one_address = "GKE does not support ListenerSet (its conformance report) and "
	    "gives each Gateway a load balancer with an address of its own; "
	    "a wildcard certificate (*.example.com) on fewer listeners "
	    "keeps the hosts on fewer Gateways",
};
