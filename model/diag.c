#include "compat.h"
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/*
 * A quoted value longer than QUOTED_MAX bytes is cut to its first
 * QUOTED_KEEP in messages: a 1 MB value was repeated whole in each
 * diagnostic that named it. Static text quoted in messages (the schema
 * patterns lint cites, up to some 150 bytes) stays whole.
 */
#define QUOTED_MAX 200
#define QUOTED_KEEP 80

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

/*
 * The end of the value quoted at msg[i] ('...' or "..."): an opening
 * quote starts a word and its closing one ends it, so the apostrophe of
 * "controller's" is neither. Returns 0 when there is none.
 */
static size_t
quoted_end(const char *msg, size_t n, size_t i)
{
	char q = msg[i];

	if ((q != '\'' && q != '"') || (i && is_word(msg[i - 1])))
		return 0;
	for (size_t j = i + 1; j < n; j++)
		if (msg[j] == q && (j + 1 == n || !is_word(msg[j + 1])))
			return j;
	return 0;
}

/*
 * Cuts each quoted value longer than QUOTED_MAX bytes to its first
 * QUOTED_KEEP (whole UTF-8 characters), "…" and its size: 'aaaa…'
 * (1048576 bytes). Takes msg (n bytes) and returns it or its replacement.
 */
static char *
shorten_quoted(char *msg, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		size_t end = quoted_end(msg, n, i), cut = QUOTED_KEEP;

		if (!end)
			continue;
		if (end - i - 1 <= QUOTED_MAX) {
			i = end;
			continue;
		}
		while (cut && ((unsigned char)msg[i + 1 + cut] & 0xc0) == 0x80)
			cut--;
		strbuf_add(&sb, msg + from, i + 1 + cut - from);
		strbuf_addf(&sb, "\xe2\x80\xa6" "%c (%zu bytes)", msg[i],
			end - i - 1);	/* "…" in UTF-8 */
		from = end + 1;
		i = end;
	}
	if (!from)
		return msg;
	strbuf_add(&sb, msg + from, n - from);
	free(msg);
	return strbuf_detach(&sb, NULL);
}

/*
 * Messages are a few hundred bytes: format once on the stack and keep an
 * exact copy; only a longer one is formatted a second time.
 */
static char *
vformat(const char *fmt, va_list ap)
{
	char small[1024];
	va_list cp;
	char *p;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		n = 0;
		small[0] = '\0';
	}
	p = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	/* no quoted value can be too long in a short message */
	return n > QUOTED_MAX + 2 ? shorten_quoted(p, (size_t)n) : p;
}

void
diag_vadd(struct diag_sink *sink, enum diag_severity sev, const char *rule,
	struct src_pos pos, const char *fmt, va_list ap)
{
	struct diag *d;

	if (sink->len == sink->cap) {
		sink->cap = sink->cap ? sink->cap * 2 : 16;
		sink->items = xrealloc(sink->items,
			sink->cap * sizeof(*sink->items));
	}
	d = &sink->items[sink->len];
	memset(d, 0, sizeof(*d));
	d->severity = sev;
	d->rule = rule;
	d->pos = pos;
	d->msg = vformat(fmt, ap);
	d->seq = sink->next_seq++;
	sink->len++;
}

void
diag_add(struct diag_sink *sink, enum diag_severity sev, const char *rule,
	struct src_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(sink, sev, rule, pos, fmt, ap);
	va_end(ap);
}

void
diag_input_error(struct diag_sink *sink, const char *rule, struct src_pos pos,
	const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(sink, DIAG_ERROR, rule, pos, fmt, ap);
	va_end(ap);
	sink->items[sink->len - 1].input_error = true;
	sink->input_errors++;
}

void
diag_add_note(struct diag_sink *sink, struct src_pos pos, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	if (!sink->len)
		return;
	d = &sink->items[sink->len - 1];
	d->notes = xrealloc(d->notes, (d->nnotes + 1) * sizeof(*d->notes));
	d->notes[d->nnotes].pos = pos;
	va_start(ap, fmt);
	d->notes[d->nnotes].msg = vformat(fmt, ap);
	va_end(ap);
	d->nnotes++;
}

size_t
diag_remove_if(struct diag_sink *sink, bool (*drop)(struct diag *d, void *ctx),
	void *ctx)
{
	size_t n = 0, removed = 0;

	for (size_t i = 0; i < sink->len; i++) {
		struct diag *d = &sink->items[i];

		if (!d->input_error && drop(d, ctx)) {
			free(d->msg);
			for (size_t j = 0; j < d->nnotes; j++)
				free(d->notes[j].msg);
			free(d->notes);
			removed++;
			continue;
		}
		sink->items[n++] = *d;
	}
	sink->len = n;
	return removed;
}

const char *
diag_sink_keep(struct diag_sink *sink, const char *s)
{
	/* the same name again (a file's several errors): one copy */
	if (sink->nkept && !strcmp(sink->kept[sink->nkept - 1], s))
		return sink->kept[sink->nkept - 1];
	sink->kept = xrealloc(sink->kept,
		(sink->nkept + 1) * sizeof(*sink->kept));
	sink->kept[sink->nkept] = xstrdup(s);
	return sink->kept[sink->nkept++];
}

static int
strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
cmp_diag(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->pos.file, b->pos.file)))
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	if ((c = strcmp_null(a->rule, b->rule)))
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_sort(struct diag_sink *sink)
{
	if (sink->len > 1)
		xqsort(sink->items, sink->len, sizeof(*sink->items), cmp_diag);
}

size_t
diag_count_at_least(const struct diag_sink *sink, enum diag_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < sink->len; i++)
		if (sink->items[i].severity >= sev)
			n++;
	return n;
}

const char *
diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	case DIAG_INFO: return "info";
	}
	return "unknown";
}

bool
diag_severity_parse(const char *s, enum diag_severity *out)
{
	if (!strcmp(s, "error"))
		*out = DIAG_ERROR;
	else if (!strcmp(s, "warning"))
		*out = DIAG_WARNING;
	else if (!strcmp(s, "info"))
		*out = DIAG_INFO;
	else
		return false;
	return true;
}

void
diag_sink_release(struct diag_sink *sink)
{
	for (size_t i = 0; i < sink->len; i++) {
		struct diag *d = &sink->items[i];

		free(d->msg);
		for (size_t j = 0; j < d->nnotes; j++)
			free(d->notes[j].msg);
		free(d->notes);
	}
	free(sink->items);
	for (size_t i = 0; i < sink->nkept; i++)
		free(sink->kept[i]);
	free(sink->kept);
	memset(sink, 0, sizeof(*sink));
}
