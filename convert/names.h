/*
 * Names of generated objects: deterministic, valid RFC 1123 subdomains of
 * at most 253 characters, and never two alike. Candidates are registered
 * with the identity of what they name; when two identities want the same
 * name, both get a suffix hashed from their identity, so the result does
 * not depend on the order of the input.
 */
#ifndef ING2GW_CONVERT_NAMES_H
#define ING2GW_CONVERT_NAMES_H

#include <stddef.h>

#include "arena.h"

struct name_entry;

struct name_table {
	struct name_entry *items;
	size_t len, cap;
};

#define NAME_TABLE_INIT { 0 }

/* Makes s a valid RFC 1123 subdomain (lower case, [a-z0-9.-]). */
char *names_sanitize(struct arena *a, const char *s);
/* Registers a wanted name; *slot receives the final name after resolve.
 * The strings are borrowed until then. */
void names_want(struct name_table *t, const char *scope, const char *name,
	const char *identity, const char **slot);
/* The final names, each a string of a. */
void names_resolve(struct name_table *t, struct arena *a);
void names_release(struct name_table *t);
/* 8 hex digits of a stable hash of s. */
void names_hash8(const char *s, char out[9]);

#endif
