/*
 * The F5 NGINX model: loading. The servers nginx gets from the Ingresses
 * F5 NGINX serves (internal/k8s/configuration.go: the oldest resource
 * holds a host; internal/configs/ingress.go generateNginxCfg and
 * generateNginxCfgForMergeableIngresses: the locations of a server).
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
#include "strbuf.h"

/* m's diagnostics, at the nodes of its input: all of them information */
#define say(m, sink, ...) \
	replay_say((m)->set, sink, DIAG_INFO, __VA_ARGS__)

/* The keys written for F5 NGINX against those written for ingress-nginx. */
static int
f5_weight(const struct doc_node *anns)
{
	static const char *const own[] = { "nginx.org/", "nginx.com/",
		"appprotect.f5.com/", "appprotectdos.f5.com/" };
	int n = 0;

	for (size_t i = 0; i < doc_len(anns); i++) {
		const char *k = doc_str(doc_map_key(anns, i));

		if (!k)
			continue;
		if (!strncmp(k, "nginx.ingress.kubernetes.io/", 28)) {
			n--;
			continue;
		}
		for (size_t j = 0; j < ARRAY_LEN(own); j++)
			if (!strncmp(k, own[j], strlen(own[j]))) {
				n++;
				break;
			}
		if (!strcmp(k, "ingress.kubernetes.io/ssl-redirect"))
			n++;
	}
	return n;
}

bool
replay_f5_class_served(const struct ing_world *w, const struct ingress *ing,
	const char **why)
{
	const struct ing_class *cls;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!ing->class_name) {
		*why = "it has no class, and F5 NGINX serves only its own";
		return false;
	}
	cls = ing_world_class(w, ing->class_name);
	if (cls) {
		if (cls->controller && !strcmp(cls->controller,
		    "nginx.org/ingress-controller"))
			return true;
		*why = "its IngressClass names another controller than "
			"nginx.org/ingress-controller";
		return false;
	}
	if (strcmp(ing->class_name, "nginx")) {
		*why = "no IngressClass of that name is in the input, and "
			"without one only the class 'nginx' can be F5 NGINX's";
		return false;
	}
	if (f5_weight(ing->annotations) > 0)
		return true;
	*why = "the class 'nginx' without an IngressClass goes to "
		"ingress-nginx unless the Ingress's nginx.org/ keys dominate";
	return false;
}

/* The class check, as replay_load_ingresses calls it (this model has no
 * option for the Ingresses without a class). */
static bool
serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_f5_class_served(w, ing, why);
}

/* The oldest first; equal or missing times in input order. */
static int
by_age(const void *pa, const void *pb)
{
	const struct ingress *a = *(const struct ingress *const *)pa;
	const struct ingress *b = *(const struct ingress *const *)pb;
	const char *ta = a->creation_timestamp, *tb = b->creation_timestamp;
	int d;

	if (ta && !tb)
		return -1;
	if (!ta && tb)
		return 1;
	if (ta && tb && (d = strcmp(ta, tb)))
		return d;
	return a->obj->order < b->obj->order ? -1 :
		a->obj->order > b->obj->order;
}

static char *
lower(struct replay_f5 *m, const char *s)
{
	char *h = arena_strdup(&m->arena, s);

	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return h;
}

static struct fm_server *
server_of(struct replay_f5 *m, const char *host)
{
	for (size_t i = 0; i < m->nservers; i++)
		if (!strcasecmp(m->servers[i].host, host))
			return &m->servers[i];
	return NULL;
}

/* The admission's objections to ing; NULL when it is served. */
static const char *
refused(const struct ingress *ing, const struct prov_f5_settings *s)
{
	if (s->rejected)
		return "an annotation value F5 NGINX refuses";
	if (!ing->nrules)
		return "no rules";
	for (size_t r = 0; r < ing->nrules; r++) {
		if (!ing->rules[r].host)
			return "a rule without host";
		for (size_t p = 0; p < ing->rules[r].npaths; p++) {
			const struct ing_path *ip = &ing->rules[r].paths[p];

			if (!ip->backend.service)
				return "a resource backend";
			if (ip->path_given && *ip->path && (ip->path[0] != '/' ||
			    strpbrk(ip->path, " \t;")))
				return "a path nginx cannot take";
		}
	}
	if (s->merge == PROV_F5_MASTER && ing->rules[0].npaths)
		return "a master with paths";
	if (s->merge == PROV_F5_MINION && (ing->ntls || ing->nrules != 1))
		return "a minion with tls or several rules";
	return NULL;
}

/* Whether the settings check who may pass (as far as the model knows). */
static const char *
access_check(const struct prov_f5_settings *s)
{
	const struct prov_f5_slot *sl;

	if (s->basic_auth_secret)
		return "nginx.org/basic-auth-secret";
	if (s->jwt_key)
		return "nginx.com/jwt-key";
	if (s->policies.len)
		return "nginx.org/policies";
	if (s->app_protect)
		return "appprotect.f5.com/app-protect-enable";
	if (s->dos_resource)
		return "appprotectdos.f5.com/app-protect-dos-resource";
	for (int i = 0; i < 2; i++) {
		sl = prov_f5_slot(s, i ? "nginx.org/location-snippets" :
			"nginx.org/server-snippets");
		if (sl && sl->key_node && (strstr(sl->text, "allow ") ||
		    strstr(sl->text, "deny ") || strstr(sl->text, "auth_") ||
		    strstr(sl->text, "return 401") ||
		    strstr(sl->text, "return 403")))
			return i ? "nginx.org/location-snippets" :
				"nginx.org/server-snippets";
	}
	return NULL;
}

static long
port_of(struct replay_f5 *m, const struct ingress *ing,
	const struct ing_backend *b)
{
	const struct ing_service *svc;

	if (!b->port_name)
		return b->port;
	svc = ing_world_service(&m->world, ing->ns, b->service);
	for (size_t i = 0; svc && i < svc->nports; i++)
		if (svc->ports[i].name && !strcmp(svc->ports[i].name,
		    b->port_name))
			return svc->ports[i].port;
	return -1;
}

static bool
listed(const struct prov_strlist *l, const char *svc)
{
	for (size_t i = 0; i < l->len; i++)
		if (!strcmp(l->v[i], svc))
			return true;
	return false;
}

static void
add_loc(struct replay_f5 *m, struct fm_server *sv, const struct ingress *ing,
	const struct prov_f5_settings *s, const struct ing_path *p,
	const struct ing_backend *b, long ri, long pi,
	const struct doc_node *at)
{
	struct fm_loc l = { .ing = ing, .s = s, .rule_idx = ri,
		.path_idx = pi };
	const char *path = p && p->path_given && *p->path ? p->path : "/";
	struct src_pos pos = doc_pos(m->set, at);

	l.kind = p && p->type == ING_PATH_EXACT ? FM_EXACT : FM_PREFIX;
	if (p && s->path_regex == PROV_F5_REGEX_EXACT)
		l.kind = FM_EXACT;
	if (p && (s->path_regex == PROV_F5_REGEX_CASE ||
	    s->path_regex == PROV_F5_REGEX_NOCASE)) {
		int err;
		PCRE2_SIZE off;
		char *pat = arena_printf(&m->arena, "^%s", path);

		l.kind = FM_REGEX;
		l.re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
			s->path_regex == PROV_F5_REGEX_NOCASE ?
			PCRE2_CASELESS : 0, &err, &off, NULL);
	}
	l.path = path;
	/* a path the server has: the first location keeps it */
	for (size_t i = 0; i < sv->nlocs; i++)
		if (sv->locs[i].kind == l.kind &&
		    !strcmp(sv->locs[i].path, path)) {
			if (l.re)
				pcre2_code_free(l.re);
			return;
		}
	l.ns = ing->ns;
	l.service = b->service;
	l.port = port_of(m, ing, b);
	for (size_t i = 0; i < s->nrewrites; i++)
		if (!strcmp(s->rewrites[i].service, b->service))
			l.rewrite = s->rewrites[i].value;
	l.ssl = listed(&s->ssl_services, b->service);
	l.grpc = listed(&s->grpc_services, b->service);
	l.closed_by = access_check(s);
	l.closed = l.closed_by != NULL;
	l.file = pos.file;
	l.line = pos.line;
	sv->locs = xrealloc(sv->locs, (sv->nlocs + 1) * sizeof(*sv->locs));
	sv->locs[sv->nlocs++] = l;
}

static bool
covers_tls(const struct ingress *ing, const char *host)
{
	for (size_t t = 0; t < ing->ntls; t++)
		for (size_t h = 0; h < ing->tls[t].nhosts; h++)
			if (ing->tls[t].hosts[h] &&
			    !strcasecmp(ing->tls[t].hosts[h], host))
				return true;
	return false;
}

static void
load_server_ingress(struct replay_f5 *m, const struct ingress *ing,
	const struct prov_f5_settings *s, struct diag_sink *sink)
{
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];
		struct fm_server *sv = server_of(m, rule->host);
		bool root = false;

		if (sv) {
			say(m, sink, "replay/f5-nginx-host-collision",
				rule->host_node ? rule->host_node : rule->node,
				"Ingress '%s/%s': host '%s' is held by the "
				"older Ingress '%s/%s'; F5 NGINX leaves this "
				"rule out", ing->ns, ing->name, rule->host,
				sv->holder->ns, sv->holder->name);
			continue;
		}
		m->servers = xrealloc(m->servers, (m->nservers + 1) *
			sizeof(*m->servers));
		sv = &m->servers[m->nservers++];
		memset(sv, 0, sizeof(*sv));
		sv->host = lower(m, rule->host);
		sv->holder = ing;
		sv->s = s;
		sv->tls = covers_tls(ing, rule->host);
		sv->closed_by = access_check(s);
		sv->closed = sv->closed_by != NULL;
		if (s->merge == PROV_F5_MASTER)
			continue;
		for (size_t p = 0; p < rule->npaths; p++) {
			const struct ing_path *ip = &rule->paths[p];

			root |= ip->type != ING_PATH_EXACT && (!ip->path_given ||
				!strcmp(ip->path, "/") || !*ip->path);
			add_loc(m, sv, ing, s, ip, &ip->backend, (long)r,
				(long)p, ip->path_node ? ip->path_node :
				ip->node);
		}
		if (ing->has_default_backend && ing->default_backend.service &&
		    !root)
			add_loc(m, sv, ing, s, NULL, &ing->default_backend, -1,
				-1, ing->default_backend.node ?
				ing->default_backend.node : ing->obj->root);
	}
}

static void
load_minion(struct replay_f5 *m, const struct ingress *ing,
	const struct prov_f5_settings *s, struct diag_sink *sink)
{
	const struct ing_rule *rule = &ing->rules[0];
	struct fm_server *sv = server_of(m, rule->host);

	if (!sv || sv->s->merge != PROV_F5_MASTER) {
		say(m, sink, "replay/f5-nginx-ingress-skipped", ing->obj->root,
			"Ingress '%s/%s': a minion of host '%s' without "
			"master: F5 NGINX serves none of its paths", ing->ns,
			ing->name, rule->host);
		return;
	}
	for (size_t p = 0; p < rule->npaths; p++) {
		const struct ing_path *ip = &rule->paths[p];

		add_loc(m, sv, ing, s, ip, &ip->backend, 0, (long)p,
			ip->path_node ? ip->path_node : ip->node);
		for (size_t i = 0; i < sv->nlocs; i++)
			if (sv->locs[i].ing == ing)
				sv->locs[i].ms = sv->s;
	}
}

/* The Ingresses F5 NGINX serves, in the input's order, to sort by age. */
struct order {
	const struct ingress **v;
	size_t n;
};

static void
take(void *arg, const struct ingress *ing, size_t i, struct diag_sink *sink)
{
	struct order *o = arg;

	(void)i;
	(void)sink;
	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n++] = ing;
}

int
replay_f5_load(struct replay_f5 **out, const struct doc_set *set,
	const struct replay_f5_opts *opts, struct diag_sink *sink)
{
	struct replay_f5 *m;
	struct order ord = { 0 };
	const struct ingress **order;
	struct prov_f5_settings **st;
	size_t n = 0;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->own_classes ? serves : NULL,
		.who = "F5 NGINX", .take = take, .arg = &ord,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	order = ord.v;
	n = ord.n;
	st = xcalloc(n + 1, sizeof(*st));
	if (n)
		qsort(order, n, sizeof(*order), by_age);
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct prov_f5_settings *s = arena_alloc(&m->arena,
			sizeof(*s));
		const char *why;

		prov_f5_read(s, &m->arena, set, ing->annotations, ing->ns,
			ing->name, NULL);
		if ((why = refused(ing, s))) {
			say(m, sink, "replay/f5-nginx-ingress-skipped",
				ing->obj->root, "Ingress '%s/%s': F5 NGINX "
				"rejects it (%s) and serves none of its paths",
				ing->ns, ing->name, why);
			continue;
		}
		st[i] = s;
		if (s->merge != PROV_F5_MINION)
			load_server_ingress(m, ing, s, sink);
	}
	for (size_t i = 0; i < n; i++)
		if (st[i] && st[i]->merge == PROV_F5_MINION)
			load_minion(m, order[i], st[i], sink);
	free(order);
	free(st);
	*out = m;
	return 0;
}

void
replay_f5_free(struct replay_f5 *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nservers; i++) {
		for (size_t j = 0; j < m->servers[i].nlocs; j++)
			if (m->servers[i].locs[j].re)
				pcre2_code_free(m->servers[i].locs[j].re);
		free(m->servers[i].locs);
	}
	free(m->servers);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_f5_location_count(const struct replay_f5 *m)
{
	size_t n = 0;

	for (size_t i = 0; m && i < m->nservers; i++)
		n += m->servers[i].nlocs;
	return n;
}
