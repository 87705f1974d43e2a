/*
 * Ingress lint: what the API server rejects (removed API versions,
 * malformed objects), what ingress-nginx does with the annotations
 * (rejected values that drop or deny the Ingress, defaulted or ignored
 * ones), what it resolves silently across Ingresses (the same host and
 * path claimed twice: the first Ingress wins; use-regex or rewrite-target
 * on one Ingress switching the whole host to regex matching), and what
 * the conversion to Gateway API changes or loses (wildcard depth,
 * annotations of class B and C). See ingress-semantics.md §1.4, §1.5,
 * §2.1-§2.5 and the annotation table of providers/ingress_nginx.c.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ingress.h"
#include "lint_int.h"
#include "providers/ingress_nginx.h"

/* One Ingress as the checks see it. */
struct ing_item {
	const struct ingress *ing;
	const struct lint_obj *obj;
	struct prov_nginx_settings *nginx;	/* NULL: not parsed */
	size_t rank;		/* position in the controller's order */
};

/* One path of one Ingress: the unit of host/path conflicts. */
struct ing_claim {
	const struct ing_item *it;
	const char *host;	/* "" for rules without host */
	const struct ing_path *path;
	const struct doc_node *host_node;
	bool exact;		/* Exact; Prefix and ImplementationSpecific
				 * are both prefix locations in nginx */
};

static const struct doc_node *
annotation_node(const struct ingress *ing, const char *key)
{
	return doc_get(ing->annotations, key);
}

/*
 * The controller's order (ingress-semantics §2.1): creationTimestamp
 * ascending (absent: the zero time, first), then namespace/name
 * descending.
 */
static int
controller_order(const void *pa, const void *pb)
{
	const struct ing_item *a = *(const struct ing_item *const *)pa;
	const struct ing_item *b = *(const struct ing_item *const *)pb;
	const char *ta = a->ing->creation_timestamp ?
		a->ing->creation_timestamp : "";
	const char *tb = b->ing->creation_timestamp ?
		b->ing->creation_timestamp : "";
	int r = strcmp(ta, tb);

	if (r)
		return r;
	if ((r = strcmp(a->ing->ns, b->ing->ns)))
		return -r;
	return -strcmp(a->ing->name, b->ing->name);
}

static void
check_api_version(struct lint_ctx *c, const struct ingress *ing)
{
	const char *v = ing->api_version ? ing->api_version : "";

	if (strcmp(v, "extensions/v1beta1") &&
	    strcmp(v, "networking.k8s.io/v1beta1"))
		return;
	lint_emit(c, "ingress/deprecated-api", doc_get(ing->obj->root,
		"apiVersion"), "apiVersion '%s' of Ingress was removed in "
		"Kubernetes 1.22; the API server rejects it: use "
		"networking.k8s.io/v1 (pathType is required there)", v);
}

static void
check_wildcards(struct lint_ctx *c, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->nrules; i++) {
		const char *h = ing->rules[i].host;

		if (!h || strncmp(h, "*.", 2))
			continue;
		lint_emit(c, "ingress/wildcard-depth", ing->rules[i].host_node,
			"host '%s' matches exactly one label before '%s' "
			"(a.%s, not a.b.%s); the Gateway API hostname '%s' "
			"matches any number of labels, so after conversion "
			"deeper names reach these backends too", h, h + 2,
			h + 2, h + 2, h);
	}
}

/* Relays the provider's findings for one Ingress under lint rule ids. */
static void
relay(struct lint_ctx *c, const struct diag_sink *from)
{
	for (size_t i = 0; i < from->len; i++) {
		const struct diag *d = &from->items[i];
		const char *msg = strstr(d->msg, "annotation '");
		const char *rule = d->severity == DIAG_ERROR ?
			"ingress/annotation-rejected" :
			d->severity == DIAG_WARNING ?
			"ingress/annotation-invalid" :
			"ingress/annotation-ignored";

		if (!msg)
			msg = d->msg;
		lint_emit_pos(c, rule, d->pos, "%s", msg);
		for (size_t j = 0; j < d->nnotes; j++)
			if (c->emitted)
				diag_add_note(c->sink, d->notes[j].pos, "%s",
					d->notes[j].msg);
	}
}

/* Annotations in effect that the conversion cannot carry over. */
static void
check_conversion(struct lint_ctx *c, const struct ing_item *it)
{
	const struct doc_node *anns = it->ing->annotations;
	size_t plen = strlen(PROV_NGINX_PREFIX);

	if (it->nginx->fate == PROV_NGINX_DROPPED)
		return;		/* nothing of it is served or converted */
	for (size_t i = 0; i < doc_len(anns); i++) {
		const struct doc_node *k = doc_map_key(anns, i);
		const char *key = doc_str(k);
		const struct prov_annotation *a;
		const struct prov_slot *sl;

		if (!key || strncmp(key, PROV_NGINX_PREFIX, plen))
			continue;
		a = prov_lookup(&prov_nginx_provider, key + plen);
		sl = prov_nginx_slot(it->nginx, key + plen);
		if (!a || !sl || sl->state != PROV_SLOT_SET)
			continue;
		if (a->cls == PROV_CLASS_C || a->cls == PROV_CLASS_C_PERF)
			lint_emit(c, "ingress/annotation-not-converted", k,
				"annotation '%s' does not survive conversion: "
				"no Gateway API equivalent (%s)", key,
				a->gateway ? a->gateway : "none");
		else if (a->cls == PROV_CLASS_B)
			lint_emit(c, "ingress/annotation-vendor", k,
				"annotation '%s' converts only to an "
				"implementation-specific policy (%s)", key,
				a->gateway ? a->gateway : "vendor extension");
	}
}

static int
claim_cmp(const void *pa, const void *pb)
{
	const struct ing_claim *a = pa, *b = pb;
	int r = strcmp(a->host, b->host);

	if (r)
		return r;
	if ((r = strcmp(a->path->path, b->path->path)))
		return r;
	if (a->exact != b->exact)
		return a->exact ? -1 : 1;
	if (a->it->rank != b->it->rank)
		return a->it->rank < b->it->rank ? -1 : 1;
	return a->path < b->path ? -1 : a->path > b->path;
}

static const char *
why_first(const struct ing_item *w, const struct ing_item *l)
{
	const char *tw = w->ing->creation_timestamp;
	const char *tl = l->ing->creation_timestamp;

	if (w == l)
		return "it comes first in this Ingress";
	if (!tw && tl)
		return "it has no creationTimestamp (the zero time)";
	if (tw && tl && strcmp(tw, tl))
		return "its creationTimestamp is older";
	return "with equal creationTimestamps the controller takes "
		"namespace/name in descending order";
}

/* Two Ingresses claiming the same host and path: the first one wins. */
static void
check_claims(struct lint_ctx *c, struct ing_item *items, size_t n)
{
	struct ing_claim *cl = NULL;
	size_t ncl = 0, cap = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = items[i].ing;

		if (items[i].nginx && (items[i].nginx->is_canary ||
		    items[i].nginx->fate == PROV_NGINX_DROPPED))
			continue;	/* canaries share paths on purpose */
		for (size_t r = 0; r < ing->nrules; r++)
			for (size_t p = 0; p < ing->rules[r].npaths; p++) {
				if (ncl == cap) {
					cap = cap ? cap * 2 : 64;
					cl = xrealloc(cl, cap * sizeof(*cl));
				}
				cl[ncl].it = &items[i];
				cl[ncl].host = ing->rules[r].host ?
					ing->rules[r].host : "";
				cl[ncl].host_node = ing->rules[r].host_node;
				cl[ncl].path = &ing->rules[r].paths[p];
				cl[ncl].exact = ing->rules[r].paths[p].type ==
					ING_PATH_EXACT;
				ncl++;
			}
	}
	if (ncl)
		xqsort(cl, ncl, sizeof(*cl), claim_cmp);
	for (size_t i = 1; i < ncl; i++) {
		const struct ing_claim *w, *l = &cl[i];
		size_t j = i;

		while (j > 0 && !strcmp(cl[j - 1].host, l->host) &&
		    !strcmp(cl[j - 1].path->path, l->path->path) &&
		    cl[j - 1].exact == l->exact)
			j--;
		if (j == i)
			continue;
		w = &cl[j];
		c->cur = l->it->obj;
		lint_emit(c, "ingress/host-path-conflict",
			l->path->path_node ? l->path->path_node : l->path->node,
			"%s path '%s' of host '%s' is also claimed by Ingress "
			"%s/%s, which ingress-nginx serves (%s): this path "
			"never receives a request", l->exact ? "Exact" :
			"Prefix", l->path->path, *l->host ? l->host : "*",
			w->it->ing->ns, w->it->ing->name,
			why_first(w->it, l->it));
		lint_note(c, w->path->path_node ? w->path->path_node :
			w->path->node, "the path that wins, in Ingress %s/%s",
			w->it->ing->ns, w->it->ing->name);
	}
	free(cl);
}

/* Whether the Ingress switches its hosts to regex mode (§2.3 step 1). */
static const char *
regex_reason(const struct ing_item *it, const struct ing_rule *r)
{
	const struct prov_nginx_settings *s = it->nginx;

	if (!s || s->is_canary || s->fate == PROV_NGINX_DROPPED)
		return NULL;
	if (s->use_regex)
		return "use-regex";
	if (!s->rewrite_target)
		return NULL;
	for (size_t p = 0; p < r->npaths; p++)
		if (strcmp(r->paths[p].path, s->rewrite_target))
			return "rewrite-target";
	return NULL;
}

struct host_rule {
	const char *host;
	const struct ing_item *it;
	const struct ing_rule *rule;
	const char *regex;	/* why it turns regex mode on, or NULL */
};

static int
host_rule_cmp(const void *pa, const void *pb)
{
	const struct host_rule *a = pa, *b = pb;
	int r = strcmp(a->host, b->host);

	if (r)
		return r;
	if (a->it->rank != b->it->rank)
		return a->it->rank < b->it->rank ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* One Ingress's use-regex or rewrite-target makes every path of the
 * host a case-insensitive regex prefix, the other Ingresses' too. */
static void
check_regex_contagion(struct lint_ctx *c, struct ing_item *items, size_t n)
{
	struct host_rule *hr = NULL;
	size_t nhr = 0, cap = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < items[i].ing->nrules; r++) {
			const struct ing_rule *rule = &items[i].ing->rules[r];

			if (!rule->npaths)
				continue;
			if (nhr == cap) {
				cap = cap ? cap * 2 : 64;
				hr = xrealloc(hr, cap * sizeof(*hr));
			}
			hr[nhr].host = rule->host ? rule->host : "";
			hr[nhr].it = &items[i];
			hr[nhr].rule = rule;
			hr[nhr].regex = regex_reason(&items[i], rule);
			nhr++;
		}
	if (nhr)
		xqsort(hr, nhr, sizeof(*hr), host_rule_cmp);
	for (size_t i = 0, end; i < nhr; i = end) {
		const struct host_rule *cause = NULL;

		for (end = i; end < nhr && !strcmp(hr[end].host, hr[i].host);
		    end++)
			if (hr[end].regex && !cause)
				cause = &hr[end];
		if (!cause)
			continue;
		for (size_t j = i; j < end; j++) {
			const struct host_rule *h = &hr[j];
			const struct ing_path *p = &h->rule->paths[0];

			if (h->regex || h->it == cause->it ||
			    (h->it->nginx && (h->it->nginx->is_canary ||
			    h->it->nginx->fate == PROV_NGINX_DROPPED)))
				continue;
			c->cur = h->it->obj;
			lint_emit(c, "ingress/regex-contagion",
				h->rule->host_node ? h->rule->host_node :
				(p->path_node ? p->path_node : p->node),
				"Ingress %s/%s sets %s on host '%s', so "
				"ingress-nginx matches every path of the host "
				"as a case-insensitive regular expression "
				"prefix, these too ('%s' also matches "
				"'%sx' and upper-case variants); the "
				"converted routes match them literally",
				cause->it->ing->ns, cause->it->ing->name,
				cause->regex, *h->host ? h->host : "*",
				p->path, p->path);
			lint_note(c, annotation_node(cause->it->ing,
				!strcmp(cause->regex, "use-regex") ?
				PROV_NGINX_PREFIX "use-regex" :
				PROV_NGINX_PREFIX "rewrite-target"),
				"the annotation that switches the host to "
				"regex mode");
		}
	}
	free(hr);
}

/* Malformed Ingresses: the input errors of the Ingress model. */
static void
relay_invalid(struct lint_ctx *c, const struct diag_sink *from)
{
	for (size_t i = 0; i < from->len; i++)
		if (from->items[i].severity == DIAG_ERROR)
			lint_emit_pos(c, "ingress/invalid", from->items[i].pos,
				"%s", from->items[i].msg);
}

void
lint_ingress_check(struct lint_ctx *c, const struct k8s_objects *objs)
{
	struct ing_world world = { 0 };
	struct diag_sink scratch = DIAG_SINK_INIT;
	const struct lint_obj **by_index = NULL;
	struct ing_item *items = NULL, **order = NULL;
	struct arena arena = { 0 };
	size_t n;
	bool any = false;

	for (size_t i = 0; i < c->nobjs && !any; i++)
		any = c->objs[i].kind == LK_INGRESS;
	if (!any)
		return;
	ing_world_load(&world, c->set, objs, &scratch);
	c->cur = NULL;
	relay_invalid(c, &scratch);
	diag_sink_release(&scratch);
	n = world.ningresses;
	by_index = xcalloc(objs->len + 1, sizeof(*by_index));
	for (size_t i = 0; i < c->nobjs; i++)
		by_index[c->objs[i].k - objs->items] = &c->objs[i];
	items = xcalloc(n + 1, sizeof(*items));
	order = xcalloc(n + 1, sizeof(*order));
	n = 0;
	for (size_t i = 0; i < world.ningresses; i++) {
		struct ing_item *it = &items[n];
		struct diag_sink ds = DIAG_SINK_INIT;

		/*
		 * An Ingress without metadata.name is an input error already
		 * relayed above; ing_world_load left the rest of it unread.
		 */
		if (!world.ingresses[i].name)
			continue;
		it->ing = &world.ingresses[i];
		it->obj = by_index[it->ing->obj - objs->items];
		it->nginx = arena_alloc(&arena, sizeof(*it->nginx));
		prov_nginx_parse(it->nginx, &arena, c->set,
			it->ing->annotations, it->ing->ns, it->ing->name,
			NULL, &ds);
		c->cur = it->obj;
		check_api_version(c, it->ing);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		check_conversion(c, it);
		check_wildcards(c, it->ing);
		order[n++] = it;
	}
	if (n)
		xqsort(order, n, sizeof(*order), controller_order);
	for (size_t i = 0; i < n; i++)
		order[i]->rank = i;
	check_claims(c, items, n);
	check_regex_contagion(c, items, n);
	c->cur = NULL;
	free(order);
	free(items);
	free(by_index);
	arena_release(&arena);
	ing_world_release(&world);
}
