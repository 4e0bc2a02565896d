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

#endif
