/*
 * The rule catalogue. Each bad example must trigger its rule and each good
 * one must not (tests/unit/test_lint.c runs them all); keep them short.
 */
#include "compat.h"
#include "catalogue.h"

#include <string.h>

#define OBJ_HEAD(kind, name) "apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: " kind "\nmetadata: {name: " name "}\nspec:\n"
#define HR OBJ_HEAD("HTTPRoute", "web")
#define GR OBJ_HEAD("GRPCRoute", "grpc")
#define GW OBJ_HEAD("Gateway", "gw") "  gatewayClassName: example\n"
#define GW80 GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
#define BACKEND "    backendRefs: [{name: web, port: 80}]\n"
#define RULE1 "  - backendRefs: [{name: web, port: 80}]\n"
#define CERT "tls: {certificateRefs: [{name: cert}]}"
/* 8 and 64 distinct path matches under prefix p */
#define M1(p, i) "{path: {value: /" p i "}}"
#define M8(p) M1(p, "0") ", " M1(p, "1") ", " M1(p, "2") ", " M1(p, "3") \
	", " M1(p, "4") ", " M1(p, "5") ", " M1(p, "6") ", " M1(p, "7")
#define M64(p) M8(p "a") ", " M8(p "b") ", " M8(p "c") ", " M8(p "d") \
	", " M8(p "e") ", " M8(p "f") ", " M8(p "g") ", " M8(p "h")
/* A Gateway of namespace infra allowing ListenerSets from, and one */
#define GWLS(from) "apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n" \
	"  gatewayClassName: example\n  listeners:\n" \
	"  - {name: http, port: 80, protocol: HTTP}\n" \
	"  allowedListeners: {namespaces: {from: " from "}}\n---\n"
#define LSET(listener) "apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: ListenerSet\nmetadata: {name: apps, namespace: apps}\n" \
	"spec:\n  parentRef: {name: gw, namespace: infra}\n" \
	"  listeners:\n  - " listener "\n"
#define CA "{validation: {caCertificateRefs: [{group: \"\", kind: " \
	"ConfigMap, name: ca}]}}"
/* Ingress examples: ING(name, annotations, host, path, type) */
#define ING_OBJ(api, name) "apiVersion: " api "\nkind: Ingress\n" \
	"metadata:\n  name: " name "\n"
#define ING_ANN(k, v) "  annotations: {nginx.ingress.kubernetes.io/" k \
	": \"" v "\"}\n"
#define ING_SPEC(host, path, type) "spec:\n  ingressClassName: nginx\n" \
	"  rules:\n  - host: " host "\n    http:\n      paths:\n" \
	"      - path: " path "\n        pathType: " type "\n" \
	"        backend: {service: {name: web, port: {number: 80}}}\n"
#define ING(name, ann, host, path, type) \
	ING_OBJ("networking.k8s.io/v1", name) ann ING_SPEC(host, path, type)
#define ING1(ann) ING("web", ann, "example.com", "/", "Prefix")
/* InferencePool examples (Inference Extension v1) */
#define POOL_HEAD "apiVersion: inference.networking.k8s.io/v1\n" \
	"kind: InferencePool\nmetadata: {name: llm}\nspec:\n" \
	"  selector: {matchLabels: {app: llm}}\n"
#define POOL_PORTS(p) "  targetPorts: [" p "]\n"
#define EPP "  endpointPickerRef: {name: llm-epp, port: {number: 9002}}\n"
#define POOL POOL_HEAD POOL_PORTS("{number: 8000}") EPP
#define POOL_REF(x) HR "  rules:\n  - backendRefs: [{group: " \
	"inference.networking.k8s.io, kind: InferencePool, " x "}]\n"
/* A Traefik Ingress: TK(name, host, path, type, service) */
#define F5(name, host, svc) \
	ING_OBJ("networking.k8s.io/v1", name) "spec:\n" \
	"  ingressClassName: nginx\n  rules:\n  - host: " host "\n" \
	"    http:\n      paths:\n      - path: /\n" \
	"        pathType: Prefix\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"
#define F5_CLASS "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n" \
	"metadata: {name: nginx}\n" \
	"spec: {controller: nginx.org/ingress-controller}\n---\n"
#define TK(name, host, path, type, svc) \
	ING_OBJ("networking.k8s.io/v1", name) "spec:\n" \
	"  ingressClassName: traefik\n  rules:\n  - host: " host "\n" \
	"    http:\n      paths:\n      - path: " path "\n" \
	"        pathType: " type "\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"
/* An Ingress of the HAProxy Ingress Controller: HP(name, host, path,
 * type, service) */
#define HI_ING(name, path, type, svc, path2, type2, svc2) \
	ING_OBJ("networking.k8s.io/v1", name) "  annotations: " \
	"{kubernetes.io/ingress.class: haproxy, " \
	"haproxy-ingress.github.io/ssl-redirect: \"false\"}\n" \
	"spec:\n  rules:\n  - host: example.com\n    http:\n      paths:\n" \
	"      - path: " path "\n        pathType: " type "\n" \
	"        backend: {service: {name: " svc ", port: {number: 80}}}\n" \
	"      - path: " path2 "\n        pathType: " type2 "\n" \
	"        backend: {service: {name: " svc2 ", port: {number: 80}}}\n"
#define HP(name, host, path, type, svc) \
	ING_OBJ("networking.k8s.io/v1", name) "spec:\n" \
	"  ingressClassName: haproxy\n  rules:\n  - host: " host "\n" \
	"    http:\n      paths:\n      - path: " path "\n" \
	"        pathType: " type "\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"

/* A Cilium Ingress NAME routing example.com/ to Service SVC */
#define CIL(name, svc) ING_OBJ("networking.k8s.io/v1", name) "spec:\n" \
	"  ingressClassName: cilium\n  rules:\n  - host: example.com\n" \
	"    http:\n      paths:\n      - path: /\n" \
	"        pathType: Prefix\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"
/* An Istio Ingress (annotation class istio) with spec extra and a path
 * /api of the type */
#define IST(extra, type) ING_OBJ("networking.k8s.io/v1", "web") \
	"  annotations: {kubernetes.io/ingress.class: istio}\nspec:\n" extra \
	"  rules:\n  - host: example.com\n    http:\n      paths:\n" \
	"      - path: /api\n        pathType: " type "\n" \
	"        backend: {service: {name: web, port: {number: 80}}}\n"

/* A Kong Ingress: KG(name, host, path, type, service) */
#define KG(name, host, path, type, svc) \
	ING_OBJ("networking.k8s.io/v1", name) "spec:\n" \
	"  ingressClassName: kong\n  rules:\n  - host: " host "\n" \
	"    http:\n      paths:\n      - path: " path "\n" \
	"        pathType: " type "\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"

/* A Kong Ingress with only a defaultBackend: KG_DEF(name, date, service) */
#define KG_DEF(name, date, svc) \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n" \
	"  name: " name "\n  creationTimestamp: \"" date "T00:00:00Z\"\n" \
	"spec:\n  ingressClassName: kong\n  defaultBackend: {service: " \
	"{name: " svc ", port: {number: 80}}}\n"

/* A GKE Ingress (class annotation gce): GCE_ING(rules) with GCE_HOST(h)
 * and GCE_P(path, type, service) */
#define GCE_ING(rules) ING_OBJ("networking.k8s.io/v1", "web") \
	"  annotations: {kubernetes.io/ingress.class: gce}\nspec:\n" \
	"  rules:\n" rules
#define GCE_HOST(h) "  - host: " h "\n    http:\n      paths:\n"
#define GCE_P(path, type, svc) "      - path: " path "\n" \
	"        pathType: " type "\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"

/* An Ingress of class alb in group shop with a scheme */
#define ALB_SCHEME(name, scheme) ING_OBJ("networking.k8s.io/v1", name) \
	"  annotations:\n    alb.ingress.kubernetes.io/group.name: shop\n" \
	"    alb.ingress.kubernetes.io/scheme: " scheme "\n" \
	"spec:\n  ingressClassName: alb\n  rules:\n  - host: example.com\n" \
	"    http:\n      paths:\n      - path: /" name "\n" \
	"        pathType: Prefix\n        backend: {service: {name: " name \
	", port: {number: 80}}}\n"
/* An Ingress of class alb in group shop with a group.order */
#define ALB_ING(name, order) ING_OBJ("networking.k8s.io/v1", name) \
	"  annotations:\n    alb.ingress.kubernetes.io/group.name: shop\n" \
	"    alb.ingress.kubernetes.io/group.order: '" order "'\n" \
	"spec:\n  ingressClassName: alb\n  rules:\n  - host: example.com\n" \
	"    http:\n      paths:\n      - path: /" name "\n" \
	"        pathType: Prefix\n        backend: {service: {name: " name \
	", port: {number: 80}}}\n"

static const struct lint_rule rules[] = {
/* schema: the OpenAPI constraints of the CRDs */
{ "schema/required", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel: Gateway, GatewayClass, "
  "HTTPRoute, GRPCRoute, ReferenceGrant): OpenAPI schema, required fields "
  "(spec included)",
  "a required field is missing",
  "The CRD marks this field as required; the API server rejects the "
  "object with 'Required value'.",
  HR "  rules:\n  - backendRefs: [{port: 80}]\n",
  HR "  rules:\n" RULE1 },
{ "schema/type", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, the type of "
  "every field",
  "a field has the wrong type",
  "The value's JSON type (string, integer, object, array) is not the one "
  "the CRD declares. A quoted number is a string: write port: 80, not "
  "port: \"80\".",
  HR "  rules:\n  - backendRefs: [{name: web, port: \"80\"}]\n",
  HR "  rules:\n" RULE1 },
{ "schema/length", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, minLength and "
  "maxLength",
  "a string is too short or too long",
  "Names are at most 253 characters, namespaces and kinds 63, header "
  "values 1 to 4096, paths 1024; most fields may not be empty.",
  HR "  rules:\n  - matches: [{headers: [{name: x-a, value: \"\"}]}]\n"
  BACKEND,
  HR "  rules:\n  - matches: [{headers: [{name: x-a, value: \"1\"}]}]\n"
  BACKEND },
{ "schema/pattern", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, pattern "
  "(Hostname: Gateway spec.listeners[].hostname, route spec.hostnames[]; "
  "SectionName: listeners[].name, parentRefs[].sectionName, rules[].name; "
  "HTTP token: header and query parameter names; GEP-2257 Duration: "
  "HTTPRoute rules[].timeouts)",
  "a value does not match the CRD's pattern",
  "Hostnames are lower-case RFC 1123 names with an optional leading '*.' "
  "label; listener, rule and section names are lower-case subdomains; "
  "header and query names are HTTP tokens; durations are GEP-2257 "
  "(1h2m3s4ms).",
  HR "  hostnames: [Example.com]\n  rules:\n" RULE1,
  HR "  hostnames: [example.com]\n  rules:\n" RULE1 },
{ "schema/enum", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, enum (e.g. "
  "Gateway spec.listeners[].tls.mode; HTTPRoute rules[].matches[].method, "
  "path.type, headers[].type, filters[].type, requestRedirect.statusCode)",
  "a value is not one of the allowed values",
  "Enums are case-sensitive: methods are upper case (GET), match types "
  "are Exact, PathPrefix or RegularExpression, redirect status codes are "
  "301, 302, 303, 307 or 308.",
  HR "  rules:\n  - matches: [{method: get}]\n" BACKEND,
  HR "  rules:\n  - matches: [{method: GET}]\n" BACKEND },
{ "schema/range", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, minimum and "
  "maximum (ports 1-65535 of listeners, parentRefs and backendRefs; "
  "backendRefs[].weight 0-1000000; requestMirror.percent 0-100)",
  "a number is out of range",
  "Ports are 1 to 65535, weights 0 to 1000000, mirror percent 0 to 100.",
  HR "  rules:\n  - backendRefs: [{name: web, port: 80, weight: -1}]\n",
  HR "  rules:\n  - backendRefs: [{name: web, port: 80, weight: 10}]\n" },
{ "schema/items", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, minItems, "
  "maxItems and maxProperties (Gateway spec.addresses 16, spec.listeners "
  "1-64; route spec.hostnames 16, parentRefs 32, rules 16 (HTTPRoute: at "
  "least 1), rules[].matches 64, rules[].backendRefs 16)",
  "a list or map has too few or too many entries",
  "For example at most 16 hostnames, 32 parentRefs, 16 rules, 64 matches "
  "per rule and 16 backendRefs per rule; an HTTPRoute's rules, when "
  "given, may not be empty; a Gateway needs 1 to 64 listeners.",
  HR "  rules: []\n",
  HR "  rules:\n" RULE1 },
{ "schema/duplicate", DIAG_ERROR,
  "Gateway API CRDs v1.6.1 (standard channel): OpenAPI schema, list-map keys "
  "(x-kubernetes-list-map-keys: name of HTTPRoute matches[].headers and "
  "queryParams, of header modifier set and add) and sets (header modifier "
  "remove, CORS lists)",
  "a list has two entries with the same key",
  "Lists keyed by name (header matches, query matches, header modifier "
  "entries) and sets (remove, CORS lists) may not repeat a value. The "
  "comparison is case-sensitive; see semantic/match-duplicate-name for "
  "header names that differ only in case.",
  HR "  rules:\n  - matches: [{headers: [{name: x-a, value: \"1\"}, "
  "{name: x-a, value: \"2\"}]}]\n" BACKEND,
  HR "  rules:\n  - matches: [{headers: [{name: x-a, value: \"1\"}, "
  "{name: x-b, value: \"2\"}]}]\n" BACKEND },
{ "schema/unknown-field", DIAG_WARNING,
  "Gateway API CRDs v1.6.1 (standard channel): structural OpenAPI schema (a "
  "field it does not declare is pruned, or rejected with strict field "
  "validation)",
  "a field is not in the standard-channel CRD",
  "The standard-channel CRD's structural schema has no such field: a "
  "typo, a field at the wrong level, or a field of the experimental "
  "channel (retry, sessionPersistence...). With strict field validation "
  "(kubectl's default since 1.27) the API server rejects the object; "
  "without it the field is dropped silently. A warning, since the "
  "experimental-channel CRDs accept their own fields.",
  HR "  rules:\n  - backendRef: [{name: web, port: 80}]\n",
  HR "  rules:\n" RULE1 },

/* gateway: the CEL rules of Gateway, whose listener rules ListenerSet's
 * CRD repeats word for word: they report on ListenerSets too */
{ "gateway/listener-tls", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.listeners: CEL (x-kubernetes-validations): no "
  "tls for protocols HTTP, TCP and UDP; tls mode Terminate for HTTPS; tls "
  "mode set for TLS",
  "a listener's tls block does not fit its protocol",
  "HTTP, TCP and UDP listeners may not have tls; an HTTPS listener's tls "
  "mode must be Terminate (use protocol TLS for Passthrough); a TLS "
  "listener needs a tls block.",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, " CERT "}\n",
  GW80 },
{ "gateway/listener-hostname", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.listeners: CEL (x-kubernetes-validations): no "
  "hostname for protocols TCP and UDP",
  "a TCP or UDP listener has a hostname",
  "TCP and UDP carry no hostname to match, so the CRD forbids one.",
  GW "  listeners:\n  - {name: tcp, port: 9000, protocol: TCP, "
  "hostname: db.example.com}\n",
  GW "  listeners:\n  - {name: tcp, port: 9000, protocol: TCP}\n" },
{ "gateway/listener-unique", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.listeners: OpenAPI list-map key name, and CEL "
  "(x-kubernetes-validations): unique name; unique port, protocol and "
  "hostname",
  "two listeners share a name, or port, protocol and hostname",
  "Listener names are unique within a Gateway, and so is each "
  "combination of port, protocol and hostname (two listeners without a "
  "hostname on one port and protocol collide); the same holds within a "
  "ListenerSet, whose CRD gives the same message.",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
  "  - {name: http, port: 8080, protocol: HTTP}\n",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP}\n"
  "  - {name: http-alt, port: 8080, protocol: HTTP}\n" },
{ "gateway/listener-certificates", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.listeners[].tls: CEL (x-kubernetes-validations): "
  "certificateRefs or options when mode is Terminate",
  "a Terminate listener has neither certificateRefs nor options",
  "Terminating TLS needs a certificate: give at least one certificateRef "
  "(or an implementation-specific option).",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, "
  "tls: {mode: Terminate}}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n" },
{ "gateway/address", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.addresses: CEL (x-kubernetes-validations): "
  "unique IPAddress values, unique Hostname values, Hostname values are DNS "
  "names",
  "Gateway addresses repeat or a Hostname address is malformed",
  "IPAddress (the default type) and Hostname values must be unique, and "
  "Hostname values must be DNS names.",
  GW80 "  addresses:\n  - {value: 10.0.0.1}\n"
  "  - {type: IPAddress, value: 10.0.0.1}\n",
  GW80 "  addresses:\n  - {value: 10.0.0.1}\n"
  "  - {type: IPAddress, value: 10.0.0.2}\n" },
{ "gateway/tls-port-unique", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.tls.frontend.perPort: OpenAPI list-map key port, "
  "and CEL (x-kubernetes-validations): unique port",
  "two frontend TLS settings for the same port",
  "tls.frontend.perPort entries are keyed by port.",
  GW80 "  tls:\n    frontend:\n      default: " CA "\n      perPort:\n"
  "      - {port: 443, tls: " CA "}\n      - {port: 443, tls: " CA "}\n",
  GW80 "  tls:\n    frontend:\n      default: " CA "\n      perPort:\n"
  "      - {port: 443, tls: " CA "}\n      - {port: 8443, tls: " CA "}\n" },

{ "gateway/infrastructure-keys", DIAG_ERROR,
  "Gateway CRD v1.6.1, spec.infrastructure.labels and .annotations: CEL "
  "(x-kubernetes-validations): keys are qualified names (optional DNS "
  "subdomain prefix of at most 253 characters, name of 1 to 63)",
  "an infrastructure label or annotation key is malformed",
  "spec.infrastructure label and annotation keys are Kubernetes qualified "
  "names: an optional DNS subdomain prefix and '/', then a name of 1 to "
  "63 characters, alphanumeric at both ends.",
  GW80 "  infrastructure:\n    labels: {'team/': platform}\n",
  GW80 "  infrastructure:\n    labels: {example.com/team: platform}\n" },

/* route: the CEL rules of HTTPRoute and GRPCRoute */
{ "route/parent-refs", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, spec.parentRefs: CEL "
  "(x-kubernetes-validations): sectionName set on all references to the same "
  "parent (or on none) and unique; the standard channel ignores port (the "
  "experimental one compares it)",
  "several parentRefs to one parent without distinct sectionNames",
  "When a route names the same parent twice, every reference must set a "
  "sectionName and the sectionNames must differ. In the standard channel "
  "port does not count: two references that differ only in port are "
  "rejected.",
  HR "  parentRefs: [{name: gw}, {name: gw, sectionName: http}]\n"
  "  rules:\n" RULE1,
  HR "  parentRefs: [{name: gw, sectionName: https}, "
  "{name: gw, sectionName: http}]\n  rules:\n" RULE1 },
{ "route/match-count", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, spec.rules: CEL "
  "(x-kubernetes-validations): at most 128 matches over all rules",
  "more than 128 matches in one route",
  "The matches of all rules add up to at most 128. After defaulting, an "
  "HTTPRoute rule without matches counts as one.",
  HR "  rules:\n  - matches: [" M64("x") "]\n  - matches: [" M64("y")
  "]\n  - {}\n",
  HR "  rules:\n  - matches: [" M64("x") "]\n  - matches: [" M64("y")
  "]\n" },
{ "route/backend-port", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, spec.rules[].backendRefs[] and "
  "filters[].requestMirror.backendRef: CEL (x-kubernetes-validations): port "
  "required for a Service",
  "a Service backendRef has no port",
  "A reference to a core Service (group \"\" and kind Service, the "
  "defaults) must give the port number; a named port is not allowed.",
  HR "  rules:\n  - backendRefs: [{name: web}]\n",
  HR "  rules:\n" RULE1 },
{ "route/filter-repeated", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, spec.rules[].filters and "
  "backendRefs[].filters: CEL (x-kubernetes-validations): "
  "RequestHeaderModifier and ResponseHeaderModifier at most once; in "
  "HTTPRoute also CORS, RequestRedirect and URLRewrite",
  "a filter type that may appear once is repeated",
  "RequestHeaderModifier, ResponseHeaderModifier, CORS, RequestRedirect "
  "and URLRewrite may each appear once per filter list; merge them.",
  HR "  rules:\n  - filters:\n    - {type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: x-a, value: \"1\"}]}}\n"
  "    - {type: RequestHeaderModifier, requestHeaderModifier: "
  "{set: [{name: x-b, value: \"2\"}]}}\n" BACKEND,
  HR "  rules:\n  - filters:\n    - {type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: x-a, value: \"1\"}, "
  "{name: x-b, value: \"2\"}]}}\n" BACKEND },
{ "route/filter-member", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, spec.rules[].filters[] and "
  "backendRefs[].filters[]: CEL (x-kubernetes-validations): the member that "
  "type names is set, and no other",
  "a filter's type and its configuration member disagree",
  "A filter of type T needs the member named after T (requestRedirect for "
  "RequestRedirect ...) and no other member.",
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {remove: [x-a]}}]\n" BACKEND },
{ "route/redirect-backends", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, spec.rules[]: CEL (x-kubernetes-validations): no "
  "RequestRedirect filter together with backendRefs",
  "a rule has both a RequestRedirect filter and backendRefs",
  "A redirect answers the request itself; a rule that redirects cannot "
  "also forward to backends.",
  HR "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: "
  "{scheme: https}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: "
  "{scheme: https}}]\n" },
{ "route/prefix-match", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, spec.rules[]: CEL (x-kubernetes-validations): "
  "ReplacePrefixMatch in a RequestRedirect or URLRewrite filter (of the rule "
  "or of a backendRef) needs exactly one PathPrefix match; Gateway API "
  "v1.6.1 spec, apis/v1 HTTPPathModifier doc",
  "ReplacePrefixMatch without exactly one PathPrefix match",
  "A redirect or rewrite with path.type ReplacePrefixMatch replaces the "
  "matched prefix, so its rule must have exactly one match, of type "
  "PathPrefix. A rule without matches passes (it defaults to PathPrefix "
  "/).",
  HR "  rules:\n  - matches: [{path: {type: Exact, value: /old}}]\n"
  "    filters: [{type: URLRewrite, urlRewrite: {path: {type: "
  "ReplacePrefixMatch, replacePrefixMatch: /new}}}]\n" BACKEND,
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: /old}}]\n"
  "    filters: [{type: URLRewrite, urlRewrite: {path: {type: "
  "ReplacePrefixMatch, replacePrefixMatch: /new}}}]\n" BACKEND },
{ "route/redirect-rewrite", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, spec.rules[].filters and backendRefs[].filters: CEL "
  "(x-kubernetes-validations): not both RequestRedirect and URLRewrite",
  "one filter list has both RequestRedirect and URLRewrite",
  "A request is either redirected or rewritten, not both.",
  HR "  rules:\n  - filters:\n    - {type: RequestRedirect, "
  "requestRedirect: {scheme: https}}\n    - {type: URLRewrite, "
  "urlRewrite: {hostname: www.example.com}}\n",
  HR "  rules:\n  - filters:\n    - {type: RequestRedirect, "
  "requestRedirect: {scheme: https, hostname: www.example.com}}\n" },
{ "route/path-value", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, spec.rules[].matches[].path: CEL "
  "(x-kubernetes-validations) on the value of Exact and PathPrefix matches, "
  "and on the type",
  "an Exact or PathPrefix path value is not a normal absolute path",
  "The value starts with '/', has no '//', '/./', '/../', '%2f', '%2F' "
  "or '#', does not end with '/.' or '/..', and uses only RFC 3986 path "
  "characters and %XX escapes. RegularExpression values are not checked. "
  "A type other than Exact, PathPrefix or RegularExpression is reported "
  "here too (a CEL rule repeats the enum) next to schema/enum.",
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: "
  "/api//v1}}]\n" BACKEND,
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: "
  "/api/v1}}]\n" BACKEND },
{ "route/path-modifier", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, filters[].requestRedirect.path and "
  "filters[].urlRewrite.path: CEL (x-kubernetes-validations): "
  "replaceFullPath with type ReplaceFullPath only, replacePrefixMatch with "
  "type ReplacePrefixMatch only",
  "a path modifier's type and value field disagree",
  "Type ReplaceFullPath goes with replaceFullPath, type ReplacePrefixMatch "
  "with replacePrefixMatch (an empty string is allowed).",
  HR "  rules:\n  - filters: [{type: URLRewrite, urlRewrite: {path: "
  "{type: ReplaceFullPath, replacePrefixMatch: /new}}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: URLRewrite, urlRewrite: {path: "
  "{type: ReplaceFullPath, replaceFullPath: /new}}}]\n" BACKEND },
{ "route/mirror", DIAG_ERROR,
  "HTTPRoute and GRPCRoute CRDs v1.6.1, filters[].requestMirror: CEL "
  "(x-kubernetes-validations): not both percent and fraction; a fraction's "
  "numerator at most its denominator",
  "a mirror has both percent and fraction, or a fraction above 1",
  "Give percent or fraction, not both; a fraction's numerator is at most "
  "its denominator (default 100).",
  HR "  rules:\n  - filters: [{type: RequestMirror, requestMirror: "
  "{backendRef: {name: shadow, port: 80}, percent: 10, fraction: "
  "{numerator: 1}}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: RequestMirror, requestMirror: "
  "{backendRef: {name: shadow, port: 80}, percent: 10}}]\n" BACKEND },
{ "route/timeouts", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, spec.rules[].timeouts: CEL "
  "(x-kubernetes-validations): backendRequest not longer than request "
  "(unless request is 0s)",
  "backendRequest timeout longer than the request timeout",
  "timeouts.backendRequest may not exceed timeouts.request (unless "
  "request is 0s, no timeout).",
  HR "  rules:\n  - timeouts: {request: 1s, backendRequest: 2s}\n" BACKEND,
  HR "  rules:\n  - timeouts: {request: 2s, backendRequest: 1s}\n"
  BACKEND },
{ "route/cors-wildcard", DIAG_ERROR,
  "HTTPRoute CRD v1.6.1, filters[].cors.allowOrigins, allowMethods and "
  "allowHeaders: CEL (x-kubernetes-validations): '*' only alone",
  "a CORS list has '*' next to other values",
  "In allowOrigins, allowMethods and allowHeaders, '*' must be the only "
  "entry.",
  HR "  rules:\n  - filters: [{type: CORS, cors: {allowOrigins: ['*', "
  "'https://app.example.com']}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: CORS, cors: {allowOrigins: "
  "['https://app.example.com']}}]\n" BACKEND },
{ "route/grpc-method", DIAG_ERROR,
  "GRPCRoute CRD v1.6.1, spec.rules[].matches[].method: CEL "
  "(x-kubernetes-validations): service or method set; with type Exact, "
  "service a dotted identifier and method one identifier",
  "a GRPCRoute method match is empty or malformed",
  "An Exact method match needs service or method; service is a dotted "
  "identifier (package.Service), method a single identifier without '/'.",
  GR "  rules:\n  - matches: [{method: {service: shop.Cart, method: "
  "Get/Item}}]\n    backendRefs: [{name: cart, port: 50051}]\n",
  GR "  rules:\n  - matches: [{method: {service: shop.Cart, method: "
  "GetItem}}]\n    backendRefs: [{name: cart, port: 50051}]\n" },

/* semantic: what the specification says and the CRDs do not enforce */
{ "semantic/hostname-ip", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 Hostname doc: IP addresses are not "
  "allowed (the route and listener patterns let them through; only TLSRoute "
  "has a CEL isIP check)",
  "a hostname is an IP address",
  "Hostnames must be DNS names, but the route and listener patterns let "
  "IPv4 addresses through; implementations may reject or ignore them.",
  HR "  hostnames: [10.0.0.1]\n  rules:\n" RULE1,
  HR "  hostnames: [www.example.com]\n  rules:\n" RULE1 },
{ "semantic/https-without-tls", DIAG_ERROR,
  "Gateway API v1.6.1 spec, apis/v1 Listener.TLS doc: required for protocols "
  "HTTPS and TLS (the Gateway CRD's CEL checks TLS only)",
  "an HTTPS listener has no tls block",
  "The CRD does not require tls on HTTPS listeners, but without a "
  "certificate the listener cannot terminate TLS.",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS}\n",
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n" },
{ "semantic/listener-conflict", DIAG_ERROR,
  "Gateway API v1.6.1 spec, apis/v1 GatewaySpec.Listeners doc (Distinct "
  "Listeners) and listener condition Conflicted (HostnameConflict, "
  "ProtocolConflict): no conflicting listener is picked as the winner",
  "listeners on one port are not distinct",
  "Listeners on one port must be told apart: HTTP with HTTPS/TLS, or "
  "TCP with HTTP/HTTPS/TLS, on the same port conflict, as do HTTPS and "
  "TLS with the same hostname. All members of the set are Conflicted "
  "and rejected.",
  GW "  listeners:\n  - {name: http, port: 8080, protocol: HTTP}\n"
  "  - {name: tcp, port: 8080, protocol: TCP}\n",
  GW "  listeners:\n  - {name: http, port: 8080, protocol: HTTP}\n"
  "  - {name: tcp, port: 9000, protocol: TCP}\n" },
{ "semantic/tls-overlap", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 listener condition OverlappingTLSConfig "
  "(reason OverlappingHostnames); GEP-3567",
  "HTTPS/TLS listeners on one port have overlapping hostnames",
  "foo.example.com and *.example.com on one port overlap: the listener "
  "gets OverlappingTLSConfig, and HTTP/2 connection reuse can send a "
  "request to the wrong listener.",
  GW "  listeners:\n  - {name: foo, port: 443, protocol: HTTPS, hostname: "
  "foo.example.com, " CERT "}\n  - {name: any, port: 443, protocol: "
  "HTTPS, hostname: '*.example.com', " CERT "}\n",
  GW "  listeners:\n  - {name: foo, port: 443, protocol: HTTPS, hostname: "
  "foo.example.com, " CERT "}\n  - {name: bar, port: 443, protocol: "
  "HTTPS, hostname: bar.example.com, " CERT "}\n" },
{ "semantic/listenerset-conflict", DIAG_ERROR,
  "ListenerSet CRD v1.6.1 description (the merged list of listeners, the "
  "parent Gateway first, then ListenerSets by creationTimestamp and "
  "namespace/name); listener conditions Conflicted",
  "a ListenerSet's listener conflicts with an earlier one of its Gateway",
  "A Gateway has the merged list of its own listeners and those of its "
  "ListenerSets, the Gateway's first, then the ListenerSets by "
  "creationTimestamp and namespace/name. A ListenerSet's listener that "
  "is not distinct from an earlier one (the same port, protocol and "
  "hostname: HostnameConflict; the same port with a protocol that "
  "cannot share it: ProtocolConflict) is Conflicted and not programmed: "
  "the earlier one wins, and the routes of the later one get no "
  "requests.",
  GWLS("All") LSET("{name: web, port: 80, protocol: HTTP}"),
  GWLS("All") LSET("{name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com}") },
{ "semantic/rule-name-unique", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteRule.Name and "
  "GRPCRouteRule.Name docs: unique within a route (checked by CEL in the "
  "experimental channel only); GEP-995",
  "two rules of a route have the same name",
  "Rule names must be unique within a route; the standard-channel CRD "
  "does not check it.",
  HR "  rules:\n  - name: api\n" BACKEND "  - name: api\n    matches: "
  "[{path: {value: /v2}}]\n" BACKEND,
  HR "  rules:\n  - name: api\n" BACKEND "  - name: api-v2\n    matches: "
  "[{path: {value: /v2}}]\n" BACKEND },
{ "semantic/header-modifier-duplicate", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPHeaderFilter doc: one action per "
  "header name; HTTPHeader.Name is case-insensitive",
  "a header name is used twice in one header modifier",
  "A header may appear once across set, add and remove, compared "
  "case-insensitively; the CRD's keys compare case-sensitively.",
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: X-A, value: \"1\"}], remove: "
  "[x-a]}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: X-A, value: \"1\"}], remove: "
  "[x-b]}}]\n" BACKEND },
{ "semantic/match-duplicate-name", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPHeaderMatch.Name doc: "
  "case-insensitive; of equivalent names only the first entry is considered",
  "a header is matched twice in one match, differing in case",
  "Header names are case-insensitive: only the first match of the header "
  "is used, the other is ignored.",
  HR "  rules:\n  - matches: [{headers: [{name: Version, value: \"1\"}, "
  "{name: version, value: \"2\"}]}]\n" BACKEND,
  HR "  rules:\n  - matches: [{headers: [{name: version, value: \"1\"}, "
  "{name: color, value: blue}]}]\n" BACKEND },
{ "semantic/weights-zero", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 BackendRef.Weight doc: weight 0 gets no "
  "traffic; what a rule whose weights are all 0 answers is not specified",
  "every backendRef of a rule has weight 0",
  "No backend may receive traffic; what the rule answers is unspecified "
  "(500 in the proposal upstream, 503 in some implementations).",
  HR "  rules:\n  - backendRefs: [{name: a, port: 80, weight: 0}, "
  "{name: b, port: 80, weight: 0}]\n",
  HR "  rules:\n  - backendRefs: [{name: a, port: 80, weight: 1}, "
  "{name: b, port: 80, weight: 0}]\n" },
{ "semantic/regex", DIAG_INFO,
  "Gateway API v1.6.1 spec, apis/v1 HTTPPathMatch, HTTPHeaderMatch and "
  "HTTPQueryParamMatch docs: RegularExpression support, dialect and "
  "precedence are implementation-specific",
  "a RegularExpression match is not portable",
  "No regex dialect is specified (RE2, PCRE, POSIX...), nor whether it is "
  "anchored, nor its precedence: behaviour differs between "
  "implementations.",
  HR "  rules:\n  - matches: [{path: {type: RegularExpression, value: "
  "'/v[0-9]+'}}]\n" BACKEND,
  HR "  rules:\n  - matches: [{path: {type: PathPrefix, value: /v1}}]\n"
  BACKEND },
{ "semantic/duration", DIAG_INFO,
  "GEP-2257 (Gateway API Duration Format): units may repeat, but users "
  "should not rely on it; the standard form has descending units, each once",
  "a timeout is not written in canonical form",
  "GEP-2257 durations may repeat units or list them in any order "
  "(1m90s), which is legal but should not be relied on: write each unit "
  "once, from hours down to milliseconds.",
  HR "  rules:\n  - timeouts: {request: 30s1m}\n" BACKEND,
  HR "  rules:\n  - timeouts: {request: 1m30s}\n" BACKEND },
{ "semantic/http-grpc-overlap", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 GRPCRouteSpec.Hostnames doc (an "
  "HTTPRoute and a GRPCRoute with intersecting hostnames on one listener: "
  "exactly one is accepted) and the GRPCRoute API reference page "
  "(implementations MAY enforce it)",
  "an HTTPRoute and a GRPCRoute serve one hostname on one listener",
  "Implementations may reject the newer of the two routes. Hostnames "
  "overlap when they intersect ('*.example.com' and 'api.example.com' "
  "do); a route without hostnames overlaps all.",
  HR "  parentRefs: [{name: gw}]\n  hostnames: [api.example.com]\n"
  "  rules:\n" RULE1 "---\n" GR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[api.example.com]\n  rules:\n  - backendRefs: [{name: grpc, port: "
  "50051}]\n",
  HR "  parentRefs: [{name: gw}]\n  hostnames: [www.example.com]\n"
  "  rules:\n" RULE1 "---\n" GR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[api.example.com]\n  rules:\n  - backendRefs: [{name: grpc, port: "
  "50051}]\n" },
{ "semantic/header-value", DIAG_WARNING,
  "Gateway API v1.6.1 experimental-channel HTTPRoute CRD, pattern of "
  "HTTPHeader.Value and HTTPHeaderMatch.Value: printable US-ASCII separated "
  "by single tabs or spaces (RFC 7230 section 3.2)",
  "a header value has control characters or odd spacing",
  "Header values should be printable US-ASCII separated by single spaces "
  "or tabs (the experimental CRD pattern); CR or LF in a value is a "
  "header-injection risk.",
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: x-a, value: \"a  b\"}]}}]\n"
  BACKEND,
  HR "  rules:\n  - filters: [{type: RequestHeaderModifier, "
  "requestHeaderModifier: {set: [{name: x-a, value: \"a b\"}]}}]\n"
  BACKEND },

/* ref: attachment and references between the objects of the input */
{ "ref/parent-not-found", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 ParentReference doc: the Gateway or "
  "ListenerSet a route attaches to",
  "a parentRef names a Gateway or ListenerSet that is not in the input",
  "Checked only when the input has objects of the kind named (Gateways, "
  "ListenerSets): a typo in a parentRef leaves the route, or the "
  "ListenerSet, unattached.",
  GW80 "---\n" HR "  parentRefs: [{name: gateway}]\n  rules:\n" RULE1,
  GW80 "---\n" HR "  parentRefs: [{name: gw}]\n  rules:\n" RULE1 },
{ "ref/no-matching-parent", DIAG_ERROR,
  "Gateway API v1.6.1 spec, apis/v1 ParentReference.SectionName and .Port "
  "docs; route condition Accepted=False, reason NoMatchingParent",
  "a parentRef's sectionName or port selects no listener",
  "The route gets Accepted=False with reason NoMatchingParent.",
  GW80 "---\n" HR "  parentRefs: [{name: gw, sectionName: https}]\n"
  "  rules:\n" RULE1,
  GW80 "---\n" HR "  parentRefs: [{name: gw, sectionName: http}]\n"
  "  rules:\n" RULE1 },
{ "ref/not-allowed", DIAG_ERROR,
  "Gateway API v1.6.1 spec, apis/v1 Listener.AllowedRoutes doc "
  "(namespaces.from defaults to Same; kinds); route condition "
  "Accepted=False, reason NotAllowedByListeners",
  "no selected listener allows the route's kind or namespace",
  "allowedRoutes.namespaces.from defaults to Same: a route in another "
  "namespace than the Gateway needs from: All (or a Selector). The route "
  "gets Accepted=False, NotAllowedByListeners.",
  GW80 "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
  "metadata: {name: web, namespace: apps}\nspec:\n  parentRefs: "
  "[{name: gw, namespace: default}]\n  rules:\n" RULE1,
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, "
  "allowedRoutes: {namespaces: {from: All}}}\n---\n"
  "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
  "metadata: {name: web, namespace: apps}\nspec:\n  parentRefs: "
  "[{name: gw, namespace: default}]\n  rules:\n" RULE1 },
{ "ref/listenerset-not-allowed", DIAG_ERROR,
  "ListenerSet CRD v1.6.1 description and Gateway CRD "
  "spec.allowedListeners (None by default)",
  "a ListenerSet's Gateway does not allow it (allowedListeners)",
  "A Gateway takes ListenerSets only from the namespaces of "
  "spec.allowedListeners.namespaces, None by default: Same, All, or a "
  "Selector (judged here on the kubernetes.io/metadata.name label every "
  "namespace has). A ListenerSet it does not allow is not attached, so "
  "none of its listeners is programmed.",
  GWLS("Same") LSET("{name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com}"),
  GWLS("All") LSET("{name: web, port: 80, protocol: HTTP, hostname: "
  "apps.example.com}") },
{ "ref/no-matching-hostname", DIAG_ERROR,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteSpec.Hostnames and "
  "GRPCRouteSpec.Hostnames docs (listener and route hostnames intersect); "
  "route condition Accepted=False, reason NoMatchingListenerHostname",
  "no route hostname intersects a listener hostname",
  "The route is not accepted (NoMatchingListenerHostname).",
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "a.example.com}\n---\n" HR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[b.example.com]\n  rules:\n" RULE1,
  GW "  listeners:\n  - {name: http, port: 80, protocol: HTTP, hostname: "
  "'*.example.com'}\n---\n" HR "  parentRefs: [{name: gw}]\n  hostnames: "
  "[b.example.com]\n  rules:\n" RULE1 },
{ "ref/missing-grant", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 ReferenceGrant doc, GEP-709 (Cross "
  "Namespace References from Routes); route condition ResolvedRefs=False, "
  "reason RefNotPermitted",
  "a cross-namespace reference has no ReferenceGrant in the input",
  "backendRefs, mirror backendRefs and certificateRefs to another "
  "namespace need a ReferenceGrant there; without one the reference is "
  "refused (RefNotPermitted) and its share of requests gets 500.",
  HR "  rules:\n  - backendRefs: [{name: web, namespace: apps, port: 80}]\n",
  HR "  rules:\n  - backendRefs: [{name: web, namespace: apps, port: 80}]\n"
  "---\napiVersion: gateway.networking.k8s.io/v1beta1\n"
  "kind: ReferenceGrant\nmetadata: {name: web, namespace: apps}\nspec:\n"
  "  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, "
  "namespace: default}]\n  to: [{group: \"\", kind: Service}]\n" },
{ "ref/backend-not-found", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteRule.BackendRefs and "
  "HTTPBackendRef docs: an invalid backendRef's share of requests gets 500; "
  "reason BackendNotFound",
  "a Service backend or its port is not in the input",
  "Checked only when the input has Services: a missing Service or port "
  "makes its share of requests fail with 500.",
  "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
  "  ports: [{port: 80}]\n---\n" HR "  rules:\n  - backendRefs: "
  "[{name: web, port: 8080}]\n",
  "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
  "  ports: [{port: 80}]\n---\n" HR "  rules:\n" RULE1 },
{ "ref/certificate-not-found", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 GatewayTLSConfig.CertificateRefs "
  "doc: an unresolvable reference sets ResolvedRefs=False "
  "(InvalidCertificateRef)",
  "a listener certificateRef names a Secret that is not in the input",
  "Checked only when the input has Secrets (a full dump): a listener "
  "whose certificate Secret is missing gets ResolvedRefs=False "
  "(InvalidCertificateRef) and cannot terminate TLS with it; with no "
  "valid certificate left, its HTTPS requests fail.",
  "apiVersion: v1\nkind: Secret\nmetadata: {name: other}\n---\n"
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n",
  "apiVersion: v1\nkind: Secret\nmetadata: {name: cert}\n---\n"
  GW "  listeners:\n  - {name: https, port: 443, protocol: HTTPS, " CERT
  "}\n" },
{ "ref/extension-not-found", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteFilter.Type doc: a custom "
  "filter that cannot be resolved is not skipped, its requests get an HTTP "
  "error",
  "an ExtensionRef filter names an object that is not in the input",
  "Checked only when the input has objects of the referenced group and "
  "kind: the filter's object is looked up in the route's namespace. When "
  "it is missing the filter must not be skipped: the requests it would "
  "process get an HTTP error response.",
  "apiVersion: example.net/v1\nkind: Auth\nmetadata: {name: basic}\n"
  "---\n" HR "  rules:\n  - filters: [{type: ExtensionRef, extensionRef: "
  "{group: example.net, kind: Auth, name: oidc}}]\n" BACKEND,
  "apiVersion: example.net/v1\nkind: Auth\nmetadata: {name: basic}\n"
  "---\n" HR "  rules:\n  - filters: [{type: ExtensionRef, extensionRef: "
  "{group: example.net, kind: Auth, name: basic}}]\n" BACKEND },

/* inference: InferencePool objects and the backendRefs to them */
{ "inference/endpoint-picker-port", DIAG_ERROR,
  "Inference Extension v1 CRD (CEL of endpointPickerRef)",
  "an endpointPickerRef to a Service has no port",
  "endpointPickerRef.kind defaults to Service, and a Service reference "
  "must give the Endpoint Picker's Service port (not its target port).",
  POOL_HEAD POOL_PORTS("{number: 8000}") "  endpointPickerRef: "
  "{name: llm-epp}\n",
  POOL },
{ "inference/target-ports-unique", DIAG_ERROR,
  "Inference Extension v1 CRD (CEL of targetPorts)",
  "an InferencePool lists a target port twice",
  "Each number of spec.targetPorts may appear once: every port is a "
  "distinct endpoint (pod IP and port) for the Endpoint Picker.",
  POOL_HEAD POOL_PORTS("{number: 8000}, {number: 8000}") EPP,
  POOL_HEAD POOL_PORTS("{number: 8000}, {number: 8001}") EPP },
{ "inference/endpoint-picker-missing", DIAG_INFO,
  "Inference Extension v1 (api/v1, EndpointPickerRefMissing)",
  "an InferencePool has no endpointPickerRef",
  "The field is optional since Inference Extension v1.5.0, but most "
  "implementations still need it: without it they do not accept the "
  "pool (Accepted=False, EndpointPickerRefMissing). Check that yours "
  "picks endpoints by itself.",
  POOL_HEAD POOL_PORTS("{number: 8000}"),
  POOL },
{ "inference/endpoint-picker-not-found", DIAG_WARNING,
  "Inference Extension conformance InferencePoolInvalidEPPService",
  "the endpoint picker Service of an InferencePool or its port is not in "
  "the input",
  "Checked only when the input has Services: the Service that "
  "endpointPickerRef names (in the pool's namespace) must exist and have "
  "that port. Otherwise the pool does not resolve (ResolvedRefs=False) "
  "and requests routed to it get a 5xx.",
  "apiVersion: v1\nkind: Service\nmetadata: {name: llm-epp}\nspec:\n"
  "  ports: [{port: 9002}]\n---\n" POOL_HEAD POOL_PORTS("{number: 8000}")
  "  endpointPickerRef: {name: llm-epp, port: {number: 9003}}\n",
  "apiVersion: v1\nkind: Service\nmetadata: {name: llm-epp}\nspec:\n"
  "  ports: [{port: 9002}]\n---\n" POOL },
{ "inference/backend-group", DIAG_WARNING,
  "Inference Extension v1 (api/v1); Gateway API v1.6.1 BackendObjectReference: group defaults to the core group",
  "a backendRef of kind InferencePool is not in group "
  "inference.networking.k8s.io",
  "The v1 InferencePool is in group inference.networking.k8s.io; the "
  "group of a backendRef defaults to the core group, where there is no "
  "InferencePool, and inference.networking.x-k8s.io was the pre-v1 alpha "
  "group. The reference resolves to nothing (InvalidKind) and its share "
  "of requests gets 500.",
  HR "  rules:\n  - backendRefs: [{kind: InferencePool, name: llm}]\n",
  POOL_REF("name: llm") },
{ "inference/pool-not-found", DIAG_WARNING,
  "Inference Extension conformance HTTPRouteInvalidInferencePoolRef",
  "a backendRef names an InferencePool that is not in the input",
  "Checked only when the input has InferencePools: the route is accepted "
  "but not resolved (ResolvedRefs=False, BackendNotFound) and the "
  "backend's share of requests gets 500.",
  POOL "---\n" POOL_REF("name: llm-chat"),
  POOL "---\n" POOL_REF("name: llm") },
{ "inference/backend-port", DIAG_WARNING,
  "Inference Extension conformance InferencePoolHTTPRoutePortValidation",
  "a backendRef gives an InferencePool a port that is not a target port",
  "For an InferencePool the port of a backendRef is not needed and is "
  "ignored: requests go to the pool's targetPorts, whatever the port "
  "says. A port that is none of them misleads the reader; omit it.",
  POOL "---\n" POOL_REF("name: llm, port: 9000"),
  POOL "---\n" POOL_REF("name: llm") },


/* conflict: matches that can never be selected (the precedence of
 * HTTPRouteRule.Matches: equal matches go to the older route, then to the
 * first by namespace/name, then to the first rule) */
{ "conflict/shadowed-match", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteRule.Matches doc: match "
  "precedence; within a route the first matching rule wins a tie",
  "a match repeats an earlier match of the same route",
  "Within a route the first rule wins a tie, so a later identical match "
  "(a PathPrefix trailing '/' does not count) is never selected.",
  HR "  rules:\n  - matches: [{path: {value: /api}}]\n" BACKEND
  "  - matches: [{path: {value: /api/}}]\n    backendRefs: "
  "[{name: api, port: 80}]\n",
  HR "  rules:\n  - matches: [{path: {value: /api}}]\n" BACKEND
  "  - matches: [{path: {value: /api/v2}}]\n    backendRefs: "
  "[{name: api, port: 80}]\n" },
{ "conflict/route-conflict", DIAG_WARNING,
  "Gateway API v1.6.1 spec, apis/v1 HTTPRouteRule.Matches doc: match "
  "precedence; across routes the oldest (creationTimestamp), then the first "
  "by namespace/name, wins a tie",
  "two routes have the same match on the same listener and hostname",
  "The older route wins (creationTimestamp), then the first by "
  "namespace/name; the other's match is never selected for that "
  "hostname. Objects without creationTimestamp count as the newest.",
  OBJ_HEAD("HTTPRoute", "a") "  parentRefs: [{name: gw}]\n  rules:\n"
  "  - matches: [{path: {value: /}}]\n" BACKEND "---\n"
  OBJ_HEAD("HTTPRoute", "b") "  parentRefs: [{name: gw}]\n  rules:\n"
  "  - matches: [{path: {value: /}}]\n" BACKEND,
  OBJ_HEAD("HTTPRoute", "a") "  parentRefs: [{name: gw}]\n  rules:\n"
  "  - matches: [{path: {value: /}}]\n" BACKEND "---\n"
  OBJ_HEAD("HTTPRoute", "b") "  parentRefs: [{name: gw}]\n  rules:\n"
  "  - matches: [{path: {value: /b}}]\n" BACKEND },
/* ingress: Ingress objects as the API server and ingress-nginx read them,
 * and what their conversion to Gateway API changes */
{ "ingress/invalid", DIAG_ERROR,
  "Kubernetes Ingress API networking.k8s.io/v1 (IngressSpec, IngressRule, "
  "HTTPIngressPath, IngressBackend): required fields and types",
  "an Ingress is malformed",
  "A required field is missing or has the wrong type (a path without "
  "backend, a backend without service port); the API server rejects the "
  "Ingress and nothing of it is converted.",
  ING_OBJ("networking.k8s.io/v1", "web") "spec:\n  rules:\n"
  "  - host: example.com\n    http:\n      paths:\n"
  "      - {path: /, pathType: Prefix}\n",
  ING1("") },
{ "ingress/deprecated-api", DIAG_ERROR,
  "Kubernetes deprecated API migration guide: Ingress extensions/v1beta1 and "
  "networking.k8s.io/v1beta1 are no longer served since v1.22",
  "the Ingress uses a removed API version",
  "extensions/v1beta1 and networking.k8s.io/v1beta1 Ingresses were removed "
  "in Kubernetes 1.22. Rewrite the object as networking.k8s.io/v1: "
  "pathType is required, the backend is service: {name, port: {number}}.",
  ING_OBJ("networking.k8s.io/v1beta1", "web") "spec:\n  rules:\n"
  "  - host: example.com\n    http:\n      paths:\n"
  "      - path: /\n        backend: {serviceName: web, servicePort: 80}\n",
  ING1("") },
{ "ingress/host-path-conflict", DIAG_WARNING,
  "Kubernetes Ingress API (two Ingresses with the same host and path: "
  "undefined); ingress-nginx v1.15.1: Ingresses ordered by "
  "creationTimestamp, then namespace/name descending (store.go "
  "sortIngressSlice), the first location of a host, path and pathType is "
  "kept (controller.go getBackendServers)",
  "two Ingresses claim the same host and path",
  "ingress-nginx serves one location per host, path and type: the first "
  "Ingress by creationTimestamp (then namespace/name, descending) wins and "
  "the other's path never receives a request. Canary Ingresses are exempt.",
  ING("a", "", "example.com", "/", "Prefix") "---\n"
  ING("b", "", "example.com", "/", "Prefix"),
  ING("a", "", "example.com", "/", "Prefix") "---\n"
  ING("b", "", "example.com", "/b", "Prefix") },
{ "ingress/annotation-rejected", DIAG_ERROR,
  "ingress-nginx v1.15.1 annotation parsers (internal/ingress/annotations): "
  "a validation error drops the Ingress, some errors deny its locations "
  "(503); annotations-risk-level (default High) rejects an Ingress with a "
  "Critical annotation",
  "an annotation value makes ingress-nginx drop or deny the Ingress",
  "Some bad values (an invalid redirect URL, an unknown auth-type, a "
  "missing auth secret, a value above annotations-risk-level) make the "
  "controller skip the whole Ingress or answer 503 on all of its paths.",
  ING1(ING_ANN("permanent-redirect", "not a url")),
  ING1(ING_ANN("permanent-redirect", "https://example.org/")) },
{ "ingress/annotation-invalid", DIAG_WARNING,
  "ingress-nginx v1.15.1 annotation parsers "
  "(internal/ingress/annotations/*/main.go): an invalid value is logged and "
  "the default used",
  "ingress-nginx ignores an annotation value or uses its default",
  "The value does not pass the controller's check or parser; it logs a "
  "warning and uses the default (or ignores the annotation, or switches "
  "off its feature). Unknown keys and snippet annotations the controller "
  "does not allow are reported too.",
  ING1(ING_ANN("ssl-redirect", "maybe")),
  ING1(ING_ANN("ssl-redirect", "false")) },
{ "ingress/annotation-ignored", DIAG_INFO,
  "ingress-nginx annotations documentation "
  "(docs/user-guide/nginx-configuration/annotations.md): annotations that "
  "take effect only with another",
  "an annotation has no effect without another one",
  "For example permanent-redirect-code without permanent-redirect, or "
  "canary-by-header-value without canary-by-header.",
  ING1(ING_ANN("permanent-redirect-code", "308")),
  ING1("  annotations:\n    nginx.ingress.kubernetes.io/permanent-redirect: "
  "https://example.org/\n    nginx.ingress.kubernetes.io/"
  "permanent-redirect-code: \"308\"\n") },
{ "ingress/regex-contagion", DIAG_WARNING,
  "ingress-nginx v1.15.1: a host is in regex mode when any of its locations "
  "has use-regex or a rewrite-target other than its path (template.go "
  "enforceRegexModifier); each location then becomes ~* \"^path\" "
  "(buildLocation); docs/user-guide/ingress-path-matching.md",
  "use-regex or rewrite-target on one Ingress makes a host regex-matched",
  "ingress-nginx switches a host to regex mode when any of its Ingresses "
  "sets use-regex or a rewrite-target: every path of the host, in every "
  "Ingress, becomes a case-insensitive regular expression anchored only "
  "at the start. The conversion matches the other Ingresses' paths as "
  "written; make them regular expressions, or move the regex paths to "
  "their own host.",
  ING("a", ING_ANN("use-regex", "true"), "example.com", "/api/v[0-9]+",
  "ImplementationSpecific") "---\n"
  ING("b", "", "example.com", "/web", "Prefix"),
  ING("a", ING_ANN("use-regex", "true"), "api.example.com",
  "/api/v[0-9]+", "ImplementationSpecific") "---\n"
  ING("b", "", "example.com", "/web", "Prefix") },
{ "ingress/redirect-without-scheme", DIAG_WARNING,
  "ingress-nginx v1.15.1 internal/ingress/annotations/redirect/redirect.go "
  "Parse and rootfs/etc/nginx/template/nginx.tmpl (return <code> <url>)",
  "permanent-redirect or temporal-redirect has no http(s) scheme",
  "ingress-nginx renders permanent-redirect as 'return <code> <value>' "
  "whatever it is: a value without a scheme becomes a Location that "
  "clients resolve against the request's URL (a path on the same host, "
  "or 'example.org' as a relative path), and the conversion cannot make "
  "it a RequestRedirect. A temporal-redirect without an http(s) scheme "
  "fails the controller's URL check, and it ignores every redirect "
  "annotation of the Ingress: the paths are proxied. Write the absolute "
  "URL, 'https://host/path'.",
  ING1(ING_ANN("permanent-redirect", "www.example.org/new")),
  ING1(ING_ANN("permanent-redirect", "https://www.example.org/new")) },
{ "ingress/wildcard-depth", DIAG_WARNING,
  "Kubernetes Ingress API, IngressRule.host doc: a wildcard host matches "
  "exactly one DNS label; Gateway API v1.6.1 spec, apis/v1 "
  "HTTPRouteSpec.Hostnames doc: a wildcard is a suffix match",
  "a wildcard host matches deeper names after conversion",
  "An Ingress host '*.example.com' matches one label (a.example.com); a "
  "Gateway API hostname '*.example.com' matches any number "
  "(a.b.example.com too). List the deeper names that must not reach the "
  "backends as their own routes, or accept the wider match.",
  ING("web", "", "\"*.example.com\"", "/", "Prefix"),
  ING("web", "", "www.example.com", "/", "Prefix") },
{ "ingress/annotation-not-converted", DIAG_WARNING,
  "ingress-nginx annotations documentation; Gateway API v1.6.1 has no field "
  "for it (class C in ing2gw annotations)",
  "an annotation in effect has no Gateway API equivalent",
  "The converted routes lose what the annotation does (buffering, "
  "snippets, ModSecurity, proxy tuning...). Configure it in the Gateway "
  "implementation, or accept the difference.",
  ING1(ING_ANN("proxy-buffering", "on")),
  ING1("") },
{ "ingress/shared-match-split", DIAG_WARNING,
  "Cilium operator/pkg/model/translation (envoyHTTPRoutes: routes of one "
  "match key become one Envoy route with weighted clusters of weight 1)",
  "two Ingresses route the same host and path to different Services",
  "Cilium merges the routes of the same host and match, across Ingresses "
  "and within one, into one Envoy route, and splits the requests equally "
  "between their Services. Gateway API sends them all to the older route: "
  "split them with weighted backendRefs, or remove one path.",
  CIL("a", "web") "---\n" CIL("b", "api"),
  CIL("a", "web") "---\n" CIL("b", "web") },
{ "ingress/default-backend-ignored", DIAG_WARNING,
  "Istio pilot/pkg/config/kube/ingress/ingress.go (RuleCollection: "
  "\"Ignore default wildcard ingress\")",
  "Istio ignores the Ingress's defaultBackend",
  "istiod converts the rules of an Ingress into VirtualServices and "
  "ignores spec.defaultBackend: no request reaches it. The conversion "
  "leaves it out too.",
  IST("  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Prefix"),
  IST("", "Prefix") },
{ "ingress/implementation-specific-exact", DIAG_WARNING,
  "Istio pilot/pkg/config/kube/ingress/virtualservices.go "
  "(createFallbackStringMatch)",
  "Istio matches an ImplementationSpecific path exactly",
  "istiod makes an ImplementationSpecific (or untyped) path an exact "
  "match unless it ends in '/*' or '.*' (a prefix of the rest) or is "
  "empty, '*', '/*' or '.*' (every path). Other controllers take such a "
  "path as a prefix; set pathType Exact or Prefix to say which.",
  IST("", "ImplementationSpecific"),
  IST("", "Exact") },
{ "ingress/class-not-served", DIAG_WARNING,
  "Cilium operator/pkg/ingress (isCiliumManagedIngress compares the class "
  "name with \"cilium\"); Istio pilot/pkg/config/kube/ingress "
  "(shouldProcessIngressWithClass reads the annotation first)",
  "the controller an IngressClass names does not serve the Ingress",
  "The Ingress's IngressClass names Cilium's or Istio's controller, but "
  "that controller decides otherwise: Cilium serves only the class named "
  "'cilium' (the annotation first, then the field), istiod takes the "
  "kubernetes.io/ingress.class annotation over spec.ingressClassName. "
  "Nothing serves the Ingress today.",
  "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: "
  "{name: internal}\nspec: {controller: cilium.io/ingress-controller}\n"
  "---\n" ING_OBJ("networking.k8s.io/v1", "web") "spec:\n"
  "  ingressClassName: internal\n  rules:\n  - host: example.com\n",
  "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: "
  "{name: cilium}\nspec: {controller: cilium.io/ingress-controller}\n"
  "---\n" ING_OBJ("networking.k8s.io/v1", "web") "spec:\n"
  "  ingressClassName: cilium\n  rules:\n  - host: example.com\n" },
{ "ingress/priority-tie", DIAG_WARNING,
  "Traefik v3.7: a router's priority is router.priority, else the length "
  "of its rule (pkg/muxer/http mux.go GetRulePriority); the muxer sorts "
  "its routes by priority alone (routes.Less), from a map of routers, so "
  "equal priorities have no defined order",
  "two Traefik routers of the same priority match the same requests",
  "Traefik tries its routers by priority, by default the length of the "
  "rule text ('Host(\"a\") && PathPrefix(\"/x\")'), and has no order "
  "among equal ones: when two of them match a request and send it to "
  "different Services, either may answer, and it can change when Traefik "
  "reloads. The same host and path in two Ingresses is the common case. "
  "Gateway API would pick the older route. Keep one of the two paths, or "
  "set router.priority.",
  TK("a", "example.com", "/app", "Prefix", "app-v1") "---\n"
  TK("b", "example.com", "/app", "Prefix", "app-v2"),
  TK("a", "example.com", "/app", "Prefix", "app-v1") "---\n"
  TK("b", "example.com", "/app/v2", "Prefix", "app-v2") },
{ "ingress/kong-route-tie", DIAG_WARNING,
  "Kong Gateway 3 router (traditional_compatible, router/transform.lua "
  "get_priority): the priority of a route is its number of fields, plain "
  "hosts, headers, regex paths and regex_priority, then the length of the "
  "plain path; routes of equal priority have no defined order",
  "two Kong routes of the same priority match the same requests",
  "KIC makes one Kong route per Ingress, host and backend. When two "
  "Ingresses have the same host and path (with the same konghq.com keys "
  "that count in Kong's priority) for different Services, their Kong "
  "routes have the same priority and Kong sends a request to either, as "
  "it happens. Gateway API would pick the older route. Keep one of the "
  "two paths.",
  KG("a", "example.com", "/app", "Prefix", "app-v1") "---\n"
  KG("b", "example.com", "/app", "Prefix", "app-v2"),
  KG("a", "example.com", "/app", "Prefix", "app-v1") "---\n"
  KG("b", "example.com", "/app/v2", "Prefix", "app-v2") },
{ "ingress/kong-default-backend", DIAG_WARNING,
  "Kong Ingress Controller 3 (translator/translate_ingress.go "
  "getDefaultBackendService: the default backends of the Ingresses, "
  "oldest first; the first is kept)",
  "a second Ingress's defaultBackend is not served by KIC",
  "KIC makes one Kong route for spec.defaultBackend, that of the oldest "
  "Ingress with one; the default backends of the others never receive a "
  "request, and the conversion leaves them out. Keep one defaultBackend "
  "in the estate.",
  KG_DEF("a", "2024-01-01", "a") "---\n" KG_DEF("b", "2024-02-01", "b"),
  KG_DEF("a", "2024-01-01", "a") },
{ "ingress/annotation-vendor", DIAG_INFO,
  "ingress-nginx annotations documentation; Gateway API v1.6.1 has no "
  "standard field for it, an implementation's policy does it (class B in "
  "ing2gw annotations)",
  "an annotation converts only to an implementation-specific policy",
  "Gateway API has no standard field for it (session affinity, rate "
  "limits, external auth...); it needs a policy of the chosen Gateway "
  "implementation.",
  ING1(ING_ANN("affinity", "cookie")),
  ING1("") },
{ "ingress/haproxy-ingress-path-shadowed", DIAG_WARNING,
  "HAProxy Ingress v0.14/v0.15: path-type-order (default exact,prefix,"
  "begin,regex) tries every prefix path of a host before its begin "
  "paths, the longest first within a type",
  "a Prefix path of the host takes the requests of a begin path",
  "HAProxy Ingress matches the ImplementationSpecific paths of path-type "
  "begin (the default) only after every Prefix path of the host: a "
  "Prefix path that covers a begin path (Prefix '/' covers all) takes "
  "its requests, whatever the lengths, so the begin path answers none "
  "of them. Gateway API takes the longest prefix, so the converted "
  "begin path starts answering. Give both paths one pathType.",
  HI_ING("web", "/api", "ImplementationSpecific", "api", "/", "Prefix",
  "web"),
  HI_ING("web", "/api", "Prefix", "api", "/", "Prefix", "web") },
{ "ingress/haproxy-map-conflict", DIAG_WARNING,
  "HAProxy Kubernetes Ingress Controller v3.2: route.AddHostPathRoute "
  "writes one row per host and path into its maps; maps.getContent sorts "
  "the rows, and HAProxy keeps the first row of a key",
  "two HAProxy Ingresses give one host and path to different backends",
  "The controller writes each host and path into its path maps with the "
  "backend's name (namespace, Service and port); the map file is sorted "
  "and HAProxy keeps the first row of a key, so the backend whose name "
  "sorts first answers, whatever the Ingresses' age. Gateway API would "
  "pick the older route. Keep one of the two paths.",
  HP("a", "example.com", "/app", "Prefix", "app-v2") "---\n"
  HP("b", "example.com", "/app", "Prefix", "app-v1"),
  HP("a", "example.com", "/app", "Prefix", "app-v2") "---\n"
  HP("b", "example.com", "/app/v1", "Prefix", "app-v1") },

{ "ingress/gce-url-map-path", DIAG_WARNING,
  "kubernetes/ingress-gce pkg/controller/translator validateAndGetPaths; "
  "Google Cloud URL maps: a path starts with '/', and '*' only ends it "
  "after '/'",
  "a path GKE's URL map rejects",
  "GKE writes an ImplementationSpecific path into the URL map as it is, "
  "where a star may only end a path after '/'; Exact and Prefix paths may "
  "have none and may not be empty. Google Cloud rejects a URL map with "
  "another path, so the Ingress's load balancer is not updated: none of "
  "its changes take effect.",
  GCE_ING(GCE_HOST("example.com") GCE_P("/api*", "ImplementationSpecific",
  "api")),
  GCE_ING(GCE_HOST("example.com") GCE_P("/api/*", "ImplementationSpecific",
  "api")) },
{ "ingress/gce-host-replaced", DIAG_WARNING,
  "kubernetes/ingress-gce pkg/utils/gceurlmap.go PutPathRulesForHost",
  "a later rule of the same host replaces this one in GKE",
  "GKE's URL map has one host rule per host: of two rules of an Ingress "
  "with the same host, the later replaces the earlier whole, and the "
  "earlier rule's paths are not served. Merge the two rules.",
  GCE_ING(GCE_HOST("example.com") GCE_P("/a", "Prefix", "a")
  GCE_HOST("example.com") GCE_P("/b", "Prefix", "b")),
  GCE_ING(GCE_HOST("example.com") GCE_P("/a", "Prefix", "a")
  GCE_P("/b", "Prefix", "b")) },
{ "ingress/gce-duplicate-path", DIAG_WARNING,
  "kubernetes/ingress-gce pkg/utils/gceurlmap.go PutPathRulesForHost",
  "GKE keeps the later of two equal paths of a host",
  "Of two equal paths of one host, GKE keeps the later one, where the "
  "Ingress specification and most controllers keep the first: the "
  "earlier path is not served. Remove the one that should not be.",
  GCE_ING(GCE_HOST("example.com") GCE_P("/api", "Prefix", "v1")
  GCE_P("/api", "Prefix", "v2")),
  GCE_ING(GCE_HOST("example.com") GCE_P("/api", "Prefix", "v2")) },
{ "ingress/gce-class-field", DIAG_WARNING,
  "kubernetes/ingress-gce pkg/utils/utils.go IsGCEIngress (an Ingress "
  "with spec.ingressClassName and no class annotation is not its); "
  "kubernetes/ingress-gce issue 1891",
  "spec.ingressClassName names a GKE class, which GKE does not serve",
  "GKE's Ingress controller reads only the kubernetes.io/ingress.class "
  "annotation (gce, gce-internal, gce-regional-external) and serves no "
  "IngressClass: an Ingress with spec.ingressClassName and without the "
  "annotation is ignored by it, and with no IngressClass of that name no "
  "other controller serves it either. Use the annotation instead.",
  ING_OBJ("networking.k8s.io/v1", "web") "spec:\n  ingressClassName: gce\n"
  "  rules:\n" GCE_HOST("example.com") GCE_P("/", "Prefix", "web"),
  GCE_ING(GCE_HOST("example.com") GCE_P("/", "Prefix", "web")) },
{ "ingress/gce-config-missing", DIAG_WARNING,
  "GKE Ingress: networking.gke.io/v1beta1.FrontendConfig and the "
  "Service's cloud.google.com/backend-config name objects of the "
  "namespace",
  "a FrontendConfig or BackendConfig named is not in the input",
  "The Ingress names a FrontendConfig, or a Service it routes to a "
  "BackendConfig, that the input lacks. GKE reports an error when it is "
  "missing from the cluster; when it is only missing from the input, "
  "lint and convert cannot tell what it does (an HTTPS redirect, IAP, a "
  "Cloud Armor policy...). Add it to the input.",
  ING_OBJ("networking.k8s.io/v1", "web") "  annotations: "
  "{kubernetes.io/ingress.class: gce, networking.gke.io/v1beta1."
  "FrontendConfig: fc}\nspec:\n  rules:\n" GCE_HOST("example.com")
  GCE_P("/", "Prefix", "web"),
  ING_OBJ("networking.k8s.io/v1", "web") "  annotations: "
  "{kubernetes.io/ingress.class: gce, networking.gke.io/v1beta1."
  "FrontendConfig: fc}\nspec:\n  rules:\n" GCE_HOST("example.com")
  GCE_P("/", "Prefix", "web") "---\napiVersion: networking.gke.io/v1beta1\n"
  "kind: FrontendConfig\nmetadata: {name: fc}\nspec: {}\n" },
{ "ingress/f5-nginx-rejected", DIAG_WARNING,
  "F5 NGINX Ingress Controller: internal/k8s/validation.go "
  "validateIngressSpec (rules required; a host required unless "
  "-allow-empty-ingress-host)",
  "F5 NGINX rejects the Ingress: none of its paths are served",
  "F5 NGINX's admission rejects an Ingress without rules (a "
  "defaultBackend alone), or with a rule without host when the "
  "controller runs with its default flags. The Ingress serves nothing, "
  "and convert leaves it out. Give each rule a host.",
  F5_CLASS "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
  "metadata: {name: web}\nspec:\n  ingressClassName: nginx\n"
  "  rules:\n  - http:\n      paths:\n      - path: /\n"
  "        pathType: Prefix\n        backend: {service: {name: web, "
  "port: {number: 80}}}\n",
  F5_CLASS F5("web", "example.com", "web") },
{ "ingress/f5-nginx-host-collision", DIAG_WARNING,
  "F5 NGINX Ingress Controller: one resource holds a host, the oldest "
  "(internal/k8s/configuration.go chooseObjectMetaWinner); mergeable "
  "Ingresses share it through their master",
  "two F5 NGINX Ingresses have the same host: the older one holds it",
  "F5 NGINX makes one nginx server per host. When two Ingresses that are "
  "not mergeable name the same host, the older one (by creation time) "
  "holds it and the other's rule for that host is not served; a minion "
  "without a master of its host is not served either, nor a minion's "
  "path that an older minion of the host has. Gateway API would "
  "merge the two routes. Put the paths in one Ingress, or make them a "
  "master and its minions (nginx.org/mergeable-ingress-type).",
  F5_CLASS F5("a", "example.com", "app-v1") "---\n"
  F5("b", "example.com", "app-v2"),
  F5_CLASS F5("a", "example.com", "app-v1") "---\n"
  F5("b", "api.example.com", "app-v2") },
{ "ingress/aws-alb-group-conflict", DIAG_WARNING,
  "AWS Load Balancer Controller docs/guide/ingress/annotations.md "
  "(MergeBehavior Exclusive: one value across the IngressGroup)",
  "two Ingresses of one IngressGroup give a load balancer setting two values",
  "Settings of the load balancer itself (scheme, subnets, security groups, "
  "inbound-cidrs, WAF, ssl-redirect, ssl-policy, attributes, ...) are "
  "exclusive in an IngressGroup: given on several Ingresses, they must "
  "agree, or the controller fails to build the group and its load "
  "balancer stays as it was.",
  ALB_SCHEME("a", "internal") "---\n" ALB_SCHEME("b", "internet-facing"),
  ALB_SCHEME("a", "internal") "---\n" ALB_SCHEME("b", "internal") },
{ "ingress/aws-alb-group-order", DIAG_WARNING,
  "AWS Load Balancer Controller docs/guide/ingress/annotations.md "
  "(group.order: no duplicate explicit order in a group) and "
  "pkg/ingress/group_loader.go",
  "two Ingresses of one IngressGroup have the same explicit group.order",
  "The controller orders an IngressGroup's Ingresses by group.order; the "
  "documentation forbids two explicit equal orders in one group, and "
  "their rules' relative order then rests on namespace/name alone.",
  ALB_ING("a", "1") "---\n" ALB_ING("b", "1"),
  ALB_ING("a", "1") "---\n" ALB_ING("b", "2") },

/* target: what lint --target's implementation lacks (targets/target.h) */
{ "target/unsupported-feature", DIAG_WARNING,
  "the target's conformance report (ing2gw targets NAME)",
  "the target does not support a construct the object uses",
  "The object uses a construct (a filter, a match, a timeout, a route "
  "kind, a policy) whose Gateway API feature the newest conformance "
  "report of the --target implementation lists as unsupported: it "
  "refuses the rule or ignores the construct. The message names the "
  "feature as the reports spell it, and the implementation's own "
  "mechanism where one exists.",
  HR "  rules:\n  - filters: [{type: CORS, cors: {allowOrigins: "
  "[\"https://app.example.com\"]}}]\n" BACKEND,
  HR "  rules:\n  - filters: [{type: ResponseHeaderModifier, "
  "responseHeaderModifier: {set: [{name: x-a, value: \"1\"}]}}]\n"
  BACKEND },
{ "target/unsupported-access-check", DIAG_ERROR,
  "the target's conformance report (ing2gw targets NAME)",
  "the target does not support an access check the Gateway asks for",
  "The Gateway validates client certificates (spec.tls.frontend), and "
  "the --target implementation does not support that feature by its "
  "conformance report: requests may reach the routes without the check. "
  "Use the implementation's own mechanism the message names, or another "
  "implementation.",
  GW80 "  tls:\n    frontend:\n      default:\n        validation: "
  "{caCertificateRefs: [{group: \"\", kind: ConfigMap, name: ca}]}\n",
  GW80 },
{ "target/unproven-feature", DIAG_INFO,
  "the target's conformance report (ing2gw targets NAME)",
  "the target's conformance report does not prove a construct",
  "The object uses a construct whose feature or profile the --target "
  "implementation's newest conformance report does not test (a profile "
  "it did not run, a feature newer than the report, or a profile whose "
  "core tests passed only in part). It may work; the report does not "
  "say so.",
  "apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: "
  "{name: db}\nspec:\n  rules:\n  - backendRefs: [{name: db, port: "
  "5432}]\n",
  HR "  rules:\n" RULE1 },
{ "target/inference-pool", DIAG_WARNING,
  "the Inference Extension's conformance reports (tag v1.6.0, profile "
  "Gateway) and the target's Gateway API conformance reports",
  "the target does not route to InferencePools, or nothing says it does",
  "An HTTPRoute backendRef names an InferencePool (group "
  "inference.networking.k8s.io). InferencePool is an extension, not a "
  "Gateway API feature: whether the --target implementation routes to "
  "one comes from the Inference Extension's own conformance reports of "
  "its v1 API. Where they pass, nothing is reported; where the "
  "implementation does not support it, a warning; where no source says "
  "(a pre-v1 report does not count), an info: it may work, check its "
  "documentation. The generic target gets the info, since it depends on "
  "the implementation. The note gives the source.",
  POOL "---\n" POOL_REF("name: llm"),
  HR "  rules:\n" RULE1 },
};

const struct lint_rule *
lint_catalogue(size_t *n_out)
{
	*n_out = ARRAY_LEN(rules);
	return rules;
}

/* The target/ rules report nothing without --target: their examples run
 * with these. */
static const struct {
	const char *id, *target;
} example_targets[] = {
	{ "target/unsupported-feature", "traefik" },
	{ "target/unsupported-access-check", "istio" },
	{ "target/unproven-feature", "envoy-gateway" },
	{ "target/inference-pool", "cilium" },
};

const char *
lint_rule_example_target(const struct lint_rule *r)
{
	for (size_t i = 0; i < ARRAY_LEN(example_targets); i++)
		if (!strcmp(example_targets[i].id, r->id))
			return example_targets[i].target;
	return NULL;
}

const struct lint_rule *
lint_rule_find(const char *id)
{
	for (size_t i = 0; i < ARRAY_LEN(rules); i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}
