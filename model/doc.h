/*
 * Documents with positions: YAML and JSON input become one tree of
 * doc_nodes, and every node remembers the file, line and column it came
 * from. The same node type is used to build output objects (convert/),
 * which model/emit.h writes as YAML or JSON.
 *
 * Ownership: all nodes and strings live in the arena of the doc_set (input)
 * or in the arena the caller passes to the builder functions (output), and
 * are freed with it. Lookup functions borrow.
 */
#ifndef ING2GW_MODEL_DOC_H
#define ING2GW_MODEL_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

enum doc_kind {
	DOC_SCALAR = 1,
	DOC_MAP = 2,
	DOC_SEQ = 3,
};

enum doc_flags {
	DOC_F_QUOTED = 1 << 0,	/* a quoted scalar: always a string */
	DOC_F_RAW = 1 << 1,	/* output: a number, bool or null literal */
};

/*
 * 24 bytes. A map's items are pointers to its keys and values alternating
 * (items[2*i] is key i, items[2*i+1] its value); a sequence's items point
 * to its elements. len counts pairs for a map, elements for a sequence and
 * bytes for a scalar (whose str is also NUL-terminated). An alias shares
 * the anchored node: trees are DAGs, never walk them to mutate. The
 * builders' capacity is not stored: it follows from len (doc.c).
 */
#define DOC_MAX_FILES (1u << 27)	/* nodes of later files: no file */

struct doc_node {
	unsigned kind : 2;		/* enum doc_kind */
	unsigned flags : 3;		/* enum doc_flags */
	unsigned file : 27;	/* index into the doc_set's file table */
	uint32_t len;
	uint32_t line, col;
	union {
		const char *str;
		struct doc_node **items;
	} u;
};

/* Limits against hostile input; doc_limits_default() gives the defaults. */
struct doc_limits {
	size_t max_input_bytes;	/* one file or stdin */
	unsigned max_depth;	/* nesting of maps and sequences */
	size_t max_alias_nodes;	/* nodes reachable through aliases, per file */
	size_t max_documents;	/* documents in one stream */
};

struct doc_limits doc_limits_default(void);

struct doc_set;

struct doc_set *doc_set_new(const struct doc_limits *limits);
void doc_set_free(struct doc_set *set);
struct arena *doc_set_arena(struct doc_set *set);
/*
 * Frees every document (nodes, strings) but keeps the file names, which
 * diagnostics still cite. Nothing borrowed from the documents may be used
 * afterwards.
 */
void doc_set_drop_documents(struct doc_set *set);

/*
 * From now on, doc_set_parse leaves out of each object (a root, or an item
 * of a root's "items": a kubectl List) what the API server writes and
 * ing2gw never reads: status, and metadata's managedFields, uid,
 * resourceVersion, generation and selfLink. In a backup taken with
 * kubectl they are a quarter of the nodes and more (managedFields is
 * often larger than the spec). An anchor defined inside them is not
 * seen either.
 */
void doc_set_skip_server_fields(struct doc_set *set);

/*
 * Parses one YAML stream or JSON text (JSON is recognised by a .json name
 * or a first non-blank '{' or '['). Appends one root per non-empty
 * document. On failure, returns ERR_PARSE or ERR_LIMIT and has added an
 * input error, at the offending position, to sink; documents read before
 * the failure are dropped.
 */
int doc_set_parse(struct doc_set *set, const char *file, const char *buf,
	size_t len, struct diag_sink *sink);

/*
 * Frees what only parsing needs (the table of short scalars) once the
 * input is read; a later doc_set_parse still works, with a new table.
 */
void doc_set_parse_done(struct doc_set *set);

size_t doc_set_count(const struct doc_set *set);
/* Forgets the roots from n on (a file that was read, then skipped). */
void doc_set_truncate(struct doc_set *set, size_t n);
/*
 * Takes node out of the set: a root, or an item of a root's "items" (a
 * kubectl List). Returns 0, or -1 when it is neither.
 */
int doc_set_remove(struct doc_set *set, const struct doc_node *node);
/*
 * Whether a and b hold the same data (positions and quoting aside). skip,
 * when not NULL, is asked for each key of a mapping at path (the dotted
 * keys from the top, "metadata.resourceVersion") and leaves out the keys
 * it returns true for, on both sides.
 */
bool doc_equal(const struct doc_node *a, const struct doc_node *b,
	bool (*skip)(const char *path));
const struct doc_node *doc_set_root(const struct doc_set *set, size_t i);
/* Registers a file name (for positions of synthetic nodes); returns id. */
uint32_t doc_set_add_file(struct doc_set *set, const char *file);
/* A copy of file that lives as long as the set (for diagnostics). */
const char *doc_set_keep_name(struct doc_set *set, const char *file);

struct src_pos doc_pos(const struct doc_set *set, const struct doc_node *n);

/* Lookups; all accept NULL and return NULL/false for the wrong kind. */
const struct doc_node *doc_get(const struct doc_node *map, const char *key);
const struct doc_node *doc_key_node(const struct doc_node *map,
	const char *key);
const struct doc_node *doc_path(const struct doc_node *n, const char *dotted);
bool doc_is_map(const struct doc_node *n);
bool doc_is_seq(const struct doc_node *n);
bool doc_is_scalar(const struct doc_node *n);
/* A missing node, a plain null, ~ or empty plain scalar. */
bool doc_is_null(const struct doc_node *n);
/* The text of a non-null scalar, else NULL. */
const char *doc_str(const struct doc_node *n);
/*
 * An integer scalar (plain or quoted digits) that fits 64 bits; false
 * otherwise, also for one too large (see doc_int_overflows).
 */
bool doc_int(const struct doc_node *n, long long *out);
/* An integer scalar beyond the 64-bit range, which doc_int refuses. */
bool doc_int_overflows(const struct doc_node *n);
/* true/false (YAML 1.1 forms too); false when not a boolean. */
bool doc_bool(const struct doc_node *n, bool *out);
size_t doc_len(const struct doc_node *n);
const struct doc_node *doc_item(const struct doc_node *seq, size_t i);
const struct doc_node *doc_map_key(const struct doc_node *map, size_t i);
const struct doc_node *doc_map_value(const struct doc_node *map, size_t i);

/*
 * Output builders: nodes without position, allocated in a. Scalars of the
 * same text and flags built in one arena are one shared node: never
 * change a node once built (containers only through the functions below).
 */
/*
 * From now on (until a is released), the strings given to the builders of
 * a whole (doc_new_str, doc_*_add_str; doc_new_strn still copies) are
 * kept, not copied, and their nodes are not shared: for a tree
 * built from strings that outlive it and written at once, where copying
 * and sharing cost more than they save.
 */
void doc_builder_borrow(struct arena *a);
struct doc_node *doc_new_map(struct arena *a);
struct doc_node *doc_new_seq(struct arena *a);
struct doc_node *doc_new_str(struct arena *a, const char *s);
struct doc_node *doc_new_strn(struct arena *a, const char *s, size_t n);
struct doc_node *doc_new_int(struct arena *a, long long v);
struct doc_node *doc_new_bool(struct arena *a, bool v);
/*
 * Adds key: value (value is stored by pointer) and returns value. key is
 * borrowed: a string literal, or text that outlives the tree.
 */
struct doc_node *doc_map_add(struct arena *a, struct doc_node *map,
	const char *key, struct doc_node *value);
struct doc_node *doc_map_add_str(struct arena *a, struct doc_node *map,
	const char *key, const char *value);
struct doc_node *doc_map_add_int(struct arena *a, struct doc_node *map,
	const char *key, long long value);
struct doc_node *doc_map_add_map(struct arena *a, struct doc_node *map,
	const char *key);
struct doc_node *doc_map_add_seq(struct arena *a, struct doc_node *map,
	const char *key);
/* Appends value (stored by pointer) and returns it. */
struct doc_node *doc_seq_add(struct arena *a, struct doc_node *seq,
	struct doc_node *value);
struct doc_node *doc_seq_add_map(struct arena *a, struct doc_node *seq);
struct doc_node *doc_seq_add_str(struct arena *a, struct doc_node *seq,
	const char *s);

#endif
