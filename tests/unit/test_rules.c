/*
 * Unit tests of the diagnostic catalogue (model/diag_rules.h) and of the
 * list of every rule (cli/rules.h): the entries' shape, the lookups, the
 * suggestions for an unknown id, and the JSON, text and scdoc renderings.
 * That the examples report their rules is tests/tools/rule_examples.c.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "catalogue.h"
#include "diag_rules.h"
#include "rules.h"

static const char *const families[] = { "input", "convert", "nginx",
	"replay", "shadow" };

static size_t
family_index(const char *id)
{
	for (size_t i = 0; i < ARRAY_LEN(families); i++) {
		size_t n = strlen(families[i]);

		if (!strncmp(id, families[i], n) && id[n] == '/')
			return i;
	}
	return ARRAY_LEN(families);
}

static bool
valid_name(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	return s[-1] != '-';
}

static void
test_entries(void **state)
{
	size_t n, nl, last = 0;
	const struct diag_rule *r = diag_rules(&n);
	const struct lint_rule *l = lint_catalogue(&nl);

	(void)state;
	assert_true(n > 80);
	for (size_t i = 0; i < n; i++) {
		size_t f = family_index(r[i].id);
		size_t len = strlen(r[i].summary);

		/* a known family, grouped in order */
		assert_true(f < ARRAY_LEN(families));
		assert_true(f >= last);
		last = f;
		assert_true(valid_name(strchr(r[i].id, '/') + 1));
		/* one unique id in both catalogues */
		assert_ptr_equal(diag_rule_find(r[i].id), &r[i]);
		assert_null(lint_rule_find(r[i].id));
		assert_true(r[i].severity == DIAG_INFO ||
			r[i].severity == DIAG_WARNING ||
			r[i].severity == DIAG_ERROR);
		/* a line, no sentence: it follows "id (severity)" */
		assert_true(len > 0 && len <= 80);
		assert_true(r[i].summary[len - 1] != '.');
		assert_non_null(strchr(r[i].explanation, ' '));
		assert_int_equal(r[i].explanation[strlen(r[i].explanation) - 1],
			'.');
		assert_int_equal(r[i].fix[strlen(r[i].fix) - 1], '.');
		assert_true(r[i].severity_note == NULL ||
			(*r[i].severity_note && r[i].severity_note[strlen(
			r[i].severity_note) - 1] != '.'));
		/* the first line is the command */
		assert_int_equal(strncmp(r[i].example, "# ing2gw ", 9), 0);
		assert_non_null(strchr(r[i].example, '\n'));
		if (i + 1 < n && family_index(r[i + 1].id) == f &&
		    f != 0)	/* input is in reading order */
			assert_true(strcmp(r[i].id, r[i + 1].id) < 0);
	}
	for (size_t i = 0; i < nl; i++)
		assert_null(diag_rule_find(l[i].id));
}

static void
test_lookup(void **state)
{
	const struct diag_rule *r;
	struct rules_entry e;

	(void)state;
	r = diag_rule_find("convert/wildcard-depth");
	assert_non_null(r);
	assert_int_equal(r->severity, DIAG_WARNING);
	assert_int_equal(diag_rule_area(r), DIAG_AREA_CONVERT);
	assert_int_equal(diag_rule_area(diag_rule_find("nginx/canary-weight")),
		DIAG_AREA_CONVERT);
	assert_int_equal(diag_rule_area(diag_rule_find("input/read")),
		DIAG_AREA_INPUT);
	assert_int_equal(diag_rule_area(diag_rule_find("replay/bad-sample")),
		DIAG_AREA_REPLAY);
	assert_null(diag_rule_find("convert/wildcard"));
	assert_null(diag_rule_find("convert/"));
	assert_null(diag_rule_find("wildcard-depth"));
	assert_null(diag_rule_find(""));

	assert_true(rules_find("ingress/wildcard-depth", &e));
	assert_int_equal(e.area, RULES_LINT);
	assert_null(e.fix);
	assert_non_null(e.fixed_example);
	assert_non_null(e.refs);
	assert_true(rules_find("input/config", &e));
	assert_int_equal(e.area, RULES_INPUT);
	assert_non_null(e.fix);
	assert_null(e.fixed_example);
	assert_false(rules_find("convert/no-such-rule", &e));

	assert_int_equal(rules_area_parse("all"), RULES_ALL);
	assert_int_equal(rules_area_parse("lint"), RULES_LINT);
	assert_int_equal(rules_area_parse("nginx"), 0);
	assert_string_equal(rules_area_name(RULES_REPLAY), "replay");
}

static void
test_collect(void **state)
{
	size_t n, nd, nl, k, counts[4] = { 0 };
	struct rules_entry *all, *some;

	(void)state;
	diag_rules(&nd);
	lint_catalogue(&nl);
	all = rules_collect(RULES_ALL, &n);
	assert_int_equal(n, nd + nl);
	/* by area: input, convert, replay, lint */
	for (size_t i = 0, last = 0; i < n; i++) {
		size_t a = all[i].area == RULES_INPUT ? 0 :
			all[i].area == RULES_CONVERT ? 1 :
			all[i].area == RULES_REPLAY ? 2 : 3;

		assert_true(a >= last);
		last = a;
		counts[a]++;
	}
	assert_true(counts[0] && counts[1] && counts[2]);
	assert_int_equal(counts[3], nl);
	some = rules_collect(RULES_INPUT | RULES_CONVERT, &k);
	assert_int_equal(k, counts[0] + counts[1]);
	for (size_t i = 0; i < k; i++)
		assert_true(some[i].area == RULES_INPUT ||
			some[i].area == RULES_CONVERT);
	free(some);
	some = rules_collect(RULES_LINT, &k);
	assert_int_equal(k, nl);
	free(some);
	free(all);
}

static void
test_suggest(void **state)
{
	const char *near[3];

	(void)state;
	assert_int_equal(diag_rule_distance("abc", "abc"), 0);
	assert_int_equal(diag_rule_distance("abc", "abd"), 1);
	assert_int_equal(diag_rule_distance("", "abc"), 3);
	assert_int_equal(diag_rule_distance("convert/wildcard-dept",
		"convert/wildcard-depth"), 1);

	assert_int_equal(rules_suggest("convert/wildcard-dept", near, 3), 1);
	assert_string_equal(near[0], "convert/wildcard-depth");
	/* a typo in the family */
	assert_int_equal(rules_suggest("convret/nginx-hsts", near, 3), 1);
	assert_string_equal(near[0], "convert/nginx-hsts");
	/* no family: every rule of that name */
	assert_int_equal(rules_suggest("wildcard-depth", near, 3), 2);
	assert_string_equal(near[0], "convert/wildcard-depth");
	assert_string_equal(near[1], "ingress/wildcard-depth");
	assert_int_equal(rules_suggest("nginx-hsts", near, 3), 1);
	assert_string_equal(near[0], "convert/nginx-hsts");
	/* a lint rule */
	assert_int_equal(rules_suggest("route/prefix-matches", near, 3), 1);
	assert_string_equal(near[0], "route/prefix-match");
	/* nothing close */
	assert_int_equal(rules_suggest("something/else-entirely", near, 3), 0);
	assert_int_equal(rules_suggest("x", near, 3), 0);
}

static const char *const members[] = { "id", "area", "severity",
	"severity_note", "summary", "explanation", "example", "fix",
	"fixed_example", "refs" };

static void
test_json(void **state)
{
	size_t n;
	struct rules_entry *e = rules_collect(RULES_ALL, &n);
	struct strbuf out = STRBUF_INIT;
	json_error_t err;
	json_t *root, *list;

	(void)state;
	rules_render(&out, e, n, RULES_JSON);
	root = json_loads(out.buf, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_object_size(root), 1);
	list = json_object_get(root, "rules");
	assert_true(json_is_array(list));
	assert_int_equal(json_array_size(list), n);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		const char *key;
		json_t *v;
		size_t k = 0;
		bool lint = e[i].area == RULES_LINT;

		assert_true(json_is_object(o));
		/* the members, in this order */
		json_object_foreach(o, key, v) {
			assert_true(k < ARRAY_LEN(members));
			assert_string_equal(key, members[k]);
			k++;
		}
		assert_int_equal(k, ARRAY_LEN(members));
		assert_string_equal(json_string_value(json_object_get(o, "id")),
			e[i].id);
		assert_string_equal(json_string_value(json_object_get(o,
			"area")), rules_area_name(e[i].area));
		assert_string_equal(json_string_value(json_object_get(o,
			"severity")), diag_severity_name(e[i].severity));
		assert_true(json_is_string(json_object_get(o, "summary")));
		assert_true(json_is_string(json_object_get(o, "explanation")));
		assert_true(json_is_string(json_object_get(o, "example")));
		assert_true(e[i].severity_note ?
			json_is_string(json_object_get(o, "severity_note")) :
			json_is_null(json_object_get(o, "severity_note")));
		/* lint rules: a fixed example and refs instead of a fix */
		assert_true(lint ? json_is_null(json_object_get(o, "fix")) :
			json_is_string(json_object_get(o, "fix")));
		assert_true(lint ?
			json_is_string(json_object_get(o, "fixed_example")) :
			json_is_null(json_object_get(o, "fixed_example")));
		assert_true(lint ? json_is_string(json_object_get(o, "refs")) :
			json_is_null(json_object_get(o, "refs")));
	}
	json_decref(root);
	strbuf_release(&out);
	free(e);
}

/* Every line of prose fits 80 columns; example lines are as written. */
static void
test_explain_text(void **state)
{
	size_t n;
	struct rules_entry *e = rules_collect(RULES_ALL, &n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct strbuf out = STRBUF_INIT;
		const char *p;

		rules_explain(&out, &e[i]);
		assert_int_equal(strncmp(out.buf, e[i].id, strlen(e[i].id)), 0);
		assert_non_null(strstr(out.buf, e[i].fix ? "\nExample:\n" :
			"\nReported:\n"));
		assert_true(!e[i].fix || strstr(out.buf, "\nWhat to do:\n"));
		for (p = out.buf; *p; ) {
			size_t len = strcspn(p, "\n");

			if (strncmp(p, "    ", 4))
				assert_true(len <= 80);
			p += len + (p[len] == '\n');
		}
		strbuf_release(&out);
	}
	free(e);
}

static void
test_text_and_scdoc(void **state)
{
	size_t n;
	struct rules_entry *e = rules_collect(RULES_ALL, &n);
	struct strbuf out = STRBUF_INIT;
	size_t lines = 0;
	const char *p;

	(void)state;
	rules_render(&out, e, n, RULES_TEXT);
	for (p = out.buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, n);
	assert_int_equal(strncmp(out.buf, "input/read ", 11), 0);
	strbuf_release(&out);

	rules_render(&out, e, n, RULES_SCDOC);
	/* one heading per area, in order */
	p = strstr(out.buf, "## input\n");
	assert_ptr_equal(p, out.buf);
	p = strstr(p, "## convert\n");
	assert_non_null(p);
	p = strstr(p, "## replay\n");
	assert_non_null(p);
	p = strstr(p, "## lint\n");
	assert_non_null(p);
	assert_null(strstr(p + 1, "## "));
	/* a summary starting with '-' is not a list entry */
	assert_non_null(strstr(out.buf, "\t\\--verify"));
	strbuf_release(&out);
	free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_explain_text),
		cmocka_unit_test(test_text_and_scdoc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
