/*
 * Requests and decisions of the routing models (replay/gateway,
 * replay/ingress) and their JSON rendering.
 *
 * A request is what a client sends to a gateway address: method, scheme,
 * destination port, Host, path, query, headers. A decision is what one
 * routing model does with it: status, backends with their share of
 * traffic (never a random draw), the request as the backend sees it, the
 * redirect Location, the response header changes, and which rule matched
 * with its source position.
 *
 * Ownership: a request owns copies of everything parsed or added through
 * its functions; replay_request_release() frees them. A decision owns its
 * arrays and a scratch pool for the strings it builds; other strings in it
 * (names, the unchanged path...) are borrowed from the request and from the
 * routing engine (and thus from the doc_set the engine was loaded from), so
 * a decision is valid while those live and until the next
 * replay_decision_reset() or replay_decision_release(). Reusing one
 * decision for many requests keeps its buffers (no allocation per request
 * in the common case).
 */
#ifndef ING2GW_REPLAY_REQUEST_H
#define ING2GW_REPLAY_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "strbuf.h"

struct replay_header {
	const char *name;
	const char *value;
};

struct replay_request {
	const char *method;	/* "GET" when not set */
	const char *scheme;	/* "http" or "https" */
	/*
	 * Host header / :authority, verbatim (may carry ":port"); NULL when
	 * the client sent the gateway's address (matches only listeners and
	 * routes without hostnames).
	 */
	const char *host;
	const char *sni;	/* TLS server name; NULL = same as host */
	unsigned port;		/* destination (listener) port */
	const char *path;	/* without the query; "/" when empty */
	const char *query;	/* without '?'; NULL when the URL had none */
	struct replay_header *headers;
	size_t nheaders, capheaders;
	const char *client_ip;	/* NULL when unknown */
	/*
	 * "namespace/name" of the Gateway whose address receives the
	 * request; NULL means every Gateway listening on port.
	 */
	const char *gateway;
	bool grpc;		/* a gRPC call: only GRPCRoutes match */
	/* private: owned strings */
	char **owned;
	size_t nowned, capowned;
};

#define REPLAY_REQUEST_INIT { 0 }

/*
 * The request's Host as the controllers' models compare it: the port and
 * a final '.' taken off, lower case, in buf (cap bytes). NULL for no
 * host, an IP literal in brackets, or one that does not fit.
 */
const char *replay_host_name(const char *host, char *buf, size_t cap);
/* The value of a hexadecimal digit, -1 for another character (for the
 * models that decode percent-escapes of the path). */
int replay_hex_digit(char c);

void replay_request_init(struct replay_request *req);
void replay_request_release(struct replay_request *req);

/*
 * Parses "METHOD URL" (or just "URL", method GET). URL is absolute
 * ("http://host[:port]/path?query", sets scheme, Host, port) or a
 * request target ("/path?query", keeps the current scheme, host, port;
 * port defaults to 80/443 from the scheme). Returns ERR_PARSE on a
 * malformed line.
 */
int replay_request_parse(struct replay_request *req, const char *line);
/* Sets path and query from a request target "/path?query". */
void replay_request_set_target(struct replay_request *req, const char *target);
/* Copies s and stores it in *field (e.g. &req->host). */
void replay_request_set(struct replay_request *req, const char **field,
	const char *s);
/* Appends a header (copied); "Name: value" lines go through _parse. */
void replay_request_add_header(struct replay_request *req, const char *name,
	const char *value);
int replay_request_add_header_line(struct replay_request *req,
	const char *line);
/* First value of a header (case-insensitive name), NULL when absent. */
const char *replay_request_header(const struct replay_request *req,
	const char *name);

/* ----- decisions ----- */

/*
 * An InferencePool backend (Gateway API Inference Extension v1): the pods
 * its selector picks (in its namespace) and the target ports of each. Its
 * endpoint picker chooses the pod and port of every request, from live
 * metrics: the models name the pool and do not model that choice.
 */
struct replay_pool {
	bool known;		/* false: not in the input, assumed */
	const struct replay_header *labels;	/* selector.matchLabels */
	size_t nlabels;
	const long *ports;	/* targetPorts */
	size_t nports;
	const char *picker_kind;	/* endpointPickerRef, NULL: none */
	const char *picker_name;	/* "ns/name" */
	long picker_port;	/* -1: none */
	const char *failure_mode;	/* "FailClose" (the default), ... */
};

struct replay_backend {
	const char *namespace;
	const char *name;
	long port;		/* -1 when the ref had none (or a pool) */
	double weight;		/* share of all requests, 0..1 */
	const struct replay_pool *pool;	/* an InferencePool, else NULL */
};

enum replay_hdr_op {
	REPLAY_HDR_SET = 1,
	REPLAY_HDR_ADD = 2,
	REPLAY_HDR_REMOVE = 3,
};

/* A response header change made by the gateway (value NULL for remove). */
struct replay_resp_header {
	enum replay_hdr_op op;
	const char *name;
	const char *value;
};

struct replay_mirror {
	const char *namespace;
	const char *name;
	long port;
	double fraction;	/* 0..1 of requests mirrored */
};

struct replay_matched {
	const char *kind;	/* "HTTPRoute", "GRPCRoute", "Ingress"... */
	const char *namespace;
	const char *name;
	long rule;		/* 0-based; -1 when not applicable */
	long match;		/* 0-based; -1 when not applicable */
	const char *file;	/* source position of the match (or rule) */
	uint32_t line;
};

struct replay_pool_block;

#define REPLAY_MAX_KNOWN 4

struct replay_decision {
	int status;		/* 0 until decided */
	/*
	 * Valid backends with their share of all requests. The shares of
	 * invalid backends are not listed: 1 - sum(weight) of the requests
	 * get status 500. Zero-weight backends are not listed.
	 */
	struct replay_backend *backends;
	size_t nbackends, capbackends;
	/* The request as the (first, largest-share) backend sees it. */
	struct {
		const char *method;
		const char *path;
		const char *query;	/* NULL: none */
		const char *host;	/* NULL: none sent */
		struct replay_header *headers;	/* in order, may repeat */
		size_t nheaders, capheaders;
		const char **removed;	/* header names removed */
		size_t nremoved, capremoved;
	} upstream;
	const char *redirect;	/* Location, NULL when not a redirect */
	struct replay_resp_header *resp;	/* in order of application */
	size_t nresp, capresp;
	struct replay_mirror *mirrors;
	size_t nmirrors, capmirrors;
	bool has_matched;
	struct replay_matched matched;
	/* true: the gateway answered itself (CORS preflight) */
	bool answered_by_gateway;
	/*
	 * Why a regular expression could not be evaluated on the request
	 * (a PCRE2 match, depth or heap limit, the JIT stack...), NULL when
	 * every one could. The rest of the decision takes it as no match: a
	 * guess, which route and replay never present as a decision.
	 */
	const char *undecided;
	/*
	 * Known differences (Ingress side): behaviours of the source
	 * controller that this decision relies on and that Gateway API
	 * cannot express, each named by the rule of the convert diagnostic
	 * that reports it (static strings). replay reports a difference of
	 * such a request as explained by them.
	 */
	struct replay_known {
		const char *rule;	/* "convert/nginx-..." */
		const char *why;	/* one line */
	} known[REPLAY_MAX_KNOWN];
	size_t nknown;
	/* explanation lines, collected when explain is true */
	bool explain;
	const char **notes;
	size_t nnotes, capnotes;
	/* private */
	struct replay_pool_block *pool;
	void *regex_md;		/* pcre2 match data, created on demand */
};

void replay_decision_init(struct replay_decision *d);
/* Forgets the decision, keeps buffers and the explain flag. */
void replay_decision_reset(struct replay_decision *d);
void replay_decision_release(struct replay_decision *d);

/* Scratch memory owned by the decision (freed by reset/release). */
void *replay_decision_alloc(struct replay_decision *d, size_t n);
char *replay_decision_strndup(struct replay_decision *d, const char *s,
	size_t n);
char *replay_decision_printf(struct replay_decision *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds an explanation line (only when d->explain). */
void replay_decision_note(struct replay_decision *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void replay_decision_add_backend(struct replay_decision *d,
	const struct replay_backend *b);
void replay_decision_add_mirror(struct replay_decision *d,
	const struct replay_mirror *m);
void replay_decision_add_resp(struct replay_decision *d,
	enum replay_hdr_op op, const char *name, const char *value);
/* Upstream header edits, case-insensitive names. */
void replay_decision_hdr_set(struct replay_decision *d, const char *name,
	const char *value);
void replay_decision_hdr_add(struct replay_decision *d, const char *name,
	const char *value);
void replay_decision_hdr_remove(struct replay_decision *d, const char *name);
/*
 * The upstream header's values joined with ",", or NULL when absent;
 * the string lives in the decision's pool.
 */
const char *replay_decision_hdr_get(struct replay_decision *d,
	const char *name);

/*
 * A regex match failed with pcre2 error rc (not PCRE2_ERROR_NOMATCH) on
 * subject s: marks the decision undecided (the first failure is kept).
 */
void replay_decision_regex_failed(struct replay_decision *d, int rc,
	const char *s, size_t n);

/*
 * Records a known difference (static strings; a rule already recorded or
 * a fifth one is dropped).
 */
void replay_decision_known(struct replay_decision *d, const char *rule,
	const char *why);

/*
 * Builds the decision's JSON object:
 * {"status", "backends": [{"service": "ns/name", "port", "weight"}, or
 *  for a pool {"inference_pool": "ns/name", "port": null, "weight",
 *  "selector": {label: value}, "target_ports": [n], "endpoint_picker":
 *  {"kind", "name", "port", "failure_mode"}|null, "endpoint": "chosen by
 *  the endpoint picker (not modelled)"}],
 *  "upstream": {"method","path","query","host","headers":{name: value},
 *  "removed": [names]}, "redirect": string|null,
 *  "response_headers": {name: value, or null when removed},
 *  "matched": {"kind","namespace","name","rule","match","file","line"}|null}
 * Header names are lower-cased and sorted; repeated headers are joined
 * with ",". Returns a new reference (json_decref it).
 */
json_t *replay_decision_json(const struct replay_decision *d);
/* The same, serialised (indent 0: one line) into out (free()). */
int replay_decision_to_json(char **out, const struct replay_decision *d,
	int indent);
/* Human-readable multi-line text of the decision and its notes. */
void replay_decision_explain(struct strbuf *out,
	const struct replay_decision *d);

#endif
