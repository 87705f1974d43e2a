/*
 * Unit tests of replay/ingress, the ingress-nginx model: intake order and
 * class filtering, $uri normalisation, server selection, location order
 * in regex mode, canary shares, source ranges, and the public options.
 * The golden cases of testdata/route/nginx-* cover each rule end to end.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "providers/ingress-nginx/model.h"
#include "providers/ingress-nginx/model_int.h"
#include "replay/request.h"

#define ING(name, extra, ann) \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata:\n  name: " name "\n  namespace: ns\n" extra \
	"  annotations: {" ann "}\n"

#define RULE(host, path, type, svc) \
	"  - host: " host "\n    http:\n      paths:\n" \
	"      - path: " path "\n        pathType: " type "\n" \
	"        backend: {service: {name: " svc ", port: {number: 80}}}\n"

struct fixture {
	struct doc_set *set;
	struct replay_ing *m;
	struct replay_request req;
	struct replay_decision d;
	struct diag_sink sink;
};

static struct fixture *
fx_new(const char *yaml, const struct replay_ing_opts *o)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct replay_ing_opts opts = { 0 };

	if (o)
		opts = *o;
	opts.assume_services = true;	/* no Services in these inputs */
	f->set = doc_set_new(NULL);
	assert_int_equal(doc_set_parse(f->set, "t.yaml", yaml, strlen(yaml),
		&f->sink), 0);
	assert_int_equal(replay_ing_load(&f->m, f->set, &opts, &f->sink),
		0);
	replay_decision_init(&f->d);
	replay_request_init(&f->req);
	return f;
}

static void
fx_free(struct fixture *f)
{
	replay_request_release(&f->req);
	replay_decision_release(&f->d);
	replay_ing_free(f->m);
	doc_set_free(f->set);
	diag_sink_release(&f->sink);
	free(f);
}

/* Routes "METHOD URL" (fresh request) and returns the status. */
static int
route(struct fixture *f, const char *line)
{
	replay_request_release(&f->req);
	replay_request_init(&f->req);
	assert_int_equal(replay_request_parse(&f->req, line), 0);
	assert_int_equal(replay_ing_route(f->m, &f->req, &f->d), 0);
	return f->d.status;
}

static const char *
backend(const struct fixture *f)
{
	return f->d.nbackends ? f->d.backends[0].name : "";
}

/* ----- intake ----- */

static const char order_yaml[] =
	ING("b-new", "  creationTimestamp: '2024-02-01T00:00:00Z'\n", "")
	"spec:\n  rules:\n" RULE("o.example.com", "/x", "Prefix", "new")
	"---\n"
	ING("a-old", "  creationTimestamp: '2024-01-01T00:00:00Z'\n", "")
	"spec:\n  rules:\n" RULE("o.example.com", "/x", "Prefix", "old")
	"---\n"
	ING("m", "  creationTimestamp: '2024-03-01T00:00:00Z'\n", "")
	"spec:\n  rules:\n" RULE("o.example.com", "/y", "Prefix", "m")
	"---\n"
	ING("z", "  creationTimestamp: '2024-03-01T00:00:00Z'\n", "")
	"spec:\n  rules:\n" RULE("o.example.com", "/y", "Prefix", "z");

static void
test_order(void **state)
{
	struct fixture *f = fx_new(order_yaml, NULL);

	(void)state;
	assert_int_equal(replay_ing_ingress_count(f->m), 4);
	/* older first; equal timestamps: namespace/name descending */
	assert_int_equal(route(f, "GET http://o.example.com/x/1"), 200);
	assert_string_equal(backend(f), "old");
	assert_int_equal(route(f, "GET http://o.example.com/y"), 200);
	assert_string_equal(backend(f), "z");
	assert_string_equal(f->d.matched.kind, "Ingress");
	assert_string_equal(f->d.matched.name, "z");
	fx_free(f);
}

static const char class_yaml[] =
	"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
	"metadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n"
	"---\n"
	ING("mine", "", "") "spec:\n  ingressClassName: nginx\n  rules:\n"
	RULE("c.example.com", "/", "Prefix", "mine")
	"---\n"
	ING("theirs", "", "") "spec:\n  ingressClassName: traefik\n  rules:\n"
	RULE("t.example.com", "/", "Prefix", "theirs")
	"---\n"
	ING("none", "", "") "spec:\n  rules:\n"
	RULE("n.example.com", "/", "Prefix", "none");

static void
test_class(void **state)
{
	struct replay_ing_opts o = { .ingress_class = "nginx" };
	struct fixture *f = fx_new(class_yaml, &o);

	(void)state;
	assert_int_equal(replay_ing_ingress_count(f->m), 1);
	assert_int_equal(route(f, "GET http://c.example.com/"), 200);
	assert_int_equal(route(f, "GET http://t.example.com/"), 404);
	assert_int_equal(route(f, "GET http://n.example.com/"), 404);
	fx_free(f);

	o.watch_without_class = true;
	f = fx_new(class_yaml, &o);
	assert_int_equal(replay_ing_ingress_count(f->m), 2);
	assert_int_equal(route(f, "GET http://n.example.com/"), 200);
	fx_free(f);

	f = fx_new(class_yaml, NULL);	/* every class */
	assert_int_equal(replay_ing_ingress_count(f->m), 3);
	fx_free(f);
}

/* ----- matching ----- */

static void
test_uri_norm(void **state)
{
	struct replay_decision d;

	(void)state;
	replay_decision_init(&d);
	assert_string_equal(ri_uri_norm(&d, "/a/b"), "/a/b");
	assert_string_equal(ri_uri_norm(&d, "/a//b///c"), "/a/b/c");
	assert_string_equal(ri_uri_norm(&d, "/a/./b/../c"), "/a/c");
	assert_string_equal(ri_uri_norm(&d, "/a/.."), "/");
	assert_string_equal(ri_uri_norm(&d, "/%41%2fb"), "/A/b");
	assert_string_equal(ri_uri_norm(&d, "/a/b/."), "/a/b/");
	assert_null(ri_uri_norm(&d, "/.."));
	assert_null(ri_uri_norm(&d, "/a/../../b"));
	replay_decision_release(&d);
}

static void
test_host_norm(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(ri_host_norm("A.Example.COM:8443", buf,
		sizeof(buf)), "a.example.com");
	assert_string_equal(ri_host_norm("a.example.com.", buf, sizeof(buf)),
		"a.example.com");
	assert_null(ri_host_norm("", buf, sizeof(buf)));
	assert_null(ri_host_norm("[::1]:80", buf, sizeof(buf)));
}

static const char regex_yaml[] =
	ING("plain", "  creationTimestamp: '2024-01-01T00:00:00Z'\n", "")
	"spec:\n  rules:\n"
	RULE("r.example.com", "/a", "Prefix", "short")
	RULE("w.example.com", "/", "Prefix", "wild-exact")
	RULE("'*.example.com'", "/", "Prefix", "wild")
	"---\n"
	ING("re", "  creationTimestamp: '2024-02-01T00:00:00Z'\n",
		"nginx.ingress.kubernetes.io/use-regex: 'true'")
	"spec:\n  rules:\n"
	RULE("r.example.com", "/a/b+", "ImplementationSpecific", "long")
	RULE("r.example.com", "/Z", "Exact", "zed");

static void
test_regex_order_and_hosts(void **state)
{
	struct fixture *f = fx_new(regex_yaml, NULL);

	(void)state;
	/* the longer pattern comes first, whatever it matches */
	assert_int_equal(route(f, "GET http://r.example.com/a/bbb/c"), 200);
	assert_string_equal(backend(f), "long");
	assert_int_equal(route(f, "GET http://r.example.com/a/c"), 200);
	assert_string_equal(backend(f), "short");
	/* Exact is a case-insensitive prefix in regex mode */
	assert_int_equal(route(f, "GET http://r.example.com/zebra"), 200);
	assert_string_equal(backend(f), "zed");
	/* one label for a wildcard; exact first */
	assert_int_equal(route(f, "GET http://x.example.com/"), 200);
	assert_string_equal(backend(f), "wild");
	assert_int_equal(route(f, "GET http://W.example.com/"), 200);
	assert_string_equal(backend(f), "wild-exact");
	assert_int_equal(route(f, "GET http://x.y.example.com/"), 404);
	assert_false(f->d.has_matched);
	fx_free(f);
}

/* ----- canary and access ----- */

static const char canary_yaml[] =
	ING("main", "  creationTimestamp: '2024-01-01T00:00:00Z'\n",
		"nginx.ingress.kubernetes.io/whitelist-source-range: "
		"'10.0.0.0/8, 2001:db8::/32'")
	"spec:\n  rules:\n" RULE("k.example.com", "/", "Prefix", "v1")
	"---\n"
	ING("canary", "  creationTimestamp: '2024-01-02T00:00:00Z'\n",
		"nginx.ingress.kubernetes.io/canary: 'true', "
		"nginx.ingress.kubernetes.io/canary-weight: '30', "
		"nginx.ingress.kubernetes.io/canary-by-header: X-C")
	"spec:\n  rules:\n" RULE("k.example.com", "/", "Prefix", "v2");

static void
test_canary_and_ranges(void **state)
{
	struct fixture *f = fx_new(canary_yaml, NULL);

	(void)state;
	/* unknown client address: the ranges are not checked */
	assert_int_equal(route(f, "GET http://k.example.com/"), 200);
	assert_int_equal(f->d.nbackends, 2);
	assert_string_equal(f->d.backends[0].name, "v1");
	assert_true(f->d.backends[0].weight > 0.69 &&
		f->d.backends[0].weight < 0.71);
	assert_string_equal(f->d.backends[1].name, "v2");
	replay_request_set(&f->req, &f->req.client_ip, "10.2.3.4");
	replay_request_add_header(&f->req, "x-c", "never");
	assert_int_equal(replay_ing_route(f->m, &f->req, &f->d), 0);
	assert_int_equal(f->d.status, 200);
	assert_int_equal(f->d.nbackends, 1);
	assert_string_equal(backend(f), "v1");
	replay_request_set(&f->req, &f->req.client_ip, "192.0.2.1");
	assert_int_equal(replay_ing_route(f->m, &f->req, &f->d), 0);
	assert_int_equal(f->d.status, 403);
	replay_request_set(&f->req, &f->req.client_ip, "2001:db8::7");
	assert_int_equal(replay_ing_route(f->m, &f->req, &f->d), 0);
	assert_int_equal(f->d.status, 200);
	fx_free(f);
}

static void
test_cidr(void **state)
{
	struct ri_cidr c[2];

	(void)state;
	assert_true(ri_cidr_parse("192.168.0.0/23", &c[0]));
	assert_true(ri_cidr_parse("::1", &c[1]));
	assert_false(ri_cidr_parse("10.0.0.0/33", &c[0]));
	assert_true(ri_cidr_parse("192.168.0.0/23", &c[0]));
	assert_true(ri_cidr_contains(c, 2, "192.168.1.255"));
	assert_false(ri_cidr_contains(c, 2, "192.168.2.0"));
	assert_true(ri_cidr_contains(c, 2, "::1"));
	assert_false(ri_cidr_contains(c, 2, "not-an-ip"));
}

static const char opts_yaml[] =
	ING("tls", "", "")
	"spec:\n  tls: [{hosts: [s.example.com], secretName: s}]\n  rules:\n"
	RULE("s.example.com", "/", "Prefix", "site");

static void
test_options(void **state)
{
	struct replay_ing_opts o = { 0 };
	struct fixture *f = fx_new(opts_yaml, NULL);

	(void)state;
	assert_int_equal(route(f, "GET http://s.example.com/a"), 308);
	assert_string_equal(f->d.redirect, "https://s.example.com/a");
	assert_int_equal(route(f, "GET https://s.example.com/a"), 200);
	assert_int_equal(f->d.nresp, 1);
	fx_free(f);

	o.http_redirect_code = 301;
	o.no_hsts = true;
	f = fx_new(opts_yaml, &o);
	assert_int_equal(route(f, "GET http://s.example.com/a"), 301);
	assert_int_equal(route(f, "GET https://s.example.com/a"), 200);
	assert_int_equal(f->d.nresp, 0);
	fx_free(f);

	o.no_ssl_redirect = true;
	f = fx_new(opts_yaml, &o);
	assert_int_equal(route(f, "GET http://s.example.com/a"), 200);
	fx_free(f);
}

static void
test_bad_args(void **state)
{
	struct replay_ing *m = NULL;
	struct replay_decision d;
	struct replay_request req;

	(void)state;
	assert_int_equal(replay_ing_load(&m, NULL, NULL, NULL), ERR_INVALID);
	replay_decision_init(&d);
	replay_request_init(&req);
	assert_int_equal(replay_ing_route(NULL, &req, &d), ERR_INVALID);
	replay_ing_free(NULL);
	replay_decision_release(&d);
	replay_request_release(&req);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_uri_norm),
		cmocka_unit_test(test_host_norm),
		cmocka_unit_test(test_regex_order_and_hosts),
		cmocka_unit_test(test_canary_and_ranges),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
