/* tool_run.c - the run driver of convert and lint (see tool_run.h). */
#include "tool_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctrl_config.h"
#include "diff.h"
#include "emit_config.h"
#include "index_scan.h"
#include "output.h"
#include "report.h"
#include "stream.h"
#include "suppress.h"
#include "tool_main.h"
#include "tool_rules.h"
#include "util.h"

/* Gateway API output goes to the converted stream, or to --gateway-out:
 * with --in-place there is no stream, so that option is needed; --diff
 * and --check compare with what --in-place would write, that file
 * included. */
static bool gateway_ready(const struct run_ctx *ctx, const char **why)
{
	const struct tool_opts *c = ctx->opts;

	if ((c->in_place || c->diff || c->check) && c->gateway_out == NULL) {
		*why = c->in_place ? "--to gateway --in-place needs --gateway-out FILE for the Gateway API objects"
				   : "--to gateway with --diff or --check needs --gateway-out FILE: they compare the "
				     "inputs and that file with what --in-place would write";
		return false;
	}
	if ((c->diff || c->check) && strcmp(c->gateway_out, "-") == 0) {
		*why = "--diff and --check compare --gateway-out FILE with the Gateway API objects convert would "
		       "write: '-' is no file to compare";
		return false;
	}
	return true;
}

/* Append the Gateway API objects to the converted stream. */
static int gateway_finish_step(struct run_ctx *ctx, FILE *out)
{
	if (ctx->opts->aopt.gateway == NULL)
		return 0;
	ctx->out_written = 0;
	if (out == NULL) {
		gateway_finish(ctx->opts->aopt.gateway, NULL);	/* lint: findings only */
		return 0;
	}
	if (gateway_finish_to(ctx->opts->aopt.gateway, out, &ctx->out_written) < 0) {
		fprintf(stderr, "ingress2higress: error: cannot write the Gateway API objects\n");
		return -1;
	}
	return 0;
}

const struct target_ops target_ops[TARGET__COUNT] = {
	[TARGET_INGRESS] = { "ingress", NULL, NULL },
	[TARGET_GATEWAY] = { "gateway", gateway_ready, gateway_finish_step },
};

static bool want_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

/* Open input i (standard input is spooled once and shared). NULL after
 * an error message. */
static FILE *open_input(const char *path, FILE **spooled, FILE *err)
{
	if (strcmp(path, "-") != 0)
		return input_open(path, err);
	if (*spooled == NULL)
		*spooled = input_open(path, err);
	else
		rewind(*spooled);
	return *spooled;
}

static void close_input(FILE *f, FILE *spooled)
{
	if (f && f != spooled)
		fclose(f);
}

/* Is obj a Kubernetes object: a mapping with 'apiVersion' and 'kind'? */
static bool k8s_object(const struct node *obj)
{
	return obj->type == N_MAPPING && node_get(obj, "apiVersion") && node_get(obj, "kind");
}

/* The index pass's callback for a file found in a walk: objects only. */
static int index_walked(void *ud, struct stream *st, struct node *obj)
{
	return k8s_object(obj) ? index_object(ud, st, obj) : 0;
}

/* One report: a format and where it goes. */
struct rsink {
	int format;		/* enum report_format */
	const char *path;	/* the file, '-' for standard output, NULL for the command's stream */
	struct outfile file;	/* a file's (not '-' nor the stream) */
	FILE *fp;		/* borrowed: where the sink writes */
	struct sink *sink;	/* owned */
};

/* One convert or lint run: its inputs, analysis and outputs. */
struct run {
	size_t gw_from;		/* findings before the target's finish step not yet suppress-ranged */
	struct tool_opts *c;
	struct input_list inputs;
	struct findings fs;
	struct ruleset *rs;
	struct analyzer *an;
	struct index *ix;	/* the facts of the index pass */
	bool convert;
	bool checks;		/* the checks command: the script goes to out */
	FILE *out;		/* the converted stream (not with --in-place) */
	struct outfile single;	/* ... its file: -o FILE, or '-' for stdout */
	struct outfile *outs;	/* --in-place: one per input */
	struct rsink *reports;	/* owned: where the report goes, one per format and file */
	size_t nreports;
	struct report_summary sum;	/* the header, then the running counts */
	int max_active;		/* the most severe finding neither suppressed nor baselined, or -1 */
	char *cur_file;		/* owned: the file the sinks were last told of, or NULL */
	/* No finding is held: every decision about an object is made when
	 * it is analysed, from the index where it needs the rest of the
	 * input (Secrets, Services, other Ingresses), and the steps over the
	 * whole input (the Gateway API objects, the WasmPlugins) only add
	 * findings, delivered after the objects' ones. */
	size_t most_waiting;	/* the most findings in r->fs at a delivery (I2H_TEST_HOLD) */
	struct buf early;	/* captured diagnostics not yet made findings (input_errors) */
	struct outfile gwout;	/* --gateway-out FILE */
	struct outfile plout;	/* --plugins-out FILE */
	FILE *spooled;		/* standard input, copied to be read twice */
	bool *bad;		/* inputs that could not be opened */
	bool *skip;		/* inputs skipped with a finding (Helm templates of a walk) */
	struct config cfg;	/* the config file, when have_cfg */
	bool have_cfg;
	struct suppress_options sopt;
	struct suppressor *sup;
	bool walked;		/* the current input was found in a directory walk */
	bool review;		/* --diff or --check: compare, write no file */
	bool plout_kept;	/* no WasmPlugin needed: the --plugins-out file stays as it is */
	FILE *diff_out;		/* --diff: the diffs, copied to stdout at the end */
	size_t changed;		/* --diff, --check: inputs convert would change */
	struct ctrl_config *cc;	/* owned: the controller ConfigMap (convert, lint), or NULL */
};

/* The reports the command line asks for: --report FILE (or the command's
 * stream when no --report is given) in --report-format, then each
 * --report FORMAT=FILE. Allocates r->reports. */
static void plan_reports(struct run *r)
{
	struct tool_opts *c = r->c;
	size_t n = 0;

	r->reports = xcalloc(c->nreports + 1, sizeof(*r->reports));
	if (c->report_path || c->nreports == 0) {
		r->reports[n].format = c->report_format;
		r->reports[n++].path = c->report_path;
	}
	for (size_t i = 0; i < c->nreports; i++) {
		r->reports[n].format = c->reports[i].format;
		r->reports[n++].path = c->reports[i].path;
	}
	r->nreports = n;
}

static bool to_stdout(const struct rsink *rs)
{
	return rs->path && strcmp(rs->path, "-") == 0;
}

/* Does report rs go to standard output? Without --report, lint's does;
 * convert's and checks' go to standard error (their document has stdout). */
static bool report_on_stdout(const struct run *r, const struct rsink *rs)
{
	return rs->path ? to_stdout(rs) : !(r->convert || r->checks);
}

/* Does the converted document (or the --diff) go to standard output? */
static bool doc_on_stdout(const struct tool_opts *c)
{
	if (c->diff || c->check)
		return c->diff;
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
	struct tool_opts *c = r->c;
	struct out_desc *outs = NULL;
	size_t nouts = 0, cap = 0, on_stdout = 0;
	int rc = 0;

	for (size_t i = 0; i < r->nreports; i++)
		on_stdout += report_on_stdout(r, &r->reports[i]);
	if (r->convert && on_stdout && doc_on_stdout(c))
		return usage_error(c->cmd, "--report '-' and the %s both go to standard output",
				   c->diff ? "diff" : "converted output");
	if (on_stdout > 1)
		return usage_error(c->cmd, "%s", "two reports go to standard output: give one of them a file");
	if (r->convert && !doc_on_stdout(c) && c->output)
		out_desc_add(&outs, &nouts, &cap, true, c->output, -1, xasprintf("--output '%s'", c->output));
	else if (r->convert && doc_on_stdout(c))
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO,
			     xstrdup("standard output (the converted output)"));
	if (r->convert && c->gateway_out && strcmp(c->gateway_out, "-") == 0) {
		if (on_stdout || doc_on_stdout(c))
			return usage_error(c->cmd, "--gateway-out '-' and %s both go to standard output",
					   doc_on_stdout(c) ? "the converted output" : "a report");
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO,
			     xstrdup("standard output (the Gateway API objects)"));
	} else if (r->convert && c->gateway_out) {
		out_desc_add(&outs, &nouts, &cap, true, c->gateway_out, -1,
			     xasprintf("--gateway-out '%s'", c->gateway_out));
	}
	if (r->checks && on_stdout && (c->output == NULL || strcmp(c->output, "-") == 0))
		return usage_error(c->cmd, "%s", "--report '-' and the script both go to standard output");
	if (r->checks && c->output && strcmp(c->output, "-") != 0)
		out_desc_add(&outs, &nouts, &cap, true, c->output, -1, xasprintf("--output '%s'", c->output));
	else if (r->checks)
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO, xstrdup("standard output (the script)"));
	if (r->convert && c->plugins_out && strcmp(c->plugins_out, "-") == 0) {
		if (on_stdout || doc_on_stdout(c) || (c->gateway_out && strcmp(c->gateway_out, "-") == 0))
			return usage_error(c->cmd, "%s", "--plugins-out '-' and another output both go to standard output");
		out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO,
			     xstrdup("standard output (the WasmPlugins)"));
	} else if (r->convert && c->plugins_out) {
		out_desc_add(&outs, &nouts, &cap, true, c->plugins_out, -1,
			     xasprintf("--plugins-out '%s'", c->plugins_out));
	}
	for (size_t i = 0; i < r->nreports; i++) {
		const struct rsink *rs = &r->reports[i];
		if (rs->path && !to_stdout(rs))
			out_desc_add(&outs, &nouts, &cap, true, rs->path, -1, xasprintf("--report '%s'", rs->path));
		else if (report_on_stdout(r, rs))
			out_desc_add(&outs, &nouts, &cap, false, NULL, STDOUT_FILENO,
				     xstrdup("standard output (the report)"));
		else
			out_desc_add(&outs, &nouts, &cap, false, NULL, STDERR_FILENO,
				     xstrdup("standard error (the report)"));
	}

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
	struct tool_opts *c = r->c;

	for (size_t i = 0; i < r->nreports; i++) {
		struct rsink *rs = &r->reports[i];
		if (rs->path && !to_stdout(rs) && outfile_open(&rs->file, rs->path, 0, stderr) < 0)
			return EXIT_USAGE;
	}
	if (r->checks) {
		if (outfile_open(&r->single, c->output ? c->output : "-", 0, stderr) < 0)
			return EXIT_USAGE;
		r->out = r->single.fp;
		return 0;
	}
	if (!r->convert)
		return 0;
	if (c->gateway_out && !r->review &&
	    outfile_open(&r->gwout, c->gateway_out, strcmp(c->gateway_out, "-") ? OUTFILE_VERIFY : 0, stderr) < 0)
		return EXIT_USAGE;
	if (c->plugins_out && c->aopt.plugins && !r->review &&
	    outfile_open(&r->plout, c->plugins_out, strcmp(c->plugins_out, "-") ? OUTFILE_VERIFY : 0, stderr) < 0)
		return EXIT_USAGE;
	if (r->review) {
		if (c->diff && (r->diff_out = tmpfile()) == NULL) {
			fprintf(stderr, "ingress2higress: error: cannot create a temporary file: %s\n", errstr(errno));
			return EXIT_USAGE;
		}
		return 0;
	}
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

/* Make the sinks and begin the report. Returns 0 or EXIT_USAGE. */
static int begin_reports(struct run *r)
{
	struct tool_opts *c = r->c;

	r->sum.target = target_name(c->to);
	r->sum.files = r->inputs.n;
	r->max_active = -1;
	for (size_t i = 0; i < r->nreports; i++) {
		struct rsink *rs = &r->reports[i];
		struct report_options ro = {
			.min_severity = c->min_severity, .quiet = c->quiet, .fail_on = c->fail_on,
			.rules = r->rs, .target = (int)c->to, .prefix = c->aopt.prefix,
		};
		bool file = outfile_is_open(&rs->file);
		rs->fp = file ? rs->file.fp : report_on_stdout(r, rs) ? stdout : stderr;
		ro.skip_input_errors = rs->fp == stderr;
		ro.colour = rs->format == RF_TEXT && c->colour != COLOUR_NEVER &&
			    (c->colour == COLOUR_ALWAYS || (!file && want_colour(rs->fp)));
		rs->sink = sink_new((enum report_format)rs->format, rs->fp, &ro);
		if (rs->sink == NULL)
			return EXIT_USAGE;
		sink_begin(rs->sink, &r->sum);
	}
	return 0;
}


/* Tell the sinks that the findings that follow are of file (when it is
 * not the file they were last told of). */
static void report_file(struct run *r, const char *file)
{
	if (r->cur_file && strcmp(r->cur_file, file) == 0)
		return;
	free(r->cur_file);
	r->cur_file = xstrdup(file);
	for (size_t i = 0; i < r->nreports; i++)
		sink_file(r->reports[i].sink, file);
}

/* Send r->fs.v[from, to) to every sink and count them, then end the
 * object o (NULL: each run of findings of one object is ended as the
 * object its findings name, late as given). */
static void send_range(struct run *r, size_t from, size_t to, const struct report_object *o, bool late)
{
	struct findings *fs = &r->fs;
	size_t first = from;

	for (size_t i = from; i < to; i++) {
		const struct finding *f = &fs->v[i];
		r->sum.findings++;
		r->sum.status[f->status]++;
		r->sum.severity[f->severity]++;
		if (f->suppressed) {
			r->sum.suppressed++;
		} else if (f->baselined) {
			r->sum.baselined++;
		} else {
			r->sum.active[f->severity]++;
			if ((int)f->severity > r->max_active)
				r->max_active = (int)f->severity;
		}
		if (o == NULL)
			report_file(r, f->file);
		for (size_t k = 0; k < r->nreports; k++)
			sink_finding(r->reports[k].sink, f);
		if (o == NULL) {
			const struct finding *g = i + 1 < to ? &fs->v[i + 1] : NULL;
			/* the pooled strings are unique: pointers compare */
			if (g == NULL || g->file != f->file || g->kind != f->kind || g->ns != f->ns ||
			    g->name != f->name) {
				struct report_object x = {
					.file = f->file, .kind = f->kind, .ns = f->ns, .name = f->name,
					.pos = f->pos, .findings = i + 1 - first, .late = late,
				};
				for (size_t k = 0; k < r->nreports; k++)
					sink_object_end(r->reports[k].sink, &x);
				first = i + 1;
			}
		}
	}
	if (o) {
		struct report_object x = *o;
		x.findings = to - from;
		for (size_t k = 0; k < r->nreports; k++)
			sink_object_end(r->reports[k].sink, &x);
	}
}

/* Deliver the findings gathered so far to every sink, count them, then
 * end the object o (as send_range) and forget them: the report's memory
 * does not grow with the input. */
static void deliver(struct run *r, const struct report_object *o, bool late)
{
	if (r->fs.n > r->most_waiting)
		r->most_waiting = r->fs.n;
	send_range(r, 0, r->fs.n, o, late);
	findings_clear(&r->fs);
}

/* The Gateway API emitter's flush (gateway_options.flush): the findings
 * of its finish step so far go out now, as they would at its end. */
static void gateway_flush(void *ud)
{
	struct run *r = ud;

	suppress_range(r->sup, &r->fs, r->gw_from);
	r->gw_from = 0;
	deliver(r, NULL, true);
}

/* A test hook, in debug builds only (allocates nothing): with
 * I2H_TEST_HOLD=1 say on stderr how many findings waited at most to be
 * delivered (nothing is held: those of one object, or of a step over the
 * whole input). */
static void test_hold_end(const struct run *r)
{
#ifndef NDEBUG
	const char *e = getenv("I2H_TEST_HOLD");

	if (e && strcmp(e, "1") == 0)
		fprintf(stderr, "ingress2higress: test: at most %zu findings waited\n", r->most_waiting);
#else
	(void)r;
#endif
}

/* Where the Higress objects go (--higress-namespace). */
static const char *higress_ns(const struct run *r)
{
	return r->c->popt.ns ? r->c->popt.ns : PLUGINS_DEFAULT_NS;
}

/* The report's view of an object: its file, kind, namespace, name and
 * position, borrowed from the stream and the tree (valid while the object
 * callback runs). Allocates nothing. */
static struct report_object object_of(struct stream *st, struct node *obj)
{
	struct node *md = node_get(obj, "metadata");
	struct report_object o = {
		.file = stream_name(st), .kind = node_get_str(obj, "kind"), .ns = node_get_str(md, "namespace"),
		.name = node_get_str(md, "name"), .pos = obj->pos,
	};

	return o;
}

/* The object pass's stream callback: the analysis, then the suppressions
 * of the object while its bytes are at hand, then its findings go to the
 * reports. In a file found in a walk, a document that is not a Kubernetes
 * object is skipped with a finding. */
static int report_object(void *ud, struct stream *st, struct node *obj)
{
	struct run *r = ud;
	struct report_object o = object_of(st, obj);
	size_t from = r->fs.n;
	int rc = 0;

	if (r->walked && !k8s_object(obj)) {
		struct finding f;
		memset(&f, 0, sizeof(f));
		f.file = stream_name(st);
		f.pos = obj->pos;
		f.status = ST_IGNORED;
		f.severity = SEV_INFO;
		f.rule = "not-kubernetes-object";
		f.message = obj->type == N_SEQUENCE ? "document is a sequence (a Kustomize patch list?), not a "
						      "Kubernetes object; skipped"
			    : obj->type == N_MAPPING ? "document has no 'apiVersion' and 'kind': not a Kubernetes "
						       "object; skipped"
			    : "document is a scalar, not a Kubernetes object; skipped";
		f.fix = "leave it out with --exclude if it is not a manifest";
		findings_add(&r->fs, &f);
		suppress_range(r->sup, &r->fs, from);
	} else {
		rc = analyze_object(r->an, st, obj);
		if (r->cc && o.kind && strcmp(o.kind, "ConfigMap") == 0)
			(void)ctrl_config_object(r->cc, st, obj, higress_ns(r), r->convert, &r->fs);
		suppress_object(r->sup, st, obj, &r->fs, from);
	}
	deliver(r, &o, false);
	return rc;
}

/* The object pass over --nginx-configmap FILE: the ConfigMap's findings. */
static int configmap_object(void *ud, struct stream *st, struct node *obj)
{
	struct run *r = ud;
	struct report_object o = object_of(st, obj);
	size_t from = r->fs.n;

	if (ctrl_config_object(r->cc, st, obj, higress_ns(r), r->convert, &r->fs)) {
		suppress_object(r->sup, st, obj, &r->fs, from);
		deliver(r, &o, false);
	}
	return 0;
}

/* Diagnostics of the input, captured to become findings as well. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
};

/* Where diagnostics go while captured (standard error when a memory
 * stream cannot be made: they are then shown, but not findings). */
static FILE *capture_begin(struct capture *cp)
{
	cp->text = NULL;
	cp->len = 0;
	cp->f = open_memstream(&cp->text, &cp->len);
	return cp->f ? cp->f : stderr;
}

/* Stop capturing: show the diagnostics on standard error and append them
 * to to (they become findings when parsed by input_errors). */
static void capture_end(struct capture *cp, struct buf *to)
{
	if (cp->f == NULL)
		return;
	if (fclose(cp->f) == 0 && cp->len) {
		fwrite(cp->text, 1, cp->len, stderr);
		buf_add(to, cp->text, cp->len);
	}
	free(cp->text);
	cp->f = NULL;
}

/* Turn the error lines of diagnostics ('NAME[:LINE:COL]: error: MSG')
 * into input-error findings and deliver them; empty text. They go
 * through the same selection as every other finding: the config file's
 * 'suppress' entries, --baseline and --skip/--only (a comment cannot
 * suppress them: the file did not parse). The diagnostic on standard
 * error stays, and so does exit status 2 (run_inputs decides it): the
 * input was not checked, whatever the report shows. */
static void input_errors(struct run *r, struct buf *text)
{
	const char *p = buf_cstr(text);

	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n), *e = strstr(line, ": error: ");
		p += n + (p[n] == '\n');
		if (e) {
			struct finding f;
			char *colon;
			size_t from;
			memset(&f, 0, sizeof(f));
			*e = '\0';
			/* a position: ':LINE:COL' ending the location */
			colon = strrchr(line, ':');
			if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
				char *c2;
				*colon = '\0';
				c2 = strrchr(line, ':');
				if (c2 && c2[1] && strspn(c2 + 1, "0123456789") == strlen(c2 + 1)) {
					*c2 = '\0';
					f.pos.line = strtoul(c2 + 1, NULL, 10);
					f.pos.column = strtoul(colon + 1, NULL, 10);
				} else {
					*colon = ':';
				}
			}
			f.file = line;
			f.status = ST_INVALID;
			f.severity = SEV_ERROR;
			f.rule = "input-error";
			f.message = e + strlen(": error: ");
			from = r->fs.n;
			findings_add(&r->fs, &f);
			if (r->sup)
				suppress_range(r->sup, &r->fs, from);
			report_file(r, line);
			deliver(r, NULL, false);
		}
		free(line);
	}
	text->len = 0;
	if (text->data)
		text->data[0] = '\0';
}

/* Does the configured default IngressClass belong to Ingress-NGINX (a
 * class of --ingress-class, or an IngressClass of its controller in the
 * input)? */
static bool default_class_nginx(const struct run *r)
{
	const char *d = r->c->aopt.default_class;

	if (d == NULL)
		return false;
	for (size_t i = 0; i < r->c->aopt.nclasses; i++)
		if (strcmp(r->c->aopt.classes[i], d) == 0)
			return true;
	for (size_t i = 0; i < index_nclasses(r->ix); i++) {
		const struct index_class *c = index_class_at(r->ix, i);
		if (strcmp(index_str(r->ix, c->name), d) == 0 &&
		    strcmp(index_str(r->ix, c->controller), "k8s.io/ingress-nginx") == 0)
			return true;
	}
	return false;
}

/* Mark the files of a walk that are Helm templates in r->skip, with a
 * finding each (they would not parse, or parse as something else),
 * delivered to the reports before any other. */
static void skip_templates(struct run *r)
{
	for (size_t i = 0; i < r->inputs.n; i++) {
		size_t line = 0, col = 0, from = r->fs.n;
		struct finding f;
		FILE *in;
		if (!r->inputs.ids[i].walked || (in = fopen(r->inputs.paths[i], "rb")) == NULL)
			continue;	/* an unreadable file: the index pass says so */
		if (input_helm_marker(in, &line, &col) == 1) {
			memset(&f, 0, sizeof(f));
			f.file = r->inputs.paths[i];
			f.pos.line = line;
			f.pos.column = col;
			f.status = ST_IGNORED;
			f.severity = SEV_WARNING;
			f.rule = "helm-template-skipped";
			f.message = "'{{' where a YAML value starts: a Helm template, not a manifest; file skipped "
				    "(render it with 'helm template' and lint the output)";
			f.fix = "lint the output of 'helm template', and --exclude the chart's templates";
			findings_add(&r->fs, &f);
			suppress_range(r->sup, &r->fs, from);
			r->skip[i] = true;
		}
		fclose(in);
	}
	deliver(r, NULL, false);
}

/* The index pass: every input once, keeping the facts of its Ingresses,
 * IngressClasses and Services, so the object pass knows them wherever
 * they stand (the line scanner where it can, libyaml elsewhere). Parse
 * errors are left to the object pass (err is a sink for them). An input that cannot be opened is marked in r->bad and
 * reported as an input error now; those marked in r->skip are skipped. */
static void index_pass(struct run *r, FILE *err)
{
	for (size_t i = 0; i < r->inputs.n; i++) {
		bool walked = r->inputs.ids[i].walked;
		struct capture cp;
		FILE *f;
		if (r->skip[i])
			continue;
		f = open_input(r->inputs.paths[i], &r->spooled, capture_begin(&cp));
		capture_end(&cp, &r->early);
		if (f == NULL) {
			r->bad[i] = true;
			input_errors(r, &r->early);
			continue;
		}
		(void)index_scan_input(r->ix, input_name(r->inputs.paths[i]), f, err, walked ? STREAM_NON_OBJECTS : 0,
				       walked ? index_walked : index_object, INDEX_SCAN_AUTO);
		close_input(f, r->spooled);
	}
}

/* Any v1 ConfigMap (the filter of --nginx-configmap FILE's index). */
static bool any_configmap(const char *name, const char *const *keys, size_t n, void *ud)
{
	(void)name, (void)keys, (void)n, (void)ud;
	return true;
}

/* Index --nginx-configmap FILE with filter want into a new index (the
 * caller frees it), or NULL after a message. */
static struct index *index_configmap_file(struct run *r, index_configmap_filter want)
{
	const char *path = r->c->nginx_configmap;
	FILE *f = input_open(path, stderr), *sink;
	struct index *cx;

	if (f == NULL)
		return NULL;
	if ((sink = fopen("/dev/null", "w")) == NULL) {
		fprintf(stderr, "ingress2higress: error: cannot open '/dev/null': %s\n", errstr(errno));
		fclose(f);
		return NULL;
	}
	cx = index_new(r->c->aopt.prefix);
	index_set_configmap_filter(cx, want, NULL);
	(void)index_scan_input(cx, path, f, sink, 0, index_object, INDEX_SCAN_AUTO);
	fclose(sink);
	fclose(f);
	return cx;
}

/* --nginx-configmap FILE: choose its ConfigMap (the only one, else the
 * one the controller rule picks out), then report its findings. Returns
 * 0, or -1 after a message (no ConfigMap, FILE unreadable). */
static int configmap_file(struct run *r)
{
	const char *path = r->c->nginx_configmap;
	struct index *cx = index_configmap_file(r, any_configmap);
	struct capture cp;
	FILE *f, *err;
	int rc = 0;

	if (cx == NULL)
		return -1;
	if (index_nconfigmaps(cx) == 0) {
		fprintf(stderr, "%s: error: --nginx-configmap: no v1 ConfigMap in the file\n", path);
		index_free(cx);
		return -1;
	}
	if (index_nconfigmaps(cx) > 1) {
		struct index *picked = index_configmap_file(r, ctrl_config_wanted);
		if (picked && index_nconfigmaps(picked) == 1) {
			index_free(cx);
			cx = picked;
		} else {
			index_free(picked);
		}
	}
	(void)ctrl_config_choose(r->cc, cx, true, higress_ns(r));
	index_free(cx);
	report_file(r, path);
	err = capture_begin(&cp);
	if ((f = input_open(path, err)) == NULL ||
	    stream_run_flags(path, f, NULL, err, 0, configmap_object, r, NULL) < 0)
		rc = -1;
	if (f)
		fclose(f);
	capture_end(&cp, &r->early);
	input_errors(r, &r->early);
	return rc;
}

/* The higress-config ConfigMap (convert, when a controller ConfigMap is
 * used): after the WasmPlugins, into --plugins-out with --in-place.
 * Returns 0, or -1 after a message. */
static int config_step(struct run *r)
{
	const struct higress_values *hv = r->cc ? ctrl_config_higress(r->cc) : NULL;
	FILE *out = outfile_is_open(&r->plout) ? r->plout.fp : r->outs ? NULL : r->out;
	struct buf b = {0};
	int rc = 0;

	if (hv == NULL || !r->convert || r->review || r->plout_kept)
		return 0;
	if (out == NULL) {
		fprintf(stderr, "ingress2higress: error: --in-place needs --plugins-out FILE for the higress-config "
			"ConfigMap made from the controller ConfigMap%s; no file was changed\n",
			r->c->no_plugins ? " (and --plugins-out goes without --no-plugins)" : "");
		return -1;
	}
	higress_config_write(hv, higress_ns(r), ctrl_config_who(r->cc), &b);
	if (fwrite(b.data, 1, b.len, out) != b.len) {
		fprintf(stderr, "ingress2higress: error: cannot write the higress-config ConfigMap\n");
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

/* Read f from its start into b. Returns 0, or -1 with errno set. */
static int read_all(FILE *f, struct buf *b)
{
	char chunk[65536];
	size_t n;

	if (fseek(f, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	return ferror(f) ? -1 : 0;
}

/* --diff, --check: compare input path (in, read to its end; NULL for a
 * file that does not exist yet) with its conversion conv (a temporary
 * file), as --in-place would write it; add
 * the unified diff to r->diff_out, name a changed input on stderr for
 * --check. Returns 0, or -1 after a message. The texts are held in
 * memory for the comparison only. */
static int review_input(struct run *r, const char *path, FILE *in, FILE *conv, size_t edits)
{
	const char *name = input_name(path);
	struct buf a = {0}, b = {0};
	int rc = 0, d;

	if (edits == 0)
		return 0;	/* nothing spliced: the conversion is the input */
	if (fflush(conv) != 0 || (in && read_all(in, &a) < 0) || read_all(conv, &b) < 0) {
		fprintf(stderr, "%s: error: cannot compare with its conversion: %s\n", name, errstr(errno));
		rc = -1;
	} else if (r->diff_out) {
		/* in NULL: a file yet to be made, named as diff -N and git do */
		char *la = in ? xasprintf("a/%s", name) : xstrdup("/dev/null"), *lb = xasprintf("b/%s", name);
		d = diff_unified(r->diff_out, a.data ? a.data : "", a.len, b.data ? b.data : "", b.len, la, lb, NULL,
				 NULL);
		if (d < 0) {
			fprintf(stderr, "ingress2higress: error: cannot write the diff: %s\n", errstr(errno));
			rc = -1;
		}
		r->changed += d > 0;
		free(la);
		free(lb);
	} else {
		r->changed += a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0);
	}
	buf_free(&a);
	buf_free(&b);
	return rc;
}

/* --diff, --check: compare the output file path of option opt (one that
 * need not exist yet) with conv (a temporary file), what would replace
 * it; --check names it when it would change. Returns 0, or -1 after a
 * message. */
static int review_file(struct run *r, const char *opt, const char *path, FILE *conv)
{
	size_t before = r->changed;
	FILE *old = fopen(path, "rb");
	int rc;

	if (old == NULL && errno != ENOENT) {
		fprintf(stderr, "ingress2higress: error: cannot read %s '%s': %s\n", opt, path, errstr(errno));
		return -1;
	}
	rc = review_input(r, path, old, conv, 1);
	if (old)
		fclose(old);
	if (rc == 0 && r->c->check && r->changed > before)
		fprintf(stderr, "%s: note: convert would change this file\n", path);
	return rc;
}

/* With plugins bytes of WasmPlugins to write, does the --plugins-out file
 * stay as it is? When no plugin is needed: without a higress-config to
 * write, or when the file exists already (converting a migrated tree
 * again, whose Ingresses need no plugin any more, keeps the plugins and
 * the higress-config the first run wrote). */
static bool plugins_file_stays(const struct run *r, size_t plugins)
{
	struct stat sb;

	if (plugins > 0)
		return false;
	if (!(r->cc && ctrl_config_higress(r->cc)))
		return true;
	return r->c->plugins_out && strcmp(r->c->plugins_out, "-") != 0 && stat(r->c->plugins_out, &sb) == 0 &&
	       S_ISREG(sb.st_mode);
}

/* --diff, --check with --plugins-out FILE: what --in-place would write
 * there, the WasmPlugins (plugins) and then the higress-config ConfigMap,
 * compared with FILE; when the file stays (plugins_file_stays) there is
 * nothing to compare. Returns 0, or -1 after a message. */
static int review_plugins(struct run *r, FILE *f, long plugins)
{
	const struct higress_values *hv = r->cc ? ctrl_config_higress(r->cc) : NULL;
	struct buf b = {0};
	int rc = 0;

	if (plugins_file_stays(r, (size_t)plugins))
		return 0;
	if (hv)
		higress_config_write(hv, higress_ns(r), ctrl_config_who(r->cc), &b);
	if ((b.len && fwrite(b.data, 1, b.len, f) != b.len) || fflush(f) != 0) {
		fprintf(stderr, "ingress2higress: error: cannot write a temporary file: %s\n", errstr(errno));
		rc = -1;
	} else {
		rc = review_file(r, "--plugins-out", r->c->plugins_out, f);
	}
	buf_free(&b);
	return rc;
}

/* The checks command: the script, after every input went through.
 * Returns 0, or -1 after a message. */
static int write_checks(struct run *r)
{
	struct buf b = {0};
	int rc = 0;

	checks_finish(r->c->aopt.checks, &b);
	if (fwrite(b.data, 1, b.len, r->out) != b.len) {
		fprintf(stderr, "ingress2higress: error: cannot write the checks script\n");
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

/* While the WasmPlugin step adds findings: suppress and deliver those
 * waiting (from is where the step's began; 0 after the first time). */
struct plugins_flush {
	struct run *r;
	size_t from;
};

static void plugins_flush(void *ctx)
{
	struct plugins_flush *f = ctx;

	suppress_range(f->r->sup, &f->r->fs, f->from);
	deliver(f->r, NULL, true);
	f->from = 0;
}

/* The finish step of the WasmPlugins (both targets): their documents go
 * to --plugins-out (a file left alone when none is needed), else after
 * the converted documents, written as they are made; --in-place
 * without --plugins-out writes nothing when a plugin is needed. lint,
 * --diff and --check take the findings only (they say what convert
 * writes). Returns 0, or -1 after a message. */
static int plugins_step(struct run *r)
{
	struct plugins_flush fl = { r, r->fs.n };
	FILE *out = outfile_is_open(&r->plout) ? r->plout.fp : r->outs ? NULL : r->out;
	bool write = r->convert && !r->review;
	long n;
	int rc = 0;

	plugins_set_flush(r->c->aopt.plugins, plugins_flush, &fl);
	if (r->review && r->c->plugins_out) {	/* --diff, --check: what FILE would become */
		FILE *f = tmpfile();
		if (f == NULL) {
			fprintf(stderr, "ingress2higress: error: cannot create a temporary file: %s\n", errstr(errno));
			n = plugins_finish_to(r->c->aopt.plugins, NULL);
			rc = -1;
		} else if ((n = plugins_finish_to(r->c->aopt.plugins, f)) < 0) {
			fprintf(stderr, "ingress2higress: error: cannot write a temporary file: %s\n", errstr(errno));
			rc = -1;
		} else {
			rc = review_plugins(r, f, n);
		}
		if (f)
			fclose(f);
		plugins_set_flush(r->c->aopt.plugins, NULL, NULL);
		suppress_range(r->sup, &r->fs, fl.from);
		return rc;
	}
	n = plugins_finish_to(r->c->aopt.plugins, write ? out : NULL);
	plugins_set_flush(r->c->aopt.plugins, NULL, NULL);
	suppress_range(r->sup, &r->fs, fl.from);
	if (!write) {
		/* lint, --diff and --check without --plugins-out: the findings only */
	} else if (outfile_is_open(&r->plout) && (r->plout.flags & OUTFILE_VERIFY) && n >= 0 &&
		   plugins_file_stays(r, (size_t)n)) {
		outfile_abort(&r->plout);	/* no plugin needed: an earlier file stays */
		r->plout_kept = true;
	} else if (n > 0 && out == NULL) {
		fprintf(stderr, "ingress2higress: error: --in-place needs --plugins-out FILE for the WasmPlugins this "
			"input needs (or --no-plugins); no file was changed\n");
		rc = -1;
	} else if (n < 0) {
		fprintf(stderr, "ingress2higress: error: cannot write the WasmPlugins\n");
		rc = -1;
	}
	return rc;
}

/* Where the Gateway API objects go with --gateway-out: its temporary
 * file, or with --diff and --check a temporary file of their own (NULL
 * after a message when it cannot be made); NULL without the option. */
static FILE *gateway_out_file(struct run *r)
{
	FILE *f;

	if (!r->review)
		return outfile_is_open(&r->gwout) ? r->gwout.fp : NULL;
	if (r->c->gateway_out == NULL)
		return NULL;
	if ((f = tmpfile()) == NULL)
		fprintf(stderr, "ingress2higress: error: cannot create a temporary file: %s\n", errstr(errno));
	return f;
}

/* The Gateway API objects are in gw (from gateway_out_file), size bytes.
 * None: the --gateway-out file is left as it is, like --plugins-out (so
 * that converting a migrated tree again, with no Ingress left, keeps the
 * objects made the first time). --diff, --check: compare the file with
 * what would replace it (the caller closes gw). Returns 0, or -1 after a
 * message. */
static int gateway_out_done(struct run *r, FILE *gw, size_t size)
{
	if (!r->review) {
		if (size == 0 && (r->gwout.flags & OUTFILE_VERIFY))
			outfile_abort(&r->gwout);	/* nothing to write: an earlier file stays */
		return 0;
	}
	return size > 0 ? review_file(r, "--gateway-out", r->c->gateway_out, gw) : 0;
}

/* Run every input through the analysis (and the converted stream).
 * Returns false when an input failed. */
static bool run_inputs(struct run *r)
{
	struct stream_stats ss = {0};
	size_t total_out = 0;
	bool ok = true;
	struct capture cp;

	r->bad = xcalloc(r->inputs.n ? r->inputs.n : 1, sizeof(*r->bad));
	r->skip = xcalloc(r->inputs.n ? r->inputs.n : 1, sizeof(*r->skip));
	skip_templates(r);
	if (r->cc && r->c->nginx_configmap && configmap_file(r) < 0)
		return false;
	{
		FILE *sink = fopen("/dev/null", "w");	/* parse errors: the object pass reports them */
		if (sink == NULL) {
			fprintf(stderr, "ingress2higress: error: cannot open '/dev/null': %s\n", errstr(errno));
			return false;
		}
		index_pass(r, sink);
		fclose(sink);
	}
	index_finish(r->ix, r->c->aopt.classes, r->c->aopt.nclasses,
		     r->c->aopt.include_classless || default_class_nginx(r));
	if (r->cc) {
		(void)ctrl_config_choose(r->cc, r->ix, false, higress_ns(r));
		r->c->popt.ip_header = ctrl_config_settings(r->cc)->ip_header;
	}
	analyzer_use_index(r->an, r->ix);
	if (r->c->aopt.plugins) {
		index_identities(r->ix);	/* the one-rule-per-route check */
		plugins_use_index(r->c->aopt.plugins, r->ix);
	}
	if (r->c->aopt.gateway)
		gateway_use_index(r->c->aopt.gateway, r->ix);
	for (size_t i = 0; i < r->inputs.n; i++) {
		const char *path = r->inputs.paths[i];
		FILE *o = r->checks ? NULL : r->out, *in, *err;	/* the script is written at the end */
		size_t before = r->changed;

		if (r->skip[i])
			continue;	/* its finding was delivered by skip_templates */
		r->walked = r->inputs.ids[i].walked;
		report_file(r, input_name(path));
		if (r->bad[i]) {
			ok = false;	/* its error was reported by the index pass */
			continue;
		}
		err = capture_begin(&cp);
		if (r->review) {
			if ((o = tmpfile()) == NULL) {
				fprintf(stderr, "%s: error: cannot create a temporary file: %s\n", input_name(path),
					errstr(errno));
				ok = false;
				capture_end(&cp, &r->early);
				continue;
			}
		} else if (r->outs) {
			if (outfile_open(&r->outs[i], path, OUTFILE_VERIFY | OUTFILE_REGULAR, err) < 0) {
				ok = false;
				capture_end(&cp, &r->early);
				input_errors(r, &r->early);
				continue;
			}
			o = r->outs[i].fp;
		} else if (o && total_out > 0) {
			fputs("---\n", o);	/* keep the documents of consecutive files apart */
		}
		in = open_input(path, &r->spooled, err);
		if (in == NULL ||
		    stream_run_flags(input_name(path), in, o, err,
				     (total_out ? STREAM_OUT_CONTINUES : 0) | (r->walked ? STREAM_NON_OBJECTS : 0),
				     report_object, r, &ss) < 0)
			ok = false;
		else if (r->review && review_input(r, path, in, o, ss.edits) < 0)
			ok = false;
		else if (r->outs && ss.edits == 0)
			outfile_abort(&r->outs[i]);	/* unchanged: leave the file (and its mtime) alone */
		if (r->review) {
			fclose(o);
			o = NULL;
			if (r->c->check && r->changed > before)
				fprintf(stderr, "%s: note: convert would change this file\n", input_name(path));
		}
		close_input(in, r->spooled);
		capture_end(&cp, &r->early);
		input_errors(r, &r->early);
		if (o && !r->outs && ss.written > 0) {
			total_out += ss.written;
			if (ss.last_char != '\n' && ss.last_char != '\r')
				fputc('\n', o);
		}
	}
	r->walked = false;
	if (ok && r->checks)
		ok = write_checks(r) == 0;
	if (ok && target_ops[r->c->to].finish) {
		FILE *gw = gateway_out_file(r);
		struct run_ctx ctx = {
			.opts = r->c, .inputs = &r->inputs, .index = r->ix, .rules = r->rs, .an = r->an,
			.fs = &r->fs, .out_has_docs = !gw && total_out > 0,
		};
		r->gw_from = r->fs.n;	/* 0: every object's findings were delivered */
		/* lint and checks: the target's findings only, no objects */
		if (r->review && r->c->gateway_out && gw == NULL)
			ok = false;
		else if (target_ops[r->c->to].finish(&ctx, r->checks ? NULL : gw ? gw : r->outs ? NULL : r->out) < 0)
			ok = false;
		else if (gw && gateway_out_done(r, gw, ctx.out_written) < 0)
			ok = false;
		if (r->review && gw)
			fclose(gw);	/* its own temporary file */
		suppress_range(r->sup, &r->fs, r->gw_from);
		deliver(r, NULL, true);
	}
	if (ok && r->c->aopt.plugins) {
		if (plugins_step(r) < 0)
			ok = false;
		deliver(r, NULL, true);
	}
	if (ok && config_step(r) < 0)
		ok = false;
	suppress_finish(r->sup, &r->fs);
	deliver(r, NULL, false);
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
	if (outfile_is_open(&r->gwout) && (r->gwout.flags & OUTFILE_VERIFY))
		fputs("\n\"unterminated\n", r->gwout.fp);
#else
	(void)r;
#endif
}

/* --diff: every input went through, so the diffs go to standard output
 * (none of them after an input error). Returns 0, or -1 after a message. */
static int copy_diff(struct run *r)
{
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fflush(r->diff_out) != 0 || fseek(r->diff_out, 0, SEEK_SET) != 0)
		rc = -1;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), r->diff_out)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n)
			rc = -1;
	if (rc == 0 && (ferror(r->diff_out) || fflush(stdout) != 0))
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "ingress2higress: error: cannot write the diff: %s\n", errstr(errno));
	return rc;
}

/* All inputs went through: make every output final first, then replace
 * the files (or copy the stream to stdout), so that one failure replaces
 * nothing. Returns 0 or EXIT_USAGE. */
static int commit_output(struct run *r)
{
	int rc = 0;

	test_corrupt(r);
	if (r->diff_out && copy_diff(r) < 0)
		return EXIT_USAGE;
	for (size_t i = 0; r->outs && i < r->inputs.n && rc == 0; i++)
		if (outfile_is_open(&r->outs[i]) && outfile_prepare(&r->outs[i], stderr) < 0)
			rc = EXIT_USAGE;
	if (rc == 0 && outfile_is_open(&r->single) && outfile_prepare(&r->single, stderr) < 0)
		rc = EXIT_USAGE;
	if (rc == 0 && outfile_is_open(&r->gwout) && outfile_prepare(&r->gwout, stderr) < 0)
		rc = EXIT_USAGE;
	if (rc == 0 && outfile_is_open(&r->plout) && outfile_prepare(&r->plout, stderr) < 0)
		rc = EXIT_USAGE;
	if (rc != 0)
		return rc;	/* run_free() removes the temporary files */
	for (size_t i = 0; r->outs && i < r->inputs.n; i++)
		if (outfile_is_open(&r->outs[i]) && outfile_commit(&r->outs[i], stderr) < 0)
			rc = EXIT_USAGE;
	if (outfile_is_open(&r->single) && outfile_commit(&r->single, stderr) < 0)
		rc = EXIT_USAGE;
	if (outfile_is_open(&r->gwout) && outfile_commit(&r->gwout, stderr) < 0)
		rc = EXIT_USAGE;
	if (outfile_is_open(&r->plout) && outfile_commit(&r->plout, stderr) < 0)
		rc = EXIT_USAGE;
	r->out = NULL;
	return rc;
}

/* End the reports: the summary from the running counts; a report file
 * is made final but not yet committed (see commit_report). Returns 0 or
 * EXIT_USAGE. */
static int write_report(struct run *r)
{
	const struct analyze_stats *as = analyzer_stats(r->an);
	int rc = 0;

	test_hold_end(r);
	r->sum.objects = as->objects;
	r->sum.ingresses = as->ingresses;
	r->sum.annotations = as->annotations;
	r->sum.skipped = suppress_skipped(r->sup);
	r->sum.config = r->have_cfg ? r->cfg.path : NULL;
	for (size_t i = 0; i < r->nreports; i++) {
		struct rsink *rs = &r->reports[i];
		bool file = outfile_is_open(&rs->file);
		if (rs->sink == NULL)
			continue;
		if (sink_end(rs->sink, &r->sum) < 0) {
			fprintf(stderr, "%s: error: cannot write the report%s%s\n",
				file ? rs->file.name : "ingress2higress", file ? "" : ": ", file ? "" : errstr(errno));
			rc = EXIT_USAGE;
		} else if (file && outfile_prepare(&rs->file, stderr) < 0) {
			rc = EXIT_USAGE;
		}
	}
	return rc;
}

/* Put the report files in place. Returns 0 or EXIT_USAGE. */
static int commit_report(struct run *r)
{
	int rc = 0;

	for (size_t i = 0; i < r->nreports; i++) {
		struct rsink *rs = &r->reports[i];
		if (outfile_is_open(&rs->file) && rs->file.prepared && outfile_commit(&rs->file, stderr) < 0)
			rc = EXIT_USAGE;
	}
	return rc;
}

static void run_free(struct run *r)
{
	if (r->outs) {
		for (size_t i = 0; i < r->inputs.n; i++)
			outfile_abort(&r->outs[i]);
		free(r->outs);
	}
	outfile_abort(&r->single);
	for (size_t i = 0; i < r->nreports; i++) {
		sink_free(r->reports[i].sink);
		outfile_abort(&r->reports[i].file);
	}
	free(r->reports);
	free(r->cur_file);
	buf_free(&r->early);
	outfile_abort(&r->gwout);
	outfile_abort(&r->plout);
	if (r->diff_out)
		fclose(r->diff_out);
	if (r->spooled)
		fclose(r->spooled);
	free(r->bad);
	free(r->skip);
	suppressor_free(r->sup);
	if (r->have_cfg)
		config_free(&r->cfg);
	analyzer_free(r->an);
	gateway_free(r->c->aopt.gateway);
	r->c->aopt.gateway = NULL;
	checks_free(r->c->aopt.checks);
	r->c->aopt.checks = NULL;
	plugins_free(r->c->aopt.plugins);
	r->c->aopt.plugins = NULL;
	r->c->popt.ip_header = NULL;
	r->c->aopt.ctrl = NULL;
	r->c->gopt.ctrl = NULL;
	ctrl_config_free(r->cc);
	index_free(r->ix);
	ruleset_free(r->rs);
	findings_free(&r->fs);
	input_free(&r->inputs);
}

/* Apply a config list as the option name, unless the command line gave
 * that option. Returns 0 or EXIT_USAGE. */
static int config_list(struct run *r, const struct config_list *l, bool given, const char *name)
{
	for (size_t i = 0; l->set && !given && i < l->n; i++) {
		if (tool_opts_apply(r->c, name, l->v[i]) >= 0) {
			fprintf(stderr, "%s: note: in its '%s'\n", r->cfg.path, name);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* Find and read the config file (unless --no-config), and apply what
 * the command line does not say itself. Returns 0 or EXIT_USAGE. */
static int load_config(struct run *r)
{
	struct tool_opts *c = r->c;
	char *found = NULL;
	const char *path = c->config;
	int rc;

	if (c->no_config)
		return 0;
	if (path == NULL) {
		int f = config_find(&found, stderr);
		if (f <= 0)
			return f < 0 ? EXIT_USAGE : 0;
		path = found;
	}
	r->have_cfg = true;
	rc = config_load(&r->cfg, path, stderr) < 0 ? EXIT_USAGE : 0;
	free(found);
	if (rc != 0)
		return rc;
	if (c->nclasses == 0 && (rc = config_list(r, &r->cfg.classes, false, "ingress-class")) != 0)
		return rc;
	if (!c->classless_given && r->cfg.include_classless >= 0)
		c->aopt.include_classless = r->cfg.include_classless;
	c->aopt.default_class = r->cfg.default_class;
	if (c->nrules_files == 0 && r->cfg.rules && tool_opts_apply(c, "rules", r->cfg.rules) >= 0)
		return EXIT_USAGE;
	if (!c->fail_on_given && r->cfg.fail_on && tool_opts_apply(c, "fail-on", r->cfg.fail_on) >= 0) {
		fprintf(stderr, "%s: note: in its 'fail-on'\n", r->cfg.path);
		return EXIT_USAGE;
	}
	if ((rc = config_list(r, &r->cfg.report, c->report_given, "report")) != 0 ||
	    (rc = config_list(r, &r->cfg.skip, c->nskip > 0, "skip")) != 0 ||
	    (rc = config_list(r, &r->cfg.only, c->nonly > 0, "only")) != 0)
		return rc;
	return 0;
}

/* Check the --skip and --only ids against the rule table. Returns 0 or
 * EXIT_USAGE. */
static int check_selection(const struct run *r)
{
	const struct tool_opts *c = r->c;

	for (size_t k = 0; k < 2; k++) {
		const char *const *v = k ? c->only : c->skip;
		for (size_t i = 0; i < (k ? c->nonly : c->nskip); i++) {
			const char *near;
			if (suppress_id_known(r->rs, c->aopt.prefix, v[i]))
				continue;
			near = suppress_id_suggest(r->rs, v[i]);
			return usage_error(c->cmd, "--%s '%s' is no rule id or annotation name%s%s%s", k ? "only" : "skip",
					   v[i], near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		}
	}
	return 0;
}

/* The suppressor of the run, with its baseline. Returns 0 or EXIT_USAGE. */
static int start_suppressor(struct run *r)
{
	struct tool_opts *c = r->c;
	int rc;

	if ((rc = check_selection(r)) != 0)
		return rc;
	r->sopt.prefix = c->aopt.prefix;
	r->sopt.rules = r->rs;
	r->sopt.skip = c->skip;
	r->sopt.nskip = c->nskip;
	r->sopt.only = c->only;
	r->sopt.nonly = c->nonly;
	r->sopt.cfg = r->have_cfg ? &r->cfg : NULL;
	r->sup = suppressor_new(&r->sopt);
	if (c->baseline && suppressor_load_baseline(r->sup, c->baseline, stderr) < 0)
		return EXIT_USAGE;
	return 0;
}

int tool_run(struct tool_opts *c, int argc, char **argv)
{
	static const char *const default_classes[] = { "nginx" };
	struct run r;
	bool failed = false, ok;
	int rc, report_rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.convert = c->cmd == CMD_CONVERT;
	r.checks = c->cmd == CMD_CHECKS;
	r.review = r.convert && (c->diff || c->check);
	input_set_stdin_name(c->stdin_name);
	r.max_active = -1;
	if ((rc = load_config(&r)) != 0)
		goto out;
	if (c->nexclude) {
		r.inputs.exclude = c->exclude;
		r.inputs.nexclude = c->nexclude;
	} else if (r.have_cfg) {
		r.inputs.exclude = (const char *const *)r.cfg.exclude.v;
		r.inputs.nexclude = r.cfg.exclude.n;
	}
	/* a path that cannot be read is an input error: shown now, a finding
	 * once the report has begun, exit status 2 whatever else is found */
	for (int i = 0; i < (argc ? argc : 1); i++) {
		struct capture cp;
		if (input_add(&r.inputs, argc ? argv[i] : "-", capture_begin(&cp)) < 0)
			failed = true;
		capture_end(&cp, &r.early);
	}
	input_finish(&r.inputs, stderr);
	plan_reports(&r);
	for (size_t i = 0; c->in_place && i < r.inputs.n; i++) {
		if (strcmp(r.inputs.paths[i], "-") == 0) {
			rc = usage_error(c->cmd, "%s", "--in-place needs files, not standard input");
			goto out;
		}
	}
	if ((rc = check_collisions(&r)) != 0)
		goto out;
	r.rs = tool_rules_load(c);
	if (r.rs == NULL) {
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = start_suppressor(&r)) != 0)
		goto out;
	c->aopt.classes = c->nclasses ? c->classes : default_classes;
	c->aopt.nclasses = c->nclasses ? c->nclasses : 1;
	c->aopt.convert = r.convert;
	if (c->gateway_opts && c->to != TARGET_GATEWAY) {
		rc = usage_error(c->cmd, "%s",
				 "the --gateway*, --keep-ingresses and --allow-experimental options need --to gateway");
		goto out;
	}
	if (c->to == TARGET_GATEWAY) {
		c->gopt.flush = gateway_flush;
		c->gopt.flush_ud = &r;
		c->aopt.gateway = gateway_new(&c->gopt, &r.fs);	/* lint too: its findings */
	}
	if (r.checks)
		c->aopt.checks = checks_new(&c->kopt);
	c->popt.gateway = c->to == TARGET_GATEWAY;
	if (!c->no_plugins)
		c->aopt.plugins = plugins_new(&c->popt, &r.fs);
	c->gopt.plugins = c->aopt.plugins;	/* borrowed by the gateway emitter: routes for plugin rules */
	if (c->plugins_out && c->no_plugins) {
		rc = usage_error(c->cmd, "%s", "--plugins-out and --no-plugins contradict each other");
		goto out;
	}
	if (c->plugins_out && (c->diff || c->check) && strcmp(c->plugins_out, "-") == 0) {
		rc = usage_error(c->cmd, "%s", "--diff and --check compare --plugins-out FILE with the WasmPlugins and "
				 "higress-config convert would write: '-' is no file to compare");
		goto out;
	}
	/* the controller ConfigMap: its defaults from the index pass on */
	r.cc = ctrl_config_new();
	c->aopt.ctrl = ctrl_config_settings(r.cc);
	c->gopt.ctrl = ctrl_config_settings(r.cc);
	if (r.checks)
		checks_use_config(c->aopt.checks, r.cc);
	r.an = analyzer_new(&c->aopt, r.rs, &r.fs);
	r.ix = index_new(c->aopt.prefix);
	if (r.cc)
		index_set_configmap_filter(r.ix, ctrl_config_wanted, NULL);
	if (r.convert && target_ops[c->to].ready) {
		const char *why = NULL;
		struct run_ctx ctx = { .opts = c, .inputs = &r.inputs, .rules = r.rs, .an = r.an, .fs = &r.fs };
		if (!target_ops[c->to].ready(&ctx, &why)) {
			rc = usage_error(c->cmd, "%s", why ? why : "this target cannot be written");
			goto out;
		}
	}
	if ((rc = open_output(&r)) != 0 || (rc = begin_reports(&r)) != 0)
		goto out;
	input_errors(&r, &r.early);
	/* the report is written even after an input error; a report file
	 * that cannot be made final replaces no converted file either */
	/* a person who typed the command without a path is waiting for
	 * output that will not come until standard input ends */
	if (argc == 0 && isatty(STDIN_FILENO))
		fprintf(stderr, "ingress2higress: note: reading standard input (no PATH given); end it with Ctrl-D\n");
	ok = run_inputs(&r) && !failed;
	report_rc = write_report(&r);
	if (!ok || report_rc != 0)
		rc = EXIT_USAGE;
	else
		rc = commit_output(&r);
	if (commit_report(&r) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && r.max_active >= 0 && c->fail_on < SEV__COUNT && r.max_active >= c->fail_on)
		rc = EXIT_FINDINGS;
	if (rc == EXIT_CLEAN && c->check && r.changed > 0)
		rc = EXIT_FINDINGS;
out:
	run_free(&r);
	input_set_stdin_name(NULL);
	return rc;
}
