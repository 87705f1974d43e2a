#include "compat.h"
#include "convert/conv_int.h"

#include <string.h>

#include "convert/gwcheck.h"
#include "strbuf.h"

/*
 * The Ingress specification alone (--provider none): hosts, paths by
 * type, backends and the default backend, with no controller's
 * annotations. Every annotation is named as not converted.
 */

static void
route_add(struct conv *c, struct route *r, const char *type,
	const char *value, const struct doc_node *node,
	const struct ing_backend *b, int port)
{
	struct match m = { .type = type, .value = value, .node = node };

	(void)conv_route_add_backend(c, r, &m, b, port, NULL);
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
			"convert/implementation-specific", conv_pos(c, where),
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
			conv_pos(c, where),
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
			conv_pos(c, where),
			"Ingress '%s/%s': %s path '%s' appears twice for host "
			"'%s'; the first one wins, this one is left out",
			ing->ns, ing->name, type, p->path,
			r->host ? r->host : "*");
		diag_add_note(c->sink, conv_pos(c, first), "the first one is here");
		return;
	}
	route_add(c, r, type, p->path, where, &p->backend, port);
}

/*
 * spec.defaultBackend: what this Ingress's hosts serve when none of its
 * paths matches (every host, when the Ingress has no rules).
 */
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

		route_add(c, r, "PathPrefix", "/", b->node, b, port);
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
		route_add(c, r, "PathPrefix", "/", b->node, b, port);
		any_host |= r->host != NULL;
	}
	if (any_host)
		diag_add(c->sink, DIAG_INFO, "convert/default-backend-scope",
			conv_pos(c, b->node),
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

/* Annotations that carry no behaviour of their own. */
static bool
annotation_is_bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key,
		"kubectl.kubernetes.io/last-applied-configuration");
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

static void
spec_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	report_annotations(c, ing);
	convert_rules(c, gw, ing);
}

const struct conv_provider conv_provider_spec = {
	.name = "spec",
	.summary = "the Ingress specification only; every annotation is "
		"reported as not converted",
	.order = conv_cmp_age,
	/* the Ingress spec: a resource backend is the controller's to
	 * resolve; an InferencePool becomes a backendRef to it */
	.resource_backends = true,
	.lower = spec_lower,
	.shares_lowering = true,	/* asks the target nothing */
};
