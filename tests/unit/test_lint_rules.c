/*
 * One invalid and one valid example for every CEL rule of the Gateway API
 * v1.6.1 standard-channel CRDs and every rule of the specification that
 * the CRDs do not enforce, S1-S20 (issue 5 acceptance; both listed
 * below). Each bad example must report the row's catalogue rule, for a
 * CEL row with the API server's message (the message of the
 * x-kubernetes-validations rule) verbatim at the end of the finding, and
 * nothing but that rule (and the rules listed in `also`, when two rows
 * check the same value); each good example must be clean. A row that a file cannot show is listed in not_checkable with
 * the reason. test_row_coverage fails when a row of the lists below has
 * neither a case nor a reason.
 *
 * The same for the Gateway API Inference Extension (InferencePool, v1):
 * the two CEL rules of its CRD (tests/crds/, rows C1 and C2, messages
 * verbatim), then one row per other inference/ rule of the catalogue
 * (I1...). test_inference_coverage fails when an inference/ rule has no
 * row.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalogue.h"
#include "doc.h"
#include "k8s.h"
#include "lint.h"

/*
 * The rows: the constraints of the v1.6.1 standard-channel CRDs
 * (config/crd/standard of kubernetes-sigs/gateway-api) numbered 1-252 by
 * kind (Gateway 1-74, shared by HTTPRoute and GRPCRoute 75-152, HTTPRoute
 * only 153-224, GRPCRoute only 225-231, ReferenceGrant 232-242,
 * GatewayClass 243-251, every kind 252), and within a kind by field: one
 * row for the OpenAPI constraints of a field, one row per CEL rule. These
 * are the 74 CEL rows, as read from the CRDs when this test was written;
 * each case below quotes its rule's message, which identifies the rule in
 * the CRD. This is data from the CRDs, not a result.
 */
static const int cel_rows[] = {
	3, 4, 5, 11, 12, 15, 16, 23, 24, 25, 26, 27, 28, 39, 64, 78, 79, 88,
	91, 93, 94, 96, 97, 98, 99, 100, 101, 102, 103, 118, 120, 127, 154,
	155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168,
	170, 173, 176, 183, 184, 185, 186, 196, 197, 198, 199, 204, 205, 206,
	207, 208, 209, 210, 211, 212, 213, 214, 222, 226, 227, 228, 245,
};
#define N_SEMANTIC 20	/* S1-S20 */

static const struct {
	const char *row, *reason;
} not_checkable[] = {
	{ "245", "GatewayClass spec.controllerName 'field is immutable' is "
	  "the CEL self == oldSelf: it compares an update with the stored "
	  "object, and a file has no previous version" },
};

#define API "apiVersion: gateway.networking.k8s.io/v1\n"
#define HR API "kind: HTTPRoute\nmetadata: {name: web}\nspec:\n"
#define GR API "kind: GRPCRoute\nmetadata: {name: grpc}\nspec:\n"
#define GW API "kind: Gateway\nmetadata: {name: gw}\nspec:\n" \
	"  gatewayClassName: example\n"
#define GW80 GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
#define BK "    backendRefs: [{name: web, port: 80}]\n"
#define GBK "    backendRefs: [{name: grpc, port: 50051}]\n"
#define RULE1 "  - backendRefs: [{name: web, port: 80}]\n"
#define GRULE1 "  - backendRefs: [{name: grpc, port: 50051}]\n"
#define CERT "tls: {certificateRefs: [{name: cert}]}"
/* one filter list of a rule with backends, and one without */
#define HF(f) HR "  rules:\n  - filters: [" f "]\n" BK
#define HF0(f) HR "  rules:\n  - filters: [" f "]\n"
/* a filter list of a backendRef */
#define HBF(f) HR "  rules:\n  - backendRefs:\n    - name: web\n" \
	"      port: 80\n      filters: [" f "]\n"
#define HPATH(t, v) HR "  rules:\n  - matches: [{path: {type: " t \
	", value: '" v "'}}]\n" BK
#define RHM(n) "{type: RequestHeaderModifier, requestHeaderModifier: " \
	"{remove: [" n "]}}"
#define SHM(n) "{type: ResponseHeaderModifier, responseHeaderModifier: " \
	"{remove: [" n "]}}"
#define MIRROR "requestMirror: {backendRef: {name: shadow, port: 80}}"
#define EXT "extensionRef: {group: example.net, kind: Auth, name: basic}"
#define CORS(o) "{type: CORS, cors: {allowOrigins: [" o "]}}"
#define REDIR(p) "{type: RequestRedirect, requestRedirect: {path: {" p "}}}"
#define REWR(p) "{type: URLRewrite, urlRewrite: {path: {" p "}}}"
#define RPM "type: ReplacePrefixMatch, replacePrefixMatch: /new"
#define RFP "type: ReplaceFullPath, replaceFullPath: /new"
#define CA "{validation: {caCertificateRefs: [{group: \"\", kind: " \
	"ConfigMap, name: ca}]}}"
#define GWINFRA(m, k) GW80 "  infrastructure:\n    " m ": {" k ": x}\n"
#define L50 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define LONG_PREFIX L50 "." L50 "." L50 "." L50 "." L50	/* 254 chars */
/* 8 and 64 distinct path matches under prefix p */
#define M1(p, i) "{path: {value: /" p i "}}"
#define M8(p) M1(p, "0") ", " M1(p, "1") ", " M1(p, "2") ", " M1(p, "3") \
	", " M1(p, "4") ", " M1(p, "5") ", " M1(p, "6") ", " M1(p, "7")
#define M64(p) M8(p "a") ", " M8(p "b") ", " M8(p "c") ", " M8(p "d") \
	", " M8(p "e") ", " M8(p "f") ", " M8(p "g") ", " M8(p "h")
#define GRM(m) GR "  rules:\n  - matches: [{method: {" m "}}]\n" GBK
#define PFX(p) ": {type: PathPrefix, value: " p "}"

#define NOT_EXACT_PREFIX " when type one of ['Exact', 'PathPrefix']"

struct row_case {
	const char *row;	/* "3" (a CEL row) or "S1" (an S-rule) */
	const char *rule;	/* the catalogue id the bad example reports */
	const char *msg;	/* CEL: the rule's message the finding ends
				 * with; S rules: a part of it, or NULL */
	const char *bad, *good;
	const char *also;	/* rules bad may also report ("a b") */
};

static const struct row_case cases[] = {
/* Gateway */
{ "3", "gateway/address", "IPAddress values must be unique",
  GW80 "  addresses: [{value: 10.0.0.1}, {type: IPAddress, value: "
  "10.0.0.1}]\n",
  GW80 "  addresses: [{value: 10.0.0.1}, {type: IPAddress, value: "
  "10.0.0.2}]\n", NULL },
{ "4", "gateway/address", "Hostname values must be unique",
  GW80 "  addresses: [{type: Hostname, value: a.example.com}, {type: "
  "Hostname, value: a.example.com}]\n",
  GW80 "  addresses: [{type: Hostname, value: a.example.com}, {type: "
  "Hostname, value: b.example.com}]\n", NULL },
{ "5", "gateway/address", "Hostname value must be empty or contain only "
  "valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?"
  "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
  GW80 "  addresses: [{type: Hostname, value: -lb.example.com}]\n",
  GW80 "  addresses: [{type: Hostname, value: lb.example.com}]\n", NULL },
{ "11", "gateway/infrastructure-keys", "Annotation keys must be in the "
  "form of an optional DNS subdomain prefix followed by a required name "
  "segment of up to 63 characters.",
  GWINFRA("annotations", "'example.com/-team'"),
  GWINFRA("annotations", "example.com/team"), NULL },
{ "12", "gateway/infrastructure-keys", "If specified, the annotation "
  "key's prefix must be a DNS subdomain not longer than 253 characters "
  "in total.",
  GWINFRA("annotations", LONG_PREFIX "/team"),
  GWINFRA("annotations", L50 "." L50 "/team"), NULL },
{ "15", "gateway/infrastructure-keys", "Label keys must be in the form "
  "of an optional DNS subdomain prefix followed by a required name "
  "segment of up to 63 characters.",
  GWINFRA("labels", "'team/'"), GWINFRA("labels", "example.com/team"),
  NULL },
{ "16", "gateway/infrastructure-keys", "If specified, the label key's "
  "prefix must be a DNS subdomain not longer than 253 characters in "
  "total.",
  GWINFRA("labels", LONG_PREFIX "/team"),
  GWINFRA("labels", L50 "." L50 "/team"), NULL },
{ "23", "gateway/listener-tls", "tls must not be specified for protocols "
  "['HTTP', 'TCP', 'UDP']",
  GW "  listeners:\n  - {name: tcp, port: 9000, protocol: TCP, " CERT "}\n",
  GW "  listeners:\n  - {name: tcp, port: 9000, protocol: TCP}\n", NULL },
{ "24", "gateway/listener-tls", "tls mode must be Terminate for protocol "
  "HTTPS",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, tls: "
  "{mode: Passthrough}}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: TLS, tls: "
  "{mode: Passthrough}}\n", NULL },
{ "25", "gateway/listener-tls", "tls mode must be set for protocol TLS",
  GW "  listeners:\n  - {name: tls, port: 443, protocol: TLS}\n",
  GW "  listeners:\n  - {name: tls, port: 443, protocol: TLS, tls: {mode: "
  "Passthrough}}\n", NULL },
{ "26", "gateway/listener-hostname", "hostname must not be specified for "
  "protocols ['TCP', 'UDP']",
  GW "  listeners:\n  - {name: dns, port: 53, protocol: UDP, hostname: "
  "dns.example.com}\n",
  GW "  listeners:\n  - {name: dns, port: 53, protocol: UDP}\n", NULL },
{ "27", "gateway/listener-unique", "Listener name must be unique within "
  "the Gateway",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
  "  - {name: http, port: 8080, protocol: HTTP}\n",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
  "  - {name: http-alt, port: 8080, protocol: HTTP}\n", NULL },
{ "28", "gateway/listener-unique", "Combination of port, protocol and "
  "hostname must be unique for each listener",
  GW "  listeners:\n  - {name: a, port: 80, protocol: HTTP, hostname: "
  "a.example.com}\n  - {name: b, port: 80, protocol: HTTP, hostname: "
  "a.example.com}\n",
  GW "  listeners:\n  - {name: a, port: 80, protocol: HTTP, hostname: "
  "a.example.com}\n  - {name: b, port: 80, protocol: HTTP, hostname: "
  "b.example.com}\n", NULL },
{ "39", "gateway/listener-certificates", "certificateRefs or options must "
  "be specified when mode is Terminate",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, tls: "
  "{mode: Terminate}}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, tls: "
  "{mode: Terminate, options: {example.com/cert-source: vault}}}\n",
  NULL },
{ "64", "gateway/tls-port-unique", "Port for TLS configuration must be "
  "unique within the Gateway",
  GW80 "  tls:\n    frontend:\n      default: " CA "\n      perPort:\n"
  "      - {port: 443, tls: " CA "}\n      - {port: 443, tls: " CA "}\n",
  GW80 "  tls:\n    frontend:\n      default: " CA "\n      perPort:\n"
  "      - {port: 443, tls: " CA "}\n      - {port: 8443, tls: " CA
  "}\n", NULL },

/* HTTPRoute and GRPCRoute */
{ "78", "route/parent-refs", "sectionName must be specified when "
  "parentRefs includes 2 or more references to the same parent",
  HR "  parentRefs: [{name: gw}, {name: gw, sectionName: http}]\n"
  "  rules:\n" RULE1,
  HR "  parentRefs: [{name: gw, sectionName: https}, {name: gw, "
  "sectionName: http}]\n  rules:\n" RULE1, NULL },
{ "79", "route/parent-refs", "sectionName must be unique when parentRefs "
  "includes 2 or more references to the same parent",
  GR "  parentRefs: [{name: gw, namespace: infra, sectionName: h2}, "
  "{name: gw, namespace: infra, sectionName: h2}]\n  rules:\n" GRULE1,
  GR "  parentRefs: [{name: gw, namespace: infra, sectionName: h2}, "
  "{name: gw, namespace: other, sectionName: h2}]\n  rules:\n" GRULE1,
  NULL },
{ "88", "route/match-count", "While 16 rules and 64 matches per rule are "
  "allowed, the total number of matches across all rules in a route must "
  "be less than 128",
  HR "  rules:\n  - matches: [" M64("x") "]\n  - matches: [" M64("y")
  "]\n  - {}\n",
  HR "  rules:\n  - matches: [" M64("x") "]\n  - matches: [" M64("y")
  "]\n", NULL },
{ "91", "route/backend-port", "Must have port for Service reference",
  HR "  rules:\n  - backendRefs: [{name: web}]\n",
  HR "  rules:\n  - backendRefs: [{name: web, group: example.net, kind: "
  "Bucket}]\n", NULL },
{ "93", "route/filter-repeated", "RequestHeaderModifier filter cannot be "
  "repeated", HF(RHM("x-a") ", " RHM("x-b")), HF(RHM("x-a, x-b")), NULL },
{ "94", "route/filter-repeated", "ResponseHeaderModifier filter cannot be "
  "repeated", HBF(SHM("x-a") ", " SHM("x-b")), HBF(SHM("x-a, x-b")),
  NULL },
{ "96", "route/filter-member", "filter.requestHeaderModifier must be nil "
  "if the filter.type is not RequestHeaderModifier",
  HF("{type: ResponseHeaderModifier, responseHeaderModifier: {remove: "
  "[x-a]}, requestHeaderModifier: {remove: [x-b]}}"), HF(SHM("x-a")),
  NULL },
{ "97", "route/filter-member", "filter.requestHeaderModifier must be "
  "specified for RequestHeaderModifier filter.type",
  HF("{type: RequestHeaderModifier}"), HF(RHM("x-a")), NULL },
{ "98", "route/filter-member", "filter.responseHeaderModifier must be nil "
  "if the filter.type is not ResponseHeaderModifier",
  GR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {remove: [x-a]}, responseHeaderModifier: "
  "{remove: [x-b]}}]\n" GBK,
  GR "  rules:\n  - filters: [" RHM("x-a") "]\n" GBK, NULL },
{ "99", "route/filter-member", "filter.responseHeaderModifier must be "
  "specified for ResponseHeaderModifier filter.type",
  HF("{type: ResponseHeaderModifier}"), HF(SHM("x-a")), NULL },
{ "100", "route/filter-member", "filter.requestMirror must be nil if the "
  "filter.type is not RequestMirror",
  HF("{type: RequestHeaderModifier, requestHeaderModifier: {remove: "
  "[x-a]}, " MIRROR "}"), HF("{type: RequestMirror, " MIRROR "}"), NULL },
{ "101", "route/filter-member", "filter.requestMirror must be specified "
  "for RequestMirror filter.type",
  HF("{type: RequestMirror}"), HF("{type: RequestMirror, " MIRROR "}"),
  NULL },
{ "102", "route/filter-member", "filter.extensionRef must be nil if the "
  "filter.type is not ExtensionRef",
  HF("{type: RequestMirror, " MIRROR ", " EXT "}"),
  HF("{type: ExtensionRef, " EXT "}"), NULL },
{ "103", "route/filter-member", "filter.extensionRef must be specified "
  "for ExtensionRef filter.type",
  HBF("{type: ExtensionRef}"), HBF("{type: ExtensionRef, " EXT "}"),
  NULL },
{ "118", "route/mirror", "Only one of percent or fraction may be "
  "specified in HTTPRequestMirrorFilter",
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: shadow, "
  "port: 80}, percent: 10, fraction: {numerator: 1, denominator: 10}}}"),
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: shadow, "
  "port: 80}, fraction: {numerator: 1, denominator: 10}}}"), NULL },
{ "120", "route/backend-port", "Must have port for Service reference",
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: "
  "shadow}}}"),
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: shadow, "
  "port: 8080}}}"), NULL },
{ "127", "route/mirror", "numerator must be less than or equal to "
  "denominator",
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: shadow, "
  "port: 80}, fraction: {numerator: 101}}}"),
  HF("{type: RequestMirror, requestMirror: {backendRef: {name: shadow, "
  "port: 80}, fraction: {numerator: 100}}}"), NULL },

/* HTTPRoute only */
{ "154", "route/redirect-backends", "RequestRedirect filter must not be "
  "used together with backendRefs",
  HF("{type: RequestRedirect, requestRedirect: {scheme: https}}"),
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https}}"),
  NULL },
{ "155", "route/prefix-match", "When using RequestRedirect filter with "
  "path.replacePrefixMatch, exactly one PathPrefix match must be "
  "specified",
  HR "  rules:\n  - matches: [{path: {type: Exact, value: /old}}]\n"
  "    filters: [" REDIR(RPM) "]\n",
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: /old}}]\n"
  "    filters: [" REDIR(RPM) "]\n", NULL },
{ "156", "route/prefix-match", "When using URLRewrite filter with "
  "path.replacePrefixMatch, exactly one PathPrefix match must be "
  "specified",
  HR "  rules:\n  - matches: [{path" PFX("/a") "}, {path" PFX("/b")
  "}]\n    filters: [" REWR(RPM) "]\n" BK,
  HR "  rules:\n  - matches: [{path" PFX("/a") "}]\n    filters: ["
  REWR(RPM) "]\n" BK, NULL },
{ "157", "route/prefix-match", "Within backendRefs, when using "
  "RequestRedirect filter with path.replacePrefixMatch, exactly one "
  "PathPrefix match must be specified",
  HR "  rules:\n  - matches: [{path: {type: Exact, value: /a}}]\n"
  "    backendRefs:\n    - name: web\n      port: 80\n      filters: ["
  REDIR(RPM) "]\n",
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: /a}}]\n"
  "    backendRefs:\n    - name: web\n      port: 80\n      filters: ["
  REDIR(RPM) "]\n", NULL },
{ "158", "route/prefix-match", "Within backendRefs, When using URLRewrite "
  "filter with path.replacePrefixMatch, exactly one PathPrefix match must "
  "be specified",
  HR "  rules:\n  - matches: []\n    backendRefs:\n    - name: web\n"
  "      port: 80\n      filters: [" REWR(RPM) "]\n",
  HR "  rules:\n  - backendRefs:\n    - name: web\n"
  "      port: 80\n      filters: [" REWR(RPM) "]\n", NULL },
{ "159", "route/redirect-rewrite", "May specify either "
  "httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but "
  "not both",
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https}}, {type: "
  "URLRewrite, urlRewrite: {hostname: www.example.com}}"),
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https, "
  "hostname: www.example.com}}"), NULL },
{ "160", "route/filter-repeated", "CORS filter cannot be repeated",
  HF(CORS("'https://a.example.com'") ", " CORS("'https://b.example.com'")),
  HF(CORS("'https://a.example.com', 'https://b.example.com'")), NULL },
{ "161", "route/filter-repeated", "RequestRedirect filter cannot be "
  "repeated",
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https}}, {type: "
  "RequestRedirect, requestRedirect: {port: 8443}}"),
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https, port: "
  "8443}}"), NULL },
{ "162", "route/filter-repeated", "URLRewrite filter cannot be repeated",
  HBF("{type: URLRewrite, urlRewrite: {hostname: a.example.com}}, {type: "
  "URLRewrite, urlRewrite: {path: {" RFP "}}}"),
  HBF("{type: URLRewrite, urlRewrite: {hostname: a.example.com, path: {"
  RFP "}}}"), NULL },
{ "163", "route/filter-member", "filter.cors must be nil if the "
  "filter.type is not CORS",
  HF("{type: RequestHeaderModifier, requestHeaderModifier: {remove: "
  "[x-a]}, cors: {maxAge: 60}}"), HF("{type: CORS, cors: {maxAge: 60}}"),
  NULL },
{ "164", "route/filter-member", "filter.cors must be specified for CORS "
  "filter.type", HF("{type: CORS}"), HF(CORS("'https://a.example.com'")),
  NULL },
{ "165", "route/filter-member", "filter.requestRedirect must be nil if "
  "the filter.type is not RequestRedirect",
  HF0("{type: URLRewrite, urlRewrite: {hostname: a.example.com}, "
  "requestRedirect: {scheme: https}}"),
  HF0("{type: URLRewrite, urlRewrite: {hostname: a.example.com}}"),
  NULL },
{ "166", "route/filter-member", "filter.requestRedirect must be specified "
  "for RequestRedirect filter.type", HF0("{type: RequestRedirect}"),
  HF0("{type: RequestRedirect, requestRedirect: {statusCode: 301}}"),
  NULL },
{ "167", "route/filter-member", "filter.urlRewrite must be nil if the "
  "filter.type is not URLRewrite",
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https}, "
  "urlRewrite: {hostname: a.example.com}}"),
  HF0("{type: RequestRedirect, requestRedirect: {scheme: https}}"),
  NULL },
{ "168", "route/filter-member", "filter.urlRewrite must be specified for "
  "URLRewrite filter.type", HBF("{type: URLRewrite}"),
  HBF("{type: URLRewrite, urlRewrite: {hostname: a.example.com}}"),
  NULL },
{ "170", "route/cors-wildcard", "AllowHeaders cannot contain '*' "
  "alongside other methods",
  HF("{type: CORS, cors: {allowHeaders: ['*', x-api-key]}}"),
  HF("{type: CORS, cors: {allowHeaders: ['*']}}"), NULL },
{ "173", "route/cors-wildcard", "AllowMethods cannot contain '*' "
  "alongside other methods",
  HF("{type: CORS, cors: {allowMethods: [GET, '*']}}"),
  HF("{type: CORS, cors: {allowMethods: [GET, POST]}}"), NULL },
{ "176", "route/cors-wildcard", "AllowOrigins cannot contain '*' "
  "alongside other origins",
  HF(CORS("'*', 'https://app.example.com'")), HF(CORS("'*'")), NULL },
{ "183", "route/path-modifier", "replaceFullPath must be specified when "
  "type is set to 'ReplaceFullPath'",
  HF0(REDIR("type: ReplaceFullPath")), HF0(REDIR(RFP)), NULL },
{ "184", "route/path-modifier", "type must be 'ReplaceFullPath' when "
  "replaceFullPath is set",
  HF0(REDIR(RPM ", replaceFullPath: /x")), HF0(REDIR(RPM)), NULL },
{ "185", "route/path-modifier", "replacePrefixMatch must be specified "
  "when type is set to 'ReplacePrefixMatch'",
  HF0(REDIR("type: ReplacePrefixMatch")),
  HF0(REDIR("type: ReplacePrefixMatch, replacePrefixMatch: ''")), NULL },
{ "186", "route/path-modifier", "type must be 'ReplacePrefixMatch' when "
  "replacePrefixMatch is set",
  HF0(REDIR(RFP ", replacePrefixMatch: /x")), HF0(REDIR(RFP)), NULL },
{ "196", "route/path-modifier", "replaceFullPath must be specified when "
  "type is set to 'ReplaceFullPath'",
  HF(REWR("type: ReplaceFullPath")), HF(REWR(RFP)), NULL },
{ "197", "route/path-modifier", "type must be 'ReplaceFullPath' when "
  "replaceFullPath is set",
  HBF(REWR(RPM ", replaceFullPath: /x")), HBF(REWR(RPM)), NULL },
{ "198", "route/path-modifier", "replacePrefixMatch must be specified "
  "when type is set to 'ReplacePrefixMatch'",
  HF(REWR("type: ReplacePrefixMatch")), HF(REWR(RPM)), NULL },
{ "199", "route/path-modifier", "type must be 'ReplacePrefixMatch' when "
  "replacePrefixMatch is set",
  HF(REWR(RFP ", replacePrefixMatch: /x")), HF(REWR(RFP)), NULL },
{ "204", "route/path-value", "value must be an absolute path and start "
  "with '/'" NOT_EXACT_PREFIX, HPATH("PathPrefix", "api"),
  HPATH("PathPrefix", "/api"), NULL },
{ "205", "route/path-value", "must not contain '//'" NOT_EXACT_PREFIX,
  HPATH("PathPrefix", "/api//v1"), HPATH("PathPrefix", "/api/v1"), NULL },
{ "206", "route/path-value", "must not contain '/./'" NOT_EXACT_PREFIX,
  HPATH("Exact", "/api/./v1"), HPATH("Exact", "/api/.v1"), NULL },
{ "207", "route/path-value", "must not contain '/../'" NOT_EXACT_PREFIX,
  HPATH("Exact", "/api/../v1"), HPATH("Exact", "/api/..v1"), NULL },
{ "208", "route/path-value", "must not contain '%2f'" NOT_EXACT_PREFIX,
  HPATH("PathPrefix", "/a%2fb"), HPATH("PathPrefix", "/a%20b"), NULL },
{ "209", "route/path-value", "must not contain '%2F'" NOT_EXACT_PREFIX,
  HPATH("PathPrefix", "/a%2Fb"), HPATH("PathPrefix", "/a%2Bb"), NULL },
/* '#' is outside the character set too: #214's message comes along */
{ "210", "route/path-value", "must not contain '#'" NOT_EXACT_PREFIX,
  HPATH("Exact", "/a#b"), HPATH("Exact", "/a%23b"), NULL },
{ "211", "route/path-value", "must not end with '/..'" NOT_EXACT_PREFIX,
  HPATH("Exact", "/a/.."), HPATH("Exact", "/a/..b"), NULL },
{ "212", "route/path-value", "must not end with '/.'" NOT_EXACT_PREFIX,
  HPATH("PathPrefix", "/a/."), HPATH("PathPrefix", "/a/.b"), NULL },
/* the same value breaks the enum of #215 */
{ "213", "route/path-value", "type must be one of ['Exact', "
  "'PathPrefix', 'RegularExpression']",
  HPATH("Prefix", "/a"), HPATH("PathPrefix", "/a"), "schema/enum" },
{ "214", "route/path-value", "must only contain valid characters "
  "(matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for "
  "types ['Exact', 'PathPrefix']",
  HPATH("PathPrefix", "/a b"), HPATH("PathPrefix", "/a%20b"), NULL },
{ "222", "route/timeouts", "backendRequest timeout cannot be longer than "
  "request timeout",
  HR "  rules:\n  - timeouts: {request: 1s, backendRequest: 1s1ms}\n" BK,
  HR "  rules:\n  - timeouts: {request: 0s, backendRequest: 1m}\n" BK,
  NULL },

/* GRPCRoute only */
{ "226", "route/grpc-method", "One or both of 'service' or 'method' must "
  "be specified", GRM("type: Exact"), GRM("method: Get"), NULL },
{ "227", "route/grpc-method", "service must only contain valid characters "
  "(matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)",
  GRM("service: shop/Cart"), GRM("service: .shop.v1.Cart"), NULL },
{ "228", "route/grpc-method", "method must only contain valid characters "
  "(matching ^[A-Za-z_][A-Za-z_0-9]*$)",
  GRM("service: shop.Cart, method: Get/Item"),
  GRM("service: shop.Cart, method: Get_Item2"), NULL },

/*
 * The S-rules: what the specification (the apis/v1 docs of Gateway API
 * v1.6.1, and GEP-2257) requires and the standard-channel CRDs do not
 * check.
 *  S1  rule names are unique within a route (HTTPRouteRule.Name)
 *  S2  one header-modifier action per header name, case-insensitively
 *      (HTTPHeaderFilter)
 *  S3  of repeated header-match names only the first counts
 *      (HTTPHeaderMatch.Name)
 *  S4  hostnames are not IP addresses (Hostname)
 *  S5  HTTPS listeners have tls (Listener.TLS)
 *  S6  route hostnames intersect the listener's (NoMatchingListenerHostname)
 *  S7  a parentRef's sectionName or port selects a listener
 *      (NoMatchingParent) that allows the route (NotAllowedByListeners)
 *  S8  cross-namespace references need a ReferenceGrant (RefNotPermitted)
 *  S9  backendRefs exist (BackendNotFound)
 *  S10 not every weight of a rule is 0 (BackendRef.Weight)
 *  S11 ReplacePrefixMatch needs exactly one PathPrefix match, also when
 *      matches are defaulted (HTTPPathModifier)
 *  S12 RegularExpression matches are implementation-specific
 *  S13 listeners are distinct (GatewaySpec.Listeners)
 *  S14 HTTPS/TLS listener hostnames on one port do not overlap
 *      (OverlappingTLSConfig)
 *  S15 an HTTPRoute and a GRPCRoute do not share a hostname on one
 *      listener (GRPCRouteSpec.Hostnames)
 *  S16 header values are printable US-ASCII (the experimental pattern)
 *  S17 unknown enum values make the route UnsupportedValue
 *  S18 durations in GEP-2257's standard form
 *  S19 ExtensionRef objects exist (HTTPRouteFilter.Type)
 *  S20 two parentRefs to one Gateway that differ only in port are
 *      rejected (the standard CEL compares sectionName only)
 */
{ "S1", "semantic/rule-name-unique", "rule names must be unique",
  HR "  rules:\n  - name: api\n" BK "  - name: api\n    matches: [{path: "
  "{value: /v2}}]\n" BK,
  HR "  rules:\n  - name: api\n" BK "  - name: api-v2\n    matches: "
  "[{path: {value: /v2}}]\n" BK, NULL },
{ "S2", "semantic/header-modifier-duplicate", "case-insensitive",
  HF("{type: ResponseHeaderModifier, responseHeaderModifier: {set: "
  "[{name: X-A, value: '1'}], add: [{name: x-a, value: '2'}]}}"),
  HF("{type: ResponseHeaderModifier, responseHeaderModifier: {set: "
  "[{name: X-A, value: '1'}], add: [{name: x-b, value: '2'}]}}"), NULL },
{ "S3", "semantic/match-duplicate-name", "only the first is used",
  HR "  rules:\n  - matches: [{headers: [{name: Version, value: '1'}, "
  "{name: version, value: '2'}]}]\n" BK,
  HR "  rules:\n  - matches: [{headers: [{name: version, value: '1'}, "
  "{name: color, value: blue}]}]\n" BK, NULL },
{ "S4", "semantic/hostname-ip", "is an IP address",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "192.168.0.1}\n",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "www.example.com}\n", NULL },
{ "S5", "semantic/https-without-tls", "no tls",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n", NULL },
{ "S6", "ref/no-matching-hostname", "NoMatchingListenerHostname",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "'*.example.com'}\n---\n" HR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[example.com]\n  rules:\n" RULE1,
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "'*.example.com'}\n---\n" HR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[www.example.com]\n  rules:\n" RULE1, NULL },
{ "S7", "ref/no-matching-parent", "NoMatchingParent",
  GW80 "---\n" HR "  parentRefs: [{name: gw, port: 8080}]\n  rules:\n"
  RULE1,
  GW80 "---\n" HR "  parentRefs: [{name: gw, port: 80}]\n  rules:\n"
  RULE1, NULL },
{ "S7", "ref/not-allowed", "NotAllowedByListeners",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, "
  "allowedRoutes: {kinds: [{kind: GRPCRoute}]}}\n---\n" HR
  "  parentRefs: [{name: gw}]\n  rules:\n" RULE1,
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, "
  "allowedRoutes: {kinds: [{kind: HTTPRoute}]}}\n---\n" HR
  "  parentRefs: [{name: gw}]\n  rules:\n" RULE1, NULL },
/* from: Selector, against the labels of the Namespaces of the input */
{ "S7", "ref/not-allowed", "NotAllowedByListeners",
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n---\n"
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, "
  "allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: "
  "{team: web}}}}}\n---\n" HR "  parentRefs: [{name: gw}]\n  rules:\n"
  RULE1,
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: "
  "{team: web}}\n---\n"
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, "
  "allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: "
  "{team: web}}}}}\n---\n" HR "  parentRefs: [{name: gw}]\n  rules:\n"
  RULE1, NULL },
{ "S8", "ref/missing-grant", "RefNotPermitted",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, tls: "
  "{certificateRefs: [{name: cert, namespace: certs}]}}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, tls: "
  "{certificateRefs: [{name: cert, namespace: certs}]}}\n---\n"
  API "kind: ReferenceGrant\nmetadata: {name: gw, namespace: certs}\n"
  "spec:\n  from: [{group: gateway.networking.k8s.io, kind: Gateway, "
  "namespace: default}]\n  to: [{group: '', kind: Secret}]\n", NULL },
{ "S9", "ref/backend-not-found", "is not in the input",
  "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
  "  ports: [{port: 80}]\n---\n" HR "  rules:\n  - backendRefs: [{name: "
  "api, port: 80}]\n",
  "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
  "  ports: [{port: 80}]\n---\n" HR "  rules:\n" RULE1, NULL },
/* a certificateRef, judged when the input has Secrets */
{ "S9", "ref/certificate-not-found", "is not in the input",
  "apiVersion: v1\nkind: Secret\nmetadata: {name: other}\n---\n"
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n",
  "apiVersion: v1\nkind: Secret\nmetadata: {name: cert}\n---\n"
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n", NULL },
{ "S10", "semantic/weights-zero", "every weight is 0",
  HR "  rules:\n  - backendRefs: [{name: a, port: 80, weight: 0}]\n",
  HR "  rules:\n  - backendRefs: [{name: a, port: 80, weight: 0}, {name: "
  "b, port: 80}]\n", NULL },
/* matches: [] is not defaulted; omitted matches default to PathPrefix / */
{ "S11", "route/prefix-match", "exactly one PathPrefix match",
  HR "  rules:\n  - matches: []\n    filters: [" REWR(RPM) "]\n" BK,
  HR "  rules:\n  - filters: [" REWR(RPM) "]\n" BK, NULL },
{ "S12", "semantic/regex", "implementation-specific",
  HR "  rules:\n  - matches: [{queryParams: [{type: RegularExpression, "
  "name: v, value: '^[0-9]+$'}]}]\n" BK,
  HR "  rules:\n  - matches: [{queryParams: [{name: v, value: '1'}]}]\n"
  BK, NULL },
{ "S13", "semantic/listener-conflict", "are not distinct",
  GW "  listeners:\n  - {name: http, port: 443, protocol: HTTP}\n"
  "  - {name: https, port: 443, protocol: HTTPS, " CERT "}\n",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
  "  - {name: https, port: 443, protocol: HTTPS, " CERT "}\n", NULL },
{ "S14", "semantic/tls-overlap", "OverlappingTLSConfig",
  GW "  listeners:\n  - {name: foo, port: 443, protocol: HTTPS, hostname: "
  "foo.example.com, " CERT "}\n  - {name: any, port: 443, protocol: TLS, "
  "hostname: '*.example.com', tls: {mode: Passthrough}}\n",
  GW "  listeners:\n  - {name: foo, port: 443, protocol: HTTPS, hostname: "
  "foo.example.com, " CERT "}\n  - {name: any, port: 8443, protocol: TLS, "
  "hostname: '*.example.com', tls: {mode: Passthrough}}\n", NULL },
/* S15 with hostnames that intersect without being equal, both ways (the
 * GRPCRoute "grpc" comes first by namespace/name) */
{ "S15", "semantic/http-grpc-overlap", "(through '*.example.com')",
  HR "  parentRefs: [{name: gw}]\n  hostnames: [api.example.com]\n"
  "  rules:\n" RULE1 "---\n" GR "  parentRefs: [{name: gw}]\n"
  "  hostnames: ['*.example.com']\n  rules:\n" GRULE1,
  HR "  parentRefs: [{name: gw}]\n  hostnames: [api.example.com]\n"
  "  rules:\n" RULE1 "---\n" GR "  parentRefs: [{name: gw}]\n"
  "  hostnames: ['*.example.org']\n  rules:\n" GRULE1, NULL },
{ "S15", "semantic/http-grpc-overlap", "hostnames under '*.example.com'",
  GR "  parentRefs: [{name: gw}]\n  hostnames: [a.b.example.com]\n"
  "  rules:\n" GRULE1 "---\n" HR "  parentRefs: [{name: gw}]\n"
  "  hostnames: ['*.example.com']\n  rules:\n" RULE1,
  GR "  parentRefs: [{name: gw}]\n  hostnames: [a.b.example.com]\n"
  "  rules:\n" GRULE1 "---\n" HR "  parentRefs: [{name: gw, "
  "sectionName: web}]\n  hostnames: ['*.example.com']\n  rules:\n"
  RULE1, NULL },
{ "S16", "semantic/header-value", "control characters",
  HF("{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: "
  "x-a, value: \"a\\r\\nx-b: 1\"}]}}"),
  HF("{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: "
  "x-a, value: \"a b\"}]}}"), NULL },
{ "S17", "schema/enum", "Unsupported value: \"ExternalAuth\"",
  HF("{type: ExternalAuth}"), HF(RHM("x-a")), NULL },
{ "S18", "semantic/duration", "it means 1m30s",
  HR "  rules:\n  - timeouts: {request: 60s30s}\n" BK,
  HR "  rules:\n  - timeouts: {request: 1m30s}\n" BK, NULL },
{ "S19", "ref/extension-not-found", "is not in the input",
  "apiVersion: example.net/v1\nkind: Auth\nmetadata: {name: basic, "
  "namespace: apps}\n---\n" HF("{type: ExtensionRef, " EXT "}"),
  "apiVersion: example.net/v1\nkind: Auth\nmetadata: {name: basic}\n"
  "---\n" HF("{type: ExtensionRef, " EXT "}"), NULL },
{ "S20", "route/parent-refs", "sectionName must be unique when parentRefs "
  "includes 2 or more references to the same parent",
  HR "  parentRefs: [{name: gw, port: 80}, {name: gw, port: 443}]\n"
  "  rules:\n" RULE1,
  HR "  parentRefs: [{name: gw, sectionName: http}, {name: gw, "
  "sectionName: https}]\n  rules:\n" RULE1, NULL },
};

/* InferencePool and routes to it (Inference Extension v1). */
#define POOL_HEAD "apiVersion: inference.networking.k8s.io/v1\n" \
	"kind: InferencePool\nmetadata: {name: llm}\nspec:\n" \
	"  selector: {matchLabels: {app: llm}}\n"
#define PORTS(p) "  targetPorts: [" p "]\n"
#define EPP(x) "  endpointPickerRef: {name: llm-epp" x "}\n"
#define EPP_OK EPP(", port: {number: 9002}")
#define POOL POOL_HEAD PORTS("{number: 8000}") EPP_OK
#define PREF(x) HR "  rules:\n  - backendRefs: [{" x "}]\n"
#define IP "group: inference.networking.k8s.io, kind: InferencePool"

static const struct row_case inference_cases[] = {
{ "C1", "inference/endpoint-picker-port", "port is required when kind is "
  "'Service' or unspecified (defaults to 'Service')",
  POOL_HEAD PORTS("{number: 8000}") EPP(", kind: Service"),
  POOL_HEAD PORTS("{number: 8000}") EPP(", group: example.com, kind: "
  "Picker"), NULL },
{ "C2", "inference/target-ports-unique", "port number must be unique",
  POOL_HEAD PORTS("{number: 8000}, {number: 8001}, {number: 8001}") EPP_OK,
  POOL_HEAD PORTS("{number: 8000}, {number: 8001}") EPP_OK, NULL },
{ "I1", "inference/endpoint-picker-missing", "no endpointPickerRef",
  POOL_HEAD PORTS("{number: 8000}"), POOL, NULL },
{ "I2", "inference/backend-group", "kind InferencePool in group ''",
  PREF("kind: InferencePool, name: llm"), PREF(IP ", name: llm"), NULL },
{ "I3", "inference/pool-not-found", "InferencePool default/chat is not "
  "in the input",
  POOL "---\n" PREF(IP ", name: chat"), POOL "---\n" PREF(IP ", name: llm"),
  NULL },
{ "I4", "inference/backend-port", "8080 is not a target port of "
  "InferencePool default/llm",
  POOL "---\n" PREF(IP ", name: llm, port: 8080"),
  POOL "---\n" PREF(IP ", name: llm, port: 8000"), NULL },
{ "I9", "inference/endpoint-picker-not-found", "Service default/chat-epp "
  "is not in the input",
  "apiVersion: v1\nkind: Service\nmetadata: {name: llm-epp}\n---\n"
  POOL_HEAD PORTS("{number: 8000}") "  endpointPickerRef: {name: chat-epp, "
  "port: {number: 9002}}\n",
  "apiVersion: v1\nkind: Service\nmetadata: {name: llm-epp}\nspec:\n"
  "  ports: [{port: 9002}]\n---\n" POOL, NULL },
/* the CRD's OpenAPI part, with the API server's messages */
{ "I5", "schema/items", "spec.selector.matchLabels in body should have at "
  "least 1 properties",
  "apiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\n"
  "metadata: {name: llm}\nspec:\n  selector: {matchLabels: {}}\n"
  PORTS("{number: 8000}") EPP_OK, POOL, NULL },
{ "I6", "schema/enum", "Unsupported value: \"grpc\": supported values: "
  "\"http\", \"kubernetes.io/h2c\"",
  POOL "  appProtocol: grpc\n", POOL "  appProtocol: kubernetes.io/h2c\n",
  NULL },
{ "I7", "schema/required", "spec.targetPorts: Required value",
  POOL_HEAD EPP_OK, POOL, NULL },
/* a cross-namespace pool needs a ReferenceGrant like a Service */
{ "I8", "ref/missing-grant", "the reference to InferencePool ai/llm "
  "crosses namespaces",
  PREF(IP ", name: llm, namespace: ai"),
  PREF(IP ", name: llm, namespace: ai") "---\napiVersion: "
  "gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: "
  "{name: pools, namespace: ai}\nspec:\n  from: [{group: "
  "gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]\n"
  "  to: [{group: inference.networking.k8s.io, kind: InferencePool}]\n",
  NULL },
};

struct run {
	struct doc_set *set;
	struct diag_sink sink;
	struct k8s_objects objs;
	struct lint_result res;
};

static void
lint_text(struct run *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(r->set, "in.yaml", text, strlen(text),
		&r->sink), 0);
	assert_int_equal(k8s_objects_collect(&r->objs, r->set, &r->sink), 0);
	assert_int_equal(r->sink.input_errors, 0);
	assert_int_equal(lint_run(&r->res, r->set, &r->objs, NULL, &r->sink),
		0);
}

static void
release(struct run *r)
{
	lint_result_release(&r->res);
	k8s_objects_release(&r->objs);
	diag_sink_release(&r->sink);
	doc_set_free(r->set);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Whether rule is one of the blank-separated ids of list. */
static bool
listed(const char *list, const char *rule)
{
	size_t n = strlen(rule);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !memcmp(p, rule, n))
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

static void
dump(const char *what, const struct row_case *rc, const struct run *r)
{
	fprintf(stderr, "row %s, %s example: want [%s] %s\n", rc->row, what,
		rc->rule, rc->msg ? rc->msg : "");
	for (size_t i = 0; i < r->sink.len; i++)
		fprintf(stderr, "  got %u:%u [%s] %s\n",
			r->sink.items[i].pos.line, r->sink.items[i].pos.col,
			r->sink.items[i].rule, r->sink.items[i].msg);
}

/* Runs the cases; returns the number that failed. */
static size_t
run_cases(const struct row_case *list, size_t n)
{
	size_t failures = 0;

	for (size_t i = 0; i < n; i++) {
		const struct row_case *rc = &list[i];
		/* CEL rows: the message ends the finding; S and I: a part */
		bool cel = rc->row[0] != 'S' && rc->row[0] != 'I';
		bool hit = false, other = false;
		struct run r;

		assert_non_null(lint_rule_find(rc->rule));
		lint_text(&r, rc->bad);
		for (size_t j = 0; j < r.sink.len; j++) {
			const struct diag *d = &r.sink.items[j];

			if (!d->rule || (strcmp(d->rule, rc->rule) &&
			    !listed(rc->also, d->rule))) {
				other = true;
				continue;
			}
			if (!strcmp(d->rule, rc->rule) && (!rc->msg ||
			    (cel ? ends_with(d->msg, rc->msg) :
			    strstr(d->msg, rc->msg) != NULL)))
				hit = true;
		}
		if (!hit || other) {
			dump("bad", rc, &r);
			failures++;
		}
		release(&r);
		lint_text(&r, rc->good);
		if (r.sink.len) {
			dump("good", rc, &r);
			failures++;
		}
		release(&r);
	}
	return failures;
}

static void
test_row_cases(void **state)
{
	(void)state;
	assert_int_equal(run_cases(cases, ARRAY_LEN(cases)), 0);
}

static void
test_inference_cases(void **state)
{
	(void)state;
	assert_int_equal(run_cases(inference_cases,
		ARRAY_LEN(inference_cases)), 0);
}

/* Every inference/ rule of the catalogue has a row; the CRD has two CEL
 * rules (tests/crds/gateway-api-inference-extension-v1.6.0). */
static void
test_inference_coverage(void **state)
{
	size_t n, missing = 0, rules = 0, cel = 0;
	const struct lint_rule *cat = lint_catalogue(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		if (strncmp(cat[i].id, "inference/", 10))
			continue;
		rules++;
		for (size_t j = 0; j < ARRAY_LEN(inference_cases); j++)
			found |= !strcmp(inference_cases[j].rule, cat[i].id);
		if (!found) {
			fprintf(stderr, "%s: no row\n", cat[i].id);
			missing++;
		}
	}
	for (size_t j = 0; j < ARRAY_LEN(inference_cases); j++)
		cel += inference_cases[j].row[0] == 'C';
	assert_int_equal(cel, 2);
	assert_int_equal(rules, 7);
	assert_int_equal(missing, 0);
}

/*
 * ListenerSet: its CRD (v1.6.1) and the rules that span it and its
 * Gateway (the CRD's description: the merged list of listeners, the
 * Gateway's allowedListeners). Rows "C<n>" are the CEL rules of the CRD,
 * checked like the Gateway's (the message at the end of the finding);
 * "SL<n>" the rules across objects. The CEL messages below are the CRD's,
 * copied as data.
 */
static const char *const lset_cel[] = {
	"tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
	"tls mode must be Terminate for protocol HTTPS",
	"tls mode must be set for protocol TLS",
	"hostname must not be specified for protocols ['TCP', 'UDP']",
	"Listener name must be unique within the Gateway",
	"Combination of port, protocol and hostname must be unique for each "
	"listener",
	"certificateRefs or options must be specified when mode is Terminate",
};

#define LS API "kind: ListenerSet\nmetadata: {name: apps, namespace: apps}\n" \
	"spec:\n  parentRef: {name: gw, namespace: infra}\n  listeners:\n"
#define LSGW(from) API "kind: Gateway\nmetadata: {name: gw, namespace: " \
	"infra}\nspec:\n  gatewayClassName: example\n  listeners:\n" \
	"  - {name: http, port: 80, protocol: HTTP}\n" \
	"  allowedListeners: {namespaces: {from: " from "}}\n---\n"
#define LSL(l) "  - {" l "}\n"
#define LSROUTE(ref) "---\n" API "kind: HTTPRoute\nmetadata: {name: web, " \
	"namespace: apps}\nspec:\n  parentRefs: [" ref "]\n" \
	"  rules:\n" RULE1

static const struct row_case lset_cases[] = {
{ "C1", "gateway/listener-tls", "tls must not be specified for protocols "
  "['HTTP', 'TCP', 'UDP']",
  LS LSL("name: web, port: 80, protocol: HTTP, " CERT),
  LS LSL("name: web, port: 80, protocol: HTTP"), NULL },
{ "C2", "gateway/listener-tls", "tls mode must be Terminate for protocol "
  "HTTPS",
  LS LSL("name: web, port: 443, protocol: HTTPS, tls: {mode: "
  "Passthrough}"),
  LS LSL("name: web, port: 443, protocol: TLS, tls: {mode: "
  "Passthrough}"), NULL },
{ "C3", "gateway/listener-tls", "tls mode must be set for protocol TLS",
  LS LSL("name: db, port: 443, protocol: TLS"),
  LS LSL("name: db, port: 443, protocol: TLS, tls: {mode: Passthrough}"),
  NULL },
{ "C4", "gateway/listener-hostname", "hostname must not be specified for "
  "protocols ['TCP', 'UDP']",
  LS LSL("name: db, port: 5432, protocol: TCP, hostname: db.example.com"),
  LS LSL("name: db, port: 5432, protocol: TCP"), NULL },
{ "C5", "gateway/listener-unique", "Listener name must be unique within "
  "the Gateway",
  LS LSL("name: web, port: 80, protocol: HTTP")
  LSL("name: web, port: 8080, protocol: HTTP"),
  LS LSL("name: web, port: 80, protocol: HTTP")
  LSL("name: alt, port: 8080, protocol: HTTP"), NULL },
{ "C6", "gateway/listener-unique", "Combination of port, protocol and "
  "hostname must be unique for each listener",
  LS LSL("name: a, port: 80, protocol: HTTP, hostname: a.example.com")
  LSL("name: b, port: 80, protocol: HTTP, hostname: a.example.com"),
  LS LSL("name: a, port: 80, protocol: HTTP, hostname: a.example.com")
  LSL("name: b, port: 80, protocol: HTTP, hostname: b.example.com"),
  NULL },
{ "C7", "gateway/listener-certificates", "certificateRefs or options must "
  "be specified when mode is Terminate",
  LS LSL("name: web, port: 443, protocol: HTTPS, tls: {mode: Terminate}"),
  LS LSL("name: web, port: 443, protocol: HTTPS, " CERT), NULL },
/* the schema: parentRef and listeners, the enum without None */
{ "SL1", "schema/required", "spec.parentRef: Required value",
  API "kind: ListenerSet\nmetadata: {name: apps, namespace: apps}\n"
  "spec:\n  listeners:\n" LSL("name: web, port: 80, protocol: HTTP"),
  LS LSL("name: web, port: 80, protocol: HTTP"), NULL },
{ "SL2", "schema/items", "should have at least 1 items",
  API "kind: ListenerSet\nmetadata: {name: apps, namespace: apps}\n"
  "spec:\n  parentRef: {name: gw, namespace: infra}\n  listeners: []\n",
  LS LSL("name: web, port: 80, protocol: HTTP"), NULL },
{ "SL3", "schema/enum", "supported values: \"All\", \"Selector\", \"Same\"",
  LS LSL("name: web, port: 80, protocol: HTTP, allowedRoutes: "
  "{namespaces: {from: None}}"),
  LS LSL("name: web, port: 80, protocol: HTTP, allowedRoutes: "
  "{namespaces: {from: Same}}"), NULL },
/* across objects (the ListenerSet CRD, ParentReference) */
{ "SL4", "semantic/listenerset-conflict", "(HostnameConflict)",
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"), NULL },
{ "SL5", "semantic/listenerset-conflict", "(ProtocolConflict)",
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTPS, hostname: "
  "apps.example.com, " CERT),
  LSGW("All") LS LSL("name: web, port: 443, protocol: HTTPS, hostname: "
  "apps.example.com, " CERT), NULL },
{ "SL6", "ref/listenerset-not-allowed", "allowedListeners.namespaces.from: "
  "None",
  API "kind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n"
  "  gatewayClassName: example\n  listeners:\n"
  "  - {name: http, port: 80, protocol: HTTP}\n---\n" LS
  LSL("name: web, port: 80, protocol: HTTP, hostname: apps.example.com"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"), NULL },
{ "SL7", "ref/listenerset-not-allowed", "from: Same",
  LSGW("Same") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"), NULL },
{ "SL8", "ref/parent-not-found", "Gateway infra/gateway is not in the input",
  LSGW("All") API "kind: ListenerSet\nmetadata: {name: apps, namespace: "
  "apps}\nspec:\n  parentRef: {name: gateway, namespace: infra}\n"
  "  listeners:\n" LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com"), NULL },
{ "SL9", "ref/no-matching-parent", "ListenerSet apps/apps has no listener "
  "named 'api'",
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com") LSROUTE("{kind: ListenerSet, name: apps, "
  "sectionName: api}"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com") LSROUTE("{kind: ListenerSet, name: apps, "
  "sectionName: web}"), NULL },
{ "SL10", "ref/no-matching-parent", "Gateway infra/gw has no listener "
  "named 'web'",
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com") LSROUTE("{name: gw, namespace: infra, "
  "sectionName: web}"),
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com") LSROUTE("{kind: ListenerSet, name: apps, "
  "sectionName: web}"), NULL },
{ "SL11", "ref/not-allowed", "of ListenerSet apps/apps allows kind "
  "HTTPRoute from namespace 'blog'",
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com") "---\n" API "kind: HTTPRoute\nmetadata: {name: "
  "web, namespace: blog}\nspec:\n  parentRefs: [{kind: ListenerSet, "
  "name: apps, namespace: apps}]\n  rules:\n" RULE1,
  LSGW("All") LS LSL("name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com, allowedRoutes: {namespaces: {from: Selector, "
  "selector: {matchLabels: {kubernetes.io/metadata.name: blog}}}}")
  "---\n" API "kind: HTTPRoute\nmetadata: {name: web, namespace: blog}\n"
  "spec:\n  parentRefs: [{kind: ListenerSet, name: apps, namespace: "
  "apps}]\n  rules:\n" RULE1, NULL },
};

static void
test_listenerset_cases(void **state)
{
	size_t missing = 0;

	(void)state;
	assert_int_equal(run_cases(lset_cases, ARRAY_LEN(lset_cases)), 0);
	/* every CEL rule of the CRD has a case that ends with its message */
	for (size_t i = 0; i < ARRAY_LEN(lset_cel); i++) {
		bool found = false;

		for (size_t j = 0; j < ARRAY_LEN(lset_cases) && !found; j++)
			found = lset_cases[j].row[0] == 'C' &&
				!strcmp(lset_cases[j].msg, lset_cel[i]);
		if (!found) {
			fprintf(stderr, "ListenerSet CEL rule without a case: "
				"%s\n", lset_cel[i]);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static bool
has_case(const char *row)
{
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (!strcmp(cases[i].row, row))
			return true;
	return false;
}

static bool
is_not_checkable(const char *row)
{
	for (size_t i = 0; i < ARRAY_LEN(not_checkable); i++)
		if (!strcmp(not_checkable[i].row, row))
			return true;
	return false;
}

/* Every CEL row and every S-rule has a pair, or a reason why not. */
static void
test_row_coverage(void **state)
{
	size_t missing = 0, covered = 0;
	char row[16];

	(void)state;
	assert_int_equal(ARRAY_LEN(cel_rows), 74);
	for (size_t i = 0; i < ARRAY_LEN(cel_rows); i++) {
		snprintf(row, sizeof(row), "%d", cel_rows[i]);
		if (has_case(row) == is_not_checkable(row)) {
			fprintf(stderr, "CEL row #%s: %s\n", row,
				has_case(row) ? "both a case and a reason" :
				"no case and no reason");
			missing++;
		}
		covered += has_case(row);
	}
	for (int s = 1; s <= N_SEMANTIC; s++) {
		snprintf(row, sizeof(row), "S%d", s);
		if (!has_case(row)) {
			fprintf(stderr, "S-rule %s: no case\n", row);
			missing++;
		}
	}
	/* no case for a row outside the lists (a typo in a row number) */
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		bool known = false;

		for (size_t j = 0; j < ARRAY_LEN(cel_rows) && !known; j++) {
			snprintf(row, sizeof(row), "%d", cel_rows[j]);
			known = !strcmp(row, cases[i].row);
		}
		for (int s = 1; s <= N_SEMANTIC && !known; s++) {
			snprintf(row, sizeof(row), "S%d", s);
			known = !strcmp(row, cases[i].row);
		}
		if (!known) {
			fprintf(stderr, "case %zu: row '%s' is not a CEL row "
				"or an S-rule\n", i, cases[i].row);
			missing++;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(not_checkable); i++)
		fprintf(stderr, "not checkable from files: #%s: %s\n",
			not_checkable[i].row, not_checkable[i].reason);
	fprintf(stderr, "%zu of %zu CEL rows and %d S-rules have a bad and a "
		"good example\n", covered, ARRAY_LEN(cel_rows), N_SEMANTIC);
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_coverage),
		cmocka_unit_test(test_row_cases),
		cmocka_unit_test(test_inference_cases),
		cmocka_unit_test(test_inference_coverage),
		cmocka_unit_test(test_listenerset_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
