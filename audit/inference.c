/*
 * Model-server candidates of an Ingress estate (audit/inference.h): signs
 * of LLM serving in the names around an Ingress backend and in its path.
 */
#include "compat.h"
#include "inference.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/*
 * Words that name a model server or LLM serving. Those marked `part`
 * also count inside a longer word ("myvllm"); the others must be a whole
 * word of the name ("model-a", not "remodel").
 */
static const struct {
	const char *word;
	bool part;
} words[] = {
	{ "vllm", true },
	{ "sglang", true },
	{ "ollama", true },
	{ "triton", false },
	{ "tgi", false },
	{ "llm", false },
	{ "llms", false },
	{ "model", false },
	{ "models", false },
	{ "inference", false },
};

/* The first word of s that names LLM serving, or NULL. */
static const char *
llm_word(const char *s)
{
	char w[64];

	while (s && *s) {
		size_t n = 0;

		while (*s && !isalnum((unsigned char)*s))
			s++;
		while (isalnum((unsigned char)*s)) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[n] = '\0';
		if (!n)
			break;
		for (size_t i = 0; i < ARRAY_LEN(words); i++)
			if (!strcmp(w, words[i].word) ||
			    (words[i].part && strstr(w, words[i].word)))
				return words[i].word;
	}
	return NULL;
}

/* The LLM APIs a path may serve. */
static const struct {
	const char *path, *what;
} apis[] = {
	{ "/v1/completions", "the OpenAI-compatible completions API" },
	{ "/v1/chat/completions", "the OpenAI-compatible chat API" },
	{ "/v1/embeddings", "the OpenAI-compatible embeddings API" },
	{ "/generate", "TGI's generate API" },
	{ "/generate_stream", "TGI's streaming API" },
	{ "/v2/models", "the v2 inference protocol (Triton, KServe)" },
};

static size_t
segments(const char *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += p[i] == '/' && i + 1 < len;
	return n;
}

/* Whether a is b or an element-wise prefix of it. */
static bool
elem_prefix(const char *a, size_t alen, const char *b)
{
	return !strncmp(a, b, alen) && (b[alen] == '\0' || b[alen] == '/');
}

/*
 * The API a path serves: it is an API path or under one, or (for a
 * prefix of two segments or more, like /v1/chat) it holds one. "/" and
 * "/v1" hold far more than LLM APIs: not a sign.
 */
static const char *
llm_api(const char *path, enum ing_path_type type)
{
	size_t len = path ? strlen(path) : 0;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len <= 1)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(apis); i++) {
		size_t alen = strlen(apis[i].path);

		if (len >= alen && elem_prefix(apis[i].path, alen, path))
			return apis[i].what;
		if (type != ING_PATH_EXACT && len < alen &&
		    segments(path, len) >= 2 &&
		    elem_prefix(path, len, apis[i].path))
			return apis[i].what;
	}
	return NULL;
}

/* Separates the signs in why. */
static void
sep(struct strbuf *why)
{
	if (why->len)
		strbuf_adds(why, "; ");
}

/* Labels, selector and short annotations of the Service. */
static bool
metadata_signs(const struct ing_service *svc, struct strbuf *why)
{
	const struct doc_node *meta = svc->obj->metadata;
	const struct doc_node *maps[] = { doc_get(meta, "labels"),
		doc_path(svc->obj->root, "spec.selector"),
		doc_get(meta, "annotations") };
	static const char *const what[] = { "label", "selector",
		"annotation" };
	bool any = false;

	for (size_t m = 0; m < ARRAY_LEN(maps); m++)
		for (size_t i = 0; doc_is_map(maps[m]) && i < doc_len(maps[m]);
		     i++) {
			const char *k = doc_str(doc_map_key(maps[m], i));
			const char *v = doc_str(doc_map_value(maps[m], i));
			const char *word;
			char kv[160];

			/* long values are documents (last-applied...) */
			if (!k || !v || strlen(v) > 100)
				continue;
			/* a label key is a schema ("app"), not a sign;
			 * an annotation key may be one */
			word = llm_word(v);
			if (!word && m == 2)
				word = llm_word(k);
			if (!word)
				continue;
			snprintf(kv, sizeof(kv), "%s=%s", k, v);
			sep(why);
			strbuf_addf(why, "%s %s (%s)", what[m], kv, word);
			any = true;
		}
	return any;
}

static void
consider(struct audit_model_servers *out, const struct ing_world *w,
	const struct ingress *ing, const char *host, const struct ing_path *p,
	const struct ing_backend *b)
{
	const struct ing_service *svc;
	const char *word, *api, *pname = b->port_name;
	struct strbuf why = STRBUF_INIT;
	unsigned sig = 0;
	int port = b->port;

	if (!b->service)
		return;		/* a resource backend: no Service */
	svc = ing_world_service(w, ing->ns, b->service);
	for (size_t i = 0; svc && i < svc->nports; i++) {
		if (pname && svc->ports[i].name &&
		    !strcmp(svc->ports[i].name, pname))
			port = svc->ports[i].port;
		else if (!pname && svc->ports[i].port == b->port)
			pname = svc->ports[i].name;
	}
	if ((word = llm_word(b->service))) {
		sig |= AUDIT_LLM_SERVICE_NAME;
		sep(&why);
		strbuf_addf(&why, "Service name '%s' (%s)", b->service, word);
	}
	if (pname && (word = llm_word(pname))) {
		sig |= AUDIT_LLM_PORT_NAME;
		sep(&why);
		strbuf_addf(&why, "port name '%s' (%s)", pname, word);
	}
	if (svc && metadata_signs(svc, &why))
		sig |= AUDIT_LLM_METADATA;
	if (p && (api = llm_api(p->path, p->type))) {
		sig |= AUDIT_LLM_PATH;
		sep(&why);
		strbuf_addf(&why, "path '%s' (%s)", p->path, api);
	}
	/* common model-server ports (vLLM serves on 8000 by default, TGI
	 * is often published on 8080): only beside another sign */
	if (sig && (port == 8000 || port == 8080)) {
		sig |= AUDIT_LLM_PORT;
		sep(&why);
		strbuf_addf(&why, "port %d (a common model-server port)", port);
	}
	if (!sig) {
		strbuf_release(&why);
		return;
	}
	if (out->len == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 8;
		out->items = xrealloc(out->items,
			out->cap * sizeof(*out->items));
	}
	out->items[out->len++] = (struct audit_model_server){
		.ing = ing, .host = host, .path = p ? p->path : NULL,
		.service = b->service, .port = b->port_name ? 0 : b->port,
		.port_name = b->port_name, .svc = svc, .signals = sig,
		.why = strbuf_detach(&why, NULL), .node = b->node,
	};
}

void
audit_model_servers_find(struct audit_model_servers *out,
	const struct ing_world *w)
{
	for (size_t i = 0; i < w->ningresses; i++) {
		const struct ingress *ing = &w->ingresses[i];

		for (size_t r = 0; r < ing->nrules; r++)
			for (size_t j = 0; j < ing->rules[r].npaths; j++)
				consider(out, w, ing, ing->rules[r].host,
					&ing->rules[r].paths[j],
					&ing->rules[r].paths[j].backend);
		if (ing->has_default_backend)
			consider(out, w, ing, NULL, NULL,
				&ing->default_backend);
	}
}

void
audit_model_servers_release(struct audit_model_servers *ms)
{
	for (size_t i = 0; i < ms->len; i++)
		free(ms->items[i].why);
	free(ms->items);
	memset(ms, 0, sizeof(*ms));
}
