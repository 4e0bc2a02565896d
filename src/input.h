/* input.h - expand command-line paths into the list of inputs.
 *
 * A path is a file, a directory (searched recursively for *.yaml, *.yml
 * and *.json, in name order, skipping dot-files) or "-" for stdin.
 */
#ifndef I2H_INPUT_H
#define I2H_INPUT_H

#include <stddef.h>
#include <stdio.h>

struct input_list {
	char **paths;	/* owned; "-" means stdin */
	size_t n;
	size_t cap;
};

/* Add path (expanding directories). Returns 0, or -1 after printing an
 * error to err (a path that does not exist or cannot be read). */
int input_add(struct input_list *l, const char *path, FILE *err);
void input_free(struct input_list *l);

/* Open an input for reading: a file, or for "-" standard input copied to
 * a temporary file so it can be read twice. Returns a stream the caller
 * closes with fclose(), or NULL after printing an error to err. */
FILE *input_open(const char *path, FILE *err);

/* Does the rest of f contain needle? Reads in chunks, then rewinds f.
 * Returns 1 yes, 0 no, -1 on a read error. */
int input_mentions(FILE *f, const char *needle);

/* The name of an input in messages: "<stdin>" for "-". Borrowed. */
const char *input_name(const char *path);

#endif
