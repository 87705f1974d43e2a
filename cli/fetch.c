#include "compat.h"
#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "doc.h"

#define CONNECT_TIMEOUT_S 10L
#define TOTAL_TIMEOUT_S 60L
#define MAX_REDIRECTS 5L

bool
cli_is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

void
cli_http_resp_release(struct cli_http_resp *resp)
{
	strbuf_release(&resp->body);
}

#if HAVE_CURL

#include <curl/curl.h>

struct sink_ctx {
	struct strbuf *body;
	size_t max;
	bool too_large;
};

static size_t
on_data(char *data, size_t size, size_t n, void *p)
{
	struct sink_ctx *s = p;

	if (s->body->len + size * n > s->max) {
		s->too_large = true;
		return 0;
	}
	strbuf_add(s->body, data, size * n);
	return size * n;
}

bool
cli_http_supported(void)
{
	return true;
}

static void
blob(CURL *e, CURLoption opt, const struct strbuf *pem)
{
	struct curl_blob b = { pem->buf, pem->len, CURL_BLOB_COPY };

	curl_easy_setopt(e, opt, &b);
}

int
cli_http_get(const struct cli_http_req *req, struct cli_http_resp *resp)
{
	static bool initialised;
	struct curl_slist *headers = NULL;
	struct sink_ctx sc = { &resp->body, req->max_bytes, false };
	char err[CURL_ERROR_SIZE] = "";
	const char *ca_env = getenv("CURL_CA_BUNDLE");
	CURLcode rc;
	CURL *e;

	memset(resp, 0, sizeof(*resp));
	if (!initialised) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		initialised = true;
	}
	if (!(e = curl_easy_init())) {
		snprintf(resp->error, sizeof(resp->error), "cannot start "
			"libcurl");
		return -1;
	}
	if (!ca_env || !*ca_env)
		ca_env = getenv("SSL_CERT_FILE");
	curl_easy_setopt(e, CURLOPT_URL, req->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, req->follow ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, TOTAL_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
		(curl_off_t)req->max_bytes);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "ing2gw/" ING2GW_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &sc);
	if (req->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else if (req->ca_pem) {
		blob(e, CURLOPT_CAINFO_BLOB, req->ca_pem);
	} else if (req->ca_file) {
		curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_file);
	} else if (ca_env && *ca_env) {
		curl_easy_setopt(e, CURLOPT_CAINFO, ca_env);
	}
	if (req->cert_pem) {
		curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
		blob(e, CURLOPT_SSLCERT_BLOB, req->cert_pem);
	} else if (req->cert_file) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, req->cert_file);
	}
	if (req->key_pem) {
		curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
		blob(e, CURLOPT_SSLKEY_BLOB, req->key_pem);
	} else if (req->key_file) {
		curl_easy_setopt(e, CURLOPT_SSLKEY, req->key_file);
	}
	if (req->user) {
		curl_easy_setopt(e, CURLOPT_USERNAME, req->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, req->password ?
			req->password : "");
	}
	for (size_t i = 0; req->headers && req->headers[i]; i++)
		headers = curl_slist_append(headers, req->headers[i]);
	if (headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
	rc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(e);
	if (rc == CURLE_OK)
		return 0;
	if (sc.too_large || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(resp->error, sizeof(resp->error), "larger than the "
			"limit of %zu bytes", req->max_bytes);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		snprintf(resp->error, sizeof(resp->error), "more than %ld "
			"redirects", MAX_REDIRECTS);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(resp->error, sizeof(resp->error), "no answer within "
			"%ld s", TOTAL_TIMEOUT_S);
	else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CACERT_BADFILE)
		snprintf(resp->error, sizeof(resp->error), "the server's "
			"certificate is not trusted (%s)", *err ? err :
			curl_easy_strerror(rc));
	else
		snprintf(resp->error, sizeof(resp->error), "%s", *err ? err :
			curl_easy_strerror(rc));
	return -1;
}

#else

bool
cli_http_supported(void)
{
	return false;
}

int
cli_http_get(const struct cli_http_req *req, struct cli_http_resp *resp)
{
	(void)req;
	memset(resp, 0, sizeof(*resp));
	snprintf(resp->error, sizeof(resp->error), "this ing2gw was built "
		"without libcurl (meson -Dcurl=enabled), so it reads no URL "
		"and no cluster");
	return -1;
}

#endif

int
cli_fetch(const char *url, size_t max, char **buf, size_t *len,
	struct diag_sink *sink)
{
	struct cli_http_req req = { .url = url, .max_bytes = max,
		.follow = true };
	struct cli_http_resp resp;
	struct src_pos pos = { url, 0, 0 };

	*buf = NULL;
	*len = 0;
	if (cli_http_get(&req, &resp)) {
		diag_input_error(sink, "input/url", pos, "cannot read the URL: "
			"%s", resp.error);
		cli_http_resp_release(&resp);
		return ERR_IO;
	}
	if (resp.status < 200 || resp.status > 299) {
		diag_input_error(sink, "input/url", pos, "HTTP %ld%s", resp.status,
			resp.status == 404 ? ": the server has no such file" :
			resp.status == 401 || resp.status == 403 ?
			": the server refuses it to ing2gw" : "");
		cli_http_resp_release(&resp);
		return ERR_IO;
	}
	*len = resp.body.len;
	*buf = resp.body.buf ? strbuf_detach(&resp.body, NULL) : xstrdup("");
	return 0;
}
