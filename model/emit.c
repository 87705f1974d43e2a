#include "compat.h"
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

int
emit_needs_quotes(const char *s, size_t len)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on",
		"off", "true", "false", "null", "~", ".inf", ".nan" };

	if (!len)
		return 1;
	if (isdigit((unsigned char)s[0]) || s[0] == '.' || s[0] == '+' ||
	    s[0] == '-')
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (strlen(words[i]) == len && !strncasecmp(s, words[i], len))
			return 1;
	return 0;
}

static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

static int
emit_node(yaml_emitter_t *em, const struct doc_node *n)
{
	yaml_event_t ev;
	int ok = 1;

	switch (n->kind) {
	case DOC_MAP:
		ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			YAML_BLOCK_MAPPING_STYLE) && yaml_emitter_emit(em, &ev);
		for (size_t i = 0; ok && i < n->len; i++)
			ok = emit_node(em, n->u.items[2 * i]) &&
				emit_node(em, n->u.items[2 * i + 1]);
		ok = ok && yaml_mapping_end_event_initialize(&ev) &&
			yaml_emitter_emit(em, &ev);
		break;
	case DOC_SEQ:
		ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			YAML_BLOCK_SEQUENCE_STYLE) && yaml_emitter_emit(em, &ev);
		for (size_t i = 0; ok && i < n->len; i++)
			ok = emit_node(em, n->u.items[i]);
		ok = ok && yaml_sequence_end_event_initialize(&ev) &&
			yaml_emitter_emit(em, &ev);
		break;
	default: {
		yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

		if (!(n->flags & DOC_F_RAW) &&
		    emit_needs_quotes(n->u.str, n->len))
			style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		ok = yaml_scalar_event_initialize(&ev, NULL, NULL,
			(yaml_char_t *)n->u.str, (int)n->len, 1, 1, style) &&
			yaml_emitter_emit(em, &ev);
	}
	}
	return ok;
}

static int
emit_yaml(struct strbuf *out, const struct doc_node *const *objs, size_t n)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return ERR_NOMEM;
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
		yaml_emitter_emit(&em, &ev);
	for (size_t i = 0; ok && i < n; i++) {
		ok = yaml_document_start_event_initialize(&ev, NULL, NULL,
			NULL, 0) && yaml_emitter_emit(&em, &ev) &&
			emit_node(&em, objs[i]) &&
			yaml_document_end_event_initialize(&ev, 1) &&
			yaml_emitter_emit(&em, &ev);
	}
	ok = ok && yaml_stream_end_event_initialize(&ev) &&
		yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	return ok ? 0 : ERR_NOMEM;
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

static int
emit_json(struct strbuf *out, const struct doc_node *const *objs, size_t n)
{
	json_t *list = json_object(), *items = json_array();
	char *text;

	json_object_set_new(list, "apiVersion", json_string("v1"));
	json_object_set_new(list, "kind", json_string("List"));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, to_json(objs[i]));
	json_object_set_new(list, "items", items);
	text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(list);
	if (!text)
		return ERR_NOMEM;
	strbuf_adds(out, text);
	strbuf_addc(out, '\n');
	free(text);
	return 0;
}

int
emit_objects(struct strbuf *out, const struct doc_node *const *objs, size_t n,
	enum emit_format fmt)
{
	if (fmt == EMIT_JSON)
		return emit_json(out, objs, n);
	return emit_yaml(out, objs, n);
}
