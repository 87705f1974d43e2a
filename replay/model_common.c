#include "compat.h"

#include "model_common.h"

#include <stdarg.h>

void
replay_say(const struct doc_set *set, struct diag_sink *sink,
	enum diag_severity sev, const char *rule, const struct doc_node *at,
	const char *fmt, ...)
{
	va_list ap;

	if (!sink)
		return;
	va_start(ap, fmt);
	diag_vadd(sink, sev, rule, at ? doc_pos(set, at) :
		(struct src_pos){ 0 }, fmt, ap);
	va_end(ap);
}

void
replay_load_world(const struct doc_set *set, struct k8s_objects *objs,
	struct ing_world *w, struct diag_sink *sink)
{
	struct diag_sink scratch = DIAG_SINK_INIT;

	k8s_objects_collect(objs, set, &scratch);
	/* the world needs a sink: without the caller's, a scratch one */
	ing_world_load(w, set, objs, sink ? sink : &scratch);
	diag_sink_release(&scratch);
}

void
replay_load_ingresses(const struct replay_load *l,
	const struct doc_set *set, struct k8s_objects *objs,
	struct ing_world *w, struct diag_sink *sink)
{
	replay_load_world(set, objs, w, sink);
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = &w->ingresses[i];
		const char *why = NULL;

		if (!ing->name)
			continue;	/* the world said it has none */
		if (l->serves && !l->serves(w, ing, l->without_class, &why)) {
			const char *cls = ing->class_name ? ing->class_name :
				"(none)";

			if (l->who)
				replay_say(set, sink, DIAG_INFO,
					"replay/ingress-other-class",
					ing->obj->root, "Ingress '%s/%s' "
					"(class '%s') is not replayed: %s; %s "
					"does not serve it", ing->ns, ing->name,
					cls, why, l->who);
			else
				replay_say(set, sink, DIAG_INFO,
					"replay/ingress-other-class",
					ing->obj->root, "Ingress '%s/%s' "
					"(class '%s') is not replayed: %s",
					ing->ns, ing->name, cls, why);
			continue;
		}
		l->take(l->arg, ing, i, sink);
	}
}

void
replay_load_release(struct k8s_objects *objs, struct ing_world *w,
	bool world_loaded)
{
	if (world_loaded)
		ing_world_release(w);
	k8s_objects_release(objs);
}

void
replay_matched_ingress(struct replay_decision *d, const struct ingress *ing,
	long rule, long match, const char *file, uint32_t line)
{
	d->has_matched = true;
	d->matched.kind = "Ingress";
	d->matched.namespace = ing->ns;
	d->matched.name = ing->name;
	d->matched.rule = rule;
	d->matched.match = match;
	d->matched.file = file;
	d->matched.line = line;
}
