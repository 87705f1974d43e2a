/*
 * providers/ingress-nginx: prov_nginx_parse on an arbitrary annotation
 * map. The input is read as records separated by '\n' (or NUL):
 *
 *  - the first byte holds the controller options: bit 0 allow snippets,
 *    bit 1 no validation, bit 2 no ssl-redirect, bits 3-4 the risk limit,
 *    bit 5 a custom prefix "custom.io/";
 *  - each record is KEY=VALUE. A record whose first byte b is 0x78 ('x')
 *    or more names annotation b - 0x78 of the table (with the prefix)
 *    and the rest is the value; otherwise KEY is taken as written. A value
 *    starting with \x01 is a sequence, with \x02 an (empty) mapping, so
 *    that mistyped annotations are covered; "null" or "~" are nulls.
 *
 * Repeated keys are skipped (a YAML or JSON map has none).
 */
#include "compat.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "providers/ingress-nginx/annotations.h"

#define KEY_BYTE 0x78

static const char *
record_key(struct arena *a, const char *prefix, const char **p,
	const char *end)
{
	const struct prov_provider *prov = &prov_nginx_provider;
	unsigned char b = (unsigned char)**p;
	const char *eq;

	if (b >= KEY_BYTE && (size_t)(b - KEY_BYTE) < prov->count) {
		(*p)++;
		return arena_printf(a, "%s%s", prefix,
			prov->table[b - KEY_BYTE].key);
	}
	eq = memchr(*p, '=', (size_t)(end - *p));
	if (!eq)
		eq = end;
	{
		const char *k = arena_strndup(a, *p, (size_t)(eq - *p));

		*p = eq < end ? eq + 1 : end;
		return k;
	}
}

static struct doc_node *
record_value(struct arena *a, const char *v, size_t n)
{
	if (n && v[0] == '\x01') {
		struct doc_node *seq = doc_new_seq(a);

		doc_seq_add(a, seq, doc_new_strn(a, v + 1, n - 1));
		return seq;
	}
	if (n && v[0] == '\x02')
		return doc_new_map(a);
	return doc_new_strn(a, v, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct diag_sink sink = DIAG_SINK_INIT;
	struct doc_set *set = doc_set_new(NULL);
	struct arena *a = doc_set_arena(set);
	struct arena out_arena = { 0 };
	struct prov_nginx_options opt;
	struct prov_nginx_settings *s = xmalloc(sizeof(*s));
	struct doc_node *map = doc_new_map(a);
	const char *prefix = PROV_NGINX_PREFIX;

	prov_nginx_options_init(&opt);
	if (size) {
		unsigned char o = (unsigned char)*p++;

		opt.allow_snippets = o & 1;
		opt.no_validation = o & 2;
		opt.ssl_redirect = !(o & 4);
		opt.max_risk = (enum prov_risk)((o >> 3) & 3);
		if (o & 32)
			prefix = opt.prefix = "custom.io/";
	}
	while (p < end) {
		const char *rec_end = p, *key;
		size_t n;

		while (rec_end < end && *rec_end != '\n' && *rec_end != '\0')
			rec_end++;
		if (rec_end > p) {
			key = record_key(a, prefix, &p, rec_end);
			n = (size_t)(rec_end - p);
			if (!doc_get(map, key))
				doc_map_add(a, map, key,
					record_value(a, p, n));
		}
		p = rec_end + (rec_end < end);
	}
	prov_nginx_parse(s, &out_arena, set, map, "ns", "fuzz", &opt, &sink);
	for (size_t i = 0; i < doc_len(map); i++) {
		const char *k = doc_str(doc_map_key(map, i));
		const char *v = doc_str(doc_map_value(map, i));
		const struct prov_annotation *ann;
		const char *why;

		if (!k || strncmp(k, prefix, strlen(prefix)))
			continue;
		k += strlen(prefix);
		(void)prov_nginx_slot(s, k);
		(void)prov_nginx_is_set(s, k);
		ann = prov_lookup(&prov_nginx_provider, k);
		if (ann && v)
			(void)prov_check_value(ann, v, &why);
	}
	diag_sort(&sink);
	diag_sink_release(&sink);
	arena_release(&out_arena);
	free(s);
	doc_set_free(set);
	return 0;
}
