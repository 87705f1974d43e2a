#include "compat.h"
#include "convert/conv_int.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/*
 * The standard target: the IR as Gateway API v1.6 objects (Gateway,
 * ListenerSet, HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute, ReferenceGrant,
 * BackendTLSPolicy). Every target's output starts with these; a target's
 * own emitter adds its objects for the features it claims.
 */

#define GW_API "gateway.networking.k8s.io/v1"
#define GW_API_BETA "gateway.networking.k8s.io/v1beta1"
#define GW_GROUP "gateway.networking.k8s.io"

/* ReferenceGrant spec.to holds at most 16 entries (standard CRDs). */
enum { MAX_GRANT_TO = 16 };

static struct doc_node *
new_object(struct arena *a, const char *api, const char *kind,
	const char *name, const char *ns)
{
	struct doc_node *o = doc_new_map(a), *meta;

	doc_map_add_str(a, o, "apiVersion", api);
	doc_map_add_str(a, o, "kind", kind);
	meta = doc_map_add_map(a, o, "metadata");
	doc_map_add_str(a, meta, "name", name);
	if (ns)
		doc_map_add_str(a, meta, "namespace", ns);
	return o;
}

static int
cmp_annotation(const void *pa, const void *pb)
{
	return strcmp(((const struct ir_annotation *)pa)->key,
		((const struct ir_annotation *)pb)->key);
}

/*
 * metadata.annotations: the carried ones and the provenance of ing,
 * sorted by key.
 */
static void
annotate(struct conv *c, struct doc_node *o, const struct ir_annotations *l,
	const struct ingress *ing)
{
	const char *src = conv_source(c, ing);
	size_t n = (l ? l->len : 0) + (src != NULL);
	struct ir_annotation *v;
	struct doc_node *md, *anns;

	if (!n)
		return;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; l && i < l->len; i++)
		v[i] = l->v[i];
	if (src)
		v[n - 1] = (struct ir_annotation){ CONV_PROVENANCE_ANNOTATION,
			src, ing, NULL };
	qsort(v, n, sizeof(*v), cmp_annotation);
	md = (struct doc_node *)doc_get(o, "metadata");
	anns = doc_map_add_map(c->a, md, "annotations");
	for (size_t i = 0; i < n; i++)
		doc_map_add_str(c->a, anns, v[i].key, v[i].value);
	free(v);
}

static void
allowed_routes(struct conv *c, struct doc_node *listener)
{
	struct doc_node *ar = doc_map_add_map(c->a, listener, "allowedRoutes");
	struct doc_node *ns = doc_map_add_map(c->a, ar, "namespaces");

	doc_map_add_str(c->a, ns, "from",
		c->layout == CONV_LAYOUT_PER_NAMESPACE ? "Same" : "All");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A ListenerSet's listener admits the routes of its namespace (Same), and
 * those of other namespaces that attach to it by name (a selector on the
 * label every namespace has).
 */
static void
set_allowed_routes(struct conv *c, struct doc_node *listener,
	struct listener *li)
{
	struct doc_node *ar = doc_map_add_map(c->a, listener, "allowedRoutes");
	struct doc_node *ns = doc_map_add_map(c->a, ar, "namespaces");
	struct doc_node *e, *vals;

	if (!li->nroute_ns) {
		doc_map_add_str(c->a, ns, "from", "Same");
		return;
	}
	doc_map_add_str(c->a, ns, "from", "Selector");
	e = doc_seq_add_map(c->a, doc_map_add_seq(c->a, doc_map_add_map(c->a,
		ns, "selector"), "matchExpressions"));
	doc_map_add_str(c->a, e, "key", "kubernetes.io/metadata.name");
	doc_map_add_str(c->a, e, "operator", "In");
	vals = doc_map_add_seq(c->a, e, "values");
	xqsort(li->route_ns, li->nroute_ns, sizeof(*li->route_ns), cmp_str);
	doc_seq_add_str(c->a, vals, li->set->ns);
	for (size_t i = 0; i < li->nroute_ns; i++)
		doc_seq_add_str(c->a, vals, li->route_ns[i]);
}

/* An HTTPS or TLS listener on 443 of a Gateway or ListenerSet in ns. */
static void
build_tls_listener(struct conv *c, struct doc_node *ls, struct listener *li,
	const char *ns)
{
	struct arena *a = c->a;
	struct doc_node *l = doc_seq_add_map(a, ls), *tls, *refs, *ref;

	doc_map_add_str(a, l, "name", li->name);
	if (li->hostname)
		doc_map_add_str(a, l, "hostname", li->hostname);
	doc_map_add_int(a, l, "port", 443);
	if (li->passthrough) {
		doc_map_add_str(a, l, "protocol", "TLS");
		tls = doc_map_add_map(a, l, "tls");
		doc_map_add_str(a, tls, "mode", "Passthrough");
	} else {
		doc_map_add_str(a, l, "protocol", "HTTPS");
		tls = doc_map_add_map(a, l, "tls");
		doc_map_add_str(a, tls, "mode", "Terminate");
		refs = doc_map_add_seq(a, tls, "certificateRefs");
		ref = doc_seq_add_map(a, refs);
		doc_map_add_str(a, ref, "kind", "Secret");
		doc_map_add_str(a, ref, "name", li->secret_name);
		if (strcmp(li->secret_ns, ns))
			doc_map_add_str(a, ref, "namespace", li->secret_ns);
	}
	if (li->set)
		set_allowed_routes(c, l, li);
	else
		allowed_routes(c, l);
}

static struct doc_node *
build_gateway(struct conv *c, const struct gateway *gw)
{
	struct arena *a = c->a;
	struct doc_node *o = new_object(a, GW_API, "Gateway", gw->name, gw->ns);
	struct doc_node *spec, *ls, *l;

	annotate(c, o, &gw->annotations, gw->ing);
	spec = doc_map_add_map(a, o, "spec");

	doc_map_add_str(a, spec, "gatewayClassName", gw->gateway_class);
	ls = doc_map_add_seq(a, spec, "listeners");
	l = doc_seq_add_map(a, ls);
	doc_map_add_str(a, l, "name", "http");
	doc_map_add_int(a, l, "port", 80);
	doc_map_add_str(a, l, "protocol", "HTTP");
	allowed_routes(c, l);
	/* the listenerset layout: in the ListenerSets */
	for (size_t i = 0; i < gw->nhttps && c->layout !=
	     CONV_LAYOUT_LISTENERSET; i++)
		build_tls_listener(c, ls, &gw->https[i], gw->ns);
	for (size_t i = 0; i < gw->nl4; i++) {
		l = doc_seq_add_map(a, ls);
		doc_map_add_str(a, l, "name", gw->l4[i].name);
		doc_map_add_int(a, l, "port", gw->l4[i].port);
		doc_map_add_str(a, l, "protocol", gw->l4[i].protocol);
		allowed_routes(c, l);
	}
	/* namespaces from All: ingress-nginx took the Ingresses of every
	 * namespace, so a namespace may add its hosts */
	if (c->layout == CONV_LAYOUT_LISTENERSET)
		doc_map_add_str(a, doc_map_add_map(a, doc_map_add_map(a, spec,
			"allowedListeners"), "namespaces"), "from", "All");
	if (gw->client_ca_name) {
		struct doc_node *fr = doc_map_add_map(a, doc_map_add_map(a,
			doc_map_add_map(a, spec, "tls"), "frontend"),
			"default");
		struct doc_node *v = doc_map_add_map(a, fr, "validation");
		struct doc_node *ref = doc_seq_add_map(a,
			doc_map_add_seq(a, v, "caCertificateRefs"));

		doc_map_add_str(a, ref, "group", "");
		doc_map_add_str(a, ref, "kind", "ConfigMap");
		doc_map_add_str(a, ref, "name", gw->client_ca_name);
		if (strcmp(gw->client_ca_ns, gw->ns))
			doc_map_add_str(a, ref, "namespace", gw->client_ca_ns);
		doc_map_add_str(a, v, "mode", gw->client_mode);
	}
	return o;
}

static struct doc_node *
build_listener_set(struct conv *c, const struct listener_set *set)
{
	struct arena *a = c->a;
	struct doc_node *o = new_object(a, GW_API, "ListenerSet", set->name,
		set->ns);
	struct doc_node *spec, *pr, *ls;

	/* the source of its first listener */
	annotate(c, o, NULL, set->nlisteners ?
		set->gw->https[set->listeners[0]].ing : set->gw->ing);
	spec = doc_map_add_map(a, o, "spec");
	pr = doc_map_add_map(a, spec, "parentRef");

	doc_map_add_str(a, pr, "group", GW_GROUP);
	doc_map_add_str(a, pr, "kind", "Gateway");
	doc_map_add_str(a, pr, "name", set->gw->name);
	doc_map_add_str(a, pr, "namespace", set->gw->ns);
	ls = doc_map_add_seq(a, spec, "listeners");
	for (size_t i = 0; i < set->nlisteners; i++)
		build_tls_listener(c, ls, &set->gw->https[set->listeners[i]],
			set->ns);
	return o;
}

static void
build_match(struct conv *c, struct doc_node *ms, const struct route *r,
	const struct match *m)
{
	struct arena *a = c->a;
	struct doc_node *mn = doc_seq_add_map(a, ms);

	if (r->kind && !strcmp(r->kind, "GRPCRoute")) {
		if (m->grpc_service || m->grpc_method) {
			struct doc_node *g = doc_map_add_map(a, mn, "method");

			if (m->grpc_service)
				doc_map_add_str(a, g, "service",
					m->grpc_service);
			if (m->grpc_method)
				doc_map_add_str(a, g, "method",
					m->grpc_method);
		}
	} else {
		struct doc_node *p = doc_map_add_map(a, mn, "path");

		doc_map_add_str(a, p, "type", m->type);
		doc_map_add_str(a, p, "value", m->value);
		if (m->method)
			doc_map_add_str(a, mn, "method", m->method);
	}
	if (m->header) {
		struct doc_node *hs = doc_map_add_seq(a, mn, "headers");
		struct doc_node *h = doc_seq_add_map(a, hs);

		if (m->header_regex)
			doc_map_add_str(a, h, "type", "RegularExpression");
		doc_map_add_str(a, h, "name", m->header);
		doc_map_add_str(a, h, "value", m->header_value);
		for (size_t i = 0; i < m->nalso_headers; i++) {
			const struct ir_value_match *x = &m->also_headers[i];

			h = doc_seq_add_map(a, hs);
			if (x->regex)
				doc_map_add_str(a, h, "type",
					"RegularExpression");
			doc_map_add_str(a, h, "name", x->name);
			doc_map_add_str(a, h, "value", x->value);
		}
	}
	if (m->nqueries) {
		struct doc_node *qs = doc_map_add_seq(a, mn, "queryParams");

		for (size_t i = 0; i < m->nqueries; i++) {
			const struct ir_value_match *x = &m->queries[i];
			struct doc_node *q = doc_seq_add_map(a, qs);

			if (x->regex)
				doc_map_add_str(a, q, "type",
					"RegularExpression");
			doc_map_add_str(a, q, "name", x->name);
			doc_map_add_str(a, q, "value", x->value);
		}
	}
}

static void
build_backend(struct conv *c, struct doc_node *bs, const char *group,
	const char *kind, const char *service, int port, long long weight,
	bool weighted)
{
	struct doc_node *b = doc_seq_add_map(c->a, bs);

	if (kind) {	/* an InferencePool: group and kind, no port */
		doc_map_add_str(c->a, b, "group", group);
		doc_map_add_str(c->a, b, "kind", kind);
	}
	doc_map_add_str(c->a, b, "name", service);
	if (!kind)
		doc_map_add_int(c->a, b, "port", port);
	if (weighted)
		doc_map_add_int(c->a, b, "weight", weight);
}

/* A GRPCRoute rule with a match that sets nothing matches every RPC. */
static bool
matches_everything(const struct route *r, const struct rule *rule)
{
	if (!r->kind || strcmp(r->kind, "GRPCRoute"))
		return false;
	for (size_t j = 0; j < rule->nmatches; j++) {
		const struct match *m = &rule->matches[j];

		if (!m->grpc_service && !m->grpc_method && !m->header)
			return true;
	}
	return false;
}

static void
add_strings(struct arena *a, struct doc_node *m, const char *key,
	const struct ir_strings *l)
{
	struct doc_node *seq = doc_map_add_seq(a, m, key);

	for (size_t i = 0; i < l->len; i++)
		doc_seq_add_str(a, seq, l->v[i]);
}

static void
build_cors(struct arena *a, struct doc_node *m, const struct ir_cors *f)
{
	add_strings(a, m, "allowOrigins", &f->origins);
	if (f->credentials)
		doc_map_add(a, m, "allowCredentials", doc_new_bool(a, true));
	add_strings(a, m, "allowMethods", &f->methods);
	add_strings(a, m, "allowHeaders", &f->headers);
	if (f->has_expose)
		add_strings(a, m, "exposeHeaders", &f->expose);
	if (f->max_age > 0)
		doc_map_add_int(a, m, "maxAge", f->max_age);
}

static void
build_path_modifier(struct arena *a, struct doc_node *m,
	enum ir_path_modifier kind, const char *path)
{
	struct doc_node *p;

	if (kind == IR_PATH_NONE)
		return;
	p = doc_map_add_map(a, m, "path");
	if (kind == IR_PATH_FULL) {
		doc_map_add_str(a, p, "type", "ReplaceFullPath");
		doc_map_add_str(a, p, "replaceFullPath", path);
	} else {
		doc_map_add_str(a, p, "type", "ReplacePrefixMatch");
		doc_map_add_str(a, p, "replacePrefixMatch", path);
	}
}

static void
build_headers(struct arena *a, struct doc_node *m, const struct ir_filter *f)
{
	struct doc_node *set = doc_map_add_seq(a, m, "set");

	for (size_t i = 0; i < f->u.headers.nset; i++) {
		struct doc_node *h = doc_seq_add_map(a, set);

		doc_map_add_str(a, h, "name", f->u.headers.set[i].name);
		doc_map_add_str(a, h, "value", f->u.headers.set[i].value);
	}
}

/*
 * Filters written once and shared by the rules that have the same one
 * (struct std_shared): thousands of rules redirect to HTTPS alike, and
 * the rules of an Ingress share its CORS filter. The key is the filter's
 * content (redirects) or its IR object (CORS); the others are written for
 * each rule.
 */
/* ' ' or '\n', then v in decimal, as "%d" prints it */
static void
add_int(struct strbuf *sb, char sep, int v)
{
	char buf[16], *p = buf + sizeof(buf);
	unsigned u = v < 0 ? 0U - (unsigned)v : (unsigned)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	*--p = sep;
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* The key of a shared filter (built without printf: one per rule). */
static const char *
shared_key(struct std_shared *sf, const struct ir_filter *f)
{
	const struct ir_redirect *r = &f->u.redirect;

	strbuf_reset(&sf->key);
	if (f->kind == IR_FILTER_CORS) {
		/* the IR object's address, in hex */
		uintptr_t p = (uintptr_t)f->u.cors;

		strbuf_adds(&sf->key, "cors ");
		do
			strbuf_addc(&sf->key, "0123456789abcdef"[p & 15]);
		while (p >>= 4);
	} else if (f->kind == IR_FILTER_REDIRECT) {
		/* "redirect %s\n%s\n%d\n%s\n%d %d" */
		strbuf_adds(&sf->key, "redirect ");
		strbuf_adds(&sf->key, r->scheme ? r->scheme : "");
		strbuf_addc(&sf->key, '\n');
		strbuf_adds(&sf->key, r->hostname ? r->hostname : "");
		add_int(&sf->key, '\n', (int)r->path_kind);
		strbuf_addc(&sf->key, '\n');
		strbuf_adds(&sf->key, r->path ? r->path : "");
		add_int(&sf->key, '\n', r->port);
		add_int(&sf->key, ' ', r->code);
	} else {
		return NULL;
	}
	return sf->key.buf;
}

static struct doc_node *
build_filter(struct conv *c, const struct ir_filter *f)
{
	struct arena *a = c->a;
	struct doc_node *fn = doc_new_map(a), *m;

	doc_map_add_str(a, fn, "type", ir_filter_type(f->kind));
	switch (f->kind) {
	case IR_FILTER_CORS:
		build_cors(a, doc_map_add_map(a, fn, "cors"),
			f->u.cors);
		break;
	case IR_FILTER_REDIRECT:
		m = doc_map_add_map(a, fn, "requestRedirect");
		if (f->u.redirect.scheme)
			doc_map_add_str(a, m, "scheme",
				f->u.redirect.scheme);
		if (f->u.redirect.hostname)
			doc_map_add_str(a, m, "hostname",
				f->u.redirect.hostname);
		build_path_modifier(a, m, f->u.redirect.path_kind,
			f->u.redirect.path);
		if (f->u.redirect.port)
			doc_map_add_int(a, m, "port",
				f->u.redirect.port);
		doc_map_add_int(a, m, "statusCode",
			f->u.redirect.code);
		break;
	case IR_FILTER_REQUEST_HEADERS:
		build_headers(a, doc_map_add_map(a, fn,
			"requestHeaderModifier"), f);
		break;
	case IR_FILTER_URL_REWRITE:
		m = doc_map_add_map(a, fn, "urlRewrite");
		if (f->u.rewrite.hostname)
			doc_map_add_str(a, m, "hostname",
				f->u.rewrite.hostname);
		build_path_modifier(a, m, f->u.rewrite.path_kind,
			f->u.rewrite.path);
		break;
	case IR_FILTER_RESPONSE_HEADERS:
		build_headers(a, doc_map_add_map(a, fn,
			"responseHeaderModifier"), f);
		break;
	case IR_FILTER_MIRROR:
		m = doc_map_add_map(a, doc_map_add_map(a, fn,
			"requestMirror"), "backendRef");
		doc_map_add_str(a, m, "name", f->u.mirror.service);
		doc_map_add_int(a, m, "port", f->u.mirror.port);
		break;
	case IR_FILTER_REGEX_REWRITE:
		/* the target's object; the filter only refers to it */
		m = doc_map_add_map(a, fn, "extensionRef");
		doc_map_add_str(a, m, "group", f->u.regex.group);
		doc_map_add_str(a, m, "kind", f->u.regex.kind);
		doc_map_add_str(a, m, "name", f->u.regex.object);
		break;
	}
	return fn;
}

static void
build_filters(struct conv *c, struct doc_node *fs, const struct rule *rule,
	struct std_shared *sf)
{
	for (size_t i = 0; i < rule->nfilters; i++) {
		const struct ir_filter *f = &rule->filters[i];
		const char *key = shared_key(sf, f);
		struct doc_node *fn = key ? strmap_get(&sf->map, key) : NULL;

		if (!fn) {
			fn = build_filter(c, f);
			if (key)
				strmap_put(&sf->map, arena_strdup(c->a, key),
					fn);
		}
		doc_seq_add(c->a, fs, fn);
	}
}

static void
build_timeouts(struct conv *c, struct doc_node *m,
	const struct ir_timeouts *t)
{
	if (t->request)
		doc_map_add_str(c->a, m, "request", t->request);
	if (t->backend_request)
		doc_map_add_str(c->a, m, "backendRequest", t->backend_request);
}

/* The parentRef to the route's Gateway, with its listener's name. */
static void
gateway_ref(struct conv *c, struct doc_node *ref, const struct route *r)
{
	struct arena *a = c->a;

	doc_map_add_str(a, ref, "name", r->gw->name);
	if (strcmp(r->gw->ns, r->ing->ns))
		doc_map_add_str(a, ref, "namespace", r->gw->ns);
	if (r->section_https || r->section_tls) {
		const char *want = r->section_tls ? r->section_tls :
			r->section_https;

		for (size_t i = 0; i < r->gw->nhttps; i++)
			if (r->gw->https[i].hostname &&
			    r->gw->https[i].passthrough == !!r->section_tls &&
			    !strcmp(r->gw->https[i].hostname, want))
				doc_map_add_str(a, ref, "sectionName",
					r->gw->https[i].name);
	} else if (r->section)
		doc_map_add_str(a, ref, "sectionName", r->section);
}

/* A parentRef to a ListenerSet, to one of its listeners or to all. */
static void
set_ref(struct conv *c, struct doc_node *refs, const struct route *r,
	const struct listener_set *set, const char *section)
{
	struct doc_node *ref = doc_seq_add_map(c->a, refs);

	doc_map_add_str(c->a, ref, "group", GW_GROUP);
	doc_map_add_str(c->a, ref, "kind", "ListenerSet");
	doc_map_add_str(c->a, ref, "name", set->name);
	if (strcmp(set->ns, r->ing->ns))
		doc_map_add_str(c->a, ref, "namespace", set->ns);
	if (section)
		doc_map_add_str(c->a, ref, "sectionName", section);
}

static struct doc_node *
build_route(struct conv *c, const struct route *r, struct std_shared *sf)
{
	struct arena *a = c->a;
	const char *kind = r->kind ? r->kind : "HTTPRoute";
	struct doc_node *o = new_object(a, GW_API, kind, r->name, r->ing->ns);
	struct doc_node *spec, *refs, *ref, *rules;
	bool l4 = !strcmp(kind, "TCPRoute") || !strcmp(kind, "UDPRoute");
	const struct listener *ll = NULL;

	annotate(c, o, &r->annotations, r->ing);
	spec = doc_map_add_map(a, o, "spec");
	refs = doc_map_add_seq(a, spec, "parentRefs");

	if (r->gw->nsets && (r->section_https || r->section_tls))
		ll = conv_listener_named(r->gw, r->section_tls ?
			r->section_tls : r->section_https, !!r->section_tls);
	if (ll && ll->set) {
		/* the listenerset layout: the listener's ListenerSet */
		set_ref(c, refs, r, ll->set, ll->name);
	} else if (!r->no_gateway_ref) {
		ref = doc_seq_add_map(a, refs);
		gateway_ref(c, ref, r);
	}
	for (size_t i = 0; i < r->nlsets; i++)
		set_ref(c, refs, r, r->lsets[i], NULL);
	if (r->host)
		doc_seq_add_str(a, doc_map_add_seq(a, spec, "hostnames"),
			r->host);
	rules = doc_map_add_seq(a, spec, "rules");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule *rule = &r->rules[i];
		struct doc_node *rn = doc_seq_add_map(a, rules);
		struct doc_node *bs;
		bool weighted = rule->nextra > 0;

		if (!l4 && strcmp(kind, "TLSRoute") &&
		    !matches_everything(r, rule)) {
			struct doc_node *ms = doc_map_add_seq(a, rn, "matches");

			for (size_t j = 0; j < rule->nmatches; j++)
				build_match(c, ms, r, &rule->matches[j]);
		}
		if (rule->nfilters)
			build_filters(c, doc_map_add_seq(a, rn, "filters"),
				rule, sf);
		if (!rule->service)
			continue;
		bs = doc_map_add_seq(a, rn, "backendRefs");
		build_backend(c, bs, rule->backend_group, rule->backend_kind,
			rule->service, rule->port, rule->weight, weighted);
		for (size_t k = 0; k < rule->nextra; k++)
			build_backend(c, bs, NULL, NULL,
				rule->extra[k].service, rule->extra[k].port,
				rule->extra[k].weight, true);
		if (rule->timeouts.request || rule->timeouts.backend_request)
			build_timeouts(c, doc_map_add_map(a, rn, "timeouts"),
				&rule->timeouts);
	}
	return o;
}


/* The part of grant g from its 'to' entry first (MAX_GRANT_TO at most). */
static struct doc_node *
build_grant(struct conv *c, const struct grant *g, const char *name,
	size_t first)
{
	struct arena *a = c->a;
	size_t total = g->nsecrets + g->nconfigmaps;
	struct doc_node *o = new_object(a, GW_API_BETA, "ReferenceGrant",
		name, g->ns);
	struct doc_node *spec = doc_map_add_map(a, o, "spec");
	struct doc_node *from = doc_map_add_seq(a, spec, "from");
	struct doc_node *f = doc_seq_add_map(a, from);
	struct doc_node *to = doc_map_add_seq(a, spec, "to");

	annotate(c, o, NULL, g->ing);
	doc_map_add_str(a, f, "group", "gateway.networking.k8s.io");
	doc_map_add_str(a, f, "kind", "Gateway");
	doc_map_add_str(a, f, "namespace", g->from_ns);
	for (size_t k = first; k < total && k < first + MAX_GRANT_TO; k++) {
		struct doc_node *t = doc_seq_add_map(a, to);
		bool sec = k < g->nsecrets;

		doc_map_add_str(a, t, "group", "");
		doc_map_add_str(a, t, "kind", sec ? "Secret" : "ConfigMap");
		doc_map_add_str(a, t, "name", sec ? g->secrets[k] :
			g->configmaps[k - g->nsecrets]);
	}
	return o;
}

static struct doc_node *
build_backend_tls(struct conv *c, const struct ir_backend_tls *p)
{
	struct arena *a = c->a;
	struct doc_node *o = new_object(a, GW_API, "BackendTLSPolicy",
		p->name, p->ns);
	struct doc_node *spec = doc_map_add_map(a, o, "spec"), *t, *v, *ref;

	annotate(c, o, NULL, p->ing);
	t = doc_seq_add_map(a, doc_map_add_seq(a, spec, "targetRefs"));
	doc_map_add_str(a, t, "group", "");
	doc_map_add_str(a, t, "kind", "Service");
	doc_map_add_str(a, t, "name", p->service);
	v = doc_map_add_map(a, spec, "validation");
	ref = doc_seq_add_map(a, doc_map_add_seq(a, v, "caCertificateRefs"));
	doc_map_add_str(a, ref, "group", "");
	doc_map_add_str(a, ref, "kind", "ConfigMap");
	doc_map_add_str(a, ref, "name", p->ca_configmap);
	doc_map_add_str(a, v, "hostname", p->hostname);
	return o;
}

static void
plan(struct conv_obj **objs, size_t *n, enum conv_obj_kind what,
	const char *kind, const char *ns, const char *name, const void *ir,
	size_t part)
{
	struct conv_obj o = { what, kind, ns, name, ir, part };

	PUSH(*objs, *n, o);
}

void
std_objects(struct conv *c, const struct ir *ir, struct conv_obj **objs,
	size_t *nobjs)
{
	for (size_t i = 0; i < ir->ngws; i++)
		plan(objs, nobjs, CONV_OBJ_GATEWAY, "Gateway", ir->gws[i]->ns,
			ir->gws[i]->name, ir->gws[i], 0);
	for (size_t i = 0; i < ir->nsets; i++)
		plan(objs, nobjs, CONV_OBJ_LISTENERSET, "ListenerSet",
			ir->sets[i]->ns, ir->sets[i]->name, ir->sets[i], 0);
	for (size_t i = 0; i < ir->nroutes; i++) {
		const struct route *r = ir->routes[i];

		if (r->nrules)
			plan(objs, nobjs, CONV_OBJ_ROUTE, r->kind ? r->kind :
				"HTTPRoute", r->ing->ns, r->name, r, 0);
	}
	for (size_t i = 0; i < ir->ngrants; i++) {
		struct grant *g = ir->grants[i];
		size_t total = g->nsecrets + g->nconfigmaps;

		if (g->nsecrets)
			xqsort(g->secrets, g->nsecrets, sizeof(*g->secrets),
				cmp_str);
		if (g->nconfigmaps)
			xqsort(g->configmaps, g->nconfigmaps,
				sizeof(*g->configmaps), cmp_str);
		for (size_t s = 0; s < total; s += MAX_GRANT_TO)
			plan(objs, nobjs, CONV_OBJ_GRANT, "ReferenceGrant",
				g->ns, s ? arena_printf(c->a, "%s-%zu",
				g->name, s / MAX_GRANT_TO + 1) : g->name, g,
				s);
	}
	for (size_t i = 0; i < ir->nbackend_tls; i++)
		plan(objs, nobjs, CONV_OBJ_BACKEND_TLS, "BackendTLSPolicy",
			ir->backend_tls[i].ns, ir->backend_tls[i].name,
			&ir->backend_tls[i], 0);
}

struct doc_node *
std_build(struct conv *c, const struct conv_obj *o, struct std_shared *sf)
{
	switch (o->what) {
	case CONV_OBJ_GATEWAY:
		return build_gateway(c, o->ir);
	case CONV_OBJ_LISTENERSET:
		return build_listener_set(c, o->ir);
	case CONV_OBJ_ROUTE:
		return build_route(c, o->ir, sf);
	case CONV_OBJ_GRANT:
		return build_grant(c, o->ir, o->name, o->part);
	case CONV_OBJ_BACKEND_TLS:
		return build_backend_tls(c, o->ir);
	case CONV_OBJ_TREE:
		break;
	}
	return (struct doc_node *)o->ir;
}
