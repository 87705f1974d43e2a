/*
 * Reading the operands of a command: files, directories and stdin, parsed
 * into one doc_set and collected as Kubernetes objects.
 */
#ifndef ING2GW_CLI_INPUT_H
#define ING2GW_CLI_INPUT_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"

struct cli_input {
	struct doc_set *set;
	struct k8s_objects objects;
	size_t nsources;
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

#endif
