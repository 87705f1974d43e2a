#include "compat.h"
#include "providers/f5-nginx/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"
#include "targets/target.h"

/*
 * Facts: nginx/kubernetes-ingress (internal/configs/annotations.go:
 * parseAnnotations, masterDenylist, minionDenylist, minionInheritanceList;
 * internal/k8s/validation.go: the annotation validators of
 * validateIngressAnnotations; internal/configs/parsing_helpers.go:
 * ParseLBMethod, ParseRewriteList, ParseStickyServiceList;
 * internal/configs/version1/header_parsing_helper.go:
 * ParseProxySetHeaders; the ConfigMap defaults of
 * internal/configs/config_params.go), and docs/content/configuration/
 * ingress-resources/advanced-configuration-with-annotations.md.
 */

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
#define SVC PROV_SCOPE_SERVICE
#define DROP PROV_INVALID_DROP
#define IGN PROV_INVALID_IGNORE

#define K(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_f5_settings, fld), .on_invalid = DROP

static prov_parse_fn f5_parse_text;
static prov_parse_fn f5_parse_time;
static prov_parse_fn f5_parse_list;
static prov_parse_fn f5_parse_enum;
static prov_parse_fn f5_parse_rewrites;
static prov_parse_fn f5_parse_sticky;
static prov_parse_fn f5_parse_headers;
static prov_parse_fn f5_parse_lb;
static prov_parse_fn f5_parse_uint;
static prov_parse_fn f5_parse_path;
static prov_parse_fn f5_parse_code;
static prov_parse_fn f5_parse_ports;

static const char *const v_merge[] = { "", "master", "minion", NULL };
static const char *const v_regex[] = { "case_sensitive", "case_insensitive",
	"exact", NULL };
static const char *const v_level[] = { "info", "notice", "warn", "error",
	NULL };

static const char *const f5_prefixes[] = { "", "nginx.org/", "nginx.com/",
	"appprotect.f5.com/", "appprotectdos.f5.com/", "custom.nginx.org/",
	NULL };

#define TIMEOUT_GW "HTTPRoute rule timeouts.backendRequest bounds the " \
	"whole answer; an implementation's policy for this one (EG " \
	"BackendTrafficPolicy timeout)"
#define PERF_GW "none (the implementation's own setting)"
#define SNIPPET_GW "none: raw nginx configuration; filters or an " \
	"implementation's policy by hand"
#define ACCESS_GW "an implementation's security policy (EG " \
	"SecurityPolicy), written by hand"

static const struct prov_annotation f5_table[] = {
	/* ---- nginx.org/ ---- */
	{ K("nginx.org/add-header", PROV_KIND_LIST, scratch_add_header,
		f5_parse_text),
	  .cls = A_, .risk = LOW, .scope = LOC,
	  .desc = "response headers added (Name:Value[:always], comma "
		"separated)",
	  .gateway = "ResponseHeaderModifier filter (add)",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("nginx.org/add-header-inherit", PROV_KIND_ENUM, scratch_text,
		f5_parse_text),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "add_header_inherit of the locations (on, off, merge)",
	  .gateway = "none: Gateway API filters do not inherit" },
	{ K("nginx.org/app-root", PROV_KIND_PATH, app_root, f5_parse_path),
	  .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "redirect '/' to this path (302)",
	  .gateway = "RequestRedirect filter (ReplaceFullPath, 302) on an "
		"Exact '/' match",
	  .std = "RequestRedirect filter (ReplaceFullPath, 302), path Exact /",
	  .construct = TGT_C_PATH_REDIRECT },
	{ K("nginx.org/basic-auth-realm", PROV_KIND_STRING, basic_auth_realm,
		f5_parse_text),
	  .cls = B_, .risk = LOW, .scope = HOST,
	  .desc = "realm of the basic authentication",
	  .gateway = ACCESS_GW, .feature = IR_FEAT_BASIC_AUTH },
	{ K("nginx.org/basic-auth-secret", PROV_KIND_OBJREF,
		basic_auth_secret, f5_parse_text),
	  .cls = B_, .risk = HIGH, .scope = HOST,
	  .desc = "Secret (type nginx.org/htpasswd) of the users allowed in "
		"by basic authentication",
	  .gateway = ACCESS_GW, .feature = IR_FEAT_BASIC_AUTH },
	{ K("nginx.org/client-body-buffer-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "buffer for the request body", .gateway = PERF_GW },
	{ K("nginx.org/client-max-body-size", PROV_KIND_SIZE, body_size,
		prov_parse_size),
	  .def = "1m", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "largest request body (413 above it; 0: no limit)",
	  .gateway = "an implementation's policy (EG BackendTrafficPolicy "
		"requestBuffer)", .feature = IR_FEAT_BODY_SIZE },
	{ K("nginx.org/custom-http-errors", PROV_KIND_STATUS_LIST,
		scratch_text, f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "upstream status codes answered by the defaultBackend",
	  .gateway = "none: Gateway API has no error pages" },
	{ K("nginx.org/fail-timeout", PROV_KIND_DURATION, scratch_int,
		f5_parse_time),
	  .def = "10s", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "passive health check window of the upstream servers",
	  .gateway = PERF_GW },
	{ K("nginx.org/grpc-services", PROV_KIND_LIST, grpc_services,
		f5_parse_list),
	  .cls = A_, .risk = LOW, .scope = SVC,
	  .desc = "Services reached with gRPC (grpc_pass, HTTP/2)",
	  .gateway = "the Service port's appProtocol kubernetes.io/h2c, or a "
		"GRPCRoute",
	  .std = "GRPCRoute", .construct = TGT_C_GRPCROUTE },
	{ K("nginx.org/hsts", PROV_KIND_BOOL, hsts, prov_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "Strict-Transport-Security header on HTTPS answers",
	  .gateway = "ResponseHeaderModifier filter (set) on the HTTPS routes",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("nginx.org/hsts-behind-proxy", PROV_KIND_BOOL, hsts_behind_proxy,
		prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "send HSTS when X-Forwarded-Proto is https",
	  .gateway = "none: the header is set by listener" },
	{ K("nginx.org/hsts-include-subdomains", PROV_KIND_BOOL,
		hsts_subdomains, prov_parse_bool),
	  .def = "false", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "includeSubDomains in the HSTS header",
	  .gateway = "the value of the Strict-Transport-Security header",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("nginx.org/hsts-max-age", PROV_KIND_INT, hsts_max_age,
		prov_parse_int),
	  .def = "2592000", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "max-age of the HSTS header",
	  .gateway = "the value of the Strict-Transport-Security header",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("nginx.org/http-redirect-code", PROV_KIND_INT, redirect_code,
		f5_parse_code),
	  .def = "301", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "status of the HTTP to HTTPS redirects (301, 302, 307, "
		"308)",
	  .gateway = "RequestRedirect statusCode",
	  .std = "RequestRedirect statusCode" },
	{ K("nginx.org/keepalive", PROV_KIND_INT, scratch_int,
		prov_parse_int),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "idle keepalive connections to the upstream servers",
	  .gateway = PERF_GW },
	{ K("nginx.org/lb-method", PROV_KIND_STRING, lb_method, f5_parse_lb),
	  .def = "random two least_conn", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "load balancing method (round_robin, least_conn, ip_hash, "
		"random [two [least_conn]], hash KEY [consistent])",
	  .gateway = "an implementation's policy (EG BackendTrafficPolicy "
		"loadBalancer)", .feature = IR_FEAT_LOAD_BALANCING },
	{ K("nginx.org/limit-req-burst", PROV_KIND_INT, scratch_int,
		prov_parse_int),
	  .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "requests above the rate that wait", .gateway =
		"an implementation's rate limit (EG BackendTrafficPolicy)",
	  .feature = IR_FEAT_RATE_LIMIT },
	{ K("nginx.org/limit-req-delay", PROV_KIND_INT, scratch_int,
		prov_parse_int),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "requests of the burst served without delay",
	  .gateway = PERF_GW },
	{ K("nginx.org/limit-req-dry-run", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = LOC,
	  .desc = "count but do not reject requests above the rate",
	  .gateway = "none" },
	{ K("nginx.org/limit-req-key", PROV_KIND_NGINX_VAR, scratch_text,
		f5_parse_text),
	  .def = "${binary_remote_addr}", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "key of the rate limit (nginx variables)",
	  .gateway = "an implementation's rate limit (EG BackendTrafficPolicy "
		"clientSelectors)", .feature = IR_FEAT_RATE_LIMIT },
	{ K("nginx.org/limit-req-log-level", PROV_KIND_ENUM, scratch_text,
		f5_parse_enum),
	  .values = v_level, .def = "error", .cls = CP, .risk = LOW,
	  .scope = LOC, .desc = "log level of rejected requests",
	  .gateway = PERF_GW },
	{ K("nginx.org/limit-req-no-delay", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "serve the burst without delay", .gateway = PERF_GW },
	{ K("nginx.org/limit-req-rate", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "request rate limit (Nr/s or Nr/m)",
	  .gateway = "an implementation's rate limit (EG BackendTrafficPolicy "
		"rateLimit)", .feature = IR_FEAT_RATE_LIMIT },
	{ K("nginx.org/limit-req-reject-code", PROV_KIND_INT, scratch_int,
		prov_parse_int),
	  .def = "503", .cls = C_, .risk = LOW, .scope = LOC,
	  .desc = "status of rejected requests",
	  .gateway = "none: the implementation's status (429 mostly)" },
	{ K("nginx.org/limit-req-scale", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "divide the rate by the controller's replicas",
	  .gateway = PERF_GW },
	{ K("nginx.org/limit-req-zone-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .def = "10m", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "shared memory of the rate limit", .gateway = PERF_GW },
	{ K("nginx.org/listen-ports", PROV_KIND_LIST, scratch_text,
		f5_parse_ports),
	  .def = "80", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "HTTP ports of the server (custom listeners)",
	  .gateway = "Gateway listeners on those ports, by hand" },
	{ K("nginx.org/listen-ports-ssl", PROV_KIND_LIST, scratch_text,
		f5_parse_ports),
	  .def = "443", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "HTTPS ports of the server (custom listeners)",
	  .gateway = "Gateway listeners on those ports, by hand" },
	{ .key = "nginx.org/location-snippets", .kind = PROV_KIND_NGINX,
	  .cls = C_, .risk = CRIT, .scope = LOC,
	  .desc = "raw nginx configuration in every location",
	  .gateway = SNIPPET_GW },
	{ K("nginx.org/max-conns", PROV_KIND_INT, scratch_int, f5_parse_uint),
	  .def = "0", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "connections per upstream server", .gateway = PERF_GW },
	{ K("nginx.org/max-fails", PROV_KIND_INT, scratch_int, f5_parse_uint),
	  .def = "1", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "failures before a server is marked down",
	  .gateway = PERF_GW },
	{ K("nginx.org/mergeable-ingress-type", PROV_KIND_ENUM, merge,
		f5_parse_enum),
	  .values = v_merge + 1, .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "master (the host, TLS and server settings) or minion (the "
		"paths) of one host split across Ingresses",
	  .gateway = "the minions' rules in one route per host and Ingress, "
		"on the master's listeners",
	  .std = "HTTPRoute rules of the minions" },
	{ K("nginx.org/path-regex", PROV_KIND_ENUM, path_regex,
		f5_parse_enum),
	  .values = v_regex, .cls = A_, .risk = LOW, .scope = ING,
	  .desc = "paths are regular expressions: case_sensitive (~), "
		"case_insensitive (~*) or exact (=)",
	  .gateway = "path match RegularExpression (implementation-specific "
		"syntax) or Exact",
	  .std = "path match RegularExpression" },
	{ K("nginx.org/policies", PROV_KIND_LIST, policies, f5_parse_list),
	  .cls = B_, .risk = CRIT, .scope = HOST,
	  .desc = "Policy objects (k8s.nginx.org) applied: accessControl, "
		"jwt, oidc, basicAuth, apiKey, rateLimit, waf, ...",
	  .gateway = ACCESS_GW },
	{ K("nginx.org/proxy-buffer-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "buffer of the response headers", .gateway = PERF_GW },
	{ K("nginx.org/proxy-buffering", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "true", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "buffer responses", .gateway = PERF_GW },
	{ K("nginx.org/proxy-buffers", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "number and size of the response buffers",
	  .gateway = PERF_GW },
	{ K("nginx.org/proxy-busy-buffers-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "buffers busy sending to the client", .gateway = PERF_GW },
	{ K("nginx.org/proxy-connect-timeout", PROV_KIND_DURATION,
		connect_timeout, f5_parse_time),
	  .def = "60s", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "timeout of the connection to the upstream",
	  .gateway = "an implementation's policy (EG BackendTrafficPolicy "
		"timeout.tcp.connectTimeout)", .feature = IR_FEAT_TIMEOUTS },
	{ K("nginx.org/proxy-hide-headers", PROV_KIND_HEADER_LIST,
		hide_headers, f5_parse_list),
	  .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "upstream response headers not passed to the client",
	  .gateway = "ResponseHeaderModifier filter (remove)",
	  .std = "ResponseHeaderModifier filter",
	  .construct = TGT_C_RESPONSE_HEADERS },
	{ K("nginx.org/proxy-max-temp-file-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "largest temporary file of a buffered response",
	  .gateway = PERF_GW },
	{ K("nginx.org/proxy-next-upstream", PROV_KIND_LIST, scratch_text,
		f5_parse_text),
	  .def = "error timeout", .cls = C_, .risk = LOW, .scope = LOC,
	  .desc = "when a request is passed to the next upstream server",
	  .gateway = "HTTPRoute rule retry (experimental) or an "
		"implementation's retry policy" },
	{ K("nginx.org/proxy-next-upstream-timeout", PROV_KIND_DURATION,
		scratch_int, f5_parse_time),
	  .def = "0s", .cls = C_, .risk = LOW, .scope = LOC,
	  .desc = "time for passing a request to the next server",
	  .gateway = "an implementation's retry policy" },
	{ K("nginx.org/proxy-next-upstream-tries", PROV_KIND_INT, scratch_int,
		f5_parse_uint),
	  .def = "0", .cls = C_, .risk = LOW, .scope = LOC,
	  .desc = "tries of passing a request to the next server",
	  .gateway = "HTTPRoute rule retry attempts (experimental)" },
	{ K("nginx.org/proxy-pass-headers", PROV_KIND_HEADER_LIST,
		pass_headers, f5_parse_list),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "upstream headers nginx hides by default that are passed "
		"(Date, Server, X-Accel-*)",
	  .gateway = "none: Gateway API implementations pass them" },
	{ K("nginx.org/proxy-read-timeout", PROV_KIND_DURATION, read_timeout,
		f5_parse_time),
	  .def = "60s", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "timeout between two reads from the upstream",
	  .gateway = TIMEOUT_GW, .feature = IR_FEAT_TIMEOUTS },
	{ K("nginx.org/proxy-redirect-from", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "Location and Refresh text replaced in upstream answers",
	  .gateway = "none: Gateway API does not rewrite response headers by "
		"pattern" },
	{ K("nginx.org/proxy-redirect-to", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "replacement of proxy-redirect-from",
	  .gateway = "none" },
	{ K("nginx.org/proxy-send-timeout", PROV_KIND_DURATION, send_timeout,
		f5_parse_time),
	  .def = "60s", .cls = B_, .risk = LOW, .scope = LOC,
	  .desc = "timeout between two writes to the upstream",
	  .gateway = TIMEOUT_GW, .feature = IR_FEAT_TIMEOUTS },
	{ K("nginx.org/proxy-set-headers", PROV_KIND_LIST, set_headers,
		f5_parse_headers),
	  .cls = A_, .risk = LOW, .scope = LOC,
	  .desc = "request headers set to the upstream (Name[: value], "
		"comma separated; without value the client's header)",
	  .gateway = "RequestHeaderModifier filter (set) for fixed values",
	  .std = "RequestHeaderModifier filter" },
	{ K("nginx.org/redirect-to-https", PROV_KIND_BOOL, redirect_to_https,
		prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "redirect to HTTPS when X-Forwarded-Proto is http (TLS "
		"ended before nginx)",
	  .gateway = "none: a header match and a RequestRedirect on the "
		"proxy in front, or TLS on the Gateway with an HTTP redirect" },
	{ K("nginx.org/rewrite-target", PROV_KIND_PATH, rewrite_target,
		f5_parse_path),
	  .cls = A_, .risk = MED, .scope = LOC,
	  .desc = "the URI of the requests a path matches is replaced "
		"(rewrite PATH TARGET break; $n captures)",
	  .gateway = "URLRewrite filter (ReplaceFullPath); with captures an "
		"implementation's regex rewrite",
	  .std = "URLRewrite filter (ReplaceFullPath)",
	  .construct = TGT_C_PATH_REWRITE },
	{ K("nginx.org/rewrites", PROV_KIND_LIST, rewrites,
		f5_parse_rewrites),
	  .cls = A_, .risk = LOW, .scope = SVC,
	  .desc = "the path prefix replaced per Service (serviceName=S "
		"rewrite=/P;...)",
	  .gateway = "URLRewrite filter (ReplacePrefixMatch; ReplaceFullPath "
		"for Exact paths)",
	  .std = "URLRewrite filter (ReplacePrefixMatch)",
	  .construct = TGT_C_PATH_REWRITE },
	{ .key = "nginx.org/server-snippets", .kind = PROV_KIND_NGINX,
	  .cls = C_, .risk = CRIT, .scope = HOST,
	  .desc = "raw nginx configuration in the server",
	  .gateway = SNIPPET_GW },
	{ K("nginx.org/server-tokens", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .def = "true", .cls = CP, .risk = LOW, .scope = HOST,
	  .desc = "nginx version in the Server header and error pages",
	  .gateway = PERF_GW },
	{ K("nginx.org/ssl-ciphers", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "TLS ciphers of the server",
	  .gateway = "Gateway spec.tls or an implementation's policy (EG "
		"ClientTrafficPolicy tls.ciphers)" },
	{ K("nginx.org/ssl-prefer-server-ciphers", PROV_KIND_BOOL,
		scratch_bool, prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "the server's cipher order wins",
	  .gateway = "an implementation's TLS policy" },
	{ K("nginx.org/ssl-redirect", PROV_KIND_BOOL, ssl_redirect,
		prov_parse_bool),
	  .def = "true", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "redirect HTTP to HTTPS when the host has TLS",
	  .gateway = "RequestRedirect filter (scheme https) on the HTTP "
		"listener",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ K("nginx.org/ssl-services", PROV_KIND_LIST, ssl_services,
		f5_parse_list),
	  .cls = A_, .risk = LOW, .scope = SVC,
	  .desc = "Services reached over TLS (certificate not verified)",
	  .gateway = "BackendTLSPolicy (written by hand: the CA and name to "
		"verify)",
	  .std = "BackendTLSPolicy", .construct = TGT_C_BACKEND_TLS },
	{ K("nginx.org/sticky-cookie-services", PROV_KIND_LIST, sticky,
		f5_parse_sticky),
	  .cls = B_, .risk = LOW, .scope = SVC,
	  .desc = "sticky sessions by a cookie nginx sets, per Service "
		"(serviceName=S NAME [expires=] [domain=] [path=];...)",
	  .gateway = "HTTPRoute rule sessionPersistence (experimental) or an "
		"implementation's cookie hash",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("nginx.org/upstream-zone-size", PROV_KIND_SIZE, scratch_int,
		prov_parse_size),
	  .def = "256k", .cls = CP, .risk = LOW, .scope = LOC,
	  .desc = "shared memory of the upstream", .gateway = PERF_GW },
	{ K("nginx.org/use-cluster-ip", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = CP, .risk = LOW, .scope = SVC,
	  .desc = "send to the Service's ClusterIP, not its endpoints",
	  .gateway = "none (EG BackendTrafficPolicy routingType Service)" },
	{ K("nginx.org/websocket-services", PROV_KIND_LIST, websocket,
		f5_parse_list),
	  .cls = A_, .risk = LOW, .scope = SVC,
	  .desc = "Services that get the Upgrade and Connection headers "
		"(WebSocket)",
	  .gateway = "nothing to write: Gateway API implementations pass "
		"WebSocket upgrades",
	  .std = "none needed" },
	/* ---- legacy ---- */
	{ K("ingress.kubernetes.io/ssl-redirect", PROV_KIND_BOOL, ssl_redirect,
		prov_parse_bool),
	  .def = "true", .cls = A_, .risk = LOW, .scope = HOST,
	  .desc = "deprecated form of nginx.org/ssl-redirect",
	  .gateway = "RequestRedirect filter (scheme https) on the HTTP "
		"listener",
	  .std = "RequestRedirect filter (scheme https) on the HTTP listener",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ .key = "custom.nginx.org/*", .kind = PROV_KIND_STRING,
	  .cls = C_, .risk = MED, .scope = HOST,
	  .desc = "read by custom templates only (any key under the prefix)",
	  .gateway = "none: what the custom template does with it" },
	/* ---- nginx.com/ (NGINX Plus) ---- */
	{ K("nginx.com/health-checks", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = SVC,
	  .desc = "active health checks from the Pods' readiness probes",
	  .gateway = "an implementation's policy (EG BackendTrafficPolicy "
		"healthCheck.active)" },
	{ K("nginx.com/health-checks-mandatory", PROV_KIND_BOOL, scratch_bool,
		prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = SVC,
	  .desc = "new servers take traffic after their first check",
	  .gateway = "an implementation's health check policy" },
	{ K("nginx.com/health-checks-mandatory-queue", PROV_KIND_INT,
		scratch_int, f5_parse_uint),
	  .def = "0", .cls = CP, .risk = LOW, .scope = SVC,
	  .desc = "requests queued while no server is healthy",
	  .gateway = PERF_GW },
	{ K("nginx.com/jwt-key", PROV_KIND_OBJREF, jwt_key, f5_parse_text),
	  .cls = B_, .risk = HIGH, .scope = HOST,
	  .desc = "Secret with the JWK set that verifies JSON Web Tokens",
	  .gateway = "an implementation's JWT policy (EG SecurityPolicy jwt), "
		"written by hand" },
	{ K("nginx.com/jwt-login-url", PROV_KIND_URL, scratch_text,
		f5_parse_text),
	  .cls = B_, .risk = LOW, .scope = HOST,
	  .desc = "where requests without a valid token are redirected",
	  .gateway = "an implementation's JWT or OIDC policy" },
	{ K("nginx.com/jwt-realm", PROV_KIND_STRING, scratch_text,
		f5_parse_text),
	  .cls = B_, .risk = LOW, .scope = HOST,
	  .desc = "realm of the JWT authentication",
	  .gateway = "an implementation's JWT policy" },
	{ K("nginx.com/jwt-token", PROV_KIND_NGINX_VAR, scratch_text,
		f5_parse_text),
	  .def = "$http_authorization", .cls = B_, .risk = LOW, .scope = HOST,
	  .desc = "where the token is read (a header, cookie or argument)",
	  .gateway = "an implementation's JWT policy (fromHeaders, "
		"fromCookies)" },
	{ K("nginx.com/policies", PROV_KIND_LIST, policies, f5_parse_list),
	  .cls = B_, .risk = CRIT, .scope = HOST,
	  .desc = "Policy objects applied (the NGINX Plus form of "
		"nginx.org/policies)",
	  .gateway = ACCESS_GW },
	{ K("nginx.com/slow-start", PROV_KIND_DURATION, scratch_int,
		f5_parse_time),
	  .cls = CP, .risk = LOW, .scope = SVC,
	  .desc = "time a recovered server takes to reach its weight",
	  .gateway = "an implementation's policy (EG BackendTrafficPolicy "
		"slowStart)" },
	{ K("nginx.com/sticky-cookie-services", PROV_KIND_LIST, sticky,
		f5_parse_sticky),
	  .cls = B_, .risk = LOW, .scope = SVC,
	  .desc = "sticky sessions by a cookie NGINX Plus sets, per Service",
	  .gateway = "HTTPRoute rule sessionPersistence (experimental) or an "
		"implementation's cookie hash",
	  .feature = IR_FEAT_LOAD_BALANCING },
	/* ---- App Protect WAF and DoS ---- */
	{ K("appprotect.f5.com/app-protect-enable", PROV_KIND_BOOL,
		app_protect, prov_parse_bool),
	  .def = "false", .cls = B_, .risk = CRIT, .scope = HOST,
	  .desc = "App Protect WAF checks the requests and blocks attacks",
	  .gateway = "an implementation's WAF, written by hand" },
	{ K("appprotect.f5.com/app-protect-policy", PROV_KIND_OBJREF,
		scratch_text, f5_parse_text),
	  .cls = B_, .risk = HIGH, .scope = HOST,
	  .desc = "APPolicy of the WAF (namespace/name)",
	  .gateway = "an implementation's WAF, written by hand" },
	{ K("appprotect.f5.com/app-protect-security-log", PROV_KIND_LIST,
		scratch_text, f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "APLogConf objects of the WAF's security log",
	  .gateway = "none" },
	{ K("appprotect.f5.com/app-protect-security-log-destination",
		PROV_KIND_LIST, scratch_text, f5_parse_text),
	  .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "where the WAF's security log goes",
	  .gateway = "none" },
	{ K("appprotect.f5.com/app-protect-security-log-enable",
		PROV_KIND_BOOL, scratch_bool, prov_parse_bool),
	  .def = "false", .cls = C_, .risk = LOW, .scope = HOST,
	  .desc = "the WAF writes a security log", .gateway = "none" },
	{ K("appprotectdos.f5.com/app-protect-dos-resource", PROV_KIND_OBJREF,
		dos_resource, f5_parse_text),
	  .cls = B_, .risk = HIGH, .scope = HOST,
	  .desc = "DosProtectedResource that blocks denial-of-service "
		"clients",
	  .gateway = "an implementation's rate limit or WAF, written by hand" },
};

_Static_assert(ARRAY_LEN(f5_table) <= PROV_F5_NANN,
	"PROV_F5_NANN below the table");

const struct prov_provider prov_f5nginx_provider = {
	.name = "f5-nginx",
	.prefixes = f5_prefixes,
	.table = f5_table,
	.count = ARRAY_LEN(f5_table),
	.nkeys = ARRAY_LEN(f5_table),
	.lookup = prov_f5_lookup,
};

/* ---- lookup ---------------------------------------------------------- */

static const struct prov_annotation *
by_key(const char *key)
{
	if (!strncmp(key, "custom.nginx.org/", 17))
		key = "custom.nginx.org/*";
	for (size_t i = 0; i < ARRAY_LEN(f5_table); i++)
		if (!strcmp(f5_table[i].key, key))
			return &f5_table[i];
	return NULL;
}

const struct prov_annotation *
prov_f5_lookup(const char *key)
{
	static const char *const own[] = { "nginx.org/", "nginx.com/",
		"appprotect.f5.com/", "appprotectdos.f5.com/" };
	const struct prov_annotation *a;
	char buf[160];

	if (!key)
		return NULL;
	if ((a = by_key(key)))
		return a;
	if (strchr(key, '/'))
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(own); i++) {
		if ((size_t)snprintf(buf, sizeof(buf), "%s%s", own[i], key) >=
		    sizeof(buf))
			return NULL;
		if ((a = by_key(buf)))
			return a;
	}
	if (!strcmp(key, "ssl-redirect"))
		return by_key("nginx.org/ssl-redirect");
	return NULL;
}

size_t
prov_f5_index(const struct prov_annotation *a)
{
	return (size_t)(a - f5_table);
}

bool
prov_f5_own_key(const char *key)
{
	for (const char *const *p = f5_prefixes + 1; *p; p++)
		if (!strncmp(key, *p, strlen(*p)))
			return true;
	return !strcmp(key, "ingress.kubernetes.io/ssl-redirect");
}

const struct prov_f5_slot *
prov_f5_slot(const struct prov_f5_settings *s, const char *key)
{
	const struct prov_annotation *a = by_key(key);

	return a ? &s->slots[prov_f5_index(a)] : NULL;
}

bool
prov_f5_has(const struct prov_strlist *list, const char *svc)
{
	for (size_t i = 0; svc && i < list->len; i++)
		if (!strcmp(list->v[i], svc))
			return true;
	return false;
}

/* ---- parsers ---------------------------------------------------------- */

static int
f5_parse_text(struct prov_value *v, void *dst)
{
	if (!*v->text) {
		v->why = "empty";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

bool
prov_f5_time(const char *s, long long *secs)
{
	long long total_ms = 0;
	const char *p = s;

	if (!s || !*s)
		return false;
	while (*p) {
		long long n = 0, mul;
		const char *d = p;

		while (isdigit((unsigned char)*p)) {
			if (n > 100000000000LL)
				return false;
			n = n * 10 + (*p++ - '0');
		}
		if (p == d)
			return false;
		if (!strncmp(p, "ms", 2)) {
			mul = 1;
			p += 2;
		} else {
			switch (*p) {
			case '\0': mul = 1000; break;
			case 's': mul = 1000; break;
			case 'm': mul = 60000; break;
			case 'h': mul = 3600000; break;
			case 'd': mul = 86400000; break;
			case 'w': mul = 604800000; break;
			case 'M': mul = 2592000000LL; break;
			case 'y': mul = 31536000000LL; break;
			default: return false;
			}
			if (*p)
				p++;
		}
		total_ms += n * mul;
		while (*p == ' ')
			p++;
	}
	*secs = (total_ms + 999) / 1000;
	return true;
}

static int
f5_parse_time(struct prov_value *v, void *dst)
{
	long long s;

	if (!prov_f5_time(v->text, &s)) {
		v->why = "not an nginx time (a number with ms, s, m, h, d)";
		return ERR_INVALID;
	}
	*(long long *)dst = s;
	return 0;
}

static int
f5_parse_uint(struct prov_value *v, void *dst)
{
	long long n;

	if (!prov_str_int(v->text, &n) || n < 0) {
		v->why = "not a non-negative integer";
		return ERR_INVALID;
	}
	*(long long *)dst = n;
	return 0;
}

static int
f5_parse_code(struct prov_value *v, void *dst)
{
	long long n;

	if (!prov_str_int(v->text, &n) || (n != 301 && n != 302 &&
	    n != 307 && n != 308)) {
		v->why = "not one of 301, 302, 307, 308";
		return ERR_INVALID;
	}
	*(long long *)dst = n;
	return 0;
}

static bool
dns1123_label_ok(const char *s, size_t n)
{
	if (!n || n > 63 || !isalnum((unsigned char)s[0]) ||
	    !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			return false;
	return true;
}

/* Comma-separated words, each trimmed; empty items dropped. */
static int
f5_parse_list(struct prov_value *v, void *dst)
{
	struct prov_strlist *l = dst;
	const char *s = v->text;
	size_t n = 1, i = 0;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	l->v = arena_alloc(v->arena, n * sizeof(*l->v));
	for (;;) {
		size_t len = strcspn(s, ",");
		const char *b = s;
		size_t m = len;

		while (m && isspace((unsigned char)*b)) {
			b++;
			m--;
		}
		while (m && isspace((unsigned char)b[m - 1]))
			m--;
		if (m)
			l->v[i++] = arena_strndup(v->arena, b, m);
		if (!s[len])
			break;
		s += len + 1;
	}
	l->len = i;
	if (!i) {
		v->why = "an empty list";
		return ERR_INVALID;
	}
	return 0;
}

static int
f5_parse_enum(struct prov_value *v, void *dst)
{
	const char *const *vals = v->ann->values;
	int i = 0;

	for (const char *const *p = vals; p && *p; p++, i++)
		if (!strcmp(*p, v->text)) {
			/* mergeable-ingress-type: values start at "master" */
			*(int *)dst = vals == v_merge + 1 ? i + 1 : i;
			return 0;
		}
	v->why = "not one of the accepted values";
	return ERR_INVALID;
}

static int
f5_parse_lb(struct prov_value *v, void *dst)
{
	static const char *const ok[] = { "round_robin", "least_conn",
		"ip_hash", "random", "random two", "random two least_conn",
		"random two least_time=header",
		"random two least_time=last_byte", "least_time header",
		"least_time last_byte", "least_time header inflight",
		"least_time last_byte inflight", NULL };
	const char *t = v->text;

	if (!strncmp(t, "hash ", 5) && t[5]) {
		*(const char **)dst = t;
		return 0;
	}
	for (const char *const *p = ok; *p; p++)
		if (!strcmp(*p, t)) {
			*(const char **)dst = t;
			return 0;
		}
	v->why = "not a load balancing method";
	return ERR_INVALID;
}

/* A path: '/' first, no whitespace, '{', '}' or '$' (VerifyPath). */
static bool
path_ok(const char *p)
{
	if (*p != '/')
		return false;
	for (; *p; p++)
		if (isspace((unsigned char)*p) || *p == '{' || *p == '}' ||
		    *p == ';')
			return false;
	return true;
}

static int
f5_parse_path(struct prov_value *v, void *dst)
{
	if (!path_ok(v->text)) {
		v->why = "must start with '/' and have no whitespace, '{', "
			"'}' or ';'";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

static int
f5_parse_ports(struct prov_value *v, void *dst)
{
	for (const char *p = v->text; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != ',' && *p != ' ') {
			v->why = "not a comma-separated list of ports";
			return ERR_INVALID;
		}
	*(const char **)dst = v->text;
	return 0;
}

/* "KEY=VALUE" items split on ';', each "serviceName=S REST". */
static int
svc_items(struct prov_value *v, struct prov_f5_svcval **out, size_t *n,
	bool rewrite)
{
	const char *s = v->text;
	size_t cap = 1;

	for (const char *p = s; *p; p++)
		cap += *p == ';';
	*out = arena_alloc(v->arena, cap * sizeof(**out));
	*n = 0;
	for (;;) {
		size_t len = strcspn(s, ";");
		char *item = arena_strndup(v->arena, s, len);
		char *b = item, *e, *sp;
		size_t m;

		while (isspace((unsigned char)*b))
			b++;
		m = strlen(b);
		while (m && isspace((unsigned char)b[m - 1]))
			b[--m] = '\0';
		sp = strchr(b, ' ');
		if (!sp || strncmp(b, "serviceName=", 12) || sp == b + 12) {
			v->why = rewrite ? "not of the form 'serviceName=S "
				"rewrite=/P'" : "not of the form "
				"'serviceName=S COOKIE [expires=T] ...'";
			return ERR_INVALID;
		}
		*sp = '\0';
		e = sp + 1;
		while (*e == ' ')
			e++;
		if (!dns1123_label_ok(b + 12, strlen(b + 12))) {
			v->why = "the serviceName is not a valid Service name";
			return ERR_INVALID;
		}
		if (rewrite) {
			if (strncmp(e, "rewrite=", 8) || !path_ok(e + 8) ||
			    strchr(e + 8, '$')) {
				v->why = "the rewrite is not 'rewrite=/PATH' "
					"(no whitespace, '{', '}' or '$')";
				return ERR_INVALID;
			}
			e += 8;
		} else if (!*e) {
			v->why = "no cookie name";
			return ERR_INVALID;
		}
		(*out)[*n].service = b + 12;
		(*out)[(*n)++].value = e;
		if (!s[len])
			break;
		s += len + 1;
	}
	return 0;
}

static int
f5_parse_rewrites(struct prov_value *v, void *dst)
{
	struct prov_f5_settings *st = (struct prov_f5_settings *)((char *)dst -
		offsetof(struct prov_f5_settings, rewrites));

	return svc_items(v, &st->rewrites, &st->nrewrites, true);
}

static int
f5_parse_sticky(struct prov_value *v, void *dst)
{
	struct prov_f5_settings *st = (struct prov_f5_settings *)((char *)dst -
		offsetof(struct prov_f5_settings, sticky));

	return svc_items(v, &st->sticky, &st->nsticky, false);
}

static int
f5_parse_headers(struct prov_value *v, void *dst)
{
	struct prov_f5_settings *st = (struct prov_f5_settings *)((char *)dst -
		offsetof(struct prov_f5_settings, set_headers));
	const char *s = v->text;
	size_t cap = 1;

	for (const char *p = s; *p; p++)
		cap += *p == ',';
	st->set_headers = arena_alloc(v->arena, cap *
		sizeof(*st->set_headers));
	st->nset_headers = 0;
	for (;;) {
		size_t len = strcspn(s, ",");
		char *item = arena_strndup(v->arena, s, len);
		char *colon = strchr(item, ':');
		char *name = item, *val = NULL;
		size_t m;

		if (colon) {
			*colon = '\0';
			val = colon + 1;
			while (isspace((unsigned char)*val))
				val++;
			m = strlen(val);
			while (m && isspace((unsigned char)val[m - 1]))
				val[--m] = '\0';
		}
		while (isspace((unsigned char)*name))
			name++;
		m = strlen(name);
		while (m && isspace((unsigned char)name[m - 1]))
			name[--m] = '\0';
		for (char *p = name; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' &&
			    *p != '_') {
				v->why = "a header name with characters HTTP "
					"does not allow";
				return ERR_INVALID;
			}
		if (*name) {
			st->set_headers[st->nset_headers].name = name;
			st->set_headers[st->nset_headers++].value = val;
		}
		if (!s[len])
			break;
		s += len + 1;
	}
	if (!st->nset_headers) {
		v->why = "no header";
		return ERR_INVALID;
	}
	return 0;
}

/* ---- reader ----------------------------------------------------------- */

static void
say(struct diag_sink *sink, const struct doc_set *set, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void
say(struct diag_sink *sink, const struct doc_set *set, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;

	if (!sink)
		return;
	va_start(ap, fmt);
	diag_vadd(sink, sev, rule, doc_pos(set, at), fmt, ap);
	va_end(ap);
}

static void
reject(struct prov_f5_settings *s, const char *key, const char *why,
	const struct doc_node *at)
{
	if (s->rejected)
		return;
	s->rejected = true;
	s->reject_key = key;
	s->reject_reason = why;
	s->reject_node = at;
}

/* The nearest table key, for "did you mean". */
static const char *
nearest(const char *key)
{
	const char *best = NULL;
	size_t bd = (size_t)-1;

	for (size_t i = 0; i < ARRAY_LEN(f5_table); i++) {
		size_t d = similar_distance(key, f5_table[i].key);

		if (d < bd) {
			bd = d;
			best = f5_table[i].key;
		}
	}
	return bd <= 4 ? best : NULL;
}

void
prov_f5_read(struct prov_f5_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink)
{
	memset(out, 0, sizeof(*out));
	out->annotations = annotations;
	out->path_regex = PROV_F5_REGEX_NONE;
	out->ssl_redirect = true;
	out->redirect_code = 301;
	out->hsts_max_age = 2592000;
	out->body_size = -1;
	for (size_t i = 0; i < doc_len(annotations); i++) {
		const struct doc_node *k = doc_map_key(annotations, i);
		const struct doc_node *val = doc_map_value(annotations, i);
		const char *key = doc_str(k);
		const char *text = doc_str(val);
		const struct prov_annotation *a;
		struct prov_f5_slot *sl;
		struct prov_value pv;
		const char *hint;

		if (!key || !prov_f5_own_key(key))
			continue;
		a = by_key(key);
		if (!a) {
			hint = nearest(key);
			say(sink, set, DIAG_WARNING,
				"convert/f5-nginx-annotation-unknown", k,
				"Ingress '%s/%s': annotation '%s' is not one "
				"F5 NGINX reads; it has no effect%s%s%s", ns,
				name, key, hint ? " (did you mean '" : "",
				hint ? hint : "", hint ? "'?)" : "");
			continue;
		}
		sl = &out->slots[prov_f5_index(a)];
		sl->key_node = k;
		sl->node = val;
		sl->text = text ? text : "";
		if (!a->parse)
			continue;
		pv = (struct prov_value){ .ann = a, .text = sl->text,
			.arena = arena };
		/* the controller reads values as they are, trimmed in parts */
		while (isspace((unsigned char)*pv.text))
			pv.text++;
		if (a->parse(&pv, (char *)out + a->off)) {
			sl->bad = true;
			reject(out, key, pv.why, val);
			say(sink, set, DIAG_WARNING,
				"convert/f5-nginx-annotation-invalid", val,
				"Ingress '%s/%s': annotation '%s': value '%s' "
				"is %s; F5 NGINX's admission rejects the whole "
				"Ingress", ns, name, key, sl->text,
				pv.why ? pv.why : "invalid");
		}
	}
	/* parseAnnotations reads ingress.kubernetes.io/ssl-redirect first,
	 * nginx.org/ssl-redirect after it: the latter wins */
	{
		const struct prov_f5_slot *sl = prov_f5_slot(out,
			"nginx.org/ssl-redirect");
		bool b;

		if (sl && sl->key_node && !sl->bad && prov_str_bool(sl->text,
		    &b))
			out->ssl_redirect = b;
	}
	/* the HSTS keys are read only with nginx.org/hsts */
	if (!out->hsts) {
		out->hsts_subdomains = false;
		out->hsts_behind_proxy = false;
	}
}

/* ---- selection -------------------------------------------------------- */

int
prov_f5_leans(const struct doc_node *annotations)
{
	int n = 0;

	for (size_t i = 0; i < doc_len(annotations); i++) {
		const char *key = doc_str(doc_map_key(annotations, i));

		if (!key)
			continue;
		if (prov_f5_own_key(key) && strncmp(key, "custom.", 7))
			n++;
		else if (!strncmp(key, "nginx.ingress.kubernetes.io/", 28))
			n--;
	}
	return n;
}

bool
prov_f5_serves(const struct ing_world *w, const struct ingress *ing)
{
	const struct ing_class *cls;

	if (!ing->class_name)
		return false;
	cls = ing_world_class(w, ing->class_name);
	if (cls)
		return cls->controller && !strcmp(cls->controller,
			PROV_F5_CONTROLLER);
	return !strcmp(ing->class_name, PROV_F5_CLASS) &&
		prov_f5_leans(ing->annotations) > 0;
}
