/*
 * HAProxy Kubernetes Ingress Controller (haproxytech/kubernetes-ingress
 * v3.2): the annotation table, the parser that reads an Ingress's (or a
 * Service's) annotations as the controller does, and which Ingresses it
 * serves.
 *
 * Facts the parser follows (pkg/store/convert.go CopyAnnotations,
 * pkg/annotations, pkg/annotations/common DefaultValues):
 *  - Keys are read under three prefixes, haproxy.org/, haproxy.com/ and
 *    ingress.kubernetes.io/ (validators Prefixes), which the store strips,
 *    and without prefix (the controller's own e2e tests write "auth-type"):
 *    the same name under two prefixes is one annotation, and which value
 *    wins is not defined (a Go map). A deprecated name (whitelist,
 *    blacklist) is read only when the current one is absent.
 *  - Values are looked up Service, then Ingress, then the ConfigMap, then
 *    the controller's default. Backend keys (server-ssl, load-balance,
 *    timeout-server, ...) may sit on the Service or the Ingress;
 *    route-acl and cookie-persistence are read from the Service alone.
 *  - An annotation whose value does not parse is logged and skipped: the
 *    rule it would add is not added (an allow-list with a bad address
 *    restricts nothing).
 *
 * Ownership: the parser fills a caller-owned struct; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_ANNOTATIONS_H
#define ING2GW_PROVIDERS_HAPROXY_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/haproxy-common/annotations.h"
#include "providers/provider.h"

#define PROV_HAPROXY_PREFIX "haproxy.org/"
/* Keys of the table (aliases not counted). */
#define PROV_HAPROXY_NANN 83
/* The IngressClass spec.controller of the controller (with
 * --ingress.class NAME: "haproxy.org/ingress-controller/NAME"). */
#define PROV_HAPROXY_CONTROLLER "haproxy.org/ingress-controller"
#define PROV_HAPROXY_CLASS "haproxy"
/* The ssl-redirect-port default (common.DefaultValues). */
#define PROV_HAPROXY_REDIRECT_PORT 8443

extern const struct prov_provider prov_haproxy_provider;

struct prov_haproxy_settings {
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

	struct prov_hap_slot slots[PROV_HAPROXY_NANN];
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
void prov_haproxy_parse(struct prov_haproxy_settings *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *what, const char *ns,
	const char *name, struct diag_sink *sink);

/* The key without its prefix, or NULL when key has none of the three. */
const char *prov_haproxy_strip(const char *key);
/* The name the controller reads key by (prefix removed; a table key or
 * alias written without prefix as it is), or NULL. */
const char *prov_haproxy_name(const char *key);
/* A table entry by key (without prefix) or alias; NULL when unknown. */
const struct prov_annotation *prov_haproxy_lookup(const char *key);
/* Its index in prov_haproxy_provider.table. */
size_t prov_haproxy_index(const struct prov_annotation *a);
/* The slot of a table key (without prefix). */
const struct prov_hap_slot *prov_haproxy_slot(
	const struct prov_haproxy_settings *s, const char *key);
bool prov_haproxy_is_set(const struct prov_haproxy_settings *s,
	const char *key);

struct ing_world;
struct ingress;

/*
 * Whether the controller, with its default flags (no --ingress.class, no
 * --empty-ingress-class), serves ing (store.IsIngressClassSupported):
 * spec.ingressClassName names an IngressClass of controller
 * PROV_HAPROXY_CONTROLLER (or, when the input has no IngressClass of that
 * name, is "haproxy"), or the annotation kubernetes.io/ingress.class is
 * "haproxy" (read up to v3.1). An Ingress with no class at all (and no
 * default IngressClass) is served too, but only with without_class:
 * --provider auto leaves it to the specification.
 */
bool prov_haproxy_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

#endif
