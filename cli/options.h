/*
 * Table-driven option parsing on top of getopt_long. One static table per
 * command gives the options, their help text and allowed values; the same
 * table prints --help and the shell completions (cli/completion.c).
 */
#ifndef ING2GW_CLI_OPTIONS_H
#define ING2GW_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

enum cli_arg {
	CLI_ARG_NONE,
	CLI_ARG_VALUE,
};

enum cli_option_flags {
	/* an old spelling: parsed (to name the new one), never listed */
	CLI_OPT_HIDDEN = 1 << 0,
	/* the value is a file or directory (for completions) */
	CLI_OPT_PATH = 1 << 1,
	/* the handler checks the value: choices are listed, not enforced */
	CLI_OPT_OWN_CHECK = 1 << 2,
	/* the help text names the choices already: not listed again */
	CLI_OPT_CHOICES_IN_TEXT = 1 << 3,
};

struct cli_option {
	const char *long_name;
	char short_name;		/* 0: none */
	enum cli_arg arg;
	int id;
	const char *metavar;		/* "FILE", "NAME" ... */
	const char *help;
	const char *const *choices;	/* NULL-terminated, or NULL: any value */
	unsigned flags;			/* enum cli_option_flags */
};

/* Called for each option found; returns 0, or non-zero to stop (usage). */
typedef int (*cli_option_fn)(void *ctx, int id, const char *value);

/*
 * Parses argv[1..] (argv[0] is the command name). On success returns 0 and
 * sets *first_arg to the index of the first operand. A usage error prints
 * one line and a hint to stderr and returns EXIT_ERROR; an unknown option
 * near a known one is named ("did you mean '--output'?").
 */
int cli_options_parse(int argc, char **argv, const char *command,
	const struct cli_option *table, size_t n, cli_option_fn fn, void *ctx,
	int *first_arg);
/*
 * The help of a command: usage, summary (paragraphs of text, re-wrapped)
 * and the options, every line at most 80 columns.
 */
void cli_options_help(struct strbuf *out, const char *usage,
	const char *summary, const struct cli_option *table, size_t n);
/* Appends text wrapped to width columns, each line after the first
 * indented by indent spaces (the first starts at column start). */
void cli_wrap(struct strbuf *out, const char *text, size_t start,
	size_t indent, size_t width);
/* Prints "ing2gw: <message>" and the --help hint; returns EXIT_ERROR. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "ing2gw" or, run as a kubectl plugin, "kubectl ing2gw" (main.c). */
extern const char *cli_program;

#endif
