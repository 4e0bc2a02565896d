/* rules-gen.c - build-time generator: read rules/annotations.yaml with the
 * runtime's own loader (src/rules.c), check it as 'rules --check' does,
 * and write it as C data (struct rules_data rules_builtin_data), so the
 * binary starts with the table ready. Any problem fails the build.
 *
 * usage: rules-gen INPUT.yaml OUTPUT.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "util.h"

/* What the built-in rules' 'origin' names instead of the build's path. */
#define BUILTIN_NAME "<builtin>/rules/annotations.yaml"

/* ISO C asks compilers for string literals up to 4095 bytes; -Wpedantic
 * warns past that. A longer string becomes a char array. */
#define LITERAL_MAX 4000

struct gen {
	FILE *out;
	const char *input;	/* the path the rules were loaded from */
	size_t arrays;		/* long strings written as arrays so far */
};

/* Write s as the body of a C string literal: '?' escaped (no trigraphs),
 * bytes outside printable ASCII as three-digit octal (never merged with
 * a following digit, unlike \x). */
static void put_escaped(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
}

/* Write the long strings of r as static arrays before the table, in the
 * order str_ref() will name them. */
static void put_arrays_of(struct gen *g, const char *s)
{
	if (s == NULL || strlen(s) <= LITERAL_MAX)
		return;
	fprintf(g->out, "static const char str_%zu[] = {", g->arrays++);
	for (size_t i = 0; s[i]; i++)
		fprintf(g->out, "%s%d,", i % 16 ? " " : "\n\t", (unsigned char)s[i]);
	fprintf(g->out, "\n\t0\n};\n");
}

/* Write one field ".key = value," of string s (NULL, a literal, or a
 * reference to the next array). */
static void put_str(struct gen *g, size_t *next_array, const char *indent, const char *key, const char *s)
{
	if (s == NULL)
		return;
	fprintf(g->out, "%s.%s = ", indent, key);
	if (strlen(s) > LITERAL_MAX) {
		fprintf(g->out, "(char *)str_%zu,\n", (*next_array)++);
		return;
	}
	fputc('"', g->out);
	put_escaped(g->out, s);
	fputs("\",\n", g->out);
}

/* The strings of a rule in put_rule()'s order (arrays and references
 * must agree), the origin last. */
static size_t rule_strings(const struct rule *r, const char **v)
{
	size_t n = 0;

	v[n++] = r->name;
	v[n++] = r->alias_of;
	v[n++] = r->risk;
	v[n++] = r->scope;
	v[n++] = r->validator;
	v[n++] = r->default_value;
	v[n++] = r->on_invalid;
	v[n++] = r->doc;
	for (int t = 0; t < TARGET__COUNT; t++) {
		v[n++] = r->targets[t].message;
		v[n++] = r->targets[t].becomes;
		v[n++] = r->targets[t].fix;
		v[n++] = r->targets[t].convert;
	}
	v[n++] = r->origin;
	return n;
}

/* The origin "<input>:LINE" as "<builtin>/rules/annotations.yaml:LINE".
 * Returns a new string the caller frees. */
static char *builtin_origin(const struct gen *g, const char *origin)
{
	size_t il = strlen(g->input);

	if (origin && strncmp(origin, g->input, il) == 0 && origin[il] == ':')
		return xasprintf("%s%s", BUILTIN_NAME, origin + il);
	return xstrdup(origin ? origin : BUILTIN_NAME);
}

static void put_rule(struct gen *g, size_t *next_array, const struct rule *r)
{
	FILE *o = g->out;

	fputs("\t{\n", o);
	put_str(g, next_array, "\t\t", "name", r->name);
	fprintf(o, "\t\t.state = %d,\t/* %s */\n", r->state, rule_state_name(r->state));
	put_str(g, next_array, "\t\t", "alias_of", r->alias_of);
	put_str(g, next_array, "\t\t", "risk", r->risk);
	put_str(g, next_array, "\t\t", "scope", r->scope);
	put_str(g, next_array, "\t\t", "validator", r->validator);
	fprintf(o, "\t\t.strip_spaces = %s,\n", r->strip_spaces ? "true" : "false");
	fprintf(o, "\t\t.controller = %d,\t/* %s */\n", r->controller,
		r->controller >= 0 ? controller_validator_names[r->controller] : "unset");
	put_str(g, next_array, "\t\t", "default_value", r->default_value);
	put_str(g, next_array, "\t\t", "on_invalid", r->on_invalid);
	put_str(g, next_array, "\t\t", "doc", r->doc);
	fputs("\t\t.targets = {\n", o);
	for (int t = 0; t < TARGET__COUNT; t++) {
		const struct target_rule *tr = &r->targets[t];
		fprintf(o, "\t\t\t[%d] = {\t/* %s */\n", t, rule_target_key(t));
		fprintf(o, "\t\t\t\t.status = %d,\t/* %s */\n", tr->status,
			tr->status >= 0 ? status_name(tr->status) : "unset");
		fprintf(o, "\t\t\t\t.severity = %d,\t/* %s */\n", tr->severity,
			tr->severity >= 0 ? severity_name(tr->severity) : "unset");
		put_str(g, next_array, "\t\t\t\t", "message", tr->message);
		put_str(g, next_array, "\t\t\t\t", "becomes", tr->becomes);
		put_str(g, next_array, "\t\t\t\t", "fix", tr->fix);
		put_str(g, next_array, "\t\t\t\t", "convert", tr->convert);
		fprintf(o, "\t\t\t\t.may_become = %#xu,\n", tr->may_become);
		fputs("\t\t\t},\n", o);
	}
	fputs("\t\t},\n", o);
	{
		char *origin = builtin_origin(g, r->origin);
		put_str(g, next_array, "\t\t", "origin", origin);
		free(origin);
	}
	fputs("\t},\n", o);
}

/* Write the whole table as C. Returns 0, or -1 if writing failed. */
static int put_table(struct gen *g, const struct ruleset *rs)
{
	FILE *o = g->out;
	size_t next_array = 0;

	fprintf(o, "/* generated from rules/annotations.yaml by tools/rules-gen.c; do not edit */\n");
	fprintf(o, "#include \"rules.h\"\n\n");
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const struct rule *r = ruleset_at(rs, i);
		const char *v[9 + 4 * TARGET__COUNT];
		size_t n = rule_strings(r, v);
		char *origin = builtin_origin(g, r->origin);
		for (size_t j = 0; j + 1 < n; j++)
			put_arrays_of(g, v[j]);
		put_arrays_of(g, origin);
		free(origin);
	}
	fprintf(o, "static const struct rule rules[] = {\n");
	for (size_t i = 0; i < ruleset_count(rs); i++)
		put_rule(g, &next_array, ruleset_at(rs, i));
	fprintf(o, "};\n\n");
	fprintf(o, "const struct rules_data rules_builtin_data = {\n");
	fprintf(o, "\t.rules = rules,\n");
	fprintf(o, "\t.n = sizeof(rules) / sizeof(rules[0]),\n");
	fprintf(o, "\t.sources = {\n");
	for (int i = 0; i < RSRC__COUNT; i++) {
		const char *s = ruleset_source(rs, i);
		fprintf(o, "\t\t[%d] = ", i);
		if (s) {
			fputc('"', o);
			put_escaped(o, s);
			fputc('"', o);
		} else {
			fputs("NULL", o);
		}
		fprintf(o, ",\t/* %s */\n", rule_source_key(i));
	}
	fprintf(o, "\t},\n};\n");
	return ferror(o) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct ruleset *rs;
	struct gen g = {0};
	size_t problems;
	int rc = 0;

	if (argc != 3) {
		fputs("usage: rules-gen INPUT.yaml OUTPUT.c\n", stderr);
		return 2;
	}
	g.input = argv[1];
	rs = ruleset_new_empty();
	if (ruleset_load_file(rs, g.input, stderr) < 0) {
		ruleset_free(rs);
		return 1;
	}
	problems = ruleset_check(rs, stderr);
	for (int i = 0; i < RSRC__COUNT; i++) {
		if (ruleset_source(rs, i) == NULL) {
			fprintf(stderr, "%s: error: missing 'sources.%s'\n", g.input, rule_source_key(i));
			problems++;
		}
	}
	if (problems) {
		fprintf(stderr, "%s: error: %zu problem%s in the rule table\n", g.input, problems,
			problems == 1 ? "" : "s");
		ruleset_free(rs);
		return 1;
	}
	g.out = fopen(argv[2], "w");
	if (g.out == NULL) {
		fprintf(stderr, "%s: error: cannot create: %s\n", argv[2], errstr(errno));
		ruleset_free(rs);
		return 1;
	}
	if (put_table(&g, rs) < 0)
		rc = 1;
	if (fclose(g.out) != 0)
		rc = 1;
	if (rc) {
		fprintf(stderr, "%s: error: cannot write\n", argv[2]);
		remove(argv[2]);
	}
	ruleset_free(rs);
	return rc;
}
