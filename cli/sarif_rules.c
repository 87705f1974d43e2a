#include "compat.h"
#include "sarif_rules.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "diag_rules.h"
#include "strbuf.h"

/*
 * A rule of the diagnostic catalogue (input/... errors of lint) as SARIF
 * rule metadata, so that its results are described like lint's.
 */
static void
sarif_diag_rule(struct report_sarif_rule *r, const struct diag_rule *d)
{
	struct strbuf md = STRBUF_INIT, txt = STRBUF_INIT;

	strbuf_addf(&txt, "%s\n\nExample:\n%s\nWhat to do: %s",
		d->explanation, d->example, d->fix);
	strbuf_addf(&md, "%s\n\nExample:\n\n```yaml\n%s```\n\n"
		"What to do: %s\n", d->explanation, d->example, d->fix);
	r->id = d->id;
	r->level = d->severity;
	r->short_desc = d->summary;
	r->full_desc = d->explanation;
	r->help_text = strbuf_detach(&txt, NULL);
	r->help_markdown = strbuf_detach(&md, NULL);
}

/*
 * The catalogue as SARIF rule metadata, then the rules of the sink that
 * are not lint's, in the order of their first result (where the log
 * would add them); free the array and the help.
 */
struct report_sarif_rule *
cli_sarif_rules(const struct diag_sink *sink, bool with_lint, size_t *n_out)
{
	size_t n, k;
	const struct lint_rule *cat = lint_catalogue(&n);

	if (!with_lint)
		n = 0;
	struct report_sarif_rule *r = xcalloc(n + sink->len + 1, sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		struct strbuf md = STRBUF_INIT, txt = STRBUF_INIT;

		strbuf_addf(&txt, "%s\n\nReported:\n%s\nFixed:\n%s",
			cat[i].explanation, cat[i].bad, cat[i].good);
		strbuf_addf(&md, "%s\n\nReference: %s"
			"\n\nReported:\n\n```yaml\n%s```\n\nFixed:\n\n"
			"```yaml\n%s```\n", cat[i].explanation, cat[i].refs,
			cat[i].bad, cat[i].good);
		r[i].id = cat[i].id;
		r[i].level = cat[i].severity;
		r[i].short_desc = cat[i].summary;
		r[i].full_desc = cat[i].explanation;
		r[i].help_text = strbuf_detach(&txt, NULL);
		r[i].help_markdown = strbuf_detach(&md, NULL);
	}
	k = n;
	for (size_t i = 0; i < sink->len; i++) {
		const char *id = sink->items[i].rule;
		const struct diag_rule *d = id ? diag_rule_find(id) : NULL;
		bool have = false;

		for (size_t j = n; d && j < k && !have; j++)
			have = !strcmp(r[j].id, id);
		if (d && !have)
			sarif_diag_rule(&r[k++], d);
	}
	*n_out = k;
	return r;
}

void
cli_sarif_rules_free(struct report_sarif_rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)r[i].help_text);
		free((char *)r[i].help_markdown);
	}
	free(r);
}

