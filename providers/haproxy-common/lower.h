/*
 * The lowering both HAProxy controllers share (providers/haproxy/lower.c
 * and providers/haproxy-ingress/lower.c): their keys mean the same thing
 * under other names, so access control, features, CORS, set headers, the
 * Services' keys, a path's backend, the default backend and passthrough
 * are lowered once here. What differs (key names, rule ids, the parser,
 * the rule filters) is the controller's struct hap_lowering; the path
 * matches, rewrites and redirects stay in its folder.
 */
#ifndef ING2GW_PROVIDERS_HAPROXY_COMMON_LOWER_H
#define ING2GW_PROVIDERS_HAPROXY_COMMON_LOWER_H

#include <stdbool.h>

#include "convert/conv_int.h"
#include "providers/haproxy-common/annotations.h"

/* One conversion's state of a controller (c->haproxy, c->hapi). */
struct hap_conv {
	struct strmap svcs;		/* "ns/name" -> settings (c->a) */
	struct strmap paths;		/* "host type path" -> hap_path */
	struct strmap tls_done;		/* passthrough hosts with a TLSRoute */
	struct strmap svc_said;		/* "ns/name" of Services reported */
	struct strmap feats;		/* "ns/ing svc": features made */
	struct strmap no_cert;		/* hosts said without certificate */
};

/* The first Ingress giving a host and path a backend. */
struct hap_path {
	const struct ingress *ing;
	const char *service;
	int port;
	const struct doc_node *node;
};

struct hap_ing;

/* What differs between the two controllers' lowerings. */
struct hap_lowering {
	const struct conv_provider *provider;
	/* its state in c, made on first use */
	struct hap_conv *(*state)(struct conv *c);
	hap_parse_fn *parse;
	/* the filters of a rule of the Ingress (m: its first match) */
	void (*add_filters)(struct conv *c, struct hap_ing *hi,
		struct rule *rule, const struct match *m);
	/* keys (without prefix) */
	const char *allow_key, *deny_key;	/* address lists */
	const char *snippet_key;		/* raw backend configuration */
	const char *lb_key;			/* balance algorithm */
	const char *rate_key;			/* requests a period */
	const char *svc_cookie_key;		/* sticky cookie on a Service */
	const char *server_ssl_key, *server_proto_key;
	const char *req_headers_key, *res_headers_key;
	const char *redirect_key;		/* request redirect */
	/* rule ids: convert/<controller>-... */
	const char *rule_invalid;		/* annotation-invalid */
	const char *rule_snippet;		/* config-snippet */
	const char *rule_cors;
	const char *rule_header_expr;		/* header-expression */
	const char *rule_tuning;
	const char *rule_backend_tls;
	const char *rule_not_converted;
	const char *rule_duplicate_path;
	const char *rule_default_backend;
	const char *rule_passthrough;
};

/* One Ingress being lowered. */
struct hap_ing {
	const struct hap_lowering *L;
	struct hap_conv *st;
	const struct ingress *ing;
	struct prov_hap_settings s;
	const char *key;		/* rule key of its paths */
	bool closed;			/* fail closed: no backends */
	bool redirect_all;		/* request redirect: no backends */
	bool ssl_redirect;		/* explicit or from spec.tls */
	const struct ir_regex_rewrite *rx;	/* path rewrite by target */
	bool rewrite_std;		/* ReplaceFullPath or prefix */
	enum ir_path_modifier rw_kind;
	const char *rw_path;		/* its value */
	const char *rw_prefix;		/* ReplacePrefixMatch: of this match */
	const struct ir_cors *cors;
};

/* A new hap_ing for ing, its annotations parsed (said to c->sink), its
 * ssl-redirect and request redirect known. */
struct hap_ing *hap_ing_new(struct conv *c, const struct hap_lowering *L,
	const struct ingress *ing);
void hap_conv_release(struct hap_conv *st);

void hap_warn(struct conv *c, const struct ingress *ing,
	enum diag_severity sev, const char *rule, const struct doc_node *at,
	const char *fmt, ...) ING2GW_PRINTF(6, 7);
/* Where key is written on the Ingress (its root when it is not), and the
 * key as written (key itself when it is not). */
const struct doc_node *hap_key_node(const struct hap_ing *hi,
	const char *key);
const char *hap_full_key(const struct hap_ing *hi, const char *key);
/* The parsed annotations of a Service (its own diagnostics once). */
const struct prov_hap_settings *hap_svc_settings(struct conv *c,
	const struct hap_lowering *L, const char *ns, const char *name);
/* A feature of the Ingress for key, written on from (a Service's
 * settings) or, when from is NULL or lacks it, on the Ingress. */
struct ir_feature *hap_feature_at(struct conv *c, struct hap_ing *hi,
	enum ir_feature_kind kind, const char *key,
	const struct prov_hap_settings *from);
struct ir_feature *hap_feature(struct conv *c, struct hap_ing *hi,
	enum ir_feature_kind kind, const char *key);
/* The paths answer 500: key (what) restricts who reaches them and the
 * target cannot check it (any_target: no target can). */
void hap_close_paths(struct conv *c, struct hap_ing *hi, const char *key,
	const char *what, bool any_target);

/* Address lists and basic authentication: a feature for the targets that
 * claim it, the paths closed for the others. */
void hap_access_lists(struct conv *c, struct hap_ing *hi);
/* Raw backend configuration: not carried; closes the paths when it looks
 * like an access check. */
void hap_snippet(struct conv *c, struct hap_ing *hi);
/* Timeouts, body size, sticky cookie and load balancing of the Ingress's
 * paths to a Service (svc: its settings, or NULL); a field a controller
 * has no key for is zero and adds nothing. */
void hap_backend_features(struct conv *c, struct hap_ing *hi,
	const struct prov_hap_settings *svc);
void hap_rate_limit(struct conv *c, struct hap_ing *hi);

/*
 * For the annotation report of the Ingress's keys: whether the key at
 * index i still needs a word from the controller. Done here: keys that
 * are bookkeeping, unknown (reported or said by the parser), unset,
 * lowered (lowered(key) true), features every target claims, and tuning
 * keys (said). The conv_only() of a feature only some targets drop is
 * left for the controller's diagnostic; the next call resets it.
 */
bool hap_report_key(struct conv *c, struct hap_ing *hi, size_t i,
	bool (*lowered)(const char *key), const struct doc_node **k_out,
	const struct prov_annotation **a_out);

/* cors-enable and its keys: the CORS filter of the Ingress's rules. */
void hap_plan_cors(struct conv *c, struct hap_ing *hi);
/* Set headers whose values hold HAProxy expressions are left out: said
 * once an Ingress, and the other headers filters of rule. */
void hap_say_dynamic_headers(struct conv *c, struct hap_ing *hi,
	bool response);
void hap_add_headers(struct conv *c, struct hap_ing *hi, struct rule *rule,
	bool response);
/* The request redirect filter of rule (redirect_all). */
struct ir_redirect *hap_redirect_filter(struct conv *c, struct hap_ing *hi,
	struct rule *rule);

/* The Services' keys for the Ingress's rules: features, said once a
 * Service. */
void hap_service_keys(struct conv *c, struct hap_ing *hi, const char *name,
	const struct prov_hap_settings *svc);
/*
 * A path of the Ingress with its match m on route r: the Service's
 * route-acl and a repeated match leave it out, its backend, features and
 * filters, and its rule on redir (the HTTP to HTTPS redirect, or NULL),
 * whose redirect filter is returned when made here.
 */
struct ir_redirect *hap_lower_path(struct conv *c, struct route *r,
	struct route *redir, struct hap_ing *hi, const struct ing_path *p,
	const struct match *m);
/* The redirect to HTTPS of rule (ssl-redirect, and its code). */
struct ir_redirect *hap_https_redirect(struct conv *c, struct hap_ing *hi,
	struct rule *rule, const struct match *m);

/* spec.defaultBackend: a PathPrefix '/' rule without hostname (said). */
void hap_default_backend(struct conv *c, struct gateway *gw,
	struct hap_ing *hi);
/* ssl-passthrough, on the Ingress or the Service of its first path. */
bool hap_wants_passthrough(struct conv *c, const struct hap_lowering *L,
	const struct ingress *ing, const struct prov_hap_settings *s);
void hap_passthrough(struct conv *c, struct gateway *gw, struct hap_ing *hi);
/* Before lowering: the Passthrough listeners of the Ingresses of L. */
void hap_begin(struct conv *c, const struct hap_lowering *L,
	const struct ingress **order, size_t n);

#endif
