#include "compat.h"
#include "targets/support.h"

#include <stdlib.h>
#include <string.h>

const struct tgt_report *
tgt_report_find(const char *target)
{
	for (size_t i = 0; target && i < tgt_nreports; i++)
		if (!strcmp(tgt_reports[i].target, target))
			return &tgt_reports[i];
	return NULL;
}

static int
cmp_str(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

static bool
listed(const char *const *v, size_t n, const char *feature)
{
	return n && bsearch(feature, v, n, sizeof(*v), cmp_str);
}

enum tgt_support
tgt_feature_support(const struct tgt_report *r, const char *feature)
{
	enum tgt_support s = TGT_UNKNOWN;

	for (size_t i = 0; r && i < r->nprofiles; i++) {
		const struct tgt_profile *p = &r->profiles[i];

		if (listed(p->supported, p->nsupported, feature))
			return TGT_SUPPORTED;
		if (listed(p->unsupported, p->nunsupported, feature))
			s = TGT_UNSUPPORTED;
	}
	return s;
}

const struct tgt_profile *
tgt_profile_find(const struct tgt_report *r, const char *profile)
{
	for (size_t i = 0; r && i < r->nprofiles; i++)
		if (!strcmp(r->profiles[i].name, profile))
			return &r->profiles[i];
	return NULL;
}

enum tgt_support
tgt_profile_support(const struct tgt_report *r, const char *profile,
	bool *partial)
{
	const struct tgt_profile *p = tgt_profile_find(r, profile);

	*partial = false;
	if (!p)
		return TGT_UNKNOWN;
	if (!strcmp(p->core, "success"))
		return TGT_SUPPORTED;
	if (!strcmp(p->core, "partial")) {
		*partial = true;
		return TGT_SUPPORTED;
	}
	return TGT_UNSUPPORTED;
}
