/*
 * Private structures of replay/gateway (gateway_load.c builds them,
 * gateway_route.c reads them). Strings are borrowed from the doc_set or
 * allocated in the engine's arena.
 */
#ifndef ING2GW_REPLAY_GATEWAY_INT_H
#define ING2GW_REPLAY_GATEWAY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "gateway.h"

/* String -> index map, open addressing; keys are borrowed. */
struct gw_hent {
	const char *key;
	uint32_t hash;
	uint32_t val;
};

struct gw_hmap {
	struct gw_hent *ents;
	size_t cap, len;
};

uint32_t gw_hash(const char *s);
void gw_hmap_put(struct gw_hmap *m, const char *key, uint32_t val);
/* Returns false when absent. */
bool gw_hmap_get(const struct gw_hmap *m, const char *key, uint32_t *out);
void gw_hmap_release(struct gw_hmap *m);

enum gw_path_kind {
	GW_PATH_PREFIX = 1,
	GW_PATH_REGEX = 2,
	GW_PATH_EXACT = 3,
};

enum gw_route_kind {
	GW_HTTP = 0,
	GW_GRPC = 1,
	GW_TLS = 2,		/* TLSRoute: by SNI only, no matches */
	GW_NKINDS = 3,
};

struct gw_kv {
	const char *name;
	const char *value;
	pcre2_code *re;		/* RegularExpression match */
	bool bad;		/* invalid: never matches */
};

enum gw_filter_type {
	GW_F_REQ_HDR = 1,
	GW_F_RESP_HDR,
	GW_F_REDIRECT,
	GW_F_REWRITE,
	GW_F_MIRROR,
	GW_F_CORS,
	GW_F_UNSUPPORTED,	/* ExtensionRef, unknown: answers 500 */
};

enum gw_pathmod {
	GW_PM_NONE = 0,
	GW_PM_FULL = 1,
	GW_PM_PREFIX = 2,
};

struct gw_bref;

struct gw_filter {
	enum gw_filter_type type;
	/* header modifiers */
	struct gw_kv *set, *add;
	size_t nset, nadd;
	const char **remove;
	size_t nremove;
	/* redirect / rewrite */
	const char *scheme;
	const char *hostname;
	enum gw_pathmod pathmod;
	const char *pathval;
	long port;		/* -1 unset */
	int status;
	/* mirror */
	struct gw_bref *mirror;
	double fraction;
	/* CORS */
	const char **origins, **methods, **allow_hdrs, **expose_hdrs;
	size_t norigins, nmethods, nallow_hdrs, nexpose_hdrs;
	bool credentials;
	long max_age;
	const char *why;	/* unsupported: what */
};

struct gw_bref {
	const char *ns, *name;
	long port;
	long weight;
	const struct replay_pool *pool;	/* an InferencePool, else NULL */
	bool valid;
	const char *why;	/* reason when invalid */
	struct gw_filter *filters;
	size_t nfilters;
};

struct gw_route;
struct gw_rule;

struct gw_match {
	struct gw_rule *rule;
	long index;
	/* HTTP */
	enum gw_path_kind path_kind;
	const char *path;	/* value as configured */
	size_t path_len;	/* normalized length (prefix: no trailing /) */
	pcre2_code *path_re;
	const char *method;
	struct gw_kv *headers, *query;
	size_t nheaders, nquery;
	/* gRPC */
	const char *svc, *meth;
	pcre2_code *svc_re, *meth_re;
	bool grpc_regex;
	bool bad;		/* never matches */
	const char *file;
	uint32_t line;
};

struct gw_rule {
	struct gw_route *route;
	long index;
	struct gw_match *matches;
	size_t nmatches;
	struct gw_filter *filters;
	size_t nfilters;
	struct gw_bref *brefs;
	size_t nbrefs;
	bool unsupported;	/* a filter we cannot honour: 500 */
	const char *why;
	const char *file;
	uint32_t line;
};

struct gw_route {
	enum gw_route_kind kind;
	const char *ns, *name;
	const char *ts;		/* creationTimestamp or NULL */
	size_t order;		/* appearance */
	size_t age_rank;
	const char **hostnames;
	size_t nhostnames;
	struct gw_rule *rules;
	size_t nrules;
	const struct doc_node *node;
	bool accepted;		/* false: invalid spec, never attached */
	size_t last_listener;	/* dedupe while attaching */
	const char *file;
	uint32_t line;
};

/* One bucket of candidate matches under one effective hostname. */
struct gw_bucket {
	const struct gw_match **m;
	size_t n, cap;
};

struct gw_rindex {
	struct gw_hmap exact;	/* hostname -> bucket */
	struct gw_hmap wild;	/* suffix after "*." -> bucket */
	long any;		/* bucket for no hostname, -1 */
	struct gw_bucket *buckets;
	size_t nbuckets, capbuckets;
};

enum gw_proto {
	GW_P_HTTP = 1,
	GW_P_HTTPS = 2,
	GW_P_OTHER = 3,
	GW_P_TLS = 4,		/* TLS (Passthrough or Terminate): TLSRoutes */
};

struct gw_listener {
	const char *name;
	const char *hostname;	/* NULL: any */
	long port;
	enum gw_proto proto;
	const char *protocol;	/* as written */
	/* a ListenerSet's listener that conflicts with one of higher
	 * precedence (HostnameConflict, ProtocolConflict): it is not
	 * programmed, so no request reaches it */
	bool conflicted;
	const char *owner_ns;	/* Gateway's or ListenerSet's namespace */
	const struct doc_node *allowed;	/* allowedRoutes */
	size_t gw;		/* gateway index */
	long lset;		/* ListenerSet index or -1 */
	long attached;
	struct gw_rindex idx[GW_NKINDS];	/* by enum gw_route_kind */
	/*
	 * The first listener of any Gateway with this port, protocol and
	 * hostname, and the next one after this: a request that names no
	 * Gateway may be served by any of them (gateway_route.c).
	 */
	long first_same, next_same;
	/* Next in that chain with hostname-less routes. */
	long next_general;
	long first_general;	/* of the chain */
};

struct gw_gateway {
	const char *ns, *name;
	const char *key;	/* "ns/name" */
	size_t *listeners;	/* merged order: own, then ListenerSets */
	size_t nlisteners, caplisteners;
	size_t nown;		/* the first nown are the Gateway's own */
	const struct doc_node *node;
};

/* In precedence order: creationTimestamp, then namespace/name (those
 * without a timestamp last, in the order they appear). */
struct gw_lset {
	const char *ns, *name;
	const char *ts;		/* creationTimestamp or NULL */
	size_t order;		/* appearance */
	size_t gw;		/* (size_t)-1: no parent Gateway */
	bool attached;		/* its parent allows it (allowedListeners) */
	size_t first, n;	/* range in the listener array */
};

/* Listener selection for (gateway or all, port, protocol). */
struct gw_portgroup {
	long gw;		/* -1: all gateways */
	long port;
	enum gw_proto proto;
	struct gw_hmap exact, wild;
	long nohost;		/* listener index or -1 */
};

/* The index of the port group of (gateway or -1, port, proto), or -1. */
long gw_group_find(const struct replay_gw *gw, long gwi, long port,
	int proto);

struct replay_gw {
	struct arena arena;
	const struct doc_set *set;
	bool assume_services;	/* replay_gw_opts.assume_services */
	struct gw_gateway *gws;
	size_t ngws;
	struct gw_hmap gw_by_key;
	struct gw_listener *listeners;
	size_t nlisteners;
	struct gw_lset *lsets;
	size_t nlsets;
	struct gw_hmap lset_by_key;	/* "ns/name" -> index in lsets */
	struct gw_route *routes;
	size_t nroutes;
	struct gw_portgroup *groups;
	size_t ngroups;
	struct gw_hmap group_by_key;	/* "gateway/port/proto" -> index */
	/*
	 * "head/kind/HOST" -> the first listener of a chain of
	 * same-hostname listeners (head: its first) whose routes name
	 * HOST; wildcard route hostnames are keyed as written.
	 */
	struct gw_hmap same_by_host;
	struct gw_hmap services;	/* "ns/name" */
	/* InferencePools: "ns/name" -> index in pools; when the input has
	 * none, every pool a backendRef names is assumed (pool_assumed) */
	struct gw_hmap pool_by_key;
	struct replay_pool *pools;
	size_t npools;
	struct replay_pool pool_assumed;
	struct gw_hmap ns_by_name;	/* -> index in nss */
	const struct doc_node **nss;	/* Namespace labels maps */
	size_t nnss;
	const struct doc_node **grants;	/* ReferenceGrant objects */
	size_t ngrants;
	pcre2_code **res;		/* compiled expressions, to free */
	size_t nres, capres;
	size_t *scratch;		/* listeners of the route attached */
	size_t nscratch, capscratch;
};

/* Hostname helpers shared by load and route. */
bool gw_host_matches(const char *pattern, const char *host);

#endif
