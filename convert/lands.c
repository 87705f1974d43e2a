#include "compat.h"
#include "convert/conv_int.h"
#include "convert/lands.h"
#include "convert/needs.h"

#include <string.h>

/*
 * Where an annotation lands on a target, decided as convert decides it:
 * the lowering writes the catalogue's standard field unless the target
 * claims the feature (report_nginx_annotations), the target check rates
 * the standard construct (conv_need_severity), and a feature nobody
 * writes is the provider's "not converted", or its access-control error.
 */

/* The data-plane behaviour that applies when a feature is not written. */
static const struct {
	enum ir_feature_kind feature;
	enum tgt_aspect aspect;
} feature_aspects[] = {
	{ IR_FEAT_TIMEOUTS, TGT_A_TIMEOUT },
	{ IR_FEAT_RETRY, TGT_A_RETRY },
	{ IR_FEAT_LOAD_BALANCING, TGT_A_LOAD_BALANCING },
	{ IR_FEAT_BODY_SIZE, TGT_A_BODY_SIZE },
};

const struct tgt_table *
conv_target_table(const char *target)
{
	const struct conv_target *t = conv_target_find(target);

	return t ? t->table : NULL;
}

static bool
claims(const struct conv_target *t, enum ir_feature_kind k)
{
	for (size_t i = 0; i < t->nclaims; i++)
		if (t->claims[i] == k)
			return true;
	return false;
}

/* The standard field, rated as the target check rates its construct. */
static void
standard(const struct conv_target *t, const struct prov_annotation *a,
	struct conv_landing *out)
{
	struct conv_need n = { 0 };

	out->lands = CONV_LANDS_STANDARD;
	out->standard = a->std;
	if (!a->construct)
		return;		/* the core of GATEWAY-HTTP */
	n.info = out->needs = tgt_construct((enum tgt_construct)a->construct);
	n.support = tgt_supports(t->table, n.info->c, &n.partial);
	n.access = n.info->access;
	out->instead = tgt_instead_of(t->table, n.info->c);
	switch (conv_need_severity(&n, t->table)) {
	case DIAG_ERROR:
		out->lands = CONV_LANDS_NONE;
		out->why = CONV_WHY_FAILS_CLOSED;
		break;
	case DIAG_WARNING:
		if (n.support == TGT_UNKNOWN) {
			out->why = CONV_WHY_UNPROVEN;	/* access, untested */
			break;
		}
		out->lands = CONV_LANDS_NONE;
		out->why = CONV_WHY_UNSUPPORTED;
		break;
	case DIAG_INFO:
		out->why = CONV_WHY_UNPROVEN;
		break;
	default:
		break;
	}
}

bool
conv_annotation_lands(const char *target, const struct prov_annotation *a,
	struct conv_landing *out)
{
	const struct conv_target *t = conv_target_find(target);
	enum ir_feature_kind f = (enum ir_feature_kind)a->feature;

	memset(out, 0, sizeof(*out));
	if (!t)
		return false;
	out->feature = f;
	if (f && claims(t, f)) {
		out->lands = CONV_LANDS_TARGET;
		out->feature_when = a->feature_when;
		for (size_t i = 0; i < t->nrows; i++)
			if (t->rows[i].feature == f &&
			    out->nrows < CONV_LANDING_ROWS)
				out->rows[out->nrows++] = &t->rows[i];
		/* otherwise the standard field stays (lower.c) */
		if (a->feature_when)
			out->standard = a->std;
		return true;
	}
	if (a->std) {
		standard(t, a, out);
		return true;
	}
	out->lands = CONV_LANDS_NONE;
	if (f && ir_feature_access(f)) {
		out->why = CONV_WHY_FAILS_CLOSED;
		return true;
	}
	for (size_t i = 0; f && i < ARRAY_LEN(feature_aspects); i++)
		if (feature_aspects[i].feature == f &&
		    (out->def = tgt_default(t->table,
		    feature_aspects[i].aspect))) {
			out->why = CONV_WHY_DEFAULT;
			return true;
		}
	if (a->kind == PROV_KIND_NGINX)
		out->why = CONV_WHY_SNIPPET;
	else if (a->cls == PROV_CLASS_C_PERF)
		out->why = CONV_WHY_TUNING;
	else if (a->cls == PROV_CLASS_C)
		out->why = CONV_WHY_NO_EQUIVALENT;
	else
		out->why = CONV_WHY_NOT_WRITTEN;
	return true;
}

const char *
conv_lands_name(enum conv_lands l)
{
	switch (l) {
	case CONV_LANDS_STANDARD: return "standard";
	case CONV_LANDS_TARGET: return "target";
	case CONV_LANDS_NONE: return "none";
	}
	return "?";
}

const char *
conv_why_name(enum conv_why w)
{
	switch (w) {
	case CONV_WHY_NONE: return NULL;
	case CONV_WHY_UNPROVEN: return "unproven";
	case CONV_WHY_UNSUPPORTED: return "unsupported";
	case CONV_WHY_FAILS_CLOSED: return "fails-closed";
	case CONV_WHY_DEFAULT: return "data-plane-default";
	case CONV_WHY_NOT_WRITTEN: return "not-written";
	case CONV_WHY_NO_EQUIVALENT: return "no-equivalent";
	case CONV_WHY_TUNING: return "tuning";
	case CONV_WHY_SNIPPET: return "snippet";
	}
	return "?";
}
