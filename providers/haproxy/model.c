/*
 * The HAProxy model (model.h): the map entries the controller writes for
 * the Ingresses it serves, and one request through the frontend of its
 * port, the host and path maps and the Ingress's http-request rules.
 */
#include "compat.h"

#include "model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "providers/haproxy/annotations.h"
#include "strmap.h"

enum hm_map {
	HM_EXACT = 0,		/* path-exact */
	HM_PREFIX_EXACT,	/* path-prefix-exact */
	HM_PREFIX,		/* path-prefix, map_beg */
};

/* What an Ingress's rules do (its settings, read once). */
struct hm_ing {
	const struct ingress *ing;
	struct prov_hap_settings s;
	bool ssl_redirect;
	pcre2_code *rewrite;		/* path-rewrite line 1, or NULL */
};

struct hm_entry {
	enum hm_map map;
	const char *key;		/* host key + path */
	const char *value;		/* backend name, for duplicates */
	const struct hm_ing *hi;
	bool char_prefix;		/* ImplementationSpecific */
	const char *ns, *service;
	long port;
	long rule_idx, path_idx;
	const char *file;
	uint32_t line;
};

struct replay_haproxy {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	struct hm_ing **ings;
	size_t nings;
	struct hm_entry *entries;	/* sorted: map, key, value */
	size_t nentries;
	struct strmap hosts;		/* host keys ("h", ".suffix") */
	struct strmap sni;		/* ssl-passthrough host -> entry */
	struct strmap acl_hosts;	/* host keys with route-acl paths */
	struct strmap certs;		/* tls hosts (lower-case, "*.x") */
	const struct hm_entry *fallback;	/* spec.defaultBackend */
	struct hm_entry fallback_store;
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
say(const struct replay_haproxy *m, struct diag_sink *sink,
	const struct doc_node *at, const char *rule, const char *fmt, ...)
	ING2GW_PRINTF(5, 6);

static void
say(const struct replay_haproxy *m, struct diag_sink *sink,
	const struct doc_node *at, const char *rule, const char *fmt, ...)
{
	va_list ap;

	if (!sink)
		return;
	va_start(ap, fmt);
	diag_vadd(sink, DIAG_INFO, rule, at ? doc_pos(m->set, at) :
		(struct src_pos){ 0 }, fmt, ap);
	va_end(ap);
}

static long
find_port(const struct ing_service *svc, const struct ing_backend *b)
{
	if (!b->port_name)
		return b->port;
	for (size_t i = 0; svc && i < svc->nports; i++)
		if (svc->ports[i].name && !strcmp(svc->ports[i].name,
		    b->port_name))
			return svc->ports[i].port;
	return -1;
}

static void
add_entry(struct replay_haproxy *m, struct hm_entry *e)
{
	if (!(m->nentries & (m->nentries + 1)) || !m->entries)
		m->entries = xrealloc(m->entries, (m->nentries + 1) * 2 *
			sizeof(*m->entries));
	m->entries[m->nentries++] = *e;
}

static char *
lower_host(struct arena *a, const char *h)
{
	char *s = arena_strdup(a, h);

	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* Whether the Service has route-acl (read from the Service alone). */
static bool
route_acl(struct replay_haproxy *m, const struct ing_service *svc)
{
	struct prov_hap_settings *s = arena_alloc(&m->arena, sizeof(*s));

	prov_haproxy_parse(s, &m->arena, m->set, doc_get(doc_get(
		svc->obj->root, "metadata"), "annotations"), "Service",
		svc->ns, svc->name, NULL);
	return s->route_acl != NULL;
}

/* ssl-passthrough of the Ingress, else of the Service of its first
 * path (Service annotations come first in the controller). */
static bool
passthrough_of(struct replay_haproxy *m, const struct hm_ing *hi)
{
	const struct ingress *ing = hi->ing;

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_service *svc;
		struct prov_hap_settings *s;

		if (!ing->rules[i].npaths || !(svc = ing_world_service(
		    &m->world, ing->ns, ing->rules[i].paths[0].backend.service)))
			continue;
		s = arena_alloc(&m->arena, sizeof(*s));
		prov_haproxy_parse(s, &m->arena, m->set, doc_get(doc_get(
			svc->obj->root, "metadata"), "annotations"),
			"Service", ing->ns, svc->name, NULL);
		if (prov_hap_is_set(s, "ssl-passthrough"))
			return s->ssl_passthrough;
		break;
	}
	return prov_hap_is_set(&hi->s, "ssl-passthrough") &&
		hi->s.ssl_passthrough;
}

static void
load_ingress(struct replay_haproxy *m, const struct ingress *ing,
	struct diag_sink *sink)
{
	struct hm_ing *hi = arena_alloc(&m->arena, sizeof(*hi));
	bool pt;

	memset(hi, 0, sizeof(*hi));
	hi->ing = ing;
	prov_haproxy_parse(&hi->s, &m->arena, m->set, ing->annotations,
		"Ingress", ing->ns, ing->name, NULL);
	hi->ssl_redirect = prov_hap_is_set(&hi->s, "ssl-redirect") ?
		hi->s.ssl_redirect : ing->ntls > 0;
	if (hi->s.nrewrites) {
		int err;
		PCRE2_SIZE off;

		hi->rewrite = pcre2_compile((PCRE2_SPTR)hi->s.rewrite_match[0],
			PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	}
	for (size_t t = 0; t < ing->ntls; t++)
		for (size_t h = 0; h < ing->tls[t].nhosts; h++)
			if (ing->tls[t].hosts[h])
				strmap_put(&m->certs, lower_host(&m->arena,
					ing->tls[t].hosts[h]), (void *)1);
	m->ings = xrealloc(m->ings, (m->nings + 1) * sizeof(*m->ings));
	m->ings[m->nings++] = hi;
	pt = passthrough_of(m, hi);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];
		const char *hk = "";

		if (ir->host) {
			hk = lower_host(&m->arena, ir->host[0] == '*' ?
				ir->host + 1 : ir->host);
			strmap_put(&m->hosts, hk, (void *)1);
		}
		for (size_t p = 0; p < ir->npaths; p++) {
			const struct ing_path *ip = &ir->paths[p];
			const struct ing_service *svc;
			struct hm_entry e = { .hi = hi, .rule_idx = (long)r,
				.path_idx = (long)p, .ns = ing->ns };
			struct src_pos pos = doc_pos(m->set, ip->node);
			const char *path = ip->path_given ? ip->path : "";
			size_t n;

			if (!ip->backend.service)
				continue;
			svc = ing_world_service(&m->world, ing->ns,
				ip->backend.service);
			e.service = ip->backend.service;
			e.port = find_port(svc, &ip->backend);
			if (svc && route_acl(m, svc)) {
				/* a use_backend rule of its own, not the maps */
				strmap_put(&m->acl_hosts, hk, (void *)1);
				continue;
			}
			if (m->world.nservices && !svc) {
				say(m, sink, ip->node, "replay/haproxy-path-skipped",
					"Ingress '%s/%s': Service '%s' is not "
					"in the input: the controller skips "
					"the path", ing->ns, ing->name,
					ip->backend.service);
				continue;
			}
			e.value = arena_printf(&m->arena, "%s_svc_%s_%s",
				ing->ns, ip->backend.service,
				ip->backend.port_name ? ip->backend.port_name :
				arena_printf(&m->arena, "%d",
				ip->backend.port));
			e.file = pos.file;
			e.line = pos.line;
			n = strlen(path);
			if (ip->type == ING_PATH_EXACT) {
				e.map = HM_EXACT;
				e.key = arena_printf(&m->arena, "%s%s", hk,
					path);
				add_entry(m, &e);
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
				add_entry(m, &e);
				continue;
			}
			if (path[n - 1] == '/')
				n--;
			e.map = HM_PREFIX_EXACT;
			e.key = arena_printf(&m->arena, "%s%.*s", hk, (int)n,
				path);
			add_entry(m, &e);
			e.map = HM_PREFIX;
			if (ip->type == ING_PATH_PREFIX) {
				e.key = arena_printf(&m->arena, "%s%.*s/", hk,
					(int)n, path);
			} else {
				e.char_prefix = true;
			}
			add_entry(m, &e);
		}
	}
	if (ing->has_default_backend && ing->default_backend.service &&
	    !m->fallback) {
		struct hm_entry *e = &m->fallback_store;
		struct src_pos pos = doc_pos(m->set,
			ing->default_backend.node);

		memset(e, 0, sizeof(*e));
		e->hi = hi;
		e->ns = ing->ns;
		e->service = ing->default_backend.service;
		e->port = find_port(ing_world_service(&m->world, ing->ns,
			e->service), &ing->default_backend);
		e->rule_idx = e->path_idx = -1;
		e->file = pos.file;
		e->line = pos.line;
		m->fallback = e;
	}
}

static int
by_row(const void *pa, const void *pb)
{
	const struct hm_entry *a = pa, *b = pb;
	int c;

	if (a->map != b->map)
		return (int)a->map - (int)b->map;
	if ((c = strcmp(a->key, b->key)))
		return c;
	return strcmp(a->value, b->value);
}

int
replay_haproxy_load(struct replay_haproxy **out, const struct doc_set *set,
	const struct replay_haproxy_opts *opts, struct diag_sink *sink)
{
	struct replay_haproxy *m;
	struct diag_sink scratch = DIAG_SINK_INIT;
	const struct ingress **order;
	size_t n = 0;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	k8s_objects_collect(&m->objs, set, &scratch);
	diag_sink_release(&scratch);
	ing_world_load(&m->world, set, &m->objs, sink);
	m->world_loaded = true;
	order = xcalloc(m->world.ningresses + 1, sizeof(*order));
	for (size_t i = 0; i < m->world.ningresses; i++) {
		const struct ingress *ing = &m->world.ingresses[i];
		const char *why = NULL;

		if (!ing->name)
			continue;
		if (opts && opts->own_classes &&
		    !replay_haproxy_class_served(&m->world, ing, &why)) {
			say(m, sink, ing->obj->root, "replay/ingress-other-"
				"class", "Ingress '%s/%s' (class '%s') is not "
				"replayed: %s; the HAProxy Ingress Controller "
				"does not serve it", ing->ns, ing->name,
				ing->class_name ? ing->class_name : "(none)",
				why);
			continue;
		}
		order[n++] = ing;
	}
	/* the oldest Ingress's spec.defaultBackend, as convert orders */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const char *a = order[j - 1]->creation_timestamp;
			const char *b = order[j]->creation_timestamp;
			const struct ingress *t;

			if (!b || (a && strcmp(a, b) <= 0))
				break;
			t = order[j - 1];
			order[j - 1] = order[j];
			order[j] = t;
		}
	for (size_t i = 0; i < n; i++)
		load_ingress(m, order[i], sink);
	free(order);
	if (m->nentries)
		qsort(m->entries, m->nentries, sizeof(*m->entries), by_row);
	*out = m;
	return 0;
}

void
replay_haproxy_free(struct replay_haproxy *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nings; i++)
		if (m->ings[i]->rewrite)
			pcre2_code_free(m->ings[i]->rewrite);
	free(m->ings);
	free(m->entries);
	strmap_release(&m->hosts);
	strmap_release(&m->sni);
	strmap_release(&m->acl_hosts);
	strmap_release(&m->certs);
	if (m->world_loaded)
		ing_world_release(&m->world);
	k8s_objects_release(&m->objs);
	arena_release(&m->arena);
	free(m);
}

/* ---- routing ------------------------------------------------------------ */

enum { MAX_KEY = 2048 };

/* The first row of map with key (exact), or NULL; *dup: another row of
 * the same key with another backend. */
static const struct hm_entry *
lookup(const struct replay_haproxy *m, enum hm_map map, const char *key,
	bool *dup)
{
	const struct hm_entry *first = NULL;

	*dup = false;
	for (size_t i = 0; i < m->nentries; i++) {
		const struct hm_entry *e = &m->entries[i];

		if (e->map != map || strcmp(e->key, key))
			continue;
		if (!first)
			first = e;
		else if (strcmp(first->value, e->value))
			*dup = true;
	}
	return first;
}

/* map_beg: the longest stored prefix of key. */
static const struct hm_entry *
lookup_beg(const struct replay_haproxy *m, const char *key, bool *dup)
{
	const struct hm_entry *best = NULL;
	size_t blen = 0;

	*dup = false;
	for (size_t i = 0; i < m->nentries; i++) {
		const struct hm_entry *e = &m->entries[i];
		size_t n;

		if (e->map != HM_PREFIX)
			continue;
		n = strlen(e->key);
		if (strncmp(key, e->key, n))
			continue;
		if (!best || n > blen) {
			best = e;
			blen = n;
			*dup = false;
		} else if (n == blen && strcmp(best->value, e->value)) {
			*dup = true;
		}
	}
	return best;
}

static const char *
host_norm(const char *h, char *buf, size_t cap)
{
	size_t n;

	if (!h || !*h)
		return "";
	n = strcspn(h, ":");
	if (n >= cap)
		return "";
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)h[i]);
	buf[n] = '\0';
	return buf;
}

/* A request of at least two labels more than a wildcard covers. */
static bool
deeper_wildcard(const struct replay_haproxy *m, const char *host)
{
	const char *dot = strchr(host, '.');

	for (dot = dot ? strchr(dot + 1, '.') : NULL; dot;
	     dot = strchr(dot + 1, '.'))
		if (strmap_get(&m->hosts, dot))
			return true;
	return false;
}

static bool
addr_in(const char *ip, const struct prov_strlist *l)
{
	unsigned char a[16], b[16];
	int fam = strchr(ip, ':') ? AF_INET6 : AF_INET;
	size_t alen = fam == AF_INET6 ? 16 : 4;

	if (inet_pton(fam, ip, a) != 1)
		return false;
	for (size_t i = 0; i < l->len; i++) {
		char buf[64];
		const char *slash = strchr(l->v[i], '/');
		size_t n = slash ? (size_t)(slash - l->v[i]) :
			strlen(l->v[i]);
		long bits = slash ? strtol(slash + 1, NULL, 10) :
			(long)alen * 8;
		bool ok = true;

		if (n >= sizeof(buf))
			continue;
		memcpy(buf, l->v[i], n);
		buf[n] = '\0';
		if (inet_pton(fam, buf, b) != 1)
			continue;
		for (long k = 0; k < bits && ok; k++)
			ok = ((a[k / 8] >> (7 - k % 8)) & 1) ==
				((b[k / 8] >> (7 - k % 8)) & 1);
		if (ok)
			return true;
	}
	return false;
}

static void
matched(struct replay_decision *d, const struct hm_entry *e)
{
	d->has_matched = true;
	d->matched.kind = "Ingress";
	d->matched.namespace = e->hi->ing->ns;
	d->matched.name = e->hi->ing->name;
	d->matched.rule = e->rule_idx;
	d->matched.match = e->path_idx;
	d->matched.file = e->file;
	d->matched.line = e->line;
}

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

/* Whether a tls section names host (exactly or by its wildcard). */
static bool
has_cert(const struct replay_haproxy *m, const char *host)
{
	char key[300];
	const char *dot;

	if (!*host)
		return false;
	if (strmap_get(&m->certs, host))
		return true;
	dot = strchr(host, '.');
	if (!dot || strlen(dot) + 2 > sizeof(key))
		return false;
	key[0] = '*';
	memcpy(key + 1, dot, strlen(dot) + 1);
	return strmap_get(&m->certs, key) != NULL;
}

/* The http-request rules; false when they answered. */
static bool
rules(const struct replay_haproxy *m, const struct replay_request *req,
	struct replay_decision *d, const struct hm_ing *hi, bool secure,
	const char *host)
{
	const struct prov_hap_settings *s = &hi->s;
	const char *uri;

	if (s->allow.len || s->deny.len || s->allow_patterns ||
	    s->deny_patterns || (s->auth_basic && s->auth_secret))
		replay_decision_known(d, "convert/access-control", "HAProxy "
			"checked who may reach the path; the conversion keeps "
			"the check only where the target can make it, and the "
			"paths answer 500 otherwise");
	if (s->allow.len || s->deny.len || s->allow_patterns ||
	    s->deny_patterns) {
		if (!req->client_ip || s->allow_patterns || s->deny_patterns) {
			replay_decision_note(d, "access lists of the Ingress "
				"not evaluated (no client address, or a "
				"pattern file)");
		} else if ((s->allow.len && !addr_in(req->client_ip,
		    &s->allow)) || (s->deny.len && addr_in(req->client_ip,
		    &s->deny))) {
			replay_decision_note(d, "client %s refused by the "
				"access lists: 403", req->client_ip);
			d->status = 403;
			return false;
		}
	}
	if (s->auth_basic && s->auth_secret) {
		bool has = false;

		for (size_t i = 0; i < req->nheaders; i++)
			has |= !strcasecmp(req->headers[i].name,
				"Authorization");
		if (!has) {
			replay_decision_note(d, "basic authentication (realm "
				"'%s'): 401", s->auth_realm);
			d->status = 401;
			return false;
		}
		replay_decision_note(d, "basic authentication: credentials "
			"not checked");
	}
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
		if (!has_cert(m, host))
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
replay_haproxy_route(const struct replay_haproxy *m,
	const struct replay_request *req, struct replay_decision *d)
{
	char hbuf[256], key[MAX_KEY];
	const char *host, *hk, *path;
	const struct hm_entry *e = NULL;
	bool secure, dup = false;
	const char *stage = "";

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "no frontend takes %s on port %u "
			"(http: 80, https: 443)", secure ? "HTTPS" : "HTTP",
			req->port);
		return 0;
	}
	if (secure) {
		const struct hm_entry *se = strmap_get(&m->sni, host_norm(
			req->sni ? req->sni : req->host, hbuf, sizeof(hbuf)));

		if (se) {
			struct replay_backend b = { .namespace = se->ns,
				.name = se->service, .port = se->port,
				.weight = 1 };

			matched(d, se);
			replay_decision_note(d, "ssl-passthrough: SNI '%s' in "
				"the sni map, TLS passed to %s undecrypted",
				hbuf, se->value);
			d->upstream.method = req->method ? req->method : "GET";
			d->upstream.path = req->path && *req->path ?
				req->path : "/";
			d->upstream.query = req->query;
			d->upstream.host = req->host;
			for (size_t i = 0; i < req->nheaders; i++)
				replay_decision_hdr_add(d, req->headers[i].name,
					req->headers[i].value);
			replay_decision_add_backend(d, &b);
			d->status = 200;
			return 0;
		}
	}
	host = host_norm(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	path = req->path && *req->path ? req->path : "/";
	hk = "";
	if (*host && strmap_get(&m->hosts, host)) {
		hk = host;
	} else if (*host && strchr(host, '.') &&
	    strmap_get(&m->hosts, strchr(host, '.'))) {
		hk = strchr(host, '.');
	}
	if (*host && deeper_wildcard(m, host) && !*hk)
		replay_decision_known(d, "convert/wildcard-depth", "an "
			"Ingress wildcard host matches one label, a Gateway "
			"API wildcard hostname one or more");
	replay_decision_note(d, "frontend %s, host '%s' -> '%s', path '%s'",
		secure ? "https" : "http", host, hk, path);
	if (strlen(hk) + strlen(path) + 1 < sizeof(key)) {
		size_t hl = strlen(hk);

		memcpy(key, hk, hl);
		memcpy(key + hl, path, strlen(path) + 1);
		if ((e = lookup(m, HM_EXACT, key, &dup)))
			stage = "path-exact";
		else if ((e = lookup(m, HM_PREFIX_EXACT, key, &dup)))
			stage = "path-prefix-exact";
		else if ((e = lookup_beg(m, key, &dup)))
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
	matched(d, e);
	replay_decision_note(d, "%s: backend %s", stage, e->value ? e->value :
		"(spec.defaultBackend)");
	if (!rules(m, req, d, e->hi, secure, host))
		return 0;
	d->upstream.method = req->method ? req->method : "GET";
	d->upstream.path = path;
	d->upstream.query = req->query;
	d->upstream.host = req->host;
	for (size_t i = 0; i < req->nheaders; i++)
		replay_decision_hdr_add(d, req->headers[i].name,
			req->headers[i].value);
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
	if (secure && !has_cert(m, host))
		replay_decision_known(d, "convert/haproxy-default-certificate",
			"HAProxy answered HTTPS for a host without certificate "
			"with its default one; the Gateway has HTTPS listeners "
			"only for the hosts of tls sections");
	{
		struct replay_backend b = { .namespace = e->ns,
			.name = e->service, .port = e->port, .weight = 1 };

		replay_decision_add_backend(d, &b);
	}
	d->status = 200;
	return 0;
}
