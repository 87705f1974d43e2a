#include "compat.h"

#include "model_common.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

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
replay_upstream(struct replay_decision *d, const struct replay_request *req,
	const char *path)
{
	d->upstream.method = req->method ? req->method : "GET";
	d->upstream.path = path;
	d->upstream.query = req->query;
	d->upstream.host = req->host;
	for (size_t i = 0; i < req->nheaders; i++)
		replay_decision_hdr_add(d, req->headers[i].name,
			req->headers[i].value);
}

void
replay_one_backend(struct replay_decision *d, const char *ns,
	const char *service, long port)
{
	struct replay_backend b = { .namespace = ns, .name = service,
		.port = port, .weight = 1 };

	replay_decision_add_backend(d, &b);
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

char *
replay_lower_dup(struct arena *a, const char *s)
{
	char *l = arena_strdup(a, s);

	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static void
cert_host(struct arena *a, struct strmap *certs, const char *h)
{
	if (h && *h)
		strmap_put(certs, replay_lower_dup(a, h), (void *)1);
}

void
replay_cert_hosts(struct arena *a, struct strmap *certs,
	const struct ing_world *w, const struct ingress *ing)
{
	for (size_t i = 0; i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];

		if (!t->secret || (w->nsecrets &&
		    !ing_world_has_secret(w, ing->ns, t->secret)))
			continue;
		for (size_t j = 0; j < t->nhosts; j++)
			cert_host(a, certs, t->hosts[j]);
		for (size_t r = 0; !t->nhosts && r < ing->nrules; r++)
			cert_host(a, certs, ing->rules[r].host);
	}
}

const struct ing_service_port *
replay_service_port(const struct ing_service *svc,
	const struct ing_backend *b)
{
	for (size_t i = 0; i < svc->nports; i++) {
		const struct ing_service_port *p = &svc->ports[i];

		if ((!b->port_name && p->port == b->port) || (b->port_name &&
		    p->name && !strcmp(p->name, b->port_name)))
			return p;
	}
	return NULL;
}

const char *
replay_path_unreserved(struct replay_decision *d, const char *path)
{
	size_t n = strlen(path), o = 0;
	char *out;

	if (!strchr(path, '%'))
		return path;
	out = replay_decision_alloc(d, n + 1);
	for (size_t i = 0; i < n; i++) {
		int hi, lo, ch;

		if (path[i] == '%' && i + 2 < n &&
		    (hi = replay_hex_digit(path[i + 1])) >= 0 &&
		    (lo = replay_hex_digit(path[i + 2])) >= 0) {
			ch = hi * 16 + lo;
			if (isalnum(ch) || ch == '-' || ch == '.' ||
			    ch == '_' || ch == '~') {
				out[o++] = (char)ch;
				i += 2;
				continue;
			}
		}
		out[o++] = path[i];
	}
	out[o] = '\0';
	return out;
}
