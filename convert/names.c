#include "compat.h"
#include "names.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_MAX_LEN = 253 };

struct name_entry {
	const char *scope;	/* kind and namespace: names clash only
				 * inside */
	const char *name;
	const char *identity;
	const char **slot;
};

void
names_hash8(const char *s, char out[9])
{
	snprintf(out, 9, "%08x", hash_str(s));
}

char *
names_sanitize(struct arena *a, const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = arena_alloc(a, n + 2);

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-'))
			c = '-';
		/* No empty labels, no label starting or ending with '-'. */
		if ((c == '.' || c == '-') && (j == 0 || out[j - 1] == '.' ||
		    (c == '.' && out[j - 1] == '-')))
			continue;
		out[j++] = c;
	}
	while (j && (out[j - 1] == '-' || out[j - 1] == '.'))
		j--;
	if (!j)
		out[j++] = 'x';
	out[j] = '\0';
	return out;
}

void
names_want(struct name_table *t, const char *scope, const char *name,
	const char *identity, const char **slot)
{
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->items = xrealloc(t->items, t->cap * sizeof(*t->items));
	}
	t->items[t->len].scope = scope;
	t->items[t->len].name = name;
	t->items[t->len].identity = identity;
	t->items[t->len].slot = slot;
	t->len++;
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct name_entry *a = pa, *b = pb;
	int c = strcmp(a->scope, b->scope);

	if (c)
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return strcmp(a->identity, b->identity);
}

static const char *
with_suffix(struct arena *a, const char *name, const char *identity)
{
	char h[9];
	size_t n = strlen(name);
	const size_t keep = NAME_MAX_LEN - 9;

	names_hash8(identity, h);
	if (n > keep)
		n = keep;
	while (n && (name[n - 1] == '-' || name[n - 1] == '.'))
		n--;
	return arena_printf(a, "%.*s-%s", (int)n, name, h);
}

void
names_resolve(struct name_table *t, struct arena *a)
{
	size_t i = 0;

	if (t->len)	/* items is NULL then */
		xqsort(t->items, t->len, sizeof(*t->items), cmp_entry);
	while (i < t->len) {
		size_t j = i + 1;

		while (j < t->len && !strcmp(t->items[i].scope,
		    t->items[j].scope) && !strcmp(t->items[i].name,
		    t->items[j].name))
			j++;
		for (size_t k = i; k < j; k++) {
			struct name_entry *e = &t->items[k];
			bool clash = j - i > 1;

			if (clash || strlen(e->name) > NAME_MAX_LEN)
				*e->slot = with_suffix(a, e->name, e->identity);
			else
				*e->slot = arena_strdup(a, e->name);
		}
		i = j;
	}
}

void
names_release(struct name_table *t)
{
	free(t->items);
	t->items = NULL;
	t->len = t->cap = 0;
}
