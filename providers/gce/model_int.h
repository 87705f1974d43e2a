/*
 * Private structures of the GKE Ingress model (model_load.c builds them,
 * model_route.c reads them). Strings are borrowed from the doc_set or
 * allocated in the model's arena.
 */
#ifndef ING2GW_PROVIDERS_GCE_MODEL_INT_H
#define ING2GW_PROVIDERS_GCE_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "k8s.h"
#include "model.h"
#include "model/ingress.h"

struct gm_header {
	const char *name, *value;
};

/* Where a path (or the default service) sends its requests. */
struct gm_backend {
	const char *ns, *service;	/* service NULL: the 404 backend */
	long port;			/* -1: a port name not resolved */
	bool closed;			/* iap or securityPolicy */
	struct gm_header *req, *resp;
	size_t nreq, nresp;
};

struct gm_path {
	const char *path;		/* the URL-map path */
	bool glob;			/* ends with "/" + star */
	size_t plen;			/* glob: the length before the star */
	bool from_is;			/* ImplementationSpecific */
	struct gm_backend be;
	long rule_idx, path_idx;
	const char *file;
	uint32_t line;
};

struct gm_host {
	const char *host;		/* lower-case; "*" every host */
	struct gm_path *paths;
	size_t npaths;
};

struct gm_lb {
	const struct ingress *ing;
	size_t rank;			/* age order */
	struct gm_host *hosts;
	size_t nhosts;
	bool has_default;
	struct gm_backend def;
	const char *def_file;
	uint32_t def_line;
	bool http, https;		/* frontends */
	int redirect;			/* redirectToHttps code; 0: none */
};

struct replay_gce {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct gm_lb *lbs;		/* oldest first */
	size_t nlbs;
};

#endif
