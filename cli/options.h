/*
 * Table-driven option parsing on top of getopt_long. One static table per
 * command gives the options, their help text and allowed values; the same
 * table prints --help.
 */
#ifndef ING2GW_CLI_OPTIONS_H
#define ING2GW_CLI_OPTIONS_H

#include <stddef.h>

#include "strbuf.h"

enum cli_arg {
	CLI_ARG_NONE,
	CLI_ARG_VALUE,
};

struct cli_option {
	const char *long_name;
	char short_name;		/* 0: none */
	enum cli_arg arg;
	int id;
	const char *metavar;		/* "FILE", "NAME" ... */
	const char *help;
	const char *const *choices;	/* NULL-terminated, or NULL: any value */
};

/* Called for each option found; returns 0, or non-zero to stop (usage). */
typedef int (*cli_option_fn)(void *ctx, int id, const char *value);

/*
 * Parses argv[1..] (argv[0] is the command name). On success returns 0 and
 * sets *first_arg to the index of the first operand. A usage error prints
 * one line and a hint to stderr and returns EXIT_ERROR.
 */
int cli_options_parse(int argc, char **argv, const char *command,
	const struct cli_option *table, size_t n, cli_option_fn fn, void *ctx,
	int *first_arg);
void cli_options_help(struct strbuf *out, const char *usage,
	const char *summary, const struct cli_option *table, size_t n);
/* Prints "ing2gw: <message>" and the --help hint; returns EXIT_ERROR. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
