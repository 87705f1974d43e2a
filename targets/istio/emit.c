#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

/* At the annotation that asked for feature f; an access check it cannot
 * make fails closed (convert/feature_say.c). */
#define istio_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/istio", sev, f, __VA_ARGS__)
#define istio_fail_closed conv_feature_fail_closed

/*
 * The Istio target: the IR features it claims as Istio 1.30 objects
 * beside the Gateway API ones. AuthorizationPolicy (security.istio.io/v1)
 * for client address lists and external auth, attached to the Gateway
 * with targetRefs (kind Gateway, same namespace: the policy then applies
 * to the Gateway's generated deployment) and scoped to the Ingress's
 * hosts and paths, because it covers the whole Gateway. DestinationRule
 * (networking.istio.io/v1) per Gateway and backend Service for load
 * balancing, affinity and the connect timeout, in the Gateway's
 * namespace with a workloadSelector on its pods, so that the rest of the
 * mesh keeps its own rules. The idle timeout becomes the rules'
 * timeouts.backendRequest. Every field written exists in the 1.30.3 CRDs
 * (tests/crds/istio-1.30.3). Basic auth, rate limits, body size and the
 * rest are not claimed: the provider says so at the annotation, and
 * fails closed on access checks; never an EnvoyFilter.
 */

#define SEC_API "security.istio.io/v1"
#define NET_API "networking.istio.io/v1"
#define GW_GROUP "gateway.networking.k8s.io"
/* the label of the pods of a Gateway's generated deployment */
#define GW_POD_LABEL "gateway.networking.k8s.io/gateway-name"

static const enum ir_feature_kind istio_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_LOAD_BALANCING, IR_FEAT_IP_ACCESS,
	IR_FEAT_EXT_AUTH,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { ISTIO_AUTHZ, ISTIO_DR };
static const struct conv_target_object istio_objects[] = {
	[ISTIO_AUTHZ] = { "AuthorizationPolicy", SEC_API },
	[ISTIO_DR] = { "DestinationRule", NET_API },
};

static const struct conv_target_row istio_rows[] = {
	{ IR_FEAT_TIMEOUTS, &istio_objects[ISTIO_DR], "trafficPolicy."
	  "connectionPool.tcp.connectTimeout" },
	{ IR_FEAT_TIMEOUTS, NULL, "the idle timeout: HTTPRoute rule "
	  "timeouts.backendRequest" },
	{ IR_FEAT_LOAD_BALANCING, &istio_objects[ISTIO_DR], "trafficPolicy."
	  "loadBalancer" },
	{ IR_FEAT_IP_ACCESS, &istio_objects[ISTIO_AUTHZ], "rules[].from."
	  "source.remoteIpBlocks (notRemoteIpBlocks)" },
	{ IR_FEAT_EXT_AUTH, &istio_objects[ISTIO_AUTHZ], "action CUSTOM, "
	  "provider (an extensionProvider of the mesh config)" },
};

/* One DestinationRule: a Service as one Gateway reaches it. */
struct istio_dr {
	struct doc_node *obj, *tp;	/* the object, its trafficPolicy */
	const struct ir_feature *lb;	/* who set loadBalancer */
	const struct ir_feature *conn;	/* who set the connect timeout */
};

struct istio {
	struct conv *c;
	struct strmap names;		/* "kind ns name" taken */
	struct strmap drs;		/* "gw-ns gw ns/svc" -> istio_dr */
	struct istio_dr **drv;		/* to free */
	size_t ndrv;
};

/* An object of kind, named after want (made unique per kind and ns),
 * from Ingress ing. */
static struct doc_node *
istio_object(struct istio *st, int which, const char *want, const char *ns,
	const struct ingress *ing)
{
	const char *kind = istio_objects[which].kind;
	struct conv *c = st->c;
	const char *name = names_sanitize(c->a, want);
	const char *key;

	for (unsigned n = 2;; n++) {
		key = arena_printf(c->a, "%s %s %s", kind, ns, name);
		if (!strmap_get(&st->names, key))
			break;
		name = names_sanitize(c->a, arena_printf(c->a, "%s-%u", want,
			n));
	}
	strmap_put(&st->names, key, st);
	return conv_target_object_new(c, &istio_objects[which], name, ns, ing);
}

static const char *
obj_name(const struct doc_node *o)
{
	return doc_str(doc_get(doc_get(o, "metadata"), "name"));
}

static const char *
secs(struct conv *c, long long s)
{
	return arena_printf(c->a, "%llds", s);
}

/* ---- AuthorizationPolicy ------------------------------------------------- */

static bool
checked_route(const struct route *r, const struct ingress *ing)
{
	if (r->ing != ing || !r->nrules)
		return false;
	return !r->kind || !strcmp(r->kind, "HTTPRoute") ||
		!strcmp(r->kind, "GRPCRoute");
}

static void
add_unique(struct conv *c, struct doc_node *seq, const char *v)
{
	for (size_t i = 0; i < doc_len(seq); i++)
		if (!strcmp(doc_str(doc_item(seq, i)), v))
			return;
	doc_seq_add_str(c->a, seq, v);
}

/*
 * The paths of match m as AuthorizationPolicy paths (exact, or prefix
 * with a trailing '*'); false when any path may match (PathPrefix '/'),
 * or when they cannot be said (a regex: case-insensitive in nginx's
 * regex mode, which the policy's case-sensitive paths would let
 * through): then the check covers every path.
 */
static bool
match_paths(struct conv *c, struct doc_node *paths, const struct match *m,
	bool *regex)
{
	size_t n;

	if (m->grpc_service) {
		add_unique(c, paths, m->grpc_method ? arena_printf(c->a,
			"/%s/%s", m->grpc_service, m->grpc_method) :
			arena_printf(c->a, "/%s/*", m->grpc_service));
		return true;
	}
	if (!m->type || !m->value)
		return false;
	if (!strcmp(m->type, "Exact")) {
		add_unique(c, paths, m->value);
		return true;
	}
	if (strcmp(m->type, "PathPrefix")) {
		*regex = true;
		return false;
	}
	n = strlen(m->value);
	if (!n || !strcmp(m->value, "/"))
		return false;
	/* a prefix matches whole path elements */
	if (m->value[n - 1] == '/') {
		add_unique(c, paths, arena_printf(c->a, "%s*", m->value));
	} else {
		add_unique(c, paths, m->value);
		add_unique(c, paths, arena_printf(c->a, "%s/*", m->value));
	}
	return true;
}

/*
 * The requests of ing's routes on the Gateways of namespace ns, as an
 * AuthorizationPolicy rule's `to` (NULL: every request of the Gateway);
 * *wide says the paths could not be narrowed.
 */
static struct doc_node *
scope(struct conv *c, const struct ingress *ing, const char *ns, bool *wide)
{
	struct route *const *rs;
	size_t nrs;
	struct doc_node *hosts = doc_new_seq(c->a), *paths = doc_new_seq(c->a);
	struct doc_node *to, *op;
	bool any_host = false, any_path = false, regex = false;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (!checked_route(r, ing) || strcmp(r->gw->ns, ns))
			continue;
		if (r->host)
			add_unique(c, hosts, r->host);
		else
			any_host = true;
		for (size_t k = 0; k < r->nrules; k++) {
			const struct rule *ru = &r->rules[k];

			if (!ru->nmatches)
				any_path = true;
			for (size_t j = 0; j < ru->nmatches; j++)
				if (!match_paths(c, paths, &ru->matches[j],
				    &regex))
					any_path = true;
		}
	}
	*wide = regex;
	if ((any_host || !doc_len(hosts)) && (any_path || !doc_len(paths)))
		return NULL;
	to = doc_new_seq(c->a);
	op = doc_map_add_map(c->a, doc_seq_add_map(c->a, to), "operation");
	if (!any_host && doc_len(hosts))
		doc_map_add(c->a, op, "hosts", hosts);
	if (!any_path && doc_len(paths))
		doc_map_add(c->a, op, "paths", paths);
	return to;
}

/* An AuthorizationPolicy on the Gateways of ns that ing's routes use. */
static struct doc_node *
policy(struct istio *st, const struct ingress *ing, const char *ns,
	const char *suffix, const char *action)
{
	struct route *const *rs;
	size_t nrs;
	struct conv *c = st->c;
	struct doc_node *o = istio_object(st, ISTIO_AUTHZ,
		arena_printf(c->a, "%s-%s-%s", ing->ns, ing->name, suffix),
		ns, ing);
	struct doc_node *spec = doc_map_add_map(c->a, o, "spec");
	struct doc_node *refs = doc_map_add_seq(c->a, spec, "targetRefs");

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];
		struct doc_node *ref;
		bool seen = false;

		if (!checked_route(r, ing) || strcmp(r->gw->ns, ns))
			continue;
		for (size_t k = 0; k < doc_len(refs); k++)
			if (!strcmp(doc_str(doc_get(doc_item(refs, k),
			    "name")), r->gw->name))
				seen = true;
		if (seen)
			continue;
		ref = doc_seq_add_map(c->a, refs);
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", "Gateway");
		doc_map_add_str(c->a, ref, "name", r->gw->name);
	}
	doc_map_add_str(c->a, spec, "action", action);
	return o;
}

/* The Gateway namespaces of ing's routes, in route order. */
static size_t
gateway_namespaces(struct conv *c, const struct ingress *ing,
	const char **out, size_t max)
{
	struct route *const *rs;
	size_t nrs;
	size_t n = 0;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];
		size_t k;

		if (!checked_route(r, ing))
			continue;
		for (k = 0; k < n && strcmp(out[k], r->gw->ns); k++)
			;
		if (k == n && n < max)
			out[n++] = r->gw->ns;
	}
	return n;
}

static const char *
wide_text(bool wide)
{
	return wide ? "; the routes match by regular expression, which "
		"the policy's paths cannot say, so it covers every path of "
		"their hosts on the Gateway, those of other Ingresses too" :
		"";
}

static void
ip_access(struct istio *st, const struct ir_feature *f)
{
	struct conv *c = st->c;
	const struct ir_strings *al = &f->u.ip.allow, *dl = &f->u.ip.deny;
	const char *nss[8];
	size_t nns = gateway_namespaces(c, f->ing, nss, ARRAY_LEN(nss));

	for (size_t g = 0; g < nns; g++) {
		struct doc_node *o = policy(st, f->ing, nss[g], "ip-access",
			"DENY");
		struct doc_node *rules = doc_map_add_seq(c->a,
			(struct doc_node *)doc_get(o, "spec"), "rules");
		bool wide = false;

		/* nginx: the deny lines, then allow ...; deny all. So a
		 * request is refused from a denied address, or from one
		 * outside a non-empty allow list. */
		for (int pass = 0; pass < 2; pass++) {
			const struct ir_strings *l = pass ? al : dl;
			struct doc_node *r, *src, *blocks, *to;

			if (!l->len)
				continue;
			r = doc_seq_add_map(c->a, rules);
			src = doc_map_add_map(c->a, doc_seq_add_map(c->a,
				doc_map_add_seq(c->a, r, "from")), "source");
			blocks = doc_map_add_seq(c->a, src, pass ?
				"notRemoteIpBlocks" : "remoteIpBlocks");
			for (size_t i = 0; i < l->len; i++)
				doc_seq_add_str(c->a, blocks, l->v[i]);
			if ((to = scope(c, f->ing, nss[g], &wide)))
				doc_map_add(c->a, r, "to", to);
		}
		PUSH(c->target_objs, c->ntarget_objs, o);
		istio_diag(c, DIAG_INFO, f, "converted to the "
			"AuthorizationPolicy '%s/%s' (action DENY by "
			"remoteIpBlocks, 403 as in nginx) on the Gateway, "
			"scoped to the Ingress's hosts and paths: a request "
			"for them is checked even where another Ingress's "
			"route serves it; the client address is the "
			"connection's unless meshConfig "
			"gatewayTopology.numTrustedProxies trusts "
			"X-Forwarded-For, as nginx's use-forwarded-headers "
			"did%s", nss[g], obj_name(o), wide_text(wide));
	}
}

static void
ext_auth(struct istio *st, const struct ir_feature *f)
{
	struct conv *c = st->c;
	const char *svc, *ns, *path, *prov, *host, *nss[8];
	struct strbuf hdrs = STRBUF_INIT;
	int port;
	bool https;
	size_t nns;

	if (!conv_auth_service(c, f->u.ext.url, f->ing->ns, &ns, &svc, &port,
	    &path, &https)) {
		istio_fail_closed(c, f, arena_printf(c->a, "'%s' is not a "
			"Service of the cluster; an Istio extension provider "
			"for it needs a ServiceEntry: add one, a meshConfig "
			"extensionProviders entry and an AuthorizationPolicy "
			"with action CUSTOM by hand", f->u.ext.url));
		return;
	}
	host = arena_printf(c->a, "%s.%s.svc.cluster.local", svc, ns);
	prov = names_sanitize(c->a, arena_printf(c->a, "ext-authz-%s-%s-%d%s",
		svc, ns, port, strcmp(path, "/") ? path : ""));
	for (size_t i = 0; i < f->u.ext.response_headers.len; i++)
		strbuf_addf(&hdrs, "%s%s", i ? ", " : "",
			f->u.ext.response_headers.v[i]);
	nns = gateway_namespaces(c, f->ing, nss, ARRAY_LEN(nss));
	for (size_t g = 0; g < nns; g++) {
		struct doc_node *o = policy(st, f->ing, nss[g], "ext-authz",
			"CUSTOM");
		struct doc_node *spec = (struct doc_node *)doc_get(o, "spec");
		struct doc_node *r, *to;
		bool wide = false;

		doc_map_add_str(c->a, doc_map_add_map(c->a, spec, "provider"),
			"name", prov);
		r = doc_seq_add_map(c->a, doc_map_add_seq(c->a, spec,
			"rules"));
		if ((to = scope(c, f->ing, nss[g], &wide)))
			doc_map_add(c->a, r, "to", to);
		PUSH(c->target_objs, c->ntarget_objs, o);
		istio_diag(c, DIAG_WARNING, f, "converted to the "
			"AuthorizationPolicy '%s/%s' (action CUSTOM, provider "
			"'%s') on the Gateway, scoped to the Ingress's hosts "
			"and paths; the provider is Istio's meshConfig, which "
			"ing2gw does not write: until it is defined, Istio "
			"refuses these requests (403). Envoy sends the request "
			"path after the pathPrefix (the auth service sees "
			"'%s<path>' where nginx asked for '%s'), only the "
			"headers listed in includeRequestHeadersInCheck "
			"(nginx sent them all) and not X-Original-URI or "
			"X-Original-Method, and returns any denial as is "
			"where nginx answered 500 for codes other than 401 "
			"and 403%s%s", nss[g], obj_name(o), prov,
			strcmp(path, "/") ? path : "", path, https ? "; the "
			"auth service speaks TLS: Istio reaches it as the "
			"mesh does (a DestinationRule with tls.mode SIMPLE "
			"for it)" : "", wide_text(wide));
		diag_add_note(c->sink, conv_pos(c, f->node), "define it in "
			"the mesh config (istiod's ConfigMap 'istio', key "
			"mesh): extensionProviders: [{name: %s, "
			"envoyExtAuthzHttp: {service: %s, port: %d%s%s, "
			"includeRequestHeadersInCheck: [authorization, "
			"cookie]%s%s%s}}]", prov, host, port,
			strcmp(path, "/") ? ", pathPrefix: " : "",
			strcmp(path, "/") ? path : "", hdrs.len ?
			", headersToUpstreamOnAllow: [" : "", hdrs.len ?
			hdrs.buf : "", hdrs.len ? "]" : "");
	}
	strbuf_release(&hdrs);
}

/* ---- DestinationRule ----------------------------------------------------- */

/* The DestinationRule of Service ns/svc behind Gateway gw, made once. */
static struct istio_dr *
dest_rule(struct istio *st, const struct gateway *gw,
	const struct ingress *ing, const char *svc)
{
	struct conv *c = st->c;
	const char *ns = ing->ns;
	const char *key = arena_printf(c->a, "%s %s %s/%s", gw->ns, gw->name,
		ns, svc);
	struct istio_dr *d = strmap_get(&st->drs, key);
	struct doc_node *spec, *sel;

	if (d)
		return d;
	d = xcalloc(1, sizeof(*d));
	PUSH(st->drv, st->ndrv, d);
	strmap_put(&st->drs, key, d);
	d->obj = istio_object(st, ISTIO_DR, arena_printf(c->a, "%s-%s-%s",
		gw->name, ns, svc), gw->ns, ing);
	spec = doc_map_add_map(c->a, d->obj, "spec");
	doc_map_add_str(c->a, spec, "host", arena_printf(c->a,
		"%s.%s.svc.cluster.local", svc, ns));
	/* the Gateway's pods only: the mesh keeps its own rules */
	sel = doc_map_add_map(c->a, doc_map_add_map(c->a, spec,
		"workloadSelector"), "matchLabels");
	doc_map_add_str(c->a, sel, GW_POD_LABEL, gw->name);
	doc_seq_add_str(c->a, doc_map_add_seq(c->a, spec, "exportTo"), ".");
	d->tp = doc_map_add_map(c->a, spec, "trafficPolicy");
	PUSH(c->target_objs, c->ntarget_objs, d->obj);
	return d;
}

static bool
same_lb(const struct ir_feature *a, const struct ir_feature *b)
{
	return a->u.lb.kind == b->u.lb.kind && a->u.lb.ttl == b->u.lb.ttl &&
		!strcmp(a->u.lb.name ? a->u.lb.name : "",
		b->u.lb.name ? b->u.lb.name : "");
}

/* The loadBalancer of f into tp (not IR_LB_OTHER). */
static void
write_lb(struct conv *c, const struct ir_feature *f, struct doc_node *tp)
{
	struct doc_node *lb = doc_new_map(c->a), *ch, *ck;

	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN:
		doc_map_add_str(c->a, lb, "simple", "ROUND_ROBIN");
		break;
	case IR_LB_LEAST_REQUEST:
		doc_map_add_str(c->a, lb, "simple", "LEAST_REQUEST");
		break;
	case IR_LB_HASH_SOURCE_IP:
	case IR_LB_HASH_OTHER:
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		doc_map_add(c->a, ch, "useSourceIp", doc_new_bool(c->a, true));
		break;
	case IR_LB_HASH_HEADER:
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		doc_map_add_str(c->a, ch, "httpHeaderName", f->u.lb.name);
		break;
	case IR_LB_HASH_COOKIE:
	case IR_LB_COOKIE_AFFINITY:
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		ck = doc_map_add_map(c->a, ch, "httpCookie");
		doc_map_add_str(c->a, ck, "name", f->u.lb.name);
		/* with a ttl (0s: a session cookie) Envoy sets it */
		if (f->u.lb.kind == IR_LB_COOKIE_AFFINITY) {
			doc_map_add_str(c->a, ck, "path", "/");
			doc_map_add_str(c->a, ck, "ttl", secs(c, f->u.lb.ttl));
		}
		break;
	case IR_LB_OTHER:
		return;
	}
	doc_map_add(c->a, tp, "loadBalancer", lb);
}

static void
lb_said(struct conv *c, const struct ir_feature *f, const char *where)
{
	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN:
	case IR_LB_LEAST_REQUEST:
		istio_diag(c, DIAG_INFO, f, "converted to loadBalancer.simple "
			"%s of %s%s", f->u.lb.kind == IR_LB_ROUND_ROBIN ?
			"ROUND_ROBIN" : "LEAST_REQUEST", where,
			f->u.lb.kind == IR_LB_LEAST_REQUEST ? " (nginx's ewma "
			"chose by latency, least request is the nearest)" : "");
		break;
	case IR_LB_HASH_SOURCE_IP:
	case IR_LB_HASH_HEADER:
		istio_diag(c, DIAG_INFO, f, "converted to a consistent hash "
			"on the %s%s%s of %s (Envoy's ring hash, not nginx's)",
			f->u.lb.kind == IR_LB_HASH_HEADER ? "header '" :
			"client address", f->u.lb.kind == IR_LB_HASH_HEADER ?
			f->u.lb.name : "", f->u.lb.kind == IR_LB_HASH_HEADER ?
			"'" : "", where);
		break;
	case IR_LB_HASH_OTHER:
		istio_diag(c, DIAG_WARNING, f, "'%s' is not a client "
			"address, a header or a cookie; Istio's consistent "
			"hash takes only those, so the source address is "
			"hashed instead, in %s", f->u.lb.expr, where);
		break;
	case IR_LB_HASH_COOKIE:
		istio_diag(c, DIAG_INFO, f, "converted to a consistent hash "
			"on the cookie '%s' of %s; requests without it are "
			"balanced as usual, where nginx hashed them all alike",
			f->u.lb.name, where);
		break;
	case IR_LB_COOKIE_AFFINITY:
		istio_diag(c, DIAG_WARNING, f, "converted to a consistent "
			"hash on the cookie '%s' (path '/'%s) of %s, which "
			"Envoy sets when missing: a change in the endpoints "
			"moves some clients, where nginx kept them on their "
			"endpoint", f->u.lb.name, f->u.lb.ttl > 0 ? "" :
			", a session cookie", where);
		break;
	case IR_LB_OTHER:
		break;
	}
}

/* Each Service ing's rules reach, with its Gateway: fn(d, ...). */
static void
each_service(struct istio *st, const struct ir_feature *f,
	bool (*fn)(struct istio *, const struct ir_feature *,
	struct istio_dr *))
{
	struct route *const *rs;
	size_t nrs;
	struct conv *c = st->c;
	struct strmap seen = STRMAP_INIT;

	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (r->ing != f->ing)
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			const struct rule *ru = &r->rules[k];
			const char *key;

			if (!ru->service || ru->backend_kind)
				continue;
			key = arena_printf(c->a, "%s %s %s", r->gw->ns,
				r->gw->name, ru->service);
			if (strmap_get(&seen, key))
				continue;
			strmap_put(&seen, key, st);
			if (!fn(st, f, dest_rule(st, r->gw, f->ing,
			    ru->service)))
				break;
		}
	}
	strmap_release(&seen);
}

static const char *
dr_where(struct istio *st, const struct istio_dr *d)
{
	return arena_printf(st->c->a, "the DestinationRule '%s/%s'",
		doc_str(doc_get(doc_get(d->obj, "metadata"), "namespace")),
		obj_name(d->obj));
}

static bool
dr_lb(struct istio *st, const struct ir_feature *f, struct istio_dr *d)
{
	struct conv *c = st->c;

	if (d->lb) {
		if (!same_lb(d->lb, f))
			istio_diag(c, DIAG_WARNING, f, "not applied to %s: "
				"Ingress '%s/%s' set another method for this "
				"Service on this Gateway, and Istio has one "
				"per Service and Gateway", dr_where(st, d),
				d->lb->ing->ns, d->lb->ing->name);
		return true;
	}
	write_lb(c, f, d->tp);
	d->lb = f;
	lb_said(c, f, dr_where(st, d));
	return true;
}

static bool
dr_connect(struct istio *st, const struct ir_feature *f, struct istio_dr *d)
{
	struct conv *c = st->c;

	if (d->conn) {
		if (d->conn->u.timeouts.connect != f->u.timeouts.connect)
			istio_diag(c, DIAG_WARNING, f, "the connect timeout "
				"%llds is not applied to %s: Ingress '%s/%s' "
				"set %llds for this Service on this Gateway",
				f->u.timeouts.connect, dr_where(st, d),
				d->conn->ing->ns, d->conn->ing->name,
				d->conn->u.timeouts.connect);
		return true;
	}
	doc_map_add_str(c->a, doc_map_add_map(c->a, doc_map_add_map(c->a,
		d->tp, "connectionPool"), "tcp"), "connectTimeout",
		secs(c, f->u.timeouts.connect));
	d->conn = f;
	istio_diag(c, DIAG_INFO, f, "the connect timeout %llds is "
		"converted to connectionPool.tcp.connectTimeout of %s",
		f->u.timeouts.connect, dr_where(st, d));
	return true;
}

/* The idle timeout: Istio has none per route, the rules get a bound. */
static void
idle_timeout(struct istio *st, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	struct conv *c = st->c;
	bool grpc = false, any = false;

	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		if (r->ing != f->ing)
			continue;
		if (r->kind && !strcmp(r->kind, "GRPCRoute")) {
			grpc = true;
			continue;
		}
		if (r->kind && strcmp(r->kind, "HTTPRoute"))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service || ru->timeouts.backend_request)
				continue;
			ru->timeouts.backend_request = secs(c,
				f->u.timeouts.idle);
			if (!ru->timeouts.node)
				ru->timeouts.node = f->node;
			any = true;
		}
	}
	if (any)
		istio_diag(c, DIAG_WARNING, f, "converted to "
			"timeouts.backendRequest %llds (the longer of the read "
			"and send timeouts), which bounds the whole backend "
			"request; nginx's limit was between two reads or "
			"writes, so a slow streaming response that nginx kept "
			"now times out (504): raise it; Istio has no idle "
			"timeout per route", f->u.timeouts.idle);
	if (grpc)
		istio_diag(c, DIAG_WARNING, f, "GRPCRoute has no timeouts, "
			"so the %llds between two reads is not carried over; "
			"Istio's default (no timeout) applies",
			f->u.timeouts.idle);
}

/* ---- the features -------------------------------------------------------- */

static void
istio_emit(struct conv *c, const struct ir *ir)
{
	struct istio st = { c, STRMAP_INIT, STRMAP_INIT, NULL, 0 };

	for (size_t i = 0; i < ir->nfeatures; i++) {
		const struct ir_feature *f = &ir->features[i];

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS:
			if (f->u.timeouts.connect)
				each_service(&st, f, dr_connect);
			if (f->u.timeouts.idle)
				idle_timeout(&st, f);
			break;
		case IR_FEAT_LOAD_BALANCING:
			if (f->u.lb.kind == IR_LB_OTHER)
				istio_diag(c, DIAG_WARNING, f, "this algorithm "
					"has no Istio equivalent; Istio's "
					"default (LEAST_REQUEST) applies");
			else
				each_service(&st, f, dr_lb);
			break;
		case IR_FEAT_IP_ACCESS:
			ip_access(&st, f);
			break;
		case IR_FEAT_EXT_AUTH:
			ext_auth(&st, f);
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < st.ndrv; i++)
		free(st.drv[i]);
	free(st.drv);
	strmap_release(&st.drs);
	strmap_release(&st.names);
}

const struct conv_target conv_target_istio = {
	.table = &tgt_istio,
	.claims = istio_claims,
	.nclaims = ARRAY_LEN(istio_claims),
	.rows = istio_rows,
	.nrows = ARRAY_LEN(istio_rows),
	.emit = istio_emit,
};
