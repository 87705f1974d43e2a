/*
 * Diagnostics are data: lower layers append them to a sink passed in; only
 * cli/ renders them (text, JSON, SARIF) and chooses the exit code.
 *
 * Ownership: the sink owns each message and note text. File names in
 * positions are borrowed (they belong to the doc_set that read the input)
 * and must outlive the sink's use; a name that does not (a path being
 * walked or read) is copied into the sink with diag_sink_keep.
 *
 * A deferred sink (diag_sink_defer) keeps a message as its format and a
 * copy of its arguments, a tenth of the text of the long explanatory
 * messages, and formats it when it is read: msg is NULL then, and readers
 * go through diag_message() / diag_add_message(), which give the bytes
 * vsnprintf would have given (long quoted values cut alike). Formats must
 * be string literals (the format attributes and -Wformat=2 see to it).
 */
#ifndef ING2GW_MODEL_DIAG_H
#define ING2GW_MODEL_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct src_pos {
	const char *file;	/* NULL when there is no source position */
	uint32_t line, col;	/* 1-based; 0 when unknown */
};

enum diag_severity {
	DIAG_INFO = 1,
	DIAG_WARNING = 2,
	DIAG_ERROR = 3,
};

struct diag_deferred;	/* a format and its packed arguments (diag.c) */

struct diag_note {
	struct src_pos pos;
	char *msg;		/* NULL when deferred */
	const struct diag_deferred *deferred;
};

struct diag {
	enum diag_severity severity;
	bool input_error;	/* the input is unusable: exit 2, no output */
	const char *rule;	/* static string, e.g. "input/yaml-syntax" */
	struct src_pos pos;
	char *msg;		/* NULL when deferred: see diag_message() */
	const struct diag_deferred *deferred;
	struct diag_note *notes;
	size_t nnotes;
	size_t seq;		/* insertion order, the last sort key */
	/* the targets of a lowering for several at once that it holds for,
	 * as bits (conv_lower_shared); 0: every target */
	unsigned only;
};

struct arena;

struct diag_sink {
	struct diag *items;
	size_t len, cap;
	size_t input_errors;
	size_t next_seq;	/* seqs stay unique when items are removed */
	char **kept;		/* diag_sink_keep's copies */
	size_t nkept;
	struct arena *store;	/* deferred messages; NULL: formatted */
	bool wordless;		/* diag_sink_wordless */
	unsigned only;		/* given to each diagnostic added */
};

#define DIAG_SINK_INIT { 0 }

void diag_add(struct diag_sink *sink, enum diag_severity sev,
	const char *rule, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_vadd(struct diag_sink *sink, enum diag_severity sev,
	const char *rule, struct src_pos pos, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* An error that makes the input unusable (bad YAML, missing field...). */
void diag_input_error(struct diag_sink *sink, const char *rule,
	struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Attaches a note ("the other one is here") to the last diagnostic. */
void diag_add_note(struct diag_sink *sink, struct src_pos pos,
	const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * Removes the diagnostics drop returns true for (never input errors),
 * keeping the others in order; returns how many were removed.
 */
size_t diag_remove_if(struct diag_sink *sink,
	bool (*drop)(struct diag *d, void *ctx), void *ctx);
/* A copy of s that lives as long as the sink, for a position's file. */
const char *diag_sink_keep(struct diag_sink *sink, const char *s);
/*
 * From now on, messages added to sink are formatted when read. For the
 * sinks that collect many diagnostics before reporting them (convert).
 */
void diag_sink_defer(struct diag_sink *sink);
/*
 * From now on, sink keeps the severity, rule and positions of what is
 * added to it, and no message: for the callers that only count and
 * place diagnostics (audit's lowerings), which would spend a tenth of
 * their time formatting text nobody reads. Messages read as "".
 */
void diag_sink_wordless(struct diag_sink *sink);
/* The text of a message: d->msg, or the deferred one formatted in scratch
 * (reset first). Valid until scratch changes. */
const char *diag_message(const struct diag *d, struct strbuf *scratch);
const char *diag_note_message(const struct diag_note *n,
	struct strbuf *scratch);
/* Appends the text of a message to out. */
void diag_add_message(struct strbuf *out, const struct diag *d);
void diag_add_note_message(struct strbuf *out, const struct diag_note *n);
/*
 * Text reports print a long message as a headline of at most
 * DIAG_HEADLINE_MAX bytes (diag_headline: up to its last clause break)
 * and the rest as a note at the same position.
 */
enum { DIAG_HEADLINE_MAX = 120, DIAG_HEADLINE_MIN = 40 };
size_t diag_headline(const char *msg, size_t len, size_t *rest,
	bool *ellipsis);
/* Sorts by file, line, column, rule, then insertion order. */
void diag_sort(struct diag_sink *sink);
size_t diag_count_at_least(const struct diag_sink *sink,
	enum diag_severity sev);
const char *diag_severity_name(enum diag_severity sev);
/* "error", "warning", "info" -> severity; returns false when unknown. */
bool diag_severity_parse(const char *s, enum diag_severity *out);
void diag_sink_release(struct diag_sink *sink);

#endif
