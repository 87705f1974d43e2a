/*
 * Private structures of the F5 NGINX model (model_load.c builds them,
 * model_route.c reads them). Strings are borrowed from the doc_set or
 * allocated in the model's arena.
 */
#ifndef ING2GW_PROVIDERS_F5_NGINX_MODEL_INT_H
#define ING2GW_PROVIDERS_F5_NGINX_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "k8s.h"
#include "model.h"
#include "model/ingress.h"
#include "providers/f5-nginx/annotations.h"

enum fm_kind {
	FM_PREFIX = 0,		/* location /p: a character prefix */
	FM_EXACT,		/* location = /p */
	FM_REGEX,		/* location ~ "^p" or ~* "^p" */
};

struct fm_loc {
	const struct ingress *ing;
	const struct prov_f5_settings *s;	/* of ing */
	const struct prov_f5_settings *ms;	/* a minion's master's */
	enum fm_kind kind;
	const char *path;
	pcre2_code *re;			/* FM_REGEX; NULL: does not compile */
	const char *ns, *service;
	long port;			/* -1: a port name not resolved */
	const char *rewrite;		/* nginx.org/rewrites of the Service */
	bool ssl, grpc;			/* ssl-services, grpc-services */
	bool closed;			/* an access check */
	const char *closed_by;
	long rule_idx, path_idx;	/* -1: the defaultBackend */
	const char *file;
	uint32_t line;
};

struct fm_server {
	const char *host;		/* lower-case, maybe "*.suffix" */
	const struct ingress *holder;	/* plain Ingress or master */
	const struct prov_f5_settings *s;	/* the holder's */
	bool tls;
	bool closed;			/* the server's access check */
	const char *closed_by;
	struct fm_loc *locs;		/* in the order of the config */
	size_t nlocs;
};

struct replay_f5 {
	struct arena arena;
	const struct doc_set *set;
	struct k8s_objects objs;
	struct ing_world world;
	bool world_loaded;
	bool assume_services;
	struct fm_server *servers;
	size_t nservers;
};

#endif
