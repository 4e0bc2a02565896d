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

FILE *input_open(const char *path, FILE *err)
{
	char buf[65536];
	FILE *f;
	size_t n;

	if (strcmp(path, "-") != 0) {
		f = fopen(path, "rb");
		if (f == NULL)
			fprintf(err, "%s: error: cannot open: %s\n", path, errstr(errno));
		return f;
	}
	f = tmpfile();
	if (f == NULL) {
		fprintf(err, "<stdin>: error: cannot create a temporary file: %s\n", errstr(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (fwrite(buf, 1, n, f) != n) {
			fprintf(err, "<stdin>: error: cannot spool: %s\n", errstr(errno));
			fclose(f);
			return NULL;
		}
	}
	if (ferror(stdin) || fflush(f) != 0) {
		fprintf(err, "<stdin>: error: cannot read: %s\n", errstr(errno));
		fclose(f);
		return NULL;
	}
	rewind(f);
	return f;
}

int input_mentions(FILE *f, const char *needle)
{
	size_t nl = strlen(needle), keep = 0, n;
	char *buf = xmalloc(65536 + nl);
	int found = 0;

	/* keep the last nl - 1 bytes of each chunk so a match may straddle */
	while (!found && (n = fread(buf + keep, 1, 65536, f)) > 0) {
		size_t len = keep + n;
		for (size_t i = 0; i + nl <= len && !found; i++)
			found = buf[i] == needle[0] && memcmp(buf + i, needle, nl) == 0;
		keep = len < nl - 1 ? len : nl - 1;
		memmove(buf, buf + len - keep, keep);
	}
	if (ferror(f))
		found = -1;
	free(buf);
	rewind(f);
	return found;
}

const char *input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}
