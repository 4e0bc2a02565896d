/* report_list.h - what the streamed reports (HTML, Markdown) share:
 * counts, spooled records and the order they are read in, object
 * grouping and safe characters.
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

/* Add one finding to *c. Allocates nothing. */
void report_count_one(struct report_counts *c, const struct finding *f);

/* The fixed part of a spooled finding; its strings follow, each as a
 * size_t length + 1 (0 for NULL) and its bytes. */
struct report_rec_head {
	size_t file;		/* first-appearance number of its file */
	struct pos pos;
	int status, severity;
	bool suppressed, baselined;
};

/* Write f to the temporary file spool as one record (its strings with
 * it), file being the first-appearance number of its file. Returns 0, or
 * -1 when the write failed. Allocates nothing. */
int report_rec_write(FILE *spool, const struct finding *f, size_t file);
/* Read the next record of spool and append it to fs (its strings copied
 * into fs's pool); its file number to *file unless file is NULL. Returns
 * 1, 0 at the end, -1 on a read error or a truncated record. Allocates a
 * scratch buffer it frees. */
int report_rec_read(FILE *spool, struct findings *fs, size_t *file);

/* The late records of a report: a spool of records in arrival order and
 * their keys. At most a fixed number of keys (REPORT_LATE_RUN, 2 MiB) is
 * in memory: when that many are, they are sorted and written to a file
 * of sorted runs, merged when the records are read. */
struct report_late;

#define REPORT_LATE_RUN 65536

/* An empty store. Allocates; report_late_free() frees. */
struct report_late *report_late_new(void);
/* Spool f, of file number file, as a late record. Returns 0, or -1 after
 * a message when a temporary file cannot be made, or when a write failed. */
int report_late_add(struct report_late *l, const struct finding *f, size_t file);
/* Once, after the last report_late_add(): sort the keys in memory and
 * flush the files. Returns 0, or -1 when a write failed. Allocates the merge's
 * buffers (small: one per run). */
int report_late_finish(struct report_late *l);
/* The number of late records. */
size_t report_late_count(const struct report_late *l);
void report_late_free(struct report_late *l);

/* The records a streamed report reads, in report order: the main spool
 * (records spooled in that order) merged with the late records, which are
 * read by offset in the order of their keys. Only one record is in
 * memory at a time. */
struct report_source {
	FILE *main;			/* borrowed */
	struct report_late *late;	/* borrowed, finished; or NULL */
	struct report_rec_head head_rec;	/* of the main record read up to its strings */
	int head;			/* 1: read ahead, 0: not yet, -1: the main spool ended */
};

/* A source over main and late (NULL: none). Allocates nothing. */
void report_source_init(struct report_source *src, FILE *main, struct report_late *late);
/* Read from the first record again. Returns 0, or -1 when a spool
 * cannot be rewound or read. Allocates nothing. */
int report_source_rewind(struct report_source *src);
/* Append the next record to fs (as report_rec_read()). Returns 1, 0 at
 * the end, -1 on a read error. Allocates a scratch buffer it frees. */
int report_source_next(struct report_source *src, struct findings *fs);

/* File names numbered in first-appearance order, in a hash table. */
struct report_files;

/* An empty table. Allocates; report_files_free() frees. */
struct report_files *report_files_new(void);
/* The number of file: its first-appearance number, a new one when it is
 * new (the name copied, owned by t). */
size_t report_files_number(struct report_files *t, const char *file);
void report_files_free(struct report_files *t);

/* Whether a and b are findings on the same object: same file, kind,
 * namespace and name (NULL equals NULL only). Allocates nothing. */
bool report_same_object(const struct finding *a, const struct finding *b);

/* One value and how often it occurs, for a namespace tally. */
struct report_tally_entry {
	const char *key;	/* borrowed from the findings; NULL for "none" */
	size_t count;
};

/* A namespace tally built one finding at a time, its keys owned. */
struct report_tally;

/* An empty tally. Allocates; report_tally_free() frees. */
struct report_tally *report_tally_new(void);
/* Count one finding that is not suppressed in namespace ns (NULL: none;
 * copied when new). */
void report_tally_add(struct report_tally *t, const char *ns);
/* The entries, most findings first (ties by name, "none" last), and
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
