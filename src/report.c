/* report.c - text and JSON reports. */
#include "report.h"

#include <string.h>

#include "report_html.h"
#include "report_markdown.h"
#include "util.h"
#include "version.h"

const char *report_format_name(int fmt)
{
	static const char *const names[RF__COUNT] = {
		[RF_TEXT] = "text", [RF_JSON] = "json", [RF_HTML] = "html", [RF_MARKDOWN] = "markdown",
	};

	return fmt >= 0 && fmt < RF__COUNT ? names[fmt] : NULL;
}

int report_format_from_name(const char *name)
{
	if (strcmp(name, "text") == 0)
		return RF_TEXT;
	if (strcmp(name, "json") == 0)
		return RF_JSON;
	if (strcmp(name, "html") == 0)
		return RF_HTML;
	if (strcmp(name, "markdown") == 0)
		return RF_MARKDOWN;
	return -1;
}

int report_max_severity(const struct findings *fs)
{
	int max = -1;

	for (size_t i = 0; i < fs->n; i++)
		if (!fs->v[i].suppressed && !fs->v[i].baselined && (int)fs->v[i].severity > max)
			max = (int)fs->v[i].severity;
	return max;
}

static const char *const sev_colour[SEV__COUNT] = {
	"\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};

/* Append v in decimal. */
static void add_size(struct buf *b, size_t v)
{
	char t[24];
	size_t i = sizeof(t);

	do
		t[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, t + i, sizeof(t) - i);
}

static void text_finding(struct buf *b, const struct finding *f, bool colour)
{
	buf_adds(b, f->file);
	buf_addc(b, ':');
	add_size(b, f->pos.line);
	buf_addc(b, ':');
	add_size(b, f->pos.column);
	buf_adds(b, ": ");
	if (colour)
		buf_adds(b, sev_colour[f->severity]);
	buf_adds(b, severity_name(f->severity));
	buf_adds(b, colour ? "\033[0m: " : ": ");
	if (f->annotation) {
		buf_addc(b, '\'');
		buf_adds(b, f->annotation);
		buf_adds(b, "' ");
		buf_adds(b, status_name(f->status));
		buf_adds(b, ": ");
	}
	/* one finding, one line: escape line breaks a value brought in */
	for (const char *m = f->message; *m;) {
		size_t run = strcspn(m, "\r\n");
		buf_add(b, m, run);
		m += run;
		if (*m)
			buf_adds(b, *m++ == '\n' ? "\\n" : "\\r");
	}
	buf_adds(b, " [");
	buf_adds(b, f->rule);
	buf_adds(b, "]\n");
}

/* The last line: the config used and what the report leaves out. */
static void text_trailer(struct buf *b, const struct report_summary *sum)
{
	if (sum->config)
		buf_printf(b, "config '%s'; ", sum->config);
	else
		buf_adds(b, "no config; ");
	buf_printf(b, "%zu suppressed, %zu baselined, %zu skipped by --skip/--only\n", sum->suppressed,
		   sum->baselined, sum->skipped);
}

static void json_report(struct buf *b, const struct findings *fs, const struct report_summary *sum)
{
	size_t st[ST__COUNT] = {0}, sv[SEV__COUNT] = {0};
	char fp[17];

	for (size_t i = 0; i < fs->n; i++) {
		st[fs->v[i].status]++;
		sv[fs->v[i].severity]++;
	}
	buf_adds(b, "{\"version\":1,\"tool\":{\"name\":\"ingress2higress\",\"version\":\"" I2H_VERSION "\"},");
	buf_add_json_kv(b, "target", sum->target, true);
	buf_printf(b, "\n\"summary\":{\"files\":%zu,\"objects\":%zu,\"ingresses\":%zu,\"annotations\":%zu,\"status\":{",
		   sum->files, sum->objects, sum->ingresses, sum->annotations);
	for (int i = 0; i < ST__COUNT; i++)
		buf_printf(b, "%s\"%s\":%zu", i ? "," : "", status_name(i), st[i]);
	buf_adds(b, "},\"severity\":{");
	for (int i = SEV__COUNT - 1; i >= 0; i--)
		buf_printf(b, "%s\"%s\":%zu", i < SEV__COUNT - 1 ? "," : "", severity_name(i), sv[i]);
	buf_printf(b, "},\"suppressed\":%zu,\"baselined\":%zu,\"skipped\":%zu", sum->suppressed, sum->baselined,
		   sum->skipped);
	buf_adds(b, "},\n\"findings\":[");
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		buf_adds(b, i ? ",\n" : "\n");
		buf_addc(b, '{');
		buf_add_json_kv(b, "file", f->file, true);
		buf_printf(b, "\"line\":%zu,\"column\":%zu,\"object\":{", f->pos.line, f->pos.column);
		buf_add_json_kv(b, "kind", f->kind, true);
		buf_add_json_kv(b, "namespace", f->ns, true);
		buf_add_json_kv(b, "name", f->name, false);
		buf_adds(b, "},");
		buf_add_json_kv(b, "annotation", f->annotation, true);
		buf_add_json_kv(b, "value", f->value, true);
		buf_add_json_kv(b, "status", status_name(f->status), true);
		buf_add_json_kv(b, "severity", severity_name(f->severity), true);
		buf_add_json_kv(b, "rule", f->rule, true);
		buf_add_json_kv(b, "message", f->message, true);
		buf_add_json_kv(b, "fix", f->fix, true);
		buf_add_json_kv(b, "doc", f->doc, true);
		finding_fingerprint(f, fp);
		buf_add_json_kv(b, "fingerprint", fp, f->suppressed || f->baselined);
		if (f->suppressed) {
			buf_adds(b, "\"suppressed\":true,");
			buf_add_json_kv(b, "justification", f->justification, f->baselined);
		}
		if (f->baselined)
			buf_adds(b, "\"baselined\":true");
		buf_addc(b, '}');
	}
	buf_adds(b, fs->n ? "\n]}\n" : "]}\n");
}

/* Write out what b holds once it is 64 KiB or more, so that the text
 * report is never held whole. 0, or -1 on a write error. */
static int flush_piece(struct buf *b, FILE *out)
{
	int rc = 0;

	if (b->len < 65536)
		return 0;
	if (fwrite(b->data, 1, b->len, out) != b->len)
		rc = -1;
	buf_consume(b, b->len);
	return rc;
}

int report_write(FILE *out, enum report_format fmt, const struct findings *fs,
		 const struct report_summary *sum, bool colour)
{
	struct buf b = {0};
	int rc = 0;

	/* whole-list formats write straight to out (until the sinks land) */
	if (fmt == RF_HTML)
		return report_html_write(out, fs, sum);
	if (fmt == RF_MARKDOWN)
		return report_markdown_write(out, fs, sum);
	if (fmt == RF_JSON) {
		json_report(&b, fs, sum);
	} else {
		for (size_t i = 0; i < fs->n && rc == 0; i++)
			if (!fs->v[i].suppressed && !fs->v[i].baselined) {
				text_finding(&b, &fs->v[i], colour);
				rc = flush_piece(&b, out);
			}
		if (sum->baselined)
			buf_adds(&b, "in the --baseline report (not counted for --fail-on):\n");
		for (size_t i = 0; i < fs->n && rc == 0; i++)
			if (!fs->v[i].suppressed && fs->v[i].baselined) {
				text_finding(&b, &fs->v[i], colour);
				rc = flush_piece(&b, out);
			}
		text_trailer(&b, sum);
	}
	if (rc == 0 && b.len && fwrite(b.data, 1, b.len, out) != b.len)
		rc = -1;
	if (fflush(out) != 0)
		rc = -1;
	buf_free(&b);
	return rc;
}
