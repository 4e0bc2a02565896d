/* stream.h - read a YAML/JSON stream one object at a time.
 *
 * libyaml's event parser drives a small per-object tree builder: each
 * top-level document, and each element of a top-level 'items' sequence
 * (what 'kubectl get -o yaml' prints as a List), becomes a tree of
 * struct node in an arena that lives only while the object callback
 * runs. Every node carries its line, column and byte span, so callers can
 * report positions and queue byte-exact edits. The bytes of the input are
 * copied to an optional output sink as soon as an object is done, with
 * the queued edits spliced in; everything else passes through unchanged.
 * Memory is bounded by the largest single object, not by the input.
 */
#ifndef I2H_STREAM_H
#define I2H_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

enum node_type { N_SCALAR, N_MAPPING, N_SEQUENCE, N_ALIAS };

/* Scalar styles, as in the source text. */
enum scalar_style { SS_PLAIN, SS_SINGLE, SS_DOUBLE, SS_LITERAL, SS_FOLDED };

struct node {
	enum node_type type;
	bool flow;			/* collections: flow style ({} / []) */
	enum scalar_style style;	/* scalars */
	const char *tag;		/* explicit tag or NULL */
	const char *anchor;		/* anchor defined on this node ('&x'), or NULL */
	const char *value;		/* scalar text (NUL-terminated) or alias name */
	size_t len;
	struct pos pos;			/* start line/column; byte span */
	size_t end_line;		/* 1-based line of the end mark */
	size_t end_column;		/* 1-based column of the end mark */
	struct node **kids;		/* mapping: key, value, key, value ...; sequence: items */
	size_t nkids;
};

/* Borrowed value of key in a mapping, or NULL. */
struct node *node_get(const struct node *map, const char *key);
/* Borrowed key node of key in a mapping (for its position), or NULL. */
struct node *node_key(const struct node *map, const char *key);
/* Borrowed scalar text of key in a mapping, or NULL if absent/not scalar. */
const char *node_get_str(const struct node *map, const char *key);
/* True if the node is a scalar equal to s. */
bool node_is(const struct node *n, const char *s);
/* The node an alias refers to: the last node anchored with its name that
 * starts before it within root's tree, or NULL. Non-alias nodes are
 * returned as they are. Borrowed. */
struct node *node_resolve(struct node *root, struct node *n);

struct stream;

/* Called once per object (a top-level mapping document or a List item).
 * obj is valid only during the call. Return 0 to continue, -1 to stop
 * the stream (the callback has reported why). */
typedef int (*stream_object_fn)(void *ud, struct stream *st, struct node *obj);

struct stream_stats {
	size_t documents;
	size_t objects;
	size_t written;		/* bytes written to the output by the last run */
	int last_char;		/* last byte written by the last run, or -1 */
	size_t edits;		/* edits spliced into the output by the last run */
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
};

/* stream_run with flags (a combination of the above); the same contract. */
int stream_run_flags(const char *name, FILE *in, FILE *out, FILE *err, unsigned flags,
		     stream_object_fn fn, void *ud, struct stream_stats *stats);

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

/* Whether the input writes its line breaks as CR LF (judged from its
 * first line), so inserted text can follow suit. */
bool stream_crlf(const struct stream *st);

/* Name of the input, borrowed. */
const char *stream_name(const struct stream *st);

#endif
