#include "compat.h"
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_int.h"
#include "gwcheck.h"
#include "names.h"
#include "providers/provider.h"
#include "strbuf.h"
#include "strmap.h"

/* Gateway API limits the output must respect (standard CRDs). */
enum {
	MAX_LISTENERS = 64,
	MAX_RULES = 16,
	MAX_MATCHES_PER_RULE = 64,
	MAX_MATCHES_PER_ROUTE = 128,
};

static struct src_pos
pos(const struct conv *c, const struct doc_node *n)
{
	return doc_pos(c->w->set, n);
}

/* ---- registries ----------------------------------------------------------- */

/* Source controllers, the Ingress specification last (it serves the rest). */
static const struct conv_provider *const providers[] = {
	&conv_provider_ingress_nginx,
	&conv_provider_traefik,
	&conv_provider_spec,
};

static const struct conv_target *const targets[] = {
	&conv_target_standard,
	&conv_target_envoy_gateway,
};

/* "none" is the Ingress specification, as the option has always said. */
const char *const conv_provider_names[] = { "auto", "ingress-nginx",
	"traefik", "spec", "none", NULL };
const char *const conv_target_names[] = { "standard", "envoy-gateway",
	NULL };

const struct conv_provider *
conv_provider_find(const char *name)
{
	if (name && !strcmp(name, "none"))
		name = "spec";
	for (size_t i = 0; name && i < ARRAY_LEN(providers); i++)
		if (!strcmp(providers[i]->name, name))
			return providers[i];
	return NULL;
}

const struct conv_target *
conv_target_find(const char *name)
{
	if (!name)
		return &conv_target_standard;
	for (size_t i = 0; i < ARRAY_LEN(targets); i++)
		if (!strcmp(targets[i]->name, name))
			return targets[i];
	return NULL;
}

const struct conv_provider *
conv_provider_fixed(const struct conv *c)
{
	return conv_provider_find(c->opts->provider);
}

const struct conv_provider *
conv_provider_of(const struct conv *c, const struct ingress *ing)
{
	const struct conv_provider *p = conv_provider_fixed(c);

	if (p)
		return p;
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->serves && providers[i]->serves(c, ing))
			return providers[i];
	return &conv_provider_spec;
}

bool
conv_target_claims(const struct conv *c, enum ir_feature_kind kind)
{
	for (size_t i = 0; i < c->target->nclaims; i++)
		if (c->target->claims[i] == kind)
			return true;
	return false;
}

const struct ir_regex_rewrite *
conv_target_regex_rewrite(struct conv *c, const struct ingress *ing,
	const char *pattern, const char *substitution, unsigned idx,
	const char **why)
{
	*why = NULL;
	if (!c->target->regex_rewrite)
		return NULL;
	return c->target->regex_rewrite(c, ing, pattern, substitution, idx,
		why);
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

/* The order of the Ingress specification (prov_spec_cmp). */
int
conv_cmp_age(const void *pa, const void *pb)
{
	return prov_spec_cmp(*(const struct ingress *const *)pa,
		*(const struct ingress *const *)pb);
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
	qsort(keys, n, sizeof(*keys), cmp_object);
	for (size_t i = 0; i < n; i++)
		objs[i] = (struct doc_node *)keys[i].obj;
	free(keys);
}

/*
 * For tests (struct prov_trace): an Ingress of no controller's provider
 * gets the specification's semantics; the providers report their own.
 */
static void
trace_spec(struct conv *c, const struct ingress *ing,
	const struct conv_provider *p)
{
	const struct prov_trace *t = c->opts->trace;

	if (t && t->served && p == &conv_provider_spec)
		t->served(t->ctx, ing, PROV_SERVED_OTHER);
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
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->release)
			providers[i]->release(c);
	arena_release(&c->ir_arena);
	free(c->closed);
	free(c->backend_tls_policies);
	free(c->features);
	free(c->target_objs);
	free(c->gws);
	free(c->routes);
	free(c->grants);
	names_release(&c->names);
}

void
conv_close(struct conv *c, const struct ingress *ing, const char *host,
	bool https_only)
{
	struct conv_closure cl = { ing, host, https_only };

	PUSH(c->closed, c->nclosed, cl);
}

static bool
closed(const struct conv *c, const struct route *r)
{
	for (size_t i = 0; i < c->nclosed; i++) {
		const struct conv_closure *cl = &c->closed[i];

		if (cl->ing == r->ing && (!cl->host || (r->host &&
		    !strcmp(cl->host, r->host))) &&
		    (!cl->https_only || r->section_https))
			return true;
	}
	return false;
}

/* A rule without backendRefs or a redirect answers 500 (Gateway API). */
static void
apply_closures(struct conv *c)
{
	for (size_t i = 0; c->nclosed && i < c->nroutes; i++) {
		struct route *r = c->routes[i];

		if (!closed(c, r))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];
			struct ir_filter *fs;
			size_t n = 0;

			if (!ru->service)
				continue;	/* redirects answer first */
			ru->service = NULL;
			ru->nextra = 0;
			ru->timeouts = (struct ir_timeouts){ 0 };
			/* a mirror would still send the request on */
			fs = arena_alloc(&c->ir_arena, (ru->nfilters + 1) *
				sizeof(*fs));
			for (size_t j = 0; j < ru->nfilters; j++)
				if (ru->filters[j].kind != IR_FILTER_MIRROR)
					fs[n++] = ru->filters[j];
			ru->filters = fs;
			ru->nfilters = n;
		}
	}
}

int
conv_run(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink)
{
	struct conv c = { 0 };
	const struct ingress **order;
	int (*cmp)(const void *, const void *) = conv_cmp_age;
	struct doc_node **objs = NULL;
	size_t nobjs = 0;
	struct ir ir;

	memset(out, 0, sizeof(*out));
	c.w = w;
	c.opts = opts;
	c.sink = sink;
	c.a = &out->arena;
	c.target = conv_target_find(opts->target);
	if (!c.target || (opts->provider && strcmp(opts->provider, "auto") &&
	    !conv_provider_find(opts->provider)))
		return ERR_INVALID;	/* the CLI checks the names first */
	order = xmalloc((w->ningresses + 1) * sizeof(*order));
	for (size_t i = 0; i < w->ningresses; i++)
		order[i] = &w->ingresses[i];
	/* The first-wins order of the first controller that serves one. */
	for (size_t i = 0; i < w->ningresses && cmp == conv_cmp_age; i++) {
		const struct conv_provider *p = conv_provider_of(&c,
			order[i]);

		if (p->order)
			cmp = p->order;
	}
	qsort(order, w->ningresses, sizeof(*order), cmp);
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!selected(&c, ing)) {
			out->skipped++;
			order[i] = NULL;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->begin)
			providers[i]->begin(&c, order, w->ningresses);
	/* Listeners first: ingress-nginx's redirects depend on them. */
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];
		const struct conv_provider *p;

		if (!ing)
			continue;
		p = conv_provider_of(&c, ing);
		trace_spec(&c, ing, p);
		if (p->accept && !p->accept(&c, ing)) {
			out->skipped++;
			order[i] = NULL;
			continue;
		}
		convert_tls(&c, conv_gateway_for(&c, ing), ing);
	}
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!ing)
			continue;
		conv_provider_of(&c, ing)->lower(&c, conv_gateway_for(&c, ing),
			ing);
		out->converted++;
	}
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->finish)
			providers[i]->finish(&c);
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
	ir = (struct ir){
		.gws = c.gws, .ngws = c.ngws,
		.routes = c.routes, .nroutes = c.nroutes,
		.grants = c.grants, .ngrants = c.ngrants,
		.backend_tls = c.backend_tls_policies,
		.nbackend_tls = c.nbackend_tls_policies,
		.features = c.features, .nfeatures = c.nfeatures,
	};
	if (c.target->emit)
		c.target->emit(&c, &ir);
	apply_closures(&c);
	std_emit(&c, &ir, &objs, &nobjs);
	for (size_t i = 0; i < c.ntarget_objs; i++)
		PUSH(objs, nobjs, c.target_objs[i]);
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
