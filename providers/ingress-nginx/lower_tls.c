#include "compat.h"
#include "lower_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/gwcheck.h"
#include "providers/ingress-nginx/annotations.h"
#include "strbuf.h"

/*
 * ingress-nginx's TLS towards clients and backends:
 *  - auth-tls-secret / auth-tls-verify-client: client certificates,
 *    checked per host (server block; the first Ingress of the host with
 *    a CA wins). Gateway API checks them per Gateway and port
 *    (spec.tls.frontend), so the output has them only when every HTTPS
 *    host of the Gateway asks for the same CA and mode.
 *  - proxy-ssl-*: TLS to HTTPS/GRPCS backends. A BackendTLSPolicy (v1)
 *    always verifies, so it stands for proxy-ssl-verify "on" only.
 * Both read CA bundles from a ConfigMap (key ca.crt, core support) where
 * ingress-nginx read the ca.crt of a Secret: the user copies it over.
 */

enum { VC_ON, VC_OFF, VC_OPTIONAL, VC_OPTIONAL_NO_CA };	/* table order */

static void
say(struct conv *c, enum diag_severity sev, const struct ingress *ing,
	const struct prov_nginx_settings *s, const char *key,
	const char *fmt, ...) ING2GW_PRINTF(6, 7);

static void
say(struct conv *c, enum diag_severity sev, const struct ingress *ing,
	const struct prov_nginx_settings *s, const char *key,
	const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->sink, sev, key[0] == 'a' ? "convert/nginx-client-cert" :
		"convert/nginx-backend-tls", conv_pos(c, ngx_key_node(s, ing,
		key)), "Ingress '%s/%s': annotation '%s%s': %s", ing->ns,
		ing->name, PROV_NGINX_PREFIX, key, msg);
}

/* "ns/name" or "name" (the Ingress's namespace). */
static void
split_ref(struct conv *c, const char *ref, const char *ns,
	const char **ns_out, const char **name_out)
{
	const char *sl = strchr(ref, '/');

	*ns_out = sl ? arena_strndup(c->a, ref, (size_t)(sl - ref)) : ns;
	*name_out = sl ? sl + 1 : ref;
}

static const char *
copy_hint(struct conv *c, const char *ns, const char *name)
{
	return arena_printf(c->a, "kubectl -n %s get secret %s -o "
		"jsonpath='{.data.ca\\.crt}' | base64 -d > ca.crt && kubectl "
		"-n %s create configmap %s --from-file=ca.crt", ns, name, ns,
		name);
}

/* ---- client certificates -------------------------------------------- */

struct cc_host {
	const char *host;
	const struct ingress *ing;	/* first Ingress with a CA, or NULL */
	const struct prov_nginx_settings *s;
};

struct cc_gw {
	struct cc_host *hosts;		/* HTTPS hosts of the Gateway */
	size_t nhosts;
};

/* The Gateway mode for an nginx mode, or NULL: no validation. */
static const char *
gw_mode(const struct prov_nginx_settings *s)
{
	if (!s)
		return NULL;
	switch (s->auth_tls_verify_client) {
	case VC_ON: return "AllowValidOnly";
	case VC_OPTIONAL: return "AllowInsecureFallback";
	default: return NULL;
	}
}

static bool
same_validation(struct conv *c, const struct cc_host *a,
	const struct cc_host *b)
{
	const char *na, *ma, *nb, *mb;

	if (!gw_mode(a->s) || !gw_mode(b->s))
		return false;
	if (strcmp(gw_mode(a->s), gw_mode(b->s)))
		return false;
	split_ref(c, a->s->auth_tls_secret, a->ing->ns, &na, &ma);
	split_ref(c, b->s->auth_tls_secret, b->ing->ns, &nb, &mb);
	return !strcmp(na, nb) && !strcmp(ma, mb);
}

static const char *
differences(const struct prov_nginx_settings *s)
{
	if (s->auth_tls_verify_client == VC_OPTIONAL)
		return "differences: a certificate that fails verification "
			"got 400 from nginx and is accepted by the Gateway "
			"(AllowInsecureFallback accepts a missing or invalid "
			"certificate alike); nginx told the backend the result "
			"in the ssl-client-verify header (SUCCESS, FAILED:... "
			"or NONE), the Gateway sends no such header, so a "
			"backend that checked it now sees no certificate at "
			"all";
	return "differences: nginx answered a request without a valid "
		"certificate with 400 (or auth-tls-error-page), the Gateway "
		"refuses the TLS handshake; nginx accepted chains up to "
		"auth-tls-verify-depth (1: certificates signed by the CA "
		"itself), the Gateway's depth is the implementation's; the "
		"ssl-client-verify, ssl-client-subject-dn and "
		"ssl-client-issuer-dn headers are no longer sent to the "
		"backend";
}

/* What a host whose Ingress has a CA gets when nothing is generated. */
static void
not_generated(struct conv *c, const struct gateway *gw,
	const struct cc_gw *g, const struct cc_host *h)
{
	const struct cc_host *other = NULL;
	size_t nother = 0;

	for (size_t i = 0; i < g->nhosts; i++)
		if (!same_validation(c, h, &g->hosts[i])) {
			if (!other)
				other = &g->hosts[i];
			nother++;
		}
	/* fail closed: without the check the host must not be served */
	diag_add(c->sink, DIAG_ERROR, "convert/access-control", conv_pos(c,
		ngx_key_node(h->s, h->ing, "auth-tls-secret")), "Ingress "
		"'%s/%s': client certificates of host '%s' cannot be checked "
		"on its own; its HTTPS routes now answer 500", h->ing->ns,
		h->ing->name, h->host);
	conv_close(c, h->ing, h->host, true);
	say(c, DIAG_INFO, h->ing, h->s, "auth-tls-secret", "client "
		"certificates of host '%s' are not checked: Gateway API "
		"checks them per Gateway and port (spec.tls.frontend applies "
		"to every HTTPS listener of port 443), ingress-nginx per "
		"host, and Gateway '%s/%s' also serves '%s'%s over HTTPS, "
		"%s; generating it would demand certificates there too, so "
		"none is generated; to serve the host with the check: give "
		"'%s' a Gateway "
		"of its own with spec.tls.frontend.default.validation "
		"(caCertificateRefs to a ConfigMap with its ca.crt, mode %s), "
		"or with Envoy Gateway a ClientTrafficPolicy with "
		"tls.clientValidation targeting its listener (sectionName)",
		h->host, gw->ns, gw->want_name, other ? other->host : "?",
		nother > 1 ? arena_printf(c->a, " and %zu more host%s",
		nother - 1, nother > 2 ? "s" : "") : "",
		other && other->s && gw_mode(other->s) ? "which asks for "
		"another CA or mode" : other && other->s &&
		other->s->auth_tls_verify_client == VC_OPTIONAL_NO_CA ?
		"which does not verify certificates (optional_no_ca)" :
		other && other->s ? "which does not ask for certificates "
		"(auth-tls-verify-client off)" : "which does not ask for "
		"certificates", h->host, gw_mode(h->s));
}

static void
said_once(struct conv *c, struct strmap *said, const struct ingress *ing,
	const struct prov_nginx_settings *s, enum diag_severity sev,
	const char *msg)
{
	const char *k = arena_printf(c->a, "%s/%s", ing->ns, ing->name);

	if (strmap_get(said, k))
		return;
	strmap_put(said, k, (void *)ing);
	say(c, sev, ing, s, "auth-tls-secret", "%s", msg);
}

void
conv_nginx_client_certs(struct conv *c)
{
	struct strmap hosts = STRMAP_INIT;	/* "gw/host" -> cc_host */
	struct strmap said = STRMAP_INIT;	/* "ns/name" of Ingresses */
	struct strbuf kb = STRBUF_INIT;		/* a key of hosts */
	struct cc_gw *gs = xmalloc((c->ngws + 1) * sizeof(*gs));
	bool any = false;

	memset(gs, 0, (c->ngws + 1) * sizeof(*gs));
	/* The first Ingress of each host with a CA, in nginx's order. */
	for (size_t i = 0; i < c->nroutes; i++) {
		const struct route *r = c->routes[i];
		const struct prov_nginx_settings *s = conv_nginx_settings(c,
			r->ing);
		size_t gi = 0;
		struct cc_host *h;
		const char *k;

		if (!r->host || (r->kind && strcmp(r->kind, "GRPCRoute")))
			continue;
		if (s && s->auth_tls_secret)
			any = true;
		while (gi < c->ngws && c->gws[gi] != r->gw)
			gi++;
		strbuf_reset(&kb);
		strbuf_addf(&kb, "%zu/%s", gi, r->host);
		k = kb.buf;
		h = strmap_get(&hosts, k);
		if (!h) {
			struct cc_gw *g = &gs[gi];

			if (conv_is_passthrough(r->gw, r->host))
				continue;	/* TLS is the backend's */
			if (!conv_https_listener(r->gw, r->host)) {
				if (s && s->auth_tls_secret)
					said_once(c, &said, r->ing, s,
						DIAG_WARNING, arena_printf(
						c->a, "host '%s' has no "
						"certificate in a tls section, "
						"so the Gateway has no HTTPS "
						"listener for it and nothing "
						"checks client certificates; "
						"ingress-nginx asked for them "
						"over HTTPS with its default "
						"certificate: add a tls "
						"section to serve HTTPS",
						r->host));
				continue;
			}
			g->hosts = xrealloc(g->hosts, (g->nhosts + 1) *
				sizeof(*g->hosts));
			h = &g->hosts[g->nhosts++];
			memset(h, 0, sizeof(*h));
			h->host = r->host;
			strmap_put(&hosts, arena_strdup(c->a, k),
				(void *)(uintptr_t)g->nhosts);
		} else {
			h = &gs[gi].hosts[(uintptr_t)h - 1];
		}
		if (!h->ing && s && s->auth_tls_secret) {
			h->ing = r->ing;
			h->s = s;
		}
	}
	for (size_t gi = 0; any && gi < c->ngws; gi++) {
		struct gateway *gw = c->gws[gi];
		struct cc_gw *g = &gs[gi];
		bool uniform = g->nhosts > 0;
		const char *ns, *name;

		for (size_t i = 0; uniform && i < g->nhosts; i++)
			uniform = same_validation(c, &g->hosts[0],
				&g->hosts[i]);
		if (uniform) {
			const struct cc_host *h0 = &g->hosts[0];

			split_ref(c, h0->s->auth_tls_secret, h0->ing->ns, &ns,
				&name);
			gw->client_ca_ns = ns;
			gw->client_ca_name = name;
			gw->client_mode = gw_mode(h0->s);
			gw->client_ca_ing = h0->ing;
			gw->client_ca_node = ngx_key_node(h0->s, h0->ing,
				"auth-tls-secret");
			if (strcmp(ns, gw->ns))
				conv_need_grant(c, ns, gw->ns, "ConfigMap",
					name);
		}
		for (size_t i = 0; i < g->nhosts; i++) {
			const struct cc_host *h = &g->hosts[i];

			if (!h->ing)
				continue;
			split_ref(c, h->s->auth_tls_secret, h->ing->ns, &ns,
				&name);
			if (h->s->auth_tls_verify_client == VC_OFF) {
				said_once(c, &said, h->ing, h->s, DIAG_INFO,
					"auth-tls-verify-client is off: "
					"ingress-nginx did not ask for client "
					"certificates, so nothing is "
					"generated");
			} else if (h->s->auth_tls_verify_client ==
			    VC_OPTIONAL_NO_CA) {
				said_once(c, &said, h->ing, h->s,
					DIAG_WARNING, "auth-tls-verify-client "
					"optional_no_ca: nginx asked for a "
					"certificate but neither verified it "
					"nor refused a request for it; Gateway "
					"API has no mode without a CA check, "
					"so no validation is generated and "
					"every request is still accepted; what "
					"is lost is the certificate and its "
					"status in the ssl-client-* headers to "
					"the backend (Envoy Gateway: "
					"ClientTrafficPolicy headers."
					"xForwardedClientCert sends it in an "
					"XFCC header instead)");
			} else if (uniform) {
				said_once(c, &said, h->ing, h->s,
					DIAG_WARNING, arena_printf(c->a,
					"converted to Gateway '%s/%s' "
					"spec.tls.frontend.default (mode %s), "
					"which applies to all its HTTPS "
					"listeners: every HTTPS host of the "
					"Gateway asks for the same CA; Gateway "
					"API reads the CA from a ConfigMap "
					"(key ca.crt) where ingress-nginx read "
					"Secret '%s/%s': create ConfigMap "
					"'%s/%s' from it (%s), or the HTTPS "
					"listeners are not accepted "
					"(NoValidCACertificate)%s; %s",
					gw->ns, gw->want_name,
					gw->client_mode, ns, name, ns, name,
					copy_hint(c, ns, name),
					strcmp(ns, gw->ns) ? "; a "
					"ReferenceGrant lets the Gateway read "
					"it" : "", differences(h->s)));
			} else {
				not_generated(c, gw, g, h);
			}
		}
	}
	/* Ingresses whose CA a host takes from an earlier Ingress. */
	for (size_t i = 0; any && i < c->nroutes; i++) {
		const struct route *r = c->routes[i];
		const struct prov_nginx_settings *s = conv_nginx_settings(c,
			r->ing);
		const struct cc_host *h;
		size_t gi = 0;

		if (!r->host || !s || !s->auth_tls_secret)
			continue;
		while (gi < c->ngws && c->gws[gi] != r->gw)
			gi++;
		strbuf_reset(&kb);
		strbuf_addf(&kb, "%zu/%s", gi, r->host);
		h = strmap_get(&hosts, kb.buf);
		if (!h)
			continue;
		h = &gs[gi].hosts[(uintptr_t)h - 1];
		if (h->ing && h->ing != r->ing)
			said_once(c, &said, r->ing, s, DIAG_WARNING,
				arena_printf(c->a, "ignored for host '%s': "
				"ingress-nginx checks client certificates "
				"per host and takes the settings of the "
				"first Ingress of the host that has them, "
				"'%s/%s'", r->host, h->ing->ns,
				h->ing->name));
	}
	for (size_t gi = 0; gi < c->ngws; gi++)
		free(gs[gi].hosts);
	free(gs);
	strmap_release(&hosts);
	strmap_release(&said);
	strbuf_release(&kb);
}

/* ---- backend TLS ---------------------------------------------------- */

/* The upstream name ingress-nginx verified without proxy-ssl-name. */
static const char *
upstream_name(struct conv *c, const struct ingress *ing,
	const struct ing_backend *b)
{
	return b->port_name ? arena_printf(c->a, "%s-%s-%s", ing->ns,
		b->service, b->port_name) : arena_printf(c->a, "%s-%s-%d",
		ing->ns, b->service, b->port);
}

static void
add_policy(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s, const char *svc, const char *ca,
	const char *hostname)
{
	struct ir_backend_tls p = {
		.ing = ing,
		.node = ngx_key_node(s, ing, "proxy-ssl-secret"),
		.ns = ing->ns,
		.name = names_sanitize(c->a, arena_printf(c->a,
			"%s-backend-tls", svc)),
		.service = svc,
		.ca_configmap = ca,
		.hostname = hostname,
	};

	PUSH(c->backend_tls_policies, c->nbackend_tls_policies, p);
}

static bool
secret_has(struct conv *c, const char *ns, const char *name,
	const char *key)
{
	for (size_t i = 0; i < c->w->nsecrets; i++) {
		const struct ing_named *s = &c->w->secrets[i];

		if (!strcmp(s->ns ? s->ns : "default", ns) &&
		    !strcmp(s->name, name))
			return doc_get(doc_get(s->obj->root, "data"), key) ||
				doc_get(doc_get(s->obj->root, "stringData"),
				key);
	}
	return false;
}

bool
conv_nginx_backend_tls(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s)
{
	const char *ns, *name, *host = s->proxy_ssl_name, *svcs = NULL;
	const char *first_want = NULL;
	size_t made = 0, covered = 0;

	if (!s->proxy_ssl_secret) {
		static const char *const keys[] = { "proxy-ssl-verify",
			"proxy-ssl-name", "proxy-ssl-server-name", NULL };

		for (const char *const *k = keys; *k; k++)
			if (prov_nginx_is_set(s, *k))
				say(c, DIAG_INFO, ing, s, *k, "no effect "
					"without proxy-ssl-secret (ingress-"
					"nginx configures TLS to the backend "
					"from that Secret only)");
		return false;
	}
	split_ref(c, s->proxy_ssl_secret, ing->ns, &ns, &name);
	if (s->proxy_ssl_verify != 1) {
		say(c, DIAG_WARNING, ing, s, prov_nginx_is_set(s,
			"proxy-ssl-verify") ? "proxy-ssl-verify" :
			"proxy-ssl-secret", "ingress-nginx encrypted the "
			"connection to the backends without verifying their "
			"certificate (proxy-ssl-verify off, the default); a "
			"BackendTLSPolicy always verifies it against "
			"caCertificateRefs and its hostname, so none is "
			"generated and the routes speak plain HTTP to a TLS "
			"port: add a BackendTLSPolicy for the Services with "
			"the backends' CA in a ConfigMap (key ca.crt) and the "
			"name their certificate holds, or skip verification "
			"with an implementation's setting (Envoy Gateway: "
			"Backend tls.insecureSkipVerify)");
		return true;
	}
	if (host && (strchr(host, '$') || gwcheck_hostname(host))) {
		say(c, DIAG_WARNING, ing, s, "proxy-ssl-name", "'%s' is "
			"not a hostname a BackendTLSPolicy can verify and "
			"send as SNI (validation.hostname: a lowercase DNS "
			"name without port or variable), so none is "
			"generated and the routes speak plain HTTP to a TLS "
			"port: add a BackendTLSPolicy by hand", host);
		return true;
	}
	for (size_t r = 0; r < ing->nrules; r++)
		for (size_t p = 0; p < ing->rules[r].npaths; p++) {
			const struct ing_backend *b =
				&ing->rules[r].paths[p].backend;
			const char *k, *want, *prev;

			if (!b->service)
				continue;
			want = host ? host : upstream_name(c, ing, b);
			k = arena_printf(c->a, "%s/%s", ing->ns, b->service);
			prev = strmap_get(&c->backend_tls, k);
			covered++;
			if (prev) {
				const char *cmp = arena_printf(c->a,
					"%s|%s", name, want);

				if (strcmp(prev, cmp))
					say(c, DIAG_WARNING, ing, s,
						"proxy-ssl-secret", "Service "
						"'%s' already has a "
						"BackendTLSPolicy from an "
						"earlier Ingress (CA and "
						"hostname '%s'); a policy "
						"applies to the Service for "
						"every route, so this "
						"Ingress's '%s|%s' is not "
						"applied", b->service, prev,
						name, want);
				continue;
			}
			strmap_put(&c->backend_tls, k, arena_printf(c->a,
				"%s|%s", name, want));
			add_policy(c, ing, s, b->service, name, want);
			if (!first_want)
				first_want = want;
			svcs = svcs ? arena_printf(c->a, "%s, '%s'", svcs,
				b->service) : arena_printf(c->a, "'%s'",
				b->service);
			made++;
		}
	if (!made)
		return covered > 0;
	say(c, DIAG_WARNING, ing, s, "proxy-ssl-secret", "converted to a "
		"BackendTLSPolicy for Service%s %s (validation.hostname "
		"'%s'%s); Gateway API reads the backends' CA from a "
		"ConfigMap (key ca.crt) in the Service's namespace where "
		"ingress-nginx read Secret '%s/%s': create ConfigMap "
		"'%s/%s' from it (%s), or the Gateway answers 5xx for these "
		"backends; differences: the policy always sends the hostname "
		"as SNI%s, nginx checked chains up to proxy-ssl-verify-depth "
		"(1) and the Gateway's depth is the implementation's, and the "
		"policy covers every route to the Service%s%s",
		made > 1 ? "s" : "", svcs, first_want,
		host ? "" : ", the upstream name ingress-nginx verified "
		"without proxy-ssl-name", ns, name, ing->ns, name,
		copy_hint(c, ing->ns, name), s->proxy_ssl_server_name == 1 ?
		" (as proxy-ssl-server-name on did)" : " (nginx sent none: "
		"proxy-ssl-server-name off)",
		!c->w->nsecrets || secret_has(c, ns, name, "tls.crt") ?
		"; the client certificate nginx presented to the backends "
		"(the Secret's tls.crt and tls.key, when it has them) is not "
		"carried over: Gateway spec.tls.backend.clientCertificateRef "
		"sets one for every backend of the Gateway" : "",
		strcmp(ns, ing->ns) ? "; the Secret is in another namespace, "
		"the ConfigMap must be in the Service's" : "");
	return true;
}
