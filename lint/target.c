/*
 * lint --target: the constructs of hand-written Gateway API objects that
 * the chosen implementation does not support by its conformance report,
 * at their line (targets/target.h maps each construct to its feature),
 * and the backendRefs to InferencePools it may not route (inference.h).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "inference.h"
#include "lint_int.h"
#include "targets/target.h"

struct tcheck {
	struct lint_ctx *c;
	const struct tgt_table *t;
	char label[160];
};

static void
report(struct tcheck *tc, enum tgt_construct con, const struct doc_node *at)
{
	const struct tgt_construct_info *ci = tgt_construct(con);
	const struct tgt_report *rep = tgt_report(tc->t);
	const char *instead = tgt_instead_of(tc->t, con);
	bool partial;
	enum tgt_support s = tgt_supports(tc->t, con, &partial);

	if (s == TGT_SUPPORTED && !partial)
		return;
	if (s == TGT_UNSUPPORTED) {
		lint_emit(tc->c, ci->access ?
			"target/unsupported-access-check" :
			"target/unsupported-feature", at, "%s needs %s%s, "
			"which %s does not support (%s)%s%s", ci->what,
			ci->profile ? "profile " : "", ci->feature, tc->label,
			rep->file, instead ? "; instead: " : "",
			instead ? instead : "");
		return;
	}
	if (s == TGT_SUPPORTED)
		lint_emit(tc->c, "target/unproven-feature", at, "%s needs "
			"%s%s, whose core tests %s passed only in part",
			ci->what, ci->profile ? "profile " : "", ci->feature,
			tc->label);
	else
		lint_emit(tc->c, "target/unproven-feature", at, "%s needs "
			"%s%s, which the conformance report of %s does not "
			"test", ci->what, ci->profile ? "profile " : "",
			ci->feature, tc->label);
	if (rep)
		lint_note(tc->c, at, "report: %s", rep->file);
}

/* The node of key in map, else the map. */
static const struct doc_node *
key_or(const struct doc_node *map, const char *key)
{
	const struct doc_node *k = doc_key_node(map, key);

	return k ? k : map;
}

static bool
present(const struct doc_node *n)
{
	return n && !doc_is_null(n) && (!doc_is_seq(n) || doc_len(n));
}

static void
redirect(struct tcheck *tc, const struct doc_node *f)
{
	const struct doc_node *r = doc_get(f, "requestRedirect");
	long long code = 0;
	static const struct {
		long long code;
		enum tgt_construct c;
	} codes[] = {
		{ 303, TGT_C_REDIRECT_303 },
		{ 307, TGT_C_REDIRECT_307 },
		{ 308, TGT_C_REDIRECT_308 },
	};

	if (doc_int(doc_get(r, "statusCode"), &code))
		for (size_t i = 0; i < ARRAY_LEN(codes); i++)
			if (codes[i].code == code)
				report(tc, codes[i].c, key_or(r, "statusCode"));
	if (present(doc_get(r, "scheme")))
		report(tc, TGT_C_SCHEME_REDIRECT, key_or(r, "scheme"));
	if (present(doc_get(r, "port")))
		report(tc, TGT_C_PORT_REDIRECT, key_or(r, "port"));
	if (present(doc_get(r, "path")))
		report(tc, TGT_C_PATH_REDIRECT, key_or(r, "path"));
}

static void
filters(struct tcheck *tc, const struct doc_node *fs)
{
	size_t mirrors = 0;

	for (size_t i = 0; i < lint_seq_len(fs); i++) {
		const struct doc_node *f = doc_item(fs, i);
		const char *type = doc_str(doc_get(f, "type"));
		const struct doc_node *m;

		if (!type)
			continue;
		if (!strcmp(type, "CORS")) {
			report(tc, TGT_C_CORS, f);
		} else if (!strcmp(type, "RequestRedirect")) {
			redirect(tc, f);
		} else if (!strcmp(type, "URLRewrite")) {
			m = doc_get(f, "urlRewrite");
			if (present(doc_get(m, "path")))
				report(tc, TGT_C_PATH_REWRITE, key_or(m,
					"path"));
			if (present(doc_get(m, "hostname")))
				report(tc, TGT_C_HOST_REWRITE, key_or(m,
					"hostname"));
		} else if (!strcmp(type, "ResponseHeaderModifier")) {
			report(tc, TGT_C_RESPONSE_HEADERS, f);
		} else if (!strcmp(type, "RequestMirror")) {
			m = doc_get(f, "requestMirror");
			report(tc, ++mirrors > 1 ? TGT_C_MULTIPLE_MIRRORS :
				TGT_C_MIRROR, f);
			if (present(doc_get(m, "percent")) ||
			    present(doc_get(m, "fraction")))
				report(tc, TGT_C_PERCENT_MIRROR, m);
		}
	}
}

static void
http_rule(struct tcheck *tc, const struct doc_node *rule)
{
	const struct doc_node *ms = doc_get(rule, "matches");
	const struct doc_node *bs = doc_get(rule, "backendRefs");
	const struct doc_node *to = doc_get(rule, "timeouts");

	if (present(doc_get(rule, "name")))
		report(tc, TGT_C_NAMED_RULE, key_or(rule, "name"));
	for (size_t i = 0; i < lint_seq_len(ms); i++) {
		const struct doc_node *m = doc_item(ms, i);

		if (present(doc_get(m, "queryParams")))
			report(tc, TGT_C_QUERY_MATCH, key_or(m,
				"queryParams"));
		if (present(doc_get(m, "method")))
			report(tc, TGT_C_METHOD_MATCH, key_or(m, "method"));
	}
	filters(tc, doc_get(rule, "filters"));
	for (size_t i = 0; i < lint_seq_len(bs); i++) {
		const struct doc_node *fs = doc_get(doc_item(bs, i), "filters");

		for (size_t j = 0; j < lint_seq_len(fs); j++) {
			const char *type = doc_str(doc_get(doc_item(fs, j),
				"type"));

			if (type && !strcmp(type, "RequestHeaderModifier"))
				report(tc, TGT_C_BACKEND_HEADERS,
					doc_item(fs, j));
		}
	}
	if (present(doc_get(to, "request")))
		report(tc, TGT_C_REQUEST_TIMEOUT, key_or(to, "request"));
	if (present(doc_get(to, "backendRequest")))
		report(tc, TGT_C_BACKEND_TIMEOUT, key_or(to,
			"backendRequest"));
	if (present(doc_get(rule, "retry")))
		report(tc, TGT_C_RETRY, key_or(rule, "retry"));
}

static void
http_route(struct tcheck *tc, const struct k8s_object *k)
{
	const struct doc_node *spec = doc_get(k->root, "spec");
	const struct doc_node *ps = doc_get(spec, "parentRefs");
	const struct doc_node *rules = doc_get(spec, "rules");

	for (size_t i = 0; i < lint_seq_len(ps); i++)
		if (present(doc_get(doc_item(ps, i), "port")))
			report(tc, TGT_C_PARENT_PORT, key_or(doc_item(ps, i),
				"port"));
	for (size_t i = 0; i < lint_seq_len(rules); i++)
		http_rule(tc, doc_item(rules, i));
}

/*
 * The Inference Extension is no Gateway API feature, so the Gateway API
 * reports say nothing of it: the table of inference.c does, from the
 * Extension's own reports. Not supported: a warning; nothing says: an
 * info, as the generic target gets (it depends on the implementation).
 */
static void
inference_ref(struct tcheck *tc, const struct doc_node *ref,
	const char *where)
{
	const struct lint_inference_support *s;

	if (strcmp(lint_str_or(doc_get(ref, "group"), ""), INFERENCE_GROUP) ||
	    strcmp(lint_str_or(doc_get(ref, "kind"), ""), "InferencePool"))
		return;
	/* the table names the generic target "standard" */
	s = lint_inference_support(tc->t->generic ? "standard" : tc->t->name);
	if (s->support == LINT_SUPPORT_YES)
		return;
	if (s->support == LINT_SUPPORT_NO)
		lint_emit_sev(tc->c, "target/inference-pool", DIAG_WARNING, ref,
			"%s: %s%s%s does not route to InferencePool backends",
			where, tc->t->title, s->version ? " " : "",
			s->version ? s->version : "");
	else
		lint_emit_sev(tc->c, "target/inference-pool", DIAG_INFO, ref,
			"%s: whether %s routes to an InferencePool is unknown",
			where, tc->t->generic ? "the Gateway implementation" :
			tc->t->title);
	lint_note(tc->c, ref, "%s%s", s->support == LINT_SUPPORT_NO ?
		"source: " : "", s->source);
}

static void
inference_refs(struct tcheck *tc, const struct k8s_object *k)
{
	const struct doc_node *rules = doc_path(k->root, "spec.rules");

	for (size_t r = 0; r < lint_seq_len(rules); r++) {
		const struct doc_node *brs = doc_get(doc_item(rules, r),
			"backendRefs");
		char w[128];

		for (size_t b = 0; b < lint_seq_len(brs); b++) {
			lint_where(w, sizeof(w), r, ".backendRefs", b, "");
			inference_ref(tc, doc_item(brs, b), w);
		}
	}
}

static void
validation(struct tcheck *tc, const struct doc_node *tls)
{
	const struct doc_node *v = doc_get(tls, "validation");
	const char *mode = doc_str(doc_get(v, "mode"));

	if (!present(v))
		return;
	report(tc, TGT_C_CLIENT_CERT, key_or(tls, "validation"));
	if (mode && !strcmp(mode, "AllowInsecureFallback"))
		report(tc, TGT_C_CLIENT_CERT_FALLBACK, key_or(v, "mode"));
}

static void
gateway(struct tcheck *tc, const struct k8s_object *k)
{
	const struct doc_node *spec = doc_get(k->root, "spec");
	const struct doc_node *tls = doc_get(spec, "tls");
	const struct doc_node *fe = doc_get(tls, "frontend");
	const struct doc_node *pp = doc_get(fe, "perPort");
	const struct doc_node *ls = doc_get(spec, "listeners");

	validation(tc, doc_get(fe, "default"));
	for (size_t i = 0; i < lint_seq_len(pp); i++)
		validation(tc, doc_get(doc_item(pp, i), "tls"));
	if (present(doc_get(doc_get(tls, "backend"), "clientCertificateRef")))
		report(tc, TGT_C_BACKEND_CLIENT_CERT, key_or(tls, "backend"));
	if (present(doc_get(spec, "addresses")))
		report(tc, TGT_C_STATIC_ADDRESSES, key_or(spec, "addresses"));
	if (present(doc_get(spec, "infrastructure")))
		report(tc, TGT_C_INFRASTRUCTURE, key_or(spec,
			"infrastructure"));
	for (size_t i = 0; i < lint_seq_len(ls); i++) {
		const struct doc_node *l = doc_item(ls, i);
		const char *proto = doc_str(doc_get(l, "protocol"));
		const char *mode = doc_str(doc_path(l, "tls.mode"));

		/* TLS listeners terminate by default (CRD default) */
		if (proto && !strcmp(proto, "TLS") &&
		    (!mode || !strcmp(mode, "Terminate")))
			report(tc, TGT_C_TLS_TERMINATE, l);
	}
}

static void
backend_tls(struct tcheck *tc, const struct k8s_object *k)
{
	const struct doc_node *v = doc_path(k->root, "spec.validation");

	report(tc, TGT_C_BACKEND_TLS, key_or(k->root, "kind"));
	if (present(doc_get(v, "subjectAltNames")))
		report(tc, TGT_C_BACKEND_TLS_SAN, key_or(v, "subjectAltNames"));
}

/* Kinds that are a construct of their own: at their kind. */
static const struct {
	const char *kind;
	enum tgt_construct c;
} kinds[] = {
	{ "GRPCRoute", TGT_C_GRPCROUTE },
	{ "TLSRoute", TGT_C_TLSROUTE },
	{ "TCPRoute", TGT_C_TCPROUTE },
	{ "UDPRoute", TGT_C_UDPROUTE },
	{ "ListenerSet", TGT_C_LISTENERSET },
};

void
lint_target_check(struct lint_ctx *c)
{
	struct tcheck tc = { c, c->cfg ? c->cfg->target : NULL, "" };
	const struct lint_obj *saved = c->cur;

	if (!tc.t)
		return;
	tgt_label(tc.t, tc.label, sizeof(tc.label));
	for (size_t i = 0; i < c->all->len; i++) {
		const struct k8s_object *k = &c->all->items[i];
		struct lint_obj o = { .k = k, .kind = LK_OTHER };
		char buf[256];

		if (strcmp(k8s_api_group(k->api_version, buf, sizeof(buf)),
		    GW_GROUP))
			continue;
		o.ns = k->ns ? k->ns : "default";
		o.name = k->name ? k->name : "";
		o.spec = doc_get(k->root, "spec");
		c->cur = &o;
		if (!strcmp(k->kind, "HTTPRoute"))
			inference_refs(&tc, k);
		/* standard Gateway API: every construct supported */
		if (tc.t->generic)
			continue;
		for (size_t j = 0; j < ARRAY_LEN(kinds); j++)
			if (!strcmp(k->kind, kinds[j].kind))
				report(&tc, kinds[j].c, key_or(k->root,
					"kind"));
		if (!strcmp(k->kind, "HTTPRoute"))
			http_route(&tc, k);
		else if (!strcmp(k->kind, "Gateway"))
			gateway(&tc, k);
		else if (!strcmp(k->kind, "BackendTLSPolicy"))
			backend_tls(&tc, k);
	}
	c->cur = saved;
}
