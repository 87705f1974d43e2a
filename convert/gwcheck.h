/*
 * The Gateway API value checks a converter can break: hostnames and path
 * values as the standard CRDs validate them. Each returns NULL when the
 * value is valid, else a short static reason.
 */
#ifndef ING2GW_CONVERT_GWCHECK_H
#define ING2GW_CONVERT_GWCHECK_H

/* Hostname: lower-case RFC 1123 name, optionally "*." first; <= 253. */
const char *gwcheck_hostname(const char *host);
/* type is "Exact" or "PathPrefix". */
const char *gwcheck_path(const char *type, const char *value);

#endif
