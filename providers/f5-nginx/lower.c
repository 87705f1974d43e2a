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
#include "providers/f5-nginx/annotations.h"
#include "providers/provider.h"
#include "strbuf.h"

/*
 * F5 NGINX Ingress Controller, lowered into the IR: one nginx server per
 * host, held by the oldest Ingress (or the master of mergeable ones), its
 * locations from the paths (version1/nginx.ingress.tmpl), the HTTP to
 * HTTPS redirect of a server with TLS, the rewrites, headers and the
 * rest, each said at its line where Gateway API differs.
 *
 * Paths: Prefix and ImplementationSpecific become `location /p`, an nginx
 * prefix location that compares characters (it matches '/px' too);
 * Exact becomes `location = /p`; nginx.org/path-regex makes them `~
 * "^p"`, `~* "^p"` or `= "p"`.
 */

struct f5_ing {
	const struct ingress *ing;
	struct prov_f5_settings s;
	const struct f5_ing *master;	/* a minion's */
	bool rejected;			/* by the admission, or host-less */
	const char *why;
	const struct doc_node *why_node;
	bool said;
};

struct conv_f5nginx {
	struct f5_ing **ings;		/* by index in c->w->ingresses */
	struct strmap hosts;		/* host -> the f5_ing that holds it */
	struct strmap paths;		/* "host\npath" -> minion holding it */
	struct k8s_objects objs;	/* Policy objects */
	bool objs_loaded;
};

static struct f5_ing *
f5_of(const struct conv *c, const struct ingress *ing)
{
	const struct ingress *base = c->w->ingresses;

	if (!c->f5nginx || ing < base || ing >= base + c->w->ningresses)
		return NULL;
	return c->f5nginx->ings[ing - base];
}

static bool
f5_serves(const struct conv *c, const struct ingress *ing)
{
	return prov_f5_serves(c->w, ing);
}

static bool
f5_wants(const struct conv *c, const struct ingress *ing)
{
	return conv_provider_of(c, ing) == &conv_provider_f5nginx;
}

static const struct doc_node *
key_node(const struct f5_ing *fi, const char *key)
{
	const struct prov_f5_slot *sl = prov_f5_slot(&fi->s, key);

	return sl && sl->key_node ? sl->key_node : fi->ing->obj->root;
}

static bool
is_set(const struct f5_ing *fi, const char *key)
{
	const struct prov_f5_slot *sl = prov_f5_slot(&fi->s, key);

	return sl && sl->key_node && !sl->bad;
}

/* ---- admission -------------------------------------------------------- */

/* validatePath: '/' first, no whitespace or ';', no "//" start, no ".."
 * segment, no {letters}. NULL when fine. */
static const char *
bad_path(const char *p, bool given, enum ing_path_type t)
{
	const char *q;

	if (!given || !*p)
		return t == ING_PATH_IMPLEMENTATION_SPECIFIC ? NULL :
			"path is required for Exact and Prefix";
	if (p[0] != '/')
		return "must start with '/'";
	if (p[1] == '/')
		return "protocol-relative URIs are not allowed";
	for (q = p; *q; q++)
		if (isspace((unsigned char)*q) || *q == ';')
			return "must not include whitespace or ';'";
	for (q = p; (q = strstr(q, "..")); q++)
		if ((q == p || q[-1] == '/' || q[-1] == '\\') &&
		    (!q[2] || q[2] == '/' || q[2] == '\\'))
			return "must not contain '..' segments";
	for (q = p; (q = strchr(q, '{')); q++) {
		const char *e = strchr(q, '}');

		for (const char *r = q; e && r < e; r++)
			if (isalpha((unsigned char)*r))
				return "must not include curly braces "
					"containing letters";
	}
	return NULL;
}

/* validateIngress, the spec part; NULL when fine. */
static const char *
bad_spec(const struct f5_ing *fi, const struct doc_node **at)
{
	const struct ingress *ing = fi->ing;

	*at = ing->obj->root;
	if (!ing->nrules)
		return "it has no rules (F5 NGINX requires them; a "
			"defaultBackend alone is not served)";
	for (size_t r = 0; r < ing->nrules; r++) {
		const struct ing_rule *ru = &ing->rules[r];

		*at = ru->node ? ru->node : ing->obj->root;
		if (!ru->host)
			return "a rule has no host (F5 NGINX needs "
				"-allow-empty-ingress-host for that, off by "
				"default)";
		for (size_t j = 0; j < r; j++)
			if (ing->rules[j].host &&
			    !strcmp(ing->rules[j].host, ru->host))
				return "two rules have the same host";
		for (size_t p = 0; p < ru->npaths; p++) {
			const struct ing_path *ip = &ru->paths[p];
			const char *why = bad_path(ip->path, ip->path_given,
				ip->type);

			if (why) {
				*at = ip->path_node ? ip->path_node : ip->node;
				return why;
			}
			if (!ip->backend.service) {
				*at = ip->node;
				return "a path has no Service backend "
					"(resource backends are not supported)";
			}
		}
	}
	if (fi->s.merge == PROV_F5_MASTER) {
		if (ing->nrules != 1)
			return "a master must have exactly one rule";
		if (ing->rules[0].npaths) {
			*at = ing->rules[0].paths[0].node;
			return "a master must have no paths (its minions hold "
				"them)";
		}
	}
	if (fi->s.merge == PROV_F5_MINION) {
		if (ing->ntls)
			return "a minion must have no tls section (its master "
				"holds the certificates)";
		if (ing->nrules != 1 || !ing->rules[0].npaths)
			return "a minion must have one rule with paths";
	}
	return NULL;
}

/* ---- begin: servers and mergeable Ingresses ---------------------------- */

/*
 * The class 'nginx' without an IngressClass is the default of both
 * ingress-nginx and F5 NGINX. ing2gw gives it to F5 NGINX when the
 * Ingress's F5 NGINX keys outnumber its ingress-nginx keys, and says
 * which way it went whenever the Ingress has keys of F5 NGINX.
 */
static void
bare_class(struct conv *c, const struct ingress *ing)
{
	const struct conv_provider *p;
	const struct doc_node *at;
	int lean = prov_f5_leans(ing->annotations);
	bool own = false;

	if (!ing->class_name || strcmp(ing->class_name, PROV_F5_CLASS) ||
	    ing_world_class(c->w, ing->class_name) ||
	    conv_provider_fixed(c))
		return;
	for (size_t i = 0; i < doc_len(ing->annotations) && !own; i++) {
		const char *k = doc_str(doc_map_key(ing->annotations, i));

		own = k && prov_f5_own_key(k);
	}
	if (!own)
		return;
	p = conv_provider_of(c, ing);
	at = ing->class_annotation_node ? ing->class_annotation_node :
		ing->class_field_node ? ing->class_field_node :
		ing->obj->root;
	diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-class", conv_pos(c, at),
		"Ingress '%s/%s': the class 'nginx' has no IngressClass in the "
		"input, and both ingress-nginx and F5 NGINX take it by default; "
		"its annotations are mostly %s's, so it converts as %s%s",
		ing->ns, ing->name, lean > 0 ? "F5 NGINX" : "ingress-nginx",
		p->name, lean > 0 ? "" : " (its nginx.org/ and nginx.com/ keys "
		"are F5 NGINX's, which ingress-nginx does not read)");
}

static void
f5_begin(struct conv *c, const struct ingress **order, size_t n)
{
	struct conv_f5nginx *t = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ingress *ing = order[i];
		struct f5_ing *fi;
		const struct doc_node *at;

		if (ing)
			bare_class(c, ing);
		if (!ing || !f5_wants(c, ing))
			continue;
		if (!t) {
			t = xcalloc(1, sizeof(*t));
			t->ings = xcalloc(c->w->ningresses + 1,
				sizeof(*t->ings));
			c->f5nginx = t;
		}
		fi = arena_alloc(c->a, sizeof(*fi));
		memset(fi, 0, sizeof(*fi));
		fi->ing = ing;
		prov_f5_read(&fi->s, c->a, c->w->set, ing->annotations,
			ing->ns, ing->name, c->sink);
		t->ings[ing - c->w->ingresses] = fi;
		if (fi->s.rejected) {
			fi->rejected = true;
			fi->why = arena_printf(c->a, "annotation '%s': %s",
				fi->s.reject_key, fi->s.reject_reason ?
				fi->s.reject_reason : "invalid");
			fi->why_node = fi->s.reject_node;
		} else if ((fi->why = bad_spec(fi, &at))) {
			fi->rejected = true;
			fi->why_node = at;
		}
	}
	if (!t)
		return;
	/* the servers: the oldest plain Ingress or master holds a host */
	for (size_t i = 0; i < n; i++) {
		struct f5_ing *fi = order[i] ? f5_of(c, order[i]) : NULL;

		if (!fi || fi->rejected || fi->s.merge == PROV_F5_MINION)
			continue;
		for (size_t r = 0; r < fi->ing->nrules; r++) {
			const char *h = fi->ing->rules[r].host;

			if (h && !strmap_get(&t->hosts, h))
				strmap_put(&t->hosts, h, fi);
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct f5_ing *fi = order[i] ? f5_of(c, order[i]) : NULL;
		struct f5_ing *m;

		if (!fi || fi->rejected || fi->s.merge != PROV_F5_MINION)
			continue;
		m = strmap_get(&t->hosts, fi->ing->rules[0].host);
		if (m && m->s.merge == PROV_F5_MASTER)
			fi->master = m;
	}
}

static bool
f5_accept(struct conv *c, const struct ingress *ing)
{
	struct f5_ing *fi = f5_of(c, ing);
	const struct prov_trace *tr = c->opts->trace;

	if (!fi)
		return true;
	if (tr && tr->served)
		tr->served(tr->ctx, ing, PROV_SERVED_OTHER);
	if (fi->rejected) {
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-ingress-"
			"rejected", conv_pos(c, fi->why_node ? fi->why_node :
			ing->obj->root), "Ingress '%s/%s' is not converted: F5 "
			"NGINX rejects it (%s), so none of its paths route "
			"traffic today; fix it and convert again to carry its "
			"rules over", ing->ns, ing->name, fi->why);
		return false;
	}
	if (fi->s.merge == PROV_F5_MINION && !fi->master) {
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-mergeable",
			conv_pos(c, key_node(fi, "nginx.org/mergeable-ingress-"
			"type")), "Ingress '%s/%s' is a minion of host '%s', "
			"which has no master Ingress: F5 NGINX serves none of "
			"its paths, so they are not converted", ing->ns,
			ing->name, ing->rules[0].host);
		return false;
	}
	return true;
}

/* ---- annotations ------------------------------------------------------ */

/* Server-wide keys a minion may not set (minionDenylist). */
static const char *const minion_denied[] = {
	"nginx.org/proxy-hide-headers", "nginx.org/proxy-pass-headers",
	"nginx.org/redirect-to-https", "ingress.kubernetes.io/ssl-redirect",
	"nginx.org/ssl-redirect", "nginx.org/http-redirect-code",
	"nginx.org/hsts", "nginx.org/hsts-max-age",
	"nginx.org/hsts-include-subdomains", "nginx.org/server-tokens",
	"nginx.org/listen-ports", "nginx.org/listen-ports-ssl",
	"nginx.org/server-snippets", "nginx.org/ssl-ciphers",
	"nginx.org/ssl-prefer-server-ciphers", "nginx.org/app-root",
	"appprotect.f5.com/app-protect-enable",
	"appprotect.f5.com/app-protect-policy",
	"appprotect.f5.com/app-protect-security-log-enable",
	"appprotect.f5.com/app-protect-security-log",
	"appprotectdos.f5.com/app-protect-dos-resource", NULL };
/* Location keys a master may not set (masterDenylist). */
static const char *const master_denied[] = {
	"nginx.org/rewrites", "nginx.org/ssl-services",
	"nginx.org/grpc-services", "nginx.org/websocket-services",
	"nginx.org/sticky-cookie-services", "nginx.com/sticky-cookie-services",
	"nginx.com/health-checks", "nginx.com/health-checks-mandatory",
	"nginx.com/health-checks-mandatory-queue", "nginx.org/use-cluster-ip",
	NULL };

static bool
in(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(key, *list))
			return true;
	return false;
}

/* Whether a key is ignored on this Ingress (mergeable deny lists). */
static bool
denied(const struct f5_ing *fi, const char *key)
{
	return (fi->s.merge == PROV_F5_MINION && in(key, minion_denied)) ||
		(fi->s.merge == PROV_F5_MASTER && in(key, master_denied));
}

/* The words of a snippet that decide who may reach a location. */
static bool
snippet_restricts(const char *t)
{
	static const char *const words[] = { "allow ", "deny ", "auth_basic",
		"auth_request", "auth_jwt", "satisfy ", "return 401",
		"return 403", "app_protect", NULL };

	for (const char *const *w = words; *w; w++)
		if (strstr(t, *w))
			return true;
	return false;
}

/* Closes the routes of fi and, for a master, of its minions. */
static void
close_server(struct conv *c, const struct f5_ing *fi)
{
	conv_close(c, fi->ing, NULL, false);
	if (fi->s.merge != PROV_F5_MASTER)
		return;
	for (size_t i = 0; i < c->w->ningresses; i++) {
		const struct f5_ing *m = c->f5nginx->ings[i];

		if (m && m->master == fi)
			conv_close(c, m->ing, NULL, false);
	}
}

static void
fail_closed(struct conv *c, const struct f5_ing *fi, const char *key,
	const struct doc_node *at, const char *what)
{
	const struct ingress *ing = fi->ing;

	diag_add(c->sink, DIAG_ERROR, "convert/access-control",
		conv_pos(c, at), "Ingress '%s/%s': annotation '%s' (%s) "
		"restricts who may reach its paths; target '%s' cannot check "
		"it, so they now answer 500", ing->ns, ing->name, key, what,
		c->target->table->name);
	diag_add_note(c->sink, conv_pos(c, at), "to keep the check: an "
		"implementation's security policy (EG SecurityPolicy) written "
		"by hand, then convert with --force; on an error convert "
		"writes nothing unless --force");
	close_server(c, fi);
}

/* A Policy object of the input named by ref ("name" or "ns/name"). */
static const struct k8s_object *
policy_object(struct conv *c, const struct ingress *ing, const char *ref)
{
	const char *slash = strchr(ref, '/');
	const char *ns = ing->ns, *name = ref;

	if (slash) {
		ns = arena_strndup(c->a, ref, (size_t)(slash - ref));
		name = slash + 1;
	}
	struct conv_f5nginx *t = c->f5nginx;

	if (!t->objs_loaded) {
		struct diag_sink quiet = DIAG_SINK_INIT;

		(void)k8s_objects_collect(&t->objs, c->w->set, &quiet);
		diag_sink_release(&quiet);
		t->objs_loaded = true;
	}
	for (size_t i = 0; i < t->objs.len; i++) {
		const struct k8s_object *o = &t->objs.items[i];

		if (o->kind && !strcmp(o->kind, "Policy") && o->name &&
		    !strcmp(o->name, name) && o->api_version &&
		    !strncmp(o->api_version, "k8s.nginx.org/", 14) &&
		    !strcmp(o->ns ? o->ns : "default", ns))
			return o;
	}
	return NULL;
}

static void
policies(struct conv *c, const struct f5_ing *fi, const char *key)
{
	static const char *const access[] = { "accessControl", "jwt", "oidc",
		"basicAuth", "apiKey", "ingressMTLS", "waf", "externalAuth",
		NULL };
	const struct ingress *ing = fi->ing;
	const struct doc_node *at = key_node(fi, key);

	for (size_t i = 0; i < fi->s.policies.len; i++) {
		const char *ref = fi->s.policies.v[i];
		const struct k8s_object *o = policy_object(c, ing, ref);
		const struct doc_node *spec = o ? doc_get(o->root, "spec") :
			NULL;
		const char *kind = NULL;

		for (size_t k = 0; k < doc_len(spec); k++) {
			const char *sk = doc_str(doc_map_key(spec, k));

			if (sk && strcmp(sk, "ingressClassName"))
				kind = sk;
		}
		if (!o || !kind || in(kind, access)) {
			diag_add(c->sink, DIAG_ERROR, "convert/access-control",
				conv_pos(c, at), "Ingress '%s/%s': annotation "
				"'%s': Policy '%s' %s%s%s; target '%s' cannot "
				"check it, so the paths now answer 500",
				ing->ns, ing->name, key, ref, o ? "(" : "is not "
				"in the input, so it may restrict who reaches "
				"the paths", o ? kind : "", o ? ") restricts "
				"who may reach its paths" : "",
				c->target->table->name);
			diag_add_note(c->sink, conv_pos(c, o ? o->root : at),
				"to keep the check: an implementation's "
				"security policy (EG SecurityPolicy), then "
				"convert with --force");
			close_server(c, fi);
			continue;
		}
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
			"converted", conv_pos(c, at), "Ingress '%s/%s': "
			"Policy '%s' (%s) is not converted; to keep it: an "
			"implementation's policy", ing->ns, ing->name, ref,
			kind);
	}
}

static void
report_annotations(struct conv *c, struct f5_ing *fi)
{
	const struct ingress *ing = fi->ing;
	const struct doc_node *anns = ing->annotations;

	for (size_t i = 0; i < doc_len(anns); i++) {
		const struct doc_node *k = doc_map_key(anns, i);
		const char *key = doc_str(k);
		const struct prov_annotation *a;
		unsigned dropped;	/* the targets that do not carry it */
		const struct prov_f5_slot *sl;

		if (!key || !strcmp(key, "kubernetes.io/ingress.class") ||
		    !strcmp(key,
		    "kubectl.kubernetes.io/last-applied-configuration"))
			continue;
		if (!prov_f5_own_key(key)) {
			conv_report_annotation(c, ing, k);
			continue;
		}
		a = prov_f5_lookup(key);
		if (!a)
			continue;	/* the reader said it */
		sl = &fi->s.slots[prov_f5_index(a)];
		if (sl->key_node != k)
			continue;
		if (denied(fi, key)) {
			diag_add(c->sink, DIAG_WARNING,
				"convert/f5-nginx-mergeable", conv_pos(c, k),
				"Ingress '%s/%s': annotation '%s' has no effect "
				"on a %s; F5 NGINX ignores it there (set it on "
				"the %s)", ing->ns, ing->name, key,
				fi->s.merge == PROV_F5_MINION ? "minion" :
				"master", fi->s.merge == PROV_F5_MINION ?
				"master" : "minions");
			continue;
		}
		if (a->kind == PROV_KIND_NGINX) {
			if (snippet_restricts(sl->text)) {
				fail_closed(c, fi, key, k, "raw nginx "
					"configuration with an access check: "
					"allow, deny, auth_* or return 401/403");
				continue;
			}
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-"
				"snippet", conv_pos(c, k), "Ingress '%s/%s': "
				"annotation '%s' holds raw nginx configuration, "
				"which has no Gateway API equivalent; it is not "
				"carried over (F5 NGINX applies it only with "
				"-enable-snippets)", ing->ns, ing->name, key);
			continue;
		}
		if (!strcmp(key, "nginx.org/basic-auth-secret")) {
			unsigned unchecked = conv_unclaimed(c,
				IR_FEAT_BASIC_AUTH);

			if (conv_target_claims(c, IR_FEAT_BASIC_AUTH)) {
				struct ir_feature f = {
					.kind = IR_FEAT_BASIC_AUTH, .ing = ing,
					.key = key, .node = k };

				f.u.basic.secret = fi->s.basic_auth_secret;
				PUSH(c->features, c->nfeatures, f);
			}
			if (unchecked) {
				conv_only(c, unchecked);
				fail_closed(c, fi, key, k, "basic "
					"authentication");
				conv_only(c, conv_all_targets(c));
			}
			continue;
		}
		if (!strcmp(key, "nginx.com/jwt-key")) {
			fail_closed(c, fi, key, k, "JWT validation");
			continue;
		}
		if (!strcmp(key, "appprotect.f5.com/app-protect-enable") &&
		    fi->s.app_protect) {
			fail_closed(c, fi, key, k, "App Protect WAF");
			continue;
		}
		if (!strcmp(key,
		    "appprotectdos.f5.com/app-protect-dos-resource")) {
			fail_closed(c, fi, key, k, "App Protect DoS");
			continue;
		}
		if (!strcmp(key, "nginx.org/policies") ||
		    !strcmp(key, "nginx.com/policies")) {
			policies(c, fi, key);
			continue;
		}
		if (!strcmp(key, "nginx.org/proxy-hide-headers")) {
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
				"converted", conv_pos(c, k), "Ingress '%s/%s': "
				"annotation '%s' (%s) is not converted: ing2gw "
				"writes no header removal yet; to keep it: %s",
				ing->ns, ing->name, key, a->desc, a->gateway);
			continue;
		}
		if (!strcmp(key, "nginx.org/websocket-services")) {
			diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-"
				"websocket", conv_pos(c, k), "Ingress '%s/%s': "
				"annotation '%s' needs nothing: Gateway API "
				"implementations pass WebSocket upgrades "
				"(check the idle timeout of long connections)",
				ing->ns, ing->name, key);
			continue;
		}
		/* converted by the routes below, or said there */
		if (a->std || !strcmp(key, "nginx.org/basic-auth-realm") ||
		    !strncmp(key, "nginx.com/jwt-", 14) ||
		    !strcmp(key, "nginx.org/redirect-to-https") ||
		    !strcmp(key, "appprotect.f5.com/app-protect-policy") ||
		    !strcmp(key, "appprotect.f5.com/app-protect-enable"))
			continue;
		dropped = a->feature ? conv_unclaimed(c, a->feature) :
			conv_all_targets(c);
		if (!dropped)
			continue;
		conv_only(c, dropped);
		if (a->cls == PROV_CLASS_C_PERF)
			diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-tuning",
				conv_pos(c, k), "Ingress '%s/%s': annotation "
				"'%s' (%s) is dropped; it tunes nginx and does "
				"not change which backend answers; the nearest "
				"setting: %s", ing->ns, ing->name, key, a->desc,
				a->gateway);
		else
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
				"converted", conv_pos(c, k), "Ingress '%s/%s': "
				"annotation '%s' (%s) is not converted; to keep "
				"it: %s", ing->ns, ing->name, key, a->desc,
				a->gateway);
		conv_only(c, conv_all_targets(c));
	}
}

/* The features the target claims, from the Ingress's (or, for a minion,
 * its master's inherited) settings. */
static void
features(struct conv *c, const struct f5_ing *fi)
{
	const struct prov_f5_settings *s = &fi->s;
	const struct prov_f5_settings *ms = fi->master ? &fi->master->s :
		NULL;
	const struct ingress *ing = fi->ing;

	if (fi->s.merge == PROV_F5_MASTER)
		return;		/* its minions inherit them */
	if (conv_target_claims(c, IR_FEAT_TIMEOUTS)) {
		long long conn = s->connect_timeout ? s->connect_timeout :
			ms ? ms->connect_timeout : 0;
		long long rd = s->read_timeout ? s->read_timeout :
			ms ? ms->read_timeout : 0;
		long long sd = s->send_timeout ? s->send_timeout :
			ms ? ms->send_timeout : 0;

		if (conn || rd || sd) {
			const struct f5_ing *o = s->connect_timeout ||
				s->read_timeout || s->send_timeout ? fi :
				fi->master;
			const char *k = rd ? "nginx.org/proxy-read-timeout" :
				sd ? "nginx.org/proxy-send-timeout" :
				"nginx.org/proxy-connect-timeout";
			struct ir_feature f = { .kind = IR_FEAT_TIMEOUTS,
				.ing = ing, .key = k, .node = key_node(o, k) };

			f.u.timeouts.connect = conn;
			f.u.timeouts.idle = rd > sd ? rd : sd;
			PUSH(c->features, c->nfeatures, f);
		}
	}
	if (conv_target_claims(c, IR_FEAT_BODY_SIZE)) {
		long long b = s->body_size >= 0 ? s->body_size :
			ms ? ms->body_size : -1;

		if (b > 0) {
			struct ir_feature f = { .kind = IR_FEAT_BODY_SIZE,
				.ing = ing, .key = "nginx.org/client-max-body-"
				"size", .node = key_node(s->body_size >= 0 ?
				fi : fi->master,
				"nginx.org/client-max-body-size") };

			f.u.body.bytes = b;
			PUSH(c->features, c->nfeatures, f);
		}
	}
	if (conv_target_claims(c, IR_FEAT_LOAD_BALANCING)) {
		const char *m = s->lb_method ? s->lb_method : ms ?
			ms->lb_method : NULL;

		if (m) {
			struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING,
				.ing = ing, .key = "nginx.org/lb-method",
				.node = key_node(s->lb_method ? fi :
				fi->master, "nginx.org/lb-method") };

			f.u.lb.kind = !strcmp(m, "round_robin") ?
				IR_LB_ROUND_ROBIN : !strcmp(m, "least_conn") ?
				IR_LB_LEAST_REQUEST : !strcmp(m, "ip_hash") ?
				IR_LB_HASH_SOURCE_IP : !strncmp(m, "hash ", 5) ?
				IR_LB_HASH_OTHER : IR_LB_OTHER;
			f.u.lb.expr = m;
			PUSH(c->features, c->nfeatures, f);
		}
		if (s->nsticky) {
			struct ir_feature f = { .kind = IR_FEAT_LOAD_BALANCING,
				.ing = ing, .key = "nginx.org/sticky-cookie-"
				"services", .node = key_node(fi,
				is_set(fi, "nginx.com/sticky-cookie-services") ?
				"nginx.com/sticky-cookie-services" :
				"nginx.org/sticky-cookie-services") };
			const char *v = s->sticky[0].value;

			f.u.lb.kind = IR_LB_COOKIE_AFFINITY;
			f.u.lb.name = arena_strndup(c->a, v, strcspn(v, " "));
			PUSH(c->features, c->nfeatures, f);
		}
	}
}

/* ---- paths ------------------------------------------------------------ */

struct f5_plan {
	const char *type;	/* Gateway API match type */
	const char *value;
	int nginx;		/* 0 prefix, 1 exact, 2 regex */
};

/* A regex location's pattern (anchored at the start, searched to the
 * end) as a whole-path expression. */
static const char *
regex_value(struct conv *c, const char *p, bool nocase)
{
	size_t n = strlen(p);
	bool end = n && p[n - 1] == '$' && (n < 2 || p[n - 2] != '\\');

	return arena_printf(c->a, "%s%s%s", nocase ? "(?i)" : "", p,
		end ? "" : ".*");
}

static void
plan_path(struct conv *c, const struct f5_ing *fi, const struct ing_path *p,
	struct f5_plan *pl)
{
	const char *path = p->path_given && *p->path ? p->path : "/";

	pl->value = path;
	switch (fi->s.path_regex) {
	case PROV_F5_REGEX_CASE:
	case PROV_F5_REGEX_NOCASE:
		pl->type = "RegularExpression";
		pl->value = regex_value(c, path,
			fi->s.path_regex == PROV_F5_REGEX_NOCASE);
		pl->nginx = 2;
		return;
	case PROV_F5_REGEX_EXACT:
		pl->type = "Exact";
		pl->nginx = 1;
		return;
	default:
		break;
	}
	if (p->type == ING_PATH_EXACT) {
		pl->type = "Exact";
		pl->nginx = 1;
	} else {
		pl->type = "PathPrefix";
		pl->nginx = 0;
	}
}

static void
prefix_note(struct conv *c, const struct ingress *ing, const char *path,
	const struct doc_node *at)
{
	size_t n = strlen(path);

	if (n <= 1)
		return;
	if (path[n - 1] == '/')
		diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-prefix",
			conv_pos(c, at), "Ingress '%s/%s': nginx's prefix "
			"location '%s' compares characters and does not match "
			"'%.*s'; the Gateway API PathPrefix '%s' ignores the "
			"trailing '/' and matches '%.*s' too", ing->ns,
			ing->name, path, (int)(n - 1), path, path, (int)(n - 1),
			path);
	else
		diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-prefix",
			conv_pos(c, at), "Ingress '%s/%s': nginx's prefix "
			"location '%s' compares characters, so '%sx' reached "
			"this backend too; the Gateway API PathPrefix '%s' "
			"matches whole segments ('%s', '%s/...'), so such "
			"requests go elsewhere now", ing->ns, ing->name, path,
			path, path, path, path);
}

/* The rewrite of the Service of a path (nginx.org/rewrites). */
static const char *
rewrite_of(const struct f5_ing *fi, const char *svc)
{
	for (size_t i = 0; svc && i < fi->s.nrewrites; i++)
		if (!strcmp(fi->s.rewrites[i].service, svc))
			return fi->s.rewrites[i].value;
	return NULL;
}

struct f5_host {
	const struct f5_ing *server;	/* plain Ingress or master */
	bool https_only;		/* redirected from HTTP */
	bool tls;
};

static void
add_filters(struct conv *c, const struct f5_ing *fi, const struct f5_host *h,
	struct rule *rule, const struct f5_plan *pl, const struct ing_path *p,
	const struct doc_node *at)
{
	const struct ingress *ing = fi->ing;
	const char *rw = rewrite_of(fi, p->backend.service);
	const struct f5_ing *srv = h->server;

	if (rw) {
		struct ir_url_rewrite *u;
		const struct doc_node *kn = key_node(fi, "nginx.org/rewrites");
		size_t n = strlen(pl->value);

		if (pl->nginx == 2) {
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-"
				"rewrite", conv_pos(c, kn), "Ingress '%s/%s': "
				"the rewrite of Service '%s' is on a regex "
				"location, where nginx refuses a proxy_pass "
				"with a URI; it is not converted", ing->ns,
				ing->name, p->backend.service);
		} else {
			u = &ir_filter_add(&c->ir_arena, rule,
				IR_FILTER_URL_REWRITE, kn)->u.rewrite;
			u->path_kind = pl->nginx == 1 ? IR_PATH_FULL :
				IR_PATH_PREFIX;
			u->path = rw;
			if (pl->nginx == 0 && n > 1 &&
			    pl->value[n - 1] != '/' &&
			    rw[strlen(rw) - 1] == '/')
				diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-"
					"rewrite", conv_pos(c, kn), "Ingress "
					"'%s/%s': nginx replaces the characters "
					"'%s' of '%s/x' by '%s', giving '%s/x' "
					"(two slashes); ReplacePrefixMatch "
					"gives '%sx'", ing->ns, ing->name,
					pl->value, pl->value, rw, rw, rw);
		}
	} else if (fi->s.rewrite_target) {
		const struct doc_node *kn = key_node(fi,
			"nginx.org/rewrite-target");

		if (strchr(fi->s.rewrite_target, '$')) {
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-"
				"rewrite", conv_pos(c, kn), "Ingress '%s/%s': "
				"rewrite-target '%s' uses regex captures, which "
				"standard Gateway API cannot; it is not "
				"converted", ing->ns, ing->name,
				fi->s.rewrite_target);
		} else {
			struct ir_url_rewrite *u = &ir_filter_add(&c->ir_arena,
				rule, IR_FILTER_URL_REWRITE, kn)->u.rewrite;

			u->path_kind = IR_PATH_FULL;
			u->path = fi->s.rewrite_target;
		}
	}
	if (fi->s.nset_headers || (fi->master &&
	    fi->master->s.nset_headers)) {
		struct ir_filter *f = NULL;
		const struct prov_f5_settings *ms = fi->master ?
			&fi->master->s : NULL;
		size_t nown = fi->s.nset_headers;
		size_t nall = nown + (ms ? ms->nset_headers : 0);

		/* a minion's headers, then its master's it does not set
		 * (MergeProxySetHeaders) */
		for (size_t i = 0; i < nall; i++) {
			const struct prov_f5_header *hd = i < nown ?
				&fi->s.set_headers[i] :
				&ms->set_headers[i - nown];
			bool dup = false;

			for (size_t j = 0; i >= nown && j < nown; j++)
				dup |= !strcasecmp(fi->s.set_headers[j].name,
					hd->name);
			if (dup)
				continue;

			if (!hd->value || strchr(hd->value, '$')) {
				if (rule->nmatches == 1)
					diag_add(c->sink, DIAG_WARNING,
						"convert/f5-nginx-not-"
						"converted", conv_pos(c,
						key_node(i < nown ? fi :
						fi->master, "nginx.org/proxy-"
						"set-headers")), "Ingress "
						"'%s/%s': header '%s' of "
						"proxy-set-headers takes an "
						"nginx variable (%s), which no "
						"Gateway API filter sets; it is "
						"not converted", ing->ns,
						ing->name, hd->name, hd->value ?
						hd->value : "the client's own "
						"header");
				continue;
			}
			if (!f)
				f = ir_filter_add(&c->ir_arena, rule,
					IR_FILTER_REQUEST_HEADERS, key_node(nown ?
					fi : fi->master,
					"nginx.org/proxy-set-headers"));
			ir_headers_add(&c->ir_arena, f, hd->name, hd->value);
		}
	}
	if (fi->s.scratch_add_header) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_RESPONSE_HEADERS, key_node(fi,
			"nginx.org/add-header"));
		const char *t = fi->s.scratch_add_header;

		while (*t) {
			size_t n = strcspn(t, ",");
			char *item = arena_strndup(c->a, t, n);
			char *colon = strchr(item, ':'), *v, *e;

			t += n + (t[n] == ',');
			if (!colon)
				continue;
			*colon = '\0';
			v = colon + 1;
			if ((e = strrchr(v, ':')) && !strcmp(e, ":always"))
				*e = '\0';
			while (*item == ' ')
				item++;
			while (*v == ' ')
				v++;
			for (e = item + strlen(item); e > item && e[-1] == ' ';)
				*--e = '\0';
			for (e = v + strlen(v); e > v && e[-1] == ' ';)
				*--e = '\0';
			if (*item)
				ir_headers_add(&c->ir_arena, f, item, v);
		}
	}
	if (srv->s.hsts && h->tls && h->https_only) {
		struct ir_filter *f = ir_filter_add(&c->ir_arena, rule,
			IR_FILTER_RESPONSE_HEADERS, key_node(srv,
			"nginx.org/hsts"));

		ir_headers_add(&c->ir_arena, f, "Strict-Transport-Security",
			arena_printf(c->a, "max-age=%lld; %spreload",
			srv->s.hsts_max_age, srv->s.hsts_subdomains ?
			"includeSubDomains; " : ""));
	}
	(void)at;
}

static void
lower_path(struct conv *c, struct gateway *gw, const struct f5_ing *fi,
	const struct f5_host *h, struct route *r, size_t ri, size_t pi)
{
	const struct ingress *ing = fi->ing;
	const struct ing_rule *rule = &ing->rules[ri];
	const struct ing_path *p = &rule->paths[pi];
	const struct doc_node *at = p->path_node ? p->path_node : p->node;
	struct f5_plan pl;
	struct strbuf where = STRBUF_INIT;
	struct match m = { 0 };
	struct rule *ru;
	const char *why;
	int port = 0;
	bool usable;

	(void)gw;
	plan_path(c, fi, p, &pl);
	if (fi->s.merge == PROV_F5_MINION) {
		const char *k = arena_printf(c->a, "%s\n%s%s", rule->host,
			pl.nginx == 1 ? "= " : "", pl.value);
		const struct f5_ing *o = strmap_get(&c->f5nginx->paths, k);

		if (o && o != fi) {
			diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-"
				"mergeable", conv_pos(c, at), "Ingress '%s/%s': "
				"path '%s' of host '%s' is already a location "
				"of the older minion '%s/%s'; F5 NGINX keeps "
				"that one, so this path is left out", ing->ns,
				ing->name, p->path, rule->host, o->ing->ns,
				o->ing->name);
			return;
		}
		strmap_put(&c->f5nginx->paths, k, (void *)fi);
	}
	if (pl.nginx != 2 && (why = gwcheck_path(pl.type, pl.value))) {
		diag_add(c->sink, DIAG_ERROR, "convert/invalid-path",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is not a "
			"valid Gateway API %s value (%s); it is left out",
			ing->ns, ing->name, p->path, pl.type, why);
		return;
	}
	strbuf_addf(&where, "the backend of path '%s'", p->path);
	usable = conv_usable_backend(c, ing, &p->backend, where.buf, &port);
	strbuf_release(&where);
	if (!usable)
		return;
	if (pl.nginx == 0)
		prefix_note(c, ing, pl.value, at);
	if (pl.nginx == 2)
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-path-regex",
			conv_pos(c, at), "Ingress '%s/%s': path '%s' is an "
			"nginx regex location (nginx.org/path-regex %s), "
			"matched from the start of the path; it becomes the "
			"RegularExpression '%s' on the whole path, whose "
			"syntax and support belong to the implementation, and "
			"nginx tries regex locations in order after the "
			"longest prefix, where Gateway API ranks matches by "
			"type and length", ing->ns, ing->name, p->path,
			fi->s.path_regex == PROV_F5_REGEX_NOCASE ?
			"case_insensitive" : "case_sensitive", pl.value);
	m.type = pl.type;
	m.value = pl.value;
	m.node = at;
	if (strcmp(pl.value, p->path))
		m.src = p->path;
	ru = conv_route_add(c, r, &m, p->backend.service, port,
		arena_printf(c->a, "%s %s", rewrite_of(fi, p->backend.service) ?
		p->path : "", pl.type));
	if (ru->nmatches == 1)
		add_filters(c, fi, h, ru, &pl, p, at);
	if (prov_f5_has(&fi->s.ssl_services, p->backend.service) &&
	    ru->nmatches == 1)
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
			"converted", conv_pos(c, key_node(fi,
			"nginx.org/ssl-services")), "Ingress '%s/%s': Service "
			"'%s' is reached over TLS without checking its "
			"certificate (nginx.org/ssl-services); Gateway API "
			"sends plain HTTP unless a BackendTLSPolicy (with the "
			"CA and name to verify) is written by hand", ing->ns,
			ing->name, p->backend.service);
	if (prov_f5_has(&fi->s.grpc_services, p->backend.service) &&
	    ru->nmatches == 1)
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
			"converted", conv_pos(c, key_node(fi,
			"nginx.org/grpc-services")), "Ingress '%s/%s': Service "
			"'%s' is reached with gRPC (HTTP/2); the HTTPRoute "
			"sends HTTP/1.1 unless the Service port has appProtocol "
			"kubernetes.io/h2c, or write a GRPCRoute", ing->ns,
			ing->name, p->backend.service);
}

/* The HTTP side of a server with TLS: every request redirected. */
static void
redirect_route(struct conv *c, struct gateway *gw, const struct f5_ing *fi,
	const char *host)
{
	const struct f5_ing *srv = fi->master ? fi->master : fi;
	struct route *redir = conv_route_new(c, gw, fi->ing, host);
	struct match m = { .type = "PathPrefix", .value = "/" };
	struct rule *rule;
	struct ir_redirect *f;
	const struct doc_node *at = is_set(srv, "nginx.org/ssl-redirect") ?
		key_node(srv, "nginx.org/ssl-redirect") :
		is_set(srv, "ingress.kubernetes.io/ssl-redirect") ?
		key_node(srv, "ingress.kubernetes.io/ssl-redirect") :
		conv_https_listener(gw, host)->node;

	redir->suffix = "http-redirect";
	redir->section = "http";
	m.node = at;
	rule = conv_route_add(c, redir, &m, NULL, 0, "ssl-redirect");
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		at)->u.redirect;
	f->scheme = "https";
	f->port = 443;
	f->code = (int)srv->s.redirect_code;
}

static void
app_root(struct conv *c, struct route *r, const struct f5_ing *srv)
{
	struct match m = { .type = "Exact", .value = "/" };
	struct rule *rule;
	struct ir_redirect *f;

	m.node = key_node(srv, "nginx.org/app-root");
	rule = conv_route_add(c, r, &m, NULL, 0, "app-root");
	rule->solo = true;
	f = &ir_filter_add(&c->ir_arena, rule, IR_FILTER_REDIRECT,
		m.node)->u.redirect;
	f->path_kind = IR_PATH_FULL;
	f->path = srv->s.app_root;
	f->code = 302;
}

static void
lower_host(struct conv *c, struct gateway *gw, struct f5_ing *fi, size_t ri)
{
	const struct ingress *ing = fi->ing;
	const struct ing_rule *rule = &ing->rules[ri];
	struct f5_host h = { 0 };
	struct route *r;
	const struct f5_ing *holder = strmap_get(&c->f5nginx->hosts,
		rule->host);

	h.server = fi->master ? fi->master : fi;
	if (fi->s.merge != PROV_F5_MINION && holder != fi) {
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-host-"
			"collision", conv_pos(c, rule->host_node ?
			rule->host_node : rule->node), "Ingress '%s/%s': host "
			"'%s' is held by the older Ingress '%s/%s'; F5 NGINX "
			"serves one Ingress per host (mergeable Ingresses "
			"share one), so this rule is left out", ing->ns,
			ing->name, rule->host, holder ? holder->ing->ns : "?",
			holder ? holder->ing->name : "?");
		return;
	}
	if (!conv_host_usable(c, ing, rule->host, rule->host_node))
		return;
	if (!rule->npaths && fi->s.merge != PROV_F5_MASTER)
		return;
	h.tls = conv_https_listener(gw, rule->host) != NULL;
	h.https_only = h.tls && h.server->s.ssl_redirect;
	if (fi->s.merge == PROV_F5_MASTER) {
		/* the master's HTTP redirect and app-root: the server's */
		if (h.https_only)
			redirect_route(c, gw, fi, rule->host);
		if (fi->s.app_root) {
			r = conv_route_for(c, gw, ing, rule->host);
			if (h.https_only)
				r->section_https = conv_https_listener(gw,
					rule->host)->hostname;
			app_root(c, r, fi);
		}
		return;
	}
	r = conv_route_for(c, gw, ing, rule->host);
	if (h.https_only)
		r->section_https = conv_https_listener(gw,
			rule->host)->hostname;
	if (h.https_only && !fi->master)
		redirect_route(c, gw, fi, rule->host);
	if (!fi->master && fi->s.app_root)
		app_root(c, r, fi);
	for (size_t p = 0; p < rule->npaths; p++)
		lower_path(c, gw, fi, &h, r, ri, p);
	if (h.server->s.redirect_to_https && !fi->said) {
		fi->said = true;
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-ssl-"
			"redirect", conv_pos(c, key_node(h.server,
			"nginx.org/redirect-to-https")), "Ingress '%s/%s': F5 "
			"NGINX redirected to HTTPS the requests whose "
			"X-Forwarded-Proto is 'http' (TLS ended on a load "
			"balancer in front); the Gateway does not: end TLS on "
			"the Gateway (a tls section) to redirect, or keep the "
			"redirect on the load balancer", ing->ns, ing->name);
	}
	if (h.server->s.hsts && h.tls && !h.https_only && !fi->said) {
		fi->said = true;
		diag_add(c->sink, DIAG_WARNING, "convert/f5-nginx-not-"
			"converted", conv_pos(c, key_node(h.server,
			"nginx.org/hsts")), "Ingress '%s/%s': F5 NGINX sent "
			"Strict-Transport-Security on the HTTPS answers of host "
			"'%s' only; its route serves HTTP too (ssl-redirect "
			"false), so no filter can add it to HTTPS alone: it is "
			"not converted", ing->ns, ing->name, rule->host);
	}
	if (h.https_only && !fi->said) {
		fi->said = true;
		diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-ssl-redirect",
			conv_pos(c, rule->host_node ? rule->host_node :
			rule->node), "Ingress '%s/%s': host '%s' has TLS, so "
			"F5 NGINX redirected every HTTP request with %lld to "
			"'https://%s:443' and the path; the HTTP listener's "
			"route does the same (Gateway API implementations may "
			"leave ':443' out of the Location)", ing->ns, ing->name,
			rule->host, h.server->s.redirect_code, rule->host);
	}
}

static void
f5_lower(struct conv *c, struct gateway *gw, const struct ingress *ing)
{
	struct f5_ing *fi = f5_of(c, ing);

	if (!fi)
		return;
	report_annotations(c, fi);
	features(c, fi);
	if (ing->has_default_backend && fi->s.merge != PROV_F5_MINION)
		diag_add(c->sink, DIAG_INFO, "convert/f5-nginx-default-"
			"backend", conv_pos(c, ing->default_backend.node ?
			ing->default_backend.node : ing->obj->root),
			"Ingress '%s/%s': its defaultBackend answers the "
			"requests of its hosts that no path matches (location "
			"/ of the server when no path is '/'); a rule of the "
			"host's route carries it", ing->ns, ing->name);
	for (size_t r = 0; r < ing->nrules; r++)
		lower_host(c, gw, fi, r);
	if (ing->has_default_backend && fi->s.merge != PROV_F5_MINION) {
		for (size_t r = 0; r < ing->nrules; r++) {
			const struct ing_rule *rule = &ing->rules[r];
			struct route *rt;
			struct match m = { .type = "PathPrefix", .value = "/",
				.node = ing->default_backend.node };
			bool has_root = false;
			int port = 0;

			if (strmap_get(&c->f5nginx->hosts, rule->host) != fi)
				continue;
			for (size_t p = 0; p < rule->npaths; p++)
				has_root |= !strcmp(rule->paths[p].path, "/") &&
					rule->paths[p].type !=
					ING_PATH_EXACT;
			if (has_root || !conv_usable_backend(c, ing,
			    &ing->default_backend, "the defaultBackend",
			    &port))
				continue;
			rt = conv_route_for(c, gw, ing, rule->host);
			(void)conv_route_add(c, rt, &m,
				ing->default_backend.service, port, NULL);
		}
	}
}

static void
f5_release(struct conv *c)
{
	struct conv_f5nginx *t = c->f5nginx;

	if (!t)
		return;
	free(t->ings);
	strmap_release(&t->hosts);
	strmap_release(&t->paths);
	k8s_objects_release(&t->objs);
	free(t);
	c->f5nginx = NULL;
}

/*
 * F5 NGINX's data-plane defaults (the ConfigMap defaults of
 * internal/configs/config_params.go NewDefaultConfigParams and the
 * version1 templates), in the tokens of targets/target.h.
 */
static const struct tgt_behaviour f5_defaults[] = {
	{ TGT_A_BODY_SIZE, "1m", "over 1m refused with 413 "
	  "(client-max-body-size)", NULL, false },
	{ TGT_A_UNDERSCORES, "drop", "dropped", NULL, false },
	{ TGT_A_XFF, "append", "the client address appended "
	  "($proxy_add_x_forwarded_for)", NULL, false },
	{ TGT_A_PATH, "decode-merge", "matched percent-decoded, with dot "
	  "segments resolved and slashes merged", NULL, false },
	{ TGT_A_TIMEOUT, "none", "none for the whole request, 60 s between "
	  "two reads or writes (proxy-read-timeout, proxy-send-timeout)",
	  NULL, false },
	{ TGT_A_RETRY, "error-timeout-all", "a failed connection or a "
	  "timeout is tried on the next endpoint, with no limit on tries "
	  "(proxy-next-upstream)", NULL, false },
	{ TGT_A_BACKEND_PROTOCOL, "http1", "HTTP/1.1", NULL, false },
	{ TGT_A_LOAD_BALANCING, "random-two-least-conn", "random two "
	  "least_conn (lb-method)", NULL, false },
};

const struct conv_provider conv_provider_f5nginx = {
	.name = "f5-nginx",
	.summary = "F5 NGINX Ingress Controller (nginx/kubernetes-ingress): "
		"its nginx.org, nginx.com and App Protect annotations, "
		"mergeable Ingresses and nginx locations",
	.serves = f5_serves,
	.begin = f5_begin,
	.accept = f5_accept,
	.lower = f5_lower,
	.release = f5_release,
	.defaults = f5_defaults,
	.ndefaults = ARRAY_LEN(f5_defaults),
	.shares_lowering = true,
};
