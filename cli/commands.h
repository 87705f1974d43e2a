/*
 * The subcommands. Each takes its argv (argv[0] is the command name) and
 * returns the process exit code (cli/exitcode.h).
 */
#ifndef ING2GW_CLI_COMMANDS_H
#define ING2GW_CLI_COMMANDS_H

int cmd_annotations(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_targets(int argc, char **argv);

#endif
