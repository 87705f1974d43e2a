/*
 * What the targets' emitters share: what they say about a feature of the
 * IR, in one wording (where they do something of their own, and where
 * they cannot make an access check: fail closed), their objects' frame,
 * and the Service an auth URL names.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

struct doc_node *
conv_target_object_new(struct conv *c, const struct conv_target_object *k,
	const char *name, const char *ns, const struct ingress *ing)
{
	struct doc_node *o = doc_new_map(c->a), *meta;
	const char *src = ing ? conv_source(c, ing) : NULL;

	doc_map_add_str(c->a, o, "apiVersion", k->api);
	doc_map_add_str(c->a, o, "kind", k->kind);
	meta = doc_map_add_map(c->a, o, "metadata");
	doc_map_add_str(c->a, meta, "name", name);
	doc_map_add_str(c->a, meta, "namespace", ns);
	if (src)
		doc_map_add_str(c->a, doc_map_add_map(c->a, meta,
			"annotations"), CONV_PROVENANCE_ANNOTATION, src);
	return o;
}

bool
conv_auth_service(struct conv *c, const char *u, const char *ing_ns,
	const char **ns, const char **svc, int *port, const char **path,
	bool *https)
{
	const char *h, *e, *colon, *dot, *d2;

	*https = !strncmp(u, "https://", 8);
	if (!*https && strncmp(u, "http://", 7))
		return false;
	h = strstr(u, "://") + 3;
	e = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(e - h));
	*port = colon ? atoi(colon + 1) : *https ? 443 : 80;
	if (*port <= 0 || *port > 65535)
		return false;
	*svc = arena_strndup(c->a, h, (size_t)((colon ? colon : e) - h));
	*ns = ing_ns;
	if ((dot = strchr(*svc, '.'))) {
		d2 = strchr(dot + 1, '.');
		if (!d2 || strncmp(d2, ".svc", 4) || (d2[4] && d2[4] != '.'))
			return false;
		*ns = arena_strndup(c->a, dot + 1, (size_t)(d2 - dot - 1));
		*svc = arena_strndup(c->a, *svc, (size_t)(dot - *svc));
	}
	*path = *e == '/' ? arena_strndup(c->a, e, strcspn(e, "?#")) : "/";
	return **svc != '\0';
}
