#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exitcode.h"
#include "options.h"
#include "rules.h"

enum {
	OPT_OUTPUT,
	OPT_AREA,
	OPT_HELP,
};

static const char *const rules_formats[] = { "text", "json", "scdoc", NULL };
static const char *const explain_formats[] = { "text", "json", NULL };

/*
 * --area has no choices in the table: the list of them would not fit the
 * 80 columns of --help after the option's text.
 */
static const struct cli_option rules_options[] = {
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the format (default text)", rules_formats, 0 },
	{ "area", 0, CLI_ARG_VALUE, OPT_AREA, "AREA",
	  "input, convert, replay, lint or all (default)", NULL, 0 },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL, 0 },
};

static const struct cli_option explain_options[] = {
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "output format (default text)", explain_formats, 0 },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL, 0 },
};

const struct cli_option *
cmd_rules_options(size_t *n)
{
	*n = ARRAY_LEN(rules_options);
	return rules_options;
}

const struct cli_option *
cmd_explain_options(size_t *n)
{
	*n = ARRAY_LEN(explain_options);
	return explain_options;
}

struct rules_args {
	const char *command;
	enum rules_format format;
	unsigned areas;
	bool help;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct rules_args *a = ctx;

	switch (id) {
	case OPT_OUTPUT:
		a->format = !strcmp(v, "json") ? RULES_JSON :
			!strcmp(v, "scdoc") ? RULES_SCDOC : RULES_TEXT;
		break;
	case OPT_AREA:
		if (!(a->areas = rules_area_parse(v)))
			return cli_usage_error(a->command, "'%s' is not a "
				"valid value for --area (choose from input, "
				"convert, replay, lint, all)", v);
		break;
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

static int
write_stdout(struct strbuf *out)
{
	fwrite(out->buf ? out->buf : "", 1, out->len, stdout);
	strbuf_release(out);
	return fflush(stdout) ? EXIT_ERROR : EXIT_CLEAN;
}

int
cmd_rules(int argc, char **argv)
{
	struct rules_args a = { .command = "rules", .areas = RULES_ALL };
	struct strbuf out = STRBUF_INIT;
	struct rules_entry *e;
	size_t n;
	int first, rc;

	rc = cli_options_parse(argc, argv, "rules", rules_options,
		ARRAY_LEN(rules_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw rules [options]",
			"Lists every diagnostic ing2gw can report: id, "
			"severity and summary (text),\nthe whole catalogue "
			"entries (json), or the list of ing2gw-rules(1)\n"
			"(scdoc). Areas: input (reading files), convert (and "
			"the nginx/ rules of\nthe ingress-nginx annotation "
			"parser), replay (route and replay), lint.\n'ing2gw "
			"explain RULE' shows one rule in full.",
			rules_options, ARRAY_LEN(rules_options));
		return write_stdout(&out);
	}
	if (first < argc)
		return cli_usage_error("rules", "unexpected argument '%s'",
			argv[first]);
	e = rules_collect(a.areas, &n);
	rules_render(&out, e, n, a.format);
	free(e);
	return write_stdout(&out);
}

/* "'a'", "'a' or 'b'", "'a', 'b' or 'c'" */
static void
alternatives(struct strbuf *sb, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s'%s'", !i ? "" : i + 1 < n ? ", " : " or ",
			ids[i]);
}

int
cmd_explain(int argc, char **argv)
{
	struct rules_args a = { .command = "explain" };
	struct strbuf out = STRBUF_INIT;
	struct rules_entry *e;
	int first, rc;

	rc = cli_options_parse(argc, argv, "explain", explain_options,
		ARRAY_LEN(explain_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw explain [options] RULE...",
			"Explains diagnostics: what the rule means, what "
			"behaves differently and why,\nan input that reports "
			"it, and what to do. RULE is the id in brackets at\n"
			"the end of a diagnostic, such as "
			"convert/wildcard-depth; 'ing2gw rules' lists\nthem "
			"all. Exit status 2 for an unknown RULE.",
			explain_options, ARRAY_LEN(explain_options));
		return write_stdout(&out);
	}
	if (first >= argc)
		return cli_usage_error("explain", "give the rule to explain, "
			"such as convert/wildcard-depth ('ing2gw rules' lists "
			"them)");
	e = xcalloc((size_t)(argc - first), sizeof(*e));
	for (int i = first; i < argc; i++) {
		const char *near[3];
		size_t k;
		struct strbuf sb = STRBUF_INIT;

		if (rules_find(argv[i], &e[i - first]))
			continue;
		k = rules_suggest(argv[i], near, ARRAY_LEN(near));
		alternatives(&sb, near, k);
		rc = k ? cli_usage_error("explain", "unknown rule '%s'; did "
			"you mean %s?", argv[i], sb.buf) :
			cli_usage_error("explain", "unknown rule '%s' ('ing2gw "
			"rules' lists them)", argv[i]);
		strbuf_release(&sb);
		free(e);
		strbuf_release(&out);
		return rc;
	}
	if (a.format == RULES_JSON) {
		rules_render(&out, e, (size_t)(argc - first), RULES_JSON);
	} else {
		for (int i = first; i < argc; i++) {
			if (i > first)
				strbuf_addc(&out, '\n');
			rules_explain(&out, &e[i - first]);
		}
	}
	free(e);
	return write_stdout(&out);
}
