/*
 * Ingress -> Gateway API conversion with the Ingress specification's
 * semantics (providers add controller semantics on top).
 *
 * Ownership: conv_run borrows the world and options; the result owns the
 * generated objects (conv_result_release frees them).
 */
#ifndef ING2GW_CONVERT_CONVERT_H
#define ING2GW_CONVERT_CONVERT_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "ingress.h"

struct prov_trace;

enum conv_layout {
	/* one Gateway per class, routes in app namespaces */
	CONV_LAYOUT_SHARED,
	/* one Gateway per class and namespace */
	CONV_LAYOUT_PER_NAMESPACE,
};

#define CONV_DEFAULT_GATEWAY_NAMESPACE "gateway-system"
#define CONV_DEFAULT_GATEWAY_NAME "default"

enum conv_provider {
	CONV_PROVIDER_AUTO = 0,	/* by IngressClass controller / class name */
	CONV_PROVIDER_NONE,	/* the Ingress specification only */
	CONV_PROVIDER_NGINX,	/* ingress-nginx for every Ingress */
};

enum conv_emitter {
	CONV_EMITTER_STANDARD = 0,	/* Gateway API only */
	CONV_EMITTER_ENVOY_GATEWAY,	/* plus Envoy Gateway policies */
};

struct conv_options {
	const char *ingress_class;	/* convert only this class; NULL: all */
	const char *gateway_name;	/* NULL: the Ingress class name */
	/* NULL: CONV_DEFAULT_GATEWAY_NAMESPACE */
	const char *gateway_namespace;
	const char *gateway_class;	/* NULL: the Ingress class name */
	enum conv_layout layout;
	enum conv_provider provider;
	enum conv_emitter emitter;
	/* ingress-nginx --tcp/udp-services-configmap "NS/NAME"; NULL: any
	 * ConfigMap named tcp-services / udp-services in the input */
	const char *tcp_services;
	const char *udp_services;
	/* for tests: the decisions about Ingresses as they are made */
	const struct prov_trace *trace;
};

struct conv_result {
	struct arena arena;
	struct doc_node **objects;	/* sorted: kind, namespace, name */
	size_t nobjects;
	size_t converted;		/* Ingresses converted */
	size_t skipped;			/* Ingresses left out (class filter) */
};

int conv_run(struct conv_result *out, const struct ing_world *world,
	const struct conv_options *opts, struct diag_sink *sink);
void conv_result_release(struct conv_result *res);

#endif
