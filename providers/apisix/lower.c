#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "k8s.h"
#include "providers/apisix/annotations.h"
#include "providers/provider.h"
#include "strbuf.h"

/*
 * The Apache APISIX Ingress Controller (v2, the ADC translator), lowered
 * into the IR: one APISIX route per rule and path (ingress.go
 * buildRouteFromIngressPath) with the uris of its pathType, the plugins
 * of the annotations as filters where Gateway API has them, and what it
 * does differently, each said at its line. APISIX routes are not tied to
 * a port: a route answers HTTP and, for the hosts of an SSL object (the
 * Ingress's tls sections), HTTPS.
 *
 * Access checks (ip-restriction, forward-auth, basic-auth, key-auth,
 * csrf, and those of an ApisixPluginConfig of the input) that the target
 * cannot make close the Ingress's routes with an error (fail closed).
 */

struct ax_ing {
	const struct ingress *ing;
	struct prov_apisix_settings s;
	const char *key;		/* rules of this Ingress merge */
	struct strmap redirects;	/* host -> its http-redirect route */
	const struct ir_cors *cors;	/* enable-cors: the filter */
};

/* One converted path, for the comparison of equal URIs. */
struct ax_route {
	const struct ingress *ing;
	const char *host;		/* lower-case; NULL: any host */
	const char *uri;		/* the first URI APISIX matches */
	const char *service;
	int port;
	const struct doc_node *node;
	size_t rank;			/* order of conversion */
};

struct conv_apisix {
	struct ax_ing **ings;		/* by index in c->w->ingresses */
	struct k8s_objects objs;	/* ApisixPluginConfig objects */
	bool objs_loaded;
	struct ax_route *routes;
	size_t nroutes;
};

static struct ax_ing *
ax_of(struct conv *c, const struct ingress *ing)
{
	const struct ingress *base = c->w->ingresses;

	if (!c->apisix || ing < base || ing >= base + c->w->ningresses)
		return NULL;
	return c->apisix->ings[ing - base];
}

static bool
ax_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_apisix_serves(c->w, ing);
}

static bool
ax_wants(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_apisix;
}

static const struct prov_apisix_slot *
slot(const struct ax_ing *ai, const char *key)
{
	return prov_apisix_slot(&ai->s, key);
}

static bool
is_set(const struct ax_ing *ai, const char *key)
{
	return slot(ai, key)->state == PROV_APISIX_SET;
}

static const struct doc_node *
key_node(const struct ax_ing *ai, const char *key)
{
	return slot(ai, key)->key_node;
}

/* "Ingress 'ns/name': annotation 'KEY' ..." at the key's line. */
static void
say(struct conv *c, const struct ax_ing *ai, enum diag_severity sev,
	const char *rule, const char *key, const char *fmt, ...)
	ING2GW_PRINTF(6, 7);

static void
say(struct conv *c, const struct ax_ing *ai, enum diag_severity sev,
	const char *rule, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	const struct prov_apisix_slot *sl = slot(ai, key);
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, conv_pos(c, sl->key_node), "Ingress "
		"'%s/%s': annotation '%s' %s", ai->ing->ns, ai->ing->name,
		sl->key, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/* ---- access checks: fail closed ----------------------------------------- */

static void
fail_closed(struct conv *c, const struct ax_ing *ai, const char *key,
	const char *what)
{
	const struct prov_annotation *a = prov_apisix_lookup(key);

	say(c, ai, DIAG_ERROR, "convert/access-control", key, "(%s) "
		"restricts who may reach its paths; target '%s' cannot check "
		"it, so they now answer 500", what, c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, key_node(ai, key)), "to keep the "
		"check: %s; on an error convert writes nothing unless --force",
		a && a->gateway ? a->gateway : "the implementation's policy");
	conv_close(c, ai->ing, NULL, false);
}

static struct ir_feature *
feature(struct conv *c, enum ir_feature_kind kind, const struct ax_ing *ai,
	const char *key)
{
	struct ir_feature f = { .kind = kind, .ing = ai->ing };

	f.key = slot(ai, key)->key;
	f.node = key_node(ai, key);
	PUSH(c->features, c->nfeatures, f);
	return &c->features[c->nfeatures - 1];
}

/* Plugins of an ApisixPluginConfig that decide who may pass. */
static const char *const access_plugins[] = { "basic-auth", "key-auth",
	"jwt-auth", "hmac-auth", "ldap-auth", "multi-auth", "openid-connect",
	"cas-auth", "authz-keycloak", "authz-casbin", "authz-casdoor",
	"wolf-rbac", "forward-auth", "opa", "ip-restriction",
	"ua-restriction", "referer-restriction", "consumer-restriction",
	"uri-blocker", "csrf", "jwe-decrypt", NULL };

static bool
access_plugin(const char *name)
{
	for (const char *const *p = access_plugins; name && *p; p++)
		if (!strcmp(*p, name))
			return true;
	return false;
}

/* The objects of the input (collected once). */
static const struct k8s_objects *
objects(struct conv *c)
{
	struct conv_apisix *t = c->apisix;

	if (!t->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&t->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		t->objs_loaded = true;
	}
	return &t->objs;
}

static const struct k8s_object *
plugin_config(struct conv *c, const char *ns, const char *name)
{
	const struct k8s_objects *objs = objects(c);

	for (size_t i = 0; i < objs->len; i++) {
		const struct k8s_object *o = &objs->items[i];

		if (o->name && !strcmp(o->kind, "ApisixPluginConfig") &&
		    !strncmp(o->api_version, "apisix.apache.org/", 18) &&
		    !strcmp(o->name, name) && !strcmp(o->ns ? o->ns :
		    "default", ns))
			return o;
	}
	return NULL;
}

static void
plugin_config_check(struct conv *c, const struct ax_ing *ai)
{
	const char *name = ai->s.plugin_config;
	const struct k8s_object *o;
	const struct doc_node *list;
	struct strbuf names = STRBUF_INIT;
	const char *closing = NULL;

	if (!name || !is_set(ai, "plugin-config-name"))
		return;
	o = plugin_config(c, ai->ing->ns, name);
	if (!o) {
		say(c, ai, DIAG_WARNING, "convert/apisix-plugin-config",
			"plugin-config-name", "names ApisixPluginConfig '%s/%s', "
			"which is not in the input, so what its plugins do is "
			"unknown: the routes skip them; if one checks access "
			"(basic-auth, key-auth, jwt-auth, ip-restriction...), "
			"the converted paths are open to anyone: add the "
			"ApisixPluginConfig to the input", ai->ing->ns, name);
		return;
	}
	list = doc_path(o->root, "spec.plugins");
	for (size_t i = 0; i < doc_len(list); i++) {
		const struct doc_node *p = doc_item(list, i);
		const char *pn = doc_str(doc_get(p, "name"));
		bool on = true;

		if (!pn || (doc_bool(doc_get(p, "enable"), &on) && !on))
			continue;
		strbuf_addf(&names, "%s%s", names.len ? ", " : "", pn);
		if (!closing && access_plugin(pn))
			closing = pn;
	}
	if (closing) {
		say(c, ai, DIAG_ERROR, "convert/access-control",
			"plugin-config-name", "names ApisixPluginConfig '%s/%s' "
			"whose plugin '%s' restricts who may reach the paths; "
			"target '%s' cannot check it, so they now answer 500",
			ai->ing->ns, name, closing, c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, o->root), "the "
			"ApisixPluginConfig; to keep the check, use the "
			"implementation's policy and convert with --force; on an "
			"error convert writes nothing unless --force");
		conv_close(c, ai->ing, NULL, false);
	} else {
		say(c, ai, DIAG_WARNING, "convert/apisix-plugin-config",
			"plugin-config-name", "names ApisixPluginConfig '%s/%s' "
			"(plugins: %s), which is not carried over: the routes "
			"skip its plugins", ai->ing->ns, name, names.len ?
			names.buf : "none enabled");
	}
	strbuf_release(&names);
}

/* A key that only tunes an access check: said with it. */
static void
companion(struct conv *c, const struct ax_ing *ai, const char *key,
	const char *what)
{
	if (!is_set(ai, key))
		return;
	say(c, ai, DIAG_WARNING, "convert/apisix-not-converted", key,
		"(%s) is not converted: it tunes the check of %s",
		prov_apisix_lookup(key)->desc, what);
}

/*
 * An HTTPRoutePolicy (apisix.apache.org/v1alpha1) targeting the Ingress
 * sets the priority and vars of its routes
 * (fillHTTPRoutePoliciesForIngress): not converted.
 */
static void
route_policies(struct conv *c, const struct ax_ing *ai)
{
	const struct k8s_objects *objs = objects(c);
	const struct ingress *ing = ai->ing;

	for (size_t i = 0; i < objs->len; i++) {
		const struct k8s_object *o = &objs->items[i];
		const struct doc_node *refs;

		if (!o->name || strcmp(o->kind, "HTTPRoutePolicy") ||
		    strncmp(o->api_version, "apisix.apache.org/", 18) ||
		    strcmp(o->ns ? o->ns : "default", ing->ns))
			continue;
		refs = doc_path(o->root, "spec.targetRefs");
		for (size_t j = 0; j < doc_len(refs); j++) {
			const struct doc_node *r = doc_item(refs, j);
			const char *kind = doc_str(doc_get(r, "kind"));
			const char *name = doc_str(doc_get(r, "name"));
			long long prio = 0;
			bool has_prio = doc_int(doc_path(o->root,
				"spec.priority"), &prio);
			bool vars = doc_len(doc_path(o->root, "spec.vars")) > 0;

			if (!kind || !name || strcmp(kind, "Ingress") ||
			    strcmp(name, ing->name))
				continue;
			diag_add(c->sink, DIAG_WARNING,
				"convert/apisix-route-policy", conv_pos(c, r),
				"Ingress '%s/%s': HTTPRoutePolicy '%s/%s' sets "
				"%s%s%s of the Ingress's routes, which is not "
				"converted: %s", ing->ns, ing->name, ing->ns,
				o->name, has_prio ? "the priority" : "",
				has_prio && vars ? " and " : "", vars ? "vars "
				"conditions" : has_prio ? "" : "nothing",
				vars ? "the routes matched only the requests "
				"meeting them, the converted ones match every "
				"request of their paths; write header or query "
				"matches by hand" : "Gateway API orders matches "
				"by hostname, path type and length");
			break;
		}
	}
}

static void
access_checks(struct conv *c, const struct ax_ing *ai)
{
	const struct prov_apisix_settings *s = &ai->s;
	struct ir_feature *f;

	if (s->allowlist.len || s->blocklist.len) {
		const char *key = s->allowlist.len ? "allowlist-source-range" :
			"blocklist-source-range";

		unsigned unchecked = conv_unclaimed(c, IR_FEAT_IP_ACCESS);

		if (conv_target_claims(c, IR_FEAT_IP_ACCESS)) {
			f = feature(c, IR_FEAT_IP_ACCESS, ai, key);
			f->u.ip.allow.v = (const char **)s->allowlist.v;
			f->u.ip.allow.len = s->allowlist.len;
			f->u.ip.deny.v = (const char **)s->blocklist.v;
			f->u.ip.deny.len = s->blocklist.len;
		}
		if (unchecked) {
			conv_only(c, unchecked);
			fail_closed(c, ai, key, "the ip-restriction plugin");
			if (s->allowlist.len && s->blocklist.len)
				fail_closed(c, ai, "blocklist-source-range",
					"the ip-restriction plugin");
			conv_only(c, conv_all_targets(c));
		}
	}
	if (s->auth_uri) {
		unsigned checking = conv_claimants(c, IR_FEAT_EXT_AUTH);

		if (checking) {
			conv_only(c, checking);
			f = feature(c, IR_FEAT_EXT_AUTH, ai, "auth-uri");
			f->u.ext.url = s->auth_uri;
			f->u.ext.response_headers.v =
				(const char **)s->auth_upstream_headers.v;
			f->u.ext.response_headers.len =
				s->auth_upstream_headers.len;
			companion(c, ai, "auth-request-headers", "auth-uri");
			companion(c, ai, "auth-client-headers", "auth-uri");
			if (!s->auth_ssl_verify)
				companion(c, ai, "auth-ssl-verify", "auth-uri");
		}
		if (checking != conv_all_targets(c)) {
			conv_only(c, conv_all_targets(c) & ~checking);
			fail_closed(c, ai, "auth-uri", "the forward-auth plugin");
			companion(c, ai, "auth-ssl-verify", "auth-uri");
			companion(c, ai, "auth-request-headers", "auth-uri");
			companion(c, ai, "auth-upstream-headers", "auth-uri");
			companion(c, ai, "auth-client-headers", "auth-uri");
		}
		conv_only(c, conv_all_targets(c));
	}
	if (s->auth_type != PROV_APISIX_AUTH_NONE)
		fail_closed(c, ai, "auth-type", s->auth_type ==
			PROV_APISIX_AUTH_BASIC ? "the basic-auth plugin, with "
			"the ApisixConsumers' credentials" : "the key-auth "
			"plugin, with the ApisixConsumers' keys");
	if (s->csrf) {
		fail_closed(c, ai, "enable-csrf", "the csrf plugin: unsafe "
			"methods without its token get 401");
		companion(c, ai, "csrf-key", "enable-csrf");
	}
	plugin_config_check(c, ai);
}

/* ---- what is not converted ----------------------------------------------- */

static bool
bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key, "kubectl.kubernetes.io/last-applied-configuration");
}

static bool
has_impl_specific(const struct ingress *ing)
{
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			if (ing->rules[r].paths[p].type ==
			    ING_PATH_IMPLEMENTATION_SPECIFIC)
				return true;
	return false;
}

static void
not_converted(struct conv *c, const struct ax_ing *ai, const char *key,
	const char *what)
{
	if (!is_set(ai, key))
		return;
	say(c, ai, DIAG_WARNING, "convert/apisix-not-converted", key,
		"(%s) is not converted; the Gateway API objects do not do "
		"this; to keep it: %s", what,
		prov_apisix_lookup(key)->gateway);
}

static void
upstream(struct conv *c, const struct ax_ing *ai)
{
	const struct prov_apisix_settings *s = &ai->s;
	struct ir_feature *f;
	unsigned timed = 0;	/* the targets that carry the timeouts */

	if (s->retries > 0 && is_set(ai, "upstream-retries")) {
		unsigned dropped = conv_unclaimed(c, IR_FEAT_RETRY);

		if (conv_target_claims(c, IR_FEAT_RETRY)) {
			f = feature(c, IR_FEAT_RETRY, ai, "upstream-retries");
			f->u.retry.tries = s->retries + 1;
		}
		if (dropped) {
			conv_only(c, dropped);
			not_converted(c, ai, "upstream-retries", "retries to "
				"other endpoints");
			conv_only(c, conv_all_targets(c));
		}
	}
	if (s->timeout_connect > 0 || s->timeout_read > 0)
		timed = conv_claimants(c, IR_FEAT_TIMEOUTS);
	if (timed) {
		bool any = s->timeout_connect > 0 || s->timeout_read > 0 ||
			s->timeout_send > 0;

		f = feature(c, IR_FEAT_TIMEOUTS, ai, s->timeout_connect > 0 ?
			"upstream-connect-timeout" : "upstream-read-timeout");
		/* one set: the others are 60 (resolveIngressUpstream) */
		f->u.timeouts.connect = s->timeout_connect > 0 ?
			s->timeout_connect : any ? 60 : 0;
		f->u.timeouts.idle = s->timeout_read > 0 ? s->timeout_read :
			60;
	}
	if (timed != conv_all_targets(c)) {
		conv_only(c, conv_all_targets(c) & ~timed);
		if (s->timeout_connect > 0)
			not_converted(c, ai, "upstream-connect-timeout",
				"connect timeout");
		if (s->timeout_read > 0)
			not_converted(c, ai, "upstream-read-timeout",
				"timeout between two reads");
		conv_only(c, conv_all_targets(c));
	}
	if (is_set(ai, "upstream-send-timeout"))
		say(c, ai, DIAG_INFO, "convert/apisix-tuning",
			"upstream-send-timeout", "(timeout between two writes "
			"to the backend) is dropped; it does not change which "
			"backend answers");
	if (!is_set(ai, "upstream-scheme"))
		return;
	if (s->scheme == PROV_APISIX_HTTPS || s->scheme == PROV_APISIX_GRPCS)
		say(c, ai, DIAG_WARNING, "convert/apisix-backend-scheme",
			"upstream-scheme", "is %s, so APISIX spoke TLS to the "
			"backends; a Gateway speaks plain text to them unless a "
			"BackendTLSPolicy says how to verify them: none is "
			"generated (APISIX did not verify them): add one with "
			"the backends' CA and name", s->scheme ==
			PROV_APISIX_HTTPS ? "https" : "grpcs");
	if (s->scheme == PROV_APISIX_GRPC || s->scheme == PROV_APISIX_GRPCS)
		say(c, ai, DIAG_WARNING, "convert/apisix-backend-scheme",
			"upstream-scheme", "is grpc%s, so APISIX spoke HTTP/2 to "
			"the backends; an HTTPRoute backend gets HTTP/1.1 "
			"unless the Service port's appProtocol is "
			"kubernetes.io/h2c (or use a GRPCRoute): set it",
			s->scheme == PROV_APISIX_GRPCS ? "s" : "");
}

static void
report_annotations(struct conv *c, const struct ax_ing *ai)
{
	const struct ingress *ing = ai->ing;
	const struct prov_apisix_settings *s = &ai->s;

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k);

		if (!key || bookkeeping(key) || !strncmp(key,
		    PROV_APISIX_PREFIX, strlen(PROV_APISIX_PREFIX)))
			continue;
		conv_report_annotation(c, ing, k);
	}
	access_checks(c, ai);
	route_policies(c, ai);
	upstream(c, ai);
	if (s->response_rewrite) {
		not_converted(c, ai, "response-rewrite-status-code", "the "
			"status the client gets");
		not_converted(c, ai, "response-rewrite-body", "the body the "
			"client gets");
		not_converted(c, ai, "response-rewrite-body-base64", "the "
			"body is base64");
		not_converted(c, ai, "response-rewrite-remove-header",
			"response headers removed");
		if (s->rr_add.len)
			say(c, ai, DIAG_WARNING, "convert/apisix-not-converted",
				"response-rewrite-add-header", "adds response "
				"headers; they are written as set: a header the "
				"backend sends of the same name is replaced "
				"rather than kept beside");
	}
	if (s->rewrite_target && (s->rewrite_target[0] != '/' ||
	    strchr(s->rewrite_target, '$')))
		say(c, ai, DIAG_WARNING, "convert/apisix-rewrite",
			"rewrite-target", "is '%s', with APISIX variables or not "
			"a path, which a URLRewrite filter cannot say: it is not "
			"converted, and the backends now get the request's path",
			s->rewrite_target);
	if (s->cors)
		say(c, ai, DIAG_INFO, "convert/apisix-cors", "enable-cors",
			"becomes a CORS filter (max age 5 s, as APISIX's); "
			"APISIX answered every OPTIONS request of the routes "
			"itself and sent '*' for the origins '*', a Gateway "
			"answers preflights and echoes the origin");
	not_converted(c, ai, "http-allow-methods", "only these methods reach "
		"the backend, others get 405");
	not_converted(c, ai, "http-block-methods", "these methods get 405");
	if (is_set(ai, "enable-websocket") && s->websocket)
		say(c, ai, DIAG_INFO, "convert/apisix-tuning",
			"enable-websocket", "is dropped: Gateway implementations "
			"proxy WebSocket upgrades of HTTPRoute backends");
	if (is_set(ai, "use-regex") && s->use_regex &&
	    !has_impl_specific(ing))
		say(c, ai, DIAG_INFO, "convert/apisix-annotation-ignored",
			"use-regex", "has no effect: it applies to paths of "
			"pathType ImplementationSpecific, and the Ingress has "
			"none");
	if (s->svc_namespace && is_set(ai, "svc-namespace"))
		say(c, ai, DIAG_WARNING, "convert/apisix-svc-namespace",
			"svc-namespace", "sends every path to the Services of "
			"namespace '%s'; the conversion does not write "
			"cross-namespace backendRefs, so the paths are left "
			"out: write them by hand with a backendRef namespace "
			"and a ReferenceGrant in '%s'", s->svc_namespace,
			s->svc_namespace);
}

/* ---- the cors plugin as a CORS filter ---------------------------------- */

static bool
origin_ok(const char *o)
{
	const char *h;

	if (!strcmp(o, "*"))
		return true;
	if (strncmp(o, "http://", 7) && strncmp(o, "https://", 8))
		return false;
	h = strstr(o, "://") + 3;
	return *h && !strchr(h, '/');
}

static bool
method_ok(const char *m)
{
	static const char *const ms[] = { "GET", "HEAD", "POST", "PUT",
		"DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*", NULL };

	for (const char *const *p = ms; *p; p++)
		if (!strcmp(*p, m))
			return true;
	return false;
}

static bool
header_ok(const char *h)
{
	if (!strcmp(h, "*"))
		return true;
	for (const char *p = h; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~",
		    *p))
			return false;
	return *h && strlen(h) <= 256;
}

/*
 * One list of the filter from an annotation's text (NULL: "*"): the items
 * ok() takes, once each, at most max; '*' alone when it is among them.
 * What is dropped is said at the annotation.
 */
static struct ir_strings
cors_list(struct conv *c, const struct ax_ing *ai, const char *key,
	const char *text, bool (*ok)(const char *), size_t max, bool *star2)
{
	struct prov_strlist l;
	struct ir_strings out = { 0 };

	prov_apisix_split(c->a, text ? text : "*", &l);
	out.v = arena_alloc(c->a, (l.len + 1) * sizeof(*out.v));
	for (size_t i = 0; i < l.len; i++) {
		const char *v = l.v[i];
		bool dup = false;

		if (star2 && !strcmp(v, "**")) {
			*star2 = true;
			v = "*";
		}
		if (!ok(v)) {
			say(c, ai, DIAG_WARNING, "convert/apisix-cors", key,
				"has '%s', which the CORS filter does not take: "
				"it is left out", v);
			continue;
		}
		if (!strcmp(v, "*")) {
			out.v[0] = "*";
			out.len = 1;
			return out;
		}
		for (size_t j = 0; j < out.len; j++)
			dup |= !strcmp(out.v[j], v);
		if (dup)
			continue;
		if (out.len == max) {
			say(c, ai, DIAG_WARNING, "convert/apisix-cors", key,
				"has more than %zu entries, the most the CORS "
				"filter takes: the rest are left out", max);
			break;
		}
		out.v[out.len++] = v;
	}
	return out;
}

static void
cors_filter(struct conv *c, struct ax_ing *ai)
{
	const struct prov_apisix_settings *s = &ai->s;
	struct ir_cors *co;
	bool creds = false;

	if (!s->cors)
		return;
	co = arena_alloc(c->a, sizeof(*co));
	co->origins = cors_list(c, ai, "cors-allow-origin", s->cors_origin,
		origin_ok, 64, &creds);
	co->credentials = creds;
	co->methods = cors_list(c, ai, "cors-allow-methods", s->cors_methods,
		method_ok, 9, NULL);
	co->headers = cors_list(c, ai, "cors-allow-headers", s->cors_headers,
		header_ok, 64, NULL);
	co->max_age = 5;
	ai->cors = co;
}

/* ---- paths ---------------------------------------------------------------- */

enum ax_kind {
	AX_EXACT = 1,
	AX_PREFIX,		/* path and path/ * : segments */
	AX_CHARS,		/* a radixtree prefix: characters */
	AX_REGEX,
};

struct plan {
	enum ax_kind kind;
	const char *type;	/* Gateway API match type */
	const char *value;
	const char *uri;	/* the first APISIX uri */
};

/* A PCRE searched in the uri, as a whole-path expression. */
static const char *
search_regex(struct conv *c, const char *re)
{
	size_t n = strlen(re);
	bool start = re[0] == '^';
	bool end = n && re[n - 1] == '$' && (n < 2 || re[n - 2] != '\\');

	return arena_printf(c->a, "%s(?:%s)%s", start ? "" : ".*", re,
		end ? "" : ".*");
}

static void
plan_path(struct conv *c, const struct ax_ing *ai, const struct ing_path *p,
	struct plan *pl)
{
	const char *uris[2];
	size_t n = strlen(p->path);

	(void)prov_apisix_uris(c->a, (int)p->type, p->path, ai->s.use_regex,
		uris);
	pl->uri = uris[0];
	if (p->type == ING_PATH_PREFIX) {
		pl->kind = AX_PREFIX;
		pl->type = "PathPrefix";
		pl->value = p->path;
		return;
	}
	if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC && ai->s.use_regex) {
		pl->kind = AX_REGEX;
		pl->type = "RegularExpression";
		pl->value = search_regex(c, p->path);
		pl->uri = p->path;
		return;
	}
	if (n && p->path[n - 1] == '*') {
		pl->kind = AX_CHARS;
		pl->type = "PathPrefix";
		pl->value = n > 1 ? arena_strndup(c->a, p->path, n - 1) : "/";
		if (n > 2 && pl->value[n - 2] == '/')
			pl->value = arena_strndup(c->a, p->path, n - 2);
		return;
	}
	pl->kind = AX_EXACT;
	pl->type = "Exact";
	pl->value = p->path;
}

static void
path_notes(struct conv *c, const struct ax_ing *ai, const struct ing_path *p,
	const struct plan *pl, const struct doc_node *at)
{
	const struct ingress *ing = ai->ing;
	size_t n = strlen(p->path);

	switch (pl->kind) {
	case AX_PREFIX:
		if (n > 1 && p->path[n - 1] == '/')
			diag_add(c->sink, DIAG_INFO, "convert/apisix-prefix",
				conv_pos(c, at), "Ingress '%s/%s': APISIX "
				"matches Prefix path '%s' as the URIs '%s' and "
				"'%s*', so '%.*s' itself did not match; the "
				"Gateway API PathPrefix '%s' matches it too",
				ing->ns, ing->name, p->path, p->path, p->path,
				(int)(n - 1), p->path, p->path);
		break;
	case AX_CHARS:
		if (n <= 2)
			break;		/* "/" + "*": every path */
		if (p->path[n - 2] == '/') {
			diag_add(c->sink, DIAG_INFO, "convert/apisix-prefix",
				conv_pos(c, at), "Ingress '%s/%s': path '%s' is "
				"the radixtree prefix '%.*s', which '%s' itself "
				"did not match; the Gateway API PathPrefix '%s' "
				"matches it too", ing->ns, ing->name, p->path,
				(int)(n - 1), p->path, pl->value, pl->value);
			break;
		}
		diag_add(c->sink, DIAG_INFO, "convert/apisix-prefix",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' ends in "
			"'*', a prefix by characters in APISIX's radixtree "
			"('%.*sx' matched too); the Gateway API PathPrefix "
			"'%s' matches whole segments, so such requests go "
			"elsewhere now", ing->ns, ing->name, p->path,
			(int)(n - 1), p->path, pl->value);
		break;
	case AX_EXACT:
		if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC)
			diag_add(c->sink, DIAG_INFO, "convert/apisix-exact",
				conv_pos(c, at), "Ingress '%s/%s': APISIX "
				"takes ImplementationSpecific path '%s' as an "
				"exact URI (no '*' at its end, no use-regex): "
				"it becomes an Exact match", ing->ns,
				ing->name, p->path);
		break;
	case AX_REGEX:
		diag_add(c->sink, DIAG_WARNING, "convert/apisix-regex",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is a PCRE "
			"that APISIX searched anywhere in the uri (use-regex), "
			"on a route of URI '/*' that any longer prefix route "
			"comes before; it becomes the RegularExpression '%s' "
			"on the whole path, whose syntax and precedence belong "
			"to the implementation", ing->ns, ing->name, p->path,
			pl->value);
		break;
	}
}

/* A literal of a regex: no metacharacters. */
static bool
literal(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			return false;
	return true;
}

/*
 * rewrite-target-regex "^L(.*)" with template "T$1", on a PathPrefix
 * match P: the prefix replaced, as ReplacePrefixMatch does, when L is P
 * or "P/" (and T then ends in '/'). The new prefix, or NULL.
 */
static const char *
prefix_rewrite(struct conv *c, const char *re, const char *tpl,
	const char *prefix)
{
	size_t rn = strlen(re), tn = strlen(tpl), pn = strlen(prefix), ln;

	if (rn > 0 && re[rn - 1] == '$')
		rn--;
	/* unanchored: the routed paths start with the prefix, so the
	 * leftmost match is at 0 */
	if (re[0] != '^')
		re = arena_printf(c->a, "^%.*s", (int)rn++, re);
	if (rn < 5 || strncmp(re + rn - 4, "(.*)", 4))
		return NULL;
	ln = rn - 5;
	if (!literal(re + 1, ln) || tn < 2 || strcmp(tpl + tn - 2, "$1") ||
	    memchr(tpl, '$', tn - 2))
		return NULL;
	if (pn > 1 && prefix[pn - 1] == '/')
		pn--;
	if (ln == pn && !strncmp(re + 1, prefix, pn) && tn > 2 &&
	    tpl[tn - 3] != '/')
		return arena_strndup(c->a, tpl, tn - 2);
	if (ln == pn + 1 && !strncmp(re + 1, prefix, pn) && re[ln] == '/' &&
	    tn > 2 && tpl[tn - 3] == '/')
		return tn == 3 ? "/" : arena_strndup(c->a, tpl, tn - 3);
	return NULL;
}

/* The Location of http-redirect, as RequestRedirect fields; false when
 * the URI has variables or is not a URL or path. */
static bool
redirect_fields(struct conv *c, const char *uri, struct ir_redirect *r)
{
	const char *p = uri, *slash;

	if (strchr(uri, '$') || strchr(uri, '?') || strchr(uri, '#'))
		return false;
	if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8)) {
		const char *h = strchr(p, ':') + 3, *colon;
		char *host;

		r->scheme = p[4] == 's' ? "https" : "http";
		slash = strchr(h, '/');
		host = arena_strndup(c->a, h, slash ? (size_t)(slash - h) :
			strlen(h));
		if ((colon = strchr(host, ':'))) {
			long long port;

			if (!prov_str_int(colon + 1, &port) || port < 1 ||
			    port > 65535)
				return false;
			r->port = (int)port;
			host[colon - host] = '\0';
		}
		if (!*host || gwcheck_hostname(host))
			return false;
		r->hostname = host;
		r->path_kind = IR_PATH_FULL;
		r->path = slash ? slash : "/";
		return true;
	}
	if (p[0] != '/')
		return false;
	r->path_kind = IR_PATH_FULL;
	r->path = p;
	return true;
}

/* The filters of one rule (new rules only: merged ones have them). */
static void
add_filters(struct conv *c, const struct ax_ing *ai, struct rule *rule,
	const struct plan *pl, const struct doc_node *at)
{
	const struct prov_apisix_settings *s = &ai->s;
	const struct ingress *ing = ai->ing;

	if (ai->cors)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_CORS,
			key_node(ai, "enable-cors"))->u.cors = ai->cors;
	if (s->rewrite_target && (s->rewrite_target[0] != '/' ||
	    strchr(s->rewrite_target, '$'))) {
		/* said once at the annotation (report_annotations) */
	} else if (s->rewrite_target) {
		struct ir_url_rewrite *f = &ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, key_node(ai,
			"rewrite-target"))->u.rewrite;

		f->path_kind = IR_PATH_FULL;
		f->path = s->rewrite_target;
	} else if (s->rewrite_regex) {
		const char *np = pl->kind == AX_PREFIX ? prefix_rewrite(c,
			s->rewrite_regex, s->rewrite_template, pl->value) : NULL;

		if (np) {
			struct ir_url_rewrite *f = &ir_filter_add(&c->ir_arena,
				rule, IR_FILTER_URL_REWRITE, key_node(ai,
				"rewrite-target-regex"))->u.rewrite;

			f->path_kind = IR_PATH_PREFIX;
			f->path = np;
			diag_add(c->sink, DIAG_INFO, "convert/apisix-rewrite",
				conv_pos(c, at), "Ingress '%s/%s': the regex "
				"rewrite '%s' -> '%s' replaces the prefix '%s': "
				"it becomes ReplacePrefixMatch '%s' (a request "
				"the regex did not match, such as '%s' itself, "
				"is now rewritten too)", ing->ns, ing->name,
				s->rewrite_regex, s->rewrite_template,
				pl->value, np, pl->value);
		} else {
			diag_add(c->sink, DIAG_WARNING, "convert/apisix-rewrite",
				conv_pos(c, at), "Ingress '%s/%s': the regex "
				"rewrite '%s' -> '%s' (proxy-rewrite regex_uri) "
				"is not converted for path '%s': it is not the "
				"replacement of the path's prefix, which "
				"ReplacePrefixMatch does; the backend now gets "
				"the request's path: write the implementation's "
				"regex rewrite by hand", ing->ns, ing->name,
				s->rewrite_regex, s->rewrite_template,
				pl->uri);
		}
	}
	if (s->response_rewrite && (s->rr_set.len || s->rr_add.len)) {
		struct ir_filter *f = NULL;
		const struct prov_strlist *ls[2] = { &s->rr_set, &s->rr_add };

		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < ls[k]->len; i++) {
				const char *h = ls[k]->v[i];
				const char *col = strchr(h, ':');
				const char *val;

				if (!col || col == h)
					continue;
				val = col + 1;
				while (*val == ' ')
					val++;
				if (!f)
					f = ir_filter_add(&c->ir_arena, rule,
						IR_FILTER_RESPONSE_HEADERS,
						key_node(ai, s->rr_set.len ?
						"response-rewrite-set-header" :
						"response-rewrite-add-header"));
				ir_headers_add(&c->ir_arena, f,
					arena_strndup(c->a, h,
					(size_t)(col - h)), val);
			}
	}
}

/* http-redirect as a filter; false when it cannot be one (said). */
static bool
redirect_filter(struct conv *c, const struct ax_ing *ai, struct rule *rule)
{
	struct ir_redirect r = { 0 };
	int code = ai->s.redirect_code;

	if (!redirect_fields(c, ai->s.redirect_uri, &r))
		return false;
	if (code != 301 && code != 302 && code != 303 && code != 307 &&
	    code != 308)
		code = 302;
	r.code = code;
	ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		key_node(ai, "http-redirect"))->u.redirect = r;
	return true;
}

static void
note_route(struct conv *c, const struct ax_ing *ai, const char *host,
	const struct plan *pl, const char *service, int port,
	const struct doc_node *at)
{
	struct ax_route r = { .ing = ai->ing, .uri = pl->uri,
		.service = service, .port = port, .node = at,
		.rank = c->apisix->nroutes };

	if (host) {
		char *h = arena_strdup(c->a, host);

		for (char *q = h; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		r.host = h;
	}
	PUSH(c->apisix->routes, c->apisix->nroutes, r);
}

/* The route of the HTTP redirect of host (http-to-https). */
static struct route *
https_redirect_route(struct conv *c, struct gateway *gw, struct ax_ing *ai,
	const char *host)
{
	const char *k = host ? host : "";
	struct route *r = strmap_get(&ai->redirects, k);

	if (r)
		return r;
	r = conv_route_new(c, gw, ai->ing, host);
	r->suffix = "http-redirect";
	r->section = "http";
	strmap_put(&ai->redirects, k, r);
	return r;
}

static void
lower_path(struct conv *c, struct gateway *gw, struct ax_ing *ai,
	const struct ing_rule *ir, const struct ing_path *p)
{
	const struct ingress *ing = ai->ing;
	const struct prov_apisix_settings *s = &ai->s;
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct match m = { 0 };
	struct strbuf where = STRBUF_INIT;
	struct plan pl = { 0 };
	struct route *r;
	struct rule *rule;
	const char *why, *service = p->backend.service, *key;
	const struct listener *l = NULL;
	int port = 0;
	bool usable, redirect_only = false;

	if (!p->backend.service) {
		diag_add(c->sink, DIAG_INFO, "convert/apisix-backend-skipped",
			conv_pos(c, p->backend.node ? p->backend.node : at),
			"Ingress '%s/%s': path '%s' has a resource backend; the "
			"controller makes routes only for Service backends, "
			"so it is left out", ing->ns, ing->name, p->path);
		return;
	}
	if (s->svc_namespace)
		return;		/* said at the annotation */
	plan_path(c, ai, p, &pl);
	if (pl.kind != AX_REGEX && (why = gwcheck_path(pl.type, pl.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is not a "
			"valid Gateway API %s value (%s); it is left out",
			ing->ns, ing->name, p->path, pl.type, why);
		return;
	}
	strbuf_addf(&where, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, where.buf, &port);
	strbuf_release(&where);
	if (!usable)
		return;
	path_notes(c, ai, p, &pl, at);
	note_route(c, ai, ir->host, &pl, service, port, at);
	m.type = pl.type;
	m.value = pl.value;
	m.node = at;
	if (strcmp(pl.value, p->path))
		m.src = p->path;
	/* a regex rewrite is the path's own: a rule of its own */
	key = s->rewrite_regex ? arena_printf(c->a, "%s/%s/%s", ai->key,
		pl.type, pl.value) : ai->key;
	if (s->http_to_https) {
		struct route *rr = NULL;
		struct rule *red;

		l = conv_https_listener(gw, ir->host);
		if (l)
			rr = https_redirect_route(c, gw, ai, ir->host);
		else
			redirect_only = true;
		if (rr) {
			red = conv_route_add(c, rr, &m, NULL, 0, key);
			if (red->nmatches == 1)
				ir_filter_add(&c->ir_arena, red,
					IR_FILTER_REDIRECT, key_node(ai,
					"http-to-https"))->u.redirect =
					(struct ir_redirect){ .scheme = "https",
					.code = 301 };
		}
	}
	r = conv_route_for(c, gw, ing, ir->host);
	if (l)
		r->section_https = l->hostname;
	if (redirect_only) {
		rule = conv_route_add(c, r, &m, NULL, 0, key);
		if (rule->nmatches == 1)
			ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
				key_node(ai, "http-to-https"))->u.redirect =
				(struct ir_redirect){ .scheme = "https",
				.code = 301 };
		return;
	}
	if (s->redirect_uri && redirect_fields(c, s->redirect_uri,
	    &(struct ir_redirect){ 0 })) {
		rule = conv_route_add(c, r, &m, NULL, 0, key);
		if (rule->nmatches == 1)
			(void)redirect_filter(c, ai, rule);
		return;
	}
	rule = conv_route_add(c, r, &m, service, port, key);
	if (rule->nmatches == 1)
		add_filters(c, ai, rule, &pl, at);
}

/* Once per Ingress: what the redirect plugin does that a filter does
 * not. */
static void
redirect_notes(struct conv *c, const struct ax_ing *ai, struct gateway *gw)
{
	const struct prov_apisix_settings *s = &ai->s;
	const struct ingress *ing = ai->ing;

	if (s->http_to_https)
		say(c, ai, DIAG_INFO, "convert/apisix-redirect",
			"http-to-https", "becomes a RequestRedirect filter "
			"(scheme https, 301) on the HTTP listener; APISIX "
			"answered 308 to methods other than GET and HEAD, and "
			"took the scheme of X-Forwarded-Proto when a client "
			"sent one");
	if (s->http_to_https) {
		bool any_tls = false;

		for (size_t r = 0; r < ing->nrules; r++)
			any_tls |= conv_https_listener(gw,
				ing->rules[r].host) != NULL;
		if (!any_tls)
			say(c, ai, DIAG_WARNING, "convert/apisix-redirect",
				"http-to-https", "redirects HTTP to HTTPS, but "
				"the Gateway has no HTTPS listener for the "
				"Ingress's hosts (no tls section with a "
				"secretName names them): the routes only "
				"redirect, as APISIX did, and HTTPS finds no "
				"listener: add a tls section with the "
				"certificate");
	}
	if (!s->redirect_uri)
		return;
	if (!redirect_fields(c, s->redirect_uri, &(struct ir_redirect){ 0 })) {
		say(c, ai, DIAG_WARNING, "convert/apisix-redirect",
			"http-redirect", "redirects to '%s', with APISIX "
			"variables or a query, which a RequestRedirect filter "
			"cannot say: it is not converted, and the paths now "
			"reach the backend", s->redirect_uri);
		return;
	}
	if (s->redirect_code >= 304 && s->redirect_code <= 306)
		say(c, ai, DIAG_WARNING, "convert/apisix-redirect",
			"http-redirect-code", "is %d, which a RequestRedirect "
			"filter cannot send: it sends 302", s->redirect_code);
	say(c, ai, DIAG_INFO, "convert/apisix-redirect", "http-redirect",
		"becomes a RequestRedirect filter; APISIX dropped the "
		"request's query string (append_query_string is off), Gateway "
		"API implementations keep it");
}

/* spec.defaultBackend: the controller makes no route of it. */
static void
default_backend(struct conv *c, const struct ax_ing *ai)
{
	const struct ingress *ing = ai->ing;

	if (!ing->has_default_backend)
		return;
	diag_add(c->sink, DIAG_WARNING, "convert/apisix-default-backend",
		conv_pos(c, ing->default_backend.node), "Ingress '%s/%s': the "
		"APISIX Ingress Controller makes no route of "
		"spec.defaultBackend (it translates the rules only), so "
		"requests no rule matched got APISIX's 404; it is not "
		"converted", ing->ns, ing->name);
}

/* ---- equal URIs ----------------------------------------------------------- */

static int
route_cmp(const void *pa, const void *pb)
{
	const struct ax_route *a = pa, *b = pb;
	int r;

	if ((a->host == NULL) != (b->host == NULL))
		return a->host ? 1 : -1;
	if (a->host && (r = strcmp(a->host, b->host)))
		return r;
	if ((r = strcmp(a->uri, b->uri)))
		return r;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static bool
same_place(const struct ax_route *a, const struct ax_route *b)
{
	return !strcmp(a->uri, b->uri) && (a->host == NULL) ==
		(b->host == NULL) && (!a->host || !strcmp(a->host, b->host));
}

/* Two routes of the same host and first URI to other backends: APISIX
 * sorts them by priority (all 0 for Ingresses), an order it does not
 * define. Sorted by host and URI, so that only a group's routes meet. */
static void
compare_routes(struct conv *c)
{
	struct conv_apisix *t = c->apisix;

	if (t->nroutes > 1)
		qsort(t->routes, t->nroutes, sizeof(*t->routes), route_cmp);
	for (size_t g = 0; g < t->nroutes;) {
		size_t e = g + 1;

		while (e < t->nroutes && same_place(&t->routes[g],
		    &t->routes[e]))
			e++;
		for (size_t i = g; i < e; i++)
			for (size_t j = i + 1; j < e; j++) {
				const struct ax_route *a = &t->routes[i],
					*b = &t->routes[j];

				if (a->ing == b->ing ||
				    (!strcmp(a->service, b->service) &&
				    a->port == b->port))
					continue;
				diag_add(c->sink, DIAG_WARNING,
					"convert/apisix-priority",
					conv_pos(c, b->node), "Ingress '%s/%s': "
					"URI '%s' of host '%s' is a route of "
					"Ingress '%s/%s' too, to another backend; "
					"APISIX orders routes of one URI by "
					"priority, equal for every Ingress, so "
					"either answers (Service '%s' or '%s'); "
					"Gateway API picks the older route",
					b->ing->ns, b->ing->name, a->uri,
					a->host ? a->host : "*", a->ing->ns,
					a->ing->name, a->service, b->service);
				diag_add_note(c->sink, conv_pos(c, a->node),
					"the other route");
			}
		g = e;
	}
}

/* ---- provider ------------------------------------------------------------- */

static void
ax_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_apisix *t = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct ax_ing *ai;

		if (!ing || !ax_wants(c, ing))
			continue;
		if (!t) {
			t = xcalloc(1, sizeof(*t));
			t->ings = xcalloc(c->w->ningresses + 1,
				sizeof(*t->ings));
			c->apisix = t;
		}
		ai = arena_alloc(c->a, sizeof(*ai));
		ai->ing = ing;
		ai->key = arena_printf(c->a, "apisix/%s/%s", ing->ns,
			ing->name);
		prov_apisix_parse(&ai->s, c->a, c->w->set, ing->annotations,
			ing->ns, ing->name, c->sink);
		t->ings[ing - c->w->ingresses] = ai;
	}
}

static bool
ax_accept(struct conv *c, const struct ingress *ing)
{
	const struct prov_trace *tr = c->opts->trace;

	if (ax_of(c, ing) && tr && tr->served)
		tr->served(tr->ctx, ing, PROV_SERVED_OTHER);
	return true;
}

static void
ax_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct ax_ing *ai = ax_of(c, ing);

	if (!ai)
		return;
	report_annotations(c, ai);
	cors_filter(c, ai);
	redirect_notes(c, ai, gw);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];

		if (!rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		for (size_t p = 0; p < rule->npaths; p++)
			lower_path(c, gw, ai, rule, &rule->paths[p]);
	}
	default_backend(c, ai);
	strmap_release(&ai->redirects);
}

static void
ax_finish(struct conv *c)
{
	if (c->apisix)
		compare_routes(c);
}

static void
ax_release(struct conv *c)
{
	struct conv_apisix *t = c->apisix;

	if (!t)
		return;
	free(t->ings);
	k8s_objects_release(&t->objs);
	free(t->routes);
	free(t);
	c->apisix = NULL;
}

const struct conv_provider conv_provider_apisix = {
	.name = "apisix",
	.summary = "the Apache APISIX Ingress Controller (v2): its "
		"k8s.apisix.apache.org annotations and APISIX's routing",
	.serves = ax_serves,
	.begin = ax_begin,
	.accept = ax_accept,
	.lower = ax_lower,
	.finish = ax_finish,
	.release = ax_release,
	.shares_lowering = true,
};
