/* Unit tests of model/: documents with positions, limits, emitters. */
#include "compat.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include "diag.h"
#include "doc.h"
#include "emit.h"
#include "ingress.h"
#include "k8s.h"

struct parsed {
	struct doc_set *set;
	struct diag_sink sink;
	int rc;
};

static void
parse(struct parsed *p, const char *file, const char *text)
{
	memset(p, 0, sizeof(*p));
	p->set = doc_set_new(NULL);
	p->rc = doc_set_parse(p->set, file, text, strlen(text), &p->sink);
}

static void
release(struct parsed *p)
{
	diag_sink_release(&p->sink);
	doc_set_free(p->set);
}

static void
test_positions(void **state)
{
	struct parsed p;
	const struct doc_node *root, *name;
	struct src_pos pos;

	(void)state;
	parse(&p, "a.yaml", "kind: Ingress\nmetadata:\n  name: web\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(doc_set_count(p.set), 1);
	root = doc_set_root(p.set, 0);
	name = doc_path(root, "metadata.name");
	assert_string_equal(doc_str(name), "web");
	pos = doc_pos(p.set, name);
	assert_string_equal(pos.file, "a.yaml");
	assert_int_equal(pos.line, 3);
	assert_int_equal(pos.col, 9);
	release(&p);
}

/* A kubectl List: the server's fields go, the rest keeps its places. */
static void
test_skip_server_fields(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"items:\n"
		"- kind: Ingress\n"
		"  metadata:\n"
		"    name: web\n"
		"    uid: 1234\n"
		"    managedFields:\n"
		"    - manager: kubectl\n"
		"      fieldsV1: {f:spec: {}}\n"
		"    resourceVersion: \"9\"\n"
		"    creationTimestamp: \"2025-01-01T00:00:00Z\"\n"
		"  spec:\n"
		"    status: kept\n"
		"  status:\n"
		"    loadBalancer:\n"
		"      ingress: [{ip: 203.0.113.1}]\n"
		"- kind: Service\n"
		"  metadata: {name: svc, generation: 3}\n"
		"  status: {}\n"
		"kind: List\n"
		"metadata:\n"
		"  resourceVersion: \"\"\n"
		"status: x\n";
	struct parsed p;
	const struct doc_node *root, *web, *svc;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.set = doc_set_new(NULL);
	doc_set_skip_server_fields(p.set);
	p.rc = doc_set_parse(p.set, "l.yaml", text, strlen(text), &p.sink);
	assert_int_equal(p.rc, 0);
	root = doc_set_root(p.set, 0);
	assert_null(doc_get(root, "status"));
	assert_null(doc_path(root, "metadata.resourceVersion"));
	assert_string_equal(doc_str(doc_get(root, "kind")), "List");
	web = doc_item(doc_get(root, "items"), 0);
	svc = doc_item(doc_get(root, "items"), 1);
	assert_null(doc_get(web, "status"));
	assert_null(doc_path(web, "metadata.uid"));
	assert_null(doc_path(web, "metadata.managedFields"));
	assert_null(doc_path(web, "metadata.resourceVersion"));
	assert_string_equal(doc_str(doc_path(web, "metadata.name")), "web");
	assert_int_equal(doc_pos(p.set, doc_path(web,
		"metadata.creationTimestamp")).line, 11);
	/* a field of that name deeper in is data */
	assert_string_equal(doc_str(doc_path(web, "spec.status")), "kept");
	assert_int_equal(doc_len(doc_get(web, "metadata")), 2);
	assert_null(doc_get(svc, "status"));
	assert_null(doc_path(svc, "metadata.generation"));
	assert_string_equal(doc_str(doc_path(svc, "metadata.name")), "svc");
	release(&p);

	/* without the call, everything is kept */
	parse(&p, "l.yaml", text);
	assert_int_equal(p.rc, 0);
	root = doc_set_root(p.set, 0);
	web = doc_item(doc_get(root, "items"), 0);
	assert_non_null(doc_get(web, "status"));
	assert_non_null(doc_path(web, "metadata.managedFields"));
	release(&p);
}

/* A wordless sink keeps what audit counts, and no text. */
static void
test_diag_wordless(void **state)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct src_pos at = { "a.yaml", 3, 5 };

	(void)state;
	diag_sink_wordless(&sink);
	diag_add(&sink, DIAG_WARNING, "convert/x", at, "value '%s'", "v");
	diag_add_note(&sink, at, "note %d", 1);
	assert_int_equal(sink.len, 1);
	assert_int_equal(sink.items[0].severity, DIAG_WARNING);
	assert_string_equal(sink.items[0].rule, "convert/x");
	assert_int_equal(sink.items[0].pos.line, 3);
	assert_int_equal(sink.items[0].nnotes, 1);
	assert_null(sink.items[0].msg);
	assert_string_equal(diag_message(&sink.items[0], &sb), "");
	strbuf_release(&sb);
	diag_sink_release(&sink);
}

static void
test_multi_document_and_empty(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "m.yaml", "---\na: 1\n---\n---\nb: 2\n...\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(doc_set_count(p.set), 2);
	release(&p);
}

static void
test_syntax_error_position(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
	assert_int_equal(p.rc, ERR_PARSE);
	assert_int_equal(p.sink.input_errors, 1);
	assert_string_equal(p.sink.items[0].pos.file, "bad.yaml");
	assert_true(p.sink.items[0].pos.line >= 2);
	assert_int_equal(doc_set_count(p.set), 0);
	release(&p);
}

static void
test_json_positions_and_errors(void **state)
{
	struct parsed p;
	const struct doc_node *n;

	(void)state;
	parse(&p, "x.json", "{\n  \"kind\": \"List\",\n  \"items\": [\n"
		"    {\"port\": 80}\n  ]\n}\n");
	assert_int_equal(p.rc, 0);
	n = doc_get(doc_item(doc_get(doc_set_root(p.set, 0), "items"), 0),
		"port");
	assert_int_equal(doc_pos(p.set, n).line, 4);
	release(&p);

	parse(&p, "y.json", "{\"a\": 1,\n \"b\": [1, 2}\n");
	assert_int_equal(p.rc, ERR_PARSE);
	assert_int_equal(p.sink.input_errors, 1);
	assert_int_equal(p.sink.items[0].pos.line, 2);
	release(&p);
}

static void
test_duplicate_key(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "d.yaml", "a: 1\nb: 2\na: 3\n");
	assert_int_equal(p.rc, ERR_PARSE);
	assert_string_equal(p.sink.items[0].rule, "input/duplicate-key");
	assert_int_equal(p.sink.items[0].pos.line, 3);
	release(&p);
}

static void
test_alias_bomb_refused(void **state)
{
	const char *bomb =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	struct parsed p;

	(void)state;
	parse(&p, "bomb.yaml", bomb);
	assert_int_equal(p.rc, ERR_LIMIT);
	assert_string_equal(p.sink.items[0].rule, "input/limit");
	release(&p);
}

static void
test_depth_limit(void **state)
{
	char buf[4096];
	size_t n = 0;
	struct parsed p;

	(void)state;
	for (int i = 0; i < 1000; i++)
		buf[n++] = '[';
	buf[n] = '\0';
	parse(&p, "deep.yaml", buf);
	assert_int_equal(p.rc, ERR_LIMIT);
	release(&p);
}

static void
test_scalars(void **state)
{
	struct parsed p;
	const struct doc_node *r;
	long long v;
	bool b;

	(void)state;
	parse(&p, "s.yaml", "n: 80\nq: \"80\"\nt: true\nz: ~\ne: ''\n");
	r = doc_set_root(p.set, 0);
	assert_true(doc_int(doc_get(r, "n"), &v));
	assert_int_equal(v, 80);
	assert_true(doc_get(r, "q")->flags & DOC_F_QUOTED);
	assert_true(doc_bool(doc_get(r, "t"), &b) && b);
	assert_true(doc_is_null(doc_get(r, "z")));
	assert_false(doc_is_null(doc_get(r, "e")));
	assert_null(doc_get(r, "missing"));
	release(&p);
}

static void
test_merge_key(void **state)
{
	struct parsed p;
	const struct doc_node *r;

	(void)state;
	parse(&p, "mk.yaml", "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n");
	assert_int_equal(p.rc, 0);
	r = doc_get(doc_set_root(p.set, 0), "d");
	assert_string_equal(doc_str(doc_get(r, "x")), "1");
	assert_string_equal(doc_str(doc_get(r, "y")), "3");
	release(&p);
}

static void
test_emit_quotes_ambiguous(void **state)
{
	struct arena a = ARENA_INIT;
	struct doc_node *o = doc_new_map(&a);
	struct strbuf sb = STRBUF_INIT;
	const struct doc_node *objs[1] = { o };

	(void)state;
	doc_map_add_str(&a, o, "s", "80");
	doc_map_add_int(&a, o, "n", 80);
	doc_map_add_str(&a, o, "b", "yes");
	doc_map_add_str(&a, o, "p", "plain");
	assert_int_equal(emit_objects(&sb, objs, 1, EMIT_YAML), 0);
	assert_string_equal(sb.buf, "---\ns: '80'\n'n': 80\nb: 'yes'\np: plain\n");
	strbuf_reset(&sb);
	assert_int_equal(emit_objects(&sb, objs, 1, EMIT_JSON), 0);
	assert_non_null(strstr(sb.buf, "\"s\": \"80\""));
	assert_non_null(strstr(sb.buf, "\"n\": 80"));
	assert_non_null(strstr(sb.buf, "\"kind\": \"List\""));
	strbuf_release(&sb);
	arena_release(&a);
}

/* Integers as "%lld" prints them; the words YAML would not read as text
 * are quoted, whatever their case, and only them. */
static void
test_emit_ints_and_words(void **state)
{
	static const char *const quoted[] = { "y", "N", "~", "no", "On",
		"YES", "off", "True", "NULL", ".inf", ".NaN", "false", "0x",
		"-a", "+1", "", "nULl" };
	static const char *const plain[] = { "yo", "nope", "tru", "offs",
		"falsey", "web", "a~b", "fa" };
	struct arena a = ARENA_INIT;
	struct doc_node *o = doc_new_map(&a);
	struct strbuf sb = STRBUF_INIT;
	const struct doc_node *objs[1] = { o };
	char want[64];

	(void)state;
	doc_map_add_int(&a, o, "a", LLONG_MIN);
	doc_map_add_int(&a, o, "b", LLONG_MAX);
	doc_map_add_int(&a, o, "c", 0);
	doc_map_add_int(&a, o, "d", -7);
	assert_int_equal(emit_objects(&sb, objs, 1, EMIT_YAML), 0);
	snprintf(want, sizeof(want), "---\na: %lld\nb: %lld\nc: 0\nd: -7\n",
		LLONG_MIN, LLONG_MAX);
	assert_string_equal(sb.buf, want);
	for (size_t i = 0; i < ARRAY_LEN(quoted); i++)
		assert_true(emit_needs_quotes(quoted[i], strlen(quoted[i])));
	for (size_t i = 0; i < ARRAY_LEN(plain); i++)
		assert_false(emit_needs_quotes(plain[i], strlen(plain[i])));
	strbuf_release(&sb);
	arena_release(&a);
}

static void
test_list_and_v1beta1(void **state)
{
	struct parsed p;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;

	(void)state;
	parse(&p, "l.yaml",
		"apiVersion: v1\nkind: List\nitems:\n"
		"- apiVersion: extensions/v1beta1\n  kind: Ingress\n"
		"  metadata: {name: old, namespace: shop}\n"
		"  spec:\n    backend: {serviceName: web, servicePort: http}\n"
		"    rules:\n    - host: a.example.com\n      http:\n"
		"        paths:\n        - backend: {serviceName: api, servicePort: 8080}\n"
		"- apiVersion: v1\n  kind: Service\n"
		"  metadata: {name: web, namespace: shop}\n"
		"  spec: {ports: [{name: http, port: 80}]}\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(k8s_objects_collect(&objs, p.set, &p.sink), 0);
	assert_int_equal(objs.len, 2);
	assert_int_equal(ing_world_load(&w, p.set, &objs, &p.sink), 0);
	assert_int_equal(w.ningresses, 1);
	assert_true(w.ingresses[0].has_default_backend);
	assert_string_equal(w.ingresses[0].default_backend.port_name, "http");
	assert_string_equal(w.ingresses[0].rules[0].paths[0].path, "/");
	assert_false(w.ingresses[0].rules[0].paths[0].type_given);
	assert_int_equal(w.ingresses[0].rules[0].paths[0].backend.port, 8080);
	assert_int_equal(w.nservices, 1);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	release(&p);
}

static void
test_missing_field_named(void **state)
{
	struct parsed p;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;

	(void)state;
	parse(&p, "mf.yaml",
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
		"metadata: {name: x}\nspec:\n  rules:\n  - host: a.io\n"
		"    http:\n      paths:\n      - path: /\n"
		"        backend: {service: {name: s, port: {number: 80}}}\n");
	k8s_objects_collect(&objs, p.set, &p.sink);
	assert_int_equal(ing_world_load(&w, p.set, &objs, &p.sink),
		ERR_INVALID);
	assert_non_null(strstr(p.sink.items[0].msg,
		"spec.rules[0].http.paths[0].pathType"));
	assert_int_equal(p.sink.items[0].pos.line, 9);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	release(&p);
}

/* A long quoted value is cut in the message, with its size; short ones,
 * apostrophes and the rest of the message are left as they are. */
static void
test_diag_long_value(void **state)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct src_pos pos = { "a.yaml", 1, 1 };
	size_t n = 1 << 20;
	char *big = xmalloc(n + 1);
	char want[160];

	(void)state;
	memset(big, 'a', n);
	/* a 3-byte character across the cut at 80 bytes */
	memcpy(big + 79, "\xe2\x80\xa6", 3);
	big[n] = '\0';
	diag_add(&sink, DIAG_ERROR, "x/y", pos, "host '%s' is the controller's "
		"and \"%s\" too, 'short' stays", big, big);
	snprintf(want, sizeof(want), "'%.79s\xe2\x80\xa6' (%zu bytes)", big, n);
	assert_non_null(strstr(sink.items[0].msg, want));
	assert_non_null(strstr(sink.items[0].msg, "is the controller's and \""));
	assert_non_null(strstr(sink.items[0].msg, "\" (1048576 bytes) too, "
		"'short' stays"));
	assert_true(strlen(sink.items[0].msg) < 300);
	/* a deferred message is cut alike when it is formatted */
	{
		struct diag_sink d = DIAG_SINK_INIT;
		struct strbuf sb = STRBUF_INIT;

		diag_sink_defer(&d);
		diag_add(&d, DIAG_ERROR, "x/y", pos, "host '%s' is the "
			"controller's and \"%s\" too, 'short' stays", big,
			big);
		assert_null(d.items[0].msg);
		assert_string_equal(diag_message(&d.items[0], &sb),
			sink.items[0].msg);
		strbuf_release(&sb);
		diag_sink_release(&d);
	}
	free(big);
	diag_sink_release(&sink);
}

/* A long message's headline ends at its last clause break within 120
 * bytes, outside quoted values; else at a word, with an ellipsis. */
static void
test_diag_headline(void **state)
{
	const char *m;
	size_t head, rest;
	bool ell;

	(void)state;
	m = "short message: kept whole";
	assert_int_equal(diag_headline(m, strlen(m), &rest, &ell), strlen(m));
	assert_int_equal(rest, strlen(m));
	m = "Ingress 'web/web': annotation 'nginx.ingress.kubernetes.io/"
		"enable-cors': converted to a CORS filter, which answers "
		"differently: ingress-nginx answered every OPTIONS request";
	head = diag_headline(m, strlen(m), &rest, &ell);
	assert_false(ell);
	assert_true(head <= DIAG_HEADLINE_MAX);
	assert_memory_equal(m + head, ", which", 7);
	assert_string_equal(m + rest, "which answers differently: "
		"ingress-nginx answered every OPTIONS request");
	/* a break inside a quoted value is not one */
	m = "value 'a; b; c; d; e; f; g; h; i; j; k; l; m; n; o; p; q; r; s; "
		"t; u; v; w; x; y; z; a' is too long for anything that reads "
		"it whole and more words here";
	head = diag_headline(m, strlen(m), &rest, &ell);
	assert_true(ell);
	assert_true(head < DIAG_HEADLINE_MAX - 3);
	assert_true(head > 80);		/* past the quoted value */
	assert_int_equal(m[head], ' ');
	assert_int_equal(rest, head + 1);
	/* one word longer than the limit: cut, never longer */
	{
		char word[300];

		memset(word, 'x', sizeof(word) - 1);
		word[sizeof(word) - 1] = '\0';
		head = diag_headline(word, strlen(word), &rest, &ell);
		assert_true(ell);
		assert_true(head + 3 <= DIAG_HEADLINE_MAX);
		assert_int_equal(rest, head);
	}
	/* " (" breaks before the parenthesis */
	m = "annotation 'nginx.ingress.kubernetes.io/proxy-body-size' "
		"converts only to an implementation-specific policy (EG "
		"BackendTrafficPolicy requestBuffer.limit)";
	head = diag_headline(m, strlen(m), &rest, &ell);
	assert_false(ell);
	assert_memory_equal(m + rest, "(EG", 3);
}

/*
 * A deferred sink formats a message when it is read: the same bytes as
 * vsnprintf, for every conversion the packer keeps and for those it
 * formats at once.
 */
static void
check_deferred(struct diag_sink *d, struct diag_sink *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
check_deferred(struct diag_sink *d, struct diag_sink *e, const char *fmt, ...)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_INFO, "test/x", (struct src_pos){ 0 }, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	diag_vadd(e, DIAG_INFO, "test/x", (struct src_pos){ 0 }, fmt, ap);
	va_end(ap);
	assert_null(e->items[e->len - 1].deferred);
	assert_string_equal(diag_message(&d->items[d->len - 1], &a),
		e->items[e->len - 1].msg);
	diag_add_message(&b, &d->items[d->len - 1]);
	assert_string_equal(b.buf ? b.buf : "", e->items[e->len - 1].msg);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void
test_deferred_messages(void **state)
{
	struct diag_sink d = DIAG_SINK_INIT, e = DIAG_SINK_INIT;
	struct strbuf a = STRBUF_INIT;
	char unterminated[3] = { 'a', 'b', 'c' };
	char big[3000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_sink_defer(&d);
	check_deferred(&d, &e, "plain text, no conversion");
	check_deferred(&d, &e, "host '%s' of '%s/%s': 100%%", "a.io", "ns",
		"name");
	check_deferred(&d, &e, "%d %i %u %x %X %o %c|", -5, 7, 4000000000u,
		255u, 255u, 8u, 'q');
	check_deferred(&d, &e, "%ld %lu %lld %llu %zu %zd %jd %td", -1L, 2UL,
		-3LL, 4ULL, (size_t)5, (ssize_t)-6, (intmax_t)7,
		(ptrdiff_t)-8);
	check_deferred(&d, &e, "%d %ld %lld %u %zu %i", INT_MIN, LONG_MIN,
		LLONG_MIN, UINT_MAX, SIZE_MAX, 0);
	check_deferred(&d, &e, "%hd %hhu %05d %-6d| %+d % d %#x", 70000, 300,
		42, 42, 42, 42, 42u);
	check_deferred(&d, &e, "%.3f %g %e %10.2f", 3.14159, 0.5, 1e10,
		2.0);
	check_deferred(&d, &e, "[%10s] [%-10s] [%.2s] [%.*s] [%*s] [%*.*s]",
		"right", "left", "truncated", 3, "abcdef", 6, "w", 5, 2,
		"xyz");
	check_deferred(&d, &e, "[%.*s] [%.3s]", 3, unterminated,
		unterminated);
	check_deferred(&d, &e, "[%.*s]", -1, "negative precision");
	check_deferred(&d, &e, "%s and %s", big, "more");
	check_deferred(&d, &e, "%s", "");
	check_deferred(&d, &e, "%p", (void *)&d);
	/* not packed (a position): formatted at once, the same text */
	check_deferred(&d, &e, "%2$s %1$s", "a", "b");
	assert_null(d.items[d.len - 1].deferred);
	assert_non_null(d.items[0].deferred);
	assert_null(d.items[0].msg);
	diag_add_note(&d, (struct src_pos){ 0 }, "note %s %zu", "n", (size_t)9);
	assert_string_equal(diag_note_message(&d.items[d.len - 1].notes[0],
		&a), "note n 9");
	diag_sink_release(&d);
	diag_sink_release(&e);
	strbuf_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_multi_document_and_empty),
		cmocka_unit_test(test_skip_server_fields),
		cmocka_unit_test(test_diag_wordless),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_json_positions_and_errors),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_alias_bomb_refused),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_merge_key),
		cmocka_unit_test(test_emit_quotes_ambiguous),
		cmocka_unit_test(test_emit_ints_and_words),
		cmocka_unit_test(test_list_and_v1beta1),
		cmocka_unit_test(test_missing_field_named),
		cmocka_unit_test(test_diag_long_value),
		cmocka_unit_test(test_diag_headline),
		cmocka_unit_test(test_deferred_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
