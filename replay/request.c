#include "compat.h"

#include "request.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* ----- requests ----- */

void
replay_request_init(struct replay_request *req)
{
	memset(req, 0, sizeof(*req));
	req->method = "GET";
	req->scheme = "http";
	req->path = "/";
	req->port = 80;
}

void
replay_request_release(struct replay_request *req)
{
	for (size_t i = 0; i < req->nowned; i++)
		free(req->owned[i]);
	free(req->owned);
	free(req->headers);
	memset(req, 0, sizeof(*req));
}

static const char *
request_own(struct replay_request *req, char *s)
{
	if (req->nowned == req->capowned) {
		req->capowned = req->capowned ? 2 * req->capowned : 16;
		req->owned = xrealloc(req->owned,
			req->capowned * sizeof(*req->owned));
	}
	req->owned[req->nowned++] = s;
	return s;
}

void
replay_request_set(struct replay_request *req, const char **field,
	const char *s)
{
	*field = s ? request_own(req, xstrdup(s)) : NULL;
}

void
replay_request_set_target(struct replay_request *req, const char *target)
{
	const char *q = strchr(target, '?');
	const char *hash = strchr(target, '#');
	size_t plen;

	if (hash && (!q || hash < q))
		q = NULL;
	plen = q ? (size_t)(q - target) : (hash ? (size_t)(hash - target)
		: strlen(target));
	if (plen == 0)
		req->path = "/";
	else
		req->path = request_own(req, xstrndup(target, plen));
	if (q) {
		const char *end = strchr(q + 1, '#');
		size_t qlen = end ? (size_t)(end - q - 1) : strlen(q + 1);

		req->query = request_own(req, xstrndup(q + 1, qlen));
	} else {
		req->query = NULL;
	}
}

int
replay_request_parse(struct replay_request *req, const char *line)
{
	const char *sp, *url, *p;

	while (*line == ' ' || *line == '\t')
		line++;
	sp = strpbrk(line, " \t");
	if (sp) {
		char *m = xstrndup(line, (size_t)(sp - line));

		for (char *c = m; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		req->method = request_own(req, m);
		url = sp;
		while (*url == ' ' || *url == '\t')
			url++;
	} else {
		url = line;
	}
	if (!*url)
		return ERR_PARSE;
	if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://",
			8)) {
		bool tls = tolower((unsigned char)url[4]) == 's';
		const char *auth = url + (tls ? 8 : 7);
		const char *end = auth + strcspn(auth, "/?#");
		const char *colon = NULL;

		if (end == auth)
			return ERR_PARSE;
		req->scheme = tls ? "https" : "http";
		req->port = tls ? 443 : 80;
		req->host = request_own(req, xstrndup(auth,
			(size_t)(end - auth)));
		/* port: after the last ':' not inside [...] */
		for (p = auth; p < end; p++) {
			if (*p == ':')
				colon = p;
			else if (*p == ']')
				colon = NULL;
		}
		if (colon) {
			char *e = NULL;
			unsigned long v = strtoul(colon + 1, &e, 10);

			if (e != end || colon + 1 == end || v == 0 ||
				v > 65535)
				return ERR_PARSE;
			req->port = (unsigned)v;
		}
		url = end;
		if (*url != '/' && *url) {
			char *t = NULL;

			/* "http://h?x" */
			t = xmalloc(strlen(url) + 2);
			t[0] = '/';
			memcpy(t + 1, url, strlen(url) + 1);
			replay_request_set_target(req, t);
			free(t);
			return 0;
		}
	} else if (*url != '/') {
		return ERR_PARSE;
	}
	replay_request_set_target(req, url);
	return 0;
}

void
replay_request_add_header(struct replay_request *req, const char *name,
	const char *value)
{
	if (req->nheaders == req->capheaders) {
		req->capheaders = req->capheaders ? 2 * req->capheaders : 8;
		req->headers = xrealloc(req->headers,
			req->capheaders * sizeof(*req->headers));
	}
	req->headers[req->nheaders].name = request_own(req, xstrdup(name));
	req->headers[req->nheaders].value = request_own(req,
		xstrdup(value ? value : ""));
	req->nheaders++;
}

int
replay_request_add_header_line(struct replay_request *req, const char *line)
{
	const char *colon = strchr(line, ':');
	char *name;
	const char *v;
	size_t vlen;

	if (!colon || colon == line)
		return ERR_PARSE;
	name = xstrndup(line, (size_t)(colon - line));
	for (size_t i = strlen(name); i > 0 && isspace((unsigned char)name[i -
		1]); i--)
		name[i - 1] = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	vlen = strlen(v);
	while (vlen > 0 && isspace((unsigned char)v[vlen - 1]))
		vlen--;
	{
		char *val = xstrndup(v, vlen);

		if (!strcasecmp(name, "host"))
			replay_request_set(req, &req->host, val);
		else
			replay_request_add_header(req, name, val);
		free(val);
	}
	free(name);
	return 0;
}

const char *
replay_request_header(const struct replay_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, name))
			return req->headers[i].value;
	return NULL;
}

/* ----- decision scratch pool ----- */

struct replay_pool_block {
	struct replay_pool_block *next;
	size_t used, size;
	max_align_t data[];
};

enum { POOL_BLOCK = 8192 };

void *
replay_decision_alloc(struct replay_decision *d, size_t n)
{
	struct replay_pool_block *b = d->pool;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = d->pool;
		d->pool = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *
replay_decision_strndup(struct replay_decision *d, const char *s, size_t n)
{
	char *p = replay_decision_alloc(d, n + 1);

	if (n)		/* s may be NULL when n is 0 */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *
decision_vprintf(struct replay_decision *d, const char *fmt, va_list ap)
{
	char buf[256];
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		n = 0;
	p = replay_decision_alloc(d, (size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(p, buf, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

char *
replay_decision_printf(struct replay_decision *d, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = decision_vprintf(d, fmt, ap);
	va_end(ap);
	return p;
}

void
replay_decision_note(struct replay_decision *d, const char *fmt, ...)
{
	va_list ap;

	if (!d->explain)
		return;
	if (d->nnotes == d->capnotes) {
		d->capnotes = d->capnotes ? 2 * d->capnotes : 8;
		d->notes = xrealloc(d->notes, d->capnotes * sizeof(*d->notes));
	}
	va_start(ap, fmt);
	d->notes[d->nnotes++] = decision_vprintf(d, fmt, ap);
	va_end(ap);
}

/* ----- decisions ----- */

void
replay_decision_init(struct replay_decision *d)
{
	memset(d, 0, sizeof(*d));
}

void
replay_decision_reset(struct replay_decision *d)
{
	struct replay_pool_block *b = d->pool;

	/* keep the newest block, free the others */
	if (b) {
		struct replay_pool_block *n = b->next;

		while (n) {
			struct replay_pool_block *next = n->next;

			free(n);
			n = next;
		}
		b->next = NULL;
		b->used = 0;
	}
	d->status = 0;
	d->nbackends = 0;
	d->upstream.method = d->upstream.path = d->upstream.query = NULL;
	d->upstream.host = NULL;
	d->upstream.nheaders = 0;
	d->upstream.nremoved = 0;
	d->redirect = NULL;
	d->nresp = 0;
	d->nmirrors = 0;
	d->has_matched = false;
	memset(&d->matched, 0, sizeof(d->matched));
	d->answered_by_gateway = false;
	d->undecided = NULL;
	d->nnotes = 0;
	d->nknown = 0;
}

void
replay_decision_regex_failed(struct replay_decision *d, int rc,
	const char *s, size_t n)
{
	PCRE2_UCHAR msg[120];

	if (d->undecided)
		return;
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", rc);
	/* the subject can be the whole (long) path: its start and size */
	d->undecided = replay_decision_printf(d, "a regular expression could "
		"not be evaluated on '%.40s%s' (%zu bytes): PCRE2 %s", s,
		n > 40 ? "..." : "", n, (const char *)msg);
}

void
replay_decision_known(struct replay_decision *d, const char *rule,
	const char *why)
{
	for (size_t i = 0; i < d->nknown; i++)
		if (!strcmp(d->known[i].rule, rule))
			return;
	if (d->nknown < REPLAY_MAX_KNOWN) {
		d->known[d->nknown].rule = rule;
		d->known[d->nknown].why = why;
		d->nknown++;
	}
}

void
replay_decision_release(struct replay_decision *d)
{
	struct replay_pool_block *b = d->pool;

	while (b) {
		struct replay_pool_block *next = b->next;

		free(b);
		b = next;
	}
	free(d->backends);
	free(d->upstream.headers);
	free(d->upstream.removed);
	free(d->resp);
	free(d->mirrors);
	free(d->notes);
	if (d->regex_md)
		pcre2_match_data_free(d->regex_md);
	memset(d, 0, sizeof(*d));
}

#define GROW(arr, n, cap) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? 2 * (cap) : 8; \
		(arr) = xrealloc((arr), (cap) * sizeof(*(arr))); \
	} \
} while (0)

void
replay_decision_add_backend(struct replay_decision *d,
	const struct replay_backend *b)
{
	GROW(d->backends, d->nbackends, d->capbackends);
	d->backends[d->nbackends++] = *b;
}

void
replay_decision_add_mirror(struct replay_decision *d,
	const struct replay_mirror *m)
{
	GROW(d->mirrors, d->nmirrors, d->capmirrors);
	d->mirrors[d->nmirrors++] = *m;
}

void
replay_decision_add_resp(struct replay_decision *d, enum replay_hdr_op op,
	const char *name, const char *value)
{
	GROW(d->resp, d->nresp, d->capresp);
	d->resp[d->nresp].op = op;
	d->resp[d->nresp].name = name;
	d->resp[d->nresp].value = value;
	d->nresp++;
}

void
replay_decision_hdr_remove(struct replay_decision *d, const char *name)
{
	size_t j = 0;

	for (size_t i = 0; i < d->upstream.nheaders; i++)
		if (strcasecmp(d->upstream.headers[i].name, name))
			d->upstream.headers[j++] = d->upstream.headers[i];
	d->upstream.nheaders = j;
	for (size_t i = 0; i < d->upstream.nremoved; i++)
		if (!strcasecmp(d->upstream.removed[i], name))
			return;
	GROW(d->upstream.removed, d->upstream.nremoved,
		d->upstream.capremoved);
	d->upstream.removed[d->upstream.nremoved++] = name;
}

static void
decision_unremove(struct replay_decision *d, const char *name)
{
	size_t j = 0;

	for (size_t i = 0; i < d->upstream.nremoved; i++)
		if (strcasecmp(d->upstream.removed[i], name))
			d->upstream.removed[j++] = d->upstream.removed[i];
	d->upstream.nremoved = j;
}

void
replay_decision_hdr_add(struct replay_decision *d, const char *name,
	const char *value)
{
	decision_unremove(d, name);
	GROW(d->upstream.headers, d->upstream.nheaders,
		d->upstream.capheaders);
	d->upstream.headers[d->upstream.nheaders].name = name;
	d->upstream.headers[d->upstream.nheaders].value = value;
	d->upstream.nheaders++;
}

void
replay_decision_hdr_set(struct replay_decision *d, const char *name,
	const char *value)
{
	size_t j = 0;

	for (size_t i = 0; i < d->upstream.nheaders; i++)
		if (strcasecmp(d->upstream.headers[i].name, name))
			d->upstream.headers[j++] = d->upstream.headers[i];
	d->upstream.nheaders = j;
	replay_decision_hdr_add(d, name, value);
}

const char *
replay_decision_hdr_get(struct replay_decision *d, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	bool found = false;
	const char *res;

	for (size_t i = 0; i < d->upstream.nheaders; i++) {
		if (strcasecmp(d->upstream.headers[i].name, name))
			continue;
		if (found)
			strbuf_addc(&sb, ',');
		strbuf_adds(&sb, d->upstream.headers[i].value);
		found = true;
	}
	if (!found)
		return NULL;
	res = replay_decision_strndup(d, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return res;
}

/* ----- rendering ----- */

static char *
lower_dup(const char *s)
{
	char *p = xstrdup(s);

	for (char *c = p; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return p;
}

/* Appends value to obj[lname], joining repeats with ",". */
static void
json_join(json_t *obj, const char *name, const char *value)
{
	char *lname = lower_dup(name);
	json_t *old = json_object_get(obj, lname);

	if (old && json_is_string(old)) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_adds(&sb, json_string_value(old));
		strbuf_addc(&sb, ',');
		strbuf_adds(&sb, value);
		json_object_set_new(obj, lname, json_string(sb.buf));
		strbuf_release(&sb);
	} else {
		json_object_set_new(obj, lname, json_string(value));
	}
	free(lname);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of o with its keys in byte order (o is released). */
static json_t *
sorted_object(json_t *o)
{
	const char **keys = xcalloc(json_object_size(o) + 1, sizeof(*keys));
	json_t *sorted = json_object();
	const char *k;
	json_t *v;
	size_t n = 0;

	json_object_foreach(o, k, v)
		keys[n++] = k;
	xqsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < n; i++)
		json_object_set(sorted, keys[i], json_object_get(o, keys[i]));
	free(keys);
	json_decref(o);
	return sorted;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* What a decision says of an InferencePool backend. */
static void
pool_json(json_t *o, const struct replay_pool *p)
{
	json_t *sel = json_object(), *ports = json_array();

	for (size_t i = 0; i < p->nlabels; i++)
		json_object_set_new(sel, p->labels[i].name,
			json_string(p->labels[i].value));
	for (size_t i = 0; i < p->nports; i++)
		json_array_append_new(ports, json_integer(p->ports[i]));
	if (p->known) {
		json_object_set_new(o, "selector", sel);
		json_object_set_new(o, "target_ports", ports);
	} else {
		json_decref(sel);
		json_decref(ports);
		json_object_set_new(o, "selector", json_null());
		json_object_set_new(o, "target_ports", json_null());
	}
	if (p->picker_name) {
		json_t *epp = json_object();

		json_object_set_new(epp, "kind", json_string(p->picker_kind));
		json_object_set_new(epp, "name", json_string(p->picker_name));
		json_object_set_new(epp, "port", p->picker_port >= 0 ?
			json_integer(p->picker_port) : json_null());
		json_object_set_new(epp, "failure_mode",
			json_string(p->failure_mode));
		json_object_set_new(o, "endpoint_picker", epp);
	} else {
		json_object_set_new(o, "endpoint_picker", json_null());
	}
	json_object_set_new(o, "endpoint", json_string(p->picker_name ||
		!p->known ? "chosen by the endpoint picker (not modelled)" :
		"chosen by the implementation, no endpoint picker is given "
		"(not modelled)"));
}

json_t *
replay_decision_json(const struct replay_decision *d)
{
	json_t *root = json_object();
	json_t *backends = json_array();
	json_t *up = json_object();
	json_t *hdrs = json_object();
	json_t *removed = json_array();
	json_t *resp = json_object();

	json_object_set_new(root, "status", json_integer(d->status));
	if (d->undecided)
		json_object_set_new(root, "undecided",
			json_string(d->undecided));
	for (size_t i = 0; i < d->nbackends; i++) {
		const struct replay_backend *b = &d->backends[i];
		json_t *o = json_object();
		char *svc = NULL;
		size_t n = strlen(b->namespace) + strlen(b->name) + 2;

		svc = xmalloc(n);
		snprintf(svc, n, "%s/%s", b->namespace, b->name);
		json_object_set_new(o, b->pool ? "inference_pool" : "service",
			json_string(svc));
		free(svc);
		json_object_set_new(o, "port", b->port >= 0 ?
			json_integer(b->port) : json_null());
		json_object_set_new(o, "weight", json_real((double)(long long)(
			b->weight * 1e6 + 0.5) / 1e6));
		if (b->pool)
			pool_json(o, b->pool);
		json_array_append_new(backends, o);
	}
	json_object_set_new(root, "backends", backends);

	if (d->upstream.method) {
		json_object_set_new(up, "method",
			json_string(d->upstream.method));
		json_object_set_new(up, "path", str_or_null(d->upstream.path));
		json_object_set_new(up, "query",
			str_or_null(d->upstream.query));
		json_object_set_new(up, "host", str_or_null(d->upstream.host));
		for (size_t i = 0; i < d->upstream.nheaders; i++)
			json_join(hdrs, d->upstream.headers[i].name,
				d->upstream.headers[i].value);
		for (size_t i = 0; i < d->upstream.nremoved; i++) {
			char *l = lower_dup(d->upstream.removed[i]);

			json_array_append_new(removed, json_string(l));
			free(l);
		}
		json_object_set_new(up, "headers", sorted_object(hdrs));
		json_object_set_new(up, "removed", removed);
		json_object_set_new(root, "upstream", up);
	} else {
		json_decref(hdrs);
		json_decref(removed);
		json_decref(up);
		json_object_set_new(root, "upstream", json_null());
	}
	json_object_set_new(root, "redirect", str_or_null(d->redirect));
	for (size_t i = 0; i < d->nresp; i++) {
		const struct replay_resp_header *r = &d->resp[i];
		char *l = lower_dup(r->name);

		if (r->op == REPLAY_HDR_REMOVE)
			json_object_set_new(resp, l, json_null());
		else if (r->op == REPLAY_HDR_SET)
			json_object_set_new(resp, l, json_string(r->value));
		else
			json_join(resp, r->name, r->value);
		free(l);
	}
	json_object_set_new(root, "response_headers", sorted_object(resp));
	if (d->has_matched) {
		json_t *m = json_object();

		json_object_set_new(m, "kind", str_or_null(d->matched.kind));
		json_object_set_new(m, "namespace",
			str_or_null(d->matched.namespace));
		json_object_set_new(m, "name", str_or_null(d->matched.name));
		json_object_set_new(m, "rule", d->matched.rule >= 0 ?
			json_integer(d->matched.rule) : json_null());
		json_object_set_new(m, "match", d->matched.match >= 0 ?
			json_integer(d->matched.match) : json_null());
		json_object_set_new(m, "file", str_or_null(d->matched.file));
		json_object_set_new(m, "line", d->matched.line ?
			json_integer(d->matched.line) : json_null());
		json_object_set_new(root, "matched", m);
	} else {
		json_object_set_new(root, "matched", json_null());
	}
	return root;
}

int
replay_decision_to_json(char **out, const struct replay_decision *d,
	int indent)
{
	json_t *j = replay_decision_json(d);

	*out = json_dumps(j, JSON_REAL_PRECISION(12) | (indent > 0 ?
		JSON_INDENT(indent) : JSON_COMPACT));
	json_decref(j);
	return *out ? 0 : ERR_NOMEM;
}

/*
 * "backend: InferencePool ns/name weight W" and what the pool is: its
 * pods, target ports and endpoint picker (the engine's note says that the
 * picker's choice is not modelled).
 */
static void
pool_explain(struct strbuf *out, const struct replay_backend *b)
{
	const struct replay_pool *p = b->pool;

	strbuf_addf(out, "backend: InferencePool %s/%s weight %.4g\n",
		b->namespace, b->name, b->weight);
	if (!p->known) {
		strbuf_adds(out, "  pool: not in the input (assumed to "
			"exist)\n");
	} else {
		strbuf_adds(out, "  pods:");
		for (size_t i = 0; i < p->nlabels; i++)
			strbuf_addf(out, "%s%s=%s", i ? "," : " ",
				p->labels[i].name, p->labels[i].value);
		strbuf_adds(out, "\n  target ports:");
		for (size_t i = 0; i < p->nports; i++)
			strbuf_addf(out, "%s%ld", i ? "," : " ", p->ports[i]);
		strbuf_addc(out, '\n');
	}
	if (p->picker_name && p->picker_port >= 0)
		strbuf_addf(out, "  endpoint picker: %s %s:%ld (%s)\n",
			p->picker_kind, p->picker_name, p->picker_port,
			p->failure_mode);
	else if (p->picker_name)
		strbuf_addf(out, "  endpoint picker: %s %s (%s)\n",
			p->picker_kind, p->picker_name, p->failure_mode);
	else if (p->known)
		strbuf_adds(out, "  endpoint picker: none given\n");
}

void
replay_decision_explain(struct strbuf *out, const struct replay_decision *d)
{
	strbuf_addf(out, "status: %d\n", d->status);
	if (d->has_matched)
		strbuf_addf(out, "matched: %s %s/%s rule %ld match %ld "
			"(%s:%u)\n", d->matched.kind ? d->matched.kind : "?",
			d->matched.namespace ? d->matched.namespace : "",
			d->matched.name ? d->matched.name : "",
			d->matched.rule, d->matched.match,
			d->matched.file ? d->matched.file : "-",
			(unsigned)d->matched.line);
	else
		strbuf_adds(out, "matched: nothing\n");
	for (size_t i = 0; i < d->nbackends; i++) {
		const struct replay_backend *b = &d->backends[i];

		if (b->pool)
			pool_explain(out, b);
		else
			strbuf_addf(out, "backend: %s/%s:%ld weight %.4g\n",
				b->namespace, b->name, b->port, b->weight);
	}
	if (d->redirect)
		strbuf_addf(out, "redirect: %s\n", d->redirect);
	if (d->answered_by_gateway)
		strbuf_adds(out, "answered by the gateway\n");
	if (d->undecided)
		strbuf_addf(out, "undecided: %s; the status above takes it "
			"as no match\n", d->undecided);
	if (d->upstream.method) {
		strbuf_addf(out, "upstream: %s %s%s%s host %s\n",
			d->upstream.method, d->upstream.path,
			d->upstream.query ? "?" : "",
			d->upstream.query ? d->upstream.query : "",
			d->upstream.host ? d->upstream.host : "(none)");
		for (size_t i = 0; i < d->upstream.nheaders; i++)
			strbuf_addf(out, "  header: %s: %s\n",
				d->upstream.headers[i].name,
				d->upstream.headers[i].value);
		for (size_t i = 0; i < d->upstream.nremoved; i++)
			strbuf_addf(out, "  removed: %s\n",
				d->upstream.removed[i]);
	}
	for (size_t i = 0; i < d->nresp; i++) {
		const struct replay_resp_header *r = &d->resp[i];

		strbuf_addf(out, "response header %s: %s%s%s\n",
			r->op == REPLAY_HDR_SET ? "set" : r->op ==
			REPLAY_HDR_ADD ? "add" : "remove", r->name,
			r->value ? " = " : "", r->value ? r->value : "");
	}
	for (size_t i = 0; i < d->nmirrors; i++)
		strbuf_addf(out, "mirror: %s/%s:%ld (%.4g)\n",
			d->mirrors[i].namespace, d->mirrors[i].name,
			d->mirrors[i].port, d->mirrors[i].fraction);
	for (size_t i = 0; i < d->nnotes; i++)
		strbuf_addf(out, "note: %s\n", d->notes[i]);
}

const char *
replay_host_name(const char *h, char *buf, size_t cap)
{
	size_t n;

	if (!h || !*h || h[0] == '[')
		return NULL;
	n = strcspn(h, ":");
	if (n && h[n - 1] == '.')
		n--;
	if (!n || n >= cap)
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)h[i]);
	buf[n] = '\0';
	return buf;
}

int
replay_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
