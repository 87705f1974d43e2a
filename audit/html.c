#include "compat.h"
#include "audit.h"

#include <string.h>

/*
 * The report as one self-contained HTML page: its style inline, its
 * charts inline SVG, no script, no image, font or style sheet from
 * anywhere (tests/audit_html_offline.sh checks it). Each target gets a
 * bar chart of its Ingresses exact, with changes and blocked.
 */

static const char *const colour[AUDIT_NSTATUS] = {
	[AUDIT_EXACT] = "#2e7d32",
	[AUDIT_CHANGES] = "#f9a825",
	[AUDIT_BLOCKED] = "#c62828",
};

static const char *const label[AUDIT_NSTATUS] = {
	[AUDIT_EXACT] = "exact",
	[AUDIT_CHANGES] = "with changes",
	[AUDIT_BLOCKED] = "blocked",
};

static void
esc(struct strbuf *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': strbuf_adds(out, "&amp;"); break;
		case '<': strbuf_adds(out, "&lt;"); break;
		case '>': strbuf_adds(out, "&gt;"); break;
		case '"': strbuf_adds(out, "&quot;"); break;
		case '\'': strbuf_adds(out, "&#39;"); break;
		default: strbuf_addc(out, *s);
		}
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;"
	"max-width:72em;padding:0 1em;color:#1b1b1b}\n"
	"h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f3f3f3}td.n{text-align:right}\n"
	"code{font-size:.92em}\n"
	".exact{color:#2e7d32}.changes{color:#8d6e00}.blocked{color:#c62828}\n"
	".target{margin:1.5em 0}svg text{font:12px system-ui,sans-serif}\n";

/* Three bars, exact, with changes and blocked, scaled to the total. */
static void
chart(struct strbuf *out, const struct audit_target *at, size_t total)
{
	const unsigned w = 360, h = 140, base = 110, top = 20, bar = 80;

	/* inline SVG in HTML needs no namespace: no URL in the page */
	strbuf_addf(out, "<svg width=\"%u\" height=\"%u\" viewBox=\"0 0 %u "
		"%u\" role=\"img\" aria-label=\"", w, h, w, h);
	esc(out, at->t->name);
	strbuf_addf(out, ": %zu exact, %zu with changes, %zu blocked\">\n",
		at->counts[AUDIT_EXACT], at->counts[AUDIT_CHANGES],
		at->counts[AUDIT_BLOCKED]);
	strbuf_addf(out, "<line x1=\"10\" y1=\"%u\" x2=\"%u\" y2=\"%u\" "
		"stroke=\"#999\"/>\n", base, w - 10, base);
	for (size_t s = 0; s < AUDIT_NSTATUS; s++) {
		size_t n = at->counts[s];
		unsigned x = 30 + (unsigned)s * (bar + 30);
		unsigned bh = total ? (unsigned)((double)(base - top) *
			(double)n / (double)total + 0.5) : 0;

		strbuf_addf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" "
			"height=\"%u\" fill=\"%s\"><title>%zu %s</title>"
			"</rect>\n", x, base - bh, bar, bh, colour[s], n,
			label[s]);
		strbuf_addf(out, "<text x=\"%u\" y=\"%u\" "
			"text-anchor=\"middle\">%zu</text>\n", x + bar / 2,
			base - bh - 4, n);
		strbuf_addf(out, "<text x=\"%u\" y=\"%u\" "
			"text-anchor=\"middle\">%s</text>\n", x + bar / 2,
			base + 18, label[s]);
	}
	strbuf_adds(out, "</svg>\n");
}

static void
summary(struct strbuf *out, const struct audit_report *r)
{
	size_t n[AUDIT_NSTATUS] = { 0 };

	for (size_t i = 0; i < r->ningresses; i++)
		n[r->ingresses[i].status]++;
	strbuf_addf(out, "<p><strong>%zu %s</strong> in %zu %s, %zu %s. As "
		"standard Gateway API: <span class=\"exact\">%zu exact</span>, "
		"<span class=\"changes\">%zu with changes</span>, <span "
		"class=\"blocked\">%zu blocked</span>.", r->ningresses,
		plural(r->ningresses, "Ingress", "Ingresses"),
		r->inv.nnamespaces, plural(r->inv.nnamespaces, "namespace",
		"namespaces"), r->inv.nclasses, plural(r->inv.nclasses,
		"class", "classes"), n[AUDIT_EXACT], n[AUDIT_CHANGES],
		n[AUDIT_BLOCKED]);
	if (r->other_errors || r->other_warnings)
		strbuf_addf(out, " Outside any Ingress: %zu %s, %zu %s.",
			r->other_errors, plural(r->other_errors, "error",
			"errors"), r->other_warnings, plural(r->other_warnings,
			"warning", "warnings"));
	strbuf_adds(out, "</p>\n");
}

static void
ranking_row(struct strbuf *out, const struct audit_target *at)
{
	strbuf_adds(out, "<tr><td class=\"n\">");
	if (at->rank)
		strbuf_addf(out, "%zu", at->rank);
	else
		strbuf_adds(out, "–");
	strbuf_adds(out, "</td><td><a href=\"#t-");
	esc(out, at->t->name);
	strbuf_adds(out, "\"><code>");
	esc(out, at->t->name);
	strbuf_adds(out, "</code></a> ");
	esc(out, at->t->generic ? "(baseline)" : at->label);
	strbuf_addf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu"
		"</td><td class=\"n\">%zu</td>", at->counts[AUDIT_EXACT],
		at->counts[AUDIT_CHANGES], at->counts[AUDIT_BLOCKED]);
	if (at->t->generic)
		strbuf_adds(out, "<td class=\"n\">–</td>"
			"<td class=\"n\">–</td>");
	else
		strbuf_addf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu"
			"</td>", at->lacking, at->unproven);
	strbuf_addf(out, "<td>%zu differ, %zu unknown</td></tr>\n",
		at->ndefaults_differ, at->ndefaults_unknown);
}

static void
ranking(struct strbuf *out, const struct audit_report *r)
{
	strbuf_adds(out, "<h2 id=\"targets\">Targets</h2>\n<p>Ranked by ");
	esc(out, audit_ranking_rule);
	strbuf_adds(out, ".</p>\n<table>\n<tr><th>rank</th><th>target</th>"
		"<th>exact</th><th>changes</th><th>blocked</th>"
		"<th>unsupported</th><th>unproven</th><th>data-plane "
		"defaults</th></tr>\n");
	for (size_t k = 0; k < r->nranked; k++)
		ranking_row(out, &r->targets[r->ranking[k]]);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].t->generic)
			ranking_row(out, &r->targets[i]);
	strbuf_adds(out, "</table>\n");
}

static void
names(struct strbuf *out, const char *what, const char *const *v, size_t n)
{
	if (!n)
		return;
	strbuf_addf(out, "<p>%s: ", what);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(out, i ? ", " : "");
		esc(out, v[i]);
	}
	strbuf_adds(out, ".</p>\n");
}

static void
target(struct strbuf *out, const struct audit_report *r,
	const struct audit_target *at)
{
	strbuf_adds(out, "<section class=\"target\" id=\"t-");
	esc(out, at->t->name);
	strbuf_adds(out, "\">\n<h3><code>");
	esc(out, at->t->name);
	strbuf_adds(out, "</code> ");
	esc(out, at->label);
	if (at->rank)
		strbuf_addf(out, " — rank %zu", at->rank);
	strbuf_adds(out, "</h3>\n");
	chart(out, at, r->ningresses);
	if (at->nfeatures) {
		strbuf_adds(out, "<table>\n<tr><th>feature</th><th>construct"
			"</th><th>support</th><th>effect</th><th>Ingresses</th>"
			"<th>uses</th><th>instead</th></tr>\n");
		for (size_t i = 0; i < at->nfeatures; i++) {
			const struct audit_feature *f = &at->features[i];
			const char *effect = audit_effect_name(f->effect);

			strbuf_adds(out, "<tr><td><code>");
			esc(out, f->info->feature);
			strbuf_adds(out, "</code></td><td>");
			esc(out, f->info->what);
			strbuf_addf(out, "</td><td>%s</td><td class=\"%s\">%s"
				"</td><td class=\"n\">%zu</td><td class=\"n\">"
				"%zu</td><td>", audit_support_name(f),
				f->effect == DIAG_ERROR ? "blocked" :
				f->effect == DIAG_WARNING ? "changes" : "",
				effect, f->ingresses, f->uses);
			esc(out, f->instead ? f->instead : "–");
			strbuf_adds(out, "</td></tr>\n");
		}
		strbuf_adds(out, "</table>\n");
	} else {
		strbuf_adds(out, "<p>Nothing the Ingresses need is missing."
			"</p>\n");
	}
	if (at->nblocking_rules) {
		strbuf_adds(out, "<p>Blocked by errors of the conversion:");
		for (size_t i = 0; i < at->nblocking_rules; i++) {
			strbuf_adds(out, i ? ", <code>" : " <code>");
			esc(out, at->blocking_rules[i].name);
			strbuf_addf(out, "</code> (%zu %s)",
				at->blocking_rules[i].n,
				plural(at->blocking_rules[i].n, "Ingress",
				"Ingresses"));
		}
		strbuf_adds(out, ".</p>\n");
	}
	for (size_t i = 0; i < at->nobjects; i++) {
		strbuf_addf(out, "<p>Writes %zu ", at->objects[i].n);
		esc(out, at->objects[i].name);
		strbuf_adds(out, " of its own.</p>\n");
	}
	names(out, "Data-plane defaults that differ", at->defaults_differ,
		at->ndefaults_differ);
	names(out, "Data-plane defaults not known", at->defaults_unknown,
		at->ndefaults_unknown);
	strbuf_adds(out, "</section>\n");
}

static void
inventory(struct strbuf *out, const struct audit_report *r)
{
	const struct audit_inventory *inv = &r->inv;

	strbuf_addf(out, "<h2 id=\"inventory\">Inventory</h2>\n<table>\n"
		"<tr><th>Ingresses</th><td class=\"n\">%zu</td></tr>\n"
		"<tr><th>namespaces</th><td class=\"n\">%zu</td></tr>\n"
		"<tr><th>hosts</th><td class=\"n\">%zu</td></tr>\n"
		"<tr><th>wildcard hosts</th><td class=\"n\">%zu</td></tr>\n"
		"<tr><th>rules without a host</th><td class=\"n\">%zu</td>"
		"</tr>\n", inv->ingresses, inv->nnamespaces, inv->hosts,
		inv->wildcard_hosts, inv->rules_without_host);
	for (size_t t = 0; t < AUDIT_NPATH_TYPES; t++)
		strbuf_addf(out, "<tr><th>%s paths</th><td class=\"n\">%zu"
			"</td></tr>\n", ing_path_type_name(
			(enum ing_path_type)t), inv->paths[t]);
	strbuf_addf(out, "<tr><th>TLS hosts</th><td class=\"n\">%zu</td>"
		"</tr>\n<tr><th>tls sections</th><td class=\"n\">%zu</td>"
		"</tr>\n<tr><th>default backends</th><td class=\"n\">%zu</td>"
		"</tr>\n</table>\n", inv->tls_hosts, inv->tls_sections,
		inv->default_backends);
	strbuf_adds(out, "<table>\n<tr><th>class</th><th>controller</th>"
		"<th>converted as</th><th>Ingresses</th></tr>\n");
	for (size_t i = 0; i < inv->nclasses; i++) {
		const struct audit_class *c = &inv->classes[i];

		strbuf_adds(out, "<tr><td>");
		if (c->name) {
			strbuf_adds(out, "<code>");
			esc(out, c->name);
			strbuf_adds(out, "</code>");
		} else {
			strbuf_adds(out, "(none)");
		}
		strbuf_adds(out, c->is_default ? " (default)" : "");
		strbuf_adds(out, "</td><td>");
		esc(out, c->controller ? c->controller : c->name ?
			"no IngressClass in the input" : "–");
		strbuf_adds(out, "</td><td>");
		esc(out, c->provider ? c->provider : "–");
		strbuf_addf(out, "</td><td class=\"n\">%zu</td></tr>\n",
			c->ingresses);
	}
	strbuf_adds(out, "</table>\n<table>\n<tr><th>namespace</th>"
		"<th>Ingresses</th></tr>\n");
	for (size_t i = 0; i < inv->nnamespaces; i++) {
		strbuf_adds(out, "<tr><td><code>");
		esc(out, inv->namespaces[i].name);
		strbuf_addf(out, "</code></td><td class=\"n\">%zu</td></tr>\n",
			inv->namespaces[i].n);
	}
	strbuf_adds(out, "</table>\n");
}

static void
annotations(struct strbuf *out, const struct audit_report *r)
{
	strbuf_addf(out, "<h2 id=\"annotations\">Annotations</h2>\n<p>%zu "
		"%s.</p>\n", r->nannotations, plural(r->nannotations, "key",
		"keys"));
	if (!r->nannotations)
		return;
	strbuf_adds(out, "<table>\n<tr><th>key</th><th>Ingresses</th>"
		"<th>provider</th><th>class</th></tr>\n");
	for (size_t i = 0; i < r->nannotations; i++) {
		const struct audit_annotation *a = &r->annotations[i];

		strbuf_adds(out, "<tr><td><code>");
		esc(out, a->key);
		strbuf_addf(out, "</code></td><td class=\"n\">%zu</td><td>",
			a->ingresses);
		esc(out, a->provider ? a->provider : "–");
		strbuf_adds(out, "</td><td>");
		esc(out, a->cls ? a->cls : "–");
		strbuf_adds(out, "</td></tr>\n");
	}
	strbuf_adds(out, "</table>\n");
}

static void
ingresses(struct strbuf *out, const struct audit_report *r)
{
	char name[600];

	strbuf_adds(out, "<h2 id=\"ingresses\">Ingresses</h2>\n<p>Status as "
		"standard Gateway API, and the targets on which the Ingress "
		"is blocked.</p>\n");
	if (!r->ningresses)
		return;
	strbuf_adds(out, "<table>\n<tr><th>status</th><th>Ingress</th>"
		"<th>source</th><th>class</th><th>provider</th><th>errors</th>"
		"<th>warnings</th><th>rules</th><th>blocked on</th></tr>\n");
	for (size_t i = 0; i < r->ningresses; i++) {
		const struct audit_ingress *ai = &r->ingresses[i];
		size_t nb = 0;

		strbuf_addf(out, "<tr><td class=\"%s\">%s</td><td><code>",
			audit_status_name(ai->status),
			audit_status_name(ai->status));
		esc(out, audit_ingress_name(r, i, name, sizeof(name)));
		strbuf_adds(out, "</code></td><td>");
		esc(out, ai->pos.file ? ai->pos.file : "–");
		if (ai->pos.file)
			strbuf_addf(out, ":%u", (unsigned)ai->pos.line);
		strbuf_adds(out, "</td><td>");
		esc(out, ai->ing->class_name ? ai->ing->class_name : "–");
		strbuf_adds(out, "</td><td>");
		esc(out, ai->provider);
		strbuf_addf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">"
			"%zu</td><td>", ai->errors, ai->warnings);
		for (size_t k = 0; k < ai->nrules; k++) {
			strbuf_adds(out, k ? " " : "");
			strbuf_adds(out, "<code>");
			esc(out, ai->rules[k]);
			strbuf_adds(out, "</code>");
		}
		strbuf_adds(out, "</td><td>");
		for (size_t t = 0; t < r->ntargets; t++)
			if (r->targets[t].status[i] == AUDIT_BLOCKED) {
				strbuf_adds(out, nb++ ? ", " : "");
				esc(out, r->targets[t].t->name);
			}
		strbuf_adds(out, "</td></tr>\n");
	}
	strbuf_adds(out, "</table>\n");
}

void
audit_render_html(struct strbuf *out, const struct audit_report *r)
{
	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<title>ing2gw audit</title>\n<style>\n");
	strbuf_adds(out, style);
	strbuf_adds(out, "</style>\n</head>\n<body>\n<h1>ing2gw audit</h1>\n");
	summary(out, r);
	ranking(out, r);
	for (size_t k = 0; k < r->nranked; k++)
		target(out, r, &r->targets[r->ranking[k]]);
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].t->generic)
			target(out, r, &r->targets[i]);
	inventory(out, r);
	annotations(out, r);
	ingresses(out, r);
	strbuf_adds(out, "</body>\n</html>\n");
}
