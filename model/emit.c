#include "compat.h"
#include "emit.h"

#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include <jansson.h>

int
emit_needs_quotes(const char *s, size_t len)
{
	/* by length; compared case-insensitively */
	static const char *const words[6][4] = {
		[1] = { "y", "n", "~" },
		[2] = { "no", "on" },
		[3] = { "yes", "off" },
		[4] = { "true", "null", ".inf", ".nan" },
		[5] = { "false" },
	};
	char low[5];

	char c0;

	if (!len)
		return 1;
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '.' || s[0] == '+' ||
	    s[0] == '-')
		return 1;
	if (len > 5)		/* longer than every word */
		return 0;
	c0 = s[0] >= 'A' && s[0] <= 'Z' ? (char)(s[0] - 'A' + 'a') : s[0];
	if (!strchr("ynotf~", c0))	/* how the words start */
		return 0;
	for (size_t i = 0; i < len; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ?
			(char)(s[i] - 'A' + 'a') : s[i];
	for (size_t i = 0; i < 4 && words[len][i]; i++)
		if (!memcmp(low, words[len][i], len))
			return 1;
	return 0;
}

/*
 * Block YAML for our own trees, written directly: libyaml's emitter spent
 * a quarter of a conversion on event objects. The layout is the one
 * kubectl prints: two-space indents, sequences level with their key.
 */
static bool
plain_safe(const char *s, size_t n)
{
	/* The characters a plain scalar may hold anywhere. */
	static bool safe[256], ready;

	if (!ready) {
		for (int c = 0; c < 256; c++)
			safe[c] = (c >= 'a' && c <= 'z') ||
				(c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '.' ||
				c == '/' || c == '_' || c == '-' ||
				strchr("~=+()$^", c);	/* and NUL */
		ready = true;
	}
	if (emit_needs_quotes(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (safe[c])
			continue;
		/* ':' only inside, never before a space or at the end */
		if (c == ':' && i > 0 && i + 1 < n && s[i + 1] != ' ')
			continue;
		return false;
	}
	return s[0] != '-' && s[0] != '~' && s[0] != '=';
}

static void
yaml_scalar(struct strbuf *out, const struct doc_node *n)
{
	const char *s = n->u.str;
	bool printable = true;

	if ((n->flags & DOC_F_RAW) || plain_safe(s, n->len)) {
		strbuf_add(out, s, n->len);
		return;
	}
	for (size_t i = 0; i < n->len && printable; i++)
		printable = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f;
	if (printable && (!n->len || (s[0] != ' ' && s[n->len - 1] != ' '))) {
		strbuf_addc(out, '\'');
		for (size_t i = 0; i < n->len; i++) {
			if (s[i] == '\'')
				strbuf_addc(out, '\'');
			strbuf_addc(out, s[i]);
		}
		strbuf_addc(out, '\'');
		return;
	}
	/* JSON escapes are valid in a YAML double-quoted scalar. */
	strbuf_add_json_string(out, s, n->len);
}

static void yaml_value(struct strbuf *out, const struct doc_node *n,
	unsigned indent);

static void
indent_to(struct strbuf *out, unsigned indent)
{
	static const char spaces[] = "                                ";

	for (; indent > sizeof(spaces) - 1; indent -= sizeof(spaces) - 1)
		strbuf_add(out, spaces, sizeof(spaces) - 1);
	strbuf_add(out, spaces, indent);
}

/* A map's entries, the first one already at its place on the line. */
static void
yaml_map_body(struct strbuf *out, const struct doc_node *n, unsigned indent,
	bool first_inline)
{
	for (size_t i = 0; i < n->len; i++) {
		const struct doc_node *v = n->u.items[2 * i + 1];

		if (i || !first_inline)
			indent_to(out, indent);
		yaml_scalar(out, n->u.items[2 * i]);
		strbuf_addc(out, ':');
		if (v->kind == DOC_MAP && v->len) {
			strbuf_addc(out, '\n');
			yaml_map_body(out, v, indent + 2, false);
		} else if (v->kind == DOC_SEQ && v->len) {
			strbuf_addc(out, '\n');
			yaml_value(out, v, indent);
		} else {
			strbuf_addc(out, ' ');
			yaml_value(out, v, indent);
		}
	}
}

static void
yaml_value(struct strbuf *out, const struct doc_node *n, unsigned indent)
{
	switch (n->kind) {
	case DOC_MAP:
		if (!n->len) {
			strbuf_adds(out, "{}\n");
			return;
		}
		yaml_map_body(out, n, indent, false);
		return;
	case DOC_SEQ:
		if (!n->len) {
			strbuf_adds(out, "[]\n");
			return;
		}
		for (size_t i = 0; i < n->len; i++) {
			const struct doc_node *v = n->u.items[i];

			indent_to(out, indent);
			strbuf_adds(out, "- ");
			if (v->kind == DOC_MAP && v->len)
				yaml_map_body(out, v, indent + 2, true);
			else if (v->kind == DOC_SEQ && v->len) {
				strbuf_addc(out, '\n');
				yaml_value(out, v, indent + 2);
			} else
				yaml_value(out, v, indent + 2);
		}
		return;
	default:
		yaml_scalar(out, n);
		strbuf_addc(out, '\n');
	}
}

static json_t *
to_json(const struct doc_node *n)
{
	json_t *j;

	switch (n->kind) {
	case DOC_MAP:
		j = json_object();
		for (size_t i = 0; i < n->len; i++)
			json_object_set_new(j, n->u.items[2 * i]->u.str,
				to_json(n->u.items[2 * i + 1]));
		return j;
	case DOC_SEQ:
		j = json_array();
		for (size_t i = 0; i < n->len; i++)
			json_array_append_new(j, to_json(n->u.items[i]));
		return j;
	default:
		break;
	}
	if (n->flags & DOC_F_RAW) {
		json_error_t err;

		j = json_loadb(n->u.str, n->len, JSON_DECODE_ANY, &err);
		if (j)
			return j;
	}
	return json_stringn(n->u.str, n->len);
}

/*
 * JSON: a v1 List, as json_dumps(list, JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) prints it, written an item at a time: each item is
 * dumped on its own and indented by the two levels of "items" (JSON text
 * has no newline inside a string, so every newline starts a line).
 */
static const char json_head[] = "{\n  \"apiVersion\": \"v1\",\n"
	"  \"kind\": \"List\",\n  \"items\": [";

static int
json_item(struct strbuf *out, const struct doc_node *obj, bool first)
{
	json_t *j = to_json(obj);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		JSON_ENCODE_ANY);
	const char *p, *nl;

	json_decref(j);
	if (!text)
		return ERR_NOMEM;
	strbuf_adds(out, first ? "\n    " : ",\n    ");
	for (p = text; (nl = strchr(p, '\n')); p = nl + 1) {
		strbuf_add(out, p, (size_t)(nl - p) + 1);
		strbuf_add(out, "    ", 4);
	}
	strbuf_adds(out, p);
	free(text);
	return 0;
}

void
emit_stream_begin(struct emit_stream *es, struct strbuf *out,
	enum emit_format fmt)
{
	es->out = out;
	es->fmt = fmt;
	es->n = 0;
	if (fmt == EMIT_JSON)
		strbuf_adds(out, json_head);
}

int
emit_stream_object(struct emit_stream *es, const struct doc_node *obj)
{
	int rc = 0;

	if (es->fmt == EMIT_JSON) {
		rc = json_item(es->out, obj, !es->n);
	} else {
		strbuf_adds(es->out, "---\n");
		yaml_value(es->out, obj, 0);
	}
	es->n++;
	return rc;
}

void
emit_stream_end(struct emit_stream *es)
{
	if (es->fmt == EMIT_JSON)
		strbuf_adds(es->out, es->n ? "\n  ]\n}\n" : "]\n}\n");
}

int
emit_objects(struct strbuf *out, const struct doc_node *const *objs, size_t n,
	enum emit_format fmt)
{
	struct emit_stream es;
	int rc = 0;

	emit_stream_begin(&es, out, fmt);
	for (size_t i = 0; i < n && !rc; i++)
		rc = emit_stream_object(&es, objs[i]);
	emit_stream_end(&es);
	return rc;
}
