#include "compat.h"
#include "convert.h"

#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "conv_int.h"
#include "foreign.h"
#include "gwcheck.h"
#include "needs.h"
#include "names.h"
#include "providers/provider.h"
#include "strbuf.h"
#include "strmap.h"

/* Gateway API limits the output must respect (standard CRDs). */
enum {
	MAX_LISTENERS = 64,
	MAX_SET_LISTENERS = 64,		/* ListenerSet spec.listeners */
	MAX_PARENT_REFS = 32,		/* a route's spec.parentRefs */
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
	/* before ingress-nginx: the class 'nginx' without an IngressClass
	 * is F5 NGINX's only when its keys dominate (prov_f5_serves) */
	&conv_provider_f5nginx,
	&conv_provider_ingress_nginx,
	&conv_provider_traefik,
	&conv_provider_kong,
	/* before haproxy: the class 'haproxy' without an IngressClass is
	 * HAProxy Ingress's only with its keys (prov_hapi_serves) */
	&conv_provider_hapi,
	&conv_provider_haproxy,
	&conv_provider_cilium,
	&conv_provider_istio,
	&conv_provider_apisix,
	&conv_provider_gce,
	&conv_provider_alb,
	&conv_provider_spec,
};

/* In the order of targets/registry.c (tgt_tables); generic first. */
static const struct conv_target *const targets[] = {
	&conv_target_generic,
	&conv_target_envoy_gateway,
	&conv_target_istio,
	&conv_target_cilium,
	&conv_target_nginx_gateway_fabric,
	&conv_target_traefik,
	&conv_target_kong,
	&conv_target_kgateway,
	&conv_target_agentgateway,
	&conv_target_gke,
};

/* "none" is the Ingress specification, as the option has always said. */
const char *const conv_provider_names[] = { "auto", "ingress-nginx",
	"traefik", "kong", "haproxy", "cilium", "istio", "gce", "apisix",
	"f5-nginx", "aws-alb", "haproxy-ingress", "spec", "none", NULL };
const char *const conv_target_names[] = { "generic", "envoy-gateway",
	"istio", "cilium", "nginx-gateway-fabric", "traefik", "kong",
	"kgateway", "agentgateway", "gke", NULL };

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
	const struct tgt_table *t = tgt_find(name ? name : "generic");

	for (size_t i = 0; t && i < ARRAY_LEN(targets); i++)
		if (targets[i]->table == t)
			return targets[i];
	return NULL;
}

bool
conv_target_has_emitter(const char *name)
{
	const struct conv_target *t = conv_target_find(name);

	return t && t->emit;
}

/* Nothing of the target reaches the lowering: no claims, no objects. */
static bool
lowers_as_standard(const struct conv_target *t)
{
	return !t->nclaims && !t->regex_rewrite && !t->emit;
}

bool
conv_target_same_lowering(const char *a, const char *b)
{
	const struct conv_target *ta = conv_target_find(a);
	const struct conv_target *tb = conv_target_find(b);

	if (!ta || !tb)
		return false;
	return ta == tb || (lowers_as_standard(ta) && lowers_as_standard(tb));
}

const char *
conv_provider_name_of(const struct ing_world *w,
	const struct conv_options *opts, const struct ingress *ing)
{
	/* serves reads the world and the options only */
	struct conv c = { .w = w, .opts = opts };

	return conv_provider_of(&c, ing)->name;
}

const struct tgt_behaviour *
conv_provider_defaults(const char *name, size_t *n)
{
	const struct conv_provider *p = conv_provider_find(name);

	*n = p ? p->ndefaults : 0;
	return p ? p->defaults : NULL;
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
	const struct conv_provider **memo = NULL;

	if (p)
		return p;
	/* serves reads only the world and the options: the answer holds
	 * for the whole lowering */
	if (c->provider_memo && ing >= c->w->ingresses &&
	    ing < c->w->ingresses + c->w->ningresses) {
		memo = &c->provider_memo[ing - c->w->ingresses];
		if (*memo)
			return *memo;
	}
	p = &conv_provider_spec;
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->serves && providers[i]->serves(c, ing)) {
			p = providers[i];
			break;
		}
	if (memo)
		*memo = p;
	return p;
}

static bool
claims(const struct conv_target *t, enum ir_feature_kind kind)
{
	for (size_t i = 0; i < t->nclaims; i++)
		if (t->claims[i] == kind)
			return true;
	return false;
}

unsigned
conv_all_targets(const struct conv *c)
{
	return c->shared ? (1u << c->nshared) - 1 : 1;
}

unsigned
conv_claimants(const struct conv *c, enum ir_feature_kind kind)
{
	unsigned bits = 0;

	if (!c->shared)
		return claims(c->target, kind);
	for (size_t k = 0; k < c->nshared; k++)
		if (claims(c->shared[k], kind))
			bits |= 1u << k;
	return bits;
}

unsigned
conv_unclaimed(const struct conv *c, enum ir_feature_kind kind)
{
	return conv_all_targets(c) & ~conv_claimants(c, kind);
}

unsigned
conv_target_bit(const struct conv *c, const struct conv_target *t)
{
	if (!c->shared)
		return c->target == t;
	for (size_t k = 0; k < c->nshared; k++)
		if (c->shared[k] == t)
			return 1u << k;
	return 0;
}

void
conv_only(struct conv *c, unsigned those)
{
	c->sink->only = those == conv_all_targets(c) ? 0 : those;
}

bool
conv_target_claims(const struct conv *c, enum ir_feature_kind kind)
{
	return conv_claimants(c, kind) != 0;
}

/* The target objects from the first on are for those targets only. */
static void
tag_objects(struct conv *c, size_t first, unsigned those)
{
	if (!c->shared || first == c->ntarget_objs)
		return;
	if (c->nobj_only < c->ntarget_objs) {
		c->obj_only = xrealloc(c->obj_only, c->ntarget_objs *
			sizeof(*c->obj_only));
		memset(c->obj_only + c->nobj_only, 0, (c->ntarget_objs -
			c->nobj_only) * sizeof(*c->obj_only));
		c->nobj_only = c->ntarget_objs;
	}
	for (size_t i = first; i < c->ntarget_objs; i++)
		c->obj_only[i] = those;
}

const struct ir_regex_rewrite *
conv_target_regex_rewrite(struct conv *c, const struct ingress *ing,
	const char *pattern, const char *substitution, unsigned idx,
	const char **why, unsigned *rewrote)
{
	const struct conv_target *const *ts = c->shared ? c->shared :
		&c->target;
	size_t n = c->shared ? c->nshared : 1;
	const struct conv_target *lowering_for = c->target;
	const struct ir_regex_rewrite *first = NULL;
	unsigned made = 0;

	*why = NULL;
	for (size_t k = 0; k < n; k++) {
		const struct ir_regex_rewrite *rx;
		const char *no = NULL;
		size_t objs = c->ntarget_objs;

		if (!ts[k]->regex_rewrite || !claims(ts[k],
		    IR_FEAT_REGEX_REWRITE))
			continue;
		c->target = ts[k];	/* its hook writes its objects */
		rx = ts[k]->regex_rewrite(c, ing, pattern, substitution, idx,
			&no);
		c->target = lowering_for;
		tag_objects(c, objs, 1u << k);
		if (rx) {
			made |= 1u << k;
			if (!first)
				first = rx;
		} else if (no && !*why) {
			*why = no;
		}
	}
	if (rewrote)
		*rewrote = made;
	return first;
}

struct src_pos
conv_pos(const struct conv *c, const struct doc_node *n)
{
	return pos(c, n);
}

/*
 * The layout when --layout is not given: one address for the estate
 * (ListenerSets) when the target's conformance report says it supports
 * ListenerSet; else, and for generic (no implementation assumed), one
 * Gateway per class.
 */
static enum conv_layout
default_layout(const struct conv_target *t)
{
	bool partial = false;

	if (!t->table || t->table->generic)
		return CONV_LAYOUT_SHARED;
	return tgt_supports(t->table, TGT_C_LISTENERSET, &partial) ==
		TGT_SUPPORTED && !partial ? CONV_LAYOUT_LISTENERSET :
		CONV_LAYOUT_SHARED;
}

enum conv_layout
conv_layout_of(const struct conv_options *opts)
{
	const struct conv_target *t = conv_target_find(opts->target);

	if (opts->layout != CONV_LAYOUT_DEFAULT)
		return opts->layout;
	return default_layout(t ? t : &conv_target_generic);
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
	const char *ns = c->layout == CONV_LAYOUT_PER_NAMESPACE ?
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
	gw->ing = ing;
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
		g->ing = c->cur_ing;
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
	/* a ListenerSet of the Secret's namespace reads it without one */
	if (strcmp(ing->ns, gw->ns) && c->layout != CONV_LAYOUT_LISTENERSET)
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
	size_t n;

	if (!host || (n = strlen(host)) > sizeof(key) - 5)
		return false;
	memcpy(key, "tls/", 4);		/* "tls/%s", without printf */
	memcpy(key + 4, host, n + 1);
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

/* The rule of (group, kind, service, port, key), or a new one. */
static struct rule *
route_rule(struct route *r, const char *group, const char *kind,
	const char *service, int port, const char *key)
{
	struct rule *rule = NULL;

	for (size_t i = 0; i < r->nrules && !rule; i++)
		if (!r->rules[i].solo &&
		    same_str(r->rules[i].service, service) &&
		    r->rules[i].port == port &&
		    same_str(r->rules[i].key, key) &&
		    same_str(r->rules[i].backend_kind, kind) &&
		    same_str(r->rules[i].backend_group, group))
			rule = &r->rules[i];
	if (!rule) {
		r->rules = xrealloc(r->rules,
			(r->nrules + 1) * sizeof(*r->rules));
		rule = &r->rules[r->nrules++];
		memset(rule, 0, sizeof(*rule));
		rule->service = service;
		rule->port = port;
		rule->key = key;
		rule->backend_group = group;
		rule->backend_kind = kind;
	}
	return rule;
}

struct rule *
conv_route_add(struct conv *c, struct route *r, const struct match *m,
	const char *service, int port, const char *key)
{
	struct rule *rule = route_rule(r, NULL, NULL, service, port, key);

	rule->matches = xrealloc(rule->matches,
		(rule->nmatches + 1) * sizeof(*rule->matches));
	rule->matches[rule->nmatches++] = *m;
	(void)c;
	return rule;
}

#define INFERENCE_GROUP "inference.networking.k8s.io"

/* An Ingress resource backend naming a v1 InferencePool. */
static bool
is_inference_pool(const struct ing_backend *b)
{
	return !b->service && b->resource_name && b->resource_group &&
		b->resource_kind && !strcmp(b->resource_group,
		INFERENCE_GROUP) && !strcmp(b->resource_kind, "InferencePool");
}

struct rule *
conv_route_add_backend(struct conv *c, struct route *r,
	const struct match *m, const struct ing_backend *b, int port,
	const char *key)
{
	struct rule *rule;

	if (!is_inference_pool(b))
		return conv_route_add(c, r, m, b->service, port, key);
	rule = route_rule(r, INFERENCE_GROUP, "InferencePool",
		b->resource_name, 0, key);
	rule->matches = xrealloc(rule->matches,
		(rule->nmatches + 1) * sizeof(*rule->matches));
	rule->matches[rule->nmatches++] = *m;
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
	const struct conv_provider *p = conv_provider_of(c, ing);

	if (is_inference_pool(b) && p->resource_backends) {
		diag_add(c->sink, DIAG_INFO, "convert/inference-pool",
			pos(c, b->node),
			"Ingress '%s/%s': %s is the InferencePool '%s/%s': it "
			"is routed to with a backendRef of group "
			INFERENCE_GROUP " and no port (the pool's targetPorts "
			"are used, and its endpoint picker chooses the pod); "
			"only a Gateway that implements the Gateway API "
			"Inference Extension routes to it", ing->ns, ing->name,
			where, ing->ns, b->resource_name);
		*port_out = 0;
		return true;
	}
	if (is_inference_pool(b)) {
		diag_add(c->sink, DIAG_WARNING, "convert/resource-backend",
			pos(c, b->node),
			"Ingress '%s/%s': %s is a resource backend ("
			INFERENCE_GROUP "/InferencePool '%s'); %s does not "
			"route to resource backends, so it is left out as in "
			"the source and its requests go to the next rule that "
			"matches them: convert with --provider none to route "
			"them to the InferencePool", ing->ns, ing->name, where,
			b->resource_name, p->name);
		return false;
	}
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
	/* Kong's wildcard hosts match any depth, as Gateway API's do */
	if (host[0] == '*' && conv_provider_of(c, ing) != &conv_provider_kong)
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

/*
 * Another tool's annotation (convert/foreign.h): carried, with an info,
 * to where that tool reads it on Gateway API objects, or left behind,
 * quietly or with an info.
 */
static void
foreign_annotation(struct conv *c, const struct ingress *ing,
	const struct doc_node *k, const struct conv_foreign *f)
{
	const char *key = doc_str(k);
	struct conv_carried cr = { ing, key,
		doc_str(doc_get(ing->annotations, key)), k, (int)f->home };

	if (f->home == CONV_FOREIGN_LEFT) {
		if (!f->quiet)
			diag_add(c->sink, DIAG_INFO, "convert/annotation-other-"
				"tool", pos(c, k), "Ingress '%s/%s': annotation "
				"'%s' is %s's, not the controller's: not "
				"carried over", ing->ns, ing->name, key,
				f->tool);
		return;
	}
	/* the output outlives the input: its own copies */
	cr.key = arena_strdup(c->a, key);
	cr.value = arena_strdup(c->a, cr.value ? cr.value : "");
	PUSH(c->carried, c->ncarried, cr);
}

void
conv_report_annotation(struct conv *c, const struct ingress *ing,
	const struct doc_node *k)
{
	const struct conv_foreign *f = doc_str(k) ?
		conv_foreign_find(doc_str(k)) : NULL;

	if (f) {
		foreign_annotation(c, ing, k, f);
		return;
	}
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

struct listener *
conv_listener_named(const struct gateway *gw, const char *hostname,
	bool passthrough)
{
	char key[300];
	uintptr_t i;

	if (!hostname || strlen(hostname) > sizeof(key) - 5)
		return NULL;
	snprintf(key, sizeof(key), "%s%s", passthrough ? "tls/" : "",
		hostname);
	i = (uintptr_t)strmap_get(&gw->https_index, key);
	if (!i || i > gw->nhttps || gw->https[i - 1].passthrough !=
	    passthrough || !gw->https[i - 1].hostname ||
	    strcmp(gw->https[i - 1].hostname, hostname))
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

/*
 * A Gateway split past 64 listeners has several addresses where
 * ingress-nginx had one: say how many, once for the estate, and what
 * keeps one address.
 */
static void
warn_many_addresses(struct conv *c, size_t before,
	const struct doc_node *first_moved)
{
	size_t extra = c->ngws - before, listeners = 0;
	const struct tgt_table *t = c->target->table;
	bool partial;

	for (size_t i = 0; i < c->ngws; i++)
		listeners += c->gws[i]->nhttps;
	diag_add(c->sink, DIAG_WARNING, "convert/many-addresses",
		pos(c, first_moved),
		"%zu HTTPS and TLS listeners are more than a Gateway holds "
		"beside its HTTP listener (64 listeners in all): the output "
		"has %zu Gateways, %zu of them only to hold more listeners, "
		"and an implementation gives each Gateway an address of its "
		"own, where ingress-nginx served every host behind one; the "
		"hosts moved to the further Gateways need their DNS names "
		"pointed at new addresses", listeners, c->ngws, extra);
	if (t->generic || tgt_supports(t, TGT_C_LISTENERSET, &partial) ==
	    TGT_SUPPORTED)
		diag_add_note(c->sink, pos(c, first_moved), "--layout "
			"listenerset keeps one Gateway per class and puts the "
			"HTTPS listeners in ListenerSets behind its address "
			"(Gateway API v1.5 and later%s)", t->generic ? ", if "
			"the implementation supports ListenerSet" : "");
	if (t->one_address)
		diag_add_note(c->sink, pos(c, first_moved), "%s",
			t->one_address);
}

static void
split_gateways(struct conv *c)
{
	size_t n = c->ngws;
	struct strmap moved = STRMAP_INIT;	/* "gwindex/host" -> part */
	struct strbuf key = STRBUF_INIT;
	const struct doc_node *first_moved = NULL;

	/* One HTTP listener plus at most 63 HTTPS listeners per Gateway. */
	for (size_t i = 0; i < n; i++) {
		struct gateway *gw = c->gws[i];
		size_t per = MAX_LISTENERS - 1, parts;

		if (gw->nhttps <= per)
			continue;
		parts = (gw->nhttps + per - 1) / per;
		if (!first_moved)
			first_moved = gw->https[per].node;
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
	if (c->ngws > n)
		warn_many_addresses(c, n, first_moved);
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

/* ---- the listenerset layout ---------------------------------------------- */

/* The namespace whose ListenerSet holds l: its certificate's. */
static const char *
listener_ns(const struct listener *l)
{
	return l->secret_ns ? l->secret_ns : l->ing->ns;
}

static struct listener_set *
new_set(struct conv *c, struct gateway *gw, const char *ns, size_t part)
{
	struct listener_set *set = arena_alloc(c->a, sizeof(*set));

	set->gw = gw;
	set->ns = ns;
	set->part = part;
	set->want_name = part ? arena_printf(c->a, "%s-%zu", gw->want_name,
		part + 1) : gw->want_name;
	set->index = c->nsets;
	PUSH(gw->sets, gw->nsets, set);
	PUSH(c->sets, c->nsets, set);
	return set;
}

static void
say_sets(struct conv *c, struct gateway *gw, const struct strmap *last)
{
	for (size_t i = 0; i < gw->nsets; i++) {
		const struct listener_set *s = gw->sets[i];
		const struct listener_set *l = strmap_get(last, s->ns);
		const struct listener_set *second = NULL;

		if (s->part || !l->part)
			continue;
		/* at the first listener past the 64 of the first part */
		for (size_t j = i + 1; j < gw->nsets && !second; j++)
			if (gw->sets[j]->part == 1 &&
			    !strcmp(gw->sets[j]->ns, s->ns))
				second = gw->sets[j];
		diag_add(c->sink, DIAG_INFO, "convert/listenerset-split",
			pos(c, gw->https[second->listeners[0]].node),
			"namespace '%s' has %zu HTTPS and TLS listeners on "
			"Gateway '%s/%s', more than the 64 a ListenerSet may "
			"hold: they are spread over %zu ListenerSets ('%s' %s "
			"'%s'), in the order of their Ingresses, so that new "
			"hosts join the last one; all of them share the "
			"Gateway's address", s->ns,
			l->part * MAX_SET_LISTENERS + l->nlisteners, gw->ns,
			gw->want_name, l->part + 1, s->want_name,
			l->part == 1 ? "and" : "to", l->want_name);
	}
}

/*
 * One ListenerSet per Gateway and namespace with the HTTPS and TLS
 * listeners whose certificates live there, split past 64 listeners in
 * the order of the listeners (the controller's order of Ingresses: new
 * Ingresses come last, so existing hosts keep their ListenerSet). The
 * Gateway keeps the HTTP and the TCP/UDP listeners.
 */
static void
build_listener_sets(struct conv *c)
{
	for (size_t g = 0; g < c->ngws; g++) {
		struct gateway *gw = c->gws[g];
		struct strmap last = STRMAP_INIT;	/* ns -> last part */

		for (size_t i = 0; i < gw->nhttps; i++) {
			struct listener *l = &gw->https[i];
			const char *ns = listener_ns(l);
			struct listener_set *set = strmap_get(&last, ns);

			if (!set || set->nlisteners == MAX_SET_LISTENERS) {
				set = new_set(c, gw, ns, set ? set->part + 1 :
					0);
				strmap_put(&last, ns, set);
			}
			PUSH(set->listeners, set->nlisteners, i);
			l->set = set;
		}
		say_sets(c, gw, &last);
		strmap_release(&last);
		if (gw->client_ca_name && gw->nsets)
			diag_add(c->sink, DIAG_INFO,
				"convert/listenerset-client-cert",
				pos(c, gw->https[gw->sets[0]->listeners[0]].node),
				"Gateway '%s/%s' validates client certificates "
				"(spec.tls.frontend.default) and its HTTPS "
				"listeners are in %zu ListenerSet%s: Gateway "
				"API v1.6 applies spec.tls.frontend to every "
				"listener handling HTTPS on the port, and a "
				"Gateway counts as having the merged list of "
				"its own and its ListenerSets' listeners, so "
				"these are validated too (a ListenerSet has no "
				"tls.frontend of its own); the conformance "
				"tests of client certificate validation use "
				"Gateway listeners only: check that your "
				"implementation validates on ListenerSet "
				"listeners", gw->ns, gw->want_name, gw->nsets,
				gw->nsets == 1 ? "" : "s");
	}
}

/*
 * The HTTPS listeners of one Gateway by every dot-suffix of their
 * hostname (".b.c" and ".c" for "a.b.c" and for "*.b.c"): the listeners
 * a wildcard route "*.b.c" intersects without comparing it with each
 * listener, which made a wildcard route cost every listener of the
 * estate.
 */
struct suffix_index {
	const struct gateway *gw;
	struct strmap head;		/* suffix -> 1 + first entry */
	struct suffix_entry {
		size_t listener;	/* index into gw->https */
		size_t next;		/* 1 + next entry, 0: none */
	} *v;
	size_t len;
};

struct attach_state {
	unsigned char *marked;		/* by set index: r attaches to it */
	struct listener_set **other;	/* sets of other namespaces of r */
	size_t nother;
	struct strmap said;		/* "ns/ingress/host" told */
	struct strbuf key;
	struct suffix_index *suffixes;	/* built per Gateway on demand */
	size_t nsuffixes;
};

static void
allow_ns(struct listener *l, const char *ns)
{
	if (!strcmp(ns, l->set->ns))
		return;
	for (size_t i = 0; i < l->nroute_ns; i++)
		if (!strcmp(l->route_ns[i], ns))
			return;
	PUSH(l->route_ns, l->nroute_ns, ns);
}

/* The route attaches to l (of its ListenerSet): admit its namespace. */
static void
attach_to(struct attach_state *st, struct route *r, struct listener *l,
	bool ref)
{
	struct listener_set *set = l->set;

	allow_ns(l, r->ing->ns);
	if (st->marked[set->index])
		return;
	st->marked[set->index] = 1;
	if (ref)
		PUSH(r->lsets, r->nlsets, set);
	if (strcmp(set->ns, r->ing->ns))
		PUSH(st->other, st->nother, set);
}

/* Once per Ingress and host: its route crosses namespaces. */
static void
say_cross_namespace(struct conv *c, struct attach_state *st,
	const struct route *r)
{
	const struct listener_set *set;

	if (!st->nother)
		return;
	set = st->other[0];
	strbuf_reset(&st->key);
	strbuf_addf(&st->key, "%s/%s/%s", r->ing->ns, r->ing->name,
		r->host ? r->host : "");
	if (strmap_get(&st->said, st->key.buf))
		return;
	strmap_put(&st->said, arena_strdup(c->a, st->key.buf), st);
	diag_add(c->sink, DIAG_INFO, "convert/listenerset-cross-namespace",
		pos(c, r->ing->obj->root),
		"Ingress '%s/%s': its route%s%s%s attaches to listeners of "
		"the ListenerSet of namespace '%s'%s%s%s on Gateway "
		"'%s/%s', which hold the certificates (a ListenerSet reads "
		"the Secrets of its own namespace without a ReferenceGrant, "
		"and needs one for any other); those listeners admit routes "
		"of namespace '%s' by name (allowedRoutes selector), and a "
		"parentRef across namespaces needs no ReferenceGrant",
		r->ing->ns, r->ing->name, r->host ? " for host '" : "",
		r->host ? r->host : "", r->host ? "'" : "", set->ns,
		st->nother > 1 ? " and " : "",
		st->nother > 1 ? arena_printf(c->a, "%zu more",
		st->nother - 1) : "", st->nother > 1 ? " ListenerSets" : "",
		set->gw->ns, set->gw->want_name, r->ing->ns);
}

static const struct suffix_index *
suffixes_of(struct attach_state *st, const struct gateway *gw)
{
	struct suffix_index *x;

	for (size_t i = 0; i < st->nsuffixes; i++)
		if (st->suffixes[i].gw == gw)
			return &st->suffixes[i];
	st->suffixes = xrealloc(st->suffixes, (st->nsuffixes + 1) *
		sizeof(*st->suffixes));
	x = &st->suffixes[st->nsuffixes++];
	*x = (struct suffix_index){ .gw = gw };
	for (size_t i = 0; i < gw->nhttps; i++) {
		const char *h = gw->https[i].hostname;

		if (!h || gw->https[i].passthrough)
			continue;
		for (const char *d = strchr(h, '.'); d; d = strchr(d + 1,
		    '.')) {
			size_t first = (uintptr_t)strmap_get(&x->head, d);
			struct suffix_entry e = { i, first };

			PUSH(x->v, x->len, e);
			strmap_put(&x->head, d, (void *)(uintptr_t)x->len);
		}
	}
	return x;
}

/*
 * The listeners a wildcard route "*.S" intersects as Gateway API
 * intersects hostnames: the names ending in ".S" (wildcards "*.x.S"
 * too), the wildcards "*.T" of every shorter suffix ".T" of ".S", and
 * the listener without a hostname.
 */
static void
attach_wildcard(struct attach_state *st, struct route *r, const char *h)
{
	struct gateway *gw = r->gw;
	const struct suffix_index *x = suffixes_of(st, gw);
	size_t e = (uintptr_t)strmap_get(&x->head, h + 1);
	char key[300];

	for (; e; e = x->v[e - 1].next)
		attach_to(st, r, &gw->https[x->v[e - 1].listener], true);
	for (const char *d = strchr(h + 2, '.'); d; d = strchr(d + 1,
	    '.')) {
		uintptr_t i;

		if (strlen(d) + 2 > sizeof(key))
			continue;
		snprintf(key, sizeof(key), "*%s", d);
		i = (uintptr_t)strmap_get(&gw->https_index, key);
		if (i && i <= gw->nhttps && !gw->https[i - 1].passthrough)
			attach_to(st, r, &gw->https[i - 1], true);
	}
	{
		uintptr_t i = (uintptr_t)strmap_get(&gw->https_index, "");

		if (i && i <= gw->nhttps && !gw->https[i - 1].passthrough)
			attach_to(st, r, &gw->https[i - 1], true);
	}
}

/* The HTTPS listeners a route without a section attaches to. */
static void
attach_unsectioned(struct conv *c, struct attach_state *st, struct route *r)
{
	struct gateway *gw = r->gw;
	const char *h = r->host;

	if (h && h[0] != '*') {
		/* the exact listener, wildcards of every suffix, none */
		struct listener *l = conv_listener_named(gw, h, false);
		char key[300];

		if (l)
			attach_to(st, r, l, true);
		for (const char *d = strchr(h, '.'); d; d = strchr(d + 1,
		    '.')) {
			uintptr_t i;

			if (strlen(d) + 2 > sizeof(key))
				continue;
			snprintf(key, sizeof(key), "*%s", d);
			i = (uintptr_t)strmap_get(&gw->https_index, key);
			if (i && i <= gw->nhttps && !gw->https[i - 1].passthrough)
				attach_to(st, r, &gw->https[i - 1], true);
		}
		{
			uintptr_t i = (uintptr_t)strmap_get(&gw->https_index,
				"");

			if (i && i <= gw->nhttps)
				attach_to(st, r, &gw->https[i - 1], true);
		}
		return;
	}
	if (!h) {	/* every hostname */
		for (size_t i = 0; i < gw->nhttps; i++)
			if (!gw->https[i].passthrough)
				attach_to(st, r, &gw->https[i], true);
		return;
	}
	attach_wildcard(st, r, h);
}

static int
cmp_set_index(const void *pa, const void *pb)
{
	const struct listener_set *a = *(const struct listener_set *const *)pa;
	const struct listener_set *b = *(const struct listener_set *const *)pb;

	return a->index < b->index ? -1 : a->index > b->index;
}

/* A copy of r for the ListenerSets past its 32 parentRefs. */
static struct route *
copy_route(struct conv *c, const struct route *r, size_t part)
{
	struct route *n = arena_alloc(c->a, sizeof(*n));

	*n = *r;
	n->rules = xmalloc(r->nrules * sizeof(*n->rules));
	for (size_t k = 0; k < r->nrules; k++) {
		const struct rule *ru = &r->rules[k];

		n->rules[k] = *ru;
		n->rules[k].matches = xmalloc((ru->nmatches + 1) *
			sizeof(*ru->matches));
		if (ru->nmatches)
			memcpy(n->rules[k].matches, ru->matches,
				ru->nmatches * sizeof(*ru->matches));
		n->rules[k].extra = NULL;
		if (ru->nextra) {
			n->rules[k].extra = xmalloc(ru->nextra *
				sizeof(*ru->extra));
			memcpy(n->rules[k].extra, ru->extra, ru->nextra *
				sizeof(*ru->extra));
		}
	}
	n->lsets_part = part;
	n->no_gateway_ref = true;
	return n;
}

/*
 * A route's parentRefs hold at most 32 entries: the Gateway and 31
 * ListenerSets; the ListenerSets beyond get copies of the route.
 */
static void
copy_past_parent_refs(struct conv *c, struct route *r)
{
	size_t first = MAX_PARENT_REFS - 1, copies;
	struct listener_set **sets = r->lsets;
	size_t nsets = r->nlsets;

	if (nsets <= first)
		return;
	copies = (nsets - first + MAX_PARENT_REFS - 1) / MAX_PARENT_REFS;
	diag_add(c->sink, DIAG_INFO, "convert/listenerset-route-copies",
		pos(c, r->ing->obj->root),
		"Ingress '%s/%s': its route%s%s%s attaches to listeners of "
		"%zu ListenerSets, more than the 31 that a route's 32 "
		"parentRefs can name beside the Gateway: %zu more route%s "
		"with the same rules attach%s to the others", r->ing->ns,
		r->ing->name, r->host ? " for host '" : "",
		r->host ? r->host : "", r->host ? "'" : "", nsets, copies,
		copies == 1 ? "" : "s", copies == 1 ? "es" : "");
	r->nlsets = first;
	for (size_t p = 0; p < copies; p++) {
		size_t from = first + p * MAX_PARENT_REFS;
		size_t cnt = nsets - from < MAX_PARENT_REFS ? nsets - from :
			MAX_PARENT_REFS;
		struct route *n = copy_route(c, r, p + 1);

		n->lsets = xmalloc(cnt * sizeof(*n->lsets));
		memcpy(n->lsets, sets + from, cnt * sizeof(*n->lsets));
		n->nlsets = cnt;
		PUSH(c->routes, c->nroutes, n);
	}
}

/*
 * Which ListenerSets each route attaches to, as the one Gateway of the
 * shared layout would attach it to their listeners: a route for a
 * listener (sectionName) names that listener of its ListenerSet; a route
 * without a section names the Gateway (its HTTP listener) and every
 * ListenerSet with an HTTPS listener whose hostname intersects the
 * route's. Each listener admits the namespaces of the routes attached to
 * it.
 */
static void
attach_listener_sets(struct conv *c)
{
	struct attach_state st = { NULL, NULL, 0, STRMAP_INIT,
		STRBUF_INIT, NULL, 0 };
	size_t n = c->nroutes;

	if (!c->nsets)
		return;
	st.marked = xcalloc(c->nsets, 1);
	for (size_t i = 0; i < n; i++) {
		struct route *r = c->routes[i];
		const char *kind = r->kind ? r->kind : "HTTPRoute";
		struct listener *l;

		if (!r->nrules || !r->gw->nsets)
			continue;
		st.nother = 0;
		if (r->section_https || r->section_tls) {
			l = conv_listener_named(r->gw, r->section_tls ?
				r->section_tls : r->section_https,
				r->section_tls != NULL);
			if (l) {
				attach_to(&st, r, l, false);
				st.marked[l->set->index] = 0;
			}
			say_cross_namespace(c, &st, r);
			continue;
		}
		if (r->section || (strcmp(kind, "HTTPRoute") &&
		    strcmp(kind, "GRPCRoute")))
			continue;
		attach_unsectioned(c, &st, r);
		for (size_t k = 0; k < r->nlsets; k++)
			st.marked[r->lsets[k]->index] = 0;
		if (r->nlsets > 1)
			xqsort(r->lsets, r->nlsets, sizeof(*r->lsets),
				cmp_set_index);
		if (st.nother > 1)
			xqsort(st.other, st.nother, sizeof(*st.other),
				cmp_set_index);
		say_cross_namespace(c, &st, r);
		copy_past_parent_refs(c, r);
	}
	free(st.marked);
	free(st.other);
	for (size_t i = 0; i < st.nsuffixes; i++) {
		strmap_release(&st.suffixes[i].head);
		free(st.suffixes[i].v);
	}
	free(st.suffixes);
	strmap_release(&st.said);
	strbuf_release(&st.key);
}

/* Splits routes over the per-route limits of rules and matches. */
/* Whether a route keeps to the rule and match limits as it is (the split
 * below would copy it unchanged; it drops rules without matches). */
static bool
within_limits(const struct route *r)
{
	size_t total = 0;

	if (r->nrules > MAX_RULES)
		return false;
	for (size_t k = 0; k < r->nrules; k++) {
		if (!r->rules[k].nmatches ||
		    r->rules[k].nmatches > MAX_MATCHES_PER_RULE)
			return false;
		total += r->rules[k].nmatches;
	}
	return total <= MAX_MATCHES_PER_ROUTE;
}

static void
split_routes(struct conv *c)
{
	size_t n = c->nroutes;

	for (size_t i = 0; i < n; i++) {
		struct route *r = c->routes[i], *cur = r;
		struct rule *rules = r->rules;
		size_t nrules = r->nrules, total = 0, part = 0;

		if (within_limits(r))
			continue;	/* as it is, without copies */
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

/* The strings up to NULL, one after the other, in a. */
static char *
cat(struct arena *a, ...)
{
	va_list ap;
	const char *s;
	size_t n = 0;
	char *out, *p;

	va_start(ap, a);
	while ((s = va_arg(ap, const char *)))
		n += strlen(s);
	va_end(ap);
	out = p = arena_alloc(a, n + 1);
	va_start(ap, a);
	while ((s = va_arg(ap, const char *))) {
		size_t k = strlen(s);

		memcpy(p, s, k);
		p += k;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

/* v in decimal, as "%zu" prints it, in *buf */
static const char *
decimal(char (*buf)[24], size_t v)
{
	char *p = *buf + sizeof(*buf) - 1;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

static void
assign_names(struct conv *c)
{
	/* what names_resolve compares; the names it keeps go to c->a */
	struct arena t = ARENA_INIT;
	char n1[24], n2[24];

	for (size_t i = 0; i < c->ngws; i++) {
		struct gateway *gw = c->gws[i];
		const char *scope = cat(&t, "listener/", gw->ns, "/",
			gw->class_key, "/", decimal(&n1, gw->part), NULL);

		names_want(&c->names, cat(&t, "Gateway/", gw->ns, NULL),
			names_sanitize(&t, gw->want_name), scope + 9,
			&gw->name);
		for (size_t l = 0; l < gw->nhttps; l++) {
			struct listener *li = &gw->https[l];
			const char *h = li->hostname;
			const char *want;

			/* "https.<host>" and "https-wildcard.<rest>" cannot
			 * meet: their first labels differ. */
			if (li->passthrough)
				want = cat(&t, "tls.", h, NULL);
			else if (!h)
				want = "https";
			else if (h[0] == '*')
				want = cat(&t, "https-wildcard", h + 1, NULL);
			else
				want = cat(&t, "https.", h, NULL);
			names_want(&c->names, scope, names_sanitize(&t, want),
				cat(&t, li->passthrough ? "tls/" : "",
				h ? h : "", NULL), &li->name);
		}
		for (size_t s = 0; s < gw->nsets; s++) {
			struct listener_set *set = gw->sets[s];

			names_want(&c->names, cat(&t, "ListenerSet/",
				set->ns, NULL), names_sanitize(&t,
				set->want_name), cat(&t, gw->ns, "/",
				gw->class_key, "/", decimal(&n1, set->part),
				NULL), &set->name);
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
			want = cat(&t, base, "-wildcard", r->host + 1, NULL);
		else if (r->host)
			want = cat(&t, base, "-", r->host, NULL);
		else
			want = base;
		if (r->suffix)
			want = cat(&t, want, "-", r->suffix, NULL);
		if (r->part)
			want = cat(&t, want, "-", decimal(&n1, r->part + 1),
				NULL);
		if (r->lsets_part)
			want = cat(&t, want, "-listeners-",
				decimal(&n1, r->lsets_part + 1), NULL);
		names_want(&c->names, cat(&t, r->kind ? r->kind : "HTTPRoute",
			"/", r->ing->ns, NULL), names_sanitize(&t, want),
			cat(&t, r->ing->ns, "/", r->ing->name, "/",
			r->host ? r->host : "", r->suffix ? "/" : "",
			r->suffix ? r->suffix : "", "/", decimal(&n1, r->part),
			r->lsets_part ? "/listeners-" : "", r->lsets_part ?
			decimal(&n2, r->lsets_part) : "", NULL), &r->name);
	}
	for (size_t i = 0; i < c->ngrants; i++) {
		struct grant *g = c->grants[i];

		names_want(&c->names, cat(&t, "ReferenceGrant/", g->ns, NULL),
			names_sanitize(&t, cat(&t, "ing2gw-gateways-",
			g->from_ns, "-secrets", NULL)),
			cat(&t, g->ns, "/", g->from_ns, NULL), &g->name);
	}
	names_resolve(&c->names, c->a);
	names_release(&c->names);
	arena_release(&t);
}

static int
kind_rank(const char *kind)
{
	static const char *const order[] = { "Namespace", "Gateway",
		"ListenerSet",
		"HTTPRoute",
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
	struct conv_obj obj;
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

/*
 * Kind order, namespace, name; a stable sort. The standard objects are
 * not built yet: their keys are the kind, namespace and name they will
 * have; a target's objects are read.
 */
static void
sort_objects(struct conv_obj *objs, size_t n)
{
	struct obj_key *keys;

	if (n < 2)
		return;
	keys = xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const char *kind = objs[i].kind, *ns = objs[i].ns;
		const char *name = objs[i].name;

		if (objs[i].what == CONV_OBJ_TREE) {
			const struct doc_node *md = doc_get(objs[i].ir,
				"metadata");

			kind = doc_str(doc_get(objs[i].ir, "kind"));
			ns = doc_str(doc_get(md, "namespace"));
			name = doc_str(doc_get(md, "name"));
		}
		keys[i].obj = objs[i];
		keys[i].rank = kind_rank(kind);
		keys[i].ns = ns ? ns : "";
		keys[i].name = name ? name : "";
		keys[i].order = i;
	}
	xqsort(keys, n, sizeof(*keys), cmp_object);
	for (size_t i = 0; i < n; i++)
		objs[i] = keys[i].obj;
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
		for (size_t l = 0; l < c->gws[i]->nhttps; l++)
			free(c->gws[i]->https[l].route_ns);
		free(c->gws[i]->https);
		free(c->gws[i]->sets);
		strmap_release(&c->gws[i]->https_index);
	}
	for (size_t i = 0; i < c->nsets; i++)
		free(c->sets[i]->listeners);
	free(c->sets);
	for (size_t i = 0; i < c->nroutes; i++) {
		for (size_t j = 0; j < c->routes[i]->nrules; j++) {
			free(c->routes[i]->rules[j].matches);
			free(c->routes[i]->rules[j].extra);
		}
		free(c->routes[i]->rules);
		free(c->routes[i]->lsets);
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
	free(c->carried);
	free(c->gws);
	free(c->routes);
	free(c->by_ing);
	free(c->provider_memo);
	free(c->shared);
	free(c->obj_only);
	free(c->grants);
	names_release(&c->names);
}

static uintptr_t
ing_key(const struct route *r)
{
	return (uintptr_t)r->ing;
}

/* By Ingress, then by place in c->routes (a stable sort). */
static int
cmp_route_ing(const void *pa, const void *pb)
{
	const struct route *a = *(const struct route *const *)pa;
	const struct route *b = *(const struct route *const *)pb;

	if (ing_key(a) != ing_key(b))
		return ing_key(a) < ing_key(b) ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

struct route *const *
conv_routes_of(struct conv *c, const struct ingress *ing, size_t *n)
{
	uintptr_t key = (uintptr_t)ing;
	size_t lo = 0, hi;

	if (!c->by_ing_built || c->by_ing_len != c->nroutes) {
		free(c->by_ing);
		c->by_ing = xmalloc((c->nroutes + 1) * sizeof(*c->by_ing));
		for (size_t i = 0; i < c->nroutes; i++) {
			c->routes[i]->index = i;
			c->by_ing[i] = c->routes[i];
		}
		xqsort(c->by_ing, c->nroutes, sizeof(*c->by_ing),
			cmp_route_ing);
		c->by_ing_len = c->nroutes;
		c->by_ing_built = true;
	}
	/* the first route of ing, then its last */
	hi = c->by_ing_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ing_key(c->by_ing[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < c->by_ing_len && ing_key(c->by_ing[hi]) == key;
	    hi++)
		;
	*n = hi - lo;
	return c->by_ing + lo;
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

/* ---- other tools' annotations, provenance, Namespaces ------------------- */

const char *
conv_source(struct conv *c, const struct ingress *ing)
{
	struct src_pos p;

	if (!ing || c->opts->no_provenance)
		return NULL;
	p = pos(c, ing->obj->root);
	if (!p.file)
		return NULL;
	return p.line ? arena_printf(c->a, "%s:%u", p.file, (unsigned)p.line) :
		p.file;
}

/* Adds cr to l, unless the key is there: then the first value stays. */
static bool
annotation_add(struct conv *c, struct ir_annotations *l,
	const struct conv_carried *cr, const char *where)
{
	struct ir_annotation *v;

	for (size_t i = 0; i < l->len; i++) {
		if (strcmp(l->v[i].key, cr->key))
			continue;
		if (strcmp(l->v[i].value, cr->value)) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/annotation-conflict", pos(c, cr->node),
				"Ingress '%s/%s': annotation '%s' is '%s', but "
				"%s has '%s' from Ingress '%s/%s' already; that "
				"one is kept", cr->ing->ns, cr->ing->name,
				cr->key, cr->value, where, l->v[i].value,
				l->v[i].ing->ns, l->v[i].ing->name);
			diag_add_note(c->sink, pos(c, l->v[i].node),
				"the value kept");
		}
		return false;
	}
	v = arena_alloc(c->a, (l->len + 1) * sizeof(*v));
	if (l->len)
		memcpy(v, l->v, l->len * sizeof(*v));
	v[l->len] = (struct ir_annotation){ cr->key, cr->value, cr->ing,
		cr->node };
	l->v = v;
	l->len++;
	return true;
}

/* Each carried annotation onto the Gateway or the routes of its Ingress. */
static void
apply_carried(struct conv *c)
{
	for (size_t i = 0; i < c->ncarried; i++) {
		const struct conv_carried *cr = &c->carried[i];
		const struct conv_foreign *f = conv_foreign_find(cr->key);
		size_t nroutes = 0;

		if (cr->home == CONV_FOREIGN_GATEWAY) {
			struct gateway *gw = conv_gateway_for(c, cr->ing);
			const char *where = arena_printf(c->a, "the Gateway "
				"'%s/%s'", gw->ns, gw->want_name);

			if (!annotation_add(c, &gw->annotations, cr, where))
				continue;
			diag_add(c->sink, DIAG_INFO, "convert/annotation-carried",
				pos(c, cr->node), "Ingress '%s/%s': annotation "
				"'%s' goes to %s, where %s reads it",
				cr->ing->ns, cr->ing->name, cr->key, where,
				f ? f->tool : "its tool");
			if (!strcmp(cr->key, "cert-manager.io/issuer") &&
			    strcmp(gw->ns, cr->ing->ns))
				diag_add_note(c->sink, pos(c, cr->node), "a "
					"namespaced Issuer must be in the "
					"Gateway's namespace '%s': create it "
					"there, or use a ClusterIssuer "
					"(cert-manager.io/cluster-issuer)",
					gw->ns);
			continue;
		}
		for (size_t k = 0; k < c->nroutes; k++)
			if (c->routes[k]->ing == cr->ing &&
			    annotation_add(c, &c->routes[k]->annotations, cr,
			    "a route"))
				nroutes++;
		if (nroutes)
			diag_add(c->sink, DIAG_INFO, "convert/annotation-carried",
				pos(c, cr->node), "Ingress '%s/%s': annotation "
				"'%s' goes to its %zu route%s, where %s reads it",
				cr->ing->ns, cr->ing->name, cr->key, nroutes,
				nroutes == 1 ? "" : "s", f ? f->tool :
				"its tool");
	}
}

/* The gatewayClassName that nobody gave: said once per class. */
static void
note_assumed_classes(struct conv *c)
{
	struct strmap said = STRMAP_INIT;

	if (c->opts->gateway_class)
		return;
	for (size_t i = 0; i < c->ngws; i++) {
		const struct gateway *gw = c->gws[i];

		if (!gw->ing || strmap_get(&said, gw->gateway_class))
			continue;
		strmap_put(&said, gw->gateway_class, (void *)1);
		diag_add(c->sink, DIAG_INFO, "convert/gateway-class-assumed",
			pos(c, gw->ing->obj->root), "the Gateway '%s/%s' gets "
			"gatewayClassName '%s', the name of %s: give "
			"--gateway-class the GatewayClass of the new "
			"implementation if it has another name", gw->ns,
			gw->want_name, gw->gateway_class, *gw->class_key ?
			"the Ingress class" : "no class (the default)");
	}
	strmap_release(&said);
}

/* Whether an input object lives in namespace ns: then it exists. */
static bool
namespace_used(const struct ing_world *w, const char *ns)
{
	for (size_t i = 0; i < w->ningresses; i++)
		if (!strcmp(w->ingresses[i].ns, ns))
			return true;
	for (size_t i = 0; i < w->nservices; i++)
		if (w->services[i].ns && !strcmp(w->services[i].ns, ns))
			return true;
	for (size_t i = 0; i < w->nsecrets; i++)
		if (w->secrets[i].ns && !strcmp(w->secrets[i].ns, ns))
			return true;
	for (size_t i = 0; i < w->nconfigmaps; i++)
		if (w->configmaps[i].ns && !strcmp(w->configmaps[i].ns, ns))
			return true;
	return false;
}

static void
set_annotation(struct conv *c, struct doc_node *obj, const char *key,
	const char *value)
{
	struct doc_node *md = (struct doc_node *)doc_get(obj, "metadata");
	struct doc_node *anns = (struct doc_node *)doc_get(md, "annotations");

	if (!md)
		return;
	if (!anns)
		anns = doc_map_add_map(c->a, md, "annotations");
	doc_map_add_str(c->a, anns, key, value);
}

/* The Namespaces of the Gateways that no input object shows exist. */
static void
add_namespaces(struct conv *c, struct conv_obj **objs, size_t *nobjs)
{
	struct strmap done = STRMAP_INIT;

	if (c->opts->create_namespace == CONV_CREATE_NS_NEVER)
		return;
	for (size_t i = 0; i < c->ngws; i++) {
		const struct gateway *gw = c->gws[i];
		struct doc_node *o, *md;
		const char *src;

		if (strmap_get(&done, gw->ns))
			continue;
		strmap_put(&done, gw->ns, (void *)1);
		if (c->opts->create_namespace == CONV_CREATE_NS_AUTO &&
		    (!strcmp(gw->ns, "default") || namespace_used(c->w,
		    gw->ns)))
			continue;
		o = doc_new_map(c->a);
		doc_map_add_str(c->a, o, "apiVersion", "v1");
		doc_map_add_str(c->a, o, "kind", "Namespace");
		md = doc_map_add_map(c->a, o, "metadata");
		doc_map_add_str(c->a, md, "name", gw->ns);
		if ((src = conv_source(c, gw->ing)))
			set_annotation(c, o, CONV_PROVENANCE_ANNOTATION, src);
		PUSH(*objs, *nobjs, ((struct conv_obj){ CONV_OBJ_TREE,
			"Namespace", NULL, gw->ns, o, 0 }));
	}
	strmap_release(&done);
}

/* The name an object's (first) targetRef or extensionRef gives. */
static const char *
ref_name(const struct doc_node *n, const char *field, unsigned depth)
{
	if (!n || depth > 12)
		return NULL;
	if (doc_is_map(n)) {
		const struct doc_node *r = doc_get(n, field);

		if (doc_is_seq(r))
			r = doc_item(r, 0);
		if (doc_str(doc_get(r, "name")))
			return doc_str(doc_get(r, "name"));
		for (size_t i = 0; i < doc_len(n); i++) {
			const char *x = ref_name(doc_map_value(n, i), field,
				depth + 1);

			if (x)
				return x;
		}
	}
	for (size_t i = 0; doc_is_seq(n) && i < doc_len(n); i++) {
		const char *x = ref_name(doc_item(n, i), field, depth + 1);

		if (x)
			return x;
	}
	return NULL;
}

static const char *
source_of(const struct doc_node *o)
{
	return doc_str(doc_get(doc_get(doc_get(o, "metadata"),
		"annotations"), CONV_PROVENANCE_ANNOTATION));
}

/* The Ingress a planned standard object comes from. */
static const struct ingress *
ingress_of(const struct conv_obj *o)
{
	switch (o->what) {
	case CONV_OBJ_GATEWAY:
		return ((const struct gateway *)o->ir)->ing;
	case CONV_OBJ_LISTENERSET: {
		const struct listener_set *set = o->ir;

		return set->nlisteners ?
			set->gw->https[set->listeners[0]].ing : set->gw->ing;
	}
	case CONV_OBJ_ROUTE:
		return ((const struct route *)o->ir)->ing;
	case CONV_OBJ_GRANT:
		return ((const struct grant *)o->ir)->ing;
	case CONV_OBJ_BACKEND_TLS:
		return ((const struct ir_backend_tls *)o->ir)->ing;
	case CONV_OBJ_TREE:
		break;
	}
	return NULL;
}

/*
 * A target's own objects take the source of the object they attach to
 * (targetRefs) or of the route that names them (an ExtensionRef filter),
 * found through indexes by namespace and name: the standard objects are
 * not built yet.
 */
static void
provenance_of_targets(struct conv *c, const struct ir *ir,
	const struct conv_obj *objs, size_t n)
{
	struct strmap by_name = STRMAP_INIT, by_ref = STRMAP_INIT;
	struct strbuf key = STRBUF_INIT;
	bool any = false;

	for (size_t i = 0; i < n && !any; i++)
		any = objs[i].what == CONV_OBJ_TREE &&
			!source_of(objs[i].ir);
	if (!any)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = ingress_of(&objs[i]);

		if (!ing || !objs[i].name)
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%s/%s", objs[i].ns ? objs[i].ns : "",
			objs[i].name);
		if (!strmap_get(&by_name, key.buf))
			strmap_put(&by_name, arena_strdup(c->a, key.buf),
				(void *)ing);
	}
	for (size_t i = 0; i < ir->nroutes; i++) {
		const struct route *r = ir->routes[i];

		for (size_t k = 0; k < r->nrules; k++)
			for (size_t f = 0; f < r->rules[k].nfilters; f++) {
				const struct ir_filter *fl =
					&r->rules[k].filters[f];

				if (fl->kind != IR_FILTER_REGEX_REWRITE ||
				    !fl->u.regex.object)
					continue;
				strbuf_reset(&key);
				strbuf_addf(&key, "%s/%s", r->ing->ns,
					fl->u.regex.object);
				if (!strmap_get(&by_ref, key.buf))
					strmap_put(&by_ref, arena_strdup(c->a,
						key.buf), (void *)r->ing);
			}
	}
	for (size_t i = 0; i < n; i++) {
		struct doc_node *o = (struct doc_node *)objs[i].ir;
		const char *ns, *name, *target;
		const struct ingress *ing = NULL;

		if (objs[i].what != CONV_OBJ_TREE || source_of(o))
			continue;
		ns = doc_str(doc_path(o, "metadata.namespace"));
		name = doc_str(doc_path(o, "metadata.name"));
		if (!name)
			continue;
		target = ref_name(doc_get(o, "spec"), "targetRefs", 0);
		if (!target)
			target = ref_name(doc_get(o, "spec"), "targetRef", 0);
		if (target) {
			strbuf_reset(&key);
			strbuf_addf(&key, "%s/%s", ns ? ns : "", target);
			ing = strmap_get(&by_name, key.buf);
		}
		if (!ing) {
			strbuf_reset(&key);
			strbuf_addf(&key, "%s/%s", ns ? ns : "", name);
			ing = strmap_get(&by_ref, key.buf);
		}
		if (ing && conv_source(c, ing))
			set_annotation(c, o, CONV_PROVENANCE_ANNOTATION,
				conv_source(c, ing));
	}
	strmap_release(&by_name);
	strmap_release(&by_ref);
	strbuf_release(&key);
}

/*
 * A conversion whose objects are built one at a time: everything up to
 * the objects is done, they are planned and sorted, and conv_stream_build
 * makes each from the IR when it is written.
 */
struct conv_stream {
	struct conv c;
	struct ir ir;
	struct conv_obj *objs;		/* in output order */
	size_t nobjs;
	struct std_shared sf;
	struct arena *sf_arena;		/* where the shared filters are */
	size_t converted, skipped;
};

/* conv_stream_open; with lower_only, what conv_lower needs: the target's
 * own objects only, and no check against the target. */
/*
 * A lowering for several targets (conv_lower_shared) has made what they
 * share once, and the rest for each, marked (conv_only): each target's
 * IR has its features only and the timeouts that hold for it; its
 * emitter writes its objects, and what the emitter changed in the
 * routes and their rules is undone before the next target's.
 */
static void
settle_targets(struct conv *c, struct ir *ir)
{
	struct ir_feature *fs = xmalloc((ir->nfeatures + 1) * sizeof(*fs));
	struct conv_obj *objs = NULL;
	struct doc_node **trees = NULL;
	struct route *routes = xmalloc((ir->nroutes + 1) * sizeof(*routes));
	struct rule *kept;
	size_t nrules = 0, at;

	for (size_t i = 0; i < ir->nroutes; i++)
		nrules += ir->routes[i]->nrules;
	kept = xmalloc((nrules + 1) * sizeof(*kept));
	at = 0;
	for (size_t i = 0; i < ir->nroutes; i++) {
		const struct route *r = ir->routes[i];

		routes[i] = *r;
		if (r->nrules)
			memcpy(kept + at, r->rules, r->nrules *
				sizeof(*kept));
		at += r->nrules;
	}
	for (size_t k = 0; k < c->nshared; k++) {
		const struct conv_target *t = c->shared[k];
		unsigned bit = 1u << k;
		struct ir view = *ir;
		size_t nfs = 0, nobjs = 0, first = c->ntarget_objs;

		for (size_t i = 0; i < ir->nfeatures; i++)
			if (claims(t, ir->features[i].kind) &&
			    (!ir->features[i].only ||
			    (ir->features[i].only & bit)))
				fs[nfs++] = ir->features[i];
		view.features = fs;
		view.nfeatures = nfs;
		for (size_t i = 0; i < ir->nroutes; i++)
			for (size_t j = 0; j < ir->routes[i]->nrules; j++) {
				struct ir_timeouts *to =
					&ir->routes[i]->rules[j].timeouts;

				if (to->only && !(to->only & bit))
					memset(to, 0, sizeof(*to));
			}
		c->target = t;
		c->sink->only = bit;
		if (t->emit)
			t->emit(c, &view);
		c->sink->only = 0;
		tag_objects(c, first, bit);
		objs = xrealloc(objs, (c->ntarget_objs + 1) * sizeof(*objs));
		for (size_t i = 0; i < c->ntarget_objs; i++)
			if (i >= c->nobj_only || !c->obj_only[i] ||
			    (c->obj_only[i] & bit))
				objs[nobjs++] = (struct conv_obj){
					.what = CONV_OBJ_TREE,
					.ir = c->target_objs[i] };
		sort_objects(objs, nobjs);	/* in convert's order */
		trees = xrealloc(trees, (nobjs + 1) * sizeof(*trees));
		for (size_t i = 0; i < nobjs; i++)
			trees[i] = (struct doc_node *)objs[i].ir;
		if (c->opts->inspect_target)
			c->opts->inspect_target(c->opts->inspect_ctx, k,
				&view, trees, nobjs);
		at = 0;
		for (size_t i = 0; i < ir->nroutes; i++) {
			struct route *r = ir->routes[i];

			*r = routes[i];
			if (r->nrules)
				memcpy(r->rules, kept + at, r->nrules *
					sizeof(*kept));
			at += r->nrules;
		}
	}
	c->target = c->shared[0];
	free(routes);
	free(objs);
	free(trees);
	free(kept);
	free(fs);
}

static int
stream_open(struct conv_stream **out, struct arena *arena,
	const struct ing_world *w, const struct conv_options *opts,
	struct diag_sink *sink, bool lower_only)
{
	struct conv_stream *st;
	struct conv *cp;
	const struct ingress **order;
	int (*cmp)(const void *, const void *) = conv_cmp_age;
	const struct conv_target *target = conv_target_find(opts->target);

	*out = NULL;
	if (!target || (opts->provider && strcmp(opts->provider, "auto") &&
	    !conv_provider_find(opts->provider)))
		return ERR_INVALID;	/* the CLI checks the names first */
	st = xcalloc(1, sizeof(*st));
	cp = &st->c;
	cp->w = w;
	cp->opts = opts;
	cp->layout = conv_layout_of(opts);
	cp->sink = sink;
	cp->a = arena;
	cp->target = target;
	cp->provider_memo = xcalloc(w->ningresses + 1,
		sizeof(*cp->provider_memo));
	if (opts->shared_targets) {
		cp->shared = xcalloc(opts->nshared_targets + 1,
			sizeof(*cp->shared));
		cp->nshared = opts->nshared_targets;
		for (size_t k = 0; k < cp->nshared; k++)
			cp->shared[k] = conv_target_find(
				opts->shared_targets[k]);
	}
	order = xmalloc((w->ningresses + 1) * sizeof(*order));
	for (size_t i = 0; i < w->ningresses; i++)
		order[i] = &w->ingresses[i];
	/* The first-wins order of the first controller that serves one. */
	for (size_t i = 0; i < w->ningresses && cmp == conv_cmp_age; i++) {
		const struct conv_provider *p = conv_provider_of(cp,
			order[i]);

		if (p->order)
			cmp = p->order;
	}
	xqsort(order, w->ningresses, sizeof(*order), cmp);
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!selected(cp, ing)) {
			st->skipped++;
			order[i] = NULL;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->begin)
			providers[i]->begin(cp, order, w->ningresses);
	/* Listeners first: ingress-nginx's redirects depend on them. */
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];
		const struct conv_provider *p;

		if (!ing)
			continue;
		p = conv_provider_of(cp, ing);
		cp->cur_ing = ing;
		trace_spec(cp, ing, p);
		if (p->accept && !p->accept(cp, ing)) {
			st->skipped++;
			order[i] = NULL;
			continue;
		}
		convert_tls(cp, conv_gateway_for(cp, ing), ing);
	}
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = order[i];

		if (!ing)
			continue;
		cp->cur_ing = ing;
		conv_provider_of(cp, ing)->lower(cp, conv_gateway_for(cp, ing),
			ing);
		st->converted++;
	}
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->finish)
			providers[i]->finish(cp);
	cp->cur_ing = NULL;
	/* Nothing after the lowering reads the providers' state. */
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (providers[i]->release)
			providers[i]->release(cp);
	apply_carried(cp);
	note_assumed_classes(cp);
	free(order);
	if (opts->ingress_class && !st->converted && w->ningresses)
		diag_add(sink, DIAG_WARNING, "convert/class-not-found",
			(struct src_pos){ 0 },
			"no Ingress of class '%s' in the input (%zu Ingresses "
			"of other classes or none); check the name given to "
			"--ingress-class", opts->ingress_class, w->ningresses);
	if (cp->layout == CONV_LAYOUT_LISTENERSET)
		build_listener_sets(cp);
	else
		split_gateways(cp);
	split_routes(cp);
	attach_listener_sets(cp);
	assign_names(cp);
	st->ir = (struct ir){
		.gws = cp->gws, .ngws = cp->ngws,
		.sets = cp->sets, .nsets = cp->nsets,
		.routes = cp->routes, .nroutes = cp->nroutes,
		.grants = cp->grants, .ngrants = cp->ngrants,
		.backend_tls = cp->backend_tls_policies,
		.nbackend_tls = cp->nbackend_tls_policies,
		.features = cp->features, .nfeatures = cp->nfeatures,
	};
	if (opts->inspect)
		opts->inspect(opts->inspect_ctx, &st->ir);
	/* before the target writes: it may add to the rules */
	if (!lower_only) {
		conv_target_check(cp, &st->ir);
		conv_target_defaults(cp, &st->ir);
	}
	if (cp->shared)
		settle_targets(cp, &st->ir);
	else if (cp->target->emit)
		cp->target->emit(cp, &st->ir);
	if (!lower_only) {
		apply_closures(cp);
		std_objects(cp, &st->ir, &st->objs, &st->nobjs);
	}
	for (size_t i = 0; i < cp->ntarget_objs; i++) {
		struct conv_obj o = { CONV_OBJ_TREE, NULL, NULL, NULL,
			cp->target_objs[i], 0 };

		PUSH(st->objs, st->nobjs, o);
	}
	if (!opts->no_provenance && !lower_only)
		provenance_of_targets(cp, &st->ir, st->objs, st->nobjs);
	if (cp->ngws && !lower_only)
		add_namespaces(cp, &st->objs, &st->nobjs);
	if (st->nobjs)	/* objs is NULL then: qsort wants a pointer */
		sort_objects(st->objs, st->nobjs);
	*out = st;
	return 0;
}
int
conv_stream_open(struct conv_stream **out, struct arena *arena,
	const struct ing_world *w, const struct conv_options *opts,
	struct diag_sink *sink)
{
	return stream_open(out, arena, w, opts, sink, false);
}

size_t
conv_stream_count(const struct conv_stream *st)
{
	return st->nobjs;
}

void
conv_stream_counts(const struct conv_stream *st, size_t *converted,
	size_t *skipped)
{
	*converted = st->converted;
	*skipped = st->skipped;
}

void
conv_stream_forget(struct conv_stream *st)
{
	strmap_release(&st->sf.map);
	st->sf_arena = NULL;
}

const struct doc_node *
conv_stream_build(struct conv_stream *st, size_t i, struct arena *a)
{
	struct arena *ir_strings = st->c.a;
	const struct doc_node *o;

	if (i >= st->nobjs)
		return NULL;
	if (a != st->sf_arena) {
		conv_stream_forget(st);
		st->sf_arena = a;
	}
	st->c.a = a;
	o = std_build(&st->c, &st->objs[i], &st->sf);
	st->c.a = ir_strings;
	return o;
}

void
conv_stream_close(struct conv_stream *st)
{
	if (!st)
		return;
	strmap_release(&st->sf.map);
	strbuf_release(&st->sf.key);
	free(st->objs);
	conv_release(&st->c);
	free(st);
}

int
conv_run(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink)
{
	struct conv_stream *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = conv_stream_open(&st, &out->arena, w, opts, sink)))
		return rc;
	if (st->nobjs)
		out->objects = xmalloc(st->nobjs * sizeof(*out->objects));
	for (size_t i = 0; i < st->nobjs; i++)
		out->objects[i] = (struct doc_node *)conv_stream_build(st, i,
			&out->arena);
	out->nobjects = st->nobjs;
	conv_stream_counts(st, &out->converted, &out->skipped);
	conv_stream_close(st);
	return 0;
}

int
conv_lower(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink)
{
	struct conv_stream *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = stream_open(&st, &out->arena, w, opts, sink, true)))
		return rc;
	if (st->nobjs)
		out->objects = xmalloc(st->nobjs * sizeof(*out->objects));
	for (size_t i = 0; i < st->nobjs; i++)
		out->objects[i] = (struct doc_node *)st->objs[i].ir;
	out->nobjects = st->nobjs;
	conv_stream_counts(st, &out->converted, &out->skipped);
	conv_stream_close(st);
	return 0;
}

bool
conv_can_share_lowering(const struct ing_world *w,
	const struct conv_options *opts)
{
	struct conv c = { .w = w, .opts = opts };

	for (size_t i = 0; i < w->ningresses; i++)
		if (!conv_provider_of(&c, &w->ingresses[i])->shares_lowering)
			return false;
	return true;
}

int
conv_lower_shared(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink)
{
	struct conv_options o = *opts;
	struct conv_stream *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts->nshared_targets || opts->nshared_targets >
	    sizeof(unsigned) * CHAR_BIT - 1)
		return ERR_INVALID;
	for (size_t k = 0; k < opts->nshared_targets; k++)
		if (!conv_target_find(opts->shared_targets[k]))
			return ERR_INVALID;
	if (!conv_can_share_lowering(w, opts))
		return ERR_INVALID;
	o.target = opts->shared_targets[0];	/* the layout's */
	if ((rc = stream_open(&st, &out->arena, w, &o, sink, true)))
		return rc;
	conv_stream_counts(st, &out->converted, &out->skipped);
	conv_stream_close(st);
	return 0;
}

void
conv_result_release(struct conv_result *res)
{
	free(res->objects);
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}
