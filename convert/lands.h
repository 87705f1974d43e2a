/*
 * Where an annotation lands on a target, for ing2gw annotations --target:
 * computed from the tables the conversion itself reads, never written
 * twice. The catalogue entry says what the lowering makes of the
 * annotation (a standard field, a feature); the target's table says
 * which standard constructs it supports and its data-plane defaults
 * (targets/target.h, through conv_need_severity); its emitter's rows
 * (struct conv_target_row) say which of its objects carry a feature it
 * claims.
 *
 * Ownership: static data; nothing to release.
 */
#ifndef ING2GW_CONVERT_LANDS_H
#define ING2GW_CONVERT_LANDS_H

#include <stddef.h>

#include "ir/ir.h"
#include "providers/provider.h"
#include "targets/target.h"

/* An object kind a target's emitter writes: the emitter names its
 * objects from these, so the listing cannot drift from the output. */
struct conv_target_object {
	const char *kind;	/* "AuthorizationPolicy" */
	const char *api;	/* "security.istio.io/v1" */
};

/* What a target writes for a feature it claims (several rows when the
 * feature takes several objects). */
struct conv_target_row {
	enum ir_feature_kind feature;
	const struct conv_target_object *obj;	/* NULL: a standard field */
	const char *what;	/* the fields, or the standard field */
};

enum conv_lands {
	CONV_LANDS_STANDARD = 1,	/* a standard field or filter */
	CONV_LANDS_TARGET,		/* the target's own objects */
	CONV_LANDS_NONE,		/* not carried */
};

/* Why it is not carried, or (standard) a caveat. */
enum conv_why {
	CONV_WHY_NONE = 0,
	CONV_WHY_UNPROVEN,	/* standard; the target's report does not
				 * test it (or passed it in part) */
	CONV_WHY_UNSUPPORTED,	/* the target lacks the construct */
	CONV_WHY_FAILS_CLOSED,	/* access control the target cannot
				 * check: the paths answer 500 */
	CONV_WHY_DEFAULT,	/* the target's data-plane default applies */
	CONV_WHY_NOT_WRITTEN,	/* implementation-specific: no object of
				 * the target's is written */
	CONV_WHY_NO_EQUIVALENT,	/* class C */
	CONV_WHY_TUNING,	/* class C-perf: tunes nginx only */
	CONV_WHY_SNIPPET,	/* raw nginx configuration */
};

#define CONV_LANDING_ROWS 4

struct conv_landing {
	enum conv_lands lands;
	enum conv_why why;
	const char *standard;	/* the standard field (catalogue's std) */
	const struct tgt_construct_info *needs;	/* its construct, or NULL */
	enum ir_feature_kind feature;	/* 0: none */
	const char *feature_when;	/* the target's objects only then */
	const struct conv_target_row *rows[CONV_LANDING_ROWS];
	size_t nrows;
	const char *instead;	/* the target's own mechanism, if known */
	const struct tgt_behaviour *def;	/* CONV_WHY_DEFAULT */
};

/* Where a lands on the target named target (of conv_target_names);
 * false when there is no such target. */
bool conv_annotation_lands(const char *target,
	const struct prov_annotation *a, struct conv_landing *out);
/* "standard", "target", "none"; and the why's short name ("unproven",
 * "fails-closed", ...; NULL for CONV_WHY_NONE). */
const char *conv_lands_name(enum conv_lands l);
const char *conv_why_name(enum conv_why w);
/* The table of the target named target; NULL when there is none. */
const struct tgt_table *conv_target_table(const char *target);

#endif
