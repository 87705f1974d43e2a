/*
 * ing2gw targets [-o text|json|scdoc] [NAME]: the Gateway API
 * implementations convert, lint and replay can target, with the
 * implementation and Gateway API versions their support data comes from;
 * with NAME, that target's profiles, constructs, mechanisms and defaults.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "convert.h"
#include "exitcode.h"
#include "options.h"
#include "strbuf.h"
#include "targets/target.h"

enum {
	OPT_OUTPUT,
	OPT_HELP,
};

enum tformat { TF_TEXT, TF_JSON, TF_SCDOC };

static const char *const formats[] = { "text", "json", "scdoc", NULL };

static const struct cli_option targets_options[] = {
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the format (default text)", formats, 0 },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL, 0 },
};

const struct cli_option *
cmd_targets_options(size_t *n)
{
	*n = ARRAY_LEN(targets_options);
	return targets_options;
}

struct targets_args {
	enum tformat format;
	bool help;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct targets_args *a = ctx;

	if (id == OPT_OUTPUT)
		a->format = !strcmp(v, "json") ? TF_JSON :
			!strcmp(v, "scdoc") ? TF_SCDOC : TF_TEXT;
	else if (id == OPT_HELP)
		a->help = true;
	return 0;
}

static const char *const support_names[] = {
	[TGT_UNKNOWN] = "unknown",
	[TGT_SUPPORTED] = "supported",
	[TGT_UNSUPPORTED] = "unsupported",
};

static const char *
support_name(const struct tgt_table *t, enum tgt_construct c)
{
	bool partial;
	enum tgt_support s = tgt_supports(t, c, &partial);

	return partial ? "partial" : support_names[s];
}

/* "v1.6.1 experimental" or "-" */
static const char *
api_of(const struct tgt_report *r, char *buf, size_t n)
{
	if (!r)
		return "v1.6";
	snprintf(buf, n, "%s %s", r->api_version, r->channel);
	return buf;
}

/* ---- text ---------------------------------------------------------------- */

static void
text_list(struct strbuf *out)
{
	char label[160], api[64];
	int wn = 4, wl = 14;	/* the widest name and label */

	for (size_t i = 0; i < tgt_ntables; i++) {
		int n = (int)strlen(tgt_tables[i]->name);
		int l = (int)strlen(tgt_label(tgt_tables[i], label,
			sizeof(label)));

		wn = n > wn ? n : wn;
		wl = l > wl ? l : wl;
	}
	strbuf_addf(out, "%-*s  %-*s  %-20s  %s\n", wn, "NAME", wl,
		"IMPLEMENTATION", "GATEWAY API", "EMITTER");
	for (size_t i = 0; i < tgt_ntables; i++) {
		const struct tgt_table *t = tgt_tables[i];

		strbuf_addf(out, "%-*s  %-*s  %-20s  %s\n", wn, t->name, wl,
			tgt_label(t, label, sizeof(label)),
			api_of(tgt_report(t), api, sizeof(api)),
			conv_target_has_emitter(t->name) ? "yes" : "no");
	}
	strbuf_adds(out, "\nSupport comes from each implementation's newest "
		"Gateway API conformance report\n(kubernetes-sigs/gateway-api, "
		"Apache-2.0); 'ing2gw targets NAME' shows one target.\n");
}

static void
text_one(struct strbuf *out, const struct tgt_table *t)
{
	const struct tgt_report *r = tgt_report(t);
	char label[160];

	strbuf_addf(out, "%s: %s\n", t->name, t->summary);
	if (r) {
		strbuf_addf(out, "report: %s\n  %s %s (%s), Gateway API %s "
			"%s, mode %s, %s\n", r->file, r->project, r->version,
			r->organization, r->api_version, r->channel, r->mode,
			r->date);
		strbuf_adds(out, "profiles:\n");
		for (size_t i = 0; i < r->nprofiles; i++) {
			const struct tgt_profile *p = &r->profiles[i];

			strbuf_addf(out, "  %-14s core %s, extended %s",
				p->name, p->core, *p->extended ? p->extended :
				"not run");
			for (size_t k = 0; k < p->nskipped; k++)
				strbuf_addf(out, "%s%s", k ? ", " : "; skipped "
					"or failed: ", p->skipped[k]);
			strbuf_addc(out, '\n');
		}
	} else if (t->generic) {
		strbuf_adds(out, "report: none; every standard feature is "
			"assumed\n");
	}
	strbuf_addf(out, "constructs (%s):\n", tgt_label(t, label,
		sizeof(label)));
	for (int c = TGT_C_PATH_REWRITE; c < TGT_C_COUNT; c++) {
		const struct tgt_construct_info *ci = tgt_construct(c);
		const char *instead = tgt_instead_of(t, c);

		strbuf_addf(out, "  %-58s %s\n", ci->feature,
			support_name(t, c));
		if (instead)
			strbuf_addf(out, "    instead: %s\n", instead);
	}
	if (!t->defaults) {
		strbuf_addf(out, "data-plane defaults: %s\n", t->generic ?
			"the implementation's" : "not known to ing2gw");
		return;
	}
	strbuf_addf(out, "data-plane defaults (read in the %s):\n",
		t->defaults_source);
	for (size_t i = 0; i < t->ndefaults; i++) {
		const struct tgt_behaviour *d = &t->defaults[i];

		strbuf_addf(out, "  %s: %s\n", tgt_aspect_name(d->aspect),
			d->text);
		if (d->knob)
			strbuf_addf(out, "    %s: %s\n", d->written ?
				"written by convert" : "setting", d->knob);
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *
strings(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
report_json(const struct tgt_report *r)
{
	json_t *o = json_object(), *ps = json_array();

	json_object_set_new(o, "file", json_string(r->file));
	json_object_set_new(o, "organization", json_string(r->organization));
	json_object_set_new(o, "project", json_string(r->project));
	json_object_set_new(o, "url", json_string(r->url));
	json_object_set_new(o, "version", json_string(r->version));
	json_object_set_new(o, "mode", json_string(r->mode));
	json_object_set_new(o, "gatewayAPIVersion",
		json_string(r->api_version));
	json_object_set_new(o, "gatewayAPIChannel", json_string(r->channel));
	json_object_set_new(o, "date", json_string(r->date));
	for (size_t i = 0; i < r->nprofiles; i++) {
		const struct tgt_profile *p = &r->profiles[i];
		json_t *po = json_object();

		json_object_set_new(po, "name", json_string(p->name));
		json_object_set_new(po, "core", json_string(p->core));
		json_object_set_new(po, "extended", *p->extended ?
			json_string(p->extended) : json_null());
		json_object_set_new(po, "supportedFeatures",
			strings(p->supported, p->nsupported));
		json_object_set_new(po, "unsupportedFeatures",
			strings(p->unsupported, p->nunsupported));
		json_object_set_new(po, "skippedTests",
			strings(p->skipped, p->nskipped));
		json_array_append_new(ps, po);
	}
	json_object_set_new(o, "profiles", ps);
	return o;
}

static json_t *
target_json(const struct tgt_table *t, bool detail)
{
	const struct tgt_report *r = tgt_report(t);
	json_t *o = json_object();
	char label[160];

	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "implementation",
		json_string(tgt_label(t, label, sizeof(label))));
	json_object_set_new(o, "summary", json_string(t->summary));
	json_object_set_new(o, "version", r ? json_string(r->version) :
		json_null());
	json_object_set_new(o, "gatewayAPIVersion", r ?
		json_string(r->api_version) : json_string("v1.6"));
	json_object_set_new(o, "emitter",
		json_boolean(conv_target_has_emitter(t->name)));
	json_object_set_new(o, "report", r ? detail ? report_json(r) :
		json_string(r->file) : json_null());
	if (detail) {
		json_t *cs = json_array(), *ds = json_array();

		for (int c = TGT_C_PATH_REWRITE; c < TGT_C_COUNT; c++) {
			const struct tgt_construct_info *ci = tgt_construct(c);
			const char *instead = tgt_instead_of(t, c);
			json_t *co = json_object();

			json_object_set_new(co, "feature",
				json_string(ci->feature));
			json_object_set_new(co, "profile",
				json_boolean(ci->profile));
			json_object_set_new(co, "construct",
				json_string(ci->what));
			json_object_set_new(co, "accessControl",
				json_boolean(ci->access));
			json_object_set_new(co, "support",
				json_string(support_name(t, c)));
			json_object_set_new(co, "instead", instead ?
				json_string(instead) : json_null());
			json_array_append_new(cs, co);
		}
		json_object_set_new(o, "constructs", cs);
		for (size_t i = 0; i < t->ndefaults; i++) {
			const struct tgt_behaviour *d = &t->defaults[i];
			json_t *dob = json_object();

			json_object_set_new(dob, "aspect",
				json_string(tgt_aspect_name(d->aspect)));
			json_object_set_new(dob, "value",
				json_string(d->value));
			json_object_set_new(dob, "text", json_string(d->text));
			json_object_set_new(dob, "setting", d->knob ?
				json_string(d->knob) : json_null());
			json_object_set_new(dob, "written",
				json_boolean(d->written));
			json_array_append_new(ds, dob);
		}
		json_object_set_new(o, "defaults", t->defaults ? ds :
			(json_decref(ds), json_null()));
		json_object_set_new(o, "defaultsSource", t->defaults_source ?
			json_string(t->defaults_source) : json_null());
	}
	return o;
}

static void
json_out(struct strbuf *out, json_t *root)
{
	char *dump = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	strbuf_adds(out, dump ? dump : "{}");
	strbuf_addc(out, '\n');
	free(dump);
	json_decref(root);
}

/* ---- scdoc: the TARGETS section of ing2gw-targets(1) -------------------- */

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
scdoc_list(struct strbuf *out)
{
	char label[160], api[64];

	for (size_t i = 0; i < tgt_ntables; i++) {
		const struct tgt_table *t = tgt_tables[i];
		const struct tgt_report *r = tgt_report(t);

		strbuf_addf(out, "*%s*\n\t", t->name);
		scdoc_text(out, t->summary);
		strbuf_adds(out, ". ");
		if (r) {
			strbuf_adds(out, "Support: ");
			scdoc_text(out, tgt_label(t, label, sizeof(label)));
			strbuf_addf(out, " (Gateway API %s), report ",
				api_of(r, api, sizeof(api)));
			scdoc_text(out, r->file);
			strbuf_addc(out, '.');
		} else {
			strbuf_adds(out, "Every standard feature is assumed.");
		}
		if (conv_target_has_emitter(t->name))
			strbuf_adds(out, " Has an emitter: convert writes its "
				"own objects for what Gateway API cannot say.");
		strbuf_adds(out, "\n\n");
	}
}

int
cmd_targets(int argc, char **argv)
{
	struct targets_args a = { 0 };
	struct strbuf out = STRBUF_INIT;
	const struct tgt_table *t = NULL;
	int first, rc;

	rc = cli_options_parse(argc, argv, "targets", targets_options,
		ARRAY_LEN(targets_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw targets [options] [NAME]",
			"Lists the Gateway API implementations that convert, "
			"lint and replay can target\n(--target NAME), with the "
			"implementation and Gateway API versions of the\n"
			"conformance report their support comes from. With "
			"NAME: that report's\nprofiles, the constructs and features "
			"with their support, the target's own\nmechanisms, and "
			"its data-plane defaults.", targets_options,
			ARRAY_LEN(targets_options));
		fputs(out.buf, stdout);
		strbuf_release(&out);
		return EXIT_CLEAN;
	}
	if (argc - first > 1)
		return cli_usage_error("targets", "give at most one NAME");
	if (argc - first == 1 && !(t = tgt_find(argv[first])))
		return cli_usage_error("targets", "'%s' is not a target "
			"('ing2gw targets' lists them)", argv[first]);
	if (a.format == TF_SCDOC) {
		scdoc_list(&out);
	} else if (a.format == TF_JSON) {
		json_t *list = json_array(), *root;

		for (size_t i = 0; !t && i < tgt_ntables; i++)
			json_array_append_new(list, target_json(tgt_tables[i],
				false));
		if (t) {
			json_decref(list);
			root = target_json(t, true);
		} else {
			root = json_object();
			json_object_set_new(root, "targets", list);
		}
		json_out(&out, root);
	} else if (t) {
		text_one(&out, t);
	} else {
		text_list(&out);
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	strbuf_release(&out);
	return fflush(stdout) ? EXIT_ERROR : EXIT_CLEAN;
}
