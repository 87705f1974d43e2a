#include "compat.h"
#include "report_sarif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull;	/* field separator */
}

void
report_sarif_fingerprint(char buf[17], const char *rule, const char *file,
	const char *object, const char *msg)
{
	uint64_t h = 1469598103934665603ull;

	h = fnv(h, rule);
	h = fnv(h, file);
	h = fnv(h, object);
	h = fnv(h, msg);
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
}

static const char *
level(enum diag_severity s)
{
	switch (s) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	case DIAG_INFO: return "note";
	}
	return "warning";
}

static json_t *
text(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", json_string(s ? s : ""));
	return o;
}

/* A relative URI reference: unreserved characters and '/' stay. */
static json_t *
uri(const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			strbuf_addc(&sb, (char)*p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	j = json_string(sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return j;
}

static json_t *
physical(struct src_pos p)
{
	json_t *loc = json_object(), *art = json_object();

	json_object_set_new(art, "uri", uri(p.file));
	json_object_set_new(loc, "artifactLocation", art);
	if (p.line) {
		json_t *region = json_object();

		json_object_set_new(region, "startLine",
			json_integer(p.line));
		json_object_set_new(region, "startColumn",
			json_integer(p.col ? p.col : 1));
		json_object_set_new(loc, "region", region);
	}
	return loc;
}

static json_t *
rule_json(const struct report_sarif_rule *r)
{
	json_t *o = json_object(), *help = json_object(), *conf;
	const char *slash = strchr(r->id, '/');

	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "shortDescription", text(r->short_desc ?
		r->short_desc : r->id));
	json_object_set_new(o, "fullDescription", text(r->full_desc ?
		r->full_desc : r->short_desc ? r->short_desc : r->id));
	json_object_set_new(help, "text", json_string(r->help_text ?
		r->help_text : r->id));
	if (r->help_markdown)
		json_object_set_new(help, "markdown",
			json_string(r->help_markdown));
	json_object_set_new(o, "help", help);
	conf = json_object();
	json_object_set_new(conf, "level", json_string(level(r->level)));
	json_object_set_new(o, "defaultConfiguration", conf);
	if (slash) {
		json_t *props = json_object(), *tags = json_array();

		json_array_append_new(tags, json_stringn(r->id,
			(size_t)(slash - r->id)));
		json_object_set_new(props, "tags", tags);
		json_object_set_new(o, "properties", props);
	}
	return o;
}

/* The index of id in the driver's rules, adding a minimal one if new. */
static size_t
rule_index(json_t *rules, const char *id)
{
	struct report_sarif_rule r = { 0 };

	for (size_t i = 0; i < json_array_size(rules); i++)
		if (!strcmp(json_string_value(json_object_get(
		    json_array_get(rules, i), "id")), id))
			return i;
	r.id = id;
	r.level = DIAG_ERROR;
	json_array_append_new(rules, rule_json(&r));
	return json_array_size(rules) - 1;
}

static json_t *
result_json(const struct diag *d, json_t *rules,
	const struct report_sarif_run *run)
{
	json_t *o = json_object(), *fp = json_object();
	const char *rule = d->rule ? d->rule : "ing2gw";
	const char *object = d->seq < run->nobjects && run->objects ?
		run->objects[d->seq] : NULL;
	struct strbuf msg = STRBUF_INIT, note = STRBUF_INIT;
	char hash[17];

	json_object_set_new(o, "ruleId", json_string(rule));
	json_object_set_new(o, "ruleIndex", json_integer((json_int_t)
		rule_index(rules, rule)));
	json_object_set_new(o, "level", json_string(level(d->severity)));
	json_object_set_new(o, "message", text(diag_message(d, &msg)));
	if (d->pos.file) {
		json_t *locs = json_array(), *loc = json_object();

		json_object_set_new(loc, "physicalLocation", physical(d->pos));
		json_array_append_new(locs, loc);
		json_object_set_new(o, "locations", locs);
	}
	if (d->nnotes) {
		json_t *rel = json_array();

		for (size_t i = 0; i < d->nnotes; i++) {
			json_t *r = json_object();

			json_object_set_new(r, "id",
				json_integer((json_int_t)i));
			if (d->notes[i].pos.file)
				json_object_set_new(r, "physicalLocation",
					physical(d->notes[i].pos));
			json_object_set_new(r, "message",
				text(diag_note_message(&d->notes[i],
				&note)));
			json_array_append_new(rel, r);
		}
		json_object_set_new(o, "relatedLocations", rel);
	}
	report_sarif_fingerprint(hash, rule, d->pos.file, object, diag_message(d,
		&msg));
	json_object_set_new(fp, "ing2gw/v1", json_string(hash));
	json_object_set_new(o, "partialFingerprints", fp);
	strbuf_release(&msg);
	strbuf_release(&note);
	return o;
}

void
report_sarif(struct strbuf *out, const struct diag_sink *sink,
	const struct report_sarif_run *run)
{
	json_t *root = json_object(), *runs = json_array(), *r = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array(), *results = json_array();
	json_t *inv = json_array(), *inv0 = json_object();
	char *dump;

	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("ing2gw"));
	json_object_set_new(driver, "version", json_string(ING2GW_VERSION));
	json_object_set_new(driver, "semanticVersion",
		json_string(ING2GW_VERSION));
	for (size_t i = 0; i < run->nrules; i++)
		json_array_append_new(rules, rule_json(&run->rules[i]));
	for (size_t i = 0; i < sink->len; i++)
		json_array_append_new(results,
			result_json(&sink->items[i], rules, run));
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(r, "tool", tool);
	json_object_set_new(inv0, "executionSuccessful",
		json_boolean(run->success));
	json_array_append_new(inv, inv0);
	json_object_set_new(r, "invocations", inv);
	json_object_set_new(r, "results", results);
	json_array_append_new(runs, r);
	json_object_set_new(root, "runs", runs);
	dump = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_adds(out, dump ? dump : "{}");
	strbuf_addc(out, '\n');
	free(dump);
	json_decref(root);
}
