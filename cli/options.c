#include "compat.h"
#include "options.h"
#include "similar.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("ing2gw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ing2gw %s%s--help' for more information.\n",
		command ? command : "", command ? " " : "");
	return EXIT_ERROR;
}

static int
check_choice(const char *command, const struct cli_option *o,
	const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (!o->choices)
		return 0;
	for (size_t i = 0; o->choices[i]; i++)
		if (!strcmp(o->choices[i], value))
			return 0;
	const char *near = similar_pick(value, o->choices);

	for (size_t i = 0; o->choices[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", o->choices[i]);
	if (near)
		rc = cli_usage_error(command, "'%s' is not a valid value for "
			"--%s; did you mean '%s'? (choose from %s)", value,
			o->long_name, near, sb.buf);
	else
		rc = cli_usage_error(command, "'%s' is not a valid value for "
			"--%s (choose from %s)", value, o->long_name, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int
cli_options_parse(int argc, char **argv, const char *command,
	const struct cli_option *table, size_t n, cli_option_fn fn, void *ctx,
	int *first_arg)
{
	struct option *longopts = xcalloc(n + 1, sizeof(*longopts));
	struct strbuf shorts = STRBUF_INIT;
	int rc = 0;

	strbuf_adds(&shorts, ":");
	for (size_t i = 0; i < n; i++) {
		longopts[i].name = table[i].long_name;
		longopts[i].has_arg = table[i].arg == CLI_ARG_VALUE ?
			required_argument : no_argument;
		longopts[i].val = 256 + (int)i;
		if (table[i].short_name) {
			strbuf_addc(&shorts, table[i].short_name);
			if (table[i].arg == CLI_ARG_VALUE)
				strbuf_addc(&shorts, ':');
		}
	}
	optind = 1;
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shorts.buf, longopts, NULL);
		const struct cli_option *o = NULL;

		if (c == -1)
			break;
		if (c == '?') {
			if (optopt && optopt < 256)
				rc = cli_usage_error(command,
					"unknown option '-%c'", optopt);
			else
				rc = cli_usage_error(command,
					"unknown option '%s'",
					argv[optind - 1]);
			goto out;
		}
		if (c == ':') {
			rc = cli_usage_error(command, "option '%s' needs a "
				"value", argv[optind - 1]);
			goto out;
		}
		if (c >= 256) {
			o = &table[c - 256];
		} else {
			for (size_t i = 0; i < n && !o; i++)
				if (table[i].short_name == c)
					o = &table[i];
		}
		if (!o)
			continue;
		if (o->arg == CLI_ARG_VALUE &&
		    (rc = check_choice(command, o, optarg)))
			goto out;
		if ((rc = fn(ctx, o->id, o->arg == CLI_ARG_VALUE ?
		    optarg : NULL)))
			goto out;
	}
	*first_arg = optind;
out:
	free(longopts);
	strbuf_release(&shorts);
	return rc;
}

void
cli_options_help(struct strbuf *out, const char *usage, const char *summary,
	const struct cli_option *table, size_t n)
{
	strbuf_addf(out, "usage: %s\n\n%s\n\noptions:\n", usage, summary);
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = &table[i];
		struct strbuf left = STRBUF_INIT;

		if (o->short_name)
			strbuf_addf(&left, "-%c, ", o->short_name);
		else
			strbuf_adds(&left, "    ");
		strbuf_addf(&left, "--%s", o->long_name);
		if (o->arg == CLI_ARG_VALUE)
			strbuf_addf(&left, " %s", o->metavar ? o->metavar :
				"VALUE");
		strbuf_addf(out, "  %-30s %s", left.buf, o->help);
		if (o->choices) {
			strbuf_adds(out, " (");
			for (size_t k = 0; o->choices[k]; k++)
				strbuf_addf(out, "%s%s", k ? ", " : "",
					o->choices[k]);
			strbuf_adds(out, ")");
		}
		strbuf_addc(out, '\n');
		strbuf_release(&left);
	}
}
