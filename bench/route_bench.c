/*
 * route_bench: routing decisions per second on one core.
 *
 * usage: route_bench INGRESS_FILE [GATEWAY_FILE] [--seconds S]
 *
 * The requests come from the Ingress objects of INGRESS_FILE: for every
 * rule host and path, the path itself (a regular expression is cut at its
 * first special character) and the path with "/x" added, plus one
 * request for an unknown host. They go through the ingress-nginx model
 * built from INGRESS_FILE (all requests, then only those whose host is in
 * regex mode) and, when given, through the gateway model built from
 * GATEWAY_FILE (the conversion of INGRESS_FILE). Each run repeats the
 * request list until S seconds (default 1) have passed. One line per
 * run: "model requests decisions/s ns/decision".
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "k8s.h"
#include "model/ingress.h"
#include "replay/gateway.h"
#include "providers/ingress-nginx/model.h"
#include "providers/ingress-nginx/model_int.h"
#include "replay/request.h"
#include "source.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct doc_set *
load(const char *file)
{
	struct doc_limits lim = doc_limits_default();
	struct doc_set *set = doc_set_new(&lim);
	struct diag_sink sink = DIAG_SINK_INIT;
	char *buf = NULL;
	size_t len = 0;

	if (source_read(file, (size_t)1 << 31, &buf, &len, &sink) ||
		doc_set_parse(set, file, buf, len, &sink)) {
		fprintf(stderr, "route_bench: cannot load '%s'\n", file);
		exit(2);
	}
	free(buf);
	diag_sink_release(&sink);
	return set;
}

struct reqs {
	struct replay_request *v;
	size_t n, cap;
};

static void
req_add(struct reqs *r, const char *host, const char *path, size_t plen,
	const char *suffix)
{
	char target[512];

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	replay_request_init(&r->v[r->n]);
	if (host)
		replay_request_set(&r->v[r->n], &r->v[r->n].host, host);
	snprintf(target, sizeof(target), "%.*s%s", (int)plen, path, suffix);
	replay_request_set_target(&r->v[r->n], target[0] == '/' ? target :
		"/");
	r->n++;
}

static void
requests_from(struct reqs *out, const struct doc_set *set)
{
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;
	struct diag_sink sink = DIAG_SINK_INIT;

	k8s_objects_collect(&objs, set, &sink);
	ing_world_load(&w, set, &objs, &sink);
	for (size_t i = 0; i < w.ningresses; i++) {
		const struct ingress *ing = &w.ingresses[i];

		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *ru = &ing->rules[r];
			char host[300];

			if (ru->host && ru->host[0] == '*')
				snprintf(host, sizeof(host), "w%zu%s", i,
					ru->host + 1);
			else
				snprintf(host, sizeof(host), "%s", ru->host ?
					ru->host : "unknown.example");
			for (size_t p = 0; p < ru->npaths; p++) {
				const char *path = ru->paths[p].path;
				size_t n = strcspn(path, "([{*+?.$^|\\");

				req_add(out, host, path, n, "");
				req_add(out, host, path, n, "/x");
			}
		}
	}
	req_add(out, "no-such-host.example", "/", 1, "");
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
}

typedef int route_fn(const void *m, const struct replay_request *req,
	struct replay_decision *d);

static int
ing_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_ing_route(m, req, d);
}

static int
gw_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_gw_route(m, req, d);
}

static void
run(const char *label, route_fn *fn, const void *m,
	struct replay_request *const *v, size_t n, double seconds)
{
	struct replay_decision d;
	size_t done = 0, ok = 0;
	double t0, t;

	if (!n) {
		printf("%-28s no requests\n", label);
		return;
	}
	replay_decision_init(&d);
	for (size_t i = 0; i < n; i++)	/* warm up */
		fn(m, v[i], &d);
	t0 = now();
	do {
		for (size_t i = 0; i < n; i++) {
			fn(m, v[i], &d);
			ok += d.status == 200;
		}
		done += n;
		t = now() - t0;
	} while (t < seconds);
	printf("%-28s %8zu requests %12.0f decisions/s %8.1f ns/decision "
		"(%.0f%% 200)\n", label, n, (double)done / t, t * 1e9 /
		(double)done, 100.0 * (double)ok / (double)done);
	replay_decision_release(&d);
}

int
main(int argc, char **argv)
{
	const char *ing_file = NULL, *gw_file = NULL;
	double seconds = 1;
	struct doc_set *iset, *gset = NULL;
	struct replay_ing *im = NULL;
	struct replay_gw *gm = NULL;
	struct reqs rq = { 0 };
	struct replay_request **all, **rx;
	size_t nrx = 0;
	struct replay_ing_opts iopts = { .assume_services = true };
	struct replay_gw_opts gopts = { .assume_services = true };
	double t0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (!ing_file)
			ing_file = argv[i];
		else if (!gw_file)
			gw_file = argv[i];
	}
	if (!ing_file) {
		fprintf(stderr, "usage: route_bench INGRESS_FILE "
			"[GATEWAY_FILE] [--seconds S]\n");
		return 2;
	}
	iset = load(ing_file);
	requests_from(&rq, iset);
	t0 = now();
	replay_ing_load(&im, iset, &iopts, NULL);
	printf("ingress-nginx model: %zu Ingresses, %zu servers, loaded in "
		"%.2f s\n", replay_ing_ingress_count(im),
		replay_ing_server_count(im), now() - t0);
	all = xcalloc(rq.n, sizeof(*all));
	rx = xcalloc(rq.n, sizeof(*rx));
	{
		char hb[300];

		for (size_t i = 0; i < rq.n; i++) {
			const struct ri_server *s = ri_server_find(im,
				ri_host_norm(rq.v[i].host, hb, sizeof(hb)));

			all[i] = &rq.v[i];
			if (s->regex_mode)
				rx[nrx++] = &rq.v[i];
		}
	}
	run("ingress-nginx (all hosts)", ing_route, im, all, rq.n, seconds);
	run("ingress-nginx (regex hosts)", ing_route, im, rx, nrx, seconds);
	if (gw_file) {
		gset = load(gw_file);
		t0 = now();
		replay_gw_load(&gm, gset, &gopts, NULL);
		printf("gateway model: %zu routes, loaded in %.2f s\n",
			replay_gw_route_count(gm), now() - t0);
		run("gateway (all hosts)", gw_route, gm, all, rq.n, seconds);
		run("gateway (regex hosts)", gw_route, gm, rx, nrx, seconds);
	}
	replay_gw_free(gm);
	replay_ing_free(im);
	for (size_t i = 0; i < rq.n; i++)
		replay_request_release(&rq.v[i]);
	free(rq.v);
	free(all);
	free(rx);
	if (gset)
		doc_set_free(gset);
	doc_set_free(iset);
	return 0;
}
