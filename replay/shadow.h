/*
 * ing2gw shadow: the same requests sent to the live Ingress controller and
 * to the new Gateway, and the two answers compared (cli/cmd_shadow.c runs
 * it; replay/shadow_http.h sends the requests). This part never touches
 * the network:
 *
 *  - addresses: "HOST" (http 80, https 443), "HOST:PORT" (every request to
 *    PORT, whatever its scheme), "HOST:HTTP,HTTPS" (one port per scheme;
 *    either may be empty for its default). An IPv6 address is written in
 *    brackets: "[::1]:8080,8443".
 *  - answers: the status, the response headers and, when the backend
 *    echoes the request it received, that echo.
 *  - comparison of two answers into replay_diffs, with replay's field
 *    names (replay/compare.h) so that an observed difference can be set
 *    beside the routing models' prediction for the same request:
 *
 *	status			the number
 *	backend			the echo's backend name (both echoes,
 *				or one side an echo and the other not)
 *	upstream.method, .path, .query, .host
 *				from the echoes, when both sides have one
 *	upstream.headers.NAME	each echoed request header, except the
 *				ignored ones (SHADOW_IGNORED_HEADERS and
 *				the caller's) and Host (upstream.host)
 *	redirect		the Location (replay_location_eq)
 *	response_headers.NAME	Strict-Transport-Security, every
 *				Access-Control-*, the caller's names, and
 *				those the models' decisions set
 *
 *    Header names are lower-case; repeated headers are joined with ",";
 *    a value is a JSON string, or null when the side does not send it.
 *  - classification of each difference against the prediction (the two
 *    models' decisions and replay_compare of them): predicted and
 *    explained, predicted but unexplained, or unexpected; and the
 *    predicted differences both data planes disagree with (not seen).
 *  - the report: differences grouped by class, field and both values,
 *    with their count and first examples; transport errors grouped by
 *    side and message; skipped requests by reason; text and JSON.
 *
 * The echo format: a response body that is a JSON object with the string
 * members "method" and "path" is an echo of the request the backend
 * received. Also read: "query" (without '?'; when absent, a '?' in "path"
 * splits it), "host" (the Host header), "headers" (an object, each value
 * a string or a list of strings), and the backend's name: "backend", or
 * else "namespace"/"service" (the Gateway API conformance echo server's
 * members). Anything else in the body is ignored.
 *
 * Ownership: answers, echoes and reports own their strings; the report
 * copies what it is given.
 */
#ifndef ING2GW_REPLAY_SHADOW_H
#define ING2GW_REPLAY_SHADOW_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "compare.h"
#include "request.h"
#include "strbuf.h"
#include "strmap.h"

/* Bytes of a response body kept (an echo is small); the rest is not read. */
#define SHADOW_BODY_MAX (64 * 1024)
/* Examples kept per group. */
#define SHADOW_MAX_EXAMPLES 3

/*
 * Upstream headers never compared (NULL-terminated, lower-case; a name
 * ending in '*' is a prefix): replay's forwarding headers, the hop-by-hop
 * headers each proxy sets its own way, Via and Forwarded, and Envoy's
 * x-envoy-* (the data plane of many Gateway API implementations).
 */
extern const char *const shadow_ignored_headers[];

/* ----- addresses ----- */

struct shadow_addr {
	char *host;		/* without brackets */
	unsigned http_port, https_port;
	bool ipv6;
};

/*
 * Parses text (see above) into a (released first by the caller when
 * reused). Returns 0, or ERR_PARSE with a static reason in *why.
 */
int shadow_addr_parse(struct shadow_addr *a, const char *text,
	const char **why);
void shadow_addr_release(struct shadow_addr *a);
unsigned shadow_addr_port(const struct shadow_addr *a, bool https);
/* "HOST:PORT" of the port a scheme uses ("[::1]:8443"), into out. */
void shadow_addr_text(struct strbuf *out, const struct shadow_addr *a,
	bool https);
/* "HOST:HTTP,HTTPS", or "HOST:PORT" when both are the same. */
void shadow_addr_text_all(struct strbuf *out, const struct shadow_addr *a);

/*
 * Why req cannot be sent as it is (a static reason), or NULL: a request
 * target, Host or header with control characters or spaces, a header name
 * that is not a token, a method that is not a token.
 */
const char *shadow_request_unsendable(const struct replay_request *req);

/* ----- answers ----- */

struct shadow_header {
	char *name;		/* lower-case */
	char *value;
};

struct shadow_echo {
	bool valid;
	char *method, *path, *query, *host, *backend;	/* NULL: none */
	struct shadow_header *headers;	/* sorted by name, unique */
	size_t nheaders;
};

struct shadow_answer {
	int status;		/* 0: no answer */
	char *error;		/* a transport error, NULL when answered */
	bool fatal;		/* the address cannot be reached at all */
	struct shadow_header *headers;	/* in order received */
	size_t nheaders, capheaders;
	struct strbuf body;	/* at most SHADOW_BODY_MAX bytes */
	bool truncated;
	struct shadow_echo echo;
};

void shadow_answer_init(struct shadow_answer *a);
void shadow_answer_reset(struct shadow_answer *a);
void shadow_answer_release(struct shadow_answer *a);
/*
 * One header line as received ("Name: value\r\n"); a status line
 * ("HTTP/1.1 100 Continue") forgets the headers of an interim answer.
 */
void shadow_answer_header_line(struct shadow_answer *a, const char *line,
	size_t len);
/* Appends body bytes; false once SHADOW_BODY_MAX is reached. */
bool shadow_answer_body(struct shadow_answer *a, const void *data,
	size_t len);
/* The values of a header (lower-case name) joined with ",", or NULL. */
char *shadow_answer_header(const struct shadow_answer *a, const char *name);
/* Parses the body as an echo into a->echo (valid or not). */
void shadow_answer_parse_echo(struct shadow_answer *a);

/* Parses an echo body (see above); e is released and refilled. */
bool shadow_echo_parse(struct shadow_echo *e, const char *body, size_t len);
void shadow_echo_release(struct shadow_echo *e);

/* ----- comparison ----- */

struct shadow_compare_opts {
	/* more response headers to compare (--compare-header) */
	const char *const *response_headers;
	size_t nresponse_headers;
	/* more upstream headers to leave out (--ignore-header) */
	const char *const *ignore_headers;
	size_t nignore_headers;
};

/*
 * Compares two answers (both answered) into out (reset first), in the
 * order of the list above. ding and dgw, the models' decisions, may be
 * NULL; the response headers they set are compared too. Returns the
 * number of differences.
 */
size_t shadow_compare(struct replay_diffs *out, const struct shadow_answer *ing,
	const struct shadow_answer *gw, const struct shadow_compare_opts *opts,
	const struct replay_decision *ding, const struct replay_decision *dgw);

/* ----- classification ----- */

enum shadow_class {
	SHADOW_UNEXPECTED,	/* the models agree, or there are none */
	SHADOW_PREDICTED,	/* the models differ there too, no reason */
	SHADOW_EXPLAINED,	/* predicted, with a known reason */
	SHADOW_NOT_SEEN,	/* predicted, both data planes alike */
	SHADOW_NCLASSES,
};

/* "unexpected", "predicted", "explained", "not-seen" */
const char *shadow_class_name(enum shadow_class c);

struct shadow_prediction {
	const struct replay_decision *ingress;	/* ingress-nginx model */
	const struct replay_decision *gateway;	/* Gateway API model */
	const struct replay_diffs *diffs;	/* replay_compare of both */
};

/*
 * The class of an observed difference in field. p NULL (no models):
 * unexpected. A field is predicted when the models differ in it (an
 * upstream header also when one model removes it; "backend" when they
 * differ in "backends"), or in status or backends (everything else of
 * the request follows from that). When they agree but split the traffic
 * between backends, a difference in backend or upstream is explained by
 * the split (each side draws at random). A predicted difference is
 * explained when the Ingress model's decision knows a reason
 * (replay_decision known[]).
 */
enum shadow_class shadow_classify(const struct shadow_prediction *p,
	const char *field);

/* ----- the report ----- */

struct shadow_example {
	char *source;		/* "file", "probe N" */
	size_t line;		/* 0: none */
	char *request;		/* "GET https://host/path (Header: v)" */
};

struct shadow_group {
	enum shadow_class cls;
	char *field;
	json_t *ingress, *gateway;	/* observed (models' for not-seen) */
	size_t count;
	struct shadow_example examples[SHADOW_MAX_EXAMPLES];
	size_t nexamples;
	struct replay_known known[REPLAY_MAX_KNOWN];	/* explained */
	size_t nknown;
	char *key;		/* private */
};

/* A transport error (side set) or a skipped request (side NULL). */
struct shadow_issue {
	char *side;		/* "ingress", "gateway"; NULL: skipped */
	char *what;		/* the message, the address in it */
	size_t count;
	struct shadow_example examples[SHADOW_MAX_EXAMPLES];
	size_t nexamples;
	char *key;		/* private */
};

struct shadow_report {
	char *ingress_address, *gateway_address;
	bool models;
	struct shadow_group **groups;
	size_t ngroups, capgroups;
	struct shadow_issue **issues;
	size_t nissues, capissues;
	/* requests: compared and errors; differ = unexpected + predicted +
	 * explained (each request counted by its worst difference) */
	size_t requests, same, differ, unexpected, predicted, explained;
	size_t not_seen;	/* with a predicted difference unseen */
	size_t errors, skipped;
	bool interrupted;
	size_t capped;		/* --max-requests, when it stopped */
	struct strmap index;	/* private: group and issue keys */
};

void shadow_report_init(struct shadow_report *r, const char *ingress_address,
	const char *gateway_address, bool models);
void shadow_report_release(struct shadow_report *r);

/*
 * Records one compared request: each observed difference in the group of
 * its class, field and values; with a prediction, each predicted
 * difference that the data planes did not show where they could (status,
 * redirect, response headers; upstream fields when both_echo) as
 * not-seen. Returns the request's worst class, or SHADOW_NCLASSES when
 * it is the same on both sides.
 */
enum shadow_class shadow_report_request(struct shadow_report *r,
	const struct shadow_example *ex, const struct replay_diffs *observed,
	const struct shadow_prediction *p, bool both_echo);
/* Records a transport error of one side (what names the address). */
void shadow_report_error(struct shadow_report *r,
	const struct shadow_example *ex, const char *side, const char *what);
/* Counts a request with errors once, after its sides' errors. */
void shadow_report_errored(struct shadow_report *r);
/* Records a request that was not sent, and why. */
void shadow_report_skip(struct shadow_report *r,
	const struct shadow_example *ex, const char *why);

/*
 * Text: each group ("unexpected: FIELD (N requests)", both values, the
 * reasons, the examples), the errors, the skipped requests, then the
 * summary line. Groups sorted by class, count (descending), field and
 * values.
 */
void shadow_report_text(struct strbuf *out, const struct shadow_report *r);
/*
 * {"ingress_address", "gateway_address", "models",
 *  "differences": [{"class", "field", "ingress", "gateway", "requests",
 *                   "explained": [{"rule", "why"}], "examples":
 *                   [{"source", "line", "request"}]}],
 *  "errors": [{"side", "error", "requests", "examples"}],
 *  "skipped": [{"why", "requests", "examples"}],
 *  "summary": {"requests", "same", "differ", "unexpected", "predicted",
 *              "explained", "not_seen", "errors", "skipped",
 *              "interrupted", "max_requests_reached"}}
 * (a new reference).
 */
json_t *shadow_report_json(const struct shadow_report *r);

#endif
