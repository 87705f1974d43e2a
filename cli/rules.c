#include "compat.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue.h"
#include "diag_rules.h"

/* Text is wrapped to this width in `explain`. */
enum { WRAP = 78 };

const char *
rules_area_name(enum rules_area a)
{
	switch (a) {
	case RULES_INPUT: return "input";
	case RULES_CONVERT: return "convert";
	case RULES_REPLAY: return "replay";
	case RULES_LINT: return "lint";
	case RULES_ALL: return "all";
	}
	return "unknown";
}

unsigned
rules_area_parse(const char *s)
{
	static const enum rules_area all[] = { RULES_INPUT, RULES_CONVERT,
		RULES_REPLAY, RULES_LINT, RULES_ALL };

	for (size_t i = 0; i < ARRAY_LEN(all); i++)
		if (!strcmp(s, rules_area_name(all[i])))
			return all[i];
	return 0;
}

static void
from_diag(struct rules_entry *e, const struct diag_rule *r)
{
	static const enum rules_area areas[] = {
		[DIAG_AREA_INPUT] = RULES_INPUT,
		[DIAG_AREA_CONVERT] = RULES_CONVERT,
		[DIAG_AREA_REPLAY] = RULES_REPLAY,
	};

	memset(e, 0, sizeof(*e));
	e->id = r->id;
	e->area = areas[diag_rule_area(r)];
	e->severity = r->severity;
	e->severity_note = r->severity_note;
	e->summary = r->summary;
	e->explanation = r->explanation;
	e->example = r->example;
	e->fix = r->fix;
}

static void
from_lint(struct rules_entry *e, const struct lint_rule *r)
{
	memset(e, 0, sizeof(*e));
	e->id = r->id;
	e->area = RULES_LINT;
	e->severity = r->severity;
	e->summary = r->summary;
	e->explanation = r->explanation;
	e->example = r->bad;
	e->fixed_example = r->good;
	e->refs = r->refs;
}

struct rules_entry *
rules_collect(unsigned areas, size_t *n_out)
{
	size_t nd, nl, n = 0;
	const struct diag_rule *d = diag_rules(&nd);
	const struct lint_rule *l = lint_catalogue(&nl);
	struct rules_entry *e = xcalloc(nd + nl + 1, sizeof(*e));

	/* input first: it comes before every other area */
	for (size_t i = 0; i < nd; i++)
		if (diag_rule_area(&d[i]) == DIAG_AREA_INPUT &&
		    (areas & RULES_INPUT))
			from_diag(&e[n++], &d[i]);
	for (size_t i = 0; i < nd; i++) {
		struct rules_entry tmp;

		from_diag(&tmp, &d[i]);
		if (tmp.area != RULES_INPUT && (areas & tmp.area))
			e[n++] = tmp;
	}
	for (size_t i = 0; (areas & RULES_LINT) && i < nl; i++)
		from_lint(&e[n++], &l[i]);
	*n_out = n;
	return e;
}

bool
rules_find(const char *id, struct rules_entry *e)
{
	const struct diag_rule *d = diag_rule_find(id);
	const struct lint_rule *l;

	if (d) {
		from_diag(e, d);
		return true;
	}
	if ((l = lint_rule_find(id))) {
		from_lint(e, l);
		return true;
	}
	return false;
}

size_t
rules_suggest(const char *id, const char **out, size_t max)
{
	size_t n, k = 0, best = (size_t)-1;
	struct rules_entry *all = rules_collect(RULES_ALL, &n);
	size_t *dist = xcalloc(n + 1, sizeof(*dist));
	bool bare = !strchr(id, '/');

	for (size_t i = 0; i < n; i++) {
		const char *name = strchr(all[i].id, '/') + 1;

		dist[i] = diag_rule_distance(id, all[i].id);
		/* "wildcard-depth" is as close as its name is */
		if (bare && diag_rule_distance(id, name) < dist[i])
			dist[i] = diag_rule_distance(id, name);
		if (dist[i] < best)
			best = dist[i];
	}
	/* close: a typo or two, not another word */
	if (best <= 2 || best <= strlen(id) / 4)
		for (size_t i = 0; i < n && k < max; i++)
			if (dist[i] == best)
				out[k++] = all[i].id;
	free(dist);
	free(all);
	return k;
}

/* ---- the list ------------------------------------------------------------ */

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
entry_json(const struct rules_entry *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(o, "area", json_string(rules_area_name(e->area)));
	json_object_set_new(o, "severity",
		json_string(diag_severity_name(e->severity)));
	json_object_set_new(o, "severity_note", str_or_null(e->severity_note));
	json_object_set_new(o, "summary", json_string(e->summary));
	json_object_set_new(o, "explanation", json_string(e->explanation));
	json_object_set_new(o, "example", json_string(e->example));
	json_object_set_new(o, "fix", str_or_null(e->fix));
	json_object_set_new(o, "fixed_example", str_or_null(e->fixed_example));
	json_object_set_new(o, "refs", str_or_null(e->refs));
	return o;
}

/* Text for scdoc: its inline markup characters escaped. */
static void
scdoc_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			strbuf_addc(out, '\\');
		strbuf_addc(out, *s);
	}
}

static void
scdoc_entry(struct strbuf *out, const struct rules_entry *e)
{
	strbuf_addf(out, "*%s* (%s", e->id, diag_severity_name(e->severity));
	if (e->severity_note) {
		strbuf_adds(out, "; ");
		scdoc_text(out, e->severity_note);
	}
	strbuf_adds(out, ")\n\t");
	if (e->summary[0] == '-')
		strbuf_addc(out, '\\');	/* not a list entry */
	scdoc_text(out, e->summary);
	strbuf_adds(out, ". ");
	scdoc_text(out, e->explanation);
	if (e->fix) {
		strbuf_adds(out, "\n\n\t_What to do:_ ");
		scdoc_text(out, e->fix);
	}
	strbuf_adds(out, "\n\n");
}

void
rules_render(struct strbuf *out, const struct rules_entry *e, size_t n,
	enum rules_format fmt)
{
	if (fmt == RULES_TEXT) {
		for (size_t i = 0; i < n; i++)
			strbuf_addf(out, "%-36s %-7s %s\n", e[i].id,
				diag_severity_name(e[i].severity),
				e[i].summary);
	} else if (fmt == RULES_SCDOC) {
		for (size_t i = 0; i < n; i++) {
			if (!i || e[i].area != e[i - 1].area)
				strbuf_addf(out, "## %s\n\n",
					rules_area_name(e[i].area));
			scdoc_entry(out, &e[i]);
		}
	} else {
		json_t *root = json_object(), *list = json_array();
		char *dump;

		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, entry_json(&e[i]));
		json_object_set_new(root, "rules", list);
		dump = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		strbuf_adds(out, dump ? dump : "{}");
		strbuf_addc(out, '\n');
		free(dump);
		json_decref(root);
	}
}

/* ---- one rule in full ---------------------------------------------------- */

/* Words of s on lines of at most WRAP columns, each starting with indent. */
static void
wrap(struct strbuf *out, const char *indent, const char *s)
{
	size_t col = 0, ind = strlen(indent);

	while (*s) {
		size_t w = strcspn(s, " ");

		if (col && col + 1 + w > WRAP) {
			strbuf_addc(out, '\n');
			col = 0;
		}
		if (!col) {
			strbuf_adds(out, indent);
			col = ind;
		} else {
			strbuf_addc(out, ' ');
			col++;
		}
		strbuf_add(out, s, w);
		col += w;
		s += w;
		while (*s == ' ')
			s++;
	}
	strbuf_addc(out, '\n');
}

/* Lines of YAML as they are, indented. */
static void
block(struct strbuf *out, const char *indent, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\n");

		strbuf_adds(out, indent);
		strbuf_add(out, s, n);
		strbuf_addc(out, '\n');
		s += n + (s[n] == '\n');
	}
}

void
rules_explain(struct strbuf *out, const struct rules_entry *e)
{
	strbuf_addf(out, "%s (%s, %s)\n", e->id, rules_area_name(e->area),
		diag_severity_name(e->severity));
	wrap(out, "  ", e->summary);
	strbuf_addc(out, '\n');
	wrap(out, "", e->explanation);
	if (e->severity_note) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "Severity: %s; %s.",
			diag_severity_name(e->severity), e->severity_note);
		strbuf_addc(out, '\n');
		wrap(out, "", sb.buf);
		strbuf_release(&sb);
	}
	if (e->refs) {
		struct strbuf sb = STRBUF_INIT;

		/* (as in lint's SARIF help) */
		strbuf_addf(&sb, "Reference: %s", e->refs);
		strbuf_addc(out, '\n');
		wrap(out, "", sb.buf);
		strbuf_release(&sb);
	}
	strbuf_adds(out, e->fixed_example ? "\nReported:\n" : "\nExample:\n");
	block(out, "    ", e->example);
	if (e->fixed_example) {
		strbuf_adds(out, "\nFixed:\n");
		block(out, "    ", e->fixed_example);
	}
	if (e->fix) {
		strbuf_adds(out, "\nWhat to do:\n");
		wrap(out, "  ", e->fix);
	}
}
