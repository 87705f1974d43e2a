/*
 * Unit tests of replay/samples: JSON Lines, YAML lists (libcyaml) and
 * ingress-nginx access logs; bad lines reported with their line number,
 * counted and skipped; the base URL.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "replay/request.h"
#include "replay/samples.h"

static char dir[] = "/tmp/test_replay_samples.XXXXXX";

struct reader {
	char path[128];
	struct replay_samples *r;
	struct replay_sample s;
	struct diag_sink sink;
};

/* Writes text to dir/name and opens it. Returns the open result. */
static int
open_text(struct reader *rd, const char *name, const char *text,
	const struct replay_samples_opts *opts)
{
	FILE *f;

	memset(rd, 0, sizeof(*rd));
	snprintf(rd->path, sizeof(rd->path), "%s/%s", dir, name);
	f = fopen(rd->path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	replay_sample_init(&rd->s);
	return replay_samples_open(&rd->r, rd->path, opts, &rd->sink);
}

static void
close_reader(struct reader *rd)
{
	replay_sample_release(&rd->s);
	replay_samples_close(rd->r);
	diag_sink_release(&rd->sink);
	unlink(rd->path);
}

static void
test_jsonl(void **state)
{
	struct reader rd;

	assert_int_equal(open_text(&rd, "s.jsonl",
		"{\"method\": \"post\", "
		"\"url\": \"https://shop.example.com/a?x=1\","
		" \"headers\": {\"X-A\": \"1\", \"X-B\": [\"2\", \"3\"]},"
		" \"client_ip\": \"10.0.0.1\"}\n"
		"\n"
		"# a comment\n"
		"{\"url\": \"/rel\", \"headers\": [\"Host: h.example\", "
		"{\"name\": \"X-C\", \"value\": \"4\"}]}\n"
		"{\"url\": 5}\n"
		"not json\n"
		"{\"url\": \"/x\", \"extra\": true}\n"
		"{\"url\": \"/last\"}", NULL), 0);
	assert_int_equal(replay_samples_format(rd.r), REPLAY_SAMPLES_JSONL);

	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 1);
	assert_string_equal(rd.s.req.method, "POST");
	assert_string_equal(rd.s.req.scheme, "https");
	assert_int_equal(rd.s.req.port, 443);
	assert_string_equal(rd.s.req.host, "shop.example.com");
	assert_string_equal(rd.s.req.path, "/a");
	assert_string_equal(rd.s.req.query, "x=1");
	assert_int_equal(rd.s.req.nheaders, 3);
	assert_string_equal(replay_request_header(&rd.s.req, "x-b"), "2");
	assert_string_equal(rd.s.req.client_ip, "10.0.0.1");
	assert_null(rd.s.upstream);

	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 4);
	assert_string_equal(rd.s.req.method, "GET");
	assert_string_equal(rd.s.req.host, "h.example");
	assert_string_equal(rd.s.req.path, "/rel");
	assert_string_equal(replay_request_header(&rd.s.req, "X-C"), "4");

	/* lines 5, 6 and 7 are bad: reported, counted, skipped */
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 8);
	assert_string_equal(rd.s.req.path, "/last");
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 0);
	assert_int_equal(replay_samples_bad(rd.r), 3);
	assert_int_equal(rd.sink.len, 3);
	assert_int_equal(rd.sink.input_errors, 0);
	assert_int_equal(rd.sink.items[0].pos.line, 5);
	assert_string_equal(rd.sink.items[0].rule, "replay/bad-sample");
	assert_int_equal(rd.sink.items[1].pos.line, 6);
	assert_int_equal(rd.sink.items[2].pos.line, 7);
	assert_non_null(strstr(rd.sink.items[2].msg, "'extra'"));
	close_reader(&rd);
}

static void
test_log_default_format(void **state)
{
	struct reader rd;
	struct replay_samples_opts opts = { .base_url =
		"https://cafe.example.com" };

	assert_int_equal(open_text(&rd, "access.log",
		"10.0.0.1 - - [26/Nov/2026:15:00:00 +0000] \"GET /tea?a=1 "
		"HTTP/1.1\" 200 612 \"-\" \"curl/8.0\" 80 0.002 "
		"[default-tea-svc-80] [] 10.1.0.5:80, 10.1.0.6:80 612 0.002 "
		"200 abc123\n"
		"garbage\n"
		"10.0.0.2 - bob [26/Nov/2026:15:00:01 +0000] \"POST "
		"/coffee\\x22q HTTP/2.0\" 503 0 \"http://r/\" \"ua\" 80 0.1 "
		"[default-coffee-svc-80] [default-coffee-canary-80] - - - - "
		"abc124\n", &opts), 0);
	assert_int_equal(replay_samples_format(rd.r), REPLAY_SAMPLES_LOG);
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 1);
	assert_string_equal(rd.s.req.scheme, "https");
	assert_string_equal(rd.s.req.host, "cafe.example.com");
	assert_string_equal(rd.s.req.path, "/tea");
	assert_string_equal(rd.s.req.query, "a=1");
	assert_string_equal(rd.s.req.client_ip, "10.0.0.1");
	assert_string_equal(replay_request_header(&rd.s.req, "user-agent"),
		"curl/8.0");
	assert_null(replay_request_header(&rd.s.req, "referer"));
	assert_string_equal(rd.s.upstream, "default-tea-svc-80");
	assert_null(rd.s.alternative);
	assert_int_equal(rd.s.status, 200);

	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 3);
	assert_string_equal(rd.s.req.method, "POST");
	assert_string_equal(rd.s.req.path, "/coffee\"q");
	assert_string_equal(replay_request_header(&rd.s.req, "referer"),
		"http://r/");
	assert_string_equal(rd.s.alternative, "default-coffee-canary-80");
	assert_int_equal(rd.s.status, 503);
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 0);
	assert_int_equal(replay_samples_bad(rd.r), 1);
	assert_int_equal(rd.sink.items[0].pos.line, 2);
	close_reader(&rd);
}

static void
test_log_custom_format(void **state)
{
	struct reader rd;
	struct replay_samples_opts opts = { .log_format =
		"$host $scheme \"$request_method $request_uri\" "
		"$cookie_canary [$proxy_upstream_name]" };

	assert_int_equal(open_text(&rd, "custom.txt",
		"shop.example.com https \"GET /a\" always [shop-api-8080]\n"
		"shop.example.com ftp \"GET /a\" - [shop-api-8080]\n",
		&opts), 0);
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_string_equal(rd.s.req.host, "shop.example.com");
	assert_string_equal(rd.s.req.scheme, "https");
	assert_int_equal(rd.s.req.port, 443);
	assert_string_equal(replay_request_header(&rd.s.req, "cookie"),
		"canary=always");
	assert_string_equal(rd.s.upstream, "shop-api-8080");
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 0);
	assert_int_equal(replay_samples_bad(rd.r), 1);
	close_reader(&rd);

	/* formats that cannot be split, or without the request */
	opts.log_format = "$host$status";
	assert_int_not_equal(open_text(&rd, "x.log", "", &opts), 0);
	assert_int_equal(rd.sink.input_errors, 1);
	close_reader(&rd);
	opts.log_format = "$host $status";
	assert_int_not_equal(open_text(&rd, "x.log", "", &opts), 0);
	close_reader(&rd);
}

static void
test_yaml(void **state)
{
	struct reader rd;

	assert_int_equal(open_text(&rd, "s.yaml",
		"# hand-written\n"
		"- url: http://shop.example.com/api\n"
		"  headers: ['X-A: 1']\n"
		"- method: DELETE\n"
		"  url: 'no url'\n"
		"- method: PUT\n"
		"  url: /b\n"
		"  client_ip: 10.0.0.3\n", NULL), 0);
	assert_int_equal(replay_samples_format(rd.r), REPLAY_SAMPLES_YAML);
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 2);
	assert_string_equal(rd.s.req.host, "shop.example.com");
	assert_string_equal(replay_request_header(&rd.s.req, "x-a"), "1");
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 1);
	assert_int_equal(rd.s.line, 6);
	assert_string_equal(rd.s.req.method, "PUT");
	assert_string_equal(rd.s.req.client_ip, "10.0.0.3");
	assert_int_equal(replay_samples_next(rd.r, &rd.s), 0);
	assert_int_equal(replay_samples_bad(rd.r), 1);
	assert_int_equal(rd.sink.items[0].pos.line, 4);
	close_reader(&rd);

	/* shape errors make the file unusable, with a position */
	assert_int_not_equal(open_text(&rd, "bad.yaml",
		"- url: /a\n- url: /b\n  hedaers: []\n", NULL), 0);
	assert_int_equal(rd.sink.input_errors, 1);
	assert_int_equal(rd.sink.items[0].pos.line, 3);
	close_reader(&rd);
	assert_int_not_equal(open_text(&rd, "map.yaml", "url: /a\n", NULL),
		0);
	close_reader(&rd);
}

static void
test_base_url(void **state)
{
	struct replay_request req;
	struct reader rd;
	struct replay_samples_opts opts = { .base_url = "ftp://x" };

	replay_request_init(&req);
	assert_int_equal(replay_request_apply_base(&req,
		"https://shop.example.com:8443/ignored"), 0);
	assert_string_equal(req.scheme, "https");
	assert_string_equal(req.host, "shop.example.com:8443");
	assert_int_equal(req.port, 8443);
	replay_request_release(&req);

	assert_int_not_equal(open_text(&rd, "s.jsonl", "", &opts), 0);
	assert_int_equal(rd.sink.input_errors, 1);
	close_reader(&rd);
	assert_int_not_equal(replay_samples_open(&rd.r, "/nonexistent/x.jsonl",
		NULL, &rd.sink), 0);
	replay_samples_close(rd.r);
	diag_sink_release(&rd.sink);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_log_default_format),
		cmocka_unit_test(test_log_custom_format),
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_base_url),
	};
	int rc;

	if (!mkdtemp(dir))
		return 99;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
