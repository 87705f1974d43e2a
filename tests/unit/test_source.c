/* Unit tests of model/source: reading inputs and walking directories. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "source.h"
#include "strbuf.h"

/* The caller frees its names before the report: the sink keeps copies. */
static void
check_read_error(const char *path, size_t max, int want_rc,
	const char *want_rule)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	char *name = xstrdup(path), *buf;
	size_t len;

	assert_int_equal(source_read(name, max, &buf, &len, &sink), want_rc);
	assert_null(buf);
	assert_int_equal(sink.input_errors, 1);
	assert_string_equal(sink.items[0].rule, want_rule);
	assert_ptr_not_equal(sink.items[0].pos.file, name);
	memset(name, 'x', strlen(name));
	free(name);
	assert_string_equal(sink.items[0].pos.file, path);
	diag_sink_release(&sink);
}

static void
test_read_limit_names_kept(void **state)
{
	(void)state;
	check_read_error("/dev/zero", 4096, ERR_LIMIT, "input/limit");
}

static void
test_read_error_names_kept(void **state)
{
	(void)state;
	/* reading /proc/self/mem from offset 0 fails with EIO */
	check_read_error("/proc/self/mem", 4096, ERR_IO, "input/read");
}

/* A scratch directory, removed (with what is below it) by rm_tree. */
static char *
scratch_dir(void)
{
	char tmpl[] = "/tmp/ing2gw-test-source.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void
rm_tree(const char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
}

static void
test_walk_depth_names_kept(void **state)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct source_list list = SOURCE_LIST_INIT;
	struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
	char *dir = scratch_dir();

	(void)state;
	strbuf_adds(&path, dir);
	for (int i = 0; i < 70; i++) {
		strbuf_adds(&path, "/d");
		assert_int_equal(mkdir(path.buf, 0755), 0);
		if (i == 64)
			strbuf_adds(&want, path.buf);
	}
	assert_int_equal(source_list_expand(&list, &dir, 1, &sink), ERR_IO);
	assert_int_equal(sink.input_errors, 1);
	/* the walk's paths are freed: the position is the sink's copy */
	assert_string_equal(sink.items[0].pos.file, want.buf);
	source_list_release(&list);
	diag_sink_release(&sink);
	rm_tree(dir);
	free(dir);
	strbuf_release(&path);
	strbuf_release(&want);
}

/* An empty directory: nothing found, nothing sorted (names is NULL). */
static void
test_walk_empty_dir(void **state)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct source_list list = SOURCE_LIST_INIT;
	char *dir = scratch_dir();

	(void)state;
	assert_int_equal(source_list_expand(&list, &dir, 1, &sink), 0);
	assert_int_equal(list.len, 0);
	assert_int_equal(sink.len, 0);
	source_list_release(&list);
	diag_sink_release(&sink);
	rm_tree(dir);
	free(dir);
}

static void
put_file(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/%s", dir, name);
	assert_non_null(f = fopen(path.buf, "w"));
	fputs("kind: Service\n", f);
	fclose(f);
	strbuf_release(&path);
}

static void
put_link(const char *dir, const char *name, const char *target)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	assert_int_equal(symlink(target, path.buf), 0);
	strbuf_release(&path);
}

static void
put_dir(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	assert_int_equal(mkdir(path.buf, 0755), 0);
	strbuf_release(&path);
}

/* The info of sink at root's path rel. */
static const struct diag *
info_at(const struct diag_sink *sink, const char *root, const char *rel)
{
	size_t n = strlen(root);

	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];

		if (d->severity == DIAG_INFO && d->pos.file &&
		    !strncmp(d->pos.file, root, n) &&
		    !strcmp(d->pos.file + n, rel))
			return d;
	}
	return NULL;
}

/*
 * Two loops (each a link to a directory above it) made the walk
 * exponential; now every directory is read once, each file listed once,
 * and each link that is not followed, or leaves the tree, is said.
 */
static void
test_walk_symlink_loops(void **state)
{
	struct diag_sink sink = DIAG_SINK_INIT;
	struct source_list list = SOURCE_LIST_INIT;
	char *dir = scratch_dir(), *other = scratch_dir();
	const struct diag *d;

	(void)state;
	put_file(dir, "top.yaml");
	put_dir(dir, "a");
	put_file(dir, "a/one.yaml");
	put_link(dir, "a/up", "..");
	put_dir(dir, "b");
	put_file(dir, "b/two.yaml");
	put_link(dir, "b/again", ".");
	put_link(dir, "b/sibling", "../a");
	put_file(other, "far.yaml");
	put_link(other, "back", dir);
	put_link(dir, "out", other);

	assert_int_equal(source_list_expand(&list, &dir, 1, &sink), 0);
	assert_int_equal(sink.input_errors, 0);
	/* top, a/one, b/two and out/far: once each, sorted */
	assert_int_equal(list.len, 4);
	assert_non_null(strstr(list.names[0], "/a/one.yaml"));
	assert_non_null(strstr(list.names[1], "/b/two.yaml"));
	assert_non_null(strstr(list.names[2], "/out/far.yaml"));
	assert_non_null(strstr(list.names[3], "/top.yaml"));

	assert_non_null(d = info_at(&sink, dir, "/a/up"));
	assert_string_equal(d->rule, "input/symlink");
	assert_non_null(strstr(d->msg, "(a loop)"));
	assert_non_null(d = info_at(&sink, dir, "/b/sibling"));
	assert_non_null(strstr(d->msg, "already read"));
	assert_non_null(d = info_at(&sink, dir, "/b/again"));
	assert_non_null(strstr(d->msg, "(a loop)"));
	assert_non_null(d = info_at(&sink, dir, "/out"));
	assert_non_null(strstr(d->msg, "outside"));
	assert_non_null(d = info_at(&sink, dir, "/out/back"));
	assert_non_null(strstr(d->msg, "(a loop)"));
	source_list_release(&list);
	diag_sink_release(&sink);
	rm_tree(dir);
	rm_tree(other);
	free(dir);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_limit_names_kept),
		cmocka_unit_test(test_read_error_names_kept),
		cmocka_unit_test(test_walk_depth_names_kept),
		cmocka_unit_test(test_walk_empty_dir),
		cmocka_unit_test(test_walk_symlink_loops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
