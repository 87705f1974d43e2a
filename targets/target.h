/*
 * What ing2gw knows of each target (Gateway API implementation), as data:
 * the conformance report its support comes from, what to use instead of
 * a feature it lacks, and its data-plane defaults. convert and lint read
 * these tables; a target's emitter (targets/<name>/emit.c) is separate.
 *
 * The constructs: every Gateway API construct the conversion writes or
 * lint reads that needs an extended feature (or a profile) of the
 * conformance reports, with the feature's name as the reports spell it.
 *
 * Ownership: static data.
 */
#ifndef ING2GW_TARGETS_TARGET_H
#define ING2GW_TARGETS_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "targets/support.h"

enum tgt_construct {
	TGT_C_PATH_REWRITE = 1,
	TGT_C_HOST_REWRITE,
	TGT_C_MIRROR,
	TGT_C_MULTIPLE_MIRRORS,
	TGT_C_PERCENT_MIRROR,
	TGT_C_CORS,
	TGT_C_REDIRECT_303,
	TGT_C_REDIRECT_307,
	TGT_C_REDIRECT_308,
	TGT_C_SCHEME_REDIRECT,
	TGT_C_PORT_REDIRECT,
	TGT_C_PATH_REDIRECT,
	TGT_C_RESPONSE_HEADERS,
	TGT_C_BACKEND_HEADERS,
	TGT_C_REQUEST_TIMEOUT,
	TGT_C_BACKEND_TIMEOUT,
	TGT_C_RETRY,
	TGT_C_QUERY_MATCH,
	TGT_C_METHOD_MATCH,
	TGT_C_NAMED_RULE,
	TGT_C_PARENT_PORT,
	TGT_C_CLIENT_CERT,
	TGT_C_CLIENT_CERT_FALLBACK,
	TGT_C_BACKEND_CLIENT_CERT,
	TGT_C_BACKEND_TLS,
	TGT_C_BACKEND_TLS_SAN,
	TGT_C_LISTENERSET,
	TGT_C_STATIC_ADDRESSES,
	TGT_C_INFRASTRUCTURE,
	TGT_C_GRPCROUTE,
	TGT_C_TLSROUTE,
	TGT_C_TLS_TERMINATE,
	TGT_C_TCPROUTE,
	TGT_C_UDPROUTE,
	TGT_C_COUNT
};

struct tgt_construct_info {
	enum tgt_construct c;
	const char *feature;	/* the feature, or the profile */
	bool profile;		/* feature names a profile (GATEWAY-GRPC) */
	bool access;		/* access control: fail closed without it */
	const char *what;	/* "a CORS filter", for messages */
};

const struct tgt_construct_info *tgt_construct(enum tgt_construct c);

/*
 * Data-plane behaviours Gateway API leaves to the implementation, where
 * implementations differ from each other and from ingress controllers.
 */
enum tgt_aspect {
	TGT_A_BODY_SIZE,
	TGT_A_UNDERSCORES,
	TGT_A_XFF,
	TGT_A_PATH,
	TGT_A_TIMEOUT,
	TGT_A_RETRY,
	TGT_A_BACKEND_PROTOCOL,
	TGT_A_LOAD_BALANCING,
	TGT_A_COUNT
};

/* "request body size", ... */
const char *tgt_aspect_name(enum tgt_aspect a);

/*
 * One default. value is a token compared across tables (a provider's
 * baseline and a target's), so that "differs" is data: "1m", "none",
 * "drop", "allow", "reject", "replace", "append", "round-robin", ...
 */
struct tgt_behaviour {
	enum tgt_aspect aspect;
	const char *value;
	const char *text;	/* what it does, for messages */
	const char *knob;	/* targets: the setting that changes it */
	bool written;		/* the target's emitter writes the knob */
};

/* The target's own mechanism for a construct it lacks. */
struct tgt_instead {
	enum tgt_construct c;
	const char *what;
};

struct tgt_table {
	const char *name;	/* --target NAME */
	const char *title;	/* "Envoy Gateway" */
	const char *summary;	/* one line */
	/* true: standard Gateway API, every feature assumed (no report) */
	bool generic;
	const struct tgt_instead *instead;
	size_t ninstead;
	/* Its defaults, where known (NULL: unknown to ing2gw), and where
	 * they were read. */
	const struct tgt_behaviour *defaults;
	size_t ndefaults;
	const char *defaults_source;
	/* How several Gateways keep one address on it, beside ListenerSet
	 * (said when an estate needs more than 64 listeners); NULL: nothing
	 * known. */
	const char *one_address;
	/* Constructs its emitter replaces by objects of its own (the
	 * standard form is removed from the rules): not needed of it. */
	const enum tgt_construct *own;
	size_t nown;
};

extern const struct tgt_table tgt_generic, tgt_envoy_gateway, tgt_istio,
	tgt_cilium, tgt_nginx_gateway_fabric, tgt_traefik, tgt_kong,
	tgt_kgateway, tgt_agentgateway, tgt_gke;

/* Every target, generic first; NULL-terminated names in that order. */
extern const struct tgt_table *const tgt_tables[];
extern const size_t tgt_ntables;
extern const char *const tgt_names[];
/* A target by name ("standard" is generic's old name); NULL if none. */
const struct tgt_table *tgt_find(const char *name);

/* The conformance report of t; NULL for generic and targets without. */
const struct tgt_report *tgt_report(const struct tgt_table *t);
/* Whether t supports c: always for generic; from the report otherwise
 * (*partial: the profile's core tests passed only in part). */
enum tgt_support tgt_supports(const struct tgt_table *t,
	enum tgt_construct c, bool *partial);
/* t's own mechanism for c, or NULL. */
const char *tgt_instead_of(const struct tgt_table *t, enum tgt_construct c);
/* t's default for aspect a, or NULL when unknown. */
const struct tgt_behaviour *tgt_default(const struct tgt_table *t,
	enum tgt_aspect a);
/* "Envoy Gateway v1.9.0" (the report's version), or the title. */
const char *tgt_label(const struct tgt_table *t, char *buf, size_t size);

#endif
