/* Unit tests: providers/ (registry, catalogue, ingress-nginx parsing). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "doc.h"
#include "providers/ingress-nginx/annotations.h"
#include "providers/provider.h"

#define P PROV_NGINX_PREFIX

struct fx {
	struct doc_set *set;
	struct diag_sink sink;
	struct arena arena;
	struct prov_nginx_settings s;
	struct prov_nginx_options opt;
};

/*
 * Parses an Ingress whose annotations are the given YAML lines (each
 * "key: value" without indentation) and runs the nginx parser.
 * The first annotation is on line 7.
 */
static void
run(struct fx *f, const char *lines)
{
	struct strbuf y = STRBUF_INIT;
	const char *p = lines;
	const struct doc_node *root, *ann;
	int rc;

	strbuf_adds(&y, "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata:\n  name: web\n  namespace: shop\n"
		"  annotations:\n");
	while (*p) {
		size_t n = strcspn(p, "\n");

		strbuf_adds(&y, "    ");
		strbuf_add(&y, p, n);
		strbuf_addc(&y, '\n');
		p += n;
		if (*p)
			p++;
	}
	f->set = doc_set_new(NULL);
	rc = doc_set_parse(f->set, "in.yaml", y.buf, y.len, &f->sink);
	assert_int_equal(rc, 0);
	root = doc_set_root(f->set, 0);
	ann = doc_path(root, "metadata.annotations");
	rc = prov_nginx_parse(&f->s, &f->arena, f->set, ann, "shop", "web",
		&f->opt, &f->sink);
	assert_int_equal(rc, 0);
	strbuf_release(&y);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	prov_nginx_options_init(&f->opt);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	diag_sink_release(&f->sink);
	arena_release(&f->arena);
	if (f->set)
		doc_set_free(f->set);
	free(f);
	return 0;
}

/* The diagnostic with this rule, or NULL. */
static const struct diag *
find_diag(struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->sink.len; i++)
		if (!strcmp(f->sink.items[i].rule, rule))
			return &f->sink.items[i];
	return NULL;
}

static enum prov_slot_state
state_of(struct fx *f, const char *key)
{
	return prov_nginx_slot(&f->s, key)->state;
}

/* Catalogue */

static void
test_registry(void **state)
{
	const struct prov_provider *p = prov_find("ingress-nginx");
	size_t n;

	(void)state;
	assert_non_null(p);
	assert_ptr_equal(p, &prov_nginx_provider);
	assert_null(prov_find("traefik-nope"));
	assert_null(prov_find(NULL));
	/* in name order: aws-alb, ingress-nginx, traefik */
	assert_int_equal(prov_list(&n)[1], p);
	assert_int_equal(n, 3);
	assert_string_equal(p->prefixes[0], "nginx.ingress.kubernetes.io/");
	assert_ptr_equal(prov_lookup(p, "whitelist-source-range"),
		prov_lookup(p, "allowlist-source-range"));
	assert_ptr_equal(prov_lookup(p, "limit-whitelist"),
		prov_lookup(p, "limit-allowlist"));
	assert_null(prov_lookup(p, "no-such-key"));
}

static void
test_count(void **state)
{
	const struct prov_provider *p = &prov_nginx_provider;
	size_t aliases = 0;

	(void)state;
	/* 136 keys (those of ingress-nginx v1.15.1 annotations-risk.md) plus
	 * 2 aliases (whitelist-source-range, limit-whitelist). */
	assert_int_equal(p->count, 136);
	assert_int_equal(PROV_NGINX_NANN, 136);
	for (size_t i = 0; i < p->count; i++)
		for (const char *const *al = p->table[i].aliases; al && *al;
		    al++)
			aliases++;
	assert_int_equal(aliases, 2);
	assert_int_equal(p->nkeys, p->count + aliases);
	assert_int_equal(PROV_NGINX_NKEYS, 138);
}

static void
test_every_key(void **state)
{
	const struct prov_provider *p = &prov_nginx_provider;
	struct arena a = ARENA_INIT;

	(void)state;
	for (size_t i = 0; i < p->count; i++) {
		const struct prov_annotation *e = &p->table[i];
		char buf[64];
		struct prov_value v = { .ann = e, .arena = &a };
		const char *why;

		memset(buf, 0, sizeof(buf));
		assert_non_null(e->key);
		assert_non_null(e->parse);
		assert_non_null(e->desc);
		assert_non_null(e->gateway);
		assert_true(e->desc[0] && e->gateway[0]);
		assert_true(e->kind >= PROV_KIND_BOOL &&
			e->kind <= PROV_KIND_NGINX_VAR);
		assert_true(e->cls >= PROV_CLASS_A &&
			e->cls <= PROV_CLASS_C_PERF);
		assert_true(e->scope >= PROV_SCOPE_LOCATION);
		assert_true(e->on_invalid != PROV_INVALID_AS_CHECK);
		assert_null(strchr(e->key, '/'));
		if (e->kind == PROV_KIND_ENUM)
			assert_non_null(e->values);
		/* Keys are unique, aliases included. */
		assert_ptr_equal(prov_lookup(p, e->key), e);
		/* A default passes the controller's check and parses. */
		if (e->def) {
			v.text = e->def;
			if (prov_check_value(e, e->def, &why))
				fail_msg("default of %s fails its check: %s",
					e->key, why);
			if (e->parse(&v, buf))
				fail_msg("default of %s does not parse: %s",
					e->key, v.why);
		}
	}
	arena_release(&a);
}

static void
test_render(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *root, *arr;
	json_error_t err;

	(void)state;
	prov_render_text(&sb, &prov_nginx_provider);
	assert_non_null(strstr(sb.buf, "KEY"));
	assert_non_null(strstr(sb.buf, "\nrewrite-target "));
	assert_non_null(strstr(sb.buf, "\nwhitelist-source-range "));
	assert_non_null(strstr(sb.buf, "(alias of allowlist-source-range)"));
	strbuf_reset(&sb);
	assert_int_equal(prov_render_json(&sb, &prov_nginx_provider), 0);
	root = json_loads(sb.buf, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "count")),
		136);
	arr = json_object_get(root, "annotations");
	assert_int_equal(json_array_size(arr), 136);
	/* Sorted by key. */
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(arr, 0), "key")), "affinity");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(arr, 135), "key")), "x-forwarded-prefix");
	json_decref(root);
	strbuf_release(&sb);
}

/* Checks and value parsers */

static void
test_scalars(void **state)
{
	bool b;
	long long n;

	(void)state;
	assert_true(prov_str_bool("T", &b) && b);
	assert_true(prov_str_bool("0", &b) && !b);
	assert_false(prov_str_bool("yes", &b));
	assert_false(prov_str_bool("tRUE", &b));
	assert_true(prov_str_int("-12", &n) && n == -12);
	assert_true(prov_str_int("+7", &n) && n == 7);
	assert_false(prov_str_int(" 7", &n));
	assert_false(prov_str_int("7s", &n));
	assert_false(prov_str_int("99999999999999999999", &n));
	assert_true(prov_str_cidr("10.0.0.0/8"));
	assert_true(prov_str_cidr("2001:db8::/32"));
	assert_true(prov_str_cidr("192.168.1.1"));
	assert_false(prov_str_cidr("10.0.0.0/33"));
	assert_false(prov_str_cidr("10.0.0/8"));
}

static int
parse_as(const char *key, const char *text, void *dst)
{
	static struct arena a = ARENA_INIT;
	struct prov_value v = {
		.ann = prov_lookup(&prov_nginx_provider, key),
		.text = text,
		.arena = &a,
	};

	return v.ann->parse(&v, dst);
}

static int
check_as(const char *key, const char *raw)
{
	const char *why;

	return prov_check_value(prov_lookup(&prov_nginx_provider, key), raw,
		&why);
}

static void
test_value_kinds(void **state)
{
	long long n = 0;
	int e = -2;
	const char *s = NULL;
	struct prov_strlist l = { 0 };
	struct prov_intlist il = { 0 };

	(void)state;
	/* size */
	assert_int_equal(parse_as("proxy-body-size", "8m", &n), 0);
	assert_int_equal(n, 8 << 20);
	assert_int_equal(parse_as("proxy-body-size", "0", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(parse_as("proxy-buffer-size", "16K", &n), 0);
	assert_int_equal(n, 16384);
	assert_int_not_equal(parse_as("proxy-body-size", "1mb", &n), 0);
	assert_int_not_equal(check_as("proxy-body-size", "10x"), 0);
	/* seconds */
	assert_int_equal(parse_as("proxy-read-timeout", "120", &n), 0);
	assert_int_equal(n, 120);
	assert_int_not_equal(parse_as("proxy-read-timeout", "-1", &n), 0);
	assert_int_not_equal(check_as("proxy-read-timeout", "5s"), 0);
	/* enum */
	assert_int_equal(parse_as("backend-protocol", "grpcs", &e), 0);
	assert_int_equal(e, PROV_NGINX_PROTO_GRPCS);
	assert_int_equal(check_as("backend-protocol", " GRPC "), 0);
	assert_int_not_equal(check_as("backend-protocol", "h2c"), 0);
	assert_int_not_equal(check_as("load-balance", "EWMA"), 0);
	assert_int_equal(check_as("load-balance", "ewma"), 0);
	/* url and paths */
	assert_int_equal(parse_as("auth-url", "http://auth.svc/verify", &s),
		0);
	assert_int_not_equal(parse_as("auth-url", "/verify", &s), 0);
	assert_int_not_equal(parse_as("auth-url", "http:///x", &s), 0);
	assert_int_equal(parse_as("app-root", "/app", &s), 0);
	assert_int_not_equal(parse_as("app-root", "http://x/app", &s), 0);
	assert_int_equal(check_as("rewrite-target", "/$2"), 0);
	assert_int_not_equal(check_as("rewrite-target", "/a b"), 0);
	/* lists */
	assert_int_equal(parse_as("denylist-source-range",
		"10.0.0.0/8, 192.168.0.1", &l), 0);
	assert_int_equal(l.len, 2);
	assert_string_equal(l.v[1], "192.168.0.1");
	assert_int_not_equal(parse_as("denylist-source-range", "10.0.0.0/8,x",
		&l), 0);
	assert_int_equal(parse_as("server-alias", "b.com, a.com,b.com", &l),
		0);
	assert_int_equal(l.len, 2);
	assert_string_equal(l.v[0], "a.com");
	assert_int_equal(parse_as("custom-http-errors", "404,503", &il), 0);
	assert_int_equal(il.len, 2);
	assert_int_equal(il.v[1], 503);
	assert_int_not_equal(check_as("custom-http-errors", "404,200"), 0);
	assert_int_equal(parse_as("auth-response-headers",
		"X-User, X-Email", &l), 0);
	assert_int_equal(l.len, 2);
	/* regex, object refs, services, durations */
	assert_int_equal(parse_as("canary-by-header-pattern", "^v[0-9]+", &s),
		0);
	assert_int_equal(parse_as("custom-headers", "shop/headers", &s), 0);
	assert_int_not_equal(parse_as("custom-headers", "a/b/c", &s), 0);
	assert_int_equal(parse_as("default-backend", "errors-svc", &s), 0);
	assert_int_not_equal(parse_as("default-backend", "Errors", &s), 0);
	assert_int_equal(parse_as("auth-cache-duration", "200 202 401 5m",
		&s), 0);
	assert_int_equal(parse_as("auth-cache-duration", "200 30ms", &s), 0);
	assert_int_not_equal(parse_as("auth-cache-duration", "200 5x", &s),
		0);
	/* controller checks */
	assert_int_equal(check_as("auth-tls-match-cn", "CN=(a|b)"), 0);
	assert_int_not_equal(check_as("auth-tls-match-cn", "(a|b)"), 0);
	assert_int_not_equal(check_as("permanent-redirect",
		"https://x.com$request_uri"), 0);
	assert_int_equal(check_as("mirror-target",
		"https://x.com$request_uri"), 0);
	assert_int_equal(check_as("cors-allow-origin",
		"https://a.com, https://*.b.com:8443"), 0);
	assert_int_not_equal(check_as("upstream-vhost", "a b\nc"), 0);
}

/* Parsing annotations */

static void
test_defaults(void **state)
{
	struct fx *f = *state;

	run(f, "other.io/x: \"1\"");
	assert_int_equal(f->sink.len, 0);
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	assert_true(f->s.ssl_redirect);
	assert_false(f->s.use_regex);
	assert_null(f->s.rewrite_target);
	assert_int_equal(f->s.proxy_connect_timeout, 5);
	assert_int_equal(f->s.proxy_read_timeout, 60);
	assert_int_equal(f->s.proxy_body_size, 1 << 20);
	assert_int_equal(f->s.backend_protocol, PROV_NGINX_PROTO_HTTP);
	assert_int_equal(f->s.permanent_redirect_code, 301);
	assert_int_equal(f->s.temporal_redirect_code, 302);
	assert_int_equal(f->s.canary_weight_total, 100);
	assert_int_equal(f->s.cors_max_age, 1728000);
	assert_int_equal(f->s.cors_allow_origin.len, 1);
	assert_string_equal(f->s.cors_allow_origin.v[0], "*");
	assert_true(f->s.cors_allow_credentials);
	assert_int_equal(f->s.proxy_request_buffering, PROV_NGINX_ON);
	assert_int_equal(f->s.limit_burst_multiplier, 5);
	assert_string_equal(f->s.session_cookie_name, "INGRESSCOOKIE");
	assert_int_equal(f->s.affinity, -1);
	assert_true(f->s.enable_global_auth);
}

static void
test_valid_routing(void **state)
{
	struct fx *f = *state;

	run(f, P "rewrite-target: /$2\n"
		P "use-regex: \"true\"\n"
		P "ssl-redirect: \"false\"\n"
		P "force-ssl-redirect: \"True\"\n"
		P "app-root: /app\n"
		P "server-alias: \"b.example.com,a.example.com\"\n"
		P "upstream-vhost: internal.svc\n"
		P "x-forwarded-prefix: /api\n"
		P "enable-cors: \"true\"\n"
		P "cors-allow-origin: \"https://a.com, bad origin, "
		"https://*.b.com\"\n"
		P "proxy-read-timeout: \"3600\"\n"
		P "backend-protocol: GRPC\n"
		P "whitelist-source-range: 10.0.0.0/8\n"
		P "mirror-target: https://mirror.svc$request_uri");
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	assert_false(f->s.denied);
	assert_string_equal(f->s.rewrite_target, "/$2");
	assert_true(f->s.use_regex);
	assert_false(f->s.ssl_redirect);
	assert_true(f->s.force_ssl_redirect);
	assert_string_equal(f->s.app_root, "/app");
	assert_int_equal(f->s.server_alias.len, 2);
	assert_string_equal(f->s.server_alias.v[0], "a.example.com");
	assert_string_equal(f->s.upstream_vhost, "internal.svc");
	assert_string_equal(f->s.x_forwarded_prefix, "/api");
	assert_true(f->s.enable_cors);
	assert_int_equal(f->s.cors_allow_origin.len, 2);
	assert_string_equal(f->s.cors_allow_origin.v[1], "https://*.b.com");
	assert_int_equal(f->s.proxy_read_timeout, 3600);
	assert_int_equal(f->s.backend_protocol, PROV_NGINX_PROTO_GRPC);
	assert_int_equal(f->s.allowlist_source_range.len, 1);
	assert_string_equal(prov_nginx_slot(&f->s, "allowlist-source-range")
		->key, P "whitelist-source-range");
	assert_string_equal(f->s.mirror_host, "mirror.svc");
	assert_true(prov_nginx_is_set(&f->s, "use-regex"));
	/* The only diagnostic: the skipped origin. */
	assert_int_equal(f->sink.len, 1);
	assert_int_equal(f->sink.items[0].pos.line, 16);
}

static void
test_bool_invalid(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "use-regex: \"true\"\n"
		P "ssl-redirect: \"yes\"");
	assert_true(f->s.ssl_redirect);
	assert_int_equal(state_of(f, "ssl-redirect"), PROV_SLOT_DEFAULTED);
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	d = find_diag(f, "nginx/annotation-invalid");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->pos.file, "in.yaml");
	assert_int_equal(d->pos.line, 8);
	assert_non_null(strstr(d->msg, "'shop/web'"));
	assert_non_null(strstr(d->msg, P "ssl-redirect"));
	assert_non_null(strstr(d->msg, "default 'true'"));
}

static void
test_configmap_ssl_redirect(void **state)
{
	struct fx *f = *state;

	f->opt.ssl_redirect = false;
	run(f, P "ssl-redirect: \"maybe\"");
	assert_false(f->s.ssl_redirect);
	assert_int_equal(state_of(f, "ssl-redirect"), PROV_SLOT_DEFAULTED);
}

static void
test_redirect_code_fallback(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "permanent-redirect: https://new.example.com/\n"
		P "permanent-redirect-code: \"500\"");
	assert_string_equal(f->s.permanent_redirect,
		"https://new.example.com/");
	assert_int_equal(f->s.permanent_redirect_code, 301);
	assert_int_equal(state_of(f, "permanent-redirect-code"),
		PROV_SLOT_DEFAULTED);
	d = find_diag(f, "nginx/annotation-invalid");
	assert_non_null(d);
	assert_int_equal(d->pos.line, 8);
	assert_non_null(strstr(d->msg, "uses 301"));
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
}

static void
test_redirect_codes_kept(void **state)
{
	struct fx *f = *state;

	run(f, P "permanent-redirect: https://a.com\n"
		P "permanent-redirect-code: \"308\"\n"
		P "temporal-redirect: https://b.com\n"
		P "temporal-redirect-code: \"308\"");
	/* temporal wins; its code range ends at 307. */
	assert_string_equal(f->s.temporal_redirect, "https://b.com");
	assert_int_equal(f->s.temporal_redirect_code, 302);
	assert_null(f->s.permanent_redirect);
	assert_int_equal(state_of(f, "permanent-redirect"),
		PROV_SLOT_IGNORED);
}

static void
test_redirect_drop_and_group(void **state)
{
	struct fx *f = *state;

	run(f, P "permanent-redirect: https://a.com$request_uri");
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
	assert_string_equal(f->s.drop_key, "permanent-redirect");
	assert_int_equal(find_diag(f, "nginx/annotation-invalid")->severity,
		DIAG_ERROR);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "permanent-redirect-code: \"abc\"");
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
	teardown(state);
	setup(state);
	f = *state;
	/* A non-http temporal redirect switches off the redirect group. */
	run(f, P "from-to-www-redirect: \"true\"\n"
		P "temporal-redirect: ftp://files.example.com");
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	assert_true(f->s.redirect_ignored);
	assert_null(f->s.temporal_redirect);
	assert_false(f->s.from_to_www_redirect);
	assert_int_equal(state_of(f, "from-to-www-redirect"),
		PROV_SLOT_IGNORED);
}

static void
test_canary(void **state)
{
	struct fx *f = *state;

	run(f, P "canary: \"true\"\n"
		P "canary-by-header: X-Canary\n"
		P "canary-weight: \"30\"\n"
		P "canary-weight-total: \"1000\"");
	assert_true(f->s.is_canary);
	assert_string_equal(f->s.canary_by_header, "X-Canary");
	assert_int_equal(f->s.canary_weight, 30);
	assert_int_equal(f->s.canary_weight_total, 1000);
	assert_int_equal(f->sink.len, 0);
}

static void
test_canary_bounds(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "canary: \"true\"\n"
		P "canary-weight: \"150\"\n"
		P "canary-weight-total: \"50\"");
	assert_int_equal(f->s.canary_weight, 150);
	assert_int_equal(f->s.canary_weight_total, 100);
	d = find_diag(f, "nginx/canary-weight");
	assert_non_null(d);
	assert_int_equal(f->sink.len, 2);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "canary: \"true\"\n"
		P "canary-weight: \"ten\"");
	assert_int_equal(f->s.canary_weight, 0);
	assert_int_equal(state_of(f, "canary-weight"), PROV_SLOT_DEFAULTED);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "canary-weight: \"20\"");
	assert_false(f->s.is_canary);
	assert_true(f->s.canary_ignored);
	assert_int_equal(f->s.canary_weight, 0);
	assert_non_null(find_diag(f, "nginx/canary-not-enabled"));
}

static void
test_limits(void **state)
{
	struct fx *f = *state;

	run(f, P "limit-rps: \"0\"\n"
		P "limit-rpm: \"0\"");
	assert_int_equal(f->s.limit_rps, 0);
	assert_int_equal(f->s.limit_rpm, 0);
	assert_int_equal(f->sink.len, 0);
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "limit-rps: \"10\"\n"
		P "limit-burst-multiplier: \"x\"\n"
		P "limit-whitelist: 10.0.0.0/8");
	assert_int_equal(f->s.limit_rps, 10);
	assert_int_equal(f->s.limit_burst_multiplier, 5);
	assert_int_equal(f->s.limit_allowlist.len, 1);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "limit-rps: \"ten\"");
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
	assert_string_equal(f->s.drop_key, "limit-rps");
}

static void
test_timeouts_and_sizes(void **state)
{
	struct fx *f = *state;

	run(f, P "proxy-connect-timeout: \"5s\"\n"
		P "proxy-send-timeout: \"30\"\n"
		P "proxy-body-size: 8m\n"
		P "client-body-buffer-size: 1x");
	assert_int_equal(f->s.proxy_connect_timeout, 5);
	assert_int_equal(state_of(f, "proxy-connect-timeout"),
		PROV_SLOT_DEFAULTED);
	assert_int_equal(f->s.proxy_send_timeout, 30);
	assert_int_equal(f->s.proxy_body_size, 8 << 20);
	/* client-body-buffer-size returns its validation error. */
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
	assert_string_equal(f->s.drop_key, "client-body-buffer-size");
}

static void
test_access_and_auth(void **state)
{
	struct fx *f = *state;

	run(f, P "denylist-source-range: \"10.0.0.0/8, nonsense\"");
	assert_true(f->s.denied);
	assert_string_equal(f->s.deny_key, "denylist-source-range");
	assert_int_equal(f->s.denylist_source_range.len, 0);
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "auth-type: basic\n"
		P "auth-realm: Authentication Required");
	assert_true(f->s.denied);
	assert_string_equal(f->s.deny_key, "auth-secret");
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "auth-url: http://auth.svc/check\n"
		P "auth-cache-duration: \"200 5x\"");
	assert_true(f->s.auth_ignored);
	assert_null(f->s.auth_url);
	assert_int_equal(state_of(f, "auth-url"), PROV_SLOT_IGNORED);
	teardown(state);
	setup(state);
	f = *state;
	run(f, P "auth-url: \"https://auth.svc/check?x=$host\"\n"
		P "auth-method: FETCH");
	assert_true(f->s.denied);
	assert_string_equal(f->s.deny_key, "auth-method");
}

static void
test_unknown_and_prefixes(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "rewrite-targt: /\n"
		P "secure-backends: \"true\"\n"
		"traefik.ingress.kubernetes.io/router.priority: \"1\"\n"
		"ingress.kubernetes.io/ssl-redirect: \"false\"\n"
		"kubernetes.io/ingress.class: nginx");
	assert_int_equal(f->sink.len, 2);
	d = find_diag(f, "nginx/annotation-unknown");
	assert_non_null(d);
	assert_int_equal(d->pos.line, 7);
	assert_non_null(strstr(d->msg, "did you mean '" P "rewrite-target'"));
	d = find_diag(f, "nginx/annotation-removed");
	assert_non_null(d);
	assert_int_equal(d->pos.line, 8);
	assert_true(f->s.ssl_redirect);
}

static void
test_risk_and_snippets(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "configuration-snippet: |\n"
		"  more_set_headers \"X-A: b\";");
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
	d = find_diag(f, "nginx/annotation-too-risky");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_null(f->s.configuration_snippet);
	teardown(state);
	setup(state);
	f = *state;
	f->opt.max_risk = PROV_RISK_CRITICAL;
	run(f, P "server-snippet: \"return 418;\"");
	assert_int_equal(f->s.fate, PROV_NGINX_SERVED);
	assert_null(f->s.server_snippet);
	assert_non_null(find_diag(f, "nginx/snippet-disabled"));
	teardown(state);
	setup(state);
	f = *state;
	f->opt.max_risk = PROV_RISK_CRITICAL;
	f->opt.allow_snippets = true;
	run(f, P "server-snippet: \"return 418;\"");
	assert_string_equal(f->s.server_snippet, "return 418;");
	assert_int_equal(f->sink.len, 0);
	teardown(state);
	setup(state);
	f = *state;
	f->opt.max_risk = PROV_RISK_MEDIUM;
	run(f, P "server-alias: a.com");
	assert_int_equal(f->s.fate, PROV_NGINX_DROPPED);
}

static void
test_not_string(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	run(f, P "ssl-redirect: false\n"
		P "canary: \"true\"\n"
		P "canary-weight: 10");
	assert_false(f->s.ssl_redirect);
	assert_int_equal(f->s.canary_weight, 10);
	d = find_diag(f, "nginx/annotation-not-string");
	assert_non_null(d);
	assert_int_equal(f->sink.len, 2);
	assert_true(f->sink.items[0].pos.line == 9 &&
		f->sink.items[1].pos.line == 7);
}

static void
test_empty_and_alias_conflict(void **state)
{
	struct fx *f = *state;

	run(f, P "upstream-vhost: \"\"\n"
		P "allowlist-source-range: 10.0.0.0/8\n"
		P "whitelist-source-range: 192.168.0.0/16");
	assert_null(f->s.upstream_vhost);
	assert_int_equal(state_of(f, "upstream-vhost"), PROV_SLOT_IGNORED);
	assert_int_equal(f->s.allowlist_source_range.len, 1);
	assert_string_equal(f->s.allowlist_source_range.v[0], "10.0.0.0/8");
	assert_non_null(find_diag(f, "nginx/annotation-alias"));
}

static void
test_not_a_map(void **state)
{
	struct fx *f = *state;
	struct doc_set *set = doc_set_new(NULL);
	const char *y = "metadata:\n  annotations: [a, b]\n";
	const struct doc_node *ann;

	assert_int_equal(doc_set_parse(set, "x.yaml", y, strlen(y),
		&f->sink), 0);
	ann = doc_path(doc_set_root(set, 0), "metadata.annotations");
	assert_int_equal(prov_nginx_parse(&f->s, &f->arena, set, ann, "a",
		"b", NULL, &f->sink), ERR_INVALID);
	assert_int_equal(f->sink.len, 1);
	assert_int_equal(prov_nginx_parse(&f->s, &f->arena, set, NULL, "a",
		"b", NULL, &f->sink), 0);
	doc_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_value_kinds),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_routing, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_bool_invalid, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_configmap_ssl_redirect,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirect_code_fallback,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirect_codes_kept, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_redirect_drop_and_group,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_canary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canary_bounds, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts_and_sizes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_access_and_auth, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_prefixes,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_risk_and_snippets, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_not_string, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_alias_conflict,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_map, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
