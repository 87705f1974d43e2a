#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "providers/haproxy/annotations.h"
#include "providers/haproxy-ingress/annotations.h"
#include "strbuf.h"

/*
 * The HAProxy Kubernetes Ingress Controller, lowered into the IR.
 *
 * Routing (pkg/route/route.go AddHostPathRoute, the frontend rules of
 * pkg/controller/controller.go setupHAProxyRules): the host is looked up
 * exactly, then with its first label removed (a wildcard host is one
 * label deep), else the hostless rules; the path in the path-exact map
 * (Exact), then path-prefix-exact (Prefix and ImplementationSpecific
 * paths, trailing '/' removed), then map_beg of path-prefix: a Prefix
 * path '/p' is stored as '/p/' (whole segments, as Gateway API's
 * PathPrefix), an ImplementationSpecific path as '/p' (a character
 * prefix), and the longest stored prefix wins.
 *
 * The frontend's http-request rules of an Ingress (pkg/haproxy/rules:
 * deny, auth, rate limit, redirect, set-header, set-host, path rewrite,
 * response headers, in that order) apply to its paths only: they become
 * filters on the Ingress's own rules (rule key "haproxy NS/NAME").
 */

struct conv_haproxy {
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
	struct prov_haproxy_settings s;
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
	return prov_haproxy_serves(c->w, ing, false);
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
slot(const struct prov_haproxy_settings *s, const char *key)
{
	return prov_haproxy_slot(s, key);
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
static const struct prov_haproxy_settings *
svc_settings(struct conv *c, const char *ns, const char *name)
{
	const struct ing_service *svc;
	struct prov_haproxy_settings *s;
	const char *k;

	if (!name)
		return NULL;
	k = arena_printf(c->a, "%s/%s", ns, name);
	if ((s = strmap_get(&c->haproxy->svcs, k)))
		return s;
	svc = ing_world_service(c->w, ns, name);
	s = arena_alloc(c->a, sizeof(*s));
	prov_haproxy_parse(s, c->a, c->w->set, svc ? doc_get(doc_get(
		svc->obj->root, "metadata"), "annotations") : NULL,
		"Service", ns, name, c->sink);
	strmap_put(&c->haproxy->svcs, k, s);
	return s;
}

/* ---- access control and features -------------------------------------- */

static struct ir_feature *
feature_at(struct conv *c, struct hp_ing *hi, enum ir_feature_kind kind,
	const char *key, const struct prov_haproxy_settings *from)
{
	struct ir_feature f = { .kind = kind, .ing = hi->ing };
	const struct prov_hap_slot *sl = from ? prov_haproxy_slot(from,
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
	struct prov_haproxy_settings *s = &hi->s;
	const char *ip_key = s->allow.len || s->allow_patterns ?
		"allow-list" : "deny-list";
	bool ip = s->allow.len || s->deny.len || s->allow_patterns ||
		s->deny_patterns;

	if (ip && (s->allow_patterns || s->deny_patterns)) {
		close_paths(c, hi, s->allow_patterns ? "allow-list" :
			"deny-list", "addresses in a pattern file of the "
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
				"convert/haproxy-annotation-invalid",
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
	if (s->snippet) {
		static const char *const words[] = { "deny", "auth", "reject",
			"allow", "tarpit", "silent-drop", "acl", "src", NULL };
		bool access = false;

		for (const char *const *w = words; *w; w++)
			access |= strstr(s->snippet, *w) != NULL;
		warn(c, hi->ing, DIAG_ERROR, "convert/haproxy-config-snippet",
			key_node(hi, "backend-config-snippet"), "annotation "
			"'%s' holds raw HAProxy configuration, which has no "
			"Gateway API form; it is not carried%s",
			full_key(hi, "backend-config-snippet"), access ?
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
	const struct prov_haproxy_settings *svc)
{
	const struct prov_haproxy_settings *s = &hi->s;
	const struct prov_haproxy_settings *ts = svc &&
		prov_haproxy_is_set(svc, "timeout-server") ? svc :
		prov_haproxy_is_set(s, "timeout-server") ? s : NULL;
	const struct prov_haproxy_settings *ls = svc &&
		prov_haproxy_is_set(svc, "load-balance") ? svc :
		prov_haproxy_is_set(s, "load-balance") ? s : NULL;
	const char *lb = ls ? ls->load_balance : NULL;

	if (ts && conv_target_claims(c, IR_FEAT_TIMEOUTS))
		feature_at(c, hi, IR_FEAT_TIMEOUTS, "timeout-server", ts)->
			u.timeouts.idle = (ts->timeout_server + 999) / 1000;
	if (lb && conv_target_claims(c, IR_FEAT_LOAD_BALANCING) &&
	    !(svc && svc->cookie)) {
		struct ir_feature *f = feature_at(c, hi,
			IR_FEAT_LOAD_BALANCING, "load-balance", ls);
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
	const struct prov_haproxy_settings *s = &hi->s;

	if (s->rate_requests > 0 && conv_target_claims(c,
	    IR_FEAT_RATE_LIMIT)) {
		struct ir_feature *f = feature(c, hi, IR_FEAT_RATE_LIMIT,
			"rate-limit-requests");
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
	static const char *const keys[] = { "allow-list", "deny-list",
		"auth-type", "auth-secret", "auth-realm", "path-rewrite",
		"set-host", "request-redirect", "request-redirect-code",
		"ssl-redirect", "ssl-redirect-code", "ssl-redirect-port",
		"request-set-header", "response-set-header", "cors-enable",
		"cors-allow-origin", "cors-allow-methods",
		"cors-allow-headers", "cors-max-age",
		"cors-allow-credentials", "cors-respond-to-options",
		"backend-config-snippet", NULL };

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
		bare = prov_haproxy_name(key);
		a = bare ? prov_haproxy_lookup(bare) : NULL;
		if (!a) {
			if (!bare || !strncmp(key, "ingress.kubernetes.io/",
			    22))
				conv_report_annotation(c, ing, k);
			continue;	/* the parser said why */
		}
		sl = &hi->s.slots[prov_haproxy_index(a)];
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
			warn(c, ing, DIAG_INFO, "convert/haproxy-tuning", k,
				"annotation '%s' (%s) is dropped; it does not "
				"change which backend answers; the nearest "
				"setting: %s", key, a->desc, a->gateway);
			continue;
		}
		if (!strcmp(a->key, "server-ssl") && hi->s.server_ssl) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-backend-tls", k, "annotation "
				"'%s': HAProxy spoke TLS to the backends "
				"(without verifying them unless server-ca); "
				"the Gateway speaks HTTP to them until a "
				"BackendTLSPolicy (the CA and the name to "
				"verify) is written by hand", key);
			continue;
		}
		if (!strcmp(a->key, "server-proto") && hi->s.server_proto &&
		    !strcmp(hi->s.server_proto, "h2")) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-backend-tls", k, "annotation "
				"'%s': HAProxy spoke HTTP/2 to the backends; "
				"set the Service port's appProtocol to "
				"kubernetes.io/h2c (kubernetes.io/h2 with TLS) "
				"for the Gateway to do the same", key);
			continue;
		}
		if (!strcmp(a->key, "ssl-passthrough"))
			continue;	/* passthrough() */
		warn(c, ing, DIAG_WARNING, "convert/haproxy-not-converted", k,
			"annotation '%s' (%s) is not converted; to keep it: %s",
			key, a->desc, a->gateway);
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- filters ------------------------------------------------------------ */

static bool
literal(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			return false;
	return true;
}

/* path-rewrite: ReplaceFullPath, a prefix strip or add, or the target's
 * regex rewrite; else said. */
static void
plan_rewrite(struct conv *c, struct hp_ing *hi)
{
	struct prov_haproxy_settings *s = &hi->s;
	const struct doc_node *at = key_node(hi, "path-rewrite");
	const char *m, *f, *why = NULL;
	unsigned rewrote = 0;	/* the targets whose regex rewrite does it */
	size_t n;

	if (!s->nrewrites)
		return;
	m = s->rewrite_match[0];
	f = s->rewrite_fmt[0];
	if (s->nrewrites > 1) {
		warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-path-rewrite",
			at, "annotation '%s' has %zu rewrite rules, applied one "
			"after the other; Gateway API has one rewrite a rule: "
			"the paths are routed without rewriting",
			full_key(hi, "path-rewrite"), s->nrewrites);
		return;
	}
	if (!strcmp(m, "(.*)") && !strchr(f, '\\') && !strchr(f, '%')) {
		hi->rewrite_std = true;
		hi->rw_kind = IR_PATH_FULL;
		hi->rw_path = f;
		return;
	}
	/* "^/p/(.*)" "/q/\1" and "(.*)" "/q\1": prefix replaced or added */
	n = strlen(m);
	if (n > 5 && m[0] == '^' && m[1] == '/' && !strcmp(m + n - 4,
	    "(.*)") && literal(m + 1, n - 5) && strlen(f) >= 2 &&
	    !strcmp(f + strlen(f) - 2, "\\1") && !strchr(f, '%') &&
	    literal(f, strlen(f) - 2) && m[n - 5] == '/' &&
	    f[strlen(f) - 3] == '/') {
		hi->rewrite_std = true;
		hi->rw_kind = IR_PATH_PREFIX;
		hi->rw_prefix = arena_strndup(c->a, m + 1, n - 6);
		hi->rw_path = strlen(f) == 3 ? "/" : arena_strndup(c->a, f,
			strlen(f) - 3);
		if (!*hi->rw_prefix)
			hi->rw_prefix = "/";
		warn(c, hi->ing, DIAG_INFO, "convert/haproxy-path-rewrite", at,
			"annotation '%s' becomes ReplacePrefixMatch '%s' on "
			"the PathPrefix '%s' rules of the Ingress; a request "
			"for '%s' itself is rewritten too, which HAProxy's "
			"regex left as it was", full_key(hi, "path-rewrite"),
			hi->rw_path, hi->rw_prefix, hi->rw_prefix);
		return;
	}
	if (conv_target_claims(c, IR_FEAT_REGEX_REWRITE)) {
		struct strbuf sb = STRBUF_INIT;

		for (const char *p = f; *p; p++) {
			if (p[0] == '\\' && isdigit((unsigned char)p[1])) {
				strbuf_addf(&sb, "$%c", p[1]);
				p++;
			} else {
				strbuf_addf(&sb, "%c", *p);
			}
		}
		hi->rx = conv_target_regex_rewrite(c, hi->ing, m,
			arena_strdup(c->a, sb.buf), 1, &why, &rewrote);
		strbuf_release(&sb);
		if (hi->rx) {
			bool anchored = m[0] == '^' || !strncmp(m, "(.*)", 4);

			conv_only(c, rewrote);
			warn(c, hi->ing, anchored ? DIAG_INFO : DIAG_WARNING,
				"convert/haproxy-path-rewrite", at,
				"annotation '%s' is done by %s, which matches "
				"from the start of the path and ignores case; "
				"HAProxy's replace-path searched the path "
				"case-sensitively%s", full_key(hi,
				"path-rewrite"), hi->rx->desc, anchored ? "" :
				": add '^' or '(.*)' to the regex to match the "
				"same paths");
			conv_only(c, conv_all_targets(c));
			if (rewrote == conv_all_targets(c))
				return;
		}
	}
	conv_only(c, conv_all_targets(c) & ~rewrote);
	warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-path-rewrite", at,
		"annotation '%s' (replace-path '%s' '%s') has no Gateway API "
		"form%s%s: the paths are routed without rewriting, and the "
		"backend now sees the original path",
		full_key(hi, "path-rewrite"), m, f, why ? ": " : "",
		why ? why : "");
	conv_only(c, conv_all_targets(c));
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
			warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-cors",
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
	warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-cors",
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
	const struct prov_haproxy_settings *s = &hi->s;
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
	const struct prov_haproxy_settings *s = &hi->s;
	const struct prov_hap_header *h = response ? s->res_headers :
		s->req_headers;
	size_t n = response ? s->nres_headers : s->nreq_headers;
	const char *key = response ? "response-set-header" :
		"request-set-header";
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
	const struct prov_haproxy_settings *s = &hi->s;
	const struct prov_hap_header *h = response ? s->res_headers :
		s->req_headers;
	size_t n = response ? s->nres_headers : s->nreq_headers;
	const char *key = response ? "response-set-header" :
		"request-set-header";

	for (size_t i = 0; i < n; i++)
		if (strstr(h[i].value, "%["))
			warn(c, hi->ing, DIAG_WARNING,
				"convert/haproxy-header-expression",
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
	const struct prov_haproxy_settings *s = &hi->s;

	if (hi->redirect_all) {
		struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_REDIRECT, key_node(hi,
			"request-redirect"))->u.redirect;
		const char *colon = strrchr(s->request_redirect, ':');
		long long port;

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
	if (s->set_host || (hi->rewrite_std && (hi->rw_kind == IR_PATH_FULL ||
	    (!strcmp(m->type, "PathPrefix") && !strcmp(m->value,
	    hi->rw_prefix))))) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, key_node(hi, s->set_host ?
			"set-host" : "path-rewrite"));

		f->u.rewrite.hostname = s->set_host;
		if (s->set_host)
			f->u.rewrite.hostname_node = key_node(hi, "set-host");
		if (hi->rewrite_std && (hi->rw_kind == IR_PATH_FULL ||
		    !strcmp(m->value, hi->rw_prefix))) {
			f->u.rewrite.path_kind = hi->rw_kind;
			f->u.rewrite.path = hi->rw_path;
		}
	}
	if (hi->rx)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_REGEX_REWRITE,
			key_node(hi, "path-rewrite"))->u.regex = *hi->rx;
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
	const struct prov_haproxy_settings *svc)
{
	const struct ingress *ing = hi->ing;
	const char *k = arena_printf(c->a, "%s/%s", ing->ns, name);
	bool said = strmap_get(&c->haproxy->svc_said, k) != NULL;

	strmap_put(&c->haproxy->svc_said, k, (void *)1);
	if (svc->snippet) {
		static const char *const words[] = { "deny", "auth", "reject",
			"allow", "tarpit", "silent-drop", "acl", "src", NULL };
		bool access = false;

		for (const char *const *w = words; *w; w++)
			access |= strstr(svc->snippet, *w) != NULL;
		if (!said)
			svc_say(c, ing->ns, name, prov_haproxy_slot(svc,
				"backend-config-snippet"),
				"convert/haproxy-config-snippet", DIAG_ERROR,
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
		const struct prov_hap_slot *sl = prov_haproxy_slot(svc,
			"cookie-persistence");

		f.key = sl->key;
		f.node = sl->key_node;
		f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f.u.lb.name = svc->cookie;
		PUSH(c->features, c->nfeatures, f);
	}
	if (said)
		return;
	for (size_t i = 0; i < PROV_HAPROXY_NANN; i++) {
		const struct prov_annotation *a =
			&prov_haproxy_provider.table[i];
		const struct prov_hap_slot *sl = &svc->slots[i];

		conv_only(c, conv_all_targets(c));
		if (!sl->key_node || sl->state != PROV_HAP_SET ||
		    !strcmp(a->key, "backend-config-snippet") ||
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
			svc_say(c, ing->ns, name, sl, "convert/haproxy-tuning",
				DIAG_INFO, "(%s) is dropped; it does not change "
				"which backend answers; the nearest setting: %s",
				a->desc, a->gateway);
		} else if (!strcmp(a->key, "server-ssl") && svc->server_ssl) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-backend-tls", DIAG_WARNING,
				"made HAProxy speak TLS to the backends; the "
				"Gateway speaks HTTP to them until a "
				"BackendTLSPolicy (the CA and the name to "
				"verify) is written by hand");
		} else if (!strcmp(a->key, "server-proto") &&
		    svc->server_proto && !strcmp(svc->server_proto, "h2")) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-backend-tls", DIAG_WARNING,
				"made HAProxy speak HTTP/2 to the backends; set "
				"the port's appProtocol to kubernetes.io/h2c "
				"(kubernetes.io/h2 with TLS)");
		} else if (a->scope == PROV_SCOPE_SERVICE) {
			svc_say(c, ing->ns, name, sl,
				"convert/haproxy-not-converted", DIAG_WARNING,
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
	} else if (n > 1) {
		/* the controller trims one trailing '/' */
		if (p->path[n - 1] == '/')
			m->value = arena_strndup(c->a, p->path, n - 1);
		if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC)
			warn(c, ing, DIAG_WARNING, "convert/haproxy-prefix",
				where, "path '%s' has pathType %s: HAProxy "
				"matched it as a character prefix ('%s' also "
				"took '%sx'); Gateway API's PathPrefix matches "
				"whole segments: set pathType Prefix to make "
				"this explicit", p->path, p->type_given ?
				"ImplementationSpecific" :
				"ImplementationSpecific (the default of the old "
				"API)", m->value, m->value);
	}
	if ((why = gwcheck_path(m->type, m->value))) {
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
		const struct prov_haproxy_settings *svc = svc_settings(c,
			ing->ns, p->backend.service);

		if (svc && svc->route_acl) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-not-converted", m.node,
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
		struct hp_path *was = strmap_get(&c->haproxy->paths, k);

		if (!was) {
			was = arena_alloc(c->a, sizeof(*was));
			was->ing = ing;
			was->service = p->backend.service;
			was->port = port;
			was->node = m.node;
			strmap_put(&c->haproxy->paths, k, was);
		} else if (was->ing != ing && (strcmp(was->service,
		    p->backend.service) || was->port != port)) {
			warn(c, ing, DIAG_WARNING,
				"convert/haproxy-duplicate-path", m.node,
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
		const struct prov_haproxy_settings *svc = svc_settings(c,
			ing->ns, p->backend.service);

		rule = conv_route_add_backend(c, r, &m, &p->backend, port,
			hi->key);
		const char *fk = arena_printf(c->a, "%s %s", hi->key,
			p->backend.service);

		if (svc)
			service_keys(c, hi, p->backend.service, svc);
		if (!strmap_get(&c->haproxy->feats, fk)) {
			strmap_put(&c->haproxy->feats, fk, (void *)1);
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
			prov_haproxy_is_set(&hi->s, "ssl-redirect") ?
			key_node(hi, "ssl-redirect") : m.node)->u.redirect;
		f->scheme = "https";
		if (prov_haproxy_is_set(&hi->s, "ssl-redirect-port") &&
		    hi->s.ssl_redirect_port != 443)
			f->port = (int)hi->s.ssl_redirect_port;
		f->code = (int)hi->s.ssl_redirect_code;
	}
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
	const struct doc_node *at = prov_haproxy_is_set(&hi->s, k) ?
		key_node(hi, k) : ing->ntls ? ing->tls[0].node : NULL;

	if (!hi->ssl_redirect || hi->redirect_all)
		return NULL;
	l = ir->host ? conv_https_listener(gw, ir->host) : NULL;
	if (!l) {
		warn(c, ing, DIAG_WARNING, "convert/haproxy-ssl-redirect", at,
			"HAProxy redirected HTTP requests for host '%s' to "
			"HTTPS (%s), but the host has no certificate in the "
			"input, so there is no HTTPS listener to redirect to: "
			"the routes keep serving HTTP", ir->host ? ir->host :
			"*", prov_haproxy_is_set(&hi->s, k) ? "ssl-redirect" :
			"on for an Ingress with a tls section");
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
	const struct ingress *ing = hi->ing;

	if (!hi->ssl_redirect || hi->redirect_all)
		return;
	if (!prov_haproxy_is_set(&hi->s, "ssl-redirect-port"))
		warn(c, ing, DIAG_INFO, "convert/haproxy-ssl-redirect-port",
			prov_haproxy_is_set(&hi->s, "ssl-redirect") ?
			key_node(hi, "ssl-redirect") : ing->tls[0].node,
			"HAProxy's HTTPS redirect went to port 8443 (the "
			"default of ssl-redirect-port); the redirect now goes "
			"to the Gateway's HTTPS listener on 443");
	else if (hi->s.ssl_redirect_port != 443)
		warn(c, ing, DIAG_INFO, "convert/haproxy-ssl-redirect-port",
			key_node(hi, "ssl-redirect-port"), "the HTTPS redirect "
			"keeps port %lld; the Gateway's HTTPS listener is on "
			"443", hi->s.ssl_redirect_port);
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
	warn(c, ing, DIAG_INFO, "convert/haproxy-default-backend", b->node,
		"spec.defaultBackend becomes HAProxy's default backend, for "
		"every request no path matches, of any host; the converted "
		"PathPrefix '/' rule without hostname takes only the hosts "
		"no other route names");
}

/* ssl-passthrough, on the Ingress or the Service of its first path. */
static bool
wants_passthrough(struct conv *c, const struct ingress *ing,
	const struct prov_haproxy_settings *s)
{
	const struct prov_haproxy_settings *svc;

	if (prov_haproxy_is_set(s, "ssl-passthrough"))
		return s->ssl_passthrough;
	for (size_t i = 0; i < ing->nrules; i++)
		if (ing->rules[i].npaths && (svc = svc_settings(c, ing->ns,
		    ing->rules[i].paths[0].backend.service)) &&
		    prov_haproxy_is_set(svc, "ssl-passthrough"))
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
			warn(c, ing, DIAG_WARNING, "convert/haproxy-passthrough",
				ir->node, "a rule without a host name cannot "
				"be passed through (the SNI map needs one); "
				"nothing is generated for its TLS connections");
			continue;
		}
		if (strmap_get(&c->haproxy->tls_done, ir->host) ||
		    !conv_is_passthrough(gw, ir->host))
			continue;
		b = &ir->paths[0].backend;
		if (!conv_usable_backend(c, ing, b, "the backend of the "
		    "first path", &port))
			continue;
		strmap_put(&c->haproxy->tls_done, ir->host, (void *)1);
		r = conv_route_new(c, gw, ing, ir->host);
		r->kind = "TLSRoute";
		r->node = at;
		r->section_tls = ir->host;
		(void)conv_route_add(c, r, &m, b->service, port, NULL);
		warn(c, ing, DIAG_INFO, "convert/haproxy-passthrough", at,
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
	if (!c->haproxy)
		c->haproxy = xcalloc(1, sizeof(*c->haproxy));
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct prov_haproxy_settings *s;

		if (!ing || conv_provider_of(c, ing) != &conv_provider_haproxy)
			continue;
		s = arena_alloc(c->a, sizeof(*s));
		prov_haproxy_parse(s, c->a, c->w->set, ing->annotations,
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

/* Whether ing has a key under prefix. */
static bool
prov_haproxy_strip_has(const struct ingress *ing, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; doc_is_map(ing->annotations) &&
	    i < doc_len(ing->annotations); i++) {
		const char *k = doc_str(doc_map_key(ing->annotations, i));

		if (k && !strncmp(k, prefix, n))
			return true;
	}
	return false;
}

static void
hp_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct hp_ing *hi = arena_alloc(c->a, sizeof(*hi));
	const struct prov_hap_slot *sr;
	int said = 0;

	if (!c->haproxy) {
		c->haproxy = xcalloc(1, sizeof(*c->haproxy));
	}
	memset(hi, 0, sizeof(*hi));
	hi->ing = ing;
	hi->key = arena_printf(c->a, "haproxy %s/%s", ing->ns, ing->name);
	prov_haproxy_parse(&hi->s, c->a, c->w->set, ing->annotations,
		"Ingress", ing->ns, ing->name, c->sink);
	if (!conv_provider_fixed(c) && prov_hapi_bare_class(c->w, ing) &&
	    prov_haproxy_strip_has(ing, "ingress.kubernetes.io/"))
		warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-class",
			ing->class_source == ING_CLASS_ANNOTATION ?
			ing->class_annotation_node : ing->class_field_node,
			"class 'haproxy' without an IngressClass is the "
			"default of both HAProxy controllers; with "
			"ingress.kubernetes.io/ keys and no "
			"haproxy-ingress.github.io/ ones, it is converted as "
			"the HAProxy Kubernetes Ingress Controller's");
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
		if (!(ir->host && conv_https_listener(gw, ir->host)) &&
		    !(ir->host && conv_is_passthrough(gw, ir->host)) &&
		    !strmap_get(&c->haproxy->no_cert, ir->host ? ir->host :
		    "*")) {
			strmap_put(&c->haproxy->no_cert, ir->host ? ir->host :
				"*", (void *)1);
			warn(c, ing, DIAG_INFO,
				"convert/haproxy-default-certificate",
				ir->host_node ? ir->host_node : ir->node,
				"host '%s' has no certificate; HAProxy answered "
				"HTTPS for it with its default certificate, but "
				"the Gateway has HTTPS listeners only for the "
				"hosts of tls sections: HTTPS requests for it "
				"find no listener", ir->host ? ir->host : "*");
		}
		redir = redirect_route(c, gw, hi, r, ir);
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
	if (!c->haproxy)
		return;
	strmap_release(&c->haproxy->svcs);
	strmap_release(&c->haproxy->paths);
	strmap_release(&c->haproxy->tls_done);
	strmap_release(&c->haproxy->svc_said);
	strmap_release(&c->haproxy->feats);
	strmap_release(&c->haproxy->no_cert);
	free(c->haproxy);
	c->haproxy = NULL;
}

const struct conv_provider conv_provider_haproxy = {
	.name = "haproxy",
	.summary = "the HAProxy Kubernetes Ingress Controller "
		"(haproxy.org/ingress-controller, class haproxy)",
	.serves = hp_serves,
	.order = conv_cmp_age,
	.begin = hp_begin,
	.lower = hp_lower,
	.release = hp_release,
	.shares_lowering = true,
};
