/*
 * AWS Load Balancer Controller v2 (kubernetes-sigs/aws-load-balancer-
 * controller, its Ingress support: pkg/ingress, pkg/annotations): the
 * annotation table, the reading of an Ingress's (or a Service's)
 * alb.ingress.kubernetes.io annotations as the controller reads them,
 * which Ingresses it serves, and ALB's path-pattern conversion and match.
 *
 * Facts (pkg/annotations/constants.go, pkg/ingress/group_loader.go,
 * class_annotation_matcher.go, model_build_listener_rules.go,
 * enhanced_backend_builder.go, config_types.go, docs/guide/ingress/
 * annotations.md):
 *  - Keys are matched as written under PROV_ALB_PREFIX; actions.NAME,
 *    conditions.NAME and transforms.NAME name a path's backend Service,
 *    listener-attributes.PROTOCOL-PORT a listener.
 *  - Booleans are Go's strconv.ParseBool, integers strconv.ParseInt,
 *    lists are split on ',' and trimmed, maps are "k=v" items of a list,
 *    JSON values are decoded strictly. A value that does not parse fails
 *    the build of the whole IngressGroup: the load balancer keeps its
 *    last state (none for a new one).
 *  - Some keys are read from the Service of a path first, then from the
 *    Ingress (target-type, backend-protocol*, healthcheck-*,
 *    success-codes, target-group-attributes, auth-*, ...).
 *
 * Ownership: the parsers fill caller-owned structs; strings live in the
 * arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_AWS_ALB_ANNOTATIONS_H
#define ING2GW_PROVIDERS_AWS_ALB_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_ALB_PREFIX "alb.ingress.kubernetes.io/"
/* Keys of the table, families (actions.NAME ...) counted once. */
#define PROV_ALB_NANN 72
/* The IngressClass spec.controller of the controller, and its class. */
#define PROV_ALB_CONTROLLER "ingress.k8s.aws/alb"
#define PROV_ALB_CLASS "alb"
/* group.order bounds (group_loader.go). */
#define PROV_ALB_ORDER_MIN (-1000)
#define PROV_ALB_ORDER_MAX 1000

extern const struct prov_provider prov_alb_provider;

/* One annotation of an Ingress or Service. */
struct prov_alb_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* the value */
	bool bad;				/* does not parse */
};

/* A family key: actions.NAME, conditions.NAME, transforms.NAME,
 * listener-attributes.NAME. */
struct prov_alb_named {
	const char *family;		/* "actions", ... */
	const char *name;
	struct prov_alb_slot slot;
};

/* One listen-ports entry. */
struct prov_alb_port {
	bool https;
	int port;
};

#define PROV_ALB_MAX_PORTS 16

struct prov_alb_settings {
	struct prov_alb_slot slots[PROV_ALB_NANN];
	struct prov_alb_named *named;
	size_t nnamed;
	/* parsed */
	const char *group;		/* group.name; NULL: implicit */
	bool group_bad;
	long long order;		/* group.order, 0 */
	struct prov_alb_port ports[PROV_ALB_MAX_PORTS];
	size_t nports;			/* 0: the default */
	long long ssl_redirect;		/* 0: none */
	bool has_certificate;		/* certificate-arn */
	bool use_regex;			/* use-regex-path-match */
	int auth_type;			/* 0 none, 1 cognito, 2 oidc */
	/* a value that fails the controller's build of the group */
	const struct prov_alb_slot *fatal;
	const char *fatal_why;
};

/*
 * Reads the alb.ingress.kubernetes.io annotations (metadata.annotations,
 * may be NULL) of the object ns/name (kind "Ingress" or "Service") into
 * out. Diagnostics go to sink (may be NULL): unknown keys with the
 * nearest known one (convert/aws-alb-annotation-unknown), values the
 * controller rejects (convert/aws-alb-annotation-invalid).
 */
void prov_alb_parse(struct prov_alb_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *kind, const char *ns, const char *name,
	struct diag_sink *sink);

/* A table entry by key without prefix (families by their "actions."
 * prefix); NULL when unknown. */
const struct prov_annotation *prov_alb_lookup(const char *key);
size_t prov_alb_index(const struct prov_annotation *a);
/* The slot of key (without prefix) when set, else NULL. */
const struct prov_alb_slot *prov_alb_slot(const struct prov_alb_settings *s,
	const char *key);
/* The family entry of name, or NULL. */
const struct prov_alb_named *prov_alb_named(const struct prov_alb_settings *s,
	const char *family, const char *name);

/* listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'; false with *why. */
bool prov_alb_parse_ports(const char *text, struct prov_alb_port *out,
	size_t max, size_t *n, const char **why);
/* A group.name the controller accepts (lower-case DNS-like, <= 63). */
bool prov_alb_group_name_ok(const char *s);
/* "k1=v1, k2=v2": the value of key k, or NULL (in arena). */
const char *prov_alb_map_get(struct arena *a, const char *text,
	const char *k);
/* Whether text is a "k=v" list (every item has '=' and a key). */
bool prov_alb_map_ok(const char *text);

/*
 * ALB path patterns (model_build_listener_rules.go buildPathPatterns):
 * the patterns of one Ingress path, *n of them (at most 2): Prefix "/" is
 * "/" then '*', Prefix "/x" and "/x/" are "/x" and "/x/" then '*'; Exact and
 * ImplementationSpecific are the path as written. Returns false (with
 * *why) when the controller rejects the path (a wildcard in Exact or
 * Prefix), which fails the build of the group. type is enum
 * ing_path_type.
 */
bool prov_alb_patterns(struct arena *a, int type, const char *path,
	const char **out, size_t *n, const char **why);
/* ALB's path-pattern match: case-sensitive, '*' any run of characters,
 * '?' exactly one. Host patterns: the same, case-insensitive. */
bool prov_alb_wildcard(const char *pattern, const char *s, bool icase);

/*
 * A member of a JSON object as Go's encoding/json finds it for a struct
 * field: the exact key, else a key equal ignoring case ("Type" is
 * "type"). NULL when o is no object or has no such key.
 */
struct json_t;
struct json_t *prov_alb_jget(struct json_t *o, const char *key);

struct ing_world;
struct ingress;

/*
 * Whether the controller (default flags: --ingress-class empty,
 * no ingresses without class) serves ing: the annotation
 * kubernetes.io/ingress.class "alb" (it outranks ingressClassName), else
 * an IngressClass named by spec.ingressClassName (or the default
 * IngressClass) whose controller is PROV_ALB_CONTROLLER; without an
 * IngressClass object in the input, the class name "alb".
 */
bool prov_alb_serves(const struct ing_world *w, const struct ingress *ing);

#endif
