/*
 * gen_ingresses: write a kubectl List of N synthetic Ingresses (and the
 * Services some of their named ports need) to stdout, shaped like
 * `kubectl get ingress,service -A -o yaml` (or -o json) prints them.
 *
 * usage: gen_ingresses N [--format yaml|json] [--seed S] [--hosts K]
 *
 * --hosts K puts every rule on one of K hosts (shop-0.example.com ...,
 * Ingress i on host i mod K), the shape of an estate whose applications
 * share a few hostnames, each under paths of its own: /<app>-<i>... (a
 * regular expression starts with that literal too). Without it, hosts
 * are per Ingress, as applications with names of their own.
 *
 * The output depends only on N, the format and the seed: the generator
 * has its own PRNG (xorshift64*) and never reads the clock. Keys are
 * written in alphabetical order, as kubectl's YAML printer does; the JSON
 * form uses the same order (kubectl's JSON keeps Go field order, which no
 * consumer of ours may depend on anyway).
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG ------------------------------------------------------------ */

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(2685821657736338717);
}

/* Uniform enough in [0, n) for the small n used here. */
static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)((rng_next(r) >> 32) % n);
}

/* True with probability pct percent. */
static bool
rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, a) ((a)[rng_below((r), ARRAY_LEN(a))])

/* ---- output buffer --------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
	FILE *flush_to;		/* NULL: keep everything in memory */
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (b->len + n + 1 > cap)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_spaces(struct buf *b, int n)
{
	static const char sp[] = "                                        ";

	while (n > 0) {
		int k = n < 40 ? n : 40;

		buf_add(b, sp, (size_t)k);
		n -= k;
	}
}

static int
buf_flush(struct buf *b)
{
	if (!b->flush_to || !b->len)
		return 0;
	if (fwrite(b->p, 1, b->len, b->flush_to) != b->len)
		return -1;
	b->len = 0;
	return 0;
}

/* ---- a streaming YAML / JSON writer ------------------------------------ */

enum w_mode {
	W_YAML,
	W_JSON,		/* indented by 4, like kubectl -o json */
	W_JSON_COMPACT,	/* like kubectl's last-applied-configuration */
};

enum w_origin {
	W_ROOT,
	W_KEY,		/* value of a map key */
	W_ITEM,		/* element of a sequence */
};

struct w_frame {
	bool seq;
	uint8_t origin;
	unsigned n;	/* children written so far */
	int ind;	/* YAML: column of the children */
};

struct w {
	struct buf *b;
	enum w_mode mode;
	int depth;
	bool key_pending;	/* a key was written, its value is next */
	struct w_frame fr[32];
};

static void
w_init(struct w *w, struct buf *b, enum w_mode mode)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->mode = mode;
	w->depth = -1;
}

static void
w_json_str(struct buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(b, esc, 2);
		} else if (c == '\n') {
			buf_add(b, "\\n", 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			buf_add(b, esc, 6);
		} else {
			buf_add(b, s, 1);
		}
	}
	buf_add(b, "\"", 1);
}

/* Would a plain YAML scalar read back as something other than s? */
static bool
yaml_needs_quotes(const char *s)
{
	static const char *const special[] = {
		"true", "false", "yes", "no", "on", "off", "null", "~",
		"True", "False", "Yes", "No", "On", "Off", "Null",
		"TRUE", "FALSE", "YES", "NO", "ON", "OFF", "NULL", "y", "n",
	};
	size_t len = strlen(s);
	bool numeric = true;

	if (!len || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return true;
	if (strstr(s, ": ") || strstr(s, " #"))
		return true;
	for (size_t i = 0; i < ARRAY_LEN(special); i++)
		if (!strcmp(s, special[i]))
			return true;
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789.+-eE:TZ", *p))
			numeric = false;
	return numeric;
}

/* Output before any key or value: commas, newlines, indentation, dashes. */
static void
w_prefix(struct w *w)
{
	struct w_frame *f;

	if (w->depth < 0)
		return;
	f = &w->fr[w->depth];
	if (w->mode != W_YAML) {
		if (w->key_pending) {
			w->key_pending = false;
			return;
		}
		if (f->n)
			buf_add(w->b, ",", 1);
		if (w->mode == W_JSON) {
			buf_add(w->b, "\n", 1);
			buf_spaces(w->b, 4 * (w->depth + 1));
		}
		f->n++;
		return;
	}
	if (w->key_pending) {
		w->key_pending = false;
		return;
	}
	if (!f->n && f->origin == W_KEY)
		buf_add(w->b, "\n", 1);
	if (f->seq) {
		buf_spaces(w->b, f->ind);
		buf_add(w->b, "- ", 2);
	} else if (!f->n && f->origin == W_ITEM) {
		/* first key of a map in a sequence: after the dash */
	} else {
		buf_spaces(w->b, f->ind);
	}
	f->n++;
}

static void
w_key(struct w *w, const char *k)
{
	w_prefix(w);
	if (w->mode == W_YAML) {
		if (yaml_needs_quotes(k))
			w_json_str(w->b, k);
		else
			buf_puts(w->b, k);
		buf_add(w->b, ":", 1);
	} else {
		w_json_str(w->b, k);
		buf_puts(w->b, w->mode == W_JSON ? ": " : ":");
	}
	w->key_pending = true;
}

static void
w_scalar(struct w *w, const char *s, bool is_string)
{
	bool after_key = w->key_pending;

	w_prefix(w);
	if (w->mode != W_YAML) {
		if (is_string)
			w_json_str(w->b, s);
		else
			buf_puts(w->b, s);
		return;
	}
	if (after_key)
		buf_add(w->b, " ", 1);
	if (is_string && strchr(s, '\n')) {
		/* a block literal, indented under the key */
		int ind = w->fr[w->depth].ind + 2;
		const char *p = s;

		buf_puts(w->b, s[strlen(s) - 1] == '\n' ? "|\n" : "|-\n");
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			buf_spaces(w->b, ind);
			buf_add(w->b, p, n);
			buf_add(w->b, "\n", 1);
			p += n + (nl ? 1 : 0);
		}
		return;
	}
	if (is_string && yaml_needs_quotes(s))
		w_json_str(w->b, s);
	else
		buf_puts(w->b, s);
	buf_add(w->b, "\n", 1);
}

static void
w_str(struct w *w, const char *s)
{
	w_scalar(w, s, true);
}

static void
w_int(struct w *w, long v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%ld", v);
	w_scalar(w, tmp, false);
}

static void
w_begin(struct w *w, bool seq)
{
	struct w_frame *nf;
	int ind = 0;
	uint8_t origin = W_ROOT;

	if (w->depth >= 0) {
		struct w_frame *f = &w->fr[w->depth];

		if (w->key_pending) {
			origin = W_KEY;
			ind = seq ? f->ind : f->ind + 2;
		} else {
			origin = W_ITEM;
			ind = f->ind + 2;
		}
		if (w->mode == W_YAML && origin == W_ITEM) {
			/* the dash is written by the first key of the map */
			if (seq)	/* sequences of sequences: unused */
				abort();
			if (!f->n && f->origin == W_KEY)
				buf_add(w->b, "\n", 1);
			buf_spaces(w->b, f->ind);
			buf_add(w->b, "- ", 2);
			f->n++;
		} else if (w->mode == W_YAML) {
			w->key_pending = false;
		} else {
			w_prefix(w);
		}
	}
	if (w->mode != W_YAML)
		buf_add(w->b, seq ? "[" : "{", 1);
	nf = &w->fr[++w->depth];
	nf->seq = seq;
	nf->origin = origin;
	nf->n = 0;
	nf->ind = ind;
}

static void
w_end(struct w *w)
{
	struct w_frame *f = &w->fr[w->depth];

	if (w->mode != W_YAML) {
		if (f->n && w->mode == W_JSON) {
			buf_add(w->b, "\n", 1);
			buf_spaces(w->b, 4 * w->depth);
		}
		buf_add(w->b, f->seq ? "]" : "}", 1);
	} else if (!f->n) {
		if (f->origin == W_KEY)
			buf_add(w->b, " ", 1);
		buf_puts(w->b, f->seq ? "[]\n" : "{}\n");
	}
	w->depth--;
	if (w->depth < 0 && w->mode == W_JSON)
		buf_add(w->b, "\n", 1);
}

#define w_map(w) w_begin((w), false)
#define w_seq(w) w_begin((w), true)

static void
w_kv(struct w *w, const char *k, const char *v)
{
	w_key(w, k);
	w_str(w, v);
}

/* ---- the data ---------------------------------------------------------- */

static const char *const words[] = {
	"api", "web", "shop", "cart", "checkout", "auth", "login", "search",
	"billing", "payments", "orders", "catalog", "media", "static", "admin",
	"grafana", "kibana", "docs", "blog", "status", "metrics", "gateway",
	"users", "profile", "inventory", "reports", "mobile", "partner",
	"legacy", "edge", "assets", "upload", "notify", "chat", "events",
};

static const char *const teams[] = {
	"platform", "payments", "growth", "data", "core", "mobile", "infra",
	"identity", "search", "frontend",
};

static const char *const domains[] = {
	"example.com", "example.net", "corp.example.org", "shop.example.io",
	"internal.example.com",
};

static const char *const prefix_paths[] = {
	"/", "/api", "/api/v1", "/api/v2", "/static", "/assets", "/healthz",
	"/login", "/admin", "/docs", "/v1/users", "/graphql", "/ws",
	"/metrics", "/.well-known/acme-challenge", "/public/images",
};

static const char *const regex_paths[] = {
	"/api(/|$)(.*)", "/v[0-9]+/items/.*", "/users/[a-z0-9-]+/profile",
	"/(static|assets)/.*", "/api/v1/(.+)", "/~[a-z]+/.*", "/shop(/|$)(.*)",
	"/download/.*\\.(zip|tar\\.gz)$",
};

static const char *const port_names[] = { "http", "web", "api", "https" };
static const int port_numbers[] = { 80, 80, 80, 8080, 8080, 443, 3000, 9090 };

#define MAX_ANN 20
#define MAX_RULES 4
#define MAX_PATHS 6
#define MAX_SVC_PORTS 4

struct bk {
	char svc[80];
	int port;		/* 0: named */
	const char *port_name;
};

struct ipath {
	char path[96];
	const char *type;
	struct bk be;
};

struct irule {
	char host[128];
	unsigned npaths;
	struct ipath paths[MAX_PATHS];
};

struct kv {
	char k[96];
	char v[128];
};

struct ing {
	char ns[48];
	char name[64];
	char ts[24];
	char uid[40];
	long rv;
	int generation;
	unsigned nlabels, nann;
	struct kv labels[4];
	struct kv ann[MAX_ANN];
	bool last_applied;
	bool class_field;
	unsigned nrules;
	struct irule rules[MAX_RULES];
	bool has_default;
	struct bk def;
	unsigned ntls;
	struct {
		unsigned nhosts;
		const char *hosts[MAX_RULES];
		char secret[96];
	} tls[2];
	unsigned nlb;
	char lb[2][48];
	bool lb_hostname;
};

struct svc {
	char ns[48];
	char name[80];
	char ts[24];
	char uid[40];
	long rv;
	unsigned cip;
	unsigned nports;
	struct {
		const char *name;
		int port;
		int target;
	} ports[MAX_SVC_PORTS];
};

struct svc_list {
	struct svc *v;
	size_t n, cap;
};

/* Copy s into dst[size], truncating; s may be another field of the struct. */
static void
copy_str(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memmove(dst, s, n);
	dst[n] = '\0';
}

static void
kv_set(struct kv *kv, const char *k, const char *v)
{
	copy_str(kv->k, sizeof(kv->k), k);
	copy_str(kv->v, sizeof(kv->v), v);
}

static int
kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->k, ((const struct kv *)b)->k);
}

static void
gen_ts(struct rng *r, char *out, size_t n)
{
	/* one draw per field, in a fixed order (argument order is not) */
	unsigned y = 2020 + rng_below(r, 6);
	unsigned mo = 1 + rng_below(r, 12);
	unsigned d = 1 + rng_below(r, 28);
	unsigned h = rng_below(r, 24);
	unsigned mi = rng_below(r, 60);
	unsigned s = rng_below(r, 60);

	snprintf(out, n, "%04u-%02u-%02uT%02u:%02u:%02uZ", y, mo, d, h, mi,
		s);
}

static void
gen_uid(struct rng *r, char *out, size_t n)
{
	uint64_t a = rng_next(r), b = rng_next(r);

	snprintf(out, n, "%08x-%04x-4%03x-%04x-%012llx",
		(unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		(unsigned)a & 0xfff, 0x8000 | ((unsigned)(b >> 48) & 0x3fff),
		(unsigned long long)(b & UINT64_C(0xffffffffffff)));
}

static void
ann_add(struct ing *g, const char *k, const char *v)
{
	if (g->nann < MAX_ANN)
		kv_set(&g->ann[g->nann++], k, v);
}

#define NGINX "nginx.ingress.kubernetes.io/"
#define LAC_KEY "kubectl.kubernetes.io/last-applied-configuration"

static void
gen_backend(struct rng *r, struct ing *g, struct bk *be, bool *named)
{
	if (rng_pct(r, 45))
		snprintf(be->svc, sizeof(be->svc), "%s-%s", g->name,
			PICK(r, words));
	else
		snprintf(be->svc, sizeof(be->svc), "%s", g->name);
	if (rng_pct(r, 20)) {
		be->port = 0;
		be->port_name = PICK(r, port_names);
		*named = true;
	} else {
		be->port = PICK(r, port_numbers);
		be->port_name = NULL;
	}
}

/* Services are named after their Ingress: look from `first` on only. */
static void
svc_add(struct svc_list *l, size_t first, struct rng *r, const struct ing *g,
	const struct bk *be)
{
	struct svc *s = NULL;

	for (size_t i = first; i < l->n && !s; i++)
		if (!strcmp(l->v[i].name, be->svc))
			s = &l->v[i];
	if (!s) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 256;
			l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
		}
		s = &l->v[l->n++];
		memset(s, 0, sizeof(*s));
		snprintf(s->ns, sizeof(s->ns), "%s", g->ns);
		snprintf(s->name, sizeof(s->name), "%s", be->svc);
		gen_ts(r, s->ts, sizeof(s->ts));
		gen_uid(r, s->uid, sizeof(s->uid));
		s->rv = 1000 + (long)rng_below(r, 90000000);
		s->cip = rng_below(r, 1u << 16);
	}
	for (unsigned i = 0; i < s->nports; i++)
		if (!strcmp(s->ports[i].name, be->port_name))
			return;
	if (s->nports == MAX_SVC_PORTS)
		return;
	s->ports[s->nports].name = be->port_name;
	s->ports[s->nports].port = !strcmp(be->port_name, "https") ? 443 :
		PICK(r, port_numbers);
	s->ports[s->nports].target = 8000 + (int)rng_below(r, 100);
	s->nports++;
}

/* --hosts K: the number of shared hosts; 0: hosts per Ingress */
static unsigned shared_hosts;

static void
gen_ingress(struct rng *r, unsigned idx, unsigned nns, struct ing *g,
	struct svc_list *svcs)
{
	unsigned ns_i = rng_below(r, nns);
	bool regex, rewrite, named = false, named_svc;
	const char *app = PICK(r, words);
	const char *dom = PICK(r, domains);
	unsigned class_roll = rng_below(r, 100);
	size_t first_svc = svcs->n;

	memset(g, 0, sizeof(*g));
	snprintf(g->ns, sizeof(g->ns), "%s-%u", teams[ns_i % ARRAY_LEN(teams)],
		ns_i);
	snprintf(g->name, sizeof(g->name), "%s-%s-%u", app, PICK(r, words),
		idx);
	gen_ts(r, g->ts, sizeof(g->ts));
	gen_uid(r, g->uid, sizeof(g->uid));
	g->rv = 1000 + (long)rng_below(r, 90000000);
	g->generation = 1 + (int)rng_below(r, rng_pct(r, 80) ? 2 : 9);

	kv_set(&g->labels[g->nlabels++], "app", app);
	if (rng_pct(r, 60))
		kv_set(&g->labels[g->nlabels++], "team",
			teams[ns_i % ARRAY_LEN(teams)]);
	if (rng_pct(r, 35)) {
		kv_set(&g->labels[g->nlabels++],
			"app.kubernetes.io/managed-by", "Helm");
		ann_add(g, "meta.helm.sh/release-name", app);
		ann_add(g, "meta.helm.sh/release-namespace", g->ns);
	}

	g->last_applied = rng_pct(r, 40);
	g->class_field = class_roll < 85;
	if (class_roll >= 85 && class_roll < 95)
		ann_add(g, "kubernetes.io/ingress.class", "nginx");

	regex = rng_pct(r, 15);
	rewrite = regex ? rng_pct(r, 70) : rng_pct(r, 10);
	if (regex)
		ann_add(g, NGINX "use-regex", "true");
	if (rewrite)
		ann_add(g, NGINX "rewrite-target", regex ? "/$2" : "/");
	if (rng_pct(r, 25))
		ann_add(g, NGINX "ssl-redirect", rng_pct(r, 50) ? "true" :
			"false");
	if (rng_pct(r, 8))
		ann_add(g, NGINX "force-ssl-redirect", "true");
	if (rng_pct(r, 20))
		ann_add(g, NGINX "proxy-body-size", rng_pct(r, 50) ? "8m" :
			rng_pct(r, 50) ? "0" : "100m");
	if (rng_pct(r, 10))
		ann_add(g, NGINX "proxy-read-timeout", "600");
	if (rng_pct(r, 6))
		ann_add(g, NGINX "backend-protocol", "HTTPS");
	if (rng_pct(r, 6)) {
		ann_add(g, NGINX "enable-cors", "true");
		ann_add(g, NGINX "cors-allow-origin",
			"https://app.example.com");
	}
	if (rng_pct(r, 4))
		ann_add(g, NGINX "whitelist-source-range",
			"10.0.0.0/8,192.168.0.0/16");
	if (rng_pct(r, 4)) {
		ann_add(g, NGINX "affinity", "cookie");
		ann_add(g, NGINX "session-cookie-name", "route");
	}
	if (rng_pct(r, 3)) {
		ann_add(g, NGINX "canary", "true");
		ann_add(g, NGINX "canary-weight", "10");
	}
	if (rng_pct(r, 3))
		ann_add(g, NGINX "configuration-snippet",
			"more_set_headers \"X-Frame-Options: DENY\";\n");
	if (rng_pct(r, 30))
		ann_add(g, "cert-manager.io/cluster-issuer",
			"letsencrypt-prod");

	g->nrules = 1 + rng_below(r, rng_pct(r, 70) ? 2 : MAX_RULES);
	if (shared_hosts)
		g->nrules = 1;	/* one host: its paths in one rule */
	for (unsigned i = 0; i < g->nrules; i++) {
		struct irule *ru = &g->rules[i];

		if (shared_hosts)
			snprintf(ru->host, sizeof(ru->host),
				"shop-%u.example.com", idx % shared_hosts);
		else if (rng_pct(r, 10))
			snprintf(ru->host, sizeof(ru->host), "*.%s-%u.%s",
				app, idx, dom);
		else if (i == 0)
			snprintf(ru->host, sizeof(ru->host), "%s-%u.%s", app,
				idx, dom);
		else
			snprintf(ru->host, sizeof(ru->host), "%s-%u-%s.%s",
				app, idx, PICK(r, words), dom);
		ru->npaths = 1 + rng_below(r, rng_pct(r, 60) ? 3 : MAX_PATHS);
		for (unsigned j = 0; j < ru->npaths; j++) {
			struct ipath *p = &ru->paths[j];
			unsigned roll = rng_below(r, 100);

			if (regex && rng_pct(r, 60)) {
				snprintf(p->path, sizeof(p->path), "%s",
					PICK(r, regex_paths));
				p->type = "ImplementationSpecific";
			} else {
				const char *base = j ? PICK(r, prefix_paths) :
					"/";
				const char *stem = strcmp(base, "/") ? base :
					"";

				if (j && rng_pct(r, 40))
					snprintf(p->path, sizeof(p->path),
						"%s/%s", stem, PICK(r, words));
				else
					snprintf(p->path, sizeof(p->path),
						"%s", base);
				p->type = roll < 65 ? "Prefix" : roll < 82 ?
					"Exact" : "ImplementationSpecific";
			}
			if (shared_hosts) {
				/* paths of its own on the shared host */
				char own[sizeof(p->path)];
				int k = snprintf(own, sizeof(own), "/%s-%u%s",
					app, idx, strcmp(p->path, "/") ?
					p->path : "");

				if (k > 0 && (size_t)k < sizeof(own))
					memcpy(p->path, own, (size_t)k + 1);
			}
			/* the admission webhook rejects duplicate paths */
			for (unsigned k = 0; k < j; k++) {
				if (!strcmp(ru->paths[k].path, p->path) &&
					strlen(p->path) + 4 < sizeof(p->path)) {
					size_t l = strlen(p->path);

					snprintf(p->path + l,
						sizeof(p->path) - l, "/%u", j);
					break;
				}
			}
			gen_backend(r, g, &p->be, &named);
		}
	}

	g->has_default = rng_pct(r, 10);
	if (g->has_default)
		gen_backend(r, g, &g->def, &named);

	if (rng_pct(r, 50)) {
		g->ntls = 1 + (g->nrules > 2 && rng_pct(r, 30));
		for (unsigned t = 0; t < g->ntls; t++) {
			for (unsigned i = t; i < g->nrules; i += g->ntls)
				g->tls[t].hosts[g->tls[t].nhosts++] =
					g->rules[i].host;
			snprintf(g->tls[t].secret, sizeof(g->tls[t].secret),
				"%s-tls%s", g->name, t ? "-2" : "");
		}
	}

	g->nlb = rng_pct(r, 85) ? 1 + rng_pct(r, 10) : 0;
	g->lb_hostname = rng_pct(r, 30);
	for (unsigned i = 0; i < g->nlb; i++) {
		if (g->lb_hostname)
			snprintf(g->lb[i], sizeof(g->lb[i]),
				"a%08x.elb.example.com", (unsigned)rng_next(r));
		else
			snprintf(g->lb[i], sizeof(g->lb[i]), "203.0.113.%u",
				1 + rng_below(r, 250));
	}

	/* Services for the named ports of two Ingresses in three */
	named_svc = named && rng_pct(r, 67);
	for (unsigned i = 0; named_svc && i < g->nrules; i++) {
		for (unsigned j = 0; j < g->rules[i].npaths; j++) {
			const struct bk *be = &g->rules[i].paths[j].be;

			if (!be->port)
				svc_add(svcs, first_svc, r, g, be);
		}
	}
	if (named_svc && g->has_default && !g->def.port)
		svc_add(svcs, first_svc, r, g, &g->def);

	xqsort(g->labels, g->nlabels, sizeof(g->labels[0]), kv_cmp);
	xqsort(g->ann, g->nann, sizeof(g->ann[0]), kv_cmp);
}

/* ---- writing ----------------------------------------------------------- */

static void
write_backend(struct w *w, const struct bk *be)
{
	w_map(w);
	w_key(w, "service");
	w_map(w);
	w_kv(w, "name", be->svc);
	w_key(w, "port");
	w_map(w);
	if (be->port) {
		w_key(w, "number");
		w_int(w, be->port);
	} else {
		w_kv(w, "name", be->port_name);
	}
	w_end(w);
	w_end(w);
	w_end(w);
}

/*
 * The Ingress; `applied` writes the subset kubectl apply records in the
 * last-applied-configuration annotation, whose text is `lac` otherwise.
 */
static void
write_ingress(struct w *w, const struct ing *g, bool applied, const char *lac)
{
	w_map(w);
	w_kv(w, "apiVersion", "networking.k8s.io/v1");
	w_kv(w, "kind", "Ingress");
	w_key(w, "metadata");
	w_map(w);
	if (g->nann || lac) {
		bool lac_done = !lac;

		w_key(w, "annotations");
		w_map(w);
		for (unsigned i = 0; i < g->nann; i++) {
			if (!lac_done && strcmp(g->ann[i].k, LAC_KEY) > 0) {
				w_kv(w, LAC_KEY, lac);
				lac_done = true;
			}
			w_kv(w, g->ann[i].k, g->ann[i].v);
		}
		if (!lac_done)
			w_kv(w, LAC_KEY, lac);
		w_end(w);
	}
	if (!applied) {
		w_kv(w, "creationTimestamp", g->ts);
		w_key(w, "generation");
		w_int(w, g->generation);
	}
	w_key(w, "labels");
	w_map(w);
	for (unsigned i = 0; i < g->nlabels; i++)
		w_kv(w, g->labels[i].k, g->labels[i].v);
	w_end(w);
	w_kv(w, "name", g->name);
	w_kv(w, "namespace", g->ns);
	if (!applied) {
		char rv[24];

		snprintf(rv, sizeof(rv), "%ld", g->rv);
		w_kv(w, "resourceVersion", rv);
		w_kv(w, "uid", g->uid);
	}
	w_end(w);

	w_key(w, "spec");
	w_map(w);
	if (g->has_default) {
		w_key(w, "defaultBackend");
		write_backend(w, &g->def);
	}
	if (g->class_field)
		w_kv(w, "ingressClassName", "nginx");
	w_key(w, "rules");
	w_seq(w);
	for (unsigned i = 0; i < g->nrules; i++) {
		const struct irule *ru = &g->rules[i];

		w_map(w);
		w_kv(w, "host", ru->host);
		w_key(w, "http");
		w_map(w);
		w_key(w, "paths");
		w_seq(w);
		for (unsigned j = 0; j < ru->npaths; j++) {
			w_map(w);
			w_key(w, "backend");
			write_backend(w, &ru->paths[j].be);
			w_kv(w, "path", ru->paths[j].path);
			w_kv(w, "pathType", ru->paths[j].type);
			w_end(w);
		}
		w_end(w);
		w_end(w);
		w_end(w);
	}
	w_end(w);
	if (g->ntls) {
		w_key(w, "tls");
		w_seq(w);
		for (unsigned t = 0; t < g->ntls; t++) {
			w_map(w);
			w_key(w, "hosts");
			w_seq(w);
			for (unsigned i = 0; i < g->tls[t].nhosts; i++)
				w_str(w, g->tls[t].hosts[i]);
			w_end(w);
			w_kv(w, "secretName", g->tls[t].secret);
			w_end(w);
		}
		w_end(w);
	}
	w_end(w);

	if (!applied) {
		w_key(w, "status");
		w_map(w);
		w_key(w, "loadBalancer");
		w_map(w);
		if (g->nlb) {
			w_key(w, "ingress");
			w_seq(w);
			for (unsigned i = 0; i < g->nlb; i++) {
				w_map(w);
				w_kv(w, g->lb_hostname ? "hostname" : "ip",
					g->lb[i]);
				w_end(w);
			}
			w_end(w);
		}
		w_end(w);
		w_end(w);
	}
	w_end(w);
}

static void
write_service(struct w *w, const struct svc *s)
{
	char ip[24];
	char rv[24];

	snprintf(ip, sizeof(ip), "10.96.%u.%u", s->cip >> 8, s->cip & 0xff);
	snprintf(rv, sizeof(rv), "%ld", s->rv);
	w_map(w);
	w_kv(w, "apiVersion", "v1");
	w_kv(w, "kind", "Service");
	w_key(w, "metadata");
	w_map(w);
	w_kv(w, "creationTimestamp", s->ts);
	w_key(w, "labels");
	w_map(w);
	w_kv(w, "app", s->name);
	w_end(w);
	w_kv(w, "name", s->name);
	w_kv(w, "namespace", s->ns);
	w_kv(w, "resourceVersion", rv);
	w_kv(w, "uid", s->uid);
	w_end(w);
	w_key(w, "spec");
	w_map(w);
	w_kv(w, "clusterIP", ip);
	w_key(w, "clusterIPs");
	w_seq(w);
	w_str(w, ip);
	w_end(w);
	w_kv(w, "internalTrafficPolicy", "Cluster");
	w_key(w, "ipFamilies");
	w_seq(w);
	w_str(w, "IPv4");
	w_end(w);
	w_kv(w, "ipFamilyPolicy", "SingleStack");
	w_key(w, "ports");
	w_seq(w);
	for (unsigned i = 0; i < s->nports; i++) {
		w_map(w);
		w_kv(w, "name", s->ports[i].name);
		w_key(w, "port");
		w_int(w, s->ports[i].port);
		w_kv(w, "protocol", "TCP");
		w_key(w, "targetPort");
		w_int(w, s->ports[i].target);
		w_end(w);
	}
	w_end(w);
	w_key(w, "selector");
	w_map(w);
	w_kv(w, "app", s->name);
	w_end(w);
	w_kv(w, "sessionAffinity", "None");
	w_kv(w, "type", "ClusterIP");
	w_end(w);
	w_key(w, "status");
	w_map(w);
	w_key(w, "loadBalancer");
	w_map(w);
	w_end(w);
	w_end(w);
	w_end(w);
}

/* ---- main -------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
		"usage: gen_ingresses N [--format yaml|json] [--seed S] "
		"[--hosts K]\n");
	exit(2);
}

static int
parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = v;
	return 0;
}

int
main(int argc, char **argv)
{
	uint64_t n = 0, seed = 1;
	bool have_n = false;
	enum w_mode mode = W_YAML;
	struct rng r;
	struct buf out = { .flush_to = stdout };
	struct buf lac = { 0 };
	struct svc_list svcs = { 0 };
	struct ing *g = xmalloc(sizeof(*g));
	unsigned nns;
	struct w w;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "yaml"))
				mode = W_YAML;
			else if (!strcmp(argv[i], "json"))
				mode = W_JSON;
			else
				usage();
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			if (parse_u64(argv[++i], &seed))
				usage();
		} else if (!strcmp(argv[i], "--hosts") && i + 1 < argc) {
			uint64_t k;

			if (parse_u64(argv[++i], &k) || !k || k > 1000000)
				usage();
			shared_hosts = (unsigned)k;
		} else if (!have_n && argv[i][0] != '-') {
			if (parse_u64(argv[i], &n) || n > 10000000)
				usage();
			have_n = true;
		} else {
			usage();
		}
	}
	if (!have_n)
		usage();

	/* xorshift must not start at 0; mix the seed (splitmix64 step) */
	r.s = seed + UINT64_C(0x9e3779b97f4a7c15);
	r.s = (r.s ^ (r.s >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	r.s = (r.s ^ (r.s >> 27)) * UINT64_C(0x94d049bb133111eb);
	r.s ^= r.s >> 31;
	if (!r.s)
		r.s = 1;
	nns = n / 25 < 4 ? 4 : (unsigned)(n / 25);

	w_init(&w, &out, mode);
	w_map(&w);
	w_kv(&w, "apiVersion", "v1");
	w_key(&w, "items");
	w_seq(&w);
	for (uint64_t i = 0; i < n; i++) {
		const char *lac_text = NULL;

		gen_ingress(&r, (unsigned)i, nns, g, &svcs);
		if (g->last_applied) {
			struct w wl;

			lac.len = 0;
			w_init(&wl, &lac, W_JSON_COMPACT);
			write_ingress(&wl, g, true, NULL);
			buf_add(&lac, "\n", 1);
			lac_text = lac.p;
		}
		write_ingress(&w, g, false, lac_text);
		if (out.len > (1u << 16) && buf_flush(&out))
			goto write_error;
	}
	for (size_t i = 0; i < svcs.n; i++) {
		write_service(&w, &svcs.v[i]);
		if (out.len > (1u << 16) && buf_flush(&out))
			goto write_error;
	}
	w_end(&w);
	w_kv(&w, "kind", "List");
	w_key(&w, "metadata");
	w_map(&w);
	w_kv(&w, "resourceVersion", "");
	w_end(&w);
	w_end(&w);
	if (buf_flush(&out) || fflush(stdout))
		goto write_error;
	goto out;

write_error:
	perror("gen_ingresses: cannot write");
	rc = 1;
out:
	free(out.p);
	free(lac.p);
	free(svcs.v);
	free(g);
	return rc;
}
