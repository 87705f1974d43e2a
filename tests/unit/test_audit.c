/*
 * Unit tests of audit/ and of what it uses of convert: which Ingress a
 * position is in, conv_lower and the groups of targets that lower alike,
 * the severity convert gives a need, the inventory and annotation counts,
 * the evaluation of several targets (basic authentication blocks where
 * the target cannot check it, not on Envoy Gateway), and the ranking.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "audit/locate.h"
#include "convert/convert.h"
#include "convert/needs.h"
#include "ir/ir.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"
#include "strbuf.h"

/* A List of an Ingress and a Service, then an Ingress in a document of
 * its own with a trailing comment; line numbers matter. */
static const char input[] =
	"apiVersion: v1\n"					/* 1 */
	"kind: List\n"
	"items:\n"
	"- apiVersion: networking.k8s.io/v1\n"			/* 4 */
	"  kind: Ingress\n"
	"  metadata:\n"
	"    name: admin\n"
	"    namespace: ops\n"
	"    annotations:\n"
	"      nginx.ingress.kubernetes.io/auth-type: basic\n"	/* 10 */
	"      nginx.ingress.kubernetes.io/auth-secret: users\n"
	"      nginx.ingress.kubernetes.io/no-such-key: x\n"
	"      cert-manager.io/cluster-issuer: le\n"
	"  spec:\n"
	"    ingressClassName: nginx\n"
	"    tls:\n"
	"    - hosts: [admin.example.com]\n"
	"      secretName: admin-tls\n"
	"    rules:\n"
	"    - host: admin.example.com\n"			/* 20 */
	"      http:\n"
	"        paths:\n"
	"        - path: /\n"
	"          pathType: Prefix\n"
	"          backend: {service: {name: admin, port: {number: 80}}}\n"
	"- apiVersion: v1\n"					/* 26 */
	"  kind: Service\n"
	"  metadata: {name: admin, namespace: ops}\n"
	"  spec:\n"
	"    ports: [{port: 80}]\n"				/* 30 */
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"			/* 32 */
	"kind: Ingress\n"
	"metadata:\n"
	"  name: web\n"
	"  namespace: shop\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
	"  rules:\n"						/* 40 */
	"  - host: '*.example.com'\n"
	"    http:\n"
	"      paths:\n"
	"      - path: /a\n"
	"        pathType: Exact\n"
	"        backend: {service: {name: web, port: {number: 80}}}\n"
	"      - path: /b\n"
	"        pathType: ImplementationSpecific\n"
	"        backend: {service: {name: web, port: {number: 80}}}\n"
	"# the end\n"						/* 50 */
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: IngressClass\n"
	"metadata: {name: nginx}\n"
	"spec: {controller: k8s.io/ingress-nginx}\n";

struct fixture {
	struct doc_set *set;
	struct diag_sink sink;
	struct k8s_objects objs;
	struct ing_world w;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.set = doc_set_new(NULL);
	if (doc_set_parse(f.set, "in.yaml", input, strlen(input), &f.sink) ||
	    k8s_objects_collect(&f.objs, f.set, &f.sink) ||
	    ing_world_load(&f.w, f.set, &f.objs, &f.sink))
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ing_world_release(&f->w);
	k8s_objects_release(&f->objs);
	diag_sink_release(&f->sink);
	doc_set_free(f->set);
	return 0;
}

static const char *
located(const struct fixture *f, const struct audit_locator *l,
	const char *file, uint32_t line, uint32_t col)
{
	size_t i;

	if (!audit_locate(l, (struct src_pos){ file, line, col }, &i))
		return NULL;
	return f->w.ingresses[i].name;
}

static void
test_locate(void **state)
{
	struct fixture *f = *state;
	struct audit_locator l;

	assert_int_equal(f->w.ningresses, 2);
	audit_locator_init(&l, &f->w);
	assert_string_equal(located(f, &l, "in.yaml", 4, 3), "admin");
	assert_string_equal(located(f, &l, "in.yaml", 10, 7), "admin");
	assert_string_equal(located(f, &l, "in.yaml", 25, 20), "admin");
	assert_null(located(f, &l, "in.yaml", 4, 1));	/* before it */
	assert_null(located(f, &l, "in.yaml", 28, 14));	/* the Service */
	assert_null(located(f, &l, "in.yaml", 2, 1));	/* the List */
	assert_string_equal(located(f, &l, "in.yaml", 32, 1), "web");
	assert_string_equal(located(f, &l, "in.yaml", 48, 19), "web");
	assert_null(located(f, &l, "in.yaml", 50, 1));	/* past its end */
	assert_null(located(f, &l, "in.yaml", 54, 11));	/* IngressClass */
	assert_null(located(f, &l, "other.yaml", 10, 7));
	assert_null(located(f, &l, NULL, 0, 0));
	audit_locator_release(&l);
}

static void
test_lowering_groups(void **state)
{
	struct fixture *f = *state;
	struct conv_options o = { .target = "envoy-gateway" };
	struct conv_result res;

	assert_true(conv_target_same_lowering("generic", "cilium"));
	/* an emitter of its own: a lowering of its own */
	assert_false(conv_target_same_lowering("generic", "istio"));
	assert_true(conv_target_same_lowering("cilium", "gke"));
	assert_false(conv_target_same_lowering("kong", "gke"));
	assert_false(conv_target_same_lowering("kgateway", "generic"));
	assert_false(conv_target_same_lowering("kgateway", "kong"));
	assert_false(conv_target_same_lowering("agentgateway", "generic"));
	assert_false(conv_target_same_lowering("agentgateway", "kgateway"));
	assert_false(conv_target_same_lowering("traefik", "gke"));
	assert_true(conv_target_same_lowering("envoy-gateway",
		"envoy-gateway"));
	assert_false(conv_target_same_lowering("envoy-gateway", "generic"));
	assert_false(conv_target_same_lowering("nope", "nope"));
	/* conv_lower: only the target's own objects, no target check */
	assert_int_equal(conv_lower(&res, &f->w, &o, &f->sink), 0);
	assert_true(res.nobjects > 0);
	for (size_t i = 0; i < res.nobjects; i++) {
		const char *kind = doc_str(doc_get(res.objects[i], "kind"));

		assert_true(strcmp(kind, "Gateway") && strcmp(kind,
			"HTTPRoute"));
	}
	for (size_t i = 0; i < f->sink.len; i++)
		assert_true(strncmp(f->sink.items[i].rule, "convert/target-",
			15));
	conv_result_release(&res);
	diag_sink_release(&f->sink);
	o.target = "istio";
	assert_int_equal(conv_lower(&res, &f->w, &o, &f->sink), 0);
	assert_int_equal(res.nobjects, 0);
	conv_result_release(&res);
	diag_sink_release(&f->sink);
	assert_string_equal(conv_provider_name_of(&f->w, &o,
		&f->w.ingresses[0]), "ingress-nginx");
}

struct seen_targets {
	size_t calls;
	size_t basic_auth[2];	/* features of the kind, per target */
	size_t security_policies[2];
};

static void
seen_target(void *ctx, size_t k, const struct ir *ir,
	struct doc_node *const *objects, size_t nobjects)
{
	struct seen_targets *st = ctx;

	assert_int_equal(k, st->calls);	/* in their order, once each */
	st->calls++;
	for (size_t i = 0; i < ir->nfeatures; i++)
		st->basic_auth[k] += ir->features[i].kind ==
			IR_FEAT_BASIC_AUTH;
	for (size_t i = 0; i < nobjects; i++)
		st->security_policies[k] += !strcmp(doc_str(doc_get(
			objects[i], "kind")), "SecurityPolicy");
}

/*
 * One lowering for Envoy Gateway and Istio: basic authentication is
 * Envoy Gateway's SecurityPolicy, and an error for Istio alone.
 */
static void
test_shared_lowering(void **state)
{
	struct fixture *f = *state;
	static const char *const both[] = { "envoy-gateway", "istio" };
	static const char *const unknown[] = { "envoy-gateway", "nope" };
	struct seen_targets st = { 0 };
	struct conv_options o = { .shared_targets = both,
		.nshared_targets = 2, .inspect_target = seen_target,
		.inspect_ctx = &st };
	struct conv_result res;
	size_t errors[3] = { 0 };	/* unmarked, Envoy Gateway, Istio */

	assert_true(conv_can_share_lowering(&f->w, &o));
	assert_int_equal(conv_lower_shared(&res, &f->w, &o, &f->sink), 0);
	assert_int_equal(st.calls, 2);
	assert_int_equal(st.basic_auth[0], 1);
	assert_int_equal(st.basic_auth[1], 0);
	assert_true(st.security_policies[0] > 0);
	assert_int_equal(st.security_policies[1], 0);
	for (size_t i = 0; i < f->sink.len; i++) {
		const struct diag *d = &f->sink.items[i];

		if (d->severity != DIAG_ERROR)
			continue;
		assert_true(d->only <= 2);
		errors[d->only]++;
		assert_string_equal(d->rule, "convert/access-control");
	}
	assert_int_equal(errors[0], 0);
	assert_int_equal(errors[1], 0);
	assert_int_equal(errors[2], 1);
	conv_result_release(&res);
	diag_sink_release(&f->sink);
	o.shared_targets = unknown;
	assert_int_equal(conv_lower_shared(&res, &f->w, &o, &f->sink),
		ERR_INVALID);
	o.nshared_targets = 0;
	assert_int_equal(conv_lower_shared(&res, &f->w, &o, &f->sink),
		ERR_INVALID);
	assert_int_equal(f->sink.len, 0);
}

static void
test_need_severity(void **state)
{
	struct conv_need n = { .info = tgt_construct(TGT_C_CORS) };

	(void)state;
	n.support = TGT_UNSUPPORTED;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), DIAG_WARNING);
	assert_int_equal(conv_need_severity(&n, &tgt_generic), 0);
	n.access = true;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), DIAG_ERROR);
	n.support = TGT_UNKNOWN;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), DIAG_WARNING);
	n.access = false;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), DIAG_INFO);
	n.support = TGT_SUPPORTED;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), 0);
	n.partial = true;
	assert_int_equal(conv_need_severity(&n, &tgt_istio), DIAG_INFO);
}

static const struct audit_annotation *
annotation(const struct audit_report *r, const char *key)
{
	for (size_t i = 0; i < r->nannotations; i++)
		if (!strcmp(r->annotations[i].key, key))
			return &r->annotations[i];
	return NULL;
}

static const struct audit_target *
target(const struct audit_report *r, const char *name)
{
	for (size_t i = 0; i < r->ntargets; i++)
		if (!strcmp(r->targets[i].t->name, name))
			return &r->targets[i];
	return NULL;
}

static void
test_report(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "istio", "envoy-gateway",
		"generic", "istio" };
	struct audit_options o = { .targets = names,
		.ntargets = ARRAY_LEN(names) };
	struct audit_report r;
	const struct audit_annotation *a;
	const struct audit_target *istio, *eg;

	assert_int_equal(audit_run(&r, &f->w, &o), 0);
	/* inventory */
	assert_int_equal(r.inv.ingresses, 2);
	assert_int_equal(r.inv.nnamespaces, 2);
	assert_string_equal(r.inv.namespaces[0].name, "ops");
	assert_int_equal(r.inv.nclasses, 1);
	assert_string_equal(r.inv.classes[0].controller,
		"k8s.io/ingress-nginx");
	assert_string_equal(r.inv.classes[0].provider, "ingress-nginx");
	assert_int_equal(r.inv.classes[0].ingresses, 2);
	assert_int_equal(r.inv.hosts, 2);
	assert_int_equal(r.inv.wildcard_hosts, 1);
	assert_int_equal(r.inv.paths[ING_PATH_PREFIX], 1);
	assert_int_equal(r.inv.paths[ING_PATH_EXACT], 1);
	assert_int_equal(r.inv.paths[ING_PATH_IMPLEMENTATION_SPECIFIC], 1);
	assert_int_equal(r.inv.tls_hosts, 1);
	assert_int_equal(r.inv.default_backends, 1);
	/* annotations and their classes */
	assert_int_equal(r.nannotations, 4);
	a = annotation(&r, "nginx.ingress.kubernetes.io/auth-type");
	assert_non_null(a);
	assert_string_equal(a->provider, "ingress-nginx");
	assert_string_equal(a->cls, "B");
	a = annotation(&r, "nginx.ingress.kubernetes.io/no-such-key");
	assert_string_equal(a->cls, "unknown");
	a = annotation(&r, "cert-manager.io/cluster-issuer");
	assert_null(a->provider);
	assert_null(a->cls);
	/* the Ingresses, by namespace and name; the targets asked, once */
	assert_string_equal(r.ingresses[0].ing->name, "admin");
	assert_int_equal(r.ingresses[0].status, AUDIT_BLOCKED);
	assert_int_equal(r.ntargets, 3);
	/* ingress-nginx lowers for every target at once: one lowering per
	 * layout (Envoy Gateway's default is ListenerSets), where a lowering
	 * per group of targets that lower alike takes three (istio and
	 * envoy-gateway have emitters); both say the same */
	assert_int_equal(r.lowerings, 2);
	{
		struct audit_options og = o;
		struct audit_report g;
		struct strbuf shared = STRBUF_INIT, per_group = STRBUF_INIT;

		og.lower_per_group = true;
		assert_int_equal(audit_run(&g, &f->w, &og), 0);
		assert_int_equal(g.lowerings, 3);
		audit_render_json(&shared, &r);
		audit_render_json(&per_group, &g);
		assert_string_equal(shared.buf, per_group.buf);
		strbuf_release(&shared);
		strbuf_release(&per_group);
		audit_report_release(&g);
	}
	istio = target(&r, "istio");
	eg = target(&r, "envoy-gateway");
	/* basic authentication: Istio cannot check it, Envoy Gateway's
	 * SecurityPolicy does */
	assert_int_equal(istio->status[0], AUDIT_BLOCKED);
	assert_int_equal(istio->nblocking_rules, 1);
	assert_string_equal(istio->blocking_rules[0].name,
		"convert/access-control");
	assert_int_not_equal(eg->status[0], AUDIT_BLOCKED);
	assert_int_equal(eg->counts[AUDIT_BLOCKED], 0);
	for (size_t t = 0; t < r.ntargets; t++) {
		const struct audit_target *at = &r.targets[t];

		assert_int_equal(at->counts[AUDIT_EXACT] +
			at->counts[AUDIT_CHANGES] + at->counts[AUDIT_BLOCKED],
			2);
	}
	/* generic is the baseline; Envoy Gateway blocks less */
	assert_int_equal(target(&r, "generic")->rank, 0);
	assert_int_equal(r.nranked, 2);
	assert_int_equal(eg->rank, 1);
	assert_int_equal(istio->rank, 2);
	assert_ptr_equal(&r.targets[r.ranking[0]], eg);
	audit_report_release(&r);
	/* a name not in the registry */
	{
		static const char *const bad[] = { "nope" };
		struct audit_options ob = { .targets = bad, .ntargets = 1 };

		assert_int_equal(audit_run(&r, &f->w, &ob), ERR_INVALID);
		audit_report_release(&r);
	}
}

/* Equal on the whole rule: the same rank, listed by name. */
static void
test_rank_ties(void **state)
{
	struct audit_target ts[4];
	struct audit_report r = { .targets = ts, .ntargets = 4 };

	(void)state;
	memset(ts, 0, sizeof(ts));
	ts[0].t = &tgt_istio;
	ts[1].t = &tgt_cilium;
	ts[2].t = &tgt_generic;
	ts[3].t = &tgt_kong;
	for (size_t i = 0; i < 4; i++)
		ts[i].counts[AUDIT_EXACT] = 5;
	ts[3].counts[AUDIT_EXACT] = 6;
	ts[2].counts[AUDIT_EXACT] = 9;
	audit_rank(&r);
	assert_int_equal(r.nranked, 3);
	assert_ptr_equal(&ts[r.ranking[0]], &ts[3]);	/* kong: most exact */
	assert_ptr_equal(&ts[r.ranking[1]], &ts[1]);	/* cilium, by name */
	assert_ptr_equal(&ts[r.ranking[2]], &ts[0]);
	assert_int_equal(ts[3].rank, 1);
	assert_int_equal(ts[1].rank, 2);
	assert_int_equal(ts[0].rank, 2);
	assert_int_equal(ts[2].rank, 0);
	/* fewer blocked breaks the tie */
	ts[1].counts[AUDIT_BLOCKED] = 1;
	free(r.ranking);
	audit_rank(&r);
	assert_int_equal(ts[0].rank, 2);
	assert_int_equal(ts[1].rank, 3);
	free(r.ranking);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_lowering_groups),
		cmocka_unit_test(test_shared_lowering),
		cmocka_unit_test(test_need_severity),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_rank_ties),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
