/*
 * Renders diagnostics: text (file:line:col: severity: message [rule], with
 * note lines) or JSON. The one place that turns diag_sink into bytes.
 */
#ifndef ING2GW_CLI_REPORT_H
#define ING2GW_CLI_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "strbuf.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_SARIF,
};

struct report_sarif_run;

enum report_color {
	REPORT_COLOR_AUTO,
	REPORT_COLOR_ALWAYS,
	REPORT_COLOR_NEVER,
};

/* Colour only on a terminal, never with NO_COLOR set or TERM=dumb. */
bool report_use_color(enum report_color mode, FILE *f);
void report_text(struct strbuf *out, const struct diag_sink *sink,
	bool color);
/* {"diagnostics": [...], "summary": {"errors", "warnings", "infos"}} */
void report_json(struct strbuf *out, const struct diag_sink *sink);
/*
 * The summary line of a text report: "COMMAND: 1 error, 2 warnings,
 * 0 infos" and, when what is not NULL, "; N WHAT" (e.g. "objects
 * written").
 */
void report_summary(struct strbuf *out, const struct diag_sink *sink,
	const char *command, long count, const char *what);

/* A whole report: sorted, in its format, the text ending in a summary. */
struct report_opts {
	enum report_format format;
	bool color;
	const char *command;		/* NULL: no summary line */
	long count;			/* -1: no count in the summary */
	const char *what;		/* what count counts */
	const struct report_sarif_run *sarif;	/* SARIF: rules, objects */
	bool with_lint_rules;		/* SARIF without run: lint's too */
	bool quiet_when_clean;		/* no summary without diagnostics */
};
void report_render(struct strbuf *out, struct diag_sink *sink,
	const struct report_opts *o);

/* Sorts and writes sink to f in the format. */
void report_write(FILE *f, struct diag_sink *sink, enum report_format fmt,
	enum report_color color);

#endif
