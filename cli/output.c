#include "compat.h"
#include "output.h"

#include <errno.h>
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
cli_output_write(const char *path, const char *data, size_t len)
{
	struct bytes b = { data, len };

	return cli_output_produce(path, write_bytes, &b);
}

int
cli_output_fd_write(int fd, const char *data, size_t len)
{
	return write_all(fd, data, len);
}

int
cli_output_produce(const char *path, int (*fill)(void *ctx, int fd),
	void *ctx)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, rc = -1;

	if (!path || !strcmp(path, "-")) {
		if (fill(ctx, 1) < 0) {
			fprintf(stderr, "ing2gw: cannot write to standard "
				"output: %s\n", strerror(errno));
			return -1;
		}
		return 0;
	}
	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		fprintf(stderr, "ing2gw: cannot write '%s': %s\n", path,
			strerror(errno));
		goto out;
	}
	if (fill(ctx, fd) < 0 || fsync(fd) < 0) {
		fprintf(stderr, "ing2gw: cannot write '%s': %s\n", path,
			strerror(errno));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	/* mkstemp makes 0600; an output file gets the usual 0644 less umask. */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	close(fd);
	if (rename(tmp.buf, path) < 0) {
		fprintf(stderr, "ing2gw: cannot write '%s': %s\n", path,
			strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&tmp);
	return rc;
}
