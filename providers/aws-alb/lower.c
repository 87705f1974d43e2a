#include "compat.h"
#include "convert/conv_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "convert/gwcheck.h"
#include "k8s.h"
#include "providers/aws-alb/annotations.h"
#include "strbuf.h"

/*
 * The AWS Load Balancer Controller, lowered into the IR. The controller
 * makes one ALB per IngressGroup (group.name, else the Ingress alone) and
 * one listener rule per Ingress path, numbered in the order it finds them
 * (model_build_listener_rules.go): the group's Ingresses by group.order,
 * then namespace/name; in an Ingress, its rules in order, and in a rule
 * its Exact paths, its Prefix paths longest first, then its
 * ImplementationSpecific paths as written. ALB evaluates the rules of a
 * listener by that priority and the first that matches wins. Gateway API
 * orders matches by specificity instead, so wherever an earlier rule
 * catches what a more specific later one names, the winner changes: the
 * finish step says so at the later path.
 */

struct alb_rule {
	const struct ingress *ing;
	const char *group;		/* the IngressGroup's key */
	size_t seq;			/* ALB priority order in the group */
	const char *host;		/* NULL: any host */
	const char *pats[2];		/* ALB path patterns */
	size_t npats;
	bool regex;			/* use-regex-path-match */
	/* the Gateway API match */
	const char *type;		/* "Exact", "PathPrefix", "Regular..." */
	const char *value;
	bool header;			/* a header condition */
	bool http, https;		/* listeners */
	const char *path;		/* as written */
	const struct doc_node *node;
	bool deflt;			/* the default action (defaultBackend) */
};

struct alb_ing {
	const struct ingress *ing;
	struct prov_alb_settings s;
	const char *group;		/* group key */
	bool http, https;		/* its listen ports' protocols */
	bool group_redirect;		/* ssl-redirect in its group */
	long long redirect_port;
	const struct doc_node *redirect_node;
	bool closed;			/* its Ingress-wide auth was said */
	bool lowering_default;		/* lowering its defaultBackend */
	/* the IngressClassParams of its IngressClass, or NULL */
	const struct k8s_object *params;
	bool params_refused;		/* its namespaceSelector refuses it */
};

struct conv_alb {
	struct alb_ing **ings;		/* by index in the world */
	struct alb_rule *rules;
	size_t nrules;
	size_t seq;
	struct strmap svcs;		/* "ns/name" -> prov_alb_settings */
	struct strmap redirected;	/* "gw\nhost" -> 1 */
	struct k8s_objects objs;	/* IngressClassParams */
	bool objs_loaded;
};

static struct alb_ing *
alb_of(struct conv *c, const struct ingress *ing)
{
	if (!c->alb)
		return NULL;
	return c->alb->ings[ing - c->w->ingresses];
}

static bool
alb_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_alb_serves(c->w, ing);
}

/* ---- the group order (group_loader.go sortGroupMembers) ---------------- */

static const char *
ann(const struct ingress *ing, const char *key)
{
	char full[128];
	const struct doc_node *n;

	snprintf(full, sizeof(full), "%s%s", PROV_ALB_PREFIX, key);
	n = ing->annotations ? doc_get(ing->annotations, full) : NULL;
	return n ? doc_str(n) : NULL;
}

static long long
order_of(const struct ingress *ing)
{
	const char *t = ann(ing, "group.order");
	long long v = 0;

	if (!t || !prov_str_int(t, &v) || v < PROV_ALB_ORDER_MIN ||
	    v > PROV_ALB_ORDER_MAX)
		return 0;
	return v;
}

/* The controller's order of two Ingresses in a group (groups by name,
 * implicit ones after; then group.order, namespace/name). */
static int
ing_order(const struct ingress *a, const struct ingress *b)
{
	const char *ga = ann(a, "group.name"), *gb = ann(b, "group.name");
	long long oa = order_of(a), ob = order_of(b);
	int r;

	/* groups first by name (implicit groups after), then order */
	if ((ga != NULL) != (gb != NULL))
		return ga ? -1 : 1;
	if (ga && (r = strcmp(ga, gb)))
		return r;
	if (oa != ob)
		return oa < ob ? -1 : 1;
	if ((r = strcmp(a->ns, b->ns)))
		return r;
	return strcmp(a->name, b->name);
}

/* ---- reading ------------------------------------------------------------ */

static const struct doc_node *
key_node(const struct alb_ing *ai, const char *key)
{
	const struct prov_alb_slot *sl = prov_alb_slot(&ai->s, key);

	return sl ? sl->key_node : NULL;
}

static const struct prov_alb_settings *
svc_settings(struct conv *c, const char *ns, const char *name)
{
	char *k = arena_printf(c->a, "%s/%s", ns, name);
	struct prov_alb_settings *s = strmap_get(&c->alb->svcs, k);
	const struct ing_service *svc;
	const struct doc_node *anns;

	if (s)
		return s;
	s = arena_alloc(c->a, sizeof(*s));
	svc = ing_world_service(c->w, ns, name);
	anns = svc && svc->obj ? doc_path(svc->obj->root,
		"metadata.annotations") : NULL;
	prov_alb_parse(s, c->a, c->w->set, anns, "Service", ns, name,
		c->sink);
	strmap_put(&c->alb->svcs, k, s);
	return s;
}

/* A key of the Service of a path, else of the Ingress (the Service's
 * annotations come first: annotations.md). */
static const struct prov_alb_slot *
svc_or_ing(struct conv *c, const struct alb_ing *ai, const char *svc,
	const char *key)
{
	const struct prov_alb_slot *sl = NULL;

	if (svc)
		sl = prov_alb_slot(svc_settings(c, ai->ing->ns, svc), key);
	return sl ? sl : prov_alb_slot(&ai->s, key);
}

/* ---- begin: settings, groups, listen ports ---------------------------- */

static void
ports_of(struct alb_ing *ai)
{
	if (ai->s.nports) {
		for (size_t i = 0; i < ai->s.nports; i++) {
			if (ai->s.ports[i].https)
				ai->https = true;
			else
				ai->http = true;
		}
		return;
	}
	/* the default: HTTPS 443 with certificates (certificate-arn, or
	 * discovered for the tls hosts), else HTTP 80 */
	if (ai->s.has_certificate || ai->ing->ntls)
		ai->https = true;
	else
		ai->http = true;
}

/* The IngressClassParams (elbv2.k8s.aws) spec.parameters of ing's
 * IngressClass names, or NULL. */
static const struct k8s_object *
class_params(struct conv *c, struct conv_alb *t, const struct ingress *ing)
{
	const struct ing_class *cls = ing->class_name ?
		ing_world_class(c->w, ing->class_name) : NULL;
	const struct doc_node *p;
	const char *kind, *name;

	if (ing->class_annotation || !cls || !cls->obj)
		return NULL;
	p = doc_path(cls->obj->root, "spec.parameters");
	kind = p ? doc_str(doc_get(p, "kind")) : NULL;
	name = p ? doc_str(doc_get(p, "name")) : NULL;
	if (!kind || !name || strcmp(kind, "IngressClassParams"))
		return NULL;
	if (!t->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&t->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		t->objs_loaded = true;
	}
	for (size_t i = 0; i < t->objs.len; i++) {
		const struct k8s_object *o = &t->objs.items[i];

		if (o->name && !strcmp(o->kind, "IngressClassParams") &&
		    !strcmp(o->name, name) && o->api_version &&
		    !strncmp(o->api_version, "elbv2.k8s.aws/", 14))
			return o;
	}
	return NULL;
}

/* spec.namespaceSelector matchLabels of the params, against the
 * Namespace object of ns in the input (absent: taken as matching). */
static bool
params_admit(struct conv *c, struct conv_alb *t, const struct k8s_object *pa,
	const char *ns)
{
	const struct doc_node *ml = doc_path(pa->root,
		"spec.namespaceSelector.matchLabels");
	const struct doc_node *labels = NULL;
	bool found = false;

	if (!ml || !doc_is_map(ml))
		return true;
	for (size_t i = 0; i < t->objs.len; i++) {
		const struct k8s_object *o = &t->objs.items[i];

		if (o->name && !strcmp(o->kind, "Namespace") &&
		    !strcmp(o->name, ns)) {
			found = true;
			labels = o->metadata ? doc_get(o->metadata, "labels") :
				NULL;
		}
	}
	if (!found)
		return true;
	for (size_t i = 0; i < doc_len(ml); i++) {
		const char *k = doc_str(doc_map_key(ml, i));
		const char *v = doc_str(doc_map_value(ml, i));
		const char *have = labels && k ? doc_str(doc_get(labels, k)) :
			NULL;

		if (!have || !v || strcmp(have, v))
			return false;
	}
	(void)c;
	return true;
}

static void
alb_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_alb *t = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct alb_ing *ai;

		if (!ing || conv_provider_of(c, ing) != &conv_provider_alb)
			continue;
		if (!t) {
			t = xcalloc(1, sizeof(*t));
			t->ings = xcalloc(c->w->ningresses + 1,
				sizeof(*t->ings));
			c->alb = t;
		}
		ai = arena_alloc(c->a, sizeof(*ai));
		ai->ing = ing;
		prov_alb_parse(&ai->s, c->a, c->w->set, ing->annotations,
			"Ingress", ing->ns, ing->name, c->sink);
		ai->group = ai->s.group ? ai->s.group : arena_printf(c->a,
			"%s/%s", ing->ns, ing->name);
		ai->params = class_params(c, t, ing);
		if (ai->params) {
			const char *g = doc_str(doc_path(ai->params->root,
				"spec.group.name"));

			/* the params' group outranks group.name */
			if (g && prov_alb_group_name_ok(g))
				ai->group = g;
			ai->params_refused = !params_admit(c, t, ai->params,
				ing->ns);
		}
		ports_of(ai);
		t->ings[ing - c->w->ingresses] = ai;
	}
	if (!t)
		return;
	/* ssl-redirect is exclusive in a group: one Ingress's applies to
	 * every Ingress of the group */
	for (size_t i = 0; i < c->w->ningresses; i++) {
		struct alb_ing *ai = t->ings[i];

		if (!ai || !ai->s.ssl_redirect)
			continue;
		for (size_t j = 0; j < c->w->ningresses; j++) {
			struct alb_ing *o = t->ings[j];

			if (!o || strcmp(o->group, ai->group) ||
			    o->group_redirect)
				continue;
			o->group_redirect = true;
			o->redirect_port = ai->s.ssl_redirect;
			o->redirect_node = key_node(ai, "ssl-redirect");
		}
	}
}

static bool
alb_accept(struct conv *c, const struct ingress *ing)
{
	struct alb_ing *ai = alb_of(c, ing);
	const struct prov_trace *tr = c->opts->trace;

	if (!ai)
		return true;
	/* not ingress-nginx's: the decisions test compares it as such */
	if (tr && tr->served)
		tr->served(tr->ctx, ing, PROV_SERVED_OTHER);
	if (!ai->params_refused)
		return true;
	diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-ingress-refused",
		conv_pos(c, ing->obj->root), "Ingress '%s/%s' is not "
		"converted: the namespaceSelector of IngressClassParams '%s' "
		"does not select namespace '%s', so the controller refuses "
		"the Ingress and none of its paths are served", ing->ns,
		ing->name, ai->params->name, ing->ns);
	diag_add_note(c->sink, conv_pos(c, ai->params->root), "the "
		"IngressClassParams");
	return false;
}

/* ---- what is not converted ---------------------------------------------- */

static void
warn_key(struct conv *c, const struct alb_ing *ai, const char *rule,
	enum diag_severity sev, const struct doc_node *at, const char *key,
	const char *fmt, ...) ING2GW_PRINTF(7, 8);

static void
warn_key(struct conv *c, const struct alb_ing *ai, const char *rule,
	enum diag_severity sev, const struct doc_node *at, const char *key,
	const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, rule, conv_pos(c, at ? at :
		ai->ing->obj->root), "Ingress '%s/%s': annotation '%s%s': %s",
		ai->ing->ns, ai->ing->name, PROV_ALB_PREFIX, key,
		sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/* Access control the target cannot express: an error, the routes closed
 * (convert/access-control). */
static void
close_for(struct conv *c, const struct alb_ing *ai, const char *key,
	const struct doc_node *at, const char *what)
{
	diag_add(c->sink, DIAG_ERROR, "convert/access-control",
		conv_pos(c, at ? at : ai->ing->obj->root), "Ingress '%s/%s': "
		"annotation '%s%s' %s; target '%s' cannot check it, so its "
		"paths now answer 500", ai->ing->ns, ai->ing->name,
		PROV_ALB_PREFIX, key, what, c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, at ? at : ai->ing->obj->root),
		"keep the check with the implementation's own policy and "
		"convert with --force; on an error convert writes nothing "
		"unless --force");
	conv_close(c, ai->ing, NULL, false);
}

static bool
open_cidrs(const char *t)
{
	const char *p = t;
	bool any = false;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char item[64];
		size_t k = 0;

		for (size_t i = 0; i < n && k + 1 < sizeof(item); i++)
			if (!isspace((unsigned char)p[i]))
				item[k++] = p[i];
		item[k] = 0;
		if (k) {
			if (strcmp(item, "0.0.0.0/0") && strcmp(item, "::/0"))
				return false;
			any = true;
		}
		p = e ? e + 1 : NULL;
	}
	return any;
}

static void
split_list(struct conv *c, const char *t, struct ir_strings *out)
{
	const char *p = t;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *s = p;

		while (n && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n) {
			const char **v = arena_alloc(c->a, (out->len + 1) *
				sizeof(*v));

			if (out->len)
				memcpy(v, out->v, out->len * sizeof(*v));
			v[out->len++] = arena_strndup(c->a, s, n);
			out->v = v;
		}
		p = e ? e + 1 : NULL;
	}
}

static struct ir_feature *
feature(struct conv *c, const struct alb_ing *ai, enum ir_feature_kind k,
	const char *key)
{
	const struct prov_alb_slot *sl = prov_alb_slot(&ai->s, key);
	struct ir_feature f = { .kind = k, .ing = ai->ing };

	f.key = sl ? sl->key : arena_printf(c->a, "%s%s", PROV_ALB_PREFIX,
		key);
	f.node = sl ? sl->key_node : ai->ing->obj->root;
	PUSH(c->features, c->nfeatures, f);
	return &c->features[c->nfeatures - 1];
}

static bool
mtls_verify(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err), *it;
	size_t i;
	bool verify = false;

	if (json_is_array(j))
		json_array_foreach(j, i, it) {
			const char *m = json_string_value(prov_alb_jget(it,
				"mode"));

			if (m && !strcmp(m, "verify"))
				verify = true;
		}
	json_decref(j);
	return verify;
}

/* The load balancer's own access control: security groups, WAF,
 * inbound-cidrs are exclusive settings of the IngressGroup, so one
 * Ingress's apply to every Ingress of the group. */
static void
group_access(struct conv *c, const struct alb_ing *ai, const struct alb_ing *m)
{
	static const char *const security[] = { "wafv2-acl-arn",
		"wafv2-acl-name", "waf-acl-id", "web-acl-id" };
	static const char *const groups[] = { "security-groups",
		"frontend-nlb-security-groups", "security-group-prefix-lists" };
	const struct prov_alb_slot *sl;
	const char *of = m == ai ? "" : arena_printf(c->a, " (set on "
		"Ingress '%s/%s' of its IngressGroup '%s', it applies to the "
		"whole load balancer)", m->ing->ns, m->ing->name, m->group);

	for (size_t i = 0; i < ARRAY_LEN(security); i++)
		if ((sl = prov_alb_slot(&m->s, security[i])) && *sl->text)
			close_for(c, ai, security[i], sl->key_node,
				arena_printf(c->a, "applies a web ACL (AWS WAF) "
				"that filters the requests%s", of));
	for (size_t i = 0; i < ARRAY_LEN(groups); i++)
		if ((sl = prov_alb_slot(&m->s, groups[i])) && *sl->text)
			close_for(c, ai, groups[i], sl->key_node, arena_printf(
				c->a, "sets the security groups that decide "
				"which clients may connect%s", of));
	if ((sl = prov_alb_slot(&m->s, "inbound-cidrs")) && !sl->bad &&
	    !open_cidrs(sl->text)) {
		unsigned unchecked = conv_unclaimed(c, IR_FEAT_IP_ACCESS);

		if (conv_target_claims(c, IR_FEAT_IP_ACCESS)) {
			struct ir_feature *f = feature(c, ai,
				IR_FEAT_IP_ACCESS, "inbound-cidrs");

			f->key = sl->key;
			f->node = sl->key_node;
			split_list(c, sl->text, &f->u.ip.allow);
		}
		if (unchecked) {
			conv_only(c, unchecked);
			close_for(c, ai, "inbound-cidrs", sl->key_node,
				arena_printf(c->a, "admits only these client "
				"addresses%s", of));
			conv_only(c, conv_all_targets(c));
		}
	}
}

/* The same fields of the IngressClassParams of the Ingress's class. */
static void
params_access(struct conv *c, const struct alb_ing *ai)
{
	static const char *const fields[] = { "spec.inboundCIDRs",
		"spec.wafv2AclArn", "spec.wafv2AclName", "spec.prefixListsIDs",
		"spec.PrefixListsIDs" };
	const struct doc_node *n;

	if (!ai->params)
		return;
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		bool open = false;

		n = doc_path(ai->params->root, fields[i]);
		if (!n || doc_is_null(n) || (doc_is_scalar(n) &&
		    !*doc_str(n)) || (doc_is_seq(n) && !doc_len(n)))
			continue;
		if (i == 0 && doc_is_seq(n)) {
			open = true;
			for (size_t k = 0; k < doc_len(n); k++) {
				const char *v = doc_str(doc_item(n, k));

				if (!v || (strcmp(v, "0.0.0.0/0") &&
				    strcmp(v, "::/0")))
					open = false;
			}
		}
		if (open)
			continue;
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, n), "Ingress '%s/%s': %s of "
			"IngressClassParams '%s' (its IngressClass's parameters) "
			"restricts who may reach the load balancer; target '%s' "
			"cannot check it, so its paths now answer 500",
			ai->ing->ns, ai->ing->name, fields[i] + 5,
			ai->params->name, c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, n), "keep the check with "
			"the implementation's own policy and convert with "
			"--force; on an error convert writes nothing unless "
			"--force");
		conv_close(c, ai->ing, NULL, false);
	}
}

static void
access_control(struct conv *c, const struct alb_ing *ai)
{
	const struct prov_alb_slot *sl;

	for (size_t i = 0; i < c->w->ningresses; i++) {
		const struct alb_ing *m = c->alb->ings[i];

		if (m && !strcmp(m->group, ai->group))
			group_access(c, ai, m);
	}
	params_access(c, ai);
	if ((sl = prov_alb_slot(&ai->s, "mutual-authentication")) &&
	    !sl->bad) {
		if (mtls_verify(sl->text))
			close_for(c, ai, "mutual-authentication", sl->key_node,
				"verifies client certificates against an ACM "
				"trust store");
		else if (strstr(sl->text, "passthrough"))
			warn_key(c, ai, "convert/aws-alb-not-converted",
				DIAG_WARNING, sl->key_node,
				"mutual-authentication", "passthrough mode sends "
				"the client certificate to the targets in "
				"X-Amzn-Mtls-Clientcert headers; the Gateway "
				"does not");
	}
	if ((sl = prov_alb_slot(&ai->s, "shield-advanced-protection"))) {
		bool on = false;

		if (prov_str_bool(sl->text, &on) && on)
			warn_key(c, ai, "convert/aws-alb-not-converted",
				DIAG_WARNING, sl->key_node,
				"shield-advanced-protection", "AWS Shield "
				"Advanced protected the load balancer; the "
				"Gateway's address is not protected");
	}
}

/* auth-type and jwt-validation of a path: its Service's, else the
 * Ingress's. The Ingress's closes all its routes (once); a Service's
 * closes that path: true when the caller adds it without backend. */
static bool
path_auth(struct conv *c, struct alb_ing *ai, const char *svc,
	struct strmap *said)
{
	const struct prov_alb_slot *sl = svc_or_ing(c, ai, svc, "auth-type");
	const struct prov_alb_slot *jw = svc_or_ing(c, ai, svc,
		"jwt-validation");
	const char *what;
	bool own;

	if (sl && !sl->bad && strcmp(sl->text, "none"))
		what = !strcmp(sl->text, "cognito") ? "authenticates users "
			"with Amazon Cognito" : "authenticates users with an "
			"OIDC provider";
	else if (jw && *jw->text)
		what = "validates a JWT bearer token", sl = jw;
	else
		return false;
	own = sl == prov_alb_slot(&ai->s, sl == jw ? "jwt-validation" :
		"auth-type");
	if (own) {
		if (!ai->closed)
			close_for(c, ai, sl == jw ? "jwt-validation" :
				"auth-type", sl->key_node, what);
		ai->closed = true;
		return false;	/* conv_close takes the backends */
	}
	if (!strmap_get(said, arena_printf(c->a, "auth\n%s", svc))) {
		strmap_put(said, arena_printf(c->a, "auth\n%s", svc),
			(void *)1);
		diag_add(c->sink, DIAG_ERROR, "convert/access-control",
			conv_pos(c, sl->key_node), "Ingress '%s/%s': annotation "
			"'%s' of Service '%s' %s; target '%s' cannot check it, "
			"so the paths to the Service now answer 500",
			ai->ing->ns, ai->ing->name, sl->key, svc, what,
			c->target->table->name);
		diag_add_note(c->sink, conv_pos(c, sl->key_node), "keep the "
			"check with the implementation's own policy and convert "
			"with --force; on an error convert writes nothing "
			"unless --force");
	}
	return true;
}

static void
lb_attributes(struct conv *c, const struct alb_ing *ai)
{
	const struct prov_alb_slot *sl = prov_alb_slot(&ai->s,
		"load-balancer-attributes");
	const char *idle;
	long long v;
	unsigned dropped = conv_all_targets(c);	/* the targets it is lost on */

	if (!sl || sl->bad)
		return;
	idle = prov_alb_map_get(c->a, sl->text,
		"idle_timeout.timeout_seconds");
	if (idle && prov_str_int(idle, &v) && v > 0) {
		dropped = conv_unclaimed(c, IR_FEAT_TIMEOUTS);
		if (dropped != conv_all_targets(c))
			feature(c, ai, IR_FEAT_TIMEOUTS,
				"load-balancer-attributes")->u.timeouts.idle =
				v;
		if (!dropped)
			return;
	}
	conv_only(c, dropped);
	warn_key(c, ai, "convert/aws-alb-not-converted", DIAG_INFO,
		sl->key_node, "load-balancer-attributes", "%s", idle ?
		"the idle timeout (idle_timeout.timeout_seconds) is not "
		"converted: Gateway API has none; the target keeps its own" :
		"load balancer attributes have no Gateway API equivalent");
	conv_only(c, conv_all_targets(c));
}

static void
tg_attributes(struct conv *c, const struct alb_ing *ai, const char *svc,
	struct strmap *said)
{
	const struct prov_alb_slot *sl = svc_or_ing(c, ai, svc,
		"target-group-attributes");
	const char *st, *ty, *alg;
	bool on = false;
	unsigned dropped = conv_all_targets(c);	/* the targets it is lost on */

	if (!sl || sl->bad || strmap_get(said, sl->key))
		return;
	strmap_put(said, sl->key, (void *)1);
	st = prov_alb_map_get(c->a, sl->text, "stickiness.enabled");
	ty = prov_alb_map_get(c->a, sl->text, "stickiness.type");
	alg = prov_alb_map_get(c->a, sl->text,
		"load_balancing.algorithm.type");
	if (st)
		(void)prov_str_bool(st, &on);
	if ((on || alg) && sl->key_node && svc_or_ing(c, ai, svc,
	    "target-group-attributes") == prov_alb_slot(&ai->s,
	    "target-group-attributes"))
		dropped = conv_unclaimed(c, IR_FEAT_LOAD_BALANCING);
	if (dropped != conv_all_targets(c)) {
		struct ir_feature *f = feature(c, ai, IR_FEAT_LOAD_BALANCING,
			"target-group-attributes");
		const char *d = prov_alb_map_get(c->a, sl->text,
			"stickiness.lb_cookie.duration_seconds");
		long long ttl = 0;

		if (on && ty && !strcmp(ty, "app_cookie")) {
			f->u.lb.kind = IR_LB_HASH_COOKIE;
			f->u.lb.name = prov_alb_map_get(c->a, sl->text,
				"stickiness.app_cookie.cookie_name");
		} else if (on) {
			f->u.lb.kind = IR_LB_COOKIE_AFFINITY;
			f->u.lb.name = "AWSALB";
			if (d && prov_str_int(d, &ttl))
				f->u.lb.ttl = ttl;
		} else if (!strcmp(alg, "least_outstanding_requests")) {
			f->u.lb.kind = IR_LB_LEAST_REQUEST;
		} else {
			f->u.lb.kind = IR_LB_ROUND_ROBIN;
		}
	}
	if (!dropped)
		return;
	conv_only(c, dropped);
	diag_add(c->sink, on ? DIAG_WARNING : DIAG_INFO,
		"convert/aws-alb-not-converted", conv_pos(c, sl->key_node),
		"annotation '%s' (of %s) is not converted: %s", sl->key,
		prov_alb_slot(&ai->s, "target-group-attributes") == sl ?
		"the Ingress" : "the Service", on ? "sticky sessions "
		"(stickiness.enabled) have no standard Gateway API "
		"equivalent; requests of one client may reach other pods" :
		"target group attributes (slow start, deregistration delay, "
		"algorithm) have no Gateway API equivalent");
	conv_only(c, conv_all_targets(c));
}

static void
backend_protocol(struct conv *c, const struct alb_ing *ai, const char *svc,
	struct strmap *said)
{
	const struct prov_alb_slot *p = svc_or_ing(c, ai, svc,
		"backend-protocol");
	const struct prov_alb_slot *v = svc_or_ing(c, ai, svc,
		"backend-protocol-version");

	if (p && !p->bad && !strcmp(p->text, "HTTPS") &&
	    !strmap_get(said, p->key)) {
		strmap_put(said, p->key, (void *)1);
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-backend-"
			"protocol", conv_pos(c, p->key_node), "annotation '%s': "
			"ALB sent HTTPS to Service '%s' without verifying its "
			"certificate; the Gateway sends plain HTTP: add a "
			"BackendTLSPolicy (it verifies the certificate: name "
			"the CA) or keep the pods on HTTP", p->key, svc);
	}
	if (v && !v->bad && strcmp(v->text, "HTTP1") &&
	    !strmap_get(said, v->key)) {
		strmap_put(said, v->key, (void *)1);
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-backend-"
			"protocol", conv_pos(c, v->key_node), "annotation '%s': "
			"ALB spoke %s to Service '%s'; the Gateway speaks "
			"HTTP/1.1 unless the Service port's appProtocol is "
			"kubernetes.io/h2c%s", v->key, v->text, svc,
			!strcmp(v->text, "GRPC") ? " (a GRPCRoute routes gRPC "
			"by service and method)" : "");
	}
}

/* The catalogue's Gateway API text without its leading "none: ". */
static const char *
gw_text(const struct prov_annotation *a)
{
	if (!strncmp(a->gateway, "none: ", 6))
		return a->gateway + 6;
	return a->gateway;
}

static void
report_annotations(struct conv *c, const struct alb_ing *ai)
{
	for (size_t i = 0; i < PROV_ALB_NANN; i++) {
		const struct prov_alb_slot *sl = &ai->s.slots[i];
		const struct prov_annotation *a = &prov_alb_provider.table[i];

		if (!sl->key_node || sl->bad)
			continue;
		if (a->cls == PROV_CLASS_C_PERF)
			diag_add(c->sink, DIAG_INFO, "convert/aws-alb-tuning",
				conv_pos(c, sl->key_node), "Ingress '%s/%s': "
				"annotation '%s' is not converted (%s)",
				ai->ing->ns, ai->ing->name, sl->key,
				gw_text(a));
		else if (!strcmp(a->key, "group.order"))
			diag_add(c->sink, DIAG_INFO, "convert/aws-alb-rule-"
				"order", conv_pos(c, sl->key_node), "Ingress "
				"'%s/%s': annotation '%s' is not converted: "
				"Gateway API has no rule order; where it "
				"changes which backend answers, a warning says "
				"so", ai->ing->ns, ai->ing->name, sl->key);
		else if (!strcmp(a->key, "ssl-policy") ||
		    !strcmp(a->key, "create-acm-cert") ||
		    !strcmp(a->key, "acm-pca-arn") ||
		    !strcmp(a->key, "auth-idp-cognito") ||
		    !strcmp(a->key, "auth-idp-oidc") ||
		    !strcmp(a->key, "auth-on-unauthenticated-request") ||
		    !strcmp(a->key, "auth-scope") ||
		    !strcmp(a->key, "auth-session-cookie") ||
		    !strcmp(a->key, "auth-session-timeout"))
			diag_add(c->sink, DIAG_INFO,
				"convert/aws-alb-not-converted",
				conv_pos(c, sl->key_node), "Ingress '%s/%s': "
				"annotation '%s' is not converted (%s)",
				ai->ing->ns, ai->ing->name, sl->key,
				gw_text(a));
		else if (!strcmp(a->key, "certificate-arn"))
			diag_add(c->sink, DIAG_WARNING,
				"convert/aws-alb-certificate",
				conv_pos(c, sl->key_node), "Ingress '%s/%s': "
				"ALB's HTTPS listeners used the ACM "
				"certificates of '%s'; ACM certificates cannot "
				"be exported, so the Gateway's HTTPS listeners "
				"need a Secret with a certificate for each host "
				"(the tls section's secretName)", ai->ing->ns,
				ai->ing->name, sl->key);
	}
}

/* ---- paths ---------------------------------------------------------------- */

struct gw_match {
	const char *type;
	const char *value;
	const char *why;		/* a difference to say, or NULL */
	const char *rule;
};

static bool
regex_special(char ch)
{
	return strchr("\\^$.|?*+()[]{}", ch) != NULL;
}

/* An ALB path pattern as a regular expression on the whole path. */
static const char *
pattern_regex(struct conv *c, const char *p)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	for (; *p; p++) {
		if (*p == '*')
			strbuf_adds(&sb, ".*");
		else if (*p == '?')
			strbuf_adds(&sb, ".");
		else {
			if (regex_special(*p))
				strbuf_addc(&sb, '\\');
			strbuf_addc(&sb, *p);
		}
	}
	out = arena_strdup(c->a, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

static void
gateway_match(struct conv *c, const struct alb_ing *ai,
	const struct ing_path *p, struct gw_match *g)
{
	const char *path = p->path;
	size_t n = strlen(path);

	memset(g, 0, sizeof(*g));
	if (!p->path_given) {
		g->type = "PathPrefix";
		g->value = "/";
		return;
	}
	if (p->type == ING_PATH_EXACT) {
		g->type = "Exact";
		g->value = path;
		return;
	}
	if (p->type == ING_PATH_PREFIX) {
		g->type = "PathPrefix";
		g->value = path;
		return;
	}
	if (ai->s.use_regex) {
		g->type = "RegularExpression";
		g->value = path[0] ? path + 1 : path;
		g->rule = "convert/aws-alb-path-regex";
		g->why = "is a regular expression for ALB "
			"(use-regex-path-match); it becomes a "
			"RegularExpression match, whose syntax and support "
			"belong to the implementation";
		return;
	}
	if (!strpbrk(path, "*?")) {
		g->type = "Exact";
		g->value = path;
		g->rule = "convert/aws-alb-path-exact";
		g->why = "is ImplementationSpecific without a wildcard, which "
			"ALB matches exactly (not as a prefix); it becomes an "
			"Exact match";
		return;
	}
	if (!strcmp(path, "/*")) {
		g->type = "PathPrefix";
		g->value = "/";
		return;
	}
	if (n > 2 && !strcmp(path + n - 2, "/*") &&
	    !strpbrk(arena_strndup(c->a, path, n - 2), "*?")) {
		g->type = "PathPrefix";
		g->value = arena_strndup(c->a, path, n - 2);
		g->rule = "convert/aws-alb-path-wildcard";
		g->why = "is an ALB wildcard pattern; it becomes PathPrefix "
			"of what precedes '/*', which also matches that path "
			"itself (ALB needs the '/' after it)";
		return;
	}
	g->type = "RegularExpression";
	g->value = pattern_regex(c, path);
	g->rule = "convert/aws-alb-path-wildcard";
	g->why = "is an ALB wildcard pattern ('*' any characters, '?' one); "
		"it becomes a RegularExpression match, whose support belongs "
		"to the implementation";
}

/* ALB's order of one rule's paths: Exact, Prefix longest first, then
 * ImplementationSpecific (sortIngressPaths). */
static size_t *
sorted_paths(const struct ing_rule *r)
{
	size_t *o = xmalloc((r->npaths + 1) * sizeof(*o));
	size_t k = 0;

	for (size_t i = 0; i < r->npaths; i++)
		if (r->paths[i].type == ING_PATH_EXACT)
			o[k++] = i;
	{
		size_t start = k;

		for (size_t i = 0; i < r->npaths; i++)
			if (r->paths[i].type == ING_PATH_PREFIX)
				o[k++] = i;
		/* stable insertion sort by length, descending */
		for (size_t i = start + 1; i < k; i++) {
			size_t v = o[i], j = i;

			while (j > start && strlen(r->paths[o[j - 1]].path) <
			    strlen(r->paths[v].path)) {
				o[j] = o[j - 1];
				j--;
			}
			o[j] = v;
		}
	}
	for (size_t i = 0; i < r->npaths; i++)
		if (r->paths[i].type == ING_PATH_IMPLEMENTATION_SPECIFIC)
			o[k++] = i;
	return o;
}

static struct route *
route_of(struct conv *c, struct gateway *gw, const struct alb_ing *ai,
	const char *host, const struct doc_node *at)
{
	bool http = ai->http && !ai->group_redirect, https = ai->https;
	const struct listener *l = NULL;
	struct route *r;

	if (https && !(l = conv_https_listener(gw, host))) {
		if (!http) {
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-"
				"certificate", conv_pos(c, at), "Ingress "
				"'%s/%s': its rules are on HTTPS listeners only, "
				"with ACM certificates; the Gateway has no HTTPS "
				"listener for host '%s' (no tls section with a "
				"secretName names it), so its paths are left "
				"out: add a tls section with the certificate's "
				"Secret", ai->ing->ns, ai->ing->name, host ?
				host : "*");
			return NULL;
		}
		https = false;
	}
	if (!http && !https)
		return NULL;
	r = conv_route_for(c, gw, ai->ing, host);
	if (!https)
		r->section = "http";
	else if (!http)
		r->section_https = l->hostname;
	return r;
}

/* ssl-redirect: every HTTP listener of the group answers a redirect to
 * HTTPS (301), whatever the rules. One route per host on the http
 * listener. */
static void
redirect_route(struct conv *c, struct gateway *gw, const struct alb_ing *ai,
	const char *host)
{
	char *k = arena_printf(c->a, "%p\n%s", (void *)gw, host ? host : "");
	struct route *r;
	struct rule *rule;
	struct ir_redirect *f;
	struct match m = { .type = "PathPrefix", .value = "/",
		.node = ai->redirect_node };

	if (!ai->group_redirect || !ai->http || strmap_get(&c->alb->redirected,
	    k))
		return;
	strmap_put(&c->alb->redirected, k, (void *)1);
	r = conv_route_new(c, gw, ai->ing, host);
	r->suffix = "http-redirect";
	r->section = "http";
	rule = conv_route_add(c, r, &m, NULL, 0, "ssl-redirect");
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		ai->redirect_node)->u.redirect;
	f->scheme = "https";
	f->code = 301;
	if (ai->redirect_port != 443)
		f->port = (int)ai->redirect_port;
}

/* The route of ing and host on the http listener only (its redirects the
 * HTTPS listener leaves out), made once. */
static struct route *
http_route(struct conv *c, struct gateway *gw,
	const struct ingress *ing, const char *host)
{
	for (size_t i = 0; i < c->nroutes; i++) {
		struct route *r = c->routes[i];

		if (r->gw == gw && r->ing == ing && r->suffix &&
		    !strcmp(r->suffix, "http-redirect") && ((!r->host &&
		    !host) || (r->host && host && !strcmp(r->host, host))))
			return r;
	}
	{
		struct route *r = conv_route_new(c, gw, ing, host);

		r->suffix = "http-redirect";
		r->section = "http";
		return r;
	}
}

/* ---- actions (actions.NAME) ----------------------------------------------- */

/* A JSON string copied into the output's arena (the JSON is freed). */
static const char *
jstr(struct conv *c, json_t *j)
{
	const char *v = json_string_value(j);

	return v ? arena_strdup(c->a, v) : NULL;
}

static int
redirect_code(const char *s)
{
	if (s && !strcmp(s, "HTTP_302"))
		return 302;
	return 301;
}

/* A redirectConfig value: NULL when it keeps the request's (#{...}). */
static const char *
keep(struct conv *c, json_t *o, const char *k, const char *placeholder)
{
	const char *v = jstr(c, prov_alb_jget(o, k));

	if (!v || !strcmp(v, placeholder))
		return NULL;
	return v;
}

static bool
placeholder_in(const char *v)
{
	return v && strstr(v, "#{");
}

static void
action_redirect(struct conv *c, const struct alb_ing *ai, struct rule *rule,
	json_t *rc, const struct doc_node *at, const char *key)
{
	struct ir_redirect *f = &ir_filter_add(&c->ir_arena, rule,
		IR_FILTER_REDIRECT, at)->u.redirect;
	const char *proto = keep(c, rc, "protocol", "#{protocol}");
	const char *host = keep(c, rc, "host", "#{host}");
	const char *path = keep(c, rc, "path", "/#{path}");
	const char *port = keep(c, rc, "port", "#{port}");
	const char *query = keep(c, rc, "query", "#{query}");
	long long pv;

	f->code = redirect_code(json_string_value(prov_alb_jget(rc,
		"statusCode")));
	if (proto)
		f->scheme = !strcasecmp(proto, "HTTPS") ? "https" : "http";
	if (host && !placeholder_in(host))
		f->hostname = host;
	if (path && !placeholder_in(path)) {
		f->path_kind = IR_PATH_FULL;
		f->path = path;
	}
	if (port && prov_str_int(port, &pv) && pv > 0 && pv < 65536)
		f->port = (int)pv;
	if (proto && !port)
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, at), "Ingress '%s/%s': annotation '%s': the "
			"redirect sets the protocol but keeps the request's port "
			"(#{port}: 80 from HTTP); the RequestRedirect uses the "
			"scheme's port (443 for https): set \"port\" to say "
			"which", ai->ing->ns, ai->ing->name, key);
	if ((host && placeholder_in(host)) || (path && placeholder_in(path)) ||
	    (query && *query))
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, at), "Ingress '%s/%s': annotation '%s': "
			"the redirect %s; a RequestRedirect cannot, so it "
			"keeps the request's", ai->ing->ns, ai->ing->name, key,
			query && *query ? "sets the query" : "builds the host "
			"or path from #{...} placeholders");
}

/* The forward action's target groups: Services with weights. */
static bool
action_forward(struct conv *c, struct alb_ing *ai, struct route *r,
	const struct match *m, json_t *a, const struct doc_node *at,
	const char *key, struct strmap *said)
{
	json_t *fc = prov_alb_jget(a, "forwardConfig");
	json_t *tgs = fc ? prov_alb_jget(fc, "targetGroups") : NULL, *tg;
	struct rule *rule = NULL;
	size_t i;
	bool arn = prov_alb_jget(a, "targetGroupARN") != NULL ||
		prov_alb_jget(a, "targetGroupName") != NULL;

	json_array_foreach(tgs, i, tg) {
		const char *svc = jstr(c, prov_alb_jget(tg,
			"serviceName"));
		json_t *pj = prov_alb_jget(tg, "servicePort");
		json_t *wj = prov_alb_jget(tg, "weight");
		struct ing_backend b = { .node = at, .port_node = at };
		long long w = json_is_integer(wj) ? json_integer_value(wj) : 1;
		int port = 0;

		if (!svc) {
			arn = true;
			continue;
		}
		b.service = svc;
		if (json_is_integer(pj))
			b.port = (int)json_integer_value(pj);
		else if (json_is_string(pj) && !prov_str_int(
		    json_string_value(pj), &(long long){ 0 }))
			b.port_name = jstr(c, pj);
		else if (json_is_string(pj)) {
			long long pv = 0;

			(void)prov_str_int(json_string_value(pj), &pv);
			b.port = (int)pv;
		}
		if (!conv_usable_backend(c, ai->ing, &b, "a target group of "
		    "the forward action", &port))
			continue;
		if (path_auth(c, ai, svc, said))
			continue;
		tg_attributes(c, ai, svc, said);
		backend_protocol(c, ai, svc, said);
		if (!rule) {
			rule = conv_route_add(c, r, m, svc, port, key);
			rule->weight = w;
		} else {
			struct backend be = { .service = svc, .port = port,
				.weight = w };

			PUSH(rule->extra, rule->nextra, be);
		}
	}
	if (fc && prov_alb_jget(fc, "targetGroupStickinessConfig"))
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, at), "Ingress '%s/%s': annotation '%s': "
			"target group stickiness kept a client on one target "
			"group; Gateway API weights every request anew",
			ai->ing->ns, ai->ing->name, key);
	if (arn)
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, at), "Ingress '%s/%s': annotation '%s': a "
			"target group named by ARN is outside the cluster; the "
			"Gateway cannot send to it, %s", ai->ing->ns,
			ai->ing->name, key, rule ? "its share goes to the "
			"Services" : "so the path answers 500");
	if (!rule)
		rule = conv_route_add(c, r, m, NULL, 0, arena_printf(c->a,
			"alb-none-%p", (void *)at));
	return true;
}

/* Where the path's rule goes: the route of both listeners, and for a
 * redirect the rule optimizer drops on one listener, that listener's
 * place (rule_optimizer.go omitInfiniteRedirectRules). */
struct place {
	struct gateway *gw;
	const char *host;
	const char *const *pats;
	size_t npats;
};

/* A redirect that sends the request to itself on the listener of proto
 * and port: the controller leaves it out there. */
static bool
loops(struct conv *c, json_t *rc, const struct place *pl, const char *proto,
	const char *port)
{
	const char *v;

	if ((v = jstr(c, prov_alb_jget(rc, "protocol"))) &&
	    strcmp(v, "#{protocol}") && strcmp(v, proto))
		return false;
	if ((v = jstr(c, prov_alb_jget(rc, "port"))) && strcmp(v, "#{port}") &&
	    strcmp(v, port))
		return false;
	if ((v = jstr(c, prov_alb_jget(rc, "host"))) && strcmp(v, "#{host}") &&
	    (!pl->host || strcmp(v, pl->host)))
		return false;
	if ((v = jstr(c, prov_alb_jget(rc, "path"))) && strcmp(v, "/#{path}")) {
		bool in = false;

		for (size_t i = 0; i < pl->npats; i++)
			if (!strcmp(pl->pats[i], v))
				in = true;
		if (!in)
			return false;
	}
	if ((v = jstr(c, prov_alb_jget(rc, "query"))) && strcmp(v, "#{query}"))
		return false;
	return true;
}

static struct route *
redirect_place(struct conv *c, struct alb_ing *ai, struct route *r,
	json_t *rc, const struct place *pl, const struct doc_node *at,
	const char *key)
{
	bool on_http = r->section && !strcmp(r->section, "http");
	bool on_https = !on_http;
	bool lh = on_https && loops(c, rc, pl, "HTTPS", "443");
	bool lp = on_http && loops(c, rc, pl, "HTTP", "80");
	struct route *h;

	if (!lh && !lp)
		return r;
	diag_add(c->sink, DIAG_INFO, "convert/aws-alb-action", conv_pos(c, at),
		"Ingress '%s/%s': annotation '%s': the redirect would send "
		"%s requests to themselves, so the controller leaves it out "
		"of the %s listener%s", ai->ing->ns, ai->ing->name, key,
		lh ? "HTTPS" : "HTTP", lh ? "HTTPS" : "HTTP", lh && !r->section &&
		!r->section_https ? "; it goes to a route of the http listener "
		"only" : "");
	if (lp || (r->section_https && !r->section))
		return NULL;
	/* both listeners: the redirect on the http listener only */
	h = http_route(c, pl->gw, ai->ing, pl->host);
	return h;
}

static void
lower_action(struct conv *c, struct alb_ing *ai, struct route *r,
	const struct match *m, const char *name, const struct doc_node *at,
	struct strmap *said, const struct place *pl)
{
	const struct prov_alb_named *nm = prov_alb_named(&ai->s, "actions",
		name);
	json_error_t err;
	json_t *a;
	const char *type;
	const char *key;
	const struct doc_node *kn;
	struct rule *rule;

	if (!nm || nm->slot.bad) {
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, at), "Ingress '%s/%s': the backend '%s' "
			"with port use-annotation names no usable annotation "
			"'%sactions.%s'; the controller fails to build the "
			"group, the path is left out", ai->ing->ns,
			ai->ing->name, name, PROV_ALB_PREFIX, name);
		return;
	}
	key = nm->slot.key;
	kn = nm->slot.key_node;
	a = json_loads(nm->slot.text, 0, &err);
	type = jstr(c, prov_alb_jget(a, "type"));
	if (type && !strcmp(type, "forward")) {
		action_forward(c, ai, r, m, a, kn, key, said);
	} else if (type && !strcmp(type, "redirect")) {
		r = redirect_place(c, ai, r, prov_alb_jget(a, "redirectConfig"),
			pl, kn, key);
		if (!r) {
			json_decref(a);
			return;
		}
		rule = conv_route_add(c, r, m, NULL, 0, arena_printf(c->a,
			"alb-redirect-%s", name));
		action_redirect(c, ai, rule, prov_alb_jget(a,
			"redirectConfig"), kn, key);
	} else if (type && !strcmp(type, "fixed-response")) {
		json_t *fc = prov_alb_jget(a, "fixedResponseConfig");
		const char *code = jstr(c, prov_alb_jget(fc,
			"statusCode"));

		(void)conv_route_add(c, r, m, NULL, 0, arena_printf(c->a,
			"alb-fixed-%s", name));
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-fixed-"
			"response", conv_pos(c, kn), "Ingress '%s/%s': "
			"annotation '%s': ALB answered the path itself (status "
			"%s); Gateway API has no fixed response, so the rule "
			"has no backend and answers 500", ai->ing->ns,
			ai->ing->name, key, code ? code : "?");
	} else {
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-action",
			conv_pos(c, kn), "Ingress '%s/%s': annotation '%s': "
			"action type '%s' is not one the controller takes "
			"(forward, redirect, fixed-response); the path is left "
			"out", ai->ing->ns, ai->ing->name, key, type ? type :
			"(none)");
	}
	json_decref(a);
}

/* ---- conditions (conditions.NAME) -------------------------------------- */

#define MAX_HDR_VALUES 8
#define MAX_HDR_CONDS 4
/* A match per combination of the conditions' values (a rule holds 64
 * matches; path-pattern values multiply them too). */
#define MAX_COMBINATIONS 16

/* An http-header condition: the header has one of the values. */
struct cond_header {
	const char *name;
	const char *values[MAX_HDR_VALUES];
	bool regex[MAX_HDR_VALUES];
	size_t nvalues;
};

/* A query-string condition: one of its key/value pairs is in the query. */
struct cond_query {
	const char *keys[MAX_HDR_VALUES];
	const char *values[MAX_HDR_VALUES];
	bool regex[MAX_HDR_VALUES];
	size_t n;
};

/* A rule's conditions: all of them hold, each with one of its values. */
struct cond {
	struct cond_header headers[MAX_HDR_CONDS];
	size_t nheaders;
	struct cond_query queries[MAX_HDR_CONDS];
	size_t nqueries;
	const struct doc_node *node;	/* the conditions.NAME key */
	const char *methods[MAX_HDR_VALUES];	/* http-request-method */
	size_t nmethods;
	const struct doc_node *methods_node;
	const char **paths;		/* more path-pattern values */
	size_t npaths;
	bool closed;
};

/* The matches the header and method conditions make for one path. */
static size_t
combinations(const struct cond *cd)
{
	size_t n = cd->nmethods ? cd->nmethods : 1;

	for (size_t i = 0; i < cd->nheaders; i++)
		n *= cd->headers[i].nvalues;
	for (size_t i = 0; i < cd->nqueries; i++)
		n *= cd->queries[i].n;
	return n;
}

static bool
gateway_method(const char *m)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT",
		"DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

	for (size_t i = 0; i < ARRAY_LEN(methods); i++)
		if (!strcmp(m, methods[i]))
			return true;
	return false;
}

/* A query-string condition into cd: NULL, or why it is not converted. */
static const char *
query_condition(struct conv *c, json_t *it, struct cond *cd)
{
	json_t *vals = prov_alb_jget(prov_alb_jget(it, "queryStringConfig"),
		"values"), *v;
	struct cond_query *q = &cd->queries[cd->nqueries];
	size_t k;

	if (cd->nqueries == MAX_HDR_CONDS || !json_array_size(vals) ||
	    json_array_size(vals) > MAX_HDR_VALUES)
		return "a query-string condition without values, or with too "
			"many";
	memset(q, 0, sizeof(*q));
	json_array_foreach(vals, k, v) {
		const char *key = json_string_value(prov_alb_jget(v, "key"));
		const char *val = json_string_value(prov_alb_jget(v,
			"value"));

		/* a match names the parameter: not "this value, any key" */
		if (!key || !*key || strpbrk(key, "*?") || !val)
			return "a query-string condition with a value under "
				"any key, or a wildcard in a key";
		q->keys[q->n] = arena_strdup(c->a, key);
		q->regex[q->n] = strpbrk(val, "*?") != NULL;
		q->values[q->n] = q->regex[q->n] ? arena_printf(c->a,
			"(?i)%s", pattern_regex(c, val)) :
			arena_strdup(c->a, val);
		q->n++;
	}
	cd->nqueries++;
	if (combinations(cd) > MAX_COMBINATIONS) {
		cd->nqueries--;
		return "a query-string condition whose values, with the other "
			"conditions', make too many combinations";
	}
	return NULL;
}

static void
conditions(struct conv *c, const struct alb_ing *ai, const char *svc,
	struct cond *cd)
{
	const struct prov_alb_named *nm = prov_alb_named(&ai->s, "conditions",
		svc);
	json_error_t err;
	json_t *j, *it;
	size_t i;

	memset(cd, 0, sizeof(*cd));
	if (!nm || nm->slot.bad)
		return;
	cd->node = nm->slot.key_node;
	j = json_loads(nm->slot.text, 0, &err);
	json_array_foreach(j, i, it) {
		const char *f = json_string_value(prov_alb_jget(it,
			"field"));
		const char *what = NULL;

		if (!f)
			continue;
		if (!strcmp(f, "http-header")) {
			json_t *hc = prov_alb_jget(it, "httpHeaderConfig");
			json_t *vals = prov_alb_jget(hc, "values"), *v;
			const char *name = jstr(c, prov_alb_jget(hc,
				"httpHeaderName"));
			struct cond_header *h = &cd->headers[cd->nheaders];
			size_t k;

			if (cd->nheaders == MAX_HDR_CONDS || !name ||
			    !json_array_size(vals) ||
			    json_array_size(vals) > MAX_HDR_VALUES) {
				what = "a header condition without values, or "
					"with too many";
			} else {
				memset(h, 0, sizeof(*h));
				h->name = name;
				json_array_foreach(vals, k, v) {
					const char *sv = json_string_value(v);

					if (!sv)
						continue;
					bool re = strpbrk(sv, "*?") != NULL;

					h->regex[h->nvalues] = re;
					/* ALB compares header values
					 * ignoring case */
					h->values[h->nvalues] = re ?
						arena_printf(c->a, "(?i)%s",
						pattern_regex(c, sv)) :
						arena_strdup(c->a, sv);
					h->nvalues++;
				}
				if (h->nvalues)
					cd->nheaders++;
				if (combinations(cd) > MAX_COMBINATIONS) {
					cd->nheaders--;
					what = "a header condition whose values, "
						"with the other conditions', "
						"make too many combinations";
				}
			}
		} else if (!strcmp(f, "http-request-method")) {
			json_t *vals = prov_alb_jget(prov_alb_jget(it,
				"httpRequestMethodConfig"), "values"), *v;
			size_t k, n = 0;
			bool ok = !cd->nmethods && json_array_size(vals) &&
				json_array_size(vals) <= MAX_HDR_VALUES;

			json_array_foreach(vals, k, v)
				ok = ok && json_string_value(v) &&
					gateway_method(json_string_value(v));
			if (ok) {
				json_array_foreach(vals, k, v)
					cd->methods[n++] = arena_strdup(c->a,
						json_string_value(v));
				cd->nmethods = n;
				cd->methods_node = nm->slot.key_node;
			}
			if (ok && combinations(cd) > MAX_COMBINATIONS) {
				cd->nmethods = 0;
				ok = false;
			}
			if (!ok)
				what = "the method condition "
					"(http-request-method) with a method "
					"Gateway API has not, a second one, "
					"or too many combinations";
		} else if (!strcmp(f, "path-pattern")) {
			json_t *vals = prov_alb_jget(prov_alb_jget(it,
				"pathPatternConfig"), "values"), *v;
			size_t k;

			json_array_foreach(vals, k, v) {
				const char **nv = arena_alloc(c->a,
					(cd->npaths + 1) * sizeof(*nv));

				if (cd->npaths)
					memcpy(nv, cd->paths, cd->npaths *
						sizeof(*nv));
				nv[cd->npaths++] = arena_strdup(c->a,
					json_string_value(v) ?
					json_string_value(v) : "/");
				cd->paths = nv;
			}
		} else if (!strcmp(f, "source-ip")) {
			if (!cd->closed) {
				diag_add(c->sink, DIAG_ERROR,
					"convert/access-control", conv_pos(c,
					nm->slot.key_node), "Ingress '%s/%s': "
					"annotation '%s' admits only some client "
					"addresses (source-ip) to the paths of "
					"Service '%s'; target '%s' cannot check "
					"it, so those paths now answer 500",
					ai->ing->ns, ai->ing->name,
					nm->slot.key, svc,
					c->target->table->name);
				diag_add_note(c->sink, conv_pos(c,
					nm->slot.key_node), "keep the check "
					"with the implementation's own policy "
					"and convert with --force; on an error "
					"convert writes nothing unless --force");
			}
			cd->closed = true;
		} else if (!strcmp(f, "query-string")) {
			what = query_condition(c, it, cd);
		} else if (!strcmp(f, "host-header")) {
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-"
				"condition", conv_pos(c, nm->slot.key_node),
				"Ingress '%s/%s': annotation '%s': the "
				"host-header condition is not converted: ALB's "
				"rule took the condition's hosts besides the "
				"Ingress rule's (only them, for a rule without "
				"host); add the hosts to the route by hand",
				ai->ing->ns, ai->ing->name, nm->slot.key);
		} else {
			what = "an unknown condition field";
		}
		if (what)
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-"
				"condition", conv_pos(c, nm->slot.key_node),
				"Ingress '%s/%s': annotation '%s': %s is not "
				"converted; the rule matches more requests "
				"than ALB's did", ai->ing->ns, ai->ing->name,
				nm->slot.key, what);
	}
	json_decref(j);
	if (cd->nqueries)
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-query-case",
			conv_pos(c, nm->slot.key_node), "Ingress '%s/%s': "
			"annotation '%s': the query-string conditions become "
			"queryParams matches, which take the parameter names "
			"and the values without wildcards as written; ALB "
			"compared them ignoring case", ai->ing->ns,
			ai->ing->name, nm->slot.key);
}

/* The header, method and query matches of combination i (mixed radix:
 * the methods, then each header's values, then each query's pairs). */
static void
condition_match(struct conv *c, const struct cond *cd, size_t i,
	struct match *m)
{
	struct ir_value_match *also = cd->nheaders > 1 ? arena_alloc(c->a,
		(cd->nheaders - 1) * sizeof(*also)) : NULL;

	if (cd->nmethods) {
		m->method = cd->methods[i % cd->nmethods];
		m->method_node = cd->methods_node;
		i /= cd->nmethods;
	}
	for (size_t h = 0; h < cd->nheaders; h++) {
		const struct cond_header *ch = &cd->headers[h];
		size_t v = i % ch->nvalues;

		i /= ch->nvalues;
		if (!h) {
			m->header = ch->name;
			m->header_value = ch->values[v];
			m->header_regex = ch->regex[v];
		} else {
			also[h - 1] = (struct ir_value_match){ ch->name,
				ch->values[v], ch->regex[v] };
		}
	}
	m->also_headers = also;
	m->nalso_headers = cd->nheaders ? cd->nheaders - 1 : 0;
	if (cd->nqueries) {
		struct ir_value_match *qs = arena_alloc(c->a, cd->nqueries *
			sizeof(*qs));

		for (size_t q = 0; q < cd->nqueries; q++) {
			const struct cond_query *cq = &cd->queries[q];
			size_t v = i % cq->n;

			i /= cq->n;
			qs[q] = (struct ir_value_match){ cq->keys[v],
				cq->values[v], cq->regex[v] };
		}
		m->queries = qs;
		m->nqueries = cd->nqueries;
		m->queries_node = cd->node;
	}
}

/* ---- one path ----------------------------------------------------------- */

static void
record(struct conv *c, const struct alb_ing *ai, const char *host,
	const struct ing_path *p, const char *const *pats, size_t npats,
	const struct gw_match *g, bool header)
{
	struct alb_rule ar = { .ing = ai->ing, .group = ai->group,
		.seq = c->alb->seq++, .host = host, .npats = npats,
		.regex = ai->s.use_regex &&
		p->type == ING_PATH_IMPLEMENTATION_SPECIFIC,
		.type = g->type, .value = g->value, .header = header,
		.http = ai->http && !ai->group_redirect, .https = ai->https,
		.path = p->path_given ? p->path : "",
		.node = p->path_node ? p->path_node : p->node,
		.deflt = ai->lowering_default };

	for (size_t i = 0; i < npats && i < 2; i++)
		ar.pats[i] = pats[i];
	PUSH(c->alb->rules, c->alb->nrules, ar);
}

static void
lower_path(struct conv *c, struct gateway *gw, struct alb_ing *ai,
	const struct ing_rule *ir, const struct ing_path *p,
	struct strmap *said)
{
	const struct ingress *ing = ai->ing;
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	const char *pats[2];
	size_t npats = 0;
	const char *why = NULL;
	struct gw_match g;
	struct cond cd;
	struct match m = { 0 };
	struct route *r;
	const char *svc = p->backend.service;
	bool action = p->backend.port_name && !strcmp(p->backend.port_name,
		"use-annotation");
	bool closed = false;
	struct place pl;
	int port = 0;

	if (p->path_given && !prov_alb_patterns(c->a, (int)p->type, p->path,
	    pats, &npats, &why)) {
		diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-path-invalid",
			conv_pos(c, at), "Ingress '%s/%s': path '%s': %s; the "
			"controller fails to build the whole IngressGroup, the "
			"path is left out", ing->ns, ing->name, p->path, why);
		return;
	}
	if (!p->path_given) {
		pats[0] = "/*";
		npats = 1;
	}
	gateway_match(c, ai, p, &g);
	if (g.type && strcmp(g.type, "RegularExpression") &&
	    (why = gwcheck_path(g.type, g.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is not a "
			"valid Gateway API %s value (%s); it is left out",
			ing->ns, ing->name, p->path, g.type, why);
		return;
	}
	if (!svc)
		return;
	conditions(c, ai, svc, &cd);
	record(c, ai, ir->host, p, pats, npats, &g, cd.nheaders ||
		cd.nmethods || cd.nqueries);
	closed = cd.closed;
	if (!action && !closed) {
		struct strbuf where = STRBUF_INIT;
		bool usable;

		strbuf_addf(&where, "the backend of path '%s'", p->path);
		usable = conv_usable_backend(c, ing, &p->backend, where.buf,
			&port);
		strbuf_release(&where);
		if (!usable)
			return;
		closed = path_auth(c, ai, svc, said);
		tg_attributes(c, ai, svc, said);
		backend_protocol(c, ai, svc, said);
	}
	r = route_of(c, gw, ai, ir->host, ir->host_node ? ir->host_node : at);
	if (!r)
		return;
	if (g.why)
		diag_add(c->sink, DIAG_WARNING, g.rule, conv_pos(c, at),
			"Ingress '%s/%s': path '%s' %s", ing->ns, ing->name,
			p->path, g.why);
	pl.gw = gw;
	pl.host = ir->host;
	pl.pats = pats;
	pl.npats = npats;
	m.type = g.type;
	m.value = g.value;
	m.node = at;
	for (size_t k = 0; k <= cd.npaths; k++) {
		struct match mk = m;

		if (k) {
			struct ing_path q = *p;
			struct gw_match gk;

			q.path = cd.paths[k - 1];
			q.path_given = true;
			q.type = ING_PATH_IMPLEMENTATION_SPECIFIC;
			gateway_match(c, ai, &q, &gk);
			mk.type = gk.type;
			mk.value = gk.value;
			mk.src = q.path;
		}
		/* one match per combination of the conditions' values:
		 * ALB took any value of each */
		for (size_t i = 0; i < combinations(&cd); i++) {
			condition_match(c, &cd, i, &mk);
			if (closed)
				(void)conv_route_add(c, r, &mk, NULL, 0,
					arena_printf(c->a, "alb-closed-%p",
					(void *)at));
			else if (action)
				lower_action(c, ai, r, &mk, svc, at, said,
					&pl);
			else
				(void)conv_route_add(c, r, &mk, svc, port,
					NULL);
		}
	}
}

static void
alb_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct alb_ing *ai = alb_of(c, ing);
	struct strmap said = STRMAP_INIT;

	if (!ai)
		return;
	report_annotations(c, ai);
	for (size_t i = 0; i < ai->s.nnamed; i++) {
		const struct prov_alb_named *nm = &ai->s.named[i];

		if (!nm->slot.bad && !strcmp(nm->family, "transforms"))
			diag_add(c->sink, DIAG_WARNING,
				"convert/aws-alb-transform", conv_pos(c,
				nm->slot.key_node), "Ingress '%s/%s': "
				"annotation '%s': ALB rewrote the host or the "
				"URL (by regular expression) of the paths to "
				"Service '%s'; it is not converted, the backend "
				"gets them unchanged", ing->ns, ing->name,
				nm->slot.key, nm->name);
		else if (!nm->slot.bad && !strcmp(nm->family,
		    "listener-attributes"))
			diag_add(c->sink, DIAG_INFO, "convert/aws-alb-tuning",
				conv_pos(c, nm->slot.key_node), "Ingress "
				"'%s/%s': annotation '%s' is not converted "
				"(listener attributes of the load balancer)",
				ing->ns, ing->name, nm->slot.key);
	}
	access_control(c, ai);
	lb_attributes(c, ai);
	for (size_t i = 0; ai->s.nports && i < ai->s.nports; i++) {
		const struct prov_alb_port *pt = &ai->s.ports[i];

		if (pt->port != (pt->https ? 443 : 80))
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-"
				"listen-port", conv_pos(c, key_node(ai,
				"listen-ports")), "Ingress '%s/%s': ALB "
				"listened with %s on port %d; the Gateway's "
				"listeners are HTTP 80 and HTTPS 443, so the "
				"rules are on the %s listener%s", ing->ns,
				ing->name, pt->https ? "HTTPS" : "HTTP",
				pt->port, pt->https ? "HTTPS" : "http",
				pt->https ? "s" : "");
	}
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ir = &ing->rules[r];
		size_t *ord;

		if (!ir->npaths || !conv_host_usable(c, ing, ir->host,
		    ir->host_node))
			continue;
		redirect_route(c, gw, ai, ir->host);
		ord = sorted_paths(ir);
		for (size_t k = 0; k < ir->npaths; k++)
			lower_path(c, gw, ai, ir, &ir->paths[ord[k]], &said);
		free(ord);
	}
	if (ing->has_default_backend && ing->default_backend.service) {
		struct ing_path p = { .path = "/", .path_given = false,
			.type = ING_PATH_PREFIX,
			.backend = ing->default_backend,
			.node = ing->default_backend.node };
		struct ing_rule ir = { .node = ing->default_backend.node };

		redirect_route(c, gw, ai, NULL);
		diag_add(c->sink, DIAG_INFO, "convert/aws-alb-default-backend",
			conv_pos(c, ing->default_backend.node), "Ingress "
			"'%s/%s': the defaultBackend is the listeners' default "
			"action in ALB, taken after every rule of the group; "
			"it becomes a PathPrefix '/' rule without host",
			ing->ns, ing->name);
		ai->lowering_default = true;
		lower_path(c, gw, ai, &ir, &p, &said);
		ai->lowering_default = false;
	}
	strmap_release(&said);
}

/* ---- finish: where ALB's rule order picks another winner --------------- */

/* Gateway API precedence of a match: larger wins (host, then path). */
static int
host_rank(const char *h)
{
	return !h ? 0 : h[0] == '*' ? 1 : 2;
}

static bool
hosts_meet(const char *a, const char *b)
{
	if (!a || !b)
		return true;
	if (a[0] == '*' || b[0] == '*')
		return prov_alb_wildcard(a, b, true) ||
			prov_alb_wildcard(b, a, true);
	return !strcasecmp(a, b);
}

/* A path the later rule names: its exact path, or its prefix. */
static const char *
example_path(struct conv *c, const struct alb_rule *r)
{
	if (!strcmp(r->type, "Exact") || !strcmp(r->type, "PathPrefix"))
		return r->value;
	if (r->npats)
		return arena_strndup(c->a, r->pats[0], strcspn(r->pats[0],
			"*?"));
	return NULL;
}

static bool
alb_matches(const struct alb_rule *r, const char *path)
{
	if (r->regex)
		return false;	/* not compared */
	for (size_t i = 0; i < r->npats; i++)
		if (prov_alb_wildcard(r->pats[i], path, false))
			return true;
	return false;
}

/* Whether Gateway API prefers b over a for a request both match. */
static bool
gateway_prefers(const struct alb_rule *a, const struct alb_rule *b)
{
	int ha = host_rank(a->host), hb = host_rank(b->host);
	bool ea = !strcmp(a->type, "Exact"), eb = !strcmp(b->type, "Exact");

	if (ha != hb)
		return hb > ha;
	if (ea != eb)
		return eb;
	/* a regular expression ranks below Exact and PathPrefix in the
	 * implementations (its precedence is implementation-specific) */
	if (!strcmp(a->type, "RegularExpression") &&
	    strcmp(b->type, "RegularExpression"))
		return true;
	if (!strcmp(a->type, b->type) && !strcmp(a->value, b->value))
		return b->header && !a->header;
	if (!strcmp(a->type, "PathPrefix") && !strcmp(b->type, "PathPrefix"))
		return strlen(b->value) > strlen(a->value);
	return false;
}

/* ALB's priority order: the group's Ingresses in the controller's order,
 * each one's rules as lowered. */
static int
by_priority(const void *pa, const void *pb)
{
	const struct alb_rule *a = pa, *b = pb;
	int r;

	if (a->deflt != b->deflt)
		return a->deflt ? 1 : -1;	/* after every rule */
	if (a->ing != b->ing && (r = ing_order(a->ing, b->ing)))
		return r;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
compare_rules(struct conv *c)
{
	struct conv_alb *t = c->alb;

	if (t->nrules)
		qsort(t->rules, t->nrules, sizeof(*t->rules), by_priority);

	for (size_t j = 0; j < t->nrules; j++) {
		const struct alb_rule *b = &t->rules[j];
		const char *ex = example_path(c, b);

		if (!ex)
			continue;
		for (size_t i = 0; i < j; i++) {
			const struct alb_rule *a = &t->rules[i];

			if (strcmp(a->group, b->group) ||
			    !((a->http && b->http) || (a->https && b->https)) ||
			    !hosts_meet(a->host, b->host) ||
			    (a->host && !b->host) || a->header ||
			    !alb_matches(a, ex) || !gateway_prefers(a, b))
				continue;
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-rule-"
				"order", conv_pos(c, b->node), "Ingress '%s/%s': "
				"path '%s' of host '%s' comes after path '%s' "
				"of Ingress '%s/%s' in the ALB's rule order "
				"(group.order, namespace/name, path type), "
				"which catches its requests ('%s') first; "
				"Gateway API prefers the more specific match, "
				"so those requests now reach this path's "
				"backend", b->ing->ns, b->ing->name, b->path,
				b->host ? b->host : "*", a->path, a->ing->ns,
				a->ing->name, ex);
			diag_add_note(c->sink, conv_pos(c, a->node),
				"the earlier ALB rule that wins today");
			break;
		}
	}
}

/* Rules of two IngressGroups for one host: two load balancers (two
 * addresses) in ALB, one Gateway in the output. Said once per pair of
 * groups and host, at the later group's first path. */
static void
merged_groups(struct conv *c)
{
	struct conv_alb *t = c->alb;
	struct strmap said = STRMAP_INIT;

	for (size_t j = 0; j < t->nrules; j++) {
		const struct alb_rule *b = &t->rules[j];

		for (size_t i = 0; i < j; i++) {
			const struct alb_rule *a = &t->rules[i];
			char *k;

			if (!strcmp(a->group, b->group) || a->deflt ||
			    b->deflt || (a->host == NULL) != (b->host == NULL) ||
			    (a->host && strcasecmp(a->host, b->host)))
				continue;
			k = arena_printf(c->a, "%s\n%s\n%s", a->group,
				b->group, b->host ? b->host : "");
			if (strmap_get(&said, k))
				continue;
			strmap_put(&said, k, (void *)1);
			diag_add(c->sink, DIAG_WARNING, "convert/aws-alb-group-"
				"merged", conv_pos(c, b->node), "Ingress '%s/%s': "
				"host '%s' has rules in IngressGroup '%s' and in "
				"IngressGroup '%s' (Ingress '%s/%s'): two load "
				"balancers with their own addresses, where DNS "
				"chose one; the output puts both on one Gateway, "
				"where their paths share one precedence",
				b->ing->ns, b->ing->name, b->host ? b->host : "*",
				b->group, a->group, a->ing->ns, a->ing->name);
			diag_add_note(c->sink, conv_pos(c, a->node), "the "
				"other group's path");
			break;
		}
	}
	strmap_release(&said);
}

static void
alb_finish(struct conv *c)
{
	if (!c->alb)
		return;
	compare_rules(c);
	merged_groups(c);
}

static void
alb_release(struct conv *c)
{
	struct conv_alb *t = c->alb;

	if (!t)
		return;
	free(t->ings);
	free(t->rules);
	k8s_objects_release(&t->objs);
	strmap_release(&t->svcs);
	strmap_release(&t->redirected);
	free(t);
	c->alb = NULL;
}

const struct conv_provider conv_provider_alb = {
	.name = "aws-alb",
	.summary = "the AWS Load Balancer Controller's Ingress support: its "
		"alb.ingress.kubernetes.io annotations, IngressGroups and "
		"ALB rule order",
	.serves = alb_serves,
	.begin = alb_begin,
	.accept = alb_accept,
	.lower = alb_lower,
	.finish = alb_finish,
	.release = alb_release,
	.shares_lowering = true,
};
