#include "compat.h"
#include "audit.h"

#include <stdlib.h>
#include <string.h>

/*
 * The ranking (audit_ranking_rule): most Ingresses exact, fewest blocked,
 * fewest features unsupported, fewest unproven, fewest data-plane
 * defaults that differ or are unknown. The generic target is the
 * baseline: it assumes every feature, so it is no implementation to
 * choose and is not ranked.
 */

/* By the rule only: 0 when a and b share a rank. */
static int
cmp_rule(const struct audit_target *a, const struct audit_target *b)
{
	size_t da = a->ndefaults_differ + a->ndefaults_unknown;
	size_t db = b->ndefaults_differ + b->ndefaults_unknown;

	if (a->counts[AUDIT_EXACT] != b->counts[AUDIT_EXACT])
		return a->counts[AUDIT_EXACT] > b->counts[AUDIT_EXACT] ?
			-1 : 1;
	if (a->counts[AUDIT_BLOCKED] != b->counts[AUDIT_BLOCKED])
		return a->counts[AUDIT_BLOCKED] < b->counts[AUDIT_BLOCKED] ?
			-1 : 1;
	if (a->lacking != b->lacking)
		return a->lacking < b->lacking ? -1 : 1;
	if (a->unproven != b->unproven)
		return a->unproven < b->unproven ? -1 : 1;
	if (da != db)
		return da < db ? -1 : 1;
	return 0;
}

static int
cmp_target(const void *pa, const void *pb)
{
	const struct audit_target *a = *(const struct audit_target *const *)pa;
	const struct audit_target *b = *(const struct audit_target *const *)pb;
	int d = cmp_rule(a, b);

	return d ? d : strcmp(a->t->name, b->t->name);
}

void
audit_rank(struct audit_report *r)
{
	struct audit_target **v = xcalloc(r->ntargets + 1, sizeof(*v));

	r->ranking = xcalloc(r->ntargets + 1, sizeof(*r->ranking));
	r->nranked = 0;
	for (size_t i = 0; i < r->ntargets; i++)
		if (!r->targets[i].t->generic)
			v[r->nranked++] = &r->targets[i];
	if (r->nranked)
		qsort(v, r->nranked, sizeof(*v), cmp_target);
	for (size_t k = 0; k < r->nranked; k++)
		r->ranking[k] = (size_t)(v[k] - r->targets);
	free(v);
	for (size_t k = 0; k < r->nranked; k++) {
		struct audit_target *at = &r->targets[r->ranking[k]];

		/* competition ranking: 1, 1, 3 */
		if (k && !cmp_rule(&r->targets[r->ranking[k - 1]], at))
			at->rank = r->targets[r->ranking[k - 1]].rank;
		else
			at->rank = k + 1;
	}
}
