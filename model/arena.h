/*
 * Bump allocator: everything allocated from one arena is freed at once by
 * arena_release(). Document trees, typed objects and generated output live
 * in arenas, so no node is ever freed on its own.
 */
#ifndef ING2GW_MODEL_ARENA_H
#define ING2GW_MODEL_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total;		/* bytes obtained from malloc, for stats */
	void *doc_keys;		/* doc.c's builder state, in the arena */
};

#define ARENA_INIT { 0 }

void *arena_alloc(struct arena *a, size_t n);	/* zeroed, 8-aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; never fails (aborts on out of memory). */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a);

#endif
