/*
 * SARIF rule metadata (tool.driver.rules) from the catalogues: every lint
 * rule when with_lint, then each rule of the diagnostic catalogue (input,
 * convert, replay) that the sink reports, in the order of its first
 * result, each with shortDescription, fullDescription and help (text and
 * Markdown: the explanation, an example, what to do).
 */
#ifndef ING2GW_CLI_SARIF_RULES_H
#define ING2GW_CLI_SARIF_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "report_sarif.h"

struct report_sarif_rule *cli_sarif_rules(const struct diag_sink *sink,
	bool with_lint, size_t *n_out);
void cli_sarif_rules_free(struct report_sarif_rule *r, size_t n);

#endif
