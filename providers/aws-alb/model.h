/*
 * The AWS Load Balancer Controller routing model: what an Application
 * Load Balancer, configured by the controller from Ingress objects, does
 * with one request. It never calls convert/: the comparison with
 * replay/gateway is only worth something because the two are
 * independent.
 *
 * What it follows (kubernetes-sigs/aws-load-balancer-controller,
 * pkg/ingress, and ALB's listener rules):
 *  - Selection: the annotation kubernetes.io/ingress.class "alb" (it
 *    outranks spec.ingressClassName), else an IngressClass of controller
 *    ingress.k8s.aws/alb (the class "alb" when the input has no
 *    IngressClass of that name). Ingresses without class are not served.
 *  - IngressGroups: group.name joins Ingresses into one ALB; the members
 *    are ordered by group.order (-1000..1000, default 0), then
 *    namespace/name. Every path becomes one listener rule, in that order:
 *    each Ingress's rules in order, and in a rule its Exact paths, its
 *    Prefix paths longest first, then its ImplementationSpecific paths.
 *    ALB evaluates a listener's rules by priority: the first rule whose
 *    conditions all match wins; none: the default action (the group's
 *    first defaultBackend, else 404).
 *  - Conditions: host-header (case-insensitive, '*' and '?'),
 *    path-pattern (case-sensitive, '*' any run, '?' one character):
 *    Prefix "/x" is "/x" or "/x/" then any run, Exact and ImplementationSpecific the
 *    path as written; conditions.NAME http-header, http-request-method,
 *    query-string, source-ip and path-pattern.
 *  - Listeners: listen-ports (default HTTP 80, or HTTPS 443 with
 *    certificate-arn or tls hosts); ssl-redirect makes every HTTP
 *    listener of the group answer 301 to HTTPS.
 *  - Actions: forward (weighted Services), redirect, fixed-response;
 *    auth-type cognito/oidc answers unauthenticated requests with a
 *    redirect to the identity provider (modelled as 401).
 *  - IngressClassParams named by the IngressClass: its group outranks
 *    group.name; its namespaceSelector refuses other namespaces.
 *  - The rule optimizer (rule_optimizer.go): a redirect that would send
 *    a request to itself on a listener is left out of that listener.
 *  - Each IngressGroup is its own load balancer: a request goes to the
 *    first group, in the order above, with a rule for its host.
 *  - Not modelled: target health, stickiness, transforms (URL and host
 *    rewrites), WAF, security groups and inbound-cidrs (named as known
 *    differences: the conversion fails closed on them).
 *
 * Ownership: the model borrows from the doc_set it was loaded from.
 */
#ifndef ING2GW_PROVIDERS_AWS_ALB_MODEL_H
#define ING2GW_PROVIDERS_AWS_ALB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "model/ingress.h"
#include "replay/request.h"

struct replay_alb;

struct replay_alb_opts {
	bool alb_classes;	/* serve only the controller's Ingresses */
	bool assume_services;
};

int replay_alb_load(struct replay_alb **out, const struct doc_set *set,
	const struct replay_alb_opts *opts, struct diag_sink *sink);
void replay_alb_free(struct replay_alb *m);
bool replay_alb_class_served(const struct ing_world *w,
	const struct ingress *ing, const char **why);
int replay_alb_route(const struct replay_alb *m,
	const struct replay_request *req, struct replay_decision *d);
size_t replay_alb_rule_count(const struct replay_alb *m);

#endif
