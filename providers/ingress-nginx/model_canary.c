/*
 * The ingress-nginx routing model: the canary decision of the Lua balancer, as a share of
 * traffic and never a random draw (balancer.lua
 * route_to_alternative_balancer): header, then cookie, then weight.
 * Session affinity is not modelled (a request carries no affinity state
 * here).
 */
#include "compat.h"

#include <string.h>
#include <strings.h>

#include "model_int.h"

/* Header names compare case-insensitively with '-' and '_' equal. */
static bool
hdr_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '_' ? '-' : *a, y = *b == '_' ? '-' : *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return !*a && !*b;
}

static const char *
header(const struct replay_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (hdr_name_eq(req->headers[i].name, name))
			return req->headers[i].value;
	return NULL;
}

/* The value of cookie name in the Cookie header, copied into buf. */
static const char *
cookie(const struct replay_request *req, const char *name, char *buf,
	size_t cap)
{
	const char *c = replay_request_header(req, "cookie");
	size_t nl = strlen(name);

	while (c && *c) {
		const char *end = strchr(c, ';');
		size_t len;

		while (*c == ' ')
			c++;
		len = end ? (size_t)(end - c) : strlen(c);
		if (len > nl && !strncmp(c, name, nl) && c[nl] == '=') {
			size_t vl = len - nl - 1;

			if (vl >= cap)
				vl = cap - 1;
			memcpy(buf, c + nl + 1, vl);
			buf[vl] = '\0';
			return buf;
		}
		c = end ? end + 1 : NULL;
	}
	return NULL;
}

double
ri_canary_share(const struct ri_canary *cn, struct ri_req *r)
{
	const struct ri_conf *c = &cn->ci->conf;
	struct replay_decision *d = r->d;
	char buf[256];
	const char *v;
	double w;

	if (c->canary_header && (v = header(r->req, c->canary_header))) {
		if (c->canary_header_value) {
			if (!strcmp(v, c->canary_header_value)) {
				replay_decision_note(d, "canary: header %s "
					"has the canary value",
					c->canary_header);
				return 1;
			}
		} else if (c->canary_pattern || c->canary_pattern_bad) {
			if (c->canary_pattern_bad) {
				replay_decision_note(d, "canary: bad header "
					"pattern: primary");
				return 0;
			}
			if (ri_re_match(d, c->canary_pattern, v,
				strlen(v)) >= 0) {
				replay_decision_note(d, "canary: header %s "
					"matches the pattern",
					c->canary_header);
				return 1;
			}
		} else if (!strcmp(v, "always")) {
			replay_decision_note(d, "canary: header %s: always",
				c->canary_header);
			return 1;
		} else if (!strcmp(v, "never")) {
			replay_decision_note(d, "canary: header %s: never",
				c->canary_header);
			return 0;
		}
	}
	if (c->canary_cookie && (v = cookie(r->req, c->canary_cookie, buf,
		sizeof(buf)))) {
		if (!strcmp(v, "always")) {
			replay_decision_note(d, "canary: cookie %s: always",
				c->canary_cookie);
			return 1;
		}
		if (!strcmp(v, "never")) {
			replay_decision_note(d, "canary: cookie %s: never",
				c->canary_cookie);
			return 0;
		}
	}
	if (c->canary_weight <= 0)
		return 0;
	w = (double)c->canary_weight / (double)c->canary_weight_total;
	if (w > 1)
		w = 1;
	replay_decision_note(d, "canary: weight %lld of %lld",
		c->canary_weight, c->canary_weight_total);
	return w;
}
