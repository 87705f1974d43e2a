/*
 * Internals shared by convert.c and the controller-specific conversions
 * (nginx*.c): the working model of Gateways, listeners and routes, and the
 * hooks a provider implements.
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
#include "names.h"
#include "strmap.h"

struct listener {
	const char *hostname;
	const char *secret_ns, *secret_name;
	const struct ingress *ing;	/* the first Ingress asking for it */
	const struct doc_node *node;
	const char *name;
	bool passthrough;		/* TLS listener, mode Passthrough */
};

struct l4_listener {			/* TCP or UDP (tcp/udp-services) */
	const char *protocol;		/* "TCP" or "UDP" */
	int port;
	const char *name;
};

struct gateway {
	const char *ns;
	const char *class_key;		/* Ingress class, "" for none */
	const char *gateway_class;
	const char *want_name;
	const char *name;		/* final, after names_resolve */
	struct listener *https;
	size_t nhttps;
	struct strmap https_index;	/* hostname ("" for none, "tls/<h>"
					 * Passthrough) -> index + 1 */
	size_t part;			/* 0, or the split index past 64
					 * listeners */
	const char **part_names;	/* names of the split parts */
	size_t nparts;
	struct l4_listener *l4;
	size_t nl4;
	/* spec.tls.frontend.default: client certificates, or NULL name */
	const char *client_ca_ns, *client_ca_name;	/* ConfigMap */
	const char *client_mode;	/* AllowValidOnly, ... */
};

struct match {
	const char *type;	/* "Exact", "PathPrefix", "RegularExpression" */
	const char *value;
	const struct doc_node *node;
	const char *src;		/* the Ingress path, when it differs */
	const char *grpc_service;	/* GRPCRoute method match; both */
	const char *grpc_method;	/* NULL: every RPC */
	const char *header;		/* optional header match: name */
	const char *header_value;
	bool header_regex;		/* RegularExpression, else Exact */
};

struct backend {
	const char *service;
	int port;
	long long weight;
};

struct rule {
	const char *service;	/* NULL: no backend (redirect rules) */
	int port;
	struct match *matches;
	size_t nmatches;
	/* provider extensions: NULL / 0 with the Ingress spec's semantics */
	const char *key;		/* only rules with equal keys merge */
	bool solo;			/* takes no further matches */
	struct doc_node *filters;	/* sequence of filters */
	struct doc_node *timeouts;	/* mapping */
	long long weight;		/* of service when nextra > 0 */
	struct backend *extra;		/* more weighted backends (canary) */
	size_t nextra;
};

struct route {
	struct gateway *gw;
	const struct ingress *ing;
	const char *host;		/* NULL: every host */
	size_t part;
	const char *name;
	struct rule *rules;
	size_t nrules;
	const char *kind;		/* NULL: HTTPRoute */
	const char *suffix;		/* name suffix ("http-redirect") */
	const char *section;		/* parentRef sectionName, or NULL */
	const char *section_https;	/* sectionName: the HTTPS listener of
					 * this hostname (resolved at output) */
	const char *section_tls;	/* same, the Passthrough listener */
	bool owns_root;			/* nginx: holds the host's root */
	bool proxy_decode;		/* tcp-services: PROXY from clients */
	bool proxy_encode;		/* tcp-services: PROXY to backends */
};

struct grant {
	const char *ns;			/* where the Secrets live */
	const char *from_ns;		/* the Gateway's namespace */
	const char **secrets;
	size_t nsecrets;
	const char **configmaps;	/* CA bundles (client certificates) */
	size_t nconfigmaps;
	const char *name;
};

struct conv_nginx;
struct prov_nginx_settings;

struct conv {
	const struct ing_world *w;
	const struct conv_options *opts;
	struct diag_sink *sink;
	struct arena *a;
	struct gateway **gws;
	size_t ngws;
	struct route **routes;
	size_t nroutes;
	struct grant **grants;
	size_t ngrants;
	struct strmap grant_index;	/* "ns\nfrom_ns" -> grant */
	struct name_table names;
	struct conv_nginx *nginx;	/* NULL without ingress-nginx work */
	struct doc_node **extra_objs;	/* built by providers */
	size_t nextra_objs;
	struct strmap backend_tls;	/* "ns/service" -> its policy's
					 * Ingress (lower_tls.c) */
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
bool conv_route_has_match(const struct route *r, const char *type,
	const char *value, const struct doc_node **first);
bool conv_usable_backend(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b, const char *where, int *port_out);
bool conv_host_usable(struct conv *c, const struct ingress *ing,
	const char *host, const struct doc_node *node);
void conv_report_annotation(struct conv *c, const struct ingress *ing,
	const struct doc_node *key);
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

/* ingress-nginx (lower.c) */
bool conv_nginx_wants(struct conv *c, const struct ingress *ing);
void conv_nginx_begin(struct conv *c, const struct ingress **order,
	size_t n);
/* false: the controller drops the Ingress; it is not converted */
bool conv_nginx_accept(struct conv *c, const struct ingress *ing);
void conv_nginx_ingress(struct conv *c, struct gateway *gw,
	const struct ingress *ing);
void conv_nginx_finish(struct conv *c);
void conv_nginx_release(struct conv *c);
/* The parsed annotations of an ingress-nginx Ingress, else NULL. */
const struct prov_nginx_settings *conv_nginx_settings(struct conv *c,
	const struct ingress *ing);
/* tcp/udp-services ConfigMaps -> TCPRoute/UDPRoute (lower_stream.c) */
void conv_nginx_streams(struct conv *c);
/*
 * auth-tls-* -> Gateway spec.tls.frontend, once every route is made
 * (lower_tls.c).
 */
void conv_nginx_client_certs(struct conv *c);
/*
 * proxy-ssl-* of an Ingress whose backends speak HTTPS or GRPCS ->
 * BackendTLSPolicy; true when its backends got one (lower_tls.c).
 */
bool conv_nginx_backend_tls(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s);

/* --emitter envoy-gateway (targets/envoy-gateway/emit.c) */
/* Whether the emitter in use carries over this ingress-nginx key. */
bool conv_eg_handles(const struct conv *c, const char *key);
/*
 * An HTTPRouteFilter rewriting the path as nginx's `rewrite (?i)<path>
 * <target> break;` does; returns its name, or NULL and *why.
 */
const char *conv_eg_rewrite_filter(struct conv *c, const struct ingress *ing,
	const char *path, const char *target, unsigned idx, const char **why);
/* The policies, once routes have their names. */
void conv_eg_build(struct conv *c);

#endif
