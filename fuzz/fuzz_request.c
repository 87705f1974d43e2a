/*
 * replay/request: request lines, header lines, base URLs and request
 * targets as the route and replay commands read them, then a decision
 * built from the request (header edits, backends, notes) rendered as JSON
 * and as text. The input is lines:
 *
 *	METHOD URL			the first line (replay_request_parse)
 *	base scheme://host[:port]	replay_request_apply_base
 *	target /path?query		replay_request_set_target
 *	Name: value			replay_request_add_header_line
 */
#include "compat.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "samples.h"
#include "strbuf.h"

static void
decide(const struct replay_request *req)
{
	struct replay_decision d;
	struct replay_backend b = { 0 };
	struct strbuf out = STRBUF_INIT;
	char *json = NULL;

	replay_decision_init(&d);
	d.explain = true;
	d.status = 200;
	d.upstream.method = req->method;
	d.upstream.path = req->path;
	d.upstream.query = req->query;
	d.upstream.host = req->host;
	for (size_t i = 0; i < req->nheaders; i++) {
		const struct replay_header *h = &req->headers[i];

		switch (i % 3) {
		case 0:
			replay_decision_hdr_add(&d, h->name, h->value);
			break;
		case 1:
			replay_decision_hdr_set(&d, h->name, h->value);
			break;
		default:
			replay_decision_hdr_remove(&d, h->name);
			replay_decision_add_resp(&d, REPLAY_HDR_SET, h->name,
				h->value);
		}
		(void)replay_decision_hdr_get(&d, h->name);
		replay_decision_note(&d, "header %s", h->name);
	}
	b.namespace = "ns";
	b.name = req->host ? req->host : "svc";
	b.port = (long)req->port;
	b.weight = 1;
	replay_decision_add_backend(&d, &b);
	d.redirect = req->query;
	replay_decision_to_json(&json, &d, 2);
	free(json);
	replay_decision_explain(&out, &d);
	strbuf_release(&out);
	replay_decision_release(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct replay_request req;
	char *line, *next;
	bool first = true;

	replay_request_init(&req);
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (first) {
			first = false;
			replay_request_parse(&req, line);
		} else if (!strncmp(line, "base ", 5)) {
			replay_request_apply_base(&req, line + 5);
		} else if (!strncmp(line, "target ", 7)) {
			replay_request_set_target(&req, line + 7);
		} else {
			replay_request_add_header_line(&req, line);
		}
	}
	(void)replay_request_header(&req, "host");
	(void)replay_request_header(&req, "content-type");
	decide(&req);
	replay_request_release(&req);
	free(text);
	return 0;
}
