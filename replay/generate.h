/*
 * Probe requests derived from the Ingress objects themselves (replay
 * --generate, convert --verify). For every Ingress, rule and path, in
 * input order:
 *
 *  - the host: the rule's host; "default.invalid" for a rule without one
 *    (any Host reaches it); for a wildcard "*.example.com" one label
 *    deeper ("one.example.com") and two ("two.one.example.com");
 *  - the paths: "/", the path, the path with and without its trailing
 *    slash, one element longer ("/foo/probe"), a sibling prefix ("/foo"
 *    -> "/foobar"), upper-case; a regular-expression path contributes its
 *    literal prefix (what comes before the first metacharacter, at
 *    least "/");
 *  - http and https;
 *  - then each controller's own (providers/<name>/probes.c): for
 *    ingress-nginx, a canary's header and cookie values.
 *
 * Every probe is a GET. The list is deterministic and has no duplicates.
 *
 * Ownership: the probes own their strings; replay_probes_release frees
 * them.
 */
#ifndef ING2GW_REPLAY_GENERATE_H
#define ING2GW_REPLAY_GENERATE_H

#include <stddef.h>

#include "model/ingress.h"
#include "strmap.h"

#define REPLAY_PROBE_DEFAULT_HOST "default.invalid"

struct replay_probe {
	char *request;		/* "GET https://host/path" */
	char *header;		/* "Name: value", or NULL */
	char *key;		/* private: request and header, for dedup */
};

struct replay_probes {
	struct replay_probe *items;
	size_t len, cap;
	struct strmap seen;	/* private */
};

#define REPLAY_PROBES_INIT { 0 }

/* Appends the probes of world to out (zero it, or REPLAY_PROBES_INIT). */
int replay_probes_generate(struct replay_probes *out,
	const struct ing_world *world);
void replay_probes_release(struct replay_probes *p);
/* Appends the probes of one Ingress's hosts and paths, each with the
 * request header "Name: value" (or none). */
void replay_probes_ingress(struct replay_probes *p, const struct ingress *ing,
	const char *header);

#endif
