/* report_html.h - the HTML report: one self-contained page for a
 * migration review (inline style, SVG charts and one small script, no
 * network: its Content-Security-Policy allows nothing else). */
#ifndef I2H_REPORT_HTML_H
#define I2H_REPORT_HTML_H

#include <stdio.h>

#include "finding.h"
#include "report.h"
#include "report_list.h"

/* The page's style, script and Content-Security-Policy (generated at
 * build time from src/report_html.css and src/report_html.js). */
extern const char i2h_html_css[];
extern const char i2h_html_js[];
extern const char i2h_html_csp[];

/* The namespace chart shows this many namespaces; the rest are one bar
 * that says how many namespaces it stands for. */
#define HTML_NS_BARS 12

/* Write the HTML report of the records of src to out: counts (c, the
 * records' counts), charts by status, severity and namespace (ns[0..nns),
 * their namespace tally), one table per object in report order, the
 * suppressed findings apart, and a filter that works without the network
 * (the page reads in full without script). One object's findings are in
 * memory at a time; src is read twice when some are suppressed. Returns
 * 0, or -1 when a read or write failed. Allocates small lists it frees. */
int report_html_stream(FILE *out, struct report_source *src, const struct report_counts *c,
		       const struct report_tally_entry *ns, size_t nns, const struct report_summary *sum);

#endif
