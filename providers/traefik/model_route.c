/*
 * The Traefik model: one request through the entry point of its port,
 * the path sanitized and decoded as the entry point and the muxer do
 * (server_entrypoint_tcp.go sanitizePath, mux.go withRoutingPath), the
 * routers in priority order (the first that matches answers), and the
 * backend's service. Each decision names what Gateway API cannot do the
 * same (replay_decision_known), by the convert diagnostic that says it.
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_int.h"
#include "replay/model_common.h"

enum { MAX_HOST = 256 };

/*
 * url.JoinPath(): ".", ".." and empty segments resolved (".." stops at
 * the root), a trailing '/' kept.
 */
static const char *
sanitize(struct replay_decision *d, const char *path)
{
	size_t n = strlen(path);
	char *out = replay_decision_alloc(d, n + 2);
	size_t o = 0;
	const char *p = path;
	bool trailing = n && path[n - 1] == '/';

	while (*p) {
		const char *seg;
		size_t len;

		while (*p == '/')
			p++;
		seg = p;
		len = strcspn(p, "/");
		p += len;
		if (!len || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	if (!o || (trailing && out[o - 1] != '/'))
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

/* A label of HostRegexp's [a-zA-Z0-9-]+. */
static bool
v2_label(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

/* Host("h") (muxer.DomainMatchHostExpression) or the v2 HostRegexp. */
static bool
host_match(const struct rt_router *rt, const char *host)
{
	const char *dot;

	if (!rt->host)
		return true;
	if (!host)
		return false;
	if (rt->host[0] != '*')
		return !strcmp(rt->host, host);
	dot = strchr(host, '.');
	if (!dot || strcmp(dot, rt->host + 1))
		return false;
	return !rt->host_v2 || v2_label(host, (size_t)(dot - host));
}

static bool
path_match(const struct rt_router *rt, const char *path)
{
	switch (rt->kind) {
	case RT_ANY:
		return true;
	case RT_PATH:
		return !strcmp(rt->path, path);
	case RT_PREFIX:
		return !strncmp(path, rt->path, strlen(rt->path));
	case RT_REGEXP:
		break;
	}
	return false;
}

static bool
regex_match(struct replay_decision *d, const struct rt_router *rt,
	const char *path)
{
	if (!rt->re)
		return false;
	if (!d->regex_md)
		d->regex_md = pcre2_match_data_create(1, NULL);
	return pcre2_match(rt->re, (PCRE2_SPTR)path, strlen(path), 0, 0,
		d->regex_md, NULL) >= 0;
}

/* The entry point's routers: web takes plain HTTP routers, websecure
 * (TLS on the entry point) every router on it. */
static bool
on_entry(const struct rt_router *rt, bool secure)
{
	return secure ? rt->on_secure : rt->on_web && !rt->tls;
}

/* Whether the router answers plain HTTP somewhere (web). */
static bool
https_only(const struct rt_router *rt)
{
	return !(rt->on_web && !rt->tls);
}

static bool
has_cert(const struct replay_traefik *m, const char *host)
{
	char key[MAX_HOST + 2];
	const char *dot;

	if (!host)
		return false;
	if (strmap_get(&m->certs, host))
		return true;
	dot = strchr(host, '.');
	if (!dot || strlen(dot) + 2 > sizeof(key))
		return false;
	snprintf(key, sizeof(key), "*%s", dot);
	return strmap_get(&m->certs, key) != NULL;
}

static bool
same_backend(const struct rt_router *a, const struct rt_router *b)
{
	return !strcmp(a->ns, b->ns) && !strcmp(a->service, b->service) &&
		a->port == b->port;
}

/*
 * How Gateway API would rank the two (its precedence, written here from
 * the specification: hostname first, then Exact, RegularExpression, the
 * longer PathPrefix); 0 when it cannot tell them apart (route age and
 * name decide then).
 */
static int
gateway_rank(const struct rt_router *a, const struct rt_router *b)
{
	long ha, hb, la, lb;
	int ka, kb;

	ha = !a->host ? 0 : a->host[0] == '*' ? (long)strlen(a->host) :
		1000 + (long)strlen(a->host);
	hb = !b->host ? 0 : b->host[0] == '*' ? (long)strlen(b->host) :
		1000 + (long)strlen(b->host);
	if (ha != hb)
		return ha > hb ? -1 : 1;
	ka = a->kind == RT_PATH ? 3 : a->kind == RT_REGEXP ? 2 : 1;
	kb = b->kind == RT_PATH ? 3 : b->kind == RT_REGEXP ? 2 : 1;
	if (ka != kb)
		return ka > kb ? -1 : 1;
	la = a->kind == RT_ANY ? 1 : (long)strlen(a->path);
	lb = b->kind == RT_ANY ? 1 : (long)strlen(b->path);
	if (a->kind == RT_PREFIX && la > 1 && a->path[la - 1] == '/')
		la--;
	if (b->kind == RT_PREFIX && lb > 1 && b->path[lb - 1] == '/')
		lb--;
	if (la != lb)
		return la > lb ? -1 : 1;
	return 0;
}

/* A character prefix that Gateway API's element-wise PathPrefix would
 * judge otherwise for this path. */
static bool
prefix_differs(const struct rt_router *rt, const char *path)
{
	size_t n;
	bool chars, elems;

	if (rt->kind != RT_PREFIX || rt->default_router)
		return false;
	n = strlen(rt->path);
	if (n <= 1)
		return false;
	chars = !strncmp(path, rt->path, n);
	if (rt->path[n - 1] == '/')
		n--;
	elems = !strncmp(path, rt->path, n) && (!path[n] || path[n] == '/');
	return chars != elems;
}

static const struct rt_list *
list_of(const struct replay_traefik *m, const char *key)
{
	uintptr_t i = (uintptr_t)strmap_get(&m->by_host, key);

	return i ? &m->lists[i - 1] : NULL;
}

static bool
any_on_entry(const struct replay_traefik *m, const struct rt_list *l,
	bool secure)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (on_entry(&m->routers[l->idx[i]], secure))
			return true;
	return false;
}

/* A wildcard router's suffix that the host has two labels or more
 * before (Gateway API's wildcard matches them, Traefik's does not). */
static bool
deeper_wildcard(const struct replay_traefik *m, const char *host, bool secure)
{
	char key[MAX_HOST + 2];
	const char *dot = host ? strchr(host, '.') : NULL;

	/* "*.rest" after the second label and on */
	for (dot = dot ? strchr(dot + 1, '.') : NULL; dot;
	     dot = strchr(dot + 1, '.')) {
		if (strlen(dot) + 2 > sizeof(key))
			continue;
		snprintf(key, sizeof(key), "*%s", dot);
		if (any_on_entry(m, list_of(m, key), secure))
			return true;
	}
	return false;
}

/*
 * The routers a request for host may reach, in priority order: those of
 * the host, of the wildcard of its first label, and without host.
 */
static size_t
host_routers(const struct replay_traefik *m, const char *host,
	const struct rt_list *out[3])
{
	char key[MAX_HOST + 2];
	const char *dot = host ? strchr(host, '.') : NULL;
	size_t n = 0;

	if (host && (out[n] = list_of(m, host)))
		n++;
	if (dot && strlen(dot) + 2 <= sizeof(key)) {
		snprintf(key, sizeof(key), "*%s", dot);
		if ((out[n] = list_of(m, key)))
			n++;
	}
	if (m->hostless.n)
		out[n++] = &m->hostless;
	return n;
}

/* The next index of the merged lists (ascending), or SIZE_MAX. */
static size_t
next_index(const struct rt_list *const *l, size_t nl, size_t *pos)
{
	size_t best = SIZE_MAX, which = 0;

	for (size_t k = 0; k < nl; k++)
		if (pos[k] < l[k]->n && l[k]->idx[pos[k]] < best) {
			best = l[k]->idx[pos[k]];
			which = k;
		}
	if (best != SIZE_MAX)
		pos[which]++;
	return best;
}

static void
matched(struct replay_decision *d, const struct rt_router *rt)
{
	replay_matched_ingress(d, rt->ing, rt->rule_idx, rt->path_idx, rt->file,
		rt->line);
}

/* Every router of the entry point and host that matches, in order. */
static size_t
candidates(const struct replay_traefik *m, struct replay_decision *d,
	bool secure, const char *host, const char *path,
	const struct rt_router **out, size_t cap, bool *prefix_known)
{
	const struct rt_list *l[3];
	size_t nl = host_routers(m, host, l), pos[3] = { 0, 0, 0 }, i, n = 0;

	*prefix_known = false;
	while ((i = next_index(l, nl, pos)) != SIZE_MAX) {
		const struct rt_router *rt = &m->routers[i];

		if (!on_entry(rt, secure) || !host_match(rt, host))
			continue;
		*prefix_known |= prefix_differs(rt, path);
		if (n == cap || (rt->kind == RT_REGEXP ?
		    !regex_match(d, rt, path) : !path_match(rt, path)))
			continue;
		out[n++] = rt;
	}
	return n;
}

static void
known_order(struct replay_decision *d, const struct rt_router *const *c,
	size_t n)
{
	const struct rt_router *w = c[0];

	for (size_t i = 1; i < n; i++) {
		int g;

		if (same_backend(w, c[i]))
			continue;
		if (c[i]->priority == w->priority) {
			replay_decision_known(d, "convert/traefik-priority",
				"two routers of the same priority match: "
				"Traefik picks either of them");
			return;
		}
		g = gateway_rank(w, c[i]);
		if (g >= 0) {
			replay_decision_known(d, "convert/traefik-priority",
				g ? "Traefik picks the router of the longer "
				"rule (or router.priority); Gateway API "
				"prefers another match by hostname, path type "
				"and length" : "Traefik picks the router of the "
				"longer rule (or router.priority); Gateway API "
				"ranks the two alike and takes the older route");
			return;
		}
	}
}

int
replay_traefik_route(const struct replay_traefik *m,
	const struct replay_request *req, struct replay_decision *d)
{
	enum { MAX_CAND = 64 };
	const struct rt_router *cand[MAX_CAND];
	char hbuf[MAX_HOST];
	const char *host, *clean, *path;
	const struct rt_router *rt;
	bool secure, prefix;
	size_t n;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "no entry point takes %s on port %u "
			"(web: HTTP on 80, websecure: HTTPS on 443)", secure ?
			"HTTPS" : "HTTP", req->port);
		return 0;
	}
	host = replay_host_name(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	clean = sanitize(d, req->path && *req->path ? req->path : "/");
	path = replay_path_unreserved(d, clean);	/* the routing path */
	if (strcmp(clean, req->path && *req->path ? req->path : "/"))
		replay_decision_known(d, "convert/traefik-path-sanitized",
			"Traefik cleaned '.', '..' and '//' out of the request "
			"path before routing and forwarding it; a Gateway may "
			"keep them");
	replay_decision_note(d, "entry point %s, host '%s', path '%s'",
		secure ? "websecure" : "web", host ? host : "", path);
	if (deeper_wildcard(m, host, secure))
		replay_decision_known(d, "convert/wildcard-depth", "an "
			"Ingress wildcard host matches one label, a Gateway "
			"API wildcard hostname one or more");
	n = candidates(m, d, secure, host, path, cand, MAX_CAND, &prefix);
	if (prefix)
		replay_decision_known(d, "convert/traefik-prefix", "Traefik's "
			"PathPrefix matches by characters, Gateway API's "
			"PathPrefix by whole segments");
	if (!n) {
		replay_decision_note(d, "no router matches: 404");
		return 0;
	}
	rt = cand[0];
	known_order(d, cand, n);
	matched(d, rt);
	replay_decision_note(d, "router %s, priority %lld%s", rt->rule,
		rt->priority, rt->default_router ? " (the default router)" :
		rt->explicit_priority ? " (router.priority)" : "");
	if (secure && !has_cert(m, host)) {
		replay_decision_note(d, "no tls section has a certificate "
			"for '%s': Traefik's default certificate", host ? host :
			"");
		if (https_only(rt))
			replay_decision_known(d, "convert/traefik-tls",
				"Traefik answered HTTPS with its default "
				"certificate for a router that answers HTTPS "
				"only; without a certificate in a tls section "
				"the Gateway has no HTTPS listener for it");
		else
			replay_decision_known(d, "convert/traefik-default-"
				"certificate", "Traefik answered HTTPS for a "
				"host without certificate with its default "
				"one; the Gateway has HTTPS listeners only for "
				"the hosts of tls sections");
	}
	if (rt->middlewares) {
		replay_decision_note(d, "middlewares of the router are not "
			"modelled");
		replay_decision_known(d, "convert/traefik-middleware",
			"Traefik ran the router's middlewares, which the "
			"conversion does not carry over");
	}
	if (rt->bad_scheme) {
		replay_decision_note(d, "service.serversscheme of Service "
			"%s/%s is not http, https or h2c: the proxy cannot "
			"reach the backends, 502", rt->ns, rt->service);
		replay_decision_known(d, "convert/traefik-annotation-invalid",
			"Traefik failed every request to a Service whose "
			"service.serversscheme it cannot use (502); the "
			"conversion sends them to the Service");
		d->status = 502;
		return 0;
	}
	if (rt->port < 0)
		replay_decision_known(d, "convert/unresolved-port-name",
			"Traefik resolved the Service port by its name; the "
			"input lacks the Service, so the conversion left the "
			"backend out");
	replay_upstream(d, req, clean);
	if (!rt->pass_host) {
		d->upstream.host = replay_decision_printf(d, "%s.%s:%ld",
			rt->service, rt->ns, rt->port);
		replay_decision_note(d, "service.passhostheader false: Host "
			"is the backend's address");
		replay_decision_known(d, "convert/traefik-pass-host-header",
			"Traefik sent the backend its own address as Host; "
			"Gateway API keeps the client's");
	}
	replay_one_backend(d, rt->ns, rt->service, rt->port);
	d->status = 200;
	return 0;
}
