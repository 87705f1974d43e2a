/*
 * What every target's emitter says about a feature of the IR, in one
 * wording: where it does something of its own, and where it cannot make
 * an access check (fail closed).
 */
#include "compat.h"

#include <stdarg.h>

#include "conv_int.h"
#include "strbuf.h"

void
conv_feature_say(struct conv *c, const char *rule, enum diag_severity sev,
	const struct ir_feature *f, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, conv_pos(c, f->node), "Ingress '%s/%s': "
		"annotation '%s': %s", f->ing->ns, f->ing->name, f->key,
		msg.buf ? msg.buf : "");
	strbuf_release(&msg);
}

void
conv_feature_fail_closed(struct conv *c, const struct ir_feature *f,
	const char *why)
{
	diag_add(c->sink, DIAG_ERROR, "convert/access-control",
		conv_pos(c, f->node), "Ingress '%s/%s': annotation '%s' "
		"restricts who may reach its paths; target '%s' cannot check "
		"it, so they now answer 500", f->ing->ns, f->ing->name, f->key,
		c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, f->node), "%s; on an error "
		"convert writes nothing unless --force", why);
	conv_close(c, f->ing, NULL, false);
}
