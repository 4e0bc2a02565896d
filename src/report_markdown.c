/* report_markdown.c - the Markdown report (a stand-in until the htmlmd
 * branch lands its full version): a summary line and one list item per
 * finding. */
#include "report.h"

int report_markdown_write(FILE *out, const struct findings *fs, const struct report_summary *sum)
{
	fprintf(out, "# ingress2higress report\n\n%zu findings in %zu files, %zu Ingresses\n\n", fs->n, sum->files,
		sum->ingresses);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		fprintf(out, "- `%s:%zu:%zu` %s `%s`\n", f->file, f->pos.line, f->pos.column,
			severity_name(f->severity), f->rule);
	}
	return ferror(out) ? -1 : 0;
}
