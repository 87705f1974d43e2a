/*
 * What the controllers' routing models share. First, what every one does
 * before its own loading: read the input's objects and Ingresses, and
 * pick the Ingresses the controller serves, saying why it leaves the
 * others out. Then what more than one controller reads the same way: the
 * hosts of an Ingress's certificates, a backend's Service port, a path
 * with its unreserved characters decoded, the upstream request, the
 * decision's one backend and the Ingress path a request matched.
 * Nothing here reads the conversion: each model keeps its own idea of
 * which Ingresses its controller serves (the serves callback) and of how
 * it routes.
 *
 * Ownership: objs and w are the caller's, released with
 * replay_load_release().
 */
#ifndef ING2GW_REPLAY_MODEL_COMMON_H
#define ING2GW_REPLAY_MODEL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "k8s.h"
#include "model/ingress.h"
#include "replay/request.h"
#include "strmap.h"

struct replay_load {
	/* Whether the controller serves ing; why gets a static reason when
	 * not. NULL: every Ingress with a name is served. */
	bool (*serves)(const struct ing_world *w, const struct ingress *ing,
		bool without_class, const char **why);
	bool without_class;		/* passed to serves */
	/* The controller, in the replay/ingress-other-class diagnostic
	 * ("...; Traefik does not serve it"); NULL: the reason alone. */
	const char *who;
	/* Called for each Ingress served, in the input's order; i is its
	 * index in the world. */
	void (*take)(void *arg, const struct ingress *ing, size_t i,
		struct diag_sink *sink);
	void *arg;
};

/*
 * Collects the objects of set into objs and loads w from them; the
 * world's diagnostics go to sink (NULL: nowhere), collecting's are
 * dropped.
 */
void replay_load_world(const struct doc_set *set, struct k8s_objects *objs,
	struct ing_world *w, struct diag_sink *sink);

/*
 * replay_load_world(), then l->take() for each Ingress with a name that
 * l->serves() takes; each one it does not take is said
 * (replay/ingress-other-class, info) at the Ingress.
 */
void replay_load_ingresses(const struct replay_load *l,
	const struct doc_set *set, struct k8s_objects *objs,
	struct ing_world *w, struct diag_sink *sink);

/* Releases what replay_load_world() loaded (w only when world_loaded). */
void replay_load_release(struct k8s_objects *objs, struct ing_world *w,
	bool world_loaded);

/* A diagnostic at a node of set (NULL: no position); a NULL sink says
 * nothing. */
void replay_say(const struct doc_set *set, struct diag_sink *sink,
	enum diag_severity sev, const char *rule, const struct doc_node *at,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * The hosts the certificates of ing's tls sections cover, lower-case (in
 * a), into certs: a section counts when it names a Secret the input has
 * (or the input has no Secret); one without hosts covers the Ingress's
 * rule hosts, as the certificate's own names are not in the input.
 */
void replay_cert_hosts(struct arena *a, struct strmap *certs,
	const struct ing_world *w, const struct ingress *ing);

/* A lower-case copy of s in a. */
char *replay_lower_dup(struct arena *a, const char *s);

/* The port of svc that b names (by number, or by name), NULL if none. */
const struct ing_service_port *replay_service_port(
	const struct ing_service *svc, const struct ing_backend *b);

/* path with the percent-escapes of unreserved characters (RFC 3986:
 * letters, digits, '-', '.', '_', '~') decoded, in d's memory; path
 * itself when it has no escape. */
const char *replay_path_unreserved(struct replay_decision *d,
	const char *path);

/* d's upstream request as req came: its method (GET without one), path,
 * query, Host and headers. */
void replay_upstream(struct replay_decision *d,
	const struct replay_request *req, const char *path);

/* All of d's requests go to port of Service ns/service. */
void replay_one_backend(struct replay_decision *d, const char *ns,
	const char *service, long port);

/* d matched path match of rule rule of ing (-1: its default backend),
 * written at file:line (NULL: no position). */
void replay_matched_ingress(struct replay_decision *d,
	const struct ingress *ing, long rule, long match, const char *file,
	uint32_t line);

#endif
