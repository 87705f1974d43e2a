/*
 * Internals shared by convert.c (orchestration), the providers' lowering
 * (providers/<name>/lower*.c) and the targets (targets/<name>/): the
 * conversion's state, the helpers providers build the IR with, and the
 * operations a provider and a target implement.
 *
 * Ownership: everything hangs off struct conv; strings and nodes live in
 * the result's arena (c->a), arrays are xrealloc'ed and freed by
 * conv_release in convert.c.
 */
#ifndef ING2GW_CONVERT_CONV_INT_H
#define ING2GW_CONVERT_CONV_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "convert.h"
#include "ir/ir.h"
#include "lands.h"
#include "names.h"
#include "strbuf.h"
#include "strmap.h"
#include "targets/target.h"

struct conv_nginx;
struct conv_traefik;
struct conv_kong;
struct conv_cilium;
struct conv_istio;
struct conv_haproxy;
struct conv_hapi;
struct conv_gce;
struct conv_apisix;
struct conv_f5nginx;
struct conv_alb;

struct conv_closure {
	const struct ingress *ing;
	const char *host;		/* NULL: every host of ing */
	bool https_only;		/* only routes on an HTTPS listener */
};

struct conv {
	const struct ing_world *w;
	const struct conv_options *opts;
	enum conv_layout layout;	/* conv_layout_of(opts) */
	struct diag_sink *sink;
	struct arena *a;		/* the output's: strings end up there */
	/* The IR's own arrays (filters, lists), released once the target
	 * has written the objects: nothing of the output points into it. */
	struct arena ir_arena;
	struct gateway **gws;
	size_t ngws;
	struct listener_set **sets;	/* listenerset layout */
	size_t nsets;
	struct route **routes;
	size_t nroutes;
	struct grant **grants;
	size_t ngrants;
	struct strmap grant_index;	/* "ns\nfrom_ns" -> grant */
	struct name_table names;
	struct conv_kong *kong;		/* NULL without Kong work */
	struct conv_nginx *nginx;	/* NULL without ingress-nginx work */
	struct conv_traefik *traefik;	/* NULL without Traefik work */
	struct conv_cilium *cilium;	/* NULL without Cilium work */
	struct conv_istio *istio;	/* NULL without Istio work */
	struct conv_haproxy *haproxy;	/* NULL without HAProxy work */
	struct conv_hapi *hapi;		/* NULL without HAProxy Ingress work */
	struct conv_gce *gce;		/* NULL without GKE Ingress work */
	struct conv_apisix *apisix;	/* NULL without APISIX work */
	struct conv_f5nginx *f5nginx;	/* NULL without F5 NGINX work */
	struct conv_alb *alb;		/* NULL without AWS ALB work */
	struct ir_backend_tls *backend_tls_policies;
	size_t nbackend_tls_policies;
	struct ir_feature *features;
	size_t nfeatures;
	const struct conv_target *target;
	struct doc_node **target_objs;	/* built by the target */
	size_t ntarget_objs;
	struct conv_closure *closed;	/* see conv_close */
	size_t nclosed;
	struct strmap backend_tls;	/* "ns/service" -> its policy's
					 * Ingress (lower_tls.c) */
	const struct ingress *cur_ing;	/* the Ingress being lowered */
	struct conv_carried *carried;	/* other tools' annotations */
	size_t ncarried;
	/* conv_routes_of: c->routes by Ingress, built on first use */
	struct route **by_ing;
	size_t by_ing_len;		/* c->nroutes when it was built */
	bool by_ing_built;
	/* conv_provider_of by world index, filled in on first use: every
	 * provider's begin asks it of every Ingress */
	const struct conv_provider **provider_memo;
	/* conv_lower_shared: the targets lowered at once (NULL: target
	 * alone); the bits of diag.only and obj_only index it */
	const struct conv_target **shared;
	size_t nshared;
	unsigned *obj_only;	/* per target_objs entry; 0: every target */
	size_t nobj_only;
};

/*
 * The targets of the lowering as bits (1 << k of c->shared; 1 in a
 * lowering for one target), those that claim kind and those that do
 * not. A provider that lowers for several targets at once asks the
 * targets nothing else (but conv_target_bit and
 * conv_target_regex_rewrite), says what holds for some of them only
 * after conv_only(c, those), until conv_only(c, conv_all_targets(c)),
 * and marks such features in their only.
 */
unsigned conv_all_targets(const struct conv *c);
unsigned conv_claimants(const struct conv *c, enum ir_feature_kind kind);
unsigned conv_unclaimed(const struct conv *c, enum ir_feature_kind kind);
/* The bit of target t among them (0: not lowered for). */
unsigned conv_target_bit(const struct conv *c, const struct conv_target *t);
void conv_only(struct conv *c, unsigned those);

/*
 * The routes of ing, in the order of c->routes: *n of them. For the
 * targets, which attach policies to an Ingress's routes: a scan of every
 * route per Ingress made them quadratic in large estates. Valid until
 * routes are added.
 */
struct route *const *conv_routes_of(struct conv *c, const struct ingress *ing,
	size_t *n);

/* An annotation of another tool, for the Gateway or the routes. */
struct conv_carried {
	const struct ingress *ing;
	const char *key, *value;
	const struct doc_node *node;
	int home;			/* enum conv_foreign_home */
};

#define PUSH(arr, n, v) \
	((arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))), \
	 (arr)[(n)++] = (v))

/* convert.c helpers for the providers */
struct src_pos conv_pos(const struct conv *c, const struct doc_node *n);
struct gateway *conv_gateway_for(struct conv *c, const struct ingress *ing);
struct route *conv_route_new(struct conv *c, struct gateway *gw,
	const struct ingress *ing, const char *host);
struct route *conv_route_for(struct conv *c, struct gateway *gw,
	const struct ingress *ing, const char *host);
/* Adds a match to the rule of (service, port, key), or a new rule. */
struct rule *conv_route_add(struct conv *c, struct route *r,
	const struct match *m, const char *service, int port,
	const char *key);
/* The same for backend b, which conv_usable_backend accepted: a Service,
 * or a resource backend the provider routes to (an InferencePool). */
struct rule *conv_route_add_backend(struct conv *c, struct route *r,
	const struct match *m, const struct ing_backend *b, int port,
	const char *key);
bool conv_route_has_match(const struct route *r, const char *type,
	const char *value, const struct doc_node **first);
bool conv_usable_backend(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const char *where, int *port_out);
bool conv_host_usable(struct conv *c, const struct ingress *ing,
	const char *host, const struct doc_node *node);
void conv_report_annotation(struct conv *c, const struct ingress *ing,
	const struct doc_node *key);
/* "FILE:LINE" of ing, for CONV_PROVENANCE_ANNOTATION; NULL when off. */
const char *conv_source(struct conv *c, const struct ingress *ing);
/*
 * Fail closed: the source checked who may reach the routes of ing (of
 * host; NULL: all; https_only: only those on an HTTPS listener), and the
 * target cannot. Once the target has written its objects, their rules
 * lose their backends and mirrors, so they answer 500 instead of serving
 * without the check. The caller reports the error at its line.
 */
void conv_close(struct conv *c, const struct ingress *ing, const char *host,
	bool https_only);
/*
 * For the emitters (convert/feature_say.c): a diagnostic of rule at the
 * annotation that asked for feature f, "Ingress 'NS/NAME': annotation
 * 'KEY': MESSAGE"; and the error of an access check the target cannot
 * make (convert/access-control, with why as its note), the Ingress's
 * paths closed (conv_close).
 */
void conv_feature_say(struct conv *c, const char *rule,
	enum diag_severity sev, const struct ir_feature *f, const char *fmt,
	...) ING2GW_PRINTF(5, 6);
void conv_feature_fail_closed(struct conv *c, const struct ir_feature *f,
	const char *why);
/* A target's object of kind k (its table's entry) in namespace ns, with
 * the provenance of ing (NULL: none here). */
struct doc_node *conv_target_object_new(struct conv *c,
	const struct conv_target_object *k, const char *name, const char *ns,
	const struct ingress *ing);
/*
 * The Service of an auth URL of the cluster: "http(s)://svc[.ns[.svc
 * ...]][:port]/path", in the Ingress's namespace ing_ns unless the URL
 * names one. False when it is not one.
 */
bool conv_auth_service(struct conv *c, const char *url, const char *ing_ns,
	const char **ns, const char **svc, int *port, const char **path,
	bool *https);
/* Oldest first, input order for equal or missing timestamps: the order
 * of the Ingress specification (a qsort comparator of ingress pointers). */
int conv_cmp_age(const void *a, const void *b);
/* A ReferenceGrant from the Gateways of from_ns to the Secret or
 * ConfigMap (kind) name of ns. */
void conv_need_grant(struct conv *c, const char *ns, const char *from_ns,
	const char *kind, const char *name);
/* Adds the TLS Passthrough listener of host (once per Gateway). */
void conv_passthrough_listener(struct conv *c, struct gateway *gw,
	const struct ingress *ing, const char *host,
	const struct doc_node *node);
/* Whether host has a Passthrough listener on gw. */
bool conv_is_passthrough(const struct gateway *gw, const char *host);
/* The HTTPS listener serving host (exact, else wildcard); NULL if none. */
const struct listener *conv_https_listener(const struct gateway *gw,
	const char *host);
/* The HTTPS (passthrough: TLS) listener of exactly hostname on an unsplit
 * Gateway; NULL if none. */
struct listener *conv_listener_named(const struct gateway *gw,
	const char *hostname, bool passthrough);

/* ---- providers: one per source controller (providers/<name>/) ---------- */

struct conv_provider {
	const char *name;
	const char *summary;		/* one line, for --help */
	/* Whether this controller serves ing (--provider auto); NULL: only
	 * when named. */
	bool (*serves)(const struct conv *c, const struct ingress *ing);
	/* The controller's first-wins order of Ingresses (a qsort
	 * comparator of const struct ingress *); NULL: creation order. */
	int (*order)(const void *a, const void *b);
	/* Optional: before any Ingress, with the selected ones in order
	 * (NULL entries are left out). */
	void (*begin)(struct conv *c, const struct ingress **order,
		size_t n);
	/* Whether the controller routes a path with an InferencePool
	 * resource backend to the pool (ingress-nginx skips such paths). */
	bool resource_backends;
	/* Optional: false when the controller drops the Ingress. */
	bool (*accept)(struct conv *c, const struct ingress *ing);
	/* Lowers one Ingress into the IR (its TLS listeners are made). */
	void (*lower)(struct conv *c, struct gateway *gw,
		const struct ingress *ing);
	/* Optional: once every Ingress is lowered (merges, estate-wide
	 * settings), and the release of the provider's state, right after
	 * every provider's finish (the IR must not point into that state);
	 * release may be called again, with nothing left to release. */
	void (*finish)(struct conv *c);
	void (*release)(struct conv *c);
	/* The controller's data-plane defaults (body size, headers with
	 * underscores, timeouts, ...), compared with the target's: the
	 * differences are reported per Gateway (convert/target-defaults).
	 * NULL: none known. */
	const struct tgt_behaviour *defaults;
	size_t ndefaults;
	/* Its lowering asks the target only what conv_all_targets' comment
	 * says, and tags what depends on the answer: one lowering serves
	 * several targets (conv_lower_shared). */
	bool shares_lowering;
};

extern const struct conv_provider conv_provider_spec;
extern const struct conv_provider conv_provider_ingress_nginx;
extern const struct conv_provider conv_provider_traefik;
extern const struct conv_provider conv_provider_cilium;
extern const struct conv_provider conv_provider_istio;
extern const struct conv_provider conv_provider_kong;
extern const struct conv_provider conv_provider_haproxy;
extern const struct conv_provider conv_provider_gce;
extern const struct conv_provider conv_provider_apisix;
extern const struct conv_provider conv_provider_f5nginx;
extern const struct conv_provider conv_provider_alb;
extern const struct conv_provider conv_provider_hapi;

const struct conv_provider *conv_provider_find(const char *name);
const struct conv_target *conv_target_find(const char *name);
/* The provider --provider names, or NULL for auto. */
const struct conv_provider *conv_provider_fixed(const struct conv *c);
/* The provider that converts ing. */
const struct conv_provider *conv_provider_of(const struct conv *c,
	const struct ingress *ing);

/* ---- targets: one per Gateway API implementation (targets/<name>/) ------ */

struct conv_target {
	/* What ing2gw knows of the implementation (targets/target.h): its
	 * name, conformance report, own mechanisms, data-plane defaults. */
	const struct tgt_table *table;
	/* The features it expresses with its own objects. */
	const enum ir_feature_kind *claims;
	size_t nclaims;
	/* Which of its objects carry each claimed feature (convert/lands.h):
	 * its emitter names its objects from the same table, and ing2gw
	 * annotations --target lists them. */
	const struct conv_target_row *rows;
	size_t nrows;
	/*
	 * Optional, with IR_FEAT_REGEX_REWRITE: an object rewriting the path
	 * as nginx's `rewrite (?i)<pattern> <substitution> break;` does
	 * (substitution with $1..$9); NULL and *why when it cannot.
	 */
	const struct ir_regex_rewrite *(*regex_rewrite)(struct conv *c,
		const struct ingress *ing, const char *pattern,
		const char *substitution, unsigned idx, const char **why);
	/* Optional: its objects for the features it claims, once routes
	 * have their names; pushed to c->target_objs. */
	void (*emit)(struct conv *c, const struct ir *ir);
};

extern const struct conv_target conv_target_generic,
	conv_target_envoy_gateway, conv_target_istio, conv_target_cilium,
	conv_target_nginx_gateway_fabric, conv_target_traefik,
	conv_target_kong, conv_target_kgateway, conv_target_agentgateway,
	conv_target_gke;

bool conv_target_claims(const struct conv *c, enum ir_feature_kind kind);
/*
 * The regex rewrite of each target that claims IR_FEAT_REGEX_REWRITE;
 * *rewrote (when not NULL): the targets whose hook made one, as bits.
 * Returns the first one made, else NULL with *why from the first hook
 * that said why.
 */
const struct ir_regex_rewrite *conv_target_regex_rewrite(struct conv *c,
	const struct ingress *ing, const char *pattern,
	const char *substitution, unsigned idx, const char **why,
	unsigned *rewrote);

/*
 * What the target supports of the IR (convert/needs.h): a warning at the
 * line of each construct it lacks (convert/target-unsupported), an error
 * and the routes closed where the construct checks access, an info where
 * its report does not tell (convert/target-unproven).
 */
void conv_target_check(struct conv *c, const struct ir *ir);
/* Once per Gateway: the provider's data-plane defaults that the target
 * does not share, with the knob that restores each (convert/target-
 * defaults). */
void conv_target_defaults(struct conv *c, const struct ir *ir);
/* The default of the provider serving gw for aspect a, or NULL: what a
 * target's emitter restores where it writes the knob. */
const struct tgt_behaviour *conv_baseline(const struct conv *c,
	const struct gateway *gw, enum tgt_aspect a);
/* conv_default_differs is in convert.h. */

/*
 * An output object before it is built: what it is made from, and its
 * kind, namespace (NULL: none) and name, by which the objects are sorted.
 * Building them one at a time, in output order, lets convert write a
 * large estate without holding every object's tree.
 */
enum conv_obj_kind {
	CONV_OBJ_GATEWAY,	/* ir: struct gateway */
	CONV_OBJ_LISTENERSET,	/* ir: struct listener_set */
	CONV_OBJ_ROUTE,		/* ir: struct route */
	CONV_OBJ_GRANT,		/* ir: struct grant; part: first 'to' entry */
	CONV_OBJ_BACKEND_TLS,	/* ir: struct ir_backend_tls */
	CONV_OBJ_TREE,		/* ir: the object, built (a target's) */
};

struct conv_obj {
	enum conv_obj_kind what;
	const char *kind;
	const char *ns;
	const char *name;
	const void *ir;
	size_t part;
};

/* Filters built once and shared by the rules of the objects built in one
 * arena (targets/standard/emit.c). */
struct std_shared {
	struct strmap map;
	struct strbuf key;
};

/* targets/standard: the Gateway API objects of the IR, in the order they
 * are made (appended to *objs), and one of them built in c->a. */
void std_objects(struct conv *c, const struct ir *ir, struct conv_obj **objs,
	size_t *nobjs);
struct doc_node *std_build(struct conv *c, const struct conv_obj *o,
	struct std_shared *sf);

#endif
