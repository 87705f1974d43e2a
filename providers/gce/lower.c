#include "compat.h"
#include "convert/conv_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/gwcheck.h"
#include "k8s.h"
#include "providers/gce/annotations.h"
#include "strbuf.h"

#define GLOB "/" "*"

/*
 * GKE Ingress lowered into the IR. GLBC builds one URL map per Ingress
 * (pkg/controller/translator TranslateIngress, pkg/utils/gceurlmap.go):
 *  - a host rule per Ingress rule host ("*" without host); a later rule
 *    of the same host replaces the earlier one whole;
 *  - its paths by pathType: Exact as written, Prefix "/foo" as "/foo"
 *    and "/foo/{*}" ("/" as "/{*}"), ImplementationSpecific (and no type) as
 *    written, where "/foo/{*}" is everything below "/foo/" and any other
 *    path an exact one; an empty path is "/{*}"; of two equal paths of a
 *    host the later wins; the longest match wins;
 *  - the URL map's default service (spec.defaultBackend, else the
 *    cluster's default-http-backend answering 404) for every request no
 *    path of its host matches, whatever the host.
 * ({*} stands for the star.) Each Ingress gets a load balancer (an
 * address) of its own. BackendConfig and FrontendConfig objects of the
 * input give the backends' and frontend's settings.
 */

struct bc_result {
	bool closed;			/* iap or securityPolicy */
	const char *timeout;		/* Gateway API duration, or NULL */
	const struct doc_node *timeout_node;
	struct ir_header *req, *resp;
	size_t nreq, nresp;
	const struct doc_node *req_node, *resp_node;
	/* sessionAffinity: CLIENT_IP, GENERATED_COOKIE, ... (NULL: none) */
	const char *affinity;
	long long affinity_ttl;
	const struct doc_node *affinity_node;
	const char *bc_name;
	const struct doc_node *bc_key;	/* the Service's annotation key */
};

struct conv_gce {
	struct k8s_objects objs;
	bool objs_loaded;
	struct strmap bcs;		/* "ns/svc/port" -> bc_result */
	struct strmap hosts;		/* host -> first Ingress */
};

struct gce_ing {
	const struct ingress *ing;
	struct prov_gce_ingress a;
	size_t first_route;
	/* the BackendConfig settings of its backends: one, or mixed */
	const struct bc_result *bc;
	bool bc_mixed;
};

/* One URL-map path of a host. */
struct gpath {
	const char *path;		/* as GLBC writes it */
	const struct ing_path *src;
	bool dropped;
};

static struct conv_gce *
state(struct conv *c)
{
	if (!c->gce)
		c->gce = xcalloc(1, sizeof(*c->gce));
	return c->gce;
}

static const struct k8s_object *
crd_object(struct conv *c, const char *kind, const char *ns,
	const char *name)
{
	struct conv_gce *g = state(c);

	if (!g->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&g->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		g->objs_loaded = true;
	}
	for (size_t i = 0; i < g->objs.len; i++) {
		const struct k8s_object *o = &g->objs.items[i];

		if (o->name && !strcmp(o->kind, kind) && o->api_version &&
		    !strcmp(o->name, name) && !strcmp(o->ns ? o->ns :
		    "default", ns) && (!strncmp(o->api_version,
		    "cloud.google.com/", 17) || !strncmp(o->api_version,
		    "networking.gke.io/", 18)))
			return o;
	}
	return NULL;
}

static bool
gce_serves(const struct conv *c, const struct ingress *ing)
{
	(void)c;
	return prov_gce_serves(ing, false);
}

static const struct doc_node *
key_node(const struct gce_ing *gi, const char *key)
{
	const struct prov_gce_slot *sl = prov_gce_slot(&gi->a, key);

	return sl ? sl->key_node : NULL;
}

/* ---- annotations -------------------------------------------------------- */

static void
report_annotations(struct conv *c, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	const struct doc_node *k;

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const char *key;

		k = doc_map_key(ing->annotations, i);
		key = doc_str(k);
		if (!key || prov_gce_lookup(key) ||
		    !strncmp(key, "ingress.gcp.kubernetes.io/", 26) ||
		    !strncmp(key, "networking.gke.io/", 18) ||
		    !strncmp(key, "kubernetes.io/ingress.", 22) ||
		    !strcmp(key,
		    "kubectl.kubernetes.io/last-applied-configuration"))
			continue;
		conv_report_annotation(c, ing, k);
	}
	if ((k = key_node(gi, PROV_GCE_GLOBAL_IP)) ||
	    (k = key_node(gi, PROV_GCE_REGIONAL_IP)))
		diag_add(c->sink, DIAG_WARNING, "convert/gce-static-ip",
			conv_pos(c, k), "Ingress '%s/%s': annotation '%s' "
			"(the reserved address '%s') is not converted: the "
			"Gateway gets a new address; to keep it, set the "
			"Gateway's spec.addresses (GKE Gateway: type "
			"NamedAddress, value '%s')", ing->ns, ing->name,
			doc_str(k), gi->a.global_ip ? gi->a.global_ip :
			gi->a.regional_ip ? gi->a.regional_ip : "",
			gi->a.global_ip ? gi->a.global_ip :
			gi->a.regional_ip ? gi->a.regional_ip : "");
	if (gi->a.global_ip && gi->a.regional_ip)
		diag_add(c->sink, DIAG_WARNING, "convert/gce-static-ip",
			conv_pos(c, key_node(gi, PROV_GCE_REGIONAL_IP)),
			"Ingress '%s/%s': '%s' and '%s' are both set; GKE's "
			"controller rejects the pair and does not sync the "
			"Ingress, whose rules are converted all the same",
			ing->ns, ing->name, PROV_GCE_GLOBAL_IP,
			PROV_GCE_REGIONAL_IP);
	if ((k = key_node(gi, PROV_GCE_PRE_SHARED)) ||
	    (k = key_node(gi, PROV_GCE_MANAGED)))
		diag_add(c->sink, DIAG_WARNING, "convert/gce-certificate",
			conv_pos(c, k), "Ingress '%s/%s': annotation '%s' "
			"names certificates of Google Cloud, not Secrets: the "
			"Gateway gets no HTTPS listener from it; GKE Gateway "
			"takes them as listener tls.options (networking.gke.io/"
			"pre-shared-certs, or a certificate map), written by "
			"hand", ing->ns, ing->name, doc_str(k));
	if ((k = key_node(gi, PROV_GCE_XPN)))
		diag_add(c->sink, DIAG_INFO, "convert/gce-not-converted",
			conv_pos(c, k), "Ingress '%s/%s': annotation '%s' "
			"(firewall rules in a Shared VPC) is not converted: "
			"it does not change routing", ing->ns, ing->name,
			doc_str(k));
}

/* ---- BackendConfig ------------------------------------------------------ */

static void
bc_headers(struct conv *c, const struct ingress *ing,
	const struct doc_node *list, struct ir_header **out, size_t *n,
	const char *what)
{
	*out = arena_alloc(c->a, (doc_len(list) + 1) * sizeof(**out));
	for (size_t i = 0; i < doc_len(list); i++) {
		const struct doc_node *h = doc_item(list, i);
		const char *s = doc_str(h), *colon;
		struct ir_header *hd = &(*out)[*n];

		if (!s || !(colon = strchr(s, ':')) || colon == s) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/gce-backendconfig", conv_pos(c, h),
				"Ingress '%s/%s': %s header '%s' is not "
				"'Name:Value'; GKE rejects it, and it is not "
				"converted", ing->ns, ing->name, what,
				s ? s : "");
			continue;
		}
		if (strchr(colon + 1, '{')) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/gce-backendconfig", conv_pos(c, h),
				"Ingress '%s/%s': %s header '%s' uses a "
				"variable of the load balancer ({client_region}"
				", ...), which Gateway API cannot fill; it is "
				"not converted", ing->ns, ing->name, what, s);
			continue;
		}
		hd->name = arena_strndup(c->a, s, (size_t)(colon - s));
		colon++;
		while (*colon == ' ')
			colon++;
		hd->value = arena_strdup(c->a, colon);
		(*n)++;
	}
}

static void
bc_read(struct conv *c, const struct ingress *ing, struct bc_result *r,
	const struct k8s_object *o)
{
	const struct doc_node *spec = doc_get(o->root, "spec"), *n;
	long long t;
	bool on;
	static const struct {
		const char *field, *instead;
	} other[] = {
		{ "connectionDraining", "GKE GCPBackendPolicy "
			"connectionDraining" },
		{ "cdn", "GKE GCPBackendPolicy (Cloud CDN)" },
		{ "healthCheck", "GKE HealthCheckPolicy" },
		{ "logging", "GKE GCPBackendPolicy logging" },
	};

	if ((n = doc_get(spec, "iap")) && doc_bool(doc_get(n, "enabled"),
	    &on) && on) {
		r->closed = true;
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, n), "Ingress '%s/%s': BackendConfig "
			"'%s/%s' puts Identity-Aware Proxy in front of the "
			"Service; target '%s' cannot check it, so its paths "
			"now answer 500", ing->ns, ing->name, o->ns ? o->ns :
			"default", o->name, c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, o->root), "GKE Gateway: "
			"a GCPBackendPolicy with iap; on an error convert "
			"writes nothing unless --force");
	}
	if ((n = doc_get(spec, "securityPolicy")) &&
	    doc_str(doc_get(n, "name")) && *doc_str(doc_get(n, "name"))) {
		r->closed = true;
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, n), "Ingress '%s/%s': BackendConfig "
			"'%s/%s' applies the Cloud Armor security policy "
			"'%s' to the Service; target '%s' cannot check it, so "
			"its paths now answer 500", ing->ns, ing->name,
			o->ns ? o->ns : "default", o->name,
			doc_str(doc_get(n, "name")), c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, o->root), "GKE Gateway: "
			"a GCPBackendPolicy with securityPolicy; on an error "
			"convert writes nothing unless --force");
	}
	if ((n = doc_get(spec, "sessionAffinity")) &&
	    doc_str(doc_get(n, "affinityType")) &&
	    strcmp(doc_str(doc_get(n, "affinityType")), "NONE")) {
		r->affinity = doc_str(doc_get(n, "affinityType"));
		r->affinity_node = n;
		if (doc_int(doc_get(n, "affinityCookieTtlSec"), &t) && t > 0)
			r->affinity_ttl = t;
	}
	if ((n = doc_get(spec, "timeoutSec")) && doc_int(n, &t) && t > 0) {
		r->timeout = arena_printf(c->a, "%llds", t);
		r->timeout_node = n;
	}
	if ((n = doc_get(spec, "customRequestHeaders"))) {
		r->req_node = n;
		bc_headers(c, ing, doc_get(n, "headers"), &r->req, &r->nreq,
			"custom request");
	}
	if ((n = doc_get(spec, "customResponseHeaders"))) {
		r->resp_node = n;
		bc_headers(c, ing, doc_get(n, "headers"), &r->resp,
			&r->nresp, "custom response");
	}
	for (size_t i = 0; i < ARRAY_LEN(other); i++)
		if ((n = doc_key_node(spec, other[i].field)))
			diag_add(c->sink, DIAG_WARNING,
				"convert/gce-backendconfig", conv_pos(c, n),
				"Ingress '%s/%s': BackendConfig '%s/%s' field "
				"'%s' is not converted; to keep it: %s, written "
				"by hand", ing->ns, ing->name, o->ns ? o->ns :
				"default", o->name, other[i].field,
				other[i].instead);
}

/* The settings of the BackendConfig of a Service port, once per port. */
static const struct bc_result *
backend_config(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, int port)
{
	struct conv_gce *g = state(c);
	const struct ing_service *svc;
	const struct doc_node *anns, *kn, *an;
	const char *name, *why, *proto, *port_name = b->port_name;
	struct bc_result *r;
	char *key;
	const struct k8s_object *o;

	key = arena_printf(c->a, "%s/%s/%d", ing->ns, b->service, port);
	if ((r = strmap_get(&g->bcs, key)))
		return r;
	r = arena_alloc(c->a, sizeof(*r));
	strmap_put(&g->bcs, key, r);
	svc = ing_world_service(c->w, ing->ns, b->service);
	if (!svc)
		return r;
	for (size_t i = 0; !port_name && i < svc->nports; i++)
		if (svc->ports[i].port == port)
			port_name = svc->ports[i].name;
	anns = doc_get(svc->obj->metadata, "annotations");
	proto = prov_gce_app_protocol(c->a, anns, port_name, port, &an, &why);
	if (why)
		diag_add(c->sink, DIAG_WARNING, "convert/gce-app-protocol",
			conv_pos(c, an), "Service '%s/%s': annotation '%s' %s; "
			"GKE rejects the backend of the Ingress '%s/%s'", ing->ns,
			b->service, doc_str(an), why, ing->ns, ing->name);
	else if (proto && strcmp(proto, "HTTP"))
		diag_add(c->sink, DIAG_WARNING, "convert/gce-app-protocol",
			conv_pos(c, an), "Service '%s/%s': port %d speaks %s "
			"to the load balancer, which does not verify the "
			"backend's certificate; the Gateway sends plain HTTP "
			"unless a BackendTLSPolicy (with the CA and name to "
			"verify) and the port's appProtocol say otherwise: "
			"write them by hand", ing->ns, b->service, port, proto);
	name = prov_gce_backend_config(c->a, anns, port_name, port, &kn,
		&why);
	if (why) {
		diag_add(c->sink, DIAG_WARNING, "convert/gce-backendconfig",
			conv_pos(c, kn), "Service '%s/%s': annotation '%s' %s; "
			"GKE applies no BackendConfig to it", ing->ns,
			b->service, doc_str(kn), why);
		return r;
	}
	if (!name)
		return r;
	o = crd_object(c, "BackendConfig", ing->ns, name);
	if (!o) {
		diag_add(c->sink, DIAG_WARNING,
			"convert/gce-backendconfig-missing", conv_pos(c, kn),
			"Service '%s/%s': BackendConfig '%s' (port %d, used "
			"by Ingress '%s/%s') is not in the input, so its "
			"settings are unknown and not converted: if it sets "
			"iap or securityPolicy, the converted paths are open "
			"to anyone; add it to the input", ing->ns, b->service,
			name, port, ing->ns, ing->name);
		return r;
	}
	r->bc_name = name;
	r->bc_key = kn;
	bc_read(c, ing, r, o);
	return r;
}

/* ---- paths -------------------------------------------------------------- */

/* GCE URL maps: a path starts with '/', and a star only ends it after
 * '/'. */
static const char *
url_map_path_error(const char *p)
{
	const char *star = strchr(p, '*');

	if (p[0] != '/')
		return "does not start with '/'";
	if (star && (star[1] || star == p || star[-1] != '/'))
		return "has a '*' other than a final '/*'";
	if (strchr(p, '?') || strchr(p, '#'))
		return "has a '?' or '#'";
	return NULL;
}

/* validateAndGetPaths: the URL-map paths of an Ingress path. */
static size_t
url_map_paths(struct conv *c, const struct ing_path *p, const char *out[2],
	const char **why)
{
	const char *s = p->path_given ? p->path : "";
	size_t n = strlen(s);

	*why = NULL;
	switch (p->type) {
	case ING_PATH_EXACT:
		if (!n || strchr(s, '*')) {
			*why = n ? "is an Exact path with '*'" :
				"is an empty Exact path";
			return 0;
		}
		out[0] = s;
		return 1;
	case ING_PATH_PREFIX:
		if (!n || strchr(s, '*')) {
			*why = n ? "is a Prefix path with '*'" :
				"is an empty Prefix path";
			return 0;
		}
		if (!strcmp(s, "/")) {
			out[0] = "/*";
			return 1;
		}
		if (s[n - 1] == '/') {
			out[0] = arena_strndup(c->a, s, n - 1);
			out[1] = arena_printf(c->a, "%s*", s);
		} else {
			out[0] = s;
			out[1] = arena_printf(c->a, "%s/*", s);
		}
		return 2;
	default:
		out[0] = n ? s : "/*";
		if ((*why = url_map_path_error(out[0])))
			return 0;
		return 1;
	}
}

static bool
same_backend(const struct ing_path *a, const struct ing_path *b)
{
	return !strcmp(a->backend.service ? a->backend.service : "",
		b->backend.service ? b->backend.service : "") &&
		a->backend.port == b->backend.port &&
		!strcmp(a->backend.port_name ? a->backend.port_name : "",
		b->backend.port_name ? b->backend.port_name : "");
}

static void
add_match(struct conv *c, struct route *r, struct gce_ing *gi,
	const struct ing_path *p, const char *type, const char *value,
	const char *src)
{
	const struct ingress *ing = gi->ing;
	const struct doc_node *where = p->path_node ? p->path_node : p->node;
	struct match m = { .type = type, .value = value, .node = where,
		.src = src };
	const struct bc_result *bc;
	struct rule *rule;
	struct strbuf wb = STRBUF_INIT;
	int port = 0;
	bool ok;

	strbuf_addf(&wb, "the backend of path '%s'", p->path);
	ok = conv_usable_backend(c, ing, &p->backend, wb.buf, &port);
	strbuf_release(&wb);
	if (!ok)
		return;
	bc = p->backend.service ? backend_config(c, ing, &p->backend, port) :
		NULL;
	if (!gi->bc)
		gi->bc = bc;
	else if (gi->bc != bc)
		gi->bc_mixed = true;
	if (bc && bc->closed) {
		(void)conv_route_add(c, r, &m, NULL, 0, "gce-closed");
		return;
	}
	rule = conv_route_add_backend(c, r, &m, &p->backend, port, NULL);
	if (!bc || rule->nfilters || rule->timeouts.request)
		return;
	if (bc->timeout) {
		rule->timeouts.request = bc->timeout;
		rule->timeouts.node = bc->timeout_node;
	}
	if (bc->nreq) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_REQUEST_HEADERS, bc->req_node);

		for (size_t i = 0; i < bc->nreq; i++)
			ir_headers_add(&c->ir_arena, f, bc->req[i].name,
				bc->req[i].value);
	}
	if (bc->nresp) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_RESPONSE_HEADERS, bc->resp_node);

		for (size_t i = 0; i < bc->nresp; i++)
			ir_headers_add(&c->ir_arena, f, bc->resp[i].name,
				bc->resp[i].value);
	}
}

static const struct gpath *
find_gpath(const struct gpath *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!v[i].dropped && !strcmp(v[i].path, path))
			return &v[i];
	return NULL;
}

/* One host rule: its URL-map paths, then their Gateway API matches. */
static void
lower_host(struct conv *c, struct gateway *gw, struct gce_ing *gi,
	const struct ing_rule *rule)
{
	const struct ingress *ing = gi->ing;
	struct gpath *v = NULL;
	size_t n = 0;
	struct route *r;
	const struct ing_path *said = NULL;

	for (size_t j = 0; j < rule->npaths; j++) {
		const struct ing_path *p = &rule->paths[j];
		const char *ps[2], *why;
		size_t k = url_map_paths(c, p, ps, &why);

		if (!k) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/gce-invalid-path", conv_pos(c,
				p->path_node ? p->path_node : p->node),
				"Ingress '%s/%s': path '%s' %s, which GKE "
				"rejects (the Ingress's load balancer is not "
				"updated while it is there); it is left out",
				ing->ns, ing->name, p->path, why ? why :
				"invalid");
			continue;
		}
		for (size_t i = 0; i < k; i++) {
			struct gpath g = { ps[i], p, false };

			/* of two equal paths, the later wins */
			for (size_t e = 0; e < n; e++) {
				if (v[e].dropped || strcmp(v[e].path, ps[i]))
					continue;
				v[e].dropped = true;
				if (v[e].src == p || v[e].src == said)
					continue;
				said = v[e].src;
				diag_add(c->sink, DIAG_WARNING,
					"convert/gce-duplicate-path",
					conv_pos(c, v[e].src->path_node ?
					v[e].src->path_node : v[e].src->node),
					"Ingress '%s/%s': GKE's URL map has path "
					"'%s' twice for host '%s' and keeps the "
					"later one; this one is left out",
					ing->ns, ing->name, ps[i],
					rule->host ? rule->host : "*");
				diag_add_note(c->sink, conv_pos(c,
					p->path_node ? p->path_node : p->node),
					"the later one, which wins");
			}
			PUSH(v, n, g);
		}
	}
	r = conv_route_for(c, gw, ing, rule->host);
	for (size_t i = 0; i < n; i++) {
		const struct gpath *g = &v[i];
		size_t len = strlen(g->path);
		const struct gpath *other;

		if (g->dropped)
			continue;
		if (len >= 2 && !strcmp(g->path + len - 2, GLOB)) {
			const char *base = len == 2 ? "/" :
				arena_strndup(c->a, g->path, len - 2);

			other = len == 2 ? NULL : find_gpath(v, n, base);
			if (len > 2 && !other &&
			    g->src->type != ING_PATH_PREFIX)
				diag_add(c->sink, DIAG_WARNING,
					"convert/gce-glob", conv_pos(c,
					g->src->path_node ? g->src->path_node :
					g->src->node), "Ingress '%s/%s': GKE's "
					"path '%s' matches what is below '%s/' "
					"but not '%s' itself, which goes to the "
					"default backend; it becomes PathPrefix "
					"'%s', which matches '%s' too: add an "
					"Exact '%s' path to keep it apart",
					ing->ns, ing->name, g->path, base, base,
					base, base, base);
			add_match(c, r, gi, g->src, "PathPrefix", base,
				g->path);
			continue;
		}
		other = find_gpath(v, n, arena_printf(c->a, "%s/*",
			g->path));
		if (other && same_backend(other->src, g->src))
			continue;	/* the PathPrefix covers it */
		add_match(c, r, gi, g->src, "Exact", g->path,
			g->src->type == ING_PATH_EXACT ? NULL : g->path);
	}
	free(v);
}

/*
 * The host's check of conv_host_usable, without its wildcard-depth
 * warning: a URL-map wildcard host matches any depth, as Gateway API's.
 */
static bool
host_usable(struct conv *c, const struct ingress *ing,
	const struct ing_rule *rule)
{
	const char *why;

	if (!rule->host || !(why = gwcheck_hostname(rule->host)))
		return true;
	diag_add(c->sink, DIAG_ERROR, "convert/invalid-hostname",
		conv_pos(c, rule->host_node), "Ingress '%s/%s': host '%s' is "
		"not a valid Gateway API hostname (%s); its rules are left out",
		ing->ns, ing->name, rule->host, why);
	return false;
}

static void
shared_hosts(struct conv *c, struct gce_ing *gi, const struct ing_rule *rule)
{
	struct conv_gce *g = state(c);
	const char *h = rule->host ? rule->host : "*";
	const struct ingress *first = strmap_get(&g->hosts, h);

	if (!first) {
		strmap_put(&g->hosts, arena_strdup(c->a, h),
			(void *)gi->ing);
		return;
	}
	if (first == gi->ing)
		return;
	diag_add(c->sink, DIAG_INFO, "convert/gce-shared-host",
		conv_pos(c, rule->host_node ? rule->host_node : rule->node),
		"Ingress '%s/%s': host '%s' is also in Ingress '%s/%s'; GKE "
		"gives each Ingress a load balancer and an address of its "
		"own, the Gateway one for both, where a path both define "
		"goes to the older route", gi->ing->ns, gi->ing->name, h,
		first->ns, first->name);
}

/* Whether a rule has a path matching every request ("/" + star). */
static bool
catch_all(const struct ing_rule *rule)
{
	for (size_t j = 0; j < rule->npaths; j++) {
		const struct ing_path *p = &rule->paths[j];
		const char *s = p->path_given ? p->path : "";

		if ((p->type == ING_PATH_PREFIX && !strcmp(s, "/")) ||
		    (p->type == ING_PATH_IMPLEMENTATION_SPECIFIC &&
		    (!*s || !strcmp(s, "/" "*"))))
			return true;
	}
	return false;
}

static void
lower_rules(struct conv *c, struct gateway *gw, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	bool hostless = false, hosts = false;

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		bool replaced = false;

		/* a later rule of the same host replaces this one */
		for (size_t k = i + 1; k < ing->nrules && !replaced; k++) {
			const char *a = rule->host ? rule->host : "";
			const char *b = ing->rules[k].host ?
				ing->rules[k].host : "";

			if (strcmp(a, b) || !ing->rules[k].npaths)
				continue;
			replaced = true;
			if (rule->npaths)
				diag_add(c->sink, DIAG_WARNING,
					"convert/gce-host-replaced", conv_pos(c,
					rule->host_node ? rule->host_node :
					rule->node), "Ingress '%s/%s': a later "
					"rule of host '%s' replaces this one in "
					"GKE's URL map, so none of its %zu "
					"path(s) are served; they are left out",
					ing->ns, ing->name, *a ? a : "*",
					rule->npaths);
		}
		if (replaced || !rule->npaths || !host_usable(c, ing, rule))
			continue;
		shared_hosts(c, gi, rule);
		if (!rule->host)
			hostless = true;
		else if (!catch_all(rule))
			hosts = true;
		lower_host(c, gw, gi, rule);
	}
	if (hosts && hostless && !ing->has_default_backend)
		diag_add(c->sink, DIAG_WARNING, "convert/gce-host-fallback",
			conv_pos(c, ing->obj->root), "Ingress '%s/%s': GKE "
			"sends a request of a host of its rules that none of "
			"that host's paths match to the default backend "
			"(404), never to the paths of its rule without host; "
			"on the Gateway such requests reach those paths: "
			"give the Ingress a defaultBackend, or repeat the "
			"paths under each host", ing->ns, ing->name);
}

/* spec.defaultBackend: the URL map's default service, for every host. */
static void
lower_default(struct conv *c, struct gateway *gw, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	const struct ing_backend *b = &ing->default_backend;
	const struct doc_node *dummy;
	struct ing_path p = { .path = "/", .path_given = true,
		.type = ING_PATH_PREFIX, .backend = *b, .node = b->node,
		.path_node = b->node };

	if (!ing->has_default_backend)
		return;
	(void)conv_route_for(c, gw, ing, NULL);
	for (size_t i = gi->first_route; i < c->nroutes; i++) {
		struct route *r = c->routes[i];

		if (r->ing != ing || r->suffix ||
		    conv_route_has_match(r, "PathPrefix", "/", &dummy))
			continue;
		add_match(c, r, gi, &p, "PathPrefix", "/", NULL);
	}
	diag_add(c->sink, DIAG_INFO, "convert/gce-default-backend",
		conv_pos(c, b->node), "Ingress '%s/%s': spec.defaultBackend "
		"answers every request of the Ingress's load balancer that no "
		"path matches, whatever the host; it becomes the PathPrefix "
		"'/' rule of its hosts and of a route without hostname, which "
		"on the shared Gateway also takes the unmatched requests of "
		"other Ingresses' hosts", ing->ns, ing->name);
}

/*
 * sessionAffinity: a load-balancing feature of the Ingress (a target's
 * policy covers its routes) when every backend has the one BackendConfig.
 */
static void
affinity(struct conv *c, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	const struct bc_result *bc = gi->bc;
	struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING, .ing = ing };
	const char *why = NULL;
	bool cookie, ip;
	unsigned dropped = conv_all_targets(c);	/* the targets it is lost on */

	if (!bc || !bc->affinity)
		return;
	cookie = !strcmp(bc->affinity, "GENERATED_COOKIE");
	ip = !strcmp(bc->affinity, "CLIENT_IP");
	if (gi->bc_mixed)
		why = "the Ingress's paths go to backends with other settings, "
			"and a policy applies to every route of the Ingress";
	else if (!cookie && !ip)
		why = "no target has this kind of affinity";
	else if ((dropped = conv_unclaimed(c, IR_FEAT_LOAD_BALANCING)))
		why = "the Gateway API objects do not do this; to keep it: "
			"HTTPRoute sessionPersistence (experimental), GKE "
			"GCPBackendPolicy sessionAffinity, or another "
			"implementation's policy (--target envoy-gateway)";
	if (why) {
		conv_only(c, dropped);
		diag_add(c->sink, DIAG_WARNING, "convert/gce-backendconfig",
			conv_pos(c, bc->affinity_node), "Ingress '%s/%s': "
			"BackendConfig '%s' sessionAffinity %s is not converted: "
			"%s", ing->ns, ing->name, bc->bc_name, bc->affinity, why);
		conv_only(c, conv_all_targets(c));
		if (dropped == conv_all_targets(c))
			return;
	}
	f.key = doc_str(bc->bc_key);
	f.node = bc->affinity_node;
	if (cookie) {
		f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
		f.u.lb.name = "GCLB";
		f.u.lb.ttl = bc->affinity_ttl;
	} else {
		f.u.lb.kind = IR_LB_HASH_SOURCE_IP;
	}
	PUSH(c->features, c->nfeatures, f);
}

/* Where a route of the Ingress comes from: its host's rule, else the
 * default backend, else the Ingress. */
static const struct doc_node *
route_at(const struct ingress *ing, const char *host)
{
	for (size_t i = ing->nrules; i-- > 0;) {
		const struct ing_rule *r = &ing->rules[i];

		if (!r->npaths || (!host != !r->host) ||
		    (host && strcmp(host, r->host)))
			continue;
		return r->host_node ? r->host_node : r->node;
	}
	if (ing->has_default_backend && ing->default_backend.node)
		return ing->default_backend.node;
	return ing->obj->root;
}

/*
 * GKE's HTTPS proxy answers every host of the load balancer, with one of
 * the Ingress's certificates; the Gateway's HTTPS listeners are those of
 * the tls entries' hosts.
 */
static void
https_hosts(struct conv *c, struct gateway *gw, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	bool https = ing->ntls || gi->a.pre_shared.len || gi->a.managed.len;

	if (!https)
		return;
	for (size_t i = gi->first_route; i < c->nroutes; i++) {
		const struct route *r = c->routes[i];

		if (r->ing != ing || r->suffix ||
		    conv_https_listener(gw, r->host))
			continue;
		diag_add(c->sink, DIAG_INFO, "convert/gce-certificate",
			conv_pos(c, route_at(ing, r->host)),
			"Ingress '%s/%s': GKE's HTTPS proxy answers %s%s%s too, "
			"with one of the Ingress's certificates; the Gateway has "
			"HTTPS listeners only for the hosts of tls entries with "
			"a Secret, so its HTTPS requests find none", ing->ns,
			ing->name, r->host ? "host '" : "every host",
			r->host ? r->host : "", r->host ? "'" : "");
	}
}

/* ---- frontend: allow-http, FrontendConfig ------------------------------- */

static bool
https_only(struct conv *c, struct gateway *gw, struct gce_ing *gi,
	const char *why_key)
{
	bool all = true;

	for (size_t i = gi->first_route; i < c->nroutes; i++) {
		struct route *r = c->routes[i];
		const struct listener *l;

		if (r->ing != gi->ing || r->suffix)
			continue;
		l = conv_https_listener(gw, r->host);
		if (l) {
			r->section_https = l->hostname;
			continue;
		}
		all = false;
		diag_add(c->sink, DIAG_WARNING, "convert/gce-allow-http",
			conv_pos(c, route_at(gi->ing, r->host)),
			"Ingress '%s/%s': %s, but the Gateway has no HTTPS "
			"listener for host '%s' (no tls entry with a Secret "
			"for it): its routes stay on the HTTP listener",
			gi->ing->ns, gi->ing->name, why_key,
			r->host ? r->host : "*");
	}
	return all;
}

static void
frontend_config(struct conv *c, struct gateway *gw, struct gce_ing *gi)
{
	const struct ingress *ing = gi->ing;
	const struct doc_node *k = key_node(gi, PROV_GCE_FRONTEND);
	const struct k8s_object *o;
	const struct doc_node *spec, *rd, *n;
	const char *codename;
	bool on = false;
	int code;
	size_t nroutes = c->nroutes;

	if (!gi->a.frontend_config)
		return;
	o = crd_object(c, "FrontendConfig", ing->ns, gi->a.frontend_config);
	if (!o) {
		diag_add(c->sink, DIAG_WARNING,
			"convert/gce-frontendconfig-missing", conv_pos(c, k),
			"Ingress '%s/%s': FrontendConfig '%s' is not in the "
			"input, so its HTTPS redirect and SSL policy are "
			"unknown and not converted; add it to the input",
			ing->ns, ing->name, gi->a.frontend_config);
		return;
	}
	spec = doc_get(o->root, "spec");
	if ((n = doc_key_node(spec, "sslPolicy")))
		diag_add(c->sink, DIAG_WARNING, "convert/gce-frontendconfig",
			conv_pos(c, n), "Ingress '%s/%s': FrontendConfig "
			"'%s' sslPolicy '%s' (TLS versions and ciphers) is "
			"not converted; GKE Gateway: a GCPGatewayPolicy with "
			"sslPolicy, written by hand", ing->ns, ing->name,
			o->name, doc_str(doc_get(spec, "sslPolicy")) ?
			doc_str(doc_get(spec, "sslPolicy")) : "");
	rd = doc_get(spec, "redirectToHttps");
	if (!rd || !doc_bool(doc_get(rd, "enabled"), &on) || !on)
		return;
	codename = doc_str(doc_get(rd, "responseCodeName"));
	code = prov_gce_redirect_code(codename);
	if (!code) {
		diag_add(c->sink, DIAG_WARNING, "convert/gce-frontendconfig",
			conv_pos(c, doc_get(rd, "responseCodeName")),
			"Ingress '%s/%s': FrontendConfig '%s' responseCodeName "
			"'%s' is none of MOVED_PERMANENTLY_DEFAULT, FOUND, "
			"SEE_OTHER, TEMPORARY_REDIRECT, PERMANENT_REDIRECT; "
			"GKE rejects it, and no redirect is converted",
			ing->ns, ing->name, o->name, codename);
		return;
	}
	if (!gi->a.allow_http) {
		diag_add(c->sink, DIAG_INFO, "convert/gce-frontendconfig",
			conv_pos(c, rd), "Ingress '%s/%s': FrontendConfig '%s' "
			"redirects HTTP to HTTPS, but '%s' is false, so there "
			"is no HTTP to redirect", ing->ns, ing->name, o->name,
			PROV_GCE_ALLOW_HTTP);
		return;
	}
	(void)https_only(c, gw, gi, "FrontendConfig redirectToHttps sends "
		"HTTP requests to HTTPS");
	for (size_t i = gi->first_route; i < nroutes; i++) {
		struct route *r = c->routes[i], *red;
		struct match m = { .type = "PathPrefix", .value = "/",
			.node = rd };
		struct rule *rule;
		struct ir_redirect *f;

		if (r->ing != ing || r->suffix || !r->section_https)
			continue;
		red = conv_route_new(c, gw, ing, r->host);
		red->suffix = "http-redirect";
		red->section = "http";
		rule = conv_route_add(c, red, &m, NULL, 0, "gce-redirect");
		rule->solo = true;
		f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
			rd)->u.redirect;
		f->scheme = "https";
		f->code = code;
	}
}

static void
allow_http(struct conv *c, struct gateway *gw, struct gce_ing *gi)
{
	if (gi->a.allow_http)
		return;
	(void)https_only(c, gw, gi, arena_printf(c->a, "'%s' is false",
		PROV_GCE_ALLOW_HTTP));
}

/* ---- provider ----------------------------------------------------------- */

static void
gce_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct gce_ing gi = { .ing = ing, .first_route = c->nroutes };

	(void)state(c);
	prov_gce_parse_ingress(&gi.a, c->a, c->w->set, ing->annotations,
		ing->ns, ing->name, c->sink);
	report_annotations(c, &gi);
	lower_rules(c, gw, &gi);
	lower_default(c, gw, &gi);
	affinity(c, &gi);
	https_hosts(c, gw, &gi);
	allow_http(c, gw, &gi);
	frontend_config(c, gw, &gi);
}

static void
gce_release(struct conv *c)
{
	struct conv_gce *g = c->gce;

	if (!g)
		return;
	k8s_objects_release(&g->objs);
	strmap_release(&g->bcs);
	strmap_release(&g->hosts);
	free(g);
	c->gce = NULL;
}

/*
 * GKE's data-plane defaults (a backend service's defaults: timeoutSec 30,
 * localityLbPolicy ROUND_ROBIN, protocol HTTP; the load balancer appends
 * the client's and its own address to X-Forwarded-For), in the tokens of
 * targets/target.h.
 */
static const struct tgt_behaviour gce_defaults[] = {
	{ TGT_A_XFF, "append", "the client's address and the load "
	  "balancer's appended to the client's value", NULL, false },
	{ TGT_A_TIMEOUT, "30s", "30 s for the backend's response (the "
	  "backend service's timeout; BackendConfig timeoutSec)", NULL,
	  false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1 (cloud.google.com/"
	  "app-protocols for HTTPS or HTTP2)", NULL, false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "round robin "
	  "(localityLbPolicy ROUND_ROBIN)", NULL, false },
};

const struct conv_provider conv_provider_gce = {
	.name = "gce",
	.summary = "GKE Ingress (ingress-gce): its URL map paths, "
		"FrontendConfig and BackendConfig",
	.serves = gce_serves,
	.order = conv_cmp_age,
	.lower = gce_lower,
	.release = gce_release,
	.defaults = gce_defaults,
	.ndefaults = ARRAY_LEN(gce_defaults),
	.shares_lowering = true,
};
