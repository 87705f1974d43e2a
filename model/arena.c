#include "compat.h"
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	bool mapped;		/* a big chunk of its own mapping */
	max_align_t data[];
};

enum {
	ARENA_CHUNK = 256 * 1024,
	/*
	 * Past ARENA_BIG_AFTER bytes an arena holds a large input or
	 * output: it takes ARENA_BIG chunks aligned for transparent huge
	 * pages, so that filling them costs a page fault per 2 MiB instead
	 * of per 4 KiB. They are mappings of their own, unmapped when the
	 * arena is released: the memory goes back to the system at once,
	 * where free() would keep it for allocations that seldom fit (an
	 * aligned chunk never fits in the hole another left), and their
	 * pages are zero already.
	 */
	ARENA_BIG_AFTER = 8 * 1024 * 1024,
	ARENA_BIG = 4 * 1024 * 1024,
	ARENA_HUGE_ALIGN = 2 * 1024 * 1024,
};

static struct arena_chunk *
big_chunk(void)
{
	size_t len = ARENA_BIG + ARENA_HUGE_ALIGN, head;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *at;
	struct arena_chunk *c;

	if (p == MAP_FAILED) {
		c = xmalloc(ARENA_BIG);	/* aborts if that fails too */
		c->mapped = false;
		return c;
	}
	at = (char *)(((uintptr_t)p + ARENA_HUGE_ALIGN - 1) &
		~(uintptr_t)(ARENA_HUGE_ALIGN - 1));
	head = (size_t)(at - p);
	if (head)
		munmap(p, head);
	if (len - head > ARENA_BIG)
		munmap(at + ARENA_BIG, len - head - ARENA_BIG);
#ifdef MADV_HUGEPAGE
	(void)madvise(at, ARENA_BIG, MADV_HUGEPAGE);	/* advice only */
#endif
	c = (struct arena_chunk *)(void *)at;
	c->mapped = true;
	return c;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->size - c->used < n) {
		bool block = n > ARENA_CHUNK / 4;	/* a block of its own */
		size_t size = block ? n : ARENA_CHUNK;

		if (!block && a->total >= ARENA_BIG_AFTER) {
			size = ARENA_BIG - sizeof(*c);
			c = big_chunk();
		} else {
			c = xmalloc(sizeof(*c) + size);
			c->mapped = false;
		}
		c->used = 0;
		c->size = size;
		a->total += sizeof(*c) + size;
		if (a->head && block) {
			/* Keep filling the current chunk after a big block. */
			c->next = a->head->next;
			a->head->next = c;
			c->used = n;
			p = (char *)c->data;
			memset(p, 0, n);
			return p;
		}
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	if (!c->mapped)		/* a fresh mapping is zero */
		memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (n)		/* s may be NULL when n is 0 */
		memcpy(p, s, n);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->mapped)
			munmap(c, ARENA_BIG);
		else
			free(c);
	}
	a->head = NULL;
	a->total = 0;
	a->doc_keys = NULL;
}
