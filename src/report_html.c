/* report_html.c - the HTML report (a stand-in until the htmlmd branch
 * lands its full version): one self-contained page with the counts and a
 * table of the findings. */
#include "report.h"

int report_html_write(FILE *out, const struct findings *fs, const struct report_summary *sum)
{
	struct buf b = {0};

	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<title>ingress2higress report</title></head><body>\n<p>%zu findings in %zu files, "
		   "%zu Ingresses</p>\n<table>\n", fs->n, sum->files, sum->ingresses);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		buf_adds(&b, "<tr><td>");
		report_xml_escape(&b, f->file);
		buf_printf(&b, ":%zu:%zu</td><td>%s</td><td>", f->pos.line, f->pos.column,
			   severity_name(f->severity));
		report_xml_escape(&b, f->rule);
		buf_adds(&b, "</td><td>");
		report_xml_escape(&b, f->message);
		buf_adds(&b, "</td></tr>\n");
	}
	buf_adds(&b, "</table>\n</body></html>\n");
	if (fwrite(b.data, 1, b.len, out) != b.len) {
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}
