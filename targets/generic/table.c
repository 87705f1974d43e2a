#include "compat.h"
#include "targets/target.h"

/*
 * Standard Gateway API v1.6, no implementation assumed: every standard
 * feature is taken as supported, and the data-plane defaults are the
 * implementation's, unknown here.
 */
const struct tgt_table tgt_generic = {
	.name = "generic",
	.title = "standard Gateway API v1.6",
	.summary = "standard Gateway API v1.6, no implementation assumed",
	.generic = true,
};
