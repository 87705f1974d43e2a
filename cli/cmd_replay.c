/*
 * ing2gw replay: many requests through the Ingress configuration and its
 * Gateway API counterpart, and the requests whose decisions differ.
 *
 * Each side's routing model follows its input: Gateway API objects go
 * through replay/gateway, Ingress objects through the model of their
 * controller (replay/models.h: the one their classes name, or --model).
 * `replay FILE...` converts the Ingress objects of FILE itself (convert/,
 * in memory, with that controller's provider) and compares the input with
 * its conversion. Requests come from sample files (replay/samples.h) and from
 * probes generated from the Ingress objects (replay/generate.h); every
 * report line is written as soon as the request is decided, so a sample
 * file of any size streams through in constant memory.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accept.h"
#include "commands.h"
#include "common.h"
#include "compare.h"
#include "convert.h"
#include "emit.h"
#include "exitcode.h"
#include "gateway.h"
#include "generate.h"
#include "gwcheck.h"
#include "input.h"
#include "model/ingress.h"
#include "models.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "request.h"
#include "samples.h"
#include "source.h"
#include "verify.h"

#define CONVERTED_NAME "<converted>"

enum {
	OPT_INGRESS,
	OPT_GATEWAY,
	OPT_SAMPLES,
	OPT_SAMPLES_FORMAT,
	OPT_GENERATE,
	OPT_PRINT_PROBES,
	OPT_LOG_FORMAT,
	OPT_BASE_URL,
	OPT_IGNORE_HEADER,
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_WATCH_WITHOUT_CLASS,
	OPT_TARGET,
	OPT_MODEL,
	OPT_OLD_INGRESS,
	OPT_OLD_GATEWAY,
};

static const char *const outputs[] = { "text", "json", NULL };
static const char *const sample_formats[] = { "auto", "jsonl", "yaml", "log",
	NULL };
static const char *const fail_ons[] = { "unexplained", "difference",
	"bad-sample", "error", "warning", "info", "never", NULL };
static const char *const diff_words[] = { "unexplained", "difference",
	"bad-sample", NULL };

static const struct cli_option replay_options[] = {
	CLI_OPTION_FILENAME,
	{ "ingress-file", 0, CLI_ARG_VALUE, OPT_INGRESS, "FILE",
	  "the Ingress side: Ingress objects, or Gateway API objects "
	  "(repeatable; with --gateway-file)", NULL, CLI_OPT_PATH },
	{ "gateway-file", 0, CLI_ARG_VALUE, OPT_GATEWAY, "FILE",
	  "the Gateway API side (repeatable; with --ingress-file)", NULL,
	  CLI_OPT_PATH },
	{ "samples", 0, CLI_ARG_VALUE, OPT_SAMPLES, "FILE",
	  "requests: JSON Lines, a YAML list or an ingress-nginx access log "
	  "(repeatable; - is stdin)", NULL, CLI_OPT_PATH },
	{ "samples-format", 0, CLI_ARG_VALUE, OPT_SAMPLES_FORMAT, "FORMAT",
	  "the format of --samples (default auto: .yaml/.yml, .jsonl/.json, "
	  "else a first line starting with '{' is JSON Lines, else a log)",
	  sample_formats, 0 },
	{ "generate", 0, CLI_ARG_NONE, OPT_GENERATE, NULL,
	  "also replay probes derived from the Ingress objects (hosts, paths "
	  "and their neighbours, canary values, http and https)", NULL, 0 },
	{ "print-probes", 0, CLI_ARG_NONE, OPT_PRINT_PROBES, NULL,
	  "print the probes --generate would replay, one a line, and exit",
	  NULL, 0 },
	{ "log-format", 0, CLI_ARG_VALUE, OPT_LOG_FORMAT, "FMT",
	  "the nginx log_format of access logs (default the controller's "
	  "log-format-upstream, upstreaminfo)", NULL, 0 },
	{ "base-url", 0, CLI_ARG_VALUE, OPT_BASE_URL, "URL",
	  "scheme://host[:port] for samples without them (relative URLs; "
	  "the default log format logs neither host nor scheme)", NULL, 0 },
	{ "ignore-header", 0, CLI_ARG_VALUE, OPT_IGNORE_HEADER, "NAME",
	  "also leave this upstream header out of the comparison "
	  "(repeatable; X-Forwarded-*, X-Real-IP, X-Request-ID, X-Scheme and "
	  "X-Original-URI always are)", NULL, 0 },
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the report as text or JSON", outputs, 0 },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "LIST",
	  "exit 1 on a difference nothing explains or a log disagreement "
	  "(unexplained, the default), on any difference, also on a bad "
	  "sample (bad-sample), or never; a severity (error, warning, info) "
	  "for the diagnostics, comma-separated", fail_ons,
	  CLI_OPT_OWN_CHECK | CLI_OPT_CHOICES_IN_TEXT },
	{ "watch-ingress-without-class", 0, CLI_ARG_NONE,
	  OPT_WATCH_WITHOUT_CLASS, NULL,
	  "also replay the Ingresses without a class, as ingress-nginx "
	  "started with --watch-ingress-without-class serves them", NULL, 0 },
	{ "model", 0, CLI_ARG_VALUE, OPT_MODEL, "MODEL",
	  "the controller's routing model of the Ingress side (default: the "
	  "controller whose class the Ingresses name)", replay_model_names,
	  0 },
	{ "target", 0, CLI_ARG_VALUE, OPT_TARGET, "NAME",
	  "with FILE...: convert for this Gateway API implementation, as "
	  "convert --target does (default generic)", conv_target_names, 0 },
	CLI_OPTION_CONFIG,
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTIONS_CLUSTER,
	CLI_OPTION_HELP,
	{ "ingress", 0, CLI_ARG_VALUE, OPT_OLD_INGRESS, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
	{ "gateway", 0, CLI_ARG_VALUE, OPT_OLD_GATEWAY, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
};

const struct cli_option *
cmd_replay_options(size_t *n)
{
	*n = ARRAY_LEN(replay_options);
	return replay_options;
}

struct strvec {
	char **v;
	size_t n;
};

static void
strvec_push(struct strvec *s, const char *v)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = (char *)v;
}

struct replay_args {
	struct cli_common common;
	struct strvec ingress, gateway, samples, ignore;
	enum replay_samples_format samples_format;
	bool generate;
	bool print_probes;
	const char *log_format;
	const char *base_url;
	bool json;
	struct cli_fail_on fail_on;
	bool without_class;
	const char *target;		/* with FILE...: convert --target */
	const char *model;		/* --model: the Ingress side's */
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct replay_args *a = ctx;

	switch (id) {
	case OPT_INGRESS: strvec_push(&a->ingress, v); break;
	case OPT_GATEWAY: strvec_push(&a->gateway, v); break;
	case OPT_SAMPLES: strvec_push(&a->samples, v); break;
	case OPT_SAMPLES_FORMAT:
		a->samples_format = !strcmp(v, "jsonl") ? REPLAY_SAMPLES_JSONL :
			!strcmp(v, "yaml") ? REPLAY_SAMPLES_YAML :
			!strcmp(v, "log") ? REPLAY_SAMPLES_LOG :
			REPLAY_SAMPLES_AUTO;
		break;
	case OPT_GENERATE: a->generate = true; break;
	case OPT_PRINT_PROBES: a->print_probes = true; break;
	case OPT_LOG_FORMAT: a->log_format = v; break;
	case OPT_BASE_URL: a->base_url = v; break;
	case OPT_IGNORE_HEADER: strvec_push(&a->ignore, v); break;
	case OPT_OUTPUT: a->json = !strcmp(v, "json"); break;
	case OPT_FAIL_ON:
		return cli_fail_on_parse("replay", v, diff_words,
			&a->fail_on);
	case OPT_WATCH_WITHOUT_CLASS: a->without_class = true; break;
	case OPT_TARGET: a->target = v; break;
	case OPT_MODEL: a->model = v; break;
	case OPT_OLD_INGRESS:
		return cli_renamed("replay", "--ingress FILE",
			"'--ingress-file FILE'");
	case OPT_OLD_GATEWAY:
		return cli_renamed("replay", "--gateway FILE",
			"'--gateway-file FILE' (--gateway names a Gateway, "
			"NAMESPACE/NAME, as in 'ing2gw route')");
	default:
		return cli_common_option(&a->common, id, v);
	}
	return 0;
}

/* ----- the two sides ----- */

enum side_model {
	SIDE_NONE,
	SIDE_GATEWAY,
	SIDE_INGRESS,
};

struct side {
	struct cli_input in;
	struct doc_set *converted;	/* replay FILE...: the conversion */
	enum side_model model;
	struct replay_gw *gw;
	const struct replay_model *ctl;	/* SIDE_INGRESS: the controller's */
	void *ctl_m;
};

static bool
has_group(const struct k8s_objects *objs, const char *prefix)
{
	for (size_t i = 0; i < objs->len; i++)
		if (!strncmp(objs->items[i].api_version, prefix,
		    strlen(prefix)))
			return true;
	return false;
}

static bool
has_kind(const struct k8s_objects *objs, const char *kind)
{
	for (size_t i = 0; i < objs->len; i++)
		if (!strcmp(objs->items[i].kind, kind))
			return true;
	return false;
}

static bool
has_service(const struct k8s_objects *objs)
{
	for (size_t i = 0; i < objs->len; i++)
		if (!strcmp(objs->items[i].kind, "Service") &&
		    !strcmp(objs->items[i].api_version, "v1"))
			return true;
	return false;
}

/*
 * The controller's model of an Ingress input: the one named, else the one
 * whose class its Ingresses name.
 */
static const struct replay_model *
pick_model(const struct cli_input *in, const char *name)
{
	struct diag_sink quiet = DIAG_SINK_INIT;
	struct ing_world w;
	const struct replay_model *m;

	if (name)
		return replay_model_find(name);
	ing_world_load(&w, in->set, &in->objects, &quiet);
	m = replay_model_for(&w);
	ing_world_release(&w);
	diag_sink_release(&quiet);
	return m;
}

/* Loads the models of a side from its input; the objects decide which. */
static int
side_load(struct side *s, const char *label, bool without_class,
	const char *model, struct diag_sink *sink)
{
	const struct k8s_objects *objs = &s->in.objects;

	if (has_group(objs, "gateway.networking.k8s.io/")) {
		struct replay_gw_opts o = { .assume_services =
			!has_service(objs) };

		s->model = SIDE_GATEWAY;
		replay_gw_load(&s->gw, s->in.set, &o, sink);
		return 0;
	}
	if (has_kind(objs, "Ingress")) {
		struct replay_model_opts o = { .assume_services =
			!has_service(objs), .own_classes = true,
			.without_class = without_class };

		s->model = SIDE_INGRESS;
		s->ctl = pick_model(&s->in, model);
		s->ctl->load(&s->ctl_m, s->in.set, &o, sink);
		return 0;
	}
	diag_input_error(sink, "replay/no-routing-objects",
		(struct src_pos){ 0 }, "the %s side has no Ingress and no "
		"Gateway API objects (%zu objects read)", label, objs->len);
	return EXIT_ERROR;
}

/* The Gateway API side from a conversion, read back like a file. */
static int
side_from_conversion(struct side *s, const struct conv_result *res,
	const struct doc_set *source, bool source_has_services,
	struct diag_sink *sink)
{
	struct strbuf y = STRBUF_INIT;
	struct doc_limits limits = doc_limits_default();
	/* Both models must know the same Services: those of the source. */
	struct replay_gw_opts o = {
		.assume_services = !source_has_services,
		.services_from = source,
	};
	int rc;

	emit_objects(&y, (const struct doc_node *const *)res->objects,
		res->nobjects, EMIT_YAML);
	if (y.len >= limits.max_input_bytes)
		limits.max_input_bytes = y.len + 1;
	s->converted = doc_set_new(&limits);
	rc = doc_set_parse(s->converted, CONVERTED_NAME, y.buf ? y.buf : "",
		y.len, sink);
	strbuf_release(&y);
	if (rc)
		return EXIT_ERROR;
	s->model = SIDE_GATEWAY;
	replay_gw_load(&s->gw, s->converted, &o, sink);
	return 0;
}

static void
side_route(const struct side *s, const struct replay_request *req,
	struct replay_decision *d)
{
	if (s->model == SIDE_INGRESS) {
		s->ctl->route(s->ctl_m, req, d);
		return;
	}
	replay_gw_route(s->gw, req, d);
}

static void
side_release(struct side *s)
{
	replay_gw_free(s->gw);
	if (s->ctl)
		s->ctl->free(s->ctl_m);
	doc_set_free(s->converted);
	cli_input_release(&s->in);
	memset(s, 0, sizeof(*s));
}

/* ----- one run: requests in, report out ----- */

/*
 * A host the conversion left out (not a valid Gateway API hostname): its
 * requests are not comparable, only counted.
 */
struct rejected_host {
	char *host;			/* lower-case */
	const char *why;		/* static */
	size_t requests;
};

struct run {
	const char *label;		/* "replay" or "verify" */
	struct rejected_host *rejected;
	size_t nrejected;
	size_t not_comparable;		/* requests for rejected hosts */
	struct side ing, gw;
	struct replay_compare_opts cmp;
	bool json;
	bool to_stdout;			/* else the report stays in buf */
	bool write_failed;		/* said once; the run goes on */
	const struct cli_input_opts *iopts;	/* replay: how to read */
	/* convert --verify: each difference is a diagnostic in sink */
	struct diag_sink *to_sink;
	struct strbuf buf;
	size_t requests, differ, disagree, bad, listed;
	size_t explained;		/* differing, with known reasons */
	size_t undecided;		/* a regex could not be evaluated */
	struct replay_decision di, dg;
	struct replay_diffs diffs;
};

static void
run_init(struct run *r, bool json, bool to_stdout)
{
	memset(r, 0, sizeof(*r));
	r->label = "replay";
	r->json = json;
	r->to_stdout = to_stdout;
	replay_decision_init(&r->di);
	replay_decision_init(&r->dg);
	replay_diffs_init(&r->diffs);
}

static void
run_release(struct run *r)
{
	for (size_t i = 0; i < r->nrejected; i++)
		free(r->rejected[i].host);
	free(r->rejected);
	replay_decision_release(&r->di);
	replay_decision_release(&r->dg);
	replay_diffs_release(&r->diffs);
	strbuf_release(&r->buf);
	side_release(&r->ing);
	side_release(&r->gw);
}

static void
run_flush(struct run *r)
{
	if (!r->to_stdout || !r->buf.len)
		return;
	/* stdio buffers: a failure may also show only at exit (main.c) */
	if (fwrite(r->buf.buf, 1, r->buf.len, stdout) != r->buf.len) {
		cli_output_stdout_failed(errno);
		r->write_failed = true;
	}
	strbuf_reset(&r->buf);
}

static void
request_text(struct strbuf *sb, const struct replay_request *q)
{
	strbuf_addf(sb, "%s %s://%s%s%s%s", q->method, q->scheme,
		q->host ? q->host : "", q->path, q->query ? "?" : "",
		q->query ? q->query : "");
}

/*
 * Whether the Ingress side's decision agrees with the upstream an access
 * log line names. ingress-nginx logs "namespace-service-port" (port
 * number or name) for the location, "upstream-default-backend" when no
 * location matched, and the canary's upstream as the alternative when it
 * was chosen.
 */
static bool
log_agrees(const struct replay_sample *s, const struct replay_decision *d)
{
	const char *up = s->alternative ? s->alternative : s->upstream;
	struct strbuf name = STRBUF_INIT;
	bool ok = false;

	if (!up || !*up)
		return true;
	if (d->redirect || (d->status >= 300 && d->status < 400))
		return true;	/* answered before any upstream */
	if (!d->nbackends)
		/* answered by nginx itself: same status, same outcome */
		return !strcmp(up, "upstream-default-backend") ||
			(s->status && s->status == d->status);
	if (!strcmp(up, "upstream-default-backend"))
		return false;
	for (size_t i = 0; !ok && i < d->nbackends; i++) {
		const struct replay_backend *b = &d->backends[i];
		const char *rest;

		if (b->weight <= REPLAY_SHARE_TOLERANCE)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s-%s-", b->namespace, b->name);
		if (strncmp(up, name.buf, name.len))
			continue;
		rest = up + name.len;
		if (b->port >= 0) {
			char num[24];

			snprintf(num, sizeof(num), "%ld", b->port);
			/*
			 * A port name cannot be checked against the number;
			 * one with a '-' could be another Service's name
			 * ("web-canary-80" is not web's port "canary-80").
			 */
			ok = !strcmp(rest, num) || (strspn(rest,
				"0123456789") != strlen(rest) &&
				!strchr(rest, '-'));
		} else {
			ok = true;	/* the model could not resolve it */
		}
	}
	strbuf_release(&name);
	return ok;
}

static char *
host_lower(const char *h, size_t n)
{
	char *p = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++)
		p[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' :
			h[i]);
	p[n] = '\0';
	return p;
}

/* The hosts of world's rules that convert leaves out. */
static void
reject_hosts(struct run *r, const struct ing_world *world)
{
	for (size_t i = 0; i < world->ningresses; i++)
		for (size_t j = 0; j < world->ingresses[i].nrules; j++) {
			const char *h = world->ingresses[i].rules[j].host;
			const char *why = h ? gwcheck_hostname(h) : NULL;
			char *lh;
			bool dup = false;

			if (!why)
				continue;
			lh = host_lower(h, strlen(h));
			for (size_t k = 0; k < r->nrejected && !dup; k++)
				dup = !strcmp(r->rejected[k].host, lh);
			if (dup) {
				free(lh);
				continue;
			}
			r->rejected = xrealloc(r->rejected, (r->nrejected +
				1) * sizeof(*r->rejected));
			r->rejected[r->nrejected++] = (struct rejected_host){
				.host = lh, .why = why };
		}
}

/* The rejected host the request is for, or NULL. */
static struct rejected_host *
rejected_for(struct run *r, const struct replay_request *req)
{
	const char *h = req->host ? req->host : req->sni;
	size_t n;
	struct rejected_host *hit = NULL;
	char *lh;

	if (!r->nrejected || !h)
		return NULL;
	n = strlen(h);
	/* without a ":port" */
	for (size_t i = n; i > 0; i--)
		if (h[i - 1] == ':') {
			if (i < n && strspn(h + i, "0123456789") == n - i)
				n = i - 1;
			break;
		} else if (h[i - 1] < '0' || h[i - 1] > '9') {
			break;
		}
	if (n && h[n - 1] == '.')
		n--;
	lh = host_lower(h, n);
	for (size_t k = 0; k < r->nrejected && !hit; k++)
		if (!strcmp(r->rejected[k].host, lh))
			hit = &r->rejected[k];
	free(lh);
	return hit;
}

/*
 * convert --verify: a probe decided differently, as a diagnostic at the
 * Ingress path that matched it: convert/verify-explained (info) when a
 * known behaviour of the controller (ingress-nginx, Traefik) explains it,
 * else convert/verify-difference (warning); one note per field that
 * differs.
 */
static void
verify_diag(struct run *r, const struct replay_request *req,
	const char *source, const char *probe_header, size_t ndiff)
{
	struct strbuf rq = STRBUF_INIT, fields = STRBUF_INIT;
	struct src_pos pos = { 0 };
	/* an undecided side is a difference that nothing explains */
	bool explained = ndiff && r->di.nknown > 0 && !r->di.undecided &&
		!r->dg.undecided;

	request_text(&rq, req);
	if (probe_header)
		strbuf_addf(&rq, " (%s)", probe_header);
	for (size_t i = 0; i < r->diffs.len; i++)
		strbuf_addf(&fields, "%s%s", i ? ", " : "",
			r->diffs.items[i].field);
	if (r->di.has_matched && r->di.matched.file) {
		pos.file = r->di.matched.file;
		pos.line = r->di.matched.line;
	}
	diag_add(r->to_sink, explained ? DIAG_INFO : DIAG_WARNING,
		explained ? "convert/verify-explained" :
		"convert/verify-difference", pos, "%s %s differs after the "
		"conversion (%s)%s%s%s", source, rq.buf, fields.buf ?
		fields.buf : "", explained ? ", as " : "", explained ?
		r->ing.ctl->name : "", explained ? " behaviour Gateway API "
		"cannot express explains" : "");
	for (size_t i = 0; i < r->diffs.len; i++) {
		struct strbuf n = STRBUF_INIT;

		strbuf_addf(&n, "%s: ingress ", r->diffs.items[i].field);
		replay_json_text(&n, r->diffs.items[i].ingress);
		strbuf_adds(&n, ", gateway ");
		replay_json_text(&n, r->diffs.items[i].gateway);
		diag_add_note(r->to_sink, pos, "%s", n.buf);
		strbuf_release(&n);
	}
	for (size_t i = 0; explained && i < r->di.nknown; i++)
		diag_add_note(r->to_sink, pos, "explained: %s [%s]",
			r->di.known[i].why, r->di.known[i].rule);
	strbuf_release(&rq);
	strbuf_release(&fields);
}

/*
 * Routes one request through both sides and reports it when the decisions
 * differ or the log disagrees. where: "file:line" or "probe N".
 */
static void
run_request(struct run *r, const struct replay_request *req,
	const char *source, size_t line, const char *probe_header,
	const struct replay_sample *logged)
{
	bool agrees = true, undecided;
	size_t ndiff;
	struct rejected_host *rh = rejected_for(r, req);

	if (rh) {
		rh->requests++;
		r->requests++;
		r->not_comparable++;
		return;
	}
	side_route(&r->ing, req, &r->di);
	side_route(&r->gw, req, &r->dg);
	ndiff = replay_compare(&r->diffs, &r->di, &r->dg, &r->cmp);
	if (logged && (logged->upstream || logged->alternative))
		agrees = log_agrees(logged, &r->di);
	/* an undecided side is a difference that nothing explains */
	undecided = r->di.undecided || r->dg.undecided;
	r->requests++;
	r->differ += ndiff > 0;
	r->undecided += undecided;
	r->explained += ndiff > 0 && r->di.nknown > 0 && !undecided;
	r->disagree += !agrees;
	if (!ndiff && agrees)
		return;
	if (r->to_sink) {
		verify_diag(r, req, source, probe_header, ndiff);
		return;
	}
	if (r->json) {
		json_t *o = json_object();
		struct strbuf rq = STRBUF_INIT;
		char *text;

		json_object_set_new(o, "source", json_string(source));
		json_object_set_new(o, "line", line ? json_integer(
			(json_int_t)line) : json_null());
		request_text(&rq, req);
		json_object_set_new(o, "request", json_string(rq.buf));
		strbuf_release(&rq);
		if (probe_header)
			json_object_set_new(o, "header",
				json_string(probe_header));
		json_object_set_new(o, "differences",
			replay_diffs_json(&r->diffs));
		if (ndiff && r->di.nknown && !undecided) {
			json_t *ex = json_array();

			for (size_t i = 0; i < r->di.nknown; i++) {
				json_t *k = json_object();

				json_object_set_new(k, "rule", json_string(
					r->di.known[i].rule));
				json_object_set_new(k, "why", json_string(
					r->di.known[i].why));
				json_array_append_new(ex, k);
			}
			json_object_set_new(o, "explained", ex);
		}
		if (!agrees) {
			json_t *l = json_object();

			json_object_set_new(l, "upstream", json_string(
				logged->upstream ? logged->upstream : ""));
			json_object_set_new(l, "alternative",
				logged->alternative ? json_string(
				logged->alternative) : json_null());
			json_object_set_new(l, "ingress_status",
				json_integer(r->di.status));
			json_object_set_new(l, "ingress_backends",
				replay_backends_json(&r->di));
			json_object_set_new(o, "log_disagreement", l);
		}
		text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12));
		strbuf_addf(&r->buf, "%s    %s", r->listed ? ",\n" : "", text);
		free(text);
		json_decref(o);
	} else {
		if (line)
			strbuf_addf(&r->buf, "%s:%zu: ", source, line);
		else
			strbuf_addf(&r->buf, "%s: ", source);
		request_text(&r->buf, req);
		if (probe_header)
			strbuf_addf(&r->buf, " (%s)", probe_header);
		strbuf_addc(&r->buf, '\n');
		replay_diffs_text(&r->buf, &r->diffs, "  ");
		for (size_t i = 0; ndiff && !undecided && i < r->di.nknown; i++)
			strbuf_addf(&r->buf, "  explained: %s [%s]\n",
				r->di.known[i].why, r->di.known[i].rule);
		if (!agrees) {
			json_t *b = replay_backends_json(&r->di);

			strbuf_addf(&r->buf, "  log disagreement\n"
				"    logged upstream: %s\n"
				"    ingress model: status %d, backends ",
				logged->alternative ? logged->alternative :
				logged->upstream, r->di.status);
			replay_json_text(&r->buf, b);
			strbuf_addc(&r->buf, '\n');
			json_decref(b);
		}
	}
	r->listed++;
	run_flush(r);
}

static void
run_begin(struct run *r)
{
	if (r->json)
		strbuf_adds(&r->buf, "{\n  \"requests\": [\n");
	run_flush(r);
}

static void
run_end(struct run *r)
{
	size_t same = r->requests - r->differ - r->not_comparable;

	if (r->json) {
		strbuf_addf(&r->buf, "%s  ],\n", r->listed ? "\n" : "");
		if (r->not_comparable) {
			size_t k = 0;

			strbuf_adds(&r->buf, "  \"not_comparable\": [\n");
			for (size_t i = 0; i < r->nrejected; i++) {
				const struct rejected_host *h = &r->rejected[i];
				json_t *o;
				char *text;

				if (!h->requests)
					continue;
				o = json_pack("{s:s, s:I, s:s, s:s}", "host",
					h->host, "requests",
					(json_int_t)h->requests, "why",
					h->why, "rule",
					"convert/invalid-hostname");
				text = json_dumps(o, JSON_COMPACT);
				strbuf_addf(&r->buf, "%s    %s", k++ ? ",\n" :
					"", text);
				free(text);
				json_decref(o);
			}
			strbuf_adds(&r->buf, "\n  ],\n");
		}
		strbuf_addf(&r->buf, "  \"summary\": {\n"
			"    \"requests\": %zu,\n    \"same\": %zu,\n"
			"    \"differ\": %zu,\n    \"explained\": %zu,\n",
			r->requests, same, r->differ, r->explained);
		if (r->not_comparable)
			strbuf_addf(&r->buf, "    \"not_comparable\": %zu,\n",
				r->not_comparable);
		if (r->undecided)
			strbuf_addf(&r->buf, "    \"undecided\": %zu,\n",
				r->undecided);
		strbuf_addf(&r->buf, "    \"bad_lines\": %zu,\n"
			"    \"log_disagreements\": %zu\n  }\n}\n",
			r->bad, r->disagree);
	} else {
		for (size_t i = 0; i < r->nrejected; i++)
			if (r->rejected[i].requests)
				strbuf_addf(&r->buf, "not comparable: %zu "
					"request%s for host '%s': it is not a "
					"valid Gateway API hostname (%s), so "
					"convert left its rules out "
					"[convert/invalid-hostname]\n",
					r->rejected[i].requests,
					r->rejected[i].requests == 1 ? "" : "s",
					r->rejected[i].host, r->rejected[i].why);
		strbuf_addf(&r->buf, "%s: %zu request%s, %zu same, %zu "
			"differ", r->label, r->requests, r->requests == 1 ?
			"" : "s", same, r->differ);
		if (r->explained)
			strbuf_addf(&r->buf, " (%zu explained)", r->explained);
		if (r->undecided)
			strbuf_addf(&r->buf, ", %zu undecided", r->undecided);
		if (r->not_comparable)
			strbuf_addf(&r->buf, ", %zu not comparable",
				r->not_comparable);
		strbuf_addf(&r->buf, ", %zu bad line%s, %zu log "
			"disagreement%s\n", r->bad, r->bad == 1 ? "" : "s",
			r->disagree, r->disagree == 1 ? "" : "s");
	}
	run_flush(r);
}

static void
run_probes(struct run *r, const struct ing_world *world)
{
	struct replay_probes probes = REPLAY_PROBES_INIT;
	struct replay_request req;
	char where[32];

	replay_probes_generate(&probes, world);
	for (size_t i = 0; i < probes.len; i++) {
		replay_request_init(&req);
		if (!replay_request_parse(&req, probes.items[i].request) &&
		    (!probes.items[i].header ||
		     !replay_request_add_header_line(&req,
		     probes.items[i].header))) {
			snprintf(where, sizeof(where), "probe %zu", i + 1);
			run_request(r, &req, where, 0, probes.items[i].header,
				NULL);
		}
		replay_request_release(&req);
	}
	replay_probes_release(&probes);
}

static void
run_samples(struct run *r, struct replay_samples *rs, const char *path)
{
	struct replay_sample s;

	replay_sample_init(&s);
	while (replay_samples_next(rs, &s) > 0)
		run_request(r, &s.req, source_display_name(path), s.line, NULL,
			replay_samples_format(rs) == REPLAY_SAMPLES_LOG ?
			&s : NULL);
	replay_sample_release(&s);
	r->bad += replay_samples_bad(rs);
}

static void
compare_opts(struct replay_compare_opts *o, const struct strvec *extra,
	struct strvec *names)
{
	for (size_t i = 0; replay_default_ignored_headers[i]; i++)
		strvec_push(names, replay_default_ignored_headers[i]);
	for (size_t i = 0; i < extra->n; i++)
		strvec_push(names, extra->v[i]);
	o->ignore_headers = (const char *const *)names->v;
	o->nignore_headers = names->n;
}

/*
 * Keeps in world the Ingresses the controller of model serves, the only
 * ones its model replays (it reports the others); converting and probing
 * only those compares like with like. An input error when there were
 * Ingresses and none is left.
 */
static int
keep_served(struct ing_world *world, const struct replay_model *model,
	bool without_class, struct diag_sink *sink)
{
	size_t n = 0, was = world->ningresses;
	bool nginx = !strcmp(model->name, "ingress-nginx");

	for (size_t i = 0; i < world->ningresses; i++)
		if (model->serves(world, &world->ingresses[i], without_class,
		    NULL))
			world->ingresses[n++] = world->ingresses[i];
	world->ningresses = n;
	if (was && !n) {
		diag_input_error(sink, "replay/no-ingress",
			(struct src_pos){ 0 }, "none of the %zu Ingress "
			"objects is of a class %s serves (%s%s): nothing to "
			"replay", was, model->name, model->classes, !nginx ?
			"" : without_class ? ", or no class" :
			"; --watch-ingress-without-class adds those without "
			"one");
		return EXIT_ERROR;
	}
	return 0;
}

/* Loads both sides of replay FILE...: the input and its conversion. */
static int
load_converting(struct run *r, struct ing_world *world, bool *have_world,
	char *const *files, size_t nfiles, bool without_class,
	const char *model, const char *target, struct diag_sink *sink)
{
	struct conv_options copts = { .target = target };
	const struct replay_model *ctl;
	struct conv_result res;
	struct diag_sink quiet = DIAG_SINK_INIT;
	int rc;

	if ((rc = cli_input_load_opts(&r->ing.in, "replay", files, nfiles,
	    r->iopts, sink)))
		return rc;
	if (sink->input_errors)
		return EXIT_ERROR;
	if (!has_kind(&r->ing.in.objects, "Ingress")) {
		diag_input_error(sink, "replay/no-ingress",
			(struct src_pos){ 0 }, "'replay FILE...' converts "
			"Ingress objects, and the input has none (%zu "
			"objects read); compare two configurations with "
			"--ingress-file and --gateway-file",
			r->ing.in.objects.len);
		return EXIT_ERROR;
	}
	if ((rc = side_load(&r->ing, "ingress", without_class, model, sink)))
		return rc;
	*have_world = true;
	if (ing_world_load(world, r->ing.in.set, &r->ing.in.objects, sink))
		return EXIT_ERROR;
	/* an input with Gateway API objects too is routed by the Gateway
	 * API model (side_load); its Ingresses are still the controller's */
	ctl = r->ing.ctl ? r->ing.ctl : pick_model(&r->ing.in, model);
	if ((rc = keep_served(world, ctl, without_class, sink)))
		return rc;
	/* what is left of world is the controller's: convert it as such,
	 * for the target */
	copts.provider = ctl->provider;
	reject_hosts(r, world);
	/* conversion diagnostics are convert's to report, not replay's */
	conv_run(&res, world, &copts, &quiet);
	diag_sink_release(&quiet);
	rc = side_from_conversion(&r->gw, &res, r->ing.in.set,
		has_service(&r->ing.in.objects), sink);
	conv_result_release(&res);
	return rc;
}

static int
load_sides(struct run *r, struct ing_world *world, bool *have_world,
	const struct replay_args *a, struct diag_sink *sink)
{
	int rc;

	struct cli_input_opts gw_opts = *r->iopts;

	gw_opts.cluster = NULL;		/* the cluster is the Ingress side */
	if ((rc = cli_input_load_opts(&r->ing.in, "replay", a->ingress.v,
	    a->ingress.n, r->iopts, sink)))
		return rc;
	if ((rc = cli_input_load_opts(&r->gw.in, "replay", a->gateway.v,
	    a->gateway.n, &gw_opts, sink)))
		return rc;
	if (sink->input_errors)
		return EXIT_ERROR;
	if ((rc = side_load(&r->ing, "ingress", a->without_class, a->model,
	    sink)) || (rc = side_load(&r->gw, "gateway", a->without_class,
	    a->model, sink)))
		return rc;
	if (a->generate && has_kind(&r->ing.in.objects, "Ingress")) {
		*have_world = true;
		if (ing_world_load(world, r->ing.in.set, &r->ing.in.objects,
		    sink))
			return EXIT_ERROR;
		if (r->ing.model == SIDE_INGRESS &&
		    (rc = keep_served(world, r->ing.ctl, a->without_class,
		    sink)))
			return rc;
	}
	return 0;
}

/*
 * --print-probes: the probes of the Ingress input, without the models. in
 * is the caller's: the report cites its file names after this returns.
 */
static int
print_probes(struct cli_input *in, char *const *files, size_t nfiles,
	bool without_class, const char *model,
	const struct cli_input_opts *iopts, struct diag_sink *sink)
{
	struct ing_world world;
	struct replay_probes probes = REPLAY_PROBES_INIT;
	struct strbuf out = STRBUF_INIT;
	int rc;

	if ((rc = cli_input_load_opts(in, "replay", files, nfiles, iopts,
	    sink)))
		return rc;
	if (sink->input_errors)
		return EXIT_ERROR;
	if (ing_world_load(&world, in->set, &in->objects, sink) ||
	    keep_served(&world, pick_model(in, model), without_class,
	    sink)) {
		rc = EXIT_ERROR;
		goto out;
	}
	replay_probes_generate(&probes, &world);
	for (size_t i = 0; i < probes.len; i++)
		strbuf_addf(&out, "%s%s%s%s\n", probes.items[i].request,
			probes.items[i].header ? " (" : "",
			probes.items[i].header ? probes.items[i].header : "",
			probes.items[i].header ? ")" : "");
	if (cli_output_write(NULL, out.buf ? out.buf : "", out.len) < 0)
		rc = EXIT_ERROR;
	replay_probes_release(&probes);
	strbuf_release(&out);
out:
	ing_world_release(&world);
	return rc;
}

/* Whether the run's differences reach --fail-on. */
static bool
replay_fails(const struct cli_fail_on *f, const struct run *r)
{
	switch (f->diff) {
	case CLI_DIFF_NEVER:
		return false;
	case CLI_DIFF_UNEXPECTED:
	case CLI_DIFF_UNEXPLAINED:
		return r->differ > r->explained || r->disagree;
	case CLI_DIFF_DIFFERENCE:
		return r->differ || r->disagree;
	case CLI_DIFF_BAD_SAMPLE:
		return r->differ || r->disagree || r->bad;
	}
	return false;
}

int
cmd_replay(int argc, char **argv)
{
	struct replay_args a = { .common = { .command = "replay" } };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct strvec ignore = { 0 };
	struct run r;
	struct ing_world world;
	bool have_world = false;
	struct replay_samples **readers = NULL;
	struct replay_samples_opts sopts = { 0 };
	struct strbuf help = STRBUF_INIT;
	struct lint_config cfg = LINT_CONFIG_INIT;
	struct cli_input_opts iopts = { 0 };
	const char **inputs = NULL;
	size_t nfiles, nstdin;
	bool cluster;
	int first, rc;

	a.fail_on = (struct cli_fail_on){ DIAG_ERROR, CLI_DIFF_UNEXPLAINED };
	run_init(&r, false, true);
	r.iopts = &iopts;
	rc = cli_options_parse(argc, argv, "replay", replay_options,
		ARRAY_LEN(replay_options), on_option, &a, &first);
	if (rc)
		goto done;
	if (a.common.help) {
		cli_options_help(&help, "ing2gw replay [options] "
			"[FILE|DIR|URL|-]...\n"
			"       ing2gw replay --ingress-file FILE "
			"--gateway-file FILE [options]",
			"Replays requests through an Ingress configuration and "
			"its Gateway API counterpart and reports the requests "
			"whose decisions differ, field by field. 'replay "
			"FILE...' converts the Ingress objects of FILE itself "
			"(or of the cluster: -n, -A, --context).\n\n"
			"Requests come from --samples and --generate. Exit 0: "
			"no difference at or above --fail-on (explained "
			"differences are accepted by default); 1: such "
			"differences, or log disagreements; 2: usage or input "
			"error.", replay_options, ARRAY_LEN(replay_options));
		fputs(help.buf, stdout);
		goto done;
	}
	inputs = cli_common_inputs(&a.common, argv + first,
		(size_t)(argc - first), &nfiles);
	cluster = a.common.cluster.requested;
	if (a.gateway.n && !a.ingress.n && !cluster) {
		rc = cli_usage_error("replay", "--gateway-file needs the "
			"Ingress side: --ingress-file FILE, or the cluster");
		goto done;
	}
	if (a.ingress.n && !a.gateway.n) {
		rc = cli_usage_error("replay", "--ingress-file and "
			"--gateway-file go together");
		goto done;
	}
	if (a.target && a.gateway.n) {
		rc = cli_usage_error("replay", "--target is for FILE... "
			"(converted here); --gateway-file gives the converted "
			"side");
		goto done;
	}
	if (a.gateway.n && nfiles) {
		rc = cli_usage_error("replay", "give either FILE... (converted "
			"here) or --ingress-file and --gateway-file, not both");
		goto done;
	}
	/* standard input is read once: by one of them */
	nstdin = cli_input_count_stdin((char *const *)inputs, nfiles) +
		cli_input_count_stdin(a.ingress.v, a.ingress.n) +
		cli_input_count_stdin(a.gateway.v, a.gateway.n) +
		cli_input_count_stdin(a.samples.v, a.samples.n);
	if (!nfiles && !a.gateway.n && !cluster)
		nstdin++;	/* the configuration, from stdin */
	if (nstdin > 1) {
		rc = cli_usage_error("replay", "standard input ('-') is named "
			"for more than one input (the configuration, "
			"--ingress-file, --gateway-file, --samples): it can be "
			"read once; name a FILE for the others");
		goto done;
	}
	cli_common_report(&a.common, &sink);
	if (cli_accept_load(&cfg, a.common.config, &sink)) {
		rc = EXIT_ERROR;
		goto report;
	}
	iopts.stdin_name = a.common.stdin_name;
	iopts.ignore = cfg.ignore;
	iopts.nignore = cfg.nignore;
	iopts.cluster = &a.common.cluster;
	if (a.print_probes) {
		rc = a.ingress.n ? print_probes(&r.ing.in, a.ingress.v,
			a.ingress.n, a.without_class, a.model, &iopts, &sink) :
			print_probes(&r.ing.in, (char *const *)inputs, nfiles,
			a.without_class, a.model, &iopts, &sink);
		goto report;
	}
	if (!a.samples.n && !a.generate) {
		rc = cli_usage_error("replay", "nothing to replay: give "
			"--samples FILE or --generate");
		goto done;
	}
	r.json = a.json;
	compare_opts(&r.cmp, &a.ignore, &ignore);

	if (a.gateway.n)
		rc = load_sides(&r, &world, &have_world, &a, &sink);
	else
		rc = load_converting(&r, &world, &have_world,
			(char *const *)inputs, nfiles, a.without_class,
			a.model, a.target, &sink);
	if (rc || sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	/* open every sample file first: a bad one stops before any output */
	sopts.format = a.samples_format;
	sopts.log_format = a.log_format;
	sopts.base_url = a.base_url;
	if (replay_samples_open_all(&readers, a.samples.v, a.samples.n,
	    &sopts, &sink))
		rc = EXIT_ERROR;
	if (rc || sink.input_errors) {
		rc = EXIT_ERROR;
		goto report;
	}
	run_begin(&r);
	if (a.generate && have_world)
		run_probes(&r, &world);
	for (size_t i = 0; i < a.samples.n; i++)
		run_samples(&r, readers[i], a.samples.v[i]);
	run_end(&r);
	if (r.undecided)
		diag_add(&sink, DIAG_WARNING, "replay/regex-undecided",
			(struct src_pos){ 0 }, "%zu request%s could not be "
			"decided: a regular expression hit a PCRE2 limit (see "
			"'undecided' in the report) and %s", r.undecided,
			r.undecided == 1 ? "" : "s", r.undecided == 1 ?
			"counts as a difference" : "count as differences");
	rc = EXIT_CLEAN;
	cli_accept_apply(&cfg, &r.ing.in, &sink);
	/* a sample file that failed to read, or the report */
	if (sink.input_errors || r.write_failed)
		rc = EXIT_ERROR;
	else if (replay_fails(&a.fail_on, &r) ||
	    cli_fail_on_count(&a.fail_on, &sink))
		rc = EXIT_FINDINGS;
report:
	report_write(stderr, &sink, REPORT_TEXT, REPORT_COLOR_AUTO);
done:
	free(inputs);
	lint_config_release(&cfg);
	cli_common_release(&a.common);
	replay_samples_close_all(readers, a.samples.n);
	if (have_world)
		ing_world_release(&world);
	run_release(&r);
	diag_sink_release(&sink);
	strbuf_release(&help);
	free(a.ingress.v);
	free(a.gateway.v);
	free(a.samples.v);
	free(a.ignore.v);
	free(ignore.v);
	return rc;
}

void
cli_verify_conversion(struct cli_verify *v, const struct doc_set *input,
	const struct ing_world *world, const struct conv_result *res,
	const char *provider, struct diag_sink *sink)
{
	struct run r;
	struct strvec ignore = { 0 }, none = { 0 };
	struct diag_sink quiet = DIAG_SINK_INIT;
	/* Like replay: the model of the controller the classes name (or
	 * --provider, when it names a controller with a model) serves its
	 * Ingresses, and only their hosts are probed. */
	struct replay_model_opts o = { .assume_services = !world->nservices,
		.own_classes = true };
	const struct replay_model *model = replay_model_find(provider);
	struct ing_world served = *world;
	size_t left_out = 0;
	int rc;

	if (!model)
		model = replay_model_for(world);
	memset(v, 0, sizeof(*v));
	served.ingresses = xmalloc((world->ningresses + 1) *
		sizeof(*served.ingresses));
	served.ningresses = 0;
	for (size_t i = 0; i < world->ningresses; i++) {
		if (model->serves(world, &world->ingresses[i], false, NULL))
			served.ingresses[served.ningresses++] =
				world->ingresses[i];
		else
			left_out++;
	}
	run_init(&r, false, false);
	r.label = "verify";
	r.to_sink = sink;
	compare_opts(&r.cmp, &none, &ignore);
	/* load problems are the conversion's diagnostics already */
	r.ing.model = SIDE_INGRESS;
	r.ing.ctl = model;
	model->load(&r.ing.ctl_m, input, &o, &quiet);
	rc = side_from_conversion(&r.gw, res, input, world->nservices > 0,
		&quiet);
	diag_sink_release(&quiet);
	if (rc || !r.ing.ctl_m) {
		diag_add(sink, DIAG_WARNING, "convert/verify-failed",
			(struct src_pos){ 0 }, "--verify could not load the "
			"conversion or the input into the routing models: "
			"nothing was verified");
		goto out;
	}
	run_probes(&r, &served);
	v->probes = r.requests;
	v->differ = r.differ;
	v->explained = r.explained;
	diag_add(sink, DIAG_INFO, "convert/verify-summary",
		(struct src_pos){ 0 }, "verify: %zu probe%s, %zu same, %zu "
		"differ (%zu explained)%s%s%s", r.requests, r.requests == 1 ?
		"" : "s", r.requests - r.differ - r.not_comparable, r.differ,
		r.explained, left_out ? "; the Ingresses of classes " : "",
		left_out ? model->name : "", left_out ? " does not serve are "
		"not verified" : "");
out:
	run_release(&r);
	free(ignore.v);
	free(served.ingresses);
}
