#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/ingress-nginx/lower.h"
#include "strbuf.h"
#include "providers/ingress-nginx/annotations.h"

/*
 * --emitter envoy-gateway: ingress-nginx's implementation-specific (class
 * B) annotations as Envoy Gateway v1.9.0 objects attached to the routes
 * generated for the Ingress (ingress-semantics.md §2.10, EG column):
 * BackendTrafficPolicy (timeouts, retries, load balancing, affinity,
 * local rate limits, body size), SecurityPolicy (client CIDRs, basic
 * auth, external auth), HTTPRouteFilter (rewrites with captures), and for
 * the tcp-services PROXY protocol a ClientTrafficPolicy and a
 * BackendTrafficPolicy. Every field written exists in the v1.9.0 CRDs.
 */

#define EG_API "gateway.envoyproxy.io/v1alpha1"
#define EG_GROUP "gateway.envoyproxy.io"
#define GW_GROUP "gateway.networking.k8s.io"

/* Keys this emitter carries over (the standard emitter warns for them). */
static const char *const eg_keys[] = {
	"proxy-connect-timeout", "proxy-send-timeout",
	"proxy-next-upstream", "proxy-next-upstream-tries",
	"load-balance", "upstream-hash-by", "affinity",
	"session-cookie-name", "session-cookie-max-age",
	"session-cookie-expires", "limit-rps", "limit-rpm",
	"proxy-body-size", "allowlist-source-range", "denylist-source-range",
	"auth-type", "auth-secret", "auth-url", "auth-response-headers",
};

bool
conv_eg_handles(const struct conv *c, const char *key)
{
	if (c->opts->emitter != CONV_EMITTER_ENVOY_GATEWAY)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(eg_keys); i++)
		if (!strcmp(key, eg_keys[i]))
			return true;
	return false;
}

static void
eg_diag(struct conv *c, enum diag_severity sev,
	const struct prov_nginx_settings *s, const struct ingress *ing,
	const char *key, const char *fmt, ...) ING2GW_PRINTF(6, 7);

static void
eg_diag(struct conv *c, enum diag_severity sev,
	const struct prov_nginx_settings *s, const struct ingress *ing,
	const char *key, const char *fmt, ...)
{
	const struct prov_slot *sl = prov_nginx_slot(s, key);
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, "convert/envoy-gateway", conv_pos(c,
		sl && sl->node ? sl->node : ing->obj->root), "Ingress '%s/%s': "
		"annotation '%s%s': %s", ing->ns, ing->name,
		sl && sl->key ? "" : PROV_NGINX_PREFIX,
		sl && sl->key ? sl->key : key, msg);
}

static struct doc_node *
eg_object(struct conv *c, const char *kind, const char *name,
	const char *ns)
{
	struct doc_node *o = doc_new_map(c->a), *meta;

	doc_map_add_str(c->a, o, "apiVersion", EG_API);
	doc_map_add_str(c->a, o, "kind", kind);
	meta = doc_map_add_map(c->a, o, "metadata");
	doc_map_add_str(c->a, meta, "name", name);
	doc_map_add_str(c->a, meta, "namespace", ns);
	return o;
}

/* ---- rewrites with captures ---------------------------------------------- */

const char *
conv_eg_rewrite_filter(struct conv *c, const struct ingress *ing,
	const char *path, const char *target, unsigned idx, const char **why)
{
	struct strbuf sub = STRBUF_INIT;
	const char *name, *re_why;
	struct doc_node *o, *spec, *rw, *p, *rr;

	*why = NULL;
	if ((re_why = ngx_pcre_only(path))) {
		*why = arena_printf(c->a, "the path uses %s, which Envoy's "
			"RE2 has not", re_why);
		return NULL;
	}
	if (strchr(target, '?')) {
		*why = "the target sets a query string, which a path "
			"rewrite cannot";
		return NULL;
	}
	for (const char *t = target; *t; t++) {
		if (*t == '$' && t[1] >= '0' && t[1] <= '9') {
			strbuf_addc(&sub, '\\');
			continue;
		}
		if (*t == '$') {
			*why = "its substitution takes the captures ($1..$9) "
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
	o = eg_object(c, "HTTPRouteFilter", name, ing->ns);
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
	PUSH(c->extra_objs, c->nextra_objs, o);
	return name;
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

static struct doc_node *
policy(struct conv *c, const char *kind, const struct ingress *ing,
	bool *grpc_out)
{
	struct doc_node *o = eg_object(c, kind, names_sanitize(c->a,
		ing->name), ing->ns);
	struct doc_node *spec = doc_map_add_map(c->a, o, "spec");
	struct doc_node *refs = doc_map_add_seq(c->a, spec, "targetRefs");

	*grpc_out = false;
	for (size_t i = 0; i < c->nroutes; i++) {
		const struct route *r = c->routes[i];
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
btp_timeouts(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	bool conn = prov_nginx_is_set(s, "proxy-connect-timeout") &&
		s->proxy_connect_timeout > 0;
	bool rd = prov_nginx_is_set(s, "proxy-read-timeout") &&
		s->proxy_read_timeout > 0;
	bool snd = prov_nginx_is_set(s, "proxy-send-timeout") &&
		s->proxy_send_timeout > 0;
	struct doc_node *t;

	if (!conn && !rd && !snd)
		return false;
	t = doc_map_add_map(c->a, spec, "timeout");
	if (conn)
		doc_map_add_str(c->a, doc_map_add_map(c->a, t, "tcp"),
			"connectTimeout", secs(c, s->proxy_connect_timeout));
	if (rd || snd) {
		long long idle = s->proxy_read_timeout > s->proxy_send_timeout ?
			s->proxy_read_timeout : s->proxy_send_timeout;

		doc_map_add_str(c->a, doc_map_add_map(c->a, t, "http"),
			"streamIdleTimeout", secs(c, idle));
		eg_diag(c, DIAG_INFO, s, ing, rd ? "proxy-read-timeout" :
			"proxy-send-timeout", "converted to the "
			"BackendTrafficPolicy's timeout.http.streamIdleTimeout "
			"%llds (the longer of the read and send timeouts): "
			"Envoy measures idleness of the whole stream, nginx "
			"each direction apart", idle);
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
btp_retry(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	const char *v = s->proxy_next_upstream ? s->proxy_next_upstream :
		"error timeout";
	struct doc_node *r, *on, *trig, *codes;
	bool off = false, nonidem = false;
	const char *p = v;

	if (!prov_nginx_is_set(s, "proxy-next-upstream") &&
	    !prov_nginx_is_set(s, "proxy-next-upstream-tries"))
		return false;
	r = doc_new_map(c->a);
	on = doc_new_map(c->a);
	trig = doc_new_seq(c->a);
	codes = doc_new_seq(c->a);
	while (*p) {
		size_t n = strcspn(p, " \t,");
		char *w = arena_strndup(c->a, p, n);

		p += n;
		p += strspn(p, " \t,");
		if (!*w)
			continue;
		if (!strcmp(w, "off")) {
			off = true;
		} else if (!strcmp(w, "error")) {
			add_trigger(c, trig, "connect-failure");
			add_trigger(c, trig, "reset");
		} else if (!strcmp(w, "timeout")) {
			add_trigger(c, trig, "reset");
		} else if (!strncmp(w, "http_", 5) && strlen(w) == 8) {
			doc_seq_add(c->a, codes, doc_new_int(c->a,
				atoi(w + 5)));
			add_trigger(c, trig, "retriable-status-codes");
		} else if (!strcmp(w, "non_idempotent")) {
			nonidem = true;
		} else {
			eg_diag(c, DIAG_WARNING, s, ing, "proxy-next-upstream",
				"condition '%s' has no Envoy retry trigger; "
				"it is left out", w);
		}
	}
	if (off) {
		doc_map_add_int(c->a, r, "numRetries", 0);
	} else {
		long long tries = s->proxy_next_upstream_tries;

		if (tries > 0)
			doc_map_add_int(c->a, r, "numRetries", tries - 1);
		if (doc_len(trig))
			doc_map_add(c->a, on, "triggers", trig);
		if (doc_len(codes))
			doc_map_add(c->a, on, "httpStatusCodes", codes);
		if (doc_len(on))
			doc_map_add(c->a, r, "retryOn", on);
	}
	doc_map_add(c->a, spec, "retry", r);
	eg_diag(c, DIAG_INFO, s, ing, prov_nginx_is_set(s,
		"proxy-next-upstream") ? "proxy-next-upstream" :
		"proxy-next-upstream-tries", "converted to the "
		"BackendTrafficPolicy's retry; nginx tried the next endpoint "
		"%s, Envoy retries requests of every method",
		nonidem ? "for every method" :
		"only for idempotent methods (non_idempotent not given)");
	return true;
}

/* upstream-hash-by / affinity / load-balance: one loadBalancer. */
static bool
btp_lb(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	struct doc_node *lb, *ch;
	const char *h = s->upstream_hash_by;

	if (h && prov_nginx_is_set(s, "upstream-hash-by")) {
		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", "ConsistentHash");
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		if (!strcmp(h, "$remote_addr") ||
		    !strcmp(h, "$binary_remote_addr")) {
			doc_map_add_str(c->a, ch, "type", "SourceIP");
		} else if (!strncmp(h, "$http_", 6) && h[6] &&
		    !h[6 + strspn(h + 6, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789_")]) {
			char *name = arena_strdup(c->a, h + 6);

			for (char *q = name; *q; q++)
				if (*q == '_')
					*q = '-';
			doc_map_add_str(c->a, ch, "type", "Header");
			doc_map_add_str(c->a, doc_map_add_map(c->a, ch,
				"header"), "name", name);
		} else if (!strncmp(h, "$cookie_", 8) && h[8] &&
		    !strchr(h + 8, '$')) {
			struct doc_node *ck;

			doc_map_add_str(c->a, ch, "type", "Cookie");
			ck = doc_map_add_map(c->a, ch, "cookie");
			doc_map_add_str(c->a, ck, "name", h + 8);
		} else {
			eg_diag(c, DIAG_WARNING, s, ing, "upstream-hash-by",
				"'%s' is not a client address, a header or a "
				"cookie; Envoy's consistent hash takes only "
				"those, so the source address is hashed "
				"instead", h);
			doc_map_add_str(c->a, ch, "type", "SourceIP");
		}
		return true;
	}
	if (s->affinity == 0 && prov_nginx_is_set(s, "affinity")) {
		struct doc_node *ck;
		long long ttl = s->session_cookie_max_age > 0 ?
			s->session_cookie_max_age : s->session_cookie_expires;

		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", "ConsistentHash");
		ch = doc_map_add_map(c->a, lb, "consistentHash");
		doc_map_add_str(c->a, ch, "type", "Cookie");
		ck = doc_map_add_map(c->a, ch, "cookie");
		doc_map_add_str(c->a, ck, "name", s->session_cookie_name ?
			s->session_cookie_name : "INGRESSCOOKIE");
		doc_map_add_str(c->a, ck, "ttl", secs(c, ttl > 0 ? ttl : 0));
		eg_diag(c, DIAG_WARNING, s, ing, "affinity", "converted to a "
			"consistent hash on the cookie '%s' (Envoy sets it "
			"when missing%s): a change in the endpoints moves "
			"some clients, where nginx kept them on their "
			"endpoint", s->session_cookie_name ?
			s->session_cookie_name : "INGRESSCOOKIE", ttl > 0 ?
			"" : ", as a session cookie");
		return true;
	}
	if (prov_nginx_is_set(s, "load-balance")) {
		const char *t = s->load_balance == 5 ? "LeastRequest" :
			s->load_balance == 0 ? "RoundRobin" : NULL;

		if (!t) {
			eg_diag(c, DIAG_WARNING, s, ing, "load-balance",
				"this algorithm has no Envoy Gateway type; "
				"the default (LeastRequest) applies");
			return false;
		}
		lb = doc_map_add_map(c->a, spec, "loadBalancer");
		doc_map_add_str(c->a, lb, "type", t);
		return true;
	}
	return false;
}

static bool
btp_rate(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	bool rps = s->limit_rps > 0, rpm = s->limit_rpm > 0;
	struct doc_node *rules, *rule, *lim;

	if (s->limits_ignored || (!rps && !rpm))
		return false;
	rules = doc_map_add_seq(c->a, doc_map_add_map(c->a,
		doc_map_add_map(c->a, spec, "rateLimit"), "local"), "rules");
	rule = doc_seq_add_map(c->a, rules);
	lim = doc_map_add_map(c->a, rule, "limit");
	doc_map_add_int(c->a, lim, "requests", rps ? s->limit_rps :
		s->limit_rpm);
	doc_map_add_str(c->a, lim, "unit", rps ? "Second" : "Minute");
	eg_diag(c, DIAG_WARNING, s, ing, rps ? "limit-rps" : "limit-rpm",
		"converted to a local rate limit of %lld per %s for each "
		"route and Envoy replica, counting all clients together: "
		"nginx counted each client address apart, allowed a burst "
		"of %lld, and answered 503 where Envoy answers 429; a "
		"limit per client needs rateLimit.global with sourceCIDR "
		"Distinct (and Envoy Gateway's rate limit service)%s",
		rps ? s->limit_rps : s->limit_rpm, rps ? "second" : "minute",
		(rps ? s->limit_rps : s->limit_rpm) *
		(s->limit_burst_multiplier > 0 ? s->limit_burst_multiplier : 5),
		rps && rpm ? "; limit-rpm is not carried over (one local "
		"limit per route)" : "");
	return true;
}

static bool
btp_body(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec, bool grpc)
{
	if (!prov_nginx_is_set(s, "proxy-body-size") ||
	    s->proxy_body_size <= 0)
		return false;
	if (grpc) {
		eg_diag(c, DIAG_WARNING, s, ing, "proxy-body-size",
			"not converted: Envoy Gateway's request buffer breaks "
			"gRPC streaming, and the routes are GRPCRoutes");
		return false;
	}
	doc_map_add_int(c->a, doc_map_add_map(c->a, spec, "requestBuffer"),
		"limit", s->proxy_body_size);
	eg_diag(c, DIAG_INFO, s, ing, "proxy-body-size", "converted to the "
		"BackendTrafficPolicy's requestBuffer.limit %lld bytes: "
		"larger requests get 413 as in nginx, which also buffered "
		"request bodies (proxy-request-buffering on); a "
		"ClientTrafficPolicy's connection.bufferLimit would apply to "
		"the whole listener and not answer 413", s->proxy_body_size);
	return true;
}

static void
backend_traffic(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	bool grpc;
	struct doc_node *o = policy(c, "BackendTrafficPolicy", ing, &grpc);
	struct doc_node *spec;
	bool any = false;

	if (!o)
		return;
	spec = (struct doc_node *)doc_get(o, "spec");
	any |= btp_timeouts(c, ing, s, spec);
	any |= btp_retry(c, ing, s, spec);
	any |= btp_lb(c, ing, s, spec);
	any |= btp_rate(c, ing, s, spec);
	any |= btp_body(c, ing, s, spec, grpc);
	if (any)
		PUSH(c->extra_objs, c->nextra_objs, o);
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
sp_authorization(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	const struct prov_strlist *al = &s->allowlist_source_range;
	const struct prov_strlist *dl = &s->denylist_source_range;
	struct doc_node *az, *rules;

	if (!al->len && !dl->len)
		return false;
	az = doc_map_add_map(c->a, spec, "authorization");
	doc_map_add_str(c->a, az, "defaultAction", al->len ? "Deny" :
		"Allow");
	rules = doc_map_add_seq(c->a, az, "rules");
	/* nginx: the deny lines come first, then allow ...; deny all */
	for (int pass = 0; pass < 2; pass++) {
		const struct prov_strlist *l = pass ? al : dl;
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
	eg_diag(c, DIAG_INFO, s, ing, al->len ? "allowlist-source-range" :
		"denylist-source-range", "converted to the SecurityPolicy's "
		"authorization by client CIDR (403 as in nginx); the client "
		"address is the connection's unless a ClientTrafficPolicy "
		"sets clientIPDetection, as nginx's use-forwarded-headers did");
	return true;
}

static bool
sp_basic(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	const char *sec = s->auth_secret, *sl;
	struct doc_node *users;

	if (s->auth_type < 0)
		return false;
	if (s->auth_type == 1) {
		eg_diag(c, DIAG_WARNING, s, ing, "auth-type", "digest "
			"authentication has no Envoy Gateway equivalent; the "
			"paths are served without authentication: use basic "
			"or external authentication");
		return false;
	}
	if (!sec)
		return false;
	users = doc_map_add_map(c->a, doc_map_add_map(c->a, spec,
		"basicAuth"), "users");
	sl = strchr(sec, '/');
	doc_map_add_str(c->a, users, "name", sl ? sl + 1 : sec);
	if (sl && strncmp(sec, ing->ns, (size_t)(sl - sec)))
		doc_map_add_str(c->a, users, "namespace", arena_strndup(c->a,
			sec, (size_t)(sl - sec)));
	eg_diag(c, DIAG_WARNING, s, ing, "auth-secret", "converted to the "
		"SecurityPolicy's basicAuth with Secret '%s': Envoy Gateway "
		"reads the key '.htpasswd' (nginx read 'auth'%s), accepts "
		"only {SHA} password hashes, and does not name the realm; "
		"re-key the Secret and re-hash other hashes%s", sec,
		s->auth_secret_type == 1 ? ", as an auth-map" : "",
		sl && strncmp(sec, ing->ns, (size_t)(sl - sec)) ? "; the "
		"Secret is in another namespace, which needs a "
		"ReferenceGrant from SecurityPolicy" : "");
	return true;
}

/* auth-url to a Service of the cluster: host "svc", "svc.ns.svc...". */
static bool
sp_ext_auth(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, struct doc_node *spec)
{
	const char *u = s->auth_url, *h, *e, *colon, *dot, *path;
	const char *svc, *ns = ing->ns;
	bool https;
	int port;
	struct doc_node *http, *ref;

	if (!u || s->auth_ignored)
		return false;
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
			eg_diag(c, DIAG_WARNING, s, ing, "auth-url", "'%s' is "
				"not a Service of the cluster; the "
				"SecurityPolicy's extAuth needs a backendRef "
				"(an Envoy Gateway Backend object for outside "
				"hosts), so the paths are served WITHOUT "
				"external authentication: add a Backend and "
				"an extAuth by hand", u);
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
	if (strcmp(ns, ing->ns))
		doc_map_add_str(c->a, ref, "namespace", ns);
	doc_map_add_int(c->a, ref, "port", port);
	doc_map_add_str(c->a, http, "pathOverride", path);
	if (s->auth_response_headers.len) {
		struct doc_node *hs = doc_map_add_seq(c->a, http,
			"headersToBackend");

		for (size_t i = 0; i < s->auth_response_headers.len; i++)
			doc_seq_add_str(c->a, hs,
				s->auth_response_headers.v[i]);
	}
	eg_diag(c, DIAG_WARNING, s, ing, "auth-url", "converted to the "
		"SecurityPolicy's extAuth (Service '%s/%s' port %d, path "
		"'%s'): Envoy sends the request's method and headers "
		"without the body as nginx did, but not nginx's "
		"X-Original-URI and X-Original-Method headers, and returns "
		"any denial of the auth service as is where nginx answered "
		"500 for codes other than 401 and 403%s%s", ns, svc,
		port, path, https ? "; the auth service speaks TLS, which "
		"needs a BackendTLSPolicy" : "", strcmp(ns, ing->ns) ?
		"; the Service is in another namespace, which needs a "
		"ReferenceGrant from SecurityPolicy" : "");
	return true;
}

static void
security(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	bool grpc;
	struct doc_node *o = policy(c, "SecurityPolicy", ing, &grpc);
	struct doc_node *spec;
	bool any = false;

	if (!o)
		return;
	spec = (struct doc_node *)doc_get(o, "spec");
	any |= sp_authorization(c, ing, s, spec);
	any |= sp_basic(c, ing, s, spec);
	any |= sp_ext_auth(c, ing, s, spec);
	if (any)
		PUSH(c->extra_objs, c->nextra_objs, o);
}

/* tcp-services PROXY protocol: listener and backend side. */
static void
stream_proxy(struct conv *c, const struct route *r)
{
	struct doc_node *o, *spec, *ref;

	if (r->proxy_decode) {
		o = eg_object(c, "ClientTrafficPolicy", names_sanitize(c->a,
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
		PUSH(c->extra_objs, c->nextra_objs, o);
	}
	if (r->proxy_encode) {
		o = eg_object(c, "BackendTrafficPolicy", r->name, r->ing->ns);
		spec = doc_map_add_map(c->a, o, "spec");
		ref = doc_seq_add_map(c->a, doc_map_add_seq(c->a, spec,
			"targetRefs"));
		doc_map_add_str(c->a, ref, "group", GW_GROUP);
		doc_map_add_str(c->a, ref, "kind", "TCPRoute");
		doc_map_add_str(c->a, ref, "name", r->name);
		doc_map_add_str(c->a, doc_map_add_map(c->a, spec,
			"proxyProtocol"), "version", "V1");
		PUSH(c->extra_objs, c->nextra_objs, o);
	}
}

void
conv_eg_build(struct conv *c)
{
	if (c->opts->emitter != CONV_EMITTER_ENVOY_GATEWAY)
		return;
	for (size_t i = 0; i < c->w->ningresses; i++) {
		const struct ingress *ing = &c->w->ingresses[i];
		const struct prov_nginx_settings *s =
			conv_nginx_settings(c, ing);

		if (!s || s->fate == PROV_NGINX_DROPPED || s->is_canary ||
		    s->denied)
			continue;
		backend_traffic(c, ing, s);
		security(c, ing, s);
	}
	for (size_t i = 0; i < c->nroutes; i++)
		if (c->routes[i]->proxy_decode || c->routes[i]->proxy_encode)
			stream_proxy(c, c->routes[i]);
}
