/*
 * The GKE Ingress model: one request to the load balancer of the Ingress
 * that serves its host, through the frontend of its scheme and port, the
 * URL map's host rule and longest-matching path, to the backend service
 * or the default one. Each decision names what Gateway API cannot do the
 * same (replay_decision_known), by the convert diagnostic that says it.
 */
#include "compat.h"

#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model_int.h"
#include "replay/model_common.h"

enum { MAX_HOST = 256 };

/*
 * How well a host rule matches: 3 exact, 2 a wildcard ("*." plus a
 * suffix, any depth), weighted by its length, 1 "*", 0 none.
 */
static size_t
host_score(const char *rule, const char *host)
{
	size_t rl = strlen(rule), hl;

	if (!strcmp(rule, "*"))
		return 1;
	if (!host)
		return 0;
	if (!strcmp(rule, host))
		return 1000000;
	hl = strlen(host);
	if (rule[0] == '*' && hl > rl - 1 &&
	    !strcmp(host + hl - (rl - 1), rule + 1))
		return 1000 + rl;
	return 0;
}

static const struct gm_host *
host_rule(const struct gm_lb *lb, const char *host, size_t *score)
{
	const struct gm_host *best = NULL;

	*score = 0;
	for (size_t i = 0; i < lb->nhosts; i++) {
		size_t s = host_score(lb->hosts[i].host, host);

		if (s > *score) {
			*score = s;
			best = &lb->hosts[i];
		}
	}
	return best;
}

/*
 * The load balancer that receives the request: the oldest Ingress whose
 * host rule matches best; without one, the oldest with a default
 * backend.
 */
static const struct gm_lb *
pick_lb(const struct replay_gce *m, const char *host, struct replay_decision *d)
{
	const struct gm_lb *best = NULL;
	size_t best_score = 0, ties = 0;

	for (size_t i = 0; i < m->nlbs; i++) {
		size_t s;

		(void)host_rule(&m->lbs[i], host, &s);
		if (s > best_score) {
			best_score = s;
			best = &m->lbs[i];
			ties = 0;
		} else if (s && s == best_score) {
			ties++;
		}
	}
	if (best && ties)
		replay_decision_known(d, "convert/gce-shared-host", "several "
			"Ingresses have this host, each with a load balancer "
			"of its own; the Gateway holds them all and takes the "
			"older route where both match");
	if (best)
		return best;
	for (size_t i = 0; i < m->nlbs; i++)
		if (m->lbs[i].has_default)
			return &m->lbs[i];
	return NULL;
}

static bool
path_matches(const struct gm_path *p, const char *path)
{
	if (p->glob)
		return !strncmp(path, p->path, p->plen);
	return !strcmp(path, p->path);
}

/* The longest match (an exact match is the whole path, so it wins). */
static const struct gm_path *
path_rule(const struct gm_host *h, const char *path)
{
	const struct gm_path *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; h && i < h->npaths; i++) {
		const struct gm_path *p = &h->paths[i];
		size_t len = p->glob ? p->plen : strlen(p->path) + 1;

		if (path_matches(p, path) && (!best || len > best_len)) {
			best = p;
			best_len = len;
		}
	}
	return best;
}

/* A glob "/foo/" + star of an ImplementationSpecific path whose base is
 * the request path, with no exact "/foo" beside it. */
static bool
glob_base(const struct gm_host *h, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; h && i < h->npaths; i++) {
		const struct gm_path *p = &h->paths[i];

		if (p->glob && p->from_is && p->plen == n + 1 &&
		    !strncmp(p->path, path, n))
			return true;
	}
	return false;
}

/* Whether a tls entry with a Secret names the host: the conversion's
 * HTTPS listeners come from those alone. */
static bool
tls_listener(const struct gm_lb *lb, const char *host)
{
	const struct ingress *ing = lb->ing;

	for (size_t i = 0; host && i < ing->ntls; i++) {
		const struct ing_tls *t = &ing->tls[i];

		if (!t->secret)
			continue;
		for (size_t k = 0; k < t->nhosts; k++) {
			const char *th = t->hosts[k], *dot = strchr(host, '.');

			if (!strcasecmp(th, host))
				return true;
			/* a wildcard listener: one label */
			if (th[0] == '*' && dot && !strcasecmp(th + 1, dot))
				return true;
		}
	}
	return false;
}

static void
send(struct replay_decision *d, const struct replay_request *req,
	const struct gm_backend *be)
{
	replay_upstream(d, req, req->path && *req->path ? req->path : "/");
	for (size_t i = 0; i < be->nreq; i++)
		replay_decision_hdr_set(d, be->req[i].name, be->req[i].value);
	for (size_t i = 0; i < be->nresp; i++)
		replay_decision_add_resp(d, REPLAY_HDR_SET, be->resp[i].name,
			be->resp[i].value);
	replay_one_backend(d, be->ns, be->service, be->port);
	d->status = 200;
}

static void
matched(struct replay_decision *d, const struct gm_lb *lb, long rule,
	long match, const char *file, uint32_t line)
{
	replay_matched_ingress(d, lb->ing, rule, match, file, line);
}

static int
to_backend(struct replay_decision *d, const struct replay_request *req,
	const struct gm_backend *be)
{
	if (be->closed) {
		replay_decision_note(d, "the backend's BackendConfig puts IAP "
			"or a Cloud Armor policy in front of it: 403 without "
			"its credentials");
		replay_decision_known(d, "convert/access-control", "GKE checks "
			"IAP or a Cloud Armor policy before the backend; the "
			"conversion closes the path");
		d->status = 403;
		return 0;
	}
	if (be->port < 0)
		replay_decision_known(d, "convert/unresolved-port-name",
			"GKE resolved the Service port by its name; the input "
			"lacks the Service");
	send(d, req, be);
	return 0;
}

int
replay_gce_route(const struct replay_gce *m,
	const struct replay_request *req, struct replay_decision *d)
{
	char hbuf[MAX_HOST];
	const char *host, *path;
	const struct gm_lb *lb;
	const struct gm_host *h;
	const struct gm_path *p;
	size_t score;
	bool secure;

	if (!m || !req || !d)
		return ERR_INVALID;
	replay_decision_reset(d);
	d->status = 404;
	secure = req->scheme && !strcasecmp(req->scheme, "https");
	host = replay_host_name(req->host ? req->host : req->sni, hbuf,
		sizeof(hbuf));
	path = req->path && *req->path ? req->path : "/";
	lb = pick_lb(m, host, d);
	if (!lb) {
		replay_decision_note(d, "no Ingress serves host '%s' and none "
			"has a default backend: 404", host ? host : "");
		return 0;
	}
	replay_decision_note(d, "the load balancer of Ingress %s/%s",
		lb->ing->ns, lb->ing->name);
	if (!secure && (!lb->http || (lb->redirect && lb->https)) &&
	    !tls_listener(lb, host))
		replay_decision_known(d, "convert/gce-allow-http", "GKE "
			"answers this host over HTTPS only, and the Gateway "
			"has no HTTPS listener for it (no tls entry with a "
			"Secret), so its routes stay on HTTP");
	if (secure && lb->https && !tls_listener(lb, host))
		replay_decision_known(d, "convert/gce-certificate", "GKE's "
			"HTTPS proxy answers every host, with a certificate of "
			"Google Cloud or one of the Ingress's; the Gateway has "
			"no HTTPS listener for this host");
	if (req->port != (secure ? 443u : 80u) ||
	    (secure ? !lb->https : !lb->http)) {
		replay_decision_note(d, "the load balancer has no %s "
			"forwarding rule on port %u: the connection fails "
			"(404 here)", secure ? "HTTPS" : "HTTP", req->port);
		return 0;
	}
	if (!secure && lb->redirect && lb->https) {
		d->status = lb->redirect;
		d->redirect = replay_decision_printf(d, "https://%s%s%s%s",
			req->host ? req->host : "", path, req->query ? "?" :
			"", req->query ? req->query : "");
		replay_decision_note(d, "FrontendConfig redirectToHttps: %d",
			lb->redirect);
		return 0;
	}
	h = host_rule(lb, host, &score);
	p = path_rule(h, path);
	if (h && (!p || !p->glob || p->plen != strlen(path) + 1) &&
	    glob_base(h, path))
		replay_decision_known(d, "convert/gce-glob", "GKE's '/foo/' "
			"+ star path does not match '/foo'; the Gateway's "
			"PathPrefix does");
	if (p) {
		replay_decision_note(d, "host rule '%s', path '%s'", h->host,
			p->path);
		matched(d, lb, p->rule_idx, p->path_idx, p->file, p->line);
		return to_backend(d, req, &p->be);
	}
	if (h && strcmp(h->host, "*") && !lb->has_default)
		for (size_t i = 0; i < lb->nhosts; i++)
			if (!strcmp(lb->hosts[i].host, "*") &&
			    lb->hosts[i].npaths)
				replay_decision_known(d,
					"convert/gce-host-fallback", "GKE "
					"sends what the host's paths do not "
					"match to the default backend, not to "
					"the paths without host");
	if (!lb->has_default) {
		for (size_t i = 0; i < m->nlbs; i++)
			if (m->lbs[i].has_default && &m->lbs[i] != lb)
				replay_decision_known(d,
					"convert/gce-default-backend", "the "
					"default backend of another Ingress "
					"answers on the shared Gateway");
		replay_decision_note(d, "no path matches: the cluster's "
			"default-http-backend answers 404");
		return 0;
	}
	replay_decision_note(d, "no path matches: spec.defaultBackend");
	matched(d, lb, -1, -1, lb->def_file, lb->def_line);
	return to_backend(d, req, &lb->def);
}
