#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

/*
 * The report as text, for a terminal: aligned tables, one section per
 * part of the report. Long lists in the per-target details are cut at
 * LIST_MAX names (the JSON and HTML formats have them all).
 */

enum { LIST_MAX = 10, MAX_COLS = 9 };

/* An aligned table: cells are borrowed or owned by its arena. */
struct table {
	struct arena a;
	size_t ncols;
	const char **cells;		/* rows * ncols */
	size_t nrows;
	bool right[MAX_COLS];		/* numbers */
};

static void
row(struct table *t, const char *const *cells)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols *
		sizeof(*t->cells));
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = cells[c] ? cells[c] : "";
	t->nrows++;
}

static const char *
num(struct table *t, size_t n)
{
	return arena_printf(&t->a, "%zu", n);
}

static void
print_table(struct strbuf *out, struct table *t, const char *indent)
{
	size_t w[MAX_COLS] = { 0 };

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t len = strlen(t->cells[r * t->ncols + c]);

			if (len > w[c])
				w[c] = len;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		size_t last = t->ncols;

		/* no trailing blanks: stop at the last non-empty cell */
		while (last > 1 && !*t->cells[r * t->ncols + last - 1])
			last--;
		strbuf_adds(out, indent);
		for (size_t c = 0; c < last; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t pad = w[c] - strlen(s);

			if (c)
				strbuf_adds(out, "  ");
			if (t->right[c])
				strbuf_addf(out, "%*s", (int)pad, "");
			strbuf_adds(out, s);
			if (!t->right[c] && c + 1 < last)
				strbuf_addf(out, "%*s", (int)pad, "");
		}
		strbuf_addc(out, '\n');
	}
	free(t->cells);
	arena_release(&t->a);
	memset(t, 0, sizeof(*t));
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
inventory(struct strbuf *out, const struct audit_report *r)
{
	const struct audit_inventory *inv = &r->inv;

	strbuf_adds(out, "Inventory\n");
	strbuf_addf(out, "  Ingresses         %zu", inv->ingresses);
	for (size_t i = 0; i < inv->nproviders; i++)
		strbuf_addf(out, "%s%zu %s", i ? ", " : " (",
			inv->providers[i].n, inv->providers[i].name);
	strbuf_adds(out, inv->nproviders ? " converts them)\n" : "\n");
	strbuf_addf(out, "  namespaces        %zu", inv->nnamespaces);
	for (size_t i = 0; i < inv->nnamespaces; i++)
		strbuf_addf(out, "%s%s %zu", i ? ", " : ": ",
			inv->namespaces[i].name, inv->namespaces[i].n);
	strbuf_addc(out, '\n');
	strbuf_addf(out, "  classes           %zu\n", inv->nclasses);
	for (size_t i = 0; i < inv->nclasses; i++) {
		const struct audit_class *c = &inv->classes[i];

		strbuf_addf(out, "    %s: %s%s, %zu %s", c->name ? c->name :
			"(no class)", c->controller ? c->controller : c->name ?
			"no IngressClass in the input" : "no controller named",
			c->is_default ? " (default)" : "", c->ingresses,
			plural(c->ingresses, "Ingress", "Ingresses"));
		if (c->provider)
			strbuf_addf(out, ", converted as %s", c->provider);
		strbuf_addc(out, '\n');
	}
	strbuf_addf(out, "  hosts             %zu (%zu wildcard); %zu %s "
		"without a host\n", inv->hosts, inv->wildcard_hosts,
		inv->rules_without_host, plural(inv->rules_without_host,
		"rule", "rules"));
	strbuf_addf(out, "  paths             %zu:", inv->paths[0] +
		inv->paths[1] + inv->paths[2]);
	for (size_t t = 0; t < AUDIT_NPATH_TYPES; t++)
		strbuf_addf(out, "%s %s %zu", t ? "," : "",
			ing_path_type_name((enum ing_path_type)t),
			inv->paths[t]);
	strbuf_addc(out, '\n');
	strbuf_addf(out, "  TLS hosts         %zu in %zu tls %s\n",
		inv->tls_hosts, inv->tls_sections, plural(inv->tls_sections,
		"section", "sections"));
	strbuf_addf(out, "  default backends  %zu\n", inv->default_backends);
}

static void
annotations(struct strbuf *out, const struct audit_report *r)
{
	struct table t = { .ncols = 4, .right = { false, true } };

	strbuf_addf(out, "\nAnnotations (%zu %s)\n", r->nannotations,
		plural(r->nannotations, "key", "keys"));
	if (!r->nannotations)
		return;
	row(&t, (const char *[]){ "KEY", "INGRESSES", "PROVIDER",
		"CLASS" });
	for (size_t i = 0; i < r->nannotations; i++) {
		const struct audit_annotation *a = &r->annotations[i];

		row(&t, (const char *[]){ a->key, num(&t, a->ingresses),
			a->provider ? a->provider : "-", a->cls ? a->cls :
			"-" });
	}
	print_table(out, &t, "  ");
}

/* "file:line" */
static const char *
source(struct table *t, struct src_pos p)
{
	if (!p.file)
		return "-";
	return arena_printf(&t->a, "%s:%u", p.file, (unsigned)p.line);
}

static void
ingresses(struct strbuf *out, const struct audit_report *r)
{
	struct table t = { .ncols = 8, .right = { false, false, false, false,
		true, true } };
	size_t n[AUDIT_NSTATUS] = { 0 };

	for (size_t i = 0; i < r->ningresses; i++)
		n[r->ingresses[i].status]++;
	strbuf_addf(out, "\nIngresses, as standard Gateway API: %zu exact, "
		"%zu with changes, %zu blocked\n", n[AUDIT_EXACT],
		n[AUDIT_CHANGES], n[AUDIT_BLOCKED]);
	if (!r->ningresses)
		return;
	row(&t, (const char *[]){ "STATUS", "INGRESS", "CLASS", "PROVIDER",
		"ERRORS", "WARNINGS", "SOURCE", "RULES" });
	for (size_t i = 0; i < r->ningresses; i++) {
		const struct audit_ingress *ai = &r->ingresses[i];
		struct strbuf rules = STRBUF_INIT;
		char name[600];

		for (size_t k = 0; k < ai->nrules; k++)
			strbuf_addf(&rules, "%s%s", k ? " " : "",
				ai->rules[k]);
		row(&t, (const char *[]){ audit_status_name(ai->status),
			arena_strdup(&t.a, audit_ingress_name(r, i, name,
			sizeof(name))), ai->ing->class_name ?
			ai->ing->class_name : "-", ai->provider,
			num(&t, ai->errors), num(&t, ai->warnings),
			source(&t, ai->pos),
			rules.buf ? arena_strdup(&t.a, rules.buf) : "" });
		strbuf_release(&rules);
	}
	print_table(out, &t, "  ");
}

/* lead and text, as lines of at most 76 columns after indent. */
static void
wrap(struct strbuf *out, const char *indent, const char *lead,
	const char *text)
{
	struct strbuf all = STRBUF_INIT;
	const char *p;
	size_t col = 0;

	strbuf_adds(&all, lead);
	strbuf_adds(&all, text);
	strbuf_addc(&all, '.');
	for (p = all.buf; *p;) {
		size_t n = strcspn(p, " ");

		if (col && col + 1 + n > 76) {
			strbuf_addc(out, '\n');
			col = 0;
		}
		strbuf_adds(out, col ? " " : indent);
		strbuf_add(out, p, n);
		col += (col ? 1 : 0) + n;
		p += n;
		p += strspn(p, " ");
	}
	strbuf_addc(out, '\n');
	strbuf_release(&all);
}

static const char *
defaults_cell(struct table *t, const struct audit_target *at)
{
	if (at->ndefaults_differ && at->ndefaults_unknown)
		return arena_printf(&t->a, "%zu differ, %zu unknown",
			at->ndefaults_differ, at->ndefaults_unknown);
	if (at->ndefaults_unknown)
		return arena_printf(&t->a, "%zu unknown",
			at->ndefaults_unknown);
	return arena_printf(&t->a, "%zu differ", at->ndefaults_differ);
}

static void
targets(struct strbuf *out, const struct audit_report *r)
{
	struct table t = { .ncols = 8, .right = { true, false, true, true,
		true, true, true } };
	const struct audit_target *generic = NULL;

	strbuf_adds(out, "\nTargets\n");
	if (!r->ntargets)
		return;
	row(&t, (const char *[]){ "RANK", "TARGET", "EXACT", "CHANGES",
		"BLOCKED", "UNSUPPORTED", "UNPROVEN", "DEFAULTS" });
	for (size_t k = 0; k < r->nranked; k++) {
		const struct audit_target *at = &r->targets[r->ranking[k]];

		row(&t, (const char *[]){ num(&t, at->rank), at->t->name,
			num(&t, at->counts[AUDIT_EXACT]),
			num(&t, at->counts[AUDIT_CHANGES]),
			num(&t, at->counts[AUDIT_BLOCKED]),
			num(&t, at->lacking), num(&t, at->unproven),
			defaults_cell(&t, at) });
	}
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].t->generic)
			generic = &r->targets[i];
	if (generic)
		row(&t, (const char *[]){ "-", generic->t->name,
			num(&t, generic->counts[AUDIT_EXACT]),
			num(&t, generic->counts[AUDIT_CHANGES]),
			num(&t, generic->counts[AUDIT_BLOCKED]), "-", "-",
			"baseline" });
	print_table(out, &t, "  ");
	wrap(out, "  ", "Ranked by ", audit_ranking_rule);
}

/* Up to LIST_MAX names of the Ingresses with status s for at. */
static void
names(struct strbuf *out, const struct audit_report *r,
	const struct audit_target *at, enum audit_status s)
{
	size_t shown = 0;
	char name[600];

	if (!at->counts[s])
		return;
	strbuf_addf(out, "    %s:", s == AUDIT_BLOCKED ? "blocked" :
		"with changes");
	for (size_t i = 0; i < r->ningresses && shown < LIST_MAX; i++)
		if (at->status[i] == s)
			strbuf_addf(out, "%s %s", shown++ ? "," : "",
				audit_ingress_name(r, i, name, sizeof(name)));
	if (at->counts[s] > shown)
		strbuf_addf(out, ", and %zu more", at->counts[s] - shown);
	strbuf_addc(out, '\n');
}

static void
list(struct strbuf *out, const char *what, const char *const *v, size_t n)
{
	if (!n)
		return;
	strbuf_addf(out, "    %s:", what);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s %s", i ? "," : "", v[i]);
	strbuf_addc(out, '\n');
}

static void
target_details(struct strbuf *out, const struct audit_report *r,
	const struct audit_target *at)
{
	strbuf_addf(out, "\n  %s (%s): %zu exact, %zu with changes, %zu "
		"blocked\n", at->t->name, at->label, at->counts[AUDIT_EXACT],
		at->counts[AUDIT_CHANGES], at->counts[AUDIT_BLOCKED]);
	for (size_t i = 0; i < at->nfeatures; i++) {
		const struct audit_feature *f = &at->features[i];

		strbuf_addf(out, "    %s %s%s: %s, %s (%zu %s, %zu %s)\n",
			audit_effect_name(f->effect), f->info->profile ?
			"profile " : "", f->info->feature, f->info->what,
			audit_support_name(f), f->ingresses,
			plural(f->ingresses, "Ingress", "Ingresses"), f->uses,
			plural(f->uses, "use", "uses"));
		if (f->instead)
			strbuf_addf(out, "      instead: %s\n", f->instead);
	}
	for (size_t i = 0; i < at->nblocking_rules; i++)
		strbuf_addf(out, "    blocks %s (%zu %s)\n",
			at->blocking_rules[i].name, at->blocking_rules[i].n,
			plural(at->blocking_rules[i].n, "Ingress",
			"Ingresses"));
	for (size_t i = 0; i < at->nobjects; i++)
		strbuf_addf(out, "    writes %zu %s\n", at->objects[i].n,
			at->objects[i].name);
	list(out, "defaults that differ", at->defaults_differ,
		at->ndefaults_differ);
	list(out, "defaults not known", at->defaults_unknown,
		at->ndefaults_unknown);
	names(out, r, at, AUDIT_BLOCKED);
	names(out, r, at, AUDIT_CHANGES);
}

void
audit_render_text(struct strbuf *out, const struct audit_report *r)
{
	strbuf_addf(out, "ing2gw audit: %zu %s in %zu %s, %zu %s\n\n",
		r->ningresses, plural(r->ningresses, "Ingress", "Ingresses"),
		r->inv.nnamespaces, plural(r->inv.nnamespaces, "namespace",
		"namespaces"), r->inv.nclasses, plural(r->inv.nclasses,
		"class", "classes"));
	inventory(out, r);
	annotations(out, r);
	ingresses(out, r);
	if (r->other_errors || r->other_warnings)
		strbuf_addf(out, "  and in no Ingress: %zu %s, %zu %s\n",
			r->other_errors, plural(r->other_errors, "error",
			"errors"), r->other_warnings, plural(r->other_warnings,
			"warning", "warnings"));
	targets(out, r);
	for (size_t k = 0; k < r->nranked; k++)
		target_details(out, r, &r->targets[r->ranking[k]]);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].t->generic)
			target_details(out, r, &r->targets[i]);
}
