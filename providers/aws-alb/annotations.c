#include "compat.h"
#include "providers/aws-alb/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"

/*
 * Facts: kubernetes-sigs/aws-load-balancer-controller (main, v2.x/v3
 * module): pkg/annotations/constants.go (the keys), the parsers of
 * pkg/annotations/parser.go (ParseBool, ParseInt32, string lists and
 * maps, JSON), pkg/ingress/config_types.go (actions, conditions,
 * transforms), model_build_*.go (what each key does), and the table of
 * docs/guide/ingress/annotations.md (defaults, Ingress or Service).
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define ING PROV_SCOPE_INGRESS
#define LOC PROV_SCOPE_LOCATION
#define SVC PROV_SCOPE_SERVICE
#define DROP PROV_INVALID_DROP
#define DENY PROV_INVALID_DENY

/* Every invalid value fails the build of the IngressGroup. */
#define K(k, kd, sc) .key = (k), .kind = (kd), .scope = (sc), \
	.on_invalid = DROP, .parse = prov_parse_string

static const char *const v_scheme[] = { "internal", "internet-facing",
	NULL };
static const char *const v_ipt[] = { "ipv4", "dualstack",
	"dualstack-without-public-ipv4", NULL };
static const char *const v_target[] = { "instance", "ip", NULL };
static const char *const v_proto[] = { "HTTP", "HTTPS", NULL };
static const char *const v_protover[] = { "HTTP1", "HTTP2", "GRPC", NULL };
static const char *const v_auth[] = { "none", "oidc", "cognito", NULL };
static const char *const v_unauth[] = { "authenticate", "allow", "deny",
	NULL };
static const char *const v_nlbscheme[] = { "internal", "internet-facing",
	NULL };
static const char *const v_tcpudp[] = { "HTTP", "HTTPS", "TCP", NULL };

static const char *const alb_prefixes[] = { PROV_ALB_PREFIX, NULL };

#define NO_ROUTE "none: the load balancer's own setting, no routing effect"

static const struct prov_annotation alb_table[] = {
	/* ---- the IngressGroup and the load balancer ---- */
	{ K("acm-pca-arn", PROV_KIND_STRING, ING), .cls = C_,
	  .desc = "private CA (ACM PCA) of the certificates create-acm-cert "
		"requests",
	  .gateway = "none: cert-manager issues the listener's Secret" },
	{ K("actions.", PROV_KIND_STRING, LOC), .cls = A_,
	  .desc = "actions.NAME (JSON): the action of the paths whose backend "
		"is Service NAME with port use-annotation: forward (weighted "
		"target groups), redirect or fixed-response",
	  .gateway = "forward: weighted backendRefs; redirect: RequestRedirect "
		"filter; fixed-response and target group ARNs: none (warn)",
	  .std = "backendRefs weight, RequestRedirect" },
	{ K("auth-idp-cognito", PROV_KIND_STRING, SVC), .cls = C_,
	  .desc = "Cognito user pool (JSON) of auth-type cognito",
	  .gateway = "none: access control the target cannot check (error, "
		"fail closed)" },
	{ K("auth-idp-oidc", PROV_KIND_STRING, SVC), .cls = C_,
	  .desc = "OIDC provider (JSON, with the client secret's Secret) of "
		"auth-type oidc",
	  .gateway = "none: access control the target cannot check (error, "
		"fail closed)" },
	{ K("auth-on-unauthenticated-request", PROV_KIND_ENUM, SVC),
	  .values = v_unauth, .def = "authenticate", .cls = C_,
	  .desc = "what an unauthenticated request gets: authenticate, allow "
		"or deny",
	  .gateway = "none (part of auth-type)" },
	{ K("auth-scope", PROV_KIND_STRING, SVC), .def = "openid", .cls = C_,
	  .desc = "scopes requested from the identity provider",
	  .gateway = "none (part of auth-type)" },
	{ K("auth-session-cookie", PROV_KIND_STRING, SVC),
	  .def = "AWSELBAuthSessionCookie", .cls = C_,
	  .desc = "name of the authentication session cookie",
	  .gateway = "none (part of auth-type)" },
	{ K("auth-session-timeout", PROV_KIND_SECONDS, SVC),
	  .def = "604800", .cls = C_,
	  .desc = "lifetime of the authentication session",
	  .gateway = "none (part of auth-type)" },
	{ K("auth-type", PROV_KIND_ENUM, SVC), .values = v_auth,
	  .def = "none", .cls = C_, .risk = PROV_RISK_HIGH,
	  .desc = "authenticate users with Cognito or OIDC before forwarding",
	  .gateway = "none in Gateway API: access control the target cannot "
		"check is an error, the paths answer 500 with --force" },
	{ K("backend-protocol", PROV_KIND_ENUM, SVC), .values = v_proto,
	  .def = "HTTP", .cls = B_,
	  .desc = "protocol to the targets: HTTP or HTTPS (not verified)",
	  .gateway = "HTTPS: BackendTLSPolicy (by hand: ALB does not verify "
		"the targets' certificates)" },
	{ K("backend-protocol-version", PROV_KIND_ENUM, SVC),
	  .values = v_protover, .def = "HTTP1", .cls = A_,
	  .desc = "application protocol to the targets: HTTP1, HTTP2 or GRPC",
	  .gateway = "the Service port's appProtocol (kubernetes.io/h2c) or a "
		"GRPCRoute (warn)" },
	{ K("certificate-arn", PROV_KIND_LIST, ING), .cls = A_,
	  .desc = "ACM certificates of the HTTPS listeners; makes the default "
		"listen port HTTPS 443",
	  .gateway = "listeners' certificateRefs: a Secret with the "
		"certificate (ACM certificates cannot be exported: warn)" },
	{ K("conditions.", PROV_KIND_STRING, LOC), .cls = A_,
	  .desc = "conditions.NAME (JSON list): more conditions of the paths "
		"to Service NAME: host-header, http-header, "
		"http-request-method, path-pattern, query-string, source-ip",
	  .gateway = "http-header: headers match; path-pattern: more path "
		"matches; method, query-string, host-header: warn; source-ip: "
		"access control (error, fail closed)",
	  .std = "HTTPRouteMatch headers, path" },
	{ K("create-acm-cert", PROV_KIND_BOOL, ING), .def = "false", .cls = C_,
	  .desc = "request ACM certificates for the hosts",
	  .gateway = "none: cert-manager issues the listener's Secret" },
	{ K("customer-owned-ipv4-pool", PROV_KIND_STRING, ING), .cls = CP,
	  .desc = "customer-owned IPv4 pool (Outposts)", .gateway = NO_ROUTE },
	{ K("dry-run-plan", PROV_KIND_BOOL, ING), .def = "false", .cls = CP,
	  .desc = "only plan the load balancer, write the plan as an "
		"annotation", .gateway = NO_ROUTE },
	{ K("enable-frontend-nlb", PROV_KIND_BOOL, ING), .def = "false",
	  .cls = CP, .desc = "put a Network Load Balancer in front of the ALB",
	  .gateway = NO_ROUTE },
	{ K("frontend-nlb-attributes", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "attributes of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-eip-allocations", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "Elastic IPs of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-healthy-threshold-count",
		PROV_KIND_INT, ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-interval-seconds", PROV_KIND_SECONDS,
		ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-path", PROV_KIND_PATH, ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-port", PROV_KIND_STRING, ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-protocol", PROV_KIND_ENUM, ING),
	  .values = v_tcpudp, .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-success-codes", PROV_KIND_STRING, ING),
	  .cls = CP, .desc = "health check of the frontend NLB",
	  .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-timeout-seconds", PROV_KIND_SECONDS,
		ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-healthcheck-unhealthy-threshold-count",
		PROV_KIND_INT, ING), .cls = CP,
	  .desc = "health check of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-listener-port-mapping", PROV_KIND_LIST, ING),
	  .cls = CP, .desc = "NLB port to ALB port mapping",
	  .gateway = NO_ROUTE },
	{ K("frontend-nlb-scheme", PROV_KIND_ENUM, ING), .values = v_nlbscheme,
	  .def = "internal", .cls = CP, .desc = "scheme of the frontend NLB",
	  .gateway = NO_ROUTE },
	{ K("frontend-nlb-security-groups", PROV_KIND_LIST, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH,
	  .desc = "security groups of the frontend NLB (who may connect)",
	  .gateway = "none: access control the target cannot check (error, "
		"fail closed)" },
	{ K("frontend-nlb-subnets", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "subnets of the frontend NLB", .gateway = NO_ROUTE },
	{ K("frontend-nlb-tags", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "tags of the frontend NLB", .gateway = NO_ROUTE },
	{ K("group.name", PROV_KIND_STRING, ING), .cls = A_,
	  .desc = "the IngressGroup: Ingresses of one group share one ALB, "
		"their rules evaluated in group.order",
	  .gateway = "one Gateway for the group's Ingresses; the rules' order "
		"becomes Gateway API precedence (warn where the winner "
		"changes)" },
	{ K("group.order", PROV_KIND_INT, ING), .def = "0", .cls = C_,
	  .desc = "order of the Ingress's rules in its group (-1000..1000, "
		"smaller first; ties by namespace/name)",
	  .gateway = "none: Gateway API orders matches by specificity (warn "
		"where the winner changes)" },
	{ K("healthcheck-interval-seconds", PROV_KIND_SECONDS, SVC),
	  .def = "15", .cls = CP, .desc = "target health check interval",
	  .gateway = "none: readiness probes (or an implementation's health "
		"check policy)" },
	{ K("healthcheck-path", PROV_KIND_PATH, SVC), .def = "/", .cls = CP,
	  .desc = "target health check path",
	  .gateway = "none: readiness probes" },
	{ K("healthcheck-port", PROV_KIND_STRING, SVC), .def = "traffic-port",
	  .cls = CP, .desc = "target health check port",
	  .gateway = "none: readiness probes" },
	{ K("healthcheck-protocol", PROV_KIND_ENUM, SVC), .values = v_proto,
	  .def = "HTTP", .cls = CP, .desc = "target health check protocol",
	  .gateway = "none: readiness probes" },
	{ K("healthcheck-timeout-seconds", PROV_KIND_SECONDS, SVC),
	  .def = "5", .cls = CP, .desc = "target health check timeout",
	  .gateway = "none: readiness probes" },
	{ K("healthy-threshold-count", PROV_KIND_INT, SVC), .def = "2",
	  .cls = CP, .desc = "target health check threshold",
	  .gateway = "none: readiness probes" },
	{ K("inbound-cidrs", PROV_KIND_CIDR_LIST, ING), .def = "0.0.0.0/0",
	  .cls = B_, .risk = PROV_RISK_HIGH,
	  .desc = "client addresses the load balancer's security group "
		"admits, on every listener",
	  .gateway = "client address rules of the implementation (EG "
		"SecurityPolicy authorization); else an error, fail closed",
	  .feature = IR_FEAT_IP_ACCESS },
	{ K("ip-address-type", PROV_KIND_ENUM, ING), .values = v_ipt,
	  .def = "ipv4", .cls = CP, .desc = "IPv4 or dual-stack addresses",
	  .gateway = "none: the Gateway's addresses (the implementation's "
		"Service)" },
	{ K("ipam-ipv4-pool-id", PROV_KIND_STRING, ING), .cls = CP,
	  .desc = "IPAM pool of the load balancer's addresses",
	  .gateway = NO_ROUTE },
	{ K("jwt-validation", PROV_KIND_STRING, SVC), .cls = C_,
	  .risk = PROV_RISK_HIGH,
	  .desc = "validate a JWT bearer token (JSON: issuer, JWKS)",
	  .gateway = "none in Gateway API: access control the target cannot "
		"check (error, fail closed)" },
	{ K("listen-ports", PROV_KIND_STRING, ING), .def = "[{\"HTTP\": 80}]",
	  .cls = A_,
	  .desc = "listeners (JSON): [{\"HTTP\": 80}, {\"HTTPS\": 443}]; "
		"the Ingress's rules go to these ports only",
	  .gateway = "parentRefs sectionName: HTTP 80 is the http listener, "
		"HTTPS 443 the HTTPS listeners; other ports: warn",
	  .std = "parentRefs sectionName" },
	{ K("listener-attributes.", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "listener-attributes.PROTOCOL-PORT: attributes of one "
		"listener (headers ALB adds, mTLS header names)",
	  .gateway = NO_ROUTE },
	{ K("load-balancer-attributes", PROV_KIND_LIST, ING), .cls = B_,
	  .desc = "load balancer attributes, k=v: idle_timeout."
		"timeout_seconds, routing.http2.enabled, access logs, "
		"deletion protection, ...",
	  .gateway = "idle_timeout.timeout_seconds: the implementation's idle "
		"timeout (EG ClientTrafficPolicy); the rest: none",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("load-balancer-name", PROV_KIND_STRING, ING), .cls = CP,
	  .desc = "name of the ALB (at most 32 characters)",
	  .gateway = "none (the Gateway's name is ing2gw's)" },
	{ K("manage-backend-security-group-rules", PROV_KIND_BOOL, ING),
	  .def = "true", .cls = CP,
	  .desc = "let the controller open the nodes' security groups to the "
		"ALB", .gateway = NO_ROUTE },
	{ K("minimum-load-balancer-capacity", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "reserved capacity units", .gateway = NO_ROUTE },
	{ K("multi-cluster-target-group", PROV_KIND_BOOL, SVC),
	  .def = "false", .cls = CP,
	  .desc = "share target groups with other clusters",
	  .gateway = "none: the Gateway sends to this cluster's endpoints" },
	{ K("mutual-authentication", PROV_KIND_STRING, ING), .cls = B_,
	  .risk = PROV_RISK_HIGH,
	  .desc = "client certificates per listen port (JSON): off, "
		"passthrough, or verify with a trust store",
	  .gateway = "verify: Gateway tls.frontend validation (a CA "
		"ConfigMap, not an ACM trust store): error, fail closed; "
		"passthrough: warn" },
	{ K("scheme", PROV_KIND_ENUM, ING), .values = v_scheme,
	  .def = "internal", .cls = CP,
	  .desc = "internal or internet-facing load balancer",
	  .gateway = "none: how the implementation exposes the Gateway "
		"(its Service, infrastructure annotations)" },
	{ K("security-group-prefix-lists", PROV_KIND_LIST, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH,
	  .desc = "prefix lists the managed security group admits",
	  .gateway = "none: access control the target cannot check (error, "
		"fail closed)" },
	{ K("security-groups", PROV_KIND_LIST, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH,
	  .desc = "security groups of the ALB, in place of the managed one "
		"(who may connect)",
	  .gateway = "none: access control the target cannot check (error, "
		"fail closed)" },
	{ K("shield-advanced-protection", PROV_KIND_BOOL, ING), .cls = C_,
	  .desc = "AWS Shield Advanced DDoS protection",
	  .gateway = "none: warn (the Gateway's address is not protected)" },
	{ K("ssl-policy", PROV_KIND_STRING, ING),
	  .def = "ELBSecurityPolicy-2016-08", .cls = B_,
	  .desc = "TLS versions and ciphers of the HTTPS listeners",
	  .gateway = "Gateway listener tls.options or the implementation's "
		"policy (EG ClientTrafficPolicy tls)" },
	{ K("ssl-redirect", PROV_KIND_INT, ING), .cls = A_,
	  .desc = "redirect every HTTP request to HTTPS on this port (301); "
		"the HTTP listeners get no other rule",
	  .gateway = "an HTTPRoute on the http listener with a RequestRedirect "
		"to https (301)", .std = "RequestRedirect" },
	{ K("subnets", PROV_KIND_LIST, ING), .cls = CP,
	  .desc = "subnets of the ALB", .gateway = NO_ROUTE },
	{ K("success-codes", PROV_KIND_STRING, SVC), .def = "200", .cls = CP,
	  .desc = "HTTP (or gRPC) codes of a healthy target",
	  .gateway = "none: readiness probes" },
	{ K("tags", PROV_KIND_LIST, SVC), .cls = CP,
	  .desc = "AWS tags of the resources", .gateway = NO_ROUTE },
	{ K("target-control-port", PROV_KIND_INT, SVC), .cls = CP,
	  .desc = "port of the target optimizer agent", .gateway = NO_ROUTE },
	{ K("target-group-attributes", PROV_KIND_LIST, SVC), .cls = B_,
	  .desc = "target group attributes, k=v: stickiness, slow start, "
		"load_balancing.algorithm.type, deregistration delay, ...",
	  .gateway = "stickiness and algorithm: the implementation's load "
		"balancing (EG BackendTrafficPolicy); the rest: none",
	  .feature = IR_FEAT_LOAD_BALANCING },
	{ K("target-node-labels", PROV_KIND_LIST, SVC), .cls = CP,
	  .desc = "nodes registered with target-type instance",
	  .gateway = "none: the Gateway sends to the endpoints" },
	{ K("target-type", PROV_KIND_ENUM, SVC), .values = v_target,
	  .def = "instance", .cls = CP,
	  .desc = "register the nodes (NodePort) or the pods' IPs",
	  .gateway = "none: the Gateway sends to the endpoints" },
	{ K("transforms.", PROV_KIND_STRING, LOC), .cls = B_,
	  .desc = "transforms.NAME (JSON list): host-header-rewrite and "
		"url-rewrite (regex) of the paths to Service NAME",
	  .gateway = "URLRewrite (without captures) or the target's regex "
		"rewrite; warn" },
	{ K("unhealthy-threshold-count", PROV_KIND_INT, SVC), .def = "2",
	  .cls = CP, .desc = "target health check threshold",
	  .gateway = "none: readiness probes" },
	{ K("use-regex-path-match", PROV_KIND_BOOL, ING), .def = "false",
	  .cls = A_,
	  .desc = "ImplementationSpecific paths are regular expressions "
		"(the path without its first '/')",
	  .gateway = "RegularExpression path match (implementation-specific "
		"syntax: warn)" },
	{ K("waf-acl-id", PROV_KIND_STRING, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH, .desc = "WAF Classic web ACL",
	  .gateway = "none: a security policy the target cannot apply (error, "
		"fail closed)" },
	{ K("wafv2-acl-arn", PROV_KIND_STRING, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH, .desc = "WAFv2 web ACL by ARN",
	  .gateway = "none: a security policy the target cannot apply (error, "
		"fail closed)" },
	{ K("wafv2-acl-name", PROV_KIND_STRING, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH, .desc = "WAFv2 web ACL by name",
	  .gateway = "none: a security policy the target cannot apply (error, "
		"fail closed)" },
	{ K("web-acl-id", PROV_KIND_STRING, ING), .cls = C_,
	  .risk = PROV_RISK_HIGH, .desc = "deprecated name of waf-acl-id",
	  .gateway = "none: a security policy the target cannot apply (error, "
		"fail closed)" },
};

_Static_assert(ARRAY_LEN(alb_table) == PROV_ALB_NANN,
	"PROV_ALB_NANN counts the table");

const struct prov_provider prov_alb_provider = {
	.name = "aws-alb",
	.prefixes = alb_prefixes,
	.table = alb_table,
	.count = ARRAY_LEN(alb_table),
	.nkeys = ARRAY_LEN(alb_table),
	.lookup = prov_alb_lookup,
};

/* ---- lookup ------------------------------------------------------------ */

static bool
family_key(const char *k)
{
	size_t n = strlen(k);

	return n && k[n - 1] == '.';
}

const struct prov_annotation *
prov_alb_lookup(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(alb_table); i++) {
		const char *k = alb_table[i].key;

		if (family_key(k) ? (!strncmp(key, k, strlen(k)) &&
		    key[strlen(k)]) : !strcmp(key, k))
			return &alb_table[i];
	}
	return NULL;
}

size_t
prov_alb_index(const struct prov_annotation *a)
{
	return (size_t)(a - alb_table);
}

const struct prov_alb_slot *
prov_alb_slot(const struct prov_alb_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_alb_lookup(key);

	if (!s || !a || family_key(a->key))
		return NULL;
	return s->slots[prov_alb_index(a)].key_node ?
		&s->slots[prov_alb_index(a)] : NULL;
}

const struct prov_alb_named *
prov_alb_named(const struct prov_alb_settings *s, const char *family,
	const char *name)
{
	for (size_t i = 0; s && name && i < s->nnamed; i++)
		if (!strcmp(s->named[i].family, family) &&
		    !strcmp(s->named[i].name, name))
			return &s->named[i];
	return NULL;
}

/* ---- value parsers ------------------------------------------------------ */

bool
prov_alb_group_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' &&
			ch <= '9');

		if (!alnum && ((ch != '-' && ch != '.') || i == 0 ||
		    i == n - 1))
			return false;
	}
	return true;
}

bool
prov_alb_parse_ports(const char *text, struct prov_alb_port *out,
	size_t max, size_t *n, const char **why)
{
	json_error_t err;
	json_t *j = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &err);
	size_t i;
	json_t *it;
	bool ok = true;

	*n = 0;
	if (!j || !json_is_array(j)) {
		*why = "not a JSON list of {\"PROTOCOL\": port} objects";
		json_decref(j);
		return false;
	}
	json_array_foreach(j, i, it) {
		const char *k;
		json_t *v;

		if (!json_is_object(it) || json_object_size(it) != 1) {
			*why = "an entry is not one {\"PROTOCOL\": port}";
			ok = false;
			break;
		}
		json_object_foreach(it, k, v) {
			long long p;

			if (json_is_integer(v))
				p = json_integer_value(v);
			else {
				*why = "a port is not an integer";
				ok = false;
				break;
			}
			if (p < 1 || p > 65535) {
				*why = "a port is not in 1..65535";
				ok = false;
				break;
			}
			if (strcmp(k, "HTTP") && strcmp(k, "HTTPS")) {
				*why = "a protocol is neither HTTP nor HTTPS";
				ok = false;
				break;
			}
			for (size_t q = 0; q < *n; q++)
				if (out[q].port == (int)p) {
					*why = "a port is listed twice";
					ok = false;
				}
			if (ok && *n < max) {
				out[*n].https = !strcmp(k, "HTTPS");
				out[*n].port = (int)p;
				(*n)++;
			}
		}
		if (!ok)
			break;
	}
	json_decref(j);
	if (ok && !*n) {
		*why = "the list is empty";
		ok = false;
	}
	return ok;
}

static const char *
trim_dup(struct arena *a, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

const char *
prov_alb_map_get(struct arena *a, const char *text, const char *k)
{
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *eq = memchr(p, '=', n);

		if (eq) {
			const char *key = trim_dup(a, p, (size_t)(eq - p));

			if (!strcmp(key, k))
				return trim_dup(a, eq + 1,
					n - (size_t)(eq - p) - 1);
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

bool
prov_alb_map_ok(const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		bool blank = true;

		for (const char *q = p; q < p + n; q++)
			if (!isspace((unsigned char)*q))
				blank = false;
		if (!blank && (!eq || eq == p))
			return false;
		p = e ? e + 1 : NULL;
	}
	return true;
}

/* ---- paths --------------------------------------------------------------- */

bool
prov_alb_patterns(struct arena *a, int type, const char *path,
	const char **out, size_t *n, const char **why)
{
	size_t len;

	*n = 0;
	if (type == ING_PATH_IMPLEMENTATION_SPECIFIC) {
		out[(*n)++] = path;
		return true;
	}
	if (strpbrk(path, "*?")) {
		*why = type == ING_PATH_EXACT ? "an Exact path must not have "
			"the wildcards '*' or '?'" : "a Prefix path must not "
			"have the wildcards '*' or '?'";
		return false;
	}
	if (type == ING_PATH_EXACT) {
		out[(*n)++] = path;
		return true;
	}
	if (!strcmp(path, "/")) {
		out[(*n)++] = "/*";
		return true;
	}
	len = strlen(path);
	if (len && path[len - 1] == '/')
		len--;
	out[(*n)++] = arena_strndup(a, path, len);
	out[(*n)++] = arena_printf(a, "%.*s/*", (int)len, path);
	return true;
}

static int
fold(int ch, bool icase)
{
	return icase ? tolower(ch) : ch;
}

bool
prov_alb_wildcard(const char *pat, const char *s, bool icase)
{
	const char *star = NULL, *mark = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			mark = s;
		} else if (*pat == '?' || (*pat && fold((unsigned char)*pat,
		    icase) == fold((unsigned char)*s, icase))) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++mark;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

json_t *
prov_alb_jget(json_t *o, const char *key)
{
	const char *k;
	json_t *v, *exact;

	if (!json_is_object(o))
		return NULL;
	if ((exact = json_object_get(o, key)))
		return exact;
	json_object_foreach(o, k, v)
		if (!strcasecmp(k, key))
			return v;
	return NULL;
}

/* ---- selection ----------------------------------------------------------- */

bool
prov_alb_serves(const struct ing_world *w, const struct ingress *ing)
{
	const struct ing_class *cls;

	if (ing->class_annotation)
		return !strcmp(ing->class_annotation, PROV_ALB_CLASS);
	if (!ing->class_name)
		return false;
	cls = ing_world_class(w, ing->class_name);
	if (cls)
		return cls->controller && !strcmp(cls->controller,
			PROV_ALB_CONTROLLER);
	return !strcmp(ing->class_name, PROV_ALB_CLASS);
}

/* ---- reading the annotations ------------------------------------------- */

struct rd {
	struct prov_alb_settings *s;
	struct arena *a;
	const struct doc_set *set;
	const char *kind, *ns, *name;
	struct diag_sink *sink;
};

static void
say(struct rd *r, const char *rule, const struct doc_node *at,
	const char *key, const char *fmt, ...) ING2GW_PRINTF(5, 6);

static void
say(struct rd *r, const char *rule, const struct doc_node *at,
	const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!r->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(r->sink, DIAG_WARNING, rule, doc_pos(r->set, at),
		"%s '%s/%s': annotation '%s': %s", r->kind, r->ns, r->name,
		key, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

static void
bad(struct rd *r, struct prov_alb_slot *sl, const char *why)
{
	sl->bad = true;
	say(r, "convert/aws-alb-annotation-invalid", sl->node ? sl->node :
		sl->key_node, sl->key, "%s; the controller fails to build the "
		"whole IngressGroup (its load balancer keeps its last state), "
		"the conversion uses the default", why);
	if (!r->s->fatal) {
		r->s->fatal = sl;
		r->s->fatal_why = why;
	}
}

static bool
is_int(const char *t, long long *v)
{
	return prov_str_int(t, v);
}

static bool
in_values(const char *const *vals, const char *t)
{
	for (size_t i = 0; vals && vals[i]; i++)
		if (!strcmp(vals[i], t))
			return true;
	return false;
}

static void
check_json(struct rd *r, struct prov_alb_slot *sl, bool list)
{
	json_error_t err;
	json_t *j = json_loads(sl->text, 0, &err);

	if (!j)
		bad(r, sl, "not valid JSON");
	else if (list && !json_is_array(j))
		bad(r, sl, "not a JSON list");
	else if (!list && !json_is_object(j))
		bad(r, sl, "not a JSON object");
	json_decref(j);
}

static void
check(struct rd *r, const struct prov_annotation *a,
	struct prov_alb_slot *sl)
{
	struct prov_alb_settings *s = r->s;
	const char *t = sl->text;
	long long v;
	bool b;

	if (!strcmp(a->key, "actions.") || !strcmp(a->key, "auth-idp-oidc") ||
	    !strcmp(a->key, "auth-idp-cognito") ||
	    !strcmp(a->key, "jwt-validation")) {
		check_json(r, sl, false);
		return;
	}
	if (!strcmp(a->key, "conditions.") || !strcmp(a->key, "transforms.") ||
	    !strcmp(a->key, "mutual-authentication")) {
		check_json(r, sl, true);
		return;
	}
	if (!strcmp(a->key, "listen-ports")) {
		const char *why = NULL;

		if (!prov_alb_parse_ports(t, s->ports, PROV_ALB_MAX_PORTS,
		    &s->nports, &why)) {
			s->nports = 0;
			bad(r, sl, why);
		}
		return;
	}
	if (!strcmp(a->key, "group.name")) {
		if (!prov_alb_group_name_ok(t)) {
			s->group_bad = true;
			bad(r, sl, "a group name is lower-case letters, digits, "
				"'-' and '.', starts and ends with a letter or "
				"digit, at most 63 characters");
		} else {
			s->group = t;
		}
		return;
	}
	if (!strcmp(a->key, "group.order")) {
		if (!is_int(t, &v))
			bad(r, sl, "not an integer");
		else if (v < PROV_ALB_ORDER_MIN || v > PROV_ALB_ORDER_MAX)
			bad(r, sl, "not in -1000..1000");
		else
			s->order = v;
		return;
	}
	if (!strcmp(a->key, "ssl-redirect")) {
		if (!is_int(t, &v) || v < 1 || v > 65535)
			bad(r, sl, "not a port number");
		else
			s->ssl_redirect = v;
		return;
	}
	if (!strcmp(a->key, "certificate-arn")) {
		s->has_certificate = *t != 0;
		return;
	}
	switch (a->kind) {
	case PROV_KIND_BOOL:
		if (!prov_str_bool(t, &b))
			bad(r, sl, "not a boolean");
		else if (!strcmp(a->key, "use-regex-path-match"))
			s->use_regex = b;
		break;
	case PROV_KIND_INT:
	case PROV_KIND_SECONDS:
		if (!is_int(t, &v))
			bad(r, sl, "not an integer");
		break;
	case PROV_KIND_ENUM:
		if (!in_values(a->values, t))
			bad(r, sl, "not one of the values the controller "
				"takes ('ing2gw annotations -p aws-alb')");
		else if (!strcmp(a->key, "auth-type"))
			s->auth_type = !strcmp(t, "cognito") ? 1 :
				!strcmp(t, "oidc") ? 2 : 0;
		break;
	case PROV_KIND_CIDR_LIST: {
		const char *p = t;

		while (p && *p) {
			const char *e = strchr(p, ',');
			const char *item = trim_dup(r->a, p, e ? (size_t)(e - p) :
				strlen(p));

			if (*item && !prov_str_cidr(item)) {
				bad(r, sl, "an item is not a CIDR");
				break;
			}
			p = e ? e + 1 : NULL;
		}
		break;
	}
	case PROV_KIND_LIST:
		if ((!strcmp(a->key, "load-balancer-attributes") ||
		    !strcmp(a->key, "target-group-attributes") ||
		    !strcmp(a->key, "tags")) && !prov_alb_map_ok(t))
			bad(r, sl, "not a list of key=value");
		break;
	default:
		break;
	}
}

static void
unknown(struct rd *r, const struct doc_node *kn, const char *full,
	const char *key)
{
	const char *keys[ARRAY_LEN(alb_table) + 1];
	const char *near;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_LEN(alb_table); i++)
		keys[i] = alb_table[i].key;
	keys[ARRAY_LEN(alb_table)] = NULL;
	near = similar_pick(key, keys);
	if (near)
		strbuf_addf(&sb, "; did you mean '%s%s%s'?", PROV_ALB_PREFIX,
			near, family_key(near) ? "NAME" : "");
	say(r, "convert/aws-alb-annotation-unknown", kn, full,
		"the controller does not know this key and ignores it%s",
		sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

void
prov_alb_parse(struct prov_alb_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *kind, const char *ns, const char *name,
	struct diag_sink *sink)
{
	struct rd r = { .s = out, .a = arena, .set = set, .kind = kind,
		.ns = ns, .name = name, .sink = sink };
	size_t n = annotations && doc_is_map(annotations) ?
		doc_len(annotations) : 0;
	size_t pl = strlen(PROV_ALB_PREFIX);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *kn = doc_map_key(annotations, i);
		const struct doc_node *vn = doc_map_value(annotations, i);
		const char *full = doc_str(kn);
		const struct prov_annotation *a;
		struct prov_alb_slot sl;
		const char *key;

		if (!full || strncmp(full, PROV_ALB_PREFIX, pl))
			continue;
		key = full + pl;
		sl = (struct prov_alb_slot){ .key_node = kn, .node = vn,
			.key = full, .text = doc_str(vn) ? doc_str(vn) : "" };
		a = prov_alb_lookup(key);
		if (!a) {
			unknown(&r, kn, full, key);
			continue;
		}
		if (family_key(a->key)) {
			struct prov_alb_named nm = { .slot = sl };
			size_t fl = strlen(a->key);

			nm.family = arena_strndup(arena, a->key, fl - 1);
			nm.name = key + fl;
			{
				struct prov_alb_named *nv = arena_alloc(arena,
					(out->nnamed + 1) * sizeof(*nv));

				if (out->nnamed)
					memcpy(nv, out->named, out->nnamed *
						sizeof(*nv));
				out->named = nv;
			}
			out->named[out->nnamed] = nm;
			check(&r, a, &out->named[out->nnamed].slot);
			out->nnamed++;
			continue;
		}
		out->slots[prov_alb_index(a)] = sl;
		check(&r, a, &out->slots[prov_alb_index(a)]);
	}
}
