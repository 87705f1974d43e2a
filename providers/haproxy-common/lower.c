#include "compat.h"
#include "providers/haproxy-common/lower.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "strbuf.h"

struct hap_ing *
hap_ing_new(struct conv *c, const struct hap_lowering *L,
	const struct ingress *ing)
{
	struct hap_ing *hi = arena_alloc(c->a, sizeof(*hi));

	memset(hi, 0, sizeof(*hi));
	hi->L = L;
	hi->st = L->state(c);
	hi->ing = ing;
	hi->key = arena_printf(c->a, "haproxy %s/%s", ing->ns, ing->name);
	L->parse(&hi->s, c->a, c->w->set, ing->annotations, "Ingress",
		ing->ns, ing->name, c->sink);
	hi->ssl_redirect = prov_hap_slot(&hi->s, "ssl-redirect")->state ==
		PROV_HAP_SET ? hi->s.ssl_redirect : ing->ntls > 0;
	hi->redirect_all = hi->s.request_redirect != NULL;
	return hi;
}

void
hap_conv_release(struct hap_conv *st)
{
	strmap_release(&st->svcs);
	strmap_release(&st->paths);
	strmap_release(&st->tls_done);
	strmap_release(&st->svc_said);
	strmap_release(&st->feats);
	strmap_release(&st->no_cert);
}

void
hap_warn(struct conv *c, const struct ingress *ing, enum diag_severity sev,
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

const struct doc_node *
hap_key_node(const struct hap_ing *hi, const char *key)
{
	const struct prov_hap_slot *sl = prov_hap_slot(&hi->s, key);

	return sl && sl->key_node ? sl->key_node : hi->ing->obj->root;
}

const char *
hap_full_key(const struct hap_ing *hi, const char *key)
{
	const struct prov_hap_slot *sl = prov_hap_slot(&hi->s, key);

	return sl && sl->key ? sl->key : key;
}

const struct prov_hap_settings *
hap_svc_settings(struct conv *c, const struct hap_lowering *L,
	const char *ns, const char *name)
{
	struct hap_conv *st = L->state(c);
	const struct ing_service *svc;
	struct prov_hap_settings *s;
	const char *k;

	if (!name)
		return NULL;
	k = arena_printf(c->a, "%s/%s", ns, name);
	if ((s = strmap_get(&st->svcs, k)))
		return s;
	svc = ing_world_service(c->w, ns, name);
	s = arena_alloc(c->a, sizeof(*s));
	L->parse(s, c->a, c->w->set, svc ? doc_get(doc_get(svc->obj->root,
		"metadata"), "annotations") : NULL, "Service", ns, name,
		c->sink);
	strmap_put(&st->svcs, k, s);
	return s;
}

/* ---- access control and features -------------------------------------- */

struct ir_feature *
hap_feature_at(struct conv *c, struct hap_ing *hi, enum ir_feature_kind kind,
	const char *key, const struct prov_hap_settings *from)
{
	struct ir_feature f = { .kind = kind, .ing = hi->ing };
	const struct prov_hap_slot *sl = from ? prov_hap_slot(from, key) :
		NULL;

	f.key = sl && sl->key ? sl->key : hap_full_key(hi, key);
	f.node = sl && sl->key_node ? sl->key_node : hap_key_node(hi, key);
	PUSH(c->features, c->nfeatures, f);
	return &c->features[c->nfeatures - 1];
}

struct ir_feature *
hap_feature(struct conv *c, struct hap_ing *hi, enum ir_feature_kind kind,
	const char *key)
{
	return hap_feature_at(c, hi, kind, key, NULL);
}

void
hap_close_paths(struct conv *c, struct hap_ing *hi, const char *key,
	const char *what, bool any_target)
{
	hap_warn(c, hi->ing, DIAG_ERROR, "convert/access-control",
		hap_key_node(hi, key), "annotation '%s' (%s) restricts who may "
		"reach its paths; target '%s' cannot check it, so they now "
		"answer 500", hap_full_key(hi, key), what,
		c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, hap_key_node(hi, key)), "%s",
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

void
hap_access_lists(struct conv *c, struct hap_ing *hi)
{
	const struct hap_lowering *L = hi->L;
	struct prov_hap_settings *s = &hi->s;
	const char *ip_key = s->allow.len || s->allow_patterns ?
		L->allow_key : L->deny_key;
	bool ip = s->allow.len || s->deny.len || s->allow_patterns ||
		s->deny_patterns;

	if (ip && (s->allow_patterns || s->deny_patterns)) {
		hap_close_paths(c, hi, s->allow_patterns ? L->allow_key :
			L->deny_key, "addresses in a pattern file of the "
			"controller, which the input does not hold", true);
	} else if (ip) {
		unsigned unchecked = conv_unclaimed(c, IR_FEAT_IP_ACCESS);

		if (conv_target_claims(c, IR_FEAT_IP_ACCESS)) {
			struct ir_feature *f = hap_feature(c, hi,
				IR_FEAT_IP_ACCESS, ip_key);

			f->u.ip.allow.v = s->allow.v;
			f->u.ip.allow.len = s->allow.len;
			f->u.ip.deny.v = s->deny.v;
			f->u.ip.deny.len = s->deny.len;
		}
		if (unchecked) {
			conv_only(c, unchecked);
			hap_close_paths(c, hi, ip_key, "client addresses",
				false);
			conv_only(c, conv_all_targets(c));
		}
	}
	if (s->auth_basic) {
		if (!s->auth_secret) {
			hap_warn(c, hi->ing, DIAG_WARNING, L->rule_invalid,
				hap_key_node(hi, "auth-type"), "annotation "
				"'%s' without auth-secret: the controller adds "
				"no authentication", hap_full_key(hi,
				"auth-type"));
		} else {
			unsigned unchecked = conv_unclaimed(c,
				IR_FEAT_BASIC_AUTH);

			if (conv_target_claims(c, IR_FEAT_BASIC_AUTH)) {
				struct ir_feature *f = hap_feature(c, hi,
					IR_FEAT_BASIC_AUTH, "auth-type");

				f->u.basic.secret = s->auth_secret;
				f->u.basic.auth_map = true;
			}
			if (unchecked) {
				conv_only(c, unchecked);
				hap_close_paths(c, hi, "auth-type", "basic "
					"authentication", false);
				conv_only(c, conv_all_targets(c));
			}
		}
	}
}

/* Whether raw backend configuration looks like an access check. */
static bool
snippet_checks(const char *snippet)
{
	static const char *const words[] = { "deny", "auth", "reject",
		"allow", "tarpit", "silent-drop", "acl", "src", NULL };
	bool access = false;

	for (const char *const *w = words; *w; w++)
		access |= strstr(snippet, *w) != NULL;
	return access;
}

void
hap_snippet(struct conv *c, struct hap_ing *hi)
{
	const char *key = hi->L->snippet_key;
	bool access;

	if (!hi->s.snippet)
		return;
	access = snippet_checks(hi->s.snippet);
	hap_warn(c, hi->ing, DIAG_ERROR, hi->L->rule_snippet,
		hap_key_node(hi, key), "annotation '%s' holds raw HAProxy "
		"configuration, which has no Gateway API form; it is not "
		"carried%s", hap_full_key(hi, key), access ? ", and it looks "
		"like an access check: the paths now answer 500" : "");
	if (access && !hi->closed) {
		conv_close(c, hi->ing, NULL, false);
		hi->closed = true;
	}
}

static enum ir_lb_kind
lb_kind(const char *alg)
{
	size_t n = strcspn(alg, " (");

	if (!strncmp(alg, "roundrobin", n) && n == 10)
		return IR_LB_ROUND_ROBIN;
	if (!strncmp(alg, "leastconn", n) && n == 9)
		return IR_LB_LEAST_REQUEST;
	if (!strncmp(alg, "source", n) && n == 6)
		return IR_LB_HASH_SOURCE_IP;
	if (!strncmp(alg, "hdr(", 4))
		return strcspn(alg + 4, ")") ? IR_LB_HASH_HEADER : IR_LB_OTHER;
	return IR_LB_OTHER;
}

/* The settings that set key: the Service's first (the controllers read
 * it first), then the Ingress's; NULL when neither does. */
static const struct prov_hap_settings *
setter(const struct prov_hap_settings *svc, const struct prov_hap_settings *s,
	const char *key)
{
	return svc && prov_hap_is_set(svc, key) ? svc :
		prov_hap_is_set(s, key) ? s : NULL;
}

void
hap_backend_features(struct conv *c, struct hap_ing *hi,
	const struct prov_hap_settings *svc)
{
	const struct prov_hap_settings *s = &hi->s;
	const struct prov_hap_settings *ts = setter(svc, s, "timeout-server");
	const struct prov_hap_settings *cs = setter(svc, s,
		"timeout-connect");
	const struct prov_hap_settings *ls = setter(svc, s, hi->L->lb_key);
	const char *lb = ls ? ls->load_balance : NULL;

	/* timeout-connect is read from the ConfigMap only by the HAProxy
	 * Kubernetes Ingress Controller: cs is NULL there */
	if ((ts || cs) && conv_target_claims(c, IR_FEAT_TIMEOUTS)) {
		/* one feature: the target writes one timeout block */
		struct ir_feature *f = hap_feature_at(c, hi, IR_FEAT_TIMEOUTS,
			ts ? "timeout-server" : "timeout-connect",
			ts ? ts : cs);

		if (ts)
			f->u.timeouts.idle = (ts->timeout_server + 999) / 1000;
		if (cs)
			f->u.timeouts.connect = (cs->timeout_connect + 999) /
				1000;
	}
	/* HAProxy Ingress's proxy-body-size and affinity cookie */
	if (s->body_size > 0 && conv_target_claims(c, IR_FEAT_BODY_SIZE))
		hap_feature(c, hi, IR_FEAT_BODY_SIZE, "proxy-body-size")->
			u.body.bytes = s->body_size;
	if (s->cookie && !(svc && svc->cookie) &&
	    conv_target_claims(c, IR_FEAT_LOAD_BALANCING)) {
		struct ir_feature *f = hap_feature(c, hi,
			IR_FEAT_LOAD_BALANCING, "session-cookie-name");

		f->u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f->u.lb.name = s->cookie;
		f->u.lb.name_default = !prov_hap_is_set(s,
			"session-cookie-name");
		if (f->u.lb.name_default) {
			f->key = hap_full_key(hi, "affinity");
			f->node = hap_key_node(hi, "affinity");
		}
	}
	if (lb && conv_target_claims(c, IR_FEAT_LOAD_BALANCING) &&
	    !(svc && svc->cookie) && !s->cookie) {
		struct ir_feature *f = hap_feature_at(c, hi,
			IR_FEAT_LOAD_BALANCING, hi->L->lb_key, ls);

		f->u.lb.kind = lb_kind(lb);
		if (f->u.lb.kind == IR_LB_HASH_HEADER)
			f->u.lb.name = arena_strndup(c->a, lb + 4,
				strcspn(lb + 4, ")"));
	}
}

void
hap_rate_limit(struct conv *c, struct hap_ing *hi)
{
	const struct prov_hap_settings *s = &hi->s;

	if (s->rate_requests > 0 && conv_target_claims(c,
	    IR_FEAT_RATE_LIMIT)) {
		struct ir_feature *f = hap_feature(c, hi, IR_FEAT_RATE_LIMIT,
			hi->L->rate_key);
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

bool
hap_report_key(struct conv *c, struct hap_ing *hi, size_t i,
	bool (*lowered)(const char *key), const struct doc_node **k_out,
	const struct prov_annotation **a_out)
{
	const struct ingress *ing = hi->ing;
	const struct doc_node *k = doc_map_key(ing->annotations, i);
	const char *key = doc_str(k), *bare;
	const struct prov_annotation *a;
	const struct prov_hap_slot *sl;

	conv_only(c, conv_all_targets(c));
	if (!key || bookkeeping(key))
		return false;
	bare = prov_hap_name(hi->s.t, key);
	a = bare ? prov_hap_lookup(hi->s.t, bare) : NULL;
	if (!a) {
		if (!bare || !strncmp(key, "ingress.kubernetes.io/", 22))
			conv_report_annotation(c, ing, k);
		return false;	/* the parser said why */
	}
	sl = &hi->s.slots[a - hi->s.t->table];
	if (sl->key_node != k || sl->state != PROV_HAP_SET || lowered(a->key))
		return false;
	if (a->feature && a->feature != IR_FEAT_REGEX_REWRITE) {
		unsigned dropped = conv_unclaimed(c,
			(enum ir_feature_kind)a->feature);

		if (!dropped)
			return false;
		conv_only(c, dropped);	/* reset at the next key */
	}
	if (a->cls == PROV_CLASS_C_PERF) {
		hap_warn(c, ing, DIAG_INFO, hi->L->rule_tuning, k,
			"annotation '%s' (%s) is dropped; it does not change "
			"which backend answers; the nearest setting: %s", key,
			a->desc, a->gateway);
		return false;
	}
	if (!strcmp(a->key, hi->L->server_ssl_key) && hi->s.server_ssl) {
		hap_warn(c, ing, DIAG_WARNING, hi->L->rule_backend_tls, k,
			"annotation '%s': HAProxy spoke TLS to the backends "
			"(without verifying them unless server-ca); the "
			"Gateway speaks HTTP to them until a BackendTLSPolicy "
			"(the CA and the name to verify) is written by hand",
			key);
		return false;
	}
	if (!strcmp(a->key, "ssl-passthrough"))
		return false;	/* hap_passthrough() */
	*k_out = k;
	*a_out = a;
	return true;
}

/* ---- filters ------------------------------------------------------------ */

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
cors_origin(struct conv *c, struct hap_ing *hi)
{
	const char *o = hi->s.cors_origin, *e;
	const char *rule = hi->L->rule_cors;
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
			hap_warn(c, hi->ing, DIAG_WARNING, rule,
				hap_key_node(hi, "cors-allow-origin"),
				"annotation '%s': HAProxy matched the "
				"request's Origin against the regular "
				"expression '%s', which the CORS filter's list "
				"of origins cannot say; the filter allows no "
				"origin until they are listed",
				hap_full_key(hi, "cors-allow-origin"),
				hi->s.cors_origin);
			return "";
		} else {
			strbuf_addc(&sb, *p);
		}
	}
	out = arena_strdup(c->a, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	hap_warn(c, hi->ing, DIAG_WARNING, rule,
		hap_key_node(hi, "cors-allow-origin"), "annotation '%s': "
		"HAProxy matched the request's Origin against the regular "
		"expression '%s'; the CORS filter allows '%s', whose '*' "
		"matches characters of the host only", hap_full_key(hi,
		"cors-allow-origin"), hi->s.cors_origin, out);
	return out;
}

void
hap_plan_cors(struct conv *c, struct hap_ing *hi)
{
	const struct prov_hap_settings *s = &hi->s;
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

/* The request or response headers the Ingress sets, and their key. */
static const char *
set_headers(const struct hap_ing *hi, bool response,
	const struct prov_hap_header **h, size_t *n)
{
	*h = response ? hi->s.res_headers : hi->s.req_headers;
	*n = response ? hi->s.nres_headers : hi->s.nreq_headers;
	return response ? hi->L->res_headers_key : hi->L->req_headers_key;
}

void
hap_add_headers(struct conv *c, struct hap_ing *hi, struct rule *rule,
	bool response)
{
	const struct prov_hap_header *h;
	size_t n;
	const char *key = set_headers(hi, response, &h, &n);
	struct ir_filter *f = NULL;

	for (size_t i = 0; i < n; i++) {
		if (strstr(h[i].value, "%["))
			continue;
		if (!f)
			f = ir_filter_add(&c->ir_arena, rule, response ?
				IR_FILTER_RESPONSE_HEADERS :
				IR_FILTER_REQUEST_HEADERS,
				hap_key_node(hi, key));
		ir_headers_add(&c->ir_arena, f, h[i].name, h[i].value);
	}
}

void
hap_say_dynamic_headers(struct conv *c, struct hap_ing *hi, bool response)
{
	const struct prov_hap_header *h;
	size_t n;
	const char *key = set_headers(hi, response, &h, &n);

	for (size_t i = 0; i < n; i++)
		if (strstr(h[i].value, "%["))
			hap_warn(c, hi->ing, DIAG_WARNING,
				hi->L->rule_header_expr, hap_key_node(hi, key),
				"annotation '%s': header '%s' has the HAProxy "
				"expression '%s', which a header filter cannot "
				"compute; it is left out",
				hap_full_key(hi, key), h[i].name, h[i].value);
}

struct ir_redirect *
hap_redirect_filter(struct conv *c, struct hap_ing *hi, struct rule *rule)
{
	const struct prov_hap_settings *s = &hi->s;
	struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
		IR_FILTER_REDIRECT, hap_key_node(hi,
		hi->L->redirect_key))->u.redirect;
	const char *colon = strrchr(s->request_redirect, ':');
	long long port;

	if (s->redirect_path) {		/* HAProxy Ingress's whole URL */
		f->path_kind = IR_PATH_FULL;
		f->path = s->redirect_path;
	}
	f->scheme = s->request_redirect_https ? "https" : "http";
	f->hostname = s->request_redirect;
	if (colon && prov_str_int(colon + 1, &port)) {
		f->hostname = arena_strndup(c->a, s->request_redirect,
			(size_t)(colon - s->request_redirect));
		f->port = (int)port;
	}
	f->code = (int)s->request_redirect_code;
	return f;
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

void
hap_service_keys(struct conv *c, struct hap_ing *hi, const char *name,
	const struct prov_hap_settings *svc)
{
	const struct hap_lowering *L = hi->L;
	const struct ingress *ing = hi->ing;
	const char *k = arena_printf(c->a, "%s/%s", ing->ns, name);
	bool said = strmap_get(&hi->st->svc_said, k) != NULL;

	strmap_put(&hi->st->svc_said, k, (void *)1);
	if (svc->snippet) {
		bool access = snippet_checks(svc->snippet);

		if (!said)
			svc_say(c, ing->ns, name, prov_hap_slot(svc,
				L->snippet_key), L->rule_snippet, DIAG_ERROR,
				"holds raw HAProxy configuration, which has no "
				"Gateway API form; it is not carried%s",
				access ? ", and it looks like an access check: "
				"the paths to the Service now answer 500" : "");
		if (access && !hi->closed) {
			conv_close(c, ing, NULL, false);
			hi->closed = true;
		}
	}
	if (svc->cookie && conv_target_claims(c, IR_FEAT_LOAD_BALANCING)) {
		struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING,
			.ing = ing };
		const struct prov_hap_slot *sl = prov_hap_slot(svc,
			L->svc_cookie_key);

		f.key = sl->key;
		f.node = sl->key_node;
		f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f.u.lb.name = svc->cookie;
		PUSH(c->features, c->nfeatures, f);
	}
	if (said)
		return;
	for (size_t i = 0; i < svc->t->count; i++) {
		const struct prov_annotation *a = &svc->t->table[i];
		const struct prov_hap_slot *sl = &svc->slots[i];

		conv_only(c, conv_all_targets(c));
		if (!sl->key_node || sl->state != PROV_HAP_SET ||
		    !strcmp(a->key, L->snippet_key) ||
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
			svc_say(c, ing->ns, name, sl, L->rule_tuning,
				DIAG_INFO, "(%s) is dropped; it does not "
				"change which backend answers; the nearest "
				"setting: %s", a->desc, a->gateway);
		} else if (!strcmp(a->key, L->server_ssl_key) &&
		    svc->server_ssl) {
			svc_say(c, ing->ns, name, sl, L->rule_backend_tls,
				DIAG_WARNING, "made HAProxy speak TLS to the "
				"backends; the Gateway speaks HTTP to them "
				"until a BackendTLSPolicy (the CA and the name "
				"to verify) is written by hand");
		} else if (!strcmp(a->key, L->server_proto_key) &&
		    svc->server_proto && !strcmp(svc->server_proto, "h2")) {
			svc_say(c, ing->ns, name, sl, L->rule_backend_tls,
				DIAG_WARNING, "made HAProxy speak HTTP/2 to "
				"the backends; set the port's appProtocol to "
				"kubernetes.io/h2c (kubernetes.io/h2 with "
				"TLS)");
		} else if (a->scope == PROV_SCOPE_SERVICE) {
			svc_say(c, ing->ns, name, sl, L->rule_not_converted,
				DIAG_WARNING, "(%s) is not converted; to keep "
				"it: %s", a->desc, a->gateway);
		}
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- paths ------------------------------------------------------------- */

/* Whether the Service of path p has route-acl, so that the path is left
 * out (said). */
static bool
hap_route_acl(struct conv *c, struct hap_ing *hi, const struct ing_path *p,
	const struct match *m)
{
	const struct prov_hap_settings *svc = hap_svc_settings(c, hi->L,
		hi->ing->ns, p->backend.service);

	if (!svc || !svc->route_acl)
		return false;
	hap_warn(c, hi->ing, DIAG_WARNING, hi->L->rule_not_converted, m->node,
		"path '%s': its Service '%s' has route-acl '%s', so HAProxy "
		"routed to it by that ACL (a use_backend rule ahead of the "
		"maps) instead of by this path; an ACL has no Gateway API "
		"form: the path is left out", p->path, p->backend.service,
		svc->route_acl);
	return true;
}

/* Whether r already has m (said: the first one is converted). */
static bool
hap_duplicate(struct conv *c, struct hap_ing *hi, struct route *r,
	const struct match *m)
{
	const struct doc_node *first;

	if (!conv_route_has_match(r, m->type, m->value, &first))
		return false;
	hap_warn(c, hi->ing, DIAG_WARNING, "convert/duplicate-path", m->node,
		"%s path '%s' appears twice for host '%s'; HAProxy keeps one "
		"map entry, the first one is converted", m->type, m->value,
		r->host ? r->host : "*");
	diag_add_note(c->sink, conv_pos(c, first), "the first one is here");
	return true;
}

/* The first Ingress giving host and match a backend; another backend of
 * a later Ingress is said. */
static void
hap_first_backend(struct conv *c, struct hap_ing *hi, struct route *r,
	const struct match *m, const struct ing_path *p, int port)
{
	const struct ingress *ing = hi->ing;
	const char *k = arena_printf(c->a, "%s %s %s", r->host ? r->host :
		"*", m->type, m->value);
	struct hap_path *was = strmap_get(&hi->st->paths, k);

	if (!was) {
		was = arena_alloc(c->a, sizeof(*was));
		was->ing = ing;
		was->service = p->backend.service;
		was->port = port;
		was->node = m->node;
		strmap_put(&hi->st->paths, k, was);
	} else if (was->ing != ing && (strcmp(was->service,
	    p->backend.service) || was->port != port)) {
		hap_warn(c, ing, DIAG_WARNING, hi->L->rule_duplicate_path,
			m->node, "%s path '%s' of host '%s' is also given by "
			"Ingress '%s/%s' to another backend: HAProxy's map "
			"keeps the row of the smaller backend name, Gateway "
			"API the older route", m->type, m->value, r->host ?
			r->host : "*", was->ing->ns, was->ing->name);
		diag_add_note(c->sink, conv_pos(c, was->node),
			"the other one is here");
	}
}

/* The features of the Ingress's paths to the Service of p, once. */
static void
hap_path_features(struct conv *c, struct hap_ing *hi,
	const struct ing_path *p)
{
	const struct prov_hap_settings *svc = hap_svc_settings(c, hi->L,
		hi->ing->ns, p->backend.service);
	const char *fk = arena_printf(c->a, "%s %s", hi->key,
		p->backend.service);

	if (svc)
		hap_service_keys(c, hi, p->backend.service, svc);
	if (!strmap_get(&hi->st->feats, fk)) {
		strmap_put(&hi->st->feats, fk, (void *)1);
		hap_backend_features(c, hi, svc);
	}
}

struct ir_redirect *
hap_lower_path(struct conv *c, struct route *r, struct route *redir,
	struct hap_ing *hi, const struct ing_path *p, const struct match *m)
{
	struct strbuf wb = STRBUF_INIT;
	struct rule *rule, *rr;
	bool usable;
	int port = 0;

	if (hap_route_acl(c, hi, p, m) || hap_duplicate(c, hi, r, m))
		return NULL;
	strbuf_addf(&wb, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, hi->ing, &p->backend, wb.buf, &port);
	strbuf_release(&wb);
	if (!usable)
		return NULL;
	if (p->backend.service)
		hap_first_backend(c, hi, r, m, p, port);
	if (hi->redirect_all) {
		rule = conv_route_add(c, r, m, NULL, 0, hi->key);
	} else {
		rule = conv_route_add_backend(c, r, m, &p->backend, port,
			hi->key);
		hap_path_features(c, hi, p);
	}
	if (rule->nmatches == 1)
		hi->L->add_filters(c, hi, rule, m);
	if (!redir)
		return NULL;
	rr = conv_route_add(c, redir, m, NULL, 0, "ssl-redirect");
	if (rr->nfilters)
		return NULL;
	return hap_https_redirect(c, hi, rr, m);
}

struct ir_redirect *
hap_https_redirect(struct conv *c, struct hap_ing *hi, struct rule *rule,
	const struct match *m)
{
	struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
		IR_FILTER_REDIRECT, prov_hap_is_set(&hi->s, "ssl-redirect") ?
		hap_key_node(hi, "ssl-redirect") : m->node)->u.redirect;

	f->scheme = "https";
	f->code = (int)hi->s.ssl_redirect_code;
	return f;
}

void
hap_default_backend(struct conv *c, struct gateway *gw, struct hap_ing *hi)
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
		hi->L->add_filters(c, hi, rule, &m);
	hap_warn(c, ing, DIAG_INFO, hi->L->rule_default_backend, b->node,
		"spec.defaultBackend becomes HAProxy's default backend, for "
		"every request no path matches, of any host; the converted "
		"PathPrefix '/' rule without hostname takes only the hosts "
		"no other route names");
}

bool
hap_wants_passthrough(struct conv *c, const struct hap_lowering *L,
	const struct ingress *ing, const struct prov_hap_settings *s)
{
	const struct prov_hap_settings *svc;

	if (prov_hap_is_set(s, "ssl-passthrough"))
		return s->ssl_passthrough;
	for (size_t i = 0; i < ing->nrules; i++)
		if (ing->rules[i].npaths && (svc = hap_svc_settings(c, L,
		    ing->ns, ing->rules[i].paths[0].backend.service)) &&
		    prov_hap_is_set(svc, "ssl-passthrough"))
			return svc->ssl_passthrough;
	return false;
}

/*
 * ssl-passthrough (route.AddHostPathRoute): the host goes to the SNI map,
 * whose TLS connections reach the backend undecrypted; plain HTTP still
 * follows the host and path maps. A TLSRoute on the host's Passthrough
 * listener, to the backend of its first path.
 */
void
hap_passthrough(struct conv *c, struct gateway *gw, struct hap_ing *hi)
{
	const struct ingress *ing = hi->ing;
	const struct doc_node *at = hap_key_node(hi, "ssl-passthrough");

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *ir = &ing->rules[i];
		const struct ing_backend *b;
		struct match m = { .type = "", .value = "" };
		struct route *r;
		int port = 0;

		if (!ir->npaths)
			continue;
		if (!ir->host || ir->host[0] == '*') {
			hap_warn(c, ing, DIAG_WARNING, hi->L->rule_passthrough,
				ir->node, "a rule without a host name cannot "
				"be passed through (the SNI map needs one); "
				"nothing is generated for its TLS connections");
			continue;
		}
		if (strmap_get(&hi->st->tls_done, ir->host) ||
		    !conv_is_passthrough(gw, ir->host))
			continue;
		b = &ir->paths[0].backend;
		if (!conv_usable_backend(c, ing, b, "the backend of the "
		    "first path", &port))
			continue;
		strmap_put(&hi->st->tls_done, ir->host, (void *)1);
		r = conv_route_new(c, gw, ing, ir->host);
		r->kind = "TLSRoute";
		r->node = at;
		r->section_tls = ir->host;
		(void)conv_route_add(c, r, &m, b->service, port, NULL);
		hap_warn(c, ing, DIAG_INFO, hi->L->rule_passthrough, at,
			"host '%s': TLS connections on port 443 go, not "
			"decrypted, to Service '%s' port %d (a TLSRoute on a "
			"Passthrough listener), as HAProxy's SNI map sent "
			"them; plain HTTP keeps the host's HTTPRoute", ir->host,
			b->service, port);
	}
}

void
hap_begin(struct conv *c, const struct hap_lowering *L,
	const struct ingress **order, size_t n)
{
	(void)L->state(c);
	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct prov_hap_settings *s;

		if (!ing || conv_provider_of(c, ing) != L->provider)
			continue;
		s = arena_alloc(c->a, sizeof(*s));
		L->parse(s, c->a, c->w->set, ing->annotations, "Ingress",
			ing->ns, ing->name, NULL);
		if (!hap_wants_passthrough(c, L, ing, s))
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
