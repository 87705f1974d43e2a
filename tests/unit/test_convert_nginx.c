/*
 * Unit tests of providers/ingress-nginx/lower_rewrite.c: how nginx's rewrite-target maps
 * to URLRewrite (nginx replaces the whole URI with the target, $n the
 * groups of the unanchored, case-insensitive path), the regex of a
 * location in regex mode, and the PCRE-only syntax check.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "providers/ingress-nginx/lower.h"
#include "regex.h"

struct plan_case {
	const char *path, *target;
	enum ngx_rw_kind kind;
	const char *prefix, *replace, *exact_fix;
	bool note;
	const char *why_has;	/* NONE: a word of the reason */
};

static void
check_plan(const struct plan_case *pc)
{
	struct arena a = ARENA_INIT;
	struct ngx_rewrite rw;

	ngx_rewrite_plan(&rw, &a, pc->path, pc->target);
	if (rw.kind != pc->kind)
		fail_msg("'%s' -> '%s': kind %d, expected %d (%s)", pc->path,
			pc->target, rw.kind, pc->kind, rw.why ? rw.why : "");
	if (pc->kind == NGX_RW_NONE) {
		assert_non_null(rw.why);
		assert_non_null(strstr(rw.why, pc->why_has));
	} else {
		assert_null(rw.why);
		assert_string_equal(rw.replace, pc->replace);
	}
	if (pc->kind == NGX_RW_PREFIX)
		assert_string_equal(rw.prefix, pc->prefix);
	if (pc->exact_fix)
		assert_string_equal(rw.exact_fix, pc->exact_fix);
	else
		assert_null(rw.exact_fix);
	assert_int_equal(rw.note != NULL, pc->note);
	arena_release(&a);
}

static void
test_plan_full_path(void **state)
{
	static const struct plan_case cases[] = {
		/* no captures: the whole path becomes the target */
		{ "/app", "/", NGX_RW_FULL, NULL, "/", NULL, false, NULL },
		{ "/old/(.*)", "/new", NGX_RW_FULL, NULL, "/new", NULL,
		  false, NULL },
		/* $n beyond the groups expands to nothing */
		{ "/a", "/b$1", NGX_RW_FULL, NULL, "/b", NULL, false, NULL },
		{ "/a(.*)", "/b$0", NGX_RW_FULL, NULL, "/b", NULL, false,
		  NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		check_plan(&cases[i]);
}

static void
test_plan_capture_idioms(void **state)
{
	static const struct plan_case cases[] = {
		/* the common idiom: /api(/|$)(.*) with /$2 */
		{ "/api(/|$)(.*)", "/$2", NGX_RW_PREFIX, "/api", "/", NULL,
		  false, NULL },
		/* with a target prefix, /api itself needs its own rule */
		{ "/api(/|$)(.*)", "/v2/$2", NGX_RW_PREFIX, "/api", "/v2",
		  "/v2/", false, NULL },
		/* /pfx/(.*) with /$1: now /pfx alone matches too */
		{ "/pfx/(.*)", "/$1", NGX_RW_PREFIX, "/pfx", "/", NULL, true,
		  NULL },
		{ "/pfx/(.*)", "/x/$1", NGX_RW_PREFIX, "/pfx", "/x", NULL,
		  true, NULL },
		/* '.' in the prefix was any character for nginx */
		{ "/v1.0(/|$)(.*)", "/$2", NGX_RW_PREFIX, "/v1.0", "/", NULL,
		  true, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		check_plan(&cases[i]);
}

static void
test_plan_not_expressible(void **state)
{
	static const struct plan_case cases[] = {
		{ "/a", "https://example.com/", NGX_RW_NONE, NULL, NULL, NULL,
		  false, "302" },
		{ "/a", "/b?x=1", NGX_RW_NONE, NULL, NULL, NULL, false,
		  "query" },
		{ "/a", "b", NGX_RW_NONE, NULL, NULL, NULL, false,
		  "start with '/'" },
		{ "/a", "/$host/x", NGX_RW_NONE, NULL, NULL, NULL, false,
		  "variables" },
		/* captures used elsewhere than the idioms */
		{ "/api(/|$)(.*)", "/$2/x", NGX_RW_NONE, NULL, NULL, NULL,
		  false, "capture groups" },
		{ "/api(/|$)(.*)", "/$1", NGX_RW_NONE, NULL, NULL, NULL,
		  false, "capture groups" },
		{ "/(a|b)/(.*)", "/$2", NGX_RW_NONE, NULL, NULL, NULL, false,
		  "capture groups" },
		{ "/x/(.*)/(.*)", "/$1/$2", NGX_RW_NONE, NULL, NULL, NULL,
		  false, "capture groups" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		check_plan(&cases[i]);
}

static void
test_regex_location(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(ngx_regex_location(&a, "/foo"), "(?i)^/foo.*");
	assert_string_equal(ngx_regex_location(&a, "/"), "(?i)^/.*");
	arena_release(&a);
}

static void
test_pcre_only(void **state)
{
	(void)state;
	assert_null(regex_pcre_only("/api(/|$)(.*)"));
	assert_null(regex_pcre_only("/a\\.b/[0-9]+"));
	assert_non_null(regex_pcre_only("/a(?=b)"));
	assert_non_null(regex_pcre_only("/a(?<!b)c"));
	assert_non_null(regex_pcre_only("/a*+"));
	assert_non_null(strstr(regex_pcre_only("/(a)\\1"), "back-reference"));
	assert_null(regex_pcre_only("/a\\\\1"));	/* an escaped backslash */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_full_path),
		cmocka_unit_test(test_plan_capture_idioms),
		cmocka_unit_test(test_plan_not_expressible),
		cmocka_unit_test(test_regex_location),
		cmocka_unit_test(test_pcre_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
