#include "compat.h"
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_int.h"
#include "gwcheck.h"
#include "names.h"
#include "strbuf.h"
#include "strmap.h"

#define GW_API "gateway.networking.k8s.io/v1"
#define GW_API_BETA "gateway.networking.k8s.io/v1beta1"

/* Gateway API limits the output must respect (standard CRDs). */
enum {
	MAX_LISTENERS = 64,
	MAX_RULES = 16,
	MAX_MATCHES_PER_RULE = 64,
	MAX_MATCHES_PER_ROUTE = 128,
	MAX_GRANT_TO = 16,
};

static struct src_pos
pos(const struct conv *c, const struct doc_node *n)
{
	return doc_pos(c->w->set, n);
}

struct src_pos
conv_pos(const struct conv *c, const struct doc_node *n)
{
	return pos(c, n);
}

static const char *
gateway_namespace(const struct conv *c)
{
	return c->opts->gateway_namespace ? c->opts->gateway_namespace :
		CONV_DEFAULT_GATEWAY_NAMESPACE;
}

struct gateway *
conv_gateway_for(struct conv *c, const struct ingress *ing)
{
	const char *cls = ing->class_name ? ing->class_name : "";
	const char *ns = c->opts->layout == CONV_LAYOUT_PER_NAMESPACE ?
		ing->ns : gateway_namespace(c);
	struct gateway *gw;

	/* With --gateway-name every class shares the one Gateway. */
	if (c->opts->gateway_name)
		cls = "";
	for (size_t i = 0; i < c->ngws; i++)
		if (!strcmp(c->gws[i]->ns, ns) &&
		    !strcmp(c->gws[i]->class_key, cls))
			return c->gws[i];
	gw = arena_alloc(c->a, sizeof(*gw));
	gw->ns = ns;
	gw->class_key = cls;
	if (c->opts->gateway_name)
		gw->want_name = c->opts->gateway_name;
	else
		gw->want_name = names_sanitize(c->a,
			*cls ? cls : CONV_DEFAULT_GATEWAY_NAME);
	if (c->opts->gateway_class)
		gw->gateway_class = c->opts->gateway_class;
	else
		gw->gateway_class = names_sanitize(c->a,
			*cls ? cls : CONV_DEFAULT_GATEWAY_NAME);
	PUSH(c->gws, c->ngws, gw);
	return gw;
}

/* ---- TLS: HTTPS listeners and ReferenceGrants ---------------------------- */

static void
need_grant(struct conv *c, const char *ns, const char *from_ns,
	const char *secret)
{
	conv_need_grant(c, ns, from_ns, "Secret", secret);
}

void
conv_need_grant(struct conv *c, const char *ns, const char *from_ns,
	const char *kind, const char *name)
{
	bool cm = !strcmp(kind, "ConfigMap");
	const char ***list;
	size_t *n;
	struct strbuf key = STRBUF_INIT;
	struct grant *g;

	strbuf_adds(&key, ns);
	strbuf_addc(&key, '\n');
	strbuf_adds(&key, from_ns);
	g = strmap_get(&c->grant_index, key.buf);
	if (!g) {
		g = arena_alloc(c->a, sizeof(*g));
		g->ns = ns;
		g->from_ns = from_ns;
		PUSH(c->grants, c->ngrants, g);
		strmap_put(&c->grant_index, arena_strdup(c->a, key.buf), g);
	}
	strbuf_release(&key);
	list = cm ? &g->configmaps : &g->secrets;
	n = cm ? &g->nconfigmaps : &g->nsecrets;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], name))
			return;
	PUSH(*list, *n, name);
}

static void
add_listener(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const char *host, const struct doc_node *host_node,
	const struct ing_tls *t)
{
	struct listener l = { 0 };
	uintptr_t known = (uintptr_t)strmap_get(&gw->https_index,
		host ? host : "");

	if (conv_is_passthrough(gw, host)) {
		diag_add(c->sink, DIAG_INFO, "convert/tls-passthrough",
			pos(c, host_node ? host_node : t->node),
			"Ingress '%s/%s': the certificate '%s' serves no TLS "
			"for host '%s': ingress-nginx passes its TLS "
			"connections through to the backend, which the "
			"host's Passthrough listener does too (it still "
			"makes ingress-nginx redirect HTTP to HTTPS)",
			ing->ns, ing->name, t->secret, host);
		return;
	}
	if (known) {
		struct listener *o = &gw->https[known - 1];

		if (strcmp(o->secret_ns, ing->ns) ||
		    strcmp(o->secret_name, t->secret)) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/tls-conflict", pos(c, host_node ?
				host_node : t->node),
				"Ingress '%s/%s': host '%s' already has the "
				"certificate '%s/%s' from Ingress '%s/%s'; the "
				"first one is kept and '%s/%s' is not used",
				ing->ns, ing->name, host ? host : "*",
				o->secret_ns, o->secret_name, o->ing->ns,
				o->ing->name, ing->ns, t->secret);
			diag_add_note(c->sink, pos(c, o->node),
				"the certificate kept comes from here");
		}
		return;
	}
	strmap_put(&gw->https_index, host ? host : "",
		(void *)(uintptr_t)(gw->nhttps + 1));
	l.hostname = host;
	l.secret_ns = ing->ns;
	l.secret_name = t->secret;
	l.ing = ing;
	l.node = host_node ? host_node : t->node;
	gw->https = xrealloc(gw->https, (gw->nhttps + 1) * sizeof(*gw->https));
	gw->https[gw->nhttps++] = l;
	if (strcmp(ing->ns, gw->ns))
		need_grant(c, ing->ns, gw->ns, t->secret);
}

static void
convert_tls(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];
		size_t added = 0;

		if (!t->secret) {
			diag_add(c->sink, DIAG_WARNING, "convert/tls-no-secret",
				pos(c, t->node),
				"Ingress '%s/%s': spec.tls[%zu] has no "
				"secretName, so the controller served its "
				"default certificate; a Gateway HTTPS listener "
				"needs certificateRefs, so none is generated: "
				"add a listener with the certificate to use",
				ing->ns, ing->name, i);
			continue;
		}
		for (size_t j = 0; j < t->nhosts; j++) {
			const char *h = t->hosts[j];
			const char *why = gwcheck_hostname(h);

			if (why) {
				diag_add(c->sink, DIAG_ERROR,
					"convert/invalid-hostname",
					pos(c, t->host_nodes[j]),
					"Ingress '%s/%s': TLS host '%s' is not "
					"a valid Gateway API hostname (%s); no "
					"HTTPS listener is generated for it",
					ing->ns, ing->name, h, why);
				continue;
			}
			add_listener(c, gw, ing, h, t->host_nodes[j], t);
			added++;
		}
		if (t->nhosts)
			continue;
		/* No hosts: the certificate serves the Ingress's own hosts. */
		for (size_t r = 0; r < ing->nrules; r++) {
			const char *h = ing->rules[r].host;

			if (!h || gwcheck_hostname(h))
				continue;
			add_listener(c, gw, ing, h, ing->rules[r].host_node, t);
			added++;
		}
		if (!added)
			add_listener(c, gw, ing, NULL, NULL, t);
	}
}

bool
conv_is_passthrough(const struct gateway *gw, const char *host)
{
	char key[300];

	if (!host || strlen(host) > sizeof(key) - 5)
		return false;
	snprintf(key, sizeof(key), "tls/%s", host);
	return strmap_get(&gw->https_index, key) != NULL;
}

void
conv_passthrough_listener(struct conv *c, struct gateway *gw,
	const struct ingress *ing, const char *host,
	const struct doc_node *node)
{
	struct listener l = { 0 };
	const char *key = arena_printf(c->a, "tls/%s", host);

	if (strmap_get(&gw->https_index, key))
		return;
	strmap_put(&gw->https_index, key,
		(void *)(uintptr_t)(gw->nhttps + 1));
	l.hostname = host;
	l.ing = ing;
	l.node = node;
	l.passthrough = true;
	PUSH(gw->https, gw->nhttps, l);
}

/* ---- routes -------------------------------------------------------------- */

struct route *
conv_route_new(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const char *host)
{
	struct route *r = arena_alloc(c->a, sizeof(*r));

	r->gw = gw;
	r->ing = ing;
	r->host = host;
	PUSH(c->routes, c->nroutes, r);
	return r;
}

struct route *
conv_route_for(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const char *host)
{
	struct route *r;

	for (size_t i = c->nroutes; i-- > 0;) {
		r = c->routes[i];
		if (r->ing != ing)
			break;
		if (!r->kind && !r->suffix &&
		    !strcmp(r->host ? r->host : "", host ? host : ""))
			return r;
	}
	return conv_route_new(c, gw, ing, host);
}

bool
conv_route_has_match(const struct route *r, const char *type, const char *value,
	const struct doc_node **first)
{
	for (size_t i = 0; i < r->nrules; i++)
		for (size_t j = 0; j < r->rules[i].nmatches; j++) {
			const struct match *m = &r->rules[i].matches[j];

			if (!strcmp(m->type, type) &&
			    !strcmp(m->value, value)) {
				*first = m->node;
				return true;
			}
		}
	return false;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

struct rule *
conv_route_add(struct conv *c, struct route *r, const struct match *m,
	const char *service, int port, const char *key)
{
	struct rule *rule = NULL;

	for (size_t i = 0; i < r->nrules && !rule; i++)
		if (!r->rules[i].solo &&
		    same_str(r->rules[i].service, service) &&
		    r->rules[i].port == port &&
		    same_str(r->rules[i].key, key))
			rule = &r->rules[i];
	if (!rule) {
		r->rules = xrealloc(r->rules,
			(r->nrules + 1) * sizeof(*r->rules));
		rule = &r->rules[r->nrules++];
		memset(rule, 0, sizeof(*rule));
		rule->service = service;
		rule->port = port;
		rule->key = key;
	}
	rule->matches = xrealloc(rule->matches,
		(rule->nmatches + 1) * sizeof(*rule->matches));
	rule->matches[rule->nmatches++] = *m;
	(void)c;
	return rule;
}

static void
route_add(struct conv *c, struct route *r, const char *type,
	const char *value, const struct doc_node *node, const char *service,
	int port)
{
	struct match m = { .type = type, .value = value, .node = node };

	(void)conv_route_add(c, r, &m, service, port, NULL);
}

/*
 * The Service port a backend names, as a number. A port name is looked up
 * in the Services of the input; 0 when it cannot be resolved.
 */
static int
backend_port(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const char *where)
{
	const struct ing_service *svc;

	if (!b->port_name)
		return b->port;
	svc = ing_world_service(c->w, ing->ns, b->service);
	for (size_t i = 0; svc && i < svc->nports; i++)
		if (svc->ports[i].name &&
		    !strcmp(svc->ports[i].name, b->port_name))
			return svc->ports[i].port;
	diag_add(c->sink, DIAG_ERROR, "convert/unresolved-port-name",
		pos(c, b->port_node),
		"Ingress '%s/%s': %s names the port '%s' of Service '%s/%s', "
		"but %s; Gateway API backendRefs need a port number, so this "
		"backend is left out and its requests go to the next rule "
		"that matches them: give the port number, or add the "
		"Service to the input",
		ing->ns, ing->name, where, b->port_name, ing->ns, b->service,
		svc ? "that Service has no port of that name" :
		"that Service is not in the input");
	return 0;
}

bool
conv_usable_backend(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const char *where, int *port_out)
{
	if (!b->service) {
		diag_add(c->sink, DIAG_WARNING, "convert/resource-backend",
			pos(c, b->node),
			"Ingress '%s/%s': %s is a resource backend (%s%s%s "
			"'%s'); Gateway API routes to Services here, so it "
			"is left out and its requests go to the next rule "
			"that matches them: route to it with an implementation-"
			"specific backendRef if your Gateway supports one",
			ing->ns, ing->name, where,
			b->resource_group ? b->resource_group : "",
			b->resource_group ? "/" : "",
			b->resource_kind ? b->resource_kind : "?",
			b->resource_name ? b->resource_name : "?");
		return false;
	}
	*port_out = backend_port(c, ing, b, where);
	return *port_out != 0;
}

static void
convert_path(struct conv *c, struct route *r, const struct ingress *ing,
	const struct ing_path *p)
{
	const char *type = "PathPrefix";
	const struct doc_node *where = p->path_node ? p->path_node : p->node;
	const struct doc_node *first;
	const char *why;
	struct strbuf where_sb = STRBUF_INIT;
	bool usable;
	int port = 0;

	if (p->type == ING_PATH_EXACT) {
		type = "Exact";
	} else if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
	    !gwcheck_path(type, p->path)) {
		/* (an invalid path gets the error below instead) */
		diag_add(c->sink, DIAG_WARNING,
			"convert/implementation-specific", pos(c, where),
			"Ingress '%s/%s': path '%s' has pathType %s; its "
			"meaning belongs to the controller, and it is "
			"converted as PathPrefix (element-wise prefix): set "
			"pathType Prefix or Exact to make this explicit",
			ing->ns, ing->name, p->path,
			p->type_given ? "ImplementationSpecific" :
			"ImplementationSpecific (the default of the old API)");
	}
	if ((why = gwcheck_path(type, p->path))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			pos(c, where),
			"Ingress '%s/%s': path '%s' is not a valid Gateway API "
			"%s value (%s); it is left out: if it is a regular "
			"expression, convert with the provider of its "
			"controller", ing->ns, ing->name, p->path, type, why);
		return;
	}
	strbuf_addf(&where_sb, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, where_sb.buf, &port);
	strbuf_release(&where_sb);
	if (!usable)
		return;
	if (conv_route_has_match(r, type, p->path, &first)) {
		diag_add(c->sink, DIAG_WARNING, "convert/duplicate-path",
			pos(c, where),
			"Ingress '%s/%s': %s path '%s' appears twice for host "
			"'%s'; the first one wins, this one is left out",
			ing->ns, ing->name, type, p->path,
			r->host ? r->host : "*");
		diag_add_note(c->sink, pos(c, first), "the first one is here");
		return;
	}
	route_add(c, r, type, p->path, where, p->backend.service, port);
}

bool
conv_host_usable(struct conv *c, const struct ingress *ing, const char *host,
	const struct doc_node *node)
{
	const char *why;

	if (!host)
		return true;
	if ((why = gwcheck_hostname(host))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-hostname",
			pos(c, node),
			"Ingress '%s/%s': host '%s' is not a valid Gateway API "
			"hostname (%s); its rules are left out",
			ing->ns, ing->name, host, why);
		return false;
	}
	if (host[0] == '*')
		diag_add(c->sink, DIAG_WARNING, "convert/wildcard-depth",
			pos(c, node),
			"Ingress '%s/%s': wildcard host '%s' matches exactly "
			"one label in an Ingress ('a%s') but one or more in "
			"Gateway API ('a.b%s' too); add a route for deeper "
			"names ahead of it if they must not reach this backend",
			ing->ns, ing->name, host, host + 1, host + 1);
	return true;
}

/* spec.defaultBackend: the fallback of this Ingress's hosts (§1.6). */
static void
convert_default_backend(struct conv *c, struct gateway *gw,
	const struct ingress *ing, size_t first_route)
{
	const struct ing_backend *b = &ing->default_backend;
	const struct doc_node *dummy;
	bool any_host = false;
	int port = 0;

	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port))
		return;
	if (!ing->nrules) {
		struct route *r = conv_route_for(c, gw, ing, NULL);

		route_add(c, r, "PathPrefix", "/", b->node, b->service, port);
		return;
	}
	/* Hosts with rules but no paths still get the fallback. */
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];

		if (rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		(void)conv_route_for(c, gw, ing, rule->host);
	}
	for (size_t i = first_route; i < c->nroutes; i++) {
		struct route *r = c->routes[i];

		if (conv_route_has_match(r, "PathPrefix", "/", &dummy))
			continue;	/* a path '/' already catches all */
		route_add(c, r, "PathPrefix", "/", b->node, b->service, port);
		any_host |= r->host != NULL;
	}
	if (any_host)
		diag_add(c->sink, DIAG_INFO, "convert/default-backend-scope",
			pos(c, b->node),
			"Ingress '%s/%s': spec.defaultBackend becomes the "
			"PathPrefix '/' rule of this Ingress's hosts; requests "
			"for other hosts do not reach it (as in ingress-nginx)",
			ing->ns, ing->name);
}

static void
convert_rules(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	size_t first_route = c->nroutes;

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		struct route *r;

		if (!rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		r = conv_route_for(c, gw, ing, rule->host);
		for (size_t j = 0; j < rule->npaths; j++)
			convert_path(c, r, ing, &rule->paths[j]);
	}
	if (ing->has_default_backend)
		convert_default_backend(c, gw, ing, first_route);
}

/* ---- selection ----------------------------------------------------------- */

static bool
selected(struct conv *c, const struct ingress *ing)
{
	const char *want = c->opts->ingress_class;
	struct src_pos p = pos(c, ing->obj->root);

	if (ing->class_field && ing->class_annotation &&
	    strcmp(ing->class_field, ing->class_annotation)) {
		diag_add(c->sink, DIAG_WARNING, "convert/class-mismatch",
			pos(c, ing->class_annotation_node),
			"Ingress '%s/%s': annotation "
			"kubernetes.io/ingress.class "
			"is '%s' but spec.ingressClassName is '%s'; the API "
			"server refuses this on create, and controllers differ "
			"on which wins: spec.ingressClassName is used",
			ing->ns, ing->name, ing->class_annotation,
			ing->class_field);
	}
	if (want && (!ing->class_name || strcmp(ing->class_name, want))) {
		diag_add(c->sink, DIAG_INFO, "convert/class-skipped", p,
			"Ingress '%s/%s' has %s%s%s, not '%s'; it is not "
			"converted", ing->ns, ing->name,
			ing->class_name ? "class '" : "no class",
			ing->class_name ? ing->class_name : "",
			ing->class_name ? "'" : "", want);
		return false;
	}
	if (!ing->class_name)
		diag_add(c->sink, DIAG_WARNING, "convert/no-class", p,
			"Ingress '%s/%s' has no ingressClassName, no "
			"kubernetes.io/ingress.class annotation and the input "
			"has no default IngressClass; it is converted into "
			"the Gateway '%s': check that its controller really "
			"served it", ing->ns, ing->name,
			c->opts->gateway_name ? c->opts->gateway_name :
			CONV_DEFAULT_GATEWAY_NAME);
	return true;
}

/* Annotations that carry no behaviour of their own. */
static bool
annotation_is_bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key,
		"kubectl.kubernetes.io/last-applied-configuration");
}

void
conv_report_annotation(struct conv *c, const struct ingress *ing,
	const struct doc_node *k)
{
	diag_add(c->sink, DIAG_WARNING, "convert/annotation-not-converted",
		pos(c, k), "Ingress '%s/%s': annotation '%s' is not converted; "
		"the behaviour it gives the controller does not carry over to "
		"the Gateway API objects", ing->ns, ing->name, doc_str(k));
}

/*
 * Nothing is dropped silently: every annotation that the conversion does
 * not read is named, at its line.
 */
static void
report_annotations(struct conv *c, const struct ingress *ing)
{
	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k);

		if (!key || annotation_is_bookkeeping(key))
			continue;
		conv_report_annotation(c, ing, k);
	}
}

/*
 * The HTTPS (not Passthrough) listener of exactly this hostname, through
 * the index: hostnames are unique among those listeners. The index of a
 * split Gateway may name listeners moved to another part; those are not
 * this Gateway's.
 */
static const struct listener *
https_by_name(const struct gateway *gw, const char *name)
{
	uintptr_t i = (uintptr_t)strmap_get(&gw->https_index, name);

	if (!i || i > gw->nhttps || !gw->https[i - 1].hostname ||
	    gw->https[i - 1].passthrough)
		return NULL;
	return &gw->https[i - 1];
}

const struct listener *
conv_https_listener(const struct gateway *gw, const char *host)
{
	const struct listener *wild = NULL;
	const char *dot;
	char key[300];

	if (!host)
		return NULL;
	dot = strchr(host, '.');
	/* parts of a split Gateway have no index: scan their few listeners */
	if (!gw->part && (!dot || strlen(dot) < sizeof(key) - 1)) {
		const struct listener *l = https_by_name(gw, host);

		if (l)
			return l;
		if (!dot || host[0] == '*')
			return NULL;
		snprintf(key, sizeof(key), "*%s", dot);
		return https_by_name(gw, key);
	}
	for (size_t i = 0; i < gw->nhttps; i++) {
		const struct listener *l = &gw->https[i];

		if (!l->hostname || l->passthrough)
			continue;
		if (!strcmp(l->hostname, host))
			return l;
		/* an Ingress TLS wildcard covers one label */
		if (l->hostname[0] == '*' && dot && host[0] != '*' &&
		    !strcmp(l->hostname + 1, dot))
			wild = l;
	}
	return wild;
}

/* Oldest first, as controllers order Ingresses; input order breaks ties. */
static int
cmp_age(const void *pa, const void *pb)
{
	const struct ingress *a = *(const struct ingress *const *)pa;
	const struct ingress *b = *(const struct ingress *const *)pb;
	const char *ta = a->creation_timestamp, *tb = b->creation_timestamp;

	if (ta && tb && strcmp(ta, tb))
		return strcmp(ta, tb);
	if (!ta != !tb)
		return ta ? -1 : 1;
	return a->obj->order < b->obj->order ? -1 : 1;
}

/*
 * ingress-nginx's order (§2.1): equal timestamps by "namespace/name"
 * descending; without timestamps, input order.
 */
static int
cmp_age_nginx(const void *pa, const void *pb)
{
	const struct ingress *a = *(const struct ingress *const *)pa;
	const struct ingress *b = *(const struct ingress *const *)pb;
	const char *ta = a->creation_timestamp, *tb = b->creation_timestamp;
	int d;

	if (ta && tb && !strcmp(ta, tb)) {
		if ((d = strcmp(a->ns, b->ns)))
			return -d;
		if ((d = strcmp(a->name, b->name)))
			return -d;
	}
	return cmp_age(pa, pb);
}

/* ---- naming -------------------------------------------------------------- */

static void
split_gateways(struct conv *c)
{
	size_t n = c->ngws;
	struct strmap moved = STRMAP_INIT;	/* "gwindex/host" -> part */
	struct strbuf key = STRBUF_INIT;

	/* One HTTP listener plus at most 63 HTTPS listeners per Gateway. */
	for (size_t i = 0; i < n; i++) {
		struct gateway *gw = c->gws[i];
		size_t per = MAX_LISTENERS - 1, parts;

		if (gw->nhttps <= per)
			continue;
		parts = (gw->nhttps + per - 1) / per;
		diag_add(c->sink, DIAG_WARNING, "convert/listener-limit",
			pos(c, gw->https[per].node),
			"Gateway '%s/%s' would need %zu HTTPS listeners, more "
			"than the 64 listeners a Gateway may have; the hosts "
			"are spread over %zu Gateways", gw->ns, gw->want_name,
			gw->nhttps, parts);
		for (size_t p = 1; p < parts; p++) {
			struct gateway *g = arena_alloc(c->a, sizeof(*g));
			size_t from = p * per;
			size_t cnt = gw->nhttps - from < per ?
				gw->nhttps - from : per;

			*g = *gw;
			g->l4 = NULL;
			g->nl4 = 0;
			memset(&g->https_index, 0, sizeof(g->https_index));
			g->part = p;
			g->want_name = arena_printf(c->a, "%s-%zu",
				gw->want_name, p + 1);
			g->https = xmalloc(cnt * sizeof(*g->https));
			memcpy(g->https, gw->https + from,
				cnt * sizeof(*g->https));
			g->nhttps = cnt;
			PUSH(c->gws, c->ngws, g);
			for (size_t l = 0; l < cnt; l++)
				if (g->https[l].hostname)
					strmap_put(&moved, arena_printf(c->a,
						"%p/%s", (void *)gw,
						g->https[l].hostname), g);
		}
		gw->nhttps = per;
	}
	/* Routes of the moved hosts follow their listener. */
	for (size_t r = 0; moved.len && r < c->nroutes; r++) {
		struct route *rt = c->routes[r];
		struct gateway *g;

		if (!rt->host)
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%p/%s", (void *)rt->gw, rt->host);
		g = strmap_get(&moved, key.buf);
		if (g)
			rt->gw = g;
	}
	strmap_release(&moved);
	strbuf_release(&key);
}

/* Splits routes over the per-route limits of rules and matches. */
static void
split_routes(struct conv *c)
{
	size_t n = c->nroutes;

	for (size_t i = 0; i < n; i++) {
		struct route *r = c->routes[i], *cur = r;
		struct rule *rules = r->rules;
		size_t nrules = r->nrules, total = 0, part = 0;

		r->rules = NULL;
		r->nrules = 0;
		for (size_t k = 0; k < nrules; k++) {
			struct rule *rule = &rules[k];

			for (size_t m = 0; m < rule->nmatches;
			     m += MAX_MATCHES_PER_RULE) {
				size_t cnt = rule->nmatches - m;

				if (cnt > MAX_MATCHES_PER_RULE)
					cnt = MAX_MATCHES_PER_RULE;
				if (cur->nrules == MAX_RULES ||
				    total + cnt > MAX_MATCHES_PER_ROUTE) {
					cur = arena_alloc(c->a, sizeof(*cur));
					*cur = *r;
					cur->rules = NULL;
					cur->nrules = 0;
					cur->part = ++part;
					total = 0;
					PUSH(c->routes, c->nroutes, cur);
				}
				cur->rules = xrealloc(cur->rules,
					(cur->nrules + 1) *
					sizeof(*cur->rules));
				cur->rules[cur->nrules] = *rule;
				cur->rules[cur->nrules].matches =
					xmalloc(cnt * sizeof(struct match));
				memcpy(cur->rules[cur->nrules].matches,
					rule->matches + m,
					cnt * sizeof(struct match));
				cur->rules[cur->nrules].nmatches = cnt;
				if (rule->nextra) {
					size_t sz = rule->nextra *
						sizeof(*rule->extra);

					cur->rules[cur->nrules].extra =
						xmalloc(sz);
					memcpy(cur->rules[cur->nrules].extra,
						rule->extra, sz);
				}
				cur->nrules++;
				total += cnt;
			}
			free(rule->matches);
			free(rule->extra);
		}
		free(rules);
	}
}

static void
assign_names(struct conv *c)
{
	for (size_t i = 0; i < c->ngws; i++) {
		struct gateway *gw = c->gws[i];

		names_want(&c->names, arena_printf(c->a, "Gateway/%s", gw->ns),
			names_sanitize(c->a, gw->want_name),
			arena_printf(c->a, "%s/%s/%zu", gw->ns, gw->class_key,
			gw->part), &gw->name);
		for (size_t l = 0; l < gw->nhttps; l++) {
			struct listener *li = &gw->https[l];
			const char *h = li->hostname;
			const char *want;

			/* "https.<host>" and "https-wildcard.<rest>" cannot
			 * meet: their first labels differ. */
			if (li->passthrough)
				want = arena_printf(c->a, "tls.%s", h);
			else if (!h)
				want = "https";
			else if (h[0] == '*')
				want = arena_printf(c->a, "https-wildcard%s",
					h + 1);
			else
				want = arena_printf(c->a, "https.%s", h);
			names_want(&c->names, arena_printf(c->a,
				"listener/%s/%s/%zu", gw->ns, gw->class_key,
				gw->part), names_sanitize(c->a, want),
				arena_printf(c->a, "%s%s", li->passthrough ?
				"tls/" : "", h ? h : ""), &li->name);
		}
		for (size_t l = 0; l < gw->nl4; l++)
			gw->l4[l].name = arena_printf(c->a, "%s-%d",
				!strcmp(gw->l4[l].protocol, "TCP") ? "tcp" :
				"udp", gw->l4[l].port);
	}
	for (size_t i = 0; i < c->nroutes; i++) {
		struct route *r = c->routes[i];
		const char *base = r->ing->name;
		const char *want;

		if (r->host && r->host[0] == '*')
			want = arena_printf(c->a, "%s-wildcard%s", base,
				r->host + 1);
		else if (r->host)
			want = arena_printf(c->a, "%s-%s", base, r->host);
		else
			want = base;
		if (r->suffix)
			want = arena_printf(c->a, "%s-%s", want, r->suffix);
		if (r->part)
			want = arena_printf(c->a, "%s-%zu", want, r->part + 1);
		names_want(&c->names, arena_printf(c->a, "%s/%s",
			r->kind ? r->kind : "HTTPRoute", r->ing->ns),
			names_sanitize(c->a, want),
			arena_printf(c->a, "%s/%s/%s%s%s/%zu", r->ing->ns,
			r->ing->name, r->host ? r->host : "",
			r->suffix ? "/" : "", r->suffix ? r->suffix : "",
			r->part), &r->name);
	}
	for (size_t i = 0; i < c->ngrants; i++) {
		struct grant *g = c->grants[i];

		names_want(&c->names, arena_printf(c->a, "ReferenceGrant/%s",
			g->ns), names_sanitize(c->a, arena_printf(c->a,
			"ing2gw-gateways-%s-secrets", g->from_ns)),
			arena_printf(c->a, "%s/%s", g->ns, g->from_ns),
			&g->name);
	}
	names_resolve(&c->names, c->a);
}

/* ---- output objects ------------------------------------------------------ */

static struct doc_node *
new_object(struct arena *a, const char *api, const char *kind,
	const char *name, const char *ns)
{
	struct doc_node *o = doc_new_map(a), *meta;

	doc_map_add_str(a, o, "apiVersion", api);
	doc_map_add_str(a, o, "kind", kind);
	meta = doc_map_add_map(a, o, "metadata");
	doc_map_add_str(a, meta, "name", name);
	if (ns)
		doc_map_add_str(a, meta, "namespace", ns);
	return o;
}

static void
allowed_routes(struct conv *c, struct doc_node *listener)
{
	struct doc_node *ar = doc_map_add_map(c->a, listener, "allowedRoutes");
	struct doc_node *ns = doc_map_add_map(c->a, ar, "namespaces");

	doc_map_add_str(c->a, ns, "from",
		c->opts->layout == CONV_LAYOUT_PER_NAMESPACE ? "Same" : "All");
}

static struct doc_node *
build_gateway(struct conv *c, const struct gateway *gw)
{
	struct arena *a = c->a;
	struct doc_node *o = new_object(a, GW_API, "Gateway", gw->name, gw->ns);
	struct doc_node *spec = doc_map_add_map(a, o, "spec");
	struct doc_node *ls, *l;

	doc_map_add_str(a, spec, "gatewayClassName", gw->gateway_class);
	ls = doc_map_add_seq(a, spec, "listeners");
	l = doc_seq_add_map(a, ls);
	doc_map_add_str(a, l, "name", "http");
	doc_map_add_int(a, l, "port", 80);
	doc_map_add_str(a, l, "protocol", "HTTP");
	allowed_routes(c, l);
	for (size_t i = 0; i < gw->nhttps; i++) {
		const struct listener *li = &gw->https[i];
		struct doc_node *tls, *refs, *ref;

		l = doc_seq_add_map(a, ls);
		doc_map_add_str(a, l, "name", li->name);
		if (li->hostname)
			doc_map_add_str(a, l, "hostname", li->hostname);
		doc_map_add_int(a, l, "port", 443);
		if (li->passthrough) {
			doc_map_add_str(a, l, "protocol", "TLS");
			tls = doc_map_add_map(a, l, "tls");
			doc_map_add_str(a, tls, "mode", "Passthrough");
			allowed_routes(c, l);
			continue;
		}
		doc_map_add_str(a, l, "protocol", "HTTPS");
		tls = doc_map_add_map(a, l, "tls");
		doc_map_add_str(a, tls, "mode", "Terminate");
		refs = doc_map_add_seq(a, tls, "certificateRefs");
		ref = doc_seq_add_map(a, refs);
		doc_map_add_str(a, ref, "kind", "Secret");
		doc_map_add_str(a, ref, "name", li->secret_name);
		if (strcmp(li->secret_ns, gw->ns))
			doc_map_add_str(a, ref, "namespace", li->secret_ns);
		allowed_routes(c, l);
	}
	for (size_t i = 0; i < gw->nl4; i++) {
		l = doc_seq_add_map(a, ls);
		doc_map_add_str(a, l, "name", gw->l4[i].name);
		doc_map_add_int(a, l, "port", gw->l4[i].port);
		doc_map_add_str(a, l, "protocol", gw->l4[i].protocol);
		allowed_routes(c, l);
	}
	if (gw->client_ca_name) {
		struct doc_node *fr = doc_map_add_map(a, doc_map_add_map(a,
			doc_map_add_map(a, spec, "tls"), "frontend"),
			"default");
		struct doc_node *v = doc_map_add_map(a, fr, "validation");
		struct doc_node *ref = doc_seq_add_map(a,
			doc_map_add_seq(a, v, "caCertificateRefs"));

		doc_map_add_str(a, ref, "group", "");
		doc_map_add_str(a, ref, "kind", "ConfigMap");
		doc_map_add_str(a, ref, "name", gw->client_ca_name);
		if (strcmp(gw->client_ca_ns, gw->ns))
			doc_map_add_str(a, ref, "namespace", gw->client_ca_ns);
		doc_map_add_str(a, v, "mode", gw->client_mode);
	}
	return o;
}

static void
build_match(struct conv *c, struct doc_node *ms, const struct route *r,
	const struct match *m)
{
	struct arena *a = c->a;
	struct doc_node *mn = doc_seq_add_map(a, ms);

	if (r->kind && !strcmp(r->kind, "GRPCRoute")) {
		if (m->grpc_service || m->grpc_method) {
			struct doc_node *g = doc_map_add_map(a, mn, "method");

			if (m->grpc_service)
				doc_map_add_str(a, g, "service",
					m->grpc_service);
			if (m->grpc_method)
				doc_map_add_str(a, g, "method",
					m->grpc_method);
		}
	} else {
		struct doc_node *p = doc_map_add_map(a, mn, "path");

		doc_map_add_str(a, p, "type", m->type);
		doc_map_add_str(a, p, "value", m->value);
	}
	if (m->header) {
		struct doc_node *hs = doc_map_add_seq(a, mn, "headers");
		struct doc_node *h = doc_seq_add_map(a, hs);

		if (m->header_regex)
			doc_map_add_str(a, h, "type", "RegularExpression");
		doc_map_add_str(a, h, "name", m->header);
		doc_map_add_str(a, h, "value", m->header_value);
	}
}

static void
build_backend(struct conv *c, struct doc_node *bs, const char *service,
	int port, long long weight, bool weighted)
{
	struct doc_node *b = doc_seq_add_map(c->a, bs);

	doc_map_add_str(c->a, b, "name", service);
	doc_map_add_int(c->a, b, "port", port);
	if (weighted)
		doc_map_add_int(c->a, b, "weight", weight);
}

/* A GRPCRoute rule with a match that sets nothing matches every RPC. */
static bool
matches_everything(const struct route *r, const struct rule *rule)
{
	if (!r->kind || strcmp(r->kind, "GRPCRoute"))
		return false;
	for (size_t j = 0; j < rule->nmatches; j++) {
		const struct match *m = &rule->matches[j];

		if (!m->grpc_service && !m->grpc_method && !m->header)
			return true;
	}
	return false;
}

static struct doc_node *
build_route(struct conv *c, const struct route *r)
{
	struct arena *a = c->a;
	const char *kind = r->kind ? r->kind : "HTTPRoute";
	struct doc_node *o = new_object(a, GW_API, kind, r->name, r->ing->ns);
	struct doc_node *spec = doc_map_add_map(a, o, "spec");
	struct doc_node *refs = doc_map_add_seq(a, spec, "parentRefs");
	struct doc_node *ref = doc_seq_add_map(a, refs), *rules;
	bool l4 = !strcmp(kind, "TCPRoute") || !strcmp(kind, "UDPRoute");

	doc_map_add_str(a, ref, "name", r->gw->name);
	if (strcmp(r->gw->ns, r->ing->ns))
		doc_map_add_str(a, ref, "namespace", r->gw->ns);
	if (r->section_https || r->section_tls) {
		const char *want = r->section_tls ? r->section_tls :
			r->section_https;

		for (size_t i = 0; i < r->gw->nhttps; i++)
			if (r->gw->https[i].hostname &&
			    r->gw->https[i].passthrough == !!r->section_tls &&
			    !strcmp(r->gw->https[i].hostname, want))
				doc_map_add_str(a, ref, "sectionName",
					r->gw->https[i].name);
	} else if (r->section)
		doc_map_add_str(a, ref, "sectionName", r->section);
	if (r->host)
		doc_seq_add_str(a, doc_map_add_seq(a, spec, "hostnames"),
			r->host);
	rules = doc_map_add_seq(a, spec, "rules");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule *rule = &r->rules[i];
		struct doc_node *rn = doc_seq_add_map(a, rules);
		struct doc_node *bs;
		bool weighted = rule->nextra > 0;

		if (!l4 && strcmp(kind, "TLSRoute") &&
		    !matches_everything(r, rule)) {
			struct doc_node *ms = doc_map_add_seq(a, rn, "matches");

			for (size_t j = 0; j < rule->nmatches; j++)
				build_match(c, ms, r, &rule->matches[j]);
		}
		if (rule->filters && doc_len(rule->filters))
			doc_map_add(a, rn, "filters", rule->filters);
		if (!rule->service)
			continue;
		bs = doc_map_add_seq(a, rn, "backendRefs");
		build_backend(c, bs, rule->service, rule->port, rule->weight,
			weighted);
		for (size_t k = 0; k < rule->nextra; k++)
			build_backend(c, bs, rule->extra[k].service,
				rule->extra[k].port, rule->extra[k].weight,
				true);
		if (rule->timeouts)
			doc_map_add(a, rn, "timeouts", rule->timeouts);
	}
	return o;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
build_grants(struct conv *c, struct doc_node ***objs, size_t *n)
{
	struct arena *a = c->a;

	for (size_t i = 0; i < c->ngrants; i++) {
		struct grant *g = c->grants[i];

		size_t total = g->nsecrets + g->nconfigmaps;

		if (g->nsecrets)
			xqsort(g->secrets, g->nsecrets, sizeof(*g->secrets),
				cmp_str);
		if (g->nconfigmaps)
			xqsort(g->configmaps, g->nconfigmaps,
				sizeof(*g->configmaps), cmp_str);
		for (size_t s = 0; s < total; s += MAX_GRANT_TO) {
			const char *name = s ? arena_printf(a, "%s-%zu",
				g->name, s / MAX_GRANT_TO + 1) : g->name;
			struct doc_node *o = new_object(a, GW_API_BETA,
				"ReferenceGrant", name, g->ns);
			struct doc_node *spec = doc_map_add_map(a, o, "spec");
			struct doc_node *from = doc_map_add_seq(a, spec,
				"from");
			struct doc_node *f = doc_seq_add_map(a, from);
			struct doc_node *to = doc_map_add_seq(a, spec, "to");

			doc_map_add_str(a, f, "group",
				"gateway.networking.k8s.io");
			doc_map_add_str(a, f, "kind", "Gateway");
			doc_map_add_str(a, f, "namespace", g->from_ns);
			for (size_t k = s; k < total &&
			     k < s + MAX_GRANT_TO; k++) {
				struct doc_node *t = doc_seq_add_map(a, to);
				bool sec = k < g->nsecrets;

				doc_map_add_str(a, t, "group", "");
				doc_map_add_str(a, t, "kind", sec ? "Secret" :
					"ConfigMap");
				doc_map_add_str(a, t, "name", sec ?
					g->secrets[k] :
					g->configmaps[k - g->nsecrets]);
			}
			PUSH(*objs, *n, o);
		}
	}
}

static int
kind_rank(const char *kind)
{
	static const char *const order[] = { "Gateway", "HTTPRoute",
		"GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute",
		"ReferenceGrant", "BackendTLSPolicy", "HTTPRouteFilter",
		"BackendTrafficPolicy",
		"ClientTrafficPolicy", "SecurityPolicy" };

	for (size_t i = 0; i < ARRAY_LEN(order); i++)
		if (!strcmp(kind, order[i]))
			return (int)i;
	return (int)ARRAY_LEN(order);
}

/* Sort key of an output object, computed once per object. */
struct obj_key {
	const struct doc_node *obj;
	int rank;
	const char *ns;		/* "" for none */
	const char *name;
	size_t order;		/* ties keep the order of creation */
};

static int
cmp_object(const void *pa, const void *pb)
{
	const struct obj_key *a = pa, *b = pb;
	int d;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((d = strcmp(a->ns, b->ns)))
		return d;
	if ((d = strcmp(a->name, b->name)))
		return d;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Kind order, namespace, name; a stable sort. */
static void
sort_objects(struct doc_node **objs, size_t n)
{
	struct obj_key *keys;

	if (n < 2)
		return;
	keys = xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *md = doc_get(objs[i], "metadata");
		const char *ns = doc_str(doc_get(md, "namespace"));

		keys[i].obj = objs[i];
		keys[i].rank = kind_rank(doc_str(doc_get(objs[i], "kind")));
		keys[i].ns = ns ? ns : "";
		keys[i].name = doc_str(doc_get(md, "name"));
		if (!keys[i].name)
			keys[i].name = "";
		keys[i].order = i;
	}
	xqsort(keys, n, sizeof(*keys), cmp_object);
	for (size_t i = 0; i < n; i++)
		objs[i] = (struct doc_node *)keys[i].obj;
	free(keys);
}

static void
conv_release(struct conv *c)
{
	for (size_t i = 0; i < c->ngws; i++) {
		free(c->gws[i]->https);
		strmap_release(&c->gws[i]->https_index);
	}
	for (size_t i = 0; i < c->nroutes; i++) {
		for (size_t j = 0; j < c->routes[i]->nrules; j++) {
			free(c->routes[i]->rules[j].matches);
			free(c->routes[i]->rules[j].extra);
		}
		free(c->routes[i]->rules);
	}
	for (size_t i = 0; i < c->ngrants; i++) {
		free(c->grants[i]->secrets);
		free(c->grants[i]->configmaps);
	}
	strmap_release(&c->grant_index);
	strmap_release(&c->backend_tls);
	for (size_t i = 0; i < c->ngws; i++)
		free(c->gws[i]->l4);
	conv_nginx_release(c);
	free(c->extra_objs);
	free(c->gws);
	free(c->routes);
	free(c->grants);
	names_release(&c->names);
}

int
conv_run(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink)
{
	struct conv c = { 0 };
	const struct ingress **order;
	struct doc_node **objs = NULL;
	size_t nobjs = 0;

	memset(out, 0, sizeof(*out));
	c.w = w;
	c.opts = opts;
	c.sink = sink;
	c.a = &out->arena;
	order = xmalloc((w->ningresses + 1) * sizeof(*order));
	for (size_t i = 0; i < w->ningresses; i++)
		order[i] = &w->ingresses[i];
	xqsort(order, w->ningresses, sizeof(*order), cmp_age);
	for (size_t i = 0; i < w->ningresses; i++)
		if (conv_nginx_wants(&c, order[i])) {
			xqsort(order, w->ningresses, sizeof(*order),
				cmp_age_nginx);
			break;
		}
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!selected(&c, ing)) {
			out->skipped++;
			order[i] = NULL;
		}
	}
	conv_nginx_begin(&c, order, w->ningresses);
	/* Listeners first: ingress-nginx's redirects depend on them. */
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!ing)
			continue;
		if (conv_nginx_wants(&c, ing) &&
		    !conv_nginx_accept(&c, ing)) {
			out->skipped++;
			order[i] = NULL;
			continue;
		}
		convert_tls(&c, conv_gateway_for(&c, ing), ing);
	}
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];
		struct gateway *gw;

		if (!ing)
			continue;
		gw = conv_gateway_for(&c, ing);
		if (conv_nginx_wants(&c, ing)) {
			conv_nginx_ingress(&c, gw, ing);
		} else {
			report_annotations(&c, ing);
			convert_rules(&c, gw, ing);
		}
		out->converted++;
	}
	conv_nginx_finish(&c);
	conv_nginx_streams(&c);
	free(order);
	if (opts->ingress_class && !out->converted && w->ningresses)
		diag_add(sink, DIAG_WARNING, "convert/class-not-found",
			(struct src_pos){ 0 },
			"no Ingress of class '%s' in the input (%zu Ingresses "
			"of other classes or none); check the name given to "
			"--ingress-class", opts->ingress_class, w->ningresses);
	split_gateways(&c);
	split_routes(&c);
	assign_names(&c);
	conv_eg_build(&c);
	for (size_t i = 0; i < c.ngws; i++)
		PUSH(objs, nobjs, build_gateway(&c, c.gws[i]));
	for (size_t i = 0; i < c.nroutes; i++)
		if (c.routes[i]->nrules)
			PUSH(objs, nobjs, build_route(&c, c.routes[i]));
	build_grants(&c, &objs, &nobjs);
	for (size_t i = 0; i < c.nextra_objs; i++)
		PUSH(objs, nobjs, c.extra_objs[i]);
	if (nobjs)	/* objs is NULL then: qsort wants a pointer */
		sort_objects(objs, nobjs);
	out->objects = objs;
	out->nobjects = nobjs;
	conv_release(&c);
	return 0;
}

void
conv_result_release(struct conv_result *res)
{
	free(res->objects);
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}
