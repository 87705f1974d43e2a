/*
 * ListenerSets and their Gateways (the ListenerSet CRD v1.6.1): a ListenerSet's parentRef names
 * a Gateway of the input whose allowedListeners admits the ListenerSet's
 * namespace, and the Gateway's merged list of listeners (its own, then
 * its ListenerSets' in order of precedence) has no two that are not
 * distinct. Of two that are not, the later one is Conflicted and not
 * programmed: the earlier one wins (between ListenerSets; within one
 * Gateway or one ListenerSet all parties are rejected, which the CEL
 * rules and semantic/listener-conflict report).
 */
#include "compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"
#include "strmap.h"

#define NAME_LABEL "kubernetes.io/metadata.name"

int
lint_cmp_listenerset(const void *pa, const void *pb)
{
	const struct lint_obj *a = *(const struct lint_obj *const *)pa;
	const struct lint_obj *b = *(const struct lint_obj *const *)pb;
	int c;

	if (!a->created != !b->created)
		return a->created ? -1 : 1;
	if (a->created && ((c = strcmp(a->created, b->created)) ||
	    (c = strcmp(a->ns, b->ns)) || (c = strcmp(a->name, b->name))))
		return c;
	/* input order: the objects are in an array in that order */
	return a < b ? -1 : a > b;
}

bool
lint_selector_admits(const struct doc_node *sel, const char *ns)
{
	const struct doc_node *ml = doc_get(sel, "matchLabels");
	const struct doc_node *me = doc_get(sel, "matchExpressions");

	for (size_t i = 0; doc_is_map(ml) && i < doc_len(ml); i++) {
		const char *k = doc_str(doc_map_key(ml, i));
		const char *v = doc_str(doc_map_value(ml, i));

		if (k && !strcmp(k, NAME_LABEL) && (!v || strcmp(v, ns)))
			return false;
	}
	for (size_t i = 0; i < lint_seq_len(me); i++) {
		const struct doc_node *e = doc_item(me, i);
		const struct doc_node *vals = doc_get(e, "values");
		const char *op = lint_str_or(doc_get(e, "operator"), "");
		bool in = false;

		if (strcmp(lint_str_or(doc_get(e, "key"), ""), NAME_LABEL))
			continue;
		for (size_t j = 0; j < lint_seq_len(vals); j++)
			in |= !strcmp(lint_str_or(doc_item(vals, j), ""), ns);
		if ((!strcmp(op, "In") && !in) ||
		    (!strcmp(op, "NotIn") && in) ||
		    !strcmp(op, "DoesNotExist"))
			return false;
	}
	return true;
}

bool
lint_listenerset_allowed(const struct lint_obj *gw, const char *ns)
{
	const struct doc_node *n = doc_path(gw->spec,
		"allowedListeners.namespaces");
	const char *from = lint_str_or(doc_get(n, "from"), "None");

	if (!strcmp(from, "All"))
		return true;
	if (!strcmp(from, "Same"))
		return !strcmp(gw->ns, ns);
	if (!strcmp(from, "Selector"))
		return lint_selector_admits(doc_get(n, "selector"), ns);
	return false;
}

/* The Gateway a ListenerSet's parentRef names, when it is one of the
 * Gateway API group; *named is false for another kind of parent. */
static const struct lint_obj *
parent_of(const struct lint_obj *ls, const struct lint_index *gws,
	bool *named, const char **ns, const char **name)
{
	const struct doc_node *pr = doc_get(ls->spec, "parentRef");

	*ns = lint_str_or(doc_get(pr, "namespace"), ls->ns);
	*name = lint_str_or(doc_get(pr, "name"), "");
	*named = doc_is_map(pr) && **name &&
		!strcmp(lint_str_or(doc_get(pr, "group"), GW_GROUP),
		GW_GROUP) &&
		!strcmp(lint_str_or(doc_get(pr, "kind"), "Gateway"), "Gateway");
	return *named ? lint_index_find(gws, *ns, *name) : NULL;
}

/* The classes of protocols that share a port only with their own (TCP and
 * UDP with each other too); 0: implementation-specific, not judged. */
static int
proto_class(const char *p)
{
	if (!p)
		return 0;
	if (!strcmp(p, "HTTP"))
		return 1;
	if (!strcmp(p, "HTTPS") || !strcmp(p, "TLS"))
		return 2;
	if (!strcmp(p, "TCP"))
		return 3;
	if (!strcmp(p, "UDP"))
		return 4;
	return 0;
}

static bool
classes_share(int a, int b)
{
	return a == b || (a >= 3 && b >= 3);
}

/* A listener of the merged list that holds its port and hostname. */
struct holder {
	const struct lint_obj *owner;	/* the Gateway or a ListenerSet */
	const struct doc_node *node;
	const char *name, *proto;
	int cls;
};

struct merged {
	struct strmap by_key;	/* "port/class/hostname" -> holder */
	struct strmap by_port;	/* "port/class" -> holder (the first) */
	struct holder *h;
	size_t n, cap;
	char **keys;
	size_t nkeys;
};

static char *
merged_key(struct merged *m, const char *fmt, ...) ING2GW_PRINTF(2, 3);

static char *
merged_key(struct merged *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	m->keys = xrealloc(m->keys, (m->nkeys + 1) * sizeof(*m->keys));
	m->keys[m->nkeys] = strbuf_detach(&sb, NULL);
	return m->keys[m->nkeys++];
}

static void
merged_release(struct merged *m)
{
	for (size_t i = 0; i < m->nkeys; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->h);
	strmap_release(&m->by_key);
	strmap_release(&m->by_port);
	memset(m, 0, sizeof(*m));
}

/* Why ListenerSet w comes before ls in the Gateway's listeners. */
static const char *
why_first(const struct lint_obj *w, const struct lint_obj *ls)
{
	if (w->created && ls->created && strcmp(w->created, ls->created))
		return "it is older (creationTimestamp)";
	if (w->created && ls->created)
		return "it comes first by namespace/name";
	if (w->created)
		return "it has a creationTimestamp and this one has "
			"none";
	return "it comes first in the input";
}

/*
 * Adds listener l of owner to the merged list, or reports it (a listener
 * of a ListenerSet only) when an earlier one holds its port and hostname
 * or its port with a protocol that cannot share it.
 */
static void
merge_listener(struct lint_ctx *c, struct merged *m,
	const struct lint_obj *owner, const struct lint_obj *gw,
	const struct doc_node *l)
{
	const char *proto = doc_str(doc_get(l, "protocol"));
	const char *host = doc_str(doc_get(l, "hostname"));
	const char *name = lint_str_or(doc_get(l, "name"), "");
	int cls = proto_class(proto);
	const struct holder *w = NULL;
	const char *reason = "HostnameConflict";
	long long port;
	uintptr_t hi;
	char *key;

	if (!cls || !doc_int(doc_get(l, "port"), &port))
		return;
	for (int k = 1; k <= 4 && owner->kind == LK_LISTENERSET; k++) {
		if (classes_share(k, cls))
			continue;
		hi = (uintptr_t)strmap_get(&m->by_port, merged_key(m,
			"%lld/%d", port, k));
		if (hi) {
			w = &m->h[hi - 1];
			reason = "ProtocolConflict";
			break;
		}
	}
	key = merged_key(m, "%lld/%d/%s", port, cls, host ? host : "");
	if (!w && owner->kind == LK_LISTENERSET &&
	    (hi = (uintptr_t)strmap_get(&m->by_key, key)))
		w = &m->h[hi - 1];
	if (w && w->owner != owner) {
		struct strbuf who = STRBUF_INIT;

		if (w->owner == gw)
			strbuf_addf(&who, "its Gateway %s/%s, whose own "
				"listeners come first", gw->ns, gw->name);
		else
			strbuf_addf(&who, "ListenerSet %s/%s, which comes "
				"first in the listeners of Gateway %s/%s "
				"because %s", w->owner->ns, w->owner->name,
				gw->ns, gw->name, why_first(w->owner, owner));
		lint_emit(c, "semantic/listenerset-conflict", l,
			"listener '%s' (%s on port %lld, %s%s%s) is not "
			"distinct from listener '%s' (%s) of %s: it is "
			"Conflicted (%s) and not programmed, and its routes "
			"get no requests", name, proto, port,
			host ? "hostname '" : "any hostname", host ? host : "",
			host ? "'" : "", w->name, w->proto, who.buf, reason);
		lint_note(c, w->node, "the listener that wins");
		strbuf_release(&who);
		return;
	}
	if (w)
		return;	/* within one ListenerSet: the CEL rules' case */
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->h = xrealloc(m->h, m->cap * sizeof(*m->h));
	}
	m->h[m->n] = (struct holder){ owner, l, name, proto, cls };
	m->n++;
	if (!strmap_get(&m->by_key, key))
		strmap_put(&m->by_key, key, (void *)(uintptr_t)m->n);
	key = merged_key(m, "%lld/%d", port, cls);
	if (!strmap_get(&m->by_port, key))
		strmap_put(&m->by_port, key, (void *)(uintptr_t)m->n);
}

void
lint_listenerset_parents_check(struct lint_ctx *c)
{
	const struct lint_obj **sets = xcalloc(c->nobjs + 1, sizeof(*sets));
	const struct lint_obj **parents;
	struct lint_index gws;
	size_t n = 0;

	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i].kind == LK_LISTENERSET &&
		    doc_is_map(c->objs[i].spec))
			sets[n++] = &c->objs[i];
	if (!n) {
		free(sets);
		return;
	}
	xqsort(sets, n, sizeof(*sets), lint_cmp_listenerset);
	parents = xcalloc(n, sizeof(*parents));
	lint_index_build(&gws, c, LK_GATEWAY);
	for (size_t i = 0; i < n; i++) {
		const struct doc_node *pr = doc_get(sets[i]->spec, "parentRef");
		const char *ns, *name;
		bool named;
		const struct lint_obj *gw = parent_of(sets[i], &gws, &named,
			&ns, &name);

		c->cur = sets[i];
		if (!gw) {
			/* what is not in the input is not judged */
			if (named && gws.len)
				lint_emit(c, "ref/parent-not-found", pr,
					"spec.parentRef: Gateway %s/%s is not "
					"in the input", ns, name);
			continue;
		}
		if (!lint_listenerset_allowed(gw, sets[i]->ns)) {
			const struct doc_node *al = doc_get(gw->spec,
				"allowedListeners");

			lint_emit(c, "ref/listenerset-not-allowed", pr,
				"spec.parentRef: Gateway %s/%s does not allow "
				"ListenerSets of namespace '%s' (allowedListeners"
				".namespaces.from: %s): the ListenerSet is not "
				"attached and none of its listeners is "
				"programmed", ns, name, sets[i]->ns,
				lint_str_or(doc_path(al, "namespaces.from"),
				"None, the default"));
			lint_note(c, al ? al : gw->k->root,
				"the allowedListeners of Gateway %s/%s", ns,
				name);
			continue;
		}
		parents[i] = gw;
	}
	for (size_t g = 0; g < gws.len; g++) {
		const struct lint_obj *gw = gws.items[g];
		const struct doc_node *own = doc_get(gw->spec, "listeners");
		struct merged m = { STRMAP_INIT, STRMAP_INIT, NULL, 0, 0, NULL,
			0 };
		bool any = false;

		for (size_t i = 0; i < n && !any; i++)
			any = parents[i] == gw;
		if (!any)
			continue;
		for (size_t j = 0; j < lint_seq_len(own); j++)
			merge_listener(c, &m, gw, gw, doc_item(own, j));
		for (size_t i = 0; i < n; i++) {
			const struct doc_node *ls;

			if (parents[i] != gw)
				continue;
			c->cur = sets[i];
			ls = doc_get(sets[i]->spec, "listeners");
			for (size_t j = 0; j < lint_seq_len(ls); j++)
				merge_listener(c, &m, sets[i], gw,
					doc_item(ls, j));
		}
		merged_release(&m);
	}
	c->cur = NULL;
	free(gws.items);
	free(parents);
	free(sets);
}
