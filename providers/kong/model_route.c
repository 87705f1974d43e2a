/*
 * The Kong model: one request through Kong Gateway's proxy (80 plain, 443
 * TLS), its path normalized as Kong does before routing (percent-escapes
 * of unreserved characters decoded, dot segments removed), the routes in
 * priority order (the first that matches answers), the protocols check
 * of the runloop (426 or a redirect for plain HTTP on HTTPS-only routes),
 * and the request the upstream gets (strip_path, the service's path,
 * preserve_host, host_header). Each decision names what Gateway API
 * cannot do the same (replay_decision_known), by the convert diagnostic
 * that says it.
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

/* Percent-escapes of unreserved characters decoded, then the dot
 * segments removed (RFC 3986 5.2.4). */
static const char *
normalize(struct replay_decision *d, const char *path)
{
	size_t n = strlen(path), o = 0;
	char *out = replay_decision_alloc(d, n + 2);
	const char *p = replay_path_unreserved(d, path);

	while (*p) {
		const char *seg = p + (*p == '/');
		size_t len = strcspn(seg, "/");
		bool last = !seg[len];

		if (len == 1 && seg[0] == '.') {
			p = seg + len;
			if (last)
				out[o++] = '/';
			continue;
		}
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			p = seg + len;
			if (last)
				out[o++] = '/';
			continue;
		}
		if (*p == '/')
			out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
		p = seg + len;
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

static bool
host_match(const struct km_route *r, const char *host)
{
	if (!r->nhosts)
		return true;
	if (!host)
		return false;
	for (size_t i = 0; i < r->nhosts; i++) {
		const char *h = r->hosts[i];
		size_t hl = strlen(h), n = strlen(host);

		if (!strncmp(h, "*.", 2)) {
			if (n > hl - 1 && !strcmp(host + n - (hl - 1), h + 1))
				return true;
		} else if (hl > 2 && !strcmp(h + hl - 2, ".*")) {
			if (n > hl - 1 && !strncmp(host, h, hl - 1))
				return true;
		} else if (!strcmp(h, host))
			return true;
	}
	return false;
}

static bool
headers_match(const struct km_route *r, const struct replay_request *req)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		const struct km_header *h = &r->headers[i];
		bool ok = false;

		for (size_t j = 0; j < req->nheaders && !ok; j++) {
			if (strcasecmp(req->headers[j].name, h->name))
				continue;
			for (size_t v = 0; v < h->nvalues && !ok; v++)
				ok = !strcasecmp(req->headers[j].value,
					h->values[v]);
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool
list_has(const char *const *l, size_t n, const char *s, bool fold)
{
	for (size_t i = 0; i < n; i++)
		if (fold ? !strcasecmp(l[i], s) : !strcmp(l[i], s))
			return true;
	return false;
}

/* The first path of r that matches, and what it matched (its length). */
static const struct km_path *
path_match(struct replay_decision *d, const struct km_route *r,
	const char *path, size_t *mlen)
{
	for (size_t i = 0; i < r->npaths; i++) {
		const struct km_path *p = &r->paths[i];

		if (!p->regex) {
			size_t n = strlen(p->text);

			if (!strncmp(path, p->text, n)) {
				*mlen = n;
				return p;
			}
			continue;
		}
		if (!p->re)
			continue;
		if (!d->regex_md)
			d->regex_md = pcre2_match_data_create(10, NULL);
		{
			int rc = pcre2_match(p->re, (PCRE2_SPTR)path,
				strlen(path), 0, 0, d->regex_md, NULL);

			if (rc >= 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(
					d->regex_md);

				*mlen = ov[1];
				return p;
			}
			if (rc != PCRE2_ERROR_NOMATCH)
				replay_decision_regex_failed(d, rc, path,
					strlen(path));
		}
	}
	return NULL;
}

static bool
has_cert(const struct replay_kong *m, const char *host)
{
	const char *dot = host ? strchr(host, '.') : NULL;

	for (size_t i = 0; host && i < m->ncerts; i++)
		if (!strcmp(m->certs[i], host) || (dot &&
		    !strncmp(m->certs[i], "*.", 2) && !strcmp(m->certs[i] + 1,
		    dot)))
			return true;
	return false;
}

static void
matched(struct replay_decision *d, const struct km_route *r,
	const struct km_path *p)
{
	replay_matched_ingress(d, r->ing, p->rule_idx, p->path_idx, p->file,
		p->line);
}

/* Whether the route's match is one Gateway API makes differently. */
static void
path_known(struct replay_decision *d, const struct km_route *r,
	const struct km_path *p, const char *path)
{
	size_t n = strlen(p->text);

	if (p->regex) {
		bool generated = n > 2 && p->text[n - 1] == '$' &&
			p->rule_idx >= 0;

		if (!generated || strpbrk(p->text + 1, ".*+?()[]{}|^\\"))
			replay_decision_known(d, "convert/kong-path-regex",
				"Kong matched a regular expression path, "
				"anchored at the start only; the conversion's "
				"match is implementation-specific or literal");
		return;
	}
	if (n > 1 && (p->text[n - 1] != '/' || path[n - 1] != '/'))
		replay_decision_known(d, "convert/kong-prefix", "Kong's plain "
			"paths match by characters, Gateway API's PathPrefix "
			"by whole segments");
	(void)r;
}

/* The combinations of the values of the second and later headers.* keys
 * (a Gateway API rule holds a bounded number of matches). */
static size_t
header_combinations(const struct km_route *r)
{
	size_t n = 1;

	for (size_t i = 1; i < r->nheaders && n <= 16; i++)
		n *= r->headers[i].nvalues ? r->headers[i].nvalues : 17;
	return r->nheaders > 1 ? n : 0;
}

static const char *
upstream_path(struct replay_decision *d, const struct km_route *r,
	const char *path, size_t mlen)
{
	const char *rest = r->strip_path ? path + mlen : path;
	const char *base = r->svc_path;
	size_t bl = strlen(base);

	if (r->rewrite)
		return r->rewrite;
	if (!*rest)
		return base;
	if (!strcmp(base, "/"))
		return rest[0] == '/' ? rest : replay_decision_printf(d, "/%s",
			rest);
	if (!strcmp(r->path_handling, "v1"))
		return replay_decision_printf(d, "%s%s", base, rest);
	/* v0: one '/' between */
	if (base[bl - 1] == '/' && rest[0] == '/')
		return replay_decision_printf(d, "%.*s%s", (int)(bl - 1), base,
			rest);
	if (base[bl - 1] != '/' && rest[0] != '/')
		return replay_decision_printf(d, "%s/%s", base, rest);
	return replay_decision_printf(d, "%s%s", base, rest);
}

int
replay_kong_route(const struct replay_kong *m,
	const struct replay_request *req, struct replay_decision *d)
{
	char hbuf[MAX_HOST];
	const char *host, *path, *sni;
	const struct km_route *r = NULL;
	const struct km_path *p = NULL;
	size_t mlen = 0, i;
	bool secure;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "Kong's proxy takes %s on port %u only",
			secure ? "HTTPS" : "HTTP", secure ? 443u : 80u);
		return 0;
	}
	host = replay_host_name(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	path = normalize(d, req->path && *req->path ? req->path : "/");
	sni = req->sni ? req->sni : host;
	replay_decision_note(d, "host '%s', normalized path '%s'", host ?
		host : "", path);
	for (i = 0; i < m->nroutes; i++) {
		const struct km_route *c = &m->routes[i];

		if (!host_match(c, host) || !headers_match(c, req))
			continue;
		if (c->nmethods && !list_has(c->methods, c->nmethods,
		    req->method ? req->method : "GET", false))
			continue;
		if (c->nsnis && secure && (!sni || !list_has(c->snis, c->nsnis,
		    sni, true)))
			continue;
		if ((p = path_match(d, c, path, &mlen))) {
			r = c;
			break;
		}
	}
	if (!r) {
		replay_decision_note(d, "no Kong route matches: 404");
		return 0;
	}
	/* another route of the same priority that matches too */
	for (size_t j = i + 1; j < m->nroutes && m->routes[j].priority ==
	     r->priority; j++) {
		const struct km_route *c = &m->routes[j];
		size_t l2;

		if (host_match(c, host) && headers_match(c, req) &&
		    path_match(d, c, path, &l2) && (strcmp(c->service,
		    r->service) || c->port != r->port)) {
			replay_decision_known(d, "convert/kong-priority", "two "
				"Kong routes of the same priority match: Kong "
				"picks either");
			break;
		}
	}
	if (r->nhosts > 0 || r->nheaders || r->regex || r->nmethods)
		for (size_t j = i + 1; j < m->nroutes; j++) {
			const struct km_route *c = &m->routes[j];
			size_t l2;

			if (c->priority == r->priority)
				continue;
			if (host_match(c, host) && headers_match(c, req) &&
			    path_match(d, c, path, &l2) && (strcmp(c->service,
			    r->service) || c->port != r->port) &&
			    (r->regex || (!c->regex && l2 > mlen))) {
				replay_decision_known(d, "convert/kong-"
					"priority", "Kong ranks routes by their "
					"number of fields, hosts, headers, regex "
					"and regex_priority before the path "
					"length; Gateway API by hostname, path "
					"type and length");
				break;
			}
		}
	matched(d, r, p);
	path_known(d, r, p, path);
	replay_decision_note(d, "Kong route %s, path '%s', priority %#llx",
		r->name, p->text, (unsigned long long)r->priority);
	if (r->nsnis)
		replay_decision_known(d, "convert/kong-not-converted", "the "
			"Kong route matches only some TLS server names");
	if (header_combinations(r) > 16)
		replay_decision_known(d, "convert/kong-not-converted", "the "
			"Kong route matches every konghq.com/headers.* key; "
			"their values make too many combinations for the "
			"conversion's matches, which take one");
	if (!secure && !r->http) {
		if (r->redirect_code == 426) {
			replay_decision_note(d, "the route takes HTTPS only: "
				"426 Upgrade Required");
			replay_decision_known(d, "convert/kong-https-redirect",
				"Kong answers plain HTTP on an HTTPS-only route "
				"with 426; the Gateway has no such route on "
				"HTTP");
			d->status = 426;
			return 0;
		}
		d->status = r->redirect_code;
		d->redirect = replay_decision_printf(d, "https://%s%s%s%s",
			req->host ? req->host : "", req->path ? req->path : "/",
			req->query ? "?" : "", req->query ? req->query : "");
		replay_decision_note(d, "the route takes HTTPS only: %d to %s",
			d->status, d->redirect);
		return 0;
	}
	if (secure && !has_cert(m, host)) {
		replay_decision_note(d, "no tls section has a certificate for "
			"'%s': Kong's default certificate", host ? host : "");
		if (r->http)
			replay_decision_known(d, "convert/kong-default-"
				"certificate", "Kong answered HTTPS with its "
				"default certificate for a host that no tls "
				"section names; the Gateway has HTTPS listeners "
				"only for the hosts of tls sections");
		else
			replay_decision_known(d, "convert/kong-https-only",
				"Kong answered HTTPS with its default "
				"certificate for an HTTPS-only route; without a "
				"certificate in a tls section the conversion "
				"leaves its paths out");
	}
	if (r->plugins) {
		replay_decision_note(d, "KongPlugins of the route or service "
			"are not modelled");
		replay_decision_known(d, r->access_plugins ?
			"convert/access-control" : "convert/kong-plugin",
			"Kong ran the KongPlugins of the route, which the "
			"conversion does not carry over");
	}
	if (r->port < 0)
		replay_decision_known(d, "convert/unresolved-port-name", "KIC "
			"resolved the Service port by its name; the input lacks "
			"the Service");
	replay_upstream(d, req, upstream_path(d, r, path, mlen));
	if (r->rewrite)
		replay_decision_note(d, "konghq.com/rewrite: upstream path "
			"'%s'", r->rewrite);
	if (r->regex && (r->strip_path || strcmp(r->svc_path, "/")))
		replay_decision_known(d, "convert/kong-strip-path", "Kong "
			"stripped or prefixed the path of a regex match");
	if (strcmp(path, req->path && *req->path ? req->path : "/"))
		replay_decision_known(d, "convert/kong-prefix", "Kong "
			"normalized the request path before routing and "
			"proxying it");
	if (r->host_header)
		d->upstream.host = r->host_header;
	else if (!r->preserve_host) {
		d->upstream.host = replay_decision_printf(d, "%s.%s.%ld.svc",
			r->service, r->ns, r->port);
		replay_decision_note(d, "preserve-host false: Host is the Kong "
			"service's host");
		replay_decision_known(d, "convert/kong-preserve-host", "Kong "
			"sent the upstream the service's host; Gateway API keeps "
			"the client's");
	}
	if (r->backend_tls)
		replay_decision_known(d, "convert/kong-backend-protocol", "Kong "
			"spoke TLS to the upstream");
	replay_one_backend(d, r->ns, r->service, r->port);
	d->status = 200;
	return 0;
}
