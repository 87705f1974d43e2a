/*
 * Diagnostics are data: lower layers append them to a sink passed in; only
 * cli/ renders them (text, JSON, SARIF) and chooses the exit code.
 *
 * Ownership: the sink owns each message and note text. File names in
 * positions are borrowed (they belong to the doc_set that read the input)
 * and must outlive the sink's use; a name that does not (a path being
 * walked or read) is copied into the sink with diag_sink_keep.
 */
#ifndef ING2GW_MODEL_DIAG_H
#define ING2GW_MODEL_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct src_pos {
	const char *file;	/* NULL when there is no source position */
	uint32_t line, col;	/* 1-based; 0 when unknown */
};

enum diag_severity {
	DIAG_INFO = 1,
	DIAG_WARNING = 2,
	DIAG_ERROR = 3,
};

struct diag_note {
	struct src_pos pos;
	char *msg;
};

struct diag {
	enum diag_severity severity;
	bool input_error;	/* the input is unusable: exit 2, no output */
	const char *rule;	/* static string, e.g. "input/yaml-syntax" */
	struct src_pos pos;
	char *msg;
	struct diag_note *notes;
	size_t nnotes;
	size_t seq;		/* insertion order, the last sort key */
};

struct diag_sink {
	struct diag *items;
	size_t len, cap;
	size_t input_errors;
	size_t next_seq;	/* seqs stay unique when items are removed */
	char **kept;		/* diag_sink_keep's copies */
	size_t nkept;
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
/* Sorts by file, line, column, rule, then insertion order. */
void diag_sort(struct diag_sink *sink);
size_t diag_count_at_least(const struct diag_sink *sink,
	enum diag_severity sev);
const char *diag_severity_name(enum diag_severity sev);
/* "error", "warning", "info" -> severity; returns false when unknown. */
bool diag_severity_parse(const char *s, enum diag_severity *out);
void diag_sink_release(struct diag_sink *sink);

#endif
