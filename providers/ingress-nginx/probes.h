/*
 * ingress-nginx's probes for replay --generate (see replay/generate.h).
 */
#ifndef ING2GW_PROVIDERS_INGRESS_NGINX_PROBES_H
#define ING2GW_PROVIDERS_INGRESS_NGINX_PROBES_H

#include "replay/generate.h"

/* Appends the canary probes of the world's canary Ingresses. */
void ngx_probes(struct replay_probes *out, const struct ing_world *world);

#endif
