/*
 * The ingress-nginx routing model: the rewrite phases. Server level: the www counterpart
 * server and app-root. Location level, in template order: CORS,
 * permanent/temporal redirect, rewrite-target (+ x-forwarded-prefix), and
 * the Lua SSL redirect. That is the order of a location of ingress-nginx's
 * nginx.tmpl: the CORS preflight answers 204, then the `return` of
 * permanent/temporal-redirect, the `rewrite ... break` of rewrite-target
 * (template.go buildProxyPass), then the Lua rewrite phase
 * (lua_ingress.lua redirect_to_https).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model_int.h"
#include "replay/model_common.h"
#include "strbuf.h"

void
ri_answer(struct replay_decision *d, int status)
{
	d->status = status;
	d->nbackends = 0;
	d->upstream.method = NULL;
	d->upstream.path = d->upstream.query = d->upstream.host = NULL;
	d->upstream.nheaders = 0;
	d->upstream.nremoved = 0;
}

void
ri_answer_redirect(struct replay_decision *d, int code, const char *location)
{
	ri_answer(d, code);
	d->redirect = location;
	replay_decision_note(d, "redirect %d to %s", code, location);
}

static void
set_matched(struct replay_decision *d, const struct ri_ing *ri, long rule,
	long match, const char *file, uint32_t line)
{
	replay_matched_ingress(d, ri->ing, rule, match, file, file ? line : 0);
}

/* $request_uri with its last '/' removed (SSL and www redirects). */
static const char *
strip_slash(struct replay_decision *d, const char *request_uri, bool keep)
{
	size_t n = strlen(request_uri);

	if (keep || !n || request_uri[n - 1] != '/')
		return request_uri;
	return replay_decision_strndup(d, request_uri, n - 1);
}

bool
ri_server_phase(const struct replay_ing *m, const struct ri_server *s,
	struct ri_req *r)
{
	struct replay_decision *d = r->d;

	if (s->www_target) {
		struct src_pos p = doc_pos(m->set,
			s->www_owner->ing->obj->root);

		set_matched(d, s->www_owner, -1, -1, p.file, p.line);
		replay_decision_note(d, "from-to-www-redirect server '%s'",
			s->host);
		ri_answer_redirect(d, m->redirect_code, replay_decision_printf(
			d, "%s://%s:%u%s", r->https ? "https" : "http",
			s->www_target, r->req->port, strip_slash(d,
			r->request_uri, false)));
		return true;
	}
	if (s->app_root && !strcmp(r->uri, "/")) {
		struct src_pos p = doc_pos(m->set,
			s->app_root->ing->obj->root);

		set_matched(d, s->app_root, -1, -1, p.file, p.line);
		replay_decision_note(d, "app-root of the server");
		/* "return 302 $scheme://$http_host<app-root>" (nginx.tmpl):
		 * return appends no $args */
		if (r->req->query)
			replay_decision_known(d, "convert/nginx-app-root",
				"the app-root redirect of nginx ('return 302') "
				"dropped the query string; a RequestRedirect "
				"keeps it");
		ri_answer_redirect(d, 302, replay_decision_printf(d,
			"%s://%s%s", r->https ? "https" : "http",
			r->req->host ? r->req->host : "",
			s->app_root->conf.app_root));
		return true;
	}
	return false;
}

/* ----- CORS ----- */

static bool
origin_label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '-';
}

/*
 * The template's origin check (buildCorsOriginRegex and buildOriginRegex
 * in internal/ingress/controller/template/template.go): "*" alone sets
 * $http_origin to "*" and allows every request, with or without an
 * Origin; otherwise "if ($http_origin ~* ((o1)|(o2))$)": each origin
 * quoted, its first '*' replaced by [A-Za-z0-9\-]+ (one label),
 * case-insensitive and anchored at the end only.
 */
static bool
origin_allowed(const struct ri_conf *c, const char *origin, bool *star)
{
	size_t ol = origin ? strlen(origin) : 0;

	*star = false;
	for (size_t i = 0; i < c->ncors_origins; i++) {
		const char *a = c->cors_origins[i];
		const char *w = strstr(a, "://*.");
		size_t al = strlen(a);

		if (!strcmp(a, "*")) {
			*star = true;
			return true;
		}
		if (!origin)
			continue;
		if (w) {
			/* "scheme://" + one label + ".rest" at the end */
			size_t sl = (size_t)(w - a) + 3;
			const char *rest = w + 4;	/* ".rest" */
			size_t rl = strlen(rest);
			const char *end, *lab;

			if (ol < sl + 1 + rl ||
			    strcasecmp(origin + ol - rl, rest))
				continue;
			end = origin + ol - rl;
			for (lab = end; lab > origin &&
			     origin_label_char(lab[-1]); lab--)
				;
			if (lab == end || (size_t)(lab - origin) < sl ||
			    strncasecmp(lab - sl, a, sl))
				continue;
			return true;
		}
		if (ol >= al && !strcasecmp(origin + ol - al, a))
			return true;
	}
	return false;
}

/*
 * Whether the conversion's CORS filter allows origin where nginx did not:
 * in an HTTPCORSFilter origin, '*' matches any number of labels.
 */
static bool
filter_wildcard_allows(const struct ri_conf *c, const char *origin)
{
	size_t ol = strlen(origin);

	for (size_t i = 0; i < c->ncors_origins; i++) {
		const char *a = c->cors_origins[i];
		const char *w = strstr(a, "://*.");
		size_t sl, rl;

		if (!w)
			continue;
		sl = (size_t)(w - a) + 3;
		rl = strlen(w + 4);
		if (ol > sl + rl && !strncasecmp(origin, a, sl) &&
		    !strcasecmp(origin + ol - rl, w + 4))
			return true;
	}
	return false;
}

/*
 * The CORS block of nginx.tmpl (template "CORS"): when the origin is
 * allowed, every response gets Access-Control-Allow-Origin ($http_origin,
 * "*" with the origin "*"), -Allow-Credentials when on (default true,
 * with "*" too), -Allow-Methods, -Allow-Headers, -Expose-Headers when
 * set and -Max-Age (default 1728000); any OPTIONS request is answered
 * 204 there, before redirects and access checks. An Origin not allowed
 * gets no CORS header, and its OPTIONS goes to the backend.
 *
 * The Gateway API CORS filter (HTTPCORSFilter) answers only preflights
 * (OPTIONS with Origin and Access-Control-Request-Method), itself, also
 * for an Origin it does not allow; it sends the lists and Max-Age on
 * preflight answers only, echoes the Origin, and its '*' in a host
 * matches any number of labels: each difference is a known one.
 */
bool
ri_cors(const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = &l->owner->conf;
	struct replay_decision *d = r->d;
	const char *origin = replay_request_header(r->req, "origin");
	const char *acrm = replay_request_header(r->req,
		"access-control-request-method");
	bool star, preflight = r->req->method &&
		!strcmp(r->req->method, "OPTIONS");

	if (!origin_allowed(c, origin, &star)) {
		replay_decision_note(d, "CORS: origin '%s' not allowed",
			origin ? origin : "(none)");
		if (preflight && origin && acrm)
			replay_decision_known(d, "convert/nginx-cors",
				"ingress-nginx passed a preflight from an "
				"Origin it does not allow to the backend; the "
				"CORS filter answers it itself, without CORS "
				"headers");
		else if (origin && filter_wildcard_allows(c, origin))
			replay_decision_known(d, "convert/nginx-cors", "a "
				"'*.' in an ingress-nginx origin matches one "
				"DNS label; in a CORS filter's origin, '*' "
				"matches any number of labels");
		return false;
	}
	replay_decision_add_resp(d, REPLAY_HDR_SET,
		"Access-Control-Allow-Origin", star ? "*" : origin);
	if (c->cors_credentials)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Credentials", "true");
	if (c->cors_methods)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Methods", c->cors_methods);
	if (c->cors_headers)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Allow-Headers", c->cors_headers);
	if (c->cors_expose && *c->cors_expose)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Access-Control-Expose-Headers", c->cors_expose);
	replay_decision_add_resp(d, REPLAY_HDR_SET, "Access-Control-Max-Age",
		replay_decision_printf(d, "%lld", c->cors_max_age));
	if (!origin)
		replay_decision_known(d, "convert/nginx-cors", "with the "
			"origin '*', ingress-nginx sent its CORS headers on "
			"requests without an Origin too (and answered their "
			"OPTIONS with 204); the CORS filter only answers "
			"requests with an Origin");
	else if (preflight && !acrm)
		replay_decision_known(d, "convert/nginx-cors", "ingress-nginx "
			"answered every OPTIONS with an allowed Origin with "
			"204 and its CORS headers; the CORS filter answers "
			"only preflights (with Access-Control-Request-Method), "
			"the other OPTIONS go to the backend");
	else if (preflight)
		replay_decision_known(d, "convert/nginx-cors", "ingress-nginx "
			"answered the preflight itself with 204, its lists as "
			"written and 'Access-Control-Allow-Origin: *' with "
			"the origin '*'; the CORS filter's answer (200 here) "
			"echoes the Origin and writes its own lists");
	else
		replay_decision_known(d, "convert/nginx-cors", "ingress-nginx "
			"sent Access-Control-Allow-Methods, -Allow-Headers and "
			"-Max-Age (and 'Access-Control-Allow-Origin: *' with "
			"the origin '*') on the responses of actual requests "
			"too; the CORS filter sends the lists on preflight "
			"answers only, and echoes the Origin");
	if (!preflight)
		return false;
	replay_decision_note(d, "CORS preflight answered with 204");
	ri_answer(d, 204);
	d->answered_by_gateway = true;
	return true;
}

/* ----- nginx variables ----- */

struct caps {
	const char *subject;
	PCRE2_SIZE *ov;
	int n;			/* pairs matched */
};

static void
add_var(struct strbuf *sb, struct ri_req *r, const char *name, size_t n)
{
	const struct replay_request *q = r->req;
	char hbuf[256];

#define IS(s) (n == sizeof(s) - 1 && !memcmp(name, s, n))
	if (IS("request_uri"))
		strbuf_adds(sb, r->request_uri);
	else if (IS("uri") || IS("document_uri"))
		strbuf_adds(sb, r->uri);
	else if (IS("host"))
		strbuf_adds(sb, r->host ? r->host : "");
	else if (IS("http_host"))
		strbuf_adds(sb, q->host ? q->host : "");
	else if (IS("best_http_host"))
		strbuf_adds(sb, q->host ? q->host : "");
	else if (IS("scheme") || IS("pass_access_scheme"))
		strbuf_adds(sb, r->https ? "https" : "http");
	else if (IS("args") || IS("query_string"))
		strbuf_adds(sb, q->query ? q->query : "");
	else if (IS("is_args"))
		strbuf_adds(sb, q->query ? "?" : "");
	else if (IS("server_port") || IS("pass_port")) {
		snprintf(hbuf, sizeof(hbuf), "%u", q->port);
		strbuf_adds(sb, hbuf);
	} else if (IS("request_method"))
		strbuf_adds(sb, q->method ? q->method : "GET");
	else {
		strbuf_addc(sb, '$');
		strbuf_add(sb, name, n);
	}
#undef IS
}

/* Expands $n captures and the common nginx variables of s. */
static const char *
expand(struct replay_decision *d, struct ri_req *r, const char *s,
	const struct caps *cp)
{
	struct strbuf sb = STRBUF_INIT;
	const char *res;

	if (!strchr(s, '$'))
		return s;
	for (const char *p = s; *p; p++) {
		if (*p != '$') {
			strbuf_addc(&sb, *p);
			continue;
		}
		if (p[1] >= '0' && p[1] <= '9') {
			int k = p[1] - '0';

			if (cp && k < cp->n && cp->ov[2 * k] !=
				PCRE2_UNSET)
				strbuf_add(&sb, cp->subject + cp->ov[2 * k],
					cp->ov[2 * k + 1] - cp->ov[2 * k]);
			p++;
			continue;
		}
		if (p[1] == '{') {
			const char *e = strchr(p + 2, '}');

			if (e) {
				add_var(&sb, r, p + 2, (size_t)(e - p - 2));
				p = e;
				continue;
			}
		}
		{
			size_t n = 0;

			while ((p[1 + n] >= 'a' && p[1 + n] <= 'z') ||
				p[1 + n] == '_' || (p[1 + n] >= '0' &&
				p[1 + n] <= '9'))
				n++;
			if (!n) {
				strbuf_addc(&sb, '$');
				continue;
			}
			add_var(&sb, r, p + 1, n);
			p += n;
		}
	}
	res = replay_decision_strndup(d, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return res;
}

/*
 * Whether a RequestRedirect can answer as permanent-/temporal-redirect
 * does: an http(s) URL without nginx variables, query or fragment, and a
 * code of 301, 302, 303, 307 or 308.
 */
static bool
redirect_expressible(const char *url, int code)
{
	return (!strncasecmp(url, "http://", 7) ||
		!strncasecmp(url, "https://", 8)) && !strpbrk(url, "$?#") &&
		(code == 301 || code == 302 || code == 303 || code == 307 ||
		code == 308);
}

/*
 * "return <code> <url>" (nginx.tmpl, the location's Redirect.URL): nginx
 * sends the URL as it is, without the request's query string (return
 * never appends $args; only rewrite does). Only 301, 302, 303, 307 and
 * 308 carry a Location (ngx_http_send_response); the other codes of
 * 300-308 answer with the URL as the body. A URL starting with '/' is
 * made absolute with the request's scheme and host, without a port
 * (absolute_redirect on, server_name_in_redirect and port_in_redirect
 * off); any other text is sent as it is, relative to the request for
 * the client.
 */
bool
ri_redirect(const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = &l->owner->conf;
	struct replay_decision *d = r->d;
	const char *url;
	int code;

	if (!c->redirect_url)
		return false;
	code = c->redirect_code;
	if (!redirect_expressible(c->redirect_url, code))
		replay_decision_known(d, "convert/nginx-redirect", "the "
			"redirect URL or code has no RequestRedirect "
			"equivalent");
	else if (r->req->query)
		replay_decision_known(d, "convert/nginx-redirect", "nginx's "
			"redirect ('return <code> <url>') dropped the query "
			"string of the request; a RequestRedirect keeps it");
	url = expand(d, r, c->redirect_url, NULL);
	if (url[0] == '/' && url[1] != '/' && !c->relative_redirects)
		url = replay_decision_printf(d, "%s://%s%s", r->https ?
			"https" : "http", r->host ? r->host : "", url);
	if (code != 301 && code != 302 && code != 303 && code != 307 &&
	    code != 308) {
		replay_decision_note(d, "return %d: the URL is the body, no "
			"Location", code);
		ri_answer(d, code);
		return true;
	}
	ri_answer_redirect(d, code, url);
	return true;
}

void
ri_rewrite(const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = &l->owner->conf;
	struct replay_decision *d = r->d;
	struct caps cp = { 0 };
	const char *target, *q;
	int rc;

	if (!l->rewrite_re)
		return;
	rc = ri_re_match(d, l->rewrite_re, r->uri, strlen(r->uri));
	if (rc < 0) {
		replay_decision_note(d, "rewrite: '(?i)%s' does not match "
			"'%s'", l->ing_path, r->uri);
		return;
	}
	cp.subject = r->uri;
	cp.ov = pcre2_get_ovector_pointer(d->regex_md);
	cp.n = rc ? rc : 10;
	target = expand(d, r, c->rewrite_target, &cp);
	for (const char *v = strchr(c->rewrite_target, '$'); v;
	     v = strchr(v + 1, '$'))
		if (v[1] && !(v[1] >= '0' && v[1] <= '9')) {
			replay_decision_known(d, "convert/nginx-rewrite", "the "
				"rewrite-target uses nginx variables, which no "
				"URLRewrite can");
			break;
		}
	q = strchr(target, '?');
	if (q) {
		size_t tl = strlen(target);
		bool drop = target[tl - 1] == '?';
		const char *nq = replay_decision_strndup(d, q + 1,
			tl - (size_t)(q - target) - 1 - (drop ? 1 : 0));

		d->upstream.path = replay_decision_strndup(d, target,
			(size_t)(q - target));
		if (!drop && r->req->query)
			d->upstream.query = *nq ? replay_decision_printf(d,
				"%s&%s", nq, r->req->query) : r->req->query;
		else
			d->upstream.query = *nq ? nq : NULL;
	} else {
		d->upstream.path = target;
		d->upstream.query = r->req->query;
	}
	replay_decision_note(d, "rewrite '(?i)%s' -> '%s': %s", l->ing_path,
		c->rewrite_target, d->upstream.path);
	if (!strncasecmp(d->upstream.path, "http://", 7) ||
		!strncasecmp(d->upstream.path, "https://", 8)) {
		const char *loc = d->upstream.query ? replay_decision_printf(d,
			"%s?%s", d->upstream.path, d->upstream.query) :
			d->upstream.path;

		/* nginx turns an absolute rewrite into a 302 */
		ri_answer_redirect(d, 302, loc);
		return;
	}
	if (c->x_forwarded_prefix)
		replay_decision_hdr_set(d, "X-Forwarded-Prefix",
			expand(d, r, c->x_forwarded_prefix, &cp));
}

/* uri ("/p/") is the location's own path with its trailing slash. */
static bool
slash_of_location(const struct ri_loc *l, const char *uri)
{
	const char *p = l->ing_path ? l->ing_path : l->path;
	size_t n = strlen(uri) - 1, pn = strlen(p);

	if (pn && p[pn - 1] == '/')
		pn--;
	return pn == n && !strncmp(p, uri, n);
}

bool
ri_ssl_redirect(const struct replay_ing *m, const struct ri_server *s,
	const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = l->owner ? &l->owner->conf : NULL;
	struct replay_decision *d = r->d;
	bool go;

	if (!c || r->https)
		return false;
	if (l->acme_exempt) {
		replay_decision_note(d, "location under %s: no SSL redirect",
			RI_ACME_PREFIX);
		return false;
	}
	go = c->force_ssl_redirect || (c->ssl_redirect && s->has_cert);
	if (!go)
		return false;
	replay_decision_note(d, "%s", c->force_ssl_redirect ?
		"force-ssl-redirect" : "ssl-redirect: the host has a "
		"certificate");
	if (!c->preserve_trailing_slash && r->request_uri[0] &&
	    r->request_uri[strlen(r->request_uri) - 1] == '/' &&
	    strlen(r->request_uri) > 1 && !slash_of_location(l,
	    r->request_uri))
		replay_decision_known(d, "convert/nginx-ssl-redirect",
			"the redirect dropped the last '/' of a path deeper "
			"than the Ingress path; a RequestRedirect keeps it");
	if (!s->has_cert)
		replay_decision_known(d, "convert/nginx-ssl-redirect",
			"force-ssl-redirect redirected to HTTPS a host without "
			"a certificate; the Gateway has no HTTPS listener to "
			"redirect to");
	ri_answer_redirect(d, m->redirect_code, replay_decision_printf(d,
		"https://%s%s%s", r->host ? r->host : "",
		c->use_port_in_redirects ? ":443" : "",
		strip_slash(d, r->request_uri, c->preserve_trailing_slash)));
	return true;
}
