#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "convert.h"
#include "emit.h"
#include "exitcode.h"
#include "ingress.h"
#include "input.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "verify.h"

enum {
	OPT_OUTPUT,
	OPT_FORMAT,
	OPT_DIAGNOSTICS,
	OPT_FAIL_ON,
	OPT_INGRESS_CLASS,
	OPT_GATEWAY_NAME,
	OPT_GATEWAY_NAMESPACE,
	OPT_GATEWAY_CLASS,
	OPT_LAYOUT,
	OPT_PROVIDER,
	OPT_EMITTER,
	OPT_TCP_SERVICES,
	OPT_UDP_SERVICES,
	OPT_COLOR,
	OPT_VERIFY,
	OPT_FORCE,
	OPT_LIST_RULES,
	OPT_HELP,
};

static const char *const formats[] = { "yaml", "json", NULL };
static const char *const diag_formats[] = { "text", "json", NULL };
static const char *const severities[] = { "error", "warning", "info", NULL };
static const char *const layouts[] = { "shared", "per-namespace", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };

static const struct cli_option convert_options[] = {
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FILE",
	  "write the objects to FILE (atomically) instead of stdout", NULL },
	{ "format", 'f', CLI_ARG_VALUE, OPT_FORMAT, "FORMAT",
	  "output format", formats },
	{ "diagnostics", 0, CLI_ARG_VALUE, OPT_DIAGNOSTICS, "FORMAT",
	  "diagnostics format on stderr", diag_formats },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "SEVERITY",
	  "exit 1 when a diagnostic is at least this severe (default error)",
	  severities },
	{ "ingress-class", 0, CLI_ARG_VALUE, OPT_INGRESS_CLASS, "NAME",
	  "convert only the Ingresses of this class", NULL },
	{ "gateway-name", 0, CLI_ARG_VALUE, OPT_GATEWAY_NAME, "NAME",
	  "one Gateway of this name for every class (default: one Gateway "
	  "per class, named after it)", NULL },
	{ "gateway-namespace", 0, CLI_ARG_VALUE, OPT_GATEWAY_NAMESPACE, "NS",
	  "namespace of the shared Gateway (default "
	  CONV_DEFAULT_GATEWAY_NAMESPACE ")", NULL },
	{ "gateway-class", 0, CLI_ARG_VALUE, OPT_GATEWAY_CLASS, "NAME",
	  "gatewayClassName of the Gateways (default: the Ingress class)",
	  NULL },
	{ "layout", 0, CLI_ARG_VALUE, OPT_LAYOUT, "LAYOUT",
	  "shared: one Gateway per class for all namespaces; per-namespace: "
	  "one per class and namespace (default shared)", layouts },
	{ "provider", 0, CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "controller semantics: auto (each Ingress by the controller of "
	  "its class: ingress-nginx, traefik), one controller's for every "
	  "Ingress, or none (Ingress spec only)",
	  conv_provider_names },
	{ "emitter", 0, CLI_ARG_VALUE, OPT_EMITTER, "NAME",
	  "standard: Gateway API objects only, implementation-specific "
	  "annotations get warnings; envoy-gateway: also Envoy Gateway "
	  "policies and filters for them (default standard)",
	  conv_target_names },
	{ "tcp-services", 0, CLI_ARG_VALUE, OPT_TCP_SERVICES, "NS/NAME",
	  "the ConfigMap of ingress-nginx's --tcp-services-configmap "
	  "(default: any ConfigMap named tcp-services)", NULL },
	{ "udp-services", 0, CLI_ARG_VALUE, OPT_UDP_SERVICES, "NS/NAME",
	  "the ConfigMap of ingress-nginx's --udp-services-configmap "
	  "(default: any ConfigMap named udp-services)", NULL },
	{ "color", 0, CLI_ARG_VALUE, OPT_COLOR, "WHEN",
	  "colour diagnostics (default auto: on a terminal without NO_COLOR)",
	  colors },
	{ "verify", 0, CLI_ARG_NONE, OPT_VERIFY, NULL,
	  "replay probes derived from the Ingresses through the input and "
	  "the output; the differences go to stderr (exit 1 when any)",
	  NULL },
	{ "force", 0, CLI_ARG_NONE, OPT_FORCE, NULL,
	  "write the objects even when there are errors (the paths whose "
	  "access checks the target cannot keep answer 500)", NULL },
	{ "list-rules", 0, CLI_ARG_NONE, OPT_LIST_RULES, NULL,
	  "list the diagnostics it can report, and exit",
	  NULL },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL },
};

struct convert_args {
	const char *output;
	enum emit_format format;
	enum report_format diagnostics;
	enum diag_severity fail_on;
	enum report_color color;
	struct conv_options conv;
	bool verify;
	bool force;
	bool list_rules;
	bool help;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct convert_args *a = ctx;

	switch (id) {
	case OPT_OUTPUT: a->output = v; break;
	case OPT_FORMAT: a->format = strcmp(v, "json") ? EMIT_YAML : EMIT_JSON; break;
	case OPT_DIAGNOSTICS:
		a->diagnostics = strcmp(v, "json") ? REPORT_TEXT : REPORT_JSON;
		break;
	case OPT_FAIL_ON: diag_severity_parse(v, &a->fail_on); break;
	case OPT_INGRESS_CLASS: a->conv.ingress_class = v; break;
	case OPT_GATEWAY_NAME: a->conv.gateway_name = v; break;
	case OPT_GATEWAY_NAMESPACE: a->conv.gateway_namespace = v; break;
	case OPT_GATEWAY_CLASS: a->conv.gateway_class = v; break;
	case OPT_LAYOUT:
		a->conv.layout = strcmp(v, "shared") ?
			CONV_LAYOUT_PER_NAMESPACE : CONV_LAYOUT_SHARED;
		break;
	case OPT_PROVIDER:
		a->conv.provider = v;
		break;
	case OPT_EMITTER:
		a->conv.target = v;
		break;
	case OPT_TCP_SERVICES: a->conv.tcp_services = v; break;
	case OPT_UDP_SERVICES: a->conv.udp_services = v; break;
	case OPT_COLOR:
		a->color = !strcmp(v, "always") ? REPORT_COLOR_ALWAYS :
			!strcmp(v, "never") ? REPORT_COLOR_NEVER :
			REPORT_COLOR_AUTO;
		break;
	case OPT_VERIFY: a->verify = true; break;
	case OPT_FORCE: a->force = true; break;
	case OPT_LIST_RULES: a->list_rules = true; break;
	case OPT_HELP: a->help = true; break;
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
	rc = cli_output_write(a->output, out.buf, out.len) < 0 ? EXIT_ERROR :
		EXIT_CLEAN;
	strbuf_release(&out);
	free(e);
	return rc;
}

int
cmd_convert(int argc, char **argv)
{
	struct convert_args a = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct cli_input in;
	struct ing_world world;
	struct conv_result res;
	struct strbuf out = STRBUF_INIT, verify = STRBUF_INIT;
	size_t verify_differ = 0;
	const char *bad;
	int first, rc;

	a.fail_on = DIAG_ERROR;
	rc = cli_options_parse(argc, argv, "convert", convert_options,
		ARRAY_LEN(convert_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw convert [options] [FILE|DIR|-]...",
			"Converts Ingress objects to Gateway API objects. "
			"Objects go to stdout (or -o FILE);\ndiagnostics go "
			"to stderr. Exit 0: done; 1: diagnostics at or above "
			"--fail-on\n(on an error nothing is written unless "
			"--force); 2: usage or input error\n(nothing is "
			"written).", convert_options,
			ARRAY_LEN(convert_options));
		fputs(out.buf, stdout);
		strbuf_release(&out);
		return EXIT_CLEAN;
	}
	if (a.list_rules)
		return list_rules(&a);
	if ((a.conv.gateway_name && (bad = check_name_option(a.conv.gateway_name))) ||
	    (a.conv.gateway_namespace && (bad = check_name_option(a.conv.gateway_namespace))) ||
	    (a.conv.gateway_class && (bad = check_name_option(a.conv.gateway_class))))
		return cli_usage_error("convert", "'%s' is not a valid "
			"Kubernetes name (lower-case a-z, 0-9, '-' and '.')",
			bad);
	if ((a.conv.tcp_services &&
	     (bad = check_ns_name(a.conv.tcp_services))) ||
	    (a.conv.udp_services &&
	     (bad = check_ns_name(a.conv.udp_services))))
		return cli_usage_error("convert", "'%s' is not NAMESPACE/NAME",
			bad);
	if ((rc = cli_input_load(&in, "convert", argv + first,
	    (size_t)(argc - first), &sink)))
		return rc;
	rc = EXIT_CLEAN;
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
		goto report;
	}
	conv_run(&res, &world, &a.conv, &sink);
	if (a.verify)
		verify_differ = cli_verify_conversion(&verify, in.set, &world,
			&res, &sink);
	/* The output tree owns its strings: free the input before writing. */
	ing_world_release(&world);
	k8s_objects_release(&in.objects);
	doc_set_drop_documents(in.set);
	if (diag_count_at_least(&sink, DIAG_ERROR) && !a.force) {
		/* fail closed: a pipeline into kubectl apply applies nothing */
		diag_add(&sink, DIAG_INFO, "convert/not-written",
			(struct src_pos){ 0 }, "%zu error%s: no objects "
			"written%s; fix %s, or give --force to write them "
			"anyway", diag_count_at_least(&sink, DIAG_ERROR),
			diag_count_at_least(&sink, DIAG_ERROR) == 1 ? "" : "s",
			a.output ? arena_printf(&res.arena, " ('%s' is not "
			"created or changed)", a.output) : "",
			diag_count_at_least(&sink, DIAG_ERROR) == 1 ? "it" :
			"them");
		rc = EXIT_FINDINGS;
	} else {
		emit_objects(&out, (const struct doc_node *const *)
			res.objects, res.nobjects, a.format);
		if (cli_output_write(a.output, out.buf ? out.buf : "",
		    out.len) < 0)
			rc = EXIT_ERROR;
		else if (diag_count_at_least(&sink, a.fail_on))
			rc = EXIT_FINDINGS;
	}
	conv_result_release(&res);
report:
	report_write(stderr, &sink, a.diagnostics, a.color);
	if (verify.len)
		fputs(verify.buf, stderr);
	if (verify_differ && rc == EXIT_CLEAN)
		rc = EXIT_FINDINGS;
	strbuf_release(&verify);
	strbuf_release(&out);
	diag_sink_release(&sink);
	cli_input_release(&in);
	return rc;
}
