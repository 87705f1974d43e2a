#include "compat.h"
#include "lower.h"

#include <ctype.h>
#include <string.h>

/* Characters of a path that mean themselves in a PCRE pattern. */
static bool
literal_char(char ch)
{
	return isalnum((unsigned char)ch) || strchr("/_~-%", ch) ||
		ch == '.';
}

/* Length of the literal head of a pattern. */
static size_t
literal_len(const char *re)
{
	size_t n = 0;

	while (re[n] && literal_char(re[n]))
		n++;
	return n;
}

static size_t
count_groups(const char *re)
{
	size_t n = 0;
	bool cls = false;

	for (const char *p = re; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (cls) {
			cls = *p != ']';
			continue;
		}
		if (*p == '[')
			cls = true;
		else if (*p == '(' && p[1] != '?')
			n++;
	}
	return n;
}

const char *
ngx_regex_location(struct arena *a, const char *path)
{
	return arena_printf(a, "(?i)^%s.*", path);
}

/* The target with $n for n > ngroups removed; NULL: other variables. */
static const char *
expand_missing(struct arena *a, const char *t, size_t ngroups,
	size_t *refs_out, size_t *last_ref)
{
	char *out = arena_alloc(a, strlen(t) + 1), *o = out;

	*refs_out = 0;
	for (const char *p = t; *p; p++) {
		if (*p != '$') {
			*o++ = *p;
			continue;
		}
		if (!isdigit((unsigned char)p[1]))
			return NULL;
		if ((size_t)(p[1] - '0') <= ngroups && p[1] != '0') {
			(*refs_out)++;
			*last_ref = (size_t)(p[1] - '0');
			*o++ = *p++;
			*o++ = *p;
		} else {
			p++;	/* expands to nothing */
		}
	}
	*o = '\0';
	return out;
}

void
ngx_rewrite_plan(struct ngx_rewrite *out, struct arena *a, const char *path,
	const char *target)
{
	size_t ngroups = count_groups(path), refs = 0, ref = 0, l;
	const char *t, *rest;
	char *r;

	memset(out, 0, sizeof(*out));
	if (!strncmp(target, "http://", 7) || !strncmp(target, "https://", 8)) {
		out->why = "a target with a scheme makes nginx answer with a "
			"302 redirect to it instead of rewriting";
		return;
	}
	if (strchr(target, '?')) {
		out->why = "the target has a query part, which nginx joins "
			"with the request's own arguments; URLRewrite cannot "
			"set a query";
		return;
	}
	if (target[0] != '/') {
		out->why = "the target does not start with '/'";
		return;
	}
	t = expand_missing(a, target, ngroups, &refs, &ref);
	if (!t) {
		out->why = "the target uses nginx variables, which have no "
			"Gateway API equivalent";
		return;
	}
	if (!refs) {
		out->kind = NGX_RW_FULL;
		out->replace = t;
		return;
	}
	/* The capture idioms: L(/|$)(.*) -> R/$2 and L/(.*) -> R/$1. */
	l = literal_len(path);
	rest = path + l;
	r = arena_strdup(a, t);
	if (l > 2 && path[l - 1] == '/' && !strcmp(rest, "(.*)")) {
		l--;		/* "<prefix>/(.*)" */
		rest--;
	}
	if (refs == 1 && l > 1 && path[l - 1] != '/') {
		size_t tl = strlen(r);
		bool idiom1 = !strcmp(rest, "(/|$)(.*)") && ref == 2;
		bool idiom2 = !strcmp(rest, "/(.*)") && ref == 1;

		if ((idiom1 || idiom2) && tl >= 3 && r[tl - 1] == ('0' +
		    (char)ref) && r[tl - 2] == '$' && r[tl - 3] == '/') {
			r[tl - 2] = '\0';	/* R with its '/' */
			out->kind = NGX_RW_PREFIX;
			out->prefix = arena_strndup(a, path, l);
			if (strcmp(r, "/")) {
				out->exact_fix = idiom1 ?
					arena_strdup(a, r) : NULL;
				r[tl - 3] = '\0';
			}
			out->replace = r;
			if (idiom2)
				out->note = arena_printf(a, "a request for "
					"exactly '%s' (no trailing '/') did "
					"not match this path in nginx and now "
					"does", out->prefix);
			if (strchr(out->prefix, '.'))
				out->note = arena_printf(a, "'.' in '%s' "
					"matched any character in nginx and "
					"now matches only '.'", out->prefix);
			return;
		}
	}
	out->why = arena_printf(a, "the result depends on capture groups of "
		"'%s' in a way a prefix replacement cannot reproduce (only "
		"'<prefix>(/|$)(.*)' with '<target>/$2' and '<prefix>/(.*)' "
		"with '<target>/$1' can)", path);
}
