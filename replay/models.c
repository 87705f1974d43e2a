#include "compat.h"

#include "models.h"

#include <string.h>

#include "providers/ingress-nginx/model.h"
#include "providers/traefik/model.h"
#include "providers/kong/model.h"
#include "providers/haproxy/model.h"
#include "providers/haproxy-ingress/model.h"
#include "providers/cilium/model.h"
#include "providers/istio/model.h"
#include "providers/apisix/model.h"
#include "providers/f5-nginx/model.h"
#include "providers/aws-alb/model.h"
#include "providers/gce/model.h"

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

/* ---- Cilium (providers/cilium/model.h) ---- */

static bool
cilium_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_cilium_class_served(w, ing, false,
		NULL);
}

static bool
cilium_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	return replay_cilium_class_served(w, ing, without_class, why);
}

static int
cilium_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_cilium_opts co = {
		.cilium_classes = o && o->own_classes,
		.without_class = o && o->without_class,
		.assume_services = o && o->assume_services,
	};
	struct replay_cilium *m = NULL;
	int rc = replay_cilium_load(&m, set, &co, sink);

	*out = m;
	return rc;
}

static int
cilium_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_cilium_route(m, req, d);
}

static void
cilium_free(void *m)
{
	replay_cilium_free(m);
}

/* ---- Istio (providers/istio/model.h) ---- */

static bool
istio_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_istio_class_served(w, ing, false,
		NULL);
}

static bool
istio_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	return replay_istio_class_served(w, ing, without_class, why);
}

static int
istio_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_istio_opts io = {
		.istio_classes = o && o->own_classes,
		.without_class = o && o->without_class,
		.assume_services = o && o->assume_services,
	};
	struct replay_istio *m = NULL;
	int rc = replay_istio_load(&m, set, &io, sink);

	*out = m;
	return rc;
}

static int
istio_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_istio_route(m, req, d);
}

static void
istio_free(void *m)
{
	replay_istio_free(m);
}

/* ---- Kong Ingress Controller (providers/kong/model.h) ---- */

static bool
kong_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_kong_class_served(w, ing, false,
		NULL);
}

static bool
kong_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	return replay_kong_class_served(w, ing, without_class, why);
}

static int
kong_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_kong_opts ko = {
		.kong_classes = o && o->own_classes,
		.without_class = o && o->without_class,
		.assume_services = o && o->assume_services,
	};
	struct replay_kong *m = NULL;
	int rc = replay_kong_load(&m, set, &ko, sink);

	*out = m;
	return rc;
}

static int
kong_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_kong_route(m, req, d);
}

static void
kong_free(void *m)
{
	replay_kong_free(m);
}

/* ---- HAProxy (providers/haproxy/model.h) ---- */

static bool
haproxy_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_haproxy_class_served(w, ing, NULL);
}

static bool
haproxy_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;	/* it serves them by default */
	return replay_haproxy_class_served(w, ing, why);
}

static int
haproxy_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_haproxy_opts ho = {
		.own_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_haproxy *m = NULL;
	int rc = replay_haproxy_load(&m, set, &ho, sink);

	*out = m;
	return rc;
}

static int
haproxy_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_haproxy_route(m, req, d);
}

static void
haproxy_free(void *m)
{
	replay_haproxy_free(m);
}

/* ---- HAProxy Ingress (providers/haproxy-ingress/model.h) ---- */

static bool
hapi_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_hapi_class_served(w, ing, NULL);
}

static bool
hapi_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_hapi_class_served(w, ing, why);
}

static int
hapi_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_hapi_opts ho = {
		.own_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_hapi *m = NULL;
	int rc = replay_hapi_load(&m, set, &ho, sink);

	*out = m;
	return rc;
}

static int
hapi_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_hapi_route(m, req, d);
}

static void
hapi_free(void *m)
{
	replay_hapi_free(m);
}

/* ---- GKE Ingress (providers/gce/model.h) ---- */

static bool
gce_claims(const struct ing_world *w, const struct ingress *ing)
{
	(void)w;
	return ing->class_name && replay_gce_class_named(ing);
}

static bool
gce_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)w;
	(void)without_class;	/* GKE serves them by default */
	return replay_gce_class_served(ing, why);
}

static int
gce_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_gce_opts go = {
		.gce_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_gce *m = NULL;
	int rc = replay_gce_load(&m, set, &go, sink);

	*out = m;
	return rc;
}

static int
gce_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_gce_route(m, req, d);
}

static void
gce_free(void *m)
{
	replay_gce_free(m);
}

/* ---- APISIX (providers/apisix/model.h) ---- */

static bool
apisix_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_apisix_class_served(w, ing, NULL);
}

static bool
apisix_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;	/* only by its default IngressClass */
	return replay_apisix_class_served(w, ing, why);
}

static int
apisix_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_apisix_opts ao = {
		.apisix_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_apisix *m = NULL;
	int rc = replay_apisix_load(&m, set, &ao, sink);

	*out = m;
	return rc;
}

static int
apisix_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_apisix_route(m, req, d);
}

static void
apisix_free(void *m)
{
	replay_apisix_free(m);
}

/* ---- F5 NGINX (providers/f5-nginx/model.h) ---- */

static bool
f5_claims(const struct ing_world *w, const struct ingress *ing)
{
	return ing->class_name && replay_f5_class_served(w, ing, NULL);
}

static bool
f5_serves(const struct ing_world *w, const struct ingress *ing,
	bool without_class, const char **why)
{
	(void)without_class;
	return replay_f5_class_served(w, ing, why);
}

static int
f5_load(void **out, const struct doc_set *set,
	const struct replay_model_opts *o, struct diag_sink *sink)
{
	struct replay_f5_opts fo = {
		.own_classes = o && o->own_classes,
		.assume_services = o && o->assume_services,
	};
	struct replay_f5 *m = NULL;
	int rc = replay_f5_load(&m, set, &fo, sink);

	*out = m;
	return rc;
}

static int
f5_route(const void *m, const struct replay_request *req,
	struct replay_decision *d)
{
	return replay_f5_route(m, req, d);
}

static void
f5_free(void *m)
{
	replay_f5_free(m);
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
	{ "kong", "kong", kong_claims, kong_serves,
	  "an IngressClass with controller ingress-controllers.konghq.com/"
	  "kong, or the class 'kong' without an IngressClass",
	  kong_load, kong_route, kong_free },
	{ "haproxy", "haproxy", haproxy_claims, haproxy_serves,
	  "an IngressClass with controller haproxy.org/ingress-controller, "
	  "the class 'haproxy' without an IngressClass, or no class",
	  haproxy_load, haproxy_route, haproxy_free },
	{ "cilium", "cilium", cilium_claims, cilium_serves,
	  "the class 'cilium' (annotation, else ingressClassName), or no "
	  "class when the IngressClass 'cilium' is the default",
	  cilium_load, cilium_route, cilium_free },
	{ "istio", "istio", istio_claims, istio_serves,
	  "the class annotation 'istio', an IngressClass with controller "
	  "istio.io/ingress-controller, or no class (ingressControllerMode "
	  "DEFAULT, with --watch-ingress-without-class)",
	  istio_load, istio_route, istio_free },
	{ "gce", "gce", gce_claims, gce_serves,
	  "the class annotation gce, gce-internal or gce-regional-external, "
	  "or no class at all (GKE's default)",
	  gce_load, gce_route, gce_free },
	{ "apisix", "apisix", apisix_claims, apisix_serves,
	  "an IngressClass with controller "
	  "apisix.apache.org/apisix-ingress-controller, or the class 'apisix' "
	  "without an IngressClass",
	  apisix_load, apisix_route, apisix_free },
	{ "f5-nginx", "f5-nginx", f5_claims, f5_serves,
	  "an IngressClass with controller nginx.org/ingress-controller, or "
	  "the class 'nginx' without an IngressClass when nginx.org/ keys "
	  "dominate", f5_load, f5_route, f5_free },
	{ "aws-alb", "aws-alb", alb_claims, alb_serves,
	  "an IngressClass with controller ingress.k8s.aws/alb, or the "
	  "class 'alb' without an IngressClass",
	  alb_load, alb_route, alb_free },
	{ "haproxy-ingress", "haproxy-ingress", hapi_claims, hapi_serves,
	  "an IngressClass with controller haproxy-ingress.github.io/"
	  "controller, or the class 'haproxy' without an IngressClass when "
	  "haproxy-ingress.github.io/ keys are present",
	  hapi_load, hapi_route, hapi_free },
};

const char *const replay_model_choices[] = { "gateway", "ingress-nginx",
	"traefik", "kong", "haproxy", "cilium", "istio", "gce", "apisix",
	"f5-nginx", "aws-alb", "haproxy-ingress", NULL };
const char *const replay_model_names[] = { "ingress-nginx", "traefik",
	"kong", "haproxy", "cilium", "istio", "gce", "apisix",
	"f5-nginx", "aws-alb", "haproxy-ingress", NULL };

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
