/* Unit tests of audit/inference: model servers behind Services. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "audit/inference.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"

#define ING(name, spec) "apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata: {name: " name ", namespace: ai}\nspec:\n" spec "---\n"
#define PATH(p, type, svc, port) "      - path: " p "\n" \
	"        pathType: " type "\n" \
	"        backend: {service: {name: " svc ", port: " port "}}\n"
#define HOST(h) "  rules:\n  - host: " h "\n    http:\n      paths:\n"

static const char estate[] =
	/* 0: a vLLM Service on its default port */
	ING("chat", HOST("chat.example.com")
	PATH("/", "Prefix", "vllm-llama3-8b", "{number: 8000}"))
	/* a web API on 8080: the port alone is no sign */
	ING("shop", HOST("shop.example.com")
	PATH("/api", "Prefix", "shop-api", "{number: 8080}")
	PATH("/v1", "Prefix", "shop-api", "{number: 8080}")
	PATH("/v1/chat", "Exact", "shop-api", "{number: 8080}")
	PATH("/shop/models-of-cars", "Prefix", "remodel-web",
	"{number: 80}"))
	/* 1, 2: LLM API paths in front of a neutral name */
	ING("gw", HOST("api.example.com")
	PATH("/v1/chat/completions", "Prefix", "backend", "{number: 80}")
	PATH("/v1/chat", "Prefix", "backend", "{number: 80}"))
	/* 3: a port name (resolved by the Service); 4: labels; 5: the
	 * default backend */
	ING("named", "  defaultBackend: {service: {name: ollama, port: "
	"{number: 11434}}}\n" HOST("named.example.com")
	PATH("/triton", "Prefix", "gpu", "{name: triton-http}")
	PATH("/tgi", "Prefix", "web", "{number: 8080}"))
	/* an InferencePool already: no Service fronts it */
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
	"metadata: {name: pool, namespace: ai}\nspec:\n" HOST("p.example.com")
	"      - path: /v1/completions\n        pathType: Prefix\n"
	"        backend: {resource: {apiGroup: inference.networking.k8s.io, "
	"kind: InferencePool, name: llama}}\n---\n"
	"apiVersion: v1\nkind: Service\nmetadata: {name: gpu, namespace: ai}\n"
	"spec:\n  ports: [{name: triton-http, port: 8000}]\n---\n"
	"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
	"  namespace: ai\n  labels: {app.kubernetes.io/name: "
	"text-generation-inference}\n  annotations:\n"
	"    kubectl.kubernetes.io/last-applied-configuration: '{\"kind\": "
	"\"Service\", \"metadata\": {\"name\": \"web\"}, \"spec\": {\"ports\": "
	"[{\"name\": \"model-port\", \"port\": 8080}]}, \"padding\": "
	"\"xxxxxxxxxx\"}'\n"
	"spec:\n  selector: {app: tgi-mistral}\n  ports: [{port: 8080}]\n";

static void
test_model_servers(void **state)
{
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;
	struct audit_model_servers ms = { 0 };
	const struct audit_model_server *m;

	(void)state;
	assert_int_equal(doc_set_parse(set, "estate.yaml", estate,
		strlen(estate), &sink), 0);
	assert_int_equal(k8s_objects_collect(&objs, set, &sink), 0);
	assert_int_equal(ing_world_load(&w, set, &objs, &sink), 0);
	audit_model_servers_find(&ms, &w);
	for (size_t i = 0; i < ms.len; i++)
		print_message("%zu: %s %s: %s\n", i, ms.items[i].service,
			ms.items[i].path ? ms.items[i].path : "(default)",
			ms.items[i].why);
	assert_int_equal(ms.len, 6);

	m = &ms.items[0];
	assert_string_equal(m->ing->name, "chat");
	assert_string_equal(m->host, "chat.example.com");
	assert_string_equal(m->path, "/");
	assert_string_equal(m->service, "vllm-llama3-8b");
	assert_int_equal(m->port, 8000);
	assert_null(m->svc);
	assert_int_equal(m->signals, AUDIT_LLM_SERVICE_NAME | AUDIT_LLM_PORT);
	assert_string_equal(m->why, "Service name 'vllm-llama3-8b' (vllm); "
		"port 8000 (a common model-server port)");
	assert_int_equal(doc_pos(set, m->node).line, 11);

	m = &ms.items[1];
	assert_string_equal(m->path, "/v1/chat/completions");
	assert_int_equal(m->signals, AUDIT_LLM_PATH);
	assert_string_equal(m->why, "path '/v1/chat/completions' (the "
		"OpenAI-compatible chat API)");
	m = &ms.items[2];
	assert_string_equal(m->path, "/v1/chat");
	assert_int_equal(m->signals, AUDIT_LLM_PATH);

	/* the port name comes from the Service: the backend names it */
	m = &ms.items[3];
	assert_string_equal(m->service, "gpu");
	assert_non_null(m->svc);
	assert_int_equal(m->port, 0);
	assert_string_equal(m->port_name, "triton-http");
	assert_int_equal(m->signals, AUDIT_LLM_PORT_NAME | AUDIT_LLM_PORT);
	assert_string_equal(m->why, "port name 'triton-http' (triton); port "
		"8000 (a common model-server port)");

	/* labels and selector, not the last-applied document */
	m = &ms.items[4];
	assert_string_equal(m->service, "web");
	assert_int_equal(m->signals, AUDIT_LLM_METADATA | AUDIT_LLM_PORT);
	assert_string_equal(m->why, "label app.kubernetes.io/name="
		"text-generation-inference (inference); selector "
		"app=tgi-mistral (tgi); port 8080 (a common model-server "
		"port)");

	m = &ms.items[5];
	assert_string_equal(m->ing->name, "named");
	assert_null(m->path);
	assert_null(m->host);
	assert_string_equal(m->service, "ollama");
	assert_int_equal(m->signals, AUDIT_LLM_SERVICE_NAME);

	audit_model_servers_release(&ms);
	assert_null(ms.items);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
}

/* No Ingress, no candidate; releasing an empty list is fine. */
static void
test_empty(void **state)
{
	struct ing_world w;
	struct audit_model_servers ms = { 0 };

	(void)state;
	memset(&w, 0, sizeof(w));
	audit_model_servers_find(&ms, &w);
	assert_int_equal(ms.len, 0);
	audit_model_servers_release(&ms);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_servers),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
