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
#include "arena.h"

/*
 * The headline of a long message: the text up to its last clause break
 * (after ';', ':' or ',', or before '(', outside quoted values) within
 * the first DIAG_HEADLINE_MAX bytes, no shorter than DIAG_HEADLINE_MIN;
 * *rest is where the remainder starts (len: none). Without such a break,
 * the last space (outside quoted values if one can), else a cut between
 * two characters: the headline then ends, and the rest starts, with an
 * ellipsis (*ellipsis set). The headline is never longer than the limit.
 */
size_t
diag_headline(const char *msg, size_t len, size_t *rest, bool *ellipsis)
{
	size_t cut = 0, space = 0, any_space = 0, hard;

	*rest = len;
	*ellipsis = false;
	if (len <= DIAG_HEADLINE_MAX)
		return len;
	for (size_t i = 0; i + 1 < DIAG_HEADLINE_MAX; i++) {
		size_t end = quoted_end(msg, len, i);

		if (end) {
			for (size_t j = i; j < end && j + 4 < DIAG_HEADLINE_MAX;
			    j++)
				if (msg[j] == ' ')
					any_space = j;
			i = end;
			continue;
		}
		if (msg[i] == ' ' && i && i + 4 < DIAG_HEADLINE_MAX)
			space = any_space = i;	/* room for the ellipsis */
		if (i < DIAG_HEADLINE_MIN)
			continue;
		if ((msg[i] == ';' || msg[i] == ':' || msg[i] == ',') &&
		    msg[i + 1] == ' ')
			cut = i;
		else if (msg[i] == ' ' && msg[i + 1] == '(')
			cut = i;
	}
	if (cut) {
		*rest = cut + (msg[cut] == ' ' ? 1 : 2);
		return cut;
	}
	*ellipsis = true;
	if (space || any_space) {
		/* a word, outside a quoted value if one can */
		space = space ? space : any_space;
		*rest = space + 1;
		return space;
	}
	/* one long word: cut between two UTF-8 characters */
	hard = DIAG_HEADLINE_MAX - 4;
	while (hard && ((unsigned char)msg[hard] & 0xc0) == 0x80)
		hard--;
	*rest = hard;
	return hard;
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

/*
 * Deferred messages. A convert of 20,000 Ingresses says 50,000 to 150,000
 * things, each a few hundred bytes of explanation around a few names:
 * kept formatted until they are sorted and printed, they were a tenth of
 * the peak memory. The format (a string literal) is kept instead, with
 * its arguments packed in the order the conversions read them: an int for
 * a '*' width or precision, 8 bytes for a number or a pointer, and for a
 * string its length (DEF_NULL for a null pointer) and its bytes (as many
 * as the precision lets the conversion read) with a NUL. Formats with a
 * conversion the packer does not know are formatted at once.
 */
struct diag_deferred {
	const char *fmt;
	uint32_t size;		/* bytes of args */
	unsigned char args[];
};

enum { DEF_NULL = UINT32_MAX, DEF_SPEC_MAX = 32 };

enum def_kind {
	DEF_BAD = 0,
	DEF_PERCENT,
	DEF_INT,	/* int, unsigned int, and what promotes to them */
	DEF_LONG,
	DEF_LLONG,
	DEF_SIZE,
	DEF_INTMAX,
	DEF_PTRDIFF,
	DEF_DOUBLE,
	DEF_STR,
	DEF_PTR,
};

_Static_assert(sizeof(long long) <= 8 && sizeof(size_t) <= 8 &&
	sizeof(intmax_t) <= 8 && sizeof(ptrdiff_t) <= 8 &&
	sizeof(double) <= 8 && sizeof(void *) <= 8, "8-byte argument slots");

struct def_spec {
	size_t len;		/* from '%' through the conversion */
	bool star_width, star_prec;
	int prec;		/* digits after '.'; -1 when none or '*' */
	enum def_kind kind;
	char conv;		/* the conversion character */
	bool plain;		/* no flag, width, precision, h or hh */
};

/* The conversion at p ('%'); kind DEF_BAD when the packer cannot keep it. */
static void
def_parse(const char *p, struct def_spec *sp)
{
	static const enum def_kind ints[] = { DEF_INT, DEF_INT, DEF_LONG,
		DEF_LLONG, DEF_SIZE, DEF_INTMAX, DEF_PTRDIFF };
	const char *q = p + 1;
	int len = 0;		/* 1: h or hh, 2: l, 3: ll, 4: z, 5: j, 6: t */
	char conv;

	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	if (*q == '%') {
		sp->len = 2;
		sp->kind = DEF_PERCENT;
		return;
	}
	while (*q && strchr("-+ #0", *q))
		q++;
	if (*q == '*') {
		sp->star_width = true;
		q++;
	} else {
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q == '.') {
		q++;
		if (*q == '*') {
			sp->star_prec = true;
			q++;
		} else {
			sp->prec = 0;
			while (*q >= '0' && *q <= '9') {
				if (sp->prec < 100000000)
					sp->prec = sp->prec * 10 + (*q - '0');
				q++;
			}
		}
	}
	switch (*q) {
	case 'h': len = 1; q += q[1] == 'h' ? 2 : 1; break;
	case 'l': len = q[1] == 'l' ? 3 : 2; q += len == 3 ? 2 : 1; break;
	case 'z': len = 4; q++; break;
	case 'j': len = 5; q++; break;
	case 't': len = 6; q++; break;
	default: break;
	}
	conv = *q;
	sp->len = (size_t)(q - p) + 1;
	sp->conv = conv;
	sp->plain = len != 1 && !strchr("0123456789-+ #.*", p[1]);
	if (!conv || sp->len >= DEF_SPEC_MAX)
		return;		/* DEF_BAD */
	switch (conv) {
	case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
		sp->kind = ints[len];
		return;
	case 'c':
		sp->kind = len ? DEF_BAD : DEF_INT;
		return;
	case 's':
		sp->kind = len ? DEF_BAD : DEF_STR;
		return;
	case 'p':
		sp->kind = len ? DEF_BAD : DEF_PTR;
		return;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
	case 'a': case 'A':
		sp->kind = len == 0 || len == 2 ? DEF_DOUBLE : DEF_BAD;
		return;
	default:
		return;		/* %n, %m, %ls, positions ('$'), ... */
	}
}

/* The packed arguments of one message, on the stack while they fit. */
struct def_buf {
	unsigned char *p;
	size_t len, cap;
	unsigned char small[512];
};

static void
put_bytes(struct def_buf *b, const void *v, size_t n)
{
	if (b->cap - b->len < n) {
		size_t cap = 2 * (b->len + n);

		if (b->p == b->small) {
			b->p = xmalloc(cap);
			memcpy(b->p, b->small, b->len);
		} else {
			b->p = xrealloc(b->p, cap);
		}
		b->cap = cap;
	}
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

/*
 * Packs the arguments of fmt from ap into b; false when a conversion
 * cannot be packed or a string is too long to (then the message is
 * formatted at once, from a fresh copy of the arguments).
 */
static bool
def_pack(struct def_buf *b, const char *fmt, va_list ap)
{
	struct def_spec sp;

	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		int prec;

		def_parse(p, &sp);
		p += sp.len;
		if (sp.kind == DEF_PERCENT)
			continue;
		if (sp.kind == DEF_BAD)
			return false;
		if (sp.star_width) {
			int w = va_arg(ap, int);

			put_bytes(b, &w, sizeof(w));
		}
		prec = sp.prec;
		if (sp.star_prec) {
			prec = va_arg(ap, int);
			put_bytes(b, &prec, sizeof(prec));
		}
		switch (sp.kind) {
		case DEF_INT: { int v = va_arg(ap, int);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_LONG: { long v = va_arg(ap, long);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_LLONG: { long long v = va_arg(ap, long long);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_SIZE: { size_t v = va_arg(ap, size_t);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_INTMAX: { intmax_t v = va_arg(ap, intmax_t);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_PTRDIFF: { ptrdiff_t v = va_arg(ap, ptrdiff_t);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_DOUBLE: { double v = va_arg(ap, double);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_PTR: { void *v = va_arg(ap, void *);
			put_bytes(b, &v, sizeof(v)); break; }
		case DEF_STR: {
			const char *s = va_arg(ap, const char *);
			size_t n = !s ? 0 : prec >= 0 ? strnlen(s, (size_t)prec) :
				strlen(s);
			uint32_t n32 = s ? (uint32_t)n : DEF_NULL;

			if (n >= DEF_NULL)
				return false;
			put_bytes(b, &n32, sizeof(n32));
			if (s) {
				put_bytes(b, s, n);
				put_bytes(b, "", 1);	/* its NUL */
			}
			break;
		}
		default:
			break;
		}
	}
	return true;
}

static const struct diag_deferred *
defer(struct diag_sink *sink, const char *fmt, va_list ap)
{
	struct def_buf b;
	struct diag_deferred *df = NULL;
	va_list cp;
	bool ok;

	b.p = b.small;
	b.len = 0;
	b.cap = sizeof(b.small);
	va_copy(cp, ap);
	ok = def_pack(&b, fmt, cp);
	va_end(cp);
	if (ok) {
		df = arena_alloc(sink->store, sizeof(*df) + b.len);
		df->fmt = fmt;
		df->size = (uint32_t)b.len;
		if (b.len)
			memcpy(df->args, b.p, b.len);
	}
	if (b.p != b.small)
		free(b.p);
	return df;
}

/* Reading packed arguments back, in the order they were packed. */
struct def_reader {
	const unsigned char *p;
};

static void
get_bytes(struct def_reader *r, void *v, size_t n)
{
	memcpy(v, r->p, n);
	r->p += n;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* One conversion (spec, NUL-terminated) with up to two '*' ints. */
#define DEF_PRINT(out, spec, sp, w, pr, v) do {				\
	for (;;) {							\
		size_t room_ = (out)->cap - (out)->len;			\
		char *at_ = (out)->buf + (out)->len;			\
		int n_;							\
									\
		if ((sp)->star_width && (sp)->star_prec)		\
			n_ = snprintf(at_, room_, spec, w, pr, v);	\
		else if ((sp)->star_width)				\
			n_ = snprintf(at_, room_, spec, w, v);		\
		else if ((sp)->star_prec)				\
			n_ = snprintf(at_, room_, spec, pr, v);		\
		else							\
			n_ = snprintf(at_, room_, spec, v);		\
		if (n_ < 0) {						\
			at_[0] = '\0';					\
			break;						\
		}							\
		if ((size_t)n_ < room_) {				\
			(out)->len += (size_t)n_;			\
			break;						\
		}							\
		strbuf_grow(out, (size_t)n_);				\
	}								\
} while (0)

/* What "%d" / "%u" print, for the plain conversions of the common
 * sizes (negative only when sign). */
static void
add_decimal(struct strbuf *out, unsigned long long v, bool neg)
{
	char buf[24];
	size_t i = sizeof(buf);

	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	if (neg)
		buf[--i] = '-';
	strbuf_add(out, buf + i, sizeof(buf) - i);
}

/* A plain d, i or u conversion of an 8-byte-or-less integer, read from r
 * and printed; false when the conversion is not one of those. */
static bool
def_fast_int(struct strbuf *out, const struct def_spec *sp,
	struct def_reader *r)
{
	bool sign = sp->conv == 'd' || sp->conv == 'i';
	long long s;
	unsigned long long u;

	if (!sp->plain || (!sign && sp->conv != 'u'))
		return false;
	switch (sp->kind) {
	case DEF_INT: {
		int v;

		get_bytes(r, &v, sizeof(v));
		s = v;
		u = (unsigned)v;
		break;
	}
	case DEF_LONG: {
		long v;

		get_bytes(r, &v, sizeof(v));
		s = v;
		u = (unsigned long)v;
		break;
	}
	case DEF_LLONG: {
		long long v;

		get_bytes(r, &v, sizeof(v));
		s = v;
		u = (unsigned long long)v;
		break;
	}
	case DEF_SIZE: {
		size_t v;

		get_bytes(r, &v, sizeof(v));
		s = (long long)v;
		u = v;
		break;
	}
	default:
		return false;
	}
	if (sign && s < 0)
		add_decimal(out, 0ULL - (unsigned long long)s, true);
	else
		add_decimal(out, sign ? (unsigned long long)s : u, false);
	return true;
}

static void
def_render(struct strbuf *out, const struct diag_deferred *df)
{
	struct def_reader r = { df->args };
	const char *fmt = df->fmt, *p;
	struct def_spec sp;

	strbuf_grow(out, 0);	/* buf is never NULL below */
	while ((p = strchr(fmt, '%'))) {
		char spec[DEF_SPEC_MAX];
		int w = 0, pr = -1;

		if (p > fmt)
			strbuf_add(out, fmt, (size_t)(p - fmt));
		def_parse(p, &sp);
		fmt = p + sp.len;
		if (sp.kind == DEF_PERCENT) {
			strbuf_addc(out, '%');
			continue;
		}
		memcpy(spec, p, sp.len);
		spec[sp.len] = '\0';
		if (sp.star_width)
			get_bytes(&r, &w, sizeof(w));
		if (sp.star_prec)
			get_bytes(&r, &pr, sizeof(pr));
		if (def_fast_int(out, &sp, &r))
			continue;
		strbuf_grow(out, 64);
		switch (sp.kind) {
		case DEF_INT: { int v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_LONG: { long v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_LLONG: { long long v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_SIZE: { size_t v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_INTMAX: { intmax_t v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_PTRDIFF: { ptrdiff_t v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_DOUBLE: { double v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_PTR: { void *v; get_bytes(&r, &v, sizeof(v));
			DEF_PRINT(out, spec, &sp, w, pr, v); break; }
		case DEF_STR: {
			uint32_t n;
			const char *v = NULL;

			get_bytes(&r, &n, sizeof(n));
			if (n != DEF_NULL) {
				v = (const char *)r.p;
				r.p += n + 1;
			}
			if (v && sp.len == 2) {		/* plain %s */
				strbuf_add(out, v, n);
				break;
			}
			DEF_PRINT(out, spec, &sp, w, pr, v);
			break;
		}
		default:
			break;
		}
	}
	strbuf_adds(out, fmt);
}
#pragma GCC diagnostic pop

void
diag_sink_defer(struct diag_sink *sink)
{
	if (!sink->store)
		sink->store = xcalloc(1, sizeof(*sink->store));
}

void
diag_sink_wordless(struct diag_sink *sink)
{
	sink->wordless = true;
}

/* A deferred message, formatted and its long quoted values cut, as
 * vformat does at once. */
static void
render(struct strbuf *out, const struct diag_deferred *df)
{
	size_t start = out->len, n;
	char *m;

	def_render(out, df);
	n = out->len - start;
	if (n <= QUOTED_MAX + 2)
		return;
	m = xmalloc(n + 1);
	memcpy(m, out->buf + start, n + 1);
	m = shorten_quoted(m, n);
	out->len = start;
	strbuf_adds(out, m);
	free(m);
}

void
diag_add_message(struct strbuf *out, const struct diag *d)
{
	if (d->msg)
		strbuf_adds(out, d->msg);
	else if (d->deferred)
		render(out, d->deferred);
}

void
diag_add_note_message(struct strbuf *out, const struct diag_note *n)
{
	if (n->msg)
		strbuf_adds(out, n->msg);
	else if (n->deferred)
		render(out, n->deferred);
}

const char *
diag_message(const struct diag *d, struct strbuf *scratch)
{
	if (d->msg)
		return d->msg;
	strbuf_reset(scratch);
	diag_add_message(scratch, d);
	strbuf_grow(scratch, 0);
	scratch->buf[scratch->len] = '\0';	/* "" when wordless */
	return scratch->buf;
}

const char *
diag_note_message(const struct diag_note *n, struct strbuf *scratch)
{
	if (n->msg)
		return n->msg;
	strbuf_reset(scratch);
	diag_add_note_message(scratch, n);
	strbuf_grow(scratch, 0);
	scratch->buf[scratch->len] = '\0';	/* "" when wordless */
	return scratch->buf;
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
	if (sink->wordless)
		;
	else if (!sink->store || !(d->deferred = defer(sink, fmt, ap)))
		d->msg = vformat(fmt, ap);
	d->seq = sink->next_seq++;
	d->only = sink->only;
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
	d->notes[d->nnotes].msg = NULL;
	d->notes[d->nnotes].deferred = NULL;
	va_start(ap, fmt);
	if (sink->wordless)
		;
	else if (!sink->store ||
	    !(d->notes[d->nnotes].deferred = defer(sink, fmt, ap)))
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
	if (sink->store) {
		arena_release(sink->store);
		free(sink->store);
	}
	memset(sink, 0, sizeof(*sink));
}
