#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "convert.h"
#include "convert/lands.h"
#include "exitcode.h"
#include "foreign.h"
#include "options.h"
#include "output.h"
#include "providers/provider.h"
#include "similar.h"

enum {
	OPT_PROVIDER,
	OPT_OUTPUT,
	OPT_TARGET,
	OPT_OLD_FORMAT,
};

static const char *const formats[] = { "text", "json", "scdoc", NULL };

static const struct cli_option annotations_options[] = {
	{ "provider", 'p', CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "the controller whose annotations to list (default ingress-nginx)",
	  NULL, 0 },
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "output format (default text)", formats, 0 },
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "where each annotation lands on this Gateway API implementation: "
	  "a standard field, its own objects, or not carried and why "
	  "('ing2gw targets' lists them)", conv_target_names, 0 },
	CLI_OPTION_OUTPUT_FILE,
	CLI_OPTION_HELP,
	{ "format", 'f', CLI_ARG_VALUE, OPT_OLD_FORMAT, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
};

const struct cli_option *
cmd_annotations_options(size_t *n)
{
	*n = ARRAY_LEN(annotations_options);
	return annotations_options;
}

struct annotations_args {
	struct cli_common common;
	const char *provider;
	const char *target;
	bool json;
	bool scdoc;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct annotations_args *a = ctx;

	switch (id) {
	case OPT_PROVIDER:
		a->provider = v;
		break;
	case OPT_TARGET:
		a->target = v;
		break;
	case OPT_OUTPUT:
		a->json = !strcmp(v, "json");
		a->scdoc = !strcmp(v, "scdoc");
		break;
	case OPT_OLD_FORMAT:
		return cli_renamed("annotations", "-f/--format",
			"'-o/--output FORMAT' (text, json, scdoc), as in "
			"every command");
	default:
		return cli_common_option(&a->common, id, v);
	}
	return 0;
}

/* KEY without the provider's prefix, or NULL when it has another. */
static const char *
strip_prefix(const struct prov_provider *p, const char *key)
{
	if (!strchr(key, '/'))
		return key;
	for (const char *const *pre = p->prefixes; *pre; pre++)
		if (!strncmp(key, *pre, strlen(*pre)))
			return key + strlen(*pre);
	return NULL;
}

static void landing_text(struct strbuf *out, const char *target,
	const struct prov_annotation *a, const struct conv_landing *l);
static json_t *landing_json(const char *target,
	const struct conv_landing *l);

static void
one_text(struct strbuf *out, const struct prov_provider *p,
	const struct prov_annotation *a, const char *target)
{
	strbuf_addf(out, "%s%s\n", p->prefixes[0], a->key);
	strbuf_adds(out, "  ");
	cli_wrap(out, a->desc, 2, 2, 80);
	strbuf_addc(out, '\n');
	strbuf_addf(out, "  provider:    %s\n", p->name);
	strbuf_addf(out, "  value:       %s", prov_kind_name(a->kind));
	for (size_t i = 0; a->values && a->values[i]; i++)
		strbuf_addf(out, "%s%s", i ? ", " : " (", a->values[i]);
	strbuf_adds(out, a->values && a->values[0] ? ")\n" : "\n");
	strbuf_addf(out, "  default:     %s\n", a->def ? a->def : "-");
	strbuf_addf(out, "  class:       %s\n", prov_class_name(a->cls));
	strbuf_addf(out, "  risk:        %s\n", prov_risk_name(a->risk));
	strbuf_addf(out, "  scope:       %s\n", prov_scope_name(a->scope));
	strbuf_addf(out, "  bad value:   %s\n",
		prov_invalid_name(a->on_invalid));
	for (const char *const *al = a->aliases; al && *al; al++)
		strbuf_addf(out, "  alias:       %s%s\n", p->prefixes[0], *al);
	strbuf_adds(out, "  Gateway API: ");
	cli_wrap(out, a->gateway, 15, 15, 80);
	strbuf_addc(out, '\n');
	if (target) {
		struct strbuf sb = STRBUF_INIT;
		struct conv_landing l;

		conv_annotation_lands(target, a, &l);
		landing_text(&sb, target, a, &l);
		strbuf_addf(out, "  target:      %s\n  lands:       ",
			conv_target_table(target)->name);
		cli_wrap(out, sb.buf, 15, 15, 80);
		strbuf_addc(out, '\n');
		strbuf_release(&sb);
	}
}

static void
one_json(struct strbuf *out, const struct prov_provider *p,
	const struct prov_annotation *a, const char *target)
{
	json_t *o = json_object(), *vals = json_array(), *al = json_array();
	char *text;

	json_object_set_new(o, "key", json_string(a->key));
	json_object_set_new(o, "annotation", json_pack("s++",
		p->prefixes[0], a->key, ""));
	json_object_set_new(o, "provider", json_string(p->name));
	json_object_set_new(o, "kind", json_string(prov_kind_name(a->kind)));
	for (size_t i = 0; a->values && a->values[i]; i++)
		json_array_append_new(vals, json_string(a->values[i]));
	json_object_set_new(o, "values", vals);
	json_object_set_new(o, "default", a->def ? json_string(a->def) :
		json_null());
	json_object_set_new(o, "class", json_string(prov_class_name(a->cls)));
	json_object_set_new(o, "risk", json_string(prov_risk_name(a->risk)));
	json_object_set_new(o, "scope", json_string(prov_scope_name(a->scope)));
	json_object_set_new(o, "on_invalid", json_string(
		prov_invalid_name(a->on_invalid)));
	for (const char *const *x = a->aliases; x && *x; x++)
		json_array_append_new(al, json_string(*x));
	json_object_set_new(o, "aliases", al);
	json_object_set_new(o, "description", json_string(a->desc));
	json_object_set_new(o, "gateway_api", json_string(a->gateway));
	if (target) {
		struct conv_landing l;

		conv_annotation_lands(target, a, &l);
		json_object_set_new(o, "on_target", landing_json(
			conv_target_table(target)->name, &l));
	}
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_adds(out, text ? text : "{}");
	strbuf_addc(out, '\n');
	free(text);
	json_decref(o);
}

/* ---- --target: where each annotation lands -------------------------------- */

/* What the target's name stands for in a sentence: "Istio". */
static const char *
target_title(const char *target)
{
	const struct tgt_table *t = conv_target_table(target);

	return t->generic ? "standard Gateway API" : t->title;
}

static void
object_text(struct strbuf *out, const struct conv_target_row *r)
{
	if (r->obj)
		strbuf_addf(out, "%s (%s): ", r->obj->kind, r->obj->api);
	strbuf_adds(out, r->what);
}

/* One sentence: how a lands on target (struct conv_landing). */
static void
landing_text(struct strbuf *out, const char *target,
	const struct prov_annotation *a, const struct conv_landing *l)
{
	const char *title = target_title(target);

	switch (l->lands) {
	case CONV_LANDS_TARGET:
		if (l->feature_when)
			strbuf_addf(out, "%s: ", l->feature_when);
		strbuf_addf(out, "%s's objects: ", title);
		for (size_t i = 0; i < l->nrows; i++) {
			strbuf_adds(out, i ? "; " : "");
			object_text(out, l->rows[i]);
		}
		if (l->standard)
			strbuf_addf(out, "; otherwise standard: %s",
				l->standard);
		return;
	case CONV_LANDS_STANDARD:
		strbuf_addf(out, "standard: %s", l->standard);
		if (l->why == CONV_WHY_UNPROVEN)
			strbuf_addf(out, "; unproven: it needs %s%s, which the "
				"conformance report of %s does not test or "
				"passes in part", l->needs->profile ?
				"profile " : "", l->needs->feature, title);
		return;
	case CONV_LANDS_NONE:
		break;
	}
	strbuf_adds(out, "not carried");
	switch (l->why) {
	case CONV_WHY_UNSUPPORTED:
		strbuf_addf(out, ", unsupported: %s needs %s%s, which %s does "
			"not support", l->standard, l->needs->profile ?
			"profile " : "", l->needs->feature, title);
		break;
	case CONV_WHY_FAILS_CLOSED:
		if (l->needs)
			strbuf_addf(out, ", fails closed: %s needs %s, which "
				"%s does not support; the HTTPS routes answer "
				"500", l->standard, l->needs->feature, title);
		else
			strbuf_addf(out, ", fails closed: it restricts who "
				"may reach the paths and %s cannot check it, "
				"so they answer 500", title);
		break;
	case CONV_WHY_DEFAULT:
		strbuf_addf(out, ", data-plane default: %s writes no %s; "
			"its default applies: %s", title,
			ir_feature_name(l->feature), l->def->text);
		if (l->def->knob)
			strbuf_addf(out, "; to change it: %s", l->def->knob);
		break;
	case CONV_WHY_NOT_WRITTEN:
		strbuf_addf(out, ": implementation-specific, and ing2gw "
			"writes no object of %s's for it", title);
		break;
	case CONV_WHY_NO_EQUIVALENT:
		strbuf_adds(out, ": no Gateway API equivalent");
		break;
	case CONV_WHY_TUNING:
		strbuf_adds(out, ": tunes nginx only");
		break;
	case CONV_WHY_SNIPPET:
		strbuf_adds(out, ": raw nginx configuration");
		break;
	case CONV_WHY_NONE:
	case CONV_WHY_UNPROVEN:
		break;
	}
	if (l->instead)
		strbuf_addf(out, "; instead: %s", l->instead);
	else if (l->why == CONV_WHY_NOT_WRITTEN && a->gateway)
		strbuf_addf(out, "; nearest: %s", a->gateway);
}

static json_t *
landing_json(const char *target, const struct conv_landing *l)
{
	json_t *o = json_object(), *objs = json_array();
	const char *why = conv_why_name(l->why);

	json_object_set_new(o, "target", json_string(target));
	json_object_set_new(o, "lands", json_string(conv_lands_name(
		l->lands)));
	json_object_set_new(o, "reason", why ? json_string(why) :
		json_null());
	json_object_set_new(o, "standard", l->standard ?
		json_string(l->standard) : json_null());
	json_object_set_new(o, "needs", l->needs ?
		json_string(l->needs->feature) : json_null());
	json_object_set_new(o, "feature", l->feature ?
		json_string(ir_feature_name(l->feature)) : json_null());
	json_object_set_new(o, "feature_when", l->feature_when ?
		json_string(l->feature_when) : json_null());
	for (size_t i = 0; i < l->nrows; i++) {
		const struct conv_target_row *r = l->rows[i];
		json_t *ob = json_object();

		json_object_set_new(ob, "kind", r->obj ?
			json_string(r->obj->kind) : json_null());
		json_object_set_new(ob, "apiVersion", r->obj ?
			json_string(r->obj->api) : json_null());
		json_object_set_new(ob, "fields", json_string(r->what));
		json_array_append_new(objs, ob);
	}
	json_object_set_new(o, "objects", objs);
	json_object_set_new(o, "instead", l->instead ?
		json_string(l->instead) : json_null());
	json_object_set_new(o, "default", l->def ?
		json_string(l->def->text) : json_null());
	return o;
}

static void
lands_text(struct strbuf *out, const struct prov_provider *p,
	const char *target)
{
	const struct tgt_table *t = conv_target_table(target);
	size_t n[4] = { 0 };
	struct strbuf head = STRBUF_INIT, line = STRBUF_INIT;
	struct conv_landing l;

	for (size_t i = 0; i < p->count; i++) {
		conv_annotation_lands(target, &p->table[i], &l);
		n[l.lands]++;
	}
	strbuf_addf(&head, "The annotations of %s on %s (%s): %zu standard, "
		"%zu as its own objects, %zu not carried.", p->name, t->name,
		t->summary, n[CONV_LANDS_STANDARD], n[CONV_LANDS_TARGET],
		n[CONV_LANDS_NONE]);
	cli_wrap(out, head.buf, 0, 0, 80);
	strbuf_adds(out, "\n\n");
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		conv_annotation_lands(target, a, &l);
		strbuf_reset(&line);
		landing_text(&line, target, a, &l);
		strbuf_addf(out, "%s\n  ", a->key);
		cli_wrap(out, line.buf, 2, 4, 80);
		strbuf_addc(out, '\n');
	}
	strbuf_release(&head);
	strbuf_release(&line);
}

static int
lands_json(struct strbuf *out, const struct prov_provider *p,
	const char *target)
{
	json_t *o = json_object(), *arr = json_array();
	char *text;
	struct conv_landing l;

	json_object_set_new(o, "provider", json_string(p->name));
	json_object_set_new(o, "target", json_string(
		conv_target_table(target)->name));
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];
		json_t *e;

		conv_annotation_lands(target, a, &l);
		e = landing_json(conv_target_table(target)->name, &l);
		json_object_del(e, "target");
		/* the key first, as in the catalogue's entries */
		json_array_append_new(arr, json_pack("{s:s, s:s++, s:o}",
			"key", a->key, "annotation", p->prefixes[0], a->key, "",
			"on_target", e));
	}
	json_object_set_new(o, "count", json_integer((json_int_t)p->count));
	json_object_set_new(o, "annotations", arr);
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return -1;
	strbuf_adds(out, text);
	strbuf_addc(out, '\n');
	free(text);
	return 0;
}

/* The keys of p for which keep says yes, as an scdoc list item. */
static void
scdoc_keys(struct strbuf *out, const struct prov_provider *p,
	const char *target, const char *label,
	bool (*keep)(const struct conv_landing *, const void *),
	const void *arg)
{
	struct conv_landing l;
	size_t n = 0;

	for (size_t i = 0; i < p->count; i++) {
		conv_annotation_lands(target, &p->table[i], &l);
		if (!keep(&l, arg))
			continue;
		if (!n++)
			strbuf_addf(out, "- %s:", label);
		strbuf_addf(out, "%s\n  *%s*", n > 1 ? "," : "",
			p->table[i].key);
	}
	if (n)
		strbuf_adds(out, "\n");
}

static bool
keep_row(const struct conv_landing *l, const void *row)
{
	for (size_t i = 0; i < l->nrows; i++)
		if (l->rows[i] == row)
			return true;
	return false;
}

static bool
keep_why(const struct conv_landing *l, const void *why)
{
	return l->why == *(const enum conv_why *)why;
}

/*
 * A section of ing2gw-annotations(1): what differs from one target to
 * another (its objects, what fails closed, lacks or is unproven there);
 * the rest is the same on every target and is in the catalogue.
 */
static void
lands_scdoc(struct strbuf *out, const struct prov_provider *p,
	const char *target)
{
	const struct tgt_table *t = conv_target_table(target);
	static const struct {
		enum conv_why why;
		const char *label;
	} whys[] = {
		{ CONV_WHY_FAILS_CLOSED, "not carried, fails closed" },
		{ CONV_WHY_UNSUPPORTED, "not carried, unsupported" },
		{ CONV_WHY_DEFAULT, "not carried, the data-plane default "
		  "applies" },
		{ CONV_WHY_UNPROVEN, "standard, unproven by its conformance "
		  "report" },
	};
	const struct conv_target_row *seen[32];
	size_t nseen = 0;
	struct conv_landing l;

	strbuf_addf(out, "*%s* (%s)\n\n", t->name, t->summary);
	for (size_t i = 0; i < p->count; i++) {
		conv_annotation_lands(target, &p->table[i], &l);
		for (size_t k = 0; k < l.nrows; k++) {
			const struct conv_target_row *r = l.rows[k];
			struct strbuf label = STRBUF_INIT;
			size_t j;

			for (j = 0; j < nseen && seen[j] != r; j++)
				;
			if (j < nseen || nseen == ARRAY_LEN(seen))
				continue;
			seen[nseen++] = r;
			object_text(&label, r);
			scdoc_keys(out, p, target, label.buf, keep_row, r);
			strbuf_release(&label);
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(whys); i++)
		scdoc_keys(out, p, target, whys[i].label, keep_why,
			&whys[i].why);
	strbuf_addc(out, '\n');
}

/* The keys of p (and their aliases), for "did you mean". */
static const char *
near_key(const struct prov_provider *p, const char *key)
{
	const char **keys = xcalloc(p->nkeys + 1, sizeof(*keys));
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < p->count && n < p->nkeys; i++) {
		keys[n++] = p->table[i].key;
		for (const char *const *al = p->table[i].aliases;
		    al && *al && n < p->nkeys; al++)
			keys[n++] = *al;
	}
	near = similar_pick(key, keys);
	free(keys);
	return near;
}

static int
show_key(struct strbuf *out, const struct annotations_args *a,
	const struct prov_provider *p, const char *key)
{
	const char *bare = strip_prefix(p, key);
	const struct prov_annotation *ann = bare ? prov_lookup(p, bare) : NULL;
	const struct conv_foreign *f;
	const char *near;

	if (ann) {
		if (a->json)
			one_json(out, p, ann, a->target);
		else
			one_text(out, p, ann, a->target);
		return EXIT_CLEAN;
	}
	if ((f = conv_foreign_find(key))) {
		conv_foreign_describe(out, f, key, a->json);
		return EXIT_CLEAN;
	}
	near = bare ? near_key(p, bare) : NULL;
	if (near)
		return cli_usage_error("annotations", "'%s' is not an "
			"annotation of %s; did you mean '%s'?", key, p->name,
			near);
	return cli_usage_error("annotations", "'%s' is not an annotation of "
		"%s ('ing2gw annotations' lists them)", key, p->name);
}

int
cmd_annotations(int argc, char **argv)
{
	struct annotations_args a = { .common = { .command = "annotations" },
		.provider = "ingress-nginx" };
	struct strbuf out = STRBUF_INIT;
	const struct prov_provider *p;
	int first, rc;

	rc = cli_options_parse(argc, argv, "annotations", annotations_options,
		ARRAY_LEN(annotations_options), on_option, &a, &first);
	if (rc)
		goto out;
	if (a.common.help) {
		cli_options_help(&out, "ing2gw annotations [options] [KEY]",
			"Lists the annotations a provider understands: value "
			"kind, default, risk, Gateway API mapping class (A "
			"standard, B implementation-specific, C none, C-perf "
			"tuning only) and what the controller does with a bad "
			"value. With KEY (rewrite-target, or the whole "
			"nginx.ingress.kubernetes.io/rewrite-target), that "
			"annotation in full; the annotations of other tools "
			"(cert-manager.io/issuer, external-dns...) say where "
			"the conversion puts them. With --target, where each "
			"annotation lands on that implementation: a standard "
			"field, its own objects (kind and API version), or not "
			"carried and why.",
			annotations_options, ARRAY_LEN(annotations_options));
		fputs(out.buf, stdout);
		rc = EXIT_CLEAN;
		goto out;
	}
	if (argc - first > 1) {
		rc = cli_usage_error("annotations", "unexpected argument '%s' "
			"(give one KEY)", argv[first + 1]);
		goto out;
	}
	p = prov_find(a.provider);
	if (!p) {
		size_t n;
		const struct prov_provider *const *all = prov_list(&n);

		for (size_t i = 0; i < n; i++)
			strbuf_addf(&out, "%s%s", i ? ", " : "", all[i]->name);
		rc = cli_usage_error("annotations", "unknown provider '%s' "
			"(known: %s)", a.provider, out.buf ? out.buf : "");
		goto out;
	}
	if (first < argc) {
		if ((rc = show_key(&out, &a, p, argv[first])))
			goto out;
	} else if (a.target && strcmp(p->name, "ingress-nginx")) {
		/* only its lowering records what each key becomes */
		rc = cli_usage_error("annotations", "--target needs the "
			"provider ingress-nginx");
		goto out;
	} else if (a.target && a.json) {
		if (lands_json(&out, p, a.target)) {
			fputs("ing2gw: out of memory\n", stderr);
			rc = EXIT_ERROR;
			goto out;
		}
	} else if (a.target && a.scdoc) {
		lands_scdoc(&out, p, a.target);
	} else if (a.target) {
		lands_text(&out, p, a.target);
	} else if (a.json) {
		if (prov_render_json(&out, p)) {
			fputs("ing2gw: out of memory\n", stderr);
			rc = EXIT_ERROR;
			goto out;
		}
	} else if (a.scdoc) {
		prov_render_scdoc(&out, p);
	} else {
		prov_render_text(&out, p);
	}
	rc = cli_output_write(a.common.output_file, out.buf ? out.buf : "",
		out.len) < 0 ? EXIT_ERROR : EXIT_CLEAN;
out:
	strbuf_release(&out);
	cli_common_release(&a.common);
	return rc;
}
