/* report_list.c - counts, input order and safe characters for the
 * whole-list reports. */
#include "report_list.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void report_count_one(struct report_counts *c, const struct finding *f)
{
	if (f->suppressed) {
		c->suppressed++;
		return;
	}
	c->cell[f->status][f->severity]++;
	c->status[f->status]++;
	c->severity[f->severity]++;
	c->total++;
}

enum { REC_STRINGS = 10 };

/* The string fields of f, in record order, justification last.
 * Allocates nothing. */
static void rec_fields(struct finding *f, const char ***p)
{
	p[0] = &f->file;
	p[1] = &f->kind;
	p[2] = &f->ns;
	p[3] = &f->name;
	p[4] = &f->annotation;
	p[5] = &f->value;
	p[6] = &f->rule;
	p[7] = &f->message;
	p[8] = &f->fix;
	p[9] = &f->doc;
	p[10] = &f->justification;
}

int report_rec_write(FILE *spool, const struct finding *f, size_t file)
{
	struct finding copy = *f;
	struct report_rec_head h = { .file = file, .pos = f->pos, .status = (int)f->status, .severity = (int)f->severity,
			      .suppressed = f->suppressed, .baselined = f->baselined };
	const char **p[REC_STRINGS + 1];

	rec_fields(&copy, p);
	if (fwrite(&h, sizeof(h), 1, spool) != 1)
		return -1;
	for (size_t i = 0; i <= REC_STRINGS; i++) {
		const char *s = *p[i];
		size_t n = s ? strlen(s) + 1 : 0;
		if (fwrite(&n, sizeof(n), 1, spool) != 1 || (n > 1 && fwrite(s, 1, n - 1, spool) != n - 1))
			return -1;
	}
	return 0;
}

/* Read the fixed part of the next record of spool into *h. Returns 1, 0
 * at the end, -1 on a read error. Allocates nothing. */
static int rec_read_head(FILE *spool, struct report_rec_head *h)
{
	if (fread(h, sizeof(*h), 1, spool) != 1)
		return ferror(spool) ? -1 : 0;
	return 1;
}

/* Read the strings of the record whose fixed part is *h and append the
 * finding to fs. Returns 1, or -1 on a read error or a truncated record.
 * Allocates scratch it frees. */
static int rec_read_body(FILE *spool, const struct report_rec_head *h, struct findings *fs)
{
	struct finding f = {0};
	const char **p[REC_STRINGS + 1];
	char *text[REC_STRINGS + 1] = {0};
	int rc = 1;

	rec_fields(&f, p);
	for (size_t i = 0; i <= REC_STRINGS && rc == 1; i++) {
		size_t n;
		if (fread(&n, sizeof(n), 1, spool) != 1) {
			rc = -1;
			break;
		}
		if (n == 0)
			continue;
		text[i] = malloc(n);
		if (text[i] == NULL) {	/* a corrupt length, not an allocation to abort on */
			rc = -1;
			break;
		}
		if (n > 1 && fread(text[i], 1, n - 1, spool) != n - 1)
			rc = -1;
		text[i][n - 1] = '\0';
		*p[i] = text[i];
	}
	if (rc == 1) {
		f.pos = h->pos;
		f.status = (enum status)h->status;
		f.severity = (enum severity)h->severity;
		f.suppressed = h->suppressed;
		f.baselined = h->baselined;
		findings_add(fs, &f);
	}
	for (size_t i = 0; i <= REC_STRINGS; i++)
		free(text[i]);
	return rc;
}

int report_rec_read(FILE *spool, struct findings *fs, size_t *file)
{
	struct report_rec_head h;
	int rc = rec_read_head(spool, &h);

	if (rc != 1)
		return rc;
	if (file)
		*file = h.file;
	return rec_read_body(spool, &h, fs);
}

/* Where a late record is and where it goes in report order: report order
 * is the file's first-appearance number, then line, then column; a late
 * record goes after the main records of its place, late records of one
 * place in the order they were spooled (offset). */
struct report_late_key {
	size_t file;
	size_t line;
	size_t column;
	off_t offset;		/* of its record in the late spool */
};

/* qsort order of late keys: file, line, column, offset. */
static int late_cmp(const void *pa, const void *pb)
{
	const struct report_late_key *a = pa, *b = pb;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

enum { CURSOR_KEYS = 128 };	/* keys of a run read at a time (4 KiB) */

/* One sorted run of late keys being merged: keys [next, end) of the runs
 * file still to read, buf[at..n) read. The run in memory has its keys in
 * buf and nothing in the file. */
struct late_cursor {
	size_t next, end;
	struct report_late_key *buf;	/* owned, or the store's keys */
	size_t at, n;
};

struct report_late {
	FILE *spool;		/* owned: the records, or NULL before the first */
	struct report_late_key *keys;	/* owned: the keys in memory, nkeys of them */
	size_t nkeys, kcap;
	size_t run;		/* the most keys in memory */
	size_t count;		/* records spooled */
	FILE *runs;		/* owned: nruns sorted runs of run keys, or NULL */
	size_t nruns;
	struct late_cursor *cur;	/* owned, ncur of them after finish */
	size_t ncur;
};

/* An unlinked temporary file, or NULL after a message on stderr. */
static FILE *late_tmpfile(void)
{
	FILE *f = tmpfile();

	if (f == NULL)
		fprintf(stderr, "ingress2higress: error: cannot create a temporary file for the report: %s\n",
			errstr(errno));
	return f;
}

struct report_late *report_late_new(void)
{
	struct report_late *l = xcalloc(1, sizeof(*l));

	l->run = REPORT_LATE_RUN;
#ifndef NDEBUG
	{	/* tests force many runs with a small one */
		const char *e = getenv("I2H_LATE_RUN");
		if (e && strtoull(e, NULL, 10) > 0)
			l->run = (size_t)strtoull(e, NULL, 10);
	}
#endif
	return l;
}

/* Sort the keys in memory and write them as one more run. Returns 0, or
 * -1 when the runs file cannot be made or written. */
static int late_spill(struct report_late *l)
{
	qsort(l->keys, l->nkeys, sizeof(*l->keys), late_cmp);
	if (l->runs == NULL && (l->runs = late_tmpfile()) == NULL)
		return -1;
	if (fwrite(l->keys, sizeof(*l->keys), l->nkeys, l->runs) != l->nkeys)
		return -1;
	l->nruns++;
	l->nkeys = 0;
	return 0;
}

int report_late_add(struct report_late *l, const struct finding *f, size_t file)
{
	off_t at;

	if (l->spool == NULL && (l->spool = late_tmpfile()) == NULL)
		return -1;
	if ((at = ftello(l->spool)) < 0)
		return -1;
	if (l->nkeys == l->run && late_spill(l) < 0)
		return -1;
	grow_array((void **)&l->keys, &l->kcap, l->nkeys + 1, sizeof(*l->keys));
	l->keys[l->nkeys++] = (struct report_late_key){
		.file = file, .line = f->pos.line, .column = f->pos.column, .offset = at,
	};
	l->count++;
	return report_rec_write(l->spool, f, file);
}

/* Put every cursor at the start of its run. Allocates nothing. */
static void late_rewind(struct report_late *l)
{
	for (size_t r = 0; r < l->ncur; r++) {
		struct late_cursor *c = &l->cur[r];
		if (r < l->nruns) {
			c->next = r * l->run;
			c->end = c->next + l->run;
			c->at = c->n = 0;
		} else {
			c->at = 0;	/* the run in memory */
		}
	}
}

int report_late_finish(struct report_late *l)
{
	if (l->nkeys > 1)
		qsort(l->keys, l->nkeys, sizeof(*l->keys), late_cmp);
	if ((l->spool && fflush(l->spool) != 0) || (l->runs && fflush(l->runs) != 0))
		return -1;
	free(l->cur);
	l->ncur = l->nruns + (l->nkeys ? 1 : 0);
	l->cur = xcalloc(l->ncur ? l->ncur : 1, sizeof(*l->cur));
	for (size_t r = 0; r < l->nruns; r++)
		l->cur[r].buf = xmalloc(CURSOR_KEYS * sizeof(struct report_late_key));
	if (l->nkeys)
		l->cur[l->nruns] = (struct late_cursor){ .buf = l->keys, .n = l->nkeys };
	late_rewind(l);
	return 0;
}

size_t report_late_count(const struct report_late *l)
{
	return l->count;
}

void report_late_free(struct report_late *l)
{
	if (l == NULL)
		return;
	for (size_t r = 0; r < l->ncur && r < l->nruns; r++)
		free(l->cur[r].buf);
	free(l->cur);
	free(l->keys);
	if (l->spool)
		fclose(l->spool);
	if (l->runs)
		fclose(l->runs);
	free(l);
}

/* Read the next keys of cursor c of l into its buffer when it has none
 * left. Returns 0, or -1 on a read error. Allocates nothing. */
static int late_fill(struct report_late *l, struct late_cursor *c)
{
	size_t want, got = 0;
	off_t at;

	if (c->at < c->n || c->next == c->end)
		return 0;
	want = c->end - c->next < CURSOR_KEYS ? c->end - c->next : CURSOR_KEYS;
	at = (off_t)(c->next * sizeof(*c->buf));
	while (got < want * sizeof(*c->buf)) {
		ssize_t r = pread(fileno(l->runs), (char *)c->buf + got, want * sizeof(*c->buf) - got,
				  at + (off_t)got);
		if (r <= 0)
			return -1;	/* a short runs file is an error too */
		got += (size_t)r;
	}
	c->next += want;
	c->at = 0;
	c->n = want;
	return 0;
}

/* The cursor of l whose key comes first, in *k's place; -1 when every
 * run is read, -2 on a read error. Allocates nothing. */
static long late_peek(struct report_late *l, const struct report_late_key **k)
{
	long best = -1;

	for (size_t r = 0; r < l->ncur; r++) {
		struct late_cursor *c = &l->cur[r];
		if (late_fill(l, c) < 0)
			return -2;
		if (c->at == c->n)
			continue;
		if (best < 0 || late_cmp(&c->buf[c->at], *k) < 0) {
			best = (long)r;
			*k = &c->buf[c->at];
		}
	}
	return best;
}

void report_source_init(struct report_source *src, FILE *main, struct report_late *late)
{
	*src = (struct report_source){ .main = main, .late = late && late->count ? late : NULL };
}

int report_source_rewind(struct report_source *src)
{
	src->head = 0;
	if (src->late)
		late_rewind(src->late);
	return fseeko(src->main, 0, SEEK_SET) != 0 ? -1 : 0;
}

/* Does late key k go before the main record read ahead? A main record
 * of the same place was spooled before k's (the main spool had passed
 * that place when k's record went late), so it goes first. */
static bool late_first(const struct report_source *src, const struct report_late_key *k)
{
	if (src->head < 0)
		return true;
	if (k->file != src->head_rec.file)
		return k->file < src->head_rec.file;
	if (k->line != src->head_rec.pos.line)
		return k->line < src->head_rec.pos.line;
	return k->column < src->head_rec.pos.column;
}

int report_source_next(struct report_source *src, struct findings *fs)
{
	const struct report_late_key *k = NULL;
	struct report_rec_head h;
	long r = -1;
	int rc;

	if (src->head == 0) {
		rc = rec_read_head(src->main, &h);
		if (rc < 0)
			return -1;
		src->head = rc == 1 ? 1 : -1;
		if (rc == 1)
			src->head_rec = h;
	}
	if (src->late && (r = late_peek(src->late, &k)) == -2)
		return -1;
	if (r >= 0 && late_first(src, k)) {
		if (fseeko(src->late->spool, k->offset, SEEK_SET) != 0)
			return -1;
		src->late->cur[r].at++;
		rc = report_rec_read(src->late->spool, fs, NULL);
		return rc == 1 ? 1 : -1;	/* a key without its record is a truncated spool */
	}
	if (src->head < 0)
		return 0;
	src->head = 0;
	return rec_read_body(src->main, &src->head_rec, fs);
}

/* FNV-1a of s. Allocates nothing. */
static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* A set of distinct strings, each with a number: open addressing over
 * borrowed keys. */
struct strmap {
	const char **keys;
	size_t *vals;
	size_t nslots;		/* a power of two */
	size_t n;
};

/* Free the map's arrays (the keys are borrowed). */
static void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
}

/* The slot of key, or the empty slot where it would go. Allocates nothing. */
static size_t strmap_slot(const struct strmap *m, const char *key)
{
	size_t j = str_hash(key) & (m->nslots - 1);

	while (m->keys[j] && strcmp(m->keys[j], key) != 0)
		j = (j + 1) & (m->nslots - 1);
	return j;
}

/* Double the slots (reallocates the arrays m owns). */
static void strmap_grow(struct strmap *m)
{
	struct strmap g = { .nslots = m->nslots ? m->nslots * 2 : 64, .n = m->n };

	g.keys = xcalloc(g.nslots, sizeof(*g.keys));
	g.vals = xcalloc(g.nslots, sizeof(*g.vals));
	for (size_t i = 0; i < m->nslots; i++) {
		if (m->keys[i] == NULL)
			continue;
		size_t j = strmap_slot(&g, m->keys[i]);
		g.keys[j] = m->keys[i];
		g.vals[j] = m->vals[i];
	}
	strmap_free(m);
	*m = g;
}

/* The number stored for key; a new key gets *fresh (then incremented).
 * Returns a pointer to the stored number, valid until the next call. */
static size_t *strmap_get(struct strmap *m, const char *key, size_t *fresh)
{
	size_t j;

	if ((m->n + 1) * 2 > m->nslots)
		strmap_grow(m);
	j = strmap_slot(m, key);
	if (m->keys[j] == NULL) {
		m->keys[j] = key;
		m->vals[j] = (*fresh)++;
		m->n++;
	}
	return &m->vals[j];
}

struct report_files {
	struct strmap map;	/* keys owned, numbered 0, 1, ... as they come */
};

struct report_files *report_files_new(void)
{
	return xcalloc(1, sizeof(struct report_files));
}

size_t report_files_number(struct report_files *t, const char *file)
{
	size_t j;

	if ((t->map.n + 1) * 2 > t->map.nslots)
		strmap_grow(&t->map);
	j = strmap_slot(&t->map, file);
	if (t->map.keys[j] == NULL) {
		t->map.keys[j] = xstrdup(file);
		t->map.vals[j] = t->map.n++;
	}
	return t->map.vals[j];
}

void report_files_free(struct report_files *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->map.nslots; i++)
		free((char *)t->map.keys[i]);
	strmap_free(&t->map);
	free(t);
}

/* Equal strings, or both NULL. Allocates nothing. */
static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool report_same_object(const struct finding *a, const struct finding *b)
{
	return same_str(a->file, b->file) && same_str(a->kind, b->kind) &&
	       same_str(a->ns, b->ns) && same_str(a->name, b->name);
}

/* qsort order of tally entries: count down, then name, NULL last. */
static int tally_cmp(const void *pa, const void *pb)
{
	const struct report_tally_entry *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->key == NULL || b->key == NULL)
		return (a->key == NULL) - (b->key == NULL);
	return strcmp(a->key, b->key);
}

struct report_tally {
	struct strmap seen;	/* keys are the v[].key copies */
	struct report_tally_entry *v;	/* keys owned */
	size_t cap, n, none;
};

struct report_tally *report_tally_new(void)
{
	return xcalloc(1, sizeof(struct report_tally));
}

void report_tally_add(struct report_tally *t, const char *ns)
{
	size_t before = t->n, slot;

	if (ns == NULL) {
		t->none++;
		return;
	}
	slot = *strmap_get(&t->seen, ns, &t->n);
	if (t->n != before) {
		grow_array((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
		t->v[slot] = (struct report_tally_entry){ .key = xstrdup(ns), .count = 0 };
		t->seen.keys[strmap_slot(&t->seen, ns)] = t->v[slot].key;
	}
	t->v[slot].count++;
}

const struct report_tally_entry *report_tally_sorted(struct report_tally *t, size_t *n)
{
	size_t count = t->n;

	strmap_free(&t->seen);
	t->seen = (struct strmap){0};
	if (t->none) {
		grow_array((void **)&t->v, &t->cap, count + 1, sizeof(*t->v));
		t->v[count++] = (struct report_tally_entry){ .key = NULL, .count = t->none };
	}
	if (count)
		qsort(t->v, count, sizeof(*t->v), tally_cmp);
	t->n = count;		/* the entries free() walks */
	t->none = 0;
	*n = count;
	return count ? t->v : NULL;
}

void report_tally_free(struct report_tally *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		free((char *)t->v[i].key);
	free(t->v);
	strmap_free(&t->seen);
	free(t);
}

size_t report_char(const char *s, size_t n, unsigned long *cp)
{
	size_t len = utf8_decode((const unsigned char *)s, n, cp);

	if (len == 0) {
		*cp = 0xfffd;
		return n ? 1 : 0;
	}
	if ((*cp < 0x20 && *cp != '\t' && *cp != '\n') || (*cp >= 0x7f && *cp < 0xa0) ||
	    (*cp >= 0xfdd0 && *cp <= 0xfdef) || (*cp & 0xfffe) == 0xfffe)
		*cp = 0xfffd;
	return len;
}

void report_put_utf8(FILE *out, unsigned long cp)
{
	if (cp < 0x80) {
		putc((int)cp, out);
	} else if (cp < 0x800) {
		putc((int)(0xc0 | (cp >> 6)), out);
		putc((int)(0x80 | (cp & 0x3f)), out);
	} else if (cp < 0x10000) {
		putc((int)(0xe0 | (cp >> 12)), out);
		putc((int)(0x80 | ((cp >> 6) & 0x3f)), out);
		putc((int)(0x80 | (cp & 0x3f)), out);
	} else {
		putc((int)(0xf0 | (cp >> 18)), out);
		putc((int)(0x80 | ((cp >> 12) & 0x3f)), out);
		putc((int)(0x80 | ((cp >> 6) & 0x3f)), out);
		putc((int)(0x80 | (cp & 0x3f)), out);
	}
}

/* Is c written as it is by e: printable ASCII or a tab, without a
 * replacement or a guard? */
static bool plain(const struct report_escapes *e, unsigned char c)
{
	return ((c >= 0x20 && c < 0x7f) || c == '\t') && e->rep[c] == NULL &&
	       !(e->guard_refs && (c == '@' || c == '#'));
}

void report_put_escaped(FILE *out, const char *s, size_t n, const struct report_escapes *e)
{
	while (n) {
		unsigned long cp;
		size_t len = 0;
		while (len < n && plain(e, (unsigned char)s[len]))
			len++;
		if (len) {
			fwrite(s, 1, len, out);
			s += len;
			n -= len;
			continue;
		}
		len = report_char(s, n, &cp);
		if (cp < 128 && e->rep[cp])
			fputs(e->rep[cp], out);
		else
			report_put_utf8(out, cp);
		if (e->guard_refs && (cp == '@' || cp == '#') && n > 1 && isalnum((unsigned char)s[1]))
			fputs("&#8203;", out);
		s += len;
		n -= len;
	}
}

static const struct report_escapes html_escapes = {
	.rep = { ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;" },
};

void report_put_html(FILE *out, const char *s)
{
	if (s)
		report_put_escaped(out, s, strlen(s), &html_escapes);
}

bool report_safe_url(const char *url)
{
	if (url == NULL || !(str_has_prefix(url, "https://") || str_has_prefix(url, "http://")))
		return false;
	for (const char *p = url; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("-._~:/?#@!$+,;=%", *p)))
			return false;
	return true;
}
