/* report_junit.c - the JUnit XML sink: one testsuite per input file, one
 * testcase per Ingress (and per other object with findings), a failure
 * per finding at or above --fail-on (neither suppressed nor in the
 * --baseline report), the others as system-out. The shape
 * GitLab and Jenkins read (testsuites/testsuite/testcase/failure/
 * system-out). A suite's counts come before its testcases, so each suite
 * is spooled, then copied into a second spool that the root element,
 * with the totals, precedes at the end. Memory: one object's findings. */
#include "report_impl.h"

#include <stdlib.h>
#include <string.h>

struct junit {
	FILE *doc;		/* owned spool of the finished suites */
	char *file;		/* owned: the open suite's file, or NULL */
	size_t tests, failures;	/* of the open suite */
	size_t all_tests, all_failures;
	struct buf fails;	/* the current object's failure elements */
	struct buf outs;	/* ... and its system-out text (escaped) */
	size_t nfails;
};

int junit_init(struct sink *s)
{
	struct junit *j = xcalloc(1, sizeof(*j));

	s->priv = j;
	s->spool = report_spool_new();	/* the open suite's testcases */
	j->doc = report_spool_new();
	return s->spool && j->doc ? 0 : -1;
}

static void junit_close_suite(struct sink *s)
{
	struct junit *j = s->priv;
	struct buf *b = &s->b;

	if (j->file == NULL)
		return;
	buf_adds(b, "<testsuite name=\"");
	report_xml_escape(b, j->file);
	buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", j->tests, j->failures);
	report_flush_buf(b, j->doc);
	if (report_spool_drain(s->spool, j->doc) < 0)
		s->failed = true;
	fputs("</testsuite>\n", j->doc);
	j->all_tests += j->tests;
	j->all_failures += j->failures;
	j->tests = j->failures = 0;
	free(j->file);
	j->file = NULL;
}

static void junit_file(struct sink *s, const char *file)
{
	struct junit *j = s->priv;

	junit_close_suite(s);
	j->file = xstrdup(file);
}

/* One line of a finding's text: "file:line:col: severity: ...". */
static void finding_line(struct buf *b, const struct finding *f)
{
	struct buf t = {0};

	buf_adds(&t, f->file);
	if (f->pos.line)
		buf_printf(&t, ":%zu:%zu", f->pos.line, f->pos.column);
	buf_printf(&t, ": %s: ", severity_name(f->severity));
	if (f->annotation)
		buf_printf(&t, "'%s' %s: ", f->annotation, status_name(f->status));
	report_add_oneline(&t, f->message);
	buf_printf(&t, " [%s]", f->rule);
	if (f->fix) {
		buf_adds(&t, "\nfix: ");
		report_add_oneline(&t, f->fix);
	}
	if (f->suppressed) {
		buf_adds(&t, "\nsuppressed: ");
		report_add_oneline(&t, f->justification ? f->justification : "");
	} else if (f->baselined) {
		buf_adds(&t, "\nin the --baseline report");
	}
	buf_addc(&t, '\n');
	report_xml_escape(b, buf_cstr(&t));
	buf_free(&t);
}

static void junit_finding(struct sink *s, const struct finding *f)
{
	struct junit *j = s->priv;

	if (j->file == NULL)
		j->file = xstrdup(f->file);
	if (!f->suppressed && !f->baselined && (int)f->severity >= s->opt.fail_on) {
		struct buf m = {0};
		buf_printf(&m, "%s: ", f->rule);
		report_add_oneline(&m, f->message);
		buf_adds(&j->fails, "<failure message=\"");
		report_xml_escape(&j->fails, buf_cstr(&m));
		buf_printf(&j->fails, "\" type=\"%s\">", severity_name(f->severity));
		finding_line(&j->fails, f);
		buf_adds(&j->fails, "</failure>\n");
		buf_free(&m);
		j->nfails++;
	} else {
		finding_line(&j->outs, f);
	}
}

static void junit_object_end(struct sink *s, const struct report_object *o)
{
	struct junit *j = s->priv;
	struct buf *b = &s->b;

	if (o->findings == 0 && (o->kind == NULL || strcmp(o->kind, "Ingress") != 0))
		return;
	if (j->file == NULL)
		j->file = xstrdup(o->file);
	buf_adds(b, "<testcase classname=\"");
	report_xml_escape(b, o->file);
	buf_adds(b, "\" name=\"");
	{
		struct buf n = {0};
		if (!report_object_name(&n, o->kind, o->ns, o->name))
			buf_adds(&n, "input");
		if (o->late)	/* a name of its own: readers count only the first of a name */
			buf_adds(&n, " (across objects)");
		report_xml_escape(b, buf_cstr(&n));
		buf_free(&n);
	}
	if (j->fails.len == 0 && j->outs.len == 0) {
		buf_adds(b, "\"/>\n");
	} else {
		buf_adds(b, "\">\n");
		buf_add(b, j->fails.data, j->fails.len);
		if (j->outs.len) {
			buf_adds(b, "<system-out>");
			buf_add(b, j->outs.data, j->outs.len);
			buf_adds(b, "</system-out>\n");
		}
		buf_adds(b, "</testcase>\n");
	}
	report_flush_buf(b, s->spool);
	j->tests++;
	if (j->nfails)
		j->failures++;
	j->fails.len = j->outs.len = 0;
	j->nfails = 0;
}

static void junit_end(struct sink *s, const struct report_summary *sum)
{
	struct junit *j = s->priv;

	junit_close_suite(s);
	fprintf(s->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"ingress2higress\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		j->all_tests, j->all_failures);
	if (report_spool_drain(j->doc, s->out) < 0)
		s->failed = true;
	fputs("</testsuites>\n", s->out);
}

static void junit_free(struct sink *s)
{
	struct junit *j = s->priv;

	if (j == NULL)
		return;
	if (j->doc)
		fclose(j->doc);
	free(j->file);
	buf_free(&j->fails);
	buf_free(&j->outs);
	free(j);
}

const struct sink_ops junit_ops = {
	.file = junit_file,
	.finding = junit_finding,
	.object_end = junit_object_end,
	.end = junit_end,
	.free = junit_free,
};
