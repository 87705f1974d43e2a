#include "compat.h"
#include "targets/target.h"

/* kgateway 2.x: its report proves every HTTP construct the conversion
 * writes; its data-plane defaults are not known to ing2gw. */
const struct tgt_table tgt_kgateway = {
	.name = "kgateway",
	.title = "kgateway",
	.summary = "kgateway 2.x",
	.one_address = "kgateway deploys a proxy per Gateway: more Gateways are more "
	    "addresses; keep the ListenerSet layout (the default for it)",
};
