/* report_impl.h - what the report sinks share (report*.c only). */
#ifndef I2H_REPORT_IMPL_H
#define I2H_REPORT_IMPL_H

#include "report.h"

struct sink_ops {
	void (*begin)(struct sink *s, const struct report_summary *head);
	void (*file)(struct sink *s, const char *file);
	void (*finding)(struct sink *s, const struct finding *f);
	void (*object_end)(struct sink *s, const struct report_object *o);
	void (*end)(struct sink *s, const struct report_summary *sum);
	void (*free)(struct sink *s);	/* what the format allocated; NULL: nothing */
};

/* One sink. The common fields serve every format; priv is the format's. */
struct sink {
	const struct sink_ops *ops;
	enum report_format fmt;
	FILE *out;			/* borrowed */
	struct report_options opt;
	struct buf b;			/* scratch, owned */
	FILE *spool;			/* owned temporary file, or NULL */
	size_t n;			/* findings written so far */
	bool failed;			/* a spool could not be written or read */
	char *cur;			/* owned: the file of the last sink_file, or NULL */
	void *priv;
};

extern const struct sink_ops sarif_ops, junit_ops;

/* Set up a format's sink: 0, or -1 after a message (sink_new frees s). */
int sarif_init(struct sink *s);
int junit_init(struct sink *s);

/* A temporary file for a spool, or NULL after a message on stderr. */
FILE *report_spool_new(void);
/* Copy the whole of spool to out and empty the spool for reuse. Returns
 * 0, or -1 when reading or truncating failed. */
int report_spool_drain(FILE *spool, FILE *out);
/* Write b to out and empty it. */
void report_flush_buf(struct buf *b, FILE *out);

/* "ns/name" (or "name", or "kind") of a finding's object, appended to b;
 * false (nothing appended) when the finding names no object. */
bool report_object_name(struct buf *b, const char *kind, const char *ns, const char *name);
/* Append s with CR and LF written as \r and \n (one finding, one line). */
void report_add_oneline(struct buf *b, const char *s);

/* The file a tool should open for finding file f: the input named by
 * the last sink_file when f names a helm template rendered in it
 * ('TEMPLATE (INPUT)', whose line and column are the input's), else f.
 * Borrowed. */
const char *report_artifact(const struct sink *s, const char *f);

/* SARIF level of a severity ("error", "warning", "note"). Static. */
const char *report_sarif_level(int sev);

#endif
