/* finding.c - the finding list. */
#include "finding.h"

#include <stdlib.h>

#include "util.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct finding *findings_add(struct findings *fs, const struct finding *f)
{
	struct finding *d;

	grow_array((void **)&fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v));
	d = &fs->v[fs->n++];
	*d = *f;
	d->file = dup_or_null(f->file);
	d->kind = dup_or_null(f->kind);
	d->ns = dup_or_null(f->ns);
	d->name = dup_or_null(f->name);
	d->annotation = dup_or_null(f->annotation);
	d->value = dup_or_null(f->value);
	d->rule = dup_or_null(f->rule);
	d->message = dup_or_null(f->message);
	d->fix = dup_or_null(f->fix);
	d->doc = dup_or_null(f->doc);
	return d;
}

void findings_free(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		free(f->file);
		free(f->kind);
		free(f->ns);
		free(f->name);
		free(f->annotation);
		free(f->value);
		free(f->rule);
		free(f->message);
		free(f->fix);
		free(f->doc);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}
