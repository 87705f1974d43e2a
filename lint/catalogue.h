/*
 * The lint rule catalogue: one static table of every rule the linter can
 * report. It feeds `ing2gw lint --list-rules`, the SARIF rule metadata and
 * the tests (each rule's bad example must trigger it, its good example
 * must not).
 */
#ifndef ING2GW_LINT_CATALOGUE_H
#define ING2GW_LINT_CATALOGUE_H

#include <stddef.h>

#include "diag.h"

struct lint_rule {
	const char *id;		/* "family/name", stable */
	enum diag_severity severity;	/* default */
	const char *refs;	/* where the rule comes from: CRD, field, and
				 * OpenAPI or CEL; or the spec text (API doc,
				 * GEP); or the Ingress API / ingress-nginx */
	const char *summary;	/* one line */
	const char *explanation;
	const char *bad;	/* YAML that triggers the rule */
	const char *good;	/* the same object, fixed */
};

const struct lint_rule *lint_catalogue(size_t *n_out);
/* NULL when id is not in the catalogue. */
const struct lint_rule *lint_rule_find(const char *id);
/* The --target NAME r's examples run with (the target/ rules), or NULL. */
const char *lint_rule_example_target(const struct lint_rule *r);

#endif
