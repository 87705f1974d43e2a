/*
 * HTTPRoute and GRPCRoute checks: the CEL rules (x-kubernetes-validations)
 * of their v1.6.1 CRDs (messages verbatim, evaluated after the API
 * server's defaults: PathPrefix / for a missing path or matches, Exact
 * match types, group "" and kind Service for backendRefs...) and what the
 * specification requires and the CRDs do not check: unique rule names,
 * one action per header name, match names that differ only in case,
 * hostnames that are IP addresses, all weights 0, regular expressions,
 * header values (semantic/rule-name-unique,
 * semantic/header-modifier-duplicate, semantic/match-duplicate-name,
 * semantic/hostname-ip, semantic/weights-zero, semantic/regex,
 * semantic/header-value).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "lint_int.h"

#define INVALID_OBJ "Invalid value: \"object\": "
#define INVALID_ARR "Invalid value: \"array\": "

static bool
has(const struct doc_node *map, const char *key)
{
	return !doc_is_null(doc_get(map, key));
}

static bool
same_opt(const char *a, const char *b)
{
	/* unset and "" compare equal, as in the CEL rules of parentRefs */
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

static bool
same_parent(const struct doc_node *a, const struct doc_node *b)
{
	return !strcmp(lint_str_or(doc_get(a, "group"), GW_GROUP),
			lint_str_or(doc_get(b, "group"), GW_GROUP)) &&
		!strcmp(lint_str_or(doc_get(a, "kind"), "Gateway"),
			lint_str_or(doc_get(b, "kind"), "Gateway")) &&
		!strcmp(lint_str_or(doc_get(a, "name"), ""),
			lint_str_or(doc_get(b, "name"), "")) &&
		same_opt(doc_str(doc_get(a, "namespace")),
			doc_str(doc_get(b, "namespace")));
}

static void
check_parent_refs(struct lint_ctx *c, const struct doc_node *refs)
{
	bool r78 = false, r79 = false;

	for (size_t i = 0; i < lint_seq_len(refs); i++) {
		const struct doc_node *a = doc_item(refs, i);
		const char *sa = doc_str(doc_get(a, "sectionName"));

		for (size_t j = 0; j < i; j++) {
			const struct doc_node *b = doc_item(refs, j);
			const char *sb = doc_str(doc_get(b, "sectionName"));

			if (!same_parent(a, b))
				continue;
			if (!r78 && (!sa || !*sa) != (!sb || !*sb)) {
				lint_emit(c, "route/parent-refs", a,
					"spec.parentRefs: " INVALID_ARR
					"sectionName must be specified when "
					"parentRefs includes 2 or more "
					"references to the same parent");
				lint_note(c, b, "the other reference to the "
					"same parent");
				r78 = true;
			}
			if (!r79 && same_opt(sa, sb)) {
				lint_emit(c, "route/parent-refs", a,
					"spec.parentRefs: " INVALID_ARR
					"sectionName must be unique when "
					"parentRefs includes 2 or more "
					"references to the same parent");
				lint_note(c, b, "the other reference with the "
					"same sectionName");
				r79 = true;
			}
		}
	}
}

static bool
path_char_ok(const char *v)
{
	static const char ok[] = "-/._~!$&'()*+,;=:@";

	if (!*v)
		return false;
	for (const char *p = v; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(ok, *p))
			continue;
		if (*p == '%' && strchr("0123456789abcdefABCDEF", p[1]) &&
		    p[1] && strchr("0123456789abcdefABCDEF", p[2]) && p[2]) {
			p += 2;
			continue;
		}
		return false;
	}
	return true;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The CEL rules of an Exact or PathPrefix HTTPPathMatch value (defaults
 * applied): absolute, no '//', '/./', '/../', '%2f', '%2F', '#', no
 * trailing '/.' or '/..', RFC 3986 path characters. */
static void
check_path(struct lint_ctx *c, const struct doc_node *path, size_t ri,
	size_t mi)
{
	static const char *const contains[] = { "//", "/./", "/../", "%2f",
		"%2F", "#" };
	const char *type = lint_str_or(doc_get(path, "type"), "PathPrefix");
	const char *value = lint_str_or(doc_get(path, "value"), "/");
	const struct doc_node *at = doc_get(path, "value") ?
		doc_get(path, "value") : path;
	char where[96];

	lint_where(where, sizeof(where), ri, ".matches", mi, ".path");
	/* #213 repeats the enum of #215 (schema/enum reports it too) */
	if (strcmp(type, "Exact") && strcmp(type, "PathPrefix") &&
	    strcmp(type, "RegularExpression"))
		lint_emit(c, "route/path-value", doc_get(path, "type"), "%s: "
			INVALID_OBJ "type must be one of ['Exact', "
			"'PathPrefix', 'RegularExpression']", where);
	if (strcmp(type, "Exact") && strcmp(type, "PathPrefix"))
		return;
	if (value[0] != '/')
		lint_emit(c, "route/path-value", at, "%s: " INVALID_OBJ "value "
			"must be an absolute path and start with '/' when type "
			"one of ['Exact', 'PathPrefix']", where);
	for (size_t i = 0; i < ARRAY_LEN(contains); i++)
		if (strstr(value, contains[i]))
			lint_emit(c, "route/path-value", at, "%s: " INVALID_OBJ
				"must not contain '%s' when type one of "
				"['Exact', 'PathPrefix']", where, contains[i]);
	if (ends_with(value, "/.."))
		lint_emit(c, "route/path-value", at, "%s: " INVALID_OBJ "must "
			"not end with '/..' when type one of ['Exact', "
			"'PathPrefix']", where);
	if (ends_with(value, "/."))
		lint_emit(c, "route/path-value", at, "%s: " INVALID_OBJ "must "
			"not end with '/.' when type one of ['Exact', "
			"'PathPrefix']", where);
	if (!path_char_ok(value))
		lint_emit(c, "route/path-value", at, "%s: " INVALID_OBJ "must "
			"only contain valid characters (matching "
			"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|"
			"[%%][0-9a-fA-F]{2})+$) for types ['Exact', "
			"'PathPrefix']", where);
}

static bool
ident_ok(const char *s, bool dotted)
{
	/* ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$ or ^[A-Za-z_]... */
	bool start = true;

	if (dotted && *s == '.')
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		bool alpha = (*s >= 'a' && *s <= 'z') ||
			(*s >= 'A' && *s <= 'Z') || *s == '_';

		if (dotted && *s == '.' && !start) {
			start = true;
			continue;
		}
		if (alpha || (!start && *s >= '0' && *s <= '9')) {
			start = false;
			continue;
		}
		return false;
	}
	return !start;
}

static void
check_grpc_method(struct lint_ctx *c, const struct doc_node *m, size_t ri,
	size_t mi)
{
	const char *type = lint_str_or(doc_get(m, "type"), "Exact");
	const char *svc = doc_str(doc_get(m, "service"));
	const char *meth = doc_str(doc_get(m, "method"));
	char where[96];

	lint_where(where, sizeof(where), ri, ".matches", mi, ".method");
	if (!has(m, "service") && !has(m, "method"))
		lint_emit(c, "route/grpc-method", m, "%s: " INVALID_OBJ "One "
			"or "
			"both of 'service' or 'method' must be specified",
			where);
	if (!strcmp(type, "Exact") && svc && !ident_ok(svc, true))
		lint_emit(c, "route/grpc-method", doc_get(m, "service"),
			"%s: " INVALID_OBJ "service must only contain valid "
			"characters (matching "
			"^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)",
			where);
	if (!strcmp(type, "Exact") && meth && !ident_ok(meth, false))
		lint_emit(c, "route/grpc-method", doc_get(m, "method"),
			"%s: " INVALID_OBJ "method must only contain valid "
			"characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)",
			where);
	if (!strcmp(type, "RegularExpression"))
		lint_emit(c, "semantic/regex", m, "%s: RegularExpression "
			"method matches are implementation-specific (no regex "
			"dialect is specified)", where);
}

/* S16: the experimental header-value pattern ^[!-~]+([\t ]?[!-~]+)*$ */
static void
check_header_value(struct lint_ctx *c, const struct doc_node *v,
	const char *where)
{
	const char *s = doc_str(v);
	bool ok = s && *s && *s != ' ' && *s != '\t';

	for (const char *p = s; ok && *p; p++) {
		if (*p >= '!' && *p <= '~')
			continue;
		ok = (*p == ' ' || *p == '\t') && p[1] >= '!' && p[1] <= '~';
	}
	if (s && !ok)
		lint_emit(c, "semantic/header-value", v, "%s: the header value "
			"has control characters, non-ASCII bytes or irregular "
			"spacing (it should match ^[!-~]+([\\t ]?[!-~]+)*$)",
			where);
}

/* S2: one name once across set, add and remove, case-insensitively. */
static void
check_header_modifier(struct lint_ctx *c, const struct doc_node *hm,
	const char *where)
{
	static const char *const lists[] = { "set", "add", "remove" };
	const struct doc_node *names[48];
	size_t list_of[48], n = 0;

	for (size_t l = 0; l < ARRAY_LEN(lists); l++) {
		const struct doc_node *seq = doc_get(hm, lists[l]);

		for (size_t i = 0; i < lint_seq_len(seq) && n < 48; i++) {
			const struct doc_node *it = doc_item(seq, i);
			char w[160];

			if (l < 2) {
				snprintf(w, sizeof(w), "%s.%s[%zu].value",
					where, lists[l], i);
				check_header_value(c, doc_get(it, "value"), w);
				it = doc_get(it, "name");
			}
			if (!doc_str(it))
				continue;
			names[n] = it;
			list_of[n++] = l;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++) {
			const char *a = doc_str(names[i]);
			const char *b = doc_str(names[j]);

			if (lint_strcasecmp(a, b))
				continue;
			if (list_of[i] == list_of[j] && !strcmp(a, b))
				break;	/* exact duplicate: schema/duplicate */
			lint_emit(c, "semantic/header-modifier-duplicate",
				names[i], "%s: header '%s' appears in %s and "
				"in %s; a header name may be used once across "
				"set, add and remove (names are "
				"case-insensitive)", where, a,
				lists[list_of[j]],
				lists[list_of[i]]);
			lint_note(c, names[j], "'%s' is first used here", b);
			break;
		}
}

static void
check_backend_port(struct lint_ctx *c, const struct doc_node *ref,
	const char *where)
{
	if (!doc_is_map(ref))
		return;
	if (!strcmp(lint_str_or(doc_get(ref, "group"), ""), "") &&
	    !strcmp(lint_str_or(doc_get(ref, "kind"), "Service"), "Service") &&
	    !has(ref, "port"))
		lint_emit(c, "route/backend-port", ref, "%s: " INVALID_OBJ
			"Must have port for Service reference", where);
}

static void
check_path_modifier(struct lint_ctx *c, const struct doc_node *p,
	const char *where)
{
	const char *type = doc_str(doc_get(p, "type"));

	if (!doc_is_map(p) || !type)
		return;
	if (!strcmp(type, "ReplaceFullPath") && !has(p, "replaceFullPath"))
		lint_emit(c, "route/path-modifier", p, "%s: " INVALID_OBJ
			"replaceFullPath must be specified when type is set to "
			"'ReplaceFullPath'", where);
	if (has(p, "replaceFullPath") && strcmp(type, "ReplaceFullPath"))
		lint_emit(c, "route/path-modifier", p, "%s: " INVALID_OBJ
			"type must be 'ReplaceFullPath' when replaceFullPath "
			"is set", where);
	if (!strcmp(type, "ReplacePrefixMatch") &&
	    !has(p, "replacePrefixMatch"))
		lint_emit(c, "route/path-modifier", p, "%s: " INVALID_OBJ
			"replacePrefixMatch must be specified when type is set "
			"to 'ReplacePrefixMatch'", where);
	if (has(p, "replacePrefixMatch") &&
	    strcmp(type, "ReplacePrefixMatch"))
		lint_emit(c, "route/path-modifier", p, "%s: " INVALID_OBJ
			"type must be 'ReplacePrefixMatch' when "
			"replacePrefixMatch is set", where);
}

static void
check_cors_list(struct lint_ctx *c, const struct doc_node *cors,
	const char *field, const char *what, const char *others,
	const char *where)
{
	const struct doc_node *l = doc_get(cors, field);
	bool star = false;

	for (size_t i = 0; i < lint_seq_len(l); i++)
		star |= doc_str(doc_item(l, i)) &&
			!strcmp(doc_str(doc_item(l, i)), "*");
	if (star && lint_seq_len(l) > 1)
		lint_emit(c, "route/cors-wildcard", l, "%s.%s: " INVALID_ARR
			"%s cannot contain '*' alongside other %s", where,
			field, what, others);
}

struct member {
	const char *type, *field;
	bool http_only;
};

static const struct member members[] = {
	{ "RequestHeaderModifier", "requestHeaderModifier", false },
	{ "ResponseHeaderModifier", "responseHeaderModifier", false },
	{ "RequestMirror", "requestMirror", false },
	{ "ExtensionRef", "extensionRef", false },
	{ "CORS", "cors", true },
	{ "RequestRedirect", "requestRedirect", true },
	{ "URLRewrite", "urlRewrite", true },
};

/* One filter list, rule- or backendRef-level (the ‡ rules). */
static void
check_filters(struct lint_ctx *c, const struct doc_node *fl, bool http,
	const char *where)
{
	static const char *const once_http[] = { "RequestHeaderModifier",
		"ResponseHeaderModifier", "CORS", "RequestRedirect",
		"URLRewrite" };
	size_t nonce = http ? ARRAY_LEN(once_http) : 2;
	bool redirect = false, rewrite = false;

	for (size_t t = 0; t < nonce; t++) {
		size_t count = 0;

		for (size_t i = 0; i < lint_seq_len(fl); i++) {
			const char *type = doc_str(doc_get(doc_item(fl, i),
				"type"));

			if (!type || strcmp(type, once_http[t]) || ++count != 2)
				continue;
			lint_emit(c, "route/filter-repeated", doc_item(fl, i),
				"%s: " INVALID_ARR "%s filter cannot be "
				"repeated", where, once_http[t]);
		}
	}
	for (size_t i = 0; i < lint_seq_len(fl); i++) {
		const struct doc_node *f = doc_item(fl, i);
		const char *type = doc_str(doc_get(f, "type"));
		char w[128];

		if (!doc_is_map(f) || !type)
			continue;
		snprintf(w, sizeof(w), "%s[%zu]", where, i);
		redirect |= !strcmp(type, "RequestRedirect");
		rewrite |= !strcmp(type, "URLRewrite");
		for (size_t m = 0; m < ARRAY_LEN(members); m++) {
			bool set = has(f, members[m].field);
			bool is = !strcmp(type, members[m].type);

			if (members[m].http_only && !http)
				continue;
			if (set && !is)
				lint_emit(c, "route/filter-member",
					doc_key_node(f, members[m].field),
					"%s: " INVALID_OBJ "filter.%s must be "
					"nil if the filter.type is not %s", w,
					members[m].field, members[m].type);
			if (!set && is)
				lint_emit(c, "route/filter-member", f,
					"%s: " INVALID_OBJ "filter.%s must be "
					"specified for %s filter.type", w,
					members[m].field, members[m].type);
		}
		if (has(f, "requestHeaderModifier")) {
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.requestHeaderModifier", w);
			check_header_modifier(c,
				doc_get(f, "requestHeaderModifier"), w2);
		}
		if (has(f, "responseHeaderModifier")) {
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.responseHeaderModifier",
				w);
			check_header_modifier(c,
				doc_get(f, "responseHeaderModifier"), w2);
		}
		if (has(f, "requestMirror")) {
			const struct doc_node *m = doc_get(f, "requestMirror");
			const struct doc_node *fr = doc_get(m, "fraction");
			long long num, den = 100;
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.requestMirror", w);
			if (has(m, "percent") && has(m, "fraction"))
				lint_emit(c, "route/mirror", m, "%s: "
					INVALID_OBJ "Only one of percent or "
					"fraction may be specified in "
					"HTTPRequestMirrorFilter", w2);
			if (doc_int(doc_get(fr, "numerator"), &num) &&
			    (doc_is_null(doc_get(fr, "denominator")) ||
			     doc_int(doc_get(fr, "denominator"), &den)) &&
			    num > den)
				lint_emit(c, "route/mirror", fr, "%s.fraction: "
					INVALID_OBJ "numerator must be less "
					"than or equal to denominator", w2);
			snprintf(w2, sizeof(w2), "%s.requestMirror.backendRef",
				w);
			check_backend_port(c, doc_get(m, "backendRef"), w2);
		}
		if (http && has(f, "requestRedirect")) {
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.requestRedirect.path", w);
			check_path_modifier(c, doc_path(f,
				"requestRedirect.path"), w2);
		}
		if (http && has(f, "urlRewrite")) {
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.urlRewrite.path", w);
			check_path_modifier(c, doc_path(f, "urlRewrite.path"),
				w2);
		}
		if (http && has(f, "cors")) {
			const struct doc_node *cors = doc_get(f, "cors");
			char w2[160];

			snprintf(w2, sizeof(w2), "%s.cors", w);
			check_cors_list(c, cors, "allowHeaders",
				"AllowHeaders", "methods", w2);
			check_cors_list(c, cors, "allowMethods",
				"AllowMethods", "methods", w2);
			check_cors_list(c, cors, "allowOrigins",
				"AllowOrigins", "origins", w2);
		}
	}
	if (http && redirect && rewrite)
		lint_emit(c, "route/redirect-rewrite", fl, "%s: " INVALID_ARR
			"May specify either httpRouteFilterRequestRedirect or "
			"httpRouteFilterRequestRewrite, but not both", where);
}

/* Whether f has `member` with path type ReplacePrefixMatch (the CEL
 * tests the member, not the filter type). */
static bool
is_prefix_replace(const struct doc_node *f, const char *member)
{
	const struct doc_node *p = doc_get(doc_get(f, member), "path");

	return has(doc_get(f, member), "path") &&
		!strcmp(lint_str_or(doc_get(p, "type"), ""),
			"ReplacePrefixMatch") &&
		has(p, "replacePrefixMatch");
}

/* exists_one over a filter list */
static size_t
count_prefix_replace(const struct doc_node *fl, const char *member)
{
	size_t n = 0;

	for (size_t i = 0; i < lint_seq_len(fl); i++)
		n += is_prefix_replace(doc_item(fl, i), member);
	return n;
}

/* The CEL rules of a ReplacePrefixMatch (redirect or rewrite, of the rule
 * or a backendRef): exactly one PathPrefix match (after defaulting). */
static void
check_prefix_match(struct lint_ctx *c, const struct doc_node *rule,
	size_t ri)
{
	static const struct {
		const char *member;
		bool backend;
		const char *msg;
	} cases[] = {
		{ "requestRedirect", false, "When using RequestRedirect filter "
		  "with path.replacePrefixMatch, exactly one PathPrefix match "
		  "must be specified" },
		{ "urlRewrite", false, "When using URLRewrite filter with "
		  "path.replacePrefixMatch, exactly one PathPrefix match must "
		  "be specified" },
		{ "requestRedirect", true, "Within backendRefs, when using "
		  "RequestRedirect filter with path.replacePrefixMatch, "
		  "exactly one PathPrefix match must be specified" },
		{ "urlRewrite", true, "Within backendRefs, When using "
		  "URLRewrite filter with path.replacePrefixMatch, exactly one "
		  "PathPrefix match must be specified" },
	};
	const struct doc_node *matches = doc_get(rule, "matches");
	size_t nmatch = doc_is_null(matches) ? 1 : lint_seq_len(matches);
	const char *type = doc_is_null(matches) ? "PathPrefix" :
		lint_str_or(doc_path(doc_item(matches, 0), "path.type"),
			"PathPrefix");
	bool ok = nmatch == 1 && !strcmp(type, "PathPrefix");

	if (ok)
		return;
	for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
		bool hit;

		if (!cases[k].backend) {
			hit = count_prefix_replace(doc_get(rule, "filters"),
				cases[k].member) == 1;
		} else {
			const struct doc_node *brs = doc_get(rule,
				"backendRefs");
			size_t n = 0;

			for (size_t b = 0; b < lint_seq_len(brs); b++)
				n += count_prefix_replace(doc_get(
					doc_item(brs, b), "filters"),
					cases[k].member) == 1;
			hit = n == 1;
		}
		if (hit)
			lint_emit(c, "route/prefix-match", matches ? matches :
				rule, "spec.rules[%zu]: " INVALID_OBJ "%s", ri,
				cases[k].msg);
	}
}

static void
check_match_names(struct lint_ctx *c, const struct doc_node *hs,
	const char *where)
{
	for (size_t i = 0; i < lint_seq_len(hs); i++) {
		const char *a = doc_str(doc_get(doc_item(hs, i), "name"));

		for (size_t j = 0; a && j < i; j++) {
			const char *b = doc_str(doc_get(doc_item(hs, j),
				"name"));

			if (!b || lint_strcasecmp(a, b))
				continue;
			if (!strcmp(a, b))
				break;	/* schema/duplicate reports it */
			lint_emit(c, "semantic/match-duplicate-name",
				doc_item(hs, i), "%s[%zu]: header '%s' is "
				"already matched as '%s' in this match; header "
				"names are case-insensitive and only the first "
				"is used", where, i, a, b);
			lint_note(c, doc_item(hs, j), "the first match of the "
				"header");
			break;
		}
	}
}

static void
check_match(struct lint_ctx *c, const struct doc_node *m, bool http,
	size_t ri, size_t mi)
{
	const struct doc_node *hs = doc_get(m, "headers");
	const struct doc_node *qs = doc_get(m, "queryParams");
	char where[96];

	lint_where(where, sizeof(where), ri, ".matches", mi, "");
	if (http) {
		const struct doc_node *p = doc_get(m, "path");

		check_path(c, p, ri, mi);
		if (!strcmp(lint_str_or(doc_get(p, "type"), ""),
		    "RegularExpression"))
			lint_emit(c, "semantic/regex", p, "%s.path: "
				"RegularExpression path matches are "
				"implementation-specific (no regex dialect is "
				"specified)", where);
	} else if (doc_is_map(doc_get(m, "method"))) {
		check_grpc_method(c, doc_get(m, "method"), ri, mi);
	}
	{
		char w[112];

		snprintf(w, sizeof(w), "%s.headers", where);
		check_match_names(c, hs, w);
	}
	for (size_t i = 0; i < lint_seq_len(hs); i++) {
		const struct doc_node *h = doc_item(hs, i);

		if (!strcmp(lint_str_or(doc_get(h, "type"), ""),
		    "RegularExpression"))
			lint_emit(c, "semantic/regex", h, "%s.headers[%zu]: "
				"RegularExpression header matches are "
				"implementation-specific", where, i);
	}
	for (size_t i = 0; i < lint_seq_len(qs); i++) {
		const struct doc_node *q = doc_item(qs, i);

		if (!strcmp(lint_str_or(doc_get(q, "type"), ""),
		    "RegularExpression"))
			lint_emit(c, "semantic/regex", q,
				"%s.queryParams[%zu]: RegularExpression query "
				"matches are implementation-specific", where,
				i);
	}
}

/* S18: a GEP-2257 duration with repeated or unordered units. */
static void
check_duration(struct lint_ctx *c, const struct doc_node *n, size_t ri,
	const char *field)
{
	static const struct {
		const char *unit;
		long long ms;
	} units[] = { { "h", 3600000 }, { "m", 60000 }, { "s", 1000 },
		{ "ms", 1 } };
	const char *s = doc_str(n), *p;
	struct strbuf canon = STRBUF_INIT;
	long long total, rest;
	size_t last = 0;
	bool canonical = true, first = true;

	if (!s || !lint_duration_ms(s, &total))
		return;
	for (p = s; *p;) {
		size_t u;

		while (*p >= '0' && *p <= '9')
			p++;
		u = p[0] == 'm' && p[1] == 's' ? 3 : *p == 'h' ? 0 :
			*p == 'm' ? 1 : 2;
		p += u == 3 ? 2 : 1;
		if (!first && u <= last)
			canonical = false;
		last = u;
		first = false;
	}
	if (canonical)
		return;
	rest = total;
	for (size_t u = 0; u < ARRAY_LEN(units); u++)
		if (rest >= units[u].ms) {
			strbuf_addf(&canon, "%lld%s", rest / units[u].ms,
				units[u].unit);
			rest %= units[u].ms;
		}
	lint_emit(c, "semantic/duration", n, "spec.rules[%zu].timeouts.%s: "
		"'%s' repeats a unit or does not list units from hours down "
		"to milliseconds; it means %s", ri, field, s,
		canon.buf ? canon.buf : "0s");
	strbuf_release(&canon);
}

static void
check_rule(struct lint_ctx *c, const struct doc_node *rule, bool http,
	size_t ri)
{
	const struct doc_node *matches = doc_get(rule, "matches");
	const struct doc_node *filters = doc_get(rule, "filters");
	const struct doc_node *brs = doc_get(rule, "backendRefs");
	const struct doc_node *to = doc_get(rule, "timeouts");
	char where[96];
	bool any_weight = false;

	for (size_t mi = 0; mi < lint_seq_len(matches); mi++)
		check_match(c, doc_item(matches, mi), http, ri, mi);
	snprintf(where, sizeof(where), "spec.rules[%zu].filters", ri);
	check_filters(c, filters, http, where);
	for (size_t b = 0; b < lint_seq_len(brs); b++) {
		const struct doc_node *br = doc_item(brs, b);
		long long w = 1;

		snprintf(where, sizeof(where),
			"spec.rules[%zu].backendRefs[%zu]", ri, b);
		check_backend_port(c, br, where);
		snprintf(where, sizeof(where), "spec.rules[%zu].backendRefs"
			"[%zu].filters", ri, b);
		check_filters(c, doc_get(br, "filters"), http, where);
		if (!doc_int(doc_get(br, "weight"), &w) || w)
			any_weight = true;
	}
	if (lint_seq_len(brs) && !any_weight)
		lint_emit(c, "semantic/weights-zero", brs, "spec.rules[%zu]."
			"backendRefs: every weight is 0; what the rule answers "
			"is unspecified (500 or 503 depending on the "
			"implementation)", ri);
	if (!http)
		return;
	if (lint_seq_len(brs)) {
		for (size_t i = 0; i < lint_seq_len(filters); i++)
			if (has(doc_item(filters, i), "requestRedirect")) {
				lint_emit(c, "route/redirect-backends",
					doc_item(filters, i),
					"spec.rules[%zu]: " INVALID_OBJ
					"RequestRedirect filter must not be "
					"used together with backendRefs", ri);
				lint_note(c, brs, "the backendRefs");
				break;
			}
	}
	check_prefix_match(c, rule, ri);
	if (doc_is_map(to)) {
		check_duration(c, doc_get(to, "request"), ri, "request");
		check_duration(c, doc_get(to, "backendRequest"), ri,
			"backendRequest");
	}
	if (doc_is_map(to)) {
		const char *rq = doc_str(doc_get(to, "request"));
		const char *br = doc_str(doc_get(to, "backendRequest"));
		long long a, b;

		if (rq && br && lint_duration_ms(rq, &a) &&
		    lint_duration_ms(br, &b) && a != 0 && b > a)
			lint_emit(c, "route/timeouts", to, "spec.rules[%zu]."
				"timeouts: " INVALID_OBJ "backendRequest "
				"timeout cannot be longer than request "
				"timeout", ri);
	}
}

void
lint_route_check(struct lint_ctx *c)
{
	const struct doc_node *spec = c->cur->spec;
	const struct doc_node *rules = doc_get(spec, "rules");
	const struct doc_node *hosts = doc_get(spec, "hostnames");
	bool http = c->cur->kind == LK_HTTPROUTE;
	size_t total = 0;

	if (!doc_is_map(spec))
		return;
	check_parent_refs(c, doc_get(spec, "parentRefs"));
	for (size_t i = 0; i < lint_seq_len(hosts); i++) {
		const char *h = doc_str(doc_item(hosts, i));

		if (h && lint_is_ip(h))
			lint_emit(c, "semantic/hostname-ip", doc_item(hosts, i),
				"spec.hostnames[%zu]: '%s' is an IP address; "
				"hostnames must be DNS names", i, h);
	}
	if (!doc_is_seq(rules))
		return;
	for (size_t ri = 0; ri < lint_seq_len(rules); ri++) {
		const struct doc_node *rule = doc_item(rules, ri);
		const struct doc_node *m = doc_get(rule, "matches");
		const char *name = doc_str(doc_get(rule, "name"));

		total += doc_is_null(m) ? (http ? 1 : 0) : lint_seq_len(m);
		if (!doc_is_map(rule))
			continue;
		check_rule(c, rule, http, ri);
		for (size_t rj = 0; name && rj < ri; rj++) {
			const char *other = doc_str(doc_get(doc_item(rules, rj),
				"name"));

			if (!other || strcmp(name, other))
				continue;
			lint_emit(c, "semantic/rule-name-unique",
				doc_get(rule, "name"), "spec.rules[%zu].name: "
				"rule name '%s' is already used by rule %zu; "
				"rule names must be unique within a route", ri,
				name, rj);
			lint_note(c, doc_get(doc_item(rules, rj), "name"),
				"the first rule named '%s'", name);
			break;
		}
	}
	if (total > 128)
		lint_emit(c, "route/match-count", rules, "spec.rules: "
			INVALID_ARR "While 16 rules and 64 matches per rule "
				"are "
			"allowed, the total number of matches across all rules "
			"in a route must be less than 128");
}
