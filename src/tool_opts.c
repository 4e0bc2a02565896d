/* tool_opts.c - the option table and what it drives: getopt_long, which
 * command an option applies to (with a hint naming the right one), and
 * each command's --help. */
#include "tool_opts.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"
#include "tool_main.h"
#include "util.h"
#include "version.h"

enum {
	OPT_CLASS = 256, OPT_CLASSLESS, OPT_PREFIX, OPT_RULES, OPT_REPORT, OPT_REPORT_FORMAT,
	OPT_FAIL_ON, OPT_TO, OPT_TARGET_CLASS, OPT_KEEP_CLASS, OPT_KEEP_UNSUPPORTED,
	OPT_GW_NS, OPT_GW_CLASS, OPT_GW, OPT_GW_OUT, OPT_KEEP_INGRESSES, OPT_ALLOW_EXPERIMENTAL,
	OPT_CHECK, OPT_VERSION, OPT_BASELINE, OPT_SKIP, OPT_ONLY, OPT_CONFIG, OPT_NO_CONFIG, OPT_EXCLUDE,
	OPT_DIFF, OPT_NO_COMMENTS, OPT_STDIN_FILENAME, OPT_MIN_SEVERITY, OPT_COLOR, OPT_CHECKS_LIMIT, OPT_MAX_TIME,
	OPT_HIGRESS_NS, OPT_PLUGIN_REGISTRY, OPT_PLUGINS_OUT, OPT_NO_PLUGINS, OPT_INLINE_CREDENTIALS, OPT_REDIS,
	OPT_NGINX_CONFIGMAP,
};

#define C_CONVERT (1u << CMD_CONVERT)
#define C_LINT (1u << CMD_LINT)
#define C_CHECKS (1u << CMD_CHECKS)
#define C_RULES (1u << CMD_RULES)
#define C_ALL (C_CONVERT | C_LINT | C_CHECKS | C_RULES)

/* struct opt_row: see tool_opts.h */
static const struct opt_row opt_table[] = {
	{ "to", OPT_TO, required_argument, "TARGET", C_CONVERT | C_LINT | C_CHECKS,
	  "output target: ingress (default) or gateway" },
	{ "target-class", OPT_TARGET_CLASS, required_argument, "NAME", C_CONVERT,
	  "class for converted Ingresses (default: higress)" },
	{ "keep-class", OPT_KEEP_CLASS, no_argument, NULL, C_CONVERT,
	  "keep the class (Higress watching the nginx class)" },
	{ "keep-unsupported", OPT_KEEP_UNSUPPORTED, no_argument, NULL, C_CONVERT,
	  "keep unsupported annotations instead of commenting\nthem out" },
	{ "gateway-namespace", OPT_GW_NS, required_argument, "NS", C_CONVERT,
	  "--to gateway: namespace of the Gateways\n(default: higress-system)" },
	{ "gateway-class", OPT_GW_CLASS, required_argument, "NAME", C_CONVERT,
	  "--to gateway: their gatewayClassName (default: higress)" },
	{ "gateway", OPT_GW, required_argument, "NS/NAME", C_CONVERT,
	  "--to gateway: attach routes to this Gateway, emit none" },
	{ "gateway-out", OPT_GW_OUT, required_argument, "FILE", C_CONVERT,
	  "--to gateway: write the Gateway API objects to FILE\n(replaced atomically), the rest as usual; needed\n"
	  "with --in-place, --diff and --check" },
	{ "keep-ingresses", OPT_KEEP_INGRESSES, no_argument, NULL, C_CONVERT,
	  "--to gateway: keep the converted Ingresses in the output" },
	{ "allow-experimental", OPT_ALLOW_EXPERIMENTAL, no_argument, NULL, C_CONVERT,
	  "--to gateway: write experimental-channel forms (retry, sessionPersistence)" },
	{ "higress-namespace", OPT_HIGRESS_NS, required_argument, "NS", C_CONVERT | C_LINT,
	  "namespace of the emitted WasmPlugins: Higress's\nown (default: higress-system)" },
	{ "plugin-registry", OPT_PLUGIN_REGISTRY, required_argument, "URL", C_CONVERT,
	  "WasmPlugin images are URL/NAME:TAG (default:\noci://higress-registry.cn-hangzhou.cr.aliyuncs.com/\nplugins)" },
	{ "plugins-out", OPT_PLUGINS_OUT, required_argument, "FILE", C_CONVERT,
	  "write the WasmPlugins (and derived Secrets) to FILE\n(replaced atomically); needed with --in-place" },
	{ "no-plugins", OPT_NO_PLUGINS, no_argument, NULL, C_CONVERT | C_LINT,
	  "write no WasmPlugin: report what Higress drops" },
	{ "redis-service", OPT_REDIS, required_argument, "FQDN[:PORT]", C_CONVERT | C_LINT,
	  "the Redis Service of cluster-key-rate-limit, for\nper-client-IP limits (limit-rps, limit-rpm)" },
	{ "inline-credentials", OPT_INLINE_CREDENTIALS, no_argument, NULL, C_CONVERT | C_LINT,
	  "copy htpasswd hashes into the basic-auth WasmPlugin\ninstead of referencing Secrets" },
	{ "nginx-configmap", OPT_NGINX_CONFIGMAP, required_argument, "FILE", C_CONVERT | C_LINT | C_CHECKS,
	  "the Ingress-NGINX controller ConfigMap is in FILE\n(then those of the inputs are not used); convert\n"
	  "writes higress-config from it, checks follows it" },
	{ "output", 'o', required_argument, "FILE", C_CONVERT,
	  "write to FILE instead of stdout ('-': stdout); a\nregular file is replaced atomically, a FIFO or\n"
	  "device written to, links followed" },
	{ "output", 'o', required_argument, "FILE", C_CHECKS,
	  "write the script to FILE instead of stdout; a\nregular file is replaced atomically" },
	{ "checks-limit", OPT_CHECKS_LIMIT, required_argument, "N", C_CHECKS,
	  "at most N requests per host (default 50; 0: no\nlimit); the rest are listed as not checked" },
	{ "max-time", OPT_MAX_TIME, required_argument, "SECONDS", C_CHECKS,
	  "the script's time limit per request (default 10;\nCHECK_MAX_TIME overrides it when it runs)" },
	{ "in-place", 'i', no_argument, NULL, C_CONVERT,
	  "rewrite each input file atomically (owner, group\nand mode kept; files with hard links refused)" },
	{ "diff", OPT_DIFF, no_argument, NULL, C_CONVERT,
	  "print a unified diff of each input and its\nconversion on stdout instead; write no file\n"
	  "(--to gateway: needs --gateway-out FILE; the\n--gateway-out and --plugins-out files are diffed too)" },
	{ "check", OPT_CHECK, no_argument, NULL, C_CONVERT,
	  "write no file; name each input convert would\nchange on stderr and exit 1 if there is one" },
	{ "no-comments", OPT_NO_COMMENTS, no_argument, NULL, C_CONVERT,
	  "no '# ingress2higress:' line before added or\nchanged lines (removals stay commented out)" },
	{ "ingress-class", OPT_CLASS, required_argument, "NAME", C_CONVERT | C_LINT | C_CHECKS,
	  "an Ingress-NGINX class (repeatable; default: nginx)" },
	{ "include-classless", OPT_CLASSLESS, no_argument, NULL, C_CONVERT | C_LINT | C_CHECKS,
	  "treat Ingresses without a class as Ingress-NGINX's" },
	{ "annotation-prefix", OPT_PREFIX, required_argument, "P", C_CONVERT | C_LINT | C_CHECKS,
	  "annotation prefix (default: nginx.ingress.kubernetes.io)" },
	{ "rules", OPT_RULES, required_argument, "FILE", C_CONVERT | C_LINT | C_CHECKS,
	  "add or override rule-table entries (repeatable)" },
	{ "exclude", OPT_EXCLUDE, required_argument, "GLOB", C_CONVERT | C_LINT | C_CHECKS,
	  "leave out input files matching GLOB\n(repeatable; '**' spans directories)" },
	{ "config", OPT_CONFIG, required_argument, "FILE", C_CONVERT | C_LINT | C_CHECKS,
	  "read FILE, not the .ingress2higress.yaml found\nfrom the current directory upward" },
	{ "no-config", OPT_NO_CONFIG, no_argument, NULL, C_CONVERT | C_LINT | C_CHECKS, "read no config file" },
	{ "stdin-filename", OPT_STDIN_FILENAME, required_argument, "NAME", C_CONVERT | C_LINT | C_CHECKS,
	  "name standard input NAME in findings and reports\n(default: <stdin>)" },
	{ "report", OPT_REPORT, required_argument, "[FORMAT=]FILE", C_CONVERT | C_LINT | C_CHECKS,
	  "write the report to FILE ('-': standard output);\nFORMAT=FILE adds a report in FORMAT (repeatable)" },
	{ "report-format", OPT_REPORT_FORMAT, required_argument, "FORMAT", C_CONVERT | C_LINT | C_CHECKS,
	  "text (default), json, sarif, github, junit,\nmarkdown or html" },
	{ "min-severity", OPT_MIN_SEVERITY, required_argument, "LEVEL", C_CONVERT | C_LINT | C_CHECKS,
	  "text, github: show findings of LEVEL and above\n(display only; the exit status follows --fail-on)" },
	{ "color", OPT_COLOR, required_argument, "WHEN", C_CONVERT | C_LINT | C_CHECKS,
	  "colour the text report: auto (default: a terminal,\nNO_COLOR unset), always or never" },
	{ "quiet", 'q', no_argument, NULL, C_CONVERT | C_LINT | C_CHECKS,
	  "text: only the summary and findings of severity\nerror and above" },
	{ "fail-on", OPT_FAIL_ON, required_argument, "LEVEL", C_CONVERT | C_LINT,
	  "critical, error (default), warning, info or never" },
	{ "fail-on", OPT_FAIL_ON, required_argument, "LEVEL", C_CHECKS,
	  "exit 1 for findings at LEVEL: critical, error,\nwarning, info or never (default)" },
	{ "baseline", OPT_BASELINE, required_argument, "FILE", C_CONVERT | C_LINT | C_CHECKS,
	  "a JSON report of an earlier run: the findings\nalready in it do not count for --fail-on" },
	{ "skip", OPT_SKIP, required_argument, "RULE", C_CONVERT | C_LINT | C_CHECKS,
	  "leave out the findings of a rule id or an\nannotation (repeatable)" },
	{ "only", OPT_ONLY, required_argument, "RULE", C_CONVERT | C_LINT | C_CHECKS,
	  "keep only the findings of these rule ids or\nannotations (repeatable)" },
	{ "report-format", OPT_REPORT_FORMAT, required_argument, "FORMAT", C_RULES, "text (default) or json" },
	{ "to", OPT_TO, required_argument, "TARGET", C_RULES,
	  "show the block of one target: ingress or gateway\n(default: both; json always shows both)" },
	{ "rules", OPT_RULES, required_argument, "FILE", C_RULES, "add or override entries (repeatable)" },
	{ "check", OPT_CHECK, no_argument, NULL, C_RULES, "validate the table; exit 1 on any problem" },
	{ "annotation-prefix", OPT_PREFIX, required_argument, "P", C_RULES, "prefix stripped from NAME" },
	{ "help", 'h', no_argument, NULL, C_ALL, "show this help" },
	{ "version", OPT_VERSION, no_argument, NULL, C_ALL, NULL },
	/* aliases: accepted, not in --help */
	{ "format", OPT_REPORT_FORMAT, required_argument, "FORMAT", C_CONVERT | C_LINT | C_CHECKS, NULL },
	{ "format", OPT_REPORT_FORMAT, required_argument, "FORMAT", C_RULES, NULL },
};
#define NROWS (sizeof(opt_table) / sizeof(opt_table[0]))

const char *const command_names[] = { "convert", "lint", "checks", "rules", NULL };

const char *command_summary(enum command cmd)
{
	switch (cmd) {
	case CMD_CONVERT:
		return "write Higress-compatible manifests and a compatibility report";
	case CMD_LINT:
		return "report only: one finding per annotation, exit status for CI";
	case CMD_CHECKS:
		return "write a script comparing the old and new gateway";
	case CMD_RULES:
		return "list or explain the rule table";
	case CMD_NONE:
		break;
	}
	return "";
}

static const char main_usage_head[] =
	"usage: ingress2higress COMMAND [OPTION...] [PATH...]\n"
	"\n"
	"Move Kubernetes Ingress-NGINX manifests to Higress without losing behaviour\n"
	"or security: every annotation is checked against a complete rule table.\n"
	"\n"
	"commands:\n";

static const char main_usage_tail[] =
	"\n"
	"  --help               show this help (COMMAND --help for a command's options)\n"
	"  --version            show the version and the rule table's sources\n"
	"  --completions SHELL  write the completion script of bash, zsh or fish\n"
	"\n"
	"PATH is a file, a directory (searched for *.yaml, *.yml, *.json) or '-' for\n"
	"standard input, the default; files are read in path order, each once. Exit\n"
	"status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.\n"
	"See ingress2higress(1).\n";

static const char convert_usage[] =
	"usage: ingress2higress convert [OPTION...] [PATH...]\n"
	"\n"
	"Write the input with every Ingress-NGINX Ingress converted for Higress; every\n"
	"other object and every byte outside the edited lines is kept. The report goes\n"
	"to standard error unless --report is given.\n"
	"\n";

static const char lint_usage[] =
	"usage: ingress2higress lint [OPTION...] [PATH...]\n"
	"\n"
	"Analyse without converting; the report goes to standard output unless\n"
	"--report is given.\n"
	"\n";

static const char checks_usage[] =
	"usage: ingress2higress checks [OPTION...] [PATH...]\n"
	"\n"
	"Write a POSIX sh script (needs only curl) that sends the requests the\n"
	"Ingress-NGINX Ingresses imply (each host and path, TLS redirects, auth\n"
	"refusals, redirects, CORS preflights, canary headers and cookies, custom\n"
	"errors) to two gateways and compares the answers: 'sh checks.sh OLD NEW'\n"
	"with ADDR as IP[:HTTP_PORT[:HTTPS_PORT]]; 'sh checks.sh -h' for its options.\n"
	"The report goes to standard error unless --report is given.\n"
	"\n";

static const char rules_usage[] =
	"usage: ingress2higress rules [OPTION...] [NAME...]\n"
	"\n"
	"List the rule table, or explain the named entries (with or without the prefix).\n"
	"\n";

#define HELP_COLUMN 32

const char *command_name(enum command cmd)
{
	return cmd == CMD_CONVERT ? "convert" : cmd == CMD_LINT ? "lint" : cmd == CMD_CHECKS ? "checks" :
	       cmd == CMD_RULES ? "rules" : "";
}

/* Write a command's --help: its text, then its rows of the option table. */
static void usage_for(enum command cmd, FILE *f)
{
	const char *head = cmd == CMD_CONVERT ? convert_usage : cmd == CMD_LINT ? lint_usage :
			   cmd == CMD_CHECKS ? checks_usage : cmd == CMD_RULES ? rules_usage : NULL;

	if (head == NULL) {
		fputs(main_usage_head, f);
		for (int c = CMD_CONVERT; c <= CMD_RULES; c++)
			fprintf(f, "  %-9s %s\n", command_name((enum command)c), command_summary((enum command)c));
		fputs(main_usage_tail, f);
		return;
	}
	fputs(head, f);
	for (size_t i = 0; i < NROWS; i++) {
		const struct opt_row *r = &opt_table[i];
		int w;
		if (!(r->cmds & (1u << cmd)) || r->help == NULL)
			continue;
		if (r->val < 256)
			w = fprintf(f, "  -%c, --%s%s%s", r->val, r->name, r->arg ? " " : "", r->arg ? r->arg : "");
		else
			w = fprintf(f, "      --%s%s%s", r->name, r->arg ? " " : "", r->arg ? r->arg : "");
		fprintf(f, "%*s", w < HELP_COLUMN ? HELP_COLUMN - w : 1, "");
		for (const char *p = r->help; *p; p++) {
			fputc(*p, f);
			if (*p == '\n')
				fprintf(f, "%*s", HELP_COLUMN, "");
		}
		fputc('\n', f);
	}
}

int usage_error(enum command cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ingress2higress: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, "try 'ingress2higress %s%s--help'\n", command_name(cmd), cmd == CMD_NONE ? "" : " ");
	return EXIT_USAGE;
}

const struct opt_row *tool_opt_table(size_t *n)
{
	*n = NROWS;
	return opt_table;
}

/* What the argument of row r takes in command cmd (enum opt_values). */
static int values_of(const struct opt_row *r, enum command cmd)
{
	switch (r->val) {
	case OPT_TO:
		return OV_TARGET;
	case OPT_FAIL_ON:
		return OV_LEVEL;
	case OPT_MIN_SEVERITY:
		return OV_SEVERITY;
	case OPT_COLOR:
		return OV_COLOUR;
	case OPT_REPORT_FORMAT:
		return cmd == CMD_RULES ? OV_RULES_FORMAT : OV_REPORT_FORMAT;
	}
	return OV_AUTO;
}

bool opt_takes_file(const struct opt_row *r, enum command cmd)
{
	return r->has_arg != no_argument && values_of(r, cmd) == OV_AUTO && r->arg && strstr(r->arg, "FILE");
}

size_t opt_value_words(const struct opt_row *r, enum command cmd, const char **words, size_t max)
{
	size_t n = 0;

#define ADD(w) do { if (n + 1 < max) words[n++] = (w); } while (0)
	switch (values_of(r, cmd)) {
	case OV_TARGET:
		for (int t = 0; t < TARGET__COUNT; t++)
			ADD(target_name((enum target)t));
		break;
	case OV_LEVEL:
		for (int v = SEV__COUNT - 1; v >= 0; v--)
			ADD(severity_name((enum severity)v));
		ADD("never");
		break;
	case OV_REPORT_FORMAT:
		for (int f = 0; f < RF__COUNT; f++)
			if (report_format_name(f))
				ADD(report_format_name(f));
		break;
	case OV_RULES_FORMAT:
		ADD("text");
		ADD("json");
		break;
	case OV_SEVERITY:
		for (int v = SEV__COUNT - 1; v >= 0; v--)
			ADD(severity_name((enum severity)v));
		break;
	case OV_COLOUR:
		ADD("auto");
		ADD("always");
		ADD("never");
		break;
	}
#undef ADD
	if (max)
		words[n] = NULL;
	return n;
}

/* Write the version and the sources of the built-in rule table. */
static int print_version(void)
{
	const char *in = rules_builtin_data.sources[RSRC_INGRESS_NGINX];
	const char *hi = rules_builtin_data.sources[RSRC_HIGRESS];

	printf("ingress2higress %s\n", I2H_VERSION);
	printf("rule table: Ingress-NGINX %s; Higress %s\n", in ? in : "(unknown)", hi ? hi : "(unknown)");
	return EXIT_CLEAN;
}

/* The first row of an option value. Never NULL for a value of the table. */
static const struct opt_row *row_of(int val)
{
	for (size_t i = 0; i < NROWS; i++)
		if (opt_table[i].val == val)
			return &opt_table[i];
	return NULL;
}

/* The commands an option applies to (C_* bits, over all its rows). */
static unsigned commands_of(int val)
{
	unsigned m = 0;

	for (size_t i = 0; i < NROWS; i++)
		if (opt_table[i].val == val)
			m |= opt_table[i].cmds;
	return m;
}

/* Build the getopt_long array from the table, one entry per long name.
 * Allocates; the caller frees. */
static struct option *long_options(void)
{
	struct option *lo = xcalloc(NROWS + 1, sizeof(*lo));
	size_t n = 0;

	for (size_t i = 0; i < NROWS; i++) {
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(lo[j].name, opt_table[i].name) == 0;
		if (dup)
			continue;
		lo[n].name = opt_table[i].name;
		lo[n].has_arg = opt_table[i].has_arg;
		lo[n].flag = NULL;
		lo[n].val = opt_table[i].val;
		n++;
	}
	return lo;
}

#define FORMAT_LIST "text, json, sarif, github, junit, markdown or html"

/* --report [FORMAT=]FILE: FORMAT=FILE adds a report when the text before
 * the first '=' is a name of lowercase letters (an unknown one is an
 * error); else FILE is the --report-format report's. Returns -1 to go on,
 * or EXIT_USAGE. */
static int report_option(struct tool_opts *o, char *arg)
{
	const char *eq = strchr(arg, '=');

	o->report_given = true;
	/* a name of lowercase letters before '=' must be a format */
	if (eq && eq > arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz") == (size_t)(eq - arg)) {
		char *name = xstrndup(arg, (size_t)(eq - arg));
		int fmt = report_format_from_name(name);
		if (fmt < 0) {
			int rc = usage_error(o->cmd, "unknown report format '%s' in '--report %s' (%s)", name, arg,
					     FORMAT_LIST);
			free(name);
			return rc;
		}
		free(name);
		if (eq[1] == '\0')
			return usage_error(o->cmd, "--report %s= needs a file name ('-': standard output)",
					   report_format_name((enum report_format)fmt));
		grow_array((void **)&o->reports, &o->repcap, o->nreports + 1, sizeof(*o->reports));
		o->reports[o->nreports].format = fmt;
		o->reports[o->nreports++].path = eq + 1;
		return -1;
	}
	if (*arg == '\0')
		return usage_error(o->cmd, "%s", "--report needs a non-empty file name");
	o->report_path = arg;
	return -1;
}

/* Apply one option's value to o. Returns -1 to go on, or an exit status. */
static int apply_option(struct tool_opts *o, int opt, char *arg)
{
	switch (opt) {
	case 'h':
		usage_for(o->cmd, stdout);
		return EXIT_CLEAN;
	case OPT_VERSION:
		return print_version();
	case OPT_CLASS:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--ingress-class needs a non-empty name");
		grow_array((void **)&o->classes, &o->ccap, o->nclasses + 1, sizeof(*o->classes));
		o->classes[o->nclasses++] = arg;
		return -1;
	case OPT_CLASSLESS:
		o->aopt.include_classless = true;
		o->classless_given = true;
		return -1;
	case OPT_PREFIX: {
		size_t n = strlen(arg);
		while (n && arg[n - 1] == '/')
			arg[--n] = '\0';
		if (n == 0 || strchr(arg, '/'))
			return usage_error(o->cmd, "invalid annotation prefix '%s'", arg);
		o->aopt.prefix = arg;
		return -1;
	}
	case OPT_RULES:
		grow_array((void **)&o->rules_files, &o->rfcap, o->nrules_files + 1, sizeof(*o->rules_files));
		o->rules_files[o->nrules_files++] = arg;
		return -1;
	case OPT_REPORT:
		return report_option(o, arg);
	case OPT_REPORT_FORMAT:
		if (o->cmd == CMD_RULES) {
			if (strcmp(arg, "json") == 0)
				o->rules_json = 1;
			else if (strcmp(arg, "text") == 0)
				o->rules_json = 0;
			else
				return usage_error(o->cmd, "unknown format '%s' (text or json)", arg);
			return -1;
		}
		o->report_format = report_format_from_name(arg);
		if (o->report_format < 0)
			return usage_error(o->cmd, "unknown report format '%s' (%s)", arg, FORMAT_LIST);
		o->report_given = true;
		return -1;
	case OPT_MIN_SEVERITY:
		o->min_severity = severity_from_name(arg);
		if (o->min_severity < 0)
			return usage_error(o->cmd, "unknown level '%s' (critical, error, warning or info)", arg);
		return -1;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->colour = COLOUR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->colour = COLOUR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->colour = COLOUR_NEVER;
		else
			return usage_error(o->cmd, "unknown --color value '%s' (auto, always or never)", arg);
		return -1;
	case 'q':
		o->quiet = true;
		return -1;
	case OPT_FAIL_ON:
		o->fail_on_given = true;
		if (strcmp(arg, "never") == 0) {
			o->fail_on = SEV__COUNT;
			return -1;
		}
		o->fail_on = severity_from_name(arg);
		if (o->fail_on < 0)
			return usage_error(o->cmd, "unknown level '%s' (critical, error, warning, info or never)", arg);
		return -1;
	case OPT_TO: {
		int t = target_from_name(arg);
		if (t < 0)
			return usage_error(o->cmd, "unknown target '%s' (ingress or gateway)", arg);
		o->to = (enum target)t;
		o->to_given = true;
		return -1;
	}
	case OPT_TARGET_CLASS:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--target-class needs a non-empty name");
		o->aopt.target_class = arg;
		return -1;
	case OPT_KEEP_CLASS:
		o->aopt.keep_class = true;
		return -1;
	case OPT_KEEP_UNSUPPORTED:
		o->aopt.keep_unsupported = true;
		return -1;
	case OPT_GW_NS:
	case OPT_GW_CLASS:
		if (*arg == '\0')
			return usage_error(o->cmd, "--%s needs a non-empty name",
					   opt == OPT_GW_NS ? "gateway-namespace" : "gateway-class");
		if (opt == OPT_GW_NS)
			o->gopt.ns = arg;
		else
			o->gopt.gateway_class = arg;
		o->gateway_opts = true;
		return -1;
	case OPT_GW: {
		const char *slash = strchr(arg, '/');
		if (slash == NULL || slash == arg || slash[1] == '\0' || strchr(slash + 1, '/'))
			return usage_error(o->cmd, "--gateway wants NAMESPACE/NAME, not '%s'", arg);
		o->gopt.attach = arg;
		o->gateway_opts = true;
		return -1;
	}
	case OPT_GW_OUT:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--gateway-out needs a non-empty file name");
		o->gateway_out = arg;
		o->gateway_opts = true;
		return -1;
	case OPT_KEEP_INGRESSES:
		o->aopt.keep_ingresses = true;
		o->gateway_opts = true;
		return -1;
	case OPT_ALLOW_EXPERIMENTAL:
		o->gopt.allow_experimental = true;
		o->gateway_opts = true;
		return -1;
	case OPT_HIGRESS_NS:
	case OPT_PLUGIN_REGISTRY:
	case OPT_PLUGINS_OUT:
		if (*arg == '\0')
			return usage_error(o->cmd, "--%s needs a non-empty %s",
					   opt == OPT_HIGRESS_NS ? "higress-namespace" : opt == OPT_PLUGINS_OUT ? "plugins-out"
					   : "plugin-registry", opt == OPT_PLUGINS_OUT ? "file name" : "value");
		if (opt == OPT_HIGRESS_NS)
			o->popt.ns = arg;
		else if (opt == OPT_PLUGINS_OUT)
			o->plugins_out = arg;
		else
			o->popt.registry = arg;
		return -1;
	case OPT_NO_PLUGINS:
		o->no_plugins = true;
		return -1;
	case OPT_REDIS: {
		const char *colon = strrchr(arg, ':');
		char *end = NULL;
		long port = colon ? strtol(colon + 1, &end, 10) : 6379;
		if (*arg == '\0' || *arg == ':' || (colon && (colon[1] == '\0' || *end != '\0' || port < 1 || port > 65535)) ||
		    strchr(arg, '/'))
			return usage_error(o->cmd, "--redis-service wants FQDN[:PORT] (e.g. redis.cache.svc.cluster.local:6379), "
					   "not '%s'", arg);
		o->popt.redis = arg;
		return -1;
	}
	case OPT_INLINE_CREDENTIALS:
		o->popt.inline_credentials = true;
		return -1;
	case OPT_NGINX_CONFIGMAP:
		if (*arg == '\0' || strcmp(arg, "-") == 0)
			return usage_error(o->cmd, "%s", "--nginx-configmap needs a file name (not '-': it is read twice)");
		o->nginx_configmap = arg;
		return -1;
	case 'o':
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--output needs a non-empty file name");
		o->output = arg;
		return -1;
	case 'i':
		o->in_place = true;
		return -1;
	case OPT_CHECK:
		if (o->cmd == CMD_RULES)
			o->rules_check = true;
		else
			o->check = true;
		return -1;
	case OPT_DIFF:
		o->diff = true;
		return -1;
	case OPT_NO_COMMENTS:
		o->aopt.no_comments = true;
		return -1;
	case OPT_STDIN_FILENAME:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--stdin-filename needs a non-empty name");
		o->stdin_name = arg;
		return -1;
	case OPT_BASELINE:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--baseline needs a non-empty file name");
		o->baseline = arg;
		return -1;
	case OPT_SKIP:
	case OPT_ONLY:
		if (*arg == '\0')
			return usage_error(o->cmd, "--%s needs a rule id or annotation name", opt == OPT_SKIP ? "skip" : "only");
		if (opt == OPT_SKIP) {
			grow_array((void **)&o->skip, &o->skipcap, o->nskip + 1, sizeof(*o->skip));
			o->skip[o->nskip++] = arg;
		} else {
			grow_array((void **)&o->only, &o->onlycap, o->nonly + 1, sizeof(*o->only));
			o->only[o->nonly++] = arg;
		}
		return -1;
	case OPT_CONFIG:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--config needs a non-empty file name");
		o->config = arg;
		return -1;
	case OPT_NO_CONFIG:
		o->no_config = true;
		return -1;
	case OPT_CHECKS_LIMIT:
	case OPT_MAX_TIME: {
		char *end;
		unsigned long v = strtoul(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end != '\0' || v > 100000 || (opt == OPT_MAX_TIME && v == 0))
			return usage_error(o->cmd, "--%s wants a whole number%s, not '%s'",
					   opt == OPT_MAX_TIME ? "max-time" : "checks-limit",
					   opt == OPT_MAX_TIME ? " of seconds (1 to 100000)" : " (0 to 100000)", arg);
		if (opt == OPT_MAX_TIME)
			o->kopt.max_time = (unsigned)v;
		else
			o->kopt.limit = (size_t)v;
		return -1;
	}
	case OPT_EXCLUDE:
		if (*arg == '\0')
			return usage_error(o->cmd, "%s", "--exclude needs a non-empty glob");
		grow_array((void **)&o->exclude, &o->excap, o->nexclude + 1, sizeof(*o->exclude));
		o->exclude[o->nexclude++] = arg;
		return -1;
	}
	return -1;
}

/* The message for an option that does not apply to o->cmd, naming the
 * commands it does apply to. Returns EXIT_USAGE. */
static int not_for_command(const struct tool_opts *o, int opt)
{
	static const enum command order[] = { CMD_CONVERT, CMD_LINT, CMD_CHECKS, CMD_RULES };
	unsigned m = commands_of(opt);
	const char *names[4];
	size_t n = 0;

	for (size_t i = 0; i < 4; i++)
		if (m & (1u << order[i]))
			names[n++] = command_name(order[i]);
	if (n == 4)
		return usage_error(o->cmd, "option '--%s' does not apply to '%s'", row_of(opt)->name,
				   command_name(o->cmd));
	if (n == 3)
		return usage_error(o->cmd, "option '--%s' does not apply to '%s'; it is an option of '%s', '%s' and '%s'",
				   row_of(opt)->name, command_name(o->cmd), names[0], names[1], names[2]);
	if (n == 2)
		return usage_error(o->cmd, "option '--%s' does not apply to '%s'; it is an option of '%s' and '%s'",
				   row_of(opt)->name, command_name(o->cmd), names[0], names[1]);
	return usage_error(o->cmd, "option '--%s' does not apply to '%s'; it is an option of '%s'", row_of(opt)->name,
			   command_name(o->cmd), n ? names[0] : "");
}

/* The row whose long name is nearest to the option word arg ("--name"
 * or "--name=value"), within two edits, or NULL. */
static const struct opt_row *nearest_option(const char *arg)
{
	const struct opt_row *best = NULL;
	size_t bestd = 3, len;
	char *name;

	arg += strspn(arg, "-");
	len = strcspn(arg, "=");
	name = xstrndup(arg, len);
	for (size_t i = 0; i < NROWS; i++) {
		size_t d = edit_distance(name, opt_table[i].name, bestd - 1);
		if (d < bestd) {
			bestd = d;
			best = &opt_table[i];
		}
	}
	free(name);
	return best;
}

/* An unknown option word of command cmd: with the nearest option (and
 * the command it belongs to, when that is another). Returns EXIT_USAGE. */
static int unknown_option(enum command cmd, const char *arg)
{
	const struct opt_row *near = strncmp(arg, "--", 2) == 0 ? nearest_option(arg) : NULL;
	unsigned m;

	if (near == NULL)
		return usage_error(cmd, "unknown option '%s'", arg);
	m = commands_of(near->val);
	if (m & (1u << cmd))
		return usage_error(cmd, "unknown option '%s'; did you mean '--%s'", arg, near->name);
	return usage_error(cmd, "unknown option '%s'; did you mean '--%s' (an option of '%s')", arg, near->name,
			   m & C_CONVERT ? "convert" : m & C_LINT ? "lint" : "rules");
}

/* The first word is not a command: an option given before the command,
 * a misspelt command, or neither. Returns EXIT_USAGE. */
static int not_a_command(const char *word)
{
	size_t len = strcspn(word + strspn(word, "-"), "=");

	if (word[0] == '-') {
		for (size_t i = 0; i < NROWS; i++)
			if (strlen(opt_table[i].name) == len && strncmp(word + strspn(word, "-"), opt_table[i].name, len) == 0)
				return usage_error(CMD_NONE, "option '%s' goes after the command: 'ingress2higress %s %s ...'",
						   word, command_name(opt_table[i].cmds & C_LINT ? CMD_LINT :
								      opt_table[i].cmds & C_CONVERT ? CMD_CONVERT : CMD_RULES),
						   word);
		return usage_error(CMD_NONE, "unknown option '%s' (options go after the command)", word);
	}
	for (int c = 0; command_names[c]; c++)
		if (edit_distance(word, command_names[c], 2) <= 2)
			return usage_error(CMD_NONE, "unknown command '%s'; did you mean '%s'", word, command_names[c]);
	return usage_error(CMD_NONE, "unknown command '%s'", word);
}

int tool_opts_parse(struct tool_opts *o, int argc, char **argv, int *first_arg)
{
	struct option *lo;
	int opt, rc = -1;

	memset(o, 0, sizeof(*o));
	o->report_format = RF_TEXT;
	o->fail_on = SEV_ERROR;
	o->to = TARGET_INGRESS;
	o->aopt.prefix = "nginx.ingress.kubernetes.io";
	o->aopt.target_class = "higress";
	o->gopt.ns = "higress-system";
	o->popt.ns = PLUGINS_DEFAULT_NS;
	o->popt.registry = PLUGINS_DEFAULT_REGISTRY;
	o->gopt.gateway_class = "higress";
	o->kopt.limit = 50;
	o->kopt.max_time = 10;

	if (argc < 2)
		return usage_error(CMD_NONE, "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_for(CMD_NONE, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0)
		return print_version();
	if (strcmp(argv[1], "convert") == 0)
		o->cmd = CMD_CONVERT;
	else if (strcmp(argv[1], "lint") == 0)
		o->cmd = CMD_LINT;
	else if (strcmp(argv[1], "checks") == 0) {
		o->cmd = CMD_CHECKS;
		o->fail_on = SEV__COUNT;	/* the script is the product: findings only inform */
	}
	else if (strcmp(argv[1], "rules") == 0)
		o->cmd = CMD_RULES;
	else
		return not_a_command(argv[1]);

	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	lo = long_options();
	while (rc < 0 && (opt = getopt_long(argc, argv, ":o:ihq", lo, NULL)) != -1) {
		if (opt == '?') {
			if (optopt)
				rc = usage_error(o->cmd, "unknown option '-%c'", optopt);
			else
				rc = unknown_option(o->cmd, argv[optind - 1]);
		} else if (opt == ':') {
			rc = usage_error(o->cmd, "option '%s' needs a value", argv[optind - 1]);
		} else if (!(commands_of(opt) & (1u << o->cmd))) {
			rc = not_for_command(o, opt);
		} else {
			rc = apply_option(o, opt, optarg);
		}
	}
	free(lo);
	if (rc >= 0)
		return rc;
	if (o->output && o->in_place)
		return usage_error(o->cmd, "%s", "--output and --in-place exclude each other");
	if (o->output && (o->diff || o->check))
		return usage_error(o->cmd, "%s", "--diff and --check write no file: not with --output");
	if (o->config && o->no_config)
		return usage_error(o->cmd, "%s", "--config and --no-config exclude each other");
	o->aopt.target = o->to;
	*first_arg = optind + 1;
	return -1;
}

void tool_opts_free(struct tool_opts *o)
{
	free(o->classes);
	free(o->rules_files);
	free(o->reports);
	o->reports = NULL;
	free(o->skip);
	free(o->only);
	free(o->exclude);
	o->classes = NULL;
	o->rules_files = NULL;
	o->skip = o->only = o->exclude = NULL;
}

int tool_opts_apply(struct tool_opts *o, const char *name, char *arg)
{
	for (size_t i = 0; i < NROWS; i++)
		if (strcmp(opt_table[i].name, name) == 0 && opt_table[i].cmds & (1u << o->cmd))
			return apply_option(o, opt_table[i].val, arg);
	return usage_error(o->cmd, "internal error: no option '--%s'", name);
}
