/*
 * Every rule ing2gw can report, from both catalogues (model/diag_rules.h:
 * input, convert, replay; lint/catalogue.h: lint) as one list, and its
 * renderings: the `rules` and `explain` commands, `convert --list-rules`
 * and the ing2gw-rules(1) page.
 */
#ifndef ING2GW_CLI_RULES_H
#define ING2GW_CLI_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "strbuf.h"

enum rules_area {
	RULES_INPUT = 1 << 0,
	RULES_CONVERT = 1 << 1,
	RULES_REPLAY = 1 << 2,
	RULES_LINT = 1 << 3,
	RULES_ALL = (1 << 4) - 1,
};

enum rules_format {
	RULES_TEXT,
	RULES_JSON,
	RULES_SCDOC,	/* the RULES section of ing2gw-rules(1) */
};

/* One rule; strings are borrowed from the catalogues. */
struct rules_entry {
	const char *id;
	enum rules_area area;
	enum diag_severity severity;
	const char *severity_note;	/* NULL: always at that severity */
	const char *summary;
	const char *explanation;
	const char *example;	/* what reports it */
	const char *fix;	/* what to do; NULL for lint rules */
	const char *fixed_example;	/* lint: the example, fixed */
	const char *refs;	/* lint: where the rule comes from (CRD field
				 * and OpenAPI or CEL rule, or the spec text) */
};

/* "input", "convert", "replay", "lint" (one area). */
const char *rules_area_name(enum rules_area a);
/* Parses one area name or "all"; 0 when unknown. */
unsigned rules_area_parse(const char *s);
/* The rules of the areas (a mask), in catalogue order; free() the array. */
struct rules_entry *rules_collect(unsigned areas, size_t *n_out);
/* Fills e with the rule id; false when there is none. */
bool rules_find(const char *id, struct rules_entry *e);
/*
 * The ids closest to an unknown one (ids of any area; without a family,
 * "wildcard-depth" is compared with the names after the '/'), best first,
 * at most max of them; none when nothing is close.
 */
size_t rules_suggest(const char *id, const char **out, size_t max);
/* The list: one line per rule, {"rules": [...]}, or scdoc. */
void rules_render(struct strbuf *out, const struct rules_entry *e, size_t n,
	enum rules_format fmt);
/* One rule in full: summary, explanation, example and fix. */
void rules_explain(struct strbuf *out, const struct rules_entry *e);

#endif
