/*
 * The Kong model: loading. The Kong routes KIC 3 writes for the Ingresses
 * it serves (subtranslator/ingress.go: one route per Ingress, host and
 * backend; PathsFromIngressPaths; the regex prefix; kongstate route.go:
 * the konghq.com keys of the Ingress; service.go: those of the Service;
 * the default backend), split and ordered as Kong Gateway's router does
 * in its traditional_compatible flavor (router/transform.lua:
 * split_routes_and_services_by_path, get_priority).
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
#include "providers/kong/annotations.h"
#include "replay/model_common.h"
#include "strbuf.h"
#include "strmap.h"

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

bool
replay_kong_class_served(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	const struct ing_class *cls;
	const char *dummy;

	if (!why)
		why = &dummy;
	switch (ing->class_source) {
	case ING_CLASS_NONE:
		if (without_class)
			return true;
		*why = "it has no class, and KIC takes such Ingresses only "
			"when its IngressClass is the default";
		return false;
	case ING_CLASS_ANNOTATION:
		if (ing->class_annotation && !strcmp(ing->class_annotation,
		    "kong"))
			return true;
		*why = "its kubernetes.io/ingress.class annotation is not "
			"'kong'";
		return false;
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		cls = ing_world_class(w, ing->class_name);
		if (cls) {
			if (cls->controller && !strcmp(cls->controller,
			    "ingress-controllers.konghq.com/kong"))
				return true;
			*why = "its IngressClass names another controller";
			return false;
		}
		if (!strcmp(ing->class_name, "kong"))
			return true;
		*why = "its class is not 'kong'";
		return false;
	}
	return false;
}

/* ---- building ---------------------------------------------------------- */

struct mb_path {
	const char *text;
	const struct ing_path *src;
	long rule_idx, path_idx;
};

/* The paths of one Kong route before the split. */
struct mb_route {
	const char *name;
	const char *host;
	const struct ing_backend *b;
	struct mb_path *paths;
	size_t npaths;
};

struct build {
	struct replay_kong *m;
	struct diag_sink *sink;
	const struct ingress *ing;
	size_t rank;
	struct prov_kong k;
	bool access;			/* an access plugin on the Ingress */
	bool plugins;
	struct mb_route *routes;
	size_t nroutes;
};

/* Kong's paths for one Ingress path (PathsFromIngressPaths, then the
 * regex prefix replaced by '~'). */
static size_t
kong_paths(struct build *bd, const struct ing_path *p, const char *out[2])
{
	struct arena *a = &bd->m->arena;
	char *path = arena_strdup(a, p->path_given && *p->path ? p->path :
		"/"), *o = path;
	const char *rp = bd->k.regex_prefix;
	size_t n = 0;

	for (const char *s = path; *s; s++)	/* flattenMultipleSlashes */
		if (!(*s == '/' && s[1] == '/'))
			*o++ = *s;
	*o = '\0';
	switch (p->type) {
	case ING_PATH_PREFIX: {
		const char *b = path;
		size_t len;

		while (*b == '/')
			b++;
		len = strlen(b);
		while (len && b[len - 1] == '/')
			len--;
		if (!len)
			out[n++] = "/";
		else {
			out[n++] = arena_printf(a, "/%.*s/", (int)len, b);
			out[n++] = arena_printf(a, "~/%.*s$", (int)len, b);
		}
		break;
	}
	case ING_PATH_EXACT: {
		const char *b = path;

		while (*b == '/')
			b++;
		out[n++] = arena_printf(a, "~/%s$", b);
		break;
	}
	default:
		out[n++] = path;
		break;
	}
	for (size_t i = 0; i < n; i++)
		if (*rp && !strncmp(out[i], rp, strlen(rp)))
			out[i] = arena_printf(a, "~%s", out[i] + strlen(rp));
	return n;
}

static struct mb_route *
mb_route(struct build *bd, const char *host, const struct ing_backend *b)
{
	const char *name = arena_printf(&bd->m->arena, "%s.%s.%s.%s.%d%s",
		bd->ing->ns, bd->ing->name, b->service, host ? host : "",
		b->port, b->port_name ? b->port_name : "");
	struct mb_route *r;

	for (size_t i = 0; i < bd->nroutes; i++)
		if (!strcmp(bd->routes[i].name, name))
			return &bd->routes[i];
	bd->routes = xrealloc(bd->routes, (bd->nroutes + 1) *
		sizeof(*bd->routes));
	r = &bd->routes[bd->nroutes++];
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->host = host;
	r->b = b;
	return r;
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

static pcre2_code *
compile(struct replay_kong *m, const char *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
		PCRE2_ANCHORED | PCRE2_UTF, &err, &off, NULL);

	if (code) {
		m->res = xrealloc(m->res, (m->nres + 1) * sizeof(*m->res));
		m->res[m->nres++] = code;
	}
	return code;
}

/* Kong's priority (transform.lua get_priority): the number of fields,
 * plain hosts only, the number of headers, regex or not, regex_priority,
 * the prefix length. */
static uint64_t
priority(const struct km_route *r)
{
	uint64_t weight = 1;	/* paths */
	bool plain = r->nhosts > 0;
	uint64_t len = 0, rp = 0;

	weight += r->nmethods > 0;
	weight += r->nhosts > 0;
	weight += r->nheaders > 0;
	weight += r->nsnis > 0;
	for (size_t i = 0; i < r->nhosts; i++)
		if (strchr(r->hosts[i], '*'))
			plain = false;
	if (r->regex)
		rp = r->regex_priority > 0 ? (uint64_t)r->regex_priority &
			0xFFFFFFFFULL : 0;
	else if (r->npaths)
		len = strlen(r->paths[0].text) & 0x7FFFF;
	return (weight << 61) | ((uint64_t)plain << 60) |
		((uint64_t)(r->nheaders & 0xFF) << 52) |
		((uint64_t)r->regex << 51) | (rp << 19) | len;
}

static void
fill_route(struct build *bd, struct km_route *kr, const struct mb_route *mr,
	const struct ing_service *svc, const struct prov_kong *sk)
{
	struct replay_kong *m = bd->m;
	struct arena *a = &m->arena;
	const struct prov_kong *k = &bd->k;
	bool http = true, https = true;

	kr->ing = bd->ing;
	kr->ing_rank = bd->rank;
	kr->name = mr->name;
	kr->hosts = arena_alloc(a, (1 + k->host_aliases.len) *
		sizeof(*kr->hosts));
	if (mr->host)
		kr->hosts[kr->nhosts++] = replay_lower_dup(a, mr->host);
	for (size_t i = 0; i < k->host_aliases.len; i++) {
		bool dup = false;

		for (size_t j = 0; j < kr->nhosts; j++)
			dup |= !strcasecmp(kr->hosts[j], k->host_aliases.v[i]);
		if (!dup)
			kr->hosts[kr->nhosts++] = replay_lower_dup(a,
				k->host_aliases.v[i]);
	}
	if (k->nheaders) {
		kr->headers = arena_alloc(a, k->nheaders *
			sizeof(*kr->headers));
		for (size_t i = 0; i < k->nheaders; i++) {
			struct km_header *h = &kr->headers[i];

			h->name = replay_lower_dup(a, k->headers[i].name);
			h->nvalues = k->headers[i].values.len;
			h->values = arena_alloc(a, (h->nvalues + 1) *
				sizeof(*h->values));
			for (size_t j = 0; j < h->nvalues; j++)
				h->values[j] = replay_lower_dup(a,
					k->headers[i].values.v[j]);
		}
		kr->nheaders = k->nheaders;
	}
	kr->methods = k->methods.v;
	kr->nmethods = k->methods.len;
	kr->snis = k->snis.v;
	kr->nsnis = k->snis.len;
	kr->regex_priority = k->regex_priority;
	kr->redirect_code = k->redirect_code;
	if (k->force_ssl) {
		http = false;
		if (!prov_kong_slot(k, "https-redirect-status-code")->key_node ||
		    prov_kong_slot(k, "https-redirect-status-code")->bad)
			kr->redirect_code = 302;
	}
	if (k->protocols.len) {
		http = https = false;
		for (size_t i = 0; i < k->protocols.len; i++) {
			const char *p = k->protocols.v[i];

			http |= !strcmp(p, "http") || !strcmp(p, "ws") ||
				!strcmp(p, "grpc");
			https |= !strcmp(p, "https") || !strcmp(p, "wss") ||
				!strcmp(p, "grpcs");
		}
	}
	kr->http = http;
	kr->https = https;
	kr->strip_path = k->strip_path;
	kr->preserve_host = k->preserve_host;
	kr->rewrite = k->rewrite && !prov_kong_slot(k, "rewrite")->bad ?
		k->rewrite : NULL;
	kr->path_handling = k->path_handling ? k->path_handling : "v0";
	kr->plugins = bd->plugins || (sk && sk->plugins.len);
	kr->access_plugins = bd->access;
	kr->ns = bd->ing->ns;
	kr->service = mr->b->service;
	kr->port = find_port(svc, mr->b);
	kr->svc_path = sk && sk->path ? sk->path : "/";
	kr->host_header = sk ? sk->host_header : NULL;
	kr->backend_tls = sk && sk->protocol && (!strcmp(sk->protocol,
		"https") || !strcmp(sk->protocol, "grpcs"));
}

/* A KongPlugin's (or KongClusterPlugin's) plugin type, NULL: unknown. */
static const char *
plugin_type(struct replay_kong *m, const char *ns, const char *ref)
{
	const char *colon = strchr(ref, ':');
	const char *name = colon ? colon + 1 : ref;
	size_t nl = colon ? (size_t)(colon - ref) : strlen(ns);
	const char *pns = colon ? ref : ns;

	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];
		const char *ons = o->ns ? o->ns : "default";

		if (!o->name || strcmp(o->name, name) || !o->api_version ||
		    strncmp(o->api_version, "configuration.konghq.com/", 25))
			continue;
		if ((!strcmp(o->kind, "KongPlugin") && strlen(ons) == nl &&
		    !strncmp(ons, pns, nl)) || !strcmp(o->kind,
		    "KongClusterPlugin"))
			return doc_str(doc_get(o->root, "plugin"));
	}
	return NULL;
}

/* Splits a route by path group and keeps the parts. */
static void
keep(struct build *bd, const struct mb_route *mr)
{
	struct replay_kong *m = bd->m;
	const struct ing_service *svc = ing_world_service(&m->world,
		bd->ing->ns, mr->b->service);
	struct prov_kong sk;
	bool has_sk = false;

	if (m->world.nservices && !svc && !m->assume_services) {
		say(m, bd->sink, DIAG_INFO, "replay/kong-route-skipped",
			mr->b->node, "Ingress '%s/%s': Service '%s' is not in "
			"the input, which lists Services: KIC cannot make the "
			"Kong service, and its route is not served",
			bd->ing->ns, bd->ing->name, mr->b->service);
		return;
	}
	if (svc && svc->obj) {
		prov_kong_read(&sk, &m->arena, doc_get(doc_get(svc->obj->root,
			"metadata"), "annotations"));
		has_sk = true;
		if (prov_kong_slot(&sk, "protocol")->bad) {
			say(m, bd->sink, DIAG_INFO, "replay/kong-route-skipped",
				mr->b->node, "Ingress '%s/%s': Service '%s' "
				"has an invalid konghq.com/protocol: KIC fails "
				"its Kong service", bd->ing->ns, bd->ing->name,
				mr->b->service);
			return;
		}
		for (size_t i = 0; i < sk.plugins.len; i++)
			if (prov_kong_access_plugin(plugin_type(m, svc->ns,
			    sk.plugins.v[i])))
				bd->access = true;
	}
	/* group 0: the regular expressions; then one a prefix length */
	for (int pass = 0; pass < 2; pass++) {
		bool *done = xcalloc(mr->npaths + 1, sizeof(*done));

		for (size_t i = 0; i < mr->npaths; i++) {
			bool re = mr->paths[i].text[0] == '~';
			size_t len = strlen(mr->paths[i].text);
			struct km_route kr = { 0 };

			if (done[i] || re != (pass == 0))
				continue;
			fill_route(bd, &kr, mr, svc, has_sk ? &sk : NULL);
			kr.regex = re;
			kr.paths = arena_alloc(&m->arena, mr->npaths *
				sizeof(*kr.paths));
			for (size_t j = i; j < mr->npaths; j++) {
				const struct mb_path *mp = &mr->paths[j];
				struct km_path *kp;
				const struct doc_node *at;

				if (done[j] || (mp->text[0] == '~') != re ||
				    (!re && strlen(mp->text) != len))
					continue;
				done[j] = true;
				kp = &kr.paths[kr.npaths++];
				kp->text = mp->text;
				kp->regex = re;
				if (re && !(kp->re = compile(m, mp->text + 1)))
					say(m, bd->sink, DIAG_INFO,
						"replay/kong-route-skipped",
						mp->src ? mp->src->node : NULL,
						"Ingress '%s/%s': the Kong regex "
						"path '%s' does not compile: "
						"Kong rejects the configuration",
						bd->ing->ns, bd->ing->name,
						mp->text);
				kp->ing_path = mp->src ? mp->src->path : "/";
				kp->rule_idx = mp->rule_idx;
				kp->path_idx = mp->path_idx;
				at = mp->src ? (mp->src->path_node ?
					mp->src->path_node : mp->src->node) :
					bd->ing->default_backend.node;
				if (at) {
					struct src_pos pos = doc_pos(m->set, at);

					kp->file = pos.file;
					kp->line = pos.line;
				}
			}
			kr.priority = priority(&kr);
			m->routes = xrealloc(m->routes, (m->nroutes + 1) *
				sizeof(*m->routes));
			m->routes[m->nroutes++] = kr;
		}
		free(done);
	}
}

static void
load_certs(struct replay_kong *m, const struct ingress *ing)
{
	for (size_t t = 0; t < ing->ntls; t++) {
		if (!ing->tls[t].secret)
			continue;
		for (size_t h = 0; h < ing->tls[t].nhosts; h++) {
			m->certs = xrealloc(m->certs, (m->ncerts + 1) *
				sizeof(*m->certs));
			m->certs[m->ncerts++] = replay_lower_dup(&m->arena,
				ing->tls[t].hosts[h]);
		}
	}
}

static void
load_ingress(struct replay_kong *m, const struct ingress *ing, size_t rank,
	bool default_backend, struct diag_sink *sink)
{
	struct build bd = { .m = m, .sink = sink, .ing = ing, .rank = rank };

	prov_kong_read(&bd.k, &m->arena, ing->annotations);
	bd.plugins = bd.k.plugins.len > 0;
	for (size_t i = 0; i < bd.k.plugins.len; i++)
		if (prov_kong_access_plugin(plugin_type(m, ing->ns,
		    bd.k.plugins.v[i])))
			bd.access = true;
	load_certs(m, ing);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];

		for (size_t p = 0; p < rule->npaths; p++) {
			const struct ing_path *ip = &rule->paths[p];
			const char *kp[2];
			size_t n;
			struct mb_route *mr;

			if (!ip->backend.service)
				continue;
			mr = mb_route(&bd, rule->host, &ip->backend);
			n = kong_paths(&bd, ip, kp);
			mr->paths = xrealloc(mr->paths, (mr->npaths + n) *
				sizeof(*mr->paths));
			for (size_t i = 0; i < n; i++)
				mr->paths[mr->npaths++] = (struct mb_path){
					kp[i], ip, (long)r, (long)p };
		}
	}
	if (default_backend && ing->default_backend.service) {
		struct mb_route *mr;

		bd.routes = xrealloc(bd.routes, (bd.nroutes + 1) *
			sizeof(*bd.routes));
		mr = &bd.routes[bd.nroutes++];
		memset(mr, 0, sizeof(*mr));
		mr->name = "default";
		mr->b = &ing->default_backend;
		mr->paths = xmalloc(sizeof(*mr->paths));
		mr->paths[0] = (struct mb_path){ "/", NULL, -1, -1 };
		mr->npaths = 1;
	}
	for (size_t i = 0; i < bd.nroutes; i++) {
		struct mb_route *mr = &bd.routes[i];
		size_t before = m->nroutes;

		keep(&bd, mr);
		if (!strcmp(mr->name, "default"))
			for (size_t j = before; j < m->nroutes; j++) {
				/* the default backend's route: no keys */
				struct km_route *kr = &m->routes[j];

				kr->nhosts = kr->nheaders = kr->nmethods =
					kr->nsnis = 0;
				kr->http = kr->https = true;
				kr->strip_path = false;
				kr->preserve_host = true;
				kr->rewrite = NULL;
				kr->plugins = kr->access_plugins = false;
				kr->priority = priority(kr);
			}
		free(mr->paths);
	}
	free(bd.routes);
}

/* Priority descending; equal ones by Ingress, then route name (Kong:
 * unspecified). */
static int
by_priority(const void *pa, const void *pb)
{
	const struct km_route *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->ing_rank != b->ing_rank)
		return a->ing_rank < b->ing_rank ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The Ingresses KIC serves, in the input's order: the default backend is
 * the oldest one's, known only once all are. */
struct served {
	struct {
		const struct ingress *ing;
		size_t i;
	} *v;
	size_t n;
};

static void
serve(void *arg, const struct ingress *ing, size_t i,
	struct diag_sink *sink)
{
	struct served *sv = arg;

	(void)sink;
	sv->v = xrealloc(sv->v, (sv->n + 1) * sizeof(*sv->v));
	sv->v[sv->n].ing = ing;
	sv->v[sv->n++].i = i;
}

int
replay_kong_load(struct replay_kong **out, const struct doc_set *set,
	const struct replay_kong_opts *opts, struct diag_sink *sink)
{
	struct replay_kong *m;
	struct served sv = { 0 };
	const struct ingress *def = NULL;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->kong_classes ?
			replay_kong_class_served : NULL,
		.without_class = opts && opts->without_class,
		.who = "KIC", .take = serve, .arg = &sv,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	/* the oldest Ingress's default backend */
	for (size_t k = 0; k < sv.n; k++) {
		const struct ingress *ing = sv.v[k].ing;

		if (ing->has_default_backend && (!def ||
		    (ing->creation_timestamp && (!def->creation_timestamp ||
		    strcmp(ing->creation_timestamp,
		    def->creation_timestamp) < 0))))
			def = ing;
	}
	for (size_t k = 0; k < sv.n; k++)
		load_ingress(m, sv.v[k].ing, sv.v[k].i, sv.v[k].ing == def,
			sink);
	free(sv.v);
	if (m->nroutes)
		qsort(m->routes, m->nroutes, sizeof(*m->routes), by_priority);
	*out = m;
	return 0;
}

void
replay_kong_free(struct replay_kong *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nres; i++)
		pcre2_code_free(m->res[i]);
	free(m->res);
	free(m->routes);
	free(m->certs);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_kong_route_count(const struct replay_kong *m)
{
	return m ? m->nroutes : 0;
}
