/*
 * Private structures of the APISIX model (model_load.c builds them,
 * model_route.c reads them). Strings are borrowed from the doc_set or
 * allocated in the model's arena.
 */
#ifndef ING2GW_PROVIDERS_APISIX_MODEL_INT_H
#define ING2GW_PROVIDERS_APISIX_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "model.h"
#include "model/ingress.h"
#include "providers/apisix/annotations.h"
#include "strmap.h"

struct ax_uri {
	const char *path;		/* without the '*' of a prefix */
	bool prefix;
};

struct ax_mroute {
	const struct ingress *ing;
	size_t rank;			/* load order */
	const char *host;		/* lower-case; NULL: any host */
	struct ax_uri uris[2];
	size_t nuris;
	pcre2_code *re;			/* use-regex: searched in the uri */
	pcre2_code *rewrite_re;		/* regex_uri of proxy-rewrite */
	const struct prov_apisix_settings *s;
	bool access;			/* an access plugin (not modelled) */
	bool policy;			/* an HTTPRoutePolicy targets it */
	const char *access_what;
	/* the backend */
	const char *ns, *service;
	long port;			/* -1: a port name not resolved */
	long rule_idx, path_idx;
	const char *file;
	uint32_t line;
};

struct replay_apisix {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct ax_mroute *routes;
	size_t nroutes;
	struct strmap certs;		/* hosts with an SSL object */
	pcre2_code **res;
	size_t nres;
};

#endif
