/*
 * The Kong Ingress Controller routing model for route and replay: the
 * Kong routes KIC writes for the Ingresses it serves, routed as Kong
 * Gateway's router (router_flavor traditional_compatible, the default of
 * KIC's chart) does, written from KIC's and Kong's behaviour and never
 * from the conversion (providers/kong/lower.c).
 *
 * Ownership: a loaded model owns its copies; the doc_set it was loaded
 * from must outlive it.
 */
#ifndef ING2GW_PROVIDERS_KONG_MODEL_H
#define ING2GW_PROVIDERS_KONG_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_kong;

struct replay_kong_opts {
	/* Serve only the Ingresses KIC serves (replay_kong_class_served);
	 * the others are reported (replay/ingress-other-class). */
	bool kong_classes;
	/* With kong_classes: also the Ingresses without a class (KIC takes
	 * them when its IngressClass is the default one). */
	bool without_class;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

int replay_kong_load(struct replay_kong **out, const struct doc_set *set,
	const struct replay_kong_opts *opts, struct diag_sink *sink);
void replay_kong_free(struct replay_kong *m);

/* Whether KIC (class "kong") serves ing; why gets a reason when not. */
bool replay_kong_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why);

int replay_kong_route(const struct replay_kong *m,
	const struct replay_request *req, struct replay_decision *d);

/* The Kong routes after Kong's split by path group. */
size_t replay_kong_route_count(const struct replay_kong *m);

#endif
