#include "compat.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static int
write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fail(const char *path, int err)
{
	fprintf(stderr, "ing2gw: cannot write '%s': %s\n", path,
		strerror(err));
	return -1;
}

/*
 * The file path's symbolic links end at (which may not exist yet: a
 * dangling link's target is created), or NULL with errno set.
 */
static char *
resolve(const char *path)
{
	struct strbuf p = STRBUF_INIT;

	strbuf_adds(&p, path);
	for (int hops = 0;; hops++) {
		char link[PATH_MAX];
		struct stat st;
		ssize_t n;
		char *slash;

		if (lstat(p.buf, &st) < 0 || !S_ISLNK(st.st_mode))
			return strbuf_detach(&p, NULL);
		if (hops == 40 ||
		    (n = readlink(p.buf, link, sizeof(link))) < 0 ||
		    (size_t)n == sizeof(link)) {
			if (hops == 40)
				errno = ELOOP;
			else if (n >= 0)
				errno = ENAMETOOLONG;
			strbuf_release(&p);
			return NULL;
		}
		/* a relative target is relative to the link's directory */
		slash = strrchr(p.buf, '/');
		if (link[0] == '/' || !slash)
			strbuf_reset(&p);
		else
			p.len = (size_t)(slash + 1 - p.buf);
		strbuf_add(&p, link, (size_t)n);
	}
}

/*
 * The temporary file an interrupted run must not leave behind: the
 * handler removes it (unlink is async-signal-safe) and dies of the same
 * signal. Set and cleared with the signals blocked.
 */
static const char *volatile pending_tmp;
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void
on_fatal_signal(int sig)
{
	const char *tmp = pending_tmp;

	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Sets pending_tmp (NULL: none); the first time, installs the handler. */
static void
set_pending(const char *tmp)
{
	static bool installed;
	sigset_t all, old;

	sigemptyset(&all);
	for (size_t i = 0; i < ARRAY_LEN(fatal_signals); i++)
		sigaddset(&all, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (size_t i = 0; tmp && !installed && i < ARRAY_LEN(fatal_signals);
	    i++) {
		struct sigaction sa, prev;

		/* a signal the caller ignores (nohup, a background job)
		 * stays ignored */
		if (sigaction(fatal_signals[i], NULL, &prev) == 0 &&
		    prev.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(fatal_signals[i], &sa, NULL);
	}
	installed = installed || tmp;
	pending_tmp = tmp;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
release(struct cli_output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	if (o->tmp && pending_tmp == o->tmp)
		set_pending(NULL);
	free(o->tmp);
	free(o->target);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}

int
cli_output_open(struct cli_output *o, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (!path || !strcmp(path, "-")) {
		o->how = CLI_OUT_STDOUT;
		return 0;
	}
	o->path = path;
	if (!(o->target = resolve(path)))
		return fail(path, errno);
	if (stat(o->target, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			release(o);
			return fail(path, EISDIR);
		}
		if (!S_ISREG(st.st_mode)) {
			/* opened when written: a FIFO blocks until read */
			o->how = CLI_OUT_DIRECT;
			return 0;
		}
		o->exists = true;
		o->dev = st.st_dev;
		o->ino = st.st_ino;
		o->mode = st.st_mode & 07777;
		o->uid = st.st_uid;
		o->gid = st.st_gid;
		if (st.st_nlink > 1) {
			o->how = CLI_OUT_IN_PLACE;
			if ((o->fd = open(o->target, O_WRONLY)) < 0) {
				int err = errno;

				release(o);
				return fail(path, err);
			}
			return 0;
		}
	} else if (errno != ENOENT) {
		int err = errno;

		release(o);
		return fail(path, err);
	}
	o->how = CLI_OUT_RENAME;
	strbuf_addf(&tmp, "%s.tmpXXXXXX", o->target);
	/* from the file's creation on, a signal removes it */
	set_pending(tmp.buf);
	if ((o->fd = mkstemp(tmp.buf)) < 0) {
		int err = errno;

		set_pending(NULL);
		strbuf_release(&tmp);
		release(o);
		return fail(path, err);
	}
	o->tmp = strbuf_detach(&tmp, NULL);
	return 0;
}

struct bytes {
	const char *data;
	size_t len;
};

static int
write_bytes(void *ctx, int fd)
{
	const struct bytes *b = ctx;

	return write_all(fd, b->data, b->len);
}

int
cli_output_fd_write(int fd, const char *data, size_t len)
{
	return write_all(fd, data, len);
}

/* The temporary file takes the place of the target. */
static int
commit_rename(struct cli_output *o, int (*fill)(void *, int), void *ctx)
{
	mode_t mode = o->mode;

	if (fill(ctx, o->fd) < 0 || fsync(o->fd) < 0)
		return -1;
	if (o->exists) {
		/* chown clears set-id bits: owner first, then mode */
		if (fchown(o->fd, o->uid, o->gid) < 0) {
			/* not ours to give away: the file becomes ours */
		}
	} else {
		/* mkstemp makes 0600; a new file gets 0666 less umask */
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(o->fd, mode) < 0 || close(o->fd) < 0) {
		o->fd = -1;
		return -1;
	}
	o->fd = -1;
	if (rename(o->tmp, o->target) < 0)
		return -1;
	set_pending(NULL);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

/*
 * Other hard links see the new content only if the file itself is
 * rewritten. The content is made in an anonymous temporary file first and
 * the space reserved, so a failure while producing it, or a full disk
 * (where the file system can tell), loses no byte of the old content.
 */
static int
commit_in_place(struct cli_output *o, int (*fill)(void *, int), void *ctx)
{
	FILE *spool = tmpfile();
	char buf[65536];
	off_t len;
	int sfd, err;
	ssize_t n;

	if (!spool)
		return -1;
	sfd = fileno(spool);
	if (fill(ctx, sfd) < 0 || (len = lseek(sfd, 0, SEEK_CUR)) < 0 ||
	    lseek(sfd, 0, SEEK_SET) < 0)
		goto fail;
	err = len ? posix_fallocate(o->fd, 0, len) : 0;
	if (err && err != EOPNOTSUPP && err != EINVAL) {
		errno = err;
		goto fail;
	}
	if (lseek(o->fd, 0, SEEK_SET) < 0)
		goto fail;
	while ((n = read(sfd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(o->fd, buf, (size_t)n) < 0)
			goto fail;
	}
	if (ftruncate(o->fd, len) < 0 || fsync(o->fd) < 0)
		goto fail;
	fclose(spool);
	return 0;
fail:
	err = errno;
	fclose(spool);
	errno = err;
	return -1;
}

int
cli_output_produce(struct cli_output *o, int (*fill)(void *ctx, int fd),
	void *ctx)
{
	int rc = 0;

	switch (o->how) {
	case CLI_OUT_STDOUT:
		fflush(stdout);		/* what stdio holds goes first */
		if (fill(ctx, 1) < 0) {
			cli_output_stdout_failed(errno);
			rc = -1;
		}
		break;
	case CLI_OUT_DIRECT: {
		int fd = open(o->target, O_WRONLY | O_NOCTTY);

		if (fd < 0 || fill(ctx, fd) < 0)
			rc = fail(o->path, errno);
		if (fd >= 0 && close(fd) < 0 && !rc)
			rc = fail(o->path, errno);
		break;
	}
	case CLI_OUT_IN_PLACE:
		if (commit_in_place(o, fill, ctx) < 0)
			rc = fail(o->path, errno);
		break;
	case CLI_OUT_RENAME:
		if (commit_rename(o, fill, ctx) < 0)
			rc = fail(o->path, errno);
		break;
	}
	release(o);
	return rc;
}

int
cli_output_commit(struct cli_output *o, const char *data, size_t len)
{
	struct bytes b = { data, len };

	return cli_output_produce(o, write_bytes, &b);
}

void
cli_output_abort(struct cli_output *o)
{
	release(o);
}

int
cli_output_write(const char *path, const char *data, size_t len)
{
	struct cli_output o;

	if (cli_output_open(&o, path) < 0)
		return -1;
	return cli_output_commit(&o, data, len);
}

void
cli_output_stdout_failed(int err)
{
	static bool said;

	if (said)
		return;
	said = true;
	fprintf(stderr, "ing2gw: cannot write to standard output%s%s\n",
		err ? ": " : "", err ? strerror(err) : "");
}
