/*
 * convert --verify: the conversion just made, checked by replaying probes
 * generated from the Ingress objects through the model of their controller
 * (on the input: replay/models.h) and the Gateway API model (on the
 * output). Implemented in cmd_replay.c beside the replay command.
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
 * difference, or convert/verify-explained when a known behaviour of the
 * controller explains it) and a summary (convert/verify-summary). The
 * controller is the one provider (convert --provider) names when it has
 * a model, else the first whose class the Ingresses name; the Ingresses
 * of classes it does not serve are not verified.
 */
void cli_verify_conversion(struct cli_verify *v, const struct doc_set *input,
	const struct ing_world *world, const struct conv_result *res,
	const char *provider, struct diag_sink *sink);

#endif
