/* report.h - report sinks: findings stream to one or more formats.
 *
 * The run driver feeds every sink the same events as the input goes by:
 * sink_begin (the header), sink_file (the findings that follow are of this
 * input), sink_finding per finding, sink_object_end after each object's
 * findings, and sink_end with the summary of running counts. A sink keeps
 * nothing per finding once it has written it (JSON, SARIF and JUnit spool
 * to a temporary file what comes before their header; html and markdown
 * spool each object's findings, in input order, as it ends, and keep only
 * counts, a namespace tally, the file names and, for each finding that
 * comes after findings it goes before in input order (a step over the
 * whole input), a small key to merge it back). So the report's memory does
 * not grow with the input.
 */
#ifndef I2H_REPORT_H
#define I2H_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"
#include "rules.h"
#include "util.h"

enum report_format { RF_TEXT, RF_JSON, RF_HTML, RF_MARKDOWN, RF_SARIF, RF_GITHUB, RF_JUNIT, RF__COUNT };

/* The header and, at the end, the running counts of a report. */
struct report_summary {
	const char *target;	/* "ingress" */
	size_t files;
	size_t objects;
	size_t ingresses;
	size_t annotations;
	size_t suppressed;	/* findings marked suppressed (kept in the list) */
	size_t baselined;	/* findings found in the --baseline report, not suppressed (kept) */
	size_t skipped;		/* findings dropped by --skip/--only (not in the list) */
	const char *config;	/* the config file used, or NULL */
	/* counts of the findings delivered (sink_end only) */
	size_t findings;		/* all, suppressed and baselined included */
	size_t status[ST__COUNT];	/* all findings */
	size_t severity[SEV__COUNT];	/* all findings */
	size_t active[SEV__COUNT];	/* findings neither suppressed nor baselined */
};

/* The object whose findings were just delivered. Borrowed strings. */
struct report_object {
	const char *file;
	const char *kind;	/* or NULL (an input error, a document without one) */
	const char *ns;		/* or NULL */
	const char *name;	/* or NULL */
	struct pos pos;
	size_t findings;	/* delivered for it since the previous object */
	bool late;		/* findings of a step over the whole input (after its
				 * objects were ended once already) */
};

struct report_options {
	bool colour;		/* text: terminal colours */
	int min_severity;	/* text, github: hide findings below (display only) */
	bool quiet;		/* text: the summary and findings of severity error and above */
	bool skip_input_errors;	/* text: leave out input-error findings (already on this stream) */
	int fail_on;		/* junit: severity of a failure, SEV__COUNT for never */
	const struct ruleset *rules;	/* sarif: the rule table, or NULL */
	int target;		/* sarif: whose block of the rule table (enum target) */
	const char *prefix;	/* sarif: the annotation prefix, without '/' */
	const char *srcroot;	/* sarif: the directory relative paths start from
				 * (NULL: the current directory) */
};

struct sink;

/* A sink writing fmt to out (borrowed; the caller closes it after
 * sink_free). opt is copied (its pointers borrowed). Allocates; NULL
 * after a message on stderr when a temporary file cannot be made. */
struct sink *sink_new(enum report_format fmt, FILE *out, const struct report_options *opt);
void sink_begin(struct sink *s, const struct report_summary *head);
void sink_file(struct sink *s, const char *file);
/* f is borrowed for the call only. */
void sink_finding(struct sink *s, const struct finding *f);
void sink_object_end(struct sink *s, const struct report_object *o);
/* Finish the document and flush. Returns 0, or -1 if any write failed. */
int sink_end(struct sink *s, const struct report_summary *sum);
void sink_free(struct sink *s);

/* Write a whole finding list as one report in fmt (sum's counts are
 * computed from fs; its header fields are used). For callers that hold
 * the list (tests, fuzzing). Returns 0, or -1 if writing failed. */
int report_write(FILE *out, enum report_format fmt, const struct findings *fs, const struct report_summary *sum,
		 bool colour);

/* Parse a format name; -1 when unknown. */
int report_format_from_name(const char *name);
/* The name of a format (static), or NULL out of range. */
const char *report_format_name(int fmt);

/* Escapes, exported for the tests; each appends to b. */
/* XML 1.0 character data and attribute values: & < > " ' escaped,
 * characters XML cannot carry (controls but tab, LF, CR; U+FFFE/FFFF;
 * invalid UTF-8) written as U+FFFD. */
void report_xml_escape(struct buf *b, const char *s);
/* GitHub workflow command data (% CR LF), and with property true also a
 * property value (: and , besides). */
void report_github_escape(struct buf *b, const char *s, bool property);
/* A file name as a URI reference: unreserved characters and '/' kept,
 * every other byte percent-encoded. */
void report_uri_escape(struct buf *b, const char *s);


#endif
