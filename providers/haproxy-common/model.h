/*
 * What the routing models of the two HAProxy controllers share
 * (providers/haproxy/model.c, providers/haproxy-ingress/model.c): both
 * controllers write host and path rows for the Ingresses they serve and
 * pass a request through the same kind of frontend, so the rows, their
 * lookups, the client address lists, basic authentication and the
 * frontend's first steps are here. Like the models, this never includes
 * the conversion: replay stays independent of it.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_COMMON_MODEL_H
#define ING2GW_PROVIDERS_HAPROXY_COMMON_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "arena.h"
#include "diag.h"
#include "k8s.h"
#include "model/ingress.h"
#include "providers/haproxy-common/annotations.h"
#include "replay/request.h"
#include "strmap.h"

/* The rows, in the order the controllers try them. */
enum hm_map {
	HM_EXACT = 0,		/* path-exact */
	HM_PREFIX_EXACT,	/* path-prefix-exact */
	HM_PREFIX,		/* path-prefix, map_beg */
	HM_BEGIN,		/* HAProxy Ingress's begin: a char prefix */
	HM_REGEX,		/* HAProxy Ingress's regex: a search */
};

/* What an Ingress's rules do (its settings, read once). */
struct hm_ing {
	const struct ingress *ing;
	struct prov_hap_settings s;
	bool ssl_redirect;
	pcre2_code *rewrite;		/* path-rewrite line 1, or NULL */
};

struct hm_entry {
	enum hm_map map;
	const char *key;		/* host key + path */
	const char *value;		/* backend name, for duplicates */
	const struct hm_ing *hi;
	bool char_prefix;		/* ImplementationSpecific */
	const char *ns, *service;
	long port;
	long rule_idx, path_idx;
	const char *file;
	uint32_t line;
	const char *host;		/* HM_REGEX: the host key */
	pcre2_code *rx;			/* HM_REGEX: the compiled path */
};

/* One model: the rows of the Ingresses its controller serves. */
struct hm_model {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	struct hm_ing **ings;
	size_t nings;
	struct hm_entry *entries;	/* sorted: map, key, value */
	size_t nentries;
	struct strmap hosts;		/* host keys ("h", ".suffix") */
	struct strmap sni;		/* ssl-passthrough host -> entry */
	struct strmap acl_hosts;	/* host keys with route-acl paths */
	struct strmap certs;		/* tls hosts (lower-case, "*.x") */
	struct strmap app_roots;	/* host key -> first hm_ing with one */
	struct strmap no_secret;	/* tls hosts without secretName */
	const struct hm_entry *fallback;	/* spec.defaultBackend */
	struct hm_entry fallback_store;
};

/*
 * Reads the Ingresses of set into m, oldest first (as convert orders
 * them: the first spec.defaultBackend wins): with own_classes only those
 * served says it serves (the others said, with its why). load_ingress
 * writes the rows of one; they are sorted after.
 */
void hm_load(struct hm_model *m, const struct doc_set *set, bool own_classes,
	bool (*served)(const struct ing_world *w, const struct ingress *ing,
	const char **why), void (*load_ingress)(struct hm_model *m,
	const struct ingress *ing, struct diag_sink *sink),
	struct diag_sink *sink);
void hm_release(struct hm_model *m);
/* spec.defaultBackend of hi's Ingress, when no older Ingress gave one. */
void hm_fallback(struct hm_model *m, const struct hm_ing *hi);

/* A new Ingress of m: its settings read with parse, its tls hosts noted
 * (those without secretName too), *pt its ssl-passthrough. */
struct hm_ing *hm_ing_new(struct hm_model *m, hap_parse_fn *parse,
	const struct ingress *ing, bool *pt);
/* The host key of a rule ("" without host), noted in m->hosts. */
const char *hm_rule_host(struct hm_model *m, const struct ing_rule *ir);
/*
 * The row of path p of rule r of hi's Ingress (host key hk) without its
 * map and key; false when the controller writes none: no Service, a
 * Service with route-acl (noted in m->acl_hosts), or one missing from
 * the input (said with the rule id skipped).
 */
bool hm_path_entry(struct hm_model *m, hap_parse_fn *parse,
	const struct hm_ing *hi, size_t r, size_t p, const char *hk,
	const char *skipped, struct diag_sink *sink, struct hm_entry *e);

/* An INFO diagnostic at (set's position of) at; nothing without sink. */
void hm_say(const struct doc_set *set, struct diag_sink *sink,
	const struct doc_node *at, const char *rule, const char *fmt, ...)
	ING2GW_PRINTF(5, 6);
/* The port of backend b (its name looked up in svc), -1 when unknown. */
long hm_find_port(const struct ing_service *svc,
	const struct ing_backend *b);
/* Appends a copy of e to *entries (*n of them). */
void hm_add_entry(struct hm_entry **entries, size_t *n,
	const struct hm_entry *e);
char *hm_lower_host(struct arena *a, const char *h);
/* Whether the Service has route-acl (read from the Service alone). */
bool hm_route_acl(struct arena *a, const struct doc_set *set,
	hap_parse_fn *parse, const struct ing_service *svc);
/* ssl-passthrough of hi's Ingress, else of the Service of its first path
 * (Service annotations come first in the controllers). */
bool hm_passthrough_of(struct arena *a, const struct doc_set *set,
	const struct ing_world *w, hap_parse_fn *parse,
	const struct hm_ing *hi);
/* qsort's order of the rows: map, key, backend. */
int hm_by_row(const void *a, const void *b);
/* The Ingresses oldest first (stable), as convert orders them. */
void hm_by_age(const struct ingress **order, size_t n);

/* The first row of map with key (exact), or NULL; *dup: another row of
 * the same key with another backend. */
const struct hm_entry *hm_lookup(const struct hm_entry *entries, size_t n,
	enum hm_map map, const char *key, bool *dup);
/* map_beg in map: the longest stored prefix of key. */
const struct hm_entry *hm_lookup_beg(const struct hm_entry *entries,
	size_t n, enum hm_map map, const char *key, bool *dup);
/* Whether a tls section names host (exactly or by its wildcard). */
bool hm_has_cert(const struct strmap *certs, const char *host);
void hm_matched(struct replay_decision *d, const struct hm_entry *e);

/*
 * The frontend's first steps: the port (80 or 443), then the SNI map of
 * ssl-passthrough (sni). True when that answered the request (d is
 * complete); else *host is the request's host, lower-case without port,
 * in hbuf.
 */
bool hm_frontend(struct replay_decision *d, const struct replay_request *req,
	const struct strmap *sni, char *hbuf, size_t cap, bool *secure,
	const char **host);
/* The host key of host in the host maps (hosts): host, ".suffix" of its
 * wildcard, or ""; *path is the request's path. */
const char *hm_host_key(struct replay_decision *d,
	const struct replay_request *req, const struct strmap *hosts,
	bool secure, const char *host, const char **path);
/* The access lists and basic authentication of s; false when they
 * answered (403, 401). */
bool hm_access(struct replay_decision *d, const struct replay_request *req,
	const struct prov_hap_settings *s);
/* The backend of e answers. */
void hm_backend(struct replay_decision *d, const struct hm_entry *e);

#endif
