/*
 * http(s) GET with libcurl, for URL inputs and the live cluster: TLS
 * verified (the system's CAs, CURL_CA_BUNDLE or SSL_CERT_FILE, or the
 * kubeconfig's CA), at most 5 redirects (URL inputs only), a size limit,
 * 10 s to connect and 60 s in all. Nothing here runs unless a URL or a
 * cluster option was given: ing2gw is offline by default.
 */
#ifndef ING2GW_CLI_FETCH_H
#define ING2GW_CLI_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "strbuf.h"

/* "http://..." or "https://..." (scheme in any case). */
bool cli_is_url(const char *s);

struct cli_http_req {
	const char *url;
	size_t max_bytes;
	bool follow;			/* follow redirects (at most 5) */
	const char *const *headers;	/* "Name: value", NULL-terminated */
	const char *ca_file;		/* NULL: the default CAs */
	const struct strbuf *ca_pem;	/* or in memory (PEM) */
	const char *cert_file, *key_file;	/* client certificate */
	const struct strbuf *cert_pem, *key_pem;
	bool insecure;			/* no verification (kubeconfig says) */
	const char *user, *password;	/* basic authentication */
};

struct cli_http_resp {
	long status;
	struct strbuf body;
	char error[256];		/* set when the transfer failed */
};

bool cli_http_supported(void);
/* 0 with resp->status set, or -1 with resp->error set. */
int cli_http_get(const struct cli_http_req *req, struct cli_http_resp *resp);
void cli_http_resp_release(struct cli_http_resp *resp);

/*
 * An input URL: its body, or an input error at the URL (input/url:
 * "HTTP 404", a TLS or connection failure, too large, too slow).
 */
int cli_fetch(const char *url, size_t max, char **buf, size_t *len,
	struct diag_sink *sink);

#endif
