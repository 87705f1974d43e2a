#include "compat.h"
#include "strmap.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

static struct strmap_slot *
find(const struct strmap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && !strcmp(s->key, key)))
			return s;
	}
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, key, hash_str(key));
	return s->key ? s->value : NULL;
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;

	/* 4 slots first: most maps (a host's paths...) hold one or two */
	m->cap = old.cap ? old.cap * 2 : 4;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->len = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].hash) =
				old.slots[i], m->len++;
	free(old.slots);
}

void *
strmap_put(struct strmap *m, const char *key, void *value)
{
	uint32_t h = hash_str(key);
	struct strmap_slot *s;
	void *prev;

	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, h);
	if (!s->key) {
		s->key = key;
		s->hash = h;
		s->value = value;
		m->len++;
		return NULL;
	}
	prev = s->value;
	s->value = value;
	return prev;
}

void
strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->len = m->cap = 0;
}
