#include "compat.h"
#include "lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"
#include "source.h"

#define DISABLE_ANNOTATION "ing2gw.io/disable"

static const struct {
	const char *kind;
	enum lint_kind lk;
} kinds[] = {
	{ "Gateway", LK_GATEWAY },
	{ "GatewayClass", LK_GATEWAYCLASS },
	{ "HTTPRoute", LK_HTTPROUTE },
	{ "GRPCRoute", LK_GRPCROUTE },
	{ "ReferenceGrant", LK_REFERENCEGRANT },
};

static enum lint_kind
classify(const struct k8s_object *k)
{
	char buf[256];
	const char *group = k8s_api_group(k->api_version, buf, sizeof(buf));

	if (!strcmp(group, "") && !strcmp(k->kind, "Service"))
		return LK_SERVICE;
	if (strcmp(group, GW_GROUP))
		return LK_OTHER;
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (!strcmp(k->kind, kinds[i].kind))
			return kinds[i].lk;
	return LK_OTHER;
}

/* Whether the object's ing2gw.io/disable annotation lists rule. */
static bool
disabled_by_annotation(const struct lint_obj *o, const char *rule)
{
	const char *v, *p;
	size_t n = strlen(rule);

	if (!o)
		return false;
	v = doc_str(doc_get(doc_get(o->k->metadata, "annotations"),
		DISABLE_ANNOTATION));
	if (!v)
		return false;
	for (p = v; *p;) {
		const char *end;

		while (*p == ' ' || *p == ',')
			p++;
		end = p;
		while (*end && *end != ',' && *end != ' ')
			end++;
		if ((size_t)(end - p) == n && !memcmp(p, rule, n))
			return true;
		if ((size_t)(end - p) == 3 && !memcmp(p, "all", 3))
			return true;
		p = end;
	}
	return false;
}

bool
lint_enabled(struct lint_ctx *c, const char *rule, enum diag_severity *sev_out)
{
	const struct lint_rule *r = lint_rule_find(rule);
	enum diag_severity sev;

	if (!r)
		abort();	/* a check used an id missing from the table */
	sev = r->severity;
	for (size_t i = 0; c->cfg && i < c->cfg->len; i++) {
		if (strcmp(c->cfg->items[i].rule, rule))
			continue;
		switch (c->cfg->items[i].level) {
		case LINT_LEVEL_OFF: return false;
		case LINT_LEVEL_INFO: sev = DIAG_INFO; break;
		case LINT_LEVEL_WARNING: sev = DIAG_WARNING; break;
		case LINT_LEVEL_ERROR: sev = DIAG_ERROR; break;
		case LINT_LEVEL_DEFAULT: break;
		}
	}
	if (disabled_by_annotation(c->cur, rule))
		return false;
	if (sev_out)
		*sev_out = sev;
	return true;
}

void
lint_emit(struct lint_ctx *c, const char *rule, const struct doc_node *at,
	const char *fmt, ...)
{
	const struct lint_rule *r = lint_rule_find(rule);
	enum diag_severity sev;
	struct strbuf obj = STRBUF_INIT;
	va_list ap;

	c->emitted = false;
	if (!lint_enabled(c, rule, &sev))
		return;
	if (!at && c->cur)
		at = c->cur->k->root;
	va_start(ap, fmt);
	diag_vadd(c->sink, sev, r->id, doc_pos(c->set, at), fmt, ap);
	va_end(ap);
	c->emitted = true;
	if (c->res->cap < c->sink->len) {
		c->res->cap = c->sink->len * 2;
		c->res->objects = xrealloc(c->res->objects,
			c->res->cap * sizeof(*c->res->objects));
	}
	while (c->res->len < c->sink->len)
		c->res->objects[c->res->len++] = NULL;
	if (c->cur) {
		if (c->cur->k->ns || c->cur->kind != LK_GATEWAYCLASS)
			strbuf_addf(&obj, "%s %s/%s", c->cur->k->kind,
				c->cur->ns, c->cur->name);
		else
			strbuf_addf(&obj, "%s %s", c->cur->k->kind,
				c->cur->name);
		c->res->objects[c->sink->len - 1] = strbuf_detach(&obj, NULL);
	}
}

void
lint_note(struct lint_ctx *c, const struct doc_node *at, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!c->emitted)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add_note(c->sink, doc_pos(c->set, at), "%s", sb.buf);
	strbuf_release(&sb);
}

size_t
lint_path_push(struct lint_ctx *c, const char *fmt, ...)
{
	size_t old = c->path.len;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&c->path, fmt, ap);
	va_end(ap);
	return old;
}

void
lint_path_pop(struct lint_ctx *c, size_t len)
{
	if (c->path.buf && len <= c->path.len) {
		c->path.len = len;
		c->path.buf[len] = '\0';
	}
}

const char *
lint_path(struct lint_ctx *c)
{
	return c->path.buf ? c->path.buf : "";
}

int
lint_run(struct lint_result *out, const struct doc_set *set,
	const struct k8s_objects *objs, const struct lint_config *cfg,
	struct diag_sink *sink)
{
	struct lint_ctx c = { 0 };

	memset(out, 0, sizeof(*out));
	c.set = set;
	c.cfg = cfg;
	c.sink = sink;
	c.res = out;
	c.objs = xcalloc(objs->len + 1, sizeof(*c.objs));
	for (size_t i = 0; i < objs->len; i++) {
		struct lint_obj *o = &c.objs[c.nobjs];
		const struct k8s_object *k = &objs->items[i];

		o->kind = classify(k);
		if (o->kind == LK_OTHER)
			continue;
		o->k = k;
		o->ns = k->ns ? k->ns : "default";
		o->name = k->name ? k->name : "";
		o->created = doc_str(doc_get(k->metadata,
			"creationTimestamp"));
		o->spec = doc_get(k->root, "spec");
		c.nobjs++;
	}
	for (size_t i = 0; i < c.nobjs; i++) {
		c.cur = &c.objs[i];
		if (c.cur->kind == LK_SERVICE)
			continue;
		out->nobjects_linted++;
		strbuf_reset(&c.path);
		lint_schema_check(&c);
		if (c.cur->kind == LK_GATEWAY)
			lint_gateway_check(&c);
		else if (lint_is_route(c.cur->kind))
			lint_route_check(&c);
	}
	c.cur = NULL;
	strbuf_reset(&c.path);
	lint_attach_check(&c);
	lint_conflict_check(&c);
	strbuf_release(&c.path);
	free(c.objs);
	return 0;
}

void
lint_result_release(struct lint_result *res)
{
	for (size_t i = 0; i < res->len; i++)
		free(res->objects[i]);
	free(res->objects);
	memset(res, 0, sizeof(*res));
}

int
lint_config_set(struct lint_config *cfg, const char *rule,
	enum lint_level level)
{
	const struct lint_rule *r = lint_rule_find(rule);

	if (!r)
		return ERR_INVALID;
	if (cfg->len == cfg->cap) {
		cfg->cap = cfg->cap ? cfg->cap * 2 : 16;
		cfg->items = xrealloc(cfg->items,
			cfg->cap * sizeof(*cfg->items));
	}
	cfg->items[cfg->len].rule = r->id;
	cfg->items[cfg->len].level = level;
	cfg->len++;
	return 0;
}

static bool
parse_level(const char *s, enum lint_level *out)
{
	static const struct {
		const char *name;
		enum lint_level level;
	} levels[] = {
		{ "off", LINT_LEVEL_OFF },
		{ "info", LINT_LEVEL_INFO },
		{ "warning", LINT_LEVEL_WARNING },
		{ "error", LINT_LEVEL_ERROR },
	};

	for (size_t i = 0; s && i < ARRAY_LEN(levels); i++)
		if (!strcmp(s, levels[i].name)) {
			*out = levels[i].level;
			return true;
		}
	return false;
}

int
lint_config_load(struct lint_config *cfg, const char *path,
	struct diag_sink *sink)
{
	const struct doc_node *root, *rules;
	char *buf = NULL;
	size_t len;
	int rc;

	if (!cfg->set)
		cfg->set = doc_set_new(NULL);
	if ((rc = source_read(path, 1 << 20, &buf, &len, sink)))
		return rc;
	rc = doc_set_parse(cfg->set, path, buf, len, sink);
	free(buf);
	if (rc)
		return rc;
	root = doc_set_count(cfg->set) ?
		doc_set_root(cfg->set, doc_set_count(cfg->set) - 1) : NULL;
	if (doc_is_null(root))
		return 0;
	rules = doc_get(root, "rules");
	if (!doc_is_map(root) || (rules && !doc_is_null(rules) &&
	    !doc_is_map(rules))) {
		diag_input_error(sink, "input/config", doc_pos(cfg->set, root),
			"a configuration is a mapping with 'rules: {RULE: "
			"{severity: off|info|warning|error}}'");
		return ERR_PARSE;
	}
	rc = 0;
	for (size_t i = 0; i < doc_len(rules); i++) {
		const struct doc_node *k = doc_map_key(rules, i);
		const struct doc_node *v = doc_map_value(rules, i);
		const struct doc_node *sev = doc_get(v, "severity");
		enum lint_level level;

		if (!lint_rule_find(doc_str(k) ? doc_str(k) : "")) {
			diag_input_error(sink, "input/config",
				doc_pos(cfg->set, k), "'%s' is not a lint rule "
				"(see 'ing2gw lint --list-rules')",
				doc_str(k) ? doc_str(k) : "");
			rc = ERR_PARSE;
			continue;
		}
		if (!parse_level(doc_str(sev), &level)) {
			diag_input_error(sink, "input/config",
				doc_pos(cfg->set, sev ? sev : v), "the "
				"severity of '%s' must be off, info, warning "
				"or error",
				doc_str(k));
			rc = ERR_PARSE;
			continue;
		}
		lint_config_set(cfg, doc_str(k), level);
	}
	return rc;
}

void
lint_config_release(struct lint_config *cfg)
{
	free(cfg->items);
	doc_set_free(cfg->set);
	memset(cfg, 0, sizeof(*cfg));
}
