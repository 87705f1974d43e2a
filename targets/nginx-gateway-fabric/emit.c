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
#define ngf_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/nginx-gateway-fabric", sev, f, __VA_ARGS__)
#define ngf_fail_closed conv_feature_fail_closed

/*
 * The NGINX Gateway Fabric target: the IR features it claims as NGF
 * v2.6.7 objects (gateway.nginx.org/v1alpha1), each read in its CRD and
 * its controller: ClientSettingsPolicy (body size) per route,
 * ProxySettingsPolicy (timeouts) and RateLimitPolicy per Ingress on its
 * routes, UpstreamSettingsPolicy (load balancing) on its Services, and an
 * AuthenticationFilter (basic) that the rules refer to by ExtensionRef.
 * NGF is nginx: the Ingress's htpasswd Secret, its rates and its timeouts
 * mean what they meant.
 */

#define NGF_API "gateway.nginx.org/v1alpha1"
#define NGF_GROUP "gateway.nginx.org"
#define GW_GROUP "gateway.networking.k8s.io"
#define MAX_REFS 16		/* the CRDs' targetRefs maxItems */

static const enum ir_feature_kind ngf_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_LOAD_BALANCING, IR_FEAT_RATE_LIMIT,
	IR_FEAT_BODY_SIZE, IR_FEAT_BASIC_AUTH,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { NGF_CSP, NGF_PSP, NGF_RLP, NGF_USP, NGF_AUTHN };
static const struct conv_target_object ngf_objects[] = {
	[NGF_CSP] = { "ClientSettingsPolicy", NGF_API },
	[NGF_PSP] = { "ProxySettingsPolicy", NGF_API },
	[NGF_RLP] = { "RateLimitPolicy", NGF_API },
	[NGF_USP] = { "UpstreamSettingsPolicy", NGF_API },
	[NGF_AUTHN] = { "AuthenticationFilter", NGF_API },
};

static const struct conv_target_row ngf_rows[] = {
	{ IR_FEAT_TIMEOUTS, &ngf_objects[NGF_PSP], "timeout (connect, read, "
	  "send)" },
	{ IR_FEAT_LOAD_BALANCING, &ngf_objects[NGF_USP],
	  "loadBalancingMethod, hashMethodKey" },
	{ IR_FEAT_RATE_LIMIT, &ngf_objects[NGF_RLP], "rateLimit (rate, "
	  "burst, noDelay)" },
	{ IR_FEAT_BODY_SIZE, &ngf_objects[NGF_CSP], "body" },
	{ IR_FEAT_BASIC_AUTH, &ngf_objects[NGF_AUTHN], "basic (an "
	  "ExtensionRef filter on the rules)" },
};

struct ngf {
	struct strmap usp;		/* "ns/svc" -> its policy's feature */
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

/* Its objects carry the provenance of their Ingress, also where nothing
 * in the output refers to them. */
#define ngf_object(c, which, name, ing) \
	conv_target_object_new(c, &ngf_objects[which], name, (ing)->ns, ing)

static void
route_ref(struct conv *c, struct doc_node *ref, const struct route *r)
{
	doc_map_add_str(c->a, ref, "group", GW_GROUP);
	doc_map_add_str(c->a, ref, "kind", r->kind ? r->kind : "HTTPRoute");
	doc_map_add_str(c->a, ref, "name", r->name);
}

/*
 * Policies of kind for the routes of ing, at most MAX_REFS routes each
 * ("<ing>", then "<ing>-2", ...); fill writes the spec of each. False
 * when ing has no route.
 */
static bool
route_policies(struct conv *c, int kind, const struct ingress *ing,
	void (*fill)(struct conv *, struct doc_node *,
	const struct ir_feature *), const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	struct doc_node *refs = NULL;
	size_t part = 0;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (!targets_route(r, ing))
			continue;
		if (!refs || doc_len(refs) == MAX_REFS) {
			const char *name = names_sanitize(c->a, part++ ?
				arena_printf(c->a, "%s-%zu", ing->name, part) :
				ing->name);
			struct doc_node *o = ngf_object(c, kind, name, ing);
			struct doc_node *spec;

			spec = doc_map_add_map(c->a, o, "spec");

			refs = doc_map_add_seq(c->a, spec, "targetRefs");
			fill(c, spec, f);
			PUSH(c->target_objs, c->ntarget_objs, o);
		}
		route_ref(c, doc_seq_add_map(c->a, refs), r);
	}
	return part > 0;
}

/* An nginx duration of the CRDs' pattern (at most 4 digits). */
static const char *
duration(struct conv *c, long long s)
{
	if (s <= 9999)
		return arena_printf(c->a, "%llds", s);
	if (s % 60 == 0 && s / 60 <= 9999)
		return arena_printf(c->a, "%lldm", s / 60);
	return arena_printf(c->a, "%lldh", (s + 3599) / 3600);
}

/* An nginx size of the CRDs' pattern; *exact false when rounded up. */
static const char *
size(struct conv *c, long long b, bool *exact)
{
	static const struct {
		long long unit;
		const char *suffix;
	} units[] = {
		{ 1024LL * 1024 * 1024, "g" }, { 1024 * 1024, "m" },
		{ 1024, "k" }, { 1, "" },
	};

	*exact = true;
	for (size_t i = 0; i < ARRAY_LEN(units); i++)
		if (b % units[i].unit == 0 && b / units[i].unit <= 9999)
			return arena_printf(c->a, "%lld%s", b / units[i].unit,
				units[i].suffix);
	*exact = false;
	for (size_t i = ARRAY_LEN(units); i-- > 0;) {
		long long n = (b + units[i].unit - 1) / units[i].unit;

		if (n <= 9999)
			return arena_printf(c->a, "%lld%s", n, units[i].suffix);
	}
	return "9999g";
}

/* ---- timeouts, rate limits ----------------------------------------------- */

static void
fill_timeouts(struct conv *c, struct doc_node *spec, const struct ir_feature *f)
{
	struct doc_node *t = doc_map_add_map(c->a, spec, "timeout");

	if (f->u.timeouts.connect)
		doc_map_add_str(c->a, t, "connect", duration(c,
			f->u.timeouts.connect));
	if (f->u.timeouts.idle) {
		doc_map_add_str(c->a, t, "read", duration(c,
			f->u.timeouts.idle));
		doc_map_add_str(c->a, t, "send", duration(c,
			f->u.timeouts.idle));
	}
}

static void
timeouts(struct conv *c, const struct ir_feature *f)
{
	if (!route_policies(c, NGF_PSP, f->ing, fill_timeouts,
	    f))
		return;
	ngf_diag(c, DIAG_INFO, f, "converted to the ProxySettingsPolicy's "
		"timeout (proxy_connect_timeout, proxy_read_timeout and "
		"proxy_send_timeout, between two operations as in "
		"ingress-nginx)%s", f->u.timeouts.idle ? "; read and send "
		"both take the longer of the read and send timeouts" : "");
}

static void
add_rule(struct conv *c, struct doc_node *rules, long long n, char unit,
	long long burst)
{
	struct doc_node *r = doc_seq_add_map(c->a, rules);

	/* ingress-nginx's zone key, burst and nodelay */
	doc_map_add_str(c->a, r, "key", "$binary_remote_addr");
	doc_map_add_str(c->a, r, "rate", arena_printf(c->a, "%lldr/%c", n,
		unit));
	if (burst > 0 && burst <= 0x7fffffff)
		doc_map_add_int(c->a, r, "burst", burst);
	doc_map_add(c->a, r, "noDelay", doc_new_bool(c->a, true));
}

static void
fill_rate(struct conv *c, struct doc_node *spec, const struct ir_feature *f)
{
	struct doc_node *rl = doc_map_add_map(c->a, spec, "rateLimit");
	struct doc_node *rules = doc_map_add_seq(c->a, doc_map_add_map(c->a,
		rl, "local"), "rules");
	long long s = f->u.rate.per_second, m = f->u.rate.per_minute;

	/* the burst is the multiplier times each limit */
	if (s > 0)
		add_rule(c, rules, s, 's', f->u.rate.burst);
	if (m > 0)
		add_rule(c, rules, m, 'm', s > 0 ? f->u.rate.burst / s * m :
			f->u.rate.burst);
	doc_map_add_int(c->a, rl, "rejectCode", 503);
}

static void
rate_limit(struct conv *c, const struct ir_feature *f)
{
	if (!route_policies(c, NGF_RLP, f->ing, fill_rate, f))
		return;
	ngf_diag(c, DIAG_INFO, f, "converted to the RateLimitPolicy's local "
		"rules: per client address, with ingress-nginx's burst and "
		"nodelay, answering 503 as it did; counted by each NGINX "
		"replica, as each ingress-nginx replica counted");
}

/* ---- body size: a ClientSettingsPolicy per route ------------------------- */

static void
body_size(struct conv *c, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	bool exact, any = false;
	const char *v = size(c, f->u.body.bytes, &exact);

	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];
		struct doc_node *o, *spec;

		if (!targets_route(r, f->ing))
			continue;
		/* targetRef takes one route */
		o = ngf_object(c, NGF_CSP, r->name, r->ing);
		spec = doc_map_add_map(c->a, o, "spec");
		route_ref(c, doc_map_add_map(c->a, spec, "targetRef"), r);
		doc_map_add_str(c->a, doc_map_add_map(c->a, spec, "body"),
			"maxSize", v);
		PUSH(c->target_objs, c->ntarget_objs, o);
		any = true;
	}
	if (any)
		ngf_diag(c, DIAG_INFO, f, "converted to a ClientSettingsPolicy "
			"body.maxSize %s per route (client_max_body_size, 413 "
			"as in ingress-nginx)%s", v, exact ? "" : arena_printf(
			c->a, ", rounded up from %lld bytes", f->u.body.bytes));
}

/* ---- load balancing: an UpstreamSettingsPolicy on the Services ----------- */

/* The hash key as an nginx variable the CRD takes, or NULL. */
static const char *
hash_key(struct conv *c, const struct ir_feature *f)
{
	struct strbuf sb = STRBUF_INIT;
	const char *k;

	switch (f->u.lb.kind) {
	case IR_LB_HASH_SOURCE_IP:
		return "$binary_remote_addr";
	case IR_LB_HASH_HEADER:
		strbuf_addf(&sb, "$http_%s", f->u.lb.name);
		break;
	case IR_LB_HASH_COOKIE:
		strbuf_addf(&sb, "$cookie_%s", f->u.lb.name);
		break;
	default:
		strbuf_addf(&sb, "%s", f->u.lb.expr);
		break;
	}
	for (char *p = sb.buf + 1; *p; p++)
		if (*p == '-')
			*p = '_';
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	k = sb.buf[0] == '$' && sb.buf[1] && !sb.buf[1 + strspn(sb.buf + 1,
		"abcdefghijklmnopqrstuvwxyz_")] ? arena_strdup(c->a, sb.buf) :
		NULL;
	/* a cookie's name is case-sensitive: only a lower-case one keeps */
	if (k && f->u.lb.kind == IR_LB_HASH_COOKIE &&
	    strcmp(k + 8, f->u.lb.name))
		k = NULL;
	strbuf_release(&sb);
	return k;
}

/* False when another Ingress's policy has the Service (NGF takes one). */
static bool
usp_claim(struct conv *c, struct ngf *st, const struct ir_feature *f,
	const char *svc)
{
	const char *sk = arena_printf(c->a, "%s/%s", f->ing->ns, svc);
	const struct ir_feature *other = strmap_get(&st->usp, sk);

	if (!other) {
		strmap_put(&st->usp, sk, (void *)f);
		return true;
	}
	if (other != f)
		ngf_diag(c, DIAG_WARNING, f, "Service '%s' has the "
			"UpstreamSettingsPolicy of Ingress '%s/%s' already: "
			"NGF applies one, for the routes of both", sk,
			other->ing->ns, other->ing->name);
	return false;
}

/* A policy of f's Ingress; its targetRefs. */
static struct doc_node *
usp(struct conv *c, const struct ir_feature *f, const char *name,
	const char *method, const char *key)
{
	struct doc_node *o = ngf_object(c, NGF_USP, name,
		f->ing);
	struct doc_node *spec = doc_map_add_map(c->a, o, "spec");

	doc_map_add_str(c->a, spec, "loadBalancingMethod", method);
	if (key)
		doc_map_add_str(c->a, spec, "hashMethodKey", key);
	PUSH(c->target_objs, c->ntarget_objs, o);
	return doc_map_add_seq(c->a, spec, "targetRefs");
}

static void
svc_ref(struct conv *c, struct doc_node *ref, const char *svc)
{
	doc_map_add_str(c->a, ref, "group", "");
	doc_map_add_str(c->a, ref, "kind", "Service");
	doc_map_add_str(c->a, ref, "name", svc);
}

static void
load_balancing(struct conv *c, struct ngf *st, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	const char *method = NULL, *key = NULL;
	const char *name = names_sanitize(c->a, f->ing->name);
	struct doc_node *refs = NULL;
	size_t nsvc = 0, part = 0;

	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN: method = "round_robin"; break;
	case IR_LB_LEAST_REQUEST: method = "least_conn"; break;
	case IR_LB_OTHER:
		ngf_diag(c, DIAG_WARNING, f, "this algorithm has no "
			"UpstreamSettingsPolicy loadBalancingMethod; NGF's "
			"default (random two least_conn) applies");
		return;
	case IR_LB_COOKIE_AFFINITY:
		ngf_diag(c, DIAG_WARNING, f, "not converted: NGF keeps a "
			"client on its endpoint by cookie only with NGINX Plus "
			"(the HTTPRoute rules' sessionPersistence, Plus only); "
			"with NGINX OSS an UpstreamSettingsPolicy "
			"loadBalancingMethod 'hash consistent' on "
			"$binary_remote_addr is the nearest");
		return;
	default:
		if (!(key = hash_key(c, f))) {
			ngf_diag(c, DIAG_WARNING, f, "not converted: the "
				"UpstreamSettingsPolicy's hashMethodKey takes "
				"one nginx variable of lower-case letters and "
				"'_', which '%s' is not", f->u.lb.kind ==
				IR_LB_HASH_OTHER ? f->u.lb.expr : f->u.lb.name);
			return;
		}
		method = "hash consistent";
		break;
	}
	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (!targets_route(r, f->ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			const struct rule *ru = &r->rules[k];

			for (size_t j = 0; j <= ru->nextra; j++) {
				const char *s = j ? ru->extra[j - 1].service :
					ru->service;

				if (!s || (!j && ru->backend_group) ||
				    !usp_claim(c, st, f, s))
					continue;
				if (refs && doc_len(refs) < MAX_REFS)
					;
				else if (part++)
					refs = usp(c, f, names_sanitize(c->a,
						arena_printf(c->a, "%s-%zu",
						name, part)), method, key);
				else
					refs = usp(c, f, name, method, key);
				svc_ref(c, doc_seq_add_map(c->a, refs), s);
				nsvc++;
			}
		}
	}
	if (nsvc)
		ngf_diag(c, DIAG_INFO, f, "converted to the "
			"UpstreamSettingsPolicy '%s' on %zu Service%s "
			"(loadBalancingMethod %s%s%s): it applies to every "
			"route to them, from any Ingress", name, nsvc,
			nsvc == 1 ? "" : "s", method, key ? ", hashMethodKey " :
			"", key ? key : "");
}

/* ---- basic authentication: an AuthenticationFilter by ExtensionRef ------- */

static void
basic_auth(struct conv *c, const struct ir_feature *f)
{
	struct route *const *rs;
	size_t nrs;
	const char *sec = f->u.basic.secret, *sl, *name;
	struct ir_regex_rewrite *ref;
	struct doc_node *o, *spec, *basic;
	bool any = false;

	if (f->u.basic.digest) {
		ngf_fail_closed(c, f, "digest authentication has no NGF "
			"AuthenticationFilter type (Basic; JWT and OIDC with "
			"NGINX Plus); use basic authentication");
		return;
	}
	if (!sec)
		return;
	sl = strchr(sec, '/');
	if (sl && (strlen(f->ing->ns) != (size_t)(sl - sec) ||
	    strncmp(sec, f->ing->ns, (size_t)(sl - sec)))) {
		ngf_fail_closed(c, f, arena_printf(c->a, "the "
			"AuthenticationFilter reads a Secret of its own "
			"namespace only, and '%s' is in another: copy it to "
			"'%s' and convert again", sec, f->ing->ns));
		return;
	}
	name = names_sanitize(c->a, arena_printf(c->a, "%s-basic-auth",
		f->ing->name));
	o = ngf_object(c, NGF_AUTHN, name, f->ing);
	spec = doc_map_add_map(c->a, o, "spec");
	doc_map_add_str(c->a, spec, "type", "Basic");
	basic = doc_map_add_map(c->a, spec, "basic");
	doc_map_add_str(c->a, doc_map_add_map(c->a, basic, "secretRef"),
		"name", sl ? sl + 1 : sec);
	doc_map_add_str(c->a, basic, "realm", "Authentication Required");
	/*
	 * The IR's ExtensionRef filter (the one a regex rewrite uses) refers
	 * to a target's object: here the AuthenticationFilter, on every rule
	 * with a backend.
	 */
	ref = arena_alloc(c->a, sizeof(*ref));
	memset(ref, 0, sizeof(*ref));
	ref->group = NGF_GROUP;
	ref->kind = ngf_objects[NGF_AUTHN].kind;
	ref->object = name;
	ref->desc = arena_printf(c->a, "the NGINX Gateway Fabric "
		"AuthenticationFilter '%s'", name);
	rs = conv_routes_of(c, f->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		if (!targets_route(r, f->ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service)
				continue;
			ir_filter_add(&c->ir_arena, ru, IR_FILTER_REGEX_REWRITE,
				f->node)->u.regex = *ref;
			any = true;
		}
	}
	if (!any)
		return;
	PUSH(c->target_objs, c->ntarget_objs, o);
	ngf_diag(c, f->u.basic.auth_map ? DIAG_WARNING : DIAG_INFO, f,
		"converted to the AuthenticationFilter '%s' (type Basic), "
		"referred to by ExtensionRef from each rule: NGF reads the "
		"htpasswd in key 'auth' of Secret '%s' (type Opaque) as "
		"ingress-nginx did, with the realm 'Authentication "
		"Required'%s", name, sec, f->u.basic.auth_map ? "; the Secret "
		"is an auth-map (one key per user), which NGF does not read: "
		"until it holds an htpasswd file in key 'auth', NGF refuses "
		"the filter and the rules answer 500" : "");
}

/* The features of one Ingress: fs[0..n) share f->ing. */
static void
features(struct conv *c, struct ngf *st, const struct ir_feature *fs,
	size_t n)
{
	struct route *const *rs;
	size_t nrs;
	bool routes = false;

	rs = conv_routes_of(c, fs[0].ing, &nrs);
	for (size_t i = 0; i < nrs && !routes; i++)
		routes = targets_route(rs[i], fs[0].ing);
	if (!routes)	/* nothing to attach to */
		return;
	for (size_t i = 0; i < n; i++) {
		const struct ir_feature *f = &fs[i];

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS: timeouts(c, f); break;
		case IR_FEAT_LOAD_BALANCING: load_balancing(c, st, f); break;
		case IR_FEAT_RATE_LIMIT: rate_limit(c, f); break;
		case IR_FEAT_BODY_SIZE: body_size(c, f); break;
		case IR_FEAT_BASIC_AUTH: basic_auth(c, f); break;
		default: break;
		}
	}
}

static void
ngf_emit(struct conv *c, const struct ir *ir)
{
	struct ngf st = { STRMAP_INIT };

	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		features(c, &st, &ir->features[i], j - i);
	}
	strmap_release(&st.usp);
}

const struct conv_target conv_target_nginx_gateway_fabric = {
	.table = &tgt_nginx_gateway_fabric,
	.claims = ngf_claims,
	.nclaims = ARRAY_LEN(ngf_claims),
	.rows = ngf_rows,
	.nrows = ARRAY_LEN(ngf_rows),
	.emit = ngf_emit,
};
