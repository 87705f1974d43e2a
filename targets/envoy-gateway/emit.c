#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "strbuf.h"

/* At the annotation that asked for feature f; an access check it cannot
 * make fails closed (convert/feature_say.c). */
#define eg_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/envoy-gateway", sev, f, __VA_ARGS__)
#define eg_fail_closed conv_feature_fail_closed

/*
 * The Envoy Gateway target: the IR features it claims as Envoy Gateway
 * v1.9.0 objects attached to the routes of the Ingress they come from:
 * BackendTrafficPolicy (timeouts, retries, load balancing, affinity,
 * local rate limits, body size), SecurityPolicy (client CIDRs, basic
 * auth, external auth), HTTPRouteFilter (rewrites with captures), and for
 * TCP routes with the PROXY protocol a ClientTrafficPolicy and a
 * BackendTrafficPolicy. Every field written exists in the v1.9.0 CRDs.
 */

#define EG_API "gateway.envoyproxy.io/v1alpha1"
#define EG_GROUP "gateway.envoyproxy.io"
#define GW_GROUP "gateway.networking.k8s.io"

static const enum ir_feature_kind eg_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_RETRY, IR_FEAT_LOAD_BALANCING,
	IR_FEAT_RATE_LIMIT, IR_FEAT_BODY_SIZE, IR_FEAT_IP_ACCESS,
	IR_FEAT_BASIC_AUTH, IR_FEAT_EXT_AUTH, IR_FEAT_REGEX_REWRITE,
	IR_FEAT_PROXY_PROTOCOL,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { EG_BTP, EG_SP, EG_CTP, EG_FILTER };
static const struct conv_target_object eg_objects[] = {
	[EG_BTP] = { "BackendTrafficPolicy", EG_API },
	[EG_SP] = { "SecurityPolicy", EG_API },
	[EG_CTP] = { "ClientTrafficPolicy", EG_API },
	[EG_FILTER] = { "HTTPRouteFilter", EG_API },
};

static const struct conv_target_row eg_rows[] = {
	{ IR_FEAT_TIMEOUTS, &eg_objects[EG_BTP], "timeout.tcp.connectTimeout, "
	  "timeout.http.streamIdleTimeout" },
	{ IR_FEAT_RETRY, &eg_objects[EG_BTP], "retry" },
	{ IR_FEAT_LOAD_BALANCING, &eg_objects[EG_BTP], "loadBalancer" },
	{ IR_FEAT_RATE_LIMIT, &eg_objects[EG_BTP], "rateLimit.local" },
	{ IR_FEAT_BODY_SIZE, &eg_objects[EG_BTP], "requestBuffer.limit" },
	{ IR_FEAT_IP_ACCESS, &eg_objects[EG_SP], "authorization "
	  "(clientCIDRs)" },
	{ IR_FEAT_BASIC_AUTH, &eg_objects[EG_SP], "basicAuth" },
	{ IR_FEAT_EXT_AUTH, &eg_objects[EG_SP], "extAuth.http" },
	{ IR_FEAT_REGEX_REWRITE, &eg_objects[EG_FILTER], "urlRewrite.path "
	  "ReplaceRegexMatch" },
	{ IR_FEAT_PROXY_PROTOCOL, &eg_objects[EG_CTP], "proxyProtocol" },
	{ IR_FEAT_PROXY_PROTOCOL, &eg_objects[EG_BTP], "proxyProtocol" },
};

/* Provenance comes from what its objects attach to (convert.c). */
#define eg_object(c, which, name, ns) \
	conv_target_object_new(c, &eg_objects[which], name, ns, NULL)

/* ---- rewrites with captures ---------------------------------------------- */

static const struct ir_regex_rewrite *
eg_regex_rewrite(struct conv *c, const struct ingress *ing, const char *path,
	const char *target, unsigned idx, const char **why)
{
	struct strbuf sub = STRBUF_INIT;
	const char *name, *re_why;
	struct doc_node *o, *spec, *rw, *p, *rr;
	struct ir_regex_rewrite *out;

	*why = NULL;
	if ((re_why = regex_pcre_only(path))) {
		*why = arena_printf(c->a, "an Envoy Gateway HTTPRouteFilter "
			"cannot either: the path uses %s, which Envoy's RE2 "
			"has not", re_why);
		return NULL;
	}
	if (strchr(target, '?')) {
		*why = "an Envoy Gateway HTTPRouteFilter cannot either: the "
			"target sets a query string, which a path rewrite "
			"cannot";
		return NULL;
	}
	for (const char *t = target; *t; t++) {
		if (*t == '$' && t[1] >= '0' && t[1] <= '9') {
			strbuf_addc(&sub, '\\');
			continue;
		}
		if (*t == '$') {
			*why = "an Envoy Gateway HTTPRouteFilter cannot either: "
				"its substitution takes the captures ($1..$9) "
				"only";
			strbuf_release(&sub);
			return NULL;
		}
		if (*t == '\\')
			strbuf_addc(&sub, '\\');
		strbuf_addc(&sub, *t);
	}
	name = names_sanitize(c->a, arena_printf(c->a, "%s-rewrite-%u",
		ing->name, idx));
	o = eg_object(c, EG_FILTER, name, ing->ns);
	spec = doc_map_add_map(c->a, o, "spec");
	rw = doc_map_add_map(c->a, spec, "urlRewrite");
	p = doc_map_add_map(c->a, rw, "path");
	doc_map_add_str(c->a, p, "type", "ReplaceRegexMatch");
	rr = doc_map_add_map(c->a, p, "replaceRegexMatch");
	/* nginx replaces the whole URI: match it all, captures unchanged */
	doc_map_add_str(c->a, rr, "pattern", arena_printf(c->a,
		"(?i)^(?:%s).*", path));
	doc_map_add_str(c->a, rr, "substitution", sub.buf ? sub.buf : "");
	strbuf_release(&sub);
	PUSH(c->target_objs, c->ntarget_objs, o);
	out = arena_alloc(c->a, sizeof(*out));
	out->pattern = path;
	out->substitution = target;
	out->group = EG_GROUP;
	out->kind = eg_objects[EG_FILTER].kind;
	out->object = name;
	out->desc = arena_printf(c->a, "the Envoy Gateway HTTPRouteFilter "
		"'%s'", name);
	return out;
}

/* ---- policies per Ingress ------------------------------------------------ */

static bool
targets_route(const struct route *r, const struct ingress *ing)
{
	if (r->ing != ing || !r->nrules)
		return false;
	/* HTTP redirects answer before nginx's checks */
	if (r->suffix)
		return false;
	return !r->kind || !strcmp(r->kind, "HTTPRoute") ||
		!strcmp(r->kind, "GRPCRoute");
}

/*
 * The routes by Ingress, each Ingress's in route order, so that a
 * policy finds its Ingress's routes without a scan of every route.
 */
struct eg_route_ref {
	const struct route *r;
	size_t order;
};

struct eg_routes {
	struct eg_route_ref *v;
	size_t n;
};

static int
cmp_route_ref(const void *pa, const void *pb)
{
	const struct eg_route_ref *a = pa, *b = pb;

	if (a->r->ing != b->r->ing)
		return (uintptr_t)a->r->ing < (uintptr_t)b->r->ing ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void
routes_index(struct eg_routes *idx, const struct ir *ir)
{
	idx->n = ir->nroutes;
	idx->v = xcalloc(ir->nroutes + 1, sizeof(*idx->v));
	for (size_t i = 0; i < ir->nroutes; i++)
		idx->v[i] = (struct eg_route_ref){ ir->routes[i], i };
	if (idx->n)
		qsort(idx->v, idx->n, sizeof(*idx->v), cmp_route_ref);
}

/* The first entry of ing's routes (idx->n when it has none). */
static size_t
routes_of(const struct eg_routes *idx, const struct ingress *ing)
{
	size_t lo = 0, hi = idx->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)idx->v[mid].r->ing < (uintptr_t)ing)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct doc_node *
policy(struct conv *c, const struct eg_routes *idx, int kind,
	const struct ingress *ing, bool *grpc_out)
{
	struct doc_node *o = eg_object(c, kind, names_sanitize(c->a,
		ing->name), ing->ns);
	struct doc_node *spec = doc_map_add_map(c->a, o, "spec");
	struct doc_node *refs = doc_map_add_seq(c->a, spec, "targetRefs");

	*grpc_out = false;
	for (size_t i = routes_of(idx, ing); i < idx->n &&
	     idx->v[i].r->ing == ing; i++) {
		const struct route *r = idx->v[i].r;
		struct doc_node *ref;

		if (!targets_route(r, ing))
			continue;
		ref = doc_seq_add_map(c->a, refs);
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", r->kind ? r->kind :
			"HTTPRoute");
		doc_map_add_str(c->a, ref, "name", r->name);
		if (r->kind && !strcmp(r->kind, "GRPCRoute"))
			*grpc_out = true;
	}
	return doc_len(refs) ? o : NULL;
}

static const char *
secs(struct conv *c, long long s)
{
	return arena_printf(c->a, "%llds", s);
}

static bool
btp_timeouts(struct conv *c, const struct ir_feature *f,
	struct doc_node *spec)
{
	struct doc_node *t = doc_map_add_map(c->a, spec, "timeout");

	if (f->u.timeouts.connect)
		doc_map_add_str(c->a, doc_map_add_map(c->a, t, "tcp"),
			"connectTimeout", secs(c, f->u.timeouts.connect));
	if (f->u.timeouts.idle) {
		doc_map_add_str(c->a, doc_map_add_map(c->a, t, "http"),
			"streamIdleTimeout", secs(c, f->u.timeouts.idle));
		eg_diag(c, DIAG_INFO, f, "converted to the "
			"BackendTrafficPolicy's timeout.http.streamIdleTimeout "
			"%llds (the longer of the read and send timeouts): "
			"Envoy measures idleness of the whole stream, nginx "
			"each direction apart", f->u.timeouts.idle);
	}
	return true;
}

static void
add_trigger(struct conv *c, struct doc_node *seq, const char *t)
{
	for (size_t i = 0; i < doc_len(seq); i++)
		if (!strcmp(doc_str(doc_item(seq, i)), t))
			return;
	doc_seq_add_str(c->a, seq, t);
}

static bool
btp_retry(struct conv *c, const struct ir_feature *f, struct doc_node *spec)
{
	struct doc_node *r = doc_new_map(c->a), *on = doc_new_map(c->a);
	struct doc_node *trig = doc_new_seq(c->a), *codes = doc_new_seq(c->a);

	for (size_t i = 0; i < f->u.retry.non; i++) {
		const struct ir_retry_cond *w = &f->u.retry.on[i];

		switch (w->on) {
		case IR_RETRY_ERROR:
			add_trigger(c, trig, "connect-failure");
			add_trigger(c, trig, "reset");
			break;
		case IR_RETRY_TIMEOUT:
			add_trigger(c, trig, "reset");
			break;
		case IR_RETRY_STATUS:
			doc_seq_add(c->a, codes, doc_new_int(c->a, w->code));
			add_trigger(c, trig, "retriable-status-codes");
			break;
		}
	}
	for (size_t i = 0; i < f->u.retry.nunknown; i++)
		eg_diag(c, DIAG_WARNING, f, "condition '%s' has no Envoy "
			"retry trigger; it is left out", f->u.retry.unknown[i]);
	if (f->u.retry.off) {
		doc_map_add_int(c->a, r, "numRetries", 0);
	} else {
		if (f->u.retry.tries > 0)
			doc_map_add_int(c->a, r, "numRetries",
				f->u.retry.tries - 1);
		if (doc_len(trig))
			doc_map_add(c->a, on, "triggers", trig);
		if (doc_len(codes))
			doc_map_add(c->a, on, "httpStatusCodes", codes);
		if (doc_len(on))
			doc_map_add(c->a, r, "retryOn", on);
	}
	doc_map_add(c->a, spec, "retry", r);
	eg_diag(c, DIAG_INFO, f, "converted to the BackendTrafficPolicy's "
		"retry; nginx tried the next endpoint %s, Envoy retries "
		"requests of every method", f->u.retry.all_methods ?
		"for every method" :
		"only for idempotent methods (non_idempotent not given)");
	return true;
}

static bool
btp_lb(struct conv *c, const struct ir_feature *f, struct doc_node *spec)
{
	struct doc_node *lb, *ch, *ck;
	const char *t;

	switch (f->u.lb.kind) {
	case IR_LB_HASH_SOURCE_IP:
	case IR_LB_HASH_HEADER:
	case IR_LB_HASH_COOKIE:
	case IR_LB_HASH_OTHER:
		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", "ConsistentHash");
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		if (f->u.lb.kind == IR_LB_HASH_HEADER) {
			doc_map_add_str(c->a, ch, "type", "Header");
			doc_map_add_str(c->a, doc_map_add_map(c->a, ch,
				"header"), "name", f->u.lb.name);
		} else if (f->u.lb.kind == IR_LB_HASH_COOKIE) {
			doc_map_add_str(c->a, ch, "type", "Cookie");
			ck = doc_map_add_map(c->a, ch, "cookie");
			doc_map_add_str(c->a, ck, "name", f->u.lb.name);
		} else {
			if (f->u.lb.kind == IR_LB_HASH_OTHER)
				eg_diag(c, DIAG_WARNING, f, "'%s' is not a "
					"client address, a header or a "
					"cookie; Envoy's consistent hash "
					"takes only those, so the source "
					"address is hashed instead",
					f->u.lb.expr);
			doc_map_add_str(c->a, ch, "type", "SourceIP");
		}
		return true;
	case IR_LB_COOKIE_AFFINITY:
		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", "ConsistentHash");
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		doc_map_add_str(c->a, ch, "type", "Cookie");
		ck = doc_map_add_map(c->a, ch, "cookie");
		doc_map_add_str(c->a, ck, "name", f->u.lb.name);
		doc_map_add_str(c->a, ck, "ttl", secs(c, f->u.lb.ttl));
		eg_diag(c, DIAG_WARNING, f, "converted to a consistent hash on "
			"the cookie '%s' (Envoy sets it when missing%s): a "
			"change in the endpoints moves some clients, where "
			"nginx kept them on their endpoint", f->u.lb.name,
			f->u.lb.ttl > 0 ? "" : ", as a session cookie");
		return true;
	case IR_LB_ROUND_ROBIN:
	case IR_LB_LEAST_REQUEST:
		t = f->u.lb.kind == IR_LB_LEAST_REQUEST ? "LeastRequest" :
			"RoundRobin";
		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", t);
		return true;
	case IR_LB_OTHER:
		break;
	}
	eg_diag(c, DIAG_WARNING, f, "this algorithm has no Envoy Gateway "
		"type; the default (LeastRequest) applies");
	return false;
}

static bool
btp_rate(struct conv *c, const struct ir_feature *f, struct doc_node *spec)
{
	bool rps = f->u.rate.per_second > 0;
	long long n = rps ? f->u.rate.per_second : f->u.rate.per_minute;
	struct doc_node *rules, *rule, *lim;

	rules = doc_map_add_seq(c->a, doc_map_add_map(c->a,
		doc_map_add_map(c->a, spec, "rateLimit"), "local"), "rules");
	rule = doc_seq_add_map(c->a, rules);
	lim = doc_map_add_map(c->a, rule, "limit");
	doc_map_add_int(c->a, lim, "requests", n);
	doc_map_add_str(c->a, lim, "unit", rps ? "Second" : "Minute");
	eg_diag(c, DIAG_WARNING, f, "converted to a local rate limit of %lld "
		"per %s for each route and Envoy replica, counting all "
		"clients together: nginx counted each client address apart, "
		"allowed a burst of %lld, and answered 503 where Envoy "
		"answers 429; a limit per client needs rateLimit.global with "
		"sourceCIDR Distinct (and Envoy Gateway's rate limit "
		"service)%s", n, rps ? "second" : "minute", f->u.rate.burst,
		rps && f->u.rate.per_minute > 0 ? "; limit-rpm is not carried "
		"over (one local limit per route)" : "");
	return true;
}

static bool
btp_body(struct conv *c, const struct ir_feature *f, struct doc_node *spec,
	bool grpc)
{
	if (grpc) {
		eg_diag(c, DIAG_WARNING, f, "not converted: Envoy Gateway's "
			"request buffer breaks gRPC streaming, and the routes "
			"are GRPCRoutes");
		return false;
	}
	doc_map_add_int(c->a, doc_map_add_map(c->a, spec, "requestBuffer"),
		"limit", f->u.body.bytes);
	eg_diag(c, DIAG_INFO, f, "converted to the BackendTrafficPolicy's "
		"requestBuffer.limit %lld bytes: larger requests get 413 as "
		"in nginx, which also buffered request bodies "
		"(proxy-request-buffering on); a ClientTrafficPolicy's "
		"connection.bufferLimit would apply to the whole listener and "
		"not answer 413", f->u.body.bytes);
	return true;
}

/* A CIDR for EG's clientCIDRs: bare addresses get /32 or /128. */
static const char *
cidr(struct conv *c, const char *v)
{
	if (strchr(v, '/'))
		return v;
	return arena_printf(c->a, "%s/%s", v, strchr(v, ':') ? "128" : "32");
}

static bool
sp_authorization(struct conv *c, const struct ir_feature *f,
	struct doc_node *spec)
{
	const struct ir_strings *al = &f->u.ip.allow, *dl = &f->u.ip.deny;
	struct doc_node *az, *rules;

	az = doc_map_add_map(c->a, spec, "authorization");
	doc_map_add_str(c->a, az, "defaultAction", al->len ? "Deny" :
		"Allow");
	rules = doc_map_add_seq(c->a, az, "rules");
	/* as nginx: the deny lines come first, then allow ...; deny all */
	for (int pass = 0; pass < 2; pass++) {
		const struct ir_strings *l = pass ? al : dl;
		struct doc_node *r, *cidrs;

		if (!l->len)
			continue;
		r = doc_seq_add_map(c->a, rules);
		doc_map_add_str(c->a, r, "name", pass ?
			"allowlist-source-range" : "denylist-source-range");
		doc_map_add_str(c->a, r, "action", pass ? "Allow" : "Deny");
		cidrs = doc_map_add_seq(c->a, doc_map_add_map(c->a, r,
			"principal"), "clientCIDRs");
		for (size_t i = 0; i < l->len; i++)
			doc_seq_add_str(c->a, cidrs, cidr(c, l->v[i]));
	}
	eg_diag(c, DIAG_INFO, f, "converted to the SecurityPolicy's "
		"authorization by client CIDR (403 as in nginx); the client "
		"address is the connection's unless a ClientTrafficPolicy "
		"sets clientIPDetection, as nginx's use-forwarded-headers did");
	return true;
}

static bool
sp_basic(struct conv *c, const struct ir_feature *f, struct doc_node *spec)
{
	const char *sec = f->u.basic.secret, *sl;
	const char *ns = f->ing->ns;
	struct doc_node *users;

	if (f->u.basic.digest) {
		eg_fail_closed(c, f, "digest authentication has no Envoy "
			"Gateway equivalent; use basic or external "
			"authentication");
		return false;
	}
	if (!sec)
		return false;
	users = doc_map_add_map(c->a, doc_map_add_map(c->a, spec,
		"basicAuth"), "users");
	sl = strchr(sec, '/');
	doc_map_add_str(c->a, users, "name", sl ? sl + 1 : sec);
	if (sl && strncmp(sec, ns, (size_t)(sl - sec)))
		doc_map_add_str(c->a, users, "namespace", arena_strndup(c->a,
			sec, (size_t)(sl - sec)));
	eg_diag(c, DIAG_WARNING, f, "converted to the SecurityPolicy's "
		"basicAuth with Secret '%s': Envoy Gateway reads the key "
		"'.htpasswd' (nginx read 'auth'%s), accepts only {SHA} "
		"password hashes, and does not name the realm; re-key the "
		"Secret and re-hash other hashes%s", sec, f->u.basic.auth_map ?
		", as an auth-map" : "", sl && strncmp(sec, ns,
		(size_t)(sl - sec)) ? "; the Secret is in another namespace, "
		"which needs a ReferenceGrant from SecurityPolicy" : "");
	return true;
}

/* An auth service of the cluster: host "svc", "svc.ns.svc...". */
static bool
sp_ext_auth(struct conv *c, const struct ir_feature *f,
	struct doc_node *spec)
{
	const char *u = f->u.ext.url, *h, *e, *colon, *dot, *path;
	const char *svc, *ns = f->ing->ns;
	bool https;
	int port;
	struct doc_node *http, *ref;

	https = !strncmp(u, "https://", 8);
	if (!https && strncmp(u, "http://", 7))
		return false;
	h = strstr(u, "://") + 3;
	e = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(e - h));
	port = colon ? atoi(colon + 1) : https ? 443 : 80;
	svc = arena_strndup(c->a, h, (size_t)((colon ? colon : e) - h));
	dot = strchr(svc, '.');
	if (dot) {
		const char *rest = dot + 1, *d2 = strchr(rest, '.');

		if (!d2 || strncmp(d2, ".svc", 4) || (d2[4] && d2[4] != '.')) {
			eg_fail_closed(c, f, arena_printf(c->a, "'%s' is not "
				"a Service of the cluster; the "
				"SecurityPolicy's extAuth needs a backendRef "
				"(an Envoy Gateway Backend object for outside "
				"hosts): add a Backend and an extAuth by hand",
				u));
			return false;
		}
		ns = arena_strndup(c->a, rest, (size_t)(d2 - rest));
		svc = arena_strndup(c->a, svc, (size_t)(dot - svc));
	}
	path = *e == '/' ? arena_strndup(c->a, e, strcspn(e, "?#")) : "/";
	http = doc_map_add_map(c->a, doc_map_add_map(c->a, spec, "extAuth"),
		"http");
	ref = doc_map_add_map(c->a, http, "backendRef");
	doc_map_add_str(c->a, ref, "name", svc);
	if (strcmp(ns, f->ing->ns))
		doc_map_add_str(c->a, ref, "namespace", ns);
	doc_map_add_int(c->a, ref, "port", port);
	doc_map_add_str(c->a, http, "pathOverride", path);
	if (f->u.ext.response_headers.len) {
		struct doc_node *hs = doc_map_add_seq(c->a, http,
			"headersToBackend");

		for (size_t i = 0; i < f->u.ext.response_headers.len; i++)
			doc_seq_add_str(c->a, hs,
				f->u.ext.response_headers.v[i]);
	}
	eg_diag(c, DIAG_WARNING, f, "converted to the SecurityPolicy's "
		"extAuth (Service '%s/%s' port %d, path '%s'): Envoy sends the "
		"request's method and headers without the body as nginx did, "
		"but not nginx's X-Original-URI and X-Original-Method "
		"headers, and returns any denial of the auth service as is "
		"where nginx answered 500 for codes other than 401 and 403%s%s",
		ns, svc, port, path, https ? "; the auth service speaks TLS, "
		"which needs a BackendTLSPolicy" : "", strcmp(ns, f->ing->ns) ?
		"; the Service is in another namespace, which needs a "
		"ReferenceGrant from SecurityPolicy" : "");
	return true;
}

/* The features of one Ingress: features[first..end) share f->ing. */
static void
policies(struct conv *c, const struct eg_routes *idx,
	const struct ir_feature *fs, size_t n)
{
	const struct ingress *ing = fs[0].ing;
	bool grpc;
	struct doc_node *btp = policy(c, idx, EG_BTP, ing,
		&grpc);
	struct doc_node *sp = policy(c, idx, EG_SP, ing, &grpc);
	struct doc_node *bspec, *sspec;
	bool bany = false, sany = false;

	if (!btp)	/* no route of the Ingress: nothing to attach to */
		return;
	bspec = (struct doc_node *)doc_get(btp, "spec");
	sspec = (struct doc_node *)doc_get(sp, "spec");
	for (size_t i = 0; i < n; i++) {
		const struct ir_feature *f = &fs[i];

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS: bany |= btp_timeouts(c, f, bspec); break;
		case IR_FEAT_RETRY: bany |= btp_retry(c, f, bspec); break;
		case IR_FEAT_LOAD_BALANCING: bany |= btp_lb(c, f, bspec); break;
		case IR_FEAT_RATE_LIMIT: bany |= btp_rate(c, f, bspec); break;
		case IR_FEAT_BODY_SIZE:
			bany |= btp_body(c, f, bspec, grpc);
			break;
		case IR_FEAT_IP_ACCESS:
			sany |= sp_authorization(c, f, sspec);
			break;
		case IR_FEAT_BASIC_AUTH: sany |= sp_basic(c, f, sspec); break;
		case IR_FEAT_EXT_AUTH: sany |= sp_ext_auth(c, f, sspec); break;
		default: break;
		}
	}
	if (bany)
		PUSH(c->target_objs, c->ntarget_objs, btp);
	if (sany)
		PUSH(c->target_objs, c->ntarget_objs, sp);
}

/* TCP routes with the PROXY protocol: listener and backend side. */
static void
stream_proxy(struct conv *c, const struct route *r)
{
	struct doc_node *o, *spec, *ref;

	if (r->proxy_decode) {
		o = eg_object(c, EG_CTP, names_sanitize(c->a,
			arena_printf(c->a, "%s-%s", r->gw->name, r->section)),
			r->gw->ns);
		spec = doc_map_add_map(c->a, o, "spec");
		ref = doc_seq_add_map(c->a, doc_map_add_seq(c->a, spec,
			"targetRefs"));
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", "Gateway");
		doc_map_add_str(c->a, ref, "name", r->gw->name);
		doc_map_add_str(c->a, ref, "sectionName", r->section);
		doc_map_add(c->a, doc_map_add_map(c->a, spec, "proxyProtocol"),
			"optional", doc_new_bool(c->a, false));
		PUSH(c->target_objs, c->ntarget_objs, o);
	}
	if (r->proxy_encode) {
		o = eg_object(c, EG_BTP, r->name, r->ing->ns);
		spec = doc_map_add_map(c->a, o, "spec");
		ref = doc_seq_add_map(c->a, doc_map_add_seq(c->a, spec,
			"targetRefs"));
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", "TCPRoute");
		doc_map_add_str(c->a, ref, "name", r->name);
		doc_map_add_str(c->a, doc_map_add_map(c->a, spec,
			"proxyProtocol"), "version", "V1");
		PUSH(c->target_objs, c->ntarget_objs, o);
	}
}

/* ---- the source controller's defaults ------------------------------------ */

/* headers.withUnderscoresAction for each baseline of targets/target.h */
static const struct {
	const char *value, *action;
} underscores[] = {
	{ "drop", "DropHeader" },
	{ "allow", "Allow" },
	{ "reject", "RejectRequest" },
};

/* A ClientTrafficPolicy for the whole Gateway: headers with underscores
 * as the source controller treated them. */
static void
gateway_headers(struct conv *c, const struct gateway *gw, const char *action)
{
	struct doc_node *o, *spec, *ref;

	o = eg_object(c, EG_CTP, gw->name, gw->ns);
	spec = doc_map_add_map(c->a, o, "spec");
	ref = doc_seq_add_map(c->a, doc_map_add_seq(c->a, spec, "targetRefs"));
	doc_map_add_str(c->a, ref, "group", GW_GROUP);
	doc_map_add_str(c->a, ref, "kind", "Gateway");
	doc_map_add_str(c->a, ref, "name", gw->name);
	doc_map_add_str(c->a, doc_map_add_map(c->a, spec, "headers"),
		"withUnderscoresAction", action);
	PUSH(c->target_objs, c->ntarget_objs, o);
}

/*
 * The knobs of the table's written rows (targets/envoy-gateway/table.c),
 * where the source controller's default differs from Envoy Gateway's:
 * headers with underscores, and no route timeout where the controller had
 * none (Envoy's is 15 s).
 */
static void
eg_defaults(struct conv *c, const struct ir *ir)
{
	bool *no_timeout = xcalloc(ir->ngws + 1, sizeof(*no_timeout));

	for (size_t i = 0; i < ir->ngws; i++) {
		const struct gateway *gw = ir->gws[i];
		const struct tgt_behaviour *b;

		b = conv_baseline(c, gw, TGT_A_UNDERSCORES);
		for (size_t k = 0; b && k < ARRAY_LEN(underscores); k++)
			if (conv_default_differs(&tgt_envoy_gateway, b) &&
			    !strcmp(b->value, underscores[k].value))
				gateway_headers(c, gw, underscores[k].action);
		b = conv_baseline(c, gw, TGT_A_TIMEOUT);
		no_timeout[i] = b && !strcmp(b->value, "none") &&
			conv_default_differs(&tgt_envoy_gateway, b);
	}
	for (size_t i = 0; i < ir->nroutes; i++) {
		struct route *r = ir->routes[i];
		size_t g = 0;

		if (r->kind && strcmp(r->kind, "HTTPRoute"))
			continue;	/* only HTTPRoute has timeouts */
		while (g < ir->ngws && ir->gws[g] != r->gw)
			g++;
		if (g == ir->ngws || !no_timeout[g])
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (ru->service && !ru->timeouts.request &&
			    !ru->timeouts.backend_request)
				ru->timeouts.request = "0s";
		}
	}
	free(no_timeout);
}

static void
eg_emit(struct conv *c, const struct ir *ir)
{
	struct eg_routes idx;

	routes_index(&idx, ir);
	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		policies(c, &idx, &ir->features[i], j - i);
	}
	free(idx.v);
	for (size_t i = 0; i < ir->nroutes; i++)
		if (ir->routes[i]->proxy_decode || ir->routes[i]->proxy_encode)
			stream_proxy(c, ir->routes[i]);
	eg_defaults(c, ir);
}

const struct conv_target conv_target_envoy_gateway = {
	.table = &tgt_envoy_gateway,
	.claims = eg_claims,
	.nclaims = ARRAY_LEN(eg_claims),
	.rows = eg_rows,
	.nrows = ARRAY_LEN(eg_rows),
	.regex_rewrite = eg_regex_rewrite,
	.emit = eg_emit,
};
