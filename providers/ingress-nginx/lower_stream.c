#include "compat.h"
#include "lower_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * ingress-nginx's tcp-services and udp-services ConfigMaps (the
 * controller's --tcp-services-configmap / --udp-services-configmap):
 * each data entry "PORT":
 * "namespace/service:port[:PROXY[:PROXY]]" exposes a Service on a port of
 * the controller. Each becomes a TCP or UDP listener and a TCPRoute or
 * UDPRoute.
 */

#define CMNS(cm) ((cm)->ns ? (cm)->ns : "default")

/* Ports the controller keeps for itself and refuses for streams. */
static const int reserved_ports[] = { 80, 443, 442, 8181, 10245, 10246,
	10247, 10254, 10255 };

static bool
reserved(long long port)
{
	for (size_t i = 0; i < ARRAY_LEN(reserved_ports); i++)
		if (reserved_ports[i] == port)
			return true;
	return false;
}

/* A decimal number in 1..65535, else 0. */
static long long
port_number(const char *s)
{
	long long v = 0;

	if (!s || !*s || strlen(s) > 5)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v <= 65535 ? v : 0;
}

static bool
proxy_word(const char *s)
{
	return s && !strcasecmp(s, "PROXY");
}

/* The class of the Gateway the nginx Ingresses go to ("nginx" if none). */
static const char *
stream_class(struct conv *c)
{
	if (c->opts->ingress_class)
		return c->opts->ingress_class;
	for (size_t i = 0; i < c->w->ningresses; i++) {
		const struct ingress *ing = &c->w->ingresses[i];

		if (conv_nginx_wants(c, ing))
			return ing->class_name;
	}
	return "nginx";
}

static void
stream_entry(struct conv *c, const struct ing_named *cm, const char *proto,
	const struct doc_node *k, const struct doc_node *v)
{
	const char *key = doc_str(k), *val = doc_str(v);
	const char *lproto = !strcmp(proto, "TCP") ? "tcp" : "udp";
	char *parts[16] = { 0 };
	size_t nparts = 0;
	long long ext = port_number(key), svc_port;
	const char *slash, *svc_ns, *svc_name;
	struct ingress *fi;
	struct gateway *gw;
	struct route *r;
	struct match m = { .type = "", .value = "", .node = v };
	struct l4_listener l = { 0 };
	char *dup, *p;
	bool eg, proxy_dec = false, proxy_enc = false;

	if (!ext) {
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-stream",
			conv_pos(c, k), "ConfigMap '%s/%s': '%s' is not a "
			"valid %s port number; ingress-nginx skips the "
			"entry, and so does the conversion", CMNS(cm), cm->name,
			key ? key : "", proto);
		return;
	}
	if (reserved(ext)) {
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-stream",
			conv_pos(c, k), "ConfigMap '%s/%s': port %lld is "
			"one the controller uses itself, so ingress-nginx "
			"refuses it for %s services; the entry is left out",
			CMNS(cm), cm->name, ext, proto);
		return;
	}
	dup = arena_strdup(c->a, val ? val : "");
	for (p = dup; p && nparts < ARRAY_LEN(parts); nparts++) {
		char *colon = strchr(p, ':');

		parts[nparts] = p;
		if (colon)
			*colon = '\0';
		p = colon ? colon + 1 : NULL;
	}
	slash = nparts >= 2 ? strchr(parts[0], '/') : NULL;
	if (nparts < 2 || nparts == ARRAY_LEN(parts) || !slash ||
	    slash == parts[0] ||
	    !slash[1] || strchr(slash + 1, '/') || !*parts[1]) {
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-stream",
			conv_pos(c, v), "ConfigMap '%s/%s': port %lld: '%s' "
			"is not 'namespace/service:port[:PROXY[:PROXY]]'; "
			"ingress-nginx skips the entry, and so does the "
			"conversion", CMNS(cm), cm->name, ext, val ? val : "");
		return;
	}
	svc_ns = arena_strndup(c->a, parts[0], (size_t)(slash - parts[0]));
	svc_name = slash + 1;
	svc_port = port_number(parts[1]);
	if (!svc_port) {
		const struct ing_service *svc = ing_world_service(c->w,
			svc_ns, svc_name);

		for (size_t i = 0; svc && i < svc->nports; i++)
			if (svc->ports[i].name &&
			    !strcmp(svc->ports[i].name, parts[1]))
				svc_port = svc->ports[i].port;
		if (!svc_port) {
			diag_add(c->sink, DIAG_ERROR,
				"convert/unresolved-port-name", conv_pos(c, v),
				"ConfigMap '%s/%s': port %lld names the port "
				"'%s' of Service '%s/%s', but %s; a %sRoute "
				"backendRef needs a port number, so the entry "
				"is left out: give the number, or add the "
				"Service to the input", CMNS(cm), cm->name, ext,
				parts[1], svc_ns, svc_name, svc ? "that "
				"Service has no port of that name" : "that "
				"Service is not in the input", proto);
			return;
		}
	}
	if (!strcmp(proto, "UDP") && (proxy_word(parts[2]) ||
	    proxy_word(parts[3]))) {
		diag_add(c->sink, DIAG_INFO, "convert/nginx-stream",
			conv_pos(c, v), "ConfigMap '%s/%s': port %lld: "
			"ingress-nginx ignores PROXY for UDP services",
			CMNS(cm), cm->name, ext);
	} else if (proxy_word(parts[2]) ||
	    (nparts == 4 && proxy_word(parts[3]))) {
		bool dec = proxy_word(parts[2]);
		bool enc = nparts == 4 && proxy_word(parts[3]);

		/* Envoy Gateway writes its policies; the others do not */
		unsigned claimants = conv_claimants(c,
			IR_FEAT_PROXY_PROTOCOL);

		proxy_dec = dec;
		proxy_enc = enc;
		for (int with = 0; with < 2; with++) {
			unsigned those = with ? claimants :
				conv_all_targets(c) & ~claimants;

			if (!those)
				continue;
			eg = with;
			conv_only(c, those);
			diag_add(c->sink, eg ? DIAG_INFO : DIAG_WARNING,
				"convert/nginx-stream-proxy", conv_pos(c, v),
				"ConfigMap '%s/%s': port %lld: ingress-nginx "
				"%s%s%s; a TCPRoute does not: %s Envoy "
				"Gateway, %s%s%s", CMNS(cm), cm->name, ext,
				dec ? "expected the PROXY protocol from "
				"clients" : "", dec && enc ? " and " : "",
				enc ? "sent the PROXY protocol to the "
				"backend" : "",
				eg ? "generated for" : "with",
				dec ? "a ClientTrafficPolicy (proxyProtocol) "
				"accepts it" : "", dec && enc ? ", and " : "",
				enc ? "a BackendTrafficPolicy (proxyProtocol) "
				"sends it" : "");
		}
		conv_only(c, conv_all_targets(c));
	}
	fi = arena_alloc(c->a, sizeof(*fi));
	fi->obj = cm->obj;
	fi->ns = svc_ns;
	fi->name = cm->name;
	fi->class_name = stream_class(c);
	gw = conv_gateway_for(c, fi);
	for (size_t i = 0; i < gw->nl4; i++)
		if (gw->l4[i].port == ext &&
		    !strcmp(gw->l4[i].protocol, proto)) {
			diag_add(c->sink, DIAG_WARNING, "convert/nginx-stream",
				conv_pos(c, k), "ConfigMap '%s/%s': %s port "
				"%lld is already routed by an earlier "
				"ConfigMap; this entry is left out", cm->ns,
				cm->name, proto, ext);
			return;
		}
	l.protocol = proto;
	l.port = (int)ext;
	PUSH(gw->l4, gw->nl4, l);
	r = conv_route_new(c, gw, fi, NULL);
	r->kind = !strcmp(proto, "TCP") ? "TCPRoute" : "UDPRoute";
	r->node = k;
	r->suffix = arena_printf(c->a, "%lld", ext);
	r->section = arena_printf(c->a, "%s-%lld", lproto, ext);
	r->proxy_decode = proxy_dec;
	r->proxy_encode = proxy_enc;
	(void)conv_route_add(c, r, &m, svc_name, (int)svc_port, NULL);
}

static void
stream_configmap(struct conv *c, const struct ing_named *cm,
	const char *proto)
{
	const struct doc_node *data = doc_get(cm->obj->root, "data");

	for (size_t i = 0; i < doc_len(data); i++)
		stream_entry(c, cm, proto, doc_map_key(data, i),
			doc_map_value(data, i));
	if (doc_len(data))
		diag_add(c->sink, DIAG_INFO, "convert/nginx-stream",
			conv_pos(c, cm->obj->root), "ConfigMap '%s/%s' is "
			"read as ingress-nginx's %s services: each port "
			"becomes a %s listener and a %sRoute; the Gateway's "
			"Service must expose these ports as the controller's "
			"did", CMNS(cm), cm->name, proto, proto, proto);
}

static void
streams(struct conv *c, const char *proto, const char *want,
	const char *default_name)
{
	const char *slash = want ? strchr(want, '/') : NULL;
	bool found = false;

	for (size_t i = 0; i < c->w->nconfigmaps; i++) {
		const struct ing_named *cm = &c->w->configmaps[i];
		const char *ns = cm->ns ? cm->ns : "default";

		if (want ? (!slash || strncmp(ns, want,
		    (size_t)(slash - want)) || ns[slash - want] ||
		    strcmp(cm->name, slash + 1)) :
		    strcmp(cm->name, default_name))
			continue;
		found = true;
		stream_configmap(c, cm, proto);
	}
	if (want && !found)
		diag_add(c->sink, DIAG_WARNING, "convert/nginx-stream",
			(struct src_pos){ 0 }, "the %s services ConfigMap "
			"'%s' is not in the input; no %sRoute is generated: "
			"add it to the input", proto, want, proto);
}

void
conv_nginx_streams(struct conv *c)
{
	const struct conv_options *o = c->opts;

	const struct conv_provider *fixed = conv_provider_fixed(c);

	if ((fixed && fixed != &conv_provider_ingress_nginx) ||
	    (!fixed && !c->nginx && !o->tcp_services && !o->udp_services))
		return;
	streams(c, "TCP", o->tcp_services, "tcp-services");
	streams(c, "UDP", o->udp_services, "udp-services");
}
