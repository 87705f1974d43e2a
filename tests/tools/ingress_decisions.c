/*
 * ingress_decisions convert|lint|replay FILE...: what one command decides
 * about the Ingresses of each file, one line each, sorted:
 *
 *	FILE: served NS/NAME ingress-nginx|ingress-nginx-rejected|other
 *	FILE: winner HOST Exact|Prefix PATH NS/NAME
 *
 * "served" is which controller's semantics the Ingress gets (rejected:
 * ingress-nginx's, but the controller drops it); "winner" is the Ingress
 * whose path ingress-nginx serves for the host (* for rules without one).
 * convert and lint report through struct prov_trace while they run; replay
 * is read from its model after loading. tests/ingress_agreement.sh
 * compares the three outputs: they must be identical.
 */
#include "compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"
#include "lint/lint.h"
#include "providers/ingress-nginx/annotations.h"
#include "providers/ingress-nginx/model.h"
#include "providers/ingress-nginx/model_int.h"
#include "source.h"
#include "strbuf.h"

struct lines {
	char **v;
	size_t n;
	const char *file;
};

static void
add(struct lines *l, const char *fmt, ...) ING2GW_PRINTF(2, 3);

static void
add(struct lines *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	strbuf_addf(&sb, "%s: ", l->file);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = strbuf_detach(&sb, NULL);
}

static const char *const served_names[] = {
	[PROV_SERVED_OTHER] = "other",
	[PROV_SERVED_NGINX] = "ingress-nginx",
	[PROV_SERVED_NGINX_REJECTED] = "ingress-nginx-rejected",
};

static void
on_served(void *ctx, const struct ingress *ing, enum prov_served how)
{
	if (ing->name)
		add(ctx, "served %s/%s %s", ing->ns, ing->name,
			served_names[how]);
}

/* Host names compare case-insensitively (replay lower-cases them). */
static void
winner(struct lines *l, const char *host, const char *path, bool exact,
	const struct ingress *ing)
{
	char h[512];
	size_t i;

	for (i = 0; host && host[i] && i < sizeof(h) - 1; i++)
		h[i] = (char)tolower((unsigned char)host[i]);
	h[i] = '\0';
	add(l, "winner %s %s %s %s/%s", host ? h : "*",
		exact ? "Exact" : "Prefix", path, ing->ns, ing->name);
}

static void
on_winner(void *ctx, const char *host, const char *path, bool exact,
	const struct ingress *ing)
{
	winner(ctx, host, path, exact, ing);
}

static void
via_convert(struct lines *l, const struct doc_set *set,
	const struct k8s_objects *objs, struct diag_sink *sink)
{
	struct prov_trace t = { l, on_served, on_winner };
	struct conv_options o = { .trace = &t };
	struct conv_result res;
	struct ing_world w;

	ing_world_load(&w, set, objs, sink);
	conv_run(&res, &w, &o, sink);
	conv_result_release(&res);
	ing_world_release(&w);
}

static void
via_lint(struct lines *l, const struct doc_set *set,
	const struct k8s_objects *objs, struct diag_sink *sink)
{
	struct prov_trace t = { l, on_served, on_winner };
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct lint_result res;

	cfg.trace = &t;
	lint_run(&res, set, objs, &cfg, sink);
	lint_result_release(&res);
}

/* As `replay` loads the Ingress side (cli/cmd_replay.c side_load). */
static void
via_replay(struct lines *l, const struct doc_set *set,
	const struct k8s_objects *objs, struct diag_sink *sink)
{
	struct replay_ing_opts o = { .nginx_classes = true,
		.assume_services = true };
	struct replay_ing *m = NULL;

	for (size_t i = 0; i < objs->len; i++)
		if (!strcmp(objs->items[i].kind, "Service") &&
		    !strcmp(objs->items[i].api_version, "v1"))
			o.assume_services = false;
	if (replay_ing_load(&m, set, &o, sink))
		return;
	for (size_t i = 0; i < m->world.ningresses; i++) {
		const struct ingress *ing = &m->world.ingresses[i];
		enum prov_served how = PROV_SERVED_OTHER;

		if (replay_ing_class_served(&m->world, ing, false, NULL)) {
			how = PROV_SERVED_NGINX_REJECTED;
			for (size_t k = 0; k < m->nings; k++)
				if (m->ings[k].ing == ing)
					how = PROV_SERVED_NGINX;
		}
		on_served(l, ing, how);
	}
	for (size_t i = 0; i < m->nservers; i++) {
		const struct ri_server *s = &m->servers[i];

		for (size_t j = 0; j < s->nlocs; j++) {
			const struct ri_loc *lc = &s->locs[j];

			/* paths of rules only: not the placeholders */
			if (lc->rule < 0 || !lc->src)
				continue;
			winner(l, strcmp(s->host, "_") ? s->host : NULL,
				lc->ing_path, lc->ptype == ING_PATH_EXACT,
				lc->src->ing);
		}
	}
	replay_ing_free(m);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	void (*via)(struct lines *, const struct doc_set *,
		const struct k8s_objects *, struct diag_sink *) = NULL;
	struct lines l = { 0 };

	if (argc > 1 && !strcmp(argv[1], "convert"))
		via = via_convert;
	else if (argc > 1 && !strcmp(argv[1], "lint"))
		via = via_lint;
	else if (argc > 1 && !strcmp(argv[1], "replay"))
		via = via_replay;
	if (!via) {
		fprintf(stderr, "usage: ingress_decisions convert|lint|replay "
			"FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		struct doc_set *set = doc_set_new(NULL);
		struct diag_sink sink = DIAG_SINK_INIT;
		struct k8s_objects objs = K8S_OBJECTS_INIT;
		size_t from = l.n, len;
		char *buf;

		l.file = argv[i];
		if (source_read(argv[i], (size_t)1 << 30, &buf, &len, &sink)) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			return 2;
		}
		doc_set_parse(set, argv[i], buf, len, &sink);
		free(buf);
		k8s_objects_collect(&objs, set, &sink);
		via(&l, set, &objs, &sink);
		/* sorted and without repeats, file by file */
		xqsort(l.v + from, l.n - from, sizeof(*l.v), cmp_line);
		for (size_t j = from; j < l.n; j++)
			if (j == from || strcmp(l.v[j], l.v[j - 1]))
				printf("%s\n", l.v[j]);
		k8s_objects_release(&objs);
		diag_sink_release(&sink);
		doc_set_free(set);
	}
	for (size_t j = 0; j < l.n; j++)
		free(l.v[j]);
	free(l.v);
	return 0;
}
