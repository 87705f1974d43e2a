#include "compat.h"
#include "providers/haproxy-common/model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "k8s.h"
#include "replay/model_common.h"

void
hm_say(const struct doc_set *set, struct diag_sink *sink,
	const struct doc_node *at, const char *rule, const char *fmt, ...)
{
	va_list ap;

	if (!sink)
		return;
	va_start(ap, fmt);
	diag_vadd(sink, DIAG_INFO, rule, at ? doc_pos(set, at) :
		(struct src_pos){ 0 }, fmt, ap);
	va_end(ap);
}

long
hm_find_port(const struct ing_service *svc, const struct ing_backend *b)
{
	if (!b->port_name)
		return b->port;
	for (size_t i = 0; svc && i < svc->nports; i++)
		if (svc->ports[i].name && !strcmp(svc->ports[i].name,
		    b->port_name))
			return svc->ports[i].port;
	return -1;
}

void
hm_add_entry(struct hm_entry **entries, size_t *n, const struct hm_entry *e)
{
	if (!(*n & (*n + 1)) || !*entries)
		*entries = xrealloc(*entries, (*n + 1) * 2 * sizeof(**entries));
	(*entries)[(*n)++] = *e;
}

char *
hm_lower_host(struct arena *a, const char *h)
{
	char *s = arena_strdup(a, h);

	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

static const struct prov_hap_settings *
svc_settings(struct arena *a, const struct doc_set *set,
	hap_parse_fn *parse, const struct ing_service *svc, const char *ns)
{
	struct prov_hap_settings *s = arena_alloc(a, sizeof(*s));

	parse(s, a, set, doc_get(doc_get(svc->obj->root, "metadata"),
		"annotations"), "Service", ns, svc->name, NULL);
	return s;
}

bool
hm_route_acl(struct arena *a, const struct doc_set *set, hap_parse_fn *parse,
	const struct ing_service *svc)
{
	return svc_settings(a, set, parse, svc, svc->ns)->route_acl != NULL;
}

bool
hm_passthrough_of(struct arena *a, const struct doc_set *set,
	const struct ing_world *w, hap_parse_fn *parse,
	const struct hm_ing *hi)
{
	const struct ingress *ing = hi->ing;

	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_service *svc;
		const struct prov_hap_settings *s;

		if (!ing->rules[i].npaths || !(svc = ing_world_service(w,
		    ing->ns, ing->rules[i].paths[0].backend.service)))
			continue;
		s = svc_settings(a, set, parse, svc, ing->ns);
		if (prov_hap_is_set(s, "ssl-passthrough"))
			return s->ssl_passthrough;
		break;
	}
	return prov_hap_is_set(&hi->s, "ssl-passthrough") &&
		hi->s.ssl_passthrough;
}

struct hm_ing *
hm_ing_new(struct hm_model *m, hap_parse_fn *parse, const struct ingress *ing,
	bool *pt)
{
	struct hm_ing *hi = arena_alloc(&m->arena, sizeof(*hi));

	memset(hi, 0, sizeof(*hi));
	hi->ing = ing;
	parse(&hi->s, &m->arena, m->set, ing->annotations, "Ingress",
		ing->ns, ing->name, NULL);
	hi->ssl_redirect = prov_hap_is_set(&hi->s, "ssl-redirect") ?
		hi->s.ssl_redirect : ing->ntls > 0;
	for (size_t t = 0; t < ing->ntls; t++)
		for (size_t h = 0; h < ing->tls[t].nhosts; h++) {
			const char *host = ing->tls[t].hosts[h];

			if (!host)
				continue;
			strmap_put(&m->certs, hm_lower_host(&m->arena, host),
				(void *)1);
			if (!ing->tls[t].secret || !*ing->tls[t].secret)
				strmap_put(&m->no_secret, hm_lower_host(
					&m->arena, host), (void *)1);
		}
	m->ings = xrealloc(m->ings, (m->nings + 1) * sizeof(*m->ings));
	m->ings[m->nings++] = hi;
	*pt = hm_passthrough_of(&m->arena, m->set, &m->world, parse, hi);
	return hi;
}

const char *
hm_rule_host(struct hm_model *m, const struct ing_rule *ir)
{
	const char *hk;

	if (!ir->host)
		return "";
	hk = hm_lower_host(&m->arena, ir->host[0] == '*' ? ir->host + 1 :
		ir->host);
	strmap_put(&m->hosts, hk, (void *)1);
	return hk;
}

bool
hm_path_entry(struct hm_model *m, hap_parse_fn *parse,
	const struct hm_ing *hi, size_t r, size_t p, const char *hk,
	const char *skipped, struct diag_sink *sink, struct hm_entry *e)
{
	const struct ingress *ing = hi->ing;
	const struct ing_path *ip = &ing->rules[r].paths[p];
	const struct ing_service *svc;
	struct src_pos pos;

	if (!ip->backend.service)
		return false;
	memset(e, 0, sizeof(*e));
	e->hi = hi;
	e->rule_idx = (long)r;
	e->path_idx = (long)p;
	e->ns = ing->ns;
	svc = ing_world_service(&m->world, ing->ns, ip->backend.service);
	e->service = ip->backend.service;
	e->port = hm_find_port(svc, &ip->backend);
	if (svc && hm_route_acl(&m->arena, m->set, parse, svc)) {
		/* a use_backend rule of its own, not the maps */
		strmap_put(&m->acl_hosts, hk, (void *)1);
		return false;
	}
	if (m->world.nservices && !svc) {
		hm_say(m->set, sink, ip->node, skipped, "Ingress '%s/%s': "
			"Service '%s' is not in the input: the controller "
			"skips the path", ing->ns, ing->name,
			ip->backend.service);
		return false;
	}
	e->value = arena_printf(&m->arena, "%s_svc_%s_%s", ing->ns,
		ip->backend.service, ip->backend.port_name ?
		ip->backend.port_name : arena_printf(&m->arena, "%d",
		ip->backend.port));
	pos = doc_pos(m->set, ip->node);
	e->file = pos.file;
	e->line = pos.line;
	return true;
}

int
hm_by_row(const void *pa, const void *pb)
{
	const struct hm_entry *a = pa, *b = pb;
	int c;

	if (a->map != b->map)
		return (int)a->map - (int)b->map;
	if ((c = strcmp(a->key, b->key)))
		return c;
	return strcmp(a->value, b->value);
}

void
hm_by_age(const struct ingress **order, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const char *a = order[j - 1]->creation_timestamp;
			const char *b = order[j]->creation_timestamp;
			const struct ingress *t;

			if (!b || (a && strcmp(a, b) <= 0))
				break;
			t = order[j - 1];
			order[j - 1] = order[j];
			order[j] = t;
		}
}

void
hm_load(struct hm_model *m, const struct doc_set *set, bool own_classes,
	bool (*served)(const struct ing_world *w, const struct ingress *ing,
	const char **why), void (*load_ingress)(struct hm_model *m,
	const struct ingress *ing, struct diag_sink *sink),
	struct diag_sink *sink)
{
	struct diag_sink scratch = DIAG_SINK_INIT;
	const struct ingress **order;
	size_t n = 0;

	m->set = set;
	k8s_objects_collect(&m->objs, set, &scratch);
	diag_sink_release(&scratch);
	ing_world_load(&m->world, set, &m->objs, sink);
	m->world_loaded = true;
	order = xcalloc(m->world.ningresses + 1, sizeof(*order));
	for (size_t i = 0; i < m->world.ningresses; i++) {
		const struct ingress *ing = &m->world.ingresses[i];
		const char *why = NULL;

		if (!ing->name)
			continue;
		if (own_classes && !served(&m->world, ing, &why)) {
			hm_say(m->set, sink, ing->obj->root,
				"replay/ingress-other-class", "Ingress '%s/%s' "
				"(class '%s') is not replayed: %s; the HAProxy "
				"Ingress Controller does not serve it", ing->ns,
				ing->name, ing->class_name ? ing->class_name :
				"(none)", why);
			continue;
		}
		order[n++] = ing;
	}
	/* the oldest Ingress's spec.defaultBackend, as convert orders */
	hm_by_age(order, n);
	for (size_t i = 0; i < n; i++)
		load_ingress(m, order[i], sink);
	free(order);
	if (m->nentries)
		qsort(m->entries, m->nentries, sizeof(*m->entries),
			hm_by_row);
}

void
hm_release(struct hm_model *m)
{
	/* a path-rewrite regex (haproxy.org) or a regex path (HAProxy
	 * Ingress): only one of the two is ever set */
	for (size_t i = 0; i < m->nings; i++)
		if (m->ings[i]->rewrite)
			pcre2_code_free(m->ings[i]->rewrite);
	for (size_t i = 0; i < m->nentries; i++)
		if (m->entries[i].rx)
			pcre2_code_free(m->entries[i].rx);
	free(m->ings);
	free(m->entries);
	strmap_release(&m->hosts);
	strmap_release(&m->sni);
	strmap_release(&m->acl_hosts);
	strmap_release(&m->certs);
	strmap_release(&m->app_roots);
	strmap_release(&m->no_secret);
	if (m->world_loaded)
		ing_world_release(&m->world);
	k8s_objects_release(&m->objs);
	arena_release(&m->arena);
}

void
hm_fallback(struct hm_model *m, const struct hm_ing *hi)
{
	const struct ingress *ing = hi->ing;
	struct hm_entry *e = &m->fallback_store;
	struct src_pos pos;

	if (!ing->has_default_backend || !ing->default_backend.service ||
	    m->fallback)
		return;
	pos = doc_pos(m->set, ing->default_backend.node);
	memset(e, 0, sizeof(*e));
	e->hi = hi;
	e->ns = ing->ns;
	e->service = ing->default_backend.service;
	e->port = hm_find_port(ing_world_service(&m->world, ing->ns,
		e->service), &ing->default_backend);
	e->rule_idx = e->path_idx = -1;
	e->file = pos.file;
	e->line = pos.line;
	m->fallback = e;
}

/* ---- routing ------------------------------------------------------------ */

const struct hm_entry *
hm_lookup(const struct hm_entry *entries, size_t n, enum hm_map map,
	const char *key, bool *dup)
{
	const struct hm_entry *first = NULL;

	*dup = false;
	for (size_t i = 0; i < n; i++) {
		const struct hm_entry *e = &entries[i];

		if (e->map != map || strcmp(e->key, key))
			continue;
		if (!first)
			first = e;
		else if (strcmp(first->value, e->value))
			*dup = true;
	}
	return first;
}

const struct hm_entry *
hm_lookup_beg(const struct hm_entry *entries, size_t nentries,
	enum hm_map map, const char *key, bool *dup)
{
	const struct hm_entry *best = NULL;
	size_t blen = 0;

	*dup = false;
	for (size_t i = 0; i < nentries; i++) {
		const struct hm_entry *e = &entries[i];
		size_t n;

		if (e->map != map)
			continue;
		n = strlen(e->key);
		if (strncmp(key, e->key, n))
			continue;
		if (!best || n > blen) {
			best = e;
			blen = n;
			*dup = false;
		} else if (n == blen && strcmp(best->value, e->value)) {
			*dup = true;
		}
	}
	return best;
}

static const char *
host_norm(const char *h, char *buf, size_t cap)
{
	size_t n;

	if (!h || !*h)
		return "";
	n = strcspn(h, ":");
	if (n >= cap)
		return "";
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)h[i]);
	buf[n] = '\0';
	return buf;
}

/* A request of at least two labels more than a wildcard covers. */
static bool
deeper_wildcard(const struct strmap *hosts, const char *host)
{
	const char *dot = strchr(host, '.');

	for (dot = dot ? strchr(dot + 1, '.') : NULL; dot;
	     dot = strchr(dot + 1, '.'))
		if (strmap_get(hosts, dot))
			return true;
	return false;
}

static bool
addr_in(const char *ip, const struct prov_strlist *l)
{
	unsigned char a[16], b[16];
	int fam = strchr(ip, ':') ? AF_INET6 : AF_INET;
	size_t alen = fam == AF_INET6 ? 16 : 4;

	if (inet_pton(fam, ip, a) != 1)
		return false;
	for (size_t i = 0; i < l->len; i++) {
		char buf[64];
		const char *slash = strchr(l->v[i], '/');
		size_t n = slash ? (size_t)(slash - l->v[i]) :
			strlen(l->v[i]);
		long bits = slash ? strtol(slash + 1, NULL, 10) :
			(long)alen * 8;
		bool ok = true;

		if (n >= sizeof(buf))
			continue;
		memcpy(buf, l->v[i], n);
		buf[n] = '\0';
		if (inet_pton(fam, buf, b) != 1)
			continue;
		for (long k = 0; k < bits && ok; k++)
			ok = ((a[k / 8] >> (7 - k % 8)) & 1) ==
				((b[k / 8] >> (7 - k % 8)) & 1);
		if (ok)
			return true;
	}
	return false;
}

void
hm_matched(struct replay_decision *d, const struct hm_entry *e)
{
	d->has_matched = true;
	d->matched.kind = "Ingress";
	d->matched.namespace = e->hi->ing->ns;
	d->matched.name = e->hi->ing->name;
	d->matched.rule = e->rule_idx;
	d->matched.match = e->path_idx;
	d->matched.file = e->file;
	d->matched.line = e->line;
}

bool
hm_has_cert(const struct strmap *certs, const char *host)
{
	char key[300];
	const char *dot;

	if (!*host)
		return false;
	if (strmap_get(certs, host))
		return true;
	dot = strchr(host, '.');
	if (!dot || strlen(dot) + 2 > sizeof(key))
		return false;
	key[0] = '*';
	memcpy(key + 1, dot, strlen(dot) + 1);
	return strmap_get(certs, key) != NULL;
}

bool
hm_frontend(struct replay_decision *d, const struct replay_request *req,
	const struct strmap *sni, char *hbuf, size_t cap, bool *secure,
	const char **host)
{
	*secure = req->scheme && !strcasecmp(req->scheme, "https");
	if (req->port != (*secure ? 443u : 80u)) {
		replay_decision_note(d, "no frontend takes %s on port %u "
			"(http: 80, https: 443)", *secure ? "HTTPS" : "HTTP",
			req->port);
		return true;
	}
	if (*secure) {
		const struct hm_entry *se = strmap_get(sni, host_norm(
			req->sni ? req->sni : req->host, hbuf, cap));

		if (se) {
			hm_matched(d, se);
			replay_decision_note(d, "ssl-passthrough: SNI '%s' in "
				"the sni map, TLS passed to %s undecrypted",
				hbuf, se->value);
			replay_upstream(d, req, req->path && *req->path ?
				req->path : "/");
			hm_backend(d, se);
			return true;
		}
	}
	*host = host_norm(req->host ? req->host : req->sni, hbuf, cap);
	return false;
}

const char *
hm_host_key(struct replay_decision *d, const struct replay_request *req,
	const struct strmap *hosts, bool secure, const char *host,
	const char **path)
{
	const char *hk = "";

	*path = req->path && *req->path ? req->path : "/";
	if (*host && strmap_get(hosts, host)) {
		hk = host;
	} else if (*host && strchr(host, '.') &&
	    strmap_get(hosts, strchr(host, '.'))) {
		hk = strchr(host, '.');
	}
	if (*host && deeper_wildcard(hosts, host) && !*hk)
		replay_decision_known(d, "convert/wildcard-depth", "an "
			"Ingress wildcard host matches one label, a Gateway "
			"API wildcard hostname one or more");
	replay_decision_note(d, "frontend %s, host '%s' -> '%s', path '%s'",
		secure ? "https" : "http", host, hk, *path);
	return hk;
}

bool
hm_access(struct replay_decision *d, const struct replay_request *req,
	const struct prov_hap_settings *s)
{
	if (s->allow.len || s->deny.len || s->allow_patterns ||
	    s->deny_patterns || (s->auth_basic && s->auth_secret))
		replay_decision_known(d, "convert/access-control", "HAProxy "
			"checked who may reach the path; the conversion keeps "
			"the check only where the target can make it, and the "
			"paths answer 500 otherwise");
	if (s->allow.len || s->deny.len || s->allow_patterns ||
	    s->deny_patterns) {
		if (!req->client_ip || s->allow_patterns || s->deny_patterns) {
			replay_decision_note(d, "access lists of the Ingress "
				"not evaluated (no client address, or a "
				"pattern file)");
		} else if ((s->allow.len && !addr_in(req->client_ip,
		    &s->allow)) || (s->deny.len && addr_in(req->client_ip,
		    &s->deny))) {
			replay_decision_note(d, "client %s refused by the "
				"access lists: 403", req->client_ip);
			d->status = 403;
			return false;
		}
	}
	if (s->auth_basic && s->auth_secret) {
		bool has = false;

		for (size_t i = 0; i < req->nheaders; i++)
			has |= !strcasecmp(req->headers[i].name,
				"Authorization");
		if (!has) {
			replay_decision_note(d, "basic authentication (realm "
				"'%s'): 401", s->auth_realm);
			d->status = 401;
			return false;
		}
		replay_decision_note(d, "basic authentication: credentials "
			"not checked");
	}
	return true;
}

void
hm_backend(struct replay_decision *d, const struct hm_entry *e)
{
	replay_one_backend(d, e->ns, e->service, e->port);
	d->status = 200;
}
