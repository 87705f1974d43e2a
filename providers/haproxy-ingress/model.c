/*
 * The HAProxy Ingress model (model.h): the path entries the controller
 * writes for the Ingresses it serves, and one request through the
 * frontend of its port, the host and paths and the Ingress's rules.
 */
#include "compat.h"

#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "providers/haproxy-common/model.h"
#include "providers/haproxy-ingress/annotations.h"
#include "strmap.h"
#include "replay/model_common.h"

struct replay_hapi {
	struct hm_model m;
};

bool
replay_hapi_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why)
{
	if (prov_hapi_serves(w, ing, true))
		return true;
	if (why)
		*why = prov_hapi_bare_class(w, ing) ? "its class 'haproxy' "
			"without IngressClass and without "
			"haproxy-ingress.github.io/ keys is the HAProxy "
			"Kubernetes Ingress Controller's" :
			ing->class_source == ING_CLASS_ANNOTATION ?
			"its kubernetes.io/ingress.class annotation is not "
			"'haproxy'" : "its IngressClass names another "
			"controller than haproxy-ingress.github.io/controller";
	return false;
}

static void
load_ingress(struct hm_model *m, const struct ingress *ing,
	struct diag_sink *sink)
{
	bool pt;
	struct hm_ing *hi = hm_ing_new(m, prov_hapi_parse, ing, &pt);

	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];
		const char *hk = hm_rule_host(m, ir);

		if (hi->s.app_root && ir->npaths && !strmap_get(&m->app_roots,
		    hk))
			strmap_put(&m->app_roots, hk, hi);
		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *ip = &ir->paths[p];
			const char *path = ip->path_given ? ip->path : "";
			struct hm_entry e;
			size_t n;

			if (!hm_path_entry(m, prov_hapi_parse, hi, r, p, hk,
			    "replay/haproxy-ingress-path-skipped", sink, &e))
				continue;
			n = strlen(path);
			if (ip->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
			    !strcmp(hi->s.path_type, "regex")) {
				int err;
				PCRE2_SIZE off;

				e.map = HM_REGEX;
				e.host = hk;
				e.key = path;
				e.rx = pcre2_compile((PCRE2_SPTR)path,
					PCRE2_ZERO_TERMINATED, 0, &err, &off,
					NULL);
				if (e.rx)
					hm_add_entry(&m->entries,
						&m->nentries, &e);
				continue;
			}
			if (ip->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
			    !strcmp(hi->s.path_type, "begin")) {
				e.map = HM_BEGIN;
				e.char_prefix = true;
				e.key = arena_printf(&m->arena, "%s%s", hk,
					n ? path : "/");
				hm_add_entry(&m->entries, &m->nentries, &e);
				continue;
			}
			if (ip->type == ING_PATH_EXACT ||
			    (ip->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
			    !strcmp(hi->s.path_type, "exact"))) {
				e.map = HM_EXACT;
				e.key = arena_printf(&m->arena, "%s%s", hk,
					path);
				hm_add_entry(&m->entries, &m->nentries, &e);
				continue;
			}
			if (pt && ir->host && ir->host[0] != '*' &&
			    !strmap_get(&m->sni, hk)) {
				struct hm_entry *se = arena_alloc(&m->arena,
					sizeof(*se));

				*se = e;
				strmap_put(&m->sni, hk, se);
			}
			if (!n || !strcmp(path, "/")) {
				e.map = HM_PREFIX;
				e.key = arena_printf(&m->arena, "%s/", hk);
				hm_add_entry(&m->entries, &m->nentries, &e);
				continue;
			}
			if (path[n - 1] == '/')
				n--;
			e.map = HM_PREFIX_EXACT;
			e.key = arena_printf(&m->arena, "%s%.*s", hk, (int)n,
				path);
			hm_add_entry(&m->entries, &m->nentries, &e);
			e.map = HM_PREFIX;
			e.key = arena_printf(&m->arena, "%s%.*s/", hk, (int)n,
				path);
			hm_add_entry(&m->entries, &m->nentries, &e);
		}
	}
	hm_fallback(m, hi);
}

int
replay_hapi_load(struct replay_hapi **out, const struct doc_set *set,
	const struct replay_hapi_opts *opts, struct diag_sink *sink)
{
	struct replay_hapi *rm;

	if (!out || !set)
		return ERR_INVALID;
	rm = xcalloc(1, sizeof(*rm));
	hm_load(&rm->m, set, opts && opts->own_classes,
		replay_hapi_class_served, load_ingress, sink);
	*out = rm;
	return 0;
}

void
replay_hapi_free(struct replay_hapi *rm)
{
	if (!rm)
		return;
	hm_release(&rm->m);
	free(rm);
}

/* ---- routing ------------------------------------------------------------ */

enum { MAX_KEY = 2048 };

/* path-type regex: the first entry of the host whose regex is found in
 * the path. */
static const struct hm_entry *
lookup_regex(const struct hm_model *m, const char *hk, const char *path)
{
	for (size_t i = 0; i < m->nentries; i++) {
		const struct hm_entry *e = &m->entries[i];
		pcre2_match_data *md;
		int rc;

		if (e->map != HM_REGEX || strcmp(e->host, hk))
			continue;
		md = pcre2_match_data_create_from_pattern(e->rx, NULL);
		rc = pcre2_match(e->rx, (PCRE2_SPTR)path, strlen(path), 0, 0,
			md, NULL);
		pcre2_match_data_free(md);
		if (rc >= 0)
			return e;
	}
	return NULL;
}

/* rewrite-target: the part of the path the entry matched replaced by
 * the target (one '/' kept where they meet). */
static const char *
rewrite(struct replay_decision *d, const struct hm_entry *e, const char *path)
{
	const char *t = e->hi->s.rewrite_target, *rest;
	size_t hl = strlen(e->key) - strlen(e->key + strcspn(e->key, "/"));
	size_t n;

	if (!t || e->map == HM_REGEX)
		return path;
	n = strlen(e->key) - hl;	/* the path part of the key */
	if (e->map == HM_EXACT)
		return t;
	if (e->map == HM_PREFIX)
		n = n > 1 ? n - 1 : 0;	/* "/app/": "/app" matched */
	else if (e->map == HM_BEGIN && e->key[strlen(e->key) - 1] == '/')
		n--;
	if (e->map == HM_PREFIX_EXACT || strlen(path) < n)
		n = strlen(path) < n ? strlen(path) : n;
	rest = path + n;
	if (!*rest)
		return t;
	if (t[strlen(t) - 1] == '/' && *rest == '/')
		rest++;
	return replay_decision_printf(d, "%s%s", t, rest);
}

/* The http-request rules; false when they answered. */
static bool
rules(const struct hm_model *m, const struct replay_request *req,
	struct replay_decision *d, const struct hm_ing *hi, bool secure,
	const char *host)
{
	const struct prov_hap_settings *s = &hi->s;
	const char *uri;

	if (s->auth_url || s->oauth || s->waf ||
	    prov_hap_is_set(s, "auth-tls-secret")) {
		replay_decision_known(d, "convert/access-control", "HAProxy "
			"Ingress checked who may reach the path (external "
			"auth, OAuth, WAF or client certificates); the "
			"conversion closes the paths (500)");
		replay_decision_note(d, "external authentication, OAuth, WAF "
			"or client certificate checks not evaluated");
	}
	if (!hm_access(d, req, s))
		return false;
	uri = replay_decision_printf(d, "%s%s%s", req->path && *req->path ?
		req->path : "/", req->query ? "?" : "", req->query ?
		req->query : "");
	if (!secure && hi->ssl_redirect && hm_has_cert(&m->certs, host)) {
		d->status = (int)s->ssl_redirect_code;
		d->redirect = replay_decision_printf(d, "https://%.*s%s",
			(int)strcspn(req->host ? req->host : host, ":"),
			req->host ? req->host : host, uri);
		replay_decision_note(d, "ssl-redirect%s: %d",
			prov_hap_is_set(s, "ssl-redirect") ? "" :
			" (the host has a certificate)", d->status);
		if (strmap_get(&m->no_secret, host))
			replay_decision_known(d,
				"convert/haproxy-ingress-ssl-redirect", "the "
				"host's tls section has no secretName: HAProxy "
				"Ingress used its default certificate, the "
				"Gateway has no HTTPS listener for it");
		return false;
	}
	if (!secure && hi->ssl_redirect && prov_hap_is_set(s,
	    "ssl-redirect"))
		replay_decision_known(d, "convert/haproxy-ingress-ssl-redirect",
			"ssl-redirect for a host without certificate in the "
			"input; the Gateway has no HTTPS listener for it");
	if (s->redirect_to) {
		d->status = (int)s->request_redirect_code;
		d->redirect = s->redirect_to;
		replay_decision_note(d, "redirect-to: %d", d->status);
		return false;
	}
	return true;
}

int
replay_hapi_route(const struct replay_hapi *rm,
	const struct replay_request *req, struct replay_decision *d)
{
	const struct hm_model *m = rm ? &rm->m : NULL;
	char hbuf[256], key[MAX_KEY];
	const char *host, *hk, *path;
	const struct hm_entry *e = NULL;
	bool secure, dup = false;
	const char *stage = "";

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	if (hm_frontend(d, req, &m->sni, hbuf, sizeof(hbuf), &secure,
	    &host))
		return 0;
	if (secure && *host && !hm_has_cert(&m->certs, host)) {
		/* ssl-always-add-https false: only tls hosts are in the
		 * HTTPS maps */
		replay_decision_note(d, "host '%s' has no tls section: not in "
			"the HTTPS maps, the default backend answers 404", host);
		return 0;
	}
	if (secure && strmap_get(&m->no_secret, host))
		replay_decision_known(d, "convert/tls-no-secret", "the host's "
			"tls section has no secretName: HAProxy Ingress served "
			"it with its default certificate; the Gateway has no "
			"HTTPS listener for it");
	hk = hm_host_key(d, req, &m->hosts, secure, host, &path);
	if (!strcmp(path, "/")) {
		const struct hm_ing *ar = strmap_get(&m->app_roots, hk);

		if (ar && !(!secure && ar->ssl_redirect && hm_has_cert(
		    &m->certs, host))) {
			const struct prov_hap_slot *sl = prov_hap_slot(
				&ar->s, "app-root");
			struct src_pos pos = doc_pos(m->set, sl->key_node);

			hm_matched(d, &(struct hm_entry){ .hi = ar,
				.rule_idx = -1, .path_idx = -1,
				.file = pos.file, .line = pos.line });
			d->status = 302;
			/* HAProxy sends the Location as written; a client
			 * resolves it against the request */
			d->redirect = ar->s.app_root[0] == '/' ?
				replay_decision_printf(d, "%s://%.*s%s",
				secure ? "https" : "http", (int)strcspn(
				req->host ? req->host : host, ":"), req->host ?
				req->host : host, ar->s.app_root) :
				ar->s.app_root;
			replay_decision_note(d, "app-root: 302 to '%s'",
				ar->s.app_root);
			return 0;
		}
	}
	if (strlen(hk) + strlen(path) + 1 < sizeof(key)) {
		size_t hl = strlen(hk);

		memcpy(key, hk, hl);
		memcpy(key + hl, path, strlen(path) + 1);
		const struct hm_entry *pe, *pb;
		bool d2 = false;

		/* path-type-order exact,prefix,begin,regex; the longest
		 * first within a type */
		pe = hm_lookup(m->entries, m->nentries, HM_PREFIX_EXACT, key,
			&dup);
		pb = hm_lookup_beg(m->entries, m->nentries, HM_PREFIX, key,
			&d2);
		if ((e = hm_lookup(m->entries, m->nentries, HM_EXACT, key,
		    &dup))) {
			stage = "exact";
		} else if (pe || pb) {
			/* "/a" (exact part) against the longest "/x/" */
			e = pe && (!pb || strlen(pe->key) >= strlen(pb->key) -
			    1) ? pe : pb;
			dup = e == pb ? d2 : dup;
			stage = "prefix";
		} else if ((e = hm_lookup_beg(m->entries, m->nentries,
		    HM_BEGIN, key, &dup))) {
			stage = "begin";
		} else if ((e = lookup_regex(m, hk, path))) {
			stage = "regex";
		}
	}
	if (strmap_get(&m->acl_hosts, hk)) {
		replay_decision_note(d, "route-acl rules of the host's "
			"Services come first and are not modelled");
		replay_decision_known(d, "convert/haproxy-ingress-not-converted",
			"a Service's route-acl routed some of the host's "
			"requests by an HAProxy ACL, which the conversion does "
			"not carry");
	}
	if (e && dup)
		replay_decision_known(d, "convert/haproxy-ingress-duplicate-path",
			"two Ingresses give one host and path to different "
			"backends; HAProxy's map keeps the row of the smaller "
			"backend name, the conversion the older Ingress");
	if (e && (e->map == HM_PREFIX || e->map == HM_PREFIX_EXACT)) {
		bool d3;
		const struct hm_entry *b = hm_lookup_beg(m->entries,
			m->nentries, HM_BEGIN, key, &d3);

		if (b && strlen(b->key) > strlen(e->key))
			replay_decision_known(d,
				"convert/haproxy-ingress-prefix",
				"HAProxy Ingress tries begin paths after every "
				"prefix path, however long; Gateway API takes "
				"the longest");
	}
	if (e && e->char_prefix) {
		size_t n = strlen(e->key);

		if (key[n] && key[n] != '/')
			replay_decision_known(d, "convert/haproxy-ingress-prefix",
				"HAProxy matched an ImplementationSpecific path "
				"as a character prefix; Gateway API's "
				"PathPrefix matches whole segments");
	}
	if (!e && m->fallback) {
		e = m->fallback;
		stage = "default backend";
		if (*hk)
			replay_decision_known(d, "convert/haproxy-ingress-default-"
				"backend", "HAProxy's default backend takes "
				"every request no path matches, also for hosts "
				"of other Ingresses");
	}
	if (!e) {
		replay_decision_note(d, "no map entry: the controller's "
			"default backend, 404");
		return 0;
	}
	hm_matched(d, e);
	replay_decision_note(d, "%s: backend %s", stage, e->value ? e->value :
		"(spec.defaultBackend)");
	if (!rules(m, req, d, e->hi, secure, host))
		return 0;
	replay_upstream(d, req, path);
	for (size_t i = 0; i < e->hi->s.nreq_headers; i++) {
		if (strstr(e->hi->s.req_headers[i].value, "%[")) {
			replay_decision_note(d, "header '%s': the HAProxy "
				"expression '%s' is not evaluated",
				e->hi->s.req_headers[i].name,
				e->hi->s.req_headers[i].value);
			replay_decision_known(d,
				"convert/haproxy-ingress-header-expression",
				"a header value computed by HAProxy is left "
				"out of the header filter");
			continue;
		}
		replay_decision_hdr_set(d, e->hi->s.req_headers[i].name,
			e->hi->s.req_headers[i].value);
	}
	if (e->hi->s.set_host)
		d->upstream.host = e->hi->s.set_host;
	if (e->hi->s.rewrite_target) {
		d->upstream.path = rewrite(d, e, path);
		if (e->map == HM_REGEX)
			replay_decision_known(d,
				"convert/haproxy-ingress-rewrite-target",
				"rewrite-target of a regex path is not "
				"converted (nor modelled)");
		else
			replay_decision_note(d, "rewrite-target: '%s'",
				d->upstream.path);
	}
	if (e->hi->s.snippet) {
		replay_decision_note(d, "config-backend not modelled");
		replay_decision_known(d, "convert/haproxy-ingress-config-"
			"snippet", "raw backend configuration is not carried; "
			"one that looks like an access check closes the paths");
	}
	for (size_t i = 0; i < e->hi->s.nres_headers; i++)
		if (!strstr(e->hi->s.res_headers[i].value, "%["))
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				e->hi->s.res_headers[i].name,
				e->hi->s.res_headers[i].value);
	hm_backend(d, e);
	return 0;
}
