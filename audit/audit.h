/*
 * ing2gw audit, the first step of a migration: what an Ingress estate is
 * made of, and how each target (Gateway API implementation) would take
 * it, from one reading of the input.
 *
 *  - inventory.c: Ingresses, namespaces, classes and their controllers,
 *    hosts, paths by type, TLS hosts, default backends;
 *  - annotations.c: every annotation key in use, with its class in the
 *    catalogue of the provider whose prefix it has;
 *  - locate.c: which Ingress a diagnostic's position lies in;
 *  - evaluate.c: lowers the world once per layout for every target
 *    (conv_lower_shared) when the Ingresses' controllers allow it, else
 *    once (conv_lower) per group of targets that lower alike; evaluates
 *    each target on its IR (conv_target_needs) and classifies each
 *    Ingress for it;
 *  - rank.c: the ranking of the targets;
 *  - text.c, json.c, markdown.c, html.c: the formats.
 *
 * An Ingress converts *exactly* for a target when convert --target NAME
 * would report no warning and no error in it, *with changes* when it
 * would report warnings (behaviour changes) but no error, and is
 * *blocked* when it would report an error (it needs manual work: an
 * access check the target cannot keep, a host or port that cannot be
 * written). The data-plane defaults convert reports once per Gateway
 * (convert/target-defaults) are not charged to the Gateway's first
 * Ingress: they are listed per target.
 *
 * Ownership: the report owns its arrays (audit_report_release); it
 * borrows the world, its doc_set and the static tables, which must
 * outlive it.
 */
#ifndef ING2GW_AUDIT_AUDIT_H
#define ING2GW_AUDIT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "ingress.h"
#include "strbuf.h"
#include "targets/target.h"

enum audit_status {
	AUDIT_EXACT,
	AUDIT_CHANGES,
	AUDIT_BLOCKED,
	AUDIT_NSTATUS
};

/* "exact", "changes", "blocked" */
const char *audit_status_name(enum audit_status s);

/* A name and how many of it. */
struct audit_count {
	const char *name;
	size_t n;
};

struct audit_class {
	const char *name;		/* NULL: Ingresses without a class */
	const char *controller;		/* of its IngressClass; NULL: none in
					 * the input */
	bool is_default;		/* the default IngressClass */
	const char *provider;		/* convert's, for its Ingresses */
	size_t ingresses;
};

enum { AUDIT_NPATH_TYPES = 3 };		/* enum ing_path_type */

struct audit_inventory {
	size_t ingresses;
	struct audit_count *namespaces;	/* Ingresses per namespace, by name */
	size_t nnamespaces;
	struct audit_class *classes;	/* by name, no class last */
	size_t nclasses;
	struct audit_count *providers;	/* Ingresses per provider, by name */
	size_t nproviders;
	size_t hosts;			/* distinct hosts of the rules */
	size_t wildcard_hosts;		/* of those, "*.example.com" */
	size_t rules_without_host;
	size_t paths[AUDIT_NPATH_TYPES];	/* by enum ing_path_type */
	size_t tls_hosts;		/* distinct hosts of the tls sections */
	size_t tls_sections;
	size_t default_backends;	/* Ingresses with spec.defaultBackend */
};

struct audit_annotation {
	const char *key;
	size_t ingresses;		/* Ingresses that set it */
	const char *provider;		/* whose prefix it has; NULL: none */
	/* its class in that provider's catalogue ("A", "B", "C", "C-perf",
	 * prov_class_name), "unknown" when the catalogue lacks it; NULL
	 * without a provider */
	const char *cls;
};

struct audit_ingress {
	const struct ingress *ing;
	const char *provider;		/* convert's provider for it */
	struct src_pos pos;		/* of its object */
	/* convert's diagnostics in it, for standard Gateway API */
	size_t errors, warnings, infos;
	const char **rules;		/* ids of its errors and warnings,
					 * distinct, sorted */
	size_t nrules;
	enum audit_status status;	/* for standard Gateway API */
};

/* A construct a target lacks, or may lack. */
struct audit_feature {
	const struct tgt_construct_info *info;
	enum tgt_support support;
	bool partial;			/* supported, but only in part */
	/* what convert reports: DIAG_ERROR blocks, DIAG_WARNING changes,
	 * DIAG_INFO asks to check (conv_need_severity) */
	enum diag_severity effect;
	size_t ingresses;		/* Ingresses needing it */
	size_t uses;			/* places needing it */
	const char *instead;		/* the target's own mechanism; NULL */
};

struct audit_target {
	const struct tgt_table *t;
	char label[160];		/* "Istio 1.30.1" (tgt_label) */
	size_t counts[AUDIT_NSTATUS];	/* Ingresses by status */
	unsigned char *status;		/* per report Ingress (enum
					 * audit_status), in report order */
	/* effect (worst first), Ingresses (most first), feature name */
	struct audit_feature *features;
	size_t nfeatures;
	size_t lacking;			/* features unsupported */
	size_t unproven;		/* features its report does not test */
	/* the rules of the errors the conversion for it reports in the
	 * Ingresses, besides its features (an access check the source
	 * controller made, a host that is no Gateway API hostname), with
	 * the Ingresses each blocks: most first, then by rule */
	struct audit_count *blocking_rules;
	size_t nblocking_rules;
	/* the objects of its own that convert --target writes, by kind */
	struct audit_count *objects;
	size_t nobjects;
	/* the source controllers' data-plane defaults it does not share,
	 * and those ing2gw does not know for it (aspect names) */
	const char **defaults_differ;
	size_t ndefaults_differ;
	const char **defaults_unknown;
	size_t ndefaults_unknown;
	size_t rank;			/* 1 is best; 0: not ranked (generic) */
};

struct audit_report {
	struct arena arena;
	struct audit_inventory inv;
	struct audit_annotation *annotations;	/* most used first, key */
	size_t nannotations;
	struct audit_ingress *ingresses;	/* namespace, name, input */
	size_t ningresses;
	struct audit_target *targets;		/* registry order */
	size_t ntargets;
	size_t *ranking;	/* indexes of ranked targets, best first */
	size_t nranked;
	/* convert's diagnostics (standard Gateway API) in no Ingress: a
	 * ConfigMap of TCP services, the estate as a whole */
	size_t other_errors, other_warnings;
	size_t lowerings;	/* how often the world was lowered */
};

struct audit_options {
	/* the targets to evaluate (names of tgt_names); NULL: all */
	const char *const *targets;
	size_t ntargets;
	const char *provider;	/* conv_options.provider; NULL: auto */
	/* for tests: a lowering per group of targets that lower alike, even
	 * where one lowering would do (conv_lower_shared) */
	bool lower_per_group;
};

/* 0, or ERR_INVALID for a target or provider name not in the registry. */
int audit_run(struct audit_report *out, const struct ing_world *world,
	const struct audit_options *opts);
void audit_report_release(struct audit_report *r);

/* Parts of audit_run, once r->ingresses is made. */
void audit_inventory(struct audit_report *r, const struct ing_world *w);
void audit_annotations(struct audit_report *r);
/* Fills r->targets; 0, or ERR_INVALID for a name not in the registry. */
int audit_evaluate(struct audit_report *r, const struct ing_world *w,
	const struct audit_options *opts);
void audit_rank(struct audit_report *r);

/* The formats; each appends the whole report to out. */
void audit_render_text(struct strbuf *out, const struct audit_report *r);
void audit_render_json(struct strbuf *out, const struct audit_report *r);
void audit_render_markdown(struct strbuf *out,
	const struct audit_report *r);
void audit_render_html(struct strbuf *out, const struct audit_report *r);

/* For the formats: "ns/name" of report Ingress i; the ranking rule. */
const char *audit_ingress_name(const struct audit_report *r, size_t i,
	char *buf, size_t size);
extern const char audit_ranking_rule[];
/* What a feature's effect is called: "blocks", "changes", "check". */
const char *audit_effect_name(enum diag_severity effect);
/* "supported", "unsupported", "unknown", "partial" */
const char *audit_support_name(const struct audit_feature *f);

#endif
