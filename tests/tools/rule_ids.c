/*
 * rule_ids: every diagnostic id the sources use is in a catalogue, and
 * every catalogue entry is used.
 *
 *	rule_ids [--list] SOURCE_ROOT
 *
 * Reads the *.c files under cli/ model/ convert/ providers/ replay/ lint/
 * targets/ ir/ audit/ of SOURCE_ROOT (recursively; the directories that do
 * not exist are skipped) and collects their string literals, adjacent literals
 * joined as the compiler joins them ("convert/nginx-ssl-" "redirect"). A
 * literal is a rule id when it is "family/name" with a family of the
 * catalogues (model/diag_rules.h, lint/catalogue.h) and a name of lower-
 * case letters, digits and dashes. The catalogue sources themselves are
 * not read: they name every id.
 *
 * Prints each id missing from the catalogues (with where it is used) and
 * each catalogue entry no source uses; exits 0 when there is none, 1 when
 * there are, 2 on usage or read errors. --list prints every id found, with
 * its first use, and exits 0.
 */
#include "compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "diag_rules.h"
#include "strbuf.h"

static const char *const dirs[] = { "cli", "model", "convert", "providers",
	"replay", "lint", "targets", "ir", "audit" };
/* They name every id: reading them would hide dead entries. */
static const char *const skipped[] = { "model/diag_rules.c",
	"lint/catalogue.c" };

struct use {
	char *id;
	char *where;		/* "file:line" of the first use */
	size_t count;
};

static struct use *uses;
static size_t nuses;
static int read_errors;

static void
add_use(const char *id, const char *file, unsigned line)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < nuses; i++)
		if (!strcmp(uses[i].id, id)) {
			uses[i].count++;
			return;
		}
	uses = xrealloc(uses, (nuses + 1) * sizeof(*uses));
	strbuf_addf(&sb, "%s:%u", file, line);
	uses[nuses].id = xstrdup(id);
	uses[nuses].where = strbuf_detach(&sb, NULL);
	uses[nuses].count = 1;
	nuses++;
}

/* The families of the layers that had no catalogue before, so that not
 * even a whole family can go missing. */
static const char *const core[] = { "input", "convert", "nginx", "replay" };

static bool
known_family(const char *s, size_t n)
{
	size_t nd, nl;
	const struct diag_rule *d = diag_rules(&nd);
	const struct lint_rule *l = lint_catalogue(&nl);

	for (size_t i = 0; i < ARRAY_LEN(core); i++)
		if (strlen(core[i]) == n && !strncmp(core[i], s, n))
			return true;
	for (size_t i = 0; i < nd + nl; i++) {
		const char *id = i < nd ? d[i].id : l[i - nd].id;

		if (!strncmp(id, s, n) && id[n] == '/')
			return true;
	}
	return false;
}

static bool
looks_like_id(const char *s)
{
	const char *slash = strchr(s, '/');
	const char *p;

	if (!slash || slash == s || !known_family(s, (size_t)(slash - s)))
		return false;
	for (p = slash + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return false;
	return p > slash + 1 && slash[1] != '-' && p[-1] != '-';
}

/* Skips blanks, newlines and comments from i; counts lines. */
static size_t
skip_space(const char *b, size_t n, size_t i, unsigned *line)
{
	while (i < n) {
		if (b[i] == '\n') {
			(*line)++;
			i++;
		} else if (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
		    b[i] == '\f' || b[i] == '\v') {
			i++;
		} else if (b[i] == '/' && i + 1 < n && b[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(b[i] == '*' &&
			    b[i + 1] == '/'); i++)
				*line += b[i] == '\n';
			i += 2;
		} else if (b[i] == '/' && i + 1 < n && b[i + 1] == '/') {
			while (i < n && b[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	return i;
}

/* Reads the literal at b[i] == '"' into sb; returns the index after it. */
static size_t
literal(const char *b, size_t n, size_t i, struct strbuf *sb,
	unsigned *line)
{
	for (i++; i < n && b[i] != '"'; i++) {
		if (b[i] == '\\' && i + 1 < n) {
			i++;
			*line += b[i] == '\n';
			/* an escape is never part of an id: keep a marker */
			strbuf_addc(sb, '\\');
			continue;
		}
		*line += b[i] == '\n';
		strbuf_addc(sb, b[i]);
	}
	return i + 1;
}

static void
scan_text(const char *file, const char *b, size_t n)
{
	unsigned line = 1;
	size_t i = 0;

	while (i < n) {
		char c = b[i];

		if (c == '/' && i + 1 < n && (b[i + 1] == '*' ||
		    b[i + 1] == '/')) {
			i = skip_space(b, n, i, &line);
		} else if (c == '\n') {
			line++;
			i++;
		} else if (c == '\'') {
			for (i++; i < n && b[i] != '\''; i++)
				if (b[i] == '\\')
					i++;
			i++;
		} else if (c == '"') {
			struct strbuf sb = STRBUF_INIT;
			unsigned first = line;

			strbuf_adds(&sb, "");
			for (;;) {
				i = literal(b, n, i, &sb, &line);
				i = skip_space(b, n, i, &line);
				if (i >= n || b[i] != '"')
					break;
			}
			if (looks_like_id(sb.buf))
				add_use(sb.buf, file, first);
			strbuf_release(&sb);
		} else {
			i++;
		}
	}
}

static void
scan_file(const char *root, const char *rel)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	FILE *f;
	char buf[65536];
	size_t got;

	for (size_t i = 0; i < ARRAY_LEN(skipped); i++)
		if (!strcmp(rel, skipped[i]))
			return;
	strbuf_addf(&path, "%s/%s", root, rel);
	if (!(f = fopen(path.buf, "r"))) {
		fprintf(stderr, "rule_ids: cannot read %s\n", path.buf);
		read_errors++;
		strbuf_release(&path);
		return;
	}
	strbuf_adds(&text, "");
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&text, buf, got);
	fclose(f);
	scan_text(rel, text.buf, text.len);
	strbuf_release(&text);
	strbuf_release(&path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.c files under rel, in byte order (the report is stable). */
static void
scan_dir(const char *root, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	char **names = NULL;
	size_t nnames = 0;
	struct dirent *e;
	DIR *d;

	strbuf_addf(&path, "%s/%s", root, rel);
	if (!(d = opendir(path.buf))) {
		strbuf_release(&path);
		return;	/* a directory of the layout still to come */
	}
	while ((e = readdir(d))) {
		struct strbuf sub = STRBUF_INIT;

		if (e->d_name[0] == '.')
			continue;
		strbuf_addf(&sub, "%s/%s", rel, e->d_name);
		names = xrealloc(names, (nnames + 1) * sizeof(*names));
		names[nnames++] = strbuf_detach(&sub, NULL);
	}
	closedir(d);
	if (nnames)
		xqsort(names, nnames, sizeof(*names), cmp_str);
	for (size_t i = 0; i < nnames; i++) {
		struct stat st;
		size_t len = strlen(names[i]);

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", root, names[i]);
		if (stat(path.buf, &st) < 0)
			;
		else if (S_ISDIR(st.st_mode))
			scan_dir(root, names[i]);
		else if (S_ISREG(st.st_mode) && len > 2 &&
		    !strcmp(names[i] + len - 2, ".c"))
			scan_file(root, names[i]);
		free(names[i]);
	}
	free(names);
	strbuf_release(&path);
}

static bool
catalogued(const char *id)
{
	return diag_rule_find(id) || lint_rule_find(id);
}

static const struct use *
used(const char *id)
{
	for (size_t i = 0; i < nuses; i++)
		if (!strcmp(uses[i].id, id))
			return &uses[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	bool list = argc == 3 && !strcmp(argv[1], "--list");
	const char *root = argv[argc - 1];
	size_t nd, nl, missing = 0, dead = 0;
	const struct diag_rule *d = diag_rules(&nd);
	const struct lint_rule *l = lint_catalogue(&nl);

	if (argc != 2 && !list) {
		fputs("usage: rule_ids [--list] SOURCE_ROOT\n", stderr);
		return 2;
	}
	for (size_t i = 0; i < ARRAY_LEN(dirs); i++)
		scan_dir(root, dirs[i]);
	if (read_errors)
		return 2;
	if (list) {
		for (size_t i = 0; i < nuses; i++)
			printf("%-40s %3zu  %s\n", uses[i].id, uses[i].count,
				uses[i].where);
		return 0;
	}
	for (size_t i = 0; i < nuses; i++)
		if (!catalogued(uses[i].id)) {
			printf("not in a catalogue: %s (used at %s)\n",
				uses[i].id, uses[i].where);
			missing++;
		}
	for (size_t i = 0; i < nd + nl; i++) {
		const char *id = i < nd ? d[i].id : l[i - nd].id;

		if (!used(id)) {
			printf("never used: %s (%s)\n", id, i < nd ?
				"model/diag_rules.c" : "lint/catalogue.c");
			dead++;
		}
	}
	printf("%zu ids used, %zu catalogued (%zu + %zu lint): %zu missing, "
		"%zu dead\n", nuses, nd + nl, nd, nl, missing, dead);
	for (size_t i = 0; i < nuses; i++) {
		free(uses[i].id);
		free(uses[i].where);
	}
	free(uses);
	return missing || dead ? 1 : 0;
}
