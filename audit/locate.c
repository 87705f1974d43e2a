#include "compat.h"
#include "locate.h"

#include <stdlib.h>
#include <string.h>

struct audit_extent {
	const char *file;
	uint32_t line, col;		/* the object's first node */
	uint32_t end_line, end_col;	/* its last node */
	size_t index;			/* in w->ingresses */
};

/* a before b: -1, 0, 1 */
static int
cmp_pos(uint32_t al, uint32_t ac, uint32_t bl, uint32_t bc)
{
	if (al != bl)
		return al < bl ? -1 : 1;
	return ac < bc ? -1 : ac > bc;
}

/*
 * Stretches e to the last node under n of the same file. An alias may
 * point back at an anchor of an earlier object of a List: what lies
 * before the object's start is not its own.
 */
static void
stretch(struct audit_extent *e, const struct doc_node *n, unsigned file)
{
	size_t items;

	if (!n || n->file != file ||
	    cmp_pos(n->line, n->col, e->line, e->col) < 0)
		return;
	if (cmp_pos(n->line, n->col, e->end_line, e->end_col) > 0) {
		e->end_line = n->line;
		e->end_col = n->col;
	}
	if (n->kind == DOC_SCALAR)
		return;
	items = n->kind == DOC_MAP ? 2 * (size_t)n->len : n->len;
	for (size_t i = 0; i < items; i++)
		stretch(e, n->u.items[i], file);
}

static int
cmp_extent(const void *pa, const void *pb)
{
	const struct audit_extent *a = pa, *b = pb;
	int d = strcmp(a->file, b->file);

	return d ? d : cmp_pos(a->line, a->col, b->line, b->col);
}

void
audit_locator_init(struct audit_locator *l, const struct ing_world *w)
{
	memset(l, 0, sizeof(*l));
	l->v = xcalloc(w->ningresses + 1, sizeof(*l->v));
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct doc_node *root = w->ingresses[i].obj->root;
		struct src_pos p = doc_pos(w->set, root);
		struct audit_extent *e = &l->v[l->len];

		if (!p.file)
			continue;
		*e = (struct audit_extent){ p.file, p.line, p.col, p.line,
			p.col, i };
		stretch(e, root, root->file);
		l->len++;
	}
	if (l->len)
		qsort(l->v, l->len, sizeof(*l->v), cmp_extent);
}

bool
audit_locate(const struct audit_locator *l, struct src_pos p, size_t *index)
{
	size_t lo = 0, hi = l->len;
	const struct audit_extent *e;

	if (!p.file || !p.line)
		return false;
	/* the last extent starting at or before p */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct audit_extent *m = &l->v[mid];
		int d = strcmp(m->file, p.file);

		if (d < 0 || (!d && cmp_pos(m->line, m->col, p.line,
		    p.col) <= 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	e = &l->v[lo - 1];
	if (strcmp(e->file, p.file) ||
	    cmp_pos(p.line, p.col, e->end_line, e->end_col) > 0)
		return false;
	*index = e->index;
	return true;
}

void
audit_locator_release(struct audit_locator *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
