#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cyaml/cyaml.h>
#include <jansson.h>
#include <pcre2.h>
#include <yaml.h>

#include "config.h"
#include "commands.h"
#include "exitcode.h"
#include "fetch.h"
#include "options.h"
#include "output.h"
#include "similar.h"
#include "version.h"

#if HAVE_CURL
#include <curl/curl.h>
#endif

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s [--version] [--help] COMMAND [options] "
		"[FILE|DIR|URL|-]...\n\n"
		"Migrates Kubernetes Ingress to Gateway API, offline unless a "
		"URL or a cluster\noption is given.\n\ncommands:\n",
		cli_program);
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(f, "  %-12s %s\n", cli_commands[i].name,
			cli_commands[i].summary);
	fprintf(f, "\nRun '%s help COMMAND' for the options of a command.\n"
		"Exit status: 0 done, 1 findings at or above --fail-on, 2 usage "
		"or input error.\n", cli_program);
}

int
cmd_help(int argc, char **argv)
{
	const struct cli_command *c;
	char *args[3];

	if (argc < 2) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (argc > 2)
		return cli_usage_error("help", "give one command");
	c = cli_command_find(argv[1]);
	if (!c) {
		const char **names = xcalloc(cli_ncommands + 1,
			sizeof(*names));
		const char *near;

		for (size_t i = 0; i < cli_ncommands; i++)
			names[i] = cli_commands[i].name;
		near = similar_pick(argv[1], names);
		free(names);
		return near ? cli_usage_error("help", "'%s' is not an ing2gw "
			"command; did you mean '%s'?", argv[1], near) :
			cli_usage_error("help", "'%s' is not an ing2gw command",
			argv[1]);
	}
	if (c->run == cmd_help || c->run == cmd_version ||
	    c->run == cmd_completion) {
		printf("usage: %s %s%s\n\n%s.\n", cli_program, c->name,
			c->run == cmd_help ? " [COMMAND]" :
			c->run == cmd_completion ? " bash|zsh|fish" : "",
			c->summary);
		return EXIT_CLEAN;
	}
	args[0] = argv[1];
	args[1] = "--help";
	args[2] = NULL;
	return c->run(2, args);
}

int
cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error("version", "unexpected argument '%s'",
			argv[1]);
	printf("ing2gw %s (commit %s)\n", ING2GW_VERSION, ING2GW_COMMIT);
	printf("Gateway API %s (standard channel)\n",
		ING2GW_GATEWAY_API_VERSION);
	printf("features:");
#if HAVE_CURL
	printf(" curl %s (URL inputs, live cluster, shadow),",
		curl_version_info(CURLVERSION_NOW)->version);
#else
	printf(" no curl (no URL inputs, live cluster or shadow),");
#endif
	printf(" libyaml %s, libcyaml %s, jansson %s, pcre2 %d.%d\n",
		yaml_get_version_string(), cyaml_version_str, JANSSON_VERSION,
		PCRE2_MAJOR, PCRE2_MINOR);
	return EXIT_CLEAN;
}

/* "kubectl-ing2gw" (a kubectl plugin): usage lines say "kubectl ing2gw". */
static void
set_program(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	base = base ? base + 1 : argv0;
	if (base && !strncmp(base, "kubectl-", 8))
		cli_program = "kubectl ing2gw";
}

/*
 * What went through stdio meets a write error (a full disk, a closed
 * pipe) only when flushed: every command's output is checked here, and a
 * failed write is exit 2 whatever the command's own status.
 */
static int
close_stdout(int rc)
{
	/*
	 * ferror alone: an earlier flush failed and its errno is gone.
	 * EBADF from fclose: stdout was closed, and nothing was written.
	 */
	if (fflush(stdout) != 0)
		cli_output_stdout_failed(errno);
	else if (ferror(stdout))
		cli_output_stdout_failed(0);
	else if (fclose(stdout) != 0 && errno != EBADF)
		cli_output_stdout_failed(errno);
	else
		return rc;
	return EXIT_ERROR;
}

static int
run(int argc, char **argv)
{
	const struct cli_command *c;
	const char **names;
	const char *near;

	set_program(argv[0]);
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv + 1);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv + 1);
	if ((c = cli_command_find(argv[1])))
		return c->run(argc - 1, argv + 1);
	names = xcalloc(cli_ncommands + 1, sizeof(*names));
	for (size_t i = 0; i < cli_ncommands; i++)
		names[i] = cli_commands[i].name;
	near = similar_pick(argv[1], names);
	free(names);
	if (near)
		return cli_usage_error(NULL, "'%s' is not an ing2gw command; "
			"did you mean '%s'?", argv[1], near);
	return cli_usage_error(NULL, "'%s' is not an ing2gw command",
		argv[1]);
}

int
main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
