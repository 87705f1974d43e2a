#include "compat.h"
#include "convert/conv_int.h"

/* No emitter yet: the standard objects, checked against the table. */
const struct conv_target conv_target_cilium = {
	.table = &tgt_cilium,
};
