/*
 * Sample requests for replay, read one at a time:
 *
 *  - JSON Lines (.jsonl, .ndjson, or a first line starting with '{'): one
 *    object per line, {"method": "GET", "url": "http://host/path?q",
 *    "headers": {"Name": "value" or ["v1", "v2"]} or ["Name: value", ...],
 *    "client_ip": "10.0.0.1"}; only "url" is required. Blank lines and
 *    lines starting with '#' are skipped.
 *  - YAML (.yaml, .yml): a list of mappings {method, url, headers:
 *    ["Name: value", ...], client_ip}, loaded with libcyaml. libcyaml
 *    loads the list whole, so YAML is for small hand-written sets; use
 *    JSON Lines or access logs for big ones.
 *  - ingress-nginx access logs (anything else): one request per line in
 *    the nginx log_format given (default REPLAY_LOG_FORMAT_UPSTREAMINFO,
 *    the controller's log-format-upstream). Variables used: $request (or
 *    $request_method with $request_uri), $host/$http_host/$server_name,
 *    $scheme, $server_port, $remote_addr/$the_real_ip, $status,
 *    $http_NAME (a request header), $cookie_NAME, $proxy_upstream_name and
 *    $proxy_alternative_upstream_name (the upstream nginx chose, the
 *    ground truth for the Ingress model). The default format logs no host
 *    and no scheme: they come from the base URL (opts->base_url).
 *
 * JSON Lines and logs stream in constant memory: one line at a time. A bad
 * line (or YAML item) is reported as a warning "replay/bad-sample" at its
 * file and line, counted and skipped; after REPLAY_SAMPLES_MAX_REPORTED
 * such warnings the rest are only counted.
 *
 * Ownership: the reader borrows the path and options (they must outlive it
 * and, as diagnostic positions, the sink's use). A sample's request and
 * strings are owned by the sample and replaced by the next read.
 */
#ifndef ING2GW_REPLAY_SAMPLES_H
#define ING2GW_REPLAY_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "request.h"

#define REPLAY_LOG_FORMAT_UPSTREAMINFO \
	"$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\" " \
	"$request_length $request_time [$proxy_upstream_name] " \
	"[$proxy_alternative_upstream_name] $upstream_addr " \
	"$upstream_response_length $upstream_response_time " \
	"$upstream_status $req_id"

#define REPLAY_SAMPLES_MAX_REPORTED 100

enum replay_samples_format {
	REPLAY_SAMPLES_AUTO = 0,	/* from the name, then the content */
	REPLAY_SAMPLES_JSONL,
	REPLAY_SAMPLES_YAML,
	REPLAY_SAMPLES_LOG,
};

struct replay_samples_opts {
	enum replay_samples_format format;
	/* nginx log_format of access logs; NULL: upstreaminfo */
	const char *log_format;
	/*
	 * "scheme://host[:port]" for what a sample leaves out (a relative
	 * URL, a log without $host or $scheme); NULL: http, no Host.
	 */
	const char *base_url;
};

struct replay_sample {
	struct replay_request req;
	size_t line;		/* 1-based line where the sample starts */
	/*
	 * Access logs: the upstream nginx proxied to, as logged
	 * ("namespace-service-port", "upstream-default-backend", or NULL
	 * when not logged or "-"); the alternative (canary) one when it was
	 * chosen; the logged status (0 when unknown).
	 */
	const char *upstream;
	const char *alternative;
	int status;
	/* private */
	char *owned[2];
};

void replay_sample_init(struct replay_sample *s);
void replay_sample_release(struct replay_sample *s);

struct replay_samples;

/*
 * Opens path ("-": standard input). A file that cannot be opened, a bad
 * log format or base URL, or a YAML file that is not a list of samples is
 * an input error in sink: returns ERR_IO, ERR_INVALID or ERR_PARSE. *out
 * is set even then: close it once the diagnostics have been written (they
 * may cite the YAML document's file name).
 */
int replay_samples_open(struct replay_samples **out, const char *path,
	const struct replay_samples_opts *opts, struct diag_sink *sink);
/*
 * Reads the next good sample into s (released and refilled). Returns 1,
 * 0 at the end, or ERR_IO on a read error (an input error in sink).
 */
int replay_samples_next(struct replay_samples *r, struct replay_sample *s);
/* Bad lines (or YAML items) skipped so far. */
size_t replay_samples_bad(const struct replay_samples *r);
enum replay_samples_format replay_samples_format(
	const struct replay_samples *r);
void replay_samples_close(struct replay_samples *r);
/*
 * Opens each of the n files of paths, every one before any is read, so
 * that a bad one stops a run before its output: *out gets n + 1 readers,
 * each set even when it did not open (see replay_samples_open). Returns
 * 0, or the error of the last file that did not open.
 */
int replay_samples_open_all(struct replay_samples ***out,
	char *const *paths, size_t n, const struct replay_samples_opts *opts,
	struct diag_sink *sink);
/* Closes the first n readers of rs and frees rs (NULL: nothing). */
void replay_samples_close_all(struct replay_samples **rs, size_t n);

/*
 * Applies a base URL ("scheme://host[:port]", a path is ignored) to req:
 * scheme, Host and port. Returns ERR_PARSE when it is not one.
 */
int replay_request_apply_base(struct replay_request *req, const char *base);

#endif
