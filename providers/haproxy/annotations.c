#include "compat.h"
#include "providers/haproxy/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/ir.h"
#include "providers/haproxy-ingress/annotations.h"
#include "model/ingress.h"
#include "similar.h"
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
	.off = offsetof(struct prov_haproxy_settings, fld)
#define K(k, kd) .key = (k), .kind = (kd)
#define BOOLCHK .check = PROV_CHECK_BOOL
#define INTCHK .check = PROV_CHECK_INT

static prov_parse_fn hap_parse_text;
static prov_parse_fn hap_parse_time;
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
	{ F("auth-realm", PROV_KIND_STRING, auth_realm, hap_parse_text),
	  .def = "Protected Content", .cls = B_, .risk = LOW, .scope = ING,
	  .on_invalid = IGN, .desc = "realm of the basic authentication",
	  .gateway = "the implementation's basic-auth policy",
	  .feature = IR_FEAT_BASIC_AUTH },
	{ F("auth-secret", PROV_KIND_OBJREF, auth_secret, hap_parse_text),
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
	{ F("cookie-persistence", PROV_KIND_STRING, cookie, hap_parse_text),
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
		hap_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Access-Control-Allow-Headers (with cors-enable)",
	  .gateway = "CORS filter allowHeaders",
	  .std = "CORS filter allowHeaders", .construct = TGT_C_CORS },
	{ F("cors-allow-methods", PROV_KIND_LIST, cors_methods,
		hap_parse_text),
	  .def = "*", .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Access-Control-Allow-Methods (with cors-enable)",
	  .gateway = "CORS filter allowMethods",
	  .std = "CORS filter allowMethods", .construct = TGT_C_CORS },
	{ F("cors-allow-origin", PROV_KIND_ORIGIN_LIST, cors_origin,
		hap_parse_text),
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
	{ F("load-balance", PROV_KIND_STRING, load_balance, hap_parse_text),
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
		hap_parse_time),
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
		hap_parse_text),
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
	{ F("route-acl", PROV_KIND_STRING, route_acl, hap_parse_text),
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
	{ F("server-proto", PROV_KIND_ENUM, server_proto, hap_parse_text),
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
	{ F("set-host", PROV_KIND_HOST, set_host, hap_parse_text),
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "Host header sent to the backend",
	  .gateway = "URLRewrite filter hostname",
	  .std = "URLRewrite filter hostname",
	  .construct = TGT_C_HOST_REWRITE },
	{ F("src-ip-header", PROV_KIND_HEADER, src_ip_header,
		hap_parse_text),
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
		hap_parse_time),
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
		hap_parse_time),
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

_Static_assert(ARRAY_LEN(haproxy_table) == PROV_HAPROXY_NANN,
	"PROV_HAPROXY_NANN is the number of table entries");

const struct prov_provider prov_haproxy_provider = {
	.name = "haproxy",
	.prefixes = haproxy_prefixes,
	.table = haproxy_table,
	.count = ARRAY_LEN(haproxy_table),
	.nkeys = ARRAY_LEN(haproxy_table) + 4,	/* aliases */
};

/* ---- lookup ------------------------------------------------------------ */

const char *
prov_haproxy_strip(const char *key)
{
	for (const char *const *p = read_prefixes; key && *p; p++) {
		size_t n = strlen(*p);

		if (!strncmp(key, *p, n))
			return key + n;
	}
	return NULL;
}

const struct prov_annotation *
prov_haproxy_lookup(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_LEN(haproxy_table); i++) {
		const struct prov_annotation *a = &haproxy_table[i];

		if (!strcmp(a->key, key))
			return a;
		for (const char *const *al = a->aliases; al && *al; al++)
			if (!strcmp(*al, key))
				return a;
	}
	return NULL;
}

size_t
prov_haproxy_index(const struct prov_annotation *a)
{
	return (size_t)(a - haproxy_table);
}

const struct prov_haproxy_slot *
prov_haproxy_slot(const struct prov_haproxy_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_haproxy_lookup(key);

	return a ? &s->slots[prov_haproxy_index(a)] : NULL;
}

bool
prov_haproxy_is_set(const struct prov_haproxy_settings *s, const char *key)
{
	const struct prov_haproxy_slot *sl = prov_haproxy_slot(s, key);

	return sl && sl->state == PROV_HAPROXY_SET;
}

static bool
cm_only_key(const char *key)
{
	for (const char *const *p = cm_only; *p; p++)
		if (!strcmp(*p, key))
			return true;
	return false;
}

/* ---- value parsers ----------------------------------------------------- */

bool
prov_haproxy_time(const char *s, long long *ms_out)
{
	static const struct { const char *u; long long mul, div; } units[] = {
		{ "us", 1, 1000 }, { "ms", 1, 1 }, { "s", 1000, 1 },
		{ "m", 60000, 1 }, { "h", 3600000, 1 }, { "d", 86400000, 1 },
		{ "", 1, 1 },
	};
	long long v = 0;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p)) {
		if (v > 1000000000000LL)
			return false;
		v = v * 10 + (*p++ - '0');
	}
	for (size_t i = 0; i < ARRAY_LEN(units); i++)
		if (!strcmp(p, units[i].u)) {
			*ms_out = v * units[i].mul / units[i].div;
			return true;
		}
	return false;
}

static int
hap_parse_text(struct prov_value *v, void *dst)
{
	if (!v->text || !*v->text) {
		v->why = "the value is empty";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

static int
hap_parse_time(struct prov_value *v, void *dst)
{
	if (!prov_haproxy_time(v->text, (long long *)dst)) {
		v->why = "not an HAProxy time (digits and us, ms, s, m, h or d)";
		return ERR_INVALID;
	}
	return 0;
}

static int
hap_parse_time_s(struct prov_value *v, void *dst)
{
	long long ms;

	if (!prov_haproxy_time(v->text, &ms)) {
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

struct hctx {
	struct prov_haproxy_settings *s;
	struct arena *arena;
	const struct doc_set *set;
	const char *what, *ns, *name;
	struct diag_sink *sink;
	bool service;
};

static void say(struct hctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...) ING2GW_PRINTF(5, 6);

static void
say(struct hctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (!c->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, doc_pos(c->set, at), "%s '%s/%s': %s",
		c->what, c->ns, c->name, sb.buf);
	strbuf_release(&sb);
}

static void
invalid(struct hctx *c, struct prov_haproxy_slot *sl, const char *why)
{
	sl->state = PROV_HAPROXY_INVALID;
	sl->why = why;
	say(c, DIAG_WARNING, "convert/haproxy-annotation-invalid", sl->node,
		"annotation '%s': %s; the controller logs an error and skips "
		"the annotation, and so does the conversion", sl->key, why);
}

/* "a, b" as the controller splits a list: ',' and trimmed. */
static bool
addr_list(struct hctx *c, const char *text, struct prov_strlist *out,
	const char **bad)
{
	const char *p = text;
	size_t n = 1;

	for (const char *q = text; *q; q++)
		n += *q == ',';
	out->v = arena_alloc(c->arena, n * sizeof(*out->v));
	out->len = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *b = p, *e = p + len;
		char *item;

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		item = arena_strndup(c->arena, b, (size_t)(e - b));
		if (!prov_str_cidr(item)) {
			*bad = item;
			return false;
		}
		out->v[out->len++] = item;
		p += len;
		if (*p)
			p++;
	}
	return out->len > 0;
}

static void
parse_access(struct hctx *c, struct prov_haproxy_slot *sl, bool allow)
{
	const char *bad = "";
	struct prov_strlist *l = allow ? &c->s->allow : &c->s->deny;

	if (!strncmp(sl->text, "patterns/", 9)) {
		if (allow)
			c->s->allow_patterns = sl->text;
		else
			c->s->deny_patterns = sl->text;
		return;
	}
	if (!addr_list(c, sl->text, l, &bad)) {
		l->len = 0;
		invalid(c, sl, arena_printf(c->arena, "'%s' is not an address "
			"or CIDR: the controller adds no %s rule, so the paths "
			"stay open to every client", bad, allow ? "allow" :
			"deny"));
	}
}

/* path-rewrite: lines of one or two fields. */
static void
parse_rewrite(struct hctx *c, struct prov_haproxy_slot *sl)
{
	const char *p = sl->text;
	size_t n = 1;

	for (const char *q = p; *q; q++)
		n += *q == '\n';
	c->s->rewrite_match = arena_alloc(c->arena, n * sizeof(char *));
	c->s->rewrite_fmt = arena_alloc(c->arena, n * sizeof(char *));
	c->s->nrewrites = 0;
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
				f[nf] = arena_strndup(c->arena, p + b, i - b);
			nf++;
		}
		if (nf > 2) {
			c->s->nrewrites = 0;
			invalid(c, sl, "a line has more than two fields "
				"(path-rewrite takes 'PATH' or 'REGEX FORMAT')");
			return;
		}
		if (nf == 1) {
			c->s->rewrite_match[c->s->nrewrites] = "(.*)";
			c->s->rewrite_fmt[c->s->nrewrites++] = f[0];
		} else if (nf == 2) {
			c->s->rewrite_match[c->s->nrewrites] = f[0];
			c->s->rewrite_fmt[c->s->nrewrites++] = f[1];
		}
		p += len;
		if (*p)
			p++;
	}
}

/* request-set-header / response-set-header: "Name value" lines; the
 * value keeps what follows the first space, quotes removed. */
static void
parse_headers(struct hctx *c, struct prov_haproxy_slot *sl, bool response)
{
	const char *p = sl->text;
	size_t n = 1, k = 0;
	struct prov_haproxy_header *h;

	for (const char *q = p; *q; q++)
		n += *q == '\n';
	h = arena_alloc(c->arena, n * sizeof(*h));
	while (*p) {
		size_t len = strcspn(p, "\n");
		const char *sp = memchr(p, ' ', len);

		if (len && !sp) {
			invalid(c, sl, arena_printf(c->arena, "line '%.*s' has "
				"no value (the controller wants 'Name value')",
				(int)len, p));
			k = 0;
			break;
		}
		if (len) {
			const char *v = sp + 1, *e = p + len;

			if (e > v && *v == '"')
				v++;
			if (e > v && e[-1] == '"')
				e--;
			h[k].name = arena_strndup(c->arena, p,
				(size_t)(sp - p));
			h[k++].value = arena_strndup(c->arena, v,
				(size_t)(e - v));
		}
		p += len;
		if (*p)
			p++;
	}
	if (response) {
		c->s->res_headers = h;
		c->s->nres_headers = k;
	} else {
		c->s->req_headers = h;
		c->s->nreq_headers = k;
	}
}

static const char *
nearest(const char *key)
{
	const char *words[ARRAY_LEN(haproxy_table) + 1];

	for (size_t i = 0; i < ARRAY_LEN(haproxy_table); i++)
		words[i] = haproxy_table[i].key;
	words[ARRAY_LEN(haproxy_table)] = NULL;
	return similar_pick(key, words);
}

/* The name the controller looks the key up by: without its prefix, or a
 * table key written without prefix (the store keeps such keys as they
 * are, and its lookups find them). NULL when it reads no such key. */
const char *
prov_haproxy_name(const char *key)
{
	const char *bare = prov_haproxy_strip(key);

	if (bare)
		return bare;
	if (key && !strchr(key, '/') && prov_haproxy_lookup(key))
		return key;
	return NULL;
}

/* alias_pass: only keys written with an alias (whitelist, blacklist,
 * server-slots...), which the controller reads when the key itself is
 * absent; else only the others. */
static void
one(struct hctx *c, const struct doc_node *k, const struct doc_node *v,
	bool alias_pass)
{
	const char *key = doc_str(k), *bare = prov_haproxy_name(key);
	const struct prov_annotation *a;
	struct prov_haproxy_slot *sl;
	const char *why = NULL;

	if (!bare)
		return;
	a = prov_haproxy_lookup(bare);
	if (a && alias_pass != !!strcmp(a->key, bare))
		return;
	if (!a && alias_pass)
		return;
	if (!a) {
		const char *near;

		/* ingress.kubernetes.io/ is shared with other tools */
		if (!strncmp(key, "ingress.kubernetes.io/", 22))
			return;
		if (!strncmp(bare, "backend.", 8) ||
		    !strncmp(bare, "frontend.", 9)) {
			say(c, DIAG_WARNING, "convert/haproxy-not-converted", k,
				"annotation '%s' is a custom annotation (a "
				"ValidationRules CRD gives its meaning); it is "
				"not converted", key);
			return;
		}
		near = nearest(bare);
		say(c, DIAG_WARNING, "convert/haproxy-annotation-unknown", k,
			"annotation '%s' is not an annotation of the HAProxy "
			"Ingress Controller; it has no effect%s%s%s", key,
			near ? " (did you mean '" : "", near ? near : "",
			near ? "'?)" : "");
		return;
	}
	sl = &c->s->slots[prov_haproxy_index(a)];
	if (sl->key_node && alias_pass && strcmp(a->key,
	    prov_haproxy_name(sl->key))) {
		/* two aliases: as two prefixes */
	} else if (sl->key_node && alias_pass) {
		say(c, DIAG_WARNING, "convert/haproxy-annotation-ignored", k,
			"annotation '%s' has no effect: '%s' is set, and the "
			"controller reads the deprecated name only without it",
			key, sl->key);
		return;
	}
	if (sl->key_node) {
		say(c, DIAG_WARNING, "convert/haproxy-annotation-invalid", k,
			"annotation '%s' repeats '%s' under another prefix; "
			"the controller keeps either value (the first is "
			"converted)", key, sl->key);
		return;
	}
	sl->key_node = k;
	sl->node = v;
	sl->key = key;
	sl->text = doc_str(v) ? doc_str(v) : "";
	sl->state = PROV_HAPROXY_SET;
	if (c->service ? a->scope != SVC : (a->scope == ING &&
	    cm_only_key(a->key))) {
		sl->state = PROV_HAPROXY_ABSENT;
		say(c, DIAG_WARNING, "convert/haproxy-annotation-ignored", k,
			"annotation '%s' has no effect here: the controller "
			"reads it from %s", key, c->service ?
			"an Ingress or its ConfigMap, not from a Service" :
			"its ConfigMap only");
		return;
	}
	if (!c->service && (!strcmp(a->key, "route-acl") ||
	    !strcmp(a->key, "cookie-persistence") ||
	    !strcmp(a->key, "cookie-persistence-no-dynamic"))) {
		sl->state = PROV_HAPROXY_ABSENT;
		say(c, DIAG_WARNING, "convert/haproxy-annotation-ignored", k,
			"annotation '%s' has no effect on an Ingress: the "
			"controller reads it from the Service (or the "
			"ConfigMap)", key);
		return;
	}
	if (a->check != PROV_CHECK_NONE && a->check != PROV_CHECK_CIDRS &&
	    prov_check_value(a, sl->text, &why)) {
		invalid(c, sl, why);
		return;
	}
	if (!strcmp(a->key, "allow-list") || !strcmp(a->key, "deny-list")) {
		parse_access(c, sl, a->key[0] == 'a');
		return;
	}
	if (!strcmp(a->key, "path-rewrite")) {
		parse_rewrite(c, sl);
		return;
	}
	if (!strcmp(a->key, "request-set-header") ||
	    !strcmp(a->key, "response-set-header")) {
		parse_headers(c, sl, a->key[1] == 'e' && a->key[2] == 's');
		return;
	}
	if (!strcmp(a->key, "auth-type"))
		c->s->auth_basic = true;
	if (a->parse) {
		struct prov_value pv = { .ann = a, .text = sl->text,
			.arena = c->arena };

		if (a->parse(&pv, (char *)c->s + a->off)) {
			invalid(c, sl, pv.why ? pv.why : "the value does not "
				"parse");
			return;
		}
		if (pv.note)
			say(c, DIAG_WARNING, "convert/haproxy-annotation-"
				"invalid", v, "annotation '%s': %s", key,
				pv.note);
	}
}

void
prov_haproxy_parse(struct prov_haproxy_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *what, const char *ns, const char *name,
	struct diag_sink *sink)
{
	struct hctx c = { .s = out, .arena = arena, .set = set,
		.what = what, .ns = ns, .name = name, .sink = sink,
		.service = what && !strcmp(what, "Service") };
	const char *r;

	memset(out, 0, sizeof(*out));
	out->annotations = annotations;
	out->ssl_redirect_port = PROV_HAPROXY_REDIRECT_PORT;
	out->ssl_redirect_code = 302;
	out->request_redirect_code = 302;
	out->rate_period = 1000;
	out->rate_status = 403;
	out->cors_origin = out->cors_methods = out->cors_headers = "*";
	out->cors_max_age = 5;
	out->auth_realm = "Protected Content";
	if (!doc_is_map(annotations))
		return;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < doc_len(annotations); i++)
			one(&c, doc_map_key(annotations, i),
				doc_map_value(annotations, i), pass);
	r = out->request_redirect;
	if (r && !strncmp(r, "https://", 8)) {
		out->request_redirect = r + 8;
		out->request_redirect_https = true;
	} else if (r && !strncmp(r, "http://", 7)) {
		out->request_redirect = r + 7;
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
