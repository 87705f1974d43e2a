#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "providers/haproxy-common/lower.h"
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
	struct hap_conv st;
};

static const struct hap_lowering lowering;

static bool
hp_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_haproxy_serves(c->w, ing, false);
}

/* ---- annotations said at their line ----------------------------------- */

/* Keys whose lowering is the filters and features (here and in
 * haproxy-common/lower.c). */
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

/* What hap_report_key leaves: server-proto, and keys not converted. */
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
		if (!strcmp(a->key, "server-proto") && hi->s.server_proto &&
		    !strcmp(hi->s.server_proto, "h2")) {
			hap_warn(c, hi->ing, DIAG_WARNING,
				"convert/haproxy-backend-tls", k, "annotation "
				"'%s': HAProxy spoke HTTP/2 to the backends; "
				"set the Service port's appProtocol to "
				"kubernetes.io/h2c (kubernetes.io/h2 with TLS) "
				"for the Gateway to do the same", key);
			continue;
		}
		hap_warn(c, hi->ing, DIAG_WARNING,
			"convert/haproxy-not-converted", k, "annotation '%s' "
			"(%s) is not converted; to keep it: %s", key, a->desc,
			a->gateway);
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
plan_rewrite(struct conv *c, struct hap_ing *hi)
{
	struct prov_hap_settings *s = &hi->s;
	const struct doc_node *at = hap_key_node(hi, "path-rewrite");
	const char *m, *f, *why = NULL;
	unsigned rewrote = 0;	/* the targets whose regex rewrite does it */
	size_t n;

	if (!s->nrewrites)
		return;
	m = s->rewrite_match[0];
	f = s->rewrite_fmt[0];
	if (s->nrewrites > 1) {
		hap_warn(c, hi->ing, DIAG_WARNING,
			"convert/haproxy-path-rewrite", at, "annotation '%s' "
			"has %zu rewrite rules, applied one after the other; "
			"Gateway API has one rewrite a rule: the paths are "
			"routed without rewriting", hap_full_key(hi,
			"path-rewrite"), s->nrewrites);
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
		hap_warn(c, hi->ing, DIAG_INFO,
			"convert/haproxy-path-rewrite", at, "annotation '%s' "
			"becomes ReplacePrefixMatch '%s' on the PathPrefix "
			"'%s' rules of the Ingress; a request for '%s' itself "
			"is rewritten too, which HAProxy's regex left as it "
			"was", hap_full_key(hi, "path-rewrite"), hi->rw_path,
			hi->rw_prefix, hi->rw_prefix);
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
			hap_warn(c, hi->ing, anchored ? DIAG_INFO :
				DIAG_WARNING, "convert/haproxy-path-rewrite",
				at, "annotation '%s' is done by %s, which "
				"matches from the start of the path and "
				"ignores case; HAProxy's replace-path searched "
				"the path case-sensitively%s", hap_full_key(hi,
				"path-rewrite"), hi->rx->desc, anchored ? "" :
				": add '^' or '(.*)' to the regex to match the "
				"same paths");
			conv_only(c, conv_all_targets(c));
			if (rewrote == conv_all_targets(c))
				return;
		}
	}
	conv_only(c, conv_all_targets(c) & ~rewrote);
	hap_warn(c, hi->ing, DIAG_WARNING, "convert/haproxy-path-rewrite", at,
		"annotation '%s' (replace-path '%s' '%s') has no Gateway API "
		"form%s%s: the paths are routed without rewriting, and the "
		"backend now sees the original path",
		hap_full_key(hi, "path-rewrite"), m, f, why ? ": " : "",
		why ? why : "");
	conv_only(c, conv_all_targets(c));
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
	if (s->set_host || (hi->rewrite_std && (hi->rw_kind == IR_PATH_FULL ||
	    (!strcmp(m->type, "PathPrefix") && !strcmp(m->value,
	    hi->rw_prefix))))) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, hap_key_node(hi, s->set_host ?
			"set-host" : "path-rewrite"));

		f->u.rewrite.hostname = s->set_host;
		if (s->set_host)
			f->u.rewrite.hostname_node = hap_key_node(hi,
				"set-host");
		if (hi->rewrite_std && (hi->rw_kind == IR_PATH_FULL ||
		    !strcmp(m->value, hi->rw_prefix))) {
			f->u.rewrite.path_kind = hi->rw_kind;
			f->u.rewrite.path = hi->rw_path;
		}
	}
	if (hi->rx)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_REGEX_REWRITE,
			hap_key_node(hi, "path-rewrite"))->u.regex = *hi->rx;
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
	} else if (n > 1) {
		/* the controller trims one trailing '/' */
		if (p->path[n - 1] == '/')
			m->value = arena_strndup(c->a, p->path, n - 1);
		if (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC)
			hap_warn(c, ing, DIAG_WARNING, "convert/haproxy-prefix",
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
	struct ir_redirect *f;

	if (!path_match(c, hi, p, &m))
		return;
	f = hap_lower_path(c, r, redir, hi, p, &m);
	/* the controller redirects to ssl-redirect-port */
	if (f && prov_hap_is_set(&hi->s, "ssl-redirect-port") &&
	    hi->s.ssl_redirect_port != 443)
		f->port = (int)hi->s.ssl_redirect_port;
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
	if (!l) {
		hap_warn(c, ing, DIAG_WARNING,
			"convert/haproxy-ssl-redirect", at, "HAProxy "
			"redirected HTTP requests for host '%s' to HTTPS (%s), "
			"but the host has no certificate in the input, so "
			"there is no HTTPS listener to redirect to: the routes "
			"keep serving HTTP", ir->host ? ir->host : "*",
			prov_hap_is_set(&hi->s, k) ? "ssl-redirect" :
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
say_redirect(struct conv *c, struct hap_ing *hi)
{
	const struct ingress *ing = hi->ing;

	if (!hi->ssl_redirect || hi->redirect_all)
		return;
	if (!prov_hap_is_set(&hi->s, "ssl-redirect-port"))
		hap_warn(c, ing, DIAG_INFO, "convert/haproxy-ssl-redirect-port",
			prov_hap_is_set(&hi->s, "ssl-redirect") ?
			hap_key_node(hi, "ssl-redirect") : ing->tls[0].node,
			"HAProxy's HTTPS redirect went to port 8443 (the "
			"default of ssl-redirect-port); the redirect now goes "
			"to the Gateway's HTTPS listener on 443");
	else if (hi->s.ssl_redirect_port != 443)
		hap_warn(c, ing, DIAG_INFO,
			"convert/haproxy-ssl-redirect-port",
			hap_key_node(hi, "ssl-redirect-port"), "the HTTPS "
			"redirect keeps port %lld; the Gateway's HTTPS "
			"listener is on 443", hi->s.ssl_redirect_port);
}

static void
hp_begin(struct conv *c, const struct ingress **order, size_t n)
{
	hap_begin(c, &lowering, order, n);
}

/* Whether ing has a key under prefix. */
static bool
has_prefix(const struct ingress *ing, const char *prefix)
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
	struct hap_ing *hi = hap_ing_new(c, &lowering, ing);
	int said = 0;

	if (!conv_provider_fixed(c) && prov_hapi_bare_class(c->w, ing) &&
	    has_prefix(ing, "ingress.kubernetes.io/"))
		hap_warn(c, ing, DIAG_INFO, "convert/haproxy-ingress-class",
			ing->class_source == ING_CLASS_ANNOTATION ?
			ing->class_annotation_node : ing->class_field_node,
			"class 'haproxy' without an IngressClass is the "
			"default of both HAProxy controllers; with "
			"ingress.kubernetes.io/ keys and no "
			"haproxy-ingress.github.io/ ones, it is converted as "
			"the HAProxy Kubernetes Ingress Controller's");
	report_annotations(c, hi);
	hap_access_lists(c, hi);
	hap_snippet(c, hi);
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
		if (!(ir->host && conv_https_listener(gw, ir->host)) &&
		    !(ir->host && conv_is_passthrough(gw, ir->host)) &&
		    !strmap_get(&hi->st->no_cert, ir->host ? ir->host : "*")) {
			strmap_put(&hi->st->no_cert, ir->host ? ir->host : "*",
				(void *)1);
			hap_warn(c, ing, DIAG_INFO,
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
		hap_default_backend(c, gw, hi);
	if (hap_wants_passthrough(c, &lowering, ing, &hi->s))
		hap_passthrough(c, gw, hi);
}

static struct hap_conv *
state(struct conv *c)
{
	if (!c->haproxy)
		c->haproxy = xcalloc(1, sizeof(*c->haproxy));
	return &c->haproxy->st;
}

static void
hp_release(struct conv *c)
{
	if (!c->haproxy)
		return;
	hap_conv_release(&c->haproxy->st);
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

static const struct hap_lowering lowering = {
	.provider = &conv_provider_haproxy,
	.state = state,
	.parse = prov_haproxy_parse,
	.add_filters = add_filters,
	.allow_key = "allow-list",
	.deny_key = "deny-list",
	.snippet_key = "backend-config-snippet",
	.lb_key = "load-balance",
	.rate_key = "rate-limit-requests",
	.svc_cookie_key = "cookie-persistence",
	.server_ssl_key = "server-ssl",
	.server_proto_key = "server-proto",
	.req_headers_key = "request-set-header",
	.res_headers_key = "response-set-header",
	.redirect_key = "request-redirect",
	.rule_invalid = "convert/haproxy-annotation-invalid",
	.rule_snippet = "convert/haproxy-config-snippet",
	.rule_cors = "convert/haproxy-cors",
	.rule_header_expr = "convert/haproxy-header-expression",
	.rule_tuning = "convert/haproxy-tuning",
	.rule_backend_tls = "convert/haproxy-backend-tls",
	.rule_not_converted = "convert/haproxy-not-converted",
	.rule_duplicate_path = "convert/haproxy-duplicate-path",
	.rule_default_backend = "convert/haproxy-default-backend",
	.rule_passthrough = "convert/haproxy-passthrough",
};
