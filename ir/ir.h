/*
 * The intermediate representation between the providers (source
 * controllers) and the targets (Gateway API implementations).
 *
 * A provider lowers Ingresses into Gateways with listeners, routes with
 * rules, matches, backends and filters, and into *features*: intents that
 * standard Gateway API may not express (idle timeouts, retries, rate
 * limits, access control, ...), each with the annotation and position
 * that asked for it. Nothing here is an output document: the standard
 * target turns the Gateway API part into objects, and an implementation's
 * target turns the features it claims into its own objects. Names are
 * neutral; values are already in the controller-independent vocabulary
 * (seconds, bytes, header names, CIDRs).
 *
 * Ownership: strings and arrays of fixed size live in the conversion's
 * arena; the growable arrays (rules, matches, listeners, filters of a
 * rule under construction) are xrealloc'ed and freed with the conversion.
 * Filter arrays may be shared between rules once built: never modify a
 * rule's filters in place, replace the array.
 */
#ifndef ING2GW_IR_IR_H
#define ING2GW_IR_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "ingress.h"
#include "strmap.h"

/* metadata.annotations of an output object (another tool's, carried). */
struct ir_annotation {
	const char *key, *value;
	const struct ingress *ing;	/* where it came from */
	const struct doc_node *node;
};

struct ir_annotations {
	struct ir_annotation *v;	/* in the output arena */
	size_t len;
};
struct listener_set;

struct listener {
	const char *hostname;
	const char *secret_ns, *secret_name;
	const struct ingress *ing;	/* the first Ingress asking for it */
	const struct doc_node *node;
	const char *name;
	bool passthrough;		/* TLS listener, mode Passthrough */
	/* listenerset layout: the ListenerSet holding it, and the other
	 * namespaces whose routes attach to it (allowedRoutes) */
	struct listener_set *set;
	const char **route_ns;
	size_t nroute_ns;
};

/*
 * The listenerset layout: the HTTPS and TLS listeners of one namespace on
 * one Gateway (at most 64 a part), in that namespace, beside the Secrets
 * of their certificates.
 */
struct listener_set {
	struct gateway *gw;		/* the parent */
	const char *ns;
	const char *want_name;
	const char *name;		/* final, after names_resolve */
	size_t part;			/* 0, or the split index past 64 */
	size_t index;			/* in the estate's list of sets */
	size_t *listeners;		/* indexes into gw->https */
	size_t nlisteners;
};

struct l4_listener {			/* TCP or UDP */
	const char *protocol;		/* "TCP" or "UDP" */
	int port;
	const char *name;
};

struct gateway {
	struct ir_annotations annotations;
	const char *ns;
	const struct ingress *ing;	/* the first Ingress of the Gateway */
	const char *class_key;		/* Ingress class, "" for none */
	const char *gateway_class;
	const char *want_name;
	const char *name;		/* final, after names_resolve */
	struct listener *https;
	size_t nhttps;
	struct strmap https_index;	/* hostname ("" for none, "tls/<h>"
					 * Passthrough) -> index + 1 */
	size_t part;			/* 0, or the split index past 64
					 * listeners */
	const char **part_names;	/* names of the split parts */
	size_t nparts;
	struct l4_listener *l4;
	size_t nl4;
	/* spec.tls.frontend.default: client certificates, or NULL name */
	const char *client_ca_ns, *client_ca_name;	/* ConfigMap */
	const char *client_mode;	/* AllowValidOnly, ... */
	const struct ingress *client_ca_ing;	/* who asked for it, */
	const struct doc_node *client_ca_node;	/* and where */
	/* listenerset layout: its ListenerSets (spec.allowedListeners) */
	struct listener_set **sets;
	size_t nsets;
};

/* A header or query parameter match: Exact, unless regex. */
struct ir_value_match {
	const char *name;
	const char *value;
	bool regex;
};

struct match {
	const char *type;	/* "Exact", "PathPrefix", "RegularExpression" */
	const char *value;
	const struct doc_node *node;
	const char *src;		/* the Ingress path, when it differs */
	const char *grpc_service;	/* GRPCRoute method match; both */
	const char *grpc_method;	/* NULL: every RPC */
	const char *header;		/* optional header match: name */
	const char *header_value;
	bool header_regex;		/* RegularExpression, else Exact */
	/* further header matches, all required too (with header set) */
	const struct ir_value_match *also_headers;
	size_t nalso_headers;
	/* query parameter matches, all required */
	const struct ir_value_match *queries;
	size_t nqueries;
	const struct doc_node *queries_node;	/* what asked for them */
	const char *method;		/* optional HTTPRoute method match */
	const struct doc_node *method_node;	/* what asked for it */
};

struct backend {
	const char *service;
	int port;
	long long weight;
};

/* ---- filters ------------------------------------------------------------ */

enum ir_filter_kind {
	IR_FILTER_CORS = 1,
	IR_FILTER_REDIRECT,
	IR_FILTER_REQUEST_HEADERS,
	IR_FILTER_URL_REWRITE,
	IR_FILTER_RESPONSE_HEADERS,
	IR_FILTER_MIRROR,
	/* a path rewrite by regex with captures, which standard Gateway API
	 * cannot say: only a target that claims IR_FEAT_REGEX_REWRITE is
	 * given one, and names the object that does it */
	IR_FILTER_REGEX_REWRITE,
};

struct ir_header {
	const char *name, *value;
};

struct ir_strings {
	const char **v;
	size_t len;
};

struct ir_cors {
	struct ir_strings origins;
	bool credentials;
	struct ir_strings methods;
	struct ir_strings headers;
	bool has_expose;		/* exposeHeaders written, maybe empty */
	struct ir_strings expose;
	long long max_age;		/* seconds; 0: not set */
};

enum ir_path_modifier {
	IR_PATH_NONE = 0,
	IR_PATH_FULL,			/* ReplaceFullPath */
	IR_PATH_PREFIX,			/* ReplacePrefixMatch */
};

struct ir_redirect {
	const char *scheme;		/* NULL: the request's */
	const char *hostname;		/* NULL: the request's */
	enum ir_path_modifier path_kind;
	const char *path;
	int port;			/* 0: not set */
	int code;
};

struct ir_url_rewrite {
	const char *hostname;		/* NULL: unchanged */
	const struct doc_node *hostname_node;	/* NULL: the filter's */
	enum ir_path_modifier path_kind;
	const char *path;
};

struct ir_regex_rewrite {
	/* the whole path matched case-insensitively against pattern and
	 * replaced by substitution, whose $1..$9 are the captures */
	const char *pattern;
	const char *substitution;
	/* filled by the target: the ExtensionRef to its object */
	const char *group, *kind, *object;
	const char *desc;		/* "the <target> <kind> '<name>'" */
};

struct ir_filter {
	enum ir_filter_kind kind;
	const struct doc_node *node;	/* what asked for it (annotation,
					 * path, TLS host) */
	union {
		const struct ir_cors *cors;	/* may be shared */
		struct ir_redirect redirect;
		struct {		/* REQUEST_HEADERS, RESPONSE_HEADERS */
			struct ir_header *set;
			size_t nset;
		} headers;
		struct ir_url_rewrite rewrite;
		struct {		/* MIRROR */
			const char *service;
			int port;
		} mirror;
		struct ir_regex_rewrite regex;
	} u;
};

struct ir_timeouts {
	const char *request;		/* Gateway API duration, or NULL */
	const char *backend_request;
	const struct doc_node *node;	/* what asked for them */
	/* the targets of a lowering for several at once they hold for, as
	 * bits (conv_lower_shared); 0: every target */
	unsigned only;
};

struct rule {
	const char *service;	/* NULL: no backend (redirect rules) */
	int port;
	/* NULL: service is a core Service; else the backend is the object
	 * service of this group and kind (an InferencePool, port 0) */
	const char *backend_group, *backend_kind;
	struct match *matches;
	size_t nmatches;
	/* provider extensions: NULL / 0 with the Ingress spec's semantics */
	const char *key;		/* only rules with equal keys merge */
	bool solo;			/* takes no further matches */
	struct ir_filter *filters;	/* see the ownership note above */
	size_t nfilters;
	struct ir_timeouts timeouts;
	long long weight;		/* of service when nextra > 0 */
	struct backend *extra;		/* more weighted backends (canary) */
	size_t nextra;
};

struct route {
	struct gateway *gw;
	const struct ingress *ing;
	const char *host;		/* NULL: every host */
	size_t part;
	const char *name;
	struct rule *rules;
	size_t nrules;
	const char *kind;		/* NULL: HTTPRoute */
	struct ir_annotations annotations;
	const struct doc_node *node;	/* what made it of its kind */
	const char *suffix;		/* name suffix ("http-redirect") */
	const char *section;		/* parentRef sectionName, or NULL */
	const char *section_https;	/* sectionName: the HTTPS listener of
					 * this hostname (resolved at output) */
	const char *section_tls;	/* same, the Passthrough listener */
	/* listenerset layout: the ListenerSets a route without a section
	 * attaches to besides the Gateway (parentRefs without sectionName),
	 * and whether it has the Gateway parentRef (a copy made past the 32
	 * parentRefs of a route has not) */
	struct listener_set **lsets;
	size_t nlsets;
	size_t lsets_part;		/* 0, or the copy index past 32 */
	bool no_gateway_ref;
	bool owns_root;			/* nginx: holds the host's root */
	bool proxy_decode;		/* TCP: PROXY protocol from clients */
	bool proxy_encode;		/* TCP: PROXY protocol to backends */
	size_t index;			/* in the conversion's list, for
					 * conv_routes_of */
};

struct grant {
	const struct ingress *ing;	/* the first Ingress needing it */
	const char *ns;			/* where the Secrets live */
	const char *from_ns;		/* the Gateway's namespace */
	const char **secrets;
	size_t nsecrets;
	const char **configmaps;	/* CA bundles (client certificates) */
	size_t nconfigmaps;
	const char *name;
};

/* BackendTLSPolicy: how the Gateway verifies a Service's certificate. */
struct ir_backend_tls {
	const struct ingress *ing;	/* who asked for it, */
	const struct doc_node *node;	/* and where */
	const char *ns, *name;
	const char *service;
	const char *ca_configmap;
	const char *hostname;
};

/* ---- features ----------------------------------------------------------- */

/*
 * One intent per kind. A target claims the kinds it expresses; the
 * provider says at the feature's source line what becomes of one that the
 * target does not claim.
 */
enum ir_feature_kind {
	IR_FEAT_TIMEOUTS = 1,	/* connect and idle (between reads/writes) */
	IR_FEAT_RETRY,
	IR_FEAT_LOAD_BALANCING,	/* method, consistent hash or affinity */
	IR_FEAT_RATE_LIMIT,
	IR_FEAT_BODY_SIZE,
	IR_FEAT_IP_ACCESS,	/* client address allow and deny lists */
	IR_FEAT_BASIC_AUTH,
	IR_FEAT_EXT_AUTH,
	IR_FEAT_REGEX_REWRITE,	/* path rewrite by regex with captures */
	IR_FEAT_PROXY_PROTOCOL,	/* TCP routes: PROXY protocol */
	IR_FEAT_COUNT
};

enum ir_retry_on {
	IR_RETRY_ERROR = 1,	/* connection error or reset */
	IR_RETRY_TIMEOUT,
	IR_RETRY_STATUS,	/* the status in code */
};

struct ir_retry_cond {
	enum ir_retry_on on;
	int code;
};

enum ir_lb_kind {
	IR_LB_ROUND_ROBIN = 1,
	IR_LB_LEAST_REQUEST,
	IR_LB_OTHER,		/* a method with no common name */
	IR_LB_HASH_SOURCE_IP,
	IR_LB_HASH_HEADER,	/* name */
	IR_LB_HASH_COOKIE,	/* name */
	IR_LB_HASH_OTHER,	/* expr: a key no target hashes on */
	IR_LB_COOKIE_AFFINITY,	/* name, ttl: a cookie the proxy sets */
};

struct ir_feature {
	enum ir_feature_kind kind;
	const struct ingress *ing;
	const char *key;		/* the annotation, as written */
	const struct doc_node *node;	/* its position */
	/* in a lowering for several targets at once (conv_lower_shared):
	 * the targets it is for, as bits, besides claiming its kind; 0:
	 * every target that claims it */
	unsigned only;
	union {
		struct {
			long long connect;	/* seconds; 0: not set */
			long long idle;		/* seconds; 0: not set */
		} timeouts;
		struct {
			bool off;		/* never retry */
			long long tries;	/* attempts in all; 0: default */
			struct ir_retry_cond *on;
			size_t non;
			const char **unknown;	/* conditions with no name */
			size_t nunknown;
			bool all_methods;	/* else idempotent ones only */
		} retry;
		struct {
			enum ir_lb_kind kind;
			const char *name;	/* header or cookie */
			const char *expr;	/* HASH_OTHER */
			bool name_default;	/* COOKIE_AFFINITY: not given */
			long long ttl;		/* seconds; 0: session cookie */
		} lb;
		struct {
			long long per_second, per_minute;
			long long burst;	/* requests above the rate */
		} rate;
		struct {
			long long bytes;
		} body;
		struct {
			struct ir_strings allow, deny;
		} ip;
		struct {
			bool digest;		/* digest, which few support */
			const char *secret;	/* "name" or "ns/name" */
			bool auth_map;		/* user:hash lines by key */
		} basic;
		struct {
			const char *url;
			struct ir_strings response_headers;
		} ext;
	} u;
};

/* The lowered estate: what the targets read. */
struct ir {
	struct gateway **gws;
	size_t ngws;
	struct listener_set **sets;	/* listenerset layout */
	size_t nsets;
	struct route **routes;
	size_t nroutes;
	struct grant **grants;
	size_t ngrants;
	struct ir_backend_tls *backend_tls;
	size_t nbackend_tls;
	struct ir_feature *features;
	size_t nfeatures;
};

struct arena;

/* Appends a zeroed filter of kind to rule (a new array: see above), asked
 * for at node. */
struct ir_filter *ir_filter_add(struct arena *a, struct rule *rule,
	enum ir_filter_kind kind, const struct doc_node *node);
/* Appends a header to the set list of a header modifier. */
void ir_headers_add(struct arena *a, struct ir_filter *f, const char *name,
	const char *value);
/* The Gateway API filter type of kind ("RequestRedirect", ...). */
const char *ir_filter_type(enum ir_filter_kind kind);
/* A short name of the feature kind, for messages and listings. */
const char *ir_feature_name(enum ir_feature_kind k);
/* Whether the feature decides who may reach the routes: without it the
 * conversion fails closed. */
bool ir_feature_access(enum ir_feature_kind k);

#endif
