/*
 * Annotations of other tools than the Ingress controller, found on
 * Ingresses: Helm's and kubectl's bookkeeping, cert-manager's certificate
 * requests, external-dns's records, Argo CD's and Flux's sync settings.
 * They are no "not converted" behaviour of the controller: those whose
 * tool reads them on Gateway API objects too are carried there -- the
 * Gateway for cert-manager (it issues the certificates of a Gateway's
 * HTTPS listeners from its annotations) and for external-dns's target,
 * the routes for external-dns's other annotations -- with an info; the
 * others are left behind, quietly or with an info.
 */
#ifndef ING2GW_CONVERT_FOREIGN_H
#define ING2GW_CONVERT_FOREIGN_H

#include <stdbool.h>

#include "strbuf.h"

enum conv_foreign_home {
	CONV_FOREIGN_LEFT,	/* not carried */
	CONV_FOREIGN_GATEWAY,	/* onto the Gateway */
	CONV_FOREIGN_ROUTE,	/* onto each route of the Ingress */
};

struct conv_foreign {
	const char *key;	/* a prefix ending in '/', or a whole key */
	const char *tool;
	enum conv_foreign_home home;
	bool quiet;		/* left without a word: bookkeeping */
	const char *what;	/* what the tool does with it; one line */
};

/* The entry of key (a whole key before a prefix), or NULL. */
const struct conv_foreign *conv_foreign_find(const char *key);
/* key and where the conversion puts it, for 'ing2gw annotations KEY'. */
void conv_foreign_describe(struct strbuf *out, const struct conv_foreign *f,
	const char *key, bool json);

#endif
