/*
 * Ingress -> Gateway API conversion: each Ingress is lowered into the IR
 * by the provider of its controller (providers/), and the IR becomes the
 * objects of the chosen target (targets/).
 *
 * Ownership: conv_run borrows the world and options; the result owns the
 * generated objects (conv_result_release frees them).
 */
#ifndef ING2GW_CONVERT_CONVERT_H
#define ING2GW_CONVERT_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "ingress.h"

struct prov_trace;
struct ir;
struct tgt_behaviour;
struct tgt_table;

enum conv_layout {
	/* not chosen: conv_layout_of() picks the target's default */
	CONV_LAYOUT_DEFAULT = 0,
	/* one Gateway per class, routes in app namespaces */
	CONV_LAYOUT_SHARED,
	/* one Gateway per class and namespace */
	CONV_LAYOUT_PER_NAMESPACE,
	/* one Gateway per class with the HTTP listener; the HTTPS and TLS
	 * listeners in a ListenerSet per namespace, beside their Secrets */
	CONV_LAYOUT_LISTENERSET,
};

#define CONV_DEFAULT_GATEWAY_NAMESPACE "gateway-system"
#define CONV_DEFAULT_GATEWAY_NAME "default"
/* metadata.annotations key of each output object: "FILE:LINE" of the
 * Ingress it comes from */
#define CONV_PROVENANCE_ANNOTATION "ing2gw.io/source"

/* The Namespace objects of the Gateways' namespaces. */
enum conv_create_ns {
	/* when it is not "default" and no input object lives there */
	CONV_CREATE_NS_AUTO,
	CONV_CREATE_NS_ALWAYS,
	CONV_CREATE_NS_NEVER,
};

struct conv_options {
	const char *ingress_class;	/* convert only this class; NULL: all */
	const char *gateway_name;	/* NULL: the Ingress class name */
	/* NULL: CONV_DEFAULT_GATEWAY_NAMESPACE */
	const char *gateway_namespace;
	const char *gateway_class;	/* NULL: the Ingress class name */
	enum conv_layout layout;	/* CONV_LAYOUT_DEFAULT: see
					 * conv_layout_of() */
	/* a name of conv_provider_names; NULL or "auto": the controller of
	 * each Ingress's class */
	const char *provider;
	/* a name of conv_target_names ("standard" is "generic", the old
	 * name); NULL: "generic" */
	const char *target;
	/* ingress-nginx --tcp/udp-services-configmap "NS/NAME"; NULL: any
	 * ConfigMap named tcp-services / udp-services in the input */
	const char *tcp_services;
	const char *udp_services;
	/* for tests: the decisions about Ingresses as they are made */
	const struct prov_trace *trace;
	/* true: no CONV_PROVENANCE_ANNOTATION on the objects */
	bool no_provenance;
	enum conv_create_ns create_namespace;
	/* Optional: called with the lowered and named IR before the target
	 * writes it, e.g. to evaluate it for several targets at once
	 * (conv_target_needs, convert/needs.h). */
	void (*inspect)(void *ctx, const struct ir *ir);
	void *inspect_ctx;
	/*
	 * conv_lower_shared: the targets (names) lowered at once, and what
	 * is called, in their order, with the IR as target k's own
	 * lowering makes it and that target's objects (inspect_ctx as ctx).
	 */
	const char *const *shared_targets;
	size_t nshared_targets;
	void (*inspect_target)(void *ctx, size_t k, const struct ir *ir,
		struct doc_node *const *objects, size_t nobjects);
};

struct conv_result {
	struct arena arena;
	struct doc_node **objects;	/* sorted: kind, namespace, name */
	size_t nobjects;
	size_t converted;		/* Ingresses converted */
	size_t skipped;			/* Ingresses left out (class filter) */
};

/* The names --provider and --target accept (NULL-terminated): the
 * registries of providers/ and targets/. */
extern const char *const conv_provider_names[];
extern const char *const conv_target_names[];

/* Whether the target of that name writes objects of its own (an
 * emitter) besides the standard ones. */
bool conv_target_has_emitter(const char *name);
/*
 * The layout convert uses for opts: opts->layout when chosen, else the
 * default of the target opts->target names (CONV_LAYOUT_SHARED for every
 * target for now; the line to change in convert.c is marked).
 */
enum conv_layout conv_layout_of(const struct conv_options *opts);

/* 0, or ERR_INVALID for a provider or target name not in the registry. */
int conv_run(struct conv_result *out, const struct ing_world *world,
	const struct conv_options *opts, struct diag_sink *sink);
void conv_result_release(struct conv_result *res);

/*
 * One lowering for the targets opts->shared_targets names, which share a
 * layout (conv_layout_of), when every Ingress's controller lowers for
 * several targets at once (conv_can_share_lowering): what differs
 * between the targets is computed once for each, not the whole
 * lowering. Each target's IR and objects go to opts->inspect_target;
 * the diagnostics go to sink, each for every target or, marked in
 * diag.only, for those whose bit (1 << k) is set. As conv_lower: no
 * standard objects, no target check; res holds no objects. ERR_INVALID
 * (nothing done) for an unknown target, more than 31 targets, or
 * Ingresses whose controllers cannot share.
 */
bool conv_can_share_lowering(const struct ing_world *w,
	const struct conv_options *opts);
int conv_lower_shared(struct conv_result *out, const struct ing_world *w,
	const struct conv_options *opts, struct diag_sink *sink);

/*
 * The same conversion, its objects built one at a time in output order,
 * for a writer that needs only one object's tree at once (conv_run is
 * built on it: the objects and their order are the same).
 *
 * conv_stream_open does the conversion (every diagnostic is in sink when
 * it returns) and keeps the world and options borrowed; the strings and
 * objects it makes go to arena, which must outlive the stream and every
 * object built. conv_stream_build makes object i in a: objects built in
 * one arena share nodes, so call conv_stream_forget before releasing or
 * reusing a for others. Returns 0 or ERR_INVALID (as conv_run).
 */
struct conv_stream;

int conv_stream_open(struct conv_stream **out, struct arena *arena,
	const struct ing_world *world, const struct conv_options *opts,
	struct diag_sink *sink);
size_t conv_stream_count(const struct conv_stream *st);
void conv_stream_counts(const struct conv_stream *st, size_t *converted,
	size_t *skipped);
const struct doc_node *conv_stream_build(struct conv_stream *st, size_t i,
	struct arena *a);
void conv_stream_forget(struct conv_stream *st);
void conv_stream_close(struct conv_stream *st);

/*
 * For an audit: lowers world as conv_run does for opts->target, hands the
 * IR to opts->inspect, and lets the target's emitter write its own
 * objects (with what it says about them), but checks nothing against the
 * target's support (the caller evaluates conv_target_needs, needs.h),
 * says nothing of data-plane defaults and builds no standard object:
 * out->objects are the target's own objects, sorted. The diagnostics are
 * those of conv_run less convert/target-unsupported, target-unproven,
 * target-defaults and the access-control errors of the target check.
 */
int conv_lower(struct conv_result *out, const struct ing_world *world,
	const struct conv_options *opts, struct diag_sink *sink);
/*
 * Whether the targets of names a and b lower the same IR with the same
 * diagnostics (their messages may name the target): neither claims a
 * feature or has an emitter, or they are the same target. An audit
 * lowers once for each such group.
 */
bool conv_target_same_lowering(const char *a, const char *b);
/*
 * The name (of conv_provider_names) of the provider that converts ing
 * under opts: the one --provider names, else the first controller of the
 * registry that serves it, else "spec".
 */
const char *conv_provider_name_of(const struct ing_world *world,
	const struct conv_options *opts, const struct ingress *ing);
/* The data-plane defaults of the provider of that name; NULL (*n 0) when
 * none are known. */
const struct tgt_behaviour *conv_provider_defaults(const char *name,
	size_t *n);
/* Whether t's default for b's aspect is known and differs from b. */
bool conv_default_differs(const struct tgt_table *t,
	const struct tgt_behaviour *b);

#endif
