#include "compat.h"
#include "convert/conv_int.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "strbuf.h"
#include "strmap.h"

/* At the annotation that asked for feature f; an access check it cannot
 * make fails closed (convert/feature_say.c). */
#define kgw_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/kgateway", sev, f, __VA_ARGS__)
#define kgw_fail_closed conv_feature_fail_closed

/*
 * The kgateway target: the IR features it claims as kgateway 2.x objects
 * (gateway.kgateway.dev/v1alpha1, the CRDs vendored in tests/crds): a
 * TrafficPolicy per Ingress on its routes (stream idle timeout, retries,
 * local rate limit, body size, client address ACL, basic auth, external
 * auth through a GatewayExtension), a BackendConfigPolicy per Ingress on
 * its Services (connect timeout, load balancing, affinity), and a
 * TrafficPolicy without targetRefs that a rule refers to by ExtensionRef
 * for a rewrite with captures. Every field written exists in the CRDs.
 */

#define KGW_API "gateway.kgateway.dev/v1alpha1"
#define KGW_GROUP "gateway.kgateway.dev"
#define GW_GROUP "gateway.networking.k8s.io"
#define MAX_REFS 16		/* the CRDs' targetRefs maxItems */
#define MAX_CIDRS 256		/* acl.rules[].cidrs maxItems */
#define MAX_ITEMS 8

static const enum ir_feature_kind kgw_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_RETRY, IR_FEAT_LOAD_BALANCING,
	IR_FEAT_RATE_LIMIT, IR_FEAT_BODY_SIZE, IR_FEAT_IP_ACCESS,
	IR_FEAT_BASIC_AUTH, IR_FEAT_EXT_AUTH, IR_FEAT_REGEX_REWRITE,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { KGW_TP, KGW_BCP, KGW_EXT };
static const struct conv_target_object kgw_objects[] = {
	[KGW_TP] = { "TrafficPolicy", KGW_API },
	[KGW_BCP] = { "BackendConfigPolicy", KGW_API },
	[KGW_EXT] = { "GatewayExtension", KGW_API },
};

static const struct conv_target_row kgw_rows[] = {
	{ IR_FEAT_TIMEOUTS, &kgw_objects[KGW_TP], "timeouts.streamIdle" },
	{ IR_FEAT_TIMEOUTS, &kgw_objects[KGW_BCP], "connectTimeout" },
	{ IR_FEAT_RETRY, &kgw_objects[KGW_TP], "retry (attempts, retryOn, "
	  "statusCodes)" },
	{ IR_FEAT_LOAD_BALANCING, &kgw_objects[KGW_BCP], "loadBalancer "
	  "(roundRobin, leastRequest, ringHash.hashPolicies)" },
	{ IR_FEAT_RATE_LIMIT, &kgw_objects[KGW_TP], "rateLimit.local."
	  "tokenBucket" },
	{ IR_FEAT_BODY_SIZE, &kgw_objects[KGW_TP], "buffer.maxRequestSize" },
	{ IR_FEAT_IP_ACCESS, &kgw_objects[KGW_TP], "acl (defaultAction, "
	  "rules[].cidrs)" },
	{ IR_FEAT_BASIC_AUTH, &kgw_objects[KGW_TP], "basicAuth.secretRef" },
	{ IR_FEAT_EXT_AUTH, &kgw_objects[KGW_EXT], "extAuth (httpService, "
	  "statusOnError)" },
	{ IR_FEAT_EXT_AUTH, &kgw_objects[KGW_TP], "extAuth.extensionRef" },
	{ IR_FEAT_REGEX_REWRITE, &kgw_objects[KGW_TP], "urlRewrite.pathRegex "
	  "(an ExtensionRef filter on the rule)" },
};

/* The fields of one policy's spec, built once for all its parts. */
struct kgw_spec {
	const char *key[MAX_ITEMS];
	struct doc_node *val[MAX_ITEMS];
	size_t n;
};

struct kgw {
	struct strmap bcp;	/* "ns/svc" -> the Ingress whose policy has it */
};

/* Its objects carry the provenance of their Ingress, also where nothing
 * in the output refers to them. */
#define kgw_object(c, which, name, ing) \
	conv_target_object_new(c, &kgw_objects[which], name, (ing)->ns, ing)

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
spec_add(struct kgw_spec *s, const char *key, struct doc_node *v)
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

/* ---- rewrites with captures ---------------------------------------------- */

/*
 * A TrafficPolicy with urlRewrite.pathRegex and no targetRefs, which the
 * rule names by ExtensionRef: kgateway takes route-only fields so.
 */
static const struct ir_regex_rewrite *
kgw_regex_rewrite(struct conv *c, const struct ingress *ing, const char *path,
	const char *target, unsigned idx, const char **why)
{
	struct strbuf sub = STRBUF_INIT;
	const char *name, *re_why;
	struct doc_node *o, *pr;
	struct ir_regex_rewrite *out;

	*why = NULL;
	if ((re_why = regex_pcre_only(path))) {
		*why = arena_printf(c->a, "a kgateway TrafficPolicy cannot "
			"either: the path uses %s, which Envoy's RE2 has not",
			re_why);
		return NULL;
	}
	if (strchr(target, '?')) {
		*why = "a kgateway TrafficPolicy cannot either: the target "
			"sets a query string, which a path rewrite cannot";
		return NULL;
	}
	if (!*target) {
		*why = "a kgateway TrafficPolicy cannot either: its "
			"substitution may not be empty";
		return NULL;
	}
	/* nginx's $1 is RE2's \1; a literal backslash is doubled */
	for (const char *t = target; *t; t++) {
		if (*t == '$' && t[1] >= '0' && t[1] <= '9') {
			strbuf_addc(&sub, '\\');
			continue;
		}
		if (*t == '$') {
			*why = "a kgateway TrafficPolicy cannot either: its "
				"substitution takes the captures ($1..$9) only";
			strbuf_release(&sub);
			return NULL;
		}
		if (*t == '\\')
			strbuf_addc(&sub, '\\');
		strbuf_addc(&sub, *t);
	}
	name = names_sanitize(c->a, arena_printf(c->a, "%s-rewrite-%u",
		ing->name, idx));
	o = kgw_object(c, KGW_TP, name, ing);
	pr = doc_map_add_map(c->a, doc_map_add_map(c->a, doc_map_add_map(c->a,
		o, "spec"), "urlRewrite"), "pathRegex");
	/* nginx replaces the whole URI: match it all, captures unchanged */
	doc_map_add_str(c->a, pr, "pattern", arena_printf(c->a,
		"(?i)^(?:%s).*", path));
	doc_map_add_str(c->a, pr, "substitution", sub.buf);
	strbuf_release(&sub);
	PUSH(c->target_objs, c->ntarget_objs, o);
	out = arena_alloc(c->a, sizeof(*out));
	memset(out, 0, sizeof(*out));
	out->pattern = path;
	out->substitution = target;
	out->group = KGW_GROUP;
	out->kind = kgw_objects[KGW_TP].kind;
	out->object = name;
	out->desc = arena_printf(c->a, "the kgateway TrafficPolicy '%s'",
		name);
	return out;
}

/* ---- the TrafficPolicy's fields ------------------------------------------ */

static void
tp_timeouts(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	struct doc_node *t;

	if (!f->u.timeouts.idle)
		return;
	t = doc_new_map(c->a);
	doc_map_add_str(c->a, t, "streamIdle", secs(c, f->u.timeouts.idle));
	spec_add(s, "timeouts", t);
	kgw_diag(c, DIAG_INFO, f, "converted to the TrafficPolicy's "
		"timeouts.streamIdle %llds (the longer of the read and send "
		"timeouts): Envoy measures idleness of the whole stream, nginx "
		"each direction apart", f->u.timeouts.idle);
}

static void
add_unique(struct conv *c, struct doc_node *seq, const char *v)
{
	for (size_t i = 0; i < doc_len(seq); i++)
		if (!strcmp(doc_str(doc_item(seq, i)), v))
			return;
	doc_seq_add_str(c->a, seq, v);
}

static void
tp_retry(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	struct doc_node *r, *on, *codes;

	if (f->u.retry.off) {
		kgw_diag(c, DIAG_INFO, f, "kgateway retries nothing unless "
			"a policy says so: no retry is written");
		return;
	}
	r = doc_new_map(c->a);
	on = doc_new_seq(c->a);
	codes = doc_new_seq(c->a);
	for (size_t i = 0; i < f->u.retry.non; i++) {
		const struct ir_retry_cond *w = &f->u.retry.on[i];

		switch (w->on) {
		case IR_RETRY_ERROR:
			add_unique(c, on, "connect-failure");
			add_unique(c, on, "reset");
			break;
		case IR_RETRY_TIMEOUT:
			add_unique(c, on, "reset");
			break;
		case IR_RETRY_STATUS:
			/* statusCodes takes 400..599, as nginx's http_* */
			doc_seq_add(c->a, codes, doc_new_int(c->a, w->code));
			add_unique(c, on, "retriable-status-codes");
			break;
		}
	}
	for (size_t i = 0; i < f->u.retry.nunknown; i++)
		kgw_diag(c, DIAG_WARNING, f, "condition '%s' has no kgateway "
			"retryOn value; it is left out", f->u.retry.unknown[i]);
	if (!doc_len(on)) {
		/* the CRD wants a condition: nginx's default, error timeout */
		add_unique(c, on, "connect-failure");
		add_unique(c, on, "reset");
	}
	if (f->u.retry.tries > 0)
		doc_map_add_int(c->a, r, "attempts", f->u.retry.tries - 1);
	doc_map_add(c->a, r, "retryOn", on);
	if (doc_len(codes))
		doc_map_add(c->a, r, "statusCodes", codes);
	spec_add(s, "retry", r);
	kgw_diag(c, DIAG_INFO, f, "converted to the TrafficPolicy's retry; "
		"nginx tried the next endpoint %s, Envoy retries requests of "
		"every method", f->u.retry.all_methods ? "for every method" :
		"only for idempotent methods (non_idempotent not given)");
}

/* An int32 of the CRDs. */
static long long
int32_of(long long v)
{
	return v > 0x7fffffff ? 0x7fffffff : v;
}

static void
tp_rate(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	bool rps = f->u.rate.per_second > 0;
	long long n = rps ? f->u.rate.per_second : f->u.rate.per_minute;
	long long cap = f->u.rate.burst + 1;
	struct doc_node *rl, *tb;

	/* nginx lets burst requests past the rate at once, then the rate */
	if (cap < n)
		cap = n;
	rl = doc_new_map(c->a);
	tb = doc_map_add_map(c->a, doc_map_add_map(c->a, rl, "local"),
		"tokenBucket");
	doc_map_add_int(c->a, tb, "maxTokens", int32_of(cap));
	doc_map_add_int(c->a, tb, "tokensPerFill", int32_of(n));
	doc_map_add_str(c->a, tb, "fillInterval", rps ? "1s" : "60s");
	spec_add(s, "rateLimit", rl);
	kgw_diag(c, DIAG_WARNING, f, "converted to a local token bucket of "
		"%lld per %s (burst %lld) for each route and Envoy replica, "
		"counting all clients together: nginx counted each client "
		"address apart and answered 503 where kgateway answers 429; a "
		"limit per client needs rateLimit.global (a GatewayExtension "
		"of a rate limit service)%s", n, rps ? "second" : "minute",
		int32_of(cap), rps && f->u.rate.per_minute > 0 ? "; limit-rpm "
		"is not carried over (one local limit per policy)" : "");
}

static void
tp_body(struct conv *c, const struct ir_feature *f, struct kgw_spec *s,
	bool grpc)
{
	struct doc_node *b;

	if (grpc) {
		kgw_diag(c, DIAG_WARNING, f, "not converted: kgateway's "
			"request buffer breaks gRPC streaming, and the routes "
			"include GRPCRoutes");
		return;
	}
	if (f->u.body.bytes <= 0 || f->u.body.bytes >= 4LL << 30) {
		kgw_diag(c, DIAG_WARNING, f, "not converted: kgateway limits "
			"a buffered body between 1 byte and 4Gi, and streams "
			"bodies of any size without one");
		return;
	}
	b = doc_new_map(c->a);
	doc_map_add_int(c->a, b, "maxRequestSize", f->u.body.bytes);
	spec_add(s, "buffer", b);
	kgw_diag(c, DIAG_INFO, f, "converted to the TrafficPolicy's "
		"buffer.maxRequestSize %lld bytes: larger requests get 413 as "
		"in nginx, which also buffered request bodies "
		"(proxy-request-buffering on)", f->u.body.bytes);
}

/* ---- client addresses: the ACL ------------------------------------------- */

struct kgw_net {
	int af;
	unsigned char b[16];
	int len;
};

static bool
net_parse(const char *s, struct kgw_net *n)
{
	char buf[64];
	const char *sl = strchr(s, '/');
	size_t l = sl ? (size_t)(sl - s) : strlen(s);
	int max;

	memset(n, 0, sizeof(*n));
	if (l >= sizeof(buf))
		return false;
	memcpy(buf, s, l);
	buf[l] = '\0';
	if (inet_pton(AF_INET, buf, n->b) == 1) {
		n->af = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, n->b) == 1) {
		n->af = AF_INET6;
		max = 128;
	} else
		return false;
	n->len = max;
	if (sl) {
		char *e;
		long v = strtol(sl + 1, &e, 10);

		if (e == sl + 1 || *e || v < 0 || v > max)
			return false;
		n->len = (int)v;
	}
	return true;
}

/* Whether in lies within out. */
static bool
net_within(const struct kgw_net *in, const struct kgw_net *out)
{
	int full = out->len / 8, rest = out->len % 8;
	unsigned mask;

	if (in->af != out->af || in->len < out->len)
		return false;
	if (memcmp(in->b, out->b, (size_t)full))
		return false;
	mask = (0xffu << (8 - rest)) & 0xffu;
	return !rest || !((in->b[full] ^ out->b[full]) & mask);
}

/* Whether v lies within an entry of l (unparsable: false). */
static bool
within_any(const char *v, const struct ir_strings *l)
{
	struct kgw_net a, b;

	if (!net_parse(v, &a))
		return false;
	for (size_t i = 0; i < l->len; i++)
		if (net_parse(l->v[i], &b) && net_within(&a, &b))
			return true;
	return false;
}

/* Rules of action for the entries of l (none of them skipped). */
static size_t
acl_rules(struct conv *c, struct doc_node *rules, const char *name,
	const char *action, const struct ir_strings *l,
	const struct ir_strings *deny)
{
	struct doc_node *cidrs = NULL;
	size_t n = 0;

	for (size_t i = 0; i < l->len; i++) {
		if (deny && within_any(l->v[i], deny))
			continue;
		if (!cidrs || doc_len(cidrs) == MAX_CIDRS) {
			struct doc_node *r = doc_seq_add_map(c->a, rules);

			doc_map_add_str(c->a, r, "name", name);
			doc_map_add_str(c->a, r, "action", action);
			cidrs = doc_map_add_seq(c->a, r, "cidrs");
		}
		doc_seq_add_str(c->a, cidrs, l->v[i]);
		n++;
	}
	return n;
}

static void
tp_acl(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	const struct ir_strings *al = &f->u.ip.allow, *dl = &f->u.ip.deny;
	struct doc_node *acl = doc_new_map(c->a), *rules;
	size_t nallow;

	doc_map_add_str(c->a, acl, "defaultAction", al->len ? "deny" :
		"allow");
	rules = doc_new_seq(c->a);
	acl_rules(c, rules, "denylist-source-range", "deny", dl, NULL);
	/*
	 * kgateway takes the longest prefix, nginx the first line, and the
	 * deny lines come first: an allowed range inside a denied one
	 * stays denied, so it is left out.
	 */
	nallow = acl_rules(c, rules, "allowlist-source-range", "allow", al,
		dl);
	if (doc_len(rules))
		doc_map_add(c->a, acl, "rules", rules);
	spec_add(s, "acl", acl);
	kgw_diag(c, DIAG_INFO, f, "converted to the TrafficPolicy's acl by "
		"client address (403 as in nginx)%s; the client address is "
		"the connection's unless a ListenerPolicy trusts "
		"X-Forwarded-For (xffNumTrustedHops), as nginx's "
		"use-forwarded-headers did", nallow < al->len ? "; allowed "
		"ranges within a denied one are left out, since nginx denied "
		"them first" : "");
}

/* ---- authentication ------------------------------------------------------- */

/* "name" or "ns/name" of a Secret; false when ns is not ing's. */
static bool
secret_of(struct conv *c, const struct ir_feature *f, const char **ns,
	const char **name)
{
	const char *sec = f->u.basic.secret, *sl = strchr(sec, '/');

	*ns = f->ing->ns;
	*name = sec;
	if (!sl)
		return true;
	*ns = arena_strndup(c->a, sec, (size_t)(sl - sec));
	*name = sl + 1;
	return !strcmp(*ns, f->ing->ns);
}

static void
tp_basic(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	const char *ns, *name;
	struct doc_node *ba, *ref;
	bool local;

	if (f->u.basic.digest) {
		kgw_fail_closed(c, f, "digest authentication has no kgateway "
			"equivalent; use basic or external authentication");
		return;
	}
	if (!f->u.basic.secret)
		return;
	local = secret_of(c, f, &ns, &name);
	ba = doc_new_map(c->a);
	ref = doc_map_add_map(c->a, ba, "secretRef");
	doc_map_add_str(c->a, ref, "name", name);
	if (!local)
		doc_map_add_str(c->a, ref, "namespace", ns);
	/* ingress-nginx's key, where kgateway's default is .htpasswd */
	doc_map_add_str(c->a, ref, "key", "auth");
	spec_add(s, "basicAuth", ba);
	kgw_diag(c, DIAG_WARNING, f, "converted to the TrafficPolicy's "
		"basicAuth with key 'auth' of Secret '%s/%s'%s: Envoy accepts "
		"only {SHA} password hashes and does not name the realm; "
		"re-hash other entries with 'htpasswd -s'%s", ns, name,
		f->u.basic.auth_map ? " (an auth-map, one key per user, which "
		"kgateway does not read: put an htpasswd file in key 'auth' "
		"first)" : "", local ? "" : "; the Secret is in another "
		"namespace, which needs a ReferenceGrant from TrafficPolicy");
}

static void
tp_ext_auth(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	const char *ns, *svc, *path, *name;
	struct doc_node *o, *ea, *hs, *ref, *ext;
	bool https;
	int port;

	if (!conv_auth_service(c, f->u.ext.url, f->ing->ns, &ns, &svc, &port,
	    &path, &https)) {
		kgw_fail_closed(c, f, arena_printf(c->a, "'%s' is not a "
			"Service of the cluster; a kgateway GatewayExtension "
			"of type extAuth needs a backendRef (a kgateway "
			"Backend for outside hosts): add a Backend, a "
			"GatewayExtension and the TrafficPolicy's extAuth by "
			"hand", f->u.ext.url));
		return;
	}
	name = names_sanitize(c->a, arena_printf(c->a, "%s-ext-auth",
		f->ing->name));
	o = kgw_object(c, KGW_EXT, name, f->ing);
	ea = doc_map_add_map(c->a, doc_map_add_map(c->a, o, "spec"),
		"extAuth");
	hs = doc_map_add_map(c->a, ea, "httpService");
	ref = doc_map_add_map(c->a, hs, "backendRef");
	doc_map_add_str(c->a, ref, "name", svc);
	if (strcmp(ns, f->ing->ns))
		doc_map_add_str(c->a, ref, "namespace", ns);
	doc_map_add_int(c->a, ref, "port", port);
	if (strcmp(path, "/"))
		doc_map_add_str(c->a, hs, "pathPrefix", path);
	if (f->u.ext.response_headers.len) {
		struct doc_node *hb = doc_map_add_seq(c->a, doc_map_add_map(
			c->a, hs, "authorizationResponse"), "headersToBackend");

		for (size_t i = 0; i < f->u.ext.response_headers.len; i++)
			doc_seq_add_str(c->a, hb,
				f->u.ext.response_headers.v[i]);
	}
	/* nginx answers 500 when the auth service cannot be asked */
	doc_map_add_int(c->a, ea, "statusOnError", 500);
	PUSH(c->target_objs, c->ntarget_objs, o);
	ext = doc_new_map(c->a);
	doc_map_add_str(c->a, doc_map_add_map(c->a, ext, "extensionRef"),
		"name", name);
	spec_add(s, "extAuth", ext);
	kgw_diag(c, DIAG_WARNING, f, "converted to the GatewayExtension "
		"'%s' (extAuth.httpService: Service '%s/%s' port %d) that the "
		"TrafficPolicy's extAuth names: Envoy sends the auth service "
		"the request's path after the prefix '%s' where nginx sent "
		"'%s' alone with X-Original-URI, forwards only Host, Method, "
		"Path, Content-Length and Authorization unless the "
		"GatewayExtension lists headersToForward, and returns the auth "
		"service's denial as is where nginx answered 500 for codes "
		"other than 401 and 403%s%s", name, ns, svc, port, path, path,
		https ? "; the auth service speaks TLS, which needs a "
		"BackendTLSPolicy or BackendConfigPolicy tls" : "",
		strcmp(ns, f->ing->ns) ? "; the Service is in another "
		"namespace, which needs a ReferenceGrant from "
		"GatewayExtension" : "");
}

/* ---- the BackendConfigPolicy's fields ------------------------------------ */

static void
bcp_connect(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	if (!f->u.timeouts.connect)
		return;
	spec_add(s, "connectTimeout", doc_new_str(c->a, secs(c,
		f->u.timeouts.connect)));
}

static struct doc_node *
hash_policy(struct conv *c, struct doc_node *lb)
{
	struct doc_node *rh = doc_map_add_map(c->a, lb, "ringHash");

	return doc_seq_add_map(c->a, doc_map_add_seq(c->a, rh,
		"hashPolicies"));
}

static void
bcp_lb(struct conv *c, const struct ir_feature *f, struct kgw_spec *s)
{
	struct doc_node *lb = doc_new_map(c->a), *hp, *ck;

	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN:
		doc_map_add_map(c->a, lb, "roundRobin");
		break;
	case IR_LB_LEAST_REQUEST:
		doc_map_add_map(c->a, lb, "leastRequest");
		break;
	case IR_LB_HASH_HEADER:
		hp = hash_policy(c, lb);
		doc_map_add_str(c->a, doc_map_add_map(c->a, hp, "header"),
			"name", f->u.lb.name);
		break;
	case IR_LB_HASH_COOKIE:
		hp = hash_policy(c, lb);
		doc_map_add_str(c->a, doc_map_add_map(c->a, hp, "cookie"),
			"name", f->u.lb.name);
		break;
	case IR_LB_HASH_OTHER:
		kgw_diag(c, DIAG_WARNING, f, "'%s' is not a client address, a "
			"header or a cookie; Envoy's ring hash takes only "
			"those, so the source address is hashed instead",
			f->u.lb.expr);
		/* FALLTHROUGH */
	case IR_LB_HASH_SOURCE_IP:
		hp = hash_policy(c, lb);
		doc_map_add_map(c->a, hp, "sourceIP");
		break;
	case IR_LB_COOKIE_AFFINITY:
		hp = hash_policy(c, lb);
		ck = doc_map_add_map(c->a, hp, "cookie");
		doc_map_add_str(c->a, ck, "name", f->u.lb.name);
		/* with a ttl Envoy sets the cookie; 0s: a session cookie */
		doc_map_add_str(c->a, ck, "ttl", secs(c, f->u.lb.ttl));
		kgw_diag(c, DIAG_WARNING, f, "converted to a ring hash on the "
			"cookie '%s' (Envoy sets it when missing%s): a change "
			"in the endpoints moves some clients, where nginx kept "
			"them on their endpoint", f->u.lb.name, f->u.lb.ttl > 0 ?
			"" : ", as a session cookie");
		break;
	case IR_LB_OTHER:
	default:
		kgw_diag(c, DIAG_WARNING, f, "this algorithm has no kgateway "
			"loadBalancer type; the default (round robin) applies");
		return;
	}
	spec_add(s, "loadBalancer", lb);
}

/* ---- attaching ------------------------------------------------------------ */

static struct doc_node *
spec_object(struct conv *c, int which, const char *name,
	const struct ingress *ing, const struct kgw_spec *s)
{
	struct doc_node *o = kgw_object(c, which, name, ing);
	struct doc_node *spec = doc_map_add_map(c->a, o, "spec");
	struct doc_node *refs = doc_map_add_seq(c->a, spec, "targetRefs");

	for (size_t i = 0; i < s->n; i++)
		doc_map_add(c->a, spec, s->key[i], s->val[i]);
	PUSH(c->target_objs, c->ntarget_objs, o);
	return refs;
}

static const char *
part_name(struct conv *c, const struct ingress *ing, size_t part)
{
	return names_sanitize(c->a, part > 1 ? arena_printf(c->a, "%s-%zu",
		ing->name, part) : ing->name);
}

/* TrafficPolicies on ing's routes, MAX_REFS a policy. */
static void
route_policies(struct conv *c, const struct ingress *ing,
	const struct kgw_spec *s)
{
	struct route *const *rs;
	size_t nrs;
	struct doc_node *refs = NULL;
	size_t part = 0;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];
		struct doc_node *ref;

		if (!targets_route(r, ing))
			continue;
		if (!refs || doc_len(refs) == MAX_REFS)
			refs = spec_object(c, KGW_TP, part_name(c, ing, ++part),
				ing, s);
		ref = doc_seq_add_map(c->a, refs);
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", r->kind ? r->kind :
			"HTTPRoute");
		doc_map_add_str(c->a, ref, "name", r->name);
	}
}

/* False when another Ingress's policy has the Service: Envoy's cluster
 * takes one. */
static bool
bcp_claim(struct conv *c, struct kgw *st, const struct ingress *ing,
	const struct ir_feature *f, const char *svc)
{
	const char *sk = arena_printf(c->a, "%s/%s", ing->ns, svc);
	const struct ingress *other = strmap_get(&st->bcp, sk);

	if (!other) {
		strmap_put(&st->bcp, sk, (void *)ing);
		return true;
	}
	if (other != ing)
		kgw_diag(c, DIAG_WARNING, f, "Service '%s' has the "
			"BackendConfigPolicy of Ingress '%s/%s' already: "
			"kgateway applies one, for the routes of both", sk,
			other->ns, other->name);
	return false;
}

/* BackendConfigPolicies on the core Services of ing's routes; the
 * number of Services. */
static size_t
service_policies(struct conv *c, struct kgw *st, const struct ingress *ing,
	const struct kgw_spec *s, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	struct strmap seen = STRMAP_INIT;
	struct doc_node *refs = NULL;
	size_t part = 0, n = 0;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (!targets_route(r, ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			const struct rule *ru = &r->rules[k];

			for (size_t j = 0; j <= ru->nextra; j++) {
				const char *svc = j ? ru->extra[j - 1].service :
					ru->service;
				struct doc_node *ref;

				if (!svc || (!j && ru->backend_group) ||
				    strmap_get(&seen, svc))
					continue;
				strmap_put(&seen, svc, (void *)svc);
				if (!bcp_claim(c, st, ing, f, svc))
					continue;
				if (!refs || doc_len(refs) == MAX_REFS)
					refs = spec_object(c, KGW_BCP,
						part_name(c, ing, ++part), ing,
						s);
				ref = doc_seq_add_map(c->a, refs);
				doc_map_add_str(c->a, ref, "group", "");
				doc_map_add_str(c->a, ref, "kind", "Service");
				doc_map_add_str(c->a, ref, "name", svc);
				n++;
			}
		}
	}
	strmap_release(&seen);
	return n;
}

/* The features of one Ingress: fs[0..n) share fs->ing. */
static void
policies(struct conv *c, struct kgw *st, const struct ir_feature *fs,
	size_t n)
{
	struct route *const *rs;
	size_t nrs;
	const struct ingress *ing = fs[0].ing;
	const struct ir_feature *bf = NULL;
	struct kgw_spec tp = { 0 }, bcp = { 0 };
	bool routes = false, grpc = false;
	size_t nsvc;

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
		size_t before = bcp.n;

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS:
			tp_timeouts(c, f, &tp);
			bcp_connect(c, f, &bcp);
			break;
		case IR_FEAT_RETRY: tp_retry(c, f, &tp); break;
		case IR_FEAT_LOAD_BALANCING: bcp_lb(c, f, &bcp); break;
		case IR_FEAT_RATE_LIMIT: tp_rate(c, f, &tp); break;
		case IR_FEAT_BODY_SIZE: tp_body(c, f, &tp, grpc); break;
		case IR_FEAT_IP_ACCESS: tp_acl(c, f, &tp); break;
		case IR_FEAT_BASIC_AUTH: tp_basic(c, f, &tp); break;
		case IR_FEAT_EXT_AUTH: tp_ext_auth(c, f, &tp); break;
		default: break;
		}
		if (bcp.n > before && !bf)
			bf = f;
	}
	if (tp.n)
		route_policies(c, ing, &tp);
	if (!bcp.n)
		return;
	nsvc = service_policies(c, st, ing, &bcp, bf);
	for (size_t i = 0; i < n; i++) {
		const struct ir_feature *f = &fs[i];

		if (f->kind == IR_FEAT_TIMEOUTS && f->u.timeouts.connect)
			kgw_diag(c, DIAG_INFO, f, "the connect timeout %llds "
				"is the BackendConfigPolicy's connectTimeout "
				"on %zu Service%s: it applies to every route "
				"to them, from any Ingress",
				f->u.timeouts.connect, nsvc, nsvc == 1 ? "" :
				"s");
		else if (f->kind == IR_FEAT_LOAD_BALANCING &&
		    f->u.lb.kind != IR_LB_OTHER)
			kgw_diag(c, DIAG_INFO, f, "converted to the "
				"BackendConfigPolicy's loadBalancer on %zu "
				"Service%s: it applies to every route to them, "
				"from any Ingress", nsvc, nsvc == 1 ? "" : "s");
	}
}

static void
kgw_emit(struct conv *c, const struct ir *ir)
{
	struct kgw st = { STRMAP_INIT };

	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		policies(c, &st, &ir->features[i], j - i);
	}
	strmap_release(&st.bcp);
}

const struct conv_target conv_target_kgateway = {
	.table = &tgt_kgateway,
	.claims = kgw_claims,
	.nclaims = ARRAY_LEN(kgw_claims),
	.rows = kgw_rows,
	.nrows = ARRAY_LEN(kgw_rows),
	.regex_rewrite = kgw_regex_rewrite,
	.emit = kgw_emit,
};
