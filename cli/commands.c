#include "compat.h"
#include "commands.h"

#include <string.h>

const struct cli_command cli_commands[] = {
	{ "audit", cmd_audit,
	  "inventory an estate and rank the targets by how much converts",
	  cmd_audit_options, "files" },
	{ "convert", cmd_convert,
	  "convert Ingress objects to Gateway API objects",
	  cmd_convert_options, "files" },
	{ "lint", cmd_lint, "check Gateway API (and Ingress) objects",
	  cmd_lint_options, "files" },
	{ "route", cmd_route,
	  "route one request through a configuration, explained",
	  cmd_route_options, "files" },
	{ "replay", cmd_replay,
	  "replay requests through both configurations, report differences",
	  cmd_replay_options, "files" },
	{ "shadow", cmd_shadow,
	  "send requests to the live controller and the Gateway, compare",
	  cmd_shadow_options, "files" },
	{ "annotations", cmd_annotations,
	  "list the annotations of a provider and how they convert",
	  cmd_annotations_options, NULL },
	{ "rules", cmd_rules, "list every diagnostic ing2gw can report",
	  cmd_rules_options, NULL },
	{ "explain", cmd_explain,
	  "explain a diagnostic: what it means, an example, the fix",
	  cmd_explain_options, "rules" },
	{ "targets", cmd_targets,
	  "list the Gateway API implementations --target can name",
	  cmd_targets_options, "targets" },
	{ "help", cmd_help, "show the help of ing2gw or of a command", NULL,
	  "commands" },
	{ "version", cmd_version,
	  "show the version, commit, Gateway API version and features",
	  NULL, NULL },
	{ "completion", cmd_completion,
	  "print the completion script of a shell (bash, zsh, fish)", NULL,
	  "shells" },
};

const size_t cli_ncommands = ARRAY_LEN(cli_commands);

const struct cli_command *
cli_command_find(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}
