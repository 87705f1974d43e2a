/*
 * Traefik v3 (traefik/traefik v3.7, the Kubernetes Ingress provider,
 * pkg/provider/kubernetes/ingress): the annotation table, the parsers
 * that read an Ingress's router.* annotations and a Service's service.*
 * annotations as the controller does, and which Ingresses it serves.
 *
 * Facts the parsers follow (annotations.go, kubernetes.go, and the label
 * decoder of traefik/paerser that both use):
 *  - Only keys under PROV_TRAEFIK_PREFIX are read; "domains.N." becomes
 *    an index. Router keys are read from the Ingress, service keys from
 *    the Service a path names; each side ignores the other's keys.
 *  - Key names match case-insensitively ("router.entryPoints" works).
 *  - One bad router.* key or value (an unknown key, a bool or an integer
 *    that does not parse) makes the controller skip the whole Ingress
 *    ("Failed to parse annotations"); one bad service.* key or value makes
 *    it skip every path that names the Service ("Cannot create
 *    service"). Strings are taken as they are; lists are split on ','
 *    with each item trimmed.
 *  - router.tls enables TLS unless its value is set and is not "true"
 *    (case-insensitive); any router.tls.* key enables it too.
 *    service.sticky.cookie likewise.
 *
 * Ownership: the parsers fill caller-owned structs; strings and lists
 * live in the arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_TRAEFIK_ANNOTATIONS_H
#define ING2GW_PROVIDERS_TRAEFIK_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_TRAEFIK_PREFIX "traefik.ingress.kubernetes.io/"
/* Keys of the table: the 14 router.* keys of the Ingress and the 14
 * service.* keys of the Service (annotations.go RouterIng, ServiceIng,
 * dynamic.RouterTLSConfig, RouterObservabilityConfig, Sticky, Cookie). */
#define PROV_TRAEFIK_NANN 28
/* The IngressClass spec.controller of Traefik, and its default class. */
#define PROV_TRAEFIK_CONTROLLER "traefik.io/ingress-controller"
#define PROV_TRAEFIK_CLASS "traefik"
/* The default priority of the router of a defaultBackend (math.MinInt32). */
#define PROV_TRAEFIK_MIN_PRIORITY (-2147483647LL - 1)

extern const struct prov_provider prov_traefik_provider;

/* router.pathmatcher, in the order of its values[]. */
enum prov_traefik_matcher {
	PROV_TRAEFIK_PATH = 0,		/* Path: the exact path */
	PROV_TRAEFIK_PATH_PREFIX,	/* PathPrefix: a character prefix */
	PROV_TRAEFIK_PATH_REGEXP,	/* PathRegexp: a Go regexp, search */
};

/* service.serversscheme, in the order of its values[]. */
enum prov_traefik_scheme {
	PROV_TRAEFIK_HTTP = 0,
	PROV_TRAEFIK_HTTPS,
	PROV_TRAEFIK_H2C,
};

/* What happened to one annotation. */
enum prov_traefik_state {
	PROV_TRAEFIK_ABSENT = 0,
	PROV_TRAEFIK_SET,		/* parsed and in effect */
	PROV_TRAEFIK_DEFAULTED,		/* unusable value: the default applies */
	PROV_TRAEFIK_IGNORED,		/* no effect (other side, disabled) */
	PROV_TRAEFIK_FAILED,		/* made the parse fail (see skipped) */
};

struct prov_traefik_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* the value, "" when not a string */
	enum prov_traefik_state state;
};

/* A router.tls.domains[N] entry. */
struct prov_traefik_domain {
	const char *main;
	struct prov_strlist sans;
};

/* The router.* annotations of one Ingress. */
struct prov_traefik_router {
	/* The parse failed: Traefik skips the whole Ingress. */
	bool skipped;
	const char *skip_key;		/* full key */
	const char *skip_reason;
	const struct doc_node *skip_node;

	bool has_entrypoints;		/* else every entry point */
	struct prov_strlist entrypoints;
	struct prov_strlist middlewares;
	long long priority;		/* 0: the length of the rule */
	const char *rule_syntax;	/* NULL: the default (v3) */
	bool rule_v2;			/* exactly "v2" */
	/* for ImplementationSpecific and unset pathTypes; -1: invalid
	 * (those paths are skipped) */
	int path_matcher;
	bool tls;			/* a TLS router */
	const char *tls_certresolver;
	const char *tls_options;
	struct prov_traefik_domain *domains;	/* by index, as given */
	size_t ndomains;
	const char *domain_main;	/* a domains.N.main, for the table */
	struct prov_strlist domain_sans;	/* a domains.N.sans, likewise */
	bool access_logs, metrics, tracing;	/* default true */
	int trace_verbosity;		/* 0 minimal, 1 detailed */

	/* per table entry (prov_traefik_provider.table), router keys only */
	struct prov_traefik_slot slots[PROV_TRAEFIK_NANN];
	const struct doc_node *annotations;
};

/* The service.* annotations of one Service. */
struct prov_traefik_service {
	/* The parse failed: Traefik skips every path to the Service. */
	bool failed;
	const char *fail_key;
	const char *fail_reason;
	const struct doc_node *fail_node;

	int scheme;			/* enum prov_traefik_scheme, -1 unset */
	bool scheme_bad;		/* not http, https or h2c */
	const char *scheme_text;
	const char *servers_transport;
	bool pass_host_header;		/* default true */
	struct prov_strlist middlewares;
	bool sticky;			/* a sticky cookie */
	const char *cookie_name;	/* NULL: a name derived from the
					 * service's name */
	bool cookie_secure, cookie_http_only;
	const char *cookie_same_site;
	long long cookie_max_age;	/* seconds; 0: a session cookie */
	const char *cookie_path;	/* default "/" */
	const char *cookie_domain;
	bool native_lb;			/* see slots[] for whether set */
	bool node_port_lb;

	struct prov_traefik_slot slots[PROV_TRAEFIK_NANN];
};

/*
 * Reads the annotations (metadata.annotations, may be NULL) of the Ingress
 * ns/name into out. Diagnostics (convert/traefik-annotation...) go to sink
 * at the annotations' positions: unknown keys with the nearest known one,
 * bad values, service.* keys on an Ingress, and what Traefik does then.
 */
void prov_traefik_parse_router(struct prov_traefik_router *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *ns, const char *name,
	struct diag_sink *sink);

/* The same for the annotations of the Service ns/name. */
void prov_traefik_parse_service(struct prov_traefik_service *out,
	struct arena *arena, const struct doc_set *set,
	const struct doc_node *annotations, const char *ns, const char *name,
	struct diag_sink *sink);

/* A table entry by key (without prefix, case-insensitive, "domains.N."
 * for any N); NULL when unknown. */
const struct prov_annotation *prov_traefik_lookup(const char *key);
/* Its index in prov_traefik_provider.table. */
size_t prov_traefik_index(const struct prov_annotation *a);
/* Whether a table key belongs to the Service (service.*). */
bool prov_traefik_service_key(const char *key);

struct ing_world;
struct ingress;

/*
 * Whether Traefik, with its default provider settings (no ingressClass
 * option), serves ing (kubernetes.go shouldProcessIngress):
 * spec.ingressClassName names an IngressClass whose controller is
 * PROV_TRAEFIK_CONTROLLER (or, when the input has no IngressClass of that
 * name, is "traefik"); without it, the class annotation is "traefik".
 * An Ingress with neither (and no default IngressClass) is served too,
 * but only with without_class: other controllers ignore it by default,
 * and --provider auto leaves it to the specification.
 */
bool prov_traefik_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

/*
 * The rule Traefik builds for one path (kubernetes.go loadRouter,
 * buildRule): 'Host("h") && PathPrefix("/p")', and its length, the
 * default priority (muxer GetRulePriority). host NULL: no Host matcher;
 * path NULL or "": no path matcher. matcher is enum prov_traefik_matcher.
 * Strings are quoted as Go's %q quotes them. The text lives in arena.
 */
const char *prov_traefik_rule(struct arena *arena, const char *host,
	bool v2, int matcher, const char *path);

#endif
