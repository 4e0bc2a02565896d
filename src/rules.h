/* rules.h - the annotation rule table.
 *
 * The table is YAML data (rules/annotations.yaml). At build time
 * tools/rules-gen.c reads and checks it with this module's loader and
 * writes it out as C data (struct rules_data), so the binary starts with
 * the table ready and a broken table fails the build; a user's --rules
 * file goes through the same loader at run time, with file:line:col
 * diagnostics. Value validators are PCRE2 patterns compiled on first use
 * (JIT when available) and kept for the life of the table.
 */
#ifndef I2H_RULES_H
#define I2H_RULES_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "target.h"

enum rule_state {
	RS_CURRENT,	/* understood by the last Ingress-NGINX release */
	RS_ALIAS,	/* deprecated alias of a current name */
	RS_REMOVED,	/* removed from Ingress-NGINX */
	RS_HIGRESS,	/* Higress-invented key Higress reads with the nginx prefix */
	RS__COUNT
};

/* Which of the controller's validator functions checks a value
 * (parser/validators.go); each adds what a PCRE2 pattern cannot say. */
enum controller_validator {
	CV_UNSET = -1,
	CV_REGEX,		/* ValidateRegex: also refuses CR and LF */
	CV_BOOL,		/* ValidateBool (strconv.ParseBool) */
	CV_INT,			/* ValidateInt (strconv.Atoi): also the int64 range */
	CV_CIDRS,		/* ValidateCIDRs: parsed like Go's net package */
	CV_SERVER_NAME,		/* ValidateServerName */
	CV_SERVER_NAMES,	/* ValidateArrayOfServerName */
	CV_OPTIONS,		/* ValidateOptions */
	CV_COMMON_NAME,		/* CommonNameAnnotationValidator: 'CN=' and a Go regexp */
	CV_SERVICE_NAME,	/* ValidateServiceName (DNS-1035 label) */
	CV_NULL,		/* ValidateNull and the snippets */
	CV__COUNT
};

/* The names of enum controller_validator, NULL-terminated. */
extern const char *const controller_validator_names[];

/* What one target does with an annotation (one block per enum target:
 * the table's 'higress' and 'gateway' keys). All strings owned by the rule. */
struct target_rule {
	int status;		/* enum status, -1 when unset */
	int severity;		/* enum severity, -1 when unset */
	char *message;
	char *becomes;
	char *fix;
	char *convert;		/* name of a converter of this target, or NULL */
	unsigned may_become;	/* 'may-become': the statuses (bit 1u << enum status)
				 * the converter may give besides 'status', 0 none */
};

struct rule {
	char *name;		/* short name, without the prefix */
	int state;		/* enum rule_state, -1 when unset */
	char *alias_of;
	char *risk;
	char *scope;
	char *validator;	/* PCRE2 pattern, or NULL (accepts anything) */
	bool strip_spaces;
	int controller;		/* enum controller_validator */
	char *default_value;
	char *on_invalid;	/* what Ingress-NGINX does with an invalid value, or NULL */
	char *doc;
	struct target_rule targets[TARGET__COUNT];	/* indexed by enum target */
	char *origin;		/* "file:line" where the entry was (last) defined */
	void *re;		/* compiled pattern (pcre2_code *), lazily */
	int re_state;		/* 0 not compiled, 1 compiled, -1 failed */
};

struct ruleset;

/* Where a table's facts come from: the keys of its 'sources' mapping. */
enum rule_source {
	RSRC_INGRESS_NGINX,	/* 'ingress-nginx': the controller release read */
	RSRC_HIGRESS,		/* 'higress': the Higress version read */
	RSRC__COUNT
};

/* A rule table as static C data, what tools/rules-gen.c writes: rules
 * sorted by name, strings (and re, NULL) static. */
struct rules_data {
	const struct rule *rules;
	size_t n;
	const char *sources[RSRC__COUNT];	/* NULL where not given */
};

/* The built-in table, generated at build time from rules/annotations.yaml
 * (rules_data.c in the build directory). */
extern const struct rules_data rules_builtin_data;

/* Create a table holding the built-in rules. err is kept for the
 * interface's sake: the built-in table is checked at build time and
 * cannot fail to load. Free with ruleset_free(). */
struct ruleset *ruleset_new_builtin(FILE *err);
/* Create a table over static data d without copying its strings (the
 * table copies them only when a --rules file is merged into it). Free
 * with ruleset_free(); d must outlive the table. */
struct ruleset *ruleset_new_data(const struct rules_data *d);
/* Create an empty table. */
struct ruleset *ruleset_new_empty(void);
void ruleset_free(struct ruleset *rs);

/* The key of a 'sources' entry ("ingress-nginx", "higress"); static. */
const char *rule_source_key(int which);
/* The table's source which (enum rule_source), borrowed from rs, or NULL
 * when no loaded file gave it. */
const char *ruleset_source(const struct ruleset *rs, int which);

/* Parse YAML rules from text and merge them into rs: a field given for an
 * existing name overrides that field; a new name adds an entry. name is
 * used in diagnostics. Returns 0, or -1 after printing to err. */
int ruleset_load_string(struct ruleset *rs, const char *name,
			const char *text, size_t len, FILE *err);
/* Same, from a file. */
int ruleset_load_file(struct ruleset *rs, const char *path, FILE *err);

/* Borrowed lookup by short name; NULL when absent. */
const struct rule *ruleset_find(const struct ruleset *rs, const char *name);
size_t ruleset_count(const struct ruleset *rs);
/* Borrowed i-th rule in name order. */
const struct rule *ruleset_at(const struct ruleset *rs, size_t i);
/* Borrowed nearest known name within a small edit distance, or NULL. */
const char *ruleset_suggest(const struct ruleset *rs, const char *name);

/* Check a value against the rule's validator: 1 valid (or nothing to
 * check), 0 invalid, -1 the pattern does not compile or matching failed
 * (*why, if given, gets a borrowed static or rule-owned reason). */
int rule_check_value(const struct ruleset *rs, const struct rule *r,
		     const char *value, const char **why);

/* Check the whole table: required fields, enums, aliases, compiled
 * patterns, converters known. Prints one line per problem to err and
 * returns the number of problems. */
size_t ruleset_check(struct ruleset *rs, FILE *err);

const char *rule_state_name(int state);

/* The table key of a target's block ("higress" for the Ingress target,
 * "gateway"); borrowed static text, "?" when out of range. */
const char *rule_target_key(int target);
/* The target whose block the table key names, or -1. */
int rule_target_from_name(const char *key);

/* Is name a converter of the given target? The Ingress target's are the
 * analysis's (converter_exists, conv_names.h); the Gateway API target's are the names
 * declared in rules.c (gateway_converter_names), which the gateway
 * emitter implements. */
bool target_converter_exists(int target, const char *name);

/* The Gateway API converter names a 'gateway' block may give in
 * 'convert', NULL-terminated. */
extern const char *const gateway_converter_names[];

/* The values 'on-invalid' may take, NULL-terminated. */
extern const char *const on_invalid_names[];

#endif
