/*
 * rule_examples: the example of every entry of the diagnostic catalogue
 * (model/diag_rules.h) reports its rule, at its severity.
 *
 *	rule_examples [--show] ING2GW [RULE...]
 *
 * For each entry (or each RULE given): writes the example's files into a
 * scratch directory (input.yaml, then one file per "# NAME:" line), runs
 * the command of its first line ("# ing2gw ARGS", split on blanks, '...'
 * quotes one argument) there with NO_COLOR=1, and looks for the rule in
 * what it prints: a text line "...: SEVERITY: ... [RULE]" with the entry's
 * severity (any severity when the entry has a severity note), or a JSON
 * member "rule": "RULE". Also fails on a sanitizer report or a crash.
 * The few rules no command can report are listed below, with why.
 * --show prints the lines that report the rule, to review the texts.
 * Exits 0 when every example passes, 1 when one does not, 2 on usage or
 * system errors.
 */
#define _XOPEN_SOURCE 700	/* nftw */

#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag_rules.h"
#include "strbuf.h"

#define MAX_ARGS 32

static bool show_lines;

/*
 * Rules no command reports today; their examples run all the same, and
 * must not report them (when one does, take it off this list).
 */
static const struct {
	const char *id, *why;
} unreachable[] = {
	{ "convert/verify-failed", "an input that converts builds both "
	  "routing models" },
	{ "nginx/annotations-not-map", "the Ingress reader reports "
	  "input/wrong-type first" },
	{ "nginx/snippet-disabled", "every snippet is above the default "
	  "annotations-risk-level" },
	{ "shadow/traffic-split", "only against live data planes "
	  "(tests/shadow_e2e.py)" },
	{ "input/symlink", "an example cannot hold a symbolic link; "
	  "tests/unit/test_source.c makes them" },
	{ "replay/regex-undecided", "it needs a path long enough to exhaust "
	  "PCRE2's JIT stack; testdata/route/*-regex-undecided have one" },
};

static const char *
unreachable_why(const char *id)
{
	for (size_t i = 0; i < ARRAY_LEN(unreachable); i++)
		if (!strcmp(unreachable[i].id, id))
			return unreachable[i].why;
	return NULL;
}

static int
write_file(const char *dir, const char *name, const char *data, size_t n)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;
	int rc = 0;

	strbuf_addf(&path, "%s/%s", dir, name);
	if (!(f = fopen(path.buf, "w")) || fwrite(data, 1, n, f) != n)
		rc = -1;
	if (f && fclose(f))
		rc = -1;
	strbuf_release(&path);
	return rc;
}

/* "# NAME:" with a file name: the start of another file. */
static bool
file_mark(const char *line, size_t n, struct strbuf *name)
{
	if (n < 4 || strncmp(line, "# ", 2) || line[n - 1] != ':')
		return false;
	for (size_t i = 2; i < n - 1; i++)
		if (!((line[i] >= 'a' && line[i] <= 'z') ||
		    (line[i] >= 'A' && line[i] <= 'Z') ||
		    (line[i] >= '0' && line[i] <= '9') ||
		    strchr("._-", line[i])))
			return false;
	strbuf_reset(name);
	strbuf_add(name, line + 2, n - 3);
	return true;
}

/* Writes the files of the example after its first line. */
static int
write_files(const char *dir, const char *body)
{
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT;
	const char *p = body;
	int rc = 0;

	strbuf_adds(&name, "input.yaml");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct strbuf next = STRBUF_INIT;

		if (file_mark(p, n, &next)) {
			if (data.len && write_file(dir, name.buf, data.buf,
			    data.len))
				rc = -1;
			strbuf_reset(&data);
			strbuf_reset(&name);
			strbuf_adds(&name, next.buf);
			/* a declared file exists, even when empty */
			if (write_file(dir, name.buf, "", 0))
				rc = -1;
		} else {
			strbuf_add(&data, p, n);
			strbuf_addc(&data, '\n');
		}
		strbuf_release(&next);
		p += n + (nl != NULL);
	}
	if (data.len && write_file(dir, name.buf, data.buf, data.len))
		rc = -1;
	strbuf_release(&name);
	strbuf_release(&data);
	return rc;
}

/* Splits the command line into argv (in buf); returns argc, -1: bad. */
static int
split_args(char *buf, char **argv, const char *bin)
{
	int argc = 0;
	char *p = buf, *w;

	argv[argc++] = (char *)bin;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (argc == MAX_ARGS - 1)
			return -1;
		w = p;
		argv[argc++] = w;
		while (*p && *p != ' ') {
			if (*p == '\'') {
				char *q = strchr(p + 1, '\'');

				if (!q)
					return -1;
				memmove(w, p + 1, (size_t)(q - p - 1));
				w += q - p - 1;
				p = q + 1;
			} else {
				*w++ = *p++;
			}
		}
		if (*p)
			p++;
		*w = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static char *
slurp(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	FILE *f;

	strbuf_addf(&path, "%s/%s", dir, name);
	strbuf_adds(&sb, "");
	if ((f = fopen(path.buf, "r"))) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&sb, buf, n);
		fclose(f);
	}
	strbuf_release(&path);
	return strbuf_detach(&sb, NULL);
}

/* A line of text ending in "[id]" at the severity, or "rule": "id". */
static bool
reported(const char *text, const struct diag_rule *r)
{
	struct strbuf tag = STRBUF_INIT, sev = STRBUF_INIT;
	const char *p = text;
	bool found = false;

	strbuf_addf(&tag, "[%s]", r->id);
	strbuf_addf(&sev, ": %s: ", diag_severity_name(r->severity));
	while (*p && !found) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n >= tag.len && !memcmp(p + n - tag.len, tag.buf,
		    tag.len)) {
			char *line = xstrndup(p, n);

			found = r->severity_note || strstr(line, sev.buf);
			free(line);
		}
		p += n + (nl != NULL);
	}
	strbuf_reset(&tag);
	strbuf_addf(&tag, "\"rule\": \"%s\"", r->id);
	if (!found && strstr(text, tag.buf))
		found = true;
	strbuf_release(&tag);
	strbuf_release(&sev);
	return found;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
show(const char *what, const char *text)
{
	const char *p = text;

	printf("  %s:\n", what);
	for (int i = 0; *p && i < 12; i++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		printf("    %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
}

static void
show_rule(const char *id, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);

		if (strstr(line, id))
			printf("    %s\n", line);
		free(line);
		p += n + (nl != NULL);
	}
}

/* 0: passes, 1: fails, 2: system error. */
static int
run_one(const char *bin, const struct diag_rule *r)
{
	const char *tmp = getenv("TMPDIR");
	const char *ex = r->example, *nl = strchr(ex, '\n');
	char dir[4096], *cmd, *out = NULL, *err = NULL, *argv[MAX_ARGS];
	int status = 0, rc = 1;
	pid_t pid;

	if (strncmp(ex, "# ing2gw ", 9) || !nl) {
		printf("FAIL %s: the example does not start with a line "
			"'# ing2gw ARGS'\n", r->id);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/ing2gw-example.XXXXXX",
		tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("rule_examples: mkdtemp");
		return 2;
	}
	cmd = xstrndup(ex + 9, (size_t)(nl - ex - 9));
	if (split_args(cmd, argv, bin) < 0) {
		printf("FAIL %s: cannot split '%s'\n", r->id, ex + 9);
		goto out;
	}
	if (write_files(dir, nl + 1)) {
		perror("rule_examples: writing the example");
		rc = 2;
		goto out;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("rule_examples: fork");
		rc = 2;
		goto out;
	}
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (chdir(dir) < 0 || in < 0 || dup2(in, 0) < 0 ||
		    !freopen("out.txt", "w", stdout) ||
		    !freopen("err.txt", "w", stderr))
			_exit(126);
		setenv("NO_COLOR", "1", 1);
		execv(bin, argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out = slurp(dir, "out.txt");
	err = slurp(dir, "err.txt");
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 2) {
		printf("FAIL %s: the command did not exit 0, 1 or 2\n", r->id);
	} else if (strstr(err, "Sanitizer") || strstr(err, "runtime error")) {
		printf("FAIL %s: sanitizer report\n", r->id);
	} else if (unreachable_why(r->id)) {
		if (reported(out, r) || reported(err, r)) {
			printf("FAIL %s: reported, though listed as "
				"unreachable\n", r->id);
		} else {
			printf("skip %s: %s\n", r->id, unreachable_why(r->id));
			rc = 0;
		}
	} else if (!reported(out, r) && !reported(err, r)) {
		printf("FAIL %s: not reported%s (ing2gw %.*s)\n", r->id,
			r->severity_note ? "" : " at its severity",
			(int)(nl - ex - 9), ex + 9);
	} else {
		printf("ok %s\n", r->id);
		if (show_lines)
			show_rule(r->id, err[0] ? err : out);
		rc = 0;
	}
	if (rc) {
		show("stdout", out);
		show("stderr", err);
	}
out:
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(cmd);
	free(out);
	free(err);
	return rc;
}

int
main(int argc, char **argv)
{
	size_t n, failed = 0, ran = 0;
	const struct diag_rule *rules = diag_rules(&n);
	char *bin;

	if (argc > 1 && !strcmp(argv[1], "--show")) {
		show_lines = true;
		argc--;
		argv++;
	}
	if (argc < 2) {
		fputs("usage: rule_examples [--show] ING2GW [RULE...]\n",
			stderr);
		return 2;
	}
	/* the examples run in scratch directories */
	if (!(bin = realpath(argv[1], NULL))) {
		perror(argv[1]);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		bool want = argc == 2;
		int rc;

		for (int a = 2; a < argc && !want; a++)
			want = !strcmp(argv[a], rules[i].id);
		if (!want)
			continue;
		rc = run_one(bin, &rules[i]);
		if (rc == 2) {
			free(bin);
			return 2;
		}
		failed += (size_t)rc;
		ran++;
	}
	free(bin);
	printf("%zu examples, %zu failed\n", ran, failed);
	return failed || !ran ? 1 : 0;
}
