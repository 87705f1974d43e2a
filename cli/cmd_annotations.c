#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exitcode.h"
#include "options.h"
#include "output.h"
#include "providers/provider.h"

enum {
	OPT_PROVIDER,
	OPT_FORMAT,
	OPT_HELP,
};

/* Also in commands.h once the command is registered there. */
int cmd_annotations(int argc, char **argv);

static const char *const formats[] = { "text", "json", "scdoc", NULL };

static const struct cli_option annotations_options[] = {
	{ "provider", 'p', CLI_ARG_VALUE, OPT_PROVIDER, "NAME",
	  "the controller whose annotations to list (default ingress-nginx)",
	  NULL },
	{ "format", 'f', CLI_ARG_VALUE, OPT_FORMAT, "FORMAT",
	  "output format (default text)", formats },
	{ "help", 'h', CLI_ARG_NONE, OPT_HELP, NULL,
	  "show this help and exit", NULL },
};

struct annotations_args {
	const char *provider;
	bool json;
	bool scdoc;
	bool help;
};

static int
on_option(void *ctx, int id, const char *v)
{
	struct annotations_args *a = ctx;

	switch (id) {
	case OPT_PROVIDER:
		a->provider = v;
		break;
	case OPT_FORMAT:
		a->json = !strcmp(v, "json");
		a->scdoc = !strcmp(v, "scdoc");
		break;
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

int
cmd_annotations(int argc, char **argv)
{
	struct annotations_args a = { .provider = "ingress-nginx" };
	struct strbuf out = STRBUF_INIT;
	const struct prov_provider *p;
	int first, rc;

	rc = cli_options_parse(argc, argv, "annotations", annotations_options,
		ARRAY_LEN(annotations_options), on_option, &a, &first);
	if (rc)
		return rc;
	if (a.help) {
		cli_options_help(&out, "ing2gw annotations [options]",
			"Lists the annotations a provider understands: value "
			"kind, default, risk,\nGateway API mapping class (A "
			"standard, B implementation-specific, C none,\nC-perf "
			"tuning only) and what the controller does with a bad "
			"value.", annotations_options,
			ARRAY_LEN(annotations_options));
		fputs(out.buf, stdout);
		rc = EXIT_CLEAN;
		goto out;
	}
	if (first < argc) {
		rc = cli_usage_error("annotations", "unexpected argument '%s'",
			argv[first]);
		goto out;
	}
	p = prov_find(a.provider);
	if (!p) {
		size_t n;
		const struct prov_provider *const *all = prov_list(&n);

		for (size_t i = 0; i < n; i++)
			strbuf_addf(&out, "%s%s", i ? ", " : "", all[i]->name);
		rc = cli_usage_error("annotations", "unknown provider '%s' "
			"(known: %s)", a.provider, out.buf ? out.buf : "");
		goto out;
	}
	if (a.json) {
		if (prov_render_json(&out, p)) {
			fputs("ing2gw: out of memory\n", stderr);
			rc = EXIT_ERROR;
			goto out;
		}
	} else if (a.scdoc) {
		prov_render_scdoc(&out, p);
	} else {
		prov_render_text(&out, p);
	}
	rc = cli_output_write(NULL, out.buf ? out.buf : "", out.len) < 0 ?
		EXIT_ERROR : EXIT_CLEAN;
out:
	strbuf_release(&out);
	return rc;
}
