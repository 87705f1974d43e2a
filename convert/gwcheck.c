#include "compat.h"
#include "gwcheck.h"

#include <string.h>

static int
is_alnum_lower(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

const char *
gwcheck_hostname(const char *host)
{
	const char *p = host;
	size_t n = strlen(host);

	if (!n)
		return "it is empty";
	if (n > 253)
		return "longer than 253 characters";
	if (p[0] == '*') {
		if (p[1] != '.')
			return "a wildcard must be a whole first label '*.'";
		p += 2;
	}
	if (!*p)
		return "nothing follows the wildcard";
	while (*p) {
		const char *start = p;

		if (!is_alnum_lower(*p))
			return *p >= 'A' && *p <= 'Z' ?
				"upper-case letters are not allowed" :
				"a label must start with a-z or 0-9";
		while (*p && *p != '.') {
			if (!is_alnum_lower(*p) && *p != '-')
				return *p >= 'A' && *p <= 'Z' ?
					"upper-case letters are not allowed" :
					"only a-z, 0-9, '-' and '.' are "
					"allowed";
			p++;
		}
		if (p[-1] == '-')
			return "a label must end with a-z or 0-9";
		if (p - start > 63)
			return "a label is longer than 63 characters";
		if (*p == '.') {
			p++;
			if (!*p)
				return "it ends with '.'";
		}
	}
	return NULL;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		(c >= 'A' && c <= 'F');
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

const char *
gwcheck_path(const char *type, const char *value)
{
	static const char allowed[] = "-/._~!$&'()*+,;=:@";

	(void)type;	/* Exact and PathPrefix share the same rules */
	if (value[0] != '/')
		return "it must start with '/'";
	if (strlen(value) > 1024)
		return "longer than 1024 characters";
	if (strstr(value, "//"))
		return "'//' is not allowed";
	if (strstr(value, "/./") || ends_with(value, "/."))
		return "'.' segments are not allowed";
	if (strstr(value, "/../") || ends_with(value, "/.."))
		return "'..' segments are not allowed";
	if (strstr(value, "%2f") || strstr(value, "%2F"))
		return "an encoded '/' (%2F) is not allowed";
	for (const char *p = value; *p; p++) {
		if (*p == '%') {
			if (!is_hex(p[1]) || !is_hex(p[2]))
				return "'%' must start a %XX escape";
			p += 2;
			continue;
		}
		if (*p == '#')
			return "'#' is not allowed";
		if (!is_alnum_lower(*p) && !(*p >= 'A' && *p <= 'Z') &&
		    !strchr(allowed, *p))
			return "it has characters a path may not contain "
				"(regular expressions need pathType "
				"RegularExpression)";
	}
	return NULL;
}
