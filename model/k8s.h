/*
 * Kubernetes objects in the input: every document (and every item of a
 * kubectl List) that has apiVersion and kind, in input order.
 *
 * Ownership: objects borrow their nodes from the doc_set.
 */
#ifndef ING2GW_MODEL_K8S_H
#define ING2GW_MODEL_K8S_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

struct k8s_object {
	const char *api_version;
	const char *kind;
	const char *name;		/* NULL when metadata.name is absent */
	const char *ns;			/* NULL when metadata.namespace is absent */
	const struct doc_node *root;
	const struct doc_node *metadata;
	size_t order;			/* position in the input, from 0 */
};

struct k8s_objects {
	struct k8s_object *items;
	size_t len, cap;
};

#define K8S_OBJECTS_INIT { 0 }

/*
 * Collects the objects of every document of set. A document that is not a
 * mapping, or lacks apiVersion or kind, is an input error.
 */
int k8s_objects_collect(struct k8s_objects *out, const struct doc_set *set,
	struct diag_sink *sink);
void k8s_objects_release(struct k8s_objects *objs);

/*
 * One object read twice (a file given twice, two copies in a directory, a
 * List and a file of the same object): identical copies -- what the API
 * server fills in aside (resourceVersion, managedFields, generation,
 * selfLink, uid, status) -- are one object, kept where it was read first,
 * with an info input/duplicate-object at the later copy; copies that
 * differ are an input error, input/conflicting-object, naming both. The
 * later copies leave objs and set. Objects without a name (or with an
 * empty one) have no identity to compare and are all kept. Returns the
 * number of copies dropped.
 */
size_t k8s_objects_dedup(struct k8s_objects *objs, struct doc_set *set,
	struct diag_sink *sink);

/* apiVersion's group ("" for the core group "v1"), borrowed into buf. */
const char *k8s_api_group(const char *api_version, char *buf, size_t size);

#endif
