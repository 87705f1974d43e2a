/*
 * audit_check SCHEMA REPORT...: checks `ing2gw audit -o json` reports
 * against audit/audit.schema.json, and that their numbers add up.
 *
 * The validator knows the keywords the schema uses (JSON Schema 2020-12):
 * type (a name or a list), const, enum, minimum, required, properties,
 * additionalProperties (false or a schema), items, and $ref to
 * "#/$defs/NAME"; it fails on any other keyword, so that the schema
 * cannot say more than is checked. Then, per report: every target's
 * exact + changes + blocked is inventory.ingresses, which is the length
 * of ingresses; each Ingress's targets object names every target and its
 * statuses add up to the targets' counts; ranking lists the targets with
 * a rank, by rank; each class's and namespace's Ingresses add up too.
 *
 * Prints each problem with its JSON path and "N ok, N failed"; exits 0
 * when all pass, 1 when one fails, 2 on usage or read errors.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

static json_t *schema_root;
static size_t problems;

static void
problem(const char *file, const char *path, const char *what)
{
	printf("%s: %s: %s\n", file, *path ? path : "(root)", what);
	problems++;
}

static bool
is_type(const json_t *v, const char *type)
{
	if (!strcmp(type, "object"))
		return json_is_object(v);
	if (!strcmp(type, "array"))
		return json_is_array(v);
	if (!strcmp(type, "string"))
		return json_is_string(v);
	if (!strcmp(type, "integer"))
		return json_is_integer(v);
	if (!strcmp(type, "number"))
		return json_is_number(v);
	if (!strcmp(type, "boolean"))
		return json_is_boolean(v);
	if (!strcmp(type, "null"))
		return json_is_null(v);
	return false;
}

static const char *const known[] = { "$schema", "$defs", "title",
	"description", "type", "const", "enum", "minimum", "required",
	"properties", "additionalProperties", "items", "$ref" };

static void validate(const char *file, const char *path, const json_t *v,
	const json_t *s);

static void
check_object(const char *file, const char *path, const json_t *v,
	const json_t *s)
{
	const json_t *req = json_object_get(s, "required");
	const json_t *props = json_object_get(s, "properties");
	const json_t *extra = json_object_get(s, "additionalProperties");
	const char *key;
	json_t *item;
	size_t i;
	char sub[1024];

	json_array_foreach(req, i, item)
		if (!json_object_get(v, json_string_value(item))) {
			snprintf(sub, sizeof(sub), "required key '%s' missing",
				json_string_value(item));
			problem(file, path, sub);
		}
	json_object_foreach((json_t *)v, key, item) {
		const json_t *ps = props ? json_object_get(props, key) : NULL;

		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		if (ps)
			validate(file, sub, item, ps);
		else if (json_is_false(extra))
			problem(file, sub, "key not in the schema");
		else if (json_is_object(extra))
			validate(file, sub, item, extra);
	}
}

static void
validate(const char *file, const char *path, const json_t *v,
	const json_t *s)
{
	const json_t *t, *x;
	const char *key;
	json_t *item;
	size_t i;
	char sub[1024];

	json_object_foreach((json_t *)s, key, item) {
		bool ok = false;

		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			ok |= !strcmp(key, known[k]);
		if (!ok) {
			snprintf(sub, sizeof(sub), "schema keyword '%s' is not "
				"checked by audit_check", key);
			problem("schema", path, sub);
		}
	}
	if ((x = json_object_get(s, "$ref"))) {
		const char *ref = json_string_value(x);
		const json_t *def = NULL;

		if (ref && !strncmp(ref, "#/$defs/", 8))
			def = json_object_get(json_object_get(schema_root,
				"$defs"), ref + 8);
		if (!def)
			problem("schema", path, "unresolved $ref");
		else
			validate(file, path, v, def);
	}
	if ((t = json_object_get(s, "type"))) {
		bool ok = false;

		if (json_is_string(t))
			ok = is_type(v, json_string_value(t));
		json_array_foreach(t, i, item)
			ok |= is_type(v, json_string_value(item));
		if (!ok) {
			problem(file, path, "wrong type");
			return;
		}
	}
	if ((x = json_object_get(s, "const")) && !json_equal((json_t *)v, x))
		problem(file, path, "not the constant the schema gives");
	if ((x = json_object_get(s, "enum"))) {
		bool ok = false;

		json_array_foreach(x, i, item)
			ok |= json_equal((json_t *)v, item);
		if (!ok)
			problem(file, path, "not one of the enum's values");
	}
	if ((x = json_object_get(s, "minimum")) && json_is_number(v) &&
	    json_number_value(v) < json_number_value(x))
		problem(file, path, "below the minimum");
	if (json_is_object(v))
		check_object(file, path, v, s);
	if (json_is_array(v) && (x = json_object_get(s, "items")))
		json_array_foreach((json_t *)v, i, item) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			validate(file, sub, item, x);
		}
}

static json_int_t
num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sums, once the shape is right. */
static void
check_sums(const char *file, const json_t *r)
{
	const json_t *inv = json_object_get(r, "inventory");
	const json_t *ings = json_object_get(r, "ingresses");
	const json_t *targets = json_object_get(r, "targets");
	const json_t *ranking = json_object_get(r, "ranking");
	json_int_t n = num(inv, "ingresses"), sum;
	const char *lists[] = { "namespaces", "classes", "providers" };
	json_t *t, *ing, *item;
	size_t i, j, ranked = 0;
	json_int_t last = 0;
	char msg[512];

	if ((json_int_t)json_array_size(ings) != n)
		problem(file, ".ingresses", "not inventory.ingresses long");
	for (size_t l = 0; l < 3; l++) {
		sum = 0;
		json_array_foreach(json_object_get(inv, lists[l]), i, item)
			sum += num(item, "ingresses");
		if (sum != n) {
			snprintf(msg, sizeof(msg), "%s add up to %lld, not "
				"%lld", lists[l], (long long)sum, (long long)n);
			problem(file, ".inventory", msg);
		}
	}
	json_array_foreach(targets, i, t) {
		const char *name = json_string_value(json_object_get(t,
			"name"));
		const char *st[] = { "exact", "changes", "blocked" };
		json_int_t per[3] = { 0 };

		if (num(t, "exact") + num(t, "changes") + num(t, "blocked") !=
		    n) {
			snprintf(msg, sizeof(msg), "target %s: exact + changes "
				"+ blocked is not %lld", name, (long long)n);
			problem(file, ".targets", msg);
		}
		json_array_foreach(ings, j, ing) {
			const char *s = json_string_value(json_object_get(
				json_object_get(ing, "targets"), name));

			for (size_t k = 0; s && k < 3; k++)
				per[k] += !strcmp(s, st[k]);
			if (!s) {
				snprintf(msg, sizeof(msg), "ingresses[%zu] has "
					"no status for target %s", j, name);
				problem(file, ".ingresses", msg);
			}
		}
		for (size_t k = 0; k < 3; k++)
			if (per[k] != num(t, st[k])) {
				snprintf(msg, sizeof(msg), "target %s: %lld "
					"Ingresses %s, the target says %lld",
					name, (long long)per[k], st[k],
					(long long)num(t, st[k]));
				problem(file, ".targets", msg);
			}
		if (!json_is_null(json_object_get(t, "rank")))
			ranked++;
	}
	if (json_array_size(ranking) != ranked)
		problem(file, ".ranking", "not every ranked target");
	json_array_foreach(ranking, i, item) {
		json_int_t rank = -1;

		json_array_foreach(targets, j, t)
			if (json_equal(json_object_get(t, "name"), item))
				rank = json_is_integer(json_object_get(t,
					"rank")) ? num(t, "rank") : -1;
		if (rank < last) {
			problem(file, ".ranking", "not in rank order");
			break;
		}
		last = rank;
	}
}

int
main(int argc, char **argv)
{
	json_error_t err;
	size_t ok = 0, failed = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: audit_check SCHEMA REPORT...\n");
		return 2;
	}
	if (!(schema_root = json_load_file(argv[1], 0, &err))) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], err.line, err.text);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		json_t *r = json_load_file(argv[i], 0, &err);
		size_t before = problems;

		if (!r) {
			fprintf(stderr, "%s:%d: %s\n", argv[i], err.line,
				err.text);
			return 2;
		}
		validate(argv[i], "", r, schema_root);
		if (problems == before)
			check_sums(argv[i], r);
		if (problems == before) {
			ok++;
			printf("ok %s\n", argv[i]);
		} else {
			failed++;
		}
		json_decref(r);
	}
	json_decref(schema_root);
	printf("%zu ok, %zu failed\n", ok, failed);
	return failed ? 1 : 0;
}
