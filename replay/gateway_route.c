#include "compat.h"

#include "gateway.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway_int.h"

enum { MAX_HOST = 256, MAX_QUERY = 64 };

struct qparam {
	const char *name, *value;
	size_t nlen, vlen;
};

/* Per-request state shared by the matchers. */
struct rctx {
	const struct replay_request *req;
	struct replay_decision *d;
	const char *host;		/* lower-case, no port; NULL: none */
	/* query, parsed on first use */
	bool qparsed;
	size_t nq;
	struct qparam q[MAX_QUERY];
	/* gRPC service and method */
	char svc[256], meth[128];
	bool grpc_ok;
};

/* ----- helpers ----- */

static const char *
host_norm(const char *h, char *buf, size_t cap)
{
	size_t n;
	const char *colon;

	if (!h || !*h)
		return NULL;
	if (h[0] == '[') {
		/* IPv6 literal: never a hostname */
		return NULL;
	}
	colon = strchr(h, ':');
	n = colon ? (size_t)(colon - h) : strlen(h);
	if (n && h[n - 1] == '.')
		n--;		/* FQDN form */
	if (!n || n >= cap)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];

		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	buf[n] = '\0';
	return buf;
}

static bool
re_match(struct replay_decision *d, const pcre2_code *re, const char *s,
	size_t n)
{
	int rc;

	if (!d->regex_md)
		d->regex_md = pcre2_match_data_create(1, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, d->regex_md, NULL);
	/* a limit hit is no answer, not a miss */
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		replay_decision_regex_failed(d, rc, s, n);
	return rc >= 0;
}

static bool
kv_match(struct rctx *c, const struct gw_kv *kv, const char *v, size_t vlen)
{
	if (kv->bad || !v)
		return false;
	if (kv->re)
		return re_match(c->d, kv->re, v, vlen);
	return strlen(kv->value) == vlen && !memcmp(kv->value, v, vlen);
}

static bool
headers_match(struct rctx *c, const struct gw_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = replay_request_header(c->req, kv[i].name);

		if (!kv_match(c, &kv[i], v, v ? strlen(v) : 0))
			return false;
	}
	return true;
}

static void
query_parse(struct rctx *c)
{
	const char *p = c->req->query;

	c->qparsed = true;
	c->nq = 0;
	while (p && *p && c->nq < MAX_QUERY) {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		struct qparam *q = &c->q[c->nq];

		if (end > p) {
			q->name = p;
			q->nlen = (size_t)((eq ? eq : end) - p);
			q->value = eq ? eq + 1 : end;
			q->vlen = (size_t)(end - q->value);
			c->nq++;
		}
		p = amp ? amp + 1 : NULL;
	}
}

static bool
query_match(struct rctx *c, const struct gw_kv *kv, size_t n)
{
	if (!n)
		return true;
	if (!c->qparsed)
		query_parse(c);
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(kv[i].name);
		const struct qparam *found = NULL;

		for (size_t j = 0; j < c->nq && !found; j++)
			if (c->q[j].nlen == nl && !memcmp(c->q[j].name,
				kv[i].name, nl))
				found = &c->q[j];
		if (!found || !kv_match(c, &kv[i], found->value,
			found->vlen))
			return false;
	}
	return true;
}

static bool
http_match(struct rctx *c, const struct gw_match *m)
{
	const char *path = c->req->path ? c->req->path : "/";

	if (m->bad)
		return false;
	switch (m->path_kind) {
	case GW_PATH_EXACT:
		if (strcmp(path, m->path))
			return false;
		break;
	case GW_PATH_PREFIX:
		if (m->path_len && (strncmp(path, m->path, m->path_len) ||
			(path[m->path_len] && path[m->path_len] != '/')))
			return false;
		break;
	case GW_PATH_REGEX:
		if (!re_match(c->d, m->path_re, path, strlen(path)))
			return false;
		break;
	}
	if (m->method && strcmp(m->method, c->req->method ? c->req->method :
		"GET"))
		return false;
	return headers_match(c, m->headers, m->nheaders) &&
		query_match(c, m->query, m->nquery);
}

static bool
grpc_part(struct rctx *c, const char *want, const pcre2_code *re,
	const char *have)
{
	if (!want)
		return true;
	if (re)
		return re_match(c->d, re, have, strlen(have));
	return !strcmp(want, have);
}

static bool
grpc_match(struct rctx *c, const struct gw_match *m)
{
	if (m->bad || !c->grpc_ok)
		return false;
	if (!grpc_part(c, m->svc, m->svc_re, c->svc) ||
		!grpc_part(c, m->meth, m->meth_re, c->meth))
		return false;
	return headers_match(c, m->headers, m->nheaders);
}

static const struct gw_match *
bucket_first(struct rctx *c, const struct gw_bucket *b, int kind)
{
	for (size_t i = 0; i < b->n; i++)
		if (kind == GW_TLS ? !b->m[i]->bad : kind == GW_GRPC ?
		    grpc_match(c, b->m[i]) : http_match(c, b->m[i]))
			return b->m[i];
	return NULL;
}

static const struct gw_match *
index_lookup(struct rctx *c, const struct gw_rindex *ix, int grpc)
{
	const struct gw_match *m;
	uint32_t b;

	if (c->host) {
		if (gw_hmap_get(&ix->exact, c->host, &b) &&
			(m = bucket_first(c, &ix->buckets[b], grpc)))
			return m;
		if (ix->wild.len) {
			for (const char *p = strchr(c->host, '.'); p;
				p = strchr(p + 1, '.')) {
				if (gw_hmap_get(&ix->wild, p + 1, &b) &&
					(m = bucket_first(c, &ix->buckets[b],
					grpc)))
					return m;
			}
		}
	}
	if (ix->any >= 0)
		return bucket_first(c, &ix->buckets[ix->any], grpc);
	return NULL;
}

static long
group_select(const struct gw_portgroup *g, const char *host)
{
	uint32_t v;

	if (host) {
		if (gw_hmap_get(&g->exact, host, &v))
			return (long)v;
		if (g->wild.len)
			for (const char *p = strchr(host, '.'); p;
				p = strchr(p + 1, '.'))
				if (gw_hmap_get(&g->wild, p + 1, &v))
					return (long)v;
	}
	return g->nohost;
}

/* ----- filters ----- */

static const char *
prefix_rewrite(struct replay_decision *d, const struct gw_match *m,
	const char *path, const char *repl)
{
	size_t rl = strlen(repl);
	const char *rest;
	size_t restl;

	if (rl && repl[rl - 1] == '/')
		rl--;
	rest = path + (m && m->path_kind == GW_PATH_PREFIX &&
		strlen(path) >= m->path_len ? m->path_len : strlen(path));
	restl = strlen(rest);
	if (!rl && !restl)
		return "/";
	return replay_decision_printf(d, "%.*s%s", (int)rl, repl, rest);
}

static void
hdr_modify(struct replay_decision *d, const struct gw_filter *f)
{
	for (size_t i = 0; i < f->nset; i++)
		replay_decision_hdr_set(d, f->set[i].name, f->set[i].value);
	for (size_t i = 0; i < f->nadd; i++)
		replay_decision_hdr_add(d, f->add[i].name, f->add[i].value);
	for (size_t i = 0; i < f->nremove; i++)
		replay_decision_hdr_remove(d, f->remove[i]);
}

static void
resp_modify(struct replay_decision *d, const struct gw_filter *f)
{
	for (size_t i = 0; i < f->nset; i++)
		replay_decision_add_resp(d, REPLAY_HDR_SET, f->set[i].name,
			f->set[i].value);
	for (size_t i = 0; i < f->nadd; i++)
		replay_decision_add_resp(d, REPLAY_HDR_ADD, f->add[i].name,
			f->add[i].value);
	for (size_t i = 0; i < f->nremove; i++)
		replay_decision_add_resp(d, REPLAY_HDR_REMOVE, f->remove[i],
			NULL);
}

static void
no_upstream(struct replay_decision *d)
{
	d->upstream.method = NULL;
	d->upstream.path = d->upstream.query = d->upstream.host = NULL;
	d->upstream.nheaders = 0;
	d->upstream.nremoved = 0;
	d->nbackends = 0;
}

static void
redirect(struct rctx *c, const struct gw_filter *f, const struct gw_match *m,
	const struct gw_listener *l)
{
	struct replay_decision *d = c->d;
	const char *scheme = f->scheme ? f->scheme : c->req->scheme;
	const char *host = f->hostname;
	const char *path = d->upstream.path;
	long port;
	bool tls = !strcasecmp(scheme, "https");
	char hbuf[MAX_HOST];

	if (!host) {
		/* the request's host without its port, as sent */
		const char *h = c->req->host ? c->req->host : "";
		const char *colon = h[0] == '[' ? strchr(h, ']') :
			strchr(h, ':');
		size_t n = colon ? (size_t)(colon - h) + (h[0] == '[') :
			strlen(h);

		if (n >= sizeof(hbuf))
			n = sizeof(hbuf) - 1;
		memcpy(hbuf, h, n);
		hbuf[n] = '\0';
		host = hbuf;
	}
	if (f->port >= 0)
		port = f->port;
	else if (f->scheme)
		port = tls ? 443 : 80;
	else
		port = l->port;
	if (f->pathmod == GW_PM_FULL)
		path = f->pathval;
	else if (f->pathmod == GW_PM_PREFIX)
		path = prefix_rewrite(d, m, path, f->pathval);
	if ((tls && port == 443) || (!tls && port == 80))
		d->redirect = replay_decision_printf(d, "%s://%s%s%s%s",
			scheme, host, path, d->upstream.query ? "?" : "",
			d->upstream.query ? d->upstream.query : "");
	else
		d->redirect = replay_decision_printf(d, "%s://%s:%ld%s%s%s",
			scheme, host, port, path, d->upstream.query ? "?" : "",
			d->upstream.query ? d->upstream.query : "");
	d->status = f->status;
	replay_decision_note(d, "RequestRedirect %d to %s", d->status,
		d->redirect);
	no_upstream(d);
}

static void
origin_split(const char *o, size_t olen, const char **scheme, size_t *sl,
	const char **host, size_t *hl, long *port)
{
	const char *sep = NULL;

	for (size_t i = 0; i + 2 < olen; i++)
		if (o[i] == ':' && o[i + 1] == '/' && o[i + 2] == '/') {
			sep = o + i;
			break;
		}
	if (!sep) {
		*scheme = "";
		*sl = 0;
		sep = o - 3;
	} else {
		*scheme = o;
		*sl = (size_t)(sep - o);
	}
	*host = sep + 3;
	*hl = olen - (size_t)(*host - o);
	*port = (*sl == 5 && !strncasecmp(*scheme, "https", 5)) ? 443 : 80;
	for (size_t i = *hl; i > 0; i--) {
		if ((*host)[i - 1] == ':') {
			char *e = NULL;
			long p = strtol(*host + i, &e, 10);

			if (e == *host + *hl) {
				*port = p;
				*hl = i - 1;
			}
			break;
		}
		if ((*host)[i - 1] < '0' || (*host)[i - 1] > '9')
			break;
	}
}

static bool
origin_allowed(const struct gw_filter *f, const char *origin)
{
	const char *os, *oh, *ps, *ph;
	size_t osl, ohl, psl, phl;
	long op, pp;

	origin_split(origin, strlen(origin), &os, &osl, &oh, &ohl, &op);
	for (size_t i = 0; i < f->norigins; i++) {
		const char *p = f->origins[i];

		if (!strcmp(p, "*"))
			return true;
		origin_split(p, strlen(p), &ps, &psl, &ph, &phl, &pp);
		if (psl != osl || strncasecmp(ps, os, osl) || pp != op)
			continue;
		if (phl == 1 && ph[0] == '*')
			return true;
		if (phl > 2 && ph[0] == '*' && ph[1] == '.') {
			size_t sl = phl - 1;	/* ".suffix" */

			if (ohl > sl && !strncasecmp(oh + ohl - sl, ph + 1,
				sl))
				return true;
			continue;
		}
		if (phl == ohl && !strncasecmp(ph, oh, ohl))
			return true;
	}
	return false;
}

static const char *
join_list(struct replay_decision *d, const char **v, size_t n)
{
	size_t len = 0;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	p = s = replay_decision_alloc(d, len + 1);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);

		if (i) {
			*p++ = ',';
			*p++ = ' ';
		}
		memcpy(p, v[i], l);
		p += l;
	}
	*p = '\0';
	return s;
}

static bool
list_has_star(const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], "*"))
			return true;
	return false;
}

/* Returns true when the gateway answered (a preflight). */
static bool
cors(struct rctx *c, const struct gw_filter *f)
{
	struct replay_decision *d = c->d;
	const char *origin = replay_request_header(c->req, "origin");
	const char *acrm = replay_request_header(c->req,
		"access-control-request-method");
	bool preflight = origin && acrm && c->req->method &&
		!strcmp(c->req->method, "OPTIONS");
	bool ok = origin && origin_allowed(f, origin);

	if (!preflight) {
		if (!ok)
			return false;
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Origin", origin);
		if (f->credentials)
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				"Access-Control-Allow-Credentials", "true");
		if (f->nexpose_hdrs)
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				"Access-Control-Expose-Headers",
				join_list(d, f->expose_hdrs, f->nexpose_hdrs));
		return false;
	}
	no_upstream(d);
	d->status = 200;
	d->answered_by_gateway = true;
	if (!ok) {
		replay_decision_note(d, "CORS preflight from origin '%s' not "
			"allowed", origin);
		return true;
	}
	replay_decision_note(d, "CORS preflight answered by the gateway");
	replay_decision_add_resp(d, REPLAY_HDR_SET,
		"Access-Control-Allow-Origin", origin);
	if (f->nmethods)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Methods",
			list_has_star(f->methods, f->nmethods) ? acrm :
			join_list(d, f->methods, f->nmethods));
	if (f->nallow_hdrs) {
		const char *acrh = replay_request_header(c->req,
			"access-control-request-headers");

		if (!list_has_star(f->allow_hdrs, f->nallow_hdrs))
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				"Access-Control-Allow-Headers",
				join_list(d, f->allow_hdrs, f->nallow_hdrs));
		else if (acrh)
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				"Access-Control-Allow-Headers", acrh);
	}
	if (f->nexpose_hdrs)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Expose-Headers",
			join_list(d, f->expose_hdrs, f->nexpose_hdrs));
	replay_decision_add_resp(d, REPLAY_HDR_SET, "Access-Control-Max-Age",
		replay_decision_printf(d, "%ld", f->max_age));
	if (f->credentials)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Credentials", "true");
	return true;
}

/* Applies filters; returns true when the request got its answer. */
static bool
apply_filters(struct rctx *c, const struct gw_filter *fs, size_t n,
	const struct gw_match *m, const struct gw_listener *l)
{
	struct replay_decision *d = c->d;

	for (size_t i = 0; i < n; i++) {
		const struct gw_filter *f = &fs[i];

		switch (f->type) {
		case GW_F_REQ_HDR:
			hdr_modify(d, f);
			break;
		case GW_F_RESP_HDR:
			resp_modify(d, f);
			break;
		case GW_F_REDIRECT:
			redirect(c, f, m, l);
			return true;
		case GW_F_REWRITE:
			if (f->hostname)
				d->upstream.host = f->hostname;
			if (f->pathmod == GW_PM_FULL)
				d->upstream.path = f->pathval;
			else if (f->pathmod == GW_PM_PREFIX)
				d->upstream.path = prefix_rewrite(d, m,
					d->upstream.path, f->pathval);
			break;
		case GW_F_MIRROR:
			if (f->mirror->valid) {
				struct replay_mirror mi = {
					.namespace = f->mirror->ns,
					.name = f->mirror->name,
					.port = f->mirror->port,
					.fraction = f->fraction,
				};

				replay_decision_add_mirror(d, &mi);
			} else {
				replay_decision_note(d, "mirror not "
					"configured: %s", f->mirror->why);
			}
			break;
		case GW_F_CORS:
			break;	/* handled before */
		case GW_F_UNSUPPORTED:
			break;	/* the rule answers 500 */
		}
	}
	return false;
}

static void
rule_outcome(struct rctx *c, const struct gw_match *m,
	const struct gw_listener *l)
{
	struct replay_decision *d = c->d;
	const struct gw_rule *ru = m->rule;
	const struct gw_route *r = ru->route;
	const struct gw_bref *primary = NULL;
	double total = 0, best = -1;

	d->has_matched = true;
	d->matched.kind = r->kind == GW_GRPC ? "GRPCRoute" : r->kind ==
		GW_TLS ? "TLSRoute" : "HTTPRoute";
	d->matched.namespace = r->ns;
	d->matched.name = r->name;
	d->matched.rule = ru->index;
	d->matched.match = m->index;
	d->matched.file = m->file;
	d->matched.line = m->line;
	replay_decision_note(d, "matched %s %s/%s rule %ld match %ld",
		d->matched.kind, r->ns, r->name, ru->index, m->index);

	d->upstream.method = c->req->method ? c->req->method : "GET";
	d->upstream.path = c->req->path ? c->req->path : "/";
	d->upstream.query = c->req->query;
	d->upstream.host = c->req->host;
	for (size_t i = 0; i < c->req->nheaders; i++)
		replay_decision_hdr_add(d, c->req->headers[i].name,
			c->req->headers[i].value);

	if (ru->unsupported) {
		replay_decision_note(d, "%s: answering 500", ru->why);
		no_upstream(d);
		d->status = 500;
		return;
	}
	for (size_t i = 0; i < ru->nfilters; i++)
		if (ru->filters[i].type == GW_F_CORS &&
			cors(c, &ru->filters[i]))
			return;
	if (apply_filters(c, ru->filters, ru->nfilters, m, l))
		return;

	for (size_t i = 0; i < ru->nbrefs; i++)
		total += (double)ru->brefs[i].weight;
	if (!ru->nbrefs || total <= 0) {
		replay_decision_note(d, ru->nbrefs ? "all backend weights are "
			"0: answering 500" : "no backendRefs: answering 500");
		no_upstream(d);
		d->status = 500;
		return;
	}
	for (size_t i = 0; i < ru->nbrefs; i++) {
		const struct gw_bref *b = &ru->brefs[i];
		double share = (double)b->weight / total;

		if (!b->valid) {
			if (b->weight > 0)
				replay_decision_note(d, "invalid backend "
					"(%s): its share %.4g gets 500",
					b->why, share);
			continue;
		}
		if (b->weight <= 0)
			continue;
		{
			struct replay_backend be = {
				.namespace = b->ns,
				.name = b->name,
				.port = b->port,
				.weight = share,
				.pool = b->pool,
			};

			replay_decision_add_backend(d, &be);
		}
		if (b->pool)
			replay_decision_note(d, "InferencePool %s/%s (share "
				"%.4g): %s chooses the pod and target port of "
				"each request; that choice is not modelled",
				b->ns, b->name, share, b->pool->picker_name ||
				!b->pool->known ? "its endpoint picker" : "the "
				"implementation (no endpoint picker given)");
		if (share > best) {
			best = share;
			primary = b;
		}
	}
	if (!primary) {
		no_upstream(d);
		d->status = 500;
		return;
	}
	d->status = 200;
	apply_filters(c, primary->filters, primary->nfilters, m, l);
}

/*
 * How specific a listener hostname is for a name it matches: an exact
 * hostname beats any wildcard, a longer wildcard a shorter one, and any
 * hostname the listener without one.
 */
static size_t
host_rank(const struct gw_listener *l)
{
	if (!l->hostname)
		return 0;
	return strlen(l->hostname) + (l->hostname[0] == '*' ? 0 : 1000);
}

/*
 * The TLS listener (TLSRoutes, Passthrough) on the request's port that
 * takes an HTTPS connection, or -1: listeners of one port are chosen by
 * the most specific hostname that matches the SNI, across the HTTPS and
 * TLS protocols. https is the HTTPS group of the port (may be NULL).
 */
static long
tls_listener(const struct replay_gw *gw, long gwi,
	const struct replay_request *req, const struct gw_portgroup *https,
	char *buf, size_t cap)
{
	const struct gw_portgroup *g = NULL;
	const char *sni = host_norm(req->sni ? req->sni : req->host, buf,
		cap);
	long lt, lh, gi;

	if ((gi = gw_group_find(gw, gwi, (long)req->port, GW_P_TLS)) >= 0)
		g = &gw->groups[gi];
	if (!g || (lt = group_select(g, sni)) < 0)
		return -1;
	lh = https ? group_select(https, sni) : -1;
	if (lh >= 0 && host_rank(&gw->listeners[lh]) >=
	    host_rank(&gw->listeners[lt]))
		return -1;
	return lt;
}

/*
 * No Gateway named: the request could reach any of them, each at its own
 * address. A listener of another Gateway with the same port, protocol and
 * hostname serves it then: the one whose routes name the host, else its
 * most specific wildcard, else, in Gateway order, one with hostname-less
 * routes.
 */
static const struct gw_match *
other_gateway(const struct replay_gw *gw, struct rctx *c,
	const struct gw_listener **lp, int kind)
{
	const struct gw_listener *l = *lp, *o;
	const struct gw_match *m = NULL;
	uint32_t v;

	if (l->first_same == (long)(l - gw->listeners) && l->next_same < 0)
		return NULL;	/* no other Gateway has such a listener */
	if (c->host) {
		char key[MAX_HOST + 48];

		/* the exact host, then its wildcards, most specific first */
		snprintf(key, sizeof(key), "%ld/%d/%s", l->first_same, kind,
			c->host);
		if (gw_hmap_get(&gw->same_by_host, key, &v) &&
		    (o = &gw->listeners[v]) != l && o->gw != l->gw &&
		    (m = index_lookup(c, &o->idx[kind], kind)))
			*lp = o;
		for (const char *p = strchr(c->host, '.'); !m && p;
		     p = strchr(p + 1, '.')) {
			snprintf(key, sizeof(key), "%ld/%d/*.%s",
				l->first_same, kind, p + 1);
			if (gw_hmap_get(&gw->same_by_host, key, &v) &&
			    (o = &gw->listeners[v]) != l && o->gw != l->gw &&
			    (m = index_lookup(c, &o->idx[kind], kind)))
				*lp = o;
		}
	}
	for (long i = l->first_general; !m && i >= 0;
	     i = gw->listeners[i].next_general) {
		o = &gw->listeners[i];
		if (o == l || o->gw == l->gw)
			continue;
		if ((m = index_lookup(c, &o->idx[kind], kind)))
			*lp = o;
	}
	if (m)
		replay_decision_note(c->d, "served by listener %s/%s of "
			"another Gateway", gw->gws[(*lp)->gw].key,
			(*lp)->name);
	return m;
}

/* ----- entry point ----- */

/* "listener GATEWAY/NAME HOST", naming the ListenerSet of one of its. */
static void
note_listener(const struct replay_gw *gw, struct replay_decision *d,
	const char *what, const struct gw_listener *l, const char *tail)
{
	const char *host = l->hostname ? l->hostname : "(any host)";

	if (l->lset >= 0) {
		const struct gw_lset *s = &gw->lsets[l->lset];

		replay_decision_note(d, "%s %s of ListenerSet %s/%s on Gateway "
			"%s %s%s", what, l->name, s->ns, s->name,
			gw->gws[l->gw].key, host, tail);
		return;
	}
	replay_decision_note(d, "%s %s/%s %s%s", what, gw->gws[l->gw].key,
		l->name, host, tail);
}

int
replay_gw_route(const struct replay_gw *gw, const struct replay_request *req,
	struct replay_decision *d)
{
	struct rctx c;
	char hbuf[MAX_HOST], sbuf[MAX_HOST];
	long gwi = -1, li, lh, tls;
	enum gw_proto proto;
	const struct gw_portgroup *g = NULL;
	const struct gw_listener *l;
	const struct gw_match *m;
	const char *ct;
	bool grpc;
	int kind;

	if (!gw || !req || !d)
		return ERR_INVALID;
	ct = req->grpc ? NULL : replay_request_header(req, "content-type");
	grpc = req->grpc || (ct && !strncasecmp(ct, "application/grpc", 16));
	replay_decision_reset(d);
	c.req = req;
	c.d = d;
	c.qparsed = false;
	c.nq = 0;
	c.grpc_ok = false;
	c.host = host_norm(req->host, hbuf, sizeof(hbuf));
	d->status = 404;

	if (req->gateway) {
		uint32_t v;

		if (!gw_hmap_get(&gw->gw_by_key, req->gateway, &v)) {
			replay_decision_note(d, "no Gateway %s", req->gateway);
			return 0;
		}
		gwi = (long)v;
	}
	proto = req->scheme && !strcasecmp(req->scheme, "https") ?
		GW_P_HTTPS : GW_P_HTTP;
	{
		long gi = gw_group_find(gw, gwi, (long)req->port, (int)proto);

		if (gi >= 0)
			g = &gw->groups[gi];
	}
	if (proto == GW_P_HTTPS && (tls = tls_listener(gw, gwi, req,
	    g, sbuf, sizeof(sbuf))) >= 0) {
		/* a TLS listener takes the connection: TLSRoutes by SNI */
		l = &gw->listeners[tls];
		c.host = host_norm(req->sni ? req->sni : req->host, sbuf,
			sizeof(sbuf));
		note_listener(gw, d, "TLS listener", l, ": the connection is "
			"passed through");
		m = index_lookup(&c, &l->idx[GW_TLS], GW_TLS);
		if (!m) {
			replay_decision_note(d, "no TLSRoute for '%s': the "
				"connection is refused", c.host ? c.host : "");
			return 0;
		}
		rule_outcome(&c, m, l);
		return 0;
	}
	if (!g) {
		replay_decision_note(d, "no %s listener on port %u",
			proto == GW_P_HTTPS ? "HTTPS" : "HTTP", req->port);
		return 0;
	}
	if (proto == GW_P_HTTPS && req->sni) {
		const char *sni = host_norm(req->sni, sbuf, sizeof(sbuf));

		li = group_select(g, sni);
		if (c.host) {
			lh = group_select(g, c.host);
			if (lh != li) {
				d->status = lh >= 0 ? 421 : 404;
				replay_decision_note(d, "Host '%s' belongs to "
					"another listener than SNI '%s'",
					req->host, req->sni);
				return 0;
			}
		}
	} else {
		li = group_select(g, c.host);
	}
	if (li < 0) {
		replay_decision_note(d, "no listener on port %u matches "
			"host '%s'", req->port, c.host ? c.host : "");
		return 0;
	}
	l = &gw->listeners[li];
	note_listener(gw, d, "listener", l, "");

	if (grpc) {
		const char *p = req->path ? req->path : "";
		const char *slash = p[0] == '/' ? strrchr(p + 1, '/') : NULL;

		if (slash && (size_t)(slash - p - 1) < sizeof(c.svc) &&
			strlen(slash + 1) < sizeof(c.meth)) {
			memcpy(c.svc, p + 1, (size_t)(slash - p - 1));
			c.svc[slash - p - 1] = '\0';
			memcpy(c.meth, slash + 1, strlen(slash + 1) + 1);
			c.grpc_ok = c.svc[0] && c.meth[0];
		}
	}
	kind = grpc ? GW_GRPC : GW_HTTP;
	m = index_lookup(&c, &l->idx[kind], kind);
	/*
	 * No Gateway named: the request could reach any of them, each at
	 * its own address. A listener of another Gateway with the same
	 * port, protocol and hostname serves it then, in Gateway order.
	 */
	if (!m && gwi < 0)
		m = other_gateway(gw, &c, &l, kind);
	if (!m) {
		replay_decision_note(d, "no rule matches: 404");
		return 0;
	}
	rule_outcome(&c, m, l);
	return 0;
}
