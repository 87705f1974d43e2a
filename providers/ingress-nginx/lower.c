#include "compat.h"
#include "lower_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "lower.h"
#include "regex.h"
#include "providers/ingress-nginx/annotations.h"
#include "strbuf.h"

/*
 * ingress-nginx semantics on top of the Ingress specification's
 * conversion: annotations parsed by the provider, hosts in regex mode,
 * rewrites, redirects, first-wins merges and canaries.
 */

#define ACME_PREFIX "/.well-known/acme-challenge"
/* ConfigMap hsts-max-age and hsts-include-subdomains defaults */
#define NGX_HSTS "max-age=31536000; includeSubDomains"

struct ngx_ing {
	const struct ingress *ing;
	/* shared by the Ingresses without ingress-nginx annotations */
	const struct prov_nginx_settings *s;
	const struct ir_cors *cors;	/* built once, shared by its rules */
	unsigned rewrites;		/* HTTPRouteFilters made so far */
};

struct ngx_host {
	const char *host;		/* "" for the default server */
	bool regex;			/* every location is ~* "^path" */
	const struct ingress *regex_by;	/* the first Ingress that made it */
	bool regex_by_root;		/* through the root placeholder */
	const struct ingress *first;	/* creates the server and "/" */
	const struct ingress *root;	/* owns location "/" */
	const struct ngx_ing *app_root;	/* first Ingress with app-root */
	const struct ngx_ing *alias;	/* first Ingress with server-alias */
	struct strmap paths;		/* "type path" -> ngx_ing, converted */
	/* "type path" -> the ngx_ing nginx serves it from, converted or not */
	struct strmap served;
	bool warned_order;
	const struct ngx_ing *passthrough;	/* first with ssl-passthrough */
	bool tls_done;			/* its TLSRoute is generated */
	/* ssl-passthrough host with a certificate: HTTP redirects */
	int pt_cert;			/* 0 unknown, 1 yes, -1 no */
	bool said_cert;			/* nginx-default-certificate said */
};

struct conv_nginx {
	struct prov_nginx_options opt;
	struct strmap pt_unused;	/* "%p" of routes with nothing to do */
	struct ngx_ing **ings;		/* by index in c->w->ingresses */
	struct strmap hosts;		/* host -> ngx_host */
	struct ngx_host **hl;
	size_t nhosts;
	struct ngx_ing **canaries;
	size_t ncanaries;
	/* the settings of an Ingress without ingress-nginx annotations */
	const struct prov_nginx_settings *plain;
	/* what only the lowering reads (the settings, 1.2 KB an Ingress,
	 * hosts): released with the rest once every Ingress is lowered */
	struct arena arena;
};

static const char *
ptrkey(struct conv *c, const void *p)
{
	return arena_printf(c->a, "%p", p);
}

/* A lookup key for pt_unused, without allocating. */
static const char *
ptrkey_tmp(char (*buf)[32], const void *p)
{
	snprintf(*buf, sizeof(*buf), "%p", p);
	return *buf;
}

static struct ngx_ing *
ngx_of(struct conv *c, const struct ingress *ing)
{
	const struct ingress *base = c->w->ingresses;

	if (!c->nginx || ing < base || ing >= base + c->w->ningresses)
		return NULL;
	return c->nginx->ings[ing - base];
}

const struct prov_nginx_settings *
conv_nginx_settings(struct conv *c, const struct ingress *ing)
{
	struct ngx_ing *ni = ngx_of(c, ing);

	return ni ? ni->s : NULL;
}

const struct doc_node *
ngx_key_node(const struct prov_nginx_settings *s, const struct ingress *ing,
	const char *key)
{
	const struct prov_slot *sl = key ? prov_nginx_slot(s, key) : NULL;

	return sl && sl->node ? sl->node : ing->obj->root;
}

/* --provider auto: the Ingresses of the controller's classes. */
static bool
ngx_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_nginx_serves(c->w, ing, false);
}

bool
conv_nginx_wants(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_ingress_nginx;
}

/* The controller's order of Ingresses (prov_nginx_cmp). */
static int
ngx_order(const void *pa, const void *pb)
{
	return prov_nginx_cmp(*(const struct ingress *const *)pa,
		*(const struct ingress *const *)pb);
}

static bool
same_host_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static struct ngx_host *
host_of(struct conv *c, const char *host)
{
	struct conv_nginx *n = c->nginx;
	const char *k = host ? host : "";
	struct ngx_host *h = strmap_get(&n->hosts, k);

	if (h)
		return h;
	h = arena_alloc(&n->arena, sizeof(*h));
	h->host = k;
	strmap_put(&n->hosts, k, h);
	PUSH(n->hl, n->nhosts, h);
	return h;
}

/* The provider's findings, copied: errors become warnings, because what
 * the controller does with a bad value is converted faithfully. */
static void
copy_diags(struct conv *c, struct diag_sink *tmp)
{
	for (size_t i = 0; i < tmp->len; i++) {
		const struct diag *d = &tmp->items[i];
		enum diag_severity sev = d->severity == DIAG_ERROR ?
			DIAG_WARNING : d->severity;

		diag_add(c->sink, sev, d->rule, d->pos, "%s", d->msg);
		for (size_t j = 0; j < d->nnotes; j++)
			diag_add_note(c->sink, d->notes[j].pos, "%s",
				d->notes[j].msg);
	}
}

static bool
path_is_regexy(const struct ingress *ing, const struct ngx_ing *ni,
	const struct ing_path *p)
{
	(void)ing;
	if (ni->s->use_regex)
		return true;
	return ni->s->rewrite_target && strcmp(ni->s->rewrite_target, p->path);
}

/* The location of a path, in sb (reset first) for a lookup. */
static const char *
loc_key(struct strbuf *sb, const struct ing_path *p)
{
	strbuf_reset(sb);
	/* ingress-nginx rewrites ImplementationSpecific (and unset) to Prefix
	 * when it loads an Ingress (internal/k8s SetDefaultNGINXPathType). */
	strbuf_adds(sb, p->type == ING_PATH_EXACT ? "Exact " : "Prefix ");
	strbuf_adds(sb, p->path);
	return sb->buf;
}

/*
 * A backend Service the input lacks, when the input has Services: nginx
 * finds no endpoints and answers 503; a backendRef to a missing Service
 * makes a Gateway answer 500.
 */
static void
missing_service(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, struct strmap *said)
{
	/* (a port name: convert/unresolved-port-name says it already) */
	if (!b->service || b->port_name || !c->w->nservices ||
	    ing_world_service(c->w, ing->ns, b->service) ||
	    strmap_get(said, b->service))
		return;
	strmap_put(said, b->service, (void *)1);
	diag_add(c->sink, DIAG_INFO, "convert/nginx-missing-service",
		conv_pos(c, b->node), "Ingress '%s/%s': Service '%s/%s' is not "
		"in the input, which lists Services: ingress-nginx found no "
		"endpoints for it and answered 503, a Gateway answers 500 for "
		"a backendRef to a missing Service; check the name, or add "
		"the Service to the input", ing->ns, ing->name, ing->ns,
		b->service);
}

static void
missing_services(struct conv *c, const struct ingress *ing)
{
	struct strmap said = STRMAP_INIT;

	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++)
			missing_service(c, ing,
				&ing->rules[r].paths[p].backend, &said);
	if (ing->has_default_backend)
		missing_service(c, ing, &ing->default_backend, &said);
	strmap_release(&said);
}

/*
 * A named host without a '/' location of its own answers the paths no
 * Ingress defines with the default backend (404) in ingress-nginx: its
 * server never falls through to the default server. In Gateway API, the
 * rules of a route without hostnames (a rule without host, a
 * defaultBackend without rules) serve them.
 */
static void
host_fallthrough(struct conv *c, const struct ngx_host *h,
	const struct ingress *catchall)
{
	const struct ingress *f = h->first;
	const struct doc_node *at = NULL;

	if (!catchall || !*h->host || !f || (f->has_default_backend &&
	    f->default_backend.service))
		return;
	for (size_t r = 0; r < f->nrules && !at; r++)
		if (same_host_str(f->rules[r].host, h->host))
			at = f->rules[r].host_node ? f->rules[r].host_node :
				f->rules[r].node;
	diag_add(c->sink, DIAG_WARNING, "convert/nginx-host-fallthrough",
		conv_pos(c, at ? at : f->obj->root), "host '%s' has no path "
		"'/', so ingress-nginx answered its other paths with the "
		"default backend (404); the Gateway API routes without "
		"hostnames (from Ingress '%s/%s', a rule without host or a "
		"defaultBackend) serve every host, so they now answer them: "
		"add a path '/' to the host if they must not", h->host,
		catchall->ns, catchall->name);
}

/*
 * The settings of one Ingress, in the arena; those of an Ingress without
 * ingress-nginx annotations are all alike, and kept once.
 */
static const struct prov_nginx_settings *
keep_settings(struct conv *c, const struct prov_nginx_settings *s)
{
	struct conv_nginx *ng = c->nginx;
	struct prov_nginx_settings *copy;

	if (!s->npresent && ng->plain && !memcmp(s, ng->plain, sizeof(*s)))
		return ng->plain;
	copy = arena_alloc(&ng->arena, sizeof(*copy));
	memcpy(copy, s, sizeof(*copy));
	if (!s->npresent && !ng->plain)
		ng->plain = copy;
	return copy;
}

/*
 * The first Ingress in the controller's order to define a path of a host
 * is served there (controller.go getBackendServers), whether or not its
 * path converts; paths without a Service are skipped, as nginx does.
 */
static void
claim(struct conv *c, struct ngx_host *h, const struct ngx_ing *ni,
	const struct ing_rule *rule, const struct ing_path *p,
	struct strbuf *kb)
{
	const struct prov_trace *t = c->opts->trace;

	if (!p->backend.service || strmap_get(&h->served, loc_key(kb, p)))
		return;
	strmap_put(&h->served, arena_strdup(c->a, kb->buf), (void *)ni);
	if (t && t->winner)
		t->winner(t->ctx, rule->host, p->path,
			p->type == ING_PATH_EXACT, ni->ing);
}

static void
ngx_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_nginx *ng = NULL;
	const struct ingress *catchall = NULL;
	struct strbuf kb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct diag_sink tmp = DIAG_SINK_INIT;
		struct prov_nginx_settings parsed;
		struct ngx_ing *ni;

		if (!ing || !conv_nginx_wants(c, ing))
			continue;
		if (!ng) {
			ng = xmalloc(sizeof(*ng));
			memset(ng, 0, sizeof(*ng));
			ng->ings = xcalloc(c->w->ningresses,
				sizeof(*ng->ings));
			prov_nginx_options_init(&ng->opt);
			c->nginx = ng;
		}
		ni = arena_alloc(&ng->arena, sizeof(*ni));
		ni->ing = ing;
		prov_nginx_parse(&parsed, c->a, c->w->set, ing->annotations,
			ing->ns, ing->name, &ng->opt, &tmp);
		ni->s = keep_settings(c, &parsed);
		copy_diags(c, &tmp);
		diag_sink_release(&tmp);
		ng->ings[ing - c->w->ingresses] = ni;
		if (ni->s->fate == PROV_NGINX_DROPPED)
			continue;
		if (ni->s->is_canary) {
			PUSH(ng->canaries, ng->ncanaries, ni);
			continue;
		}
		missing_services(c, ing);
		if (!catchall && !ing->nrules && ing->has_default_backend &&
		    ing->default_backend.service)
			catchall = ing;
		for (size_t r = 0; r < ing->nrules && !catchall; r++)
			if (!ing->rules[r].host && ing->rules[r].npaths)
				catchall = ing;
		/* Servers, their first Ingress (it creates the server and its
		 * root location), regex mode. */
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *rule = &ing->rules[r];
			struct ngx_host *h;

			if (!rule->npaths)
				continue;
			h = host_of(c, rule->host);
			if (!h->first)
				h->first = ing;
			if (!h->app_root && ni->s->app_root)
				h->app_root = ni;
			if (!h->alias && ni->s->server_alias.len)
				h->alias = ni;
			if (!h->passthrough && ni->s->ssl_passthrough)
				h->passthrough = ni;
			for (size_t p = 0; p < rule->npaths; p++) {
				const struct ing_path *path = &rule->paths[p];

				if (!h->regex &&
				    path_is_regexy(ing, ni, path)) {
					h->regex = true;
					h->regex_by = ing;
				}
				if (!h->root && path->type != ING_PATH_EXACT &&
				    !strcmp(path->path, "/"))
					h->root = ing;
				claim(c, h, ni, rule, path, &kb);
			}
		}
	}
	strbuf_release(&kb);
	if (!ng)
		return;
	for (size_t i = 0; i < ng->nhosts; i++) {
		struct ngx_host *h = ng->hl[i];

		if (!h->root) {
			const struct ngx_ing *fi = ngx_of(c, h->first);

			h->root = h->first;
			host_fallthrough(c, h, catchall);
			/*
			 * The root location nginx creates for the host takes
			 * the first Ingress's annotations: its rewrite-target,
			 * unless "/", is a rewrite there (needsRewrite), which
			 * puts the host in regex mode (enforceRegexModifier).
			 */
			if (!h->regex && fi && fi->s->rewrite_target &&
			    strcmp(fi->s->rewrite_target, "/")) {
				h->regex = true;
				h->regex_by = h->first;
				h->regex_by_root = true;
			}
		}
		/* ssl-passthrough is OR-ed over the host's Ingresses
		 * (controller.go createServers) */
		if (h->passthrough && *h->host && !gwcheck_hostname(h->host))
			conv_passthrough_listener(c, conv_gateway_for(c,
				h->passthrough->ing), h->passthrough->ing,
				h->host, h->passthrough->ing->obj->root);
	}
}

static void snippet_hint(struct conv *c, const struct ingress *ing,
	const struct prov_slot *sl);

static bool
ngx_accept(struct conv *c, const struct ingress *ing)
{
	struct ngx_ing *ni = ngx_of(c, ing);
	const struct prov_trace *t = c->opts->trace;

	if (!ni)
		return true;
	if (t && t->served)
		t->served(t->ctx, ing, ni->s->fate == PROV_NGINX_DROPPED ?
			PROV_SERVED_NGINX_REJECTED : PROV_SERVED_NGINX);
	if (ni->s->fate == PROV_NGINX_DROPPED) {
		const struct prov_slot *sl = prov_nginx_slot(ni->s,
			ni->s->drop_key);

		diag_add(c->sink, DIAG_WARNING, "convert/nginx-ingress-dropped",
			conv_pos(c, sl && sl->node ? sl->node : ing->obj->root),
			"Ingress '%s/%s' is not converted: ingress-nginx with "
			"its default settings does not serve it (annotation "
			"'%s%s': %s), so none of its rules route traffic "
			"today; fix or remove the annotation and convert "
			"again to carry its rules over", ing->ns, ing->name,
			PROV_NGINX_PREFIX, ni->s->drop_key ? ni->s->drop_key :
			"?", ni->s->drop_reason ? ni->s->drop_reason :
			"rejected");
		for (size_t i = 0; i < PROV_NGINX_NANN; i++) {
			const struct prov_slot *ss = prov_nginx_slot_at(ni->s,
				i);

			if (ss->node && prov_nginx_provider.table[i].kind ==
			    PROV_KIND_NGINX)
				snippet_hint(c, ing, ss);
		}
		return false;
	}
	/* A canary adds backends to other Ingresses' rules: those of the same
	 * host, path and pathType (controller.go mergeAlternativeBackends). */
	return !ni->s->is_canary;
}

/* ---- annotations --------------------------------------------------------- */

/* Keys this conversion carries over (the others get a diagnostic). */

static bool
in_list(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, list[i]))
			return true;
	return false;
}

static const char *
class_words(enum prov_class cls)
{
	switch (cls) {
	case PROV_CLASS_A: return "class A, standard Gateway API, not yet "
		"generated by ing2gw";
	case PROV_CLASS_B: return "class B, implementation-specific";
	case PROV_CLASS_C: return "class C, not expressible";
	case PROV_CLASS_C_PERF: return "a tuning knob";
	}
	return "";
}

/* A snippet idiom worth naming: more_set_headers, proxy_set_header,
 * return 30x. */
static void
snippet_hint(struct conv *c, const struct ingress *ing,
	const struct prov_slot *sl)
{
	const char *t = sl->text ? sl->text : "";
	const char *hint = NULL;

	if (strstr(t, "more_set_headers"))
		hint = "its 'more_set_headers' sets response headers: a "
			"ResponseHeaderModifier filter (set) does the same";
	else if (strstr(t, "proxy_set_header"))
		hint = "its 'proxy_set_header' sets request headers to the "
			"backend: a RequestHeaderModifier filter (set) does "
			"the same";
	else if (strstr(t, "return 30") || strstr(t, "return 301") ||
	    strstr(t, " redirect;") || strstr(t, " permanent;"))
		hint = "it answers with a redirect: a RequestRedirect "
			"filter does the same when the target is a fixed URL";
	diag_add(c->sink, DIAG_WARNING, "convert/nginx-snippet",
		conv_pos(c, sl->node),
		"Ingress '%s/%s': annotation '%s' holds raw nginx "
		"configuration, which has no Gateway API equivalent; "
		"ingress-nginx with its default settings (annotations-risk-"
		"level High, allow-snippet-annotations false) rejects or "
		"ignores it%s%s", ing->ns, ing->name, sl->key,
		hint ? "; " : "", hint ? hint : "");
}

/* What becomes of an annotation whose setting no object carries. */
static void
report_dropped(struct conv *c, const struct ngx_ing *ni,
	const struct doc_node *k, const char *key,
	const struct prov_annotation *a)
{
	const struct ingress *ing = ni->ing;

	if (ni->s->is_canary) {
		diag_add(c->sink, DIAG_INFO, "convert/nginx-canary-"
			"annotation", conv_pos(c, k), "Ingress "
			"'%s/%s': annotation '%s' has no effect on a "
			"canary Ingress (ingress-nginx applies the "
			"primary Ingress's settings)", ing->ns,
			ing->name, key);
		return;
	}
	if (ngx_restricts(ni->s, a->key)) {
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, k), "Ingress '%s/%s': annotation "
			"'%s' restricts who may reach its paths; target "
			"'%s' cannot check it, so they now answer 500",
			ing->ns, ing->name, key,
			c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, k), "%s (%s); to "
			"keep the check: %s; on an error convert writes "
			"nothing unless --force", a->desc,
			class_words(a->cls), a->gateway ? a->gateway :
			"no equivalent");
		conv_close(c, ing, NULL, false);
		return;
	}
	if (a->cls == PROV_CLASS_C_PERF) {
		diag_add(c->sink, DIAG_INFO, "convert/nginx-tuning",
			conv_pos(c, k), "Ingress '%s/%s': annotation "
			"'%s' (%s: %s) is dropped; it tunes nginx and "
			"does not change which backend answers; the "
			"nearest setting: %s", ing->ns, ing->name, key,
			class_words(a->cls), a->desc, a->gateway ?
			a->gateway : "none");
		return;
	}
	diag_add(c->sink, DIAG_WARNING, "convert/nginx-not-converted",
		conv_pos(c, k), "Ingress '%s/%s': annotation '%s' "
		"(%s: %s) is not converted; the Gateway API objects "
		"do not do this; to keep it: %s", ing->ns, ing->name,
		key, class_words(a->cls), a->desc, a->gateway ?
		a->gateway : "no equivalent");
}

static void
report_nginx_annotations(struct conv *c, const struct ngx_ing *ni)
{
	const struct ingress *ing = ni->ing;
	const struct prov_provider *pv = &prov_nginx_provider;
	size_t plen = strlen(PROV_NGINX_PREFIX);

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *k = doc_map_key(ing->annotations, i);
		const char *key = doc_str(k);
		const struct prov_annotation *a;
		const struct prov_slot *sl;

		if (!key || !strcmp(key, "kubernetes.io/ingress.class") ||
		    !strcmp(key,
		    "kubectl.kubernetes.io/last-applied-configuration"))
			continue;
		if (strncmp(key, PROV_NGINX_PREFIX, plen)) {
			conv_report_annotation(c, ing, k);
			continue;
		}
		a = prov_lookup(pv, key + plen);
		sl = a ? prov_nginx_slot(ni->s, a->key) : NULL;
		if (!a || !sl || sl->state != PROV_SLOT_SET)
			continue;	/* the provider said why */
		if (a->kind == PROV_KIND_NGINX) {
			snippet_hint(c, ing, sl);
			continue;
		}
		/* the catalogue says what the lowering writes */
		if (a->std)
			continue;
		if (a->feature) {
			unsigned dropped = conv_unclaimed(c,
				(enum ir_feature_kind)a->feature);

			if (!dropped)
				continue;
			conv_only(c, dropped);	/* reset below */
		}
		report_dropped(c, ni, k, key, a);
		conv_only(c, conv_all_targets(c));
	}
}

/* ---- filters ------------------------------------------------------------- */

/* maxItems of the Gateway API v1.6 CRDs for the lists written here */
enum {
	MAX_CORS_ORIGINS = 64,		/* cors.allowOrigins */
	MAX_CORS_METHODS = 9,		/* cors.allowMethods */
	MAX_CORS_HEADERS = 64,		/* cors.allowHeaders, exposeHeaders */
	MAX_HEADERS_SET = 16,		/* header modifiers' set */
};

static void
warn_at(struct conv *c, const struct ngx_ing *ni, const char *key,
	const char *rule, const char *fmt, ...) ING2GW_PRINTF(5, 6);

/* Drops repeated entries, the first one stays: the CORS lists are sets
 * (a list with a repeated entry is rejected), and nginx sent each once. */
static void
unique(struct ir_strings *l)
{
	struct strmap seen = STRMAP_INIT;
	size_t n = 0;

	for (size_t i = 0; i < l->len; i++) {
		bool dup = false;

		if (l->len > 16)
			dup = strmap_put(&seen, l->v[i], (void *)1) != NULL;
		else
			for (size_t j = 0; j < n && !dup; j++)
				dup = !strcmp(l->v[j], l->v[i]);
		if (!dup)
			l->v[n++] = l->v[i];
	}
	l->len = n;
	strmap_release(&seen);
}

/*
 * A list of annotation key longer than the field can hold: the first max
 * entries are kept, and the warning says which are left out, what that
 * does (lost) and what to do (fix).
 */
static void
limit_list(struct conv *c, const struct ngx_ing *ni, const char *key,
	struct ir_strings *l, size_t max, const char *what,
	const char *field, const char *lost, const char *fix)
{
	if (l->len <= max)
		return;
	warn_at(c, ni, key, "convert/list-limit", "lists %zu different %s, "
		"and %s holds at "
		"most %zu: the first %zu are kept, the %zu from '%s' on are "
		"left out (%s); %s", l->len, what, field, max, max,
		l->len - max, l->v[max], lost, fix);
	l->len = max;
}

/* The methods cors.allowMethods accepts. */
static bool
cors_method_ok(const char *m)
{
	static const char *const ok[] = { "GET", "HEAD", "POST", "PUT",
		"DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*" };

	for (size_t i = 0; i < ARRAY_LEN(ok); i++)
		if (!strcmp(m, ok[i]))
			return true;
	return false;
}

/* The words of a comma-separated list, trimmed, upper-cased if asked. */
static void
split_list(struct conv *c, struct ir_strings *seq, const char *s,
	bool upper)
{
	size_t n = 1;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	seq->v = arena_alloc(&c->ir_arena, n * sizeof(*seq->v));
	seq->len = 0;
	for (const char *p = s; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *w;

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			w = arena_strndup(c->a, p, len);
			for (char *q = w; upper && *q; q++)
				if (*q >= 'a' && *q <= 'z')
					*q = (char)(*q - 'a' + 'A');
			seq->v[seq->len++] = w;
		}
		p = e ? e + 1 : NULL;
	}
}

static bool
origin_ok(const char *o)
{
	const char *h;

	if (!strcmp(o, "*"))
		return true;
	if (strncmp(o, "http://", 7) && strncmp(o, "https://", 8))
		return false;
	h = strstr(o, "://") + 3;
	if (!*h || strchr(h, '/'))
		return false;
	return true;
}

/* The methods of cors-allow-methods that allowMethods takes, once each. */
static void
cors_methods(struct conv *c, const struct ngx_ing *ni, struct ir_strings *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->len; i++) {
		if (cors_method_ok(l->v[i])) {
			l->v[n++] = l->v[i];
			continue;
		}
		warn_at(c, ni, "cors-allow-methods", "convert/nginx-cors",
			"method '%s' is not one the CORS filter accepts (GET, "
			"HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, "
			"PATCH or '*'); it is left out, so browsers do not "
			"send it cross-origin", l->v[i]);
	}
	l->len = n;
	unique(l);
	limit_list(c, ni, "cors-allow-methods", l, MAX_CORS_METHODS,
		"methods", "the CORS filter's allowMethods", "browsers do "
		"not send them cross-origin", "allow '*' instead");
}

static const struct ir_cors *
cors_filter(struct conv *c, struct ngx_ing *ni)
{
	const struct prov_nginx_settings *s = ni->s;
	struct ir_cors *m;
	bool star = false;

	if (ni->cors)
		return ni->cors;
	m = arena_alloc(&c->ir_arena, sizeof(*m));
	m->origins.v = arena_alloc(&c->ir_arena, (s->cors_allow_origin.len + 1) *
		sizeof(*m->origins.v));

	for (size_t i = 0; i < s->cors_allow_origin.len; i++) {
		const char *o = s->cors_allow_origin.v[i];

		if (!strcmp(o, "*"))
			star = true;
		if (!origin_ok(o)) {
			const struct prov_slot *sl = prov_nginx_slot(s,
				"cors-allow-origin");

			diag_add(c->sink, DIAG_WARNING, "convert/nginx-cors",
				conv_pos(c, sl ? sl->node : NULL),
				"Ingress '%s/%s': CORS origin '%s' is not "
				"an origin the CORS filter accepts "
				"(scheme://host[:port]); it is left out",
				ni->ing->ns, ni->ing->name, o);
			continue;
		}
	}
	if (star || !s->cors_allow_origin.len) {
		m->origins.v[m->origins.len++] = "*";
	} else {
		for (size_t i = 0; i < s->cors_allow_origin.len; i++)
			if (origin_ok(s->cors_allow_origin.v[i]))
				m->origins.v[m->origins.len++] =
					s->cors_allow_origin.v[i];
	}
	unique(&m->origins);
	limit_list(c, ni, "cors-allow-origin", &m->origins, MAX_CORS_ORIGINS,
		"origins", "the CORS filter's allowOrigins", "browsers keep "
		"their pages' scripts from reading the responses", "to allow "
		"them too, use wildcard origins ('https://*.example.com') or "
		"'*', or the implementation's own CORS settings");
	m->credentials = s->cors_allow_credentials;
	split_list(c, &m->methods,
		s->cors_allow_methods ? s->cors_allow_methods :
		"GET, PUT, POST, DELETE, PATCH, OPTIONS", true);
	cors_methods(c, ni, &m->methods);
	split_list(c, &m->headers,
		s->cors_allow_headers ? s->cors_allow_headers :
		"DNT,Keep-Alive,User-Agent,X-Requested-With,"
		"If-Modified-Since,Cache-Control,Content-Type,Range,"
		"Authorization", false);
	unique(&m->headers);
	limit_list(c, ni, "cors-allow-headers", &m->headers, MAX_CORS_HEADERS,
		"headers", "the CORS filter's allowHeaders", "browsers do not "
		"send them in cross-origin requests", "to allow them too, "
		"use '*' (without credentials), or the implementation's own "
		"CORS settings");
	if (s->cors_expose_headers) {
		m->has_expose = true;
		split_list(c, &m->expose, s->cors_expose_headers, false);
		unique(&m->expose);
		limit_list(c, ni, "cors-expose-headers", &m->expose,
			MAX_CORS_HEADERS, "headers", "the CORS filter's "
			"exposeHeaders", "browsers hide them from the pages' "
			"scripts", "expose fewer headers, or use the "
			"implementation's own CORS settings");
	}
	if (s->cors_max_age > 0)
		m->max_age = s->cors_max_age;
	ni->cors = m;
	return m;
}

/* ---- redirects ----------------------------------------------------------- */

struct url {
	const char *scheme, *host, *path;
	int port;
};

static const char *url_why;

static bool
parse_url(struct conv *c, const char *s, struct url *u)
{
	const char *h, *e, *colon;

	memset(u, 0, sizeof(*u));
	url_why = "it is not an http or https URL";
	if (!strncmp(s, "https://", 8))
		u->scheme = "https";
	else if (!strncmp(s, "http://", 7))
		u->scheme = "http";
	else
		return false;
	url_why = strchr(s, '$') ? "it uses nginx variables" :
		strchr(s, '?') || strchr(s, '#') ? "it has a query or "
		"fragment, which RequestRedirect cannot set" :
		"its host is not a valid Gateway API hostname";
	h = strstr(s, "://") + 3;
	e = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(e - h));
	if (colon) {
		u->port = atoi(colon + 1);
		u->host = arena_strndup(c->a, h, (size_t)(colon - h));
	} else {
		u->host = arena_strndup(c->a, h, (size_t)(e - h));
	}
	u->path = *e == '/' ? arena_strdup(c->a, e) : NULL;
	return *u->host && !strchr(s, '$') && !strchr(s, '?') &&
		!strchr(s, '#') && !gwcheck_hostname(u->host);
}

/* permanent-redirect / temporal-redirect: NULL when not convertible. */
static void
add_redirect(struct conv *c, struct rule *rule, const struct url *u,
	long long code, const struct doc_node *node)
{
	struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
		IR_FILTER_REDIRECT, node)->u.redirect;

	f->scheme = u->scheme;
	f->hostname = u->host;
	f->path_kind = IR_PATH_FULL;
	f->path = u->path ? u->path : "/";
	f->port = u->port ? u->port : !strcmp(u->scheme, "https") ? 443 : 80;
	f->code = (int)code;
}

static bool
gateway_code(long long code)
{
	return code == 301 || code == 302 || code == 303 || code == 307 ||
		code == 308;
}

/* ---- per Ingress --------------------------------------------------------- */

struct ing_plan {
	struct ngx_ing *ni;
	bool redirect;			/* permanent/temporal-redirect */
	const char *redirect_key;	/* which of the two */
	struct url url;
	long long code;
	const char *header_set_xfp;	/* X-Forwarded-Prefix */
	struct ir_header *resp_headers;	/* custom-headers: set list */
	size_t nresp_headers;
	const char *backend_timeout;
	unsigned backend_timeout_for;	/* ir_timeouts.only */
	const char *mirror_svc;
	int mirror_port;
	bool port_redirected;		/* use-port-in-redirects applied */
};

static void
warn_at(struct conv *c, const struct ngx_ing *ni, const char *key,
	const char *rule, const char *fmt, ...) ING2GW_PRINTF(5, 6);

static void
warn_at(struct conv *c, const struct ngx_ing *ni, const char *key,
	const char *rule, const char *fmt, ...)
{
	const struct prov_slot *sl = prov_nginx_slot(ni->s, key);
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->sink, DIAG_WARNING, rule, conv_pos(c, sl && sl->node ?
		sl->node : ni->ing->obj->root), "Ingress '%s/%s': annotation "
		"'%s%s': %s", ni->ing->ns, ni->ing->name, PROV_NGINX_PREFIX,
		key, msg);
}

static void
info_at(struct conv *c, const struct ngx_ing *ni, const char *key,
	const char *rule, const char *msg)
{
	const struct prov_slot *sl = prov_nginx_slot(ni->s, key);

	diag_add(c->sink, DIAG_INFO, rule, conv_pos(c, sl && sl->node ?
		sl->node : ni->ing->obj->root), "Ingress '%s/%s': annotation "
		"'%s%s': %s", ni->ing->ns, ni->ing->name, PROV_NGINX_PREFIX,
		key, msg);
}

static const struct ing_named *
find_configmap(struct conv *c, const char *ns, const char *name)
{
	for (size_t i = 0; i < c->w->nconfigmaps; i++)
		if (!strcmp(c->w->configmaps[i].ns ? c->w->configmaps[i].ns :
		    "default", ns) && !strcmp(c->w->configmaps[i].name, name))
			return &c->w->configmaps[i];
	return NULL;
}

static bool
is_grpc(const struct prov_nginx_settings *s)
{
	return s->backend_protocol == PROV_NGINX_PROTO_GRPC ||
		s->backend_protocol == PROV_NGINX_PROTO_GRPCS;
}

/*
 * enable-cors against the CORS filter. ingress-nginx (nginx.tmpl template
 * "CORS", buildCorsOriginRegex in template.go): any OPTIONS with an
 * allowed Origin is answered 204 by nginx; every response to an allowed
 * Origin gets -Allow-Origin, -Allow-Credentials, -Allow-Methods,
 * -Allow-Headers, -Expose-Headers and -Max-Age; the origin '*' allows
 * requests without an Origin and answers 'Access-Control-Allow-Origin: *'
 * even with credentials; an OPTIONS from another Origin goes to the
 * backend; '*.' in an origin is one DNS label. HTTPCORSFilter: only
 * preflights (OPTIONS with Origin and Access-Control-Request-Method) are
 * answered, from any Origin; the lists and Max-Age on preflight answers
 * only; the Origin echoed; '*' in a host is any number of labels.
 */
static void
cors_diagnostics(struct conv *c, const struct ngx_ing *ni)
{
	const struct prov_nginx_settings *s = ni->s;
	bool star = !s->cors_allow_origin.len || in_list("*",
		(const char *const *)s->cors_allow_origin.v,
		s->cors_allow_origin.len);

	warn_at(c, ni, "enable-cors", "convert/nginx-cors", "converted to a "
		"CORS filter, which answers differently: ingress-nginx "
		"answered every OPTIONS request of an allowed Origin itself "
		"(204), sent Access-Control-Allow-Methods, -Allow-Headers and "
		"-Max-Age on the responses of actual requests too%s, and "
		"passed an OPTIONS from an Origin it does not allow to the "
		"backend; the filter answers only preflights (OPTIONS with "
		"Origin and Access-Control-Request-Method), from any Origin, "
		"sends those headers on preflight answers only and echoes the "
		"Origin", star ? ", and with the origin '*' sent its headers "
		"without an Origin too, with 'Access-Control-Allow-Origin: *' "
		"even with credentials" : "");
	for (size_t i = 0; !star && i < s->cors_allow_origin.len; i++)
		if (strstr(s->cors_allow_origin.v[i], "://*."))
			warn_at(c, ni, "cors-allow-origin",
				"convert/nginx-cors", "'%s': in ingress-nginx "
				"'*.' matched one DNS label; in the CORS "
				"filter '*' matches any number of labels, so "
				"deeper origins are allowed too",
				s->cors_allow_origin.v[i]);
}

static void
plan_ingress(struct conv *c, struct ing_plan *pl)
{
	struct ngx_ing *ni = pl->ni;
	const struct prov_nginx_settings *s = ni->s;
	const struct ingress *ing = ni->ing;
	unsigned no_idle;

	if (s->temporal_redirect || s->permanent_redirect) {
		const char *key = s->temporal_redirect ? "temporal-redirect" :
			"permanent-redirect";
		const char *url = s->temporal_redirect ? s->temporal_redirect :
			s->permanent_redirect;
		const char *code_key = s->temporal_redirect ?
			"temporal-redirect-code" : "permanent-redirect-code";

		pl->code = s->temporal_redirect ? s->temporal_redirect_code :
			s->permanent_redirect_code;
		pl->redirect_key = key;
		if (!parse_url(c, url, &pl->url))
			warn_at(c, ni, key, "convert/nginx-redirect", "'%s' "
				"cannot be a RequestRedirect (%s); the paths "
				"are routed to their backends instead of "
				"answering %lld", url, url_why, pl->code);
		else if (!gateway_code(pl->code))
			/* at the code's line when the code was given */
			warn_at(c, ni, prov_nginx_is_set(s, code_key) ?
				code_key : key, "convert/nginx-redirect",
				"code %lld (for %s) has no RequestRedirect "
				"equivalent (301, 302, 303, 307, 308); the "
				"paths are routed to their backends instead",
				pl->code, url);
		else
			pl->redirect = true;
		/* nginx.tmpl: "return <code> <url>"; return appends no
		 * $args, a RequestRedirect keeps the query */
		if (pl->redirect)
			warn_at(c, ni, key, "convert/nginx-redirect",
				"converted to RequestRedirect, which keeps the "
				"request's query string ('%s?<query>'); "
				"nginx's 'return %lld %s' dropped it", url,
				pl->code, url);
	}
	if (s->enable_cors)
		cors_diagnostics(c, ni);
	if (s->x_forwarded_prefix) {
		if (!s->rewrite_target)
			;	/* the provider said: no effect */
		else if (strchr(s->x_forwarded_prefix, '$'))
			warn_at(c, ni, "x-forwarded-prefix",
				"convert/nginx-x-forwarded-prefix", "the value "
				"uses rewrite captures, which a "
				"RequestHeaderModifier cannot; the header is "
				"not set");
		else
			pl->header_set_xfp = s->x_forwarded_prefix;
	}
	if (s->custom_headers) {
		const char *v = s->custom_headers, *sl = strchr(v, '/');
		const char *ns = sl ? arena_strndup(c->a, v,
			(size_t)(sl - v)) : ing->ns;
		const char *name = sl ? sl + 1 : v;
		const struct ing_named *cm = find_configmap(c, ns, name);
		const struct doc_node *data = cm ? doc_get(cm->obj->root,
			"data") : NULL;

		if (!cm) {
			warn_at(c, ni, "custom-headers",
				"convert/nginx-custom-headers", "ConfigMap "
				"'%s/%s' is not in the input, so its response "
				"headers are not known and not set: add it to "
				"the input", ns, name);
		} else if (doc_len(data)) {
			pl->nresp_headers = doc_len(data);
			if (pl->nresp_headers > MAX_HEADERS_SET) {
				pl->nresp_headers = MAX_HEADERS_SET;
				warn_at(c, ni, "custom-headers",
					"convert/list-limit", "ConfigMap "
					"'%s/%s' lists %zu response headers, "
					"and a ResponseHeaderModifier sets at "
					"most %d: the first %d are set, the "
					"%zu from '%s' on are not; set them in "
					"the backend's responses, or with the "
					"implementation's own header policy",
					ns, name, doc_len(data),
					MAX_HEADERS_SET, MAX_HEADERS_SET,
					doc_len(data) - MAX_HEADERS_SET,
					doc_str(doc_map_key(data,
					MAX_HEADERS_SET)));
			}
			pl->resp_headers = arena_alloc(&c->ir_arena,
				pl->nresp_headers * sizeof(*pl->resp_headers));
			for (size_t i = 0; i < pl->nresp_headers; i++) {
				const char *hv = doc_str(doc_map_value(data,
					i));

				pl->resp_headers[i].name = doc_str(
					doc_map_key(data, i));
				pl->resp_headers[i].value = hv ? hv : "";
			}
			info_at(c, ni, "custom-headers",
				"convert/nginx-custom-headers", "converted to "
				"a ResponseHeaderModifier; ingress-nginx "
				"only set the headers listed in its ConfigMap "
				"global-allowed-response-headers");
		}
	}
	/* the targets without an idle timeout of their own */
	no_idle = conv_unclaimed(c, IR_FEAT_TIMEOUTS);
	conv_only(c, no_idle);
	if (!no_idle) {
		;	/* the target's idle timeout (lower_features) */
	} else if (prov_nginx_is_set(s, "proxy-read-timeout") &&
	    s->proxy_read_timeout > 0 && is_grpc(s) && !pl->redirect) {
		warn_at(c, ni, "proxy-read-timeout", "convert/nginx-grpc",
			"GRPCRoute has no timeouts, so the %llds between two "
			"reads is not carried over; the Gateway's default "
			"applies (Envoy Gateway: BackendTrafficPolicy "
			"timeout.http)", s->proxy_read_timeout);
	} else if (prov_nginx_is_set(s, "proxy-read-timeout") &&
	    s->proxy_read_timeout > 0) {
		pl->backend_timeout = arena_printf(c->a, "%llds",
			s->proxy_read_timeout);
		pl->backend_timeout_for = no_idle == conv_all_targets(c) ? 0 :
			no_idle;
		warn_at(c, ni, "proxy-read-timeout", "convert/nginx-timeout",
			"converted to timeouts.backendRequest %llds, which "
			"bounds the whole backend request; nginx's limit was "
			"between two reads, so a slow streaming response that "
			"nginx kept now times out (504): raise it, or use an "
			"implementation's idle timeout (Envoy Gateway "
			"BackendTrafficPolicy timeout.http)",
			s->proxy_read_timeout);
	}
	conv_only(c, conv_all_targets(c));
	if (s->mirror_target) {
		struct url u;
		const char *h;

		if (strncmp(s->mirror_target, "http://", 7) &&
		    strncmp(s->mirror_target, "https://", 8)) {
			warn_at(c, ni, "mirror-target", "convert/nginx-mirror",
				"'%s' is not a URL; no "
				"mirror", s->mirror_target);
			return;
		}
		h = strstr(s->mirror_target, "://") + 3;
		(void)parse_url(c, arena_printf(c->a, "http://%.*s",
			(int)strcspn(h, "/?$"), h), &u);
		if (u.host && !strchr(u.host, '.') &&
		    !gwcheck_hostname(u.host)) {
			pl->mirror_svc = u.host;
		} else if (u.host && strstr(u.host, ".svc")) {
			const char *dot = strchr(u.host, '.');
			const char *ns2 = dot + 1, *dot2 = strchr(ns2, '.');

			if (dot2 && !strncmp(ns2, ing->ns,
			    (size_t)(dot2 - ns2)) &&
			    strlen(ing->ns) == (size_t)(dot2 - ns2))
				pl->mirror_svc = arena_strndup(c->a, u.host,
					(size_t)(dot - u.host));
		}
		pl->mirror_port = u.port ? u.port :
			!strncmp(s->mirror_target, "https", 5) ? 443 : 80;
		if (!pl->mirror_svc)
			warn_at(c, ni, "mirror-target", "convert/nginx-mirror",
				"'%s' is not a Service of namespace '%s'; "
				"RequestMirror needs a backendRef, so no "
				"mirror is generated: point it at a Service, "
				"or use an implementation's Backend object",
				s->mirror_target, ing->ns);
		else
			info_at(c, ni, "mirror-target", "convert/nginx-mirror",
				"converted to RequestMirror; nginx waited for "
				"the mirror before answering, Gateway API "
				"mirrors are fire-and-forget, and the path is "
				"always the request's");
	}
}

static void
add_location_filters(struct conv *c, const struct ing_plan *pl,
	struct rule *rule, const struct ngx_rewrite *rw)
{
	const struct prov_nginx_settings *s = pl->ni->s;
	const struct ingress *ing = pl->ni->ing;

	if (s->enable_cors)
		ir_filter_add(&c->ir_arena, rule, IR_FILTER_CORS,
			ngx_key_node(s, ing, "enable-cors"))->u.cors =
			cors_filter(c, pl->ni);
	if (pl->redirect) {
		add_redirect(c, rule, &pl->url, pl->code,
			ngx_key_node(s, ing, pl->redirect_key));
		return;
	}
	if (pl->header_set_xfp && rw && rw->kind != NGX_RW_NONE)
		ir_headers_add(&c->ir_arena, ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_REQUEST_HEADERS, ngx_key_node(s, ing,
			"x-forwarded-prefix")), "X-Forwarded-Prefix",
			pl->header_set_xfp);
	if ((rw && rw->kind != NGX_RW_NONE) || s->upstream_vhost) {
		struct ir_url_rewrite *f = &ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_URL_REWRITE, ngx_key_node(s, ing,
			rw && rw->kind != NGX_RW_NONE ? "rewrite-target" :
			"upstream-vhost"))->u.rewrite;

		f->hostname = s->upstream_vhost;
		if (s->upstream_vhost)
			f->hostname_node = ngx_key_node(s, ing,
				"upstream-vhost");
		if (rw && rw->kind == NGX_RW_FULL) {
			f->path_kind = IR_PATH_FULL;
			f->path = rw->replace;
		} else if (rw && rw->kind == NGX_RW_PREFIX) {
			f->path_kind = IR_PATH_PREFIX;
			f->path = rw->replace;
		}
	}
	if (pl->resp_headers) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_RESPONSE_HEADERS, ngx_key_node(s, ing,
			"custom-headers"));

		f->u.headers.set = pl->resp_headers;
		f->u.headers.nset = pl->nresp_headers;
	}
	if (pl->mirror_svc) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_MIRROR, ngx_key_node(s, ing,
			"mirror-target"));

		f->u.mirror.service = pl->mirror_svc;
		f->u.mirror.port = pl->mirror_port;
	}
	if (pl->backend_timeout) {
		rule->timeouts.backend_request = pl->backend_timeout;
		rule->timeouts.node = ngx_key_node(s, ing,
			"proxy-read-timeout");
		rule->timeouts.only = pl->backend_timeout_for;
	}
}

/*
 * Whether ingress-nginx has a certificate for a passthrough host: an
 * Ingress of the host lists it in tls (or has a tls entry without hosts)
 * with a secretName whose Secret is in the input, or the input has no
 * Secrets. The certificate is kept (createServers), so the SSL redirect
 * of port 80 happens as for any host with one (lua_ingress.lua
 * redirect_to_https: ssl-redirect and a certificate for the host).
 */
static bool
passthrough_cert(struct conv *c, struct ngx_host *h)
{
	if (h->pt_cert)
		return h->pt_cert > 0;
	h->pt_cert = -1;
	for (size_t i = 0; i < c->w->ningresses && h->pt_cert < 0; i++) {
		const struct ingress *ing = &c->w->ingresses[i];
		const struct ngx_ing *ni = ngx_of(c, ing);
		bool on_host = false;

		if (!ni || ni->s->fate == PROV_NGINX_DROPPED ||
		    ni->s->is_canary)
			continue;
		for (size_t r = 0; r < ing->nrules && !on_host; r++)
			on_host = ing->rules[r].host && !strcasecmp(
				ing->rules[r].host, h->host);
		for (size_t t = 0; on_host && t < ing->ntls; t++) {
			const struct ing_tls *tl = &ing->tls[t];
			bool hit = !tl->nhosts;

			for (size_t j = 0; j < tl->nhosts && !hit; j++)
				hit = tl->hosts[j] && !strcasecmp(
					tl->hosts[j], h->host);
			if (hit && tl->secret && (!c->w->nsecrets ||
			    ing_world_has_secret(c->w, ing->ns, tl->secret)))
				h->pt_cert = 1;
		}
	}
	return h->pt_cert > 0;
}

/* Does the redirect of this Ingress apply on the host (force-ssl-redirect,
 * or ssl-redirect and a certificate for the host)? */
static bool
redirects_http(struct conv *c, const struct ngx_ing *ni, struct gateway *gw,
	const char *host)
{
	(void)c;
	if (!host)
		return false;
	if (ni->s->ssl_redirect && conv_https_listener(gw, host))
		return true;
	return ni->s->force_ssl_redirect && conv_https_listener(gw, host);
}

/*
 * no-tls-redirect-locations (ConfigMap, default
 * /.well-known/acme-challenge; template.go isLocationInLocationList):
 * the controller exempts a location whose Ingress path starts with the
 * prefix (Go strings.HasPrefix on the path, in regex mode too); a broader
 * location such as '/' is not exempt, even for requests under the prefix.
 */
static bool
under_acme(const struct match *m)
{
	const char *path = m->src ? m->src : m->value;

	if (!strcmp(m->type, "RegularExpression") && !m->src)
		return false;
	return !strncmp(path, ACME_PREFIX, strlen(ACME_PREFIX));
}

struct http_side {
	struct route *redir;		/* HTTP listener: redirects */
	const struct doc_node *node;	/* what asked for them */
	bool redirected;		/* a path of it redirects */
	bool strip_slash;		/* not preserve-trailing-slash */
	bool port_443;			/* use-port-in-redirects */
};

/*
 * nginx's redirect drops the last '/' of the request URI unless
 * preserve-trailing-slash (lua_ingress.lua, only when the URI ends in
 * '/', so not before a query); a RequestRedirect keeps the path, so the
 * path of the location with its trailing slash gets an Exact rule of its
 * own that redirects to the path without it. Deeper paths ending in '/'
 * keep theirs.
 */
static void
redirect_slash_rule(struct conv *c, struct http_side *hs,
	const struct match *m)
{
	const char *t, *to;
	size_t n = strlen(m->value);
	struct match em = *m;
	struct rule *rule;
	struct ir_redirect *f;

	if (!strcmp(m->type, "RegularExpression")) {
		/* regex mode: a literal path gets its Exact rule too */
		if (!m->src || strspn(m->src, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_~-") !=
		    strlen(m->src))
			return;
		em.type = "PathPrefix";
		em.value = m->src;
		m = &em;
		n = strlen(m->value);
	}
	if (!hs->strip_slash || n < 2)
		return;
	if (!strcmp(m->type, "Exact") && m->value[n - 1] != '/')
		return;
	t = m->value[n - 1] == '/' ? m->value :
		arena_printf(c->a, "%s/", m->value);
	to = arena_strndup(c->a, t, strlen(t) - 1);
	if (strcmp(m->type, "Exact") && conv_route_has_match(hs->redir,
	    "Exact", t, &(const struct doc_node *){ NULL }))
		return;
	em.type = "Exact";
	em.value = t;
	rule = conv_route_add(c, hs->redir, &em, NULL, 0,
		arena_printf(c->a, "ssl-redirect-slash %s", t));
	rule->solo = true;
	if (rule->nfilters)
		return;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		hs->node)->u.redirect;
	f->scheme = "https";
	f->path_kind = IR_PATH_FULL;
	f->path = to;
	if (hs->port_443)
		f->port = 443;
	f->code = 308;
}

static void
redirect_rule(struct conv *c, struct http_side *hs, const struct match *m,
	const char *svc, int port)
{
	struct rule *rule;
	struct ir_redirect *f;

	if (under_acme(m)) {
		/* exempt: served on HTTP as on HTTPS */
		(void)conv_route_add(c, hs->redir, m, svc, port, NULL);
		return;
	}
	hs->redirected = true;
	redirect_slash_rule(c, hs, m);
	if (!strcmp(m->type, "Exact") && hs->strip_slash &&
	    strlen(m->value) > 1 && m->value[strlen(m->value) - 1] == '/')
		return;		/* the Exact rule above is all of it */
	rule = conv_route_add(c, hs->redir, m, NULL, 0, "ssl-redirect");
	if (rule->nfilters)
		return;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		hs->node)->u.redirect;
	f->scheme = "https";
	if (hs->port_443)
		f->port = 443;
	f->code = 308;
}

/*
 * nginx's auto-redirect (a literal prefix location ending in '/' that
 * proxies; none in regex mode): a prefix location '/p/' answers a request
 * for '/p' with 301 to '/p/' (same scheme and host, query kept), where
 * PathPrefix '/p/' would serve it. An Exact '/p' rule that redirects does
 * the same, on both listeners (on HTTP it comes before the HTTPS
 * redirect, as in nginx).
 */
static void
auto_redirect(struct conv *c, const struct ngx_ing *ni, struct ngx_host *h,
	struct route *r, struct route *redir, const struct ing_path *p,
	const struct doc_node *where)
{
	size_t n = strlen(p->path);
	const char *bare;
	struct match em = { .type = "Exact", .node = where };
	struct route *rs[2] = { r, redir };

	if (n < 2 || p->path[n - 1] != '/')
		return;
	bare = arena_strndup(c->a, p->path, n - 1);
	if (strmap_get(&h->paths, arena_printf(c->a, "Exact %s", bare)) ||
	    strmap_get(&h->paths, arena_printf(c->a, "Prefix %s", bare)))
		return;		/* a location of its own serves it */
	em.value = bare;
	for (size_t i = 0; i < 2; i++) {
		struct rule *rule;
		struct ir_redirect *f;

		if (!rs[i] || conv_route_has_match(rs[i], "Exact", bare,
		    &(const struct doc_node *){ NULL }))
			continue;
		rule = conv_route_add(c, rs[i], &em, NULL, 0,
			arena_printf(c->a, "auto-redirect %s", bare));
		rule->solo = true;
		f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
			where)->u.redirect;
		f->path_kind = IR_PATH_FULL;
		f->path = p->path;
		f->code = 301;
	}
	diag_add(c->sink, DIAG_INFO, "convert/nginx-auto-redirect",
		conv_pos(c, where), "Ingress '%s/%s': path '%s' ends with "
		"'/', so nginx answered '%s' with 301 to '%s'; PathPrefix "
		"would serve it, an Exact rule redirects it instead",
		ni->ing->ns, ni->ing->name, p->path, bare, p->path);
}

static void
add_app_root(struct conv *c, struct route *r, const struct ngx_ing *ni)
{
	struct match m = { .type = "Exact", .value = "/" };
	struct rule *rule;
	struct ir_redirect *f;

	rule = conv_route_add(c, r, &m, NULL, 0, "app-root");
	rule->solo = true;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		ngx_key_node(ni->s, ni->ing, "app-root"))->u.redirect;
	f->path_kind = IR_PATH_FULL;
	f->path = ni->s->app_root;
	f->code = 302;
}

/* Whether custom-headers fills the set list without HSTS (add_hsts has
 * no room left for it, and says so). */
static bool
hsts_crowded_out(const struct ing_plan *pl)
{
	if (pl->nresp_headers < MAX_HEADERS_SET)
		return false;
	for (size_t i = 0; i < pl->nresp_headers; i++)
		if (pl->resp_headers[i].name && !strcasecmp(
		    pl->resp_headers[i].name, "Strict-Transport-Security"))
			return false;
	return true;
}

static void
convert_host(struct conv *c, struct gateway *gw, struct ing_plan *pl,
	const struct ing_rule *ir)
{
	struct ngx_ing *ni = pl->ni;
	const struct ingress *ing = ni->ing;
	struct ngx_host *h = host_of(c, ir->host);
	struct route *r = conv_route_for(c, gw, ing, ir->host);
	struct http_side hs = { 0 };
	/* a passthrough host with a certificate: 443 is the TLSRoute's */
	bool pt = h->passthrough && ir->host && !pl->redirect &&
		(ni->s->ssl_redirect || ni->s->force_ssl_redirect) &&
		passthrough_cert(c, h);
	/* permanent/temporal-redirect answer before the SSL redirect */
	bool redirect = pt || (!pl->redirect && redirects_http(c, ni, gw,
		ir->host));
	size_t *ord = xmalloc(ir->npaths * sizeof(*ord));
	struct strbuf kb = STRBUF_INIT, wb = STRBUF_INIT;

	if (pt)
		strmap_put(&c->nginx->pt_unused, ptrkey(c, r), r);
	if (redirect) {
		if (!pt)
			r->section_https = conv_https_listener(gw,
				ir->host)->hostname;
		hs.redir = conv_route_new(c, gw, ing, ir->host);
		hs.redir->suffix = "http-redirect";
		hs.redir->section = "http";
		hs.strip_slash = !ni->s->preserve_trailing_slash;
		hs.port_443 = ni->s->use_port_in_redirects;
		/* the annotation that asked for it, else the certificate */
		if (prov_nginx_is_set(ni->s, "force-ssl-redirect"))
			hs.node = ngx_key_node(ni->s, ing,
				"force-ssl-redirect");
		else if (prov_nginx_is_set(ni->s, "ssl-redirect"))
			hs.node = ngx_key_node(ni->s, ing, "ssl-redirect");
		else if (pt)
			hs.node = ngx_key_node(ni->s, ing, "ssl-passthrough");
		else
			hs.node = conv_https_listener(gw, ir->host)->node;
	} else if (ni->s->force_ssl_redirect && ir->host) {
		warn_at(c, ni, "force-ssl-redirect", "convert/nginx-ssl-"
			"redirect", "host '%s' has no certificate in the "
			"input, so there is no HTTPS listener to redirect to; "
			"ingress-nginx redirected anyway (TLS ended before "
			"it): the routes keep serving HTTP, add a listener "
			"with a certificate to redirect", ir->host);
	}
	if (h->regex && !h->warned_order) {
		h->warned_order = true;
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-regex-host",
			conv_pos(c, ir->host_node ? ir->host_node : ir->node),
			"host '%s' is in regex mode in ingress-nginx (Ingress "
			"'%s/%s' uses use-regex or a rewrite-target%s): every "
			"path of the host, of every Ingress, is a "
			"case-insensitive regex prefix '~* ^<path>', tried "
			"longest first; the output uses RegularExpression "
			"matches '(?i)^<path>.*' in that order, but their "
			"precedence against other matches and across routes "
			"is implementation-specific: check the order your "
			"Gateway uses", ir->host ? ir->host : "*",
			h->regex_by->ns, h->regex_by->name, h->regex_by_root ?
			"; no path of the host is '/', so the root location "
			"ingress-nginx adds for the host takes that Ingress's "
			"annotations, and its rewrite-target is a rewrite "
			"there" : "");
	}
	/* nginx order in regex mode: longest path first, then path string
	 * descending (controller.go sorts the locations so); the first
	 * matching regex location wins. */
	for (size_t j = 0; j < ir->npaths; j++)
		ord[j] = j;
	for (size_t j = 1; h->regex && j < ir->npaths; j++)
		for (size_t k = j; k > 0; k--) {
			const char *pa = ir->paths[ord[k - 1]].path;
			const char *pb = ir->paths[ord[k]].path;
			size_t la = strlen(pa), lb = strlen(pb);

			if (la > lb || (la == lb && strcmp(pa, pb) >= 0))
				break;
			size_t t = ord[k];
			ord[k] = ord[k - 1];
			ord[k - 1] = t;
		}
	for (size_t jj = 0; jj < ir->npaths; jj++) {
		const struct ing_path *p = &ir->paths[ord[jj]];
		const struct doc_node *where = p->path_node ? p->path_node :
			p->node;
		const char *key = loc_key(&kb, p);
		struct ngx_ing *owner = strmap_get(&h->served, key);
		struct ngx_rewrite rw = { 0 }, *rwp = NULL;
		struct match m = { .node = where, .src = p->path };
		const struct doc_node *first;
		const char *why, *rule_key = NULL;
		const struct ir_regex_rewrite *rx = NULL;
		const char *rx_why = NULL;
		unsigned rx_for = 0;	/* the targets rx is for */
		struct rule *rule;
		int port = 0;

		/* (a resource backend: conv_usable_backend says why) */
		if (owner && owner != ni && p->backend.service) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/nginx-path-shadowed",
				conv_pos(c, where),
				"Ingress '%s/%s': %s path '%s' of host '%s' is "
				"already defined by Ingress '%s/%s', which "
				"comes first in ingress-nginx's order (oldest "
				"creationTimestamp, then namespace/name "
				"descending); ingress-nginx serves that one "
				"only, so this one is left "
				"out", ing->ns, ing->name,
				p->type == ING_PATH_EXACT ? "Exact" : "Prefix",
				p->path, ir->host ? ir->host : "*",
				owner->ing->ns, owner->ing->name);
			continue;
		}
		if (h->regex) {
			m.type = "RegularExpression";
			m.value = ngx_regex_location(c->a, p->path);
			/* kb is reused for the next path: the rule keeps
			 * a copy */
			rule_key = arena_strdup(c->a, key);
			if ((why = regex_pcre_only(p->path)))
				diag_add(c->sink, DIAG_WARNING,
					"convert/nginx-pcre",
					conv_pos(c, where),
					"Ingress '%s/%s': path '%s' uses %s, "
					"which PCRE (nginx) has and RE2 (Envoy "
					"and most Gateways) has not; the route "
					"may be refused", ing->ns, ing->name,
					p->path, why);
		} else {
			m.type = p->type == ING_PATH_EXACT ? "Exact" :
				"PathPrefix";
			m.value = p->path;
			if ((why = gwcheck_path(m.type, p->path))) {
				diag_add(c->sink, DIAG_ERROR,
					"convert/invalid-path",
					conv_pos(c, where),
					"Ingress '%s/%s': path '%s' is not a "
					"valid Gateway API %s value (%s); it "
					"is "
					"left out", ing->ns, ing->name, p->path,
					m.type, why);
				continue;
			}
		}
		strbuf_reset(&wb);
		strbuf_adds(&wb, "the backend of path '");
		strbuf_adds(&wb, p->path);
		strbuf_addc(&wb, '\'');
		if (!conv_usable_backend(c, ing, &p->backend, wb.buf, &port))
			continue;
		if (conv_route_has_match(r, m.type, m.value, &first)) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/duplicate-path",
				conv_pos(c, where), "Ingress '%s/%s': %s path "
				"'%s' appears twice for host '%s'; the first "
				"one wins, this one is left out", ing->ns,
				ing->name, m.type, p->path, ir->host ?
				ir->host : "*");
			diag_add_note(c->sink, conv_pos(c, first),
				"the first one is here");
			continue;
		}
		strmap_put(&h->paths, arena_strdup(c->a, key), ni);
		if (ni->s->rewrite_target && !pl->redirect &&
		    strcmp(ni->s->rewrite_target, p->path)) {
			ngx_rewrite_plan(&rw, c->a, p->path,
				ni->s->rewrite_target);
			rwp = &rw;
			if (rw.kind == NGX_RW_NONE &&
			    conv_target_claims(c, IR_FEAT_REGEX_REWRITE))
				/* nginx: rewrite (?i)<path> <target> break */
				rx = conv_target_regex_rewrite(c, ing,
					p->path, ni->s->rewrite_target,
					++ni->rewrites, &rx_why, &rx_for);
			if (rx) {
				conv_only(c, rx_for);
				info_at(c, ni, "rewrite-target",
					"convert/nginx-rewrite", arena_printf(
					c->a, "path '%s' is rewritten by %s "
					"(regex substitution, as nginx "
					"rewrote the whole path with its "
					"captures)", p->path, rx->desc));
			}
			if (rw.kind == NGX_RW_NONE &&
			    rx_for != conv_all_targets(c)) {
				conv_only(c, conv_all_targets(c) & ~rx_for);
				warn_at(c, ni, "rewrite-target",
					"convert/nginx-rewrite", "path '%s' "
					"is routed without rewriting: %s%s%s; "
					"the backend now sees the original "
					"path", p->path, rw.why, rx_why ?
					"; " : "", rx_why ? rx_why : "");
			} else if (rw.kind == NGX_RW_PREFIX) {
				m.type = "PathPrefix";
				m.value = rw.prefix;
				warn_at(c, ni, "rewrite-target",
					"convert/nginx-rewrite", "path '%s' "
					"with target '%s' becomes PathPrefix "
					"'%s' with ReplacePrefixMatch '%s'; "
					"it now matches case-sensitively%s%s",
					p->path, ni->s->rewrite_target,
					rw.prefix, rw.replace, rw.note ?
					", and " : "", rw.note ? rw.note : "");
			}
			conv_only(c, conv_all_targets(c));
			rule_key = arena_printf(c->a, "rw %s", p->path);
		}
		if (pl->redirect)
			rule = conv_route_add(c, r, &m, NULL, 0, "redirect");
		else
			rule = conv_route_add(c, r, &m, p->backend.service,
				port, rule_key);
		if (rule_key && !pl->redirect)
			rule->solo = true;
		if (rule->nmatches == 1) {	/* a new rule */
			add_location_filters(c, pl, rule, rwp);
			if (rx)
				ir_filter_add(&c->ir_arena, rule,
					IR_FILTER_REGEX_REWRITE,
					ngx_key_node(ni->s, ing,
					"rewrite-target"))->u.regex =
					*rx;
		}
		if (rw.kind == NGX_RW_PREFIX && rw.exact_fix) {
			struct match em = { .type = "Exact",
				.value = rw.prefix, .node = where };
			struct ngx_rewrite fix = { .kind = NGX_RW_FULL,
				.replace = rw.exact_fix };
			struct rule *er = conv_route_add(c, r, &em,
				p->backend.service, port,
				arena_printf(c->a, "rwx %s", p->path));

			er->solo = true;
			add_location_filters(c, pl, er, &fix);
		}
		if (hs.redir)
			redirect_rule(c, &hs, &m, p->backend.service, port);
		if (!h->regex && p->type != ING_PATH_EXACT &&
		    !strcmp(m.type, "PathPrefix"))
			auto_redirect(c, ni, h, r, hs.redir, p, where);
	}
	free(ord);
	strbuf_release(&kb);
	strbuf_release(&wb);
	if (pl->redirect && h->root == ing && !strmap_get(&h->paths,
	    "Prefix /")) {
		/* the host's root location is this Ingress's (the first
		 * Ingress of the host gives "/" its annotations): the
		 * paths no Ingress defines redirect too */
		struct match rm = { .type = h->regex ? "RegularExpression" :
			"PathPrefix", .value = h->regex ? "(?i)^/.*" : "/",
			.node = ir->host_node ? ir->host_node : ir->node };

		if (!conv_route_has_match(r, rm.type, rm.value,
		    &(const struct doc_node *){ NULL })) {
			struct rule *rule = conv_route_add(c, r, &rm, NULL, 0,
				"redirect");

			if (rule->nmatches == 1)
				add_location_filters(c, pl, rule, NULL);
		}
	}
	if (h->app_root == ni && ir->host) {
		add_app_root(c, r, ni);
		if (hs.redir)
			add_app_root(c, hs.redir, ni);
		/* nginx.tmpl: "return 302 $scheme://$http_host<app-root>" */
		warn_at(c, ni, "app-root", "convert/nginx-app-root",
			"converted to an Exact '/' rule answering 302, whose "
			"RequestRedirect keeps the request's query string; "
			"nginx's 'return 302' dropped it");
	}
	if (hs.redir) {
		if (h->root == ing && !conv_route_has_match(hs.redir,
		    h->regex ? "RegularExpression" : "PathPrefix",
		    h->regex ? "(?i)^/.*" : "/", &(const struct doc_node *){
		    NULL })) {
			/* the host's root location redirects too (it has the
			 * first Ingress's annotations) */
			struct match rm = { .type = "PathPrefix",
				.value = "/" };

			redirect_rule(c, &hs, &rm, NULL, 0);
		}
		if (hs.redirected && hs.port_443)
			pl->port_redirected = true;
		/* (not for an Ingress of ACME paths only: no redirect) */
		/* rootfs/etc/nginx/lua/lua_ingress.lua, rewrite(): the
		 * last byte of $request_uri is removed when it is '/' */
		if (!ni->s->preserve_trailing_slash && hs.redirected)
			diag_add(c->sink, DIAG_WARNING, "convert/nginx-ssl-"
				"redirect", conv_pos(c, ir->host_node ?
				ir->host_node : ir->node), "Ingress '%s/%s': "
				"host '%s' has a certificate, so ingress-nginx "
				"redirected its HTTP requests to HTTPS (308, "
				"except for Ingress paths under %s), as a "
				"route on the HTTP listener does; but nginx "
				"removed the last '/' of every URI ending in "
				"'/' (preserve-trailing-slash false), and the "
				"RequestRedirect keeps it on paths deeper "
				"than an Ingress path (only an Exact rule for "
				"each path with its '/' removes it): "
				"'http://%s/<path>/<deeper>/' now redirects "
				"to 'https://%s/<path>/<deeper>/', not "
				"'.../<deeper>'", ing->ns, ing->name,
				ir->host, ACME_PREFIX, ir->host, ir->host);
	}
	if (ir->host && !h->said_cert && !h->passthrough &&
	    !conv_https_listener(gw, ir->host)) {
		h->said_cert = true;
		diag_add(c->sink, DIAG_INFO, "convert/nginx-default-"
			"certificate", conv_pos(c, ir->host_node ?
			ir->host_node : ir->node), "Ingress '%s/%s': host '%s' "
			"has no certificate; ingress-nginx answered HTTPS "
			"for it all the same, with its default self-signed "
			"certificate, but the Gateway has HTTPS listeners "
			"only for the hosts of tls sections, so HTTPS "
			"requests for it find no listener: add a tls section "
			"with a real certificate if clients use HTTPS",
			ing->ns, ing->name, ir->host);
	}
	if (hs.redir && !pt && hsts_crowded_out(pl))
		;	/* add_hsts says why the header is not set */
	else if (hs.redir && !pt)
		diag_add(c->sink, DIAG_INFO, "convert/nginx-hsts",
			conv_pos(c, ir->host_node ? ir->host_node : ir->node),
			"Ingress '%s/%s': ingress-nginx added "
			"'Strict-Transport-Security: %s' to the HTTPS "
			"responses of host '%s' (ConfigMap hsts, on by "
			"default): a ResponseHeaderModifier on its HTTPS "
			"rules does the same; remove it if the controller's "
			"ConfigMap had hsts \"false\"", ing->ns, ing->name,
			NGX_HSTS, ir->host);
	else if (ir->host && !pl->redirect &&
	    conv_https_listener(gw, ir->host) && !h->passthrough)
		diag_add(c->sink, DIAG_INFO, "convert/nginx-hsts",
			conv_pos(c, ir->host_node ? ir->host_node : ir->node),
			"Ingress '%s/%s': ingress-nginx added "
			"'Strict-Transport-Security: %s' to the HTTPS "
			"responses of host '%s' (ConfigMap hsts, on by "
			"default); its routes serve HTTP and HTTPS alike, so "
			"the header is not set: add a ResponseHeaderModifier "
			"to an HTTPS-only copy of the routes to keep it",
			ing->ns, ing->name, NGX_HSTS, ir->host);
}

static void
aliases(struct conv *c, struct gateway *gw, struct ing_plan *pl)
{
	struct ngx_ing *ni = pl->ni;
	const struct ingress *ing = ni->ing;

	for (size_t i = 0; i < ni->s->server_alias.len; i++) {
		const char *al = ni->s->server_alias.v[i];
		struct ing_rule ir = { 0 };

		if (gwcheck_hostname(al) || strmap_get(&c->nginx->hosts, al)) {
			warn_at(c, ni, "server-alias", "convert/nginx-alias",
				"alias '%s' is %s; it is left out", al,
				gwcheck_hostname(al) ? "not a valid hostname" :
				"a host of its own (ingress-nginx drops it)");
			continue;
		}
		for (size_t r = 0; r < ing->nrules; r++) {
			struct ngx_host *h = host_of(c, ing->rules[r].host);

			if (!ing->rules[r].host || h->alias != ni)
				continue;
			ir = ing->rules[r];
			ir.host = al;
			convert_host(c, gw, pl, &ir);
			break;
		}
		warn_at(c, ni, "server-alias", "convert/nginx-alias", "alias "
			"'%s' gets the routes of its host; over HTTPS it needs "
			"a listener whose certificate covers it", al);
	}
}

static void
from_to_www(struct conv *c, struct gateway *gw, struct ing_plan *pl)
{
	const struct ingress *ing = pl->ni->ing;

	for (size_t r = 0; r < ing->nrules; r++) {
		const char *h = ing->rules[r].host;
		const char *other;
		struct route *rt;
		struct rule *rule;
		struct match m = { .type = "PathPrefix", .value = "/" };
		struct ir_redirect *f;

		if (!h || h[0] == '*')
			continue;
		other = !strncmp(h, "www.", 4) ? h + 4 :
			arena_printf(c->a, "www.%s", h);
		if (strmap_get(&c->nginx->hosts, other))
			continue;	/* defined by an Ingress: suppressed */
		rt = conv_route_new(c, gw, ing, other);
		rt->suffix = "www-redirect";
		rule = conv_route_add(c, rt, &m, NULL, 0, "www");
		f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
			ngx_key_node(pl->ni->s, ing,
			"from-to-www-redirect"))->u.redirect;
		f->hostname = h;
		f->code = 308;
		warn_at(c, pl->ni, "from-to-www-redirect",
			"convert/nginx-www-redirect", "'%s' redirects to "
			"'%s' (308); nginx removed a trailing '/' and wrote "
			"the port, Gateway API keeps the path as is; over "
			"HTTPS '%s' needs a listener with a certificate",
			other, h, other);
	}
}

static void
default_backend(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	const struct ing_backend *b = &ing->default_backend;
	int port = 0;

	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port))
		return;
	if (!ing->nrules) {
		struct route *r = conv_route_for(c, gw, ing, NULL);
		struct match m = { .type = "PathPrefix", .value = "/",
			.node = b->node };

		(void)conv_route_add(c, r, &m, b->service, port, NULL);
		return;
	}
	/* the root location of the hosts this Ingress creates */
	for (size_t i = 0; i < ing->nrules; i++) {
		const char *host = ing->rules[i].host;
		struct ngx_host *h = host_of(c, host);
		struct route *r;
		struct match m = { .type = h->regex ?
			"RegularExpression" : "PathPrefix",
			.value = h->regex ? "(?i)^/.*" : "/",
			.node = b->node };
		const struct doc_node *first;

		if (h->first != ing && h->first) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/nginx-default-backend",
				conv_pos(c, b->node), "Ingress '%s/%s': "
				"spec.defaultBackend is not used for "
				"host '%s': Ingress '%s/%s' comes first "
				"for that host, and ingress-nginx takes "
				"the host's fallback from it only",
				ing->ns, ing->name, host ? host : "*",
				h->first->ns, h->first->name);
			continue;
		}
		r = conv_route_for(c, gw, ing, host);
		if (conv_route_has_match(r, m.type, m.value, &first) ||
		    strmap_get(&h->paths, "Prefix /"))
			continue;
		(void)conv_route_add(c, r, &m, b->service, port, NULL);
	}
}

/* ---- ssl-passthrough ----------------------------------------------------- */

/* The backend of the host's root location: the Prefix '/' path of the
 * Ingress that owns it, else that Ingress's defaultBackend; NULL for the
 * controller's default backend. */
static const struct ing_backend *
root_backend(const struct ngx_host *h)
{
	const struct ingress *ing = h->root;

	for (size_t r = 0; ing && r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];

		if (!same_host_str(ir->host, h->host))
			continue;
		for (size_t p = 0; p < ir->npaths; p++)
			if (ir->paths[p].type != ING_PATH_EXACT &&
			    !strcmp(ir->paths[p].path, "/"))
				return &ir->paths[p].backend;
	}
	return ing && ing->has_default_backend ? &ing->default_backend :
		NULL;
}

/*
 * ssl-passthrough (with --enable-ssl-passthrough; every other annotation
 * and path of the host is ignored): TLS connections for the host go,
 * undecrypted, to the Service of its root location; nginx still serves
 * port 80.
 */
static void
passthrough_host(struct conv *c, struct gateway *gw, struct ngx_ing *ni,
	const struct ing_rule *ir)
{
	struct ngx_host *h = host_of(c, ir->host);
	const struct ngx_ing *by = h->passthrough;
	const struct ing_backend *b;
	struct route *r;
	struct match m = { .type = "", .value = "" };
	int port = 0;

	if (!ir->host) {
		if (ni->s->ssl_passthrough)
			warn_at(c, ni, "ssl-passthrough",
				"convert/nginx-passthrough", "a rule without "
				"host cannot be passed through (the controller "
				"chooses by SNI); nothing is generated for it");
		return;
	}
	if (h->tls_done || h->root != ni->ing) {
		diag_add(c->sink, DIAG_INFO, "convert/nginx-passthrough",
			conv_pos(c, ir->host_node ? ir->host_node : ir->node),
			"Ingress '%s/%s': host '%s' passes TLS through to the "
			"Service of its '/' location, which Ingress '%s/%s' "
			"defines; the paths of this Ingress serve only plain "
			"HTTP (port 80)", ni->ing->ns, ni->ing->name, ir->host,
			h->root ? h->root->ns : "?",
			h->root ? h->root->name : "?");
		return;
	}
	h->tls_done = true;
	b = root_backend(h);
	if (!b) {
		warn_at(c, by, "ssl-passthrough", "convert/nginx-passthrough",
			"host '%s' has no '/' location of its own, so "
			"ingress-nginx passed its TLS connections to the "
			"default backend; no TLSRoute is generated: add a "
			"path '/' to choose the Service", ir->host);
		return;
	}
	if (!conv_usable_backend(c, ni->ing, b, "the backend of path '/'",
	    &port))
		return;
	r = conv_route_new(c, gw, ni->ing, ir->host);
	r->kind = "TLSRoute";
	r->node = ngx_key_node(by->s, by->ing, "ssl-passthrough");
	r->section_tls = ir->host;
	(void)conv_route_add(c, r, &m, b->service, port, NULL);
	warn_at(c, by, "ssl-passthrough", "convert/nginx-passthrough",
		"host '%s': TLS connections on port 443 go, not decrypted, "
		"to Service '%s' port %d (TLSRoute on a Passthrough "
		"listener); ingress-nginx used only the host's '/' location "
		"there, so its other paths and every other annotation of "
		"the host have no effect on them; %s", ir->host, b->service,
		port, passthrough_cert(c, h) ? "plain HTTP (port 80) is "
		"redirected to HTTPS (308), as ingress-nginx did: it kept "
		"the host's certificate for that, though TLS never reached "
		"it" : "plain HTTP (port 80) keeps its HTTPRoute");
}

/* ---- gRPC ---------------------------------------------------------------- */

static bool
grpc_ident(const char *s, size_t n, bool dotted)
{
	bool start = true;

	if (dotted && n && *s == '.') {
		s++;
		n--;
	}
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool alpha = (ch >= 'a' && ch <= 'z') ||
			(ch >= 'A' && ch <= 'Z') || ch == '_';

		if (dotted && ch == '.') {
			if (start)
				return false;
			start = true;
			continue;
		}
		if (!alpha && !(ch >= '0' && ch <= '9'))
			return false;
		if (start && !alpha)
			return false;
		start = false;
	}
	return !start;
}

/*
 * The method match of an ingress-nginx location for gRPC requests
 * (POST /<service>/<method>). Returns NULL when expressible (*svc and
 * *meth set, both NULL: every RPC), else why not.
 */
static const char *
grpc_match(struct conv *c, const char *path, bool exact, bool regex,
	const char **svc, const char **meth)
{
	const char *p = path + 1, *sl;

	*svc = *meth = NULL;
	if (regex && (!strcmp(path, "/") || !strcmp(path, "/.*")))
		return NULL;
	if (regex && path[strspn(path, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./")])
		return "it is a regular expression";
	if (!strcmp(path, "/"))
		return exact ? "an exact '/' matches no gRPC request" : NULL;
	sl = strchr(p, '/');
	if (!grpc_ident(p, sl ? (size_t)(sl - p) : strlen(p), true))
		return "its first segment is not a gRPC service name";
	*svc = arena_strndup(c->a, p, sl ? (size_t)(sl - p) : strlen(p));
	if (!sl || !sl[1]) {
		if (exact)
			return "an exact path without a method matches no gRPC "
				"request";
		return NULL;
	}
	if (!grpc_ident(sl + 1, strlen(sl + 1), false))
		return "it is not /<service>/<method>";
	*meth = arena_strdup(c->a, sl + 1);
	return NULL;
}

static bool
grpc_filter_ok(enum ir_filter_kind kind)
{
	return kind == IR_FILTER_REQUEST_HEADERS ||
		kind == IR_FILTER_RESPONSE_HEADERS || kind == IR_FILTER_MIRROR;
}

/* The HTTPRoutes of this Ingress (from index first) become GRPCRoutes. */
static void
to_grpc(struct conv *c, struct ngx_ing *ni, size_t first)
{
	const struct ingress *ing = ni->ing;
	bool grpcs = ni->s->backend_protocol == PROV_NGINX_PROTO_GRPCS;
	struct strmap warned = STRMAP_INIT;	/* filter types said */

	for (size_t i = first; i < c->nroutes; i++) {
		struct route *r = c->routes[i];
		struct ngx_host *h = host_of(c, r->host);
		size_t keep = 0;

		if (r->ing != ing || r->kind || r->suffix)
			continue;
		r->kind = "GRPCRoute";
		r->node = ngx_key_node(ni->s, ing, "backend-protocol");
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule ru = r->rules[k];
			size_t nm = 0;

			for (size_t j = 0; j < ru.nmatches; j++) {
				struct match m = ru.matches[j];
				const char *path = m.src ? m.src : m.value;
				const char *why = grpc_match(c, path,
					!strcmp(m.type, "Exact") && !h->regex,
					h->regex, &m.grpc_service,
					&m.grpc_method);

				if (why) {
					diag_add(c->sink, DIAG_WARNING,
						"convert/nginx-grpc",
						conv_pos(c, m.node),
						"Ingress '%s/%s': path '%s' "
						"has no GRPCRoute method "
						"match (%s); it is left out%s",
						ing->ns, ing->name, path, why,
						ru.service ? "" :
						" (it answered with a "
						"redirect)");
					continue;
				}
				if (h->regex && m.grpc_service)
					diag_add(c->sink, DIAG_WARNING,
						"convert/nginx-grpc",
						conv_pos(c, m.node),
						"Ingress '%s/%s': path '%s' "
						"was a case-insensitive regex "
						"prefix (host in regex mode); "
						"the method match compares the "
						"service%s exactly and "
						"case-sensitively", ing->ns,
						ing->name, path, m.grpc_method ?
						" and method" : "");
				ru.matches[nm++] = m;
			}
			ru.nmatches = nm;
			if (!nm || !ru.service) {
				free(ru.matches);
				free(ru.extra);
				continue;
			}
			if (ru.nfilters) {
				struct ir_filter *f = arena_alloc(&c->ir_arena,
					ru.nfilters * sizeof(*f));
				size_t nf = 0;

				for (size_t j = 0; j < ru.nfilters; j++) {
					const char *t = ir_filter_type(
						ru.filters[j].kind);

					if (grpc_filter_ok(ru.filters[j].kind)) {
						f[nf++] = ru.filters[j];
						continue;
					}
					if (strmap_get(&warned, t))
						continue;
					strmap_put(&warned, t, (void *)1);
					diag_add(c->sink, DIAG_WARNING,
						"convert/nginx-grpc",
						conv_pos(c, ru.matches[0].node),
						"Ingress '%s/%s': GRPCRoute "
						"has no %s filter, so the "
						"routes of this Ingress do "
						"without it",
						ing->ns, ing->name, t);
				}
				ru.filters = f;
				ru.nfilters = nf;
			}
			/* (said in plan_ingress) */
			ru.timeouts = (struct ir_timeouts){ 0 };
			r->rules[keep++] = ru;
		}
		r->nrules = keep;
	}
	strmap_release(&warned);
	warn_at(c, ni, "backend-protocol", "convert/nginx-grpc", "the "
		"routes of this Ingress are GRPCRoutes; their backends are "
		"spoken to over HTTP/2%s: check the Service port's appProtocol "
		"(kubernetes.io/h2c%s); a GRPCRoute matches gRPC requests "
		"only, where ingress-nginx passed any request for these paths "
		"to the backend: other requests now go to the host's "
		"HTTPRoutes, or get 404", !grpcs ? " without TLS (h2c)" :
		ni->s->proxy_ssl_secret && ni->s->proxy_ssl_verify == 1 ?
		" with TLS, which the BackendTLSPolicy made from proxy-ssl-* "
		"verifies" : " with TLS, which needs a BackendTLSPolicy for "
		"the Service (ingress-nginx did not verify the backend's "
		"certificate, a BackendTLSPolicy does)", grpcs ? ", or https" :
		"");
}

/*
 * A GRPCRoute and an HTTPRoute for the same host on the same listener.
 * The HTTPRoutes are indexed by Gateway and host once: a scan per
 * GRPCRoute is quadratic on estates with many hosts.
 */
static void
grpc_conflicts(struct conv *c)
{
	struct strmap first = STRMAP_INIT;	/* "gw host" -> route + 1 */
	struct strbuf kb = STRBUF_INIT;
	bool any = false;

	for (size_t i = 0; i < c->nroutes && !any; i++)
		any = c->routes[i]->kind && c->routes[i]->nrules &&
			!strcmp(c->routes[i]->kind, "GRPCRoute");
	for (size_t j = 0; any && j < c->nroutes; j++) {
		const struct route *r = c->routes[j];

		if (r->kind || !r->nrules ||
		    (r->section && !strcmp(r->section, "http")))
			continue;
		strbuf_reset(&kb);
		strbuf_addf(&kb, "%p %s", (const void *)r->gw,
			r->host ? r->host : "");
		if (!strmap_get(&first, kb.buf))
			strmap_put(&first, arena_strdup(c->a, kb.buf),
				(void *)(uintptr_t)(j + 1));
	}
	for (size_t i = 0; any && i < c->nroutes; i++) {
		const struct route *g = c->routes[i], *r;
		uintptr_t j;

		if (!g->kind || strcmp(g->kind, "GRPCRoute") || !g->nrules)
			continue;
		strbuf_reset(&kb);
		strbuf_addf(&kb, "%p %s", (const void *)g->gw,
			g->host ? g->host : "");
		if (!(j = (uintptr_t)strmap_get(&first, kb.buf)))
			continue;
		r = c->routes[j - 1];
		diag_add(c->sink, DIAG_WARNING, "convert/grpc-http-hostname",
			conv_pos(c, g->ing->obj->root), "host '%s' has a "
			"GRPCRoute (Ingress '%s/%s') and an HTTPRoute (Ingress "
			"'%s/%s') on the same listener; ingress-nginx served "
			"both, but a Gateway may accept only the older route of "
			"the two: give the gRPC services a hostname of their own "
			"if yours does", g->host ? g->host : "*", g->ing->ns,
			g->ing->name, r->ing->ns, r->ing->name);
	}
	strmap_release(&first);
	strbuf_release(&kb);
}

static void
ngx_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct ngx_ing *ni = ngx_of(c, ing);
	struct ing_plan pl = { 0 };
	size_t first = c->nroutes;
	bool grpc = is_grpc(ni->s);
	const char *why;

	pl.ni = ni;
	if ((why = ngx_auth_secret_denied(c, ing, ni->s))) {
		warn_at(c, ni, "auth-secret", "convert/nginx-denied", "'%s': "
			"%s; ingress-nginx denies the Ingress's locations, "
			"so every request to its paths got 503; its rules are "
			"left out, so these requests get 404 (or another "
			"route's answer): add the Secret, or fix the "
			"annotation", ni->s->auth_secret, why);
		return;
	}
	report_nginx_annotations(c, ni);
	ngx_lower_features(c, ing, ni->s);
	plan_ingress(c, &pl);
	if (ni->s->denied) {
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-denied",
			conv_pos(c, ing->obj->root), "Ingress '%s/%s': "
			"ingress-nginx answers every request to its paths "
			"with 503 (annotation '%s'); its rules are left out, "
			"so these requests get 404: fix the annotation to "
			"serve them", ing->ns, ing->name,
			ni->s->deny_key ? ni->s->deny_key : "?");
		return;
	}
	if ((ni->s->backend_protocol == PROV_NGINX_PROTO_HTTPS ||
	    ni->s->backend_protocol == PROV_NGINX_PROTO_GRPCS) &&
	    conv_nginx_backend_tls(c, ing, ni->s))
		;	/* BackendTLSPolicy: lower_tls.c said how */
	else if (ni->s->backend_protocol == PROV_NGINX_PROTO_HTTPS ||
	    ni->s->backend_protocol == PROV_NGINX_PROTO_AUTO_HTTP ||
	    ni->s->backend_protocol == PROV_NGINX_PROTO_FCGI)
		warn_at(c, ni, "backend-protocol", "convert/nginx-backend-"
			"protocol", "the backends speak '%s'; the routes "
			"send HTTP/1.1 or h2c as the Service's appProtocol "
			"says: add a BackendTLSPolicy for TLS to the backend",
			prov_nginx_slot(ni->s, "backend-protocol")->text);
	if (ni->s->backend_protocol != PROV_NGINX_PROTO_HTTPS &&
	    ni->s->backend_protocol != PROV_NGINX_PROTO_GRPCS) {
		static const char *const keys[] = { "proxy-ssl-secret",
			"proxy-ssl-verify", "proxy-ssl-name",
			"proxy-ssl-server-name", NULL };

		for (const char *const *k = keys; *k; k++)
			if (prov_nginx_is_set(ni->s, *k))
				info_at(c, ni, *k, "convert/nginx-backend-tls",
					ni->s->backend_protocol ==
					PROV_NGINX_PROTO_AUTO_HTTP ?
					"not converted: with backend-protocol "
					"AUTO_HTTP, ingress-nginx used TLS to "
					"the backend (and this setting) only "
					"for HTTPS requests; the routes send "
					"HTTP" : "no effect: ingress-nginx "
					"uses it for TLS to the backend only, "
					"with backend-protocol HTTPS or "
					"GRPCS");
	}
	if (grpc && pl.redirect) {
		warn_at(c, ni, "backend-protocol", "convert/nginx-grpc",
			"the Ingress answers with a redirect, which a "
			"GRPCRoute cannot; its routes stay HTTPRoutes");
		grpc = false;
	}
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *rule = &ing->rules[i];
		struct ngx_host *h;

		if (!rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		convert_host(c, gw, &pl, rule);
		h = host_of(c, rule->host);
		if (h->passthrough)
			passthrough_host(c, gw, ni, rule);
	}
	if (ni->s->server_alias.len)
		aliases(c, gw, &pl);
	if (ni->s->from_to_www_redirect)
		from_to_www(c, gw, &pl);
	if (ing->has_default_backend)
		default_backend(c, gw, ing);
	for (size_t i = first; i < c->nroutes; i++) {
		struct route *r = c->routes[i];
		struct ngx_host *h = r->host ? host_of(c, r->host) : NULL;
		char key[32];

		/* TLS on 443 is passed through: HTTP only */
		if (h && h->passthrough && !r->kind && !r->suffix &&
		    !r->section_https)
			r->section = "http";
		/* ... and HTTP redirects: the route serves nothing */
		if (strmap_get(&c->nginx->pt_unused, ptrkey_tmp(&key, r))) {
			for (size_t k = 0; k < r->nrules; k++) {
				free(r->rules[k].matches);
				free(r->rules[k].extra);
			}
			free(r->rules);
			r->rules = NULL;
			r->nrules = 0;
		}
	}
	if (grpc)
		to_grpc(c, ni, first);
	if (prov_nginx_is_set(ni->s, "use-port-in-redirects") &&
	    ni->s->use_port_in_redirects)
		info_at(c, ni, "use-port-in-redirects",
			"convert/nginx-ssl-redirect", pl.port_redirected ?
			"the HTTPS redirects of the HTTP listener set port "
			"443, as ingress-nginx's did; nginx wrote the port "
			"('https://<host>:443/...'), Gateway API "
			"implementations leave the default port 443 out of "
			"the Location ('https://<host>/...'), which is the "
			"same URL for clients (RFC 3986 6.2.3)" :
			"no effect: no path of this Ingress is redirected to "
			"HTTPS (its hosts have no certificate and "
			"force-ssl-redirect is off, or ssl-redirect is "
			"\"false\"), and the port was only written in that "
			"redirect's Location");
}

/* ---- canaries ------------------------------------------------------------ */

struct hmatch {
	const char *name, *value;
	bool regex, canary;
};

static bool
same_host(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void
add_canary_rules(struct conv *c, struct route *r, size_t idx,
	const struct ngx_ing *cn, const char *svc, int port)
{
	const struct prov_nginx_settings *s = cn->s;
	struct rule base = r->rules[idx];
	struct hmatch hm[4];
	size_t nh = 0;

	if (s->canary_by_header) {
		if (s->canary_by_header_value) {
			hm[nh++] = (struct hmatch){ s->canary_by_header,
				s->canary_by_header_value, false, true };
		} else if (s->canary_by_header_pattern) {
			hm[nh++] = (struct hmatch){ s->canary_by_header,
				arena_printf(c->a, ".*(%s).*",
				s->canary_by_header_pattern), true, true };
		} else {
			hm[nh++] = (struct hmatch){ s->canary_by_header,
				"always", false, true };
			hm[nh++] = (struct hmatch){ s->canary_by_header,
				"never", false, false };
		}
	}
	if (s->canary_by_cookie) {
		hm[nh++] = (struct hmatch){ "Cookie", arena_printf(c->a,
			"(^|.*;\\s*)%s=always(;.*|$)", s->canary_by_cookie),
			true, true };
		hm[nh++] = (struct hmatch){ "Cookie", arena_printf(c->a,
			"(^|.*;\\s*)%s=never(;.*|$)", s->canary_by_cookie),
			true, false };
	}
	for (size_t i = 0; i < nh; i++) {
		struct rule nr = base;

		nr.matches = xmalloc(base.nmatches * sizeof(*nr.matches));
		for (size_t j = 0; j < base.nmatches; j++) {
			nr.matches[j] = base.matches[j];
			nr.matches[j].header = hm[i].name;
			nr.matches[j].header_value = hm[i].value;
			nr.matches[j].header_regex = hm[i].regex;
		}
		nr.extra = NULL;
		nr.nextra = 0;
		nr.weight = 0;
		nr.solo = true;
		nr.key = "canary";
		if (hm[i].canary) {
			nr.service = svc;
			nr.port = port;
		}
		r->rules = xrealloc(r->rules,
			(r->nrules + 1) * sizeof(*r->rules));
		r->rules[r->nrules++] = nr;
	}
	if (s->canary_weight > 0) {
		struct rule *br = &r->rules[idx];
		long long total = s->canary_weight_total > 100 ?
			s->canary_weight_total : 100;
		struct backend b = { svc, port, s->canary_weight };

		br->weight = total - s->canary_weight;
		PUSH(br->extra, br->nextra, b);
	}
}

static void
merge_canary(struct conv *c, const struct ngx_ing *cn)
{
	const struct ingress *ing = cn->ing;
	struct strmap done = STRMAP_INIT;
	struct strbuf kb = STRBUF_INIT;
	size_t merged = 0;

	report_nginx_annotations(c, (struct ngx_ing *)cn);
	for (size_t i = 0; i < ing->nrules; i++) {
		const struct ing_rule *ir = &ing->rules[i];
		struct ngx_host *h = strmap_get(&c->nginx->hosts,
			ir->host ? ir->host : "");

		for (size_t j = 0; j < ir->npaths; j++) {
			const struct ing_path *p = &ir->paths[j];
			const struct doc_node *where = p->path_node ?
				p->path_node : p->node;
			struct ngx_ing *prim = h ? strmap_get(&h->paths,
				loc_key(&kb, p)) : NULL;
			const struct ing_backend *pb = NULL;
			const char *ukey;
			int port = 0, pport = 0;

			for (size_t r = 0; prim && r < prim->ing->nrules; r++)
				for (size_t q = 0; q < prim->ing->rules[r].
				     npaths && !pb; q++) {
					const struct ing_path *pp =
						&prim->ing->rules[r].paths[q];

					if (!strcmp(pp->path, p->path) &&
					    (pp->type == ING_PATH_EXACT) ==
					    (p->type == ING_PATH_EXACT) &&
					    same_host(prim->ing->rules[r].host,
					    ir->host))
						pb = &pp->backend;
				}
			if (!pb || !pb->service) {
				diag_add(c->sink, DIAG_WARNING,
					"convert/nginx-canary-ignored",
					conv_pos(c, where), "canary Ingress "
					"'%s/%s': no Ingress serves path '%s' "
					"of host '%s', so ingress-nginx "
					"ignores this canary path; nothing is "
					"generated",
					ing->ns, ing->name, p->path,
					ir->host ? ir->host : "*");
				continue;
			}
			if (!conv_usable_backend(c, ing, &p->backend,
			    "the canary backend", &port))
				continue;
			pport = pb->port_name ? 0 : pb->port;
			ukey = arena_printf(c->a, "%s/%s/%d", prim->ing->ns,
				pb->service, pport);
			if (strmap_get(&done, ukey))
				continue;
			strmap_put(&done, ukey, (void *)1);
			if (strcmp(prim->ing->ns, ing->ns)) {
				diag_add(c->sink, DIAG_WARNING,
					"convert/nginx-canary-ignored",
					conv_pos(c, where), "canary Ingress "
					"'%s/%s' is in another namespace than "
					"its primary '%s/%s'; the canary is "
					"not generated (it would need a "
					"ReferenceGrant)", ing->ns, ing->name,
					prim->ing->ns, prim->ing->name);
				continue;
			}
			/* every rule proxying to the primary upstream */
			for (size_t r = 0; r < c->nroutes; r++) {
				struct route *rt = c->routes[r];
				size_t n = rt->nrules;

				if (strcmp(rt->ing->ns, prim->ing->ns))
					continue;
				for (size_t k = 0; k < n; k++) {
					struct rule *ru = &rt->rules[k];

					if (!ru->service || ru->nextra ||
					    (ru->key && !strcmp(ru->key,
					    "canary")) ||
					    strcmp(ru->service, pb->service) ||
					    (pport && ru->port != pport))
						continue;
					add_canary_rules(c, rt, k, cn,
						p->backend.service, port);
					merged++;
				}
			}
		}
	}
	strmap_release(&done);
	strbuf_release(&kb);
	if (merged && cn->s->canary_by_cookie)
		warn_at(c, cn, "canary-by-cookie", "convert/nginx-canary",
			"the cookie test is a RegularExpression header match "
			"on 'Cookie', whose dialect is implementation-"
			"specific");
	if (merged && cn->s->canary_by_header_pattern)
		warn_at(c, cn, "canary-by-header-pattern",
			"convert/nginx-canary", "the pattern becomes a "
			"RegularExpression header match '.*(<pattern>).*' "
			"(nginx searched, Gateways match the whole value); "
			"the dialect is implementation-specific");
	if (merged)
		diag_add(c->sink, DIAG_INFO, "convert/nginx-canary",
			conv_pos(c, ing->obj->root), "canary Ingress '%s/%s' "
			"is merged into %zu rule%s proxying to its primary "
			"Service (ingress-nginx splits the primary upstream, "
			"for every path that uses it)", ing->ns, ing->name,
			merged, merged == 1 ? "" : "s");
}

/*
 * HSTS: ingress-nginx sets it on HTTPS responses (lua_ingress.lua
 * header(); ConfigMap hsts, on by default). Only hosts with a
 * certificate have an HTTPS listener here. The routes of such hosts that
 * attach only to the HTTPS listener (the HTTP side redirects) set it on
 * the rules that proxy.
 */
/* HSTS comes with the host's certificate: the TLS host that made the
 * listener. */
static const struct doc_node *
hsts_node(const struct route *r)
{
	const struct listener *l = conv_https_listener(r->gw, r->host);

	return l ? l->node : r->ing->obj->root;
}

static void
add_hsts(struct conv *c)
{
	for (size_t i = 0; i < c->nroutes; i++) {
		struct route *r = c->routes[i];

		unsigned said = 0;

		if (!r->section_https || !ngx_of(c, r->ing) || (r->kind &&
		    strcmp(r->kind, "GRPCRoute")))
			continue;
		for (size_t k = 0; k < r->nrules; k++) {
			struct rule *ru = &r->rules[k];
			/* rebuilt: filter lists and header lists are shared
			 * between rules (canaries, custom-headers) */
			struct ir_filter *fs, *set = NULL;
			bool have = false;

			if (!ru->service)
				continue;
			fs = arena_alloc(&c->ir_arena, (ru->nfilters + 1) *
				sizeof(*fs));
			for (size_t j = 0; j < ru->nfilters; j++) {
				fs[j] = ru->filters[j];
				if (fs[j].kind != IR_FILTER_RESPONSE_HEADERS)
					continue;
				set = &fs[j];
				for (size_t q = 0; q < set->u.headers.nset; q++)
					have |= set->u.headers.set[q].name &&
						!strcasecmp(
						set->u.headers.set[q].name,
						"Strict-Transport-Security");
			}
			ru->filters = fs;
			if (have)
				continue;
			if (set && set->u.headers.nset >= MAX_HEADERS_SET) {
				if (!said++)
					warn_at(c, ngx_of(c, r->ing),
						"custom-headers",
						"convert/list-limit", "the "
						"ResponseHeaderModifier of "
						"host '%s' already sets %d "
						"headers, its most, so the "
						"Strict-Transport-Security "
						"header ingress-nginx added "
						"to its HTTPS responses is not "
						"set: leave a header of the "
						"ConfigMap out to make room, "
						"or set HSTS in the backend",
						r->host ? r->host : "",
						MAX_HEADERS_SET);
				continue;
			}
			if (!set)
				set = ir_filter_add(&c->ir_arena, ru,
					IR_FILTER_RESPONSE_HEADERS,
					hsts_node(r));
			ir_headers_add(&c->ir_arena, set, "Strict-Transport-Security",
				NGX_HSTS);
		}
	}
}

static void
ngx_finish(struct conv *c)
{
	struct conv_nginx *n = c->nginx;

	if (n) {
		for (size_t i = 0; i < n->ncanaries; i++)
			merge_canary(c, n->canaries[i]);
		add_hsts(c);
		grpc_conflicts(c);
		conv_nginx_client_certs(c);
	}
	conv_nginx_streams(c);
}

static void
ngx_release(struct conv *c)
{
	struct conv_nginx *n = c->nginx;

	if (!n)
		return;
	for (size_t i = 0; i < n->nhosts; i++) {
		strmap_release(&n->hl[i]->paths);
		strmap_release(&n->hl[i]->served);
	}
	free(n->ings);
	strmap_release(&n->hosts);
	strmap_release(&n->pt_unused);
	free(n->hl);
	free(n->canaries);
	arena_release(&n->arena);
	free(n);
	c->nginx = NULL;
}

/*
 * ingress-nginx's data-plane defaults (its ConfigMap defaults in
 * internal/ingress/controller/config/config.go NewDefault, and
 * nginx.tmpl), in the tokens of targets/target.h: what a Gateway
 * implementation may do differently.
 */
static const struct tgt_behaviour ngx_defaults[] = {
	{ TGT_A_BODY_SIZE, "1m", "over 1m refused with 413 (proxy-body-size)",
	  NULL, false },
	{ TGT_A_UNDERSCORES, "drop", "dropped", NULL, false },
	{ TGT_A_XFF, "replace", "replaced by the client address, the "
	  "client's value sent as X-Original-Forwarded-For "
	  "(use-forwarded-headers off)", NULL, false },
	{ TGT_A_PATH, "decode-merge", "matched percent-decoded, with dot "
	  "segments resolved and slashes merged", NULL, false },
	{ TGT_A_TIMEOUT, "none", "none for the whole request, 60 s between "
	  "two reads or writes (proxy-read-timeout, proxy-send-timeout)",
	  NULL, false },
	{ TGT_A_RETRY, "error-timeout-3", "a failed connection or a timeout "
	  "is tried on the next endpoint, 3 tries in all, idempotent "
	  "requests only (proxy-next-upstream)", NULL, false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1", NULL, false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "round robin (load-balance)",
	  NULL, false },
};

const struct conv_provider conv_provider_ingress_nginx = {
	.name = "ingress-nginx",
	.summary = "the Kubernetes ingress-nginx controller (class "
		"controller k8s.io/ingress-nginx, or class 'nginx' without "
		"IngressClass)",
	.serves = ngx_serves,
	.order = ngx_order,
	.begin = ngx_begin,
	.accept = ngx_accept,
	.lower = ngx_lower,
	.finish = ngx_finish,
	.release = ngx_release,
	.defaults = ngx_defaults,
	.ndefaults = ARRAY_LEN(ngx_defaults),
	.shares_lowering = true,
};
