#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/*
 * The inventory: what the estate is made of, counted from the typed
 * Ingresses (model/ingress.h) and the provider convert chose for each
 * (r->ingresses).
 */

/* Adds one to name's count in map (whose values index list + 1). */
static void
count(struct strmap *map, struct audit_count **list, size_t *n,
	const char *name)
{
	uintptr_t i = (uintptr_t)strmap_get(map, name);

	if (!i) {
		*list = xrealloc(*list, (*n + 1) * sizeof(**list));
		(*list)[*n] = (struct audit_count){ name, 0 };
		i = ++*n;
		strmap_put(map, name, (void *)i);
	}
	(*list)[i - 1].n++;
}

static int
cmp_count(const void *pa, const void *pb)
{
	const struct audit_count *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

static int
cmp_class(const void *pa, const void *pb)
{
	const struct audit_class *a = pa, *b = pb;

	if (!a->name || !b->name)
		return !a->name - !b->name;	/* no class last */
	return strcmp(a->name, b->name);
}

static struct audit_class *
class_of(struct audit_inventory *inv, struct strmap *map,
	const struct ing_world *w, const char *name)
{
	const char *key = name ? name : "";
	uintptr_t i = (uintptr_t)strmap_get(map, key);
	const struct ing_class *ic;

	if (i)
		return &inv->classes[i - 1];
	inv->classes = xrealloc(inv->classes, (inv->nclasses + 1) *
		sizeof(*inv->classes));
	ic = name ? ing_world_class(w, name) : NULL;
	inv->classes[inv->nclasses] = (struct audit_class){
		.name = name,
		.controller = ic ? ic->controller : NULL,
		.is_default = ic && ic->is_default,
	};
	strmap_put(map, key, (void *)(uintptr_t)++inv->nclasses);
	return &inv->classes[inv->nclasses - 1];
}

/* Whether word is one of the ", "-separated words of list. */
static bool
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strstr(p, ", "), p = p ? p + 2 :
	     NULL)
		if (!strncmp(p, word, n) && (!p[n] || p[n] == ','))
			return true;
	return false;
}

void
audit_inventory(struct audit_report *r, const struct ing_world *w)
{
	struct audit_inventory *inv = &r->inv;
	struct strmap ns = STRMAP_INIT, cls = STRMAP_INIT, prov = STRMAP_INIT;
	struct strmap hosts = STRMAP_INIT, tls = STRMAP_INIT;

	inv->ingresses = r->ningresses;
	/* IngressClasses without Ingresses are part of the estate too */
	for (size_t i = 0; i < w->nclasses; i++)
		if (w->classes[i].name)
			class_of(inv, &cls, w, w->classes[i].name);
	for (size_t i = 0; i < r->ningresses; i++) {
		const struct audit_ingress *ai = &r->ingresses[i];
		const struct ingress *ing = ai->ing;
		struct audit_class *c;

		count(&ns, &inv->namespaces, &inv->nnamespaces, ing->ns);
		count(&prov, &inv->providers, &inv->nproviders, ai->provider);
		c = class_of(inv, &cls, w, ing->class_name);
		c->ingresses++;
		if (!c->provider)
			c->provider = ai->provider;
		else if (!word_in(c->provider, ai->provider))
			/* a class two controllers share (nginx without an
			 * IngressClass: ingress-nginx and F5 NGINX) */
			c->provider = arena_printf(&r->arena, "%s, %s",
				c->provider, ai->provider);
		if (ing->has_default_backend)
			inv->default_backends++;
		for (size_t k = 0; k < ing->nrules; k++) {
			const struct ing_rule *ru = &ing->rules[k];

			if (!ru->host)
				inv->rules_without_host++;
			else if (!strmap_get(&hosts, ru->host)) {
				strmap_put(&hosts, ru->host, (void *)ru);
				inv->hosts++;
				inv->wildcard_hosts += ru->host[0] == '*';
			}
			for (size_t p = 0; p < ru->npaths; p++)
				if ((size_t)ru->paths[p].type <
				    AUDIT_NPATH_TYPES)
					inv->paths[ru->paths[p].type]++;
		}
		inv->tls_sections += ing->ntls;
		for (size_t k = 0; k < ing->ntls; k++)
			for (size_t h = 0; h < ing->tls[k].nhosts; h++) {
				const char *host = ing->tls[k].hosts[h];

				if (host && !strmap_get(&tls, host)) {
					strmap_put(&tls, host, (void *)host);
					inv->tls_hosts++;
				}
			}
	}
	if (inv->nnamespaces)
		qsort(inv->namespaces, inv->nnamespaces,
			sizeof(*inv->namespaces), cmp_count);
	if (inv->nproviders)
		qsort(inv->providers, inv->nproviders,
			sizeof(*inv->providers), cmp_count);
	if (inv->nclasses)
		qsort(inv->classes, inv->nclasses, sizeof(*inv->classes),
			cmp_class);
	strmap_release(&ns);
	strmap_release(&cls);
	strmap_release(&prov);
	strmap_release(&hosts);
	strmap_release(&tls);
}
