/*
 * The fixture of the two HAProxy controllers' unit tests
 * (test_providers_haproxy.c, test_providers_haproxy_ingress.c): both
 * parse annotations written as "key: value" lines with their
 * controller's parser into struct prov_hap_settings.
 */
#ifndef ING2GW_TESTS_HAPROXY_FIXTURE_H
#define ING2GW_TESTS_HAPROXY_FIXTURE_H

#include <string.h>

#include "doc.h"
#include "providers/haproxy-common/annotations.h"
#include "strbuf.h"

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_hap_settings s;
};

static inline int
setup(void **state)
{
	*state = xcalloc(1, sizeof(struct fx));
	return 0;
}

static inline int
teardown(void **state)
{
	struct fx *f = *state;

	diag_sink_release(&f->sink);
	arena_release(&f->arena);
	if (f->set)
		doc_set_free(f->set);
	free(f);
	return 0;
}

/* Parses the annotations (lines "key: value", unindented) of a kind with
 * fn into f->s. */
static inline void
fx_parse(struct fx *f, hap_parse_fn *fn, const char *kind,
	const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;

	strbuf_addf(&y, "apiVersion: v1\nkind: %s\nmetadata:\n  name: web\n"
		"  annotations:\n", kind);
	while (*p) {
		size_t n = strcspn(p, "\n");

		strbuf_adds(&y, "    ");
		strbuf_add(&y, p, n);
		strbuf_addc(&y, '\n');
		p += n + (p[n] != '\0');
	}
	if (f->set)
		doc_set_free(f->set);
	diag_sink_release(&f->sink);
	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "in.yaml", y.buf, y.len,
		&f->sink), 0);
	strbuf_release(&y);
	fn(&f->s, &f->arena, f->set, doc_path(doc_set_root(f->set, 0),
		"metadata.annotations"), kind, "shop", "web", &f->sink);
}

static inline const struct diag *
find_diag(struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->sink.len; i++)
		if (!strcmp(f->sink.items[i].rule, rule))
			return &f->sink.items[i];
	return NULL;
}

/* The catalogue p: listed, sorted, described, mapped; its access keys
 * (NULL-terminated) high risk or more. */
static inline void
fx_check_table(const struct prov_provider *p, const char *const *access)
{
	size_t n;
	bool listed = false;

	for (size_t i = 0; i < n || (!i && (prov_list(&n), n)); i++)
		listed |= prov_list(&n)[i] == p;
	assert_true(listed);
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		if (i)
			assert_true(strcmp(p->table[i - 1].key, a->key) < 0);
		assert_non_null(a->desc);
		assert_non_null(a->gateway);
		assert_true(a->cls >= PROV_CLASS_A &&
			a->cls <= PROV_CLASS_C_PERF);
		for (const char *const *k = access; *k; k++)
			if (!strcmp(a->key, *k))
				assert_true(a->risk >= PROV_RISK_HIGH);
	}
}

#endif
