#include "compat.h"
#include "providers/haproxy/annotations.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/ir.h"
#include "providers/haproxy-ingress/annotations.h"
#include "model/ingress.h"
#include "strbuf.h"
#include "targets/target.h"

/*
 * Facts: haproxytech/kubernetes-ingress v3.2 (pkg/annotations/
 * annotations.go: the Frontend and Backend annotation lists and
 * SpecificAnnotations; pkg/annotations/common/main.go: DefaultValues;
 * pkg/annotations/ingress and service: how each value is read;
 * pkg/annotations/validators: the three prefixes), and the table of
 * documentation/annotations.md (generated from documentation/doc.yaml).
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

#define F(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_hap_settings, fld)
#define K(k, kd) .key = (k), .kind = (kd)
#define BOOLCHK .check = PROV_CHECK_BOOL
#define INTCHK .check = PROV_CHECK_INT

static prov_parse_fn hap_parse_time_s;
static prov_parse_fn hap_parse_code;

static const char *const v_auth[] = { "basic-auth", NULL };
static const char *const v_proto[] = { "h1", "h2", NULL };
static const char *const v_code[] = { "301", "302", "303", NULL };
static const char *const v_proxy[] = { "proxy", "proxy-v1", "proxy-v2",
	"proxy-v2-ssl", "proxy-v2-ssl-cn", NULL };
static const char *const a_allow[] = { "whitelist", NULL };
static const char *const a_deny[] = { "blacklist", NULL };
static const char *const a_slots[] = { "servers-increment", "server-slots",
	NULL };

/* The controller's own prefixes. It reads ingress.kubernetes.io/ too
 * (read_prefixes), which other tools share: audit and "did you mean"
 * leave that one to them. */
static const char *const haproxy_prefixes[] = { PROV_HAPROXY_PREFIX,
	"haproxy.com/", NULL };
static const char *const read_prefixes[] = { PROV_HAPROXY_PREFIX,
	"haproxy.com/", "ingress.kubernetes.io/", NULL };

#define CM_ONLY "ConfigMap only: the controller does not read it from an " \
	"Ingress or a Service"
#define NONE_GLOBAL "none: the implementation's own settings"

static const struct prov_annotation haproxy_table[] = {
	{ K("abortonclose", PROV_KIND_BOOL), BOOLCHK, .def = "false",
	  .cls = CP, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "abort a request whose client closed the connection",
	  .gateway = NONE_GLOBAL },
	{ F("allow-list", PROV_KIND_CIDR_LIST, allow, NULL),
	  .aliases = a_allow, .check = PROV_CHECK_CIDRS, .cls = B_,
	  .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "only these client addresses (or a patterns/ file) may "
		"reach the Ingress's paths; others get 403",
	  .gateway = "the implementation's policy (EG SecurityPolicy "
		"authorization); without one the paths are closed (error)",
	  .feature = IR_FEAT_IP_ACCESS },
	{ F("auth-realm", PROV_KIND_STRING, auth_realm, prov_hap_parse_text),
	  .def = "Protected Content", .cls = B_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "realm of the basic authentication",
	  .gateway = "the implementation's basic-auth policy",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ F("auth-secret", PROV_KIND_OBJREF, auth_secret, prov_hap_parse_text),
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "Secret of user: crypted-password entries for basic-auth",
	  .gateway = "the implementation's basic-auth policy (EG "
		"SecurityPolicy basicAuth); without one the paths are closed",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ K("auth-type", PROV_KIND_ENUM), .values = v_auth,
	  .check = PROV_CHECK_OPTIONS, .check_flags = PROV_CF_CASE,
	  .cls = B_, .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "basic-auth: HTTP basic authentication of the paths",
	  .gateway = "the implementation's basic-auth policy (EG "
		"SecurityPolicy basicAuth); without one the paths are closed",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ F("backend-config-snippet", PROV_KIND_NGINX, snippet,
		prov_parse_raw),
	  .cls = C_, .risk = CRIT, .scope = SVC, .on_invalid = IGN,
	  .desc = "raw HAProxy backend configuration (may hold http-request "
		"deny, auth or ACLs)",
	  .gateway = "not carried: raw configuration has no Gateway API "
		"form; an access check in it would be lost (error)" },
	{ K("check", PROV_KIND_BOOL), BOOLCHK, .def = "true", .cls = CP,
	  .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "health checks of the backend servers",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("check-http", PROV_KIND_STRING), .cls = CP, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "HTTP health check request (URI, or method URI [version])",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck.active)" },
	{ K("check-interval", PROV_KIND_DURATION), .cls = CP, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "interval between health checks",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("clean-certs", PROV_KIND_BOOL), BOOLCHK, .def = "true",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "remove unused certificates; " CM_ONLY,
	  .gateway = "none" },
	{ K("client-ca", PROV_KIND_OBJREF), .cls = B_, .risk = HIGH,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "client certificate authority of the HTTPS frontend; "
		CM_ONLY,
	  .gateway = "Gateway tls.frontend.default.validation (not read "
		"from an Ingress)" },
	{ K("client-crt-optional", PROV_KIND_BOOL), BOOLCHK, .def = "false",
	  .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "client certificates optional; " CM_ONLY,
	  .gateway = "Gateway tls.frontend validation mode (not read from an "
		"Ingress)" },
	{ K("client-strict-sni", PROV_KIND_BOOL), BOOLCHK, .def = "false",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "refuse TLS handshakes without a known SNI; " CM_ONLY,
	  .gateway = "none" },
	{ F("cookie-persistence", PROV_KIND_STRING, cookie,
		prov_hap_parse_text),
	  .cls = B_, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "sticky sessions by a cookie of this name HAProxy inserts "
		"(read from the Service only)",
	  .gateway = "HTTPRoute sessionPersistence (experimental) or EG "
		"BackendTrafficPolicy consistent hash on a cookie",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("cookie-persistence-no-dynamic", PROV_KIND_STRING), .cls = B_,
	  .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "sticky cookie without dynamic server cookies",
	  .gateway = "HTTPRoute sessionPersistence (experimental)" },
	{ F("cors-allow-credentials", PROV_KIND_BOOL, cors_credentials,
		prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN,
	  .desc = "Access-Control-Allow-Credentials: true (with cors-enable)",
	  .gateway = "CORS filter allowCredentials",
	  .std = "CORS filter allowCredentials", .construct = TGT_C_CORS },
	{ F("cors-allow-headers", PROV_KIND_HEADER_LIST, cors_headers,
		prov_hap_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Access-Control-Allow-Headers (with cors-enable)",
	  .gateway = "CORS filter allowHeaders",
	  .std = "CORS filter allowHeaders", .construct = TGT_C_CORS },
	{ F("cors-allow-methods", PROV_KIND_LIST, cors_methods,
		prov_hap_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Access-Control-Allow-Methods (with cors-enable)",
	  .gateway = "CORS filter allowMethods",
	  .std = "CORS filter allowMethods", .construct = TGT_C_CORS },
	{ F("cors-allow-origin", PROV_KIND_ORIGIN_LIST, cors_origin,
		prov_hap_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "allowed origin (a regular expression of origins; with "
		"cors-enable)",
	  .gateway = "CORS filter allowOrigins",
	  .std = "CORS filter allowOrigins", .construct = TGT_C_CORS },
	{ F("cors-enable", PROV_KIND_BOOL, cors_enable, prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "answer CORS headers",
	  .gateway = "CORS filter",
	  .std = "CORS filter", .construct = TGT_C_CORS },
	{ F("cors-max-age", PROV_KIND_DURATION, cors_max_age,
		hap_parse_time_s),
	  .def = "5s", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Access-Control-Max-Age (with cors-enable)",
	  .gateway = "CORS filter maxAge",
	  .std = "CORS filter maxAge", .construct = TGT_C_CORS },
	{ F("cors-respond-to-options", PROV_KIND_BOOL, cors_respond_options,
		prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN,
	  .desc = "answer OPTIONS preflights with 204 without the backend",
	  .gateway = "CORS filter (the Gateway answers preflights itself)",
	  .std = "CORS filter", .construct = TGT_C_CORS },
	{ F("deny-list", PROV_KIND_CIDR_LIST, deny, NULL),
	  .aliases = a_deny, .check = PROV_CHECK_CIDRS, .cls = B_,
	  .risk = HIGH, .scope = ING, .on_invalid = IGN,
	  .desc = "these client addresses (or a patterns/ file) get 403",
	  .gateway = "the implementation's policy (EG SecurityPolicy "
		"authorization); without one the paths are closed (error)",
	  .feature = IR_FEAT_IP_ACCESS },
	{ K("dontlognull", PROV_KIND_BOOL), BOOLCHK, .def = "true",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "do not log empty connections; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("forwarded-for", PROV_KIND_BOOL), BOOLCHK, .def = "true",
	  .cls = CP, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "add X-Forwarded-For to requests",
	  .gateway = "none (implementations add X-Forwarded-For)" },
	{ K("frontend-config-snippet", PROV_KIND_NGINX), .cls = C_,
	  .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw frontend configuration; " CM_ONLY,
	  .gateway = "not carried" },
	{ K("generate-certificates-signer", PROV_KIND_OBJREF), .cls = C_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "CA that signs generated certificates; " CM_ONLY,
	  .gateway = "none (cert-manager)" },
	{ K("global-config-snippet", PROV_KIND_NGINX), .cls = C_,
	  .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw global configuration; " CM_ONLY,
	  .gateway = "not carried" },
	{ K("hard-stop-after", PROV_KIND_DURATION), .def = "30m", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "time old processes get to finish after a reload; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("http-connection-mode", PROV_KIND_STRING),
	  .def = "http-keep-alive", .cls = CP, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "client connection mode; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("http-keep-alive", PROV_KIND_BOOL), BOOLCHK, .def = "true",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "keep client connections open; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("http-server-close", PROV_KIND_BOOL), BOOLCHK, .def = "false",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "close server connections after each response; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("ingress.class", PROV_KIND_STRING), .cls = C_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "class of the Ingress (read up to v3.1; 3.2 reads "
		"spec.ingressClassName alone)",
	  .gateway = "the Gateway the routes attach to" },
	{ F("load-balance", PROV_KIND_STRING, load_balance,
		prov_hap_parse_text),
	  .def = "roundrobin", .cls = B_, .risk = LOW, .scope = SVC,
	  .on_invalid = IGN,
	  .desc = "balance algorithm: roundrobin, static-rr, leastconn, "
		"first, source, uri, url_param, hdr(name), random, rdp-cookie",
	  .gateway = "the implementation's policy (EG BackendTrafficPolicy "
		"loadBalancer)", .feature = IR_FEAT_LOAD_BALANCING },
	{ K("log-format", PROV_KIND_STRING), .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "HTTP log format; " CM_ONLY, .gateway = NONE_GLOBAL },
	{ K("log-format-tcp", PROV_KIND_STRING), .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "TCP log format; " CM_ONLY, .gateway = NONE_GLOBAL },
	{ K("logasap", PROV_KIND_BOOL), BOOLCHK, .def = "false", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "log before the response ends; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("maxconn", PROV_KIND_INT), INTCHK, .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "most concurrent connections; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("nbthread", PROV_KIND_INT), INTCHK, .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "HAProxy threads; " CM_ONLY, .gateway = NONE_GLOBAL },
	{ F("path-rewrite", PROV_KIND_STRING, nrewrites, NULL), .cls = A_,
	  .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "replace-path: 'PATH' (every path becomes PATH) or 'REGEX "
		"FORMAT' (\\1 captures), one rule a line",
	  .gateway = "URLRewrite ReplaceFullPath or ReplacePrefixMatch where "
		"the regex strips or adds a prefix; other regexes: the "
		"target's regex rewrite",
	  .std = "URLRewrite filter (ReplaceFullPath, ReplacePrefixMatch)",
	  .construct = TGT_C_PATH_REWRITE, .feature = IR_FEAT_REGEX_REWRITE,
	  .feature_when = "for a regex no URLRewrite expresses" },
	{ K("pod-maxconn", PROV_KIND_INT), INTCHK, .cls = CP, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "most concurrent connections of the backend, shared by "
		"its pods",
	  .gateway = "none (EG BackendTrafficPolicy circuitBreaker)" },
	{ K("prometheus-endpoint-auth-secret", PROV_KIND_OBJREF), .cls = C_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "basic-auth Secret of the metrics endpoint; " CM_ONLY,
	  .gateway = "none" },
	{ K("proxy-protocol", PROV_KIND_CIDR_LIST), .cls = C_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "accept the PROXY protocol from these addresses; " CM_ONLY,
	  .gateway = "none (EG ClientTrafficPolicy proxyProtocol)" },
	{ K("quic-alt-svc-max-age", PROV_KIND_INT), INTCHK, .def = "60",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "max-age of the Alt-Svc header for QUIC; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ F("rate-limit-period", PROV_KIND_DURATION, rate_period,
		prov_hap_parse_time),
	  .def = "1s", .cls = B_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "period of rate-limit-requests",
	  .gateway = "the implementation's rate limit policy",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ F("rate-limit-requests", PROV_KIND_INT, rate_requests,
		prov_parse_int),
	  INTCHK, .cls = B_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "most requests a client address makes per period",
	  .gateway = "the implementation's rate limit policy (EG "
		"BackendTrafficPolicy rateLimit)",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ K("rate-limit-size", PROV_KIND_SIZE), .def = "100k", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "entries of the stick table that counts requests",
	  .gateway = "none" },
	{ F("rate-limit-status-code", PROV_KIND_INT, rate_status,
		prov_parse_int),
	  INTCHK, .def = "403", .cls = B_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN,
	  .desc = "status of requests over the rate limit",
	  .gateway = "the implementation's rate limit policy (429 there)",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ K("rate-limit-whitelist", PROV_KIND_CIDR_LIST),
	  .check = PROV_CHECK_CIDRS, .cls = B_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "addresses the rate limit spares",
	  .gateway = "the implementation's rate limit policy (client "
		"selectors)" },
	{ K("request-capture", PROV_KIND_STRING), .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "sample expressions captured into the logs",
	  .gateway = "none (the implementation's access log)" },
	{ K("request-capture-len", PROV_KIND_INT), INTCHK, .def = "128",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "length of each capture", .gateway = "none" },
	{ F("request-redirect", PROV_KIND_STRING, request_redirect,
		prov_hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "redirect to [http(s)://]host[:port] with the request URI",
	  .gateway = "RequestRedirect filter (scheme, hostname, port)",
	  .std = "RequestRedirect filter (hostname, port)",
	  .construct = TGT_C_PORT_REDIRECT },
	{ F("request-redirect-code", PROV_KIND_INT, request_redirect_code,
		hap_parse_code),
	  INTCHK, .def = "302", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "status of request-redirect",
	  .gateway = "RequestRedirect statusCode",
	  .std = "RequestRedirect statusCode" },
	{ F("request-set-header", PROV_KIND_STRING, nreq_headers, NULL),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "'Name value' lines: request headers set before the "
		"backend (values may hold HAProxy %[...] expressions)",
	  .gateway = "RequestHeaderModifier filter set",
	  .std = "RequestHeaderModifier filter" },
	{ F("response-set-header", PROV_KIND_STRING, nres_headers, NULL),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "'Name value' lines: response headers set",
	  .gateway = "ResponseHeaderModifier filter set",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ F("route-acl", PROV_KIND_STRING, route_acl, prov_hap_parse_text),
	  .cls = C_, .risk = MED, .scope = SVC, .on_invalid = IGN,
	  .desc = "an HAProxy ACL that routes to the Service (use_backend), "
		"read from the Service only",
	  .gateway = "not carried: an ACL has no general Gateway API form "
		"(header, query or method matches by hand)" },
	{ K("scale-server-slots", PROV_KIND_INT), .aliases = a_slots,
	  INTCHK, .def = "42", .cls = CP, .risk = LOW, .scope = SVC,
	  .on_invalid = IGN, .desc = "server slots kept in each backend",
	  .gateway = "none" },
	{ K("send-proxy-protocol", PROV_KIND_ENUM), .values = v_proxy,
	  .check = PROV_CHECK_OPTIONS, .check_flags = PROV_CF_CASE,
	  .cls = B_, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "send the PROXY protocol to the backend servers",
	  .gateway = "none in Gateway API (EG BackendTrafficPolicy "
		"proxyProtocol)" },
	{ K("server-ca", PROV_KIND_OBJREF), .cls = A_, .risk = MED,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "CA Secret that verifies the backend's certificate",
	  .gateway = "BackendTLSPolicy validation.caCertificateRefs",
	  .std = "BackendTLSPolicy validation.caCertificateRefs",
	  .construct = TGT_C_BACKEND_TLS },
	{ K("server-crt", PROV_KIND_OBJREF), .cls = B_, .risk = MED,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "client certificate HAProxy shows the backend",
	  .gateway = "Gateway spec.tls.backend.clientCertificateRef",
	  .construct = TGT_C_BACKEND_CLIENT_CERT },
	{ F("server-proto", PROV_KIND_ENUM, server_proto, prov_hap_parse_text),
	  .values = v_proto, .check = PROV_CHECK_OPTIONS,
	  .check_flags = PROV_CF_CASE, .cls = A_, .risk = LOW, .scope = SVC,
	  .on_invalid = IGN, .desc = "h2: HTTP/2 to the backend servers",
	  .gateway = "the Service port's appProtocol kubernetes.io/h2c (or "
		"kubernetes.io/h2 with server-ssl)" },
	{ F("server-ssl", PROV_KIND_BOOL, server_ssl, prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = A_, .risk = MED, .scope = SVC,
	  .on_invalid = IGN,
	  .desc = "TLS to the backend servers (verify none without server-ca)",
	  .gateway = "BackendTLSPolicy (written by hand: the CA and the name "
		"to verify)", .std = "BackendTLSPolicy",
	  .construct = TGT_C_BACKEND_TLS },
	{ F("set-host", PROV_KIND_HOST, set_host, prov_hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Host header sent to the backend",
	  .gateway = "URLRewrite filter hostname",
	  .std = "URLRewrite filter hostname",
	  .construct = TGT_C_HOST_REWRITE },
	{ F("src-ip-header", PROV_KIND_HEADER, src_ip_header,
		prov_hap_parse_text),
	  .cls = B_, .risk = MED, .scope = ING, .on_invalid = IGN,
	  .desc = "header whose address becomes the client's source "
		"address (for access lists and rate limits)",
	  .gateway = "the implementation's client address policy (EG "
		"ClientTrafficPolicy clientIPDetection)" },
	{ K("ssl-certificate", PROV_KIND_OBJREF),
	  .cls = C_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "default certificate Secret; " CM_ONLY,
	  .gateway = "the Gateway listener's certificateRefs" },
	{ F("ssl-passthrough", PROV_KIND_BOOL, ssl_passthrough,
		prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = A_, .risk = LOW, .scope = SVC,
	  .on_invalid = IGN,
	  .desc = "forward TLS connections by SNI to the backend untouched",
	  .gateway = "a TLS listener of mode Passthrough and a TLSRoute",
	  .std = "TLSRoute on a Passthrough listener",
	  .construct = TGT_C_TLSROUTE },
	{ F("ssl-redirect", PROV_KIND_BOOL, ssl_redirect, prov_parse_bool),
	  BOOLCHK, .def = "false (true with spec.tls)", .cls = A_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "redirect HTTP to HTTPS; on by default for an Ingress "
		"with a tls section",
	  .gateway = "RequestRedirect filter (scheme https, port) on the "
		"HTTP listener",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ F("ssl-redirect-code", PROV_KIND_ENUM, ssl_redirect_code,
		hap_parse_code),
	  .values = v_code, .check = PROV_CHECK_OPTIONS, .def = "302",
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "status of the HTTPS redirect: 301, 302 or 303",
	  .gateway = "RequestRedirect statusCode (303: extended)",
	  .std = "RequestRedirect statusCode" },
	{ F("ssl-redirect-port", PROV_KIND_INT, ssl_redirect_port,
		prov_parse_int),
	  INTCHK, .def = "8443", .cls = A_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN,
	  .desc = "port of the HTTPS redirect, as the client sees it",
	  .gateway = "RequestRedirect port",
	  .std = "RequestRedirect port", .construct = TGT_C_PORT_REDIRECT },
	{ K("standalone-backend", PROV_KIND_BOOL), BOOLCHK, .def = "false",
	  .cls = CP, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "a backend of the Ingress's own for the Service",
	  .gateway = "none" },
	{ K("stats-config-snippet", PROV_KIND_NGINX), .cls = C_,
	  .risk = CRIT, .scope = ING, .on_invalid = IGN,
	  .desc = "raw stats frontend configuration; " CM_ONLY,
	  .gateway = "not carried" },
	{ K("syslog-server", PROV_KIND_STRING), .cls = CP, .risk = LOW,
	  .scope = ING, .on_invalid = IGN, .desc = "log targets; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ F("timeout-check", PROV_KIND_DURATION, timeout_check,
		prov_hap_parse_time),
	  .cls = CP, .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "health check timeout",
	  .gateway = "none (EG BackendTrafficPolicy healthCheck)" },
	{ K("timeout-client", PROV_KIND_DURATION), .def = "50s", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "client inactivity timeout; " CM_ONLY,
	  .gateway = "none (EG ClientTrafficPolicy timeout)" },
	{ K("timeout-client-fin", PROV_KIND_DURATION), .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "half-closed client timeout; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("timeout-connect", PROV_KIND_DURATION), .def = "5s", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "backend connect timeout; " CM_ONLY,
	  .gateway = "none (EG BackendTrafficPolicy timeout.tcp)" },
	{ K("timeout-http-keep-alive", PROV_KIND_DURATION), .def = "1m",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "keep-alive timeout; " CM_ONLY, .gateway = NONE_GLOBAL },
	{ K("timeout-http-request", PROV_KIND_DURATION), .def = "5s",
	  .cls = CP, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "time to receive a request's headers; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("timeout-queue", PROV_KIND_DURATION), .def = "5s", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "time in the queue; " CM_ONLY, .gateway = NONE_GLOBAL },
	{ F("timeout-server", PROV_KIND_DURATION, timeout_server,
		prov_hap_parse_time),
	  .def = "50s", .cls = B_, .risk = LOW, .scope = SVC,
	  .on_invalid = IGN,
	  .desc = "server inactivity timeout (between reads)",
	  .gateway = "the implementation's idle timeout (EG "
		"BackendTrafficPolicy timeout.http.requestTimeout)",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("timeout-server-fin", PROV_KIND_DURATION), .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "half-closed server timeout; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("timeout-tunnel", PROV_KIND_DURATION), .def = "1h", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "tunnel (WebSocket) inactivity timeout; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
	{ K("tls-alpn", PROV_KIND_LIST), .def = "h2,http/1.1", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "ALPN of the HTTPS frontend; " CM_ONLY,
	  .gateway = NONE_GLOBAL },
};

/* Keys the controller reads from its ConfigMap only. */
static const char *const cm_only[] = { "clean-certs", "client-ca",
	"client-crt-optional", "client-strict-sni", "dontlognull",
	"frontend-config-snippet", "generate-certificates-signer",
	"global-config-snippet", "hard-stop-after", "http-connection-mode",
	"http-keep-alive", "http-server-close", "log-format",
	"log-format-tcp", "logasap", "maxconn", "nbthread", "prometheus-endpoint-auth-secret", "proxy-protocol",
	"quic-alt-svc-max-age", "ssl-certificate", "stats-config-snippet",
	"syslog-server", "timeout-client", "timeout-client-fin",
	"timeout-connect", "timeout-http-keep-alive", "timeout-http-request",
	"timeout-queue", "timeout-server-fin", "timeout-tunnel", "tls-alpn",
	NULL };

_Static_assert(PROV_HAPROXY_NANN <= PROV_HAP_NSLOTS,
	"the settings hold a slot for each key");
_Static_assert(ARRAY_LEN(haproxy_table) == PROV_HAPROXY_NANN,
	"PROV_HAPROXY_NANN is the number of table entries");

const struct prov_provider prov_haproxy_provider = {
	.name = "haproxy",
	.prefixes = haproxy_prefixes,
	.table = haproxy_table,
	.count = ARRAY_LEN(haproxy_table),
	.nkeys = ARRAY_LEN(haproxy_table) + 4,	/* aliases */
};

const struct prov_hap_table prov_haproxy_keys = {
	.table = haproxy_table,
	.count = ARRAY_LEN(haproxy_table),
	.read_prefixes = read_prefixes,
	.cm_only = cm_only,
	.title = "the HAProxy Ingress Controller",
	.rule_invalid = "convert/haproxy-annotation-invalid",
	.rule_ignored = "convert/haproxy-annotation-ignored",
	.rule_unknown = "convert/haproxy-annotation-unknown",
};

/* ---- value parsers ----------------------------------------------------- */

static int
hap_parse_time_s(struct prov_value *v, void *dst)
{
	long long ms;

	if (!prov_hap_time(v->text, &ms)) {
		v->why = "not an HAProxy time (digits and us, ms, s, m, h or d)";
		return ERR_INVALID;
	}
	*(long long *)dst = ms / 1000;
	return 0;
}

static int
hap_parse_code(struct prov_value *v, void *dst)
{
	long long c;

	if (!prov_str_int(v->text, &c)) {
		v->why = "not an integer";
		return ERR_INVALID;
	}
	if (c < 300 || c > 399)
		v->note = "not a redirect status (3xx)";
	*(long long *)dst = c;
	return 0;
}

/* ---- the parser -------------------------------------------------------- */

/* path-rewrite: lines of one or two fields. */
static void
parse_rewrite(struct prov_hap_reader *r, struct prov_hap_settings *s,
	struct prov_hap_slot *sl)
{
	const char *p = sl->text;
	size_t n = 1;

	for (const char *q = p; *q; q++)
		n += *q == '\n';
	s->rewrite_match = arena_alloc(r->arena, n * sizeof(char *));
	s->rewrite_fmt = arena_alloc(r->arena, n * sizeof(char *));
	s->nrewrites = 0;
	while (*p) {
		size_t len = strcspn(p, "\n");
		const char *f[3];
		size_t nf = 0, i = 0;

		while (i < len) {
			size_t b;

			while (i < len && isspace((unsigned char)p[i]))
				i++;
			if (i >= len)
				break;
			b = i;
			while (i < len && !isspace((unsigned char)p[i]))
				i++;
			if (nf < 3)
				f[nf] = arena_strndup(r->arena, p + b, i - b);
			nf++;
		}
		if (nf > 2) {
			s->nrewrites = 0;
			prov_hap_invalid(r, sl, "a line has more than two "
				"fields (path-rewrite takes 'PATH' or 'REGEX "
				"FORMAT')");
			return;
		}
		if (nf == 1) {
			s->rewrite_match[s->nrewrites] = "(.*)";
			s->rewrite_fmt[s->nrewrites++] = f[0];
		} else if (nf == 2) {
			s->rewrite_match[s->nrewrites] = f[0];
			s->rewrite_fmt[s->nrewrites++] = f[1];
		}
		p += len;
		if (*p)
			p++;
	}
}

static void
one(struct prov_hap_reader *r, const struct doc_node *k,
	const struct doc_node *v, bool alias_pass)
{
	struct prov_hap_settings *s = r->s;
	const char *key = doc_str(k), *bare = prov_hap_name(r->t, key);
	const struct prov_annotation *a = NULL;
	struct prov_hap_slot *sl;

	/* backend.* and frontend.*: the controller's custom annotations */
	if (!alias_pass && bare && !prov_hap_lookup(r->t, bare) &&
	    strncmp(key, "ingress.kubernetes.io/", 22) &&
	    (!strncmp(bare, "backend.", 8) || !strncmp(bare, "frontend.", 9))) {
		prov_hap_say(r, DIAG_WARNING, "convert/haproxy-not-converted",
			k, "annotation '%s' is a custom annotation (a "
			"ValidationRules CRD gives its meaning); it is not "
			"converted", key);
		return;
	}
	if (!(sl = prov_hap_take(r, k, v, alias_pass, &a)))
		return;
	if (r->service ? a->scope != SVC : (a->scope == ING &&
	    prov_hap_cm_only(r->t, a->key))) {
		sl->state = PROV_HAP_ABSENT;
		prov_hap_say(r, DIAG_WARNING,
			"convert/haproxy-annotation-ignored", k,
			"annotation '%s' has no effect here: the controller "
			"reads it from %s", key, r->service ?
			"an Ingress or its ConfigMap, not from a Service" :
			"its ConfigMap only");
		return;
	}
	if (!r->service && (!strcmp(a->key, "route-acl") ||
	    !strcmp(a->key, "cookie-persistence") ||
	    !strcmp(a->key, "cookie-persistence-no-dynamic"))) {
		sl->state = PROV_HAP_ABSENT;
		prov_hap_say(r, DIAG_WARNING,
			"convert/haproxy-annotation-ignored", k,
			"annotation '%s' has no effect on an Ingress: the "
			"controller reads it from the Service (or the "
			"ConfigMap)", key);
		return;
	}
	if (!prov_hap_check(r, a, sl))
		return;
	if (!strcmp(a->key, "allow-list")) {
		prov_hap_access(r, sl, &s->allow, &s->allow_patterns, true);
		return;
	}
	if (!strcmp(a->key, "deny-list")) {
		prov_hap_access(r, sl, &s->deny, &s->deny_patterns, false);
		return;
	}
	if (!strcmp(a->key, "path-rewrite")) {
		parse_rewrite(r, s, sl);
		return;
	}
	/* "Name value" lines: the value is what follows the first space */
	if (!strcmp(a->key, "request-set-header")) {
		prov_hap_headers(r, sl, ' ', false, "Name value",
			&s->req_headers, &s->nreq_headers);
		return;
	}
	if (!strcmp(a->key, "response-set-header")) {
		prov_hap_headers(r, sl, ' ', false, "Name value",
			&s->res_headers, &s->nres_headers);
		return;
	}
	if (!strcmp(a->key, "auth-type"))
		s->auth_basic = true;
	prov_hap_store(r, a, sl, v);
}

void
prov_haproxy_parse(struct prov_hap_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *what, const char *ns, const char *name,
	struct diag_sink *sink)
{
	struct prov_hap_reader r = { .t = &prov_haproxy_keys, .s = out,
		.arena = arena, .set = set, .what = what, .ns = ns,
		.name = name, .sink = sink,
		.service = what && !strcmp(what, "Service") };
	const char *rd;

	prov_hap_reset(out, &prov_haproxy_keys, annotations);
	out->ssl_redirect_port = PROV_HAPROXY_REDIRECT_PORT;
	out->ssl_redirect_code = 302;
	out->request_redirect_code = 302;
	out->rate_period = 1000;
	out->rate_status = 403;
	out->cors_origin = out->cors_methods = out->cors_headers = "*";
	out->cors_max_age = 5;
	out->auth_realm = "Protected Content";
	prov_hap_read(&r, annotations, one);
	rd = out->request_redirect;
	if (rd && !strncmp(rd, "https://", 8)) {
		out->request_redirect = rd + 8;
		out->request_redirect_https = true;
	} else if (rd && !strncmp(rd, "http://", 7)) {
		out->request_redirect = rd + 7;
	}
}

/* ---- selection --------------------------------------------------------- */

static bool
haproxy_controller(const char *ctl)
{
	size_t n = strlen(PROV_HAPROXY_CONTROLLER);

	return ctl && !strncmp(ctl, PROV_HAPROXY_CONTROLLER, n) &&
		(!ctl[n] || ctl[n] == '/');
}

bool
prov_haproxy_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	/* the bare class 'haproxy' with haproxy-ingress.github.io/ keys is
	 * HAProxy Ingress's (providers/haproxy-ingress) */
	if (prov_hapi_bare_class(w, ing) && prov_hapi_has_keys(ing))
		return false;
	switch (ing->class_source) {
	case ING_CLASS_NONE:
		return without_class;
	case ING_CLASS_ANNOTATION:
		return ing->class_annotation &&
			!strcmp(ing->class_annotation, PROV_HAPROXY_CLASS);
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		break;
	}
	cls = ing_world_class(w, ing->class_name);
	if (cls)
		return haproxy_controller(cls->controller);
	return ing->class_name && !strcmp(ing->class_name,
		PROV_HAPROXY_CLASS);
}
