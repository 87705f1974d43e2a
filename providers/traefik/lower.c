#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "k8s.h"
#include "providers/provider.h"
#include "providers/traefik/annotations.h"
#include "strbuf.h"

/*
 * Traefik's Kubernetes Ingress provider, lowered into the IR: one router
 * per rule and path (kubernetes.go loadRouter), the rule's matchers,
 * entry points and TLS, the Service's annotations, and what Gateway API
 * does differently: character prefixes, priorities by rule length,
 * middlewares and the rest, each said at its line.
 *
 * Entry points are those of Traefik's Helm chart and documentation:
 * "web" (port 80, plain HTTP) and "websecure" (port 443, with TLS on the
 * entry point, so every router on it answers HTTPS). A router without
 * router.entrypoints is on both; a TLS router (router.tls) answers only
 * TLS connections.
 */

#define ENTRY_WEB "web"
#define ENTRY_SECURE "websecure"

/* What the Gateway does with a converted path's requests, per router. */
enum tk_path {
	TK_EXACT = 1,
	TK_PREFIX,		/* a character prefix in Traefik */
	TK_REGEX,
	TK_ALL,			/* no path matcher */
};

/* One router, for the comparison of priorities. */
struct tk_router {
	const struct ingress *ing;
	size_t rank;			/* position in the conversion's order */
	const char *host;		/* lower-case; NULL: any host */
	enum tk_path kind;
	const char *path;
	long long priority;
	bool explicit_priority;
	const char *service;
	int port;
	bool http, https;		/* entry points it answers on */
	const struct doc_node *node;	/* the path (or defaultBackend) */
};

struct tk_svc {
	const struct ing_service *svc;
	struct prov_traefik_service s;
	bool said;			/* its Service-wide diagnostics */
};

struct tk_ing {
	const struct ingress *ing;
	struct prov_traefik_router r;
	size_t rank;
	bool http, https;		/* from entry points and TLS */
	bool failed_routers;		/* a middleware Traefik cannot find */
	bool default_router;		/* the one default router */
};

struct conv_traefik {
	struct tk_ing **ings;		/* by index in c->w->ingresses */
	struct strmap svcs;		/* "ns/name" -> tk_svc */
	struct k8s_objects objs;	/* Middleware, TLSOption objects */
	bool objs_loaded;
	struct tk_router *routers;
	size_t nrouters;
	bool default_taken;
};

static struct tk_ing *
tk_of(struct conv *c, const struct ingress *ing)
{
	const struct ingress *base = c->w->ingresses;

	if (!c->traefik || ing < base || ing >= base + c->w->ningresses)
		return NULL;
	return c->traefik->ings[ing - base];
}

static bool
tk_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_traefik_serves(c->w, ing, false);
}

static bool
tk_wants(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_traefik;
}

static const struct doc_node *
slot_node(const struct prov_traefik_router *r, const char *key)
{
	const struct prov_annotation *a = prov_traefik_lookup(key);
	const struct prov_traefik_slot *sl = &r->slots[prov_traefik_index(a)];

	return sl->key_node;
}

static const struct prov_traefik_slot *
rslot(const struct prov_traefik_router *r, const char *key)
{
	return &r->slots[prov_traefik_index(prov_traefik_lookup(key))];
}

static const struct prov_traefik_slot *
sslot(const struct prov_traefik_service *s, const char *key)
{
	return &s->slots[prov_traefik_index(prov_traefik_lookup(key))];
}

static bool
in_list(const struct prov_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->len; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* ---- Services --------------------------------------------------------- */

static struct tk_svc *
svc_of(struct conv *c, const char *ns, const char *name)
{
	struct conv_traefik *t = c->traefik;
	char buf[512];
	const char *key = buf;
	struct tk_svc *s;
	const struct ing_service *svc;

	if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", ns, name) >=
	    sizeof(buf))
		key = arena_printf(c->a, "%s/%s", ns, name);
	if ((s = strmap_get(&t->svcs, key)))
		return s;
	key = arena_strdup(c->a, key);
	svc = ing_world_service(c->w, ns, name);
	if (!svc)
		return NULL;
	s = arena_alloc(c->a, sizeof(*s));
	s->svc = svc;
	prov_traefik_parse_service(&s->s, c->a, c->w->set,
		doc_get(svc->obj->metadata, "annotations"), ns, name, c->sink);
	strmap_put(&t->svcs, key, s);
	return s;
}

/* ---- Middleware and TLSOption objects --------------------------------- */

static bool
traefik_group(const char *api)
{
	return !strncmp(api, "traefik.io/", 11) ||
		!strncmp(api, "traefik.containo.us/", 20);
}

/* The object of kind named "<ns>-<name>" (kubernetescrd), or NULL. */
static const struct k8s_object *
crd_object(struct conv *c, const char *kind, const char *ref)
{
	struct conv_traefik *t = c->traefik;

	if (!t->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&t->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		t->objs_loaded = true;
	}
	for (size_t i = 0; i < t->objs.len; i++) {
		const struct k8s_object *o = &t->objs.items[i];
		const char *ns = o->ns ? o->ns : "default";
		size_t nl = strlen(ns);

		if (!o->name || strcmp(o->kind, kind) ||
		    !traefik_group(o->api_version))
			continue;
		if (!strncmp(ref, ns, nl) && ref[nl] == '-' &&
		    !strcmp(ref + nl + 1, o->name))
			return o;
	}
	return NULL;
}

/* Middleware types that decide who may pass. */
static const char *const access_types[] = { "basicAuth", "digestAuth",
	"forwardAuth", "ipAllowList", "ipWhiteList", NULL };

/* What a Gateway API route could do instead, by middleware type. */
static const struct {
	const char *type, *instead;
} middleware_hints[] = {
	{ "stripPrefix", "a URLRewrite filter with ReplacePrefixMatch" },
	{ "addPrefix", "a URLRewrite filter with ReplaceFullPath" },
	{ "replacePath", "a URLRewrite filter with ReplaceFullPath" },
	{ "redirectScheme", "a RequestRedirect filter (scheme, port)" },
	{ "redirectRegex", "a RequestRedirect filter when the target is "
	  "fixed" },
	{ "headers", "RequestHeaderModifier and ResponseHeaderModifier "
	  "filters, or the CORS filter" },
	{ "retry", "the rule's retry (experimental) or an implementation's "
	  "policy" },
	{ "rateLimit", "an implementation's rate limit policy" },
	{ "buffering", "an implementation's policy" },
	{ "compress", "an implementation's policy" },
};

static const char *
middleware_type(const struct k8s_object *o)
{
	const struct doc_node *spec = doc_get(o->root, "spec");

	return doc_len(spec) ? doc_str(doc_map_key(spec, 0)) : NULL;
}

static bool
is_access(const char *type)
{
	for (const char *const *p = access_types; type && *p; p++)
		if (!strcmp(*p, type))
			return true;
	return false;
}

/*
 * router.middlewares: named, one by one. A middleware of the input that
 * checks access closes the Ingress's routes (fail closed); one without a
 * provider is looked up in the Ingress provider, which defines none, so
 * Traefik fails the routers.
 */
static void
middlewares(struct conv *c, struct tk_ing *ti)
{
	const struct ingress *ing = ti->ing;
	const struct prov_traefik_slot *sl = rslot(&ti->r,
		"router.middlewares");
	const struct doc_node *at = sl->node ? sl->node : sl->key_node;

	for (size_t i = 0; i < ti->r.middlewares.len; i++) {
		const char *m = ti->r.middlewares.v[i];
		const char *atp = strchr(m, '@');
		const struct k8s_object *o = NULL;
		const char *type = NULL, *hint = NULL;

		if (!atp) {
			ti->failed_routers = true;
			diag_add(c->sink, DIAG_WARNING,
				"convert/traefik-middleware", conv_pos(c, at),
				"Ingress '%s/%s': middleware '%s' names no "
				"provider, so Traefik looks for it in the "
				"Ingress provider, which defines none: the "
				"routers fail and none of the Ingress's paths "
				"are served; they are not converted (write "
				"'%s-%s@kubernetescrd' for a Middleware "
				"object)", ing->ns, ing->name, m, ing->ns, m);
			continue;
		}
		if (!strcmp(atp + 1, "kubernetescrd")) {
			char *ref = arena_strndup(c->a, m, (size_t)(atp - m));

			o = crd_object(c, "Middleware", ref);
		}
		if (o)
			type = middleware_type(o);
		if (is_access(type)) {
			diag_add(c->sink, DIAG_ERROR, "convert/access-control",
				conv_pos(c, at), "Ingress '%s/%s': middleware "
				"'%s' (%s, Middleware %s/%s) restricts who may "
				"reach its paths; target '%s' cannot check it, "
				"so they now answer 500", ing->ns, ing->name, m,
				type, o->ns ? o->ns : "default", o->name,
				c->target->table->name);
			diag_add_note(c->sink, conv_pos(c, o->root), "the "
				"Middleware; to keep the check, use the "
				"implementation's policy (EG SecurityPolicy) "
				"and convert with --force; on an error convert "
				"writes nothing unless --force");
			conv_close(c, ing, NULL, false);
			continue;
		}
		for (size_t k = 0; type && k < ARRAY_LEN(middleware_hints);
		     k++)
			if (!strcmp(middleware_hints[k].type, type))
				hint = middleware_hints[k].instead;
		if (o)
			diag_add(c->sink, DIAG_WARNING,
				"convert/traefik-middleware", conv_pos(c, at),
				"Ingress '%s/%s': middleware '%s' (%s) is not "
				"carried over: the routes skip it%s%s",
				ing->ns, ing->name, m, type ? type : "unknown "
				"type", hint ? "; the nearest Gateway API "
				"equivalent: " : "", hint ? hint : "");
		else
			diag_add(c->sink, DIAG_WARNING,
				"convert/traefik-middleware", conv_pos(c, at),
				"Ingress '%s/%s': middleware '%s' is not carried "
				"over and is not in the input, so what it does "
				"is unknown: the routes skip it; if it checks "
				"access (basicAuth, forwardAuth, ipAllowList), "
				"the converted paths are open to anyone: add "
				"the Middleware objects to the input", ing->ns,
				ing->name, m);
	}
}

/* router.tls.options: a TLSOption requiring client certificates is an
 * access check. */
static void
tls_options(struct conv *c, struct tk_ing *ti)
{
	const struct ingress *ing = ti->ing;
	const struct prov_traefik_slot *sl = rslot(&ti->r,
		"router.tls.options");
	const char *opt = ti->r.tls_options, *atp;
	const struct k8s_object *o = NULL;
	const char *mode = NULL;

	if (!opt || sl->state != PROV_TRAEFIK_SET)
		return;
	atp = strchr(opt, '@');
	if (atp && !strcmp(atp + 1, "kubernetescrd"))
		o = crd_object(c, "TLSOption", arena_strndup(c->a, opt,
			(size_t)(atp - opt)));
	if (o)
		mode = doc_str(doc_path(o->root, "spec.clientAuth."
			"clientAuthType"));
	if (mode && strncmp(mode, "RequireAny", 10) && (!strncmp(mode,
	    "Require", 7) || !strcmp(mode, "VerifyClientCertIfGiven"))) {
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, sl->node), "Ingress '%s/%s': TLSOption "
			"'%s' verifies client certificates (%s); target '%s' "
			"cannot check them for these routes, so they now "
			"answer 500", ing->ns, ing->name, opt, mode,
			c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, o->root), "the TLSOption; "
			"Gateway spec.tls.frontend validation checks client "
			"certificates for the whole Gateway or port; on an "
			"error convert writes nothing unless --force");
		conv_close(c, ing, NULL, true);
		return;
	}
	diag_add(c->sink, DIAG_WARNING, "convert/traefik-not-converted",
		conv_pos(c, sl->key_node), "Ingress '%s/%s': annotation '%s' "
		"(TLS versions, ciphers, client certificates of the TLS "
		"routers) is not converted; the HTTPS listeners use the "
		"implementation's TLS settings; to keep it: Gateway "
		"spec.tls.frontend, or the implementation's policy (EG "
		"ClientTrafficPolicy tls)", ing->ns, ing->name, sl->key);
}

/* ---- annotations ------------------------------------------------------ */

static bool
bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key, "kubectl.kubernetes.io/last-applied-configuration");
}

/* Whether the Ingress has a path the router.pathmatcher applies to. */
static bool
has_unset_type(const struct ingress *ing)
{
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			if (ing->rules[r].paths[p].type ==
			    ING_PATH_IMPLEMENTATION_SPECIFIC)
				return true;
	return false;
}

static void
report_annotations(struct conv *c, struct tk_ing *ti)
{
	const struct ingress *ing = ti->ing;
	size_t plen = strlen(PROV_TRAEFIK_PREFIX);

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k);
		const struct prov_annotation *a;
		const struct prov_traefik_slot *sl;

		if (!key || bookkeeping(key))
			continue;
		if (strncmp(key, PROV_TRAEFIK_PREFIX, plen)) {
			conv_report_annotation(c, ing, k);
			continue;
		}
		a = prov_traefik_lookup(key + plen);
		if (!a || prov_traefik_service_key(a->key))
			continue;	/* the parser said why */
		sl = &ti->r.slots[prov_traefik_index(a)];
		if (sl->key_node != k || sl->state != PROV_TRAEFIK_SET)
			continue;
		if (!strcmp(a->key, "router.pathmatcher") &&
		    !has_unset_type(ing)) {
			diag_add(c->sink, DIAG_INFO,
				"convert/traefik-annotation-ignored",
				conv_pos(c, k), "Ingress '%s/%s': annotation "
				"'%s' has no effect: it applies to paths of "
				"pathType ImplementationSpecific, and the "
				"Ingress has none", ing->ns, ing->name, key);
			continue;
		}
		if (a->cls == PROV_CLASS_C_PERF) {
			diag_add(c->sink, DIAG_INFO, "convert/traefik-tuning",
				conv_pos(c, k), "Ingress '%s/%s': annotation "
				"'%s' (%s) is dropped; it does not change which "
				"backend answers; the nearest setting: %s",
				ing->ns, ing->name, key, a->desc, a->gateway);
			continue;
		}
		if (!strcmp(a->key, "router.rulesyntax") ||
		    !strcmp(a->key, "router.tls.certresolver") ||
		    !strncmp(a->key, "router.tls.domains.", 19))
			diag_add(c->sink, DIAG_WARNING,
				"convert/traefik-not-converted",
				conv_pos(c, k), "Ingress '%s/%s': annotation "
				"'%s' (%s) is not converted; to keep it: %s",
				ing->ns, ing->name, key, a->desc, a->gateway);
	}
	middlewares(c, ti);
	tls_options(c, ti);
}

/* The Service's own annotations, said once at the Service. */
static void
report_service(struct conv *c, struct tk_svc *ts)
{
	const struct prov_traefik_service *s = &ts->s;
	const struct ing_service *svc = ts->svc;
	const struct prov_traefik_slot *sl;

	if (ts->said || s->failed)
		return;
	ts->said = true;
	sl = sslot(s, "service.passhostheader");
	if (sl->state == PROV_TRAEFIK_SET && !s->pass_host_header)
		diag_add(c->sink, DIAG_WARNING,
			"convert/traefik-pass-host-header",
			conv_pos(c, sl->key_node), "Service '%s/%s': "
			"annotation '%s' is false, so Traefik sent its "
			"backends their own address as Host; Gateway API "
			"sends the client's Host: the backends now see "
			"another Host header (a URLRewrite filter with a "
			"hostname sets a fixed one)", svc->ns, svc->name,
			sl->key);
	sl = sslot(s, "service.serverstransport");
	if (sl->state == PROV_TRAEFIK_SET)
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-not-converted",
			conv_pos(c, sl->key_node), "Service '%s/%s': "
			"annotation '%s' (ServersTransport '%s': TLS to the "
			"backends, timeouts) is not converted; to keep it: a "
			"BackendTLSPolicy for the CA and server name, the "
			"implementation's policy for timeouts", svc->ns,
			svc->name, sl->key, s->servers_transport);
	sl = sslot(s, "service.middlewares");
	if (sl->state == PROV_TRAEFIK_SET)
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-middleware",
			conv_pos(c, sl->key_node), "Service '%s/%s': the "
			"middlewares of annotation '%s' are not carried over: "
			"the routes to the Service skip them; if one checks "
			"access, the converted paths are open to anyone",
			svc->ns, svc->name, sl->key);
	for (size_t i = 0; i < PROV_TRAEFIK_NANN; i++) {
		const struct prov_annotation *a =
			&prov_traefik_provider.table[i];

		sl = &s->slots[i];
		if (sl->state != PROV_TRAEFIK_SET ||
		    (strcmp(a->key, "service.nativelb") &&
		    strcmp(a->key, "service.nodeportlb")))
			continue;
		diag_add(c->sink, DIAG_INFO, "convert/traefik-tuning",
			conv_pos(c, sl->key_node), "Service '%s/%s': "
			"annotation '%s' (%s) is dropped; the Gateway sends to "
			"the Service's endpoints, the same backends; the "
			"nearest setting: %s", svc->ns, svc->name, sl->key,
			a->desc, a->gateway);
	}
	sl = sslot(s, "service.serversscheme");
	if (sl->state == PROV_TRAEFIK_SET && s->scheme == PROV_TRAEFIK_HTTPS)
		diag_add(c->sink, DIAG_WARNING,
			"convert/traefik-backend-scheme",
			conv_pos(c, sl->key_node), "Service '%s/%s': "
			"annotation '%s' is https, so Traefik spoke TLS to the "
			"backends; a Gateway speaks plain HTTP to them unless a "
			"BackendTLSPolicy says how to verify them: none is "
			"generated, since Traefik's verification comes from its "
			"ServersTransport: add one with the backends' CA and "
			"name", svc->ns, svc->name, sl->key);
	if (sl->state == PROV_TRAEFIK_SET && s->scheme == PROV_TRAEFIK_H2C) {
		bool h2c = false;

		for (size_t i = 0; i < svc->nports; i++)
			h2c |= svc->ports[i].app_protocol &&
				!strcmp(svc->ports[i].app_protocol,
				"kubernetes.io/h2c");
		if (!h2c)
			diag_add(c->sink, DIAG_WARNING,
				"convert/traefik-backend-scheme",
				conv_pos(c, sl->key_node), "Service '%s/%s': "
				"annotation '%s' is h2c, so Traefik spoke "
				"HTTP/2 without TLS to the backends; a Gateway "
				"speaks HTTP/1.1 unless the Service port's "
				"appProtocol is kubernetes.io/h2c: set it",
				svc->ns, svc->name, sl->key);
	}
}

/* ---- paths ------------------------------------------------------------- */

/* The scheme Traefik uses to the backend (kubernetes.go getProtocol). */
static int
backend_scheme(const struct tk_svc *ts, int port, const char *port_name)
{
	if (ts && ts->s.scheme >= 0)
		return ts->s.scheme;
	if (port == 443 || (port_name && !strncmp(port_name, "https", 5)))
		return PROV_TRAEFIK_HTTPS;
	return PROV_TRAEFIK_HTTP;
}

/* The port of the Service a backend names, as loadService finds it. */
static const struct ing_service_port *
service_port(const struct ing_service *svc, const struct ing_backend *b)
{
	for (size_t i = 0; i < svc->nports; i++) {
		const struct ing_service_port *p = &svc->ports[i];

		if ((!b->port_name && b->port == p->port) || (b->port_name &&
		    p->name && !strcmp(b->port_name, p->name)))
			return p;
	}
	return NULL;
}

/*
 * Whether Traefik creates the service of backend b: the Service exists
 * (when the input lists Services), has the port, and its annotations
 * parse. Says why not, at the path.
 */
static bool
backend_ok(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const struct doc_node *at,
	struct tk_svc **ts_out)
{
	struct tk_svc *ts = NULL;
	const char *why = NULL;

	*ts_out = NULL;
	if (!b->service)
		return true;	/* conv_usable_backend says it */
	if (c->w->nservices) {
		ts = svc_of(c, ing->ns, b->service);
		if (!ts)
			why = "the Service is not in the input, which lists "
				"Services";
		else if (!service_port(ts->svc, b))
			why = "the Service has no such port";
		else if (ts->s.failed)
			why = "the Service's traefik.ingress.kubernetes.io "
				"annotations do not parse";
	}
	if (why) {
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-backend-"
			"skipped", conv_pos(c, at), "Ingress '%s/%s': Traefik "
			"cannot create the service of Service '%s' (%s) and "
			"skips this path, so its requests went to another "
			"router or got 404; it is left out", ing->ns,
			ing->name, b->service, why);
		if (ts && ts->s.failed)
			diag_add_note(c->sink, conv_pos(c, ts->s.fail_node),
				"the annotation Traefik cannot parse (%s)",
				ts->s.fail_reason);
		return false;
	}
	*ts_out = ts;
	return true;
}

/* Whether Traefik creates the service of b (backend_ok, silently). */
static bool
backend_loads(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b)
{
	struct tk_svc *ts;

	if (!b->service)
		return false;
	if (!c->w->nservices)
		return true;
	ts = svc_of(c, ing->ns, b->service);
	return ts && service_port(ts->svc, b) && !ts->s.failed;
}

/* A TLS connection to the backend: said once per Ingress and Service. */
static void
backend_tls(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const struct tk_svc *ts,
	const struct doc_node *at, struct strmap *said)
{
	const char *key;
	const struct prov_traefik_slot *sl = ts ? sslot(&ts->s,
		"service.serversscheme") : NULL;

	if (backend_scheme(ts, b->port, b->port_name) != PROV_TRAEFIK_HTTPS ||
	    (sl && sl->state == PROV_TRAEFIK_SET))
		return;		/* (the annotation: said at the Service) */
	key = arena_printf(c->a, "%s/%d/%s", b->service, b->port,
		b->port_name ? b->port_name : "");
	if (strmap_get(said, key))
		return;
	strmap_put(said, key, (void *)1);
	diag_add(c->sink, DIAG_WARNING, "convert/traefik-backend-scheme",
		conv_pos(c, at), "Ingress '%s/%s': Traefik spoke TLS to Service "
		"'%s' (%s); a Gateway speaks plain HTTP to it unless a "
		"BackendTLSPolicy says how to verify the backends: none is "
		"generated, since Traefik's verification comes from its "
		"ServersTransport: add one with the backends' CA and name",
		ing->ns, ing->name, b->service, b->port_name ? "its port "
		"name starts with https" : "its port is 443");
}

/*
 * A Go regexp searched anywhere in the path, as a whole-path expression:
 * ".*" where it is not anchored.
 */
static const char *
search_regex(struct conv *c, const char *re)
{
	size_t n = strlen(re);
	bool start = re[0] == '^';
	bool end = n && re[n - 1] == '$' && (n < 2 || re[n - 2] != '\\');

	return arena_printf(c->a, "%s(?:%s)%s", start ? "" : ".*", re,
		end ? "" : ".*");
}

/* A path that a cleaned request path never is: "//", "/./", "/../",
 * or a trailing "/." or "/..". */
static bool
unclean(const char *p)
{
	size_t n = strlen(p);

	return strstr(p, "//") || strstr(p, "/./") || strstr(p, "/../") ||
		(n >= 2 && !strcmp(p + n - 2, "/.")) ||
		(n >= 3 && !strcmp(p + n - 3, "/.."));
}

struct path_plan {
	const char *type;	/* Gateway API match type */
	const char *value;
	enum tk_path kind;
	int matcher;		/* enum prov_traefik_matcher, -1: skipped */
};

static void
plan_path(struct conv *c, const struct tk_ing *ti, const struct ing_path *p,
	struct path_plan *pl)
{
	pl->matcher = PROV_TRAEFIK_PATH_PREFIX;
	if (p->type == ING_PATH_EXACT)
		pl->matcher = PROV_TRAEFIK_PATH;
	else if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC)
		pl->matcher = ti->r.path_matcher;
	if (!p->path_given || !*p->path) {
		pl->kind = TK_ALL;
		pl->type = "PathPrefix";
		pl->value = "/";
		return;
	}
	switch (pl->matcher) {
	case PROV_TRAEFIK_PATH:
		pl->kind = TK_EXACT;
		pl->type = "Exact";
		pl->value = p->path;
		break;
	case PROV_TRAEFIK_PATH_REGEXP:
		pl->kind = TK_REGEX;
		pl->type = "RegularExpression";
		pl->value = search_regex(c, p->path);
		break;
	case PROV_TRAEFIK_PATH_PREFIX:
		pl->kind = TK_PREFIX;
		pl->type = "PathPrefix";
		pl->value = p->path;
		break;
	default:
		pl->kind = 0;
		break;
	}
}

/* The rule text of a path, for duplicates within an Ingress. */
static const char *
path_rule(struct conv *c, const struct tk_ing *ti, const char *host,
	const struct ing_path *p, const struct path_plan *pl)
{
	return prov_traefik_rule(c->a, host, ti->r.rule_v2, pl->matcher,
		p->path_given ? p->path : NULL);
}

/* Whether a later path of the Ingress makes the same router (Traefik
 * keeps the last: the routers share a name). */
static const struct ing_path *
later_same(struct conv *c, const struct tk_ing *ti, size_t ri, size_t pi,
	const char *rule)
{
	const struct ingress *ing = ti->ing;

	for (size_t r = ri; r < ing->nrules; r++) {
		const char *h = ing->rules[r].host;

		if ((h == NULL) != (ing->rules[ri].host == NULL) ||
		    (h && strcmp(h, ing->rules[ri].host)))
			continue;
		for (size_t p = r == ri ? pi + 1 : 0;
		     p < ing->rules[r].npaths; p++) {
			const struct ing_path *q = &ing->rules[r].paths[p];
			struct path_plan ql;

			if (!backend_loads(c, ing, &q->backend))
				continue;
			plan_path(c, ti, q, &ql);
			if (ql.kind && !strcmp(path_rule(c, ti, h, q, &ql),
			    rule))
				return q;
		}
	}
	return NULL;
}

static void
prefix_note(struct conv *c, const struct ingress *ing, const char *path,
	const struct doc_node *at)
{
	size_t n = strlen(path);

	if (n <= 1)
		return;
	if (path[n - 1] == '/')
		diag_add(c->sink, DIAG_INFO, "convert/traefik-prefix",
			conv_pos(c, at), "Ingress '%s/%s': Traefik's "
			"PathPrefix('%s') matches by characters and not "
			"'%.*s'; the Gateway API PathPrefix '%s' ignores the "
			"trailing '/' and matches '%.*s' too", ing->ns,
			ing->name, path, (int)(n - 1), path, path,
			(int)(n - 1), path);
	else
		diag_add(c->sink, DIAG_INFO, "convert/traefik-prefix",
			conv_pos(c, at), "Ingress '%s/%s': Traefik's "
			"PathPrefix('%s') matches by characters, so '%sx' "
			"reached this backend too; the Gateway API PathPrefix "
			"'%s' matches whole path segments ('%s', '%s/...'), "
			"so such requests go elsewhere now", ing->ns,
			ing->name, path, path, path, path, path);
}

/*
 * The route of host for the Ingress's routers, attached to the listeners
 * of its entry points; NULL when there is no listener to attach to.
 */
static struct route *
route_of(struct conv *c, struct gateway *gw, struct tk_ing *ti,
	const char *host, const struct doc_node *at, struct strmap *said)
{
	struct route *r;
	const struct listener *l = NULL;

	if (!ti->http && !ti->https)
		return NULL;
	if (!ti->http) {
		l = conv_https_listener(gw, host);
		if (!l) {
			const char *key = host ? host : "";

			if (!strmap_get(said, key)) {
				strmap_put(said, key, (void *)1);
				diag_add(c->sink, DIAG_WARNING,
					"convert/traefik-tls", conv_pos(c, at),
					"Ingress '%s/%s': its routers answer "
					"HTTPS only (%s), with a certificate of "
					"Traefik's store or its default one; "
					"the Gateway has no HTTPS listener for "
					"host '%s' (no tls section with a "
					"secretName names it), so its paths "
					"are left out: add a tls section with "
					"the certificate", ti->ing->ns,
					ti->ing->name, ti->r.tls ?
					"router.tls" : "entry point websecure",
					host ? host : "*");
			}
			return NULL;
		}
	}
	if (ti->http && ti->https && !conv_https_listener(gw, host) &&
	    !strmap_get(said, host ? host : "")) {
		strmap_put(said, host ? host : "", (void *)1);
		if (host)
			diag_add(c->sink, DIAG_INFO, "convert/traefik-default-"
				"certificate", conv_pos(c, at), "Ingress "
				"'%s/%s': host '%s' has no certificate; Traefik "
				"answered HTTPS for it all the same on entry "
				"point websecure, with its default certificate, "
				"but the Gateway has HTTPS listeners only for "
				"the hosts of tls sections, so HTTPS requests "
				"for it find no listener: add a tls section "
				"with the certificate if clients use HTTPS",
				ti->ing->ns, ti->ing->name, host);
		else
			diag_add(c->sink, DIAG_INFO, "convert/traefik-default-"
				"certificate", conv_pos(c, at), "Ingress "
				"'%s/%s': its paths without host answered HTTPS "
				"for every host on entry point websecure, with "
				"Traefik's default certificate where no tls "
				"section has one; the Gateway answers HTTPS only "
				"for the hosts of its HTTPS listeners",
				ti->ing->ns, ti->ing->name);
	}
	r = conv_route_for(c, gw, ti->ing, host);
	if (!ti->https)
		r->section = "http";
	else if (!ti->http)
		r->section_https = l->hostname;
	return r;
}

static void
add_router(struct conv *c, const struct tk_ing *ti, const char *host,
	enum tk_path kind, const char *path, const char *rule,
	const char *service, int port, const struct doc_node *at)
{
	struct conv_traefik *t = c->traefik;
	struct tk_router tr = {
		.ing = ti->ing, .rank = ti->rank, .kind = kind, .path = path,
		.service = service, .port = port, .http = ti->http,
		.https = ti->https, .node = at,
	};

	if (host) {
		char *h = arena_strdup(c->a, host);

		for (char *p = h; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		tr.host = h;
	}
	tr.explicit_priority = ti->r.priority != 0;
	tr.priority = ti->r.priority ? ti->r.priority :
		(long long)strlen(rule);
	if (ti->default_router)
		tr.priority = PROV_TRAEFIK_MIN_PRIORITY;
	PUSH(t->routers, t->nrouters, tr);
}

static void
lower_path(struct conv *c, struct gateway *gw, struct tk_ing *ti,
	size_t ri, size_t pi, struct strmap *said, struct strmap *tls_said)
{
	const struct ingress *ing = ti->ing;
	const struct ing_rule *rule = &ing->rules[ri];
	const struct ing_path *p = &rule->paths[pi];
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct path_plan pl;
	struct strbuf where = STRBUF_INIT;
	struct match m = { 0 };
	const struct ing_path *later;
	struct tk_svc *ts;
	struct route *r;
	const char *why, *rtext;
	int port = 0;
	bool usable;

	plan_path(c, ti, p, &pl);
	if (!pl.kind)
		return;	/* the invalid router.pathmatcher said it */
	rtext = path_rule(c, ti, rule->host, p, &pl);
	if (p->backend.service && (later = later_same(c, ti, ri, pi, rtext))) {
		diag_add(c->sink, DIAG_WARNING, "convert/duplicate-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' of host "
			"'%s' makes the same router as a later path; Traefik "
			"keeps the last one (the two share a name), so this "
			"one is left out", ing->ns, ing->name, p->path,
			rule->host ? rule->host : "*");
		diag_add_note(c->sink, conv_pos(c, later->path_node ?
			later->path_node : later->node), "the path Traefik "
			"keeps");
		return;
	}
	if ((pl.kind == TK_EXACT || pl.kind == TK_PREFIX) &&
	    unclean(p->path)) {
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-path-"
			"sanitized", conv_pos(c, at), "Ingress '%s/%s': path "
			"'%s' has '//', '/./' or '/../'; Traefik cleans every "
			"request path of those before routing (the entry "
			"points' sanitizePath), so this router never matched "
			"and the path is left out", ing->ns, ing->name,
			p->path);
		return;
	}
	if (pl.kind != TK_REGEX && pl.kind != TK_ALL &&
	    (why = gwcheck_path(pl.type, pl.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is not a "
			"valid Gateway API %s value (%s); it is left out",
			ing->ns, ing->name, p->path, pl.type, why);
		return;
	}
	strbuf_addf(&where, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, where.buf, &port);
	strbuf_release(&where);
	if (!usable || !backend_ok(c, ing, &p->backend, at, &ts))
		return;
	if (ts)
		report_service(c, ts);
	backend_tls(c, ing, &p->backend, ts, p->backend.port_node ?
		p->backend.port_node : at, said);
	if (ti->failed_routers)
		return;
	add_router(c, ti, rule->host, pl.kind, pl.kind == TK_REGEX ? p->path :
		pl.value, rtext, p->backend.service, port, at);
	r = route_of(c, gw, ti, rule->host, rule->host_node ?
		rule->host_node : at, tls_said);
	if (!r)
		return;
	if (pl.kind == TK_PREFIX)
		prefix_note(c, ing, p->path, at);
	if (pl.kind == TK_REGEX)
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-path-regexp",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is a Go "
			"regular expression that Traefik searched anywhere in "
			"the path (router.pathmatcher PathRegexp); it becomes "
			"the RegularExpression '%s' on the whole path, whose "
			"syntax and support belong to the implementation",
			ing->ns, ing->name, p->path, pl.value);
	m.type = pl.type;
	m.value = pl.value;
	m.node = at;
	if (strcmp(pl.value, p->path))
		m.src = p->path;
	(void)conv_route_add(c, r, &m, p->backend.service, port, NULL);
}

/* The attributes of the sticky cookie, which no target sets: said once
 * per Service. */
static void
cookie_attributes(struct conv *c, const struct tk_svc *ts)
{
	static const char *const keys[] = { "service.sticky.cookie.domain",
		"service.sticky.cookie.httponly",
		"service.sticky.cookie.path", "service.sticky.cookie.samesite",
		"service.sticky.cookie.secure" };
	const char *said = arena_printf(c->a, "cookie:%s/%s", ts->svc->ns,
		ts->svc->name);

	if (strmap_get(&c->traefik->svcs, said))
		return;
	strmap_put(&c->traefik->svcs, said, (void *)ts);
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const struct prov_traefik_slot *sl = sslot(&ts->s, keys[i]);

		if (sl->state != PROV_TRAEFIK_SET)
			continue;
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-not-converted",
			conv_pos(c, sl->key_node), "Service '%s/%s': "
			"annotation '%s' (an attribute of the sticky cookie) is "
			"not converted: no Gateway API object sets the "
			"attributes of the cookie", ts->svc->ns, ts->svc->name,
			sl->key);
	}
}

/* Sticky cookies: one load-balancing feature per Ingress, when every
 * backend of it is sticky alike. */
/* The Service of b as Traefik loaded it, or NULL. */
static const struct tk_svc *
loaded(struct conv *c, const struct ingress *ing, const struct ing_backend *b)
{
	const struct tk_svc *ts = b->service ? svc_of(c, ing->ns,
		b->service) : NULL;

	return ts && !ts->s.failed ? ts : NULL;
}

/* The sticky keys of a Service a policy carries (the cookie, its name,
 * its Max-Age), each said at its line. */
static void
sticky_not_converted(struct conv *c, const struct tk_svc *ts,
	const struct ingress *ing, const char *why)
{
	static const char *const keys[] = { "service.sticky.cookie",
		"service.sticky.cookie.name", "service.sticky.cookie.maxage" };

	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const struct prov_traefik_slot *sl = sslot(&ts->s, keys[i]);

		if (sl->state != PROV_TRAEFIK_SET)
			continue;
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-not-converted",
			conv_pos(c, sl->key_node), "Service '%s/%s': annotation "
			"'%s' (sticky sessions by a cookie Traefik sets) is not "
			"converted for Ingress '%s/%s': %s", ts->svc->ns,
			ts->svc->name, sl->key, ing->ns, ing->name, why);
	}
}

/* Sticky cookies: one load-balancing feature per Ingress, when every
 * backend of it is the same sticky Service. */
static void
sticky(struct conv *c, const struct tk_ing *ti)
{
	const struct ingress *ing = ti->ing;
	const struct tk_svc *one = NULL, *stick = NULL;
	bool mixed = false;
	struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING, .ing = ing };
	const struct prov_traefik_slot *sl = NULL;
	unsigned dropped;	/* the targets without a policy for it */

	if (!c->w->nservices || ti->failed_routers)
		return;
	for (size_t r = 0; r <= ing->nrules; r++)
		for (size_t p = 0; p < (r < ing->nrules ?
		     ing->rules[r].npaths : 1); p++) {
			const struct ing_backend *b = r < ing->nrules ?
				&ing->rules[r].paths[p].backend :
				ing->has_default_backend ?
				&ing->default_backend : NULL;
			const struct tk_svc *ts = b ? loaded(c, ing, b) : NULL;

			if (!ts)
				continue;
			if (ts->s.sticky && !stick)
				stick = ts;
			if (!one)
				one = ts;
			else if (ts != one)
				mixed = true;
		}
	if (!stick)
		return;
	cookie_attributes(c, stick);
	if (mixed) {
		sticky_not_converted(c, stick, ing, "its paths go to other "
			"Services too, and a policy applies to every route of "
			"the Ingress");
		return;
	}
	if ((dropped = conv_unclaimed(c, IR_FEAT_LOAD_BALANCING))) {
		conv_only(c, dropped);
		sticky_not_converted(c, stick, ing, "the Gateway API objects "
			"do not do this; to keep it: HTTPRoute rule "
			"sessionPersistence (experimental), or an "
			"implementation's policy (--emitter envoy-gateway)");
		conv_only(c, conv_all_targets(c));
		if (dropped == conv_all_targets(c))
			return;
	}
	for (size_t i = 0; i < PROV_TRAEFIK_NANN && !sl; i++)
		if (!strncmp(prov_traefik_provider.table[i].key,
		    "service.sticky.cookie", 21) &&
		    stick->s.slots[i].state == PROV_TRAEFIK_SET)
			sl = &stick->s.slots[i];
	if (!sl)
		return;
	f.key = sl->key;
	f.node = sl->key_node;
	f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
	f.u.lb.name = stick->s.cookie_name && *stick->s.cookie_name ?
		stick->s.cookie_name : arena_printf(c->a, "%s-%s",
		stick->svc->ns, stick->svc->name);
	f.u.lb.name_default = !stick->s.cookie_name ||
		!*stick->s.cookie_name;
	f.u.lb.ttl = stick->s.cookie_max_age > 0 ? stick->s.cookie_max_age :
		0;
	PUSH(c->features, c->nfeatures, f);
}

/* spec.defaultBackend: a router of its own only without rules. */
static void
default_backend(struct conv *c, struct gateway *gw, struct tk_ing *ti,
	struct strmap *tls_said)
{
	const struct ingress *ing = ti->ing;
	const struct ing_backend *b = &ing->default_backend;
	struct match m = { .type = "PathPrefix", .value = "/", .node = b->node };
	struct route *r;
	struct tk_svc *ts;
	int port = 0;

	if (!ing->has_default_backend)
		return;
	if (ing->nrules) {
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-default-"
			"backend", conv_pos(c, b->node), "Ingress '%s/%s': "
			"Traefik makes a router of spec.defaultBackend only for "
			"an Ingress without rules, and ignores this one; it is "
			"not converted", ing->ns, ing->name);
		return;
	}
	if (!ti->default_router) {
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-default-"
			"backend", conv_pos(c, b->node), "Ingress '%s/%s': "
			"another Ingress without rules has a defaultBackend "
			"already, and Traefik keeps one default router ('the "
			"default backend already exists'); this one is not "
			"converted", ing->ns, ing->name);
		return;
	}
	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port) ||
	    !backend_ok(c, ing, b, b->node, &ts))
		return;
	if (ts)
		report_service(c, ts);
	if (ti->failed_routers)
		return;
	add_router(c, ti, NULL, TK_ALL, "/", "PathPrefix(\"/\")", b->service,
		port, b->node);
	if (!(r = route_of(c, gw, ti, NULL, b->node, tls_said)))
		return;
	diag_add(c->sink, DIAG_INFO, "convert/traefik-default-backend",
		conv_pos(c, b->node), "Ingress '%s/%s': spec.defaultBackend "
		"is Traefik's default router, of the lowest priority, for "
		"every host; it becomes a route without hostnames, PathPrefix "
		"'/', which the routes of a host come before", ing->ns,
		ing->name);
	(void)conv_route_add(c, r, &m, b->service, port, NULL);
}

/* ---- entry points ------------------------------------------------------ */

static void
entry_points(struct conv *c, struct tk_ing *ti)
{
	const struct ingress *ing = ti->ing;
	const struct prov_strlist *eps = &ti->r.entrypoints;
	const struct doc_node *at = slot_node(&ti->r, "router.entrypoints");
	bool web = true, secure = true;

	if (ti->r.has_entrypoints) {
		web = in_list(eps, ENTRY_WEB);
		secure = in_list(eps, ENTRY_SECURE);
		for (size_t i = 0; i < eps->len; i++)
			if (strcmp(eps->v[i], ENTRY_WEB) &&
			    strcmp(eps->v[i], ENTRY_SECURE))
				diag_add(c->sink, DIAG_WARNING,
					"convert/traefik-entrypoint",
					conv_pos(c, at), "Ingress '%s/%s': "
					"entry point '%s' is not web (port 80) "
					"or websecure (port 443), whose "
					"listeners the Gateway has; its port "
					"is unknown, and the routes do not "
					"answer there", ing->ns, ing->name,
					eps->v[i]);
	}
	ti->http = web && !ti->r.tls;
	ti->https = secure;
	if (ti->r.tls && web && !secure)
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-entrypoint",
			conv_pos(c, at), "Ingress '%s/%s': TLS routers on entry "
			"point web only answer TLS on port 80; the Gateway has "
			"HTTPS on port 443 only, so the Ingress's paths are not "
			"converted", ing->ns, ing->name);
	else if (!ti->http && !ti->https && ti->r.has_entrypoints)
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-entrypoint",
			conv_pos(c, at), "Ingress '%s/%s': none of its entry "
			"points has a Gateway listener, so its paths are not "
			"converted", ing->ns, ing->name);
}

/* ---- priorities --------------------------------------------------------- */

static bool
host_covers(const char *wild, const char *host)
{
	const char *dot = strchr(host, '.');

	return wild[0] == '*' && host[0] != '*' && dot &&
		!strcmp(wild + 1, dot);
}

/* Whether one request can reach both hosts; *h gets its host. */
static bool
hosts_meet(const struct tk_router *a, const struct tk_router *b,
	const char **h)
{
	if (!a->host || !b->host) {
		*h = a->host ? a->host : b->host;
		return true;
	}
	*h = a->host;
	if (!strcmp(a->host, b->host))
		return true;
	if (host_covers(a->host, b->host)) {
		*h = b->host;
		return true;
	}
	return host_covers(b->host, a->host);
}

static bool
char_prefix(const char *p, const char *s)
{
	return !strncmp(s, p, strlen(p));
}

/* A path both routers match in Traefik, or NULL (regexps: unknown). */
static const char *
paths_meet(const struct tk_router *a, const struct tk_router *b)
{
	const struct tk_router *x = a, *y = b;

	if (a->kind == TK_REGEX || b->kind == TK_REGEX)
		return NULL;
	if (x->kind == TK_ALL)
		return y->path;
	if (y->kind == TK_ALL)
		return x->path;
	if (x->kind == TK_EXACT && y->kind == TK_EXACT)
		return strcmp(x->path, y->path) ? NULL : x->path;
	if (x->kind == TK_PREFIX && y->kind == TK_EXACT) {
		x = b;
		y = a;
	}
	if (x->kind == TK_EXACT)	/* y: a prefix */
		return char_prefix(y->path, x->path) ? x->path : NULL;
	if (char_prefix(x->path, y->path))
		return y->path;
	return char_prefix(y->path, x->path) ? x->path : NULL;
}

/* Whether the converted match of r matches path (Gateway API). */
static bool
gw_matches(const struct tk_router *r, const char *path)
{
	size_t n;

	switch (r->kind) {
	case TK_ALL:
		return true;
	case TK_EXACT:
		return !strcmp(r->path, path);
	case TK_PREFIX:
		n = strlen(r->path);
		if (n && r->path[n - 1] == '/')
			n--;
		return !strncmp(path, r->path, n) && (!path[n] ||
			path[n] == '/');
	default:
		return false;
	}
}

static int
host_rank(const struct tk_router *r)
{
	if (!r->host)
		return 0;
	if (r->host[0] == '*')
		return 1 + (int)strlen(r->host);
	return 1000 + (int)strlen(r->host);
}

/* Gateway API precedence of two matching routers: <0 when a wins. */
static int
gw_order(const struct tk_router *a, const struct tk_router *b)
{
	int ha = host_rank(a), hb = host_rank(b);
	size_t la, lb;

	if (ha != hb)
		return hb - ha;
	if ((a->kind == TK_EXACT) != (b->kind == TK_EXACT))
		return a->kind == TK_EXACT ? -1 : 1;
	la = a->kind == TK_ALL ? 1 : strlen(a->path);
	lb = b->kind == TK_ALL ? 1 : strlen(b->path);
	if (a->kind == TK_PREFIX && la > 1 && a->path[la - 1] == '/')
		la--;
	if (b->kind == TK_PREFIX && lb > 1 && b->path[lb - 1] == '/')
		lb--;
	if (la != lb)
		return la > lb ? -1 : 1;
	return 0;	/* the older route: an order the output has not */
}

/* "one of Ingress 'ns/name'", or "another of this Ingress". */
static const char *
other_words(struct conv *c, const struct tk_router *self,
	const struct tk_router *o)
{
	if (self->ing == o->ing)
		return "another router of this Ingress";
	return arena_printf(c->a, "one of Ingress '%s/%s'", o->ing->ns,
		o->ing->name);
}

static const struct doc_node *
priority_node(const struct conv *c, const struct tk_router *r)
{
	const struct tk_ing *ti = c->traefik->ings[r->ing - c->w->ingresses];

	return r->explicit_priority ? slot_node(&ti->r, "router.priority") :
		r->node;
}

/* "host/path", or "path (any host)". */
static const char *
request_words(struct conv *c, const char *host, const char *path)
{
	return host ? arena_printf(c->a, "%s%s", host, path) :
		arena_printf(c->a, "%s (any host)", path);
}

static void
compare_pair(struct conv *c, const struct tk_router *a,
	const struct tk_router *b)
{
	const char *host, *path, *req;
	const struct tk_router *tw, *gw, *o;
	bool ga, gb;
	int g = 0;

	if (!((a->http && b->http) || (a->https && b->https)))
		return;
	if (!strcmp(a->service, b->service) && a->port == b->port)
		return;		/* the same backend answers either way */
	if (!hosts_meet(a, b, &host) || !(path = paths_meet(a, b)))
		return;
	req = request_words(c, host, path);
	ga = gw_matches(a, path);
	gb = gw_matches(b, path);
	if (!ga && !gb)
		return;
	if (ga && gb)
		g = gw_order(a, b);
	gw = !gb ? a : !ga ? b : g <= 0 ? a : b;
	if (a->priority == b->priority) {
		o = gw == a ? b : a;
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-priority",
			conv_pos(c, priority_node(c, o)), "Ingress '%s/%s': "
			"for '%s' this router and %s have the same priority "
			"(%lld), so Traefik picks either (Service '%s' or "
			"'%s'); Gateway API picks '%s'%s", o->ing->ns,
			o->ing->name, req,
			other_words(c, o, gw), o->priority, o->service,
			gw->service, gw->service, ga && gb && !g ? " (the "
			"older route, as it ranks the two alike)" : "");
		diag_add_note(c->sink, conv_pos(c, priority_node(c, gw)),
			"the router Gateway API prefers");
		return;
	}
	tw = a->priority > b->priority ? a : b;
	o = tw == a ? b : a;
	if (tw == gw && !(ga && gb && !g))
		return;
	if (ga && gb && !g) {
		diag_add(c->sink, DIAG_WARNING, "convert/traefik-priority",
			conv_pos(c, priority_node(c, tw)), "Ingress '%s/%s': "
			"for '%s' Traefik chose this router (priority "
			"%lld%s, Service '%s') over %s (priority %lld, Service "
			"'%s'); Gateway API ranks the two alike and picks the "
			"older route, which may be either", tw->ing->ns,
			tw->ing->name, req, tw->priority,
			tw->explicit_priority ? ", router.priority" :
			": the length of its rule", tw->service,
			other_words(c, tw, o), o->priority, o->service);
		diag_add_note(c->sink, conv_pos(c, priority_node(c, o)),
			"the other router");
		return;
	}
	diag_add(c->sink, DIAG_WARNING, "convert/traefik-priority",
		conv_pos(c, priority_node(c, tw)), "Ingress '%s/%s': for "
		"'%s' Traefik chose this router (priority %lld%s, Service "
		"'%s') over %s (priority %lld, Service '%s'); Gateway API "
		"orders by hostname, then Exact before PathPrefix and the "
		"longer path, and picks '%s' instead", tw->ing->ns,
		tw->ing->name, req, tw->priority,
		tw->explicit_priority ? ", router.priority" :
		": the length of its rule", tw->service, other_words(c, tw, gw),
		gw->priority, gw->service, gw->service);
	diag_add_note(c->sink, conv_pos(c, priority_node(c, gw)),
		"the router Gateway API prefers");
}

/* The routers of one host ("" for none), by index. */
struct host_group {
	size_t *idx;
	size_t n;
};

static void
compare_idx(struct conv *c, size_t i, size_t j)
{
	const struct tk_router *r = c->traefik->routers;

	compare_pair(c, &r[i < j ? i : j], &r[i < j ? j : i]);
}

static void
compare_groups(struct conv *c, const struct host_group *g,
	const struct host_group *o)
{
	for (size_t i = 0; o && i < g->n; i++)
		for (size_t j = 0; j < o->n; j++)
			compare_idx(c, g->idx[i], o->idx[j]);
}

/*
 * Every pair of routers one request can reach: those of a host, with
 * those without host and those of the wildcard covering it.
 */
static void
compare_priorities(struct conv *c)
{
	struct conv_traefik *t = c->traefik;
	struct strmap groups = STRMAP_INIT;
	struct host_group **gl = NULL, *none;
	size_t ng = 0;

	for (size_t i = 0; i < t->nrouters; i++) {
		const char *k = t->routers[i].host ? t->routers[i].host : "";
		struct host_group *g = strmap_get(&groups, k);

		if (!g) {
			g = arena_alloc(c->a, sizeof(*g));
			strmap_put(&groups, k, g);
			PUSH(gl, ng, g);
		}
		PUSH(g->idx, g->n, i);
	}
	none = strmap_get(&groups, "");
	for (size_t k = 0; k < ng; k++) {
		const struct host_group *g = gl[k];
		const char *h = t->routers[g->idx[0]].host;
		const char *dot = h ? strchr(h, '.') : NULL;

		for (size_t i = 0; i < g->n; i++)
			for (size_t j = i + 1; j < g->n; j++)
				compare_idx(c, g->idx[i], g->idx[j]);
		if (!h)
			continue;
		compare_groups(c, g, none);
		if (h[0] != '*' && dot)
			compare_groups(c, g, strmap_get(&groups, arena_printf(
				c->a, "*%s", dot)));
	}
	for (size_t k = 0; k < ng; k++)
		free(gl[k]->idx);
	free(gl);
	strmap_release(&groups);
}

/* router.priority of an Ingress whose routers meet no other. */
static void
priority_unused(struct conv *c)
{
	for (size_t i = 0; i < c->w->ningresses; i++) {
		const struct tk_ing *ti = c->traefik->ings[i];
		const struct doc_node *k;

		if (!ti || !ti->r.priority ||
		    !(k = slot_node(&ti->r, "router.priority")))
			continue;
		diag_add(c->sink, DIAG_INFO, "convert/traefik-priority",
			conv_pos(c, k), "Ingress '%s/%s': annotation '%s' is "
			"not converted: Gateway API has no priority; where it "
			"changes which backend answers, a warning says so",
			ti->ing->ns, ti->ing->name, rslot(&ti->r,
			"router.priority")->key);
	}
}

/* ---- provider ------------------------------------------------------------ */

static void
tk_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_traefik *t = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct tk_ing *ti;

		if (!ing || !tk_wants(c, ing))
			continue;
		if (!t) {
			t = xcalloc(1, sizeof(*t));
			t->ings = xcalloc(c->w->ningresses + 1,
				sizeof(*t->ings));
			c->traefik = t;
		}
		ti = arena_alloc(c->a, sizeof(*ti));
		ti->ing = ing;
		ti->rank = i;
		prov_traefik_parse_router(&ti->r, c->a, c->w->set,
			ing->annotations, ing->ns, ing->name, c->sink);
		t->ings[ing - c->w->ingresses] = ti;
		if (!ti->r.skipped && !ing->nrules && ing->has_default_backend &&
		    ing->default_backend.service && !t->default_taken) {
			ti->default_router = true;
			t->default_taken = true;
		}
	}
}

static bool
tk_accept(struct conv *c, const struct ingress *ing)
{
	struct tk_ing *ti = tk_of(c, ing);
	const struct prov_trace *tr = c->opts->trace;

	if (!ti)
		return true;
	if (tr && tr->served)
		tr->served(tr->ctx, ing, PROV_SERVED_OTHER);
	if (!ti->r.skipped)
		return true;
	diag_add(c->sink, DIAG_WARNING, "convert/traefik-ingress-skipped",
		conv_pos(c, ti->r.skip_node ? ti->r.skip_node : ing->obj->root),
		"Ingress '%s/%s' is not converted: Traefik cannot parse its "
		"annotation '%s' (%s) and skips the whole Ingress, so none of "
		"its paths route traffic today; fix or remove the annotation "
		"and convert again to carry its rules over", ing->ns,
		ing->name, ti->r.skip_key ? ti->r.skip_key : "?",
		ti->r.skip_reason ? ti->r.skip_reason : "invalid");
	return false;
}

static void
tk_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct tk_ing *ti = tk_of(c, ing);
	struct strmap said = STRMAP_INIT, tls_said = STRMAP_INIT;

	if (!ti)
		return;
	entry_points(c, ti);
	report_annotations(c, ti);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];

		if (!rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		for (size_t p = 0; p < rule->npaths; p++)
			lower_path(c, gw, ti, r, p, &said, &tls_said);
	}
	default_backend(c, gw, ti, &tls_said);
	sticky(c, ti);
	strmap_release(&said);
	strmap_release(&tls_said);
}

static void
tk_finish(struct conv *c)
{
	if (!c->traefik)
		return;
	compare_priorities(c);
	priority_unused(c);
}

static void
tk_release(struct conv *c)
{
	struct conv_traefik *t = c->traefik;

	if (!t)
		return;
	free(t->ings);
	strmap_release(&t->svcs);
	k8s_objects_release(&t->objs);
	free(t->routers);
	free(t);
	c->traefik = NULL;
}

const struct conv_provider conv_provider_traefik = {
	.name = "traefik",
	.summary = "Traefik v3's Kubernetes Ingress provider: its "
		"traefik.ingress.kubernetes.io annotations and routing",
	.serves = tk_serves,
	.begin = tk_begin,
	.accept = tk_accept,
	.lower = tk_lower,
	.finish = tk_finish,
	.release = tk_release,
	.shares_lowering = true,
};
