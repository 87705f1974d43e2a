/*
 * ing2gw shadow: the same requests sent to the live Ingress controller and
 * to the new Gateway, side by side, and their answers compared.
 *
 * Step 3 of a migration keeps the Ingress controller serving while the
 * Gateway is tested. replay compares two models; shadow compares the two
 * real data planes, and, given the Ingress objects and their conversion,
 * sets each difference beside what the models predict for that request:
 * a difference the models predict too is the conversion's (explained when
 * a known behaviour of ingress-nginx is the reason); one where the models
 * agree is unexpected: the live configuration is not the backup, or a
 * data plane does something the models do not know.
 *
 * Requests come from sample files (replay/samples.h) and from probes of
 * Ingress objects (replay/generate.h). Safety first: only the two
 * addresses are contacted, only the methods allowed (GET and HEAD by
 * default), never a body, at a limited rate, up to a total cap, each with
 * a timeout, TLS verified unless --insecure. replay/shadow.h compares and
 * reports; replay/shadow_http.h sends.
 */
#include "compat.h"

#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "compare.h"
#include "config.h"
#include "exitcode.h"
#include "gateway.h"
#include "generate.h"
#include "input.h"
#include "model/ingress.h"
#include "options.h"
#include "providers/ingress-nginx/model.h"
#include "report.h"
#include "request.h"
#include "samples.h"
#include "shadow.h"
#include "shadow_http.h"
#include "source.h"

enum {
	OPT_INGRESS_ADDRESS,
	OPT_GATEWAY_ADDRESS,
	OPT_SAMPLES,
	OPT_SAMPLES_FORMAT,
	OPT_LOG_FORMAT,
	OPT_BASE_URL,
	OPT_GENERATE,
	OPT_INGRESS,
	OPT_GATEWAY,
	OPT_WATCH_WITHOUT_CLASS,
	OPT_COMPARE_HEADER,
	OPT_IGNORE_HEADER,
	OPT_METHODS,
	OPT_RATE,
	OPT_MAX_REQUESTS,
	OPT_TIMEOUT,
	OPT_CACERT,
	OPT_INSECURE,
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_OLD_INGRESS,
	OPT_OLD_GATEWAY,
};

static const char *const outputs[] = { "text", "json", NULL };
static const char *const sample_formats[] = { "auto", "jsonl", "yaml", "log",
	NULL };
static const char *const fail_ons[] = { "unexpected", "unexplained",
	"difference", "never", NULL };
static const char *const diff_words[] = { "unexpected", "unexplained",
	"difference", NULL };

static const struct cli_option shadow_options[] = {
	{ "ingress-address", 0, CLI_ARG_VALUE, OPT_INGRESS_ADDRESS,
	  "ADDR[:PORT]", "where the Ingress controller listens: ADDR (http "
	  "80, https 443), ADDR:PORT (every request), ADDR:HTTP,HTTPS; "
	  "[IPv6]", NULL, 0 },
	{ "gateway-address", 0, CLI_ARG_VALUE, OPT_GATEWAY_ADDRESS,
	  "ADDR[:PORT]", "where the Gateway listens (the same forms)", NULL, 0 },
	{ "samples", 0, CLI_ARG_VALUE, OPT_SAMPLES, "FILE",
	  "requests: JSON Lines, a YAML list or an ingress-nginx access log "
	  "(repeatable; - is stdin)", NULL, 0 },
	{ "samples-format", 0, CLI_ARG_VALUE, OPT_SAMPLES_FORMAT, "FORMAT",
	  "the format of --samples (default auto)", sample_formats, 0 },
	{ "log-format", 0, CLI_ARG_VALUE, OPT_LOG_FORMAT, "FMT",
	  "the nginx log_format of access logs (default upstreaminfo)",
	  NULL, 0 },
	{ "base-url", 0, CLI_ARG_VALUE, OPT_BASE_URL, "URL",
	  "scheme://host[:port] for samples without them", NULL, 0 },
	{ "generate", 0, CLI_ARG_NONE, OPT_GENERATE, NULL,
	  "also send the probes replay derives from the Ingress objects of "
	  "the inputs (FILE operands or -f; else --ingress-file)", NULL, 0 },
	CLI_OPTION_FILENAME,
	{ "ingress-file", 0, CLI_ARG_VALUE, OPT_INGRESS, "FILE",
	  "the Ingress objects the controller serves, for the predictions "
	  "(repeatable; with --gateway-file)", NULL, CLI_OPT_PATH },
	{ "gateway-file", 0, CLI_ARG_VALUE, OPT_GATEWAY, "FILE",
	  "their Gateway API conversion, for the predictions (repeatable; "
	  "with --ingress-file)", NULL, CLI_OPT_PATH },
	{ "watch-ingress-without-class", 0, CLI_ARG_NONE,
	  OPT_WATCH_WITHOUT_CLASS, NULL,
	  "the Ingresses without a class count too (as with the "
	  "controller's flag of that name)", NULL, 0 },
	{ "compare-header", 0, CLI_ARG_VALUE, OPT_COMPARE_HEADER, "NAME",
	  "also compare this response header (repeatable; HSTS and "
	  "Access-Control-* always are)", NULL, 0 },
	{ "ignore-header", 0, CLI_ARG_VALUE, OPT_IGNORE_HEADER, "NAME",
	  "leave this echoed upstream header out of the comparison "
	  "(repeatable)", NULL, 0 },
	{ "methods", 0, CLI_ARG_VALUE, OPT_METHODS, "LIST",
	  "the methods sent, comma-separated (default GET,HEAD); others are "
	  "skipped; no body is ever sent", NULL, 0 },
	{ "rate", 0, CLI_ARG_VALUE, OPT_RATE, "N",
	  "requests per second to each side (default 5)", NULL, 0 },
	{ "max-requests", 0, CLI_ARG_VALUE, OPT_MAX_REQUESTS, "N",
	  "stop after N requests, each sent to both sides (default 1000)",
	  NULL, 0 },
	{ "timeout", 0, CLI_ARG_VALUE, OPT_TIMEOUT, "SECONDS",
	  "per request and side (default 5)", NULL, 0 },
	{ "cacert", 0, CLI_ARG_VALUE, OPT_CACERT, "FILE",
	  "trust the CA certificates of FILE (PEM) for HTTPS", NULL, 0 },
	{ "insecure", 0, CLI_ARG_NONE, OPT_INSECURE, NULL,
	  "do not verify the certificates of HTTPS answers", NULL, 0 },
	{ "output", 'o', CLI_ARG_VALUE, OPT_OUTPUT, "FORMAT",
	  "the report as text or JSON", outputs, 0 },
	{ "fail-on", 0, CLI_ARG_VALUE, OPT_FAIL_ON, "WHAT",
	  "exit 1 on an unexpected difference (default), on one nothing "
	  "explains (unexplained), on any difference, or never", fail_ons,
	  CLI_OPT_OWN_CHECK | CLI_OPT_CHOICES_IN_TEXT },
	CLI_OPTION_STDIN_FILENAME,
	CLI_OPTION_HELP,
	{ "ingress", 0, CLI_ARG_VALUE, OPT_OLD_INGRESS, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
	{ "gateway", 0, CLI_ARG_VALUE, OPT_OLD_GATEWAY, NULL, NULL, NULL,
	  CLI_OPT_HIDDEN },
};

const struct cli_option *
cmd_shadow_options(size_t *n)
{
	*n = ARRAY_LEN(shadow_options);
	return shadow_options;
}

#define DEFAULT_RATE 5.0
#define DEFAULT_MAX_REQUESTS 1000
#define DEFAULT_TIMEOUT 5.0

struct strvec {
	char **v;
	size_t n;
};

static void
strvec_push(struct strvec *s, char *v)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = v;
}

struct shadow_args {
	struct cli_common common;
	bool generate_flag;
	const char *ingress_address, *gateway_address;
	struct strvec samples, generate, ingress, gateway;
	struct strvec compare, ignore;
	struct strvec methods;		/* owned, upper-case */
	enum replay_samples_format samples_format;
	const char *log_format, *base_url;
	bool without_class;
	double rate, timeout;
	size_t max_requests;
	const char *cacert;
	bool insecure, json;
	struct cli_fail_on fail_on;
};

static bool
parse_positive(const char *v, double max, double *out)
{
	char *end = NULL;
	double d = strtod(v, &end);

	if (end == v || *end || !isfinite(d) || d <= 0 || d > max)
		return false;
	*out = d;
	return true;
}

static bool
parse_methods(struct strvec *m, const char *v)
{
	const char *p = v;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *t;

		if (!n)
			return false;
		t = xstrndup(p, n);
		for (char *c = t; *c; c++) {
			if (!isalpha((unsigned char)*c)) {
				free(t);
				return false;
			}
			*c = (char)toupper((unsigned char)*c);
		}
		strvec_push(m, t);
		p += n;
		if (*p == ',' && !*++p)
			return false;
	}
	return m->n > 0;
}

static int
on_option(void *ctx, int id, const char *v)
{
	struct shadow_args *a = ctx;
	double d;

	switch (id) {
	case OPT_INGRESS_ADDRESS: a->ingress_address = v; break;
	case OPT_GATEWAY_ADDRESS: a->gateway_address = v; break;
	case OPT_SAMPLES: strvec_push(&a->samples, (char *)v); break;
	case OPT_SAMPLES_FORMAT:
		a->samples_format = !strcmp(v, "jsonl") ? REPLAY_SAMPLES_JSONL :
			!strcmp(v, "yaml") ? REPLAY_SAMPLES_YAML :
			!strcmp(v, "log") ? REPLAY_SAMPLES_LOG :
			REPLAY_SAMPLES_AUTO;
		break;
	case OPT_LOG_FORMAT: a->log_format = v; break;
	case OPT_BASE_URL: a->base_url = v; break;
	case OPT_GENERATE: a->generate_flag = true; break;
	case OPT_INGRESS: strvec_push(&a->ingress, (char *)v); break;
	case OPT_GATEWAY: strvec_push(&a->gateway, (char *)v); break;
	case OPT_WATCH_WITHOUT_CLASS: a->without_class = true; break;
	case OPT_COMPARE_HEADER: strvec_push(&a->compare, (char *)v); break;
	case OPT_IGNORE_HEADER: strvec_push(&a->ignore, (char *)v); break;
	case OPT_METHODS:
		for (size_t i = 0; i < a->methods.n; i++)
			free(a->methods.v[i]);
		a->methods.n = 0;
		if (!parse_methods(&a->methods, v))
			return cli_usage_error("shadow", "'%s' is not a valid "
				"value for --methods (method names separated "
				"by commas, as in GET,HEAD,OPTIONS)", v);
		break;
	case OPT_RATE:
		if (!parse_positive(v, 1000, &a->rate))
			return cli_usage_error("shadow", "'%s' is not a valid "
				"value for --rate (requests per second, more "
				"than 0 and at most 1000)", v);
		break;
	case OPT_MAX_REQUESTS:
		if (!parse_positive(v, 1e9, &d) || d != floor(d))
			return cli_usage_error("shadow", "'%s' is not a valid "
				"value for --max-requests (a whole number, at "
				"least 1)", v);
		a->max_requests = (size_t)d;
		break;
	case OPT_TIMEOUT:
		if (!parse_positive(v, 600, &a->timeout))
			return cli_usage_error("shadow", "'%s' is not a valid "
				"value for --timeout (seconds, more than 0 and "
				"at most 600)", v);
		break;
	case OPT_CACERT: a->cacert = v; break;
	case OPT_INSECURE: a->insecure = true; break;
	case OPT_OUTPUT: a->json = !strcmp(v, "json"); break;
	case OPT_FAIL_ON:
		return cli_fail_on_parse("shadow", v, diff_words,
			&a->fail_on);
	case OPT_OLD_INGRESS:
		return cli_renamed("shadow", "--ingress FILE",
			"'--ingress-file FILE'");
	case OPT_OLD_GATEWAY:
		return cli_renamed("shadow", "--gateway FILE",
			"'--gateway-file FILE' (--gateway names a Gateway, "
			"NAMESPACE/NAME, as in 'ing2gw route')");
	default:
		return cli_common_option(&a->common, id, v);
	}
	return 0;
}

/* ----- Ctrl-C ----- */

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* ----- the models ----- */

/* Zeroed, it is empty and can be released. */
struct models {
	struct cli_input ing_in, gw_in;
	struct replay_ing *ing;
	struct replay_gw *gw;
};

static bool
has_kind(const struct k8s_objects *objs, const char *kind)
{
	for (size_t i = 0; i < objs->len; i++)
		if (!strcmp(objs->items[i].kind, kind))
			return true;
	return false;
}

static bool
has_gateway_api(const struct k8s_objects *objs)
{
	static const char group[] = "gateway.networking.k8s.io/";

	for (size_t i = 0; i < objs->len; i++)
		if (!strncmp(objs->items[i].api_version, group,
		    sizeof(group) - 1))
			return true;
	return false;
}

/*
 * The ingress-nginx model of --ingress and the Gateway API model of
 * --gateway, as replay loads them.
 */
static int
models_load(struct models *m, const struct shadow_args *a,
	struct diag_sink *sink)
{
	struct replay_ing_opts io = { .nginx_classes = true,
		.watch_without_class = a->without_class };
	struct replay_gw_opts go = { 0 };
	int rc;

	struct cli_input_opts o = { .stdin_name = a->common.stdin_name };

	if ((rc = cli_input_load_opts(&m->ing_in, "shadow", a->ingress.v,
	    a->ingress.n, &o, sink)) ||
	    (rc = cli_input_load_opts(&m->gw_in, "shadow", a->gateway.v,
	    a->gateway.n, &o, sink)))
		return rc;
	if (sink->input_errors)
		return EXIT_ERROR;
	if (!has_kind(&m->ing_in.objects, "Ingress")) {
		diag_input_error(sink, "shadow/no-ingress",
			(struct src_pos){ 0 }, "--ingress-file has no Ingress "
			"objects (%zu objects read): the predictions route "
			"through the ingress-nginx model",
			m->ing_in.objects.len);
		return EXIT_ERROR;
	}
	if (!has_gateway_api(&m->gw_in.objects)) {
		diag_input_error(sink, "shadow/no-gateway-api",
			(struct src_pos){ 0 }, "--gateway-file has no Gateway API "
			"objects (%zu objects read)", m->gw_in.objects.len);
		return EXIT_ERROR;
	}
	/* Services the input lacks are assumed, as replay does */
	io.assume_services = !has_kind(&m->ing_in.objects, "Service");
	go.assume_services = !has_kind(&m->gw_in.objects, "Service");
	go.services_from = m->ing_in.set;
	replay_ing_load(&m->ing, m->ing_in.set, &io, sink);
	replay_gw_load(&m->gw, m->gw_in.set, &go, sink);
	return m->ing && m->gw ? 0 : EXIT_ERROR;
}

static void
models_release(struct models *m)
{
	replay_ing_free(m->ing);
	replay_gw_free(m->gw);
	cli_input_release(&m->ing_in);
	cli_input_release(&m->gw_in);
	memset(m, 0, sizeof(*m));
}

/* The probes of the Ingresses ingress-nginx serves in --generate FILE. */
static int
probes_load(struct replay_probes *probes, const struct shadow_args *a,
	struct diag_sink *sink)
{
	struct cli_input in;
	struct cli_input_opts o = { .stdin_name = a->common.stdin_name };
	struct ing_world world;
	size_t n = 0, was;
	int rc;

	if ((rc = cli_input_load_opts(&in, "shadow", a->generate.v,
	    a->generate.n, &o, sink)))
		return rc;
	if (sink->input_errors) {
		cli_input_release(&in);
		return EXIT_ERROR;
	}
	if (ing_world_load(&world, in.set, &in.objects, sink)) {
		cli_input_release(&in);
		return EXIT_ERROR;
	}
	was = world.ningresses;
	for (size_t i = 0; i < world.ningresses; i++)
		if (replay_ing_class_served(&world, &world.ingresses[i],
		    a->without_class, NULL))
			world.ingresses[n++] = world.ingresses[i];
	world.ningresses = n;
	if (!n)
		diag_input_error(sink, "shadow/no-ingress",
			(struct src_pos){ 0 }, "--generate: none of the %zu "
			"Ingress objects is of a class ingress-nginx serves: "
			"no probe to send", was);
	else
		replay_probes_generate(probes, &world);
	ing_world_release(&world);
	cli_input_release(&in);
	return n ? 0 : EXIT_ERROR;
}

/* ----- one run ----- */

struct run {
	const struct shadow_args *a;
	struct shadow_addr addrs[SHADOW_HTTP_SIDES];
	struct shadow_http *http;
	struct shadow_report report;
	struct shadow_compare_opts cmp;
	struct replay_compare_opts model_cmp;
	struct strvec model_ignore;
	struct models models;
	struct replay_decision di, dg;
	struct replay_diffs predicted, observed;
	struct shadow_answer answers[SHADOW_HTTP_SIDES];
	double interval, next;		/* pacing, monotonic seconds */
	size_t sent;
	char *fatal;			/* why the run stopped early */
	bool stop, progress;
};

static const char *const side_names[SHADOW_HTTP_SIDES] = { "ingress",
	"gateway" };

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for the next slot of --rate; false when interrupted meanwhile. */
static bool
pace(struct run *r)
{
	double t = now_seconds();

	while (t < r->next && !interrupted) {
		double d = r->next - t;
		struct timespec ts;

		if (d > 0.1)
			d = 0.1;	/* short naps: Ctrl-C is seen */
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(d * 1e9);
		nanosleep(&ts, NULL);
		t = now_seconds();
	}
	r->next = (r->next > t ? r->next : t) + r->interval;
	return !interrupted;
}

static void
request_text(struct strbuf *sb, const struct replay_request *q,
	const char *header)
{
	strbuf_addf(sb, "%s %s://%s%s%s%s", q->method, q->scheme,
		q->host ? q->host : "", q->path, q->query ? "?" : "",
		q->query ? q->query : "");
	if (header)
		strbuf_addf(sb, " (%s)", header);
}

static bool
method_allowed(const struct shadow_args *a, const char *method)
{
	for (size_t i = 0; i < a->methods.n; i++)
		if (!strcmp(a->methods.v[i], method))
			return true;
	return false;
}

static void
progress(const struct run *r)
{
	if (r->progress)
		fprintf(stderr, "\rshadow: %zu sent, %zu differ, %zu "
			"unexpected, %zu errors", r->report.requests,
			r->report.differ, r->report.unexpected,
			r->report.errors);
}

/* The answers of both sides, compared and set beside the prediction. */
static void
compare_answers(struct run *r, const struct replay_request *req,
	const struct shadow_example *ex)
{
	struct shadow_prediction p = { &r->di, &r->dg, &r->predicted };
	bool models = r->models.ing != NULL;

	if (models) {
		replay_ing_route(r->models.ing, req, &r->di);
		replay_gw_route(r->models.gw, req, &r->dg);
		replay_compare(&r->predicted, &r->di, &r->dg, &r->model_cmp);
	}
	shadow_compare(&r->observed, &r->answers[0], &r->answers[1],
		&r->cmp, models ? &r->di : NULL, models ? &r->dg : NULL);
	shadow_report_request(&r->report, ex, &r->observed,
		models ? &p : NULL, r->answers[0].echo.valid &&
		r->answers[1].echo.valid);
}

/* Sends one request to both sides and records what came back. */
static void
run_request(struct run *r, const struct replay_request *req,
	const char *source, size_t line, const char *header)
{
	struct strbuf rq = STRBUF_INIT, why = STRBUF_INIT;
	struct shadow_example ex = { (char *)source, line, NULL };
	const char *bad;
	bool failed = false;

	if (r->stop || interrupted)
		return;
	request_text(&rq, req, header);
	ex.request = rq.buf;
	if (!method_allowed(r->a, req->method)) {
		strbuf_addf(&why, "method %s is not allowed (--methods ",
			req->method);
		for (size_t i = 0; i < r->a->methods.n; i++)
			strbuf_addf(&why, "%s%s", i ? "," : "",
				r->a->methods.v[i]);
		strbuf_addc(&why, ')');
		shadow_report_skip(&r->report, &ex, why.buf);
		goto out;
	}
	/* each side would get its own address as Host: not comparable */
	if (!req->host) {
		shadow_report_skip(&r->report, &ex, "no Host (an access log "
			"without $host needs --base-url)");
		goto out;
	}
	if ((bad = shadow_request_unsendable(req))) {
		shadow_report_skip(&r->report, &ex, bad);
		goto out;
	}
	if (r->sent >= r->a->max_requests) {
		r->report.capped = r->a->max_requests;
		r->stop = true;
		goto out;
	}
	if (!pace(r) || shadow_http_send(r->http, req, r->addrs,
	    SHADOW_HTTP_SIDES, r->answers, &interrupted))
		goto out;	/* interrupted: this one is not counted */
	r->sent++;
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++) {
		const struct shadow_answer *ans = &r->answers[i];

		if (!ans->error)
			continue;
		strbuf_reset(&why);
		strbuf_addf(&why, "%s side %s", side_names[i], ans->error);
		shadow_report_error(&r->report, &ex, side_names[i], why.buf);
		failed = true;
		if (ans->fatal && !r->fatal) {
			/* every later request would meet it too */
			r->fatal = xstrdup(why.buf);
			r->stop = true;
		}
	}
	if (failed)
		shadow_report_errored(&r->report);
	else
		compare_answers(r, req, &ex);
	progress(r);
out:
	strbuf_release(&rq);
	strbuf_release(&why);
}

static void
run_probes(struct run *r, const struct replay_probes *probes)
{
	struct replay_request req;
	char where[32];

	for (size_t i = 0; i < probes->len && !r->stop && !interrupted; i++) {
		replay_request_init(&req);
		if (!replay_request_parse(&req, probes->items[i].request) &&
		    (!probes->items[i].header ||
		     !replay_request_add_header_line(&req,
		     probes->items[i].header))) {
			snprintf(where, sizeof(where), "probe %zu", i + 1);
			run_request(r, &req, where, 0,
				probes->items[i].header);
		}
		replay_request_release(&req);
	}
}

static void
run_samples(struct run *r, struct replay_samples *rs, const char *path)
{
	struct replay_sample s;

	replay_sample_init(&s);
	while (!r->stop && !interrupted && replay_samples_next(rs, &s) > 0)
		run_request(r, &s.req, source_display_name(path), s.line,
			NULL);
	replay_sample_release(&s);
}

static void
run_init(struct run *r, const struct shadow_args *a)
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	replay_decision_init(&r->di);
	replay_decision_init(&r->dg);
	replay_diffs_init(&r->predicted);
	replay_diffs_init(&r->observed);
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++)
		shadow_answer_init(&r->answers[i]);
}

/* What follows from the options, once they are parsed. */
static void
run_configure(struct run *r, const struct shadow_args *a)
{
	r->cmp.response_headers = (const char *const *)a->compare.v;
	r->cmp.nresponse_headers = a->compare.n;
	r->cmp.ignore_headers = (const char *const *)a->ignore.v;
	r->cmp.nignore_headers = a->ignore.n;
	/* the models leave out what replay leaves out, and the user's */
	for (size_t i = 0; replay_default_ignored_headers[i]; i++)
		strvec_push(&r->model_ignore,
			(char *)replay_default_ignored_headers[i]);
	for (size_t i = 0; i < a->ignore.n; i++)
		strvec_push(&r->model_ignore, a->ignore.v[i]);
	r->model_cmp.ignore_headers = (const char *const *)r->model_ignore.v;
	r->model_cmp.nignore_headers = r->model_ignore.n;
	r->interval = 1.0 / a->rate;
}

static void
run_release(struct run *r)
{
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++) {
		shadow_addr_release(&r->addrs[i]);
		shadow_answer_release(&r->answers[i]);
	}
	shadow_http_free(r->http);
	shadow_report_release(&r->report);
	models_release(&r->models);
	replay_decision_release(&r->di);
	replay_decision_release(&r->dg);
	replay_diffs_release(&r->predicted);
	replay_diffs_release(&r->observed);
	free(r->model_ignore.v);
	free(r->fatal);
}

static int
check_args(struct shadow_args *a, struct shadow_addr *addrs)
{
	const char *texts[] = { a->ingress_address, a->gateway_address };
	const char *why;
	size_t stdin_users = 0;
	struct strvec *lists[] = { &a->samples, &a->generate, &a->ingress,
		&a->gateway };

	if (!a->ingress_address || !a->gateway_address)
		return cli_usage_error("shadow", "give both addresses: "
			"--ingress-address ADDR[:PORT] and --gateway-address "
			"ADDR[:PORT]");
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++)
		if (shadow_addr_parse(&addrs[i], texts[i], &why))
			return cli_usage_error("shadow", "'%s' is not a valid "
				"value for --%s-address: %s", texts[i],
				side_names[i], why);
	if (!a->samples.n && !a->generate_flag)
		return cli_usage_error("shadow", "nothing to send: give "
			"--samples FILE or --generate");
	if (a->generate_flag && !a->generate.n)
		return cli_usage_error("shadow", "--generate needs the "
			"Ingress objects: FILE operands, -f FILE or "
			"--ingress-file FILE");
	if (!a->generate_flag && a->generate.n)
		return cli_usage_error("shadow", "'%s': FILE operands are "
			"the Ingress objects of --generate (the samples are "
			"--samples FILE)", a->generate.v[0]);
	if ((a->ingress.n > 0) != (a->gateway.n > 0))
		return cli_usage_error("shadow", "--ingress-file and "
			"--gateway-file go together (the Ingress objects and "
			"their conversion)");
	if (a->cacert && a->insecure)
		return cli_usage_error("shadow", "give --cacert FILE or "
			"--insecure, not both");
	for (size_t k = 0; k < ARRAY_LEN(lists); k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			stdin_users += !strcmp(lists[k]->v[i], "-");
	if (stdin_users > 1)
		return cli_usage_error("shadow", "only one input can come "
			"from standard input: name the others");
	if (a->cacert && access(a->cacert, R_OK))
		return cli_usage_error("shadow", "cannot read --cacert '%s'",
			a->cacert);
	return 0;
}

static int
exit_code(const struct run *r, const struct shadow_args *a)
{
	if (r->report.errors || r->fatal)
		return EXIT_ERROR;
	switch (a->fail_on.diff) {
	case CLI_DIFF_UNEXPECTED: return r->report.unexpected ?
		EXIT_FINDINGS : EXIT_CLEAN;
	case CLI_DIFF_UNEXPLAINED: return r->report.unexpected ||
		r->report.predicted ? EXIT_FINDINGS : EXIT_CLEAN;
	case CLI_DIFF_DIFFERENCE:
	case CLI_DIFF_BAD_SAMPLE: return r->report.differ ?
		EXIT_FINDINGS : EXIT_CLEAN;
	case CLI_DIFF_NEVER: break;
	}
	return EXIT_CLEAN;
}

static void
write_report(const struct run *r, bool json)
{
	struct strbuf out = STRBUF_INIT;

	if (json) {
		json_t *o = shadow_report_json(&r->report);
		char *text = json_dumps(o, JSON_INDENT(2) |
			JSON_REAL_PRECISION(12));

		strbuf_adds(&out, text ? text : "{}");
		strbuf_addc(&out, '\n');
		free(text);
		json_decref(o);
	} else {
		shadow_report_text(&out, &r->report);
	}
	fputs(out.buf ? out.buf : "", stdout);
	fflush(stdout);
	strbuf_release(&out);
}

/* The transport errors on stderr, each naming its side and address. */
static void
write_errors(const struct run *r)
{
	if (r->fatal)
		fprintf(stderr, "ing2gw: shadow: %s; nothing more was sent\n",
			r->fatal);
	for (size_t i = 0; i < r->report.nissues; i++) {
		const struct shadow_issue *s = r->report.issues[i];

		if (s->side && (!r->fatal || strcmp(s->what, r->fatal)))
			fprintf(stderr, "ing2gw: shadow: %s (%zu request%s)\n",
				s->what, s->count, s->count == 1 ? "" : "s");
	}
}

static void
usage_help(void)
{
	struct strbuf help = STRBUF_INIT;

	cli_options_help(&help, "ing2gw shadow --ingress-address ADDR[:PORT] "
		"--gateway-address ADDR[:PORT]\n"
		"         (--samples FILE | --generate FILE...)\n"
		"         [--ingress-file FILE --gateway-file FILE] [options]",
		"Sends the same requests to the live Ingress controller and to "
		"the Gateway, each with its own Host and SNI, and compares "
		"the answers: status, Location, HSTS, Access-Control-*, and "
		"the request the backend received when it echoes it. With "
		"--ingress-file and --gateway-file each difference is set "
		"beside the models' prediction: predicted (and explained), or "
		"unexpected.\n\nExit 0: no difference at or above --fail-on "
		"(default unexpected); 1: such differences; 2: usage, input "
		"or network error.",
		shadow_options, ARRAY_LEN(shadow_options));
	if (!shadow_http_supported())
		strbuf_adds(&help, "\nThis ing2gw was built without libcurl: "
			"shadow cannot send requests.\n");
	fputs(help.buf, stdout);
	strbuf_release(&help);
}

int
cmd_shadow(int argc, char **argv)
{
	struct shadow_args a = { .common = { .command = "shadow" },
		.fail_on = { 0, CLI_DIFF_UNEXPECTED },
		.rate = DEFAULT_RATE,
		.timeout = DEFAULT_TIMEOUT,
		.max_requests = DEFAULT_MAX_REQUESTS };
	struct shadow_http_opts hopts = { 0 };
	struct diag_sink sink = DIAG_SINK_INIT;
	struct replay_probes probes = REPLAY_PROBES_INIT;
	struct replay_samples **readers = NULL;
	struct replay_samples_opts sopts = { 0 };
	struct sigaction sa, old_sa;
	struct strbuf addr = STRBUF_INIT, addr2 = STRBUF_INIT;
	struct run r;
	int first, rc;
	bool was_interrupted = false;

	run_init(&r, &a);
	rc = cli_options_parse(argc, argv, "shadow", shadow_options,
		ARRAY_LEN(shadow_options), on_option, &a, &first);
	if (rc)
		goto done;
	if (a.common.help) {
		usage_help();
		goto done;
	}
	for (size_t i = 0; i < a.common.nfiles; i++)
		strvec_push(&a.generate, (char *)a.common.files[i]);
	for (int i = first; i < argc; i++)
		strvec_push(&a.generate, argv[i]);
	if (a.generate_flag && !a.generate.n)
		for (size_t i = 0; i < a.ingress.n; i++)
			strvec_push(&a.generate, a.ingress.v[i]);
	if (!a.methods.n) {
		strvec_push(&a.methods, xstrdup("GET"));
		strvec_push(&a.methods, xstrdup("HEAD"));
	}
	run_configure(&r, &a);
	if ((rc = check_args(&a, r.addrs)))
		goto done;
	if (!shadow_http_supported()) {
		fprintf(stderr, "ing2gw: shadow: this ing2gw was built "
			"without libcurl, which shadow sends its requests "
			"with; rebuild with it (meson setup -Dcurl=enabled, "
			"libcurl4-openssl-dev on Debian)\n");
		rc = EXIT_ERROR;
		goto done;
	}

	if (a.ingress.n && (rc = models_load(&r.models, &a, &sink)))
		goto report;
	if (a.generate_flag && (rc = probes_load(&probes, &a, &sink)))
		goto report;
	/* open every sample file first: a bad one stops before any request */
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

	hopts.cacert = a.cacert;
	hopts.insecure = a.insecure;
	hopts.timeout_ms = (long)ceil(a.timeout * 1000.0);
	hopts.user_agent = "ing2gw-shadow/" ING2GW_VERSION;
	if (shadow_http_new(&r.http, &hopts)) {
		fprintf(stderr, "ing2gw: shadow: cannot set up libcurl\n");
		rc = EXIT_ERROR;
		goto report;
	}
	shadow_addr_text_all(&addr, &r.addrs[0]);
	shadow_addr_text_all(&addr2, &r.addrs[1]);
	shadow_report_init(&r.report, addr.buf, addr2.buf,
		r.models.ing != NULL);
	r.progress = isatty(STDERR_FILENO);

	/* Ctrl-C: stop sending, write the report of what was sent */
	interrupted = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	run_probes(&r, &probes);
	for (size_t i = 0; i < a.samples.n && !r.stop && !interrupted; i++)
		run_samples(&r, readers[i], a.samples.v[i]);
	sigaction(SIGINT, &old_sa, NULL);
	was_interrupted = interrupted;

	if (r.progress)
		fputs("\r\033[K", stderr);
	r.report.interrupted = was_interrupted;
	write_report(&r, a.json);
	write_errors(&r);
	rc = exit_code(&r, &a);
	if (sink.input_errors)		/* a sample file failed to read */
		rc = EXIT_ERROR;
report:
	report_write(stderr, &sink, REPORT_TEXT, REPORT_COLOR_AUTO);
done:
	replay_samples_close_all(readers, a.samples.n);
	replay_probes_release(&probes);
	run_release(&r);
	diag_sink_release(&sink);
	strbuf_release(&addr);
	strbuf_release(&addr2);
	for (size_t i = 0; i < a.methods.n; i++)
		free(a.methods.v[i]);
	free(a.methods.v);
	free(a.samples.v);
	free(a.generate.v);
	free(a.ingress.v);
	free(a.gateway.v);
	free(a.compare.v);
	free(a.ignore.v);
	cli_common_release(&a.common);
	if (was_interrupted) {
		/* die of SIGINT, so that a calling shell stops too */
		fflush(NULL);
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
	}
	return rc;
}
