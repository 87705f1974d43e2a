#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "catalogue.h"
#include "commands.h"
#include "diag_rules.h"
#include "exitcode.h"
#include "input.h"
#include "lint.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "report_sarif.h"
#include "source.h"
#include "targets/target.h"

#define DEFAULT_CONFIG ".ing2gw.yaml"

enum {
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_LIST_RULES,
	OPT_CONFIG,
	OPT_COLOR,
	OPT_STDIN_FILENAME,
	OPT_TARGET,
	OPT_HELP,
};

enum lint_format {
	LINT_FMT_TEXT,
	LINT_FMT_JSON,
	LINT_FMT_SARIF,
	LINT_FMT_SCDOC,		/* --list-rules only: the man page section */
};

static const char *const formats[] = { "text", "json", "sarif", "scdoc",
	NULL };
static const char *const severities[] = { "error", "warning", "info", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };

static const struct cli_option lint_options[] = {
	{ "format", 'f', CLI_ARG_VALUE, OPT_FORMAT, "FORMAT",
	  "report format (default text)", formats },
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FILE",
	  "write the report to FILE (atomically) instead of stdout", NULL },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "SEVERITY",
	  "exit 1 when a finding is at least this severe (default error)",
	  severities },
	{ "list-rules", 0, CLI_ARG_NONE, OPT_LIST_RULES, NULL,
	  "list the rules (in --format) and exit", NULL },
	{ "config", 'c', CLI_ARG_VALUE, OPT_CONFIG, "FILE",
	  "rule severities and ignored files: 'rules: [{id: RULE, severity: "
	  "off|info|warning|error}]', 'ignore: [PATTERN]' (default ./"
	  DEFAULT_CONFIG " when it exists)", NULL },
	{ "color", 0, CLI_ARG_VALUE, OPT_COLOR, "WHEN",
	  "colour text on a terminal (default auto)", colors },
	{ "stdin-filename", 0, CLI_ARG_VALUE, OPT_STDIN_FILENAME, "NAME",
	  "report findings in stdin as in file NAME (SARIF needs a path)",
	  NULL },
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "also report what this Gateway API implementation does not support "
	  "by its conformance report ('ing2gw targets' lists them)",
	  tgt_names },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL },
};

struct lint_args {
	enum lint_format format;
	const char *output;
	enum diag_severity fail_on;
	const char *config;
	const char *stdin_name;
	const char *target;
	enum report_color color;
	bool list_rules, help;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct lint_args *a = ctx;

	switch (id) {
	case OPT_FORMAT:
		a->format = !strcmp(v, "json") ? LINT_FMT_JSON :
			!strcmp(v, "sarif") ? LINT_FMT_SARIF :
			!strcmp(v, "scdoc") ? LINT_FMT_SCDOC : LINT_FMT_TEXT;
		break;
	case OPT_OUTPUT: a->output = v; break;
	case OPT_FAIL_ON: diag_severity_parse(v, &a->fail_on); break;
	case OPT_LIST_RULES: a->list_rules = true; break;
	case OPT_CONFIG: a->config = v; break;
	case OPT_STDIN_FILENAME: a->stdin_name = v; break;
	case OPT_TARGET: a->target = v; break;
	case OPT_COLOR:
		a->color = !strcmp(v, "always") ? REPORT_COLOR_ALWAYS :
			!strcmp(v, "never") ? REPORT_COLOR_NEVER :
			REPORT_COLOR_AUTO;
		break;
	case OPT_HELP: a->help = true; break;
	}
	return 0;
}

/*
 * A rule of the diagnostic catalogue (input/... errors of lint) as SARIF
 * rule metadata, so that its results are described like lint's.
 */
static void
sarif_diag_rule(struct report_sarif_rule *r, const struct diag_rule *d)
{
	struct strbuf md = STRBUF_INIT, txt = STRBUF_INIT;

	strbuf_addf(&txt, "%s\n\nExample:\n%s\nWhat to do: %s",
		d->explanation, d->example, d->fix);
	strbuf_addf(&md, "%s\n\nExample:\n\n```yaml\n%s```\n\n"
		"What to do: %s\n", d->explanation, d->example, d->fix);
	r->id = d->id;
	r->level = d->severity;
	r->short_desc = d->summary;
	r->full_desc = d->explanation;
	r->help_text = strbuf_detach(&txt, NULL);
	r->help_markdown = strbuf_detach(&md, NULL);
}

/*
 * The catalogue as SARIF rule metadata, then the rules of the sink that
 * are not lint's, in the order of their first result (where the log
 * would add them); free the array and the help.
 */
static struct report_sarif_rule *
sarif_rules(const struct diag_sink *sink, size_t *n_out)
{
	size_t n, k;
	const struct lint_rule *cat = lint_catalogue(&n);
	struct report_sarif_rule *r = xcalloc(n + sink->len + 1, sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		struct strbuf md = STRBUF_INIT, txt = STRBUF_INIT;

		strbuf_addf(&txt, "%s\n\nReported:\n%s\nFixed:\n%s",
			cat[i].explanation, cat[i].bad, cat[i].good);
		strbuf_addf(&md, "%s\n\nReference: %s"
			"\n\nReported:\n\n```yaml\n%s```\n\nFixed:\n\n"
			"```yaml\n%s```\n", cat[i].explanation, cat[i].refs,
			cat[i].bad, cat[i].good);
		r[i].id = cat[i].id;
		r[i].level = cat[i].severity;
		r[i].short_desc = cat[i].summary;
		r[i].full_desc = cat[i].explanation;
		r[i].help_text = strbuf_detach(&txt, NULL);
		r[i].help_markdown = strbuf_detach(&md, NULL);
	}
	k = n;
	for (size_t i = 0; i < sink->len; i++) {
		const char *id = sink->items[i].rule;
		const struct diag_rule *d = id ? diag_rule_find(id) : NULL;
		bool have = false;

		for (size_t j = n; d && j < k && !have; j++)
			have = !strcmp(r[j].id, id);
		if (d && !have)
			sarif_diag_rule(&r[k++], d);
	}
	*n_out = k;
	return r;
}

static void
sarif_rules_free(struct report_sarif_rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)r[i].help_text);
		free((char *)r[i].help_markdown);
	}
	free(r);
}

/* Text for scdoc: its inline markup characters escaped. */
static void
scdoc_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			strbuf_addc(out, '\\');
		strbuf_addc(out, *s);
	}
}

/* The RULES section of ing2gw-lint(1), from the catalogue. */
static void
scdoc_rules(struct strbuf *out, const struct lint_rule *cat, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "*%s* (%s)\n", cat[i].id,
			diag_severity_name(cat[i].severity));
		strbuf_adds(out, "\t");
		scdoc_text(out, cat[i].summary);
		strbuf_adds(out, ". ");
		scdoc_text(out, cat[i].explanation);
		strbuf_adds(out, "\n\n");
	}
}

static void
list_rules(struct strbuf *out, enum lint_format fmt)
{
	size_t n;
	const struct lint_rule *cat = lint_catalogue(&n);

	if (fmt == LINT_FMT_SCDOC) {
		scdoc_rules(out, cat, n);
	} else if (fmt == LINT_FMT_TEXT) {
		for (size_t i = 0; i < n; i++)
			strbuf_addf(out, "%-36s %-7s %s\n", cat[i].id,
				diag_severity_name(cat[i].severity),
				cat[i].summary);
	} else {
		json_t *root = json_object(), *list = json_array();
		char *dump;

		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object(), *ex = json_object();

			json_object_set_new(o, "id", json_string(cat[i].id));
			json_object_set_new(o, "severity", json_string(
				diag_severity_name(cat[i].severity)));
			json_object_set_new(o, "refs",
				json_string(cat[i].refs));
			json_object_set_new(o, "summary",
				json_string(cat[i].summary));
			json_object_set_new(o, "explanation",
				json_string(cat[i].explanation));
			json_object_set_new(ex, "bad", json_string(cat[i].bad));
			json_object_set_new(ex, "good",
				json_string(cat[i].good));
			json_object_set_new(o, "example", ex);
			json_array_append_new(list, o);
		}
		json_object_set_new(root, "rules", list);
		dump = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		strbuf_adds(out, dump ? dump : "{}");
		strbuf_addc(out, '\n');
		free(dump);
		json_decref(root);
	}
}

static void
render(struct strbuf *out, struct diag_sink *sink,
	const struct lint_result *res, const struct lint_args *a, bool ok)
{
	diag_sort(sink);
	if (a->format == LINT_FMT_JSON) {
		report_json(out, sink);
	} else if (a->format == LINT_FMT_SARIF) {
		struct report_sarif_run run = { 0 };
		size_t n;
		struct report_sarif_rule *rules = sarif_rules(sink, &n);

		run.rules = rules;
		run.nrules = n;
		run.objects = res ? res->objects : NULL;
		run.nobjects = res ? res->len : 0;
		run.success = ok;
		report_sarif(out, sink, &run);
		sarif_rules_free(rules, n);
	} else {
		report_text(out, sink, !a->output &&
			report_use_color(a->color, stdout));
	}
}

/* Findings in stdin are reported as in file name. */
static void
rename_stdin(struct diag_sink *sink, const char *name)
{
	const char *std = source_display_name(SOURCE_STDIN);

	for (size_t i = 0; i < sink->len; i++) {
		struct diag *d = &sink->items[i];

		if (d->pos.file && !strcmp(d->pos.file, std))
			d->pos.file = name;
		for (size_t j = 0; j < d->nnotes; j++)
			if (d->notes[j].pos.file &&
			    !strcmp(d->notes[j].pos.file, std))
				d->notes[j].pos.file = name;
	}
}


int
cmd_lint(int argc, char **argv)
{
	struct lint_args a = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct lint_result res = { 0 };
	struct cli_input in = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct cli_output output;
	const char *config;
	int first, rc;

	a.fail_on = DIAG_ERROR;
	rc = cli_options_parse(argc, argv, "lint", lint_options,
		ARRAY_LEN(lint_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw lint [options] [FILE|DIR|-]...",
			"Checks Gateway API objects (Gateway, GatewayClass, "
			"HTTPRoute, GRPCRoute,\nReferenceGrant) as the API "
			"server would, then the rules it does not enforce,\n"
			"attachment, references and conflicts between routes. "
			"The report goes to\nstdout (or -o FILE). An object "
			"annotation ing2gw.io/disable: \"rule,...\" (or "
			"\"all\")\nturns rules off for that object. Exit 0: "
			"nothing at or "
			"above --fail-on;\n1: findings at or above --fail-on; "
			"2: usage or input error.", lint_options,
			ARRAY_LEN(lint_options));
		fputs(out.buf, stdout);
		strbuf_release(&out);
		return EXIT_CLEAN;
	}
	if (a.format == LINT_FMT_SCDOC && !a.list_rules) {
		fputs("ing2gw lint: '--format scdoc' is only for --list-rules\n"
			"usage: ing2gw lint [options] [FILE|DIR|-]...\n", stderr);
		return EXIT_ERROR;
	}
	if (a.list_rules) {
		if (a.format == LINT_FMT_SARIF)
			render(&out, &sink, NULL, &a, true);
		else
			list_rules(&out, a.format);
		rc = cli_output_write(a.output, out.buf ? out.buf : "",
			out.len) < 0 ? EXIT_ERROR : EXIT_CLEAN;
		strbuf_release(&out);
		return rc;
	}
	/* before the work: a place that cannot be written fails at once */
	if (cli_output_open(&output, a.output) < 0)
		return EXIT_ERROR;
	config = a.config;
	if (!config && access(DEFAULT_CONFIG, F_OK) == 0)
		config = DEFAULT_CONFIG;
	if ((rc = cli_input_load(&in, "lint", argv + first,
	    (size_t)(argc - first), &sink)))
		goto out;
	if (config)
		cli_input_add_file(&in, config);
	if ((rc = cli_input_check_output(&in, &output, "lint")))
		goto out;
	if (config && lint_config_load(&cfg, config, &sink)) {
		rc = EXIT_ERROR;
		goto report;
	}
	cfg.target = tgt_find(a.target);
	if (sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	lint_run(&res, in.set, &in.objects, &cfg, &sink);
	if (diag_count_at_least(&sink, a.fail_on))
		rc = EXIT_FINDINGS;
report:
	if (a.stdin_name)
		rename_stdin(&sink, a.stdin_name);
	if (rc == EXIT_ERROR) {
		/* unusable input: no report at all, the errors on stderr */
		report_write(stderr, &sink, REPORT_TEXT, a.color);
		goto out;
	}
	render(&out, &sink, &res, &a, true);
	if (cli_output_commit(&output, out.buf ? out.buf : "", out.len) < 0)
		rc = EXIT_ERROR;
out:
	cli_output_abort(&output);	/* when not written */
	strbuf_release(&out);
	lint_result_release(&res);
	diag_sink_release(&sink);
	cli_input_release(&in);
	lint_config_release(&cfg);
	return rc;
}
