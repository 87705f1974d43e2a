#include "compat.h"

#include "gateway.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway_int.h"
#include "hash.h"
#include "strmap.h"

#define GW_GROUP "gateway.networking.k8s.io"
#define GW_XGROUP "gateway.networking.x-k8s.io"
/* The Gateway API Inference Extension's v1 group (InferencePool). */
#define INFERENCE_GROUP "inference.networking.k8s.io"

/* ----- string map ----- */

uint32_t
gw_hash(const char *s)
{
	uint32_t h = hash_str(s);

	return h ? h : 1;	/* 0 marks an empty slot */
}

static void
hmap_insert(struct gw_hent *ents, size_t cap, const char *key, uint32_t hash,
	uint32_t val)
{
	size_t i = hash & (cap - 1);

	while (ents[i].key)
		i = (i + 1) & (cap - 1);
	ents[i].key = key;
	ents[i].hash = hash;
	ents[i].val = val;
}

void
gw_hmap_put(struct gw_hmap *m, const char *key, uint32_t val)
{
	uint32_t h = gw_hash(key);

	if ((m->len + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? 2 * m->cap : 16;
		struct gw_hent *n = xcalloc(ncap, sizeof(*n));

		for (size_t i = 0; i < m->cap; i++)
			if (m->ents[i].key)
				hmap_insert(n, ncap, m->ents[i].key,
					m->ents[i].hash, m->ents[i].val);
		free(m->ents);
		m->ents = n;
		m->cap = ncap;
	}
	for (size_t i = h & (m->cap - 1); m->ents[i].key;
		i = (i + 1) & (m->cap - 1)) {
		if (m->ents[i].hash == h && !strcmp(m->ents[i].key, key)) {
			m->ents[i].val = val;
			return;
		}
	}
	hmap_insert(m->ents, m->cap, key, h, val);
	m->len++;
}

bool
gw_hmap_get(const struct gw_hmap *m, const char *key, uint32_t *out)
{
	uint32_t h;

	if (!m->len)
		return false;
	h = gw_hash(key);
	for (size_t i = h & (m->cap - 1); m->ents[i].key;
		i = (i + 1) & (m->cap - 1)) {
		if (m->ents[i].hash == h && !strcmp(m->ents[i].key, key)) {
			*out = m->ents[i].val;
			return true;
		}
	}
	return false;
}

void
gw_hmap_release(struct gw_hmap *m)
{
	free(m->ents);
	memset(m, 0, sizeof(*m));
}

/* ----- hostnames ----- */

bool
gw_host_matches(const char *pattern, const char *host)
{
	size_t pl, hl;

	if (!pattern)
		return true;
	if (pattern[0] != '*' || pattern[1] != '.')
		return !strcmp(pattern, host);
	pl = strlen(pattern) - 1;	/* ".suffix" */
	hl = strlen(host);
	return hl > pl && !strcmp(host + hl - pl, pattern + 1);
}

static bool
is_wild(const char *h)
{
	return h && h[0] == '*' && h[1] == '.';
}

/*
 * Intersection of a listener hostname (NULL = any) and a route hostname;
 * false when they do not intersect.
 */
static bool
host_intersect(const char *lh, const char *rh, const char **out)
{
	if (!lh) {
		*out = rh;
		return true;
	}
	if (!is_wild(lh) && !is_wild(rh)) {
		*out = lh;
		return !strcmp(lh, rh);
	}
	if (is_wild(lh) && !is_wild(rh)) {
		*out = rh;
		return gw_host_matches(lh, rh);
	}
	if (!is_wild(lh)) {
		*out = lh;
		return gw_host_matches(rh, lh);
	}
	/* both wildcards: the more specific one, if one covers the other */
	if (!strcmp(lh, rh)) {
		*out = lh;
		return true;
	}
	if (gw_host_matches(lh, rh + 2)) {
		*out = rh;
		return true;
	}
	if (gw_host_matches(rh, lh + 2)) {
		*out = lh;
		return true;
	}
	return false;
}

/* ----- document helpers ----- */

static const char *
str_or(const struct doc_node *n, const char *dflt)
{
	const char *s = doc_str(n);

	return s ? s : dflt;
}

static long
int_or(const struct doc_node *n, long dflt)
{
	long long v;

	return doc_int(n, &v) ? (long)v : dflt;
}

static const char *
meta(const struct doc_node *obj, const char *key)
{
	return doc_str(doc_get(doc_get(obj, "metadata"), key));
}

static const char *
meta_or(const struct doc_node *obj, const char *key)
{
	const char *s = meta(obj, key);

	return s ? s : "";
}

static const char *
obj_ns(const struct doc_node *obj)
{
	const char *ns = meta(obj, "namespace");

	return ns ? ns : "default";
}

static void
node_pos(const struct replay_gw *gw, const struct doc_node *n,
	const char **file, uint32_t *line)
{
	struct src_pos p = doc_pos(gw->set, n);

	*file = p.file;
	*line = p.line;
}

static const char **
str_list(struct replay_gw *gw, const struct doc_node *seq, size_t *n_out)
{
	size_t n = doc_len(seq);
	const char **v;
	size_t k = 0;

	*n_out = 0;
	if (!doc_is_seq(seq) || !n)
		return NULL;
	v = arena_alloc(&gw->arena, n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		const char *s = doc_str(doc_item(seq, i));

		if (s)
			v[k++] = s;
	}
	*n_out = k;
	return v;
}

static pcre2_code *
regex_compile(struct replay_gw *gw, const char *pat,
	const struct doc_node *at, struct diag_sink *sink)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		PCRE2_ANCHORED | PCRE2_ENDANCHORED, &err, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[128];

		pcre2_get_error_message(err, msg, sizeof(msg));
		if (sink)
			diag_add(sink, DIAG_WARNING, "replay/bad-regex",
				doc_pos(gw->set, at),
				"regular expression '%s' does not compile "
				"(%s at offset %zu); it never matches", pat,
				(const char *)msg, (size_t)off);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if (gw->nres == gw->capres) {
		gw->capres = gw->capres ? 2 * gw->capres : 16;
		gw->res = xrealloc(gw->res, gw->capres * sizeof(*gw->res));
	}
	gw->res[gw->nres++] = re;
	return re;
}

/* ----- namespaces, services, grants ----- */

static const char *
ns_label(const struct replay_gw *gw, const char *ns, const char *key)
{
	uint32_t i;

	if (!strcmp(key, "kubernetes.io/metadata.name"))
		return ns;
	if (!gw_hmap_get(&gw->ns_by_name, ns, &i))
		return NULL;
	return doc_str(doc_get(doc_get(doc_get(gw->nss[i], "metadata"),
		"labels"), key));
}

static bool
selector_matches(const struct replay_gw *gw, const struct doc_node *sel,
	const char *ns)
{
	const struct doc_node *ml = doc_get(sel, "matchLabels");
	const struct doc_node *me = doc_get(sel, "matchExpressions");

	for (size_t i = 0; i < doc_len(ml) && doc_is_map(ml); i++) {
		const char *k = doc_str(doc_map_key(ml, i));
		const char *v = doc_str(doc_map_value(ml, i));
		const char *have = k ? ns_label(gw, ns, k) : NULL;

		if (!have || !v || strcmp(have, v))
			return false;
	}
	for (size_t i = 0; i < doc_len(me) && doc_is_seq(me); i++) {
		const struct doc_node *e = doc_item(me, i);
		const char *k = doc_str(doc_get(e, "key"));
		const char *op = str_or(doc_get(e, "operator"), "");
		const struct doc_node *vals = doc_get(e, "values");
		const char *have = k ? ns_label(gw, ns, k) : NULL;
		bool in = false;

		for (size_t j = 0; have && j < doc_len(vals); j++) {
			const char *v = doc_str(doc_item(vals, j));

			if (v && !strcmp(v, have))
				in = true;
		}
		if (!strcmp(op, "In") && !in)
			return false;
		if (!strcmp(op, "NotIn") && in)
			return false;
		if (!strcmp(op, "Exists") && !have)
			return false;
		if (!strcmp(op, "DoesNotExist") && have)
			return false;
	}
	return true;
}

static bool
grant_allows(const struct replay_gw *gw, const char *from_kind,
	const char *from_ns, const char *to_group, const char *to_kind,
	const char *to_ns, const char *to_name)
{
	for (size_t i = 0; i < gw->ngrants; i++) {
		const struct doc_node *g = gw->grants[i];
		const struct doc_node *from, *to;
		bool f_ok = false, t_ok = false;

		if (strcmp(obj_ns(g), to_ns))
			continue;
		from = doc_get(doc_get(g, "spec"), "from");
		to = doc_get(doc_get(g, "spec"), "to");
		for (size_t j = 0; j < doc_len(from) && doc_is_seq(from); j++) {
			const struct doc_node *f = doc_item(from, j);

			if (!strcmp(str_or(doc_get(f, "group"), ""),
				GW_GROUP) &&
				!strcmp(str_or(doc_get(f, "kind"), ""),
				from_kind) &&
				!strcmp(str_or(doc_get(f, "namespace"), ""),
				from_ns))
				f_ok = true;
		}
		for (size_t j = 0; j < doc_len(to) && doc_is_seq(to); j++) {
			const struct doc_node *t = doc_item(to, j);
			const char *name = doc_str(doc_get(t, "name"));

			if (!strcmp(str_or(doc_get(t, "group"), ""),
				to_group) &&
				!strcmp(str_or(doc_get(t, "kind"), ""),
				to_kind) && (!name || !strcmp(name, to_name)))
				t_ok = true;
		}
		if (f_ok && t_ok)
			return true;
	}
	return false;
}

static bool
service_exists(const struct replay_gw *gw, const char *ns, const char *name)
{
	char buf[512];
	uint32_t v;
	size_t n = strlen(ns) + strlen(name) + 2;

	if (gw->assume_services)
		return true;
	if (n > sizeof(buf))
		return false;
	memcpy(buf, ns, strlen(ns));
	buf[strlen(ns)] = '/';
	memcpy(buf + strlen(ns) + 1, name, strlen(name) + 1);
	return gw_hmap_get(&gw->services, buf, &v);
}

/* ----- InferencePools ----- */

static void
pool_load(struct replay_gw *gw, struct replay_pool *p,
	const struct doc_node *obj)
{
	const struct doc_node *spec = doc_get(obj, "spec");
	const struct doc_node *ml = doc_path(spec, "selector.matchLabels");
	const struct doc_node *tp = doc_get(spec, "targetPorts");
	const struct doc_node *epp = doc_get(spec, "endpointPickerRef");
	struct replay_header *labels;
	long *ports;
	size_t n = 0;

	p->known = true;
	p->picker_port = -1;
	labels = doc_is_map(ml) && doc_len(ml) ? arena_alloc(&gw->arena,
		doc_len(ml) * sizeof(*labels)) : NULL;
	for (size_t i = 0; labels && i < doc_len(ml); i++) {
		const char *k = doc_str(doc_map_key(ml, i));
		const char *v = doc_str(doc_map_value(ml, i));

		if (k && v) {
			labels[n].name = k;
			labels[n++].value = v;
		}
	}
	p->labels = labels;
	p->nlabels = n;
	n = 0;
	ports = doc_is_seq(tp) && doc_len(tp) ? arena_alloc(&gw->arena,
		doc_len(tp) * sizeof(*ports)) : NULL;
	for (size_t i = 0; ports && i < doc_len(tp); i++) {
		long v = int_or(doc_get(doc_item(tp, i), "number"), -1);

		if (v > 0)
			ports[n++] = v;
	}
	p->ports = ports;
	p->nports = n;
	if (!doc_is_map(epp) || !doc_str(doc_get(epp, "name")))
		return;
	/* the defaults of the CRD: kind Service, failureMode FailClose */
	p->picker_kind = str_or(doc_get(epp, "kind"), "Service");
	p->picker_name = arena_printf(&gw->arena, "%s/%s", obj_ns(obj),
		doc_str(doc_get(epp, "name")));
	p->picker_port = int_or(doc_path(epp, "port.number"), -1);
	p->failure_mode = str_or(doc_get(epp, "failureMode"), "FailClose");
}

/*
 * A backendRef to an InferencePool: its port is ignored (requests go to
 * the pool's targetPorts), and one that is not in the input is
 * BackendNotFound, unless the input has no InferencePool at all.
 */
static void
pool_ref(struct replay_gw *gw, const struct gw_route *r, struct gw_bref *b)
{
	char key[512];
	uint32_t i;

	b->port = -1;
	if (!gw->npools) {
		b->pool = &gw->pool_assumed;
		return;
	}
	snprintf(key, sizeof(key), "%s/%s", b->ns, b->name);
	if (!gw_hmap_get(&gw->pool_by_key, key, &i)) {
		b->valid = false;
		b->why = arena_printf(&gw->arena, "BackendNotFound: "
			"InferencePool %s/%s", b->ns, b->name);
		return;
	}
	b->pool = &gw->pools[i];
	(void)r;
}

/* ----- routes ----- */

static const char *
route_kind_name(const struct gw_route *r)
{
	return r->kind == GW_GRPC ? "GRPCRoute" : r->kind == GW_TLS ?
		"TLSRoute" : "HTTPRoute";
}

static void filters_parse(struct replay_gw *gw, struct gw_route *r,
	const struct doc_node *seq, struct gw_filter **out, size_t *n_out,
	struct diag_sink *sink);

static void
bref_parse(struct replay_gw *gw, struct gw_route *r,
	const struct doc_node *n, struct gw_bref *b, bool with_filters,
	struct diag_sink *sink)
{
	const char *group = str_or(doc_get(n, "group"), "");
	const char *kind = str_or(doc_get(n, "kind"), "Service");

	b->name = str_or(doc_get(n, "name"), "");
	b->ns = str_or(doc_get(n, "namespace"), r->ns);
	b->port = int_or(doc_get(n, "port"), -1);
	b->weight = int_or(doc_get(n, "weight"), 1);
	if (b->weight < 0)
		b->weight = 0;
	b->valid = true;
	if (!strcmp(group, INFERENCE_GROUP) &&
		!strcmp(kind, "InferencePool")) {
		pool_ref(gw, r, b);
		if (b->valid && strcmp(b->ns, r->ns) && !grant_allows(gw,
			route_kind_name(r), r->ns, INFERENCE_GROUP,
			"InferencePool", b->ns, b->name)) {
			b->valid = false;
			b->why = arena_printf(&gw->arena, "RefNotPermitted: "
				"InferencePool %s/%s (no ReferenceGrant from "
				"%s %s)", b->ns, b->name, route_kind_name(r),
				r->ns);
		}
	} else if ((strcmp(group, "") && strcmp(group, "core")) ||
		strcmp(kind, "Service")) {
		b->valid = false;
		b->why = arena_printf(&gw->arena, "InvalidKind: %s%s%s %s/%s",
			group, *group ? "/" : "", kind, b->ns, b->name);
	} else if (!service_exists(gw, b->ns, b->name)) {
		b->valid = false;
		b->why = arena_printf(&gw->arena,
			"BackendNotFound: Service %s/%s", b->ns, b->name);
	} else if (strcmp(b->ns, r->ns) && !grant_allows(gw,
			route_kind_name(r), r->ns, "", "Service", b->ns,
			b->name)) {
		b->valid = false;
		b->why = arena_printf(&gw->arena, "RefNotPermitted: Service "
			"%s/%s (no ReferenceGrant from %s %s)", b->ns,
			b->name, route_kind_name(r), r->ns);
	}
	if (with_filters)
		filters_parse(gw, r, doc_get(n, "filters"), &b->filters,
			&b->nfilters, sink);
}

static void
kv_list(struct replay_gw *gw, const struct doc_node *seq, struct gw_kv **out,
	size_t *n_out)
{
	size_t n = doc_len(seq);

	*out = NULL;
	*n_out = 0;
	if (!doc_is_seq(seq) || !n)
		return;
	*out = arena_alloc(&gw->arena, n * sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *e = doc_item(seq, i);

		(*out)[i].name = str_or(doc_get(e, "name"), "");
		(*out)[i].value = str_or(doc_get(e, "value"), "");
	}
	*n_out = n;
}

static void
pathmod_parse(const struct doc_node *p, struct gw_filter *f)
{
	const char *type = doc_str(doc_get(p, "type"));

	if (!type)
		return;
	if (!strcmp(type, "ReplaceFullPath")) {
		f->pathmod = GW_PM_FULL;
		f->pathval = str_or(doc_get(p, "replaceFullPath"), "/");
	} else if (!strcmp(type, "ReplacePrefixMatch")) {
		f->pathmod = GW_PM_PREFIX;
		f->pathval = str_or(doc_get(p, "replacePrefixMatch"), "");
	}
}

static void
filters_parse(struct replay_gw *gw, struct gw_route *r,
	const struct doc_node *seq, struct gw_filter **out, size_t *n_out,
	struct diag_sink *sink)
{
	size_t n = doc_len(seq);

	*out = NULL;
	*n_out = 0;
	if (!doc_is_seq(seq) || !n)
		return;
	*out = arena_alloc(&gw->arena, n * sizeof(**out));
	*n_out = n;
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *fn = doc_item(seq, i);
		const char *type = str_or(doc_get(fn, "type"), "");
		struct gw_filter *f = &(*out)[i];
		const struct doc_node *c;

		f->port = -1;
		if (!strcmp(type, "RequestHeaderModifier") ||
			!strcmp(type, "ResponseHeaderModifier")) {
			f->type = type[1] == 'e' && type[2] == 'q' ?
				GW_F_REQ_HDR : GW_F_RESP_HDR;
			c = doc_get(fn, f->type == GW_F_REQ_HDR ?
				"requestHeaderModifier" :
				"responseHeaderModifier");
			kv_list(gw, doc_get(c, "set"), &f->set, &f->nset);
			kv_list(gw, doc_get(c, "add"), &f->add, &f->nadd);
			f->remove = str_list(gw, doc_get(c, "remove"),
				&f->nremove);
		} else if (!strcmp(type, "RequestRedirect") &&
			r->kind == GW_HTTP) {
			f->type = GW_F_REDIRECT;
			c = doc_get(fn, "requestRedirect");
			f->scheme = doc_str(doc_get(c, "scheme"));
			f->hostname = doc_str(doc_get(c, "hostname"));
			f->port = int_or(doc_get(c, "port"), -1);
			f->status = (int)int_or(doc_get(c, "statusCode"), 302);
			pathmod_parse(doc_get(c, "path"), f);
		} else if (!strcmp(type, "URLRewrite") && r->kind == GW_HTTP) {
			f->type = GW_F_REWRITE;
			c = doc_get(fn, "urlRewrite");
			f->hostname = doc_str(doc_get(c, "hostname"));
			pathmod_parse(doc_get(c, "path"), f);
		} else if (!strcmp(type, "RequestMirror")) {
			const struct doc_node *fr;
			long long num, den = 100, pct;

			f->type = GW_F_MIRROR;
			c = doc_get(fn, "requestMirror");
			f->mirror = arena_alloc(&gw->arena, sizeof(*f->mirror));
			bref_parse(gw, r, doc_get(c, "backendRef"), f->mirror,
				false, sink);
			f->fraction = 1.0;
			fr = doc_get(c, "fraction");
			if (doc_int(doc_get(c, "percent"), &pct))
				f->fraction = (double)pct / 100.0;
			else if (doc_int(doc_get(fr, "numerator"), &num)) {
				doc_int(doc_get(fr, "denominator"), &den);
				f->fraction = den > 0 ? (double)num /
					(double)den : 0.0;
			}
		} else if (!strcmp(type, "CORS") && r->kind == GW_HTTP) {
			bool b = false;

			f->type = GW_F_CORS;
			c = doc_get(fn, "cors");
			f->origins = str_list(gw, doc_get(c, "allowOrigins"),
				&f->norigins);
			f->methods = str_list(gw, doc_get(c, "allowMethods"),
				&f->nmethods);
			f->allow_hdrs = str_list(gw, doc_get(c,
				"allowHeaders"), &f->nallow_hdrs);
			f->expose_hdrs = str_list(gw, doc_get(c,
				"exposeHeaders"), &f->nexpose_hdrs);
			f->credentials = doc_bool(doc_get(c,
				"allowCredentials"), &b) && b;
			f->max_age = int_or(doc_get(c, "maxAge"), 5);
		} else {
			f->type = GW_F_UNSUPPORTED;
			f->why = arena_printf(&gw->arena,
				"filter %s is not supported by the reference "
				"engine", *type ? type : "(no type)");
		}
	}
}

static void
http_match_parse(struct replay_gw *gw, const struct doc_node *mn,
	struct gw_match *m, struct diag_sink *sink)
{
	const struct doc_node *p = doc_get(mn, "path");
	const char *type = str_or(doc_get(p, "type"), "PathPrefix");
	const char *val = str_or(doc_get(p, "value"), "/");

	m->path = val;
	if (!strcmp(type, "Exact")) {
		m->path_kind = GW_PATH_EXACT;
		m->path_len = strlen(val);
	} else if (!strcmp(type, "RegularExpression")) {
		m->path_kind = GW_PATH_REGEX;
		m->path_len = strlen(val);
		m->path_re = regex_compile(gw, val, p, sink);
		if (!m->path_re)
			m->bad = true;
	} else {
		m->path_kind = GW_PATH_PREFIX;
		m->path_len = strlen(val);
		while (m->path_len > 0 && val[m->path_len - 1] == '/')
			m->path_len--;
		if (strcmp(type, "PathPrefix"))
			m->bad = true;
	}
	m->method = doc_str(doc_get(mn, "method"));
	kv_list(gw, doc_get(mn, "headers"), &m->headers, &m->nheaders);
	kv_list(gw, doc_get(mn, "queryParams"), &m->query, &m->nquery);
	for (size_t k = 0; k < 2; k++) {
		const struct doc_node *seq = doc_get(mn, k ? "queryParams" :
			"headers");
		struct gw_kv *kv = k ? m->query : m->headers;
		size_t n = k ? m->nquery : m->nheaders;

		for (size_t i = 0; i < n; i++) {
			const struct doc_node *e = doc_item(seq, i);
			const char *t = str_or(doc_get(e, "type"), "Exact");

			if (!strcmp(t, "RegularExpression")) {
				kv[i].re = regex_compile(gw, kv[i].value,
					doc_get(e, "value"), sink);
				kv[i].bad = !kv[i].re;
			} else if (strcmp(t, "Exact")) {
				kv[i].bad = true;
			}
		}
	}
}

static void
grpc_match_parse(struct replay_gw *gw, const struct doc_node *mn,
	struct gw_match *m, struct diag_sink *sink)
{
	const struct doc_node *mm = doc_get(mn, "method");
	const char *type = str_or(doc_get(mm, "type"), "Exact");
	const struct doc_node *hs = doc_get(mn, "headers");

	m->svc = doc_str(doc_get(mm, "service"));
	m->meth = doc_str(doc_get(mm, "method"));
	if (m->svc && !*m->svc)
		m->svc = NULL;
	if (m->meth && !*m->meth)
		m->meth = NULL;
	if (!strcmp(type, "RegularExpression")) {
		m->grpc_regex = true;
		if (m->svc && !(m->svc_re = regex_compile(gw, m->svc,
			doc_get(mm, "service"), sink)))
			m->bad = true;
		if (m->meth && !(m->meth_re = regex_compile(gw, m->meth,
			doc_get(mm, "method"), sink)))
			m->bad = true;
	} else if (strcmp(type, "Exact")) {
		m->bad = true;
	}
	kv_list(gw, hs, &m->headers, &m->nheaders);
	for (size_t i = 0; i < m->nheaders; i++) {
		const struct doc_node *e = doc_item(hs, i);
		const char *t = str_or(doc_get(e, "type"), "Exact");

		if (!strcmp(t, "RegularExpression")) {
			m->headers[i].re = regex_compile(gw,
				m->headers[i].value, doc_get(e, "value"), sink);
			m->headers[i].bad = !m->headers[i].re;
		} else if (strcmp(t, "Exact")) {
			m->headers[i].bad = true;
		}
	}
}

static bool
filters_unsupported(const struct gw_filter *f, size_t n, const char **why)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i].type == GW_F_UNSUPPORTED) {
			*why = f[i].why;
			return true;
		}
	}
	return false;
}

static bool
filters_have_prefix_mod(const struct gw_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((f[i].type == GW_F_REDIRECT || f[i].type ==
			GW_F_REWRITE) && f[i].pathmod == GW_PM_PREFIX)
			return true;
	return false;
}

static void
route_parse(struct replay_gw *gw, struct gw_route *r,
	const struct doc_node *obj, enum gw_route_kind kind,
	struct diag_sink *sink)
{
	const struct doc_node *spec = doc_get(obj, "spec");
	const struct doc_node *rules = doc_get(spec, "rules");
	size_t nrules = doc_is_seq(rules) ? doc_len(rules) : 0;
	bool default_rule = doc_is_null(rules);

	r->kind = kind;
	r->node = obj;
	r->ns = obj_ns(obj);
	r->name = meta_or(obj, "name");
	r->ts = meta(obj, "creationTimestamp");
	r->accepted = true;
	r->last_listener = (size_t)-1;
	node_pos(gw, obj, &r->file, &r->line);
	r->hostnames = str_list(gw, doc_get(spec, "hostnames"),
		&r->nhostnames);
	for (size_t i = 0; i < r->nhostnames; i++) {
		/* hostnames are lowercase by schema; be lenient */
		bool upper = false;

		for (const char *c = r->hostnames[i]; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				upper = true;
		if (upper) {
			char *l = arena_strdup(&gw->arena, r->hostnames[i]);

			for (char *c = l; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			r->hostnames[i] = l;
		}
	}
	if (default_rule)
		nrules = 1;
	r->nrules = nrules;
	r->rules = nrules ? arena_alloc(&gw->arena,
		nrules * sizeof(*r->rules)) : NULL;
	for (size_t i = 0; i < nrules; i++) {
		struct gw_rule *ru = &r->rules[i];
		const struct doc_node *rn = default_rule ? NULL :
			doc_item(rules, i);
		const struct doc_node *ms = doc_get(rn, "matches");
		size_t nm = doc_is_seq(ms) ? doc_len(ms) : 0;
		const struct doc_node *bs = doc_get(rn, "backendRefs");
		size_t nb = doc_is_seq(bs) ? doc_len(bs) : 0;
		bool prefix_mod;

		ru->route = r;
		ru->index = (long)i;
		node_pos(gw, rn ? rn : obj, &ru->file, &ru->line);
		filters_parse(gw, r, doc_get(rn, "filters"), &ru->filters,
			&ru->nfilters, sink);
		ru->nbrefs = nb;
		ru->brefs = nb ? arena_alloc(&gw->arena,
			nb * sizeof(*ru->brefs)) : NULL;
		for (size_t j = 0; j < nb; j++)
			bref_parse(gw, r, doc_item(bs, j), &ru->brefs[j], true,
				sink);
		ru->unsupported = filters_unsupported(ru->filters,
			ru->nfilters, &ru->why);
		prefix_mod = filters_have_prefix_mod(ru->filters,
			ru->nfilters);
		for (size_t j = 0; j < nb; j++) {
			if (!ru->unsupported && filters_unsupported(
				ru->brefs[j].filters, ru->brefs[j].nfilters,
				&ru->why))
				ru->unsupported = true;
			prefix_mod = prefix_mod || filters_have_prefix_mod(
				ru->brefs[j].filters, ru->brefs[j].nfilters);
		}
		ru->nmatches = nm ? nm : 1;
		ru->matches = arena_alloc(&gw->arena,
			ru->nmatches * sizeof(*ru->matches));
		for (size_t j = 0; j < ru->nmatches; j++) {
			struct gw_match *m = &ru->matches[j];
			const struct doc_node *mn = nm ? doc_item(ms, j) :
				NULL;

			m->rule = ru;
			m->index = (long)j;
			if (mn)
				node_pos(gw, mn, &m->file, &m->line);
			else {
				m->file = ru->file;
				m->line = ru->line;
			}
			if (kind == GW_HTTP)
				http_match_parse(gw, mn, m, sink);
			else if (kind == GW_GRPC)
				grpc_match_parse(gw, mn, m, sink);
			/* TLSRoute: the rule has no matches, SNI chose it */
		}
		/* ReplacePrefixMatch needs exactly one PathPrefix match */
		if (prefix_mod && kind == GW_HTTP && (ru->nmatches != 1 ||
			ru->matches[0].path_kind != GW_PATH_PREFIX)) {
			r->accepted = false;
			if (sink)
				diag_add(sink, DIAG_WARNING,
					"replay/replace-prefix-match",
					doc_pos(gw->set, rn),
					"%s %s/%s rule %zu: ReplacePrefixMatch "
					"needs exactly one PathPrefix match; "
					"the route is not accepted",
					route_kind_name(r), r->ns, r->name, i);
		}
	}
}

/* ----- listeners and attachment ----- */

static enum gw_proto
proto_parse(const char *p)
{
	if (!strcmp(p, "HTTP"))
		return GW_P_HTTP;
	if (!strcmp(p, "HTTPS"))
		return GW_P_HTTPS;
	if (!strcmp(p, "TLS"))
		return GW_P_TLS;
	return GW_P_OTHER;
}

static void
listener_parse(struct gw_listener *l, const struct doc_node *ln,
	size_t gwi, long lset, const char *owner_ns)
{
	l->name = str_or(doc_get(ln, "name"), "");
	l->hostname = doc_str(doc_get(ln, "hostname"));
	if (l->hostname && (!*l->hostname || !strcmp(l->hostname, "*")))
		l->hostname = NULL;
	l->port = int_or(doc_get(ln, "port"), 0);
	l->protocol = str_or(doc_get(ln, "protocol"), "");
	l->proto = proto_parse(l->protocol);
	l->owner_ns = owner_ns;
	l->allowed = doc_get(ln, "allowedRoutes");
	l->gw = gwi;
	l->lset = lset;
	for (size_t k = 0; k < GW_NKINDS; k++)
		l->idx[k].any = -1;
}

static void
gw_add_listener(struct gw_gateway *g, size_t li)
{
	if (g->nlisteners == g->caplisteners) {
		g->caplisteners = g->caplisteners ? 2 * g->caplisteners : 8;
		g->listeners = xrealloc(g->listeners,
			g->caplisteners * sizeof(*g->listeners));
	}
	g->listeners[g->nlisteners++] = li;
}

static bool
kind_allowed(const struct gw_listener *l, enum gw_route_kind kind)
{
	const struct doc_node *kinds = doc_get(l->allowed, "kinds");
	const char *want = kind == GW_GRPC ? "GRPCRoute" : kind == GW_TLS ?
		"TLSRoute" : "HTTPRoute";

	if (doc_is_seq(kinds) && doc_len(kinds)) {
		for (size_t i = 0; i < doc_len(kinds); i++) {
			const struct doc_node *k = doc_item(kinds, i);

			if (!strcmp(str_or(doc_get(k, "kind"), ""), want) &&
				!strcmp(str_or(doc_get(k, "group"), GW_GROUP),
				GW_GROUP))
				return true;
		}
		return false;
	}
	if (kind == GW_TLS)
		return l->proto == GW_P_TLS;
	return l->proto == GW_P_HTTP || l->proto == GW_P_HTTPS;
}

static bool
ns_allowed(const struct replay_gw *gw, const struct doc_node *namespaces,
	const char *owner_ns, const char *ns, const char *dflt)
{
	const char *from = str_or(doc_get(namespaces, "from"), dflt);

	if (!strcmp(from, "All"))
		return true;
	if (!strcmp(from, "Same"))
		return !strcmp(owner_ns, ns);
	if (!strcmp(from, "Selector"))
		return selector_matches(gw, doc_get(namespaces, "selector"),
			ns);
	return false;
}

static long
bucket_for(struct gw_rindex *ix, const char *host)
{
	struct gw_hmap *m = NULL;
	const char *key = host;
	uint32_t v;
	long b;

	if (!host) {
		if (ix->any >= 0)
			return ix->any;
	} else if (is_wild(host)) {
		m = &ix->wild;
		key = host + 2;
	} else {
		m = &ix->exact;
	}
	if (m && gw_hmap_get(m, key, &v))
		return (long)v;
	if (ix->nbuckets == ix->capbuckets) {
		ix->capbuckets = ix->capbuckets ? 2 * ix->capbuckets : 4;
		ix->buckets = xrealloc(ix->buckets,
			ix->capbuckets * sizeof(*ix->buckets));
	}
	b = (long)ix->nbuckets++;
	memset(&ix->buckets[b], 0, sizeof(ix->buckets[b]));
	if (m)
		gw_hmap_put(m, key, (uint32_t)b);
	else
		ix->any = b;
	return b;
}

static void
bucket_add(struct gw_bucket *b, const struct gw_match *m)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 4;
		b->m = xrealloc(b->m, b->cap * sizeof(*b->m));
	}
	b->m[b->n++] = m;
}

static void
attach_to_listener(struct replay_gw *gw, struct gw_route *r, size_t li)
{
	struct gw_listener *l = &gw->listeners[li];
	const char *eff[64];
	size_t neff = 0;

	for (size_t i = 0; i < gw->nscratch; i++)
		if (gw->scratch[i] == li)
			return;
	if (r->nhostnames == 0) {
		eff[neff++] = l->hostname;
	} else {
		for (size_t i = 0; i < r->nhostnames && neff < ARRAY_LEN(eff);
			i++) {
			const char *e;
			bool dup = false;

			if (!host_intersect(l->hostname, r->hostnames[i], &e))
				continue;
			for (size_t j = 0; j < neff; j++)
				if (!strcmp(eff[j], e))
					dup = true;
			if (!dup)
				eff[neff++] = e;
		}
		if (!neff)
			return;
	}
	if (gw->nscratch == gw->capscratch) {
		gw->capscratch = gw->capscratch ? 2 * gw->capscratch : 8;
		gw->scratch = xrealloc(gw->scratch,
			gw->capscratch * sizeof(*gw->scratch));
	}
	gw->scratch[gw->nscratch++] = li;
	l->attached++;
	for (size_t e = 0; e < neff; e++) {
		struct gw_rindex *ix = &l->idx[r->kind];
		long b = bucket_for(ix, eff[e]);

		for (size_t i = 0; i < r->nrules; i++)
			for (size_t j = 0; j < r->rules[i].nmatches; j++)
				bucket_add(&ix->buckets[b],
					&r->rules[i].matches[j]);
	}
}

static void
route_attach(struct replay_gw *gw, struct gw_route *r,
	struct diag_sink *sink)
{
	const struct doc_node *prs = doc_get(doc_get(r->node, "spec"),
		"parentRefs");

	gw->nscratch = 0;
	if (!r->accepted)
		return;
	for (size_t i = 0; i < doc_len(prs) && doc_is_seq(prs); i++) {
		const struct doc_node *pr = doc_item(prs, i);
		const char *group = str_or(doc_get(pr, "group"), GW_GROUP);
		const char *kind = str_or(doc_get(pr, "kind"), "Gateway");
		const char *ns = str_or(doc_get(pr, "namespace"), r->ns);
		const char *name = str_or(doc_get(pr, "name"), "");
		const char *section = doc_str(doc_get(pr, "sectionName"));
		long port = int_or(doc_get(pr, "port"), -1);
		size_t *cand = NULL, ncand = 0;
		char key[512];
		uint32_t gi;

		if (strlen(ns) + strlen(name) + 2 > sizeof(key))
			continue;
		memcpy(key, ns, strlen(ns));
		key[strlen(ns)] = '/';
		memcpy(key + strlen(ns) + 1, name, strlen(name) + 1);
		if ((!strcmp(group, GW_GROUP) || !strcmp(group, GW_XGROUP)) &&
			!strcmp(kind, "Gateway")) {
			if (!gw_hmap_get(&gw->gw_by_key, key, &gi))
				continue;
			cand = gw->gws[gi].listeners;
			ncand = gw->gws[gi].nown;
			for (size_t j = 0; j < ncand; j++) {
				struct gw_listener *l =
					&gw->listeners[cand[j]];

				if (section && strcmp(section, l->name))
					continue;
				if (port >= 0 && port != l->port)
					continue;
				if (!kind_allowed(l, r->kind) ||
					!ns_allowed(gw, doc_get(l->allowed,
					"namespaces"), l->owner_ns, r->ns,
					"Same"))
					continue;
				attach_to_listener(gw, r, cand[j]);
			}
		} else if ((!strcmp(group, GW_GROUP) ||
			!strcmp(group, GW_XGROUP)) &&
			(!strcmp(kind, "ListenerSet") ||
			!strcmp(kind, "XListenerSet"))) {
			uint32_t si;

			if (gw_hmap_get(&gw->lset_by_key, key, &si)) {
				struct gw_lset *ls = &gw->lsets[si];

				if (!ls->attached)
					continue;
				for (size_t j = ls->first; j < ls->first +
					ls->n; j++) {
					struct gw_listener *l =
						&gw->listeners[j];

					if (section && strcmp(section,
						l->name))
						continue;
					if (port >= 0 && port != l->port)
						continue;
					if (!kind_allowed(l, r->kind) ||
						!ns_allowed(gw,
						doc_get(l->allowed,
						"namespaces"), l->owner_ns,
						r->ns, "Same"))
						continue;
					attach_to_listener(gw, r, j);
				}
			}
		}
	}
	if (!gw->nscratch && doc_len(prs) && sink)
		diag_add(sink, DIAG_INFO, "replay/route-not-attached",
			doc_pos(gw->set, r->node), "%s %s/%s attaches to no "
			"listener: it serves no request", route_kind_name(r),
			r->ns, r->name);
}

/* ----- precedence ----- */

static int
cmp_route(const struct gw_route *a, const struct gw_route *b)
{
	int c;

	if (a->age_rank != b->age_rank)
		return a->age_rank < b->age_rank ? -1 : 1;
	if ((c = strcmp(a->ns, b->ns)))
		return c;
	return strcmp(a->name, b->name);
}

static int
cmp_tail(const struct gw_match *a, const struct gw_match *b)
{
	int c;

	if (a->rule->route != b->rule->route &&
		(c = cmp_route(a->rule->route, b->rule->route)))
		return c;
	if (a->rule->route != b->rule->route)
		return a->rule->route->order < b->rule->route->order ? -1 : 1;
	if (a->rule->index != b->rule->index)
		return a->rule->index < b->rule->index ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return 0;
}

#define DESC(x, y) do { if ((x) != (y)) return (x) > (y) ? -1 : 1; } while (0)

static int
cmp_http(const void *pa, const void *pb)
{
	const struct gw_match *a = *(const struct gw_match *const *)pa;
	const struct gw_match *b = *(const struct gw_match *const *)pb;

	DESC(a->path_kind, b->path_kind);
	DESC(a->path_len, b->path_len);
	DESC(a->method != NULL, b->method != NULL);
	DESC(a->nheaders, b->nheaders);
	DESC(a->nquery, b->nquery);
	return cmp_tail(a, b);
}

static int
cmp_grpc(const void *pa, const void *pb)
{
	const struct gw_match *a = *(const struct gw_match *const *)pa;
	const struct gw_match *b = *(const struct gw_match *const *)pb;
	size_t as = a->svc ? strlen(a->svc) : 0, bs = b->svc ? strlen(b->svc)
		: 0;
	size_t am = a->meth ? strlen(a->meth) : 0, bm = b->meth ?
		strlen(b->meth) : 0;

	DESC(as, bs);
	DESC(am, bm);
	DESC(a->nheaders, b->nheaders);
	return cmp_tail(a, b);
}

/* TLSRoutes of one hostname: route precedence, then rule order. */
static int
cmp_tls(const void *pa, const void *pb)
{
	return cmp_tail(*(const struct gw_match *const *)pa,
		*(const struct gw_match *const *)pb);
}

static int
cmp_age(const void *pa, const void *pb)
{
	const struct gw_route *a = *(const struct gw_route *const *)pa;
	const struct gw_route *b = *(const struct gw_route *const *)pb;

	if (!a->ts != !b->ts)
		return a->ts ? -1 : 1;
	if (a->ts) {
		int c = strcmp(a->ts, b->ts);

		if (c)
			return c;
	}
	return a->order < b->order ? -1 : a->order > b->order;
}

static void
rank_routes(struct replay_gw *gw)
{
	struct gw_route **v;
	size_t rank = 0;

	if (!gw->nroutes)
		return;
	v = xmalloc(gw->nroutes * sizeof(*v));
	for (size_t i = 0; i < gw->nroutes; i++)
		v[i] = &gw->routes[i];
	xqsort(v, gw->nroutes, sizeof(*v), cmp_age);
	for (size_t i = 0; i < gw->nroutes; i++) {
		/* equal timestamps share a rank: namespace/name decides */
		if (i > 0 && !(v[i]->ts && v[i - 1]->ts &&
			!strcmp(v[i]->ts, v[i - 1]->ts)))
			rank++;
		v[i]->age_rank = rank;
	}
	free(v);
}

/* ----- port groups (listener selection) ----- */

long
gw_group_find(const struct replay_gw *gw, long gwi, long port, int proto)
{
	char key[64];
	uint32_t v;

	snprintf(key, sizeof(key), "%ld/%ld/%d", gwi, port, proto);
	return gw_hmap_get(&gw->group_by_key, key, &v) ? (long)v : -1;
}

static struct gw_portgroup *
group_get(struct replay_gw *gw, long gwi, long port, enum gw_proto proto,
	size_t *cap)
{
	struct gw_portgroup *g;
	long found = gw_group_find(gw, gwi, port, (int)proto);

	if (found >= 0)
		return &gw->groups[found];
	gw_hmap_put(&gw->group_by_key, arena_printf(&gw->arena, "%ld/%ld/%d",
		gwi, port, (int)proto), (uint32_t)gw->ngroups);
	if (gw->ngroups == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		gw->groups = xrealloc(gw->groups, *cap * sizeof(*gw->groups));
	}
	g = &gw->groups[gw->ngroups++];
	memset(g, 0, sizeof(*g));
	g->gw = gwi;
	g->port = port;
	g->proto = proto;
	g->nohost = -1;
	return g;
}

static void
group_add(struct gw_portgroup *g, const struct gw_listener *l, size_t li)
{
	uint32_t v;

	if (!l->hostname) {
		if (g->nohost < 0)
			g->nohost = (long)li;
	} else if (is_wild(l->hostname)) {
		if (!gw_hmap_get(&g->wild, l->hostname + 2, &v))
			gw_hmap_put(&g->wild, l->hostname + 2, (uint32_t)li);
	} else if (!gw_hmap_get(&g->exact, l->hostname, &v)) {
		gw_hmap_put(&g->exact, l->hostname, (uint32_t)li);
	}
}

static void
build_groups(struct replay_gw *gw)
{
	size_t cap = 0;

	for (size_t gi = 0; gi < gw->ngws; gi++) {
		const struct gw_gateway *g = &gw->gws[gi];

		for (size_t j = 0; j < g->nlisteners; j++) {
			size_t li = g->listeners[j];
			const struct gw_listener *l = &gw->listeners[li];

			if (l->proto == GW_P_OTHER || l->conflicted)
				continue;
			group_add(group_get(gw, (long)gi, l->port, l->proto,
				&cap), l, li);
			group_add(group_get(gw, -1, l->port, l->proto, &cap),
				l, li);
		}
	}
}

/* ----- loading ----- */

enum obj_kind {
	K_NONE, K_GATEWAY, K_LSET, K_HTTPROUTE, K_GRPCROUTE, K_TLSROUTE,
	K_GRANT,
	K_SERVICE, K_NAMESPACE, K_POOL, K_COUNT
};

static enum obj_kind
obj_kind(const struct doc_node *obj)
{
	const char *av = str_or(doc_get(obj, "apiVersion"), "");
	const char *k = str_or(doc_get(obj, "kind"), "");
	bool gapi = !strncmp(av, GW_GROUP "/", strlen(GW_GROUP) + 1) ||
		!strncmp(av, GW_XGROUP "/", strlen(GW_XGROUP) + 1);
	bool core = !strcmp(av, "v1");

	/* apiVersion is optional in hand-written snippets: trust kind */
	if (!*av)
		gapi = core = true;
	if (gapi && !strcmp(k, "Gateway"))
		return K_GATEWAY;
	if (gapi && (!strcmp(k, "ListenerSet") || !strcmp(k,
		"XListenerSet")))
		return K_LSET;
	if (gapi && !strcmp(k, "HTTPRoute"))
		return K_HTTPROUTE;
	if (gapi && !strcmp(k, "GRPCRoute"))
		return K_GRPCROUTE;
	if (gapi && !strcmp(k, "TLSRoute"))
		return K_TLSROUTE;
	if (gapi && !strcmp(k, "ReferenceGrant"))
		return K_GRANT;
	if (core && !strcmp(k, "Service"))
		return K_SERVICE;
	if (core && !strcmp(k, "Namespace"))
		return K_NAMESPACE;
	if (!strncmp(av, INFERENCE_GROUP "/", strlen(INFERENCE_GROUP) + 1) &&
		!strcmp(k, "InferencePool"))
		return K_POOL;
	return K_NONE;
}

struct objvec {
	const struct doc_node **v;
	size_t n, cap;
};

static void
objvec_add(struct objvec *ov, const struct doc_node *n)
{
	if (ov->n == ov->cap) {
		ov->cap = ov->cap ? 2 * ov->cap : 16;
		ov->v = xrealloc(ov->v, ov->cap * sizeof(*ov->v));
	}
	ov->v[ov->n++] = n;
}

static void
collect(const struct doc_node *obj, struct objvec *by_kind,
	const struct replay_gw_opts *opts, unsigned depth)
{
	const struct doc_node *items = doc_get(obj, "items");
	const char *k = str_or(doc_get(obj, "kind"), "");
	size_t kl = strlen(k);

	if (!doc_is_map(obj))
		return;
	if (depth < 4 && kl >= 4 && !strcmp(k + kl - 4, "List") &&
		doc_is_seq(items)) {
		for (size_t i = 0; i < doc_len(items); i++)
			collect(doc_item(items, i), by_kind, opts, depth + 1);
		return;
	}
	if (opts && opts->skip && opts->skip(obj, opts->ctx))
		return;
	objvec_add(&by_kind[obj_kind(obj)], obj);
}

static int
cmp_lset(const void *pa, const void *pb)
{
	const struct gw_lset *a = pa, *b = pb;
	int c;

	if (!a->ts != !b->ts)
		return a->ts ? -1 : 1;
	if (a->ts && ((c = strcmp(a->ts, b->ts)) || (c = strcmp(a->ns,
		b->ns)) || (c = strcmp(a->name, b->name))))
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * ListenerSets in precedence order (the ListenerSet CRD: creation time, then
 * namespace/name), each attached to its Gateway when the parentRef names
 * a Gateway of the input whose allowedListeners admits the ListenerSet's
 * namespace; an attached one's listeners follow the Gateway's own in its
 * merged list.
 */
static void
load_listener_sets(struct replay_gw *gw, const struct objvec *ov,
	size_t *nl)
{
	const struct doc_node **nodes;

	gw->lsets = ov->n ? arena_alloc(&gw->arena,
		ov->n * sizeof(*gw->lsets)) : NULL;
	nodes = ov->n ? xcalloc(ov->n, sizeof(*nodes)) : NULL;
	for (size_t i = 0; i < ov->n; i++) {
		const struct doc_node *o = ov->v[i];
		struct gw_lset *s = &gw->lsets[i];

		s->ns = obj_ns(o);
		s->name = meta_or(o, "name");
		s->ts = meta(o, "creationTimestamp");
		s->order = i;
		s->gw = (size_t)-1;
		nodes[i] = o;
	}
	if (ov->n > 1)
		xqsort(gw->lsets, ov->n, sizeof(*gw->lsets), cmp_lset);
	for (size_t i = 0; i < ov->n; i++) {
		struct gw_lset *s = &gw->lsets[i];
		const struct doc_node *o = nodes[s->order];
		const struct doc_node *spec = doc_get(o, "spec");
		const struct doc_node *pr = doc_get(spec, "parentRef");
		const struct doc_node *ls = doc_get(spec, "listeners");
		const char *group = str_or(doc_get(pr, "group"), GW_GROUP);
		const char *kind = str_or(doc_get(pr, "kind"), "Gateway");
		const char *pns = str_or(doc_get(pr, "namespace"), s->ns);
		const char *pname = str_or(doc_get(pr, "name"), "");
		const char *key = arena_printf(&gw->arena, "%s/%s", pns,
			pname);
		uint32_t gi;

		gw->nlsets++;
		gw_hmap_put(&gw->lset_by_key, arena_printf(&gw->arena,
			"%s/%s", s->ns, s->name), (uint32_t)i);
		if ((!strcmp(group, GW_GROUP) || !strcmp(group, GW_XGROUP)) &&
			!strcmp(kind, "Gateway") &&
			gw_hmap_get(&gw->gw_by_key, key, &gi)) {
			const struct doc_node *al = doc_get(doc_get(doc_get(
				gw->gws[gi].node, "spec"), "allowedListeners"),
				"namespaces");

			s->gw = gi;
			s->attached = ns_allowed(gw, al, gw->gws[gi].ns,
				s->ns, "None");
		}
		s->first = *nl;
		for (size_t j = 0; j < doc_len(ls) && doc_is_seq(ls); j++) {
			listener_parse(&gw->listeners[*nl], doc_item(ls, j),
				s->gw, (long)i, s->ns);
			(*nl)++;
		}
		s->n = *nl - s->first;
		if (s->attached)
			for (size_t j = s->first; j < *nl; j++)
				gw_add_listener(&gw->gws[s->gw], j);
	}
	free(nodes);
}

/* Listener classes that share a port only with their own (TCP and UDP
 * with each other too); 0: an implementation-specific protocol. */
static int
listener_class(const struct gw_listener *l)
{
	switch (l->proto) {
	case GW_P_HTTP: return 1;
	case GW_P_HTTPS:
	case GW_P_TLS: return 2;
	default: break;
	}
	if (!strcmp(l->protocol, "TCP"))
		return 3;
	if (!strcmp(l->protocol, "UDP"))
		return 4;
	return 0;
}

/*
 * The ListenerSet CRD: a Gateway has the merged list of its own listeners and its
 * ListenerSets', in precedence order; a ListenerSet's listener that is
 * not distinct from an earlier one (the same port with a protocol that
 * cannot share it, or the same port, protocol family and hostname) is
 * Conflicted and not programmed: the earlier one wins. (Listeners of one
 * Gateway that conflict among themselves are all rejected; the CRD's CEL
 * rules and lint catch those, and the model leaves them as they are.)
 */
static void
mark_conflicts(struct replay_gw *gw)
{
	struct gw_hmap seen = { 0 };	/* "gw/port/class/host" */
	struct gw_hmap ports = { 0 };	/* "gw/port" -> classes bitmask */

	for (size_t gi = 0; gi < gw->ngws; gi++) {
		const struct gw_gateway *g = &gw->gws[gi];

		for (size_t j = 0; j < g->nlisteners; j++) {
			struct gw_listener *l = &gw->listeners[g->listeners[j]];
			int cls = listener_class(l);
			const char *pk, *hk;
			uint32_t mask = 0, v;
			bool other;

			if (!cls)
				continue;
			pk = arena_printf(&gw->arena, "%zu/%ld", gi, l->port);
			hk = arena_printf(&gw->arena, "%s/%d/%s", pk, cls,
				l->hostname ? l->hostname : "");
			gw_hmap_get(&ports, pk, &mask);
			/* TCP and UDP share a port; the rest only with their
			 * own class */
			other = (mask & ~(1u << cls)) && !(cls >= 3 &&
				!(mask & ~((1u << 3) | (1u << 4))));
			if (j >= g->nown && (other ||
				gw_hmap_get(&seen, hk, &v))) {
				l->conflicted = true;
				continue;
			}
			gw_hmap_put(&ports, pk, mask | (1u << cls));
			gw_hmap_put(&seen, hk, 1);
		}
	}
	gw_hmap_release(&seen);
	gw_hmap_release(&ports);
}

static bool
listener_general(const struct gw_listener *l)
{
	for (size_t k = 0; k < GW_NKINDS; k++)
		if (l->idx[k].any >= 0)
			return true;
	return false;
}

/* Indexes the route hostnames of map under "head/kind/<mark><host>". */
static void
index_same_hosts(struct replay_gw *gw, const struct gw_hmap *map,
	long head, size_t kind, const char *mark, size_t li)
{
	uint32_t v;

	for (size_t e = 0; e < map->cap; e++) {
		const char *hk;

		if (!map->ents[e].key)
			continue;
		hk = arena_printf(&gw->arena, "%ld/%zu/%s%s", head, kind,
			mark, map->ents[e].key);
		if (!gw_hmap_get(&gw->same_by_host, hk, &v))
			gw_hmap_put(&gw->same_by_host, hk, (uint32_t)li);
	}
}

/*
 * Chains the listeners that share port, protocol and hostname, across
 * Gateways, and indexes the route hostnames of each chain, so a
 * request that names no Gateway finds the listener serving its host in
 * constant time, however many Gateways there are.
 */
static void
link_same_listeners(struct replay_gw *gw)
{
	struct strmap last = STRMAP_INIT;	/* key -> index + 1 */
	struct strmap general = STRMAP_INIT;	/* key -> index + 1 */

	for (size_t i = 0; i < gw->nlisteners; i++) {
		struct gw_listener *l = &gw->listeners[i];
		const char *key = arena_printf(&gw->arena, "%ld/%d/%s",
			l->port, (int)l->proto, l->hostname ? l->hostname :
			"");
		uintptr_t prev = (uintptr_t)strmap_get(&last, key);

		l->next_same = -1;
		l->next_general = -1;
		l->first_same = (long)i;
		l->first_general = -1;
		/* no request reaches these: keep them out of the chains */
		if (l->conflicted || l->gw == (size_t)-1)
			continue;
		if (prev) {
			struct gw_listener *p = &gw->listeners[prev - 1];

			p->next_same = (long)i;
			l->first_same = p->first_same;
		}
		strmap_put(&last, key, (void *)(uintptr_t)(i + 1));
		if (listener_general(l)) {
			uintptr_t pg = (uintptr_t)strmap_get(&general, key);

			if (pg)
				gw->listeners[pg - 1].next_general = (long)i;
			strmap_put(&general, key, (void *)(uintptr_t)(i + 1));
			if (gw->listeners[l->first_same].first_general < 0)
				gw->listeners[l->first_same].first_general =
					(long)i;
		}
		for (size_t k = 0; k < GW_NKINDS; k++) {
			index_same_hosts(gw, &l->idx[k].exact, l->first_same,
				k, "", i);
			index_same_hosts(gw, &l->idx[k].wild, l->first_same,
				k, "*.", i);
		}
	}
	for (size_t i = 0; i < gw->nlisteners; i++)
		gw->listeners[i].first_general =
			gw->listeners[gw->listeners[i].first_same].first_general;
	strmap_release(&general);
	strmap_release(&last);
}

int
replay_gw_load(struct replay_gw **out, const struct doc_set *set,
	const struct replay_gw_opts *opts, struct diag_sink *sink)
{
	struct objvec by_kind[K_COUNT];
	struct replay_gw *gw;
	size_t nl = 0, total_listeners = 0;

	if (!out || !set)
		return ERR_INVALID;
	memset(by_kind, 0, sizeof(by_kind));
	for (size_t i = 0; i < doc_set_count(set); i++)
		collect(doc_set_root(set, i), by_kind, opts, 0);
	if (opts && opts->services_from) {
		struct objvec extra[K_COUNT];

		memset(extra, 0, sizeof(extra));
		for (size_t i = 0; i < doc_set_count(opts->services_from); i++)
			collect(doc_set_root(opts->services_from, i), extra,
				NULL, 0);
		for (size_t i = 0; i < extra[K_SERVICE].n; i++)
			objvec_add(&by_kind[K_SERVICE], extra[K_SERVICE].v[i]);
		for (size_t k = 0; k < K_COUNT; k++)
			free(extra[k].v);
	}

	gw = xcalloc(1, sizeof(*gw));
	gw->set = set;
	gw->assume_services = opts && opts->assume_services;

	/* namespaces */
	gw->nnss = by_kind[K_NAMESPACE].n;
	gw->nss = by_kind[K_NAMESPACE].v;
	by_kind[K_NAMESPACE].v = NULL;
	for (size_t i = 0; i < gw->nnss; i++) {
		const char *name = meta(gw->nss[i], "name");

		if (name)
			gw_hmap_put(&gw->ns_by_name, name, (uint32_t)i);
	}
	/* services */
	for (size_t i = 0; i < by_kind[K_SERVICE].n; i++) {
		const struct doc_node *o = by_kind[K_SERVICE].v[i];
		const char *name = meta(o, "name");

		if (name)
			gw_hmap_put(&gw->services, arena_printf(&gw->arena,
				"%s/%s", obj_ns(o), name), 1);
	}
	/* InferencePools, before the routes that name them */
	gw->npools = by_kind[K_POOL].n;
	gw->pools = gw->npools ? arena_alloc(&gw->arena,
		gw->npools * sizeof(*gw->pools)) : NULL;
	for (size_t i = 0; i < gw->npools; i++) {
		const struct doc_node *o = by_kind[K_POOL].v[i];

		memset(&gw->pools[i], 0, sizeof(gw->pools[i]));
		pool_load(gw, &gw->pools[i], o);
		gw_hmap_put(&gw->pool_by_key, arena_printf(&gw->arena,
			"%s/%s", obj_ns(o), meta_or(o, "name")), (uint32_t)i);
	}
	gw->pool_assumed.picker_port = -1;
	gw->ngrants = by_kind[K_GRANT].n;
	gw->grants = by_kind[K_GRANT].v;
	by_kind[K_GRANT].v = NULL;

	/* gateways and listener sets */
	for (size_t i = 0; i < by_kind[K_GATEWAY].n; i++)
		total_listeners += doc_len(doc_get(doc_get(
			by_kind[K_GATEWAY].v[i], "spec"), "listeners"));
	for (size_t i = 0; i < by_kind[K_LSET].n; i++)
		total_listeners += doc_len(doc_get(doc_get(
			by_kind[K_LSET].v[i], "spec"), "listeners"));
	gw->listeners = total_listeners ? xcalloc(total_listeners,
		sizeof(*gw->listeners)) : NULL;
	gw->gws = by_kind[K_GATEWAY].n ? xcalloc(by_kind[K_GATEWAY].n,
		sizeof(*gw->gws)) : NULL;
	for (size_t i = 0; i < by_kind[K_GATEWAY].n; i++) {
		const struct doc_node *o = by_kind[K_GATEWAY].v[i];
		const struct doc_node *ls = doc_get(doc_get(o, "spec"),
			"listeners");
		struct gw_gateway *g = &gw->gws[gw->ngws];

		g->ns = obj_ns(o);
		g->name = meta_or(o, "name");
		g->node = o;
		g->key = arena_printf(&gw->arena, "%s/%s", g->ns, g->name);
		for (size_t j = 0; j < doc_len(ls) && doc_is_seq(ls); j++) {
			listener_parse(&gw->listeners[nl], doc_item(ls, j),
				gw->ngws, -1, g->ns);
			gw_add_listener(g, nl);
			nl++;
		}
		g->nown = g->nlisteners;
		gw_hmap_put(&gw->gw_by_key, g->key, (uint32_t)gw->ngws);
		gw->ngws++;
	}
	load_listener_sets(gw, &by_kind[K_LSET], &nl);
	gw->nlisteners = nl;
	mark_conflicts(gw);

	/* routes */
	gw->nroutes = by_kind[K_HTTPROUTE].n + by_kind[K_GRPCROUTE].n +
		by_kind[K_TLSROUTE].n;
	gw->routes = gw->nroutes ? xcalloc(gw->nroutes, sizeof(*gw->routes))
		: NULL;
	/* HTTP, gRPC and TLS routes never compete: order within each kind */
	for (size_t i = 0, k = 0; i < GW_NKINDS; i++) {
		const struct objvec *ov = &by_kind[i == GW_GRPC ? K_GRPCROUTE :
			i == GW_TLS ? K_TLSROUTE : K_HTTPROUTE];

		for (size_t j = 0; j < ov->n; j++, k++) {
			route_parse(gw, &gw->routes[k], ov->v[j],
				(enum gw_route_kind)i, sink);
			gw->routes[k].order = k;
		}
	}
	rank_routes(gw);
	for (size_t i = 0; i < gw->nroutes; i++)
		route_attach(gw, &gw->routes[i], sink);
	for (size_t i = 0; i < gw->nlisteners; i++) {
		for (size_t k = 0; k < GW_NKINDS; k++) {
			struct gw_rindex *ix = &gw->listeners[i].idx[k];

			for (size_t b = 0; b < ix->nbuckets; b++)
				xqsort(ix->buckets[b].m, ix->buckets[b].n,
					sizeof(*ix->buckets[b].m),
					k == GW_HTTP ? cmp_http : k == GW_GRPC ?
					cmp_grpc : cmp_tls);
		}
	}
	build_groups(gw);
	link_same_listeners(gw);

	for (size_t i = 0; i < K_COUNT; i++)
		free(by_kind[i].v);
	*out = gw;
	return 0;
}

void
replay_gw_free(struct replay_gw *gw)
{
	if (!gw)
		return;
	for (size_t i = 0; i < gw->nlisteners; i++) {
		for (size_t k = 0; k < GW_NKINDS; k++) {
			struct gw_rindex *ix = &gw->listeners[i].idx[k];

			for (size_t b = 0; b < ix->nbuckets; b++)
				free(ix->buckets[b].m);
			free(ix->buckets);
			gw_hmap_release(&ix->exact);
			gw_hmap_release(&ix->wild);
		}
	}
	for (size_t i = 0; i < gw->ngws; i++)
		free(gw->gws[i].listeners);
	for (size_t i = 0; i < gw->ngroups; i++) {
		gw_hmap_release(&gw->groups[i].exact);
		gw_hmap_release(&gw->groups[i].wild);
	}
	for (size_t i = 0; i < gw->nres; i++)
		pcre2_code_free(gw->res[i]);
	free(gw->res);
	free(gw->scratch);
	free(gw->groups);
	free(gw->gws);
	free(gw->listeners);
	free(gw->routes);
	free(gw->nss);
	free(gw->grants);
	gw_hmap_release(&gw->gw_by_key);
	gw_hmap_release(&gw->lset_by_key);
	gw_hmap_release(&gw->group_by_key);
	gw_hmap_release(&gw->same_by_host);
	gw_hmap_release(&gw->services);
	gw_hmap_release(&gw->pool_by_key);
	gw_hmap_release(&gw->ns_by_name);
	arena_release(&gw->arena);
	free(gw);
}

size_t
replay_gw_route_count(const struct replay_gw *gw)
{
	return gw->nroutes;
}

size_t
replay_gw_listener_count(const struct replay_gw *gw)
{
	return gw->nlisteners;
}

long
replay_gw_attached_routes(const struct replay_gw *gw, const char *gateway,
	const char *listener)
{
	uint32_t gi;
	const struct gw_gateway *g;

	if (!gw_hmap_get(&gw->gw_by_key, gateway, &gi)) {
		/* a ListenerSet "ns/name" */
		const char *slash = strchr(gateway, '/');
		size_t nl = slash ? (size_t)(slash - gateway) : 0;

		for (size_t s = 0; slash && s < gw->nlsets; s++) {
			const struct gw_lset *ls = &gw->lsets[s];

			if (strlen(ls->ns) != nl || strncmp(ls->ns, gateway,
				nl) || strcmp(ls->name, slash + 1))
				continue;
			for (size_t j = ls->first; j < ls->first + ls->n; j++)
				if (!strcmp(gw->listeners[j].name, listener))
					return gw->listeners[j].attached;
		}
		return -1;
	}
	g = &gw->gws[gi];
	for (size_t j = 0; j < g->nlisteners; j++)
		if (!strcmp(gw->listeners[g->listeners[j]].name, listener))
			return gw->listeners[g->listeners[j]].attached;
	return -1;
}
