#include "compat.h"

#include "samples.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cyaml/cyaml.h>
#include <jansson.h>

#include "doc.h"
#include "source.h"
#include "strbuf.h"

/* ----- YAML schema (libcyaml) ----- */

struct yaml_sample {
	char *method;
	char *url;
	char **headers;
	unsigned headers_count;
	char *client_ip;
};

static const cyaml_schema_value_t yaml_header_schema = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t yaml_sample_fields[] = {
	CYAML_FIELD_STRING_PTR("method", CYAML_FLAG_POINTER |
		CYAML_FLAG_OPTIONAL, struct yaml_sample, method, 1,
		CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("url", CYAML_FLAG_POINTER, struct yaml_sample,
		url, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("headers", CYAML_FLAG_POINTER |
		CYAML_FLAG_OPTIONAL, struct yaml_sample, headers,
		&yaml_header_schema, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("client_ip", CYAML_FLAG_POINTER |
		CYAML_FLAG_OPTIONAL, struct yaml_sample, client_ip, 1,
		CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t yaml_sample_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yaml_sample,
		yaml_sample_fields),
};

static const cyaml_schema_value_t yaml_list_schema = {
	CYAML_VALUE_SEQUENCE(CYAML_FLAG_POINTER, struct yaml_sample,
		&yaml_sample_schema, 0, CYAML_UNLIMITED),
};

static const cyaml_config_t yaml_cfg = {
	.log_fn = NULL,		/* its messages have no positions */
	.mem_fn = cyaml_mem,
	.log_level = CYAML_LOG_ERROR,
	.flags = CYAML_CFG_DEFAULT,
};

#define YAML_SHAPE "a YAML sample file is a list of mappings {method, " \
	"url, headers: ['Name: value'], client_ip} (url required)"

/* ----- access log formats ----- */

struct log_token {
	bool var;
	char *text;		/* literal text, or the variable name */
};

struct log_format {
	struct log_token *tok;
	size_t n;
};

/* ----- the reader ----- */

struct replay_samples {
	const char *path;
	const char *display;
	struct replay_samples_opts opts;
	enum replay_samples_format format;
	struct diag_sink *sink;
	FILE *f;
	bool own_file;
	char *line;
	size_t linecap;
	size_t lineno;
	/* the first line, read to detect the format */
	bool pending;
	size_t pending_lineno;
	char *pending_line;
	size_t bad;
	struct log_format log;
	/* YAML */
	struct doc_set *set;
	struct yaml_sample *items;
	unsigned nitems;
	unsigned next_item;
	const struct doc_node *root;
};

void
replay_sample_init(struct replay_sample *s)
{
	memset(s, 0, sizeof(*s));
	replay_request_init(&s->req);
}

void
replay_sample_release(struct replay_sample *s)
{
	replay_request_release(&s->req);
	free(s->owned[0]);
	free(s->owned[1]);
	memset(s, 0, sizeof(*s));
}

size_t
replay_samples_bad(const struct replay_samples *r)
{
	return r->bad;
}

enum replay_samples_format
replay_samples_format(const struct replay_samples *r)
{
	return r->format;
}

static void
bad_sample(struct replay_samples *r, size_t line, const char *fmt, ...)
	ING2GW_PRINTF(3, 4);

static void
bad_sample(struct replay_samples *r, size_t line, const char *fmt, ...)
{
	va_list ap;

	r->bad++;
	if (!r->sink || r->bad > REPLAY_SAMPLES_MAX_REPORTED)
		return;
	va_start(ap, fmt);
	diag_vadd(r->sink, DIAG_WARNING, "replay/bad-sample",
		(struct src_pos){ r->display, (uint32_t)line, 0 }, fmt, ap);
	va_end(ap);
	if (r->bad == REPLAY_SAMPLES_MAX_REPORTED)
		diag_add_note(r->sink, (struct src_pos){ 0 }, "further bad "
			"samples are counted but not reported");
}

int
replay_request_apply_base(struct replay_request *req, const char *base)
{
	const char *p;
	size_t n;
	char *url;
	struct replay_request tmp;
	int rc;

	if (strncasecmp(base, "http://", 7) && strncasecmp(base, "https://",
	    8))
		return ERR_PARSE;
	p = strchr(base, ':') + 3;
	n = strcspn(p, "/?#");
	url = xmalloc((size_t)(p - base) + n + 2);
	memcpy(url, base, (size_t)(p - base) + n);
	url[(size_t)(p - base) + n] = '/';
	url[(size_t)(p - base) + n + 1] = '\0';
	replay_request_init(&tmp);
	rc = replay_request_parse(&tmp, url);
	if (!rc) {
		req->scheme = tmp.scheme;
		req->port = tmp.port;
		replay_request_set(req, &req->host, tmp.host);
	}
	replay_request_release(&tmp);
	free(url);
	return rc;
}

/* ----- log format compilation and matching ----- */

static void
log_format_release(struct log_format *lf)
{
	for (size_t i = 0; i < lf->n; i++)
		free(lf->tok[i].text);
	free(lf->tok);
	memset(lf, 0, sizeof(*lf));
}

static void
log_format_push(struct log_format *lf, bool var, const char *s, size_t n)
{
	lf->tok = xrealloc(lf->tok, (lf->n + 1) * sizeof(*lf->tok));
	lf->tok[lf->n].var = var;
	lf->tok[lf->n].text = xstrndup(s, n);
	lf->n++;
}

static bool
is_var_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Returns NULL, or what is wrong with the format. */
static const char *
log_format_compile(struct log_format *lf, const char *fmt)
{
	const char *p = fmt, *lit = fmt;
	bool has_request = false, has_method = false, has_uri = false;

	memset(lf, 0, sizeof(*lf));
	while (*p) {
		const char *name, *end;

		if (*p != '$') {
			p++;
			continue;
		}
		if (p > lit)
			log_format_push(lf, false, lit, (size_t)(p - lit));
		if (p[1] == '{') {
			name = p + 2;
			end = strchr(name, '}');
			if (!end)
				return "an unclosed '${'";
			p = end + 1;
		} else {
			name = p + 1;
			for (end = name; is_var_char(*end); end++)
				;
			p = end;
		}
		if (end == name)
			return "a '$' without a variable name";
		if (lf->n && lf->tok[lf->n - 1].var)
			return "two variables without text between them "
				"cannot be told apart";
		log_format_push(lf, true, name, (size_t)(end - name));
		if (!strcmp(lf->tok[lf->n - 1].text, "request"))
			has_request = true;
		else if (!strcmp(lf->tok[lf->n - 1].text, "request_method"))
			has_method = true;
		else if (!strcmp(lf->tok[lf->n - 1].text, "request_uri"))
			has_uri = true;
		lit = p;
	}
	if (p > lit)
		log_format_push(lf, false, lit, (size_t)(p - lit));
	if (!has_request && !(has_method && has_uri))
		return "it logs neither $request nor $request_method with "
			"$request_uri";
	return NULL;
}

/* nginx escapes '"', '\' and unprintable bytes as \xHH: undo it. */
static char *
unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n &&
		    s[i + 1] == 'x' && isxdigit((unsigned char)s[i + 2]) &&
		    isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = { s[i + 2], s[i + 3], 0 };

			out[w++] = (char)strtol(hex, NULL, 16);
			i += 3;
		} else {
			out[w++] = s[i];
		}
	}
	out[w] = '\0';
	return out;
}

struct log_values {
	char **name;		/* borrowed from the format */
	char **value;		/* owned, unescaped; NULL for "-" */
	size_t n;
};

static void
log_values_release(struct log_values *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->value[i]);
	free(v->name);
	free(v->value);
	memset(v, 0, sizeof(*v));
}

static const char *
log_get(const struct log_values *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->name[i], name))
			return v->value[i];
	return NULL;
}

#define LOG_MISMATCH "the line does not follow the log format"

/* Splits line by the format; returns NULL or what did not match. */
static const char *
log_split(struct log_values *v, const struct log_format *lf,
	const char *line)
{
	const char *p = line;

	memset(v, 0, sizeof(*v));
	v->name = xcalloc(lf->n + 1, sizeof(*v->name));
	v->value = xcalloc(lf->n + 1, sizeof(*v->value));
	for (size_t i = 0; i < lf->n; i++) {
		const struct log_token *t = &lf->tok[i];
		const char *end;

		if (!t->var) {
			size_t n = strlen(t->text);

			if (strncmp(p, t->text, n))
				return LOG_MISMATCH;
			p += n;
			continue;
		}
		if (i + 1 < lf->n) {
			end = strstr(p, lf->tok[i + 1].text);
			if (!end)
				return LOG_MISMATCH;
		} else {
			end = p + strlen(p);
		}
		v->name[v->n] = t->text;
		if (end - p == 1 && *p == '-')
			v->value[v->n] = NULL;
		else
			v->value[v->n] = unescape(p, (size_t)(end - p));
		v->n++;
		p = end;
	}
	return NULL;
}

static bool
is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~",
		    *s))
			return false;
	return true;
}

/* "GET /x HTTP/1.1" -> "GET /x" in buf; false when not a request line. */
static bool
request_line(struct strbuf *buf, const char *request)
{
	const char *sp1 = strchr(request, ' ');
	const char *sp2;
	char *method;
	bool ok;

	if (!sp1)
		return false;
	method = xstrndup(request, (size_t)(sp1 - request));
	ok = is_token(method);
	free(method);
	if (!ok)
		return false;
	sp2 = strrchr(request, ' ');
	strbuf_reset(buf);
	if (sp2 > sp1 && !strncmp(sp2 + 1, "HTTP/", 5))
		strbuf_add(buf, request, (size_t)(sp2 - request));
	else
		strbuf_adds(buf, request);
	return true;
}

static const char *
sample_from_log(struct replay_samples *r, struct replay_sample *s,
	const char *line)
{
	struct log_values v;
	struct strbuf buf = STRBUF_INIT, cookie = STRBUF_INIT;
	const char *err = NULL, *x;

	if ((err = log_split(&v, &r->log, line)))
		goto out;
	if ((x = log_get(&v, "scheme"))) {
		if (strcasecmp(x, "http") && strcasecmp(x, "https")) {
			err = "$scheme is neither http nor https";
			goto out;
		}
		s->req.scheme = strcasecmp(x, "https") ? "http" : "https";
		s->req.port = strcasecmp(x, "https") ? 80 : 443;
	}
	if ((x = log_get(&v, "server_port"))) {
		char *end;
		long port = strtol(x, &end, 10);

		if (*end || port < 1 || port > 65535) {
			err = "$server_port is not a port";
			goto out;
		}
		s->req.port = (unsigned)port;
	}
	if ((x = log_get(&v, "request"))) {
		if (!request_line(&buf, x)) {
			err = "$request is not 'METHOD TARGET PROTOCOL'";
			goto out;
		}
	} else {
		const char *m = log_get(&v, "request_method");
		const char *u = log_get(&v, "request_uri");

		if (!m || !u || !is_token(m)) {
			err = "no $request_method and $request_uri";
			goto out;
		}
		strbuf_addf(&buf, "%s %s", m, u);
	}
	if (replay_request_parse(&s->req, buf.buf)) {
		err = "the request target is not a path or URL";
		goto out;
	}
	if ((x = log_get(&v, "host")) || (x = log_get(&v, "http_host")) ||
	    ((x = log_get(&v, "server_name")) && strcmp(x, "_")))
		replay_request_set(&s->req, &s->req.host, x);
	if ((x = log_get(&v, "the_real_ip")) ||
	    (x = log_get(&v, "remote_addr")))
		replay_request_set(&s->req, &s->req.client_ip, x);
	for (size_t i = 0; i < v.n; i++) {
		const char *name = v.name[i];

		if (!v.value[i])
			continue;
		if (!strncmp(name, "http_", 5) && strcmp(name, "http_host")) {
			char *h = xstrdup(name + 5);

			for (char *c = h; *c; c++)
				if (*c == '_')
					*c = '-';
			replay_request_add_header(&s->req, h, v.value[i]);
			free(h);
		} else if (!strncmp(name, "cookie_", 7)) {
			strbuf_addf(&cookie, "%s%s=%s", cookie.len ? "; " : "",
				name + 7, v.value[i]);
		}
	}
	if (cookie.len && !replay_request_header(&s->req, "cookie"))
		replay_request_add_header(&s->req, "cookie", cookie.buf);
	if ((x = log_get(&v, "status"))) {
		long st = strtol(x, NULL, 10);

		s->status = st >= 100 && st <= 999 ? (int)st : 0;
	}
	if ((x = log_get(&v, "proxy_upstream_name")) && *x)
		s->upstream = s->owned[0] = xstrdup(x);
	if ((x = log_get(&v, "proxy_alternative_upstream_name")) && *x)
		s->alternative = s->owned[1] = xstrdup(x);
out:
	log_values_release(&v);
	strbuf_release(&buf);
	strbuf_release(&cookie);
	return err;
}

/* ----- JSON Lines ----- */

static const char *
add_json_header(struct replay_sample *s, const char *name, const json_t *v)
{
	if (json_is_string(v)) {
		if (!strcasecmp(name, "host"))
			replay_request_set(&s->req, &s->req.host,
				json_string_value(v));
		else
			replay_request_add_header(&s->req, name,
				json_string_value(v));
		return NULL;
	}
	if (json_is_array(v)) {
		size_t i;
		const json_t *e;

		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return "a header value is not a string";
			add_json_header(s, name, e);
		}
		return NULL;
	}
	return "a header value is not a string or a list of strings";
}

static const char *
json_headers(struct replay_sample *s, const json_t *h)
{
	const char *err;

	if (json_is_object(h)) {
		const char *k;
		const json_t *v;

		json_object_foreach((json_t *)h, k, v)
			if ((err = add_json_header(s, k, v)))
				return err;
		return NULL;
	}
	if (json_is_array(h)) {
		size_t i;
		const json_t *e;

		json_array_foreach(h, i, e) {
			if (json_is_string(e)) {
				if (replay_request_add_header_line(&s->req,
				    json_string_value(e)))
					return "a header is not 'Name: value'";
			} else if (json_is_object(e) && json_is_string(
			    json_object_get(e, "name"))) {
				if ((err = add_json_header(s, json_string_value(
				    json_object_get(e, "name")),
				    json_object_get(e, "value"))))
					return err;
			} else {
				return "a header is not 'Name: value' or "
					"{\"name\", \"value\"}";
			}
		}
		return NULL;
	}
	return "\"headers\" is not an object or a list";
}

static const char *
sample_from_fields(struct replay_sample *s, const char *method,
	const char *url)
{
	struct strbuf buf = STRBUF_INIT;
	const char *err = NULL;

	if (method && !is_token(method))
		return "the method is not an HTTP method token";
	strbuf_addf(&buf, "%s %s", method ? method : "GET", url);
	if (!*url || strpbrk(url, " \t") || replay_request_parse(&s->req,
	    buf.buf))
		err = "the url is not an absolute http(s) URL or a path";
	strbuf_release(&buf);
	return err;
}

static const char *
sample_from_json(struct replay_sample *s, const char *line, size_t len,
	char *errbuf, size_t errsize)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	const char *err = NULL, *k;
	const json_t *v, *url, *method, *ip;

	if (!o) {
		snprintf(errbuf, errsize, "not JSON: %s (column %d)",
			jerr.text, jerr.column);
		return errbuf;
	}
	if (!json_is_object(o)) {
		err = "not a JSON object";
		goto out;
	}
	json_object_foreach(o, k, v)
		if (strcmp(k, "method") && strcmp(k, "url") &&
		    strcmp(k, "headers") && strcmp(k, "client_ip")) {
			snprintf(errbuf, errsize, "unknown key '%s' (known: "
				"method, url, headers, client_ip)", k);
			err = errbuf;
			goto out;
		}
	url = json_object_get(o, "url");
	method = json_object_get(o, "method");
	ip = json_object_get(o, "client_ip");
	if (!json_is_string(url)) {
		err = "\"url\" is missing or not a string";
		goto out;
	}
	if (method && !json_is_string(method)) {
		err = "\"method\" is not a string";
		goto out;
	}
	if (ip && !json_is_null(ip) && !json_is_string(ip)) {
		err = "\"client_ip\" is not a string";
		goto out;
	}
	if ((err = sample_from_fields(s, method ? json_string_value(method) :
	    NULL, json_string_value(url))))
		goto out;
	if ((v = json_object_get(o, "headers")) && !json_is_null(v) &&
	    (err = json_headers(s, v)))
		goto out;
	if (json_is_string(ip))
		replay_request_set(&s->req, &s->req.client_ip,
			json_string_value(ip));
out:
	json_decref(o);
	return err;
}

/* ----- opening ----- */

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static bool
blank_or_comment(const char *line)
{
	while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n')
		line++;
	return !*line || *line == '#';
}

/* Reads a line without its end; returns its length or -1 at the end. */
static ssize_t
read_line(struct replay_samples *r)
{
	ssize_t n = getline(&r->line, &r->linecap, r->f);

	if (n < 0)
		return -1;
	r->lineno++;
	while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
		r->line[--n] = '\0';
	return n;
}

static int
open_yaml(struct replay_samples *r, struct diag_sink *sink)
{
	struct doc_limits limits = doc_limits_default();
	char *buf = NULL;
	size_t len = 0;
	cyaml_err_t cerr;
	int rc;

	if ((rc = source_read(r->path, limits.max_input_bytes, &buf, &len,
	    sink)))
		return rc;
	r->set = doc_set_new(&limits);
	if ((rc = doc_set_parse(r->set, r->display, buf, len, sink)))
		goto out;
	r->root = doc_set_count(r->set) ? doc_set_root(r->set, 0) : NULL;
	if (doc_set_count(r->set) > 1 || (r->root && !doc_is_seq(r->root))) {
		diag_input_error(sink, "replay/bad-samples", r->root ?
			doc_pos(r->set, r->root) : (struct src_pos){ r->display,
			0, 0 }, YAML_SHAPE);
		rc = ERR_PARSE;
		goto out;
	}
	if (!r->root)
		goto out;
	for (size_t i = 0; i < doc_len(r->root); i++) {
		const struct doc_node *it = doc_item(r->root, i);
		const struct doc_node *h = doc_get(it, "headers");

		if (!doc_is_map(it) || !doc_str(doc_get(it, "url")) ||
		    (h && !doc_is_null(h) && !doc_is_seq(h))) {
			diag_input_error(sink, "replay/bad-samples",
				doc_pos(r->set, it), YAML_SHAPE);
			rc = ERR_PARSE;
			goto out;
		}
		for (size_t k = 0; k < doc_len(it); k++) {
			const struct doc_node *key = doc_map_key(it, k);
			const char *ks = doc_str(key);

			if (ks && (!strcmp(ks, "method") ||
			    !strcmp(ks, "url") || !strcmp(ks, "headers") ||
			    !strcmp(ks, "client_ip")))
				continue;
			diag_input_error(sink, "replay/bad-samples",
				doc_pos(r->set, key), "unknown key '%s' in a "
				"sample (known: method, url, headers, "
				"client_ip)",
				ks ? ks : "");
			rc = ERR_PARSE;
			goto out;
		}
	}
	cerr = cyaml_load_data((const uint8_t *)buf, len, &yaml_cfg,
		&yaml_list_schema, (cyaml_data_t **)&r->items, &r->nitems);
	if (cerr != CYAML_OK) {
		diag_input_error(sink, "replay/bad-samples",
			doc_pos(r->set, r->root), YAML_SHAPE " (%s)",
			cyaml_strerror(cerr));
		r->items = NULL;
		r->nitems = 0;
		rc = ERR_PARSE;
	}
out:
	free(buf);
	return rc;
}

int
replay_samples_open(struct replay_samples **out, const char *path,
	const struct replay_samples_opts *opts, struct diag_sink *sink)
{
	struct replay_samples *r = xcalloc(1, sizeof(*r));
	const char *err;
	int rc = 0;

	r->path = path;
	r->display = source_display_name(path);
	if (opts)
		r->opts = *opts;
	r->sink = sink;
	r->format = r->opts.format;
	if (r->opts.base_url) {
		struct replay_request tmp;

		replay_request_init(&tmp);
		rc = replay_request_apply_base(&tmp, r->opts.base_url);
		replay_request_release(&tmp);
		if (rc) {
			diag_input_error(sink, "replay/bad-base-url",
				(struct src_pos){ 0 }, "'%s' is not a base "
				"URL: give scheme://host[:port]",
				r->opts.base_url);
			goto fail;
		}
	}
	if (r->format == REPLAY_SAMPLES_AUTO) {
		if (has_suffix(path, ".yaml") || has_suffix(path, ".yml"))
			r->format = REPLAY_SAMPLES_YAML;
		else if (has_suffix(path, ".jsonl") ||
		    has_suffix(path, ".ndjson") || has_suffix(path, ".json"))
			r->format = REPLAY_SAMPLES_JSONL;
		else if (r->opts.log_format)
			r->format = REPLAY_SAMPLES_LOG;
	}
	if (r->format == REPLAY_SAMPLES_YAML) {
		rc = open_yaml(r, sink);
		*out = r;
		return rc;
	}
	if (!strcmp(path, SOURCE_STDIN)) {
		r->f = stdin;
	} else if (!(r->f = fopen(path, "r"))) {
		diag_input_error(sink, "input/read", (struct src_pos){ 0 },
			"cannot read '%s': %s", path, strerror(errno));
		rc = ERR_IO;
		goto fail;
	} else {
		r->own_file = true;
	}
	if (r->format == REPLAY_SAMPLES_AUTO) {
		/* the first non-blank line tells JSON Lines from a log */
		ssize_t n;

		while ((n = read_line(r)) >= 0 && blank_or_comment(r->line))
			;
		r->format = REPLAY_SAMPLES_LOG;
		if (n >= 0) {
			const char *p = r->line;

			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '{')
				r->format = REPLAY_SAMPLES_JSONL;
			r->pending = true;
			r->pending_lineno = r->lineno;
			r->pending_line = xstrdup(r->line);
		}
	}
	if (r->format == REPLAY_SAMPLES_LOG && (err = log_format_compile(
	    &r->log, r->opts.log_format ? r->opts.log_format :
	    REPLAY_LOG_FORMAT_UPSTREAMINFO))) {
		diag_input_error(sink, "replay/bad-log-format",
			(struct src_pos){ 0 }, "the log format '%s' cannot be "
			"used: %s", r->opts.log_format, err);
		rc = ERR_INVALID;
		goto fail;
	}
	*out = r;
	return 0;
fail:
	/* diagnostics may cite the reader's document: the caller closes it */
	*out = r;
	return rc;
}

static void
sample_start(struct replay_samples *r, struct replay_sample *s, size_t line)
{
	replay_sample_release(s);
	replay_sample_init(s);
	s->line = line;
	if (r->opts.base_url)
		replay_request_apply_base(&s->req, r->opts.base_url);
}

static int
next_yaml(struct replay_samples *r, struct replay_sample *s)
{
	while (r->next_item < r->nitems) {
		unsigned i = r->next_item++;
		const struct yaml_sample *y = &r->items[i];
		const struct doc_node *n = doc_item(r->root, i);
		size_t line = n ? n->line : 0;
		const char *err;

		sample_start(r, s, line);
		err = sample_from_fields(s, y->method, y->url);
		for (unsigned h = 0; !err && h < y->headers_count; h++)
			if (replay_request_add_header_line(&s->req,
			    y->headers[h]))
				err = "a header is not 'Name: value'";
		if (err) {
			bad_sample(r, line, "bad sample: %s", err);
			continue;
		}
		if (y->client_ip)
			replay_request_set(&s->req, &s->req.client_ip,
				y->client_ip);
		return 1;
	}
	return 0;
}

int
replay_samples_next(struct replay_samples *r, struct replay_sample *s)
{
	char errbuf[256];

	if (r->format == REPLAY_SAMPLES_YAML)
		return next_yaml(r, s);
	for (;;) {
		const char *line, *err;
		size_t lineno, len;

		if (r->pending) {
			r->pending = false;
			free(r->line);
			r->line = r->pending_line;
			r->linecap = strlen(r->line) + 1;
			r->pending_line = NULL;
			lineno = r->pending_lineno;
		} else {
			ssize_t n = read_line(r);

			if (n < 0) {
				if (ferror(r->f)) {
					diag_input_error(r->sink, "input/read",
						(struct src_pos){ r->display,
						(uint32_t)r->lineno, 0 },
						"cannot read '%s': %s", r->path,
						strerror(errno));
					return ERR_IO;
				}
				return 0;
			}
			lineno = r->lineno;
		}
		line = r->line;
		len = strlen(line);
		if (r->format == REPLAY_SAMPLES_JSONL &&
		    blank_or_comment(line))
			continue;
		if (r->format == REPLAY_SAMPLES_LOG && !len)
			continue;
		sample_start(r, s, lineno);
		if (r->format == REPLAY_SAMPLES_JSONL)
			err = sample_from_json(s, line, len, errbuf,
				sizeof(errbuf));
		else
			err = sample_from_log(r, s, line);
		if (err) {
			bad_sample(r, lineno, "bad sample: %s", err);
			continue;
		}
		return 1;
	}
}

void
replay_samples_close(struct replay_samples *r)
{
	if (!r)
		return;
	if (r->own_file && r->f)
		fclose(r->f);
	free(r->line);
	free(r->pending_line);
	log_format_release(&r->log);
	if (r->items)
		cyaml_free(&yaml_cfg, &yaml_list_schema, r->items, r->nitems);
	doc_set_free(r->set);
	free(r);
}

int
replay_samples_open_all(struct replay_samples ***out, char *const *paths,
	size_t n, const struct replay_samples_opts *opts,
	struct diag_sink *sink)
{
	int rc = 0, e;

	*out = xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if ((e = replay_samples_open(&(*out)[i], paths[i], opts, sink)))
			rc = e;
	return rc;
}

void
replay_samples_close_all(struct replay_samples **rs, size_t n)
{
	for (size_t i = 0; rs && i < n; i++)
		replay_samples_close(rs[i]);
	free(rs);
}
