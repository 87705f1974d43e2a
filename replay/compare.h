/*
 * Comparing two decisions (replay/request.h) of the same request, one from
 * the Ingress side and one from the Gateway API side, field by field:
 *
 *	undecided		a regular expression could not be
 *				evaluated on one side or both: always a
 *				difference (the decision is a guess)
 *	status			the number
 *	backends		shares of traffic per "ns/name" and
 *				port, equal within REPLAY_SHARE_TOLERANCE
 *				(never random draws)
 *	upstream.method, .path, .query, .host
 *	upstream.headers.NAME	each header (lower-case name, repeated
 *				values joined with ","), except the ignored
 *				ones
 *	upstream.removed	the removed header names, as a sorted set
 *	redirect		the Location ("http://h" and "http://h/",
 *				the same URL, are equal)
 *	response_headers.NAME	each response header change
 *
 * A header's value in a difference is a string, null when the side does
 * not have it, or {"removed": true} when the side removes it.
 *
 * The upstream fields are compared only when both sides proxied the
 * request (a side that answered itself has no upstream request; its
 * status and backends already differ). Which rule matched is never
 * compared: the two configurations name their objects differently.
 *
 * Ownership: a replay_diffs owns its items and their JSON values (jansson
 * references); replay_diffs_reset() drops them and keeps the array.
 */
#ifndef ING2GW_REPLAY_COMPARE_H
#define ING2GW_REPLAY_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "request.h"
#include "strbuf.h"

#define REPLAY_SHARE_TOLERANCE 1e-9

struct replay_diff {
	char *field;		/* "status", "upstream.headers.x-foo"... */
	json_t *ingress;	/* the value on each side; json null when */
	json_t *gateway;	/* the side has none */
};

struct replay_diffs {
	struct replay_diff *items;
	size_t len, cap;
};

#define REPLAY_DIFFS_INIT { 0 }

struct replay_compare_opts {
	/*
	 * Upstream header names (case-insensitive) left out of the
	 * comparison, e.g. the X-Forwarded-* every proxy sets its own way.
	 */
	const char *const *ignore_headers;
	size_t nignore_headers;
};

/*
 * The upstream headers ignored by default: hop and forwarding headers that
 * ingress-nginx sets on every request and a Gateway API implementation
 * sets its own way (X-Forwarded-For, -Host, -Port, -Proto, -Scheme,
 * X-Real-IP, X-Request-ID, X-Scheme, X-Original-URI). NULL-terminated.
 */
extern const char *const replay_default_ignored_headers[];

void replay_diffs_init(struct replay_diffs *d);
void replay_diffs_reset(struct replay_diffs *d);
void replay_diffs_release(struct replay_diffs *d);
/* Appends a difference; takes the references ing and gw (NULL: null). */
void replay_diffs_add(struct replay_diffs *d, const char *field, json_t *ing,
	json_t *gw);

/*
 * Compares ing with gw and appends one item per differing field to out
 * (reset first), in the order of the list above, header names sorted.
 * opts may be NULL (nothing ignored). Returns the number of differences.
 */
size_t replay_compare(struct replay_diffs *out,
	const struct replay_decision *ing, const struct replay_decision *gw,
	const struct replay_compare_opts *opts);

/*
 * Whether two redirect Locations name the same URL: equal, or absolute
 * http(s) URLs that differ only by an empty path ("/") or the scheme's
 * default port. NULL equals only NULL.
 */
bool replay_location_eq(const char *a, const char *b);

/* The backends as compared: [{"service", "port", "weight"}], sorted. */
json_t *replay_backends_json(const struct replay_decision *d);

/*
 * [{"field", "ingress", "gateway"}] (a new reference). The values are
 * JSON values: numbers, strings, lists, objects or null.
 */
json_t *replay_diffs_json(const struct replay_diffs *d);
/*
 * Text: for each difference "<indent>FIELD\n<indent>  ingress: V\n
 * <indent>  gateway: V\n", values as compact JSON.
 */
void replay_diffs_text(struct strbuf *out, const struct replay_diffs *d,
	const char *indent);
/* A JSON value as compact text (shares with at most 6 decimals). */
void replay_json_text(struct strbuf *out, const json_t *v);

#endif
