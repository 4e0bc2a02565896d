/* diff.c - unified diffs of two texts, line by line (see diff.h). */
#include "diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct line {
	const char *p;
	size_t len;		/* with its '\n', when it has one */
	size_t id;		/* equal lines have equal ids */
};

struct text {
	struct line *v;
	size_t n;
	size_t cap;
};

/* The edit script: runs of equal ('='), deleted ('-') and added ('+')
 * lines, in order. */
struct run {
	char op;
	size_t len;
};

struct script {
	struct run *v;
	size_t n;
	size_t cap;
};

/* Cut s into lines (the last may lack its '\n'); t borrows s. The array
 * is sized once, by a first count. */
static void split(struct text *t, const char *s, size_t len)
{
	size_t n = 0;

	for (const char *p = s, *end = s + len; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	t->v = xcalloc(n ? n : 1, sizeof(*t->v));
	t->cap = n;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;
		t->v[t->n++] = (struct line){ s + i, end - i, 0 };
		i = end;
	}
}

/* FNV-1a 64 over the line's bytes. */
static uint64_t hash_line(const struct line *l)
{
	uint64_t h = 14695981039346656037ull;

	for (size_t i = 0; i < l->len; i++) {
		h ^= (unsigned char)l->p[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* The table of distinct lines: open addressing, at most half full. */
struct slot {
	uint64_t h;
	const struct line *l;	/* NULL: empty */
};

/* Double the table, placing every entry again. */
static void grow_table(struct slot **tab, size_t *cap)
{
	size_t ncap = *cap * 2;
	struct slot *t = xcalloc(ncap, sizeof(*t));

	for (size_t i = 0; i < *cap; i++) {
		size_t s;
		if ((*tab)[i].l == NULL)
			continue;
		s = (size_t)(*tab)[i].h & (ncap - 1);
		while (t[s].l)
			s = (s + 1) & (ncap - 1);
		t[s] = (*tab)[i];
	}
	free(*tab);
	*tab = t;
	*cap = ncap;
}

/* Give every line of a and b an id, equal for equal bytes. Returns the
 * number of ids. The table (sized by the distinct lines) is temporary. */
static size_t number_lines(struct text *a, struct text *b)
{
	size_t cap = 1024, ids = 0;
	struct slot *tab = xcalloc(cap, sizeof(*tab));

	for (int side = 0; side < 2; side++) {
		struct text *t = side ? b : a;
		for (size_t i = 0; i < t->n; i++) {
			struct line *l = &t->v[i];
			uint64_t h = hash_line(l);
			size_t s = (size_t)h & (cap - 1);
			while (tab[s].l && (tab[s].h != h || tab[s].l->len != l->len ||
					    memcmp(tab[s].l->p, l->p, l->len) != 0))
				s = (s + 1) & (cap - 1);
			if (tab[s].l) {
				l->id = tab[s].l->id;
				continue;
			}
			tab[s].h = h;
			tab[s].l = l;
			l->id = ids++;
			if (2 * ids > cap)
				grow_table(&tab, &cap);
		}
	}
	free(tab);
	return ids;
}

static void emit(struct script *sc, char op, size_t len)
{
	if (len == 0)
		return;
	if (sc->n && sc->v[sc->n - 1].op == op) {
		sc->v[sc->n - 1].len += len;
		return;
	}
	grow_array((void **)&sc->v, &sc->cap, sc->n + 1, sizeof(*sc->v));
	sc->v[sc->n++] = (struct run){ op, len };
}

/* Myers' greedy O(ND) alignment of a[0..n) and b[0..m), which differ at
 * both ends (the caller trimmed what they share). Appends the runs to sc
 * and returns true, or returns false (appending nothing) when the edit
 * distance exceeds max. The trace of V arrays, (D + 1)^2 integers at
 * most, is temporary. */
static bool myers(const struct line *a, size_t n, const struct line *b, size_t m, size_t max, struct script *sc)
{
	int32_t *v, *trace = NULL;
	size_t *start, tlen = 0, tcap = 0, dmax = n + m < max ? n + m : max;
	struct run *rev = NULL;
	size_t nrev = 0, revcap = 0;
	long found = -1, off = (long)dmax + 1;
	int32_t x, y;

	if (n > INT32_MAX / 2 || m > INT32_MAX / 2)
		return false;
	v = xcalloc(2 * dmax + 3, sizeof(*v));
	start = xcalloc(dmax + 1, sizeof(*start));
	v[off + 1] = 0;
	for (long d = 0; d <= (long)dmax && found < 0; d++) {
		for (long k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = (int32_t)(x - k);
			while ((size_t)x < n && (size_t)y < m && a[x].id == b[y].id) {
				x++;
				y++;
			}
			v[off + k] = x;
			if ((size_t)x >= n && (size_t)y >= m) {
				found = d;
				break;
			}
		}
		start[d] = tlen;
		grow_array((void **)&trace, &tcap, tlen + (size_t)(2 * d + 1), sizeof(*trace));
		memcpy(trace + tlen, v + off - d, (size_t)(2 * d + 1) * sizeof(*trace));
		tlen += (size_t)(2 * d + 1);
	}
	free(v);
	if (found < 0) {
		free(start);
		free(trace);
		return false;
	}
	/* Walk back from (n, m): each step is one deletion or addition after
	 * the snake of equal lines that ends where the step's successor
	 * starts. */
	x = (int32_t)n;
	y = (int32_t)m;
	for (long d = found; d > 0; d--) {
		const int32_t *vp = trace + start[d - 1] + (d - 1);	/* vp[k], k in [-(d-1), d-1] */
		long k = (long)x - y, pk;
		int32_t px, mx;
		bool down = k == -d || (k != d && vp[k - 1] < vp[k + 1]);
		pk = down ? k + 1 : k - 1;
		px = vp[pk];
		mx = down ? px : px + 1;
		grow_array((void **)&rev, &revcap, nrev + 2, sizeof(*rev));
		rev[nrev++] = (struct run){ '=', (size_t)(x - mx) };
		rev[nrev++] = (struct run){ down ? '+' : '-', 1 };
		x = px;
		y = (int32_t)(px - pk);
	}
	emit(sc, '=', (size_t)x);
	while (nrev > 0) {
		nrev--;
		emit(sc, rev[nrev].op, rev[nrev].len);
	}
	free(rev);
	free(start);
	free(trace);
	return true;
}

/* Align the stretch a[a0..a1) with b[b0..b1): the lines both start or
 * end with, then Myers, or everything deleted and added when that costs
 * too much. */
static void align(const struct text *a, size_t a0, size_t a1, const struct text *b, size_t b0, size_t b1,
		  size_t max, struct script *sc, struct diff_stats *st)
{
	size_t head = 0, tail = 0;

	while (a0 + head < a1 && b0 + head < b1 && a->v[a0 + head].id == b->v[b0 + head].id)
		head++;
	while (a0 + head + tail < a1 && b0 + head + tail < b1 &&
	       a->v[a1 - 1 - tail].id == b->v[b1 - 1 - tail].id)
		tail++;
	emit(sc, '=', head);
	a0 += head;
	b0 += head;
	a1 -= tail;
	b1 -= tail;
	if (a0 == a1 || b0 == b1 || !myers(a->v + a0, a1 - a0, b->v + b0, b1 - b0, max, sc)) {
		if (a0 < a1 && b0 < b1)
			st->given_up++;
		emit(sc, '-', a1 - a0);
		emit(sc, '+', b1 - b0);
	}
	emit(sc, '=', tail);
}

/* The anchors of a[a0..a1) and b[b0..b1): the lines that occur once in
 * each, as the longest run of them in the same order in both (patience
 * sorting). Fills *ai and *bi (allocated, the caller frees) and returns
 * their number. */
static size_t anchors(const struct text *a, size_t a0, size_t a1, const struct text *b, size_t b0, size_t b1,
		      size_t nids, size_t **ai, size_t **bi)
{
	size_t *ca = xcalloc(nids ? nids : 1, sizeof(*ca)), *cb = xcalloc(nids ? nids : 1, sizeof(*cb));
	size_t *pos = xcalloc(nids ? nids : 1, sizeof(*pos));
	size_t *ci = NULL, *cj = NULL, nc = 0, cap = 0, cap2 = 0;
	size_t *tails, *prev, ntails = 0, n;

	for (size_t i = a0; i < a1; i++)
		ca[a->v[i].id]++;
	for (size_t j = b0; j < b1; j++) {
		cb[b->v[j].id]++;
		pos[b->v[j].id] = j;
	}
	for (size_t i = a0; i < a1; i++) {
		size_t id = a->v[i].id;
		if (ca[id] != 1 || cb[id] != 1)
			continue;
		grow_array((void **)&ci, &cap, nc + 1, sizeof(*ci));
		grow_array((void **)&cj, &cap2, nc + 1, sizeof(*cj));
		ci[nc] = i;
		cj[nc] = pos[id];
		nc++;
	}
	free(ca);
	free(cb);
	free(pos);
	/* longest increasing subsequence of cj: tails[l] is the candidate
	 * ending the best run of length l + 1 found so far */
	tails = xcalloc(nc ? nc : 1, sizeof(*tails));
	prev = xcalloc(nc ? nc : 1, sizeof(*prev));
	for (size_t c = 0; c < nc; c++) {
		size_t lo = 0, hi = ntails;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cj[tails[mid]] < cj[c])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[c] = lo ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = c;
		if (lo == ntails)
			ntails++;
	}
	n = ntails;
	*ai = xcalloc(n ? n : 1, sizeof(**ai));
	*bi = xcalloc(n ? n : 1, sizeof(**bi));
	for (size_t c = n ? tails[n - 1] : SIZE_MAX, k = n; k > 0; c = prev[c]) {
		k--;
		(*ai)[k] = ci[c];
		(*bi)[k] = cj[c];
	}
	free(tails);
	free(prev);
	free(ci);
	free(cj);
	return n;
}

/* Write 'start,count' of a hunk range as diff does: the line before an
 * empty range, the count left out when it is 1. */
static void range(FILE *out, size_t from, size_t count)
{
	if (count == 1)
		fprintf(out, "%zu", from + 1);
	else
		fprintf(out, "%zu,%zu", count ? from + 1 : from, count);
}

static void put_line(FILE *out, char op, const struct line *l)
{
	fputc(op, out);
	fwrite(l->p, 1, l->len, out);
	if (l->len == 0 || l->p[l->len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", out);
}

/* A change: a[a0..a1) becomes b[b0..b1). */
struct block {
	size_t a0, a1, b0, b1;
};

/* The changes of the script, in order. Allocated; the caller frees. */
static struct block *blocks_of(const struct script *sc, size_t *nblocks)
{
	struct block *v = NULL;
	size_t n = 0, cap = 0, ai = 0, bi = 0;
	bool open = false;

	for (size_t r = 0; r < sc->n; r++) {
		const struct run *x = &sc->v[r];
		if (x->op == '=') {
			if (open) {
				v[n - 1].a1 = ai;
				v[n - 1].b1 = bi;
				open = false;
			}
			ai += x->len;
			bi += x->len;
			continue;
		}
		if (!open) {
			grow_array((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = (struct block){ ai, ai, bi, bi };
			open = true;
		}
		if (x->op == '-')
			ai += x->len;
		else
			bi += x->len;
	}
	if (open) {
		v[n - 1].a1 = ai;
		v[n - 1].b1 = bi;
	}
	*nblocks = n;
	return v;
}

/* Write the hunks: changes closer than twice the context share one. */
static size_t write_hunks(FILE *out, const struct text *a, const struct text *b, const struct block *bl, size_t n,
			  size_t ctx)
{
	size_t hunks = 0;

	for (size_t first = 0; first < n;) {
		size_t last = first, ha0, ha1, hb0, hb1, cur;
		while (last + 1 < n && bl[last + 1].a0 - bl[last].a1 <= 2 * ctx)
			last++;
		ha0 = bl[first].a0 > ctx ? bl[first].a0 - ctx : 0;
		hb0 = bl[first].b0 - (bl[first].a0 - ha0);
		ha1 = bl[last].a1 + ctx < a->n ? bl[last].a1 + ctx : a->n;
		hb1 = bl[last].b1 + (ha1 - bl[last].a1);
		fputs("@@ -", out);
		range(out, ha0, ha1 - ha0);
		fputs(" +", out);
		range(out, hb0, hb1 - hb0);
		fputs(" @@\n", out);
		cur = ha0;
		for (size_t k = first; k <= last; k++) {
			for (; cur < bl[k].a0; cur++)
				put_line(out, ' ', &a->v[cur]);
			for (size_t i = bl[k].a0; i < bl[k].a1; i++)
				put_line(out, '-', &a->v[i]);
			for (size_t j = bl[k].b0; j < bl[k].b1; j++)
				put_line(out, '+', &b->v[j]);
			cur = bl[k].a1;
		}
		for (; cur < ha1; cur++)
			put_line(out, ' ', &a->v[cur]);
		hunks++;
		first = last + 1;
	}
	return hunks;
}

int diff_unified(FILE *out, const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
		 const char *label_b, const struct diff_options *opt, struct diff_stats *stats)
{
	struct diff_options dflt = { DIFF_CONTEXT, DIFF_MAX_COST };
	struct diff_stats dummy;
	struct text ta = {0}, tb = {0};
	struct script sc = {0};
	struct block *bl;
	size_t nids, head = 0, tail = 0, na, *ai, *bi, x, y, nb;

	if (opt == NULL)
		opt = &dflt;
	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
		return 0;
	split(&ta, a, alen);
	split(&tb, b, blen);
	nids = number_lines(&ta, &tb);
	while (head < ta.n && head < tb.n && ta.v[head].id == tb.v[head].id)
		head++;
	while (head + tail < ta.n && head + tail < tb.n && ta.v[ta.n - 1 - tail].id == tb.v[tb.n - 1 - tail].id)
		tail++;
	emit(&sc, '=', head);
	na = anchors(&ta, head, ta.n - tail, &tb, head, tb.n - tail, nids, &ai, &bi);
	x = y = head;
	for (size_t k = 0; k < na; k++) {
		align(&ta, x, ai[k], &tb, y, bi[k], opt->max_cost, &sc, stats);
		emit(&sc, '=', 1);
		x = ai[k] + 1;
		y = bi[k] + 1;
	}
	align(&ta, x, ta.n - tail, &tb, y, tb.n - tail, opt->max_cost, &sc, stats);
	emit(&sc, '=', tail);
	free(ai);
	free(bi);

	bl = blocks_of(&sc, &nb);
	fprintf(out, "--- %s\n+++ %s\n", label_a, label_b);
	stats->hunks = write_hunks(out, &ta, &tb, bl, nb, opt->context);
	free(bl);
	free(sc.v);
	free(ta.v);
	free(tb.v);
	return ferror(out) ? -1 : 1;
}
