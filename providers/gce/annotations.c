#include "compat.h"
#include "providers/gce/annotations.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"

/*
 * Facts: kubernetes/ingress-gce (pkg/annotations/ingress.go: the Ingress
 * keys, AllowHTTP, SuppressFirewallXPNError, the status keys under
 * ingress.kubernetes.io/; service.go: app-protocols, neg, neg-status,
 * backend-config, transparent-health-checker; pkg/neg/syncers traffic
 * scaling: max-rate-per-endpoint, capacity-scaler; pkg/utils/utils.go:
 * IsGCEIngress; pkg/backendconfig/utils.go: the port lookup; the
 * managed-certificates key of pkg/loadbalancers) and GKE's Ingress
 * documentation (cloud.google.com/kubernetes-engine/docs/how-to/
 * ingress-configuration, ingress-features).
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define HIGH PROV_RISK_HIGH
#define ING PROV_SCOPE_INGRESS
#define SVC PROV_SCOPE_SERVICE
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE
#define DROP PROV_INVALID_DROP

#define I(k, kd, fld, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_gce_ingress, fld), .scope = ING
#define S(k, kd, fn) .key = (k), .kind = (kd), .parse = (fn), \
	.off = offsetof(struct prov_gce_ingress, service_value), .scope = SVC
#define STATUS(k) { I("ingress.kubernetes.io/" k, PROV_KIND_STRING, \
	status_value, prov_parse_raw), .cls = CP, .risk = LOW, \
	.on_invalid = IGN, .desc = "written by the controller: the name of " \
	"the load balancer's " k " (read-only)", \
	.gateway = "none: the Gateway's status names its own resources" }

static prov_parse_fn gce_parse_bool_default_true;
static prov_parse_fn gce_parse_json;
static prov_parse_fn gce_parse_list;

static const char *const v_class[] = { PROV_GCE_CLASS,
	PROV_GCE_CLASS_INTERNAL, PROV_GCE_CLASS_REGIONAL, PROV_GCE_CLASS_MULTI,
	NULL };
static const char *const backend_config_alias[] = {
	PROV_GCE_BACKEND_CONFIG_BETA, NULL };
static const char *const app_protocols_alias[] = {
	PROV_GCE_APP_PROTOCOLS_OLD, NULL };

/* "" first: the table holds full keys (see annotations.h). */
static const char *const gce_prefixes[] = { "", "ingress.gcp.kubernetes.io/",
	"networking.gke.io/", NULL };

static const struct prov_annotation gce_table[] = {
	/* ---- the Ingress ---- */
	{ I("kubernetes.io/ingress.class", PROV_KIND_ENUM, class_name,
		prov_parse_string),
	  .values = v_class, .cls = A_, .risk = LOW, .on_invalid = DROP,
	  .desc = "the load balancer: gce (external Application LB), "
		"gce-internal (internal), gce-regional-external; without it, "
		"an Ingress without ingressClassName (GKE's default)",
	  .gateway = "the Gateway's class (GKE: gke-l7-global-external-"
		"managed, gke-l7-rilb, gke-l7-regional-external-managed)" },
	{ I(PROV_GCE_ALLOW_HTTP, PROV_KIND_BOOL, allow_http,
		gce_parse_bool_default_true),
	  .def = "true", .cls = A_, .risk = LOW, .on_invalid = DEF,
	  .desc = "false: no HTTP forwarding rule, only HTTPS (port 443)",
	  .gateway = "the routes attach to the HTTPS listeners only "
		"(parentRefs sectionName)",
	  .std = "parentRefs sectionName" },
	{ I(PROV_GCE_GLOBAL_IP, PROV_KIND_STRING, global_ip,
		prov_parse_string),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "name of a reserved global static IP address for the "
		"forwarding rules",
	  .gateway = "Gateway spec.addresses (GKE: type NamedAddress, the "
		"address's name), written by hand" },
	{ I(PROV_GCE_REGIONAL_IP, PROV_KIND_STRING, regional_ip,
		prov_parse_string),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "name of a reserved regional static IP address (internal "
		"and regional load balancers); not with the global one",
	  .gateway = "Gateway spec.addresses (GKE: type NamedAddress), "
		"written by hand" },
	{ I(PROV_GCE_PRE_SHARED, PROV_KIND_LIST, pre_shared, gce_parse_list),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "names of SSL certificate resources of the project for the "
		"HTTPS proxy (comma-separated)",
	  .gateway = "no Secret: GKE Gateway listener tls.options "
		"networking.gke.io/pre-shared-certs, written by hand" },
	{ I(PROV_GCE_MANAGED, PROV_KIND_LIST, managed, gce_parse_list),
	  .cls = B_, .risk = LOW, .on_invalid = IGN,
	  .desc = "names of ManagedCertificate objects (Google-managed "
		"certificates) for the HTTPS proxy",
	  .gateway = "no Secret: Certificate Manager (GKE Gateway "
		"networking.gke.io/certmap), written by hand" },
	{ I(PROV_GCE_FRONTEND, PROV_KIND_OBJREF, frontend_config,
		prov_parse_string),
	  .cls = A_, .risk = LOW, .on_invalid = IGN,
	  .desc = "FrontendConfig of the Ingress's namespace: "
		"redirectToHttps (HTTP to HTTPS redirect and its code), "
		"sslPolicy",
	  .gateway = "redirectToHttps: RequestRedirect scheme https on the "
		"HTTP listener, with its status code; sslPolicy: GKE "
		"GCPGatewayPolicy, written by hand",
	  .std = "RequestRedirect" },
	{ I(PROV_GCE_XPN, PROV_KIND_BOOL, suppress_xpn, prov_parse_bool),
	  .def = "false", .cls = CP, .risk = LOW, .on_invalid = DEF,
	  .desc = "Shared VPC: report the firewall rules to create as "
		"events instead of an error",
	  .gateway = "none (the Gateway controller's firewall rules)" },
	{ I("ingress.gcp.kubernetes.io/instance-groups", PROV_KIND_STRING,
		status_value, prov_parse_raw),
	  .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "written by the controller (gce-multi-cluster): the "
		"instance groups of the Ingress (read-only)",
	  .gateway = "none" },
	STATUS("backends"),
	STATUS("forwarding-rule"),
	STATUS("https-forwarding-rule"),
	STATUS("https-target-proxy"),
	STATUS("redirect-url-map"),
	STATUS("ssl-cert"),
	STATUS("static-ip"),
	STATUS("target-proxy"),
	STATUS("url-map"),
	/* ---- the Service ---- */
	{ S(PROV_GCE_BACKEND_CONFIG, PROV_KIND_STRING, gce_parse_json),
	  .aliases = backend_config_alias, .cls = A_, .risk = HIGH,
	  .on_invalid = IGN,
	  .desc = "BackendConfig of the Service's ports, JSON {\"default\": "
		"name, \"ports\": {port: name}}: timeoutSec, custom request "
		"and response headers, iap, securityPolicy, sessionAffinity, "
		"cdn, healthCheck, connectionDraining, logging",
	  .gateway = "timeoutSec: rule timeouts.request; custom headers: "
		"RequestHeaderModifier and ResponseHeaderModifier; iap and "
		"securityPolicy restrict access: no target expresses them "
		"(error, the paths answer 500); the rest: GKE "
		"GCPBackendPolicy and HealthCheckPolicy, written by hand",
	  .std = "timeouts.request, RequestHeaderModifier, "
		"ResponseHeaderModifier" },
	{ S(PROV_GCE_APP_PROTOCOLS, PROV_KIND_STRING, gce_parse_json),
	  .aliases = app_protocols_alias, .cls = A_, .risk = LOW,
	  .on_invalid = IGN,
	  .desc = "protocol to each Service port, JSON {port: HTTP | HTTPS | "
		"HTTP2}",
	  .gateway = "HTTPS and HTTP2: BackendTLSPolicy (the CA and name to "
		"verify, written by hand: GCE does not verify) and the port's "
		"appProtocol" },
	{ S(PROV_GCE_NEG, PROV_KIND_STRING, gce_parse_json),
	  .def = "{\"ingress\": true} on VPC-native clusters", .cls = CP,
	  .risk = LOW, .on_invalid = IGN,
	  .desc = "network endpoint groups: the load balancer sends to the "
		"Pods instead of the nodes' NodePort",
	  .gateway = "none: GKE Gateway always uses NEGs" },
	{ S("cloud.google.com/neg-status", PROV_KIND_STRING, prov_parse_raw),
	  .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "written by the NEG controller: the NEGs and zones of the "
		"Service (read-only)",
	  .gateway = "none" },
	{ S("networking.gke.io/transparent-health-checker", PROV_KIND_STRING,
		gce_parse_json),
	  .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "transparent health checks by the Pods' sidecar, JSON "
		"{\"enabled\": true}",
	  .gateway = "none: GKE HealthCheckPolicy" },
	{ S("networking.gke.io/max-rate-per-endpoint", PROV_KIND_STRING,
		prov_parse_string),
	  .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "traffic scaling: requests per second per endpoint",
	  .gateway = "none: GKE GCPBackendPolicy maxRatePerEndpoint" },
	{ S("networking.gke.io/capacity-scaler", PROV_KIND_STRING,
		prov_parse_string),
	  .cls = CP, .risk = LOW, .on_invalid = IGN,
	  .desc = "traffic scaling: share of the capacity used (0 to 1)",
	  .gateway = "none" },
};

_Static_assert(sizeof(gce_table) / sizeof(gce_table[0]) == PROV_GCE_NANN,
	"PROV_GCE_NANN");

static const struct prov_annotation *gce_lookup_fn(const char *key);

const struct prov_provider prov_gce_provider = {
	.name = "gce",
	.prefixes = gce_prefixes,
	.table = gce_table,
	.count = PROV_GCE_NANN,
	.nkeys = PROV_GCE_NANN + 2,
	.lookup = gce_lookup_fn,
};

/* ---- parsers ------------------------------------------------------------ */

static int
gce_parse_bool_default_true(struct prov_value *v, void *dst)
{
	bool b;

	if (!prov_str_bool(v->text, &b)) {
		*(bool *)dst = true;
		v->why = "not a boolean (true, false, 1, 0, t, f): GLBC takes "
			"true";
		return ERR_INVALID;
	}
	*(bool *)dst = b;
	return 0;
}

static int
gce_parse_json(struct prov_value *v, void *dst)
{
	json_error_t err;
	json_t *j = json_loads(v->text, JSON_DECODE_ANY, &err);
	bool obj = j && json_is_object(j);

	json_decref(j);
	if (!obj) {
		v->why = j ? "not a JSON object" : "not valid JSON";
		return ERR_INVALID;
	}
	*(const char **)dst = arena_strdup(v->arena, v->text);
	return 0;
}

static int
gce_parse_list(struct prov_value *v, void *dst)
{
	struct prov_strlist *l = dst;
	const char *p = v->text;
	size_t n = 1;

	for (const char *q = p; *q; q++)
		n += *q == ',';
	l->v = arena_alloc(v->arena, n * sizeof(*l->v));
	l->len = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *s = p, *e = p + len;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s)
			l->v[l->len++] = arena_strndup(v->arena, s,
				(size_t)(e - s));
		p += len;
		if (*p == ',')
			p++;
	}
	if (!l->len) {
		v->why = "no name in the list";
		return ERR_INVALID;
	}
	return 0;
}

/* ---- lookup ------------------------------------------------------------- */

size_t
prov_gce_index(const struct prov_annotation *a)
{
	return (size_t)(a - gce_table);
}

const struct prov_annotation *
prov_gce_lookup(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < PROV_GCE_NANN; i++) {
		const struct prov_annotation *a = &gce_table[i];

		if (!strcmp(a->key, key))
			return a;
		for (const char *const *al = a->aliases; al && *al; al++)
			if (!strcmp(*al, key))
				return a;
	}
	/* without one of the registered prefixes (audit strips them) */
	for (const char *const *p = gce_prefixes + 1; *p; p++) {
		char buf[256];

		if ((size_t)snprintf(buf, sizeof(buf), "%s%s", *p, key) >=
		    sizeof(buf) || !strncmp(key, *p, strlen(*p)))
			continue;
		for (size_t i = 0; i < PROV_GCE_NANN; i++)
			if (!strcmp(gce_table[i].key, buf))
				return &gce_table[i];
	}
	return NULL;
}

static const struct prov_annotation *
gce_lookup_fn(const char *key)
{
	return prov_gce_lookup(key);
}

const struct prov_gce_slot *
prov_gce_slot(const struct prov_gce_ingress *in, const char *key)
{
	const struct prov_annotation *a = prov_gce_lookup(key);

	return a ? &in->slots[prov_gce_index(a)] : NULL;
}

/* ---- the Ingress -------------------------------------------------------- */

struct gctx {
	const struct doc_set *set;
	struct diag_sink *sink;
	const char *ns, *name;
};

static void
say(struct gctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
say(struct gctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
{
	va_list ap;

	if (!c->sink)
		return;
	va_start(ap, fmt);
	diag_vadd(c->sink, sev, rule, doc_pos(c->set, at), fmt, ap);
	va_end(ap);
}

/* Keys under a GKE prefix, which GLBC owns. */
static bool
gke_key(const char *key)
{
	return !strncmp(key, "ingress.gcp.kubernetes.io/", 26) ||
		!strncmp(key, "networking.gke.io/", 18) ||
		!strncmp(key, "cloud.google.com/", 17) ||
		!strncmp(key, "beta.cloud.google.com/", 22) ||
		!strncmp(key, "kubernetes.io/ingress.", 22);
}

static const char *
closest(const char *key)
{
	const char *keys[PROV_GCE_NANN + 1];

	for (size_t i = 0; i < PROV_GCE_NANN; i++)
		keys[i] = gce_table[i].key;
	keys[PROV_GCE_NANN] = NULL;
	return similar_pick(key, keys);
}

void
prov_gce_parse_ingress(struct prov_gce_ingress *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink)
{
	struct gctx c = { set, sink, ns, name };

	memset(out, 0, sizeof(*out));
	out->allow_http = true;
	for (size_t i = 0; i < doc_len(annotations); i++) {
		const struct doc_node *k = doc_map_key(annotations, i);
		const struct doc_node *vn = doc_map_value(annotations, i);
		const char *key = doc_str(k);
		const struct prov_annotation *a;
		struct prov_gce_slot *sl;
		struct prov_value v = { .arena = arena };
		const char *near;

		if (!key)
			continue;
		a = prov_gce_lookup(key);
		if (!a) {
			if (!gke_key(key) ||
			    !strcmp(key, "kubernetes.io/ingress.class"))
				continue;
			near = closest(key);
			say(&c, DIAG_WARNING, "convert/gce-annotation-unknown", k,
				"Ingress '%s/%s': annotation '%s' is not one "
				"GKE's Ingress controller reads; it has no "
				"effect%s%s%s", ns, name, key, near ?
				" (did you mean '" : "", near ? near : "",
				near ? "'?)" : "");
			continue;
		}
		sl = &out->slots[prov_gce_index(a)];
		sl->key_node = k;
		sl->node = vn;
		sl->text = doc_str(vn) ? doc_str(vn) : "";
		if (a->scope == PROV_SCOPE_SERVICE) {
			say(&c, DIAG_WARNING, "convert/gce-annotation-ignored", k,
				"Ingress '%s/%s': annotation '%s' belongs on "
				"the Service the paths name; GKE does not read "
				"it on an Ingress", ns, name, key);
			continue;
		}
		v.ann = a;
		v.text = sl->text;
		if (a->parse(&v, (char *)out + a->off)) {
			sl->bad = true;
			say(&c, DIAG_WARNING, "convert/gce-annotation-invalid", vn,
				"Ingress '%s/%s': annotation '%s' value '%s' "
				"is %s", ns, name, key, sl->text,
				v.why ? v.why : "invalid");
		}
	}
	/* GLBC reads the class annotation itself, whatever its value */
	if (out->slots[0].key_node && *out->slots[0].text)
		out->class_name = out->slots[0].text;
	else
		out->class_name = NULL;
	if (out->global_ip && !*out->global_ip)
		out->global_ip = NULL;
	if (out->regional_ip && !*out->regional_ip)
		out->regional_ip = NULL;
	if (out->frontend_config && !*out->frontend_config)
		out->frontend_config = NULL;
}

/* ---- the Service -------------------------------------------------------- */

static const char *
first_of(const struct doc_node *anns, const char *k1, const char *k2,
	const struct doc_node **key_node)
{
	const struct doc_node *kn;

	*key_node = NULL;
	if ((kn = doc_key_node(anns, k1))) {
		*key_node = kn;
		return doc_str(doc_get(anns, k1));
	}
	if ((kn = doc_key_node(anns, k2))) {
		*key_node = kn;
		return doc_str(doc_get(anns, k2));
	}
	return NULL;
}

static const char *
port_value(json_t *map, const char *port_name, int port)
{
	char num[24];
	json_t *v = NULL;

	if (!json_is_object(map))
		return NULL;
	if (port_name)
		v = json_object_get(map, port_name);
	if (!json_is_string(v) && port > 0) {
		snprintf(num, sizeof(num), "%d", port);
		v = json_object_get(map, num);
	}
	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *
prov_gce_backend_config(struct arena *arena,
	const struct doc_node *annotations, const char *port_name, int port,
	const struct doc_node **key_node, const char **why)
{
	const char *text = first_of(annotations, PROV_GCE_BACKEND_CONFIG,
		PROV_GCE_BACKEND_CONFIG_BETA, key_node);
	json_error_t err;
	json_t *j, *ports, *def;
	const char *name = NULL;

	*why = NULL;
	if (!*key_node)
		return NULL;
	j = text ? json_loads(text, 0, &err) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		*why = "is not valid JSON";
		return NULL;
	}
	ports = json_object_get(j, "ports");
	def = json_object_get(j, "default");
	if (!(json_is_string(def) && *json_string_value(def)) &&
	    !(json_is_object(ports) && json_object_size(ports))) {
		json_decref(j);
		*why = "names no BackendConfig (neither \"default\" nor "
			"\"ports\")";
		return NULL;
	}
	name = port_value(ports, port_name, port);
	if (!name && json_is_string(def) && *json_string_value(def))
		name = json_string_value(def);
	if (name)
		name = arena_strdup(arena, name);
	json_decref(j);
	return name;
}

const char *
prov_gce_app_protocol(struct arena *arena,
	const struct doc_node *annotations, const char *port_name, int port,
	const struct doc_node **key_node, const char **why)
{
	const char *text = first_of(annotations, PROV_GCE_APP_PROTOCOLS_OLD,
		PROV_GCE_APP_PROTOCOLS, key_node);
	json_error_t err;
	json_t *j;
	const char *key, *p = "HTTP";
	json_t *val;

	*why = NULL;
	if (!*key_node)
		return "HTTP";
	j = text ? json_loads(text, 0, &err) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		*why = "is not valid JSON";
		return NULL;
	}
	json_object_foreach(j, key, val) {
		const char *s = json_string_value(val);

		if (!s || (strcmp(s, "HTTP") && strcmp(s, "HTTPS") &&
		    strcmp(s, "HTTP2"))) {
			json_decref(j);
			*why = "names a protocol other than HTTP, HTTPS and "
				"HTTP2";
			return NULL;
		}
	}
	if ((key = port_value(j, port_name, port)))
		p = arena_strdup(arena, key);
	json_decref(j);
	return p;
}

int
prov_gce_redirect_code(const char *name)
{
	static const struct { const char *name; int code; } codes[] = {
		{ "MOVED_PERMANENTLY_DEFAULT", 301 }, { "FOUND", 302 },
		{ "SEE_OTHER", 303 }, { "TEMPORARY_REDIRECT", 307 },
		{ "PERMANENT_REDIRECT", 308 },
	};

	if (!name || !*name)
		return 301;
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (!strcmp(codes[i].name, name))
			return codes[i].code;
	return 0;
}

/* ---- selection ---------------------------------------------------------- */

bool
prov_gce_serves(const struct ingress *ing, bool without_class)
{
	const char *cls = ing->class_annotation;

	if (cls && *cls)
		return !strcmp(cls, PROV_GCE_CLASS) ||
			!strcmp(cls, PROV_GCE_CLASS_INTERNAL) ||
			!strcmp(cls, PROV_GCE_CLASS_REGIONAL);
	return without_class && !ing->class_field;
}
