/* yaml_block.h - a fast reader for documents in plain block-style YAML.
 *
 * The object pass (stream.c) reads most documents with this reader
 * instead of libyaml: one document at a time, it turns the text into the
 * events libyaml would produce for it, with the same marks (line, column
 * and character index of start and end) and the same scalar values,
 * escapes decoded. It reads a subset only: UTF-8 text with LF line
 * breaks (no byte order mark, no other breaks); block mappings and sequences (indentless ones too); plain,
 * single- and double-quoted scalars on one line; literal and folded block
 * scalars; flow sequences and mappings on one line; comments; blank lines;
 * '...'. Anything else (anchors, aliases, tags, multi-line flow
 * collections, multi-line plain or quoted scalars, tabs in indentation, directives, keys
 * near libyaml's 1024-character limit, deep nesting, ...) makes it give
 * up on the document, and the caller reads it with libyaml instead. It
 * never accepts a document libyaml would reject.
 */
#ifndef I2H_YAML_BLOCK_H
#define I2H_YAML_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum yb_type { YB_DOC_START, YB_DOC_END, YB_SCALAR, YB_MAP_START, YB_MAP_END, YB_SEQ_START, YB_SEQ_END };

/* A mark: byte offset and character index in the document's text,
 * 0-based line in the text and 0-based column in characters (libyaml
 * counts characters, not bytes). */
struct yb_mark {
	size_t off;
	size_t chr;
	size_t line;
	size_t col;
};

struct yb_event {
	enum yb_type type;
	int style;		/* scalars: an enum scalar_style (yaml_node.h) */
	bool flow;		/* collections: flow style */
	bool decoded;		/* scalars: the value is in yb_doc.dec, else in the text */
	struct yb_mark start;
	struct yb_mark end;
	size_t voff;		/* scalars: value at voff, vlen bytes */
	size_t vlen;
};

/* The events of one document; reused from one document to the next.
 * Owns its arrays: release with yb_doc_free. */
struct yb_doc {
	struct yb_event *ev;
	size_t nev;
	size_t cap;
	struct buf dec;		/* decoded scalar values */
	size_t lines;		/* line breaks in the text read */
	size_t chars;		/* characters in the text read */
};

/* Read the document text s[0..n): it starts at a line start (the start of
 * the input, or a '---' line) and ends where the next '---' line starts,
 * or at the end of the input when eof. Text before the first '---' of an
 * input that holds no node yields no events, as with libyaml. Returns
 * true with d filled (DOC_START ... DOC_END, or nothing), or false when
 * the text is outside the subset (d then holds nothing of use). */
bool yb_parse(const char *s, size_t n, bool eof, struct yb_doc *d);

/* Release what d owns; d can be reused afterwards. */
void yb_doc_free(struct yb_doc *d);

#endif
