/* harness.c - the helpers the cmocka suites share (harness.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#include "emit_gateway.h"
#include "emit_plugins.h"

struct ruleset *h_rules;

/* Files ------------------------------------------------------------------ */

char *h_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[4096];
	size_t n;

	if (f == NULL)
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f))
		fail_msg("cannot read '%s'", path);
	fclose(f);
	if (len)
		*len = b.len;
	buf_cstr(&b);
	return buf_detach(&b);
}

void h_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("cannot create '%s': %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		fail_msg("cannot write '%s'", path);
}

char *h_source_path(const char *rel)
{
	const char *root = getenv("I2H_SOURCE_ROOT");

	if (root == NULL || *root == '\0')
		fail_msg("I2H_SOURCE_ROOT is not set (tests/meson.build sets it)");
	return xasprintf("%s/%s", root, rel);
}

/* Temporary files and directories ---------------------------------------- */

char *h_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	dir = xasprintf("%s/i2h-test-%s-XXXXXX", base, tag);
	if (mkdtemp(dir) == NULL)
		fail_msg("cannot make a directory '%s': %s", dir, strerror(errno));
	return dir;
}

char *h_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Remove what dir holds, depth first; the test's own tree, so nothing
 * in it is followed out of it (lstat: links are removed, not entered). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = h_path(dir, e->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			remove_tree(p);
			rmdir(p);
		} else {
			unlink(p);
		}
		free(p);
	}
	closedir(d);
}

void h_tmpdir_remove(char *dir)
{
	if (dir == NULL)
		return;
	remove_tree(dir);
	rmdir(dir);
	free(dir);
}

FILE *h_tmpfile(void)
{
	FILE *f = tmpfile();

	if (f == NULL)
		fail_msg("no temporary file: %s", strerror(errno));
	return f;
}

/* Texts as streams ------------------------------------------------------- */

FILE *h_input(const char *text, size_t len)
{
	FILE *f = len ? fmemopen((void *)text, len, "r") : h_tmpfile();

	if (f == NULL)
		fail_msg("fmemopen: %s", strerror(errno));
	return f;
}

void h_capture_open(struct h_capture *c)
{
	c->data = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->data, &c->len);
	if (c->fp == NULL)
		fail_msg("open_memstream: %s", strerror(errno));
}

const char *h_capture_text(struct h_capture *c)
{
	fflush(c->fp);
	return c->data ? c->data : "";
}

char *h_capture_close(struct h_capture *c)
{
	if (fclose(c->fp) != 0)
		fail_msg("cannot close a memory stream");
	c->fp = NULL;
	if (c->data == NULL)	/* open_memstream always sets it; be sure */
		c->data = xstrdup("");
	return c->data;
}

void h_capture_free(struct h_capture *c)
{
	free(h_capture_close(c));
	c->data = NULL;
}

/* Running the stream and the analyzer on a text -------------------------- */

void h_stream(struct h_run *r, const char *name, const char *text, size_t len, stream_object_fn fn, void *ud,
	      unsigned flags)
{
	FILE *in = h_input(text, len);
	struct h_capture out, err;

	if (flags & H_OUTPUT)
		h_capture_open(&out);
	h_capture_open(&err);
	r->rc = stream_run_flags(name, in, flags & H_OUTPUT ? out.fp : NULL, err.fp, flags & ~(unsigned)H_OUTPUT, fn,
				 ud, &r->stats);
	fclose(in);
	if (flags & H_OUTPUT) {
		r->out = h_capture_close(&out);
		r->outlen = out.len;
	}
	r->err = h_capture_close(&err);
}

struct each {
	h_object_fn fn;
	void *ctx;
	size_t n;
};

static int each_object(void *ud, struct stream *st, struct node *obj)
{
	struct each *e = ud;

	e->fn(st, obj, e->n++, e->ctx);
	return 0;
}

size_t h_objects(const char *name, const char *text, h_object_fn fn, void *ctx)
{
	struct each e = { fn, ctx, 0 };
	struct h_run r = {0};

	h_stream(&r, name, text, strlen(text), each_object, &e, 0);
	if (r.rc != 0)
		print_message("%s", r.err);
	assert_int_equal(r.rc, 0);
	h_run_free(&r);
	return e.n;
}

void h_analyze(struct h_run *r, const struct analyze_options *opt, const char *text, unsigned flags,
	       h_finish_fn finish)
{
	struct analyzer *a = analyzer_new(opt, h_rules, &r->fs);
	struct index *ix = NULL;

	assert_non_null(a);
	if (opt->plugins || opt->gateway) {
		/* the emitters decide from the index pass's facts (the Secrets), as tool_run gives them */
		ix = h_index(text, opt->classes, opt->nclasses);
		if (opt->plugins)
			plugins_use_index(opt->plugins, ix);
		if (opt->gateway)
			gateway_use_index(opt->gateway, ix);
	}
	h_stream(r, "in.yaml", text, strlen(text), analyze_object, a, flags);
	if (finish)
		finish(opt, &r->finish);
	buf_cstr(&r->finish);
	r->astats = *analyzer_stats(a);
	analyzer_free(a);
	index_free(ix);	/* the emitters, freed by the caller, no longer read it */
}

void h_run_free(struct h_run *r)
{
	free(r->out);
	free(r->err);
	findings_free(&r->fs);
	buf_free(&r->finish);
	memset(r, 0, sizeof(*r));
}

/* Fixtures --------------------------------------------------------------- */

int h_rules_setup(void **state)
{
	(void)state;
	h_rules = ruleset_new_builtin(stderr);
	return h_rules ? 0 : -1;
}

int h_rules_teardown(void **state)
{
	(void)state;
	ruleset_free(h_rules);
	h_rules = NULL;
	return 0;
}

static const char *const nginx_class[] = { "nginx" };

void h_default_options(struct analyze_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->prefix = PREFIX;
	opt->classes = nginx_class;
	opt->nclasses = 1;
	opt->target_class = "higress";
}

struct index *h_index(const char *text, const char *const *classes, size_t nclasses)
{
	struct index *ix = index_new(PREFIX);
	struct h_run r = {0};

	assert_non_null(ix);
	index_set_file(ix, "in.yaml");
	h_stream(&r, "in.yaml", text, strlen(text), index_object, ix, 0);
	if (r.rc != 0)
		fail_msg("the index pass failed: %s", r.err);
	h_run_free(&r);
	index_finish(ix, classes, nclasses, false);
	return ix;
}

struct finding h_finding(const char *file, size_t line, enum status st, enum severity sev)
{
	struct finding f = {
		.file = file, .pos = { .line = line, .column = 5 }, .kind = "Ingress", .ns = "shop", .name = "web",
		.annotation = PREFIX "/x", .value = "v", .status = st, .severity = sev, .rule = "x", .message = "m",
	};

	return f;
}

void h_fingerprint(const void *bytes, size_t n, char out[17])
{
	const unsigned char *p = bytes;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Finding look-ups ------------------------------------------------------- */

static bool about(const struct finding *f, const char *key)
{
	return key ? f->annotation && strcmp(f->annotation, key) == 0 : f->annotation == NULL;
}

static bool of_rule(const struct finding *f, const char *rule)
{
	return f->rule && strcmp(f->rule, rule) == 0;
}

size_t h_count_ann(const struct findings *fs, const char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += about(&fs->v[i], key);
	return n;
}

const struct finding *h_only_ann(const struct findings *fs, const char *key)
{
	const struct finding *f = NULL;

	for (size_t i = 0; i < fs->n; i++) {
		if (key && about(&fs->v[i], key)) {
			if (f)
				fail_msg("two findings for '%s'", key);
			f = &fs->v[i];
		}
	}
	if (f == NULL)
		fail_msg("no finding for '%s'", key ? key : "(null)");
	return f;
}

size_t h_count_rule(const struct findings *fs, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += of_rule(&fs->v[i], rule);
	return n;
}

const struct finding *h_only_rule(const struct findings *fs, const char *rule)
{
	const struct finding *f = NULL;

	for (size_t i = 0; i < fs->n; i++) {
		if (of_rule(&fs->v[i], rule)) {
			if (f)
				fail_msg("two findings of rule '%s'", rule);
			f = &fs->v[i];
		}
	}
	if (f == NULL)
		fail_msg("no finding of rule '%s'", rule);
	return f;
}

const struct finding *h_first_rule(const struct findings *fs, const char *rule)
{
	for (size_t i = 0; i < fs->n; i++)
		if (of_rule(&fs->v[i], rule))
			return &fs->v[i];
	fail_msg("no finding of rule '%s'", rule);
	return NULL;
}

/* Strings ---------------------------------------------------------------- */

void assert_contains(const char *s, const char *needle)
{
	assert_non_null(s);
	assert_non_null(needle);
	if (strstr(s, needle) == NULL)
		fail_msg("expected:\n%s\n--- in:\n%s", needle, s);
}

void assert_lacks(const char *s, const char *needle)
{
	assert_non_null(s);
	assert_non_null(needle);
	if (strstr(s, needle) != NULL)
		fail_msg("unexpected:\n%s\n--- in:\n%s", needle, s);
}

size_t h_count_str(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}
