#include "compat.h"
#include "providers/provider.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>

#include "model/ingress.h"
#include "providers/haproxy/annotations.h"
#include "providers/haproxy-ingress/annotations.h"
#include "providers/gce/annotations.h"
#include "providers/apisix/annotations.h"
#include "providers/ingress-nginx/annotations.h"
#include "providers/traefik/annotations.h"
#include "providers/cilium/annotations.h"
#include "providers/istio/annotations.h"
#include "providers/kong/annotations.h"
#include "providers/f5-nginx/annotations.h"
#include "providers/aws-alb/annotations.h"
#include "strmap.h"

static const struct prov_provider *const providers[] = {
	&prov_nginx_provider,
	&prov_kong_provider,
	&prov_traefik_provider,
	&prov_cilium_provider,
	&prov_istio_provider,
	&prov_haproxy_provider,
	&prov_gce_provider,
	&prov_apisix_provider,
	&prov_f5nginx_provider,
	&prov_alb_provider,
	&prov_hapi_provider,
};

const struct prov_provider *
prov_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(providers); i++)
		if (!strcmp(providers[i]->name, name))
			return providers[i];
	return NULL;
}

const struct prov_provider *const *
prov_list(size_t *n_out)
{
	*n_out = ARRAY_LEN(providers);
	return providers;
}

/*
 * Key (and alias) -> annotation, one index per registered provider, built
 * on first use in table order so that the first entry naming a key wins,
 * as a scan of the table would have it. Lives until exit.
 */
static struct strmap lookup_index[ARRAY_LEN(providers)];

static const struct strmap *
index_of(const struct prov_provider *p)
{
	for (size_t i = 0; i < ARRAY_LEN(providers); i++) {
		struct strmap *m = &lookup_index[i];

		if (providers[i] != p)
			continue;
		if (m->len)
			return m;
		for (size_t k = 0; k < p->count; k++) {
			const struct prov_annotation *a = &p->table[k];

			if (!strmap_get(m, a->key))
				strmap_put(m, a->key, (void *)a);
			for (const char *const *al = a->aliases; al && *al;
			     al++)
				if (!strmap_get(m, *al))
					strmap_put(m, *al, (void *)a);
		}
		return m->len ? m : NULL;
	}
	return NULL;
}

/*
 * The last answers, by the address of the key: the parsers ask for the
 * same literal keys for every Ingress, and the input's keys are interned.
 * An entry holds a copy of the key it answered, so a hit is an equal key
 * at the same address, whatever that address held before.
 */
enum { LOOKUP_CACHE = 256, LOOKUP_KEY_MAX = 64 };

static struct {
	const char *at;
	const struct prov_provider *p;
	const struct prov_annotation *a;
	char key[LOOKUP_KEY_MAX];
} lookup_cache[LOOKUP_CACHE];

const struct prov_annotation *
prov_lookup(const struct prov_provider *p, const char *key)
{
	const struct strmap *m;

	if (!p || !key)
		return NULL;
	if (p->lookup)
		return p->lookup(key);
	if ((m = index_of(p))) {
		uintptr_t h = (uintptr_t)key;
		size_t i = (size_t)((h >> 3) ^ (h >> 11)) % LOOKUP_CACHE;
		const struct prov_annotation *a;
		size_t n;

		if (lookup_cache[i].at == key && lookup_cache[i].p == p &&
		    !strcmp(lookup_cache[i].key, key))
			return lookup_cache[i].a;
		a = strmap_get(m, key);
		if ((n = strlen(key)) < LOOKUP_KEY_MAX) {
			lookup_cache[i].at = key;
			lookup_cache[i].p = p;
			lookup_cache[i].a = a;
			memcpy(lookup_cache[i].key, key, n + 1);
		}
		return a;
	}
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = &p->table[i];

		if (!strcmp(a->key, key))
			return a;
		for (const char *const *al = a->aliases; al && *al; al++)
			if (!strcmp(*al, key))
				return a;
	}
	return NULL;
}

const char *
prov_kind_name(enum prov_kind k)
{
	static const char *const names[] = {
		[PROV_KIND_BOOL] = "bool",
		[PROV_KIND_INT] = "int",
		[PROV_KIND_SECONDS] = "seconds",
		[PROV_KIND_DURATION] = "duration",
		[PROV_KIND_SIZE] = "size",
		[PROV_KIND_STRING] = "string",
		[PROV_KIND_ENUM] = "enum",
		[PROV_KIND_URL] = "url",
		[PROV_KIND_PATH] = "path",
		[PROV_KIND_HOST] = "host",
		[PROV_KIND_HOST_LIST] = "host-list",
		[PROV_KIND_CIDR_LIST] = "cidr-list",
		[PROV_KIND_HEADER] = "header",
		[PROV_KIND_HEADER_LIST] = "header-list",
		[PROV_KIND_LIST] = "list",
		[PROV_KIND_ORIGIN_LIST] = "origin-list",
		[PROV_KIND_STATUS_LIST] = "status-list",
		[PROV_KIND_REGEX] = "regex",
		[PROV_KIND_OBJREF] = "object-ref",
		[PROV_KIND_SERVICE] = "service",
		[PROV_KIND_NGINX] = "nginx-config",
		[PROV_KIND_NGINX_VAR] = "nginx-var",
	};

	if ((size_t)k >= ARRAY_LEN(names) || !names[k])
		return "?";
	return names[k];
}

const char *
prov_class_name(enum prov_class c)
{
	switch (c) {
	case PROV_CLASS_A:
		return "A";
	case PROV_CLASS_B:
		return "B";
	case PROV_CLASS_C:
		return "C";
	case PROV_CLASS_C_PERF:
		return "C-perf";
	}
	return "?";
}

const char *
prov_risk_name(enum prov_risk r)
{
	switch (r) {
	case PROV_RISK_LOW:
		return "low";
	case PROV_RISK_MEDIUM:
		return "medium";
	case PROV_RISK_HIGH:
		return "high";
	case PROV_RISK_CRITICAL:
		return "critical";
	}
	return "?";
}

bool
prov_risk_parse(const char *s, enum prov_risk *out)
{
	static const enum prov_risk all[] = { PROV_RISK_LOW, PROV_RISK_MEDIUM,
		PROV_RISK_HIGH, PROV_RISK_CRITICAL };

	for (size_t i = 0; s && i < ARRAY_LEN(all); i++) {
		if (!strcasecmp(s, prov_risk_name(all[i]))) {
			*out = all[i];
			return true;
		}
	}
	return false;
}

const char *
prov_scope_name(enum prov_scope s)
{
	switch (s) {
	case PROV_SCOPE_LOCATION:
		return "location";
	case PROV_SCOPE_INGRESS:
		return "ingress";
	case PROV_SCOPE_HOST:
		return "host";
	case PROV_SCOPE_SERVICE:
		return "service";
	}
	return "?";
}

const char *
prov_invalid_name(enum prov_invalid i)
{
	switch (i) {
	case PROV_INVALID_AS_CHECK:
		return "as-check";
	case PROV_INVALID_DEFAULT:
		return "default";
	case PROV_INVALID_IGNORE:
		return "ignore";
	case PROV_INVALID_GROUP:
		return "feature-off";
	case PROV_INVALID_DROP:
		return "drop-ingress";
	case PROV_INVALID_DENY:
		return "deny-location";
	case PROV_INVALID_DROP_PATHS:
		return "drop-paths";
	}
	return "?";
}

/* Scalars */

bool
prov_str_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true",
		"True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false",
		"False" };

	if (!s)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool
prov_str_int(const char *s, long long *out)
{
	const char *p = s;
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool
prov_str_cidr(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int af;
	long long bits;

	if (!n || n >= sizeof(addr))
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, buf) == 1)
		af = AF_INET;
	else if (inet_pton(AF_INET6, addr, buf) == 1)
		af = AF_INET6;
	else
		return false;
	if (!slash)
		return true;
	for (const char *q = slash + 1; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	if (!prov_str_int(slash + 1, &bits))
		return false;
	return bits >= 0 && bits <= (af == AF_INET ? 32 : 128);
}

/* Controller checks */

static bool
pcre_search(const char *pattern, const char *subject, bool *bad_pattern)
{
	pcre2_code *re;
	pcre2_match_data *md;
	int errcode, rc;
	PCRE2_SIZE erroff;

	*bad_pattern = false;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
		&errcode, &erroff, NULL);
	if (!re) {
		*bad_pattern = true;
		return false;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md,
		NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

static bool
pcre_valid(const char *pattern)
{
	pcre2_code *re;
	int errcode;
	PCRE2_SIZE erroff;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
		&errcode, &erroff, NULL);
	if (!re)
		return false;
	pcre2_code_free(re);
	return true;
}

static bool
chars_ok(const char *s, size_t n, const char *extra)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c))
			continue;
		if (!c || !strchr(extra, c))
			return false;
	}
	return true;
}

static bool
dns1035_label(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 63 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	if (!(isdigit((unsigned char)s[n - 1]) ||
			(s[n - 1] >= 'a' && s[n - 1] <= 'z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(isdigit((unsigned char)s[i]) ||
				(s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

static const char *
skip_space(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

/* Length of s without trailing white space. */
static size_t
trimmed_len(const char *s, size_t n)
{
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

static bool
options_ok(const struct prov_annotation *a, const char *s)
{
	bool trim = !(a->check_flags & PROV_CF_NO_TRIM);
	bool cased = a->check_flags & PROV_CF_CASE;
	size_t n;

	if (trim)
		s = skip_space(s);
	n = trim ? trimmed_len(s, strlen(s)) : strlen(s);
	for (const char *const *v = a->values; v && *v; v++) {
		if (strlen(*v) != n)
			continue;
		if (cased ? !strncmp(s, *v, n) : !strncasecmp(s, *v, n))
			return true;
	}
	return false;
}

/* Each comma-separated item; empty items are skipped. */
static bool
each_item(const char *s, bool (*ok)(const char *item, size_t n))
{
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		const char *b = skip_space(s);
		size_t m = n - (size_t)(b - s);

		if (b > s + n)
			m = 0;
		m = trimmed_len(b, m);
		if (m && !ok(b, m))
			return false;
		if (!comma)
			break;
		s = comma + 1;
	}
	return true;
}

static bool
item_cidr(const char *s, size_t n)
{
	char buf[INET6_ADDRSTRLEN + 8];

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return prov_str_cidr(buf);
}

static bool
item_server_name(const char *s, size_t n)
{
	return chars_ok(s, n, "-._~/:^$[](){}*+?|&=\\");
}

int
prov_check_value(const struct prov_annotation *a, const char *raw,
	const char **why_out)
{
	char *buf = NULL;
	const char *s = raw;
	long long iv;
	bool bv, bad;
	int rc = 0;

	*why_out = NULL;
	if (a->check_flags & PROV_CF_STRIP_SPACES) {
		size_t j = 0;

		buf = xmalloc(strlen(raw) + 1);
		for (const char *p = raw; *p; p++)
			if (*p != ' ')
				buf[j++] = *p;
		buf[j] = '\0';
		s = buf;
	}
	switch (a->check) {
	case PROV_CHECK_NONE:
		goto out;
	case PROV_CHECK_BOOL:
		if (!prov_str_bool(s, &bv))
			*why_out = "not a boolean (true or false)";
		break;
	case PROV_CHECK_INT:
		if (!prov_str_int(s, &iv))
			*why_out = "not an integer";
		break;
	case PROV_CHECK_CHARS:
		if (!chars_ok(s, strlen(s), a->check_arg))
			*why_out = "not accepted: it has characters the "
				"controller refuses";
		break;
	case PROV_CHECK_REGEX:
		if (!pcre_search(a->check_arg, s, &bad))
			*why_out = bad ? "internal: bad check pattern" :
				"not of the form the controller accepts";
		break;
	case PROV_CHECK_OPTIONS:
		if (!options_ok(a, s))
			*why_out = "not one of the accepted values";
		break;
	case PROV_CHECK_CIDRS:
		if (!each_item(s, item_cidr))
			*why_out = "not a list of IP addresses or CIDRs";
		break;
	case PROV_CHECK_SERVICE:
		if (!dns1035_label(s))
			*why_out = "not a valid Service name";
		break;
	case PROV_CHECK_SERVER_NAMES:
		if (!each_item(s, item_server_name))
			*why_out = "not a list of valid server names";
		break;
	case PROV_CHECK_COMMON_NAME:
		if (strncmp(s, "CN=", 3))
			*why_out = "does not start with 'CN='";
		else if (!pcre_valid(s + 3))
			*why_out = "'CN=' is not followed by a valid regex";
		break;
	}
	/* Every pattern check also refuses line breaks. */
	if (!*why_out && a->check != PROV_CHECK_BOOL &&
	    a->check != PROV_CHECK_INT && strpbrk(s, "\r\n"))
		*why_out = "contains a line break";
	if (*why_out)
		rc = ERR_INVALID;
out:
	free(buf);
	return rc;
}

/* Value parsers */

int
prov_parse_bool(struct prov_value *v, void *dst)
{
	bool b;

	if (!prov_str_bool(v->text, &b)) {
		v->why = "not a boolean (true or false)";
		return ERR_INVALID;
	}
	*(bool *)dst = b;
	return 0;
}

int
prov_parse_int(struct prov_value *v, void *dst)
{
	long long n;

	if (!prov_str_int(v->text, &n)) {
		v->why = "not an integer";
		return ERR_INVALID;
	}
	*(long long *)dst = n;
	return 0;
}

int
prov_parse_seconds(struct prov_value *v, void *dst)
{
	long long n;

	if (!prov_str_int(v->text, &n)) {
		v->why = "not a whole number of seconds";
		return ERR_INVALID;
	}
	if (n < 0) {
		v->why = "negative; nginx refuses the generated configuration";
		return ERR_INVALID;
	}
	*(long long *)dst = n;
	return 0;
}

int
prov_parse_size(struct prov_value *v, void *dst)
{
	const char *s = v->text;
	long long n = 0, mul = 1;
	size_t i = 0;

	for (; isdigit((unsigned char)s[i]); i++) {
		if (n > (LLONG_MAX - 9) / 10) {
			v->why = "too large";
			return ERR_INVALID;
		}
		n = n * 10 + (s[i] - '0');
	}
	if (!i)
		goto bad;
	switch (s[i]) {
	case '\0':
		break;
	case 'b': case 'B':
		break;
	case 'k': case 'K':
		mul = 1024;
		break;
	case 'm': case 'M':
		mul = 1024 * 1024;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024 * 1024;
		break;
	default:
		goto bad;
	}
	if (s[i] && s[i + 1])
		goto bad;
	if (n > LLONG_MAX / mul) {
		v->why = "too large";
		return ERR_INVALID;
	}
	*(long long *)dst = n * mul;
	return 0;
bad:
	v->why = "not an nginx size (digits with optional k, m or g)";
	return ERR_INVALID;
}

int
prov_parse_string(struct prov_value *v, void *dst)
{
	if (!*v->text) {
		v->why = "empty";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

int
prov_parse_raw(struct prov_value *v, void *dst)
{
	return prov_parse_string(v, dst);
}

int
prov_parse_enum(struct prov_value *v, void *dst)
{
	const char *s = skip_space(v->text);
	size_t n = trimmed_len(s, strlen(s));
	int i = 0;

	for (const char *const *p = v->ann->values; p && *p; p++, i++) {
		if (strlen(*p) == n && !strncasecmp(s, *p, n)) {
			*(int *)dst = i;
			return 0;
		}
	}
	v->why = "not one of the accepted values";
	return ERR_INVALID;
}

int
prov_parse_url(struct prov_value *v, void *dst)
{
	const char *s = v->text, *p = s, *host, *end;

	if (!isalpha((unsigned char)*p))
		goto bad;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	if (strncmp(p, "://", 3))
		goto bad;
	host = p + 3;
	end = host + strcspn(host, "/?#");
	if (end == host) {
		v->why = "the URL has no host";
		return ERR_INVALID;
	}
	for (const char *q = host; q + 1 < end; q++) {
		if (q[0] == '.' && q[1] == '.') {
			v->why = "the URL host is invalid";
			return ERR_INVALID;
		}
	}
	*(const char **)dst = s;
	return 0;
bad:
	v->why = "not an absolute URL (scheme://host...)";
	return ERR_INVALID;
}

int
prov_parse_path(struct prov_value *v, void *dst)
{
	if (v->text[0] != '/') {
		v->why = strstr(v->text, "://") ?
			"an absolute URL, only a path is accepted" :
			"does not start with '/'";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

static size_t
count_items(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		if (*s == ',')
			n++;
	return n;
}

int
prov_parse_list(struct prov_value *v, void *dst)
{
	struct prov_strlist *l = dst;
	const char *s = v->text;
	const char **items;
	size_t n = 0;

	items = arena_alloc(v->arena, count_items(s) * sizeof(*items));
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		const char *b = s;

		while (len && isspace((unsigned char)*b)) {
			b++;
			len--;
		}
		len = trimmed_len(b, len);
		if (len)
			items[n++] = arena_strndup(v->arena, b, len);
		if (!comma)
			break;
		s = comma + 1;
	}
	if (!n) {
		v->why = "an empty list";
		return ERR_INVALID;
	}
	l->v = items;
	l->len = n;
	return 0;
}

int
prov_parse_cidr_list(struct prov_value *v, void *dst)
{
	struct prov_strlist l = { 0 };
	int rc = prov_parse_list(v, &l);

	if (rc)
		return rc;
	for (size_t i = 0; i < l.len; i++) {
		if (!prov_str_cidr(l.v[i])) {
			v->why = arena_printf(v->arena,
				"'%s' is not an IP address or CIDR", l.v[i]);
			return ERR_INVALID;
		}
	}
	*(struct prov_strlist *)dst = l;
	return 0;
}

int
prov_parse_status_list(struct prov_value *v, void *dst)
{
	struct prov_strlist l = { 0 };
	struct prov_intlist *out = dst;
	long long *codes;
	int rc = prov_parse_list(v, &l);

	if (rc)
		return rc;
	codes = arena_alloc(v->arena, l.len * sizeof(*codes));
	for (size_t i = 0; i < l.len; i++) {
		if (!prov_str_int(l.v[i], &codes[i]) || codes[i] < 100 ||
		    codes[i] > 599) {
			v->why = arena_printf(v->arena,
				"'%s' is not an HTTP status code", l.v[i]);
			return ERR_INVALID;
		}
	}
	out->v = codes;
	out->len = l.len;
	return 0;
}

int
prov_parse_regex(struct prov_value *v, void *dst)
{
	if (!*v->text) {
		v->why = "empty";
		return ERR_INVALID;
	}
	if (!pcre_valid(v->text)) {
		v->why = "not a valid regular expression";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

int
prov_parse_objref(struct prov_value *v, void *dst)
{
	const char *s = v->text, *slash = strchr(s, '/');

	if (!*s || (slash && (slash == s || !slash[1] ||
			strchr(slash + 1, '/')))) {
		v->why = "not 'name' or 'namespace/name'";
		return ERR_INVALID;
	}
	*(const char **)dst = s;
	return 0;
}

int
prov_parse_service(struct prov_value *v, void *dst)
{
	if (!dns1035_label(v->text)) {
		v->why = "not a valid Service name";
		return ERR_INVALID;
	}
	*(const char **)dst = v->text;
	return 0;
}

/* Rendering */

static int
cmp_key(const void *x, const void *y)
{
	const struct prov_annotation *const *a = x, *const *b = y;

	return strcmp((*a)->key, (*b)->key);
}

static const struct prov_annotation **
sorted_table(const struct prov_provider *p)
{
	const struct prov_annotation **v = xcalloc(p->count + 1, sizeof(*v));

	for (size_t i = 0; i < p->count; i++)
		v[i] = &p->table[i];
	xqsort(v, p->count, sizeof(*v), cmp_key);
	return v;
}

void
prov_render_text(struct strbuf *sb, const struct prov_provider *p)
{
	const struct prov_annotation **v = sorted_table(p);

	strbuf_addf(sb, "%s: %zu annotations (%zu keys with aliases), "
		"prefix %s\n\n", p->name, p->count, p->nkeys,
		p->prefixes[0]);
	strbuf_addf(sb, "%-40s %-6s %-8s %-12s %-14s %s\n", "KEY", "CLASS",
		"RISK", "KIND", "DEFAULT", "DESCRIPTION");
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = v[i];

		strbuf_addf(sb, "%-40s %-6s %-8s %-12s %-14s %s\n", a->key,
			prov_class_name(a->cls), prov_risk_name(a->risk),
			prov_kind_name(a->kind), a->def ? a->def : "-",
			a->desc);
		for (const char *const *al = a->aliases; al && *al; al++)
			strbuf_addf(sb, "%-40s (alias of %s)\n", *al, a->key);
	}
	free(v);
}

/* scdoc escapes: '*', '_' and '\' start markup. */
static void
add_scdoc(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *s);
	}
}

void
prov_render_scdoc(struct strbuf *sb, const struct prov_provider *p)
{
	const struct prov_annotation **v = sorted_table(p);

	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *a = v[i];

		strbuf_adds(sb, "*");
		add_scdoc(sb, a->key);
		strbuf_addf(sb, "* (class %s, risk %s, %s",
			prov_class_name(a->cls), prov_risk_name(a->risk),
			prov_kind_name(a->kind));
		if (a->def) {
			strbuf_adds(sb, ", default ");
			add_scdoc(sb, a->def);
		}
		strbuf_adds(sb, ")\n\t");
		add_scdoc(sb, a->desc);
		strbuf_adds(sb, ". Gateway API: ");
		add_scdoc(sb, a->gateway);
		strbuf_adds(sb, ".");
		for (const char *const *al = a->aliases; al && *al; al++) {
			strbuf_adds(sb, " Alias: ");
			add_scdoc(sb, *al);
			strbuf_adds(sb, ".");
		}
		strbuf_adds(sb, "\n\n");
	}
	free(v);
}

static json_t *
str_array(const char *const *v)
{
	json_t *arr = json_array();

	for (; v && *v; v++)
		json_array_append_new(arr, json_string(*v));
	return arr;
}

static json_t *
annotation_json(const struct prov_annotation *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "key", json_string(a->key));
	json_object_set_new(o, "aliases", str_array(a->aliases));
	json_object_set_new(o, "kind", json_string(prov_kind_name(a->kind)));
	if (a->values)
		json_object_set_new(o, "values", str_array(a->values));
	json_object_set_new(o, "default",
		a->def ? json_string(a->def) : json_null());
	json_object_set_new(o, "class", json_string(prov_class_name(a->cls)));
	json_object_set_new(o, "risk", json_string(prov_risk_name(a->risk)));
	json_object_set_new(o, "scope",
		json_string(prov_scope_name(a->scope)));
	json_object_set_new(o, "on_invalid",
		json_string(prov_invalid_name(a->on_invalid)));
	json_object_set_new(o, "on_bad_value", json_string(prov_invalid_name(
		a->on_bad ? a->on_bad : a->on_invalid)));
	json_object_set_new(o, "description", json_string(a->desc));
	json_object_set_new(o, "gateway_api", json_string(a->gateway));
	return o;
}

int
prov_render_json(struct strbuf *sb, const struct prov_provider *p)
{
	const struct prov_annotation **v = sorted_table(p);
	json_t *root = json_object(), *arr = json_array();
	char *text = NULL;
	int rc = 0;

	json_object_set_new(root, "provider", json_string(p->name));
	json_object_set_new(root, "prefixes", str_array(p->prefixes));
	json_object_set_new(root, "count", json_integer((json_int_t)p->count));
	json_object_set_new(root, "keys", json_integer((json_int_t)p->nkeys));
	for (size_t i = 0; i < p->count; i++)
		json_array_append_new(arr, annotation_json(v[i]));
	json_object_set_new(root, "annotations", arr);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		rc = ERR_NOMEM;
		goto out;
	}
	strbuf_adds(sb, text);
	strbuf_addc(sb, '\n');
out:
	free(text);
	json_decref(root);
	free(v);
	return rc;
}

int
prov_spec_cmp(const struct ingress *a, const struct ingress *b)
{
	const char *ta = a->creation_timestamp, *tb = b->creation_timestamp;

	if (ta && tb && strcmp(ta, tb))
		return strcmp(ta, tb);
	if (!ta != !tb)
		return ta ? -1 : 1;
	return a->obj->order < b->obj->order ? -1 :
		a->obj->order > b->obj->order;
}
