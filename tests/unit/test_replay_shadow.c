/*
 * Unit tests of replay/shadow: addresses, answers and echoes, the
 * comparison of two answers, the classification of each difference
 * against the models' prediction, and the grouped report (text, JSON).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/compare.h"
#include "replay/request.h"
#include "replay/shadow.h"
#include "strbuf.h"

/* ----- addresses ----- */

static void
test_addresses(void **state)
{
	static const struct {
		const char *text;
		const char *host;
		unsigned http, https;
		bool ipv6;
	} good[] = {
		{ "10.0.0.1", "10.0.0.1", 80, 443, false },
		{ "127.0.0.1:8080", "127.0.0.1", 8080, 8080, false },
		{ "127.0.0.1:8080,8443", "127.0.0.1", 8080, 8443, false },
		{ "lb.example.com:,8443", "lb.example.com", 80, 8443, false },
		{ "lb.example.com:8080,", "lb.example.com", 8080, 443, false },
		{ "[::1]", "::1", 80, 443, true },
		{ "[::1]:9080,9443", "::1", 9080, 9443, true },
	};
	static const char *const bad[] = { "", ":80", "::1", "h:0",
		"h:65536", "h:80,443,8443", "h:x", "h:", "h:,", "[::1",
		"[::1]x", "ho st", "h/x:80", "h:8080 " };
	struct shadow_addr a;
	struct strbuf sb = STRBUF_INIT;
	const char *why;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		assert_int_equal(shadow_addr_parse(&a, good[i].text, &why), 0);
		assert_string_equal(a.host, good[i].host);
		assert_int_equal(a.http_port, good[i].http);
		assert_int_equal(a.https_port, good[i].https);
		assert_int_equal(a.ipv6, good[i].ipv6);
		shadow_addr_release(&a);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(shadow_addr_parse(&a, bad[i], &why),
			ERR_PARSE);
		assert_non_null(why);
		shadow_addr_release(&a);
	}
	assert_int_equal(shadow_addr_parse(&a, "[::1]:8080,8443", &why), 0);
	shadow_addr_text(&sb, &a, true);
	assert_string_equal(sb.buf, "[::1]:8443");
	strbuf_reset(&sb);
	shadow_addr_text_all(&sb, &a);
	assert_string_equal(sb.buf, "[::1]:8080,8443");
	shadow_addr_release(&a);
	assert_int_equal(shadow_addr_parse(&a, "gw:8080", &why), 0);
	strbuf_reset(&sb);
	shadow_addr_text_all(&sb, &a);
	assert_string_equal(sb.buf, "gw:8080");
	shadow_addr_release(&a);
	strbuf_release(&sb);
}

static void
test_unsendable(void **state)
{
	struct replay_request req;

	(void)state;
	replay_request_init(&req);
	assert_int_equal(replay_request_parse(&req,
		"GET https://shop.example.com/a?b=c"), 0);
	replay_request_add_header(&req, "X-Empty", "");
	replay_request_add_header(&req, "User-Agent", "a b/1");
	assert_null(shadow_request_unsendable(&req));
	req.path = "/a b";
	assert_non_null(shadow_request_unsendable(&req));
	req.path = "/a";
	req.query = "x=\r\n";
	assert_non_null(shadow_request_unsendable(&req));
	req.query = NULL;
	req.method = "GE T";
	assert_non_null(shadow_request_unsendable(&req));
	req.method = "GET";
	req.host = "evil.example.com/x";
	assert_non_null(shadow_request_unsendable(&req));
	req.host = "shop.example.com:8443";
	assert_null(shadow_request_unsendable(&req));
	replay_request_add_header(&req, "Bad Name", "v");
	assert_non_null(shadow_request_unsendable(&req));
	replay_request_release(&req);
}

/* ----- answers and echoes ----- */

static void
header(struct shadow_answer *a, const char *line)
{
	shadow_answer_header_line(a, line, strlen(line));
}

static void
test_answer_headers_and_body(void **state)
{
	struct shadow_answer a;
	char *v;
	char big[SHADOW_BODY_MAX];

	(void)state;
	shadow_answer_init(&a);
	header(&a, "HTTP/1.1 100 Continue\r\n");
	header(&a, "X-Interim: 1\r\n");
	header(&a, "\r\n");
	header(&a, "HTTP/1.1 200 OK\r\n");
	header(&a, "Access-Control-Allow-Origin:  *  \r\n");
	header(&a, "Vary: Origin\r\n");
	header(&a, "vary: Accept\r\n");
	header(&a, "no colon here\r\n");
	assert_int_equal(a.nheaders, 3);
	assert_null(shadow_answer_header(&a, "x-interim"));
	v = shadow_answer_header(&a, "vary");
	assert_string_equal(v, "Origin,Accept");
	free(v);
	v = shadow_answer_header(&a, "access-control-allow-origin");
	assert_string_equal(v, "*");
	free(v);

	memset(big, 'x', sizeof(big));
	assert_true(shadow_answer_body(&a, big, 10));
	assert_false(shadow_answer_body(&a, big, sizeof(big)));
	assert_int_equal(a.body.len, SHADOW_BODY_MAX);
	assert_true(a.truncated);
	shadow_answer_parse_echo(&a);
	assert_false(a.echo.valid);	/* a cut body is no echo */
	shadow_answer_release(&a);
}

static void
test_echo_formats(void **state)
{
	struct shadow_echo e = { 0 };
	/* ours */
	static const char ours[] = "{\"method\": \"GET\", \"path\": \"/api\", "
		"\"query\": \"a=1\", \"host\": \"api.internal\", \"headers\": "
		"{\"X-One\": \"1\", \"x-one\": [\"2\"], \"Accept\": [\"a\", "
		"\"b\"], \"X-Num\": 5}, \"backend\": \"api\"}";
	/* the Gateway API conformance echo server's */
	static const char conformance[] = "{\"path\": \"/x?y=1&z\", "
		"\"host\": \"shop\", \"method\": \"HEAD\", \"proto\": "
		"\"HTTP/1.1\", \"headers\": {\"User-Agent\": [\"t\"]}, "
		"\"namespace\": \"shop\", \"ingress\": \"\", \"service\": "
		"\"web\", \"pod\": \"web-1\"}";
	const char *body;

	(void)state;
	assert_true(shadow_echo_parse(&e, ours, strlen(ours)));
	assert_true(e.valid);
	assert_string_equal(e.method, "GET");
	assert_string_equal(e.path, "/api");
	assert_string_equal(e.query, "a=1");
	assert_string_equal(e.host, "api.internal");
	assert_string_equal(e.backend, "api");
	/* sorted, lower-case, variants of one name merged, non-strings
	 * dropped */
	assert_int_equal(e.nheaders, 2);
	assert_string_equal(e.headers[0].name, "accept");
	assert_string_equal(e.headers[0].value, "a,b");
	assert_string_equal(e.headers[1].name, "x-one");
	assert_true(!strcmp(e.headers[1].value, "1,2") ||
		!strcmp(e.headers[1].value, "2,1"));

	assert_true(shadow_echo_parse(&e, conformance, strlen(conformance)));
	assert_string_equal(e.path, "/x");
	assert_string_equal(e.query, "y=1&z");
	assert_string_equal(e.backend, "shop/web");
	assert_string_equal(e.method, "HEAD");

	body = "{\"method\":\"GET\",\"path\":\"/?\"}";
	assert_true(shadow_echo_parse(&e, body, strlen(body)));
	assert_string_equal(e.path, "/");
	assert_null(e.query);		/* "/?" has an empty query: none */
	assert_null(e.backend);
	body = "{\"method\":\"GET\",\"path\":\"/a\",\"query\":\"\"}";
	assert_true(shadow_echo_parse(&e, body, strlen(body)));
	assert_null(e.query);

	assert_false(shadow_echo_parse(&e, "<html>", 6));
	assert_false(e.valid);
	assert_false(shadow_echo_parse(&e, "{\"path\": \"/\"}", 13));
	assert_false(shadow_echo_parse(&e, "[1, 2]", 6));
	shadow_echo_release(&e);
}

/* ----- comparison ----- */

struct pair {
	struct shadow_answer ing, gw;
	struct replay_diffs diffs;
	struct replay_decision di, dg;
	struct replay_diffs predicted;
};

static int
setup(void **state)
{
	struct pair *p = xcalloc(1, sizeof(*p));

	shadow_answer_init(&p->ing);
	shadow_answer_init(&p->gw);
	replay_diffs_init(&p->diffs);
	replay_diffs_init(&p->predicted);
	replay_decision_init(&p->di);
	replay_decision_init(&p->dg);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct pair *p = *state;

	shadow_answer_release(&p->ing);
	shadow_answer_release(&p->gw);
	replay_diffs_release(&p->diffs);
	replay_diffs_release(&p->predicted);
	replay_decision_release(&p->di);
	replay_decision_release(&p->dg);
	free(p);
	return 0;
}

/* An answer: status, header lines, an optional echo body. */
static void
answer(struct shadow_answer *a, int status, const char *const *headers,
	const char *echo)
{
	shadow_answer_reset(a);
	a->status = status;
	for (size_t i = 0; headers && headers[i]; i++)
		header(a, headers[i]);
	if (echo) {
		shadow_answer_body(a, echo, strlen(echo));
		shadow_answer_parse_echo(a);
	}
}

static const char *
field(const struct replay_diffs *d, size_t i)
{
	return i < d->len ? d->items[i].field : "(none)";
}

static void
test_compare_status_location_response_headers(void **state)
{
	struct pair *p = *state;
	const char *const hi[] = { "Location: https://shop.example.com",
		"Strict-Transport-Security: max-age=1",
		"Access-Control-Allow-Origin: *", "X-Version: 1",
		"X-Other: a", NULL };
	const char *const hg[] = { "Location: https://shop.example.com:443/",
		"X-Version: 2", "X-Other: b", NULL };
	struct shadow_compare_opts o = { 0 };
	const char *extra[] = { "X-Version" };

	answer(&p->ing, 308, hi, NULL);
	answer(&p->gw, 301, hg, NULL);
	/* the same URL: not a difference; X-* not compared unless named */
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, NULL,
		NULL, NULL), 3);
	assert_string_equal(field(&p->diffs, 0), "status");
	assert_int_equal(json_integer_value(p->diffs.items[0].ingress), 308);
	assert_string_equal(field(&p->diffs, 1),
		"response_headers.access-control-allow-origin");
	assert_true(json_is_null(p->diffs.items[1].gateway));
	assert_string_equal(field(&p->diffs, 2),
		"response_headers.strict-transport-security");

	o.response_headers = extra;
	o.nresponse_headers = 1;
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, &o,
		NULL, NULL), 4);
	assert_string_equal(field(&p->diffs, 3), "response_headers.x-version");
	assert_string_equal(json_string_value(p->diffs.items[3].gateway), "2");

	/* a header a model sets is compared too */
	replay_decision_add_resp(&p->dg, REPLAY_HDR_SET, "X-Other", "b");
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, NULL,
		&p->di, &p->dg), 4);
	assert_string_equal(field(&p->diffs, 3), "response_headers.x-other");

	/* another Location is a difference */
	answer(&p->gw, 308, (const char *const[]){ "Location: "
		"https://shop.example.com/x", "Strict-Transport-Security: "
		"max-age=1", "Access-Control-Allow-Origin: *", NULL }, NULL);
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, NULL,
		NULL, NULL), 1);
	assert_string_equal(field(&p->diffs, 0), "redirect");
}

static void
test_compare_echoes(void **state)
{
	struct pair *p = *state;
	const char *ei = "{\"method\":\"GET\",\"path\":\"/api\",\"query\":"
		"\"a=1\",\"host\":\"API.internal\",\"backend\":\"api\","
		"\"headers\":{\"X-Forwarded-For\":\"1.1.1.1\",\"Connection\":"
		"\"close\",\"X-Envoy-Expected-Rq-Timeout-Ms\":\"15000\","
		"\"X-Only-Ingress\":\"1\",\"X-Same\":\"s\",\"Host\":\"x\","
		"\"X-Noise\":\"1\"}}";
	const char *eg = "{\"method\":\"GET\",\"path\":\"/v2/api\",\"query\":"
		"\"a=1\",\"host\":\"api.internal\",\"backend\":\"api\","
		"\"headers\":{\"X-Forwarded-For\":\"2.2.2.2\",\"X-Same\":"
		"\"s\",\"Host\":\"y\",\"X-Noise\":\"2\"}}";
	const char *ignore[] = { "x-noise" };
	struct shadow_compare_opts o = { .ignore_headers = ignore,
		.nignore_headers = 1 };

	answer(&p->ing, 200, NULL, ei);
	answer(&p->gw, 200, NULL, eg);
	assert_true(p->ing.echo.valid && p->gw.echo.valid);
	/* Host case-insensitive; forwarding, hop-by-hop, x-envoy-* and the
	 * ignored header left out */
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, &o, NULL,
		NULL), 2);
	assert_string_equal(field(&p->diffs, 0), "upstream.path");
	assert_string_equal(field(&p->diffs, 1),
		"upstream.headers.x-only-ingress");
	assert_true(json_is_null(p->diffs.items[1].gateway));

	/* one side did not echo: only what both have is compared */
	answer(&p->gw, 200, NULL, "not json");
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, &o, NULL,
		NULL), 1);
	assert_string_equal(field(&p->diffs, 0), "backend");
	assert_string_equal(json_string_value(p->diffs.items[0].ingress),
		"api");
	assert_true(json_is_null(p->diffs.items[0].gateway));

	/* echoes without a backend name on one side, none on the other */
	answer(&p->ing, 200, NULL, "{\"method\":\"GET\",\"path\":\"/\"}");
	assert_int_equal(shadow_compare(&p->diffs, &p->ing, &p->gw, &o, NULL,
		NULL), 0);
}

/* ----- classification ----- */

static void
predict(struct pair *p, const char *fld)
{
	replay_diffs_add(&p->predicted, fld, json_integer(1),
		json_integer(2));
}

static void
test_classify(void **state)
{
	struct pair *p = *state;
	struct shadow_prediction pr = { &p->di, &p->dg, &p->predicted };
	struct replay_backend v1 = { "shop", "v1", 80, 0.9, NULL };
	struct replay_backend v2 = { "shop", "v2", 80, 0.1, NULL };

	/* no models: nothing is predicted */
	assert_int_equal(shadow_classify(NULL, "status"), SHADOW_UNEXPECTED);
	/* the models agree */
	assert_int_equal(shadow_classify(&pr, "status"), SHADOW_UNEXPECTED);
	assert_int_equal(shadow_classify(&pr, "backend"), SHADOW_UNEXPECTED);

	predict(p, "upstream.host");
	assert_int_equal(shadow_classify(&pr, "upstream.host"),
		SHADOW_PREDICTED);
	assert_int_equal(shadow_classify(&pr, "upstream.path"),
		SHADOW_UNEXPECTED);

	/* a removed header predicts that header */
	replay_diffs_add(&p->predicted, "upstream.removed",
		json_pack("[s]", "x-debug"), json_array());
	assert_int_equal(shadow_classify(&pr, "upstream.headers.x-debug"),
		SHADOW_PREDICTED);
	assert_int_equal(shadow_classify(&pr, "upstream.headers.x-other"),
		SHADOW_UNEXPECTED);

	/* a known reason of the Ingress model explains */
	replay_decision_known(&p->di, "convert/nginx-hsts", "why");
	assert_int_equal(shadow_classify(&pr, "upstream.host"),
		SHADOW_EXPLAINED);
	assert_int_equal(shadow_classify(&pr, "redirect"), SHADOW_UNEXPECTED);

	/* a predicted status (or backends) carries every other field */
	replay_decision_reset(&p->di);
	predict(p, "backends");
	assert_int_equal(shadow_classify(&pr, "backend"), SHADOW_PREDICTED);
	assert_int_equal(shadow_classify(&pr, "response_headers.x"),
		SHADOW_PREDICTED);
	replay_diffs_reset(&p->predicted);
	predict(p, "status");
	assert_int_equal(shadow_classify(&pr, "redirect"), SHADOW_PREDICTED);

	/* the models agree on a split: each side draws its backend */
	replay_diffs_reset(&p->predicted);
	replay_decision_add_backend(&p->di, &v1);
	replay_decision_add_backend(&p->di, &v2);
	assert_int_equal(shadow_classify(&pr, "backend"), SHADOW_EXPLAINED);
	assert_int_equal(shadow_classify(&pr, "upstream.path"),
		SHADOW_EXPLAINED);
	assert_int_equal(shadow_classify(&pr, "status"), SHADOW_UNEXPECTED);
}

/* ----- the report ----- */

static void
record(struct shadow_report *r, struct pair *p, const char *where,
	size_t line, const char *req, bool models)
{
	struct shadow_prediction pr = { &p->di, &p->dg, &p->predicted };
	struct shadow_example ex = { (char *)where, line, (char *)req };

	shadow_compare(&p->diffs, &p->ing, &p->gw, NULL, NULL, NULL);
	shadow_report_request(r, &ex, &p->diffs, models ? &pr : NULL, false);
}

static void
test_report_groups(void **state)
{
	struct pair *p = *state;
	struct shadow_report r;
	struct shadow_example ex = { "s.jsonl", 9, "GET http://h/e" };
	struct strbuf text = STRBUF_INIT;
	json_t *j, *d;
	char name[32];

	shadow_report_init(&r, "127.0.0.1:8080,8443", "127.0.0.1:9080",
		true);
	/* five requests, 200 against 503, where the models agree */
	answer(&p->ing, 200, NULL, NULL);
	answer(&p->gw, 503, NULL, NULL);
	for (size_t i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "GET http://h/%zu", i);
		record(&r, p, "s.jsonl", i + 1, name, true);
	}
	/* one predicted 308/302, with a reason: explained */
	answer(&p->ing, 308, NULL, NULL);
	answer(&p->gw, 302, NULL, NULL);
	predict(p, "status");
	replay_decision_known(&p->di, "convert/nginx-ssl-redirect", "why");
	record(&r, p, "probe 3", 0, "GET http://h/", true);
	/* predicted, but both answered alike: not seen */
	answer(&p->gw, 308, NULL, NULL);
	record(&r, p, "probe 4", 0, "GET http://h/x", true);
	/* the same answers: same */
	replay_diffs_reset(&p->predicted);
	record(&r, p, "probe 5", 0, "GET http://h/y", true);
	shadow_report_error(&r, &ex, "gateway", "gateway side 127.0.0.1:9080: "
		"no answer within 5 s");
	shadow_report_errored(&r);
	shadow_report_skip(&r, &ex, "method POST is not allowed");

	assert_int_equal(r.requests, 9);
	assert_int_equal(r.same, 2);
	assert_int_equal(r.differ, 6);
	assert_int_equal(r.unexpected, 5);
	assert_int_equal(r.explained, 1);
	assert_int_equal(r.not_seen, 1);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.skipped, 1);
	assert_int_equal(r.ngroups, 3);

	shadow_report_text(&text, &r);
	assert_non_null(strstr(text.buf, "unexpected: status (5 requests)\n"
		"  ingress: 200\n  gateway: 503\n  s.jsonl:1: GET http://h/0\n"
		"  s.jsonl:2: GET http://h/1\n  s.jsonl:3: GET http://h/2\n"
		"  ... and 2 more\n"));
	assert_non_null(strstr(text.buf, "predicted and explained: status "
		"(1 request)\n  ingress: 308\n  gateway: 302\n  explained: "
		"why [convert/nginx-ssl-redirect]\n"
		"  probe 3: GET http://h/\n"));
	assert_non_null(strstr(text.buf, "predicted, not seen: status (1 "
		"request)\n  ingress model: 1\n  gateway model: 2\n"));
	assert_non_null(strstr(text.buf, "error: gateway side "
		"127.0.0.1:9080: no answer within 5 s (1 request)\n"));
	assert_non_null(strstr(text.buf, "skipped: method POST is not "
		"allowed (1 request)\n"));
	assert_non_null(strstr(text.buf, "shadow: 9 requests, 2 same, 6 "
		"differ (5 unexpected, 0 predicted, 1 explained), 1 error, 1 "
		"skipped, 1 with a predicted difference not seen\n"));
	/* unexpected first */
	assert_true(strstr(text.buf, "unexpected:") <
		strstr(text.buf, "predicted and explained:"));

	j = shadow_report_json(&r);
	d = json_object_get(j, "differences");
	assert_int_equal(json_array_size(d), 3);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(d, 0), "class")), "unexpected");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(d, 0), "requests")), 5);
	assert_int_equal(json_array_size(json_object_get(
		json_array_get(d, 0), "examples")), SHADOW_MAX_EXAMPLES);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(json_array_get(d, 1), "explained"), 0),
		"rule")), "convert/nginx-ssl-redirect");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(d, 2), "class")), "not-seen");
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "skipped")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		j, "summary"), "unexpected")), 5);
	assert_true(json_is_false(json_object_get(json_object_get(j,
		"summary"), "interrupted")));
	json_decref(j);
	strbuf_release(&text);
	shadow_report_release(&r);
}

static void
test_report_without_models(void **state)
{
	struct pair *p = *state;
	struct shadow_report r;
	struct strbuf text = STRBUF_INIT;

	shadow_report_init(&r, "a:1", "b:2", false);
	answer(&p->ing, 308, NULL, NULL);
	answer(&p->gw, 302, NULL, NULL);
	predict(p, "status");	/* not passed: no models */
	record(&r, p, "x", 1, "GET http://h/", false);
	assert_int_equal(r.unexpected, 1);
	r.interrupted = true;
	r.capped = 1000;
	shadow_report_text(&text, &r);
	assert_non_null(strstr(text.buf, "(no models given: every "
		"difference is unexpected)"));
	assert_non_null(strstr(text.buf, "; interrupted; stopped at "
		"--max-requests 1000\n"));
	strbuf_release(&text);
	shadow_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_unsendable),
		cmocka_unit_test(test_answer_headers_and_body),
		cmocka_unit_test(test_echo_formats),
		cmocka_unit_test_setup_teardown(
			test_compare_status_location_response_headers, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_compare_echoes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_classify, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_report_groups, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_report_without_models,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
