/*
 * What the two HAProxy controllers' annotation readers share: the HAProxy
 * Kubernetes Ingress Controller (providers/haproxy, haproxy.org/) and
 * HAProxy Ingress (providers/haproxy-ingress, haproxy-ingress.github.io/)
 * both read keys under a few prefixes, log and skip a value that does not
 * parse, and take HAProxy's time syntax. Each controller keeps its table,
 * its settings and what it does with a key; this reads the keys into the
 * slots and says what it skipped, with the controller's rule ids
 * (struct prov_hap_table).
 *
 * Ownership: as the controllers' parsers; strings live in the arena.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_COMMON_ANNOTATIONS_H
#define ING2GW_PROVIDERS_HAPROXY_COMMON_ANNOTATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "compat.h"
#include "diag.h"
#include "doc.h"
#include "providers/provider.h"

enum prov_hap_state {
	PROV_HAP_ABSENT = 0,
	PROV_HAP_SET,			/* parsed and in effect */
	PROV_HAP_INVALID,		/* the controller skips it */
};

struct prov_hap_slot {
	const struct doc_node *key_node;	/* NULL when absent */
	const struct doc_node *node;		/* the value */
	const char *key;			/* full key as written */
	const char *text;			/* the value, "" if no string */
	enum prov_hap_state state;
	const char *why;			/* INVALID: the reason */
};

/* One header line of a set-header key. */
struct prov_hap_header {
	const char *name, *value;
};

/* Slots of the larger table (HAProxy Ingress's PROV_HAPI_NANN). */
#define PROV_HAP_NSLOTS 142

/*
 * What the annotations of an Ingress or a Service set, for either
 * controller: one type, so that the shared lowering reads it. A field the
 * controller has no key for keeps its zero.
 */
struct prov_hap_settings {
	/* access control */
	struct prov_strlist allow, deny;	/* addresses and CIDRs */
	const char *allow_patterns, *deny_patterns;	/* "patterns/..." */
	bool auth_basic;			/* auth-type basic-auth */
	const char *auth_secret;		/* "name" or "ns/name" */
	const char *auth_realm;
	const char *src_ip_header;
	/* redirects and rewrites */
	bool ssl_redirect;			/* explicitly set */
	long long ssl_redirect_port, ssl_redirect_code;
	const char *request_redirect;		/* host[:port], no scheme */
	bool request_redirect_https;
	long long request_redirect_code;
	const char *set_host;
	struct prov_hap_header *req_headers, *res_headers;
	size_t nreq_headers, nres_headers;
	/* CORS */
	bool cors_enable;
	const char *cors_origin, *cors_methods, *cors_headers;
	long long cors_max_age;			/* seconds */
	bool cors_credentials, cors_respond_options;
	/* backend */
	bool server_ssl;
	const char *server_proto;		/* "h2" */
	bool ssl_passthrough;
	long long timeout_server, timeout_check;	/* ms; 0: unset */
	const char *load_balance;		/* algorithm [args] */
	const char *cookie;			/* sticky cookie's name */
	long long rate_requests;		/* 0: none */
	long long rate_period;			/* ms, default 1000 */
	long long rate_status;
	const char *snippet;			/* raw backend configuration */
	const char *route_acl;
	/* the HAProxy Kubernetes Ingress Controller's path-rewrite lines */
	const char **rewrite_match, **rewrite_fmt;
	size_t nrewrites;
	/* HAProxy Ingress's own */
	const char *redirect_to, *redirect_path;	/* redirect-to URL */
	const char *app_root;
	const char *rewrite_target;
	const char *path_type;		/* begin, prefix, exact, regex */
	const char *auth_url, *oauth, *waf;
	long long body_size;			/* bytes; 0: unlimited */
	long long timeout_connect;		/* ms; 0: unset */

	const struct prov_hap_table *t;		/* the keys of the slots */
	struct prov_hap_slot slots[PROV_HAP_NSLOTS];
	const struct doc_node *annotations;
};

/* A parser of a controller's annotations (prov_haproxy_parse,
 * prov_hapi_parse): the annotations of the object what ("Ingress" or
 * "Service") ns/name into out. */
typedef void hap_parse_fn(struct prov_hap_settings *out, struct arena *arena,
	const struct doc_set *set, const struct doc_node *annotations,
	const char *what, const char *ns, const char *name,
	struct diag_sink *sink);

/* One controller's keys, and the rule ids its reader reports with. */
struct prov_hap_table {
	const struct prov_annotation *table;
	size_t count;
	const char *const *read_prefixes;	/* NULL-terminated */
	const char *const *cm_only;	/* keys read from the ConfigMap only */
	const char *title;		/* "HAProxy Ingress", in messages */
	const char *rule_invalid;	/* convert/...-annotation-invalid */
	const char *rule_ignored;	/* convert/...-annotation-ignored */
	const char *rule_unknown;	/* convert/...-annotation-unknown */
};

/* The key without one of t's prefixes, or NULL. */
const char *prov_hap_strip(const struct prov_hap_table *t, const char *key);
/* The name the controller looks key up by: without its prefix, or a
 * table key written without prefix (the controllers keep such keys as
 * they are, and their lookups find them). NULL when it reads no such
 * key. */
const char *prov_hap_name(const struct prov_hap_table *t, const char *key);
/* A table entry by key (without prefix) or alias; NULL when unknown. */
const struct prov_annotation *prov_hap_lookup(const struct prov_hap_table *t,
	const char *key);
/* The slot of a table key (without prefix) or alias, NULL when unknown;
 * whether it is set and in effect. */
const struct prov_hap_slot *prov_hap_slot(const struct prov_hap_settings *s,
	const char *key);
bool prov_hap_is_set(const struct prov_hap_settings *s, const char *key);
/* Whether the controller reads key (a table key) from its ConfigMap
 * only. */
bool prov_hap_cm_only(const struct prov_hap_table *t, const char *key);
/* HAProxy time (utils.ParseTime): digits and us, ms, s, m, h or d (no
 * unit: ms), into milliseconds; false when it does not parse. */
bool prov_hap_time(const char *s, long long *ms_out);

/* A non-empty string; an HAProxy time in milliseconds. */
prov_parse_fn prov_hap_parse_text;
prov_parse_fn prov_hap_parse_time;

/* The state of one reading: the controller's parser fills it, and passes
 * it to the functions below. */
struct prov_hap_reader {
	const struct prov_hap_table *t;
	struct prov_hap_settings *s;	/* prov_annotation.off is in it */
	struct arena *arena;
	const struct doc_set *set;
	const char *what, *ns, *name;
	struct diag_sink *sink;
	bool service;			/* what is "Service" */
};

/* A diagnostic "WHAT 'ns/name': ..." at at (nothing without a sink). */
void prov_hap_say(struct prov_hap_reader *r, enum diag_severity sev,
	const char *rule, const struct doc_node *at, const char *fmt, ...)
	ING2GW_PRINTF(5, 6);
/* The controller skips sl's value: marked and said. */
void prov_hap_invalid(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	const char *why);

/*
 * The slot the key k (value v) fills, or NULL when there is nothing more
 * to do with it: not the controller's, unknown (said, with the nearest
 * key), a deprecated name beside the current one, or a repeat under
 * another prefix (said). alias_pass: only keys written with an alias,
 * which the controllers read when the key itself is absent; else only the
 * others. *a_out is the key's table entry.
 */
struct prov_hap_slot *prov_hap_take(struct prov_hap_reader *r,
	const struct doc_node *k, const struct doc_node *v, bool alias_pass,
	const struct prov_annotation **a_out);
/* Checks sl's value against a's check (addresses are checked by
 * prov_hap_access); false when invalid (said). */
bool prov_hap_check(struct prov_hap_reader *r,
	const struct prov_annotation *a, struct prov_hap_slot *sl);
/* Stores sl's value with a's parser, if it has one (a note is said at
 * the value v). */
void prov_hap_store(struct prov_hap_reader *r, const struct prov_annotation *a,
	struct prov_hap_slot *sl, const struct doc_node *v);
/* An allow or deny list: "patterns/..." into *patterns, else addresses
 * and CIDRs split at ',' and trimmed into l (invalid: l empty, said). */
void prov_hap_access(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	struct prov_strlist *l, const char **patterns, bool allow);
/* Sets out to the zero of t's settings (annotations: the map read). */
void prov_hap_reset(struct prov_hap_settings *out,
	const struct prov_hap_table *t, const struct doc_node *annotations);
/* Reads the keys of annotations (a map) with one: the keys written with
 * an alias (deprecated names) after the others, as the controllers read
 * them only when the key itself is absent. */
void prov_hap_read(struct prov_hap_reader *r,
	const struct doc_node *annotations,
	void (*one)(struct prov_hap_reader *r, const struct doc_node *k,
	const struct doc_node *v, bool alias_pass));
/*
 * Header lines "NAME<sep>VALUE" of sl into *h and *n; the value keeps
 * what follows the first sep, trimmed when trim, quotes removed. A line
 * without sep makes the whole key invalid (form: how the controller
 * wants the line, said then).
 */
void prov_hap_headers(struct prov_hap_reader *r, struct prov_hap_slot *sl,
	char sep, bool trim, const char *form, struct prov_hap_header **h,
	size_t *n);

#endif
