/*
 * The Gateway API Inference Extension: InferencePool objects (API
 * inference.networking.k8s.io/v1, the CRD of v1.6.0 in tests/crds/) and
 * the route backendRefs that name them. What the v1 API says, and where:
 *
 *  - spec.selector.matchLabels picks model-server Pods of the pool's own
 *    namespace; spec.targetPorts (1 to 8, unique numbers) are the ports
 *    traffic goes to, each pod:port an endpoint; spec.endpointPickerRef
 *    names the Endpoint Picker (EPP) that chooses the endpoint of each
 *    request. Its kind defaults to Service, which needs the port (CEL).
 *    (api/v1/inferencepool_types.go and the CRD, tag v1.6.0.)
 *  - endpointPickerRef is optional since v1.5.0 but "still required by
 *    most implementations" (Accepted=False, EndpointPickerRefMissing;
 *    same file).
 *  - A backendRef to a pool needs no port, and the port it gives is
 *    ignored: requests go to the targetPorts (conformance test
 *    InferencePoolHTTPRoutePortValidation, scenario 3: "HTTP Port is
 *    ignored when inferencePool is backendRef").
 *  - A backendRef to a pool that does not exist: the route is Accepted,
 *    ResolvedRefs=False with reason BackendNotFound (conformance test
 *    HTTPRouteInvalidInferencePoolRef).
 * A cross-namespace backendRef needs a ReferenceGrant like any other
 * (ref/missing-grant, attach.c). The OpenAPI part of the CRD is in
 * schema.c.
 */
#include "compat.h"
#include "inference.h"

#include <stdio.h>
#include <string.h>

#include "lint_int.h"

#define INVALID_OBJ "Invalid value: \"object\": "
#define INVALID_ARR "Invalid value: \"array\": "

/* The CEL rules of the InferencePool CRD, and the picker's absence. */
void
lint_inference_check(struct lint_ctx *c)
{
	const struct doc_node *spec = c->cur->spec;
	const struct doc_node *epp = doc_get(spec, "endpointPickerRef");
	const struct doc_node *ports = doc_get(spec, "targetPorts");

	if (!doc_is_map(spec))
		return;
	if (doc_is_null(epp))
		lint_emit(c, "inference/endpoint-picker-missing",
			doc_key_node(c->cur->k->root, "spec"),
			"spec: no endpointPickerRef: it is optional in the v1 "
			"API since Inference Extension v1.5.0, but most "
			"implementations still need it and do not accept the "
			"pool without (Accepted=False, "
			"EndpointPickerRefMissing)");
	else if (doc_is_map(epp) && !strcmp(lint_str_or(doc_get(epp, "kind"),
	    "Service"), "Service") && doc_is_null(doc_get(epp, "port")))
		lint_emit(c, "inference/endpoint-picker-port", epp,
			"spec.endpointPickerRef: " INVALID_OBJ "port is "
			"required when kind is 'Service' or unspecified "
			"(defaults to 'Service')");
	/* the rule holds for the whole list: one finding, at the repeat */
	for (size_t i = 0; i < lint_seq_len(ports); i++) {
		long long a, b;
		size_t j;

		if (!doc_int(doc_get(doc_item(ports, i), "number"), &a))
			continue;
		for (j = 0; j < i; j++)
			if (doc_int(doc_get(doc_item(ports, j), "number"), &b)
			    && a == b)
				break;
		if (j == i)
			continue;
		lint_emit(c, "inference/target-ports-unique",
			doc_item(ports, i), "spec.targetPorts: " INVALID_ARR
			"port number must be unique");
		lint_note(c, doc_item(ports, j), "port %lld is first listed "
			"here", a);
		break;
	}
}

/*
 * Checked only when the input has Services: a picker Service that is
 * missing leaves the pool unresolved (ResolvedRefs=False), and requests
 * routed to it get a 5xx (conformance test InferencePoolInvalidEPPService).
 */
void
lint_inference_picker(struct lint_ctx *c, const struct lint_index *svcs)
{
	const struct doc_node *epp = doc_get(c->cur->spec, "endpointPickerRef");
	const char *name = lint_str_or(doc_get(epp, "name"), "");
	const struct doc_node *port = doc_path(epp, "port.number");
	const struct lint_obj *svc;
	long long want, have;

	if (!svcs->len || !doc_is_map(epp) || !*name ||
	    *lint_str_or(doc_get(epp, "group"), "") ||
	    strcmp(lint_str_or(doc_get(epp, "kind"), "Service"), "Service"))
		return;
	if (!(svc = lint_index_find(svcs, c->cur->ns, name))) {
		lint_emit(c, "inference/endpoint-picker-not-found",
			doc_get(epp, "name"), "spec.endpointPickerRef: Service "
			"%s/%s is not in the input: the pool's references do "
			"not resolve (ResolvedRefs=False) and requests routed "
			"to it get a 5xx", c->cur->ns, name);
		return;
	}
	if (!doc_int(port, &want))
		return;
	for (size_t i = 0; i < lint_seq_len(doc_get(svc->spec, "ports")); i++)
		if (doc_int(doc_get(doc_item(doc_get(svc->spec, "ports"), i),
		    "port"), &have) && have == want)
			return;
	lint_emit(c, "inference/endpoint-picker-not-found", port,
		"spec.endpointPickerRef.port.number: Service %s/%s has no port "
		"%lld (the Service port, not its target port)", c->cur->ns,
		name, want);
	lint_note(c, doc_get(svc->spec, "ports") ? doc_get(svc->spec,
		"ports") : svc->k->root, "the ports of Service %s/%s",
		c->cur->ns, name);
}

/* The targetPorts of a pool, "8000, 8001", in buf. */
static void
target_ports(const struct lint_obj *pool, char *buf, size_t size)
{
	const struct doc_node *ports = doc_get(pool->spec, "targetPorts");
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < lint_seq_len(ports) && at < size; i++) {
		const char *n = doc_str(doc_get(doc_item(ports, i), "number"));
		int w;

		if (!n)
			continue;
		w = snprintf(buf + at, size - at, "%s%s", at ? ", " : "", n);
		if (w < 0)
			break;
		at += (size_t)w;
	}
}

void
lint_inference_backend(struct lint_ctx *c, const struct lint_index *pools,
	const struct doc_node *ref, const char *where)
{
	const char *group = lint_str_or(doc_get(ref, "group"), "");
	const char *name = lint_str_or(doc_get(ref, "name"), "");
	const char *ns = lint_str_or(doc_get(ref, "namespace"), c->cur->ns);
	const struct doc_node *port = doc_get(ref, "port");
	const struct lint_obj *pool;
	long long want, have;
	char list[96];

	if (!doc_is_map(ref) || strcmp(lint_str_or(doc_get(ref, "kind"),
	    "Service"), "InferencePool"))
		return;
	if (strcmp(group, INFERENCE_GROUP)) {
		lint_emit(c, "inference/backend-group", ref, "%s: kind "
			"InferencePool in group '%s'%s: the v1 API is group '"
			INFERENCE_GROUP "', so nothing resolves this reference "
			"(ResolvedRefs=False, InvalidKind) and its share of "
			"requests gets 500", where, group, !*group ?
			" (the core group, the default)" :
			!strcmp(group, "inference.networking.x-k8s.io") ?
			" (the pre-v1 alpha group, where Inference Extension "
			"v1.6.0 ships no InferencePool)" : "");
		return;
	}
	if (!pools->len || !*name)
		return;		/* no pool in the input: not judged */
	if (!(pool = lint_index_find(pools, ns, name))) {
		lint_emit(c, "inference/pool-not-found", ref, "%s: "
			"InferencePool %s/%s is not in the input "
			"(ResolvedRefs=False, BackendNotFound: its share of "
			"requests gets 500)", where, ns, name);
		return;
	}
	if (!doc_int(port, &want))
		return;
	for (size_t i = 0; i < lint_seq_len(doc_get(pool->spec,
	    "targetPorts")); i++)
		if (doc_int(doc_get(doc_item(doc_get(pool->spec,
		    "targetPorts"), i), "number"), &have) && have == want)
			return;
	target_ports(pool, list, sizeof(list));
	lint_emit(c, "inference/backend-port", port, "%s.port: %lld is not a "
		"target port of InferencePool %s/%s; for an InferencePool the "
		"port of a backendRef is ignored and requests go to its "
		"targetPorts (%s): omit the port", where, want, ns, name,
		*list ? list : "none");
	lint_note(c, doc_get(pool->spec, "targetPorts") ?
		doc_get(pool->spec, "targetPorts") : pool->k->root,
		"the targetPorts of InferencePool %s/%s", ns, name);
}

/*
 * Who routes to InferencePools. The Gateway API v1.5 and v1.6
 * conformance reports of the implementations say nothing about
 * InferencePool: the word "inference" is not in them. The Inference Extension publishes its own
 * conformance reports (profile "Gateway", core tests with the feature
 * SupportInferencePool); the rows below that say yes cite the newest
 * report of the v1 API (Inference Extension v1.0 or later) at tag v1.6.0
 * of kubernetes-sigs/gateway-api-inference-extension. Reports against the
 * pre-v1 alpha API (v0.x) are not taken as support of v1.
 */
#define GIE_REPORTS "https://github.com/kubernetes-sigs/" \
	"gateway-api-inference-extension/blob/v1.6.0/conformance/reports/"
#define NOTHING "no source: its Gateway API conformance reports do " \
	"not mention InferencePool"

static const struct lint_inference_support support[] = {
	{ "standard", LINT_SUPPORT_UNKNOWN, NULL,
	  "InferencePool is an extension, not a Gateway API feature: no "
	  "Gateway API conformance report lists it (../shared/"
	  "conformance-reports), so generic output depends on the "
	  "implementation" },
	{ "envoy-gateway", LINT_SUPPORT_UNKNOWN, NULL,
	  NOTHING "; the Inference Extension's reports have Envoy AI Gateway "
	  "only, against the pre-v1 API v0.5.1 (" GIE_REPORTS
	  "v0.5.1/gateway/envoy-ai-gateway/aigw-latest-report.yaml)" },
	{ "istio", LINT_SUPPORT_YES, "1.30.1",
	  GIE_REPORTS "v1.5.0/gateway/istio/1.30.1-default-gateway-report.yaml"
	  " (Inference Extension v1.5.0, Gateway profile core: 13 passed, "
	  "0 failed)" },
	{ "cilium", LINT_SUPPORT_UNKNOWN, NULL,
	  NOTHING ", nor do the Inference Extension's conformance reports "
	  "(tag v1.6.0)" },
	{ "nginx-gateway-fabric", LINT_SUPPORT_YES, "2.6.0",
	  GIE_REPORTS "v1.5.0/gateway/nginx-nginx-gateway-fabric/"
	  "inference-v2.6.0-report.yaml (Inference Extension v1.5.0, Gateway "
	  "profile core partial: 11 passed, 0 failed, 2 skipped: "
	  "GatewayDestinationEndpointServed, InferencePoolAppProtocol)" },
	{ "traefik", LINT_SUPPORT_UNKNOWN, NULL,
	  NOTHING ", nor do the Inference Extension's conformance reports "
	  "(tag v1.6.0)" },
	{ "kong", LINT_SUPPORT_UNKNOWN, NULL,
	  NOTHING ", nor do the Inference Extension's conformance reports "
	  "(tag v1.6.0)" },
	{ "kgateway", LINT_SUPPORT_YES, "2.1.1",
	  GIE_REPORTS "v1.0.2/gateway/kgateway/inference-v2.1.0-report.yaml "
	  "(implementation version v2.1.1, Inference Extension v1.0.2, "
	  "Gateway profile core: 9 passed, 0 failed)" },
	{ "agentgateway", LINT_SUPPORT_YES, "1.0.0",
	  GIE_REPORTS "v1.4.0/gateway/agentgateway/inference-v1.0.0-report."
	  "yaml (Inference Extension v1.4.0, Gateway profile core: 12 passed, "
	  "0 failed)" },
	{ "gke", LINT_SUPPORT_UNKNOWN, NULL,
	  NOTHING "; the Inference Extension's only GKE report is against the "
	  "pre-v1 API v0.5.0 (" GIE_REPORTS "v0.5.0/gateway/gke-gateway/"
	  "standard-v1.32.4-rxlb-gateway-report.yaml)" },
};

static const struct lint_inference_support unknown_target = {
	NULL, LINT_SUPPORT_UNKNOWN, NULL,
	"not a target this table knows: nothing says"
};

const struct lint_inference_support *
lint_inference_support(const char *target)
{
	for (size_t i = 0; target && i < ARRAY_LEN(support); i++)
		if (!strcmp(support[i].target, target))
			return &support[i];
	return &unknown_target;
}

const struct lint_inference_support *
lint_inference_support_table(size_t *n_out)
{
	*n_out = ARRAY_LEN(support);
	return support;
}

const char *
lint_support_name(enum lint_support s)
{
	return s == LINT_SUPPORT_YES ? "yes" : s == LINT_SUPPORT_NO ? "no" :
		"unknown";
}
