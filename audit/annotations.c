#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "providers/provider.h"
#include "strmap.h"

/*
 * Annotation use: every key set on an Ingress, with the catalogue of the
 * provider whose prefix it has (providers/provider.h) and its class
 * there: A standard Gateway API, B an implementation's policy, C not
 * expressible, C-perf tuning without effect on routing.
 */

/* The provider whose prefix key has (the longest), and its length. */
static const struct prov_provider *
provider_of(const char *key, size_t *plen)
{
	size_t n, best = 0;
	const struct prov_provider *const *list = prov_list(&n);
	const struct prov_provider *found = NULL;

	for (size_t i = 0; i < n; i++)
		for (const char *const *p = list[i]->prefixes; p && *p; p++) {
			size_t len = strlen(*p);

			if (len > best && !strncmp(key, *p, len)) {
				best = len;
				found = list[i];
			}
		}
	*plen = best;
	return found;
}

static int
cmp_annotation(const void *pa, const void *pb)
{
	const struct audit_annotation *a = pa, *b = pb;

	if (a->ingresses != b->ingresses)
		return a->ingresses > b->ingresses ? -1 : 1;
	return strcmp(a->key, b->key);
}

void
audit_annotations(struct audit_report *r)
{
	struct strmap index = STRMAP_INIT;	/* key -> list index + 1 */

	for (size_t i = 0; i < r->ningresses; i++) {
		const struct doc_node *anns = r->ingresses[i].ing->annotations;

		for (size_t k = 0; k < doc_len(anns); k++) {
			const char *key = doc_str(doc_map_key(anns, k));
			struct audit_annotation *a;
			uintptr_t at;

			if (!key)
				continue;
			at = (uintptr_t)strmap_get(&index, key);
			if (!at) {
				const struct prov_provider *p;
				const struct prov_annotation *pa;
				size_t plen;

				r->annotations = xrealloc(r->annotations,
					(r->nannotations + 1) *
					sizeof(*r->annotations));
				a = &r->annotations[r->nannotations];
				memset(a, 0, sizeof(*a));
				a->key = key;
				if ((p = provider_of(key, &plen))) {
					a->provider = p->name;
					pa = prov_lookup(p, key + plen);
					a->cls = pa ? prov_class_name(pa->cls) :
						"unknown";
				}
				at = ++r->nannotations;
				strmap_put(&index, key, (void *)at);
			}
			r->annotations[at - 1].ingresses++;
		}
	}
	if (r->nannotations)
		qsort(r->annotations, r->nannotations,
			sizeof(*r->annotations), cmp_annotation);
	strmap_release(&index);
}
