/* input.c - expand paths into input files. */
#include "input.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static void push(struct input_list *l, const char *p)
{
	grow_array((void **)&l->paths, &l->cap, l->n + 1, sizeof(*l->paths));
	l->paths[l->n++] = xstrdup(p);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool wanted(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static int walk(struct input_list *l, const char *dir, FILE *err, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (d == NULL) {
		fprintf(err, "%s: error: cannot open directory: %s\n", dir, errstr(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		grow_array((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat sb;
		if (lstat(p, &sb) != 0) {
			fprintf(err, "%s: error: %s\n", p, errstr(errno));
			rc = -1;
		} else if (S_ISDIR(sb.st_mode)) {
			if (depth < 64 && walk(l, p, err, depth + 1) < 0)
				rc = -1;
		} else if (S_ISREG(sb.st_mode) && wanted(names[i])) {
			push(l, p);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

int input_add(struct input_list *l, const char *path, FILE *err)
{
	struct stat sb;

	if (strcmp(path, "-") == 0) {
		push(l, path);
		return 0;
	}
	if (stat(path, &sb) != 0) {
		fprintf(err, "%s: error: %s\n", path, errstr(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode))
		return walk(l, path, err, 0);
	push(l, path);
	return 0;
}

void input_free(struct input_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = l->cap = 0;
}
