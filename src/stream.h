/* stream.h - read a YAML/JSON stream one object at a time.
 *
 * YAML events drive a small per-object tree builder: those of the fast
 * reader (yaml_block.h) for documents in plain block style, libyaml's for
 * the others (or for all with I2H_NO_FASTPARSE=1), the same either way.
 * Each top-level document, and each element of a top-level 'items' sequence
 * (what 'kubectl get -o yaml' prints as a List), becomes a tree of
 * struct node in an arena that lives only while the object callback
 * runs. Every node carries its line, column and byte span, so callers can
 * report positions and queue byte-exact edits. The bytes of the input are
 * copied to an optional output sink as soon as an object is done, with
 * the queued edits spliced in; everything else passes through unchanged.
 * Memory is bounded by the largest single object, not by the input, plus
 * the anchored nodes of List elements: YAML anchors are document-scoped,
 * so a copy of each is kept, for later aliases, until its document ends.
 */
#ifndef I2H_STREAM_H
#define I2H_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "yaml_node.h"

struct stream;

/* Called once per object (a top-level mapping document or a List item;
 * then the List document too when elements are left in its 'items' that
 * were not dispatched: not mappings, or without 'kind' and 'apiVersion').
 * obj is valid only during the call. Return 0 to continue, -1 to stop
 * the stream (the callback has reported why). */
typedef int (*stream_object_fn)(void *ud, struct stream *st, struct node *obj);

struct stream_stats {
	size_t documents;
	size_t objects;
	size_t written;		/* bytes written to the output by the last run */
	int last_char;		/* last byte written by the last run, or -1 */
	size_t edits;		/* edits spliced into the output by the last run */
	size_t fast_documents;	/* documents read by the fast reader (yaml_block.h), not libyaml */
};

/* Parse name/in (in is read to its end; not closed). Copy the input with
 * the queued edits to out when out is non-NULL. Returns 0, or -1 after
 * printing 'name:line:col: error: ...' to err (malformed YAML, a document
 * that is not a mapping, excessive nesting, a read error, edits that
 * overlap). Allocates nothing that outlives the call. */
int stream_run(const char *name, FILE *in, FILE *out, FILE *err,
	       stream_object_fn fn, void *ud, struct stream_stats *stats);

/* stream_run_flags flags */
enum {
	/* out already holds text (this input follows others): a UTF-8 byte
	 * order mark that starts the input is not copied, as it would stand
	 * mid-stream, where YAML readers reject it */
	STREAM_OUT_CONTINUES = 1,
	/* a document that is a sequence or a scalar goes to the callback
	 * (which tells it by its type) instead of being an error */
	STREAM_NON_OBJECTS = 2,
};

/* stream_run with flags (a combination of the above); the same contract. */
int stream_run_flags(const char *name, FILE *in, FILE *out, FILE *err, unsigned flags,
		     stream_object_fn fn, void *ud, struct stream_stats *stats);

/* Check that name/in parses as a stream of Kubernetes objects without
 * building trees: libyaml's events only, so memory stays constant however
 * large one document is (the self-check of a written file). The errors
 * are stream_run's: malformed YAML, a document that is a sequence or a
 * scalar, nesting deeper than 256 levels, a read error. Returns 0, or -1
 * after printing 'name:line:col: error: ...' to err. Allocates nothing
 * that outlives the call. */
int stream_check(const char *name, FILE *in, FILE *err);

/* Queue an edit for the current object: replace bytes [start, end) of the
 * input by text (copied). Insertions have start == end; several at one
 * place come out in the order queued. Edits must not overlap. */
void stream_edit(struct stream *st, size_t start, size_t end, const char *text);

/* Report 'name:line:col: error: msg' on the stream's error output, for a
 * callback that then returns -1. Allocates nothing; msg stays the caller's. */
void stream_error(struct stream *st, size_t line, size_t col, const char *msg);

/* Borrowed bytes of the input in [start, end) for the current object, or
 * NULL if out of the retained window. */
const char *stream_bytes(struct stream *st, size_t start, size_t end);

/* Byte offset of the start of the line containing byte offset off. */
size_t stream_line_start(struct stream *st, size_t off);
/* Byte offset just past the end of the line containing off (after its
 * line break, or the end of retained input). */
size_t stream_line_end(struct stream *st, size_t off);

/* The 1-based line and column (in characters, as libyaml counts them) of
 * byte offset off, which must not be before the retained window (any
 * offset of the current object or after it is fine). Allocates nothing. */
void stream_position(const struct stream *st, size_t off, size_t *line, size_t *col);

/* The input's line break, judged from its first one: "\r\n", "\r" (a
 * lone CR, which YAML reads as a break too) or "\n" (also when there is
 * none yet), so that inserted text can follow suit. Static. */
const char *stream_newline(const struct stream *st);

/* Whether an anchor defined on node n (in the current object) may be
 * referred to by an alias: one already read refers to it, or the current
 * object is a List element and later elements of the document could. */
bool stream_anchor_in_use(const struct stream *st, const struct node *n);

/* Name of the input, borrowed. */
const char *stream_name(const struct stream *st);

#endif
