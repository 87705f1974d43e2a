/*
 * Regular expression dialects: what a PCRE pattern (nginx's) uses that
 * RE2 (Envoy's, and Gateway API's RegularExpression in most
 * implementations) has not.
 */
#ifndef ING2GW_MODEL_REGEX_H
#define ING2GW_MODEL_REGEX_H

/* A reason when the PCRE pattern uses syntax RE2 lacks, else NULL. */
const char *regex_pcre_only(const char *re);

#endif
