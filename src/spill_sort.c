/* spill_sort.c - records sorted in runs on a temporary file, merged when
 * read (see spill_sort.h). A record is a 4-byte length and its bytes, in
 * memory and in the file alike. */
#include "spill_sort.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spill.h"
#include "util.h"

#define WRITE_BUF 65536		/* bytes of a run written at a time */
#define READ_BUF 8192		/* bytes of a run read ahead (each run's buffer) */

/* A run being read: its bytes [off, end) of the file not yet read, and
 * buf[at, len) read ahead; rec/rn the current record (in buf). */
struct cursor {
	uint64_t off, end;
	char *buf;
	size_t cap, len, at;
	const char *rec;
	size_t rn;
	bool done;
};

struct spill_sort {
	spill_sort_cmp cmp;
	size_t budget;
	char *mem;			/* records in memory */
	size_t mlen, mcap;
	size_t *idx, *tmp;		/* their offsets in mem, and merge scratch */
	size_t nidx, icap;
	size_t count;
	struct spill sp;
	uint64_t flen;			/* bytes of the file */
	uint64_t *runs;			/* start of each run, and one past the last */
	size_t nruns, rcap;
	bool reading;			/* rewound at least once: no more adding */
	size_t pos;			/* in memory: the next record */
	struct cursor *cur;		/* per run */
	size_t *heap;			/* runs by their current record */
	size_t nheap;
	bool advance;			/* heap[0]'s record was returned */
};

struct spill_sort *spill_sort_new(spill_sort_cmp cmp, size_t budget)
{
	struct spill_sort *s = xcalloc(1, sizeof(*s));

	s->cmp = cmp;
	s->budget = budget;
	spill_init(&s->sp);
	return s;
}

void spill_sort_free(struct spill_sort *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->cur && i < s->nruns; i++)
		free(s->cur[i].buf);
	free(s->cur);
	free(s->heap);
	free(s->mem);
	free(s->idx);
	free(s->tmp);
	free(s->runs);
	spill_free(&s->sp);
	free(s);
}

size_t spill_sort_count(const struct spill_sort *s)
{
	return s->count;
}

size_t spill_sort_runs(const struct spill_sort *s)
{
	return s->nruns;
}

static uint32_t rec_len(const char *p)
{
	uint32_t n;

	memcpy(&n, p, sizeof(n));
	return n;
}

/* Compare the records at mem offsets a and b. */
static int mem_cmp(const struct spill_sort *s, size_t a, size_t b)
{
	return s->cmp(s->mem + a + 4, rec_len(s->mem + a), s->mem + b + 4, rec_len(s->mem + b));
}

/* Stable merge sort of idx[lo, hi) (tmp as scratch). */
static void sort_range(struct spill_sort *s, size_t lo, size_t hi)
{
	size_t mid = lo + (hi - lo) / 2, i = lo, j = mid, k = lo;

	if (hi - lo < 2)
		return;
	sort_range(s, lo, mid);
	sort_range(s, mid, hi);
	if (mem_cmp(s, s->idx[mid - 1], s->idx[mid]) <= 0)
		return;	/* already in order */
	while (i < mid && j < hi)
		s->tmp[k++] = mem_cmp(s, s->idx[j], s->idx[i]) < 0 ? s->idx[j++] : s->idx[i++];
	while (i < mid)
		s->tmp[k++] = s->idx[i++];
	while (j < hi)
		s->tmp[k++] = s->idx[j++];
	memcpy(s->idx + lo, s->tmp + lo, (hi - lo) * sizeof(*s->idx));
}

static void sort_mem(struct spill_sort *s)
{
	if (s->cmp == NULL || s->nidx < 2)
		return;
	s->tmp = xrealloc(s->tmp, s->nidx * sizeof(*s->tmp));
	sort_range(s, 0, s->nidx);
	free(s->tmp);
	s->tmp = NULL;
}

/* Write the records in memory, sorted, as a run; memory is emptied. */
static void write_run(struct spill_sort *s)
{
	char *w = xmalloc(WRITE_BUF);
	size_t wl = 0;

	sort_mem(s);
	grow_array((void **)&s->runs, &s->rcap, s->nruns + 2, sizeof(*s->runs));
	s->runs[s->nruns++] = s->flen;
	for (size_t i = 0; i < s->nidx; i++) {
		const char *r = s->mem + s->idx[i];
		size_t n = 4 + rec_len(r);
		if (wl + n > WRITE_BUF && wl) {
			spill_write(&s->sp, s->flen, w, wl);
			s->flen += wl;
			wl = 0;
		}
		if (n > WRITE_BUF) {
			spill_write(&s->sp, s->flen, r, n);
			s->flen += n;
			continue;
		}
		memcpy(w + wl, r, n);
		wl += n;
	}
	if (wl) {
		spill_write(&s->sp, s->flen, w, wl);
		s->flen += wl;
	}
	s->runs[s->nruns] = s->flen;
	free(w);
	s->mlen = 0;
	s->nidx = 0;
}

void spill_sort_add(struct spill_sort *s, const void *rec, size_t n)
{
	uint32_t len = (uint32_t)n;

	if (s->reading || n >= UINT32_MAX)
		abort();	/* a caller's mistake */
	if (s->nidx && s->mlen + 4 + n > s->budget)
		write_run(s);
	grow_array((void **)&s->mem, &s->mcap, s->mlen + 4 + n, 1);
	grow_array((void **)&s->idx, &s->icap, s->nidx + 1, sizeof(*s->idx));
	s->idx[s->nidx++] = s->mlen;
	memcpy(s->mem + s->mlen, &len, 4);
	if (n)
		memcpy(s->mem + s->mlen + 4, rec, n);
	s->mlen += 4 + n;
	s->count++;
}

/* Make k bytes of run c readable at buf + at; false at the run's end. */
static bool cursor_need(struct spill_sort *s, struct cursor *c, size_t k)
{
	size_t have = c->len - c->at;

	if (have >= k)
		return true;
	if (have + (c->end - c->off) < k)
		return false;
	memmove(c->buf, c->buf + c->at, have);
	c->len = have;
	c->at = 0;
	if (k > c->cap)
		grow_array((void **)&c->buf, &c->cap, k, 1);
	{
		uint64_t want = c->cap - c->len;
		if (want > c->end - c->off)
			want = c->end - c->off;
		spill_read(&s->sp, c->off, c->buf + c->len, (size_t)want);
		c->off += want;
		c->len += (size_t)want;
	}
	return true;
}

/* Load run c's next record (or mark it done). */
static void cursor_step(struct spill_sort *s, struct cursor *c)
{
	if (!cursor_need(s, c, 4)) {
		c->done = true;
		return;
	}
	c->rn = rec_len(c->buf + c->at);
	if (!cursor_need(s, c, 4 + c->rn))
		abort();	/* a run is written whole */
	c->rec = c->buf + c->at + 4;
	c->at += 4 + c->rn;
}

/* Does run a's record come before run b's? */
static bool before(const struct spill_sort *s, size_t a, size_t b)
{
	int c = s->cmp ? s->cmp(s->cur[a].rec, s->cur[a].rn, s->cur[b].rec, s->cur[b].rn) : 0;

	return c ? c < 0 : a < b;
}

static void sift_down(struct spill_sort *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;
		if (l < s->nheap && before(s, s->heap[l], s->heap[m]))
			m = l;
		if (r < s->nheap && before(s, s->heap[r], s->heap[m]))
			m = r;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

void spill_sort_rewind(struct spill_sort *s)
{
	if (!s->reading) {
		s->reading = true;
		if (s->nruns && s->nidx)
			write_run(s);
		if (s->nruns) {
			free(s->mem);
			free(s->idx);
			s->mem = NULL;
			s->idx = NULL;
			s->mcap = s->icap = 0;
			s->cur = xcalloc(s->nruns, sizeof(*s->cur));
			s->heap = xmalloc(s->nruns * sizeof(*s->heap));
		} else {
			sort_mem(s);
		}
	}
	s->pos = 0;
	s->advance = false;
	s->nheap = 0;
	for (size_t i = 0; i < s->nruns; i++) {
		struct cursor *c = &s->cur[i];
		c->off = s->runs[i];
		c->end = s->runs[i + 1];
		c->len = c->at = 0;
		c->done = false;
		if (c->buf == NULL) {
			c->cap = READ_BUF;
			c->buf = xmalloc(c->cap);
		}
		cursor_step(s, c);
		if (!c->done)
			s->heap[s->nheap++] = i;
	}
	for (size_t i = s->nheap / 2; i-- > 0;)
		sift_down(s, i);
}

const char *spill_sort_next(struct spill_sort *s, size_t *n)
{
	struct cursor *c;

	if (s->nruns == 0) {
		const char *r;
		if (s->pos >= s->nidx)
			return NULL;
		r = s->mem + s->idx[s->pos++];
		*n = rec_len(r);
		return r + 4;
	}
	if (s->advance && s->nheap) {
		c = &s->cur[s->heap[0]];
		cursor_step(s, c);
		if (c->done)
			s->heap[0] = s->heap[--s->nheap];
		sift_down(s, 0);
	}
	s->advance = false;
	if (s->nheap == 0)
		return NULL;
	c = &s->cur[s->heap[0]];
	s->advance = true;
	*n = c->rn;
	return c->rec;
}
