#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "accept.h"
#include "catalogue.h"
#include "commands.h"
#include "common.h"
#include "diag_rules.h"
#include "exitcode.h"
#include "input.h"
#include "lint.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "report_sarif.h"
#include "sarif_rules.h"
#include "source.h"
#include "targets/target.h"

enum {
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_LIST_RULES,
	OPT_TARGET,
	OPT_OLD_FORMAT,
};

enum lint_format {
	LINT_FMT_TEXT,
	LINT_FMT_JSON,
	LINT_FMT_SARIF,
	LINT_FMT_SCDOC,		/* --list-rules only: the man page section */
};

static const char *const formats[] = { "text", "json", "sarif", "scdoc",
	NULL };
static const char *const severities[] = { "error", "warning", "info",
	"never", NULL };

static const struct cli_option lint_options[] = {
	CLI_OPTION_FILENAME,
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the report format: text (default), json, sarif, or scdoc (for "
	  "--list-rules)", formats, CLI_OPT_OWN_CHECK |
	  CLI_OPT_CHOICES_IN_TEXT },
	CLI_OPTION_OUTPUT_FILE,
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "SEVERITY",
	  "exit 1 when a finding is at least this severe: error (default), "
	  "warning, info, or never", severities, CLI_OPT_OWN_CHECK |
	  CLI_OPT_CHOICES_IN_TEXT },
	{ "list-rules", 0, CLI_ARG_NONE, OPT_LIST_RULES, NULL,
	  "list the rules (in the -o format) and exit", NULL, 0 },
	CLI_OPTION_CONFIG,
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "also report what this Gateway API implementation does not support "
	  "by its conformance report ('ing2gw targets' lists them)",
	  tgt_names, 0 },
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTIONS_CLUSTER,
	CLI_OPTION_COLOR("the text report"),
	CLI_OPTION_NO_PROGRESS,
	CLI_OPTION_HELP,
	{ "format", 0, CLI_ARG_VALUE, OPT_OLD_FORMAT, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
};

const struct cli_option *
cmd_lint_options(size_t *n)
{
	*n = ARRAY_LEN(lint_options);
	return lint_options;
}

struct lint_args {
	struct cli_common common;
	enum lint_format format;
	struct cli_fail_on fail_on;
	const char *target;
	bool list_rules;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct lint_args *a = ctx;
	int f = -1;

	switch (id) {
	case OPT_OUTPUT:
		if (cli_common_output(&a->common, v, formats, &f))
			return EXIT_ERROR;
		if (f >= 0)
			a->format = (enum lint_format)f;
		break;
	case OPT_FAIL_ON:
		return cli_fail_on_parse("lint", v, NULL, &a->fail_on);
	case OPT_LIST_RULES: a->list_rules = true; break;
	case OPT_TARGET: a->target = v; break;
	case OPT_OLD_FORMAT:
		return cli_renamed("lint", "--format", "'-o/--output FORMAT' "
			"(text, json, sarif), as in kubectl");
	default:
		return cli_common_option(&a->common, id, v);
	}
	return 0;
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
	struct report_sarif_run run = { 0 };
	struct report_opts o = {
		.format = a->format == LINT_FMT_JSON ? REPORT_JSON :
			a->format == LINT_FMT_SARIF ? REPORT_SARIF :
			REPORT_TEXT,
		.color = !a->common.output_file &&
			report_use_color(a->common.color, stdout),
		.command = "lint",
		.count = res ? (long)res->nobjects_linted : -1,
		.what = res && res->nobjects_linted == 1 ? "object checked" :
			"objects checked",
		.sarif = &run,
		/* a clean lint prints nothing, as linters do */
		.quiet_when_clean = true,
	};
	size_t n = 0;
	struct report_sarif_rule *rules = NULL;

	if (o.format == REPORT_SARIF) {
		rules = cli_sarif_rules(sink, true, &n);
		run.rules = rules;
		run.nrules = n;
		run.objects = res ? res->objects : NULL;
		run.nobjects = res ? res->len : 0;
		run.success = ok;
	}
	report_render(out, sink, &o);
	cli_sarif_rules_free(rules, n);
}

static int
write_out(const struct lint_args *a, struct strbuf *out)
{
	return cli_output_write(a->common.output_file, out->buf ? out->buf :
		"", out->len) < 0 ? -1 : 0;
}

int
cmd_lint(int argc, char **argv)
{
	struct lint_args a = { .common = { .command = "lint" } };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct lint_result res = { 0 };
	struct cli_input in = { 0 };
	struct cli_input_opts iopts = { 0 };
	struct strbuf out = STRBUF_INIT;
	const char **inputs = NULL;
	size_t ninputs;
	struct cli_output output = { .fd = -1 };
	int first, rc;

	a.fail_on.severity = DIAG_ERROR;
	rc = cli_options_parse(argc, argv, "lint", lint_options,
		ARRAY_LEN(lint_options), on_option, &a, &first);
	if (rc)
		goto out;
	if (a.common.help) {
		cli_options_help(&out, "ing2gw lint [options] "
			"[FILE|DIR|URL|-]...",
			"Checks Gateway API objects (Gateway, GatewayClass, "
			"HTTPRoute, GRPCRoute, ReferenceGrant) as the API "
			"server would, then the rules it does not enforce, "
			"attachment, references and conflicts between routes; "
			"and Ingress objects. The report goes to standard "
			"output (or --output-file), ending in a summary line "
			"in text.\n\n"
			"An annotation ing2gw.io/disable: \"RULE,...\" (or "
			"\"all\") turns rules off for its object; "
			".ing2gw.yaml changes severities and skips files.\n\n"
			"Exit 0: nothing at or above --fail-on; 1: findings "
			"at or above --fail-on; 2: usage or input error.",
			lint_options, ARRAY_LEN(lint_options));
		fputs(out.buf, stdout);
		goto out;
	}
	if (a.format == LINT_FMT_SCDOC && !a.list_rules) {
		rc = cli_usage_error("lint", "'-o scdoc' is only for "
			"--list-rules");
		goto out;
	}
	if (a.list_rules) {
		if (a.format == LINT_FMT_SARIF)
			render(&out, &sink, NULL, &a, true);
		else
			list_rules(&out, a.format);
		rc = write_out(&a, &out) ? EXIT_ERROR : EXIT_CLEAN;
		goto out;
	}
	/* before the work: a place that cannot be written fails at once */
	if (cli_output_open(&output, a.common.output_file) < 0) {
		rc = EXIT_ERROR;
		goto out;
	}
	if ((rc = cli_accept_check_output(a.common.config, &output, "lint")))
		goto out;
	cli_common_report(&a.common, &sink);
	rc = EXIT_CLEAN;
	if (cli_accept_load(&cfg, a.common.config, &sink)) {
		rc = EXIT_ERROR;
		goto report;
	}
	cfg.target = tgt_find(a.target);
	inputs = cli_common_inputs(&a.common, argv + first,
		(size_t)(argc - first), &ninputs);
	iopts.stdin_name = a.common.stdin_name;
	iopts.ignore = cfg.ignore;
	iopts.nignore = cfg.nignore;
	iopts.cluster = &a.common.cluster;
	iopts.progress = !a.common.no_progress;
	if ((rc = cli_input_load_opts(&in, "lint", (char *const *)inputs,
	    ninputs, &iopts, &sink)))
		goto out;
	if ((rc = cli_input_check_output(&in, &output, "lint")))
		goto out;
	if (sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	lint_run(&res, in.set, &in.objects, &cfg, &sink);
	cli_accept_apply(&cfg, &in, &sink);
	if (cli_fail_on_count(&a.fail_on, &sink))
		rc = EXIT_FINDINGS;
report:
	if (rc == EXIT_ERROR) {
		/* unusable input: no report at all, the errors on stderr */
		report_write(stderr, &sink, REPORT_TEXT, a.common.color);
		goto out;
	}
	render(&out, &sink, &res, &a, true);
	if (cli_output_commit(&output, out.buf ? out.buf : "", out.len) < 0)
		rc = EXIT_ERROR;
out:
	cli_output_abort(&output);	/* when not written */
	free(inputs);
	strbuf_release(&out);
	lint_result_release(&res);
	diag_sink_release(&sink);
	cli_input_release(&in);
	lint_config_release(&cfg);
	cli_common_release(&a.common);
	return rc;
}
