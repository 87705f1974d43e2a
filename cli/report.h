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
};

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
/* Sorts and writes sink to f in the format. */
void report_write(FILE *f, struct diag_sink *sink, enum report_format fmt,
	enum report_color color);

#endif
