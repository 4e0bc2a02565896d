/* fydoc.c - load a small YAML or JSON file with libfyaml (see fydoc.h). */
#include "fydoc.h"

#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "util.h"

void fydoc_where(struct fy_node *n, int *line, int *col)
{
	struct fy_token *t = n && fy_node_get_type(n) == FYNT_SCALAR ? fy_node_get_scalar_token(n) : NULL;
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

	*line = m ? m->line + 1 : 1;
	*col = m ? m->column + 1 : 1;
}

/* Read the whole file into b. Returns 0, or -1 after an error on err. */
static int slurp(const char *path, struct buf *b, FILE *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (f == NULL) {
		fprintf(err, "%s: error: cannot open: %s\n", path, errstr(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		fprintf(err, "%s: error: cannot read: %s\n", path, errstr(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

/* Check the encoding first: libfyaml 0.7.12 loops forever on some
 * invalid UTF-8 (a directive name holding '\xff', for one). Returns 0, or
 * -1 after an error on err. */
static int check_utf8(const char *path, const char *text, size_t len, FILE *err)
{
	size_t i = 0, n, line = 1, col = 1;
	unsigned long cp;

	while (i < len && (n = utf8_decode((const unsigned char *)text + i, len - i, &cp)) != 0) {
		if (text[i] == '\n')
			line++, col = 1;
		else
			col++;
		i += n;
	}
	if (i == len)
		return 0;
	fprintf(err, "%s:%zu:%zu: error: invalid UTF-8 (byte offset %zu)\n", path, line, col, i);
	return -1;
}

void fydoc_free(struct fydoc *d)
{
	if (d->doc)
		fy_document_destroy(d->doc);
	free(d->text);
	d->doc = NULL;
	d->text = NULL;
}

struct fy_document *fydoc_parse(const char *name, const char *text, size_t len, const char *what, FILE *err)
{
	struct fy_parse_cfg cfg;
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_document *doc;

	if (text && check_utf8(name, text, len, err) < 0)
		return NULL;
	/* collect libfyaml's syntax errors and print them under our name */
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	if (diag == NULL) {
		fprintf(err, "ingress2higress: error: out of memory\n");
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG;
	cfg.diag = diag;
	doc = fy_document_build_from_string(&cfg, text ? text : "", text ? len : 0);
	if (doc == NULL) {
		struct fy_diag_error *e;
		void *it = NULL;
		bool any = false;

		while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
			fprintf(err, "%s:%d:%d: error: %s\n", name, e->line, e->column, e->msg);
			any = true;
		}
		if (!any)
			fprintf(err, "%s: error: %s\n", name, what);
	}
	fy_diag_destroy(diag);
	return doc;
}

int fydoc_load_file(struct fydoc *d, const char *path, FILE *err)
{
	struct buf b = {0};
	size_t len;

	d->doc = NULL;
	d->text = NULL;
	if (slurp(path, &b, err) < 0) {
		buf_free(&b);
		return -1;
	}
	buf_cstr(&b);
	len = b.len;
	d->text = buf_detach(&b);
	if (d->text == NULL)
		d->text = xstrdup("");
	d->doc = fydoc_parse(path, d->text, len, "cannot parse", err);
	return d->doc ? 0 : -1;
}
