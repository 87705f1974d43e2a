/*
 * Which Gateway API implementations route HTTPRoute backendRefs to an
 * InferencePool (Gateway API Inference Extension, API
 * inference.networking.k8s.io/v1): yes, no or unknown, each answer with
 * the document it rests on. The table is data, not a guess: where no
 * source says anything the answer is unknown. `lint --target NAME` reports
 * from it (rule target/inference-pool, lint/target.c); the checks of
 * InferencePool objects and backendRefs themselves are in lint/inference.c.
 *
 * Ownership: static strings.
 */
#ifndef ING2GW_LINT_INFERENCE_H
#define ING2GW_LINT_INFERENCE_H

#include <stddef.h>

enum lint_support {
	LINT_SUPPORT_UNKNOWN = 0,
	LINT_SUPPORT_YES,
	LINT_SUPPORT_NO,
};

struct lint_inference_support {
	const char *target;	/* targets/ name: "nginx-gateway-fabric" */
	enum lint_support support;
	const char *version;	/* that the source is about, or NULL */
	const char *source;	/* what says so (file or URL), one line */
};

/*
 * The row of target (a name of targets/:
 * "standard", "envoy-gateway", "istio", "cilium", "nginx-gateway-fabric",
 * "traefik", "kong", "kgateway", "agentgateway", "gke"). Never NULL: a
 * name the table does not know gets an unknown row saying so.
 */
const struct lint_inference_support *lint_inference_support(
	const char *target);
/* The whole table, in the order above. */
const struct lint_inference_support *lint_inference_support_table(
	size_t *n_out);
/* "yes", "no" or "unknown". */
const char *lint_support_name(enum lint_support s);

#endif
