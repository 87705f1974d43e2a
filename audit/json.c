#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/*
 * The report as JSON, the shape of audit/audit.schema.json (version 1):
 * keys in a fixed order, every array in the report's order.
 */

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
size(size_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *
counts(const struct audit_count *v, size_t n, const char *name,
	const char *what)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, name, json_string(v[i].name));
		json_object_set_new(o, what, size(v[i].n));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
strings(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
inventory(const struct audit_inventory *inv)
{
	json_t *o = json_object(), *cls = json_array(), *paths = json_object();

	json_object_set_new(o, "ingresses", size(inv->ingresses));
	json_object_set_new(o, "namespaces", counts(inv->namespaces,
		inv->nnamespaces, "name", "ingresses"));
	for (size_t i = 0; i < inv->nclasses; i++) {
		const struct audit_class *c = &inv->classes[i];
		json_t *co = json_object();

		json_object_set_new(co, "name", str_or_null(c->name));
		json_object_set_new(co, "controller",
			str_or_null(c->controller));
		json_object_set_new(co, "default", json_boolean(c->is_default));
		json_object_set_new(co, "provider", str_or_null(c->provider));
		json_object_set_new(co, "ingresses", size(c->ingresses));
		json_array_append_new(cls, co);
	}
	json_object_set_new(o, "classes", cls);
	json_object_set_new(o, "providers", counts(inv->providers,
		inv->nproviders, "name", "ingresses"));
	json_object_set_new(o, "hosts", size(inv->hosts));
	json_object_set_new(o, "wildcard_hosts", size(inv->wildcard_hosts));
	json_object_set_new(o, "rules_without_host",
		size(inv->rules_without_host));
	for (size_t t = 0; t < AUDIT_NPATH_TYPES; t++)
		json_object_set_new(paths, ing_path_type_name(
			(enum ing_path_type)t), size(inv->paths[t]));
	json_object_set_new(o, "paths", paths);
	json_object_set_new(o, "tls_hosts", size(inv->tls_hosts));
	json_object_set_new(o, "tls_sections", size(inv->tls_sections));
	json_object_set_new(o, "default_backends",
		size(inv->default_backends));
	return o;
}

static json_t *
annotations(const struct audit_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nannotations; i++) {
		const struct audit_annotation *an = &r->annotations[i];
		json_t *o = json_object();

		json_object_set_new(o, "key", json_string(an->key));
		json_object_set_new(o, "ingresses", size(an->ingresses));
		json_object_set_new(o, "provider", str_or_null(an->provider));
		json_object_set_new(o, "class", str_or_null(an->cls));
		json_array_append_new(a, o);
	}
	return a;
}

/* The hosts of its rules, each once, in order. */
static json_t *
hosts(const struct ingress *ing)
{
	json_t *a = json_array();

	for (size_t k = 0; k < ing->nrules; k++) {
		const char *h = ing->rules[k].host;
		bool dup = false;

		for (size_t j = 0; h && j < k && !dup; j++)
			dup = ing->rules[j].host &&
				!strcmp(ing->rules[j].host, h);
		if (h && !dup)
			json_array_append_new(a, json_string(h));
	}
	return a;
}

static json_t *
ingress(const struct audit_report *r, size_t i)
{
	const struct audit_ingress *ai = &r->ingresses[i];
	json_t *o = json_object(), *per = json_object();

	json_object_set_new(o, "namespace", json_string(ai->ing->ns));
	json_object_set_new(o, "name", json_string(ai->ing->name));
	json_object_set_new(o, "class", str_or_null(ai->ing->class_name));
	json_object_set_new(o, "provider", json_string(ai->provider));
	json_object_set_new(o, "file", str_or_null(ai->pos.file));
	json_object_set_new(o, "line", json_integer(ai->pos.line));
	json_object_set_new(o, "hosts", hosts(ai->ing));
	json_object_set_new(o, "status", json_string(
		audit_status_name(ai->status)));
	json_object_set_new(o, "errors", size(ai->errors));
	json_object_set_new(o, "warnings", size(ai->warnings));
	json_object_set_new(o, "infos", size(ai->infos));
	json_object_set_new(o, "rules", strings(ai->rules, ai->nrules));
	for (size_t t = 0; t < r->ntargets; t++)
		json_object_set_new(per, r->targets[t].t->name, json_string(
			audit_status_name((enum audit_status)
			r->targets[t].status[i])));
	json_object_set_new(o, "targets", per);
	return o;
}

static json_t *
features(const struct audit_target *at)
{
	json_t *a = json_array();

	for (size_t i = 0; i < at->nfeatures; i++) {
		const struct audit_feature *f = &at->features[i];
		json_t *o = json_object();

		json_object_set_new(o, "feature",
			json_string(f->info->feature));
		json_object_set_new(o, "profile",
			json_boolean(f->info->profile));
		json_object_set_new(o, "construct", json_string(f->info->what));
		json_object_set_new(o, "access_control",
			json_boolean(f->info->access));
		json_object_set_new(o, "support",
			json_string(audit_support_name(f)));
		json_object_set_new(o, "effect",
			json_string(audit_effect_name(f->effect)));
		json_object_set_new(o, "ingresses", size(f->ingresses));
		json_object_set_new(o, "uses", size(f->uses));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
extra_objects(const struct audit_target *at)
{
	json_t *a = json_array();

	for (size_t i = 0; i < at->nfeatures; i++) {
		const struct audit_feature *f = &at->features[i];
		json_t *o;

		if (!f->instead)
			continue;
		o = json_object();
		json_object_set_new(o, "feature",
			json_string(f->info->feature));
		json_object_set_new(o, "use", json_string(f->instead));
		json_object_set_new(o, "ingresses", size(f->ingresses));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
target(const struct audit_target *at)
{
	json_t *o = json_object(), *d = json_object();

	json_object_set_new(o, "name", json_string(at->t->name));
	json_object_set_new(o, "title", json_string(at->t->title));
	json_object_set_new(o, "label", json_string(at->label));
	json_object_set_new(o, "rank", at->rank ? size(at->rank) :
		json_null());
	for (size_t s = 0; s < AUDIT_NSTATUS; s++)
		json_object_set_new(o, audit_status_name((enum audit_status)s),
			size(at->counts[s]));
	json_object_set_new(o, "unsupported", size(at->lacking));
	json_object_set_new(o, "unproven", size(at->unproven));
	json_object_set_new(o, "features", features(at));
	json_object_set_new(o, "blocking_rules", counts(at->blocking_rules,
		at->nblocking_rules, "rule", "ingresses"));
	json_object_set_new(o, "extra_objects", extra_objects(at));
	json_object_set_new(o, "own_objects", counts(at->objects,
		at->nobjects, "kind", "count"));
	json_object_set_new(d, "differ", strings(at->defaults_differ,
		at->ndefaults_differ));
	json_object_set_new(d, "unknown", strings(at->defaults_unknown,
		at->ndefaults_unknown));
	json_object_set_new(o, "defaults", d);
	return o;
}

void
audit_render_json(struct strbuf *out, const struct audit_report *r)
{
	json_t *root = json_object(), *a, *other = json_object();
	char *text;

	json_object_set_new(root, "audit", json_integer(1));
	json_object_set_new(root, "inventory", inventory(&r->inv));
	json_object_set_new(root, "annotations", annotations(r));
	a = json_array();
	for (size_t i = 0; i < r->ningresses; i++)
		json_array_append_new(a, ingress(r, i));
	json_object_set_new(root, "ingresses", a);
	a = json_array();
	for (size_t i = 0; i < r->ntargets; i++)
		json_array_append_new(a, target(&r->targets[i]));
	json_object_set_new(root, "targets", a);
	a = json_array();
	for (size_t k = 0; k < r->nranked; k++)
		json_array_append_new(a, json_string(
			r->targets[r->ranking[k]].t->name));
	json_object_set_new(root, "ranking", a);
	json_object_set_new(root, "ranking_rule",
		json_string(audit_ranking_rule));
	json_object_set_new(other, "errors", size(r->other_errors));
	json_object_set_new(other, "warnings", size(r->other_warnings));
	json_object_set_new(root, "other_findings", other);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_adds(out, text ? text : "{}");
	strbuf_addc(out, '\n');
	free(text);
	json_decref(root);
}
