/*
 * The registry of the controllers' routing models, which live with their
 * providers (providers/<name>/model_*): `route --model NAME` and `replay
 * --model NAME` pick one by name, and replay picks the model of the
 * controller whose class its input's Ingresses name. Each entry adapts
 * the model's own interface (its options, its selection of Ingresses) to
 * one shape; a new controller adds one entry here.
 *
 * Ownership: the entries are static; a loaded model is owned by the
 * caller, released with the entry's free().
 */
#ifndef ING2GW_REPLAY_MODELS_H
#define ING2GW_REPLAY_MODELS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_model_opts {
	/* Serve only the Ingresses the controller serves (the others are
	 * reported as replay/ingress-other-class); false: every one. */
	bool own_classes;
	/* With own_classes: also the Ingresses without a class, where the
	 * controller needs a flag for them (ingress-nginx's
	 * --watch-ingress-without-class). */
	bool without_class;
	/* Treat Services the input lacks as existing. */
	bool assume_services;
};

struct replay_model {
	const char *name;		/* "ingress-nginx", "traefik" */
	const char *provider;		/* the convert provider of its
					 * Ingresses (conv_provider_names) */
	/* Whether ing's class names this controller (an Ingress without a
	 * class names none). */
	bool (*claims)(const struct ing_world *w, const struct ingress *ing);
	/* Whether the model serves ing with own_classes; why (may be NULL)
	 * gets a static reason when not. */
	bool (*serves)(const struct ing_world *w, const struct ingress *ing,
		bool without_class, const char **why);
	/* Which Ingresses it serves, in words, for "nothing to replay". */
	const char *classes;
	int (*load)(void **out, const struct doc_set *set,
		const struct replay_model_opts *o, struct diag_sink *sink);
	int (*route)(const void *m, const struct replay_request *req,
		struct replay_decision *d);
	void (*free)(void *m);
};

/* "gateway" (the Gateway API model, replay/gateway.h), then the names
 * of the controllers' models, NULL-terminated: route --model. */
extern const char *const replay_model_choices[];
/* The controllers' model names alone (replay --model). */
extern const char *const replay_model_names[];

/* NULL when name is no controller's model. */
const struct replay_model *replay_model_find(const char *name);
/* The first controller, in registry order, whose class an Ingress of w
 * names; ingress-nginx's when none does. */
const struct replay_model *replay_model_for(const struct ing_world *w);

#endif
