/*
 * convert --verify: the conversion just made, checked by replaying probes
 * generated from the Ingress objects through the ingress-nginx model (on
 * the input) and the Gateway API model (on the output). Implemented in
 * cmd_replay.c beside the replay command.
 */
#ifndef ING2GW_CLI_VERIFY_H
#define ING2GW_CLI_VERIFY_H

#include <stddef.h>

#include "convert.h"
#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "strbuf.h"

struct cli_verify {
	size_t probes, differ, explained;
};

/*
 * Adds to sink each probe whose decisions differ (convert/verify-
 * difference, or convert/verify-explained when a known behaviour of
 * ingress-nginx explains it) and a summary (convert/verify-summary).
 */
void cli_verify_conversion(struct cli_verify *v, const struct doc_set *input,
	const struct ing_world *world, const struct conv_result *res,
	struct diag_sink *sink);

#endif
