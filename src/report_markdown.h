/* report_markdown.h - the Markdown report, for a pull-request comment. */
#ifndef I2H_REPORT_MARKDOWN_H
#define I2H_REPORT_MARKDOWN_H

#include <stdio.h>

#include "finding.h"
#include "report.h"
#include "report_list.h"

/* Values longer than this many bytes are cut in the Markdown report (the
 * cell says how many bytes were left out). */
#define MD_VALUE_MAX 200

/* Write the Markdown report of the records of src to out: a heading, a
 * table of counts (c, the records' counts) by status and severity, then
 * one collapsible table per object in report order, then the suppressed
 * findings apart. One object's findings are in memory at a time; src is
 * read twice when some are suppressed. Returns 0, or -1 when a read or
 * write failed. Allocates small lists it frees. */
int report_markdown_stream(FILE *out, struct report_source *src, const struct report_counts *c,
			   const struct report_summary *sum);

/* Write s as Markdown inline text for a table cell: punctuation that
 * Markdown, tables or math would read escaped, < > & as references, line
 * breaks as <br>, mentions and issue references defused. NULL writes
 * nothing. Allocates nothing. */
void md_put_text(FILE *out, const char *s);

/* Write s as code spans for a table cell, one per line joined by <br>;
 * an s longer than max bytes is cut (at a character boundary) and the
 * cell says how many bytes were left out. NULL writes an em dash, an
 * empty s "(empty)". Allocates nothing. */
void md_put_code(FILE *out, const char *s, size_t max);

#endif
