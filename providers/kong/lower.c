#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "k8s.h"
#include "providers/kong/annotations.h"
#include "providers/provider.h"
#include "strbuf.h"

/*
 * Kong Ingress Controller 3.x, lowered into the IR: one Kong route per
 * Ingress, host and backend (subtranslator/ingress.go), whose paths KIC
 * writes as Kong paths: Prefix '/p' as '/p/' and '~/p$', Exact as
 * '~/p$', ImplementationSpecific as written (a character prefix, or a
 * regular expression after konghq.com/regex-prefix, '/~' by default); the
 * route's konghq.com keys (strip-path, protocols and the redirect code,
 * header matches, host aliases, rewrite, plugins) and the Service's (path,
 * host-header, protocol, timeouts, retries), each said at its line where
 * Gateway API does otherwise.
 */

#define P PROV_KONG_PREFIX

struct kg_ing {
	const struct ingress *ing;
	struct prov_kong k;
	bool https_only;	/* protocols: HTTPS and no HTTP */
	bool http_only;
	bool none;		/* no HTTP protocol at all */
	int code;		/* the redirect code of https_only */
	const struct doc_node *code_node;
};

struct kg_svc {
	const struct ing_service *svc;
	struct prov_kong k;
	bool said;
};

/* One converted path, for Kong's order of routes (kg_finish). */
struct kg_entry {
	const struct ingress *ing;
	const char *host;		/* NULL: any host */
	bool regex;
	const char *path;		/* the Gateway API match value */
	enum { KE_PREFIX, KE_EXACT, KE_REGEX } kind;
	size_t nfields;			/* headers, methods */
	const char *service;
	int port;
	const struct doc_node *node;
};

struct conv_kong {
	struct kg_entry *entries;
	size_t nentries;
	struct kg_ing **ings;		/* by index in c->w->ingresses */
	struct strmap svcs;		/* "ns/name" -> kg_svc */
	struct k8s_objects objs;	/* KongPlugin, KongClusterPlugin */
	bool objs_loaded;
	const struct ingress *default_by;	/* the default backend's */
};

static struct kg_ing *
kg_of(struct conv *c, const struct ingress *ing)
{
	const struct ingress *base = c->w->ingresses;

	if (!c->kong || ing < base || ing >= base + c->w->ningresses)
		return NULL;
	return c->kong->ings[ing - base];
}

static bool
kg_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_kong_serves(c->w, ing, false);
}

static bool
kg_wants(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_kong;
}

static bool
in_list(const struct prov_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->len; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

static const struct prov_kong_slot *
slot(const struct prov_kong *k, const char *key)
{
	return prov_kong_slot(k, key);
}

static const struct doc_node *
slot_at(const struct prov_kong *k, const char *key)
{
	const struct prov_kong_slot *sl = slot(k, key);

	return sl->key_node ? sl->key_node : sl->node;
}

/* ---- Services ----------------------------------------------------------- */

static struct kg_svc *
svc_of(struct conv *c, const char *ns, const char *name)
{
	struct conv_kong *t = c->kong;
	const char *key = arena_printf(c->a, "%s/%s", ns, name);
	struct kg_svc *s;
	const struct ing_service *svc;

	if ((s = strmap_get(&t->svcs, key)))
		return s;
	if (!(svc = ing_world_service(c->w, ns, name)))
		return NULL;
	s = arena_alloc(c->a, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->svc = svc;
	prov_kong_read(&s->k, c->a, svc->obj ? doc_get(doc_get(svc->obj->root,
		"metadata"), "annotations") : NULL);
	strmap_put(&t->svcs, key, s);
	return s;
}

/* ---- KongPlugins -------------------------------------------------------- */

static bool
kong_group(const char *api)
{
	return api && !strncmp(api, "configuration.konghq.com/", 25);
}

/* The KongPlugin ns/name, else the KongClusterPlugin name. */
static const struct k8s_object *
plugin_object(struct conv *c, const char *ns, const char *name)
{
	struct conv_kong *t = c->kong;
	const struct k8s_object *cluster = NULL;

	if (!t->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&t->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		t->objs_loaded = true;
	}
	for (size_t i = 0; i < t->objs.len; i++) {
		const struct k8s_object *o = &t->objs.items[i];

		if (!o->name || !kong_group(o->api_version) ||
		    strcmp(o->name, name))
			continue;
		if (!strcmp(o->kind, "KongPlugin") && !strcmp(o->ns ? o->ns :
		    "default", ns))
			return o;
		if (!strcmp(o->kind, "KongClusterPlugin"))
			cluster = o;
	}
	return cluster;
}

/* Adds name to the konghq.com/plugins of r. */
static void
route_plugin(struct conv *c, struct route *r, const char *name)
{
	struct ir_annotations *l = &r->annotations;
	struct ir_annotation *v;

	for (size_t i = 0; i < l->len; i++) {
		if (strcmp(l->v[i].key, P "plugins"))
			continue;
		l->v[i].value = arena_printf(c->a, "%s,%s", l->v[i].value,
			name);
		return;
	}
	v = arena_alloc(c->a, (l->len + 1) * sizeof(*v));
	if (l->len)
		memcpy(v, l->v, l->len * sizeof(*v));
	v[l->len] = (struct ir_annotation){ P "plugins", name, r->ing, NULL };
	l->v = v;
	l->len++;
}

/* The plugins of an Ingress or a Service (what: "Ingress", "Service"),
 * for the routes of ing. */
static void
plugins(struct conv *c, const struct ingress *ing, const struct prov_kong *k,
	const char *what, const char *ns, const char *name)
{
	const struct prov_kong_slot *sl = slot(k, "plugins");
	const struct doc_node *at = sl->node ? sl->node : sl->key_node;
	/* --target kong keeps the plugins; the others do not */
	unsigned kong = conv_target_bit(c, &conv_target_kong);
	unsigned others = conv_all_targets(c) & ~kong;

	for (size_t i = 0; i < k->plugins.len; i++) {
		const char *ref = k->plugins.v[i], *colon = strchr(ref, ':');
		const char *pns = colon ? arena_strndup(c->a, ref,
			(size_t)(colon - ref)) : ns;
		const char *pname = colon ? colon + 1 : ref;
		const struct k8s_object *o = plugin_object(c, pns, pname);
		const char *type = o ? doc_str(doc_get(o->root, "plugin")) :
			NULL;

		conv_only(c, kong);
		if (kong && !strcmp(what, "Service")) {
			diag_add(c->sink, DIAG_INFO, "convert/kong",
				conv_pos(c, at), "Service '%s/%s': KongPlugin "
				"'%s' stays on the Service, where KIC reads "
				"konghq.com/plugins for HTTPRoute backends too",
				ns, name, ref);
		} else if (kong) {
			/* route annotations are not marked per target:
			 * only Kong's emitter and the standard objects
			 * (never written by a lowering for several targets)
			 * read them */
			bool any = false;

			for (size_t j = 0; j < c->nroutes; j++)
				if (c->routes[j]->ing == ing &&
				    !c->routes[j]->suffix) {
					route_plugin(c, c->routes[j], ref);
					any = true;
				}
			if (any)
				diag_add(c->sink, DIAG_INFO, "convert/kong",
					conv_pos(c, at), "%s '%s/%s': KongPlugin "
					"'%s'%s%s%s is kept: the HTTPRoutes of "
					"Ingress '%s/%s' name it in their "
					"konghq.com/plugins annotation, which "
					"KIC reads on HTTPRoutes", what, ns,
					name, ref, type ? " (" : "", type ?
					type : "", type ? ")" : "", ing->ns,
					ing->name);
		}
		if (!others)
			continue;
		conv_only(c, others);
		if (prov_kong_access_plugin(type)) {
			diag_add(c->sink, DIAG_ERROR, "convert/access-control",
				conv_pos(c, at), "%s '%s/%s': KongPlugin '%s' "
				"(%s) restricts who may reach the paths of "
				"Ingress '%s/%s'; target '%s' cannot check it, "
				"so they now answer 500", what, ns, name, ref,
				type, ing->ns, ing->name,
				c->target->table->name);
			diag_add_note(c->sink, conv_pos(c, o->root), "the "
				"KongPlugin; to keep the check, convert with "
				"--target kong, or write the implementation's "
				"policy and convert with --force; on an error "
				"convert writes nothing unless --force");
			conv_close(c, ing, NULL, false);
			continue;
		}
		if (o)
			diag_add(c->sink, DIAG_WARNING, "convert/kong-plugin",
				conv_pos(c, at), "%s '%s/%s': KongPlugin '%s' "
				"(%s) is not carried over: the routes of "
				"Ingress '%s/%s' skip it (--target kong keeps "
				"it)", what, ns, name, ref, type ? type :
				"unknown plugin", ing->ns, ing->name);
		else
			diag_add(c->sink, DIAG_WARNING, "convert/kong-plugin",
				conv_pos(c, at), "%s '%s/%s': KongPlugin '%s' "
				"is not carried over and is not in the input, "
				"so what it does is unknown: the routes of "
				"Ingress '%s/%s' skip it; if it checks access "
				"(key-auth, basic-auth, jwt, acl, "
				"ip-restriction, openid-connect ...), the "
				"converted paths are open to anyone: add the "
				"KongPlugin objects to the input", what, ns,
				name, ref, ing->ns, ing->name);
	}
	conv_only(c, conv_all_targets(c));
}

/* ---- annotations -------------------------------------------------------- */

static bool
bookkeeping(const char *key)
{
	return !strcmp(key, "kubernetes.io/ingress.class") ||
		!strcmp(key, "kubectl.kubernetes.io/last-applied-configuration");
}

static const char *
default_text(const struct prov_annotation *a)
{
	return a->def ? a->def : "none";
}

/* What the Service-only, Gateway-only and unknown keys are; false for a
 * key the caller goes on with. */
static bool
key_checks(struct conv *c, const char *what, const char *ns,
	const char *name, const struct prov_kong *k, const struct doc_node *kn,
	const char *key, bool service, const struct prov_annotation **out)
{
	const struct prov_annotation *a;
	const struct prov_kong_slot *sl;
	const char *near;

	*out = NULL;
	if (!(a = prov_kong_lookup(key + strlen(P)))) {
		near = prov_kong_closest(key + strlen(P));
		diag_add(c->sink, DIAG_WARNING, "convert/kong-annotation-"
			"unknown", conv_pos(c, kn), "%s '%s/%s': annotation "
			"'%s' is not a KIC annotation and has no effect%s%s%s",
			what, ns, name, key, near ? "; did you mean '" P : "",
			near ? near : "", near ? "'?" : "");
		return false;
	}
	if (!strcmp(a->key, "gatewayclass-unmanaged") ||
	    !strcmp(a->key, "publish-service") ||
	    (service ? !prov_kong_service_key(a->key) :
	    !prov_kong_ingress_key(a->key))) {
		diag_add(c->sink, DIAG_WARNING, "convert/kong-annotation-"
			"ignored", conv_pos(c, kn), "%s '%s/%s': annotation "
			"'%s' has no effect here: KIC reads it from %s", what,
			ns, name, key, !strcmp(a->key, "gatewayclass-"
			"unmanaged") ? "a GatewayClass" : !strcmp(a->key,
			"publish-service") ? "a Gateway" : service ? "the "
			"Ingress" : "the Service a path names");
		return false;
	}
	if (!strcmp(a->key, "override")) {
		diag_add(c->sink, DIAG_WARNING, "convert/kong-annotation-"
			"ignored", conv_pos(c, kn), "%s '%s/%s': annotation "
			"'%s' names a KongIngress, whose proxy and route "
			"sections KIC 3 no longer applies (its upstream "
			"section: use konghq.com/upstream-policy); it is not "
			"converted", what, ns, name, key);
		return false;
	}
	sl = &k->slots[prov_kong_index(a)];
	if (sl->key_node == kn && sl->bad) {
		diag_add(c->sink, DIAG_WARNING, "convert/kong-annotation-"
			"invalid", conv_pos(c, sl->node ? sl->node : kn),
			"%s '%s/%s': annotation '%s' value '%s' is %s; KIC "
			"logs it and keeps the default (%s), and so does the "
			"conversion", what, ns, name, key, sl->text, sl->why,
			default_text(a));
		return false;
	}
	*out = a;
	return true;
}

static void
not_converted(struct conv *c, const char *what, const char *ns,
	const char *name, const struct doc_node *kn, const char *key,
	const struct prov_annotation *a)
{
	diag_add(c->sink, DIAG_WARNING, "convert/kong-not-converted",
		conv_pos(c, kn), "%s '%s/%s': annotation '%s' (%s) is not "
		"converted; the nearest setting: %s", what, ns, name, key,
		a->desc, a->gateway);
}

static void
report_ingress(struct conv *c, struct kg_ing *ki)
{
	const struct ingress *ing = ki->ing;
	const struct prov_kong *k = &ki->k;

	for (size_t i = 0; i < doc_len(ing->annotations); i++) {
		const struct doc_node *kn = doc_map_key(ing->annotations, i);
		const char *key = doc_str(kn);
		const struct prov_annotation *a;

		if (!key || bookkeeping(key))
			continue;
		if (!strcmp(key, PROV_KONG_SERVICE_UPSTREAM)) {
			diag_add(c->sink, DIAG_WARNING, "convert/kong-annotation-"
				"ignored", conv_pos(c, kn), "Ingress '%s/%s': "
				"annotation '%s' has no effect here: KIC reads "
				"it from the Service", ing->ns, ing->name, key);
			continue;
		}
		if (!strcmp(key, PROV_KONG_FORCE_SSL))
			continue;	/* protocols() */
		if (strncmp(key, P, strlen(P))) {
			conv_report_annotation(c, ing, kn);
			continue;
		}
		if (!key_checks(c, "Ingress", ing->ns, ing->name, k, kn, key,
		    false, &a))
			continue;
		if (a->cls == PROV_CLASS_C_PERF) {
			diag_add(c->sink, DIAG_INFO, "convert/kong-tuning",
				conv_pos(c, kn), "Ingress '%s/%s': annotation "
				"'%s' (%s) is dropped; it does not change which "
				"backend answers; the nearest setting: %s",
				ing->ns, ing->name, key, a->desc, a->gateway);
			continue;
		}
		if (!strcmp(a->key, "snis") || !strcmp(a->key, "path-handling"))
			not_converted(c, "Ingress", ing->ns, ing->name, kn, key,
				a);
		else if (!strcmp(a->key, "preserve-host") && !k->preserve_host)
			diag_add(c->sink, DIAG_WARNING, "convert/kong-preserve-"
				"host", conv_pos(c, kn), "Ingress '%s/%s': with "
				"preserve-host false Kong sent the upstream the "
				"Kong service's host (the Service's cluster "
				"name) as Host; Gateway API keeps the client's "
				"Host (a URLRewrite hostname, or "
				"konghq.com/host-header on the Service, sets a "
				"fixed one)", ing->ns, ing->name);
		else if (!strcmp(a->key, "regex-priority"))
			diag_add(c->sink, DIAG_WARNING, "convert/kong-priority",
				conv_pos(c, kn), "Ingress '%s/%s': regex-priority "
				"%lld orders Kong's regular expression paths; "
				"Gateway API has no priority: it orders matches "
				"by hostname, path type and length, and between "
				"two RegularExpression matches as the "
				"implementation chooses", ing->ns, ing->name,
				k->regex_priority);
	}
	if (k->headers_dropped)
		diag_add(c->sink, DIAG_WARNING, "convert/kong-not-converted",
			conv_pos(c, ing->annotations), "Ingress '%s/%s': more "
			"than %d konghq.com/headers.* annotations; the rest are "
			"not converted", ing->ns, ing->name,
			PROV_KONG_MAX_HEADERS);
}

/* The Service's annotations, said once at the Service. */
static void
report_service(struct conv *c, struct kg_svc *ks)
{
	const struct ing_service *svc = ks->svc;
	const struct doc_node *anns = ks->k.annotations;
	unsigned kong = conv_target_bit(c, &conv_target_kong);

	if (ks->said)
		return;
	ks->said = true;
	for (size_t i = 0; ks->k.service_upstream && i < doc_len(anns); i++) {
		const struct doc_node *kn = doc_map_key(anns, i);

		if (!doc_str(kn) || strcmp(doc_str(kn),
		    PROV_KONG_SERVICE_UPSTREAM))
			continue;
		diag_add(c->sink, DIAG_INFO, "convert/kong-tuning",
			conv_pos(c, kn), "Service '%s/%s': annotation '%s' "
			"(Kong sends to the Service's cluster IP instead of its "
			"endpoints) is dropped; it does not change which "
			"backend answers", svc->ns, svc->name,
			PROV_KONG_SERVICE_UPSTREAM);
	}
	for (size_t i = 0; i < doc_len(anns); i++) {
		const struct doc_node *kn = doc_map_key(anns, i);
		const char *key = doc_str(kn);
		const struct prov_annotation *a;

		if (!key || strncmp(key, P, strlen(P)))
			continue;
		if (!key_checks(c, "Service", svc->ns, svc->name, &ks->k, kn,
		    key, true, &a))
			continue;
		if (!strcmp(a->key, "plugins") || !strcmp(a->key, "path") ||
		    !strcmp(a->key, "host-header") || a->feature)
			continue;	/* with the paths and features */
		if (a->cls == PROV_CLASS_C_PERF)
			continue;
		if (!strcmp(a->key, "protocol")) {
			if (!strcmp(ks->k.protocol, "http") ||
			    !strcmp(ks->k.protocol, "ws"))
				continue;
			diag_add(c->sink, DIAG_WARNING, "convert/kong-backend-"
				"protocol", conv_pos(c, kn), "Service '%s/%s': "
				"Kong spoke %s to the Service; a Gateway speaks "
				"plain HTTP/1 to it unless %s: none is "
				"generated", svc->ns, svc->name,
				ks->k.protocol, strchr(ks->k.protocol, 's') ?
				"a BackendTLSPolicy says how to verify it (its "
				"CA and name)" : "the Service port's "
				"appProtocol or a GRPCRoute says so");
			continue;
		}
		if (kong && !strcmp(a->key, "upstream-policy")) {
			conv_only(c, kong);
			diag_add(c->sink, DIAG_INFO, "convert/kong", conv_pos(c,
				kn), "Service '%s/%s': annotation '%s' stays on "
				"the Service, where KIC reads it for HTTPRoute "
				"backends too", svc->ns, svc->name, key);
			conv_only(c, conv_all_targets(c) & ~kong);
			if (kong == conv_all_targets(c))
				continue;
		}
		not_converted(c, "Service", svc->ns, svc->name, kn, key, a);
		conv_only(c, conv_all_targets(c));
	}
}

/* Timeouts and retries of a Service, as features of the Ingress. */
static void
service_features(struct conv *c, const struct ingress *ing, struct kg_svc *ks)
{
	const struct prov_kong *k = &ks->k;
	const struct ing_service *svc = ks->svc;
	struct ir_feature f;
	unsigned kong = conv_target_bit(c, &conv_target_kong);

	if (k->connect_ms >= 0 || k->read_ms >= 0 || k->write_ms >= 0) {
		const char *key = k->connect_ms >= 0 ? "connect-timeout" :
			k->read_ms >= 0 ? "read-timeout" : "write-timeout";
		long long idle = k->read_ms > k->write_ms ? k->read_ms :
			k->write_ms;
		const struct doc_node *at = slot_at(k, key);

		unsigned policy = conv_claimants(c, IR_FEAT_TIMEOUTS) & ~kong;
		unsigned rest = conv_all_targets(c) & ~kong & ~policy;

		if (kong) {
			conv_only(c, kong);
			diag_add(c->sink, DIAG_INFO, "convert/kong", conv_pos(c,
				at), "Service '%s/%s': its konghq.com timeouts "
				"stay on the Service, where KIC reads them for "
				"HTTPRoute backends too", svc->ns, svc->name);
		}
		if (policy) {
			memset(&f, 0, sizeof(f));
			f.kind = IR_FEAT_TIMEOUTS;
			f.only = policy == conv_all_targets(c) ? 0 : policy;
			f.ing = ing;
			f.key = slot(k, key)->key;
			f.node = at;
			f.u.timeouts.connect = k->connect_ms >= 0 ?
				(k->connect_ms + 999) / 1000 : 0;
			f.u.timeouts.idle = idle >= 0 ? (idle + 999) / 1000 :
				0;
			PUSH(c->features, c->nfeatures, f);
		}
		if (rest) {
			conv_only(c, rest);
			diag_add(c->sink, DIAG_WARNING, "convert/kong-not-"
				"converted", conv_pos(c, at), "Service '%s/%s': "
				"its konghq.com connect, read and write "
				"timeouts (milliseconds) are not converted: "
				"standard Gateway API has only request "
				"timeouts; target '%s' has no policy for them "
				"in ing2gw", svc->ns, svc->name,
				c->target->table->name);
		}
		conv_only(c, conv_all_targets(c));
	}
	if (k->retries >= 0) {
		const struct doc_node *at = slot_at(k, "retries");

		unsigned policy = conv_claimants(c, IR_FEAT_RETRY) & ~kong;
		unsigned rest = conv_all_targets(c) & ~kong & ~policy;

		if (kong) {
			conv_only(c, kong);
			diag_add(c->sink, DIAG_INFO, "convert/kong", conv_pos(c,
				at), "Service '%s/%s': konghq.com/retries stays "
				"on the Service, where KIC reads it for "
				"HTTPRoute backends too", svc->ns, svc->name);
		}
		if (policy) {
			struct ir_retry_cond *on = arena_alloc(c->a,
				2 * sizeof(*on));

			memset(&f, 0, sizeof(f));
			f.kind = IR_FEAT_RETRY;
			f.only = policy == conv_all_targets(c) ? 0 : policy;
			f.ing = ing;
			f.key = slot(k, "retries")->key;
			f.node = at;
			f.u.retry.off = k->retries == 0;
			f.u.retry.tries = k->retries + 1;
			on[0] = (struct ir_retry_cond){ IR_RETRY_ERROR, 0 };
			on[1] = (struct ir_retry_cond){ IR_RETRY_TIMEOUT, 0 };
			f.u.retry.on = on;
			f.u.retry.non = 2;
			f.u.retry.all_methods = true;
			PUSH(c->features, c->nfeatures, f);
		}
		if (rest) {
			conv_only(c, rest);
			diag_add(c->sink, DIAG_WARNING, "convert/kong-not-"
				"converted", conv_pos(c, at), "Service '%s/%s': "
				"konghq.com/retries %lld (Kong retries failed "
				"connections) is not converted: target '%s' "
				"has no retry setting in ing2gw", svc->ns,
				svc->name, k->retries, c->target->table->name);
		}
		conv_only(c, conv_all_targets(c));
	}
}

/* ---- protocols ---------------------------------------------------------- */

static void
protocols(struct conv *c, struct kg_ing *ki)
{
	const struct prov_kong *k = &ki->k;
	bool http = true, https = true;

	ki->code = k->redirect_code;
	ki->code_node = slot_at(k, "https-redirect-status-code");
	if (k->force_ssl) {
		http = false;
		if (!slot(k, "https-redirect-status-code")->key_node ||
		    slot(k, "https-redirect-status-code")->bad) {
			ki->code = 302;
			ki->code_node = k->force_ssl_node;
		}
	}
	if (k->protocols.len) {
		http = in_list(&k->protocols, "http") ||
			in_list(&k->protocols, "ws");
		https = in_list(&k->protocols, "https") ||
			in_list(&k->protocols, "wss");
		if (!http && !https && (in_list(&k->protocols, "grpc") ||
		    in_list(&k->protocols, "grpcs"))) {
			http = in_list(&k->protocols, "grpc");
			https = in_list(&k->protocols, "grpcs");
			diag_add(c->sink, DIAG_WARNING, "convert/kong-not-"
				"converted", conv_pos(c, slot_at(k,
				"protocols")), "Ingress '%s/%s': its routes "
				"take gRPC (konghq.com/protocols %s); they "
				"become HTTPRoutes, which proxy gRPC as HTTP/2 "
				"only where the Service port's appProtocol "
				"says h2c or grpc", ki->ing->ns, ki->ing->name,
				slot(k, "protocols")->text);
		}
	}
	ki->https_only = https && !http;
	ki->http_only = http && !https;
	ki->none = !http && !https;
	if (ki->none)
		diag_add(c->sink, DIAG_WARNING, "convert/kong-not-converted",
			conv_pos(c, slot_at(k, "protocols")), "Ingress "
			"'%s/%s': konghq.com/protocols '%s' takes no HTTP "
			"protocol; its paths are not converted", ki->ing->ns,
			ki->ing->name, slot(k, "protocols")->text);
}

/* ---- paths -------------------------------------------------------------- */

enum kg_kind { KG_PREFIX = 1, KG_EXACT, KG_CHARS, KG_REGEX };

struct kg_path {
	enum kg_kind kind;
	const char *type, *value;	/* the Gateway API match */
	const char *kong;		/* the Kong path(s), for messages */
};

static char *
flatten(struct conv *c, const char *p)
{
	char *out = arena_strdup(c->a, p), *o = out;

	for (const char *s = p; *s; s++) {
		if (*s == '/' && s[1] == '/')
			continue;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static bool
has_regex_chars(const char *s)
{
	return strpbrk(s, ".*+?()[]{}|^$\\") != NULL;
}

static void
plan_path(struct conv *c, const struct kg_ing *ki, const struct ing_path *p,
	struct kg_path *pl)
{
	const char *path = flatten(c, p->path_given && *p->path ? p->path :
		"/");
	const char *rp = ki->k.regex_prefix;
	size_t n;

	memset(pl, 0, sizeof(*pl));
	switch (p->type) {
	case ING_PATH_PREFIX: {
		const char *b = path;

		while (*b == '/')
			b++;
		n = strlen(b);
		while (n && b[n - 1] == '/')
			n--;
		pl->kind = KG_PREFIX;
		pl->type = "PathPrefix";
		if (!n) {
			pl->value = "/";
			pl->kong = "'/'";
		} else {
			pl->value = arena_printf(c->a, "/%.*s", (int)n, b);
			pl->kong = arena_printf(c->a, "'/%.*s/' and '~/%.*s$'",
				(int)n, b, (int)n, b);
		}
		break;
	}
	case ING_PATH_EXACT:
		pl->kind = KG_EXACT;
		pl->type = "Exact";
		while (*path == '/')
			path++;
		pl->value = arena_printf(c->a, "/%s", path);
		pl->kong = arena_printf(c->a, "'~/%s$'", path);
		break;
	default:
		if (*rp && !strncmp(path, rp, strlen(rp))) {
			const char *re = path + strlen(rp);

			n = strlen(re);
			pl->kind = KG_REGEX;
			pl->type = "RegularExpression";
			if (*re == '^')
				re++, n--;
			if (n && re[n - 1] == '$' && (n < 2 ||
			    re[n - 2] != '\\'))
				pl->value = arena_strndup(c->a, re, n - 1);
			else if (n >= 2 && !strcmp(re + n - 2, ".*") &&
			    (n < 3 || re[n - 3] != '\\'))
				pl->value = re;
			else
				pl->value = arena_printf(c->a, "%s.*", re);
			pl->kong = arena_printf(c->a, "'~%s'", path +
				strlen(rp));
		} else {
			pl->kind = KG_CHARS;
			pl->type = "PathPrefix";
			pl->value = path;
			pl->kong = arena_printf(c->a, "'%s'", path);
		}
		break;
	}
}

static void
path_notes(struct conv *c, const struct ingress *ing, const struct ing_path *p,
	const struct kg_path *pl, const struct doc_node *at)
{
	size_t n = strlen(pl->value);

	if (pl->kind == KG_CHARS && n > 1 && pl->value[n - 1] == '/')
		diag_add(c->sink, DIAG_INFO, "convert/kong-prefix", conv_pos(c,
			at), "Ingress '%s/%s': path '%s' (ImplementationSpecific) "
			"is a Kong prefix of characters, which '%.*s' does not "
			"match; the Gateway API PathPrefix '%s' ignores the "
			"trailing '/' and matches '%.*s' too", ing->ns,
			ing->name, pl->value, (int)(n - 1), pl->value,
			pl->value, (int)(n - 1), pl->value);
	else if (pl->kind == KG_CHARS && n > 1)
		diag_add(c->sink, DIAG_INFO, "convert/kong-prefix", conv_pos(c,
			at), "Ingress '%s/%s': path '%s' (ImplementationSpecific) "
			"is a Kong prefix of characters, so '%sx' reached this "
			"backend too; the Gateway API PathPrefix '%s' matches "
			"whole segments ('%s', '%s/...'), so such requests go "
			"elsewhere now", ing->ns, ing->name, pl->value,
			pl->value, pl->value, pl->value, pl->value);
	if ((pl->kind == KG_EXACT || pl->kind == KG_PREFIX) &&
	    has_regex_chars(pl->value))
		diag_add(c->sink, DIAG_WARNING, "convert/kong-path-regex",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' has "
			"characters of regular expressions, and KIC writes it "
			"into the Kong regex path %s unescaped, so Kong matched "
			"other paths too; the Gateway API %s match takes it "
			"literally", ing->ns, ing->name, p->path, pl->kong,
			pl->type);
	if (pl->kind == KG_REGEX)
		diag_add(c->sink, DIAG_WARNING, "convert/kong-path-regex",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is the "
			"Kong regex path %s, a PCRE anchored at the start of "
			"the path; it becomes the RegularExpression '%s' on the "
			"whole path, whose syntax and support belong to the "
			"implementation", ing->ns, ing->name, p->path, pl->kong,
			pl->value);
}

/* Whether the rewrite template has $n captures. */
static bool
has_captures(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '$')
			return true;
	}
	return false;
}

/* The rewrite template without its '\' escapes. */
static const char *
unescape(struct conv *c, const char *s)
{
	char *out = arena_strdup(c->a, s), *o = out;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Joins a service path and a path as Kong's v0 does (one '/'). */
static const char *
join(struct conv *c, const char *base, const char *rest)
{
	size_t n = strlen(base);

	if (!strcmp(base, "/"))
		return rest;
	if (!strcmp(rest, "/") || !*rest)
		return base;
	if (base[n - 1] == '/')
		return arena_printf(c->a, "%.*s%s", (int)(n - 1), base, rest);
	return arena_printf(c->a, "%s%s", base, rest);
}

/*
 * The URLRewrite of a path: konghq.com/rewrite, else strip-path and the
 * Service's path; and the Service's host-header. false: none.
 */
static bool
plan_rewrite(struct conv *c, const struct kg_ing *ki, const struct kg_svc *ks,
	const struct kg_path *pl, const struct doc_node *at,
	struct ir_url_rewrite *rw, const struct doc_node **node)
{
	const struct ingress *ing = ki->ing;
	const struct prov_kong *k = &ki->k;
	const char *spath = ks && ks->k.path ? ks->k.path : "/";
	bool any = false;

	memset(rw, 0, sizeof(*rw));
	*node = NULL;
	if (ks && ks->k.host_header) {
		rw->hostname = ks->k.host_header;
		rw->hostname_node = slot_at(&ks->k, "host-header");
		*node = rw->hostname_node;
		any = true;
	}
	if (k->rewrite && !slot(k, "rewrite")->bad) {
		if (has_captures(k->rewrite)) {
			diag_add(c->sink, DIAG_WARNING, "convert/kong-rewrite",
				conv_pos(c, slot_at(k, "rewrite")), "Ingress "
				"'%s/%s': rewrite '%s' takes captures of the "
				"regex path; standard Gateway API rewrites have "
				"none, so the path is not rewritten", ing->ns,
				ing->name, k->rewrite);
			return any;
		}
		rw->path_kind = IR_PATH_FULL;
		rw->path = unescape(c, k->rewrite);
		*node = slot_at(k, "rewrite");
		return true;
	}
	if (!strcmp(spath, "/") && (!k->strip_path || (pl->kind ==
	    KG_PREFIX && !strcmp(pl->value, "/"))))
		return any;	/* nothing to strip or put before */
	if (pl->kind == KG_REGEX) {
		diag_add(c->sink, DIAG_WARNING, "convert/kong-strip-path",
			conv_pos(c, at), "Ingress '%s/%s': %s the regex path "
			"%s; Gateway API rewrites only prefixes and whole "
			"paths, so the upstream path stays the request's",
			ing->ns, ing->name, k->strip_path ? "strip-path "
			"removes what matched" : "the Service's konghq.com/path "
			"is put before", pl->kong);
		return any;
	}
	*node = k->strip_path ? slot_at(k, "strip-path") : slot_at(&ks->k,
		"path");
	if (pl->kind == KG_EXACT) {
		rw->path_kind = IR_PATH_FULL;
		rw->path = k->strip_path ? spath : join(c, spath, pl->value);
	} else {
		rw->path_kind = IR_PATH_PREFIX;
		rw->path = k->strip_path ? spath : join(c, spath, pl->value);
	}
	return true;
}

static struct route *
route_of(struct conv *c, struct gateway *gw, struct kg_ing *ki,
	const char *host, const struct doc_node *at, struct strmap *said)
{
	const struct ingress *ing = ki->ing;
	const struct listener *l;
	struct route *r;

	if (ki->none)
		return NULL;
	if (ki->https_only) {
		l = conv_https_listener(gw, host);
		if (!l) {
			if (!strmap_get(said, host ? host : "")) {
				strmap_put(said, host ? host : "", (void *)1);
				diag_add(c->sink, DIAG_WARNING, "convert/kong-"
					"https-only", conv_pos(c, at), "Ingress "
					"'%s/%s': its routes take HTTPS only, "
					"which Kong answered with its default "
					"certificate; the Gateway has no HTTPS "
					"listener for host '%s' (no tls section "
					"with a secretName names it), so its "
					"paths are left out: add a tls section "
					"with the certificate", ing->ns,
					ing->name, host ? host : "*");
			}
			return NULL;
		}
		r = conv_route_for(c, gw, ing, host);
		r->section_https = l->hostname;
		return r;
	}
	/* Kong serves plain-HTTP routes on its TLS port too: the runloop
	 * checks only HTTPS-only routes */
	if (!conv_https_listener(gw, host) && !strmap_get(said,
	    arena_printf(c->a, "cert:%s", host ? host : ""))) {
		strmap_put(said, arena_printf(c->a, "cert:%s", host ? host : ""),
			(void *)1);
		if (host)
			diag_add(c->sink, DIAG_INFO, "convert/kong-default-"
				"certificate", conv_pos(c, at), "Ingress "
				"'%s/%s': host '%s' has no certificate in a tls "
				"section; Kong answered HTTPS for it all the "
				"same, with its default certificate, but the "
				"Gateway has HTTPS listeners only for the hosts "
				"of tls sections: add one with the certificate "
				"if clients use HTTPS", ing->ns, ing->name,
				host);
		else
			diag_add(c->sink, DIAG_INFO, "convert/kong-default-"
				"certificate", conv_pos(c, at), "Ingress "
				"'%s/%s': its paths without host answered HTTPS "
				"for every host on Kong's TLS port, with Kong's "
				"default certificate where no tls section has "
				"one; the Gateway answers HTTPS only for the "
				"hosts of its HTTPS listeners", ing->ns,
				ing->name);
	}
	return conv_route_for(c, gw, ing, host);
}

/* The route on HTTP that answers the HTTPS-only paths of host. */
static struct route *
redirect_route(struct conv *c, struct gateway *gw, struct kg_ing *ki,
	const char *host, struct strmap *said)
{
	const struct ingress *ing = ki->ing;
	const char *key = arena_printf(c->a, "redir:%s", host ? host : "");
	struct route *r = strmap_get(said, key);

	if (r)
		return r;
	if (ki->code == 426) {
		if (!strmap_get(said, "426")) {
			strmap_put(said, "426", (void *)1);
			diag_add(c->sink, DIAG_WARNING, "convert/kong-https-"
				"redirect", conv_pos(c, ki->code_node ?
				ki->code_node : slot_at(&ki->k, "protocols")),
				"Ingress '%s/%s': Kong answered plain HTTP "
				"requests for its HTTPS-only routes with 426 "
				"Upgrade Required (https-redirect-status-code "
				"426, the default); Gateway API has no such "
				"answer: the routes are on the HTTPS listeners "
				"only, and HTTP requests get 404 (set the code "
				"to 301, 302, 307 or 308 for a redirect)",
				ing->ns, ing->name);
		}
		return NULL;
	}
	r = conv_route_new(c, gw, ing, host);
	r->suffix = "http-redirect";
	r->section = "http";
	strmap_put(said, key, r);
	return r;
}

/* A rule holds at most 64 matches (the HTTPRoute CRD): a match per
 * combination of header values is written up to this many. */
enum { KONG_MAX_COMBINATIONS = 16 };

/* How many of the headers.* keys the matches take: all, unless their
 * values make too many combinations, then the first. */
static size_t
kong_headers(const struct prov_kong *k)
{
	size_t n = 1;

	for (size_t h = 1; h < k->nheaders; h++)
		if (!k->headers[h].values.len ||
		    (n *= k->headers[h].values.len) > KONG_MAX_COMBINATIONS)
			return 1;
	return k->nheaders;
}

static void
add_match(struct conv *c, struct route *r, const struct match *m0,
	const struct kg_ing *ki, const char *service, int port,
	const char *key, const struct ir_url_rewrite *rw,
	const struct doc_node *rw_node)
{
	const struct prov_kong *k = &ki->k;
	struct match m = *m0;
	size_t nh = kong_headers(k), nv = 1;
	size_t nm = k->methods.len;

	if (nh && !k->headers[0].values.len)
		nh = 0;		/* no value: no header to match */

	/* Kong required every header key, and one of each key's values:
	 * a match per combination of values */
	for (size_t h = 0; h < nh; h++)
		nv *= k->headers[h].values.len;
	for (size_t i = 0; i < nv * (nm ? nm : 1); i++) {
		size_t v = nm ? i / nm : i;
		struct rule *rule;

		if (nh) {
			struct ir_value_match *also = nh > 1 ? arena_alloc(
				c->a, (nh - 1) * sizeof(*also)) : NULL;

			m.header = k->headers[0].name;
			m.header_value = k->headers[0].values.v[v %
				k->headers[0].values.len];
			v /= k->headers[0].values.len;
			for (size_t h = 1; h < nh; h++) {
				const struct prov_kong_header *kh =
					&k->headers[h];

				also[h - 1] = (struct ir_value_match){
					kh->name, kh->values.v[v %
					kh->values.len], false };
				v /= kh->values.len;
			}
			m.also_headers = also;
			m.nalso_headers = nh - 1;
		}
		if (nm) {
			m.method = k->methods.v[i % nm];
			m.method_node = slot_at(k, "methods");
		}
		rule = conv_route_add(c, r, &m, service, port, key);
		if (rw && !rule->nfilters)
			ir_filter_add(&c->ir_arena, rule, IR_FILTER_URL_REWRITE,
				rw_node)->u.rewrite = *rw;
		if (!service && !rule->nfilters) {
			struct ir_redirect *red = &ir_filter_add(&c->ir_arena,
				rule, IR_FILTER_REDIRECT, ki->code_node ?
				ki->code_node : m.node)->u.redirect;

			red->scheme = "https";
			red->code = ki->code;
		}
	}
}

static void
lower_host_path(struct conv *c, struct gateway *gw, struct kg_ing *ki,
	const char *host, const struct doc_node *host_at,
	const struct ing_path *p, int port, struct kg_svc *ks,
	struct strmap *said)
{
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct kg_path pl;
	struct match m = { 0 };
	struct ir_url_rewrite rw;
	const struct doc_node *rw_node;
	const char *why, *key = NULL;
	bool has_rw;
	struct route *r;

	plan_path(c, ki, p, &pl);
	if (pl.kind != KG_REGEX && (why = gwcheck_path(pl.type, pl.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is not a "
			"valid Gateway API %s value (%s); it is left out",
			ki->ing->ns, ki->ing->name, p->path, pl.type, why);
		return;
	}
	if (!(r = route_of(c, gw, ki, host, host_at ? host_at : at, said)))
		return;
	if (!strmap_get(said, arena_printf(c->a, "notes:%p", (const void *)p))) {
		strmap_put(said, arena_printf(c->a, "notes:%p", (const void *)p),
			(void *)1);
		path_notes(c, ki->ing, p, &pl, at);
	}
	m.type = pl.type;
	m.value = pl.value;
	m.node = at;
	if (strcmp(pl.value, p->path))
		m.src = p->path;
	has_rw = plan_rewrite(c, ki, ks, &pl, at, &rw, &rw_node);
	if (has_rw)
		key = arena_printf(c->a, "kong:%s:%s", pl.type, pl.value);
	add_match(c, r, &m, ki, p->backend.service, port, key, has_rw ? &rw :
		NULL, rw_node);
	{
		struct kg_entry e = { .ing = ki->ing, .host = host,
			.regex = pl.kind == KG_REGEX, .path = pl.value,
			.kind = pl.kind == KG_REGEX ? KE_REGEX : pl.kind ==
			KG_EXACT ? KE_EXACT : KE_PREFIX,
			.nfields = (ki->k.nheaders > 0) +
			(ki->k.methods.len > 0), .service = p->backend.service,
			.port = port, .node = at };

		PUSH(c->kong->entries, c->kong->nentries, e);
	}
	if (ki->https_only && (r = redirect_route(c, gw, ki, host, said)))
		add_match(c, r, &m, ki, NULL, 0, "https-redirect", NULL, NULL);
}

static void
lower_path(struct conv *c, struct gateway *gw, struct kg_ing *ki,
	const struct ing_rule *rule, const struct ing_path *p,
	struct strmap *said)
{
	const struct ingress *ing = ki->ing;
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct strbuf where = STRBUF_INIT;
	struct kg_svc *ks = NULL;
	int port = 0;
	bool usable;

	strbuf_addf(&where, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, where.buf, &port);
	strbuf_release(&where);
	if (!usable)
		return;
	if (p->backend.service && (ks = svc_of(c, ing->ns,
	    p->backend.service))) {
		report_service(c, ks);
		if (ks->k.protocol && !prov_kong_protocol(ks->k.protocol))
			return;
	}
	/* KIC's route hosts are the rule's and the aliases: a rule without
	 * host answers for the aliases alone */
	if (rule->host || !ki->k.host_aliases.len)
		lower_host_path(c, gw, ki, rule->host, rule->host_node, p,
			port, ks, said);
	else if (!strmap_get(said, "alias-only")) {
		strmap_put(said, "alias-only", (void *)1);
		diag_add(c->sink, DIAG_WARNING, "convert/kong-not-converted",
			conv_pos(c, slot_at(&ki->k, "host-aliases")), "Ingress "
			"'%s/%s': KIC gives the Kong routes of a rule without "
			"host the host aliases as their only hosts, so those "
			"paths answered for the aliases alone, not for every "
			"host; the conversion does the same", ing->ns,
			ing->name);
	}
	for (size_t i = 0; i < ki->k.host_aliases.len; i++) {
		const char *alias = ki->k.host_aliases.v[i];

		if (rule->host && !strcmp(alias, rule->host))
			continue;
		if (!conv_host_usable(c, ing, alias, slot_at(&ki->k,
		    "host-aliases")))
			continue;
		lower_host_path(c, gw, ki, alias, slot_at(&ki->k,
			"host-aliases"), p, port, ks, said);
	}
	(void)at;
}

static void
default_backend(struct conv *c, struct gateway *gw, struct kg_ing *ki)
{
	const struct ingress *ing = ki->ing;
	const struct ing_backend *b = &ing->default_backend;
	struct match m = { .type = "PathPrefix", .value = "/", .node = b->node };
	struct route *r;
	int port = 0;

	if (!ing->has_default_backend)
		return;
	if (c->kong->default_by != ing) {
		diag_add(c->sink, DIAG_WARNING, "convert/kong-default-backend",
			conv_pos(c, b->node), "Ingress '%s/%s': KIC keeps one "
			"default backend, that of the oldest Ingress with one "
			"(%s/%s); this one is not converted", ing->ns,
			ing->name, c->kong->default_by->ns,
			c->kong->default_by->name);
		return;
	}
	if (!conv_usable_backend(c, ing, b, "spec.defaultBackend", &port))
		return;
	r = conv_route_for(c, gw, ing, NULL);
	(void)conv_route_add_backend(c, r, &m, b, port, NULL);
}

/* ---- the provider ------------------------------------------------------- */

static void
kg_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_kong *t = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct kg_ing *ki;

		if (!ing || !kg_wants(c, ing))
			continue;
		if (!t) {
			t = xcalloc(1, sizeof(*t));
			t->ings = xcalloc(c->w->ningresses + 1,
				sizeof(*t->ings));
			c->kong = t;
		}
		ki = arena_alloc(c->a, sizeof(*ki));
		memset(ki, 0, sizeof(*ki));
		ki->ing = ing;
		prov_kong_read(&ki->k, c->a, ing->annotations);
		t->ings[ing - c->w->ingresses] = ki;
		if (ing->has_default_backend && !t->default_by)
			t->default_by = ing;
	}
}

static bool
kg_accept(struct conv *c, const struct ingress *ing)
{
	const struct prov_trace *tr = c->opts->trace;

	if (kg_of(c, ing) && tr && tr->served)
		tr->served(tr->ctx, ing, PROV_SERVED_OTHER);
	return true;
}

static void
kg_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct kg_ing *ki = kg_of(c, ing);
	struct strmap said = STRMAP_INIT, svcs = STRMAP_INIT;

	if (!ki)
		return;
	report_ingress(c, ki);
	protocols(c, ki);
	if (kong_headers(&ki->k) < ki->k.nheaders)
		diag_add(c->sink, DIAG_WARNING, "convert/kong-not-converted",
			conv_pos(c, ki->k.headers[1].key_node), "Ingress "
			"'%s/%s': Kong matched every konghq.com/headers.* "
			"annotation; their values make more than %d "
			"combinations, so the converted matches take only "
			"'%s', and requests without the others reach the "
			"backends too", ing->ns, ing->name, KONG_MAX_COMBINATIONS,
			ki->k.headers[0].name);
	if (ki->k.rewrite && !slot(&ki->k, "rewrite")->bad)
		diag_add(c->sink, DIAG_WARNING, "convert/kong-rewrite",
			conv_pos(c, slot_at(&ki->k, "rewrite")), "Ingress "
			"'%s/%s': KIC applies konghq.com/rewrite only with its feature "
			"gate RewriteURIs on (otherwise it drops the Kong "
			"service of the paths); the conversion assumes it is "
			"on", ing->ns, ing->name);
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *rule = &ing->rules[r];

		if (!rule->npaths || !conv_host_usable(c, ing, rule->host,
		    rule->host_node))
			continue;
		for (size_t p = 0; p < rule->npaths; p++)
			lower_path(c, gw, ki, rule, &rule->paths[p], &said);
	}
	default_backend(c, gw, ki);
	/* each Service's settings and plugins once per Ingress */
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++) {
			const char *s = ing->rules[r].paths[p].backend.service;
			struct kg_svc *ks;

			if (!s || strmap_get(&svcs, s) ||
			    !(ks = svc_of(c, ing->ns, s)))
				continue;
			strmap_put(&svcs, s, (void *)1);
			service_features(c, ing, ks);
			plugins(c, ing, &ks->k, "Service", ks->svc->ns,
				ks->svc->name);
		}
	plugins(c, ing, &ki->k, "Ingress", ing->ns, ing->name);
	strmap_release(&said);
	strmap_release(&svcs);
}

static bool
same_host(const struct kg_entry *a, const struct kg_entry *b)
{
	return (!a->host && !b->host) || (a->host && b->host &&
		!strcasecmp(a->host, b->host));
}

/* Whether Gateway API's PathPrefix or Exact a takes a request of b's
 * longer path too. */
static bool
covers(const struct kg_entry *a, const struct kg_entry *b)
{
	size_t n = strlen(a->path);

	if (a->kind == KE_REGEX || b->kind == KE_REGEX)
		return false;
	if (a->kind == KE_EXACT)
		return !strcmp(a->path, b->path);
	if (!strcmp(a->path, "/"))
		return true;
	return !strncmp(b->path, a->path, n) && (!b->path[n] ||
		b->path[n] == '/');
}

/*
 * Where Kong's order of routes (traditional_compatible: more fields
 * first, regex paths before plain ones) picks another backend than
 * Gateway API's precedence (the longer path, then headers): said once
 * per pair at the route Kong prefers.
 */
static void
kg_finish(struct conv *c)
{
	struct conv_kong *t = c->kong;
	struct strmap said = STRMAP_INIT;

	if (!t)
		return;
	for (size_t i = 0; i < t->nentries; i++)
		for (size_t j = 0; j < t->nentries; j++) {
			const struct kg_entry *a = &t->entries[i];
			const struct kg_entry *b = &t->entries[j];
			const char *key;

			if (i == j || !same_host(a, b) || (!strcmp(a->service,
			    b->service) && a->port == b->port))
				continue;
			if (a->nfields > b->nfields && !a->regex && !b->regex &&
			    covers(a, b) && strcmp(a->path, b->path)) {
				key = arena_printf(c->a, "f%zu", i);
				if (strmap_get(&said, key))
					continue;
				strmap_put(&said, key, (void *)1);
				diag_add(c->sink, DIAG_WARNING,
					"convert/kong-priority", conv_pos(c,
					a->node), "Ingress '%s/%s': path '%s' "
					"matches headers or methods, so its Kong "
					"route comes before the longer path '%s' "
					"of Ingress '%s/%s' (Kong counts the "
					"fields first): Kong sent the requests of "
					"'%s' that match both to Service '%s'; "
					"Gateway API prefers the longer path, "
					"Service '%s'", a->ing->ns, a->ing->name,
					a->path, b->path, b->ing->ns,
					b->ing->name, b->path, a->service,
					b->service);
				diag_add_note(c->sink, conv_pos(c, b->node),
					"the longer path");
			} else if (a->regex && !b->regex &&
			    a->nfields >= b->nfields) {
				key = arena_printf(c->a, "r%s",
					a->host ? a->host : "");
				if (strmap_get(&said, key))
					continue;
				strmap_put(&said, key, (void *)1);
				diag_add(c->sink, DIAG_WARNING,
					"convert/kong-priority", conv_pos(c,
					a->node), "Ingress '%s/%s': Kong tries "
					"the regular expression paths of host "
					"'%s' before its plain paths ('%s' of "
					"Ingress '%s/%s' among them), whatever "
					"their length; Gateway API ranks "
					"RegularExpression matches as the "
					"implementation chooses, usually after "
					"Exact and PathPrefix: a request both "
					"match may reach another Service",
					a->ing->ns, a->ing->name, a->host ?
					a->host : "*", b->path, b->ing->ns,
					b->ing->name);
				diag_add_note(c->sink, conv_pos(c, b->node),
					"a plain path of the host");
			}
		}
	strmap_release(&said);
}

static void
kg_release(struct conv *c)
{
	struct conv_kong *t = c->kong;

	if (!t)
		return;
	free(t->ings);
	free(t->entries);
	strmap_release(&t->svcs);
	k8s_objects_release(&t->objs);
	free(t);
	c->kong = NULL;
}

/* Kong Gateway 3's data plane as KIC configures it (the tokens of
 * targets/target.h, the same as the kong target's table). */
static const struct tgt_behaviour kong_defaults[] = {
	{ TGT_A_BODY_SIZE, "none", "no limit "
	  "(nginx_http_client_max_body_size 0)", NULL, false },
	{ TGT_A_UNDERSCORES, "allow", "passed to the backends "
	  "(underscores_in_headers on)", NULL, false },
	{ TGT_A_XFF, "append", "the client address appended (trusted_ips "
	  "decide which address is the client's)", NULL, false },
	{ TGT_A_TIMEOUT, "none", "none for the whole request, 60 s between "
	  "two reads or writes (konghq.com/read-timeout, write-timeout)",
	  NULL, false },
	{ TGT_A_RETRY, "5", "5 retries of a failed connection "
	  "(konghq.com/retries)", NULL, false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1", NULL, false },
	{ TGT_A_LOAD_BALANCING, "round-robin", "round-robin", NULL, false },
};

const struct conv_provider conv_provider_kong = {
	.name = "kong",
	.summary = "Kong Ingress Controller 3.x: its konghq.com annotations "
		"and Kong's routes",
	.serves = kg_serves,
	.begin = kg_begin,
	.accept = kg_accept,
	.lower = kg_lower,
	.finish = kg_finish,
	.release = kg_release,
	.defaults = kong_defaults,
	.ndefaults = ARRAY_LEN(kong_defaults),
	.shares_lowering = true,
};
