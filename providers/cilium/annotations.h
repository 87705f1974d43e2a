/*
 * Cilium's Ingress controller (cilium/cilium operator/pkg/ingress,
 * operator/pkg/model/ingestion/ingress.go and the Envoy translation of
 * operator/pkg/model/translation): the annotation table, the parser that
 * reads an Ingress's ingress.cilium.io annotations as the operator does,
 * and which Ingresses it serves.
 *
 * Facts the parser follows (operator/pkg/ingress/annotations):
 *  - Keys under PROV_CILIUM_PREFIX; five of them also under the old
 *    PROV_CILIUM_ALIAS_PREFIX (loadbalancer-mode, service-type,
 *    insecure-node-port, secure-node-port, tls-passthrough), the new key
 *    winning when both are set.
 *  - Values are compared as written: "enabled"/"disabled", Go's
 *    strconv.ParseBool forms, ParseInt, time.ParseDuration. A value the
 *    operator cannot use falls back to the default (a warning in its log),
 *    it never skips the Ingress.
 *  - The tcp-keep-alive* and websocket keys were read by older releases
 *    only: the current one ignores them.
 *
 * Ownership: the parser fills a caller-owned struct; strings live in the
 * arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_CILIUM_ANNOTATIONS_H
#define ING2GW_PROVIDERS_CILIUM_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_CILIUM_PREFIX "ingress.cilium.io/"
#define PROV_CILIUM_ALIAS_PREFIX "io.cilium.ingress/"
/* Keys of the table: the 10 of the current release and the 5 of older
 * releases. */
#define PROV_CILIUM_NANN 15
/* The IngressClass Cilium installs (name and controller). Cilium compares
 * the class name, not the controller (isCiliumManagedIngress). */
#define PROV_CILIUM_CLASS "cilium"
#define PROV_CILIUM_CONTROLLER "cilium.io/ingress-controller"

extern const struct prov_provider prov_cilium_provider;

enum prov_cilium_state {
	PROV_CILIUM_ABSENT = 0,
	PROV_CILIUM_SET,		/* parsed and in effect */
	PROV_CILIUM_DEFAULTED,		/* unusable value: the default applies */
	PROV_CILIUM_IGNORED,		/* no effect */
};

struct prov_cilium_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* "" when not a string */
	enum prov_cilium_state state;
};

/* The ingress.cilium.io annotations of one Ingress. */
struct prov_cilium_settings {
	bool dedicated;			/* loadbalancer-mode (default:
					 * dedicated, the operator's
					 * ingress-default-lb-mode) */
	bool mode_set;
	bool node_port;			/* service-type NodePort */
	bool passthrough;		/* tls-passthrough */
	int force_https;		/* -1 unset (the operator's
					 * enforce-ingress-https, default on),
					 * 0 disabled, 1 enabled */
	long long request_timeout_ms;	/* 0: none (the default) */
	const char *request_timeout;	/* Gateway API duration, or NULL */
	struct prov_cilium_slot slots[PROV_CILIUM_NANN];
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the Ingress
 * ns/name into out. Diagnostics (convert/cilium-annotation-*) go to sink
 * at the annotations' positions: unknown keys with the nearest known one,
 * bad values and what Cilium does then, keys it no longer reads.
 */
void prov_cilium_parse(struct prov_cilium_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink);

/* A table entry by key (without prefix); NULL when unknown. */
const struct prov_annotation *prov_cilium_lookup(const char *key);
size_t prov_cilium_index(const struct prov_annotation *a);
/* The slot of a table key, for its position. */
const struct prov_cilium_slot *prov_cilium_slot(
	const struct prov_cilium_settings *s, const char *key);

struct ing_world;
struct ingress;

/*
 * Whether Cilium serves ing (isCiliumManagedIngress): the class annotation
 * kubernetes.io/ingress.class, else spec.ingressClassName, is "cilium";
 * an Ingress with neither only when the IngressClass "cilium" is the
 * default class (ingressController.default), or with without_class.
 */
bool prov_cilium_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

/*
 * Go's time.ParseDuration of s into milliseconds (rounded down); false
 * when it does not parse or is negative. *gw gets the Gateway API
 * duration ("1h2m3s", "500ms") in arena when it is one.
 */
bool prov_cilium_duration(const char *s, long long *ms, struct arena *arena,
	const char **gw);

#endif
