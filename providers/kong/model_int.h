/*
 * The Kong model's internals, shared by model_load.c and model_route.c.
 */
#ifndef ING2GW_PROVIDERS_KONG_MODEL_INT_H
#define ING2GW_PROVIDERS_KONG_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "model.h"
#include "model/ingress.h"

/* One Kong path of a route and the Ingress path it came from. */
struct km_path {
	const char *text;		/* as Kong has it: '~' for a regex */
	bool regex;
	pcre2_code *re;			/* NULL: does not compile */
	const char *ing_path;
	long rule_idx, path_idx;	/* -1: the default backend */
	const char *file;
	uint32_t line;
};

struct km_header {
	const char *name;		/* lower-case */
	const char **values;		/* lower-case */
	size_t nvalues;
};

/* One Kong route of one path group (Kong splits a route's paths into
 * one route per prefix length and one for the regular expressions). */
struct km_route {
	const struct ingress *ing;
	size_t ing_rank;
	const char *name;		/* KIC's route name */
	const char **hosts;		/* lower-case, as KIC writes them */
	size_t nhosts;
	struct km_header *headers;
	size_t nheaders;
	const char **methods;
	size_t nmethods;
	const char **snis;
	size_t nsnis;
	struct km_path *paths;
	size_t npaths;
	bool regex;			/* the regular expression group */
	long long regex_priority;
	uint64_t priority;		/* Kong's, see model_load.c */
	bool http, https;		/* protocols */
	int redirect_code;		/* for plain HTTP on HTTPS-only */
	bool strip_path, preserve_host;
	const char *rewrite;		/* konghq.com/rewrite, NULL: none */
	const char *path_handling;	/* "v0" */
	bool plugins, access_plugins;
	/* the Kong service */
	const char *ns, *service;
	long port;			/* -1: a port name not resolved */
	const char *svc_path;		/* "/" */
	const char *host_header;	/* NULL: none */
	bool backend_tls;		/* protocol https/grpcs */
};

struct replay_kong {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct km_route *routes;	/* by priority, highest first */
	size_t nroutes;
	pcre2_code **res;
	size_t nres;
	/* hosts with a certificate of a tls section (lower-case) */
	const char **certs;
	size_t ncerts;
};

#endif
