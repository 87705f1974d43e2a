/*
 * model/doc: one YAML stream or JSON text, parsed as a file named .yaml
 * (YAML, or JSON recognised by its first character) and as a file named
 * .json (always JSON). The documents are walked, written back as YAML and
 * JSON (emit), and collected as Kubernetes objects.
 */
#include "compat.h"
#include "fuzz.h"

#include "emit.h"
#include "strbuf.h"

static void
one(const uint8_t *data, size_t size, int json)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct fuzz_input in;
	struct strbuf out = STRBUF_INIT;
	const struct doc_node *roots[16];
	size_t n = 0;

	fuzz_input_load(&in, data, size, json, &sink);
	for (size_t i = 0; i < doc_set_count(in.set); i++) {
		const struct doc_node *r = doc_set_root(in.set, i);

		fuzz_walk(r, 0);
		(void)doc_pos(in.set, r);
		if (n < ARRAY_LEN(roots))
			roots[n++] = r;
	}
	emit_objects(&out, roots, n, EMIT_YAML);
	strbuf_release(&out);
	emit_objects(&out, roots, n, EMIT_JSON);
	strbuf_release(&out);
	diag_sort(&sink);
	fuzz_input_release(&in);
	diag_sink_release(&sink);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, 0);
	one(data, size, 1);
	return 0;
}
