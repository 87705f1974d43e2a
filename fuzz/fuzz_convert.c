/*
 * The convert pipeline as `ing2gw convert --provider ingress-nginx` runs
 * it: doc -> Kubernetes objects -> ing_world_load -> conv_run, once with
 * the standard emitter and once with --emitter envoy-gateway; then, as the
 * CLI does, the input documents are dropped before the objects are written
 * as YAML and JSON (a converted object that still borrows from the input
 * is a use after free). The YAML written must read back without an input
 * error, the JSON must be JSON.
 */
#include "compat.h"
#include "fuzz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "convert.h"
#include "emit.h"
#include "ingress.h"
#include "strbuf.h"

static void
check_output(const struct conv_result *res)
{
	const struct doc_node *const *objs =
		(const struct doc_node *const *)res->objects;
	struct strbuf out = STRBUF_INIT;
	struct diag_sink sink = DIAG_SINK_INIT;
	struct doc_set *set;
	json_error_t jerr;
	json_t *j;

	emit_objects(&out, objs, res->nobjects, EMIT_YAML);
	set = doc_set_new(NULL);
	doc_set_parse(set, "out.yaml", out.buf ? out.buf : "", out.len,
		&sink);
	if (sink.input_errors) {
		fprintf(stderr, "fuzz_convert: the YAML written does not "
			"read back: %s:%u:%u: %s\n%s\n", "out.yaml",
			sink.items[0].pos.line, sink.items[0].pos.col,
			sink.items[0].msg, out.buf ? out.buf : "");
		abort();
	}
	doc_set_free(set);
	diag_sink_release(&sink);
	strbuf_release(&out);

	emit_objects(&out, objs, res->nobjects, EMIT_JSON);
	j = json_loadb(out.buf ? out.buf : "", out.len, 0, &jerr);
	if (!j) {
		fprintf(stderr, "fuzz_convert: the JSON written is not JSON: "
			"%d:%d: %s\n%s\n", jerr.line, jerr.column, jerr.text,
			out.buf ? out.buf : "");
		abort();
	}
	json_decref(j);
	strbuf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct fuzz_input in;
	struct ing_world world;
	struct conv_options opts = { 0 };
	struct conv_result std, eg;

	fuzz_input_load(&in, data, size, 0, &sink);
	if (sink.input_errors)
		goto out;
	if (ing_world_load(&world, in.set, &in.objects, &sink)) {
		ing_world_release(&world);
		goto out;
	}
	opts.provider = "ingress-nginx";
	/* vary the layout with the input, not with a selector byte */
	opts.layout = size % 3 == 0 ? CONV_LAYOUT_SHARED : size % 3 == 1 ?
		CONV_LAYOUT_PER_NAMESPACE : CONV_LAYOUT_LISTENERSET;
	opts.target = "standard";
	conv_run(&std, &world, &opts, &sink);
	opts.target = "envoy-gateway";
	conv_run(&eg, &world, &opts, &sink);
	ing_world_release(&world);
	k8s_objects_release(&in.objects);
	doc_set_drop_documents(in.set);
	check_output(&std);
	check_output(&eg);
	conv_result_release(&std);
	conv_result_release(&eg);
out:
	diag_sort(&sink);
	fuzz_input_release(&in);
	diag_sink_release(&sink);
	return 0;
}
