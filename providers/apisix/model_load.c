/*
 * The APISIX model: loading. The routes the APISIX Ingress Controller
 * builds from the Ingress objects it serves (TranslateIngress,
 * buildRouteFromIngressPath, resolveIngressUpstream), and the hosts of
 * its SSL objects (translateIngressTLSSection).
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

/* m's diagnostics, at the nodes of its input */
#define say(m, ...) replay_say((m)->set, __VA_ARGS__)

bool
replay_apisix_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why)
{
	const struct ing_class *cls;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (ing->class_source == ING_CLASS_NONE || !ing->class_name) {
		*why = "it has no class, and the input has no default "
			"IngressClass of apisix.apache.org/apisix-ingress-"
			"controller";
		return false;
	}
	cls = ing_world_class(w, ing->class_name);
	if (cls) {
		if (cls->controller && (!strcmp(cls->controller,
		    "apisix.apache.org/apisix-ingress-controller") ||
		    !strcmp(cls->controller, "apisix.apache.org/apisix-ingress")))
			return true;
		*why = "its IngressClass names another controller than "
			"apisix.apache.org/apisix-ingress-controller";
		return false;
	}
	if (ing->class_source != ING_CLASS_DEFAULT &&
	    !strcmp(ing->class_name, "apisix"))
		return true;
	*why = "no IngressClass of that name is in the input, and without "
		"one only the class 'apisix' is taken as the APISIX "
		"controller's";
	return false;
}

/* The class check, as replay_load_ingresses calls it (this model has no
 * option for the Ingresses without a class). */
static bool
serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_apisix_class_served(w, ing, why);
}

/* ---- routes ---- */

static pcre2_code *
compile(struct replay_apisix *m, const char *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re,
		PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);

	if (code) {
		m->res = xrealloc(m->res, (m->nres + 1) * sizeof(*m->res));
		m->res[m->nres++] = code;
	}
	return code;
}

/* Whether an ApisixPluginConfig of the input runs an access plugin. */
static const char *
config_access(struct replay_apisix *m, const char *ns, const char *name)
{
	static const char *const access[] = { "basic-auth", "key-auth",
		"jwt-auth", "hmac-auth", "ldap-auth", "multi-auth",
		"openid-connect", "cas-auth", "authz-keycloak", "authz-casbin",
		"authz-casdoor", "wolf-rbac", "forward-auth", "opa",
		"ip-restriction", "ua-restriction", "referer-restriction",
		"consumer-restriction", "uri-blocker", "csrf", "jwe-decrypt",
		NULL };

	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];
		const struct doc_node *list;

		if (!o->name || strcmp(o->kind, "ApisixPluginConfig") ||
		    strcmp(o->name, name) || strcmp(o->ns ? o->ns : "default",
		    ns))
			continue;
		list = doc_path(o->root, "spec.plugins");
		for (size_t j = 0; j < doc_len(list); j++) {
			const char *pn = doc_str(doc_get(doc_item(list, j),
				"name"));
			bool on = true;

			if (doc_bool(doc_get(doc_item(list, j), "enable"),
			    &on) && !on)
				continue;
			for (const char *const *a = access; pn && *a; a++)
				if (!strcmp(*a, pn))
					return pn;
		}
		return NULL;
	}
	return "plugins not in the input";
}

/* Whether an HTTPRoutePolicy of the input targets the Ingress. */
static bool
has_policy(const struct replay_apisix *m, const struct ingress *ing)
{
	for (size_t i = 0; i < m->objs.len; i++) {
		const struct k8s_object *o = &m->objs.items[i];
		const struct doc_node *refs;

		if (!o->name || strcmp(o->kind, "HTTPRoutePolicy") ||
		    strcmp(o->ns ? o->ns : "default", ing->ns))
			continue;
		refs = doc_path(o->root, "spec.targetRefs");
		for (size_t j = 0; j < doc_len(refs); j++) {
			const char *k = doc_str(doc_get(doc_item(refs, j),
				"kind"));
			const char *n = doc_str(doc_get(doc_item(refs, j),
				"name"));

			if (k && n && !strcmp(k, "Ingress") &&
			    !strcmp(n, ing->name))
				return true;
		}
	}
	return false;
}

static void
path_route(struct replay_apisix *m, struct diag_sink *sink,
	const struct ingress *ing, const struct prov_apisix_settings *s,
	const struct ing_rule *rule, size_t ri, size_t pi)
{
	const struct ing_path *p = &rule->paths[pi];
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct ax_mroute rt = { 0 };
	const char *uris[2];
	struct src_pos pos = doc_pos(m->set, at);
	const struct ing_service *svc;

	if (!p->backend.service) {
		say(m, sink, DIAG_INFO, "replay/ingress-resource-backend", at,
			"Ingress '%s/%s': a resource backend; the APISIX "
			"controller makes no route of it", ing->ns, ing->name);
		return;
	}
	rt.ing = ing;
	rt.rank = m->nroutes;
	rt.s = s;
	rt.rule_idx = (long)ri;
	rt.path_idx = (long)pi;
	rt.file = pos.file;
	rt.line = pos.line;
	rt.ns = s->svc_namespace ? s->svc_namespace : ing->ns;
	rt.service = p->backend.service;
	rt.port = p->backend.port_name ? -1 : p->backend.port;
	svc = ing_world_service(&m->world, rt.ns, rt.service);
	if (svc) {
		const struct ing_service_port *sp = replay_service_port(svc,
			&p->backend);

		if (sp)
			rt.port = sp->port;
	}
	if (rule->host) {
		char *h = arena_strdup(&m->arena, rule->host);

		for (char *q = h; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		rt.host = h;
	}
	rt.nuris = prov_apisix_uris(&m->arena, (int)p->type, p->path,
		s->use_regex, uris);
	for (size_t i = 0; i < rt.nuris; i++) {
		size_t n = strlen(uris[i]);

		rt.uris[i].prefix = n && uris[i][n - 1] == '*';
		rt.uris[i].path = rt.uris[i].prefix ? arena_strndup(&m->arena,
			uris[i], n - 1) : uris[i];
	}
	if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC && s->use_regex) {
		rt.re = compile(m, p->path);
		if (!rt.re) {
			say(m, sink, DIAG_WARNING, "replay/bad-regex", at,
				"Ingress '%s/%s': path '%s' does not compile as "
				"a PCRE: the route never matches", ing->ns,
				ing->name, p->path);
			return;
		}
	}
	if (s->rewrite_regex && !s->rewrite_target)
		rt.rewrite_re = compile(m, s->rewrite_regex);
	if (s->allowlist.len || s->blocklist.len)
		rt.access_what = "ip-restriction";
	else if (s->auth_uri)
		rt.access_what = "forward-auth";
	else if (s->auth_type == PROV_APISIX_AUTH_BASIC)
		rt.access_what = "basic-auth";
	else if (s->auth_type == PROV_APISIX_AUTH_KEY)
		rt.access_what = "key-auth";
	else if (s->csrf)
		rt.access_what = "csrf";
	else if (s->plugin_config)
		rt.access_what = config_access(m, ing->ns, s->plugin_config);
	rt.access = rt.access_what != NULL;
	rt.policy = has_policy(m, ing);
	m->routes = xrealloc(m->routes, (m->nroutes + 1) *
		sizeof(*m->routes));
	m->routes[m->nroutes++] = rt;
}

/* Each Ingress the APISIX controller serves (replay_load_ingresses'
 * take). */
static void
load_ingress(void *arg, const struct ingress *ing, size_t i,
	struct diag_sink *sink)
{
	struct replay_apisix *m = arg;
	struct prov_apisix_settings *s = arena_alloc(&m->arena, sizeof(*s));
	struct diag_sink quiet = DIAG_SINK_INIT;

	(void)i;
	prov_apisix_parse(s, &m->arena, m->set, ing->annotations, ing->ns,
		ing->name, &quiet);
	diag_sink_release(&quiet);
	/* its SSL objects (translateIngressTLSSection) */
	replay_cert_hosts(&m->arena, &m->certs, &m->world, ing);
	if (ing->has_default_backend)
		say(m, sink, DIAG_INFO, "replay/apisix-default-backend",
			ing->default_backend.node, "Ingress '%s/%s': the APISIX "
			"controller makes no route of spec.defaultBackend",
			ing->ns, ing->name);
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			path_route(m, sink, ing, s, &ing->rules[r], r, p);
}

int
replay_apisix_load(struct replay_apisix **out, const struct doc_set *set,
	const struct replay_apisix_opts *opts, struct diag_sink *sink)
{
	struct replay_apisix *m;

	if (!out || !set)
		return ERR_INVALID;
	m = xcalloc(1, sizeof(*m));
	m->set = set;
	m->assume_services = opts && opts->assume_services;
	replay_load_ingresses(&(struct replay_load){
		.serves = opts && opts->apisix_classes ? serves : NULL,
		.who = "the APISIX controller", .take = load_ingress, .arg = m,
	}, set, &m->objs, &m->world, sink);
	m->world_loaded = true;
	*out = m;
	return 0;
}

void
replay_apisix_free(struct replay_apisix *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nres; i++)
		pcre2_code_free(m->res[i]);
	free(m->res);
	free(m->routes);
	strmap_release(&m->certs);
	replay_load_release(&m->objs, &m->world, m->world_loaded);
	arena_release(&m->arena);
	free(m);
}

size_t
replay_apisix_route_count(const struct replay_apisix *m)
{
	return m ? m->nroutes : 0;
}
