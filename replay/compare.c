#include "compat.h"

#include "compare.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const replay_default_ignored_headers[] = {
	"x-forwarded-for",
	"x-forwarded-host",
	"x-forwarded-port",
	"x-forwarded-proto",
	"x-forwarded-scheme",
	"x-original-uri",
	"x-real-ip",
	"x-request-id",
	"x-scheme",
	NULL,
};

void
replay_diffs_init(struct replay_diffs *d)
{
	memset(d, 0, sizeof(*d));
}

void
replay_diffs_reset(struct replay_diffs *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].field);
		json_decref(d->items[i].ingress);
		json_decref(d->items[i].gateway);
	}
	d->len = 0;
}

void
replay_diffs_release(struct replay_diffs *d)
{
	replay_diffs_reset(d);
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* Takes the references ing and gw. */
static void
diff_add(struct replay_diffs *d, const char *field, json_t *ing, json_t *gw)
{
	if (d->len == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->items = xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	d->items[d->len].field = xstrdup(field);
	d->items[d->len].ingress = ing ? ing : json_null();
	d->items[d->len].gateway = gw ? gw : json_null();
	d->len++;
}

void
replay_diffs_add(struct replay_diffs *d, const char *field, json_t *ing,
	json_t *gw)
{
	diff_add(d, field, ing, gw);
}

static json_t *
str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/*
 * The parts of an absolute http(s) URL that tell two Locations apart
 * (RFC 3986 6.2.3): the authority without the scheme's default port
 * (":80" for http, ":443" for https), and the rest with an empty path
 * meaning "/". False for anything else.
 */
static bool
url_split(const char *u, size_t *scheme_len, const char **auth,
	size_t *auth_len, const char **rest)
{
	const char *e, *colon;
	size_t sl;

	if (!u || !strstr(u, "://"))
		return false;
	sl = (size_t)(strstr(u, "://") - u);
	if (!((sl == 4 && !strncasecmp(u, "http", 4)) ||
	    (sl == 5 && !strncasecmp(u, "https", 5))))
		return false;
	*scheme_len = sl;
	*auth = u + sl + 3;
	e = *auth + strcspn(*auth, "/?#");
	*auth_len = (size_t)(e - *auth);
	colon = memchr(*auth, ':', *auth_len);
	if (colon && *auth_len - (size_t)(colon - *auth) == 4 && sl == 5 &&
	    !strncmp(colon, ":443", 4))
		*auth_len = (size_t)(colon - *auth);
	else if (colon && *auth_len - (size_t)(colon - *auth) == 3 &&
	    sl == 4 && !strncmp(colon, ":80", 3))
		*auth_len = (size_t)(colon - *auth);
	*rest = e;
	return true;
}

/*
 * Two redirect Locations are the same URL when they differ only by an
 * empty path of an absolute http(s) URL, which means "/", or by the
 * scheme's default port (RFC 3986 6.2.3): nginx writes "https://host"
 * for "/" after dropping the trailing slash, and "https://host:443/..."
 * with use-port-in-redirects; the client asks for the same resource.
 */
bool
replay_location_eq(const char *a, const char *b)
{
	const char *aa, *ab, *ra, *rb;
	size_t sa, sb, la, lb;

	if (str_eq(a, b))
		return true;
	if (!url_split(a, &sa, &aa, &la, &ra) ||
	    !url_split(b, &sb, &ab, &lb, &rb))
		return false;
	if (sa != sb || strncasecmp(a, b, sa) || la != lb ||
	    strncmp(aa, ab, la))
		return false;
	if (!strcmp(ra, rb))
		return true;
	if (*ra != '/')
		return *rb == '/' && rb[1] != '/' && !strcmp(ra, rb + 1) &&
			(*ra == '\0' || *ra == '?' || *ra == '#');
	return *rb != '/' && ra[1] != '/' && !strcmp(ra + 1, rb) &&
		(*rb == '\0' || *rb == '?' || *rb == '#');
}

/* ----- backends as shares ----- */

struct share {
	const char *ns, *name;
	long port;
	double weight;
	bool pool;		/* an InferencePool, not a Service */
};

static int
share_cmp(const void *pa, const void *pb)
{
	const struct share *a = pa, *b = pb;
	int c = strcmp(a->ns, b->ns);

	/* a pool is never the Service of its name */
	if (a->pool != b->pool)
		return a->pool ? 1 : -1;
	if (c)
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return (a->port > b->port) - (a->port < b->port);
}

/* The backends merged per service and port, sorted; free() the array. */
static struct share *
shares_of(const struct replay_decision *d, size_t *n_out)
{
	struct share *s = xcalloc(d->nbackends + 1, sizeof(*s));
	size_t n = 0;

	for (size_t i = 0; i < d->nbackends; i++) {
		const struct replay_backend *b = &d->backends[i];

		s[n].ns = b->namespace ? b->namespace : "";
		s[n].name = b->name ? b->name : "";
		s[n].port = b->port;
		s[n].weight = b->weight;
		s[n].pool = b->pool != NULL;
		n++;
	}
	xqsort(s, n, sizeof(*s), share_cmp);
	/* merge repeated service:port entries */
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		if (w && !share_cmp(&s[w - 1], &s[i]))
			s[w - 1].weight += s[i].weight;
		else
			s[w++] = s[i];
	}
	*n_out = w;
	return s;
}

static json_t *
shares_json(const struct share *s, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		size_t len = strlen(s[i].ns) + strlen(s[i].name) + 2;
		char *svc = xmalloc(len);

		snprintf(svc, len, "%s/%s", s[i].ns, s[i].name);
		json_object_set_new(o, s[i].pool ? "inference_pool" : "service",
			json_string(svc));
		free(svc);
		json_object_set_new(o, "port", s[i].port >= 0 ?
			json_integer(s[i].port) : json_null());
		json_object_set_new(o, "weight", json_real((double)(long long)(
			s[i].weight * 1e6 + 0.5) / 1e6));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *
replay_backends_json(const struct replay_decision *d)
{
	size_t n;
	struct share *s = shares_of(d, &n);
	json_t *j = shares_json(s, n);

	free(s);
	return j;
}

static bool
shares_equal(const struct share *a, size_t na, const struct share *b,
	size_t nb)
{
	size_t i = 0, j = 0;

	/* A share below the tolerance counts as absent. */
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : share_cmp(&a[i], &b[j]);

		if (c < 0) {
			if (a[i].weight > REPLAY_SHARE_TOLERANCE)
				return false;
			i++;
		} else if (c > 0) {
			if (b[j].weight > REPLAY_SHARE_TOLERANCE)
				return false;
			j++;
		} else {
			double d = a[i].weight - b[j].weight;

			if (d > REPLAY_SHARE_TOLERANCE ||
			    d < -REPLAY_SHARE_TOLERANCE)
				return false;
			i++;
			j++;
		}
	}
	return true;
}

/* ----- header maps ----- */

struct hv {
	char *name;		/* lower-case */
	char *value;		/* NULL: removed */
};

struct hmap {
	struct hv *items;
	size_t len, cap;
};

static char *
lower_dup(const char *s)
{
	char *l = xstrdup(s ? s : "");

	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static struct hv *
hmap_find(struct hmap *m, const char *lname)
{
	for (size_t i = 0; i < m->len; i++)
		if (!strcmp(m->items[i].name, lname))
			return &m->items[i];
	return NULL;
}

/* Applies one change: set (join false) or add (join true), NULL removes. */
static void
hmap_apply(struct hmap *m, const char *name, const char *value, bool join)
{
	char *l = lower_dup(name);
	struct hv *h = hmap_find(m, l);

	if (!h) {
		if (m->len == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 8;
			m->items = xrealloc(m->items,
				m->cap * sizeof(*m->items));
		}
		h = &m->items[m->len++];
		h->name = l;
		h->value = NULL;
	} else {
		free(l);
	}
	if (join && value && h->value) {
		size_t n = strlen(h->value) + strlen(value) + 2;
		char *v = xmalloc(n);

		snprintf(v, n, "%s,%s", h->value, value);
		free(h->value);
		h->value = v;
	} else {
		free(h->value);
		h->value = value ? xstrdup(value) : NULL;
	}
}

static int
hv_cmp(const void *pa, const void *pb)
{
	const struct hv *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

static void
hmap_release(struct hmap *m)
{
	for (size_t i = 0; i < m->len; i++) {
		free(m->items[i].name);
		free(m->items[i].value);
	}
	free(m->items);
	memset(m, 0, sizeof(*m));
}

static bool
ignored(const struct replay_compare_opts *opts, const char *name)
{
	if (!opts)
		return false;
	for (size_t i = 0; i < opts->nignore_headers; i++)
		if (!strcasecmp(opts->ignore_headers[i], name))
			return true;
	return false;
}

static void
upstream_headers(struct hmap *m, const struct replay_decision *d,
	const struct replay_compare_opts *opts)
{
	for (size_t i = 0; i < d->upstream.nheaders; i++)
		if (!ignored(opts, d->upstream.headers[i].name))
			hmap_apply(m, d->upstream.headers[i].name,
				d->upstream.headers[i].value, true);
	if (m->len)	/* items is NULL then */
		xqsort(m->items, m->len, sizeof(*m->items), hv_cmp);
}

static void
response_headers(struct hmap *m, const struct replay_decision *d)
{
	for (size_t i = 0; i < d->nresp; i++) {
		const struct replay_resp_header *r = &d->resp[i];

		hmap_apply(m, r->name, r->op == REPLAY_HDR_REMOVE ? NULL :
			r->value, r->op == REPLAY_HDR_ADD);
	}
	if (m->len)	/* items is NULL then */
		xqsort(m->items, m->len, sizeof(*m->items), hv_cmp);
}

/* A header's value: null when absent, {"removed": true} when removed. */
static json_t *
hv_json(const struct hv *h)
{
	if (!h)
		return json_null();
	if (!h->value)
		return json_pack("{s:b}", "removed", 1);
	return json_string(h->value);
}

/*
 * Appends a difference per name whose values differ (a name missing on one
 * side differs from a removed one: the removal is a change).
 */
static void
compare_hmaps(struct replay_diffs *out, const char *prefix,
	const struct hmap *a, const struct hmap *b)
{
	size_t i = 0, j = 0;
	struct strbuf field = STRBUF_INIT;

	while (i < a->len || j < b->len) {
		int c = i >= a->len ? 1 : j >= b->len ? -1 :
			strcmp(a->items[i].name, b->items[j].name);
		const struct hv *x = c <= 0 ? &a->items[i] : NULL;
		const struct hv *y = c >= 0 ? &b->items[j] : NULL;
		const char *name = x ? x->name : y->name;

		if (!x || !y || !str_eq(x->value, y->value)) {
			strbuf_reset(&field);
			strbuf_addf(&field, "%s.%s", prefix, name);
			diff_add(out, field.buf, hv_json(x), hv_json(y));
		}
		if (x)
			i++;
		if (y)
			j++;
	}
	strbuf_release(&field);
}

static int
cstr_cmp(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/* The removed names, lower-case, sorted, unique; free with names_free. */
static char **
removed_set(const struct replay_decision *d, size_t *n_out)
{
	char **v = xcalloc(d->upstream.nremoved + 1, sizeof(*v));
	size_t n = 0, w = 0;

	for (size_t i = 0; i < d->upstream.nremoved; i++)
		v[n++] = lower_dup(d->upstream.removed[i]);
	xqsort(v, n, sizeof(*v), cstr_cmp);
	for (size_t i = 0; i < n; i++) {
		if (w && !strcmp(v[w - 1], v[i]))
			free(v[i]);
		else
			v[w++] = v[i];
	}
	*n_out = w;
	return v;
}

static void
names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static json_t *
names_json(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void
compare_upstream(struct replay_diffs *out, const struct replay_decision *a,
	const struct replay_decision *b,
	const struct replay_compare_opts *opts)
{
	struct hmap ha = { 0 }, hb = { 0 };
	char **ra, **rb;
	size_t nra, nrb;
	bool same;

	if (!str_eq(a->upstream.method, b->upstream.method))
		diff_add(out, "upstream.method", str_json(a->upstream.method),
			str_json(b->upstream.method));
	if (!str_eq(a->upstream.path, b->upstream.path))
		diff_add(out, "upstream.path", str_json(a->upstream.path),
			str_json(b->upstream.path));
	if (!str_eq(a->upstream.query, b->upstream.query))
		diff_add(out, "upstream.query", str_json(a->upstream.query),
			str_json(b->upstream.query));
	if (!(a->upstream.host && b->upstream.host ?
	    !strcasecmp(a->upstream.host, b->upstream.host) :
	    a->upstream.host == b->upstream.host))
		diff_add(out, "upstream.host", str_json(a->upstream.host),
			str_json(b->upstream.host));
	upstream_headers(&ha, a, opts);
	upstream_headers(&hb, b, opts);
	compare_hmaps(out, "upstream.headers", &ha, &hb);
	hmap_release(&ha);
	hmap_release(&hb);

	ra = removed_set(a, &nra);
	rb = removed_set(b, &nrb);
	same = nra == nrb;
	for (size_t i = 0; same && i < nra; i++)
		same = !strcmp(ra[i], rb[i]);
	if (!same)
		diff_add(out, "upstream.removed", names_json(ra, nra),
			names_json(rb, nrb));
	names_free(ra, nra);
	names_free(rb, nrb);
}

size_t
replay_compare(struct replay_diffs *out, const struct replay_decision *ing,
	const struct replay_decision *gw,
	const struct replay_compare_opts *opts)
{
	struct share *sa, *sb;
	size_t na, nb;
	struct hmap ha = { 0 }, hb = { 0 };

	replay_diffs_reset(out);
	/* a guess is never the same as anything, not even the same guess */
	if (ing->undecided || gw->undecided)
		diff_add(out, "undecided", str_json(ing->undecided),
			str_json(gw->undecided));
	if (ing->status != gw->status)
		diff_add(out, "status", json_integer(ing->status),
			json_integer(gw->status));
	sa = shares_of(ing, &na);
	sb = shares_of(gw, &nb);
	if (!shares_equal(sa, na, sb, nb))
		diff_add(out, "backends", shares_json(sa, na),
			shares_json(sb, nb));
	free(sa);
	free(sb);
	if (ing->upstream.method && gw->upstream.method)
		compare_upstream(out, ing, gw, opts);
	if (!replay_location_eq(ing->redirect, gw->redirect))
		diff_add(out, "redirect", str_json(ing->redirect),
			str_json(gw->redirect));
	response_headers(&ha, ing);
	response_headers(&hb, gw);
	compare_hmaps(out, "response_headers", &ha, &hb);
	hmap_release(&ha);
	hmap_release(&hb);
	return out->len;
}

json_t *
replay_diffs_json(const struct replay_diffs *d)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < d->len; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "field", json_string(d->items[i].field));
		json_object_set(o, "ingress", d->items[i].ingress);
		json_object_set(o, "gateway", d->items[i].gateway);
		json_array_append_new(arr, o);
	}
	return arr;
}

void
replay_json_text(struct strbuf *out, const json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
		JSON_REAL_PRECISION(12));

	strbuf_adds(out, s ? s : "null");
	free(s);
}

void
replay_diffs_text(struct strbuf *out, const struct replay_diffs *d,
	const char *indent)
{
	for (size_t i = 0; i < d->len; i++) {
		strbuf_addf(out, "%s%s\n%s  ingress: ", indent,
			d->items[i].field, indent);
		replay_json_text(out, d->items[i].ingress);
		strbuf_addf(out, "\n%s  gateway: ", indent);
		replay_json_text(out, d->items[i].gateway);
		strbuf_addc(out, '\n');
	}
}
