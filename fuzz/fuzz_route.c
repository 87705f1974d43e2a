/*
 * replay/: both routing models on arbitrary configurations, and requests
 * routed through them, as `ing2gw route`, `replay` and `convert --verify`
 * do. The input is a YAML or JSON configuration; its comment lines carry
 * the requests (YAML skips them):
 *
 *	#> METHOD URL		a request (replay_request_parse)
 *	#: Name: value		a header of the last request
 *
 * Loaded from the input: the ingress-nginx model (replay/ingress) and the
 * Gateway API model (replay/gateway). When the input has Ingresses, they
 * are also converted (provider auto), the conversion written as YAML,
 * read back and loaded into the Gateway API model with the input's
 * Services, as --verify does. Each request, the given ones and up to 32
 * probes generated from the Ingresses, goes through the ingress model and
 * both Gateway API models; the decisions are rendered (JSON, text) and
 * compared.
 */
#include "compat.h"
#include "fuzz.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "convert.h"
#include "emit.h"
#include "gateway.h"
#include "generate.h"
#include "model/ingress.h"
#include "providers/ingress-nginx/model.h"
#include "request.h"
#include "strbuf.h"

#define MAX_REQUESTS 48
#define MAX_PROBES 32

struct models {
	struct replay_ing *ing;
	struct replay_gw *gw;		/* the input's Gateway API objects */
	struct replay_gw *conv;		/* the conversion of its Ingresses */
	struct doc_set *conv_set;
	struct replay_decision di, dg, dc;
	struct replay_diffs diffs;
};

static void
render(struct replay_decision *d)
{
	struct strbuf out = STRBUF_INIT;
	char *json = NULL;
	json_t *j;

	replay_decision_to_json(&json, d, 0);
	free(json);
	replay_decision_explain(&out, d);
	strbuf_release(&out);
	j = replay_backends_json(d);
	json_decref(j);
}

static void
route(struct models *m, const struct replay_request *req)
{
	struct strbuf out = STRBUF_INIT;
	struct replay_compare_opts cmp = {
		.ignore_headers = replay_default_ignored_headers,
	};
	json_t *j;

	while (replay_default_ignored_headers[cmp.nignore_headers])
		cmp.nignore_headers++;
	replay_ing_route(m->ing, req, &m->di);
	replay_gw_route(m->gw, req, &m->dg);
	render(&m->di);
	render(&m->dg);
	replay_compare(&m->diffs, &m->di, &m->dg, &cmp);
	if (m->conv) {
		replay_gw_route(m->conv, req, &m->dc);
		render(&m->dc);
		replay_compare(&m->diffs, &m->di, &m->dc, &cmp);
	}
	j = replay_diffs_json(&m->diffs);
	json_decref(j);
	replay_diffs_text(&out, &m->diffs, "  ");
	strbuf_release(&out);
}

/* The conversion, read back as convert --verify reads it. */
static void
load_conversion(struct models *m, const struct doc_set *set,
	const struct ing_world *world, struct diag_sink *sink)
{
	struct conv_options opts = { 0 };
	struct conv_result res;
	struct strbuf y = STRBUF_INIT;
	struct replay_gw_opts o = {
		.assume_services = !world->nservices,
		.services_from = set,
	};

	conv_run(&res, world, &opts, sink);
	emit_objects(&y, (const struct doc_node *const *)res.objects,
		res.nobjects, EMIT_YAML);
	conv_result_release(&res);
	m->conv_set = doc_set_new(NULL);
	if (!doc_set_parse(m->conv_set, "converted.yaml", y.buf ? y.buf : "",
	    y.len, sink))
		replay_gw_load(&m->conv, m->conv_set, &o, sink);
	strbuf_release(&y);
}

static void
route_lines(struct models *m, const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *line, *next;
	struct replay_request req;
	bool have = false;
	size_t n = 0;

	replay_request_init(&req);
	for (line = text; line && n < MAX_REQUESTS; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "#> ", 3)) {
			if (have)
				route(m, &req);
			replay_request_release(&req);
			replay_request_init(&req);
			have = !replay_request_parse(&req, line + 3);
			n += have;
		} else if (have && !strncmp(line, "#: ", 3)) {
			replay_request_add_header_line(&req, line + 3);
		}
	}
	if (have)
		route(m, &req);
	replay_request_release(&req);
	free(text);
	if (!n) {
		static const char *const dflt[] = {
			"GET http://example.com/",
			"GET https://foo.example.com/api/v1/x?y=1",
			"POST http://default.invalid:8080/a/b/",
		};

		for (size_t i = 0; i < ARRAY_LEN(dflt); i++) {
			replay_request_init(&req);
			replay_request_parse(&req, dflt[i]);
			route(m, &req);
			replay_request_release(&req);
		}
	}
}

static void
route_probes(struct models *m, const struct ing_world *world)
{
	struct replay_probes probes = REPLAY_PROBES_INIT;

	replay_probes_generate(&probes, world);
	for (size_t i = 0; i < probes.len && i < MAX_PROBES; i++) {
		struct replay_request req;

		replay_request_init(&req);
		if (!replay_request_parse(&req, probes.items[i].request)) {
			if (probes.items[i].header)
				replay_request_add_header_line(&req,
					probes.items[i].header);
			route(m, &req);
		}
		replay_request_release(&req);
	}
	replay_probes_release(&probes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct fuzz_input in;
	struct ing_world world;
	struct replay_ing_opts io = { .assume_services = size & 1 };
	struct replay_gw_opts go = { .assume_services = size & 2 };
	struct models m = { 0 };
	bool have_world = false;

	fuzz_input_load(&in, data, size, 0, &sink);
	if (sink.input_errors)
		goto out;
	replay_decision_init(&m.di);
	replay_decision_init(&m.dg);
	replay_decision_init(&m.dc);
	m.dg.explain = true;
	replay_diffs_init(&m.diffs);
	replay_ing_load(&m.ing, in.set, &io, &sink);
	replay_gw_load(&m.gw, in.set, &go, &sink);
	if (!ing_world_load(&world, in.set, &in.objects, &sink) &&
	    world.ningresses) {
		have_world = true;
		load_conversion(&m, in.set, &world, &sink);
	}
	if (m.ing && m.gw) {
		route_lines(&m, data, size);
		if (have_world)
			route_probes(&m, &world);
	}
	ing_world_release(&world);
	replay_decision_release(&m.di);
	replay_decision_release(&m.dg);
	replay_decision_release(&m.dc);
	replay_diffs_release(&m.diffs);
	replay_gw_free(m.conv);
	replay_gw_free(m.gw);
	replay_ing_free(m.ing);
out:
	/* the diagnostics cite both sets' file names: free them last */
	diag_sort(&sink);
	diag_sink_release(&sink);
	doc_set_free(m.conv_set);
	fuzz_input_release(&in);
	return 0;
}
