#include "compat.h"
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "options.h"
#include "source.h"

/* Records name (stdin for "-") when it is a regular file. */
static void
add_file(struct cli_input *in, const char *name)
{
	struct stat st;

	if ((strcmp(name, SOURCE_STDIN) ? stat(name, &st) : fstat(0, &st)) < 0 ||
	    !S_ISREG(st.st_mode))
		return;
	in->files = xrealloc(in->files, (in->nfiles + 1) * sizeof(*in->files));
	in->files[in->nfiles++] = (struct cli_input_file){
		xstrdup(source_display_name(name)), st.st_dev, st.st_ino };
}

void
cli_input_add_file(struct cli_input *in, const char *name)
{
	add_file(in, name);
}

int
cli_input_check_output(const struct cli_input *in,
	const struct cli_output *out, const char *command)
{
	for (size_t i = 0; out->exists && i < in->nfiles; i++)
		if (in->files[i].dev == out->dev &&
		    in->files[i].ino == out->ino) {
			fprintf(stderr, "ing2gw %s: -o '%s' is the input '%s' "
				"(the same file): writing it would destroy "
				"the input; nothing was written\n", command,
				out->path, in->files[i].name);
			return EXIT_ERROR;
		}
	return 0;
}

int
cli_input_load(struct cli_input *in, const char *command, char **args,
	size_t nargs, struct diag_sink *sink)
{
	static char *stdin_arg[] = { SOURCE_STDIN };
	struct source_list list = SOURCE_LIST_INIT;
	struct doc_limits limits = doc_limits_default();

	memset(in, 0, sizeof(*in));
	if (!nargs) {
		if (isatty(0))
			return cli_usage_error(command, "no input: give files "
				"or directories, or pipe YAML or JSON into "
				"standard input");
		args = stdin_arg;
		nargs = 1;
	}
	in->set = doc_set_new(&limits);
	source_list_expand(&list, args, nargs, sink);
	for (size_t i = 0; i < list.len; i++) {
		const char *name = list.names[i];
		char *buf;
		size_t len;

		add_file(in, name);
		if (source_read(name, limits.max_input_bytes, &buf, &len, sink))
			continue;
		doc_set_parse(in->set, source_display_name(name), buf, len,
			sink);
		free(buf);
		in->nsources++;
	}
	source_list_release(&list);
	doc_set_parse_done(in->set);
	if (!sink->input_errors)
		k8s_objects_collect(&in->objects, in->set, sink);
	return 0;
}

void
cli_input_release(struct cli_input *in)
{
	k8s_objects_release(&in->objects);
	doc_set_free(in->set);
	in->set = NULL;
	for (size_t i = 0; i < in->nfiles; i++)
		free(in->files[i].name);
	free(in->files);
	in->files = NULL;
	in->nfiles = 0;
}
