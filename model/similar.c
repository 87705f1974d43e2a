#include "compat.h"
#include "similar.h"

#include <string.h>

size_t
similar_distance(const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y), row[64], prev, tmp;

	if (nx >= ARRAY_LEN(row) || ny >= ARRAY_LEN(row))
		return 99;
	for (size_t j = 0; j <= ny; j++)
		row[j] = j;
	for (size_t i = 1; i <= nx; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= ny; j++) {
			size_t best = prev + (x[i - 1] != y[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[ny];
}

const char *
similar_pick(const char *word, const char *const *choices)
{
	size_t limit = strlen(word) / 3, best = 99;
	const char *pick = NULL;

	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (size_t i = 0; choices[i]; i++) {
		size_t d = similar_distance(word, choices[i]);

		if (d < best) {
			best = d;
			pick = choices[i];
		}
	}
	return best <= limit ? pick : NULL;
}
