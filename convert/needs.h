/*
 * What the lowered IR needs of a target. Every construct of the output
 * that needs more than the core of GATEWAY-HTTP (an extended feature, or
 * a profile such as GATEWAY-GRPC; targets/target.h lists them) is one
 * entry: the construct and its feature as the conformance reports spell
 * it, where it comes from (the Ingress and the node of the annotation,
 * path or TLS host that asked for it), whether the target supports it,
 * and whether it checks access (then the conversion fails closed without
 * it). convert's diagnostics (convert/target-unsupported, convert/access-
 * control, convert/target-unproven) are made from this list.
 *
 * The list depends on the IR and the target only: an audit lowers once
 * (conv_options.inspect hands it the IR) and calls conv_target_needs for
 * as many targets as it wants, then conv_needs_release.
 *
 * Ownership: the list is the caller's (conv_needs_release); its pointers
 * borrow from the IR and the static tables.
 */
#ifndef ING2GW_CONVERT_NEEDS_H
#define ING2GW_CONVERT_NEEDS_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "ir/ir.h"
#include "targets/target.h"

struct conv_need {
	const struct tgt_construct_info *info;	/* construct, feature,
						 * profile?, access? */
	const struct ingress *ing;	/* what asked for it (an Ingress, or
					 * the object a provider read) */
	const struct doc_node *node;	/* where: annotation, path, host */
	struct src_pos pos;		/* node's position (with a doc_set) */
	const struct gateway *gw;	/* the Gateway it is on */
	const struct route *route;	/* NULL: a construct of the Gateway */
	enum tgt_support support;	/* of the target asked about */
	bool partial;			/* a profile whose core passed
					 * only in part */
	bool access;			/* access control (info->access) */
};

struct conv_needs {
	struct conv_need *v;
	size_t len;
};

#define CONV_NEEDS_INIT { 0 }

/*
 * The needs of ir for target t, one entry per construct and position, in
 * the IR's order (Gateways, then routes, then BackendTLSPolicies). With
 * set, each entry's pos is filled in. Appends to out.
 */
void conv_target_needs(struct conv_needs *out, const struct ir *ir,
	const struct tgt_table *t, const struct doc_set *set);
void conv_needs_release(struct conv_needs *n);

/*
 * What convert reports for the entry (convert/target_check.c): an error
 * for access control the target does not support (the conversion fails
 * closed), a warning for another construct it does not support or for
 * access control its report does not test, an info where its report does
 * not test the construct or passed the profile's core only in part; 0
 * where nothing is said (supported, or the generic target).
 */
enum diag_severity conv_need_severity(const struct conv_need *n,
	const struct tgt_table *t);

#endif
