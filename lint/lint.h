/*
 * The linter: checks Gateway API objects (Gateway, GatewayClass, HTTPRoute,
 * GRPCRoute, ReferenceGrant) as the API server would after applying its
 * defaults, then the semantic rules the CRDs do not enforce, attachment and
 * references, and conflicts between routes. Findings go to a diag_sink;
 * rule ids and default severities come from lint/catalogue.h.
 *
 * Ownership: lint_run borrows the doc_set and objects; they must outlive
 * the sink. struct lint_result owns its strings; free with
 * lint_result_release.
 */
#ifndef ING2GW_LINT_LINT_H
#define ING2GW_LINT_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"

struct prov_trace;
struct tgt_table;

/* A severity override: rule off, or a different severity. */
enum lint_level {
	LINT_LEVEL_DEFAULT = 0,
	LINT_LEVEL_OFF,
	LINT_LEVEL_INFO,
	LINT_LEVEL_WARNING,
	LINT_LEVEL_ERROR,
};

struct lint_override {
	const char *rule;	/* a catalogue id */
	enum lint_level level;
};

struct lint_config {
	struct lint_override *items;
	size_t len, cap;
	char **ignore;		/* fnmatch(3) patterns of input files */
	size_t nignore;
	struct doc_set *set;	/* the loaded file: positions of its errors */
	/* for tests: the decisions about Ingresses as they are made */
	const struct prov_trace *trace;
	/* --target: the implementation whose support is checked
	 * (targets/target.h); NULL: none */
	const struct tgt_table *target;
};

#define LINT_CONFIG_INIT { 0 }

/*
 * Loads a .ing2gw.yaml file with libcyaml:
 *	rules: [{id: RULE, severity: off|info|warning|error}, ...]
 *	ignore: [PATTERN, ...]	(no findings in input files matching one)
 * Syntax errors, unknown keys, wrong types, unknown rule ids and bad
 * severities are input errors in sink, each at its file:line:col.
 * Returns 0, ERR_IO, ERR_NOMEM or ERR_PARSE.
 */
int lint_config_load(struct lint_config *cfg, const char *path,
	struct diag_sink *sink);
/* Sets one override; returns ERR_INVALID for an unknown rule id. */
int lint_config_set(struct lint_config *cfg, const char *rule,
	enum lint_level level);
/* Whether file (a leading "./" is skipped) matches an ignore pattern. */
bool lint_config_ignores(const struct lint_config *cfg, const char *file);
void lint_config_release(struct lint_config *cfg);

/*
 * Per finding, the object it is about, "Kind namespace/name", indexed by
 * the diag's seq (insertion order); NULL for findings about no object.
 */
struct lint_result {
	char **objects;
	size_t len, cap;
	size_t nobjects_linted;
};

/*
 * Lints every Gateway API object of objs. Findings are added to sink with
 * their catalogue severity (or the config override). Returns 0.
 */
int lint_run(struct lint_result *out, const struct doc_set *set,
	const struct k8s_objects *objs, const struct lint_config *cfg,
	struct diag_sink *sink);
void lint_result_release(struct lint_result *res);

#endif
