#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accept.h"
#include "commands.h"
#include "common.h"
#include "convert.h"
#include "emit.h"
#include "exitcode.h"
#include "ingress.h"
#include "input.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "targets/target.h"
#include "verify.h"

enum {
	OPT_OUTPUT,
	OPT_REPORT,
	OPT_REPORT_FILE,
	OPT_FAIL_ON,
	OPT_INGRESS_CLASS,
	OPT_GATEWAY_NAME,
	OPT_GATEWAY_NAMESPACE,
	OPT_GATEWAY_CLASS,
	OPT_LAYOUT,
	OPT_PROVIDER,
	OPT_TARGET,
	OPT_EMITTER,
	OPT_TCP_SERVICES,
	OPT_UDP_SERVICES,
	OPT_VERIFY,
	OPT_FORCE,
	OPT_LIST_RULES,
	OPT_NO_PROVENANCE,
	OPT_CREATE_NAMESPACE,
	OPT_OLD_FORMAT,
	OPT_OLD_DIAGNOSTICS,
};

static const char *const formats[] = { "yaml", "json", NULL };
static const char *const report_formats[] = { "text", "json", "sarif",
	NULL };
static const char *const fail_on_words[] = { "error", "warning", "info",
	"unexplained", "difference", "never", NULL };
static const char *const diff_words[] = { "unexplained", "difference",
	NULL };
static const char *const layouts[] = { "shared", "per-namespace",
	"listenerset", NULL };
static const char *const create_ns[] = { "auto", "always", "never", NULL };
/* --emitter, the old name of --target: "standard" is "generic" */
static const char *const emitters[] = { "standard", "envoy-gateway", NULL };

static const struct cli_option convert_options[] = {
	CLI_OPTION_FILENAME,
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the format of the objects: yaml (default) or json", formats,
	  CLI_OPT_OWN_CHECK | CLI_OPT_CHOICES_IN_TEXT },
	CLI_OPTION_OUTPUT_FILE,
	{ "report", 0, CLI_ARG_VALUE, OPT_REPORT, "FORMAT",
	  "the format of the diagnostics on standard error: text (default), "
	  "json or sarif", report_formats, CLI_OPT_CHOICES_IN_TEXT },
	{ "report-file", 0, CLI_ARG_VALUE, OPT_REPORT_FILE, "FILE",
	  "write the diagnostics to FILE instead of standard error", NULL,
	  CLI_OPT_PATH },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "LIST",
	  "exit 1 for a diagnostic at least this severe (error, the default; "
	  "warning; info) and, with --verify, for an unexplained difference "
	  "(the default) or any difference; comma-separated, or never",
	  fail_on_words, CLI_OPT_OWN_CHECK | CLI_OPT_CHOICES_IN_TEXT },
	CLI_OPTION_CONFIG,
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTIONS_CLUSTER,
	{ "ingress-class", 0, CLI_ARG_VALUE, OPT_INGRESS_CLASS, "NAME",
	  "convert only the Ingresses of this class", NULL, 0 },
	{ "gateway-name", 0, CLI_ARG_VALUE, OPT_GATEWAY_NAME, "NAME",
	  "one Gateway of this name for every class (default: one Gateway "
	  "per class, named after it)", NULL, 0 },
	{ "gateway-namespace", 0, CLI_ARG_VALUE, OPT_GATEWAY_NAMESPACE, "NS",
	  "namespace of the shared Gateway (default "
	  CONV_DEFAULT_GATEWAY_NAMESPACE ")", NULL, 0 },
	{ "gateway-class", 0, CLI_ARG_VALUE, OPT_GATEWAY_CLASS, "NAME",
	  "gatewayClassName of the Gateways (default: the Ingress class)",
	  NULL, 0 },
	{ "layout", 0, CLI_ARG_VALUE, OPT_LAYOUT, "LAYOUT",
	  "shared: one Gateway per class for all namespaces; per-namespace: "
	  "one per class and namespace; listenerset: one per class, its "
	  "HTTPS listeners in a ListenerSet per namespace (default shared)",
	  layouts, 0 },
	{ "provider", 0, CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "controller semantics: auto (each Ingress by the controller of "
	  "its class: ingress-nginx, f5-nginx, traefik, kong, haproxy, "
	  "haproxy-ingress, aws-alb, gce, cilium, istio, apisix), one "
	  "controller's for every Ingress, or none (Ingress spec only)",
	  conv_provider_names, 0 },
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "the Gateway API implementation the objects are for: what it "
	  "lacks and its defaults are reported, envoy-gateway also gets "
	  "its policies ('ing2gw targets' lists them; default generic, "
	  "standard Gateway API)", conv_target_names, 0 },
	{ "emitter", 0, CLI_ARG_VALUE, OPT_EMITTER, "NAME",
	  "the old name of --target: standard is generic", emitters, 0 },
	{ "tcp-services", 0, CLI_ARG_VALUE, OPT_TCP_SERVICES, "NS/NAME",
	  "the ConfigMap of ingress-nginx's --tcp-services-configmap "
	  "(default: any ConfigMap named tcp-services)", NULL, 0 },
	{ "udp-services", 0, CLI_ARG_VALUE, OPT_UDP_SERVICES, "NS/NAME",
	  "the ConfigMap of ingress-nginx's --udp-services-configmap "
	  "(default: any ConfigMap named udp-services)", NULL, 0 },
	{ "create-namespace", 0, CLI_ARG_VALUE, OPT_CREATE_NAMESPACE, "WHEN",
	  "write the Namespace of the Gateways: auto (the default) when it "
	  "is not 'default' and no input object is in it, always, or never",
	  create_ns, CLI_OPT_CHOICES_IN_TEXT },
	{ "no-provenance", 0, CLI_ARG_NONE, OPT_NO_PROVENANCE, NULL,
	  "no annotation " CONV_PROVENANCE_ANNOTATION ": FILE:LINE (the "
	  "Ingress each object comes from) on the objects", NULL, 0 },
	{ "verify", 0, CLI_ARG_NONE, OPT_VERIFY, NULL,
	  "replay probes derived from the Ingresses through the input and "
	  "the output; each difference is a diagnostic", NULL, 0 },
	{ "force", 0, CLI_ARG_NONE, OPT_FORCE, NULL,
	  "write the objects even when there are errors (the paths whose "
	  "access checks the target cannot keep answer 500)", NULL, 0 },
	{ "list-rules", 0, CLI_ARG_NONE, OPT_LIST_RULES, NULL,
	  "list the diagnostics it can report (-o json: in full), and exit",
	  NULL, 0 },
	CLI_OPTION_COLOR("the diagnostics"),
	CLI_OPTION_NO_PROGRESS,
	CLI_OPTION_HELP,
	{ "format", 0, CLI_ARG_VALUE, OPT_OLD_FORMAT, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
	{ "diagnostics", 0, CLI_ARG_VALUE, OPT_OLD_DIAGNOSTICS, NULL, NULL,
	  NULL, CLI_OPT_HIDDEN },
};

const struct cli_option *
cmd_convert_options(size_t *n)
{
	*n = ARRAY_LEN(convert_options);
	return convert_options;
}

struct convert_args {
	struct cli_common common;
	enum emit_format format;
	enum report_format report;
	const char *report_file;
	struct cli_fail_on fail_on;
	struct conv_options conv;
	const char *emitter;		/* --emitter, as --target */
	bool verify;
	bool force;
	bool list_rules;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct convert_args *a = ctx;
	int f = -1;

	switch (id) {
	case OPT_OUTPUT:
		if (cli_common_output(&a->common, v, formats, &f))
			return EXIT_ERROR;
		if (f >= 0)
			a->format = f ? EMIT_JSON : EMIT_YAML;
		break;
	case OPT_REPORT:
		a->report = !strcmp(v, "json") ? REPORT_JSON :
			!strcmp(v, "sarif") ? REPORT_SARIF : REPORT_TEXT;
		break;
	case OPT_REPORT_FILE: a->report_file = v; break;
	case OPT_FAIL_ON:
		return cli_fail_on_parse("convert", v, diff_words,
			&a->fail_on);
	case OPT_INGRESS_CLASS: a->conv.ingress_class = v; break;
	case OPT_GATEWAY_NAME: a->conv.gateway_name = v; break;
	case OPT_GATEWAY_NAMESPACE: a->conv.gateway_namespace = v; break;
	case OPT_GATEWAY_CLASS: a->conv.gateway_class = v; break;
	case OPT_LAYOUT:
		a->conv.layout = !strcmp(v, "shared") ? CONV_LAYOUT_SHARED :
			!strcmp(v, "per-namespace") ?
			CONV_LAYOUT_PER_NAMESPACE : CONV_LAYOUT_LISTENERSET;
		break;
	case OPT_PROVIDER: a->conv.provider = v; break;
	case OPT_TARGET: a->conv.target = v; break;
	case OPT_EMITTER: a->emitter = v; break;
	case OPT_TCP_SERVICES: a->conv.tcp_services = v; break;
	case OPT_UDP_SERVICES: a->conv.udp_services = v; break;
	case OPT_VERIFY: a->verify = true; break;
	case OPT_FORCE: a->force = true; break;
	case OPT_LIST_RULES: a->list_rules = true; break;
	case OPT_NO_PROVENANCE: a->conv.no_provenance = true; break;
	case OPT_CREATE_NAMESPACE:
		a->conv.create_namespace = !strcmp(v, "always") ?
			CONV_CREATE_NS_ALWAYS : !strcmp(v, "never") ?
			CONV_CREATE_NS_NEVER : CONV_CREATE_NS_AUTO;
		break;
	case OPT_OLD_FORMAT:
		return cli_renamed("convert", "--format", "'-o/--output "
			"FORMAT' (yaml, json), as in kubectl");
	case OPT_OLD_DIAGNOSTICS:
		return cli_renamed("convert", "--diagnostics", "'--report "
			"FORMAT' (text, json, sarif)");
	default:
		return cli_common_option(&a->common, id, v);
	}
	return 0;
}

static const char *
check_name_option(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.'))
			return v;
	if (!*v || *v == '-' || *v == '.' || strlen(v) > 253)
		return v;
	return NULL;
}

static const char *
check_ns_name(const char *v)
{
	const char *sl = strchr(v, '/');
	char ns[254];

	if (!sl || (size_t)(sl - v) >= sizeof(ns))
		return v;
	memcpy(ns, v, (size_t)(sl - v));
	ns[sl - v] = '\0';
	return check_name_option(ns) || check_name_option(sl + 1) ? v : NULL;
}

/* What convert can report: its rules and those of reading the input. */
static int
list_rules(const struct convert_args *a)
{
	struct strbuf out = STRBUF_INIT;
	size_t n;
	struct rules_entry *e = rules_collect(RULES_INPUT | RULES_CONVERT, &n);
	int rc;

	rules_render(&out, e, n, a->format == EMIT_JSON ? RULES_JSON :
		RULES_TEXT);
	rc = cli_output_write(a->common.output_file, out.buf, out.len) < 0 ?
		EXIT_ERROR : EXIT_CLEAN;
	strbuf_release(&out);
	free(e);
	return rc;
}

static int
usage_checks(const struct convert_args *a)
{
	const char *bad;

	if ((a->conv.gateway_name &&
	     (bad = check_name_option(a->conv.gateway_name))) ||
	    (a->conv.gateway_namespace &&
	     (bad = check_name_option(a->conv.gateway_namespace))) ||
	    (a->conv.gateway_class &&
	     (bad = check_name_option(a->conv.gateway_class))))
		return cli_usage_error("convert", "'%s' is not a valid "
			"Kubernetes name (lower-case a-z, 0-9, '-' and '.')",
			bad);
	if ((a->conv.tcp_services &&
	     (bad = check_ns_name(a->conv.tcp_services))) ||
	    (a->conv.udp_services &&
	     (bad = check_ns_name(a->conv.udp_services))))
		return cli_usage_error("convert", "'%s' is not NAMESPACE/NAME",
			bad);
	if (a->report_file && a->common.output_file &&
	    !strcmp(a->report_file, a->common.output_file))
		return cli_usage_error("convert", "--report-file and "
			"--output-file name the same file '%s'",
			a->report_file);
	return 0;
}

/* The diagnostics, to stderr or --report-file; -1 when not written. */
static int
write_report(const struct convert_args *a, struct diag_sink *sink,
	long written, struct cli_output *to)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_opts o = {
		.format = a->report,
		.color = !a->report_file &&
			report_use_color(a->common.color, stderr),
		.command = "convert",
		.count = written,
		.what = written == 1 ? "object written" : "objects written",
	};
	int rc = 0;

	report_render(&sb, sink, &o);
	if (a->report_file) {
		rc = cli_output_commit(to, sb.buf ? sb.buf : "", sb.len);
	} else if (sb.len) {
		fwrite(sb.buf, 1, sb.len, stderr);
		fflush(stderr);
	}
	strbuf_release(&sb);
	return rc;
}

/* Once nothing borrows from the input any more; file names stay. */
static void
release_input(struct ing_world *world, struct cli_input *in)
{
	ing_world_release(world);
	k8s_objects_release(&in->objects);
	doc_set_drop_documents(in->set);
}

/*
 * Writing the objects as they are built: a few megabytes of trees at a
 * time (then the arena is emptied), and the text in pieces of
 * WRITE_CHUNK bytes, instead of every tree and the whole text at once.
 */
enum { WRITE_CHUNK = 256 * 1024, TREES_MAX = 4 * 1024 * 1024 };

struct stream_writer {
	struct conv_stream *stream;
	enum emit_format format;
};

static int
write_stream(void *ctx, int fd)
{
	struct stream_writer *sw = ctx;
	struct arena trees = ARENA_INIT;
	struct strbuf text = STRBUF_INIT;
	struct emit_stream es;
	size_t n = conv_stream_count(sw->stream);
	int rc = 0, err;

	emit_stream_begin(&es, &text, sw->format);
	for (size_t i = 0; i < n && !rc; i++) {
		/* the strings are the IR's and the input's, which outlive
		 * the trees */
		doc_builder_borrow(&trees);
		if (emit_stream_object(&es, conv_stream_build(sw->stream, i,
		    &trees))) {
			errno = ENOMEM;
			rc = -1;
		}
		if (trees.total >= TREES_MAX) {
			conv_stream_forget(sw->stream);
			arena_release(&trees);
		}
		if (!rc && text.len >= WRITE_CHUNK) {
			rc = cli_output_fd_write(fd, text.buf, text.len);
			strbuf_reset(&text);
		}
	}
	if (!rc) {
		emit_stream_end(&es);
		rc = cli_output_fd_write(fd, text.buf ? text.buf : "",
			text.len);
	}
	err = errno;		/* what the caller reports */
	conv_stream_forget(sw->stream);
	arena_release(&trees);
	strbuf_release(&text);
	errno = err;
	return rc;
}

int
cmd_convert(int argc, char **argv)
{
	struct convert_args a = { .common = { .command = "convert" } };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct cli_input in = { 0 };
	struct cli_input_opts iopts = { 0 };
	struct ing_world world;
	struct conv_result res;
	struct cli_verify verify = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct cli_output output = { .fd = -1 }, report_out = { .fd = -1 };
	const char **inputs = NULL;
	size_t ninputs;
	long written = 0;
	struct conv_stream *stream = NULL;
	int first, rc;

	a.fail_on = (struct cli_fail_on){ DIAG_ERROR, CLI_DIFF_UNEXPLAINED };
	rc = cli_options_parse(argc, argv, "convert", convert_options,
		ARRAY_LEN(convert_options), on_option, &a, &first);
	if (rc)
		goto done;
	if (a.common.help) {
		cli_options_help(&out, "ing2gw convert [options] "
			"[FILE|DIR|URL|-]...",
			"Converts Ingress objects to Gateway API objects. The "
			"objects go to standard output (or --output-file), "
			"the diagnostics to standard error (or --report-file), "
			"ending in a summary line.\n\n"
			"Inputs: files, directories (their .yaml, .yml and "
			".json files), http(s) URLs, - for standard input, or "
			"the live cluster (--context, -n, -A). Files that hold "
			"no Kubernetes object and Helm templates are skipped "
			"with a note; an object read twice is one object.\n\n"
			"Exit 0: done; 1: diagnostics at or above --fail-on "
			"(on an error nothing is written unless --force); 2: "
			"usage or input error (nothing is written).",
			convert_options, ARRAY_LEN(convert_options));
		fputs(out.buf, stdout);
		goto done;
	}
	if (a.list_rules) {
		rc = list_rules(&a);
		goto done;
	}
	if (a.emitter && a.conv.target &&
	    tgt_find(a.emitter) != tgt_find(a.conv.target)) {
		rc = cli_usage_error("convert", "--emitter %s and --target "
			"%s disagree (--emitter is the old name of --target)",
			a.emitter, a.conv.target);
		goto done;
	}
	if (a.emitter)
		a.conv.target = a.emitter;
	if ((rc = usage_checks(&a)))
		goto done;
	/* before the work: a place that cannot be written fails at once */
	if (cli_output_open(&output, a.common.output_file) < 0 ||
	    (a.report_file && cli_output_open(&report_out,
	    a.report_file) < 0)) {
		rc = EXIT_ERROR;
		goto done;
	}
	if ((rc = cli_accept_check_output(a.common.config, &output,
	    "convert")) || (rc = cli_accept_check_output(a.common.config,
	    &report_out, "convert")))
		goto done;
	cli_common_report(&a.common, &sink);
	/* tens of thousands of findings on a large estate: format them as
	 * they are printed */
	diag_sink_defer(&sink);
	rc = EXIT_CLEAN;
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
	if ((rc = cli_input_load_opts(&in, "convert", (char *const *)inputs,
	    ninputs, &iopts, &sink)))
		goto done;
	if ((rc = cli_input_check_output(&in, &output, "convert")) ||
	    (rc = cli_input_check_output(&in, &report_out, "convert")))
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
	if (!world.ningresses) {
		diag_add(&sink, DIAG_INFO, "input/no-ingress",
			(struct src_pos){ 0 }, "no Ingress objects in the "
			"input (%zu objects read); nothing to convert",
			in.objects.len);
		ing_world_release(&world);
		cli_accept_apply(&cfg, &in, &sink);
		goto report;
	}
	if (a.verify) {
		conv_run(&res, &world, &a.conv, &sink);
		cli_verify_conversion(&verify, in.set, &world, &res,
			a.conv.provider, &sink);
		cli_accept_apply(&cfg, &in, &sink);
		/* The output tree owns its strings: free the input before
		 * writing. */
		release_input(&world, &in);
	} else {
		/* The objects are built as they are written, from the IR,
		 * which borrows from the input. */
		memset(&res, 0, sizeof(res));
		conv_stream_open(&stream, &res.arena, &world, &a.conv, &sink);
		cli_accept_apply(&cfg, &in, &sink);
	}
	if (diag_count_at_least(&sink, DIAG_ERROR) && !a.force) {
		size_t ne = diag_count_at_least(&sink, DIAG_ERROR);

		/* fail closed: a pipeline into kubectl apply applies nothing */
		diag_add(&sink, DIAG_INFO, "convert/not-written",
			(struct src_pos){ 0 }, "%zu error%s: no objects "
			"written%s; fix %s, or give --force to write them "
			"anyway", ne, ne == 1 ? "" : "s",
			a.common.output_file ? arena_printf(&res.arena,
			" ('%s' is not created or changed)",
			a.common.output_file) : "", ne == 1 ? "it" : "them");
		rc = EXIT_FINDINGS;
	} else {
		int w;

		if (stream) {
			struct stream_writer sw = { stream, a.format };

			w = cli_output_produce(&output, write_stream, &sw);
		} else {
			emit_objects(&out, (const struct doc_node *const *)
				res.objects, res.nobjects, a.format);
			w = cli_output_commit(&output, out.buf ? out.buf : "",
				out.len);
		}
		if (w < 0) {
			rc = EXIT_ERROR;
		} else {
			written = (long)(stream ? conv_stream_count(stream) :
				res.nobjects);
			if (cli_fail_on_count(&a.fail_on, &sink))
				rc = EXIT_FINDINGS;
		}
	}
	if (rc == EXIT_CLEAN && verify.differ &&
	    ((a.fail_on.diff == CLI_DIFF_UNEXPLAINED &&
	      verify.differ > verify.explained) ||
	     a.fail_on.diff >= CLI_DIFF_DIFFERENCE))
		rc = EXIT_FINDINGS;
	if (stream) {
		conv_stream_close(stream);
		release_input(&world, &in);
	}
	conv_result_release(&res);
report:
	cli_output_abort(&output);	/* when not written */
	if (write_report(&a, &sink, written, &report_out) < 0)
		rc = EXIT_ERROR;
done:
	cli_output_abort(&output);
	cli_output_abort(&report_out);
	free(inputs);
	strbuf_release(&out);
	diag_sink_release(&sink);
	cli_input_release(&in);
	lint_config_release(&cfg);
	cli_common_release(&a.common);
	return rc;
}
