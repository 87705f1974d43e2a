/*
 * The ingress-nginx routing model: loading. Ingress intake (class, order, provider
 * settings), servers per host, locations per path, regex mode, location
 * order, canaries, as the controller builds them: Ingresses ordered by
 * creationTimestamp, then namespace/name descending (store.go
 * sortIngressSlice); the first Ingress of a host creates its server and
 * root location, the first of a path and pathType keeps it (controller.go
 * createServers, getBackendServers); a host is in regex mode when any
 * location has use-regex or a rewrite-target other than its path
 * (template.go enforceRegexModifier); locations sorted by path, then length,
 * descending; a canary joins the location of the same host, path and
 * pathType (mergeAlternativeBackends).
 */
#include "compat.h"

#include "model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_int.h"
#include "providers/f5-nginx/annotations.h"
#include "providers/ingress-nginx/annotations.h"
#include "replay/model_common.h"

/* ----- helpers ----- */

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

static pcre2_code *
compile(struct replay_ing *m, const char *pat, uint32_t flags,
	const struct doc_node *at, struct diag_sink *sink)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, flags,
		&err, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[128];

		pcre2_get_error_message(err, msg, sizeof(msg));
		say(m, sink, DIAG_WARNING, "replay/bad-regex", at,
			"regular expression '%s' does not compile (%s at "
			"offset %zu); nginx would refuse the configuration, "
			"the model never matches it", pat,
			(const char *)msg, (size_t)off);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if (m->nres == m->capres) {
		m->capres = m->capres ? 2 * m->capres : 64;
		m->res = xrealloc(m->res, m->capres * sizeof(*m->res));
	}
	m->res[m->nres++] = re;
	return re;
}

static char *
lower_dup(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	for (char *c = p; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return p;
}

bool
ri_cidr_parse(const char *s, struct ri_cidr *out)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	long bits;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = 4;
		bits = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = 6;
		bits = 128;
	} else {
		return false;
	}
	if (slash) {
		char *end = NULL;
		long b = strtol(slash + 1, &end, 10);

		if (!slash[1] || *end || b < 0 || b > bits)
			return false;
		bits = b;
	}
	out->bits = (int)bits;
	return true;
}

bool
ri_cidr_contains(const struct ri_cidr *c, size_t n, const char *ip)
{
	struct ri_cidr a;

	if (!ip || !ri_cidr_parse(ip, &a))
		return false;
	for (size_t i = 0; i < n; i++) {
		int full, rest;

		if (c[i].family != a.family)
			continue;
		full = c[i].bits / 8;
		rest = c[i].bits % 8;
		if (memcmp(c[i].addr, a.addr, (size_t)full))
			continue;
		if (rest) {
			unsigned mask = (0xffu << (8 - rest)) & 0xffu;

			if ((c[i].addr[full] & mask) != (a.addr[full] & mask))
				continue;
		}
		return true;
	}
	return false;
}

static void
cidrs(struct replay_ing *m, const struct prov_strlist *l,
	struct ri_cidr **out, size_t *n)
{
	*n = 0;
	if (!l->len)
		return;
	*out = arena_alloc(&m->arena, l->len * sizeof(**out));
	for (size_t i = 0; i < l->len; i++)
		if (ri_cidr_parse(l->v[i], &(*out)[*n]))
			(*n)++;
}

/* ----- Ingress intake ----- */

static void
backend_resolve(struct replay_ing *m, const char *ns,
	const struct ing_backend *b, struct ri_backend *out)
{
	const struct ing_service *svc = ing_world_service(&m->world, ns,
		b->service);

	memset(out, 0, sizeof(*out));
	out->ns = ns;
	out->name = b->service;
	out->port = b->port_name ? -1 : b->port;
	out->port_name = b->port_name;
	out->exists = svc || m->assume_services;
	if (svc && b->port_name)
		for (size_t i = 0; i < svc->nports; i++)
			if (svc->ports[i].name &&
				!strcmp(svc->ports[i].name, b->port_name))
				out->port = svc->ports[i].port;
	if (out->port >= 0)
		out->key = arena_printf(&m->arena, "%s/%s:%ld", ns,
			b->service, out->port);
	else
		out->key = arena_printf(&m->arena, "%s/%s:%s", ns,
			b->service, b->port_name ? b->port_name : "");
}

static const struct ing_named *
configmap(const struct replay_ing *m, const char *ns, const char *ref)
{
	const char *slash = strchr(ref, '/');
	size_t nl = slash ? (size_t)(slash - ref) : strlen(ns);
	const char *rns = slash ? ref : ns;
	const char *name = slash ? slash + 1 : ref;

	for (size_t i = 0; i < m->world.nconfigmaps; i++) {
		const struct ing_named *c = &m->world.configmaps[i];

		if (c->ns && strlen(c->ns) == nl && !strncmp(c->ns, rns, nl) &&
			!strcmp(c->name, name))
			return c;
	}
	return NULL;
}

static bool
secret_usable(const struct replay_ing *m, const char *ns, const char *name)
{
	if (!name)
		return false;
	/* Inputs without Secrets (most manifests): assume they exist. */
	return !m->world.nsecrets || ing_world_has_secret(&m->world, ns, name);
}

/*
 * Why the controller denies a location for its auth-secret
 * (internal/ingress/annotations/auth/main.go, Parse: every failure is a
 * LocationDeniedError, so the template answers 503), or NULL: a Secret
 * of another namespace (allow-cross-namespace-resources is false by
 * default), one the input lacks while it has Secrets, or, with
 * auth-secret-type auth-file, one without the key "auth"
 * (dumpSecretAuthFile).
 */
static const char *
auth_secret_denied(const struct replay_ing *m, const struct ingress *ing,
	const char *sns, const char *name, bool auth_map)
{
	if (strcmp(sns, ing->ns))
		return "the auth-secret is in another namespace "
			"(allow-cross-namespace-resources is false)";
	if (!secret_usable(m, sns, name))
		return "the auth-secret Secret is missing";
	for (size_t i = 0; !auth_map && i < m->world.nsecrets; i++) {
		const struct ing_named *sec = &m->world.secrets[i];

		if (strcmp(sec->ns, sns) || strcmp(sec->name, name))
			continue;
		if (!doc_get(doc_get(sec->obj->root, "data"), "auth") &&
		    !doc_get(doc_get(sec->obj->root, "stringData"), "auth"))
			return "the auth-secret Secret has no key 'auth'";
	}
	return NULL;
}

static void
conf_fill(struct replay_ing *m, struct ri_ing *ri,
	const struct prov_nginx_settings *s, struct diag_sink *sink)
{
	struct ri_conf *c = &ri->conf;
	const struct ingress *ing = ri->ing;

	c->denied = s->denied;
	c->deny_reason = s->deny_reason;
	c->rewrite_target = s->rewrite_target;
	c->use_regex = s->use_regex;
	c->ssl_redirect = s->ssl_redirect;
	c->force_ssl_redirect = s->force_ssl_redirect;
	c->preserve_trailing_slash = s->preserve_trailing_slash;
	c->app_root = s->app_root;
	c->x_forwarded_prefix = s->x_forwarded_prefix;
	if (s->temporal_redirect) {
		c->redirect_url = s->temporal_redirect;
		c->redirect_code = (int)s->temporal_redirect_code;
	} else if (s->permanent_redirect) {
		c->redirect_url = s->permanent_redirect;
		c->redirect_code = (int)s->permanent_redirect_code;
	}
	c->from_to_www = s->from_to_www_redirect;
	c->use_port_in_redirects = s->use_port_in_redirects;
	c->relative_redirects = s->relative_redirects;
	c->server_alias = s->server_alias;
	c->upstream_vhost = s->upstream_vhost;
	c->cors = s->enable_cors;
	c->cors_origins = s->cors_allow_origin.v;
	c->ncors_origins = s->cors_allow_origin.len;
	c->cors_headers = s->cors_allow_headers;
	c->cors_methods = s->cors_allow_methods;
	c->cors_expose = s->cors_expose_headers;
	c->cors_credentials = s->cors_allow_credentials;
	c->cors_max_age = s->cors_max_age;
	cidrs(m, &s->allowlist_source_range, &c->allow, &c->nallow);
	cidrs(m, &s->denylist_source_range, &c->deny, &c->ndeny);
	c->auth_url = s->auth_url;
	c->body_size = s->proxy_body_size;
	c->body_size_set = prov_nginx_is_set(s, "proxy-body-size");
	c->default_backend = s->default_backend;
	c->limits = s->limit_rps > 0 || s->limit_rpm > 0 ||
		s->limit_connections > 0;
	c->ssl_passthrough = s->ssl_passthrough;
	c->grpc = s->backend_protocol == PROV_NGINX_PROTO_GRPC ||
		s->backend_protocol == PROV_NGINX_PROTO_GRPCS;
	if (s->auth_type >= 0 && s->auth_secret) {
		const char *sl = strchr(s->auth_secret, '/');
		const char *sns = sl ? arena_strndup(&m->arena, s->auth_secret,
			(size_t)(sl - s->auth_secret)) : ing->ns;

		const char *why = auth_secret_denied(m, ing, sns, sl ? sl + 1 :
			s->auth_secret, s->auth_secret_type == 1);

		c->basic_auth = true;
		if (!c->denied && why) {
			c->denied = true;
			c->deny_reason = why;
		}
	}
	if (s->custom_headers) {
		const struct ing_named *cm = configmap(m, ing->ns,
			s->custom_headers);
		const struct doc_node *data = cm ? doc_get(cm->obj->root,
			"data") : NULL;

		if (!cm) {
			if (!c->denied) {
				c->denied = true;
				c->deny_reason = "the custom-headers ConfigMap "
					"is missing";
			}
		} else if (doc_is_map(data)) {
			size_t n = doc_len(data);

			c->custom_headers = arena_alloc(&m->arena,
				2 * n * sizeof(*c->custom_headers));
			for (size_t i = 0; i < n; i++) {
				const char *k = doc_str(doc_map_key(data, i));
				const char *v = doc_str(doc_map_value(data, i));

				if (!k || !v)
					continue;
				c->custom_headers[2 * c->ncustom_headers] = k;
				c->custom_headers[2 * c->ncustom_headers + 1] =
					v;
				c->ncustom_headers++;
			}
		}
	}
	if (ri->canary) {
		c->canary_header = s->canary_by_header;
		c->canary_header_value = s->canary_by_header_value;
		c->canary_cookie = s->canary_by_cookie;
		c->canary_weight = s->canary_weight;
		c->canary_weight_total = s->canary_weight_total > 100 ?
			s->canary_weight_total : 100;
		if (s->canary_by_header_pattern) {
			c->canary_pattern = compile(m,
				s->canary_by_header_pattern, 0,
				prov_nginx_slot(s,
				"canary-by-header-pattern")->node, sink);
			c->canary_pattern_bad = !c->canary_pattern;
		}
	}
}

#define NGINX_CONTROLLER "k8s.io/ingress-nginx"

bool
replay_ing_class_served(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	const struct ing_class *cls;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!ing->class_name) {
		*why = "it has no class (ingress-nginx serves such Ingresses "
			"with --watch-ingress-without-class only)";
		return without_class;
	}
	cls = ing_world_class(w, ing->class_name);
	if (cls) {
		if (cls->controller && !strcmp(cls->controller,
		    NGINX_CONTROLLER))
			return true;
		*why = "its IngressClass names another controller than "
			NGINX_CONTROLLER;
		return false;
	}
	if (!strcmp(ing->class_name, "nginx")) {
		/* F5 NGINX's default class too: its Ingresses are its own */
		if (prov_f5_leans(ing->annotations) <= 0)
			return true;
		*why = "without an IngressClass, the class 'nginx' of an "
			"Ingress written for F5 NGINX (its nginx.org/ keys "
			"dominate) is F5 NGINX's";
		return false;
	}
	*why = "no IngressClass of that name is in the input, and without "
		"one only the class 'nginx' is taken as ingress-nginx's";
	return false;
}

static bool
class_accepted(const struct replay_ing *m, const struct ingress *ing,
	const struct replay_ing_opts *o, const char **why)
{
	*why = NULL;
	if (o && !o->ingress_class && o->nginx_classes)
		return replay_ing_class_served(&m->world, ing,
			o->watch_without_class, why);
	if (!o || !o->ingress_class)
		return true;
	if (!ing->class_name)
		return o->watch_without_class;
	return !strcmp(ing->class_name, o->ingress_class);
}

/* The next byte of "ns/name", walked without building the string. */
static int
key_byte(const char **p, bool *in_name, const char *name)
{
	if (!*in_name && !**p) {
		*in_name = true;
		*p = name ? name : "";
		return '/';
	}
	return **p ? (unsigned char)*(*p)++ : 0;
}

/*
 * store.go sortIngressSlice: creationTimestamp ascending, an absent one is
 * the zero time (first); equal times by the string "namespace/name"
 * descending (so "a/x" after "a-b/x": '/' > '-').
 */
static int
ing_cmp(const void *pa, const void *pb)
{
	const struct ri_ing *a = pa, *b = pb;
	const char *ta = a->ing->creation_timestamp;
	const char *tb = b->ing->creation_timestamp;
	const char *ka = a->ing->ns, *kb = b->ing->ns;
	bool na = false, nb = false;
	int c, ca, cb;

	if ((c = strcmp(ta ? ta : "", tb ? tb : "")))
		return c;
	do {
		ca = key_byte(&ka, &na, a->ing->name);
		cb = key_byte(&kb, &nb, b->ing->name);
		if (ca != cb)
			return cb - ca;
	} while (ca);
	return a->ing->obj->order < b->ing->obj->order ? -1 :
		a->ing->obj->order > b->ing->obj->order;
}

/* ----- servers and locations ----- */

static struct ri_loc *
loc_add(struct ri_server *s)
{
	if (s->nlocs == s->caplocs) {
		s->caplocs = s->caplocs ? 2 * s->caplocs : 4;
		s->locs = xrealloc(s->locs, s->caplocs * sizeof(*s->locs));
	}
	memset(&s->locs[s->nlocs], 0, sizeof(s->locs[0]));
	return &s->locs[s->nlocs++];
}

static void
root_placeholder(struct replay_ing *m, struct ri_server *s,
	const struct ri_ing *owner)
{
	struct ri_loc *l = loc_add(s);

	l->path = "/";
	l->plen = 1;
	l->kind = RI_LOC_PREFIX;
	l->ing_path = "/";
	l->ptype = ING_PATH_PREFIX;
	l->owner = owner;
	l->placeholder = true;
	l->rule = l->match = -1;
	if (owner && owner->ing->has_default_backend &&
		owner->ing->default_backend.service) {
		struct src_pos p = doc_pos(m->set,
			owner->ing->default_backend.node);

		backend_resolve(m, owner->ing->ns,
			&owner->ing->default_backend, &l->be);
		l->from_default_backend = true;
		l->src = owner;
		l->file = p.file;
		l->line = p.line;
	} else {
		l->default_404 = true;
	}
}

static struct ri_server *
server_new(struct replay_ing *m, const char *host)
{
	struct ri_server *s;

	if (m->nservers == m->capservers) {
		m->capservers = m->capservers ? 2 * m->capservers : 64;
		m->servers = xrealloc(m->servers,
			m->capservers * sizeof(*m->servers));
	}
	s = &m->servers[m->nservers++];
	memset(s, 0, sizeof(*s));
	s->host = host;
	return s;
}

/*
 * Servers live in a growing array: maps store indexes + 1 (as pointers)
 * until loading ends, then the real addresses.
 */
#define IDX(p) ((size_t)(uintptr_t)(p) - 1)
#define PTR(i) ((void *)(uintptr_t)((i) + 1))

static struct ri_server *
server_get(struct replay_ing *m, const char *host, const struct ri_ing *ri,
	bool *created)
{
	void *v = strmap_get(&m->exact, host);
	struct ri_server *s;

	*created = false;
	if (v)
		return &m->servers[IDX(v)];
	s = server_new(m, host);
	s->wildcard = host[0] == '*' && host[1] == '.';
	s->first = ri;
	root_placeholder(m, s, ri);
	strmap_put(&m->exact, host, PTR(m->nservers - 1));
	*created = true;
	return s;
}

static bool
tls_covers(const struct ingress *ing, const char *host,
	const struct replay_ing *m)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];
		bool hit = !t->nhosts;	/* no hosts: the rules' hosts */

		for (size_t j = 0; j < t->nhosts && !hit; j++)
			hit = t->hosts[j] && !strcasecmp(t->hosts[j], host);
		if (hit && secret_usable(m, ing->ns, t->secret))
			return true;
	}
	return false;
}

/* A server searched by index past this many locations (see loc_index). */
enum { LOC_INDEX_MIN = 16 };

/* Adds location i to the index, unless one before it has its key: the
 * index answers what the scan in order would. */
static void
loc_index_add(struct ri_server *s, size_t i)
{
	const struct ri_loc *l = &s->locs[i];
	struct strmap *m = &s->loc_index[l->ptype == ING_PATH_EXACT];

	if (!strmap_get(m, l->ing_path))
		strmap_put(m, l->ing_path, PTR(i));
}

static void
loc_index_release(struct ri_server *s)
{
	strmap_release(&s->loc_index[0]);
	strmap_release(&s->loc_index[1]);
	s->indexed = false;
}

/* The first location of the Ingress path of type t, before sorting. */
static struct ri_loc *
loc_find(struct ri_server *s, const char *path, enum ing_path_type t)
{
	void *v;

	if (!s->indexed && s->nlocs >= LOC_INDEX_MIN) {
		for (size_t i = 0; i < s->nlocs; i++)
			loc_index_add(s, i);
		s->indexed = true;
	}
	if (s->indexed) {
		v = strmap_get(&s->loc_index[t == ING_PATH_EXACT], path);
		return v ? &s->locs[IDX(v)] : NULL;
	}
	for (size_t i = 0; i < s->nlocs; i++)
		if (s->locs[i].ptype == t && !strcmp(s->locs[i].ing_path,
			path))
			return &s->locs[i];
	return NULL;
}

static void
path_add(struct replay_ing *m, struct ri_server *s, const struct ri_ing *ri,
	size_t rule, size_t pi, struct diag_sink *sink)
{
	const struct ingress *ing = ri->ing;
	const struct ing_path *p = &ing->rules[rule].paths[pi];
	enum ing_path_type t = p->type == ING_PATH_EXACT ? ING_PATH_EXACT :
		ING_PATH_PREFIX;
	struct ri_loc *l = loc_find(s, p->path, t);
	struct src_pos pos = doc_pos(m->set, p->node);

	if (!p->backend.service) {
		say(m, sink, DIAG_INFO, "replay/ingress-resource-backend",
			p->node, "Ingress '%s/%s': ingress-nginx skips paths "
			"with a resource backend", ing->ns, ing->name);
		return;
	}
	if (l && !l->placeholder) {
		say(m, sink, DIAG_WARNING, "replay/ingress-path-conflict",
			p->node, "Ingress '%s/%s': %s path '%s' of host '%s' "
			"is already served by Ingress '%s/%s'; ingress-nginx "
			"keeps the first one", ing->ns, ing->name,
			ing_path_type_name(t), p->path, s->host,
			l->owner ? l->owner->ing->ns : "",
			l->owner ? l->owner->ing->name : "");
		return;
	}
	if (!l) {
		l = loc_add(s);
		l->ing_path = p->path;
		l->ptype = t;
		if (s->indexed)
			loc_index_add(s, (size_t)(l - s->locs));
	}
	memset(l, 0, sizeof(*l));
	l->path = p->path;
	l->plen = strlen(p->path);
	l->kind = t == ING_PATH_EXACT ? RI_LOC_EXACT : RI_LOC_PREFIX;
	l->ing_path = p->path;
	l->ptype = t;
	l->owner = ri;
	l->src = ri;
	backend_resolve(m, ing->ns, &p->backend, &l->be);
	l->rule = (long)rule;
	l->match = (long)pi;
	l->file = pos.file;
	l->line = pos.line;
}

static bool
rewrites(const struct ri_loc *l)
{
	const struct ri_conf *c = l->owner ? &l->owner->conf : NULL;

	return c && c->rewrite_target && strcmp(c->rewrite_target,
		l->ing_path);
}

/* updateServerLocations: Prefix "/foo" -> "/foo/" and "= /foo". */
static void
split_locations(struct replay_ing *m, struct ri_server *s)
{
	size_t n = s->nlocs;
	/* the Exact locations' paths, past LOC_INDEX_MIN locations */
	struct strmap exacts = STRMAP_INIT;
	bool indexed = n >= LOC_INDEX_MIN;

	for (size_t i = 0; indexed && i < n; i++)
		if (s->locs[i].kind == RI_LOC_EXACT)
			strmap_put(&exacts, s->locs[i].path, (void *)1);

	for (size_t i = 0; i < n; i++) {
		struct ri_loc *l = &s->locs[i];
		const struct ri_conf *c = l->owner ? &l->owner->conf : NULL;
		bool has_exact = false;
		const char *exact;
		struct ri_loc *e;

		/* needsRewrite(): a target equal to the path is no rewrite */
		if (l->ptype != ING_PATH_PREFIX || l->plen <= 1 ||
			(c && (c->use_regex || rewrites(l))))
			continue;
		if (l->path[l->plen - 1] != '/') {
			exact = l->path;
			l->path = arena_printf(&m->arena, "%s/", l->path);
			l->plen++;
		} else {
			exact = l->path;
		}
		if (indexed)
			has_exact = strmap_get(&exacts, exact) != NULL;
		for (size_t j = 0; !indexed && j < s->nlocs && !has_exact;
		     j++)
			has_exact = s->locs[j].kind == RI_LOC_EXACT &&
				!strcmp(s->locs[j].path, exact);
		if (has_exact)
			continue;
		e = loc_add(s);		/* may move s->locs */
		l = &s->locs[i];
		*e = *l;
		e->path = exact;
		e->plen = strlen(exact);
		e->kind = RI_LOC_EXACT;
		if (indexed)
			strmap_put(&exacts, exact, (void *)1);
	}
	strmap_release(&exacts);
}

static int
loc_cmp(const void *pa, const void *pb)
{
	const struct ri_loc *a = pa, *b = pb;
	int c;

	/* length descending, then path string descending */
	if (a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1;
	if ((c = strcmp(a->path, b->path)))
		return -c;
	/* the same path twice (split Exact and Prefix): keep exact first */
	return (int)b->kind - (int)a->kind;
}

/*
 * The rewrite idioms that capture the rest of the path after a literal
 * head L: "L(/|$)(.*)" and "L/(.*)", with a target that uses a capture.
 */
static void
capture_prefix(struct ri_loc *l)
{
	const char *p = l->ing_path;
	size_t n = 0;

	if (!strchr(l->owner->conf.rewrite_target, '$'))
		return;
	while (p[n] && (isalnum((unsigned char)p[n]) ||
	    strchr("/_~-%.", p[n])))
		n++;
	if (n > 2 && p[n - 1] == '/' && !strcmp(p + n, "(.*)")) {
		l->rw_prefix = p;
		l->rw_plen = n - 1;
		l->rw_slash = true;
	} else if (n > 1 && p[n - 1] != '/' && !strcmp(p + n,
	    "(/|$)(.*)")) {
		l->rw_prefix = p;
		l->rw_plen = n;
	}
}

static void
server_finish(struct replay_ing *m, struct ri_server *s,
	struct diag_sink *sink)
{
	loc_index_release(s);	/* the locations move from here on */
	for (size_t i = 0; i < s->nlocs && !s->regex_mode; i++) {
		const struct ri_loc *l = &s->locs[i];

		if (l->owner && (l->owner->conf.use_regex || rewrites(l)))
			s->regex_mode = true;
	}
	split_locations(m, s);
	xqsort(s->locs, s->nlocs, sizeof(*s->locs), loc_cmp);
	for (size_t i = 0; i < s->nlocs; i++) {
		struct ri_loc *l = &s->locs[i];

		l->acme_exempt = !strncmp(l->path, RI_ACME_PREFIX,
			strlen(RI_ACME_PREFIX));
		if (s->regex_mode) {
			char *pat = arena_printf(&m->arena, "^%s", l->path);

			l->re = compile(m, pat, PCRE2_CASELESS, NULL, sink);
			l->bad_re = !l->re;
		}
		if (rewrites(l)) {
			l->rewrite_re = compile(m, l->ing_path, PCRE2_CASELESS,
				NULL, sink);
			capture_prefix(l);
		}
	}
}

static void
attach_canary(struct replay_ing *m, const struct ri_ing *ci,
	struct diag_sink *sink)
{
	const struct ingress *ing = ci->ing;

	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ru = &ing->rules[r];
		const char *host = ru->host ? ru->host : "_";
		void *v = strmap_get(&m->exact, host);
		struct ri_server *s = v ? &m->servers[IDX(v)] : NULL;

		for (size_t p = 0; p < ru->npaths; p++) {
			const struct ing_path *ip = &ru->paths[p];
			enum ing_path_type t = ip->type == ING_PATH_EXACT ?
				ING_PATH_EXACT : ING_PATH_PREFIX;
			struct ri_loc *l = s ? loc_find(s, ip->path, t) : NULL;
			struct ri_canary *c;

			if (!l || l->placeholder || !l->owner ||
				!ip->backend.service) {
				say(m, sink, DIAG_WARNING,
					"replay/ingress-canary-unmatched",
					ip->node, "canary Ingress '%s/%s': no "
					"Ingress serves host '%s' path '%s' "
					"(%s); ingress-nginx ignores this "
					"canary path", ing->ns, ing->name,
					host, ip->path, ing_path_type_name(t));
				continue;
			}
			if (strmap_get(&m->canaries, l->be.key))
				continue;	/* one canary per upstream */
			c = arena_alloc(&m->arena, sizeof(*c));
			c->ci = ci;
			backend_resolve(m, ing->ns, &ip->backend, &c->be);
			if (!c->be.exists) {
				say(m, sink, DIAG_WARNING,
					"replay/ingress-canary-no-service",
					ip->node, "canary Ingress '%s/%s': "
					"Service '%s' is not in the input; "
					"the canary is left out", ing->ns,
					ing->name, ip->backend.service);
				continue;
			}
			strmap_put(&m->canaries, l->be.key, c);
		}
	}
}

static void
www_servers(struct replay_ing *m)
{
	size_t n = m->nservers;

	for (size_t i = 0; i < n; i++) {
		struct ri_server *s = &m->servers[i];
		const struct ri_ing *owner = NULL;
		const char *other;
		struct ri_server *w;

		if (s->wildcard || !strcmp(s->host, "_") || s->www_target)
			continue;
		for (size_t j = 0; j < s->nlocs && !owner; j++)
			if (s->locs[j].owner &&
				s->locs[j].owner->conf.from_to_www)
				owner = s->locs[j].owner;
		if (!owner)
			continue;
		other = !strncmp(s->host, "www.", 4) ? s->host + 4 :
			arena_printf(&m->arena, "www.%s", s->host);
		if (strmap_get(&m->exact, other))
			continue;	/* an Ingress defines it */
		w = server_new(m, other);
		s = &m->servers[i];
		w->www_target = s->host;
		w->www_owner = owner;
		w->first = owner;
		strmap_put(&m->exact, other, PTR(m->nservers - 1));
	}
}

static void
aliases(struct replay_ing *m, struct diag_sink *sink)
{
	size_t n = m->nservers;

	for (size_t i = 0; i < n; i++) {
		const struct ri_server *s = &m->servers[i];
		const struct ri_ing *owner = s->alias;

		if (s->www_target || !owner)
			continue;
		for (size_t a = 0; a < owner->conf.server_alias.len; a++) {
			char *al = lower_dup(&m->arena,
				owner->conf.server_alias.v[a]);

			if (strmap_get(&m->exact, al)) {
				say(m, sink, DIAG_INFO,
					"replay/ingress-alias-dropped", NULL,
					"server-alias '%s' of host '%s' names "
					"a host that exists; ingress-nginx "
					"drops the alias", al, s->host);
				continue;
			}
			strmap_put(&m->exact, al, PTR(i));
		}
	}
}

/* Turns the index-valued maps into pointers. */
static void
maps_finish(struct replay_ing *m)
{
	struct strmap *maps[] = { &m->exact };

	for (size_t k = 0; k < ARRAY_LEN(maps); k++)
		for (size_t i = 0; i < maps[k]->cap; i++) {
			struct strmap_slot *sl = &maps[k]->slots[i];

			if (sl->key)
				sl->value = &m->servers[IDX(sl->value)];
		}
	for (size_t i = 0; i < m->nservers; i++) {
		struct ri_server *s = &m->servers[i];

		if (s->wildcard && !strmap_get(&m->wild, s->host + 2))
			strmap_put(&m->wild, s->host + 2, s);
	}
	/* wildcard aliases */
	for (size_t i = 0; i < m->exact.cap; i++) {
		const char *k = m->exact.slots[i].key;

		if (k && k[0] == '*' && k[1] == '.' &&
			!strmap_get(&m->wild, k + 2))
			strmap_put(&m->wild, k + 2, m->exact.slots[i].value);
	}
	m->def = strmap_get(&m->exact, "_");
}

/* ----- entry points ----- */

int
replay_ing_load(struct replay_ing **out, const struct doc_set *set,
	const struct replay_ing_opts *opts, struct diag_sink *sink)
{
	struct replay_ing *m;
	struct diag_sink quiet = DIAG_SINK_INIT;
	struct prov_nginx_settings *st = NULL;
	struct prov_nginx_options popt;
	size_t nacc = 0;
	bool created;
	struct ri_server *def;

	if (!out || !set)
		return ERR_INVALID;
	if (!sink)
		sink = &quiet;	/* the provider needs a sink */
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	m->hsts = !(opts && opts->no_hsts);
	m->redirect_code = opts && opts->http_redirect_code ?
		opts->http_redirect_code : 308;
	/* not replay_load_ingresses: the selection below is ingress-nginx's
	 * own (--ingress-class, and Ingresses without a name are read too) */
	replay_load_world(set, &m->objs, &m->world, sink);
	m->world_loaded = true;

	prov_nginx_options_init(&popt);
	if (opts && opts->no_ssl_redirect)
		popt.ssl_redirect = false;
	st = xmalloc(sizeof(*st));
	m->ings = xcalloc(m->world.ningresses ? m->world.ningresses : 1,
		sizeof(*m->ings));
	for (size_t i = 0; i < m->world.ningresses; i++) {
		const struct ingress *ing = &m->world.ingresses[i];
		struct ri_ing *ri = &m->ings[nacc];

		const char *why;

		if (!class_accepted(m, ing, opts, &why)) {
			if (why)
				say(m, sink, DIAG_INFO,
					"replay/ingress-other-class",
					ing->obj->root, "Ingress '%s/%s' "
					"(class '%s') is not replayed: %s; "
					"ingress-nginx does not serve it",
					ing->ns, ing->name, ing->class_name ?
					ing->class_name : "(none)", why);
			else
				say(m, sink, DIAG_INFO,
					"replay/ingress-other-class",
					ing->obj->root, "Ingress '%s/%s' has "
					"class '%s', not '%s': not served",
					ing->ns, ing->name, ing->class_name ?
					ing->class_name : "(none)",
					opts->ingress_class);
			continue;
		}
		prov_nginx_parse(st, &m->arena, set, ing->annotations,
			ing->ns, ing->name, &popt, sink);
		if (st->fate == PROV_NGINX_DROPPED)
			continue;	/* the provider said why */
		ri->ing = ing;
		ri->canary = st->is_canary;
		conf_fill(m, ri, st, sink);
		nacc++;
	}
	free(st);
	m->nings = nacc;
	xqsort(m->ings, m->nings, sizeof(*m->ings), ing_cmp);

	/* the default server and its catch-all */
	def = server_get(m, "_", NULL, &created);
	for (size_t k = 0; k < m->nings; k++) {
		const struct ri_ing *ri = &m->ings[k];
		struct ri_loc *l = &def->locs[0];

		m->ings[k].rank = k;
		if (ri->canary || ri->ing->nrules ||
			!ri->ing->has_default_backend ||
			!ri->ing->default_backend.service ||
			!l->default_404)
			continue;
		backend_resolve(m, ri->ing->ns, &ri->ing->default_backend,
			&l->be);
		l->default_404 = false;
		l->from_default_backend = true;
		l->owner = NULL;	/* its annotations are not used */
		l->src = ri;
		{
			struct src_pos p = doc_pos(m->set,
				ri->ing->default_backend.node);

			l->file = p.file;
			l->line = p.line;
		}
		def->first = ri;
	}

	/* servers and locations, first Ingress wins */
	for (size_t k = 0; k < m->nings; k++) {
		const struct ri_ing *ri = &m->ings[k];
		const struct ingress *ing = ri->ing;

		if (ri->canary)
			continue;
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *ru = &ing->rules[r];
			const char *host = ru->host ? lower_dup(&m->arena,
				ru->host) : "_";
			struct ri_server *s = server_get(m, host, ri,
				&created);

			if (!s->app_root && ri->conf.app_root)
				s->app_root = ri;
			if (!s->alias && ri->conf.server_alias.len)
				s->alias = ri;
			if (ri->conf.ssl_passthrough)
				s->passthrough = true;
			if (!s->has_cert && strcmp(host, "_") &&
				tls_covers(ing, host, m))
				s->has_cert = true;
			for (size_t p = 0; p < ru->npaths; p++)
				path_add(m, s, ri, r, p, sink);
		}
	}
	for (size_t k = 0; k < m->nings; k++)
		if (m->ings[k].canary)
			attach_canary(m, &m->ings[k], sink);
	for (size_t i = 0; i < m->nservers; i++)
		server_finish(m, &m->servers[i], sink);
	for (size_t i = 0; i < m->nservers; i++)
		for (size_t j = 0; j < m->servers[i].nlocs; j++) {
			struct ri_loc *l = &m->servers[i].locs[j];

			if (!l->default_404)
				l->canary = strmap_get(&m->canaries,
					l->be.key);
		}
	www_servers(m);
	aliases(m, sink);
	maps_finish(m);
	diag_sink_release(&quiet);
	*out = m;
	return 0;
}

void
replay_ing_free(struct replay_ing *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nres; i++)
		pcre2_code_free(m->res[i]);
	free(m->res);
	for (size_t i = 0; i < m->nservers; i++)
		free(m->servers[i].locs);
	free(m->servers);
	free(m->ings);
	strmap_release(&m->exact);
	strmap_release(&m->wild);
	strmap_release(&m->canaries);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_ing_server_count(const struct replay_ing *m)
{
	return m ? m->nservers : 0;
}

size_t
replay_ing_ingress_count(const struct replay_ing *m)
{
	return m ? m->nings : 0;
}
