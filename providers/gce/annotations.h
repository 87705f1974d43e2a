/*
 * GKE Ingress (kubernetes/ingress-gce, its GLBC controller): the
 * annotation table, the parser of an Ingress's annotations, the readers
 * of a Service's JSON annotations, and which Ingresses it serves.
 *
 * Facts the parsers follow (pkg/annotations/ingress.go, service.go,
 * pkg/utils/utils.go IsGCEIngress, pkg/backendconfig/utils.go):
 *  - The keys live under several prefixes (kubernetes.io/ingress.,
 *    ingress.gcp.kubernetes.io/, networking.gke.io/, cloud.google.com/),
 *    so the table holds full keys and the provider's first prefix is "".
 *  - kubernetes.io/ingress.allow-http: strconv.ParseBool, true when unset
 *    or unparsable. networking.gke.io/suppress-firewall-xpn-error: false
 *    when unset or unparsable. The other Ingress keys are strings taken
 *    as they are; pre-shared-cert and managed-certificates are lists split
 *    on ','.
 *  - Service: cloud.google.com/backend-config (before
 *    beta.cloud.google.com/backend-config) is JSON {"default": name,
 *    "ports": {port name or number: name}}: the port's name first, then
 *    its number, then the default. service.alpha.kubernetes.io/
 *    app-protocols (before cloud.google.com/app-protocols) is JSON {port
 *    name or number: HTTP | HTTPS | HTTP2}.
 *  - Selection: the class annotation "gce", "gce-internal" or
 *    "gce-regional-external"; with no class annotation, only an Ingress
 *    without spec.ingressClassName. The controller honours no IngressClass
 *    spec.controller value: an Ingress naming an IngressClass is never its.
 *
 * Ownership: the parsers fill caller-owned structs; strings and lists live
 * in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_GCE_ANNOTATIONS_H
#define ING2GW_PROVIDERS_GCE_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

/* Keys of the table: 18 of the Ingress (10 of them written by the
 * controller itself) and 7 of the Service. */
#define PROV_GCE_NANN 25

#define PROV_GCE_CLASS "gce"
#define PROV_GCE_CLASS_INTERNAL "gce-internal"
#define PROV_GCE_CLASS_REGIONAL "gce-regional-external"
#define PROV_GCE_CLASS_MULTI "gce-multi-cluster"

#define PROV_GCE_ALLOW_HTTP "kubernetes.io/ingress.allow-http"
#define PROV_GCE_GLOBAL_IP "kubernetes.io/ingress.global-static-ip-name"
#define PROV_GCE_REGIONAL_IP "kubernetes.io/ingress.regional-static-ip-name"
#define PROV_GCE_PRE_SHARED "ingress.gcp.kubernetes.io/pre-shared-cert"
#define PROV_GCE_MANAGED "networking.gke.io/managed-certificates"
#define PROV_GCE_FRONTEND "networking.gke.io/v1beta1.FrontendConfig"
#define PROV_GCE_XPN "networking.gke.io/suppress-firewall-xpn-error"
#define PROV_GCE_BACKEND_CONFIG "cloud.google.com/backend-config"
#define PROV_GCE_BACKEND_CONFIG_BETA "beta.cloud.google.com/backend-config"
#define PROV_GCE_APP_PROTOCOLS "cloud.google.com/app-protocols"
#define PROV_GCE_APP_PROTOCOLS_OLD "service.alpha.kubernetes.io/app-protocols"
#define PROV_GCE_NEG "cloud.google.com/neg"

/* The backend timeout of a GCE backend service without BackendConfig. */
#define PROV_GCE_DEFAULT_TIMEOUT 30

extern const struct prov_provider prov_gce_provider;

struct prov_gce_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *text;			/* "" when not a string */
	bool bad;				/* not a usable value */
};

/* The annotations of one Ingress, as GLBC reads them. */
struct prov_gce_ingress {
	bool allow_http;		/* default true */
	const char *class_name;		/* the class annotation, or NULL */
	const char *global_ip, *regional_ip;
	struct prov_strlist pre_shared, managed;
	const char *frontend_config;	/* FrontendConfig name */
	bool suppress_xpn;
	const char *status_value;	/* the controller's keys (unread) */
	const char *service_value;	/* Service keys on the Ingress */
	/* per table entry (prov_gce_provider.table) */
	struct prov_gce_slot slots[PROV_GCE_NANN];
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the Ingress
 * ns/name. Diagnostics go to sink (may be NULL): convert/gce-annotation-
 * unknown for a key under a GKE prefix that GLBC does not read (with the
 * nearest known one), convert/gce-annotation-invalid for a value GLBC
 * cannot use (and what it does then), convert/gce-annotation-ignored for
 * a Service key on the Ingress.
 */
void prov_gce_parse_ingress(struct prov_gce_ingress *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *ns, const char *name, struct diag_sink *sink);

/* A table entry by full key (or by key without a registered prefix);
 * NULL when unknown. */
const struct prov_annotation *prov_gce_lookup(const char *key);
size_t prov_gce_index(const struct prov_annotation *a);
/* The slot of a full table key in in->slots. */
const struct prov_gce_slot *prov_gce_slot(const struct prov_gce_ingress *in,
	const char *key);

/*
 * The BackendConfig name a Service port takes from the Service's
 * annotations (map, may be NULL): the port's name, then its number, then
 * "default". NULL when none; *key_node gets the annotation's key (NULL
 * when absent) and *why a reason when the annotation is unusable
 * (invalid JSON, no config in it): GLBC then uses none.
 */
const char *prov_gce_backend_config(struct arena *arena,
	const struct doc_node *annotations, const char *port_name, int port,
	const struct doc_node **key_node, const char **why);

/* The protocol to a Service port (HTTP, HTTPS or HTTP2); "HTTP" when not
 * given; NULL with *why when the annotation is unusable. */
const char *prov_gce_app_protocol(struct arena *arena,
	const struct doc_node *annotations, const char *port_name, int port,
	const struct doc_node **key_node, const char **why);

/* FrontendConfig redirectToHttps.responseCodeName -> status (301 when
 * empty); 0 when unknown. */
int prov_gce_redirect_code(const char *name);

struct ing_world;
struct ingress;

/*
 * Whether GLBC serves ing: class annotation gce, gce-internal or
 * gce-regional-external; with no class annotation, an Ingress without
 * spec.ingressClassName, but only with without_class (on a GKE cluster:
 * --provider gce); --provider auto leaves those to the default class.
 */
bool prov_gce_serves(const struct ingress *ing, bool without_class);

#endif
