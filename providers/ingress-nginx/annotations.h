/*
 * ingress-nginx (kubernetes/ingress-nginx, v1.12-v1.15): the annotation
 * table and the parser that turns one Ingress's annotations into typed
 * settings, behaving as the controller does for bad values (default with
 * a warning, annotation or feature ignored, Ingress dropped, location
 * denied).
 *
 * Ownership: prov_nginx_parse() fills a caller-owned settings struct;
 * strings and lists in it live in the arena passed in, the doc nodes it
 * points to belong to the doc_set. Diagnostics go to the sink passed in.
 */
#ifndef ING2GW_PROVIDERS_INGRESS_NGINX_H
#define ING2GW_PROVIDERS_INGRESS_NGINX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_NGINX_PREFIX "nginx.ingress.kubernetes.io/"
/* Annotation keys in the table, aliases not counted (the 136 keys of
 * ingress-nginx v1.15.1 docs/user-guide/nginx-configuration/
 * annotations-risk.md); with aliases: PROV_NGINX_NKEYS. */
#define PROV_NGINX_NANN 136
#define PROV_NGINX_NKEYS 138

extern const struct prov_provider prov_nginx_provider;

/* backend-protocol, in the order of its values[]. */
enum prov_nginx_proto {
	PROV_NGINX_PROTO_HTTP = 0,
	PROV_NGINX_PROTO_HTTPS,
	PROV_NGINX_PROTO_AUTO_HTTP,
	PROV_NGINX_PROTO_GRPC,
	PROV_NGINX_PROTO_GRPCS,
	PROV_NGINX_PROTO_FCGI,
};

/* Index of "off" and "on" in the values[] of on/off keys. */
enum {
	PROV_NGINX_OFF = 0,
	PROV_NGINX_ON = 1,
};

/* What the controller does with the Ingress as a whole. */
enum prov_nginx_fate {
	PROV_NGINX_SERVED = 0,	/* loaded (maybe with defaults) */
	PROV_NGINX_DROPPED,	/* not loaded: no rule is served */
};

/* What happened to one annotation. */
enum prov_slot_state {
	PROV_SLOT_ABSENT = 0,
	PROV_SLOT_SET,		/* parsed and in effect */
	PROV_SLOT_DEFAULTED,	/* bad value, default in effect */
	PROV_SLOT_IGNORED,	/* no effect (bad value, gated, unused) */
	PROV_SLOT_DROPPED,	/* made the controller drop the Ingress */
	PROV_SLOT_DENIED,	/* made the controller deny the locations */
};

struct prov_slot {
	const struct doc_node *node;	/* value node; NULL when absent */
	const char *text;		/* raw value text */
	const char *key;		/* full key as written (alias?) */
	enum prov_slot_state state;
};

struct prov_nginx_options {
	const char *prefix;		/* with '/'; NULL: PROV_NGINX_PREFIX */
	enum prov_risk max_risk;	/* annotations-risk-level (High) */
	bool allow_snippets;		/* allow-snippet-annotations (false) */
	bool no_validation;	/* --enable-annotation-validation=false */
	bool ssl_redirect;		/* ConfigMap ssl-redirect (true) */
};

/* Defaults of the controller: risk High, snippets off, ssl-redirect on. */
void prov_nginx_options_init(struct prov_nginx_options *opt);

/*
 * One field per annotation, named after the key. Types: bool for bool,
 * long long for int, seconds and size (bytes, 0 = unlimited), int index
 * into the descriptor's values[] for enums (-1 unset; on/off keys use
 * PROV_NGINX_OFF / PROV_NGINX_ON), const char * for
 * strings (NULL unset), struct prov_strlist / prov_intlist for lists.
 * Fields hold the controller's effective value: the default when the
 * annotation is absent or was replaced by the default.
 */
struct prov_nginx_settings {
	/* outcome for the Ingress as a whole */
	enum prov_nginx_fate fate;
	const char *drop_key;		/* key that made it drop */
	const char *drop_reason;
	bool denied;			/* locations answer 503 */
	const char *deny_key;
	const char *deny_reason;
	bool is_canary;			/* canary: "true" and accepted */
	bool redirect_ignored;		/* redirect group switched off */
	bool auth_ignored;		/* auth-url group switched off */
	bool canary_ignored;		/* canary-* without canary: true */
	bool limits_ignored;		/* rate-limit group switched off */

	/* rewrite */
	const char *rewrite_target;
	bool use_regex;
	bool ssl_redirect;
	bool force_ssl_redirect;
	bool preserve_trailing_slash;
	const char *app_root;
	const char *x_forwarded_prefix;

	/* redirect */
	const char *permanent_redirect;
	long long permanent_redirect_code;
	const char *temporal_redirect;
	long long temporal_redirect_code;
	bool from_to_www_redirect;
	bool relative_redirects;
	bool use_port_in_redirects;

	/* host */
	struct prov_strlist server_alias;
	const char *upstream_vhost;
	bool ssl_passthrough;
	const char *ssl_ciphers;
	bool ssl_prefer_server_ciphers;

	/* headers */
	const char *custom_headers;
	const char *connection_proxy_header;

	/* CORS */
	bool enable_cors;
	struct prov_strlist cors_allow_origin;
	const char *cors_allow_headers;
	const char *cors_allow_methods;
	bool cors_allow_credentials;
	const char *cors_expose_headers;
	long long cors_max_age;

	/* proxy */
	long long proxy_connect_timeout;
	long long proxy_send_timeout;
	long long proxy_read_timeout;
	long long proxy_body_size;
	long long client_body_buffer_size;
	int proxy_buffering;
	long long proxy_buffers_number;
	long long proxy_buffer_size;
	long long proxy_busy_buffers_size;
	long long proxy_max_temp_file_size;
	int proxy_request_buffering;
	const char *proxy_next_upstream;
	long long proxy_next_upstream_tries;
	long long proxy_next_upstream_timeout;
	const char *proxy_cookie_domain;
	const char *proxy_cookie_path;
	const char *proxy_redirect_from;
	const char *proxy_redirect_to;
	int proxy_http_version;

	/* backend */
	int backend_protocol;		/* enum prov_nginx_proto */
	const char *default_backend;
	bool service_upstream;
	int load_balance;
	const char *upstream_hash_by;
	bool upstream_hash_by_subset;
	long long upstream_hash_by_subset_size;

	/* mirror */
	const char *mirror_target;
	const char *mirror_host;
	int mirror_request_body;

	/* canary */
	bool canary;
	const char *canary_by_header;
	const char *canary_by_header_value;
	const char *canary_by_header_pattern;
	const char *canary_by_cookie;
	long long canary_weight;
	long long canary_weight_total;

	/* rate limits */
	long long limit_rps;
	long long limit_rpm;
	long long limit_connections;
	long long limit_burst_multiplier;
	long long limit_rate;
	long long limit_rate_after;
	struct prov_strlist limit_allowlist;

	/* access */
	struct prov_strlist allowlist_source_range;
	struct prov_strlist denylist_source_range;
	int satisfy;

	/* basic/digest auth */
	int auth_type;
	const char *auth_secret;
	int auth_secret_type;
	const char *auth_realm;

	/* external auth */
	const char *auth_url;
	const char *auth_method;
	const char *auth_signin;
	const char *auth_signin_redirect_param;
	struct prov_strlist auth_response_headers;
	const char *auth_proxy_set_headers;
	const char *auth_request_redirect;
	const char *auth_cache_key;
	const char *auth_cache_duration;
	long long auth_keepalive;
	long long auth_keepalive_requests;
	long long auth_keepalive_timeout;
	bool auth_keepalive_share_vars;
	bool auth_always_set_cookie;
	bool enable_global_auth;

	/* client certificates */
	const char *auth_tls_secret;
	int auth_tls_verify_client;
	long long auth_tls_verify_depth;
	const char *auth_tls_error_page;
	bool auth_tls_pass_certificate_to_upstream;
	const char *auth_tls_match_cn;

	/* upstream TLS */
	const char *proxy_ssl_secret;
	int proxy_ssl_verify;
	const char *proxy_ssl_name;
	int proxy_ssl_server_name;
	long long proxy_ssl_verify_depth;
	const char *proxy_ssl_ciphers;
	const char *proxy_ssl_protocols;

	/* session affinity */
	int affinity;
	int affinity_mode;
	int affinity_canary_behavior;
	const char *session_cookie_name;
	const char *session_cookie_path;
	const char *session_cookie_domain;
	long long session_cookie_expires;
	long long session_cookie_max_age;
	bool session_cookie_secure;
	int session_cookie_samesite;
	bool session_cookie_conditional_samesite_none;
	bool session_cookie_change_on_failure;

	/* errors */
	struct prov_intlist custom_http_errors;
	bool disable_proxy_intercept_errors;

	/* snippets (NULL unless allowed) */
	const char *configuration_snippet;
	const char *server_snippet;
	const char *auth_snippet;
	const char *stream_snippet;
	const char *modsecurity_snippet;

	/* observability, WAF, FastCGI, obsolete */
	bool enable_access_log;
	bool enable_rewrite_log;
	bool enable_modsecurity;
	bool enable_owasp_core_rules;
	const char *modsecurity_transaction_id;
	bool enable_opentelemetry;
	bool opentelemetry_trust_incoming_span;
	const char *opentelemetry_operation_name;
	const char *fastcgi_index;
	const char *fastcgi_params_configmap;
	bool http2_push_preload;

	/*
	 * Per annotation, in table order (prov_nginx_provider.table), only
	 * the annotations present are stored: slot_of[i] is 0 for an absent
	 * one, else 1 + its index in present[] (in the parse's arena). Read
	 * them with prov_nginx_slot() or prov_nginx_slot_at().
	 */
	unsigned char slot_of[PROV_NGINX_NANN];
	unsigned npresent;
	const struct prov_slot *present;
};

/* Sets every field to the controller's default (nothing present). */
void prov_nginx_settings_init(struct prov_nginx_settings *s);

/*
 * Reads the annotations map (metadata.annotations, may be NULL) of the
 * Ingress ns/name. Fills out (initialised here), adds diagnostics at the
 * value positions to sink. Keys under other prefixes are ignored. opt
 * may be NULL (controller defaults). Returns 0, or ERR_INVALID when
 * annotations is neither absent nor a map (also reported to sink).
 */
int prov_nginx_parse(struct prov_nginx_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name,
	const struct prov_nginx_options *opt, struct diag_sink *sink);

/* The slot of a key (without prefix, alias allowed); NULL if unknown. */
const struct prov_slot *prov_nginx_slot(const struct prov_nginx_settings *s,
	const char *key);

/*
 * The slot of the annotation at index i of prov_nginx_provider.table (i <
 * PROV_NGINX_NANN); an absent one reads as a zeroed slot (state
 * PROV_SLOT_ABSENT, node NULL), never NULL.
 */
const struct prov_slot *prov_nginx_slot_at(
	const struct prov_nginx_settings *s, size_t i);

/* Whether the key was present with a value that is in effect. */
bool prov_nginx_is_set(const struct prov_nginx_settings *s, const char *key);

/* The controller's --controller-class default (IngressClass spec). */
#define PROV_NGINX_CONTROLLER "k8s.io/ingress-nginx"

struct ing_world;
struct ingress;

/*
 * Whether ingress-nginx serves ing, an Ingress of w: its class (see
 * ing_world_load: spec.ingressClassName, else the class annotation, else
 * the input's default IngressClass) names an IngressClass of w whose
 * spec.controller is PROV_NGINX_CONTROLLER or, when w has no IngressClass
 * of that name, is "nginx" (the controller's --ingress-class default).
 * Without a class only with without_class (--watch-ingress-without-class).
 * convert and lint decide with this; replay keeps its own model.
 */
bool prov_nginx_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

/*
 * ingress-nginx's order of Ingresses, the one every "first Ingress wins"
 * follows (store.go sortIngressSlice): creationTimestamp ascending, an
 * absent one being the zero time, so first; equal times by the string
 * "namespace/name" descending. Identical keys (impossible in a cluster)
 * keep input order. Returns <0, 0 or >0 like strcmp.
 */
int prov_nginx_cmp(const struct ingress *a, const struct ingress *b);

#endif
