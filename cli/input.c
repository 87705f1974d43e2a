#include "compat.h"
#include "input.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster.h"
#include "exitcode.h"
#include "fetch.h"
#include "options.h"
#include "source.h"

/* Records name (stdin for "-") when it is a regular file. */
static void
add_file(struct cli_input *in, const char *name, const char *shown)
{
	struct stat st;

	if ((strcmp(name, SOURCE_STDIN) ? stat(name, &st) : fstat(0, &st)) < 0 ||
	    !S_ISREG(st.st_mode))
		return;
	in->files = xrealloc(in->files, (in->nfiles + 1) * sizeof(*in->files));
	in->files[in->nfiles++] = (struct cli_input_file){ xstrdup(shown),
		st.st_dev, st.st_ino };
}

void
cli_input_add_file(struct cli_input *in, const char *name)
{
	add_file(in, name, source_display_name(name));
}

int
cli_input_check_output(const struct cli_input *in,
	const struct cli_output *out, const char *command)
{
	for (size_t i = 0; out->exists && i < in->nfiles; i++)
		if (in->files[i].dev == out->dev &&
		    in->files[i].ino == out->ino) {
			fprintf(stderr, "ing2gw %s: the output '%s' is the "
				"input '%s' (the same file): writing it would "
				"destroy the input; nothing was written\n",
				command, out->path, in->files[i].name);
			return EXIT_ERROR;
		}
	return 0;
}

/* Inputs past this size get progress lines on a terminal. */
#define PROGRESS_BYTES ((size_t)4 << 20)

size_t
cli_input_count_stdin(char *const *args, size_t nargs)
{
	size_t n = 0;

	for (size_t i = 0; i < nargs; i++)
		n += !strcmp(args[i], SOURCE_STDIN);
	return n;
}

bool
cli_input_ignored(const char *path, char *const *patterns, size_t n)
{
	if (!path || !n)
		return false;
	if (!strncmp(path, "./", 2))
		path += 2;
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(patterns[i], path, 0))
			return true;
	return false;
}

static bool
word_at(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && !memcmp(p, w, n);
}

/*
 * The line of the first Go template action ("{{ .Values.x }}",
 * "{{- include ...", "{{ if ..."), or 0 when buf has none: a Helm
 * template, not a manifest.
 */
static unsigned
template_line(const char *buf, size_t len)
{
	static const char *const words[] = { "include", "template", "if ",
		"else", "end", "range", "with", "define", "toYaml", "tpl",
		"required", "default", "printf", "quote", "block", "/*" };
	const char *end = buf + len;
	unsigned line = 1;

	for (const char *p = buf; p + 1 < end; p++) {
		const char *q;

		if (*p == '\n')
			line++;
		if (p[0] != '{' || p[1] != '{')
			continue;
		q = p + 2;
		if (q < end && *q == '-')
			q++;
		while (q < end && *q == ' ')
			q++;
		if (q < end && (*q == '.' || *q == '$'))
			return line;
		for (size_t i = 0; i < ARRAY_LEN(words); i++)
			if (word_at(q, end, words[i]))
				return line;
	}
	return 0;
}

/*
 * A mapping with kind, or with apiVersion and metadata (a Helm
 * Chart.yaml has an apiVersion alone), or a list of such.
 */
static bool
k8s_map(const struct doc_node *n)
{
	return doc_is_map(n) && (doc_get(n, "kind") ||
		(doc_get(n, "apiVersion") && doc_get(n, "metadata")));
}

static bool
k8s_like(const struct doc_node *n)
{
	if (k8s_map(n))
		return true;
	for (size_t i = 0; doc_is_seq(n) && i < doc_len(n); i++)
		if (k8s_map(doc_item(n, i)))
			return true;
	return false;
}

static struct src_pos
file_pos(struct doc_set *set, const char *name, unsigned line)
{
	struct src_pos p = { doc_set_keep_name(set, name), line,
		line ? 1 : 0 };
	return p;
}

static void
progress(const struct cli_input_opts *o, const char *name, size_t len,
	bool done)
{
	if (!o->progress || len < PROGRESS_BYTES || !isatty(2))
		return;
	if (done)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "ing2gw: reading %s (%.1f MB)...", name,
			(double)len / (1 << 20));
	fflush(stderr);
}

/* One source's bytes into the set, or skipped with a reason. */
static void
add_source(struct cli_input *in, const char *name, const char *buf,
	size_t len, const struct cli_input_opts *o, struct diag_sink *sink)
{
	size_t before = doc_set_count(in->set);
	unsigned tl = template_line(buf, len);
	bool any = false;

	if (tl) {
		diag_add(sink, DIAG_INFO, "input/helm-template",
			file_pos(in->set, name, tl), "a Helm template (this "
			"line is a template action), not a manifest: skipped; "
			"render the chart with 'helm template' and give "
			"ing2gw the result");
		return;
	}
	progress(o, name, len, false);
	if (doc_set_parse(in->set, name, buf, len, sink)) {
		progress(o, name, len, true);
		return;
	}
	progress(o, name, len, true);
	in->nsources++;
	for (size_t i = before; !any && i < doc_set_count(in->set); i++)
		any = k8s_like(doc_set_root(in->set, i)) ||
			doc_is_null(doc_set_root(in->set, i));
	if (!any && doc_set_count(in->set) > before) {
		doc_set_truncate(in->set, before);
		diag_add(sink, DIAG_INFO, "input/not-kubernetes",
			file_pos(in->set, name, 0), "no Kubernetes object "
			"here (no document has a kind): skipped");
	}
}

/* A regular file read already (through another name too): read once. */
static bool
seen_before(struct cli_input *in, const char *path, struct diag_sink *sink)
{
	struct stat st;

	if (!strcmp(path, SOURCE_STDIN) || stat(path, &st) < 0 ||
	    !S_ISREG(st.st_mode))
		return false;
	for (size_t i = 0; i < in->nfiles; i++)
		if (in->files[i].dev == st.st_dev &&
		    in->files[i].ino == st.st_ino) {
			diag_add(sink, DIAG_INFO, "input/duplicate-object",
				file_pos(in->set, path, 0), "the file '%s' "
				"again: its objects are read once",
				in->files[i].name);
			return true;
		}
	return false;
}

static void
read_file(struct cli_input *in, const char *path, size_t max,
	const struct cli_input_opts *o, struct diag_sink *sink)
{
	const char *shown = strcmp(path, SOURCE_STDIN) ? path :
		o->stdin_name ? o->stdin_name : source_display_name(path);
	char *buf;
	size_t len;

	if (seen_before(in, path, sink))
		return;
	add_file(in, path, shown);
	if (source_read(path, max, &buf, &len, sink))
		return;
	add_source(in, shown, buf, len, o, sink);
	free(buf);
}

int
cli_input_load_opts(struct cli_input *in, const char *command,
	char *const *args, size_t nargs, const struct cli_input_opts *opts,
	struct diag_sink *sink)
{
	static char *stdin_arg[] = { SOURCE_STDIN };
	static const struct cli_input_opts none = { 0 };
	struct doc_limits limits = doc_limits_default();
	bool cluster = opts && opts->cluster && opts->cluster->requested;

	if (!opts)
		opts = &none;
	memset(in, 0, sizeof(*in));
	if (!nargs && !cluster) {
		if (isatty(0))
			return cli_usage_error(command, "no input: give files, "
				"directories or URLs (-f), read a cluster (-n, "
				"-A, --context), or pipe YAML or JSON into "
				"standard input");
		args = stdin_arg;
		nargs = 1;
	}
	if (cli_input_count_stdin(args, nargs) > 1)
		return cli_usage_error(command, "standard input ('-') is named "
			"%zu times: it can be read once", cli_input_count_stdin(
			args, nargs));
	in->set = doc_set_new(&limits);
	doc_set_skip_server_fields(in->set);	/* never read: less memory */
	for (size_t a = 0; a < nargs; a++) {
		struct source_list list = SOURCE_LIST_INIT;
		struct stat st;

		if (cli_is_url(args[a])) {
			char *buf;
			size_t len;

			if (!cli_fetch(args[a], limits.max_input_bytes, &buf,
			    &len, sink)) {
				add_source(in, args[a], buf, len, opts, sink);
				free(buf);
			}
			continue;
		}
		if (strcmp(args[a], SOURCE_STDIN) &&
		    cli_input_ignored(args[a], opts->ignore, opts->nignore))
			continue;
		if (!strcmp(args[a], SOURCE_STDIN) || stat(args[a], &st) < 0 ||
		    !S_ISDIR(st.st_mode)) {
			read_file(in, args[a], limits.max_input_bytes, opts,
				sink);
			continue;
		}
		source_list_expand(&list, &args[a], 1, sink);
		for (size_t i = 0; i < list.len; i++)
			if (!cli_input_ignored(list.names[i], opts->ignore,
			    opts->nignore))
				read_file(in, list.names[i],
					limits.max_input_bytes, opts, sink);
		source_list_release(&list);
	}
	if (cluster && !sink->input_errors)
		cli_cluster_read(opts->cluster, in->set, sink);
	doc_set_parse_done(in->set);
	if (!sink->input_errors) {
		k8s_objects_collect(&in->objects, in->set, sink);
		k8s_objects_dedup(&in->objects, in->set, sink);
	}
	return 0;
}

int
cli_input_load(struct cli_input *in, const char *command, char **args,
	size_t nargs, struct diag_sink *sink)
{
	return cli_input_load_opts(in, command, args, nargs, NULL, sink);
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
