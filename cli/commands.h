/*
 * The subcommands. Each takes its argv (argv[0] is the command name) and
 * returns the process exit code (cli/exitcode.h); each option table is
 * readable, for help and the shell completions.
 */
#ifndef ING2GW_CLI_COMMANDS_H
#define ING2GW_CLI_COMMANDS_H

#include <stddef.h>

#include "options.h"

int cmd_annotations(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_completion(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_shadow(int argc, char **argv);
int cmd_targets(int argc, char **argv);
int cmd_version(int argc, char **argv);

const struct cli_option *cmd_annotations_options(size_t *n);
const struct cli_option *cmd_convert_options(size_t *n);
const struct cli_option *cmd_explain_options(size_t *n);
const struct cli_option *cmd_audit_options(size_t *n);
const struct cli_option *cmd_lint_options(size_t *n);
const struct cli_option *cmd_replay_options(size_t *n);
const struct cli_option *cmd_route_options(size_t *n);
const struct cli_option *cmd_rules_options(size_t *n);
const struct cli_option *cmd_shadow_options(size_t *n);
const struct cli_option *cmd_targets_options(size_t *n);

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	/* NULL for the commands without options of their own */
	const struct cli_option *(*options)(size_t *n);
	/* what the operands are, for completions: "files", "rules",
	 * "commands", "shells", NULL for none */
	const char *operands;
};

extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;
const struct cli_command *cli_command_find(const char *name);

#endif
