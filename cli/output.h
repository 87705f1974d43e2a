/*
 * Writing a command's result: stdout, or a file written to a temporary
 * name beside it and renamed, so a failed run never leaves part of a file.
 */
#ifndef ING2GW_CLI_OUTPUT_H
#define ING2GW_CLI_OUTPUT_H

#include <stddef.h>

/* path NULL or "-": stdout. Returns 0, or prints why and returns -1. */
int cli_output_write(const char *path, const char *data, size_t len);
/*
 * The same, the bytes written by fill as it makes them: to stdout, or to
 * the temporary file that becomes path once fill returns 0. fill writes
 * with cli_output_fd_write and returns 0, or -1 with errno set.
 */
int cli_output_produce(const char *path, int (*fill)(void *ctx, int fd),
	void *ctx);
/* Writes all of data to fd (retrying after EINTR): 0, or -1 and errno. */
int cli_output_fd_write(int fd, const char *data, size_t len);

#endif
