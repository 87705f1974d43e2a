/*
 * ing2gw audit [options] [FILE|DIR|-]...: the first step of a migration.
 * Reads what convert reads and reports the estate (inventory, annotation
 * use), whether each Ingress converts exactly, with changes or is
 * blocked, and the same for every target, ranked (audit/audit.h).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accept.h"
#include "audit/audit.h"
#include "commands.h"
#include "common.h"
#include "convert.h"
#include "exitcode.h"
#include "ingress.h"
#include "input.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "targets/target.h"

enum {
	OPT_OUTPUT,
	OPT_TARGET,
	OPT_FAIL_ON,
	OPT_PROVIDER,
};

enum aformat { AF_TEXT, AF_JSON, AF_MARKDOWN, AF_HTML };

static const char *const formats[] = { "text", "json", "markdown", "html",
	NULL };
static const char *const fail_ons[] = { "blocked", "changes", NULL };

static const struct cli_option audit_options[] = {
	CLI_OPTION_FILENAME,
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTION_CONFIG,
	CLI_OPTIONS_CLUSTER,
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the report's format (default text); markdown suits a pull "
	  "request comment, html is one self-contained page", formats, 0 },
	CLI_OPTION_OUTPUT_FILE,
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "evaluate this target (repeatable; default: every target, 'ing2gw "
	  "targets' lists them)", tgt_names, 0 },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "STATUS",
	  "with one --target: exit 1 when an Ingress is blocked on it "
	  "(blocked), or does not convert exactly (changes)", fail_ons, 0 },
	{ "provider", 0, CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "controller semantics, as for convert (default auto)",
	  conv_provider_names, 0 },
	CLI_OPTION_NO_PROGRESS,
	CLI_OPTION_HELP,
};

const struct cli_option *
cmd_audit_options(size_t *n)
{
	*n = ARRAY_LEN(audit_options);
	return audit_options;
}

struct audit_args {
	struct cli_common common;
	enum aformat format;
	const char **targets;
	size_t ntargets;
	const char *fail_on;
	const char *provider;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct audit_args *a = ctx;

	switch (id) {
	case OPT_OUTPUT:
		a->format = !strcmp(v, "json") ? AF_JSON :
			!strcmp(v, "markdown") ? AF_MARKDOWN :
			!strcmp(v, "html") ? AF_HTML : AF_TEXT;
		break;
	case OPT_TARGET:
		a->targets = xrealloc(a->targets, (a->ntargets + 1) *
			sizeof(*a->targets));
		a->targets[a->ntargets++] = v;
		break;
	case OPT_FAIL_ON: a->fail_on = v; break;
	case OPT_PROVIDER: a->provider = v; break;
	default: return cli_common_option(&a->common, id, v);
	}
	return 0;
}

/* The one target --fail-on applies to, or NULL when not exactly one. */
static const struct tgt_table *
single_target(const struct audit_args *a)
{
	const struct tgt_table *t = NULL;

	for (size_t i = 0; i < a->ntargets; i++) {
		const struct tgt_table *ti = tgt_find(a->targets[i]);

		if (t && ti != t)
			return NULL;
		t = ti;
	}
	return t;
}

static void
render(struct strbuf *out, const struct audit_report *r, enum aformat f)
{
	switch (f) {
	case AF_TEXT: audit_render_text(out, r); break;
	case AF_JSON: audit_render_json(out, r); break;
	case AF_MARKDOWN: audit_render_markdown(out, r); break;
	case AF_HTML: audit_render_html(out, r); break;
	}
}

/* Whether an Ingress has status fail (or worse) on target t. */
static bool
failing(const struct audit_report *r, const struct tgt_table *t,
	enum audit_status fail)
{
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct audit_target *at = &r->targets[i];

		if (at->t != t)
			continue;
		for (size_t s = fail; s < AUDIT_NSTATUS; s++)
			if (at->counts[s])
				return true;
	}
	return false;
}

static int
usage(void)
{
	struct strbuf out = STRBUF_INIT;

	cli_options_help(&out, "ing2gw audit [options] [FILE|DIR|URL|-]...",
		"Reports what an Ingress estate is made of (inventory, "
		"annotations) and, for every target, how many Ingresses "
		"convert exactly, with changes or not without manual work "
		"(blocked), what blocks them, and a ranking. Reads what "
		"convert reads, the live cluster too.\n\n"
		"Exit 0: report written; 1: --fail-on and an Ingress blocked "
		"(or changed) on the target; 2: usage or input error "
		"(nothing is written).", audit_options,
		ARRAY_LEN(audit_options));
	fputs(out.buf, stdout);
	strbuf_release(&out);
	return EXIT_CLEAN;
}

int
cmd_audit(int argc, char **argv)
{
	struct audit_args a = { .common = { .command = "audit" } };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct cli_input in = { 0 };
	struct cli_input_opts iopts = { 0 };
	struct cli_output output = { .fd = -1 };
	struct ing_world world;
	struct audit_report report;
	struct audit_options opts = { 0 };
	struct strbuf out = STRBUF_INIT;
	const struct tgt_table *only = NULL;
	const char **inputs = NULL;
	size_t ninputs;
	int first, rc;

	rc = cli_options_parse(argc, argv, "audit", audit_options,
		ARRAY_LEN(audit_options), on_option, &a, &first);
	if (rc)
		goto done;
	if (a.common.help) {
		rc = usage();
		goto done;
	}
	if (a.fail_on && !(only = single_target(&a))) {
		rc = cli_usage_error("audit", "--fail-on %s needs one "
			"--target: the target the migration is for", a.fail_on);
		goto done;
	}
	/* before the work: a place that cannot be written fails at once */
	if (cli_output_open(&output, a.common.output_file) < 0) {
		rc = EXIT_ERROR;
		goto done;
	}
	if ((rc = cli_accept_check_output(a.common.config, &output,
	    "audit")))
		goto done;
	cli_common_report(&a.common, &sink);
	if (cli_accept_load(&cfg, a.common.config, &sink)) {
		rc = EXIT_ERROR;
		goto report;
	}
	inputs = cli_common_inputs(&a.common, argv + first,
		(size_t)(argc - first), &ninputs);
	iopts.stdin_name = a.common.stdin_name;
	iopts.ignore = cfg.ignore;
	iopts.nignore = cfg.nignore;
	iopts.cluster = &a.common.cluster;
	iopts.progress = !a.common.no_progress;
	if ((rc = cli_input_load_opts(&in, "audit", (char *const *)inputs,
	    ninputs, &iopts, &sink)))
		goto done;
	if ((rc = cli_input_check_output(&in, &output, "audit")))
		goto done;
	if (sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	if (ing_world_load(&world, in.set, &in.objects, &sink)) {
		ing_world_release(&world);
		rc = EXIT_ERROR;
		goto report;
	}
	opts.targets = a.ntargets ? a.targets : NULL;
	opts.ntargets = a.ntargets;
	opts.provider = a.provider;
	if (audit_run(&report, &world, &opts)) {
		/* the option tables hold the registries' names */
		rc = cli_usage_error("audit", "unknown target or provider");
	} else {
		render(&out, &report, a.format);
		if (cli_output_commit(&output, out.buf ? out.buf : "",
		    out.len) < 0)
			rc = EXIT_ERROR;
		else if (a.fail_on && failing(&report, only,
		    strcmp(a.fail_on, "changes") ? AUDIT_BLOCKED :
		    AUDIT_CHANGES))
			rc = EXIT_FINDINGS;
	}
	audit_report_release(&report);
	ing_world_release(&world);
	cli_accept_apply(&cfg, &in, &sink);
report:
	cli_output_abort(&output);	/* when not written */
	report_write(stderr, &sink, REPORT_TEXT, a.common.color);
done:
	cli_output_abort(&output);
	cli_input_release(&in);
	strbuf_release(&out);
	diag_sink_release(&sink);
	lint_config_release(&cfg);
	cli_common_release(&a.common);
	free(inputs);
	free(a.targets);
	return rc;
}
