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

/*
 * Appends to report the probes whose decisions differ (the text of
 * `replay --generate`) and a summary line. Problems (no model built yet)
 * go to sink. Returns the number of differing probes.
 */
size_t cli_verify_conversion(struct strbuf *report,
	const struct doc_set *input, const struct ing_world *world,
	const struct conv_result *res, struct diag_sink *sink);

#endif
