/*
 * Unit tests of replay/compare: decisions compared field by field,
 * backends as shares within the tolerance, ignored headers, JSON and text
 * rendering.
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
#include "strbuf.h"

struct pair {
	struct replay_decision a, b;
	struct replay_diffs diffs;
};

static int
setup(void **state)
{
	struct pair *p = xcalloc(1, sizeof(*p));

	replay_decision_init(&p->a);
	replay_decision_init(&p->b);
	replay_diffs_init(&p->diffs);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct pair *p = *state;

	replay_decision_release(&p->a);
	replay_decision_release(&p->b);
	replay_diffs_release(&p->diffs);
	free(p);
	return 0;
}

static void
backend(struct replay_decision *d, const char *name, long port, double w)
{
	struct replay_backend b = { "shop", name, port, w, NULL };

	replay_decision_add_backend(d, &b);
}

/* A proxied decision: 200, upstream GET /api host shop. */
static void
proxied(struct replay_decision *d)
{
	replay_decision_reset(d);
	d->status = 200;
	d->upstream.method = "GET";
	d->upstream.path = "/api";
	d->upstream.host = "shop.example.com";
}

static const char *
field(const struct replay_diffs *d, size_t i)
{
	return i < d->len ? d->items[i].field : "(none)";
}

static void
test_same(void **state)
{
	struct pair *p = *state;

	proxied(&p->a);
	proxied(&p->b);
	backend(&p->a, "api", 80, 1.0);
	backend(&p->b, "api", 80, 1.0);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 0);
	/* the matched rule is never compared */
	p->a.has_matched = true;
	p->a.matched.kind = "Ingress";
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 0);
}

static void
test_status_and_redirect(void **state)
{
	struct pair *p = *state;

	proxied(&p->a);
	replay_decision_reset(&p->b);
	p->b.status = 308;
	p->b.redirect = "https://shop.example.com/api";
	backend(&p->a, "api", 80, 1.0);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 3);
	assert_string_equal(field(&p->diffs, 0), "status");
	assert_int_equal(json_integer_value(p->diffs.items[0].ingress), 200);
	assert_int_equal(json_integer_value(p->diffs.items[0].gateway), 308);
	assert_string_equal(field(&p->diffs, 1), "backends");
	/* no upstream on one side: the upstream fields are not compared */
	assert_string_equal(field(&p->diffs, 2), "redirect");
	assert_true(json_is_null(p->diffs.items[2].ingress));
	assert_string_equal(json_string_value(p->diffs.items[2].gateway),
		"https://shop.example.com/api");
}

static void
test_shares(void **state)
{
	struct pair *p = *state;

	/* order does not count, repeated service:port entries add up */
	proxied(&p->a);
	proxied(&p->b);
	backend(&p->a, "v1", 80, 0.9);
	backend(&p->a, "v2", 80, 0.1);
	backend(&p->b, "v2", 80, 0.05);
	backend(&p->b, "v1", 80, 0.9);
	backend(&p->b, "v2", 80, 0.05);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 0);

	/* within the tolerance; a zero share is no backend */
	proxied(&p->b);
	backend(&p->b, "v1", 80, 0.9 + 1e-12);
	backend(&p->b, "v2", 80, 0.1 - 1e-12);
	backend(&p->b, "v3", 80, 0.0);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 0);

	/* a different split */
	proxied(&p->b);
	backend(&p->b, "v1", 80, 0.8);
	backend(&p->b, "v2", 80, 0.2);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 1);
	assert_string_equal(field(&p->diffs, 0), "backends");
	assert_int_equal(json_array_size(p->diffs.items[0].gateway), 2);

	/* another port is another backend */
	proxied(&p->b);
	backend(&p->b, "v1", 8080, 0.9);
	backend(&p->b, "v2", 80, 0.1);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 1);

	/* an InferencePool is not the Service of its name, and is named as
	 * a pool in the difference */
	{
		static const struct replay_pool pool = { .known = true,
			.picker_port = -1 };
		struct replay_backend pb = { "shop", "v1", -1, 0.9, &pool };

		proxied(&p->a);
		proxied(&p->b);
		backend(&p->a, "v1", -1, 0.9);
		backend(&p->a, "v2", 80, 0.1);
		replay_decision_add_backend(&p->b, &pb);
		backend(&p->b, "v2", 80, 0.1);
		assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL),
			1);
		assert_string_equal(field(&p->diffs, 0), "backends");
		assert_string_equal(json_string_value(json_object_get(
			json_array_get(p->diffs.items[0].gateway, 1),
			"inference_pool")), "shop/v1");
		proxied(&p->a);
		replay_decision_add_backend(&p->a, &pb);
		backend(&p->a, "v2", 80, 0.1);
		assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL),
			0);
	}
}

static void
test_upstream(void **state)
{
	struct pair *p = *state;
	static const char *const ignore[] = { "x-forwarded-for" };
	struct replay_compare_opts opts = { ignore, 1 };

	proxied(&p->a);
	proxied(&p->b);
	p->b.upstream.path = "/";
	p->b.upstream.query = "x=1";
	p->b.upstream.host = "SHOP.example.com";	/* same host */
	replay_decision_hdr_add(&p->a, "X-Trace", "1");
	replay_decision_hdr_add(&p->a, "X-Trace", "2");
	replay_decision_hdr_set(&p->b, "x-trace", "1,2");
	replay_decision_hdr_set(&p->a, "X-Forwarded-For", "10.0.0.1");
	replay_decision_hdr_set(&p->b, "X-Forwarded-Prefix", "/api");
	replay_decision_hdr_remove(&p->b, "Cookie");
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, &opts), 4);
	assert_string_equal(field(&p->diffs, 0), "upstream.path");
	assert_string_equal(field(&p->diffs, 1), "upstream.query");
	assert_true(json_is_null(p->diffs.items[1].ingress));
	assert_string_equal(field(&p->diffs, 2),
		"upstream.headers.x-forwarded-prefix");
	assert_string_equal(field(&p->diffs, 3), "upstream.removed");
	assert_string_equal(json_string_value(json_array_get(
		p->diffs.items[3].gateway, 0)), "cookie");
	/* without the ignore list X-Forwarded-For counts */
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 5);
	assert_string_equal(field(&p->diffs, 2),
		"upstream.headers.x-forwarded-for");
}

static void
test_response_headers(void **state)
{
	struct pair *p = *state;

	proxied(&p->a);
	proxied(&p->b);
	replay_decision_add_resp(&p->a, REPLAY_HDR_SET,
		"Strict-Transport-Security", "max-age=1");
	replay_decision_add_resp(&p->b, REPLAY_HDR_ADD, "X-A", "1");
	replay_decision_add_resp(&p->b, REPLAY_HDR_ADD, "X-A", "2");
	replay_decision_add_resp(&p->a, REPLAY_HDR_SET, "x-a", "1,2");
	replay_decision_add_resp(&p->b, REPLAY_HDR_REMOVE, "Server", NULL);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 2);
	assert_string_equal(field(&p->diffs, 0), "response_headers.server");
	assert_true(json_is_null(p->diffs.items[0].ingress));
	assert_true(json_is_true(json_object_get(p->diffs.items[0].gateway,
		"removed")));
	assert_string_equal(field(&p->diffs, 1),
		"response_headers.strict-transport-security");
}

static void
test_rendering(void **state)
{
	struct pair *p = *state;
	struct strbuf sb = STRBUF_INIT;
	json_t *j;
	char *s;

	proxied(&p->a);
	replay_decision_reset(&p->b);
	p->b.status = 404;
	backend(&p->a, "api", 80, 2.0 / 3.0);
	backend(&p->a, "web", -1, 1.0 / 3.0);
	replay_compare(&p->diffs, &p->a, &p->b, NULL);
	j = replay_diffs_json(&p->diffs);
	s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
	assert_string_equal(s, "[{\"field\":\"status\",\"ingress\":200,"
		"\"gateway\":404},{\"field\":\"backends\",\"ingress\":"
		"[{\"service\":\"shop/api\",\"port\":80,\"weight\":0.666667},"
		"{\"service\":\"shop/web\",\"port\":null,\"weight\":0.333333}],"
		"\"gateway\":[]}]");
	free(s);
	json_decref(j);
	replay_diffs_text(&sb, &p->diffs, "  ");
	assert_string_equal(sb.buf, "  status\n    ingress: 200\n"
		"    gateway: 404\n  backends\n    ingress: "
		"[{\"service\":\"shop/api\",\"port\":80,\"weight\":0.666667},"
		"{\"service\":\"shop/web\",\"port\":null,"
		"\"weight\":0.333333}]\n"
		"    gateway: []\n");
	strbuf_release(&sb);
}

/* Two identical guesses are still a difference: nothing was decided. */
static void
test_undecided(void **state)
{
	struct pair *p = *state;

	replay_decision_reset(&p->a);
	replay_decision_reset(&p->b);
	p->a.status = p->b.status = 404;
	replay_decision_regex_failed(&p->a, -46, "/x/abab", 7);
	replay_decision_regex_failed(&p->b, -46, "/x/abab", 7);
	assert_non_null(strstr(p->a.undecided, "JIT stack limit"));
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 1);
	assert_string_equal(field(&p->diffs, 0), "undecided");
	/* one side only, and reset forgets it */
	replay_decision_reset(&p->b);
	p->b.status = 404;
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 1);
	assert_true(json_is_null(p->diffs.items[0].gateway));
	replay_decision_reset(&p->a);
	p->a.status = 404;
	assert_null(p->a.undecided);
	assert_int_equal(replay_compare(&p->diffs, &p->a, &p->b, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_and_redirect,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_shares, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upstream, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_response_headers, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_rendering, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_undecided, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
