#include "compat.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "report_sarif.h"
#include "sarif_rules.h"

bool
report_use_color(enum report_color mode, FILE *f)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (no && *no)
		return false;
	if (mode == REPORT_COLOR_NEVER)
		return false;
	if (mode == REPORT_COLOR_ALWAYS)
		return true;
	return isatty(fileno(f)) && !(term && !strcmp(term, "dumb"));
}

/* sep, then v in decimal (what ":%u" prints) */
static void
add_uint(struct strbuf *out, char sep, unsigned v)
{
	char buf[16];
	size_t i = sizeof(buf);

	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	buf[--i] = sep;
	strbuf_add(out, buf + i, sizeof(buf) - i);
}

static void
add_pos(struct strbuf *out, struct src_pos p)
{
	if (!p.file) {
		strbuf_adds(out, "ing2gw");
		return;
	}
	strbuf_adds(out, p.file);
	if (p.line) {
		add_uint(out, ':', p.line);
		add_uint(out, ':', p.col ? p.col : 1);
	}
}

static const char *
sev_color(enum diag_severity s)
{
	switch (s) {
	case DIAG_ERROR: return "\033[1;31m";
	case DIAG_WARNING: return "\033[1;35m";
	case DIAG_INFO: return "\033[1;36m";
	}
	return "";
}

/* Flushes out to f (when not NULL) past this many bytes. */
enum { REPORT_FLUSH = 64 * 1024 };

static void
note_line(struct strbuf *out, struct src_pos pos, const char *msg, size_t n,
	bool color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";

	strbuf_adds(out, bold);
	add_pos(out, pos);
	strbuf_addc(out, ':');
	strbuf_adds(out, reset);
	strbuf_addc(out, ' ');
	strbuf_adds(out, color ? "\033[1;36m" : "");
	strbuf_add(out, "note:", 5);
	strbuf_adds(out, reset);
	strbuf_addc(out, ' ');
	strbuf_add(out, msg, n);
	strbuf_addc(out, '\n');
}

static void
text_lines(struct strbuf *out, const struct diag_sink *sink, bool color,
	FILE *f)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	struct strbuf tail = STRBUF_INIT;
	size_t start, head, rest;
	bool ellipsis;

	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];

		if (f && out->len >= REPORT_FLUSH) {
			fwrite(out->buf, 1, out->len, f);
			strbuf_reset(out);
		}

		/* "POS: SEVERITY: MSG [RULE]", appended piece by piece */
		strbuf_adds(out, bold);
		add_pos(out, d->pos);
		strbuf_addc(out, ':');
		strbuf_adds(out, reset);
		strbuf_addc(out, ' ');
		strbuf_adds(out, color ? sev_color(d->severity) : "");
		strbuf_adds(out, diag_severity_name(d->severity));
		strbuf_addc(out, ':');
		strbuf_adds(out, reset);
		strbuf_addc(out, ' ');
		start = out->len;
		diag_add_message(out, d);
		head = diag_headline(out->buf + start, out->len - start,
			&rest, &ellipsis);
		strbuf_reset(&tail);
		if (ellipsis)
			strbuf_adds(&tail, "\xe2\x80\xa6");	/* "…" */
		if (rest < out->len - start)
			strbuf_add(&tail, out->buf + start + rest,
				out->len - start - rest);
		out->len = start + head;
		out->buf[out->len] = '\0';
		if (ellipsis)
			strbuf_adds(out, "\xe2\x80\xa6");
		if (d->rule) {
			strbuf_add(out, " [", 2);
			strbuf_adds(out, d->rule);
			strbuf_addc(out, ']');
		}
		strbuf_addc(out, '\n');
		/* the rest of a long message: the why and what to do */
		if (tail.len)
			note_line(out, d->pos, tail.buf, tail.len, color);
		for (size_t j = 0; j < d->nnotes; j++) {
			strbuf_reset(&tail);
			diag_add_note_message(&tail, &d->notes[j]);
			note_line(out, d->notes[j].pos, tail.buf ? tail.buf :
				"", tail.len, color);
		}
	}
	strbuf_release(&tail);
}

void
report_text(struct strbuf *out, const struct diag_sink *sink, bool color)
{
	text_lines(out, sink, color, NULL);
}

static json_t *
pos_json(json_t *o, struct src_pos p)
{
	json_object_set_new(o, "file", p.file ? json_string(p.file) :
		json_null());
	json_object_set_new(o, "line", json_integer(p.line));
	json_object_set_new(o, "column", json_integer(p.col));
	return o;
}

void
report_json(struct strbuf *out, const struct diag_sink *sink)
{
	json_t *root = json_object(), *list = json_array(), *sum;
	struct strbuf msg = STRBUF_INIT;
	char *text;

	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];
		json_t *o = pos_json(json_object(), d->pos), *notes;

		json_object_set_new(o, "severity",
			json_string(diag_severity_name(d->severity)));
		json_object_set_new(o, "rule", d->rule ? json_string(d->rule) :
			json_null());
		json_object_set_new(o, "message",
			json_string(diag_message(d, &msg)));
		notes = json_array();
		for (size_t j = 0; j < d->nnotes; j++) {
			json_t *n = pos_json(json_object(), d->notes[j].pos);

			json_object_set_new(n, "message",
				json_string(diag_note_message(&d->notes[j],
				&msg)));
			json_array_append_new(notes, n);
		}
		json_object_set_new(o, "notes", notes);
		json_array_append_new(list, o);
	}
	strbuf_release(&msg);
	json_object_set_new(root, "diagnostics", list);
	sum = json_object();
	json_object_set_new(sum, "errors", json_integer((json_int_t)
		diag_count_at_least(sink, DIAG_ERROR)));
	json_object_set_new(sum, "warnings", json_integer((json_int_t)
		(diag_count_at_least(sink, DIAG_WARNING) -
		 diag_count_at_least(sink, DIAG_ERROR))));
	json_object_set_new(sum, "infos", json_integer((json_int_t)
		(sink->len - diag_count_at_least(sink, DIAG_WARNING))));
	json_object_set_new(root, "summary", sum);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_adds(out, text ? text : "{}");
	strbuf_addc(out, '\n');
	free(text);
	json_decref(root);
}

static size_t
count_exactly(const struct diag_sink *sink, enum diag_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < sink->len; i++)
		n += sink->items[i].severity == sev;
	return n;
}

void
report_summary(struct strbuf *out, const struct diag_sink *sink,
	const char *command, long count, const char *what)
{
	size_t e = count_exactly(sink, DIAG_ERROR);
	size_t w = count_exactly(sink, DIAG_WARNING);
	size_t i = count_exactly(sink, DIAG_INFO);

	strbuf_addf(out, "%s: %zu error%s, %zu warning%s, %zu info%s", command,
		e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", i,
		i == 1 ? "" : "s");
	if (what && count >= 0)
		strbuf_addf(out, "; %ld %s", count, what);
	strbuf_addc(out, '\n');
}

void
report_render(struct strbuf *out, struct diag_sink *sink,
	const struct report_opts *o)
{
	diag_sort(sink);
	if (o->format == REPORT_JSON) {
		report_json(out, sink);
	} else if (o->format == REPORT_SARIF) {
		struct report_sarif_run run = { 0 };
		struct report_sarif_rule *rules = NULL;
		size_t n = 0;

		if (o->sarif)
			run = *o->sarif;
		else
			run.success = !sink->input_errors;
		if (!run.rules) {
			rules = cli_sarif_rules(sink, o->with_lint_rules, &n);
			run.rules = rules;
			run.nrules = n;
		}
		report_sarif(out, sink, &run);
		cli_sarif_rules_free(rules, n);
	} else {
		report_text(out, sink, o->color);
		if (o->command && (sink->len || !o->quiet_when_clean))
			report_summary(out, sink, o->command, o->count,
				o->what);
	}
}

void
report_write(FILE *f, struct diag_sink *sink, enum report_format fmt,
	enum report_color color)
{
	struct strbuf sb = STRBUF_INIT;

	diag_sort(sink);
	if (fmt == REPORT_JSON)
		report_json(&sb, sink);
	else	/* in pieces: the text of 100k findings is large */
		text_lines(&sb, sink, report_use_color(color, f), f);
	if (sb.len)
		fwrite(sb.buf, 1, sb.len, f);
	fflush(f);
	strbuf_release(&sb);
}
