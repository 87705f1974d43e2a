/*
 * The diagnostic catalogue of reading input, converting and replaying: one
 * static table of every rule id those layers (and the provider parsers
 * they call) can emit, with what it means and what to do about it. It
 * feeds `ing2gw rules`, `ing2gw explain`, `convert --list-rules`, the
 * ing2gw-rules(1) page and SARIF rule metadata. The lint rules have their
 * own catalogue (lint/catalogue.h).
 *
 * tests/tools/rule_ids.c fails when a source uses an id that is in no
 * catalogue, or when an entry here is used nowhere; tests/tools/
 * rule_examples.c runs every example and checks that it reports its id.
 */
#ifndef ING2GW_MODEL_DIAG_RULES_H
#define ING2GW_MODEL_DIAG_RULES_H

#include <stddef.h>

#include "diag.h"

/* Where a rule comes from: the family of its id. */
enum diag_area {
	DIAG_AREA_INPUT,	/* input/: files, YAML and JSON, objects */
	DIAG_AREA_CONVERT,	/* convert/, and nginx/ (annotation parser) */
	DIAG_AREA_REPLAY,	/* replay/: the routing models, samples */
};

struct diag_rule {
	const char *id;		/* "family/name", stable */
	enum diag_severity severity;	/* as emitted, or the most common */
	/* NULL, or when the rule is emitted at another severity */
	const char *severity_note;
	const char *summary;	/* one line, at most 80 characters */
	const char *explanation; /* what behaves differently, and why */
	/*
	 * An input that reports the rule. The first line is the command,
	 * "# ing2gw ARGS"; what follows is input.yaml, and a line "# NAME:"
	 * starts another file of that name.
	 */
	const char *example;
	const char *fix;	/* what the user does */
};

const struct diag_rule *diag_rules(size_t *n_out);
/* NULL when id is not in the catalogue. */
const struct diag_rule *diag_rule_find(const char *id);
enum diag_area diag_rule_area(const struct diag_rule *r);
/* "input", "convert", "replay" */
const char *diag_area_name(enum diag_area a);
/* Levenshtein distance of two ids, for "did you mean"; large when long. */
size_t diag_rule_distance(const char *a, const char *b);

#endif
