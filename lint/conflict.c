/*
 * Conflicts between route matches. The precedence of HTTPRouteRule.Matches
 * (Gateway API apis/v1): Exact path, longest PathPrefix, method, most
 * headers, most query parameters, then the tie-breaks. Two matches with
 * the same criteria on the same listener and hostname tie on every
 * precedence step but the tie-breaks: across routes the older route wins
 * (creationTimestamp), then the first by "namespace/name"; within a route
 * the first rule wins. The loser never gets a request for that hostname.
 *
 * Every match is reduced to a canonical key (parent listener, hostname,
 * criteria) and looked up in a hash table filled in precedence order, so
 * the cost is linear in the number of matches times hostnames and parents,
 * not quadratic in the number of routes.
 *
 * Approximations: a route's hostnames are compared as written (a route
 * without hostnames counts as "*"), and only identical criteria conflict.
 * The HTTPRoute/GRPCRoute overlap (semantic/http-grpc-overlap) intersects
 * hostnames (lint_host_intersects).
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

struct entry {
	char *key;
	uint64_t hash;		/* of key; set by table_slot */
	const struct lint_obj *obj;
	size_t rule, match;
	const struct doc_node *node;
};

struct table {
	struct entry *slots;
	size_t cap, len;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/*
 * The entry of key, or the free slot where it goes (its hash already
 * stored there). Keys share long prefixes (kind, parent): the stored
 * hash spares most string compares.
 */
static struct entry *
table_slot(struct table *t, const char *key)
{
	uint64_t h = hash(key);
	size_t i = (size_t)h & (t->cap - 1);

	while (t->slots[i].key && (t->slots[i].hash != h ||
	    strcmp(t->slots[i].key, key)))
		i = (i + 1) & (t->cap - 1);
	t->slots[i].hash = h;
	return &t->slots[i];
}

static void
table_grow(struct table *t)
{
	struct table n = { 0 };

	n.cap = t->cap ? t->cap * 2 : 256;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i].key)
			continue;
		/* keys are distinct: the first free slot is theirs */
		for (j = (size_t)t->slots[i].hash & (n.cap - 1);
		     n.slots[j].key; j = (j + 1) & (n.cap - 1))
			;
		n.slots[j] = t->slots[i];
	}
	n.len = t->len;
	free(t->slots);
	*t = n;
}

static void
table_release(struct table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
}

static const char *
created(const struct lint_obj *o)
{
	/* no timestamp: not created yet, so the newest */
	return o->created ? o->created : "~";
}

static int
cmp_precedence(const void *pa, const void *pb)
{
	const struct lint_obj *a = *(const struct lint_obj *const *)pa;
	const struct lint_obj *b = *(const struct lint_obj *const *)pb;
	int c;

	if ((c = strcmp(created(a), created(b))))
		return c;
	if ((c = strcmp(a->ns, b->ns)))
		return c;
	return strcmp(a->name, b->name);
}

struct kv {
	char *name;
	const char *type, *value;
};

static int
cmp_kv(const void *pa, const void *pb)
{
	const struct kv *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* Sorted name/type/value triples; only the first of equal names counts. */
static void
add_kvs(struct strbuf *sb, const struct doc_node *list, bool fold)
{
	size_t n = lint_seq_len(list), k = 0;
	struct kv *kv = xcalloc(n + 1, sizeof(*kv));

	for (size_t i = 0; i < n; i++) {
		const struct doc_node *it = doc_item(list, i);
		const char *name = doc_str(doc_get(it, "name"));
		bool dup = false;

		if (!name)
			continue;
		for (size_t j = 0; j < k && !dup; j++)
			dup = fold ? !lint_strcasecmp(kv[j].name, name) :
				!strcmp(kv[j].name, name);
		if (dup)
			continue;
		kv[k].name = xstrdup(name);
		for (char *p = kv[k].name; fold && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		kv[k].type = lint_str_or(doc_get(it, "type"), "Exact");
		kv[k].value = lint_str_or(doc_get(it, "value"), "");
		k++;
	}
	xqsort(kv, k, sizeof(*kv), cmp_kv);
	for (size_t i = 0; i < k; i++) {
		strbuf_addc(sb, '\x1e');
		strbuf_adds(sb, kv[i].name);
		strbuf_addc(sb, '\x1d');
		strbuf_adds(sb, kv[i].type);
		strbuf_addc(sb, '\x1d');
		strbuf_adds(sb, kv[i].value);
		free(kv[i].name);
	}
	free(kv);
}

static void
match_key(struct strbuf *sb, const struct doc_node *m, bool http)
{
	if (http) {
		const struct doc_node *p = doc_get(m, "path");
		const char *type = lint_str_or(doc_get(p, "type"),
			"PathPrefix");
		const char *value = lint_str_or(doc_get(p, "value"), "/");
		size_t len = strlen(value);

		/* a trailing '/' of a PathPrefix is ignored */
		if (!strcmp(type, "PathPrefix") && len > 1 &&
		    value[len - 1] == '/')
			len--;
		strbuf_adds(sb, "P\x1d");
		strbuf_adds(sb, type);
		strbuf_addc(sb, '\x1d');
		strbuf_add(sb, value, strnlen(value, len));
		strbuf_adds(sb, "\x1fM\x1d");
		strbuf_adds(sb, lint_str_or(doc_get(m, "method"), ""));
		strbuf_adds(sb, "\x1fH");
		add_kvs(sb, doc_get(m, "headers"), true);
		strbuf_adds(sb, "\x1fQ");
		add_kvs(sb, doc_get(m, "queryParams"), false);
	} else {
		const struct doc_node *g = doc_get(m, "method");

		strbuf_addf(sb, "G\x1d%s\x1d%s\x1d%s\x1fH",
			lint_str_or(doc_get(g, "type"), "Exact"),
			lint_str_or(doc_get(g, "service"), ""),
			lint_str_or(doc_get(g, "method"), ""));
		add_kvs(sb, doc_get(m, "headers"), true);
	}
}

struct keys {
	char **items;
	const char **hosts;	/* listener hostname; NULL: any */
	size_t len, cap;
};

static void
keys_add_host(struct keys *k, struct strbuf *sb, const char *lhost)
{
	if (k->len == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 8;
		k->items = xrealloc(k->items, k->cap * sizeof(*k->items));
		k->hosts = xrealloc(k->hosts, k->cap * sizeof(*k->hosts));
	}
	k->hosts[k->len] = lhost;
	k->items[k->len++] = strbuf_detach(sb, NULL);
}

static void
keys_add(struct keys *k, struct strbuf *sb)
{
	keys_add_host(k, sb, NULL);
}

static void
keys_release(struct keys *k)
{
	for (size_t i = 0; i < k->len; i++)
		free(k->items[i]);
	free(k->items);
	free(k->hosts);
}

/*
 * Whether route hostname host can reach listener p at all: a listener
 * with a hostname only serves the route hostnames that intersect it, so
 * matches are keyed on those listeners only (a Gateway with one listener
 * per TLS host would otherwise multiply every match by its listeners).
 */
static bool
reaches(const struct keys *k, size_t p, const char *host)
{
	return !k->hosts[p] || lint_host_intersects(k->hosts[p],
		strcmp(host, "*") ? host : NULL);
}

/* Whether a listener with hostname lhost (NULL: any) serves one of the
 * route's hostnames (none: every hostname). */
static bool
host_reachable(const struct doc_node *hosts, const char *lhost)
{
	if (!lhost || !lint_seq_len(hosts))
		return true;
	for (size_t h = 0; h < lint_seq_len(hosts); h++)
		if (lint_host_intersects(lhost, lint_str_or(doc_item(hosts,
		    h), "")))
			return true;
	return false;
}

/*
 * The listeners a route's parentRefs reach: "ns/gateway#listener" for a
 * Gateway of the input, else "ns/gateway[#section][:port]"; the same with
 * a mark before it for a ListenerSet (whose listener names may repeat the
 * Gateway's).
 */
/* A Gateway's listeners as parent_keys compares them, read once. */
struct gw_listener {
	const char *name, *host;
	long long port;
	bool has_port, http, grpc;	/* admits HTTPRoute, GRPCRoute */
};

struct gw_cache {
	struct gw_listener *l;
	size_t n;
	bool built;
};

static const struct gw_cache *
gw_cache_get(struct gw_cache *cache, const struct lint_index *gws,
	size_t i)
{
	struct gw_cache *gc = &cache[i];
	const struct doc_node *ls;

	if (gc->built)
		return gc;
	/* a Gateway's or a ListenerSet's */
	ls = doc_get(gws->items[i]->spec, "listeners");
	gc->n = lint_seq_len(ls);
	gc->l = xcalloc(gc->n + 1, sizeof(*gc->l));
	for (size_t j = 0; j < gc->n; j++) {
		const struct doc_node *l = doc_item(ls, j);

		gc->l[j].name = lint_str_or(doc_get(l, "name"), "");
		gc->l[j].host = doc_str(doc_get(l, "hostname"));
		gc->l[j].has_port = doc_int(doc_get(l, "port"),
			&gc->l[j].port);
		gc->l[j].http = lint_kind_allowed(l, "HTTPRoute");
		gc->l[j].grpc = lint_kind_allowed(l, "GRPCRoute");
	}
	gc->built = true;
	return gc;
}

/* The parents of one kind: Gateways or ListenerSets, with their cache. */
struct parents {
	const char *kind;
	const char *mark;	/* key prefix: names of kinds never meet */
	struct lint_index ix;
	struct gw_cache *cache;
};

static void
parent_keys(struct keys *out, const struct lint_obj *route,
	struct parents *kinds, size_t nkinds)
{
	const struct doc_node *refs = doc_get(route->spec, "parentRefs");
	const struct doc_node *hosts = doc_get(route->spec, "hostnames");
	bool http = route->kind == LK_HTTPROUTE;

	for (size_t r = 0; r < lint_seq_len(refs); r++) {
		const struct doc_node *ref = doc_item(refs, r);
		const char *ns = lint_str_or(doc_get(ref, "namespace"),
			route->ns);
		const char *name = lint_str_or(doc_get(ref, "name"), "");
		const char *section = doc_str(doc_get(ref, "sectionName"));
		const char *kind = lint_str_or(doc_get(ref, "kind"),
			"Gateway");
		const struct gw_cache *gc;
		const struct lint_index *gws;
		struct parents *pk = NULL;
		struct strbuf sb = STRBUF_INIT;
		long long port = 0;
		bool has_port = doc_int(doc_get(ref, "port"), &port);
		size_t gi;

		for (size_t k = 0; k < nkinds && !pk; k++)
			if (!strcmp(kind, kinds[k].kind))
				pk = &kinds[k];
		if (!pk)
			continue;
		gws = &pk->ix;
		strbuf_adds(&sb, pk->mark);
		gi = lint_index_lower(gws, ns, name);
		if (gi >= gws->len || strcmp(gws->items[gi]->ns, ns) ||
		    strcmp(gws->items[gi]->name, name)) {
			strbuf_addf(&sb, "%s/%s", ns, name);
			if (section)
				strbuf_addf(&sb, "#%s", section);
			if (has_port)
				strbuf_addf(&sb, ":%lld", port);
			keys_add(out, &sb);
			continue;
		}
		gc = gw_cache_get(pk->cache, gws, gi);
		for (size_t i = 0; i < gc->n; i++) {
			const struct gw_listener *l = &gc->l[i];

			if ((section && strcmp(section, l->name)) ||
			    (has_port && (!l->has_port || l->port != port)) ||
			    !(http ? l->http : l->grpc) ||
			    !host_reachable(hosts, l->host))
				continue;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s%s/%s#%s", pk->mark, ns, name,
				l->name);
			keys_add_host(out, &sb, l->host);
		}
		strbuf_release(&sb);
	}
}

static void
report(struct lint_ctx *c, const struct entry *win,
	const struct lint_obj *o, size_t ri, size_t mi,
	const struct doc_node *node, const char *host)
{
	const char *why;

	if (win->obj == o) {
		if (win->rule == ri)
			lint_emit(c, "conflict/shadowed-match", node,
				"spec.rules[%zu].matches[%zu] repeats "
				"matches[%zu] of the same rule", ri, mi,
				win->match);
		else
			lint_emit(c, "conflict/shadowed-match", node,
				"spec.rules[%zu].matches[%zu] is identical to "
				"rules[%zu].matches[%zu], which comes first: "
				"it is never selected", ri, mi, win->rule,
				win->match);
		lint_note(c, win->node, "the match that wins");
		return;
	}
	if (win->obj->created && o->created &&
	    strcmp(win->obj->created, o->created))
		why = "it is older (creationTimestamp)";
	else
		why = "it comes first by namespace/name";
	lint_emit(c, "conflict/route-conflict", node, "spec.rules[%zu]."
		"matches[%zu] is identical to a match of %s %s/%s for "
		"%s%s%s on the same listener; %s %s/%s wins because %s, so "
		"this match is never selected there", ri, mi,
		win->obj->k->kind, win->obj->ns, win->obj->name,
		strcmp(host, "*") ? "hostname '" : "any hostname",
		strcmp(host, "*") ? host : "", strcmp(host, "*") ? "'" : "",
		win->obj->k->kind, win->obj->ns, win->obj->name, why);
	lint_note(c, win->node, "the winning match, rules[%zu].matches[%zu] "
		"of %s %s/%s", win->rule, win->match, win->obj->k->kind,
		win->obj->ns, win->obj->name);
}

static void
route_matches(struct lint_ctx *c, struct table *t,
	const struct lint_obj *o, const struct keys *parents)
{
	const struct doc_node *rules = doc_get(o->spec, "rules");
	const struct doc_node *hosts = doc_get(o->spec, "hostnames");
	bool http = o->kind == LK_HTTPROUTE;
	size_t nhosts = lint_seq_len(hosts) ? lint_seq_len(hosts) : 1;

	for (size_t ri = 0; ri < lint_seq_len(rules); ri++) {
		const struct doc_node *rule = doc_item(rules, ri);
		const struct doc_node *ms = doc_get(rule, "matches");
		size_t nm = doc_is_null(ms) ? (http ? 1 : 0) : lint_seq_len(ms);

		for (size_t mi = 0; mi < nm; mi++) {
			const struct doc_node *m = doc_item(ms, mi);
			struct strbuf mk = STRBUF_INIT;
			bool reported = false;

			match_key(&mk, m, http);
			for (size_t p = 0; p < parents->len; p++)
			for (size_t h = 0; h < nhosts; h++) {
				const char *host = lint_seq_len(hosts) ?
					lint_str_or(doc_item(hosts, h), "") :
					"*";
				struct strbuf key = STRBUF_INIT;
				struct entry *e;

				if (!reaches(parents, p, host))
					continue;
				strbuf_adds(&key, o->k->kind);
				strbuf_addc(&key, '\x1c');
				strbuf_adds(&key, parents->items[p]);
				strbuf_addc(&key, '\x1c');
				strbuf_adds(&key, host);
				strbuf_addc(&key, '\x1c');
				strbuf_adds(&key, mk.buf);
				if ((t->len + 1) * 2 > t->cap)
					table_grow(t);
				e = table_slot(t, key.buf);
				if (e->key) {
					/* the same match via another parent
					 * or a repeated hostname */
					bool self = e->obj == o &&
						e->rule == ri && e->match == mi;

					if (!reported && !self)
						report(c, e, o, ri, mi,
							m ? m : rule, host);
					reported |= !self;
					strbuf_release(&key);
					continue;
				}
				e->key = strbuf_detach(&key, NULL);
				e->obj = o;
				e->rule = ri;
				e->match = mi;
				e->node = m ? m : rule;
				t->len++;
			}
			strbuf_release(&mk);
		}
	}
}

static const struct entry *
table_get(struct table *t, const char *key)
{
	const struct entry *e = table_slot(t, key);

	return e->key ? e : NULL;
}

static void
table_put(struct table *t, const char *key, const struct lint_obj *o,
	const struct doc_node *node)
{
	struct entry *e;

	if ((t->len + 1) * 2 > t->cap)
		table_grow(t);
	e = table_slot(t, key);
	if (e->key)
		return;
	e->key = xstrdup(key);
	e->obj = o;
	e->node = node;
	t->len++;
}

/*
 * semantic/http-grpc-overlap: an HTTPRoute and a GRPCRoute that serve one
 * hostname on one listener (implementations MAY reject the newer).
 * Hostnames overlap when they intersect (lint_host_intersects); a route
 * without hostnames overlaps every route of the listener. Keys per
 * listener pk and kind K:
 *	K pk host	a route of kind K has this hostname ("*": none)
 *	K pk \x02	some route of kind K
 *	K pk \x03*.S	some route of kind K has a hostname under *.S
 * so each hostname costs one lookup and one insertion per label.
 */
static const struct entry *
overlap_find(struct table *t, const char *other, const char *pk,
	const char *host, struct strbuf *how)
{
	struct strbuf key = STRBUF_INIT;
	const struct entry *e;

	if (!strcmp(host, "*")) {
		strbuf_addf(&key, "%s\x1c%s\x1c\x02", other, pk);
		e = table_get(t, key.buf);
		strbuf_addf(how, "every hostname");
		goto out;
	}
	strbuf_addf(how, "hostname '%s'", host);
	strbuf_addf(&key, "%s\x1c%s\x1c%s", other, pk, host);
	if ((e = table_get(t, key.buf)))
		goto out;
	strbuf_reset(&key);
	strbuf_addf(&key, "%s\x1c%s\x1c*", other, pk);
	if ((e = table_get(t, key.buf)))
		goto out;
	/* a wildcard of the other kind that covers host */
	for (const char *d = strchr(host + 1, '.'); d; d = strchr(d + 1,
	    '.')) {
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\x1c%s\x1c*%s", other, pk, d);
		if ((e = table_get(t, key.buf))) {
			strbuf_addf(how, " (through '*%s')", d);
			goto out;
		}
	}
	/* host is a wildcard: a hostname of the other kind under it */
	if (!strncmp(host, "*.", 2)) {
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\x1c%s\x1c\x03%s", other, pk, host);
		if ((e = table_get(t, key.buf))) {
			strbuf_reset(how);
			strbuf_addf(how, "hostnames under '%s'", host);
		}
	}
out:
	strbuf_release(&key);
	return e;
}

static void
overlap_put(struct table *t, const char *kind, const char *pk,
	const char *host, const struct lint_obj *o,
	const struct doc_node *node)
{
	struct strbuf key = STRBUF_INIT;

	strbuf_addf(&key, "%s\x1c%s\x1c%s", kind, pk, host);
	table_put(t, key.buf, o, node);
	strbuf_reset(&key);
	strbuf_addf(&key, "%s\x1c%s\x1c\x02", kind, pk);
	table_put(t, key.buf, o, node);
	for (const char *d = strcmp(host, "*") ? strchr(host + 1, '.') : NULL;
	    d; d = strchr(d + 1, '.')) {
		if (host[0] == '*' && d == host + 1)
			continue;	/* the wildcard itself */
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\x1c%s\x1c\x03*%s", kind, pk, d);
		table_put(t, key.buf, o, node);
	}
	strbuf_release(&key);
}

static void
check_kind_overlap(struct lint_ctx *c, struct table *t,
	const struct lint_obj *o, const struct keys *parents)
{
	const struct doc_node *hosts = doc_get(o->spec, "hostnames");
	const char *kind = o->kind == LK_HTTPROUTE ? "H" : "G";
	const char *other = o->kind == LK_HTTPROUTE ? "G" : "H";
	size_t nhosts = lint_seq_len(hosts) ? lint_seq_len(hosts) : 1;
	const struct doc_node *node = hosts ? hosts : o->k->root;
	bool reported = false;

	for (size_t p = 0; p < parents->len; p++) {
		const char *pk = parents->items[p];

		if (pk[0] == '\x01')
			continue;	/* not attached */
		for (size_t h = 0; h < nhosts; h++) {
			const char *host = lint_seq_len(hosts) ?
				lint_str_or(doc_item(hosts, h), "") : "*";
			struct strbuf how = STRBUF_INIT;
			const struct entry *e;

			if (!*host || !reaches(parents, p, host))
				continue;
			e = overlap_find(t, other, pk, host, &how);
			if (e && !reported) {
				lint_emit(c, "semantic/http-grpc-overlap",
					hosts ? hosts : NULL, "%s %s/%s and %s "
					"%s/%s both serve %s on Gateway "
					"%s; an implementation may reject the "
					"newer one (by creationTimestamp, then "
					"namespace/name: %s %s/%s)", o->k->kind,
					o->ns, o->name, e->obj->k->kind,
					e->obj->ns, e->obj->name, how.buf, pk,
					o->k->kind, o->ns, o->name);
				lint_note(c, e->node, "the %s",
					e->obj->k->kind);
				reported = true;
			}
			strbuf_release(&how);
			overlap_put(t, kind, pk, host, o, node);
		}
	}
}

void
lint_conflict_check(struct lint_ctx *c)
{
	const struct lint_obj **routes = xcalloc(c->nobjs + 1,
		sizeof(*routes));
	struct parents pk[2] = {
		{ "Gateway", "", { NULL, 0 }, NULL },
		{ "ListenerSet", "\x02", { NULL, 0 }, NULL },
	};
	struct table t = { 0 }, kinds = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < c->nobjs; i++)
		if (lint_is_route(c->objs[i].kind) &&
		    doc_is_map(c->objs[i].spec))
			routes[n++] = &c->objs[i];
	xqsort(routes, n, sizeof(*routes), cmp_precedence);
	lint_index_build(&pk[0].ix, c, LK_GATEWAY);
	lint_index_build(&pk[1].ix, c, LK_LISTENERSET);
	for (size_t k = 0; k < ARRAY_LEN(pk); k++)
		pk[k].cache = xcalloc(pk[k].ix.len + 1, sizeof(*pk[k].cache));
	table_grow(&t);
	table_grow(&kinds);
	for (size_t i = 0; i < n; i++) {
		struct keys parents = { 0 };

		c->cur = routes[i];
		parent_keys(&parents, routes[i], pk, ARRAY_LEN(pk));
		if (!parents.len) {
			/* not attached: only its own rules can clash */
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "\x01%s/%s", routes[i]->ns,
				routes[i]->name);
			keys_add(&parents, &sb);
		}
		route_matches(c, &t, routes[i], &parents);
		check_kind_overlap(c, &kinds, routes[i], &parents);
		keys_release(&parents);
	}
	c->cur = NULL;
	table_release(&t);
	table_release(&kinds);
	for (size_t k = 0; k < ARRAY_LEN(pk); k++) {
		for (size_t i = 0; i < pk[k].ix.len; i++)
			free(pk[k].cache[i].l);
		free(pk[k].cache);
		free(pk[k].ix.items);
	}
	free(routes);
}
