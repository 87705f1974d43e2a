/*
 * Fuzz targets: each fuzz_*.c defines LLVMFuzzerTestOneInput() for one
 * entry point that reads untrusted input. The same file links either with
 * libFuzzer (meson -Dfuzz=true, clang) or with driver.c, a plain main()
 * that feeds files to it (the fuzz-regressions test of the normal suite).
 *
 * A target must not leak, print or exit: everything it allocates is freed
 * before it returns, so LeakSanitizer can tell a leak in the code under
 * test from one in the target.
 */
#ifndef ING2GW_FUZZ_FUZZ_H
#define ING2GW_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The objects of a fuzz input, read as the CLI reads one file: parsed into
 * set (named "fuzz.json" when json is true, else "fuzz.yaml") and, when
 * the parse had no input error, collected as Kubernetes objects.
 * fuzz_input_release() frees both; the sink stays the caller's.
 */
struct fuzz_input {
	struct doc_set *set;
	struct k8s_objects objects;
};

void fuzz_input_load(struct fuzz_input *in, const uint8_t *data,
	size_t size, int json, struct diag_sink *sink);
void fuzz_input_release(struct fuzz_input *in);

/* Touches every node of a tree the way consumers do (lookups, scalars). */
void fuzz_walk(const struct doc_node *n, unsigned depth);

#endif
