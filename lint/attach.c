/*
 * Attachment and references across objects, as the Gateway API
 * specification says (the route conditions NoMatchingListenerHostname,
 * NoMatchingParent, NotAllowedByListeners, RefNotPermitted,
 * BackendNotFound; unresolved ExtensionRef filters):
 * parentRefs to Gateways, ListenerSets and listeners of the input,
 * allowedRoutes,
 * hostnames that intersect no listener, cross-namespace references without
 * a ReferenceGrant, backends and ExtensionRef objects missing from the
 * input. Objects are indexed by namespace/name (sorted, binary search), so
 * the cost is O(n log n) in the number of objects.
 *
 * What is not in the input is not judged: without any Gateway in the input
 * no parentRef is checked, without any Service no backend is (nor an
 * InferencePool backend without any InferencePool), without any Secret no
 * certificateRef is, without Namespaces (or the route's) no namespace
 * selector is, and an ExtensionRef only when the input has objects of its
 * group and kind.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

static int
cmp_obj(const void *pa, const void *pb)
{
	const struct lint_obj *a = *(const struct lint_obj *const *)pa;
	const struct lint_obj *b = *(const struct lint_obj *const *)pb;
	int c = strcmp(a->ns, b->ns);

	return c ? c : strcmp(a->name, b->name);
}

void
lint_index_build(struct lint_index *ix, const struct lint_ctx *c,
	enum lint_kind kind)
{
	ix->items = xcalloc(c->nobjs + 1, sizeof(*ix->items));
	ix->len = 0;
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].kind == kind)
			ix->items[ix->len++] = &c->objs[i];
	xqsort(ix->items, ix->len, sizeof(*ix->items), cmp_obj);
}

/* The first object of ns (and name, unless NULL) in the index. */
size_t
lint_index_lower(const struct lint_index *ix, const char *ns,
	const char *name)
{
	size_t lo = 0, hi = ix->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->items[mid]->ns, ns);

		if (!c && name)
			c = strcmp(ix->items[mid]->name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct lint_obj *
lint_index_find(const struct lint_index *ix, const char *ns,
	const char *name)
{
	size_t i = lint_index_lower(ix, ns, name);

	if (i < ix->len && !strcmp(ix->items[i]->ns, ns) &&
	    !strcmp(ix->items[i]->name, name))
		return ix->items[i];
	return NULL;
}

/* Whether listener l admits a route of kind: allowedRoutes.kinds, or when
 * that is empty the kinds of its protocol (HTTP and HTTPS: HTTPRoute and
 * GRPCRoute; TLS, TCP, UDP: TLSRoute, TCPRoute, UDPRoute). */
bool
lint_kind_allowed(const struct doc_node *l, const char *kind)
{
	const struct doc_node *kinds = doc_path(l, "allowedRoutes.kinds");
	const char *proto = lint_str_or(doc_get(l, "protocol"), "");

	if (lint_seq_len(kinds)) {
		for (size_t i = 0; i < lint_seq_len(kinds); i++) {
			const struct doc_node *k = doc_item(kinds, i);

			if (!strcmp(lint_str_or(doc_get(k, "group"), GW_GROUP),
			    GW_GROUP) &&
			    !strcmp(lint_str_or(doc_get(k, "kind"), ""), kind))
				return true;
		}
		return false;
	}
	if (!strcmp(proto, "HTTP") || !strcmp(proto, "HTTPS"))
		return !strcmp(kind, "HTTPRoute") || !strcmp(kind, "GRPCRoute");
	if (!strcmp(proto, "TLS"))
		return !strcmp(kind, "TLSRoute");
	if (!strcmp(proto, "TCP"))
		return !strcmp(kind, "TCPRoute");
	if (!strcmp(proto, "UDP"))
		return !strcmp(kind, "UDPRoute");
	return true;	/* an implementation-specific protocol */
}

/*
 * The value of label key of a Namespace: its metadata.labels, and the
 * label kubernetes.io/metadata.name that the API server sets on every
 * Namespace to its name.
 */
static const char *
ns_label(const struct lint_obj *nsobj, const char *key)
{
	const char *v = doc_str(doc_get(doc_get(nsobj->k->metadata,
		"labels"), key));

	if (!v && !strcmp(key, "kubernetes.io/metadata.name"))
		v = nsobj->name;
	return v;
}

static bool
in_values(const struct doc_node *values, const char *v)
{
	for (size_t i = 0; v && i < lint_seq_len(values); i++)
		if (!strcmp(lint_str_or(doc_item(values, i), ""), v))
			return true;
	return false;
}

/* A metav1.LabelSelector against a Namespace's labels. */
static bool
selector_matches(const struct doc_node *sel, const struct lint_obj *nsobj)
{
	const struct doc_node *ml = doc_get(sel, "matchLabels");
	const struct doc_node *me = doc_get(sel, "matchExpressions");

	for (size_t i = 0; i < doc_len(ml) && doc_is_map(ml); i++) {
		const char *k = doc_str(doc_map_key(ml, i));
		const char *v = doc_str(doc_map_value(ml, i));
		const char *have = k ? ns_label(nsobj, k) : NULL;

		if (!have || !v || strcmp(have, v))
			return false;
	}
	for (size_t i = 0; i < lint_seq_len(me); i++) {
		const struct doc_node *e = doc_item(me, i);
		const char *k = lint_str_or(doc_get(e, "key"), "");
		const char *op = lint_str_or(doc_get(e, "operator"), "");
		const char *have = ns_label(nsobj, k);
		const struct doc_node *vals = doc_get(e, "values");

		if ((!strcmp(op, "In") && !in_values(vals, have)) ||
		    (!strcmp(op, "NotIn") && have && in_values(vals, have)) ||
		    (!strcmp(op, "Exists") && !have) ||
		    (!strcmp(op, "DoesNotExist") && have))
			return false;
	}
	return true;
}

/*
 * Whether listener l admits routes of route's namespace (the listener's allowedRoutes.namespaces): Same, All,
 * or Selector, judged against the labels of the route's Namespace when the
 * input has Namespaces (and that one); otherwise a Selector is not judged.
 */
static bool
ns_allowed(const struct doc_node *l, const struct lint_obj *gw,
	const struct lint_obj *route, const struct lint_index *nss)
{
	const char *from = lint_str_or(doc_path(l,
		"allowedRoutes.namespaces.from"), "Same");
	const struct lint_obj *nsobj;

	if (!strcmp(from, "Same"))
		return !strcmp(gw->ns, route->ns);
	if (strcmp(from, "Selector"))
		return true;	/* All */
	nsobj = nss->len ? lint_index_find(nss, "default", route->ns) : NULL;
	if (nsobj)
		return selector_matches(doc_path(l,
			"allowedRoutes.namespaces.selector"), nsobj);
	/* without its Namespace: the label every Namespace has, its name */
	return lint_selector_admits(doc_path(l,
		"allowedRoutes.namespaces.selector"), route->ns);
}

static const char *
listener_name(const struct doc_node *l)
{
	return lint_str_or(doc_get(l, "name"), "");
}

/* A ListenerSet of the input that joins Gateway gw and has a listener
 * named section, or NULL. */
static const struct lint_obj *
set_with_listener(const struct lint_index *lsets, const struct lint_obj *gw,
	const char *section)
{
	for (size_t i = 0; i < lsets->len; i++) {
		const struct lint_obj *s = lsets->items[i];
		const struct doc_node *pr = doc_get(s->spec, "parentRef");
		const struct doc_node *ls = doc_get(s->spec, "listeners");

		if (strcmp(lint_str_or(doc_get(pr, "name"), ""), gw->name) ||
		    strcmp(lint_str_or(doc_get(pr, "namespace"), s->ns),
		    gw->ns))
			continue;
		for (size_t j = 0; j < lint_seq_len(ls); j++)
			if (!strcmp(listener_name(doc_item(ls, j)), section))
				return s;
	}
	return NULL;
}

/*
 * A parentRef to a Gateway or a ListenerSet of the input (ParentReference,
 * allowedRoutes):
 * one of its listeners is selected, admits the route, and shares a
 * hostname with it. A Gateway's parentRef selects the Gateway's own
 * listeners only, never those of its ListenerSets.
 */
static void
check_parent(struct lint_ctx *c, const struct lint_index *gws,
	const struct lint_index *nss, const struct lint_index *lsets,
	const struct doc_node *ref, size_t ri)
{
	const struct lint_obj *route = c->cur, *gw;
	const char *ns = lint_str_or(doc_get(ref, "namespace"), route->ns);
	const char *name = lint_str_or(doc_get(ref, "name"), "");
	const char *section = doc_str(doc_get(ref, "sectionName"));
	const char *what = lint_str_or(doc_get(ref, "kind"), "Gateway");
	const struct doc_node *ls, *hosts = doc_get(route->spec, "hostnames");
	const struct doc_node *first_sel = NULL, *first_kind = NULL;
	long long port = 0;
	bool has_port = doc_int(doc_get(ref, "port"), &port);
	bool is_set = !strcmp(what, "ListenerSet");
	size_t nsel = 0, nallowed = 0, nhost = 0;

	if (strcmp(lint_str_or(doc_get(ref, "group"), GW_GROUP), GW_GROUP) ||
	    (strcmp(what, "Gateway") && !is_set) ||
	    !(is_set ? lsets : gws)->len)
		return;
	if (!(gw = lint_index_find(is_set ? lsets : gws, ns, name))) {
		lint_emit(c, "ref/parent-not-found", ref,
			"spec.parentRefs[%zu]: %s %s/%s is not in the "
			"input", ri, what, ns, name);
		return;
	}
	ls = doc_get(gw->spec, "listeners");
	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *l = doc_item(ls, i);
		long long lp;

		if (section && strcmp(section, listener_name(l)))
			continue;
		if (has_port && (!doc_int(doc_get(l, "port"), &lp) ||
		    lp != port))
			continue;
		if (!nsel++)
			first_sel = l;
		if (!lint_kind_allowed(l, route->k->kind))
			continue;
		if (!first_kind)
			first_kind = l;
		if (!ns_allowed(l, gw, route, nss))
			continue;
		nallowed++;
		if (!lint_seq_len(hosts)) {
			nhost++;
			continue;
		}
		for (size_t h = 0; h < lint_seq_len(hosts); h++)
			if (lint_host_intersects(doc_str(doc_get(l,
			    "hostname")), lint_str_or(doc_item(hosts, h),
			    ""))) {
				nhost++;
				break;
			}
		if (nhost)
			break;	/* accepted: the rest changes nothing */
	}
	if (!nsel) {
		const struct lint_obj *s = !is_set && section ?
			set_with_listener(lsets, gw, section) : NULL;

		lint_emit(c, "ref/no-matching-parent", ref,
			"spec.parentRefs[%zu]: %s %s/%s has no listener"
			"%s%s%s%s%s (Accepted=False, NoMatchingParent)", ri,
			what, ns, name, section ? " named '" : "",
			section ? section : "", section ? "'" : "",
			has_port ? " on port " : "",
			has_port ? doc_str(doc_get(ref, "port")) : "");
		lint_note(c, ls ? ls : gw->k->root, "the listeners of "
			"%s %s/%s", what, ns, name);
		if (s)
			lint_note(c, s->k->root, "listener '%s' is one of "
				"ListenerSet %s/%s, which a parentRef names "
				"with kind: ListenerSet; a Gateway's parentRef "
				"never selects the listeners of its "
				"ListenerSets", section, s->ns, s->name);
	} else if (!nallowed) {
		lint_emit(c, "ref/not-allowed", ref, "spec.parentRefs[%zu]: no "
			"selected listener of %s %s/%s allows kind %s "
			"from namespace '%s' (Accepted=False, "
			"NotAllowedByListeners)", ri, what, ns, name,
			route->k->kind, route->ns);
		if (first_kind && !strcmp(lint_str_or(doc_path(first_kind,
		    "allowedRoutes.namespaces.from"), ""), "Selector"))
			lint_note(c, doc_path(first_kind,
				"allowedRoutes.namespaces.selector") ?
				doc_path(first_kind,
				"allowedRoutes.namespaces.selector") :
				first_kind, "listener '%s' admits the namespaces "
				"its selector matches; the labels of Namespace "
				"'%s' do not match it",
				listener_name(first_kind), route->ns);
		else
			lint_note(c, first_sel, "listener '%s' (allowedRoutes "
				"namespaces.from defaults to Same%s)",
				listener_name(first_sel), is_set ? ": the "
				"ListenerSet's namespace" : "");
	} else if (!nhost) {
		lint_emit(c, "ref/no-matching-hostname", hosts,
			"spec.hostnames: no hostname intersects a listener "
			"hostname of %s %s/%s for parentRefs[%zu] "
			"(Accepted=False, NoMatchingListenerHostname)", what,
			ns, name, ri);
		lint_note(c, first_sel, "listener '%s' has hostname '%s'",
			listener_name(first_sel),
			lint_str_or(doc_get(first_sel, "hostname"), "*"));
	}
}

static void check_ref_in(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct lint_index *secrets,
	const struct doc_node *ref, const char *dflt_kind, const char *where);

/* Whether a ReferenceGrant in target_ns lets from_kind in from_ns refer to
 * group/kind/name. */
static bool
granted(const struct lint_index *grants, const char *target_ns,
	const char *from_kind, const char *from_ns, const char *group,
	const char *kind, const char *name)
{
	for (size_t i = lint_index_lower(grants, target_ns, NULL);
	     i < grants->len && !strcmp(grants->items[i]->ns, target_ns);
	     i++) {
		const struct doc_node *spec = grants->items[i]->spec;
		const struct doc_node *from = doc_get(spec, "from");
		const struct doc_node *to = doc_get(spec, "to");
		bool f_ok = false, t_ok = false;

		for (size_t j = 0; j < lint_seq_len(from) && !f_ok; j++) {
			const struct doc_node *f = doc_item(from, j);

			f_ok = !strcmp(lint_str_or(doc_get(f, "group"), "-"),
				GW_GROUP) &&
				!strcmp(lint_str_or(doc_get(f, "kind"), ""),
				from_kind) &&
				!strcmp(lint_str_or(doc_get(f, "namespace"),
				""), from_ns);
		}
		for (size_t j = 0; j < lint_seq_len(to) && !t_ok; j++) {
			const struct doc_node *t = doc_item(to, j);
			const char *tn = doc_str(doc_get(t, "name"));

			t_ok = !strcmp(lint_str_or(doc_get(t, "group"), "-"),
				group) &&
				!strcmp(lint_str_or(doc_get(t, "kind"), ""),
				kind) && (!tn || !*tn || !strcmp(tn, name));
		}
		if (f_ok && t_ok)
			return true;
	}
	return false;
}

static void
check_ref(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct doc_node *ref,
	const char *dflt_kind, const char *where)
{
	check_ref_in(c, grants, svcs, NULL, ref, dflt_kind, where);
}

static void
check_ref_in(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct lint_index *secrets,
	const struct doc_node *ref, const char *dflt_kind, const char *where)
{
	const struct lint_obj *o = c->cur;
	const char *group = lint_str_or(doc_get(ref, "group"), "");
	const char *kind = lint_str_or(doc_get(ref, "kind"), dflt_kind);
	const char *name = lint_str_or(doc_get(ref, "name"), "");
	const char *ns = lint_str_or(doc_get(ref, "namespace"), o->ns);
	const struct lint_obj *svc;
	long long port;

	if (!doc_is_map(ref) || !*name)
		return;
	if (strcmp(ns, o->ns) && !granted(grants, ns, o->k->kind, o->ns,
	    group, kind, name))
		lint_emit(c, "ref/missing-grant", ref, "%s: the reference to "
			"%s %s/%s crosses namespaces and no ReferenceGrant in "
			"namespace '%s' of the input permits it "
			"(RefNotPermitted)", where, kind, ns, name, ns);
	if (secrets && secrets->len && !*group && !strcmp(kind, "Secret") &&
	    !lint_index_find(secrets, ns, name)) {
		lint_emit(c, "ref/certificate-not-found", ref, "%s: Secret "
			"%s/%s is not in the input, which has other Secrets "
			"(ResolvedRefs=False, InvalidCertificateRef: the "
			"listener cannot terminate TLS with it)", where, ns,
			name);
		return;
	}
	if (!svcs->len || *group || strcmp(kind, "Service") ||
	    !strcmp(dflt_kind, "Secret"))
		return;
	if (!(svc = lint_index_find(svcs, ns, name))) {
		lint_emit(c, "ref/backend-not-found", ref, "%s: Service %s/%s "
			"is not in the input (BackendNotFound: its share of "
			"requests gets 500)", where, ns, name);
		return;
	}
	if (doc_int(doc_get(ref, "port"), &port)) {
		const struct doc_node *ports = doc_get(svc->spec, "ports");
		long long p;

		for (size_t i = 0; i < lint_seq_len(ports); i++)
			if (doc_int(doc_get(doc_item(ports, i), "port"), &p) &&
			    p == port)
				return;
		lint_emit(c, "ref/backend-not-found", doc_get(ref, "port"),
			"%s: Service %s/%s has no port %lld", where, ns, name,
			port);
		lint_note(c, ports ? ports : svc->k->root, "the ports of "
			"Service %s/%s", ns, name);
	}
}

static void
check_filter_refs(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct doc_node *fl,
	const char *where)
{
	for (size_t i = 0; i < lint_seq_len(fl); i++) {
		const struct doc_node *br = doc_path(doc_item(fl, i),
			"requestMirror.backendRef");
		/* where (a char[128] of the caller), the index, the suffix */
		char w[128 + 24 + sizeof("].requestMirror.backendRef")];

		snprintf(w, sizeof(w), "%s[%zu].requestMirror.backendRef",
			where, i);
		if (br)
			check_ref(c, grants, svcs, br, "Service", w);
	}
}

static void
check_route_refs(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct lint_index *pools)
{
	const struct doc_node *rules = doc_get(c->cur->spec, "rules");

	for (size_t r = 0; r < lint_seq_len(rules); r++) {
		const struct doc_node *rule = doc_item(rules, r);
		const struct doc_node *brs = doc_get(rule, "backendRefs");
		char w[128];

		lint_where(w, sizeof(w), r, NULL, 0, ".filters");
		check_filter_refs(c, grants, svcs, doc_get(rule, "filters"), w);
		for (size_t b = 0; b < lint_seq_len(brs); b++) {
			lint_where(w, sizeof(w), r, ".backendRefs", b, "");
			check_ref(c, grants, svcs, doc_item(brs, b), "Service",
				w);
			lint_inference_backend(c, pools, doc_item(brs, b), w);
			lint_where(w, sizeof(w), r, ".backendRefs", b,
				".filters");
			check_filter_refs(c, grants, svcs,
				doc_get(doc_item(brs, b), "filters"), w);
		}
	}
}

static void
check_gateway_refs(struct lint_ctx *c, const struct lint_index *grants,
	const struct lint_index *svcs, const struct lint_index *secrets)
{
	const struct doc_node *ls = doc_get(c->cur->spec, "listeners");

	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *certs = doc_path(doc_item(ls, i),
			"tls.certificateRefs");

		for (size_t j = 0; j < lint_seq_len(certs); j++) {
			char w[128];

			snprintf(w, sizeof(w), "spec.listeners[%zu].tls."
				"certificateRefs[%zu]", i, j);
			check_ref_in(c, grants, svcs, secrets,
				doc_item(certs, j), "Secret", w);
		}
	}
}

/* ref/extension-not-found: the objects of the input by group, kind,
 * namespace and name. */
struct ext_ent {
	char *group;
	const char *kind, *ns, *name;
};

struct ext_index {
	struct ext_ent *items;
	size_t len;
	bool built;
};

static int
cmp_ext(const struct ext_ent *a, const char *group, const char *kind,
	const char *ns, const char *name)
{
	int c;

	if ((c = strcmp(a->group, group)) || (c = strcmp(a->kind, kind)))
		return c;
	if (!ns)
		return 0;
	if ((c = strcmp(a->ns, ns)))
		return c;
	return strcmp(a->name, name);
}

static int
cmp_ext_sort(const void *pa, const void *pb)
{
	const struct ext_ent *b = pb;

	return cmp_ext(pa, b->group, b->kind, b->ns, b->name);
}

static void
ext_index_build(struct ext_index *ix, const struct k8s_objects *all)
{
	ix->items = xcalloc(all->len + 1, sizeof(*ix->items));
	for (size_t i = 0; i < all->len; i++) {
		const struct k8s_object *k = &all->items[i];
		struct ext_ent *e = &ix->items[ix->len++];
		char buf[256];

		e->group = xstrdup(k8s_api_group(k->api_version, buf,
			sizeof(buf)));
		e->kind = k->kind;
		e->ns = k->ns ? k->ns : "default";
		e->name = k->name ? k->name : "";
	}
	xqsort(ix->items, ix->len, sizeof(*ix->items), cmp_ext_sort);
	ix->built = true;
}

static void
ext_index_release(struct ext_index *ix)
{
	for (size_t i = 0; i < ix->len; i++)
		free(ix->items[i].group);
	free(ix->items);
}

/* The first entry not below the key; ns NULL: the first of group/kind. */
static size_t
ext_lower(const struct ext_index *ix, const char *group, const char *kind,
	const char *ns, const char *name)
{
	size_t lo = 0, hi = ix->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_ext(&ix->items[mid], group, kind, ns, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
check_extension_refs(struct lint_ctx *c, struct ext_index *ix,
	const struct doc_node *fl, const char *where)
{
	for (size_t i = 0; i < lint_seq_len(fl); i++) {
		const struct doc_node *ref = doc_get(doc_item(fl, i),
			"extensionRef");
		const char *group = doc_str(doc_get(ref, "group"));
		const char *kind = doc_str(doc_get(ref, "kind"));
		const char *name = doc_str(doc_get(ref, "name"));
		const char *ns = c->cur->ns;
		size_t j;

		if (!group || !kind || !name)
			continue;
		if (!ix->built)
			ext_index_build(ix, c->all);
		j = ext_lower(ix, group, kind, NULL, NULL);
		if (j >= ix->len || cmp_ext(&ix->items[j], group, kind, NULL,
		    NULL))
			continue;	/* none of that kind: not judged */
		j = ext_lower(ix, group, kind, ns, name);
		if (j < ix->len && !cmp_ext(&ix->items[j], group, kind, ns,
		    name))
			continue;
		lint_emit(c, "ref/extension-not-found", ref, "%s[%zu]."
			"extensionRef: %s %s/%s (group '%s') is not in the "
			"input; an unresolved ExtensionRef filter is not "
			"skipped: the requests it would process get an HTTP "
			"error response", where, i, kind, ns, name, group);
	}
}

static void
check_route_extensions(struct lint_ctx *c, struct ext_index *ix)
{
	const struct doc_node *rules = doc_get(c->cur->spec, "rules");

	for (size_t r = 0; r < lint_seq_len(rules); r++) {
		const struct doc_node *rule = doc_item(rules, r);
		const struct doc_node *brs = doc_get(rule, "backendRefs");
		char w[128];

		lint_where(w, sizeof(w), r, NULL, 0, ".filters");
		check_extension_refs(c, ix, doc_get(rule, "filters"), w);
		for (size_t b = 0; b < lint_seq_len(brs); b++) {
			lint_where(w, sizeof(w), r, ".backendRefs", b,
				".filters");
			check_extension_refs(c, ix, doc_get(doc_item(brs, b),
				"filters"), w);
		}
	}
}

void
lint_attach_check(struct lint_ctx *c)
{
	struct lint_index gws, lsets, grants, svcs, pools, secrets, nss;
	struct ext_index ext = { 0 };

	lint_index_build(&gws, c, LK_GATEWAY);
	lint_index_build(&lsets, c, LK_LISTENERSET);
	lint_index_build(&grants, c, LK_REFERENCEGRANT);
	lint_index_build(&svcs, c, LK_SERVICE);
	lint_index_build(&pools, c, LK_INFERENCEPOOL);
	lint_index_build(&secrets, c, LK_SECRET);
	lint_index_build(&nss, c, LK_NAMESPACE);
	for (size_t i = 0; i < c->nobjs; i++) {
		const struct lint_obj *o = &c->objs[i];
		const struct doc_node *refs;

		if (!doc_is_map(o->spec))
			continue;
		c->cur = o;
		if (o->kind == LK_GATEWAY || o->kind == LK_LISTENERSET) {
			check_gateway_refs(c, &grants, &svcs, &secrets);
			continue;
		}
		if (o->kind == LK_INFERENCEPOOL) {
			lint_inference_picker(c, &svcs);
			continue;
		}
		if (!lint_is_route(o->kind))
			continue;
		check_route_refs(c, &grants, &svcs, &pools);
		if (c->all)
			check_route_extensions(c, &ext);
		refs = doc_get(o->spec, "parentRefs");
		for (size_t r = 0; (gws.len || lsets.len) &&
		     r < lint_seq_len(refs); r++)
			check_parent(c, &gws, &nss, &lsets, doc_item(refs, r),
				r);
	}
	c->cur = NULL;
	free(gws.items);
	free(lsets.items);
	free(grants.items);
	free(svcs.items);
	free(pools.items);
	free(secrets.items);
	free(nss.items);
	ext_index_release(&ext);
}
