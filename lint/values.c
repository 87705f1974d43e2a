#include "compat.h"

#include <string.h>

#include "lint_int.h"

const char *
lint_str_or(const struct doc_node *n, const char *dflt)
{
	const char *s = doc_str(n);

	return s ? s : dflt;
}

int
lint_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

static bool
is_ipv4(const char *s)
{
	int parts = 0;

	while (*s) {
		int v = 0, digits = 0;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			if (++digits > 3)
				return false;
		}
		if (!digits || v > 255)
			return false;
		parts++;
		if (*s == '.') {
			s++;
			if (!*s)
				return false;
		} else if (*s) {
			return false;
		}
	}
	return parts == 4;
}

bool
lint_is_ip(const char *s)
{
	/* Hostname patterns exclude ':': only IPv4 gets through them, and
	 * an IPv6 address is already a schema/pattern finding. */
	return is_ipv4(s);
}

/* Number of labels of a hostname. */
static size_t
labels(const char *h)
{
	size_t n = 1;

	for (; *h; h++)
		n += *h == '.';
	return n;
}

bool
lint_host_matches(const char *p, const char *h)
{
	size_t lp, lh;

	if (!p || !strcmp(p, "*"))
		return true;
	if (strncmp(p, "*.", 2))
		return !strcmp(p, h);
	/* "*.example.com" matches one or more labels before ".example.com" */
	lp = strlen(p + 1);
	lh = strlen(h);
	if (!strncmp(h, "*.", 2))
		return lh > lp && !strcmp(h + lh - lp, p + 1) &&
			labels(h) >= labels(p);
	return lh > lp && !strcmp(h + lh - lp, p + 1);
}

bool
lint_host_intersects(const char *listener, const char *route)
{
	if (!listener || !route || !strcmp(listener, "*") ||
	    !strcmp(route, "*"))
		return true;
	return lint_host_matches(listener, route) ||
		lint_host_matches(route, listener);
}

bool
lint_duration_ms(const char *s, long long *out)
{
	long long total = 0;
	int parts = 0;

	if (!s || !*s)
		return false;
	while (*s) {
		long long v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			if (++digits > 5)
				return false;
		}
		if (!digits)
			return false;
		if (s[0] == 'm' && s[1] == 's') {
			s += 2;
		} else if (*s == 'h') {
			v *= 3600000;
			s++;
		} else if (*s == 'm') {
			v *= 60000;
			s++;
		} else if (*s == 's') {
			v *= 1000;
			s++;
		} else {
			return false;
		}
		total += v;
		if (++parts > 4)
			return false;
	}
	*out = total;
	return true;
}
