#include "compat.h"
#include "convert/conv_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "providers/haproxy-common/lower.h"
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
	struct hap_conv st;
};

static const struct hap_lowering lowering;

static bool
hp_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_hapi_serves(c->w, ing, false);
}

/* ---- access control and features -------------------------------------- */

static void
access_control(struct conv *c, struct hap_ing *hi)
{
	const struct prov_hap_settings *s = &hi->s;

	hap_access_lists(c, hi);
	if (s->auth_url)
		hap_close_paths(c, hi, "auth-url", "external "
			"authentication: the request passes when the URL "
			"answers 2xx; no policy is written for it", true);
	if (s->oauth)
		hap_close_paths(c, hi, "oauth", "a session of the OAuth2 "
			"proxy; no policy is written for it", true);
	if (s->waf)
		hap_close_paths(c, hi, "waf", "a ModSecurity agent's verdict",
			true);
	if (prov_hap_is_set(s, "auth-tls-secret"))
		hap_close_paths(c, hi, "auth-tls-secret", "client certificates "
			"signed by a CA, which a route cannot require", true);
	hap_snippet(c, hi);
}

/* ---- annotations said at their line ----------------------------------- */

/* Keys whose lowering is the filters and features (here and in
 * haproxy-common/lower.c). */
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

/* What hap_report_key leaves: backend-protocol, and keys not converted
 * (CORS keys do nothing without cors-enable). */
static void
report_annotations(struct conv *c, struct hap_ing *hi)
{
	const struct doc_node *k;
	const struct prov_annotation *a;

	for (size_t i = 0; i < doc_len(hi->ing->annotations); i++) {
		const char *key;

		if (!hap_report_key(c, hi, i, lowered, &k, &a))
			continue;
		key = doc_str(k);
		if (!strcmp(a->key, "backend-protocol") &&
		    (hi->s.server_ssl || hi->s.server_proto)) {
			hap_warn(c, hi->ing, DIAG_WARNING,
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
		if (!strncmp(a->key, "cors-", 5) && !hi->s.cors_enable)
			continue;	/* off without cors-enable */
		hap_warn(c, hi->ing, DIAG_WARNING,
			"convert/haproxy-ingress-not-converted", k,
			"annotation '%s' (%s) is not converted; to keep it: "
			"%s", key, a->desc, a->gateway);
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- filters ------------------------------------------------------------ */


/* rewrite-target: the matched prefix replaced (every path type but
 * regex); a regex path keeps its path (said). */
static void
plan_rewrite(struct conv *c, struct hap_ing *hi)
{
	if (!hi->s.rewrite_target)
		return;
	if (!strcmp(hi->s.path_type, "regex"))
		hap_warn(c, hi->ing, DIAG_WARNING,
			"convert/haproxy-ingress-rewrite-target",
			hap_key_node(hi, "rewrite-target"), "annotation '%s': "
			"HAProxy replaced the part of the path its regex "
			"matched; a RegularExpression match has no standard "
			"rewrite of that part: the paths are routed without "
			"rewriting", hap_full_key(hi, "rewrite-target"));
	else
		hi->rewrite_std = true;
}

/* The filters of one rule of the Ingress. */
static void
add_filters(struct conv *c, struct hap_ing *hi, struct rule *rule,
	const struct match *m)
{
	const struct prov_hap_settings *s = &hi->s;

	if (hi->redirect_all) {
		hap_redirect_filter(c, hi, rule);
		return;
	}
	if (hi->cors)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_CORS,
			hap_key_node(hi, "cors-enable"))->u.cors = hi->cors;
	hap_add_headers(c, hi, rule, false);
	if (hi->rewrite_std && (!strcmp(m->type, "PathPrefix") ||
	    !strcmp(m->type, "Exact"))) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, hap_key_node(hi,
			"rewrite-target"));

		f->u.rewrite.path_kind = !strcmp(m->type, "Exact") ?
			IR_PATH_FULL : IR_PATH_PREFIX;
		f->u.rewrite.path = s->rewrite_target;
	}
	hap_add_headers(c, hi, rule, true);
}

/* ---- paths ------------------------------------------------------------- */

/* The Gateway API match of a path, and what differs. */
static bool
path_match(struct conv *c, struct hap_ing *hi, const struct ing_path *p,
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
		hap_warn(c, ing, DIAG_WARNING,
			"convert/haproxy-ingress-path-regex", where, "path "
			"'%s' is a regex (path-type regex): HAProxy searched "
			"it anywhere in the path unless anchored with '^'; a "
			"RegularExpression match is implementation-specific "
			"(most match the whole path)", p->path);
	} else if (!strcmp(hi->s.path_type, "prefix")) {
		if (n > 1 && p->path[n - 1] == '/')
			m->value = arena_strndup(c->a, p->path, n - 1);
	} else if (n > 1 && p->path[n - 1] != '/') {
		hap_warn(c, ing, DIAG_WARNING, "convert/haproxy-ingress-prefix",
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
		hap_warn(c, ing, DIAG_ERROR, "convert/invalid-path", where,
			"path '%s' is not a valid Gateway API %s value (%s); "
			"it is left out", p->path, m->type, why);
		return false;
	}
	return true;
}

static void
lower_path(struct conv *c, struct route *r, struct route *redir,
	struct hap_ing *hi, const struct ing_path *p)
{
	struct match m = { 0 };

	if (path_match(c, hi, p, &m))
		(void)hap_lower_path(c, r, redir, hi, p, &m);
}

/* app-root: '/' itself answers 302 to the path (the host's first
 * Ingress with it). */
static void
app_root(struct conv *c, struct route *r, struct route *redir,
	struct hap_ing *hi)
{
	struct match m = { .type = "Exact", .value = "/",
		.node = hap_key_node(hi, "app-root") };
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
redirect_route(struct conv *c, struct gateway *gw, struct hap_ing *hi,
	struct route *r, const struct ing_rule *ir)
{
	const struct ingress *ing = hi->ing;
	const struct listener *l;
	struct route *redir;
	const char *k = "ssl-redirect";
	const struct doc_node *at = prov_hap_is_set(&hi->s, k) ?
		hap_key_node(hi, k) : ing->ntls ? ing->tls[0].node : NULL;

	if (!hi->ssl_redirect || hi->redirect_all)
		return NULL;
	l = ir->host ? conv_https_listener(gw, ir->host) : NULL;
	if (!l && !prov_hap_is_set(&hi->s, k) && !in_tls(ing, ir->host))
		return NULL;	/* only hosts of a tls section redirect */
	if (!l) {
		hap_warn(c, ing, DIAG_WARNING,
			"convert/haproxy-ingress-ssl-redirect", at, "HAProxy "
			"redirected HTTP requests for host '%s' to HTTPS (%s), "
			"but the host has no certificate in the input, so "
			"there is no HTTPS listener to redirect to: the routes "
			"keep serving HTTP", ir->host ? ir->host : "*",
			prov_hap_is_set(&hi->s, k) ? "ssl-redirect" :
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
hp_begin(struct conv *c, const struct ingress **order, size_t n)
{
	hap_begin(c, &lowering, order, n);
}

static void
hp_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct hap_ing *hi = hap_ing_new(c, &lowering, ing);

	if (prov_hapi_bare_class(c->w, ing) && !conv_provider_fixed(c))
		hap_warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-class",
			ing->class_source == ING_CLASS_ANNOTATION ?
			ing->class_annotation_node : ing->class_field_node,
			"class 'haproxy' without an IngressClass is the "
			"default of both HAProxy Ingress and the HAProxy "
			"Kubernetes Ingress Controller; the Ingress has "
			"haproxy-ingress.github.io/ keys, so it is converted "
			"as HAProxy Ingress's");
	report_annotations(c, hi);
	access_control(c, hi);
	hap_rate_limit(c, hi);
	if (!hi->redirect_all) {
		plan_rewrite(c, hi);
		hap_plan_cors(c, hi);
		hap_say_dynamic_headers(c, hi, false);
		hap_say_dynamic_headers(c, hi, true);
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
		for (size_t j = 0; j < ir->npaths; j++)
			lower_path(c, r, redir, hi, &ir->paths[j]);
	}
	if (ing->has_default_backend)
		hap_default_backend(c, gw, hi);
	if (hap_wants_passthrough(c, &lowering, ing, &hi->s))
		hap_passthrough(c, gw, hi);
}

static struct hap_conv *
state(struct conv *c)
{
	if (!c->hapi)
		c->hapi = xcalloc(1, sizeof(*c->hapi));
	return &c->hapi->st;
}

static void
hp_release(struct conv *c)
{
	if (!c->hapi)
		return;
	hap_conv_release(&c->hapi->st);
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

static const struct hap_lowering lowering = {
	.provider = &conv_provider_hapi,
	.state = state,
	.parse = prov_hapi_parse,
	.add_filters = add_filters,
	.allow_key = "allowlist-source-range",
	.deny_key = "denylist-source-range",
	.snippet_key = "config-backend",
	.lb_key = "balance-algorithm",
	.rate_key = "limit-rps",
	.svc_cookie_key = "session-cookie-name",
	.server_ssl_key = "secure-backends",
	.server_proto_key = "backend-protocol",
	.req_headers_key = "request-set-headers",
	.res_headers_key = "response-set-headers",
	.redirect_key = "redirect-to",
	.rule_invalid = "convert/haproxy-ingress-annotation-invalid",
	.rule_snippet = "convert/haproxy-ingress-config-snippet",
	.rule_cors = "convert/haproxy-ingress-cors",
	.rule_header_expr = "convert/haproxy-ingress-header-expression",
	.rule_tuning = "convert/haproxy-ingress-tuning",
	.rule_backend_tls = "convert/haproxy-ingress-backend-tls",
	.rule_not_converted = "convert/haproxy-ingress-not-converted",
	.rule_duplicate_path = "convert/haproxy-ingress-duplicate-path",
	.rule_default_backend = "convert/haproxy-ingress-default-backend",
	.rule_passthrough = "convert/haproxy-ingress-passthrough",
};
