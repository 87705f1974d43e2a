/*
 * The Istio model: loading the VirtualService routes istiod makes of the
 * Ingresses, and routing one request through them (see model.h).
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "k8s.h"
#include "providers/istio/annotations.h"
#include "replay/model_common.h"
#include "strmap.h"

enum im_kind { IM_EXACT = 1, IM_PREFIX, IM_ANY };

struct im_route {
	const struct ingress *ing;
	long rule_idx, path_idx;
	const char *host;		/* lower-case; "*": none */
	enum im_kind kind;
	const char *path;		/* IM_PREFIX: without a last '/' */
	size_t len;			/* what istiod sorts by */
	const char *ts;			/* creationTimestamp, "" none */
	size_t order;			/* input order of path */
	const char *ns, *service;
	long port;
	bool usable;			/* istiod made a route of it */
	const char *file;
	uint32_t line;
};

struct replay_istio {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	struct im_route *routes;
	size_t nroutes;
	struct strmap hosts;		/* virtual hosts */
	struct strmap tls;		/* hosts served on 443 ("*": all) */
};

bool
replay_istio_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (prov_istio_serves(w, ing, without_class))
		return true;
	if (ing->class_annotation)
		*why = "its kubernetes.io/ingress.class is not 'istio'";
	else if (ing->class_name)
		*why = "its IngressClass's controller is not "
			"istio.io/ingress-controller";
	else
		*why = "it has no class, which istiod serves only in "
			"ingressControllerMode DEFAULT (STRICT by default; "
			"--watch-ingress-without-class models DEFAULT)";
	return false;
}

static void
add(struct replay_istio *m, const struct ingress *ing, size_t ri, size_t pi)
{
	const struct ing_rule *rule = &ing->rules[ri];
	const struct ing_path *p = &rule->paths[pi];
	const struct ing_backend *b = &p->backend;
	struct src_pos pos = doc_pos(m->set, p->path_node ? p->path_node :
		p->node);
	struct im_route r = { .ing = ing, .rule_idx = (long)ri,
		.path_idx = (long)pi, .ns = ing->ns, .service = b->service,
		.port = b->port, .usable = b->service != NULL,
		.file = pos.file, .line = pos.line,
		.ts = ing->creation_timestamp ? ing->creation_timestamp : "" };
	const char *s = p->path_given ? p->path : "";
	size_t n = strlen(s);

	r.host = rule->host ? replay_lower_dup(&m->arena, rule->host) : "*";
	if (p->type == ING_PATH_EXACT) {
		r.kind = IM_EXACT;
		r.path = s;
	} else if (p->type == ING_PATH_PREFIX) {
		r.kind = IM_PREFIX;
		r.path = s;
	} else if (!*s || !strcmp(s, "*") || !strcmp(s, "/*") ||
	    !strcmp(s, ".*")) {
		r.kind = IM_ANY;
		r.path = "";
	} else if (n >= 2 && (!strcmp(s + n - 2, "/*") ||
	    !strcmp(s + n - 2, ".*"))) {
		r.kind = IM_PREFIX;
		r.path = arena_strndup(&m->arena, s, n - 2);
	} else {
		r.kind = IM_EXACT;
		r.path = s;
	}
	r.len = strlen(r.path);
	if (b->service && b->port_name) {
		const struct ing_service *svc = ing_world_service(&m->world,
			ing->ns, b->service);

		r.usable = false;	/* istiod resolves it, or skips */
		for (size_t i = 0; svc && i < svc->nports; i++)
			if (svc->ports[i].name && !strcmp(svc->ports[i].name,
			    b->port_name)) {
				r.port = svc->ports[i].port;
				r.usable = true;
			}
	}
	if (!r.usable)
		return;
	r.order = m->nroutes;
	m->routes = xrealloc(m->routes, (m->nroutes + 1) * sizeof(*m->routes));
	m->routes[m->nroutes++] = r;
	if (strcmp(r.host, "*"))
		strmap_put(&m->hosts, r.host, (void *)1);
}

static void
load_tls(struct replay_istio *m, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];

		if (!t->secret)
			continue;	/* istiod skips it */
		if (!t->nhosts)
			strmap_put(&m->tls, "*", (void *)1);
		for (size_t j = 0; j < t->nhosts; j++)
			strmap_put(&m->tls, replay_lower_dup(&m->arena,
				t->hosts[j]), (void *)1);
	}
}

/* sortRulesByCreationTimestamp, then sortHTTPRoutes (stable). */
static int
by_istio_order(const void *pa, const void *pb)
{
	const struct im_route *a = pa, *b = pb;
	int c;

	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	if ((a->kind == IM_EXACT) != (b->kind == IM_EXACT))
		return a->kind == IM_EXACT ? -1 : 1;
	if (!*a->ts != !*b->ts)
		return *a->ts ? -1 : 1;	/* not created yet: the newest */
	if ((c = strcmp(a->ts, b->ts)))
		return c;
	if (a->ing != b->ing) {
		if ((c = strcmp(a->ing->name, b->ing->name)))
			return c;
		if ((c = strcmp(a->ing->ns, b->ing->ns)))
			return c;
	}
	if (a->rule_idx != b->rule_idx)
		return a->rule_idx < b->rule_idx ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Each Ingress Istio serves (replay_load_ingresses' take). */
static void
load_ingress(void *arg, const struct ingress *ing, size_t i,
	struct diag_sink *sink)
{
	struct replay_istio *m = arg;

	(void)i;
	(void)sink;
	load_tls(m, ing);
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			add(m, ing, r, p);
}

int
replay_istio_load(struct replay_istio **out, const struct doc_set *set,
	const struct replay_istio_opts *opts, struct diag_sink *sink)
{
	struct replay_istio *m;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->istio_classes ?
			replay_istio_class_served : NULL,
		.without_class = opts && opts->without_class,
		.who = "Istio", .take = load_ingress, .arg = m,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	if (m->nroutes)
		qsort(m->routes, m->nroutes, sizeof(*m->routes),
			by_istio_order);
	*out = m;
	return 0;
}

void
replay_istio_free(struct replay_istio *m)
{
	if (!m)
		return;
	free(m->routes);
	strmap_release(&m->hosts);
	strmap_release(&m->tls);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

/* ---- routing ------------------------------------------------------------- */

/* The longest "*.suffix" of keys that covers host, or NULL. */
static const char *
wildcard(const struct strmap *keys, const struct im_route *rs, size_t n,
	const char *host, bool routes)
{
	const char *best = NULL;
	size_t bl = 0, hl = strlen(host);

	(void)keys;
	for (size_t i = 0; routes && i < n; i++) {
		const char *h = rs[i].host;
		size_t l = strlen(h);

		if (h[0] != '*' || l < 2 || l - 1 >= hl + 1 || l <= bl)
			continue;
		if (!strcmp(host + hl - (l - 1), h + 1)) {
			best = h;
			bl = l;
		}
	}
	return best;
}

static bool
tls_served(const struct replay_istio *m, const char *host)
{
	const char *dot;

	if (strmap_get(&m->tls, "*"))
		return true;
	if (!host)
		return false;
	if (strmap_get(&m->tls, host))
		return true;
	for (dot = strchr(host, '.'); dot; dot = strchr(dot + 1, '.')) {
		char buf[300];

		snprintf(buf, sizeof(buf), "*%s", dot);
		if (strmap_get(&m->tls, buf))
			return true;
	}
	return false;
}

static bool
path_match(const struct im_route *r, const char *path)
{
	size_t n;

	switch (r->kind) {
	case IM_EXACT:
		return !strcmp(r->path, path);
	case IM_PREFIX:
		n = strlen(r->path);
		if (n && r->path[n - 1] == '/')
			n--;
		if (!n)
			return true;
		return !strncmp(path, r->path, n) && (!path[n] ||
			path[n] == '/');
	case IM_ANY:
		return true;
	}
	return false;
}

int
replay_istio_route(const struct replay_istio *m,
	const struct replay_request *req, struct replay_decision *d)
{
	char hbuf[256];
	const char *host = NULL, *vh = "*", *path;
	const struct im_route *win = NULL;
	bool secure;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (secure ? 443u : 80u)) {
		replay_decision_note(d, "the Ingress Gateway of istiod has "
			"HTTP on 80 and HTTPS on 443, not %s on %u", secure ?
			"HTTPS" : "HTTP", req->port);
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
	if (secure && !tls_served(m, host)) {
		replay_decision_note(d, "no spec.tls entry with a secretName "
			"covers '%s': the gateway has no HTTPS server for it",
			host ? host : "");
		return 0;
	}
	if (host && strmap_get(&m->hosts, host))
		vh = host;
	else if (host && wildcard(&m->hosts, m->routes, m->nroutes, host,
	    true))
		vh = wildcard(&m->hosts, m->routes, m->nroutes, host, true);
	path = req->path && *req->path ? req->path : "/";
	replay_decision_note(d, "virtual host '%s', path '%s'", vh, path);
	for (size_t i = 0; i < m->nroutes && !win; i++)
		if (!strcmp(m->routes[i].host, vh) &&
		    path_match(&m->routes[i], path))
			win = &m->routes[i];
	if (!win) {
		replay_decision_note(d, "no route of the virtual host "
			"matches: 404");
		if (strcmp(vh, "*"))
			for (size_t i = 0; i < m->nroutes; i++)
				if (!strcmp(m->routes[i].host, "*") &&
				    path_match(&m->routes[i], path)) {
					replay_decision_known(d,
						"convert/istio-host-fallback",
						"Istio serves the rules without "
						"host only to hosts without a "
						"virtual host of their own");
					break;
				}
		return 0;
	}
	if (win->kind == IM_PREFIX && win->len > 1 &&
	    win->path[win->len - 1] == '/')
		for (const struct im_route *o = win + 1;
		    o < m->routes + m->nroutes; o++)
			if (!strcmp(o->host, vh) && o->len + 1 == win->len &&
			    !strncmp(o->path, win->path, o->len) &&
			    path_match(o, path) && (strcmp(o->service,
			    win->service) || o->port != win->port)) {
				replay_decision_known(d,
					"convert/istio-route-order", "istiod "
					"put the Prefix path with a last '/' "
					"before the same path without it");
				break;
			}
	if (win->kind == IM_PREFIX && win->len == 1)
		for (const struct im_route *o = win + 1;
		    o < m->routes + m->nroutes; o++)
			if (!strcmp(o->host, vh) && o->kind == IM_ANY &&
			    (strcmp(o->service, win->service) ||
			    o->port != win->port)) {
				replay_decision_known(d,
					"convert/istio-route-order", "istiod "
					"put the Prefix path '/' before the "
					"catch-all path");
				break;
			}
	if (win->kind == IM_ANY)
		replay_decision_note(d, "an ImplementationSpecific path "
			"without match: every path");
	replay_matched_ingress(d, win->ing, win->rule_idx, win->path_idx,
		win->file, win->line);
	replay_one_backend(d, win->ns, win->service, win->port);
	replay_upstream(d, req, path);
	d->status = 200;
	return 0;
}
