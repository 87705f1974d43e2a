/*
 * Findings the project accepts, for every command: the rules: of
 * .ing2gw.yaml (off, or another severity, for any rule id of 'ing2gw
 * rules') and the annotation ing2gw.io/disable: "RULE,..." (or "all") on
 * the object a diagnostic is about (the object whose lines hold its
 * position). Input errors are never accepted.
 */
#ifndef ING2GW_CLI_ACCEPT_H
#define ING2GW_CLI_ACCEPT_H

#include "input.h"
#include "lint.h"

#define CLI_DEFAULT_CONFIG ".ing2gw.yaml"
#define CLI_DISABLE_ANNOTATION "ing2gw.io/disable"

/*
 * Loads path, or ./.ing2gw.yaml when path is NULL and it exists, into
 * cfg. 0, or an error code after input errors in sink.
 */
int cli_accept_load(struct lint_config *cfg, const char *path,
	struct diag_sink *sink);
/*
 * An output that would replace the configuration file (path, or the
 * default one when it exists): says why and returns EXIT_ERROR; else 0.
 */
int cli_accept_check_output(const char *path, const struct cli_output *out,
	const char *command);
/* Applies cfg's severities and the objects' disable annotations. */
void cli_accept_apply(const struct lint_config *cfg,
	const struct cli_input *in, struct diag_sink *sink);

#endif
