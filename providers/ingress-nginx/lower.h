/*
 * ingress-nginx conversion internals shared by lower.c and
 * lower_rewrite.c. Facts: ingress-nginx puts a host in regex mode when a
 * location has use-regex or a rewrite-target other than its path
 * (template.go enforceRegexModifier), and rewrite-target is nginx's
 * `rewrite "(?i)PATH" TARGET break`: the whole URI replaced, $1... the
 * groups of the unanchored, case-insensitive path regex.
 *
 * Ownership: strings returned live in the arena passed in.
 */
#ifndef ING2GW_CONVERT_NGINX_H
#define ING2GW_CONVERT_NGINX_H

#include <stdbool.h>

#include "arena.h"

enum ngx_rw_kind {
	NGX_RW_NONE = 0,	/* not expressible: why says what differs */
	NGX_RW_FULL,		/* URLRewrite ReplaceFullPath replace */
	NGX_RW_PREFIX,		/* PathPrefix prefix + ReplacePrefixMatch */
};

struct ngx_rewrite {
	enum ngx_rw_kind kind;
	const char *prefix;	/* PREFIX: the PathPrefix value */
	const char *replace;
	const char *exact_fix;	/* PREFIX: ReplaceFullPath for Exact prefix */
	const char *why;	/* NONE: the reason */
	const char *note;	/* converted, but this differs */
};

/*
 * How `rewrite "(?i)<path>" <target> break;` in a location `~* ^<path>`
 * maps to URLRewrite, exactly where every request gets the same result.
 */
void ngx_rewrite_plan(struct ngx_rewrite *out, struct arena *a,
	const char *path, const char *target);

/* The regex nginx uses for a location of a host in regex mode. */
const char *ngx_regex_location(struct arena *a, const char *path);

#endif
