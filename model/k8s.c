#include "compat.h"
#include "k8s.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

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

/* What the API server writes: two reads of one object may differ there. */
static bool
server_field(const char *path)
{
	static const char *const fields[] = { "status",
		"metadata.resourceVersion", "metadata.managedFields",
		"metadata.generation", "metadata.selfLink", "metadata.uid",
		"metadata.namespace" };

	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		if (!strcmp(path, fields[i]))
			return true;
	return false;
}

static const char *
object_label(const struct k8s_object *o, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (o->ns)
		strbuf_addf(sb, "%s '%s/%s'", o->kind, o->ns, o->name);
	else
		strbuf_addf(sb, "%s '%s'", o->kind, o->name);
	return sb->buf;
}

size_t
k8s_objects_dedup(struct k8s_objects *objs, struct doc_set *set,
	struct diag_sink *sink)
{
	struct strmap seen = STRMAP_INIT;
	struct strbuf label = STRBUF_INIT;
	char **keys = xcalloc(objs->len + 1, sizeof(*keys));
	size_t n = 0, dropped = 0;

	for (size_t i = 0; i < objs->len; i++) {
		struct k8s_object *o = &objs->items[i];
		const struct k8s_object *first;
		struct strbuf key = STRBUF_INIT;
		uintptr_t at;

		/* an empty name is no name: no identity to read twice */
		if (!o->name || !*o->name) {
			objs->items[n++] = *o;
			continue;
		}
		/* no namespace is the default one (cluster-scoped kinds have
		 * none either way) */
		strbuf_addf(&key, "%s\n%s\n%s", o->kind, o->ns ? o->ns :
			"default", o->name);
		keys[i] = strbuf_detach(&key, NULL);
		at = (uintptr_t)strmap_get(&seen, keys[i]);
		if (!at) {
			strmap_put(&seen, keys[i], (void *)(uintptr_t)(n + 1));
			objs->items[n++] = *o;
			continue;
		}
		first = &objs->items[at - 1];
		if (doc_equal(first->root, o->root, server_field)) {
			diag_add(sink, DIAG_INFO, "input/duplicate-object",
				doc_pos(set, o->root), "%s is read a second "
				"time, identical: one object, as read first",
				object_label(o, &label));
			diag_add_note(sink, doc_pos(set, first->root),
				"read first here");
		} else {
			diag_input_error(sink, "input/conflicting-object",
				doc_pos(set, o->root), "%s is read twice, and "
				"the copies differ: which one is meant? give "
				"ing2gw one of them", object_label(o, &label));
			diag_add_note(sink, doc_pos(set, first->root),
				"the other copy");
		}
		doc_set_remove(set, o->root);
		dropped++;
	}
	for (size_t i = 0; i < n; i++)
		objs->items[i].order = i;
	objs->len = n;
	strmap_release(&seen);
	for (size_t i = 0; i < objs->len + dropped; i++)
		free(keys[i]);
	free(keys);
	strbuf_release(&label);
	return dropped;
}
