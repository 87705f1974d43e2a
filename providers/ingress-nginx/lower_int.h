/*
 * The lowering of ingress-nginx, shared by its lower*.c files.
 */
#ifndef ING2GW_PROVIDERS_INGRESS_NGINX_LOWER_INT_H
#define ING2GW_PROVIDERS_INGRESS_NGINX_LOWER_INT_H

#include "convert/conv_int.h"
#include "providers/ingress-nginx/annotations.h"

bool conv_nginx_wants(const struct conv *c, const struct ingress *ing);
/* The parsed annotations of an ingress-nginx Ingress, else NULL. */
const struct prov_nginx_settings *conv_nginx_settings(struct conv *c,
	const struct ingress *ing);
/* tcp/udp-services ConfigMaps -> TCPRoute/UDPRoute (lower_stream.c) */
void conv_nginx_streams(struct conv *c);
/*
 * auth-tls-* -> Gateway spec.tls.frontend, once every route is made
 * (lower_tls.c).
 */
void conv_nginx_client_certs(struct conv *c);
/*
 * proxy-ssl-* of an Ingress whose backends speak HTTPS or GRPCS ->
 * BackendTLSPolicy; true when its backends got one (lower_tls.c).
 */
bool conv_nginx_backend_tls(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s);
/* The features of an Ingress's annotations (lower_features.c). */
void ngx_lower_features(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s);
/*
 * Whether the annotation key (without prefix) restricts who may reach the
 * Ingress's paths with these settings: client address lists, basic or
 * digest authentication, external authentication.
 */
bool ngx_restricts(const struct prov_nginx_settings *s, const char *key);
/*
 * Why ingress-nginx denies every location of ing (503) for its basic or
 * digest auth Secret, or NULL: auth/main.go Parse answers
 * LocationDeniedError for a Secret of another namespace
 * (allow-cross-namespace-resources false), one it cannot read (judged
 * only when the input has Secrets, so that it is a full dump) and, with
 * auth-secret-type auth-file, one without the key "auth".
 */
const char *ngx_auth_secret_denied(struct conv *c, const struct ingress *ing,
	const struct prov_nginx_settings *s);
/* The position of an annotation key (without prefix): its node, else the
 * Ingress's. */
const struct doc_node *ngx_key_node(const struct prov_nginx_settings *s,
	const struct ingress *ing, const char *key);

#endif
