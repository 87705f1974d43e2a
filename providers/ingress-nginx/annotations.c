#include "compat.h"
#include "providers/ingress-nginx/annotations.h"

#include "providers/f5-nginx/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "similar.h"
#include "targets/target.h"

/*
 * Facts: the controller's annotation parsers (v1.15.1,
 * internal/ingress/annotations/NAME/main.go) and its annotation
 * documentation (docs/user-guide/nginx-configuration/annotations.md,
 * annotations-risk.md). Every key has a check (the controller's
 * validator, run on the raw value before parsing; a failure is
 * on_invalid) and a parser (a failure is on_bad, or on_invalid when
 * on_bad is 0).
 */

/* Character sets of the controller's validators, besides A-Za-z0-9. */
#define CH_BASIC "-._~/:"
#define CH_EXTENDED "-._~/:, "
#define CH_SPACE "-._~/: "
#define CH_URL "-._~/:,?&="
#define CH_URL_VAR "-._~/:, ?&=$"
#define CH_NGINX_VAR "-_${}"
#define CH_PATH "-._~/:$"
#define CH_HEADERS "-_, "
#define CH_REGEX "-._~/:^$[](){}*+?|&=\\"

#define RE_SIZE "(?i)^\\d+[bkmg]?$"
#define RE_ONOFF "^(on|off)$"
#define RE_COOKIE_EXPIRES "(^0|-?[1-9]\\d*$)"

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define MED PROV_RISK_MEDIUM
#define HIGH PROV_RISK_HIGH
#define CRIT PROV_RISK_CRITICAL
#define LOC PROV_SCOPE_LOCATION
#define ING PROV_SCOPE_INGRESS
#define HOST PROV_SCOPE_HOST
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE
#define GRP PROV_INVALID_GROUP
#define DROP PROV_INVALID_DROP
#define DENY PROV_INVALID_DENY
#define STRIP PROV_CF_STRIP_SPACES

#define K(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_nginx_settings, fld)
#define BOOLK(k, fld) K(k, PROV_KIND_BOOL, fld, prov_parse_bool), \
	.check = PROV_CHECK_BOOL
#define INTK(k, kd, fld, fn) K(k, kd, fld, fn), .check = PROV_CHECK_INT
#define CHARS(set) .check = PROV_CHECK_CHARS, .check_arg = (set)
#define RE(p) .check = PROV_CHECK_REGEX, .check_arg = (p)
#define OPTS(v) .values = (v), .check = PROV_CHECK_OPTIONS

static prov_parse_fn nginx_parse_origins;
static prov_parse_fn nginx_parse_server_alias;
static prov_parse_fn nginx_parse_temporal;
static prov_parse_fn nginx_parse_header_list;
static prov_parse_fn nginx_parse_cache_duration;
static prov_parse_fn nginx_parse_pattern;
static prov_parse_fn nginx_parse_header;

static const char *const v_onoff[] = { "off", "on", NULL };
static const char *const v_proto[] = { "HTTP", "HTTPS", "AUTO_HTTP", "GRPC",
	"GRPCS", "FCGI", NULL };
static const char *const v_http_version[] = { "1.0", "1.1", NULL };
static const char *const v_lb[] = { "round_robin", "chash", "chashsubset",
	"sticky_balanced", "sticky_persistent", "ewma", NULL };
static const char *const v_satisfy[] = { "all", "any", NULL };
static const char *const v_auth_type[] = { "basic", "digest", NULL };
static const char *const v_secret_type[] = { "auth-file", "auth-map", NULL };
static const char *const v_verify_client[] = { "on", "off", "optional",
	"optional_no_ca", NULL };
static const char *const v_affinity[] = { "cookie", NULL };
static const char *const v_affinity_mode[] = { "balanced", "persistent",
	NULL };
static const char *const v_canary_behavior[] = { "sticky", "legacy", NULL };
static const char *const v_samesite[] = { "None", "Lax", "Strict", NULL };
static const char *const al_allowlist[] = { "whitelist-source-range", NULL };
static const char *const al_limit_allowlist[] = { "limit-whitelist", NULL };

static const char *const nginx_prefixes[] = { PROV_NGINX_PREFIX, NULL };

static const struct prov_annotation nginx_table[] = {
	{ K("affinity", PROV_KIND_ENUM, affinity, prov_parse_enum),
	  OPTS(v_affinity), .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "sticky sessions by cookie (only value: cookie)",
	  .gateway = "HTTPRoute rule sessionPersistence (Cookie, "
		"experimental) or EG BackendTrafficPolicy consistent hash "
		"on a cookie",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("affinity-canary-behavior", PROV_KIND_ENUM,
		affinity_canary_behavior, prov_parse_enum),
	  OPTS(v_canary_behavior), .def = "sticky", .cls = C_, .risk = LOW,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "whether clients pinned to the canary stay on it",
	  .gateway = "none: weights have no stickiness interplay (warn)" },
	{ K("affinity-mode", PROV_KIND_ENUM, affinity_mode, prov_parse_enum),
	  OPTS(v_affinity_mode), .def = "balanced", .cls = C_, .risk = MED,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "rebalance sticky sessions on scale-up (balanced) or not",
	  .gateway = "none; approximate with consistent hashing (warn)" },
	{ K("allowlist-source-range", PROV_KIND_CIDR_LIST,
		allowlist_source_range, prov_parse_cidr_list),
	  .aliases = al_allowlist, .check = PROV_CHECK_CIDRS, .cls = B_,
	  .risk = MED, .scope = LOC, .on_invalid = DENY,
	  .desc = "only these client IPs/CIDRs may connect, others get 403",
	  .gateway = "EG SecurityPolicy authorization: default Deny, Allow "
		"clientCIDRs",
	  .feature = IR_FEAT_IP_ACCESS },
	{ K("app-root", PROV_KIND_PATH, app_root, prov_parse_path),
	  CHARS(CH_PATH), .cls = A_, .risk = MED, .scope = HOST,
	  .on_invalid = IGN,
	  .desc = "302 from / to this path, for the whole host",
	  .gateway = "HTTPRoute rule path Exact / with RequestRedirect "
		"ReplaceFullPath, statusCode 302 (query kept by Envoy)",

	  .std = "RequestRedirect filter (ReplaceFullPath, 302), path Exact /",
	  .construct = TGT_C_PATH_REDIRECT },
	{ BOOLK("auth-always-set-cookie", auth_always_set_cookie),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = GRP,
	  .desc = "pass Set-Cookie of the auth service on any status",
	  .gateway = "none" },
	{ K("auth-cache-duration", PROV_KIND_DURATION, auth_cache_duration,
		nginx_parse_cache_duration),
	  CHARS(CH_EXTENDED), .cls = CP, .risk = MED, .scope = LOC,
	  .on_invalid = GRP,
	  .desc = "cache times of auth responses, e.g. '200 202 401 5m'",
	  .gateway = "none (tuning)" },
	{ K("auth-cache-key", PROV_KIND_NGINX_VAR, auth_cache_key,
		prov_parse_string),
	  CHARS(CH_NGINX_VAR), .check_flags = STRIP, .cls = CP, .risk = MED,
	  .scope = LOC, .on_invalid = IGN,
	  .desc = "enables caching of auth responses under this key",
	  .gateway = "none (tuning)" },
	{ INTK("auth-keepalive", PROV_KIND_INT, auth_keepalive,
		prov_parse_int),
	  .def = "0", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "keepalive connections to the auth service",
	  .gateway = "none (tuning)" },
	{ INTK("auth-keepalive-requests", PROV_KIND_INT,
		auth_keepalive_requests, prov_parse_int),
	  .def = "1000", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "requests per keepalive connection to the auth service",
	  .gateway = "none (tuning)" },
	{ BOOLK("auth-keepalive-share-vars", auth_keepalive_share_vars),
	  .def = "false", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "share nginx variables with the auth subrequest",
	  .gateway = "none (tuning)" },
	{ INTK("auth-keepalive-timeout", PROV_KIND_SECONDS,
		auth_keepalive_timeout, prov_parse_int),
	  .def = "60", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "idle keepalive timeout to the auth service",
	  .gateway = "none (tuning)" },
	{ K("auth-method", PROV_KIND_STRING, auth_method, prov_parse_string),
	  RE("^(GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)$"),
	  .check_flags = STRIP, .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DENY,
	  .desc = "HTTP method of the auth subrequest",
	  .gateway = "none (EG ext-auth forwards the original method)" },
	{ K("auth-proxy-set-headers", PROV_KIND_OBJREF,
		auth_proxy_set_headers, prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = LOC, .on_invalid = IGN, .on_bad = DENY,
	  .desc = "ConfigMap of extra headers sent to the auth service",
	  .gateway = "EG SecurityPolicy extAuth headers (verify)" },
	{ K("auth-realm", PROV_KIND_STRING, auth_realm, prov_parse_string),
	  CHARS(CH_SPACE), .cls = B_, .risk = MED, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "realm of basic/digest authentication",
	  .gateway = "EG SecurityPolicy basicAuth (realm not configurable)" },
	{ K("auth-request-redirect", PROV_KIND_URL, auth_request_redirect,
		prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .cls = C_, .risk = MED,
	  .scope = LOC, .on_invalid = GRP,
	  .desc = "value of X-Auth-Request-Redirect sent to the auth service",
	  .gateway = "none" },
	{ K("auth-response-headers", PROV_KIND_HEADER_LIST,
		auth_response_headers, nginx_parse_header_list),
	  CHARS(CH_HEADERS), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = LOC, .on_invalid = DENY,
	  .desc = "headers copied from the auth response to the request",
	  .gateway = "EG SecurityPolicy extAuth headersToBackend",
	  .feature = IR_FEAT_EXT_AUTH },
	{ K("auth-secret", PROV_KIND_OBJREF, auth_secret, prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = LOC, .on_invalid = DENY,
	  .desc = "Secret with the htpasswd users (name or ns/name)",
	  .gateway = "EG SecurityPolicy basicAuth users (Secret re-keyed "
		"to .htpasswd)",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ K("auth-secret-type", PROV_KIND_ENUM, auth_secret_type,
		prov_parse_enum),
	  .values = v_secret_type, RE("auth-file|auth-map"),
	  .check_flags = STRIP, .def = "auth-file", .cls = B_, .risk = LOW,
	  .scope = LOC, .on_invalid = DROP, .on_bad = DENY,
	  .desc = "layout of the auth Secret: auth-file or auth-map",
	  .gateway = "the converter reshapes the Secret" },
	{ K("auth-signin", PROV_KIND_URL, auth_signin, prov_parse_string),
	  CHARS(CH_URL_VAR), .check_flags = STRIP, .cls = C_, .risk = HIGH,
	  .scope = LOC, .on_invalid = IGN,
	  .desc = "on 401 redirect (302) to this sign-in URL with rd=",
	  .gateway = "none (EG OIDC is a different model; warn)" },
	{ K("auth-signin-redirect-param", PROV_KIND_STRING,
		auth_signin_redirect_param, prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .def = "rd", .cls = C_,
	  .risk = MED, .scope = LOC, .on_invalid = IGN,
	  .desc = "query parameter carrying the return URL",
	  .gateway = "none" },
	{ K("auth-snippet", PROV_KIND_NGINX, auth_snippet, prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = LOC, .on_invalid = IGN,
	  .desc = "raw nginx configuration in the auth location",
	  .gateway = "none" },
	{ K("auth-tls-error-page", PROV_KIND_URL, auth_tls_error_page,
		prov_parse_string),
	  RE("^(@[A-Za-z0-9_-]+|((https?://)?[A-Za-z0-9\\-.]+(:\\d+)?)?"
		"(/[A-Za-z0-9\\-_.]+)*/?)$"),
	  .check_flags = STRIP, .cls = C_, .risk = HIGH, .scope = HOST,
	  .on_invalid = DROP,
	  .desc = "redirect target when client certificate checks fail",
	  .gateway = "none" },
	{ K("auth-tls-match-cn", PROV_KIND_REGEX, auth_tls_match_cn,
		prov_parse_string),
	  .check = PROV_CHECK_COMMON_NAME, .cls = C_, .risk = HIGH,
	  .scope = HOST, .on_invalid = DROP,
	  .desc = "403 unless the client certificate CN matches CN=<regex>",
	  .gateway = "none (EG authorization on client certificates: "
		"verify)" },
	{ BOOLK("auth-tls-pass-certificate-to-upstream",
		auth_tls_pass_certificate_to_upstream),
	  .def = "false", .cls = B_, .risk = LOW, .scope = HOST,
	  .on_invalid = DROP,
	  .desc = "send the client certificate in ssl-client-cert",
	  .gateway = "EG ClientTrafficPolicy headers.xForwardedClientCert "
		"(XFCC format, other header)" },
	{ K("auth-tls-secret", PROV_KIND_OBJREF, auth_tls_secret,
		prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = HOST, .on_invalid = DROP, .on_bad = DENY,
	  .desc = "CA Secret (ns/name, ca.crt) to verify client "
		"certificates, per host",
	  .gateway = "Gateway spec.tls.frontend (per Gateway and port, so "
		"only when every HTTPS host asks for the same CA) or EG "
		"ClientTrafficPolicy tls.clientValidation",
	  .std = "Gateway tls.frontend.default.validation caCertificateRefs",
	  .construct = TGT_C_CLIENT_CERT },
	{ K("auth-tls-verify-client", PROV_KIND_ENUM, auth_tls_verify_client,
		prov_parse_enum),
	  .values = v_verify_client,
	  RE("^(on|off|optional|optional_no_ca)$"), .check_flags = STRIP,
	  .def = "on", .cls = A_, .risk = MED, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "client certificate mode; a failed check answers 400",
	  .gateway = "spec.tls.frontend validation mode AllowValidOnly "
		"(on) / AllowInsecureFallback (optional; accepts invalid "
		"certificates too); optional_no_ca and off: no validation",

	  .std = "Gateway tls.frontend validation mode (AllowInsecureFallback)",
	  .construct = TGT_C_CLIENT_CERT_FALLBACK },
	{ INTK("auth-tls-verify-depth", PROV_KIND_INT, auth_tls_verify_depth,
		prov_parse_int),
	  .def = "1", .cls = C_, .risk = LOW, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "maximum client certificate chain depth",
	  .gateway = "none (warn)" },
	{ K("auth-type", PROV_KIND_ENUM, auth_type, prov_parse_enum),
	  .values = v_auth_type, RE("basic|digest"), .check_flags = STRIP,
	  .cls = B_, .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .on_bad = DENY,
	  .desc = "basic or digest authentication; 401 without credentials",
	  .gateway = "basic: EG SecurityPolicy basicAuth; digest: none",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ K("auth-url", PROV_KIND_URL, auth_url, prov_parse_url),
	  CHARS(CH_URL_VAR), .check_flags = STRIP, .cls = B_, .risk = HIGH,
	  .scope = LOC, .on_invalid = DROP, .on_bad = DENY,
	  .desc = "external auth subrequest; 2xx allows, 401/403 returned",
	  .gateway = "EG SecurityPolicy extAuth.http (external host needs "
		"an EG Backend)",
	  .feature = IR_FEAT_EXT_AUTH },
	{ K("backend-protocol", PROV_KIND_ENUM, backend_protocol,
		prov_parse_enum),
	  OPTS(v_proto), .def = "HTTP", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "upstream protocol: HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS, "
		"FCGI",
	  .gateway = "HTTPS: BackendTLSPolicy; GRPC: GRPCRoute or appProtocol "
		"h2c; GRPCS: GRPCRoute + BackendTLSPolicy; AUTO_HTTP, FCGI: "
		"none",
	  .std = "GRPCRoute (GRPC, GRPCS), BackendTLSPolicy (HTTPS, GRPCS)",
	  .construct = TGT_C_GRPCROUTE },
	{ BOOLK("canary", canary), .def = "false", .cls = A_, .risk = LOW,
	  .scope = ING, .on_invalid = DEF,
	  .desc = "marks a canary Ingress: it only adds an alternative "
		"backend",
	  .gateway = "merged into the primary HTTPRoute rule (weights, "
		"header matches)",
	  .std = "backendRefs of the primary rule, or a header match" },
	{ K("canary-by-cookie", PROV_KIND_STRING, canary_by_cookie,
		prov_parse_string),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = ING, .on_invalid = DEF,
	  .desc = "cookie whose value always/never selects the canary",
	  .gateway = "HTTPHeaderMatch RegularExpression on Cookie "
		"(implementation-specific)",

	  .std = "a Cookie header match (RegularExpression)" },
	{ K("canary-by-header", PROV_KIND_HEADER, canary_by_header,
		nginx_parse_header),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = ING, .on_invalid = DEF,
	  .desc = "header whose value always/never selects the canary",
	  .gateway = "rules with HTTPHeaderMatch Exact always -> canary, "
		"never -> primary, before the weighted rule",
	  .std = "a header match on a rule of its own" },
	{ K("canary-by-header-pattern", PROV_KIND_REGEX,
		canary_by_header_pattern, nginx_parse_pattern),
	  CHARS(CH_REGEX), .cls = A_, .risk = MED, .scope = ING,
	  .on_invalid = DEF,
	  .desc = "PCRE searched in the canary header value",
	  .gateway = "HTTPHeaderMatch RegularExpression (RE2, full match: "
		"wrap as .*(p).*)",
	  .std = "a header match (RegularExpression)" },
	{ K("canary-by-header-value", PROV_KIND_STRING, canary_by_header_value,
		prov_parse_string),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = ING, .on_invalid = DEF,
	  .desc = "exact header value that selects the canary",
	  .gateway = "HTTPHeaderMatch Exact value",
	  .std = "a header match (Exact)" },
	{ INTK("canary-weight", PROV_KIND_INT, canary_weight, prov_parse_int),
	  .def = "0", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = DEF,
	  .desc = "share of requests (out of the total) sent to the canary",
	  .gateway = "backendRefs weights: primary total-w, canary w",
	  .std = "backendRefs weight" },
	{ INTK("canary-weight-total", PROV_KIND_INT, canary_weight_total,
		prov_parse_int),
	  .def = "100", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = DEF,
	  .desc = "denominator of canary-weight; values up to 100 mean 100",
	  .gateway = "backendRefs weights",
	  .std = "backendRefs weight" },
	{ K("client-body-buffer-size", PROV_KIND_SIZE, client_body_buffer_size,
		prov_parse_size),
	  RE(RE_SIZE), .check_flags = STRIP, .cls = CP, .risk = LOW,
	  .scope = LOC, .on_invalid = DROP,
	  .desc = "request body buffer size",
	  .gateway = "none (tuning)" },
	{ K("configuration-snippet", PROV_KIND_NGINX, configuration_snippet,
		prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = LOC, .on_invalid = IGN,
	  .desc = "raw nginx configuration in each location",
	  .gateway = "none (common idioms hint at header modifiers or "
		"redirects)" },
	{ K("connection-proxy-header", PROV_KIND_STRING,
		connection_proxy_header, prov_parse_string),
	  RE("^(close|keep-alive)$"), .check_flags = STRIP, .cls = C_,
	  .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .desc = "Connection header sent upstream",
	  .gateway = "none (hop-by-hop, managed by the proxy)" },
	{ BOOLK("cors-allow-credentials", cors_allow_credentials),
	  .def = "true", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "Access-Control-Allow-Credentials",
	  .gateway = "HTTPRoute CORS filter allowCredentials",
	  .std = "CORS filter allowCredentials", .construct = TGT_C_CORS },
	{ K("cors-allow-headers", PROV_KIND_HEADER_LIST, cors_allow_headers,
		prov_parse_string),
	  CHARS(CH_HEADERS), .check_flags = STRIP,
	  .def = "DNT,Keep-Alive,User-Agent,X-Requested-With,"
		"If-Modified-Since,Cache-Control,Content-Type,Range,"
		"Authorization",
	  .cls = A_, .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "Access-Control-Allow-Headers",
	  .gateway = "HTTPRoute CORS filter allowHeaders",
	  .std = "CORS filter allowHeaders", .construct = TGT_C_CORS },
	{ K("cors-allow-methods", PROV_KIND_LIST, cors_allow_methods,
		prov_parse_string),
	  RE("^([A-Za-z]+,?\\s?)+$"), .check_flags = STRIP,
	  .def = "GET, PUT, POST, DELETE, PATCH, OPTIONS", .cls = A_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "Access-Control-Allow-Methods",
	  .gateway = "HTTPRoute CORS filter allowMethods",
	  .std = "CORS filter allowMethods", .construct = TGT_C_CORS },
	{ K("cors-allow-origin", PROV_KIND_ORIGIN_LIST, cors_allow_origin,
		nginx_parse_origins),
	  RE("^((((([a-z]+://)?(\\*\\.)?[A-Za-z0-9\\-.]*(:\\d+)?,?)|null)+)"
		"|\\*)?$"),
	  .check_flags = STRIP, .def = "*", .cls = A_, .risk = MED,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "allowed origins (scheme://host[:port], *.wildcard, or *)",
	  .gateway = "HTTPRoute CORS filter allowOrigins",
	  .std = "CORS filter allowOrigins", .construct = TGT_C_CORS },
	{ K("cors-expose-headers", PROV_KIND_HEADER_LIST, cors_expose_headers,
		prov_parse_string),
	  RE("^(([A-Za-z0-9\\-\\_]+|\\*),?\\s?)+$"), .check_flags = STRIP,
	  .cls = A_, .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "Access-Control-Expose-Headers",
	  .gateway = "HTTPRoute CORS filter exposeHeaders",
	  .std = "CORS filter exposeHeaders", .construct = TGT_C_CORS },
	{ INTK("cors-max-age", PROV_KIND_SECONDS, cors_max_age,
		prov_parse_int),
	  .def = "1728000", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "Access-Control-Max-Age",
	  .gateway = "HTTPRoute CORS filter maxAge",
	  .std = "CORS filter maxAge", .construct = TGT_C_CORS },
	{ K("custom-headers", PROV_KIND_OBJREF, custom_headers,
		prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = LOC, .on_invalid = IGN, .on_bad = DENY,
	  .desc = "ConfigMap (ns/name) of response headers to add; missing "
		"ConfigMap denies",
	  .gateway = "ResponseHeaderModifier set",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("custom-http-errors", PROV_KIND_STATUS_LIST, custom_http_errors,
		prov_parse_status_list),
	  RE("^(?:[4,5]\\d{2},?)*$"), .check_flags = STRIP, .cls = B_,
	  .risk = LOW, .scope = LOC, .on_invalid = DROP, .on_bad = IGN,
	  .desc = "upstream status codes replaced by the default backend",
	  .gateway = "EG BackendTrafficPolicy responseOverride (static "
		"bodies only)" },
	{ K("default-backend", PROV_KIND_SERVICE, default_backend,
		prov_parse_service),
	  .check = PROV_CHECK_SERVICE, .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "Service used when the backend has no endpoints and for "
		"custom errors",
	  .gateway = "none (no per-route failover; warn)" },
	{ K("denylist-source-range", PROV_KIND_CIDR_LIST,
		denylist_source_range, prov_parse_cidr_list),
	  .check = PROV_CHECK_CIDRS, .cls = B_, .risk = MED, .scope = LOC,
	  .on_invalid = DENY,
	  .desc = "these client IPs/CIDRs get 403",
	  .gateway = "EG SecurityPolicy authorization: Deny clientCIDRs",
	  .feature = IR_FEAT_IP_ACCESS },
	{ BOOLK("disable-proxy-intercept-errors",
		disable_proxy_intercept_errors),
	  .def = "false", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "do not apply global custom-http-errors here",
	  .gateway = "skip responseOverride for this route" },
	{ BOOLK("enable-access-log", enable_access_log), .def = "true",
	  .cls = CP, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "access log for these locations",
	  .gateway = "EnvoyProxy telemetry (global)" },
	{ BOOLK("enable-cors", enable_cors), .def = "false", .cls = A_,
	  .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "CORS headers; OPTIONS preflight answered 204",
	  .gateway = "HTTPRoute CORS filter on every rule of the Ingress",
	  .std = "CORS filter", .construct = TGT_C_CORS },
	{ BOOLK("enable-global-auth", enable_global_auth), .def = "true",
	  .cls = B_, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "apply the ConfigMap global-auth-url here",
	  .gateway = "attach or skip a Gateway-level EG SecurityPolicy "
		"extAuth" },
	{ BOOLK("enable-modsecurity", enable_modsecurity), .def = "false",
	  .cls = C_, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "ModSecurity WAF",
	  .gateway = "EG EnvoyExtensionPolicy Wasm (Coraza) or none" },
	{ BOOLK("enable-opentelemetry", enable_opentelemetry),
	  .def = "false", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "OpenTelemetry tracing for these locations",
	  .gateway = "EnvoyProxy tracing (global)" },
	{ BOOLK("enable-owasp-core-rules", enable_owasp_core_rules),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "OWASP core rule set for ModSecurity",
	  .gateway = "EG EnvoyExtensionPolicy Wasm (Coraza) or none" },
	{ BOOLK("enable-rewrite-log", enable_rewrite_log), .def = "false",
	  .cls = CP, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "nginx rewrite debug log",
	  .gateway = "none (debugging)" },
	{ K("fastcgi-index", PROV_KIND_STRING, fastcgi_index,
		prov_parse_string),
	  RE("^[A-Za-z0-9.\\-\\_]+$"), .check_flags = STRIP, .cls = C_,
	  .risk = MED, .scope = LOC, .on_invalid = DROP,
	  .desc = "FastCGI index file",
	  .gateway = "none" },
	{ K("fastcgi-params-configmap", PROV_KIND_OBJREF,
		fastcgi_params_configmap, prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = C_, .risk = MED,
	  .scope = LOC, .on_invalid = DROP, .on_bad = IGN,
	  .desc = "ConfigMap of FastCGI parameters",
	  .gateway = "none" },
	{ BOOLK("force-ssl-redirect", force_ssl_redirect), .def = "false",
	  .cls = A_, .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "redirect http to https (308) even without TLS on the host",
	  .gateway = "HTTP-listener HTTPRoute with RequestRedirect scheme "
		"https, 308",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ BOOLK("from-to-www-redirect", from_to_www_redirect), .def = "false",
	  .cls = A_, .risk = LOW, .scope = HOST, .on_invalid = DROP,
	  .desc = "308 from www.host to host (or back)",
	  .gateway = "HTTPRoute for the other hostname with RequestRedirect "
		"hostname, 308",

	  .std = "RequestRedirect filter (hostname) on the other host" },
	{ BOOLK("http2-push-preload", http2_push_preload), .def = "false",
	  .cls = CP, .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .desc = "HTTP/2 server push of preload links (obsolete)",
	  .gateway = "none (drop)" },
	{ K("limit-allowlist", PROV_KIND_CIDR_LIST, limit_allowlist,
		prov_parse_cidr_list),
	  .aliases = al_limit_allowlist, .check = PROV_CHECK_CIDRS,
	  .cls = B_, .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .on_bad = GRP,
	  .desc = "client CIDRs exempt from the rate limits",
	  .gateway = "separate EG rateLimit rule without limit (verify)" },
	{ INTK("limit-burst-multiplier", PROV_KIND_INT, limit_burst_multiplier,
		prov_parse_int),
	  .def = "5", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "burst = limit x multiplier",
	  .gateway = "none (token bucket shape differs; warn)" },
	{ INTK("limit-connections", PROV_KIND_INT, limit_connections,
		prov_parse_int),
	  .def = "0", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "concurrent connections per client IP (0: off); over: 503",
	  .gateway = "none (EG connection limits are per listener)" },
	{ INTK("limit-rate", PROV_KIND_INT, limit_rate, prov_parse_int),
	  .def = "0", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "response bandwidth per connection in KB/s (0: off)",
	  .gateway = "none" },
	{ INTK("limit-rate-after", PROV_KIND_INT, limit_rate_after,
		prov_parse_int),
	  .def = "0", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "KB sent at full speed before limit-rate applies",
	  .gateway = "none" },
	{ INTK("limit-rpm", PROV_KIND_INT, limit_rpm, prov_parse_int),
	  .def = "0", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "requests per minute per client IP (0: off); over: 503",
	  .gateway = "EG BackendTrafficPolicy local rateLimit per sourceCIDR, "
		"unit Minute (Envoy answers 429)",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ INTK("limit-rps", PROV_KIND_INT, limit_rps, prov_parse_int),
	  .def = "0", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "requests per second per client IP (0: off); over: 503",
	  .gateway = "EG BackendTrafficPolicy local rateLimit per sourceCIDR, "
		"unit Second (Envoy answers 429)",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ K("load-balance", PROV_KIND_ENUM, load_balance, prov_parse_enum),
	  OPTS(v_lb), .check_flags = PROV_CF_CASE, .def = "round_robin",
	  .cls = B_, .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .desc = "load-balancing algorithm of the upstream",
	  .gateway = "EG BackendTrafficPolicy loadBalancer (RoundRobin, "
		"LeastRequest for ewma)",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("mirror-host", PROV_KIND_HOST, mirror_host, prov_parse_string),
	  CHARS(CH_REGEX), .cls = B_, .risk = HIGH, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "Host header of mirrored requests (default: target host)",
	  .gateway = "EG Backend hostname" },
	{ K("mirror-request-body", PROV_KIND_ENUM, mirror_request_body,
		prov_parse_enum),
	  .values = v_onoff, RE(RE_ONOFF), .check_flags = STRIP, .def = "on",
	  .cls = C_, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "mirror the request body too",
	  .gateway = "none" },
	{ K("mirror-target", PROV_KIND_URL, mirror_target, prov_parse_string),
	  CHARS(CH_REGEX), .cls = A_, .risk = HIGH, .scope = LOC,
	  .on_invalid = IGN,
	  .desc = "URL (may use $request_uri) receiving a copy of requests",
	  .gateway = "RequestMirror filter (external URL needs an EG "
		"Backend); nginx waits for the mirror, Envoy does not",
	  .std = "RequestMirror filter", .construct = TGT_C_MIRROR },
	{ K("modsecurity-snippet", PROV_KIND_NGINX, modsecurity_snippet,
		prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = LOC, .on_invalid = IGN,
	  .desc = "raw ModSecurity rules",
	  .gateway = "none" },
	{ K("modsecurity-transaction-id", PROV_KIND_NGINX_VAR,
		modsecurity_transaction_id, prov_parse_string),
	  CHARS(CH_NGINX_VAR), .check_flags = STRIP, .cls = C_, .risk = HIGH,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "ModSecurity transaction id expression",
	  .gateway = "none" },
	{ K("opentelemetry-operation-name", PROV_KIND_STRING,
		opentelemetry_operation_name, prov_parse_string),
	  CHARS("_-"), .check_flags = STRIP, .cls = CP, .risk = MED,
	  .scope = LOC, .on_invalid = DROP,
	  .desc = "span name of OpenTelemetry traces",
	  .gateway = "none (tuning)" },
	{ BOOLK("opentelemetry-trust-incoming-span",
		opentelemetry_trust_incoming_span),
	  .def = "true", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "continue incoming trace spans",
	  .gateway = "none (tuning)" },
	{ K("permanent-redirect", PROV_KIND_URL, permanent_redirect,
		prov_parse_string),
	  CHARS(CH_URL), .cls = A_, .risk = MED, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "answer every request with a redirect (301) to this URL",
	  .gateway = "RequestRedirect scheme/hostname/port/path "
		"ReplaceFullPath from the URL",
	  .std = "RequestRedirect filter (301)",
	  .construct = TGT_C_PATH_REDIRECT },
	{ INTK("permanent-redirect-code", PROV_KIND_INT,
		permanent_redirect_code, prov_parse_int),
	  .def = "301", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "code of permanent-redirect, 300-308 (else 301)",
	  .gateway = "RequestRedirect statusCode (301, 302, 303, 307, 308; "
		"others none)",
	  .std = "RequestRedirect statusCode" },
	{ BOOLK("preserve-trailing-slash", preserve_trailing_slash),
	  .def = "false", .cls = A_, .risk = MED, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "keep a trailing / in the https redirect",
	  .gateway = "Gateway redirects always keep it (default differs)",
	  .std = "RequestRedirect path of the HTTPS redirect" },
	{ K("proxy-body-size", PROV_KIND_SIZE, proxy_body_size,
		prov_parse_size),
	  RE(RE_SIZE), .check_flags = STRIP, .def = "1m", .cls = B_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "largest request body (0: no limit); larger: 413",
	  .gateway = "EG BackendTrafficPolicy requestBuffer.limit (Envoy "
		"default: unlimited)",
	  .feature = IR_FEAT_BODY_SIZE },
	{ K("proxy-buffer-size", PROV_KIND_SIZE, proxy_buffer_size,
		prov_parse_size),
	  RE(RE_SIZE), .check_flags = STRIP, .def = "4k", .cls = CP,
	  .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "buffer for the response head (too small: 502)",
	  .gateway = "none (tuning)" },
	{ K("proxy-buffering", PROV_KIND_ENUM, proxy_buffering,
		prov_parse_enum),
	  OPTS(v_onoff), .def = "off", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "buffer upstream responses",
	  .gateway = "none (tuning)" },
	{ INTK("proxy-buffers-number", PROV_KIND_INT, proxy_buffers_number,
		prov_parse_int),
	  .def = "4", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "number of response buffers",
	  .gateway = "none (tuning)" },
	{ K("proxy-busy-buffers-size", PROV_KIND_SIZE, proxy_busy_buffers_size,
		prov_parse_size),
	  RE(RE_SIZE), .check_flags = STRIP, .cls = CP, .risk = LOW,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "size of buffers busy sending to the client",
	  .gateway = "none (tuning)" },
	{ INTK("proxy-connect-timeout", PROV_KIND_SECONDS,
		proxy_connect_timeout, prov_parse_seconds),
	  .def = "5", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "upstream connect timeout in seconds",
	  .gateway = "EG BackendTrafficPolicy timeout.tcp.connectTimeout",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("proxy-cookie-domain", PROV_KIND_STRING, proxy_cookie_domain,
		prov_parse_string),
	  RE("^(off|[-._~/:a-zA-Z0-9]+\\s+[-._~/:a-zA-Z0-9]+)$"),
	  .def = "off", .cls = C_, .risk = MED, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "rewrite the Domain of Set-Cookie ('from to')",
	  .gateway = "none (EG Lua extension only)" },
	{ K("proxy-cookie-path", PROV_KIND_STRING, proxy_cookie_path,
		prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .def = "off", .cls = C_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "rewrite the Path of Set-Cookie ('from to')",
	  .gateway = "none (EG Lua extension only)" },
	{ K("proxy-http-version", PROV_KIND_ENUM, proxy_http_version,
		prov_parse_enum),
	  OPTS(v_http_version), .def = "1.1", .cls = C_, .risk = LOW,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "HTTP version towards the upstream (1.0 or 1.1)",
	  .gateway = "none (1.0 not supported)" },
	{ K("proxy-max-temp-file-size", PROV_KIND_SIZE,
		proxy_max_temp_file_size, prov_parse_size),
	  RE(RE_SIZE), .check_flags = STRIP, .def = "1024m", .cls = CP,
	  .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "largest temporary file of a buffered response",
	  .gateway = "none (tuning)" },
	{ K("proxy-next-upstream", PROV_KIND_LIST, proxy_next_upstream,
		prov_parse_string),
	  RE("^((error|timeout|invalid_header|http_500|http_502|http_503|"
		"http_504|http_403|http_404|http_429|non_idempotent|off)"
		"\\s?)+$"),
	  .def = "error timeout", .cls = A_, .risk = MED, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "conditions for retrying on the next endpoint",
	  .gateway = "HTTPRoute rule retry.codes (experimental) or EG "
		"BackendTrafficPolicy retry.retryOn",
	  .feature = IR_FEAT_RETRY },
	{ INTK("proxy-next-upstream-timeout", PROV_KIND_SECONDS,
		proxy_next_upstream_timeout, prov_parse_seconds),
	  .def = "0", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "time limit for retries in seconds (0: none)",
	  .gateway = "EG BackendTrafficPolicy retry perRetry timeout "
		"(verify)" },
	{ INTK("proxy-next-upstream-tries", PROV_KIND_INT,
		proxy_next_upstream_tries, prov_parse_int),
	  .def = "3", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "attempts including the first (0: unlimited)",
	  .gateway = "HTTPRoute rule retry.attempts (experimental) or EG "
		"retry numRetries",
	  .feature = IR_FEAT_RETRY },
	{ INTK("proxy-read-timeout", PROV_KIND_SECONDS, proxy_read_timeout,
		prov_parse_seconds),
	  .def = "60", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "seconds between two reads from the upstream",
	  .gateway = "EG BackendTrafficPolicy timeout.http (not the "
		"HTTPRoute total timeout)",
	  .std = "HTTPRoute rule timeouts.backendRequest",
	  .construct = TGT_C_BACKEND_TIMEOUT, .feature = IR_FEAT_TIMEOUTS },
	{ K("proxy-redirect-from", PROV_KIND_STRING, proxy_redirect_from,
		prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .def = "off", .cls = C_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "text replaced in upstream Location headers",
	  .gateway = "none (EG Lua extension only)" },
	{ K("proxy-redirect-to", PROV_KIND_STRING, proxy_redirect_to,
		prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .def = "off", .cls = C_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "replacement in upstream Location headers",
	  .gateway = "none (EG Lua extension only)" },
	{ K("proxy-request-buffering", PROV_KIND_ENUM, proxy_request_buffering,
		prov_parse_enum),
	  OPTS(v_onoff), .def = "on", .cls = CP, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "read the whole request body before proxying",
	  .gateway = "none (tuning)" },
	{ INTK("proxy-send-timeout", PROV_KIND_SECONDS, proxy_send_timeout,
		prov_parse_seconds),
	  .def = "60", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "seconds between two writes to the upstream",
	  .gateway = "EG BackendTrafficPolicy timeout.http (semantics "
		"differ)",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("proxy-ssl-ciphers", PROV_KIND_STRING, proxy_ssl_ciphers,
		prov_parse_string),
	  CHARS("+:_-!"), .check_flags = STRIP, .def = "DEFAULT", .cls = B_,
	  .risk = MED, .scope = HOST, .on_invalid = DEF,
	  .desc = "OpenSSL ciphers towards the upstream",
	  .gateway = "EG Backend TLS settings (verify)" },
	{ K("proxy-ssl-name", PROV_KIND_HOST, proxy_ssl_name,
		prov_parse_string),
	  CHARS(CH_REGEX), .cls = A_, .risk = HIGH, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "name to verify and send as SNI to the upstream",
	  .gateway = "BackendTLSPolicy validation.hostname",
	  .std = "BackendTLSPolicy validation.hostname",
	  .construct = TGT_C_BACKEND_TLS },
	{ K("proxy-ssl-protocols", PROV_KIND_LIST, proxy_ssl_protocols,
		prov_parse_string),
	  RE("^(TLSv1\\.2|TLSv1\\.3| )*$"), .check_flags = STRIP,
	  .def = "TLSv1.2 TLSv1.3", .cls = B_, .risk = LOW, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "TLS versions towards the upstream",
	  .gateway = "EG Backend TLS settings (verify)" },
	{ K("proxy-ssl-secret", PROV_KIND_OBJREF, proxy_ssl_secret,
		prov_parse_objref),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = HOST, .on_invalid = DROP, .on_bad = DENY,
	  .desc = "Secret (ns/name) with client cert and CA for the upstream",
	  .gateway = "BackendTLSPolicy caCertificateRefs + Gateway "
		"spec.tls.backend client certificate",
	  .std = "BackendTLSPolicy validation.caCertificateRefs",
	  .construct = TGT_C_BACKEND_TLS },
	{ K("proxy-ssl-server-name", PROV_KIND_ENUM, proxy_ssl_server_name,
		prov_parse_enum),
	  .values = v_onoff, RE(RE_ONOFF), .check_flags = STRIP,
	  .def = "off", .cls = A_, .risk = LOW, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "send SNI to the upstream",
	  .gateway = "BackendTLSPolicy (always sends the hostname)",
	  .std = "BackendTLSPolicy validation.hostname (SNI)",
	  .construct = TGT_C_BACKEND_TLS },
	{ K("proxy-ssl-verify", PROV_KIND_ENUM, proxy_ssl_verify,
		prov_parse_enum),
	  .values = v_onoff, RE(RE_ONOFF), .check_flags = STRIP,
	  .def = "off", .cls = A_, .risk = LOW, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "verify the upstream certificate",
	  .gateway = "BackendTLSPolicy (always verifies; off: EG Backend "
		"insecureSkipVerify)",
	  .std = "BackendTLSPolicy", .construct = TGT_C_BACKEND_TLS },
	{ INTK("proxy-ssl-verify-depth", PROV_KIND_INT, proxy_ssl_verify_depth,
		prov_parse_int),
	  .def = "1", .cls = C_, .risk = LOW, .scope = HOST,
	  .on_invalid = DEF,
	  .desc = "upstream certificate chain depth",
	  .gateway = "none" },
	{ BOOLK("relative-redirects", relative_redirects), .def = "false",
	  .cls = C_, .risk = LOW, .scope = LOC, .on_invalid = DROP,
	  .desc = "relative Location in nginx redirects",
	  .gateway = "none" },
	{ K("rewrite-target", PROV_KIND_PATH, rewrite_target,
		prov_parse_string),
	  CHARS(CH_PATH), .cls = A_, .risk = MED, .scope = ING,
	  .on_invalid = DEF,
	  .desc = "replace the whole URI (path as regex, $n captures); "
		"host switches to regex mode",
	  .gateway = "URLRewrite ReplaceFullPath (no captures) or EG "
		"HTTPRouteFilter ReplaceRegexMatch",
	  .std = "URLRewrite filter path", .construct = TGT_C_PATH_REWRITE,
	  .feature = IR_FEAT_REGEX_REWRITE,
	  .feature_when = "with $n captures (use-regex)" },
	{ K("satisfy", PROV_KIND_ENUM, satisfy, prov_parse_enum),
	  OPTS(v_satisfy), .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "all: auth and IP checks must pass; any: one is enough",
	  .gateway = "none for any" },
	{ K("server-alias", PROV_KIND_HOST_LIST, server_alias,
		nginx_parse_server_alias),
	  .check = PROV_CHECK_SERVER_NAMES, .cls = A_, .risk = HIGH,
	  .scope = HOST, .on_invalid = DROP,
	  .desc = "more server names for the same server",
	  .gateway = "more hostnames on the HTTPRoute (and listener/cert)",
	  .std = "HTTPRoute hostnames" },
	{ K("server-snippet", PROV_KIND_NGINX, server_snippet, prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = HOST, .on_invalid = IGN,
	  .desc = "raw nginx configuration in the server block",
	  .gateway = "none" },
	{ BOOLK("service-upstream", service_upstream), .def = "false",
	  .cls = B_, .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "proxy to the Service ClusterIP, not endpoints",
	  .gateway = "EG routingType Service (verify)" },
	{ BOOLK("session-cookie-change-on-failure",
		session_cookie_change_on_failure),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "new sticky cookie when the endpoint fails",
	  .gateway = "none" },
	{ BOOLK("session-cookie-conditional-samesite-none",
		session_cookie_conditional_samesite_none),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "omit SameSite=None for incompatible browsers",
	  .gateway = "none" },
	{ K("session-cookie-domain", PROV_KIND_HOST, session_cookie_domain,
		prov_parse_string),
	  CHARS(CH_BASIC), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "Domain of the sticky cookie",
	  .gateway = "cookie attributes (B) or none" },
	{ K("session-cookie-expires", PROV_KIND_SECONDS,
		session_cookie_expires, prov_parse_int),
	  RE(RE_COOKIE_EXPIRES), .check_flags = STRIP, .cls = B_,
	  .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "Expires of the sticky cookie, seconds from now",
	  .gateway = "sessionPersistence absoluteTimeout / cookie ttl",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("session-cookie-max-age", PROV_KIND_SECONDS,
		session_cookie_max_age, prov_parse_int),
	  RE(RE_COOKIE_EXPIRES), .cls = B_, .risk = MED, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "Max-Age of the sticky cookie",
	  .gateway = "sessionPersistence absoluteTimeout / cookie ttl",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("session-cookie-name", PROV_KIND_STRING, session_cookie_name,
		prov_parse_string),
	  CHARS(CH_BASIC), .check_flags = STRIP, .def = "INGRESSCOOKIE",
	  .cls = B_, .risk = MED, .scope = LOC, .on_invalid = DEF,
	  .desc = "name of the sticky cookie",
	  .gateway = "sessionPersistence.sessionName or consistent hash "
		"cookie name",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("session-cookie-path", PROV_KIND_PATH, session_cookie_path,
		prov_parse_string),
	  CHARS(CH_URL), .check_flags = STRIP, .cls = B_, .risk = MED,
	  .scope = LOC, .on_invalid = DEF,
	  .desc = "Path of the sticky cookie (default: location path)",
	  .gateway = "cookie attributes" },
	{ K("session-cookie-samesite", PROV_KIND_ENUM, session_cookie_samesite,
		prov_parse_enum),
	  OPTS(v_samesite), .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "SameSite of the sticky cookie: None, Lax, Strict",
	  .gateway = "cookie attributes (B) or none" },
	{ BOOLK("session-cookie-secure", session_cookie_secure),
	  .def = "false", .cls = B_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "Secure flag of the sticky cookie",
	  .gateway = "cookie attributes (B) or none" },
	{ K("ssl-ciphers", PROV_KIND_STRING, ssl_ciphers, prov_parse_string),
	  RE("^(?:(?:[A-Za-z0-9!:+\\-_])*(?:@STRENGTH)*(?:@SECLEVEL=[0-5])*"
		"(?:@STRENGTH)*)*$"),
	  .check_flags = STRIP, .cls = B_, .risk = LOW, .scope = HOST,
	  .on_invalid = DROP,
	  .desc = "TLS ciphers of the server",
	  .gateway = "EG ClientTrafficPolicy tls.ciphers (per listener)" },
	{ BOOLK("ssl-passthrough", ssl_passthrough), .def = "false",
	  .cls = A_, .risk = LOW, .scope = HOST, .on_invalid = DROP,
	  .desc = "TLS passed through by SNI to the / backend of the host",
	  .gateway = "TLSRoute on a Passthrough listener; other annotations "
		"dropped",
	  .std = "TLSRoute on a Passthrough listener",
	  .construct = TGT_C_TLSROUTE },
	{ BOOLK("ssl-prefer-server-ciphers", ssl_prefer_server_ciphers),
	  .cls = CP, .risk = LOW, .scope = HOST, .on_invalid = DEF,
	  .desc = "prefer the server's cipher order",
	  .gateway = "none (tuning)" },
	{ BOOLK("ssl-redirect", ssl_redirect), .def = "true", .cls = A_,
	  .risk = LOW, .scope = LOC, .on_invalid = DEF,
	  .desc = "redirect http to https (308) when the host has TLS",
	  .gateway = "HTTP-listener HTTPRoute with RequestRedirect scheme "
		"https, 308",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ K("stream-snippet", PROV_KIND_NGINX, stream_snippet, prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw nginx stream configuration",
	  .gateway = "none" },
	{ K("temporal-redirect", PROV_KIND_URL, temporal_redirect,
		nginx_parse_temporal),
	  CHARS(CH_URL), .cls = A_, .risk = MED, .scope = LOC,
	  .on_invalid = DROP, .on_bad = GRP,
	  .desc = "answer every request with a redirect (302) to this URL; "
		"wins over permanent-redirect",
	  .gateway = "RequestRedirect from the URL, statusCode 302",
	  .std = "RequestRedirect filter (302)",
	  .construct = TGT_C_PATH_REDIRECT },
	{ INTK("temporal-redirect-code", PROV_KIND_INT, temporal_redirect_code,
		prov_parse_int),
	  .def = "302", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "code of temporal-redirect, 300-307 (else 302)",
	  .gateway = "RequestRedirect statusCode (301, 302, 303, 307)",
	  .std = "RequestRedirect statusCode" },
	{ K("upstream-hash-by", PROV_KIND_NGINX_VAR, upstream_hash_by,
		prov_parse_string),
	  CHARS(CH_NGINX_VAR), .check_flags = STRIP, .cls = B_, .risk = HIGH,
	  .scope = LOC, .on_invalid = DROP,
	  .desc = "consistent hashing on an nginx variable expression",
	  .gateway = "EG BackendTrafficPolicy loadBalancer ConsistentHash "
		"(SourceIP, Header, Cookie)",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ BOOLK("upstream-hash-by-subset", upstream_hash_by_subset),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "hash to a subset of endpoints",
	  .gateway = "none" },
	{ INTK("upstream-hash-by-subset-size", PROV_KIND_INT,
		upstream_hash_by_subset_size, prov_parse_int),
	  .def = "3", .cls = C_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "endpoints per hash subset",
	  .gateway = "none" },
	{ K("upstream-vhost", PROV_KIND_HOST, upstream_vhost,
		prov_parse_string),
	  CHARS(CH_REGEX), .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DROP,
	  .desc = "Host header sent to the upstream",
	  .gateway = "URLRewrite hostname",
	  .std = "URLRewrite filter hostname",
	  .construct = TGT_C_HOST_REWRITE },
	{ BOOLK("use-port-in-redirects", use_port_in_redirects),
	  .def = "false", .cls = A_, .risk = LOW, .scope = LOC,
	  .on_invalid = DEF,
	  .desc = "port in the https redirect Location",
	  .gateway = "RequestRedirect port",
	  .std = "RequestRedirect port", .construct = TGT_C_PORT_REDIRECT },
	{ BOOLK("use-regex", use_regex), .def = "false", .cls = A_,
	  .risk = LOW, .scope = ING, .on_invalid = DEF,
	  .desc = "paths are case-insensitive PCRE prefixes; the whole host "
		"switches to regex mode",
	  .gateway = "PathMatch RegularExpression (?i)^<path> "
		"(implementation-specific), host-wide",
	  .std = "HTTPRoute path match RegularExpression" },
	{ K("x-forwarded-prefix", PROV_KIND_PATH, x_forwarded_prefix,
		prov_parse_string),
	  CHARS(CH_PATH), .check_flags = STRIP, .cls = A_, .risk = MED,
	  .scope = LOC, .on_invalid = DROP,
	  .desc = "X-Forwarded-Prefix header, only with rewrite-target",
	  .gateway = "RequestHeaderModifier set X-Forwarded-Prefix on "
		"rewritten rules",
	  .std = "RequestHeaderModifier filter (X-Forwarded-Prefix)" },
};

const struct prov_provider prov_nginx_provider = {
	.name = "ingress-nginx",
	.prefixes = nginx_prefixes,
	.table = nginx_table,
	.count = ARRAY_LEN(nginx_table),
	.nkeys = ARRAY_LEN(nginx_table) + 2,
};

/* Keys the controller no longer reads, with a hint. */
static const struct {
	const char *key;
	const char *hint;
} nginx_removed[] = {
	{ "add-base-url", "removed in 0.22" },
	{ "base-url-scheme", "removed in 0.22" },
	{ "enable-influxdb", "removed in 1.10" },
	{ "enable-opentracing", "removed; use enable-opentelemetry" },
	{ "global-rate-limit", "removed in 1.12" },
	{ "global-rate-limit-ignored-cidrs", "removed in 1.12" },
	{ "global-rate-limit-key", "removed in 1.12" },
	{ "global-rate-limit-window", "removed in 1.12" },
	{ "grpc-backend", "removed; use backend-protocol: GRPC" },
	{ "influxdb-host", "removed in 1.10" },
	{ "influxdb-measurement", "removed in 1.10" },
	{ "influxdb-port", "removed in 1.10" },
	{ "influxdb-server-name", "removed in 1.10" },
	{ "opentracing-operation-name", "removed; use "
		"opentelemetry-operation-name" },
	{ "opentracing-trust-incoming-span", "removed; use "
		"opentelemetry-trust-incoming-span" },
	{ "secure-backends", "removed; use backend-protocol: HTTPS" },
	{ "session-cookie-hash", "removed; the cookie value is no longer "
		"configurable" },
};

_Static_assert(ARRAY_LEN(nginx_table) == PROV_NGINX_NANN,
	"PROV_NGINX_NANN must match the table");

/* Custom value parsers */

static bool
origin_ok(const char *o)
{
	const char *p = o;

	if (!strcmp(o, "*") || !strcmp(o, "null"))
		return true;
	if (!islower((unsigned char)*p))
		return false;
	while (islower((unsigned char)*p))
		p++;
	if (strncmp(p, "://", 3))
		return false;
	p += 3;
	if (!strncmp(p, "*.", 2))
		p += 2;
	while (isalnum((unsigned char)*p) || *p == '-' || *p == '.')
		p++;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]))
			return false;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	return !*p;
}

/* Bad origins are skipped; "*" anywhere means any origin. */
static int
nginx_parse_origins(struct prov_value *v, void *dst)
{
	static const char *star[] = { "*" };
	struct prov_strlist l = { 0 }, *out = dst;
	size_t n = 0;
	int rc = prov_parse_list(v, &l);

	if (rc)
		return rc;
	for (size_t i = 0; i < l.len; i++) {
		if (!strcmp(l.v[i], "*")) {
			out->v = star;
			out->len = 1;
			return 0;
		}
		if (!origin_ok(l.v[i])) {
			v->note = arena_printf(v->arena, "origin '%s' is not "
				"scheme://host[:port] and is skipped", l.v[i]);
			continue;
		}
		l.v[n++] = l.v[i];
	}
	out->v = l.v;
	out->len = n;
	return 0;
}

static int
cmp_str(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	return strcmp(*a, *b);
}

/* Sorted, without duplicates, as the controller keeps them. */
static int
nginx_parse_server_alias(struct prov_value *v, void *dst)
{
	struct prov_strlist l = { 0 };
	size_t n = 0;
	int rc = prov_parse_list(v, &l);

	if (rc)
		return rc;
	xqsort(l.v, l.len, sizeof(*l.v), cmp_str);
	for (size_t i = 0; i < l.len; i++)
		if (!n || strcmp(l.v[n - 1], l.v[i]))
			l.v[n++] = l.v[i];
	l.len = n;
	*(struct prov_strlist *)dst = l;
	return 0;
}

static int
nginx_parse_temporal(struct prov_value *v, void *dst)
{
	const char *colon = strchr(v->text, ':');

	if (!colon || strncmp(v->text, "http", 4) || colon < v->text + 4) {
		v->why = "only http and https URLs are accepted";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

static bool
header_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static int
nginx_parse_header(struct prov_value *v, void *dst)
{
	if (!header_name_ok(v->text)) {
		v->why = "not a header name";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

static int
nginx_parse_header_list(struct prov_value *v, void *dst)
{
	struct prov_strlist l = { 0 };
	int rc = prov_parse_list(v, &l);

	if (rc)
		return rc;
	for (size_t i = 0; i < l.len; i++) {
		if (!header_name_ok(l.v[i])) {
			v->why = arena_printf(v->arena,
				"'%s' is not a header name", l.v[i]);
			return ERR_INVALID;
		}
	}
	*(struct prov_strlist *)dst = l;
	return 0;
}

/* "200 202 401 5m": status codes, then durations (ms s m h d w M y). */
static bool
cache_token_ok(const char *p, size_t n)
{
	size_t d = 0;

	while (d < n && isdigit((unsigned char)p[d]))
		d++;
	if (!d)
		return false;
	if (d == n)
		return n == 3;
	if (n - d == 2)
		return p[d] == 'm' && p[d + 1] == 's';
	return n - d == 1 && strchr("smhdwMy", p[d]) != NULL;
}

static int
nginx_parse_cache_duration(struct prov_value *v, void *dst)
{
	const char *p = v->text;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, " ,");
		if (!n)
			break;
		if (!cache_token_ok(p, n)) {
			v->why = arena_printf(v->arena, "'%.*s' is neither a "
				"status code nor an nginx time", (int)n, p);
			return ERR_INVALID;
		}
		p += n;
	}
	*(const char **)dst = v->text;
	return 0;
}

/* An invalid pattern is kept: at run time it never selects the canary. */
static int
nginx_parse_pattern(struct prov_value *v, void *dst)
{
	const char *unused = NULL;

	if (prov_parse_regex(v, &unused)) {
		v->note = "not a valid regular expression: the header never "
			"selects the canary (the weight decides)";
		v->why = NULL;
	}
	*(const char **)dst = v->text;
	return 0;
}

/* Settings */

static void *
field(struct prov_nginx_settings *s, const struct prov_annotation *a)
{
	return (char *)s + a->off;
}

static void
set_default(struct prov_nginx_settings *s, const struct prov_annotation *a)
{
	static const char *star[] = { "*" };
	void *dst = field(s, a);
	struct prov_value v = { .ann = a, .text = a->def };

	switch (a->kind) {
	case PROV_KIND_ENUM:
		*(int *)dst = -1;
		break;
	case PROV_KIND_BOOL:
		*(bool *)dst = false;
		break;
	case PROV_KIND_INT:
	case PROV_KIND_SECONDS:
	case PROV_KIND_SIZE:
		*(long long *)dst = 0;
		break;
	case PROV_KIND_HOST_LIST:
	case PROV_KIND_CIDR_LIST:
	case PROV_KIND_ORIGIN_LIST:
		memset(dst, 0, sizeof(struct prov_strlist));
		if (a->def && !strcmp(a->def, "*")) {
			((struct prov_strlist *)dst)->v = star;
			((struct prov_strlist *)dst)->len = 1;
		}
		return;
	case PROV_KIND_STATUS_LIST:
		memset(dst, 0, sizeof(struct prov_intlist));
		return;
	case PROV_KIND_HEADER_LIST:
		if (a->parse == nginx_parse_header_list) {
			memset(dst, 0, sizeof(struct prov_strlist));
			return;
		}
		*(const char **)dst = NULL;
		break;
	default:
		*(const char **)dst = NULL;
		break;
	}
	/* Scalar defaults parse without an arena. */
	if (a->def)
		a->parse(&v, dst);
}

void
prov_nginx_options_init(struct prov_nginx_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->prefix = PROV_NGINX_PREFIX;
	opt->max_risk = PROV_RISK_HIGH;
	opt->ssl_redirect = true;
}

void
prov_nginx_settings_init(struct prov_nginx_settings *s)
{
	/* The defaults are constants (no arena): computed once. */
	static struct prov_nginx_settings defaults;
	static bool ready;

	if (!ready) {
		memset(&defaults, 0, sizeof(defaults));
		for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++)
			set_default(&defaults, &nginx_table[i]);
		ready = true;
	}
	memcpy(s, &defaults, sizeof(*s));
}

static size_t
table_index(const struct prov_annotation *a)
{
	return (size_t)(a - nginx_table);
}

const struct prov_slot *
prov_nginx_slot(const struct prov_nginx_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_lookup(&prov_nginx_provider,
		key);

	return a ? prov_nginx_slot_at(s, table_index(a)) : NULL;
}

const struct prov_slot *
prov_nginx_slot_at(const struct prov_nginx_settings *s, size_t i)
{
	static const struct prov_slot absent;

	return s->slot_of[i] ? &s->present[s->slot_of[i] - 1] : &absent;
}

bool
prov_nginx_is_set(const struct prov_nginx_settings *s, const char *key)
{
	const struct prov_slot *sl = prov_nginx_slot(s, key);

	return sl && sl->state == PROV_SLOT_SET;
}

/* Parsing */

struct nginx_ctx {
	struct prov_nginx_settings *s;
	struct arena *arena;
	const struct doc_set *set;
	const char *ns, *name;
	const char *prefix;
	const struct prov_nginx_options *opt;
	struct diag_sink *sink;
	/* every annotation while parsing; only the present ones are kept */
	struct prov_slot slots[PROV_NGINX_NANN];
};

static struct src_pos
slot_pos(struct nginx_ctx *c, const struct prov_slot *sl)
{
	return doc_pos(c->set, sl->node);
}

static void ING2GW_PRINTF(5, 6)
say(struct nginx_ctx *c, enum diag_severity sev, const char *rule,
	const struct prov_slot *sl, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, slot_pos(c, sl),
		"Ingress '%s/%s': annotation '%s': %s", c->ns ? c->ns : "",
		c->name ? c->name : "", sl->key, msg);
}

static const char *
shown(const char *s)
{
	return s ? s : "";
}

static void
drop(struct nginx_ctx *c, const struct prov_annotation *a,
	const char *reason)
{
	if (c->s->fate == PROV_NGINX_DROPPED)
		return;
	c->s->fate = PROV_NGINX_DROPPED;
	c->s->drop_key = a->key;
	c->s->drop_reason = reason;
}

static void
deny(struct nginx_ctx *c, const struct prov_annotation *a,
	const char *reason)
{
	if (c->s->denied)
		return;
	c->s->denied = true;
	c->s->deny_key = a->key;
	c->s->deny_reason = reason;
}

static bool
in_list(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(key, *list))
			return true;
	return false;
}

static const char *const redirect_keys[] = { "permanent-redirect",
	"permanent-redirect-code", "temporal-redirect",
	"temporal-redirect-code", "from-to-www-redirect",
	"relative-redirects", NULL };
static const char *const ext_auth_keys[] = { "auth-url", "auth-method",
	"auth-signin", "auth-signin-redirect-param", "auth-snippet",
	"auth-cache-key", "auth-cache-duration", "auth-keepalive",
	"auth-keepalive-requests", "auth-keepalive-timeout",
	"auth-keepalive-share-vars", "auth-response-headers",
	"auth-proxy-set-headers", "auth-request-redirect",
	"auth-always-set-cookie", NULL };
static const char *const limit_keys[] = { "limit-rps", "limit-rpm",
	"limit-connections", "limit-burst-multiplier", "limit-rate",
	"limit-rate-after", "limit-allowlist", NULL };

/* Puts every key of a group back to its default. */
static void
reset_group(struct nginx_ctx *c, const char *const *keys)
{
	for (; *keys; keys++) {
		const struct prov_annotation *a = prov_lookup(
			&prov_nginx_provider, *keys);
		struct prov_slot *sl = &c->slots[table_index(a)];

		set_default(c->s, a);
		if (sl->state == PROV_SLOT_SET)
			sl->state = PROV_SLOT_IGNORED;
	}
}

static const char *
group_name(const struct prov_annotation *a)
{
	if (in_list(a->key, redirect_keys))
		return "the redirect annotations (permanent-/temporal-"
			"redirect, from-to-www-redirect, relative-redirects)";
	if (in_list(a->key, ext_auth_keys))
		return "external authentication (auth-url and its options): "
			"requests are not authenticated";
	return "the rate limits (limit-*)";
}

/* The controller cannot use the value of a: act as it does. */
static void
bad_value(struct nginx_ctx *c, const struct prov_annotation *a,
	enum prov_invalid how, const char *why)
{
	struct prov_slot *sl = &c->slots[table_index(a)];
	const char *rule = "nginx/annotation-invalid";

	switch (how) {
	case PROV_INVALID_AS_CHECK:
	case PROV_INVALID_DEFAULT:
		set_default(c->s, a);
		sl->state = PROV_SLOT_DEFAULTED;
		if (a->def)
			say(c, DIAG_WARNING, rule, sl, "value '%s' is %s; "
				"ingress-nginx uses the default '%s'",
				shown(sl->text), why, a->def);
		else
			say(c, DIAG_WARNING, rule, sl, "value '%s' is %s; "
				"ingress-nginx ignores it", shown(sl->text),
				why);
		break;
	case PROV_INVALID_IGNORE:
		set_default(c->s, a);
		sl->state = PROV_SLOT_IGNORED;
		say(c, DIAG_WARNING, rule, sl, "value '%s' is %s; "
			"ingress-nginx ignores the annotation",
			shown(sl->text), why);
		break;
	case PROV_INVALID_GROUP:
		set_default(c->s, a);
		sl->state = PROV_SLOT_IGNORED;
		say(c, DIAG_WARNING, rule, sl, "value '%s' is %s; "
			"ingress-nginx switches off %s", shown(sl->text), why,
			group_name(a));
		if (in_list(a->key, redirect_keys)) {
			c->s->redirect_ignored = true;
			reset_group(c, redirect_keys);
		} else if (in_list(a->key, ext_auth_keys)) {
			c->s->auth_ignored = true;
			reset_group(c, ext_auth_keys);
		} else {
			c->s->limits_ignored = true;
			reset_group(c, limit_keys);
		}
		break;
	case PROV_INVALID_DROP:
	case PROV_INVALID_DROP_PATHS:	/* (not in this table) */
		set_default(c->s, a);
		sl->state = PROV_SLOT_DROPPED;
		drop(c, a, why);
		say(c, DIAG_ERROR, rule, sl, "value '%s' is %s; ingress-nginx "
			"rejects the whole Ingress: none of its rules are "
			"served", shown(sl->text), why);
		break;
	case PROV_INVALID_DENY:
		set_default(c->s, a);
		sl->state = PROV_SLOT_DENIED;
		deny(c, a, why);
		say(c, DIAG_ERROR, rule, sl, "value '%s' is %s; ingress-nginx "
			"denies the Ingress's locations: every request to its "
			"paths gets 503", shown(sl->text), why);
		break;
	}
}

/* Trims white space at both ends of every line (the controller's rule). */
static char *
trim_lines(struct arena *a, const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = arena_alloc(a, n + 1);

	while (*s) {
		size_t len = strcspn(s, "\n"), b = 0;

		while (b < len && isspace((unsigned char)s[b]))
			b++;
		while (len > b && isspace((unsigned char)s[len - 1]))
			len--;
		memcpy(out + j, s + b, len - b);
		j += len - b;
		s += strcspn(s, "\n");
		if (*s == '\n') {
			out[j++] = '\n';
			s++;
		}
	}
	out[j] = '\0';
	return out;
}

static bool
is_snippet(const struct prov_annotation *a)
{
	size_t n = strlen(a->key);

	return n > 8 && !strcmp(a->key + n - 8, "-snippet");
}

static const char *
closest_key(const char *key)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++) {
		size_t d = similar_distance(key, nginx_table[i].key);

		if (d < bestd) {
			bestd = d;
			best = nginx_table[i].key;
		}
	}
	return best;
}

static void
unknown_key(struct nginx_ctx *c, const char *full, const char *key,
	const struct doc_node *knode)
{
	struct src_pos pos = doc_pos(c->set, knode);
	const char *hint;

	for (size_t i = 0; i < ARRAY_LEN(nginx_removed); i++) {
		if (!strcmp(nginx_removed[i].key, key)) {
			diag_add(c->sink, DIAG_WARNING,
				"nginx/annotation-removed", pos, "Ingress "
				"'%s/%s': annotation '%s' is no longer read by "
				"ingress-nginx (%s)", shown(c->ns),
				shown(c->name), full, nginx_removed[i].hint);
			return;
		}
	}
	hint = closest_key(key);
	if (hint)
		diag_add(c->sink, DIAG_WARNING, "nginx/annotation-unknown",
			pos, "Ingress '%s/%s': unknown annotation '%s', "
			"ingress-nginx ignores it (did you mean '%s%s'?)",
			shown(c->ns), shown(c->name), full, c->prefix, hint);
	else
		diag_add(c->sink, DIAG_WARNING, "nginx/annotation-unknown",
			pos, "Ingress '%s/%s': unknown annotation '%s', "
			"ingress-nginx ignores it", shown(c->ns),
			shown(c->name), full);
}

/* A YAML scalar that Kubernetes would not take as a string. */
static bool
typed_scalar(const struct doc_node *n)
{
	long long iv;
	bool bv;

	if ((n->flags & DOC_F_QUOTED) || doc_is_null(n))
		return false;
	return doc_bool(n, &bv) || doc_int(n, &iv);
}

/* Pass 1: find the value node of every key; aliases lose to the key. */
static void
collect(struct nginx_ctx *c, const struct doc_node *map)
{
	size_t plen = strlen(c->prefix);

	for (size_t i = 0; i < doc_len(map); i++) {
		const struct doc_node *kn = doc_map_key(map, i);
		const struct doc_node *vn = doc_map_value(map, i);
		const char *full = doc_str(kn), *key;
		const struct prov_annotation *a;
		struct prov_slot *sl;
		bool alias;

		if (!full || strncmp(full, c->prefix, plen))
			continue;
		key = full + plen;
		a = prov_lookup(&prov_nginx_provider, key);
		if (!a) {
			unknown_key(c, full, key, kn);
			continue;
		}
		alias = strcmp(a->key, key) != 0;
		sl = &c->slots[table_index(a)];
		if (sl->node) {
			const char *cur = doc_str(sl->node);
			bool cur_alias = strcmp(sl->key + plen, a->key) != 0;

			/* The key wins unless its value is empty. */
			if (alias || (!cur_alias && cur && *cur)) {
				struct prov_slot tmp = { .node = vn,
					.key = full };

				say(c, DIAG_WARNING, "nginx/annotation-alias",
					&tmp, "'%s' is also set; ingress-nginx "
					"ignores this one", sl->key);
				continue;
			}
			if (cur && *cur) {
				struct prov_slot tmp = *sl;

				say(c, DIAG_WARNING, "nginx/annotation-alias",
					&tmp, "'%s' is also set; ingress-nginx "
					"ignores this one", full);
			}
		}
		sl->node = vn;
		sl->key = full;
	}
}

static void
check_risk(struct nginx_ctx *c)
{
	for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++) {
		const struct prov_annotation *a = &nginx_table[i];
		struct prov_slot *sl = &c->slots[i];

		if (!sl->node || a->risk <= c->opt->max_risk)
			continue;
		drop(c, a, "too risky for the annotations-risk-level");
		sl->state = PROV_SLOT_DROPPED;
		say(c, DIAG_ERROR, "nginx/annotation-too-risky", sl,
			"risk %s is above the controller's annotations-risk-"
			"level (%s); ingress-nginx rejects the whole Ingress: "
			"none of its rules are served",
			prov_risk_name(a->risk),
			prov_risk_name(c->opt->max_risk));
	}
}

static void
parse_one(struct nginx_ctx *c, size_t i)
{
	const struct prov_annotation *a = &nginx_table[i];
	struct prov_slot *sl = &c->slots[i];
	struct prov_value v = { .ann = a, .arena = c->arena };
	const char *why = NULL;
	const char *raw;

	if (!doc_is_scalar(sl->node)) {
		sl->state = PROV_SLOT_IGNORED;
		say(c, DIAG_ERROR, "nginx/annotation-not-string", sl,
			"the value is a %s, not a string; Kubernetes rejects "
			"the object", doc_is_map(sl->node) ? "map" :
			"sequence");
		return;
	}
	raw = doc_str(sl->node);
	sl->text = raw ? raw : "";
	if (typed_scalar(sl->node))
		say(c, DIAG_WARNING, "nginx/annotation-not-string", sl,
			"the value '%s' is not quoted, so it is not a string "
			"and Kubernetes rejects the object; read as '%s'",
			sl->text, sl->text);
	if (sl->state == PROV_SLOT_DROPPED)
		return;
	v.text = trim_lines(c->arena, sl->text);
	if (!*v.text) {
		sl->state = PROV_SLOT_IGNORED;
		say(c, DIAG_WARNING, "nginx/annotation-invalid", sl,
			"the value is empty; ingress-nginx treats the "
			"annotation as not set");
		if (in_list(a->key, redirect_keys) &&
		    !c->s->redirect_ignored) {
			c->s->redirect_ignored = true;
			reset_group(c, redirect_keys);
		}
		return;
	}
	if (is_snippet(a) && !c->opt->allow_snippets) {
		sl->state = PROV_SLOT_IGNORED;
		say(c, DIAG_WARNING, "nginx/snippet-disabled", sl,
			"snippet annotations are off (ConfigMap "
			"allow-snippet-annotations is false); ingress-nginx "
			"ignores it");
		return;
	}
	if (!c->opt->no_validation &&
	    prov_check_value(a, sl->text, &why)) {
		bad_value(c, a, a->on_invalid, why);
		return;
	}
	if (a->parse(&v, field(c->s, a))) {
		bad_value(c, a, a->on_bad ? a->on_bad : a->on_invalid,
			v.why ? v.why : "invalid");
		return;
	}
	sl->state = PROV_SLOT_SET;
	if (v.note)
		say(c, DIAG_WARNING, "nginx/annotation-invalid", sl, "%s",
			v.note);
}

static struct prov_slot *
slot(struct nginx_ctx *c, const char *key)
{
	const struct prov_annotation *a = prov_lookup(&prov_nginx_provider,
		key);

	return &c->slots[table_index(a)];
}

static bool
set(struct nginx_ctx *c, const char *key)
{
	return slot(c, key)->state == PROV_SLOT_SET;
}

static void
no_effect(struct nginx_ctx *c, const char *key, const char *needs)
{
	struct prov_slot *sl = slot(c, key);

	if (sl->state != PROV_SLOT_SET)
		return;
	sl->state = PROV_SLOT_IGNORED;
	say(c, DIAG_INFO, "nginx/annotation-no-effect", sl,
		"has no effect without %s", needs);
}

static void
fix_redirects(struct nginx_ctx *c)
{
	struct prov_nginx_settings *s = c->s;

	if (s->redirect_ignored)
		return;
	if (set(c, "temporal-redirect")) {
		if (s->temporal_redirect_code < 300 ||
		    s->temporal_redirect_code > 307) {
			say(c, DIAG_WARNING, "nginx/annotation-invalid",
				slot(c, "temporal-redirect-code"), "value "
				"'%lld' is outside 300-307; ingress-nginx uses "
				"302", s->temporal_redirect_code);
			s->temporal_redirect_code = 302;
			slot(c, "temporal-redirect-code")->state =
				PROV_SLOT_DEFAULTED;
		}
		if (set(c, "permanent-redirect")) {
			struct prov_slot *sl = slot(c, "permanent-redirect");

			say(c, DIAG_WARNING, "nginx/annotation-no-effect", sl,
				"temporal-redirect is also set and wins; "
				"ingress-nginx ignores this one");
			sl->state = PROV_SLOT_IGNORED;
			s->permanent_redirect = NULL;
		}
		no_effect(c, "permanent-redirect-code", "permanent-redirect");
		return;
	}
	no_effect(c, "temporal-redirect-code", "temporal-redirect");
	if (set(c, "permanent-redirect-code") &&
	    (s->permanent_redirect_code < 300 ||
		s->permanent_redirect_code > 308)) {
		say(c, DIAG_WARNING, "nginx/annotation-invalid",
			slot(c, "permanent-redirect-code"), "value '%lld' is "
			"outside 300-308; ingress-nginx uses 301",
			s->permanent_redirect_code);
		s->permanent_redirect_code = 301;
		slot(c, "permanent-redirect-code")->state =
			PROV_SLOT_DEFAULTED;
	}
	if (!set(c, "permanent-redirect"))
		no_effect(c, "permanent-redirect-code", "permanent-redirect");
}

static void
fix_canary(struct nginx_ctx *c)
{
	static const char *const keys[] = { "canary-weight",
		"canary-by-header", "canary-by-header-value",
		"canary-by-header-pattern", "canary-by-cookie",
		"canary-weight-total", NULL };
	struct prov_nginx_settings *s = c->s;
	long long total;

	if (!s->canary) {
		const char *used = NULL;

		if (s->canary_weight > 0)
			used = "canary-weight";
		else if (s->canary_by_header)
			used = "canary-by-header";
		else if (s->canary_by_header_value)
			used = "canary-by-header-value";
		else if (s->canary_by_cookie)
			used = "canary-by-cookie";
		else if (s->canary_by_header_pattern)
			used = "canary-by-header-pattern";
		if (used) {
			s->canary_ignored = true;
			say(c, DIAG_WARNING, "nginx/canary-not-enabled",
				slot(c, used), "canary annotations without "
				"canary: \"true\" (configured but not "
				"enabled); ingress-nginx ignores all canary "
				"annotations and serves this Ingress as a "
				"normal one");
			reset_group(c, keys);
		}
		return;
	}
	s->is_canary = true;
	if (set(c, "canary-weight-total") && s->canary_weight_total < 100)
		say(c, DIAG_WARNING, "nginx/canary-weight",
			slot(c, "canary-weight-total"), "values below 100 "
			"are ignored; ingress-nginx uses 100");
	total = s->canary_weight_total > 100 ? s->canary_weight_total : 100;
	s->canary_weight_total = total;
	if (s->canary_weight < 0)
		say(c, DIAG_WARNING, "nginx/canary-weight",
			slot(c, "canary-weight"), "negative weight: the "
			"canary never gets weighted traffic");
	else if (s->canary_weight > total)
		say(c, DIAG_WARNING, "nginx/canary-weight",
			slot(c, "canary-weight"), "weight %lld is above the "
			"total %lld: all weighted traffic goes to the canary",
			s->canary_weight, total);
	if (s->canary_by_header_value && !s->canary_by_header)
		no_effect(c, "canary-by-header-value", "canary-by-header");
	if (s->canary_by_header_pattern && !s->canary_by_header)
		no_effect(c, "canary-by-header-pattern", "canary-by-header");
}

static void
fix_auth(struct nginx_ctx *c)
{
	static const char *const basic[] = { "auth-secret",
		"auth-secret-type", "auth-realm", NULL };
	struct prov_nginx_settings *s = c->s;

	if (s->auth_type < 0 && slot(c, "auth-type")->state ==
	    PROV_SLOT_ABSENT) {
		for (const char *const *k = basic; *k; k++)
			no_effect(c, *k, "auth-type");
	} else if (set(c, "auth-type") && !s->auth_secret &&
	    slot(c, "auth-secret")->state == PROV_SLOT_ABSENT) {
		const struct prov_annotation *a = prov_lookup(
			&prov_nginx_provider, "auth-secret");

		deny(c, a, "auth-type without auth-secret");
		say(c, DIAG_ERROR, "nginx/annotation-invalid",
			slot(c, "auth-type"), "auth-secret is missing; "
			"ingress-nginx denies the Ingress's locations: every "
			"request to its paths gets 503");
	}
	if (!s->auth_url && !s->auth_ignored) {
		for (const char *const *k = ext_auth_keys + 1; *k; k++)
			if (strcmp(*k, "auth-snippet"))
				no_effect(c, *k, "auth-url");
	}
	if (!s->auth_tls_secret) {
		static const char *const tls[] = { "auth-tls-verify-client",
			"auth-tls-verify-depth", "auth-tls-error-page",
			"auth-tls-pass-certificate-to-upstream",
			"auth-tls-match-cn", NULL };

		for (const char *const *k = tls; *k; k++)
			no_effect(c, *k, "auth-tls-secret");
	}
}

static void
fix_misc(struct nginx_ctx *c)
{
	struct prov_nginx_settings *s = c->s;

	if (!s->rewrite_target)
		no_effect(c, "x-forwarded-prefix", "rewrite-target");
	if (s->mirror_target && !s->mirror_host) {
		const char *p = strstr(s->mirror_target, "://");

		if (p) {
			p += 3;
			s->mirror_host = arena_strndup(c->arena, p,
				strcspn(p, "/:$?"));
		}
	}
	if (s->limit_rps < 0 || s->limit_rpm < 0 || s->limit_connections < 0)
		say(c, DIAG_WARNING, "nginx/annotation-invalid",
			slot(c, s->limit_rps < 0 ? "limit-rps" :
				s->limit_rpm < 0 ? "limit-rpm" :
				"limit-connections"),
			"a negative limit makes nginx refuse the generated "
			"configuration");
	if (!s->limit_rps && !s->limit_rpm && !s->limit_connections)
		no_effect(c, "limit-allowlist", "limit-rps, limit-rpm or "
			"limit-connections");
	if (s->affinity < 0) {
		static const char *const cookie[] = { "session-cookie-name",
			"session-cookie-path", "session-cookie-domain",
			"session-cookie-expires", "session-cookie-max-age",
			"session-cookie-secure", "session-cookie-samesite",
			"session-cookie-conditional-samesite-none",
			"session-cookie-change-on-failure", "affinity-mode",
			NULL };

		for (const char *const *k = cookie; *k; k++)
			no_effect(c, *k, "affinity: cookie");
	}
	if (s->upstream_hash_by_subset_size == 0)
		s->upstream_hash_by_subset_size = 3;
	if (s->auth_tls_verify_depth == 0)
		s->auth_tls_verify_depth = 1;
}

static bool
slot_used(const struct prov_slot *sl)
{
	return sl->node || sl->text || sl->key || sl->state != PROV_SLOT_ABSENT;
}

/* Copies the slots of the annotations present into the arena. */
static void
keep_slots(struct nginx_ctx *c)
{
	struct prov_slot *kept;
	unsigned n = 0;

	_Static_assert(PROV_NGINX_NANN < 256, "slot_of holds 1 + index");
	for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++)
		n += slot_used(&c->slots[i]);
	if (!n)
		return;
	kept = arena_alloc(c->arena, n * sizeof(*kept));
	n = 0;
	for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++) {
		if (!slot_used(&c->slots[i]))
			continue;
		kept[n] = c->slots[i];
		c->s->slot_of[i] = (unsigned char)++n;
	}
	c->s->present = kept;
	c->s->npresent = n;
}

int
prov_nginx_parse(struct prov_nginx_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name,
	const struct prov_nginx_options *opt, struct diag_sink *sink)
{
	struct prov_nginx_options defaults;
	struct nginx_ctx c = {
		.s = out, .arena = arena, .set = set, .ns = ns,
		.name = name, .sink = sink,
	};

	if (!opt) {
		prov_nginx_options_init(&defaults);
		opt = &defaults;
	}
	c.opt = opt;
	c.prefix = opt->prefix ? opt->prefix : PROV_NGINX_PREFIX;
	prov_nginx_settings_init(out);
	out->ssl_redirect = opt->ssl_redirect;
	if (!annotations || doc_is_null(annotations))
		return 0;
	if (!doc_is_map(annotations)) {
		diag_add(sink, DIAG_ERROR, "nginx/annotations-not-map",
			doc_pos(set, annotations), "Ingress '%s/%s': "
			"metadata.annotations is not a map", shown(ns),
			shown(name));
		return ERR_INVALID;
	}
	collect(&c, annotations);
	check_risk(&c);
	for (size_t i = 0; i < ARRAY_LEN(nginx_table); i++) {
		if (c.slots[i].node)
			parse_one(&c, i);
	}
	if (out->redirect_ignored)
		reset_group(&c, redirect_keys);
	if (out->auth_ignored)
		reset_group(&c, ext_auth_keys);
	if (out->limits_ignored)
		reset_group(&c, limit_keys);
	/* Unset or unusable: the ConfigMap value applies. */
	if (slot(&c, "ssl-redirect")->state != PROV_SLOT_SET)
		out->ssl_redirect = opt->ssl_redirect;
	fix_redirects(&c);
	fix_canary(&c);
	fix_auth(&c);
	fix_misc(&c);
	keep_slots(&c);
	return 0;
}

/* ---- selection and order --------------------------------------------- */

bool
prov_nginx_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	if (!ing->class_name)
		return without_class;
	cls = ing_world_class(w, ing->class_name);
	if (cls)
		return cls->controller &&
			!strcmp(cls->controller, PROV_NGINX_CONTROLLER);
	/* an input without IngressClasses: the controller's default name,
	 * which is F5 NGINX's too: an Ingress written for F5 NGINX (its
	 * nginx.org/ keys dominate) is F5 NGINX's */
	return !strcmp(ing->class_name, "nginx") &&
		prov_f5_leans(ing->annotations) <= 0;
}

/* The next byte of "ns/name", walked without building the string. */
static int
key_next(const char **p, int *part, const char *name)
{
	if (*part == 0) {
		if (**p)
			return (unsigned char)*(*p)++;
		*part = 1;
		*p = name;
		return '/';
	}
	return **p ? (unsigned char)*(*p)++ : 0;
}

int
prov_nginx_cmp(const struct ingress *a, const struct ingress *b)
{
	/* RFC 3339 in UTC, as the API server writes them: strcmp orders */
	const char *ta = a->creation_timestamp ? a->creation_timestamp : "";
	const char *tb = b->creation_timestamp ? b->creation_timestamp : "";
	const char *pa = a->ns, *pb = b->ns;
	int d = strcmp(ta, tb), parta = 0, partb = 0, ca, cb;

	if (d)
		return d;
	/*
	 * One string, not namespace then name: "a/x" sorts after "a-b/x"
	 * since '/' > '-'.
	 */
	do {
		ca = key_next(&pa, &parta, a->name ? a->name : "");
		cb = key_next(&pb, &partb, b->name ? b->name : "");
		if (ca != cb)
			return cb - ca;		/* descending */
	} while (ca);
	return a->obj->order < b->obj->order ? -1 :
		a->obj->order > b->obj->order;
}
