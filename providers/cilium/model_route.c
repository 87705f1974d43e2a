/*
 * The Cilium model: loading the virtual hosts Cilium's Envoy
 * configuration has for the Ingresses, and routing one request through
 * them (see model.h).
 */
#include "compat.h"

#include "model.h"

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
#include "providers/cilium/annotations.h"
#include "replay/model_common.h"
#include "strmap.h"

enum cm_kind { CM_EXACT = 1, CM_REGEX, CM_PREFIX, CM_PASS };

struct cm_backend {
	const char *ns, *service;
	long port;
};

struct cm_route {
	const struct ingress *ing;	/* the first one of the match */
	long rule_idx, path_idx;	/* -1: the default backend */
	const char *host;		/* lower-case; "*": none */
	enum cm_kind kind;
	const char *path;
	pcre2_code *re;
	bool http, https;		/* listeners it is on */
	bool redirect;			/* on HTTP: 301 to HTTPS */
	bool dedicated;			/* its Ingress's load balancer mode */
	bool apart;			/* a dedicated Ingress has the same
					 * match on an address of its own */
	struct cm_backend *backends;
	size_t nbackends;
	size_t order;
	const char *file;
	uint32_t line;
};

struct replay_cilium {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	struct cm_route *routes;
	size_t nroutes;
	struct strmap keys;		/* host\tkind\tpath -> index + 1 */
	struct strmap hosts;		/* host -> 1 (virtual hosts) */
};

bool
replay_cilium_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (prov_cilium_serves(w, ing, without_class))
		return true;
	if (ing->class_annotation || ing->class_field)
		*why = "its class is not 'cilium' (Cilium compares the class "
			"name: the annotation kubernetes.io/ingress.class, "
			"else spec.ingressClassName)";
	else
		*why = "it has no class and the IngressClass 'cilium' is not "
			"the default class";
	return false;
}

static bool
tls_host(const struct ingress *ing, const char *host)
{
	for (size_t i = 0; host && i < ing->ntls; i++)
		for (size_t j = 0; j < ing->tls[i].nhosts; j++)
			if (!strcasecmp(ing->tls[i].hosts[j], host))
				return true;
	return false;
}

static void
add(struct replay_cilium *m, const struct ingress *ing, long ri, long pi,
	const char *host, enum cm_kind kind, const char *path,
	const struct ing_backend *b, const struct doc_node *at,
	const struct prov_cilium_settings *s, struct diag_sink *sink)
{
	const char *h = host ? replay_lower_dup(&m->arena, host) : "*";
	/* the default backend has no path match: a key of its own */
	const char *key = arena_printf(&m->arena, "%s\t%d\t%s", h,
		ri < 0 ? 0 : (int)kind, path ? path : "");
	uintptr_t have = (uintptr_t)strmap_get(&m->keys, key);
	struct cm_backend be = { ing->ns, b->service, b->port_name ? -1 :
		b->port };
	struct cm_route *r;
	struct src_pos pos = doc_pos(m->set, at);

	if (!b->service)
		return;		/* Cilium routes Services only */
	if (b->port_name) {
		const struct ing_service *svc = ing_world_service(&m->world,
			ing->ns, b->service);

		for (size_t i = 0; svc && i < svc->nports; i++)
			if (svc->ports[i].name && !strcmp(svc->ports[i].name,
			    b->port_name))
				be.port = svc->ports[i].port;
	}
	if (have && m->routes[have - 1].ing != ing &&
	    (s->dedicated || m->routes[have - 1].dedicated)) {
		/* another load balancer: one address shows the oldest */
		const struct ingress *o = m->routes[have - 1].ing;

		r = &m->routes[have - 1];
		r->apart = true;
		if (ing->creation_timestamp && (!o->creation_timestamp ||
		    strcmp(ing->creation_timestamp,
		    o->creation_timestamp) < 0)) {
			r->ing = ing;
			r->rule_idx = ri;
			r->path_idx = pi;
			r->file = pos.file;
			r->line = pos.line;
			r->dedicated = s->dedicated;
			r->backends[0] = be;
			r->nbackends = 1;
		}
		return;
	}
	if (have) {
		r = &m->routes[have - 1];
		r->backends = xrealloc(r->backends, (r->nbackends + 1) *
			sizeof(*r->backends));
		r->backends[r->nbackends++] = be;
		return;
	}
	m->routes = xrealloc(m->routes, (m->nroutes + 1) * sizeof(*m->routes));
	r = &m->routes[m->nroutes];
	memset(r, 0, sizeof(*r));
	r->ing = ing;
	r->rule_idx = ri;
	r->path_idx = pi;
	r->host = h;
	r->kind = kind;
	r->path = path;
	r->order = m->nroutes;
	r->file = pos.file;
	r->line = pos.line;
	r->backends = xmalloc(sizeof(*r->backends));
	r->backends[0] = be;
	r->nbackends = 1;
	r->dedicated = s->dedicated;
	if (kind == CM_PASS) {
		r->https = true;
	} else {
		r->http = true;
		r->https = tls_host(ing, host);
		r->redirect = r->https && s->force_https != 0;
	}
	if (kind == CM_REGEX) {
		int err;
		PCRE2_SIZE off;

		r->re = pcre2_compile((PCRE2_SPTR)path, PCRE2_ZERO_TERMINATED,
			PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &err,
			&off, NULL);
		if (!r->re && sink)
			diag_add(sink, DIAG_WARNING, "replay/bad-regex",
				pos, "Ingress '%s/%s': path '%s' is not a "
				"regular expression the model can compile; "
				"Envoy rejects the route", ing->ns, ing->name,
				path);
	}
	strmap_put(&m->keys, key, (void *)(uintptr_t)(m->nroutes + 1));
	if (strcmp(h, "*") && kind != CM_PASS)
		strmap_put(&m->hosts, h, (void *)1);
	m->nroutes++;
}

/* Each Ingress Cilium serves (replay_load_ingresses' take). */
static void
load_ingress(void *arg, const struct ingress *ing, size_t i,
	struct diag_sink *sink)
{
	struct replay_cilium *m = arg;
	struct prov_cilium_settings s;

	(void)i;
	prov_cilium_parse(&s, &m->arena, m->set, ing->annotations, ing->ns,
		ing->name, NULL);
	if (s.passthrough) {
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *rule = &ing->rules[r];

			if (!rule->host)
				continue;
			for (size_t p = 0; p < rule->npaths; p++)
				if (!strcmp(rule->paths[p].path, "/"))
					add(m, ing, (long)r, (long)p,
						rule->host, CM_PASS, NULL,
						&rule->paths[p].backend,
						rule->paths[p].node, &s, sink);
		}
		return;
	}
	if (ing->has_default_backend)
		add(m, ing, -1, -1, NULL, CM_PREFIX, "/",
			&ing->default_backend, ing->default_backend.node, &s,
			sink);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];

		for (size_t p = 0; p < rule->npaths; p++) {
			const struct ing_path *ip = &rule->paths[p];
			enum cm_kind k = ip->type == ING_PATH_EXACT ? CM_EXACT :
				ip->type == ING_PATH_PREFIX ? CM_PREFIX :
				CM_REGEX;

			add(m, ing, (long)r, (long)p, rule->host, k, ip->path,
				&ip->backend, ip->path_node ? ip->path_node :
				ip->node, &s, sink);
		}
	}
}

/* The length Envoy's route sort sees (a Prefix: without its last '/'). */
static size_t
sort_len(const struct cm_route *r)
{
	size_t n = r->path ? strlen(r->path) : 0;

	if (r->kind == CM_PREFIX && n > 1 && r->path[n - 1] == '/')
		n--;
	return n;
}

static int
by_envoy_order(const void *pa, const void *pb)
{
	const struct cm_route *a = pa, *b = pb;
	size_t la = sort_len(a), lb = sort_len(b);

	if (a->kind != b->kind && (a->kind == CM_EXACT || b->kind ==
	    CM_EXACT || a->kind == CM_REGEX || b->kind == CM_REGEX))
		return a->kind < b->kind ? -1 : 1;
	if (la != lb)
		return la > lb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

int
replay_cilium_load(struct replay_cilium **out, const struct doc_set *set,
	const struct replay_cilium_opts *opts, struct diag_sink *sink)
{
	struct replay_cilium *m;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->cilium_classes ?
			replay_cilium_class_served : NULL,
		.without_class = opts && opts->without_class,
		.who = "Cilium", .take = load_ingress, .arg = m,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	if (m->nroutes)
		qsort(m->routes, m->nroutes, sizeof(*m->routes),
			by_envoy_order);
	*out = m;
	return 0;
}

void
replay_cilium_free(struct replay_cilium *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nroutes; i++) {
		pcre2_code_free(m->routes[i].re);
		free(m->routes[i].backends);
	}
	free(m->routes);
	strmap_release(&m->keys);
	strmap_release(&m->hosts);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

/* ---- routing ------------------------------------------------------------- */

/* The virtual host of a request host (lower-case, no port). */
static const char *
vhost(const struct replay_cilium *m, const char *host)
{
	const char *best = "*";
	size_t bl = 0;

	if (!host)
		return "*";
	if (strmap_get(&m->hosts, host))
		return host;
	for (size_t i = 0; i < m->nroutes; i++) {
		const char *h = m->routes[i].host;
		size_t n = strlen(h), hl = strlen(host);

		if (h[0] != '*' || n < 2 || n - 1 >= hl + 1 || n <= bl)
			continue;
		if (!strcmp(host + hl - (n - 1), h + 1)) {
			best = h;
			bl = n;
		}
	}
	return best;
}

static bool
path_match(struct replay_decision *d, const struct cm_route *r,
	const char *path)
{
	size_t n;
	pcre2_match_data *md;
	int rc;

	switch (r->kind) {
	case CM_EXACT:
		return !strcmp(r->path, path);
	case CM_PREFIX:
		n = strlen(r->path);
		if (n && r->path[n - 1] == '/')
			n--;
		if (!n)
			return true;
		return !strncmp(path, r->path, n) && (!path[n] ||
			path[n] == '/');
	case CM_REGEX:
		if (!r->re)
			return false;
		md = pcre2_match_data_create_from_pattern(r->re, NULL);
		rc = pcre2_match(r->re, (PCRE2_SPTR)path, PCRE2_ZERO_TERMINATED,
			0, 0, md, NULL);
		pcre2_match_data_free(md);
		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
			replay_decision_regex_failed(d, rc, path, strlen(path));
		return rc >= 0;
	default:
		return false;
	}
}

static void
matched(struct replay_decision *d, const struct cm_route *r)
{
	replay_matched_ingress(d, r->ing, r->rule_idx, r->path_idx, r->file,
		r->line);
}

int
replay_cilium_route(const struct replay_cilium *m,
	const struct replay_request *req, struct replay_decision *d)
{
	char hbuf[256];
	const char *host = NULL, *vh, *path;
	const struct cm_route *win = NULL;
	bool secure, later_prefix = false;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "Cilium's Ingress listens for HTTP on "
			"80 and HTTPS on 443, not %s on %u", secure ? "HTTPS" :
			"HTTP", req->port);
		return 0;
	}
	if (req->host || req->sni) {
		const char *h = req->host ? req->host : req->sni;
		size_t n = strcspn(h, ":");

		if (n >= sizeof(hbuf))
			n = sizeof(hbuf) - 1;
		for (size_t i = 0; i < n; i++)
			hbuf[i] = (char)tolower((unsigned char)h[i]);
		hbuf[n] = '\0';
		host = hbuf;
	}
	path = req->path && *req->path ? req->path : "/";
	/* passthrough first: the TLS listener picks by SNI */
	for (size_t i = 0; secure && i < m->nroutes; i++) {
		const struct cm_route *r = &m->routes[i];
		const char *sni = req->sni ? req->sni : host;

		if (r->kind != CM_PASS || !sni || strcasecmp(r->host, sni))
			continue;
		win = r;
		matched(d, r);
		replay_decision_note(d, "tls-passthrough host '%s': the "
			"connection is passed through", r->host);
		goto backends;
	}
	vh = vhost(m, host);
	replay_decision_note(d, "virtual host '%s', path '%s'", vh, path);
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct cm_route *r = &m->routes[i];

		if (r->kind == CM_PASS || strcmp(r->host, vh) ||
		    !(secure ? r->https : r->http))
			continue;
		if (!win) {
			if (path_match(d, r, path))
				win = r;
		} else if (win->kind == CM_REGEX && r->kind == CM_PREFIX &&
		    path_match(d, r, path)) {
			later_prefix = true;
		}
	}
	if (!win) {
		replay_decision_note(d, "no route of the virtual host "
			"matches: 404");
		if (strcmp(vh, "*"))
			for (size_t i = 0; i < m->nroutes; i++) {
				const struct cm_route *r = &m->routes[i];

				if (r->kind == CM_PASS || strcmp(r->host, "*") ||
				    !(secure ? r->https : r->http) ||
				    !path_match(d, r, path))
					continue;
				replay_decision_known(d, r->rule_idx < 0 ?
					"convert/cilium-default-backend" :
					"convert/cilium-host-fallback",
					"Cilium serves the '*' virtual host "
					"(rules without host, the default "
					"backend) only to hosts without one of "
					"their own");
				break;
			}
		return 0;
	}
	if (win->rule_idx < 0)
		for (const struct cm_route *o = win + 1;
		    o < m->routes + m->nroutes; o++)
			if (o->rule_idx >= 0 && !strcmp(o->host, vh) &&
			    o->kind == CM_PREFIX && sort_len(o) == 1) {
				replay_decision_known(d,
					"convert/cilium-default-backend",
					"Cilium tried the default backend before "
					"the Prefix path '/' of a rule without "
					"host");
				break;
			}
	if (win->kind == CM_REGEX)
		replay_decision_known(d, "convert/cilium-regex", later_prefix ?
			"Cilium tries ImplementationSpecific regular "
			"expressions before the Prefix paths of the host" :
			"Cilium matched an ImplementationSpecific path as a "
			"regular expression");
	matched(d, win);
	if (!secure && win->redirect) {
		d->status = 301;
		d->redirect = replay_decision_printf(d, "https://%s%s%s%s",
			req->host ? req->host : host ? host : "", path,
			req->query ? "?" : "", req->query ? req->query : "");
		replay_decision_note(d, "a TLS host: HTTP is redirected to "
			"HTTPS (force-https, enforce-ingress-https)");
		return 0;
	}
backends:
	if (win->apart) {
		replay_decision_note(d, "a dedicated Ingress has the same "
			"match on an address of its own; on one address the "
			"first answers");
		replay_decision_known(d, "convert/cilium-duplicate-path",
			"each dedicated Ingress answered on its own address; "
			"on one address only the first of them does");
	}
	if (win->nbackends > 1)
		replay_decision_known(d, "convert/cilium-duplicate-path",
			"Cilium merged routes of the same match and split the "
			"requests equally between their Services");
	for (size_t i = 0; i < win->nbackends; i++) {
		struct replay_backend b = { .namespace = win->backends[i].ns,
			.name = win->backends[i].service,
			.port = win->backends[i].port,
			.weight = 1.0 / (double)win->nbackends };

		replay_decision_add_backend(d, &b);
	}
	replay_upstream(d, req, path);
	d->status = 200;
	return 0;
}
