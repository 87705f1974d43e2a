/*
 * Conformance runner for replay/gateway: loads every test of kind http and
 * grpc listed in <conformance-dir>/index.yaml, routes each case of its
 * cases.yaml through the engine and compares the decision with the
 * expectation (the rules of <conformance-dir>/README.md, those of the
 * upstream harness). It also checks the listener attachedRoutes
 * assertions of every test.yaml (status-only tests included). Cases that
 * the engine cannot decide are listed in skip_table with their reason;
 * nothing is skipped silently, and a stale skip_table entry is a failure.
 * The last line is "N passed, N failed"; the exit status is non-zero on
 * any failure.
 *
 * usage: conformance_gateway CONFORMANCE-DIR [TEST-DIR-FILTER]
 */
#include "compat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "diag.h"
#include "doc.h"
#include "replay/gateway.h"
#include "replay/request.h"
#include "strbuf.h"

struct skip {
	const char *dir;
	const char *name;	/* NULL: every case of dir */
	const char *reason;
};

/*
 * Cases the engine does not decide. A routing engine has no clock and no
 * backend: timeouts and retries depend on how the backend behaves.
 */
static const struct skip skip_table[] = {
	{ "httproute-timeout-request", "1 request to "
	  "'/request-timeout?delay=1s' should receive one of [504]",
	  "timeout: depends on the backend answering after 1s, not on "
	  "routing" },
	{ "httproute-timeout-backend-request", "1 request to "
	  "'/backend-timeout?delay=1s' should receive one of [504]",
	  "timeout: depends on the backend answering after 1s, not on "
	  "routing" },
	{ "httproute-retry",
	  "1 request to '/retry/code-500-attempts-3' fails when requi"
	  "red retries on 500 exceed max attempts",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry",
	  "2 request to '/retry/code-500-attempts-3' does not retry o"
	  "n 503 when retry is only configured for status code 500",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry",
	  "4 request to '/retry/code-all-attempts-2' fails when requi"
	  "red retries on 500 exceed max attempts",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry",
	  "6 request to '/retry/code-all-attempts-2' fails when requi"
	  "red retries on 502 exceed max attempts",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry",
	  "8 request to '/retry/code-all-attempts-2' fails when requi"
	  "red retries on 503 exceed max attempts",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry",
	  "10 request to '/retry/code-all-attempts-2' fails when requ"
	  "ired retries on 504 exceed max attempts",
	  "retry: the backend fails more often than the retry policy "
	  "allows; a routing decision has no backend failures" },
	{ "httproute-retry-with-timeouts",
	  "1 request to '/retry/backend-request-timeout-200ms' fails "
	  "when required retries on backend timeout exceed max attemp"
	  "ts",
	  "retry with timeouts: depends on backend delays, not on "
	  "routing" },
	{ "httproute-retry-with-timeouts",
	  "3 request to '/retry/request-timeout-200ms' fails with 504"
	  " when retry delays exceed the request timeout",
	  "retry with timeouts: depends on backend delays, not on "
	  "routing" },
	{ "httproute-retry-connection-error",
	  "1 request to '/retry/no-status-code-attempts-3' fails when"
	  " required retries on connection errors exceed max attempts",
	  "retry on connection errors: depends on the backend "
	  "resetting connections" },
};

static bool skip_used[ARRAY_LEN(skip_table)];

static const struct skip *
skip_find(const char *dir, const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(skip_table); i++) {
		if (!strcmp(skip_table[i].dir, dir) && (!skip_table[i].name ||
			!strcmp(skip_table[i].name, name))) {
			skip_used[i] = true;
			return &skip_table[i];
		}
	}
	return NULL;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	if (!sb.buf)
		strbuf_add(&sb, "", 0);
	return strbuf_detach(&sb, len);
}

struct loaded {
	struct doc_set *set;
	char *buf;
};

static int
load_yaml(struct loaded *l, const char *dir, const char *file)
{
	char path[4096];
	size_t len;
	struct diag_sink sink = DIAG_SINK_INIT;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	l->buf = read_all(path, &len);
	if (!l->buf) {
		fprintf(stderr, "cannot read '%s'\n", path);
		return ERR_IO;
	}
	l->set = doc_set_new(NULL);
	rc = doc_set_parse(l->set, path, l->buf, len, &sink);
	if (rc)
		fprintf(stderr, "cannot parse '%s'\n", path);
	diag_sink_release(&sink);
	return rc;
}

static void
loaded_free(struct loaded *l)
{
	doc_set_free(l->set);
	free(l->buf);
}

/* ----- without: skip deleted objects ----- */

static bool
skip_without(const struct doc_node *obj, void *ctx)
{
	const struct doc_node *without = ctx;
	const char *kind = doc_str(doc_get(obj, "kind"));
	const struct doc_node *md = doc_get(obj, "metadata");
	const char *ns = doc_str(doc_get(md, "namespace"));
	const char *name = doc_str(doc_get(md, "name"));
	char key[512];

	snprintf(key, sizeof(key), "%s %s/%s", kind ? kind : "",
		ns ? ns : "default", name ? name : "");
	for (size_t i = 0; i < doc_len(without); i++) {
		const char *w = doc_str(doc_item(without, i));

		if (w && !strcmp(w, key))
			return true;
	}
	return false;
}

/* ----- request ----- */

static void
build_request(struct replay_request *req, const struct doc_node *r)
{
	const char *protocol = doc_str(doc_get(r, "protocol"));
	const char *s;
	long long port = 80;
	const struct doc_node *h;
	bool grpc = protocol && !strcmp(protocol, "grpc");

	replay_request_init(req);
	if ((s = doc_str(doc_get(r, "gateway"))))
		replay_request_set(req, &req->gateway, s);
	if ((s = doc_str(doc_get(r, "scheme"))))
		replay_request_set(req, &req->scheme, s);
	doc_int(doc_get(r, "port"), &port);
	req->port = (unsigned)port;
	if ((s = doc_str(doc_get(r, "sni"))))
		replay_request_set(req, &req->sni, s);
	if ((s = doc_str(doc_get(r, grpc ? "authority" : "host"))))
		replay_request_set(req, &req->host, s);
	if (grpc) {
		req->grpc = true;
		req->method = "POST";
	} else if ((s = doc_str(doc_get(r, "method")))) {
		replay_request_set(req, &req->method, s);
	}
	replay_request_set_target(req, doc_str(doc_get(r, "path")) ?
		doc_str(doc_get(r, "path")) : "/");
	h = doc_get(r, grpc ? "metadata" : "headers");
	for (size_t i = 0; i < doc_len(h) && doc_is_map(h); i++)
		replay_request_add_header(req, doc_str(doc_map_key(h, i)),
			doc_str(doc_map_value(h, i)));
}

/* ----- comparison ----- */

static char failbuf[8192];

#define FAIL(...) do { \
	snprintf(failbuf, sizeof(failbuf), __VA_ARGS__); \
	return failbuf; \
} while (0)

static bool
status_in(const struct doc_node *exp, long st)
{
	long long v;

	if (doc_is_seq(exp)) {
		for (size_t i = 0; i < doc_len(exp); i++)
			if (status_in(doc_item(exp, i), st))
				return true;
		return false;
	}
	if (!doc_int(exp, &v))
		v = 200;
	return v == st || (v == 504 && st == 408);
}

static const char *
grpc_name(int st)
{
	switch (st) {
	case 200: return "OK";
	case 404: return "UNIMPLEMENTED";
	case 500: return "UNAVAILABLE";
	default: return "UNKNOWN";
	}
}

static const struct replay_backend *
primary_backend(const struct replay_decision *d)
{
	const struct replay_backend *p = NULL;

	for (size_t i = 0; i < d->nbackends; i++)
		if (!p || d->backends[i].weight > p->weight)
			p = &d->backends[i];
	return p;
}

static bool
backend_is(const struct replay_backend *b, const char *nsname)
{
	size_t nl;

	if (!b || !nsname)
		return false;
	nl = strlen(b->namespace);
	return !strncmp(nsname, b->namespace, nl) && nsname[nl] == '/' &&
		!strcmp(nsname + nl + 1, b->name);
}

/* Response headers as the client sees them (simulated). */
struct rhdrs {
	const char *name[64], *value[64];
	size_t n;
};

static void
rh_remove(struct rhdrs *h, const char *name)
{
	size_t j = 0;

	for (size_t i = 0; i < h->n; i++) {
		if (strcasecmp(h->name[i], name)) {
			h->name[j] = h->name[i];
			h->value[j] = h->value[i];
			j++;
		}
	}
	h->n = j;
}

static void
rh_add(struct rhdrs *h, const char *name, const char *value)
{
	if (h->n < ARRAY_LEN(h->name)) {
		h->name[h->n] = name;
		h->value[h->n] = value;
		h->n++;
	}
}

static char *
rh_get(const struct rhdrs *h, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	bool found = false;

	for (size_t i = 0; i < h->n; i++) {
		if (strcasecmp(h->name[i], name))
			continue;
		if (found)
			strbuf_addc(&sb, ',');
		strbuf_adds(&sb, h->value[i]);
		found = true;
	}
	if (!found)
		return NULL;
	if (!sb.buf)
		strbuf_add(&sb, "", 0);
	return strbuf_detach(&sb, NULL);
}

static bool
value_eq(const char *a, const char *b, bool ignore_ws)
{
	if (!ignore_ws)
		return !strcmp(a, b);
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static const char *
check_redirect(const struct doc_node *req, const struct doc_node *exp,
	const struct replay_decision *d)
{
	const struct doc_node *r = doc_get(exp, "redirect");
	const char *loc = d->redirect;
	const char *scheme_end, *host, *host_end, *path;
	char scheme[16], hostbuf[256], pathbuf[1024];
	long port = -1, eff;
	const char *want;
	const struct doc_node *pn;
	long long wport;

	if (!r)
		return NULL;
	if (!loc)
		FAIL("status %d without a Location", d->status);
	scheme_end = strstr(loc, "://");
	if (!scheme_end || (size_t)(scheme_end - loc) >= sizeof(scheme))
		FAIL("bad Location '%s'", loc);
	memcpy(scheme, loc, (size_t)(scheme_end - loc));
	scheme[scheme_end - loc] = '\0';
	host = scheme_end + 3;
	path = host + strcspn(host, "/?");
	host_end = path;
	for (const char *p = host; p < path; p++) {
		if (*p == ':') {
			host_end = p;
			port = strtol(p + 1, NULL, 10);
			break;
		}
	}
	snprintf(hostbuf, sizeof(hostbuf), "%.*s", (int)(host_end - host),
		host);
	snprintf(pathbuf, sizeof(pathbuf), "%.*s", (int)strcspn(path, "?"),
		path);
	if (!pathbuf[0])
		snprintf(pathbuf, sizeof(pathbuf), "/");
	want = doc_str(doc_get(r, "scheme"));
	if (!want)
		want = doc_str(doc_get(req, "scheme"));
	if (want && strcmp(want, scheme))
		FAIL("redirect scheme '%s', want '%s' (Location %s)", scheme,
			want, loc);
	want = doc_str(doc_get(r, "host"));
	if (want && strcmp(want, hostbuf))
		FAIL("redirect host '%s', want '%s' (Location %s)", hostbuf,
			want, loc);
	want = doc_str(doc_get(r, "path"));
	if (!want) {
		const char *rp = doc_str(doc_get(req, "path"));

		snprintf(hostbuf, sizeof(hostbuf), "%.*s",
			rp ? (int)strcspn(rp, "?") : 1, rp ? rp : "/");
		want = hostbuf;
	}
	if (strcmp(want, pathbuf))
		FAIL("redirect path '%s', want '%s' (Location %s)", pathbuf,
			want, loc);
	eff = port >= 0 ? port : (!strcmp(scheme, "https") ? 443 : 80);
	pn = doc_get(r, "port");
	if (pn && doc_int(pn, &wport)) {
		if (eff != wport)
			FAIL("redirect port %ld, want %lld (Location %s)",
				eff, wport, loc);
	} else if (eff != (!strcmp(scheme, "https") ? 443 : 80)) {
		FAIL("redirect port %ld, want the default (Location %s)", eff,
			loc);
	}
	return NULL;
}

static const char *
check_headers(const struct doc_node *map, struct replay_decision *d)
{
	for (size_t i = 0; i < doc_len(map) && doc_is_map(map); i++) {
		const char *name = doc_str(doc_map_key(map, i));
		const char *want = doc_str(doc_map_value(map, i));
		const char *have = replay_decision_hdr_get(d, name);

		if (!have || !want || strcmp(have, want))
			FAIL("upstream header %s: '%s', want '%s'", name,
				have ? have : "(absent)", want ? want : "");
	}
	return NULL;
}

static const char *
check_case(const struct doc_node *req, const struct doc_node *exp,
	struct replay_decision *d)
{
	bool grpc = doc_str(doc_get(req, "protocol")) &&
		!strcmp(doc_str(doc_get(req, "protocol")), "grpc");
	const struct replay_backend *pb = primary_backend(d);
	const struct doc_node *n;
	const char *s;
	struct rhdrs rh;
	bool ignore_ws = false;

	if (grpc) {
		const char *want = doc_str(doc_get(exp, "grpc_status"));

		if (want && strcmp(want, grpc_name(d->status)))
			FAIL("grpc status %s (%d), want %s",
				grpc_name(d->status), d->status, want);
		if (d->status != 200)
			return NULL;
	} else {
		if (!status_in(doc_get(exp, "status"), d->status))
			FAIL("status %d", d->status);
		if (d->status >= 300 && d->status < 400)
			return check_redirect(req, exp, d);
		if (d->status != 200 && d->status != 204)
			return NULL;
	}
	if ((n = doc_get(exp, "answered_by_gateway")) && doc_bool(n,
		&ignore_ws) && ignore_ws && !d->answered_by_gateway)
		FAIL("answered by a backend, want by the gateway");
	ignore_ws = false;
	if ((s = doc_str(doc_get(exp, "backend"))) && !backend_is(pb, s))
		FAIL("backend %s/%s, want %s", pb ? pb->namespace : "-",
			pb ? pb->name : "-", s);
	if ((s = doc_str(doc_get(exp, "backend_namespace"))) &&
		(!pb || strcmp(pb->namespace, s)))
		FAIL("backend namespace %s, want %s", pb ? pb->namespace :
			"-", s);
	if ((s = doc_str(doc_get(exp, "path")))) {
		char buf[1024];

		snprintf(buf, sizeof(buf), "%s%s%s", d->upstream.path ?
			d->upstream.path : "", d->upstream.query ? "?" : "",
			d->upstream.query ? d->upstream.query : "");
		if (strcmp(buf, s))
			FAIL("upstream path '%s', want '%s'", buf, s);
	}
	if ((s = doc_str(doc_get(exp, "method_seen_by_backend"))) &&
		(!d->upstream.path || strcmp(d->upstream.path, s)))
		FAIL("gRPC method seen '%s', want '%s'", d->upstream.path, s);
	if ((s = doc_str(doc_get(exp, "host"))) && (!d->upstream.host ||
		strcmp(d->upstream.host, s)))
		FAIL("upstream host '%s', want '%s'", d->upstream.host ?
			d->upstream.host : "(none)", s);
	if ((s = doc_str(doc_get(exp, "method"))) && (!d->upstream.method ||
		strcmp(d->upstream.method, s)))
		FAIL("upstream method '%s', want '%s'", d->upstream.method, s);
	if ((s = check_headers(doc_get(exp, "headers_present"), d)))
		return s;
	n = doc_get(exp, "headers_absent");
	for (size_t i = 0; i < doc_len(n); i++) {
		const char *name = doc_str(doc_item(n, i));

		if (name && replay_decision_hdr_get(d, name))
			FAIL("upstream header %s present, want absent", name);
	}
	/* response headers: the backend's, then the gateway's changes */
	rh.n = 0;
	n = doc_get(req, "backend_response_headers");
	if (!d->answered_by_gateway)
		for (size_t i = 0; i < doc_len(n) && doc_is_map(n); i++)
			rh_add(&rh, doc_str(doc_map_key(n, i)),
				doc_str(doc_map_value(n, i)));
	for (size_t i = 0; i < d->nresp; i++) {
		if (d->resp[i].op != REPLAY_HDR_ADD)
			rh_remove(&rh, d->resp[i].name);
		if (d->resp[i].op != REPLAY_HDR_REMOVE)
			rh_add(&rh, d->resp[i].name, d->resp[i].value);
	}
	doc_bool(doc_get(exp, "response_headers_ignore_whitespace"),
		&ignore_ws);
	n = doc_get(exp, "response_headers_present");
	for (size_t i = 0; i < doc_len(n) && doc_is_map(n); i++) {
		const char *name = doc_str(doc_map_key(n, i));
		const char *want = doc_str(doc_map_value(n, i));
		char *have = rh_get(&rh, name);
		bool ok = have && want && value_eq(have, want, ignore_ws);

		if (!ok) {
			snprintf(failbuf, sizeof(failbuf), "response header "
				"%s: '%s', want '%s'", name, have ? have :
				"(absent)", want ? want : "");
			free(have);
			return failbuf;
		}
		free(have);
	}
	n = doc_get(exp, "response_headers_one_of");
	for (size_t i = 0; i < doc_len(n) && doc_is_map(n); i++) {
		const char *name = doc_str(doc_map_key(n, i));
		const struct doc_node *vals = doc_map_value(n, i);
		char *have = rh_get(&rh, name);
		bool ok = false;

		for (size_t j = 0; have && j < doc_len(vals); j++) {
			const char *v = doc_str(doc_item(vals, j));

			if (v && value_eq(have, v, ignore_ws))
				ok = true;
		}
		if (!ok) {
			snprintf(failbuf, sizeof(failbuf), "response header "
				"%s: '%s', not one of the expected values",
				name, have ? have : "(absent)");
			free(have);
			return failbuf;
		}
		free(have);
	}
	n = doc_get(exp, "response_headers_absent");
	for (size_t i = 0; i < doc_len(n); i++) {
		const char *name = doc_str(doc_item(n, i));
		char *have = name ? rh_get(&rh, name) : NULL;

		if (have) {
			free(have);
			FAIL("response header %s present, want absent", name);
		}
	}
	n = doc_get(exp, "mirrored_to");
	for (size_t i = 0; i < doc_len(n); i++) {
		const struct doc_node *m = doc_item(n, i);
		const char *b = doc_str(doc_get(m, "backend"));
		const char *p = doc_str(doc_get(m, "path"));
		const struct doc_node *pct = doc_get(m, "percent");
		long long want_pct;
		bool found = false;

		for (size_t j = 0; j < d->nmirrors; j++) {
			struct replay_backend tmp = {
				.namespace = d->mirrors[j].namespace,
				.name = d->mirrors[j].name,
			};

			if (!backend_is(&tmp, b))
				continue;
			if (pct && doc_int(pct, &want_pct) && fabs(
				d->mirrors[j].fraction * 100.0 -
				(double)want_pct) > 1e-6)
				FAIL("mirror to %s: %.4g%%, want %lld%%", b,
					d->mirrors[j].fraction * 100.0,
					want_pct);
			found = true;
		}
		if (!found)
			FAIL("no mirror to %s", b ? b : "?");
		if (p && (!d->upstream.path || strcmp(p, d->upstream.path)))
			FAIL("mirror path '%s', want '%s'", d->upstream.path,
				p);
	}
	n = doc_get(exp, "backend_distribution");
	if (n) {
		double tol = 0.0;
		const struct doc_node *t = doc_get(exp,
			"distribution_tolerance");

		if (doc_str(t))
			tol = strtod(doc_str(t), NULL);
		for (size_t i = 0; i < doc_len(n) && doc_is_map(n); i++) {
			const char *b = doc_str(doc_map_key(n, i));
			double want = strtod(doc_str(doc_map_value(n, i)) ?
				doc_str(doc_map_value(n, i)) : "0", NULL);
			double have = 0;

			for (size_t j = 0; j < d->nbackends; j++)
				if (backend_is(&d->backends[j], b))
					have = d->backends[j].weight;
			if (fabs(have - want) > tol + 1e-9)
				FAIL("share of %s %.4g, want %.4g +- %.3g", b,
					have, want, tol);
		}
	}
	n = doc_get(exp, "backend_one_of");
	if (n) {
		bool found = false;
		char key[512];

		for (size_t i = 0; i < doc_len(n); i++)
			if (backend_is(pb, doc_str(doc_item(n, i))))
				found = true;
		if (!found)
			FAIL("backend %s/%s not among the expected ones",
				pb ? pb->namespace : "-", pb ? pb->name : "-");
		snprintf(key, sizeof(key), "%s/%s", pb->namespace, pb->name);
		if ((s = check_headers(doc_get(doc_get(exp,
			"headers_by_backend"), key), d)))
			return s;
	}
	return NULL;
}

/* ----- driver ----- */

struct counts {
	size_t passed, failed, skipped;
};

/*
 * The listener attachedRoutes assertions of test.yaml, also checked:
 * "listener: ns/gateway-or-listenerset#name" with "attached_routes: n".
 */
static void
check_status(const char *path, const char *dir, const struct replay_gw *gw,
	struct counts *ct)
{
	struct loaded t = { 0 };
	const struct doc_node *st;

	if (load_yaml(&t, path, "test.yaml")) {
		if (t.set)
			loaded_free(&t);
		return;
	}
	st = doc_get(doc_set_root(t.set, 0), "status");
	for (size_t i = 0; i < doc_len(st); i++) {
		const struct doc_node *a = doc_item(st, i);
		const char *l = doc_str(doc_get(a, "listener"));
		const char *hash = l ? strchr(l, '#') : NULL;
		long long want;
		long have;
		char key[512];

		if (!hash || !doc_int(doc_get(a, "attached_routes"), &want))
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(hash - l), l);
		have = replay_gw_attached_routes(gw, key, hash + 1);
		if (have == want) {
			printf("PASS %s: status: %s attachedRoutes %lld\n",
				dir, l, want);
			ct->passed++;
		} else {
			printf("FAIL %s: status: %s attachedRoutes %ld, "
				"want %lld\n", dir, l, have, want);
			ct->failed++;
		}
	}
	loaded_free(&t);
}

static int
run_test(const char *root, const char *dir, struct counts *ct)
{
	char path[4096];
	struct loaded man = { 0 }, cases = { 0 };
	struct replay_gw *gw = NULL;
	struct diag_sink sink = DIAG_SINK_INIT;
	const struct doc_node *list;
	struct replay_decision d;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	if ((rc = load_yaml(&man, path, "manifests.yaml")) ||
		(rc = load_yaml(&cases, path, "cases.yaml")))
		goto out;
	if ((rc = replay_gw_load(&gw, man.set, NULL, &sink)))
		goto out;
	for (size_t i = 0; i < sink.len; i++)
		printf("note: %s: %s\n", dir, sink.items[i].msg);
	replay_decision_init(&d);
	d.explain = getenv("CONFORMANCE_VERBOSE") != NULL;
	list = doc_set_count(cases.set) ? doc_set_root(cases.set, 0) : NULL;
	for (size_t i = 0; i < doc_len(list); i++) {
		const struct doc_node *c = doc_item(list, i);
		const char *name = doc_str(doc_get(c, "name"));
		const struct doc_node *without = doc_get(c, "without");
		const struct skip *sk = skip_find(dir, name ? name : "");
		struct replay_request req;
		struct replay_gw *use = gw, *tmp = NULL;
		const char *why;

		if (sk) {
			printf("SKIP %s: %s: %s\n", dir, name, sk->reason);
			ct->skipped++;
			continue;
		}
		if (without && doc_len(without)) {
			struct replay_gw_opts o = {
				.skip = skip_without,
				.ctx = (void *)without,
			};

			if (replay_gw_load(&tmp, man.set, &o, NULL)) {
				rc = ERR_INVALID;
				break;
			}
			use = tmp;
		}
		build_request(&req, doc_get(c, "request"));
		replay_gw_route(use, &req, &d);
		why = check_case(doc_get(c, "request"), doc_get(c, "expect"),
			&d);
		if (why) {
			struct strbuf sb = STRBUF_INIT;

			printf("FAIL %s: %s: %s\n", dir, name, why);
			if (d.explain) {
				replay_decision_explain(&sb, &d);
				printf("%s", sb.buf ? sb.buf : "");
				strbuf_release(&sb);
			}
			ct->failed++;
		} else {
			printf("PASS %s: %s\n", dir, name);
			ct->passed++;
		}
		replay_request_release(&req);
		replay_gw_free(tmp);
	}
	replay_decision_release(&d);
	check_status(path, dir, gw, ct);
out:
	if (rc) {
		printf("FAIL %s: cannot load the test (%d)\n", dir, rc);
		ct->failed++;
	}
	replay_gw_free(gw);
	diag_sink_release(&sink);
	if (man.set)
		loaded_free(&man);
	if (cases.set)
		loaded_free(&cases);
	return rc;
}

int
main(int argc, char **argv)
{
	struct loaded idx = { 0 };
	struct counts ct = { 0 };
	const struct doc_node *entries;

	if (argc < 2) {
		fprintf(stderr, "usage: conformance_gateway DIR [FILTER]\n");
		return 2;
	}
	if (access(argv[1], R_OK) != 0) {
		/* like the other corpus tests: no ../shared, nothing to run */
		printf("conformance corpus '%s' not found: skipped\n",
			argv[1]);
		return 77;
	}
	if (load_yaml(&idx, argv[1], "index.yaml")) {
		printf("0 passed, 1 failed\n");
		return 1;
	}
	entries = doc_get(doc_set_root(idx.set, 0), "entries");
	for (size_t i = 0; i < doc_len(entries); i++) {
		const struct doc_node *e = doc_item(entries, i);
		const char *dir = doc_str(doc_get(e, "dir"));
		const char *kind = doc_str(doc_get(e, "kind"));

		if (!dir || !kind || (strcmp(kind, "http") &&
			strcmp(kind, "grpc") && strcmp(kind, "status-only")))
			continue;
		if (argc > 2 && !strstr(dir, argv[2]))
			continue;
		{
			/* every case of the index is accounted for */
			struct counts before = ct;
			long long want = 0;
			size_t seen;

			run_test(argv[1], dir, &ct);
			seen = ct.passed + ct.failed + ct.skipped -
				before.passed - before.failed - before.skipped;
			doc_int(doc_get(e, "cases"), &want);
			if (seen < (size_t)want) {
				printf("FAIL %s: %zu results for %lld cases\n",
					dir, seen, want);
				ct.failed++;
			}
		}
	}
	loaded_free(&idx);
	for (size_t i = 0; argc < 3 && i < ARRAY_LEN(skip_table); i++) {
		if (!skip_used[i]) {
			printf("FAIL stale skip_table entry %s: %s\n",
				skip_table[i].dir, skip_table[i].name ?
				skip_table[i].name : "(all)");
			ct.failed++;
		}
	}
	printf("%zu skipped (listed in skip_table with their reasons)\n",
		ct.skipped);
	printf("%zu passed, %zu failed\n", ct.passed, ct.failed);
	return ct.failed ? 1 : 0;
}
