/*
 * The live half of ing2gw shadow: one request sent to several addresses
 * at the same time over libcurl, and their answers (replay/shadow.h).
 *
 * What is sent: the request's method, its request target verbatim
 * (path and query, never normalised), its Host, and its headers less
 * Host, Content-Length, Transfer-Encoding, Expect and Connection; never a
 * body (HEAD asks for none, other methods send none). The connection goes
 * to the address's port for the request's scheme whatever the URL names
 * (CURLOPT_CONNECT_TO, so no DNS lookup of the request's host), TLS with
 * the request's SNI (its host, or its sni when set) and, unless insecure,
 * the peer verified against cacert (NULL: the system's CAs). HTTP/1.1;
 * redirects are not followed; proxies from the environment are not used;
 * only http and https. A body is read up to SHADOW_BODY_MAX bytes, then
 * the transfer stops (an echo is small; a download is not wanted). Each
 * address keeps its connection from one request to the next.
 *
 * Built without libcurl (-Dcurl=disabled), shadow_http_new() returns
 * ERR_UNSUPPORTED and shadow_http_supported() false.
 */
#ifndef ING2GW_REPLAY_SHADOW_HTTP_H
#define ING2GW_REPLAY_SHADOW_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "request.h"
#include "shadow.h"

#define SHADOW_HTTP_SIDES 2

struct shadow_http_opts {
	const char *cacert;	/* NULL: the system's CAs */
	bool insecure;		/* no verification of the peer at all */
	long timeout_ms;	/* connect and whole request */
	const char *user_agent;	/* when the request has none */
};

struct shadow_http;

bool shadow_http_supported(void);
int shadow_http_new(struct shadow_http **out,
	const struct shadow_http_opts *opts);
void shadow_http_free(struct shadow_http *h);

/*
 * Sends req to addrs[0..n-1] (n <= SHADOW_HTTP_SIDES) at once and waits
 * for every answer: answers[i] is reset, then holds the status, headers,
 * body (and echo), or error. A transport error names the address and
 * what failed ("127.0.0.1:8443: no answer within 5 s"); fatal is set when
 * the address could not be reached at all (refused, unreachable, not
 * resolved), which later requests would meet too. When *stop becomes
 * non-zero the transfers are abandoned and 1 is returned (the answers
 * mean nothing); otherwise 0.
 */
int shadow_http_send(struct shadow_http *h, const struct replay_request *req,
	const struct shadow_addr *addrs, size_t n,
	struct shadow_answer *answers, const volatile sig_atomic_t *stop);

#endif
