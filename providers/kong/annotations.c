#include "compat.h"
#include "providers/kong/annotations.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/ir.h"
#include "model/ingress.h"
#include "similar.h"
#include "targets/target.h"

/*
 * Facts: Kong/kubernetes-ingress-controller v3 internal/annotations
 * (the keys, ExtractHeaders with its separator, the legacy
 * force-ssl-redirect and service-upstream keys),
 * internal/dataplane/kongstate (route.go overrideByAnnotation: what each
 * route key accepts; service.go overrideByAnnotation: the service keys),
 * translator/subtranslator/ingress.go (route defaults: strip_path false,
 * preserve_host true, regex_priority 0, buffering on; service defaults:
 * path "/", protocol http, timeouts 60000 ms, retries 5; the rewrite
 * template), and Kong Gateway's route defaults (https_redirect_status_code
 * 426, path_handling v0).
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define MED PROV_RISK_MEDIUM
#define HIGH PROV_RISK_HIGH
#define ING PROV_SCOPE_INGRESS
#define SVC PROV_SCOPE_SERVICE
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE
#define DROP PROV_INVALID_DROP
#define PATHS PROV_INVALID_DROP_PATHS

#define K(k, kd) .key = (k), .kind = (kd)

static const char *const v_code[] = { "426", "301", "302", "307", "308",
	NULL };
static const char *const v_bool[] = { "true", "false", NULL };
static const char *const v_handling[] = { "v0", "v1", NULL };
static const char *const v_protocol[] = { "http", "https", "grpc", "grpcs",
	"ws", "wss", "tcp", "tls", "tls_passthrough", NULL };

static const char *const kong_prefixes[] = { PROV_KONG_PREFIX, NULL };

/* Sorted by key, so that the listing is in order. */
static const struct prov_annotation kong_table[] = {
	{ K("ca-certificates-configmaps", PROV_KIND_LIST), .cls = C_,
	  .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "ConfigMaps with the CA certificates Kong verifies the "
		"upstream's certificate with (Service)",
	  .gateway = "BackendTLSPolicy validation caCertificateRefs (written "
		"by hand)" },
	{ K("ca-certificates-secrets", PROV_KIND_LIST), .cls = C_,
	  .risk = LOW, .scope = SVC, .on_invalid = IGN,
	  .desc = "Secrets with the CA certificates Kong verifies the "
		"upstream's certificate with (Service)",
	  .gateway = "BackendTLSPolicy validation caCertificateRefs (written "
		"by hand)" },
	{ K("client-cert", PROV_KIND_OBJREF), .cls = C_, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "Secret with the client certificate Kong presents to the "
		"upstream (mTLS to the backend; Service)",
	  .gateway = "Gateway spec.tls.backend.clientCertificateRef "
		"(experimental), for every backend",
	  .construct = TGT_C_BACKEND_CLIENT_CERT },
	{ K("connect-timeout", PROV_KIND_INT), .def = "60000", .cls = B_,
	  .risk = LOW, .scope = SVC, .check = PROV_CHECK_INT,
	  .on_invalid = DEF,
	  .desc = "milliseconds to connect to the upstream (Service)",
	  .gateway = "none standard; an implementation's connect timeout",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("gatewayclass-unmanaged", PROV_KIND_STRING), .cls = C_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "on a GatewayClass: KIC reconciles it in unmanaged mode; "
		"no effect on an Ingress",
	  .gateway = "none (a Gateway API object's key)" },
	{ K("headers-separator", PROV_KIND_STRING), .def = ",", .cls = A_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "separator of the values of konghq.com/headers.<name>",
	  .gateway = "the header matches' values" },
	{ K("headers.<name>", PROV_KIND_LIST), .cls = A_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "the routes match only requests whose header <name> has "
		"one of the values (case-insensitive)",
	  .gateway = "HTTPRoute matches headers (Exact, case-sensitive "
		"values; one match per value)",
	  .std = "matches headers (Exact)" },
	{ K("host-aliases", PROV_KIND_HOST_LIST), .cls = A_, .risk = LOW,
	  .scope = ING, .check = PROV_CHECK_SERVER_NAMES, .on_invalid = IGN,
	  .desc = "more hosts the routes of each rule answer for",
	  .gateway = "the same rules on HTTPRoutes of those hostnames",
	  .std = "HTTPRoute hostnames" },
	{ K("host-header", PROV_KIND_HOST), .cls = A_, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "Host header Kong sends to the upstream (Service)",
	  .gateway = "URLRewrite filter hostname",
	  .std = "URLRewrite filter hostname",
	  .construct = TGT_C_HOST_REWRITE },
	{ K("https-redirect-status-code", PROV_KIND_ENUM), .values = v_code,
	  .def = "426", .cls = A_, .risk = LOW, .scope = ING,
	  .check = PROV_CHECK_OPTIONS, .on_invalid = DEF,
	  .desc = "status of Kong's answer to plain HTTP on HTTPS-only "
		"routes: 426 (no redirect), 301, 302, 307 or 308",
	  .gateway = "RequestRedirect filter scheme https on the HTTP "
		"listener; 426 has no equivalent (no route on HTTP: 404)",
	  .std = "RequestRedirect filter (scheme https)",
	  .construct = TGT_C_SCHEME_REDIRECT },
	{ K("methods", PROV_KIND_LIST), .cls = A_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "HTTP methods the routes match (upper case, comma list)",
	  .gateway = "HTTPRoute matches method, one match per method",
	  .std = "matches method", .construct = TGT_C_METHOD_MATCH },
	{ K("override", PROV_KIND_STRING), .cls = C_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "KongIngress to override the route, service and upstream; "
		"its proxy and route sections are gone in KIC 3",
	  .gateway = "none: the konghq.com annotations and "
		"KongUpstreamPolicy replace it" },
	{ K("path", PROV_KIND_PATH), .def = "/", .cls = A_, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "path prepended to the upstream request path (Service); "
		"must start with '/'",
	  .gateway = "URLRewrite ReplacePrefixMatch (or ReplaceFullPath on "
		"Exact)",
	  .std = "URLRewrite filter path", .construct = TGT_C_PATH_REWRITE },
	{ K("path-handling", PROV_KIND_ENUM), .values = v_handling,
	  .def = "v0", .cls = C_, .risk = LOW, .scope = ING,
	  .check = PROV_CHECK_REGEX, .check_arg = "v\\d", .on_invalid = DEF,
	  .desc = "how Kong joins the service path and the request path "
		"(v0, v1)",
	  .gateway = "none: Gateway API's path rewrites join by segments" },
	{ K("plugins", PROV_KIND_LIST), .cls = B_, .risk = HIGH,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "KongPlugins (name or namespace:name) run on the routes "
		"(Ingress) or the service (Service)",
	  .gateway = "not carried: an access plugin (key-auth, basic-auth, "
		"jwt, acl, ip-restriction, oauth2, openid-connect ...) closes "
		"the routes (error); with --target kong the routes keep "
		"konghq.com/plugins" },
	{ K("preserve-host", PROV_KIND_BOOL), .values = v_bool,
	  .def = "true", .cls = C_, .risk = LOW, .scope = ING,
	  .on_invalid = DEF,
	  .desc = "false: the upstream gets the service's host as Host",
	  .gateway = "none: Gateway API keeps the Host (URLRewrite hostname "
		"sets a fixed one)" },
	{ K("protocol", PROV_KIND_ENUM), .values = v_protocol,
	  .def = "http", .cls = A_, .risk = LOW, .scope = SVC,
	  .check = PROV_CHECK_OPTIONS, .check_flags = PROV_CF_CASE,
	  .on_invalid = PATHS,
	  .desc = "protocol Kong speaks to the upstream (Service): http, "
		"https, grpc, grpcs, ...; an invalid one fails the service",
	  .gateway = "https/grpcs: BackendTLSPolicy (written by hand); "
		"grpc: GRPCRoute or appProtocol" },
	{ K("protocols", PROV_KIND_LIST), .values = v_protocol, .cls = A_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "protocols the routes accept: https alone answers plain "
		"HTTP with https-redirect-status-code",
	  .gateway = "parentRefs sectionName (the HTTPS listener), a "
		"RequestRedirect on HTTP",
	  .std = "parentRefs sectionName" },
	{ K("publish-service", PROV_KIND_STRING), .cls = C_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "on a Gateway: the Services whose address KIC publishes; "
		"no effect on an Ingress",
	  .gateway = "none (a Gateway API object's key)" },
	{ K("read-timeout", PROV_KIND_INT), .def = "60000", .cls = B_,
	  .risk = LOW, .scope = SVC, .check = PROV_CHECK_INT,
	  .on_invalid = DEF,
	  .desc = "milliseconds between two reads from the upstream "
		"(Service)",
	  .gateway = "none standard; an implementation's idle timeout",
	  .feature = IR_FEAT_TIMEOUTS },
	{ K("regex-prefix", PROV_KIND_STRING), .def = "/~", .cls = A_,
	  .risk = LOW, .scope = ING, .on_invalid = IGN,
	  .desc = "prefix that marks a path as a regular expression",
	  .gateway = "path match RegularExpression",
	  .std = "path match RegularExpression" },
	{ K("regex-priority", PROV_KIND_INT), .def = "0", .cls = C_,
	  .risk = LOW, .scope = ING, .check = PROV_CHECK_INT,
	  .on_invalid = DEF,
	  .desc = "order of the routes' regular expressions, higher first",
	  .gateway = "none: Gateway API orders matches by hostname, type and "
		"length (warn)" },
	{ K("request-buffering", PROV_KIND_BOOL), .def = "true", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = DEF,
	  .desc = "whether Kong buffers the request body",
	  .gateway = "none (the implementation's buffering)" },
	{ K("response-buffering", PROV_KIND_BOOL), .def = "true", .cls = CP,
	  .risk = LOW, .scope = ING, .on_invalid = DEF,
	  .desc = "whether Kong buffers the response body",
	  .gateway = "none (the implementation's buffering)" },
	{ K("retries", PROV_KIND_INT), .def = "5", .cls = B_, .risk = LOW,
	  .scope = SVC, .check = PROV_CHECK_INT, .on_invalid = DEF,
	  .desc = "times Kong retries a failed upstream connection (Service)",
	  .gateway = "HTTPRoute rule retry (experimental) or an "
		"implementation's policy",
	  .feature = IR_FEAT_RETRY },
	{ K("rewrite", PROV_KIND_PATH), .cls = A_, .risk = LOW,
	  .scope = ING, .on_invalid = DROP,
	  .desc = "upstream path, with $1.. from the regex path's captures "
		"(KIC flag --feature-gates RewriteURIs=true)",
	  .gateway = "URLRewrite ReplaceFullPath without captures; with "
		"captures none",
	  .std = "URLRewrite filter ReplaceFullPath",
	  .construct = TGT_C_PATH_REWRITE },
	{ K("snis", PROV_KIND_HOST_LIST), .cls = C_, .risk = LOW,
	  .scope = ING, .on_invalid = IGN,
	  .desc = "TLS server names the routes match on HTTPS",
	  .gateway = "none: the HTTPS listener's hostname selects by SNI" },
	{ K("strip-path", PROV_KIND_BOOL), .values = v_bool, .def = "false",
	  .cls = A_, .risk = LOW, .scope = ING, .on_invalid = DEF,
	  .desc = "remove the matched path prefix before proxying",
	  .gateway = "URLRewrite ReplacePrefixMatch (ReplaceFullPath on "
		"Exact)",
	  .std = "URLRewrite filter ReplacePrefixMatch",
	  .construct = TGT_C_PATH_REWRITE },
	{ K("tags", PROV_KIND_LIST), .cls = CP, .risk = LOW, .scope = ING,
	  .on_invalid = IGN,
	  .desc = "tags on the Kong entities made from the object",
	  .gateway = "none (Kong bookkeeping)" },
	{ K("tls-verify", PROV_KIND_BOOL), .cls = C_, .risk = MED,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "whether Kong verifies the upstream's TLS certificate "
		"(Service)",
	  .gateway = "BackendTLSPolicy (written by hand)",
	  .construct = TGT_C_BACKEND_TLS },
	{ K("tls-verify-depth", PROV_KIND_INT), .cls = C_, .risk = LOW,
	  .scope = SVC, .check = PROV_CHECK_INT, .on_invalid = IGN,
	  .desc = "depth of the upstream certificate chain Kong verifies "
		"(Service)",
	  .gateway = "none" },
	{ K("upstream-policy", PROV_KIND_OBJREF), .cls = B_, .risk = LOW,
	  .scope = SVC, .on_invalid = IGN,
	  .desc = "KongUpstreamPolicy of the Service: load balancing, hash, "
		"health checks (Service)",
	  .gateway = "none standard; an implementation's load balancing "
		"policy (with --target kong the Service keeps it)" },
	{ K("write-timeout", PROV_KIND_INT), .def = "60000", .cls = B_,
	  .risk = LOW, .scope = SVC, .check = PROV_CHECK_INT,
	  .on_invalid = DEF,
	  .desc = "milliseconds between two writes to the upstream "
		"(Service)",
	  .gateway = "none standard; an implementation's idle timeout",
	  .feature = IR_FEAT_TIMEOUTS },
};

_Static_assert(ARRAY_LEN(kong_table) == PROV_KONG_NANN,
	"PROV_KONG_NANN counts the table");

const struct prov_provider prov_kong_provider = {
	.name = "kong",
	.prefixes = kong_prefixes,
	.table = kong_table,
	.count = ARRAY_LEN(kong_table),
	.nkeys = ARRAY_LEN(kong_table),
	.lookup = prov_kong_lookup,
};

const struct prov_annotation *
prov_kong_lookup(const char *key)
{
	if (!key)
		return NULL;
	if (!strncmp(key, "headers.", 8)) {
		if (!key[8])
			return NULL;
		key = "headers.<name>";
	}
	for (size_t i = 0; i < ARRAY_LEN(kong_table); i++)
		if (!strcmp(kong_table[i].key, key))
			return &kong_table[i];
	return NULL;
}

size_t
prov_kong_index(const struct prov_annotation *a)
{
	return (size_t)(a - kong_table);
}

const struct prov_kong_slot *
prov_kong_slot(const struct prov_kong *k, const char *key)
{
	return &k->slots[prov_kong_index(prov_kong_lookup(key))];
}

bool
prov_kong_service_key(const char *key)
{
	const struct prov_annotation *a = prov_kong_lookup(key);

	return a && (a->scope == PROV_SCOPE_SERVICE ||
		!strcmp(a->key, "plugins") || !strcmp(a->key, "override") ||
		!strcmp(a->key, "tags"));
}

bool
prov_kong_ingress_key(const char *key)
{
	const struct prov_annotation *a = prov_kong_lookup(key);

	return a && a->scope == PROV_SCOPE_INGRESS &&
		strcmp(a->key, "gatewayclass-unmanaged") &&
		strcmp(a->key, "publish-service");
}

const char *
prov_kong_closest(const char *key)
{
	const char *keys[PROV_KONG_NANN + 1];

	for (size_t i = 0; i < ARRAY_LEN(kong_table); i++)
		keys[i] = kong_table[i].key;
	keys[PROV_KONG_NANN] = NULL;
	return similar_pick(key, keys);
}

bool
prov_kong_protocol(const char *s)
{
	for (const char *const *p = v_protocol; *p; p++)
		if (!strcmp(*p, s))
			return true;
	return false;
}

/* Kong's plugins that decide who may pass (authentication, ACLs, client
 * addresses, bots, ...). */
static const char *const access_plugins[] = { "acl", "basic-auth",
	"bot-detection", "hmac-auth", "ip-restriction", "jwt", "jwt-signer",
	"key-auth", "key-auth-enc", "ldap-auth", "ldap-auth-advanced",
	"mtls-auth", "oauth2", "oauth2-introspection", "openid-connect",
	"opa", "vault-auth", "saml", "header-cert-auth", NULL };

bool
prov_kong_access_plugin(const char *type)
{
	if (!type)
		return false;
	for (const char *const *p = access_plugins; *p; p++)
		if (!strcmp(*p, type))
			return true;
	return false;
}

/* ---- the reader ------------------------------------------------------- */

static struct prov_strlist
split(struct arena *a, const char *s, const char *sep, bool trim)
{
	struct prov_strlist l = { 0 };
	size_t n = 1, seplen = strlen(sep);
	const char *p;

	if (!seplen)
		seplen = 1, sep = ",";
	for (p = s; (p = strstr(p, sep)); p += seplen)
		n++;
	l.v = arena_alloc(a, n * sizeof(*l.v));
	for (p = s;;) {
		const char *e = strstr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *b = p;

		if (trim) {
			while (len && isspace((unsigned char)*b))
				b++, len--;
			while (len && isspace((unsigned char)b[len - 1]))
				len--;
		}
		l.v[l.len++] = arena_strndup(a, b, len);
		if (!e)
			break;
		p = e + seplen;
	}
	return l;
}

static bool
all_upper(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 'A' || *s > 'Z')
			return false;
	return true;
}

/* kongstate validSNIs / validHosts, approximated: labels of letters,
 * digits and inner '-', dot separated; hosts may start with "*." or end
 * with ".*". */
static bool
valid_name(const char *s, bool wild)
{
	size_t n = strlen(s);

	if (wild && !strncmp(s, "*.", 2))
		s += 2, n -= 2;
	if (wild && n > 2 && !strcmp(s + n - 2, ".*"))
		n -= 2;
	if (!n)
		return false;
	for (size_t i = 0, lab = 0; i <= n; i++) {
		char ch = i < n ? s[i] : '.';

		if (ch == '.') {
			if (!lab || s[i - 1] == '-')
				return false;
			lab = 0;
			continue;
		}
		if (ch == '-' && !lab)
			return false;
		if (!isalnum((unsigned char)ch) && ch != '-')
			return false;
		lab++;
	}
	return true;
}

static bool
go_atoi(const char *s, long long *out)
{
	return prov_str_int(s, out);
}

static void
bad(struct prov_kong_slot *sl, const char *why)
{
	sl->bad = true;
	sl->why = why;
}

/* The rewrite template as KIC checks it (generateRewriteURIConfig):
 * '\' escapes only '$'; '$' takes digits. */
static const char *
rewrite_error(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\') {
			if (s[1] != '$')
				return "'\\' escapes only '$'";
			s++;
		} else if (*s == '$') {
			if (!isdigit((unsigned char)s[1]))
				return "'$' must be followed by a digit";
			while (isdigit((unsigned char)s[1]))
				s++;
		}
	}
	return NULL;
}

static void
read_one(struct prov_kong *k, struct arena *a, const char *key,
	struct prov_kong_slot *sl)
{
	const char *v = sl->text;
	long long n;
	bool b;

	if (!strcmp(key, "strip-path") || !strcmp(key, "preserve-host")) {
		bool *dst = key[0] == 's' ? &k->strip_path : &k->preserve_host;

		if (!*v)
			return;
		if (!strcasecmp(v, "true"))
			*dst = true;
		else if (!strcasecmp(v, "false"))
			*dst = false;
		else
			bad(sl, "not \"true\" or \"false\"");
	} else if (!strcmp(key, "https-redirect-status-code")) {
		if (!*v)
			return;
		if (!go_atoi(v, &n))
			bad(sl, "not an integer");
		else if (n != 426 && n != 301 && n != 302 && n != 307 &&
		    n != 308)
			bad(sl, "not 426, 301, 302, 307 or 308");
		else
			k->redirect_code = (int)n;
	} else if (!strcmp(key, "regex-priority")) {
		if (!*v)
			return;
		if (!go_atoi(v, &n))
			bad(sl, "not an integer");
		else
			k->regex_priority = n;
	} else if (!strcmp(key, "methods")) {
		struct prov_strlist l;

		if (!*v)
			return;
		l = split(a, v, ",", false);
		for (size_t i = 0; i < l.len; i++)
			if (!all_upper(l.v[i])) {
				bad(sl, "not a list of upper-case "
					"methods without spaces");
				return;
			}
		k->methods = l;
	} else if (!strcmp(key, "protocols")) {
		struct prov_strlist l;

		if (!*v)
			return;
		l = split(a, v, ",", false);
		for (size_t i = 0; i < l.len; i++)
			if (!prov_kong_protocol(l.v[i])) {
				bad(sl, "not a list of Kong protocols "
					"(http, https, grpc, grpcs, ws, wss, "
					"tcp, tls, tls_passthrough) without "
					"spaces");
				return;
			}
		k->protocols = l;
	} else if (!strcmp(key, "snis") || !strcmp(key, "host-aliases")) {
		bool alias = key[0] == 'h';
		struct prov_strlist l;

		if (!*v)
			return;
		l = split(a, v, ",", false);
		for (size_t i = 0; i < l.len; i++)
			if (!valid_name(l.v[i], alias)) {
				bad(sl, alias ? "not a list of host names "
					"without spaces" : "not a list of "
					"server names without spaces");
				return;
			}
		if (alias)
			k->host_aliases = l;
		else
			k->snis = l;
	} else if (!strcmp(key, "regex-prefix")) {
		k->regex_prefix = v;
	} else if (!strcmp(key, "rewrite")) {
		const char *why = rewrite_error(v);

		if (why)
			bad(sl, why);
		k->rewrite = *v ? v : "/";
	} else if (!strcmp(key, "path-handling")) {
		bool ok = false;

		for (const char *p = v; *p && !ok; p++)
			ok = p[0] == 'v' && isdigit((unsigned char)p[1]);
		if (!ok)
			bad(sl, "no 'v' followed by a digit");
		else
			k->path_handling = v;
	} else if (!strcmp(key, "request-buffering") ||
	    !strcmp(key, "response-buffering")) {
		char low[16];
		size_t i;

		for (i = 0; v[i] && i + 1 < sizeof(low); i++)
			low[i] = (char)tolower((unsigned char)v[i]);
		low[i] = '\0';
		if (v[i] || !prov_str_bool(low, &b))
			bad(sl, "not a boolean");
	} else if (!strcmp(key, "plugins")) {
		struct prov_strlist l = *v ? split(a, v, ",", true) :
			(struct prov_strlist){ 0 };
		size_t o = 0;

		for (size_t i = 0; i < l.len; i++)
			if (*l.v[i])
				l.v[o++] = l.v[i];
		l.len = o;
		k->plugins = l;
	} else if (!strcmp(key, "path")) {
		if (!*v)
			return;
		if (v[0] != '/')
			bad(sl, "does not start with '/'");
		else
			k->path = v;
	} else if (!strcmp(key, "protocol")) {
		if (!*v)
			return;
		if (!prov_kong_protocol(v))
			bad(sl, "not a Kong protocol");
		else
			k->protocol = v;
	} else if (!strcmp(key, "host-header")) {
		if (*v)
			k->host_header = v;
	} else if (!strcmp(key, "connect-timeout") ||
	    !strcmp(key, "read-timeout") || !strcmp(key, "write-timeout") ||
	    !strcmp(key, "retries") || !strcmp(key, "tls-verify-depth")) {
		long long *dst = key[0] == 'c' ? &k->connect_ms : key[0] ==
			'r' && key[2] == 'a' ? &k->read_ms : key[0] == 'w' ?
			&k->write_ms : key[0] == 'r' ? &k->retries : NULL;

		if (!go_atoi(v, &n))
			bad(sl, "not an integer");
		else if (dst)
			*dst = n;
	} else if (!strcmp(key, "tls-verify")) {
		if (!prov_str_bool(v, &b))
			bad(sl, "not a boolean");
	}
}

void
prov_kong_read(struct prov_kong *out, struct arena *arena,
	const struct doc_node *annotations)
{
	size_t plen = strlen(PROV_KONG_PREFIX);
	const char *sep = ",";

	memset(out, 0, sizeof(*out));
	out->preserve_host = true;
	out->redirect_code = 426;
	out->regex_prefix = PROV_KONG_REGEX_PREFIX;
	out->connect_ms = out->read_ms = out->write_ms = -1;
	out->retries = -1;
	out->annotations = annotations;
	if (!doc_is_map(annotations))
		return;
	/* the separator first: header values are split with it */
	for (size_t i = 0; i < doc_len(annotations); i++) {
		const char *key = doc_str(doc_map_key(annotations, i));
		const char *v = doc_str(doc_map_value(annotations, i));

		if (key && v && !strcmp(key, PROV_KONG_PREFIX
		    "headers-separator"))
			sep = v;
	}
	for (size_t i = 0; i < doc_len(annotations); i++) {
		const struct doc_node *kn = doc_map_key(annotations, i);
		const struct doc_node *vn = doc_map_value(annotations, i);
		const char *key = doc_str(kn), *v = doc_str(vn);
		const struct prov_annotation *a;
		struct prov_kong_slot *sl;

		if (!key)
			continue;
		if (!strcmp(key, PROV_KONG_FORCE_SSL)) {
			out->force_ssl = v && !strcmp(v, "true");
			out->force_ssl_node = kn;
			continue;
		}
		if (!strcmp(key, PROV_KONG_SERVICE_UPSTREAM)) {
			out->service_upstream = v && !strcmp(v, "true");
			continue;
		}
		if (strncmp(key, PROV_KONG_PREFIX, plen) ||
		    !(a = prov_kong_lookup(key + plen)))
			continue;
		if (!strcmp(a->key, "headers.<name>")) {
			struct prov_kong_header *h;

			if (!v || !*v)
				continue;
			if (out->nheaders == PROV_KONG_MAX_HEADERS) {
				out->headers_dropped = true;
				continue;
			}
			h = &out->headers[out->nheaders++];
			h->name = key + plen + 8;
			h->values = split(arena, v, sep, true);
			h->key_node = kn;
			h->node = vn;
		}
		sl = &out->slots[prov_kong_index(a)];
		sl->key_node = kn;
		sl->node = vn;
		sl->key = key;
		sl->text = v ? v : "";
		read_one(out, arena, a->key, sl);
	}
}

/* ---- selection --------------------------------------------------------- */

bool
prov_kong_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	switch (ing->class_source) {
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		cls = ing_world_class(w, ing->class_name);
		if (cls)
			return cls->controller && !strcmp(cls->controller,
				PROV_KONG_CONTROLLER);
		return !strcmp(ing->class_name, PROV_KONG_CLASS);
	case ING_CLASS_ANNOTATION:
		return ing->class_annotation &&
			!strcmp(ing->class_annotation, PROV_KONG_CLASS);
	case ING_CLASS_NONE:
		break;
	}
	return without_class;
}
