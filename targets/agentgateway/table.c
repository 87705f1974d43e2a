#include "compat.h"
#include "targets/target.h"

/* agentgateway 1.x: its report proves every HTTP construct the
 * conversion writes; its data-plane defaults are not known to ing2gw. */
const struct tgt_table tgt_agentgateway = {
	.name = "agentgateway",
	.title = "agentgateway",
	.summary = "agentgateway 1.x",
	.one_address = "agentgateway deploys a proxy per Gateway: more Gateways are "
	    "more addresses; keep the ListenerSet layout (the default for "
	    "it)",
};
