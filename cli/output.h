/*
 * Writing a command's result: stdout, or a file written to a temporary
 * name beside it and renamed, so a failed run never leaves part of a file.
 */
#ifndef ING2GW_CLI_OUTPUT_H
#define ING2GW_CLI_OUTPUT_H

#include <stddef.h>

/* path NULL or "-": stdout. Returns 0, or prints why and returns -1. */
int cli_output_write(const char *path, const char *data, size_t len);

#endif
