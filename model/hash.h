/*
 * The one string hash of the project (32-bit FNV-1a): hash tables, the
 * interning of scalars and the suffixes of generated names use it. Names
 * depend on its values: never change the algorithm.
 */
#ifndef ING2GW_MODEL_HASH_H
#define ING2GW_MODEL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_BASIS 2166136261u

/* Continues hash h over n bytes; start with HASH_FNV_BASIS. */
static inline uint32_t
hash_bytes(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static inline uint32_t
hash_str(const char *s)
{
	uint32_t h = HASH_FNV_BASIS;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#endif
