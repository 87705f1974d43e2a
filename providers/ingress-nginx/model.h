/*
 * The ingress-nginx routing model: what the controller does with one
 * request, built from Ingress objects and their annotations alone
 * (what the controller v1.15.1, its nginx.tmpl and its Lua do). It
 * never calls convert/: the comparison with replay/gateway is only worth
 * something because the two are independent.
 *
 * Choices and limits of the model (documented here once):
 *  - Order: creationTimestamp ascending, equal ones by "namespace/name"
 *    descending; a missing timestamp is the zero time (first).
 *  - Class: opts->ingress_class NULL serves every Ingress (only those of
 *    ingress-nginx's classes with nginx_classes); otherwise only that
 *    class (and class-less ones with watch_without_class).
 *  - A host has a certificate when an Ingress of the host lists it (or a
 *    tls entry without hosts) with a secretName, and the Secret is in the
 *    input or the input has no Secrets at all.
 *  - The ACME exemption follows the controller's code: a location whose
 *    path starts with /.well-known/acme-challenge gets no SSL redirect.
 *  - A denied location answers 503 in the rewrite phase, before CORS,
 *    redirects and access checks (the template returns 503 there).
 *  - Services the input lacks (unless assume_services) have no endpoints:
 *    503, or the default-backend annotation's Service.
 *  - Not modelled: session affinity, rate limits (one request passes),
 *    auth-url (assumed to allow), credentials of basic auth (any
 *    Authorization header passes), snippets, custom-http-errors, most of
 *    the proxy's own headers (X-Forwarded-Host/-Port/-Proto, X-Real-IP,
 *    X-Request-ID). X-Forwarded-For is the client address (replacing the
 *    client's value, which goes as X-Original-Forwarded-For). Headers
 *    with '_' are dropped (listed as removed). HSTS is added to proxied
 *    HTTPS responses of hosts with a certificate.
 *  - The data-plane defaults Gateway API leaves to the implementation
 *    (body limit 1m, headers with '_', X-Forwarded-For, $uri
 *    normalisation) give the controller's answer, tagged as known
 *    differences of convert/target-defaults.
 *  - An auth-secret the controller cannot read (another namespace; not
 *    in an input that has Secrets; no key "auth" for auth-file) denies
 *    the Ingress's locations (503), as auth/main.go Parse does.
 *
 * Ownership: the model borrows from the doc_set it was loaded from, which
 * must outlive it. Routing does not modify the model. Decisions follow
 * replay/request.h.
 */
#ifndef ING2GW_REPLAY_INGRESS_H
#define ING2GW_REPLAY_INGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_ing;

struct replay_ing_opts {
	const char *ingress_class;	/* only this class; NULL: every class */
	/*
	 * Without ingress_class: serve only the Ingresses of the classes
	 * ingress-nginx serves (replay_ing_class_served); the others are
	 * reported (replay/ingress-other-class) and left out.
	 */
	bool nginx_classes;
	/* Treat Services the input lacks as existing (see replay/gateway.h). */
	bool assume_services;
	/* With ingress_class or nginx_classes: also serve Ingresses
	 * without a class (--watch-ingress-without-class). */
	bool watch_without_class;
	/* ConfigMap settings; zero values are the controller's defaults. */
	bool no_ssl_redirect;		/* ssl-redirect: "false" */
	bool no_hsts;			/* hsts: "false" */
	int http_redirect_code;		/* 0: 308 */
};

/*
 * Loads the Ingress objects of set (and the IngressClass, Service and
 * ConfigMap objects beside them) into a new model (*out, free with
 * replay_ing_free). opts may be NULL. What the controller would refuse or
 * ignore becomes a diagnostic in sink (may be NULL), as the controller
 * treats it. Returns 0, or ERR_INVALID on programmer errors.
 */
int replay_ing_load(struct replay_ing **out, const struct doc_set *set,
	const struct replay_ing_opts *opts, struct diag_sink *sink);
void replay_ing_free(struct replay_ing *m);

/*
 * Whether ing is of a class ingress-nginx serves: its IngressClass names
 * the controller k8s.io/ingress-nginx, or, when the input has no
 * IngressClass of that name, the class is "nginx". An Ingress without a
 * class (and no default IngressClass) is only with without_class (the
 * controller's --watch-ingress-without-class). why (may be NULL) gets a
 * static reason when not.
 */
bool replay_ing_class_served(const struct ing_world *w,
	const struct ingress *ing, bool without_class, const char **why);

/*
 * Routes one request as ingress-nginx would. d is reset first; on return
 * it holds the decision (matched.kind "Ingress", rule = index of the rule,
 * match = index of the path). Returns 0.
 */
int replay_ing_route(const struct replay_ing *m,
	const struct replay_request *req, struct replay_decision *d);

/* Counts for reports and tests: nginx servers (hosts, "_", www
 * counterparts) and Ingresses served (canaries included). */
size_t replay_ing_server_count(const struct replay_ing *m);
size_t replay_ing_ingress_count(const struct replay_ing *m);

#endif
