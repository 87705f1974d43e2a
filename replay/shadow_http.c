#include "compat.h"

#include "shadow_http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#if HAVE_CURL

#include <curl/curl.h>

struct side {
	CURL *easy;
	struct curl_slist *connect_to;
	struct shadow_answer *ans;
	char err[CURL_ERROR_SIZE];
	CURLcode rc;
	bool done;
};

struct shadow_http {
	CURLM *multi;
	struct side sides[SHADOW_HTTP_SIDES];
	struct shadow_http_opts o;
};

bool
shadow_http_supported(void)
{
	return true;
}

int
shadow_http_new(struct shadow_http **out, const struct shadow_http_opts *o)
{
	struct shadow_http *h;

	*out = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return ERR_IO;
	h = xcalloc(1, sizeof(*h));
	h->o = *o;
	h->multi = curl_multi_init();
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++)
		if (!(h->sides[i].easy = curl_easy_init()))
			h->o.timeout_ms = -1;	/* marks the failure */
	if (!h->multi || h->o.timeout_ms < 0) {
		shadow_http_free(h);
		return ERR_NOMEM;
	}
	*out = h;
	return 0;
}

void
shadow_http_free(struct shadow_http *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < SHADOW_HTTP_SIDES; i++) {
		if (h->sides[i].easy)
			curl_easy_cleanup(h->sides[i].easy);
		curl_slist_free_all(h->sides[i].connect_to);
	}
	if (h->multi)
		curl_multi_cleanup(h->multi);
	free(h);
	curl_global_cleanup();
}

static size_t
on_header(char *buf, size_t size, size_t n, void *ud)
{
	shadow_answer_header_line(ud, buf, size * n);
	return size * n;
}

static size_t
on_body(char *buf, size_t size, size_t n, void *ud)
{
	/* 0 stops the transfer: the rest of a long body is not wanted */
	return shadow_answer_body(ud, buf, size * n) ? size * n : 0;
}

/* Headers sent as the request has them, less those about a body or the
 * connection, which are curl's to write. */
static struct curl_slist *
request_headers(const struct replay_request *req, bool host_header)
{
	static const char *const dropped[] = { "host", "content-length",
		"transfer-encoding", "expect", "connection" };
	struct curl_slist *l = NULL;
	struct strbuf line = STRBUF_INIT;

	for (size_t i = 0; i < req->nheaders; i++) {
		const struct replay_header *hd = &req->headers[i];
		bool drop = false;

		for (size_t k = 0; k < ARRAY_LEN(dropped) && !drop; k++)
			drop = !strcasecmp(hd->name, dropped[k]);
		if (drop)
			continue;
		strbuf_reset(&line);
		/* "Name;" is how curl sends a header with an empty value */
		if (*hd->value)
			strbuf_addf(&line, "%s: %s", hd->name, hd->value);
		else
			strbuf_addf(&line, "%s;", hd->name);
		l = curl_slist_append(l, line.buf);
	}
	if (host_header) {
		strbuf_reset(&line);
		strbuf_addf(&line, "Host: %s", req->host);
		l = curl_slist_append(l, line.buf);
	}
	strbuf_release(&line);
	return l;
}

static void
side_setup(struct shadow_http *h, struct side *s,
	const struct replay_request *req, const struct shadow_addr *addr,
	struct curl_slist *headers, struct strbuf *scratch)
{
	CURL *e = s->easy;
	bool https = !strcmp(req->scheme, "https");

	curl_easy_reset(e);
	s->err[0] = '\0';
	s->done = false;
	s->rc = CURLE_OK;

	/* the URL gives the scheme, Host and SNI; the target goes as is */
	strbuf_reset(scratch);
	strbuf_addf(scratch, "%s://", https ? "https" : "http");
	if (req->sni)
		strbuf_adds(scratch, req->sni);
	else if (req->host)
		strbuf_adds(scratch, req->host);
	else
		shadow_addr_text(scratch, addr, https);
	strbuf_adds(scratch, "/");
	curl_easy_setopt(e, CURLOPT_URL, scratch->buf);
	strbuf_reset(scratch);
	strbuf_adds(scratch, req->path);
	if (req->query)
		strbuf_addf(scratch, "?%s", req->query);
	curl_easy_setopt(e, CURLOPT_REQUEST_TARGET, scratch->buf);

	/* every connection of this side goes to its address, nowhere else */
	curl_slist_free_all(s->connect_to);
	strbuf_reset(scratch);
	strbuf_adds(scratch, "::");
	shadow_addr_text(scratch, addr, https);
	s->connect_to = curl_slist_append(NULL, scratch->buf);
	curl_easy_setopt(e, CURLOPT_CONNECT_TO, s->connect_to);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
		(long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.timeout_ms);
	if (h->o.insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else if (h->o.cacert) {
		curl_easy_setopt(e, CURLOPT_CAINFO, h->o.cacert);
	}

	/* no body, whatever the method */
	if (!strcmp(req->method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (strcmp(req->method, "GET"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	if (h->o.user_agent)
		curl_easy_setopt(e, CURLOPT_USERAGENT, h->o.user_agent);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);

	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, s->ans);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, s->ans);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->err);
}

/* The answer, or the error, of a finished transfer. */
static void
side_finish(struct shadow_http *h, struct side *s,
	const struct shadow_addr *addr, bool https)
{
	struct shadow_answer *a = s->ans;
	struct strbuf m = STRBUF_INIT;
	long code = 0, oserr = 0;

	if (s->done && (s->rc == CURLE_OK ||
	    (s->rc == CURLE_WRITE_ERROR && a->truncated))) {
		curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
		a->status = (int)code;
		shadow_answer_parse_echo(a);
		return;
	}
	shadow_addr_text(&m, addr, https);
	strbuf_adds(&m, ": ");
	switch (s->done ? s->rc : CURLE_ABORTED_BY_CALLBACK) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &oserr);
		strbuf_addf(&m, "cannot connect: %s", oserr ?
			strerror((int)oserr) : curl_easy_strerror(s->rc));
		a->fatal = true;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		strbuf_adds(&m, "cannot resolve the address");
		a->fatal = true;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		strbuf_addf(&m, "no answer within %g s",
			(double)h->o.timeout_ms / 1000.0);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		strbuf_addf(&m, "TLS: %s (trust the certificate's CA with "
			"--cacert FILE, or skip the check with --insecure)",
			s->err[0] ? s->err : curl_easy_strerror(s->rc));
		break;
	default:
		strbuf_adds(&m, s->err[0] ? s->err :
			curl_easy_strerror(s->rc));
		break;
	}
	a->error = strbuf_detach(&m, NULL);
}

int
shadow_http_send(struct shadow_http *h, const struct replay_request *req,
	const struct shadow_addr *addrs, size_t n,
	struct shadow_answer *answers, const volatile sig_atomic_t *stop)
{
	bool https = !strcmp(req->scheme, "https");
	/* an explicit Host when the SNI is another name */
	struct curl_slist *headers = request_headers(req, req->sni &&
		req->host && strcasecmp(req->sni, req->host));
	struct strbuf scratch = STRBUF_INIT;
	int running = 1, left;
	bool stopped = false;
	CURLMsg *msg;

	if (n > SHADOW_HTTP_SIDES)
		n = SHADOW_HTTP_SIDES;
	for (size_t i = 0; i < n; i++) {
		shadow_answer_reset(&answers[i]);
		h->sides[i].ans = &answers[i];
		side_setup(h, &h->sides[i], req, &addrs[i], headers, &scratch);
		curl_multi_add_handle(h->multi, h->sides[i].easy);
	}
	strbuf_release(&scratch);
	while (running) {
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			break;
		if (stop && *stop) {
			stopped = true;
			break;
		}
		/* short waits: Ctrl-C is seen within 100 ms */
		if (running && curl_multi_poll(h->multi, NULL, 0, 100, NULL) !=
		    CURLM_OK)
			break;
	}
	while ((msg = curl_multi_info_read(h->multi, &left)))
		for (size_t i = 0; msg->msg == CURLMSG_DONE && i < n; i++)
			if (msg->easy_handle == h->sides[i].easy) {
				h->sides[i].done = true;
				h->sides[i].rc = msg->data.result;
			}
	for (size_t i = 0; i < n; i++) {
		curl_multi_remove_handle(h->multi, h->sides[i].easy);
		if (!stopped)
			side_finish(h, &h->sides[i], &addrs[i], https);
	}
	curl_slist_free_all(headers);
	return stopped ? 1 : 0;
}

#else /* !HAVE_CURL */

bool
shadow_http_supported(void)
{
	return false;
}

int
shadow_http_new(struct shadow_http **out, const struct shadow_http_opts *o)
{
	(void)o;
	*out = NULL;
	return ERR_UNSUPPORTED;
}

void
shadow_http_free(struct shadow_http *h)
{
	(void)h;
}

int
shadow_http_send(struct shadow_http *h, const struct replay_request *req,
	const struct shadow_addr *addrs, size_t n,
	struct shadow_answer *answers, const volatile sig_atomic_t *stop)
{
	(void)h;
	(void)req;
	(void)addrs;
	(void)n;
	(void)answers;
	(void)stop;
	return ERR_UNSUPPORTED;
}

#endif
