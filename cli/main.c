#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "commands.h"
#include "exitcode.h"
#include "options.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "audit", cmd_audit,
	  "the estate and what each target makes of it: step 1 of a "
	  "migration" },
	{ "convert", cmd_convert,
	  "convert Ingress objects to Gateway API objects" },
	{ "lint", cmd_lint, "check Gateway API (and Ingress) objects" },
	{ "route", cmd_route,
	  "route one request through a configuration, explained" },
	{ "replay", cmd_replay,
	  "replay requests through both configurations, report differences" },
	{ "annotations", cmd_annotations,
	  "list the annotations of a provider and how they convert" },
	{ "rules", cmd_rules, "list every diagnostic ing2gw can report" },
	{ "explain", cmd_explain,
	  "explain a diagnostic: what it means, an example, the fix" },
	{ "targets", cmd_targets,
	  "list the Gateway API implementations --target can name" },
};

static void
usage(FILE *f)
{
	fputs("usage: ing2gw [--version] [--help] COMMAND [options] [FILE|DIR|-]...\n\n"
		"Migrates Kubernetes Ingress to Gateway API, offline.\n\n"
		"commands:\n", f);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\nRun 'ing2gw COMMAND --help' for the options of a command.\n"
		"Exit status: 0 done, 1 findings at or above --fail-on, "
		"2 usage or input error.\n", f);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("ing2gw %s\n", ING2GW_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	return cli_usage_error(NULL, "'%s' is not an ing2gw command",
		argv[1]);
}
