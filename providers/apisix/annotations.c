#include "compat.h"
#include "providers/apisix/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"
#include "targets/target.h"

/*
 * Facts: apache/apisix-ingress-controller v2.2
 * internal/adc/translator/annotations/types.go (the keys and the
 * extractor: GetBoolAnnotation is `== "true"`, GetStringsAnnotation splits
 * on ',' and trims), annotations/upstream/upstream.go (one parse for the
 * scheme, retries and timeouts), annotations/plugins/ (one handler per
 * plugin; a failing handler is skipped), annotations.go, ingress.go
 * (buildRouteFromIngressPath, resolveIngressUpstream), and
 * docs/en/latest/reference/annotations.md.
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define MED PROV_RISK_MEDIUM
#define ING PROV_SCOPE_INGRESS
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE
#define GRP PROV_INVALID_GROUP

#define K(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_apisix_settings, fld), .scope = ING

static prov_parse_fn ax_parse_bool;
static prov_parse_fn ax_parse_text;
static prov_parse_fn ax_parse_list;
static prov_parse_fn ax_parse_int;
static prov_parse_fn ax_parse_timeout;
static prov_parse_fn ax_parse_scheme;
static prov_parse_fn ax_parse_auth;
static prov_parse_fn ax_parse_code;
static prov_parse_fn ax_parse_not_false;

static const char *const v_scheme[] = { "http", "https", "grpc", "grpcs",
	NULL };
static const char *const v_auth[] = { "basicAuth", "keyAuth", NULL };

static const char *const apisix_prefixes[] = { PROV_APISIX_PREFIX, NULL };

static const struct prov_annotation apisix_table[] = {
	/* ---- routing ---- */
	{ K("use-regex", PROV_KIND_BOOL, use_regex, ax_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "ImplementationSpecific paths are PCRE regular expressions "
		"searched in the uri (the route matches '/*' and a vars "
		"condition)",
	  .gateway = "path match RegularExpression (implementation-specific "
		"syntax, on the whole path)",
	  .std = "path match RegularExpression" },
	{ K("enable-websocket", PROV_KIND_BOOL, websocket, ax_parse_bool),
	  .def = "false", .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "proxy WebSocket upgrades on the routes (also on for a "
		"Service port of appProtocol ws or wss)",
	  .gateway = "none: Gateway implementations pass upgrades" },
	{ K("plugin-config-name", PROV_KIND_OBJREF, plugin_config,
		ax_parse_text),
	  .cls = C_, .risk = MED, .on_invalid = IGN,
	  .desc = "ApisixPluginConfig of the Ingress's namespace whose plugins "
		"run on the routes (a missing one adds none)",
	  .gateway = "not carried: each plugin is named; one that checks "
		"access closes the routes (error); filters or the "
		"implementation's policies by hand otherwise" },
	{ K("upstream-scheme", PROV_KIND_ENUM, scheme, ax_parse_scheme),
	  .values = v_scheme, .def = "http", .cls = A_, .risk = LOW,
	  .on_invalid = GRP,
	  .desc = "protocol to the backends: http, https, grpc or grpcs "
		"(another value drops the upstream group)",
	  .gateway = "https, grpcs: BackendTLSPolicy (written by hand: the CA "
		"and name to verify); grpc: GRPCRoute, or the Service port's "
		"appProtocol kubernetes.io/h2c" },
	{ K("upstream-retries", PROV_KIND_INT, retries, ax_parse_int),
	  .def = "(APISIX: the number of endpoints)", .cls = B_, .risk = LOW,
	  .on_invalid = GRP,
	  .desc = "retries to other endpoints of the upstream",
	  .gateway = "HTTPRoute rule retry (experimental) or the "
		"implementation's policy",
	  .feature = IR_FEAT_RETRY },
	{ K("upstream-connect-timeout", PROV_KIND_SECONDS, timeout_connect,
		ax_parse_timeout),
	  .def = "60s", .cls = B_, .risk = LOW, .on_invalid = GRP,
	  .desc = "connect timeout to the backends, seconds (\"5\" or \"5s\")",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy "
		"timeout.tcp.connectTimeout)",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("upstream-read-timeout", PROV_KIND_SECONDS, timeout_read,
		ax_parse_timeout),
	  .def = "60s", .cls = B_, .risk = LOW, .on_invalid = GRP,
	  .desc = "timeout between two reads from the backend, seconds",
	  .gateway = "the implementation's policy (an idle timeout); "
		"timeouts.backendRequest bounds the whole response",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("upstream-send-timeout", PROV_KIND_SECONDS, timeout_send,
		ax_parse_timeout),
	  .def = "60s", .cls = CP, .risk = LOW, .on_invalid = GRP,
	  .desc = "timeout between two writes to the backend, seconds",
	  .gateway = "none (the implementation's idle timeout)" },
	/* ---- cors plugin ---- */
	{ K("enable-cors", PROV_KIND_BOOL, cors, ax_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "the cors plugin: APISIX answers preflights and adds the "
		"CORS headers",
	  .gateway = "HTTPRoute CORS filter", .std = "CORS filter",
	  .construct = TGT_C_CORS },
	{ K("cors-allow-origin", PROV_KIND_ORIGIN_LIST, cors_origin,
		ax_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "allowed origins, comma-separated (\"**\": any, with "
		"credentials)",
	  .gateway = "CORS filter allowOrigins",
	  .std = "CORS filter allowOrigins", .construct = TGT_C_CORS },
	{ K("cors-allow-headers", PROV_KIND_HEADER_LIST, cors_headers,
		ax_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "allowed request headers, comma-separated",
	  .gateway = "CORS filter allowHeaders",
	  .std = "CORS filter allowHeaders", .construct = TGT_C_CORS },
	{ K("cors-allow-methods", PROV_KIND_LIST, cors_methods, ax_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "allowed methods, comma-separated",
	  .gateway = "CORS filter allowMethods",
	  .std = "CORS filter allowMethods", .construct = TGT_C_CORS },
	/* ---- csrf plugin ---- */
	{ K("enable-csrf", PROV_KIND_BOOL, csrf, ax_parse_bool),
	  .def = "false", .cls = C_, .risk = MED, .on_invalid = IGN,
	  .desc = "the csrf plugin: unsafe methods need the token of its "
		"cookie in a header (401 otherwise); needs csrf-key",
	  .gateway = "none: an implementation's policy or the application; "
		"the routes are closed (error)" },
	{ K("csrf-key", PROV_KIND_STRING, csrf_key, ax_parse_text),
	  .cls = C_, .risk = MED, .on_invalid = GRP,
	  .desc = "the secret the csrf plugin signs its tokens with",
	  .gateway = "none" },
	/* ---- redirect plugin ---- */
	{ K("http-to-https", PROV_KIND_BOOL, http_to_https, ax_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "redirect plain HTTP requests to https://$host$request_uri "
		"(301)",
	  .gateway = "RequestRedirect filter (scheme https, 301) on the HTTP "
		"listener",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ K("http-redirect", PROV_KIND_URL, redirect_uri, ax_parse_text),
	  .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "redirect every request to this URI (APISIX variables such "
		"as $uri are expanded; the query string is dropped)",
	  .gateway = "RequestRedirect filter (scheme, hostname, port, "
		"ReplaceFullPath) when the URI has no variables",
	  .std = "RequestRedirect filter (ReplaceFullPath)",
	  .construct = TGT_C_PATH_REDIRECT },
	{ K("http-redirect-code", PROV_KIND_INT, redirect_code, ax_parse_code),
	  .def = "301", .cls = A_, .risk = LOW, .on_invalid = DEF,
	  .desc = "status of http-redirect, 301 to 308 (else 301)",
	  .gateway = "RequestRedirect statusCode (301, 302, 303, 307, 308)",
	  .std = "RequestRedirect statusCode" },
	/* ---- proxy-rewrite plugin ---- */
	{ K("rewrite-target", PROV_KIND_PATH, rewrite_target, ax_parse_text),
	  .cls = A_, .risk = LOW, .on_invalid = GRP,
	  .desc = "the path sent to the backend, in place of the request's "
		"(the query string is kept)",
	  .gateway = "URLRewrite filter (ReplaceFullPath)",
	  .std = "URLRewrite filter (ReplaceFullPath)",
	  .construct = TGT_C_PATH_REWRITE },
	{ K("rewrite-target-regex", PROV_KIND_REGEX, rewrite_regex,
		ax_parse_text),
	  .cls = A_, .risk = LOW, .on_invalid = GRP,
	  .desc = "a regex on the uri replaced by the template (regex_uri; "
		"one that does not compile drops the proxy-rewrite plugin)",
	  .gateway = "URLRewrite filter (ReplacePrefixMatch) when the regex "
		"replaces the route's prefix; an implementation's regex "
		"rewrite otherwise",
	  .std = "URLRewrite filter (ReplacePrefixMatch)",
	  .construct = TGT_C_PATH_REWRITE },
	{ K("rewrite-target-regex-template", PROV_KIND_PATH, rewrite_template,
		ax_parse_text),
	  .cls = A_, .risk = LOW, .on_invalid = GRP,
	  .desc = "the replacement of rewrite-target-regex ($1... its "
		"captures)",
	  .gateway = "URLRewrite filter (ReplacePrefixMatch) when it is the "
		"new prefix and $1",
	  .std = "URLRewrite filter (ReplacePrefixMatch)",
	  .construct = TGT_C_PATH_REWRITE },
	/* ---- response-rewrite plugin ---- */
	{ K("enable-response-rewrite", PROV_KIND_BOOL, response_rewrite,
		ax_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "the response-rewrite plugin: the response-rewrite-* keys "
		"apply",
	  .gateway = "ResponseHeaderModifier filter for the headers; the "
		"status and body: none",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("response-rewrite-status-code", PROV_KIND_INT, rr_status,
		ax_parse_int),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "the status the client gets in place of the backend's",
	  .gateway = "none" },
	{ K("response-rewrite-body", PROV_KIND_STRING, rr_body, ax_parse_text),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "the body the client gets in place of the backend's",
	  .gateway = "none" },
	{ K("response-rewrite-body-base64", PROV_KIND_BOOL, rr_body_base64,
		ax_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "response-rewrite-body is base64 (decoded before sending)",
	  .gateway = "none" },
	{ K("response-rewrite-add-header", PROV_KIND_LIST, rr_add,
		ax_parse_list),
	  .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "response headers added, \"Name:value\" comma-separated",
	  .gateway = "ResponseHeaderModifier add (written as set: warn)",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("response-rewrite-set-header", PROV_KIND_LIST, rr_set,
		ax_parse_list),
	  .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "response headers set, \"Name:value\" comma-separated",
	  .gateway = "ResponseHeaderModifier set",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("response-rewrite-remove-header", PROV_KIND_HEADER_LIST, rr_remove,
		ax_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "response headers removed, comma-separated",
	  .gateway = "ResponseHeaderModifier remove (not carried: write it by "
		"hand)" },
	/* ---- forward-auth plugin ---- */
	{ K("auth-uri", PROV_KIND_URL, auth_uri, ax_parse_text),
	  .cls = B_, .risk = MED, .on_invalid = IGN,
	  .desc = "the forward-auth plugin: every request is first sent to "
		"this URI; a status other than 2xx is the answer",
	  .gateway = "the implementation's external authorization (EG "
		"SecurityPolicy extAuth); without it the routes are closed "
		"(error)",
	  .feature = IR_FEAT_EXT_AUTH },
	{ K("auth-ssl-verify", PROV_KIND_BOOL, auth_ssl_verify,
		ax_parse_not_false),
	  .def = "true", .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "verify the certificate of an https auth-uri (\"false\": "
		"do not)",
	  .gateway = "the external authorization's TLS settings" },
	{ K("auth-request-headers", PROV_KIND_HEADER_LIST,
		auth_request_headers, ax_parse_list),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "request headers sent to auth-uri",
	  .gateway = "the external authorization's allowed request headers" },
	{ K("auth-upstream-headers", PROV_KIND_HEADER_LIST,
		auth_upstream_headers, ax_parse_list),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "headers of the auth answer passed to the backend",
	  .gateway = "the external authorization's headersToBackend" },
	{ K("auth-client-headers", PROV_KIND_HEADER_LIST, auth_client_headers,
		ax_parse_list),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "headers of a failed auth answer passed to the client",
	  .gateway = "the external authorization's settings" },
	/* ---- ip-restriction plugin ---- */
	{ K("allowlist-source-range", PROV_KIND_CIDR_LIST, allowlist,
		ax_parse_list),
	  .cls = B_, .risk = MED, .on_invalid = IGN,
	  .desc = "client addresses allowed (IPs and CIDRs, comma-separated); "
		"others get 403",
	  .gateway = "the implementation's policy (EG SecurityPolicy "
		"authorization); without it the routes are closed (error)",
	  .feature = IR_FEAT_IP_ACCESS },
	{ K("blocklist-source-range", PROV_KIND_CIDR_LIST, blocklist,
		ax_parse_list),
	  .cls = B_, .risk = MED, .on_invalid = IGN,
	  .desc = "client addresses denied (IPs and CIDRs, comma-separated)",
	  .gateway = "the implementation's policy (EG SecurityPolicy "
		"authorization); without it the routes are closed (error)",
	  .feature = IR_FEAT_IP_ACCESS },
	/* ---- fault-injection plugin (methods) ---- */
	{ K("http-allow-methods", PROV_KIND_LIST, allow_methods,
		ax_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "only these methods reach the backend; others get 405 "
		"(wins over http-block-methods)",
	  .gateway = "not carried: HTTPRoute method matches (a rule per "
		"method) do it by hand; other methods then get 404" },
	{ K("http-block-methods", PROV_KIND_LIST, block_methods,
		ax_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "these methods get 405",
	  .gateway = "not carried: no Gateway API match excludes a method" },
	/* ---- basic-auth and key-auth plugins ---- */
	{ K("auth-type", PROV_KIND_ENUM, auth_type, ax_parse_auth),
	  .values = v_auth, .cls = C_, .risk = MED, .on_invalid = IGN,
	  .desc = "basicAuth or keyAuth: the basic-auth or key-auth plugin, "
		"with the credentials of the ApisixConsumers",
	  .gateway = "none standard: the implementation's policy (EG "
		"SecurityPolicy basicAuth, apiKeyAuth) with the consumers' "
		"credentials in a Secret; the routes are closed (error)" },
	/* ---- backends ---- */
	{ K("svc-namespace", PROV_KIND_STRING, svc_namespace, ax_parse_text),
	  .cls = C_, .risk = LOW, .on_invalid = IGN,
	  .desc = "the namespace of the backend Services, in place of the "
		"Ingress's",
	  .gateway = "backendRefs namespace with a ReferenceGrant (written by "
		"hand: the paths are left out)" },
};

const struct prov_provider prov_apisix_provider = {
	.name = "apisix",
	.prefixes = apisix_prefixes,
	.table = apisix_table,
	.count = ARRAY_LEN(apisix_table),
	.nkeys = ARRAY_LEN(apisix_table),
};

/* ---- parsers ------------------------------------------------------------ */

/* GetBoolAnnotation: exactly "true". */
static int
ax_parse_bool(struct prov_value *v, void *dst)
{
	*(bool *)dst = !strcmp(v->text, "true");
	if (strcmp(v->text, "true") && strcmp(v->text, "false"))
		v->note = "the controller takes only \"true\" as true: this "
			"value is false";
	return 0;
}

/* auth-ssl-verify: anything but "false" is true. */
static int
ax_parse_not_false(struct prov_value *v, void *dst)
{
	*(bool *)dst = strcmp(v->text, "false") != 0;
	if (strcmp(v->text, "true") && strcmp(v->text, "false"))
		v->note = "the controller takes anything but \"false\" as "
			"true: this value is true";
	return 0;
}

/* GetStringAnnotation: as written; "" is as absent. */
static int
ax_parse_text(struct prov_value *v, void *dst)
{
	*(const char **)dst = *v->text ? v->text : NULL;
	return 0;
}

void
prov_apisix_split(struct arena *arena, const char *text,
	struct prov_strlist *l)
{
	const char *p = text;
	size_t n = 1, k = 0;

	for (const char *q = p; *q; q++)
		n += *q == ',';
	l->v = arena_alloc(arena, n * sizeof(*l->v));
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *s = p, *e = p + len;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s && k < n)
			l->v[k++] = arena_strndup(arena, s, (size_t)(e - s));
		p += len;
		if (!*p)
			break;
		p++;
	}
	l->len = k;
}

/* GetStringsAnnotation: split on ',', items trimmed, empty ones dropped. */
static int
ax_parse_list(struct prov_value *v, void *dst)
{
	prov_apisix_split(v->arena, v->text, dst);
	return 0;
}

/* strconv.Atoi. */
static int
ax_parse_int(struct prov_value *v, void *dst)
{
	long long n;

	if (!prov_str_int(v->text, &n)) {
		v->why = "not an integer";
		return ERR_INVALID;
	}
	*(long long *)dst = n;
	return 0;
}

/* strings.TrimSuffix(value, "s"), then strconv.Atoi. */
static int
ax_parse_timeout(struct prov_value *v, void *dst)
{
	size_t n = strlen(v->text);
	char *t = arena_strndup(v->arena, v->text, n);
	long long s;

	if (n && t[n - 1] == 's')
		t[n - 1] = '\0';
	if (!prov_str_int(t, &s)) {
		v->why = "not a number of seconds (\"5\" or \"5s\")";
		return ERR_INVALID;
	}
	*(long long *)dst = s;
	return 0;
}

/* strings.ToLower, then one of values[]. */
static int
ax_parse_scheme(struct prov_value *v, void *dst)
{
	int i = 0;

	for (const char *const *p = v->ann->values; *p; p++, i++)
		if (!strcasecmp(*p, v->text)) {
			*(int *)dst = i;
			return 0;
		}
	v->why = "not http, https, grpc or grpcs";
	return ERR_INVALID;
}

/* "basicAuth" or "keyAuth", exactly; else no plugin. */
static int
ax_parse_auth(struct prov_value *v, void *dst)
{
	int i = 0;

	*(int *)dst = PROV_APISIX_AUTH_NONE;
	for (const char *const *p = v->ann->values; *p; p++, i++)
		if (!strcmp(*p, v->text)) {
			*(int *)dst = i;
			return 0;
		}
	v->note = "not basicAuth or keyAuth (exactly): no authentication "
		"plugin is added";
	return 0;
}

/* strconv.Atoi, 0 on failure; outside 301..308: 301. */
static int
ax_parse_code(struct prov_value *v, void *dst)
{
	long long n = 0;

	if (!prov_str_int(v->text, &n))
		n = 0;
	if (n < 301 || n > 308) {
		v->note = "not a status from 301 to 308: the controller uses "
			"301";
		n = 301;
	}
	*(int *)dst = (int)n;
	return 0;
}

/* ---- keys --------------------------------------------------------------- */

size_t
prov_apisix_index(const struct prov_annotation *a)
{
	return (size_t)(a - apisix_table);
}

const struct prov_annotation *
prov_apisix_lookup(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_LEN(apisix_table); i++)
		if (!strcmp(apisix_table[i].key, key))
			return &apisix_table[i];
	return NULL;
}

const struct prov_apisix_slot *
prov_apisix_slot(const struct prov_apisix_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_apisix_lookup(key);

	return a ? &s->slots[prov_apisix_index(a)] : NULL;
}

static const char *
closest_key(const char *key)
{
	const char *best = NULL;
	size_t bestd = 4;

	for (size_t i = 0; i < ARRAY_LEN(apisix_table); i++) {
		size_t d = similar_distance(key, apisix_table[i].key);

		if (d < bestd) {
			bestd = d;
			best = apisix_table[i].key;
		}
	}
	return best;
}

/* ---- the parse ----------------------------------------------------------- */

struct px {
	struct prov_apisix_settings *s;
	const struct doc_set *set;
	const char *ns, *name;
	struct diag_sink *sink;
};

static void
say(struct px *x, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
	ING2GW_PRINTF(5, 6);

static void
say(struct px *x, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!x->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(x->sink, sev, rule, doc_pos(x->set, at), "Ingress '%s/%s': "
		"%s", x->ns, x->name, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

static struct prov_apisix_slot *
slot(struct prov_apisix_settings *s, const char *key)
{
	return &s->slots[prov_apisix_index(prov_apisix_lookup(key))];
}

static bool
is_set(struct prov_apisix_settings *s, const char *key)
{
	return slot(s, key)->state == PROV_APISIX_SET;
}

/* A key in effect that has none: said at its line. */
static void
ignore(struct px *x, const char *key, const char *why)
{
	struct prov_apisix_slot *sl = slot(x->s, key);

	if (sl->state != PROV_APISIX_SET)
		return;
	sl->state = PROV_APISIX_IGNORED;
	say(x, DIAG_INFO, "convert/apisix-annotation-ignored", sl->key_node,
		"annotation '%s' has no effect: %s", sl->key, why);
}

static void
upstream_group(struct px *x)
{
	static const char *const keys[] = { "upstream-scheme",
		"upstream-retries", "upstream-connect-timeout",
		"upstream-read-timeout", "upstream-send-timeout" };
	struct prov_apisix_settings *s = x->s;

	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (slot(s, keys[i])->state == PROV_APISIX_FAILED &&
		    !s->upstream_failed) {
			s->upstream_failed = true;
			s->upstream_fail_key = slot(s, keys[i])->key;
		}
	if (!s->upstream_failed)
		return;
	s->scheme = -1;
	s->retries = s->timeout_connect = s->timeout_read =
		s->timeout_send = 0;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		ignore(x, keys[i], "the controller drops the upstream "
			"settings as a whole when one of them does not parse");
}

static void
plugins(struct px *x)
{
	struct prov_apisix_settings *s = x->s;
	struct prov_apisix_slot *sl;

	if (!s->cors) {
		ignore(x, "cors-allow-origin", "enable-cors is not \"true\"");
		ignore(x, "cors-allow-headers", "enable-cors is not \"true\"");
		ignore(x, "cors-allow-methods", "enable-cors is not \"true\"");
	}
	sl = slot(s, "enable-csrf");
	if (s->csrf && !s->csrf_key) {
		s->csrf = false;
		sl->state = PROV_APISIX_FAILED;
		say(x, DIAG_WARNING, "convert/apisix-annotation-invalid",
			sl->key_node, "annotation '%s' is true without "
			"csrf-key: the controller's webhook rejects the Ingress, "
			"and without the webhook the csrf plugin is left out",
			sl->key);
	} else if (!s->csrf) {
		ignore(x, "csrf-key", "enable-csrf is not \"true\"");
	}
	if (s->http_to_https) {
		s->redirect_uri = NULL;
		ignore(x, "http-redirect", "http-to-https comes first");
		ignore(x, "http-redirect-code", "http-to-https comes first "
			"(301)");
	} else if (!s->redirect_uri) {
		ignore(x, "http-redirect-code", "there is no http-redirect");
	}
	if (!is_set(s, "http-redirect-code"))
		s->redirect_code = 301;
	/* proxy-rewrite: the regex and its template go together */
	if (s->rewrite_regex && s->rewrite_template) {
		int err;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)s->rewrite_regex,
			PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);

		if (!re) {
			sl = slot(s, "rewrite-target-regex");
			sl->state = PROV_APISIX_FAILED;
			say(x, DIAG_WARNING, "convert/apisix-annotation-invalid",
				sl->key_node, "annotation '%s' does not compile "
				"as a regular expression: the controller leaves "
				"the proxy-rewrite plugin out, rewrite-target "
				"included", sl->key);
			s->rewrite_regex = s->rewrite_template = NULL;
			ignore(x, "rewrite-target-regex-template", "its regex "
				"does not compile");
			ignore(x, "rewrite-target", "the proxy-rewrite plugin "
				"is left out");
			s->rewrite_target = NULL;
		} else {
			pcre2_code_free(re);
		}
	} else if (s->rewrite_regex || s->rewrite_template) {
		s->rewrite_regex = s->rewrite_template = NULL;
		ignore(x, "rewrite-target-regex", "it needs "
			"rewrite-target-regex-template too");
		ignore(x, "rewrite-target-regex-template", "it needs "
			"rewrite-target-regex too");
	}
	if (s->rewrite_target && s->rewrite_regex) {
		ignore(x, "rewrite-target-regex", "rewrite-target (the "
			"plugin's uri) comes before regex_uri");
		ignore(x, "rewrite-target-regex-template", "rewrite-target "
			"comes before regex_uri");
		s->rewrite_regex = s->rewrite_template = NULL;
	}
	s->rewrite = s->rewrite_target || s->rewrite_regex;
	if (!s->response_rewrite) {
		static const char *const keys[] = {
			"response-rewrite-status-code", "response-rewrite-body",
			"response-rewrite-body-base64",
			"response-rewrite-add-header",
			"response-rewrite-set-header",
			"response-rewrite-remove-header" };

		for (size_t i = 0; i < ARRAY_LEN(keys); i++)
			ignore(x, keys[i], "enable-response-rewrite is not "
				"\"true\"");
	}
	if (!s->auth_uri) {
		static const char *const keys[] = { "auth-ssl-verify",
			"auth-request-headers", "auth-upstream-headers",
			"auth-client-headers" };

		for (size_t i = 0; i < ARRAY_LEN(keys); i++)
			ignore(x, keys[i], "there is no auth-uri");
	}
	for (int k = 0; k < 2; k++) {
		const struct prov_strlist *l = k ? &s->blocklist :
			&s->allowlist;
		const char *key = k ? "blocklist-source-range" :
			"allowlist-source-range";

		for (size_t i = 0; i < l->len; i++)
			if (!prov_str_cidr(l->v[i])) {
				sl = slot(s, key);
				say(x, DIAG_WARNING, "convert/apisix-annotation-"
					"invalid", sl->node ? sl->node :
					sl->key_node, "annotation '%s': '%s' is "
					"not an IP address or CIDR: APISIX's "
					"ip-restriction schema rejects the "
					"route's plugins", sl->key, l->v[i]);
			}
	}
	if (s->allow_methods.len && s->block_methods.len) {
		ignore(x, "http-block-methods", "http-allow-methods comes "
			"first");
		s->block_methods.len = 0;
	}
	if (s->auth_type == PROV_APISIX_AUTH_NONE &&
	    is_set(s, "auth-type"))
		slot(s, "auth-type")->state = PROV_APISIX_IGNORED;
}

void
prov_apisix_parse(struct prov_apisix_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink)
{
	struct px x = { .s = out, .set = set, .ns = ns, .name = name,
		.sink = sink };
	size_t plen = strlen(PROV_APISIX_PREFIX);

	memset(out, 0, sizeof(*out));
	out->scheme = -1;
	out->auth_type = PROV_APISIX_AUTH_NONE;
	out->auth_ssl_verify = true;
	out->redirect_code = 301;
	out->annotations = annotations;
	for (size_t i = 0; i < doc_len(annotations); i++) {
		const struct doc_node *k = doc_map_key(annotations, i);
		const struct doc_node *vn = doc_map_value(annotations, i);
		const char *key = doc_str(k), *text;
		const struct prov_annotation *a;
		struct prov_apisix_slot *sl;
		struct prov_value v = { 0 };

		if (!key || strncmp(key, PROV_APISIX_PREFIX, plen))
			continue;
		a = prov_apisix_lookup(key + plen);
		if (!a) {
			const char *near = closest_key(key + plen);

			if (near)
				say(&x, DIAG_WARNING,
					"convert/apisix-annotation-unknown", k,
					"annotation '%s' is not one the "
					"controller reads (did you mean "
					"'%s%s'?): it has no effect", key,
					PROV_APISIX_PREFIX, near);
			else
				say(&x, DIAG_WARNING,
					"convert/apisix-annotation-unknown", k,
					"annotation '%s' is not one the "
					"controller reads: it has no effect",
					key);
			continue;
		}
		text = doc_str(vn);
		if (!text)
			text = "";
		sl = &out->slots[prov_apisix_index(a)];
		sl->key_node = k;
		sl->node = vn;
		sl->key = key;
		sl->text = text;
		if (!*text) {
			/* the extractor's "" is an absent annotation */
			sl->state = PROV_APISIX_IGNORED;
			say(&x, DIAG_INFO, "convert/apisix-annotation-ignored",
				k, "annotation '%s' is empty: the controller "
				"takes it as absent", key);
			continue;
		}
		v.ann = a;
		v.text = text;
		v.arena = arena;
		if (a->parse(&v, (char *)out + a->off)) {
			sl->state = PROV_APISIX_FAILED;
			say(&x, DIAG_WARNING, "convert/apisix-annotation-"
				"invalid", vn ? vn : k, "annotation '%s': "
				"'%s' is %s", key, text, v.why ? v.why :
				"invalid");
			continue;
		}
		sl->state = PROV_APISIX_SET;
		if (v.note)
			say(&x, DIAG_WARNING, "convert/apisix-annotation-"
				"invalid", vn ? vn : k, "annotation '%s': '%s': "
				"%s", key, text, v.note);
	}
	upstream_group(&x);
	plugins(&x);
}

/* ---- selection ----------------------------------------------------------- */

bool
prov_apisix_serves(const struct ing_world *w, const struct ingress *ing)
{
	const struct ing_class *cls;

	switch (ing->class_source) {
	case ING_CLASS_FIELD:
	case ING_CLASS_ANNOTATION:
	case ING_CLASS_DEFAULT:
		if (!ing->class_name)
			return false;
		cls = ing_world_class(w, ing->class_name);
		if (cls)
			return cls->controller && (!strcmp(cls->controller,
				PROV_APISIX_CONTROLLER) || !strcmp(
				cls->controller, PROV_APISIX_CONTROLLER_V1));
		/* an input without that IngressClass: the chart's class */
		return ing->class_source != ING_CLASS_DEFAULT &&
			!strcmp(ing->class_name, PROV_APISIX_CLASS);
	case ING_CLASS_NONE:
		break;
	}
	return false;
}

/* ---- URIs --------------------------------------------------------------- */

size_t
prov_apisix_uris(struct arena *arena, int path_type, const char *path,
	bool regex, const char **uris)
{
	size_t n;

	switch (path_type) {
	case ING_PATH_PREFIX:
		n = strlen(path);
		if (n && path[n - 1] == '/')
			n--;
		uris[0] = path;
		uris[1] = arena_printf(arena, "%.*s/*", (int)n, path);
		return 2;
	case ING_PATH_IMPLEMENTATION_SPECIFIC:
		if (regex) {
			uris[0] = "/*";
			return 1;
		}
		break;
	default:
		break;
	}
	uris[0] = path;
	return 1;
}
