/*
 * The options every command spells the same way, as kubectl does:
 *
 *	-f, --filename FILE|DIR|URL|-	an input (repeatable; operands too)
 *	--stdin-filename NAME		what standard input is reported as
 *	-c, --config FILE		.ing2gw.yaml: rule severities, ignore
 *	--kubeconfig, --context, -n, -A	read the live cluster
 *	-o, --output FORMAT		yaml, json (objects); text, json,
 *					sarif (reports)
 *	--output-file FILE		write the output to FILE
 *	--fail-on LIST			when the exit status is 1
 *	--color WHEN, -h/--help
 *
 * A command's table lists the entries it takes (the CLI_OPTION_* macros)
 * and passes the ids it does not know to cli_common_option.
 */
#ifndef ING2GW_CLI_COMMON_H
#define ING2GW_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "options.h"
#include "report.h"

enum cli_common_id {
	CLI_ID_FILENAME = 1000,
	CLI_ID_STDIN_FILENAME,
	CLI_ID_CONFIG,
	CLI_ID_KUBECONFIG,
	CLI_ID_CONTEXT,
	CLI_ID_NAMESPACE,
	CLI_ID_ALL_NAMESPACES,
	CLI_ID_OUTPUT_FILE,
	CLI_ID_COLOR,
	CLI_ID_NO_PROGRESS,
	CLI_ID_HELP,
};

extern const char *const cli_colors[];

#define CLI_OPTION_FILENAME \
	{ "filename", 'f', CLI_ARG_VALUE, CLI_ID_FILENAME, "FILE", \
	  "read FILE: a file, a directory, an http(s) URL or - for " \
	  "standard input (repeatable; operands are inputs too)", NULL, \
	  CLI_OPT_PATH }
#define CLI_OPTION_STDIN_FILENAME \
	{ "stdin-filename", 0, CLI_ARG_VALUE, CLI_ID_STDIN_FILENAME, "NAME", \
	  "report what standard input holds as in file NAME (SARIF needs " \
	  "a path)", NULL, 0 }
#define CLI_OPTION_CONFIG \
	{ "config", 'c', CLI_ARG_VALUE, CLI_ID_CONFIG, "FILE", \
	  "rule severities and ignored files (default ./.ing2gw.yaml when " \
	  "it exists): 'rules: [{id: RULE, severity: off|info|warning|" \
	  "error}]', 'ignore: [PATTERN]'", NULL, CLI_OPT_PATH }
#define CLI_OPTIONS_CLUSTER \
	{ "kubeconfig", 0, CLI_ARG_VALUE, CLI_ID_KUBECONFIG, "FILE", \
	  "read the live cluster of this kubeconfig (default $KUBECONFIG, " \
	  "else ~/.kube/config, when a cluster option is given)", NULL, \
	  CLI_OPT_PATH }, \
	{ "context", 0, CLI_ARG_VALUE, CLI_ID_CONTEXT, "NAME", \
	  "the kubeconfig context (default its current-context)", NULL, 0 }, \
	{ "namespace", 'n', CLI_ARG_VALUE, CLI_ID_NAMESPACE, "NS", \
	  "read the cluster's objects of this namespace (default the " \
	  "context's)", NULL, 0 }, \
	{ "all-namespaces", 'A', CLI_ARG_NONE, CLI_ID_ALL_NAMESPACES, NULL, \
	  "read the cluster's objects of every namespace", NULL, 0 }
#define CLI_OPTION_OUTPUT_FILE \
	{ "output-file", 0, CLI_ARG_VALUE, CLI_ID_OUTPUT_FILE, "FILE", \
	  "write the output to FILE (through a temporary file, never over " \
	  "an input) instead of standard output", NULL, CLI_OPT_PATH }
#define CLI_OPTION_COLOR(what) \
	{ "color", 0, CLI_ARG_VALUE, CLI_ID_COLOR, "WHEN", \
	  "colour " what " (default auto: on a terminal, without " \
	  "NO_COLOR)", cli_colors, 0 }
#define CLI_OPTION_NO_PROGRESS \
	{ "no-progress", 0, CLI_ARG_NONE, CLI_ID_NO_PROGRESS, NULL, \
	  "no progress lines on standard error (shown for inputs over " \
	  "4 MB when it is a terminal)", NULL, 0 }
#define CLI_OPTION_HELP \
	{ "help", 'h', CLI_ARG_NONE, CLI_ID_HELP, NULL, \
	  "show this help and exit", NULL, 0 }

/* Where to read a live cluster; requested when any option was given. */
struct cli_cluster {
	const char *kubeconfig;
	const char *context;
	const char *ns;
	bool all_namespaces;
	bool requested;
};

struct cli_common {
	const char *command;
	const char **files;		/* -f, in order */
	size_t nfiles;
	const char *stdin_name;
	const char *config;
	struct cli_cluster cluster;
	const char *output_file;
	enum report_color color;
	bool no_progress;
	bool help;
	/* old spellings that still work: warnings for the report */
	char **deprecated;
	size_t ndeprecated;
};

/* Handles the common ids; 0, or a usage error (EXIT_ERROR). */
int cli_common_option(struct cli_common *c, int id, const char *v);
/* The inputs: -f values, then the operands. Free the array. */
const char **cli_common_inputs(const struct cli_common *c, char **operands,
	size_t noperands, size_t *n_out);
/*
 * -o VALUE of convert and lint, whose -o used to name the output file:
 * a format of formats (NULL-terminated) is the format (*format_out: its
 * index); a path with '/' or '.' still names the file, with a warning for
 * --output-file; anything else is a usage error. 0 or EXIT_ERROR.
 */
int cli_common_output(struct cli_common *c, const char *v,
	const char *const *formats, int *format_out);
/* Records a deprecation warning (printf-like). */
void cli_common_deprecated(struct cli_common *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds the deprecation warnings to sink (input/deprecated-option). */
void cli_common_report(const struct cli_common *c, struct diag_sink *sink);
void cli_common_release(struct cli_common *c);
/* A usage error for an option that was renamed: "'OLD' is now NEW". */
int cli_renamed(const char *command, const char *old, const char *now);

/*
 * --fail-on LIST: comma-separated, a severity (error, warning, info) for
 * diagnostics and, for the commands that compare decisions, one word of
 * theirs for differences; "never" for neither.
 */
enum cli_diff_level {
	CLI_DIFF_NEVER,
	CLI_DIFF_UNEXPECTED,	/* shadow: data planes differ, models agree */
	CLI_DIFF_UNEXPLAINED,	/* no known behaviour explains it */
	CLI_DIFF_DIFFERENCE,	/* every difference */
	CLI_DIFF_BAD_SAMPLE,	/* replay: also an unreadable sample line */
};

struct cli_fail_on {
	enum diag_severity severity;	/* 0: no diagnostic fails */
	enum cli_diff_level diff;
};

/* diff_words: the difference words the command takes (NULL: none). */
int cli_fail_on_parse(const char *command, const char *v,
	const char *const *diff_words, struct cli_fail_on *out);
/* Diagnostics at or above the threshold (0 when it is "never"). */
size_t cli_fail_on_count(const struct cli_fail_on *f,
	const struct diag_sink *sink);

#endif
