#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "providers/haproxy-ingress/annotations.h"
#include "strbuf.h"

/*
 * HAProxy Ingress (jcmoraisjr/haproxy-ingress v0.14/v0.15), lowered into
 * the IR.
 *
 * Paths (pkg/converters/ingress, pkg/haproxy/types: path-type and
 * path-type-order): Exact paths match exactly; Prefix paths whole
 * segments (Gateway API's PathPrefix); ImplementationSpecific paths by
 * the path-type key: begin (the default, a character prefix: PathPrefix,
 * warned), prefix, exact, or regex (a RegularExpression match, warned).
 * The controller tries exact, prefix, begin, then regex paths, the
 * longest first within a type.
 *
 * The Ingress's keys apply to its paths: they become filters on the
 * Ingress's own rules (rule key "haproxy NS/NAME"): ssl-redirect (302,
 * for the hosts of a tls section), app-root (an Exact '/' redirect),
 * redirect-to (the whole URL), rewrite-target (ReplacePrefixMatch, or
 * ReplaceFullPath on an Exact path), CORS, headers. Access control the
 * target cannot express (allow and deny lists, basic, external and OAuth
 * authentication, WAF, client certificates, a snippet that looks like a
 * check) closes the paths.
 */

struct conv_hapi {
	struct strmap svcs;		/* "ns/name" -> settings (c->a) */
	struct strmap paths;		/* "host type path" -> struct hp_path */
	struct strmap tls_done;		/* passthrough hosts with a TLSRoute */
	struct strmap svc_said;		/* "ns/name" of Services reported */
	struct strmap feats;		/* "ns/ing svc": features made */
	struct strmap no_cert;		/* hosts said without certificate */
};

/* The first Ingress giving a host and path a backend. */
struct hp_path {
	const struct ingress *ing;
	const char *service;
	int port;
	const struct doc_node *node;
};

struct hp_ing {
	const struct ingress *ing;
	struct prov_hapi_settings s;
	const char *key;		/* rule key of its paths */
	bool closed;			/* fail closed: no backends */
	bool redirect_all;		/* request-redirect: no backends */
	bool ssl_redirect;		/* explicit or from spec.tls */
	const struct ir_regex_rewrite *rx;	/* path-rewrite by target */
	bool rewrite_std;		/* ReplaceFullPath or prefix */
	enum ir_path_modifier rw_kind;
	const char *rw_path;		/* its value */
	const char *rw_prefix;		/* ReplacePrefixMatch: of this match */
	const struct ir_cors *cors;
};

static bool
hp_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_hapi_serves(c->w, ing, false);
}

static void
warn(struct conv *c, const struct ingress *ing, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
	ING2GW_PRINTF(6, 7);

static void
warn(struct conv *c, const struct ingress *ing, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, conv_pos(c, at ? at : ing->obj->root),
		"Ingress '%s/%s': %s", ing->ns, ing->name, sb.buf);
	strbuf_release(&sb);
}

static const struct prov_hap_slot *
slot(const struct prov_hapi_settings *s, const char *key)
{
	return prov_hapi_slot(s, key);
}

static const struct doc_node *
key_node(const struct hp_ing *hi, const char *key)
{
	const struct prov_hap_slot *sl = slot(&hi->s, key);

	return sl && sl->key_node ? sl->key_node : hi->ing->obj->root;
}

static const char *
full_key(const struct hp_ing *hi, const char *key)
{
	const struct prov_hap_slot *sl = slot(&hi->s, key);

	return sl && sl->key ? sl->key : key;
}

/* The parsed annotations of a Service (its own diagnostics once). */
static const struct prov_hapi_settings *
svc_settings(struct conv *c, const char *ns, const char *name)
{
	const struct ing_service *svc;
	struct prov_hapi_settings *s;
	const char *k;

	if (!name)
		return NULL;
	k = arena_printf(c->a, "%s/%s", ns, name);
	if ((s = strmap_get(&c->hapi->svcs, k)))
		return s;
	svc = ing_world_service(c->w, ns, name);
	s = arena_alloc(c->a, sizeof(*s));
	prov_hapi_parse(s, c->a, c->w->set, svc ? doc_get(doc_get(
		svc->obj->root, "metadata"), "annotations") : NULL,
		"Service", ns, name, c->sink);
	strmap_put(&c->hapi->svcs, k, s);
	return s;
}

/* ---- access control and features -------------------------------------- */

static struct ir_feature *
feature_at(struct conv *c, struct hp_ing *hi, enum ir_feature_kind kind,
	const char *key, const struct prov_hapi_settings *from)
{
	struct ir_feature f = { .kind = kind, .ing = hi->ing };
	const struct prov_hap_slot *sl = from ? prov_hapi_slot(from,
		key) : NULL;

	f.key = sl && sl->key ? sl->key : full_key(hi, key);
	f.node = sl && sl->key_node ? sl->key_node : key_node(hi, key);
	PUSH(c->features, c->nfeatures, f);
	return &c->features[c->nfeatures - 1];
}

static struct ir_feature *
feature(struct conv *c, struct hp_ing *hi, enum ir_feature_kind kind,
	const char *key)
{
	return feature_at(c, hi, kind, key, NULL);
}

static void
close_paths(struct conv *c, struct hp_ing *hi, const char *key,
	const char *what, bool any_target)
{
	warn(c, hi->ing, DIAG_ERROR, "convert/access-control",
		key_node(hi, key), "annotation '%s' (%s) restricts who may "
		"reach its paths; target '%s' cannot check it, so they now "
		"answer 500", full_key(hi, key), what,
		c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, key_node(hi, key)), "%s",
		any_target ? "no target can: write the implementation's "
		"policy by hand and convert with --force; on an error convert "
		"writes nothing unless --force" : "to keep the check, convert "
		"with a --target whose policy expresses it (envoy-gateway), "
		"or write the implementation's policy and convert with "
		"--force; on an error convert writes nothing unless --force");
	if (!hi->closed)
		conv_close(c, hi->ing, NULL, false);
	hi->closed = true;
}

static void
access_control(struct conv *c, struct hp_ing *hi)
{
	struct prov_hapi_settings *s = &hi->s;
	const char *ip_key = s->allow.len || s->allow_patterns ?
		"allowlist-source-range" : "denylist-source-range";
	bool ip = s->allow.len || s->deny.len || s->allow_patterns ||
		s->deny_patterns;

	if (ip && (s->allow_patterns || s->deny_patterns)) {
		close_paths(c, hi, ip_key, "addresses in a pattern file of the "
			"controller, which the input does not hold", true);
	} else if (ip) {
		unsigned unchecked = conv_unclaimed(c, IR_FEAT_IP_ACCESS);

		if (conv_target_claims(c, IR_FEAT_IP_ACCESS)) {
			struct ir_feature *f = feature(c, hi,
				IR_FEAT_IP_ACCESS, ip_key);

			f->u.ip.allow.v = s->allow.v;
			f->u.ip.allow.len = s->allow.len;
			f->u.ip.deny.v = s->deny.v;
			f->u.ip.deny.len = s->deny.len;
		}
		if (unchecked) {
			conv_only(c, unchecked);
			close_paths(c, hi, ip_key, "client addresses", false);
			conv_only(c, conv_all_targets(c));
		}
	}
	if (s->auth_basic) {
		if (!s->auth_secret) {
			warn(c, hi->ing, DIAG_WARNING,
				"convert/haproxy-ingress-annotation-invalid",
				key_node(hi, "auth-type"), "annotation '%s' "
				"without auth-secret: the controller adds no "
				"authentication", full_key(hi, "auth-type"));
		} else {
			unsigned unchecked = conv_unclaimed(c,
				IR_FEAT_BASIC_AUTH);

			if (conv_target_claims(c, IR_FEAT_BASIC_AUTH)) {
				struct ir_feature *f = feature(c, hi,
					IR_FEAT_BASIC_AUTH, "auth-type");

				f->u.basic.secret = s->auth_secret;
				f->u.basic.auth_map = true;
			}
			if (unchecked) {
				conv_only(c, unchecked);
				close_paths(c, hi, "auth-type", "basic "
					"authentication", false);
				conv_only(c, conv_all_targets(c));
			}
		}
	}
	if (s->auth_url)
		close_paths(c, hi, "auth-url", "external authentication: the "
			"request passes when the URL answers 2xx; no policy is "
			"written for it", true);
	if (s->oauth)
		close_paths(c, hi, "oauth", "a session of the OAuth2 proxy; "
			"no policy is written for it", true);
	if (s->waf)
		close_paths(c, hi, "waf", "a ModSecurity agent's verdict",
			true);
	if (prov_hapi_is_set(s, "auth-tls-secret"))
		close_paths(c, hi, "auth-tls-secret", "client certificates "
			"signed by a CA, which a route cannot require", true);
	if (s->snippet) {
		static const char *const words[] = { "deny", "auth", "reject",
			"allow", "tarpit", "silent-drop", "acl", "src", NULL };
		bool access = false;

		for (const char *const *w = words; *w; w++)
			access |= strstr(s->snippet, *w) != NULL;
		warn(c, hi->ing, DIAG_ERROR, "convert/haproxy-ingress-config-snippet",
			key_node(hi, "config-backend"), "annotation "
			"'%s' holds raw HAProxy configuration, which has no "
			"Gateway API form; it is not carried%s",
			full_key(hi, "config-backend"), access ?
			", and it looks like an access check: the paths now "
			"answer 500" : "");
		if (access && !hi->closed) {
			conv_close(c, hi->ing, NULL, false);
			hi->closed = true;
		}
	}
}

static enum ir_lb_kind
lb_kind(const char *alg, const char **name)
{
	size_t n = strcspn(alg, " (");

	*name = NULL;
	if (!strncmp(alg, "roundrobin", n) && n == 10)
		return IR_LB_ROUND_ROBIN;
	if (!strncmp(alg, "leastconn", n) && n == 9)
		return IR_LB_LEAST_REQUEST;
	if (!strncmp(alg, "source", n) && n == 6)
		return IR_LB_HASH_SOURCE_IP;
	if (!strncmp(alg, "hdr(", 4)) {
		size_t k = strcspn(alg + 4, ")");

		*name = NULL;
		return k ? IR_LB_HASH_HEADER : IR_LB_OTHER;
	}
	return IR_LB_OTHER;
}

/* Timeouts, load balancing and the rate limit: a feature the target
 * claims, else said at the annotation. */
static void
backend_features(struct conv *c, struct hp_ing *hi,
	const struct prov_hapi_settings *svc)
{
	const struct prov_hapi_settings *s = &hi->s;
	const struct prov_hapi_settings *ts = svc &&
		prov_hapi_is_set(svc, "timeout-server") ? svc :
		prov_hapi_is_set(s, "timeout-server") ? s : NULL;
	const struct prov_hapi_settings *ls = svc &&
		prov_hapi_is_set(svc, "balance-algorithm") ? svc :
		prov_hapi_is_set(s, "balance-algorithm") ? s : NULL;
	const char *lb = ls ? ls->load_balance : NULL;

	const struct prov_hapi_settings *cs = svc &&
		prov_hapi_is_set(svc, "timeout-connect") ? svc :
		prov_hapi_is_set(s, "timeout-connect") ? s : NULL;

	if ((ts || cs) && conv_target_claims(c, IR_FEAT_TIMEOUTS)) {
		/* one feature: the target writes one timeout block */
		struct ir_feature *f = feature_at(c, hi, IR_FEAT_TIMEOUTS,
			ts ? "timeout-server" : "timeout-connect", ts ? ts : cs);

		if (ts)
			f->u.timeouts.idle = (ts->timeout_server + 999) / 1000;
		if (cs)
			f->u.timeouts.connect = (cs->timeout_connect + 999) /
				1000;
	}
	if (s->body_size > 0 && conv_target_claims(c, IR_FEAT_BODY_SIZE))
		feature(c, hi, IR_FEAT_BODY_SIZE, "proxy-body-size")->
			u.body.bytes = s->body_size;
	if (s->cookie && !(svc && svc->cookie) &&
	    conv_target_claims(c, IR_FEAT_LOAD_BALANCING)) {
		struct ir_feature *f = feature(c, hi, IR_FEAT_LOAD_BALANCING,
			"session-cookie-name");

		f->u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f->u.lb.name = s->cookie;
		f->u.lb.name_default = !prov_hapi_is_set(s,
			"session-cookie-name");
		if (f->u.lb.name_default) {
			f->key = full_key(hi, "affinity");
			f->node = key_node(hi, "affinity");
		}
	}
	if (lb && conv_target_claims(c, IR_FEAT_LOAD_BALANCING) &&
	    !(svc && svc->cookie) && !s->cookie) {
		struct ir_feature *f = feature_at(c, hi,
			IR_FEAT_LOAD_BALANCING, "balance-algorithm", ls);
		const char *name;

		f->u.lb.kind = lb_kind(lb, &name);
		if (f->u.lb.kind == IR_LB_HASH_HEADER)
			f->u.lb.name = arena_strndup(c->a, lb + 4,
				strcspn(lb + 4, ")"));
	}
}

static void
rate_limit(struct conv *c, struct hp_ing *hi)
{
	const struct prov_hapi_settings *s = &hi->s;

	if (s->rate_requests > 0 && conv_target_claims(c,
	    IR_FEAT_RATE_LIMIT)) {
		struct ir_feature *f = feature(c, hi, IR_FEAT_RATE_LIMIT,
			"limit-rps");
		long long per = s->rate_period > 0 ? s->rate_period : 1000;

		if (per % 60000 == 0)
			f->u.rate.per_minute = s->rate_requests * 60000 / per;
		else
			f->u.rate.per_second = s->rate_requests * 1000 / per >
				0 ? s->rate_requests * 1000 / per : 1;
	}
}

/* ---- annotations said at their line ----------------------------------- */

static bool
bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key,
		"kubectl.kubernetes.io/last-applied-configuration");
}

/* Keys whose lowering is the filters and features below. */
static bool
lowered(const char *key)
{
	static const char *const keys[] = { "allowlist-source-range",
		"denylist-source-range", "auth-type", "auth-secret",
		"auth-realm", "auth-url", "oauth", "waf", "auth-tls-secret",
		"rewrite-target", "redirect-to", "redirect-to-code",
		"app-root", "path-type", "ssl-redirect", "headers",
		"request-set-headers", "response-set-headers", "cors-enable",
		"cors-allow-origin", "cors-allow-methods",
		"cors-allow-headers", "cors-max-age",
		"cors-allow-credentials", "config-backend", NULL };

	for (const char *const *k = keys; *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

static void
report_annotations(struct conv *c, struct hp_ing *hi)
{
	const struct ingress *ing = hi->ing;

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k), *bare;
		const struct prov_annotation *a;
		const struct prov_hap_slot *sl;

		conv_only(c, conv_all_targets(c));
		if (!key || bookkeeping(key))
			continue;
		bare = prov_hapi_name(key);
		a = bare ? prov_hapi_lookup(bare) : NULL;
		if (!a) {
			if (!bare || !strncmp(key, "ingress.kubernetes.io/",
			    22))
				conv_report_annotation(c, ing, k);
			continue;	/* the parser said why */
		}
		sl = &hi->s.slots[prov_hapi_index(a)];
		if (sl->key_node != k || sl->state != PROV_HAP_SET ||
		    lowered(a->key))
			continue;
		if (a->feature && a->feature != IR_FEAT_REGEX_REWRITE) {
			unsigned dropped = conv_unclaimed(c,
				(enum ir_feature_kind)a->feature);

			if (!dropped)
				continue;
			conv_only(c, dropped);	/* reset at the next key */
		}
		if (a->cls == PROV_CLASS_C_PERF) {
			warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-tuning", k,
				"annotation '%s' (%s) is dropped; it does not "
				"change which backend answers; the nearest "
				"setting: %s", key, a->desc, a->gateway);
			continue;
		}
		if (!strcmp(a->key, "secure-backends") && hi->s.server_ssl) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-ingress-backend-tls", k, "annotation "
				"'%s': HAProxy spoke TLS to the backends "
				"(without verifying them unless server-ca); "
				"the Gateway speaks HTTP to them until a "
				"BackendTLSPolicy (the CA and the name to "
				"verify) is written by hand", key);
			continue;
		}
		if (!strcmp(a->key, "backend-protocol") &&
		    (hi->s.server_ssl || hi->s.server_proto)) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-ingress-backend-tls", k,
				"annotation '%s': HAProxy Ingress spoke %s to "
				"the backends; %s", key, hi->s.server_ssl ?
				hi->s.server_proto ? "HTTP/2 over TLS" : "TLS" :
				"HTTP/2", hi->s.server_ssl ? "the Gateway "
				"speaks HTTP to them until a BackendTLSPolicy "
				"(the CA and the name to verify) is written by "
				"hand" : "set the Service port's appProtocol to "
				"kubernetes.io/h2c for the Gateway to do the "
				"same");
			continue;
		}
		if (!strcmp(a->key, "ssl-passthrough"))
			continue;	/* passthrough() */
		if (!strncmp(a->key, "cors-", 5) && !hi->s.cors_enable)
			continue;	/* off without cors-enable */
		warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-not-converted", k,
			"annotation '%s' (%s) is not converted; to keep it: %s",
			key, a->desc, a->gateway);
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- filters ------------------------------------------------------------ */


/* rewrite-target: the matched prefix replaced (every path type but
 * regex); a regex path keeps its path (said). */
static void
plan_rewrite(struct conv *c, struct hp_ing *hi)
{
	if (!hi->s.rewrite_target)
		return;
	if (!strcmp(hi->s.path_type, "regex"))
		warn(c, hi->ing, DIAG_WARNING,
			"convert/haproxy-ingress-rewrite-target",
			key_node(hi, "rewrite-target"), "annotation '%s': "
			"HAProxy replaced the part of the path its regex "
			"matched; a RegularExpression match has no standard "
			"rewrite of that part: the paths are routed without "
			"rewriting", full_key(hi, "rewrite-target"));
	else
		hi->rewrite_std = true;
}

static const char **
split_list(struct conv *c, const char *text, size_t *n_out)
{
	size_t n = 1, k = 0;
	const char **v;
	const char *p = text;

	for (const char *q = text; *q; q++)
		n += *q == ',';
	v = arena_alloc(c->a, n * sizeof(*v));
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *b = p, *e = p + len;

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b)
			v[k++] = arena_strndup(c->a, b, (size_t)(e - b));
		p += len;
		if (*p)
			p++;
	}
	*n_out = k;
	return v;
}

/*
 * cors-allow-origin is a regex HAProxy matches against Origin: '^', '$'
 * dropped, '\.' a dot and '.*' a '*' wildcard; another regex allows no
 * origin (said).
 */
static const char *
cors_origin(struct conv *c, struct hp_ing *hi)
{
	const char *o = hi->s.cors_origin, *e;
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	if (!strcmp(o, "*") || !strpbrk(o, "^$*+?()[]{}|\\"))
		return o;
	if (*o == '^')
		o++;
	e = o + strlen(o);
	if (e > o && e[-1] == '$')
		e--;
	for (const char *p = o; p < e; p++) {
		if (p[0] == '\\' && p + 1 < e && p[1] == '.') {
			strbuf_addc(&sb, '.');
			p++;
		} else if (p[0] == '.' && p + 1 < e && p[1] == '*') {
			strbuf_addc(&sb, '*');
			p++;
		} else if (strchr("^$*+?()[]{}|\\", *p)) {
			strbuf_release(&sb);
			warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-ingress-cors",
				key_node(hi, "cors-allow-origin"), "annotation "
				"'%s': HAProxy matched the request's Origin "
				"against the regular expression '%s', which "
				"the CORS filter's list of origins cannot say; "
				"the filter allows no origin until they are "
				"listed", full_key(hi, "cors-allow-origin"),
				hi->s.cors_origin);
			return "";
		} else {
			strbuf_addc(&sb, *p);
		}
	}
	out = arena_strdup(c->a, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-ingress-cors",
		key_node(hi, "cors-allow-origin"), "annotation '%s': HAProxy "
		"matched the request's Origin against the regular expression "
		"'%s'; the CORS filter allows '%s', whose '*' matches "
		"characters of the host only", full_key(hi,
		"cors-allow-origin"), hi->s.cors_origin, out);
	return out;
}

static void
plan_cors(struct conv *c, struct hp_ing *hi)
{
	const struct prov_hapi_settings *s = &hi->s;
	struct ir_cors *co;

	if (!s->cors_enable)
		return;
	co = arena_alloc(c->a, sizeof(*co));
	memset(co, 0, sizeof(*co));
	co->origins.v = split_list(c, cors_origin(c, hi), &co->origins.len);
	co->methods.v = split_list(c, s->cors_methods, &co->methods.len);
	co->headers.v = split_list(c, s->cors_headers, &co->headers.len);
	co->credentials = s->cors_credentials;
	co->max_age = s->cors_max_age;
	hi->cors = co;
}

/* Set headers: values holding HAProxy expressions are left out. */
static void
add_headers(struct conv *c, struct hp_ing *hi, struct rule *rule,
	bool response)
{
	const struct prov_hapi_settings *s = &hi->s;
	const struct prov_hap_header *h = response ? s->res_headers :
		s->req_headers;
	size_t n = response ? s->nres_headers : s->nreq_headers;
	const char *key = response ? "response-set-headers" :
		"request-set-headers";
	struct ir_filter *f = NULL;

	for (size_t i = 0; i < n; i++) {
		if (strstr(h[i].value, "%[")) {
			continue;
		}
		if (!f)
			f = ir_filter_add(&c->ir_arena, rule, response ?
				IR_FILTER_RESPONSE_HEADERS :
				IR_FILTER_REQUEST_HEADERS, key_node(hi, key));
		ir_headers_add(&c->ir_arena, f, h[i].name, h[i].value);
	}
}

static void
say_dynamic_headers(struct conv *c, struct hp_ing *hi, bool response)
{
	const struct prov_hapi_settings *s = &hi->s;
	const struct prov_hap_header *h = response ? s->res_headers :
		s->req_headers;
	size_t n = response ? s->nres_headers : s->nreq_headers;
	const char *key = response ? "response-set-headers" :
		"request-set-headers";

	for (size_t i = 0; i < n; i++)
		if (strstr(h[i].value, "%["))
			warn(c, hi->ing, DIAG_WARNING,
				"convert/haproxy-ingress-header-expression",
				key_node(hi, key), "annotation '%s': header "
				"'%s' has the HAProxy expression '%s', which a "
				"header filter cannot compute; it is left out",
				full_key(hi, key), h[i].name, h[i].value);
}

/* The filters of one rule of the Ingress. */
static void
add_filters(struct conv *c, struct hp_ing *hi, struct rule *rule,
	const struct match *m)
{
	const struct prov_hapi_settings *s = &hi->s;

	if (hi->redirect_all) {
		struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_REDIRECT, key_node(hi,
			"redirect-to"))->u.redirect;
		const char *colon = strrchr(s->request_redirect, ':');
		long long port;

		f->path_kind = IR_PATH_FULL;
		f->path = s->redirect_path;
		f->scheme = s->request_redirect_https ? "https" : "http";
		f->hostname = s->request_redirect;
		if (colon && prov_str_int(colon + 1, &port)) {
			f->hostname = arena_strndup(c->a, s->request_redirect,
				(size_t)(colon - s->request_redirect));
			f->port = (int)port;
		}
		f->code = (int)s->request_redirect_code;
		return;
	}
	if (hi->cors)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_CORS,
			key_node(hi, "cors-enable"))->u.cors = hi->cors;
	add_headers(c, hi, rule, false);
	if (hi->rewrite_std && (!strcmp(m->type, "PathPrefix") ||
	    !strcmp(m->type, "Exact"))) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, key_node(hi, "rewrite-target"));

		f->u.rewrite.path_kind = !strcmp(m->type, "Exact") ?
			IR_PATH_FULL : IR_PATH_PREFIX;
		f->u.rewrite.path = s->rewrite_target;
	}
	add_headers(c, hi, rule, true);
}

/* ---- the Services' annotations ----------------------------------------- */

static void
svc_say(struct conv *c, const char *ns, const char *name,
	const struct prov_hap_slot *sl, const char *rule,
	enum diag_severity sev, const char *fmt, ...) ING2GW_PRINTF(7, 8);

static void
svc_say(struct conv *c, const char *ns, const char *name,
	const struct prov_hap_slot *sl, const char *rule,
	enum diag_severity sev, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, conv_pos(c, sl->key_node), "Service "
		"'%s/%s': annotation '%s' %s", ns, name, sl->key, sb.buf);
	strbuf_release(&sb);
}

/*
 * Backend keys on the Service a path names (the controller reads the
 * Service first): features for the Ingress's rules, said once a Service.
 */
static void
service_keys(struct conv *c, struct hp_ing *hi, const char *name,
	const struct prov_hapi_settings *svc)
{
	const struct ingress *ing = hi->ing;
	const char *k = arena_printf(c->a, "%s/%s", ing->ns, name);
	bool said = strmap_get(&c->hapi->svc_said, k) != NULL;

	strmap_put(&c->hapi->svc_said, k, (void *)1);
	if (svc->snippet) {
		static const char *const words[] = { "deny", "auth", "reject",
			"allow", "tarpit", "silent-drop", "acl", "src", NULL };
		bool access = false;

		for (const char *const *w = words; *w; w++)
			access |= strstr(svc->snippet, *w) != NULL;
		if (!said)
			svc_say(c, ing->ns, name, prov_hapi_slot(svc,
				"config-backend"),
				"convert/haproxy-ingress-config-snippet", DIAG_ERROR,
				"holds raw HAProxy configuration, which has no "
				"Gateway API form; it is not carried%s", access ?
				", and it looks like an access check: the "
				"paths to the Service now answer 500" : "");
		if (access && !hi->closed) {
			conv_close(c, ing, NULL, false);
			hi->closed = true;
		}
	}
	if (svc->cookie && conv_target_claims(c, IR_FEAT_LOAD_BALANCING)) {
		struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING,
			.ing = ing };
		const struct prov_hap_slot *sl = prov_hapi_slot(svc,
			"session-cookie-name");

		f.key = sl->key;
		f.node = sl->key_node;
		f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f.u.lb.name = svc->cookie;
		PUSH(c->features, c->nfeatures, f);
	}
	if (said)
		return;
	for (size_t i = 0; i < PROV_HAPI_NANN; i++) {
		const struct prov_annotation *a =
			&prov_hapi_provider.table[i];
		const struct prov_hap_slot *sl = &svc->slots[i];

		conv_only(c, conv_all_targets(c));
		if (!sl->key_node || sl->state != PROV_HAP_SET ||
		    !strcmp(a->key, "config-backend") ||
		    !strcmp(a->key, "route-acl") ||
		    !strcmp(a->key, "ssl-passthrough"))
			continue;
		if (a->feature) {
			unsigned dropped = conv_unclaimed(c,
				(enum ir_feature_kind)a->feature);

			if (!dropped)
				continue;
			conv_only(c, dropped);	/* reset at the next key */
		}
		if (a->cls == PROV_CLASS_C_PERF) {
			svc_say(c, ing->ns, name, sl, "convert/haproxy-ingress-tuning",
				DIAG_INFO, "(%s) is dropped; it does not change "
				"which backend answers; the nearest setting: %s",
				a->desc, a->gateway);
		} else if (!strcmp(a->key, "secure-backends") && svc->server_ssl) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-ingress-backend-tls", DIAG_WARNING,
				"made HAProxy speak TLS to the backends; the "
				"Gateway speaks HTTP to them until a "
				"BackendTLSPolicy (the CA and the name to "
				"verify) is written by hand");
		} else if (!strcmp(a->key, "backend-protocol") &&
		    svc->server_proto && !strcmp(svc->server_proto, "h2")) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-ingress-backend-tls", DIAG_WARNING,
				"made HAProxy speak HTTP/2 to the backends; set "
				"the port's appProtocol to kubernetes.io/h2c "
				"(kubernetes.io/h2 with TLS)");
		} else if (a->scope == PROV_SCOPE_SERVICE) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-ingress-not-converted", DIAG_WARNING,
				"(%s) is not converted; to keep it: %s",
				a->desc, a->gateway);
		}
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- paths ------------------------------------------------------------- */

/* The Gateway API match of a path, and what differs. */
static bool
path_match(struct conv *c, struct hp_ing *hi, const struct ing_path *p,
	struct match *m)
{
	const struct ingress *ing = hi->ing;
	const struct doc_node *where = p->path_node ? p->path_node : p->node;
	size_t n = strlen(p->path);
	const char *why;

	m->node = where;
	m->type = "PathPrefix";
	m->value = p->path;
	if (p->type == ING_PATH_EXACT) {
		m->type = "Exact";
	} else if (p->type == ING_PATH_PREFIX) {
		if (n > 1 && p->path[n - 1] == '/')
			m->value = arena_strndup(c->a, p->path, n - 1);
	} else if (!strcmp(hi->s.path_type, "exact")) {
		m->type = "Exact";
	} else if (!strcmp(hi->s.path_type, "regex")) {
		m->type = "RegularExpression";
		if (p->path[0] == '^')
			m->value = p->path + 1;	/* matched from the start */
		warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-path-regex",
			where, "path '%s' is a regex (path-type regex): "
			"HAProxy searched it anywhere in the path unless "
			"anchored with '^'; a RegularExpression match is "
			"implementation-specific (most match the whole path)",
			p->path);
	} else if (!strcmp(hi->s.path_type, "prefix")) {
		if (n > 1 && p->path[n - 1] == '/')
			m->value = arena_strndup(c->a, p->path, n - 1);
	} else if (n > 1 && p->path[n - 1] != '/') {
		warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-prefix",
			where, "path '%s' has pathType %s, path-type begin: "
			"HAProxy Ingress matched it as a character prefix "
			"('%s' also took '%sx'); Gateway API's PathPrefix "
			"matches whole segments: set pathType Prefix to make "
			"this explicit", p->path, p->type_given ?
			"ImplementationSpecific" :
			"ImplementationSpecific (the default of the old API)",
			p->path, p->path);
	}
	if (strcmp(m->type, "RegularExpression") &&
	    (why = gwcheck_path(m->type, m->value))) {
		warn(c, ing, DIAG_ERROR, "convert/invalid-path", where,
			"path '%s' is not a valid Gateway API %s value (%s); "
			"it is left out", p->path, m->type, why);
		return false;
	}
	return true;
}

static void
lower_path(struct conv *c, struct route *r, struct route *redir,
	struct hp_ing *hi, const struct ing_path *p)
{
	const struct ingress *ing = hi->ing;
	struct match m = { 0 };
	const struct doc_node *first;
	struct strbuf wb = STRBUF_INIT;
	struct rule *rule;
	bool usable;
	int port = 0;

	if (!path_match(c, hi, p, &m))
		return;
	if (p->backend.service) {
		const struct prov_hapi_settings *svc = svc_settings(c,
			ing->ns, p->backend.service);

		if (svc && svc->route_acl) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-ingress-not-converted", m.node,
				"path '%s': its Service '%s' has route-acl "
				"'%s', so HAProxy routed to it by that ACL (a "
				"use_backend rule ahead of the maps) instead of "
				"by this path; an ACL has no Gateway API form: "
				"the path is left out", p->path,
				p->backend.service, svc->route_acl);
			return;
		}
	}
	if (conv_route_has_match(r, m.type, m.value, &first)) {
		warn(c, ing, DIAG_WARNING, "convert/duplicate-path", m.node,
			"%s path '%s' appears twice for host '%s'; HAProxy "
			"keeps one map entry, the first one is converted",
			m.type, m.value, r->host ? r->host : "*");
		diag_add_note(c->sink, conv_pos(c, first),
			"the first one is here");
		return;
	}
	strbuf_addf(&wb, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, wb.buf, &port);
	strbuf_release(&wb);
	if (!usable)
		return;
	if (p->backend.service) {
		const char *k = arena_printf(c->a, "%s %s %s", r->host ?
			r->host : "*", m.type, m.value);
		struct hp_path *was = strmap_get(&c->hapi->paths, k);

		if (!was) {
			was = arena_alloc(c->a, sizeof(*was));
			was->ing = ing;
			was->service = p->backend.service;
			was->port = port;
			was->node = m.node;
			strmap_put(&c->hapi->paths, k, was);
		} else if (was->ing != ing && (strcmp(was->service,
		    p->backend.service) || was->port != port)) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-ingress-duplicate-path", m.node,
				"%s path '%s' of host '%s' is also given by "
				"Ingress '%s/%s' to another backend: HAProxy's "
				"map keeps the row of the smaller backend name, "
				"Gateway API the older route", m.type, m.value,
				r->host ? r->host : "*", was->ing->ns,
				was->ing->name);
			diag_add_note(c->sink, conv_pos(c, was->node),
				"the other one is here");
		}
	}
	if (hi->redirect_all) {
		rule = conv_route_add(c, r, &m, NULL, 0, hi->key);
	} else {
		const struct prov_hapi_settings *svc = svc_settings(c,
			ing->ns, p->backend.service);

		rule = conv_route_add_backend(c, r, &m, &p->backend, port,
			hi->key);
		const char *fk = arena_printf(c->a, "%s %s", hi->key,
			p->backend.service);

		if (svc)
			service_keys(c, hi, p->backend.service, svc);
		if (!strmap_get(&c->hapi->feats, fk)) {
			strmap_put(&c->hapi->feats, fk, (void *)1);
			backend_features(c, hi, svc);
		}
	}
	if (rule->nmatches == 1)
		add_filters(c, hi, rule, &m);
	if (redir) {
		struct rule *rr = conv_route_add(c, redir, &m, NULL, 0,
			"ssl-redirect");
		struct ir_redirect *f;

		if (rr->nfilters)
			return;
		f = &ir_filter_add(&c->ir_arena, rr, IR_FILTER_REDIRECT,
			prov_hapi_is_set(&hi->s, "ssl-redirect") ?
			key_node(hi, "ssl-redirect") : m.node)->u.redirect;
		f->scheme = "https";
		f->code = (int)hi->s.ssl_redirect_code;
	}
}

/* app-root: '/' itself answers 302 to the path (the host's first
 * Ingress with it). */
static void
app_root(struct conv *c, struct route *r, struct route *redir,
	struct hp_ing *hi)
{
	struct match m = { .type = "Exact", .value = "/",
		.node = key_node(hi, "app-root") };
	const struct doc_node *first;
	struct rule *rule;
	struct ir_redirect *f;

	if (conv_route_has_match(r, m.type, m.value, &first))
		return;
	(void)redir;
	rule = conv_route_add(c, r, &m, NULL, 0, hi->key);
	if (rule->nfilters)
		return;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		m.node)->u.redirect;
	f->path_kind = IR_PATH_FULL;
	f->path = hi->s.app_root;
	f->code = 302;
}

/* Whether a tls section of ing names host (with or without Secret). */
static bool
in_tls(const struct ingress *ing, const char *host)
{
	for (size_t t = 0; host && t < ing->ntls; t++)
		for (size_t h = 0; h < ing->tls[t].nhosts; h++)
			if (ing->tls[t].hosts[h] &&
			    !strcasecmp(ing->tls[t].hosts[h], host))
				return true;
	return false;
}

/* ssl-redirect: explicit, or on for an Ingress with a tls section. */
static struct route *
redirect_route(struct conv *c, struct gateway *gw, struct hp_ing *hi,
	struct route *r, const struct ing_rule *ir)
{
	const struct ingress *ing = hi->ing;
	const struct listener *l;
	struct route *redir;
	const char *k = "ssl-redirect";
	const struct doc_node *at = prov_hapi_is_set(&hi->s, k) ?
		key_node(hi, k) : ing->ntls ? ing->tls[0].node : NULL;

	if (!hi->ssl_redirect || hi->redirect_all)
		return NULL;
	l = ir->host ? conv_https_listener(gw, ir->host) : NULL;
	if (!l && !prov_hapi_is_set(&hi->s, k) && !in_tls(ing, ir->host))
		return NULL;	/* only hosts of a tls section redirect */
	if (!l) {
		warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-ssl-redirect", at,
			"HAProxy redirected HTTP requests for host '%s' to "
			"HTTPS (%s), but the host has no certificate in the "
			"input, so there is no HTTPS listener to redirect to: "
			"the routes keep serving HTTP", ir->host ? ir->host :
			"*", prov_hapi_is_set(&hi->s, k) ? "ssl-redirect" :
			"on for the hosts of a tls section; without "
			"secretName HAProxy Ingress used its default "
			"certificate");
		return NULL;
	}
	r->section_https = l->hostname;
	redir = conv_route_new(c, gw, ing, ir->host);
	redir->suffix = "http-redirect";
	redir->section = "http";
	return redir;
}

static void
say_redirect(struct conv *c, struct hp_ing *hi)
{
	(void)c;
	(void)hi;
}

static void
default_backend(struct conv *c, struct gateway *gw, struct hp_ing *hi)
{
	const struct ingress *ing = hi->ing;
	const struct ing_backend *b = &ing->default_backend;
	struct match m = { .type = "PathPrefix", .value = "/",
		.node = b->node };
	struct route *r;
	const struct doc_node *dummy;
	struct rule *rule;
	int port = 0;

	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port))
		return;
	r = conv_route_for(c, gw, ing, NULL);
	if (conv_route_has_match(r, "PathPrefix", "/", &dummy))
		return;
	rule = conv_route_add_backend(c, r, &m, b, port, hi->key);
	if (rule->nmatches == 1)
		add_filters(c, hi, rule, &m);
	warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-default-backend", b->node,
		"spec.defaultBackend becomes HAProxy's default backend, for "
		"every request no path matches, of any host; the converted "
		"PathPrefix '/' rule without hostname takes only the hosts "
		"no other route names");
}

/* ssl-passthrough, on the Ingress or the Service of its first path. */
static bool
wants_passthrough(struct conv *c, const struct ingress *ing,
	const struct prov_hapi_settings *s)
{
	const struct prov_hapi_settings *svc;

	if (prov_hapi_is_set(s, "ssl-passthrough"))
		return s->ssl_passthrough;
	for (size_t i = 0; i < ing->nrules; i++)
		if (ing->rules[i].npaths && (svc = svc_settings(c, ing->ns,
		    ing->rules[i].paths[0].backend.service)) &&
		    prov_hapi_is_set(svc, "ssl-passthrough"))
			return svc->ssl_passthrough;
	return false;
}

/*
 * ssl-passthrough (route.AddHostPathRoute): the host goes to the SNI map,
 * whose TLS connections reach the backend undecrypted; plain HTTP still
 * follows the host and path maps. A TLSRoute on the host's Passthrough
 * listener, to the backend of its first path.
 */
static void
passthrough(struct conv *c, struct gateway *gw, struct hp_ing *hi)
{
	const struct ingress *ing = hi->ing;
	const struct doc_node *at = key_node(hi, "ssl-passthrough");

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *ir = &ing->rules[i];
		const struct ing_backend *b;
		struct match m = { .type = "", .value = "" };
		struct route *r;
		int port = 0;

		if (!ir->npaths)
			continue;
		if (!ir->host || ir->host[0] == '*') {
			warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-passthrough",
				ir->node, "a rule without a host name cannot "
				"be passed through (the SNI map needs one); "
				"nothing is generated for its TLS connections");
			continue;
		}
		if (strmap_get(&c->hapi->tls_done, ir->host) ||
		    !conv_is_passthrough(gw, ir->host))
			continue;
		b = &ir->paths[0].backend;
		if (!conv_usable_backend(c, ing, b, "the backend of the "
		    "first path", &port))
			continue;
		strmap_put(&c->hapi->tls_done, ir->host, (void *)1);
		r = conv_route_new(c, gw, ing, ir->host);
		r->kind = "TLSRoute";
		r->node = at;
		r->section_tls = ir->host;
		(void)conv_route_add(c, r, &m, b->service, port, NULL);
		warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-passthrough", at,
			"host '%s': TLS connections on port 443 go, not "
			"decrypted, to Service '%s' port %d (a TLSRoute on a "
			"Passthrough listener), as HAProxy's SNI map sent "
			"them; plain HTTP keeps the host's HTTPRoute", ir->host,
			b->service, port);
	}
}

static void
hp_begin(struct conv *c, const struct ingress **order, size_t n)
{
	if (!c->hapi)
		c->hapi = xcalloc(1, sizeof(*c->hapi));
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct prov_hapi_settings *s;

		if (!ing || conv_provider_of(c, ing) != &conv_provider_hapi)
			continue;
		s = arena_alloc(c->a, sizeof(*s));
		prov_hapi_parse(s, c->a, c->w->set, ing->annotations,
			"Ingress", ing->ns, ing->name, NULL);
		if (!wants_passthrough(c, ing, s))
			continue;
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *ir = &ing->rules[r];

			if (ir->npaths && ir->host && ir->host[0] != '*' &&
			    !gwcheck_hostname(ir->host))
				conv_passthrough_listener(c,
					conv_gateway_for(c, ing), ing,
					ir->host, ir->host_node ?
					ir->host_node : ir->node);
		}
	}
}

static void
hp_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct hp_ing *hi = arena_alloc(c->a, sizeof(*hi));
	const struct prov_hap_slot *sr;
	int said = 0;

	if (!c->hapi) {
		c->hapi = xcalloc(1, sizeof(*c->hapi));
	}
	memset(hi, 0, sizeof(*hi));
	hi->ing = ing;
	hi->key = arena_printf(c->a, "haproxy %s/%s", ing->ns, ing->name);
	prov_hapi_parse(&hi->s, c->a, c->w->set, ing->annotations,
		"Ingress", ing->ns, ing->name, c->sink);
	if (prov_hapi_bare_class(c->w, ing) && !conv_provider_fixed(c))
		warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-class",
			ing->class_source == ING_CLASS_ANNOTATION ?
			ing->class_annotation_node : ing->class_field_node,
			"class 'haproxy' without an IngressClass is the "
			"default of both HAProxy Ingress and the HAProxy "
			"Kubernetes Ingress Controller; the Ingress has "
			"haproxy-ingress.github.io/ keys, so it is converted "
			"as HAProxy Ingress's");
	sr = slot(&hi->s, "ssl-redirect");
	hi->ssl_redirect = sr->state == PROV_HAP_SET ? hi->s.ssl_redirect :
		ing->ntls > 0;
	hi->redirect_all = hi->s.request_redirect != NULL;
	report_annotations(c, hi);
	access_control(c, hi);
	rate_limit(c, hi);
	if (!hi->redirect_all) {
		plan_rewrite(c, hi);
		plan_cors(c, hi);
		say_dynamic_headers(c, hi, false);
		say_dynamic_headers(c, hi, true);
	}
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *ir = &ing->rules[i];
		struct route *r, *redir;

		if (!ir->npaths || !conv_host_usable(c, ing, ir->host,
		    ir->host_node))
			continue;
		r = conv_route_for(c, gw, ing, ir->host);
		redir = redirect_route(c, gw, hi, r, ir);
		if (hi->s.app_root && !hi->redirect_all)
			app_root(c, r, redir, hi);
		if (redir && !said++)
			say_redirect(c, hi);
		for (size_t j = 0; j < ir->npaths; j++)
			lower_path(c, r, redir, hi, &ir->paths[j]);
	}
	if (ing->has_default_backend)
		default_backend(c, gw, hi);
	if (wants_passthrough(c, ing, &hi->s))
		passthrough(c, gw, hi);
}

static void
hp_release(struct conv *c)
{
	if (!c->hapi)
		return;
	strmap_release(&c->hapi->svcs);
	strmap_release(&c->hapi->paths);
	strmap_release(&c->hapi->tls_done);
	strmap_release(&c->hapi->svc_said);
	strmap_release(&c->hapi->feats);
	strmap_release(&c->hapi->no_cert);
	free(c->hapi);
	c->hapi = NULL;
}

const struct conv_provider conv_provider_hapi = {
	.name = "haproxy-ingress",
	.summary = "HAProxy Ingress "
		"(haproxy-ingress.github.io/controller, class haproxy with "
		"haproxy-ingress.github.io/ keys)",
	.serves = hp_serves,
	.order = conv_cmp_age,
	.begin = hp_begin,
	.lower = hp_lower,
	.release = hp_release,
	.shares_lowering = true,
};
