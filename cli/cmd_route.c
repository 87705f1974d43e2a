#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "exitcode.h"
#include "gateway.h"
#include "input.h"
#include "model/ingress.h"
#include "models.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "request.h"

enum {
	OPT_REQUEST,
	OPT_METHOD,
	OPT_HEADER,
	OPT_CLIENT_IP,
	OPT_GATEWAY,
	OPT_PORT,
	OPT_MODEL,
	OPT_OUTPUT,
};

static const char *const outputs[] = { "text", "json", NULL };

static const struct cli_option route_options[] = {
	{ "request", 'r', CLI_ARG_VALUE, OPT_REQUEST, "'METHOD URL'",
	  "the request, e.g. 'GET http://shop.example.com/api?x=1'", NULL, 0 },
	{ "method", 'X', CLI_ARG_VALUE, OPT_METHOD, "METHOD",
	  "the request method (default: from --request, else GET)", NULL, 0 },
	{ "header", 'H', CLI_ARG_VALUE, OPT_HEADER, "'NAME: VALUE'",
	  "a request header (repeatable)", NULL, 0 },
	{ "client-ip", 0, CLI_ARG_VALUE, OPT_CLIENT_IP, "IP",
	  "the client's address", NULL, 0 },
	{ "gateway", 0, CLI_ARG_VALUE, OPT_GATEWAY, "NS/NAME",
	  "the Gateway whose address receives the request (default: any)",
	  NULL, 0 },
	{ "port", 0, CLI_ARG_VALUE, OPT_PORT, "N",
	  "the destination port (default: from the URL, 80 or 443)", NULL, 0 },
	{ "model", 0, CLI_ARG_VALUE, OPT_MODEL, "MODEL",
	  "the routing model: gateway (Gateway API objects) or a "
	  "controller's (default: from the input, an Ingress's class)",
	  replay_model_choices, 0 },
	CLI_OPTION_FILENAME,
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the decision as text or JSON", outputs, 0 },
	CLI_OPTION_OUTPUT_FILE,
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTIONS_CLUSTER,
	CLI_OPTION_HELP,
};

const struct cli_option *
cmd_route_options(size_t *n)
{
	*n = ARRAY_LEN(route_options);
	return route_options;
}

struct route_args {
	struct cli_common common;
	const char *request;
	const char *method;
	const char **headers;
	size_t nheaders;
	const char *client_ip;
	const char *gateway;
	const char *port;
	const char *model;
	bool json;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct route_args *a = ctx;

	switch (id) {
	case OPT_REQUEST: a->request = v; break;
	case OPT_METHOD: a->method = v; break;
	case OPT_HEADER:
		a->headers = xrealloc(a->headers,
			(a->nheaders + 1) * sizeof(*a->headers));
		a->headers[a->nheaders++] = v;
		break;
	case OPT_CLIENT_IP: a->client_ip = v; break;
	case OPT_GATEWAY: a->gateway = v; break;
	case OPT_PORT: a->port = v; break;
	case OPT_MODEL: a->model = v; break;
	case OPT_OUTPUT: a->json = !strcmp(v, "json"); break;
	default: return cli_common_option(&a->common, id, v);
	}
	return 0;
}

static bool
has_kind(const struct cli_input *in, const char *group_prefix)
{
	for (size_t i = 0; i < in->objects.len; i++)
		if (!strncmp(in->objects.items[i].api_version, group_prefix,
		    strlen(group_prefix)))
			return true;
	return false;
}

static bool
has_service(const struct cli_input *in)
{
	for (size_t i = 0; i < in->objects.len; i++)
		if (!strcmp(in->objects.items[i].kind, "Service") &&
		    !strcmp(in->objects.items[i].api_version, "v1"))
			return true;
	return false;
}

/* The model of the controller whose class the Ingresses name. */
static const struct replay_model *
pick_model(const struct cli_input *in)
{
	struct diag_sink quiet = DIAG_SINK_INIT;
	struct ing_world w;
	const struct replay_model *m;

	ing_world_load(&w, in->set, &in->objects, &quiet);
	m = replay_model_for(&w);
	ing_world_release(&w);
	diag_sink_release(&quiet);
	return m;
}

static int
build_request(struct replay_request *req, const struct route_args *a)
{
	replay_request_init(req);
	if (replay_request_parse(req, a->request))
		return cli_usage_error("route", "'%s' is not a request: give "
			"'METHOD URL', e.g. 'GET http://example.com/path'",
			a->request);
	for (size_t i = 0; i < a->nheaders; i++)
		if (replay_request_add_header_line(req, a->headers[i]))
			return cli_usage_error("route", "'%s' is not a header: "
				"give 'Name: value'", a->headers[i]);
	if (a->method)
		replay_request_set(req, &req->method, a->method);
	if (a->client_ip)
		replay_request_set(req, &req->client_ip, a->client_ip);
	if (a->gateway) {
		if (!strchr(a->gateway, '/'))
			return cli_usage_error("route", "'%s' is not "
				"NAMESPACE/NAME", a->gateway);
		replay_request_set(req, &req->gateway, a->gateway);
	}
	if (a->port) {
		char *end;
		long p = strtol(a->port, &end, 10);

		if (*end || p < 1 || p > 65535)
			return cli_usage_error("route", "'%s' is not a valid "
				"port (1 to 65535)", a->port);
		req->port = (unsigned)p;
	}
	return 0;
}

int
cmd_route(int argc, char **argv)
{
	struct route_args a = { .common = { .command = "route" } };
	struct cli_input_opts iopts = { 0 };
	const char **inputs = NULL;
	size_t ninputs;
	struct diag_sink sink = DIAG_SINK_INIT;
	struct replay_request req;
	struct replay_decision d;
	struct replay_gw *gw = NULL;
	const struct replay_model *ctl = NULL;
	void *ctl_m = NULL;
	struct replay_gw_opts opts = { 0 };
	struct cli_input in = { 0 };
	struct strbuf out = STRBUF_INIT;
	int first, rc;

	rc = cli_options_parse(argc, argv, "route", route_options,
		ARRAY_LEN(route_options), on_option, &a, &first);
	if (rc)
		goto done;
	if (a.common.help) {
		cli_options_help(&out, "ing2gw route --request 'METHOD URL' "
			"[options] [FILE|DIR|URL|-]...",
			"Routes one request through one configuration and "
			"explains the decision: status, backends with their "
			"share of traffic, the request as the backend sees "
			"it, redirect, response headers, and the rule that "
			"matched with its source line. Gateway API objects go "
			"through the Gateway API model, Ingress objects "
			"through the model of the controller their class "
			"names (--model to choose).",
			route_options, ARRAY_LEN(route_options));
		fputs(out.buf, stdout);
		goto done;
	}
	if (!a.request) {
		rc = cli_usage_error("route", "--request 'METHOD URL' is "
			"required");
		goto done;
	}
	if ((rc = build_request(&req, &a))) {
		replay_request_release(&req);
		goto done;
	}
	inputs = cli_common_inputs(&a.common, argv + first,
		(size_t)(argc - first), &ninputs);
	iopts.stdin_name = a.common.stdin_name;
	iopts.cluster = &a.common.cluster;
	if ((rc = cli_input_load_opts(&in, "route", (char *const *)inputs,
	    ninputs, &iopts, &sink)))
		goto release_request;
	if (sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	replay_decision_init(&d);
	d.explain = !a.json;
	if (a.model && strcmp(a.model, "gateway"))
		ctl = replay_model_find(a.model);
	else if (!a.model && !has_kind(&in, "gateway.networking.k8s.io/") &&
	    has_kind(&in, "networking.k8s.io/"))
		ctl = pick_model(&in);
	if (ctl) {
		/* A controller's model (replay/models.h), every Ingress. */
		struct replay_model_opts mo = { 0 };

		mo.assume_services = !has_service(&in);
		ctl->load(&ctl_m, in.set, &mo, &sink);
		ctl->route(ctl_m, &req, &d);
	} else {
		/* Converted output carries no Services: assume they exist. */
		opts.assume_services = !has_service(&in);
		replay_gw_load(&gw, in.set, &opts, &sink);
		replay_gw_route(gw, &req, &d);
	}
	if (a.json) {
		char *text = NULL;

		replay_decision_to_json(&text, &d, 2);
		if (text)
			strbuf_addf(&out, "%s\n", text);
		free(text);
	} else {
		replay_decision_explain(&out, &d);
	}
	rc = cli_output_write(a.common.output_file, out.buf ? out.buf : "",
		out.len) < 0 ? EXIT_ERROR : EXIT_CLEAN;
	if (d.undecided) {
		diag_add(&sink, DIAG_WARNING, "replay/regex-undecided",
			(struct src_pos){ 0 }, "%s: the decision is a guess "
			"(that regex taken as no match)", d.undecided);
		if (rc == EXIT_CLEAN)
			rc = EXIT_FINDINGS;
	}
	replay_decision_release(&d);
	replay_gw_free(gw);
	if (ctl)
		ctl->free(ctl_m);
report:
	report_write(stderr, &sink, REPORT_TEXT, REPORT_COLOR_AUTO);
	cli_input_release(&in);
release_request:
	replay_request_release(&req);
done:
	free(inputs);
	cli_common_release(&a.common);
	free(a.headers);
	strbuf_release(&out);
	diag_sink_release(&sink);
	return rc;
}
