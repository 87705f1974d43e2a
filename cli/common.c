#include "compat.h"
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "similar.h"

const char *const cli_colors[] = { "auto", "always", "never", NULL };

/* Format names that -f used to take in lint, convert and annotations. */
static const char *const old_formats[] = { "yaml", "json", "text", "sarif",
	"scdoc", NULL };

int
cli_renamed(const char *command, const char *old, const char *now)
{
	return cli_usage_error(command, "'%s' is now %s", old, now);
}

int
cli_common_option(struct cli_common *c, int id, const char *v)
{
	switch (id) {
	case CLI_ID_FILENAME:
		for (size_t i = 0; old_formats[i]; i++)
			if (!strcmp(v, old_formats[i]) && access(v, F_OK))
				return cli_usage_error(c->command, "'-f %s': "
					"-f (--filename) names an input, as in "
					"kubectl; the output format is '-o %s'",
					v, v);
		c->files = xrealloc(c->files,
			(c->nfiles + 1) * sizeof(*c->files));
		c->files[c->nfiles++] = v;
		return 0;
	case CLI_ID_STDIN_FILENAME:
		if (!*v)
			return cli_usage_error(c->command, "--stdin-filename "
				"needs a name");
		c->stdin_name = v;
		return 0;
	case CLI_ID_CONFIG: c->config = v; return 0;
	case CLI_ID_KUBECONFIG:
		c->cluster.kubeconfig = v;
		c->cluster.requested = true;
		return 0;
	case CLI_ID_CONTEXT:
		c->cluster.context = v;
		c->cluster.requested = true;
		return 0;
	case CLI_ID_NAMESPACE:
		if (!*v)
			return cli_usage_error(c->command, "--namespace needs "
				"a name");
		c->cluster.ns = v;
		c->cluster.requested = true;
		return 0;
	case CLI_ID_ALL_NAMESPACES:
		c->cluster.all_namespaces = true;
		c->cluster.requested = true;
		return 0;
	case CLI_ID_OUTPUT_FILE: c->output_file = v; return 0;
	case CLI_ID_COLOR:
		c->color = !strcmp(v, "always") ? REPORT_COLOR_ALWAYS :
			!strcmp(v, "never") ? REPORT_COLOR_NEVER :
			REPORT_COLOR_AUTO;
		return 0;
	case CLI_ID_NO_PROGRESS: c->no_progress = true; return 0;
	case CLI_ID_HELP: c->help = true; return 0;
	}
	return 0;
}

const char **
cli_common_inputs(const struct cli_common *c, char **operands,
	size_t noperands, size_t *n_out)
{
	const char **v = xcalloc(c->nfiles + noperands + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < c->nfiles; i++)
		v[n++] = c->files[i];
	for (size_t i = 0; i < noperands; i++)
		v[n++] = operands[i];
	*n_out = n;
	return v;
}

void
cli_common_deprecated(struct cli_common *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	c->deprecated = xrealloc(c->deprecated,
		(c->ndeprecated + 1) * sizeof(*c->deprecated));
	c->deprecated[c->ndeprecated++] = strbuf_detach(&sb, NULL);
}

int
cli_common_output(struct cli_common *c, const char *v,
	const char *const *formats, int *format_out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *near;
	int rc;

	for (int i = 0; formats[i]; i++)
		if (!strcmp(v, formats[i])) {
			*format_out = i;
			return 0;
		}
	if (strchr(v, '/') || strchr(v, '.')) {
		/* the old meaning, kept: a path is no format name */
		c->output_file = v;
		cli_common_deprecated(c, "'-o %s' names the output format now, "
			"as in kubectl; write the file with '--output-file %s' "
			"(this form still works for now)", v, v);
		return 0;
	}
	for (size_t i = 0; formats[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", formats[i]);
	near = similar_pick(v, formats);
	if (near)
		rc = cli_usage_error(c->command, "'%s' is not an output format; "
			"did you mean '%s'? (choose from %s; a file is "
			"'--output-file FILE')", v, near, sb.buf);
	else
		rc = cli_usage_error(c->command, "'%s' is not an output format "
			"(choose from %s); to write a file, give "
			"'--output-file %s'", v, sb.buf, v);
	strbuf_release(&sb);
	return rc;
}

void
cli_common_report(const struct cli_common *c, struct diag_sink *sink)
{
	for (size_t i = 0; i < c->ndeprecated; i++)
		diag_add(sink, DIAG_WARNING, "input/deprecated-option",
			(struct src_pos){ 0 }, "%s", c->deprecated[i]);
}

void
cli_common_release(struct cli_common *c)
{
	for (size_t i = 0; i < c->ndeprecated; i++)
		free(c->deprecated[i]);
	free(c->deprecated);
	free(c->files);
	c->deprecated = NULL;
	c->files = NULL;
	c->ndeprecated = c->nfiles = 0;
}

static const struct {
	const char *word;
	enum cli_diff_level level;
} diff_words_all[] = {
	{ "unexpected", CLI_DIFF_UNEXPECTED },
	{ "unexplained", CLI_DIFF_UNEXPLAINED },
	{ "difference", CLI_DIFF_DIFFERENCE },
	{ "bad-sample", CLI_DIFF_BAD_SAMPLE },
};

int
cli_fail_on_parse(const char *command, const char *v,
	const char *const *diff_words, struct cli_fail_on *out)
{
	struct cli_fail_on f = *out;
	const char *p = v;
	bool sev_set = false, diff_set = false;

	if (!strcmp(v, "never")) {
		out->severity = 0;
		out->diff = CLI_DIFF_NEVER;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		char *w = xstrndup(p, n);
		enum diag_severity sev;
		bool ok = false;

		if (diag_severity_parse(w, &sev) && !sev_set) {
			f.severity = sev;
			sev_set = ok = true;
		}
		for (size_t i = 0; !ok && !diff_set && diff_words &&
		    diff_words[i]; i++) {
			if (strcmp(w, diff_words[i]))
				continue;
			for (size_t k = 0; k < ARRAY_LEN(diff_words_all); k++)
				if (!strcmp(w, diff_words_all[k].word))
					f.diff = diff_words_all[k].level;
			diff_set = ok = true;
		}
		if (!ok) {
			struct strbuf sb = STRBUF_INIT;
			int rc;

			for (size_t i = 0; diff_words && diff_words[i]; i++)
				strbuf_addf(&sb, ", %s", diff_words[i]);
			rc = cli_usage_error(command, "'%s' is not a valid "
				"value for --fail-on: give a severity (error, "
				"warning, info)%s%s, comma-separated, or "
				"never", w, sb.len ? " and one of " : "",
				sb.len ? sb.buf + 2 : "");
			strbuf_release(&sb);
			free(w);
			return rc;
		}
		free(w);
		p += n;
		if (*p == ',')
			p++;
	}
	*out = f;
	return 0;
}

size_t
cli_fail_on_count(const struct cli_fail_on *f, const struct diag_sink *sink)
{
	return f->severity ? diag_count_at_least(sink, f->severity) : 0;
}
