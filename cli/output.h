/*
 * Writing a command's result: stdout, or -o FILE without losing what is
 * at FILE. A regular file is written to a temporary file beside it and
 * renamed onto it, keeping its mode and owner; a symbolic link is
 * followed, and its target written the same way; a regular file with
 * other hard links is rewritten in place, so they all see the result;
 * devices and FIFOs are written directly. A failed run leaves no partial
 * output.
 */
#ifndef ING2GW_CLI_OUTPUT_H
#define ING2GW_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum cli_output_how {
	CLI_OUT_STDOUT,
	CLI_OUT_RENAME,		/* temporary file renamed onto target */
	CLI_OUT_IN_PLACE,	/* a regular file with other hard links */
	CLI_OUT_DIRECT,		/* a device, FIFO or socket */
};

struct cli_output {
	enum cli_output_how how;
	const char *path;	/* as given; NULL for stdout */
	char *target;		/* path, or the file its links end at */
	char *tmp;		/* CLI_OUT_RENAME: the temporary file */
	int fd;			/* of tmp, -1 when none */
	bool exists;		/* target is an existing regular file: */
	dev_t dev;		/* its device and inode */
	ino_t ino;
	mode_t mode;		/* and its mode and owner, kept */
	uid_t uid;
	gid_t gid;
};

/*
 * Prepares to write path (NULL or "-": stdout): resolves its links and,
 * for a regular file, creates the temporary file beside the target now,
 * so an unwritable place fails before any work. Returns 0, or prints why
 * and returns -1.
 */
int cli_output_open(struct cli_output *o, const char *path);
/* Writes data and releases o. Returns 0, or prints why and returns -1. */
int cli_output_commit(struct cli_output *o, const char *data, size_t len);
/*
 * The same, with the content written by fill(ctx, fd) as it is made
 * (fill returns -1 with errno set on failure): nothing of it reaches the
 * target file unless all of it is made.
 */
int cli_output_produce(struct cli_output *o, int (*fill)(void *ctx, int fd),
	void *ctx);
/* Writes all of data to fd (0, or -1 with errno). */
int cli_output_fd_write(int fd, const char *data, size_t len);
/* Releases o without writing: the temporary file is removed. */
void cli_output_abort(struct cli_output *o);

/* Open, then commit. */
int cli_output_write(const char *path, const char *data, size_t len);

/*
 * Says that standard output cannot be written (err: the errno, 0 when
 * unknown), once: a write that fails and the flush at exit that fails
 * again are one problem.
 */
void cli_output_stdout_failed(int err);

#endif
