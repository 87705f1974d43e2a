/*
 * Reading the operands of a command: files, directories and stdin, parsed
 * into one doc_set and collected as Kubernetes objects.
 */
#ifndef ING2GW_CLI_INPUT_H
#define ING2GW_CLI_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"
#include "output.h"

/* A regular file read, by device and inode: outputs must not be one. */
struct cli_input_file {
	char *name;
	dev_t dev;
	ino_t ino;
};

struct cli_input {
	struct doc_set *set;
	struct k8s_objects objects;
	size_t nsources;
	struct cli_input_file *files;
	size_t nfiles;
};

/*
 * With no operands, reads stdin unless it is a terminal (then returns
 * EXIT_ERROR after a usage message). Errors in the input are added to sink
 * as input errors; the caller checks sink->input_errors.
 * Returns 0, or EXIT_ERROR for a usage error.
 */
int cli_input_load(struct cli_input *in, const char *command, char **args,
	size_t nargs, struct diag_sink *sink);
void cli_input_release(struct cli_input *in);
/* Adds a file the command reads besides its operands (a configuration). */
void cli_input_add_file(struct cli_input *in, const char *name);
/*
 * An output that would replace a file the command read (compared by
 * device and inode, so through links too): prints why and returns
 * EXIT_ERROR; else 0.
 */
int cli_input_check_output(const struct cli_input *in,
	const struct cli_output *out, const char *command);

#endif
