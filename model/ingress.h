/*
 * The Ingress world, typed: Ingress objects of every API version
 * normalised to the networking.k8s.io/v1 shape, and the IngressClass,
 * Service, Secret and ConfigMap objects kept for reference.
 *
 * Ownership: an ing_world owns its arrays (ing_world_release frees them);
 * strings and nodes are borrowed from the doc_set, which must outlive it.
 */
#ifndef ING2GW_MODEL_INGRESS_H
#define ING2GW_MODEL_INGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "k8s.h"
#include "strmap.h"

enum ing_path_type {
	ING_PATH_EXACT,
	ING_PATH_PREFIX,
	ING_PATH_IMPLEMENTATION_SPECIFIC,
};

struct ing_backend {
	const struct doc_node *node;	/* the backend mapping */
	const char *service;		/* NULL for a resource backend */
	const char *port_name;		/* set when the port is given by name */
	int port;			/* the number, 0 with port_name */
	const struct doc_node *port_node;
	const char *resource_group;	/* resource backend */
	const char *resource_kind;
	const char *resource_name;
};

struct ing_path {
	const char *path;		/* "/" when the input left it empty */
	bool path_given;
	enum ing_path_type type;
	bool type_given;		/* false: defaulted (old API versions) */
	struct ing_backend backend;
	const struct doc_node *node;
	const struct doc_node *path_node;
};

struct ing_rule {
	const char *host;		/* NULL: every host */
	const struct doc_node *host_node;
	const struct doc_node *node;
	struct ing_path *paths;
	size_t npaths;
};

struct ing_tls {
	const char **hosts;
	const struct doc_node **host_nodes;
	size_t nhosts;
	const char *secret;		/* NULL: the controller's default */
	const struct doc_node *node;
};

enum ing_class_source {
	ING_CLASS_NONE,
	ING_CLASS_FIELD,		/* spec.ingressClassName */
	ING_CLASS_ANNOTATION,		/* kubernetes.io/ingress.class */
	ING_CLASS_DEFAULT,		/* the default IngressClass of the input */
};

struct ingress {
	const struct k8s_object *obj;
	const char *name, *ns;		/* ns is "default" when absent */
	const char *api_version;
	const char *class_field;
	const struct doc_node *class_field_node;
	const char *class_annotation;
	const struct doc_node *class_annotation_node;
	const char *class_name;		/* resolved, NULL when none */
	enum ing_class_source class_source;
	const struct doc_node *annotations;	/* mapping or NULL */
	const char *creation_timestamp;	/* NULL when absent */
	bool has_default_backend;
	struct ing_backend default_backend;
	struct ing_rule *rules;
	size_t nrules;
	struct ing_tls *tls;
	size_t ntls;
};

struct ing_class {
	const char *name;
	const char *controller;
	bool is_default;
	const struct k8s_object *obj;
};

struct ing_service_port {
	const char *name;		/* NULL when unnamed */
	int port;
	const char *app_protocol;
};

struct ing_service {
	const char *name, *ns;
	struct ing_service_port *ports;
	size_t nports;
	const struct k8s_object *obj;
};

struct ing_named {			/* Secret, ConfigMap */
	const char *name, *ns;
	const struct k8s_object *obj;
};

struct ing_world {
	const struct doc_set *set;
	struct ingress *ingresses;
	size_t ningresses;
	struct ing_class *classes;
	size_t nclasses;
	struct ing_service *services;
	size_t nservices;
	struct ing_named *secrets;
	size_t nsecrets;
	struct ing_named *configmaps;
	size_t nconfigmaps;
	struct arena arena;		/* owns the arrays above */
	struct strmap service_index;	/* "ns/name" -> struct ing_service */
};

/*
 * Types the Ingress-world objects of objs. A malformed Ingress (missing or
 * mistyped required field) is an input error naming the field; the other
 * Ingresses are still loaded. Returns ERR_INVALID when there was any.
 */
int ing_world_load(struct ing_world *out, const struct doc_set *set,
	const struct k8s_objects *objs, struct diag_sink *sink);
void ing_world_release(struct ing_world *world);

const struct ing_service *ing_world_service(const struct ing_world *w,
	const char *ns, const char *name);
const struct ing_class *ing_world_class(const struct ing_world *w,
	const char *name);
bool ing_world_has_secret(const struct ing_world *w, const char *ns,
	const char *name);

const char *ing_path_type_name(enum ing_path_type t);

#endif
