/* input.c - expand paths into input files. */
#include "input.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Does an exclude glob of l match rel (a relative path) or its base name? */
static bool excluded(const struct input_list *l, const char *rel)
{
	const char *base = strrchr(rel, '/');

	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	for (size_t i = 0; i < l->nexclude; i++)
		if (glob_match(l->exclude[i], rel) || (base && glob_match(l->exclude[i], base + 1)))
			return true;
	return false;
}

/* Add a copy of p (the list owns it) with the file it names (sb, or NULL
 * when unknown); walked when a directory walk found it. */
static void push(struct input_list *l, const char *p, const struct stat *sb, bool walked)
{
	struct input_id id = {0};

	if (sb) {
		id.known = true;
		id.dev = sb->st_dev;
		id.ino = sb->st_ino;
		id.mode = sb->st_mode;
	}
	id.walked = walked;
	grow_array((void **)&l->paths, &l->cap, l->n + 1, sizeof(*l->paths));
	grow_array((void **)&l->ids, &l->idcap, l->n + 1, sizeof(*l->ids));
	l->ids[l->n] = id;
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

/* Add the input files under dir; *found counts them. The path of each
 * relative to the directory named starts at byte root of its path. */
static int walk(struct input_list *l, const char *dir, size_t root, FILE *err, int depth, size_t *found)
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
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);	/* names is NULL when empty */
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat sb;
		if (l->nexclude && excluded(l, p + root)) {
			/* left out as asked */
		} else if (lstat(p, &sb) != 0) {
			fprintf(err, "%s: error: %s\n", p, errstr(errno));
			rc = -1;
		} else if (S_ISDIR(sb.st_mode)) {
			if (depth < 64 && walk(l, p, root, err, depth + 1, found) < 0)
				rc = -1;
		} else if (S_ISREG(sb.st_mode) && wanted(names[i])) {
			push(l, p, &sb, true);
			(*found)++;
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
		push(l, path, fstat(STDIN_FILENO, &sb) == 0 ? &sb : NULL, false);
		return 0;
	}
	if (stat(path, &sb) != 0) {
		fprintf(err, "%s: error: %s\n", path, errstr(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		size_t found = 0, root = strlen(path);
		if (root == 0 || path[root - 1] != '/')
			root++;
		if (walk(l, path, root, err, 0, &found) < 0)
			return -1;
		if (found == 0) {
			/* a CI gate must not pass on nothing */
			fprintf(err, "%s: error: no input files (*.yaml, *.yml, *.json) found\n", path);
			return -1;
		}
		return 0;
	}
	if (l->nexclude && excluded(l, path))
		return 0;
	push(l, path, &sb, false);
	return 0;
}

/* Byte order, with '/' lowest: a directory's files come right after its
 * name, before names that extend it ("a/x" < "a-b"), as in a walk. */
static int path_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca == cb) {
			if (ca == '\0')
				return 0;
			continue;
		}
		if (ca == '\0' || cb == '\0')
			return ca == '\0' ? -1 : 1;
		if (ca == '/' || cb == '/')
			return ca == '/' ? -1 : 1;
		return ca < cb ? -1 : 1;
	}
}

struct entry {
	char *path;
	struct input_id id;
	size_t pos;	/* place after sorting by path */
	bool drop;
};

static int by_path(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = path_cmp(x->path, y->path);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Same file: same device and inode, or the same name where stat failed. */
static bool same_file(const struct entry *a, const struct entry *b)
{
	if (a->id.known != b->id.known)
		return false;
	if (a->id.known)
		return a->id.dev == b->id.dev && a->id.ino == b->id.ino;
	return strcmp(a->path, b->path) == 0;
}

/* Each file's names together, in path order within. */
static int by_file(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;

	if (x->id.known != y->id.known)
		return x->id.known ? -1 : 1;
	if (x->id.known) {
		if (x->id.dev != y->id.dev)
			return x->id.dev < y->id.dev ? -1 : 1;
		if (x->id.ino != y->id.ino)
			return x->id.ino < y->id.ino ? -1 : 1;
	} else {
		int c = strcmp(x->path, y->path);
		if (c)
			return c;
	}
	return (x->pos > y->pos) - (x->pos < y->pos);
}

void input_finish(struct input_list *l, FILE *err)
{
	struct entry *e, **f;
	size_t k = 0, first = 0;

	if (l->n == 0)
		return;
	e = xcalloc(l->n, sizeof(*e));
	f = xcalloc(l->n, sizeof(*f));
	for (size_t i = 0; i < l->n; i++) {
		e[i].path = l->paths[i];
		e[i].id = l->ids[i];
		e[i].pos = i;
	}
	qsort(e, l->n, sizeof(*e), by_path);
	for (size_t i = 0; i < l->n; i++) {
		e[i].pos = i;
		f[i] = &e[i];
	}
	qsort(f, l->n, sizeof(*f), by_file);
	for (size_t i = 1; i < l->n; i++) {
		if (!same_file(f[first], f[i])) {
			first = i;
			continue;
		}
		f[i]->drop = true;
		if (!f[i]->id.walked)
			f[first]->id.walked = false;	/* named as well: judged as named */
		fprintf(err, "%s: note: same file as '%s', read once\n", input_name(f[i]->path),
			input_name(f[first]->path));
	}
	for (size_t i = 0; i < l->n; i++) {
		if (e[i].drop) {
			free(e[i].path);
			continue;
		}
		l->paths[k] = e[i].path;
		l->ids[k++] = e[i].id;
	}
	l->n = k;
	free(f);
	free(e);
}

void input_free(struct input_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l->ids);
	l->paths = NULL;
	l->ids = NULL;
	l->n = l->cap = l->idcap = 0;
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
		fprintf(err, "%s: error: cannot create a temporary file: %s\n", input_name("-"), errstr(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (fwrite(buf, 1, n, f) != n) {
			fprintf(err, "%s: error: cannot spool: %s\n", input_name("-"), errstr(errno));
			fclose(f);
			return NULL;
		}
	}
	if (ferror(stdin) || fflush(f) != 0) {
		fprintf(err, "%s: error: cannot read: %s\n", input_name("-"), errstr(errno));
		fclose(f);
		return NULL;
	}
	rewind(f);
	return f;
}

/* --stdin-filename: borrowed from the command line, or NULL. */
static const char *stdin_name;

void input_set_stdin_name(const char *name)
{
	stdin_name = name;
}

const char *input_name(const char *path)
{
	if (strcmp(path, "-") != 0)
		return path;
	return stdin_name ? stdin_name : "<stdin>";
}

/* Helm templates ---------------------------------------------------------- */

/* Is line[i..n) only block scalar indicators ('|' or '>', then digits,
 * '+', '-'), blanks and a comment? */
static bool block_header(const char *line, size_t i, size_t n)
{
	for (i++; i < n && (line[i] == '+' || line[i] == '-' || (line[i] >= '0' && line[i] <= '9')); i++)
		;
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
		i++;
	return i == n || line[i] == '#';
}

/* Scan one line (not in a block scalar) for '{{' at a node's start.
 * Returns its column (0-based), or -1; *block becomes true when a block
 * scalar starts at the end of the line. */
static long line_marker(const char *line, size_t n, size_t i, bool *block)
{
	bool at_start = true;
	int flow = 0;
	char q = 0;

	for (; i < n; i++) {
		char c = line[i];
		if (q) {
			if (c == q && q == '\'' && i + 1 < n && line[i + 1] == '\'')
				i++;
			else if (c == q)
				q = 0;
			else if (q == '"' && c == '\\')
				i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
			break;
		if (at_start && c == '{' && i + 1 < n && line[i + 1] == '{')
			return (long)i;
		if (at_start && (c == '"' || c == '\'')) {
			q = c;
			at_start = false;
		} else if (at_start && c == '-' && (i + 1 == n || line[i + 1] == ' ' || line[i + 1] == '\n')) {
			/* a sequence entry: a node starts after it */
		} else if (at_start && (c == '[' || c == '{')) {
			flow++;
		} else if (c == ':' && (i + 1 == n || line[i + 1] == ' ' || line[i + 1] == '\r' || line[i + 1] == '\n' ||
					(flow && (line[i + 1] == ',' || line[i + 1] == '}')))) {
			at_start = true;
		} else if (flow && c == ',') {
			at_start = true;
		} else if (flow && (c == ']' || c == '}')) {
			flow--;
			at_start = false;
		} else if (at_start && (c == '|' || c == '>') && block_header(line, i, n)) {
			*block = true;
			return -1;
		} else {
			at_start = false;
		}
	}
	return -1;
}

int input_helm_marker(FILE *f, size_t *line, size_t *col)
{
	char *text = NULL;
	size_t cap = 0, lineno = 0, block_indent = 0;
	ssize_t len;
	bool in_block = false;
	int rc = 0;

	while (rc == 0 && (len = getline(&text, &cap, f)) >= 0) {
		size_t n = (size_t)len, indent = 0;
		bool block = false;
		long at;
		lineno++;
		while (indent < n && text[indent] == ' ')
			indent++;
		if (in_block) {
			if (indent == n || text[indent] == '\n' || text[indent] == '\r' || indent > block_indent)
				continue;
			in_block = false;
		}
		at = line_marker(text, n, indent, &block);
		if (at >= 0) {
			*line = lineno;
			*col = (size_t)at + 1;
			rc = 1;
		} else if (block) {
			in_block = true;
			block_indent = indent;
		}
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	free(text);
	clearerr(f);
	rewind(f);
	return rc;
}
