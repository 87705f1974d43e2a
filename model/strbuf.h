/*
 * Growable byte buffer. Invariant: buf is always NUL-terminated once any
 * byte has been added; len excludes the NUL.
 */
#ifndef ING2GW_MODEL_STRBUF_H
#define ING2GW_MODEL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

#define STRBUF_INIT { 0 }

void strbuf_grow(struct strbuf *sb, size_t extra);

/* Inline: the emitters and reports call these for every piece of text. */
static inline void
strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->cap - sb->len <= n)	/* cap 0: buf is NULL */
		strbuf_grow(sb, n);
	if (n)		/* data may be NULL when n is 0 */
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void
strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void
strbuf_addc(struct strbuf *sb, char c)
{
	if (sb->cap - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* JSON string literal, quotes included. */
void strbuf_add_json_string(struct strbuf *sb, const char *s, size_t n);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (free() it); sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);

#endif
