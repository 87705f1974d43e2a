/*
 * crdcheck: validates Kubernetes objects against the OpenAPI v3 schemas
 * and (a hand-written subset of) the CEL rules of CustomResourceDefinitions.
 *
 *	crdcheck [--verbose] CRD_DIR[:CRD_DIR...] FILE...
 *
 * Every CRD (*.yaml, *.yml, *.json) of each CRD_DIR and of its
 * subdirectories (one level, so a parent of CRD sets works) is loaded;
 * every object of each FILE (YAML stream or JSON, kubectl Lists
 * unpacked) whose API group has a loaded CRD is checked against the
 * served version's schema: type, required, properties and unknown
 * fields, enum, pattern, lengths (in characters), item and property
 * counts, minimum/maximum, int32/int64 and ipv4/ipv6 formats,
 * oneOf/anyOf/allOf/not, list-type set/map uniqueness, and ObjectMeta
 * (name, namespace, labels, annotations).
 * CEL rules (x-kubernetes-validations) cannot be evaluated in general; the
 * ones in cel_impls[] are implemented by hand, keyed by the exact rule
 * text, and evaluated as the API server would after defaulting. The others
 * are listed as notes with --verbose. The CRD sets it is used with: the
 * Gateway API's (../shared/crds), Envoy Gateway's, and the Inference
 * Extension's InferencePool (tests/crds/gateway-api-inference-extension-*).
 *
 * Output: file:line:col: error: <path>: <message> [crd/<rule>]
 * Exit: 0 valid, 1 violations, 2 usage or unreadable input.
 *
 * A test tool: it prints and exits itself, unlike the library code.
 */
#include "compat.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <arpa/inet.h>
#include <dirent.h>
#include <sys/stat.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"
#include "source.h"
#include "strbuf.h"

#define HOSTNAME_RE "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?" \
	"(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
#define SUBDOMAIN_RE "^[a-z0-9]([-a-z0-9]*[a-z0-9])?" \
	"(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
#define LABEL_RE "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
#define QNAME_RE "^([a-z0-9]([-a-z0-9]*[a-z0-9])?" \
	"(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?" \
	"([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"
#define LABEL_VALUE_RE "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"

struct crd {
	const char *group;
	const char *kind;
	const struct doc_node *versions;
};

struct regex_entry {
	const char *pattern;
	pcre2_code *code;	/* NULL when the pattern did not compile */
};

struct check {
	struct doc_set *crd_set;
	struct crd *crds;
	size_t ncrds, crds_cap;
	const char **unimplemented;	/* CEL rule texts, deduplicated */
	const char **unimpl_where;
	size_t nunimpl, unimpl_cap;

	struct regex_entry *regexes;
	size_t nregexes, regexes_cap;
	pcre2_match_data *md;

	const struct doc_set *set;	/* the input being checked */
	struct strbuf path;
	unsigned mute;			/* > 0: count, do not print */
	size_t errors;
	size_t total_errors;
	bool verbose;
};

static void report(struct check *ck, const struct doc_node *at,
	const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report(struct check *ck, const struct doc_node *at, const char *rule,
	const char *fmt, ...)
{
	struct src_pos pos = doc_pos(ck->set, at);
	va_list ap;

	ck->errors++;
	if (ck->mute)
		return;
	ck->total_errors++;
	printf("%s:%u:%u: error: %s: ", pos.file ? pos.file : "<input>",
		(unsigned)pos.line, (unsigned)pos.col, ck->path.buf);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" [crd/%s]\n", rule);
}

static size_t
path_push(struct check *ck, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static size_t
path_push(struct check *ck, const char *fmt, ...)
{
	size_t old = ck->path.len;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&ck->path, fmt, ap);
	va_end(ap);
	return old;
}

static void
path_pop(struct check *ck, size_t old)
{
	ck->path.len = old;
	if (ck->path.buf)
		ck->path.buf[old] = '\0';
}

/* Regular expressions: RE2 semantics, not anchored unless the pattern is. */
static const pcre2_code *
regex_get(struct check *ck, const char *pattern)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code;

	for (size_t i = 0; i < ck->nregexes; i++) {
		if (ck->regexes[i].pattern == pattern ||
		    !strcmp(ck->regexes[i].pattern, pattern))
			return ck->regexes[i].code;
	}
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
	if (!code)
		fprintf(stderr, "crdcheck: warning: cannot compile pattern "
			"'%s' at offset %zu; not checked\n", pattern,
			(size_t)off);
	if (ck->nregexes == ck->regexes_cap) {
		ck->regexes_cap = ck->regexes_cap ? 2 * ck->regexes_cap : 64;
		ck->regexes = xrealloc(ck->regexes,
			ck->regexes_cap * sizeof(*ck->regexes));
	}
	ck->regexes[ck->nregexes].pattern = pattern;
	ck->regexes[ck->nregexes].code = code;
	ck->nregexes++;
	return code;
}

/* true when s matches (or when the pattern is unusable) */
static bool
regex_match(struct check *ck, const char *pattern, const char *s)
{
	const pcre2_code *code = regex_get(ck, pattern);
	int rc;

	if (!code)
		return true;
	rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, ck->md, NULL);
	return rc >= 0;
}

/* ---- small accessors, with the defaults CEL would see ---- */

static bool
has(const struct doc_node *map, const char *key)
{
	const struct doc_node *v = doc_get(map, key);

	return v && !doc_is_null(v);
}

/* The text of a scalar member, dflt when absent or null or not a scalar. */
static const char *
sget(const struct doc_node *map, const char *key, const char *dflt)
{
	const struct doc_node *v = doc_get(map, key);

	if (!v || doc_is_null(v) || !doc_is_scalar(v))
		return dflt;
	return v->u.str;
}

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

static bool
is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
		inet_pton(AF_INET6, s, buf) == 1;
}

/*
 * A GEP-2257 / Go duration in milliseconds; false when not parseable.
 */
static bool
parse_duration(const char *s, double *out)
{
	double total = 0;

	if (!s || !*s)
		return false;
	while (*s) {
		char *end;
		double v = strtod(s, &end);

		if (end == s)
			return false;
		s = end;
		if (!strncmp(s, "ms", 2)) {
			total += v;
			s += 2;
		} else if (*s == 'h') {
			total += v * 3600000;
			s++;
		} else if (*s == 'm') {
			total += v * 60000;
			s++;
		} else if (*s == 's') {
			total += v * 1000;
			s++;
		} else {
			return false;
		}
	}
	*out = total;
	return true;
}

/* ---- CEL rules implemented by hand ---- */

struct cel_call;

struct cel_impl {
	const char *rule;	/* the exact rule text of the CRD */
	const char *id;		/* printed as crd/cel-<id> */
	bool (*fn)(struct cel_call *c);
	const char *a, *b;	/* parameters of fn */
	int n;
};

struct cel_call {
	struct check *ck;
	const struct cel_impl *impl;
	const char *message;
	const struct doc_node *self;
};

/* Reports the rule's message at node at, under the sub-path sub. */
static void
cel_fail(struct cel_call *c, const struct doc_node *at, const char *sub)
{
	size_t old = path_push(c->ck, "%s", sub ? sub : "");
	char rule[96];

	snprintf(rule, sizeof(rule), "cel-%s", c->impl->id);
	report(c->ck, at ? at : c->self, rule, "%s", c->message);
	path_pop(c->ck, old);
}

static void
cel_fail_item(struct cel_call *c, size_t i)
{
	char sub[32];

	snprintf(sub, sizeof(sub), "[%zu]", i);
	cel_fail(c, doc_item(c->self, i), sub);
}

static bool
same_parent(const struct cel_impl *im, const struct doc_node *p1,
	const struct doc_node *p2)
{
	const char *n1, *n2;

	if (!str_eq(sget(p1, "group", im->a), sget(p2, "group", im->a)) ||
	    !str_eq(sget(p1, "kind", im->b), sget(p2, "kind", im->b)) ||
	    !str_eq(sget(p1, "name", ""), sget(p2, "name", "")))
		return false;
	if (!im->n)
		return true;
	n1 = sget(p1, "namespace", "");
	n2 = sget(p2, "namespace", "");
	if (!*n1 && !*n2)
		return true;
	return has(p1, "namespace") && has(p2, "namespace") && str_eq(n1, n2);
}

static bool
refs_section_specified(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *p1 = doc_item(c->self, i);

		for (size_t j = 0; j < i; j++) {
			const struct doc_node *p2 = doc_item(c->self, j);

			if (same_parent(c->impl, p1, p2) &&
			    !*sget(p1, "sectionName", "") !=
			    !*sget(p2, "sectionName", "")) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
refs_section_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *p1 = doc_item(c->self, i);
		const char *s1 = sget(p1, "sectionName", "");

		for (size_t j = 0; j < i; j++) {
			const struct doc_node *p2 = doc_item(c->self, j);
			const char *s2 = sget(p2, "sectionName", "");

			if (!same_parent(c->impl, p1, p2))
				continue;
			if ((!*s1 && !*s2) || (has(p1, "sectionName") &&
			    has(p2, "sectionName") && str_eq(s1, s2))) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
btls_ca_exclusive(struct cel_call *c)
{
	if (doc_len(doc_get(c->self, "caCertificateRefs")) > 0 &&
	    *sget(c->self, "wellKnownCACertificates", "")) {
		cel_fail(c, NULL, NULL);
		return false;
	}
	return true;
}

static bool
btls_ca_required(struct cel_call *c)
{
	if (doc_len(doc_get(c->self, "caCertificateRefs")) > 0 ||
	    *sget(c->self, "wellKnownCACertificates", ""))
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
san_required(struct cel_call *c)
{
	if (str_eq(sget(c->self, "type", ""), c->impl->a) &&
	    !*sget(c->self, c->impl->b, "")) {
		cel_fail(c, NULL, NULL);
		return false;
	}
	return true;
}

static bool
san_forbidden(struct cel_call *c)
{
	if (!str_eq(sget(c->self, "type", ""), c->impl->a) &&
	    *sget(c->self, c->impl->b, "")) {
		cel_fail(c, doc_get(c->self, c->impl->b), NULL);
		return false;
	}
	return true;
}

static bool
addr_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *a1 = doc_item(c->self, i);
		const char *t1 = sget(a1, "type", "IPAddress");

		if (!str_eq(t1, c->impl->a) || !has(a1, "value"))
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct doc_node *a2 = doc_item(c->self, j);

			if (str_eq(sget(a2, "type", "IPAddress"), t1) &&
			    has(a2, "value") && str_eq(sget(a1, "value", ""),
			    sget(a2, "value", ""))) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
addr_hostname(struct cel_call *c)
{
	const char *v;

	if (!str_eq(sget(c->self, "type", "IPAddress"), "Hostname"))
		return true;
	if (!c->impl->n && !has(c->self, "value"))
		return true;
	v = sget(c->self, "value", "");
	if (regex_match(c->ck, HOSTNAME_RE, v))
		return true;
	cel_fail(c, doc_get(c->self, "value"), ".value");
	return false;
}

static bool
keys_qualified(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *k = doc_map_key(c->self, i);

		if (!regex_match(c->ck, QNAME_RE, k->u.str)) {
			cel_fail(c, k, NULL);
			ok = false;
		}
	}
	return ok;
}

static bool
keys_prefix_len(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *k = doc_map_key(c->self, i);
		const char *slash = strchr(k->u.str, '/');
		size_t n = slash ? (size_t)(slash - k->u.str) :
			strlen(k->u.str);

		if (n >= 253) {
			cel_fail(c, k, NULL);
			ok = false;
		}
	}
	return ok;
}

static bool
proto_in(const struct doc_node *l, const char *const *set)
{
	const char *p = sget(l, "protocol", "");

	for (; *set; set++) {
		if (!strcmp(p, *set))
			return true;
	}
	return false;
}

static bool
listener_tls_forbidden(struct cel_call *c)
{
	static const char *const protos[] = { "HTTP", "TCP", "UDP", NULL };
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *l = doc_item(c->self, i);

		if (proto_in(l, protos) && has(l, "tls")) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
listener_https_mode(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *l = doc_item(c->self, i);
		const char *mode;

		if (!str_eq(sget(l, "protocol", ""), "HTTPS") ||
		    !has(l, "tls"))
			continue;
		mode = sget(doc_get(l, "tls"), "mode", "Terminate");
		if (*mode && strcmp(mode, "Terminate")) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
listener_tls_mode(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *l = doc_item(c->self, i);

		if (!str_eq(sget(l, "protocol", ""), "TLS"))
			continue;
		if (!has(l, "tls") ||
		    !*sget(doc_get(l, "tls"), "mode", "Terminate")) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
listener_hostname_forbidden(struct cel_call *c)
{
	static const char *const protos[] = { "TCP", "UDP", NULL };
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *l = doc_item(c->self, i);

		if (proto_in(l, protos) && *sget(l, "hostname", "")) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
listener_name_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *n1 = sget(doc_item(c->self, i), "name", "");

		for (size_t j = 0; j < i; j++) {
			if (str_eq(n1, sget(doc_item(c->self, j), "name",
			    ""))) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
listener_combo_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *l1 = doc_item(c->self, i);

		if (c->impl->n && !has(l1, "port"))
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct doc_node *l2 = doc_item(c->self, j);
			bool h1 = has(l1, "hostname"), h2 = has(l2, "hostname");

			if (c->impl->n && !has(l2, "port"))
				continue;
			if (!str_eq(sget(l1, "port", ""),
			    sget(l2, "port", "")) ||
			    !str_eq(sget(l1, "protocol", ""),
			    sget(l2, "protocol", "")))
				continue;
			if ((h1 && h2 && str_eq(sget(l1, "hostname", ""),
			    sget(l2, "hostname", ""))) || (!h1 && !h2)) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
listener_tls_certs(struct cel_call *c)
{
	if (!str_eq(sget(c->self, "mode", "Terminate"), "Terminate"))
		return true;
	if (doc_len(doc_get(c->self, "certificateRefs")) > 0 ||
	    doc_len(doc_get(c->self, "options")) > 0)
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
perport_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *p1 = sget(doc_item(c->self, i), "port", "");

		for (size_t j = 0; j < i; j++) {
			if (str_eq(p1, sget(doc_item(c->self, j), "port",
			    ""))) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

/* n: 1 for HTTPRoute, where absent matches default to one match */
static bool
matches_total(struct cel_call *c)
{
	size_t total = 0;

	for (size_t i = 0; i < doc_len(c->self) && i < 16; i++) {
		const struct doc_node *r = doc_item(c->self, i);

		if (has(r, "matches"))
			total += doc_len(doc_get(r, "matches"));
		else if (c->impl->n)
			total++;
	}
	if (total <= 128)
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
backendref_port(struct cel_call *c)
{
	if (*sget(c->self, "group", "") ||
	    !str_eq(sget(c->self, "kind", "Service"), "Service") ||
	    has(c->self, "port"))
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
filter_repeated(struct cel_call *c)
{
	size_t seen = 0;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		if (!str_eq(sget(doc_item(c->self, i), "type", ""),
		    c->impl->a))
			continue;
		if (++seen == 2) {
			cel_fail_item(c, i);
			return false;
		}
	}
	return true;
}

static bool
filter_member_nil(struct cel_call *c)
{
	if (has(c->self, c->impl->a) &&
	    !str_eq(sget(c->self, "type", ""), c->impl->b)) {
		cel_fail(c, doc_get(c->self, c->impl->a), NULL);
		return false;
	}
	return true;
}

static bool
filter_member_required(struct cel_call *c)
{
	if (!has(c->self, c->impl->a) &&
	    str_eq(sget(c->self, "type", ""), c->impl->b)) {
		cel_fail(c, NULL, NULL);
		return false;
	}
	return true;
}

static bool
mirror_percent_fraction(struct cel_call *c)
{
	if (has(c->self, "percent") && has(c->self, "fraction")) {
		cel_fail(c, NULL, NULL);
		return false;
	}
	return true;
}

static bool
mirror_fraction(struct cel_call *c)
{
	long long num = 0, den = 100;

	doc_int(doc_get(c->self, "numerator"), &num);
	doc_int(doc_get(c->self, "denominator"), &den);
	if (num <= den)
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
grpc_method_required(struct cel_call *c)
{
	if (has(c->self, "service") || has(c->self, "method"))
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

static bool
grpc_method_chars(struct cel_call *c)
{
	const char *re = !strcmp(c->impl->a, "service") ?
		"^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$" :
		"^[A-Za-z_][A-Za-z_0-9]*$";

	if (!str_eq(sget(c->self, "type", "Exact"), "Exact") ||
	    !has(c->self, c->impl->a))
		return true;
	if (regex_match(c->ck, re, sget(c->self, c->impl->a, "")))
		return true;
	cel_fail(c, doc_get(c->self, c->impl->a), NULL);
	return false;
}

static bool
redirect_with_backends(struct cel_call *c)
{
	const struct doc_node *filters = doc_get(c->self, "filters");

	if (!doc_len(doc_get(c->self, "backendRefs")))
		return true;
	for (size_t i = 0; i < doc_len(filters); i++) {
		if (has(doc_item(filters, i), "requestRedirect")) {
			cel_fail(c, doc_item(filters, i), NULL);
			return false;
		}
	}
	return true;
}

static bool
is_replace_prefix(const struct doc_node *f, const char *member)
{
	const struct doc_node *path = doc_get(doc_get(f, member), "path");

	return has(doc_get(f, member), "path") &&
		str_eq(sget(path, "type", ""), "ReplacePrefixMatch") &&
		has(path, "replacePrefixMatch");
}

static size_t
count_replace_prefix(const struct doc_node *filters, const char *member)
{
	size_t n = 0;

	for (size_t i = 0; i < doc_len(filters); i++) {
		if (is_replace_prefix(doc_item(filters, i), member))
			n++;
	}
	return n;
}

/* n: 0 for the rule's filters, 1 for its backendRefs' filters */
static bool
replace_prefix_match(struct cel_call *c)
{
	const struct doc_node *matches = doc_get(c->self, "matches");
	const struct doc_node *path;
	size_t n = 0;

	if (!c->impl->n) {
		n = count_replace_prefix(doc_get(c->self, "filters"),
			c->impl->a);
	} else {
		const struct doc_node *refs = doc_get(c->self, "backendRefs");

		for (size_t i = 0; i < doc_len(refs); i++) {
			if (count_replace_prefix(doc_get(doc_item(refs, i),
			    "filters"), c->impl->a) == 1)
				n++;
		}
	}
	if (n != 1)
		return true;
	if (!has(c->self, "matches"))
		return true;	/* defaults to one PathPrefix match */
	path = doc_get(doc_item(matches, 0), "path");
	if (doc_len(matches) == 1 &&
	    str_eq(sget(path, "type", "PathPrefix"), "PathPrefix"))
		return true;
	cel_fail(c, matches, ".matches");
	return false;
}

static bool
filters_have_type(const struct doc_node *filters, const char *type)
{
	for (size_t i = 0; i < doc_len(filters); i++) {
		if (str_eq(sget(doc_item(filters, i), "type", ""), type))
			return true;
	}
	return false;
}

static bool
redirect_and_rewrite(struct cel_call *c)
{
	if (filters_have_type(c->self, "RequestRedirect") &&
	    filters_have_type(c->self, "URLRewrite")) {
		cel_fail(c, NULL, NULL);
		return false;
	}
	return true;
}

static bool
wildcard_alone(struct cel_call *c)
{
	if (doc_len(c->self) <= 1)
		return true;
	for (size_t i = 0; i < doc_len(c->self); i++) {
		const struct doc_node *v = doc_item(c->self, i);

		if (doc_is_scalar(v) && !strcmp(v->u.str, "*")) {
			cel_fail_item(c, i);
			return false;
		}
	}
	return true;
}

/* n: 0 "type a needs field b", 1 "field b needs type a" */
static bool
path_modifier(struct cel_call *c)
{
	bool is_type = str_eq(sget(c->self, "type", ""), c->impl->a);
	bool is_set = has(c->self, c->impl->b);

	if (!c->impl->n ? (!is_type || is_set) : (!is_set || is_type))
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

enum path_check {
	PV_ABSOLUTE,
	PV_CONTAINS,
	PV_ENDS,
	PV_CHARS,
};

static bool
path_value(struct cel_call *c)
{
	const char *type = sget(c->self, "type", "PathPrefix");
	const char *v = sget(c->self, "value", "/");
	const struct doc_node *at = doc_get(c->self, "value");
	size_t vl = strlen(v);
	bool ok = true;

	if (strcmp(type, "Exact") && strcmp(type, "PathPrefix"))
		return true;
	switch (c->impl->n) {
	case PV_ABSOLUTE:
		ok = v[0] == '/';
		break;
	case PV_CONTAINS:
		ok = !strstr(v, c->impl->a);
		break;
	case PV_ENDS:
		ok = vl < strlen(c->impl->a) ||
			strcmp(v + vl - strlen(c->impl->a), c->impl->a);
		break;
	case PV_CHARS:
		ok = regex_match(c->ck, "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|"
			"[%][0-9a-fA-F]{2})+$", v);
		break;
	}
	if (!ok)
		cel_fail(c, at, ".value");
	return ok;
}

static bool
path_type(struct cel_call *c)
{
	const char *type = sget(c->self, "type", "PathPrefix");

	if (!strcmp(type, "Exact") || !strcmp(type, "PathPrefix") ||
	    !strcmp(type, "RegularExpression"))
		return true;
	cel_fail(c, doc_get(c->self, "type"), ".type");
	return false;
}

static bool
timeouts(struct cel_call *c)
{
	double req, be;

	if (!parse_duration(sget(c->self, "request", NULL), &req) ||
	    !parse_duration(sget(c->self, "backendRequest", NULL), &be))
		return true;
	if (req == 0 || be <= req)
		return true;
	cel_fail(c, doc_get(c->self, "backendRequest"), ".backendRequest");
	return false;
}

static bool
hostnames_no_ip(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *h = doc_is_scalar(doc_item(c->self, i)) ?
			doc_item(c->self, i)->u.str : "";

		if (is_ip(h)) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
hostnames_rfc1123(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *h = doc_is_scalar(doc_item(c->self, i)) ?
			doc_item(c->self, i)->u.str : "";

		if (!strchr(h, '*') && !regex_match(c->ck, SUBDOMAIN_RE, h)) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

static bool
hostnames_wildcard(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *h = doc_is_scalar(doc_item(c->self, i)) ?
			doc_item(c->self, i)->u.str : "";

		if (strchr(h, '*') && (strncmp(h, "*.", 2) ||
		    !regex_match(c->ck, SUBDOMAIN_RE, h + 2))) {
			cel_fail_item(c, i);
			ok = false;
		}
	}
	return ok;
}

/* InferencePool (Inference Extension v1): endpointPickerRef.kind defaults
 * to Service, and a Service needs the port. */
static bool
pool_epp_port(struct cel_call *c)
{
	if (!str_eq(sget(c->self, "kind", "Service"), "Service") ||
	    has(c->self, "port"))
		return true;
	cel_fail(c, NULL, NULL);
	return false;
}

/* InferencePool targetPorts: each number once (numbers, not texts). */
static bool
pool_ports_unique(struct cel_call *c)
{
	bool ok = true;

	for (size_t i = 0; i < doc_len(c->self); i++) {
		const char *n1 = sget(doc_item(c->self, i), "number", NULL);

		for (size_t j = 0; n1 && j < i; j++) {
			const char *n2 = sget(doc_item(c->self, j), "number",
				NULL);

			if (n2 && strtoll(n1, NULL, 10) ==
			    strtoll(n2, NULL, 10)) {
				cel_fail_item(c, i);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static const struct cel_impl cel_impls[] = {
	{
		"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p"
		"2.kind && p1.name == p2.name ? ((!has(p1.sectionName) || p1.se"
		"ctionName == '') == (!has(p2.sectionName) || p2.sectionName =="
		" '')) : true))",
		"btls-section-specified", refs_section_specified, NULL, NULL, 0,
	},
	{
		"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.ki"
		"nd == p2.kind && p1.name == p2.name && (((!has(p1.sectionName)"
		" || p1.sectionName == '') && (!has(p2.sectionName) || p2.secti"
		"onName == '')) || (has(p1.sectionName) && has(p2.sectionName) "
		"&& p1.sectionName == p2.sectionName))))",
		"btls-section-unique", refs_section_unique, NULL, NULL, 0,
	},
	{
		"!(has(self.caCertificateRefs) && size(self.caCertificateRefs) "
		"> 0 && has(self.wellKnownCACertificates) && self.wellKnownCACe"
		"rtificates != \"\")",
		"btls-ca-exclusive", btls_ca_exclusive, NULL, NULL, 0,
	},
	{
		"(has(self.caCertificateRefs) && size(self.caCertificateRefs) >"
		" 0 || has(self.wellKnownCACertificates) && self.wellKnownCACer"
		"tificates != \"\")",
		"btls-ca-required", btls_ca_required, NULL, NULL, 0,
	},
	{
		"!(self.type == \"Hostname\" && (!has(self.hostname) || self.ho"
		"stname == \"\"))",
		"san-hostname-required", san_required,
		"Hostname", "hostname", 0,
	},
	{
		"!(self.type != \"Hostname\" && has(self.hostname) && self.host"
		"name != \"\")",
		"san-hostname-forbidden", san_forbidden,
		"Hostname", "hostname", 0,
	},
	{
		"!(self.type == \"URI\" && (!has(self.uri) || self.uri == \"\")"
		")",
		"san-uri-required", san_required, "URI", "uri", 0,
	},
	{
		"!(self.type != \"URI\" && has(self.uri) && self.uri != \"\")",
		"san-uri-forbidden", san_forbidden, "URI", "uri", 0,
	},
	/* 8: not implemented */
	{
		"self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.ex"
		"ists_one(a2, a2.type == a1.type && has(a2.value) && a2.value ="
		"= a1.value) : true )",
		"address-ip-unique", addr_unique, "IPAddress", NULL, 0,
	},
	{
		"self.all(a1, a1.type == 'Hostname'  && has(a1.value) ? self.ex"
		"ists_one(a2, a2.type == a1.type && has(a2.value) && a2.value ="
		"= a1.value) : true )",
		"address-hostname-unique", addr_unique, "Hostname", NULL, 0,
	},
	{
		"self.type == 'Hostname' ? (!has(self.value) || self.value.matc"
		"hes(r\"\"\"^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]"
		"([-a-z0-9]*[a-z0-9])?)*$\"\"\")): true",
		"address-hostname", addr_hostname, NULL, NULL, 0,
	},
	{
		"self.all(key, key.matches(r\"\"\"^([a-z0-9]([-a-z0-9]*[a-z0-9]"
		")?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-"
		"9_.]{0,61})?[A-Za-z0-9]$\"\"\"))",
		"infra-key-format", keys_qualified, NULL, NULL, 0,
	},
	{
		"self.all(key, key.split(\"/\")[0].size() < 253)",
		"infra-key-prefix", keys_prefix_len, NULL, NULL, 0,
	},
	{
		"self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls)"
		" : true)",
		"listener-tls-forbidden", listener_tls_forbidden, NULL, NULL, 0,
	},
	{
		"self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mod"
		"e == '' || l.tls.mode == 'Terminate') : true)",
		"listener-https-mode", listener_https_mode, NULL, NULL, 0,
	},
	{
		"self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mod"
		"e) && l.tls.mode != '' : true))",
		"listener-tls-mode", listener_tls_mode, NULL, NULL, 0,
	},
	{
		"self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) "
		"|| l.hostname == '') : true)",
		"listener-hostname-forbidden", listener_hostname_forbidden,
		NULL, NULL, 0,
	},
	{
		"self.all(l1, self.exists_one(l2, l1.name == l2.name))",
		"listener-name-unique", listener_name_unique, NULL, NULL, 0,
	},
	{
		"self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.prot"
		"ocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ?"
		" l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hos"
		"tname))))",
		"listener-combination-unique", listener_combo_unique,
		NULL, NULL, 0,
	},
	{
		"self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || s"
		"ize(self.options) > 0 : true",
		"listener-tls-certificates", listener_tls_certs, NULL, NULL, 0,
	},
	{
		"self.all(t1, self.exists_one(t2, t1.port == t2.port))",
		"tls-perport-unique", perport_unique, NULL, NULL, 0,
	},
	{
		"self.type == 'Hostname' ? self.value.matches(r\"\"\"^(\\*\\.)?"
		"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?"
		")*$\"\"\"): true",
		"status-address-hostname", addr_hostname, NULL, NULL, 1,
	},
	{
		"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p"
		"2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p"
		"1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__name"
		"space__ == '')) || (has(p1.__namespace__) && has(p2.__namespac"
		"e__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.se"
		"ctionName) || p1.sectionName == '') == (!has(p2.sectionName) |"
		"| p2.sectionName == '')) : true))",
		"parentrefs-section-specified", refs_section_specified,
		"gateway.networking.k8s.io", "Gateway", 1,
	},
	{
		"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.ki"
		"nd == p2.kind && p1.name == p2.name && (((!has(p1.__namespace_"
		"_) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2"
		".__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__n"
		"amespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!"
		"has(p1.sectionName) || p1.sectionName == '') && (!has(p2.secti"
		"onName) || p2.sectionName == '')) || (has(p1.sectionName) && h"
		"as(p2.sectionName) && p1.sectionName == p2.sectionName))))",
		"parentrefs-section-unique", refs_section_unique,
		"gateway.networking.k8s.io", "Gateway", 1,
	},
	{
		"(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.siz"
		"e() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? sel"
		"f[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2"
		"].matches) ? self[2].matches.size() : 0) : 0) + (self.size() >"
		" 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) "
		"+ (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.s"
		"ize() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? s"
		"elf[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self"
		"[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size()"
		" > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0"
		") + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches"
		".size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ?"
		" self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(s"
		"elf[10].matches) ? self[10].matches.size() : 0) : 0) + (self.s"
		"ize() > 11 ? (has(self[11].matches) ? self[11].matches.size() "
		": 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self["
		"12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[1"
		"3].matches) ? self[13].matches.size() : 0) : 0) + (self.size()"
		" > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) "
		": 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].m"
		"atches.size() : 0) : 0) <= 128",
		"matches-total", matches_total, NULL, NULL, 0,
	},
	{
		"(size(self.group) == 0 && self.kind == 'Service') ? has(self.p"
		"ort) : true",
		"backendref-port", backendref_port, NULL, NULL, 0,
	},
	{
		"self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
		"filter-repeated", filter_repeated,
		"RequestHeaderModifier", NULL, 0,
	},
	{
		"self.filter(f, f.type == 'ResponseHeaderModifier')"
		".size() <= 1",
		"filter-repeated", filter_repeated,
		"ResponseHeaderModifier", NULL, 0,
	},
	{
		"!(has(self.requestHeaderModifier) && self.type != 'RequestHead"
		"erModifier')",
		"filter-member-type", filter_member_nil,
		"requestHeaderModifier", "RequestHeaderModifier", 0,
	},
	{
		"!(!has(self.requestHeaderModifier) && self.type == 'RequestHea"
		"derModifier')",
		"filter-member-missing", filter_member_required,
		"requestHeaderModifier", "RequestHeaderModifier", 0,
	},
	{
		"!(has(self.responseHeaderModifier) && self.type != 'ResponseHe"
		"aderModifier')",
		"filter-member-type", filter_member_nil,
		"responseHeaderModifier", "ResponseHeaderModifier", 0,
	},
	{
		"!(!has(self.responseHeaderModifier) && self.type == 'ResponseH"
		"eaderModifier')",
		"filter-member-missing", filter_member_required,
		"responseHeaderModifier", "ResponseHeaderModifier", 0,
	},
	{
		"!(has(self.requestMirror) && self.type != 'RequestMirror')",
		"filter-member-type", filter_member_nil,
		"requestMirror", "RequestMirror", 0,
	},
	{
		"!(!has(self.requestMirror) && self.type == 'RequestMirror')",
		"filter-member-missing", filter_member_required,
		"requestMirror", "RequestMirror", 0,
	},
	{
		"!(has(self.extensionRef) && self.type != 'ExtensionRef')",
		"filter-member-type", filter_member_nil,
		"extensionRef", "ExtensionRef", 0,
	},
	{
		"!(!has(self.extensionRef) && self.type == 'ExtensionRef')",
		"filter-member-missing", filter_member_required,
		"extensionRef", "ExtensionRef", 0,
	},
	{
		"!(has(self.percent) && has(self.fraction))",
		"mirror-percent-fraction", mirror_percent_fraction,
		NULL, NULL, 0,
	},
	{
		"self.numerator <= self.denominator",
		"mirror-fraction", mirror_fraction, NULL, NULL, 0,
	},
	{
		"has(self.type) ? has(self.service) || has(self.method) : true",
		"grpc-method-required", grpc_method_required, NULL, NULL, 0,
	},
	{
		"(!has(self.type) || self.type == 'Exact') && has(self.service)"
		" ? self.service.matches(r\"\"\"^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a"
		"-z_][a-z_0-9]*)*$\"\"\"): true",
		"grpc-service-chars", grpc_method_chars, "service", NULL, 0,
	},
	{
		"(!has(self.type) || self.type == 'Exact') && has(self.method) "
		"? self.method.matches(r\"\"\"^[A-Za-z_][A-Za-z_0-9]*$\"\"\"): "
		"true",
		"grpc-method-chars", grpc_method_chars, "method", NULL, 0,
	},
	{
		"(self.size() > 0 ? self[0].matches.size() : 0) + (self.size() "
		"> 1 ? self[1].matches.size() : 0) + (self.size() > 2 ? self[2]"
		".matches.size() : 0) + (self.size() > 3 ? self[3].matches.size"
		"() : 0) + (self.size() > 4 ? self[4].matches.size() : 0) + (se"
		"lf.size() > 5 ? self[5].matches.size() : 0) + (self.size() > 6"
		" ? self[6].matches.size() : 0) + (self.size() > 7 ? self[7].ma"
		"tches.size() : 0) + (self.size() > 8 ? self[8].matches.size() "
		": 0) + (self.size() > 9 ? self[9].matches.size() : 0) + (self."
		"size() > 10 ? self[10].matches.size() : 0) + (self.size() > 11"
		" ? self[11].matches.size() : 0) + (self.size() > 12 ? self[12]"
		".matches.size() : 0) + (self.size() > 13 ? self[13].matches.si"
		"ze() : 0) + (self.size() > 14 ? self[14].matches.size() : 0) +"
		" (self.size() > 15 ? self[15].matches.size() : 0) <= 128",
		"matches-total", matches_total, NULL, NULL, 1,
	},
	{
		"(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has("
		"self.filters) || self.filters.all(f, !has(f.requestRedirect)))"
		": true",
		"redirect-with-backends", redirect_with_backends, NULL, NULL, 0,
	},
	{
		"(has(self.filters) && self.filters.exists_one(f, has(f.request"
		"Redirect) && has(f.requestRedirect.path) && f.requestRedirect."
		"path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.pat"
		"h.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(se"
		"lf.matches[0].path) || self.matches[0].path.type != 'PathPrefi"
		"x') ? false : true) : true",
		"replace-prefix-match", replace_prefix_match,
		"requestRedirect", NULL, 0,
	},
	{
		"(has(self.filters) && self.filters.exists_one(f, has(f.urlRewr"
		"ite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'R"
		"eplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch"
		"))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) "
		"|| self.matches[0].path.type != 'PathPrefix') ? false : true) "
		": true",
		"replace-prefix-match", replace_prefix_match,
		"urlRewrite", NULL, 0,
	},
	{
		"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has("
		"b.filters) && b.filters.exists_one(f, has(f.requestRedirect) &"
		"& has(f.requestRedirect.path) && f.requestRedirect.path.type ="
		"= 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePr"
		"efixMatch))) )) ? ((size(self.matches) != 1 || !has(self.match"
		"es[0].path) || self.matches[0].path.type != 'PathPrefix') ? fa"
		"lse : true) : true",
		"replace-prefix-match", replace_prefix_match,
		"requestRedirect", NULL, 1,
	},
	{
		"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has("
		"b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has"
		"(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefi"
		"xMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? (("
		"size(self.matches) != 1 || !has(self.matches[0].path) || self."
		"matches[0].path.type != 'PathPrefix') ? false : true) : true",
		"replace-prefix-match", replace_prefix_match,
		"urlRewrite", NULL, 1,
	},
	{
		"!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f"
		", f.type == 'URLRewrite'))",
		"redirect-and-rewrite", redirect_and_rewrite, NULL, NULL, 0,
	},
	{
		"self.filter(f, f.type == 'CORS').size() <= 1",
		"filter-repeated", filter_repeated, "CORS", NULL, 0,
	},
	{
		"self.filter(f, f.type == 'RequestRedirect').size() <= 1",
		"filter-repeated", filter_repeated, "RequestRedirect", NULL, 0,
	},
	{
		"self.filter(f, f.type == 'URLRewrite').size() <= 1",
		"filter-repeated", filter_repeated, "URLRewrite", NULL, 0,
	},
	{
		"!(has(self.cors) && self.type != 'CORS')",
		"filter-member-type", filter_member_nil, "cors", "CORS", 0,
	},
	{
		"!(!has(self.cors) && self.type == 'CORS')",
		"filter-member-missing", filter_member_required,
		"cors", "CORS", 0,
	},
	{
		"!(has(self.requestRedirect) && "
		"self.type != 'RequestRedirect')",
		"filter-member-type", filter_member_nil,
		"requestRedirect", "RequestRedirect", 0,
	},
	{
		"!(!has(self.requestRedirect) && self.type == 'RequestRedirect'"
		")",
		"filter-member-missing", filter_member_required,
		"requestRedirect", "RequestRedirect", 0,
	},
	{
		"!(has(self.urlRewrite) && self.type != 'URLRewrite')",
		"filter-member-type", filter_member_nil,
		"urlRewrite", "URLRewrite", 0,
	},
	{
		"!(!has(self.urlRewrite) && self.type == 'URLRewrite')",
		"filter-member-missing", filter_member_required,
		"urlRewrite", "URLRewrite", 0,
	},
	{
		"!('*' in self && self.size() > 1)",
		"wildcard-alone", wildcard_alone, NULL, NULL, 0,
	},
	{
		"self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : t"
		"rue",
		"path-modifier", path_modifier,
		"ReplaceFullPath", "replaceFullPath", 0,
	},
	{
		"has(self.replaceFullPath) ? self.type == 'ReplaceFullPath' : t"
		"rue",
		"path-modifier", path_modifier,
		"ReplaceFullPath", "replaceFullPath", 1,
	},
	{
		"self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatc"
		"h) : true",
		"path-modifier", path_modifier,
		"ReplacePrefixMatch", "replacePrefixMatch", 0,
	},
	{
		"has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatc"
		"h' : true",
		"path-modifier", path_modifier,
		"ReplacePrefixMatch", "replacePrefixMatch", 1,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? self.value.startsWith("
		"'/') : true",
		"path-absolute", path_value, NULL, NULL, PV_ABSOLUTE,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"//') : true",
		"path-double-slash", path_value, "//", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"/./') : true",
		"path-dot-segment", path_value, "/./", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"/../') : true",
		"path-dot-segment", path_value, "/../", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"%2f') : true",
		"path-encoded-slash", path_value, "%2f", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"%2F') : true",
		"path-encoded-slash", path_value, "%2F", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('"
		"#') : true",
		"path-fragment", path_value, "#", NULL, PV_CONTAINS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('"
		"/..') : true",
		"path-dot-segment", path_value, "/..", NULL, PV_ENDS,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('"
		"/.') : true",
		"path-dot-segment", path_value, "/.", NULL, PV_ENDS,
	},
	{
		"self.type in ['Exact','PathPrefix'] || self.type == 'RegularEx"
		"pression'",
		"path-type", path_type, NULL, NULL, 0,
	},
	{
		"(self.type in ['Exact','PathPrefix']) ? self.value.matches(r\""
		"\"\"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$\"\""
		"\") : true",
		"path-chars", path_value, NULL, NULL, PV_CHARS,
	},
	{
		"!(has(self.request) && has(self.backendRequest) && duration(se"
		"lf.request) != duration('0s') && duration(self.backendRequest)"
		" > duration(self.request))",
		"timeouts", timeouts, NULL, NULL, 0,
	},
	{
		"self.all(l1, !has(l1.port) || self.exists_one(l2, has(l2.port)"
		" && l1.port == l2.port && l1.protocol == l2.protocol && (has(l"
		"1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname :"
		" !has(l1.hostname) && !has(l2.hostname))))",
		"listener-combination-unique", listener_combo_unique,
		NULL, NULL, 1,
	},
	{
		"self.all(h, !isIP(h))",
		"hostname-ip", hostnames_no_ip, NULL, NULL, 0,
	},
	{
		"self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]"
		"*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)",
		"hostname-rfc1123", hostnames_rfc1123, NULL, NULL, 0,
	},
	{
		"self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substri"
		"ng(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9](["
		"-a-z0-9]*[a-z0-9])?)*)$')) : true)",
		"hostname-wildcard", hostnames_wildcard, NULL, NULL, 0,
	},
	/* the Gateway API Inference Extension's InferencePool (v1) */
	{
		"self.kind != 'Service' || has(self.port)",
		"pool-epp-port", pool_epp_port, NULL, NULL, 0,
	},
	{
		"self.all(p1, self.exists_one(p2, p1.number==p2.number))",
		"pool-ports-unique", pool_ports_unique, NULL, NULL, 0,
	},
};

static const struct cel_impl *
cel_find(const char *rule)
{
	for (size_t i = 0; i < ARRAY_LEN(cel_impls); i++) {
		if (!strcmp(cel_impls[i].rule, rule))
			return &cel_impls[i];
	}
	return NULL;
}

/* ---- the generic OpenAPI v3 (structural schema) validator ---- */

enum scalar_type {
	SC_NULL,
	SC_BOOL,
	SC_INT,
	SC_FLOAT,
	SC_STRING,
};

static bool
all_digits(const char *s, const char *set)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!strchr(set, *s) && *s != '_')
			return false;
	}
	return true;
}

/*
 * How a scalar resolves when Kubernetes reads it (YAML 1.1 as sigs.k8s.io
 * yaml does, JSON literals alike): quoted scalars are strings.
 */
static enum scalar_type
scalar_type(const struct doc_node *n)
{
	static const char *const bools[] = { "y", "Y", "yes", "Yes", "YES",
		"n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
		"False", "FALSE", "on", "On", "ON", "off", "Off", "OFF" };
	static const char *const floats[] = { ".inf", ".Inf", ".INF",
		"-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",
		".NaN", ".NAN" };
	const char *s = n->u.str, *p;
	char *end;

	if (n->flags & DOC_F_QUOTED)
		return SC_STRING;
	if (doc_is_null(n))
		return SC_NULL;
	for (size_t i = 0; i < ARRAY_LEN(bools); i++) {
		if (!strcmp(s, bools[i]))
			return SC_BOOL;
	}
	for (size_t i = 0; i < ARRAY_LEN(floats); i++) {
		if (!strcmp(s, floats[i]))
			return SC_FLOAT;
	}
	p = s + (*s == '-' || *s == '+');
	if (!strncmp(p, "0x", 2) && all_digits(p + 2, "0123456789abcdefABCDEF"))
		return SC_INT;
	if (!strncmp(p, "0b", 2) && all_digits(p + 2, "01"))
		return SC_INT;
	if (all_digits(p, "0123456789"))
		return SC_INT;
	if (*p == '.' || (*p >= '0' && *p <= '9')) {
		strtod(s, &end);
		if (!*end)
			return SC_FLOAT;
	}
	return SC_STRING;
}

static const char *
scalar_type_name(enum scalar_type t)
{
	switch (t) {
	case SC_NULL:
		return "null";
	case SC_BOOL:
		return "boolean";
	case SC_INT:
		return "integer";
	case SC_FLOAT:
		return "number";
	case SC_STRING:
		return "string";
	}
	return "?";
}

static const char *
node_type_name(const struct doc_node *n)
{
	if (doc_is_map(n))
		return "object";
	if (doc_is_seq(n))
		return "array";
	return scalar_type_name(scalar_type(n));
}

static bool
schema_flag(const struct doc_node *schema, const char *key)
{
	bool v = false;

	return doc_bool(doc_get(schema, key), &v) && v;
}

static bool
nodes_equal(const struct doc_node *a, const struct doc_node *b)
{
	if (a->kind != b->kind || a->len != b->len)
		return false;
	if (a->kind == DOC_SCALAR)
		return !strcmp(a->u.str, b->u.str) &&
			(scalar_type(a) == SC_STRING) ==
			(scalar_type(b) == SC_STRING);
	if (a->kind == DOC_SEQ) {
		for (size_t i = 0; i < a->len; i++) {
			if (!nodes_equal(a->u.items[i], b->u.items[i]))
				return false;
		}
		return true;
	}
	for (size_t i = 0; i < a->len; i++) {
		const struct doc_node *k = a->u.items[2 * i];
		const struct doc_node *bv = doc_get(b, k->u.str);

		if (!bv || !nodes_equal(a->u.items[2 * i + 1], bv))
			return false;
	}
	return true;
}

static void validate(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node, bool structural);

/* Runs schema in silence; returns whether node passed it. */
static bool
passes(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	size_t before = ck->errors;
	bool ok;

	ck->mute++;
	validate(ck, schema, node, false);
	ck->mute--;
	ok = ck->errors == before;
	/* a trial: the failures of nested trials (a "not" whose "anyOf"
	 * fails) are not the outer trial's */
	ck->errors = before;
	return ok;
}

static void
check_combinators(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const struct doc_node *any = doc_get(schema, "anyOf");
	const struct doc_node *one = doc_get(schema, "oneOf");
	const struct doc_node *all = doc_get(schema, "allOf");
	const struct doc_node *not = doc_get(schema, "not");
	size_t ok = 0;

	if (doc_is_seq(any)) {
		for (size_t i = 0; i < doc_len(any); i++)
			ok += passes(ck, doc_item(any, i), node);
		if (!ok)
			report(ck, node, "anyOf",
				"must match at least one of %zu schemas",
				doc_len(any));
	}
	if (doc_is_seq(one)) {
		ok = 0;
		for (size_t i = 0; i < doc_len(one); i++)
			ok += passes(ck, doc_item(one, i), node);
		if (ok != 1)
			report(ck, node, "oneOf",
				"must match exactly one of %zu schemas, "
				"matches %zu", doc_len(one), ok);
	}
	for (size_t i = 0; i < doc_len(all); i++)
		validate(ck, doc_item(all, i), node, false);
	if (doc_is_map(not) && passes(ck, not, node))
		report(ck, node, "not", "must not match a forbidden schema");
}

static void
check_cel(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const struct doc_node *rules = doc_get(schema,
		"x-kubernetes-validations");

	for (size_t i = 0; i < doc_len(rules); i++) {
		const struct doc_node *r = doc_item(rules, i);
		const char *text = sget(r, "rule", NULL);
		struct cel_call c = { 0 };

		if (!text)
			continue;
		c.impl = cel_find(text);
		if (!c.impl)
			continue;
		c.ck = ck;
		c.self = node;
		c.message = sget(r, "message", text);
		c.impl->fn(&c);
	}
}

static void
check_string(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const char *s = node->u.str;
	const char *pattern = sget(schema, "pattern", NULL);
	const char *format = sget(schema, "format", NULL);
	long long lim;
	size_t chars = utf8_chars(s);

	if (doc_int(doc_get(schema, "maxLength"), &lim) &&
	    chars > (unsigned long long)lim)
		report(ck, node, "maxLength",
			"may not be longer than %lld characters (has %zu)",
			lim, chars);
	if (doc_int(doc_get(schema, "minLength"), &lim) &&
	    chars < (unsigned long long)lim)
		report(ck, node, "minLength",
			"must be at least %lld characters long (has %zu)",
			lim, chars);
	if (pattern && !regex_match(ck, pattern, s))
		report(ck, node, "pattern", "'%s' does not match '%s'", s,
			pattern);
	if (format && !strcmp(format, "ipv4")) {
		unsigned char buf[16];

		if (inet_pton(AF_INET, s, buf) != 1)
			report(ck, node, "format", "'%s' is not an IPv4 "
				"address", s);
	} else if (format && !strcmp(format, "ipv6")) {
		unsigned char buf[16];

		if (inet_pton(AF_INET6, s, buf) != 1)
			report(ck, node, "format", "'%s' is not an IPv6 "
				"address", s);
	}
}

static void
check_integer(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const char *format = sget(schema, "format", NULL);
	long long v, lim;

	if (!doc_int(node, &v))
		return;		/* hex and such: range not checked */
	if (doc_int(doc_get(schema, "minimum"), &lim) && v < lim)
		report(ck, node, "minimum", "must be at least %lld (is %lld)",
			lim, v);
	if (doc_int(doc_get(schema, "maximum"), &lim) && v > lim)
		report(ck, node, "maximum", "must be at most %lld (is %lld)",
			lim, v);
	if (format && !strcmp(format, "int32") &&
	    (v < INT32_MIN || v > INT32_MAX))
		report(ck, node, "format", "%lld does not fit int32", v);
}

static void
check_enum(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const struct doc_node *en = doc_get(schema, "enum");
	struct strbuf sb = STRBUF_INIT;

	if (!doc_is_seq(en) || !doc_is_scalar(node))
		return;
	for (size_t i = 0; i < doc_len(en); i++) {
		const struct doc_node *e = doc_item(en, i);

		if (doc_is_scalar(e) && !strcmp(e->u.str, node->u.str))
			return;
	}
	for (size_t i = 0; i < doc_len(en); i++) {
		const struct doc_node *e = doc_item(en, i);

		strbuf_addf(&sb, "%s'%s'", i ? ", " : "",
			doc_is_scalar(e) ? e->u.str : "?");
	}
	report(ck, node, "enum", "unsupported value '%s': must be one of %s",
		node->u.str, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/* The text of list-map key k of item, or its schema default, or NULL. */
static const char *
map_key_text(const struct doc_node *item, const struct doc_node *items_schema,
	const char *k)
{
	const char *v = sget(item, k, NULL);

	if (v)
		return v;
	return sget(doc_get(doc_get(items_schema, "properties"), k),
		"default", NULL);
}

static void
check_list_type(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node)
{
	const char *type = sget(schema, "x-kubernetes-list-type", NULL);
	const struct doc_node *keys = doc_get(schema,
		"x-kubernetes-list-map-keys");
	const struct doc_node *items_schema = doc_get(schema, "items");

	if (!type)
		return;
	for (size_t i = 0; i < doc_len(node); i++) {
		const struct doc_node *a = doc_item(node, i);

		for (size_t j = 0; j < i; j++) {
			const struct doc_node *b = doc_item(node, j);
			bool dup = true;

			if (!strcmp(type, "set")) {
				dup = nodes_equal(a, b);
			} else if (!strcmp(type, "map")) {
				for (size_t k = 0; k < doc_len(keys); k++) {
					const struct doc_node *kn =
						doc_item(keys, k);
					const char *key = doc_is_scalar(kn) ?
						kn->u.str : "";

					if (!str_eq(map_key_text(a,
					    items_schema, key), map_key_text(b,
					    items_schema, key)))
						dup = false;
				}
			} else {
				dup = false;
			}
			if (dup) {
				size_t old = path_push(ck, "[%zu]", i);

				if (!strcmp(type, "set"))
					report(ck, a, "list-set",
						"duplicate value (same as "
						"item %zu)", j);
				else
					report(ck, a, "list-map-keys",
						"duplicate entry: same keys "
						"as item %zu", j);
				path_pop(ck, old);
				break;
			}
		}
	}
}

static void
check_object(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node, bool structural)
{
	const struct doc_node *props = doc_get(schema, "properties");
	const struct doc_node *addl = doc_get(schema, "additionalProperties");
	const struct doc_node *req = doc_get(schema, "required");
	bool open = schema_flag(schema, "x-kubernetes-preserve-unknown-fields");
	bool addl_any = false;
	long long lim;
	size_t nprops = 0;

	if (addl && doc_is_scalar(addl))
		addl_any = doc_bool(addl, &addl_any) && addl_any;
	for (size_t i = 0; i < doc_len(req); i++) {
		const char *k = doc_is_scalar(doc_item(req, i)) ?
			doc_item(req, i)->u.str : "";

		if (!has(node, k))
			report(ck, node, "required",
				"required field '%s' is missing", k);
	}
	for (size_t i = 0; i < doc_len(node); i++) {
		const struct doc_node *k = doc_map_key(node, i);
		const struct doc_node *v = doc_map_value(node, i);
		const struct doc_node *ps = doc_get(props, k->u.str);
		size_t old;

		if (doc_is_null(v) && !schema_flag(ps ? ps : addl,
		    "nullable"))
			continue;	/* pruned as absent */
		nprops++;
		old = path_push(ck, ".%s", k->u.str);
		if (ps)
			validate(ck, ps, v, structural);
		else if (doc_is_map(addl))
			validate(ck, addl, v, structural);
		else if (structural && !open && !addl_any && (props || !addl))
			report(ck, k, "unknown-field", "unknown field '%s'",
				k->u.str);
		path_pop(ck, old);
	}
	if (doc_int(doc_get(schema, "maxProperties"), &lim) &&
	    nprops > (unsigned long long)lim)
		report(ck, node, "maxProperties",
			"must have at most %lld entries (has %zu)", lim,
			nprops);
	if (doc_int(doc_get(schema, "minProperties"), &lim) &&
	    nprops < (unsigned long long)lim)
		report(ck, node, "minProperties",
			"must have at least %lld entries (has %zu)", lim,
			nprops);
}

static void
check_array(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node, bool structural)
{
	const struct doc_node *items = doc_get(schema, "items");
	long long lim;

	if (doc_int(doc_get(schema, "maxItems"), &lim) &&
	    doc_len(node) > (unsigned long long)lim)
		report(ck, node, "maxItems",
			"must have at most %lld items (has %zu)", lim,
			doc_len(node));
	if (doc_int(doc_get(schema, "minItems"), &lim) &&
	    doc_len(node) < (unsigned long long)lim)
		report(ck, node, "minItems",
			"must have at least %lld items (has %zu)", lim,
			doc_len(node));
	for (size_t i = 0; i < doc_len(node); i++) {
		size_t old = path_push(ck, "[%zu]", i);

		if (items)
			validate(ck, items, doc_item(node, i), structural);
		path_pop(ck, old);
	}
	check_list_type(ck, schema, node);
}

/*
 * structural: the schema is the structural one (unknown fields are
 * errors); false inside value validations (anyOf, oneOf...).
 */
static void
validate(struct check *ck, const struct doc_node *schema,
	const struct doc_node *node, bool structural)
{
	const char *type = sget(schema, "type", NULL);
	enum scalar_type st = doc_is_scalar(node) ? scalar_type(node) : SC_NULL;
	bool type_ok = true;

	if (!doc_is_map(schema) || !node)
		return;
	if (doc_is_scalar(node) && st == SC_NULL &&
	    schema_flag(schema, "nullable"))
		return;
	if (schema_flag(schema, "x-kubernetes-int-or-string")) {
		type_ok = doc_is_scalar(node) &&
			(st == SC_INT || st == SC_STRING);
		type = NULL;
	} else if (!type) {
		type_ok = true;
	} else if (!strcmp(type, "object")) {
		type_ok = doc_is_map(node);
	} else if (!strcmp(type, "array")) {
		type_ok = doc_is_seq(node);
	} else if (!strcmp(type, "string")) {
		type_ok = doc_is_scalar(node) && st == SC_STRING;
	} else if (!strcmp(type, "integer")) {
		type_ok = doc_is_scalar(node) && st == SC_INT;
	} else if (!strcmp(type, "number")) {
		type_ok = doc_is_scalar(node) &&
			(st == SC_INT || st == SC_FLOAT);
	} else if (!strcmp(type, "boolean")) {
		type_ok = doc_is_scalar(node) && st == SC_BOOL;
	}
	if (!type_ok) {
		report(ck, node, "type", "must be of type %s, not %s",
			type ? type : "integer or string",
			node_type_name(node));
		return;
	}
	if (doc_is_map(node))
		check_object(ck, schema, node, structural);
	else if (doc_is_seq(node))
		check_array(ck, schema, node, structural);
	else if (st == SC_STRING)
		check_string(ck, schema, node);
	else if (st == SC_INT)
		check_integer(ck, schema, node);
	check_enum(ck, schema, node);
	check_combinators(ck, schema, node);
	check_cel(ck, schema, node);
}

/* ---- ObjectMeta, which the CRD schema leaves to the API server ---- */

static void
check_qualified_keys(struct check *ck, const struct doc_node *map,
	const char *what, bool label_values)
{
	for (size_t i = 0; i < doc_len(map); i++) {
		const struct doc_node *k = doc_map_key(map, i);
		const struct doc_node *v = doc_map_value(map, i);
		const char *slash = strchr(k->u.str, '/');
		size_t old = path_push(ck, ".%s", k->u.str);

		if (!regex_match(ck, QNAME_RE, k->u.str) ||
		    (slash && slash - k->u.str > 253))
			report(ck, k, "metadata-key", "invalid %s key '%s': "
				"an optional DNS subdomain prefix and '/', "
				"then a name of 1-63 characters "
				"(alphanumeric, '-', '_', '.')", what,
				k->u.str);
		if (!doc_is_scalar(v) || scalar_type(v) != SC_STRING) {
			report(ck, v, "type", "%s value must be a string",
				what);
		} else if (label_values && (v->len > 63 ||
		    !regex_match(ck, LABEL_VALUE_RE, v->u.str))) {
			report(ck, v, "metadata-label-value",
				"invalid label value '%s': at most 63 "
				"characters, alphanumeric at both ends, "
				"'-', '_', '.' inside", v->u.str);
		}
		path_pop(ck, old);
	}
}

static void
check_metadata(struct check *ck, const struct doc_node *root)
{
	static const char *const known[] = { "name", "generateName",
		"namespace", "selfLink", "uid", "resourceVersion",
		"generation", "creationTimestamp", "deletionTimestamp",
		"deletionGracePeriodSeconds", "labels", "annotations",
		"ownerReferences", "finalizers", "managedFields" };
	const struct doc_node *md = doc_get(root, "metadata");
	const char *name, *ns;
	size_t old = path_push(ck, ".metadata");

	if (!doc_is_map(md)) {
		report(ck, md ? md : root, md ? "type" : "required",
			"metadata must be an object");
		goto out;
	}
	for (size_t i = 0; i < doc_len(md); i++) {
		const struct doc_node *k = doc_map_key(md, i);
		bool found = false;

		for (size_t j = 0; j < ARRAY_LEN(known); j++)
			found = found || !strcmp(k->u.str, known[j]);
		if (!found)
			report(ck, k, "unknown-field", "unknown field '%s'",
				k->u.str);
	}
	name = sget(md, "name", NULL);
	if (!name && !has(md, "generateName"))
		report(ck, md, "required", "required field 'name' is missing");
	if (name && (scalar_type(doc_get(md, "name")) != SC_STRING ||
	    strlen(name) > 253 || !regex_match(ck, SUBDOMAIN_RE, name))) {
		size_t o = path_push(ck, ".name");

		report(ck, doc_get(md, "name"), "metadata-name",
			"invalid name '%s': a lowercase RFC 1123 subdomain "
			"of at most 253 characters ([a-z0-9], '-', '.')",
			name);
		path_pop(ck, o);
	}
	ns = sget(md, "namespace", NULL);
	if (ns && (scalar_type(doc_get(md, "namespace")) != SC_STRING ||
	    strlen(ns) > 63 || !regex_match(ck, LABEL_RE, ns))) {
		size_t o = path_push(ck, ".namespace");

		report(ck, doc_get(md, "namespace"), "metadata-namespace",
			"invalid namespace '%s': a lowercase RFC 1123 label "
			"of at most 63 characters", ns);
		path_pop(ck, o);
	}
	if (has(md, "labels")) {
		size_t o = path_push(ck, ".labels");

		check_qualified_keys(ck, doc_get(md, "labels"), "label", true);
		path_pop(ck, o);
	}
	if (has(md, "annotations")) {
		size_t o = path_push(ck, ".annotations");

		check_qualified_keys(ck, doc_get(md, "annotations"),
			"annotation", false);
		path_pop(ck, o);
	}
out:
	path_pop(ck, old);
}

/* ---- objects, CRDs and the command line ---- */

static void
check_root(struct check *ck, const struct doc_node *schema,
	const struct doc_node *root)
{
	const struct doc_node *props = doc_get(schema, "properties");
	const struct doc_node *req = doc_get(schema, "required");

	for (size_t i = 0; i < doc_len(req); i++) {
		const char *k = doc_is_scalar(doc_item(req, i)) ?
			doc_item(req, i)->u.str : "";

		if (!has(root, k))
			report(ck, root, "required",
				"required field '%s' is missing", k);
	}
	check_metadata(ck, root);
	for (size_t i = 0; i < doc_len(root); i++) {
		const struct doc_node *k = doc_map_key(root, i);
		const struct doc_node *v = doc_map_value(root, i);
		const struct doc_node *ps = doc_get(props, k->u.str);
		size_t old;

		if (!strcmp(k->u.str, "metadata") || doc_is_null(v))
			continue;
		/* the API server's own fields: a schema may leave them out
		 * (Istio's do); the CRD was found by them */
		if (!ps && (!strcmp(k->u.str, "apiVersion") ||
		    !strcmp(k->u.str, "kind")))
			continue;
		old = path_push(ck, ".%s", k->u.str);
		if (ps)
			validate(ck, ps, v, true);
		else
			report(ck, k, "unknown-field", "unknown field '%s'",
				k->u.str);
		path_pop(ck, old);
	}
	check_cel(ck, schema, root);
}

static const struct crd *
crd_find(const struct check *ck, const char *group, const char *kind,
	bool *group_known)
{
	*group_known = false;
	for (size_t i = 0; i < ck->ncrds; i++) {
		if (strcmp(ck->crds[i].group, group))
			continue;
		*group_known = true;
		if (!strcmp(ck->crds[i].kind, kind))
			return &ck->crds[i];
	}
	return NULL;
}

static void
check_object_root(struct check *ck, const struct k8s_object *o)
{
	char gbuf[256];
	const char *group = k8s_api_group(o->api_version, gbuf, sizeof(gbuf));
	const char *slash = strrchr(o->api_version, '/');
	const char *version = slash ? slash + 1 : o->api_version;
	const struct doc_node *ver = NULL, *schema;
	const struct crd *crd;
	bool group_known;

	strbuf_reset(&ck->path);
	strbuf_addf(&ck->path, "%s(%s%s%s)", o->kind, o->ns ? o->ns : "",
		o->ns ? "/" : "", o->name ? o->name : "");
	crd = crd_find(ck, group, o->kind, &group_known);
	if (!crd) {
		if (group_known)
			report(ck, o->root, "unknown-kind",
				"no CustomResourceDefinition for kind '%s' "
				"in group '%s'", o->kind, group);
		else if (ck->verbose)
			printf("note: %s: group '%s' has no CRD here; "
				"not checked\n", ck->path.buf,
				*group ? group : "core");
		return;
	}
	for (size_t i = 0; i < doc_len(crd->versions); i++) {
		const struct doc_node *v = doc_item(crd->versions, i);

		if (str_eq(sget(v, "name", NULL), version))
			ver = v;
	}
	if (!ver || !schema_flag(ver, "served")) {
		report(ck, doc_get(o->root, "apiVersion"), "version",
			"version '%s' of %s is not %s by the CRD", version,
			o->kind, ver ? "served" : "defined");
		return;
	}
	schema = doc_path(ver, "schema.openAPIV3Schema");
	check_root(ck, schema, o->root);
}

static void
collect_unimplemented(struct check *ck, const struct doc_node *schema,
	const char *kind)
{
	const struct doc_node *rules = doc_get(schema,
		"x-kubernetes-validations");
	const struct doc_node *props = doc_get(schema, "properties");

	if (!doc_is_map(schema))
		return;
	for (size_t i = 0; i < doc_len(rules); i++) {
		const char *text = sget(doc_item(rules, i), "rule", NULL);
		bool seen = false;

		if (!text || cel_find(text))
			continue;
		for (size_t j = 0; j < ck->nunimpl; j++)
			seen = seen || !strcmp(ck->unimplemented[j], text);
		if (seen)
			continue;
		if (ck->nunimpl == ck->unimpl_cap) {
			ck->unimpl_cap = ck->unimpl_cap ? 2 * ck->unimpl_cap :
				16;
			ck->unimplemented = xrealloc(ck->unimplemented,
				ck->unimpl_cap * sizeof(*ck->unimplemented));
			ck->unimpl_where = xrealloc(ck->unimpl_where,
				ck->unimpl_cap * sizeof(*ck->unimpl_where));
		}
		ck->unimplemented[ck->nunimpl] = text;
		ck->unimpl_where[ck->nunimpl] = kind;
		ck->nunimpl++;
	}
	for (size_t i = 0; i < doc_len(props); i++)
		collect_unimplemented(ck, doc_map_value(props, i), kind);
	collect_unimplemented(ck, doc_get(schema, "items"), kind);
	collect_unimplemented(ck, doc_get(schema, "additionalProperties"),
		kind);
}

static void
add_crd(struct check *ck, const struct doc_node *root)
{
	struct crd c;
	const struct doc_node *versions;

	c.group = sget(doc_get(root, "spec"), "group", NULL);
	c.kind = sget(doc_path(root, "spec.names"), "kind", NULL);
	c.versions = doc_path(root, "spec.versions");
	if (!c.group || !c.kind || !doc_is_seq(c.versions))
		return;
	if (ck->ncrds == ck->crds_cap) {
		ck->crds_cap = ck->crds_cap ? 2 * ck->crds_cap : 16;
		ck->crds = xrealloc(ck->crds, ck->crds_cap * sizeof(*ck->crds));
	}
	ck->crds[ck->ncrds++] = c;
	versions = c.versions;
	for (size_t i = 0; i < doc_len(versions); i++) {
		const struct doc_node *v = doc_item(versions, i);

		if (schema_flag(v, "served"))
			collect_unimplemented(ck,
				doc_path(v, "schema.openAPIV3Schema"), c.kind);
	}
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void
print_diags(const struct diag_sink *sink)
{
	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];

		fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n",
			d->pos.file ? d->pos.file : "crdcheck",
			(unsigned)d->pos.line, (unsigned)d->pos.col,
			diag_severity_name(d->severity), d->msg, d->rule);
	}
}

/* Reads and parses one file into set; 0 or an error (reported). */
static int
parse_file(struct doc_set *set, const char *name)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	rc = source_read(name, doc_limits_default().max_input_bytes, &buf,
		&len, &sink);
	if (rc)
		goto out;
	rc = doc_set_parse(set, source_display_name(name), buf, len, &sink);
out:
	print_diags(&sink);
	diag_sink_release(&sink);
	free(buf);
	return rc;
}

/* Loads the CRDs of dir and, depth permitting, of its subdirectories. */
static int
load_dir(struct check *ck, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **subs = NULL;
	size_t n = 0, cap = 0, ns = 0, scap = 0, before;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "crdcheck: cannot open '%s'\n", dir);
		return ERR_IO;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *full;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		full = xmalloc(len);
		snprintf(full, len, "%s/%s", dir, e->d_name);
		if (depth > 0 && !stat(full, &st) && S_ISDIR(st.st_mode)) {
			if (ns == scap) {
				scap = scap ? 2 * scap : 8;
				subs = xrealloc(subs, scap * sizeof(*subs));
			}
			subs[ns++] = full;
			continue;
		}
		if (!has_suffix(e->d_name, ".yaml") &&
		    !has_suffix(e->d_name, ".yml") &&
		    !has_suffix(e->d_name, ".json")) {
			free(full);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = full;
	}
	closedir(d);
	if (n)
		xqsort(names, n, sizeof(*names), name_cmp);
	if (ns)
		xqsort(subs, ns, sizeof(*subs), name_cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		before = doc_set_count(ck->crd_set);
		rc = parse_file(ck->crd_set, names[i]);
		for (size_t j = before; !rc && j < doc_set_count(ck->crd_set);
		    j++) {
			const struct doc_node *root =
				doc_set_root(ck->crd_set, j);

			if (str_eq(sget(root, "kind", NULL),
			    "CustomResourceDefinition"))
				add_crd(ck, root);
		}
	}
	for (size_t i = 0; i < ns && !rc; i++)
		rc = load_dir(ck, subs[i], depth - 1);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	for (size_t i = 0; i < ns; i++)
		free(subs[i]);
	free(names);
	free(subs);
	return rc;
}

/*
 * dirs: one directory or several separated by ':'; each directory's
 * subdirectories are loaded too (one level: a parent of CRD sets).
 */
static int
load_crds(struct check *ck, const char *dirs)
{
	const char *p = dirs;
	int rc = 0;

	while (!rc && p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *dir = xmalloc(len + 1);

		memcpy(dir, p, len);
		dir[len] = '\0';
		if (len)
			rc = load_dir(ck, dir, 1);
		free(dir);
		p = colon ? colon + 1 : NULL;
	}
	if (!rc && !ck->ncrds) {
		fprintf(stderr, "crdcheck: no CustomResourceDefinition in "
			"'%s'\n", dirs);
		rc = ERR_INVALID;
	}
	return rc;
}

static int
check_file(struct check *ck, const char *name)
{
	struct doc_set *set = doc_set_new(NULL);
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct diag_sink sink = DIAG_SINK_INIT;
	int rc;

	rc = parse_file(set, name);
	if (rc)
		goto out;
	rc = k8s_objects_collect(&objs, set, &sink);
	print_diags(&sink);
	if (rc)
		goto out;
	ck->set = set;
	for (size_t i = 0; i < objs.len; i++)
		check_object_root(ck, &objs.items[i]);
	ck->set = NULL;
out:
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
	return rc;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: crdcheck [-v|--verbose] CRD_DIR[:CRD_DIR...] "
		"FILE...\n"
		"Each CRD_DIR and its subdirectories are loaded.\n"
		"Validates Kubernetes objects against CRD schemas and CEL "
		"rules.\nExit 0 valid, 1 violations, 2 usage or input "
		"error.\n");
}

int
main(int argc, char **argv)
{
	struct check ck = { 0 };
	struct doc_limits lim = doc_limits_default();
	int argi = 1, status = 2, rc = 0;

	if (argi < argc && (!strcmp(argv[argi], "-h") ||
	    !strcmp(argv[argi], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argi < argc && (!strcmp(argv[argi], "-v") ||
	    !strcmp(argv[argi], "--verbose"))) {
		ck.verbose = true;
		argi++;
	}
	if (argc - argi < 2) {
		usage(stderr);
		return 2;
	}
	lim.max_depth = 1024;
	ck.crd_set = doc_set_new(&lim);
	ck.md = pcre2_match_data_create(16, NULL);
	if (load_crds(&ck, argv[argi]))
		goto out;
	for (int i = argi + 1; i < argc; i++) {
		int r = check_file(&ck, argv[i]);

		if (r && !rc)
			rc = r;
	}
	if (ck.verbose) {
		for (size_t i = 0; i < ck.nunimpl; i++)
			printf("note: CEL rule of %s not implemented: %s\n",
				ck.unimpl_where[i], ck.unimplemented[i]);
	}
	status = rc ? 2 : ck.total_errors ? 1 : 0;
out:
	for (size_t i = 0; i < ck.nregexes; i++)
		pcre2_code_free(ck.regexes[i].code);
	free(ck.regexes);
	pcre2_match_data_free(ck.md);
	free(ck.crds);
	free(ck.unimplemented);
	free(ck.unimpl_where);
	strbuf_release(&ck.path);
	doc_set_free(ck.crd_set);
	return status;
}
