#include "compat.h"
#include "foreign.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const struct conv_foreign table[] = {
	{ "ing2gw.io/", "ing2gw", CONV_FOREIGN_LEFT, true,
	  "ing2gw's own settings of the object (ing2gw.io/disable: the rules "
	  "accepted for it)" },
	{ "kubectl.kubernetes.io/last-applied-configuration", "kubectl",
	  CONV_FOREIGN_LEFT, true, "kubectl apply's record of what it "
	  "applied; kubectl writes one for the new objects when they are "
	  "applied" },
	{ "kubectl.kubernetes.io/", "kubectl", CONV_FOREIGN_LEFT, true,
	  "kubectl's bookkeeping of the object" },
	{ "meta.helm.sh/", "Helm", CONV_FOREIGN_LEFT, true,
	  "Helm's record of the release that owns the object; the new "
	  "objects belong to a release once a chart makes them" },
	{ "helm.sh/", "Helm", CONV_FOREIGN_LEFT, true,
	  "Helm's hooks and resource policy of the object" },
	{ "argocd.argoproj.io/", "Argo CD", CONV_FOREIGN_LEFT, false,
	  "Argo CD's tracking and sync settings of the object (sync wave, "
	  "options, hooks); set them on the new objects in Git if the "
	  "application needs them" },
	{ "kustomize.toolkit.fluxcd.io/", "Flux", CONV_FOREIGN_LEFT, true,
	  "Flux's reconciliation settings of the object" },
	{ "helm.toolkit.fluxcd.io/", "Flux", CONV_FOREIGN_LEFT, true,
	  "Flux's record of the Helm release that owns the object" },
	{ "fluxcd.io/", "Flux", CONV_FOREIGN_LEFT, true,
	  "Flux's settings of the object" },
	{ "field.cattle.io/", "Rancher", CONV_FOREIGN_LEFT, true,
	  "Rancher's bookkeeping of the object" },
	{ "cert-manager.io/", "cert-manager", CONV_FOREIGN_GATEWAY, false,
	  "cert-manager issues the certificates of a Gateway's HTTPS "
	  "listeners from these annotations on the Gateway (its "
	  "enableGatewayAPI setting must be on); a namespaced Issuer "
	  "(cert-manager.io/issuer) must be in the Gateway's namespace" },
	{ "acme.cert-manager.io/", "cert-manager", CONV_FOREIGN_LEFT, false,
	  "how cert-manager solves ACME HTTP-01 challenges through the "
	  "Ingress; for a Gateway, give the Issuer an http01 "
	  "gatewayHTTPRoute solver instead" },
	{ "external-dns.alpha.kubernetes.io/target", "external-dns",
	  CONV_FOREIGN_GATEWAY, false, "external-dns reads the target of "
	  "the records of a Gateway's routes from the Gateway" },
	{ "external-dns.kubernetes.io/target", "external-dns",
	  CONV_FOREIGN_GATEWAY, false, "external-dns reads the target of "
	  "the records of a Gateway's routes from the Gateway" },
	{ "external-dns.alpha.kubernetes.io/", "external-dns",
	  CONV_FOREIGN_ROUTE, false, "external-dns reads its record "
	  "settings (hostname, ttl, controller, provider-specific) from "
	  "each route" },
	{ "external-dns.kubernetes.io/", "external-dns", CONV_FOREIGN_ROUTE,
	  false, "external-dns reads its record settings (hostname, ttl, "
	  "controller, provider-specific) from each route" },
};

const struct conv_foreign *
conv_foreign_find(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		size_t n = strlen(table[i].key);

		if (table[i].key[n - 1] == '/' ? !strncmp(key, table[i].key,
		    n) : !strcmp(key, table[i].key))
			return &table[i];
	}
	return NULL;
}

static const char *
home_text(enum conv_foreign_home h)
{
	switch (h) {
	case CONV_FOREIGN_GATEWAY: return "carried to the Gateway";
	case CONV_FOREIGN_ROUTE: return "carried to each route of the Ingress";
	case CONV_FOREIGN_LEFT: break;
	}
	return "not carried";
}

void
conv_foreign_describe(struct strbuf *out, const struct conv_foreign *f,
	const char *key, bool json)
{
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "annotation", key,
			"tool", f->tool, "conversion", home_text(f->home),
			"description", f->what);
		char *text = json_dumps(o, JSON_INDENT(2) |
			JSON_PRESERVE_ORDER);

		strbuf_adds(out, text ? text : "{}");
		strbuf_addc(out, '\n');
		free(text);
		json_decref(o);
		return;
	}
	strbuf_addf(out, "%s\n  tool:        %s (not the Ingress controller)\n"
		"  conversion:  %s\n  what:        %s\n", key, f->tool,
		home_text(f->home), f->what);
}
