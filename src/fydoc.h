/* fydoc.h - load a small YAML or JSON file (the config file, a baseline
 * report) whole with libfyaml, with its errors under the file's name. */
#ifndef I2H_FYDOC_H
#define I2H_FYDOC_H

#include <stdio.h>

#include <libfyaml.h>

/* A loaded document and the text it refers to; both owned. */
struct fydoc {
	struct fy_document *doc;
	char *text;
};

/* Load path as one document into d. Returns 0, or -1 after
 * 'path:line:col: error: ...' (or 'path: error: ...') on err: unreadable,
 * invalid UTF-8, bad syntax. Free d with fydoc_free() either way. */
int fydoc_load_file(struct fydoc *d, const char *path, FILE *err);
void fydoc_free(struct fydoc *d);

/* The 1-based line and column where scalar node n starts (1:1 when
 * unknown: pass a key for a collection).
 * Allocates nothing. */
void fydoc_where(struct fy_node *n, int *line, int *col);

#endif
