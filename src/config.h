/* config.h - the repository's config file, .ingress2higress.yaml: what
 * every run in a repository shares (classes, exclusions, rule overrides,
 * suppressions, fail-on, reports, rule selection).
 *
 * Found from the current directory upward, stopping at the first
 * directory that holds '.git' (the repository's top) or at the root. The
 * run driver applies it under the command line (a flag given replaces the
 * config's value; for lists, the whole list).
 */
#ifndef I2H_CONFIG_H
#define I2H_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CONFIG_NAME ".ingress2higress.yaml"

/* One entry of 'suppress': findings of rule in files matching path. */
struct config_suppress {
	char *path;	/* glob, relative to the config file's directory */
	char *rule;	/* rule id or annotation name */
	char *reason;	/* or NULL */
	int line, col;	/* of the entry, in the config file */
};

/* A string list of the config; strings owned. */
struct config_list {
	char **v;
	size_t n;
	size_t cap;
	bool set;	/* the key was written */
};

/* The parsed file; everything owned (config_free). */
struct config {
	char *path;		/* as named in messages and the report */
	char *dir;		/* its directory, absolute (for 'rules' and 'suppress' paths) */
	struct config_list classes;	/* ingress-class */
	int include_classless;	/* -1 unset, else 0 or 1 */
	char *default_class;	/* default-ingress-class, or NULL */
	struct config_list exclude;
	char *rules;		/* 'rules', resolved against dir, or NULL */
	struct config_suppress *sup;
	size_t nsup, supcap;
	char *fail_on;		/* or NULL */
	struct config_list report;	/* FORMAT=FILE entries */
	struct config_list skip;
	struct config_list only;
};

/* Look for the config file from the current directory upward. Returns
 * 1 with *path (allocated, the caller frees) naming it relative to the
 * current directory, 0 when there is none, -1 after an error on err. */
int config_find(char **path, FILE *err);

/* Read the config file path into c (zeroed first). Returns 0, or -1
 * after 'path:line:col: error: ...' on err (unreadable, bad YAML, an
 * unknown key, a value of the wrong shape). Free c with config_free()
 * either way. */
int config_load(struct config *c, const char *path, FILE *err);
void config_free(struct config *c);

#endif
