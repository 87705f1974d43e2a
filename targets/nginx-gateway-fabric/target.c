#include "compat.h"
#include "convert/conv_int.h"

/* No emitter yet: the standard objects, checked against the table. */
const struct conv_target conv_target_nginx_gateway_fabric = {
	.table = &tgt_nginx_gateway_fabric,
};
