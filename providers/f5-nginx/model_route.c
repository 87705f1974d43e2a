/*
 * The F5 NGINX model: one request through nginx. The server of its Host
 * (an exact name, else the longest wildcard), the server's redirects, the
 * location nginx's search picks on the normalized URI, and what the
 * location does to the request. Each decision names what Gateway API
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

/*
 * nginx's URI (ngx_http_parse_complex_uri): percent-escapes decoded,
 * '//' merged (merge_slashes on), '.' and '..' segments resolved.
 */
static const char *
normalize(struct replay_decision *d, const char *path)
{
	size_t n = strlen(path), o = 0;
	char *dec = replay_decision_alloc(d, n + 1);
	char *out = replay_decision_alloc(d, n + 2);
	const char *p;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (path[i] == '%' && i + 2 < n &&
		    (hi = replay_hex_digit(path[i + 1])) >= 0 &&
		    (lo = replay_hex_digit(path[i + 2])) >= 0) {
			dec[o++] = (char)(hi * 16 + lo);
			i += 2;
			continue;
		}
		dec[o++] = path[i];
	}
	dec[o] = '\0';
	o = 0;
	p = dec;
	while (*p) {
		const char *seg;
		size_t len;

		while (*p == '/')
			p++;
		seg = p;
		len = strcspn(p, "/");
		p += len;
		if (!len)
			continue;
		if (len == 1 && seg[0] == '.') {
			if (!*p)
				out[o++] = '/';
			continue;
		}
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (!*p)
				out[o++] = '/';
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
		if (*p == '/' && !p[strspn(p, "/")])
			out[o++] = '/';
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

static const struct fm_server *
server_for(const struct replay_f5 *m, const char *host)
{
	const struct fm_server *best = NULL;
	size_t bl = 0;

	if (!host)
		return NULL;
	for (size_t i = 0; i < m->nservers; i++)
		if (!strcmp(m->servers[i].host, host))
			return &m->servers[i];
	for (size_t i = 0; i < m->nservers; i++) {
		const char *h = m->servers[i].host;
		size_t hl = strlen(h), nl = strlen(host);

		if (h[0] != '*' || h[1] != '.' || nl <= hl - 1)
			continue;
		if (!strcmp(host + nl - (hl - 1), h + 1) && hl > bl) {
			best = &m->servers[i];
			bl = hl;
		}
	}
	return best;
}

static bool
regex_match(struct replay_decision *d, const struct fm_loc *l,
	const char *uri)
{
	pcre2_match_data *md;
	int rc;

	if (!l->re)
		return false;
	md = pcre2_match_data_create_from_pattern(l->re, NULL);
	rc = pcre2_match(l->re, (PCRE2_SPTR)uri, strlen(uri), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		replay_decision_regex_failed(d, rc, uri, strlen(uri));
	return rc >= 0;
}

/* nginx's location search. */
static const struct fm_loc *
find_location(struct replay_decision *d, const struct fm_server *sv,
	const char *uri, bool *regex_present)
{
	const struct fm_loc *prefix = NULL;
	size_t best = 0;

	*regex_present = false;
	for (size_t i = 0; i < sv->nlocs; i++)
		if (sv->locs[i].kind == FM_EXACT &&
		    !strcmp(sv->locs[i].path, uri))
			return &sv->locs[i];
	for (size_t i = 0; i < sv->nlocs; i++) {
		const struct fm_loc *l = &sv->locs[i];
		size_t n = strlen(l->path);

		if (l->kind == FM_PREFIX && n > best && !strncmp(uri, l->path,
		    n)) {
			prefix = l;
			best = n;
		}
	}
	for (size_t i = 0; i < sv->nlocs; i++) {
		const struct fm_loc *l = &sv->locs[i];

		if (l->kind != FM_REGEX)
			continue;
		*regex_present = true;
		if (regex_match(d, l, uri))
			return l;
	}
	return prefix;
}

/* Whether the character match of nginx and the segment match of Gateway
 * API part on this URI: a prefix location that matched in the middle of
 * a segment, or one ending in '/' that its bare path misses. */
static bool
prefix_differs(const struct fm_server *sv, const char *uri)
{
	size_t un = strlen(uri);

	for (size_t i = 0; i < sv->nlocs; i++) {
		const struct fm_loc *l = &sv->locs[i];
		size_t n = strlen(l->path);

		if (l->kind != FM_PREFIX || n <= 1)
			continue;
		if (l->path[n - 1] == '/') {
			if (un == n - 1 && !strncmp(uri, l->path, n - 1))
				return true;
		} else if (un > n && !strncmp(uri, l->path, n) &&
		    uri[n] != '/') {
			return true;
		}
	}
	return false;
}

static void
matched(struct replay_decision *d, const struct fm_loc *l)
{
	replay_matched_ingress(d, l->ing, l->rule_idx, l->path_idx, l->file,
		l->line);
}

static void
redirect(struct replay_decision *d, int code, const char *location)
{
	d->status = code;
	d->redirect = location;
}

int
replay_f5_route(const struct replay_f5 *m, const struct replay_request *req,
	struct replay_decision *d)
{
	char hbuf[MAX_HOST];
	const char *host, *raw, *uri, *q;
	const struct fm_server *sv;
	const struct fm_loc *l;
	const struct prov_f5_settings *ss;
	bool secure, regex_present;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "F5 NGINX listens for %s on port %u "
			"only", secure ? "HTTPS" : "HTTP", secure ? 443u : 80u);
		return 0;
	}
	host = replay_host_name(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	raw = req->path && *req->path ? req->path : "/";
	q = req->query;
	sv = server_for(m, host);
	if (!sv) {
		replay_decision_note(d, "no server has name '%s': the default "
			"server answers 404", host ? host : "");
		return 0;
	}
	ss = sv->s;
	if (secure && !sv->tls) {
		replay_decision_note(d, "server '%s' has no certificate: the "
			"default server refuses the TLS handshake", sv->host);
		return 0;
	}
	if (!secure && sv->tls && ss->ssl_redirect) {
		replay_decision_note(d, "server '%s' has TLS: HTTP is "
			"redirected (nginx.org/ssl-redirect)", sv->host);
		replay_decision_known(d, "convert/f5-nginx-ssl-redirect",
			"F5 NGINX writes the port ':443' into the Location of "
			"its HTTPS redirect; a Gateway may leave it out");
		redirect(d, (int)ss->redirect_code, replay_decision_printf(d,
			"https://%s:443%s%s%s", host, raw, q ? "?" : "",
			q ? q : ""));
		return 0;
	}
	if (!secure && ss->redirect_to_https) {
		const char *xfp = replay_request_header(req,
			"X-Forwarded-Proto");

		if (xfp && !strcmp(xfp, "http")) {
			replay_decision_known(d, "convert/f5-nginx-ssl-"
				"redirect", "F5 NGINX redirected a request "
				"whose X-Forwarded-Proto is 'http' "
				"(nginx.org/redirect-to-https)");
			redirect(d, (int)ss->redirect_code,
				replay_decision_printf(d, "https://%s%s%s%s",
				host, raw, q ? "?" : "", q ? q : ""));
			return 0;
		}
	}
	uri = normalize(d, raw);
	if (ss->app_root && !strcmp(uri, "/")) {
		replay_decision_note(d, "nginx.org/app-root: '/' is "
			"redirected");
		redirect(d, 302, replay_decision_printf(d, "%s://%s%s",
			secure ? "https" : "http", req->host ? req->host :
			host, ss->app_root));
		return 0;
	}
	replay_decision_note(d, "server '%s', URI '%s'", sv->host, uri);
	l = find_location(d, sv, uri, &regex_present);
	if (regex_present)
		replay_decision_known(d, "convert/f5-nginx-path-regex", "nginx "
			"tries regex locations in order after the longest "
			"prefix; Gateway API ranks matches by type and length");
	if (prefix_differs(sv, uri))
		replay_decision_known(d, "convert/f5-nginx-prefix", "nginx's "
			"prefix locations compare characters, Gateway API's "
			"PathPrefix whole segments");
	if (!l) {
		replay_decision_note(d, "no location matches: 404");
		return 0;
	}
	matched(d, l);
	replay_decision_note(d, "location %s%s%s", l->kind == FM_EXACT ?
		"= " : l->kind == FM_REGEX ? "~ ^" : "", l->path,
		l->rule_idx < 0 ? " (the defaultBackend)" : "");
	if (sv->closed || l->closed) {
		replay_decision_note(d, "%s checks who may pass; the model "
			"has no credentials: 401", sv->closed ? sv->closed_by :
			l->closed_by);
		replay_decision_known(d, "convert/access-control", "F5 NGINX "
			"checks who may reach the path; the conversion closes "
			"it where the target cannot");
		d->status = 401;
		return 0;
	}
	if (l->ssl || l->grpc)
		replay_decision_known(d, "convert/f5-nginx-not-converted",
			l->ssl ? "F5 NGINX reached the Service over TLS" :
			"F5 NGINX reached the Service with gRPC");
	d->upstream.method = req->method ? req->method : "GET";
	d->upstream.query = q;
	d->upstream.host = req->host;
	d->upstream.path = raw;
	if (l->rewrite && l->kind == FM_PREFIX) {
		d->upstream.path = replay_decision_printf(d, "%s%s", l->rewrite,
			uri + strlen(l->path));
		if (strstr(d->upstream.path, "//") || (l->rewrite[0] &&
		    l->rewrite[strlen(l->rewrite) - 1] == '/' &&
		    l->path[strlen(l->path) - 1] != '/'))
			replay_decision_known(d, "convert/f5-nginx-rewrite",
				"nginx replaced the location's characters, "
				"leaving '//' in the path; ReplacePrefixMatch "
				"does not");
	} else if (l->rewrite && l->kind == FM_EXACT) {
		d->upstream.path = l->rewrite;
	} else if (l->s->rewrite_target && !l->rewrite &&
	    !strchr(l->s->rewrite_target, '$')) {
		d->upstream.path = l->s->rewrite_target;
	}
	for (size_t i = 0; i < req->nheaders; i++)
		replay_decision_hdr_add(d, req->headers[i].name,
			req->headers[i].value);
	/* a minion's proxy-set-headers over its master's */
	for (int k = 0; k < 2; k++) {
		const struct prov_f5_settings *hs = k ? l->s : l->ms;

		for (size_t i = 0; hs && i < hs->nset_headers; i++) {
			const struct prov_f5_header *h = &hs->set_headers[i];

			if (h->value && !strchr(h->value, '$'))
				replay_decision_hdr_set(d, h->name, h->value);
		}
	}
	/* add_header NAME "VALUE" [always]: the response has it */
	for (const char *t = l->s->scratch_add_header; t && *t;) {
		size_t n = strcspn(t, ",");
		char *item = replay_decision_strndup(d, t, n);
		char *colon = strchr(item, ':'), *v, *e;

		t += n + (t[n] == ',');
		if (!colon)
			continue;
		*colon = '\0';
		v = colon + 1;
		if ((e = strrchr(v, ':')) && !strcmp(e, ":always"))
			*e = '\0';
		while (*item == ' ')
			item++;
		while (*v == ' ')
			v++;
		for (e = item + strlen(item); e > item && e[-1] == ' ';)
			*--e = '\0';
		for (e = v + strlen(v); e > v && e[-1] == ' ';)
			*--e = '\0';
		if (*item)
			replay_decision_add_resp(d, REPLAY_HDR_SET, item, v);
	}
	if (secure && ss->hsts && !ss->ssl_redirect)
		replay_decision_known(d, "convert/f5-nginx-not-converted",
			"F5 NGINX sent HSTS on the HTTPS answers of a host that "
			"also serves HTTP; the shared route cannot");
	if (secure && ss->hsts)
		replay_decision_add_resp(d, REPLAY_HDR_SET,
			"Strict-Transport-Security", replay_decision_printf(d,
			"max-age=%lld; %spreload", ss->hsts_max_age,
			ss->hsts_subdomains ? "includeSubDomains; " : ""));
	if (l->port < 0)
		replay_decision_known(d, "convert/unresolved-port-name",
			"F5 NGINX resolved the Service port by its name; the "
			"input lacks the Service");
	replay_one_backend(d, l->ns, l->service, l->port);
	d->status = 200;
	return 0;
}
