/* yaml_write.h - the one writer for new YAML objects.
 *
 * Block style, keys in the order the caller writes them, sequences
 * indented as kubectl prints them (items at their key's column), scalars
 * plain unless YAML 1.1 or 1.2 would read them as something other than a
 * string (then double-quoted), and a provenance comment before each object.
 * The writer appends to a caller-owned struct buf and allocates nothing
 * else; nesting is bounded by the emitters' code (YW_MAX_DEPTH), never by
 * the input.
 */
#ifndef I2H_YAML_WRITE_H
#define I2H_YAML_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define YW_MAX_DEPTH 32

struct yw {
	struct buf *out;	/* borrowed: where the text goes */
	size_t indent;		/* column of the keys of the current mapping */
	bool dash;		/* the next key opens a sequence item ("- ") */
	size_t depth;
	size_t saved[YW_MAX_DEPTH];
};

/* Can s be written as a plain scalar that every YAML 1.1 and 1.2 reader
 * reads back as the same string? Conservative: false for anything that
 * could be a number, boolean, null, timestamp, merge or value key, or
 * that holds indicators, control or non-ASCII bytes. Allocates nothing. */
bool yaml_plain_safe(const char *s);

/* Append s as a scalar: plain when yaml_plain_safe, else double-quoted. */
void yaml_add_scalar(struct buf *b, const char *s);

/* Start writing at column 0 into out. */
void yw_init(struct yw *w, struct buf *out);
/* Start a new document: "---" then '# ' comment (when comment is non-NULL;
 * its line breaks become spaces). */
void yw_document(struct yw *w, const char *comment);
/* key: scalar */
void yw_str(struct yw *w, const char *key, const char *value);
/* key: integer */
void yw_int(struct yw *w, const char *key, long value);
/* key: number, written as given: the caller passes a plain YAML number
 * (digits, at most one '.'), which a reader must read as a number. */
void yw_number(struct yw *w, const char *key, const char *number);
/* key: text as a literal block scalar ('|' when text ends in a line
 * break, '|-' when not), each line indented under the key; double-quoted
 * instead when a literal block cannot hold it exactly (control or
 * non-ASCII bytes, a leading blank, blank-only lines, trailing blanks). */
void yw_literal(struct yw *w, const char *key, const char *text);
/* key: true|false */
void yw_bool(struct yw *w, const char *key, bool value);
/* key: {} */
void yw_empty_map(struct yw *w, const char *key);
/* key: then a nested mapping, closed by yw_end. */
void yw_map(struct yw *w, const char *key);
/* key: then a sequence (items via yw_item / yw_item_str), closed by yw_end. */
void yw_seq(struct yw *w, const char *key);
/* A mapping item of the current sequence, closed by yw_end. */
void yw_item(struct yw *w);
/* A scalar item of the current sequence. */
void yw_item_str(struct yw *w, const char *value);
/* Close the innermost yw_map, yw_seq or yw_item. */
void yw_end(struct yw *w);

#endif
