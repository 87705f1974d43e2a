/*
 * Private structures of the Traefik model (model_load.c builds them,
 * model_route.c reads them). Strings are borrowed from the doc_set or
 * allocated in the model's arena.
 */
#ifndef ING2GW_PROVIDERS_TRAEFIK_MODEL_INT_H
#define ING2GW_PROVIDERS_TRAEFIK_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "model.h"
#include "model/ingress.h"
#include "strmap.h"

enum rt_path {
	RT_ANY = 0,		/* no path matcher */
	RT_PATH,		/* Path: equal */
	RT_PREFIX,		/* PathPrefix: a character prefix */
	RT_REGEXP,		/* PathRegexp: a search */
};

struct rt_router {
	const struct ingress *ing;
	size_t ing_rank;		/* input order of the Ingress */
	const char *rule;		/* as Traefik writes it */
	long long priority;
	bool explicit_priority;
	const char *host;		/* lower-case; NULL: any host */
	bool host_v2;			/* HostRegexp: label [a-zA-Z0-9-]+ */
	enum rt_path kind;
	const char *path;
	pcre2_code *re;			/* RT_REGEXP; NULL: does not compile */
	bool tls;			/* router.tls: TLS connections only */
	bool on_web, on_secure;		/* entry points */
	bool middlewares;		/* has some (not modelled) */
	/* the backend */
	const char *ns, *service;
	long port;			/* -1: a port name not resolved */
	bool pass_host;			/* service.passhostheader */
	bool bad_scheme;		/* service.serversscheme unusable */
	bool default_router;
	/* the source */
	long rule_idx, path_idx;	/* -1 for the default router */
	const char *file;
	uint32_t line;
};

/* Routers by index in routers[] (ascending: priority order). */
struct rt_list {
	size_t *idx;
	size_t n;
};

struct replay_traefik {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct rt_router *routers;	/* by priority, highest first */
	size_t nrouters;
	/* the routers of a host ("*.suffix" for a wildcard), and those
	 * without host */
	struct strmap by_host;
	struct rt_list *lists;
	size_t nlists;
	struct rt_list hostless;
	/* hosts with a certificate in Traefik's store: exact names and
	 * "*.suffix" wildcards, lower-case */
	struct strmap certs;
	pcre2_code **res;
	size_t nres;
};

#endif
