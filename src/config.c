/* config.c - find and read .ingress2higress.yaml (see config.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fydoc.h"
#include "util.h"

static bool exists(const char *dir, const char *name, bool regular)
{
	char *p = xasprintf("%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
	struct stat sb;
	bool ok = stat(p, &sb) == 0 && (!regular || S_ISREG(sb.st_mode));

	free(p);
	return ok;
}

/* The current directory, allocated. NULL after an error on err. */
static char *current_dir(FILE *err)
{
	size_t n = 256;

	for (;;) {
		char *d = xmalloc(n);
		if (getcwd(d, n))
			return d;
		free(d);
		if (errno != ERANGE) {
			fprintf(err, "ingress2higress: error: cannot find the current directory: %s\n", errstr(errno));
			return NULL;
		}
		n *= 2;
	}
}

int config_find(char **path, FILE *err)
{
	char *dir = current_dir(err);
	struct buf up = {0};
	int rc = 0;

	*path = NULL;
	if (dir == NULL)
		return -1;
	for (;;) {
		char *slash;
		if (exists(dir, CONFIG_NAME, true)) {
			buf_adds(&up, CONFIG_NAME);
			*path = buf_detach(&up);
			rc = 1;
			break;
		}
		if (exists(dir, ".git", false) || strcmp(dir, "/") == 0)
			break;
		slash = strrchr(dir, '/');
		if (slash == NULL)
			break;
		slash[slash == dir ? 1 : 0] = '\0';
		buf_adds(&up, "../");
	}
	buf_free(&up);
	free(dir);
	return rc;
}

struct cfg_loader {
	const char *path;
	FILE *err;
	int errors;
};

static void cfg_error(struct cfg_loader *ld, struct fy_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cfg_error(struct cfg_loader *ld, struct fy_node *at, const char *fmt, ...)
{
	va_list ap;
	int line, col;

	fydoc_where(at, &line, &col);
	fprintf(ld->err, "%s:%d:%d: error: ", ld->path, line, col);
	va_start(ap, fmt);
	vfprintf(ld->err, fmt, ap);
	va_end(ap);
	fputc('\n', ld->err);
	ld->errors++;
}

/* A copy of scalar v (key k names it in errors), or NULL after an error. */
static char *scalar(struct cfg_loader *ld, struct fy_node *k, struct fy_node *v)
{
	const char *s;
	size_t len;

	if (v == NULL || fy_node_get_type(v) != FYNT_SCALAR) {
		cfg_error(ld, k, "'%s' must be a string", fy_node_get_scalar0(k));
		return NULL;
	}
	s = fy_node_get_scalar(v, &len);
	if (s == NULL || memchr(s, '\0', len)) {
		cfg_error(ld, v, "'%s' must be a string without NUL", fy_node_get_scalar0(k));
		return NULL;
	}
	return xstrndup(s, len);
}

static void list_push(struct config_list *l, char *s)
{
	grow_array((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

/* A list of strings: a sequence of scalars, or one scalar. */
static void string_list(struct cfg_loader *ld, struct fy_node *k, struct fy_node *v, struct config_list *l)
{
	struct fy_node *item;
	void *it = NULL;

	l->set = true;
	if (v && fy_node_get_type(v) == FYNT_SCALAR) {
		char *s = scalar(ld, k, v);
		if (s)
			list_push(l, s);
		return;
	}
	if (v == NULL || fy_node_get_type(v) != FYNT_SEQUENCE) {
		cfg_error(ld, k, "'%s' must be a list of strings", fy_node_get_scalar0(k));
		return;
	}
	while ((item = fy_node_sequence_iterate(v, &it)) != NULL) {
		char *s = scalar(ld, k, item);
		if (s)
			list_push(l, s);
	}
}

static int boolean(struct cfg_loader *ld, struct fy_node *k, struct fy_node *v)
{
	const char *s = v && fy_node_get_type(v) == FYNT_SCALAR ? fy_node_get_scalar0(v) : NULL;

	if (s && strcmp(s, "true") == 0)
		return 1;
	if (s && strcmp(s, "false") == 0)
		return 0;
	cfg_error(ld, v && fy_node_get_type(v) == FYNT_SCALAR ? v : k, "'%s' must be true or false",
		  fy_node_get_scalar0(k));
	return -1;
}

static void suppress_entry(struct cfg_loader *ld, struct config *c, struct fy_node *k, struct fy_node *map)
{
	struct fy_node_pair *p;
	void *it = NULL;
	struct config_suppress e = {0};
	struct fy_node *first = NULL;

	if (fy_node_get_type(map) != FYNT_MAPPING) {
		cfg_error(ld, k, "%s", "each 'suppress' entry must be a mapping with 'path', 'rule' and 'reason'");
		return;
	}
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *pk = fy_node_pair_key(p), *pv = fy_node_pair_value(p);
		const char *key = fy_node_get_type(pk) == FYNT_SCALAR ? fy_node_get_scalar0(pk) : NULL;
		char **slot = NULL;
		if (first == NULL)
			first = pk;
		if (key && strcmp(key, "path") == 0)
			slot = &e.path;
		else if (key && strcmp(key, "rule") == 0)
			slot = &e.rule;
		else if (key && strcmp(key, "reason") == 0)
			slot = &e.reason;
		if (slot == NULL) {
			cfg_error(ld, pk, "unknown key '%s' in a 'suppress' entry (path, rule, reason)", key ? key : "?");
			continue;
		}
		free(*slot);
		*slot = scalar(ld, pk, pv);
	}
	fydoc_where(first, &e.line, &e.col);
	if (e.rule == NULL) {
		if (first)
			cfg_error(ld, first, "%s", "a 'suppress' entry needs a 'rule'");
		else
			cfg_error(ld, k, "%s", "a 'suppress' entry needs a 'rule'");
		free(e.path);
		free(e.reason);
		return;
	}
	if (e.path == NULL)
		e.path = xstrdup("**");
	grow_array((void **)&c->sup, &c->supcap, c->nsup + 1, sizeof(*c->sup));
	c->sup[c->nsup++] = e;
}

static void suppress_list(struct cfg_loader *ld, struct config *c, struct fy_node *k, struct fy_node *v)
{
	struct fy_node *item;
	void *it = NULL;

	if (v == NULL || fy_node_get_type(v) != FYNT_SEQUENCE) {
		cfg_error(ld, k, "%s", "'suppress' must be a list of {path, rule, reason}");
		return;
	}
	while ((item = fy_node_sequence_iterate(v, &it)) != NULL)
		suppress_entry(ld, c, k, item);
}

/* The absolute directory of path. Allocated. */
static char *dir_of(const char *path, FILE *err)
{
	const char *slash = strrchr(path, '/');
	char *d = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	char *abs = realpath(d, NULL);

	free(d);
	if (abs == NULL) {
		fprintf(err, "%s: error: cannot resolve its directory: %s\n", path, errstr(errno));
		return NULL;
	}
	return abs;
}

static const char *const config_keys =
	"ingress-class, include-classless, default-ingress-class, exclude, rules, suppress, fail-on, report, skip, only";

static void config_key(struct cfg_loader *ld, struct config *c, struct fy_node *k, struct fy_node *v)
{
	const char *key = fy_node_get_type(k) == FYNT_SCALAR ? fy_node_get_scalar0(k) : NULL;

	if (key == NULL) {
		cfg_error(ld, k, "%s", "a key of the config file must be a string");
	} else if (strcmp(key, "ingress-class") == 0) {
		string_list(ld, k, v, &c->classes);
	} else if (strcmp(key, "include-classless") == 0) {
		c->include_classless = boolean(ld, k, v);
	} else if (strcmp(key, "default-ingress-class") == 0) {
		free(c->default_class);
		c->default_class = scalar(ld, k, v);
	} else if (strcmp(key, "exclude") == 0) {
		string_list(ld, k, v, &c->exclude);
	} else if (strcmp(key, "rules") == 0) {
		char *s = scalar(ld, k, v);
		free(c->rules);
		c->rules = s && s[0] != '/' ? xasprintf("%s/%s", c->dir, s) : s;
		if (s && s[0] != '/')
			free(s);
	} else if (strcmp(key, "suppress") == 0) {
		suppress_list(ld, c, k, v);
	} else if (strcmp(key, "fail-on") == 0) {
		free(c->fail_on);
		c->fail_on = scalar(ld, k, v);
	} else if (strcmp(key, "report") == 0) {
		string_list(ld, k, v, &c->report);
	} else if (strcmp(key, "skip") == 0) {
		string_list(ld, k, v, &c->skip);
	} else if (strcmp(key, "only") == 0) {
		string_list(ld, k, v, &c->only);
	} else {
		cfg_error(ld, k, "unknown key '%s' in the config file (known: %s)", key, config_keys);
	}
}

int config_load(struct config *c, const char *path, FILE *err)
{
	struct cfg_loader ld = { .path = path, .err = err };
	struct fydoc d;
	struct fy_node *root;
	struct fy_node_pair *p;
	void *it = NULL;

	memset(c, 0, sizeof(*c));
	c->include_classless = -1;
	c->path = xstrdup(path);
	c->dir = dir_of(path, err);
	if (c->dir == NULL)
		return -1;
	if (fydoc_load_file(&d, path, err) < 0) {
		fydoc_free(&d);
		return -1;
	}
	root = fy_document_root(d.doc);
	if (root != NULL && fy_node_get_type(root) != FYNT_MAPPING) {
		fprintf(err, "%s:1:1: error: the config file must be a mapping (keys: %s)\n", path, config_keys);
		ld.errors++;
	}
	while (root && fy_node_get_type(root) == FYNT_MAPPING && (p = fy_node_mapping_iterate(root, &it)) != NULL)
		config_key(&ld, c, fy_node_pair_key(p), fy_node_pair_value(p));
	fydoc_free(&d);
	return ld.errors ? -1 : 0;
}

static void list_free(struct config_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void config_free(struct config *c)
{
	free(c->path);
	free(c->dir);
	list_free(&c->classes);
	free(c->default_class);
	list_free(&c->exclude);
	free(c->rules);
	for (size_t i = 0; i < c->nsup; i++) {
		free(c->sup[i].path);
		free(c->sup[i].rule);
		free(c->sup[i].reason);
	}
	free(c->sup);
	free(c->fail_on);
	list_free(&c->report);
	list_free(&c->skip);
	list_free(&c->only);
	memset(c, 0, sizeof(*c));
	c->include_classless = -1;
}
