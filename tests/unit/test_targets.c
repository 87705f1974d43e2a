/*
 * Unit tests of targets/ and convert/needs.h: the registries agree, the
 * support matrix answers as the reports' lists say, the tables only offer
 * a mechanism for what their target lacks, each claimed feature has its
 * rows (convert/lands.h) and each row its claim, and the needs of a
 * lowered IR carry their feature, position and support for several
 * targets at once.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "convert/conv_int.h"
#include "convert/lands.h"
#include "convert/needs.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"
#include "providers/provider.h"
#include "targets/target.h"

static void
test_registries_agree(void **state)
{
	size_t n = 0;

	(void)state;
	while (tgt_names[n])
		n++;
	assert_int_equal(n, tgt_ntables);
	for (size_t i = 0; i < tgt_ntables; i++) {
		const struct conv_target *ct = conv_target_find(tgt_names[i]);

		assert_string_equal(tgt_tables[i]->name, tgt_names[i]);
		assert_string_equal(conv_target_names[i], tgt_names[i]);
		assert_non_null(ct);
		assert_ptr_equal(ct->table, tgt_tables[i]);
		assert_ptr_equal(tgt_find(tgt_names[i]), tgt_tables[i]);
		/* a target without a report says so: only generic has none,
		 * and it assumes every standard feature */
		assert_true(tgt_tables[i]->generic ==
			!tgt_report(tgt_tables[i]));
	}
	assert_null(conv_target_names[n]);
	assert_ptr_equal(tgt_find("standard"), &tgt_generic);
	assert_ptr_equal(conv_target_find(NULL)->table, &tgt_generic);
	assert_null(tgt_find("nginx"));
}

static bool
in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* The lookups against a plain scan of the generated lists. */
static void
test_support_matches_reports(void **state)
{
	(void)state;
	for (size_t r = 0; r < tgt_nreports; r++) {
		const struct tgt_report *rep = &tgt_reports[r];
		const struct tgt_table *t = tgt_find(rep->target);

		assert_non_null(t);
		assert_ptr_equal(tgt_report(t), rep);
		for (int c = TGT_C_PATH_REWRITE; c < TGT_C_COUNT; c++) {
			const struct tgt_construct_info *ci = tgt_construct(c);
			bool sup = false, uns = false, partial;
			enum tgt_support want;

			assert_non_null(ci);
			if (ci->profile) {
				const struct tgt_profile *p =
					tgt_profile_find(rep, ci->feature);

				want = !p ? TGT_UNKNOWN :
					!strcmp(p->core, "success") ||
					!strcmp(p->core, "partial") ?
					TGT_SUPPORTED : TGT_UNSUPPORTED;
			} else {
				for (size_t i = 0; i < rep->nprofiles; i++) {
					const struct tgt_profile *p =
						&rep->profiles[i];

					sup |= in_list(p->supported,
						p->nsupported, ci->feature);
					uns |= in_list(p->unsupported,
						p->nunsupported, ci->feature);
				}
				want = sup ? TGT_SUPPORTED : uns ?
					TGT_UNSUPPORTED : TGT_UNKNOWN;
			}
			assert_int_equal(tgt_supports(t, c, &partial), want);
		}
	}
}

static void
test_constructs(void **state)
{
	bool partial;

	(void)state;
	for (int c = TGT_C_PATH_REWRITE; c < TGT_C_COUNT; c++) {
		const struct tgt_construct_info *ci = tgt_construct(c);

		assert_non_null(ci);
		assert_int_equal(ci->c, c);
		assert_true(*ci->feature && *ci->what);
		assert_true(ci->profile == !strncmp(ci->feature, "GATEWAY-",
			8));
		assert_int_equal(tgt_supports(&tgt_generic, c, &partial),
			TGT_SUPPORTED);
	}
	/* access control: client certificates only */
	assert_true(tgt_construct(TGT_C_CLIENT_CERT)->access);
	assert_false(tgt_construct(TGT_C_CORS)->access);
}

/* A mechanism "instead" only for what the target lacks or leaves
 * unproven; a knob "written" only where the target has an emitter. */
static void
test_tables_consistent(void **state)
{
	(void)state;
	for (size_t i = 0; i < tgt_ntables; i++) {
		const struct tgt_table *t = tgt_tables[i];
		const struct conv_target *ct = conv_target_find(t->name);
		bool seen[TGT_A_COUNT] = { false };
		bool partial;

		for (size_t k = 0; k < t->ninstead; k++)
			assert_int_not_equal(tgt_supports(t, t->instead[k].c,
				&partial), TGT_SUPPORTED);
		for (size_t k = 0; k < t->ndefaults; k++) {
			const struct tgt_behaviour *d = &t->defaults[k];

			assert_true(d->aspect < TGT_A_COUNT);
			assert_false(seen[d->aspect]);
			seen[d->aspect] = true;
			assert_true(*d->value && *d->text);
			if (d->written)
				assert_non_null(ct->emit);
		}
		assert_true(!t->defaults == !t->defaults_source);
	}
}

/* ---- rows: what a target writes for the features it claims -------------- */

static size_t
rows_of(const struct conv_target *ct, enum ir_feature_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < ct->nrows; i++)
		if (ct->rows[i].feature == k)
			n++;
	return n;
}

static bool
claimed(const struct conv_target *ct, enum ir_feature_kind k)
{
	for (size_t i = 0; i < ct->nclaims; i++)
		if (ct->claims[i] == k)
			return true;
	return false;
}

/* Every target's claims and rows name the same features: a claimed
 * feature has a row (at most what a landing holds), a row its claim. */
static void
test_rows_match_claims(void **state)
{
	(void)state;
	for (size_t i = 0; i < tgt_ntables; i++) {
		const struct conv_target *ct = conv_target_find(tgt_names[i]);
		size_t n;

		assert_non_null(ct);
		assert_true(!ct->nrows || ct->rows);
		for (size_t k = 0; k < ct->nclaims; k++) {
			n = rows_of(ct, ct->claims[k]);
			if (!n)
				fail_msg("target '%s' claims feature '%s' "
					"without a row", tgt_names[i],
					ir_feature_name(ct->claims[k]));
			assert_true(n <= CONV_LANDING_ROWS);
		}
		for (size_t k = 0; k < ct->nrows; k++) {
			const struct conv_target_row *r = &ct->rows[k];

			if (!claimed(ct, r->feature))
				fail_msg("target '%s' has a row for feature "
					"'%s', which it does not claim",
					tgt_names[i],
					ir_feature_name(r->feature));
			assert_non_null(r->what);
			assert_true(*r->what);
			if (r->obj)
				assert_true(*r->obj->kind && *r->obj->api);
		}
	}
}

/* What ing2gw annotations --target prints: an annotation that lands on a
 * target's own objects names at least one of them. */
static void
test_landings_name_objects(void **state)
{
	const struct prov_provider *const *pv;
	size_t np;

	(void)state;
	pv = prov_list(&np);
	for (size_t i = 0; i < tgt_ntables; i++)
		for (size_t p = 0; p < np; p++)
			for (size_t k = 0; k < pv[p]->count; k++) {
				const struct prov_annotation *a =
					&pv[p]->table[k];
				struct conv_landing l;

				assert_true(conv_annotation_lands(tgt_names[i],
					a, &l));
				if (l.lands == CONV_LANDS_TARGET && !l.nrows)
					fail_msg("'%s' lands on the objects of "
						"target '%s', which names none",
						a->key, tgt_names[i]);
			}
}

/* ---- needs of a lowered IR ----------------------------------------------- */

static const char input[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: web\n"
	"  namespace: shop\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/enable-cors: \"true\"\n"	/* 7 */
	"    nginx.ingress.kubernetes.io/rewrite-target: /\n"	/* 8 */
	"    nginx.ingress.kubernetes.io/mirror-target: http://copy/\n"
	"    nginx.ingress.kubernetes.io/proxy-read-timeout: \"90\"\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"  rules:\n"
	"  - host: a.example.com\n"
	"    http:\n"
	"      paths:\n"
	"      - path: /api\n"
	"        pathType: Prefix\n"
	"        backend: {service: {name: api, port: {number: 80}}}\n";

struct seen {
	const struct doc_set *set;
	struct conv_needs per[4];
};

/* the last, Traefik, writes a Middleware of its own for CORS */
static const struct tgt_table *const asked[4] = { &tgt_gke,
	&tgt_envoy_gateway, &tgt_generic, &tgt_traefik };

/* conv_options.inspect: several targets on the one IR */
static void
inspect(void *ctx, const struct ir *ir)
{
	struct seen *s = ctx;

	for (size_t i = 0; i < ARRAY_LEN(asked); i++)
		conv_target_needs(&s->per[i], ir, asked[i], s->set);
}

static const struct conv_need *
find(const struct conv_needs *n, enum tgt_construct c)
{
	for (size_t i = 0; i < n->len; i++)
		if (n->v[i].info->c == c)
			return &n->v[i];
	return NULL;
}

static void
test_needs_for_several_targets(void **state)
{
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;
	struct conv_result res;
	struct seen s = { 0 };
	struct conv_options o = { .inspect = inspect, .inspect_ctx = &s };
	static const enum tgt_construct want[] = { TGT_C_CORS,
		TGT_C_PATH_REWRITE, TGT_C_MIRROR, TGT_C_BACKEND_TIMEOUT };

	(void)state;
	s.set = set;
	assert_int_equal(doc_set_parse(set, "in.yaml", input, strlen(input),
		&sink), 0);
	assert_int_equal(k8s_objects_collect(&objs, set, &sink), 0);
	assert_int_equal(ing_world_load(&w, set, &objs, &sink), 0);
	assert_int_equal(conv_run(&res, &w, &o, &sink), 0);
	for (size_t t = 0; t < 3; t++) {
		assert_int_equal(s.per[t].len, ARRAY_LEN(want));
		for (size_t i = 0; i < ARRAY_LEN(want); i++) {
			const struct conv_need *n = find(&s.per[t], want[i]);
			bool partial;

			assert_non_null(n);
			assert_string_equal(n->ing->name, "web");
			assert_int_equal(n->support, tgt_supports(asked[t],
				want[i], &partial));
			assert_false(n->access);
			assert_non_null(n->route);
		}
	}
	/* at the annotation that asked for each */
	assert_int_equal(find(&s.per[0], TGT_C_CORS)->pos.line, 7);
	assert_int_equal(find(&s.per[0], TGT_C_PATH_REWRITE)->pos.line, 8);
	assert_int_equal(find(&s.per[0], TGT_C_MIRROR)->pos.line, 9);
	assert_int_equal(find(&s.per[0], TGT_C_BACKEND_TIMEOUT)->pos.line,
		10);
	/* a construct the target's emitter replaces is not needed */
	assert_null(find(&s.per[3], TGT_C_CORS));
	assert_non_null(find(&s.per[3], TGT_C_MIRROR));
	for (size_t t = 0; t < 4; t++)
		conv_needs_release(&s.per[t]);
	conv_result_release(&res);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registries_agree),
		cmocka_unit_test(test_support_matches_reports),
		cmocka_unit_test(test_constructs),
		cmocka_unit_test(test_tables_consistent),
		cmocka_unit_test(test_rows_match_claims),
		cmocka_unit_test(test_landings_name_objects),
		cmocka_unit_test(test_needs_for_several_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
