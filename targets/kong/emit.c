#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

/*
 * The Kong target (Kong Ingress Controller 3.5, CRDs of
 * Kong/kubernetes-configuration v1.5.2): the IR features it claims as
 * KongPlugins (configuration.konghq.com/v1) attached to the routes of
 * their Ingress by the route annotation konghq.com/plugins, which KIC
 * reads on HTTPRoutes and GRPCRoutes: ip-restriction, basic-auth with
 * acl, rate-limiting, request-size-limiting, and cors in place of the
 * CORS filter, which KIC refuses. What Kong reads from the Service
 * (timeouts, retries, the KongUpstreamPolicy of load balancing) is a
 * kubectl command in a diagnostic: ing2gw never changes the user's
 * Services.
 */

#define KONG_API "configuration.konghq.com/v1"
#define KONG_BETA_API "configuration.konghq.com/v1beta1"
#define PLUGINS_KEY "konghq.com/plugins"

static const enum ir_feature_kind kong_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_RETRY, IR_FEAT_LOAD_BALANCING,
	IR_FEAT_RATE_LIMIT, IR_FEAT_BODY_SIZE, IR_FEAT_IP_ACCESS,
	IR_FEAT_BASIC_AUTH,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { KONG_PLUGIN, KONG_UPSTREAM };
static const struct conv_target_object kong_objects[] = {
	[KONG_PLUGIN] = { "KongPlugin", KONG_API },
	[KONG_UPSTREAM] = { "KongUpstreamPolicy", KONG_BETA_API },
};

static const struct conv_target_row kong_rows[] = {
	{ IR_FEAT_TIMEOUTS, NULL, "the Service annotations "
	  "konghq.com/connect-timeout, read-timeout, write-timeout (a "
	  "kubectl command in a diagnostic)" },
	{ IR_FEAT_RETRY, NULL, "the Service annotation konghq.com/retries (a "
	  "kubectl command in a diagnostic)" },
	{ IR_FEAT_LOAD_BALANCING, &kong_objects[KONG_UPSTREAM], "algorithm, "
	  "hashOn (the Service annotation konghq.com/upstream-policy, a "
	  "kubectl command in a diagnostic)" },
	{ IR_FEAT_RATE_LIMIT, &kong_objects[KONG_PLUGIN], "rate-limiting" },
	{ IR_FEAT_BODY_SIZE, &kong_objects[KONG_PLUGIN],
	  "request-size-limiting" },
	{ IR_FEAT_IP_ACCESS, &kong_objects[KONG_PLUGIN], "ip-restriction" },
	{ IR_FEAT_BASIC_AUTH, &kong_objects[KONG_PLUGIN], "basic-auth and "
	  "acl" },
};

/* One Service annotation written by a command: who asked for what. */
struct svc_value {
	const char *value;
	const struct ingress *ing;
};

struct kong {
	struct strmap svc;	/* "ns/svc\nkey" -> struct svc_value */
	struct strmap cors;	/* "%p" of an ir_cors -> its plugin */
	struct strmap names;	/* the cors plugins' names */
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

/* Adds name to the route's konghq.com/plugins (a comma list). */
static void
attach_route(struct conv *c, struct route *r, const char *name)
{
	struct ir_annotations *l = &r->annotations;
	struct ir_annotation *v;

	for (size_t i = 0; i < l->len; i++) {
		const char *p;
		size_t n = strlen(name);

		if (strcmp(l->v[i].key, PLUGINS_KEY))
			continue;
		for (p = l->v[i].value; p; p = strchr(p, ','), p = p ? p + 1 :
		    NULL)
			if (!strncmp(p, name, n) && (!p[n] || p[n] == ','))
				return;
		l->v[i].value = arena_printf(c->a, "%s,%s", l->v[i].value,
			name);
		return;
	}
	v = arena_alloc(c->a, (l->len + 1) * sizeof(*v));
	if (l->len)
		memcpy(v, l->v, l->len * sizeof(*v));
	v[l->len] = (struct ir_annotation){ PLUGINS_KEY, name, r->ing, NULL };
	l->v = v;
	l->len++;
}

/* name to every route of ing; false when it has none. */
static bool
attach(struct conv *c, const struct ingress *ing, const char *name)
{
	struct route *const *rs;
	size_t nrs;
	bool any = false;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++)
		if (targets_route(rs[i], ing)) {
			attach_route(c, rs[i], name);
			any = true;
		}
	return any;
}

/* Its objects carry the provenance of their Ingress, also where nothing
 * in the output refers to them. */
#define kong_object(c, which, name, ing) \
	conv_target_object_new(c, &kong_objects[which], name, (ing)->ns, ing)

/* A KongPlugin of ing named "<ing>-<suffix>"; its config map. */
static struct doc_node *
plugin(struct conv *c, const struct ingress *ing, const char *suffix,
	const char *type, const char **name_out)
{
	const char *name = names_sanitize(c->a, arena_printf(c->a, "%s-%s",
		ing->name, suffix));
	struct doc_node *o = kong_object(c, KONG_PLUGIN, name,
		ing);

	doc_map_add_str(c->a, o, "plugin", type);
	PUSH(c->target_objs, c->ntarget_objs, o);
	attach(c, ing, name);
	*name_out = name;
	return doc_map_add_map(c->a, o, "config");
}

static void
add_strings(struct conv *c, struct doc_node *m, const char *key,
	const struct ir_strings *l)
{
	struct doc_node *seq = doc_map_add_seq(c->a, m, key);

	for (size_t i = 0; i < l->len; i++)
		doc_seq_add_str(c->a, seq, l->v[i]);
}

/* ---- the Services' annotations ------------------------------------------- */

/* The core Services of ing's routes, first seen first. */
static void
services(struct conv *c, const struct ingress *ing, struct ir_strings *out)
{
	struct route *const *rs;
	size_t nrs;

	out->v = NULL;
	out->len = 0;
	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		const struct route *r = rs[i];

		if (!targets_route(r, ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			const struct rule *ru = &r->rules[k];

			for (size_t j = 0; j <= ru->nextra; j++) {
				const char *s = j ? ru->extra[j - 1].service :
					ru->service;
				size_t m = 0;

				if (!s || (!j && ru->backend_group))
					continue;
				while (m < out->len && strcmp(out->v[m], s))
					m++;
				if (m < out->len)
					continue;
				out->v = xrealloc(out->v, (out->len + 1) *
					sizeof(*out->v));
				out->v[out->len++] = s;
			}
		}
	}
}

/*
 * The command that sets the annotations keys[i]=vals[i] on the Services
 * of f's Ingress, in a warning; a note for each value another Ingress
 * gave the same Service (one annotation per Service: the last run wins).
 */
static void
annotate_services(struct conv *c, struct kong *k, const struct ir_feature *f,
	const char *what, const char *const *keys, const char *const *vals,
	size_t n, const char *why)
{
	struct ir_strings svcs;
	struct strbuf cmd = STRBUF_INIT, key = STRBUF_INIT;

	services(c, f->ing, &svcs);
	if (!svcs.len) {
		conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "%s: not "
			"converted: Kong reads it from the annotations of the "
			"backend Service, and the routes have none", what);
		return;
	}
	strbuf_addf(&cmd, "kubectl annotate --overwrite -n %s", f->ing->ns);
	for (size_t i = 0; i < svcs.len; i++)
		strbuf_addf(&cmd, " service/%s", svcs.v[i]);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&cmd, " %s=%s", keys[i], vals[i]);
	conv_feature_say(c, "convert/kong-service-annotation", DIAG_WARNING, f,
		"%s: Kong reads %s from the annotations of the Service, which "
		"ing2gw does not change: run '%s'%s", what, n == 1 ? "it" :
		"them", cmd.buf, why ? why : "");
	for (size_t i = 0; i < svcs.len; i++)
		for (size_t j = 0; j < n; j++) {
			struct svc_value *sv;

			strbuf_reset(&key);
			strbuf_addf(&key, "%s/%s\n%s", f->ing->ns, svcs.v[i],
				keys[j]);
			sv = strmap_get(&k->svc, key.buf);
			if (!sv) {
				sv = arena_alloc(c->a, sizeof(*sv));
				sv->value = vals[j];
				sv->ing = f->ing;
				strmap_put(&k->svc, arena_strdup(c->a,
					key.buf), sv);
			} else if (strcmp(sv->value, vals[j])) {
				diag_add_note(c->sink, conv_pos(c, f->node),
					"Ingress '%s/%s' routes to Service "
					"'%s/%s' too, with %s=%s: one Service "
					"has one value, for the routes of "
					"both", sv->ing->ns, sv->ing->name,
					f->ing->ns, svcs.v[i], keys[j],
					sv->value);
			}
		}
	free(svcs.v);
	strbuf_release(&cmd);
	strbuf_release(&key);
}

static const char *
ms(struct conv *c, long long s)
{
	return arena_printf(c->a, "%lld", s * 1000);
}

/*
 * KIC makes an HTTPRoute rule's timeouts.backendRequest the Kong Service's
 * connect, read and write timeouts, each between two operations as in
 * nginx: the idle timeout goes there on every rule with a backend (KIC's
 * webhook wants one value for all). True when a route took it.
 */
static bool
backend_timeouts(struct conv *c, const struct ir_feature *t, bool *grpc)
{
	struct route *const *rs;
	size_t nrs;
	const char *v = arena_printf(c->a, "%llds", t->u.timeouts.idle);
	bool any = false;

	*grpc = false;
	rs = conv_routes_of(c, t->ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		if (!targets_route(r, t->ing))
			continue;
		if (r->kind && strcmp(r->kind, "HTTPRoute")) {
			*grpc = true;	/* GRPCRoute has no timeouts */
			continue;
		}
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service)
				continue;
			ru->timeouts.backend_request = v;
			ru->timeouts.node = t->node;
			any = true;
		}
	}
	return any;
}

/* retries: nginx's tries less the first; 2 is ingress-nginx's default. */
static void
service_settings(struct conv *c, struct kong *k, const struct ir_feature *t,
	const struct ir_feature *r)
{
	const char *keys[4], *vals[4];
	size_t n = 0;
	bool routed = false, grpc = false;

	if (t) {
		if (t->u.timeouts.idle)
			routed = backend_timeouts(c, t, &grpc);
		if (routed)
			conv_feature_say(c, "convert/kong", DIAG_INFO, t, "converted "
				"to timeouts.backendRequest %llds on the "
				"HTTPRoute rules (the longer of the read and "
				"send timeouts): KIC makes it the Kong "
				"Service's read and write timeouts, between "
				"two operations as in nginx, and its connect "
				"timeout%s", t->u.timeouts.idle,
				t->u.timeouts.connect ? " unless the Service "
				"says otherwise" : " too");
		if (t->u.timeouts.connect) {
			keys[n] = "konghq.com/connect-timeout";
			vals[n++] = ms(c, t->u.timeouts.connect);
		}
		if (t->u.timeouts.idle && (!routed || grpc)) {
			keys[n] = "konghq.com/read-timeout";
			vals[n++] = ms(c, t->u.timeouts.idle);
			keys[n] = "konghq.com/write-timeout";
			vals[n++] = ms(c, t->u.timeouts.idle);
		}
		if (!r) {
			keys[n] = "konghq.com/retries";
			vals[n++] = "2";
		}
		if (n)
			annotate_services(c, k, t, arena_printf(c->a, "%s%s",
				n > (r ? 0 : 1) ? "timeouts in milliseconds" :
				"", r ? "" : n > 1 ? " and retries" :
				"retries"), keys, vals, n, t->u.timeouts.idle &&
				(!routed || grpc) ? "; read and write take the "
				"longer of the read and send timeouts, between "
				"two operations as in nginx" : NULL);
		if (!r)
			diag_add_note(c->sink, conv_pos(c, t->node),
				"konghq.com/retries=2 keeps ingress-nginx's "
				"3 tries: Kong retries 5 times by default, "
				"each with the whole timeout");
	}
	if (!r)
		return;
	for (size_t i = 0; i < r->u.retry.non; i++)
		if (r->u.retry.on[i].on == IR_RETRY_STATUS)
			conv_feature_say(c, "convert/kong", DIAG_WARNING, r,
				"condition 'http_%d': Kong retries a failed "
				"connection or a timeout, never on a response "
				"status; it is left out",
				r->u.retry.on[i].code);
	for (size_t i = 0; i < r->u.retry.nunknown; i++)
		conv_feature_say(c, "convert/kong", DIAG_WARNING, r, "condition '%s' "
			"has no Kong equivalent; it is left out",
			r->u.retry.unknown[i]);
	keys[0] = "konghq.com/retries";
	vals[0] = r->u.retry.off ? "0" : r->u.retry.tries > 0 ?
		arena_printf(c->a, "%lld", r->u.retry.tries - 1) : "2";
	annotate_services(c, k, r, "retries (tries less the first)", keys,
		vals, 1, NULL);
}

/* ---- load balancing ------------------------------------------------------ */

/* NAME of "$arg_NAME", a single variable; else NULL. A loop, not strchr:
 * GCC's overread check misjudges the string in the sanitizer build. */
static const char *
query_arg(const char *e)
{
	if (!e || strncmp(e, "$arg_", 5) || !e[5])
		return NULL;
	for (const char *p = e + 5; *p; p++)
		if (*p == '$')
			return NULL;
	return e + 5;
}

static void
upstream_policy(struct conv *c, struct kong *k, const struct ir_feature *f)
{
	const char *name = names_sanitize(c->a, f->ing->name), *alg;
	const char *key = "konghq.com/upstream-policy";
	struct doc_node *o, *spec, *h = NULL;
	const char *e = f->u.lb.expr, *arg;

	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN: alg = "round-robin"; break;
	case IR_LB_LEAST_REQUEST: alg = "least-connections"; break;
	case IR_LB_OTHER:
		conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "this algorithm "
			"has no KongUpstreamPolicy algorithm; Kong's default "
			"(round-robin) applies");
		return;
	default: alg = "consistent-hashing"; break;
	}
	o = kong_object(c, KONG_UPSTREAM, name,
		f->ing);
	spec = doc_map_add_map(c->a, o, "spec");
	doc_map_add_str(c->a, spec, "algorithm", alg);
	if (f->u.lb.kind >= IR_LB_HASH_SOURCE_IP)
		h = doc_map_add_map(c->a, spec, "hashOn");
	switch (f->u.lb.kind) {
	case IR_LB_HASH_SOURCE_IP:
		doc_map_add_str(c->a, h, "input", "ip");
		break;
	case IR_LB_HASH_HEADER:
		doc_map_add_str(c->a, h, "header", f->u.lb.name);
		break;
	case IR_LB_HASH_COOKIE:
		/* the CRD wants a path with a cookie */
		doc_map_add_str(c->a, h, "cookie", f->u.lb.name);
		doc_map_add_str(c->a, h, "cookiePath", "/");
		conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "a client "
			"without the cookie '%s' gets one from Kong, where "
			"nginx hashed the empty value", f->u.lb.name);
		break;
	case IR_LB_HASH_OTHER:
		if ((arg = query_arg(e))) {
			doc_map_add_str(c->a, h, "queryArg", arg);
		} else if (!strcmp(e, "$uri")) {
			doc_map_add_str(c->a, h, "input", "path");
		} else {
			conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "'%s' is "
				"not a client address, header, cookie, query "
				"argument or path; Kong's consistent hashing "
				"takes only those, so the client address is "
				"hashed instead", e);
			doc_map_add_str(c->a, h, "input", "ip");
		}
		break;
	case IR_LB_COOKIE_AFFINITY:
		doc_map_add_str(c->a, h, "cookie", f->u.lb.name);
		doc_map_add_str(c->a, h, "cookiePath", "/");
		conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "converted to "
			"consistent hashing on the cookie '%s', which Kong "
			"sets when missing, as a session cookie%s: a change in "
			"the endpoints moves some clients, where nginx kept "
			"them on their endpoint", f->u.lb.name,
			f->u.lb.ttl > 0 ?
			arena_printf(c->a, " (nginx's lasted %llds)",
			f->u.lb.ttl) : "");
		break;
	default:
		break;
	}
	PUSH(c->target_objs, c->ntarget_objs, o);
	annotate_services(c, k, f, arena_printf(c->a, "written as the "
		"KongUpstreamPolicy '%s' (%s)", name, alg), &key, &name, 1,
		"; without it the policy does nothing, and every Service of "
		"a rule with several backends needs the same one");
}

/* ---- plugins ------------------------------------------------------------- */

static void
rate_limiting(struct conv *c, const struct ir_feature *f)
{
	long long s = f->u.rate.per_second, m = f->u.rate.per_minute;
	const char *name;
	struct doc_node *cfg = plugin(c, f->ing, "rate-limiting",
		"rate-limiting", &name);
	bool both = s > 0 && m > 0 && m >= s;

	/* Kong refuses a minute limit below the second limit */
	if (s > 0 && (!m || both))
		doc_map_add_int(c->a, cfg, "second", s);
	if (m > 0)
		doc_map_add_int(c->a, cfg, "minute", m);
	doc_map_add_str(c->a, cfg, "limit_by", "ip");
	doc_map_add_str(c->a, cfg, "policy", "local");
	conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "converted to the "
		"KongPlugin '%s' (rate-limiting, per client address, counted "
		"by each Kong node): Kong counts requests in fixed windows of "
		"a %s and answers 429, where nginx allowed a burst of %lld "
		"and answered 503%s", name, both ? "second and of a minute" :
		s > 0 && !m ? "second" : "minute", f->u.rate.burst,
		s > 0 && m > 0 && !both ?
		"; the limit per second is left out, as Kong refuses one "
		"above the limit per minute" : "");
}

static void
size_limiting(struct conv *c, const struct ir_feature *f)
{
	const char *name;
	struct doc_node *cfg = plugin(c, f->ing, "request-size-limiting",
		"request-size-limiting", &name);

	doc_map_add_int(c->a, cfg, "allowed_payload_size", f->u.body.bytes);
	doc_map_add_str(c->a, cfg, "size_unit", "bytes");
	conv_feature_say(c, "convert/kong", DIAG_INFO, f, "converted to the "
		"KongPlugin '%s' (request-size-limiting, %lld bytes): larger "
		"requests get 413 as in nginx", name, f->u.body.bytes);
}

static void
ip_restriction(struct conv *c, const struct ir_feature *f)
{
	const char *name;
	struct doc_node *cfg = plugin(c, f->ing, "ip-restriction",
		"ip-restriction", &name);

	/* Kong checks deny, then allow, as nginx's deny ... allow ... */
	if (f->u.ip.allow.len)
		add_strings(c, cfg, "allow", &f->u.ip.allow);
	if (f->u.ip.deny.len)
		add_strings(c, cfg, "deny", &f->u.ip.deny);
	conv_feature_say(c, "convert/kong", DIAG_INFO, f, "converted to the "
		"KongPlugin '%s' (ip-restriction, 403 as in nginx); the "
		"client address is the connection's unless kong.conf's "
		"trusted_ips and real_ip_header say otherwise, as nginx's "
		"use-forwarded-headers did", name);
}

/*
 * Kong does not read htpasswd files: its users are KongConsumers with a
 * credential each, and any consumer passes any basic-auth plugin. The acl
 * plugin keeps the route to the users of the Ingress's Secret: a group
 * named after it, which the user gives those consumers.
 */
static void
basic_auth(struct conv *c, const struct ir_feature *f)
{
	const char *sec = f->u.basic.secret, *sl, *group, *bname, *aname;
	struct doc_node *cfg;

	if (f->u.basic.digest) {
		conv_feature_fail_closed(c, f, "digest authentication has no Kong "
			"plugin; use basic authentication");
		return;
	}
	if (!sec)
		return;
	sl = strchr(sec, '/');
	group = sl ? sec : arena_printf(c->a, "%s/%s", f->ing->ns, sec);
	plugin(c, f->ing, "basic-auth", "basic-auth", &bname);
	cfg = plugin(c, f->ing, "acl", "acl", &aname);
	doc_seq_add_str(c->a, doc_map_add_seq(c->a, cfg, "allow"), group);
	conv_feature_say(c, "convert/kong", DIAG_WARNING, f, "converted to the "
		"KongPlugins '%s' (basic-auth) and '%s' (acl, group '%s'); "
		"Kong does not read the htpasswd Secret '%s', so every request "
		"gets 401 until you add its users: for each, a KongConsumer "
		"(configuration.konghq.com/v1, with Kong's ingress class "
		"annotation kubernetes.io/ingress.class) whose credentials "
		"name a Secret labelled konghq.com/credential: basic-auth "
		"(keys username and password, the password itself, which an "
		"htpasswd hash does not give) and a Secret labelled "
		"konghq.com/credential: acl (key group: '%s'); ing2gw writes "
		"no credentials", bname, aname, group, group, group);
}

/* The CORS filter, which KIC refuses (the whole route is dropped), as a
 * cors plugin of the route. */
static void
cors(struct conv *c, struct kong *k, struct route *r, const struct ir_filter *f)
{
	const struct ir_cors *m = f->u.cors;
	char key[32];
	const char *name;
	struct doc_node *o, *cfg, *seq;

	snprintf(key, sizeof(key), "%p", (const void *)m);
	if ((name = strmap_get(&k->cors, key))) {
		attach_route(c, r, name);
		return;
	}
	/* an Ingress has one CORS filter; a second is not expected */
	for (unsigned idx = 1; !name || strmap_get(&k->names, name); idx++)
		name = names_sanitize(c->a, idx == 1 ? arena_printf(c->a,
			"%s-cors", r->ing->name) : arena_printf(c->a,
			"%s-cors-%u", r->ing->name, idx));
	strmap_put(&k->cors, arena_strdup(c->a, key), (void *)name);
	strmap_put(&k->names, name, (void *)name);
	o = kong_object(c, KONG_PLUGIN, name, r->ing);
	doc_map_add_str(c->a, o, "plugin", "cors");
	cfg = doc_map_add_map(c->a, o, "config");
	seq = doc_map_add_seq(c->a, cfg, "origins");
	for (size_t i = 0; i < m->origins.len; i++) {
		const char *v = m->origins.v[i];
		struct strbuf re = STRBUF_INIT;

		if (!strcmp(v, "*") || !strchr(v, '*')) {
			doc_seq_add_str(c->a, seq, v);
			continue;
		}
		/* a wildcard host: Kong takes a regex */
		strbuf_addc(&re, '^');
		for (; *v; v++) {
			if (*v == '*')
				strbuf_addf(&re, "[^./]+");
			else if (*v == '.')
				strbuf_addf(&re, "\\.");
			else
				strbuf_addc(&re, *v);
		}
		strbuf_addc(&re, '$');
		doc_seq_add_str(c->a, seq, re.buf);
		strbuf_release(&re);
	}
	add_strings(c, cfg, "methods", &m->methods);
	add_strings(c, cfg, "headers", &m->headers);
	if (m->has_expose && m->expose.len)
		add_strings(c, cfg, "exposed_headers", &m->expose);
	doc_map_add(c->a, cfg, "credentials", doc_new_bool(c->a,
		m->credentials));
	if (m->max_age > 0)
		doc_map_add_int(c->a, cfg, "max_age", m->max_age);
	PUSH(c->target_objs, c->ntarget_objs, o);
	attach_route(c, r, name);
	diag_add(c->sink, DIAG_INFO, "convert/kong", conv_pos(c, f->node),
		"Ingress '%s/%s': CORS: converted to the KongPlugin '%s' "
		"(cors) in place of the HTTPRoute's CORS filter, for which "
		"Kong would refuse the whole route", r->ing->ns, r->ing->name,
		name);
}

/* Each HTTPRoute rule loses its CORS filter; the route gets the plugin. */
static void
routes_cors(struct conv *c, struct kong *k, const struct ir *ir)
{
	for (size_t i = 0; i < ir->nroutes; i++) {
		struct route *r = ir->routes[i];

		if (r->kind && strcmp(r->kind, "HTTPRoute"))
			continue;
		for (size_t j = 0; j < r->nrules; j++) {
			struct rule *ru = &r->rules[j];
			struct ir_filter *fs;
			size_t n = 0;

			for (size_t m = 0; m < ru->nfilters; m++)
				if (ru->filters[m].kind == IR_FILTER_CORS)
					n++;
			if (!n)
				continue;
			/* filter arrays may be shared: a new one */
			fs = arena_alloc(&c->ir_arena, ru->nfilters *
				sizeof(*fs));
			n = 0;
			for (size_t m = 0; m < ru->nfilters; m++) {
				const struct ir_filter *f = &ru->filters[m];

				if (f->kind != IR_FILTER_CORS)
					fs[n++] = *f;
				else if (targets_route(r, r->ing))
					cors(c, k, r, f);
			}
			ru->filters = fs;
			ru->nfilters = n;
		}
	}
}

/* The features of one Ingress: fs[0..n) share f->ing. */
static void
features(struct conv *c, struct kong *k, const struct ir_feature *fs,
	size_t n)
{
	struct route *const *rs;
	size_t nrs;
	const struct ir_feature *t = NULL, *r = NULL;
	bool routes = false;

	rs = conv_routes_of(c, fs[0].ing, &nrs);
	for (size_t i = 0; i < nrs && !routes; i++)
		routes = targets_route(rs[i], fs[0].ing);
	if (!routes)	/* nothing to attach to */
		return;
	for (size_t i = 0; i < n; i++) {
		const struct ir_feature *f = &fs[i];

		switch (f->kind) {
		case IR_FEAT_TIMEOUTS: t = f; break;
		case IR_FEAT_RETRY: r = f; break;
		case IR_FEAT_LOAD_BALANCING: upstream_policy(c, k, f); break;
		case IR_FEAT_RATE_LIMIT: rate_limiting(c, f); break;
		case IR_FEAT_BODY_SIZE: size_limiting(c, f); break;
		case IR_FEAT_IP_ACCESS: ip_restriction(c, f); break;
		case IR_FEAT_BASIC_AUTH: basic_auth(c, f); break;
		default: break;
		}
	}
	if (t || r)
		service_settings(c, k, t, r);
}

static void
kong_emit(struct conv *c, const struct ir *ir)
{
	struct kong k = { STRMAP_INIT, STRMAP_INIT, STRMAP_INIT };

	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		features(c, &k, &ir->features[i], j - i);
	}
	routes_cors(c, &k, ir);
	strmap_release(&k.svc);
	strmap_release(&k.cors);
	strmap_release(&k.names);
}

const struct conv_target conv_target_kong = {
	.table = &tgt_kong,
	.claims = kong_claims,
	.nclaims = ARRAY_LEN(kong_claims),
	.rows = kong_rows,
	.nrows = ARRAY_LEN(kong_rows),
	.emit = kong_emit,
};
