#include "compat.h"
#include "providers/haproxy-common/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "similar.h"
#include "strbuf.h"

/* ---- lookup ------------------------------------------------------------ */

const char *
prov_hap_strip(const struct prov_hap_table *t, const char *key)
{
	for (const char *const *p = t->read_prefixes; key && *p; p++) {
		size_t n = strlen(*p);

		if (!strncmp(key, *p, n))
			return key + n;
	}
	return NULL;
}

const struct prov_annotation *
prov_hap_lookup(const struct prov_hap_table *t, const char *key)
{
	for (size_t i = 0; key && i < t->count; i++) {
		const struct prov_annotation *a = &t->table[i];

		if (!strcmp(a->key, key))
			return a;
		for (const char *const *al = a->aliases; al && *al; al++)
			if (!strcmp(*al, key))
				return a;
	}
	return NULL;
}

const char *
prov_hap_name(const struct prov_hap_table *t, const char *key)
{
	const char *bare = prov_hap_strip(t, key);

	if (bare)
		return bare;
	if (key && !strchr(key, '/') && prov_hap_lookup(t, key))
		return key;
	return NULL;
}

const struct prov_hap_slot *
prov_hap_slot(const struct prov_hap_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_hap_lookup(s->t, key);

	return a ? &s->slots[a - s->t->table] : NULL;
}

bool
prov_hap_is_set(const struct prov_hap_settings *s, const char *key)
{
	const struct prov_hap_slot *sl = prov_hap_slot(s, key);

	return sl && sl->state == PROV_HAP_SET;
}

bool
prov_hap_cm_only(const struct prov_hap_table *t, const char *key)
{
	for (const char *const *p = t->cm_only; p && *p; p++)
		if (!strcmp(*p, key))
			return true;
	return false;
}

static const char *
nearest(const struct prov_hap_table *t, const char *key)
{
	const char **words = xcalloc(t->count + 1, sizeof(*words));
	const char *near;

	for (size_t i = 0; i < t->count; i++)
		words[i] = t->table[i].key;
	near = similar_pick(key, words);
	free(words);
	return near;
}

/* ---- value parsers ----------------------------------------------------- */

bool
prov_hap_time(const char *s, long long *ms_out)
{
	static const struct { const char *u; long long mul, div; } units[] = {
		{ "us", 1, 1000 }, { "ms", 1, 1 }, { "s", 1000, 1 },
		{ "m", 60000, 1 }, { "h", 3600000, 1 }, { "d", 86400000, 1 },
		{ "", 1, 1 },
	};
	long long v = 0;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p)) {
		if (v > 1000000000000LL)
			return false;
		v = v * 10 + (*p++ - '0');
	}
	for (size_t i = 0; i < ARRAY_LEN(units); i++)
		if (!strcmp(p, units[i].u)) {
			*ms_out = v * units[i].mul / units[i].div;
			return true;
		}
	return false;
}

int
prov_hap_parse_text(struct prov_value *v, void *dst)
{
	if (!v->text || !*v->text) {
		v->why = "the value is empty";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

int
prov_hap_parse_time(struct prov_value *v, void *dst)
{
	if (!prov_hap_time(v->text, (long long *)dst)) {
		v->why = "not an HAProxy time (digits and us, ms, s, m, h "
			"or d)";
		return ERR_INVALID;
	}
	return 0;
}

/* ---- the reader -------------------------------------------------------- */

void
prov_hap_say(struct prov_hap_reader *r, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (!r->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(r->sink, sev, rule, doc_pos(r->set, at), "%s '%s/%s': %s",
		r->what, r->ns, r->name, sb.buf);
	strbuf_release(&sb);
}

void
prov_hap_invalid(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	const char *why)
{
	sl->state = PROV_HAP_INVALID;
	sl->why = why;
	prov_hap_say(r, DIAG_WARNING, r->t->rule_invalid, sl->node,
		"annotation '%s': %s; the controller logs an error and skips "
		"the annotation, and so does the conversion", sl->key, why);
}

struct prov_hap_slot *
prov_hap_take(struct prov_hap_reader *r, const struct doc_node *k,
	const struct doc_node *v, bool alias_pass,
	const struct prov_annotation **a_out)
{
	const struct prov_hap_table *t = r->t;
	const char *key = doc_str(k), *bare = prov_hap_name(t, key);
	const struct prov_annotation *a;
	struct prov_hap_slot *sl;

	if (!bare)
		return NULL;
	a = prov_hap_lookup(t, bare);
	if (a && alias_pass != !!strcmp(a->key, bare))
		return NULL;
	if (!a && alias_pass)
		return NULL;
	if (!a) {
		const char *near;

		/* ingress.kubernetes.io/ is shared with other tools */
		if (!strncmp(key, "ingress.kubernetes.io/", 22))
			return NULL;
		near = nearest(t, bare);
		prov_hap_say(r, DIAG_WARNING, t->rule_unknown, k,
			"annotation '%s' is not an annotation of %s; it has no "
			"effect%s%s%s", key, t->title,
			near ? " (did you mean '" : "", near ? near : "",
			near ? "'?)" : "");
		return NULL;
	}
	sl = &r->s->slots[a - t->table];
	if (sl->key_node && alias_pass && strcmp(a->key,
	    prov_hap_name(t, sl->key))) {
		/* two aliases: as two prefixes */
	} else if (sl->key_node && alias_pass) {
		prov_hap_say(r, DIAG_WARNING, t->rule_ignored, k,
			"annotation '%s' has no effect: '%s' is set, and the "
			"controller reads the deprecated name only without it",
			key, sl->key);
		return NULL;
	}
	if (sl->key_node) {
		prov_hap_say(r, DIAG_WARNING, t->rule_invalid, k,
			"annotation '%s' repeats '%s' under another prefix; "
			"the controller keeps either value (the first is "
			"converted)", key, sl->key);
		return NULL;
	}
	sl->key_node = k;
	sl->node = v;
	sl->key = key;
	sl->text = doc_str(v) ? doc_str(v) : "";
	sl->state = PROV_HAP_SET;
	*a_out = a;
	return sl;
}

void
prov_hap_reset(struct prov_hap_settings *out, const struct prov_hap_table *t,
	const struct doc_node *annotations)
{
	memset(out, 0, sizeof(*out));
	out->t = t;
	out->annotations = annotations;
}

void
prov_hap_read(struct prov_hap_reader *r, const struct doc_node *annotations,
	void (*one)(struct prov_hap_reader *r, const struct doc_node *k,
	const struct doc_node *v, bool alias_pass))
{
	if (!doc_is_map(annotations))
		return;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < doc_len(annotations); i++)
			one(r, doc_map_key(annotations, i),
				doc_map_value(annotations, i), pass);
}

bool
prov_hap_check(struct prov_hap_reader *r, const struct prov_annotation *a,
	struct prov_hap_slot *sl)
{
	const char *why = NULL;

	if (a->check != PROV_CHECK_NONE && a->check != PROV_CHECK_CIDRS &&
	    prov_check_value(a, sl->text, &why)) {
		prov_hap_invalid(r, sl, why);
		return false;
	}
	return true;
}

void
prov_hap_store(struct prov_hap_reader *r, const struct prov_annotation *a,
	struct prov_hap_slot *sl, const struct doc_node *v)
{
	struct prov_value pv = { .ann = a, .text = sl->text,
		.arena = r->arena };

	if (!a->parse)
		return;
	if (a->parse(&pv, (char *)r->s + a->off)) {
		prov_hap_invalid(r, sl, pv.why ? pv.why : "the value does not "
			"parse");
		return;
	}
	if (pv.note)
		prov_hap_say(r, DIAG_WARNING, r->t->rule_invalid, v,
			"annotation '%s': %s", sl->key, pv.note);
}

/* "a, b" as the controllers split a list: ',' and trimmed. */
static bool
addr_list(struct prov_hap_reader *r, const char *text,
	struct prov_strlist *out, const char **bad)
{
	const char *p = text;
	size_t n = 1;

	for (const char *q = text; *q; q++)
		n += *q == ',';
	out->v = arena_alloc(r->arena, n * sizeof(*out->v));
	out->len = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *b = p, *e = p + len;
		char *item;

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		item = arena_strndup(r->arena, b, (size_t)(e - b));
		if (!prov_str_cidr(item)) {
			*bad = item;
			return false;
		}
		out->v[out->len++] = item;
		p += len;
		if (*p)
			p++;
	}
	return out->len > 0;
}

void
prov_hap_access(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	struct prov_strlist *l, const char **patterns, bool allow)
{
	const char *bad = "";

	if (!strncmp(sl->text, "patterns/", 9)) {
		*patterns = sl->text;
		return;
	}
	if (!addr_list(r, sl->text, l, &bad)) {
		l->len = 0;
		prov_hap_invalid(r, sl, arena_printf(r->arena, "'%s' is not an "
			"address or CIDR: the controller adds no %s rule, so "
			"the paths stay open to every client", bad, allow ?
			"allow" : "deny"));
	}
}

void
prov_hap_headers(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	char sep, bool trim, const char *form, struct prov_hap_header **h_out,
	size_t *n_out)
{
	const char *p = sl->text;
	size_t n = 1, k = 0;
	struct prov_hap_header *h;

	for (const char *q = p; *q; q++)
		n += *q == '\n';
	h = arena_alloc(r->arena, n * sizeof(*h));
	while (*p) {
		size_t len = strcspn(p, "\n");
		const char *sp = memchr(p, sep, len);

		if (len && !sp) {
			prov_hap_invalid(r, sl, arena_printf(r->arena, "line "
				"'%.*s' has no value (the controller wants "
				"'%s')", (int)len, p, form));
			k = 0;
			break;
		}
		if (len) {
			const char *v = sp + 1, *e = p + len;

			while (trim && v < e && isspace((unsigned char)*v))
				v++;
			while (trim && e > v && isspace((unsigned char)e[-1]))
				e--;
			if (e > v && *v == '"')
				v++;
			if (e > v && e[-1] == '"')
				e--;
			h[k].name = arena_strndup(r->arena, p,
				(size_t)(sp - p));
			h[k++].value = arena_strndup(r->arena, v,
				(size_t)(e - v));
		}
		p += len;
		if (*p)
			p++;
	}
	*h_out = h;
	*n_out = k;
}
