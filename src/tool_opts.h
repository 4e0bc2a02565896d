/* tool_opts.h - the command line: one option table drives getopt_long,
 * which command each option applies to, and --help. */
#ifndef I2H_TOOL_OPTS_H
#define I2H_TOOL_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyze.h"
#include "emit_checks.h"
#include "emit_gateway.h"
#include "emit_plugins.h"
#include "target.h"

enum command { CMD_NONE, CMD_CONVERT, CMD_LINT, CMD_CHECKS, CMD_RULES };

enum colour_mode { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

/* One --report FORMAT=FILE. */
struct report_spec {
	int format;		/* enum report_format */
	const char *path;	/* '-' for standard output; borrowed from argv */
};

/* The parsed command line. Strings are borrowed from argv; the arrays
 * are owned (tool_opts_free). */
struct tool_opts {
	enum command cmd;
	char **rules_files;
	size_t nrules_files;
	size_t rfcap;
	const char *report_path;	/* --report FILE (the --report-format one) */
	int report_format;
	struct report_spec *reports;	/* owned: --report FORMAT=FILE, in order */
	size_t nreports;
	size_t repcap;
	int min_severity;		/* text, github: hide findings below it */
	enum colour_mode colour;
	bool quiet;
	int fail_on;			/* severity, or SEV__COUNT for never */
	const char *output;
	bool in_place;
	bool diff;			/* --diff: a unified diff on stdout, no file written */
	bool check;			/* --check: exit 1 when an input would change */
	const char *stdin_name;		/* --stdin-filename, or NULL */
	enum target to;
	bool to_given;			/* --to was on the command line */
	const char **classes;
	size_t nclasses;
	size_t ccap;
	struct analyze_options aopt;
	struct gateway_options gopt;	/* --to gateway */
	struct checks_options kopt;	/* the checks command: --checks-limit, --max-time */
	bool gateway_opts;		/* a --gateway* option was given */
	const char *gateway_out;	/* --gateway-out FILE, or NULL */
	struct plugins_options popt;	/* the WasmPlugins convert writes */
	bool no_plugins;		/* --no-plugins: report only */
	const char *plugins_out;	/* --plugins-out FILE, or NULL */
	const char *nginx_configmap;	/* --nginx-configmap FILE, or NULL */
	int rules_json;
	bool rules_check;
	bool classless_given;		/* --include-classless was on the command line */
	bool fail_on_given;		/* --fail-on was */
	bool report_given;		/* --report or --report-format was */
	const char *baseline;		/* --baseline FILE, or NULL */
	const char **skip;		/* --skip ids */
	size_t nskip, skipcap;
	const char **only;		/* --only ids */
	size_t nonly, onlycap;
	const char *config;		/* --config FILE, or NULL */
	bool no_config;			/* --no-config */
	const char **exclude;		/* --exclude globs */
	size_t nexclude, excap;
};

/* What an option's argument may be, for the shell completions; for an
 * option not given words its --help name decides (FILE: a file name;
 * anything else: free text). */
enum opt_values {
	OV_AUTO,	/* by the argument name */
	OV_TARGET,	/* the output targets (target_name) */
	OV_LEVEL,	/* the severities and 'never' */
	OV_REPORT_FORMAT,	/* the report formats (report_format_name) */
	OV_RULES_FORMAT,	/* text or json */
	OV_SEVERITY,	/* the severities */
	OV_COLOUR,	/* auto, always or never */
};

/* One row per option and help text: an option whose help differs between
 * commands has a row per text. Rows come in --help order; a row without
 * help is not listed (an alias, or --version). */
struct opt_row {
	const char *name;	/* long name */
	int val;		/* getopt value: the short letter or OPT_* */
	int has_arg;		/* no_argument or required_argument */
	const char *arg;	/* argument name in --help, or NULL */
	unsigned cmds;		/* bits (1u << enum command) of the commands it applies to */
	const char *help;	/* lines after the first indented to the help column */
};

/* The option table (static), its row count in *n. */
const struct opt_row *tool_opt_table(size_t *n);

/* The words an option's argument may take in command cmd,
 * NULL-terminated, into words[0..max) (static strings): none for a file
 * name or free text. Returns how many. */
size_t opt_value_words(const struct opt_row *r, enum command cmd, const char **words, size_t max);

/* Does the row's argument name a file (in command cmd)? */
bool opt_takes_file(const struct opt_row *r, enum command cmd);

/* The commands (static names), NULL-terminated, and their one-line
 * descriptions. */
extern const char *const command_names[];
const char *command_summary(enum command cmd);

/* Parse argv (argv[0] the program, argv[1] the command). Returns -1 when
 * the command should run, with *o filled and *first_arg the index of the
 * first operand; otherwise the exit status (help, version, usage error,
 * already reported). Free o with tool_opts_free() either way. */
int tool_opts_parse(struct tool_opts *o, int argc, char **argv, int *first_arg);
void tool_opts_free(struct tool_opts *o);

/* Apply a value of the config file as if given as --name arg (arg is
 * borrowed and must outlive o). Returns -1 when applied, or EXIT_USAGE
 * after an error naming the option. */
int tool_opts_apply(struct tool_opts *o, const char *name, char *arg);

/* Print 'ingress2higress: error: ...' and a hint to stderr; returns
 * EXIT_USAGE. */
int usage_error(enum command cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The name of a command ("convert"...), "" for none. Static. */
const char *command_name(enum command cmd);

#endif
