#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "common.h"
#include "exitcode.h"
#include "foreign.h"
#include "options.h"
#include "output.h"
#include "providers/provider.h"
#include "similar.h"

enum {
	OPT_PROVIDER,
	OPT_OUTPUT,
	OPT_OLD_FORMAT,
};

static const char *const formats[] = { "text", "json", "scdoc", NULL };

static const struct cli_option annotations_options[] = {
	{ "provider", 'p', CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "the controller whose annotations to list (default ingress-nginx)",
	  NULL, 0 },
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "output format (default text)", formats, 0 },
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

static void
one_text(struct strbuf *out, const struct prov_provider *p,
	const struct prov_annotation *a)
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
}

static void
one_json(struct strbuf *out, const struct prov_provider *p,
	const struct prov_annotation *a)
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
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_adds(out, text ? text : "{}");
	strbuf_addc(out, '\n');
	free(text);
	json_decref(o);
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
			one_json(out, p, ann);
		else
			one_text(out, p, ann);
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
			"the conversion puts them.",
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
