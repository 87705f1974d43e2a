#include "compat.h"
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/convert.h"

/*
 * The report as a whole: its Ingresses (with the provider convert picks
 * for each), then the inventory, the annotations, the evaluation of the
 * targets and their ranking; and the names the formats share.
 */

const char audit_ranking_rule[] = "most Ingresses converting exactly, "
	"then fewest blocked, then fewest features unsupported, then fewest "
	"features its conformance report does not prove, then fewest "
	"data-plane defaults that differ or are unknown; targets equal on "
	"all five share a rank and are listed by name; generic (standard "
	"Gateway API, every feature assumed) is the baseline, not ranked";

const char *
audit_status_name(enum audit_status s)
{
	switch (s) {
	case AUDIT_EXACT: return "exact";
	case AUDIT_CHANGES: return "changes";
	case AUDIT_BLOCKED: return "blocked";
	case AUDIT_NSTATUS: break;
	}
	return "?";
}

const char *
audit_effect_name(enum diag_severity effect)
{
	return effect == DIAG_ERROR ? "blocks" : effect == DIAG_WARNING ?
		"changes" : "check";
}

const char *
audit_support_name(const struct audit_feature *f)
{
	switch (f->support) {
	case TGT_SUPPORTED: return f->partial ? "partial" : "supported";
	case TGT_UNSUPPORTED: return "unsupported";
	case TGT_UNKNOWN: return "unknown";
	}
	return "?";
}

const char *
audit_ingress_name(const struct audit_report *r, size_t i, char *buf,
	size_t size)
{
	const struct ingress *ing = r->ingresses[i].ing;

	snprintf(buf, size, "%s/%s", ing->ns, ing->name);
	return buf;
}

static int
cmp_ingress(const void *pa, const void *pb)
{
	const struct audit_ingress *a = pa, *b = pb;
	int d;

	if ((d = strcmp(a->ing->ns, b->ing->ns)))
		return d;
	if ((d = strcmp(a->ing->name, b->ing->name)))
		return d;
	return a->ing < b->ing ? -1 : a->ing > b->ing;	/* input order */
}

static bool
known_provider(const char *name)
{
	for (const char *const *p = conv_provider_names; *p; p++)
		if (!strcmp(*p, name))
			return true;
	return false;
}

int
audit_run(struct audit_report *out, const struct ing_world *w,
	const struct audit_options *opts)
{
	struct conv_options co = { 0 };

	memset(out, 0, sizeof(*out));
	if (opts->provider && !known_provider(opts->provider))
		return ERR_INVALID;
	co.provider = opts->provider;
	out->ingresses = xcalloc(w->ningresses + 1, sizeof(*out->ingresses));
	out->ningresses = w->ningresses;
	for (size_t i = 0; i < w->ningresses; i++) {
		struct audit_ingress *ai = &out->ingresses[i];

		ai->ing = &w->ingresses[i];
		ai->provider = conv_provider_name_of(w, &co, ai->ing);
		ai->pos = doc_pos(w->set, ai->ing->obj->root);
	}
	if (out->ningresses)
		qsort(out->ingresses, out->ningresses,
			sizeof(*out->ingresses), cmp_ingress);
	audit_inventory(out, w);
	audit_annotations(out);
	/*
	 * MERGE with main: main's audit/inference.h lists the model servers
	 * behind Services (InferencePool candidates). Once merged, call it
	 * here and keep the list in the report:
	 *
	 *	audit_model_servers_find(&out->model_servers, w);
	 *
	 * (audit_model_servers_release in audit_report_release, a section
	 * in text.c, json.c, markdown.c and html.c, and its key in
	 * audit.schema.json and tests/tools/audit_check.c's report.)
	 */
	if (audit_evaluate(out, w, opts))
		return ERR_INVALID;
	audit_rank(out);
	return 0;
}

void
audit_report_release(struct audit_report *r)
{
	free(r->inv.namespaces);
	free(r->inv.classes);
	free(r->inv.providers);
	free(r->annotations);
	free(r->ingresses);
	for (size_t i = 0; i < r->ntargets; i++) {
		struct audit_target *at = &r->targets[i];

		free(at->status);
		free(at->features);
		free(at->blocking_rules);
		free(at->objects);
		free(at->defaults_differ);
		free(at->defaults_unknown);
	}
	free(r->targets);
	free(r->ranking);
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}
