/*
 * ing2gw completion bash|zsh|fish: the completion scripts, generated from
 * the option tables of the commands (cli/commands.c), so that a new
 * option completes without another edit. The build installs them
 * (meson.build); 'source <(ing2gw completion bash)' works too.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "convert.h"
#include "exitcode.h"
#include "options.h"

static const char *const shells[] = { "bash", "zsh", "fish", NULL };

/* A short, quote-free description: the help up to its first clause. */
static void
short_help(struct strbuf *out, const char *help, size_t max)
{
	size_t n = 0;

	for (const char *p = help; *p && n < max; p++) {
		if (*p == '(' || *p == ';' || *p == ':' ||
		    (*p == ',' && n > 20))
			break;
		if (*p == '\'' || *p == '"' || *p == '[' || *p == ']' ||
		    *p == '\\' || *p == '`' || *p == '$')
			continue;
		strbuf_addc(out, *p);
		n++;
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

static void
words(struct strbuf *out, const char *const *v)
{
	for (size_t i = 0; v[i]; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", v[i]);
}

static void
operand_words_bash(struct strbuf *out, const struct cli_command *c)
{
	if (!c->operands)
		return;
	if (!strcmp(c->operands, "rules"))
		strbuf_adds(out, "\t\tCOMPREPLY=($(compgen -W \"$(ing2gw rules "
			"2>/dev/null | cut -d' ' -f1)\" -- \"$cur\"))\n");
	else if (!strcmp(c->operands, "commands"))
		strbuf_adds(out, "\t\tCOMPREPLY=($(compgen -W \"$commands\" -- "
			"\"$cur\"))\n");
	else if (!strcmp(c->operands, "shells"))
		strbuf_adds(out, "\t\tCOMPREPLY=($(compgen -W \"bash zsh fish\" "
			"-- \"$cur\"))\n");
	else if (!strcmp(c->operands, "targets")) {
		strbuf_adds(out, "\t\tCOMPREPLY=($(compgen -W \"");
		words(out, conv_target_names);
		strbuf_adds(out, "\" -- \"$cur\"))\n");
	} else
		strbuf_adds(out, "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n");
}

static void
bash(struct strbuf *out)
{
	strbuf_adds(out, "# bash completion of ing2gw (ing2gw completion "
		"bash)\n_ing2gw() {\n"
		"\tlocal cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
		"\tlocal prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
		"\tlocal commands=\"");
	for (size_t i = 0; i < cli_ncommands; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", cli_commands[i].name);
	strbuf_adds(out, "\"\n\tlocal cmd= i\n"
		"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		"\t\tcase \"${COMP_WORDS[i]}\" in\n"
		"\t\t-*) ;;\n"
		"\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
		"\t\tesac\n\tdone\n"
		"\tif [ -z \"$cmd\" ]; then\n"
		"\t\tCOMPREPLY=($(compgen -W \"$commands --help --version\" "
		"-- \"$cur\"))\n\t\treturn\n\tfi\n"
		"\tcase \"$cmd\" in\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		const struct cli_option *t = NULL;
		size_t n = 0;

		if (c->options)
			t = c->options(&n);
		strbuf_addf(out, "\t%s)\n\t\tcase \"$prev\" in\n", c->name);
		for (size_t k = 0; k < n; k++) {
			if ((t[k].flags & CLI_OPT_HIDDEN) ||
			    t[k].arg != CLI_ARG_VALUE)
				continue;
			strbuf_adds(out, "\t\t");
			if (t[k].short_name)
				strbuf_addf(out, "-%c|", t[k].short_name);
			strbuf_addf(out, "--%s) ", t[k].long_name);
			if (t[k].choices) {
				strbuf_adds(out, "COMPREPLY=($(compgen -W \"");
				words(out, t[k].choices);
				strbuf_adds(out, "\" -- \"$cur\")); return ;;\n");
			} else if (t[k].flags & CLI_OPT_PATH) {
				strbuf_adds(out, "COMPREPLY=($(compgen -f -- "
					"\"$cur\")); return ;;\n");
			} else {
				strbuf_adds(out, "return ;;\n");
			}
		}
		strbuf_adds(out, "\t\tesac\n\t\tif [[ \"$cur\" == -* ]]; then\n"
			"\t\t\tCOMPREPLY=($(compgen -W \"");
		for (size_t k = 0, w = 0; k < n; k++) {
			if (t[k].flags & CLI_OPT_HIDDEN)
				continue;
			if (t[k].short_name)
				strbuf_addf(out, "%s-%c", w++ ? " " : "",
					t[k].short_name);
			strbuf_addf(out, "%s--%s", w++ ? " " : "",
				t[k].long_name);
		}
		strbuf_adds(out, "\" -- \"$cur\"))\n\t\t\treturn\n\t\tfi\n");
		operand_words_bash(out, c);
		strbuf_adds(out, "\t\t;;\n");
	}
	strbuf_adds(out, "\tesac\n}\n"
		"complete -o default -F _ing2gw ing2gw kubectl-ing2gw\n");
}

static void
zsh(struct strbuf *out)
{
	strbuf_adds(out, "#compdef ing2gw kubectl-ing2gw\n"
		"# zsh completion of ing2gw (ing2gw completion zsh)\n"
		"_ing2gw() {\n\tlocal -a commands\n\tcommands=(\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		struct strbuf h = STRBUF_INIT;

		short_help(&h, cli_commands[i].summary, 60);
		strbuf_addf(out, "\t\t'%s:%s'\n", cli_commands[i].name, h.buf);
		strbuf_release(&h);
	}
	strbuf_adds(out, "\t)\n\tif (( CURRENT == 2 )); then\n"
		"\t\t_describe 'command' commands\n\t\treturn\n\tfi\n"
		"\tlocal cmd=${words[2]}\n\tshift words\n\t(( CURRENT-- ))\n"
		"\tcase $cmd in\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		const struct cli_option *t = NULL;
		size_t n = 0;

		if (c->options)
			t = c->options(&n);
		strbuf_addf(out, "\t%s)\n\t\t_arguments -s", c->name);
		for (size_t k = 0; k < n; k++) {
			struct strbuf h = STRBUF_INIT;

			if (t[k].flags & CLI_OPT_HIDDEN)
				continue;
			short_help(&h, t[k].help, 60);
			strbuf_adds(out, " \\\n\t\t\t");
			if (t[k].short_name)
				strbuf_addf(out, "'(-%c --%s)'{-%c,--%s}'",
					t[k].short_name, t[k].long_name,
					t[k].short_name, t[k].long_name);
			else
				strbuf_addf(out, "'--%s", t[k].long_name);
			strbuf_addf(out, "[%s]", h.buf);
			if (t[k].arg == CLI_ARG_VALUE) {
				strbuf_addf(out, ":%s:", t[k].metavar ?
					t[k].metavar : "value");
				if (t[k].choices) {
					strbuf_adds(out, "(");
					words(out, t[k].choices);
					strbuf_adds(out, ")");
				} else if (t[k].flags & CLI_OPT_PATH) {
					strbuf_adds(out, "_files");
				} else {
					strbuf_adds(out, " ");
				}
			}
			strbuf_adds(out, "'");
			strbuf_release(&h);
		}
		if (c->operands && !strcmp(c->operands, "files"))
			strbuf_adds(out, " \\\n\t\t\t'*:file:_files'");
		else if (c->operands && !strcmp(c->operands, "commands")) {
			strbuf_adds(out, " \\\n\t\t\t'1:command:(");
			for (size_t k = 0; k < cli_ncommands; k++)
				strbuf_addf(out, "%s%s", k ? " " : "",
					cli_commands[k].name);
			strbuf_adds(out, ")'");
		}
		else if (c->operands && !strcmp(c->operands, "shells"))
			strbuf_adds(out, " \\\n\t\t\t'1:shell:(bash zsh fish)'");
		else if (c->operands && !strcmp(c->operands, "targets")) {
			strbuf_adds(out, " \\\n\t\t\t'1:target:(");
			words(out, conv_target_names);
			strbuf_adds(out, ")'");
		}
		else if (c->operands && !strcmp(c->operands, "rules"))
			strbuf_adds(out, " \\\n\t\t\t'*:rule:($(ing2gw rules "
				"2>/dev/null | cut -d\" \" -f1))'");
		strbuf_adds(out, "\n\t\t;;\n");
	}
	strbuf_adds(out, "\tesac\n}\n_ing2gw \"$@\"\n");
}

static void
fish(struct strbuf *out)
{
	strbuf_adds(out, "# fish completion of ing2gw (ing2gw completion "
		"fish)\ncomplete -c ing2gw -f\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		struct strbuf h = STRBUF_INIT;

		short_help(&h, cli_commands[i].summary, 60);
		strbuf_addf(out, "complete -c ing2gw -n __fish_use_subcommand "
			"-a %s -d '%s'\n", cli_commands[i].name, h.buf);
		strbuf_release(&h);
	}
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		const struct cli_option *t = NULL;
		size_t n = 0;

		if (c->options)
			t = c->options(&n);
		for (size_t k = 0; k < n; k++) {
			struct strbuf h = STRBUF_INIT;

			if (t[k].flags & CLI_OPT_HIDDEN)
				continue;
			short_help(&h, t[k].help, 60);
			strbuf_addf(out, "complete -c ing2gw -n "
				"'__fish_seen_subcommand_from %s'", c->name);
			if (t[k].short_name)
				strbuf_addf(out, " -s %c", t[k].short_name);
			strbuf_addf(out, " -l %s", t[k].long_name);
			if (t[k].arg == CLI_ARG_VALUE && t[k].choices) {
				strbuf_adds(out, " -x -a '");
				words(out, t[k].choices);
				strbuf_adds(out, "'");
			} else if (t[k].arg == CLI_ARG_VALUE &&
			    (t[k].flags & CLI_OPT_PATH)) {
				strbuf_adds(out, " -r -F");
			} else if (t[k].arg == CLI_ARG_VALUE) {
				strbuf_adds(out, " -x");
			}
			strbuf_addf(out, " -d '%s'\n", h.buf);
			strbuf_release(&h);
		}
		if (!c->operands)
			continue;
		strbuf_addf(out, "complete -c ing2gw -n "
			"'__fish_seen_subcommand_from %s'", c->name);
		if (!strcmp(c->operands, "files"))
			strbuf_adds(out, " -F\n");
		else if (!strcmp(c->operands, "rules"))
			strbuf_adds(out, " -a '(ing2gw rules 2>/dev/null | "
				"string split -f1 \" \")'\n");
		else if (!strcmp(c->operands, "shells"))
			strbuf_adds(out, " -a 'bash zsh fish'\n");
		else if (!strcmp(c->operands, "targets")) {
			strbuf_adds(out, " -a '");
			words(out, conv_target_names);
			strbuf_adds(out, "'\n");
		}
		else {
			strbuf_adds(out, " -a '");
			for (size_t k = 0; k < cli_ncommands; k++)
				strbuf_addf(out, "%s%s", k ? " " : "",
					cli_commands[k].name);
			strbuf_adds(out, "'\n");
		}
	}
	strbuf_adds(out, "complete -c kubectl-ing2gw -w ing2gw\n");
}

int
cmd_completion(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	int rc = EXIT_CLEAN;

	if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc == 2) {
			printf("usage: %s completion bash|zsh|fish\n\nPrints "
				"the completion script of the shell, generated "
				"from the\noption tables: 'source <(ing2gw "
				"completion bash)'.\n", cli_program);
			return EXIT_CLEAN;
		}
		return cli_usage_error("completion", "give the shell: bash, "
			"zsh or fish");
	}
	if (!strcmp(argv[1], shells[0]))
		bash(&out);
	else if (!strcmp(argv[1], shells[1]))
		zsh(&out);
	else if (!strcmp(argv[1], shells[2]))
		fish(&out);
	else
		return cli_usage_error("completion", "'%s' is not a shell of "
			"ing2gw's completions (bash, zsh, fish)", argv[1]);
	fwrite(out.buf, 1, out.len, stdout);
	if (fflush(stdout))
		rc = EXIT_ERROR;
	strbuf_release(&out);
	return rc;
}
