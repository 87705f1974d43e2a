/*
 * The ingress-nginx routing model: one request through the model, in the order nginx
 * processes the configuration ingress-nginx writes: server, server rewrite
 * phase, location, location rewrite phase (denied, CORS, redirect,
 * rewrite-target, SSL redirect, canary), access phase (IP lists, basic
 * auth), body size, backend.
 */
#include "compat.h"

#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_int.h"
#include "replay/model_common.h"

enum { MAX_HOST = 256 };

static void
matched(struct replay_decision *d, const struct ri_loc *l)
{
	const struct ri_ing *ri = l->src;

	if (!ri)
		return;
	replay_matched_ingress(d, ri->ing, l->rule, l->match, l->file, l->line);
}

/*
 * X-Forwarded-For (nginx.tmpl, location block): with use-forwarded-headers
 * false (the default) the template sets "X-Forwarded-For $remote_addr",
 * replacing what the client sent, and passes the client's value as
 * X-Original-Forwarded-For ($http_x_forwarded_for, buildForwardedFor in
 * internal/ingress/controller/template/template.go). A Gateway
 * implementation (Envoy) appends the client address instead.
 */
static void
forwarded_for(struct ri_req *r)
{
	struct replay_decision *d = r->d;
	const char *ip = r->req->client_ip;
	const char *sent = replay_request_header(r->req, "x-forwarded-for");

	if (sent)
		replay_decision_hdr_set(d, "X-Original-Forwarded-For", sent);
	if (ip) {
		replay_decision_hdr_set(d, "X-Forwarded-For", ip);
	} else if (sent) {
		replay_decision_hdr_remove(d, "X-Forwarded-For");
		replay_decision_note(d, "X-Forwarded-For: the client's value "
			"is replaced by its address (unknown here)");
	}
}

static void
upstream_init(struct ri_req *r)
{
	struct replay_decision *d = r->d;
	const struct replay_request *q = r->req;

	d->upstream.method = q->method ? q->method : "GET";
	d->upstream.path = q->path ? q->path : "/";
	d->upstream.query = q->query;
	d->upstream.host = q->host;
	for (size_t i = 0; i < q->nheaders; i++) {
		/* underscores_in_headers off: such headers are dropped */
		if (strchr(q->headers[i].name, '_')) {
			replay_decision_hdr_remove(d, q->headers[i].name);
			r->underscores = true;
		} else {
			replay_decision_hdr_add(d, q->headers[i].name,
				q->headers[i].value);
		}
	}
	forwarded_for(r);
}

/*
 * Known differences of the server choice: HTTPS served with the
 * controller's default certificate, and a wildcard host that nginx
 * matches one label deep only.
 */
static void
known_server(const struct replay_ing *m, const struct ri_server *s,
	struct ri_req *r)
{
	if (r->https && !s->has_cert)
		replay_decision_known(r->d, "convert/nginx-default-"
			"certificate", "ingress-nginx answered HTTPS for a host "
			"without a certificate with its default one; the "
			"Gateway has HTTPS listeners only for the hosts of "
			"tls sections");
	if (s != m->def || !r->host || !m->wild.len)
		return;
	for (const char *p = strchr(r->host, '.'); p;
	     p = strchr(p + 1, '.'))
		if (p[1] && strchr(p + 1, '.') && strmap_get(&m->wild,
		    strchr(p + 1, '.') + 1)) {
			replay_decision_known(r->d, "convert/wildcard-depth",
				"an Ingress wildcard host matches one label, "
				"a Gateway API wildcard hostname one or more");
			return;
		}
}

/*
 * A rewrite that captures the rest of the path ("L(/|$)(.*)", "L/(.*)")
 * is a prefix replacement of L in Gateway API, on a case-sensitive
 * PathPrefix: known when nginx's case-insensitive regex (where '.' is any
 * character, and "L/(.*)" needs the '/') and that prefix disagree on the
 * request.
 */
static void
known_capture_prefix(const struct ri_server *s, const struct ri_loc *l,
	struct ri_req *r)
{
	if (!s->regex_mode || !r->uri)
		return;
	for (size_t i = 0; i < s->nlocs; i++) {
		const struct ri_loc *k = &s->locs[i];
		const char *u = r->uri;
		bool prefix;

		if (!k->rw_prefix)
			continue;
		prefix = !strncmp(u, k->rw_prefix, k->rw_plen) &&
			(!u[k->rw_plen] || u[k->rw_plen] == '/');
		if (prefix != (k == l)) {
			replay_decision_known(r->d, "convert/nginx-rewrite",
				"a regex path capturing the rest of the path "
				"for the rewrite-target becomes a case-"
				"sensitive PathPrefix; nginx matched it as a "
				"case-insensitive regex, where '.' is any "
				"character and '<prefix>/(.*)' needs the '/' "
				"after the prefix");
			return;
		}
	}
}

/*
 * A named host's request that only the default backend answers (404):
 * in Gateway API the routes without hostnames (the default server's
 * locations here) serve every host, so they may take it.
 */
static void
known_fallthrough(const struct replay_ing *m, struct replay_decision *d)
{
	const struct ri_server *def = m->def;

	for (size_t i = 0; def && i < def->nlocs; i++)
		if (!def->locs[i].default_404) {
			replay_decision_known(d, "convert/nginx-host-"
				"fallthrough", "ingress-nginx answered a path "
				"no Ingress of the host defines with the "
				"default backend; Gateway API routes without "
				"hostnames serve every host");
			return;
		}
}

/* A gRPC call: flagged, or sent with an application/grpc content type. */
static bool
is_grpc(const struct replay_request *req)
{
	const char *ct = replay_request_header(req, "content-type");

	return req->grpc || (ct && !strncasecmp(ct, "application/grpc", 16));
}

/* A check of the annotation key: no standard Gateway API equivalent. */
static void
known_access(struct replay_decision *d, const char *key)
{
	if (!strcmp(key, "client_max_body_size")) {
		replay_decision_known(d, RI_DEFAULTS_RULE, "ingress-nginx "
			"answered 413 for a request body above its default "
			"limit (client_max_body_size 1m; proxy-body-size not "
			"set); Gateway API sets no limit and leaves it to the "
			"implementation");
		return;
	}
	if (!strcmp(key, "proxy-body-size")) {
		replay_decision_known(d, "convert/nginx-not-converted", "the "
			"body size limit (proxy-body-size) has no standard "
			"Gateway API equivalent");
		return;
	}
	/* a conversion that cannot keep an access check closes the path */
	replay_decision_known(d, "convert/access-control", !strcmp(key,
		"auth-type") ? "basic/digest authentication (auth-type) has "
		"no standard Gateway API equivalent: the conversion closes "
		"the path (500)" : !strcmp(key, "auth-url") ? "external "
		"authentication (auth-url) has no standard Gateway API "
		"equivalent: the conversion closes the path (500)" : "source "
		"address ranges (whitelist-/denylist-source-range) have no "
		"standard Gateway API equivalent: the conversion closes the "
		"path (500)");
}

/* Access phase; true when the request got its answer. */
static bool
access_phase(const struct ri_conf *c, struct ri_req *r)
{
	struct replay_decision *d = r->d;
	const char *ip = r->req->client_ip;

	if (c->ndeny || c->nallow) {
		known_access(d, "whitelist-source-range");
		if (!ip) {
			replay_decision_note(d, "client address unknown: "
				"source ranges not checked");
		} else if (c->ndeny && ri_cidr_contains(c->deny, c->ndeny,
			ip)) {
			replay_decision_note(d, "%s is in "
				"denylist-source-range", ip);
			known_access(d, "denylist-source-range");
			ri_answer(d, 403);
			return true;
		} else if (c->nallow && !ri_cidr_contains(c->allow, c->nallow,
			ip)) {
			replay_decision_note(d, "%s is not in "
				"whitelist-source-range", ip);
			known_access(d, "whitelist-source-range");
			ri_answer(d, 403);
			return true;
		}
	}
	if (c->limits)
		replay_decision_note(d, "rate limits not modelled (one "
			"request stays under them)");
	if (c->auth_url) {
		known_access(d, "auth-url");
		replay_decision_note(d, "auth-url not called: assumed to "
			"allow the request");
	}
	if (c->basic_auth) {
		known_access(d, "auth-type");
		if (!replay_request_header(r->req, "authorization")) {
			replay_decision_note(d, "basic/digest auth: no "
				"credentials");
			ri_answer(d, 401);
			return true;
		}
		replay_decision_note(d, "basic/digest auth: credentials not "
			"checked, assumed valid");
		replay_decision_hdr_remove(d, "Authorization");
	}
	if (c->body_size > 0) {
		const char *cl = replay_request_header(r->req,
			"content-length");
		char *end = NULL;
		long long n = cl ? strtoll(cl, &end, 10) : 0;

		if (cl && end && !*end && n > c->body_size) {
			replay_decision_note(d, "Content-Length %lld above "
				"proxy-body-size %lld", n, c->body_size);
			known_access(d, c->body_size_set ? "proxy-body-size" :
				"client_max_body_size");
			ri_answer(d, 413);
			return true;
		}
	}
	return false;
}

static void
add_backend(struct replay_decision *d, const struct ri_backend *b,
	double w)
{
	struct replay_backend rb = {
		.namespace = b->ns,
		.name = b->name,
		.port = b->port,
		.weight = w,
	};

	if (w > 0)
		replay_decision_add_backend(d, &rb);
}

/* The location's own backend, or the default-backend annotation. */
static bool
backend_phase(const struct replay_ing *m, const struct ri_loc *l,
	struct ri_req *r)
{
	struct replay_decision *d = r->d;
	const struct ri_conf *c = l->owner ? &l->owner->conf : NULL;
	double share = 0;

	if (l->default_404) {
		replay_decision_note(d, "default backend: 404");
		ri_answer(d, 404);
		return true;
	}
	if (!l->be.exists) {
		const struct ing_service *alt = c && c->default_backend ?
			ing_world_service(&m->world, l->src->ing->ns,
			c->default_backend) : NULL;

		if (alt || (c && c->default_backend && m->assume_services)) {
			struct ri_backend b = {
				.ns = l->src->ing->ns,
				.name = c->default_backend,
				.port = alt && alt->nports ?
					alt->ports[0].port : -1,
			};

			replay_decision_note(d, "Service %s/%s has no "
				"endpoints: default-backend %s", l->be.ns,
				l->be.name, c->default_backend);
			add_backend(d, &b, 1);
			return false;
		}
		replay_decision_note(d, "Service %s/%s is not in the input: "
			"no endpoints, 503", l->be.ns, l->be.name);
		if (l->be.port_name)
			replay_decision_known(d, "convert/unresolved-port-"
				"name", "ingress-nginx answered 503 for a "
				"Service the input lacks; the conversion left "
				"out the backend, whose port it names");
		else
			replay_decision_known(d, "convert/nginx-missing-"
				"service", "ingress-nginx answered 503 for a "
				"Service the input lacks (no endpoints); a "
				"Gateway answers 500 for a backendRef to a "
				"missing Service");
		ri_answer(d, 503);
		return true;
	}
	if (l->canary)
		share = ri_canary_share(l->canary, r);
	add_backend(d, &l->be, 1 - share);
	if (l->canary)
		add_backend(d, &l->canary->be, share);
	return false;
}

/*
 * ssl-passthrough: with --enable-ssl-passthrough the controller's TCP
 * proxy on 443 sends a TLS connection whose SNI names a passthrough host,
 * undecrypted, to the Service of the host's root location (unless that is
 * the default backend); nginx never sees the request. True when the
 * request went that way.
 */
static bool
passthrough(const struct replay_ing *m, const struct ri_req *r)
{
	struct replay_decision *d = r->d;
	const struct replay_request *q = r->req;
	char buf[MAX_HOST];
	const char *sni = ri_host_norm(q->sni ? q->sni : q->host, buf,
		sizeof(buf));
	void *v = sni ? strmap_get(&m->exact, sni) : NULL;
	const struct ri_server *s = v;
	const struct ri_loc *root = NULL;

	if (!r->https || !s || !s->passthrough || s == m->def ||
	    s->www_target || strcmp(s->host, sni))
		return false;
	for (size_t i = 0; i < s->nlocs && !root; i++)
		if (s->locs[i].kind == RI_LOC_PREFIX &&
		    !strcmp(s->locs[i].path, "/"))
			root = &s->locs[i];
	if (!root || root->default_404 || !root->be.exists) {
		replay_decision_note(d, "ssl-passthrough host '%s' has no "
			"Service of its own at '/': not passed through",
			s->host);
		return false;
	}
	replay_decision_note(d, "ssl-passthrough: TLS for '%s' goes, not "
		"decrypted, to the Service of location '/'", s->host);
	matched(d, root);
	d->upstream.method = q->method ? q->method : "GET";
	d->upstream.path = q->path && *q->path ? q->path : "/";
	d->upstream.query = q->query;
	d->upstream.host = q->host;
	for (size_t i = 0; i < q->nheaders; i++)
		replay_decision_hdr_add(d, q->headers[i].name,
			q->headers[i].value);
	add_backend(d, &root->be, 1);
	d->status = 200;
	return true;
}

int
replay_ing_route(const struct replay_ing *m,
	const struct replay_request *req, struct replay_decision *d)
{
	struct ri_req r = { 0 };
	char hbuf[MAX_HOST];
	const struct ri_server *s;
	const struct ri_loc *l, *slash = NULL;
	const struct ri_conf *c;
	const char *path;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	r.req = req;
	r.d = d;
	r.https = req->scheme && !strcasecmp(req->scheme, "https");
	r.host = ri_host_norm(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	path = req->path && *req->path ? req->path : "/";
	r.request_uri = req->query ? replay_decision_printf(d, "%s?%s", path,
		req->query) : path;
	d->status = 404;

	if (passthrough(m, &r))
		return 0;
	s = ri_server_find(m, r.host);
	replay_decision_note(d, "server '%s'%s", s->host, s->regex_mode ?
		" (regex mode)" : "");
	known_server(m, s, &r);
	r.uri = ri_uri_norm(d, path);
	if (!r.uri) {
		replay_decision_note(d, "'%s' climbs above the root: 400",
			path);
		replay_decision_known(d, RI_DEFAULTS_RULE, "nginx answered 400 "
			"for a path whose '..' climbs above the root; Gateway "
			"API leaves path normalisation to the implementation");
		ri_answer(d, 400);
		return 0;
	}
	if (strcmp(r.uri, path))
		replay_decision_known(d, RI_DEFAULTS_RULE, "nginx matched the "
			"path after percent-decoding it, resolving '.' and "
			"'..' and merging '//' ($uri, merge_slashes on); "
			"Gateway API matches the path as sent, and leaves its "
			"normalisation to the implementation");
	if (ri_server_phase(m, s, &r))
		return 0;
	l = ri_loc_find(s, r.uri, d, &slash);
	known_capture_prefix(s, l, &r);
	if (slash) {
		matched(d, slash);
		replay_decision_note(d, "location '%s' needs the trailing "
			"slash: nginx answers 301", slash->path);
		ri_answer_redirect(d, 301, replay_decision_printf(d,
			"%s://%s%s%s%s", r.https ? "https" : "http",
			r.host ? r.host : "", slash->path,
			req->query ? "?" : "", req->query ? req->query : ""));
		return 0;
	}
	if (s != m->def && (!l || l->default_404))
		known_fallthrough(m, d);
	if (!l) {
		replay_decision_note(d, "no location matches: 404");
		return 0;
	}
	matched(d, l);
	replay_decision_note(d, "location %s%s%s", s->regex_mode ? "~* ^" :
		l->kind == RI_LOC_EXACT ? "= " : "", l->path,
		l->placeholder ? " (the host's root location)" : "");
	upstream_init(&r);
	c = l->owner ? &l->owner->conf : NULL;
	if (c && c->denied) {
		replay_decision_note(d, "location denied (%s): 503",
			c->deny_reason ? c->deny_reason : "annotation");
		replay_decision_known(d, "convert/nginx-denied", "ingress-"
			"nginx denied the location (503) for an annotation it "
			"could not apply; its rules are not converted");
		ri_answer(d, 503);
		return 0;
	}
	if (c && c->cors && ri_cors(l, &r))
		return 0;
	if (c && ri_redirect(l, &r))
		return 0;
	if (c) {
		ri_rewrite(l, &r);
		if (d->redirect)
			return 0;
	}
	if (ri_ssl_redirect(m, s, l, &r))
		return 0;
	if (c && access_phase(c, &r))
		return 0;
	if (c && c->grpc && !is_grpc(req))
		replay_decision_known(d, "convert/nginx-grpc", "ingress-nginx "
			"passed any request of a gRPC location to the backend "
			"(grpc_pass); a GRPCRoute matches gRPC requests only");
	if (backend_phase(m, l, &r))
		return 0;
	if (c && c->upstream_vhost)
		d->upstream.host = c->upstream_vhost;
	if (c)
		for (size_t i = 0; i < c->ncustom_headers; i++)
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				c->custom_headers[2 * i],
				c->custom_headers[2 * i + 1]);
	/*
	 * Every HTTPS response while the ConfigMap's hsts is on: the
	 * controller's lua_ingress.lua header() tests the function
	 * certificate_configured_for_current_request without calling it,
	 * so hosts served with the default certificate get HSTS too.
	 */
	if (r.https && m->hsts) {
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Strict-Transport-Security", RI_HSTS);
		if (c && !c->ssl_redirect && !c->force_ssl_redirect)
			replay_decision_known(d, "convert/nginx-hsts", "HSTS "
				"on the HTTPS responses of a host whose routes "
				"also serve HTTP (no redirect) is not set");
	}
	/* the request went to the backend: what the defaults changed */
	if (r.underscores)
		replay_decision_known(d, RI_DEFAULTS_RULE, "ingress-nginx "
			"dropped request headers whose names have '_' "
			"(underscores_in_headers off); Gateway API leaves them "
			"to the implementation, which may pass them");
	if (replay_request_header(req, "x-forwarded-for"))
		replay_decision_known(d, RI_DEFAULTS_RULE, "ingress-nginx "
			"replaced the client's X-Forwarded-For with the client "
			"address (use-forwarded-headers false) and passed the "
			"client's value as X-Original-Forwarded-For; Gateway "
			"API implementations append the client address to it");
	d->status = 200;
	return 0;
}
