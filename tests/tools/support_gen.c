/*
 * support_gen: writes targets/support_matrix.c, the support matrix of the
 * targets, from the Gateway API conformance reports.
 *
 *	support_gen REPORTS_DIR >targets/support_matrix.c
 *
 * REPORTS_DIR holds the reports as kubernetes-sigs/gateway-api publishes
 * them: <gateway-api-version>/<implementation>/<file>.yaml. For each
 * target of the table below, the newest report of its implementation is
 * chosen (by implementation version, then Gateway API version; an
 * experimental-channel run before a standard one, the mode the target
 * stands for before the others) and written as C tables: per profile the
 * core and extended results, the supported and unsupported extended
 * features and the skipped tests, with the report's file, implementation
 * version and Gateway API version. Parsed with the project's YAML reader
 * (libyaml). tests/support_matrix.sh regenerates the file and compares.
 *
 * A test tool: it prints and exits itself, unlike the library code.
 */
#include "compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "doc.h"
#include "source.h"
#include "strbuf.h"

/*
 * ing2gw's targets and the implementation whose reports they take: the
 * directory of its reports, the mode the target stands for (the
 * implementation's default), and a part of the file name when one mode
 * has several reports (Kong's deployment topologies).
 */
static const struct {
	const char *target, *dir, *mode, *file_part;
} targets[] = {
	{ "envoy-gateway", "envoy-gateway", "default", NULL },
	{ "istio", "istio-istio", "default", NULL },
	{ "cilium", "cilium", "default", NULL },
	{ "nginx-gateway-fabric", "nginx-nginx-gateway-fabric", "default",
	  NULL },
	{ "traefik", "traefik-traefik", "default", NULL },
	/* Kong's router flavour by default, in the standard topology */
	{ "kong", "kong-operator", "traditional_compatible", "-standard-" },
	{ "kgateway", "kgateway", "default", NULL },
	{ "agentgateway", "agentgateway-agentgateway", "default", NULL },
	{ "gke", "gke-gateway", "default", NULL },
};

struct report {
	char *file;		/* relative to REPORTS_DIR */
	struct doc_set *set;
	const struct doc_node *root;
};

static const char *
str_at(const struct doc_node *n, const char *path)
{
	const char *s = doc_str(doc_path(n, path));

	return s ? s : "";
}

/* Numeric fields of "v1.20.0-pre.2", "1.36.2-gke.1751000", "2.7.0-pre-
 * release": a version without a suffix after its numbers is newer. */
static int
cmp_version(const char *a, const char *b)
{
	if (*a == 'v')
		a++;
	if (*b == 'v')
		b++;
	/* numbers first, a missing one is 0: "3.7" is "3.7.0" */
	while ((*a >= '0' && *a <= '9') || (*b >= '0' && *b <= '9')) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10);
		unsigned long y = strtoul(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = ea + (*ea == '.');
		b = eb + (*eb == '.');
	}
	if (!*a != !*b)
		return !*a ? 1 : -1;	/* release > pre-release */
	return strcmp(a, b);
}

/* > 0 when report a is preferred to b. */
static int
cmp_report(const struct report *a, const struct report *b, const char *mode)
{
	int d;

	if ((d = cmp_version(str_at(a->root, "implementation.version"),
	    str_at(b->root, "implementation.version"))))
		return d;
	if ((d = cmp_version(str_at(a->root, "gatewayAPIVersion"),
	    str_at(b->root, "gatewayAPIVersion"))))
		return d;
	d = !strcmp(str_at(a->root, "gatewayAPIChannel"), "experimental") -
		!strcmp(str_at(b->root, "gatewayAPIChannel"), "experimental");
	if (d)
		return d;
	d = !strcmp(str_at(a->root, "mode"), mode) -
		!strcmp(str_at(b->root, "mode"), mode);
	if (d)
		return d;
	return strcmp(b->file, a->file);	/* the first name: stable */
}

static int
load(struct report *r, const char *dir, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	struct diag_sink sink = DIAG_SINK_INIT;
	char *buf;
	size_t len;
	int rc = -1;

	strbuf_addf(&path, "%s/%s", dir, rel);
	r->set = doc_set_new(NULL);
	if (!source_read(path.buf, 1 << 24, &buf, &len, &sink)) {
		if (!doc_set_parse(r->set, rel, buf, len, &sink) &&
		    doc_set_count(r->set) == 1) {
			r->root = doc_set_root(r->set, 0);
			rc = 0;
		}
		free(buf);
	}
	if (rc)
		fprintf(stderr, "support_gen: %s: cannot read a report\n",
			path.buf);
	diag_sink_release(&sink);
	strbuf_release(&path);
	r->file = xstrdup(rel);
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of dir, sorted; NULL-terminated. */
static char **
list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = xstrdup(e->d_name);
		}
	if (d)
		closedir(d);
	v = xrealloc(v, (n + 1) * sizeof(*v));
	v[n] = NULL;
	if (n)
		xqsort(v, n, sizeof(*v), cmp_name);
	return v;
}

static void
free_list(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void
release(struct report *r)
{
	if (r->set)
		doc_set_free(r->set);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

/* The newest report of target i, or -1 (none, or a read error: -2). */
static int
choose(const char *dir, size_t i, struct report *best)
{
	char **versions = list_dir(dir);
	int rc = -1;

	memset(best, 0, sizeof(*best));
	for (size_t v = 0; versions[v]; v++) {
		struct strbuf sub = STRBUF_INIT;
		char **files;

		strbuf_addf(&sub, "%s/%s/%s", dir, versions[v],
			targets[i].dir);
		files = list_dir(sub.buf);
		for (size_t f = 0; files[f]; f++) {
			struct report r = { 0 };
			struct strbuf rel = STRBUF_INIT;
			size_t n = strlen(files[f]);

			if (n < 6 || strcmp(files[f] + n - 5, ".yaml") ||
			    (targets[i].file_part &&
			     !strstr(files[f], targets[i].file_part))) {
				strbuf_release(&rel);
				continue;
			}
			strbuf_addf(&rel, "%s/%s/%s", versions[v],
				targets[i].dir, files[f]);
			if (load(&r, dir, rel.buf)) {
				rc = -2;
				release(&r);
			} else if (strcmp(str_at(r.root, "kind"),
			    "ConformanceReport")) {
				release(&r);
			} else if (targets[i].file_part && strcmp(str_at(
			    r.root, "mode"), targets[i].mode)) {
				release(&r);
			} else if (!best->root || cmp_report(&r, best,
			    targets[i].mode) > 0) {
				release(best);
				*best = r;
				if (rc == -1)
					rc = 0;
			} else {
				release(&r);
			}
			strbuf_release(&rel);
		}
		free_list(files);
		strbuf_release(&sub);
	}
	free_list(versions);
	return best->root ? rc : rc == -2 ? -2 : -1;
}

/* A C string literal of s. */
static void
c_str(struct strbuf *out, const char *s)
{
	strbuf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addc(out, '\\');
		if ((unsigned char)*s < 0x20)
			strbuf_addf(out, "\\%03o", (unsigned char)*s);
		else
			strbuf_addc(out, *s);
	}
	strbuf_addc(out, '"');
}

/* static const char *const <name>[] = { ... }; sorted; returns count. */
static size_t
c_list(struct strbuf *out, const char *name, const struct doc_node *seq)
{
	size_t n = doc_len(seq), k = 0;
	const char **v;

	if (!doc_is_seq(seq) || !n)
		return 0;
	v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (doc_str(doc_item(seq, i)))
			v[k++] = doc_str(doc_item(seq, i));
	xqsort(v, k, sizeof(*v), cmp_name);
	strbuf_addf(out, "static const char *const %s[] = {\n", name);
	for (size_t i = 0; i < k; i++) {
		strbuf_adds(out, "\t");
		c_str(out, v[i]);
		strbuf_adds(out, ",\n");
	}
	strbuf_adds(out, "};\n");
	free(v);
	return k;
}

/* The skipped tests of a profile: core's, then extended's. */
static size_t
c_skipped(struct strbuf *out, const char *name, const struct doc_node *p)
{
	struct doc_node *seq;
	struct arena a = { 0 };
	size_t n;
	const char *parts[] = { "core.skippedTests", "extended.skippedTests",
		"core.failedTests", "extended.failedTests" };

	seq = doc_new_seq(&a);
	for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
		const struct doc_node *s = doc_path(p, parts[k]);

		for (size_t i = 0; i < doc_len(s); i++)
			if (doc_str(doc_item(s, i)))
				doc_seq_add_str(&a, seq,
					doc_str(doc_item(s, i)));
	}
	n = c_list(out, name, seq);
	arena_release(&a);
	return n;
}

static const char *
ident(struct strbuf *sb, const char *target, const char *profile,
	const char *what)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s_%s%s%s", target, profile, *profile ? "_" : "",
		what);
	for (size_t i = 0; i < sb->len; i++)
		if (!((sb->buf[i] >= 'a' && sb->buf[i] <= 'z') ||
		    (sb->buf[i] >= '0' && sb->buf[i] <= '9')))
			sb->buf[i] = sb->buf[i] >= 'A' && sb->buf[i] <= 'Z' ?
				(char)(sb->buf[i] - 'A' + 'a') : '_';
	return sb->buf;
}

static void
emit_report(struct strbuf *out, struct strbuf *tail, size_t i,
	const struct report *r)
{
	const struct doc_node *profiles = doc_get(r->root, "profiles");
	struct strbuf id = STRBUF_INIT, prof = STRBUF_INIT;
	const char *t = targets[i].target;

	strbuf_addf(out, "\n/* %s: %s */\n", t, r->file);
	strbuf_addf(&prof, "static const struct tgt_profile %s[] = {\n",
		ident(&id, t, "", "profiles"));
	for (size_t p = 0; p < doc_len(profiles); p++) {
		const struct doc_node *pn = doc_item(profiles, p);
		const char *name = str_at(pn, "name");
		size_t ns, nu, nk;
		char *sup, *uns, *sk;

		ns = c_list(out, ident(&id, t, name, "supported"),
			doc_path(pn, "extended.supportedFeatures"));
		sup = xstrdup(id.buf);
		nu = c_list(out, ident(&id, t, name, "unsupported"),
			doc_path(pn, "extended.unsupportedFeatures"));
		uns = xstrdup(id.buf);
		nk = c_skipped(out, ident(&id, t, name, "skipped"), pn);
		sk = xstrdup(id.buf);
		strbuf_adds(&prof, "\t{ ");
		c_str(&prof, name);
		strbuf_adds(&prof, ", ");
		c_str(&prof, str_at(pn, "core.result"));
		strbuf_adds(&prof, ", ");
		c_str(&prof, str_at(pn, "extended.result"));
		strbuf_addf(&prof, ",\n\t  %s, %zu,\n\t  %s, %zu,\n"
			"\t  %s, %zu },\n",
			ns ? sup : "NULL", ns, nu ? uns : "NULL", nu,
			nk ? sk : "NULL", nk);
		free(sup);
		free(uns);
		free(sk);
	}
	strbuf_adds(&prof, "};\n");
	strbuf_add(out, prof.buf, prof.len);

	strbuf_adds(tail, "\t{\n\t\t.target = ");
	c_str(tail, t);
	strbuf_adds(tail, ",\n\t\t.file = ");
	c_str(tail, r->file);
	strbuf_adds(tail, ",\n\t\t.organization = ");
	c_str(tail, str_at(r->root, "implementation.organization"));
	strbuf_adds(tail, ",\n\t\t.project = ");
	c_str(tail, str_at(r->root, "implementation.project"));
	strbuf_adds(tail, ",\n\t\t.url = ");
	c_str(tail, str_at(r->root, "implementation.url"));
	strbuf_adds(tail, ",\n\t\t.version = ");
	c_str(tail, str_at(r->root, "implementation.version"));
	strbuf_adds(tail, ",\n\t\t.mode = ");
	c_str(tail, str_at(r->root, "mode"));
	strbuf_adds(tail, ",\n\t\t.api_version = ");
	c_str(tail, str_at(r->root, "gatewayAPIVersion"));
	strbuf_adds(tail, ",\n\t\t.channel = ");
	c_str(tail, str_at(r->root, "gatewayAPIChannel"));
	strbuf_adds(tail, ",\n\t\t.date = ");
	c_str(tail, str_at(r->root, "date"));
	strbuf_addf(tail, ",\n\t\t.profiles = %s,\n\t\t.nprofiles = "
		"ARRAY_LEN(%s),\n\t},\n", ident(&id, t, "", "profiles"),
		id.buf);
	strbuf_release(&id);
	strbuf_release(&prof);
}

int
main(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT, tail = STRBUF_INIT;
	const char *dir;
	int status = 0;

	if (argc != 2) {
		fputs("usage: support_gen REPORTS_DIR\n", stderr);
		return 2;
	}
	dir = argv[1];
	strbuf_adds(&out,
"/*\n"
" * GENERATED by tests/tools/support_gen.c; do not edit. Regenerate with\n"
" *\tbuild/tests/support_gen ../shared/conformance-reports \\\n"
" *\t\t>targets/support_matrix.c\n"
" * (tests/support_matrix.sh fails when this file is stale).\n"
" *\n"
" * The support matrix of the targets: for each, the newest Gateway API\n"
" * conformance report its implementation published, per profile the core\n"
" * and extended results, the supported and unsupported extended features\n"
" * and the skipped or failed tests, spelled as in the report.\n"
" *\n"
" * Derived from the conformance reports of kubernetes-sigs/gateway-api\n"
" * (conformance/reports/), which the implementations publish there under\n"
" * the Apache License, Version 2.0 (a copy is beside the reports, in\n"
" * conformance-reports/LICENSE: http://www.apache.org/licenses/LICENSE-2.0).\n"
" * Each entry names the report it comes from.\n"
" */\n"
"#include \"compat.h\"\n"
"#include \"targets/support.h\"\n");
	strbuf_adds(&tail, "\nconst struct tgt_report tgt_reports[] = {\n");
	for (size_t i = 0; i < ARRAY_LEN(targets); i++) {
		struct report r;
		int rc = choose(dir, i, &r);

		if (rc == -2)
			status = 1;
		if (!r.root) {
			fprintf(stderr, "support_gen: no report for %s\n",
				targets[i].target);
			continue;
		}
		emit_report(&out, &tail, i, &r);
		release(&r);
	}
	strbuf_adds(&tail, "};\n\nconst size_t tgt_nreports = "
		"ARRAY_LEN(tgt_reports);\n");
	strbuf_add(&out, tail.buf, tail.len);
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	strbuf_release(&tail);
	return status || fflush(stdout) ? 1 : 0;
}
