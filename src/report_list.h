/* report_list.h - what the whole-list reports (HTML, Markdown) share:
 * counts, input order, object grouping and safe characters.
 *
 * Nothing here writes a report; each function states what it allocates.
 */
#ifndef I2H_REPORT_LIST_H
#define I2H_REPORT_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "finding.h"

/* Counts of one finding list. The status and severity counts cover the
 * findings that are not suppressed; suppressed ones are counted apart. */
struct report_counts {
	size_t cell[ST__COUNT][SEV__COUNT];
	size_t status[ST__COUNT];
	size_t severity[SEV__COUNT];
	size_t total;		/* not suppressed */
	size_t suppressed;
};

/* Fill *c from fs. Allocates nothing. */
void report_count(const struct findings *fs, struct report_counts *c);
/* Add one finding to *c. Allocates nothing. */
void report_count_one(struct report_counts *c, const struct finding *f);

/* Write f to the temporary file spool as one record (its strings with
 * it). Returns 0, or -1 when the write failed. Allocates nothing. */
int report_rec_write(FILE *spool, const struct finding *f);
/* Read the next record of spool and append it to fs (its strings copied
 * into fs's pool). Returns 1, 0 at the end, -1 on a read error or a
 * truncated record. Allocates a scratch buffer it frees. */
int report_rec_read(FILE *spool, struct findings *fs);

/* The indices of fs->v in input order: files in the order they first
 * appear, then line, then column, ties in list order. Returns an array of
 * fs->n indices the caller frees, or NULL when fs->n is 0. */
size_t *report_order(const struct findings *fs);

/* Whether a and b are findings on the same object: same file, kind,
 * namespace and name (NULL equals NULL only). Allocates nothing. */
bool report_same_object(const struct finding *a, const struct finding *b);

/* One value and how often it occurs, for report_tally(). */
struct report_tally_entry {
	const char *key;	/* borrowed from the findings; NULL for "none" */
	size_t count;
};

/* The namespaces of the findings that are not suppressed, with their
 * counts, most findings first (ties by name, "none" last). Returns an
 * array the caller frees (keys borrowed from fs) and its length in *n;
 * NULL when there is none. */
struct report_tally_entry *report_tally_namespaces(const struct findings *fs, size_t *n);

/* A namespace tally built one finding at a time, its keys owned. */
struct report_tally;

/* An empty tally. Allocates; report_tally_free() frees. */
struct report_tally *report_tally_new(void);
/* Count one finding that is not suppressed in namespace ns (NULL: none;
 * copied when new). */
void report_tally_add(struct report_tally *t, const char *ns);
/* The entries, ordered as report_tally_namespaces() orders them, and
 * their number in *n; NULL when there is none. Call once, after the
 * last report_tally_add(). Borrowed from t (keys too). */
const struct report_tally_entry *report_tally_sorted(struct report_tally *t, size_t *n);
void report_tally_free(struct report_tally *t);

/* Decode the character at s[0..n) for display: its length in bytes (at
 * least 1 when n > 0) and, in *cp, the character or U+FFFD in place of a
 * byte that is not well-formed UTF-8, a control character other than tab
 * and line feed (carriage return included, DEL and C1 too) or a Unicode
 * noncharacter. Allocates nothing. */
size_t report_char(const char *s, size_t n, unsigned long *cp);

/* How text is escaped for one context (HTML, Markdown text, a Markdown
 * code span in a table): what each ASCII character is written as. */
struct report_escapes {
	const char *rep[128];	/* the replacement, or NULL: as it is */
	bool guard_refs;	/* '@' or '#' before a letter or digit is followed by a
				 * zero-width space: no @mention, no #123 link */
};

/* Write s[0..n) to out through e: printable ASCII and tabs without a
 * replacement as they are, characters report_char() rejects as U+FFFD.
 * Allocates nothing. */
void report_put_escaped(FILE *out, const char *s, size_t n, const struct report_escapes *e);

/* Write the UTF-8 encoding of cp to out. Allocates nothing. */
void report_put_utf8(FILE *out, unsigned long cp);

/* Write s (NUL-terminated; NULL writes nothing) to out as HTML text or
 * attribute value: & < > " ' as references, characters report_char()
 * rejects as U+FFFD (report_put_escaped). Allocates nothing. */
void report_put_html(FILE *out, const char *s);

/* Whether url is an http(s) URL made only of characters that need no
 * quoting in an HTML attribute or a Markdown link. Allocates nothing. */
bool report_safe_url(const char *url);

#endif
