/*
 * Ingress lint: what the API server rejects (removed API versions,
 * malformed objects), what ingress-nginx does with the annotations
 * (rejected values that drop or deny the Ingress, defaulted or ignored
 * ones), what it resolves silently across Ingresses (the same host and
 * path claimed twice: the first Ingress wins; use-regex or rewrite-target
 * on one Ingress switching the whole host to regex matching), and what
 * the conversion to Gateway API changes or loses (wildcard depth,
 * annotations of class B and C). The rules' refs in lint/catalogue.c name
 * the sources; the annotation table is providers/ingress-nginx/annotations.c.
 * The ingress-nginx checks apply to the Ingresses it serves only; which
 * ones those are, and their order, come from annotations.h, as for
 * convert.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ingress.h"
#include "lint/lint_int.h"
#include "providers/ingress-nginx/annotations.h"

/* One Ingress as the checks see it. */
struct ing_item {
	const struct ingress *ing;
	const struct lint_obj *obj;
	/* NULL: not ingress-nginx's, none of its checks apply */
	struct prov_nginx_settings *nginx;
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

/* The controller's order (providers/ingress_nginx.h). */
static int
controller_order(const void *pa, const void *pb)
{
	const struct ing_item *a = *(const struct ing_item *const *)pa;
	const struct ing_item *b = *(const struct ing_item *const *)pb;

	return prov_nginx_cmp(a->ing, b->ing);
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

/*
 * permanent-redirect / temporal-redirect without an http(s) scheme
 * (internal/ingress/annotations/redirect/redirect.go Parse: the value of
 * permanent-redirect is only checked for its characters, and nginx.tmpl
 * renders "return <code> <value>"; temporal-redirect goes through
 * isValidURL, whose error switches the redirect annotations off).
 */
static void
check_redirect_scheme(struct lint_ctx *c, const struct ing_item *it)
{
	static const char *const keys[] = { "permanent-redirect",
		"temporal-redirect" };

	if (!it->nginx || it->nginx->fate == PROV_NGINX_DROPPED ||
	    it->nginx->is_canary)
		return;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		char key[128];
		const struct doc_node *n;
		const char *v;

		snprintf(key, sizeof(key), "%s%s", PROV_NGINX_PREFIX, keys[i]);
		n = annotation_node(it->ing, key);
		v = doc_str(n);
		if (!v)
			continue;
		while (*v == ' ' || *v == '\t' || *v == '\n')
			v++;
		if (!*v || !strncasecmp(v, "http://", 7) ||
		    !strncasecmp(v, "https://", 8))
			continue;
		if (i == 0)
			lint_emit(c, "ingress/redirect-without-scheme", n,
				"permanent-redirect '%s' has no http(s) "
				"scheme: ingress-nginx answers 'return %lld "
				"%s', a Location clients resolve against the "
				"request's URL%s, and the conversion cannot "
				"make it a RequestRedirect: write the absolute "
				"URL", v, it->nginx->permanent_redirect_code, v,
				*v == '/' ? " (nginx makes it absolute on the "
				"request's host)" : " (a relative path, not a "
				"host)");
		else
			lint_emit(c, "ingress/redirect-without-scheme", n,
				"temporal-redirect '%s' has no http(s) scheme: "
				"ingress-nginx refuses it (redirect.go "
				"isValidURL) and ignores every redirect "
				"annotation of the Ingress, so its paths are "
				"proxied: write the absolute URL", v);
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

static bool
same_claim(const struct ing_claim *a, const struct ing_claim *b)
{
	return !strcmp(a->host, b->host) && !strcmp(a->path->path,
		b->path->path) && a->exact == b->exact;
}

/* Two Ingresses claiming the same host and path: the first one wins. */
static void
check_claims(struct lint_ctx *c, struct ing_item *items, size_t n)
{
	const struct prov_trace *t = c->cfg ? c->cfg->trace : NULL;
	struct ing_claim *cl = NULL;
	size_t ncl = 0, cap = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = items[i].ing;

		/* not nginx's, not served, or sharing paths on purpose */
		if (!items[i].nginx || items[i].nginx->is_canary ||
		    items[i].nginx->fate == PROV_NGINX_DROPPED)
			continue;
		for (size_t r = 0; r < ing->nrules; r++)
			for (size_t p = 0; p < ing->rules[r].npaths; p++) {
				/* the controller skips non-Service backends */
				if (!ing->rules[r].paths[p].backend.service)
					continue;
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
	for (size_t i = 0; i < ncl && t && t->winner; i++)
		if (!i || !same_claim(&cl[i - 1], &cl[i]))
			t->winner(t->ctx, *cl[i].host ? cl[i].host : NULL,
				cl[i].path->path, cl[i].exact, cl[i].it->ing);
	for (size_t i = 1; i < ncl; i++) {
		const struct ing_claim *w, *l = &cl[i];
		size_t j = i;

		while (j > 0 && same_claim(&cl[j - 1], l))
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

/* Whether the Ingress switches its hosts to regex mode: use-regex, or a
 * rewrite-target other than the path (template.go enforceRegexModifier). */
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

			/* another controller's hosts are not nginx's */
			if (!rule->npaths || !items[i].nginx)
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
		/* every path the mode reaches, at its own line */
		for (size_t j = i; j < end; j++) {
			const struct host_rule *h = &hr[j];

			if (h->regex || h->it->nginx->is_canary ||
			    h->it->nginx->fate == PROV_NGINX_DROPPED)
				continue;
			c->cur = h->it->obj;
			for (size_t k = 0; k < h->rule->npaths; k++) {
				const struct ing_path *p = &h->rule->paths[k];

				lint_emit(c, "ingress/regex-contagion",
					p->path_node ? p->path_node : p->node,
					"Ingress %s/%s sets %s on host '%s', so "
					"ingress-nginx matches every path of the "
					"host as a case-insensitive regular "
					"expression prefix, this one too ('%s' "
					"also matches '%sx' and upper-case "
					"variants); the converted routes match "
					"it literally", cause->it->ing->ns,
					cause->it->ing->name, cause->regex,
					*h->host ? h->host : "*", p->path,
					p->path);
				lint_note(c, annotation_node(cause->it->ing,
					!strcmp(cause->regex, "use-regex") ?
					PROV_NGINX_PREFIX "use-regex" :
					PROV_NGINX_PREFIX "rewrite-target"),
					"the annotation that switches the host "
					"to regex mode");
			}
		}
	}
	free(hr);
}

static void
trace_served(struct lint_ctx *c, const struct ing_item *it)
{
	const struct prov_trace *t = c->cfg ? c->cfg->trace : NULL;

	if (t && t->served)
		t->served(t->ctx, it->ing, !it->nginx ? PROV_SERVED_OTHER :
			it->nginx->fate == PROV_NGINX_DROPPED ?
			PROV_SERVED_NGINX_REJECTED : PROV_SERVED_NGINX);
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
		/* what ingress-nginx does applies to its Ingresses only */
		if (prov_nginx_serves(&world, it->ing, false)) {
			it->nginx = arena_alloc(&arena, sizeof(*it->nginx));
			prov_nginx_parse(it->nginx, &arena, c->set,
				it->ing->annotations, it->ing->ns,
				it->ing->name, NULL, &ds);
		}
		trace_served(c, it);
		c->cur = it->obj;
		check_api_version(c, it->ing);
		diag_sort(&ds);
		relay(c, &ds);
		diag_sink_release(&ds);
		if (it->nginx) {
			check_conversion(c, it);
			check_redirect_scheme(c, it);
		}
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
