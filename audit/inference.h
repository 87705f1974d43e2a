/*
 * Model servers behind Services in an Ingress estate: the candidates for
 * an InferencePool (Gateway API Inference Extension), for `ing2gw audit`
 * to list. This is the hook the audit command calls:
 *
 *	struct audit_model_servers ms;
 *
 *	audit_model_servers_find(&ms, world);
 *	for (size_t i = 0; i < ms.len; i++)
 *		... ms.items[i].ing, .service, .port, .signals, .why ...
 *	audit_model_servers_release(&ms);
 *
 * A candidate is an Ingress backend (a path, or spec.defaultBackend) that
 * goes to a Service and carries a sign of LLM serving: the name of the
 * Service, of its port, or a label, selector or annotation of the Service
 * names a model server (vllm, tgi, triton, sglang, ollama, llm, model,
 * inference), or the path is an LLM API (/v1/completions,
 * /v1/chat/completions, /v1/embeddings, TGI's /generate, the v2
 * inference protocol's /v2/models). Ports 8000 and 8080, common for
 * model servers, count only beside such a sign. Nothing is converted or
 * proposed: whether a backend is a pool of interchangeable model-server
 * pods, and which endpoint picker would serve it, is not in the objects.
 *
 * Ownership: the items borrow the world (and its doc_set); their `why`
 * strings are owned and freed by audit_model_servers_release.
 */
#ifndef ING2GW_AUDIT_INFERENCE_H
#define ING2GW_AUDIT_INFERENCE_H

#include <stddef.h>

#include "ingress.h"

enum audit_llm_signal {
	AUDIT_LLM_SERVICE_NAME = 1 << 0,	/* the Service's name */
	AUDIT_LLM_PORT_NAME = 1 << 1,	/* the name of the port used */
	AUDIT_LLM_METADATA = 1 << 2,	/* a label, selector, annotation */
	AUDIT_LLM_PATH = 1 << 3,	/* the path is an LLM API */
	AUDIT_LLM_PORT = 1 << 4,	/* 8000 or 8080, beside another sign */
};

struct audit_model_server {
	const struct ingress *ing;
	const char *host;		/* NULL: every host */
	const char *path;		/* NULL: spec.defaultBackend */
	const char *service;		/* in the Ingress's namespace */
	int port;			/* 0 when given by a name */
	const char *port_name;		/* the backend's, when named */
	const struct ing_service *svc;	/* NULL: not in the input */
	unsigned signals;		/* enum audit_llm_signal */
	char *why;			/* the signs, "; "-separated */
	const struct doc_node *node;	/* the backend, for its position */
};

struct audit_model_servers {
	struct audit_model_server *items;
	size_t len, cap;
};

/* Appends the candidates of w, in Ingress, rule and path order. */
void audit_model_servers_find(struct audit_model_servers *out,
	const struct ing_world *w);
void audit_model_servers_release(struct audit_model_servers *ms);

#endif
