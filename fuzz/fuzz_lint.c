/*
 * lint/: lint_run on the objects of arbitrary input (with no configuration
 * or an empty one), then the findings rendered as the CLI renders them:
 * text, JSON and SARIF. Both JSON documents must be valid JSON.
 */
#include "compat.h"
#include "fuzz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "lint.h"
#include "report.h"
#include "report_sarif.h"
#include "strbuf.h"

static void
check_json(const char *what, struct strbuf *out)
{
	json_error_t jerr;
	json_t *j = json_loadb(out->buf ? out->buf : "", out->len, 0, &jerr);

	if (!j) {
		fprintf(stderr, "fuzz_lint: the %s written is not JSON: "
			"%d:%d: %s\n%s\n", what, jerr.line, jerr.column,
			jerr.text, out->buf ? out->buf : "");
		abort();
	}
	json_decref(j);
	strbuf_release(out);
}

static void
render(const struct diag_sink *sink, const struct lint_result *res)
{
	struct strbuf out = STRBUF_INIT;
	struct report_sarif_run run = { 0 };

	report_text(&out, sink, true);
	strbuf_release(&out);
	report_json(&out, sink);
	check_json("JSON report", &out);
	run.objects = res->objects;
	run.nobjects = res->len;
	run.success = true;
	report_sarif(&out, sink, &run);
	check_json("SARIF log", &out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct fuzz_input in;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct lint_result res = { 0 };

	fuzz_input_load(&in, data, size, 0, &sink);
	if (sink.input_errors)
		goto out;
	lint_run(&res, in.set, &in.objects, size & 1 ? &cfg : NULL, &sink);
	diag_sort(&sink);
	render(&sink, &res);
	lint_result_release(&res);
out:
	lint_config_release(&cfg);
	fuzz_input_release(&in);
	diag_sink_release(&sink);
	return 0;
}
