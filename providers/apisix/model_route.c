/*
 * The APISIX model: one request through radixtree_host_uri (the host
 * groups, then exact uri before the longest prefix, priority and vars),
 * then the route's plugins in APISIX's order (fault-injection, cors,
 * proxy-rewrite, redirect in the rewrite phase; response-rewrite on the
 * response). Each decision names what Gateway API cannot do the same
 * (replay_decision_known), by the convert diagnostic that says it.
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
#include "strbuf.h"

enum { MAX_HOST = 256, MAX_CAND = 128 };

/* "*.suffix" covers host at any depth (radixtree on the reversed host). */
static bool
wildcard_covers(const char *wild, const char *host)
{
	size_t wl = strlen(wild), hl = strlen(host);

	return wild[0] == '*' && wl > 1 && hl > wl - 1 &&
		!strcmp(host + hl - (wl - 1), wild + 1);
}

static bool
has_cert(const struct replay_apisix *m, const char *host)
{
	const char *dot;

	if (!host)
		return false;
	if (strmap_get(&m->certs, host))
		return true;
	for (dot = strchr(host, '.'); dot; dot = strchr(dot + 1, '.')) {
		char buf[MAX_HOST + 2];

		if ((size_t)snprintf(buf, sizeof(buf), "*%s", dot) <
		    sizeof(buf) && strmap_get(&m->certs, buf))
			return true;
	}
	return false;
}

/* 0: the request's host; 1 + (MAX_HOST - length): a wildcard; -1: no. */
static int
host_group(const struct ax_mroute *rt, const char *host)
{
	if (!rt->host)
		return 2 * MAX_HOST;
	if (!host)
		return -1;
	if (!strcmp(rt->host, host))
		return 0;
	if (wildcard_covers(rt->host, host))
		return 1 + MAX_HOST - (int)strlen(rt->host);
	return -1;
}

/* The radixtree rank of the route's best uri for path: 0 exact, else
 * MAX_PATH - the prefix length; -1: none. */
static long
uri_rank(const struct ax_mroute *rt, const char *path, size_t *which)
{
	long best = -1;

	for (size_t i = 0; i < rt->nuris; i++) {
		const struct ax_uri *u = &rt->uris[i];
		long r = -1;

		if (!u->prefix && !strcmp(u->path, path))
			r = 0;
		else if (u->prefix && !strncmp(path, u->path, strlen(u->path)))
			r = 1 + 100000 - (long)strlen(u->path);
		if (r >= 0 && (best < 0 || r < best)) {
			best = r;
			*which = i;
		}
	}
	return best;
}

static bool
regex_search(struct replay_decision *d, pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);

	pcre2_match_data_free(md);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		replay_decision_regex_failed(d, rc, s, strlen(s));
	return rc >= 0;
}

struct cand {
	const struct ax_mroute *rt;
	int group;
	long rank;
	size_t uri;
};

static int
cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->rt->rank < b->rt->rank ? -1 : a->rt->rank > b->rt->rank;
}

static bool
same_backend(const struct ax_mroute *a, const struct ax_mroute *b)
{
	return !strcmp(a->ns, b->ns) && !strcmp(a->service, b->service) &&
		a->port == b->port;
}

/* ---- plugins ---- */

static bool
method_in(const struct prov_strlist *l, const char *m)
{
	for (size_t i = 0; i < l->len; i++)
		if (!strcmp(l->v[i], m))
			return true;
	return false;
}

/* redirect's uri with $var and ${var} expanded (unknown ones empty). */
static const char *
expand(struct replay_decision *d, const char *uri,
	const struct replay_request *req, const char *host, bool secure)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	for (const char *p = uri; *p;) {
		char name[64];
		size_t n = 0;
		const char *path = req->path && *req->path ? req->path : "/";

		if (*p != '$') {
			strbuf_addc(&sb, *p++);
			continue;
		}
		p++;
		if (*p == '{') {
			p++;
			while (*p && *p != '}' && n + 1 < sizeof(name))
				name[n++] = *p++;
			if (*p == '}')
				p++;
		} else {
			while ((isalnum((unsigned char)*p) || *p == '_') &&
			    n + 1 < sizeof(name))
				name[n++] = *p++;
		}
		name[n] = '\0';
		if (!n) {
			strbuf_addc(&sb, '$');
		} else if (!strcmp(name, "uri")) {
			strbuf_adds(&sb, path);
		} else if (!strcmp(name, "request_uri")) {
			strbuf_adds(&sb, path);
			if (req->query)
				strbuf_addf(&sb, "?%s", req->query);
		} else if (!strcmp(name, "host")) {
			strbuf_adds(&sb, host ? host : "");
		} else if (!strcmp(name, "scheme")) {
			strbuf_adds(&sb, secure ? "https" : "http");
		} else if (!strcmp(name, "args") || !strcmp(name,
		    "query_string")) {
			strbuf_adds(&sb, req->query ? req->query : "");
		}
	}
	out = replay_decision_strndup(d, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return out;
}

/* ngx.re.sub: the first match replaced, $N its captures. */
static const char *
regex_sub(struct replay_decision *d, pcre2_code *re, const char *tpl,
	const char *s)
{
	PCRE2_UCHAR buf[4096];
	PCRE2_SIZE len = sizeof(buf);
	int rc = pcre2_substitute(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0,
		0, NULL, NULL, (PCRE2_SPTR)tpl, PCRE2_ZERO_TERMINATED, buf,
		&len);

	if (rc <= 0)
		return s;
	return replay_decision_strndup(d, (const char *)buf, len);
}

static void
matched(struct replay_decision *d, const struct ax_mroute *rt)
{
	replay_matched_ingress(d, rt->ing, rt->rule_idx, rt->path_idx, rt->file,
		rt->line);
}

static bool
cors(struct replay_decision *d, const struct ax_mroute *rt,
	const struct replay_request *req)
{
	const struct prov_apisix_settings *s = rt->s;
	const char *origin = replay_request_header(req, "origin");
	const char *allowed = s->cors_origin ? s->cors_origin : "*";

	if (origin)
		replay_decision_known(d, "convert/apisix-cors", "APISIX's cors "
			"plugin writes its own CORS headers ('*' as "
			"configured, 5 s max age) and answers every OPTIONS "
			"request itself");
	if (req->method && !strcmp(req->method, "OPTIONS")) {
		d->status = 200;
		d->answered_by_gateway = true;
		replay_decision_note(d, "cors: APISIX answers OPTIONS");
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Origin", strcmp(allowed, "*") ||
			!origin ? allowed : "*");
		return true;
	}
	if (origin)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Origin", allowed);
	return false;
}

static void
response_rewrite(struct replay_decision *d, const struct ax_mroute *rt)
{
	const struct prov_apisix_settings *s = rt->s;
	const struct prov_strlist *ls[2] = { &s->rr_add, &s->rr_set };

	if (!s->response_rewrite)
		return;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < ls[k]->len; i++) {
			const char *h = ls[k]->v[i], *col = strchr(h, ':');
			const char *v;

			if (!col || col == h)
				continue;
			for (v = col + 1; *v == ' '; v++)
				;
			replay_decision_add_resp(d, k ? REPLAY_HDR_SET :
				REPLAY_HDR_ADD, replay_decision_strndup(d, h,
				(size_t)(col - h)), v);
			if (!k)
				replay_decision_known(d, "convert/apisix-not-"
					"converted", "response-rewrite adds a "
					"response header; the conversion sets "
					"it");
		}
	for (size_t i = 0; i < s->rr_remove.len; i++) {
		replay_decision_add_resp(d, REPLAY_HDR_REMOVE,
			s->rr_remove.v[i], NULL);
		replay_decision_known(d, "convert/apisix-not-converted",
			"response-rewrite removes a response header, which the "
			"conversion does not");
	}
	if (s->rr_status > 0 || s->rr_body) {
		if (s->rr_status > 0)
			d->status = (int)s->rr_status;
		replay_decision_known(d, "convert/apisix-not-converted",
			"response-rewrite changes the status or body, which "
			"Gateway API cannot");
	}
}

static void
known_route(struct replay_decision *d, const struct ax_mroute *rt,
	const struct ax_uri *u, const char *path)
{
	size_t n = strlen(u->path);

	if (rt->re)
		replay_decision_known(d, "convert/apisix-regex", "use-regex: "
			"APISIX searches the PCRE in the uri on a route of URI "
			"'/*', which longer prefixes come before; Gateway API "
			"ranks RegularExpression matches before PathPrefix");
	else if (u->prefix && n && u->path[n - 1] != '/' &&
	    path[n] && path[n] != '/')
		replay_decision_known(d, "convert/apisix-prefix", "a uri "
			"ending in '*' is a prefix by characters in APISIX, by "
			"segments in Gateway API");
}

int
replay_apisix_route(const struct replay_apisix *m,
	const struct replay_request *req, struct replay_decision *d)
{
	struct cand *c;
	size_t n = 0;
	char hbuf[MAX_HOST];
	const char *host, *path;
	const struct ax_mroute *rt = NULL;
	const struct prov_apisix_settings *s;
	const char *method;
	bool secure;
	struct cand win = { 0 };

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "APISIX's Service takes HTTP on 80 and "
			"HTTPS on 443, not %s on port %u", secure ? "HTTPS" :
			"HTTP", req->port);
		return 0;
	}
	host = replay_host_name(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	if (secure) {
		char sbuf[MAX_HOST];
		const char *sni = replay_host_name(req->sni ? req->sni :
			req->host, sbuf, sizeof(sbuf));

		if (!has_cert(m, sni)) {
			replay_decision_note(d, "no SSL object for SNI '%s': "
				"the TLS handshake fails", sni ? sni : "");
			return 0;
		}
	}
	path = req->path && *req->path ? req->path : "/";
	method = req->method ? req->method : "GET";
	replay_decision_note(d, "host '%s', uri '%s'", host ? host : "", path);
	c = xmalloc((m->nroutes + 1) * sizeof(*c));
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct ax_mroute *r = &m->routes[i];
		int g = host_group(r, host);
		size_t which = 0;
		long rank;

		if (g < 0)
			continue;
		if (r->nuris == 2 && !r->uris[0].prefix &&
		    !strncmp(r->uris[0].path, path, strlen(path)) &&
		    !strcmp(r->uris[0].path + strlen(path), "/"))
			replay_decision_known(d, "convert/apisix-prefix", "a "
				"Prefix path ending in '/' is the uris 'p/' and "
				"'p/*' in APISIX, which do not match 'p'; a Gateway "
				"API PathPrefix does");
		if ((rank = uri_rank(r, path, &which)) < 0)
			continue;
		c[n++] = (struct cand){ .rt = r, .group = g, .rank = rank,
			.uri = which };
	}
	qsort(c, n, sizeof(*c), cand_cmp);
	for (size_t i = 0; i < n; i++) {
		known_route(d, c[i].rt, &c[i].rt->uris[c[i].uri], path);
		if (c[i].rt->re && !regex_search(d, c[i].rt->re, path))
			continue;
		if (!rt) {
			rt = c[i].rt;
			win = c[i];
		} else if (c[i].group == win.group && c[i].rank == win.rank &&
		    !strcmp(c[i].rt->uris[c[i].uri].path,
		    rt->uris[win.uri].path) && !same_backend(rt, c[i].rt) &&
		    c[i].rt->ing != rt->ing) {
			replay_decision_known(d, "convert/apisix-priority",
				"two routes of one URI and priority match: "
				"APISIX picks either of them");
		}
	}
	free(c);
	if (!rt) {
		replay_decision_note(d, "no route matches: 404");
		return 0;
	}
	s = rt->s;
	matched(d, rt);
	if (rt->policy)
		replay_decision_known(d, "convert/apisix-route-policy",
			"an HTTPRoutePolicy sets the priority or vars of the "
			"route (not modelled)");
	replay_decision_note(d, "route of Ingress %s/%s, uri '%s%s'",
		rt->ing->ns, rt->ing->name, rt->uris[win.uri].path,
		rt->uris[win.uri].prefix ? "*" : "");
	if (s->svc_namespace)
		replay_decision_known(d, "convert/apisix-svc-namespace",
			"svc-namespace: the backend is in another namespace, "
			"and the conversion leaves such paths out");
	/* fault-injection (priority 11000) */
	if ((s->allow_methods.len && !method_in(&s->allow_methods, method)) ||
	    (s->block_methods.len && method_in(&s->block_methods, method))) {
		replay_decision_known(d, "convert/apisix-not-converted",
			"fault-injection answers 405 for the methods "
			"http-allow-methods or http-block-methods exclude");
		replay_decision_note(d, "method %s not allowed: 405", method);
		d->status = 405;
		return 0;
	}
	if (s->allow_methods.len || s->block_methods.len)
		replay_decision_known(d, "convert/apisix-not-converted",
			"the method restriction is not converted");
	/* cors (4000) */
	if (s->cors && cors(d, rt, req))
		return 0;
	if (rt->access) {
		replay_decision_note(d, "access plugin %s is not modelled: the "
			"request passes", rt->access_what);
		replay_decision_known(d, "convert/access-control", "an access "
			"check of APISIX (not modelled) that the conversion "
			"closes or hands to the implementation");
	} else if (s->plugin_config) {
		replay_decision_known(d, "convert/apisix-plugin-config",
			"the plugins of an ApisixPluginConfig are not carried "
			"over");
	}
	/* redirect (900): http-to-https, or http-redirect */
	if (s->http_to_https) {
		/* the scheme of X-Forwarded-Proto, else the connection's */
		const char *xfp = replay_request_header(req,
			"x-forwarded-proto");
		bool https = xfp ? !strcmp(xfp, "https") : secure;

		if (xfp)
			replay_decision_known(d, "convert/apisix-redirect",
				"APISIX's redirect plugin takes the scheme of "
				"X-Forwarded-Proto");
		if (!https) {
			bool safe = !strcmp(method, "GET") ||
				!strcmp(method, "HEAD");

			d->redirect = replay_decision_printf(d,
				"https://%s%s%s%s", host ? host : "", path,
				req->query ? "?" : "", req->query ?
				req->query : "");
			d->status = safe ? 301 : 308;
			if (!safe)
				replay_decision_known(d, "convert/apisix-"
					"redirect", "http-to-https answers 308 "
					"for methods other than GET and HEAD");
			replay_decision_note(d, "http-to-https: %d",
				d->status);
			return 0;
		}
	}
	if (s->redirect_uri) {
		d->redirect = expand(d, s->redirect_uri, req, host, secure);
		/* a relative Location, as the client resolves it */
		if (d->redirect[0] == '/')
			d->redirect = replay_decision_printf(d, "%s://%s%s",
				secure ? "https" : "http", host ? host : "",
				d->redirect);
		d->status = s->redirect_code;
		if (strchr(s->redirect_uri, '$') || req->query ||
		    (s->redirect_code >= 304 && s->redirect_code <= 306))
			replay_decision_known(d, "convert/apisix-redirect",
				"the redirect plugin expands variables and "
				"drops the query string");
		replay_decision_note(d, "redirect: %d", s->redirect_code);
		return 0;
	}
	replay_upstream(d, req, path);
	/* proxy-rewrite (1008) */
	if (s->rewrite_target) {
		d->upstream.path = expand(d, s->rewrite_target, req, host,
			secure);
		if (strchr(s->rewrite_target, '$'))
			replay_decision_known(d, "convert/apisix-rewrite",
				"proxy-rewrite's uri expands APISIX variables");
	} else if (rt->rewrite_re) {
		d->upstream.path = regex_sub(d, rt->rewrite_re,
			s->rewrite_template, path);
		replay_decision_known(d, "convert/apisix-rewrite",
			"proxy-rewrite's regex_uri rewrites by a regex, Gateway "
			"API by a prefix or the whole path");
	}
	if (rt->port < 0)
		replay_decision_known(d, "convert/unresolved-port-name",
			"the Service port is named and the input lacks the "
			"Service");
	replay_one_backend(d, rt->ns, rt->service, rt->port);
	d->status = 200;
	response_rewrite(d, rt);
	return 0;
}
