#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "convert/convert.h"
#include "convert/needs.h"
#include "locate.h"

/*
 * Each target on one lowering. The IR depends on the target only through
 * the features it claims and the objects of its own it writes. When the
 * Ingresses' controllers lower for several targets at once
 * (conv_can_share_lowering), the targets of one layout share one
 * lowering (conv_lower_shared, evaluate_shared) and each target's
 * diagnostics are those marked for it. Otherwise
 * (conv_target_same_lowering) every target without an emitter shares
 * the standard lowering, a target with one gets its own. The lowerings
 * keep no message text (diag_sink_wordless): only severities, rules and
 * positions are charged.
 * For each lowering (conv_lower), inside the inspect hook, the needs of
 * every target of its group are evaluated on the same IR
 * (conv_target_needs) with the severity convert gives them
 * (conv_need_severity); afterwards the lowering's own diagnostics are
 * charged. Both are charged as convert's diagnostics would be: to the
 * Ingress whose object contains the position (audit/locate.h). An
 * Ingress's status for a target is the worst of both.
 * tests/tools/audit_agree.c checks that this is what convert --target
 * says of every Ingress.
 */

struct group {
	const char *lower_as;		/* the target it is lowered for */
	size_t *members;		/* indexes into r->targets */
	size_t n;
};

struct eval {
	struct audit_report *r;
	const struct ing_world *w;
	const size_t *report_of;	/* world index -> report index */
	const struct audit_locator *loc;
	const struct group *g;
	unsigned char *need_sev;	/* [member * N + report index] */
	unsigned char *seen;		/* [construct * N + report index] */
};

/*
 * The report index of the Ingress that contains the need's position, as
 * for convert's diagnostic about it, which is at that position: the
 * Ingress that asked for the construct (a TLS host that makes another
 * Ingress's routes redirect). False for the object of a provider that is
 * no Ingress (a ConfigMap of TCP services).
 */
static bool
report_index(const struct eval *e, const struct conv_need *n, size_t *ri)
{
	size_t wi;

	if (!audit_locate(e->loc, n->pos, &wi))
		return false;
	*ri = e->report_of[wi];
	return true;
}

static struct audit_feature *
feature_of(struct audit_target *at, const struct conv_need *n,
	enum diag_severity sev)
{
	struct audit_feature *f;

	for (size_t i = 0; i < at->nfeatures; i++)
		if (at->features[i].info == n->info)
			return &at->features[i];
	at->features = xrealloc(at->features, (at->nfeatures + 1) *
		sizeof(*at->features));
	f = &at->features[at->nfeatures++];
	*f = (struct audit_feature){
		.info = n->info,
		.support = n->support,
		.partial = n->partial,
		.effect = sev,
		.instead = tgt_instead_of(at->t, n->info->c),
	};
	return f;
}

/* The needs of the group's member m on the IR lowered for it. */
static void
member_needs(struct eval *e, size_t m, const struct ir *ir)
{
	size_t nings = e->r->ningresses;
	struct audit_target *at = &e->r->targets[e->g->members[m]];
	struct conv_needs needs = CONV_NEEDS_INIT;

	memset(e->seen, 0, (size_t)TGT_C_COUNT * (nings + 1));
	conv_target_needs(&needs, ir, at->t, e->w->set);
	for (size_t i = 0; i < needs.len; i++) {
		const struct conv_need *n = &needs.v[i];
		enum diag_severity sev = conv_need_severity(n, at->t);
		unsigned char *ns;
		struct audit_feature *f;
		size_t ri;
		bool in = report_index(e, n, &ri);

		if (!sev)
			continue;	/* supported: nothing said */
		f = feature_of(at, n, sev);
		f->uses++;
		if (!in)
			continue;
		ns = &e->need_sev[m * nings + ri];
		if (sev > *ns)
			*ns = (unsigned char)sev;
		if (!e->seen[(size_t)n->info->c * nings + ri]) {
			e->seen[(size_t)n->info->c * nings + ri] = 1;
			f->ingresses++;
		}
	}
	conv_needs_release(&needs);
}

/* The hook: every member's needs on the IR the lowering hands over. */
static void
on_ir(void *ctx, const struct ir *ir)
{
	struct eval *e = ctx;

	for (size_t m = 0; m < e->g->n; m++)
		member_needs(e, m, ir);
}

static enum audit_status
status_of(unsigned sev)
{
	return sev >= DIAG_ERROR ? AUDIT_BLOCKED : sev >= DIAG_WARNING ?
		AUDIT_CHANGES : AUDIT_EXACT;
}

struct rule_use {
	size_t ri;
	const char *rule;
};

static int
cmp_rule_use(const void *pa, const void *pb)
{
	const struct rule_use *a = pa, *b = pb;

	if (a->ri != b->ri)
		return a->ri < b->ri ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* The ids of each Ingress's errors and warnings, distinct and sorted. */
static void
set_rules(struct audit_report *r, struct rule_use *uses, size_t n)
{
	if (n)
		qsort(uses, n, sizeof(*uses), cmp_rule_use);
	for (size_t i = 0, j; i < n; i = j) {
		struct audit_ingress *ai = &r->ingresses[uses[i].ri];
		size_t distinct = 0;

		for (j = i; j < n && uses[j].ri == uses[i].ri; j++)
			distinct += j == i || strcmp(uses[j].rule,
				uses[j - 1].rule);
		ai->rules = arena_alloc(&r->arena, distinct *
			sizeof(*ai->rules));
		for (size_t k = i; k < j; k++)
			if (k == i || strcmp(uses[k].rule, uses[k - 1].rule))
				ai->rules[ai->nrules++] = uses[k].rule;
	}
}

static int
cmp_count_desc(const void *pa, const void *pb)
{
	const struct audit_count *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The rules of errors, with the Ingresses each is in (*out, *nout). */
static void
blocking(struct rule_use *errs, size_t n, struct audit_count **out,
	size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!n)
		return;
	/* by rule, then Ingress */
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < *nout; k++)
			if (!strcmp((*out)[k].name, errs[i].rule))
				break;
		if (k == *nout) {
			*out = xrealloc(*out, (k + 1) * sizeof(**out));
			(*out)[k] = (struct audit_count){ errs[i].rule, 0 };
			(*nout)++;
		}
	}
	qsort(errs, n, sizeof(*errs), cmp_rule_use);
	for (size_t i = 0; i < n; i++) {
		if (i && errs[i].ri == errs[i - 1].ri &&
		    !strcmp(errs[i].rule, errs[i - 1].rule))
			continue;	/* once per Ingress */
		for (size_t k = 0; k < *nout; k++)
			if (!strcmp((*out)[k].name, errs[i].rule))
				(*out)[k].n++;
	}
	qsort(*out, *nout, sizeof(**out), cmp_count_desc);
}

/*
 * The lowering's diagnostics, charged to the Ingresses (base[ri]: the
 * worst) and the rules of its errors in them (*errs); for the standard
 * lowering also the counts and rules of each Ingress and what is in no
 * Ingress. bit: the target's in a shared lowering (diag.only), whose
 * diagnostics for other targets only are left out; 0 for a lowering of
 * one group, which marks none.
 */
static void
charge(struct audit_report *r, const struct diag_sink *sink, unsigned bit,
	const struct audit_locator *loc, const size_t *report_of,
	unsigned char *base, bool standard, struct rule_use **errs,
	size_t *nerrs)
{
	struct rule_use *uses = NULL;
	size_t nuses = 0;

	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];
		struct audit_ingress *ai;
		size_t wi, ri;

		if (d->only && !(d->only & bit))
			continue;	/* said for other targets only */
		if (!audit_locate(loc, d->pos, &wi)) {
			if (standard && d->severity == DIAG_ERROR)
				r->other_errors++;
			else if (standard && d->severity == DIAG_WARNING)
				r->other_warnings++;
			continue;
		}
		ri = report_of[wi];
		if (d->severity > base[ri])
			base[ri] = (unsigned char)d->severity;
		if (d->severity == DIAG_ERROR && d->rule) {
			*errs = xrealloc(*errs, (*nerrs + 1) * sizeof(**errs));
			(*errs)[(*nerrs)++] = (struct rule_use){ ri, d->rule };
		}
		if (!standard)
			continue;
		ai = &r->ingresses[ri];
		switch (d->severity) {
		case DIAG_ERROR: ai->errors++; break;
		case DIAG_WARNING: ai->warnings++; break;
		case DIAG_INFO: ai->infos++; break;
		}
		if (d->severity >= DIAG_WARNING && d->rule) {
			uses = xrealloc(uses, (nuses + 1) * sizeof(*uses));
			uses[nuses++] = (struct rule_use){ ri, d->rule };
		}
	}
	if (standard) {
		set_rules(r, uses, nuses);
		for (size_t i = 0; i < r->ningresses; i++)
			r->ingresses[i].status = status_of(base[i]);
	}
	free(uses);
}

/* The target's own objects (conv_lower writes only those), by kind. */
static void
own_objects(struct audit_report *r, struct audit_target *at,
	struct doc_node *const *objects, size_t nobjects)
{
	for (size_t i = 0; i < nobjects; i++) {
		const char *kind = doc_str(doc_get(objects[i], "kind"));
		size_t k;

		if (!kind)
			continue;
		for (k = 0; k < at->nobjects; k++)
			if (!strcmp(at->objects[k].name, kind))
				break;
		if (k == at->nobjects) {
			at->objects = xrealloc(at->objects, (k + 1) *
				sizeof(*at->objects));
			at->objects[k] = (struct audit_count){
				arena_strdup(&r->arena, kind), 0 };
			at->nobjects++;
		}
		at->objects[k].n++;
	}
}

static int
lower_group(struct audit_report *r, const struct ing_world *w,
	const struct audit_options *opts, const struct group *g,
	const struct audit_locator *loc, const size_t *report_of,
	bool standard)
{
	size_t nings = r->ningresses;
	struct eval e = { r, w, report_of, loc, g, NULL, NULL };
	struct conv_options co = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct conv_result res;
	unsigned char *base = xcalloc(nings + 1, 1);
	int rc;

	diag_sink_wordless(&sink);	/* charged, never printed */
	e.need_sev = xcalloc(g->n * nings + 1, 1);
	e.seen = xcalloc((size_t)TGT_C_COUNT * (nings + 1), 1);
	co.provider = opts->provider;
	co.target = g->lower_as;
	co.inspect = on_ir;
	co.inspect_ctx = &e;
	rc = conv_lower(&res, w, &co, &sink);
	if (!rc) {
		struct rule_use *errs = NULL;
		struct audit_count *rules;
		size_t nerrs = 0, nrules;

		r->lowerings++;
		charge(r, &sink, 0, loc, report_of, base, standard, &errs,
			&nerrs);
		blocking(errs, nerrs, &rules, &nrules);
		for (size_t m = 0; m < g->n; m++) {
			struct audit_target *at = &r->targets[g->members[m]];

			if (nrules) {
				at->blocking_rules = xmalloc(nrules *
					sizeof(*rules));
				memcpy(at->blocking_rules, rules, nrules *
					sizeof(*rules));
				at->nblocking_rules = nrules;
			}

			for (size_t i = 0; i < nings; i++) {
				unsigned sev = base[i];

				if (e.need_sev[m * nings + i] > sev)
					sev = e.need_sev[m * nings + i];
				at->status[i] = (unsigned char)status_of(sev);
				at->counts[at->status[i]]++;
			}
			if (!strcmp(at->t->name, g->lower_as))
				own_objects(r, at, res.objects,
					res.nobjects);
		}
		free(errs);
		free(rules);
		conv_result_release(&res);
	}
	diag_sink_release(&sink);
	free(base);
	free(e.need_sev);
	free(e.seen);
	return rc;
}

/* The statuses of member m from base (its lowering's diagnostics) and
 * its needs, and the rules of its errors. */
static void
settle_member(struct audit_report *r, const struct group *g, size_t m,
	const unsigned char *base, const unsigned char *need_sev,
	struct rule_use *errs, size_t nerrs)
{
	struct audit_target *at = &r->targets[g->members[m]];
	size_t nings = r->ningresses;

	blocking(errs, nerrs, &at->blocking_rules, &at->nblocking_rules);
	for (size_t i = 0; i < nings; i++) {
		unsigned sev = base[i];

		if (need_sev[m * nings + i] > sev)
			sev = need_sev[m * nings + i];
		at->status[i] = (unsigned char)status_of(sev);
		at->counts[at->status[i]]++;
	}
}

/* conv_lower_shared's call for target k: a member's needs and objects
 * (k past the members: the standard lowering, charged only). */
static void
on_target(void *ctx, size_t k, const struct ir *ir,
	struct doc_node *const *objects, size_t nobjects)
{
	struct eval *e = ctx;

	if (k >= e->g->n)
		return;
	member_needs(e, k, ir);
	own_objects(e->r, &e->r->targets[e->g->members[k]], objects,
		nobjects);
}

/*
 * The targets of g, which share a layout, on one lowering; with
 * standard, it is also the standard lowering (generic's), which gives
 * the Ingresses their own status: generic is lowered with them when it
 * is not a member.
 */
static int
lower_shared(struct audit_report *r, const struct ing_world *w,
	const struct audit_options *opts, const struct group *g,
	bool standard, const struct audit_locator *loc,
	const size_t *report_of)
{
	size_t nings = r->ningresses, n = g->n, std = SIZE_MAX;
	struct eval e = { r, w, report_of, loc, g, NULL, NULL };
	const char **names = xcalloc(g->n + 2, sizeof(*names));
	struct conv_options co = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct conv_result res;
	unsigned char *base = xmalloc(nings + 1);
	int rc;

	for (size_t m = 0; m < g->n; m++) {
		names[m] = r->targets[g->members[m]].t->name;
		if (standard && !strcmp(names[m], "generic"))
			std = m;
	}
	if (standard && std == SIZE_MAX)
		names[std = n++] = "generic";
	diag_sink_wordless(&sink);	/* charged, never printed */
	e.need_sev = xcalloc(g->n * nings + 1, 1);
	e.seen = xcalloc((size_t)TGT_C_COUNT * (nings + 1), 1);
	co.provider = opts->provider;
	co.shared_targets = names;
	co.nshared_targets = n;
	co.inspect_target = on_target;
	co.inspect_ctx = &e;
	rc = conv_lower_shared(&res, w, &co, &sink);
	for (size_t k = 0; k < n && !rc; k++) {
		struct rule_use *errs = NULL;
		size_t nerrs = 0;

		memset(base, 0, nings + 1);
		charge(r, &sink, 1u << k, loc, report_of, base, k == std,
			&errs, &nerrs);
		if (k < g->n)
			settle_member(r, g, k, base, e.need_sev, errs, nerrs);
		free(errs);
	}
	if (!rc) {
		r->lowerings++;
		conv_result_release(&res);
	}
	diag_sink_release(&sink);
	free(names);
	free(base);
	free(e.need_sev);
	free(e.seen);
	return rc;
}

/*
 * One lowering per layout for every target, when the controllers of the
 * Ingresses lower for several targets at once (conv_can_share_lowering).
 */
static int
evaluate_shared(struct audit_report *r, const struct ing_world *w,
	const struct audit_options *opts, const struct audit_locator *loc,
	const size_t *report_of)
{
	enum { LAYOUTS = CONV_LAYOUT_LISTENERSET + 1 };
	struct group g[LAYOUTS] = { { 0 } };
	enum conv_layout std_layout = conv_layout_of(
		&(struct conv_options){ .target = "generic" });
	int rc = 0;

	for (size_t i = 0; i < r->ntargets; i++) {
		enum conv_layout l = conv_layout_of(&(struct conv_options){
			.target = r->targets[i].t->name });

		g[l].members = xrealloc(g[l].members, (g[l].n + 1) *
			sizeof(*g[l].members));
		g[l].members[g[l].n++] = i;
	}
	for (size_t l = 0; l < LAYOUTS; l++) {
		if (!rc && (g[l].n || l == std_layout))
			rc = lower_shared(r, w, opts, &g[l], l == std_layout,
				loc, report_of);
		free(g[l].members);
	}
	return rc;
}

static int
cmp_feature(const void *pa, const void *pb)
{
	const struct audit_feature *a = pa, *b = pb;

	if (a->effect != b->effect)
		return a->effect > b->effect ? -1 : 1;
	if (a->ingresses != b->ingresses)
		return a->ingresses > b->ingresses ? -1 : 1;
	return strcmp(a->info->feature, b->info->feature);
}

static void
add_aspect(const char ***list, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], name))
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = name;
}

/* The data-plane defaults of the providers in use that t does not share
 * (convert says so once per Gateway: convert/target-defaults). */
static void
defaults(struct audit_report *r, struct audit_target *at)
{
	for (size_t p = 0; p < r->inv.nproviders; p++) {
		size_t n;
		const struct tgt_behaviour *b = conv_provider_defaults(
			r->inv.providers[p].name, &n);

		for (size_t i = 0; i < n; i++) {
			const char *name = tgt_aspect_name(b[i].aspect);

			if (!tgt_default(at->t, b[i].aspect))
				add_aspect(&at->defaults_unknown,
					&at->ndefaults_unknown, name);
			else if (conv_default_differs(at->t, &b[i]))
				add_aspect(&at->defaults_differ,
					&at->ndefaults_differ, name);
		}
	}
}

/* The targets asked for, once each, in the registry's order. */
static int
pick_targets(struct audit_report *r, const struct audit_options *opts)
{
	bool want[64] = { false };

	if (tgt_ntables > ARRAY_LEN(want))
		return ERR_INVALID;
	for (size_t i = 0; i < opts->ntargets; i++) {
		const struct tgt_table *t = tgt_find(opts->targets[i]);
		size_t k = 0;

		if (!t)
			return ERR_INVALID;
		while (tgt_tables[k] != t)
			k++;
		want[k] = true;
	}
	r->targets = xcalloc(tgt_ntables, sizeof(*r->targets));
	for (size_t k = 0; k < tgt_ntables; k++) {
		struct audit_target *at;

		if (opts->targets && !want[k])
			continue;
		at = &r->targets[r->ntargets++];
		at->t = tgt_tables[k];
		tgt_label(at->t, at->label, sizeof(at->label));
		at->status = xcalloc(r->ningresses + 1, 1);
	}
	return 0;
}

int
audit_evaluate(struct audit_report *r, const struct ing_world *w,
	const struct audit_options *opts)
{
	struct group *groups;
	size_t ngroups = 1;
	size_t *report_of;
	struct audit_locator loc;
	int rc;

	if ((rc = pick_targets(r, opts)))
		return rc;
	report_of = xcalloc(w->ningresses + 1, sizeof(*report_of));
	/* the standard lowering always: the Ingresses' own status */
	groups = xcalloc(r->ntargets + 1, sizeof(*groups));
	groups[0].lower_as = "generic";
	for (size_t i = 0; i < r->ntargets; i++) {
		const char *name = r->targets[i].t->name;
		size_t g = 0;

		while (g < ngroups && !conv_target_same_lowering(name,
		    groups[g].lower_as))
			g++;
		if (g == ngroups)
			groups[ngroups++].lower_as = name;
		groups[g].members = xrealloc(groups[g].members,
			(groups[g].n + 1) * sizeof(*groups[g].members));
		groups[g].members[groups[g].n++] = i;
	}
	for (size_t i = 0; i < r->ningresses; i++)
		report_of[r->ingresses[i].ing - w->ingresses] = i;
	audit_locator_init(&loc, w);
	if (!opts->lower_per_group && conv_can_share_lowering(w,
	    &(struct conv_options){ .provider = opts->provider }))
		rc = evaluate_shared(r, w, opts, &loc, report_of);
	else
		for (size_t g = 0; g < ngroups && !rc; g++)
			rc = lower_group(r, w, opts, &groups[g], &loc,
				report_of, g == 0);
	for (size_t i = 0; i < r->ntargets && !rc; i++) {
		struct audit_target *at = &r->targets[i];

		if (at->nfeatures)
			qsort(at->features, at->nfeatures,
				sizeof(*at->features), cmp_feature);
		for (size_t k = 0; k < at->nfeatures; k++) {
			if (at->features[k].support == TGT_UNSUPPORTED)
				at->lacking++;
			else
				at->unproven++;
		}
		defaults(r, at);
	}
	audit_locator_release(&loc);
	for (size_t g = 0; g < ngroups; g++)
		free(groups[g].members);
	free(groups);
	free(report_of);
	return rc;
}
