/*
 * The HAProxy model (model.h): the map entries the controller writes for
 * the Ingresses it serves, and one request through the frontend of its
 * port, the host and path maps and the Ingress's http-request rules.
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
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
#include "providers/haproxy/annotations.h"
#include "strmap.h"
#include "replay/model_common.h"

struct replay_haproxy {
	struct hm_model m;
};

bool
replay_haproxy_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why)
{
	if (prov_haproxy_serves(w, ing, true))
		return true;
	if (why)
		*why = ing->class_source == ING_CLASS_ANNOTATION ?
			"its kubernetes.io/ingress.class annotation is not "
			"'haproxy'" : "its IngressClass names another "
			"controller than haproxy.org/ingress-controller (or, "
			"without an IngressClass in the input, its class is "
			"not 'haproxy')";
	return false;
}

static void
load_ingress(struct hm_model *m, const struct ingress *ing,
	struct diag_sink *sink)
{
	bool pt;
	struct hm_ing *hi = hm_ing_new(m, prov_haproxy_parse, ing, &pt);

	if (hi->s.nrewrites) {
		int err;
		PCRE2_SIZE off;

		hi->rewrite = pcre2_compile((PCRE2_SPTR)hi->s.rewrite_match[0],
			PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	}
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];
		const char *hk = hm_rule_host(m, ir);

		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *ip = &ir->paths[p];
			const char *path = ip->path_given ? ip->path : "";
			struct hm_entry e;
			size_t n;

			if (!hm_path_entry(m, prov_haproxy_parse, hi, r, p, hk,
			    "replay/haproxy-path-skipped", sink, &e))
				continue;
			n = strlen(path);
			if (ip->type == ING_PATH_EXACT) {
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
			if (ip->type == ING_PATH_PREFIX) {
				e.key = arena_printf(&m->arena, "%s%.*s/", hk,
					(int)n, path);
			} else {
				e.char_prefix = true;
			}
			hm_add_entry(&m->entries, &m->nentries, &e);
		}
	}
	hm_fallback(m, hi);
}

int
replay_haproxy_load(struct replay_haproxy **out, const struct doc_set *set,
	const struct replay_haproxy_opts *opts, struct diag_sink *sink)
{
	struct replay_haproxy *rm;

	if (!out || !set)
		return ERR_INVALID;
	rm = xcalloc(1, sizeof(*rm));
	hm_load(&rm->m, set, opts && opts->own_classes,
		replay_haproxy_class_served, load_ingress, sink);
	*out = rm;
	return 0;
}

void
replay_haproxy_free(struct replay_haproxy *rm)
{
	if (!rm)
		return;
	hm_release(&rm->m);
	free(rm);
}

/* ---- routing ------------------------------------------------------------ */

enum { MAX_KEY = 2048 };

/* replace-path: the whole path replaced when the regex is found in it. */
static const char *
rewrite(struct replay_decision *d, const struct hm_ing *hi, const char *path)
{
	pcre2_match_data *md;
	const char *fmt = hi->s.rewrite_fmt[0];
	PCRE2_SIZE *ov;
	char *out;
	size_t o = 0, cap = strlen(fmt) + strlen(path) * 10 + 2;
	int rc;

	if (!hi->rewrite)
		return path;
	md = pcre2_match_data_create_from_pattern(hi->rewrite, NULL);
	rc = pcre2_match(hi->rewrite, (PCRE2_SPTR)path, strlen(path), 0, 0,
		md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return path;
	}
	ov = pcre2_get_ovector_pointer(md);
	out = replay_decision_alloc(d, cap);
	for (const char *p = fmt; *p && o + 1 < cap; p++) {
		if (p[0] == '\\' && isdigit((unsigned char)p[1])) {
			int g = p[1] - '0';

			p++;
			if (g < rc && ov[2 * g] != PCRE2_UNSET) {
				size_t n = ov[2 * g + 1] - ov[2 * g];

				if (o + n + 1 >= cap)
					break;
				memcpy(out + o, path + ov[2 * g], n);
				o += n;
			}
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	pcre2_match_data_free(md);
	return out;
}

/* The http-request rules; false when they answered. */
static bool
rules(const struct hm_model *m, const struct replay_request *req,
	struct replay_decision *d, const struct hm_ing *hi, bool secure,
	const char *host)
{
	const struct prov_hap_settings *s = &hi->s;
	const char *uri;

	if (!hm_access(d, req, s))
		return false;
	uri = replay_decision_printf(d, "%s%s%s", req->path && *req->path ?
		req->path : "/", req->query ? "?" : "", req->query ?
		req->query : "");
	if (!secure && hi->ssl_redirect) {
		d->status = (int)s->ssl_redirect_code;
		/* hdr(host),field(1,:): the Host as sent, without port */
		d->redirect = replay_decision_printf(d, "https://%.*s:%lld%s",
			(int)strcspn(req->host ? req->host : host, ":"),
			req->host ? req->host : host, s->ssl_redirect_port,
			uri);
		replay_decision_note(d, "ssl-redirect%s: %d to port %lld",
			prov_hap_is_set(s, "ssl-redirect") ? "" :
			" (the Ingress has a tls section)", d->status,
			s->ssl_redirect_port);
		if (!hm_has_cert(&m->certs, host))
			replay_decision_known(d, "convert/haproxy-ssl-"
				"redirect", "HAProxy redirected to HTTPS a host "
				"without certificate in the input; the Gateway "
				"has no HTTPS listener for it and serves HTTP");
		if (!prov_hap_is_set(s, "ssl-redirect-port") ||
		    s->ssl_redirect_port != 443)
			replay_decision_known(d, "convert/haproxy-ssl-redirect-"
				"port", "HAProxy redirected to its "
				"ssl-redirect-port; the Gateway redirects to "
				"its HTTPS listener");
		return false;
	}
	if (s->request_redirect) {
		d->status = (int)s->request_redirect_code;
		d->redirect = replay_decision_printf(d, "%s://%s%s",
			s->request_redirect_https ? "https" : "http",
			s->request_redirect, uri);
		replay_decision_note(d, "request-redirect: %d", d->status);
		return false;
	}
	return true;
}

int
replay_haproxy_route(const struct replay_haproxy *rm,
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
	hk = hm_host_key(d, req, &m->hosts, secure, host, &path);
	if (strlen(hk) + strlen(path) + 1 < sizeof(key)) {
		size_t hl = strlen(hk);

		memcpy(key, hk, hl);
		memcpy(key + hl, path, strlen(path) + 1);
		if ((e = hm_lookup(m->entries, m->nentries, HM_EXACT, key,
		    &dup)))
			stage = "path-exact";
		else if ((e = hm_lookup(m->entries, m->nentries,
		    HM_PREFIX_EXACT, key, &dup)))
			stage = "path-prefix-exact";
		else if ((e = hm_lookup_beg(m->entries, m->nentries,
		    HM_PREFIX, key, &dup)))
			stage = "path-prefix";
	}
	if (strmap_get(&m->acl_hosts, hk)) {
		replay_decision_note(d, "route-acl rules of the host's "
			"Services come first and are not modelled");
		replay_decision_known(d, "convert/haproxy-not-converted",
			"a Service's route-acl routed some of the host's "
			"requests by an HAProxy ACL, which the conversion does "
			"not carry");
	}
	if (e && dup)
		replay_decision_known(d, "convert/haproxy-duplicate-path",
			"two Ingresses give one host and path to different "
			"backends; HAProxy's map keeps the row of the smaller "
			"backend name, the conversion the older Ingress");
	if (e && e->char_prefix) {
		size_t n = strlen(e->key);

		if (key[n] && key[n] != '/')
			replay_decision_known(d, "convert/haproxy-prefix",
				"HAProxy matched an ImplementationSpecific path "
				"as a character prefix; Gateway API's "
				"PathPrefix matches whole segments");
	}
	if (!e && m->fallback) {
		e = m->fallback;
		stage = "default backend";
		if (*hk)
			replay_decision_known(d, "convert/haproxy-default-"
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
	for (size_t i = 0; i < e->hi->s.nreq_headers; i++)
		replay_decision_hdr_set(d, e->hi->s.req_headers[i].name,
			e->hi->s.req_headers[i].value);
	if (e->hi->s.set_host)
		d->upstream.host = e->hi->s.set_host;
	if (e->hi->s.nrewrites == 1) {
		d->upstream.path = rewrite(d, e->hi, path);
		if (strcmp(d->upstream.path, path))
			replay_decision_note(d, "path-rewrite: '%s'",
				d->upstream.path);
	} else if (e->hi->s.nrewrites > 1) {
		replay_decision_known(d, "convert/haproxy-path-rewrite",
			"several path-rewrite rules are not modelled");
	}
	if (e->hi->s.snippet)
		replay_decision_note(d, "backend-config-snippet not modelled");
	for (size_t i = 0; i < e->hi->s.nres_headers; i++)
		if (!strstr(e->hi->s.res_headers[i].value, "%["))
			replay_decision_add_resp(d, REPLAY_HDR_SET,
				e->hi->s.res_headers[i].name,
				e->hi->s.res_headers[i].value);
	if (secure && !hm_has_cert(&m->certs, host))
		replay_decision_known(d, "convert/haproxy-default-certificate",
			"HAProxy answered HTTPS for a host without certificate "
			"with its default one; the Gateway has HTTPS listeners "
			"only for the hosts of tls sections");
	hm_backend(d, e);
	return 0;
}
