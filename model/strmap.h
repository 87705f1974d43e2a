/*
 * String-keyed hash map with open addressing. Keys are borrowed (they must
 * outlive the map); values are opaque pointers.
 */
#ifndef ING2GW_MODEL_STRMAP_H
#define ING2GW_MODEL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key;
	void *value;
	uint32_t hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t len, cap;	/* cap is 0 or a power of two */
};

#define STRMAP_INIT { 0 }

void *strmap_get(const struct strmap *m, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
void strmap_release(struct strmap *m);

#endif
