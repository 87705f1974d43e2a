#include "compat.h"
#include "providers/cilium/annotations.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/ingress.h"
#include "similar.h"
#include "strbuf.h"
#include "targets/target.h"

/*
 * Facts: cilium/cilium operator/pkg/ingress/annotations/annotations.go
 * (the keys, their aliases and parsers), operator/pkg/ingress
 * (isCiliumManagedIngress, the default load balancer mode and
 * enforce-ingress-https of the operator's configuration),
 * operator/pkg/model/ingestion/ingress.go (what each key does), and
 * Documentation/network/servicemesh/ingress.rst (the annotation table).
 */

#define A_ PROV_CLASS_A
#define B_ PROV_CLASS_B
#define C_ PROV_CLASS_C
#define CP PROV_CLASS_C_PERF
#define LOW PROV_RISK_LOW
#define ING PROV_SCOPE_INGRESS
#define DEF PROV_INVALID_DEFAULT
#define IGN PROV_INVALID_IGNORE

static prov_parse_fn cilium_parse_text;

#define K(k, kd) .key = (k), .kind = (kd), .parse = cilium_parse_text, \
	.scope = ING, .risk = LOW

static const char *const v_mode[] = { "dedicated", "shared", NULL };
static const char *const v_svc[] = { "LoadBalancer", "NodePort", NULL };
static const char *const v_etp[] = { "Cluster", "Local", NULL };
static const char *const v_onoff[] = { "enabled", "disabled", "true",
	"false", NULL };
static const char *const v_enabled[] = { "enabled", NULL };

static const char *const cilium_prefixes[] = { PROV_CILIUM_PREFIX,
	PROV_CILIUM_ALIAS_PREFIX, NULL };

/* In key order. */
static const struct prov_annotation cilium_table[] = {
	{ K("force-https", PROV_KIND_ENUM), .values = v_onoff,
	  .def = "(operator: on)", .cls = A_,
	  .on_invalid = DEF,
	  .desc = "redirect HTTP to HTTPS (301) for the hosts of spec.tls; "
		"unset: the operator's enforce-ingress-https (on by default)",
	  .gateway = "an HTTPRoute on the HTTP listener with a RequestRedirect "
		"filter, scheme https, statusCode 301",
	  .std = "RequestRedirect", .construct = TGT_C_SCHEME_REDIRECT },
	{ K("host-listener-port", PROV_KIND_INT), .cls = C_, .on_invalid = IGN,
	  .desc = "port of the host-network listener (ingressController."
		"hostNetwork)",
	  .gateway = "none: the Gateway's listener ports are 80 and 443 (the "
		"implementation's host network setting)" },
	{ K("insecure-node-port", PROV_KIND_INT), .cls = C_, .on_invalid = IGN,
	  .desc = "nodePort of the HTTP port of the Ingress's Service (with "
		"service-type NodePort)",
	  .gateway = "none: the implementation's Service of the Gateway" },
	{ K("loadbalancer-class", PROV_KIND_STRING), .cls = C_,
	  .on_invalid = IGN,
	  .desc = "loadBalancerClass of the Ingress's LoadBalancer Service "
		"(dedicated mode)",
	  .gateway = "none: the implementation's Service of the Gateway "
		"(GatewayClass parameters)" },
	{ K("loadbalancer-mode", PROV_KIND_ENUM), .values = v_mode,
	  .def = "dedicated", .cls = C_, .on_invalid = DEF,
	  .desc = "dedicated: the Ingress gets its own LoadBalancer Service "
		"and address; shared: one address for every shared Ingress",
	  .gateway = "none: every converted Ingress shares the Gateway's "
		"address (the shared mode); a dedicated Ingress that must "
		"keep its own address needs a Gateway of its own" },
	{ K("request-timeout", PROV_KIND_DURATION), .cls = A_,
	  .on_invalid = DEF,
	  .desc = "timeout of the whole request (Go duration, e.g. 30s); "
		"default: the operator's ingress-default-request-timeout "
		"(none)",
	  .gateway = "HTTPRoute rule timeouts.request",
	  .std = "timeouts.request", .construct = TGT_C_REQUEST_TIMEOUT },
	{ K("secure-node-port", PROV_KIND_INT), .cls = C_, .on_invalid = IGN,
	  .desc = "nodePort of the HTTPS port of the Ingress's Service (with "
		"service-type NodePort)",
	  .gateway = "none: the implementation's Service of the Gateway" },
	{ K("service-external-traffic-policy", PROV_KIND_ENUM),
	  .values = v_etp, .def = "Cluster", .cls = C_, .on_invalid = DEF,
	  .desc = "externalTrafficPolicy of the Ingress's Service",
	  .gateway = "none: the implementation's Service of the Gateway" },
	{ K("service-type", PROV_KIND_ENUM), .values = v_svc,
	  .def = "LoadBalancer", .cls = C_, .on_invalid = DEF,
	  .desc = "type of the Ingress's Service (dedicated mode): "
		"LoadBalancer or NodePort",
	  .gateway = "none: the implementation's Service of the Gateway" },
	{ K("tcp-keep-alive", PROV_KIND_ENUM), .values = v_enabled,
	  .cls = CP, .on_invalid = IGN,
	  .desc = "older releases only: TCP keep-alive to the backends; the "
		"current release ignores it",
	  .gateway = "none" },
	{ K("tcp-keep-alive-idle", PROV_KIND_SECONDS), .cls = CP,
	  .on_invalid = IGN,
	  .desc = "older releases only: idle seconds before keep-alive "
		"probes; the current release ignores it",
	  .gateway = "none" },
	{ K("tcp-keep-alive-probe-interval", PROV_KIND_SECONDS), .cls = CP,
	  .on_invalid = IGN,
	  .desc = "older releases only: seconds between keep-alive probes; "
		"the current release ignores it",
	  .gateway = "none" },
	{ K("tcp-keep-alive-probe-max-failures", PROV_KIND_INT), .cls = CP,
	  .on_invalid = IGN,
	  .desc = "older releases only: keep-alive probes before the "
		"connection drops; the current release ignores it",
	  .gateway = "none" },
	{ K("tls-passthrough", PROV_KIND_BOOL), .def = "false", .cls = A_,
	  .on_invalid = DEF,
	  .desc = "pass TLS connections of the Ingress's hosts through to the "
		"backend (enabled or true); only paths '/' are used",
	  .gateway = "a TLS listener in Passthrough mode and a TLSRoute",
	  .std = "TLSRoute", .construct = TGT_C_TLSROUTE },
	{ K("websocket", PROV_KIND_ENUM), .values = v_enabled, .cls = CP,
	  .on_invalid = IGN,
	  .desc = "older releases only: WebSocket upgrades; the current "
		"release ignores it (Envoy upgrades them anyway)",
	  .gateway = "none: Gateway API implementations upgrade WebSocket" },
};

_Static_assert(ARRAY_LEN(cilium_table) == PROV_CILIUM_NANN,
	"PROV_CILIUM_NANN counts the table");

const struct prov_provider prov_cilium_provider = {
	.name = "cilium",
	.prefixes = cilium_prefixes,
	.table = cilium_table,
	.count = ARRAY_LEN(cilium_table),
	.nkeys = ARRAY_LEN(cilium_table),
	.lookup = prov_cilium_lookup,
};

/* The keys the old prefix io.cilium.ingress/ names too. */
static const char *const alias_keys[] = { "loadbalancer-mode",
	"service-type", "insecure-node-port", "secure-node-port",
	"tls-passthrough", NULL };

static int
cilium_parse_text(struct prov_value *v, void *dst)
{
	*(const char **)dst = v->text;
	return 0;
}

const struct prov_annotation *
prov_cilium_lookup(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_LEN(cilium_table); i++)
		if (!strcmp(cilium_table[i].key, key))
			return &cilium_table[i];
	return NULL;
}

size_t
prov_cilium_index(const struct prov_annotation *a)
{
	return (size_t)(a - cilium_table);
}

const struct prov_cilium_slot *
prov_cilium_slot(const struct prov_cilium_settings *s, const char *key)
{
	const struct prov_annotation *a = prov_cilium_lookup(key);

	return a ? &s->slots[prov_cilium_index(a)] : NULL;
}

static bool
in_list(const char *const *l, const char *s)
{
	for (; l && *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* ---- durations --------------------------------------------------------- */

bool
prov_cilium_duration(const char *s, long long *ms, struct arena *arena,
	const char **gw)
{
	static const struct { const char *u; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 },
		{ "\xce\xbcs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "m", 60e9 }, { "h", 3600e9 },
	};
	double total = 0;
	bool neg = false;
	long long v, h, m, sec, rest;
	struct strbuf sb = STRBUF_INIT;

	if (gw)
		*gw = NULL;
	if (!s || !*s)
		return false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!strcmp(s, "0")) {
		*ms = 0;
		if (gw)
			*gw = "0s";
		return true;
	}
	if (!*s)
		return false;
	while (*s) {
		double num = 0, frac = 0, scale = 1;
		bool digits = false;
		size_t best = 0, bi = 0;

		while (isdigit((unsigned char)*s)) {
			num = num * 10 + (*s++ - '0');
			digits = true;
		}
		if (*s == '.') {
			s++;
			while (isdigit((unsigned char)*s)) {
				scale /= 10;
				frac += (*s++ - '0') * scale;
				digits = true;
			}
		}
		if (!digits)
			return false;
		for (size_t i = 0; i < ARRAY_LEN(units); i++) {
			size_t n = strlen(units[i].u);

			if (!strncmp(s, units[i].u, n) && n > best) {
				best = n;
				bi = i;
			}
		}
		if (!best)
			return false;	/* Go: missing unit */
		s += best;
		total += (num + frac) * units[bi].ns;
	}
	if (neg && total > 0)
		return false;		/* a negative timeout: unusable */
	if (total > 9.2e18)
		return false;
	v = (long long)(total / 1e6);
	*ms = v;
	if (!gw)
		return true;
	if ((double)v * 1e6 != total && total < 1e6)
		return true;		/* below a millisecond: no GW form */
	h = v / 3600000;
	m = v / 60000 % 60;
	sec = v / 1000 % 60;
	rest = v % 1000;
	if (h > 99999)
		return true;
	if (h)
		strbuf_addf(&sb, "%lldh", h);
	if (m)
		strbuf_addf(&sb, "%lldm", m);
	if (sec)
		strbuf_addf(&sb, "%llds", sec);
	if (rest)
		strbuf_addf(&sb, "%lldms", rest);
	if (!sb.len)
		strbuf_adds(&sb, "0s");
	*gw = arena_strdup(arena, sb.buf);
	strbuf_release(&sb);
	return true;
}

/* ---- parsing ----------------------------------------------------------- */

struct pctx {
	const struct doc_set *set;
	const char *ns, *name;
	struct diag_sink *sink;
	struct prov_cilium_settings *out;
};

static void
say(struct pctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *key, const char *fmt, ...)
	ING2GW_PRINTF(6, 7);

static void
say(struct pctx *c, enum diag_severity sev, const char *rule,
	const struct doc_node *at, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!c->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, doc_pos(c->set, at),
		"Ingress '%s/%s': annotation '%s': %s", c->ns, c->name, key,
		sb.buf);
	strbuf_release(&sb);
}

static bool
go_bool(const char *s, bool *out)
{
	return prov_str_bool(s, out);
}

/* Go strconv.ParseInt(s, 10, 32). */
static bool
go_int32(const char *s, long long *out)
{
	return prov_str_int(s, out) && *out >= -2147483648LL &&
		*out <= 2147483647LL;
}

static void
bad(struct pctx *c, struct prov_cilium_slot *sl, const char *what)
{
	sl->state = PROV_CILIUM_DEFAULTED;
	say(c, DIAG_WARNING, "convert/cilium-annotation-invalid", sl->node,
		sl->key, "value '%s' %s", sl->text, what);
}

static void
value(struct pctx *c, const struct prov_annotation *a,
	struct prov_cilium_slot *sl, struct arena *arena)
{
	struct prov_cilium_settings *o = c->out;
	const char *t = sl->text;
	long long n;
	bool b;

	sl->state = PROV_CILIUM_SET;
	if (!strcmp(a->key, "loadbalancer-mode")) {
		if (!strcmp(t, "dedicated") || !strcmp(t, "shared")) {
			o->dedicated = !strcmp(t, "dedicated");
			o->mode_set = true;
		} else {
			bad(c, sl, "is not dedicated or shared: the "
				"operator's default mode applies (dedicated)");
		}
	} else if (!strcmp(a->key, "service-type")) {
		if (!strcmp(t, "NodePort"))
			o->node_port = true;
		else if (strcmp(t, "LoadBalancer"))
			bad(c, sl, "is not LoadBalancer or NodePort: the "
				"Service is a LoadBalancer");
	} else if (!strcmp(a->key, "service-external-traffic-policy")) {
		if (strcmp(t, "Cluster") && strcmp(t, "Local"))
			bad(c, sl, "is not Cluster or Local: Cilium uses "
				"Cluster");
	} else if (!strcmp(a->key, "insecure-node-port") ||
	    !strcmp(a->key, "secure-node-port") ||
	    !strcmp(a->key, "host-listener-port")) {
		if (!go_int32(t, &n))
			bad(c, sl, "is not an integer: Cilium ignores it (a "
				"random port)");
	} else if (!strcmp(a->key, "loadbalancer-class")) {
		/* any class: the cloud's controller decides */
	} else if (!strcmp(a->key, "tls-passthrough")) {
		if (!strcmp(t, "enabled"))
			o->passthrough = true;
		else if (go_bool(t, &b))
			o->passthrough = b;
		else
			bad(c, sl, "is not enabled or a boolean: Cilium does "
				"not pass TLS through");
	} else if (!strcmp(a->key, "force-https")) {
		if (!strcmp(t, "enabled"))
			o->force_https = 1;
		else if (!strcmp(t, "disabled"))
			o->force_https = 0;
		else if (go_bool(t, &b))
			o->force_https = b;
		else
			bad(c, sl, "is not enabled, disabled or a boolean: "
				"Cilium takes it as unset (enforce-ingress-"
				"https, on by default)");
	} else if (!strcmp(a->key, "request-timeout")) {
		long long ms;
		const char *gw;

		if (!prov_cilium_duration(t, &ms, arena, &gw))
			bad(c, sl, "is not a Go duration such as 30s or "
				"1m30s: Cilium uses its default, no timeout");
		else if (!gw)
			bad(c, sl, "cannot be written as a Gateway API "
				"duration (a millisecond or more, under "
				"100000h); it is not converted");
		else {
			o->request_timeout_ms = ms;
			o->request_timeout = gw;
		}
	} else {
		/* tcp-keep-alive*, websocket: older releases */
		sl->state = PROV_CILIUM_IGNORED;
		say(c, DIAG_INFO, "convert/cilium-annotation-ignored",
			sl->key_node, sl->key, "older Cilium releases read "
			"it; the current one ignores it, and so does the "
			"conversion");
	}
}

void
prov_cilium_parse(struct prov_cilium_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink)
{
	struct pctx c = { set, ns, name, sink, out };
	size_t pl = strlen(PROV_CILIUM_PREFIX);
	size_t al = strlen(PROV_CILIUM_ALIAS_PREFIX);

	memset(out, 0, sizeof(*out));
	out->dedicated = true;
	out->force_https = -1;
	if (!doc_is_map(annotations))
		return;
	/* the new prefix first: it wins over the alias */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < doc_len(annotations); i++) {
			const struct doc_node *k = doc_map_key(annotations, i);
			const struct doc_node *v = doc_map_value(annotations,
				i);
			const char *key = doc_str(k), *rest;
			const struct prov_annotation *a;
			struct prov_cilium_slot *sl;

			if (!key)
				continue;
			if (pass == 0 && !strncmp(key, PROV_CILIUM_PREFIX, pl))
				rest = key + pl;
			else if (pass == 1 && !strncmp(key,
			    PROV_CILIUM_ALIAS_PREFIX, al))
				rest = key + al;
			else
				continue;
			a = prov_cilium_lookup(rest);
			if (!a) {
				const char *best = NULL;
				size_t bd = 4;

				for (size_t j = 0; j < ARRAY_LEN(cilium_table);
				    j++) {
					size_t d = similar_distance(rest,
						cilium_table[j].key);

					if (d < bd) {
						bd = d;
						best = cilium_table[j].key;
					}
				}
				if (best)
					say(&c, DIAG_WARNING,
						"convert/cilium-annotation-"
						"unknown", k, key, "Cilium has "
						"no such annotation and "
						"ignores it; did you mean '%s%s'?",
						PROV_CILIUM_PREFIX, best);
				else
					say(&c, DIAG_WARNING,
						"convert/cilium-annotation-"
						"unknown", k, key, "Cilium has "
						"no such annotation and "
						"ignores it");
				continue;
			}
			if (pass == 1 && !in_list(alias_keys, a->key)) {
				say(&c, DIAG_WARNING,
					"convert/cilium-annotation-ignored", k,
					key, "Cilium reads this key only as "
					"'%s%s', not under the old prefix '%s'; "
					"it has no effect", PROV_CILIUM_PREFIX,
					a->key, PROV_CILIUM_ALIAS_PREFIX);
				continue;
			}
			sl = &out->slots[prov_cilium_index(a)];
			if (sl->key_node) {
				say(&c, DIAG_INFO,
					"convert/cilium-annotation-ignored", k,
					key, "'%s' is set too and wins; this one "
					"has no effect", sl->key);
				continue;
			}
			sl->key_node = k;
			sl->node = v;
			sl->key = key;
			sl->text = doc_str(v) ? doc_str(v) : "";
			value(&c, a, sl, arena);
		}
}

/* ---- selection --------------------------------------------------------- */

bool
prov_cilium_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class)
{
	const struct ing_class *cls;

	/* the annotation first, as Cilium reads it */
	if (ing->class_annotation)
		return !strcmp(ing->class_annotation, PROV_CILIUM_CLASS);
	if (ing->class_field)
		return !strcmp(ing->class_field, PROV_CILIUM_CLASS);
	cls = ing_world_class(w, PROV_CILIUM_CLASS);
	if (cls && cls->is_default)
		return true;
	return without_class && ing->class_source == ING_CLASS_NONE;
}
