#include "compat.h"
#include "accept.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
cli_accept_load(struct lint_config *cfg, const char *path,
	struct diag_sink *sink)
{
	if (!path && access(CLI_DEFAULT_CONFIG, F_OK) == 0)
		path = CLI_DEFAULT_CONFIG;
	if (!path)
		return 0;
	return lint_config_load(cfg, path, sink);
}

int
cli_accept_check_output(const char *path, const struct cli_output *out,
	const char *command)
{
	struct cli_input cfg = { 0 };
	int rc;

	if (!path && access(CLI_DEFAULT_CONFIG, F_OK) == 0)
		path = CLI_DEFAULT_CONFIG;
	if (!path)
		return 0;
	cli_input_add_file(&cfg, path);
	rc = cli_input_check_output(&cfg, out, command);
	cli_input_release(&cfg);
	return rc;
}

/* Where an object starts: the objects of one file in order. */
struct start {
	const char *file;
	uint32_t line, col;
	const struct k8s_object *obj;
};

static int
cmp_pos(const char *fa, uint32_t la, uint32_t ca, const char *fb,
	uint32_t lb, uint32_t cb)
{
	int c = strcmp(fa, fb);

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return ca < cb ? -1 : ca > cb;
}

static int
cmp_start(const void *pa, const void *pb)
{
	const struct start *a = pa, *b = pb;

	return cmp_pos(a->file, a->line, a->col, b->file, b->line, b->col);
}

struct accept_ctx {
	const struct lint_config *cfg;
	struct start *starts;
	size_t n;
};

/* The object whose lines hold p: the last one starting at or before. */
static const struct k8s_object *
object_at(const struct accept_ctx *x, struct src_pos p)
{
	size_t lo = 0, hi = x->n;

	if (!p.file || !p.line)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_pos(x->starts[mid].file, x->starts[mid].line,
		    x->starts[mid].col, p.file, p.line, p.col) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || strcmp(x->starts[lo - 1].file, p.file))
		return NULL;
	return x->starts[lo - 1].obj;
}

static bool
listed(const char *list, const char *rule)
{
	size_t n = strlen(rule);

	for (const char *p = list; *p;) {
		const char *end;

		while (*p == ' ' || *p == ',')
			p++;
		end = p;
		while (*end && *end != ',' && *end != ' ')
			end++;
		if (((size_t)(end - p) == n && !memcmp(p, rule, n)) ||
		    ((size_t)(end - p) == 3 && !memcmp(p, "all", 3)))
			return true;
		p = end;
	}
	return false;
}

static bool
drop(struct diag *d, void *p)
{
	const struct accept_ctx *x = p;
	const struct k8s_object *o;
	const char *v;

	if (!d->rule)
		return false;
	for (size_t i = 0; x->cfg && i < x->cfg->len; i++) {
		if (strcmp(x->cfg->items[i].rule, d->rule))
			continue;
		switch (x->cfg->items[i].level) {
		case LINT_LEVEL_OFF: return true;
		case LINT_LEVEL_INFO: d->severity = DIAG_INFO; break;
		case LINT_LEVEL_WARNING: d->severity = DIAG_WARNING; break;
		case LINT_LEVEL_ERROR: d->severity = DIAG_ERROR; break;
		case LINT_LEVEL_DEFAULT: break;
		}
	}
	if (!(o = object_at(x, d->pos)))
		return false;
	v = doc_str(doc_get(doc_get(o->metadata, "annotations"),
		CLI_DISABLE_ANNOTATION));
	return v && listed(v, d->rule);
}

void
cli_accept_apply(const struct lint_config *cfg, const struct cli_input *in,
	struct diag_sink *sink)
{
	struct accept_ctx x = { cfg, NULL, 0 };

	if (in && in->set) {
		x.starts = xcalloc(in->objects.len + 1, sizeof(*x.starts));
		for (size_t i = 0; i < in->objects.len; i++) {
			const struct k8s_object *o = &in->objects.items[i];
			struct src_pos p = doc_pos(in->set, o->root);

			if (!p.file || !p.line)
				continue;
			x.starts[x.n++] = (struct start){ p.file, p.line,
				p.col, o };
		}
		qsort(x.starts, x.n, sizeof(*x.starts), cmp_start);
	}
	diag_remove_if(sink, drop, &x);
	free(x.starts);
}
