/* cli.c - the command line: options, commands, input walking, output. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "emit_gateway.h"
#include "finding.h"
#include "input.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "stream.h"
#include "util.h"
#include "version.h"

enum command { CMD_NONE, CMD_CONVERT, CMD_LINT, CMD_RULES };

struct cli {
	enum command cmd;
	char **rules_files;
	size_t nrules_files;
	size_t rfcap;
	const char *report_path;
	int report_format;
	int fail_on;			/* severity, or SEV__COUNT for never */
	const char *output;
	bool in_place;
	const char *to;
	const char **classes;
	size_t nclasses;
	size_t ccap;
	struct analyze_options aopt;
	struct gateway_options gopt;
	bool gateway_opts;		/* a --gateway-* option was given */
	int rules_json;
	bool rules_check;
};

static const char main_usage[] =
	"usage: ingress2higress COMMAND [OPTION...] [PATH...]\n"
	"\n"
	"Move Kubernetes Ingress-NGINX manifests to Higress without losing behaviour\n"
	"or security: every annotation is checked against a complete rule table.\n"
	"\n"
	"commands:\n"
	"  convert   write Higress-compatible manifests and a compatibility report\n"
	"  lint      report only: one finding per annotation, exit status for CI\n"
	"  rules     list or explain the rule table\n"
	"\n"
	"  --help       show this help (COMMAND --help for a command's options)\n"
	"  --version    show the version\n"
	"\n"
	"PATH is a file, a directory (searched for *.yaml, *.yml, *.json) or '-' for\n"
	"standard input, the default; files are read in path order, each once. Exit\n"
	"status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.\n"
	"See ingress2higress(1).\n";

static const char common_opts[] =
	"      --ingress-class NAME      an Ingress-NGINX class (repeatable; default: nginx)\n"
	"      --include-classless       treat Ingresses without a class as Ingress-NGINX's\n"
	"      --annotation-prefix P     annotation prefix (default: nginx.ingress.kubernetes.io)\n"
	"      --rules FILE              add or override rule-table entries (repeatable)\n"
	"      --report FILE             write the report to FILE ('-': standard output)\n"
	"      --report-format FORMAT    text (default) or json\n"
	"      --fail-on LEVEL           critical, error (default), warning, info or never\n"
	"  -h, --help                    show this help\n";

static const char convert_usage[] =
	"usage: ingress2higress convert [OPTION...] [PATH...]\n"
	"\n"
	"Write the input with every Ingress-NGINX Ingress converted for Higress; every\n"
	"other object and every byte outside the edited lines is kept. The report goes\n"
	"to standard error unless --report is given.\n"
	"\n"
	"      --to TARGET               output target: ingress (default) or gateway\n"
	"      --gateway-namespace NS    --to gateway: namespace of the Gateways (default: higress-system)\n"
	"      --gateway-class NAME      --to gateway: their gatewayClassName (default: higress)\n"
	"      --gateway NS/NAME         --to gateway: attach routes to this Gateway, emit none\n"
	"      --keep-ingresses          --to gateway: keep the converted Ingresses in the output\n"
	"      --allow-experimental      --to gateway: allow experimental-channel forms\n"
	"      --target-class NAME       class for converted Ingresses (default: higress)\n"
	"      --keep-class              keep the class (Higress watching the nginx class)\n"
	"      --keep-unsupported        keep unsupported annotations instead of commenting\n"
	"                                them out\n"
	"  -o, --output FILE             write to FILE instead of stdout ('-': stdout); a\n"
	"                                regular file is replaced atomically, a FIFO or\n"
	"                                device written to, links followed\n"
	"  -i, --in-place                rewrite each input file atomically (owner, group\n"
	"                                and mode kept; files with hard links refused)\n";

static const char lint_usage[] =
	"usage: ingress2higress lint [OPTION...] [PATH...]\n"
	"\n"
	"Analyse without converting; the report goes to standard output unless\n"
	"--report is given.\n"
	"\n"
	"      --to TARGET               judge for this target: ingress (default) or gateway\n";

static const char rules_usage[] =
	"usage: ingress2higress rules [OPTION...] [NAME...]\n"
	"\n"
	"List the rule table, or explain the named entries (with or without the prefix).\n"
	"\n"
	"      --format FORMAT           text (default) or json\n"
	"      --rules FILE              add or override entries (repeatable)\n"
	"      --check                   validate the table; exit 1 on any problem\n"
	"      --annotation-prefix P     prefix stripped from NAME\n"
	"  -h, --help                    show this help\n";

static void usage_for(enum command cmd, FILE *f)
{
	switch (cmd) {
	case CMD_CONVERT:
		fputs(convert_usage, f);
		fputs(common_opts, f);
		break;
	case CMD_LINT:
		fputs(lint_usage, f);
		fputs(common_opts, f);
		break;
	case CMD_RULES:
		fputs(rules_usage, f);
		break;
	default:
		fputs(main_usage, f);
	}
}

static int usage_error(enum command cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(enum command cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ingress2higress: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, "try 'ingress2higress %s--help'\n",
		cmd == CMD_CONVERT ? "convert " : cmd == CMD_LINT ? "lint " : cmd == CMD_RULES ? "rules " : "");
	return EXIT_USAGE;
}

enum {
	OPT_CLASS = 256, OPT_CLASSLESS, OPT_PREFIX, OPT_RULES, OPT_REPORT, OPT_REPORT_FORMAT,
	OPT_FAIL_ON, OPT_TO, OPT_TARGET_CLASS, OPT_KEEP_CLASS, OPT_KEEP_UNSUPPORTED, OPT_FORMAT,
	OPT_GW_NS, OPT_GW_CLASS, OPT_GW, OPT_KEEP_INGRESSES, OPT_ALLOW_EXPERIMENTAL,
	OPT_CHECK, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "ingress-class", required_argument, NULL, OPT_CLASS },
	{ "include-classless", no_argument, NULL, OPT_CLASSLESS },
	{ "annotation-prefix", required_argument, NULL, OPT_PREFIX },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "report-format", required_argument, NULL, OPT_REPORT_FORMAT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "to", required_argument, NULL, OPT_TO },
	{ "target-class", required_argument, NULL, OPT_TARGET_CLASS },
	{ "keep-class", no_argument, NULL, OPT_KEEP_CLASS },
	{ "keep-unsupported", no_argument, NULL, OPT_KEEP_UNSUPPORTED },
	{ "gateway-namespace", required_argument, NULL, OPT_GW_NS },
	{ "gateway-class", required_argument, NULL, OPT_GW_CLASS },
	{ "gateway", required_argument, NULL, OPT_GW },
	{ "keep-ingresses", no_argument, NULL, OPT_KEEP_INGRESSES },
	{ "allow-experimental", no_argument, NULL, OPT_ALLOW_EXPERIMENTAL },
	{ "output", required_argument, NULL, 'o' },
	{ "in-place", no_argument, NULL, 'i' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* The name of an option as the user may have typed it, for messages. */
static const char *option_name(int opt)
{
	for (const struct option *o = long_opts; o->name; o++)
		if (o->val == opt)
			return o->name;
	return "?";
}

/* Options valid for each command (by long name; short ones map below). */
static bool option_allowed(enum command cmd, int opt)
{
	switch (opt) {
	case 'h':
	case OPT_VERSION:
	case OPT_RULES:
	case OPT_PREFIX:
		return true;
	case OPT_FORMAT:
	case OPT_CHECK:
		return cmd == CMD_RULES;
	case OPT_TO:
		return cmd == CMD_CONVERT || cmd == CMD_LINT;
	case OPT_TARGET_CLASS:
	case OPT_KEEP_CLASS:
	case OPT_KEEP_UNSUPPORTED:
	case OPT_GW_NS:
	case OPT_GW_CLASS:
	case OPT_GW:
	case OPT_KEEP_INGRESSES:
	case OPT_ALLOW_EXPERIMENTAL:
	case 'o':
	case 'i':
		return cmd == CMD_CONVERT;
	default:
		return cmd == CMD_CONVERT || cmd == CMD_LINT;
	}
}

static bool want_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

static struct ruleset *load_rules(const struct cli *c)
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

static void rule_json(struct buf *b, const struct rule *r)
{
	const struct target_rule *t = &r->targets[TARGET_INGRESS];

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
	buf_adds(b, "\"higress\":{");
	buf_add_json_kv(b, "status", t->status >= 0 ? status_name(t->status) : NULL, true);
	buf_add_json_kv(b, "severity", t->severity >= 0 ? severity_name(t->severity) : NULL, true);
	buf_add_json_kv(b, "message", t->message, true);
	buf_add_json_kv(b, "becomes", t->becomes, true);
	buf_add_json_kv(b, "fix", t->fix, true);
	buf_add_json_kv(b, "convert", t->convert, false);
	buf_adds(b, "},");
	buf_add_json_kv(b, "doc", r->doc, false);
	buf_addc(b, '}');
}

static void rule_text(struct buf *b, const struct rule *r, const char *prefix)
{
	const struct target_rule *t = &r->targets[TARGET_INGRESS];

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
	buf_printf(b, "  higress:    %s, %s\n", t->status >= 0 ? status_name(t->status) : "?",
		   t->severity >= 0 ? severity_name(t->severity) : "?");
	buf_printf(b, "  message:    %s\n", t->message ? t->message : "");
	if (t->becomes)
		buf_printf(b, "  becomes:    %s\n", t->becomes);
	if (t->fix)
		buf_printf(b, "  fix:        %s\n", t->fix);
	if (t->convert)
		buf_printf(b, "  converter:  %s\n", t->convert);
	if (r->doc)
		buf_printf(b, "  doc:        %s\n", r->doc);
}

static int cmd_rules(struct cli *c, int argc, char **argv)
{
	struct ruleset *rs = load_rules(c);
	struct buf b = {0};
	int rc = EXIT_CLEAN;
	size_t plen = strlen(c->aopt.prefix);

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
				buf_printf(&b, "%-42s %-8s %-12s %-8s %s\n", r->name, rule_state_name(r->state),
					   r->targets[TARGET_INGRESS].status >= 0 ? status_name(r->targets[TARGET_INGRESS].status) : "?",
					   r->targets[TARGET_INGRESS].severity >= 0 ? severity_name(r->targets[TARGET_INGRESS].severity) : "?",
					   r->targets[TARGET_INGRESS].message ? r->targets[TARGET_INGRESS].message : "");
			}
		}
	}
	for (int i = 0, shown = 0; i < argc; i++) {
		const char *name = argv[i];
		const struct rule *r;
		if (strncmp(name, c->aopt.prefix, plen) == 0 && name[plen] == '/')
			name += plen + 1;
		r = ruleset_find(rs, name);
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
			rule_text(&b, r, c->aopt.prefix);
		}
		shown++;
	}
	if (c->rules_json)
		buf_adds(&b, "\n]}\n");
	fwrite(buf_cstr(&b), 1, b.len, stdout);
	buf_free(&b);
	ruleset_free(rs);
	return rc;
}

/* convert / lint --------------------------------------------------------- */

/* Open input i (standard input is spooled once and shared). NULL after
 * an error message. */
static FILE *open_input(const char *path, FILE **spooled)
{
	if (strcmp(path, "-") != 0)
		return input_open(path, stderr);
	if (*spooled == NULL)
		*spooled = input_open(path, stderr);
	else
		rewind(*spooled);
	return *spooled;
}

static void close_input(FILE *f, FILE *spooled)
{
	if (f && f != spooled)
		fclose(f);
}

/* First pass: IngressClass objects anywhere in the input (only inputs that
 * mention the kind are read twice) decide which Ingresses are
 * Ingress-NGINX's, wherever those stand. Parse errors are left to the main
 * pass. Marks inputs that cannot be opened in bad[]. */
static void prescan_classes(const struct input_list *inputs, struct analyzer *an, FILE **spooled, bool *bad)
{
	FILE *devnull = fopen("/dev/null", "w");

	for (size_t i = 0; i < inputs->n; i++) {
		FILE *f = open_input(inputs->paths[i], spooled);
		if (f == NULL) {
			bad[i] = true;
			continue;
		}
		if (devnull && input_mentions(f, "IngressClass") == 1)
			(void)stream_run(input_name(inputs->paths[i]), f, NULL, devnull, analyze_prescan, an, NULL);
		close_input(f, *spooled);
	}
	if (devnull)
		fclose(devnull);
}

/* One convert or lint run: its inputs, analysis and outputs. */
struct run {
	struct cli *c;
	struct input_list inputs;
	struct findings fs;
	struct ruleset *rs;
	struct analyzer *an;
	bool convert;
	FILE *out;		/* the converted stream (not with --in-place) */
	struct outfile single;	/* ... its file: -o FILE, or '-' for stdout */
	struct outfile *outs;	/* --in-place: one per input */
	struct outfile report;	/* --report FILE (not '-') */
	FILE *spooled;		/* standard input, copied to be read twice */
	bool *bad;		/* inputs that could not be opened */
	struct gateway *gw;	/* --to gateway: the emitter, or NULL */
};

/* Does the converted document go to standard output? */
static bool doc_on_stdout(const struct cli *c)
{
	return !c->in_place && (c->output == NULL || strcmp(c->output, "-") == 0);
}

/* An output the run writes and how to name it in messages. */
struct out_desc {
	struct file_id id;
	char *what;		/* owned: "--report 'x'", "standard output" */
	bool by_path;		/* named on the command line (not a stream) */
};

/* Append an output: by path (path) or by descriptor (fd). Takes what
 * (freed with the list by check_collisions). */
static void out_desc_add(struct out_desc **d, size_t *n, size_t *cap, bool by_path, const char *path, int fd,
			 char *what)
{
	grow_array((void **)d, cap, *n + 1, sizeof(**d));
	if (by_path)
		file_id_path(&(*d)[*n].id, path);
	else
		file_id_fd(&(*d)[*n].id, fd);
	(*d)[*n].what = what;
	(*d)[*n].by_path = by_path;
	(*n)++;
}

/* Refuse outputs that would overwrite an input (or a --rules file) or
 * each other, before anything is read or written: files are compared by
 * device and inode, names of files yet to be made by their resolved
 * directory. Standard output and error count where they carry the
 * document or the report, against the inputs only (sending both to one
 * log file is the user's choice). Returns 0 or EXIT_USAGE. */
static int check_collisions(struct run *r)
{
	struct cli *c = r->c;
	struct out_desc *outs = NULL;
	size_t nouts = 0, cap = 0;
	const char *report = c->report_path;
	int rc = 0;

	if (r->convert && report && strcmp(report, "-") == 0 && doc_on_stdout(c))
		return usage_error(c->cmd, "%s", "--report '-' and the converted output both go to standard output");
	if (r->convert && !doc_on_stdout(c) && c->output)
		out_desc_add(&outs, &nouts, &cap, true, c->output, -1, xasprintf("--output '%s'", c->output));
	else if (r->convert && doc_on_stdout(c))
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO,
			     xstrdup("standard output (the converted output)"));
	if (report && strcmp(report, "-") != 0)
		out_desc_add(&outs, &nouts, &cap, true, report, -1, xasprintf("--report '%s'", report));
	else if (report || !r->convert)
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO, xstrdup("standard output (the report)"));
	else
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDERR_FILENO, xstrdup("standard error (the report)"));

	for (size_t i = 0; i < nouts && rc == 0; i++) {
		for (size_t j = 0; j < r->inputs.n && rc == 0; j++) {
			const struct input_id *in = &r->inputs.ids[j];
			struct file_id id = { .exists = in->known, .dev = in->dev, .ino = in->ino, .mode = in->mode };
			if (file_id_same(&outs[i].id, &id))
				rc = usage_error(c->cmd, "%s is the input '%s'", outs[i].what,
						 input_name(r->inputs.paths[j]));
		}
		for (size_t j = 0; j < c->nrules_files && rc == 0; j++) {
			struct file_id id;
			file_id_path(&id, c->rules_files[j]);
			if (file_id_same(&outs[i].id, &id))
				rc = usage_error(c->cmd, "%s is the --rules file '%s'", outs[i].what, c->rules_files[j]);
			file_id_free(&id);
		}
		for (size_t j = 0; j < i && rc == 0; j++)
			if (outs[i].by_path && outs[j].by_path && file_id_same(&outs[i].id, &outs[j].id))
				rc = usage_error(c->cmd, "%s and %s are the same file", outs[j].what, outs[i].what);
	}
	for (size_t i = 0; i < nouts; i++) {
		file_id_free(&outs[i].id);
		free(outs[i].what);
	}
	free(outs);
	return rc;
}

/* Open where the report and the converted stream go, so that an output
 * that cannot be made fails before any input is read. Returns 0 or
 * EXIT_USAGE. */
static int open_output(struct run *r)
{
	struct cli *c = r->c;

	if (c->report_path && strcmp(c->report_path, "-") != 0 &&
	    outfile_open(&r->report, c->report_path, 0, stderr) < 0)
		return EXIT_USAGE;
	if (!r->convert)
		return 0;
	if (c->in_place) {
		r->outs = xcalloc(r->inputs.n ? r->inputs.n : 1, sizeof(*r->outs));
		return 0;
	}
	/* a file named with -o is checked by parsing it again before it
	 * replaces anything; standard output only waits for success */
	if (outfile_open(&r->single, doc_on_stdout(c) ? "-" : c->output, doc_on_stdout(c) ? 0 : OUTFILE_VERIFY,
			 stderr) < 0)
		return EXIT_USAGE;
	r->out = r->single.fp;
	return 0;
}

/* Run every input through the analysis (and the converted stream).
 * Returns false when an input failed. */
static bool run_inputs(struct run *r)
{
	struct stream_stats ss = {0};
	size_t total_out = 0;
	bool ok = true;

	r->bad = xcalloc(r->inputs.n ? r->inputs.n : 1, sizeof(*r->bad));
	prescan_classes(&r->inputs, r->an, &r->spooled, r->bad);
	for (size_t i = 0; i < r->inputs.n; i++) {
		const char *path = r->inputs.paths[i];
		FILE *o = r->out, *in;

		if (r->outs) {
			if (outfile_open(&r->outs[i], path, OUTFILE_VERIFY | OUTFILE_REGULAR, stderr) < 0) {
				ok = false;
				continue;
			}
			o = r->outs[i].fp;
		} else if (o && total_out > 0) {
			fputs("---\n", o);	/* keep the documents of consecutive files apart */
		}
		in = r->bad[i] ? NULL : open_input(path, &r->spooled);
		if (in == NULL || stream_run_flags(input_name(path), in, o, stderr, total_out ? STREAM_OUT_CONTINUES : 0,
						   analyze_object, r->an, &ss) < 0)
			ok = false;
		else if (r->outs && ss.edits == 0)
			outfile_abort(&r->outs[i]);	/* unchanged: leave the file (and its mtime) alone */
		close_input(in, r->spooled);
		if (o && !r->outs && ss.written > 0) {
			total_out += ss.written;
			if (ss.last_char != '\n')
				fputc('\n', o);
		}
	}
	if (ok && r->gw) {
		struct buf b = {0};
		gateway_finish(r->gw, &b);
		if (r->out && b.len && fwrite(b.data, 1, b.len, r->out) != b.len)
			ok = false;
		buf_free(&b);
	}
	return ok;
}

/* A test hook, in debug builds only (allocates nothing): spoil the converted text before it
 * is committed, to show that the self-check keeps the originals. */
static void test_corrupt(struct run *r)
{
#ifndef NDEBUG
	const char *e = getenv("I2H_TEST_CORRUPT_OUTPUT");

	if (e == NULL || strcmp(e, "1") != 0)
		return;
	for (size_t i = 0; r->outs && i < r->inputs.n; i++)
		if (outfile_is_open(&r->outs[i]))
			fputs("\n\"unterminated\n", r->outs[i].fp);
	if (outfile_is_open(&r->single) && (r->single.flags & OUTFILE_VERIFY))
		fputs("\n\"unterminated\n", r->single.fp);
#else
	(void)r;
#endif
}

/* All inputs went through: make every output final first, then replace
 * the files (or copy the stream to stdout), so that one failure replaces
 * nothing. Returns 0 or EXIT_USAGE. */
static int commit_output(struct run *r)
{
	int rc = 0;

	test_corrupt(r);
	for (size_t i = 0; r->outs && i < r->inputs.n && rc == 0; i++)
		if (outfile_is_open(&r->outs[i]) && outfile_prepare(&r->outs[i], stderr) < 0)
			rc = EXIT_USAGE;
	if (rc == 0 && outfile_is_open(&r->single) && outfile_prepare(&r->single, stderr) < 0)
		rc = EXIT_USAGE;
	if (rc != 0)
		return rc;	/* run_free() removes the temporary files */
	for (size_t i = 0; r->outs && i < r->inputs.n; i++)
		if (outfile_is_open(&r->outs[i]) && outfile_commit(&r->outs[i], stderr) < 0)
			rc = EXIT_USAGE;
	if (outfile_is_open(&r->single) && outfile_commit(&r->single, stderr) < 0)
		rc = EXIT_USAGE;
	r->out = NULL;
	return rc;
}

/* Write the report: to the --report file ('-' is standard output), made
 * final but not yet committed (see commit_report), or to the command's
 * stream. Returns 0 or EXIT_USAGE. */
static int write_report(struct run *r)
{
	const struct analyze_stats *as = analyzer_stats(r->an);
	struct report_summary sum = {
		.target = r->c->to ? r->c->to : "ingress",
		.files = r->inputs.n,
		.objects = as->objects,
		.ingresses = as->ingresses,
		.annotations = as->annotations,
	};
	bool to_file = outfile_is_open(&r->report);
	FILE *report = to_file ? r->report.fp : r->convert && r->c->report_path == NULL ? stderr : stdout;

	if (report_write(report, r->c->report_format, &r->fs, &sum,
			 r->c->report_format == RF_TEXT && !to_file && want_colour(report)) < 0) {
		fprintf(stderr, "%s: error: cannot write the report\n", to_file ? r->report.name : "ingress2higress");
		return EXIT_USAGE;
	}
	if (to_file)
		return outfile_prepare(&r->report, stderr) < 0 ? EXIT_USAGE : 0;
	if (fflush(report) != 0) {
		fprintf(stderr, "ingress2higress: error: cannot write the report: %s\n", errstr(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* Put a report file in place. Returns 0 or EXIT_USAGE. */
static int commit_report(struct run *r)
{
	if (!outfile_is_open(&r->report) || !r->report.prepared)
		return 0;
	return outfile_commit(&r->report, stderr) < 0 ? EXIT_USAGE : 0;
}

static void run_free(struct run *r)
{
	gateway_free(r->gw);
	if (r->outs) {
		for (size_t i = 0; i < r->inputs.n; i++)
			outfile_abort(&r->outs[i]);
		free(r->outs);
	}
	outfile_abort(&r->single);
	outfile_abort(&r->report);
	if (r->spooled)
		fclose(r->spooled);
	free(r->bad);
	analyzer_free(r->an);
	ruleset_free(r->rs);
	findings_free(&r->fs);
	input_free(&r->inputs);
}

static int cmd_analyse(struct cli *c, int argc, char **argv)
{
	static const char *const default_classes[] = { "nginx" };
	struct run r;
	bool failed = false, ok;
	int rc, max, report_rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.convert = c->cmd == CMD_CONVERT;
	if (argc == 0 && input_add(&r.inputs, "-", stderr) < 0)
		failed = true;
	for (int i = 0; i < argc; i++)
		if (input_add(&r.inputs, argv[i], stderr) < 0)
			failed = true;
	if (failed) {
		rc = EXIT_USAGE;
		goto out;
	}
	input_finish(&r.inputs, stderr);
	for (size_t i = 0; c->in_place && i < r.inputs.n; i++) {
		if (strcmp(r.inputs.paths[i], "-") == 0) {
			rc = usage_error(c->cmd, "%s", "--in-place needs files, not standard input");
			goto out;
		}
	}
	if ((rc = check_collisions(&r)) != 0)
		goto out;
	r.rs = load_rules(c);
	if (r.rs == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	c->aopt.classes = c->nclasses ? c->classes : default_classes;
	c->aopt.nclasses = c->nclasses ? c->nclasses : 1;
	c->aopt.convert = r.convert;
	if (c->gateway_opts && (c->to == NULL || strcmp(c->to, "gateway") != 0)) {
		rc = usage_error(c->cmd, "%s", "the --gateway*, --keep-ingresses and --allow-experimental options need --to gateway");
		goto out;
	}
	if (r.convert && c->to && strcmp(c->to, "gateway") == 0) {
		if (c->in_place) {
			rc = usage_error(c->cmd, "%s", "--to gateway does not write in place yet: use -o FILE");
			goto out;
		}
		r.gw = gateway_new(&c->gopt, &r.fs);
		c->aopt.gateway = r.gw;
	}
	r.an = analyzer_new(&c->aopt, r.rs, &r.fs);
	if ((rc = open_output(&r)) != 0)
		goto out;
	/* the report is written even after an input error; a report file
	 * that cannot be made final replaces no converted file either */
	ok = run_inputs(&r);
	report_rc = write_report(&r);
	if (!ok || report_rc != 0)
		rc = EXIT_USAGE;
	else
		rc = commit_output(&r);
	if (commit_report(&r) != 0)
		rc = EXIT_USAGE;
	max = report_max_severity(&r.fs);
	if (rc == EXIT_CLEAN && max >= 0 && c->fail_on < SEV__COUNT && max >= c->fail_on)
		rc = EXIT_FINDINGS;
out:
	run_free(&r);
	return rc;
}

int cli_main(int argc, char **argv)
{
	struct cli c;
	int opt, rc;

	/* past a file size limit, write() must fail with EFBIG (an error we
	 * report, the original untouched), not kill the process */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "ingress2higress: warning: cannot ignore SIGXFSZ: %s\n", errstr(errno));
	memset(&c, 0, sizeof(c));
	c.report_format = RF_TEXT;
	c.fail_on = SEV_ERROR;
	c.aopt.prefix = "nginx.ingress.kubernetes.io";
	c.aopt.target_class = "higress";
	c.gopt.ns = "higress-system";
	c.gopt.gateway_class = "higress";

	if (argc < 2)
		return usage_error(CMD_NONE, "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_for(CMD_NONE, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ingress2higress %s\n", I2H_VERSION);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "convert") == 0)
		c.cmd = CMD_CONVERT;
	else if (strcmp(argv[1], "lint") == 0)
		c.cmd = CMD_LINT;
	else if (strcmp(argv[1], "rules") == 0)
		c.cmd = CMD_RULES;
	else
		return usage_error(CMD_NONE, "unknown command '%s'", argv[1]);

	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	rc = -1;
	while ((opt = getopt_long(argc, argv, ":o:ih", long_opts, NULL)) != -1) {
		if (opt == '?') {
			if (optopt)
				rc = usage_error(c.cmd, "unknown option '-%c'", optopt);
			else
				rc = usage_error(c.cmd, "unknown option '%s'", argv[optind - 1]);
			goto done;
		}
		if (opt == ':') {
			rc = usage_error(c.cmd, "option '%s' needs a value", argv[optind - 1]);
			goto done;
		}
		if (!option_allowed(c.cmd, opt)) {
			rc = usage_error(c.cmd, "option '--%s' does not apply to this command", option_name(opt));
			goto done;
		}
		switch (opt) {
		case 'h':
			usage_for(c.cmd, stdout);
			rc = EXIT_CLEAN;
			goto done;
		case OPT_VERSION:
			printf("ingress2higress %s\n", I2H_VERSION);
			rc = EXIT_CLEAN;
			goto done;
		case OPT_CLASS:
			if (*optarg == '\0') {
				rc = usage_error(c.cmd, "%s", "--ingress-class needs a non-empty name");
				goto done;
			}
			grow_array((void **)&c.classes, &c.ccap, c.nclasses + 1, sizeof(*c.classes));
			c.classes[c.nclasses++] = optarg;
			break;
		case OPT_CLASSLESS:
			c.aopt.include_classless = true;
			break;
		case OPT_PREFIX: {
			size_t n = strlen(optarg);
			while (n && optarg[n - 1] == '/')
				optarg[--n] = '\0';
			if (n == 0 || strchr(optarg, '/')) {
				rc = usage_error(c.cmd, "invalid annotation prefix '%s'", optarg);
				goto done;
			}
			c.aopt.prefix = optarg;
			break;
		}
		case OPT_RULES:
			grow_array((void **)&c.rules_files, &c.rfcap, c.nrules_files + 1, sizeof(*c.rules_files));
			c.rules_files[c.nrules_files++] = optarg;
			break;
		case OPT_REPORT:
			if (*optarg == '\0') {
				rc = usage_error(c.cmd, "%s", "--report needs a non-empty file name");
				goto done;
			}
			c.report_path = optarg;
			break;
		case OPT_REPORT_FORMAT:
			c.report_format = report_format_from_name(optarg);
			if (c.report_format < 0) {
				rc = usage_error(c.cmd, "unknown report format '%s' (text or json)", optarg);
				goto done;
			}
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0) {
				c.fail_on = SEV__COUNT;
			} else {
				c.fail_on = severity_from_name(optarg);
				if (c.fail_on < 0) {
					rc = usage_error(c.cmd,
							 "unknown level '%s' (critical, error, warning, info or never)",
							 optarg);
					goto done;
				}
			}
			break;
		case OPT_TO:
			if (strcmp(optarg, "ingress") != 0 && strcmp(optarg, "gateway") != 0) {
				rc = usage_error(c.cmd, "unknown target '%s' (this version writes: ingress, gateway)", optarg);
				goto done;
			}
			c.to = optarg;
			c.aopt.target = strcmp(optarg, "gateway") == 0 ? TARGET_GATEWAY : TARGET_INGRESS;
			break;
		case OPT_GW_NS:
		case OPT_GW_CLASS:
			if (*optarg == '\0') {
				rc = usage_error(c.cmd, "--%s needs a non-empty name", option_name(opt));
				goto done;
			}
			if (opt == OPT_GW_NS)
				c.gopt.ns = optarg;
			else
				c.gopt.gateway_class = optarg;
			c.gateway_opts = true;
			break;
		case OPT_GW: {
			const char *slash = strchr(optarg, '/');
			if (slash == NULL || slash == optarg || slash[1] == '\0' || strchr(slash + 1, '/')) {
				rc = usage_error(c.cmd, "--gateway wants NAMESPACE/NAME, not '%s'", optarg);
				goto done;
			}
			c.gopt.attach = optarg;
			c.gateway_opts = true;
			break;
		}
		case OPT_KEEP_INGRESSES:
			c.aopt.keep_ingresses = true;
			c.gateway_opts = true;
			break;
		case OPT_ALLOW_EXPERIMENTAL:
			c.gopt.allow_experimental = true;
			c.gateway_opts = true;
			break;
		case OPT_TARGET_CLASS:
			if (*optarg == '\0') {
				rc = usage_error(c.cmd, "%s", "--target-class needs a non-empty name");
				goto done;
			}
			c.aopt.target_class = optarg;
			break;
		case OPT_KEEP_CLASS:
			c.aopt.keep_class = true;
			break;
		case OPT_KEEP_UNSUPPORTED:
			c.aopt.keep_unsupported = true;
			break;
		case 'o':
			if (*optarg == '\0') {
				rc = usage_error(c.cmd, "%s", "--output needs a non-empty file name");
				goto done;
			}
			c.output = optarg;
			break;
		case 'i':
			c.in_place = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				c.rules_json = 1;
			else if (strcmp(optarg, "text") != 0) {
				rc = usage_error(c.cmd, "unknown format '%s' (text or json)", optarg);
				goto done;
			}
			break;
		case OPT_CHECK:
			c.rules_check = true;
			break;
		}
	}
	if (c.output && c.in_place) {
		rc = usage_error(c.cmd, "%s", "--output and --in-place exclude each other");
		goto done;
	}
	if (c.cmd == CMD_RULES)
		rc = cmd_rules(&c, argc - optind, argv + optind);
	else
		rc = cmd_analyse(&c, argc - optind, argv + optind);
done:
	free(c.classes);
	free(c.rules_files);
	return rc;
}
