/* input.h - expand command-line paths into the list of inputs.
 *
 * A path is a file, a directory (searched recursively for *.yaml, *.yml
 * and *.json, in name order, skipping dot-files and symbolic links) or "-"
 * for stdin. The final list is in path order, whatever the order of the
 * arguments, with each file once (see input_finish).
 */
#ifndef I2H_INPUT_H
#define I2H_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The file an input path named when it was added. */
struct input_id {
	bool known;	/* stat (fstat for stdin) succeeded */
	dev_t dev;
	ino_t ino;
	mode_t mode;
	bool walked;	/* found in a directory walk, not named */
};

struct input_list {
	char **paths;	/* owned; "-" means stdin */
	struct input_id *ids;	/* owned; one per path */
	size_t n;
	size_t cap;
	size_t idcap;
	const char *const *exclude;	/* globs of files to leave out (borrowed), set before input_add */
	size_t nexclude;
};

/* Add path (expanding directories). Returns 0, or -1 after printing an
 * error to err (a path that does not exist or cannot be read, a
 * directory with no input file in it). A file or directory matching an
 * exclude glob is left out: in a walk, by its path relative to the
 * directory named or by its base name; a file named, by the path as
 * written (without a leading './') or its base name. */
int input_add(struct input_list *l, const char *path, FILE *err);
/* After the last input_add: sort the paths into path order (byte order,
 * with '/' before every other byte, so that files given one by one come
 * in the order a directory walk gives them) and keep only the first name
 * of each file (same device and inode, or both stdin), with a
 * 'PATH: note: same file as 'FIRST', read once' on err for the others. */
void input_finish(struct input_list *l, FILE *err);
void input_free(struct input_list *l);

/* Open an input for reading: a file, or for "-" standard input copied to
 * a temporary file so it can be read twice. Returns a stream the caller
 * closes with fclose(), or NULL after printing an error to err. */
FILE *input_open(const char *path, FILE *err);

/* Does the stream f look like a Helm template: '{{' where a YAML node
 * starts (outside a quoted or block scalar, a plain scalar's middle and a
 * comment)? Reads f to its end and rewinds it. Returns 1 with the 1-based
 * *line and *col (bytes) of the first, 0 when none, -1 on a read error. */
int input_helm_marker(FILE *f, size_t *line, size_t *col);

/* The name of an input in messages: for "-" the name set with
 * input_set_stdin_name(), else "<stdin>". Borrowed. */
const char *input_name(const char *path);
/* Name standard input (--stdin-filename) in input_name(); NULL restores
 * "<stdin>". name is borrowed until reset: the caller keeps it alive. */
void input_set_stdin_name(const char *name);

#endif
