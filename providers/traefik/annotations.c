#include "compat.h"
#include "providers/traefik/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"

/*
 * Facts: traefik/traefik v3.7 pkg/provider/kubernetes/ingress
 * (annotations.go: RouterIng, ServiceIng, parseRouterConfig,
 * parseServiceConfig, convertAnnotations; kubernetes.go: loadRouter,
 * loadService, getProtocol, shouldProcessIngress), pkg/config/dynamic
 * (RouterTLSConfig, RouterObservabilityConfig, Sticky, Cookie), the
 * label decoder of traefik/paerser (parser.DecodeToNode, AddMetadata,
 * Fill: case-insensitive field names, strconv.ParseBool and ParseInt,
 * lists split on ',' and trimmed, "allowEmpty" for tls and sticky.cookie),
 * and the annotation tables of docs/content/reference/
 * routing-configuration/kubernetes/ingress.md.
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define ING PROV_SCOPE_INGRESS
#define SVC PROV_SCOPE_SERVICE
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE
#define DROP PROV_INVALID_DROP
#define PATHS PROV_INVALID_DROP_PATHS
#define DENY PROV_INVALID_DENY

#define R(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_traefik_router, fld), .scope = ING
#define S(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_traefik_service, fld), .scope = SVC
#define BOOLCHK .check = PROV_CHECK_BOOL
#define INTCHK .check = PROV_CHECK_INT
#define OPTS(v, fl) .values = (v), .check = PROV_CHECK_OPTIONS, \
	.check_flags = (fl)
#define EXACT (PROV_CF_CASE | PROV_CF_NO_TRIM)

static prov_parse_fn traefik_parse_list;
static prov_parse_fn traefik_parse_enable;
static prov_parse_fn traefik_parse_text;
static prov_parse_fn traefik_parse_exact;
static prov_parse_fn traefik_parse_fold;

static const char *const v_matcher[] = { "Path", "PathPrefix", "PathRegexp",
	NULL };
static const char *const v_syntax[] = { "v3", "v2", "default", NULL };
static const char *const v_verbosity[] = { "minimal", "detailed", NULL };
static const char *const v_scheme[] = { "http", "https", "h2c", NULL };
static const char *const v_samesite[] = { "none", "lax", "strict", NULL };

static const char *const traefik_prefixes[] = { PROV_TRAEFIK_PREFIX, NULL };

static const struct prov_annotation traefik_table[] = {
	/* ---- the Ingress: its routers ---- */
	{ R("router.entrypoints", PROV_KIND_LIST, entrypoints,
		traefik_parse_list),
	  .def = "(all)", .cls = A_, .risk = LOW,
	  .on_invalid = DROP,
	  .desc = "the entry points (listening ports) the routers answer on",
	  .gateway = "parentRefs sectionName: web is the HTTP listener, "
		"websecure the HTTPS listeners; other names have no "
		"listener (warn)" },
	{ R("router.middlewares", PROV_KIND_LIST, middlewares,
		traefik_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = DROP,
	  .desc = "Middleware chain of the routers (name@provider, in order)",
	  .gateway = "not carried: each middleware is named; one that checks "
		"access (basicAuth, forwardAuth, ipAllowList) closes the "
		"routes (error); filters by hand otherwise" },
	{ R("router.observability.accesslogs", PROV_KIND_BOOL, access_logs,
		prov_parse_bool),
	  BOOLCHK, .def = "true", .cls = CP, .risk = LOW, .on_invalid = DROP,
	  .desc = "whether the routers write access logs",
	  .gateway = "none (the implementation's logging)" },
	{ R("router.observability.metrics", PROV_KIND_BOOL, metrics,
		prov_parse_bool),
	  BOOLCHK, .def = "true", .cls = CP, .risk = LOW, .on_invalid = DROP,
	  .desc = "whether the routers produce metrics",
	  .gateway = "none (the implementation's metrics)" },
	{ R("router.observability.traceverbosity", PROV_KIND_ENUM,
		trace_verbosity, traefik_parse_exact),
	  OPTS(v_verbosity, EXACT), .def = "minimal", .cls = CP, .risk = LOW,
	  .on_invalid = DEF,
	  .desc = "tracing detail of the routers (minimal or detailed)",
	  .gateway = "none (the implementation's tracing)" },
	{ R("router.observability.tracing", PROV_KIND_BOOL, tracing,
		prov_parse_bool),
	  BOOLCHK, .def = "true", .cls = CP, .risk = LOW, .on_invalid = DROP,
	  .desc = "whether the routers produce traces",
	  .gateway = "none (the implementation's tracing)" },
	{ R("router.pathmatcher", PROV_KIND_ENUM, path_matcher,
		traefik_parse_exact),
	  OPTS(v_matcher, EXACT), .def = "PathPrefix", .cls = A_,
	  .risk = LOW, .on_invalid = PATHS,
	  .desc = "matcher of ImplementationSpecific and unset pathTypes: "
		"Path, PathPrefix (a character prefix) or PathRegexp",
	  .gateway = "path match Exact, PathPrefix (element-wise: warn) or "
		"RegularExpression (implementation-specific)" },
	{ R("router.priority", PROV_KIND_INT, priority, prov_parse_int),
	  INTCHK, .def = "rule length", .cls = C_, .risk = LOW,
	  .on_invalid = DROP,
	  .desc = "priority of the routers; the longest rule wins otherwise",
	  .gateway = "none: Gateway API orders matches by hostname, path "
		"type and length, then age (warn where the winner changes)" },
	{ R("router.rulesyntax", PROV_KIND_ENUM, rule_syntax,
		traefik_parse_text),
	  OPTS(v_syntax, EXACT), .def = "v3", .cls = C_, .risk = LOW,
	  .on_invalid = DEF,
	  .desc = "matcher syntax of the rules, v2 or v3 (deprecated)",
	  .gateway = "none; with v2 a wildcard host is HostRegexp, one label "
		"as in v3" },
	{ R("router.tls", PROV_KIND_BOOL, tls, traefik_parse_enable),
	  .def = "false", .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "TLS routers: they answer HTTPS only (a value other than "
		"true turns TLS off, even with router.tls.* keys)",
	  .gateway = "parentRefs sectionName of the host's HTTPS listener "
		"(its certificate from spec.tls)" },
	{ R("router.tls.certresolver", PROV_KIND_STRING, tls_certresolver,
		traefik_parse_text),
	  .cls = C_, .risk = LOW, .on_invalid = DROP,
	  .desc = "certificate resolver (ACME) of the TLS routers; enables TLS",
	  .gateway = "none: a Secret in certificateRefs (cert-manager can "
		"issue it for the Gateway)" },
	{ R("router.tls.domains.n.main", PROV_KIND_HOST, domain_main,
		traefik_parse_text),
	  .cls = C_, .risk = LOW, .on_invalid = DROP,
	  .desc = "main domain of the certificate the resolver requests "
		"(n: 0, 1, ...); enables TLS",
	  .gateway = "none: the listener's certificate covers the host" },
	{ R("router.tls.domains.n.sans", PROV_KIND_HOST_LIST, domain_sans,
		traefik_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = DROP,
	  .desc = "other names of the certificate the resolver requests; "
		"enables TLS",
	  .gateway = "none: the listener's certificate covers the host" },
	{ R("router.tls.options", PROV_KIND_STRING, tls_options,
		traefik_parse_text),
	  .cls = B_, .risk = LOW, .on_invalid = DROP,
	  .desc = "TLSOption (versions, ciphers, client certificates) of the "
		"TLS routers, name@provider; enables TLS",
	  .gateway = "Gateway spec.tls.frontend (client certificates) or an "
		"implementation's policy (EG ClientTrafficPolicy tls)" },
	/* ---- the Service: its load balancer ---- */
	{ S("service.middlewares", PROV_KIND_LIST, middlewares,
		traefik_parse_list),
	  .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "Middleware chain of the service, after the routers'",
	  .gateway = "not carried: each middleware is named" },
	{ S("service.nativelb", PROV_KIND_BOOL, native_lb, prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = CP, .risk = LOW, .on_invalid = PATHS,
	  .desc = "send to the Service's ClusterIP instead of its endpoints",
	  .gateway = "none (EG BackendTrafficPolicy routingType Service)" },
	{ S("service.nodeportlb", PROV_KIND_BOOL, node_port_lb,
		prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "send to the nodes' NodePort of a NodePort Service",
	  .gateway = "none: the Gateway sends to the endpoints" },
	{ S("service.passhostheader", PROV_KIND_BOOL, pass_host_header,
		prov_parse_bool),
	  BOOLCHK, .def = "true", .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "false: the backend gets its own address as Host",
	  .gateway = "none: Gateway API keeps the Host (URLRewrite hostname "
		"sets a fixed one)" },
	{ S("service.serversscheme", PROV_KIND_ENUM, scheme,
		traefik_parse_fold),
	  OPTS(v_scheme, 0), .def = "http", .cls = A_, .risk = LOW,
	  .on_invalid = DENY,
	  .desc = "protocol to the backends: http, https or h2c (without "
		"it: https for port 443 or a port name starting with https)",
	  .gateway = "https: BackendTLSPolicy (written by hand: the CA and "
		"name to verify); h2c: the Service port's appProtocol "
		"kubernetes.io/h2c" },
	{ S("service.serverstransport", PROV_KIND_STRING, servers_transport,
		traefik_parse_text),
	  .cls = B_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "ServersTransport (backend TLS, timeouts) of the service, "
		"name@provider",
	  .gateway = "BackendTLSPolicy for the CA and server name; EG "
		"BackendTrafficPolicy for timeouts" },
	{ S("service.sticky.cookie", PROV_KIND_BOOL, sticky,
		traefik_parse_enable),
	  .def = "false", .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "sticky sessions by a cookie Traefik sets (a value other "
		"than true turns them off)",
	  .gateway = "HTTPRoute rule sessionPersistence (experimental) or EG "
		"BackendTrafficPolicy consistent hash on a cookie" },
	{ S("service.sticky.cookie.domain", PROV_KIND_HOST, cookie_domain,
		traefik_parse_text),
	  .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "Domain attribute of the sticky cookie; enables it",
	  .gateway = "none (EG cookie attributes)" },
	{ S("service.sticky.cookie.httponly", PROV_KIND_BOOL,
		cookie_http_only, prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = C_, .risk = LOW,
	  .on_invalid = PATHS,
	  .desc = "HttpOnly attribute of the sticky cookie; enables it",
	  .gateway = "none (EG cookie attributes)" },
	{ S("service.sticky.cookie.maxage", PROV_KIND_SECONDS,
		cookie_max_age, prov_parse_int),
	  INTCHK, .def = "0", .cls = B_, .risk = LOW,
	  .on_invalid = PATHS,
	  .desc = "Max-Age of the sticky cookie (0: a session cookie, "
		"negative: expires at once); enables it",
	  .gateway = "EG consistent hash cookie ttl" },
	{ S("service.sticky.cookie.name", PROV_KIND_STRING, cookie_name,
		traefik_parse_text),
	  .def = "(hash)", .cls = B_, .risk = LOW,
	  .on_invalid = PATHS,
	  .desc = "name of the sticky cookie (default: derived from the "
		"service's name); enables it",
	  .gateway = "EG consistent hash cookie name" },
	{ S("service.sticky.cookie.path", PROV_KIND_PATH, cookie_path,
		traefik_parse_text),
	  .def = "/", .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "Path attribute of the sticky cookie; enables it",
	  .gateway = "none (EG cookie attributes)" },
	{ S("service.sticky.cookie.samesite", PROV_KIND_ENUM,
		cookie_same_site, traefik_parse_text),
	  OPTS(v_samesite, 0), .cls = C_, .risk = LOW, .on_invalid = DEF,
	  .desc = "SameSite attribute of the sticky cookie (none, lax, "
		"strict); enables it",
	  .gateway = "none (EG cookie attributes)" },
	{ S("service.sticky.cookie.secure", PROV_KIND_BOOL, cookie_secure,
		prov_parse_bool),
	  BOOLCHK, .def = "false", .cls = C_, .risk = LOW, .on_invalid = PATHS,
	  .desc = "Secure attribute of the sticky cookie; enables it",
	  .gateway = "none (EG cookie attributes)" },
};

_Static_assert(ARRAY_LEN(traefik_table) == PROV_TRAEFIK_NANN,
	"PROV_TRAEFIK_NANN counts the table");

const struct prov_provider prov_traefik_provider = {
	.name = "traefik",
	.prefixes = traefik_prefixes,
	.table = traefik_table,
	.count = ARRAY_LEN(traefik_table),
	.nkeys = ARRAY_LEN(traefik_table),
	.lookup = prov_traefik_lookup,
};

/* ---- value parsers --------------------------------------------------- */

/* A list as the label decoder splits it: ',' with each item trimmed; an
 * empty value is no list. Items may be empty. */
static int
traefik_parse_list(struct prov_value *v, void *dst)
{
	struct prov_strlist *l = dst;
	const char *s = v->text;
	size_t n = 1, i = 0;

	if (!*s) {
		l->v = NULL;
		l->len = 0;
		return 0;
	}
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
		l->v[i++] = arena_strndup(v->arena, b, m);
		if (!s[len])
			break;
		s += len + 1;
	}
	l->len = i;
	return 0;
}

/* "allowEmpty": on unless the value is set and is not "true". */
static int
traefik_parse_enable(struct prov_value *v, void *dst)
{
	*(bool *)dst = !*v->text || !strcasecmp(v->text, "true");
	return 0;
}

/* A string as it is (the label decoder neither trims nor checks). */
static int
traefik_parse_text(struct prov_value *v, void *dst)
{
	*(const char **)dst = v->text;
	return 0;
}

/* One of values[], exactly: index, or ERR_INVALID. */
static int
traefik_parse_exact(struct prov_value *v, void *dst)
{
	int i = 0;

	for (const char *const *p = v->ann->values; p && *p; p++, i++)
		if (!strcmp(*p, v->text)) {
			*(int *)dst = i;
			return 0;
		}
	v->why = "not one of the accepted values";
	return ERR_INVALID;
}

/* One of values[], ignoring case (url.Parse lowers a scheme). */
static int
traefik_parse_fold(struct prov_value *v, void *dst)
{
	int i = 0;

	for (const char *const *p = v->ann->values; p && *p; p++, i++)
		if (!strcasecmp(*p, v->text)) {
			*(int *)dst = i;
			return 0;
		}
	v->why = "not one of the accepted values";
	return ERR_INVALID;
}

/* ---- keys ------------------------------------------------------------ */

size_t
prov_traefik_index(const struct prov_annotation *a)
{
	return (size_t)(a - traefik_table);
}

bool
prov_traefik_service_key(const char *key)
{
	return !strncmp(key, "service.", 8);
}

#define DOMAINS "router.tls.domains."

/*
 * The table key of key: lower-cased, "router.tls.domains.<digits>.x"
 * as "router.tls.domains.n.x" (convertAnnotations turns the digits into
 * an index; a literal "n" is no index). *index_out gets the digits' value
 * (-1 for other keys). Returns false when the key is too long.
 */
static bool
normalize(const char *key, char *buf, size_t cap, long *index_out)
{
	size_t n = strlen(key), dl = strlen(DOMAINS);

	*index_out = -1;
	if (n >= cap)
		return false;
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)tolower((unsigned char)key[i]);
	if (!strncmp(buf, DOMAINS, dl) && isdigit((unsigned char)buf[dl])) {
		size_t d = dl;
		long idx = 0;

		while (isdigit((unsigned char)buf[d])) {
			if (idx < 100000)
				idx = idx * 10 + (buf[d] - '0');
			d++;
		}
		if (buf[d] != '.')
			return true;
		*index_out = idx;
		buf[dl] = 'n';
		memmove(buf + dl + 1, buf + d, n + 1 - d);
	} else if (!strncmp(buf, DOMAINS "n.", dl + 2)) {
		buf[dl] = '?';	/* "n" is not an index */
	}
	return true;
}

const struct prov_annotation *
prov_traefik_lookup(const char *key)
{
	char buf[256];
	long idx;

	if (!key || !normalize(key, buf, sizeof(buf), &idx))
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(traefik_table); i++)
		if (!strcmp(traefik_table[i].key, buf))
			return &traefik_table[i];
	return NULL;
}

/* The nearest key of the same side, for "did you mean". */
static const char *
closest_key(const char *key)
{
	const char *best = NULL;
	size_t bestd = 4;
	char buf[256];
	long idx;

	if (!normalize(key, buf, sizeof(buf), &idx))
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(traefik_table); i++) {
		size_t d = similar_distance(buf, traefik_table[i].key);

		if (d < bestd) {
			bestd = d;
			best = traefik_table[i].key;
		}
	}
	return best;
}

/* ---- the parse -------------------------------------------------------- */

struct tctx {
	struct arena *arena;
	const struct doc_set *set;
	const char *ns, *name;
	const char *what;		/* "Ingress" or "Service" */
	bool service;			/* the Service's keys */
	struct diag_sink *sink;
	struct prov_traefik_slot *slots;
	void *settings;
	bool failed;
	const char *fail_key, *fail_reason;
	const struct doc_node *fail_node;
	/* router.tls.domains: by index */
	struct prov_traefik_domain *domains;
	long *domain_index;
	size_t ndomains;
};

static const char *
shown(const char *s)
{
	return s ? s : "";
}

static void
say(struct tctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *key, const char *fmt, ...)
	ING2GW_PRINTF(6, 7);

static void
say(struct tctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!c->sink)
		return;
	strbuf_addf(&sb, "%s '%s/%s': annotation '%s': ", c->what,
		shown(c->ns), shown(c->name), key);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, doc_pos(c->set, at), "%s", sb.buf);
	strbuf_release(&sb);
}

/* What a failed parse costs, in words. */
static const char *
failure_words(const struct tctx *c)
{
	return c->service ? "Traefik cannot create the service, and skips "
		"every path of every Ingress that routes to it" :
		"Traefik cannot parse the annotations, and skips the whole "
		"Ingress: none of its paths are served";
}

static void
fail(struct tctx *c, struct prov_traefik_slot *sl, const char *why)
{
	sl->state = PROV_TRAEFIK_FAILED;
	if (!c->failed) {
		c->failed = true;
		c->fail_key = sl->key;
		c->fail_reason = why;
		c->fail_node = sl->node ? sl->node : sl->key_node;
	}
}

static void
unknown_key(struct tctx *c, const char *full, const char *rest,
	const struct doc_node *kn)
{
	const char *hint = closest_key(rest);
	bool router = !strncasecmp(rest, "router.", 7);
	bool service = !strncasecmp(rest, "service.", 8);
	bool fatal = c->service ? service : router;
	struct strbuf sb = STRBUF_INIT;

	/* "allowEmpty" parents of keys of the table: valid, no effect */
	if (!strcasecmp(rest, c->service ? "service.sticky" :
	    "router.observability")) {
		say(c, DIAG_INFO, "convert/traefik-annotation-ignored", kn,
			full, "has no effect of its own: the keys under it "
			"set what it enables");
		return;
	}
	if (hint)
		strbuf_addf(&sb, " (did you mean '%s%s'?)", PROV_TRAEFIK_PREFIX,
			hint);
	if (fatal) {
		struct prov_traefik_slot tmp = { .key_node = kn, .key = full };

		say(c, DIAG_WARNING, "convert/traefik-annotation-unknown", kn,
			full, "unknown key%s; %s", sb.buf ? sb.buf : "",
			failure_words(c));
		fail(c, &tmp, "an unknown key");
	} else if (!router && !service) {
		say(c, DIAG_WARNING, "convert/traefik-annotation-unknown", kn,
			full, "unknown key%s; Traefik reads only router.* and "
			"service.* keys and ignores it", sb.buf ? sb.buf : "");
	} else {
		say(c, DIAG_WARNING, "convert/traefik-annotation-unknown", kn,
			full, "unknown key%s; Traefik reads %s keys from the "
			"%s only, and ignores it here", sb.buf ? sb.buf : "",
			router ? "router.*" : "service.*", router ? "Ingress" :
			"Service");
	}
	strbuf_release(&sb);
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

static void *
field(struct tctx *c, const struct prov_annotation *a)
{
	return (char *)c->settings + a->off;
}

static struct prov_traefik_domain *
domain_at(struct tctx *c, long idx)
{
	for (size_t i = 0; i < c->ndomains; i++)
		if (c->domain_index[i] == idx)
			return &c->domains[i];
	c->domains = xrealloc(c->domains, (c->ndomains + 1) *
		sizeof(*c->domains));
	c->domain_index = xrealloc(c->domain_index, (c->ndomains + 1) *
		sizeof(*c->domain_index));
	memset(&c->domains[c->ndomains], 0, sizeof(*c->domains));
	c->domain_index[c->ndomains] = idx;
	return &c->domains[c->ndomains++];
}

/* One key of this side: checked and parsed into the settings. */
static void
parse_one(struct tctx *c, const struct prov_annotation *a, long idx,
	const char *full, const struct doc_node *kn, const struct doc_node *vn)
{
	struct prov_traefik_slot *sl = &c->slots[prov_traefik_index(a)];
	struct prov_value v = { .ann = a, .arena = c->arena };
	const char *why = NULL;
	void *dst;

	if (sl->key_node && idx < 0) {
		/* the names match case-insensitively: one node, last wins */
		say(c, DIAG_WARNING, "convert/traefik-annotation-invalid", kn,
			full, "'%s' names the same setting; Traefik takes the "
			"value of the key that sorts last", sl->key);
		if (strcmp(full, sl->key) < 0)
			return;
	}
	if (!sl->key_node || idx < 0 || !sl->node) {
		sl->key_node = kn;
		sl->node = vn;
		sl->key = full;
	}
	if (!doc_is_scalar(vn)) {
		sl->text = "";
		say(c, DIAG_WARNING, "convert/traefik-annotation-invalid", vn,
			full, "the value is a %s, not a string; Kubernetes "
			"rejects the object", doc_is_map(vn) ? "map" :
			"sequence");
		fail(c, sl, "not a string");
		return;
	}
	v.text = doc_str(vn) ? doc_str(vn) : "";
	sl->text = v.text;
	if (typed_scalar(vn))
		say(c, DIAG_WARNING, "convert/traefik-annotation-invalid", vn,
			full, "the value '%s' is not quoted, so it is not a "
			"string and Kubernetes rejects the object; read as "
			"'%s'", v.text, v.text);
	if (idx >= 0) {
		struct prov_traefik_domain *d = domain_at(c, idx);

		if (!strcmp(a->key, "router.tls.domains.n.main"))
			d->main = v.text;
		else
			(void)traefik_parse_list(&v, &d->sans);
		(void)a->parse(&v, field(c, a));
		sl->state = PROV_TRAEFIK_SET;
		return;
	}
	dst = field(c, a);
	if (a->check != PROV_CHECK_NONE && prov_check_value(a, v.text, &why)) {
		switch (a->on_invalid) {
		case PROV_INVALID_DEFAULT:
		case PROV_INVALID_IGNORE:
			sl->state = PROV_TRAEFIK_DEFAULTED;
			if (a->def)
				say(c, DIAG_WARNING, "convert/traefik-"
					"annotation-invalid", vn, full, "value "
					"'%s' is %s; Traefik uses the default "
					"%s", v.text, why, a->def);
			else
				say(c, DIAG_WARNING, "convert/traefik-"
					"annotation-invalid", vn, full, "value "
					"'%s' is %s; Traefik ignores it",
					v.text, why);
			return;
		case PROV_INVALID_DENY:
			/* (service.serversscheme: kept for the lowering) */
			sl->state = PROV_TRAEFIK_DEFAULTED;
			return;
		case PROV_INVALID_DROP_PATHS:
			if (!c->service) {
				/* router.pathmatcher: checked per path */
				sl->state = PROV_TRAEFIK_DEFAULTED;
				*(int *)dst = -1;
				say(c, DIAG_WARNING, "convert/traefik-"
					"annotation-invalid", vn, full, "value "
					"'%s' is not Path, PathPrefix or "
					"PathRegexp; Traefik skips every path "
					"of the Ingress whose pathType is "
					"ImplementationSpecific or unset",
					v.text);
				return;
			}
			/* fall through */
		default:
			say(c, DIAG_WARNING, "convert/traefik-annotation-"
				"invalid", vn, full, "value '%s' is %s; %s",
				v.text, why, failure_words(c));
			fail(c, sl, why);
			return;
		}
	}
	if (a->parse(&v, dst)) {
		say(c, DIAG_WARNING, "convert/traefik-annotation-invalid", vn,
			full, "value '%s' is %s; %s", v.text,
			v.why ? v.why : "invalid", failure_words(c));
		fail(c, sl, v.why ? v.why : "invalid");
		return;
	}
	sl->state = PROV_TRAEFIK_SET;
}

/* Reads the keys of one side; reports the others. */
static void
parse_map(struct tctx *c, const struct doc_node *map)
{
	size_t plen = strlen(PROV_TRAEFIK_PREFIX);

	for (size_t i = 0; i < doc_len(map); i++) {
		const struct doc_node *kn = doc_map_key(map, i);
		const struct doc_node *vn = doc_map_value(map, i);
		const char *full = doc_str(kn), *rest;
		const struct prov_annotation *a;
		char buf[256];
		long idx = -1;

		if (!full || strncmp(full, PROV_TRAEFIK_PREFIX, plen))
			continue;
		rest = full + plen;
		a = prov_traefik_lookup(rest);
		if (a)
			(void)normalize(rest, buf, sizeof(buf), &idx);
		if (!a) {
			unknown_key(c, full, rest, kn);
			continue;
		}
		if (prov_traefik_service_key(a->key) != c->service) {
			say(c, DIAG_WARNING, "convert/traefik-annotation-"
				"ignored", kn, full, "Traefik reads %s keys "
				"from the %s, not from the %s, and ignores it "
				"here", c->service ? "router.*" : "service.*",
				c->service ? "Ingress" : "Service the Ingress "
				"routes to", c->what);
			continue;
		}
		parse_one(c, a, idx, full, kn, vn);
	}
}

static struct prov_traefik_slot *
slot(struct tctx *c, const char *key)
{
	return &c->slots[prov_traefik_index(prov_traefik_lookup(key))];
}

static bool
present(struct tctx *c, const char *key)
{
	return slot(c, key)->key_node != NULL;
}

/* tls (or sticky.cookie) and the keys under it: enabled, or turned off
 * by a value other than "true". */
static bool
enabled_group(struct tctx *c, const char *parent, const char *const *subs,
	bool *flag)
{
	struct prov_traefik_slot *p = slot(c, parent);
	bool any = false;

	for (const char *const *k = subs; *k; k++)
		any |= present(c, *k);
	if (p->key_node && p->state == PROV_TRAEFIK_SET) {
		if (!*flag && any)
			for (const char *const *k = subs; *k; k++) {
				struct prov_traefik_slot *s = slot(c, *k);

				if (!s->key_node || s->state !=
				    PROV_TRAEFIK_SET)
					continue;
				s->state = PROV_TRAEFIK_IGNORED;
				say(c, DIAG_INFO, "convert/traefik-annotation-"
					"ignored", s->key_node, s->key, "has "
					"no effect: '%s' is '%s', which turns "
					"the group off (only \"true\" or no "
					"value enables it)", p->key, p->text);
			}
		return *flag;
	}
	*flag = any;
	return any;
}

void
prov_traefik_parse_router(struct prov_traefik_router *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *ns, const char *name,
	struct diag_sink *sink)
{
	static const char *const tls_keys[] = { "router.tls.certresolver",
		"router.tls.options", "router.tls.domains.0.main",
		"router.tls.domains.0.sans", NULL };
	struct tctx c = { .arena = arena, .set = set, .ns = ns, .name = name,
		.what = "Ingress", .sink = sink };

	memset(out, 0, sizeof(*out));
	out->path_matcher = PROV_TRAEFIK_PATH_PREFIX;
	out->access_logs = out->metrics = out->tracing = true;
	out->annotations = annotations;
	c.slots = out->slots;
	c.settings = out;
	if (!doc_is_map(annotations))
		return;
	parse_map(&c, annotations);
	out->has_entrypoints = slot(&c, "router.entrypoints")->state ==
		PROV_TRAEFIK_SET && out->entrypoints.len;
	if (slot(&c, "router.rulesyntax")->state != PROV_TRAEFIK_SET &&
	    slot(&c, "router.rulesyntax")->key_node)
		out->rule_syntax = slot(&c, "router.rulesyntax")->text;
	out->rule_v2 = out->rule_syntax && !strcmp(out->rule_syntax, "v2");
	if (c.ndomains) {
		out->domains = arena_alloc(arena, c.ndomains *
			sizeof(*out->domains));
		memcpy(out->domains, c.domains, c.ndomains *
			sizeof(*out->domains));
		out->ndomains = c.ndomains;
	}
	free(c.domains);
	free(c.domain_index);
	/* a domains.N key is looked up by its table entry: any N */
	enabled_group(&c, "router.tls", tls_keys, &out->tls);
	if (!out->tls) {
		out->tls_certresolver = out->tls_options = NULL;
		out->ndomains = 0;
	}
	out->skipped = c.failed;
	out->skip_key = c.fail_key;
	out->skip_reason = c.fail_reason;
	out->skip_node = c.fail_node;
}

void
prov_traefik_parse_service(struct prov_traefik_service *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *ns, const char *name,
	struct diag_sink *sink)
{
	static const char *const cookie_keys[] = {
		"service.sticky.cookie.domain",
		"service.sticky.cookie.httponly",
		"service.sticky.cookie.maxage", "service.sticky.cookie.name",
		"service.sticky.cookie.path", "service.sticky.cookie.samesite",
		"service.sticky.cookie.secure", NULL };
	struct tctx c = { .arena = arena, .set = set, .ns = ns, .name = name,
		.what = "Service", .service = true, .sink = sink };
	struct prov_traefik_slot *sc;

	memset(out, 0, sizeof(*out));
	out->scheme = -1;
	out->pass_host_header = true;
	c.slots = out->slots;
	c.settings = out;
	if (!doc_is_map(annotations))
		return;
	parse_map(&c, annotations);
	sc = slot(&c, "service.serversscheme");
	if (sc->key_node && sc->state == PROV_TRAEFIK_DEFAULTED) {
		out->scheme_bad = true;
		out->scheme = -1;
		say(&c, DIAG_WARNING, "convert/traefik-annotation-invalid",
			sc->node, sc->key, "value '%s' is not http, https or "
			"h2c; Traefik builds the backend URLs with it as their "
			"scheme and every request to the Service fails (502)",
			sc->text);
	}
	out->scheme_text = sc->key_node ? sc->text : NULL;
	if (slot(&c, "service.sticky.cookie.samesite")->state !=
	    PROV_TRAEFIK_SET)
		out->cookie_same_site = NULL;
	enabled_group(&c, "service.sticky.cookie", cookie_keys, &out->sticky);
	out->failed = c.failed;
	out->fail_key = c.fail_key;
	out->fail_reason = c.fail_reason;
	out->fail_node = c.fail_node;
}

/* ---- selection --------------------------------------------------------- */

bool
prov_traefik_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	switch (ing->class_source) {
	case ING_CLASS_FIELD:
	case ING_CLASS_DEFAULT:
		cls = ing_world_class(w, ing->class_name);
		if (cls)
			return cls->controller && !strcmp(cls->controller,
				PROV_TRAEFIK_CONTROLLER);
		/* an input without IngressClasses: the chart's class */
		return !strcmp(ing->class_name, PROV_TRAEFIK_CLASS);
	case ING_CLASS_ANNOTATION:
		/* compared as it is, without looking for an IngressClass */
		return ing->class_annotation &&
			!strcmp(ing->class_annotation, PROV_TRAEFIK_CLASS);
	case ING_CLASS_NONE:
		break;
	}
	return without_class;
}

/* ---- rules ------------------------------------------------------------- */

/* s quoted as Go's strconv.Quote quotes it (ASCII escapes). */
static void
go_quote(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '"': strbuf_adds(sb, "\\\""); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		case '\a': strbuf_adds(sb, "\\a"); break;
		case '\b': strbuf_adds(sb, "\\b"); break;
		case '\f': strbuf_adds(sb, "\\f"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\t': strbuf_adds(sb, "\\t"); break;
		case '\v': strbuf_adds(sb, "\\v"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				strbuf_addf(sb, "\\x%02x", ch);
			else
				strbuf_addc(sb, (char)ch);
		}
	}
	strbuf_addc(sb, '"');
}

const char *
prov_traefik_rule(struct arena *arena, const char *host, bool v2,
	int matcher, const char *path)
{
	static const char *const names[] = { "Path", "PathPrefix",
		"PathRegexp" };
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	if (host && *host) {
		if (v2 && !strncmp(host, "*.", 2)) {
			strbuf_adds(&sb, "HostRegexp(");
			go_quote(&sb, arena_printf(arena,
				"{subdomain:[a-zA-Z0-9-]+}.%s", host + 2));
		} else {
			strbuf_adds(&sb, "Host(");
			go_quote(&sb, host);
		}
		strbuf_addc(&sb, ')');
	}
	if (path && *path) {
		if (sb.len)
			strbuf_adds(&sb, " && ");
		if (matcher < 0 || matcher > PROV_TRAEFIK_PATH_REGEXP)
			matcher = PROV_TRAEFIK_PATH_PREFIX;
		strbuf_adds(&sb, names[matcher]);
		strbuf_addc(&sb, '(');
		go_quote(&sb, path);
		strbuf_addc(&sb, ')');
	}
	out = arena_strdup(arena, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}
