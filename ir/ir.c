#include "compat.h"
#include "ir/ir.h"

#include <string.h>

#include "arena.h"

/*
 * Filter arrays live in the arena and are copied on append, so that rules
 * may share one array (a canary rule takes its primary's filters) without
 * one rule's change reaching the other.
 */
struct ir_filter *
ir_filter_add(struct arena *a, struct rule *rule, enum ir_filter_kind kind,
	const struct doc_node *node)
{
	struct ir_filter *fs = arena_alloc(a,
		(rule->nfilters + 1) * sizeof(*fs));

	if (rule->nfilters)
		memcpy(fs, rule->filters, rule->nfilters * sizeof(*fs));
	memset(&fs[rule->nfilters], 0, sizeof(*fs));
	fs[rule->nfilters].kind = kind;
	fs[rule->nfilters].node = node;
	rule->filters = fs;
	return &fs[rule->nfilters++];
}

void
ir_headers_add(struct arena *a, struct ir_filter *f, const char *name,
	const char *value)
{
	struct ir_header *h = arena_alloc(a,
		(f->u.headers.nset + 1) * sizeof(*h));

	if (f->u.headers.nset)
		memcpy(h, f->u.headers.set, f->u.headers.nset * sizeof(*h));
	h[f->u.headers.nset].name = name;
	h[f->u.headers.nset].value = value;
	f->u.headers.set = h;
	f->u.headers.nset++;
}

const char *
ir_filter_type(enum ir_filter_kind kind)
{
	switch (kind) {
	case IR_FILTER_CORS: return "CORS";
	case IR_FILTER_REDIRECT: return "RequestRedirect";
	case IR_FILTER_REQUEST_HEADERS: return "RequestHeaderModifier";
	case IR_FILTER_URL_REWRITE: return "URLRewrite";
	case IR_FILTER_RESPONSE_HEADERS: return "ResponseHeaderModifier";
	case IR_FILTER_MIRROR: return "RequestMirror";
	case IR_FILTER_REGEX_REWRITE: return "ExtensionRef";
	}
	return "?";
}

const char *
ir_feature_name(enum ir_feature_kind k)
{
	switch (k) {
	case IR_FEAT_TIMEOUTS: return "timeouts";
	case IR_FEAT_RETRY: return "retry";
	case IR_FEAT_LOAD_BALANCING: return "load-balancing";
	case IR_FEAT_RATE_LIMIT: return "rate-limit";
	case IR_FEAT_BODY_SIZE: return "body-size";
	case IR_FEAT_IP_ACCESS: return "ip-access";
	case IR_FEAT_BASIC_AUTH: return "basic-auth";
	case IR_FEAT_EXT_AUTH: return "external-auth";
	case IR_FEAT_REGEX_REWRITE: return "regex-rewrite";
	case IR_FEAT_PROXY_PROTOCOL: return "proxy-protocol";
	case IR_FEAT_COUNT: break;
	}
	return "?";
}

bool
ir_feature_access(enum ir_feature_kind k)
{
	return k == IR_FEAT_IP_ACCESS || k == IR_FEAT_BASIC_AUTH ||
		k == IR_FEAT_EXT_AUTH;
}
