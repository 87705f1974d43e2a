#include "compat.h"
#include "regex.h"

#include <string.h>

const char *
regex_pcre_only(const char *re)
{
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "(?=", "a lookahead '(?='" },
		{ "(?!", "a negative lookahead '(?!'" },
		{ "(?<=", "a lookbehind '(?<='" },
		{ "(?<!", "a negative lookbehind '(?<!'" },
		{ "(?>", "an atomic group '(?>'" },
		{ "*+", "a possessive quantifier '*+'" },
		{ "++", "a possessive quantifier '++'" },
		{ "?+", "a possessive quantifier '?+'" },
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (strstr(re, bad[i].s))
			return bad[i].why;
	for (const char *p = re; *p; p++)
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return "a back-reference";
		else if (*p == '\\' && p[1])
			p++;
	return NULL;
}
