#include "compat.h"
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static void
list_add(struct source_list *l, const char *name)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->names = xrealloc(l->names, l->cap * sizeof(*l->names));
	}
	l->names[l->len++] = xstrdup(name);
}

static int
has_input_suffix(const char *name)
{
	static const char *const sfx[] = { ".yaml", ".yml", ".json" };
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_LEN(sfx); i++) {
		size_t m = strlen(sfx[i]);

		if (n > m && !strcmp(name + n - m, sfx[i]))
			return 1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A path's position: a copy the sink keeps, as the path goes first. */
static struct src_pos
path_pos(struct diag_sink *sink, const char *path)
{
	struct src_pos p = { diag_sink_keep(sink, path), 0, 0 };
	return p;
}

/* Collects the matching files below dir (not sorted yet). */
static int
walk(struct source_list *out, const char *dir, unsigned depth,
	struct diag_sink *sink)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > 64) {
		diag_input_error(sink, "input/read", path_pos(sink, dir),
			"directories nested more than 64 levels deep");
		return ERR_LIMIT;
	}
	if (!(d = opendir(dir))) {
		diag_input_error(sink, "input/read", path_pos(sink, dir),
			"cannot read directory: %s", strerror(errno));
		return ERR_IO;
	}
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;	/* ., .., and hidden files like .git */
		strbuf_addf(&path, "%s%s%s", dir,
			dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path.buf, &st) < 0) {
			/* A dangling link is not an input. */
		} else if (S_ISDIR(st.st_mode)) {
			int r = walk(out, path.buf, depth + 1, sink);

			if (r && !rc)
				rc = r;
		} else if (S_ISREG(st.st_mode) && has_input_suffix(e->d_name)) {
			list_add(out, path.buf);
		}
		strbuf_release(&path);
	}
	closedir(d);
	return rc;
}

int
source_list_expand(struct source_list *out, char *const *args, size_t nargs,
	struct diag_sink *sink)
{
	int rc = 0;

	for (size_t i = 0; i < nargs; i++) {
		struct stat st;
		size_t first = out->len;

		if (!strcmp(args[i], SOURCE_STDIN)) {
			list_add(out, SOURCE_STDIN);
			continue;
		}
		if (stat(args[i], &st) < 0) {
			diag_input_error(sink, "input/read",
				path_pos(sink, args[i]), "cannot read '%s': %s",
				args[i], strerror(errno));
			rc = ERR_IO;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			list_add(out, args[i]);
			continue;
		}
		if (walk(out, args[i], 0, sink))
			rc = ERR_IO;
		qsort(out->names + first, out->len - first,
			sizeof(*out->names), cmp_str);
	}
	return rc;
}

void
source_list_release(struct source_list *list)
{
	for (size_t i = 0; i < list->len; i++)
		free(list->names[i]);
	free(list->names);
	list->names = NULL;
	list->len = list->cap = 0;
}

const char *
source_display_name(const char *name)
{
	return strcmp(name, SOURCE_STDIN) ? name : "<stdin>";
}

int
source_read(const char *name, size_t max, char **buf_out, size_t *len_out,
	struct diag_sink *sink)
{
	const char *shown = source_display_name(name);
	int fd = strcmp(name, SOURCE_STDIN) ? open(name, O_RDONLY) : 0;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	*buf_out = NULL;
	*len_out = 0;
	if (fd < 0) {
		diag_input_error(sink, "input/read", path_pos(sink, shown),
			"cannot read '%s': %s", shown, strerror(errno));
		return ERR_IO;
	}
	for (;;) {
		ssize_t n;

		strbuf_grow(&sb, 65536);
		n = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_input_error(sink, "input/read",
				path_pos(sink, shown), "cannot read '%s': %s",
				shown, strerror(errno));
			rc = ERR_IO;
			break;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
		sb.buf[sb.len] = '\0';
		if (sb.len > max) {
			diag_input_error(sink, "input/limit",
				path_pos(sink, shown), "'%s' is larger than "
				"the limit of %zu bytes", shown, max);
			rc = ERR_LIMIT;
			break;
		}
	}
	if (fd != 0)
		close(fd);
	if (rc) {
		strbuf_release(&sb);
		return rc;
	}
	*buf_out = strbuf_detach(&sb, len_out);
	return 0;
}
