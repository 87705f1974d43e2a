/*
 * Internals shared by the check families of lint/. Not installed, not
 * used outside lint/ (the unit tests include it).
 */
#ifndef ING2GW_LINT_LINT_INT_H
#define ING2GW_LINT_LINT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "catalogue.h"
#include "diag.h"
#include "doc.h"
#include "k8s.h"
#include "lint.h"
#include "strbuf.h"

#define GW_GROUP "gateway.networking.k8s.io"
/* The Gateway API Inference Extension's v1 API group (InferencePool). */
#define INFERENCE_GROUP "inference.networking.k8s.io"

enum lint_kind {
	LK_OTHER = 0,
	LK_GATEWAY,
	LK_GATEWAYCLASS,
	LK_HTTPROUTE,
	LK_GRPCROUTE,
	LK_REFERENCEGRANT,
	LK_SERVICE,
	LK_INGRESS,
	LK_INFERENCEPOOL,
	LK_SECRET,		/* referenced only, not linted */
	LK_NAMESPACE,		/* its labels, for namespace selectors */
	LK_LISTENERSET,
};

/* One input object, as the checks see it. */
struct lint_obj {
	const struct k8s_object *k;
	enum lint_kind kind;
	const char *ns;		/* metadata.namespace or "default" */
	const char *name;	/* metadata.name or "" */
	const char *created;	/* metadata.creationTimestamp or NULL */
	const struct doc_node *spec;
};

struct lint_ctx {
	const struct doc_set *set;
	const struct lint_config *cfg;
	struct diag_sink *sink;
	struct lint_result *res;
	struct lint_obj *objs;
	size_t nobjs;
	const struct k8s_objects *all;	/* every input object (ExtensionRef) */
	const struct lint_obj *cur;	/* the object findings are about */
	bool emitted;			/* the last lint_emit was kept */
	struct strbuf path;		/* field path of the current node */
};

/* The effective severity of rule for the current object; false: off. */
bool lint_enabled(struct lint_ctx *c, const char *rule,
	enum diag_severity *sev_out);
/*
 * Adds a finding about c->cur at node at (the object when NULL). rule must
 * be a catalogue id. Notes added next attach to it, or are dropped when
 * the finding was disabled.
 */
void lint_emit(struct lint_ctx *c, const char *rule,
	const struct doc_node *at, const char *fmt, ...)
	ING2GW_PRINTF(4, 5);
/*
 * The same at severity sev instead of the catalogue's, for a rule whose
 * severity depends on what is found; an override of the configuration
 * still wins.
 */
void lint_emit_sev(struct lint_ctx *c, const char *rule,
	enum diag_severity sev, const struct doc_node *at, const char *fmt,
	...) ING2GW_PRINTF(5, 6);
/* The same at a position (for findings relayed from other modules). */
void lint_emit_pos(struct lint_ctx *c, const char *rule, struct src_pos pos,
	const char *fmt, ...) ING2GW_PRINTF(4, 5);
void lint_note(struct lint_ctx *c, const struct doc_node *at,
	const char *fmt, ...) ING2GW_PRINTF(3, 4);

/* Field-path helpers: push returns the length to pop back to. */
size_t lint_path_push(struct lint_ctx *c, const char *fmt, ...)
	ING2GW_PRINTF(2, 3);
/*
 * "spec.rules[ri]" then, when mid is not NULL, mid "[mi]", then tail, in
 * buf as snprintf would write it; the hot paths skip printf this way.
 */
void lint_where(char *buf, size_t size, size_t ri, const char *mid,
	size_t mi, const char *tail);
/* The same without a format: ".name" (no dot first), "[i]", "[key]". */
size_t lint_path_push_field(struct lint_ctx *c, const char *name);
size_t lint_path_push_index(struct lint_ctx *c, size_t i);
size_t lint_path_push_key(struct lint_ctx *c, const char *key);
void lint_path_pop(struct lint_ctx *c, size_t len);
const char *lint_path(struct lint_ctx *c);

/* Objects of one kind sorted by namespace/name (attach.c). */
struct lint_index {
	const struct lint_obj **items;
	size_t len;
};

void lint_index_build(struct lint_index *ix, const struct lint_ctx *c,
	enum lint_kind kind);
/* The first position of ns (and name, unless NULL). */
size_t lint_index_lower(const struct lint_index *ix, const char *ns,
	const char *name);
const struct lint_obj *lint_index_find(const struct lint_index *ix,
	const char *ns, const char *name);
/* Whether listener l admits routes of kind (allowedRoutes.kinds or the
 * protocol's kinds). */
bool lint_kind_allowed(const struct doc_node *l, const char *kind);

/* The check families, each over one object (c->cur) or all of them. */
void lint_schema_check(struct lint_ctx *c);
void lint_gateway_check(struct lint_ctx *c);
/* A ListenerSet's listeners: the CEL rules it shares with Gateway. */
void lint_listenerset_check(struct lint_ctx *c);
/* ListenerSets and their Gateways (listenerset.c): the parent, its
 * allowedListeners, and conflicts in the merged list of listeners. */
void lint_listenerset_parents_check(struct lint_ctx *c);
/* The ListenerSets in a Gateway's order of precedence (the ListenerSet CRD): creation
 * time, then namespace/name, those without a timestamp last in input
 * order (a qsort comparator of const struct lint_obj *). */
int lint_cmp_listenerset(const void *a, const void *b);
/* Whether gw's allowedListeners admits a ListenerSet of namespace ns
 * (a Selector is judged on the kubernetes.io/metadata.name label only,
 * and admits the others). */
bool lint_listenerset_allowed(const struct lint_obj *gw, const char *ns);
/* Whether a namespace label selector selects namespace ns, judged on the
 * label every namespace has (kubernetes.io/metadata.name) only: what
 * other labels select needs the Namespace objects, and is admitted. */
bool lint_selector_admits(const struct doc_node *selector, const char *ns);
void lint_route_check(struct lint_ctx *c);
void lint_attach_check(struct lint_ctx *c);
void lint_conflict_check(struct lint_ctx *c);
/* InferencePool objects (inference.c): the CEL rules of the CRD. */
void lint_inference_check(struct lint_ctx *c);
/* The endpoint picker Service of the InferencePool c->cur, among the
 * Services of the input (svcs indexes LK_SERVICE; inference.c). */
void lint_inference_picker(struct lint_ctx *c,
	const struct lint_index *svcs);
/* A route backendRef of kind InferencePool (inference.c): group, the pool
 * in the input (pools indexes LK_INFERENCEPOOL) and its port. */
void lint_inference_backend(struct lint_ctx *c,
	const struct lint_index *pools, const struct doc_node *ref,
	const char *where);
/* What cfg->target does not support, over every Gateway API object
 * (target.c). */
void lint_target_check(struct lint_ctx *c);
/* Ingress objects (ingress.c): API versions, annotations as ingress-nginx
 * reads them, host/path conflicts, regex mode, wildcard depth. */
void lint_ingress_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses Traefik serves (providers/traefik/lint.c): annotations as
 * Traefik reads them, routers of equal priority. */
void lint_traefik_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses KIC serves (providers/kong/lint.c): konghq.com annotations
 * as KIC reads them, Kong routes of equal priority. */
void lint_kong_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses Cilium and Istio serve (providers/cilium/lint.c,
 * providers/istio/lint.c). */
void lint_cilium_check(struct lint_ctx *c, const struct k8s_objects *objs);
void lint_istio_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses the HAProxy Ingress Controller serves (providers/haproxy/
 * lint.c): annotations as it reads them. */
void lint_haproxy_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* HAProxy Ingress (providers/haproxy-ingress/lint.c). */
void lint_hapi_check(struct lint_ctx *c, const struct k8s_objects *objs);
void lint_gce_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses the APISIX Ingress Controller serves
 * (providers/apisix/lint.c): annotations as it reads them, routes of one
 * URI it orders arbitrarily. */
void lint_apisix_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses F5 NGINX serves (providers/f5-nginx/lint.c): annotations
 * as its admission reads them, hosts held by an older Ingress. */
void lint_f5nginx_check(struct lint_ctx *c, const struct k8s_objects *objs);
/* The Ingresses the AWS Load Balancer Controller serves
 * (providers/aws-alb/lint.c). */
void lint_alb_check(struct lint_ctx *c, const struct k8s_objects *objs);

/* The Hostname pattern of the CRDs (schema.c). */
bool lint_match_hostname(const char *s);
/* A Kubernetes qualified key: optional "dns.subdomain/" and a name. */
bool lint_match_qualified_key(const char *s);

/* Value helpers (values.c). */
/* A string scalar with the default applied when absent or null. */
const char *lint_str_or(const struct doc_node *n, const char *dflt);
/* A dotted IPv4 address (what the Hostname pattern lets through). */
bool lint_is_ip(const char *s);
/* Hostname intersection (a wildcard matches one label or more; both
 * precise: equal; else one must match the other, and the more specific
 * one results); NULL for "no hostname" means "*". */
bool lint_host_intersects(const char *listener, const char *route);
/* Whether pattern p (a wildcard or exact hostname) matches host h. */
bool lint_host_matches(const char *p, const char *h);
/* GEP-2257 duration in milliseconds; false when not parseable. */
bool lint_duration_ms(const char *s, long long *out);
/* Case-insensitive ASCII compare. */
int lint_strcasecmp(const char *a, const char *b);

/* The length of a sequence; 0 for anything else (a map's pairs too). */
static inline size_t
lint_seq_len(const struct doc_node *n)
{
	return doc_is_seq(n) ? doc_len(n) : 0;
}

/* The route kinds. */
static inline bool
lint_is_route(enum lint_kind k)
{
	return k == LK_HTTPROUTE || k == LK_GRPCROUTE;
}

#endif
