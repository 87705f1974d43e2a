#include "compat.h"
#include "doc.h"
#include "hash.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

_Static_assert(sizeof(struct doc_node) == 24, "doc_node grew");

/* Short scalars (keys, enum values, names) repeat; keep one copy each. */
enum { INTERN_MAX = 48 };

struct intern_slot {
	uint32_t hash, len;
	const char *str;
};

struct anchor {
	char *name;
	struct doc_node *node;
	size_t nodes;		/* nodes in the anchored subtree */
};

struct doc_set {
	struct arena arena;
	struct doc_limits limits;
	const char **files;
	size_t nfiles;
	const struct doc_node **roots;
	size_t nroots, caproots;
	struct intern_slot *intern;
	size_t intern_len, intern_cap;	/* cap is a power of two */
	bool skip_server_fields;	/* doc_set_skip_server_fields */
};

struct doc_limits
doc_limits_default(void)
{
	struct doc_limits l = {
		.max_input_bytes = (size_t)512 << 20,
		.max_depth = 128,
		.max_alias_nodes = 1000000,
		.max_documents = 1000000,
	};
	return l;
}

struct doc_set *
doc_set_new(const struct doc_limits *limits)
{
	struct doc_set *set = xcalloc(1, sizeof(*set));

	set->limits = limits ? *limits : doc_limits_default();
	/* File id 0 means "no file" (generated nodes). */
	doc_set_add_file(set, "");
	return set;
}

void
doc_set_skip_server_fields(struct doc_set *set)
{
	set->skip_server_fields = true;
}

void
doc_set_free(struct doc_set *set)
{
	if (!set)
		return;
	arena_release(&set->arena);
	for (size_t i = 0; i < set->nfiles; i++)
		free((char *)set->files[i]);
	free(set->files);
	free(set->roots);
	free(set->intern);
	free(set);
}

void
doc_set_drop_documents(struct doc_set *set)
{
	arena_release(&set->arena);
	free(set->roots);
	set->roots = NULL;
	set->nroots = set->caproots = 0;
	doc_set_parse_done(set);
}

void
doc_set_parse_done(struct doc_set *set)
{
	free(set->intern);
	set->intern = NULL;
	set->intern_len = set->intern_cap = 0;
}

struct arena *
doc_set_arena(struct doc_set *set)
{
	return &set->arena;
}

uint32_t
doc_set_add_file(struct doc_set *set, const char *file)
{
	set->files = xrealloc(set->files, (set->nfiles + 1) * sizeof(*set->files));
	set->files[set->nfiles] = xstrdup(file);
	return (uint32_t)set->nfiles++;
}

const char *
doc_set_keep_name(struct doc_set *set, const char *file)
{
	for (size_t i = set->nfiles; i-- > 1;)
		if (!strcmp(set->files[i], file))
			return set->files[i];
	uint32_t id = doc_set_add_file(set, file);	/* reallocates files */

	return set->files[id];
}

size_t
doc_set_count(const struct doc_set *set)
{
	return set->nroots;
}

void
doc_set_truncate(struct doc_set *set, size_t n)
{
	if (n < set->nroots)
		set->nroots = n;
}

int
doc_set_remove(struct doc_set *set, const struct doc_node *node)
{
	for (size_t i = 0; i < set->nroots; i++) {
		const struct doc_node *items;

		if (set->roots[i] == node) {
			memmove(&set->roots[i], &set->roots[i + 1],
				(set->nroots - i - 1) * sizeof(*set->roots));
			set->nroots--;
			return 0;
		}
		items = doc_get(set->roots[i], "items");
		if (!doc_is_seq(items))
			continue;
		for (size_t k = 0; k < items->len; k++) {
			/* the set owns its nodes: the List loses an item */
			struct doc_node *seq = (struct doc_node *)items;

			if (seq->u.items[k] != node)
				continue;
			memmove(&seq->u.items[k], &seq->u.items[k + 1],
				(seq->len - k - 1) * sizeof(*seq->u.items));
			seq->len--;
			return 0;
		}
	}
	return -1;
}

static bool
equal_at(const struct doc_node *a, const struct doc_node *b,
	bool (*skip)(const char *), struct strbuf *path)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	if (a->kind == DOC_SCALAR)	/* 80 and "80" alike: rare enough */
		return (doc_is_null(a) && doc_is_null(b)) || (a->len == b->len &&
			!memcmp(a->u.str, b->u.str, a->len));
	if (a->kind == DOC_SEQ) {
		if (a->len != b->len)
			return false;
		for (size_t i = 0; i < a->len; i++)
			if (!equal_at(a->u.items[i], b->u.items[i], skip, path))
				return false;
		return true;
	}
	/* mappings: the same keys, in any order, with the same values */
	for (int pass = 0; pass < 2; pass++) {
		const struct doc_node *x = pass ? b : a, *y = pass ? a : b;

		for (size_t i = 0; i < x->len; i++) {
			const char *k = doc_str(x->u.items[2 * i]);
			size_t old = path->len;
			bool same;

			if (!k)
				return false;
			if (path->len)
				strbuf_addc(path, '.');
			strbuf_adds(path, k);
			if (skip && skip(path->buf)) {
				path->len = old;
				path->buf[old] = '\0';
				continue;
			}
			/* the first pass compares; the second finds keys
			 * only y has */
			same = pass ? doc_key_node(y, k) != NULL :
				equal_at(x->u.items[2 * i + 1], doc_get(y, k),
				skip, path) && doc_key_node(y, k);
			path->len = old;
			path->buf[old] = '\0';
			if (!same)
				return false;
		}
	}
	return true;
}

bool
doc_equal(const struct doc_node *a, const struct doc_node *b,
	bool (*skip)(const char *path))
{
	struct strbuf path = STRBUF_INIT;
	bool eq;

	strbuf_grow(&path, 64);
	path.buf[0] = '\0';
	eq = equal_at(a, b, skip, &path);
	strbuf_release(&path);
	return eq;
}

const struct doc_node *
doc_set_root(const struct doc_set *set, size_t i)
{
	return i < set->nroots ? set->roots[i] : NULL;
}

struct src_pos
doc_pos(const struct doc_set *set, const struct doc_node *n)
{
	struct src_pos p = { 0 };

	if (!n || !set || !n->file || n->file >= set->nfiles)
		return p;
	p.file = set->files[n->file];
	p.line = n->line;
	p.col = n->col;
	return p;
}

static void
intern_grow(struct doc_set *set)
{
	size_t cap = set->intern_cap ? set->intern_cap * 2 : 1024;
	struct intern_slot *t = xcalloc(cap, sizeof(*t));

	for (size_t i = 0; i < set->intern_cap; i++) {
		struct intern_slot *s = &set->intern[i];
		size_t j;

		if (!s->str)
			continue;
		for (j = s->hash & (cap - 1); t[j].str; j = (j + 1) & (cap - 1))
			;
		t[j] = *s;
	}
	free(set->intern);
	set->intern = t;
	set->intern_cap = cap;
}

static const char *
intern(struct doc_set *set, const char *s, size_t n)
{
	uint32_t h;
	size_t j;

	if (n > INTERN_MAX)
		return arena_strndup(&set->arena, s, n);
	if ((set->intern_len + 1) * 2 > set->intern_cap)
		intern_grow(set);
	h = hash_bytes(HASH_FNV_BASIS, s, n);
	for (j = h & (set->intern_cap - 1); set->intern[j].str;
	     j = (j + 1) & (set->intern_cap - 1)) {
		struct intern_slot *slot = &set->intern[j];

		if (slot->hash == h && slot->len == n &&
		    !memcmp(slot->str, s, n))
			return slot->str;
	}
	set->intern[j].hash = h;
	set->intern[j].len = (uint32_t)n;
	set->intern[j].str = arena_strndup(&set->arena, s, n);
	set->intern_len++;
	return set->intern[j].str;
}

/* ---- YAML event parser -------------------------------------------------- */

struct frame {
	struct doc_node *node;
	size_t first;		/* index of the first child on the child stack */
	size_t nodes;		/* nodes in the subtree so far */
	char *anchor;
};

struct builder {
	struct doc_set *set;
	struct diag_sink *sink;
	const char *file;
	uint32_t file_id;
	struct doc_node **kids;	/* children of all open containers */
	size_t nkids, capkids;
	struct frame *frames;
	size_t nframes, capframes;
	struct anchor *anchors;
	size_t nanchors;
	size_t alias_nodes;
	struct doc_node *root;
	size_t root_nodes;
	bool failed;
	bool json;		/* the text is JSON (read as YAML first) */
	/* a server field's value being left out: 1 before it starts, then
	 * 1 + the depth of its open containers */
	size_t skip;
};

static struct src_pos
mark_pos(struct builder *b, yaml_mark_t m)
{
	struct src_pos p = { b->file, (uint32_t)m.line + 1,
		(uint32_t)m.column + 1 };
	return p;
}

static struct doc_node *
new_node(struct builder *b, enum doc_kind kind, yaml_mark_t m)
{
	struct doc_node *n = arena_alloc(&b->set->arena, sizeof(*n));

	n->kind = (uint8_t)kind;
	n->line = (uint32_t)m.line + 1;
	n->col = (uint32_t)m.column + 1;
	n->file = b->file_id < DOC_MAX_FILES ? b->file_id : 0;
	return n;
}

static void
push_kid(struct builder *b, struct doc_node *n)
{
	if (b->nkids == b->capkids) {
		b->capkids = b->capkids ? b->capkids * 2 : 256;
		b->kids = xrealloc(b->kids, b->capkids * sizeof(*b->kids));
	}
	b->kids[b->nkids++] = n;
}

static void
add_anchor(struct builder *b, const char *name, struct doc_node *n,
	size_t nodes)
{
	/* A later anchor of the same name replaces the earlier one. */
	b->anchors = xrealloc(b->anchors,
		(b->nanchors + 1) * sizeof(*b->anchors));
	b->anchors[b->nanchors].name = xstrdup(name);
	b->anchors[b->nanchors].node = n;
	b->anchors[b->nanchors].nodes = nodes;
	b->nanchors++;
}

/* A finished node goes to its parent (or becomes the document root). */
static void
attach(struct builder *b, struct doc_node *n, size_t nodes)
{
	if (b->nframes) {
		push_kid(b, n);
		b->frames[b->nframes - 1].nodes += nodes;
	} else {
		b->root = n;
		b->root_nodes = nodes;
	}
}

static int
open_container(struct builder *b, enum doc_kind kind, yaml_mark_t m,
	const yaml_char_t *anchor)
{
	struct frame *f;

	if (b->nframes >= b->set->limits.max_depth) {
		diag_input_error(b->sink, "input/limit", mark_pos(b, m),
			"nesting deeper than %u levels; ing2gw stops here to "
			"protect itself from hostile input",
			b->set->limits.max_depth);
		return ERR_LIMIT;
	}
	if (b->nframes == b->capframes) {
		b->capframes = b->capframes ? b->capframes * 2 : 16;
		b->frames = xrealloc(b->frames,
			b->capframes * sizeof(*b->frames));
	}
	f = &b->frames[b->nframes++];
	f->node = new_node(b, kind, m);
	f->first = b->nkids;
	f->nodes = 1;
	f->anchor = anchor ? xstrdup((const char *)anchor) : NULL;
	return 0;
}

static bool
is_merge_key(const struct doc_node *k)
{
	return k->kind == DOC_SCALAR && !(k->flags & DOC_F_QUOTED) &&
		k->len == 2 && !memcmp(k->u.str, "<<", 2);
}

static bool
scalar_eq(const struct doc_node *a, const struct doc_node *b)
{
	/* Short scalars are interned: equal text is the same pointer. */
	if (a->u.str == b->u.str)
		return a->kind == DOC_SCALAR && b->kind == DOC_SCALAR;
	return a->kind == DOC_SCALAR && b->kind == DOC_SCALAR &&
		a->len == b->len && a->len > INTERN_MAX &&
		!memcmp(a->u.str, b->u.str, a->len);
}

/*
 * Expands "<<" merge keys: keys of the map itself win, then earlier merged
 * maps over later ones, as the YAML merge key type says.
 */
static size_t
expand_merges(struct builder *b, struct doc_node **items, size_t n,
	struct doc_node ***out)
{
	struct doc_node **res = xmalloc(sizeof(*res) * 2 * (n + 1));
	size_t len = 0, cap = n + 1;

	for (size_t i = 0; i < n; i++) {
		if (is_merge_key(items[2 * i]))
			continue;
		res[2 * len] = items[2 * i];
		res[2 * len + 1] = items[2 * i + 1];
		len++;
	}
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *v = items[2 * i + 1];
		size_t nsrc;

		if (!is_merge_key(items[2 * i]))
			continue;
		nsrc = v->kind == DOC_SEQ ? v->len : 1;
		for (size_t s = 0; s < nsrc; s++) {
			const struct doc_node *m =
				v->kind == DOC_SEQ ? v->u.items[s] : v;

			if (m->kind != DOC_MAP)
				continue;
			for (size_t k = 0; k < m->len; k++) {
				bool dup = false;

				for (size_t j = 0; j < len && !dup; j++)
					dup = scalar_eq(res[2 * j],
						m->u.items[2 * k]);
				if (dup)
					continue;
				if (len == cap) {
					cap *= 2;
					res = xrealloc(res,
						sizeof(*res) * 2 * cap);
				}
				res[2 * len] = m->u.items[2 * k];
				res[2 * len + 1] = m->u.items[2 * k + 1];
				len++;
			}
		}
	}
	(void)b;
	*out = res;
	return len;
}

static int
cmp_key_ptr(const void *pa, const void *pb)
{
	const struct doc_node *a = *(struct doc_node *const *)pa;
	const struct doc_node *b = *(struct doc_node *const *)pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->u.str, b->u.str, n);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	/* Same text: the later one in the file is the duplicate. */
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Duplicate keys are an error for the API server's strict decoder too. */
static int
check_duplicates(struct builder *b, struct doc_node **items, size_t n)
{
	struct doc_node **keys;
	int rc = 0;

	if (n < 2)
		return 0;
	if (n <= 16) {
		/* Most maps are small: compare pairwise, no allocation. */
		for (size_t i = 1; i < n; i++)
			for (size_t j = 0; j < i; j++)
				if (scalar_eq(items[2 * j], items[2 * i]))
					goto slow;
		return 0;
	}
slow:
	keys = xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = items[2 * i];
	xqsort(keys, n, sizeof(*keys), cmp_key_ptr);
	for (size_t i = 1; i < n; i++) {
		struct src_pos p, first;

		if (!scalar_eq(keys[i - 1], keys[i]))
			continue;
		p = doc_pos(b->set, keys[i]);
		first = doc_pos(b->set, keys[i - 1]);
		diag_input_error(b->sink, "input/duplicate-key", p,
			"mapping key '%s' is already defined at line %u; "
			"remove one of them", keys[i]->u.str, first.line);
		diag_add_note(b->sink, first, "'%s' first defined here",
			keys[i]->u.str);
		rc = ERR_PARSE;
		break;
	}
	free(keys);
	return rc;
}

static int
close_container(struct builder *b)
{
	struct frame f = b->frames[--b->nframes];
	struct doc_node *n = f.node;
	size_t nkids = b->nkids - f.first;
	/* no child yet: b->kids may still be NULL */
	struct doc_node **kids = b->kids ? b->kids + f.first : NULL;
	struct doc_node **merged = NULL;
	int rc = 0;

	if (n->kind == DOC_MAP) {
		size_t pairs = nkids / 2;
		bool has_merge = false;

		for (size_t i = 0; i < pairs; i++)
			has_merge |= is_merge_key(kids[2 * i]);
		if (has_merge) {
			pairs = expand_merges(b, kids, pairs, &merged);
			kids = merged;
			nkids = pairs * 2;
		}
		if ((rc = check_duplicates(b, kids, pairs)))
			goto out;
		n->len = (uint32_t)pairs;
	} else {
		n->len = (uint32_t)nkids;
	}
	if (nkids) {
		n->u.items = arena_alloc(&b->set->arena,
			nkids * sizeof(*n->u.items));
		memcpy(n->u.items, kids, nkids * sizeof(*kids));
	}
	b->nkids = f.first;
	if (f.anchor)
		add_anchor(b, f.anchor, n, f.nodes);
	attach(b, n, f.nodes);
out:
	free(f.anchor);
	free(merged);
	return rc;
}

static bool key_expected(const struct builder *b);

/* The key of the container open at frame i (its parent is a map). */
static bool
frame_key_is(const struct builder *b, size_t i, const char *key)
{
	const struct doc_node *k;
	size_t at = b->frames[i].first;

	if (!i || b->frames[i - 1].node->kind != DOC_MAP ||
	    at == b->frames[i - 1].first)
		return false;
	k = b->kids[at - 1];
	return k->kind == DOC_SCALAR && !strcmp(k->u.str, key);
}

/* Whether the map open at frame i is an object: a root, or an item of
 * the root's "items". */
static bool
object_frame(const struct builder *b, size_t i)
{
	if (b->frames[i].node->kind != DOC_MAP)
		return false;
	if (i == 0)
		return true;
	return i == 2 && b->frames[1].node->kind == DOC_SEQ &&
		frame_key_is(b, 1, "items");
}

/* Whether the key about to be read (key_expected) is a server field. */
static bool
server_field_key(const struct builder *b, const char *key)
{
	static const char *const meta[] = { "managedFields", "uid",
		"resourceVersion", "generation", "selfLink" };
	size_t top = b->nframes - 1;

	if (object_frame(b, top))
		return !strcmp(key, "status");
	if (!top || !object_frame(b, top - 1) ||
	    !frame_key_is(b, top, "metadata"))
		return false;
	for (size_t i = 0; i < ARRAY_LEN(meta); i++)
		if (!strcmp(key, meta[i]))
			return true;
	return false;
}

/*
 * Consumes the events of a server field's value (b->skip): true when ev
 * was one of them.
 */
static bool
skipped(struct builder *b, const yaml_event_t *ev)
{
	if (!b->skip)
		return false;
	switch (ev->type) {
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		b->skip++;
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (--b->skip == 1)
			b->skip = 0;
		break;
	case YAML_SCALAR_EVENT:
	case YAML_ALIAS_EVENT:
		if (b->skip == 1)
			b->skip = 0;
		break;
	default:
		return false;
	}
	return true;
}

static int
on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct doc_node *n;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;

	/* An escaped NUL ("\0", "\u0000") would cut the C string short. */
	if (memchr(ev->data.scalar.value, '\0', len)) {
		diag_input_error(b->sink, b->json ? "input/json-syntax" :
			"input/yaml-syntax", mark_pos(b, ev->start_mark),
			"this string contains an escaped NUL character (%s); "
			"no Kubernetes string can hold one", b->json ?
			"\\u0000" : "\\0, \\x00 or \\u0000");
		return ERR_PARSE;
	}
	if (b->set->skip_server_fields && key_expected(b) &&
	    server_field_key(b, (const char *)ev->data.scalar.value)) {
		b->skip = 1;	/* the key goes, and its value after it */
		return 0;
	}
	n = new_node(b, DOC_SCALAR, ev->start_mark);
	/* Keys must be scalars: a container in key position is refused. */
	n->u.str = intern(b->set, (const char *)ev->data.scalar.value, len);
	n->len = (uint32_t)len;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    (tag && !strcmp(tag, YAML_STR_TAG)))
		n->flags |= DOC_F_QUOTED;
	if (ev->data.scalar.anchor)
		add_anchor(b, (const char *)ev->data.scalar.anchor, n, 1);
	attach(b, n, 1);
	return 0;
}

static int
on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;

	for (size_t i = b->nanchors; i-- > 0;) {
		struct anchor *a = &b->anchors[i];

		if (strcmp(a->name, name))
			continue;
		b->alias_nodes += a->nodes;
		if (b->alias_nodes > b->set->limits.max_alias_nodes) {
			diag_input_error(b->sink, "input/limit",
				mark_pos(b, ev->start_mark),
				"aliases expand to more than %zu nodes; "
				"refusing a possible alias bomb",
				b->set->limits.max_alias_nodes);
			return ERR_LIMIT;
		}
		attach(b, a->node, a->nodes);
		return 0;
	}
	diag_input_error(b->sink, "input/yaml-syntax",
		mark_pos(b, ev->start_mark),
		"alias '*%s' names no anchor defined before it", name);
	return ERR_PARSE;
}

/* A container in key position: the tree keeps scalar keys only. */
static bool
key_expected(const struct builder *b)
{
	const struct frame *f;

	if (!b->nframes)
		return false;
	f = &b->frames[b->nframes - 1];
	return f->node->kind == DOC_MAP && (b->nkids - f->first) % 2 == 0;
}

static void
add_root(struct doc_set *set, const struct doc_node *n)
{
	if (set->nroots == set->caproots) {
		set->caproots = set->caproots ? set->caproots * 2 : 16;
		set->roots = xrealloc(set->roots,
			set->caproots * sizeof(*set->roots));
	}
	set->roots[set->nroots++] = n;
}

/* The line and column of byte off of buf (columns count characters). */
static struct src_pos
offset_pos(const struct builder *b, const char *buf, size_t len, size_t off)
{
	struct src_pos p = { b->file, 1, 1 };

	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

static void
yaml_error(struct builder *b, const yaml_parser_t *p, const char *buf,
	size_t len)
{
	const char *what = p->problem ? p->problem : "cannot parse";
	yaml_mark_t m = p->problem ? p->problem_mark : p->mark;

	if (p->error == YAML_READER_ERROR) {
		/* The reader reports a byte offset, not a line. */
		diag_input_error(b->sink, "input/yaml-syntax",
			offset_pos(b, buf, len, p->problem_offset),
			"%s (byte offset %zu); the input must be UTF-8 text",
			what, p->problem_offset);
		return;
	}
	if (p->context)
		diag_input_error(b->sink, "input/yaml-syntax", mark_pos(b, m),
			"%s (%s that starts at line %zu)", what, p->context,
			(size_t)p->context_mark.line + 1);
	else
		diag_input_error(b->sink, "input/yaml-syntax", mark_pos(b, m),
			"%s", what);
}

static void
builder_release(struct builder *b)
{
	for (size_t i = 0; i < b->nframes; i++)
		free(b->frames[i].anchor);
	for (size_t i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
	free(b->frames);
	free(b->kids);
	b->anchors = NULL;
	b->nanchors = 0;
	b->frames = NULL;
	b->kids = NULL;
	b->nframes = b->nkids = 0;
	b->skip = 0;
}

static int
parse_yaml(struct builder *b, const char *buf, size_t len, bool quiet)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	size_t first_root = b->set->nroots, docs = 0;
	int rc = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return ERR_NOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !rc) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (!quiet)
				yaml_error(b, &parser, buf, len);
			rc = ERR_PARSE;
			break;
		}
		if (skipped(b, &ev)) {
			yaml_event_delete(&ev);
			continue;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			b->root = NULL;
			b->alias_nodes = 0;
			for (size_t i = 0; i < b->nanchors; i++)
				free(b->anchors[i].name);
			b->nanchors = 0;
			if (++docs > b->set->limits.max_documents) {
				diag_input_error(b->sink, "input/limit",
					mark_pos(b, ev.start_mark),
					"more than %zu documents in one input",
					b->set->limits.max_documents);
				rc = ERR_LIMIT;
			}
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (b->root && !doc_is_null(b->root))
				add_root(b->set, b->root);
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (key_expected(b)) {
				diag_input_error(b->sink, "input/yaml-syntax",
					mark_pos(b, ev.start_mark),
					"a mapping key must be a plain value, "
					"not a %s",
					ev.type == YAML_MAPPING_START_EVENT ?
					"mapping" : "sequence");
				rc = ERR_PARSE;
				break;
			}
			rc = open_container(b,
				ev.type == YAML_MAPPING_START_EVENT ?
				DOC_MAP : DOC_SEQ, ev.start_mark,
				ev.type == YAML_MAPPING_START_EVENT ?
				ev.data.mapping_start.anchor :
				ev.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			rc = close_container(b);
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(b, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (rc)
		b->set->nroots = first_root;
	return rc;
}

/* ---- JSON fallback ------------------------------------------------------ */

/*
 * libyaml reads JSON as YAML flow style and gives every node a position.
 * What it refuses (surrogate pairs, tabs) goes through jansson, which
 * knows JSON exactly; those nodes carry the position of the text start.
 */
static struct doc_node *
from_json(struct builder *b, json_t *j, yaml_mark_t m)
{
	struct doc_node *n;
	size_t i = 0;

	if (json_is_object(j)) {
		const char *key;
		json_t *v;

		n = new_node(b, DOC_MAP, m);
		n->len = (uint32_t)json_object_size(j);
		n->u.items = arena_alloc(&b->set->arena,
			2 * (n->len + 1) * sizeof(*n->u.items));
		json_object_foreach(j, key, v) {
			struct doc_node *k = new_node(b, DOC_SCALAR, m);

			k->u.str = intern(b->set, key, strlen(key));
			k->len = (uint32_t)strlen(key);
			k->flags = DOC_F_QUOTED;
			n->u.items[2 * i] = k;
			n->u.items[2 * i + 1] = from_json(b, v, m);
			i++;
		}
		return n;
	}
	if (json_is_array(j)) {
		json_t *v;

		n = new_node(b, DOC_SEQ, m);
		n->len = (uint32_t)json_array_size(j);
		n->u.items = arena_alloc(&b->set->arena,
			(n->len + 1) * sizeof(*n->u.items));
		json_array_foreach(j, i, v)
			n->u.items[i] = from_json(b, v, m);
		return n;
	}
	n = new_node(b, DOC_SCALAR, m);
	if (json_is_string(j)) {
		n->u.str = intern(b->set, json_string_value(j),
			json_string_length(j));
		n->len = (uint32_t)json_string_length(j);
		n->flags = DOC_F_QUOTED;
	} else {
		char *text = json_dumps(j, JSON_ENCODE_ANY);
		const char *t = text ? text : "null";

		n->u.str = intern(b->set, t, strlen(t));
		n->len = (uint32_t)strlen(t);
		free(text);
	}
	return n;
}

static int
parse_json(struct builder *b, const char *buf, size_t len)
{
	json_error_t err;
	json_t *j;
	yaml_mark_t start = { 0, 0, 0 };
	int rc;

	b->json = true;
	rc = parse_yaml(b, buf, len, true);
	if (!rc || b->sink->input_errors)
		return rc;
	builder_release(b);
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
		&err);
	if (!j) {
		struct src_pos p = { b->file, err.line > 0 ? (uint32_t)err.line : 1,
			err.column > 0 ? (uint32_t)err.column : 1 };

		diag_input_error(b->sink, "input/json-syntax", p, "%s",
			err.text);
		return ERR_PARSE;
	}
	if (!json_is_null(j))
		add_root(b->set, from_json(b, j, start));
	json_decref(j);
	return 0;
}

static bool
looks_like_json(const char *file, const char *buf, size_t len)
{
	size_t n = strlen(file);

	if (n > 5 && !strcmp(file + n - 5, ".json"))
		return true;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
		    buf[i] == '\r')
			continue;
		return buf[i] == '{' || buf[i] == '[';
	}
	return false;
}

int
doc_set_parse(struct doc_set *set, const char *file, const char *buf,
	size_t len, struct diag_sink *sink)
{
	struct builder b = { 0 };
	const char *nul;
	int rc;

	b.set = set;
	b.sink = sink;
	b.file_id = doc_set_add_file(set, file);
	b.file = set->files[b.file_id];
	if (len > set->limits.max_input_bytes) {
		struct src_pos p = { b.file, 1, 1 };

		diag_input_error(sink, "input/limit", p,
			"input is %zu bytes, more than the limit of %zu",
			len, set->limits.max_input_bytes);
		return ERR_LIMIT;
	}
	if ((nul = memchr(buf, '\0', len))) {
		/* Point at the NUL itself. */
		diag_input_error(sink, "input/yaml-syntax", offset_pos(&b, buf,
			len, (size_t)(nul - buf)), "input contains a NUL byte; "
			"it is not a YAML or JSON text");
		return ERR_PARSE;
	}
	if (looks_like_json(file, buf, len))
		rc = parse_json(&b, buf, len);
	else
		rc = parse_yaml(&b, buf, len, false);
	builder_release(&b);
	return rc;
}

/* ---- lookups ------------------------------------------------------------ */

bool
doc_is_map(const struct doc_node *n)
{
	return n && n->kind == DOC_MAP;
}

bool
doc_is_seq(const struct doc_node *n)
{
	return n && n->kind == DOC_SEQ;
}

bool
doc_is_scalar(const struct doc_node *n)
{
	return n && n->kind == DOC_SCALAR;
}

bool
doc_is_null(const struct doc_node *n)
{
	const char *s;

	if (!n)
		return true;
	if (n->kind != DOC_SCALAR || (n->flags & DOC_F_QUOTED))
		return false;
	s = n->u.str;
	switch (n->len) {
	case 0:
		return true;
	case 1:
		return s[0] == '~';
	case 4:
		return (s[0] == 'n' || s[0] == 'N') && (!memcmp(s + 1,
			"ull", 3) || (s[0] == 'N' && !memcmp(s + 1, "ULL", 3)));
	default:
		return false;
	}
}

const struct doc_node *
doc_key_node(const struct doc_node *map, const char *key)
{
	size_t klen;

	if (!doc_is_map(map))
		return NULL;
	klen = strlen(key);
	for (size_t i = 0; i < map->len; i++) {
		const struct doc_node *k = map->u.items[2 * i];

		if (k->kind == DOC_SCALAR && k->len == klen &&
		    !memcmp(k->u.str, key, klen))
			return k;
	}
	return NULL;
}

const struct doc_node *
doc_get(const struct doc_node *map, const char *key)
{
	size_t klen;

	if (!doc_is_map(map))
		return NULL;
	klen = strlen(key);
	for (size_t i = 0; i < map->len; i++) {
		const struct doc_node *k = map->u.items[2 * i];

		if (k->kind == DOC_SCALAR && k->len == klen &&
		    !memcmp(k->u.str, key, klen))
			return map->u.items[2 * i + 1];
	}
	return NULL;
}

const struct doc_node *
doc_path(const struct doc_node *n, const char *dotted)
{
	char key[128];

	while (n && *dotted) {
		const char *dot = strchr(dotted, '.');
		size_t len = dot ? (size_t)(dot - dotted) : strlen(dotted);

		if (len >= sizeof(key))
			return NULL;
		memcpy(key, dotted, len);
		key[len] = '\0';
		n = doc_get(n, key);
		dotted += len + (dot != NULL);
	}
	return n;
}

const char *
doc_str(const struct doc_node *n)
{
	if (!doc_is_scalar(n) || doc_is_null(n))
		return NULL;
	return n->u.str;
}

bool
doc_int(const struct doc_node *n, long long *out)
{
	const char *s = doc_str(n);
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	if (!(s[0] >= '0' && s[0] <= '9') && s[0] != '-' && s[0] != '+')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE)	/* not clamped to LLONG_MAX */
		return false;
	*out = v;
	return true;
}

bool
doc_int_overflows(const struct doc_node *n)
{
	const char *s = doc_str(n);
	char *end;

	if (!s || !((s[0] >= '0' && s[0] <= '9') || ((s[0] == '-' ||
	    s[0] == '+') && s[1] >= '0' && s[1] <= '9')))
		return false;
	errno = 0;
	(void)strtoll(s, &end, 10);
	return !*end && errno == ERANGE;
}

bool
doc_bool(const struct doc_node *n, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes",
		"Yes", "YES", "on", "On", "ON" };
	static const char *const no[] = { "false", "False", "FALSE", "no",
		"No", "NO", "off", "Off", "OFF" };
	const char *s = doc_str(n);

	if (!s)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

size_t
doc_len(const struct doc_node *n)
{
	return n && n->kind != DOC_SCALAR ? n->len : 0;
}

const struct doc_node *
doc_item(const struct doc_node *seq, size_t i)
{
	return doc_is_seq(seq) && i < seq->len ? seq->u.items[i] : NULL;
}

const struct doc_node *
doc_map_key(const struct doc_node *map, size_t i)
{
	return doc_is_map(map) && i < map->len ? map->u.items[2 * i] : NULL;
}

const struct doc_node *
doc_map_value(const struct doc_node *map, size_t i)
{
	return doc_is_map(map) && i < map->len ?
		map->u.items[2 * i + 1] : NULL;
}

/* ---- builders ----------------------------------------------------------- */

/*
 * Per-arena state of the builders, allocated in the arena on first use
 * (arena.doc_keys points to it):
 *
 * - keys: the same few keys repeat in every object, so the arena keeps
 *   one key node per key pointer (a direct-mapped table of KEY_CACHE
 *   entries); trees are DAGs already.
 * - vals: scalar values repeat as much (types, names, ports), and scalar
 *   nodes are never changed once built: one node per distinct text and
 *   flags (an open-addressing table of vcap entries, a power of two).
 * - spare: item arrays a container outgrew, by log2 of their length in
 *   pointers, reused for the next array of that length (a free list
 *   threaded through the arrays' first pointer).
 */
enum { KEY_CACHE = 1024, SPARE_CLASSES = 40 };

struct out_cache {
	struct doc_node *keys[KEY_CACHE];
	struct doc_node **vals;
	size_t nvals, vcap;
	void *spare[SPARE_CLASSES];
	bool borrow;		/* doc_builder_borrow */
};

static struct out_cache *
out_cache(struct arena *a)
{
	if (!a->doc_keys)
		a->doc_keys = arena_alloc(a, sizeof(struct out_cache));
	return a->doc_keys;
}

static unsigned
log2_exact(size_t n)		/* n is a power of two */
{
	unsigned k = 0;

	while ((size_t)1 << k < n)
		k++;
	return k;
}

/* An array of n (a power of two) item pointers, contents undefined. */
static struct doc_node **
items_get(struct arena *a, size_t n)
{
	struct out_cache *oc = out_cache(a);
	unsigned k = log2_exact(n);
	void **p = k < SPARE_CLASSES ? oc->spare[k] : NULL;

	if (!p)
		return arena_alloc(a, n * sizeof(struct doc_node *));
	oc->spare[k] = *p;
	return (struct doc_node **)p;
}

/* Gives back an array from items_get(a, n) that is no longer used. */
static void
items_put(struct arena *a, struct doc_node **items, size_t n)
{
	struct out_cache *oc = out_cache(a);
	unsigned k = log2_exact(n);

	if (k >= SPARE_CLASSES)
		return;
	*(void **)items = oc->spare[k];
	oc->spare[k] = items;
}

static struct doc_node *
new_out(struct arena *a, enum doc_kind kind)
{
	struct doc_node *n = arena_alloc(a, sizeof(*n));

	n->kind = (uint8_t)kind;
	return n;
}

static uint32_t
hash_scalar(const char *s, size_t n, unsigned flags)
{
	return hash_bytes(HASH_FNV_BASIS ^ flags, s, n);
}

static bool
same_scalar(const struct doc_node *v, const char *s, size_t n,
	unsigned flags)
{
	return v->len == n && v->flags == flags && !memcmp(v->u.str, s, n);
}

static void
vals_grow(struct arena *a, struct out_cache *oc)
{
	size_t cap = oc->vcap ? oc->vcap * 2 : 1024;
	struct doc_node **t = items_get(a, cap);

	memset(t, 0, cap * sizeof(*t));
	for (size_t i = 0; i < oc->vcap; i++) {
		struct doc_node *v = oc->vals[i];
		size_t j;

		if (!v)
			continue;
		j = hash_scalar(v->u.str, v->len, v->flags) & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = v;
	}
	if (oc->vals)
		items_put(a, oc->vals, oc->vcap);
	oc->vals = t;
	oc->vcap = cap;
}

/*
 * The scalar node for s[0..n) with flags: shared by every value of the
 * same text and flags built in a. copy: s must be copied into the arena
 * (else it is a string literal or arena text that outlives the tree).
 */
static struct doc_node *
out_scalar(struct arena *a, const char *s, size_t n, unsigned flags,
	bool copy)
{
	struct out_cache *oc = out_cache(a);
	struct doc_node *v;
	size_t j;

	if ((oc->nvals + 1) * 4 > oc->vcap * 3)
		vals_grow(a, oc);
	j = hash_scalar(s, n, flags) & (oc->vcap - 1);
	for (; (v = oc->vals[j]); j = (j + 1) & (oc->vcap - 1))
		if (same_scalar(v, s, n, flags))
			return v;
	v = new_out(a, DOC_SCALAR);
	v->u.str = copy ? arena_strndup(a, s, n) : s;
	v->len = (uint32_t)n;
	v->flags = (uint8_t)flags;
	oc->vals[j] = v;
	oc->nvals++;
	return v;
}

struct doc_node *
doc_new_map(struct arena *a)
{
	return new_out(a, DOC_MAP);
}

struct doc_node *
doc_new_seq(struct arena *a)
{
	return new_out(a, DOC_SEQ);
}

void
doc_builder_borrow(struct arena *a)
{
	out_cache(a)->borrow = true;
}

struct doc_node *
doc_new_strn(struct arena *a, const char *s, size_t n)
{
	return out_scalar(a, s, n, DOC_F_QUOTED, true);
}

struct doc_node *
doc_new_str(struct arena *a, const char *s)
{
	struct doc_node *v;

	if (out_cache(a)->borrow) {	/* a whole string: kept as it is */
		v = new_out(a, DOC_SCALAR);
		v->u.str = s;
		v->len = (uint32_t)strlen(s);
		v->flags = DOC_F_QUOTED;
		return v;
	}
	return doc_new_strn(a, s, strlen(s));
}

struct doc_node *
doc_new_int(struct arena *a, long long v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
		(unsigned long long)v;

	do	/* what "%lld" prints */
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return out_scalar(a, p, (size_t)(buf + sizeof(buf) - p), DOC_F_RAW,
		true);
}

struct doc_node *
doc_new_bool(struct arena *a, bool v)
{
	return v ? out_scalar(a, "true", 4, DOC_F_RAW, false) :
		out_scalar(a, "false", 5, DOC_F_RAW, false);
}

/*
 * The capacity of an output container, in pairs or elements: items come
 * from reserve() only, which starts at 1 (most output containers hold one
 * or two items) and doubles; outgrown arrays are reused (items_put).
 */
static size_t
out_cap(size_t len)
{
	size_t cap = 1;

	if (!len)
		return 0;
	while (cap < len)
		cap *= 2;
	return cap;
}

static void
reserve(struct arena *a, struct doc_node *n, size_t slots_needed)
{
	size_t per = n->kind == DOC_MAP ? 2 : 1;
	size_t cap = out_cap(n->len);
	struct doc_node **items;

	if (slots_needed <= cap * per)
		return;
	items = items_get(a, (cap ? cap * 2 : 1) * per);
	if (n->len) {
		memcpy(items, n->u.items, n->len * per * sizeof(*items));
		items_put(a, n->u.items, cap * per);
	}
	n->u.items = items;
}

/*
 * Keys are string literals of the builders, or text that outlives the
 * tree: borrowed, not copied (see struct out_cache).
 */
static struct doc_node *
key_node(struct arena *a, const char *key)
{
	struct doc_node **t = out_cache(a)->keys;
	uintptr_t p = (uintptr_t)key;
	size_t slot = (size_t)((p ^ (p >> 10)) & (KEY_CACHE - 1));
	struct doc_node *k;

	if (t[slot] && t[slot]->u.str == key)
		return t[slot];
	k = new_out(a, DOC_SCALAR);
	k->u.str = key;
	k->len = (uint32_t)strlen(key);
	k->flags = DOC_F_QUOTED;
	t[slot] = k;
	return k;
}

struct doc_node *
doc_map_add(struct arena *a, struct doc_node *map, const char *key,
	struct doc_node *value)
{
	struct doc_node *k = key_node(a, key);

	reserve(a, map, 2 * (map->len + 1));
	map->u.items[2 * map->len] = k;
	map->u.items[2 * map->len + 1] = value;
	map->len++;
	return value;
}

struct doc_node *
doc_map_add_str(struct arena *a, struct doc_node *map, const char *key,
	const char *value)
{
	return doc_map_add(a, map, key, doc_new_str(a, value));
}

struct doc_node *
doc_map_add_int(struct arena *a, struct doc_node *map, const char *key,
	long long value)
{
	return doc_map_add(a, map, key, doc_new_int(a, value));
}

struct doc_node *
doc_map_add_map(struct arena *a, struct doc_node *map, const char *key)
{
	return doc_map_add(a, map, key, doc_new_map(a));
}

struct doc_node *
doc_map_add_seq(struct arena *a, struct doc_node *map, const char *key)
{
	return doc_map_add(a, map, key, doc_new_seq(a));
}

struct doc_node *
doc_seq_add(struct arena *a, struct doc_node *seq, struct doc_node *value)
{
	reserve(a, seq, seq->len + 1);
	seq->u.items[seq->len++] = value;
	return value;
}

struct doc_node *
doc_seq_add_map(struct arena *a, struct doc_node *seq)
{
	return doc_seq_add(a, seq, doc_new_map(a));
}

struct doc_node *
doc_seq_add_str(struct arena *a, struct doc_node *seq, const char *s)
{
	return doc_seq_add(a, seq, doc_new_str(a, s));
}
