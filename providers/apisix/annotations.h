/*
 * Apache APISIX Ingress Controller (apache/apisix-ingress-controller
 * v2.x, the ADC translator): the annotation table of its Ingress
 * annotations (k8s.apisix.apache.org/...), the parser that reads an
 * Ingress's annotations as the controller does, and which Ingresses it
 * serves.
 *
 * Facts the parser follows (internal/adc/translator/annotations/,
 * annotations.go, ingress.go):
 *  - Keys are matched as written; there is no validation of unknown keys
 *    (the controller ignores them).
 *  - A boolean is true only when the value is exactly "true"; anything
 *    else is false. Lists are split on ',' with each item trimmed and
 *    empty items dropped. Strings are taken as they are.
 *  - The upstream group (upstream-scheme, upstream-retries and the three
 *    timeouts) is parsed as one: a scheme that is not http, https, grpc
 *    or grpcs (any case), or a number that does not parse ("Ns" for the
 *    timeouts), drops the whole group.
 *  - Each plugin is built on its own: one whose values fail (a
 *    rewrite-target-regex that does not compile, enable-csrf without
 *    csrf-key) is left out, the others stay.
 *  - http-to-https wins over http-redirect; http-redirect-code outside
 *    301..308 (or not a number) is 301. allow methods win over block
 *    methods. auth-type is "basicAuth" or "keyAuth", exactly; any other
 *    value adds no plugin.
 *
 * Ownership: the parser fills a caller-owned struct; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_APISIX_ANNOTATIONS_H
#define ING2GW_PROVIDERS_APISIX_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_APISIX_PREFIX "k8s.apisix.apache.org/"
/* Keys of the table: the 38 Ingress keys of annotations/types.go. */
#define PROV_APISIX_NANN 38
/* The IngressClass spec.controller of the controller (its default
 * controller_name), and the class of its Helm chart. */
#define PROV_APISIX_CONTROLLER "apisix.apache.org/apisix-ingress-controller"
/* The controller of the IngressClass of the 1.x Helm chart (1.x matched
 * the class name and read no IngressClass; an estate migrating from it
 * still has these). */
#define PROV_APISIX_CONTROLLER_V1 "apisix.apache.org/apisix-ingress"
#define PROV_APISIX_CLASS "apisix"

extern const struct prov_provider prov_apisix_provider;

/* upstream-scheme, in the order of its values[]. */
enum prov_apisix_scheme {
	PROV_APISIX_HTTP = 0,
	PROV_APISIX_HTTPS,
	PROV_APISIX_GRPC,
	PROV_APISIX_GRPCS,
};

enum prov_apisix_auth {
	PROV_APISIX_AUTH_NONE = -1,
	PROV_APISIX_AUTH_BASIC = 0,	/* basic-auth plugin */
	PROV_APISIX_AUTH_KEY,		/* key-auth plugin */
};

/* What happened to one annotation. */
enum prov_apisix_state {
	PROV_APISIX_ABSENT = 0,
	PROV_APISIX_SET,		/* read and in effect */
	PROV_APISIX_IGNORED,		/* no effect (off, or overridden) */
	PROV_APISIX_FAILED,		/* its value made its group fail */
};

struct prov_apisix_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* "" when not a string */
	enum prov_apisix_state state;
};

/* The k8s.apisix.apache.org annotations of one Ingress. */
struct prov_apisix_settings {
	bool use_regex;
	bool websocket;
	const char *plugin_config;	/* NULL: none */
	const char *svc_namespace;	/* NULL: the Ingress's */
	/* the upstream group; failed: none of it applies */
	bool upstream_failed;
	const char *upstream_fail_key;
	int scheme;			/* enum prov_apisix_scheme, -1: unset */
	long long retries;		/* 0: unset */
	long long timeout_connect, timeout_read, timeout_send;	/* s, 0 */
	/* cors plugin */
	bool cors;
	const char *cors_origin, *cors_headers, *cors_methods;	/* NULL: * */
	/* csrf plugin */
	bool csrf;			/* on, with a key */
	const char *csrf_key;
	/* redirect plugin */
	bool http_to_https;
	const char *redirect_uri;	/* NULL: none (or http-to-https) */
	int redirect_code;		/* 301..308 */
	/* proxy-rewrite plugin */
	bool rewrite;			/* the plugin is in effect */
	const char *rewrite_target;	/* uri; NULL: none */
	const char *rewrite_regex;	/* regex_uri, with the template */
	const char *rewrite_template;
	/* response-rewrite plugin */
	bool response_rewrite;
	long long rr_status;		/* 0: unchanged */
	const char *rr_body;		/* NULL: unchanged */
	bool rr_body_base64;
	struct prov_strlist rr_add, rr_set, rr_remove;
	/* forward-auth plugin */
	const char *auth_uri;		/* NULL: none */
	bool auth_ssl_verify;		/* not "false" */
	struct prov_strlist auth_request_headers, auth_upstream_headers,
		auth_client_headers;
	/* ip-restriction plugin */
	struct prov_strlist allowlist, blocklist;
	/* fault-injection: 405 for the methods not allowed */
	struct prov_strlist allow_methods, block_methods;
	int auth_type;			/* enum prov_apisix_auth */

	/* per table entry (prov_apisix_provider.table) */
	struct prov_apisix_slot slots[PROV_APISIX_NANN];
	const struct doc_node *annotations;
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the Ingress
 * ns/name into out. Diagnostics (convert/apisix-annotation-*) go to sink
 * at the annotations' positions: unknown keys with the nearest known one,
 * values the controller reads otherwise than written, and what it does
 * then.
 */
void prov_apisix_parse(struct prov_apisix_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink);

/* GetStringsAnnotation: text split on ',', items trimmed, empty ones
 * dropped, into l (strings in arena). */
void prov_apisix_split(struct arena *arena, const char *text,
	struct prov_strlist *l);

/* A table entry by key (without prefix); NULL when unknown. */
const struct prov_annotation *prov_apisix_lookup(const char *key);
/* Its index in prov_apisix_provider.table. */
size_t prov_apisix_index(const struct prov_annotation *a);
/* The slot of key (without prefix, a table key). */
const struct prov_apisix_slot *prov_apisix_slot(
	const struct prov_apisix_settings *s, const char *key);

struct ing_world;
struct ingress;

/*
 * Whether the controller serves ing (FindMatchingIngressClass): its class
 * (spec.ingressClassName, else kubernetes.io/ingress.class) names an
 * IngressClass whose controller is PROV_APISIX_CONTROLLER or the 1.x
 * chart's PROV_APISIX_CONTROLLER_V1 (or, when the
 * input has no IngressClass of that name, is "apisix"); without a class,
 * the input's default IngressClass is one of that controller.
 */
bool prov_apisix_serves(const struct ing_world *w, const struct ingress *ing);

/*
 * The URIs APISIX matches for one path (ingress.go
 * buildRouteFromIngressPath): Exact and unset pathTypes: the path;
 * Prefix: the path and "<path without trailing '/'>/" + "*";
 * ImplementationSpecific: the path, or "/" + "*" with a regex on the uri when
 * regex is true. A URI ending in '*' is a prefix (radixtree), others are
 * exact. uris gets up to 2 strings (in arena); returns their number.
 */
size_t prov_apisix_uris(struct arena *arena, int path_type, const char *path,
	bool regex, const char **uris);

#endif
