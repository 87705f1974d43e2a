#include "compat.h"
#include "convert/conv_int.h"

#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "providers/istio/annotations.h"
#include "strbuf.h"

/*
 * Istio's Ingress support, lowered into the IR (pilot/pkg/config/kube/
 * ingress: gateways.go, virtualservices.go): the paths as istiod converts
 * them into VirtualService matches with Ingress semantics (a prefix is
 * element-wise; an ImplementationSpecific path is exact unless it ends in
 * '/'+'*' or '.*'), the default backend it ignores, the Secrets it reads from
 * the ingress gateway's namespace, and the order of routes and virtual
 * hosts, each difference said at its line. Istio reads no annotation
 * for features, so every other annotation is named as not converted.
 */

/* A path of a host, for the order istiod gives the routes. */
struct ist_seen {
	const struct ingress *ing;
	const char *service;
	int port;
	const struct doc_node *node;
	const char *raw;		/* the path as written */
};

/* The path istiod puts first for one match of a host. */
struct ist_win {
	const struct ingress *ing;
	const struct ing_path *path;
};

struct conv_istio {
	bool hosts;		/* an Istio Ingress names a host */
	struct strmap win;	/* "host\ttype\tvalue" -> ist_win */
	struct strmap seen;	/* "host\ttype\tvalue" -> ist_seen */
};

/*
 * istiod's order of the rules of a host (sortRulesByCreationTimestamp):
 * older first, then Ingress name, then namespace. An Ingress without
 * creationTimestamp is not created yet: the newest.
 */
static int
ist_order(const void *pa, const void *pb)
{
	const struct ingress *a = *(const struct ingress *const *)pa;
	const struct ingress *b = *(const struct ingress *const *)pb;
	int r;

	if (!a->creation_timestamp != !b->creation_timestamp)
		return a->creation_timestamp ? -1 : 1;
	if (a->creation_timestamp &&
	    (r = strcmp(a->creation_timestamp, b->creation_timestamp)))
		return r;
	if ((r = strcmp(a->name ? a->name : "", b->name ? b->name : "")))
		return r;
	if ((r = strcmp(a->ns, b->ns)))
		return r;
	return a < b ? -1 : a > b;
}

static bool
ist_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_istio_serves(c->w, ing, false);
}

static bool
mine(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_istio;
}

/* istiod's createFallbackStringMatch: NULL type for no match at all. */
static void
fallback(const char *path, const char **type, const char **value,
	struct arena *a)
{
	size_t n = strlen(path);

	*type = NULL;
	*value = NULL;
	if (!*path || !strcmp(path, "*") || !strcmp(path, "/*") ||
	    !strcmp(path, ".*"))
		return;
	if (n >= 2 && (!strcmp(path + n - 2, ".*") ||
	    !strcmp(path + n - 2, "/*"))) {
		*type = "PathPrefix";
		*value = arena_strndup(a, path, n - 2);
		return;
	}
	*type = "Exact";
	*value = path;
}

/* The key of a path's match: its type and value as the output has them,
 * "catch-all" for a fallback without match. */
static const char *
match_key(struct conv *c, const char *host, const struct ing_path *p)
{
	const char *type, *value;

	if (p->type == ING_PATH_EXACT) {
		type = "Exact";
		value = p->path;
	} else if (p->type == ING_PATH_PREFIX) {
		type = "PathPrefix";
		value = p->path;
	} else {
		fallback(p->path_given ? p->path : "", &type, &value, c->a);
		if (!type) {
			type = "catch-all";
			value = "/";
		}
	}
	return arena_printf(c->a, "%s\t%s\t%s", host ? host : "*", type,
		value);
}

static void
ist_begin(struct conv *c, const struct ingress **order, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];

		if (!ing || !mine(c, ing))
			continue;
		if (!c->istio)
			c->istio = xcalloc(1, sizeof(*c->istio));
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *rule = &ing->rules[r];

			c->istio->hosts |= rule->host != NULL;
			for (size_t j = 0; j < rule->npaths; j++) {
				const char *k = match_key(c, rule->host,
					&rule->paths[j]);
				struct ist_win *w = strmap_get(&c->istio->win,
					k);

				if (w && (w->ing == ing ||
				    ist_order(&w->ing, &ing) < 0))
					continue;
				if (!w) {
					w = arena_alloc(c->a, sizeof(*w));
					strmap_put(&c->istio->win, k, w);
				}
				w->ing = ing;
				w->path = &rule->paths[j];
			}
		}
	}
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


/*
 * istiod sorts the routes of a host by the length of the path as written,
 * Exact first only at equal length, and its prefixes are element-wise
 * without their last '/': Prefix '/a/' (length 3) comes before Exact '/a'
 * and Prefix '/a' (length 2) and takes their requests. Gateway API puts
 * Exact first and ranks '/a/' and '/a' alike.
 */
static void
route_order(struct conv *c, const struct ingress *ing, const char *host,
	const struct match *m, const char *raw, const char *svc, int port)
{
	const char *h = host ? host : "*";
	size_t n = strlen(m->value);
	struct ist_seen *me = arena_alloc(c->a, sizeof(*me));
	const char *keys[2] = { NULL, NULL };

	me->ing = ing;
	me->service = svc;
	me->port = port;
	me->node = m->node;
	me->raw = raw;
	strmap_put(&c->istio->seen, arena_printf(c->a, "%s\t%s\t%s", h,
		m->type, m->value), me);
	if (!strcmp(m->type, "PathPrefix") && n > 1 &&
	    m->value[n - 1] == '/') {
		char *bare = arena_strndup(c->a, m->value, n - 1);

		keys[0] = arena_printf(c->a, "%s\tExact\t%s", h, bare);
		keys[1] = arena_printf(c->a, "%s\tPathPrefix\t%s", h, bare);
	} else if (n > 1 && m->value[n - 1] != '/') {
		keys[0] = arena_printf(c->a, "%s\tPathPrefix\t%s/", h,
			m->value);
	}
	for (size_t i = 0; i < 2; i++) {
		const struct ist_seen *o = keys[i] ?
			strmap_get(&c->istio->seen, keys[i]) : NULL;
		const struct ist_seen *slash, *other;

		if (!o || (!strcmp(o->service, svc) && o->port == port))
			continue;
		slash = strlen(o->raw) > strlen(raw) ? o : me;
		other = slash == me ? o : me;
		diag_add(c->sink, DIAG_WARNING, "convert/istio-route-order",
			conv_pos(c, slash->node), "Ingress '%s/%s': Prefix "
			"path '%s' of host '%s' is longer as written than "
			"path '%s', so istiod puts it first and it takes that "
			"path's requests too (Service '%s:%d' rather than '%s:%d'); "
			"Gateway API ranks Exact first and ignores a last '/' "
			"of a prefix, so '%s' keeps them: remove one of the two "
			"if they must go to one Service", slash->ing->ns,
			slash->ing->name, slash->raw, h, other->raw,
			slash->service, slash->port, other->service,
			other->port, other->raw);
		diag_add_note(c->sink, conv_pos(c, other->node),
			"the other path");
	}
}

static void
lower_path(struct conv *c, const struct ingress *ing,
	const struct ing_rule *rule, const struct ing_path *p, struct route *r)
{
	const struct doc_node *where = p->path_node ? p->path_node : p->node;
	struct match m = { .node = where, .value = p->path };
	const char *why;
	struct strbuf sb = STRBUF_INIT;
	bool ok;
	int port = 0;

	if (p->type == ING_PATH_EXACT) {
		m.type = "Exact";
	} else if (p->type == ING_PATH_PREFIX) {
		m.type = "PathPrefix";
	} else {
		fallback(p->path_given ? p->path : "", &m.type, &m.value,
			c->a);
		if (!m.type) {
			m.type = "PathPrefix";
			m.value = "/";
			diag_add(c->sink, DIAG_INFO, "convert/istio-path",
				conv_pos(c, where), "Ingress '%s/%s': path "
				"'%s' (ImplementationSpecific) has no match in "
				"Istio: it catches every path of the host, "
				"after all the others (even Prefix '/'); it "
				"becomes PathPrefix '/'", ing->ns, ing->name,
				p->path_given ? p->path : "");
			m.src = p->path;
		} else {
			diag_add(c->sink, !strcmp(m.type, "Exact") ?
				DIAG_WARNING : DIAG_INFO, "convert/istio-path",
				conv_pos(c, where), "Ingress '%s/%s': path '%s' "
				"is ImplementationSpecific: %s", ing->ns,
				ing->name, p->path, !strcmp(m.type, "Exact") ?
				"Istio matches it exactly (only a path ending "
				"in '/*' or '.*' is a prefix), so it becomes an "
				"Exact match, not a prefix: set pathType Exact "
				"to say so, or Prefix if a prefix was meant" :
				arena_printf(c->a, "Istio drops its last two "
				"characters and matches the rest as an "
				"element-wise prefix, so it becomes PathPrefix "
				"'%s'", m.value));
			if (strcmp(m.value, p->path))
				m.src = p->path;
		}
	}
	if ((why = gwcheck_path(m.type, m.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, where), "Ingress '%s/%s': path '%s' is not "
			"a valid Gateway API %s value '%s' (%s); it is left "
			"out", ing->ns, ing->name, p->path, m.type, m.value,
			why);
		return;
	}
	strbuf_addf(&sb, "the backend of path '%s'", p->path);
	ok = conv_usable_backend(c, ing, &p->backend, sb.buf, &port);
	strbuf_release(&sb);
	if (!ok)
		return;
	if (conv_route_has_match(r, m.type, m.value,
	    &(const struct doc_node *){ NULL })) {
		const struct ist_seen *o = strmap_get(&c->istio->seen,
			arena_printf(c->a, "%s\t%s\t%s", rule->host ?
			rule->host : "*", m.type, m.value));

		if (o && !m.src != !(strcmp(o->raw, "/") || !*o->raw)) {
			/* a catch-all and a Prefix '/': istiod sorts the
			 * catch-all (no match, length 0) last */
			diag_add(c->sink, DIAG_WARNING,
				"convert/istio-route-order", conv_pos(c, where),
				"Ingress '%s/%s': %s for host '%s' %s; istiod "
				"puts the Prefix path '/' first and sends it "
				"every request, the Gateway keeps the first "
				"one: this one is left out", ing->ns, ing->name,
				m.src ? "this catch-all path" : "Prefix path '/'",
				rule->host ? rule->host : "*", m.src ? "comes "
				"after a Prefix path '/'" : "comes after a "
				"catch-all path");
			diag_add_note(c->sink, conv_pos(c, o->node),
				"the other path");
			return;
		}
		diag_add(c->sink, DIAG_WARNING, "convert/duplicate-path",
			conv_pos(c, where), "Ingress '%s/%s': %s path '%s' "
			"appears twice for host '%s'; Istio takes the first "
			"one, so does the Gateway: this one is left out",
			ing->ns, ing->name, m.type, m.value,
			rule->host ? rule->host : "*");
		return;
	}
	{
		/* another Ingress's path comes first in the merged
		 * VirtualService (older, or by name) */
		const struct ist_win *w = strmap_get(&c->istio->win,
			match_key(c, rule->host, p));
		const struct ing_backend *wb = w ? &w->path->backend : NULL;

		if (w && w->ing != ing) {
			if (!wb->service || !p->backend.service ||
			    strcmp(wb->service, p->backend.service) ||
			    wb->port != p->backend.port ||
			    !wb->port_name != !p->backend.port_name ||
			    (wb->port_name && strcmp(wb->port_name,
			    p->backend.port_name))) {
				diag_add(c->sink, DIAG_WARNING,
					"convert/duplicate-path", conv_pos(c,
					where), "Ingress '%s/%s': %s path '%s' "
					"of host '%s' is also routed by Ingress "
					"'%s/%s' to Service '%s'; istiod merges "
					"the host's rules into one VirtualService, "
					"older Ingresses first (then by name), so "
					"that one answers: this path is left out",
					ing->ns, ing->name, m.type, m.value,
					rule->host ? rule->host : "*", w->ing->ns,
					w->ing->name, wb->service ? wb->service :
					"?");
				diag_add_note(c->sink, conv_pos(c,
					w->path->path_node ? w->path->path_node :
					w->path->node), "the one istiod puts "
					"first");
			}
			return;
		}
	}
	route_order(c, ing, rule->host, &m, p->path, p->backend.service ?
		p->backend.service : "", port);
	(void)conv_route_add_backend(c, r, &m, &p->backend, port, NULL);
}

/* istiod reads credentialName from its ingress gateway's namespace. */
static void
tls_secrets(struct conv *c, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];

		if (!t->secret || !strcmp(ing->ns, PROV_ISTIO_GATEWAY_NS))
			continue;
		diag_add(c->sink, DIAG_WARNING, "convert/istio-tls-secret",
			conv_pos(c, t->node), "Ingress '%s/%s': Istio reads "
			"the Secret '%s' of spec.tls[%zu] from the namespace of "
			"its ingress gateway ('%s'), not from the Ingress's "
			"namespace '%s'%s; the listener refers to '%s/%s' (with "
			"a ReferenceGrant when the Gateway lives elsewhere): "
			"make sure that Secret exists and holds the same "
			"certificate", ing->ns, ing->name, t->secret, i,
			PROV_ISTIO_GATEWAY_NS, ing->ns,
			ing_world_has_secret(c->w, PROV_ISTIO_GATEWAY_NS,
			t->secret) && !ing_world_has_secret(c->w, ing->ns,
			t->secret) ? " (the input has it there, and not in "
			"the Ingress's namespace)" : "", ing->ns, t->secret);
	}
}

static void
ist_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	if (!c->istio)
		c->istio = xcalloc(1, sizeof(*c->istio));
	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);

		if (doc_str(k) && !bookkeeping(doc_str(k)))
			conv_report_annotation(c, ing, k);
	}
	tls_secrets(c, ing);
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		struct route *r;

		if (!rule->npaths || !host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		r = conv_route_for(c, gw, ing, rule->host);
		if (!rule->host && c->istio->hosts)
			diag_add(c->sink, DIAG_WARNING,
				"convert/istio-host-fallback", conv_pos(c,
				rule->node), "Ingress '%s/%s': Istio serves "
				"this rule without host only to hosts that no "
				"rule names (the '*' VirtualService: Envoy picks "
				"the virtual host first, and a named host "
				"without a matching path answers 404); on the "
				"Gateway the route without hostname also serves "
				"the unmatched paths of the named hosts",
				ing->ns, ing->name);
		for (size_t j = 0; j < rule->npaths; j++)
			lower_path(c, ing, rule, &rule->paths[j], r);
	}
	if (ing->has_default_backend)
		diag_add(c->sink, DIAG_WARNING, "convert/istio-default-backend",
			conv_pos(c, ing->default_backend.node), "Ingress "
			"'%s/%s': Istio ignores spec.defaultBackend (\"Ignore "
			"default wildcard ingress\"): no request reaches it "
			"today, so it is not converted", ing->ns, ing->name);
}

static void
ist_release(struct conv *c)
{
	if (!c->istio)
		return;
	strmap_release(&c->istio->seen);
	strmap_release(&c->istio->win);
	free(c->istio);
	c->istio = NULL;
}

const struct conv_provider conv_provider_istio = {
	.name = "istio",
	.summary = "Istio's Ingress support (istiod): Gateway and "
		"VirtualServices from the Ingress specification, no "
		"annotations",
	.serves = ist_serves,
	.begin = ist_begin,
	.lower = ist_lower,
	.release = ist_release,
	.shares_lowering = true,
};
