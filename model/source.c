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

/*
 * The directories of one argument's walk, by device and inode, each read
 * once: a symbolic link back up the tree, or a second way to a directory,
 * is not followed. Open addressing; the path is where it was read.
 */
struct seen_dir {
	dev_t dev;
	ino_t ino;
	char *path;		/* NULL: empty slot */
};

struct walk {
	struct source_list *out;
	struct diag_sink *sink;
	struct seen_dir *seen;
	size_t nseen, cap;
	char **links;		/* links to directories, followed last */
	size_t nlinks;
};

static size_t
seen_slot(const struct walk *w, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15u) ^ (uint64_t)ino;
	size_t i = (size_t)(h * 0xff51afd7ed558ccdu >> 17) & (w->cap - 1);

	while (w->seen[i].path &&
	    (w->seen[i].dev != dev || w->seen[i].ino != ino))
		i = (i + 1) & (w->cap - 1);
	return i;
}

static const char *
seen_find(const struct walk *w, const struct stat *st)
{
	return w->cap ? w->seen[seen_slot(w, st->st_dev, st->st_ino)].path :
		NULL;
}

static void
seen_add(struct walk *w, const struct stat *st, const char *path)
{
	if (2 * (w->nseen + 1) > w->cap) {
		struct seen_dir *old = w->seen;
		size_t n = w->cap;

		w->cap = n ? 2 * n : 64;
		w->seen = xcalloc(w->cap, sizeof(*w->seen));
		for (size_t i = 0; i < n; i++)
			if (old[i].path)
				w->seen[seen_slot(w, old[i].dev,
					old[i].ino)] = old[i];
		free(old);
	}
	w->seen[seen_slot(w, st->st_dev, st->st_ino)] = (struct seen_dir){
		st->st_dev, st->st_ino, xstrdup(path) };
	w->nseen++;
}

static void
walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->cap; i++)
		free(w->seen[i].path);
	free(w->seen);
	for (size_t i = 0; i < w->nlinks; i++)
		free(w->links[i]);
	free(w->links);
}

/* The names in dir, sorted: the walk does not depend on readdir order. */
static int
read_names(const char *dir, struct source_list *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')	/* ., .., hidden like .git */
			list_add(names, e->d_name);
	closedir(d);
	if (names->len > 1)
		xqsort(names->names, names->len, sizeof(*names->names),
			cmp_str);
	return 0;
}

/*
 * Collects the matching files below dir (st is its stat), not sorted yet,
 * and the links to directories it holds (w->links), without following
 * them: the tree of real directories is read first.
 */
static int
walk(struct walk *w, const char *dir, const struct stat *st, unsigned depth)
{
	struct source_list names = SOURCE_LIST_INIT;
	int rc = 0;

	if (depth > 64) {
		diag_input_error(w->sink, "input/read", path_pos(w->sink, dir),
			"directories nested more than 64 levels deep");
		return ERR_LIMIT;
	}
	seen_add(w, st, dir);
	if (read_names(dir, &names) < 0) {
		diag_input_error(w->sink, "input/read", path_pos(w->sink, dir),
			"cannot read directory: %s", strerror(errno));
		return ERR_IO;
	}
	for (size_t i = 0; i < names.len; i++) {
		struct strbuf path = STRBUF_INIT;
		struct stat lst, tst;

		strbuf_addf(&path, "%s%s%s", dir,
			dir[strlen(dir) - 1] == '/' ? "" : "/", names.names[i]);
		if (lstat(path.buf, &lst) < 0 || stat(path.buf, &tst) < 0) {
			/* gone, or a dangling link: not an input */
		} else if (S_ISDIR(tst.st_mode) && S_ISLNK(lst.st_mode)) {
			w->links = xrealloc(w->links,
				(w->nlinks + 1) * sizeof(*w->links));
			w->links[w->nlinks++] = strbuf_detach(&path, NULL);
		} else if (S_ISDIR(tst.st_mode)) {
			int r = seen_find(w, &tst) ? 0 :
				walk(w, path.buf, &tst, depth + 1);

			if (r && !rc)
				rc = r;
		} else if (S_ISREG(tst.st_mode) &&
		    has_input_suffix(names.names[i])) {
			list_add(w->out, path.buf);
		}
		strbuf_release(&path);
	}
	source_list_release(&names);
	return rc;
}

/* 1 when path is below dir ("dir/..."). */
static int
is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' ||
		(n && dir[n - 1] == '/'));
}

/*
 * Walks root's tree, then follows the links to directories it found: one
 * to a directory already read (above it: a loop) is skipped, one to a
 * directory elsewhere is read like the tree, both said at the link.
 */
static int
walk_root(struct source_list *out, const char *root, const struct stat *st,
	struct diag_sink *sink)
{
	struct walk w = { .out = out, .sink = sink };
	int rc = walk(&w, root, st, 0);

	for (size_t i = 0; i < w.nlinks; i++) {
		const char *link = w.links[i];
		const char *seen;
		struct stat tst;
		unsigned depth = 1;
		int r;

		if (stat(link, &tst) < 0)
			continue;
		if ((seen = seen_find(&w, &tst))) {
			diag_add(sink, DIAG_INFO, "input/symlink",
				path_pos(sink, link), "symbolic link to "
				"directory '%s', %s: not followed", seen,
				is_below(link, seen) ? "which contains it "
				"(a loop)" : "already read");
			continue;
		}
		diag_add(sink, DIAG_INFO, "input/symlink",
			path_pos(sink, link), "symbolic link to a directory "
			"outside '%s': its files are read too", root);
		for (const char *p = link + strlen(root); *p; p++)
			depth += *p == '/';
		r = walk(&w, link, &tst, depth);
		if (r && !rc)
			rc = r;
	}
	walk_release(&w);
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
		if (walk_root(out, args[i], &st, sink))
			rc = ERR_IO;
		if (out->len > first)	/* names is NULL until a file is found */
			xqsort(out->names + first, out->len - first,
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
