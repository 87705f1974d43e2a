/*
 * First include of every .c file: feature macros and the few helpers every
 * module needs. Nothing here may depend on another project header.
 */
#ifndef ING2GW_MODEL_COMPAT_H
#define ING2GW_MODEL_COMPAT_H

#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ING2GW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ING2GW_PRINTF(f, a)
#endif

/* Project error codes: functions that can fail return 0 or one of these. */
enum ing2gw_err {
	ERR_OK = 0,
	ERR_NOMEM = -1,
	ERR_IO = -2,
	ERR_PARSE = -3,
	ERR_LIMIT = -4,
	ERR_INVALID = -5,
	ERR_UNSUPPORTED = -6,
};

/* Abort on allocation failure: a CLI tool has no better answer. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/*
 * qsort that takes an empty array at NULL: qsort(NULL, 0, ...) is
 * undefined (glibc declares base nonnull), and empty arrays often are.
 */
void xqsort(void *base, size_t n, size_t size,
	int (*cmp)(const void *, const void *));

#endif
