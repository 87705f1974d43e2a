/*
 * The support matrix: what each target's implementation proved in its
 * newest Gateway API conformance report. The tables are generated from
 * the reports (targets/support_matrix.c, by tests/tools/support_gen.c);
 * names of features and profiles are spelled as the reports spell them.
 *
 * Ownership: static data.
 */
#ifndef ING2GW_TARGETS_SUPPORT_H
#define ING2GW_TARGETS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

enum tgt_support {
	TGT_UNKNOWN = 0,	/* not in the report: not tested */
	TGT_SUPPORTED,
	TGT_UNSUPPORTED,
};

struct tgt_profile {
	const char *name;		/* "GATEWAY-HTTP" */
	const char *core;		/* "success", "partial", "failure" */
	const char *extended;		/* "" when extended was not run */
	const char *const *supported;	/* extended features, sorted */
	size_t nsupported;
	const char *const *unsupported;
	size_t nunsupported;
	const char *const *skipped;	/* skipped or failed tests */
	size_t nskipped;
};

struct tgt_report {
	const char *target;		/* ing2gw's target name */
	const char *file;		/* "v1.6/<impl>/<file>.yaml" */
	const char *organization, *project, *url;
	const char *version;		/* implementation.version */
	const char *mode;
	const char *api_version;	/* gatewayAPIVersion */
	const char *channel;		/* gatewayAPIChannel */
	const char *date;
	const struct tgt_profile *profiles;
	size_t nprofiles;
};

extern const struct tgt_report tgt_reports[];
extern const size_t tgt_nreports;

/* The report of a target; NULL when none was published. */
const struct tgt_report *tgt_report_find(const char *target);
/* Supported when a profile lists the feature as supported, unsupported
 * when one lists it as unsupported and none as supported. */
enum tgt_support tgt_feature_support(const struct tgt_report *r,
	const char *feature);
/* The profile (GATEWAY-GRPC, ...): supported when its core tests
 * succeeded (partly: *partial true), unsupported when they failed,
 * unknown when the report has no such profile. */
enum tgt_support tgt_profile_support(const struct tgt_report *r,
	const char *profile, bool *partial);
const struct tgt_profile *tgt_profile_find(const struct tgt_report *r,
	const char *profile);

#endif
