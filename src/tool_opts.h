/* tool_opts.h - the command line: one option table drives getopt_long,
 * which command each option applies to, and --help. */
#ifndef I2H_TOOL_OPTS_H
#define I2H_TOOL_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyze.h"
#include "emit_gateway.h"
#include "target.h"

enum command { CMD_NONE, CMD_CONVERT, CMD_LINT, CMD_RULES };

/* The parsed command line. Strings are borrowed from argv; the arrays
 * are owned (tool_opts_free). */
struct tool_opts {
	enum command cmd;
	char **rules_files;
	size_t nrules_files;
	size_t rfcap;
	const char *report_path;
	int report_format;
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
	bool gateway_opts;		/* a --gateway* option was given */
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
