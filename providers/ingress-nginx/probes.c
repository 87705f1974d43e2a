#include "compat.h"
#include "providers/ingress-nginx/probes.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "providers/ingress-nginx/annotations.h"
#include "strbuf.h"

/*
 * The probes ingress-nginx needs beyond the Ingress spec's: a canary
 * Ingress's canary-by-header with "always", "never" and its
 * canary-by-header-value, and its canary-by-cookie with "always" and
 * "never", on each of its hosts and paths.
 */
void
ngx_probes(struct replay_probes *out, const struct ing_world *world)
{
	struct arena arena = ARENA_INIT;

	for (size_t i = 0; i < world->ningresses; i++) {
		const struct ingress *ing = &world->ingresses[i];
		struct prov_nginx_settings s;
		struct diag_sink quiet = DIAG_SINK_INIT;
		struct strbuf h = STRBUF_INIT;

		if (!ing->annotations)
			continue;
		prov_nginx_parse(&s, &arena, world->set, ing->annotations,
			ing->ns, ing->name, NULL, &quiet);
		diag_sink_release(&quiet);
		if (!s.is_canary)
			continue;
		if (s.canary_by_header) {
			const char *vals[] = { "always", "never",
				s.canary_by_header_value };

			for (size_t v = 0; v < ARRAY_LEN(vals); v++) {
				if (!vals[v])
					continue;
				strbuf_reset(&h);
				strbuf_addf(&h, "%s: %s", s.canary_by_header,
					vals[v]);
				replay_probes_ingress(out, ing, h.buf);
			}
		}
		if (s.canary_by_cookie) {
			const char *vals[] = { "always", "never" };

			for (size_t v = 0; v < ARRAY_LEN(vals); v++) {
				strbuf_reset(&h);
				strbuf_addf(&h, "Cookie: %s=%s",
					s.canary_by_cookie, vals[v]);
				replay_probes_ingress(out, ing, h.buf);
			}
		}
		strbuf_release(&h);
	}
	arena_release(&arena);
}
