/*
 * Providers: one per Ingress controller. A provider is a static table of
 * annotation descriptors (key, value kind, default, how the controller
 * checks and parses the value, what it does with a bad value, mapping
 * class, risk, Gateway API equivalent) plus a parser that turns an
 * Ingress's annotations into the provider's typed settings.
 *
 * Ownership: descriptor tables are static and live forever. Parsed values
 * (strings, lists) live in the arena passed to the parser. Rendering
 * functions append to a caller-owned struct strbuf.
 */
#ifndef ING2GW_PROVIDERS_PROVIDER_H
#define ING2GW_PROVIDERS_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "strbuf.h"

/* What an annotation value looks like. */
enum prov_kind {
	PROV_KIND_BOOL = 1,	/* Go strconv.ParseBool forms */
	PROV_KIND_INT,		/* Go strconv.Atoi */
	PROV_KIND_SECONDS,	/* unitless integer number of seconds */
	PROV_KIND_DURATION,	/* nginx time or cache-duration text */
	PROV_KIND_SIZE,		/* nginx size: digits + optional k/m/g */
	PROV_KIND_STRING,	/* free text, trimmed, non-empty */
	PROV_KIND_ENUM,		/* one of values[], case-insensitive */
	PROV_KIND_URL,		/* scheme://host[...] */
	PROV_KIND_PATH,		/* URI path, may contain $n captures */
	PROV_KIND_HOST,		/* a host name */
	PROV_KIND_HOST_LIST,	/* comma-separated host names */
	PROV_KIND_CIDR_LIST,	/* comma-separated IPs and CIDRs */
	PROV_KIND_HEADER,	/* one header name */
	PROV_KIND_HEADER_LIST,	/* comma-separated header names */
	PROV_KIND_LIST,		/* comma-separated words (methods...) */
	PROV_KIND_ORIGIN_LIST,	/* CORS origins */
	PROV_KIND_STATUS_LIST,	/* comma-separated HTTP status codes */
	PROV_KIND_REGEX,	/* a PCRE pattern */
	PROV_KIND_OBJREF,	/* "name" or "namespace/name" */
	PROV_KIND_SERVICE,	/* a Service name (DNS-1035 label) */
	PROV_KIND_NGINX,	/* raw nginx configuration (snippets) */
	PROV_KIND_NGINX_VAR,	/* an nginx variable expression */
};

/* How the annotation maps to Gateway API. */
enum prov_class {
	PROV_CLASS_A = 1,	/* standard Gateway API */
	PROV_CLASS_B,		/* implementation-specific policy */
	PROV_CLASS_C,		/* not expressible: warn */
	PROV_CLASS_C_PERF,	/* tuning knob without routing effect */
};

/* The controller's own risk rating, compared with a risk-level limit. */
enum prov_risk {
	PROV_RISK_LOW = 0,
	PROV_RISK_MEDIUM,
	PROV_RISK_HIGH,
	PROV_RISK_CRITICAL,
};

enum prov_scope {
	PROV_SCOPE_LOCATION = 1,	/* every path of the Ingress */
	PROV_SCOPE_INGRESS,		/* the Ingress as a whole */
	PROV_SCOPE_HOST,		/* per host, first Ingress wins */
	PROV_SCOPE_SERVICE,		/* on the Service a path names */
};

/* What the controller does with a value it cannot use. */
enum prov_invalid {
	PROV_INVALID_AS_CHECK = 0,	/* on_bad only: same as on_invalid */
	PROV_INVALID_DEFAULT,	/* warns and uses the default */
	PROV_INVALID_IGNORE,	/* the annotation has no effect */
	PROV_INVALID_GROUP,	/* the feature (group of keys) is off */
	PROV_INVALID_DROP,	/* the whole Ingress is not served */
	PROV_INVALID_DENY,	/* its locations answer 503 */
	PROV_INVALID_DROP_PATHS,	/* the paths it applies to are not
					 * served */
};

/* Controller validation of the raw value, before parsing. */
enum prov_check {
	PROV_CHECK_NONE = 0,	/* anything goes (snippets) */
	PROV_CHECK_BOOL,
	PROV_CHECK_INT,
	PROV_CHECK_CHARS,	/* alphanumerics and check_arg characters */
	PROV_CHECK_REGEX,	/* PCRE check_arg must match (search) */
	PROV_CHECK_OPTIONS,	/* one of values[] */
	PROV_CHECK_CIDRS,
	PROV_CHECK_SERVICE,	/* DNS-1035 label */
	PROV_CHECK_SERVER_NAMES,	/* comma list of server names */
	PROV_CHECK_COMMON_NAME,	/* "CN=" + regex */
};

enum prov_check_flags {
	PROV_CF_STRIP_SPACES = 1 << 0,	/* remove ' ' before checking */
	PROV_CF_CASE = 1 << 1,		/* options are case-sensitive */
	PROV_CF_NO_TRIM = 1 << 2,	/* options: no whitespace trim */
};

struct prov_strlist {
	const char **v;
	size_t len;
};

struct prov_intlist {
	long long *v;
	size_t len;
};

struct prov_annotation;

/* One value being parsed. */
struct prov_value {
	const struct prov_annotation *ann;
	const char *text;	/* the value, trimmed per line */
	struct arena *arena;	/* for strings and lists */
	const char *why;	/* out: reason when invalid */
	const char *note;	/* out: accepted, but worth a warning */
};

/*
 * Parses v->text into dst (the descriptor's field in the settings).
 * Returns 0, or ERR_INVALID with v->why set.
 */
typedef int prov_parse_fn(struct prov_value *v, void *dst);

struct prov_annotation {
	const char *key;		/* without prefix */
	const char *const *aliases;	/* NULL-terminated, or NULL */
	enum prov_kind kind;
	const char *const *values;	/* enum values, NULL-terminated */
	const char *def;		/* default value text, or NULL */
	enum prov_class cls;
	enum prov_risk risk;
	enum prov_scope scope;
	enum prov_check check;
	const char *check_arg;		/* characters or PCRE pattern */
	unsigned check_flags;		/* enum prov_check_flags */
	enum prov_invalid on_invalid;	/* failed the controller's check */
	enum prov_invalid on_bad;	/* passed the check, failed parse */
	prov_parse_fn *parse;
	size_t off;			/* destination in the settings */
	const char *desc;		/* one line */
	const char *gateway;		/* Gateway API equivalent */
	/*
	 * What the lowering makes of it, read by the lowering and by
	 * ing2gw annotations --target: a standard field or filter (std; with
	 * construct, an enum tgt_construct, when it needs more than the core
	 * of GATEWAY-HTTP), and/or a feature (an enum ir_feature_kind) that
	 * a target claiming it writes as its own objects, in place of std
	 * (or only in the case feature_when says). None: not carried. ints,
	 * because the routing models read this header and include neither
	 * the IR nor the targets.
	 */
	const char *std;
	int construct;
	int feature;
	const char *feature_when;	/* "with $n captures"; NULL: always */
};

struct prov_provider {
	const char *name;		/* "ingress-nginx" */
	const char *const *prefixes;	/* with trailing '/', NULL-terminated */
	const struct prov_annotation *table;
	size_t count;			/* entries in table */
	size_t nkeys;			/* keys incl. aliases */
	/* Optional: the provider's own lookup of a key without prefix, for
	 * keys that are not table keys as written (Traefik: any case, an
	 * index in router.tls.domains.N); NULL: the table and aliases. */
	const struct prov_annotation *(*lookup)(const char *key);
};

/* NULL when unknown. */
const struct prov_provider *prov_find(const char *name);
/* The registered providers, in registration order; *n_out gets their
 * number. */
const struct prov_provider *const *prov_list(size_t *n_out);

/* A descriptor by key or alias (without prefix), or by the provider's own
 * lookup; NULL when unknown. */
const struct prov_annotation *prov_lookup(const struct prov_provider *p,
	const char *key);

/* Short names used in tables and JSON. */
const char *prov_kind_name(enum prov_kind k);
const char *prov_class_name(enum prov_class c);
const char *prov_risk_name(enum prov_risk r);
const char *prov_scope_name(enum prov_scope s);
const char *prov_invalid_name(enum prov_invalid i);
/* "low", "medium", "high", "critical"; false when unknown. */
bool prov_risk_parse(const char *s, enum prov_risk *out);

/*
 * Runs the controller's check of a raw value. Returns 0 or ERR_INVALID
 * with *why_out set to a static reason.
 */
int prov_check_value(const struct prov_annotation *a, const char *raw,
	const char **why_out);

/* Value parsers shared by the providers (see prov_parse_fn). */
prov_parse_fn prov_parse_bool;		/* bool */
prov_parse_fn prov_parse_int;		/* long long */
prov_parse_fn prov_parse_seconds;	/* long long, >= 0 */
prov_parse_fn prov_parse_size;		/* long long bytes */
prov_parse_fn prov_parse_string;	/* const char * */
prov_parse_fn prov_parse_enum;		/* int index into values[] */
prov_parse_fn prov_parse_url;		/* const char * */
prov_parse_fn prov_parse_path;		/* const char * */
prov_parse_fn prov_parse_list;		/* struct prov_strlist */
prov_parse_fn prov_parse_cidr_list;	/* struct prov_strlist */
prov_parse_fn prov_parse_status_list;	/* struct prov_intlist */
prov_parse_fn prov_parse_regex;		/* const char * */
prov_parse_fn prov_parse_objref;	/* const char * */
prov_parse_fn prov_parse_service;	/* const char * */
prov_parse_fn prov_parse_raw;		/* const char *, untrimmed text */

/* Go strconv.ParseBool; false when s is not one of its forms. */
bool prov_str_bool(const char *s, bool *out);
/* Go strconv.Atoi (64-bit); false when not an integer. */
bool prov_str_int(const char *s, long long *out);
/* An IPv4/IPv6 address or CIDR. */
bool prov_str_cidr(const char *s);

/*
 * The catalogue of one provider. Text: an aligned table with one row per
 * key (aliases shown with their key). JSON: {"provider": name,
 * "prefixes": [...], "count": n, "annotations": [{...}]}, keys sorted.
 */
void prov_render_text(struct strbuf *sb, const struct prov_provider *p);
int prov_render_json(struct strbuf *sb, const struct prov_provider *p);
/* The catalogue as an scdoc list, for the man page. */
void prov_render_scdoc(struct strbuf *sb, const struct prov_provider *p);

struct ingress;

/*
 * The Ingress specification alone (convert --provider none, and Ingresses
 * of no known controller): oldest creationTimestamp first, Ingresses
 * without one (not created yet: the newest) last, ties in input order.
 * Returns <0, 0 or >0.
 */
int prov_spec_cmp(const struct ingress *a, const struct ingress *b);

/* What a command decided about one Ingress (struct prov_trace). */
enum prov_served {
	PROV_SERVED_OTHER = 0,	/* not ingress-nginx's: spec semantics */
	PROV_SERVED_NGINX,	/* ingress-nginx serves it */
	PROV_SERVED_NGINX_REJECTED,	/* ingress-nginx's, but dropped */
};

/*
 * A command's decisions, reported as it makes them, so that a test can
 * check that convert and lint agree with the replay model
 * (tests/tools/ingress_decisions.c). Either callback may be NULL.
 */
struct prov_trace {
	void *ctx;
	void (*served)(void *ctx, const struct ingress *ing,
		enum prov_served how);
	/* ing serves path (Exact, else Prefix) of host (NULL: any host) */
	void (*winner)(void *ctx, const char *host, const char *path,
		bool exact, const struct ingress *ing);
};

#endif
