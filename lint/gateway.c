/*
 * Gateway checks: the CEL rules (x-kubernetes-validations) of the Gateway
 * CRD v1.6.1 on listeners, addresses, infrastructure keys and frontend
 * TLS (messages verbatim), then what the specification requires and the
 * CRD does not check: hostnames that are not IP addresses, tls on HTTPS
 * listeners, distinct listeners, TLS hostnames that do not overlap on a
 * port (semantic/hostname-ip, semantic/https-without-tls,
 * semantic/listener-conflict, semantic/tls-overlap); the same listener
 * rules on ListenerSets. The API server's defaults are applied first
 * (tls.mode Terminate, address type IPAddress).
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

static bool
is_tls_proto(const char *p)
{
	return p && (!strcmp(p, "HTTPS") || !strcmp(p, "TLS"));
}

static void
check_listener_cel(struct lint_ctx *c, const struct doc_node *ls)
{
	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *l = doc_item(ls, i);
		const char *proto = doc_str(doc_get(l, "protocol"));
		const struct doc_node *tls = doc_get(l, "tls");
		bool has_tls = !doc_is_null(tls);
		const char *mode = lint_str_or(doc_get(tls, "mode"),
			"Terminate");

		if (!doc_is_map(l) || !proto)
			continue;
		if (has_tls && (!strcmp(proto, "HTTP") ||
		    !strcmp(proto, "TCP") || !strcmp(proto, "UDP")))
			lint_emit(c, "gateway/listener-tls", tls,
				"spec.listeners: Invalid value: \"array\": "
				"tls must not be specified for protocols "
				"['HTTP', 'TCP', 'UDP']");
		if (has_tls && !strcmp(proto, "HTTPS") &&
		    strcmp(mode, "Terminate") && *mode)
			lint_emit(c, "gateway/listener-tls",
				doc_get(tls, "mode"), "spec.listeners: "
				"Invalid value: \"array\": tls mode must be "
				"Terminate for protocol HTTPS");
		if (!strcmp(proto, "TLS") && (!has_tls || !*mode))
			lint_emit(c, "gateway/listener-tls", l,
				"spec.listeners: Invalid value: \"array\": "
				"tls mode must be set for protocol TLS");
		if (doc_str(doc_get(l, "hostname")) &&
		    *doc_str(doc_get(l, "hostname")) &&
		    (!strcmp(proto, "TCP") || !strcmp(proto, "UDP")))
			lint_emit(c, "gateway/listener-hostname",
				doc_get(l, "hostname"), "spec.listeners: "
				"Invalid value: \"array\": hostname must not "
				"be specified for protocols ['TCP', 'UDP']");
		if (doc_is_map(tls) && !strcmp(mode, "Terminate") &&
		    !lint_seq_len(doc_get(tls, "certificateRefs")) &&
		    !doc_len(doc_get(tls, "options")))
			lint_emit(c, "gateway/listener-certificates", tls,
				"spec.listeners[%zu].tls: Invalid value: "
				"\"object\": certificateRefs or options must "
				"be specified when mode is Terminate", i);
		if (proto && !strcmp(proto, "HTTPS") && !has_tls)
			lint_emit(c, "semantic/https-without-tls", l,
				"listener "
				"'%s' has protocol HTTPS but no tls: it has no "
				"certificate to terminate TLS with",
				lint_str_or(doc_get(l, "name"), ""));
		if (doc_str(doc_get(l, "hostname")) &&
		    lint_is_ip(doc_str(doc_get(l, "hostname"))))
			lint_emit(c, "semantic/hostname-ip",
				doc_get(l, "hostname"), "spec.listeners[%zu]."
				"hostname: '%s' is an IP "
				"address; hostnames must be DNS names", i,
				doc_str(doc_get(l, "hostname")));
	}
}

static bool
same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The fields of each listener the pairwise checks compare, read once. */
struct lsum {
	const char *name, *proto, *host;
	long long port;
	bool has_port;
};

static struct lsum *
lsum_build(const struct doc_node *ls)
{
	size_t n = lint_seq_len(ls);
	struct lsum *v = xcalloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		const struct doc_node *l = doc_item(ls, i);

		v[i].name = doc_str(doc_get(l, "name"));
		v[i].proto = doc_str(doc_get(l, "protocol"));
		v[i].host = doc_str(doc_get(l, "hostname"));
		v[i].has_port = doc_int(doc_get(l, "port"), &v[i].port);
	}
	return v;
}

static void
check_listener_unique(struct lint_ctx *c, const struct doc_node *ls)
{
	struct lsum *v = lsum_build(ls);

	/* at most 64 listeners (schema): pairwise is bounded */
	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *a = doc_item(ls, i);
		const char *name = v[i].name;
		bool dup_name = false, dup_combo = false;

		for (size_t j = 0; j < i; j++) {
			const struct doc_node *b = doc_item(ls, j);

			if (!dup_name && name && same_str(name, v[j].name)) {
				lint_emit(c, "gateway/listener-unique", a,
					"spec.listeners: Invalid value: "
					"\"array\": Listener name must be "
					"unique within the Gateway");
				lint_note(c, b, "listener '%s' is first "
					"defined here", name);
				dup_name = true;
			}
			if (!dup_combo && v[i].has_port && v[j].has_port &&
			    v[i].port == v[j].port &&
			    same_str(v[i].proto, v[j].proto) &&
			    same_str(v[i].host, v[j].host)) {
				lint_emit(c, "gateway/listener-unique", a,
					"spec.listeners: Invalid value: "
					"\"array\": Combination of port, "
					"protocol and hostname must be unique "
					"for each listener");
				lint_note(c, b, "the listener with the same "
					"port, protocol and hostname");
				dup_combo = true;
			}
		}
	}
	free(v);
}

static int
proto_class(const char *p)
{
	if (!p)
		return 0;
	if (!strcmp(p, "HTTP"))
		return 1;
	if (!strcmp(p, "HTTPS") || !strcmp(p, "TLS"))
		return 2;
	if (!strcmp(p, "TCP"))
		return 3;
	if (!strcmp(p, "UDP"))
		return 4;
	return 0;
}

/* semantic/listener-conflict and semantic/tls-overlap: listeners on one
 * port that are not distinct, or overlap. */
static void
check_listener_conflicts(struct lint_ctx *c, const struct doc_node *ls)
{
	struct lsum *v = lsum_build(ls);

	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *a = doc_item(ls, i);
		const char *pa = v[i].proto, *ha = v[i].host;
		long long porta = v[i].port;

		if (!v[i].has_port)
			continue;
		for (size_t j = 0; j < i; j++) {
			const char *pb = v[j].proto, *hb = v[j].host;
			int ca = proto_class(pa), cb = proto_class(pb);

			if (!v[j].has_port || v[j].port != porta || !ca ||
			    !cb || same_str(pa, pb))
				continue;
			/* different protocols on one port */
			if ((ca == 3 && cb == 4) || (ca == 4 && cb == 3))
				continue;	/* TCP and UDP coexist */
			if (ca == 2 && cb == 2 && !same_str(ha, hb))
				continue;	/* HTTPS/TLS by SNI */
			lint_emit(c, "semantic/listener-conflict", a,
				"listener '%s' (%s) and listener '%s' (%s) "
				"share port %lld but are not distinct: both "
				"are Conflicted "
				"(ProtocolConflict) and rejected",
				v[i].name ? v[i].name : "", pa,
				v[j].name ? v[j].name : "", pb, porta);
			lint_note(c, doc_item(ls, j), "the other listener");
		}
	}
	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *a = doc_item(ls, i);
		const char *ha = v[i].host;
		long long porta = v[i].port;

		if (!is_tls_proto(v[i].proto) || !v[i].has_port)
			continue;
		for (size_t j = 0; j < i; j++) {
			const char *hb = v[j].host;

			if (!is_tls_proto(v[j].proto) || !v[j].has_port ||
			    v[j].port != porta || same_str(ha, hb) ||
			    !lint_host_intersects(ha, hb))
				continue;
			lint_emit(c, "semantic/tls-overlap", a, "the hostname "
				"%s%s%s "
				"of listener '%s' overlaps %s%s%s of listener "
				"'%s' on port %lld (OverlappingTLSConfig): a "
				"client may reuse one connection for both",
				ha ? "'" : "", ha ? ha : "(any)", ha ? "'" : "",
				v[i].name ? v[i].name : "",
				hb ? "'" : "", hb ? hb : "(any)", hb ? "'" : "",
				v[j].name ? v[j].name : "", porta);
			lint_note(c, doc_item(ls, j),
				"the overlapping listener");
		}
	}
	free(v);
}

static void
check_addresses(struct lint_ctx *c, const struct doc_node *addrs)
{
	for (size_t i = 0; i < lint_seq_len(addrs); i++) {
		const struct doc_node *a = doc_item(addrs, i);
		const char *type = lint_str_or(doc_get(a, "type"), "IPAddress");
		const char *value = doc_str(doc_get(a, "value"));

		if (!strcmp(type, "Hostname") && value && *value &&
		    !lint_match_hostname(value))
			lint_emit(c, "gateway/address", doc_get(a, "value"),
				"spec.addresses[%zu]: Invalid value: "
				"\"object\": Hostname value must be empty or "
				"contain only valid characters (matching "
				"^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?"
				"(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)", i);
		for (size_t j = 0; j < i && value; j++) {
			const struct doc_node *b = doc_item(addrs, j);
			const char *tb = lint_str_or(doc_get(b, "type"),
				"IPAddress");

			if (strcmp(type, tb) || !same_str(value,
			    doc_str(doc_get(b, "value"))))
				continue;
			if (!strcmp(type, "IPAddress"))
				lint_emit(c, "gateway/address", a,
					"spec.addresses: Invalid value: "
					"\"array\": IPAddress values must be "
					"unique");
			else if (!strcmp(type, "Hostname"))
				lint_emit(c, "gateway/address", a,
					"spec.addresses: Invalid value: "
					"\"array\": Hostname values must be "
					"unique");
			else
				continue;
			lint_note(c, b, "the first one is here");
			break;
		}
	}
}

static void
check_frontend(struct lint_ctx *c, const struct doc_node *perport)
{
	for (size_t i = 0; i < lint_seq_len(perport); i++) {
		const struct doc_node *a = doc_item(perport, i);
		long long pa, pb;

		if (!doc_int(doc_get(a, "port"), &pa))
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct doc_node *b = doc_item(perport, j);

			if (!doc_int(doc_get(b, "port"), &pb) || pa != pb)
				continue;
			lint_emit(c, "gateway/tls-port-unique", a,
				"spec.tls.frontend.perPort: Invalid value: "
				"\"array\": Port for TLS configuration must be "
				"unique within the Gateway");
			lint_note(c, b, "the first one is here");
			break;
		}
	}
}

/* The CEL rules of spec.infrastructure.labels and .annotations: keys are
 * qualified names (prefix at most 253 characters, name 1 to 63). */
static void
check_infra_keys(struct lint_ctx *c, const struct doc_node *map,
	const char *field, const char *Noun, const char *noun)
{
	bool form = false, prefix = false;

	for (size_t i = 0; i < doc_len(map); i++) {
		const struct doc_node *k = doc_map_key(map, i);
		const char *key = doc_str(k), *slash;

		if (!key)
			continue;
		slash = strchr(key, '/');
		if (!form && !lint_match_qualified_key(key)) {
			lint_emit(c, "gateway/infrastructure-keys", k,
				"spec.infrastructure.%s: Invalid value: "
				"\"object\": %s keys must be in the form of an "
				"optional DNS subdomain prefix followed by a "
				"required name segment of up to 63 characters.",
				field, Noun);
			form = true;
		}
		if (!prefix && (slash ? (size_t)(slash - key) :
		    strlen(key)) >= 253) {
			lint_emit(c, "gateway/infrastructure-keys", k,
				"spec.infrastructure.%s: Invalid value: "
				"\"object\": If specified, the %s key's prefix "
				"must be a DNS subdomain not longer than 253 "
				"characters in total.", field, noun);
			prefix = true;
		}
	}
}

void
lint_gateway_check(struct lint_ctx *c)
{
	const struct doc_node *spec = c->cur->spec;
	const struct doc_node *ls = doc_get(spec, "listeners");

	if (!doc_is_map(spec))
		return;
	if (doc_is_seq(ls)) {
		check_listener_cel(c, ls);
		check_listener_unique(c, ls);
		check_listener_conflicts(c, ls);
	}
	if (doc_is_seq(doc_get(spec, "addresses")))
		check_addresses(c, doc_get(spec, "addresses"));
	check_frontend(c, doc_path(spec, "tls.frontend.perPort"));
	check_infra_keys(c, doc_path(spec, "infrastructure.labels"), "labels",
		"Label", "label");
	check_infra_keys(c, doc_path(spec, "infrastructure.annotations"),
		"annotations", "Annotation", "annotation");
}

/*
 * ListenerSet's CRD has the listener CEL rules of Gateway, word for word
 * ("Listener name must be unique within the Gateway" included), so they
 * report under the same rules; the pairwise S13/S14 checks apply within
 * one ListenerSet as within one Gateway. Conflicts with the Gateway and
 * its other ListenerSets: listenerset.c.
 */
void
lint_listenerset_check(struct lint_ctx *c)
{
	const struct doc_node *ls = doc_get(c->cur->spec, "listeners");

	if (!doc_is_map(c->cur->spec) || !doc_is_seq(ls))
		return;
	check_listener_cel(c, ls);
	check_listener_unique(c, ls);
	check_listener_conflicts(c, ls);
}
