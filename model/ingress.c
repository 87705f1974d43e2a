#include "compat.h"
#include "ingress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define CLASS_ANNOTATION "kubernetes.io/ingress.class"
#define DEFAULT_CLASS_ANNOTATION "ingressclass.kubernetes.io/is-default-class"

/* Reading one Ingress: where we are, for messages that name the field. */
struct reader {
	struct ing_world *w;
	const struct doc_set *set;
	struct diag_sink *sink;
	const char *ns, *name;		/* of the Ingress */
	const char *what;		/* "Ingress 'ns/name'", see what() */
	bool v1;			/* networking.k8s.io/v1 shape */
	int errors;
};

/*
 * The path of a field, such as spec.rules[0].http.paths[1].backend,
 * formatted only when a message names it: up's path, '.', name, then
 * "[idx]" when indexed.
 */
struct fld {
	const struct fld *up;
	const char *name;
	size_t idx;
	bool indexed;
};

static struct src_pos
pos(const struct reader *r, const struct doc_node *n)
{
	return doc_pos(r->set, n);
}

static const char *
what(struct reader *r)
{
	if (!r->what)
		r->what = arena_printf(&r->w->arena, "Ingress '%s/%s'", r->ns,
			r->name);
	return r->what;
}

static void
fld_add(struct strbuf *sb, const struct fld *f)
{
	if (f->up) {
		fld_add(sb, f->up);
		strbuf_addc(sb, '.');
	}
	strbuf_adds(sb, f->name);
	if (f->indexed)
		strbuf_addf(sb, "[%zu]", f->idx);
}

/* The path of f followed by suffix, in the world's arena. */
static const char *
fld_str(struct reader *r, const struct fld *f, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	fld_add(&sb, f);
	strbuf_adds(&sb, suffix);
	s = arena_strdup(&r->w->arena, sb.buf);
	strbuf_release(&sb);
	return s;
}

static void
missing(struct reader *r, const struct doc_node *parent, const char *field)
{
	diag_input_error(r->sink, "input/missing-field", pos(r, parent),
		"%s: missing required field '%s'", what(r), field);
	r->errors++;
}

static void
mistyped(struct reader *r, const struct doc_node *n, const char *field,
	const char *expected)
{
	diag_input_error(r->sink, "input/wrong-type", pos(r, n),
		"%s: '%s' must be %s", what(r), field, expected);
	r->errors++;
}

/* A field that may be absent but must be a mapping when present. */
static const struct doc_node *
opt_map(struct reader *r, const struct doc_node *parent, const char *key,
	const char *field)
{
	const struct doc_node *n = doc_get(parent, key);

	if (doc_is_null(n))
		return NULL;
	if (!doc_is_map(n)) {
		mistyped(r, n, field, "a mapping");
		return NULL;
	}
	return n;
}

static const struct doc_node *
opt_seq(struct reader *r, const struct doc_node *parent, const char *key,
	const char *field)
{
	const struct doc_node *n = doc_get(parent, key);

	if (doc_is_null(n))
		return NULL;
	if (!doc_is_seq(n)) {
		mistyped(r, n, field, "a list");
		return NULL;
	}
	return n;
}

static const char *
opt_str(struct reader *r, const struct doc_node *parent, const char *key,
	const char *field)
{
	const struct doc_node *n = doc_get(parent, key);

	if (doc_is_null(n))
		return NULL;
	if (!doc_is_scalar(n)) {
		mistyped(r, n, field, "a string");
		return NULL;
	}
	return doc_str(n);
}

static void
read_port(struct reader *r, struct ing_backend *b, const struct doc_node *n,
	const struct fld *f)
{
	long long v;
	bool number = false;	/* v1's port.number: an int32, no string */

	b->port_node = n;
	if (doc_is_map(n)) {		/* v1: {number} xor {name} */
		const struct doc_node *num = doc_get(n, "number");
		const struct doc_node *name = doc_get(n, "name");

		if (!doc_is_null(num) && !doc_is_null(name)) {
			diag_input_error(r->sink, "input/invalid-field",
				pos(r, n), "%s: '%s' sets both number and "
				"name; set one", what(r), fld_str(r, f, ""));
			r->errors++;
			return;
		}
		if (!doc_is_null(name)) {
			b->port_name = doc_str(name);
			b->port_node = name;
			return;
		}
		if (doc_is_null(num)) {
			missing(r, n, fld_str(r, f, ".number"));
			return;
		}
		n = num;
		b->port_node = num;
		number = true;
	}
	if (doc_int_overflows(n)) {
		diag_input_error(r->sink, "input/invalid-field", pos(r, n),
			"%s: '%s' is %s; a port number is 1 to 65535",
			what(r), fld_str(r, f, ""), doc_str(n));
		r->errors++;
		return;
	}
	if (number && (n->flags & DOC_F_QUOTED)) {
		/* the API server refuses it: a string is not an int32 */
		diag_input_error(r->sink, "input/wrong-type", pos(r, n),
			"%s: '%s' must be an integer, not the string \"%s\" "
			"(write number: %s)", what(r), fld_str(r, f, ".number"),
			doc_str(n), doc_str(n));
		r->errors++;
		return;
	}
	if (doc_int(n, &v)) {
		if (v < 1 || v > 65535) {
			diag_input_error(r->sink, "input/invalid-field",
				pos(r, n), "%s: '%s' is %lld; a port number "
				"is 1 to 65535", what(r), fld_str(r, f, ""), v);
			r->errors++;
			return;
		}
		b->port = (int)v;
		return;
	}
	if (doc_str(n) && !r->v1) {	/* IntOrString holding a name */
		b->port_name = doc_str(n);
		return;
	}
	mistyped(r, n, fld_str(r, f, ""), r->v1 ?
		"a mapping with number or name" :
		"a port number or name");
}

static void
read_backend(struct reader *r, struct ing_backend *b,
	const struct doc_node *n, const struct fld *f)
{
	const struct doc_node *svc, *res;

	b->node = n;
	if (!doc_is_map(n)) {
		mistyped(r, n, fld_str(r, f, ""), "a mapping");
		return;
	}
	res = opt_map(r, n, "resource", "resource");
	if (res) {
		b->resource_group = doc_str(doc_get(res, "apiGroup"));
		b->resource_kind = doc_str(doc_get(res, "kind"));
		b->resource_name = doc_str(doc_get(res, "name"));
		if (!b->resource_kind || !b->resource_name)
			missing(r, res, fld_str(r, f, b->resource_kind ?
				".resource.name" : ".resource.kind"));
		return;
	}
	if (!r->v1 || doc_get(n, "serviceName")) {
		b->service = opt_str(r, n, "serviceName", "serviceName");
		if (!b->service) {
			missing(r, n, fld_str(r, f, ".serviceName"));
			return;
		}
		if (doc_is_null(doc_get(n, "servicePort"))) {
			missing(r, n, fld_str(r, f, ".servicePort"));
			return;
		}
		read_port(r, b, doc_get(n, "servicePort"),
			&(struct fld){ .up = f, .name = "servicePort" });
		return;
	}
	svc = opt_map(r, n, "service", "service");
	if (!svc) {
		missing(r, n, fld_str(r, f, ".service"));
		return;
	}
	b->service = opt_str(r, svc, "name", "service.name");
	if (!b->service) {
		missing(r, svc, fld_str(r, f, ".service.name"));
		return;
	}
	if (doc_is_null(doc_get(svc, "port"))) {
		missing(r, svc, fld_str(r, f, ".service.port"));
		return;
	}
	read_port(r, b, doc_get(svc, "port"),
		&(struct fld){ .up = f, .name = "service.port" });
}

static void
read_path(struct reader *r, struct ing_path *p, const struct doc_node *n,
	const struct fld *f)
{
	const struct doc_node *t;
	const char *type;

	p->node = n;
	p->path = "/";		/* also when n is unusable: never NULL */
	if (!doc_is_map(n)) {
		mistyped(r, n, fld_str(r, f, ""), "a mapping");
		return;
	}
	p->path_node = doc_get(n, "path");
	p->path = opt_str(r, n, "path", "path");
	p->path_given = p->path && *p->path;
	if (!p->path_given)
		p->path = "/";
	t = doc_get(n, "pathType");
	type = doc_str(t);
	p->type_given = type != NULL;
	if (!type) {
		if (r->v1)
			missing(r, n, fld_str(r, f, ".pathType"));
		p->type = ING_PATH_IMPLEMENTATION_SPECIFIC;
	} else if (!strcmp(type, "Exact")) {
		p->type = ING_PATH_EXACT;
	} else if (!strcmp(type, "Prefix")) {
		p->type = ING_PATH_PREFIX;
	} else if (!strcmp(type, "ImplementationSpecific")) {
		p->type = ING_PATH_IMPLEMENTATION_SPECIFIC;
	} else {
		diag_input_error(r->sink, "input/invalid-field", pos(r, t),
			"%s: '%s.pathType' is '%s'; it must be Exact, Prefix "
			"or ImplementationSpecific", what(r), fld_str(r, f, ""),
			type);
		r->errors++;
	}
	if (doc_is_null(doc_get(n, "backend"))) {
		missing(r, n, fld_str(r, f, ".backend"));
		return;
	}
	read_backend(r, &p->backend, doc_get(n, "backend"),
		&(struct fld){ .up = f, .name = "backend" });
}

static void
read_rules(struct reader *r, struct ingress *ing, const struct doc_node *spec)
{
	const struct doc_node *rules = opt_seq(r, spec, "rules", "spec.rules");

	ing->nrules = doc_len(rules);
	ing->rules = arena_alloc(&r->w->arena,
		ing->nrules * sizeof(*ing->rules));
	for (size_t i = 0; i < ing->nrules; i++) {
		struct ing_rule *rule = &ing->rules[i];
		const struct doc_node *n = doc_item(rules, i), *http, *paths;
		struct fld f = { .name = "spec.rules", .idx = i,
			.indexed = true };

		rule->node = n;
		if (!doc_is_map(n)) {
			mistyped(r, n, fld_str(r, &f, ""), "a mapping");
			continue;
		}
		rule->host_node = doc_get(n, "host");
		rule->host = opt_str(r, n, "host", "host");
		if (rule->host && !*rule->host)
			rule->host = NULL;
		http = opt_map(r, n, "http", "http");
		if (!http)
			continue;	/* a host with no paths: default backend */
		paths = opt_seq(r, http, "paths", "http.paths");
		if (!paths) {
			missing(r, http, fld_str(r, &f, ".http.paths"));
			continue;
		}
		rule->npaths = doc_len(paths);
		rule->paths = arena_alloc(&r->w->arena,
			rule->npaths * sizeof(*rule->paths));
		for (size_t j = 0; j < rule->npaths; j++)
			read_path(r, &rule->paths[j], doc_item(paths, j),
				&(struct fld){ .up = &f, .name = "http.paths",
				.idx = j, .indexed = true });
	}
}

static void
read_tls(struct reader *r, struct ingress *ing, const struct doc_node *spec)
{
	const struct doc_node *tls = opt_seq(r, spec, "tls", "spec.tls");

	ing->ntls = doc_len(tls);
	ing->tls = arena_alloc(&r->w->arena, ing->ntls * sizeof(*ing->tls));
	for (size_t i = 0; i < ing->ntls; i++) {
		struct ing_tls *t = &ing->tls[i];
		const struct doc_node *n = doc_item(tls, i), *hosts;

		t->node = n;
		if (!doc_is_map(n)) {
			mistyped(r, n, "spec.tls[]", "a mapping");
			continue;
		}
		t->secret = opt_str(r, n, "secretName", "secretName");
		if (t->secret && !*t->secret)
			t->secret = NULL;
		hosts = opt_seq(r, n, "hosts", "hosts");
		t->nhosts = doc_len(hosts);
		t->hosts = arena_alloc(&r->w->arena,
			t->nhosts * sizeof(*t->hosts));
		t->host_nodes = arena_alloc(&r->w->arena,
			t->nhosts * sizeof(*t->host_nodes));
		for (size_t j = 0; j < t->nhosts; j++) {
			t->host_nodes[j] = doc_item(hosts, j);
			t->hosts[j] = doc_str(t->host_nodes[j]);
			if (!t->hosts[j])
				mistyped(r, t->host_nodes[j],
					"spec.tls[].hosts[]", "a host name");
		}
	}
}

static void
read_ingress(struct ing_world *w, struct ingress *ing,
	const struct k8s_object *o, struct diag_sink *sink)
{
	struct reader r = { .w = w, .set = w->set, .sink = sink };
	const struct doc_node *spec, *def;

	ing->obj = o;
	ing->api_version = o->api_version;
	ing->name = o->name;
	ing->ns = o->ns ? o->ns : "default";
	r.v1 = !strcmp(o->api_version, "networking.k8s.io/v1");
	r.ns = ing->ns;
	r.name = o->name ? o->name : "?";
	/* a field there but of the wrong shape is not a missing one */
	if (!doc_is_null(o->metadata) && !doc_is_map(o->metadata)) {
		mistyped(&r, o->metadata, "metadata", "a mapping");
		return;
	}
	if (!o->name) {
		missing(&r, o->metadata ? o->metadata : o->root,
			"metadata.name");
		return;
	}
	ing->annotations = opt_map(&r, o->metadata, "annotations",
		"metadata.annotations");
	ing->creation_timestamp = doc_str(doc_get(o->metadata,
		"creationTimestamp"));
	ing->class_annotation_node = doc_get(ing->annotations,
		CLASS_ANNOTATION);
	ing->class_annotation = doc_str(ing->class_annotation_node);
	spec = opt_map(&r, o->root, "spec", "spec");
	if (!spec) {
		if (doc_is_null(doc_get(o->root, "spec")))
			missing(&r, o->root, "spec");
		return;
	}
	ing->class_field_node = doc_get(spec, "ingressClassName");
	ing->class_field = opt_str(&r, spec, "ingressClassName",
		"spec.ingressClassName");
	def = doc_get(spec, r.v1 ? "defaultBackend" : "backend");
	if (doc_is_null(def))
		def = doc_get(spec, r.v1 ? "backend" : "defaultBackend");
	if (!doc_is_null(def)) {
		ing->has_default_backend = true;
		read_backend(&r, &ing->default_backend, def,
			&(struct fld){ .name = r.v1 ? "spec.defaultBackend" :
			"spec.backend" });
	}
	read_rules(&r, ing, spec);
	read_tls(&r, ing, spec);
	if (!ing->has_default_backend && !ing->nrules && !r.errors)
		missing(&r, spec, "spec.rules' or 'spec.defaultBackend");
}

static void
read_service(struct ing_world *w, struct ing_service *s,
	const struct k8s_object *o)
{
	const struct doc_node *ports = doc_path(o->root, "spec.ports");

	s->obj = o;
	s->name = o->name;
	s->ns = o->ns ? o->ns : "default";
	s->nports = doc_len(ports);
	s->ports = arena_alloc(&w->arena, s->nports * sizeof(*s->ports));
	for (size_t i = 0; i < s->nports; i++) {
		const struct doc_node *p = doc_item(ports, i);
		long long v = 0;

		s->ports[i].name = doc_str(doc_get(p, "name"));
		if (doc_int(doc_get(p, "port"), &v))
			s->ports[i].port = (int)v;
		s->ports[i].app_protocol = doc_str(doc_get(p, "appProtocol"));
	}
}

static bool
is_kind(const struct k8s_object *o, const char *group, const char *kind)
{
	char buf[128];

	return !strcmp(o->kind, kind) &&
		!strcmp(k8s_api_group(o->api_version, buf, sizeof(buf)), group);
}

static bool
is_ingress_api(const char *api_version)
{
	return !strcmp(api_version, "networking.k8s.io/v1") ||
		!strcmp(api_version, "networking.k8s.io/v1beta1") ||
		!strcmp(api_version, "extensions/v1beta1");
}

#define GROW(arr, n) \
	((arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))), &(arr)[(n)++])

static void
resolve_classes(struct ing_world *w, struct diag_sink *sink)
{
	const struct ing_class *def = NULL;
	size_t ndefaults = 0;

	for (size_t i = 0; i < w->nclasses; i++)
		if (w->classes[i].is_default) {
			if (!def)
				def = &w->classes[i];
			ndefaults++;
		}
	if (ndefaults > 1) {
		diag_add(sink, DIAG_WARNING, "input/multiple-default-classes",
			doc_pos(w->set, def->obj->root),
			"%zu IngressClasses are marked default; the API server "
			"refuses new class-less Ingresses then, so none is "
			"applied", ndefaults);
		def = NULL;
	}
	for (size_t i = 0; i < w->ningresses; i++) {
		struct ingress *ing = &w->ingresses[i];

		if (ing->class_field) {
			ing->class_name = ing->class_field;
			ing->class_source = ING_CLASS_FIELD;
		} else if (ing->class_annotation) {
			ing->class_name = ing->class_annotation;
			ing->class_source = ING_CLASS_ANNOTATION;
		} else if (def) {
			ing->class_name = def->name;
			ing->class_source = ING_CLASS_DEFAULT;
		}
	}
}

int
ing_world_load(struct ing_world *w, const struct doc_set *set,
	const struct k8s_objects *objs, struct diag_sink *sink)
{
	size_t before = sink->input_errors;

	memset(w, 0, sizeof(*w));
	w->set = set;
	for (size_t i = 0; i < objs->len; i++) {
		const struct k8s_object *o = &objs->items[i];

		if (!strcmp(o->kind, "Ingress") && is_ingress_api(o->api_version)) {
			struct ingress *ing = GROW(w->ingresses, w->ningresses);

			memset(ing, 0, sizeof(*ing));
			read_ingress(w, ing, o, sink);
		} else if (is_kind(o, "networking.k8s.io", "IngressClass") &&
			   o->name) {
			struct ing_class *c = GROW(w->classes, w->nclasses);
			const struct doc_node *ann =
				doc_path(o->root, "metadata.annotations");
			const char *d = doc_str(doc_get(ann,
				DEFAULT_CLASS_ANNOTATION));

			c->name = o->name;
			c->controller = doc_str(doc_path(o->root,
				"spec.controller"));
			c->is_default = d && !strcmp(d, "true");
			c->obj = o;
		} else if (is_kind(o, "", "Service") && o->name) {
			read_service(w, GROW(w->services, w->nservices), o);
		} else if (is_kind(o, "", "Secret") && o->name) {
			struct ing_named *s = GROW(w->secrets, w->nsecrets);

			s->name = o->name;
			s->ns = o->ns ? o->ns : "default";
			s->obj = o;
		} else if (is_kind(o, "", "ConfigMap") && o->name) {
			struct ing_named *s = GROW(w->configmaps,
				w->nconfigmaps);

			s->name = o->name;
			s->ns = o->ns ? o->ns : "default";
			s->obj = o;
		}
	}
	for (size_t i = 0; i < w->nservices; i++)
		strmap_put(&w->service_index, arena_printf(&w->arena, "%s/%s",
			w->services[i].ns, w->services[i].name),
			&w->services[i]);
	resolve_classes(w, sink);
	return sink->input_errors > before ? ERR_INVALID : 0;
}

void
ing_world_release(struct ing_world *w)
{
	free(w->ingresses);
	free(w->classes);
	free(w->services);
	free(w->secrets);
	free(w->configmaps);
	strmap_release(&w->service_index);
	arena_release(&w->arena);
	memset(w, 0, sizeof(*w));
}

const struct ing_service *
ing_world_service(const struct ing_world *w, const char *ns, const char *name)
{
	char key[512];

	if (snprintf(key, sizeof(key), "%s/%s", ns, name) >= (int)sizeof(key))
		return NULL;	/* longer than any valid namespace/name */
	return strmap_get(&w->service_index, key);
}

const struct ing_class *
ing_world_class(const struct ing_world *w, const char *name)
{
	for (size_t i = 0; i < w->nclasses; i++)
		if (!strcmp(w->classes[i].name, name))
			return &w->classes[i];
	return NULL;
}

bool
ing_world_has_secret(const struct ing_world *w, const char *ns,
	const char *name)
{
	for (size_t i = 0; i < w->nsecrets; i++)
		if (!strcmp(w->secrets[i].ns, ns) &&
		    !strcmp(w->secrets[i].name, name))
			return true;
	return false;
}

const char *
ing_path_type_name(enum ing_path_type t)
{
	switch (t) {
	case ING_PATH_EXACT: return "Exact";
	case ING_PATH_PREFIX: return "Prefix";
	case ING_PATH_IMPLEMENTATION_SPECIFIC: return "ImplementationSpecific";
	}
	return "?";
}
