/*
 * Reading the inputs of a command: files, directories, http(s) URLs,
 * standard input and the live cluster, parsed into one doc_set and
 * collected as Kubernetes objects.
 *
 * What is read, and what is skipped with an info diagnostic:
 * - a file that holds no Kubernetes object (package.json, a Helm
 *   values.yaml) -- input/not-kubernetes;
 * - a Helm template (Go template actions, "{{ .Values.x }}") --
 *   input/helm-template: render it with helm template first;
 * - a file matching an ignore: pattern of the configuration is not read;
 * - an object read twice is one object (k8s_objects_dedup).
 * Standard input may be named once.
 */
#ifndef ING2GW_CLI_INPUT_H
#define ING2GW_CLI_INPUT_H

#include <stdbool.h>
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

struct cli_cluster;

struct cli_input {
	struct doc_set *set;
	struct k8s_objects objects;
	size_t nsources;
	struct cli_input_file *files;
	size_t nfiles;
};

struct cli_input_opts {
	const char *stdin_name;		/* NULL: "<stdin>" */
	char *const *ignore;		/* fnmatch(3) patterns: not read */
	size_t nignore;
	const struct cli_cluster *cluster;	/* NULL, or read it */
	bool progress;			/* lines on a terminal's stderr */
};

/*
 * With no operands (and no cluster), reads stdin unless it is a terminal
 * (then returns EXIT_ERROR after a usage message). Errors in the input are
 * added to sink as input errors; the caller checks sink->input_errors.
 * Returns 0, or EXIT_ERROR for a usage error.
 */
int cli_input_load(struct cli_input *in, const char *command, char **args,
	size_t nargs, struct diag_sink *sink);
int cli_input_load_opts(struct cli_input *in, const char *command,
	char *const *args, size_t nargs, const struct cli_input_opts *opts,
	struct diag_sink *sink);
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

/* How many of args name standard input ("-"). */
size_t cli_input_count_stdin(char *const *args, size_t nargs);
/* Whether path matches one of the patterns (a leading "./" aside). */
bool cli_input_ignored(const char *path, char *const *patterns, size_t n);

#endif
