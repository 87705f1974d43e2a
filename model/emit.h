/*
 * Writes output objects (doc_node maps built by convert/ or lint/) as a
 * YAML stream or as JSON. Keys come out in the order they were added, so
 * builders add them in Kubernetes order (apiVersion, kind, metadata, spec).
 */
#ifndef ING2GW_MODEL_EMIT_H
#define ING2GW_MODEL_EMIT_H

#include <stddef.h>

#include "doc.h"
#include "strbuf.h"

enum emit_format {
	EMIT_YAML,
	EMIT_JSON,
};

/*
 * YAML: one document per object, each starting with "---".
 * JSON: a v1 List holding the objects, indented by two spaces.
 * Appends to out; returns 0 or ERR_NOMEM.
 */
int emit_objects(struct strbuf *out, const struct doc_node *const *objs,
	size_t n, enum emit_format fmt);

/*
 * The same bytes, an object at a time: begin, then each object, then
 * end, all appended to out (which the caller may empty in between).
 */
struct emit_stream {
	struct strbuf *out;
	enum emit_format fmt;
	size_t n;
};

void emit_stream_begin(struct emit_stream *es, struct strbuf *out,
	enum emit_format fmt);
/* 0 or ERR_NOMEM */
int emit_stream_object(struct emit_stream *es, const struct doc_node *obj);
void emit_stream_end(struct emit_stream *es);

/* true when a plain YAML scalar with this text would not read as a string */
int emit_needs_quotes(const char *s, size_t len);

#endif
