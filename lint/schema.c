/*
 * The OpenAPI part of the Gateway API v1.6.1 standard-channel CRDs
 * (Gateway, GatewayClass, HTTPRoute, GRPCRoute, ReferenceGrant,
 * ListenerSet, as in config/crd/standard of kubernetes-sigs/gateway-api):
 * required fields,
 * types, lengths, patterns, enums, ranges, list sizes and list-map keys,
 * as static tables walked over the document. Messages follow the API
 * server's wording. The CEL rules are in gateway.c and route.c. The same
 * for InferencePool, from the Inference Extension's v1 CRD (its CEL rules
 * are in inference.c).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lint_int.h"
#include "strmap.h"

enum sch_type {
	SCH_ANY = 0,
	SCH_STR,
	SCH_INT,
	SCH_OBJ,
	SCH_LIST,
	SCH_MAP,
};

enum sch_pat {
	PAT_NONE = 0,
	PAT_HOSTNAME,
	PAT_SUBDOMAIN,
	PAT_GROUP,
	PAT_KIND,
	PAT_NAMESPACE,
	PAT_TOKEN,
	PAT_DURATION,
	PAT_CONTROLLER,
	PAT_ADDRTYPE,
	PAT_PROTOCOL,
	PAT_LABEL_VALUE,
	PAT_QUALIFIED_KEY,
	PAT_COUNT
};

#define DNS_SUB "[a-z0-9]([-a-z0-9]*[a-z0-9])?" \
	"(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"

static const char *const patterns[PAT_COUNT] = {
	[PAT_HOSTNAME] = "^(\\*\\.)?" DNS_SUB "$",
	[PAT_SUBDOMAIN] = "^" DNS_SUB "$",
	[PAT_GROUP] = "^$|^" DNS_SUB "$",
	[PAT_KIND] = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$",
	[PAT_NAMESPACE] = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
	[PAT_TOKEN] = "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
	[PAT_DURATION] = "^([0-9]{1,5}(h|m|s|ms)){1,4}$",
	[PAT_CONTROLLER] = "^" DNS_SUB "\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$",
	[PAT_ADDRTYPE] = "^Hostname|IPAddress|NamedAddress|" DNS_SUB
		"\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$",
	[PAT_PROTOCOL] = "^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|" DNS_SUB
		"\\/[A-Za-z0-9]+$",
	[PAT_LABEL_VALUE] = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
	[PAT_QUALIFIED_KEY] = "^(" DNS_SUB "/)?"
		"([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$",
};

static pcre2_code *compiled[PAT_COUNT];

static bool
pattern_match(enum sch_pat p, const char *s)
{
	pcre2_match_data *md;
	int rc;

	if (!compiled[p]) {
		int err;
		PCRE2_SIZE off;

		compiled[p] = pcre2_compile((PCRE2_SPTR)patterns[p],
			PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		if (!compiled[p])
			abort();
	}
	md = pcre2_match_data_create_from_pattern(compiled[p], NULL);
	rc = pcre2_match(compiled[p], (PCRE2_SPTR)s, strlen(s), 0, 0, md,
		NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

bool
lint_match_hostname(const char *s)
{
	return pattern_match(PAT_HOSTNAME, s);
}

bool
lint_match_qualified_key(const char *s)
{
	return pattern_match(PAT_QUALIFIED_KEY, s);
}

struct sch_field;

struct sch {
	enum sch_type type;
	/* strings */
	unsigned min_len, max_len;	/* max 0: none */
	enum sch_pat pat;
	const char *const *enumv;	/* NULL-terminated */
	/* integers */
	bool has_min, has_max;
	long long min, max;
	const long long *ienum;		/* terminated by 0 */
	/* objects */
	const struct sch_field *fields;	/* terminated by a NULL name */
	/* lists and maps */
	const struct sch *item;
	unsigned min_items, max_items;	/* max 0: none */
	const char *key;		/* list-map key */
	bool set;			/* list values unique */
};

struct sch_field {
	const char *name;
	const struct sch *type;
	bool required;
};

#define STR(lo, hi, p) { .type = SCH_STR, .min_len = lo, .max_len = hi, \
	.pat = p }
#define ENUM(v) { .type = SCH_STR, .enumv = v }
#define INT(lo, hi) { .type = SCH_INT, .has_min = true, .min = lo, \
	.has_max = true, .max = hi }
#define OBJ(f) { .type = SCH_OBJ, .fields = f }
#define LIST(it, lo, hi) { .type = SCH_LIST, .item = it, .min_items = lo, \
	.max_items = hi }
#define LISTK(it, hi, k) { .type = SCH_LIST, .item = it, .max_items = hi, \
	.key = k }
#define LISTSET(it, hi) { .type = SCH_LIST, .item = it, .max_items = hi, \
	.set = true }
#define F(n, t) { n, &t, false }
#define R(n, t) { n, &t, true }
#define END { NULL, NULL, false }

static const struct sch s_any = { .type = SCH_ANY };
static const struct sch s_group = STR(0, 253, PAT_GROUP);
static const struct sch s_kind = STR(1, 63, PAT_KIND);
static const struct sch s_name = STR(1, 253, PAT_NONE);
static const struct sch s_namespace = STR(1, 63, PAT_NAMESPACE);
static const struct sch s_port = INT(1, 65535);
static const struct sch s_hostname = STR(1, 253, PAT_HOSTNAME);
static const struct sch s_precise = STR(1, 253, PAT_SUBDOMAIN);
static const struct sch s_token = STR(1, 256, PAT_TOKEN);
static const struct sch s_hvalue = STR(1, 4096, PAT_NONE);
static const struct sch s_str1024 = STR(0, 1024, PAT_NONE);
static const struct sch s_str253 = STR(0, 253, PAT_NONE);
static const struct sch s_str4096 = STR(0, 4096, PAT_NONE);
static const struct sch s_duration = STR(0, 0, PAT_DURATION);
static const struct sch s_anystr = STR(0, 0, PAT_NONE);

/* References */
static const struct sch_field f_parentref[] = {
	F("group", s_group), F("kind", s_kind), F("namespace", s_namespace),
	R("name", s_name), F("sectionName", s_precise), F("port", s_port),
	END
};
static const struct sch s_parentref = OBJ(f_parentref);
static const struct sch s_parentrefs = LIST(&s_parentref, 0, 32);

static const struct sch_field f_objref[] = {	/* group, kind, name */
	R("group", s_group), R("kind", s_kind), R("name", s_name), END
};
static const struct sch s_objref = OBJ(f_objref);
static const struct sch_field f_nsobjref[] = {
	R("group", s_group), R("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), END
};
static const struct sch s_nsobjref = OBJ(f_nsobjref);
static const struct sch_field f_secretref[] = {
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), END
};
static const struct sch s_secretref = OBJ(f_secretref);

/* Filters */
static const struct sch_field f_header[] = {
	R("name", s_token), R("value", s_hvalue), END
};
static const struct sch s_header = OBJ(f_header);
static const struct sch s_headers = LISTK(&s_header, 16, "name");
static const struct sch s_removes = LISTSET(&s_anystr, 16);
static const struct sch_field f_hmod[] = {
	F("set", s_headers), F("add", s_headers), F("remove", s_removes), END
};
static const struct sch s_hmod = OBJ(f_hmod);

static const struct sch_field f_mirror_ref[] = {
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), F("port", s_port), END
};
static const struct sch s_mirror_ref = OBJ(f_mirror_ref);
static const struct sch s_numerator = { .type = SCH_INT, .has_min = true };
static const struct sch s_denominator = { .type = SCH_INT, .has_min = true,
	.min = 1 };
static const struct sch_field f_fraction[] = {
	R("numerator", s_numerator), F("denominator", s_denominator), END
};
static const struct sch s_fraction = OBJ(f_fraction);
static const struct sch s_percent = INT(0, 100);
static const struct sch_field f_mirror[] = {
	R("backendRef", s_mirror_ref), F("percent", s_percent),
	F("fraction", s_fraction), END
};
static const struct sch s_mirror = OBJ(f_mirror);

static const char *const e_modifier[] = { "ReplaceFullPath",
	"ReplacePrefixMatch", NULL };
static const struct sch s_modtype = ENUM(e_modifier);
static const struct sch_field f_pathmod[] = {
	R("type", s_modtype), F("replaceFullPath", s_str1024),
	F("replacePrefixMatch", s_str1024), END
};
static const struct sch s_pathmod = OBJ(f_pathmod);
static const char *const e_scheme[] = { "http", "https", NULL };
static const struct sch s_scheme = ENUM(e_scheme);
static const long long e_status[] = { 301, 302, 303, 307, 308, 0 };
static const struct sch s_status = { .type = SCH_INT, .ienum = e_status };
static const struct sch_field f_redirect[] = {
	F("scheme", s_scheme), F("hostname", s_precise), F("path", s_pathmod),
	F("port", s_port), F("statusCode", s_status), END
};
static const struct sch s_redirect = OBJ(f_redirect);
static const struct sch_field f_rewrite[] = {
	F("hostname", s_precise), F("path", s_pathmod), END
};
static const struct sch s_rewrite = OBJ(f_rewrite);

static const struct sch s_origin = STR(1, 253, PAT_NONE);
static const struct sch s_origins = LISTSET(&s_origin, 64);
static const char *const e_cors_method[] = { "GET", "HEAD", "POST", "PUT",
	"DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*", NULL };
static const struct sch s_cors_method = ENUM(e_cors_method);
static const struct sch s_cors_methods = LISTSET(&s_cors_method, 9);
static const struct sch s_tokens = LISTSET(&s_token, 64);
static const struct sch s_maxage = { .type = SCH_INT, .has_min = true,
	.min = 1 };
static const struct sch_field f_cors[] = {
	F("allowOrigins", s_origins), F("allowMethods", s_cors_methods),
	F("allowHeaders", s_tokens), F("exposeHeaders", s_tokens),
	F("maxAge", s_maxage), F("allowCredentials", s_any), END
};
static const struct sch s_cors = OBJ(f_cors);

static const char *const e_http_filter[] = { "RequestHeaderModifier",
	"ResponseHeaderModifier", "RequestMirror", "RequestRedirect",
	"URLRewrite", "ExtensionRef", "CORS", NULL };
static const struct sch s_http_ftype = ENUM(e_http_filter);
static const struct sch_field f_http_filter[] = {
	R("type", s_http_ftype), F("requestHeaderModifier", s_hmod),
	F("responseHeaderModifier", s_hmod), F("requestMirror", s_mirror),
	F("requestRedirect", s_redirect), F("urlRewrite", s_rewrite),
	F("extensionRef", s_objref), F("cors", s_cors), END
};
static const struct sch s_http_filter = OBJ(f_http_filter);
static const struct sch s_http_filters = LIST(&s_http_filter, 0, 16);

static const char *const e_grpc_filter[] = { "ResponseHeaderModifier",
	"RequestHeaderModifier", "RequestMirror", "ExtensionRef", NULL };
static const struct sch s_grpc_ftype = ENUM(e_grpc_filter);
static const struct sch_field f_grpc_filter[] = {
	R("type", s_grpc_ftype), F("requestHeaderModifier", s_hmod),
	F("responseHeaderModifier", s_hmod), F("requestMirror", s_mirror),
	F("extensionRef", s_objref), END
};
static const struct sch s_grpc_filter = OBJ(f_grpc_filter);
static const struct sch s_grpc_filters = LIST(&s_grpc_filter, 0, 16);

/* Backends */
static const struct sch s_weight = INT(0, 1000000);
static const struct sch_field f_http_backend[] = {
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), F("port", s_port),
	F("weight", s_weight), F("filters", s_http_filters), END
};
static const struct sch s_http_backend = OBJ(f_http_backend);
static const struct sch s_http_backends = LIST(&s_http_backend, 0, 16);
static const struct sch_field f_grpc_backend[] = {
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), F("port", s_port),
	F("weight", s_weight), F("filters", s_grpc_filters), END
};
static const struct sch s_grpc_backend = OBJ(f_grpc_backend);
static const struct sch s_grpc_backends = LIST(&s_grpc_backend, 0, 16);

/* Matches */
static const char *const e_path[] = { "Exact", "PathPrefix",
	"RegularExpression", NULL };
static const struct sch s_path_type = ENUM(e_path);
static const struct sch_field f_path[] = {
	F("type", s_path_type), F("value", s_str1024), END
};
static const struct sch s_path = OBJ(f_path);
static const char *const e_match_type[] = { "Exact", "RegularExpression",
	NULL };
static const struct sch s_match_type = ENUM(e_match_type);
static const struct sch_field f_hmatch[] = {
	R("name", s_token), R("value", s_hvalue), F("type", s_match_type), END
};
static const struct sch s_hmatch = OBJ(f_hmatch);
static const struct sch s_hmatches = LISTK(&s_hmatch, 16, "name");
static const struct sch s_qvalue = STR(1, 1024, PAT_NONE);
static const struct sch_field f_qmatch[] = {
	R("name", s_token), R("value", s_qvalue), F("type", s_match_type), END
};
static const struct sch s_qmatch = OBJ(f_qmatch);
static const struct sch s_qmatches = LISTK(&s_qmatch, 16, "name");
static const char *const e_method[] = { "GET", "HEAD", "POST", "PUT",
	"DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", NULL };
static const struct sch s_method = ENUM(e_method);
static const struct sch_field f_http_match[] = {
	F("path", s_path), F("headers", s_hmatches),
	F("queryParams", s_qmatches), F("method", s_method), END
};
static const struct sch s_http_match = OBJ(f_http_match);
static const struct sch s_http_matches = LIST(&s_http_match, 0, 64);

static const struct sch_field f_grpc_method[] = {
	F("type", s_match_type), F("service", s_str1024),
	F("method", s_str1024), END
};
static const struct sch s_grpc_method = OBJ(f_grpc_method);
static const struct sch_field f_grpc_match[] = {
	F("method", s_grpc_method), F("headers", s_hmatches), END
};
static const struct sch s_grpc_match = OBJ(f_grpc_match);
static const struct sch s_grpc_matches = LIST(&s_grpc_match, 0, 64);

/* Routes */
static const struct sch_field f_timeouts[] = {
	F("request", s_duration), F("backendRequest", s_duration), END
};
static const struct sch s_timeouts = OBJ(f_timeouts);
static const struct sch_field f_http_rule[] = {
	F("name", s_precise), F("matches", s_http_matches),
	F("filters", s_http_filters), F("backendRefs", s_http_backends),
	F("timeouts", s_timeouts), END
};
static const struct sch s_http_rule = OBJ(f_http_rule);
static const struct sch s_http_rules = LIST(&s_http_rule, 1, 16);
static const struct sch s_hostnames = LIST(&s_hostname, 0, 16);
static const struct sch_field f_http_spec[] = {
	F("parentRefs", s_parentrefs), F("hostnames", s_hostnames),
	F("rules", s_http_rules), END
};
static const struct sch s_http_spec = OBJ(f_http_spec);

static const struct sch_field f_grpc_rule[] = {
	F("name", s_precise), F("matches", s_grpc_matches),
	F("filters", s_grpc_filters), F("backendRefs", s_grpc_backends), END
};
static const struct sch s_grpc_rule = OBJ(f_grpc_rule);
static const struct sch s_grpc_rules = LIST(&s_grpc_rule, 0, 16);
static const struct sch_field f_grpc_spec[] = {
	F("parentRefs", s_parentrefs), F("hostnames", s_hostnames),
	F("rules", s_grpc_rules), END
};
static const struct sch s_grpc_spec = OBJ(f_grpc_spec);

/* Gateway */
static const struct sch s_certrefs = LIST(&s_secretref, 0, 64);
static const struct sch s_option = STR(0, 4096, PAT_NONE);
static const struct sch s_options = { .type = SCH_MAP, .item = &s_option,
	.max_items = 16 };
static const char *const e_tls_mode[] = { "Terminate", "Passthrough",
	NULL };
static const struct sch s_tls_mode = ENUM(e_tls_mode);
static const struct sch_field f_listener_tls[] = {
	F("mode", s_tls_mode), F("certificateRefs", s_certrefs),
	F("options", s_options), END
};
static const struct sch s_listener_tls = OBJ(f_listener_tls);
static const char *const e_from3[] = { "All", "Selector", "Same", NULL };
static const struct sch s_from3 = ENUM(e_from3);
static const struct sch_field f_route_ns[] = {
	F("from", s_from3), F("selector", s_any), END
};
static const struct sch s_route_ns = OBJ(f_route_ns);
static const struct sch_field f_route_kind[] = {
	F("group", s_group), R("kind", s_kind), END
};
static const struct sch s_route_kind = OBJ(f_route_kind);
static const struct sch s_route_kinds = LIST(&s_route_kind, 0, 8);
static const struct sch_field f_allowed[] = {
	F("namespaces", s_route_ns), F("kinds", s_route_kinds), END
};
static const struct sch s_allowed = OBJ(f_allowed);
static const struct sch s_protocol = STR(1, 255, PAT_PROTOCOL);
static const struct sch_field f_listener[] = {
	R("name", s_precise), F("hostname", s_hostname), R("port", s_port),
	R("protocol", s_protocol), F("tls", s_listener_tls),
	F("allowedRoutes", s_allowed), END
};
static const struct sch s_listener = OBJ(f_listener);
static const struct sch s_listeners = { .type = SCH_LIST,
	.item = &s_listener, .min_items = 1, .max_items = 64 };	/* names: CEL */
static const struct sch s_addrtype = STR(1, 253, PAT_ADDRTYPE);
static const struct sch_field f_address[] = {
	F("type", s_addrtype), F("value", s_str253), END
};
static const struct sch s_address = OBJ(f_address);
static const struct sch s_addresses = LIST(&s_address, 0, 16);
static const struct sch s_label = STR(0, 63, PAT_LABEL_VALUE);
static const struct sch s_labels = { .type = SCH_MAP, .item = &s_label,
	.max_items = 8 };
static const struct sch s_annotations = { .type = SCH_MAP,
	.item = &s_str4096, .max_items = 16 };
static const struct sch_field f_infra[] = {
	F("labels", s_labels), F("annotations", s_annotations),
	F("parametersRef", s_objref), END
};
static const struct sch s_infra = OBJ(f_infra);
static const char *const e_from4[] = { "All", "Selector", "Same", "None",
	NULL };
static const struct sch s_from4 = ENUM(e_from4);
static const struct sch_field f_al_ns[] = {
	F("from", s_from4), F("selector", s_any), END
};
static const struct sch s_al_ns = OBJ(f_al_ns);
static const struct sch_field f_allowed_listeners[] = {
	F("namespaces", s_al_ns), END
};
static const struct sch s_allowed_listeners = OBJ(f_allowed_listeners);
static const struct sch s_carefs = LIST(&s_nsobjref, 1, 16);
static const char *const e_fmode[] = { "AllowValidOnly",
	"AllowInsecureFallback", NULL };
static const struct sch s_fmode = ENUM(e_fmode);
static const struct sch_field f_validation[] = {
	R("caCertificateRefs", s_carefs), F("mode", s_fmode), END
};
static const struct sch s_validation = OBJ(f_validation);
static const struct sch_field f_tlsconfig[] = {
	F("validation", s_validation), END
};
static const struct sch s_tlsconfig = OBJ(f_tlsconfig);
static const struct sch_field f_perport[] = {
	R("port", s_port), R("tls", s_tlsconfig), END
};
static const struct sch s_perport = OBJ(f_perport);
static const struct sch s_perports = LIST(&s_perport, 0, 64);	/* CEL */
static const struct sch_field f_frontend[] = {
	R("default", s_tlsconfig), F("perPort", s_perports), END
};
static const struct sch s_frontend = OBJ(f_frontend);
static const struct sch_field f_backend_tls[] = {
	F("clientCertificateRef", s_secretref), END
};
static const struct sch s_backend_tls = OBJ(f_backend_tls);
static const struct sch_field f_gw_tls[] = {
	F("frontend", s_frontend), F("backend", s_backend_tls), END
};
static const struct sch s_gw_tls = OBJ(f_gw_tls);
static const struct sch s_classname = STR(1, 253, PAT_NONE);
static const struct sch_field f_gw_spec[] = {
	R("gatewayClassName", s_classname), R("listeners", s_listeners),
	F("addresses", s_addresses), F("infrastructure", s_infra),
	F("allowedListeners", s_allowed_listeners), F("tls", s_gw_tls), END
};
static const struct sch s_gw_spec = OBJ(f_gw_spec);

/* ListenerSet: the listeners of Gateway, and the Gateway they join */
static const struct sch_field f_lset_parent[] = {
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("namespace", s_namespace), END
};
static const struct sch s_lset_parent = OBJ(f_lset_parent);
static const struct sch_field f_lset_spec[] = {
	R("listeners", s_listeners), R("parentRef", s_lset_parent), END
};
static const struct sch s_lset_spec = OBJ(f_lset_spec);

/* ReferenceGrant */
static const struct sch_field f_grant_from[] = {
	R("group", s_group), R("kind", s_kind), R("namespace", s_namespace),
	END
};
static const struct sch s_grant_from = OBJ(f_grant_from);
static const struct sch s_grant_froms = LIST(&s_grant_from, 1, 16);
static const struct sch_field f_grant_to[] = {
	R("group", s_group), R("kind", s_kind), F("name", s_name), END
};
static const struct sch s_grant_to = OBJ(f_grant_to);
static const struct sch s_grant_tos = LIST(&s_grant_to, 1, 16);
static const struct sch_field f_grant_spec[] = {
	R("from", s_grant_froms), R("to", s_grant_tos), END
};
static const struct sch s_grant_spec = OBJ(f_grant_spec);

/* GatewayClass */
static const struct sch s_controller = STR(1, 253, PAT_CONTROLLER);
static const struct sch s_description = STR(0, 64, PAT_NONE);
static const struct sch_field f_class_spec[] = {
	R("controllerName", s_controller), F("description", s_description),
	F("parametersRef", s_nsobjref), END
};
static const struct sch s_class_spec = OBJ(f_class_spec);

/* InferencePool of the Inference Extension v1 (tests/crds/) */
static const struct sch s_match_labels = { .type = SCH_MAP,
	.item = &s_label, .min_items = 1, .max_items = 64 };
static const struct sch_field f_pool_selector[] = {
	R("matchLabels", s_match_labels), END
};
static const struct sch s_pool_selector = OBJ(f_pool_selector);
static const struct sch_field f_pool_port[] = { R("number", s_port), END };
static const struct sch s_pool_port = OBJ(f_pool_port);
/* unique numbers: CEL (inference.c) */
static const struct sch s_pool_ports = LIST(&s_pool_port, 1, 8);
static const char *const e_app_protocol[] = { "http", "kubernetes.io/h2c",
	NULL };
static const struct sch s_app_protocol = ENUM(e_app_protocol);
static const char *const e_failure_mode[] = { "FailOpen", "FailClose",
	NULL };
static const struct sch s_failure_mode = ENUM(e_failure_mode);
static const struct sch_field f_epp[] = {	/* port: CEL */
	F("group", s_group), F("kind", s_kind), R("name", s_name),
	F("port", s_pool_port), F("failureMode", s_failure_mode), END
};
static const struct sch s_epp = OBJ(f_epp);
static const struct sch_field f_pool_spec[] = {
	R("selector", s_pool_selector), R("targetPorts", s_pool_ports),
	F("appProtocol", s_app_protocol), F("endpointPickerRef", s_epp), END
};
static const struct sch s_pool_spec = OBJ(f_pool_spec);

/* The walker */

static const char *
json_type(const struct doc_node *n)
{
	const char *s;

	if (doc_is_map(n))
		return "object";
	if (doc_is_seq(n))
		return "array";
	if (doc_is_null(n))
		return "null";
	if (n->flags & DOC_F_QUOTED)
		return "string";
	s = n->u.str;
	if (!strcmp(s, "true") || !strcmp(s, "false"))
		return "boolean";
	if (*s == '-' || *s == '+')
		s++;
	if (*s >= '0' && *s <= '9') {
		while (*s >= '0' && *s <= '9')
			s++;
		if (!*s)
			return "integer";
		if (*s == '.') {
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
			if (!*s)
				return "number";
		}
	}
	return "string";
}

static void walk(struct lint_ctx *c, const struct sch *s,
	const struct doc_node *n);

static void
type_error(struct lint_ctx *c, const struct doc_node *n, const char *want)
{
	const char *p = lint_path(c);
	const char *got = json_type(n);

	lint_emit(c, "schema/type", n, "%s: Invalid value: \"%s\": %s in "
		"body must be of type %s: \"%s\"", p, got, p, want, got);
}

static void
walk_str(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	const char *p = lint_path(c), *v;
	size_t len;

	if (strcmp(json_type(n), "string")) {
		type_error(c, n, "string");
		return;
	}
	v = n->u.str;
	len = strlen(v);
	if (s->enumv) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; s->enumv[i]; i++)
			if (!strcmp(s->enumv[i], v))
				return;
		for (size_t i = 0; s->enumv[i]; i++)
			strbuf_addf(&sb, "%s\"%s\"", i ? ", " : "",
				s->enumv[i]);
		lint_emit(c, "schema/enum", n, "%s: Unsupported value: "
			"\"%s\": supported values: %s", p, v, sb.buf);
		strbuf_release(&sb);
		return;
	}
	if (s->max_len && len > s->max_len) {
		lint_emit(c, "schema/length", n, "%s: Too long: may not be "
			"longer than %u", p, s->max_len);
		return;
	}
	if (len < s->min_len) {
		lint_emit(c, "schema/length", n, "%s: Invalid value: \"%s\": "
			"%s in body should be at least %u chars long", p, v, p,
			s->min_len);
		return;
	}
	if (s->pat && !pattern_match(s->pat, v))
		lint_emit(c, "schema/pattern", n, "%s: Invalid value: \"%s\": "
			"%s in body should match '%s'", p, v, p,
			patterns[s->pat]);
}

static void
walk_int(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	const char *p = lint_path(c);
	long long v;

	if (doc_int_overflows(n) && !strcmp(json_type(n), "integer")) {
		/* not clamped: the value as written */
		lint_emit(c, "schema/range", n, "%s: Invalid value: %s: %s in "
			"body is out of the range of a 64-bit integer", p,
			doc_str(n), p);
		return;
	}
	if (strcmp(json_type(n), "integer") || !doc_int(n, &v)) {
		type_error(c, n, "integer");
		return;
	}
	if (s->ienum) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; s->ienum[i]; i++)
			if (s->ienum[i] == v)
				return;
		for (size_t i = 0; s->ienum[i]; i++)
			strbuf_addf(&sb, "%s%lld", i ? ", " : "", s->ienum[i]);
		lint_emit(c, "schema/enum", n, "%s: Unsupported value: %lld: "
			"supported values: %s", p, v, sb.buf);
		strbuf_release(&sb);
		return;
	}
	if (s->has_min && v < s->min)
		lint_emit(c, "schema/range", n, "%s: Invalid value: %lld: %s "
			"in body should be greater than or equal to %lld", p,
			v, p, s->min);
	else if (s->has_max && v > s->max)
		lint_emit(c, "schema/range", n, "%s: Invalid value: %lld: %s "
			"in body should be less than or equal to %lld", p, v,
			p, s->max);
}

/*
 * Keys the schema does not declare. With strict field validation (the
 * default of kubectl since 1.27) the API server rejects them with this
 * message; without it, it drops them silently.
 */
static void
check_unknown(struct lint_ctx *c, const struct sch *s,
	const struct doc_node *n)
{
	for (size_t i = 0; i < doc_len(n); i++) {
		const struct doc_node *k = doc_map_key(n, i);
		const char *key = doc_str(k);
		const struct sch_field *f;
		size_t old;

		if (!key)
			continue;
		for (f = s->fields; f->name && strcmp(f->name, key); f++)
			;
		if (f->name)
			continue;
		old = lint_path_push_field(c, key);
		lint_emit(c, "schema/unknown-field", k, "strict decoding "
			"error: unknown field \"%s\"", lint_path(c));
		lint_path_pop(c, old);
	}
}

static void
walk_obj(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	if (!doc_is_map(n)) {
		type_error(c, n, "object");
		return;
	}
	for (const struct sch_field *f = s->fields; f->name; f++) {
		const struct doc_node *v = doc_get(n, f->name);
		size_t old;

		if (doc_is_null(v)) {
			if (f->required) {
				old = lint_path_push_field(c, f->name);
				lint_emit(c, "schema/required", n,
					"%s: Required value", lint_path(c));
				lint_path_pop(c, old);
			}
			continue;
		}
		old = lint_path_push_field(c, f->name);
		walk(c, f->type, v);
		lint_path_pop(c, old);
	}
	check_unknown(c, s, n);
}

/* A Go-like rendering of a list-map key, as the API server prints it. */
static void
dup_key(struct lint_ctx *c, const char *key, const struct doc_node *kv,
	const struct doc_node *at)
{
	if (!strcmp(json_type(kv), "integer"))
		lint_emit(c, "schema/duplicate", at, "%s: Duplicate value: "
			"map[string]interface {}{\"%s\":%s}", lint_path(c),
			key, kv->u.str);
	else
		lint_emit(c, "schema/duplicate", at, "%s: Duplicate value: "
			"map[string]interface {}{\"%s\":\"%s\"}", lint_path(c),
			key, doc_str(kv));
}

static void
walk_list(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	const char *p = lint_path(c);
	size_t len = doc_len(n);
	struct strmap seen = STRMAP_INIT;

	if (!doc_is_seq(n)) {
		type_error(c, n, "array");
		return;
	}
	if (s->max_items && len > s->max_items)
		lint_emit(c, "schema/items", n, "%s: Too many: %zu: must have "
			"at most %u items", p, len, s->max_items);
	else if (len < s->min_items)
		lint_emit(c, "schema/items", n, "%s: Invalid value: %zu: %s in "
			"body should have at least %u items", p, len, p,
			s->min_items);
	for (size_t i = 0; i < len; i++) {
		const struct doc_node *it = doc_item(n, i);
		const struct doc_node *b = s->key ? doc_get(it, s->key) : it;
		size_t old = lint_path_push_index(c, i);
		uintptr_t first;

		walk(c, s->item, it);
		/*
		 * duplicates: each value's first index (plus one) by value,
		 * so a list far beyond max_items stays linear
		 */
		if ((s->key || s->set) && doc_str(b)) {
			first = (uintptr_t)strmap_get(&seen, doc_str(b));
			if (!first) {
				strmap_put(&seen, doc_str(b),
					(void *)(uintptr_t)(i + 1));
			} else {
				if (s->key)
					dup_key(c, s->key, b, it);
				else
					lint_emit(c, "schema/duplicate", it,
						"%s: Duplicate value: \"%s\"",
						lint_path(c), doc_str(b));
				lint_note(c, doc_item(n, first - 1),
					"the first one is here");
			}
		}
		lint_path_pop(c, old);
	}
	strmap_release(&seen);
}

static void
walk_map(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	const char *p = lint_path(c);
	size_t len = doc_len(n);

	if (!doc_is_map(n)) {
		type_error(c, n, "object");
		return;
	}
	if (s->max_items && len > s->max_items)
		lint_emit(c, "schema/items", n, "%s: Too many: %zu: must have "
			"at most %u items", p, len, s->max_items);
	else if (len < s->min_items)	/* minProperties */
		lint_emit(c, "schema/items", n, "%s: Invalid value: %zu: %s in "
			"body should have at least %u properties", p, len, p,
			s->min_items);
	for (size_t i = 0; i < len; i++) {
		const char *k = doc_str(doc_map_key(n, i));
		size_t old = lint_path_push_key(c, k ? k : "");

		walk(c, s->item, doc_map_value(n, i));
		lint_path_pop(c, old);
	}
}

static void
walk(struct lint_ctx *c, const struct sch *s, const struct doc_node *n)
{
	switch (s->type) {
	case SCH_ANY: break;
	case SCH_STR: walk_str(c, s, n); break;
	case SCH_INT: walk_int(c, s, n); break;
	case SCH_OBJ: walk_obj(c, s, n); break;
	case SCH_LIST: walk_list(c, s, n); break;
	case SCH_MAP: walk_map(c, s, n); break;
	}
}

void
lint_schema_check(struct lint_ctx *c)
{
	const struct sch *spec = NULL;
	size_t old;

	switch (c->cur->kind) {
	case LK_GATEWAY: spec = &s_gw_spec; break;
	case LK_GATEWAYCLASS: spec = &s_class_spec; break;
	case LK_HTTPROUTE: spec = &s_http_spec; break;
	case LK_GRPCROUTE: spec = &s_grpc_spec; break;
	case LK_REFERENCEGRANT: spec = &s_grant_spec; break;
	case LK_INFERENCEPOOL: spec = &s_pool_spec; break;
	case LK_LISTENERSET: spec = &s_lset_spec; break;
	default: return;
	}
	if (doc_is_null(c->cur->spec)) {
		lint_emit(c, "schema/required", NULL, "spec: Required value");
		return;
	}
	old = lint_path_push(c, "spec");
	walk(c, spec, c->cur->spec);
	lint_path_pop(c, old);
}
