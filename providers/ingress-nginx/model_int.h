/*
 * Private structures of the ingress-nginx model
 * (model_load.c builds them; model_match.c, model_rewrite.c,
 * model_canary.c and model_route.c read them). Strings are borrowed
 * from the doc_set or allocated in the model's arena.
 */
#ifndef ING2GW_REPLAY_INGRESS_INT_H
#define ING2GW_REPLAY_INGRESS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "model.h"
#include "model/ingress.h"
#include "providers/provider.h"
#include "strmap.h"

/* Controller-wide settings (ConfigMap and flags) the model uses. */
#define RI_ACME_PREFIX "/.well-known/acme-challenge"
#define RI_HSTS "max-age=31536000; includeSubDomains"
#define RI_BODY_DEFAULT (1024LL * 1024LL)	/* proxy-body-size 1m */
/*
 * The rule of convert's diagnostic about the controller's data-plane
 * defaults that Gateway API leaves to the implementation (body size,
 * header names with '_', X-Forwarded-For, path normalisation).
 */
#define RI_DEFAULTS_RULE "convert/target-defaults"

struct ri_backend {
	const char *ns, *name;
	long port;		/* -1: unresolved port name */
	const char *port_name;
	const char *key;	/* upstream "ns/name:port" */
	bool exists;		/* the Service is in the input (or assumed) */
};

/* Header value source for a CIDR list: parsed once. */
struct ri_cidr {
	unsigned char addr[16];
	int family;		/* 4 or 6 */
	int bits;
};

struct ri_canary;

/*
 * The part of an Ingress's settings the model reads, copied from the
 * provider's parse so that the full settings need not be kept.
 */
struct ri_conf {
	/* outcome */
	bool denied;
	const char *deny_reason;
	/* rewrite */
	const char *rewrite_target;
	bool use_regex;
	bool ssl_redirect;
	bool force_ssl_redirect;
	bool preserve_trailing_slash;
	const char *app_root;
	const char *x_forwarded_prefix;
	/* redirect */
	const char *redirect_url;	/* temporal wins over permanent */
	int redirect_code;
	bool from_to_www;
	bool use_port_in_redirects;
	bool relative_redirects;	/* absolute_redirect off */
	/* host */
	struct prov_strlist server_alias;
	const char *upstream_vhost;
	/* response headers of custom-headers (name, value pairs) */
	const char **custom_headers;
	size_t ncustom_headers;
	/* CORS */
	bool cors;
	const char **cors_origins;	/* "*" or origins */
	size_t ncors_origins;
	const char *cors_headers, *cors_methods, *cors_expose;
	bool cors_credentials;
	long long cors_max_age;
	/* access */
	struct ri_cidr *allow, *deny;
	size_t nallow, ndeny;
	bool basic_auth;	/* auth-type basic/digest with a secret */
	const char *auth_url;
	long long body_size;	/* bytes, 0: unlimited */
	bool body_size_set;	/* by the annotation, not the default */
	const char *default_backend;	/* annotation: Service name */
	/* canary (on canary Ingresses) */
	const char *canary_header, *canary_header_value, *canary_cookie;
	pcre2_code *canary_pattern;
	bool canary_pattern_bad;
	long long canary_weight, canary_weight_total;
	bool limits;		/* rate limits configured (not modelled) */
	bool grpc;		/* backend-protocol GRPC or GRPCS */
	bool ssl_passthrough;
};

/* One accepted Ingress, in the controller's order. */
struct ri_ing {
	const struct ingress *ing;
	struct ri_conf conf;
	bool canary;
	size_t rank;		/* position in the controller's order */
};

enum ri_loc_kind {
	RI_LOC_PREFIX = 1,	/* nginx literal prefix */
	RI_LOC_EXACT = 2,	/* "= path" */
};

struct ri_loc {
	const char *path;	/* location path as rendered */
	size_t plen;
	enum ri_loc_kind kind;
	const char *ing_path;	/* the Ingress path (rewrite regex) */
	enum ing_path_type ptype;	/* Exact or Prefix after normalising */
	const struct ri_ing *owner;	/* annotations; NULL: none */
	const struct ri_ing *src;	/* whose backend (matched); or NULL */
	struct ri_backend be;
	bool default_404;	/* the global default backend */
	bool placeholder;	/* root location created for the host */
	bool from_default_backend;	/* spec.defaultBackend of owner */
	long rule, match;	/* -1 when not a path of a rule */
	const char *file;
	uint32_t line;
	pcre2_code *re;		/* regex mode: ~* "^path" */
	pcre2_code *rewrite_re;	/* (?i)path when rewriting */
	bool bad_re;		/* the regex did not compile */
	bool acme_exempt;	/* path under no-tls-redirect-locations */
	/*
	 * A rewrite with captures of the rest of the path: "L(/|$)(.*)" or
	 * "L/(.*)" with a target using $n. L (literal, rw_plen bytes) is a
	 * prefix of paths; rw_slash: the '/' after L is required.
	 */
	const char *rw_prefix;
	size_t rw_plen;
	bool rw_slash;
	const struct ri_canary *canary;
};

struct ri_server {
	const char *host;	/* "_" for the default server */
	bool wildcard;
	struct ri_loc *locs;	/* sorted (regex order) after loading */
	size_t nlocs, caplocs;
	/*
	 * While loading, once a server has many locations: Ingress path ->
	 * index + 1 of its location, [0] for Prefix, [1] for Exact (a host
	 * shared by thousands of Ingresses is searched for each of their
	 * paths). Released when the locations are sorted.
	 */
	struct strmap loc_index[2];
	bool indexed;
	bool regex_mode;
	bool has_cert;
	bool passthrough;	/* ssl-passthrough, OR-ed over Ingresses */
	const struct ri_ing *first;	/* the Ingress that created it */
	const struct ri_ing *app_root;	/* first Ingress with app-root */
	const struct ri_ing *alias;	/* first Ingress with server-alias */
	/* www redirect server: Location host, NULL otherwise */
	const char *www_target;
	const struct ri_ing *www_owner;
};

struct ri_canary {
	const struct ri_ing *ci;
	struct ri_backend be;
};

struct replay_ing {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	bool hsts;
	int redirect_code;	/* http-redirect-code (308) */
	struct ri_ing *ings;
	size_t nings;
	struct ri_server *servers;
	size_t nservers, capservers;
	struct strmap exact;	/* host -> struct ri_server */
	struct strmap wild;	/* suffix after "*." -> struct ri_server */
	struct ri_server *def;	/* "_" */
	struct strmap canaries;	/* upstream key -> struct ri_canary */
	pcre2_code **res;	/* compiled expressions, to free */
	size_t nres, capres;
};

/* ----- model_match.c ----- */

/* Host without port and trailing dot, lower-cased into buf; NULL: none. */
const char *ri_host_norm(const char *h, char *buf, size_t cap);
const struct ri_server *ri_server_find(const struct replay_ing *m,
	const char *host);
/*
 * nginx's $uri: percent-decoded, "." and ".." resolved, "//" merged.
 * Returns NULL when ".." climbs above the root (nginx answers 400).
 */
const char *ri_uri_norm(struct replay_decision *d, const char *path);
/*
 * The location nginx picks for uri. *redirect_out is set (and NULL
 * returned) when nginx answers 301 to the location with a slash added.
 */
const struct ri_loc *ri_loc_find(const struct ri_server *s, const char *uri,
	struct replay_decision *d, const struct ri_loc **redirect_out);
/* pcre2 match with capture room in d; returns the match count or <0. */
int ri_re_match(struct replay_decision *d, const pcre2_code *re,
	const char *s, size_t n);

/* ----- model_rewrite.c ----- */

struct ri_req {
	const struct replay_request *req;
	struct replay_decision *d;
	const char *host;	/* normalised, NULL: none */
	const char *uri;	/* $uri */
	const char *request_uri;	/* path[?query] as sent */
	bool https;
	bool underscores;	/* headers with '_' were dropped */
};

/* Server-level answers (www server, app-root); true when answered. */
bool ri_server_phase(const struct replay_ing *m, const struct ri_server *s,
	struct ri_req *r);
/* CORS; true when the preflight was answered (204). */
bool ri_cors(const struct ri_loc *l, struct ri_req *r);
/* permanent/temporal redirect; true when answered. */
bool ri_redirect(const struct ri_loc *l, struct ri_req *r);
/* rewrite-target and x-forwarded-prefix on the upstream request. */
void ri_rewrite(const struct ri_loc *l, struct ri_req *r);
/* ssl-redirect / force-ssl-redirect; true when answered. */
bool ri_ssl_redirect(const struct replay_ing *m, const struct ri_server *s,
	const struct ri_loc *l, struct ri_req *r);
/* Sets d to a redirect answer (no upstream). */
void ri_answer_redirect(struct replay_decision *d, int code,
	const char *location);
/* Sets d to an answer of the proxy itself (no upstream). */
void ri_answer(struct replay_decision *d, int status);

/* ----- model_canary.c ----- */

/* The canary's share of the request (0..1) under the canary's rules. */
double ri_canary_share(const struct ri_canary *c, struct ri_req *r);

/* ----- model_load.c ----- */

bool ri_cidr_parse(const char *s, struct ri_cidr *out);
bool ri_cidr_contains(const struct ri_cidr *c, size_t n, const char *ip);

#endif
