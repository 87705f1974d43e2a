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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_limit_names_kept),
		cmocka_unit_test(test_read_error_names_kept),
		cmocka_unit_test(test_walk_depth_names_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
