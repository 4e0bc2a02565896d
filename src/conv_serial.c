/* conv_serial.c - struct conv in a private binary form and back (see
 * conv.h): the fields come from CONV_FIELDS, so a new field is one line
 * there. Scalars are copied as their bytes, strings as a length (0 for
 * NULL, else length + 1) and their bytes, the snippet as what an emitter
 * writes of it. The form lives only within one run (a temporary file). */
#include "conv.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snippet.h"
#include "util.h"

enum ftype { F_STR, F_RAW, F_SNIPPET };

struct field {
	size_t off, size;
	enum ftype type;
};

#define SIZE_OF(f) sizeof(((struct conv *)0)->f)
#define F_STR_(f) { offsetof(struct conv, f), SIZE_OF(f), F_STR },
#define F_RAW_(f) { offsetof(struct conv, f), SIZE_OF(f), F_RAW },
#define F_SNIP_(f) { offsetof(struct conv, f), SIZE_OF(f), F_SNIPPET },

static const struct field fields[] = { CONV_FIELDS(F_STR_, F_RAW_, F_RAW_, F_RAW_, F_SNIP_) };

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* Writing ------------------------------------------------------------------ */

static void put_size(struct buf *b, size_t n)
{
	uint64_t v = n;

	buf_add(b, &v, sizeof(v));
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_size(b, s ? n + 1 : 0);
	if (s)
		buf_add(b, s, n);
}

static void put_headers(struct buf *b, const struct snip_headers *h)
{
	put_size(b, h->n);
	for (size_t i = 0; i < h->n; i++) {
		put_str(b, h->v[i].name);
		put_str(b, h->v[i].value);
	}
}

static void put_snippet(struct buf *b, const struct snippet *s)
{
	buf_addc(b, s != NULL);
	if (s == NULL)
		return;
	buf_add(b, &s->convertible, sizeof(s->convertible));
	buf_add(b, &s->translates, sizeof(s->translates));
	for (int op = 0; op < SNIP_NOPS; op++) {
		put_headers(b, &s->req[op]);
		put_headers(b, &s->resp[op]);
	}
	put_str(b, s->redirect_url);
	buf_add(b, &s->redirect_code, sizeof(s->redirect_code));
}

void conv_write(const struct conv *c, struct buf *b)
{
	const char *base = (const char *)c;

	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		if (f->type == F_STR) {
			const char *s;
			memcpy(&s, base + f->off, sizeof(s));
			put_str(b, s);
		} else if (f->type == F_SNIPPET) {
			const struct snippet *s;
			memcpy(&s, base + f->off, sizeof(s));
			put_snippet(b, s);
		} else {
			buf_add(b, base + f->off, f->size);
		}
	}
}

/* Reading ------------------------------------------------------------------ */

static size_t get_size(const char **p)
{
	uint64_t v;

	memcpy(&v, *p, sizeof(v));
	*p += sizeof(v);
	return (size_t)v;
}

/* A string put_str wrote, allocated (NULL when it wrote NULL). */
static char *get_str(const char **p)
{
	size_t n = get_size(p);
	char *s;

	if (n == 0)
		return NULL;
	s = xstrndup(*p, n - 1);
	*p += n - 1;
	return s;
}

static void get_headers(const char **p, struct snip_headers *h)
{
	size_t n = get_size(p);

	h->v = n ? xcalloc(n, sizeof(*h->v)) : NULL;
	h->n = h->cap = n;
	for (size_t i = 0; i < n; i++) {
		h->v[i].name = get_str(p);
		h->v[i].value = get_str(p);
	}
}

static struct snippet *get_snippet(const char **p)
{
	struct snippet *s;

	if (*(*p)++ == 0)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	memcpy(&s->convertible, *p, sizeof(s->convertible));
	*p += sizeof(s->convertible);
	memcpy(&s->translates, *p, sizeof(s->translates));
	*p += sizeof(s->translates);
	for (int op = 0; op < SNIP_NOPS; op++) {
		get_headers(p, &s->req[op]);
		get_headers(p, &s->resp[op]);
	}
	s->redirect_url = get_str(p);
	memcpy(&s->redirect_code, *p, sizeof(s->redirect_code));
	*p += sizeof(s->redirect_code);
	return s;
}

void conv_read(struct conv *c, const char **p)
{
	char *base = (char *)c;

	conv_init(c);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		if (f->type == F_STR) {
			char *s = get_str(p);
			memcpy(base + f->off, &s, sizeof(s));
		} else if (f->type == F_SNIPPET) {
			struct snippet *s = get_snippet(p);
			memcpy(base + f->off, &s, sizeof(s));
		} else {
			memcpy(base + f->off, *p, f->size);
			*p += f->size;
		}
	}
}

/* The alignment a field of size n has at most (scalars and pointers). */
static size_t align_of(size_t n)
{
	size_t a = 1;

	while (a < n && a < _Alignof(max_align_t))
		a *= 2;
	return a;
}

bool conv_fields_complete(void)
{
	size_t end = 0;

	for (size_t i = 0; i < NFIELDS; i++) {
		if (fields[i].off < end || fields[i].off - end >= align_of(fields[i].size))
			return false;	/* out of order, or a field left out before it */
		end = fields[i].off + fields[i].size;
	}
	return sizeof(struct conv) - end < _Alignof(struct conv);
}
