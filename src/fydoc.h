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

/* Parse text[0..len) (NULL: empty) as one document with libfyaml, name
 * naming it in messages. Checks the encoding first (libfyaml 0.7.12
 * loops forever on some invalid UTF-8). Returns the document (the caller
 * destroys it with fy_document_destroy; it refers to text, which must
 * outlive it), or NULL after 'name:line:col: error: ...' on err for each
 * error libfyaml collected, or 'name: error: WHAT' when it gave none.
 * Shared by every libfyaml load: the config file, a baseline, the rules. */
struct fy_document *fydoc_parse(const char *name, const char *text, size_t len, const char *what, FILE *err);

/* The 1-based line and column where scalar node n starts (1:1 when
 * unknown: pass a key for a collection).
 * Allocates nothing. */
void fydoc_where(struct fy_node *n, int *line, int *col);

#endif
