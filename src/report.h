/* report.h - format one list of findings in the report formats.
 *
 * Each format is a function over the same finding list and summary, so a
 * new format (SARIF, JUnit, ...) is one more function.
 */
#ifndef I2H_REPORT_H
#define I2H_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"

enum report_format { RF_TEXT, RF_JSON, RF_HTML, RF_MARKDOWN, RF__COUNT };

struct report_summary {
	const char *target;	/* "ingress" */
	size_t files;
	size_t objects;
	size_t ingresses;
	size_t annotations;
	size_t suppressed;	/* findings marked suppressed (kept in the list) */
	size_t baselined;	/* findings found in the --baseline report (kept) */
	size_t skipped;		/* findings dropped by --skip/--only (not in the list) */
	const char *config;	/* the config file used, or NULL */
};

/* Write the report to out. colour adds terminal colours to the text
 * format. Returns 0, or -1 if writing failed. */
int report_write(FILE *out, enum report_format fmt, const struct findings *fs,
		 const struct report_summary *sum, bool colour);

/* Parse a format name; -1 when unknown. */
int report_format_from_name(const char *name);
/* The name of a format (static), or NULL out of range. */
const char *report_format_name(int fmt);

/* The most severe finding, or -1 when there is none. */
int report_max_severity(const struct findings *fs);

#endif
