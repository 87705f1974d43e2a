/*
 * replay/samples: the sample readers (JSON Lines, YAML through libcyaml,
 * ingress-nginx access logs in the default or a given log_format) on an
 * arbitrary file. The first byte selects:
 *
 *	bits 0-1	format: auto, JSON Lines, YAML, access log
 *	bit 2		the next line is the base URL (--base-url)
 *	bit 3		the next line is the nginx log_format (--log-format)
 *
 * and the rest is the file, which the readers open by name: it is written
 * to one temporary file, rewritten for every input.
 */
#include "compat.h"
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samples.h"

static char tmp_path[64];

static void
remove_tmp(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
}

static const char *
write_tmp(const char *data, size_t size)
{
	int fd;

	if (!tmp_path[0]) {
		const char *dir = getenv("TMPDIR");

		if (!dir || strlen(dir) > 32)
			dir = "/tmp";
		snprintf(tmp_path, sizeof(tmp_path), "%s/ing2gw-fuzz-XXXXXX",
			dir);
		fd = mkstemp(tmp_path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_tmp);
	}
	fd = open(tmp_path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		abort();
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n <= 0)
			abort();
		data += n;
		size -= (size_t)n;
	}
	close(fd);
	return tmp_path;
}

/* The next line of [*p, end) as a new string; NULL at the end. */
static char *
take_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	char *line;

	if (!nl)
		nl = end;
	line = xstrndup(*p, (size_t)(nl - *p));
	*p = nl < end ? nl + 1 : end;
	return line;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct replay_samples_opts opts = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct replay_samples *r = NULL;
	struct replay_sample s;
	char *base = NULL, *fmt = NULL;
	unsigned char sel = 0;
	const char *path;

	if (size)
		sel = (unsigned char)*p++;
	opts.format = (enum replay_samples_format)(sel & 3);
	if (sel & 4)
		opts.base_url = base = take_line(&p, end);
	if (sel & 8)
		opts.log_format = fmt = take_line(&p, end);
	path = write_tmp(p, (size_t)(end - p));
	replay_sample_init(&s);
	if (!replay_samples_open(&r, path, &opts, &sink)) {
		/* bounded: each sample takes at least one byte */
		for (size_t i = 0; i <= size; i++) {
			if (replay_samples_next(r, &s) <= 0)
				break;
			(void)replay_request_header(&s.req, "host");
		}
		(void)replay_samples_bad(r);
		(void)replay_samples_format(r);
	}
	replay_sample_release(&s);
	diag_sort(&sink);
	diag_sink_release(&sink);
	replay_samples_close(r);
	free(base);
	free(fmt);
	return 0;
}
