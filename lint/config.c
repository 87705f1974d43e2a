/*
 * The project configuration, .ing2gw.yaml:
 *
 *	rules:
 *	- {id: semantic/hostname-ip, severity: off}
 *	- {id: route/backend-port, severity: warning}
 *	ignore:
 *	- "generated/[*].yaml"
 *
 * The values are loaded with libcyaml from the schema below. libcyaml
 * reports what is wrong but not where, so the file is first parsed with
 * the document model (YAML syntax errors with positions) and its shape is
 * checked there (unknown keys, wrong types, each with file:line:col);
 * libcyaml then loads a file known to fit its schema. Rule ids and
 * severities are checked on the loaded values, located through the
 * document.
 */
#include "compat.h"
#include "lint.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "catalogue.h"
#include "diag_rules.h"
#include "similar.h"
#include "source.h"

#define CONFIG_SHAPE "a configuration is a mapping 'rules: [{id: RULE, " \
	"severity: off|info|warning|error}]' with an optional 'ignore: " \
	"[PATTERN]'"

struct config_rule {
	char *id;
	char *severity;
};

struct config_file {
	struct config_rule *rules;
	unsigned rules_count;
	char **ignore;
	unsigned ignore_count;
};

static const cyaml_schema_field_t rule_fields[] = {
	CYAML_FIELD_STRING_PTR("id", CYAML_FLAG_POINTER, struct config_rule,
		id, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("severity", CYAML_FLAG_POINTER,
		struct config_rule, severity, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t rule_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct config_rule,
		rule_fields),
};

static const cyaml_schema_value_t pattern_schema = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t file_fields[] = {
	CYAML_FIELD_SEQUENCE("rules", CYAML_FLAG_POINTER |
		CYAML_FLAG_OPTIONAL, struct config_file, rules, &rule_schema,
		0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("ignore", CYAML_FLAG_POINTER |
		CYAML_FLAG_OPTIONAL, struct config_file, ignore,
		&pattern_schema, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t file_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct config_file,
		file_fields),
};

static const cyaml_config_t cyaml_cfg = {
	.log_fn = NULL,		/* its messages have no positions */
	.mem_fn = cyaml_mem,
	.log_level = CYAML_LOG_ERROR,
	.flags = CYAML_CFG_DEFAULT,
};

int
lint_config_set(struct lint_config *cfg, const char *rule,
	enum lint_level level)
{
	const struct lint_rule *r = lint_rule_find(rule);
	const struct diag_rule *d = r ? NULL : diag_rule_find(rule);

	if (!r && !d)
		return ERR_INVALID;
	if (cfg->len == cfg->cap) {
		cfg->cap = cfg->cap ? cfg->cap * 2 : 16;
		cfg->items = xrealloc(cfg->items,
			cfg->cap * sizeof(*cfg->items));
	}
	cfg->items[cfg->len].rule = r ? r->id : d->id;
	cfg->items[cfg->len].level = level;
	cfg->len++;
	return 0;
}

static bool
parse_level(const char *s, enum lint_level *out)
{
	static const struct {
		const char *name;
		enum lint_level level;
	} levels[] = {
		{ "off", LINT_LEVEL_OFF },
		{ "info", LINT_LEVEL_INFO },
		{ "warning", LINT_LEVEL_WARNING },
		{ "error", LINT_LEVEL_ERROR },
	};

	for (size_t i = 0; s && i < ARRAY_LEN(levels); i++)
		if (!strcmp(s, levels[i].name)) {
			*out = levels[i].level;
			return true;
		}
	return false;
}

/* A string scalar (not a mapping, sequence or null). */
static bool
is_string(const struct doc_node *n)
{
	return n && doc_is_scalar(n) && !doc_is_null(n) && doc_str(n);
}

/*
 * The shape libcyaml's schema describes, checked on the document so that
 * each problem has a position. Returns the number of problems.
 */
static int
check_shape(const struct doc_set *set, const struct doc_node *root,
	struct diag_sink *sink)
{
	int bad = 0;

	if (!doc_is_map(root)) {
		diag_input_error(sink, "input/config", doc_pos(set, root),
			CONFIG_SHAPE);
		return 1;
	}
	for (size_t i = 0; i < doc_len(root); i++) {
		const struct doc_node *k = doc_map_key(root, i);
		const struct doc_node *v = doc_map_value(root, i);
		const char *key = doc_str(k) ? doc_str(k) : "";
		bool rules = !strcmp(key, "rules");

		if (!rules && strcmp(key, "ignore")) {
			diag_input_error(sink, "input/config", doc_pos(set, k),
				"unknown key '%s': %s", key, CONFIG_SHAPE);
			bad++;
			continue;
		}
		if (!doc_is_seq(v)) {
			diag_input_error(sink, "input/config",
				doc_pos(set, v ? v : k), "'%s' must be a "
				"list: %s", key, CONFIG_SHAPE);
			bad++;
			continue;
		}
		for (size_t j = 0; j < doc_len(v); j++) {
			const struct doc_node *e = doc_item(v, j);

			if (!rules) {
				if (is_string(e) && *doc_str(e))
					continue;
				diag_input_error(sink, "input/config",
					doc_pos(set, e), "ignore[%zu] must be "
					"a file name pattern", j);
				bad++;
				continue;
			}
			if (!doc_is_map(e)) {
				diag_input_error(sink, "input/config",
					doc_pos(set, e), "rules[%zu] must be "
					"a mapping {id: RULE, severity: "
					"LEVEL}", j);
				bad++;
				continue;
			}
			for (size_t m = 0; m < doc_len(e); m++) {
				const struct doc_node *ek = doc_map_key(e, m);
				const char *name = doc_str(ek) ?
					doc_str(ek) : "";

				if (strcmp(name, "id") &&
				    strcmp(name, "severity")) {
					diag_input_error(sink, "input/config",
						doc_pos(set, ek), "rules[%zu]: "
						"unknown key '%s' (a rule has "
						"'id' and 'severity')", j,
						name);
					bad++;
				} else if (!is_string(doc_map_value(e, m))) {
					diag_input_error(sink, "input/config",
						doc_pos(set, doc_map_value(e,
						m)), "rules[%zu].%s must be a "
						"string", j, name);
					bad++;
				}
			}
			if (!doc_get(e, "id")) {
				diag_input_error(sink, "input/config",
					doc_pos(set, e), "rules[%zu] has no "
					"'id'", j);
				bad++;
			}
			if (!doc_get(e, "severity")) {
				diag_input_error(sink, "input/config",
					doc_pos(set, e), "rules[%zu] has no "
					"'severity' (off, info, warning or "
					"error)", j);
				bad++;
			}
		}
	}
	return bad;
}

/* The catalogued id nearest to a mistyped one, or NULL. */
static const char *
config_near(const char *id)
{
	size_t nl, nd, n = 0;
	const struct lint_rule *l = lint_catalogue(&nl);
	const struct diag_rule *d = diag_rules(&nd);
	const char **ids = xcalloc(nl + nd + 1, sizeof(*ids));
	const char *near;

	for (size_t i = 0; i < nl; i++)
		ids[n++] = l[i].id;
	for (size_t i = 0; i < nd; i++)
		ids[n++] = d[i].id;
	near = similar_pick(id, ids);
	free(ids);
	return near;
}

int
lint_config_load(struct lint_config *cfg, const char *path,
	struct diag_sink *sink)
{
	const struct doc_node *root, *rules;
	struct config_file *file = NULL;
	cyaml_err_t err;
	char *buf = NULL;
	size_t len;
	int rc;

	if (!cfg->set)
		cfg->set = doc_set_new(NULL);
	if ((rc = source_read(path, 1 << 20, &buf, &len, sink)))
		return rc;
	rc = doc_set_parse(cfg->set, path, buf, len, sink);
	if (rc)
		goto out;
	root = doc_set_count(cfg->set) ?
		doc_set_root(cfg->set, doc_set_count(cfg->set) - 1) : NULL;
	if (!root || doc_is_null(root))
		goto out;	/* an empty file changes nothing */
	if (doc_set_count(cfg->set) != 1) {
		diag_input_error(sink, "input/config", doc_pos(cfg->set, root),
			"a configuration is one YAML document");
		rc = ERR_PARSE;
		goto out;
	}
	if (check_shape(cfg->set, root, sink)) {
		rc = ERR_PARSE;
		goto out;
	}
	err = cyaml_load_data((const uint8_t *)buf, len, &cyaml_cfg,
		&file_schema, (cyaml_data_t **)&file, NULL);
	if (err != CYAML_OK) {
		diag_input_error(sink, "input/config", doc_pos(cfg->set, root),
			"cannot load the configuration: %s",
			cyaml_strerror(err));
		rc = err == CYAML_ERR_OOM ? ERR_NOMEM : ERR_PARSE;
		goto out;
	}
	/* the document and the loaded values list the rules in one order */
	rules = doc_get(root, "rules");
	for (unsigned i = 0; i < file->rules_count; i++) {
		const struct config_rule *r = &file->rules[i];
		const struct doc_node *e = doc_item(rules, i);
		enum lint_level level;

		if (!lint_rule_find(r->id) && !diag_rule_find(r->id)) {
			const char *near = config_near(r->id);

			diag_input_error(sink, "input/config",
				doc_pos(cfg->set, doc_get(e, "id")), "'%s' is "
				"not a rule of ing2gw%s%s%s (see 'ing2gw rules')",
				r->id, near ? "; did you mean '" : "",
				near ? near : "", near ? "'?" : "");
			rc = ERR_PARSE;
			continue;
		}
		if (!parse_level(r->severity, &level)) {
			diag_input_error(sink, "input/config",
				doc_pos(cfg->set, doc_get(e, "severity")),
				"the severity of '%s' must be off, info, "
				"warning or error", r->id);
			rc = ERR_PARSE;
			continue;
		}
		lint_config_set(cfg, r->id, level);
	}
	for (unsigned i = 0; i < file->ignore_count; i++) {
		cfg->ignore = xrealloc(cfg->ignore,
			(cfg->nignore + 1) * sizeof(*cfg->ignore));
		cfg->ignore[cfg->nignore++] = xstrdup(file->ignore[i]);
	}
out:
	if (file)
		cyaml_free(&cyaml_cfg, &file_schema, file, 0);
	free(buf);
	return rc;
}

bool
lint_config_ignores(const struct lint_config *cfg, const char *file)
{
	if (!cfg || !file)
		return false;
	if (!strncmp(file, "./", 2))
		file += 2;
	for (size_t i = 0; i < cfg->nignore; i++)
		if (!fnmatch(cfg->ignore[i], file, 0))
			return true;
	return false;
}

void
lint_config_release(struct lint_config *cfg)
{
	for (size_t i = 0; i < cfg->nignore; i++)
		free(cfg->ignore[i]);
	free(cfg->ignore);
	free(cfg->items);
	doc_set_free(cfg->set);
	memset(cfg, 0, sizeof(*cfg));
}
