/* scalar.h - facts about one YAML scalar as written: how kubectl's YAML
 * reader types it, and where a byte of its value stands in the source.
 *
 * kubectl (sigs.k8s.io/yaml over go-yaml v2) reads YAML 1.1: a plain
 * 'true', 'yes', 'on', '0755', '1e3', '~' is not a string, and a
 * Kubernetes field of type string (every annotation value) rejects it.
 * Nothing here allocates.
 */
#ifndef I2H_SCALAR_H
#define I2H_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

#include "stream.h"

/* The type go-yaml v2 resolves a scalar to. */
enum yaml11_type {
	Y11_STRING,	/* a string: quoted, block, tagged, or plain text */
	Y11_NULL,	/* plain '~', 'null', 'Null', 'NULL' (not the empty value) */
	Y11_BOOL,	/* plain y/yes/true/on, n/no/false/off in the cases YAML 1.1 lists */
	Y11_INT,	/* decimal, octal ('0755', '0o17'), hex, binary, with '_' */
	Y11_FLOAT,	/* '1.5', '.5', '1e3', '08', '.inf', '-.Inf', '.nan' */
	Y11_TIMESTAMP,	/* '2024-01-31', '2024-01-31T10:00:00Z': kubectl keeps it a
			 * string (go-yaml v2 does for an untyped target), YAML 1.1
			 * readers do not */
};

/* How kubectl types the text s of n bytes written as a plain scalar
 * without a tag. The empty plain scalar ('key:') is Y11_STRING here:
 * Kubernetes stores it as the empty string, as it would '""'. */
enum yaml11_type yaml11_resolve(const char *s, size_t n);

/* The type of scalar node n as written (its style and tag decide first:
 * only an untagged plain scalar can be anything but a string). */
enum yaml11_type scalar_type(const struct node *n);

/* Go's strconv.ParseBool on the n bytes at s (how ingress-nginx reads
 * every boolean annotation, parser.GetBoolAnnotation): 1 for "1", "t",
 * "T", "TRUE", "true", "True"; 0 for "0", "f", "F", "FALSE", "false",
 * "False"; -1 for anything else (blanks around included), which the
 * controller ignores, keeping the annotation's default. */
int scalar_go_bool(const char *s, size_t n);

/* A short lowercase noun phrase for a type ("a boolean", "an integer"). */
const char *yaml11_type_name(enum yaml11_type t);

/* The byte offset in the input of byte off of scalar n's value (as parsed:
 * escapes decoded, quotes removed). Exact for single-line plain, single-
 * and double-quoted scalars and for literal block scalars; for the other
 * multi-line forms (and any offset past the value) the scalar's start.
 * The node's bytes must be in the stream's retained window (the current
 * object). */
size_t scalar_value_offset(struct stream *st, const struct node *n, size_t off);

/* Like scalar_value_offset, as a position (line, column, and the one-byte
 * span there). */
struct pos scalar_value_pos(struct stream *st, const struct node *n, size_t off);

#endif
