/*
 * Input sources: command-line arguments become a sorted list of files
 * (directories are walked for *.yaml, *.yml and *.json), "-" is standard
 * input, and each source is read whole into memory.
 *
 * Ownership: source_list owns its names; source_read hands the buffer to
 * the caller (free() it).
 */
#ifndef ING2GW_MODEL_SOURCE_H
#define ING2GW_MODEL_SOURCE_H

#include <stddef.h>

#include "diag.h"

#define SOURCE_STDIN "-"

struct source_list {
	char **names;
	size_t len, cap;
};

#define SOURCE_LIST_INIT { 0 }

/*
 * Expands args (files, directories, "-") into files, in argument order,
 * each directory's files in byte order of their paths. Problems (missing
 * path, unreadable directory) are input errors in sink; returns ERR_IO
 * when there was any.
 */
int source_list_expand(struct source_list *out, char *const *args,
	size_t nargs, struct diag_sink *sink);
void source_list_release(struct source_list *list);

/* The name diagnostics use for a source ("<stdin>" for "-"). */
const char *source_display_name(const char *name);

/* Reads a file, or stdin for "-", refusing more than max bytes. */
int source_read(const char *name, size_t max, char **buf_out,
	size_t *len_out, struct diag_sink *sink);

#endif
