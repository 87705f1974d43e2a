/*
 * F5 NGINX Ingress Controller (github.com/nginx/kubernetes-ingress, the
 * Ingress resource, not its VirtualServer CRDs): the annotation table,
 * the reader that takes an Ingress's annotations as the controller does,
 * and which Ingresses it serves.
 *
 * Facts the reader follows (internal/configs/annotations.go
 * parseAnnotations, internal/k8s/validation.go validateIngress,
 * internal/configs/ingress.go, version1/nginx.ingress.tmpl):
 *  - Its keys live under several prefixes: nginx.org/, nginx.com/ (NGINX
 *    Plus), appprotect.f5.com/ and appprotectdos.f5.com/ (App Protect
 *    WAF and DoS), the single key ingress.kubernetes.io/ssl-redirect, and
 *    custom.nginx.org/ (read by custom templates only). The table's keys
 *    are therefore whole keys (prefixes[0] is "").
 *  - The admission (validateIngressAnnotations) rejects the whole Ingress
 *    on a value it cannot use, a Plus-only key on NGINX OSS, a snippet
 *    while snippets are disabled (the default), and App Protect keys
 *    without App Protect; a rejected Ingress serves nothing.
 *  - Mergeable Ingresses (nginx.org/mergeable-ingress-type): a master
 *    holds the host, TLS and server-wide keys and no paths; minions hold
 *    the paths of the same host; a minion's server-wide keys are ignored
 *    and the master's location-wide keys are inherited by minions that do
 *    not set them.
 *
 * Ownership: the reader fills a caller-owned struct; strings and lists
 * live in the arena passed in; doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_F5_NGINX_ANNOTATIONS_H
#define ING2GW_PROVIDERS_F5_NGINX_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

/* The IngressClass spec.controller of F5 NGINX, and its default class. */
#define PROV_F5_CONTROLLER "nginx.org/ingress-controller"
#define PROV_F5_CLASS "nginx"
/* Keys of the table (every key of parseAnnotations and the admission's
 * table, the Plus, App Protect and mergeable ones, the custom.nginx.org prefix). */
#define PROV_F5_NANN 82

extern const struct prov_provider prov_f5nginx_provider;

enum prov_f5_merge {
	PROV_F5_PLAIN = 0,
	PROV_F5_MASTER,
	PROV_F5_MINION,
};

/* nginx.org/path-regex, in the order of its values[]. */
enum prov_f5_regex {
	PROV_F5_REGEX_NONE = -1,
	PROV_F5_REGEX_CASE = 0,		/* case_sensitive: location ~ "^p" */
	PROV_F5_REGEX_NOCASE,		/* case_insensitive: location ~* "^p" */
	PROV_F5_REGEX_EXACT,		/* exact: location = "p" */
};

struct prov_f5_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *text;			/* "" when not a string */
	bool bad;				/* failed the admission */
};

/* One serviceName=NAME entry: rewrites, sticky cookies. */
struct prov_f5_svcval {
	const char *service;
	const char *value;
};

struct prov_f5_header {
	const char *name, *value;	/* value NULL: $http_<name> */
};

/* What the controller makes of one Ingress's annotations. */
struct prov_f5_settings {
	/* The admission rejected the Ingress: it serves nothing. */
	bool rejected;
	const char *reject_key;
	const char *reject_reason;
	const struct doc_node *reject_node;

	int merge;			/* enum prov_f5_merge */
	int path_regex;			/* enum prov_f5_regex */
	bool ssl_redirect;		/* default true */
	bool redirect_to_https;
	long long redirect_code;	/* default 301 */
	bool hsts, hsts_subdomains, hsts_behind_proxy;
	long long hsts_max_age;		/* default 2592000 */
	long long connect_timeout;	/* seconds, 0: the default (60s) */
	long long read_timeout, send_timeout;
	long long body_size;		/* bytes, -1: the default (1m) */
	const char *lb_method;
	const char *rewrite_target;
	const char *app_root;
	struct prov_strlist websocket, ssl_services, grpc_services;
	struct prov_f5_svcval *rewrites;
	size_t nrewrites;
	struct prov_f5_svcval *sticky;
	size_t nsticky;
	struct prov_f5_header *set_headers;
	size_t nset_headers;
	struct prov_strlist hide_headers, pass_headers;
	const char *basic_auth_secret, *basic_auth_realm;
	const char *jwt_key;
	struct prov_strlist policies;
	bool app_protect;		/* appprotect.f5.com/app-protect-enable */
	const char *dos_resource;
	/* values checked and not kept */
	long long scratch_int;
	bool scratch_bool;
	const char *scratch_text;
	const char *scratch_add_header;	/* nginx.org/add-header */

	/* per table entry (prov_f5nginx_provider.table) */
	struct prov_f5_slot slots[PROV_F5_NANN];
	const struct doc_node *annotations;
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the Ingress
 * ns/name into out, with the controller's defaults (NGINX OSS, snippets
 * and App Protect disabled). Diagnostics go to sink (may be NULL):
 * unknown keys with the nearest known one (convert/f5-nginx-annotation-
 * unknown) and values the admission rejects (convert/f5-nginx-
 * annotation-invalid).
 */
void prov_f5_read(struct prov_f5_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink);

/* A table entry by whole key, or by key without its prefix (nginx.org/,
 * nginx.com/, appprotect.f5.com/, appprotectdos.f5.com/ tried in that
 * order); custom.nginx.org/ANY is one entry. NULL when unknown. */
const struct prov_annotation *prov_f5_lookup(const char *key);
/* Its index in prov_f5nginx_provider.table. */
size_t prov_f5_index(const struct prov_annotation *a);
/* Whether key (whole) has one of the controller's prefixes. */
bool prov_f5_own_key(const char *key);
/* The slot of a whole key in s; NULL when the key is not in the table. */
const struct prov_f5_slot *prov_f5_slot(const struct prov_f5_settings *s,
	const char *key);

/* nginx time ("60s", "1m", "500ms", "90"): seconds rounded up; false
 * when it does not parse. */
bool prov_f5_time(const char *s, long long *secs);

/* Whether list (services) names svc. */
bool prov_f5_has(const struct prov_strlist *list, const char *svc);

struct ing_world;
struct ingress;

/*
 * Whether F5 NGINX serves ing: its class names an IngressClass of the
 * input whose spec.controller is PROV_F5_CONTROLLER; without an
 * IngressClass of that name, the class "nginx" (which ingress-nginx uses
 * too) only when the Ingress's nginx.org/ and nginx.com/ keys outnumber
 * its nginx.ingress.kubernetes.io/ keys (prov_f5_leans). No class: not
 * served (HasCorrectIngressClass compares the class with its own).
 */
bool prov_f5_serves(const struct ing_world *w, const struct ingress *ing);

/* nginx.org/, nginx.com/ and appprotect keys minus ingress-nginx's keys:
 * > 0 when the Ingress was written for F5 NGINX. */
int prov_f5_leans(const struct doc_node *annotations);

#endif
