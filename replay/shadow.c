#include "compat.h"

#include "shadow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const shadow_ignored_headers[] = {
	/* replay's: what ingress-nginx sets its own way */
	"x-forwarded-for",
	"x-forwarded-host",
	"x-forwarded-port",
	"x-forwarded-proto",
	"x-forwarded-scheme",
	"x-original-uri",
	"x-real-ip",
	"x-request-id",
	"x-scheme",
	/* hop by hop, and what every proxy adds about itself */
	"connection",
	"keep-alive",
	"proxy-connection",
	"te",
	"transfer-encoding",
	"upgrade",
	"via",
	"forwarded",
	"x-envoy-*",
	NULL,
};

/* ----- small helpers ----- */

static char *
lower_dup(const char *s, size_t n)
{
	char *l = xstrndup(s, n);

	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static json_t *
str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static bool
is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool
is_token(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_tchar((unsigned char)*s))
			return false;
	return true;
}

/* ----- addresses ----- */

static bool
parse_port(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (!n || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (!v || v > 65535)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool
host_ok(const char *h, size_t n, bool ipv6)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (ipv6 ? !(isxdigit(c) || c == ':' || c == '.' ||
		    c == '%' || isalnum(c)) :
		    !(isalnum(c) || c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

int
shadow_addr_parse(struct shadow_addr *a, const char *text, const char **why)
{
	const char *host = text, *hend, *ports = NULL;
	const char *comma;

	memset(a, 0, sizeof(*a));
	a->http_port = 80;
	a->https_port = 443;
	*why = NULL;
	if (*text == '[') {
		host = text + 1;
		hend = strchr(host, ']');
		if (!hend) {
			*why = "an IPv6 address needs its closing ']'";
			return ERR_PARSE;
		}
		if (hend[1] == ':')
			ports = hend + 2;
		else if (hend[1]) {
			*why = "expected ':' and a port after ']'";
			return ERR_PARSE;
		}
		a->ipv6 = true;
	} else {
		hend = strchr(text, ':');
		if (hend && strchr(hend + 1, ':')) {
			*why = "write an IPv6 address in brackets, as in "
				"[::1]:8080";
			return ERR_PARSE;
		}
		if (hend)
			ports = hend + 1;
		else
			hend = text + strlen(text);
	}
	if (!host_ok(host, (size_t)(hend - host), a->ipv6)) {
		*why = "not a host name or IP address";
		return ERR_PARSE;
	}
	if (ports) {
		comma = strchr(ports, ',');
		if (!comma) {
			if (!parse_port(ports, strlen(ports), &a->http_port)) {
				*why = "not a port (1-65535)";
				return ERR_PARSE;
			}
			a->https_port = a->http_port;
		} else if (strchr(comma + 1, ',') ||
		    (comma > ports && !parse_port(ports,
		    (size_t)(comma - ports), &a->http_port)) ||
		    (comma[1] && !parse_port(comma + 1, strlen(comma + 1),
		    &a->https_port)) || (comma == ports && !comma[1])) {
			*why = "expected HTTP_PORT,HTTPS_PORT (1-65535, one "
				"may be left empty)";
			return ERR_PARSE;
		}
	}
	a->host = xstrndup(host, (size_t)(hend - host));
	return 0;
}

void
shadow_addr_release(struct shadow_addr *a)
{
	free(a->host);
	memset(a, 0, sizeof(*a));
}

unsigned
shadow_addr_port(const struct shadow_addr *a, bool https)
{
	return https ? a->https_port : a->http_port;
}

void
shadow_addr_text(struct strbuf *out, const struct shadow_addr *a, bool https)
{
	strbuf_addf(out, a->ipv6 ? "[%s]:%u" : "%s:%u", a->host,
		shadow_addr_port(a, https));
}

void
shadow_addr_text_all(struct strbuf *out, const struct shadow_addr *a)
{
	strbuf_addf(out, a->ipv6 ? "[%s]:%u" : "%s:%u", a->host,
		a->http_port);
	if (a->https_port != a->http_port)
		strbuf_addf(out, ",%u", a->https_port);
}

/* No byte a request line or header could not carry as it is. */
static bool
visible(const char *s, bool space_ok)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0x7f || (c < 0x20 && c != '\t') ||
		    (!space_ok && (c == ' ' || c == '\t')))
			return false;
	}
	return true;
}

const char *
shadow_request_unsendable(const struct replay_request *req)
{
	if (!is_token(req->method))
		return "the method is not an HTTP token";
	if (req->path[0] != '/' || !visible(req->path, false) ||
	    !visible(req->query, false))
		return "the path or query has spaces or control characters";
	if ((req->host && (!*req->host || !visible(req->host, false) ||
	    strpbrk(req->host, "/?#@"))) ||
	    (req->sni && (!*req->sni || !visible(req->sni, false) ||
	    strpbrk(req->sni, "/?#@:"))))
		return "the host is not a host name";
	for (size_t i = 0; i < req->nheaders; i++)
		if (!is_token(req->headers[i].name) ||
		    !visible(req->headers[i].value, true))
			return "a header name or value cannot be sent as it "
				"is";
	return NULL;
}

/* ----- answers ----- */

void
shadow_answer_init(struct shadow_answer *a)
{
	memset(a, 0, sizeof(*a));
}

static void
headers_free(struct shadow_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
}

void
shadow_answer_reset(struct shadow_answer *a)
{
	headers_free(a->headers, a->nheaders);
	a->nheaders = 0;
	free(a->error);
	a->error = NULL;
	a->fatal = false;
	a->status = 0;
	strbuf_reset(&a->body);
	a->truncated = false;
	shadow_echo_release(&a->echo);
}

void
shadow_answer_release(struct shadow_answer *a)
{
	shadow_answer_reset(a);
	free(a->headers);
	strbuf_release(&a->body);
	memset(a, 0, sizeof(*a));
}

void
shadow_answer_header_line(struct shadow_answer *a, const char *line,
	size_t len)
{
	const char *colon, *v, *end = line + len;

	while (end > line && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == line)
		return;
	if (end - line >= 5 && !strncmp(line, "HTTP/", 5)) {
		/* a new answer: an interim one's headers do not count */
		headers_free(a->headers, a->nheaders);
		a->nheaders = 0;
		return;
	}
	colon = memchr(line, ':', (size_t)(end - line));
	if (!colon || colon == line)
		return;
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	if (a->nheaders == a->capheaders) {
		a->capheaders = a->capheaders ? 2 * a->capheaders : 16;
		a->headers = xrealloc(a->headers,
			a->capheaders * sizeof(*a->headers));
	}
	a->headers[a->nheaders].name = lower_dup(line,
		(size_t)(colon - line));
	a->headers[a->nheaders].value = xstrndup(v, (size_t)(end - v));
	a->nheaders++;
}

bool
shadow_answer_body(struct shadow_answer *a, const void *data, size_t len)
{
	size_t room = SHADOW_BODY_MAX - a->body.len;

	if (len > room) {
		strbuf_add(&a->body, data, room);
		a->truncated = true;
		return false;
	}
	strbuf_add(&a->body, data, len);
	return true;
}

char *
shadow_answer_header(const struct shadow_answer *a, const char *name)
{
	struct strbuf v = STRBUF_INIT;
	bool found = false;

	for (size_t i = 0; i < a->nheaders; i++)
		if (!strcmp(a->headers[i].name, name)) {
			if (found)
				strbuf_addc(&v, ',');
			strbuf_adds(&v, a->headers[i].value);
			found = true;
		}
	if (!found)
		return NULL;
	if (!v.buf)
		return xstrdup("");
	return strbuf_detach(&v, NULL);
}

void
shadow_answer_parse_echo(struct shadow_answer *a)
{
	if (a->truncated || !a->body.len) {
		shadow_echo_release(&a->echo);
		return;
	}
	shadow_echo_parse(&a->echo, a->body.buf, a->body.len);
}

/* ----- echoes ----- */

void
shadow_echo_release(struct shadow_echo *e)
{
	free(e->method);
	free(e->path);
	free(e->query);
	free(e->host);
	free(e->backend);
	headers_free(e->headers, e->nheaders);
	free(e->headers);
	memset(e, 0, sizeof(*e));
}

static char *
member_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int
header_cmp(const void *pa, const void *pb)
{
	const struct shadow_header *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* Appends value to *dst, joined with ',' (list values too). */
static void
join_value(struct strbuf *dst, json_t *v, bool *any)
{
	if (json_is_string(v)) {
		if (*any)
			strbuf_addc(dst, ',');
		strbuf_adds(dst, json_string_value(v));
		*any = true;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;

		json_array_foreach(v, i, x)
			join_value(dst, x, any);
	}
}

static void
echo_headers(struct shadow_echo *e, json_t *h)
{
	const char *k;
	json_t *v;
	size_t n = 0, w = 0;

	if (!json_is_object(h))
		return;
	e->headers = xcalloc(json_object_size(h) + 1, sizeof(*e->headers));
	json_object_foreach(h, k, v) {
		struct strbuf sb = STRBUF_INIT;
		bool any = false;

		join_value(&sb, v, &any);
		if (!any)
			continue;
		e->headers[n].name = lower_dup(k, strlen(k));
		e->headers[n].value = sb.buf ? strbuf_detach(&sb, NULL) :
			xstrdup("");
		n++;
	}
	xqsort(e->headers, n, sizeof(*e->headers), header_cmp);
	/* "X-A" and "x-a" are one header */
	for (size_t i = 0; i < n; i++) {
		if (w && !strcmp(e->headers[w - 1].name, e->headers[i].name)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s,%s", e->headers[w - 1].value,
				e->headers[i].value);
			free(e->headers[w - 1].value);
			e->headers[w - 1].value = strbuf_detach(&sb, NULL);
			free(e->headers[i].name);
			free(e->headers[i].value);
		} else {
			e->headers[w++] = e->headers[i];
		}
	}
	e->nheaders = w;
}

bool
shadow_echo_parse(struct shadow_echo *e, const char *body, size_t len)
{
	json_t *o = json_loadb(body, len, 0, NULL);
	char *q;

	shadow_echo_release(e);
	if (!json_is_object(o) ||
	    !json_is_string(json_object_get(o, "method")) ||
	    !json_is_string(json_object_get(o, "path"))) {
		json_decref(o);
		return false;
	}
	e->valid = true;
	e->method = member_str(o, "method");
	e->path = member_str(o, "path");
	e->host = member_str(o, "host");
	e->query = member_str(o, "query");
	/* a path with its query (RequestURI) when there is no "query" */
	if (!json_object_get(o, "query") && (q = strchr(e->path, '?'))) {
		e->query = xstrdup(q + 1);
		*q = '\0';
	}
	if (e->query && !*e->query) {
		free(e->query);
		e->query = NULL;
	}
	e->backend = member_str(o, "backend");
	if (e->backend && !*e->backend) {
		free(e->backend);
		e->backend = NULL;
	}
	if (!e->backend) {
		json_t *ns = json_object_get(o, "namespace");
		json_t *svc = json_object_get(o, "service");

		if (json_is_string(svc) && *json_string_value(svc)) {
			struct strbuf sb = STRBUF_INIT;

			if (json_is_string(ns) && *json_string_value(ns))
				strbuf_addf(&sb, "%s/", json_string_value(ns));
			strbuf_adds(&sb, json_string_value(svc));
			e->backend = strbuf_detach(&sb, NULL);
		}
	}
	echo_headers(e, json_object_get(o, "headers"));
	json_decref(o);
	return true;
}

/* ----- comparison ----- */

static bool
ignored(const struct shadow_compare_opts *o, const char *name)
{
	for (size_t i = 0; shadow_ignored_headers[i]; i++) {
		const char *g = shadow_ignored_headers[i];
		size_t n = strlen(g);

		if (g[n - 1] == '*' ? !strncmp(g, name, n - 1) :
		    !strcmp(g, name))
			return true;
	}
	for (size_t i = 0; o && i < o->nignore_headers; i++)
		if (!strcasecmp(o->ignore_headers[i], name))
			return true;
	return !strcmp(name, "host");	/* compared as upstream.host */
}

static void
compare_echo_headers(struct replay_diffs *out, const struct shadow_echo *a,
	const struct shadow_echo *b, const struct shadow_compare_opts *o)
{
	size_t i = 0, j = 0;
	struct strbuf field = STRBUF_INIT;

	while (i < a->nheaders || j < b->nheaders) {
		int c = i >= a->nheaders ? 1 : j >= b->nheaders ? -1 :
			strcmp(a->headers[i].name, b->headers[j].name);
		const struct shadow_header *x = c <= 0 ? &a->headers[i] : NULL;
		const struct shadow_header *y = c >= 0 ? &b->headers[j] : NULL;
		const char *name = x ? x->name : y->name;

		if (!ignored(o, name) &&
		    (!x || !y || strcmp(x->value, y->value))) {
			strbuf_reset(&field);
			strbuf_addf(&field, "upstream.headers.%s", name);
			replay_diffs_add(out, field.buf,
				str_json(x ? x->value : NULL),
				str_json(y ? y->value : NULL));
		}
		i += x != NULL;
		j += y != NULL;
	}
	strbuf_release(&field);
}

static void
compare_upstream(struct replay_diffs *out, const struct shadow_echo *a,
	const struct shadow_echo *b, const struct shadow_compare_opts *o)
{
	static const struct {
		const char *field;
		size_t off;
	} parts[] = {
		{ "upstream.method", offsetof(struct shadow_echo, method) },
		{ "upstream.path", offsetof(struct shadow_echo, path) },
		{ "upstream.query", offsetof(struct shadow_echo, query) },
	};

	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		const char *x = *(char *const *)((const char *)a +
			parts[i].off);
		const char *y = *(char *const *)((const char *)b +
			parts[i].off);

		if (!str_eq(x, y))
			replay_diffs_add(out, parts[i].field, str_json(x),
				str_json(y));
	}
	/* host names are case-insensitive */
	if (!(a->host && b->host ? !strcasecmp(a->host, b->host) :
	    a->host == b->host))
		replay_diffs_add(out, "upstream.host", str_json(a->host),
			str_json(b->host));
	compare_echo_headers(out, a, b, o);
}

struct names {
	char **v;
	size_t n, cap;
};

static void
names_add(struct names *s, const char *name)
{
	char *l = lower_dup(name, strlen(name));

	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], l)) {
			free(l);
			return;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = l;
}

static int
cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The response headers compared for this request: HSTS, the CORS headers
 * either side sent, the caller's, and those the models' decisions set.
 */
static void
response_names(struct names *s, const struct shadow_answer *ing,
	const struct shadow_answer *gw, const struct shadow_compare_opts *o,
	const struct replay_decision *ding,
	const struct replay_decision *dgw)
{
	const struct shadow_answer *ans[] = { ing, gw };
	const struct replay_decision *dec[] = { ding, dgw };

	names_add(s, "strict-transport-security");
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < ans[k]->nheaders; i++)
			if (!strncmp(ans[k]->headers[i].name,
			    "access-control-", 15))
				names_add(s, ans[k]->headers[i].name);
	for (size_t i = 0; o && i < o->nresponse_headers; i++)
		names_add(s, o->response_headers[i]);
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; dec[k] && i < dec[k]->nresp; i++)
			if (strcasecmp(dec[k]->resp[i].name, "location"))
				names_add(s, dec[k]->resp[i].name);
	if (s->n)
		xqsort(s->v, s->n, sizeof(*s->v), cstr_cmp);
}

size_t
shadow_compare(struct replay_diffs *out, const struct shadow_answer *ing,
	const struct shadow_answer *gw, const struct shadow_compare_opts *opts,
	const struct replay_decision *ding, const struct replay_decision *dgw)
{
	const struct shadow_echo *ei = &ing->echo, *eg = &gw->echo;
	const char *bi = ei->valid ? ei->backend : NULL;
	const char *bg = eg->valid ? eg->backend : NULL;
	struct names names = { 0 };
	struct strbuf field = STRBUF_INIT;
	char *li, *lg;

	replay_diffs_reset(out);
	if (ing->status != gw->status)
		replay_diffs_add(out, "status", json_integer(ing->status),
			json_integer(gw->status));
	if ((bi || bg) && !str_eq(bi, bg))
		replay_diffs_add(out, "backend", str_json(bi), str_json(bg));
	if (ei->valid && eg->valid)
		compare_upstream(out, ei, eg, opts);
	li = shadow_answer_header(ing, "location");
	lg = shadow_answer_header(gw, "location");
	if (!replay_location_eq(li, lg))
		replay_diffs_add(out, "redirect", str_json(li), str_json(lg));
	free(li);
	free(lg);
	response_names(&names, ing, gw, opts, ding, dgw);
	for (size_t i = 0; i < names.n; i++) {
		char *x = shadow_answer_header(ing, names.v[i]);
		char *y = shadow_answer_header(gw, names.v[i]);

		if (!str_eq(x, y)) {
			strbuf_reset(&field);
			strbuf_addf(&field, "response_headers.%s", names.v[i]);
			replay_diffs_add(out, field.buf, str_json(x),
				str_json(y));
		}
		free(x);
		free(y);
		free(names.v[i]);
	}
	free(names.v);
	strbuf_release(&field);
	return out->len;
}

/* ----- classification ----- */

const char *
shadow_class_name(enum shadow_class c)
{
	switch (c) {
	case SHADOW_UNEXPECTED: return "unexpected";
	case SHADOW_PREDICTED: return "predicted";
	case SHADOW_EXPLAINED: return "explained";
	case SHADOW_NOT_SEEN: return "not-seen";
	case SHADOW_NCLASSES: break;
	}
	return "same";
}

static const struct replay_diff *
diff_find(const struct replay_diffs *d, const char *field)
{
	for (size_t i = 0; d && i < d->len; i++)
		if (!strcmp(d->items[i].field, field))
			return &d->items[i];
	return NULL;
}

static bool
json_list_has(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcasecmp(json_string_value(v), s))
			return true;
	return false;
}

static bool
splits(const struct replay_decision *d)
{
	size_t n = 0;

	for (size_t i = 0; d && i < d->nbackends; i++)
		n += d->backends[i].weight > REPLAY_SHARE_TOLERANCE;
	return n > 1;
}

static const struct replay_known split_reason = {
	"shadow/traffic-split",
	"the models split this request's traffic between backends: each "
	"side draws one at random",
};

/* The class, and the reasons of an explained difference (or NULL). */
static enum shadow_class
classify(const struct shadow_prediction *p, const char *field,
	const struct replay_known **known, size_t *nknown)
{
	const struct replay_diff *rm;
	bool predicted;

	*known = NULL;
	*nknown = 0;
	if (!p || !p->diffs)
		return SHADOW_UNEXPECTED;
	predicted = diff_find(p->diffs, field) ||
		diff_find(p->diffs, "status") ||
		diff_find(p->diffs, "backends");
	if (!predicted && !strncmp(field, "upstream.headers.", 17) &&
	    (rm = diff_find(p->diffs, "upstream.removed")))
		predicted = json_list_has(rm->ingress, field + 17) ||
			json_list_has(rm->gateway, field + 17);
	if (predicted) {
		if (!p->ingress || !p->ingress->nknown)
			return SHADOW_PREDICTED;
		*known = p->ingress->known;
		*nknown = p->ingress->nknown;
		return SHADOW_EXPLAINED;
	}
	if ((!strcmp(field, "backend") || !strncmp(field, "upstream.", 9)) &&
	    (splits(p->ingress) || splits(p->gateway))) {
		*known = &split_reason;
		*nknown = 1;
		return SHADOW_EXPLAINED;
	}
	return SHADOW_UNEXPECTED;
}

enum shadow_class
shadow_classify(const struct shadow_prediction *p, const char *field)
{
	const struct replay_known *k;
	size_t n;

	return classify(p, field, &k, &n);
}

/* ----- the report ----- */

void
shadow_report_init(struct shadow_report *r, const char *ingress_address,
	const char *gateway_address, bool models)
{
	memset(r, 0, sizeof(*r));
	r->ingress_address = xstrdup(ingress_address ? ingress_address : "");
	r->gateway_address = xstrdup(gateway_address ? gateway_address : "");
	r->models = models;
}

static void
examples_free(struct shadow_example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ex[i].source);
		free(ex[i].request);
	}
}

void
shadow_report_release(struct shadow_report *r)
{
	for (size_t i = 0; i < r->ngroups; i++) {
		struct shadow_group *g = r->groups[i];

		free(g->field);
		json_decref(g->ingress);
		json_decref(g->gateway);
		examples_free(g->examples, g->nexamples);
		free(g->key);
		free(g);
	}
	for (size_t i = 0; i < r->nissues; i++) {
		struct shadow_issue *s = r->issues[i];

		free(s->side);
		free(s->what);
		examples_free(s->examples, s->nexamples);
		free(s->key);
		free(s);
	}
	free(r->groups);
	free(r->issues);
	free(r->ingress_address);
	free(r->gateway_address);
	strmap_release(&r->index);
	memset(r, 0, sizeof(*r));
}

static void
example_add(struct shadow_example *ex, size_t *n,
	const struct shadow_example *src)
{
	if (*n >= SHADOW_MAX_EXAMPLES)
		return;
	ex[*n].source = xstrdup(src->source ? src->source : "");
	ex[*n].line = src->line;
	ex[*n].request = xstrdup(src->request ? src->request : "");
	(*n)++;
}

static char *
json_text(const json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
		JSON_SORT_KEYS);

	return s ? s : xstrdup("null");
}

static void
group_add(struct shadow_report *r, enum shadow_class cls, const char *field,
	json_t *ing, json_t *gw, const struct shadow_example *ex,
	const struct replay_known *known, size_t nknown)
{
	struct strbuf key = STRBUF_INIT;
	char *ti = json_text(ing), *tg = json_text(gw);
	struct shadow_group *g;

	/* \x1f cannot occur in a field name or compact JSON text */
	strbuf_addf(&key, "G%d\x1f%s\x1f%s\x1f%s", (int)cls, field, ti, tg);
	free(ti);
	free(tg);
	g = strmap_get(&r->index, key.buf);
	if (!g) {
		g = xcalloc(1, sizeof(*g));
		g->cls = cls;
		g->field = xstrdup(field);
		g->ingress = json_incref(ing);
		g->gateway = json_incref(gw);
		g->key = strbuf_detach(&key, NULL);
		strmap_put(&r->index, g->key, g);
		if (r->ngroups == r->capgroups) {
			r->capgroups = r->capgroups ? 2 * r->capgroups : 16;
			r->groups = xrealloc(r->groups,
				r->capgroups * sizeof(*r->groups));
		}
		r->groups[r->ngroups++] = g;
	}
	strbuf_release(&key);
	g->count++;
	example_add(g->examples, &g->nexamples, ex);
	for (size_t i = 0; i < nknown; i++) {
		bool dup = false;

		for (size_t k = 0; k < g->nknown && !dup; k++)
			dup = !strcmp(g->known[k].rule, known[i].rule);
		if (!dup && g->nknown < REPLAY_MAX_KNOWN)
			g->known[g->nknown++] = known[i];
	}
}

/* Could the data planes have shown a difference in this field? */
static bool
observable(const char *field, bool both_echo)
{
	if (!strcmp(field, "status") || !strcmp(field, "redirect") ||
	    !strncmp(field, "response_headers.", 17))
		return true;
	return both_echo && !strncmp(field, "upstream.", 9) &&
		strcmp(field, "upstream.removed");
}

enum shadow_class
shadow_report_request(struct shadow_report *r,
	const struct shadow_example *ex, const struct replay_diffs *observed,
	const struct shadow_prediction *p, bool both_echo)
{
	enum shadow_class worst = SHADOW_NCLASSES;
	bool unseen = false;

	for (size_t i = 0; i < observed->len; i++) {
		const struct replay_diff *d = &observed->items[i];
		const struct replay_known *known;
		size_t nknown;
		enum shadow_class c = classify(p, d->field, &known, &nknown);

		group_add(r, c, d->field, d->ingress, d->gateway, ex, known,
			nknown);
		if (c < worst)
			worst = c;
	}
	for (size_t i = 0; p && p->diffs && i < p->diffs->len; i++) {
		const struct replay_diff *d = &p->diffs->items[i];

		if (!observable(d->field, both_echo) ||
		    diff_find(observed, d->field))
			continue;
		group_add(r, SHADOW_NOT_SEEN, d->field, d->ingress, d->gateway,
			ex, p->ingress ? p->ingress->known : NULL,
			p->ingress ? p->ingress->nknown : 0);
		unseen = true;
	}
	r->requests++;
	r->not_seen += unseen;
	switch (worst) {
	case SHADOW_UNEXPECTED: r->unexpected++; r->differ++; break;
	case SHADOW_PREDICTED: r->predicted++; r->differ++; break;
	case SHADOW_EXPLAINED: r->explained++; r->differ++; break;
	default: r->same++; break;
	}
	return worst;
}

static void
issue_add(struct shadow_report *r, const struct shadow_example *ex,
	const char *side, const char *what)
{
	struct strbuf key = STRBUF_INIT;
	struct shadow_issue *s;

	strbuf_addf(&key, "%c%s\x1f%s", side ? 'E' : 'S', side ? side : "",
		what);
	s = strmap_get(&r->index, key.buf);
	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->side = side ? xstrdup(side) : NULL;
		s->what = xstrdup(what);
		s->key = strbuf_detach(&key, NULL);
		strmap_put(&r->index, s->key, s);
		if (r->nissues == r->capissues) {
			r->capissues = r->capissues ? 2 * r->capissues : 8;
			r->issues = xrealloc(r->issues,
				r->capissues * sizeof(*r->issues));
		}
		r->issues[r->nissues++] = s;
	}
	strbuf_release(&key);
	s->count++;
	example_add(s->examples, &s->nexamples, ex);
}

void
shadow_report_error(struct shadow_report *r, const struct shadow_example *ex,
	const char *side, const char *what)
{
	issue_add(r, ex, side, what);
}

void
shadow_report_errored(struct shadow_report *r)
{
	r->requests++;
	r->errors++;
}

void
shadow_report_skip(struct shadow_report *r, const struct shadow_example *ex,
	const char *why)
{
	issue_add(r, ex, NULL, why);
	r->skipped++;
}

/* ----- rendering ----- */

static int
group_cmp(const void *pa, const void *pb)
{
	const struct shadow_group *a = *(struct shadow_group *const *)pa;
	const struct shadow_group *b = *(struct shadow_group *const *)pb;
	int c;

	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = strcmp(a->field, b->field)))
		return c;
	return strcmp(a->key, b->key);
}

/* The groups in report order; free() the array. */
static struct shadow_group **
sorted_groups(const struct shadow_report *r)
{
	struct shadow_group **v = xcalloc(r->ngroups + 1, sizeof(*v));

	if (r->ngroups) {
		memcpy(v, r->groups, r->ngroups * sizeof(*v));
		xqsort(v, r->ngroups, sizeof(*v), group_cmp);
	}
	return v;
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void
examples_text(struct strbuf *out, const struct shadow_example *ex, size_t n,
	size_t count)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "  %s", ex[i].source);
		if (ex[i].line)
			strbuf_addf(out, ":%zu", ex[i].line);
		strbuf_addf(out, ": %s\n", ex[i].request);
	}
	if (count > n)
		strbuf_addf(out, "  ... and %zu more\n", count - n);
}

static const char *const class_titles[] = {
	[SHADOW_UNEXPECTED] = "unexpected",
	[SHADOW_PREDICTED] = "predicted, not explained",
	[SHADOW_EXPLAINED] = "predicted and explained",
	[SHADOW_NOT_SEEN] = "predicted, not seen",
};

void
shadow_report_text(struct strbuf *out, const struct shadow_report *r)
{
	struct shadow_group **g = sorted_groups(r);

	strbuf_addf(out, "shadow: ingress side %s, gateway side %s%s\n",
		r->ingress_address, r->gateway_address, r->models ? "" :
		" (no models given: every difference is unexpected)");
	for (size_t i = 0; i < r->ngroups; i++) {
		bool model = g[i]->cls == SHADOW_NOT_SEEN;

		strbuf_addf(out, "%s: %s (%zu request%s)\n",
			class_titles[g[i]->cls], g[i]->field, g[i]->count,
			plural(g[i]->count));
		strbuf_addf(out, "  ingress%s: ", model ? " model" : "");
		replay_json_text(out, g[i]->ingress);
		strbuf_addf(out, "\n  gateway%s: ", model ? " model" : "");
		replay_json_text(out, g[i]->gateway);
		strbuf_addc(out, '\n');
		if (g[i]->cls == SHADOW_PREDICTED)
			strbuf_adds(out, "  the models differ there too, "
				"for no known reason: the conversion changes "
				"it\n");
		if (model)
			strbuf_adds(out, "  both data planes answered "
				"alike\n");
		for (size_t k = 0; g[i]->cls == SHADOW_EXPLAINED &&
		    k < g[i]->nknown; k++)
			strbuf_addf(out, "  explained: %s [%s]\n",
				g[i]->known[k].why, g[i]->known[k].rule);
		examples_text(out, g[i]->examples, g[i]->nexamples,
			g[i]->count);
	}
	free(g);
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nissues; i++) {
			const struct shadow_issue *s = r->issues[i];

			if (!s->side != (pass == 1))
				continue;
			strbuf_addf(out, "%s: %s (%zu request%s)\n",
				s->side ? "error" : "skipped", s->what,
				s->count, plural(s->count));
			examples_text(out, s->examples, s->nexamples,
				s->count);
		}
	strbuf_addf(out, "shadow: %zu request%s, %zu same, %zu differ (%zu "
		"unexpected, %zu predicted, %zu explained), %zu error%s, %zu "
		"skipped", r->requests, plural(r->requests), r->same,
		r->differ, r->unexpected, r->predicted, r->explained,
		r->errors, plural(r->errors), r->skipped);
	if (r->not_seen)
		strbuf_addf(out, ", %zu with a predicted difference not seen",
			r->not_seen);
	if (r->interrupted)
		strbuf_adds(out, "; interrupted");
	if (r->capped)
		strbuf_addf(out, "; stopped at --max-requests %zu", r->capped);
	strbuf_addc(out, '\n');
}

static json_t *
examples_json(const struct shadow_example *ex, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:s}",
			"source", ex[i].source, "line", ex[i].line ?
			json_integer((json_int_t)ex[i].line) : json_null(),
			"request", ex[i].request));
	return a;
}

json_t *
shadow_report_json(const struct shadow_report *r)
{
	struct shadow_group **g = sorted_groups(r);
	json_t *o = json_object(), *diffs = json_array();
	json_t *errors = json_array(), *skipped = json_array();

	json_object_set_new(o, "ingress_address",
		json_string(r->ingress_address));
	json_object_set_new(o, "gateway_address",
		json_string(r->gateway_address));
	json_object_set_new(o, "models", json_boolean(r->models));
	for (size_t i = 0; i < r->ngroups; i++) {
		json_t *d = json_object();

		json_object_set_new(d, "class", json_string(
			shadow_class_name(g[i]->cls)));
		json_object_set_new(d, "field", json_string(g[i]->field));
		json_object_set(d, "ingress", g[i]->ingress);
		json_object_set(d, "gateway", g[i]->gateway);
		json_object_set_new(d, "requests",
			json_integer((json_int_t)g[i]->count));
		if (g[i]->cls == SHADOW_EXPLAINED) {
			json_t *ex = json_array();

			for (size_t k = 0; k < g[i]->nknown; k++)
				json_array_append_new(ex, json_pack(
					"{s:s, s:s}", "rule",
					g[i]->known[k].rule, "why",
					g[i]->known[k].why));
			json_object_set_new(d, "explained", ex);
		}
		json_object_set_new(d, "examples", examples_json(
			g[i]->examples, g[i]->nexamples));
		json_array_append_new(diffs, d);
	}
	free(g);
	json_object_set_new(o, "differences", diffs);
	for (size_t i = 0; i < r->nissues; i++) {
		const struct shadow_issue *s = r->issues[i];
		json_t *e = json_object();

		if (s->side) {
			json_object_set_new(e, "side", json_string(s->side));
			json_object_set_new(e, "error", json_string(s->what));
		} else {
			json_object_set_new(e, "why", json_string(s->what));
		}
		json_object_set_new(e, "requests",
			json_integer((json_int_t)s->count));
		json_object_set_new(e, "examples", examples_json(s->examples,
			s->nexamples));
		json_array_append_new(s->side ? errors : skipped, e);
	}
	json_object_set_new(o, "errors", errors);
	json_object_set_new(o, "skipped", skipped);
	json_object_set_new(o, "summary", json_pack("{s:I, s:I, s:I, s:I, "
		"s:I, s:I, s:I, s:I, s:I, s:b, s:b}",
		"requests", (json_int_t)r->requests,
		"same", (json_int_t)r->same,
		"differ", (json_int_t)r->differ,
		"unexpected", (json_int_t)r->unexpected,
		"predicted", (json_int_t)r->predicted,
		"explained", (json_int_t)r->explained,
		"not_seen", (json_int_t)r->not_seen,
		"errors", (json_int_t)r->errors,
		"skipped", (json_int_t)r->skipped,
		"interrupted", r->interrupted,
		"max_requests_reached", r->capped > 0));
	return o;
}
