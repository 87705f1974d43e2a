#include "compat.h"
#include "cluster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fetch.h"
#include "source.h"
#include "strbuf.h"

/* Every list: at most this much JSON (the input limit of a file). */
#define MAX_LIST_BYTES ((size_t)512 << 20)

/* What a kubeconfig context resolves to. */
struct kube {
	const char *path;		/* the kubeconfig read */
	struct strbuf dir;		/* its directory, for relative paths */
	struct doc_set *set;		/* the kubeconfig's document */
	const char *context, *cluster_name, *user_name;
	const char *server;
	const char *ns;			/* the context's namespace */
	bool insecure;
	struct strbuf ca_pem, cert_pem, key_pem;
	char *ca_file, *cert_file, *key_file;
	char *token;
	const char *user, *password;
	struct strbuf auth;		/* "Authorization: Bearer ..." */
};

static struct src_pos
at(const char *where)
{
	struct src_pos p = { where, 0, 0 };
	return p;
}

static int
fail(struct diag_sink *sink, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct diag_sink *sink, const char *where, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_input_error(sink, "input/cluster", at(where), "%s", sb.buf);
	strbuf_release(&sb);
	return ERR_IO;
}

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Standard base64 (blanks and padding skipped); -1 when invalid. */
static int
b64_decode(struct strbuf *out, const char *s)
{
	unsigned acc = 0;
	int bits = 0;

	for (; *s; s++) {
		int v;

		if (*s == '=' || *s == '\n' || *s == '\r' || *s == ' ')
			continue;
		if ((v = b64_value(*s)) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addc(out, (char)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

/* The entry of list (clusters, contexts, users) named name. */
static const struct doc_node *
named(const struct doc_node *list, const char *name, const char *field)
{
	for (size_t i = 0; i < doc_len(list); i++) {
		const struct doc_node *e = doc_item(list, i);
		const char *n = doc_str(doc_get(e, "name"));

		if (n && !strcmp(n, name))
			return doc_get(e, field);
	}
	return NULL;
}

/* A path of the kubeconfig, relative to its directory. */
static char *
kube_path(const struct kube *k, const char *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (p[0] == '/' || !k->dir.len)
		strbuf_adds(&sb, p);
	else
		strbuf_addf(&sb, "%s/%s", k->dir.buf, p);
	return strbuf_detach(&sb, NULL);
}

/* field-data (base64) into pem, or field (a path) into *file. */
static int
pem_or_file(struct kube *k, const struct doc_node *m, const char *field,
	struct strbuf *pem, char **file, struct diag_sink *sink)
{
	struct strbuf key = STRBUF_INIT;
	const char *data, *path;
	int rc = 0;

	strbuf_addf(&key, "%s-data", field);
	data = doc_str(doc_get(m, key.buf));
	path = doc_str(doc_get(m, field));
	if (data) {
		if (b64_decode(pem, data) < 0)
			rc = fail(sink, k->path, "'%s' of context '%s' is not "
				"base64", key.buf, k->context);
	} else if (path) {
		*file = kube_path(k, path);
		if (access(*file, R_OK))
			rc = fail(sink, k->path, "cannot read '%s' (%s of "
				"context '%s'): %s", *file, field, k->context,
				strerror(errno));
	}
	strbuf_release(&key);
	return rc;
}

static const char *
kubeconfig_path(const struct cli_cluster *c, struct strbuf *buf)
{
	const char *env = getenv("KUBECONFIG"), *home = getenv("HOME");

	if (c->kubeconfig)
		return c->kubeconfig;
	if (env && *env) {
		/* kubectl merges the list; ing2gw reads its first file */
		strbuf_add(buf, env, strcspn(env, ":"));
		return buf->buf;
	}
	strbuf_addf(buf, "%s/.kube/config", home ? home : "");
	return buf->buf;
}

static int
kube_load(struct kube *k, const struct cli_cluster *c, struct doc_set *in,
	struct strbuf *pathbuf, struct diag_sink *sink)
{
	const struct doc_node *root, *ctx, *cl, *user;
	const char *slash, *tf;
	char *buf;
	size_t len;
	bool ins = false;

	/* diagnostics cite it after this returns: the input set keeps it */
	k->path = doc_set_keep_name(in, kubeconfig_path(c, pathbuf));
	if ((slash = strrchr(k->path, '/')))
		strbuf_add(&k->dir, k->path, (size_t)(slash - k->path));
	if (source_read(k->path, 1 << 24, &buf, &len, sink))
		return fail(sink, k->path, "no kubeconfig to read the cluster "
			"with (give --kubeconfig FILE, or set KUBECONFIG)");
	k->set = doc_set_new(NULL);
	if (doc_set_parse(k->set, k->path, buf, len, sink)) {
		free(buf);
		return ERR_PARSE;
	}
	free(buf);
	root = doc_set_root(k->set, 0);
	k->context = c->context ? c->context :
		doc_str(doc_get(root, "current-context"));
	if (!k->context)
		return fail(sink, k->path, "the kubeconfig has no "
			"current-context: give --context NAME");
	if (!(ctx = named(doc_get(root, "contexts"), k->context, "context")))
		return fail(sink, k->path, "the kubeconfig has no context "
			"'%s'", k->context);
	k->cluster_name = doc_str(doc_get(ctx, "cluster"));
	k->user_name = doc_str(doc_get(ctx, "user"));
	k->ns = doc_str(doc_get(ctx, "namespace"));
	if (!k->cluster_name || !(cl = named(doc_get(root, "clusters"),
	    k->cluster_name, "cluster")))
		return fail(sink, k->path, "context '%s' names no cluster of "
			"the kubeconfig", k->context);
	if (!(k->server = doc_str(doc_get(cl, "server"))))
		return fail(sink, k->path, "cluster '%s' has no server",
			k->cluster_name);
	if (doc_bool(doc_get(cl, "insecure-skip-tls-verify"), &ins))
		k->insecure = ins;
	if (pem_or_file(k, cl, "certificate-authority", &k->ca_pem,
	    &k->ca_file, sink))
		return ERR_IO;
	user = k->user_name ? named(doc_get(root, "users"), k->user_name,
		"user") : NULL;
	if (!user)
		return 0;	/* anonymous */
	if (doc_get(user, "exec") || doc_get(user, "auth-provider"))
		return fail(sink, k->path, "user '%s' of context '%s' signs "
			"in with a %s plugin, which ing2gw does not run: give "
			"it a token (kubectl create token SERVICEACCOUNT) in a "
			"kubeconfig of its own", k->user_name, k->context,
			doc_get(user, "exec") ? "exec" : "auth-provider");
	if (pem_or_file(k, user, "client-certificate", &k->cert_pem,
	    &k->cert_file, sink) || pem_or_file(k, user, "client-key",
	    &k->key_pem, &k->key_file, sink))
		return ERR_IO;
	if (doc_str(doc_get(user, "token"))) {
		k->token = xstrdup(doc_str(doc_get(user, "token")));
	} else if ((tf = doc_str(doc_get(user, "tokenFile")))) {
		char *p = kube_path(k, tf);

		if (source_read(p, 1 << 20, &buf, &len, sink)) {
			free(p);
			return ERR_IO;
		}
		free(p);
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		k->token = buf;
	}
	k->user = doc_str(doc_get(user, "username"));
	k->password = doc_str(doc_get(user, "password"));
	if (k->token)
		strbuf_addf(&k->auth, "Authorization: Bearer %s", k->token);
	return 0;
}

static void
kube_release(struct kube *k)
{
	strbuf_release(&k->dir);
	/* key material does not linger */
	if (k->key_pem.buf)
		memset(k->key_pem.buf, 0, k->key_pem.len);
	if (k->token)
		memset(k->token, 0, strlen(k->token));
	if (k->auth.buf)
		memset(k->auth.buf, 0, k->auth.len);
	strbuf_release(&k->ca_pem);
	strbuf_release(&k->cert_pem);
	strbuf_release(&k->key_pem);
	strbuf_release(&k->auth);
	free(k->ca_file);
	free(k->cert_file);
	free(k->key_file);
	free(k->token);
	doc_set_free(k->set);
}

/* GET path of the API server: the body, or an error; 404 when allowed. */
static int
api_get(struct kube *k, const char *path, const char *what,
	struct cli_http_resp *resp, struct diag_sink *sink)
{
	struct strbuf url = STRBUF_INIT;
	const char *headers[3] = { "Accept: application/json", NULL, NULL };
	struct cli_http_req req = { 0 };
	size_t n = strlen(k->server);
	int rc = 0;

	while (n && k->server[n - 1] == '/')
		n--;
	strbuf_add(&url, k->server, n);
	strbuf_adds(&url, path);
	if (k->auth.len)
		headers[1] = k->auth.buf;
	req.url = url.buf;
	req.max_bytes = MAX_LIST_BYTES;
	req.headers = headers;
	req.insecure = k->insecure;
	req.ca_pem = k->ca_pem.len ? &k->ca_pem : NULL;
	req.ca_file = k->ca_file;
	req.cert_pem = k->cert_pem.len ? &k->cert_pem : NULL;
	req.cert_file = k->cert_file;
	req.key_pem = k->key_pem.len ? &k->key_pem : NULL;
	req.key_file = k->key_file;
	req.user = k->user;
	req.password = k->password;
	if (cli_http_get(&req, resp))
		rc = fail(sink, k->path, "cannot list %s of context '%s' "
			"(%s): %s", what, k->context, k->server, resp->error);
	else if (resp->status == 401)
		rc = fail(sink, k->path, "HTTP 401 listing %s of context "
			"'%s': the server does not accept the credentials of "
			"user '%s'", what, k->context, k->user_name ?
			k->user_name : "(none)");
	else if (resp->status == 403)
		rc = fail(sink, k->path, "HTTP 403 listing %s of context "
			"'%s': user '%s' may not list them (RBAC: it needs "
			"get and list on %s)", what, k->context, k->user_name ?
			k->user_name : "(none)", what);
	else if (resp->status != 404 &&
	    (resp->status < 200 || resp->status > 299))
		rc = fail(sink, k->path, "HTTP %ld listing %s of context "
			"'%s' (%s)", resp->status, what, k->context, url.buf);
	strbuf_release(&url);
	return rc;
}

/*
 * The items of a list answer as a List of objects with apiVersion and
 * kind (the API server leaves them out of items), without managedFields;
 * a Secret keeps its metadata, type and the names of its keys, never a
 * value.
 */
static void
add_items(json_t *out, json_t *answer, const char *api, const char *kind)
{
	json_t *items = json_object_get(answer, "items");
	size_t i;
	json_t *it;

	if (!json_is_array(items)) {
		if (json_is_object(answer) && json_object_get(answer,
		    "metadata"))
			items = NULL;	/* one object (a GET by name) */
		else
			return;
	}
	for (i = 0; items ? i < json_array_size(items) : i < 1; i++) {
		json_t *o = json_object();

		it = items ? json_array_get(items, i) : answer;
		json_object_set_new(o, "apiVersion", json_string(api));
		json_object_set_new(o, "kind", json_string(kind));
		json_object_set(o, "metadata", json_object_get(it,
			"metadata"));
		json_object_del(json_object_get(o, "metadata"),
			"managedFields");
		if (!strcmp(kind, "Secret")) {
			const char *fields[] = { "data", "stringData" };

			json_object_set(o, "type", json_object_get(it, "type"));
			for (size_t f = 0; f < ARRAY_LEN(fields); f++) {
				json_t *d = json_object_get(it, fields[f]);
				json_t *keys;
				const char *key;
				json_t *v;

				if (!json_is_object(d))
					continue;
				keys = json_object();
				json_object_foreach(d, key, v)
					json_object_set_new(keys, key,
						json_string(""));
				json_object_set_new(o, fields[f], keys);
			}
		} else {
			const char *key;
			json_t *v;

			json_object_foreach(it, key, v)
				if (strcmp(key, "metadata") &&
				    strcmp(key, "apiVersion") &&
				    strcmp(key, "kind"))
					json_object_set(o, key, v);
		}
		json_array_append_new(json_object_get(out, "items"), o);
	}
}

struct resource {
	const char *what;	/* for messages and the document name */
	const char *api, *kind;
	const char *group_path;	/* "/api/v1" or "/apis/GROUP/VERSION" */
	const char *plural;
	bool cluster_scoped;
	bool optional;		/* a refusal is a warning, not an error */
};

static const struct resource resources[] = {
	{ "ingresses", "networking.k8s.io/v1", "Ingress",
	  "/apis/networking.k8s.io/v1", "ingresses", false, false },
	{ "ingressclasses", "networking.k8s.io/v1", "IngressClass",
	  "/apis/networking.k8s.io/v1", "ingressclasses", true, false },
	{ "services", "v1", "Service", "/api/v1", "services", false, false },
	{ "secrets", "v1", "Secret", "/api/v1", "secrets", false, true },
};

/* Parses the answer and adds its objects to list. */
static int
take(json_t *list, struct cli_http_resp *resp, const struct resource *r,
	struct kube *k, struct diag_sink *sink)
{
	json_error_t err;
	json_t *answer;

	if (resp->status == 404)
		return 0;
	answer = json_loadb(resp->body.buf ? resp->body.buf : "",
		resp->body.len, 0, &err);
	/* what a Secret held does not stay in memory */
	if (resp->body.buf)
		memset(resp->body.buf, 0, resp->body.len);
	if (!answer)
		return fail(sink, k->path, "the answer listing %s of context "
			"'%s' is not JSON: %s", r->what, k->context, err.text);
	add_items(list, answer, r->api, r->kind);
	json_decref(answer);
	return 0;
}

static void
add_document(struct doc_set *set, json_t *list, const char *context,
	const char *what, struct diag_sink *sink)
{
	struct strbuf name = STRBUF_INIT;
	char *text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	strbuf_addf(&name, "cluster:%s/%s", context, what);
	if (text)
		doc_set_parse(set, name.buf, text, strlen(text), sink);
	free(text);
	strbuf_release(&name);
}

static json_t *
new_list(void)
{
	return json_pack("{s:s, s:s, s:[]}", "apiVersion", "v1", "kind",
		"List", "items");
}

/* The ConfigMaps ingress-nginx reads: tcp/udp-services, custom-headers. */
static void
configmaps(struct kube *k, json_t *ingresses, json_t *out,
	struct diag_sink *sink)
{
	static const struct resource cm = { "configmaps", "v1", "ConfigMap",
		"/api/v1", "configmaps", false, true };
	const char *names[] = { "tcp-services", "udp-services" };
	struct strbuf path = STRBUF_INIT;
	struct cli_http_resp resp;
	size_t i;
	json_t *it;

	for (size_t n = 0; n < ARRAY_LEN(names); n++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "/api/v1/configmaps?fieldSelector="
			"metadata.name%%3D%s", names[n]);
		if (!api_get(k, path.buf, "configmaps", &resp, sink))
			take(out, &resp, &cm, k, sink);
		cli_http_resp_release(&resp);
	}
	json_array_foreach(json_object_get(ingresses, "items"), i, it) {
		const char *v = json_string_value(json_object_get(
			json_object_get(json_object_get(it, "metadata"),
			"annotations"), "nginx.ingress.kubernetes.io/"
			"custom-headers"));
		const char *ns = json_string_value(json_object_get(
			json_object_get(it, "metadata"), "namespace"));
		const char *sl;

		if (!v || !*v)
			continue;
		strbuf_reset(&path);
		sl = strchr(v, '/');
		if (sl)
			strbuf_addf(&path, "/api/v1/namespaces/%.*s/configmaps/"
				"%s", (int)(sl - v), v, sl + 1);
		else
			strbuf_addf(&path, "/api/v1/namespaces/%s/configmaps/%s",
				ns ? ns : "default", v);
		if (!api_get(k, path.buf, "configmaps", &resp, sink))
			take(out, &resp, &cm, k, sink);
		cli_http_resp_release(&resp);
	}
	strbuf_release(&path);
}

int
cli_cluster_read(const struct cli_cluster *c, struct doc_set *set,
	struct diag_sink *sink)
{
	struct kube k = { 0 };
	struct strbuf pathbuf = STRBUF_INIT, path = STRBUF_INIT;
	json_t *ingresses = NULL, *cms = new_list();
	const char *ns;
	int rc;

	if (!cli_http_supported()) {
		diag_input_error(sink, "input/cluster", (struct src_pos){ 0 },
			"this ing2gw was built without libcurl (meson "
			"-Dcurl=enabled), so it reads no cluster");
		json_decref(cms);
		return ERR_IO;
	}
	if ((rc = kube_load(&k, c, set, &pathbuf, sink)))
		goto out;
	ns = c->ns ? c->ns : k.ns ? k.ns : "default";
	for (size_t i = 0; i < ARRAY_LEN(resources) && !rc; i++) {
		const struct resource *r = &resources[i];
		struct cli_http_resp resp;
		json_t *list = new_list();

		strbuf_reset(&path);
		if (r->cluster_scoped || c->all_namespaces)
			strbuf_addf(&path, "%s/%s", r->group_path, r->plural);
		else
			strbuf_addf(&path, "%s/namespaces/%s/%s", r->group_path,
				ns, r->plural);
		if (api_get(&k, path.buf, r->what, &resp, sink)) {
			if (r->optional && resp.status == 403) {
				/* convert works without them: say so */
				sink->items[sink->len - 1].severity =
					DIAG_WARNING;
				sink->items[sink->len - 1].input_error = false;
				sink->input_errors--;
			} else {
				rc = ERR_IO;
			}
		} else {
			rc = take(list, &resp, r, &k, sink);
		}
		cli_http_resp_release(&resp);
		if (!rc)
			add_document(set, list, k.context, r->what, sink);
		if (i == 0)
			ingresses = list;
		else
			json_decref(list);
	}
	if (!rc) {
		configmaps(&k, ingresses, cms, sink);
		if (json_array_size(json_object_get(cms, "items")))
			add_document(set, cms, k.context, "configmaps", sink);
	}
out:
	json_decref(ingresses);
	json_decref(cms);
	kube_release(&k);
	strbuf_release(&pathbuf);
	strbuf_release(&path);
	return rc;
}
