/*
 * The Traefik model: loading. The routers Traefik builds from the Ingress
 * objects it serves (kubernetes.go loadConfigurationFromIngresses,
 * loadRouter, loadService), sorted by priority as its muxer sorts them
 * (mux.go AddRoute: priority descending), and the hosts its certificate
 * store covers.
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
#include "providers/traefik/annotations.h"
#include "replay/model_common.h"
#include "strbuf.h"

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

bool
replay_traefik_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why)
{
	const struct ing_class *cls;
	const char *dummy;

	if (!why)
		why = &dummy;
	switch (ing->class_source) {
	case ING_CLASS_NONE:
		return true;	/* the provider's default: no ingressClass */
	case ING_CLASS_ANNOTATION:
		if (ing->class_annotation && !strcmp(ing->class_annotation,
		    "traefik"))
			return true;
		*why = "its kubernetes.io/ingress.class annotation is not "
			"'traefik'";
		return false;
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		break;
	}
	cls = ing_world_class(w, ing->class_name);
	if (cls) {
		if (cls->controller && !strcmp(cls->controller,
		    "traefik.io/ingress-controller"))
			return true;
		*why = "its IngressClass names another controller than "
			"traefik.io/ingress-controller";
		return false;
	}
	if (!strcmp(ing->class_name, "traefik"))
		return true;
	*why = "no IngressClass of that name is in the input, and without "
		"one only the class 'traefik' is taken as Traefik's";
	return false;
}

/* The class check, as replay_load_ingresses calls it (this model has no
 * option for the Ingresses without a class). */
static bool
serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_traefik_class_served(w, ing, why);
}

/* ---- rule text: Go's %q, joined with " && " (loadRouter) ---- */

static void
quote(struct strbuf *sb, const char *s)
{
	static const char esc[] = "\a\b\f\n\r\t\v";
	static const char letter[] = "abfnrtv";

	strbuf_addc(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *e = ch ? strchr(esc, ch) : NULL;

		if (ch == '"' || ch == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, (char)ch);
		} else if (e) {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, letter[e - esc]);
		} else if (ch < 0x20 || ch == 0x7f) {
			strbuf_addf(sb, "\\x%02x", ch);
		} else {
			strbuf_addc(sb, (char)ch);
		}
	}
	strbuf_addc(sb, '"');
}

static const char *
rule_text(struct replay_traefik *m, const char *host, bool v2,
	enum rt_path kind, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	if (host) {
		if (v2 && host[0] == '*' && host[1] == '.') {
			struct strbuf h = STRBUF_INIT;

			strbuf_addf(&h, "{subdomain:[a-zA-Z0-9-]+}.%s",
				host + 2);
			strbuf_adds(&sb, "HostRegexp(");
			quote(&sb, h.buf);
			strbuf_release(&h);
		} else {
			strbuf_adds(&sb, "Host(");
			quote(&sb, host);
		}
		strbuf_addc(&sb, ')');
	}
	if (kind != RT_ANY) {
		if (sb.len)
			strbuf_adds(&sb, " && ");
		strbuf_adds(&sb, kind == RT_PATH ? "Path(" : kind == RT_PREFIX ?
			"PathPrefix(" : "PathRegexp(");
		quote(&sb, path);
		strbuf_addc(&sb, ')');
	}
	out = arena_strdup(&m->arena, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

/* ---- routers ---- */

struct build {
	struct replay_traefik *m;
	struct diag_sink *sink;
	const struct ingress *ing;
	size_t rank;
	struct prov_traefik_router r;
	bool web, secure;
	struct rt_router *mine;		/* this Ingress's, by rule text */
	size_t nmine;
};

/*
 * loadService: whether Traefik creates the service of b, and its port
 * and Host policy. Says why not.
 */
static bool
load_service(struct build *bd, const struct ing_backend *b,
	const struct doc_node *at, struct rt_router *rt)
{
	struct replay_traefik *m = bd->m;
	const struct ing_service *svc;
	const struct ing_service_port *port;
	struct prov_traefik_service s;
	struct diag_sink quiet = DIAG_SINK_INIT;

	if (!b->service) {
		say(m, bd->sink, DIAG_INFO, "replay/ingress-resource-backend",
			at, "Ingress '%s/%s': a resource backend; Traefik "
			"supports none and skips the path", bd->ing->ns,
			bd->ing->name);
		return false;
	}
	rt->ns = bd->ing->ns;
	rt->service = b->service;
	rt->port = b->port_name ? -1 : b->port;
	rt->pass_host = true;
	svc = ing_world_service(&m->world, bd->ing->ns, b->service);
	if (!svc) {
		if (m->assume_services || !m->world.nservices)
			return true;
		say(m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped", at,
			"Ingress '%s/%s': Service '%s' is not in the input: "
			"Traefik cannot create its service and skips the path",
			bd->ing->ns, bd->ing->name, b->service);
		return false;
	}
	port = replay_service_port(svc, b);
	if (!port) {
		say(m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped", at,
			"Ingress '%s/%s': Service '%s' has no port %s%.0ld: "
			"Traefik skips the path", bd->ing->ns, bd->ing->name,
			b->service, b->port_name ? b->port_name : "",
			b->port_name ? 0L : (long)b->port);
		return false;
	}
	rt->port = port->port;
	prov_traefik_parse_service(&s, &m->arena, m->set,
		doc_get(svc->obj->metadata, "annotations"), svc->ns, svc->name,
		&quiet);
	diag_sink_release(&quiet);
	if (s.failed) {
		say(m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped", at,
			"Ingress '%s/%s': the annotations of Service '%s' do "
			"not parse ('%s'): Traefik skips the path", bd->ing->ns,
			bd->ing->name, b->service, s.fail_key ? s.fail_key :
			"?");
		return false;
	}
	rt->pass_host = s.pass_host_header;
	rt->bad_scheme = s.scheme_bad;
	return true;
}

/* A router of this Ingress with the same rule is replaced (the two
 * share a name in the configuration map). */
static void
keep(struct build *bd, const struct rt_router *rt)
{
	for (size_t i = 0; i < bd->nmine; i++)
		if (!strcmp(bd->mine[i].rule, rt->rule)) {
			bd->mine[i] = *rt;
			return;
		}
	bd->mine = xrealloc(bd->mine, (bd->nmine + 1) * sizeof(*bd->mine));
	bd->mine[bd->nmine++] = *rt;
}

static void
router_base(struct build *bd, struct rt_router *rt, const struct doc_node *at)
{
	struct src_pos p = doc_pos(bd->m->set, at);

	rt->ing = bd->ing;
	rt->ing_rank = bd->rank;
	rt->tls = bd->r.tls;
	rt->on_web = bd->web;
	rt->on_secure = bd->secure;
	rt->middlewares = bd->r.middlewares.len > 0;
	rt->file = p.file;
	rt->line = p.line;
}

static void
path_router(struct build *bd, const struct ing_rule *rule, size_t ri,
	size_t pi)
{
	struct replay_traefik *m = bd->m;
	const struct ing_path *p = &rule->paths[pi];
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct rt_router rt = { 0 };
	int matcher = PROV_TRAEFIK_PATH_PREFIX;

	router_base(bd, &rt, at);
	rt.rule_idx = (long)ri;
	rt.path_idx = (long)pi;
	if (!load_service(bd, &p->backend, at, &rt))
		return;
	if (p->type == ING_PATH_EXACT)
		matcher = PROV_TRAEFIK_PATH;
	else if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC)
		matcher = bd->r.path_matcher;
	if (matcher < 0) {
		say(m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped", at,
			"Ingress '%s/%s': path '%s': router.pathmatcher is "
			"not Path, PathPrefix or PathRegexp: Traefik skips the "
			"path", bd->ing->ns, bd->ing->name, p->path);
		return;
	}
	if (p->path_given && *p->path) {
		rt.kind = matcher == PROV_TRAEFIK_PATH ? RT_PATH :
			matcher == PROV_TRAEFIK_PATH_REGEXP ? RT_REGEXP :
			RT_PREFIX;
		rt.path = p->path;
	}
	if (rule->host) {
		char *h = arena_strdup(&m->arena, rule->host);

		for (char *q = h; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		rt.host = h;
		rt.host_v2 = bd->r.rule_v2 && h[0] == '*';
	}
	rt.rule = rule_text(m, rule->host, bd->r.rule_v2, rt.kind, rt.path);
	if (rt.kind == RT_REGEXP) {
		int err;
		PCRE2_SIZE off;

		rt.re = pcre2_compile((PCRE2_SPTR)rt.path,
			PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		if (!rt.re) {
			say(m, bd->sink, DIAG_WARNING, "replay/bad-regex", at,
				"Ingress '%s/%s': PathRegexp '%s' does not "
				"compile: the router fails and never matches",
				bd->ing->ns, bd->ing->name, rt.path);
			return;
		}
		m->res = xrealloc(m->res, (m->nres + 1) * sizeof(*m->res));
		m->res[m->nres++] = rt.re;
	}
	if (!*rt.rule) {
		say(m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped", at,
			"Ingress '%s/%s': a path without host and path makes "
			"an empty rule, which Traefik cannot parse: the router "
			"fails", bd->ing->ns, bd->ing->name);
		return;
	}
	rt.explicit_priority = bd->r.priority != 0;
	rt.priority = bd->r.priority ? bd->r.priority :
		(long long)strlen(rt.rule);
	keep(bd, &rt);
}

static bool
default_taken(const struct replay_traefik *m)
{
	for (size_t i = 0; i < m->nrouters; i++)
		if (m->routers[i].default_router)
			return true;
	return false;
}

static void
default_router(struct build *bd)
{
	const struct ingress *ing = bd->ing;
	const struct ing_backend *b = &ing->default_backend;
	struct rt_router rt = { 0 };

	if (!ing->has_default_backend || ing->nrules)
		return;
	if (default_taken(bd->m)) {
		say(bd->m, bd->sink, DIAG_INFO, "replay/traefik-router-skipped",
			b->node, "Ingress '%s/%s': Traefik has a default "
			"router already (\"the default backend already "
			"exists\"): this defaultBackend is not served",
			ing->ns, ing->name);
		return;
	}
	router_base(bd, &rt, b->node);
	rt.rule_idx = rt.path_idx = -1;
	if (!load_service(bd, b, b->node, &rt))
		return;
	rt.kind = RT_PREFIX;
	rt.path = "/";
	rt.rule = "PathPrefix(\"/\")";
	rt.priority = PROV_TRAEFIK_MIN_PRIORITY;
	rt.default_router = true;
	keep(bd, &rt);
}

/* Each Ingress Traefik serves (replay_load_ingresses' take). */
static void
load_ingress(void *arg, const struct ingress *ing, size_t rank,
	struct diag_sink *sink)
{
	struct replay_traefik *m = arg;
	struct build bd = { .m = m, .sink = sink, .ing = ing, .rank = rank };
	const struct prov_strlist *eps;

	prov_traefik_parse_router(&bd.r, &m->arena, m->set, ing->annotations,
		ing->ns, ing->name, sink);
	if (bd.r.skipped)
		return;		/* the parser said so */
	/* getCertificates: the Secret of every tls entry, into the store */
	replay_cert_hosts(&m->arena, &m->certs, &m->world, ing);
	eps = &bd.r.entrypoints;
	bd.web = bd.secure = true;
	if (bd.r.has_entrypoints) {
		bd.web = bd.secure = false;
		for (size_t i = 0; i < eps->len; i++) {
			bd.web |= !strcmp(eps->v[i], "web");
			bd.secure |= !strcmp(eps->v[i], "websecure");
		}
	}
	for (size_t i = 0; i < bd.r.middlewares.len; i++)
		if (!strchr(bd.r.middlewares.v[i], '@')) {
			say(m, sink, DIAG_INFO, "replay/traefik-router-skipped",
				bd.r.slots[prov_traefik_index(
				prov_traefik_lookup("router.middlewares"))].node,
				"Ingress '%s/%s': middleware "
				"'%s' names no provider and does not exist in "
				"the Ingress provider: Traefik fails its "
				"routers", ing->ns, ing->name,
				bd.r.middlewares.v[i]);
			return;
		}
	default_router(&bd);
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			path_router(&bd, &ing->rules[r], r, p);
	for (size_t i = 0; i < bd.nmine; i++) {
		m->routers = xrealloc(m->routers, (m->nrouters + 1) *
			sizeof(*m->routers));
		m->routers[m->nrouters++] = bd.mine[i];
	}
	free(bd.mine);
}

/* Priority descending; equal ones in input order (Traefik: undefined). */
static int
by_priority(const void *pa, const void *pb)
{
	const struct rt_router *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->ing_rank != b->ing_rank)
		return a->ing_rank < b->ing_rank ? -1 : 1;
	if (a->rule_idx != b->rule_idx)
		return a->rule_idx < b->rule_idx ? -1 : 1;
	return a->path_idx < b->path_idx ? -1 : a->path_idx > b->path_idx;
}

static void
list_add(struct rt_list *l, size_t i)
{
	l->idx = xrealloc(l->idx, (l->n + 1) * sizeof(*l->idx));
	l->idx[l->n++] = i;
}

/* by_host and hostless, in priority order. */
static void
index_hosts(struct replay_traefik *m)
{
	size_t nkeys = 0;

	for (size_t i = 0; i < m->nrouters; i++) {
		const char *h = m->routers[i].host;

		if (h && !strmap_get(&m->by_host, h)) {
			strmap_put(&m->by_host, h, (void *)(uintptr_t)
				(nkeys + 1));
			nkeys++;
		}
	}
	m->lists = xcalloc(nkeys + 1, sizeof(*m->lists));
	m->nlists = nkeys;
	for (size_t i = 0; i < m->nrouters; i++) {
		const char *h = m->routers[i].host;

		if (h)
			list_add(&m->lists[(uintptr_t)strmap_get(&m->by_host,
				h) - 1], i);
		else
			list_add(&m->hostless, i);
	}
}

int
replay_traefik_load(struct replay_traefik **out, const struct doc_set *set,
	const struct replay_traefik_opts *opts, struct diag_sink *sink)
{
	struct replay_traefik *m;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->traefik_classes ? serves : NULL,
		.who = "Traefik", .take = load_ingress, .arg = m,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	if (m->nrouters)
		qsort(m->routers, m->nrouters, sizeof(*m->routers),
			by_priority);
	index_hosts(m);
	*out = m;
	return 0;
}

void
replay_traefik_free(struct replay_traefik *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nres; i++)
		pcre2_code_free(m->res[i]);
	free(m->res);
	free(m->routers);
	for (size_t i = 0; i < m->nlists; i++)
		free(m->lists[i].idx);
	free(m->lists);
	free(m->hostless.idx);
	strmap_release(&m->by_host);
	strmap_release(&m->certs);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_traefik_router_count(const struct replay_traefik *m)
{
	return m ? m->nrouters : 0;
}
