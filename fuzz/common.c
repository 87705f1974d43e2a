#include "compat.h"
#include "fuzz.h"

#include <string.h>

void
fuzz_input_load(struct fuzz_input *in, const uint8_t *data, size_t size,
	int json, struct diag_sink *sink)
{
	struct doc_limits limits = doc_limits_default();

	memset(in, 0, sizeof(*in));
	in->set = doc_set_new(&limits);
	doc_set_parse(in->set, json ? "fuzz.json" : "fuzz.yaml",
		(const char *)data, size, sink);
	if (!sink->input_errors)
		k8s_objects_collect(&in->objects, in->set, sink);
}

void
fuzz_input_release(struct fuzz_input *in)
{
	k8s_objects_release(&in->objects);
	doc_set_free(in->set);
	in->set = NULL;
}

void
fuzz_walk(const struct doc_node *n, unsigned depth)
{
	long long i;
	bool b;

	/* aliases make a DAG: bound the walk, not the parser */
	if (!n || depth > 8)
		return;
	(void)doc_str(n);
	(void)doc_int(n, &i);
	(void)doc_bool(n, &b);
	(void)doc_is_null(n);
	(void)doc_get(n, "metadata");
	(void)doc_path(n, "metadata.annotations");
	for (size_t k = 0; k < doc_len(n) && k < 64; k++) {
		if (doc_is_map(n)) {
			fuzz_walk(doc_map_key(n, k), depth + 1);
			fuzz_walk(doc_map_value(n, k), depth + 1);
		} else {
			fuzz_walk(doc_item(n, k), depth + 1);
		}
	}
}
