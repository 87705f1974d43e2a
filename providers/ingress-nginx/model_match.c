/*
 * The ingress-nginx routing model: matching. Server selection by Host (exact, then the
 * one-label wildcard by suffix, then "_"), nginx's $uri, and location
 * selection: regex mode (first "~*" match in order) or nginx's literal
 * rules ("=" exact, longest prefix, 301 when only the slash is missing).
 * As nginx runs the configuration ingress-nginx writes: wildcard hosts are
 * regex server names of one label, $uri is percent-decoded with dot
 * segments resolved and slashes merged, locations are rendered by
 * template.go buildLocation.
 */
#include "compat.h"

#include <string.h>

#include "model_int.h"

const char *
ri_host_norm(const char *h, char *buf, size_t cap)
{
	size_t n;
	const char *colon;

	if (!h || !*h || h[0] == '[')
		return NULL;
	colon = strchr(h, ':');
	n = colon ? (size_t)(colon - h) : strlen(h);
	if (n && h[n - 1] == '.')
		n--;
	if (!n || n >= cap)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];

		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	buf[n] = '\0';
	return buf;
}

static bool
label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '_' || (c >= 'A' && c <= 'Z');
}

const struct ri_server *
ri_server_find(const struct replay_ing *m, const char *host)
{
	const struct ri_server *s;
	const char *dot;

	if (!host)
		return m->def;
	if ((s = strmap_get(&m->exact, host)))
		return s;
	/* "*.rest" is ~^(?<subdomain>[\w-]+)\.rest$: one label */
	dot = strchr(host, '.');
	if (dot && dot > host && m->wild.len) {
		for (const char *p = host; p < dot; p++)
			if (!label_char(*p))
				return m->def;
		if ((s = strmap_get(&m->wild, dot + 1)))
			return s;
	}
	return m->def;
}

const char *
ri_uri_norm(struct replay_decision *d, const char *path)
{
	size_t n = strlen(path);
	char *out, *o;
	bool simple = true;

	for (size_t i = 0; i < n && simple; i++)
		if (path[i] == '%' || (path[i] == '/' && (path[i + 1] == '/' ||
			path[i + 1] == '.')))
			simple = false;
	if (simple)
		return path;
	o = out = replay_decision_alloc(d, n + 2);
	for (size_t i = 0; i < n; i++) {
		char c = path[i];

		if (c == '%' && i + 2 < n &&
		    replay_hex_digit(path[i + 1]) >= 0 &&
		    replay_hex_digit(path[i + 2]) >= 0) {
			c = (char)(replay_hex_digit(path[i + 1]) * 16 +
				replay_hex_digit(path[i + 2]));
			i += 2;
		}
		if (c == '/' && o > out && o[-1] == '/')
			continue;	/* merge_slashes */
		*o++ = c;
	}
	*o = '\0';
	/* resolve "." and ".." segments */
	{
		char *r = out, *w = out;

		while (*r) {
			if (r[0] == '/' && r[1] == '.' && (r[2] == '/' ||
				!r[2])) {
				r += 2;
				if (!*r)
					*w++ = '/';
				continue;
			}
			if (r[0] == '/' && r[1] == '.' && r[2] == '.' &&
				(r[3] == '/' || !r[3])) {
				if (w == out)
					return NULL;	/* above the root */
				while (w > out && *--w != '/')
					;
				r += 3;
				if (!*r)
					*w++ = '/';
				continue;
			}
			*w++ = *r++;
		}
		if (w == out)
			*w++ = '/';
		*w = '\0';
	}
	return out;
}

int
ri_re_match(struct replay_decision *d, const pcre2_code *re, const char *s,
	size_t n)
{
	int rc;

	if (d->regex_md && pcre2_get_ovector_count(d->regex_md) < 10) {
		pcre2_match_data_free(d->regex_md);
		d->regex_md = NULL;
	}
	if (!d->regex_md)
		d->regex_md = pcre2_match_data_create(10, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, d->regex_md, NULL);
	/* a limit hit is no answer, not a miss */
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		replay_decision_regex_failed(d, rc, s, n);
	return rc;
}

const struct ri_loc *
ri_loc_find(const struct ri_server *s, const char *uri,
	struct replay_decision *d, const struct ri_loc **redirect_out)
{
	size_t ul = strlen(uri);
	const struct ri_loc *best = NULL, *slash = NULL;
	bool prefix_equal = false;

	*redirect_out = NULL;
	if (s->regex_mode) {
		for (size_t i = 0; i < s->nlocs; i++) {
			const struct ri_loc *l = &s->locs[i];

			if (l->re && ri_re_match(d, l->re, uri, ul) >= 0)
				return l;
		}
		return NULL;
	}
	for (size_t i = 0; i < s->nlocs; i++) {
		const struct ri_loc *l = &s->locs[i];

		if (l->kind == RI_LOC_EXACT) {
			if (l->plen == ul && !memcmp(l->path, uri, ul))
				return l;
			continue;
		}
		if (l->plen <= ul && !memcmp(l->path, uri, l->plen)) {
			if (!best || l->plen > best->plen)
				best = l;
			if (l->plen == ul)
				prefix_equal = true;
		} else if (l->plen == ul + 1 && l->path[ul] == '/' &&
			!memcmp(l->path, uri, ul)) {
			slash = l;
		}
	}
	if (slash && !prefix_equal) {
		*redirect_out = slash;
		return NULL;
	}
	return best;
}
