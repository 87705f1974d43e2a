/*
 * Which Ingress a position lies in: diagnostics carry a position, and the
 * audit charges each to the Ingress whose object contains it (from the
 * object's first node to its last, in the same file).
 *
 * Ownership: the locator owns its array and borrows the world.
 */
#ifndef ING2GW_AUDIT_LOCATE_H
#define ING2GW_AUDIT_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "ingress.h"

struct audit_extent;

struct audit_locator {
	struct audit_extent *v;		/* by file, then start */
	size_t len;
};

void audit_locator_init(struct audit_locator *l, const struct ing_world *w);
/* True, with *index into w->ingresses, when an Ingress contains p. */
bool audit_locate(const struct audit_locator *l, struct src_pos p,
	size_t *index);
void audit_locator_release(struct audit_locator *l);

#endif
