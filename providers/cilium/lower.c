#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "providers/cilium/annotations.h"
#include "strbuf.h"

/*
 * Cilium's Ingress controller, lowered into the IR
 * (operator/pkg/model/ingestion/ingress.go, the Envoy translation of
 * operator/pkg/model/translation): one virtual host per host, paths by
 * type (ImplementationSpecific is an Envoy regular expression matched
 * against the whole path), routes of equal match merged across Ingresses
 * with their backends load-balanced equally, the HTTP to HTTPS redirect
 * (301) of the TLS hosts, the request timeout, TLS passthrough, and what
 * Gateway API does differently, each said at its line.
 *
 * Cilium gives each Ingress of the dedicated load balancer mode (its
 * default) its own LoadBalancer Service and address; the conversion puts
 * every Ingress on the Gateway's one address, as the shared mode does.
 */

/* The first route of one match of a host, across Ingresses. */
struct cil_first {
	const struct ingress *ing;
	bool dedicated;			/* its load balancer mode */
	const char *service;
	int port;
	const struct doc_node *node;
};

struct conv_cilium {
	struct strmap first;		/* "host\ttype\tvalue" -> cil_first */
	size_t nings;			/* Cilium Ingresses converted */
	bool hosts;			/* one of them names a host */
};

/* Other tools' annotations that Cilium copies to the Service of a
 * dedicated Ingress (the operator's ingress-lb-annotation-prefixes). */
static const char *const lb_prefixes[] = { "lbipam.cilium.io/",
	"nodeipam.cilium.io/", "service.beta.kubernetes.io/",
	"service.kubernetes.io/", "cloud.google.com/", NULL };

static bool
cil_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_cilium_serves(c->w, ing, false);
}

static bool
mine(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_cilium;
}

static void
cil_begin(struct conv *c, const struct ingress **order, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!order[i] || !mine(c, order[i]))
			continue;
		if (!c->cilium)
			c->cilium = xcalloc(1, sizeof(*c->cilium));
		c->cilium->nings++;
		for (size_t r = 0; r < order[i]->nrules; r++)
			c->cilium->hosts |= order[i]->rules[r].host != NULL;
	}
}

static const struct doc_node *
key_node(const struct prov_cilium_settings *s, const char *key)
{
	const struct prov_cilium_slot *sl = prov_cilium_slot(s, key);

	return sl ? sl->key_node : NULL;
}

/* tls-passthrough: the listeners go in before spec.tls makes HTTPS ones. */
static bool
cil_accept(struct conv *c, const struct ingress *ing)
{
	struct prov_cilium_settings s;
	struct arena scratch = { 0 };
	struct gateway *gw;

	prov_cilium_parse(&s, &scratch, c->w->set, ing->annotations, ing->ns,
		ing->name, NULL);
	arena_release(&scratch);
	if (!s.passthrough)
		return true;
	gw = conv_gateway_for(c, ing);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];
		bool root = false;

		for (size_t p = 0; p < rule->npaths; p++)
			root |= !strcmp(rule->paths[p].path, "/");
		if (rule->host && root && !gwcheck_hostname(rule->host))
			conv_passthrough_listener(c, gw, ing, rule->host,
				rule->host_node ? rule->host_node : rule->node);
	}
	return true;
}

/* conv_host_usable without its wildcard warning: Envoy's "*.suffix"
 * domains match one label or more, as Gateway API's. */
static bool
host_usable(struct conv *c, const struct ingress *ing, const char *host,
	const struct doc_node *node)
{
	if (host && host[0] == '*' && !gwcheck_hostname(host))
		return true;
	return conv_host_usable(c, ing, host, node);
}

static bool
bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key,
		"kubectl.kubernetes.io/last-applied-configuration");
}

static bool
has_prefix(const char *key, const char *const *l)
{
	for (; *l; l++)
		if (!strncmp(key, *l, strlen(*l)))
			return true;
	return false;
}

static void
report_annotations(struct conv *c, const struct ingress *ing,
	const struct prov_cilium_settings *s)
{
	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k);

		if (!key || bookkeeping(key) || !strncmp(key,
		    PROV_CILIUM_PREFIX, strlen(PROV_CILIUM_PREFIX)) ||
		    !strncmp(key, PROV_CILIUM_ALIAS_PREFIX,
		    strlen(PROV_CILIUM_ALIAS_PREFIX)))
			continue;
		if (has_prefix(key, lb_prefixes)) {
			diag_add(c->sink, DIAG_INFO,
				"convert/cilium-load-balancer", conv_pos(c, k),
				"Ingress '%s/%s': annotation '%s' is not "
				"converted: Cilium copies it to the Ingress's "
				"own LoadBalancer Service%s; the Gateway's "
				"Service is the implementation's (set it in "
				"the Gateway's spec.infrastructure.annotations "
				"if it must reach that Service)", ing->ns,
				ing->name, key, s->dedicated ? "" :
				" (dedicated mode only: this Ingress is "
				"shared, so it had no effect)");
			continue;
		}
		if (!strncmp(key, "io.cilium/", 10)) {
			diag_add(c->sink, DIAG_INFO,
				"convert/cilium-load-balancer", conv_pos(c, k),
				"Ingress '%s/%s': annotation '%s' is not "
				"converted: Cilium reads io.cilium/ keys on "
				"Services, not on an Ingress, and copies to the "
				"Ingress's Service only the keys of its "
				"ingress-lb-annotation-prefixes (lbipam.cilium.io/"
				"ips is the one for addresses); it had no effect",
				ing->ns, ing->name, key);
			continue;
		}
		conv_report_annotation(c, ing, k);
	}
	/* the keys of the Ingress's own Service */
	for (size_t i = 0; i < PROV_CILIUM_NANN; i++) {
		const struct prov_annotation *a =
			&prov_cilium_provider.table[i];
		const struct prov_cilium_slot *sl = &s->slots[i];

		if (!sl->key_node || sl->state != PROV_CILIUM_SET ||
		    a->cls != PROV_CLASS_C || !strcmp(a->key,
		    "loadbalancer-mode"))
			continue;
		diag_add(c->sink, DIAG_INFO, "convert/cilium-load-balancer",
			conv_pos(c, sl->key_node), "Ingress '%s/%s': annotation "
			"'%s' is not converted: it sets up the Service Cilium "
			"makes for the Ingress (%s); the Gateway's Service and "
			"ports are the implementation's", ing->ns, ing->name,
			sl->key, a->desc);
	}
}

static void
say_mode(struct conv *c, const struct ingress *ing,
	const struct prov_cilium_settings *s)
{
	const struct doc_node *k = key_node(s, "loadbalancer-mode");

	if (!s->dedicated) {
		diag_add(c->sink, DIAG_INFO, "convert/cilium-loadbalancer-mode",
			conv_pos(c, k), "Ingress '%s/%s': annotation '%s': "
			"shared, as the Gateway: its Ingresses share one "
			"address", ing->ns, ing->name,
			prov_cilium_slot(s, "loadbalancer-mode")->key);
		return;
	}
	if (c->cilium->nings < 2)
		return;
	diag_add(c->sink, DIAG_INFO, "convert/cilium-loadbalancer-mode",
		conv_pos(c, k ? k : ing->obj->root), "Ingress '%s/%s': Cilium "
		"gave it a LoadBalancer Service and address of its own "
		"in the dedicated mode%s; the Gateway serves it with %zu more "
		"Ingresses on one address, where their hosts and paths can "
		"meet: point its DNS names at the Gateway, or give it a "
		"Gateway of its own to keep it apart", ing->ns, ing->name,
		k ? "" : ", the default",
		c->cilium->nings - 1);
}

/* Whether s is a regular expression of nothing but itself. */
static bool
literal(const char *s)
{
	return strcspn(s, ".^$*+?()[]{}|\\") == strlen(s);
}

/* Routes of equal match are one Envoy route whose backends share the
 * requests equally; Gateway API gives them to the older route. */
/* Returns false when another Ingress routes the match to another
 * backend: the path is left out, so that the first one answers. */
static bool
first_of(struct conv *c, const struct ingress *ing, bool dedicated,
	const char *host, const struct match *m, const char *svc, int port)
{
	const char *k = arena_printf(c->a, "%s\t%s\t%s", host ? host : "*",
		m->type, m->value);
	struct cil_first *f = strmap_get(&c->cilium->first, k);

	if (!f) {
		f = arena_alloc(c->a, sizeof(*f));
		f->ing = ing;
		f->dedicated = dedicated;
		f->service = svc;
		f->port = port;
		f->node = m->node;
		strmap_put(&c->cilium->first, k, f);
		return true;
	}
	if (!strcmp(f->service, svc) && f->port == port)
		return true;
	if (f->ing != ing && (dedicated || f->dedicated)) {
		/* two load balancers: each answered its own address */
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-duplicate-"
			"path", conv_pos(c, m->node), "Ingress '%s/%s': %s path "
			"'%s' of host '%s' is also routed by Ingress '%s/%s' to "
			"Service '%s' port %d; in Cilium's dedicated mode each "
			"Ingress answered on its own address, so each path "
			"served the clients of its own address; on the "
			"Gateway's one address the first ('%s') takes them all "
			"and this path is left out: give one of them a Gateway "
			"of its own, or remove one",
			ing->ns, ing->name, m->type, m->value, host ? host :
			"*", f->ing->ns, f->ing->name, f->service, f->port,
			f->service);
		diag_add_note(c->sink, conv_pos(c, f->node),
			"the first one is here");
		return false;
	}
	diag_add(c->sink, DIAG_WARNING, "convert/cilium-duplicate-path",
		conv_pos(c, m->node), "Ingress '%s/%s': %s path '%s' of host "
		"'%s' is also routed by %s to Service '%s' port %d; Cilium "
		"merges the two into one route and splits the requests "
		"equally between the Services; Gateway API sends them all to "
		"the first ('%s')%s: add a weighted backendRef to split them",
		ing->ns, ing->name, m->type, m->value, host ? host : "*",
		f->ing == ing ? "this Ingress" : arena_printf(c->a,
		"Ingress '%s/%s'", f->ing->ns, f->ing->name), f->service,
		f->port, f->service, f->ing == ing ? "" : ", and this path is "
		"left out");
	diag_add_note(c->sink, conv_pos(c, f->node), "the first one is here");
	return f->ing == ing;
}

static void
redirect_rule(struct conv *c, struct route *redir, const struct match *m,
	const struct doc_node *why)
{
	struct rule *rule = conv_route_add(c, redir, m, NULL, 0,
		"force-https");
	struct ir_redirect *f;

	if (rule->nfilters)
		return;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		why)->u.redirect;
	f->scheme = "https";
	f->code = 301;
}

struct host_side {
	struct route *r;
	struct route *redir;		/* HTTP listener: redirects */
	const struct doc_node *why;	/* what asked for them */
};

static void
lower_path(struct conv *c, const struct ingress *ing,
	const struct prov_cilium_settings *s, const struct ing_rule *rule,
	const struct ing_path *p, struct host_side *hs)
{
	const struct doc_node *where = p->path_node ? p->path_node : p->node;
	struct match m = { .node = where, .value = p->path };
	const char *why;
	struct strbuf sb = STRBUF_INIT;
	struct rule *ir;
	bool ok;
	int port = 0;

	if (p->type == ING_PATH_EXACT) {
		m.type = "Exact";
	} else if (p->type == ING_PATH_PREFIX) {
		m.type = "PathPrefix";
	} else if (literal(p->path)) {
		m.type = "Exact";
		diag_add(c->sink, DIAG_INFO, "convert/cilium-regex",
			conv_pos(c, where), "Ingress '%s/%s': path '%s' is "
			"ImplementationSpecific, which Cilium matches as a "
			"regular expression against the whole path; it has no "
			"special character, so it is the Exact path '%s'",
			ing->ns, ing->name, p->path, p->path);
	} else {
		m.type = "RegularExpression";
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-regex",
			conv_pos(c, where), "Ingress '%s/%s': path '%s' is "
			"ImplementationSpecific: Cilium matches it as an Envoy "
			"(RE2) regular expression against the whole path, and "
			"tries it before every Prefix path of the host (after "
			"the Exact ones, longer expressions first); it becomes "
			"a RegularExpression match, whose dialect and "
			"precedence are implementation-specific: check both on "
			"the Gateway", ing->ns, ing->name, p->path);
	}
	if (strcmp(m.type, "RegularExpression") &&
	    (why = gwcheck_path(m.type, p->path))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, where), "Ingress '%s/%s': path '%s' is not "
			"a valid Gateway API %s value (%s); it is left out",
			ing->ns, ing->name, p->path, m.type, why);
		return;
	}
	strbuf_addf(&sb, "the backend of path '%s'", p->path);
	ok = conv_usable_backend(c, ing, &p->backend, sb.buf, &port);
	strbuf_release(&sb);
	if (!ok)
		return;
	if (!first_of(c, ing, s->dedicated, rule->host, &m,
	    p->backend.service ? p->backend.service : "", port))
		return;
	if (conv_route_has_match(hs->r, m.type, m.value,
	    &(const struct doc_node *){ NULL }))
		return;		/* said by first_of when it differs */
	if (hs->redir)
		redirect_rule(c, hs->redir, &m, hs->why);
	ir = conv_route_add_backend(c, hs->r, &m, &p->backend, port, NULL);
	if (s->request_timeout && !ir->timeouts.request) {
		ir->timeouts.request = s->request_timeout;
		ir->timeouts.node = key_node(s, "request-timeout");
	}
}

/* force-https, else the operator's enforce-ingress-https (default on). */
static bool
forces_https(const struct prov_cilium_settings *s)
{
	return s->force_https != 0;
}

static void
lower_rule(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const struct prov_cilium_settings *s, const struct ing_rule *rule)
{
	struct host_side hs = { 0 };
	const struct listener *l = rule->host ?
		conv_https_listener(gw, rule->host) : NULL;

	hs.r = conv_route_for(c, gw, ing, rule->host);
	if (!rule->host && c->cilium->hosts)
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-host-fallback",
			conv_pos(c, rule->node), "Ingress '%s/%s': Cilium serves "
			"this rule without host only to hosts that no rule "
			"names (the '*' virtual host: Envoy picks the virtual "
			"host first, and a named host without a matching path "
			"answers 404); on the Gateway the route without "
			"hostname also serves the unmatched paths of the named "
			"hosts", ing->ns, ing->name);
	if (l && forces_https(s)) {
		const struct doc_node *k = key_node(s, "force-https");

		hs.r->section_https = l->hostname;
		hs.redir = conv_route_new(c, gw, ing, rule->host);
		hs.redir->suffix = "http-redirect";
		hs.redir->section = "http";
		hs.why = k ? k : l->node;
		if (!k)
			diag_add(c->sink, DIAG_INFO, "convert/cilium-force-"
				"https", conv_pos(c, l->node), "Ingress "
				"'%s/%s': host '%s' has a certificate, so Cilium "
				"redirects its HTTP requests to HTTPS with 301 "
				"(the operator's enforce-ingress-https, on by "
				"default; ingress.cilium.io/force-https: "
				"disabled turns it off): the HTTP listener "
				"gets the same redirect", ing->ns, ing->name,
				rule->host);
	}
	else if (s->force_https == 1 && key_node(s, "force-https"))
		diag_add(c->sink, DIAG_INFO, "convert/cilium-force-https",
			conv_pos(c, key_node(s, "force-https")), "Ingress "
			"'%s/%s': host '%s' has no certificate in spec.tls, so "
			"Cilium does not redirect it (force-https applies to "
			"the TLS hosts only); its HTTP routes stay", ing->ns,
			ing->name, rule->host ? rule->host : "*");
	for (size_t j = 0; j < rule->npaths; j++)
		lower_path(c, ing, s, rule, &rule->paths[j], &hs);
}

static void
default_backend(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const struct prov_cilium_settings *s)
{
	const struct ing_backend *b = &ing->default_backend;
	struct match m = { .type = "PathPrefix", .value = "/",
		.node = b->node };
	bool hosts = false;
	struct route *r;
	struct rule *ir;
	int port = 0;

	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port))
		return;
	r = conv_route_for(c, gw, ing, NULL);
	for (size_t i = 0; i < ing->nrules; i++)
		hosts |= ing->rules[i].host != NULL;
	if (conv_route_has_match(r, m.type, m.value,
	    &(const struct doc_node *){ NULL })) {
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-default-"
			"backend", conv_pos(c, b->node), "Ingress '%s/%s': a "
			"rule without host already has the Prefix path '/'; "
			"Cilium tries spec.defaultBackend first (it is the "
			"first route of the '*' virtual host), the conversion "
			"keeps the rule's path", ing->ns, ing->name);
		return;
	}
	/* a route of its own in Cilium (no path match), shared only with
	 * the default backends of other Ingresses */
	if (!first_of(c, ing, s->dedicated, NULL, &(struct match){
	    .type = "default backend", .value = "/", .node = b->node },
	    b->service ? b->service : "", port))
		return;
	ir = conv_route_add_backend(c, r, &m, b, port, NULL);
	if (s->request_timeout && !ir->timeouts.request) {
		ir->timeouts.request = s->request_timeout;
		ir->timeouts.node = key_node(s, "request-timeout");
	}
	if (hosts)
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-default-"
			"backend", conv_pos(c, b->node), "Ingress '%s/%s': "
			"Cilium serves spec.defaultBackend only to hosts that no "
			"rule names (Envoy picks the virtual host first, and a "
			"named host without a matching path answers 404); the "
			"PathPrefix '/' rule without hostname also serves the "
			"unmatched paths of the named hosts on the Gateway",
			ing->ns, ing->name);
}

/* tls-passthrough: a TLSRoute per host, to the backend of its path '/'. */
static void
passthrough(struct conv *c, struct gateway *gw, const struct ingress *ing,
	const struct prov_cilium_settings *s)
{
	const struct doc_node *k = key_node(s, "tls-passthrough");

	if (ing->has_default_backend)
		diag_add(c->sink, DIAG_WARNING, "convert/cilium-passthrough",
			conv_pos(c, ing->default_backend.node), "Ingress "
			"'%s/%s': Cilium ignores spec.defaultBackend of a "
			"tls-passthrough Ingress; it is not converted",
			ing->ns, ing->name);
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		const struct ing_path *root = NULL;
		struct match m = { .type = "", .value = "" };
		struct route *r;
		int port = 0;

		if (!rule->host) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/cilium-passthrough", conv_pos(c,
				rule->node), "Ingress '%s/%s': a tls-passthrough "
				"rule needs a host (Cilium picks by SNI) and "
				"skips this one; nothing is generated for it",
				ing->ns, ing->name);
			continue;
		}
		for (size_t j = 0; j < rule->npaths; j++) {
			const struct ing_path *p = &rule->paths[j];

			if (strcmp(p->path, "/")) {
				diag_add(c->sink, DIAG_WARNING,
					"convert/cilium-passthrough",
					conv_pos(c, p->path_node ? p->path_node :
					p->node), "Ingress '%s/%s': Cilium "
					"skips path '%s' of a tls-passthrough "
					"Ingress (only '/' is used); it is not "
					"converted", ing->ns, ing->name, p->path);
				continue;
			}
			if (!root)
				root = p;
		}
		if (!root || gwcheck_hostname(rule->host) ||
		    !conv_usable_backend(c, ing, &root->backend,
		    "the backend of path '/'", &port))
			continue;
		r = conv_route_new(c, gw, ing, rule->host);
		r->kind = "TLSRoute";
		r->node = k;
		r->section_tls = rule->host;
		(void)conv_route_add(c, r, &m, root->backend.service, port,
			NULL);
		diag_add(c->sink, DIAG_INFO, "convert/cilium-passthrough",
			conv_pos(c, k), "Ingress '%s/%s': host '%s': TLS "
			"connections go, not decrypted, to Service '%s' port "
			"%d (a TLSRoute on a Passthrough listener); Cilium "
			"makes no HTTP listener for a tls-passthrough Ingress, "
			"and neither does the conversion", ing->ns, ing->name,
			rule->host, root->backend.service, port);
	}
}

static void
cil_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct prov_cilium_settings s;

	if (!c->cilium)
		c->cilium = xcalloc(1, sizeof(*c->cilium));
	prov_cilium_parse(&s, c->a, c->w->set, ing->annotations, ing->ns,
		ing->name, c->sink);
	report_annotations(c, ing, &s);
	say_mode(c, ing, &s);
	if (s.passthrough) {
		passthrough(c, gw, ing, &s);
		return;
	}
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];

		if (!rule->npaths || !host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		lower_rule(c, gw, ing, &s, rule);
	}
	if (ing->has_default_backend)
		default_backend(c, gw, ing, &s);
}

static void
cil_release(struct conv *c)
{
	if (!c->cilium)
		return;
	strmap_release(&c->cilium->first);
	free(c->cilium);
	c->cilium = NULL;
}

const struct conv_provider conv_provider_cilium = {
	.name = "cilium",
	.summary = "Cilium's Ingress controller: its ingress.cilium.io "
		"annotations and Envoy routing",
	.serves = cil_serves,
	.begin = cil_begin,
	.accept = cil_accept,
	.lower = cil_lower,
	.release = cil_release,
	.shares_lowering = true,
};
