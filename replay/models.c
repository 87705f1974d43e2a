#include "compat.h"

#include "models.h"

#include <string.h>

#include "providers/ingress-nginx/model.h"
#include "providers/traefik/model.h"
#include "providers/aws-alb/model.h"

/* ---- ingress-nginx (providers/ingress-nginx/model.h) ---- */

static bool
nginx_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_ing_class_served(w, ing, false,
		NULL);
}

static bool
nginx_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	return replay_ing_class_served(w, ing, without_class, why);
}

static int
nginx_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_ing_opts io = {
		.nginx_classes = o && o->own_classes,
		.watch_without_class = o && o->without_class,
		.assume_services = o && o->assume_services,
	};
	struct replay_ing *m = NULL;
	int rc = replay_ing_load(&m, set, &io, sink);

	*out = m;
	return rc;
}

static int
nginx_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_ing_route(m, req, d);
}

static void
nginx_free(void *m)
{
	replay_ing_free(m);
}

/* ---- Traefik (providers/traefik/model.h) ---- */

static bool
traefik_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_traefik_class_served(w, ing, NULL);
}

static bool
traefik_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;	/* Traefik serves them by default */
	return replay_traefik_class_served(w, ing, why);
}

static int
traefik_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_traefik_opts to = {
		.traefik_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_traefik *m = NULL;
	int rc = replay_traefik_load(&m, set, &to, sink);

	*out = m;
	return rc;
}

static int
traefik_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_traefik_route(m, req, d);
}

static void
traefik_free(void *m)
{
	replay_traefik_free(m);
}

/* ---- AWS Load Balancer Controller (providers/aws-alb/model.h) ---- */

static bool
alb_claims(const struct ing_world *w, const struct ingress *ing)
{
	return (ing->class_name || ing->class_annotation) &&
		replay_alb_class_served(w, ing, NULL);
}

static bool
alb_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;	/* the controller's default: not served */
	return replay_alb_class_served(w, ing, why);
}

static int
alb_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_alb_opts ao = {
		.alb_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_alb *m = NULL;
	int rc = replay_alb_load(&m, set, &ao, sink);

	*out = m;
	return rc;
}

static int
alb_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_alb_route(m, req, d);
}

static void
alb_free(void *m)
{
	replay_alb_free(m);
}

/* In the order replay_model_for tries them; the names of both lists
 * below follow it. */
static const struct replay_model models[] = {
	{ "ingress-nginx", "ingress-nginx", nginx_claims, nginx_serves,
	  "an IngressClass with controller k8s.io/ingress-nginx, or the "
	  "class 'nginx' without an IngressClass",
	  nginx_load, nginx_route, nginx_free },
	{ "traefik", "traefik", traefik_claims, traefik_serves,
	  "an IngressClass with controller traefik.io/ingress-controller, "
	  "the class 'traefik' without an IngressClass, or no class",
	  traefik_load, traefik_route, traefik_free },
	{ "aws-alb", "aws-alb", alb_claims, alb_serves,
	  "an IngressClass with controller ingress.k8s.aws/alb, or the "
	  "class 'alb' without an IngressClass",
	  alb_load, alb_route, alb_free },
};

const char *const replay_model_choices[] = { "gateway", "ingress-nginx",
	"traefik", "aws-alb", NULL };
const char *const replay_model_names[] = { "ingress-nginx", "traefik",
	"aws-alb", NULL };

const struct replay_model *
replay_model_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(models); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

const struct replay_model *
replay_model_for(const struct ing_world *w)
{
	for (size_t i = 0; i < ARRAY_LEN(models); i++)
		for (size_t j = 0; j < w->ningresses; j++)
			if (w->ingresses[j].name &&
			    models[i].claims(w, &w->ingresses[j]))
				return &models[i];
	return &models[0];
}
