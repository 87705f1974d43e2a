/*
 * Kong Ingress Controller 3.x (Kong/kubernetes-ingress-controller,
 * internal/annotations, internal/dataplane/kongstate route.go and
 * service.go, translator/subtranslator/ingress.go): the annotation table,
 * a reader of one object's konghq.com annotations as KIC reads them, and
 * which Ingresses it serves.
 *
 * Facts the reader follows:
 *  - Keys are matched as written (Go map lookups), under "konghq.com/";
 *    "konghq.com/headers.<name>" is one key per header name.
 *  - Route keys are read from the Ingress, service keys from the
 *    Kubernetes Service a path names; konghq.com/plugins from both.
 *  - A value KIC cannot use leaves the setting at its default: KIC logs
 *    and goes on (strip-path and preserve-host: only "true" and "false",
 *    any case; https-redirect-status-code: 426, 301, 302, 307 or 308;
 *    methods: every item [A-Z]+; protocols: every item a Kong protocol;
 *    path-handling: "v" and a digit somewhere; buffering: Go's
 *    strconv.ParseBool of the lower-cased value; integers: Atoi).
 *  - The legacy key ingress.kubernetes.io/force-ssl-redirect "true" (as
 *    written) makes the routes HTTPS only with a 302 redirect.
 *
 * Ownership: the reader fills a caller-owned struct; lists live in the
 * arena passed in, doc nodes belong to the doc_set.
 */
#ifndef ING2GW_PROVIDERS_KONG_ANNOTATIONS_H
#define ING2GW_PROVIDERS_KONG_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "doc.h"
#include "providers/provider.h"

#define PROV_KONG_PREFIX "konghq.com/"
/* Keys of the table (annotations.go and KongUpstreamPolicy's key). */
#define PROV_KONG_NANN 33
/* The IngressClass spec.controller of KIC, and its default class. */
#define PROV_KONG_CONTROLLER "ingress-controllers.konghq.com/kong"
#define PROV_KONG_CLASS "kong"
/* The legacy keys KIC reads outside its prefix. */
#define PROV_KONG_FORCE_SSL "ingress.kubernetes.io/force-ssl-redirect"
#define PROV_KONG_SERVICE_UPSTREAM "ingress.kubernetes.io/service-upstream"
/* The path prefix that marks a regex path (konghq.com/regex-prefix). */
#define PROV_KONG_REGEX_PREFIX "/~"

extern const struct prov_provider prov_kong_provider;

enum { PROV_KONG_MAX_HEADERS = 16 };

struct prov_kong_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* "" when not a string */
	bool bad;				/* KIC ignores the value */
	const char *why;			/* why, when bad */
};

struct prov_kong_header {
	const char *name;
	struct prov_strlist values;
	const struct doc_node *key_node, *node;
};

/* The konghq.com annotations of one Ingress or Service. */
struct prov_kong {
	struct prov_kong_slot slots[PROV_KONG_NANN];
	/* route (Ingress) settings, their defaults in KIC 3 */
	bool strip_path;			/* false */
	bool preserve_host;			/* true */
	int redirect_code;			/* 426 */
	bool force_ssl;				/* the legacy key, "true" */
	const struct doc_node *force_ssl_node;
	long long regex_priority;		/* 0 */
	struct prov_strlist methods;		/* empty: any */
	struct prov_strlist protocols;		/* empty: http, https */
	struct prov_strlist snis;
	struct prov_strlist host_aliases;
	struct prov_kong_header headers[PROV_KONG_MAX_HEADERS];
	size_t nheaders;
	bool headers_dropped;			/* more than the array holds */
	const char *regex_prefix;		/* "/~" */
	const char *rewrite;			/* NULL: none */
	const char *path_handling;		/* NULL: Kong's v0 */
	struct prov_strlist plugins;		/* "name" or "ns:name" */
	/* service settings */
	const char *path;			/* NULL: "/" */
	const char *protocol;			/* NULL: http */
	const char *host_header;
	long long connect_ms, read_ms, write_ms;	/* -1: 60000 */
	long long retries;			/* -1: 5 */
	bool service_upstream;			/* the legacy key */
	const struct doc_node *annotations;
};

/* Reads the annotations (a mapping or NULL) into out; silent: the slots
 * say what was set and what KIC ignores. */
void prov_kong_read(struct prov_kong *out, struct arena *arena,
	const struct doc_node *annotations);

/* A table entry by key without prefix ("headers.x-foo" finds the
 * headers entry); NULL when unknown. */
const struct prov_annotation *prov_kong_lookup(const char *key);
/* Its index in prov_kong_provider.table. */
size_t prov_kong_index(const struct prov_annotation *a);
/* The slot of a table key (without prefix). */
const struct prov_kong_slot *prov_kong_slot(const struct prov_kong *k,
	const char *key);
/* Whether KIC reads the table key from the Service (else the Ingress;
 * "plugins" and "override": both). */
bool prov_kong_service_key(const char *key);
bool prov_kong_ingress_key(const char *key);
/* The nearest table key to an unknown one, or NULL. */
const char *prov_kong_closest(const char *key);
/* A protocol KIC accepts (util.ValidateProtocol). */
bool prov_kong_protocol(const char *s);
/* Whether plugin type name checks who may pass (auth, ACLs, IP lists,
 * bot detection ...). */
bool prov_kong_access_plugin(const char *type);

struct ing_world;
struct ingress;

/*
 * Whether KIC with its default class "kong" serves ing: its class (the
 * field, else the default IngressClass) names an IngressClass whose
 * controller is PROV_KONG_CONTROLLER (or, when the input has no
 * IngressClass of that name, is "kong"); the class annotation is "kong".
 * Without any class: only with without_class.
 */
bool prov_kong_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class);

#endif
