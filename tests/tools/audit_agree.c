/*
 * audit_agree OPERAND...: the audit's one lowering per group of targets
 * says of every Ingress what convert --target NAME says of it.
 *
 * Each operand (a file, or a directory read as convert reads it) is one
 * estate. For each, it runs the audit for every target, then convert
 * with each target, charges convert's diagnostics to the Ingresses whose
 * objects contain them (leaving out convert/target-defaults, which the
 * audit lists per target instead) and compares the status that gives
 * (exact: no warning or error; changes: warnings; blocked: an error) with
 * the audit's, Ingress by Ingress. It also checks that each target's
 * counts add up to the Ingresses, and that the Ingresses' own status is
 * the generic target's. Inputs with input errors are skipped.
 *
 * Prints one line per estate and "N agree, N differ"; exits 1 when any
 * differs, 2 on usage errors.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/locate.h"
#include "convert.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"
#include "source.h"
#include "strbuf.h"

static enum audit_status
status_of(unsigned sev)
{
	return sev >= DIAG_ERROR ? AUDIT_BLOCKED : sev >= DIAG_WARNING ?
		AUDIT_CHANGES : AUDIT_EXACT;
}

/* Differences for target at between convert and the audit. */
static size_t
compare(const char *operand, const struct ing_world *w,
	const struct audit_report *r, const struct audit_target *at,
	const struct audit_locator *loc)
{
	struct conv_options o = { .target = at->t->name };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct conv_result res;
	unsigned char *sev = xcalloc(w->ningresses + 1, 1);
	size_t bad = 0, sum = 0;

	conv_run(&res, w, &o, &sink);
	for (size_t i = 0; i < sink.len; i++) {
		const struct diag *d = &sink.items[i];
		size_t wi;

		if (d->rule && !strcmp(d->rule, "convert/target-defaults"))
			continue;
		if (audit_locate(loc, d->pos, &wi) && d->severity > sev[wi])
			sev[wi] = (unsigned char)d->severity;
	}
	for (size_t ri = 0; ri < r->ningresses; ri++) {
		size_t wi = (size_t)(r->ingresses[ri].ing - w->ingresses);
		enum audit_status want = status_of(sev[wi]);
		char name[600];

		if (at->status[ri] == want)
			continue;
		bad++;
		printf("%s: %s, target %s: convert says %s, audit %s\n",
			operand, audit_ingress_name(r, ri, name, sizeof(name)),
			at->t->name, audit_status_name(want),
			audit_status_name((enum audit_status)at->status[ri]));
	}
	for (size_t s = 0; s < AUDIT_NSTATUS; s++)
		sum += at->counts[s];
	if (sum != r->ningresses) {
		bad++;
		printf("%s: target %s: %zu Ingresses counted, %zu in the "
			"input\n", operand, at->t->name, sum, r->ningresses);
	}
	if (at->t->generic)
		for (size_t ri = 0; ri < r->ningresses; ri++)
			if (r->ingresses[ri].status != at->status[ri]) {
				bad++;
				printf("%s: Ingress %zu: its own status is not "
					"the generic target's\n", operand, ri);
			}
	conv_result_release(&res);
	diag_sink_release(&sink);
	free(sev);
	return bad;
}

/*
 * Whether the report is the one of a lowering per group of targets (the
 * way audit_run takes when the controllers cannot share one lowering):
 * the same JSON, byte for byte.
 */
static long
per_group_agrees(const char *operand, const struct ing_world *w,
	const struct audit_report *r)
{
	struct audit_options opts = { .lower_per_group = true };
	struct audit_report g;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	long bad = 0;

	if (audit_run(&g, w, &opts)) {
		printf("%s: audit per group failed\n", operand);
		return 1;
	}
	audit_render_json(&a, r);
	audit_render_json(&b, &g);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len)) {
		size_t i = 0;

		while (i < a.len && i < b.len && a.buf[i] == b.buf[i])
			i++;
		printf("%s: the report of %zu lowerings differs from the one "
			"per group at byte %zu: '%.60s' against '%.60s'\n",
			operand, r->lowerings, i, a.buf + i, b.buf + i);
		bad = 1;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	audit_report_release(&g);
	return bad;
}

/* -1: skipped (input errors), else the number of differences;
 * *lowerings: the audit's. */
static long
estate(const char *operand, size_t *lowerings)
{
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct source_list list = SOURCE_LIST_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct audit_options opts = { 0 };
	struct audit_report r;
	struct audit_locator loc;
	struct ing_world w;
	char *args[] = { (char *)operand };
	long bad = 0;

	source_list_expand(&list, args, 1, &sink);
	for (size_t i = 0; i < list.len; i++) {
		char *buf;
		size_t len;

		if (source_read(list.names[i], (size_t)1 << 30, &buf, &len,
		    &sink))
			continue;
		doc_set_parse(set, source_display_name(list.names[i]), buf,
			len, &sink);
		free(buf);
	}
	source_list_release(&list);
	doc_set_parse_done(set);
	if (!sink.input_errors)
		k8s_objects_collect(&objs, set, &sink);
	if (sink.input_errors) {
		bad = -1;
		goto out;
	}
	if (ing_world_load(&w, set, &objs, &sink)) {
		ing_world_release(&w);
		bad = -1;
		goto out;
	}
	if (audit_run(&r, &w, &opts)) {
		printf("%s: audit failed\n", operand);
		bad = 1;
	} else {
		bad += per_group_agrees(operand, &w, &r);
		*lowerings = r.lowerings;
		audit_locator_init(&loc, &w);
		for (size_t t = 0; t < r.ntargets; t++)
			bad += (long)compare(operand, &w, &r, &r.targets[t],
				&loc);
		if (r.ntargets != tgt_ntables) {
			printf("%s: %zu targets evaluated, %zu known\n",
				operand, r.ntargets, tgt_ntables);
			bad++;
		}
		audit_locator_release(&loc);
	}
	audit_report_release(&r);
	ing_world_release(&w);
out:
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
	return bad;
}

int
main(int argc, char **argv)
{
	size_t agree = 0, differ = 0, skipped = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: audit_agree FILE|DIR...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		size_t lowerings = 0;
		long bad = estate(argv[i], &lowerings);

		if (bad < 0) {
			skipped++;
			printf("skip %s: input errors\n", argv[i]);
		} else if (bad) {
			differ++;
			printf("FAIL %s: %ld differences\n", argv[i], bad);
		} else {
			agree++;
			printf("ok %s (%zu lowering%s)\n", argv[i], lowerings,
				lowerings == 1 ? "" : "s");
		}
	}
	printf("%zu agree, %zu differ, %zu skipped\n", agree, differ,
		skipped);
	return differ ? 1 : 0;
}
