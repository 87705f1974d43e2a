/*
 * Renders diagnostics as a SARIF 2.1.0 log (one run), the format GitHub
 * code scanning and other CI viewers read. A run with no results is still
 * a complete, valid log.
 */
#ifndef ING2GW_CLI_REPORT_SARIF_H
#define ING2GW_CLI_REPORT_SARIF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "strbuf.h"

/* Metadata of one rule: tool.driver.rules[]. Strings are borrowed. */
struct report_sarif_rule {
	const char *id;
	enum diag_severity level;	/* defaultConfiguration.level */
	const char *short_desc;
	const char *full_desc;
	const char *help_text;
	const char *help_markdown;	/* NULL: none */
};

struct report_sarif_run {
	const struct report_sarif_rule *rules;
	size_t nrules;
	/*
	 * Per diagnostic, indexed by its seq: the object it is about
	 * ("Kind ns/name"), part of the fingerprint; may be NULL.
	 */
	char *const *objects;
	size_t nobjects;
	bool success;		/* invocations[0].executionSuccessful */
};

/*
 * Writes the log for sink to out. Rule ids of sink missing from run->rules
 * get a minimal descriptor, so every result has its rule.
 */
void report_sarif(struct strbuf *out, const struct diag_sink *sink,
	const struct report_sarif_run *run);
/* The stable fingerprint of a finding: FNV-1a 64 of rule, file, object and
 * message, as 16 hex digits in buf (17 bytes). */
void report_sarif_fingerprint(char buf[17], const char *rule,
	const char *file, const char *object, const char *msg);

#endif
