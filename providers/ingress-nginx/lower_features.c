#include "compat.h"
#include "lower_int.h"

#include <stdlib.h>
#include <string.h>

#include "providers/ingress-nginx/annotations.h"

/*
 * ingress-nginx annotations that standard Gateway API cannot say, lowered
 * into IR features (timeouts between reads, retries, load balancing, rate
 * limits, body size, access control). A target that claims the feature
 * writes its own objects; for the others, the annotation's "not
 * converted" diagnostic says so (report_nginx_annotations in lower.c).
 * Which feature each key is part of is the catalogue's (.feature in
 * annotations.c), which ing2gw annotations --target reads too.
 */


const char *
ngx_auth_secret_denied(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	const char *sl, *ns, *name;
	size_t nl;

	if (s->auth_type < 0 || !s->auth_secret || s->denied || s->is_canary)
		return NULL;
	sl = strchr(s->auth_secret, '/');
	ns = sl ? s->auth_secret : ing->ns;
	nl = sl ? (size_t)(sl - s->auth_secret) : strlen(ing->ns);
	name = sl ? sl + 1 : s->auth_secret;
	if (nl != strlen(ing->ns) || strncmp(ns, ing->ns, nl))
		return "its Secret is in another namespace, which ingress-"
			"nginx refuses (allow-cross-namespace-resources is "
			"false by default)";
	if (!c->w->nsecrets)
		return NULL;
	for (size_t i = 0; i < c->w->nsecrets; i++) {
		const struct ing_named *sec = &c->w->secrets[i];
		const struct doc_node *root = sec->obj->root;

		if (strcmp(sec->ns ? sec->ns : "default", ing->ns) ||
		    strcmp(sec->name, name))
			continue;
		if (s->auth_secret_type != 1 &&
		    !doc_get(doc_get(root, "data"), "auth") &&
		    !doc_get(doc_get(root, "stringData"), "auth"))
			return "its Secret has no key 'auth' (auth-secret-"
				"type auth-file)";
		return NULL;
	}
	return "its Secret is not in the input, which has Secrets";
}

bool
ngx_restricts(const struct prov_nginx_settings *s, const char *key)
{
	if (!strcmp(key, "allowlist-source-range"))
		return s->allowlist_source_range.len > 0;
	if (!strcmp(key, "denylist-source-range"))
		return s->denylist_source_range.len > 0;
	if (!strcmp(key, "auth-type"))
		return s->auth_type >= 0;
	if (!strcmp(key, "auth-url"))
		return s->auth_url && !s->auth_ignored;
	return false;
}

static struct ir_feature *
feature(struct conv *c, enum ir_feature_kind kind, const struct ingress *ing,
	const struct prov_nginx_settings *s, const char *key)
{
	const struct prov_slot *sl = prov_nginx_slot(s, key);
	struct ir_feature f = { .kind = kind, .ing = ing };

	f.key = sl && sl->key ? sl->key : arena_printf(c->a, "%s%s",
		PROV_NGINX_PREFIX, key);
	f.node = sl && sl->node ? sl->node : ing->obj->root;
	PUSH(c->features, c->nfeatures, f);
	return &c->features[c->nfeatures - 1];
}

static void
timeouts(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	bool conn = prov_nginx_is_set(s, "proxy-connect-timeout") &&
		s->proxy_connect_timeout > 0;
	bool rd = prov_nginx_is_set(s, "proxy-read-timeout") &&
		s->proxy_read_timeout > 0;
	bool snd = prov_nginx_is_set(s, "proxy-send-timeout") &&
		s->proxy_send_timeout > 0;
	struct ir_feature *f;

	if (!conn && !rd && !snd)
		return;
	f = feature(c, IR_FEAT_TIMEOUTS, ing, s, rd ? "proxy-read-timeout" :
		snd ? "proxy-send-timeout" : "proxy-connect-timeout");
	if (conn)
		f->u.timeouts.connect = s->proxy_connect_timeout;
	/* the longer of the two: one idle timeout for both directions */
	if (rd || snd)
		f->u.timeouts.idle = s->proxy_read_timeout >
			s->proxy_send_timeout ? s->proxy_read_timeout :
			s->proxy_send_timeout;
}

static void
retry(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	const char *p = s->proxy_next_upstream ? s->proxy_next_upstream :
		"error timeout";
	struct ir_feature *f;

	if (!prov_nginx_is_set(s, "proxy-next-upstream") &&
	    !prov_nginx_is_set(s, "proxy-next-upstream-tries"))
		return;
	f = feature(c, IR_FEAT_RETRY, ing, s, prov_nginx_is_set(s,
		"proxy-next-upstream") ? "proxy-next-upstream" :
		"proxy-next-upstream-tries");
	f->u.retry.tries = s->proxy_next_upstream_tries;
	while (*p) {
		size_t n = strcspn(p, " \t,");
		char *w = arena_strndup(c->a, p, n);
		struct ir_retry_cond cond = { 0 };

		p += n;
		p += strspn(p, " \t,");
		if (!*w)
			continue;
		if (!strcmp(w, "off")) {
			f->u.retry.off = true;
			continue;
		} else if (!strcmp(w, "error")) {
			cond.on = IR_RETRY_ERROR;
		} else if (!strcmp(w, "timeout")) {
			cond.on = IR_RETRY_TIMEOUT;
		} else if (!strncmp(w, "http_", 5) && strlen(w) == 8) {
			cond.on = IR_RETRY_STATUS;
			cond.code = atoi(w + 5);
		} else if (!strcmp(w, "non_idempotent")) {
			f->u.retry.all_methods = true;
			continue;
		} else {
			const char **u = arena_alloc(c->a,
				(f->u.retry.nunknown + 1) * sizeof(*u));

			if (f->u.retry.nunknown)
				memcpy(u, f->u.retry.unknown,
					f->u.retry.nunknown * sizeof(*u));
			u[f->u.retry.nunknown++] = w;
			f->u.retry.unknown = u;
			continue;
		}
		{
			struct ir_retry_cond *on = arena_alloc(c->a,
				(f->u.retry.non + 1) * sizeof(*on));

			if (f->u.retry.non)
				memcpy(on, f->u.retry.on,
					f->u.retry.non * sizeof(*on));
			on[f->u.retry.non++] = cond;
			f->u.retry.on = on;
		}
	}
}

/* upstream-hash-by, else affinity, else load-balance: one method. */
static void
load_balancing(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	const char *h = s->upstream_hash_by;
	struct ir_feature *f;

	if (h && prov_nginx_is_set(s, "upstream-hash-by")) {
		f = feature(c, IR_FEAT_LOAD_BALANCING, ing, s,
			"upstream-hash-by");
		if (!strcmp(h, "$remote_addr") ||
		    !strcmp(h, "$binary_remote_addr")) {
			f->u.lb.kind = IR_LB_HASH_SOURCE_IP;
		} else if (!strncmp(h, "$http_", 6) && h[6] &&
		    !h[6 + strspn(h + 6, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789_")]) {
			char *name = arena_strdup(c->a, h + 6);

			/* nginx's $http_x_y is the header X-Y */
			for (char *q = name; *q; q++)
				if (*q == '_')
					*q = '-';
			f->u.lb.kind = IR_LB_HASH_HEADER;
			f->u.lb.name = name;
		} else if (!strncmp(h, "$cookie_", 8) && h[8] &&
		    !strchr(h + 8, '$')) {
			f->u.lb.kind = IR_LB_HASH_COOKIE;
			f->u.lb.name = h + 8;
		} else {
			f->u.lb.kind = IR_LB_HASH_OTHER;
			f->u.lb.expr = h;
		}
		return;
	}
	if (s->affinity == 0 && prov_nginx_is_set(s, "affinity")) {
		long long ttl = s->session_cookie_max_age > 0 ?
			s->session_cookie_max_age : s->session_cookie_expires;

		f = feature(c, IR_FEAT_LOAD_BALANCING, ing, s, "affinity");
		f->u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f->u.lb.name = s->session_cookie_name ?
			s->session_cookie_name : "INGRESSCOOKIE";
		f->u.lb.name_default = !s->session_cookie_name;
		f->u.lb.ttl = ttl > 0 ? ttl : 0;
		return;
	}
	if (prov_nginx_is_set(s, "load-balance")) {
		f = feature(c, IR_FEAT_LOAD_BALANCING, ing, s, "load-balance");
		/* round_robin and ewma (the lowest latency: least request
		 * is the nearest) */
		f->u.lb.kind = s->load_balance == 5 ? IR_LB_LEAST_REQUEST :
			s->load_balance == 0 ? IR_LB_ROUND_ROBIN : IR_LB_OTHER;
	}
}

static void
rate_limit(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	bool rps = s->limit_rps > 0, rpm = s->limit_rpm > 0;
	struct ir_feature *f;

	if (s->limits_ignored || (!rps && !rpm))
		return;
	f = feature(c, IR_FEAT_RATE_LIMIT, ing, s, rps ? "limit-rps" :
		"limit-rpm");
	f->u.rate.per_second = rps ? s->limit_rps : 0;
	f->u.rate.per_minute = rpm ? s->limit_rpm : 0;
	f->u.rate.burst = (rps ? s->limit_rps : s->limit_rpm) *
		(s->limit_burst_multiplier > 0 ? s->limit_burst_multiplier : 5);
}

static void
access(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	const struct prov_strlist *al = &s->allowlist_source_range;
	const struct prov_strlist *dl = &s->denylist_source_range;
	struct ir_feature *f;

	if (conv_target_claims(c, IR_FEAT_BODY_SIZE) &&
	    prov_nginx_is_set(s, "proxy-body-size") &&
	    s->proxy_body_size > 0)
		feature(c, IR_FEAT_BODY_SIZE, ing, s,
			"proxy-body-size")->u.body.bytes = s->proxy_body_size;
	if ((al->len || dl->len) && conv_target_claims(c, IR_FEAT_IP_ACCESS)) {
		f = feature(c, IR_FEAT_IP_ACCESS, ing, s, al->len ?
			"allowlist-source-range" : "denylist-source-range");
		f->u.ip.allow.v = (const char **)al->v;
		f->u.ip.allow.len = al->len;
		f->u.ip.deny.v = (const char **)dl->v;
		f->u.ip.deny.len = dl->len;
	}
	if (s->auth_type >= 0 && conv_target_claims(c, IR_FEAT_BASIC_AUTH)) {
		f = feature(c, IR_FEAT_BASIC_AUTH, ing, s, s->auth_type == 1 ?
			"auth-type" : "auth-secret");
		f->u.basic.digest = s->auth_type == 1;
		f->u.basic.secret = s->auth_secret;
		f->u.basic.auth_map = s->auth_secret_type == 1;
	}
	if (s->auth_url && !s->auth_ignored &&
	    conv_target_claims(c, IR_FEAT_EXT_AUTH)) {
		f = feature(c, IR_FEAT_EXT_AUTH, ing, s, "auth-url");
		f->u.ext.url = s->auth_url;
		f->u.ext.response_headers.v =
			(const char **)s->auth_response_headers.v;
		f->u.ext.response_headers.len = s->auth_response_headers.len;
	}
}

void
ngx_lower_features(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	/* dropped, canary and denied Ingresses: nothing of theirs applies */
	if (s->fate == PROV_NGINX_DROPPED || s->is_canary || s->denied)
		return;
	/* what the target does not claim is said at the annotation
	 * (report_nginx_annotations): no need to keep it */
	if (conv_target_claims(c, IR_FEAT_TIMEOUTS))
		timeouts(c, ing, s);
	if (conv_target_claims(c, IR_FEAT_RETRY))
		retry(c, ing, s);
	if (conv_target_claims(c, IR_FEAT_LOAD_BALANCING))
		load_balancing(c, ing, s);
	if (conv_target_claims(c, IR_FEAT_RATE_LIMIT))
		rate_limit(c, ing, s);
	access(c, ing, s);
}
