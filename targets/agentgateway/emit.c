#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* At the annotation that asked for feature f; an access check it cannot
 * make fails closed (convert/feature_say.c). */
#define agw_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/agentgateway", sev, f, __VA_ARGS__)
#define agw_fail_closed conv_feature_fail_closed

/*
 * The agentgateway target: the IR features it claims as an
 * AgentgatewayPolicy (agentgateway.dev/v1alpha1, agentgateway v1.4.1, the
 * CRD vendored in tests/crds) per Ingress and route kind, on the Ingress's
 * routes: traffic.{retry, rateLimit, buffer, authorization,
 * basicAuthentication, extAuth} and backend.tcp.connectTimeout; the idle
 * timeout is the HTTPRoute rules' timeouts.backendRequest. Load balancing
 * has no AgentgatewayPolicy field, and its controller takes no
 * ExtensionRef filter (no rewrite with captures).
 */

#define AGW_API "agentgateway.dev/v1alpha1"
#define GW_GROUP "gateway.networking.k8s.io"
#define MAX_REFS 16		/* the CRD's targetRefs maxItems */
#define MAX_CEL 16384		/* the CRD's CELExpression maxLength */
#define MAX_ITEMS 8

static const enum ir_feature_kind agw_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_RETRY, IR_FEAT_RATE_LIMIT,
	IR_FEAT_BODY_SIZE, IR_FEAT_IP_ACCESS, IR_FEAT_BASIC_AUTH,
	IR_FEAT_EXT_AUTH,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { AGW_POLICY };
static const struct conv_target_object agw_objects[] = {
	[AGW_POLICY] = { "AgentgatewayPolicy", AGW_API },
};

static const struct conv_target_row agw_rows[] = {
	{ IR_FEAT_TIMEOUTS, &agw_objects[AGW_POLICY], "backend.tcp."
	  "connectTimeout" },
	{ IR_FEAT_TIMEOUTS, NULL, "the idle timeout: HTTPRoute rule "
	  "timeouts.backendRequest" },
	{ IR_FEAT_RETRY, &agw_objects[AGW_POLICY], "traffic.retry (attempts, "
	  "codes, precondition)" },
	{ IR_FEAT_RATE_LIMIT, &agw_objects[AGW_POLICY], "traffic.rateLimit."
	  "local" },
	{ IR_FEAT_BODY_SIZE, &agw_objects[AGW_POLICY], "traffic.buffer."
	  "request.maxBytes" },
	{ IR_FEAT_IP_ACCESS, &agw_objects[AGW_POLICY], "traffic.authorization "
	  "(action Require, policy.matchExpressions on source.address)" },
	{ IR_FEAT_BASIC_AUTH, &agw_objects[AGW_POLICY], "traffic."
	  "basicAuthentication (secretRef, realm)" },
	{ IR_FEAT_EXT_AUTH, &agw_objects[AGW_POLICY], "traffic.extAuth "
	  "(backendRef, http.path, http.allowedResponseHeaders)" },
};

/* The fields of spec.traffic and spec.backend, built once per Ingress. */
struct agw_spec {
	const char *key[MAX_ITEMS];
	struct doc_node *val[MAX_ITEMS];
	size_t n;
	struct doc_node *backend;	/* NULL: none */
};

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

static void
spec_add(struct agw_spec *s, const char *key, struct doc_node *v)
{
	if (s->n < MAX_ITEMS) {
		s->key[s->n] = key;
		s->val[s->n++] = v;
	}
}

static const char *
secs(struct conv *c, long long s)
{
	return arena_printf(c->a, "%llds", s);
}

/* An int32 of the CRD. */
static long long
int32_of(long long v)
{
	return v > 0x7fffffff ? 0x7fffffff : v;
}

/* ---- traffic and backend fields ------------------------------------------ */

/*
 * The idle timeout as the HTTPRoute rules' timeouts.backendRequest, which
 * agentgateway supports (as the provider writes it for a target without
 * an emitter): true when a rule took it.
 */
static bool
backend_request(struct conv *c, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	const char *v = secs(c, f->u.timeouts.idle);
	bool any = false;

	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		/* GRPCRoute has no timeouts */
		if (!targets_route(r, f->ing) || (r->kind &&
		    strcmp(r->kind, "HTTPRoute")))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service || ru->timeouts.request ||
			    ru->timeouts.backend_request)
				continue;
			ru->timeouts.backend_request = v;
			ru->timeouts.node = f->node;
			any = true;
		}
	}
	return any;
}

static void
timeouts(struct conv *c, const struct ir_feature *f, struct agw_spec *s)
{
	if (f->u.timeouts.connect) {
		s->backend = doc_new_map(c->a);
		doc_map_add_str(c->a, doc_map_add_map(c->a, s->backend, "tcp"),
			"connectTimeout", secs(c, f->u.timeouts.connect));
		agw_diag(c, DIAG_INFO, f, "the connect timeout %llds is the "
			"AgentgatewayPolicy's backend.tcp.connectTimeout",
			f->u.timeouts.connect);
	}
	if (f->u.timeouts.idle && backend_request(c, f))
		agw_diag(c, DIAG_WARNING, f, "converted to timeouts."
			"backendRequest %llds on the HTTPRoute rules (the "
			"longer of the read and send timeouts), which bounds "
			"the whole backend request: agentgateway has no idle "
			"timeout, and nginx's limit was between two reads, so "
			"a slow streaming response that nginx kept now times "
			"out (504): raise it where that matters",
			f->u.timeouts.idle);
	else if (f->u.timeouts.idle)
		agw_diag(c, DIAG_WARNING, f, "the read and send timeouts "
			"(%llds between two operations) are not converted: "
			"agentgateway has no idle timeout, and GRPCRoutes have "
			"no timeouts", f->u.timeouts.idle);
}

static void
retry(struct conv *c, const struct ir_feature *f, struct agw_spec *s)
{
	struct doc_node *r, *codes;
	bool timeout = false;

	if (f->u.retry.off || f->u.retry.tries == 1) {
		agw_diag(c, DIAG_INFO, f, "agentgateway retries nothing unless "
			"a policy or route says so: no retry is written");
		return;
	}
	r = doc_new_map(c->a);
	codes = doc_new_seq(c->a);
	for (size_t i = 0; i < f->u.retry.non; i++) {
		const struct ir_retry_cond *w = &f->u.retry.on[i];

		if (w->on == IR_RETRY_STATUS)
			doc_seq_add(c->a, codes, doc_new_int(c->a, w->code));
		else if (w->on == IR_RETRY_TIMEOUT)
			timeout = true;
	}
	for (size_t i = 0; i < f->u.retry.nunknown; i++)
		agw_diag(c, DIAG_WARNING, f, "condition '%s' has no "
			"agentgateway retry condition; it is left out",
			f->u.retry.unknown[i]);
	if (f->u.retry.tries > 1)
		doc_map_add_int(c->a, r, "attempts", int32_of(
			f->u.retry.tries - 1));
	if (doc_len(codes))
		doc_map_add(c->a, r, "codes", codes);
	/* nginx never retried POST, LOCK and PATCH without non_idempotent */
	if (!f->u.retry.all_methods)
		doc_map_add_str(c->a, r, "precondition", "!(request.method in "
			"['POST', 'LOCK', 'PATCH'])");
	spec_add(s, "retry", r);
	agw_diag(c, DIAG_INFO, f, "converted to the AgentgatewayPolicy's "
		"traffic.retry: agentgateway retries failed connections and "
		"the listed codes%s%s", f->u.retry.all_methods ? ", for every "
		"method as nginx did (non_idempotent)" : ", not for POST, LOCK "
		"and PATCH, as nginx did", timeout ? "; nginx's 'timeout' "
		"condition has no per-try timeout here, so a slow response "
		"is not retried" : "");
}

static void
local_rule(struct conv *c, struct doc_node *seq, long long n,
	const char *unit, long long burst)
{
	struct doc_node *r = doc_seq_add_map(c->a, seq);

	doc_map_add_int(c->a, r, "requests", int32_of(n));
	doc_map_add_str(c->a, r, "unit", unit);
	if (burst > 0)
		doc_map_add_int(c->a, r, "burst", int32_of(burst));
}

static void
rate_limit(struct conv *c, const struct ir_feature *f, struct agw_spec *s)
{
	long long ps = f->u.rate.per_second, pm = f->u.rate.per_minute;
	struct doc_node *rl = doc_new_map(c->a), *local;

	local = doc_map_add_seq(c->a, rl, "local");
	/* the burst is the multiplier times each limit */
	if (ps > 0)
		local_rule(c, local, ps, "Seconds", f->u.rate.burst);
	if (pm > 0)
		local_rule(c, local, pm, "Minutes", ps > 0 ?
			f->u.rate.burst / ps * pm : f->u.rate.burst);
	spec_add(s, "rateLimit", rl);
	agw_diag(c, DIAG_WARNING, f, "converted to the AgentgatewayPolicy's "
		"local rate limit%s with ingress-nginx's burst, for each "
		"agentgateway replica and counting all clients together: nginx "
		"counted each client address apart and answered 503 where "
		"agentgateway answers 429; a limit per client needs "
		"rateLimit.global (a rate limit service)", ps > 0 && pm > 0 ?
		"s (per second and per minute)" : "");
}

static void
body_size(struct conv *c, const struct ir_feature *f, struct agw_spec *s,
	bool grpc)
{
	struct doc_node *b;

	if (grpc) {
		agw_diag(c, DIAG_WARNING, f, "not converted: agentgateway's "
			"request buffer breaks gRPC streaming, and the routes "
			"include GRPCRoutes");
		return;
	}
	if (f->u.body.bytes <= 0 || f->u.body.bytes > 4294967295LL) {
		agw_diag(c, DIAG_WARNING, f, "not converted: agentgateway "
			"buffers between 1 byte and 4Gi, and streams bodies of "
			"any size without a buffer");
		return;
	}
	b = doc_new_map(c->a);
	doc_map_add_int(c->a, doc_map_add_map(c->a, b, "request"), "maxBytes",
		f->u.body.bytes);
	spec_add(s, "buffer", b);
	agw_diag(c, DIAG_INFO, f, "converted to the AgentgatewayPolicy's "
		"traffic.buffer.request.maxBytes %lld (failureMode FailClosed "
		"by default): larger requests get 413 as in nginx, which also "
		"buffered request bodies (proxy-request-buffering on)",
		f->u.body.bytes);
}

/* "cidr(...).containsIP(source.address)" for each entry, joined by ||. */
static void
cidr_terms(struct strbuf *sb, const struct ir_strings *l)
{
	for (size_t i = 0; i < l->len; i++) {
		const char *v = l->v[i];

		if (i)
			strbuf_adds(sb, " || ");
		strbuf_addf(sb, "cidr('%s%s').containsIP(source.address)", v,
			strchr(v, '/') ? "" : strchr(v, ':') ? "/128" : "/32");
	}
}

/*
 * Require: every expression must hold, and an expression that fails to
 * evaluate denies (Allow and Deny rules fail open that way).
 */
static void
authorization(struct conv *c, const struct ir_feature *f,
	struct agw_spec *s)
{
	const struct ir_strings *al = &f->u.ip.allow, *dl = &f->u.ip.deny;
	struct strbuf deny = STRBUF_INIT, allow = STRBUF_INIT;
	struct doc_node *az, *exprs;

	if (dl->len) {
		strbuf_adds(&deny, "!(");
		cidr_terms(&deny, dl);
		strbuf_addc(&deny, ')');
	}
	cidr_terms(&allow, al);
	if (deny.len > MAX_CEL || allow.len > MAX_CEL) {
		agw_fail_closed(c, f, "the address ranges make a CEL "
			"expression longer than an AgentgatewayPolicy "
			"authorization takes (16384 characters): write them as "
			"fewer, wider ranges");
		strbuf_release(&deny);
		strbuf_release(&allow);
		return;
	}
	az = doc_new_map(c->a);
	doc_map_add_str(c->a, az, "action", "Require");
	exprs = doc_map_add_seq(c->a, doc_map_add_map(c->a, az, "policy"),
		"matchExpressions");
	/* nginx: the deny lines first, then allow ...; deny all */
	if (deny.len)
		doc_seq_add_str(c->a, exprs, arena_strdup(c->a, deny.buf));
	if (allow.len)
		doc_seq_add_str(c->a, exprs, arena_strdup(c->a, allow.buf));
	strbuf_release(&deny);
	strbuf_release(&allow);
	spec_add(s, "authorization", az);
	agw_diag(c, DIAG_INFO, f, "converted to the AgentgatewayPolicy's "
		"traffic.authorization (action Require) on the client address "
		"(403 as in nginx); source.address is the connection's peer, "
		"so behind a load balancer it is the balancer's unless the "
		"Gateway takes the PROXY protocol, where nginx's "
		"use-forwarded-headers read X-Forwarded-For");
}

static void
basic_auth(struct conv *c, const struct ir_feature *f, struct agw_spec *s)
{
	const char *sec = f->u.basic.secret, *sl, *name;
	struct doc_node *ba, *ref;

	if (f->u.basic.digest) {
		agw_fail_closed(c, f, "digest authentication has no "
			"agentgateway equivalent; use basic or external "
			"authentication");
		return;
	}
	if (!sec)
		return;
	sl = strchr(sec, '/');
	if (sl && (strlen(f->ing->ns) != (size_t)(sl - sec) ||
	    strncmp(sec, f->ing->ns, (size_t)(sl - sec)))) {
		agw_fail_closed(c, f, arena_printf(c->a, "the "
			"AgentgatewayPolicy's basicAuthentication reads a "
			"Secret of its own namespace only, and '%s' is in "
			"another: copy it to '%s' and convert again", sec,
			f->ing->ns));
		return;
	}
	name = sl ? sl + 1 : sec;
	ba = doc_new_map(c->a);
	ref = doc_map_add_map(c->a, ba, "secretRef");
	doc_map_add_str(c->a, ref, "name", name);
	/* ingress-nginx's key, where agentgateway's default is .htaccess */
	doc_map_add_str(c->a, ref, "key", "auth");
	doc_map_add_str(c->a, ba, "realm", "Authentication Required");
	spec_add(s, "basicAuthentication", ba);
	agw_diag(c, f->u.basic.auth_map ? DIAG_WARNING : DIAG_INFO, f,
		"converted to the AgentgatewayPolicy's basicAuthentication: "
		"agentgateway reads the htpasswd in key 'auth' of Secret "
		"'%s/%s' (MD5, bcrypt, crypt and SHA-1 hashes) as ingress-nginx "
		"did, with the realm 'Authentication Required'%s", f->ing->ns,
		name, f->u.basic.auth_map ? "; the Secret is an auth-map (one "
		"key per user), which agentgateway does not read: put an "
		"htpasswd file in key 'auth' first" : "");
}

/* A CEL string literal of s: the path has no quote or backslash. */
static const char *
cel_string(struct conv *c, const char *s)
{
	if (strpbrk(s, "'\\"))
		return NULL;
	return arena_printf(c->a, "'%s'", s);
}

static void
ext_auth(struct conv *c, const struct ir_feature *f, struct agw_spec *s)
{
	const char *ns, *svc, *path, *lit = NULL;
	struct doc_node *ea, *ref, *http;
	bool https;
	int port;

	if (!conv_auth_service(c, f->u.ext.url, f->ing->ns, &ns, &svc, &port,
	    &path, &https) || !(lit = cel_string(c, path))) {
		agw_fail_closed(c, f, arena_printf(c->a, "'%s' is not a "
			"Service of the cluster; the AgentgatewayPolicy's "
			"extAuth needs a backendRef (an AgentgatewayBackend for "
			"outside hosts): add one and the extAuth by hand",
			f->u.ext.url));
		return;
	}
	ea = doc_new_map(c->a);
	ref = doc_map_add_map(c->a, ea, "backendRef");
	doc_map_add_str(c->a, ref, "name", svc);
	if (strcmp(ns, f->ing->ns))
		doc_map_add_str(c->a, ref, "namespace", ns);
	doc_map_add_int(c->a, ref, "port", port);
	http = doc_map_add_map(c->a, ea, "http");
	/* a CEL expression: nginx asked the URL's own path */
	doc_map_add_str(c->a, http, "path", lit);
	if (f->u.ext.response_headers.len) {
		struct doc_node *hs = doc_map_add_seq(c->a, http,
			"allowedResponseHeaders");

		for (size_t i = 0; i < f->u.ext.response_headers.len; i++)
			doc_seq_add_str(c->a, hs,
				f->u.ext.response_headers.v[i]);
	}
	spec_add(s, "extAuth", ea);
	agw_diag(c, DIAG_WARNING, f, "converted to the AgentgatewayPolicy's "
		"extAuth (Service '%s/%s' port %d, path '%s'): agentgateway "
		"sends the auth service the request's method and its "
		"Authorization header only, unless allowedRequestHeaders lists "
		"more, where nginx sent every header with X-Original-URI and "
		"X-Original-Method, and it denies what does not answer 200, "
		"where nginx answered 500 for codes other than 401 and 403%s%s",
		ns, svc, port, path, https ? "; the auth service speaks TLS, "
		"which needs a BackendTLSPolicy or an AgentgatewayPolicy "
		"backend.tls on its Service" : "", strcmp(ns, f->ing->ns) ?
		"; the Service is in another namespace, which needs a "
		"ReferenceGrant from AgentgatewayPolicy" : "");
}

/* ---- attaching ------------------------------------------------------------ */

static const char *
part_name(struct conv *c, const struct ingress *ing, size_t part)
{
	return names_sanitize(c->a, part > 1 ? arena_printf(c->a, "%s-%zu",
		ing->name, part) : ing->name);
}

/* Its provenance is ing's, also where nothing in the output refers to it. */
static struct doc_node *
policy(struct conv *c, const struct ingress *ing, size_t part,
	const struct agw_spec *s)
{
	struct doc_node *o = doc_new_map(c->a), *meta, *spec, *refs, *tr;
	const char *src = conv_source(c, ing);

	doc_map_add_str(c->a, o, "apiVersion", agw_objects[AGW_POLICY].api);
	doc_map_add_str(c->a, o, "kind", agw_objects[AGW_POLICY].kind);
	meta = doc_map_add_map(c->a, o, "metadata");
	doc_map_add_str(c->a, meta, "name", part_name(c, ing, part));
	doc_map_add_str(c->a, meta, "namespace", ing->ns);
	if (src)
		doc_map_add_str(c->a, doc_map_add_map(c->a, meta,
			"annotations"), CONV_PROVENANCE_ANNOTATION, src);
	spec = doc_map_add_map(c->a, o, "spec");
	refs = doc_map_add_seq(c->a, spec, "targetRefs");
	if (s->n) {
		tr = doc_map_add_map(c->a, spec, "traffic");
		for (size_t i = 0; i < s->n; i++)
			doc_map_add(c->a, tr, s->key[i], s->val[i]);
	}
	if (s->backend)
		doc_map_add(c->a, spec, "backend", s->backend);
	PUSH(c->target_objs, c->ntarget_objs, o);
	return refs;
}

/*
 * Policies on ing's routes: one kind of target a policy (the CRD's rule),
 * at most MAX_REFS each.
 */
static void
route_policies(struct conv *c, const struct ingress *ing,
	const struct agw_spec *s)
{
	struct route *const *rs;
	size_t nrs;
	static const char *const kinds[] = { "HTTPRoute", "GRPCRoute" };
	size_t part = 0;

	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		struct doc_node *refs = NULL;

		rs = conv_routes_of(c, ing, &nrs);
		for (size_t i = 0; i < nrs; i++) {
			const struct route *r = rs[i];
			const char *kind = r->kind ? r->kind : "HTTPRoute";
			struct doc_node *ref;

			if (!targets_route(r, ing) || strcmp(kind, kinds[k]))
				continue;
			if (!refs || doc_len(refs) == MAX_REFS)
				refs = policy(c, ing, ++part, s);
			ref = doc_seq_add_map(c->a, refs);
			doc_map_add_str(c->a, ref, "group", GW_GROUP);
			doc_map_add_str(c->a, ref, "kind", kind);
			doc_map_add_str(c->a, ref, "name", r->name);
		}
	}
}

/* The features of one Ingress: fs[0..n) share fs->ing. */
static void
features(struct conv *c, const struct ir_feature *fs, size_t n)
{
	struct route *const *rs;
	size_t nrs;
	const struct ingress *ing = fs[0].ing;
	struct agw_spec s = { 0 };
	bool routes = false, grpc = false;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++)
		if (targets_route(rs[i], ing)) {
			routes = true;
			grpc |= rs[i]->kind &&
				!strcmp(rs[i]->kind, "GRPCRoute");
		}
	if (!routes)	/* nothing to attach to */
		return;
	for (size_t i = 0; i < n; i++) {
		const struct ir_feature *f = &fs[i];

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS: timeouts(c, f, &s); break;
		case IR_FEAT_RETRY: retry(c, f, &s); break;
		case IR_FEAT_RATE_LIMIT: rate_limit(c, f, &s); break;
		case IR_FEAT_BODY_SIZE: body_size(c, f, &s, grpc); break;
		case IR_FEAT_IP_ACCESS: authorization(c, f, &s); break;
		case IR_FEAT_BASIC_AUTH: basic_auth(c, f, &s); break;
		case IR_FEAT_EXT_AUTH: ext_auth(c, f, &s); break;
		default: break;
		}
	}
	if (s.n || s.backend)
		route_policies(c, ing, &s);
}

static void
agw_emit(struct conv *c, const struct ir *ir)
{
	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		features(c, &ir->features[i], j - i);
	}
}

const struct conv_target conv_target_agentgateway = {
	.table = &tgt_agentgateway,
	.claims = agw_claims,
	.nclaims = ARRAY_LEN(agw_claims),
	.rows = agw_rows,
	.nrows = ARRAY_LEN(agw_rows),
	.emit = agw_emit,
};
