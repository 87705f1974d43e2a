#include "compat.h"

#include "generate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/ingress-nginx/probes.h"
#include "strbuf.h"

static void
probe_add(struct replay_probes *p, const char *scheme, const char *host,
	const char *path, const char *header)
{
	struct strbuf req = STRBUF_INIT, key = STRBUF_INIT;
	struct replay_probe *pr;

	strbuf_addf(&req, "GET %s://%s%s", scheme, host, path);
	strbuf_addf(&key, "%s\n%s", req.buf, header ? header : "");
	if (strmap_get(&p->seen, key.buf)) {
		strbuf_release(&req);
		strbuf_release(&key);
		return;
	}
	if (p->len == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->items = xrealloc(p->items, p->cap * sizeof(*p->items));
	}
	pr = &p->items[p->len++];
	pr->request = strbuf_detach(&req, NULL);
	pr->header = header ? xstrdup(header) : NULL;
	pr->key = strbuf_detach(&key, NULL);
	strmap_put(&p->seen, pr->key, pr);
}

void
replay_probes_release(struct replay_probes *p)
{
	for (size_t i = 0; i < p->len; i++) {
		free(p->items[i].request);
		free(p->items[i].header);
		free(p->items[i].key);
	}
	free(p->items);
	strmap_release(&p->seen);
	memset(p, 0, sizeof(*p));
}

/* The literal part of a path before any regular-expression syntax. */
static char *
literal_prefix(const char *path)
{
	size_t n = strcspn(path, "^$()[]{}*+?|\\");
	char *s;

	if (!path[n])
		return xstrdup(path);
	s = xstrndup(path, n);
	if (!*s || *s != '/') {
		free(s);
		return xstrdup("/");
	}
	return s;
}

/* Adds the variants of one path on one host, http and https. */
static void
path_variants(struct replay_probes *p, const char *host, const char *path,
	const char *header)
{
	static const char *const schemes[] = { "http", "https" };
	char *base = literal_prefix(path);
	size_t n = strlen(base);
	bool slash = n > 1 && base[n - 1] == '/';
	struct strbuf v[6];
	size_t nv = 0;

	memset(v, 0, sizeof(v));
	strbuf_adds(&v[nv++], "/");
	strbuf_adds(&v[nv++], base);
	/* with and without the trailing slash */
	if (slash)
		strbuf_add(&v[nv++], base, n - 1);
	else if (n > 1)
		strbuf_addf(&v[nv++], "%s/", base);
	/* one element longer */
	strbuf_addf(&v[nv++], "%s%sprobe", base, base[n - 1] == '/' ? "" :
		"/");
	/* a sibling prefix: /foo -> /foobar */
	if (n > 1)
		strbuf_addf(&v[nv++], "%.*sbar", (int)(slash ? n - 1 : n),
			base);
	/* upper case */
	{
		bool changed = false;

		strbuf_adds(&v[nv], base);
		for (size_t i = 0; i < v[nv].len; i++) {
			char c = (char)toupper((unsigned char)v[nv].buf[i]);

			changed |= c != v[nv].buf[i];
			v[nv].buf[i] = c;
		}
		nv += changed;
	}
	for (size_t s = 0; s < ARRAY_LEN(schemes); s++)
		for (size_t i = 0; i < nv; i++)
			probe_add(p, schemes[s], host, v[i].buf, header);
	for (size_t i = 0; i < ARRAY_LEN(v); i++)
		strbuf_release(&v[i]);
	free(base);
}

/* The hosts a rule's host stands for (1 or 2 strings; free them). */
static size_t
rule_hosts(char *out[2], const char *host)
{
	if (!host || !*host) {
		out[0] = xstrdup(REPLAY_PROBE_DEFAULT_HOST);
		return 1;
	}
	if (!strncmp(host, "*.", 2)) {
		size_t n = strlen(host) + 16;

		out[0] = xmalloc(n);
		snprintf(out[0], n, "one%s", host + 1);
		out[1] = xmalloc(n);
		snprintf(out[1], n, "two.one%s", host + 1);
		return 2;
	}
	out[0] = xstrdup(host);
	return 1;
}

void
replay_probes_ingress(struct replay_probes *p, const struct ingress *ing,
	const char *header)
{
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];
		char *hosts[2];
		size_t nh = rule_hosts(hosts, rule->host);

		for (size_t h = 0; h < nh; h++) {
			if (!rule->npaths)
				path_variants(p, hosts[h], "/", header);
			for (size_t i = 0; i < rule->npaths; i++)
				path_variants(p, hosts[h],
					rule->paths[i].path, header);
			free(hosts[h]);
		}
	}
	if (ing->has_default_backend && !ing->nrules)
		path_variants(p, REPLAY_PROBE_DEFAULT_HOST, "/", header);
}

/* The probes of each controller beyond the Ingress spec's, in order. */
static void (*const provider_probes[])(struct replay_probes *,
	const struct ing_world *) = {
	ngx_probes,
};

int
replay_probes_generate(struct replay_probes *out,
	const struct ing_world *world)
{
	for (size_t i = 0; i < world->ningresses; i++)
		replay_probes_ingress(out, &world->ingresses[i], NULL);
	/* what the controllers add: canary headers and cookies, ... */
	for (size_t i = 0; i < ARRAY_LEN(provider_probes); i++)
		provider_probes[i](out, world);
	return 0;
}
