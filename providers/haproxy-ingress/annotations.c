#include "compat.h"
#include "providers/haproxy-ingress/annotations.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "strbuf.h"
#include "targets/target.h"

/*
 * Facts: jcmoraisjr/haproxy-ingress v0.14/v0.15: the key table of
 * docs/content/en/docs/configuration/keys.md (scope, data type and
 * default of every key), its sections (what each key does), and
 * pkg/converters/ingress (the annotations prefixes, how a value is
 * read and what a bad one does).
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define MED PROV_RISK_MEDIUM
#define HIGH PROV_RISK_HIGH
#define CRIT PROV_RISK_CRITICAL
#define ING PROV_SCOPE_INGRESS
#define SVC PROV_SCOPE_SERVICE
#define IGN PROV_INVALID_IGNORE
#define DEF PROV_INVALID_DEFAULT

#define F_(fld, fn) .parse = (fn), \
	.off = offsetof(struct prov_hap_settings, fld)
#define K(k, kd) .key = (k), .kind = (kd)

static prov_parse_fn hap_parse_size;

static const char *const v_auth[] = { "basic", NULL };
static const char *const v_proto[] = { "h1", "h2", "h1-ssl", "h2-ssl",
	"grpc", "grpcs", NULL };
static const char *const v_affinity[] = { "cookie", NULL };
static const char *const v_placement[] = { "backend", "frontend", NULL };
static const char *const v_verify[] = { "off", "optional", "on",
	"optional_no_ca", NULL };
static const char *const v_naming[] = { "sequence", "ip", "pod", NULL };
static const char *const v_bgmode[] = { "pod", "deploy", NULL };
static const char *const v_dyn[] = { "None", "Slots", "Add", NULL };
static const char *const v_fwd[] = { "add", "ignore", "ifmissing", NULL };
static const char *const v_oauth[] = { "oauth2_proxy", NULL };
static const char *const v_pathtype[] = { "begin", "prefix", "exact",
	"regex", NULL };
static const char *const v_pp[] = { "v1", "v2", "v2-ssl", "v2-ssl-cn",
	NULL };
static const char *const v_waf[] = { "modsecurity", NULL };
static const char *const v_wafmode[] = { "deny", "detect", NULL };
static const char *const a_allow[] = { "whitelist-source-range", NULL };
static const char *const a_srchdr[] = { "whitelist-source-header", NULL };

/* The controller's own prefix. It reads ingress.kubernetes.io/ too
 * (read_prefixes, its default --annotations-prefix), which other tools
 * share: audit and "did you mean" leave that one to them. */
static const char *const hapi_prefixes[] = { PROV_HAPI_PREFIX, NULL };
static const char *const read_prefixes[] = { PROV_HAPI_PREFIX,
	"ingress.kubernetes.io/", NULL };

/* In key order: every key of docs/content/en/docs/configuration/keys.md
 * of scope Host, Backend, Path or Frontend (the Global ones only where
 * they are often written on an Ingress by mistake). */
static const struct prov_annotation hapi_table[] = {
	{ K("affinity", PROV_KIND_ENUM), .values = v_affinity, .check = PROV_CHECK_OPTIONS, .feature = IR_FEAT_LOAD_BALANCING,
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "cookie: session affinity by a cookie (session-cookie-name, "
		"default INGRESSCOOKIE)",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy "
		"loadBalancer consistentHash cookie)" },
	{ K("agent-check-addr", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "agent check addr of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("agent-check-interval", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "agent check interval of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("agent-check-port", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "agent check port of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("agent-check-send", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "agent check send of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("allowlist-source-header", PROV_KIND_STRING), .aliases = a_srchdr, F_(src_ip_header, prov_hap_parse_text),
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "header that holds the client address the lists check",
	  .gateway = "the implementation's policy (EG SecurityPolicy clientCIDRs with a client IP detection)" },
	{ K("allowlist-source-range", PROV_KIND_CIDR_LIST), .aliases = a_allow, .check = PROV_CHECK_CIDRS, F_(allow, NULL), .feature = IR_FEAT_IP_ACCESS,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "only these client addresses may reach the paths; others get 403",
	  .gateway = "the implementation's policy (EG SecurityPolicy authorization); without one the paths are closed (error)" },
	{ K("app-root", PROV_KIND_PATH), F_(app_root, prov_hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "redirect (302) requests for '/' to this path",
	  .gateway = "an HTTPRoute rule for Exact '/' with a RequestRedirect filter (ReplaceFullPath)" },
	{ K("assign-backend-server-id", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "fixed server ids of the backend",
	  .gateway = "none" },
	{ K("auth-external-placement", PROV_KIND_ENUM), .values = v_placement, .feature = IR_FEAT_EXT_AUTH,
	  .def = "backend", .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "where the external authentication runs (backend, frontend)",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-headers-fail", PROV_KIND_HEADER_LIST), .feature = IR_FEAT_EXT_AUTH,
	  .def = "*", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "headers copied fail with external authentication",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-headers-request", PROV_KIND_HEADER_LIST), .feature = IR_FEAT_EXT_AUTH,
	  .def = "*", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "headers copied request with external authentication",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-headers-succeed", PROV_KIND_HEADER_LIST), .feature = IR_FEAT_EXT_AUTH,
	  .def = "*", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "headers copied succeed with external authentication",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-method", PROV_KIND_STRING), .feature = IR_FEAT_EXT_AUTH,
	  .def = "GET", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "method of the external authentication request",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-realm", PROV_KIND_STRING), F_(auth_realm, prov_hap_parse_text), .feature = IR_FEAT_BASIC_AUTH,
	  .def = "localhost", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "realm of the basic authentication",
	  .gateway = "the implementation's basic-auth policy" },
	{ K("auth-secret", PROV_KIND_OBJREF), F_(auth_secret, prov_hap_parse_text), .feature = IR_FEAT_BASIC_AUTH,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "Secret (key auth) of user:password lines for basic authentication",
	  .gateway = "the implementation's basic-auth policy (EG SecurityPolicy basicAuth); without one the paths are closed (error)" },
	{ K("auth-signin", PROV_KIND_URL), .feature = IR_FEAT_EXT_AUTH,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "where a failed external authentication redirects",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("auth-tls-cert-header", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "send the client certificate to the backend in a header",
	  .gateway = "none" },
	{ K("auth-tls-error-page", PROV_KIND_URL),
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "where a failed client certificate check redirects",
	  .gateway = "Gateway tls.frontend validation; client certificates restrict access (error)" },
	{ K("auth-tls-secret", PROV_KIND_OBJREF),
	  .cls = B_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "CA bundle that client certificates must be signed by",
	  .gateway = "Gateway tls.frontend validation (not per route); without it the host is open: closed (error)" },
	{ K("auth-tls-strict", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "refuse the request (not only the handshake) on a bad certificate",
	  .gateway = "Gateway tls.frontend validation" },
	{ K("auth-tls-verify-client", PROV_KIND_ENUM), .values = v_verify,
	  .def = "on", .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "client certificate check: off, optional, on, optional_no_ca",
	  .gateway = "Gateway tls.frontend validation mode" },
	{ K("auth-type", PROV_KIND_ENUM), .values = v_auth, .check = PROV_CHECK_OPTIONS, .check_flags = PROV_CF_CASE, .feature = IR_FEAT_BASIC_AUTH,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "basic: HTTP basic authentication of the paths (with auth-secret)",
	  .gateway = "the implementation's basic-auth policy (EG SecurityPolicy basicAuth); without one the paths are closed (error)" },
	{ K("auth-url", PROV_KIND_URL), F_(auth_url, prov_hap_parse_text), .feature = IR_FEAT_EXT_AUTH,
	  .cls = B_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "external authentication: the request is allowed when this URL answers 2xx",
	  .gateway = "the implementation's external auth policy (EG SecurityPolicy extAuth); without one the paths are closed (error)" },
	{ K("backend-check-interval", PROV_KIND_DURATION),
	  .def = "2s", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "interval of the backend health checks",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("backend-protocol", PROV_KIND_ENUM), .values = v_proto, .check = PROV_CHECK_OPTIONS,
	  .def = "h1", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "protocol to the backend: h1, h2, h1-ssl, h2-ssl",
	  .gateway = "h2: Service appProtocol kubernetes.io/h2c; -ssl: a BackendTLSPolicy" },
	{ K("backend-server-naming", PROV_KIND_ENUM), .values = v_naming,
	  .def = "sequence", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "server names of the backend",
	  .gateway = "none" },
	{ K("backend-server-slots-increment", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .def = "1", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "server slots added at a time",
	  .gateway = "none" },
	{ K("balance-algorithm", PROV_KIND_STRING), F_(load_balance, prov_hap_parse_text), .feature = IR_FEAT_LOAD_BALANCING,
	  .def = "random(2)", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "load balancing algorithm (roundrobin, leastconn, source, uri...)",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy loadBalancer)" },
	{ K("bind-http", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "frontend bind address or frontend of the Ingress's hosts",
	  .gateway = "none: the Gateway's listeners" },
	{ K("bind-http-passthrough", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "frontend bind address or frontend of the Ingress's hosts",
	  .gateway = "none: the Gateway's listeners" },
	{ K("bind-https", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "frontend bind address or frontend of the Ingress's hosts",
	  .gateway = "none: the Gateway's listeners" },
	{ K("bind-ip-addr-http", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "frontend bind address or frontend of the Ingress's hosts",
	  .gateway = "none: the Gateway's listeners" },
	{ K("blue-green-balance", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "weights per Pod label value (label=value=weight,...): canary",
	  .gateway = "HTTPRoute backendRefs weights, once each label value has a Service of its own: not converted (the Pods of one Service are split by label)" },
	{ K("blue-green-cookie", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "cookie Name:label that picks the deployment",
	  .gateway = "HTTPRoute matches on a Cookie header (regex); not converted" },
	{ K("blue-green-deploy", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "weights per Pod label value (label=value=weight,...): canary",
	  .gateway = "HTTPRoute backendRefs weights, once each label value has a Service of its own: not converted (the Pods of one Service are split by label)" },
	{ K("blue-green-header", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "header Name:label that picks the deployment",
	  .gateway = "HTTPRoute header matches per deployment Service; not converted" },
	{ K("blue-green-mode", PROV_KIND_ENUM), .values = v_bgmode,
	  .def = "deploy", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "weight per pod or per deployment",
	  .gateway = "none: the implementation's own settings" },
	{ K("cert-signer", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "acme: certificates signed by the ACME client",
	  .gateway = "none (cert-manager annotations on the Gateway)" },
	{ K("config-backend", PROV_KIND_NGINX), F_(snippet, prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw HAProxy backend configuration (may hold http-request deny, auth or ACLs)",
	  .gateway = "not carried: raw configuration has no Gateway API form; an access check in it would be lost (error)" },
	{ K("config-frontend", PROV_KIND_NGINX),
	  .cls = C_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw frontend configuration; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "not carried (error)" },
	{ K("cookie-key", PROV_KIND_STRING),
	  .def = "Ingress", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "secret of dynamic cookies; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "none: the implementation's own settings" },
	{ K("cors-allow-credentials", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL, F_(cors_credentials, prov_parse_bool),
	  .def = "true", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS Access-Control-Allow-Credentials",
	  .gateway = "HTTPRoute CORS filter allowCredentials" },
	{ K("cors-allow-headers", PROV_KIND_HEADER_LIST), F_(cors_headers, prov_hap_parse_text),
	  .def = "DNT,X-CustomHeader,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Authorization", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS allowed headers",
	  .gateway = "HTTPRoute CORS filter allowHeaders" },
	{ K("cors-allow-methods", PROV_KIND_LIST), F_(cors_methods, prov_hap_parse_text),
	  .def = "GET, PUT, POST, DELETE, PATCH, OPTIONS", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS allowed methods",
	  .gateway = "HTTPRoute CORS filter allowMethods" },
	{ K("cors-allow-origin", PROV_KIND_ORIGIN_LIST), F_(cors_origin, prov_hap_parse_text),
	  .def = "*", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS allowed origins",
	  .gateway = "HTTPRoute CORS filter allowOrigins" },
	{ K("cors-allow-origin-regex", PROV_KIND_REGEX),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS origins by regex",
	  .gateway = "HTTPRoute CORS allowOrigins takes wildcards, not regex: not converted" },
	{ K("cors-enable", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL, F_(cors_enable, prov_parse_bool),
	  .def = "false", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "answer CORS preflights and add CORS headers",
	  .gateway = "HTTPRoute CORS filter (experimental)" },
	{ K("cors-expose-headers", PROV_KIND_HEADER_LIST),
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS exposed headers",
	  .gateway = "HTTPRoute CORS filter exposeHeaders" },
	{ K("cors-max-age", PROV_KIND_SECONDS), F_(cors_max_age, prov_parse_seconds),
	  .def = "86400", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CORS preflight max age (seconds)",
	  .gateway = "HTTPRoute CORS filter maxAge" },
	{ K("denylist-source-range", PROV_KIND_CIDR_LIST), .check = PROV_CHECK_CIDRS, F_(deny, NULL), .feature = IR_FEAT_IP_ACCESS,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "these client addresses get 403",
	  .gateway = "the implementation's policy (EG SecurityPolicy authorization); without one the paths are closed (error)" },
	{ K("dynamic-scaling", PROV_KIND_ENUM), .values = v_dyn,
	  .def = "Slots", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "how servers are added (None, Slots, Add)",
	  .gateway = "none" },
	{ K("fcgi-app", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "FastCGI application of the backend",
	  .gateway = "none: Gateway API proxies HTTP" },
	{ K("forwardfor", PROV_KIND_ENUM), .values = v_fwd,
	  .def = "add", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "X-Forwarded-For handling; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "none: the implementation's own settings" },
	{ K("headers", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "request headers to the backend ('name: value' lines)",
	  .gateway = "HTTPRoute RequestHeaderModifier set" },
	{ K("health-check-addr", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check addr of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("health-check-fall-count", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check fall-count of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("health-check-interval", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check interval of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("health-check-port", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check port of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("health-check-rise-count", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check rise-count of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("health-check-uri", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "health check uri of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("hsts", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "true", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Strict-Transport-Security on HTTPS answers",
	  .gateway = "none: a ResponseHeaderModifier could add the header (not converted)" },
	{ K("hsts-include-subdomains", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HSTS includeSubDomains",
	  .gateway = "none" },
	{ K("hsts-max-age", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .def = "15768000", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HSTS max-age",
	  .gateway = "none" },
	{ K("hsts-preload", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HSTS preload",
	  .gateway = "none" },
	{ K("http-frontend", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "frontend bind address or frontend of the Ingress's hosts",
	  .gateway = "none: the Gateway's listeners" },
	{ K("http-header-match", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "route only requests with this header and exact value",
	  .gateway = "HTTPRoute headers match Exact (not converted: add it by hand)" },
	{ K("http-header-match-regex", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "route only requests whose header matches a regex",
	  .gateway = "HTTPRoute headers match RegularExpression (not converted)" },
	{ K("http-passthrough", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HTTP frontend of a fronting proxy",
	  .gateway = "none" },
	{ K("initial-weight", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .def = "1", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "initial weight of the servers",
	  .gateway = "none" },
	{ K("limit-connections", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "maximum connections per client address",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy rateLimit)" },
	{ K("limit-rps", PROV_KIND_INT), .check = PROV_CHECK_INT, F_(rate_requests, prov_parse_int), .feature = IR_FEAT_RATE_LIMIT,
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "maximum requests per second per client address",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy rateLimit)" },
	{ K("limit-whitelist", PROV_KIND_CIDR_LIST),
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "addresses not rate limited",
	  .gateway = "the implementation's rate limit policy" },
	{ K("maxconn-server", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "maximum connections per server",
	  .gateway = "none (EG BackendTrafficPolicy circuitBreaker)" },
	{ K("maxqueue-server", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "maximum queued requests per server",
	  .gateway = "none" },
	{ K("no-tls-redirect-locations", PROV_KIND_LIST),
	  .def = "/.well-known/acme-challenge", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "paths never redirected to HTTPS; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "none: the implementation's own settings" },
	{ K("oauth", PROV_KIND_ENUM), .values = v_oauth, F_(oauth, prov_hap_parse_text), .feature = IR_FEAT_EXT_AUTH,
	  .cls = B_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "oauth2_proxy: requests need a session of the OAuth2 proxy",
	  .gateway = "the implementation's OIDC policy (EG SecurityPolicy oidc); without one the paths are closed (error)" },
	{ K("oauth-headers", PROV_KIND_STRING), .feature = IR_FEAT_EXT_AUTH,
	  .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "headers from the OAuth2 proxy's answer",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("oauth-uri-prefix", PROV_KIND_PATH), .feature = IR_FEAT_EXT_AUTH,
	  .def = "/oauth2", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "path prefix of the OAuth2 proxy",
	  .gateway = "the implementation's policy; without one the paths are closed (error)" },
	{ K("path-type", PROV_KIND_ENUM), .values = v_pathtype, .check = PROV_CHECK_OPTIONS,
	  .def = "begin", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "matching of the Ingress's ImplementationSpecific paths: begin, prefix, exact, regex",
	  .gateway = "begin: PathPrefix (segments, warned); prefix: PathPrefix; exact: Exact; regex: RegularExpression" },
	{ K("path-type-order", PROV_KIND_LIST),
	  .def = "exact,prefix,begin,regex", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "order path types are tried in; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "Gateway API's own precedence: Exact, then longest prefix" },
	{ K("peers-table", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "stick-table shared between controllers",
	  .gateway = "none" },
	{ K("proxy-body-size", PROV_KIND_SIZE), F_(body_size, hap_parse_size), .feature = IR_FEAT_BODY_SIZE,
	  .def = "unlimited", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "maximum request body size (413 above)",
	  .gateway = "the implementation's policy (EG ClientTrafficPolicy)" },
	{ K("proxy-protocol", PROV_KIND_ENUM), .values = v_pp,
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "PROXY protocol to the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy proxyProtocol)" },
	{ K("redirect-from", PROV_KIND_STRING),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "another domain redirected to the host",
	  .gateway = "none: add an HTTPRoute for that domain with a RequestRedirect" },
	{ K("redirect-from-code", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .def = "302", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "status of redirect-from redirects",
	  .gateway = "none" },
	{ K("redirect-from-regex", PROV_KIND_REGEX),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "domains by regex redirected to the host",
	  .gateway = "none: Gateway API hostnames are not regexes" },
	{ K("redirect-to", PROV_KIND_URL), F_(redirect_to, prov_hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "redirect every request of the paths to this URL",
	  .gateway = "HTTPRoute RequestRedirect filter (scheme, hostname, port, ReplaceFullPath)" },
	{ K("redirect-to-code", PROV_KIND_INT), .check = PROV_CHECK_INT, F_(request_redirect_code, prov_parse_int),
	  .def = "302", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "status of redirect-to redirects",
	  .gateway = "RequestRedirect statusCode (301, 302, 303, 307, 308)" },
	{ K("request-add-headers", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "request headers added ('name: value' lines)",
	  .gateway = "HTTPRoute RequestHeaderModifier add" },
	{ K("request-del-headers", PROV_KIND_HEADER_LIST),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "request headers removed",
	  .gateway = "HTTPRoute RequestHeaderModifier remove" },
	{ K("request-set-headers", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "request headers set ('name: value' lines)",
	  .gateway = "HTTPRoute RequestHeaderModifier set" },
	{ K("response-add-headers", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "response headers added ('name: value' lines)",
	  .gateway = "HTTPRoute ResponseHeaderModifier add" },
	{ K("response-del-headers", PROV_KIND_HEADER_LIST),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "response headers removed",
	  .gateway = "HTTPRoute ResponseHeaderModifier remove" },
	{ K("response-set-headers", PROV_KIND_STRING),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "response headers set ('name: value' lines)",
	  .gateway = "HTTPRoute ResponseHeaderModifier set" },
	{ K("rewrite-target", PROV_KIND_PATH), F_(rewrite_target, prov_hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "replace the matched path prefix with this path",
	  .gateway = "HTTPRoute URLRewrite ReplacePrefixMatch" },
	{ K("secure-backends", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL, F_(server_ssl, prov_parse_bool),
	  .def = "false", .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "HTTPS to the backend (legacy of backend-protocol h1-ssl)",
	  .gateway = "a BackendTLSPolicy" },
	{ K("secure-crt-secret", PROV_KIND_OBJREF),
	  .cls = C_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "client certificate to the backend",
	  .gateway = "none (EG Backend tls clientCertificateRef)" },
	{ K("secure-sni", PROV_KIND_STRING),
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "SNI to the backend",
	  .gateway = "BackendTLSPolicy hostname" },
	{ K("secure-verify-ca-secret", PROV_KIND_OBJREF),
	  .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "CA that checks the backend's certificate",
	  .gateway = "BackendTLSPolicy caCertificateRefs" },
	{ K("secure-verify-hostname", PROV_KIND_HOST),
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "name the backend's certificate must carry",
	  .gateway = "BackendTLSPolicy hostname" },
	{ K("server-alias", PROV_KIND_HOST),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "another host name served like the Ingress's host",
	  .gateway = "HTTPRoute hostnames (not converted: add it by hand)" },
	{ K("server-alias-regex", PROV_KIND_REGEX),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "host names by regex served like the host",
	  .gateway = "none: Gateway API hostnames are not regexes" },
	{ K("service-upstream", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "route to the Service's ClusterIP, not its endpoints",
	  .gateway = "none" },
	{ K("session-cookie-domain", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: domain",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-dynamic", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: dynamic",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-keywords", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: keywords",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-name", PROV_KIND_STRING), F_(cookie, prov_hap_parse_text), .feature = IR_FEAT_LOAD_BALANCING,
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "name of the session affinity cookie",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy loadBalancer consistentHash cookie)" },
	{ K("session-cookie-preserve", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: preserve",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-shared", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: shared",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-strategy", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: strategy",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("session-cookie-value-strategy", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "session affinity cookie: value-strategy",
	  .gateway = "none (EG BackendTrafficPolicy consistentHash cookie)" },
	{ K("slots-min-free", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .def = "0", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "free server slots kept",
	  .gateway = "none" },
	{ K("source-address-intf", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "source interfaces of backend connections",
	  .gateway = "none" },
	{ K("ssl-always-add-https", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "add HTTPS to hosts without tls",
	  .gateway = "none" },
	{ K("ssl-always-follow-redirect", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "true", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "follow ssl-redirect on hosts added by ssl-always-add-https",
	  .gateway = "none" },
	{ K("ssl-cipher-suites", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-cipher-suites",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-cipher-suites-backend", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-cipher-suites-backend",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-ciphers", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-ciphers",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-ciphers-backend", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-ciphers-backend",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-fingerprint-lower", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "lower-case certificate fingerprints",
	  .gateway = "none" },
	{ K("ssl-fingerprint-sha2-bits", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-fingerprint-sha2-bits",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-options-backend", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-options-backend",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-options-host", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting ssl-options-host",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("ssl-passthrough", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL, F_(ssl_passthrough, prov_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS to the backend without termination (SNI routing)",
	  .gateway = "a TLS listener in Passthrough mode and a TLSRoute" },
	{ K("ssl-passthrough-http-port", PROV_KIND_INT), .check = PROV_CHECK_INT,
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "backend port of HTTP requests of a passthrough host",
	  .gateway = "none: an HTTPRoute on the HTTP listener (not converted)" },
	{ K("ssl-redirect", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL, F_(ssl_redirect, prov_parse_bool),
	  .def = "true", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "redirect HTTP to HTTPS (hosts with tls)",
	  .gateway = "an HTTPRoute on the HTTP listener with a RequestRedirect filter, scheme https" },
	{ K("ssl-redirect-code", PROV_KIND_INT),
	  .def = "302", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "status of the HTTPS redirect; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "RequestRedirect statusCode (302 kept)" },
	{ K("strict-host", PROV_KIND_BOOL),
	  .def = "false", .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "no fallback to the default host; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "none: the implementation's own settings" },
	{ K("timeout-client", PROV_KIND_DURATION),
	  .def = "50s", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "client inactivity timeout; ConfigMap only: the controller does not read it from an Ingress",
	  .gateway = "none: the implementation's own settings" },
	{ K("timeout-connect", PROV_KIND_DURATION), F_(timeout_connect, prov_hap_parse_time), .feature = IR_FEAT_TIMEOUTS,
	  .def = "5s", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout connect",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-http-request", PROV_KIND_DURATION),
	  .def = "5s", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout http-request",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-keep-alive", PROV_KIND_DURATION),
	  .def = "1m", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout keep-alive",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-queue", PROV_KIND_DURATION),
	  .def = "5s", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout queue",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-server", PROV_KIND_DURATION), F_(timeout_server, prov_hap_parse_time), .feature = IR_FEAT_TIMEOUTS,
	  .def = "50s", .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout server",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-server-fin", PROV_KIND_DURATION),
	  .def = "50s", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout server-fin",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("timeout-tunnel", PROV_KIND_DURATION),
	  .def = "1h", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy timeout tunnel",
	  .gateway = "HTTPRoute timeouts.backendRequest (server); else the implementation's policy" },
	{ K("tls-alpn", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "TLS setting tls-alpn",
	  .gateway = "none (EG ClientTrafficPolicy / BackendTLSPolicy tls settings)" },
	{ K("use-resolver", PROV_KIND_STRING),
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "DNS resolver of the backend",
	  .gateway = "none" },
	{ K("var-namespace", PROV_KIND_BOOL), .check = PROV_CHECK_BOOL,
	  .def = "false", .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "namespace in a variable",
	  .gateway = "none" },
	{ K("waf", PROV_KIND_ENUM), .values = v_waf, F_(waf, prov_hap_parse_text),
	  .cls = B_, .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "modsecurity: requests checked by a WAF agent",
	  .gateway = "no Gateway API form: the paths are closed (error)" },
	{ K("waf-mode", PROV_KIND_ENUM), .values = v_wafmode,
	  .def = "deny", .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "deny or detect",
	  .gateway = "none" },
};

/* Global keys: the controller reads them from its ConfigMap only. */
static const char *const cm_only[] = { "config-frontend", "cookie-key",
	"forwardfor", "no-tls-redirect-locations", "path-type-order",
	"ssl-redirect-code", "strict-host", "timeout-client", NULL };

_Static_assert(PROV_HAPI_NANN <= PROV_HAP_NSLOTS,
	"the settings hold a slot for each key");
_Static_assert(ARRAY_LEN(hapi_table) == PROV_HAPI_NANN,
	"PROV_HAPI_NANN is the number of table entries");

const struct prov_provider prov_hapi_provider = {
	.name = "haproxy-ingress",
	.prefixes = hapi_prefixes,
	.table = hapi_table,
	.count = ARRAY_LEN(hapi_table),
	.nkeys = ARRAY_LEN(hapi_table) + 2,	/* aliases */
};

const struct prov_hap_table prov_hapi_keys = {
	.table = hapi_table,
	.count = ARRAY_LEN(hapi_table),
	.read_prefixes = read_prefixes,
	.cm_only = cm_only,
	.title = "HAProxy Ingress",
	.rule_invalid = "convert/haproxy-ingress-annotation-invalid",
	.rule_ignored = "convert/haproxy-ingress-annotation-ignored",
	.rule_unknown = "convert/haproxy-ingress-annotation-unknown",
};

/* ---- value parsers ----------------------------------------------------- */

/* proxy-body-size: "unlimited" (0 here), or bytes with k, m or g. */
static int
hap_parse_size(struct prov_value *v, void *dst)
{
	if (!strcmp(v->text, "unlimited")) {
		*(long long *)dst = 0;
		return 0;
	}
	return prov_parse_size(v, dst);
}

/* ---- the parser -------------------------------------------------------- */

static void
one(struct prov_hap_reader *r, const struct doc_node *k,
	const struct doc_node *v, bool alias_pass)
{
	struct prov_hap_settings *s = r->s;
	const char *key = doc_str(k);
	const struct prov_annotation *a = NULL;
	struct prov_hap_slot *sl;

	if (!(sl = prov_hap_take(r, k, v, alias_pass, &a)))
		return;
	if (!r->service && prov_hap_cm_only(r->t, a->key)) {
		sl->state = PROV_HAP_ABSENT;
		prov_hap_say(r, DIAG_WARNING,
			"convert/haproxy-ingress-annotation-ignored", k,
			"annotation '%s' has no effect here: the controller "
			"reads it from its ConfigMap only", key);
		return;
	}
	if (!prov_hap_check(r, a, sl))
		return;
	if (!strcmp(a->key, "allowlist-source-range")) {
		prov_hap_access(r, sl, &s->allow, &s->allow_patterns, true);
		return;
	}
	if (!strcmp(a->key, "denylist-source-range")) {
		prov_hap_access(r, sl, &s->deny, &s->deny_patterns, false);
		return;
	}
	/* "name: value" lines: split at the first ':', then trimmed */
	if (!strcmp(a->key, "headers") ||
	    !strcmp(a->key, "request-set-headers")) {
		prov_hap_headers(r, sl, ':', true, "name: value",
			&s->req_headers, &s->nreq_headers);
		return;
	}
	if (!strcmp(a->key, "response-set-headers")) {
		prov_hap_headers(r, sl, ':', true, "name: value",
			&s->res_headers, &s->nres_headers);
		return;
	}
	if (!strcmp(a->key, "path-type")) {
		s->path_type = sl->text;
		return;
	}
	if (!strcmp(a->key, "backend-protocol")) {
		s->server_ssl = strstr(sl->text, "-ssl") ||
			!strcmp(sl->text, "grpcs");
		if (!strncmp(sl->text, "h2", 2) || !strncmp(sl->text, "grpc",
		    4))
			s->server_proto = "h2";
		return;
	}
	if (!strcmp(a->key, "auth-type"))
		s->auth_basic = true;
	prov_hap_store(r, a, sl, v);
}

void
prov_hapi_parse(struct prov_hap_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *what, const char *ns, const char *name,
	struct diag_sink *sink)
{
	struct prov_hap_reader r = { .t = &prov_hapi_keys, .s = out,
		.arena = arena, .set = set, .what = what, .ns = ns,
		.name = name, .sink = sink,
		.service = what && !strcmp(what, "Service") };
	const char *rd;

	prov_hap_reset(out, &prov_hapi_keys, annotations);
	out->ssl_redirect_port = 443;
	out->ssl_redirect_code = 302;
	out->request_redirect_code = 302;
	out->rate_period = 1000;
	out->rate_status = 429;
	out->cors_origin = "*";
	out->cors_methods = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
	out->cors_headers = "DNT,X-CustomHeader,Keep-Alive,User-Agent,"
		"X-Requested-With,If-Modified-Since,Cache-Control,"
		"Content-Type,Authorization";
	out->cors_max_age = 86400;
	out->cors_credentials = true;
	out->auth_realm = "localhost";
	out->path_type = "begin";
	prov_hap_read(&r, annotations, one);
	if (prov_hap_is_set(out, "affinity"))
		out->cookie = out->cookie ? out->cookie : "INGRESSCOOKIE";
	else if (out->cookie && sink) {
		const struct prov_hap_slot *sl = prov_hap_slot(out,
			"session-cookie-name");

		prov_hap_say(&r, DIAG_WARNING, "convert/haproxy-ingress-"
			"annotation-ignored", sl->key_node, "annotation '%s' "
			"has no effect without affinity: cookie", sl->key);
		out->cookie = NULL;
	} else {
		out->cookie = NULL;
	}
	rd = out->redirect_to;
	if (rd) {
		const char *h = strstr(rd, "://");
		const char *slash;

		out->request_redirect_https = !strncmp(rd, "https://", 8);
		h = h ? h + 3 : rd;
		slash = strchr(h, '/');
		out->request_redirect = slash ? arena_strndup(arena, h,
			(size_t)(slash - h)) : h;
		out->redirect_path = slash ? slash : "/";
	}
}

/* ---- selection --------------------------------------------------------- */

static bool
hapi_controller(const char *ctl)
{
	size_t n = strlen(PROV_HAPI_CONTROLLER);

	return ctl && !strncmp(ctl, PROV_HAPI_CONTROLLER, n) &&
		(!ctl[n] || ctl[n] == '/');
}

bool
prov_hapi_has_keys(const struct ingress *ing)
{
	const struct doc_node *a = ing ? ing->annotations : NULL;
	size_t n = strlen(PROV_HAPI_PREFIX);

	if (!doc_is_map(a))
		return false;
	for (size_t i = 0; i < doc_len(a); i++) {
		const char *k = doc_str(doc_map_key(a, i));

		if (k && !strncmp(k, PROV_HAPI_PREFIX, n))
			return true;
	}
	return false;
}

bool
prov_hapi_bare_class(const struct ing_world *w, const struct ingress *ing)
{
	switch (ing->class_source) {
	case ING_CLASS_NONE:
		return false;
	case ING_CLASS_ANNOTATION:
		return ing->class_annotation &&
			!strcmp(ing->class_annotation, PROV_HAPI_CLASS);
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		break;
	}
	return ing->class_name && !ing_world_class(w, ing->class_name) &&
		!strcmp(ing->class_name, PROV_HAPI_CLASS);
}

bool
prov_hapi_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	if (ing->class_source == ING_CLASS_NONE)
		return without_class;
	if (prov_hapi_bare_class(w, ing))
		return prov_hapi_has_keys(ing);
	if (ing->class_source == ING_CLASS_ANNOTATION)
		return false;
	cls = ing_world_class(w, ing->class_name);
	return cls && hapi_controller(cls->controller);
}
