/*
 * Unit tests of replay/request and replay/gateway: request parsing,
 * decision JSON, and the routing rules of the reference engine.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "replay/gateway.h"
#include "replay/request.h"
#include "strbuf.h"

#define GWHEAD \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: Gateway\n" \
	"metadata: {name: gw, namespace: infra}\n" \
	"spec:\n" \
	"  gatewayClassName: c\n" \
	"  listeners:\n" \
	"  - {name: http, port: 80, protocol: HTTP,\n" \
	"     allowedRoutes: {namespaces: {from: All}}}\n" \
	"---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v1, namespace: infra}\n---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v2, namespace: infra}\n---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v3, namespace: infra}\n---\n"

#define ROUTE(name, extra) \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: HTTPRoute\n" \
	"metadata: {name: " name ", namespace: infra" extra "}\n" \
	"spec:\n" \
	"  parentRefs: [{name: gw}]\n"

/* A route without parentRefs (the caller adds them). */
#define ROUTE0(name) \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: HTTPRoute\n" \
	"metadata: {name: " name ", namespace: infra}\n" \
	"spec:\n"

struct fixture {
	struct doc_set *set;
	struct replay_gw *gw;
	struct replay_request req;
	struct replay_decision d;
	struct diag_sink sink;
};

static struct fixture *
fx_new(const char *yaml)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "t.yaml", yaml, strlen(yaml),
		&f->sink), 0);
	assert_int_equal(replay_gw_load(&f->gw, f->set, NULL, &f->sink), 0);
	replay_decision_init(&f->d);
	replay_request_init(&f->req);
	return f;
}

static void
fx_free(struct fixture *f)
{
	replay_request_release(&f->req);
	replay_decision_release(&f->d);
	replay_gw_free(f->gw);
	doc_set_free(f->set);
	diag_sink_release(&f->sink);
	free(f);
}

/* Routes "METHOD URL" plus "Name: value" header lines. */
static struct replay_decision *
fx_route(struct fixture *f, const char *line, ...)
{
	va_list ap;
	const char *h;

	replay_request_release(&f->req);
	replay_request_init(&f->req);
	assert_int_equal(replay_request_parse(&f->req, line), 0);
	va_start(ap, line);
	while ((h = va_arg(ap, const char *)))
		assert_int_equal(replay_request_add_header_line(&f->req, h),
			0);
	va_end(ap);
	assert_int_equal(replay_gw_route(f->gw, &f->req, &f->d), 0);
	return &f->d;
}

static const char *
backend(const struct replay_decision *d)
{
	return d->nbackends ? d->backends[0].name : "-";
}

/* ----- requests ----- */

static void
test_request_parse(void **state)
{
	struct replay_request r;

	(void)state;
	replay_request_init(&r);
	assert_int_equal(replay_request_parse(&r,
		"post https://Foo.example:8443/a/b?x=1&y#frag"), 0);
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.scheme, "https");
	assert_string_equal(r.host, "Foo.example:8443");
	assert_int_equal(r.port, 8443);
	assert_string_equal(r.path, "/a/b");
	assert_string_equal(r.query, "x=1&y");
	assert_int_equal(replay_request_add_header_line(&r,
		"X-Test :  v 1 "), 0);
	assert_string_equal(replay_request_header(&r, "x-test"), "v 1");
	assert_int_equal(replay_request_add_header_line(&r, "Host: h.io"), 0);
	assert_string_equal(r.host, "h.io");
	assert_int_equal(replay_request_parse(&r, "/only/path"), 0);
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.path, "/only/path");
	assert_null(r.query);
	assert_int_equal(replay_request_parse(&r, "GET http://h"), 0);
	assert_string_equal(r.path, "/");
	assert_int_equal(r.port, 80);
	assert_int_equal(replay_request_parse(&r, "GET ftp://x/"),
		ERR_PARSE);
	assert_int_equal(replay_request_parse(&r, "GET http://h:99999/"),
		ERR_PARSE);
	assert_int_equal(replay_request_add_header_line(&r, "novalue"),
		ERR_PARSE);
	replay_request_release(&r);
}

static void
test_decision_json(void **state)
{
	struct replay_decision d;
	struct replay_backend b = { "ns", "svc", 8080, 0.25, NULL };
	char *js = NULL;

	(void)state;
	replay_decision_init(&d);
	d.status = 200;
	replay_decision_add_backend(&d, &b);
	d.upstream.method = "GET";
	d.upstream.path = "/x";
	d.upstream.host = "h";
	replay_decision_hdr_add(&d, "X-B", "1");
	replay_decision_hdr_add(&d, "x-b", "2");
	replay_decision_hdr_add(&d, "A", "0");
	replay_decision_hdr_add(&d, "Gone", "0");
	replay_decision_hdr_remove(&d, "gone");
	replay_decision_add_resp(&d, REPLAY_HDR_SET, "Resp", "v");
	replay_decision_add_resp(&d, REPLAY_HDR_REMOVE, "Server", NULL);
	d.has_matched = true;
	d.matched = (struct replay_matched){ "HTTPRoute", "ns", "r", 1, 0,
		"f.yaml", 12 };
	assert_int_equal(replay_decision_to_json(&js, &d, 0), 0);
	assert_string_equal(js, "{\"status\":200,\"backends\":[{\"service\":"
		"\"ns/svc\",\"port\":8080,\"weight\":0.25}],\"upstream\":"
		"{\"method\":\"GET\",\"path\":\"/x\",\"query\":null,\"host\":"
		"\"h\",\"headers\":{\"a\":\"0\",\"x-b\":\"1,2\"},\"removed\":"
		"[\"gone\"]},\"redirect\":null,\"response_headers\":{\"resp\":"
		"\"v\",\"server\":null},\"matched\":{\"kind\":\"HTTPRoute\","
		"\"namespace\":\"ns\",\"name\":\"r\",\"rule\":1,\"match\":0,"
		"\"file\":\"f.yaml\",\"line\":12}}");
	free(js);
	replay_decision_reset(&d);
	d.status = 404;
	assert_int_equal(replay_decision_to_json(&js, &d, 0), 0);
	assert_string_equal(js, "{\"status\":404,\"backends\":[],\"upstream\":"
		"null,\"redirect\":null,\"response_headers\":{},\"matched\":"
		"null}");
	free(js);
	replay_decision_release(&d);
}

/* ----- matching and precedence ----- */

static const char precedence_yaml[] = GWHEAD
	ROUTE("b-route", ", creationTimestamp: '2024-01-01T00:00:00Z'")
	"  rules:\n"
	"  - matches: [{path: {type: PathPrefix, value: /p}}]\n"
	"    backendRefs: [{name: v1, port: 80}]\n"
	"  - matches: [{path: {type: Exact, value: /p}}]\n"
	"    backendRefs: [{name: v2, port: 80}]\n"
	"  - matches: [{path: {type: PathPrefix, value: /p/long/}}]\n"
	"    backendRefs: [{name: v3, port: 80}]\n"
	"  - matches: [{path: {value: /m}, method: PATCH}]\n"
	"    backendRefs: [{name: v1, port: 80}]\n"
	"  - matches: [{path: {value: /m},\n"
	"      headers: [{name: a, value: '1'}, {name: b, value: '2'}]}]\n"
	"    backendRefs: [{name: v2, port: 80}]\n"
	"  - matches: [{path: {value: /q}, queryParams: [{name: k,\n"
	"      value: v}]}, {path: {value: /q}, headers: [{name: h,\n"
	"      type: RegularExpression, value: 'a+b'}]}]\n"
	"    backendRefs: [{name: v3, port: 80}]\n"
	"---\n"
	ROUTE("a-route", ", creationTimestamp: '2024-01-01T00:00:00Z'")
	"  rules:\n"
	"  - matches: [{path: {type: PathPrefix, value: /tie}}]\n"
	"    backendRefs: [{name: v1, port: 80}]\n"
	"---\n"
	ROUTE("0-newer", ", creationTimestamp: '2025-01-01T00:00:00Z'")
	"  rules:\n"
	"  - matches: [{path: {type: PathPrefix, value: /tie}}]\n"
	"    backendRefs: [{name: v2, port: 80}]\n"
	"  - matches: [{path: {type: RegularExpression,\n"
	"      value: '/re/[0-9]+'}}]\n"
	"    backendRefs: [{name: v3, port: 80}]\n";

static void
test_precedence(void **state)
{
	struct fixture *f = fx_new(precedence_yaml);
	struct replay_decision *d;

	(void)state;
	d = fx_route(f, "GET http://x/p", NULL);
	assert_int_equal(d->status, 200);
	assert_string_equal(backend(d), "v2");		/* Exact */
	assert_int_equal(d->matched.rule, 1);
	d = fx_route(f, "GET http://x/p/long/x", NULL);
	assert_string_equal(backend(d), "v3");		/* longer prefix */
	d = fx_route(f, "GET http://x/p/longer", NULL);
	assert_string_equal(backend(d), "v1");		/* whole segments */
	d = fx_route(f, "GET http://x/pp", NULL);
	assert_int_equal(d->status, 404);
	d = fx_route(f, "PATCH http://x/m", "A: 1", "B: 2", NULL);
	assert_string_equal(backend(d), "v1");		/* method > headers */
	d = fx_route(f, "GET http://x/m", "A: 1", "B: 2", NULL);
	assert_string_equal(backend(d), "v2");
	d = fx_route(f, "GET http://x/m", "A: 1", NULL);
	assert_int_equal(d->status, 404);
	d = fx_route(f, "GET http://x/q?z=1&k=v", NULL);
	assert_string_equal(backend(d), "v3");
	assert_int_equal(d->matched.match, 0);
	d = fx_route(f, "GET http://x/q", "H: aab", NULL);
	assert_int_equal(d->matched.match, 1);
	d = fx_route(f, "GET http://x/q", "H: xaab", NULL);
	assert_int_equal(d->status, 404);		/* anchored regex */
	/* same age: namespace/name decides; the newer route loses */
	d = fx_route(f, "GET http://x/tie", NULL);
	assert_string_equal(d->matched.name, "a-route");
	d = fx_route(f, "GET http://x/re/42", NULL);
	assert_string_equal(backend(d), "v3");
	d = fx_route(f, "GET http://x/re/42x", NULL);
	assert_int_equal(d->status, 404);
	fx_free(f);
}

/* ----- hostnames and listeners ----- */

static const char hosts_yaml[] =
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata: {name: gw, namespace: infra}\n"
	"spec:\n"
	"  listeners:\n"
	"  - {name: any, port: 80, protocol: HTTP}\n"
	"  - {name: wild, port: 80, protocol: HTTP, hostname: '*.ex.com'}\n"
	"  - {name: exact, port: 80, protocol: HTTP, hostname: a.ex.com}\n"
	"---\n"
	"apiVersion: v1\nkind: Service\n"
	"metadata: {name: v1, namespace: infra}\n---\n"
	"apiVersion: v1\nkind: Service\n"
	"metadata: {name: v2, namespace: infra}\n---\n"
	ROUTE0("on-any")
	"  parentRefs: [{name: gw, sectionName: any}]\n"
	"  rules: [{backendRefs: [{name: v1, port: 80}]}]\n"
	"---\n"
	ROUTE0("wild")
	"  parentRefs: [{name: gw, sectionName: wild}]\n"
	"  hostnames: [b.ex.com, '*.deep.ex.com', other.org]\n"
	"  rules:\n"
	"  - matches: [{path: {value: /w}}]\n"
	"    backendRefs: [{name: v2, port: 80}]\n"
	"---\n"
	ROUTE0("exact")
	"  parentRefs: [{name: gw, sectionName: exact}]\n"
	"  rules:\n"
	"  - matches: [{path: {value: /e}}]\n"
	"    backendRefs: [{name: v1, port: 80}]\n";

static void
test_hostnames(void **state)
{
	struct fixture *f = fx_new(hosts_yaml);
	struct replay_decision *d;

	(void)state;
	d = fx_route(f, "GET http://unknown.org/anything", NULL);
	assert_string_equal(d->matched.name, "on-any");
	/* the Host's port is ignored (the URL's port is the listener's) */
	d = fx_route(f, "GET http://b.ex.com/w", "Host: B.EX.com:8080",
		NULL);
	assert_int_equal(d->status, 200);
	assert_string_equal(d->matched.name, "wild");
	assert_string_equal(d->upstream.host, "B.EX.com:8080");
	d = fx_route(f, "GET http://x.deep.ex.com/w", NULL);
	assert_string_equal(d->matched.name, "wild");
	/* listener isolation: *.ex.com serves c.ex.com, no fallback */
	d = fx_route(f, "GET http://c.ex.com/w", NULL);
	assert_int_equal(d->status, 404);
	d = fx_route(f, "GET http://c.ex.com/e", NULL);
	assert_int_equal(d->status, 404);
	d = fx_route(f, "GET http://a.ex.com/e", NULL);
	assert_string_equal(d->matched.name, "exact");
	d = fx_route(f, "GET http://a.ex.com/w", NULL);
	assert_int_equal(d->status, 404);
	/* other.org does not intersect *.ex.com */
	d = fx_route(f, "GET http://other.org/w", NULL);
	assert_string_equal(d->matched.name, "on-any");
	/* no Host: only hostname-less listeners and routes */
	replay_request_release(&f->req);
	replay_request_init(&f->req);
	replay_request_set_target(&f->req, "/w");
	replay_gw_route(f->gw, &f->req, &f->d);
	assert_string_equal(f->d.matched.name, "on-any");
	d = fx_route(f, "GET http://a.ex.com:81/e", NULL);
	assert_int_equal(d->status, 404);		/* no listener */
	assert_int_equal(replay_gw_attached_routes(f->gw, "infra/gw",
		"any"), 1);
	assert_int_equal(replay_gw_attached_routes(f->gw, "infra/gw",
		"wild"), 1);
	fx_free(f);
}

static const char attach_yaml[] =
	"apiVersion: v1\nkind: Namespace\n"
	"metadata: {name: app, labels: {team: a}}\n---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata: {name: gw, namespace: infra}\n"
	"spec:\n"
	"  listeners:\n"
	"  - {name: same, port: 80, protocol: HTTP, hostname: same.io}\n"
	"  - name: sel\n"
	"    port: 80\n"
	"    protocol: HTTP\n"
	"    hostname: sel.io\n"
	"    allowedRoutes:\n"
	"      namespaces:\n"
	"        from: Selector\n"
	"        selector:\n"
	"          matchLabels: {team: a}\n"
	"          matchExpressions: [{key: kubernetes.io/metadata.name,\n"
	"            operator: In, values: [app]}]\n"
	"  - name: tls-only\n"
	"    port: 80\n"
	"    protocol: HTTP\n"
	"    hostname: tls.io\n"
	"    allowedRoutes: {kinds: [{kind: TLSRoute}],\n"
	"      namespaces: {from: All}}\n"
	"---\n"
	"apiVersion: v1\nkind: Service\n"
	"metadata: {name: s, namespace: app}\n---\n"
	"apiVersion: v1\nkind: Service\n"
	"metadata: {name: s, namespace: infra}\n---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata: {name: r, namespace: app}\n"
	"spec:\n"
	"  parentRefs: [{name: gw, namespace: infra}]\n"
	"  rules:\n"
	"  - matches: [{path: {value: /local}}]\n"
	"    backendRefs: [{name: s, port: 80}]\n"
	"  - matches: [{path: {value: /cross}}]\n"
	"    backendRefs: [{name: s, namespace: infra, port: 80}]\n"
	"  - matches: [{path: {value: /split}}]\n"
	"    backendRefs: [{name: s, port: 80, weight: 3},\n"
	"      {name: missing, port: 80, weight: 1}]\n"
	"  - matches: [{path: {value: /zero}}]\n"
	"    backendRefs: [{name: s, port: 80, weight: 0}]\n"
	"  - matches: [{path: {value: /none}}]\n"
	"  - matches: [{path: {value: /ext}}]\n"
	"    filters: [{type: ExtensionRef, extensionRef: {group: x,\n"
	"      kind: Y, name: z}}]\n"
	"    backendRefs: [{name: s, port: 80}]\n";

static const char grant_yaml[] =
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1beta1\n"
	"kind: ReferenceGrant\n"
	"metadata: {name: g, namespace: infra}\n"
	"spec:\n"
	"  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute,\n"
	"    namespace: app}]\n"
	"  to: [{group: '', kind: Service, name: s}]\n";

static void
test_attachment_and_backends(void **state)
{
	struct fixture *f = fx_new(attach_yaml);
	struct replay_decision *d;
	char *both;

	(void)state;
	d = fx_route(f, "GET http://same.io/local", NULL);
	assert_int_equal(d->status, 404);	/* from: Same */
	d = fx_route(f, "GET http://tls.io/local", NULL);
	assert_int_equal(d->status, 404);	/* kinds: TLSRoute only */
	d = fx_route(f, "GET http://sel.io/local", NULL);
	assert_int_equal(d->status, 200);
	assert_string_equal(d->backends[0].namespace, "app");
	assert_true(d->backends[0].weight == 1.0);
	d = fx_route(f, "GET http://sel.io/cross", NULL);
	assert_int_equal(d->status, 500);	/* no ReferenceGrant */
	d = fx_route(f, "GET http://sel.io/split", NULL);
	assert_int_equal(d->status, 200);
	assert_int_equal(d->nbackends, 1);
	assert_true(d->backends[0].weight == 0.75);	/* 25% get 500 */
	d = fx_route(f, "GET http://sel.io/zero", NULL);
	assert_int_equal(d->status, 500);
	d = fx_route(f, "GET http://sel.io/none", NULL);
	assert_int_equal(d->status, 500);
	assert_true(d->has_matched);
	d = fx_route(f, "GET http://sel.io/ext", NULL);
	assert_int_equal(d->status, 500);
	fx_free(f);

	both = xmalloc(strlen(attach_yaml) + strlen(grant_yaml) + 1);
	memcpy(both, attach_yaml, strlen(attach_yaml));
	memcpy(both + strlen(attach_yaml), grant_yaml,
		strlen(grant_yaml) + 1);
	f = fx_new(both);
	d = fx_route(f, "GET http://sel.io/cross", NULL);
	assert_int_equal(d->status, 200);
	assert_string_equal(d->backends[0].namespace, "infra");
	fx_free(f);
	free(both);
}

/* ----- filters ----- */

static const char filters_yaml[] =
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata: {name: gw, namespace: infra}\n"
	"spec:\n"
	"  listeners:\n"
	"  - {name: http, port: 8080, protocol: HTTP}\n"
	"---\n"
	"apiVersion: v1\nkind: Service\n"
	"metadata: {name: v1, namespace: infra}\n---\n"
	ROUTE("f", "")
	"  rules:\n"
	"  - matches: [{path: {value: /redir/}}]\n"
	"    filters: [{type: RequestRedirect, requestRedirect:\n"
	"      {hostname: ex.org, path: {type: ReplacePrefixMatch,\n"
	"      replacePrefixMatch: /new}}}]\n"
	"  - matches: [{path: {value: /https}}]\n"
	"    filters: [{type: RequestRedirect, requestRedirect:\n"
	"      {scheme: https, statusCode: 301}}]\n"
	"  - matches: [{path: {value: /strip}}]\n"
	"    filters:\n"
	"    - type: URLRewrite\n"
	"      urlRewrite: {hostname: in.local, path: {type:\n"
	"        ReplacePrefixMatch, replacePrefixMatch: /}}\n"
	"    - type: RequestHeaderModifier\n"
	"      requestHeaderModifier:\n"
	"        set: [{name: X-Set, value: s}]\n"
	"        add: [{name: X-Add, value: a}]\n"
	"        remove: [X-Rm]\n"
	"    - type: ResponseHeaderModifier\n"
	"      responseHeaderModifier: {add: [{name: X-R, value: r}]}\n"
	"    - type: RequestMirror\n"
	"      requestMirror: {backendRef: {name: v1, port: 80},\n"
	"        percent: 25}\n"
	"    backendRefs: [{name: v1, port: 80}]\n";

static void
test_filters(void **state)
{
	struct fixture *f = fx_new(filters_yaml);
	struct replay_decision *d;

	(void)state;
	d = fx_route(f, "GET http://h.io:8080/redir/a/b?q=1", NULL);
	assert_int_equal(d->status, 302);
	/* no scheme: the listener's port, not the Host's */
	assert_string_equal(d->redirect, "http://ex.org:8080/new/a/b?q=1");
	assert_int_equal(d->nbackends, 0);
	d = fx_route(f, "GET http://h.io:8080/redir", NULL);
	assert_string_equal(d->redirect, "http://ex.org:8080/new");
	d = fx_route(f, "GET http://h.io:8080/https/x", NULL);
	assert_int_equal(d->status, 301);
	assert_string_equal(d->redirect, "https://h.io/https/x");
	d = fx_route(f, "GET http://h.io:8080/strip", "X-Set: old",
		"X-Add: one", "X-Rm: gone", "Keep: k", NULL);
	assert_int_equal(d->status, 200);
	assert_string_equal(d->upstream.path, "/");
	assert_string_equal(d->upstream.host, "in.local");
	assert_string_equal(replay_decision_hdr_get(d, "x-set"), "s");
	assert_string_equal(replay_decision_hdr_get(d, "x-add"), "one,a");
	assert_null(replay_decision_hdr_get(d, "x-rm"));
	assert_string_equal(replay_decision_hdr_get(d, "keep"), "k");
	assert_int_equal(d->upstream.nremoved, 1);
	assert_int_equal(d->nresp, 1);
	assert_int_equal(d->resp[0].op, REPLAY_HDR_ADD);
	assert_int_equal(d->nmirrors, 1);
	assert_true(d->mirrors[0].fraction == 0.25);
	d = fx_route(f, "GET http://h.io:8080/strip/x/y", NULL);
	assert_string_equal(d->upstream.path, "/x/y");
	fx_free(f);
}

/* ----- gRPC ----- */

static const char grpc_yaml[] = GWHEAD
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: GRPCRoute\n"
	"metadata: {name: g, namespace: infra}\n"
	"spec:\n"
	"  parentRefs: [{name: gw}]\n"
	"  rules:\n"
	"  - matches: [{method: {service: pkg.Svc, method: Get}}]\n"
	"    backendRefs: [{name: v1, port: 80}]\n"
	"  - matches: [{method: {service: pkg.Svc}}]\n"
	"    backendRefs: [{name: v2, port: 80}]\n"
	"  - matches: [{method: {type: RegularExpression,\n"
	"      service: 'other\\..*'}}]\n"
	"    backendRefs: [{name: v3, port: 80}]\n";

static void
test_grpc(void **state)
{
	struct fixture *f = fx_new(grpc_yaml);
	struct replay_decision *d;

	(void)state;
	f->req.grpc = true;
	replay_request_parse(&f->req, "POST http://x/pkg.Svc/Get");
	replay_gw_route(f->gw, &f->req, &f->d);
	d = &f->d;
	assert_string_equal(backend(d), "v1");
	assert_string_equal(d->matched.kind, "GRPCRoute");
	replay_request_set_target(&f->req, "/pkg.Svc/List");
	replay_gw_route(f->gw, &f->req, d);
	assert_string_equal(backend(d), "v2");
	replay_request_set_target(&f->req, "/other.X/List");
	replay_gw_route(f->gw, &f->req, d);
	assert_string_equal(backend(d), "v3");
	replay_request_set_target(&f->req, "/pkg.Nope/Get");
	replay_gw_route(f->gw, &f->req, d);
	assert_int_equal(d->status, 404);	/* UNIMPLEMENTED */
	/* a plain HTTP request never matches a GRPCRoute */
	d = fx_route(f, "POST http://x/pkg.Svc/Get", NULL);
	assert_int_equal(d->status, 404);
	fx_free(f);
}

static const char list_yaml[] =
	"apiVersion: v1\n"
	"kind: List\n"
	"items:\n"
	"- apiVersion: gateway.networking.k8s.io/v1\n"
	"  kind: Gateway\n"
	"  metadata: {name: gw, namespace: infra}\n"
	"  spec:\n"
	"    listeners:\n"
	"    - {name: a, port: 443, protocol: HTTPS, hostname: a.io}\n"
	"    - {name: any, port: 443, protocol: HTTPS}\n"
	"- apiVersion: v1\n"
	"  kind: Service\n"
	"  metadata: {name: v1, namespace: infra}\n"
	"- apiVersion: gateway.networking.k8s.io/v1\n"
	"  kind: HTTPRoute\n"
	"  metadata: {name: r, namespace: infra}\n"
	"  spec:\n"
	"    parentRefs: [{name: gw}]\n"
	"    rules:\n"
	"    - filters:\n"
	"      - type: CORS\n"
	"        cors: {allowOrigins: ['https://*.ex.com'],\n"
	"          allowMethods: [GET, PUT], allowCredentials: true}\n"
	"      backendRefs: [{name: v1, port: 80}]\n";

static void
test_https_list_cors(void **state)
{
	struct fixture *f = fx_new(list_yaml);
	struct replay_decision *d;

	(void)state;
	d = fx_route(f, "GET https://a.io/", NULL);
	assert_int_equal(d->status, 200);
	/* SNI a.io, Host b.io served by another listener: misdirected */
	replay_request_set(&f->req, &f->req.sni, "a.io");
	replay_request_set(&f->req, &f->req.host, "b.io");
	replay_gw_route(f->gw, &f->req, &f->d);
	assert_int_equal(f->d.status, 421);
	d = fx_route(f, "OPTIONS https://b.io/x", "Origin: https://w.ex.com",
		"Access-Control-Request-Method: PUT", NULL);
	assert_int_equal(d->status, 200);
	assert_true(d->answered_by_gateway);
	assert_int_equal(d->nbackends, 0);
	assert_string_equal(d->resp[0].value, "https://w.ex.com");
	assert_string_equal(d->resp[1].value, "GET, PUT");
	d = fx_route(f, "GET https://b.io/x", "Origin: https://w.ex.com",
		NULL);
	assert_int_equal(d->status, 200);
	assert_false(d->answered_by_gateway);
	assert_int_equal(d->nresp, 2);	/* origin and credentials */
	d = fx_route(f, "GET https://b.io/x", "Origin: http://w.ex.com",
		NULL);
	assert_int_equal(d->nresp, 0);	/* scheme differs */
	fx_free(f);
}

/* ----- InferencePool backends (Gateway API Inference Extension) ----- */

#define POOL(ns, name, ports, extra) \
	"apiVersion: inference.networking.k8s.io/v1\n" \
	"kind: InferencePool\n" \
	"metadata: {name: " name ", namespace: " ns "}\n" \
	"spec:\n" \
	"  selector: {matchLabels: {app: " name ", tier: gpu}}\n" \
	"  targetPorts: [" ports "]\n" extra "---\n"
#define PREF(name, extra) "{group: inference.networking.k8s.io, " \
	"kind: InferencePool, name: " name extra "}"

static const char pools_yaml[] =
	GWHEAD
	POOL("infra", "llama", "{number: 8000}, {number: 8001}",
	"  endpointPickerRef: {name: llama-epp, port: {number: 9002}, "
	"failureMode: FailOpen}\n")
	POOL("infra", "qwen", "{number: 8000}", "")
	POOL("models", "shared", "{number: 8000}",
	"  endpointPickerRef: {group: x.io, kind: Picker, name: p}\n")
	POOL("models", "private", "{number: 8000}", "")
	"apiVersion: gateway.networking.k8s.io/v1beta1\n"
	"kind: ReferenceGrant\n"
	"metadata: {name: g, namespace: models}\n"
	"spec:\n"
	"  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, "
	"namespace: infra}]\n"
	"  to: [{group: inference.networking.k8s.io, kind: InferencePool, "
	"name: shared}]\n---\n"
	ROUTE("llm", "")
	"  rules:\n"
	"  - matches: [{headers: [{name: X-Gateway-Base-Model-Name, "
	"value: llama}]}]\n"
	"    backendRefs: [" PREF("llama", ", port: 9999") "]\n"
	"  - matches: [{headers: [{name: X-Gateway-Base-Model-Name, "
	"value: mix}]}]\n"
	"    backendRefs: [" PREF("llama", ", weight: 3") ", "
	"{name: v1, port: 80, weight: 1}, " PREF("gone", ", weight: 1") ", "
	PREF("shared", ", namespace: models, weight: 2") ", "
	PREF("private", ", namespace: models, weight: 1") ", "
	"{group: '', kind: InferencePool, name: qwen, weight: 2}]\n";

static void
test_inference_pools(void **state)
{
	struct fixture *f = fx_new(pools_yaml);
	const struct replay_backend *b;
	struct replay_decision *d;
	struct strbuf sb = STRBUF_INIT;
	char *js = NULL;

	(void)state;
	/* one pool: named with its selector, target ports and picker; the
	 * backendRef's port is ignored */
	f->d.explain = true;
	d = fx_route(f, "POST http://llm.io/v1/completions",
		"X-Gateway-Base-Model-Name: llama", NULL);
	assert_int_equal(d->status, 200);
	assert_int_equal(d->nbackends, 1);
	b = &d->backends[0];
	assert_string_equal(b->namespace, "infra");
	assert_string_equal(b->name, "llama");
	assert_int_equal(b->port, -1);
	assert_non_null(b->pool);
	assert_true(b->pool->known);
	assert_int_equal(b->pool->nlabels, 2);
	assert_string_equal(b->pool->labels[0].name, "app");
	assert_string_equal(b->pool->labels[0].value, "llama");
	assert_int_equal(b->pool->nports, 2);
	assert_int_equal(b->pool->ports[1], 8001);
	assert_string_equal(b->pool->picker_kind, "Service");
	assert_string_equal(b->pool->picker_name, "infra/llama-epp");
	assert_int_equal(b->pool->picker_port, 9002);
	assert_string_equal(b->pool->failure_mode, "FailOpen");
	replay_decision_explain(&sb, d);
	assert_non_null(strstr(sb.buf, "backend: InferencePool infra/llama "
		"weight 1\n  pods: app=llama,tier=gpu\n  target ports: "
		"8000,8001\n  endpoint picker: Service infra/llama-epp:9002 "
		"(FailOpen)\n"));
	assert_non_null(strstr(sb.buf, "note: InferencePool infra/llama "
		"(share 1): its endpoint picker chooses the pod and target "
		"port of each request; that choice is not modelled"));
	assert_int_equal(replay_decision_to_json(&js, d, 0), 0);
	assert_non_null(strstr(js, "\"backends\":[{\"inference_pool\":"
		"\"infra/llama\",\"port\":null,\"weight\":1.0,\"selector\":"
		"{\"app\":\"llama\",\"tier\":\"gpu\"},\"target_ports\":"
		"[8000,8001],\"endpoint_picker\":{\"kind\":\"Service\","
		"\"name\":\"infra/llama-epp\",\"port\":9002,"
		"\"failure_mode\":\"FailOpen\"},\"endpoint\":\"chosen by the "
		"endpoint picker (not modelled)\"}]"));
	free(js);

	/* weights across pools and a Service: a missing pool, a pool of
	 * another namespace without a grant and a pool in the core group
	 * lose their shares (500); a granted one keeps its share */
	d = fx_route(f, "GET http://llm.io/v1/chat/completions",
		"X-Gateway-Base-Model-Name: mix", NULL);
	assert_int_equal(d->status, 200);
	assert_int_equal(d->nbackends, 3);
	assert_string_equal(d->backends[0].name, "llama");
	assert_true(d->backends[0].weight > 0.29 &&
		d->backends[0].weight < 0.31);
	assert_string_equal(d->backends[1].name, "v1");
	assert_null(d->backends[1].pool);
	assert_int_equal(d->backends[1].port, 80);
	assert_true(d->backends[1].weight > 0.09 &&
		d->backends[1].weight < 0.11);
	assert_string_equal(d->backends[2].namespace, "models");
	assert_string_equal(d->backends[2].name, "shared");
	assert_true(d->backends[2].weight > 0.19 &&
		d->backends[2].weight < 0.21);
	assert_string_equal(d->backends[2].pool->picker_kind, "Picker");
	assert_string_equal(d->backends[2].pool->failure_mode, "FailClose");
	strbuf_reset(&sb);
	replay_decision_explain(&sb, d);
	assert_non_null(strstr(sb.buf, "(BackendNotFound: InferencePool "
		"infra/gone): its share 0.1 gets 500"));
	assert_non_null(strstr(sb.buf, "(RefNotPermitted: InferencePool "
		"models/private (no ReferenceGrant from HTTPRoute infra)): its "
		"share 0.1 gets 500"));
	assert_non_null(strstr(sb.buf, "(InvalidKind: InferencePool "
		"infra/qwen): its share 0.2 gets 500"));
	strbuf_release(&sb);
	fx_free(f);

	/* no InferencePool in the input: the pool named is assumed */
	f = fx_new(GWHEAD ROUTE("llm", "") "  rules:\n  - backendRefs: ["
		PREF("base-model", "") "]\n");
	d = fx_route(f, "GET http://llm.io/", NULL);
	assert_int_equal(d->status, 200);
	assert_int_equal(d->nbackends, 1);
	assert_non_null(d->backends[0].pool);
	assert_false(d->backends[0].pool->known);
	assert_int_equal(replay_decision_to_json(&js, d, 0), 0);
	assert_non_null(strstr(js, "\"inference_pool\":\"infra/base-model\","
		"\"port\":null,\"weight\":1.0,\"selector\":null,"
		"\"target_ports\":null,\"endpoint_picker\":null"));
	free(js);
	fx_free(f);
}

static void
test_explain(void **state)
{
	struct fixture *f = fx_new(precedence_yaml);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	f->d.explain = true;
	fx_route(f, "GET http://x/p", NULL);
	replay_decision_explain(&sb, &f->d);
	assert_non_null(strstr(sb.buf, "matched: HTTPRoute infra/b-route "
		"rule 1 match 0 (t.yaml:"));
	assert_non_null(strstr(sb.buf, "backend: infra/v2:80 weight 1"));
	assert_non_null(strstr(sb.buf, "note: listener infra/gw/http"));
	strbuf_release(&sb);
	fx_free(f);
}

/* ----- ListenerSets ----- */

#define LSGW(allowed) \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: Gateway\n" \
	"metadata: {name: gw, namespace: infra}\n" \
	"spec:\n" \
	"  gatewayClassName: c\n" \
	"  listeners:\n" \
	"  - {name: http, port: 80, protocol: HTTP, hostname: gw.example,\n" \
	"     allowedRoutes: {namespaces: {from: All}}}\n" \
	"  - {name: https, port: 443, protocol: HTTPS, hostname: gw.example,\n" \
	"     tls: {certificateRefs: [{name: c}]}}\n" \
	allowed "---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v1, namespace: infra}\n---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v2, namespace: infra}\n---\n" \
	"apiVersion: v1\nkind: Service\n" \
	"metadata: {name: v3, namespace: infra}\n---\n"

/* A ListenerSet of ns with one HTTP listener on port for host. */
#define LSET(name, ns, ts, lname, port, proto, host) \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: ListenerSet\n" \
	"metadata: {name: " name ", namespace: " ns ts "}\n" \
	"spec:\n" \
	"  parentRef: {name: gw, namespace: infra}\n" \
	"  listeners:\n" \
	"  - {name: " lname ", port: " port ", protocol: " proto \
	", hostname: " host ",\n" \
	"     allowedRoutes: {namespaces: {from: All}}}\n---\n"

/* A route of infra for host to the ListenerSet ns/name and backend. */
#define LSROUTE(rname, ns, lsname, section, host, svc) \
	"apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: HTTPRoute\n" \
	"metadata: {name: " rname ", namespace: infra}\n" \
	"spec:\n" \
	"  parentRefs: [{kind: ListenerSet, group: " \
	"gateway.networking.k8s.io, name: " lsname ", namespace: " ns \
	section "}]\n" \
	"  hostnames: [" host "]\n" \
	"  rules: [{backendRefs: [{name: " svc ", port: 8080}]}]\n---\n"

#define ALLOW_ALL "  allowedListeners: {namespaces: {from: All}}\n"

static void
test_listenerset_allowed(void **state)
{
	struct fixture *f;

	(void)state;
	/* allowedListeners defaults to None: the ListenerSet is ignored */
	f = fx_new(LSGW("") LSET("ls", "apps", "", "a", "80", "HTTP",
		"a.example") LSROUTE("r", "apps", "ls", "", "a.example", "v1"));
	assert_int_equal(fx_route(f, "GET http://a.example/", NULL)->status,
		404);
	fx_free(f);
	/* Same: only ListenerSets of the Gateway's namespace */
	f = fx_new(LSGW("  allowedListeners: {namespaces: {from: Same}}\n")
		LSET("ls", "apps", "", "a", "80", "HTTP", "a.example")
		LSET("ls", "infra", "", "b", "80", "HTTP", "b.example")
		LSROUTE("ra", "apps", "ls", "", "a.example", "v1")
		LSROUTE("rb", "infra", "ls", "", "b.example", "v2"));
	assert_int_equal(fx_route(f, "GET http://a.example/", NULL)->status,
		404);
	assert_string_equal(backend(fx_route(f, "GET http://b.example/",
		NULL)), "v2");
	fx_free(f);
	/* Selector on the namespace's own name label */
	f = fx_new(LSGW("  allowedListeners: {namespaces: {from: Selector, "
		"selector: {matchLabels: {kubernetes.io/metadata.name: "
		"apps}}}}\n")
		LSET("ls", "apps", "", "a", "80", "HTTP", "a.example")
		LSET("ls", "other", "", "b", "80", "HTTP", "b.example")
		LSROUTE("ra", "apps", "ls", "", "a.example", "v1")
		LSROUTE("rb", "other", "ls", "", "b.example", "v2"));
	assert_string_equal(backend(fx_route(f, "GET http://a.example/",
		NULL)), "v1");
	assert_int_equal(fx_route(f, "GET http://b.example/", NULL)->status,
		404);
	fx_free(f);
}

static void
test_listenerset_sections(void **state)
{
	struct fixture *f;

	(void)state;
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("ls", "apps", "", "a", "80", "HTTP", "a.example")
		/* a section the ListenerSet has */
		LSROUTE("good", "apps", "ls", ", sectionName: a", "a.example",
		"v1")
		/* one it has not: the route attaches nowhere */
		LSROUTE("bad", "apps", "ls", ", sectionName: nope",
		"a.example", "v2")
		/* a Gateway parentRef cannot name a ListenerSet's listener */
		ROUTE0("viagw")
		"  parentRefs: [{name: gw, sectionName: a}]\n"
		"  hostnames: [a.example]\n"
		"  rules: [{matches: [{path: {value: /gw}}], "
		"backendRefs: [{name: v3, port: 8080}]}]\n---\n"
		/* a ListenerSet that is not in the input */
		LSROUTE("missing", "apps", "nols", "", "a.example", "v3"));
	assert_string_equal(backend(fx_route(f, "GET http://a.example/",
		NULL)), "v1");
	assert_string_equal(backend(fx_route(f, "GET http://a.example/gw",
		NULL)), "v1");
	assert_int_equal(replay_gw_attached_routes(f->gw, "apps/ls", "a"), 1);
	fx_free(f);
}

/* The ListenerSet CRD: the Gateway's own listeners, then ListenerSets by creation time,
 * then namespace/name; the earlier of two conflicting listeners wins. */
static void
test_listenerset_precedence(void **state)
{
	struct fixture *f;

	(void)state;
	/* the Gateway's listener beats a ListenerSet's on its hostname */
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("ls", "apps", "", "dup", "80", "HTTP", "gw.example")
		ROUTE0("own")
		"  parentRefs: [{name: gw, sectionName: http}]\n"
		"  rules: [{backendRefs: [{name: v1, port: 8080}]}]\n---\n"
		LSROUTE("theirs", "apps", "ls", "", "gw.example", "v2"));
	assert_string_equal(backend(fx_route(f, "GET http://gw.example/",
		NULL)), "v1");
	fx_free(f);
	/* the older ListenerSet wins, wherever it is in the input */
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("new", "apps", ", creationTimestamp: "
		"'2024-02-01T00:00:00Z'", "x", "80", "HTTP", "x.example")
		LSET("old", "apps", ", creationTimestamp: "
		"'2024-01-01T00:00:00Z'", "x", "80", "HTTP", "x.example")
		LSROUTE("rnew", "apps", "new", "", "x.example", "v1")
		LSROUTE("rold", "apps", "old", "", "x.example", "v2"));
	assert_string_equal(backend(fx_route(f, "GET http://x.example/",
		NULL)), "v2");
	fx_free(f);
	/* the same creation time: namespace/name decides */
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("b", "apps", ", creationTimestamp: "
		"'2024-01-01T00:00:00Z'", "x", "80", "HTTP", "x.example")
		LSET("a", "apps", ", creationTimestamp: "
		"'2024-01-01T00:00:00Z'", "x", "80", "HTTP", "x.example")
		LSROUTE("rb", "apps", "b", "", "x.example", "v1")
		LSROUTE("ra", "apps", "a", "", "x.example", "v2"));
	assert_string_equal(backend(fx_route(f, "GET http://x.example/",
		NULL)), "v2");
	fx_free(f);
	/* a protocol the port's earlier listener cannot share: HTTP on the
	 * Gateway's HTTPS port is Conflicted, nothing answers there */
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("ls", "apps", "", "plain", "443", "HTTP", "p.example")
		LSROUTE("r", "apps", "ls", "", "p.example", "v1"));
	assert_int_equal(fx_route(f, "GET http://p.example:443/",
		NULL)->status, 404);
	fx_free(f);
	/* distinct hostnames on the same port and protocol coexist */
	f = fx_new(LSGW(ALLOW_ALL)
		LSET("ls", "apps", "", "other", "80", "HTTP", "o.example")
		LSROUTE("r", "apps", "ls", "", "o.example", "v3"));
	assert_string_equal(backend(fx_route(f, "GET http://o.example/",
		NULL)), "v3");
	fx_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_parse),
		cmocka_unit_test(test_decision_json),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_hostnames),
		cmocka_unit_test(test_attachment_and_backends),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_grpc),
		cmocka_unit_test(test_https_list_cors),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_inference_pools),
		cmocka_unit_test(test_listenerset_allowed),
		cmocka_unit_test(test_listenerset_sections),
		cmocka_unit_test(test_listenerset_precedence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
