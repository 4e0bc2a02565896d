/* report_markdown.c - the Markdown report, for a pull-request comment.
 *
 * Written for GitHub-flavoured Markdown (tables, <details>); everything
 * taken from the input is escaped for the context it lands in: code spans
 * for annotation keys, values and rule ids, escaped text for messages,
 * HTML references inside <summary>.
 */
#include "report_markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_list.h"
#include "util.h"
#include "version.h"

static const char *const sev_mark[SEV__COUNT] = {
	"\xf0\x9f\x94\xb5", "\xf0\x9f\x9f\xa1", "\xf0\x9f\x9f\xa0", "\xf0\x9f\x94\xb4",
};

/* Markdown text: HTML's three, a line feed as <br> (a table cell is one
 * line), a backslash before each character Markdown would read as markup,
 * and no @mention or #123 reference from a value. */
static const struct report_escapes md_text_escapes = {
	.rep = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['\n'] = "<br>",
		['\\'] = "\\\\", ['`'] = "\\`", ['*'] = "\\*", ['_'] = "\\_", ['['] = "\\[", [']'] = "\\]",
		['~'] = "\\~", ['|'] = "\\|", ['$'] = "\\$", ['!'] = "\\!",
	},
	.guard_refs = true,
};

/* Inside a code span only '|' needs a backslash, for the table. */
static const struct report_escapes md_code_escapes = { .rep = { ['|'] = "\\|" } };

void md_put_text(FILE *out, const char *s)
{
	if (s)
		report_put_escaped(out, s, strlen(s), &md_text_escapes);
}

/* Write s[0..n), which holds no line feed, as one code span: a fence
 * longer than any backtick run inside, padded when the content would
 * otherwise lose or gain a space, '|' escaped for the table. Allocates
 * nothing. */
static void md_code_line(FILE *out, const char *s, size_t n)
{
	size_t run = 0, longest = 0, fence;
	bool pad, blank = true;

	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
		if (s[i] != ' ')
			blank = false;
	}
	fence = longest + 1;
	pad = s[0] == '`' || s[n - 1] == '`' || (!blank && s[0] == ' ' && s[n - 1] == ' ');
	for (size_t i = 0; i < fence; i++)
		putc('`', out);
	if (pad)
		putc(' ', out);
	report_put_escaped(out, s, n, &md_code_escapes);
	if (pad)
		putc(' ', out);
	for (size_t i = 0; i < fence; i++)
		putc('`', out);
}

void md_put_code(FILE *out, const char *s, size_t max)
{
	size_t n, cut;

	if (s == NULL) {
		fputs("\xe2\x80\x94", out);
		return;
	}
	n = cut = strlen(s);
	if (n == 0) {
		fputs("(empty)", out);
		return;
	}
	if (n > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut;) {
		size_t line = i;
		while (line < cut && s[line] != '\n')
			line++;
		if (line > i)
			md_code_line(out, s + i, line - i);
		if (line < cut)
			fputs("<br>", out);
		i = line + 1;
	}
	if (cut < n)
		fprintf(out, " \xe2\x80\xa6 (%zu more bytes)", n - cut);
}

/* "C critical, E error" for the severities that occur, most severe
 * first. Allocates nothing. */
static void md_severity_list(FILE *out, const size_t sv[SEV__COUNT])
{
	bool first = true;

	for (int s = SEV__COUNT - 1; s >= 0; s--) {
		if (sv[s] == 0)
			continue;
		fprintf(out, "%s%zu %s", first ? "" : ", ", sv[s], severity_name(s));
		first = false;
	}
	if (first)
		fputs("no findings", out);
}

/* one or more, by n (static strings). */
static const char *plural(size_t n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

/* The heading, the counts line and the status x severity table.
 * Allocates nothing. */
static void md_summary(FILE *out, const struct report_counts *c, const struct report_summary *sum)
{
	fputs("## ingress2higress migration report\n\n", out);
	fprintf(out, "**%zu %s** (", c->total, plural(c->total, "finding", "findings"));
	md_severity_list(out, c->severity);
	fprintf(out, ") in %zu %s: %zu %s, %zu %s, %zu %s; target `%s`",
		sum->files, plural(sum->files, "file", "files"),
		sum->objects, plural(sum->objects, "object", "objects"),
		sum->ingresses, plural(sum->ingresses, "Ingress", "Ingresses"),
		sum->annotations, plural(sum->annotations, "annotation", "annotations"),
		sum->target ? sum->target : "ingress");
	if (c->suppressed)
		fprintf(out, "; %zu suppressed", c->suppressed);
	fputs(".\n\n", out);
	if (c->total == 0)
		return;
	fputs("| status |", out);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fprintf(out, " %s %s |", sev_mark[s], severity_name(s));
	fputs(" total |\n|---|", out);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fputs("--:|", out);
	fputs("--:|\n", out);
	for (int st = 0; st < ST__COUNT; st++) {
		if (c->status[st] == 0)
			continue;
		fprintf(out, "| %s |", status_name(st));
		for (int s = SEV__COUNT - 1; s >= 0; s--)
			fprintf(out, " %zu |", c->cell[st][s]);
		fprintf(out, " %zu |\n", c->status[st]);
	}
	fputs("| **total** |", out);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fprintf(out, " **%zu** |", c->severity[s]);
	fprintf(out, " **%zu** |\n\n", c->total);
}

/* "Ingress ns/name" as HTML for a <summary>, or the file alone for a
 * finding on no object. Allocates nothing. */
static void md_object_html(FILE *out, const struct finding *f)
{
	if (f->kind == NULL && f->name == NULL) {
		fputs("<b>file</b>", out);
		return;
	}
	fputs("<b>", out);
	report_put_html(out, f->kind ? f->kind : "object");
	fputs("</b> <code>", out);
	if (f->ns) {
		report_put_html(out, f->ns);
		putc('/', out);
	}
	report_put_html(out, f->name ? f->name : "(unnamed)");
	fputs("</code>", out);
}

/* The rule id as code, linked to its documentation when the URL is
 * safe to write. Allocates nothing. */
static void md_rule(FILE *out, const struct finding *f)
{
	if (report_safe_url(f->doc)) {
		putc('[', out);
		md_put_code(out, f->rule, MD_VALUE_MAX);
		fprintf(out, "](%s)", f->doc);
	} else {
		md_put_code(out, f->rule, MD_VALUE_MAX);
	}
}

/* One finding as a table row. Allocates nothing. */
static void md_row(FILE *out, const struct finding *f)
{
	fputs("| ", out);
	md_put_code(out, f->annotation, MD_VALUE_MAX);
	fputs(" | ", out);
	md_put_code(out, f->value, MD_VALUE_MAX);
	fprintf(out, " | %s | %s %s | ", status_name(f->status), sev_mark[f->severity],
		severity_name(f->severity));
	md_put_text(out, f->message);
	if (f->fix) {
		fputs("<br>**fix:** ", out);
		md_put_text(out, f->fix);
	}
	fputs(" | ", out);
	md_rule(out, f);
	fputs(" |\n", out);
}

/* One object's findings, all of g (at least one), in a <details>
 * block; open when one of them is an error or worse. Allocates nothing. */
static void md_group(FILE *out, const struct findings *g)
{
	const struct finding *first = &g->v[0];
	size_t sv[SEV__COUNT] = {0};
	int max = 0;

	for (size_t i = 0; i < g->n; i++) {
		const struct finding *f = &g->v[i];
		sv[f->severity]++;
		if ((int)f->severity > max)
			max = (int)f->severity;
	}
	fprintf(out, "<details%s>\n<summary>%s ", max >= SEV_ERROR ? " open" : "", sev_mark[max]);
	md_object_html(out, first);
	fputs(" in <code>", out);
	report_put_html(out, first->file);
	fprintf(out, ":%zu</code>: ", first->pos.line);
	md_severity_list(out, sv);
	fputs("</summary>\n\n| annotation | value | status | severity | becomes / fix | rule |\n"
	      "|---|---|---|---|---|---|\n", out);
	for (size_t i = 0; i < g->n; i++)
		md_row(out, &g->v[i]);
	fputs("\n</details>\n\n", out);
}

/* The heading of the suppressed table of n findings. Allocates nothing. */
static void md_suppressed_head(FILE *out, size_t n)
{
	fprintf(out, "### Suppressed (%zu)\n\n<details>\n<summary>%zu suppressed %s, not counted above"
		"</summary>\n\n| object | where | annotation | rule | severity | justification |\n"
		"|---|---|---|---|---|---|\n", n, n, plural(n, "finding", "findings"));
}

/* One suppressed finding as a row. Allocates a scratch buffer it frees. */
static void md_suppressed_row(FILE *out, const struct finding *f)
{
	struct buf where = {0};

	fputs("| ", out);
	if (f->kind || f->name) {
		md_put_text(out, f->kind ? f->kind : "object");
		putc(' ', out);
		buf_printf(&where, "%s%s%s", f->ns ? f->ns : "", f->ns ? "/" : "",
			   f->name ? f->name : "(unnamed)");
		md_put_code(out, buf_cstr(&where), MD_VALUE_MAX);
		where.len = 0;
	} else {
		fputs("file", out);
	}
	fputs(" | ", out);
	buf_printf(&where, "%s:%zu", f->file ? f->file : "", f->pos.line);
	md_put_code(out, buf_cstr(&where), SIZE_MAX);
	buf_free(&where);
	fputs(" | ", out);
	md_put_code(out, f->annotation, MD_VALUE_MAX);
	fputs(" | ", out);
	md_rule(out, f);
	fprintf(out, " | %s | ", severity_name(f->severity));
	if (f->justification)
		md_put_text(out, f->justification);
	else
		fputs("*(no reason given)*", out);
	fputs(" |\n", out);
}

/* Write the group g (all its findings, in order) and empty it.
 * Allocates nothing. */
static void md_flush_group(FILE *out, struct findings *g)
{
	if (g->n == 0)
		return;
	md_group(out, g);
	findings_clear(g);
}

/* The object groups of the spooled findings that are not suppressed:
 * one group in memory at a time. Returns 0, or -1 on a read error.
 * Allocates two small lists it frees. */
static int md_stream_groups(FILE *out, struct report_source *src)
{
	struct findings cur = {0}, nx = {0};
	int rc;

	while ((rc = report_source_next(src, &nx)) == 1) {
		const struct finding *f = &nx.v[0];
		if (!f->suppressed) {
			if (cur.n && !report_same_object(&cur.v[0], f))
				md_flush_group(out, &cur);
			findings_add(&cur, f);
		}
		findings_clear(&nx);
	}
	md_flush_group(out, &cur);
	findings_free(&cur);
	findings_free(&nx);
	return rc;
}

/* The suppressed table of the spooled findings, n of them. Returns 0,
 * or -1 on a read error. Allocates a small list it frees. */
static int md_stream_suppressed(FILE *out, struct report_source *src, size_t n)
{
	struct findings one = {0};
	int rc;

	md_suppressed_head(out, n);
	while ((rc = report_source_next(src, &one)) == 1) {
		if (one.v[0].suppressed)
			md_suppressed_row(out, &one.v[0]);
		findings_clear(&one);
	}
	findings_free(&one);
	fputs("\n</details>\n\n", out);
	return rc;
}

int report_markdown_stream(FILE *out, struct report_source *src, const struct report_counts *c,
			   const struct report_summary *sum)
{
	md_summary(out, c, sum);
	if (c->total)
		fputs("### Findings by object\n\n", out);
	if (report_source_rewind(src) < 0 || md_stream_groups(out, src) < 0)
		return -1;
	if (c->suppressed && (report_source_rewind(src) < 0 || md_stream_suppressed(out, src, c->suppressed) < 0))
		return -1;
	fputs("<sub>ingress2higress " I2H_VERSION "</sub>\n", out);
	if (ferror(out))
		return -1;
	return fflush(out) == 0 ? 0 : -1;
}
