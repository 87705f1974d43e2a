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
	d->has_matched = true;
	d->matched.kind = "Ingress";
	d->matched.namespace = ri->ing->ns;
	d->matched.name = ri->ing->name;
	d->matched.rule = rule;
	d->matched.match = match;
	if (file) {
		d->matched.file = file;
		d->matched.line = line;
	} else {
		d->matched.file = NULL;
		d->matched.line = 0;
	}
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
			/* "scheme://" "*.rest": one label before ".rest" */
			size_t sl = (size_t)(w - a) + 3;
			const char *rest = w + 4;	/* ".rest" */
			size_t rl = strlen(rest);
			const char *lab;

			if (ol <= sl + rl || strncasecmp(origin, a, sl) ||
				strcasecmp(origin + ol - rl, rest))
				continue;
			for (lab = origin + sl; lab < origin + ol - rl; lab++)
				if (*lab == '.' || *lab == '/' || *lab == ':')
					break;
			if (lab == origin + ol - rl)
				return true;
			continue;
		}
		/* the controller's regex is anchored at the end only */
		if (ol >= al && !strcasecmp(origin + ol - al, a))
			return true;
	}
	return false;
}

bool
ri_cors(const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = &l->owner->conf;
	struct replay_decision *d = r->d;
	const char *origin = replay_request_header(r->req, "origin");
	bool star, preflight = r->req->method &&
		!strcmp(r->req->method, "OPTIONS");

	if (!origin_allowed(c, origin, &star)) {
		replay_decision_note(d, "CORS: origin '%s' not allowed",
			origin ? origin : "(none)");
		return false;
	}
	replay_decision_add_resp(d, REPLAY_HDR_SET,
		"Access-Control-Allow-Origin", star ? "*" : origin);
	if (star || !origin)
		replay_decision_known(d, "convert/nginx-cors", "ingress-nginx "
			"sent its CORS headers without an Origin, and "
			"'Access-Control-Allow-Origin: *' with credentials; the "
			"CORS filter answers a matching Origin only, echoing "
			"it");
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

bool
ri_redirect(const struct ri_loc *l, struct ri_req *r)
{
	const struct ri_conf *c = &l->owner->conf;

	if (!c->redirect_url)
		return false;
	if (!redirect_expressible(c->redirect_url, c->redirect_code))
		replay_decision_known(r->d, "convert/nginx-redirect", "the "
			"redirect URL or code has no RequestRedirect "
			"equivalent");
	ri_answer_redirect(r->d, c->redirect_code, expand(r->d, r,
		c->redirect_url, NULL));
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
