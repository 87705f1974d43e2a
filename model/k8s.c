#include "compat.h"
#include "k8s.h"

#include <stdlib.h>
#include <string.h>

static void
add(struct k8s_objects *out, const struct k8s_object *o)
{
	if (out->len == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->items = xrealloc(out->items,
			out->cap * sizeof(*out->items));
	}
	out->items[out->len] = *o;
	out->items[out->len].order = out->len;
	out->len++;
}

static int
collect_one(struct k8s_objects *out, const struct doc_set *set,
	const struct doc_node *root, const char *where, struct diag_sink *sink)
{
	struct k8s_object o = { 0 };
	const struct doc_node *items;

	if (!doc_is_map(root)) {
		diag_input_error(sink, "input/not-an-object",
			doc_pos(set, root),
			"%s is not a Kubernetes object (expected a mapping "
			"with apiVersion and kind)", where);
		return ERR_INVALID;
	}
	o.root = root;
	o.api_version = doc_str(doc_get(root, "apiVersion"));
	o.kind = doc_str(doc_get(root, "kind"));
	if (!o.api_version || !o.kind) {
		diag_input_error(sink, "input/missing-field",
			doc_pos(set, root),
			"%s has no '%s'; every Kubernetes object needs "
			"apiVersion and kind", where,
			o.api_version ? "kind" : "apiVersion");
		return ERR_INVALID;
	}
	items = doc_get(root, "items");
	if (strlen(o.kind) >= 4 && !strcmp(o.kind + strlen(o.kind) - 4, "List") &&
	    (doc_is_seq(items) || doc_is_null(items))) {
		int rc = 0;

		for (size_t i = 0; i < doc_len(items); i++) {
			int r = collect_one(out, set, doc_item(items, i),
				"a List item", sink);

			if (r && !rc)
				rc = r;
		}
		return rc;
	}
	o.metadata = doc_get(root, "metadata");
	o.name = doc_str(doc_get(o.metadata, "name"));
	o.ns = doc_str(doc_get(o.metadata, "namespace"));
	add(out, &o);
	return 0;
}

int
k8s_objects_collect(struct k8s_objects *out, const struct doc_set *set,
	struct diag_sink *sink)
{
	int rc = 0;

	for (size_t i = 0; i < doc_set_count(set); i++) {
		int r = collect_one(out, set, doc_set_root(set, i),
			"this document", sink);

		if (r && !rc)
			rc = r;
	}
	return rc;
}

void
k8s_objects_release(struct k8s_objects *objs)
{
	free(objs->items);
	objs->items = NULL;
	objs->len = objs->cap = 0;
}

const char *
k8s_api_group(const char *api_version, char *buf, size_t size)
{
	const char *slash = strchr(api_version, '/');
	size_t n;

	if (!slash)
		return "";
	n = (size_t)(slash - api_version);
	if (n >= size)
		n = size - 1;
	memcpy(buf, api_version, n);
	buf[n] = '\0';
	return buf;
}
