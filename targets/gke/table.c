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
};
