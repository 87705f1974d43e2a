#include "compat.h"
#include "options.h"
#include "similar.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"

const char *cli_program = "ing2gw";

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("ing2gw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s%s--help' for more information.\n",
		cli_program, command ? command : "", command ? " " : "");
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

/* "unknown option '--outptu'; did you mean '--output'?" */
static int
unknown_option(const char *command, const struct cli_option *table,
	size_t n, const char *arg)
{
	const char **names = xcalloc(n + 1, sizeof(*names));
	const char *near = NULL;
	char *word;
	size_t k = 0;
	int rc;

	if (!strncmp(arg, "--", 2) && arg[2]) {
		word = xstrndup(arg + 2, strcspn(arg + 2, "="));
		for (size_t i = 0; i < n; i++)
			if (!(table[i].flags & CLI_OPT_HIDDEN))
				names[k++] = table[i].long_name;
		near = similar_pick(word, names);
		/* an abbreviation of several ("--out"): name them */
		if (!near) {
			size_t len = strlen(word), m = 0;

			for (size_t i = 0; i < k; i++)
				if (!strncmp(names[i], word, len))
					names[m++] = names[i];
			if (m > 1) {
				struct strbuf sb = STRBUF_INIT;

				for (size_t i = 0; i < m; i++)
					strbuf_addf(&sb, "%s'--%s'", !i ? "" :
						i + 1 < m ? ", " : " or ",
						names[i]);
				rc = cli_usage_error(command, "option '%s' is "
					"ambiguous: %s?", arg, sb.buf);
				strbuf_release(&sb);
				free(word);
				free(names);
				return rc;
			}
		}
		free(word);
	}
	if (near)
		rc = cli_usage_error(command, "unknown option '%s'; did you "
			"mean '--%s'?", arg, near);
	else
		rc = cli_usage_error(command, "unknown option '%s'", arg);
	free(names);
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
				rc = unknown_option(command, table, n,
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
		    !(o->flags & (CLI_OPT_HIDDEN | CLI_OPT_OWN_CHECK)) &&
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
cli_wrap(struct strbuf *out, const char *text, size_t start, size_t indent,
	size_t width)
{
	size_t col = start;
	bool first = true;

	for (const char *p = text; *p;) {
		size_t n;

		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " \n");
		if (!first && col + 1 + n > width) {
			strbuf_addc(out, '\n');
			for (size_t i = 0; i < indent; i++)
				strbuf_addc(out, ' ');
			col = indent;
		} else if (!first) {
			strbuf_addc(out, ' ');
			col++;
		}
		strbuf_add(out, p, n);
		col += n;
		p += n;
		first = false;
	}
}

/* Paragraphs ("\n\n" apart) of text, each wrapped to 80 columns. */
static void
paragraphs(struct strbuf *out, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = xstrndup(p, n);

		cli_wrap(out, para, 0, 0, 80);
		strbuf_addc(out, '\n');
		free(para);
		p += n;
		if (*p) {
			strbuf_addc(out, '\n');
			p += 2;
		}
	}
}

enum { HELP_LEFT = 28 };

void
cli_options_help(struct strbuf *out, const char *usage, const char *summary,
	const struct cli_option *table, size_t n)
{
	strbuf_addf(out, "usage: %s\n\n", usage);
	paragraphs(out, summary);
	strbuf_adds(out, "\noptions:\n");
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = &table[i];
		struct strbuf left = STRBUF_INIT, text = STRBUF_INIT;

		if (o->flags & CLI_OPT_HIDDEN)
			continue;
		if (o->short_name)
			strbuf_addf(&left, "  -%c, ", o->short_name);
		else
			strbuf_adds(&left, "      ");
		strbuf_addf(&left, "--%s", o->long_name);
		if (o->arg == CLI_ARG_VALUE)
			strbuf_addf(&left, " %s", o->metavar ? o->metavar :
				"VALUE");
		strbuf_adds(&text, o->help);
		if (o->choices && !(o->flags & CLI_OPT_CHOICES_IN_TEXT)) {
			strbuf_adds(&text, " (");
			for (size_t k = 0; o->choices[k]; k++)
				strbuf_addf(&text, "%s%s", k ? ", " : "",
					o->choices[k]);
			strbuf_adds(&text, ")");
		}
		strbuf_add(out, left.buf, left.len);
		if (left.len + 1 > HELP_LEFT) {
			strbuf_addc(out, '\n');
			for (size_t k = 0; k < HELP_LEFT; k++)
				strbuf_addc(out, ' ');
		} else {
			for (size_t k = left.len; k < HELP_LEFT; k++)
				strbuf_addc(out, ' ');
		}
		cli_wrap(out, text.buf, HELP_LEFT, HELP_LEFT, 80);
		strbuf_addc(out, '\n');
		strbuf_release(&left);
		strbuf_release(&text);
	}
}
