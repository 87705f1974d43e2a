/*
 * The GKE Ingress model: loading. One load balancer per Ingress GLBC
 * serves, with the URL map TranslateIngress builds (host rules, their
 * paths by pathType, the default service), its frontends, and the
 * BackendConfig settings of its backends.
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "providers/gce/annotations.h"
#include "replay/model_common.h"

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

bool
replay_gce_class_named(const struct ingress *ing)
{
	const char *a = ing->class_annotation;

	return a && (!strcmp(a, "gce") || !strcmp(a, "gce-internal") ||
		!strcmp(a, "gce-regional-external"));
}

bool
replay_gce_class_served(const struct ingress *ing, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (ing->class_annotation && *ing->class_annotation) {
		if (replay_gce_class_named(ing))
			return true;
		*why = "its kubernetes.io/ingress.class annotation is not gce, "
			"gce-internal or gce-regional-external";
		return false;
	}
	if (ing->class_field) {
		*why = "it names an IngressClass, and GKE's Ingress controller "
			"serves none";
		return false;
	}
	return true;
}

/* GLBC's class check needs no IngressClass object, nor a flag for the
 * Ingresses without a class. */
static bool
serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)w;
	(void)without_class;
	return replay_gce_class_served(ing, why);
}

/* ---- the objects of the input ---- */

static const struct k8s_object *
gke_object(const struct replay_gce *m, const char *kind, const char *ns,
	const char *name)
{
	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];

		if (o->name && !strcmp(o->kind, kind) && !strcmp(o->name,
		    name) && !strcmp(o->ns ? o->ns : "default", ns))
			return o;
	}
	return NULL;
}

static void
headers(struct replay_gce *m, const struct doc_node *list,
	struct gm_header **out, size_t *n)
{
	size_t len = doc_len(list);

	*out = arena_alloc(&m->arena, (len + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < len; i++) {
		const char *s = doc_str(doc_item(list, i));
		const char *colon = s ? strchr(s, ':') : NULL;
		struct gm_header *h = &(*out)[*n];

		if (!colon || colon == s || strchr(colon, '{'))
			continue;	/* rejected, or a variable */
		h->name = arena_strndup(&m->arena, s, (size_t)(colon - s));
		for (colon++; *colon == ' '; colon++)
			;
		h->value = arena_strdup(&m->arena, colon);
		(*n)++;
	}
}

/* The Service port of b, its BackendConfig's settings. */
static void
backend(struct replay_gce *m, const struct ingress *ing,
	const struct ing_backend *b, struct gm_backend *be)
{
	const struct ing_service *svc;
	const char *port_name = b->port_name, *bc, *why;
	const struct doc_node *kn, *spec, *n;
	const struct k8s_object *o;
	bool on = false;

	memset(be, 0, sizeof(*be));
	be->ns = ing->ns;
	be->service = b->service;
	be->port = b->port_name ? -1 : b->port;
	svc = ing_world_service(&m->world, ing->ns, b->service);
	if (!svc)
		return;
	for (size_t i = 0; i < svc->nports; i++) {
		const struct ing_service_port *p = &svc->ports[i];

		if ((b->port_name && p->name && !strcmp(p->name,
		    b->port_name)) || (!b->port_name && p->port == b->port)) {
			be->port = p->port;
			port_name = p->name;
		}
	}
	bc = prov_gce_backend_config(&m->arena, doc_get(svc->obj->metadata,
		"annotations"), port_name, (int)be->port, &kn, &why);
	if (!bc || !(o = gke_object(m, "BackendConfig", ing->ns, bc)))
		return;
	spec = doc_get(o->root, "spec");
	if (((n = doc_get(spec, "iap")) && doc_bool(doc_get(n, "enabled"),
	    &on) && on) || ((n = doc_get(spec, "securityPolicy")) &&
	    doc_str(doc_get(n, "name")) && *doc_str(doc_get(n, "name"))))
		be->closed = true;
	headers(m, doc_path(spec, "customRequestHeaders.headers"), &be->req,
		&be->nreq);
	headers(m, doc_path(spec, "customResponseHeaders.headers"), &be->resp,
		&be->nresp);
}

/* ---- the URL map ---- */

static const char *
lower_host(struct replay_gce *m, const char *h)
{
	char *s;

	if (!h || !*h)
		return "*";
	s = arena_strdup(&m->arena, h);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* A URL-map path GCE accepts: '/' first, a star only as a final "/"+star. */
static bool
url_map_ok(const char *p)
{
	const char *star = strchr(p, '*');

	return p[0] == '/' && (!star || (!star[1] && star[-1] == '/')) &&
		!strchr(p, '?') && !strchr(p, '#');
}

static void
add_path(struct replay_gce *m, struct gm_host *h, const char *path,
	const struct ing_path *src, const struct gm_backend *be, long ri,
	long pi)
{
	struct src_pos pos = doc_pos(m->set, src->path_node ? src->path_node :
		src->node);
	size_t len = strlen(path);
	struct gm_path gp = {
		.path = path, .be = *be, .rule_idx = ri, .path_idx = pi,
		.file = pos.file, .line = pos.line,
		.from_is = src->type != ING_PATH_EXACT &&
			src->type != ING_PATH_PREFIX,
	};

	gp.glob = len >= 2 && path[len - 1] == '*';
	gp.plen = gp.glob ? len - 1 : len;
	/* of two equal paths, the later wins */
	for (size_t i = 0; i < h->npaths; i++)
		if (!strcmp(h->paths[i].path, path)) {
			h->paths[i] = gp;
			return;
		}
	h->paths = xrealloc(h->paths, (h->npaths + 1) * sizeof(*h->paths));
	h->paths[h->npaths++] = gp;
}

static void
rule_paths(struct replay_gce *m, struct diag_sink *sink,
	const struct ingress *ing, struct gm_host *h, long ri)
{
	const struct ing_rule *rule = &ing->rules[ri];

	for (size_t j = 0; j < rule->npaths; j++) {
		const struct ing_path *p = &rule->paths[j];
		const char *s = p->path_given ? p->path : "";
		size_t n = strlen(s);
		struct gm_backend be;

		if (!p->backend.service)
			continue;	/* not a Service: an error in GLBC */
		backend(m, ing, &p->backend, &be);
		switch (p->type) {
		case ING_PATH_EXACT:
			if (n && !strchr(s, '*'))
				add_path(m, h, s, p, &be, ri, (long)j);
			break;
		case ING_PATH_PREFIX:
			if (!n || strchr(s, '*'))
				break;
			if (!strcmp(s, "/")) {
				add_path(m, h, "/*", p, &be, ri, (long)j);
				break;
			}
			add_path(m, h, arena_strndup(&m->arena, s,
				s[n - 1] == '/' ? n - 1 : n), p, &be, ri,
				(long)j);
			add_path(m, h, arena_printf(&m->arena, "%.*s/*",
				(int)(s[n - 1] == '/' ? n - 1 : n), s), p, &be,
				ri, (long)j);
			break;
		default:
			if (!n)
				s = "/*";
			if (!url_map_ok(s)) {
				say(m, sink, DIAG_INFO,
					"replay/gce-path-skipped",
					p->path_node ? p->path_node : p->node,
					"Ingress '%s/%s': path '%s' is not a "
					"URL-map path; GCE rejects it and the "
					"model leaves it out", ing->ns,
					ing->name, s);
				break;
			}
			add_path(m, h, s, p, &be, ri, (long)j);
			break;
		}
	}
}

/* Each Ingress ingress-gce serves (replay_load_ingresses' take). */
static void
load_ingress(void *arg, const struct ingress *ing, size_t rank,
	struct diag_sink *sink)
{
	struct replay_gce *m = arg;
	struct gm_lb lb = { .ing = ing, .rank = rank };
	const struct doc_node *anns = ing->annotations;
	const char *s;
	bool b;

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		const char *h;
		struct gm_host *gh = NULL;

		if (!rule->npaths)
			continue;
		h = lower_host(m, rule->host);
		/* a later rule of the host replaces the earlier one */
		for (size_t k = 0; k < lb.nhosts; k++)
			if (!strcmp(lb.hosts[k].host, h)) {
				gh = &lb.hosts[k];
				free(gh->paths);
				gh->paths = NULL;
				gh->npaths = 0;
			}
		if (!gh) {
			lb.hosts = xrealloc(lb.hosts, (lb.nhosts + 1) *
				sizeof(*lb.hosts));
			gh = &lb.hosts[lb.nhosts++];
			memset(gh, 0, sizeof(*gh));
			gh->host = h;
		}
		rule_paths(m, sink, ing, gh, (long)i);
	}
	if (ing->has_default_backend && ing->default_backend.service) {
		struct src_pos p = doc_pos(m->set, ing->default_backend.node);

		lb.has_default = true;
		backend(m, ing, &ing->default_backend, &lb.def);
		lb.def_file = p.file;
		lb.def_line = p.line;
	}
	lb.http = true;
	s = doc_str(doc_get(anns, "kubernetes.io/ingress.allow-http"));
	if (s && prov_str_bool(s, &b))
		lb.http = b;
	lb.https = ing->ntls > 0 ||
		doc_get(anns, "ingress.gcp.kubernetes.io/pre-shared-cert") ||
		doc_get(anns, "networking.gke.io/managed-certificates");
	s = doc_str(doc_get(anns, "networking.gke.io/v1beta1.FrontendConfig"));
	if (s && *s) {
		const struct k8s_object *fc = gke_object(m, "FrontendConfig",
			ing->ns, s);
		const struct doc_node *rd = fc ? doc_path(fc->root,
			"spec.redirectToHttps") : NULL;

		if (rd && doc_bool(doc_get(rd, "enabled"), &b) && b)
			lb.redirect = prov_gce_redirect_code(doc_str(doc_get(
				rd, "responseCodeName")));
	}
	m->lbs = xrealloc(m->lbs, (m->nlbs + 1) * sizeof(*m->lbs));
	m->lbs[m->nlbs++] = lb;
}

/* The age order of the Ingress specification: oldest first, those without
 * creationTimestamp last, ties in input order. */
static int
by_age(const void *pa, const void *pb)
{
	const struct gm_lb *a = pa, *b = pb;
	const char *ta = a->ing->creation_timestamp;
	const char *tb = b->ing->creation_timestamp;
	int c;

	if (ta && tb && (c = strcmp(ta, tb)))
		return c;
	if (!ta != !tb)
		return ta ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

int
replay_gce_load(struct replay_gce **out, const struct doc_set *set,
	const struct replay_gce_opts *opts, struct diag_sink *sink)
{
	struct replay_gce *m;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->gce_classes ? serves : NULL,
		.take = load_ingress, .arg = m,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	if (m->nlbs)
		qsort(m->lbs, m->nlbs, sizeof(*m->lbs), by_age);
	*out = m;
	return 0;
}

void
replay_gce_free(struct replay_gce *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nlbs; i++) {
		for (size_t k = 0; k < m->lbs[i].nhosts; k++)
			free(m->lbs[i].hosts[k].paths);
		free(m->lbs[i].hosts);
	}
	free(m->lbs);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_gce_lb_count(const struct replay_gce *m)
{
	return m ? m->nlbs : 0;
}
