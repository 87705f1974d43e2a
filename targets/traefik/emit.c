#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "strbuf.h"
#include "strmap.h"

/* At the annotation that asked for feature f; an access check it cannot
 * make fails closed (convert/feature_say.c). */
#define tr_diag(c, sev, f, ...) \
	conv_feature_say(c, "convert/traefik", sev, f, __VA_ARGS__)
#define tr_fail_closed conv_feature_fail_closed

/*
 * The Traefik target (Traefik v3.7.9, CRDs traefik.io/v1alpha1 of the same
 * tag): the IR features it claims as Middlewares that the rules refer to
 * by ExtensionRef filters (group traefik.io, kind Middleware: Traefik's
 * Gateway API provider takes them from its kubernetesCRD provider):
 * rateLimit, ipAllowList, basicAuth and digestAuth, forwardAuth,
 * buffering, retry, replacePathRegex, and headers in place of the CORS
 * filter, which Traefik refuses (the rule answers 500). Timeouts and load
 * balancing go through a TraefikService, the one backendRef kind besides
 * Service that its provider takes, with a ServersTransport for the
 * timeouts. Every field written exists in the v3.7.9 CRDs.
 */

#define TR_API "traefik.io/v1alpha1"
#define TR_GROUP "traefik.io"

static const enum ir_feature_kind tr_claims[] = {
	IR_FEAT_TIMEOUTS, IR_FEAT_RETRY, IR_FEAT_LOAD_BALANCING,
	IR_FEAT_RATE_LIMIT, IR_FEAT_BODY_SIZE, IR_FEAT_IP_ACCESS,
	IR_FEAT_BASIC_AUTH, IR_FEAT_EXT_AUTH, IR_FEAT_REGEX_REWRITE,
};

/* The objects written, named from here (ing2gw annotations --target
 * lists the rows). */
enum { TR_MW, TR_SVC, TR_TRANSPORT };
static const struct conv_target_object tr_objects[] = {
	[TR_MW] = { "Middleware", TR_API },
	[TR_SVC] = { "TraefikService", TR_API },
	[TR_TRANSPORT] = { "ServersTransport", TR_API },
};

static const struct conv_target_row tr_rows[] = {
	{ IR_FEAT_TIMEOUTS, &tr_objects[TR_TRANSPORT], "forwardingTimeouts "
	  "(dialTimeout, responseHeaderTimeout)" },
	{ IR_FEAT_TIMEOUTS, &tr_objects[TR_SVC], "weighted.services[]."
	  "serversTransport (the rules' backendRef)" },
	{ IR_FEAT_RETRY, &tr_objects[TR_MW], "retry (an ExtensionRef filter "
	  "on the rules)" },
	{ IR_FEAT_LOAD_BALANCING, &tr_objects[TR_SVC], "weighted.services[]."
	  "strategy or .sticky.cookie (the rules' backendRef)" },
	{ IR_FEAT_RATE_LIMIT, &tr_objects[TR_MW], "rateLimit (an ExtensionRef "
	  "filter on the rules)" },
	{ IR_FEAT_BODY_SIZE, &tr_objects[TR_MW], "buffering."
	  "maxRequestBodyBytes (an ExtensionRef filter on the rules)" },
	{ IR_FEAT_IP_ACCESS, &tr_objects[TR_MW], "ipAllowList.sourceRange (an "
	  "ExtensionRef filter on the rules; a deny list fails closed)" },
	{ IR_FEAT_BASIC_AUTH, &tr_objects[TR_MW], "basicAuth or digestAuth (an "
	  "ExtensionRef filter on the rules)" },
	{ IR_FEAT_EXT_AUTH, &tr_objects[TR_MW], "forwardAuth (an ExtensionRef "
	  "filter on the rules)" },
	{ IR_FEAT_REGEX_REWRITE, &tr_objects[TR_MW], "replacePathRegex (an "
	  "ExtensionRef filter on the rule)" },
};

struct tr {
	struct strmap cors;	/* "%p" of an ir_cors -> its Middleware */
	struct strmap names;	/* "ns/name" of the objects written */
	struct strmap svcs;	/* "ns\nbackends" -> its TraefikService */
	bool told;		/* the kubernetesCRD provider note */
};

/* Once: what Traefik needs to read the objects at all. */
static void
tr_provider_note(struct conv *c, struct tr *st, const struct doc_node *node)
{
	if (st->told)
		return;
	st->told = true;
	diag_add_note(c->sink, conv_pos(c, node), "Traefik reads Middlewares "
		"and TraefikServices named by Gateway API routes only with "
		"its kubernetesCRD provider enabled beside the kubernetesGateway "
		"one (providers.kubernetesCRD), watching the routes' "
		"namespaces; else the rules referring to them answer 500");
}

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

static bool
is_http(const struct route *r)
{
	return !r->kind || !strcmp(r->kind, "HTTPRoute");
}

/* Its objects carry the provenance of their Ingress, also where nothing
 * in the output refers to them. */
#define tr_object(c, which, name, ing) \
	conv_target_object_new(c, &tr_objects[which], name, (ing)->ns, ing)

/* "<base>", else "<base>-2", ... : a name no object of its kind in ns
 * has. */
static const char *
unique_name(struct conv *c, struct tr *st, int which, const char *ns,
	const char *base)
{
	const char *name = names_sanitize(c->a, base);

	for (unsigned i = 2;; i++) {
		const char *k = arena_printf(c->a, "%s\n%s/%s",
			tr_objects[which].kind, ns, name);

		if (!strmap_get(&st->names, k)) {
			strmap_put(&st->names, k, (void *)name);
			return name;
		}
		name = names_sanitize(c->a, arena_printf(c->a, "%s-%u", base,
			i));
	}
}

/* An ExtensionRef filter to Middleware name on each rule with a backend
 * of ing's routes; false when there is none. */
static bool
attach(struct conv *c, const struct ingress *ing, const char *name,
	const struct doc_node *node)
{
	struct route *const *rs;
	size_t nrs;
	struct ir_regex_rewrite ref = { 0 };
	bool any = false;

	ref.group = TR_GROUP;
	ref.kind = tr_objects[TR_MW].kind;
	ref.object = name;
	ref.desc = arena_printf(c->a, "the Traefik Middleware '%s'", name);
	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		if (!targets_route(r, ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service)
				continue;
			ir_filter_add(&c->ir_arena, ru, IR_FILTER_REGEX_REWRITE,
				node)->u.regex = ref;
			any = true;
		}
	}
	return any;
}

/* A Middleware "<ing>-<suffix>" referred to from ing's rules; its spec
 * member key, or NULL when no rule takes it. */
static struct doc_node *
middleware(struct conv *c, struct tr *st, const struct ir_feature *f,
	const char *suffix, const char *key, const char **name_out)
{
	const char *name = unique_name(c, st, TR_MW, f->ing->ns,
		arena_printf(c->a, "%s-%s", f->ing->name, suffix));
	struct doc_node *o;

	if (!attach(c, f->ing, name, f->node))
		return NULL;
	o = tr_object(c, TR_MW, name, f->ing);
	PUSH(c->target_objs, c->ntarget_objs, o);
	*name_out = name;
	return doc_map_add_map(c->a, doc_map_add_map(c->a, o, "spec"), key);
}

static void
add_strings(struct conv *c, struct doc_node *m, const char *key,
	const struct ir_strings *l)
{
	struct doc_node *seq = doc_map_add_seq(c->a, m, key);

	for (size_t i = 0; i < l->len; i++)
		doc_seq_add_str(c->a, seq, l->v[i]);
}

/* ---- rewrites with captures ---------------------------------------------- */

static const struct ir_regex_rewrite *
tr_regex_rewrite(struct conv *c, const struct ingress *ing, const char *path,
	const char *target, unsigned idx, const char **why)
{
	struct strbuf sub = STRBUF_INIT;
	const char *name, *re_why;
	struct doc_node *o, *rx;
	struct ir_regex_rewrite *out;

	*why = NULL;
	if ((re_why = regex_pcre_only(path))) {
		*why = arena_printf(c->a, "a Traefik replacePathRegex "
			"Middleware cannot either: the path uses %s, which Go's "
			"regular expressions have not", re_why);
		return NULL;
	}
	if (strchr(target, '?')) {
		*why = "a Traefik replacePathRegex Middleware cannot either: "
			"the target sets a query string, which a path rewrite "
			"cannot";
		return NULL;
	}
	if (!*target) {
		*why = "a Traefik replacePathRegex Middleware cannot either: "
			"it leaves the path alone when the replacement is empty";
		return NULL;
	}
	for (const char *t = target; *t; t++) {
		/* Go's $1x would name the group "1x": ${1} */
		if (*t == '$' && t[1] >= '0' && t[1] <= '9') {
			strbuf_addf(&sub, "${%c}", t[1]);
			t++;
			continue;
		}
		if (*t == '$') {
			*why = "a Traefik replacePathRegex Middleware cannot "
				"either: its replacement takes the captures "
				"($1..$9) only";
			strbuf_release(&sub);
			return NULL;
		}
		strbuf_addc(&sub, *t);
	}
	name = names_sanitize(c->a, arena_printf(c->a, "%s-rewrite-%u",
		ing->name, idx));
	o = tr_object(c, TR_MW, name, ing);
	rx = doc_map_add_map(c->a, doc_map_add_map(c->a, o, "spec"),
		"replacePathRegex");
	/* nginx replaces the whole URI: match it all, captures unchanged */
	doc_map_add_str(c->a, rx, "regex", arena_printf(c->a,
		"(?i)^(?:%s).*", path));
	doc_map_add_str(c->a, rx, "replacement", sub.buf);
	strbuf_release(&sub);
	PUSH(c->target_objs, c->ntarget_objs, o);
	out = arena_alloc(c->a, sizeof(*out));
	memset(out, 0, sizeof(*out));
	out->pattern = path;
	out->substitution = target;
	out->group = TR_GROUP;
	out->kind = tr_objects[TR_MW].kind;
	out->object = name;
	out->desc = arena_printf(c->a, "the Traefik replacePathRegex "
		"Middleware '%s'", name);
	return out;
}

/* ---- Middlewares --------------------------------------------------------- */

static void
rate_limit(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	long long s = f->u.rate.per_second, m = f->u.rate.per_minute;
	const char *names[2] = { NULL, NULL };
	struct doc_node *rl;

	/* one token bucket per Middleware: one for each limit */
	if (s > 0 && (rl = middleware(c, st, f, m > 0 ? "rate-limit-second" :
	    "rate-limit", "rateLimit", &names[0]))) {
		doc_map_add_int(c->a, rl, "average", s);
		doc_map_add_str(c->a, rl, "period", "1s");
		doc_map_add_int(c->a, rl, "burst", f->u.rate.burst);
	}
	if (m > 0 && (rl = middleware(c, st, f, s > 0 ? "rate-limit-minute" :
	    "rate-limit", "rateLimit", &names[1]))) {
		doc_map_add_int(c->a, rl, "average", m);
		doc_map_add_str(c->a, rl, "period", "1m");
		doc_map_add_int(c->a, rl, "burst", s > 0 ?
			f->u.rate.burst / s * m : f->u.rate.burst);
	}
	if (!names[0] && !names[1])
		return;
	tr_diag(c, DIAG_WARNING, f, "converted to %s '%s'%s%s%s (rateLimit, "
		"per client address, with ingress-nginx's burst, counted by each "
		"Traefik instance as by each ingress-nginx replica); Traefik "
		"answers 429 where ingress-nginx answered 503", names[0] &&
		names[1] ? "the Middlewares" : "the Middleware", names[0] ?
		names[0] : names[1], names[0] && names[1] ? " and '" : "",
		names[0] && names[1] ? names[1] : "", names[0] && names[1] ? "'" :
		"");
	tr_provider_note(c, st, f->node);
}

static void
ip_access(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	const char *name;
	struct doc_node *al;

	if (f->u.ip.deny.len) {
		tr_fail_closed(c, f, "Traefik has no Middleware that denies "
			"client addresses (ipAllowList only allows); list the "
			"allowed ranges in allowlist-source-range instead");
		return;
	}
	if (!(al = middleware(c, st, f, "ip-allow-list", "ipAllowList",
	    &name)))
		return;
	add_strings(c, al, "sourceRange", &f->u.ip.allow);
	tr_diag(c, DIAG_INFO, f, "converted to the Middleware '%s' "
		"(ipAllowList, 403 as in ingress-nginx); the client address "
		"is the connection's, unless the Middleware's ipStrategy or "
		"the entryPoint's forwardedHeaders.trustedIPs say otherwise, "
		"as ingress-nginx's use-forwarded-headers did", name);
	tr_provider_note(c, st, f->node);
}

/* The Secret ns/name of the input, or NULL. */
static const struct doc_node *
input_secret(struct conv *c, const char *ns, const char *name)
{
	for (size_t i = 0; i < c->w->nsecrets; i++) {
		const struct ing_named *s = &c->w->secrets[i];

		if (!strcmp(s->ns ? s->ns : "default", ns) &&
		    !strcmp(s->name, name))
			return s->obj->root;
	}
	return NULL;
}

/*
 * Traefik reads a Secret of any type but kubernetes.io/basic-auth as
 * htpasswd (htdigest) lines in its only key, whatever its name: the
 * Secret ingress-nginx read (key auth) serves as is.
 */
static void
basic_auth(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	const char *sec = f->u.basic.secret, *sl, *name, *kind;
	const struct doc_node *root;
	struct doc_node *ba;
	size_t nkeys = 0;

	if (!sec)
		return;
	sl = strchr(sec, '/');
	kind = f->u.basic.digest ? "digestAuth" : "basicAuth";
	if (!(ba = middleware(c, st, f, f->u.basic.digest ? "digest-auth" :
	    "basic-auth", kind, &name)))
		return;
	doc_map_add_str(c->a, ba, "secret", sl ? sl + 1 : sec);
	doc_map_add_str(c->a, ba, "realm", "Authentication Required");
	if ((root = input_secret(c, f->ing->ns, sl ? sl + 1 : sec)))
		nkeys = doc_len(doc_get(root, "data")) +
			doc_len(doc_get(root, "stringData"));
	if (f->u.basic.auth_map || nkeys > 1) {
		tr_diag(c, DIAG_WARNING, f, "converted to the Middleware '%s' "
			"(%s); Traefik reads the %s lines of a Secret from its "
			"only key, and Secret '%s' %s: until you create a "
			"Secret of one key (any name) holding 'user:%shash' "
			"lines and name it in the Middleware, Traefik refuses "
			"the Middleware and the rules answer 500; ing2gw "
			"writes no credentials", name, kind,
			f->u.basic.digest ? "htdigest" : "htpasswd", sec,
			f->u.basic.auth_map ? "is an auth-map (one key per "
			"user)" : "has more than one key",
			f->u.basic.digest ? "realm:" : "");
	} else {
		tr_diag(c, DIAG_INFO, f, "converted to the Middleware '%s' "
			"(%s), referred to by ExtensionRef from each rule: "
			"Traefik reads the %s lines of Secret '%s' from its "
			"only key, so ingress-nginx's Secret (key 'auth') "
			"serves as is while it has no other key; realm "
			"'Authentication Required'%s", name, kind,
			f->u.basic.digest ? "htdigest" : "htpasswd", sec,
			f->u.basic.digest ? ", which must be the realm of the "
			"htdigest lines" : "");
	}
	tr_provider_note(c, st, f->node);
}

static void
ext_auth(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	const char *url = f->u.ext.url, *name;
	struct doc_node *fa;

	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		tr_fail_closed(c, f, "Traefik's forwardAuth takes an http or "
			"https URL");
		return;
	}
	if (strchr(url, '$')) {
		tr_fail_closed(c, f, arena_printf(c->a, "the URL '%s' uses "
			"nginx variables, which Traefik's forwardAuth address "
			"does not expand", url));
		return;
	}
	if (!(fa = middleware(c, st, f, "forward-auth", "forwardAuth",
	    &name)))
		return;
	doc_map_add_str(c->a, fa, "address", url);
	if (f->u.ext.response_headers.len)
		add_strings(c, fa, "authResponseHeaders",
			&f->u.ext.response_headers);
	tr_diag(c, DIAG_WARNING, f, "converted to the Middleware '%s' "
		"(forwardAuth): Traefik sends the request's headers without "
		"its body, as ingress-nginx did, but names the original request "
		"X-Forwarded-Method, X-Forwarded-Uri and X-Forwarded-Host where "
		"ingress-nginx sent X-Original-Method and X-Original-URL; any "
		"answer other than 2xx goes to the client as the auth service "
		"gave it, where ingress-nginx passed 401 and 403 and answered "
		"500 for the rest", name);
	tr_provider_note(c, st, f->node);
}

static void
body_size(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	const char *name;
	struct doc_node *b;

	if (!(b = middleware(c, st, f, "buffering", "buffering", &name)))
		return;
	doc_map_add_int(c->a, b, "maxRequestBodyBytes", f->u.body.bytes);
	tr_diag(c, DIAG_WARNING, f, "converted to the Middleware '%s' "
		"(buffering, maxRequestBodyBytes %lld, 413 as in "
		"ingress-nginx); Traefik's buffering reads the whole request "
		"and the whole response before passing them on, so streamed "
		"responses (server-sent events, long downloads) arrive at "
		"once", name, f->u.body.bytes);
	tr_provider_note(c, st, f->node);
}

static void
retry(struct conv *c, struct tr *st, const struct ir_feature *f)
{
	bool error = false, timeout = false;
	struct strbuf codes = STRBUF_INIT;
	const char *name;
	struct doc_node *r, *seq = NULL;
	long long tries = f->u.retry.tries > 0 ? f->u.retry.tries : 3;

	if (f->u.retry.off) {
		tr_diag(c, DIAG_INFO, f, "nothing to write: Traefik retries "
			"nothing without a retry Middleware");
		return;
	}
	for (size_t i = 0; i < f->u.retry.non; i++)
		switch (f->u.retry.on[i].on) {
		case IR_RETRY_ERROR: error = true; break;
		case IR_RETRY_TIMEOUT: timeout = true; break;
		case IR_RETRY_STATUS:
			strbuf_addf(&codes, "%s%d", codes.len ? "," : "",
				f->u.retry.on[i].code);
			break;
		}
	for (size_t i = 0; i < f->u.retry.nunknown; i++)
		tr_diag(c, DIAG_WARNING, f, "condition '%s' has no Traefik "
			"equivalent; it is left out", f->u.retry.unknown[i]);
	/* Traefik's retry wants a status or network errors */
	if ((!error && !codes.len) || tries < 2) {
		tr_diag(c, DIAG_WARNING, f, "not converted: Traefik's retry "
			"Middleware retries on a failed connection or a "
			"response status, %s", tries < 2 ? "and one try in all "
			"retries nothing" : "neither of which this asks for");
		strbuf_release(&codes);
		return;
	}
	if (!(r = middleware(c, st, f, "retry", "retry", &name))) {
		strbuf_release(&codes);
		return;
	}
	doc_map_add_int(c->a, r, "attempts", tries);
	if (!error)
		doc_map_add(c->a, r, "disableRetryOnNetworkError",
			doc_new_bool(c->a, true));
	if (codes.len) {
		seq = doc_map_add_seq(c->a, r, "status");
		doc_seq_add_str(c->a, seq, codes.buf);
	}
	if (f->u.retry.all_methods)
		doc_map_add(c->a, r, "retryNonIdempotentMethod",
			doc_new_bool(c->a, true));
	tr_diag(c, timeout ? DIAG_WARNING : DIAG_INFO, f, "converted to the "
		"Middleware '%s' (retry, %lld attempts in all%s%s): Traefik "
		"retries a connection that failed before the request was "
		"sent%s%s", name, tries, codes.len ? ", status " : "",
		codes.len ? codes.buf : "", codes.len ? ", and the statuses "
		"for idempotent requests unless non_idempotent is given, "
		"reading the body into memory to send it again" : "",
		timeout ? "; it does not retry a timeout, which nginx did" :
		"");
	tr_provider_note(c, st, f->node);
	strbuf_release(&codes);
}

/* ---- CORS: a headers Middleware in place of the filter ------------------- */

static void
cors(struct conv *c, struct tr *st, struct rule *ru, struct route *r,
	const struct ir_filter *f)
{
	const struct ir_cors *m = f->u.cors;
	struct ir_filter *nf;
	char key[32];
	const char *name;
	struct doc_node *o, *h, *list = NULL, *rx = NULL;

	snprintf(key, sizeof(key), "%p", (const void *)m);
	if (!(name = strmap_get(&st->cors, key))) {
		name = unique_name(c, st, TR_MW, r->ing->ns,
			arena_printf(c->a, "%s-cors", r->ing->name));
		strmap_put(&st->cors, arena_strdup(c->a, key), (void *)name);
		o = tr_object(c, TR_MW, name, r->ing);
		h = doc_map_add_map(c->a, doc_map_add_map(c->a, o, "spec"),
			"headers");
		for (size_t i = 0; i < m->origins.len; i++) {
			const char *v = m->origins.v[i];
			struct strbuf re = STRBUF_INIT;

			if (!strcmp(v, "*") || !strchr(v, '*')) {
				if (!list)
					list = doc_map_add_seq(c->a, h,
					    "accessControlAllowOriginList");
				doc_seq_add_str(c->a, list, v);
				continue;
			}
			/* a wildcard host: Traefik takes a regex */
			strbuf_addc(&re, '^');
			for (; *v; v++) {
				if (*v == '*')
					strbuf_addf(&re, "[^./]+");
				else if (strchr(".+?()[]{}|^$\\", *v))
					strbuf_addf(&re, "\\%c", *v);
				else
					strbuf_addc(&re, *v);
			}
			strbuf_addc(&re, '$');
			if (!rx)
				rx = doc_map_add_seq(c->a, h,
					"accessControlAllowOriginListRegex");
			doc_seq_add_str(c->a, rx, re.buf);
			strbuf_release(&re);
		}
		add_strings(c, h, "accessControlAllowMethods", &m->methods);
		add_strings(c, h, "accessControlAllowHeaders", &m->headers);
		if (m->has_expose && m->expose.len)
			add_strings(c, h, "accessControlExposeHeaders",
				&m->expose);
		doc_map_add(c->a, h, "accessControlAllowCredentials",
			doc_new_bool(c->a, m->credentials));
		if (m->max_age > 0)
			doc_map_add_int(c->a, h, "accessControlMaxAge",
				m->max_age);
		doc_map_add(c->a, h, "addVaryHeader", doc_new_bool(c->a,
			true));
		PUSH(c->target_objs, c->ntarget_objs, o);
		diag_add(c->sink, DIAG_INFO, "convert/traefik",
			conv_pos(c, f->node), "Ingress '%s/%s': CORS: "
			"converted to the Middleware '%s' (headers "
			"accessControl*), referred to by ExtensionRef, in place "
			"of the HTTPRoute's CORS filter, for which Traefik "
			"answers 500", r->ing->ns, r->ing->name, name);
	}
	nf = ir_filter_add(&c->ir_arena, ru, IR_FILTER_REGEX_REWRITE,
		f->node);
	nf->u.regex.group = TR_GROUP;
	nf->u.regex.kind = tr_objects[TR_MW].kind;
	nf->u.regex.object = name;
	nf->u.regex.desc = arena_printf(c->a, "the Traefik Middleware '%s'",
		name);
}

/* Each rule's CORS filter becomes an ExtensionRef in its place. */
static void
routes_cors(struct conv *c, struct tr *st, const struct ir *ir)
{
	for (size_t i = 0; i < ir->nroutes; i++) {
		struct route *r = ir->routes[i];

		for (size_t j = 0; j < r->nrules; j++) {
			struct rule *ru = &r->rules[j];
			const struct ir_filter *old = ru->filters;
			size_t n = ru->nfilters, k = 0;

			for (size_t m = 0; m < n; m++)
				if (old[m].kind == IR_FILTER_CORS)
					k++;
			if (!k)
				continue;
			/* filter arrays may be shared: a new one, in order */
			ru->filters = NULL;
			ru->nfilters = 0;
			for (size_t m = 0; m < n; m++) {
				if (old[m].kind == IR_FILTER_CORS) {
					cors(c, st, ru, r, &old[m]);
					continue;
				}
				*ir_filter_add(&c->ir_arena, ru, old[m].kind,
					old[m].node) = old[m];
			}
		}
	}
}

/* ---- timeouts and load balancing: a TraefikService per backend set ------- */

static const char *
dur(struct conv *c, long long s)
{
	return arena_printf(c->a, "%llds", s);
}

/* What the TraefikServices of an Ingress carry. */
struct lb_plan {
	const struct ir_feature *t, *lb;
	const char *transport;		/* ServersTransport, or NULL */
	const char *strategy;		/* NULL: Traefik's wrr */
	bool sticky;
	size_t nsvc, ngrpc, ntls;
};

static void
lb_service(struct conv *c, struct lb_plan *p, struct doc_node *seq,
	const char *svc, int port, long long weight, bool weighted)
{
	struct doc_node *s = doc_seq_add_map(c->a, seq);

	doc_map_add_str(c->a, s, "name", svc);
	doc_map_add_int(c->a, s, "port", port);
	if (weighted)
		doc_map_add_int(c->a, s, "weight", weight);
	if (p->strategy)
		doc_map_add_str(c->a, s, "strategy", p->strategy);
	if (p->sticky) {
		struct doc_node *ck = doc_map_add_map(c->a, doc_map_add_map(
			c->a, s, "sticky"), "cookie");

		doc_map_add_str(c->a, ck, "name", p->lb->u.lb.name);
		doc_map_add(c->a, ck, "httpOnly", doc_new_bool(c->a, true));
		if (p->lb->u.lb.ttl > 0)
			doc_map_add_int(c->a, ck, "maxAge", p->lb->u.lb.ttl);
	}
	if (p->transport)
		doc_map_add_str(c->a, s, "serversTransport", p->transport);
}

static bool
backend_tls(struct conv *c, const char *ns, const struct rule *ru)
{
	for (size_t j = 0; j <= ru->nextra; j++) {
		const char *s = j ? ru->extra[j - 1].service : ru->service;

		if (strmap_get(&c->backend_tls, arena_printf(c->a, "%s/%s",
		    ns, s)))
			return true;
	}
	return false;
}

/* The rule's backends become one TraefikService backendRef. */
static void
lb_rule(struct conv *c, struct tr *st, struct lb_plan *p,
	const struct ingress *ing, struct rule *ru)
{
	struct strbuf key = STRBUF_INIT;
	const char *name;
	bool weighted = ru->nextra > 0;

	strbuf_addf(&key, "%s\n%p", ing->ns, (const void *)ing);
	for (size_t j = 0; j <= ru->nextra; j++)
		strbuf_addf(&key, "\n%s:%d:%lld", j ? ru->extra[j - 1].service :
			ru->service, j ? ru->extra[j - 1].port : ru->port,
			weighted ? j ? ru->extra[j - 1].weight : ru->weight :
			0);
	if (!(name = strmap_get(&st->svcs, key.buf))) {
		struct doc_node *o, *seq;

		name = unique_name(c, st, TR_SVC, ing->ns,
			arena_printf(c->a, "%s-%s", ing->name, ru->service));
		strmap_put(&st->svcs, arena_strdup(c->a, key.buf),
			(void *)name);
		o = tr_object(c, TR_SVC, name, ing);
		seq = doc_map_add_seq(c->a, doc_map_add_map(c->a,
			doc_map_add_map(c->a, o, "spec"), "weighted"),
			"services");
		for (size_t j = 0; j <= ru->nextra; j++)
			lb_service(c, p, seq, j ? ru->extra[j - 1].service :
				ru->service, j ? ru->extra[j - 1].port :
				ru->port, j ? ru->extra[j - 1].weight :
				ru->weight, weighted);
		PUSH(c->target_objs, c->ntarget_objs, o);
		p->nsvc++;
	}
	strbuf_release(&key);
	ru->service = name;
	ru->port = 0;
	ru->backend_group = TR_GROUP;
	ru->backend_kind = tr_objects[TR_SVC].kind;
	/* the TraefikService has them; the array stays the rule's (freed
	 * with the IR), as a lowering for several targets puts it back */
	ru->nextra = 0;
}

static void
lb_routes(struct conv *c, struct tr *st, struct lb_plan *p,
	const struct ingress *ing)
{
	struct route *const *rs;
	size_t nrs;

	rs = conv_routes_of(c, ing, &nrs);
	for (size_t i = 0; i < nrs; i++) {
		struct route *r = rs[i];

		if (!targets_route(r, ing))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];

			if (!ru->service || ru->backend_kind)
				continue;
			if (!is_http(r))
				p->ngrpc++;
			else if (backend_tls(c, ing->ns, ru))
				p->ntls++;
			else
				lb_rule(c, st, p, ing, ru);
		}
	}
}

/* Load balancing: the strategy, else a diagnostic and false. */
static bool
lb_strategy(struct conv *c, struct lb_plan *p)
{
	const struct ir_feature *f = p->lb;

	switch (f->u.lb.kind) {
	case IR_LB_ROUND_ROBIN:
		tr_diag(c, DIAG_INFO, f, "nothing to write: Traefik balances "
			"by weighted round robin by default");
		return false;
	case IR_LB_LEAST_REQUEST: p->strategy = "p2c"; return true;
	case IR_LB_HASH_SOURCE_IP: p->strategy = "hrw"; return true;
	case IR_LB_COOKIE_AFFINITY: p->sticky = true; return true;
	case IR_LB_OTHER:
		tr_diag(c, DIAG_WARNING, f, "not converted: this algorithm "
			"has no TraefikService strategy (wrr, p2c, hrw, "
			"leasttime); Traefik's weighted round robin applies");
		return false;
	default:
		tr_diag(c, DIAG_WARNING, f, "not converted: Traefik hashes on "
			"the client address only (strategy hrw), not on '%s'; "
			"its weighted round robin applies", f->u.lb.kind ==
			IR_LB_HASH_OTHER ? f->u.lb.expr : f->u.lb.name);
		return false;
	}
}

static void
lb_report(struct conv *c, struct tr *st, const struct lb_plan *p,
	const struct ir_feature *f, bool is_lb)
{
	if (!p->nsvc && !p->ngrpc && !p->ntls)
		return;
	if (p->nsvc && is_lb) {
		const char *how = !strcmp(p->strategy ? p->strategy : "",
			"p2c") ? "strategy p2c (the less loaded of two endpoints "
			"drawn at random, the nearest to ewma)" :
			p->strategy ? "strategy hrw (a hash of the client "
			"address, rendezvous hashing)" : arena_printf(c->a,
			"a sticky cookie '%s'%s, which Traefik sets as "
			"ingress-nginx did; its value names the endpoint, where "
			"ingress-nginx's was a hash", f->u.lb.name,
			f->u.lb.ttl > 0 ? arena_printf(c->a, " (maxAge %llds)",
			f->u.lb.ttl) : " (a session cookie)");

		tr_diag(c, DIAG_INFO, f, "converted to %zu TraefikService%s "
			"(weighted), which the rules name as their backendRef "
			"in place of the Services, with %s", p->nsvc,
			p->nsvc == 1 ? "" : "s", how);
	} else if (p->nsvc) {
		tr_diag(c, DIAG_WARNING, f, "converted to the ServersTransport "
			"'%s' (forwardingTimeouts%s%s%s%s), through %zu "
			"TraefikService%s that the rules name as their "
			"backendRef in place of the Services%s",
			p->transport, f->u.timeouts.connect ? " dialTimeout " :
			"", f->u.timeouts.connect ? dur(c,
			f->u.timeouts.connect) : "", f->u.timeouts.idle ?
			" responseHeaderTimeout " : "", f->u.timeouts.idle ?
			dur(c, f->u.timeouts.idle) : "", p->nsvc,
			p->nsvc == 1 ? "" : "s", f->u.timeouts.idle ? "; "
			"responseHeaderTimeout bounds the wait for the "
			"response's headers once the request is sent, where "
			"nginx bounded every wait between two reads or writes: "
			"Traefik puts no limit on a slow body" : "");
	}
	if (p->ngrpc)
		tr_diag(c, DIAG_WARNING, f, "not converted for %zu GRPCRoute "
			"rule%s: Traefik's GRPCRoutes take Services only as "
			"backendRefs, not TraefikServices", p->ngrpc,
			p->ngrpc == 1 ? "" : "s");
	if (p->ntls)
		tr_diag(c, DIAG_WARNING, f, "not converted for %zu rule%s "
			"whose Service has a BackendTLSPolicy: Traefik applies "
			"the policy to Service backendRefs only, so a "
			"TraefikService would lose it", p->ntls,
			p->ntls == 1 ? "" : "s");
	tr_provider_note(c, st, f->node);
}

static void
timeouts_lb(struct conv *c, struct tr *st, const struct ir_feature *t,
	const struct ir_feature *lb)
{
	struct lb_plan p = { 0 };
	const struct ingress *ing = t ? t->ing : lb->ing;
	struct doc_node *o = NULL, *ft;

	p.t = t;
	p.lb = lb;
	if (lb && !lb_strategy(c, &p))
		p.lb = NULL;
	if (!t && !p.lb)
		return;
	if (t) {
		p.transport = unique_name(c, st, TR_TRANSPORT, ing->ns,
			ing->name);
		o = tr_object(c, TR_TRANSPORT, p.transport, ing);
		ft = doc_map_add_map(c->a, doc_map_add_map(c->a, o, "spec"),
			"forwardingTimeouts");
		if (t->u.timeouts.connect)
			doc_map_add_str(c->a, ft, "dialTimeout", dur(c,
				t->u.timeouts.connect));
		if (t->u.timeouts.idle)
			doc_map_add_str(c->a, ft, "responseHeaderTimeout",
				dur(c, t->u.timeouts.idle));
	}
	lb_routes(c, st, &p, ing);
	if (o && p.nsvc)
		PUSH(c->target_objs, c->ntarget_objs, o);
	if (t)
		lb_report(c, st, &p, t, false);
	if (p.lb)
		lb_report(c, st, &p, p.lb, true);
}

/* The features of one Ingress: fs[0..n) share f->ing. */
static void
features(struct conv *c, struct tr *st, const struct ir_feature *fs,
	size_t n)
{
	/* nginx's order: limit_req, then access checks, then the proxy */
	static const enum ir_feature_kind order[] = {
		IR_FEAT_RATE_LIMIT, IR_FEAT_IP_ACCESS, IR_FEAT_BASIC_AUTH,
		IR_FEAT_EXT_AUTH, IR_FEAT_BODY_SIZE, IR_FEAT_RETRY,
	};
	struct route *const *rs;
	size_t nrs;
	const struct ir_feature *t = NULL, *lb = NULL;
	bool routes = false;

	rs = conv_routes_of(c, fs[0].ing, &nrs);
	for (size_t i = 0; i < nrs && !routes; i++)
		routes = targets_route(rs[i], fs[0].ing);
	if (!routes)	/* nothing to attach to */
		return;
	for (size_t k = 0; k < ARRAY_LEN(order); k++)
		for (size_t i = 0; i < n; i++) {
			const struct ir_feature *f = &fs[i];

			if (f->kind != order[k])
				continue;
			switch (f->kind) {
			case IR_FEAT_RATE_LIMIT: rate_limit(c, st, f); break;
			case IR_FEAT_IP_ACCESS: ip_access(c, st, f); break;
			case IR_FEAT_BASIC_AUTH: basic_auth(c, st, f); break;
			case IR_FEAT_EXT_AUTH: ext_auth(c, st, f); break;
			case IR_FEAT_BODY_SIZE: body_size(c, st, f); break;
			case IR_FEAT_RETRY: retry(c, st, f); break;
			default: break;
			}
		}
	for (size_t i = 0; i < n; i++)
		if (fs[i].kind == IR_FEAT_TIMEOUTS)
			t = &fs[i];
		else if (fs[i].kind == IR_FEAT_LOAD_BALANCING)
			lb = &fs[i];
	if (t || lb)
		timeouts_lb(c, st, t, lb);
}

static void
tr_emit(struct conv *c, const struct ir *ir)
{
	struct tr st = { STRMAP_INIT, STRMAP_INIT, STRMAP_INIT, false };

	/* the names the rewrites took during the lowering */
	for (size_t i = 0; i < c->ntarget_objs; i++) {
		const struct doc_node *o = c->target_objs[i];

		strmap_put(&st.names, arena_printf(c->a, "%s\n%s/%s",
			doc_str(doc_get(o, "kind")),
			doc_str(doc_path(o, "metadata.namespace")),
			doc_str(doc_path(o, "metadata.name"))), (void *)o);
	}
	routes_cors(c, &st, ir);
	/* the provider lowers an Ingress's features together */
	for (size_t i = 0, j; i < ir->nfeatures; i = j) {
		for (j = i + 1; j < ir->nfeatures &&
		     ir->features[j].ing == ir->features[i].ing; j++)
			;
		features(c, &st, &ir->features[i], j - i);
	}
	strmap_release(&st.cors);
	strmap_release(&st.names);
	strmap_release(&st.svcs);
}

const struct conv_target conv_target_traefik = {
	.table = &tgt_traefik,
	.claims = tr_claims,
	.nclaims = ARRAY_LEN(tr_claims),
	.rows = tr_rows,
	.nrows = ARRAY_LEN(tr_rows),
	.regex_rewrite = tr_regex_rewrite,
	.emit = tr_emit,
};
