#include "compat.h"
#include "convert/conv_int.h"
#include "convert/needs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

/*
 * The target's side of the conversion, from its tables alone
 * (targets/target.h): which constructs of the IR it lacks, and which
 * data-plane defaults it does not share with the source controller.
 */

/* ---- needs --------------------------------------------------------------- */

struct needs_walk {
	struct conv_needs *out;
	const struct tgt_table *t;
	const struct doc_set *set;
	struct strmap seen;		/* "construct node ing" */
	struct arena keys;		/* seen's */
	struct strbuf key;
};

static void
need(struct needs_walk *w, enum tgt_construct c, const struct ingress *ing,
	const struct doc_node *node, const struct gateway *gw,
	const struct route *r)
{
	struct conv_need *n;

	for (size_t i = 0; i < w->t->nown; i++)
		if (w->t->own[i] == c)
			return;
	if (!node && ing)
		node = ing->obj->root;
	strbuf_reset(&w->key);
	strbuf_addf(&w->key, "%d %p %p", (int)c, (const void *)node,
		(const void *)ing);
	if (strmap_get(&w->seen, w->key.buf))
		return;
	strmap_put(&w->seen, arena_strdup(&w->keys, w->key.buf), w);
	w->out->v = xrealloc(w->out->v, (w->out->len + 1) *
		sizeof(*w->out->v));
	n = &w->out->v[w->out->len++];
	memset(n, 0, sizeof(*n));
	n->info = tgt_construct(c);
	n->ing = ing;
	n->node = node;
	if (w->set && node)
		n->pos = doc_pos(w->set, node);
	n->gw = gw;
	n->route = r;
	n->support = tgt_supports(w->t, c, &n->partial);
	n->access = n->info->access;
}

/* What a filter of an HTTPRoute rule needs; mirrors counts mirrors. */
static void
filter_needs(struct needs_walk *w, const struct route *r,
	const struct ir_filter *f, size_t *mirrors)
{
	const struct ingress *ing = r->ing;
	static const struct {
		int code;
		enum tgt_construct c;
	} codes[] = {
		{ 303, TGT_C_REDIRECT_303 },
		{ 307, TGT_C_REDIRECT_307 },
		{ 308, TGT_C_REDIRECT_308 },
	};

	switch (f->kind) {
	case IR_FILTER_CORS:
		need(w, TGT_C_CORS, ing, f->node, r->gw, r);
		break;
	case IR_FILTER_REDIRECT:
		for (size_t i = 0; i < ARRAY_LEN(codes); i++)
			if (f->u.redirect.code == codes[i].code)
				need(w, codes[i].c, ing, f->node, r->gw, r);
		if (f->u.redirect.scheme)
			need(w, TGT_C_SCHEME_REDIRECT, ing, f->node, r->gw, r);
		if (f->u.redirect.port)
			need(w, TGT_C_PORT_REDIRECT, ing, f->node, r->gw, r);
		if (f->u.redirect.path_kind != IR_PATH_NONE)
			need(w, TGT_C_PATH_REDIRECT, ing, f->node, r->gw, r);
		break;
	case IR_FILTER_URL_REWRITE:
		if (f->u.rewrite.path_kind != IR_PATH_NONE)
			need(w, TGT_C_PATH_REWRITE, ing, f->node, r->gw, r);
		if (f->u.rewrite.hostname)
			need(w, TGT_C_HOST_REWRITE, ing,
				f->u.rewrite.hostname_node ?
				f->u.rewrite.hostname_node : f->node, r->gw, r);
		break;
	case IR_FILTER_RESPONSE_HEADERS:
		need(w, TGT_C_RESPONSE_HEADERS, ing, f->node, r->gw, r);
		break;
	case IR_FILTER_MIRROR:
		need(w, ++*mirrors > 1 ? TGT_C_MULTIPLE_MIRRORS : TGT_C_MIRROR,
			ing, f->node, r->gw, r);
		break;
	case IR_FILTER_REQUEST_HEADERS:	/* core */
	case IR_FILTER_REGEX_REWRITE:	/* the target's own object */
		break;
	}
}

static const struct {
	const char *kind;
	enum tgt_construct c;
} route_kinds[] = {
	{ "GRPCRoute", TGT_C_GRPCROUTE },
	{ "TLSRoute", TGT_C_TLSROUTE },
	{ "TCPRoute", TGT_C_TCPROUTE },
	{ "UDPRoute", TGT_C_UDPROUTE },
};

static void
route_needs(struct needs_walk *w, const struct route *r)
{
	bool http = !r->kind || !strcmp(r->kind, "HTTPRoute");

	if (!r->nrules)
		return;		/* not written */
	for (size_t i = 0; r->kind && i < ARRAY_LEN(route_kinds); i++)
		if (!strcmp(r->kind, route_kinds[i].kind))
			need(w, route_kinds[i].c, r->ing, r->node, r->gw, r);
	/* a GRPCRoute's filters are its profile's */
	for (size_t k = 0; http && k < r->nrules; k++) {
		const struct rule *ru = &r->rules[k];
		size_t mirrors = 0;

		for (size_t j = 0; j < ru->nfilters; j++)
			filter_needs(w, r, &ru->filters[j], &mirrors);
		for (size_t j = 0; j < ru->nmatches; j++) {
			if (ru->matches[j].method)
				need(w, TGT_C_METHOD_MATCH, r->ing,
					ru->matches[j].method_node, r->gw, r);
			if (ru->matches[j].nqueries)
				need(w, TGT_C_QUERY_MATCH, r->ing,
					ru->matches[j].queries_node, r->gw, r);
		}
		if (!ru->service)
			continue;	/* timeouts go with backends */
		if (ru->timeouts.request)
			need(w, TGT_C_REQUEST_TIMEOUT, r->ing,
				ru->timeouts.node, r->gw, r);
		if (ru->timeouts.backend_request)
			need(w, TGT_C_BACKEND_TIMEOUT, r->ing,
				ru->timeouts.node, r->gw, r);
	}
}

void
conv_target_needs(struct conv_needs *out, const struct ir *ir,
	const struct tgt_table *t, const struct doc_set *set)
{
	struct needs_walk w = { out, t, set, STRMAP_INIT, ARENA_INIT,
		STRBUF_INIT };

	for (size_t i = 0; i < ir->ngws; i++) {
		const struct gateway *gw = ir->gws[i];

		if (!gw->client_ca_name)
			continue;
		need(&w, TGT_C_CLIENT_CERT, gw->client_ca_ing,
			gw->client_ca_node, gw, NULL);
		if (gw->client_mode && !strcmp(gw->client_mode,
		    "AllowInsecureFallback"))
			need(&w, TGT_C_CLIENT_CERT_FALLBACK, gw->client_ca_ing,
				gw->client_ca_node, gw, NULL);
	}
	for (size_t i = 0; i < ir->nroutes; i++)
		route_needs(&w, ir->routes[i]);
	for (size_t i = 0; i < ir->nbackend_tls; i++)
		need(&w, TGT_C_BACKEND_TLS, ir->backend_tls[i].ing,
			ir->backend_tls[i].node, NULL, NULL);
	strmap_release(&w.seen);
	arena_release(&w.keys);
	strbuf_release(&w.key);
}

void
conv_needs_release(struct conv_needs *n)
{
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/* ---- what the target lacks ----------------------------------------------- */

enum diag_severity
conv_need_severity(const struct conv_need *n, const struct tgt_table *t)
{
	if (t->generic)
		return 0;	/* every standard feature is assumed */
	switch (n->support) {
	case TGT_SUPPORTED:
		return n->partial ? DIAG_INFO : 0;
	case TGT_UNKNOWN:
		return n->access ? DIAG_WARNING : DIAG_INFO;
	case TGT_UNSUPPORTED:
		return n->access ? DIAG_ERROR : DIAG_WARNING;
	}
	return 0;
}

/* "Ingress 'ns/name'", or the kind of object a provider read. */
static const char *
subject(struct conv *c, const struct ingress *ing)
{
	const struct k8s_object *o;

	if (!ing)
		return "the input";
	o = ing->obj;
	if (o->kind && strcmp(o->kind, "Ingress"))	/* a provider's input */
		return arena_printf(c->a, "%s '%s/%s'", o->kind, o->ns ?
			o->ns : "default", o->name ? o->name : "");
	return arena_printf(c->a, "Ingress '%s/%s'", ing->ns, ing->name);
}

static const char *
needed(struct conv *c, const struct conv_need *n)
{
	return arena_printf(c->a, "%s%s", n->info->profile ? "profile " :
		"", n->info->feature);
}

/*
 * Fail closed: client certificates are checked per Gateway, so every
 * route a request can reach over the Gateway's HTTPS listeners loses its
 * backends (the HTTP-only ones keep theirs).
 */
static void
close_https(struct conv *c, const struct ir *ir, const struct conv_need *n)
{
	for (size_t i = 0; i < ir->nroutes; i++) {
		const struct route *r = ir->routes[i];

		if (r->gw->client_ca_node != n->node || (r->kind &&
		    strcmp(r->kind, "GRPCRoute")))
			continue;
		if (r->section_https)
			conv_close(c, r->ing, r->host, true);
		else if (!r->section && r->gw->nhttps)
			conv_close(c, r->ing, r->host, false);
	}
}

static void
report_skipped(struct strbuf *sb, const struct tgt_report *rep,
	const char *profile)
{
	const struct tgt_profile *p = tgt_profile_find(rep, profile);

	for (size_t i = 0; p && i < p->nskipped; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", p->skipped[i]);
}

static void
report_need(struct conv *c, const struct ir *ir, const struct conv_need *n,
	const char *label)
{
	const struct tgt_table *t = c->target->table;
	const struct tgt_report *rep = tgt_report(t);
	const char *who = subject(c, n->ing), *feat = needed(c, n);
	const char *instead = tgt_instead_of(t, n->info->c);
	struct src_pos pos = conv_pos(c, n->node);
	struct strbuf sb = STRBUF_INIT;

	switch (n->support) {
	case TGT_SUPPORTED:
		if (!n->partial)
			break;
		report_skipped(&sb, rep, n->info->feature);
		diag_add(c->sink, conv_need_severity(n, t),
			"convert/target-unproven", pos,
			"%s: %s needs %s, whose core tests %s passed only in "
			"part (%s: %s): check that what the route uses works "
			"there", who, n->info->what, feat, label, rep->file,
			sb.buf ? sb.buf : "some skipped");
		break;
	case TGT_UNKNOWN:
		diag_add(c->sink, conv_need_severity(n, t),
			"convert/target-unproven", pos, "%s: %s needs %s, "
			"which %s does not test%s%s: check that %s supports "
			"it", who, n->info->what, feat, rep ? arena_printf(c->a,
			"the conformance report of %s", label) : label,
			rep ? " " : "", rep ? arena_printf(c->a, "(%s)",
			rep->file) : "", t->title);
		break;
	case TGT_UNSUPPORTED:
		if (n->access) {
			diag_add(c->sink, conv_need_severity(n, t),
				"convert/access-control", pos, "%s: %s needs "
				"%s, which %s does not support (%s); without "
				"the check, the HTTPS routes of Gateway "
				"'%s/%s' now answer 500", who, n->info->what,
				feat, label, rep->file, n->gw->ns,
				n->gw->name);
			diag_add_note(c->sink, pos, "%s%s; on an error "
				"convert writes nothing unless --force",
				instead ? "instead: " : "no replacement on "
				"this target is known to ing2gw",
				instead ? instead : "");
			close_https(c, ir, n);
			break;
		}
		diag_add(c->sink, conv_need_severity(n, t),
			"convert/target-unsupported",
			pos, "%s: %s needs %s, which %s does not support "
			"(%s %s); %s%s", who, n->info->what, feat, label,
			rep->file, n->info->profile ? "fails its core tests" :
			"lists it as unsupported", instead ? "instead: " :
			"no replacement on this target is known to ing2gw: "
			"leave it out, or check the implementation's "
			"documentation", instead ? instead : "");
		break;
	}
	strbuf_release(&sb);
}

void
conv_target_check(struct conv *c, const struct ir *ir)
{
	const struct tgt_table *t = c->target->table;
	struct conv_needs n = CONV_NEEDS_INIT;
	char label[160];

	if (t->generic)
		return;		/* every standard feature is assumed */
	tgt_label(t, label, sizeof(label));
	conv_target_needs(&n, ir, t, NULL);
	for (size_t i = 0; i < n.len; i++)
		report_need(c, ir, &n.v[i], label);
	conv_needs_release(&n);
}

/* ---- data-plane defaults ------------------------------------------------- */

/* The provider whose defaults the Ingresses of gw had, or NULL. */
static const struct conv_provider *
gateway_provider(const struct conv *c, const struct gateway *gw)
{
	const struct conv_provider *p;

	if (gw->ing && (p = conv_provider_of(c, gw->ing))->defaults)
		return p;
	for (size_t i = 0; i < c->nroutes; i++)
		if (c->routes[i]->gw == gw &&
		    (p = conv_provider_of(c, c->routes[i]->ing))->defaults)
			return p;
	return NULL;
}

const struct tgt_behaviour *
conv_baseline(const struct conv *c, const struct gateway *gw,
	enum tgt_aspect a)
{
	const struct conv_provider *p = gateway_provider(c, gw);

	for (size_t i = 0; p && i < p->ndefaults; i++)
		if (p->defaults[i].aspect == a)
			return &p->defaults[i];
	return NULL;
}

bool
conv_default_differs(const struct tgt_table *t, const struct tgt_behaviour *b)
{
	const struct tgt_behaviour *d = tgt_default(t, b->aspect);

	return d && strcmp(d->value, b->value);
}

/* Where the Gateway comes from: the class of its first Ingress. */
static struct src_pos
gateway_pos(struct conv *c, const struct gateway *gw)
{
	const struct ingress *ing = gw->ing;

	if (!ing)
		return (struct src_pos){ 0 };
	return conv_pos(c, ing->class_field_node ? ing->class_field_node :
		ing->class_annotation_node ? ing->class_annotation_node :
		ing->obj->root);
}

/* generic, and targets whose defaults are not known: the provider's. */
static void
defaults_unknown(struct conv *c, const struct gateway *gw,
	const struct conv_provider *p, const char *label)
{
	const struct tgt_table *t = c->target->table;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < p->ndefaults; i++)
		strbuf_addf(&sb, "%s%s: %s", i ? "; " : "",
			tgt_aspect_name(p->defaults[i].aspect),
			p->defaults[i].text);
	if (t->generic)
		diag_add(c->sink, DIAG_WARNING, "convert/target-defaults",
			gateway_pos(c, gw), "Gateway '%s/%s': Gateway API "
			"leaves the data plane's defaults to the "
			"implementation, and %s's are not every "
			"implementation's: %s; convert with --target NAME to "
			"list what your implementation does differently",
			gw->ns, gw->name, p->name, sb.buf ? sb.buf : "");
	else
		diag_add(c->sink, DIAG_WARNING, "convert/target-defaults",
			gateway_pos(c, gw), "Gateway '%s/%s': the data-plane "
			"defaults of %s are not known to ing2gw, and Gateway "
			"API leaves them to the implementation; %s's were: "
			"%s; check them on %s", gw->ns, gw->name, label,
			p->name, sb.buf ? sb.buf : "", t->title);
	strbuf_release(&sb);
}

static void
defaults_known(struct conv *c, const struct gateway *gw,
	const struct conv_provider *p, const char *label)
{
	const struct tgt_table *t = c->target->table;
	struct strbuf unknown = STRBUF_INIT;
	struct src_pos pos = gateway_pos(c, gw);
	size_t ndiff = 0;

	for (size_t i = 0; i < p->ndefaults; i++) {
		const struct tgt_behaviour *b = &p->defaults[i];

		if (!tgt_default(t, b->aspect))
			strbuf_addf(&unknown, "%s%s", unknown.len ? ", " : "",
				tgt_aspect_name(b->aspect));
		else if (conv_default_differs(t, b))
			ndiff++;
	}
	if (!ndiff && !unknown.len)
		goto out;
	diag_add(c->sink, DIAG_WARNING, "convert/target-defaults", pos,
		"Gateway '%s/%s': the data plane of %s does not do what %s "
		"did by default in %zu way%s (read in the %s)", gw->ns,
		gw->name, label, p->name, ndiff, ndiff == 1 ? "" : "s",
		t->defaults_source);
	for (size_t i = 0; i < p->ndefaults; i++) {
		const struct tgt_behaviour *b = &p->defaults[i];
		const struct tgt_behaviour *d = tgt_default(t, b->aspect);

		if (!d || !conv_default_differs(t, b))
			continue;
		diag_add_note(c->sink, pos, "%s: %s: %s; %s: %s; %s",
			tgt_aspect_name(b->aspect), p->name, b->text,
			t->title, d->text, !d->knob ? arena_printf(c->a,
			"no setting of %s restores it", t->title) :
			arena_printf(c->a, "%s%s%s: %s", d->written ?
			"written" : "to restore ", d->written ? "" : p->name,
			d->written ? "" : "'s", d->knob));
	}
	if (unknown.len)
		diag_add_note(c->sink, pos, "not known to ing2gw for %s: %s; "
			"check them", t->title, unknown.buf);
out:
	strbuf_release(&unknown);
}

void
conv_target_defaults(struct conv *c, const struct ir *ir)
{
	const struct tgt_table *t = c->target->table;
	char label[160];

	tgt_label(t, label, sizeof(label));
	for (size_t i = 0; i < ir->ngws; i++) {
		const struct gateway *gw = ir->gws[i];
		const struct conv_provider *p;

		if (gw->part || !(p = gateway_provider(c, gw)))
			continue;	/* once per Gateway, with a baseline */
		if (t->generic || !t->defaults)
			defaults_unknown(c, gw, p, label);
		else
			defaults_known(c, gw, p, label);
	}
}
