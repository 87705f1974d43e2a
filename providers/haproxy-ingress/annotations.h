/*
 * HAProxy Ingress (jcmoraisjr/haproxy-ingress v0.14/v0.15): the annotation
 * table, the parser that reads an Ingress's (or a Service's) annotations
 * as the controller does, and which Ingresses it serves.
 *
 * Facts the parser follows (docs/content/en/docs/configuration/keys.md,
 * pkg/converters/ingress/annotations, pkg/converters/ingress/ingress.go):
 *  - Keys are read under the prefixes of --annotations-prefix, by default
 *    haproxy-ingress.github.io/ and ingress.kubernetes.io/; the same name
 *    under two prefixes is one key. whitelist-source-range is the old
 *    name of allowlist-source-range.
 *  - Scopes: Global keys come from the ConfigMap only; Host, Backend,
 *    Path and Frontend keys from the Ingress (Backend keys also from the
 *    Service). A conflict of two Ingresses on one host or backend keeps
 *    the older Ingress's value.
 *  - A value that does not parse is logged and skipped (an allow list
 *    with a bad address is not applied).
 *
 * Ownership: the parser fills a caller-owned struct; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_HAPI_ANNOTATIONS_H
#define ING2GW_PROVIDERS_HAPI_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/haproxy-common/annotations.h"
#include "providers/provider.h"

#define PROV_HAPI_PREFIX "haproxy-ingress.github.io/"
/* Keys of the table (aliases not counted). */
#define PROV_HAPI_NANN 142
/* The IngressClass spec.controller of the controller (--controller-class
 * NAME: "haproxy-ingress.github.io/controller/NAME"). */
#define PROV_HAPI_CONTROLLER "haproxy-ingress.github.io/controller"
/* --ingress-class default; the HAProxy Kubernetes Ingress Controller
 * (providers/haproxy) uses the same name. */
#define PROV_HAPI_CLASS "haproxy"

extern const struct prov_provider prov_hapi_provider;

struct prov_hapi_settings {
	/* access control */
	struct prov_strlist allow, deny;	/* addresses and CIDRs */
	const char *allow_patterns, *deny_patterns;	/* "patterns/..." */
	bool auth_basic;			/* auth-type basic-auth */
	const char *auth_secret;		/* "name" or "ns/name" */
	const char *auth_realm;
	const char *src_ip_header;
	/* redirects and rewrites */
	bool ssl_redirect;			/* explicitly set */
	long long ssl_redirect_port, ssl_redirect_code;
	const char *request_redirect;		/* host[:port], no scheme */
	const char *redirect_to, *redirect_path;	/* redirect-to URL */
	const char *app_root;
	const char *rewrite_target;
	const char *path_type;			/* begin, prefix, exact, regex */
	const char *auth_url, *oauth, *waf;
	long long body_size;			/* bytes; 0: unlimited */
	long long timeout_connect;		/* ms; 0: unset */
	bool request_redirect_https;
	long long request_redirect_code;
	const char **rewrite_match, **rewrite_fmt;	/* path-rewrite lines */
	size_t nrewrites;
	const char *set_host;
	struct prov_hap_header *req_headers, *res_headers;
	size_t nreq_headers, nres_headers;
	/* CORS */
	bool cors_enable;
	const char *cors_origin, *cors_methods, *cors_headers;
	long long cors_max_age;			/* seconds */
	bool cors_credentials, cors_respond_options;
	/* backend */
	bool server_ssl;
	const char *server_proto;		/* "h2" */
	bool ssl_passthrough;
	long long timeout_server, timeout_check;	/* ms; 0: unset */
	const char *load_balance;		/* algorithm [args] */
	const char *cookie;			/* cookie-persistence */
	long long rate_requests;		/* 0: none */
	long long rate_period;			/* ms, default 1000 */
	long long rate_status;			/* default 403 */
	const char *snippet;			/* backend-config-snippet */
	const char *route_acl;

	struct prov_hap_slot slots[PROV_HAPI_NANN];
	const struct doc_node *annotations;
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the object
 * what ("Ingress" or "Service") ns/name into out. Diagnostics go to sink
 * (may be NULL) at the annotations' positions: unknown keys under the
 * prefixes with the nearest known one (convert/haproxy-annotation-
 * unknown), values the controller cannot use (convert/haproxy-
 * annotation-invalid), one key under two prefixes.
 */
void prov_hapi_parse(struct prov_hapi_settings *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *what, const char *ns,
	const char *name, struct diag_sink *sink);

/* The key without its prefix, or NULL when key has none of the three. */
const char *prov_hapi_strip(const char *key);
/* The name the controller reads key by (prefix removed; a table key or
 * alias written without prefix as it is), or NULL. */
const char *prov_hapi_name(const char *key);
/* A table entry by key (without prefix) or alias; NULL when unknown. */
const struct prov_annotation *prov_hapi_lookup(const char *key);
/* Its index in prov_hapi_provider.table. */
size_t prov_hapi_index(const struct prov_annotation *a);
/* The slot of a table key (without prefix). */
const struct prov_hap_slot *prov_hapi_slot(
	const struct prov_hapi_settings *s, const char *key);
bool prov_hapi_is_set(const struct prov_hapi_settings *s,
	const char *key);

struct ing_world;
struct ingress;

/*
 * Whether the controller, with its default flags (--ingress-class haproxy,
 * --controller-class haproxy-ingress.github.io/controller, no
 * --watch-ingress-without-class), serves ing: spec.ingressClassName
 * names an IngressClass of controller PROV_HAPI_CONTROLLER, or the class
 * (annotation kubernetes.io/ingress.class, or ingressClassName with no
 * IngressClass of that name in the input) is "haproxy". The bare class
 * "haproxy" is also the HAProxy Kubernetes Ingress Controller's default:
 * without an IngressClass it is HAProxy Ingress's only when the Ingress
 * has keys under PROV_HAPI_PREFIX (prov_hapi_has_keys). An Ingress with
 * no class at all is served only with without_class.
 */
bool prov_hapi_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

/* Whether ing has an annotation under haproxy-ingress.github.io/. */
bool prov_hapi_has_keys(const struct ingress *ing);
/* Whether ing's class is the bare name "haproxy" with no IngressClass of
 * that name in the input (the name both HAProxy controllers use). */
bool prov_hapi_bare_class(const struct ing_world *w,
	const struct ingress *ing);

#endif
