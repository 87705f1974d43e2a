/*
 * sarif_check: a structural check of a SARIF 2.1.0 log against the
 * properties the SARIF 2.1.0 JSON schema requires and the ones GitHub code
 * scanning needs (GitHub Docs, "SARIF support for code scanning"):
 *
 *	sarifLog: version "2.1.0", $schema (sarif-2.1.0), runs[]
 *	run: tool.driver {name, rules[] {id, shortDescription.text}},
 *	     results[] (may be empty)
 *	result: ruleId (in rules[]; ruleIndex agrees), level (none, note,
 *	     warning, error), message.text, locations[] (at least one) with
 *	     physicalLocation {artifactLocation.uri, region.startLine >= 1},
 *	     partialFingerprints (an object of strings)
 *
 *	sarif_check [--results N|--some-results] [--uri URI] FILE
 *
 * --results N: exactly N results; --some-results: at least one; --uri:
 * every result's first location has this artifact URI. Prints each
 * problem with its JSON path; exits 0 when the log is valid, 1 when not,
 * 2 on usage or unreadable JSON.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int problems;

static void
bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("sarif_check: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	problems++;
}

/* A non-empty string member; reports it missing under path. */
static const char *
need_str(json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || !*json_string_value(v)) {
		bad("%s.%s: missing or not a non-empty string", path, key);
		return NULL;
	}
	return json_string_value(v);
}

static json_t *
need_obj(json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_object(v)) {
		bad("%s.%s: missing or not an object", path, key);
		return NULL;
	}
	return v;
}

static json_t *
need_arr(json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_array(v)) {
		bad("%s.%s: missing or not an array", path, key);
		return NULL;
	}
	return v;
}

static void
check_result(json_t *res, const char *path, json_t *rules, const char *uri)
{
	char p[256];
	const char *id = need_str(res, "ruleId", path);
	const char *level = need_str(res, "level", path);
	json_t *msg = need_obj(res, "message", path);
	json_t *locs = need_arr(res, "locations", path);
	json_t *fp = need_obj(res, "partialFingerprints", path);
	json_t *idx = json_object_get(res, "ruleIndex");
	bool found = false;
	size_t i;
	json_t *v;
	const char *k;

	if (id) {
		json_array_foreach(rules, i, v) {
			const char *rid = json_string_value(
				json_object_get(v, "id"));

			if (rid && !strcmp(rid, id)) {
				found = true;
				if (idx && json_integer_value(idx) !=
				    (json_int_t)i)
					bad("%s.ruleIndex: %lld is not the "
						"index %zu of rule '%s'", path,
						(long long)json_integer_value(
						idx), i, id);
			}
		}
		if (!found)
			bad("%s.ruleId: '%s' is not in tool.driver.rules",
				path, id);
	}
	if (level && strcmp(level, "none") && strcmp(level, "note") &&
	    strcmp(level, "warning") && strcmp(level, "error"))
		bad("%s.level: '%s' is not none, note, warning or error",
			path, level);
	if (msg) {
		snprintf(p, sizeof(p), "%s.message", path);
		need_str(msg, "text", p);
	}
	if (locs && !json_array_size(locs))
		bad("%s.locations: empty", path);
	json_array_foreach(locs, i, v) {
		json_t *phys, *art, *region, *line;

		snprintf(p, sizeof(p), "%s.locations[%zu]", path, i);
		if (!(phys = need_obj(v, "physicalLocation", p)))
			continue;
		snprintf(p, sizeof(p), "%s.locations[%zu].physicalLocation",
			path, i);
		if ((art = need_obj(phys, "artifactLocation", p))) {
			char pa[300];
			const char *u;

			snprintf(pa, sizeof(pa), "%s.artifactLocation", p);
			u = need_str(art, "uri", pa);
			if (u && uri && i == 0 && strcmp(u, uri))
				bad("%s.uri: '%s', expected '%s'", pa, u, uri);
		}
		if ((region = need_obj(phys, "region", p))) {
			line = json_object_get(region, "startLine");
			if (!json_is_integer(line) ||
			    json_integer_value(line) < 1)
				bad("%s.region.startLine: missing or < 1", p);
		}
	}
	if (fp && !json_object_size(fp))
		bad("%s.partialFingerprints: empty", path);
	json_object_foreach(fp, k, v)
		if (!json_is_string(v) || !*json_string_value(v))
			bad("%s.partialFingerprints.%s: not a string", path, k);
}

int
main(int argc, char **argv)
{
	long want = -1;
	bool some = false;
	const char *uri = NULL, *file = NULL;
	json_error_t err;
	json_t *root, *runs, *v;
	const char *schema, *version;
	size_t i, nresults = 0;

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--results") && a + 1 < argc)
			want = strtol(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--some-results"))
			some = true;
		else if (!strcmp(argv[a], "--uri") && a + 1 < argc)
			uri = argv[++a];
		else if (!file)
			file = argv[a];
		else
			file = NULL, a = argc;
	}
	if (!file) {
		fputs("usage: sarif_check [--results N|--some-results] "
			"[--uri URI] FILE\n", stderr);
		return 2;
	}
	root = json_load_file(file, 0, &err);
	if (!root) {
		fprintf(stderr, "sarif_check: %s:%d: %s\n", file, err.line,
			err.text);
		return 2;
	}
	if (!json_is_object(root)) {
		bad("the log is not a JSON object");
		goto out;
	}
	version = need_str(root, "version", "$");
	if (version && strcmp(version, "2.1.0"))
		bad("$.version: '%s', not '2.1.0'", version);
	schema = need_str(root, "$schema", "$");
	if (schema && !strstr(schema, "sarif-2.1.0") &&
	    !strstr(schema, "sarif-schema-2.1.0"))
		bad("$.$schema: '%s' is not the SARIF 2.1.0 schema", schema);
	if (!(runs = need_arr(root, "runs", "$")))
		goto out;
	if (!json_array_size(runs))
		bad("$.runs: empty");
	json_array_foreach(runs, i, v) {
		char p[64];
		json_t *tool, *driver, *rules, *results, *r;
		size_t j;

		snprintf(p, sizeof(p), "$.runs[%zu]", i);
		if (!(tool = need_obj(v, "tool", p)))
			continue;
		snprintf(p, sizeof(p), "$.runs[%zu].tool", i);
		if (!(driver = need_obj(tool, "driver", p)))
			continue;
		snprintf(p, sizeof(p), "$.runs[%zu].tool.driver", i);
		need_str(driver, "name", p);
		if (!(rules = need_arr(driver, "rules", p)))
			continue;
		json_array_foreach(rules, j, r) {
			char pr[96], ps[128];
			json_t *sd;

			snprintf(pr, sizeof(pr), "%s.rules[%zu]", p, j);
			need_str(r, "id", pr);
			if ((sd = need_obj(r, "shortDescription", pr))) {
				snprintf(ps, sizeof(ps), "%s.shortDescription",
					pr);
				need_str(sd, "text", ps);
			}
		}
		snprintf(p, sizeof(p), "$.runs[%zu]", i);
		if (!(results = need_arr(v, "results", p)))
			continue;
		json_array_foreach(results, j, r) {
			char pr[96];

			snprintf(pr, sizeof(pr), "$.runs[%zu].results[%zu]", i,
				j);
			check_result(r, pr, rules, uri);
		}
		nresults += json_array_size(results);
	}
	if (want >= 0 && nresults != (size_t)want)
		bad("%zu results, expected %ld", nresults, want);
	if (some && !nresults)
		bad("no results, expected some");
out:
	json_decref(root);
	if (!problems)
		printf("%s: valid SARIF 2.1.0 (%zu results)\n", file,
			nresults);
	return problems ? 1 : 0;
}
