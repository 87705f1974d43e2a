/*
 * "Did you mean": the nearest of a list of known words to a mistyped one.
 */
#ifndef ING2GW_MODEL_SIMILAR_H
#define ING2GW_MODEL_SIMILAR_H

#include <stddef.h>

/* Levenshtein distance of x and y; large (99) for words of 64 or more. */
size_t similar_distance(const char *x, const char *y);
/*
 * The word of choices (NULL-terminated) nearest to word, if it is near
 * enough to be a typo (at most a third of its length, at least 1, and at
 * most 3 edits); else NULL.
 */
const char *similar_pick(const char *word, const char *const *choices);

#endif
