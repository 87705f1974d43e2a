/*
 * The AWS ALB model: loading (the listener rules the controller builds for
 * each IngressGroup, in priority order) and routing (ALB's first matching
 * rule). See model.h.
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arena.h"
#include "k8s.h"
#include "providers/aws-alb/annotations.h"
#include "replay/model_common.h"
#include "strbuf.h"

enum ma_action {
	MA_FORWARD = 1,
	MA_REDIRECT,
	MA_FIXED,
	MA_AUTH,		/* cognito or oidc */
	MA_BROKEN,		/* the controller cannot build it: 503 */
};

struct ma_target {
	const char *service;
	long port;		/* -1: a name not resolved */
	long long weight;
};

/* Conditions of one kind a rule keeps (ALB allows five evaluations in a
 * rule). */
#define MA_CONDS 5

struct ma_rule {
	const struct ingress *ing;
	size_t group;
	long rule_idx, path_idx;
	const char *host;		/* NULL: any */
	const char *pats[2];
	size_t npats;
	bool regex_path;		/* use-regex-path-match: not evaluated */
	/* http-header conditions: each holds, with any of its values */
	struct { const char *name; json_t *values; } hdrs[MA_CONDS];
	size_t nhdrs;
	json_t *hosts;			/* host-header condition values */
	json_t *methods;		/* http-request-method values */
	json_t *query[MA_CONDS];	/* query-string key/values: each */
	size_t nquery;
	bool source_ip;
	enum ma_action action;
	struct ma_target targets[8];
	size_t ntargets;
	json_t *redirect;		/* redirectConfig */
	int fixed_status;
	bool http, https;
	bool wildcard_is;		/* an ImplementationSpecific wildcard */
	bool transforms;		/* transforms.NAME (not modelled) */
	const char *file;
	uint32_t line;
};

struct ma_group {
	const char *key;
	bool http, https;
	bool redirect;
	long long redirect_port;
	bool has_default;
	struct ma_rule def;
	bool restricted;		/* inbound-cidrs, security groups */
};

struct replay_alb {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct ma_group *groups;
	size_t ngroups;
	struct ma_rule *rules;
	size_t nrules;
	json_t **json;
	size_t njson;
};

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

bool
replay_alb_class_served(const struct ing_world *w, const struct ingress *ing,
	const char **why)
{
	if (prov_alb_serves(w, ing))
		return true;
	if (why)
		*why = ing->class_annotation ? "its kubernetes.io/ingress.class "
			"annotation is not 'alb'" : !ing->class_name ? "it has "
			"no class, and the controller serves only its own" :
			"its IngressClass is not the controller's "
			"(ingress.k8s.aws/alb)";
	return false;
}

/* The class check, as replay_load_ingresses calls it (this model has no
 * option for the Ingresses without a class). */
static bool
serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_alb_class_served(w, ing, why);
}

/* ---- loading --------------------------------------------------------------- */

struct mi {
	const struct ingress *ing;
	size_t world_idx;
	struct prov_alb_settings s;
	const char *group;
	long long order;
	bool restricted;		/* its IngressClassParams restrict */
};

static int
by_group(const void *pa, const void *pb)
{
	const struct mi *a = pa, *b = pb;
	int r;

	if ((r = strcmp(a->group, b->group)))
		return r;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if ((r = strcmp(a->ing->ns, b->ing->ns)))
		return r;
	return strcmp(a->ing->name, b->ing->name);
}

static json_t *
keep_json(struct replay_alb *m, const char *text)
{
	json_error_t err;
	json_t *j = text ? json_loads(text, 0, &err) : NULL;

	if (j) {
		m->json = xrealloc(m->json, (m->njson + 1) * sizeof(*m->json));
		m->json[m->njson++] = j;
	}
	return j;
}

static const struct prov_alb_settings *
service_settings(struct replay_alb *m, const char *ns, const char *name)
{
	const struct ing_service *svc = ing_world_service(&m->world, ns, name);
	struct prov_alb_settings *s;

	if (!svc || !svc->obj)
		return NULL;
	s = arena_alloc(&m->arena, sizeof(*s));
	prov_alb_parse(s, &m->arena, m->set, doc_path(svc->obj->root,
		"metadata.annotations"), "Service", ns, name, NULL);
	return s;
}

static long
resolve_port(struct replay_alb *m, const char *ns, const char *svc,
	long num, const char *name)
{
	const struct ing_service *s;

	if (!name)
		return num;
	s = ing_world_service(&m->world, ns, svc);
	for (size_t i = 0; s && i < s->nports; i++)
		if (s->ports[i].name && !strcmp(s->ports[i].name, name))
			return s->ports[i].port;
	return -1;
}

static bool
auth_on(const struct prov_alb_settings *s)
{
	const struct prov_alb_slot *sl = s ? prov_alb_slot(s, "auth-type") :
		NULL;

	return sl && !sl->bad && strcmp(sl->text, "none");
}

static void
set_action(struct replay_alb *m, const struct mi *it, struct ma_rule *r,
	const struct ing_backend *b)
{
	const struct prov_alb_named *nm;
	json_t *a, *tgs, *tg;
	const char *type;
	size_t i;

	r->action = MA_BROKEN;
	if (!b->service)
		return;
	if (!b->port_name || strcmp(b->port_name, "use-annotation")) {
		r->action = MA_FORWARD;
		r->targets[0] = (struct ma_target){ .service = b->service,
			.port = resolve_port(m, it->ing->ns, b->service,
			b->port, b->port_name), .weight = 1 };
		r->ntargets = 1;
		if (auth_on(service_settings(m, it->ing->ns, b->service)) ||
		    auth_on(&it->s))
			r->action = MA_AUTH;
		return;
	}
	nm = prov_alb_named(&it->s, "actions", b->service);
	if (!nm || nm->slot.bad)
		return;
	a = keep_json(m, nm->slot.text);
	type = json_string_value(prov_alb_jget(a, "type"));
	if (!type)
		return;
	if (!strcmp(type, "redirect")) {
		r->action = MA_REDIRECT;
		r->redirect = prov_alb_jget(a, "redirectConfig");
		return;
	}
	if (!strcmp(type, "fixed-response")) {
		const char *code = json_string_value(prov_alb_jget(
			prov_alb_jget(a, "fixedResponseConfig"),
			"statusCode"));
		long long v = 503;

		if (code)
			(void)prov_str_int(code, &v);
		r->action = MA_FIXED;
		r->fixed_status = (int)v;
		return;
	}
	if (strcmp(type, "forward"))
		return;
	r->action = MA_FORWARD;
	if (prov_alb_jget(a, "targetGroupARN") ||
	    prov_alb_jget(a, "targetGroupName"))
		r->targets[r->ntargets++] = (struct ma_target){ .service = NULL,
			.weight = 1 };
	tgs = prov_alb_jget(prov_alb_jget(a, "forwardConfig"),
		"targetGroups");
	json_array_foreach(tgs, i, tg) {
		const char *svc = json_string_value(prov_alb_jget(tg,
			"serviceName"));
		json_t *pj = prov_alb_jget(tg, "servicePort");
		json_t *wj = prov_alb_jget(tg, "weight");
		struct ma_target t = { .service = svc, .weight =
			json_is_integer(wj) ? json_integer_value(wj) : 1 };
		long long pv = 0;

		if (r->ntargets >= ARRAY_LEN(r->targets))
			break;
		if (json_is_integer(pj))
			t.port = (long)json_integer_value(pj);
		else if (json_is_string(pj) && prov_str_int(
		    json_string_value(pj), &pv))
			t.port = (long)pv;
		else if (svc && json_is_string(pj))
			t.port = resolve_port(m, it->ing->ns, svc, 0,
				json_string_value(pj));
		r->targets[r->ntargets++] = t;
	}
}

static void
set_conditions(struct replay_alb *m, const struct mi *it, struct ma_rule *r,
	const char *svc, const char **extra, size_t *nextra)
{
	const struct prov_alb_named *nm = prov_alb_named(&it->s, "conditions",
		svc);
	json_t *j, *c;
	size_t i;

	*nextra = 0;
	if (!nm || nm->slot.bad)
		return;
	j = keep_json(m, nm->slot.text);
	json_array_foreach(j, i, c) {
		const char *f = json_string_value(prov_alb_jget(c, "field"));

		if (!f)
			continue;
		if (!strcmp(f, "http-header")) {
			json_t *hc = prov_alb_jget(c, "httpHeaderConfig");

			if (r->nhdrs == MA_CONDS)
				continue;	/* ALB takes five in all */
			r->hdrs[r->nhdrs].name = json_string_value(
				prov_alb_jget(hc, "httpHeaderName"));
			r->hdrs[r->nhdrs++].values = prov_alb_jget(hc,
				"values");
		} else if (!strcmp(f, "host-header")) {
			r->hosts = prov_alb_jget(prov_alb_jget(c,
				"hostHeaderConfig"), "values");
		} else if (!strcmp(f, "http-request-method")) {
			r->methods = prov_alb_jget(prov_alb_jget(c,
				"httpRequestMethodConfig"), "values");
		} else if (!strcmp(f, "query-string")) {
			if (r->nquery < MA_CONDS)
				r->query[r->nquery++] = prov_alb_jget(
					prov_alb_jget(c, "queryStringConfig"),
					"values");
		} else if (!strcmp(f, "source-ip")) {
			r->source_ip = true;
		} else if (!strcmp(f, "path-pattern")) {
			json_t *v = prov_alb_jget(prov_alb_jget(c,
				"pathPatternConfig"), "values"), *p;
			size_t k;

			json_array_foreach(v, k, p)
				if (*nextra < 4 && json_string_value(p))
					extra[(*nextra)++] = json_string_value(p);
		}
	}
}

static size_t
group_of(struct replay_alb *m, const char *key)
{
	for (size_t i = 0; i < m->ngroups; i++)
		if (!strcmp(m->groups[i].key, key))
			return i;
	m->groups = xrealloc(m->groups, (m->ngroups + 1) * sizeof(*m->groups));
	memset(&m->groups[m->ngroups], 0, sizeof(*m->groups));
	m->groups[m->ngroups].key = key;
	return m->ngroups++;
}

static void
push_rule(struct replay_alb *m, const struct ma_rule *r)
{
	m->rules = xrealloc(m->rules, (m->nrules + 1) * sizeof(*m->rules));
	m->rules[m->nrules++] = *r;
}

static void
load_paths(struct replay_alb *m, const struct mi *it, size_t g,
	bool http, bool https, struct diag_sink *sink)
{
	const struct ingress *ing = it->ing;

	for (size_t ri = 0; ri < ing->nrules; ri++) {
		const struct ing_rule *rule = &ing->rules[ri];

		for (int pass = 0; pass < 3; pass++) {
			size_t n = rule->npaths;
			size_t *idx = xmalloc((n + 1) * sizeof(*idx)), k = 0;

			/* Exact; Prefix longest first (stable); the rest */
			for (size_t p = 0; p < n; p++)
				if ((pass == 0 && rule->paths[p].type ==
				    ING_PATH_EXACT) || (pass == 1 &&
				    rule->paths[p].type == ING_PATH_PREFIX) ||
				    (pass == 2 && rule->paths[p].type ==
				    ING_PATH_IMPLEMENTATION_SPECIFIC))
					idx[k++] = p;
			for (size_t a = 1; pass == 1 && a < k; a++) {
				size_t v = idx[a], b = a;

				while (b > 0 && strlen(rule->paths[idx[b - 1]]
				    .path) < strlen(rule->paths[v].path)) {
					idx[b] = idx[b - 1];
					b--;
				}
				idx[b] = v;
			}
			for (size_t q = 0; q < k; q++) {
				const struct ing_path *p = &rule->paths[idx[q]];
				struct ma_rule r = { .ing = ing, .group = g,
					.rule_idx = (long)ri,
					.path_idx = (long)idx[q],
					.host = rule->host, .http = http,
					.https = https };
				const char *why = NULL, *extra[4];
				size_t nextra = 0;
				struct src_pos pos = doc_pos(m->set,
					p->path_node ? p->path_node : p->node);

				r.file = pos.file;
				r.line = pos.line;
				if (!p->path_given) {
					r.pats[0] = "/*";
					r.npats = 1;
				} else if (it->s.use_regex && p->type ==
				    ING_PATH_IMPLEMENTATION_SPECIFIC) {
					r.regex_path = true;
				} else if (!prov_alb_patterns(&m->arena,
				    (int)p->type, p->path, r.pats, &r.npats,
				    &why)) {
					say(m, sink, DIAG_WARNING,
						"replay/aws-alb-path-skipped",
						p->path_node, "Ingress "
						"'%s/%s': path '%s': %s; the "
						"controller cannot build the "
						"group", ing->ns, ing->name,
						p->path, why);
					continue;
				}
				r.wildcard_is = p->type ==
					ING_PATH_IMPLEMENTATION_SPECIFIC &&
					strpbrk(p->path, "*?");
				set_action(m, it, &r, &p->backend);
				r.transforms = p->backend.service &&
					prov_alb_named(&it->s, "transforms",
					p->backend.service);
				if (p->backend.service)
					set_conditions(m, it, &r,
						p->backend.service, extra,
						&nextra);
				for (size_t e = 0; e < nextra && r.npats < 2;
				     e++)
					r.pats[r.npats++] = extra[e];
				push_rule(m, &r);
			}
			free(idx);
		}
	}
	if (ing->has_default_backend && !m->groups[g].has_default) {
		struct ma_rule r = { .ing = ing, .group = g, .rule_idx = -1,
			.path_idx = -1, .http = http, .https = https };
		struct src_pos pos = doc_pos(m->set,
			ing->default_backend.node);

		r.file = pos.file;
		r.line = pos.line;
		set_action(m, it, &r, &ing->default_backend);
		m->groups[g].has_default = true;
		m->groups[g].def = r;
	}
}

/* The IngressClassParams named by ing's IngressClass, or NULL. */
static const struct k8s_object *
params_of(const struct replay_alb *m, const struct ingress *ing)
{
	const struct ing_class *cls;
	const struct doc_node *p;
	const char *kind, *name;

	if (ing->class_annotation || !ing->class_name ||
	    !(cls = ing_world_class(&m->world, ing->class_name)) || !cls->obj)
		return NULL;
	p = doc_path(cls->obj->root, "spec.parameters");
	kind = p ? doc_str(doc_get(p, "kind")) : NULL;
	name = p ? doc_str(doc_get(p, "name")) : NULL;
	if (!kind || !name || strcmp(kind, "IngressClassParams"))
		return NULL;
	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];

		if (o->name && !strcmp(o->kind, "IngressClassParams") &&
		    !strcmp(o->name, name))
			return o;
	}
	return NULL;
}

/* Whether the params' namespaceSelector (matchLabels) selects ns; a
 * Namespace the input lacks is taken as selected. */
static bool
ns_selected(const struct replay_alb *m, const struct k8s_object *pa,
	const char *ns)
{
	const struct doc_node *ml = doc_path(pa->root,
		"spec.namespaceSelector.matchLabels");

	if (!ml || !doc_is_map(ml))
		return true;
	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];
		const struct doc_node *labels;

		if (!o->name || strcmp(o->kind, "Namespace") ||
		    strcmp(o->name, ns))
			continue;
		labels = o->metadata ? doc_get(o->metadata, "labels") : NULL;
		for (size_t k = 0; k < doc_len(ml); k++) {
			const char *key = doc_str(doc_map_key(ml, k));
			const char *want = doc_str(doc_map_value(ml, k));
			const char *have = labels && key ?
				doc_str(doc_get(labels, key)) : NULL;

			if (!have || !want || strcmp(have, want))
				return false;
		}
		return true;
	}
	return true;
}

/* The Ingresses the controller serves, each with its IngressGroup
 * (replay_load_ingresses' take). */
struct items {
	struct replay_alb *m;
	struct mi *v;
	size_t n;
};

static void
take(void *arg, const struct ingress *ing, size_t i, struct diag_sink *sink)
{
	struct items *its = arg;
	struct replay_alb *m = its->m;
	const struct k8s_object *pa = params_of(m, ing);
	const char *pg = pa ? doc_str(doc_path(pa->root, "spec.group.name")) :
		NULL;
	struct mi *it;

	if (pa && !ns_selected(m, pa, ing->ns)) {
		say(m, sink, DIAG_INFO, "replay/ingress-other-class",
			ing->obj->root, "Ingress '%s/%s' is not replayed: the "
			"namespaceSelector of IngressClassParams '%s' does not "
			"select its namespace", ing->ns, ing->name, pa->name);
		return;
	}
	its->v = xrealloc(its->v, (its->n + 1) * sizeof(*its->v));
	it = &its->v[its->n++];
	memset(it, 0, sizeof(*it));
	it->ing = ing;
	it->world_idx = i;
	prov_alb_parse(&it->s, &m->arena, m->set, ing->annotations, "Ingress",
		ing->ns, ing->name, NULL);
	it->group = it->s.group ? it->s.group : arena_printf(&m->arena,
		"\x01%s/%s", ing->ns, ing->name);
	if (pg && prov_alb_group_name_ok(pg))
		it->group = pg;
	if (pa && (doc_path(pa->root, "spec.inboundCIDRs") ||
	    doc_path(pa->root, "spec.wafv2AclArn")))
		it->restricted = true;
	it->order = it->s.order;
}

int
replay_alb_load(struct replay_alb **out, const struct doc_set *set,
	const struct replay_alb_opts *opts, struct diag_sink *sink)
{
	struct replay_alb *m;
	struct items its = { 0 };
	struct mi *items = NULL;
	size_t n = 0;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	its.m = m;
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->alb_classes ? serves : NULL,
		.who = "the AWS Load Balancer Controller", .take = take,
		.arg = &its,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	items = its.v;
	n = its.n;
	if (n)
		qsort(items, n, sizeof(*items), by_group);
	for (size_t i = 0; i < n; i++) {
		struct mi *it = &items[i];
		size_t g = group_of(m, it->group);
		bool http = false, https = false;

		if (it->s.nports) {
			for (size_t k = 0; k < it->s.nports; k++) {
				if (it->s.ports[k].https)
					https = true;
				else
					http = true;
			}
		} else if (it->s.has_certificate || it->ing->ntls) {
			https = true;
		} else {
			http = true;
		}
		m->groups[g].http |= http;
		m->groups[g].https |= https;
		if (it->s.ssl_redirect && !m->groups[g].redirect) {
			m->groups[g].redirect = true;
			m->groups[g].redirect_port = it->s.ssl_redirect;
		}
		if (it->restricted ||
		    prov_alb_slot(&it->s, "inbound-cidrs") ||
		    prov_alb_slot(&it->s, "security-groups") ||
		    prov_alb_slot(&it->s, "wafv2-acl-arn") ||
		    prov_alb_slot(&it->s, "waf-acl-id"))
			m->groups[g].restricted = true;
		load_paths(m, it, g, http, https, sink);
	}
	free(items);
	*out = m;
	return 0;
}

void
replay_alb_free(struct replay_alb *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->njson; i++)
		json_decref(m->json[i]);
	free(m->json);
	free(m->rules);
	free(m->groups);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_alb_rule_count(const struct replay_alb *m)
{
	return m ? m->nrules : 0;
}

/* ---- routing ---------------------------------------------------------------- */

static bool
query_has(const char *query, const char *key, const char *value)
{
	const char *p = query;

	while (p && *p) {
		const char *e = strchr(p, '&');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		size_t kl = eq ? (size_t)(eq - p) : n;
		char kb[256], vb[256];

		snprintf(kb, sizeof(kb), "%.*s", (int)kl, p);
		snprintf(vb, sizeof(vb), "%.*s", eq ? (int)(n - kl - 1) : 0,
			eq ? eq + 1 : "");
		if ((!key || prov_alb_wildcard(key, kb, true)) &&
		    prov_alb_wildcard(value, vb, true))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static bool
rule_matches(const struct ma_rule *r, const struct replay_request *req,
	const char *host, const char *path, bool *undecided)
{
	/* the rule's host and the host-header condition's: any of them */
	if (r->host || json_array_size(r->hosts)) {
		bool any = r->host && host && prov_alb_wildcard(r->host, host,
			true);
		size_t i;
		json_t *v;

		json_array_foreach(r->hosts, i, v)
			if (host && json_string_value(v) && prov_alb_wildcard(
			    json_string_value(v), host, true))
				any = true;
		if (!any)
			return false;
	}
	if (r->regex_path) {
		*undecided = true;
		return false;
	}
	if (r->npats) {
		bool any = false;

		for (size_t i = 0; i < r->npats; i++)
			if (prov_alb_wildcard(r->pats[i], path, false))
				any = true;
		if (!any)
			return false;
	}
	for (size_t h = 0; h < r->nhdrs; h++) {
		const char *v = r->hdrs[h].name ? replay_request_header(req,
			r->hdrs[h].name) : NULL;
		bool any = false;
		size_t i;
		json_t *hv;

		json_array_foreach(r->hdrs[h].values, i, hv)
			if (v && json_string_value(hv) && prov_alb_wildcard(
			    json_string_value(hv), v, true))
				any = true;
		if (!any)
			return false;
	}
	if (r->methods) {
		const char *meth = req->method ? req->method : "GET";
		bool any = false;
		size_t i;
		json_t *v;

		json_array_foreach(r->methods, i, v)
			if (json_string_value(v) && !strcmp(
			    json_string_value(v), meth))
				any = true;
		if (!any)
			return false;
	}
	for (size_t q = 0; q < r->nquery; q++) {
		bool any = false;
		size_t i;
		json_t *v;

		json_array_foreach(r->query[q], i, v) {
			const char *val = json_string_value(prov_alb_jget(v,
				"value"));

			if (val && query_has(req->query, json_string_value(
			    prov_alb_jget(v, "key")), val))
				any = true;
		}
		if (!any)
			return false;
	}
	if (r->source_ip)
		*undecided = true;
	return true;
}

static const char *
rc_value(json_t *rc, const char *k)
{
	return json_string_value(prov_alb_jget(rc, k));
}

/* A redirect to the request itself on this listener: the controller's
 * rule optimizer leaves such a rule out of the listener. */
static bool
self_redirect(const struct ma_rule *r, bool secure)
{
	const char *proto = rc_value(r->redirect, "protocol");
	const char *port = rc_value(r->redirect, "port");
	const char *host = rc_value(r->redirect, "host");
	const char *path = rc_value(r->redirect, "path");
	const char *query = rc_value(r->redirect, "query");

	if (r->action != MA_REDIRECT)
		return false;
	if (proto && strcmp(proto, "#{protocol}") && strcmp(proto, secure ?
	    "HTTPS" : "HTTP"))
		return false;
	if (port && strcmp(port, "#{port}") && strcmp(port, secure ? "443" :
	    "80"))
		return false;
	if (host && strcmp(host, "#{host}") && (!r->host ||
	    strcmp(host, r->host)))
		return false;
	if (path && strcmp(path, "/#{path}")) {
		bool in = false;

		for (size_t i = 0; i < r->npats; i++)
			if (!strcmp(r->pats[i], path))
				in = true;
		if (!in)
			return false;
	}
	if (query && strcmp(query, "#{query}"))
		return false;
	return true;
}

static void
matched(struct replay_decision *d, const struct ma_rule *r)
{
	replay_matched_ingress(d, r->ing, r->rule_idx, r->path_idx, r->file,
		r->line);
}

/* ALB's redirect: each part given or the request's (#{...}). */
static void
do_redirect(const struct ma_rule *r, const struct replay_request *req,
	const char *host, const char *path, bool secure,
	struct replay_decision *d)
{
	const char *proto = rc_value(r->redirect, "protocol");
	const char *h = rc_value(r->redirect, "host");
	const char *p = rc_value(r->redirect, "path");
	const char *port = rc_value(r->redirect, "port");
	const char *q = rc_value(r->redirect, "query");
	const char *code = rc_value(r->redirect, "statusCode");
	const char *scheme = proto && strcmp(proto, "#{protocol}") ?
		(!strcasecmp(proto, "HTTPS") ? "https" : "http") :
		(secure ? "https" : "http");
	unsigned pv = req->port;
	long long v;

	if (port && strcmp(port, "#{port}") && prov_str_int(port, &v))
		pv = (unsigned)v;
	else if (strcmp(scheme, secure ? "https" : "http"))
		replay_decision_known(d, "convert/aws-alb-action", "ALB's "
			"redirect kept the request's port (#{port}) while "
			"changing the protocol; a RequestRedirect uses the "
			"scheme's port");
	if (!h || !strcmp(h, "#{host}"))
		h = host ? host : "";
	if (!p || !strcmp(p, "/#{path}"))
		p = path;
	if (!q || !strcmp(q, "#{query}"))
		q = req->query;
	else
		replay_decision_known(d, "convert/aws-alb-action", "ALB's "
			"redirect set the query");
	d->status = code && !strcmp(code, "HTTP_302") ? 302 : 301;
	d->redirect = replay_decision_printf(d, "%s://%s%s%s%s%s", scheme, h,
		(!strcmp(scheme, "https") && pv == 443) ||
		(!strcmp(scheme, "http") && pv == 80) ? "" :
		replay_decision_printf(d, ":%u", pv), p, q && *q ? "?" : "",
		q && *q ? q : "");
}

/* Whether a tls section of ing with a secretName covers host: the
 * Gateway's HTTPS listeners come from those; ALB's certificates from
 * ACM. */
static bool
secret_for(const struct ingress *ing, const char *host)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];

		if (!t->secret)
			continue;
		if (!t->nhosts)
			return true;
		for (size_t k = 0; host && k < t->nhosts; k++)
			if (t->hosts[k] && prov_alb_wildcard(t->hosts[k], host,
			    true))
				return true;
	}
	return false;
}

static int
act(const struct replay_alb *m, const struct ma_rule *r,
	const struct replay_request *req, const char *host, const char *path,
	bool secure, struct replay_decision *d)
{
	long long total = 0;

	matched(d, r);
	if (secure && !secret_for(r->ing, host))
		replay_decision_known(d, "convert/aws-alb-certificate", "ALB "
			"answered HTTPS with an ACM certificate; the Gateway "
			"has HTTPS listeners only for tls sections with a "
			"secretName");
	switch (r->action) {
	case MA_REDIRECT:
		do_redirect(r, req, host, path, secure, d);
		return 0;
	case MA_FIXED:
		d->status = r->fixed_status;
		replay_decision_note(d, "fixed-response %d", r->fixed_status);
		replay_decision_known(d, "convert/aws-alb-fixed-response",
			"ALB answered the path itself; Gateway API has no "
			"fixed response");
		return 0;
	case MA_AUTH:
		d->status = 401;
		replay_decision_note(d, "auth-type: the user must "
			"authenticate first (ALB redirects to the identity "
			"provider)");
		replay_decision_known(d, "convert/access-control", "ALB "
			"authenticated the user; the conversion fails closed");
		return 0;
	case MA_BROKEN:
		d->status = 503;
		replay_decision_note(d, "the action cannot be built");
		replay_decision_known(d, "convert/aws-alb-action", "the "
			"controller cannot build the action");
		return 0;
	case MA_FORWARD:
		break;
	}
	for (size_t i = 0; i < r->ntargets; i++)
		total += r->targets[i].weight;
	replay_upstream(d, req, path);
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct ma_target *t = &r->targets[i];
		struct replay_backend b = { .namespace = r->ing->ns,
			.name = t->service, .port = t->port,
			.weight = total > 0 ? (double)t->weight /
			(double)total : 0 };

		if (!t->service) {
			replay_decision_known(d, "convert/aws-alb-action",
				"ALB forwarded to a target group by ARN, "
				"outside the cluster");
			continue;
		}
		if (t->port < 0)
			replay_decision_known(d, "convert/unresolved-port-"
				"name", "the input lacks the Service that "
				"names the port");
		if (b.weight > 0)
			replay_decision_add_backend(d, &b);
	}
	if (r->transforms) {
		replay_decision_note(d, "transforms.%s: ALB rewrites the host "
			"or URL (not modelled)", r->targets[0].service ?
			r->targets[0].service : "");
		replay_decision_known(d, "convert/aws-alb-transform", "ALB "
			"rewrote the request; the conversion does not");
	}
	d->status = d->nbackends ? 200 : 503;
	(void)m;
	return 0;
}

/*
 * The rule that explains where the rule's conditions and a Gateway API
 * match part: convert/aws-alb-condition for what no match says (the
 * host-header condition, methods other than HTTPRoute's, a query value
 * under any key or a wildcard key), convert/aws-alb-query-case for the
 * case of query keys and values; NULL when they agree.
 */
static const char *
condition_rule(const struct ma_rule *r)
{
	static const char *const standard[] = { "GET", "HEAD", "POST",
		"PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };
	json_t *v;
	size_t i;

	if (r->hosts)
		return "convert/aws-alb-condition";
	json_array_foreach(r->methods, i, v) {
		const char *m = json_string_value(v);
		size_t k = 0;

		while (m && k < ARRAY_LEN(standard) && strcmp(m, standard[k]))
			k++;
		if (!m || k == ARRAY_LEN(standard))
			return "convert/aws-alb-condition";
	}
	for (size_t q = 0; q < r->nquery; q++)
		json_array_foreach(r->query[q], i, v) {
			const char *key = json_string_value(prov_alb_jget(v,
				"key"));

			if (!key || !*key || strpbrk(key, "*?"))
				return "convert/aws-alb-condition";
		}
	return r->nquery ? "convert/aws-alb-query-case" : NULL;
}

/* A rule of an ImplementationSpecific "/x/" then '*' pattern that would
 * take the path with a '/' after it: the conversion's PathPrefix "/x"
 * takes the path itself. */
static void
near_wildcard(const struct replay_alb *m, size_t g,
	const struct replay_request *req, const char *host, const char *path,
	bool secure, struct replay_decision *d)
{
	char *slashed = replay_decision_printf(d, "%s/", path);

	for (size_t i = 0; i < m->nrules; i++) {
		const struct ma_rule *r = &m->rules[i];
		bool u = false;

		if (r->group != g || !r->wildcard_is || !(secure ? r->https :
		    r->http))
			continue;
		if (!rule_matches(r, req, host, path, &u) &&
		    rule_matches(r, req, host, slashed, &u))
			replay_decision_known(d, "convert/aws-alb-path-"
				"wildcard", "ALB's '/x/*' pattern needs the "
				"'/' after '/x'; the conversion's PathPrefix "
				"'/x' matches '/x' itself");
	}
}

int
replay_alb_route(const struct replay_alb *m, const struct replay_request *req,
	struct replay_decision *d)
{
	char hbuf[256];
	const char *host = NULL, *path;
	bool secure, undecided = false, any_listener = false;
	size_t chosen = SIZE_MAX;	/* the group DNS sends host to */

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->host) {
		size_t n = strcspn(req->host, ":");

		snprintf(hbuf, sizeof(hbuf), "%.*s", (int)n, req->host);
		host = hbuf;
	}
	path = req->path && *req->path ? req->path : "/";
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "the model's listeners are HTTP 80 and "
			"HTTPS 443");
		return 0;
	}
	/* Every group is its own load balancer; the request reaches the
	 * first group with a rule for its host (DNS chose one). */
	{
		size_t with_host = 0;

		for (size_t g = 0; g < m->ngroups; g++)
			for (size_t i = 0; i < m->nrules; i++)
				if (m->rules[i].group == g && m->rules[i].host &&
				    host && prov_alb_wildcard(m->rules[i].host,
				    host, true)) {
					if (!with_host++)
						chosen = g;
					break;
				}
		if (with_host > 1)
			replay_decision_known(d, "convert/aws-alb-group-merged",
				"several load balancers (IngressGroups) had "
				"rules for the host; the model takes the first, "
				"the Gateway merges them");
	}
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct ma_group *gr = &m->groups[g];

		if (!(secure ? gr->https : gr->http) ||
		    (chosen != SIZE_MAX && g != chosen))
			continue;
		any_listener = true;
		if (gr->restricted)
			replay_decision_known(d, "convert/access-control",
				"ALB admitted only some clients (security "
				"groups, inbound-cidrs, WAF)");
		if (!secure && gr->redirect) {
			d->status = 301;
			d->redirect = replay_decision_printf(d,
				"https://%s%s%s%s%s", host ? host : "",
				gr->redirect_port == 443 ? "" :
				replay_decision_printf(d, ":%lld",
				gr->redirect_port), path, req->query ? "?" : "",
				req->query ? req->query : "");
			replay_decision_note(d, "ssl-redirect: every HTTP "
				"request is redirected");
			return 0;
		}
		near_wildcard(m, g, req, host, path, secure, d);
		for (size_t i = 0; i < m->nrules; i++) {
			const struct ma_rule *r = &m->rules[i];

			if (r->group != g || !(secure ? r->https : r->http) ||
			    self_redirect(r, secure))
				continue;
			if (!rule_matches(r, req, host, path, &undecided)) {
				if (condition_rule(r)) {
					struct ma_rule bare = *r;
					bool u = false;

					bare.methods = bare.hosts = NULL;
					bare.nquery = 0;
					if (rule_matches(&bare, req, host, path,
					    &u))
						replay_decision_known(d,
							condition_rule(r), "a "
							"condition ALB checked "
							"is not converted as it "
							"was");
				}
				continue;
			}
			replay_decision_note(d, "listener rule %zu of the "
				"group (Ingress %s/%s)", i + 1, r->ing->ns,
				r->ing->name);
			if (r->wildcard_is)
				replay_decision_known(d, "convert/aws-alb-path-"
					"wildcard", "an ALB wildcard path "
					"pattern");
			if (r->source_ip)
				replay_decision_known(d, "convert/access-"
					"control", "ALB routed by the client's "
					"address");
			for (size_t j = i + 1; j < m->nrules; j++) {
				bool u2 = false;

				if (m->rules[j].group == g && (secure ?
				    m->rules[j].https : m->rules[j].http) &&
				    !self_redirect(&m->rules[j], secure) &&
				    rule_matches(&m->rules[j], req, host,
				    path, &u2)) {
					replay_decision_known(d, "convert/aws-"
						"alb-rule-order", "ALB took "
						"the first rule by priority; "
						"Gateway API takes the most "
						"specific match");
					break;
				}
			}
			if (condition_rule(r))
				replay_decision_known(d, condition_rule(r), "a "
					"conditions.NAME annotation");
			return act(m, r, req, host, path, secure, d);
		}
		if (gr->has_default)
			return act(m, &gr->def, req, host, path, secure, d);
	}
	if (undecided)
		d->undecided = "a regular expression path "
			"(use-regex-path-match) is not evaluated";
	replay_decision_note(d, any_listener ? "no rule matches: the "
		"default action answers 404" : "no listener on this port");
	return 0;
}
