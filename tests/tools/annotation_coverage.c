/*
 * annotation_coverage FILE...: converts each file (provider auto, both
 * emitters) and checks that no annotation passes silently: each one is
 * named by a diagnostic at its key's or value's line, unless it is a
 * key of a provider's catalogue that the emitter writes: class A
 * (standard Gateway API) always, class B (implementation-specific) with
 * the Envoy Gateway emitter. Prints one line per file and "N passed, N
 * failed".
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "foreign.h"
#include "doc.h"
#include "ingress.h"
#include "k8s.h"
#include "provider.h"
#include "source.h"

/*
 * A provider's key whose behaviour the emitter's output carries. Every
 * prefix of every provider is tried: some keys are known under several
 * (HAProxy's), and a provider whose keys span prefixes lists them whole
 * under the empty one (GKE's, Istio's).
 */
static bool
expressible(const char *key, const char *target)
{
	size_t n;
	const struct prov_provider *const *all = prov_list(&n);

	for (size_t i = 0; i < n; i++) {
		for (size_t p = 0; all[i]->prefixes[p]; p++) {
			const char *prefix = all[i]->prefixes[p];
			const struct prov_annotation *a;

			if (strncmp(key, prefix, strlen(prefix)))
				continue;
			a = prov_lookup(all[i], key + strlen(prefix));
			if (a && (a->cls == PROV_CLASS_A || (a->cls ==
			    PROV_CLASS_B && !strcmp(target, "envoy-gateway"))))
				return true;
		}
	}
	return false;
}

static bool
cited(const struct diag_sink *sink, const char *file, uint32_t line)
{
	for (size_t i = 0; i < sink->len; i++) {
		const struct diag *d = &sink->items[i];

		if (d->pos.file && !strcmp(d->pos.file, file) &&
		    d->pos.line == line)
			return true;
	}
	return false;
}

/* Returns the number of annotations no diagnostic names. */
static size_t
check(const char *path, const char *target)
{
	struct doc_set *set = doc_set_new(NULL);
	struct diag_sink sink = DIAG_SINK_INIT;
	struct k8s_objects objs = K8S_OBJECTS_INIT;
	struct ing_world w;
	struct conv_result res;
	struct conv_options o = { .target = target };
	size_t missing = 0, len;
	char *buf;

	if (source_read(path, (size_t)1 << 30, &buf, &len, &sink)) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(2);
	}
	doc_set_parse(set, path, buf, len, &sink);
	free(buf);
	k8s_objects_collect(&objs, set, &sink);
	ing_world_load(&w, set, &objs, &sink);
	conv_run(&res, &w, &o, &sink);
	for (size_t i = 0; i < w.ningresses; i++) {
		const struct ingress *ing = &w.ingresses[i];

		for (size_t k = 0; k < doc_len(ing->annotations); k++) {
			const struct doc_node *key =
				doc_map_key(ing->annotations, k);
			const struct doc_node *val =
				doc_map_value(ing->annotations, k);
			const char *name = doc_str(key);

			/* bookkeeping that carries no behaviour: other
			 * tools' (convert/foreign.h) */
			if (!name || !strcmp(name, "kubernetes.io/ingress.class") ||
			    (conv_foreign_find(name) &&
			     conv_foreign_find(name)->quiet))
				continue;
			if (cited(&sink, path, doc_pos(set, key).line) ||
			    cited(&sink, path, doc_pos(set, val).line) ||
			    expressible(name, target))
				continue;
			printf("  %s:%u: annotation '%s' of Ingress '%s/%s' "
				"has no diagnostic\n", path,
				doc_pos(set, key).line, name, ing->ns,
				ing->name);
			missing++;
		}
	}
	conv_result_release(&res);
	ing_world_release(&w);
	k8s_objects_release(&objs);
	diag_sink_release(&sink);
	doc_set_free(set);
	return missing;
}

int
main(int argc, char **argv)
{
	size_t pass = 0, fail = 0;

	for (int i = 1; i < argc; i++) {
		size_t m = check(argv[i], "standard") +
			check(argv[i], "envoy-gateway");

		printf("%s %s\n", m ? "FAIL" : "ok", argv[i]);
		if (m)
			fail++;
		else
			pass++;
	}
	printf("%zu passed, %zu failed\n", pass, fail);
	return fail ? 1 : 0;
}
