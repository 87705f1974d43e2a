#include "compat.h"
#include "audit.h"

#include <string.h>

/*
 * The report as Markdown (GitHub's), for a pull request comment: the
 * ranking first, then what each target lacks, then the inventory, the
 * annotations and the Ingresses that do not convert exactly in folded
 * sections. A comment has a size limit: lists stop at ROWS_MAX rows.
 */

enum { ROWS_MAX = 100 };

/* Text in a table cell: nothing Markdown would read as markup. */
static void
md(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#~", *s))
			strbuf_addc(out, '\\');
		if (*s == '\n')
			strbuf_addc(out, ' ');
		else
			strbuf_addc(out, *s);
	}
}

static void
code(struct strbuf *out, const char *s)
{
	strbuf_addc(out, '`');
	for (; s && *s; s++)
		if (*s != '`' && *s != '|' && *s != '\n')
			strbuf_addc(out, *s);
	strbuf_addc(out, '`');
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
summary(struct strbuf *out, const struct audit_report *r)
{
	size_t n[AUDIT_NSTATUS] = { 0 };

	for (size_t i = 0; i < r->ningresses; i++)
		n[r->ingresses[i].status]++;
	strbuf_addf(out, "## ing2gw audit\n\n**%zu %s** in %zu %s, %zu %s. "
		"As standard Gateway API: **%zu exact**, **%zu with "
		"changes**, **%zu blocked**.\n", r->ningresses,
		plural(r->ningresses, "Ingress", "Ingresses"),
		r->inv.nnamespaces, plural(r->inv.nnamespaces, "namespace",
		"namespaces"), r->inv.nclasses, plural(r->inv.nclasses,
		"class", "classes"), n[AUDIT_EXACT], n[AUDIT_CHANGES],
		n[AUDIT_BLOCKED]);
	if (r->other_errors || r->other_warnings)
		strbuf_addf(out, "Outside any Ingress: %zu %s, %zu %s.\n",
			r->other_errors, plural(r->other_errors, "error",
			"errors"), r->other_warnings, plural(r->other_warnings,
			"warning", "warnings"));
}

static void
target_row(struct strbuf *out, const struct audit_target *at)
{
	if (at->rank)
		strbuf_addf(out, "| %zu | ", at->rank);
	else
		strbuf_adds(out, "| – | ");
	code(out, at->t->name);
	strbuf_adds(out, " ");
	md(out, at->t->generic ? "(baseline)" : at->label);
	strbuf_addf(out, " | %zu | %zu | %zu | ", at->counts[AUDIT_EXACT],
		at->counts[AUDIT_CHANGES], at->counts[AUDIT_BLOCKED]);
	if (at->t->generic)
		strbuf_adds(out, "– | – | ");
	else
		strbuf_addf(out, "%zu | %zu | ", at->lacking, at->unproven);
	if (at->ndefaults_differ)
		strbuf_addf(out, "%zu differ%s", at->ndefaults_differ,
			at->ndefaults_unknown ? ", " : "");
	if (at->ndefaults_unknown)
		strbuf_addf(out, "%zu unknown", at->ndefaults_unknown);
	if (!at->ndefaults_differ && !at->ndefaults_unknown)
		strbuf_adds(out, "0 differ");
	strbuf_adds(out, " |\n");
}

static void
targets(struct strbuf *out, const struct audit_report *r)
{
	strbuf_adds(out, "\n### Targets\n\n");
	if (!r->ntargets)
		return;
	strbuf_adds(out, "| rank | target | exact | changes | blocked | "
		"unsupported | unproven | data-plane defaults |\n"
		"|---:|---|---:|---:|---:|---:|---:|---|\n");
	for (size_t k = 0; k < r->nranked; k++)
		target_row(out, &r->targets[r->ranking[k]]);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].t->generic)
			target_row(out, &r->targets[i]);
	strbuf_adds(out, "\nRanked by ");
	md(out, audit_ranking_rule);
	strbuf_adds(out, ".\n");
}

static void
lacks(struct strbuf *out, const struct audit_report *r)
{
	size_t nothing = 0;

	strbuf_adds(out, "\n### What each target lacks\n");
	for (size_t k = 0; k < r->nranked; k++) {
		const struct audit_target *at = &r->targets[r->ranking[k]];

		if (!at->nfeatures && !at->nblocking_rules) {
			nothing++;
			continue;
		}
		strbuf_adds(out, "\n**");
		md(out, at->t->name);
		strbuf_adds(out, "** (");
		md(out, at->label);
		strbuf_adds(out, ")\n");
		if (at->nblocking_rules) {
			strbuf_adds(out, "\nBlocked by errors of the "
				"conversion:");
			for (size_t i = 0; i < at->nblocking_rules; i++) {
				strbuf_adds(out, i ? ", " : " ");
				code(out, at->blocking_rules[i].name);
				strbuf_addf(out, " (%zu %s)",
					at->blocking_rules[i].n,
					plural(at->blocking_rules[i].n,
					"Ingress", "Ingresses"));
			}
			strbuf_adds(out, ".\n");
		}
		if (!at->nfeatures)
			continue;
		strbuf_adds(out, "\n| feature | support | effect | "
			"Ingresses | instead |\n|---|---|---|---:|---|\n");
		for (size_t i = 0; i < at->nfeatures; i++) {
			const struct audit_feature *f = &at->features[i];

			strbuf_adds(out, "| ");
			code(out, f->info->feature);
			strbuf_addf(out, " | %s | %s | %zu | ",
				audit_support_name(f),
				audit_effect_name(f->effect), f->ingresses);
			md(out, f->instead ? f->instead : "–");
			strbuf_adds(out, " |\n");
		}
	}
	if (nothing) {
		strbuf_adds(out, "\nNothing the Ingresses need is missing on:");
		for (size_t k = 0, shown = 0; k < r->nranked; k++) {
			const struct audit_target *at =
				&r->targets[r->ranking[k]];

			if (at->nfeatures || at->nblocking_rules)
				continue;
			strbuf_adds(out, shown++ ? ", " : " ");
			code(out, at->t->name);
		}
		strbuf_adds(out, ".\n");
	}
}

static void
inventory(struct strbuf *out, const struct audit_report *r)
{
	const struct audit_inventory *inv = &r->inv;

	strbuf_adds(out, "\n<details><summary>Inventory</summary>\n\n"
		"| | |\n|---|---|\n");
	strbuf_addf(out, "| Ingresses | %zu |\n| namespaces | %zu |\n",
		inv->ingresses, inv->nnamespaces);
	for (size_t i = 0; i < inv->nclasses; i++) {
		const struct audit_class *c = &inv->classes[i];

		strbuf_adds(out, "| class ");
		if (c->name)
			code(out, c->name);
		else
			strbuf_adds(out, "(none)");
		strbuf_adds(out, " | ");
		if (c->controller)
			code(out, c->controller);
		else
			strbuf_adds(out, c->name ? "no IngressClass in the "
				"input" : "no controller named");
		strbuf_addf(out, "%s, %zu %s", c->is_default ? " (default)" :
			"", c->ingresses, plural(c->ingresses, "Ingress",
			"Ingresses"));
		if (c->provider)
			strbuf_addf(out, ", converted as %s", c->provider);
		strbuf_adds(out, " |\n");
	}
	strbuf_addf(out, "| hosts | %zu (%zu wildcard), %zu %s without a "
		"host |\n", inv->hosts, inv->wildcard_hosts,
		inv->rules_without_host, plural(inv->rules_without_host,
		"rule", "rules"));
	strbuf_adds(out, "| paths |");
	for (size_t t = 0; t < AUDIT_NPATH_TYPES; t++)
		strbuf_addf(out, "%s %s %zu", t ? "," : "",
			ing_path_type_name((enum ing_path_type)t),
			inv->paths[t]);
	strbuf_addf(out, " |\n| TLS hosts | %zu in %zu tls %s |\n"
		"| default backends | %zu |\n\n</details>\n", inv->tls_hosts,
		inv->tls_sections, plural(inv->tls_sections, "section",
		"sections"), inv->default_backends);
}

static void
annotations(struct strbuf *out, const struct audit_report *r)
{
	size_t n = r->nannotations < ROWS_MAX ? r->nannotations : ROWS_MAX;

	strbuf_addf(out, "\n<details><summary>Annotations (%zu %s)</summary>"
		"\n\n", r->nannotations, plural(r->nannotations, "key",
		"keys"));
	if (n)
		strbuf_adds(out, "| key | Ingresses | provider | class |\n"
			"|---|---:|---|---|\n");
	else
		strbuf_adds(out, "None.\n");
	for (size_t i = 0; i < n; i++) {
		const struct audit_annotation *a = &r->annotations[i];

		strbuf_adds(out, "| ");
		code(out, a->key);
		strbuf_addf(out, " | %zu | %s | %s |\n", a->ingresses,
			a->provider ? a->provider : "–", a->cls ? a->cls : "–");
	}
	if (r->nannotations > n)
		strbuf_addf(out, "\n… and %zu more keys.\n",
			r->nannotations - n);
	strbuf_adds(out, "\n</details>\n");
}

static void
ingresses(struct strbuf *out, const struct audit_report *r)
{
	size_t n = 0, shown = 0;
	char name[600];

	for (size_t i = 0; i < r->ningresses; i++)
		n += r->ingresses[i].status != AUDIT_EXACT;
	strbuf_addf(out, "\n<details><summary>Ingresses that do not convert "
		"exactly as standard Gateway API (%zu)</summary>\n\n", n);
	if (n)
		strbuf_adds(out, "| status | Ingress | source | errors | "
			"warnings | rules |\n|---|---|---|---:|---:|---|\n");
	else
		strbuf_adds(out, "None.\n");
	/* blocked first */
	for (int s = AUDIT_BLOCKED; s > AUDIT_EXACT; s--)
		for (size_t i = 0; i < r->ningresses && shown < ROWS_MAX;
		     i++) {
			const struct audit_ingress *ai = &r->ingresses[i];

			if ((int)ai->status != s)
				continue;
			shown++;
			strbuf_addf(out, "| %s | ", audit_status_name(
				ai->status));
			code(out, audit_ingress_name(r, i, name,
				sizeof(name)));
			strbuf_adds(out, " | ");
			md(out, ai->pos.file ? ai->pos.file : "–");
			if (ai->pos.file)
				strbuf_addf(out, ":%u", (unsigned)ai->pos.line);
			strbuf_addf(out, " | %zu | %zu | ", ai->errors,
				ai->warnings);
			for (size_t k = 0; k < ai->nrules; k++) {
				strbuf_adds(out, k ? ", " : "");
				code(out, ai->rules[k]);
			}
			strbuf_adds(out, " |\n");
		}
	if (n > shown)
		strbuf_addf(out, "\n… and %zu more.\n", n - shown);
	strbuf_adds(out, "\n</details>\n");
}

void
audit_render_markdown(struct strbuf *out, const struct audit_report *r)
{
	summary(out, r);
	targets(out, r);
	lacks(out, r);
	inventory(out, r);
	annotations(out, r);
	ingresses(out, r);
}
