/* tool_rules.c - the 'rules' command: list, explain and check the rule
 * table; and loading the table with the --rules files for every command. */
#include "tool_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "rule_ids.h"
#include "tool_main.h"
#include "util.h"

struct ruleset *tool_rules_load(const struct tool_opts *c)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);

	if (rs == NULL)
		return NULL;
	for (size_t i = 0; i < c->nrules_files; i++) {
		if (ruleset_load_file(rs, c->rules_files[i], stderr) < 0) {
			ruleset_free(rs);
			return NULL;
		}
	}
	/* A --rules file may leave an entry incomplete: never run with one
	 * (rules --check reports the problems instead). */
	if (c->nrules_files && !c->rules_check && ruleset_check(rs, stderr) > 0) {
		fprintf(stderr, "ingress2higress: error: the rule table is incomplete after --rules\n");
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* rules ------------------------------------------------------------------ */

/* Append the JSON object of one target block to b (no allocation kept). */
static void target_json(struct buf *b, const struct target_rule *t)
{
	buf_addc(b, '{');
	buf_add_json_kv(b, "status", t->status >= 0 ? status_name(t->status) : NULL, true);
	buf_add_json_kv(b, "severity", t->severity >= 0 ? severity_name(t->severity) : NULL, true);
	buf_add_json_kv(b, "message", t->message, true);
	buf_add_json_kv(b, "becomes", t->becomes, true);
	buf_add_json_kv(b, "fix", t->fix, true);
	buf_add_json_kv(b, "convert", t->convert, true);
	buf_adds(b, "\"may_become\":[");
	for (int st = 0, n = 0; st < ST__COUNT; st++)
		if (t->may_become & (1u << st))
			buf_printf(b, "%s\"%s\"", n++ ? "," : "", status_name(st));
	buf_addc(b, ']');
	buf_addc(b, '}');
}

/* Append one rule as JSON to b: every target's block, keyed by its table
 * name ("higress", "gateway"). */
static void rule_json(struct buf *b, const struct rule *r)
{
	buf_addc(b, '{');
	buf_add_json_kv(b, "name", r->name, true);
	buf_add_json_kv(b, "state", rule_state_name(r->state), true);
	buf_add_json_kv(b, "alias_of", r->alias_of, true);
	buf_add_json_kv(b, "risk", r->risk, true);
	buf_add_json_kv(b, "scope", r->scope, true);
	buf_add_json_kv(b, "validator", r->validator, true);
	buf_printf(b, "\"strip_spaces\":%s,", r->strip_spaces ? "true" : "false");
	buf_add_json_kv(b, "controller_validator",
			r->controller >= 0 ? controller_validator_names[r->controller] : NULL, true);
	buf_add_json_kv(b, "default", r->default_value, true);
	buf_add_json_kv(b, "on_invalid", r->on_invalid, true);
	for (int t = 0; t < TARGET__COUNT; t++) {
		buf_add_json_str(b, rule_target_key(t));
		buf_addc(b, ':');
		target_json(b, &r->targets[t]);
		buf_addc(b, ',');
	}
	buf_add_json_kv(b, "doc", r->doc, false);
	buf_addc(b, '}');
}

/* Append the text lines of one target block to b. */
static void target_text(struct buf *b, const struct target_rule *t, int target)
{
	buf_printf(b, "  %s:%*s%s, %s\n", rule_target_key(target), (int)(11 - strlen(rule_target_key(target))), "",
		   t->status >= 0 ? status_name(t->status) : "?", t->severity >= 0 ? severity_name(t->severity) : "?");
	buf_printf(b, "  message:    %s\n", t->message ? t->message : "");
	if (t->becomes)
		buf_printf(b, "  becomes:    %s\n", t->becomes);
	if (t->fix)
		buf_printf(b, "  fix:        %s\n", t->fix);
	if (t->convert)
		buf_printf(b, "  converter:  %s\n", t->convert);
	if (t->may_become) {
		buf_adds(b, "  may become: ");
		for (int st = 0, n = 0; st < ST__COUNT; st++)
			if (t->may_become & (1u << st))
				buf_printf(b, "%s%s", n++ ? ", " : "", status_name(st));
		buf_adds(b, " (the converter judges the value and the other annotations)\n");
	}
}

/* Append the explanation of one rule to b: the block of target, or of
 * every target when target is -1. */
static void rule_text(struct buf *b, const struct rule *r, const char *prefix, int target)
{
	buf_printf(b, "%s/%s\n", prefix, r->name);
	buf_printf(b, "  state:      %s", rule_state_name(r->state));
	if (r->alias_of)
		buf_printf(b, " (alias of '%s')", r->alias_of);
	buf_addc(b, '\n');
	if (r->risk)
		buf_printf(b, "  risk:       %s\n", r->risk);
	if (r->scope)
		buf_printf(b, "  scope:      %s\n", r->scope);
	buf_printf(b, "  validator:  %s%s\n", r->validator ? r->validator : "(any value)",
		   r->strip_spaces ? " (spaces removed first)" : "");
	if (r->controller >= 0)
		buf_printf(b, "  checked as: %s (the controller's validator)\n",
			   controller_validator_names[r->controller]);
	if (r->default_value)
		buf_printf(b, "  default:    %s\n", r->default_value);
	if (r->on_invalid)
		buf_printf(b, "  on invalid: %s\n", r->on_invalid);
	for (int t = 0; t < TARGET__COUNT; t++)
		if (target < 0 || target == t)
			target_text(b, &r->targets[t], t);
	if (r->doc)
		buf_printf(b, "  doc:        %s\n", r->doc);
}

/* Append the list line of one rule to b: name, state and the block of
 * target; with target -1 one line per target, the name and state on the
 * first only. */
static void rule_line(struct buf *b, const struct rule *r, int target)
{
	bool first = true;

	for (int t = 0; t < TARGET__COUNT; t++) {
		const struct target_rule *tr = &r->targets[t];
		if (target >= 0 && target != t)
			continue;
		buf_printf(b, "%-42s %-8s ", first ? r->name : "", first ? rule_state_name(r->state) : "");
		if (target < 0)
			buf_printf(b, "%-8s ", rule_target_key(t));
		buf_printf(b, "%-12s %-8s %s\n", tr->status >= 0 ? status_name(tr->status) : "?",
			   tr->severity >= 0 ? severity_name(tr->severity) : "?", tr->message ? tr->message : "");
		first = false;
	}
}

/* Append one finding rule id as JSON to b. */
static void rule_id_json(struct buf *b, const struct rule_id *r)
{
	buf_addc(b, '{');
	buf_add_json_kv(b, "id", r->id, true);
	buf_add_json_kv(b, "family", r->family, true);
	buf_add_json_kv(b, "severity", r->severity, true);
	buf_add_json_kv(b, "meaning", r->meaning, true);
	buf_add_json_kv(b, "fix", r->fix, false);
	buf_addc(b, '}');
}

/* Append the explanation of one finding rule id to b. */
static void rule_id_text(struct buf *b, const struct rule_id *r)
{
	buf_printf(b, "%s\n", r->id);
	buf_printf(b, "  family:     %s (a finding's rule id, not an annotation)\n", r->family);
	buf_printf(b, "  severity:   %s\n", r->severity);
	buf_printf(b, "  meaning:    %s\n", r->meaning);
	buf_printf(b, "  fix:        %s\n", r->fix);
}

int tool_rules(struct tool_opts *c, int argc, char **argv)
{
	struct ruleset *rs = tool_rules_load(c);
	struct buf b = {0};
	int rc = EXIT_CLEAN;
	size_t plen = strlen(c->aopt.prefix);
	int target = c->to_given ? (int)c->to : -1;	/* -1: every target */
	const struct rule_id **ids;	/* the finding rule ids named, in order */
	size_t nids = 0;
	int shown = 0;

	if (rs == NULL)
		return EXIT_USAGE;
	if (c->rules_check) {
		size_t problems = ruleset_check(rs, stderr);
		if (problems)
			fprintf(stderr, "ingress2higress: error: %zu problem%s in the rule table\n", problems,
				problems == 1 ? "" : "s");
		else
			printf("%zu rules, no problems\n", ruleset_count(rs));
		ruleset_free(rs);
		return problems ? EXIT_FINDINGS : EXIT_CLEAN;
	}
	if (c->rules_json)
		buf_adds(&b, "{\"version\":1,\"prefix\":");
	if (c->rules_json) {
		buf_add_json_str(&b, c->aopt.prefix);
		buf_adds(&b, ",\"rules\":[");
	}
	if (argc == 0) {
		for (size_t i = 0; i < ruleset_count(rs); i++) {
			const struct rule *r = ruleset_at(rs, i);
			if (c->rules_json) {
				buf_adds(&b, i ? ",\n" : "\n");
				rule_json(&b, r);
			} else {
				rule_line(&b, r, target);
			}
		}
		if (c->rules_json) {
			buf_adds(&b, "\n],\"findings\":[");
			for (size_t i = 0; i < rule_ids_count; i++) {
				buf_adds(&b, i ? ",\n" : "\n");
				rule_id_json(&b, &rule_ids[i]);
			}
		} else {
			buf_adds(&b, "\nfinding rule ids (not annotations; 'rules ID' explains one):\n");
			for (size_t i = 0; i < rule_ids_count; i++)
				buf_printf(&b, "%-42s %-12s %-17s %s\n", rule_ids[i].id, rule_ids[i].family,
					   rule_ids[i].severity, rule_ids[i].meaning);
		}
	}
	ids = xcalloc(argc > 0 ? (size_t)argc : 1, sizeof(*ids));
	for (int i = 0; i < argc; i++) {
		const char *name = argv[i];
		const struct rule *r;
		if (strncmp(name, c->aopt.prefix, plen) == 0 && name[plen] == '/')
			name += plen + 1;
		r = ruleset_find(rs, name);
		if (r == NULL && rule_id_find(argv[i])) {
			ids[nids++] = rule_id_find(argv[i]);
			continue;
		}
		if (r == NULL) {
			const char *near = ruleset_suggest(rs, name);
			if (near)
				fprintf(stderr, "ingress2higress: error: no rule '%s'; did you mean '%s'\n", name, near);
			else
				fprintf(stderr, "ingress2higress: error: no rule '%s'\n", name);
			rc = EXIT_USAGE;
			continue;
		}
		if (c->rules_json) {
			buf_adds(&b, shown ? ",\n" : "\n");
			rule_json(&b, r);
		} else {
			if (shown)
				buf_addc(&b, '\n');
			rule_text(&b, r, c->aopt.prefix, target);
		}
		shown++;
	}
	if (argc && c->rules_json)
		buf_adds(&b, "\n],\"findings\":[");
	for (size_t i = 0; i < nids; i++) {
		if (c->rules_json) {
			buf_adds(&b, i ? ",\n" : "\n");
			rule_id_json(&b, ids[i]);
		} else {
			if (shown || i)
				buf_addc(&b, '\n');
			rule_id_text(&b, ids[i]);
		}
	}
	free(ids);
	if (c->rules_json)
		buf_adds(&b, "\n]}\n");
	fwrite(buf_cstr(&b), 1, b.len, stdout);
	buf_free(&b);
	ruleset_free(rs);
	return rc;
}

