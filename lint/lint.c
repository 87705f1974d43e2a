#include "compat.h"
#include "lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

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
	{ "ListenerSet", LK_LISTENERSET },
};

static bool
is_ingress_group(const char *group)
{
	return !strcmp(group, "networking.k8s.io") ||
		!strcmp(group, "extensions");
}

static enum lint_kind
classify(const struct k8s_object *k)
{
	char buf[256];
	const char *group = k8s_api_group(k->api_version, buf, sizeof(buf));

	if (!strcmp(group, "") && !strcmp(k->kind, "Service"))
		return LK_SERVICE;
	if (!strcmp(group, "") && !strcmp(k->kind, "Secret"))
		return LK_SECRET;
	if (!strcmp(group, "") && !strcmp(k->kind, "Namespace"))
		return LK_NAMESPACE;
	if (is_ingress_group(group) && !strcmp(k->kind, "Ingress"))
		return LK_INGRESS;
	if (!strcmp(group, INFERENCE_GROUP) &&
	    !strcmp(k->kind, "InferencePool"))
		return LK_INFERENCEPOOL;
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

/* The catalogue entry of rule. */
static const struct lint_rule *
rule_of(const char *rule)
{
	const struct lint_rule *r = lint_rule_find(rule);

	if (!r)
		abort();	/* a check used an id missing from the table */
	return r;
}

/* lint_enabled, with dflt in place of the catalogue's severity. */
static bool
enabled_as(struct lint_ctx *c, const char *rule, enum diag_severity dflt,
	enum diag_severity *sev_out)
{
	enum diag_severity sev = dflt;

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

bool
lint_enabled(struct lint_ctx *c, const char *rule, enum diag_severity *sev_out)
{
	return enabled_as(c, rule, rule_of(rule)->severity, sev_out);
}

/* dflt: the severity unless the configuration sets one. */
static void
vemit(struct lint_ctx *c, const struct lint_rule *r, enum diag_severity dflt,
	struct src_pos pos, const char *fmt, va_list ap)
{
	enum diag_severity sev;
	struct strbuf obj = STRBUF_INIT;

	c->emitted = false;
	if (!enabled_as(c, r->id, dflt, &sev))
		return;
	if (c->cfg && c->cfg->nignore && lint_config_ignores(c->cfg, pos.file))
		return;
	diag_vadd(c->sink, sev, r->id, pos, fmt, ap);
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
lint_emit(struct lint_ctx *c, const char *rule, const struct doc_node *at,
	const char *fmt, ...)
{
	const struct lint_rule *r = rule_of(rule);
	va_list ap;

	if (!at && c->cur)
		at = c->cur->k->root;
	va_start(ap, fmt);
	vemit(c, r, r->severity, doc_pos(c->set, at), fmt, ap);
	va_end(ap);
}

void
lint_emit_sev(struct lint_ctx *c, const char *rule, enum diag_severity sev,
	const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;

	if (!at && c->cur)
		at = c->cur->k->root;
	va_start(ap, fmt);
	vemit(c, rule_of(rule), sev, doc_pos(c->set, at), fmt, ap);
	va_end(ap);
}

void
lint_emit_pos(struct lint_ctx *c, const char *rule, struct src_pos pos,
	const char *fmt, ...)
{
	const struct lint_rule *r = rule_of(rule);
	va_list ap;

	va_start(ap, fmt);
	vemit(c, r, r->severity, pos, fmt, ap);
	va_end(ap);
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

size_t
lint_path_push_field(struct lint_ctx *c, const char *name)
{
	size_t old = c->path.len;

	if (old)
		strbuf_addc(&c->path, '.');
	strbuf_adds(&c->path, name);
	return old;
}

size_t
lint_path_push_index(struct lint_ctx *c, size_t i)
{
	size_t old = c->path.len;
	char num[24];
	size_t n = sizeof(num);

	num[--n] = ']';
	do
		num[--n] = (char)('0' + i % 10);
	while ((i /= 10));
	num[--n] = '[';
	strbuf_add(&c->path, num + n, sizeof(num) - n);
	return old;
}

size_t
lint_path_push_key(struct lint_ctx *c, const char *key)
{
	size_t old = c->path.len;

	strbuf_addc(&c->path, '[');
	strbuf_adds(&c->path, key);
	strbuf_addc(&c->path, ']');
	return old;
}

/* Appends s to buf (size bytes, NUL-terminated), truncating as snprintf. */
static size_t
where_add(char *buf, size_t size, size_t at, const char *s)
{
	for (; *s && at + 1 < size; s++)
		buf[at++] = *s;
	buf[at < size ? at : size - 1] = '\0';
	return at;
}

static size_t
where_index(char *buf, size_t size, size_t at, size_t i)
{
	char num[24];
	size_t n = sizeof(num);

	num[--n] = '\0';
	num[--n] = ']';
	do
		num[--n] = (char)('0' + i % 10);
	while ((i /= 10));
	num[--n] = '[';
	return where_add(buf, size, at, num + n);
}

void
lint_where(char *buf, size_t size, size_t ri, const char *mid, size_t mi,
	const char *tail)
{
	size_t at = where_add(buf, size, 0, "spec.rules");

	at = where_index(buf, size, at, ri);
	if (mid) {
		at = where_add(buf, size, at, mid);
		at = where_index(buf, size, at, mi);
	}
	where_add(buf, size, at, tail);
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
	c.all = objs;
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
		if (c.cur->kind == LK_SERVICE || c.cur->kind == LK_SECRET ||
		    c.cur->kind == LK_NAMESPACE)
			continue;
		out->nobjects_linted++;
		if (c.cur->kind == LK_INGRESS)
			continue;	/* lint_ingress_check */
		strbuf_reset(&c.path);
		lint_schema_check(&c);
		if (c.cur->kind == LK_GATEWAY)
			lint_gateway_check(&c);
		else if (c.cur->kind == LK_LISTENERSET)
			lint_listenerset_check(&c);
		else if (lint_is_route(c.cur->kind))
			lint_route_check(&c);
		else if (c.cur->kind == LK_INFERENCEPOOL)
			lint_inference_check(&c);
	}
	c.cur = NULL;
	strbuf_reset(&c.path);
	lint_attach_check(&c);
	lint_listenerset_parents_check(&c);
	lint_conflict_check(&c);
	lint_target_check(&c);
	lint_ingress_check(&c, objs);
	lint_traefik_check(&c, objs);
	lint_kong_check(&c, objs);
	lint_cilium_check(&c, objs);
	lint_istio_check(&c, objs);
	lint_haproxy_check(&c, objs);
	lint_gce_check(&c, objs);
	lint_apisix_check(&c, objs);
	lint_f5nginx_check(&c, objs);
	lint_alb_check(&c, objs);
	lint_hapi_check(&c, objs);
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
