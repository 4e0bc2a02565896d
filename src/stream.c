/* stream.c - YAML events (the fast reader's, else libyaml's) to per-object
 * trees, with byte-exact splicing. */
#include "stream.h"

#include <errno.h>
#include <sys/types.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"
#include "yaml_block.h"

#define MAX_DEPTH 256
/* Bytes read from the input at a time by the fast reader. */
#define READ_CHUNK 65536
/* Longest document the fast reader takes whole: a longer List is read in
 * parts no longer than this (list_doc), any other is left to libyaml,
 * which reads it in bounded memory. */
#define FAST_MAX_DOC (1u << 18)
#define ARENA_CHUNK 16384

/* Arena ------------------------------------------------------------------ */

struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

struct arena {
	struct chunk *head;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Release everything allocated from a, keeping one standard chunk for
 * the next object (most objects fit in one). */
static void arena_reset(struct arena *a)
{
	struct chunk *c = a->head, *next, *keep = NULL;

	for (; c; c = next) {
		next = c->next;
		if (keep == NULL && c->size == ARENA_CHUNK) {
			keep = c;
			continue;
		}
		free(c);
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
}

static void arena_free(struct arena *a)
{
	struct chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* Anchors ---------------------------------------------------------------- */

/* The anchors of the current document by name, the latest definition of
 * each: an open-addressing hash table of borrowed nodes (their names live
 * in the nodes' arenas). */
struct anchors {
	struct node **slot;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u & SIZE_MAX;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct node **anchor_slot(struct anchors *t, const char *name)
{
	size_t i = name_hash(name) & (t->cap - 1);

	while (t->slot[i] && strcmp(t->slot[i]->anchor, name) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->slot[i];
}

/* Record n (which carries an anchor) as the latest node of its name; the
 * table grows as needed (stream_run frees it). */
static void anchor_define(struct anchors *t, struct node *n)
{
	struct node **s;

	if (t->n + 1 > t->cap / 2) {
		struct anchors g = { xcalloc(t->cap ? t->cap * 2 : 16, sizeof(*g.slot)), t->cap ? t->cap * 2 : 16, 0 };
		for (size_t i = 0; i < t->cap; i++)
			if (t->slot[i])
				*anchor_slot(&g, t->slot[i]->anchor) = t->slot[i];
		g.n = t->n;
		free(t->slot);
		*t = g;
	}
	s = anchor_slot(t, n->anchor);
	if (*s == NULL)
		t->n++;
	*s = n;
}

static struct node *anchor_lookup(struct anchors *t, const char *name)
{
	return t->cap ? *anchor_slot(t, name) : NULL;
}

/* Forget every anchor (a new document starts); keeps the table. */
static void anchors_clear(struct anchors *t)
{
	if (t->cap)
		memset(t->slot, 0, t->cap * sizeof(*t->slot));
	t->n = 0;
}

/* Stream ----------------------------------------------------------------- */

struct edit {
	size_t start;
	size_t end;
	size_t seq;
	char *text;
};

struct frame {
	struct node *node;
	struct node **kids;
	size_t nkids;
	size_t cap;
	bool items_seq;		/* the 'items' sequence of a top-level List */
	bool item;		/* a List element mapping: dispatched on its own */
};

struct stream {
	const char *name;
	struct buf doc_name;	/* 'SOURCE (name)' for a helm template document, or empty */
	FILE *in;
	FILE *out;
	FILE *err;
	bool read_error;
	int read_errno;
	bool at_eof;		/* the input has been read to its end */
	size_t feed;		/* absolute offset of the next byte for libyaml */
	size_t events;		/* events handled (but the stream starts) */
	size_t valid_to;	/* input checked as libyaml's reader would up to here, */
	size_t bad_at;		/* where it would fail first (SIZE_MAX: nowhere yet) */
	off_t origin;		/* the file position of the input's start */
	size_t replay_pos;	/* replay: bytes read again from the origin */

	struct buf ret;		/* retained input bytes from ret_base */
	unsigned flags;		/* STREAM_* */
	size_t ret_base;	/* absolute offset of ret.data[0] */
	size_t total;		/* bytes read so far */
	size_t flushed;		/* absolute offset written out / consumed */
	size_t cur_char;	/* libyaml character index ... */
	size_t cur_byte;	/* ... and its absolute byte offset */
	size_t ascii_start;	/* a run of ASCII bytes [start, end) (absolute), */
	size_t ascii_end;	/* where characters and bytes go one to one */
	size_t base_line;	/* 1-based line and column of ret_base, kept */
	size_t base_column;	/* as the window is trimmed */

	struct edit *edits;
	size_t nedits;
	size_t edcap;
	size_t edseq;

	struct arena doc_arena;
	struct arena item_arena;
	struct frame *stack;	/* frames keep their kids arrays for reuse */
	size_t depth;
	size_t stcap;
	size_t stinit;		/* frames initialised (their kids arrays owned) */
	struct node *root;
	size_t items_done;
	bool in_item;		/* inside a List element: nodes go to its arena */
	int crlf;		/* line breaks: -1 not known yet, 0 LF, 1 CR LF, 2 a lone CR */
	bool next_is_item;	/* the node being created starts a List element */
	bool item_anchors;	/* the current List element defines anchors */
	struct node **anchored;	/* the anchored nodes of the current List element, in order */
	size_t nanchored;
	size_t ancap;
	bool item_object;	/* the object callback runs for a List element */
	size_t max_doc;		/* FAST_MAX_DOC, or I2H_FAST_MAX_DOC (tests) */
	struct anchors anchors;	/* of the current document */

	stream_object_fn fn;
	void *ud;
	struct stream_stats *stats;
};

const char *stream_name(const struct stream *st)
{
	return st->doc_name.len ? st->doc_name.data : st->name;
}

/* helm template writes '# Source: chart/templates/x.yaml' before each
 * document it renders. Look for that line in the bytes [from, to) before
 * a document's first node and name the document 'SOURCE (name)' (the
 * last such line wins; one with a control character is ignored). Grows
 * st->doc_name only. */
static void note_helm_source(struct stream *st, size_t from, size_t to)
{
	static const char tag[] = "# Source: ";
	const char *p = to > from ? stream_bytes(st, from, to) : NULL;
	size_t n = to > from ? to - from : 0;

	for (size_t i = 0; p && i < n;) {
		size_t eol = i, len;
		bool ok = true;
		while (eol < n && p[eol] != '\n')
			eol++;
		len = eol - i;
		if (len > sizeof(tag) - 1 && memcmp(p + i, tag, sizeof(tag) - 1) == 0) {
			const char *v = p + i + sizeof(tag) - 1;
			size_t vlen = len - (sizeof(tag) - 1);
			while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			for (size_t k = 0; k < vlen && ok; k++)
				ok = (unsigned char)v[k] >= 0x20 && v[k] != 0x7f;
			if (ok && vlen) {
				st->doc_name.len = 0;
				buf_add(&st->doc_name, v, vlen);
				buf_printf(&st->doc_name, " (%s)", st->name);
			}
		}
		i = eol + 1;
	}
}

const char *stream_newline(const struct stream *st)
{
	return st->crlf == 1 ? "\r\n" : st->crlf == 2 ? "\r" : "\n";
}

/* Judge the input's line breaks (st->crlf) from its first one, looking at
 * the block p[0..n) just read after st->ret's bytes (n 0: the end). A CR
 * ending a block waits for the next one. */
static void judge_breaks(struct stream *st, const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (st->ret.len && st->ret.data[st->ret.len - 1] == '\r') {
		st->crlf = n && p[0] == '\n' ? 1 : 2;
		return;
	}
	while (i < n && p[i] != '\n' && p[i] != '\r')
		i++;
	if (i < n && p[i] == '\n')
		st->crlf = 0;
	else if (i + 1 < n)
		st->crlf = p[i + 1] == '\n' ? 1 : 2;
}

static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct stream *st = data;
	size_t n = fread(buffer, 1, size, st->in);

	if (n < size && ferror(st->in)) {
		st->read_error = true;
		st->read_errno = errno;
		return 0;
	}
	if (st->crlf < 0)
		judge_breaks(st, buffer, n);
	buf_add(&st->ret, buffer, n);
	st->total += n;
	if (n == 0)
		st->at_eof = true;
	*size_read = n;
	return 1;
}

/* libyaml's input: the retained bytes from st->feed on, then the file.
 * Each request is filled whole (short only at the end of the input), as
 * read_handler does: libyaml's reader then meets the input in the same
 * blocks as when it reads the file itself. */
static int feed_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct stream *st = data;
	size_t have = st->ret_base + st->ret.len - st->feed, n = 0;

	if (have > size)
		have = size;
	if (have)
		memcpy(buffer, st->ret.data + (st->feed - st->ret_base), have);
	st->feed += have;
	if (have < size) {
		if (!read_handler(data, buffer + have, size - have, &n))
			return 0;
		st->feed += n;
	}
	*size_read = have + n;
	return 1;
}

static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xf0 && c <= 0xf7)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Map a libyaml character index to an absolute byte offset. Marks arrive
 * nearly in order, so a cursor walked forward (rarely back) is cheap. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Whether any byte of w is zero (exact, word at a time). */
#define HAS_ZERO(w) ((((w) - ONES) & ~(w) & HIGHS) != 0)

/* Make the ASCII run the one that starts at the cursor (empty when the
 * cursor's byte is not ASCII or not read yet). */
static void ascii_run(struct stream *st)
{
	size_t e = st->cur_byte, end = st->ret_base + st->ret.len;

	if (e >= st->ret_base) {
		const unsigned char *p = (const unsigned char *)st->ret.data;
		for (uint64_t w; e + 8 <= end; e += 8) {
			memcpy(&w, p + (e - st->ret_base), 8);
			if (w & HIGHS)
				break;
		}
		while (e < end && p[e - st->ret_base] < 0x80)
			e++;
	}
	st->ascii_start = st->cur_byte;
	st->ascii_end = e;
}

/* The absolute byte offset of libyaml's character index idx, moving the
 * cursor there: over runs of ASCII at once, else a character at a time. */
static size_t byte_of(struct stream *st, size_t idx)
{
	const unsigned char *p = (const unsigned char *)st->ret.data;
	size_t end = st->ret_base + st->ret.len;

	if (idx >= st->cur_char && st->cur_byte >= st->ascii_start && st->cur_byte <= st->ascii_end &&
	    idx - st->cur_char <= st->ascii_end - st->cur_byte) {
		/* forward within the ASCII run */
		st->cur_byte += idx - st->cur_char;
		st->cur_char = idx;
		return st->cur_byte;
	}

	while (st->cur_char < idx && st->cur_byte < end) {
		size_t k;
		if (st->cur_byte < st->ascii_start || st->cur_byte >= st->ascii_end)
			ascii_run(st);
		if (st->cur_byte == st->ascii_end) {	/* a character of several bytes */
			st->cur_byte += utf8_len(p[st->cur_byte - st->ret_base]);
			if (st->cur_byte > end)
				st->cur_byte = end;
			st->cur_char++;
			continue;
		}
		k = st->ascii_end - st->cur_byte;
		if (k > idx - st->cur_char)
			k = idx - st->cur_char;
		st->cur_byte += k;
		st->cur_char += k;
	}
	while (st->cur_char > idx && st->cur_byte > st->ret_base) {
		size_t lo = st->ascii_start > st->ret_base ? st->ascii_start : st->ret_base;
		if (st->cur_byte > lo && st->cur_byte <= st->ascii_end) {
			size_t k = st->cur_byte - lo;
			if (k > st->cur_char - idx)
				k = st->cur_char - idx;
			st->cur_byte -= k;
			st->cur_char -= k;
			continue;
		}
		st->cur_byte--;
		while (st->cur_byte > st->ret_base &&
		       (p[st->cur_byte - st->ret_base] & 0xc0) == 0x80)
			st->cur_byte--;
		st->cur_char--;
	}
	return st->cur_byte;
}

void stream_edit(struct stream *st, size_t start, size_t end, const char *text)
{
	struct edit *e;

	grow_array((void **)&st->edits, &st->edcap, st->nedits + 1, sizeof(*st->edits));
	e = &st->edits[st->nedits++];
	e->start = start;
	e->end = end < start ? start : end;
	e->seq = st->edseq++;
	e->text = xstrdup(text);
}

const char *stream_bytes(struct stream *st, size_t start, size_t end)
{
	if (start < st->ret_base || end > st->ret_base + st->ret.len || start > end)
		return NULL;
	return st->ret.data + (start - st->ret_base);
}

/* Does a line break end just before retained offset off: LF, or a CR
 * that no LF follows? */
static bool break_before(const struct stream *st, size_t off)
{
	const char *p = st->ret.data;
	size_t i = off - st->ret_base;	/* off > st->ret_base */

	return p[i - 1] == '\n' || (p[i - 1] == '\r' && (i >= st->ret.len || p[i] != '\n'));
}

size_t stream_line_start(struct stream *st, size_t off)
{
	while (off > st->ret_base && !break_before(st, off))
		off--;
	return off;
}

size_t stream_line_end(struct stream *st, size_t off)
{
	size_t end = st->ret_base + st->ret.len;

	while (off < end && st->ret.data[off - st->ret_base] != '\n' && st->ret.data[off - st->ret_base] != '\r')
		off++;
	if (off < end && st->ret.data[off - st->ret_base] == '\r' && off + 1 < end &&
	    st->ret.data[off + 1 - st->ret_base] == '\n')
		off++;	/* CR LF */
	return off < end ? off + 1 : off;
}

/* Whether bytes [from, to) of p are ASCII without CR (word at a time). */
static bool plain_lines(const unsigned char *p, size_t from, size_t to)
{
	size_t i = from;

	for (uint64_t w; i + 8 <= to; i += 8) {
		memcpy(&w, p + i, 8);
		if ((w & HIGHS) || HAS_ZERO(w ^ (ONES * '\r')))
			return false;
	}
	for (; i < to; i++)
		if (p[i] >= 0x80 || p[i] == '\r')
			return false;
	return true;
}

/* Advance *line and *col (1-based, in characters) over the retained bytes
 * [from, to), counting line breaks as libyaml does: LF, CR LF, a lone CR,
 * NEL, LS and PS. A byte order mark at the very start is not a column.
 * The byte after to, when retained, tells CR LF from a lone CR. Allocates
 * nothing. */
static void count_position(const struct stream *st, size_t from, size_t to, size_t *line, size_t *col)
{
	const unsigned char *p = (const unsigned char *)st->ret.data - st->ret_base;
	size_t end = st->ret_base + st->ret.len;

	if (from == 0 && to >= 3 && end >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		from = 3;
	if (from < to && plain_lines(p, from, to)) {
		/* ASCII with LF line breaks only: count the breaks with memchr */
		const unsigned char *q = p + from, *e = p + to, *nl;
		while ((nl = memchr(q, '\n', (size_t)(e - q))) != NULL) {
			(*line)++;
			*col = 1;
			q = nl + 1;
		}
		*col += (size_t)(e - q);
		return;
	}
	for (size_t i = from; i < to; i++) {
		bool brk;
		if (i + 8 <= to) {	/* eight bytes of ASCII without line breaks: eight columns */
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & HIGHS) && !HAS_ZERO(w ^ (ONES * '\n')) && !HAS_ZERO(w ^ (ONES * '\r'))) {
				*col += 8;
				i += 7;
				continue;
			}
		}
		brk = p[i] == '\n' || (p[i] == '\r' && (i + 1 >= end || p[i + 1] != '\n'));
		if (i + 1 < end && ((p[i] == 0xc2 && p[i + 1] == 0x85) ||
				    (i + 2 < end && p[i] == 0xe2 && p[i + 1] == 0x80 &&
				     (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)))) {
			i += p[i] == 0xc2 ? 1 : 2;
			brk = true;
		}
		if (brk) {
			(*line)++;
			*col = 1;
		} else if ((p[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

void stream_position(const struct stream *st, size_t off, size_t *line, size_t *col)
{
	size_t end = st->ret_base + st->ret.len;

	*line = st->base_line;
	*col = st->base_column;
	count_position(st, st->ret_base, off < end ? off : end, line, col);
}

/* Edits in output order: by start; at one start the insertions first, in
 * the order queued, then the replacement. */
static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	bool xi = x->end == x->start, yi = y->end == y->start;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (xi != yi)
		return xi ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static void put(struct stream *st, const char *p, size_t n)
{
	if (st->out && n) {
		fwrite(p, 1, n, st->out);
		st->stats->written += n;
		st->stats->last_char = (unsigned char)p[n - 1];
	}
}

/* Write retained input bytes [from, to) (absolute offsets). */
static void put_input(struct stream *st, size_t from, size_t to)
{
	if (to > from)
		put(st, st->ret.data + (from - st->ret_base), to - from);
}

/* Write input bytes up to absolute offset upto, with edits applied, and
 * drop them from the retained window. Returns 0, or -1 after reporting
 * edits that overlap (a bug in whoever queued them; nothing of them is
 * written). */
static int flush_to(struct stream *st, size_t upto)
{
	size_t pos = st->flushed, i;

	if (upto > st->ret_base + st->ret.len)
		upto = st->ret_base + st->ret.len;
	if (upto < pos)
		upto = pos;
	if (st->nedits > 1)
		qsort(st->edits, st->nedits, sizeof(*st->edits), edit_cmp);
	for (i = 0; i < st->nedits && st->edits[i].start <= upto; i++) {
		const struct edit *e = &st->edits[i];
		size_t prev_end = i ? st->edits[i - 1].end : st->flushed;
		if (e->start < prev_end) {
			size_t line, col, pline, pcol;
			stream_position(st, e->start, &line, &col);
			stream_position(st, prev_end, &pline, &pcol);
			fprintf(st->err, "%s:%zu:%zu: error: internal error: overlapping edits at %zu:%zu, "
				"the one before ends at %zu:%zu\n", st->name, line, col, line, col, pline, pcol);
			return -1;
		}
	}
	for (i = 0; i < st->nedits && st->edits[i].start <= upto; i++) {
		struct edit *e = &st->edits[i];
		put_input(st, pos, e->start);
		put(st, e->text, strlen(e->text));
		st->stats->edits++;
		pos = e->end > e->start ? e->end : e->start;
	}
	/* Edits not consumed stay queued (they belong after upto). */
	for (size_t j = 0; j < i; j++)
		free(st->edits[j].text);
	if (i && st->nedits > i)
		memmove(st->edits, st->edits + i, (st->nedits - i) * sizeof(*st->edits));
	st->nedits -= i;
	put_input(st, pos, upto);
	st->flushed = upto > pos ? upto : pos;
	/* Keep the cursor inside the window before dropping bytes. */
	while (st->cur_byte < st->flushed) {
		bool run = st->cur_byte >= st->ascii_start && st->cur_byte < st->ascii_end;
		size_t k = run ? (st->flushed < st->ascii_end ? st->flushed : st->ascii_end) - st->cur_byte : 1;
		byte_of(st, st->cur_char + k);
	}
	if (st->flushed - st->ret_base > 65536 && st->flushed - st->ret_base > st->ret.len / 2) {
		size_t drop = st->flushed - st->ret_base;
		count_position(st, st->ret_base, st->flushed, &st->base_line, &st->base_column);
		buf_consume(&st->ret, drop);
		st->ret_base += drop;
	}
	return 0;
}

static struct arena *cur_arena(struct stream *st)
{
	return st->in_item || st->next_is_item ? &st->item_arena : &st->doc_arena;
}

static struct node *new_node(struct stream *st, enum node_type type, const yaml_mark_t *m)
{
	struct node *n = arena_alloc(cur_arena(st), sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->in_item = cur_arena(st) == &st->item_arena;
	n->pos.line = m->line + 1;
	n->pos.column = m->column + 1;
	n->pos.start = byte_of(st, m->index);
	n->value = "";
	if (st->depth == 0)
		note_helm_source(st, st->flushed, n->pos.start);	/* a document's first node */
	return n;
}

static void set_end(struct stream *st, struct node *n, const yaml_mark_t *m)
{
	n->pos.end = byte_of(st, m->index);
	n->end_line = m->line + 1;
	n->end_column = m->column + 1;
}

static void add_kid(struct frame *f, struct node *n)
{
	grow_array((void **)&f->kids, &f->cap, f->nkids + 1, sizeof(*f->kids));
	f->kids[f->nkids++] = n;
}

bool stream_anchor_in_use(const struct stream *st, const struct node *n)
{
	return n && n->anchor && (n->aliases > 0 || st->item_object);
}

/* Give a new node the anchor of its event (copied to the node's arena), if
 * any, and record it (in the List element's list too, when in one). */
static void set_anchor(struct stream *st, struct node *n, const yaml_char_t *anchor)
{
	if (anchor == NULL)
		return;
	n->anchor = arena_strndup(cur_arena(st), (const char *)anchor, strlen((const char *)anchor));
	if (cur_arena(st) == &st->item_arena) {
		st->item_anchors = true;
		grow_array((void **)&st->anchored, &st->ancap, st->nanchored + 1, sizeof(*st->anchored));
		st->anchored[st->nanchored++] = n;
	}
	anchor_define(&st->anchors, n);
}

/* Point a new alias node at its anchored node: the latest definition of
 * its name, unless that node is still open (an alias inside the node it
 * names, which no Kubernetes object can hold). */
static void resolve_alias(struct stream *st, struct node *n)
{
	struct node *t = anchor_lookup(&st->anchors, n->value);

	for (size_t i = 0; t && i < st->depth; i++)
		if (st->stack[i].node == t)
			t = NULL;
	n->target = t;
	if (t)
		t->aliases++;
}

/* A copy of the tree of n (from a List element's arena) in the document
 * arena. An anchored node copied before (itself, or within an earlier
 * anchored node) is not copied again: its 'target', unused as it is no
 * alias, points at its copy. Aliases get their targets' copies, made
 * before them since an anchor precedes its aliases. */
static struct node *copy_tree(struct stream *st, struct node *n)
{
	struct node *c;

	if (n->anchor && n->target)
		return n->target;
	c = arena_alloc(&st->doc_arena, sizeof(*c));
	*c = *n;
	c->in_item = false;
	if (n->type == N_SCALAR || n->type == N_ALIAS)
		c->value = arena_strndup(&st->doc_arena, n->value, n->len);
	if (n->anchor) {
		c->anchor = arena_strndup(&st->doc_arena, n->anchor, strlen(n->anchor));
		n->target = c;
	}
	if (n->tag)
		c->tag = arena_strndup(&st->doc_arena, n->tag, strlen(n->tag));
	if (n->type == N_ALIAS && n->target && n->target->in_item && n->target->target)
		c->target = n->target->target;	/* its copy (an element kept whole has none) */
	if (n->nkids) {
		c->kids = arena_alloc(&st->doc_arena, n->nkids * sizeof(*c->kids));
		for (size_t i = 0; i < n->nkids; i++)
			c->kids[i] = copy_tree(st, n->kids[i]);	/* depth is bounded by MAX_DEPTH */
	}
	return c;
}

/* Before a List element's arena goes: copy its anchored nodes to the
 * document arena (freed at the end of the document), and point the
 * anchor table at the copies. */
static void keep_item_anchors(struct stream *st)
{
	for (size_t i = 0; i < st->nanchored; i++)
		(void)copy_tree(st, st->anchored[i]);
	for (size_t i = 0; i < st->nanchored; i++) {
		struct node *a = st->anchored[i];
		struct node **slot = anchor_slot(&st->anchors, a->anchor);
		if (*slot == a)
			*slot = a->target;
	}
	st->nanchored = 0;
}

/* Move the List element arena's chunks into the document arena, so the
 * element's nodes live until the end of the document. */
static void keep_item_arena(struct stream *st)
{
	struct chunk *c = st->item_arena.head;

	while (c && c->next)
		c = c->next;
	if (c) {
		c->next = st->doc_arena.head;
		st->doc_arena.head = st->item_arena.head;
		st->item_arena.head = NULL;
	}
}

static int error_at(struct stream *st, size_t line, size_t col, const char *msg)
{
	fprintf(st->err, "%s:%zu:%zu: error: %s\n", st->name, line, col, msg);
	return -1;
}

void stream_error(struct stream *st, size_t line, size_t col, const char *msg)
{
	(void)error_at(st, line, col, msg);
}

/* Attach a finished node to its parent, or make it the document root. */
static void attach(struct stream *st, struct node *n)
{
	if (st->depth == 0)
		st->root = n;
	else
		add_kid(&st->stack[st->depth - 1], n);
}

static int push(struct stream *st, struct node *n)
{
	struct frame *f, *parent;

	if (st->depth >= MAX_DEPTH)
		return error_at(st, n->pos.line, n->pos.column,
				"nesting deeper than 256 levels");
	grow_array((void **)&st->stack, &st->stcap, st->depth + 1, sizeof(*st->stack));
	parent = st->depth ? &st->stack[st->depth - 1] : NULL;
	f = &st->stack[st->depth];
	if (st->depth == st->stinit) {
		memset(f, 0, sizeof(*f));
		st->stinit++;
	}
	f->nkids = 0;
	f->items_seq = f->item = false;
	f->node = n;
	if (parent && st->depth == 1 && parent->node->type == N_MAPPING && n->type == N_SEQUENCE &&
	    parent->nkids % 2 == 1 && node_is(parent->kids[parent->nkids - 1], "items"))
		f->items_seq = true;
	if (parent && parent->items_seq && n->type == N_MAPPING)
		f->item = st->in_item = true;	/* List elements do not nest */
	st->depth++;
	return 0;
}

static int pop(struct stream *st, const yaml_mark_t *end)
{
	struct frame *f = &st->stack[st->depth - 1];
	struct node *n = f->node;
	int rc = 0;

	set_end(st, n, end);
	n->nkids = f->nkids;
	n->kids = f->kids;
	if (f->item)
		st->in_item = false;
	if (f->item && node_get(n, "kind") == NULL && node_get(n, "apiVersion") == NULL) {
		/* 'items' of something that is not a List: keep the element in
		 * the document's tree, arena and all */
		n->kids = NULL;
		if (f->nkids) {
			n->kids = arena_alloc(&st->item_arena, f->nkids * sizeof(*n->kids));
			memcpy(n->kids, f->kids, f->nkids * sizeof(*n->kids));
		}
		keep_item_arena(st);
		st->nanchored = 0;	/* kept with the whole element */
		st->depth--;
		attach(st, n);
		return 0;
	}
	if (f->item) {
		/* the kids go to the element's arena: it may outlive the call */
		n->kids = NULL;
		if (f->nkids) {
			n->kids = arena_alloc(&st->item_arena, f->nkids * sizeof(*n->kids));
			memcpy(n->kids, f->kids, f->nkids * sizeof(*n->kids));
		}
		st->depth--;
		st->stats->objects++;
		st->item_object = true;
		rc = st->fn(st->ud, st, n);
		st->item_object = false;
		st->items_done++;
		{
			size_t end_byte = n->pos.end;	/* n lives in the arena freed next */
			/* YAML anchors are document-scoped: the anchored nodes of
			 * an element are kept for the aliases of later ones */
			if (st->item_anchors)
				keep_item_anchors(st);
			arena_reset(&st->item_arena);
			st->item_anchors = false;
			if (rc == 0)
				rc = flush_to(st, end_byte);
		}
		return rc;
	}
	n->kids = NULL;
	if (f->nkids) {
		n->kids = arena_alloc(cur_arena(st), f->nkids * sizeof(*n->kids));
		memcpy(n->kids, f->kids, f->nkids * sizeof(*n->kids));
		n->nkids = f->nkids;
	}
	st->depth--;
	attach(st, n);
	return 0;
}

/* Is the plain, untagged scalar text v (n bytes) a YAML null? */
static bool null_text(const char *v, size_t n)
{
	return n == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
	       strcmp(v, "NULL") == 0;
}

static bool is_null_scalar(const struct node *n)
{
	return n->type == N_SCALAR && n->style == SS_PLAIN && n->tag == NULL && null_text(n->value, n->len);
}

static int end_document(struct stream *st, const yaml_mark_t *end)
{
	struct node *r = st->root;
	int rc = 0;

	st->stats->documents++;
	if (r == NULL || is_null_scalar(r)) {
		/* an empty document: nothing to do */
	} else if (r->type != N_MAPPING && (st->flags & STREAM_NON_OBJECTS)) {
		rc = st->fn(st->ud, st, r);
	} else if (r->type != N_MAPPING) {
		rc = error_at(st, r->pos.line, r->pos.column,
			      r->type == N_SEQUENCE ? "document is a sequence, not a mapping (a Kubernetes object)"
						    : "document is a scalar, not a mapping (a Kubernetes object)");
	} else if (st->items_done == 0 || node_get(r, "items") == NULL || node_get(r, "items")->nkids > 0) {
		/* the document itself, or a List some of whose elements were not
		 * objects (those left in its 'items'), so none goes unseen */
		st->stats->objects++;
		rc = st->fn(st->ud, st, r);
	}
	arena_reset(&st->doc_arena);
	anchors_clear(&st->anchors);
	st->root = NULL;
	st->items_done = 0;
	if (rc == 0)
		rc = flush_to(st, byte_of(st, end->index));
	return rc;
}

static enum scalar_style map_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return SS_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return SS_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE: return SS_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return SS_FOLDED;
	default: return SS_PLAIN;
	}
}

/* Where a libyaml parser started reading: the byte offset, 0-based line
 * and character index (libyaml's) of its first byte in the input. */
struct seg_start {
	size_t byte;
	size_t line;
	size_t chr;
};

static int parse_error(struct stream *st, yaml_parser_t *p, const struct seg_start *at)
{
	char *msg;
	int rc;

	if (st->read_error) {
		fprintf(st->err, "%s: error: cannot read: %s\n", st->name, errstr(st->read_errno));
		return -1;
	}
	if (p->error == YAML_READER_ERROR) {
		/* libyaml gives a byte offset only (its marks lag behind its
		 * reader): count the line and column from the input */
		size_t line, col, off = at->byte + p->problem_offset;
		stream_position(st, off, &line, &col);
		msg = xasprintf("%s (byte offset %zu)", p->problem ? p->problem : "cannot read input", off);
		rc = error_at(st, line, col, msg);
	} else if (p->context) {
		msg = xasprintf("%s %s started at line %zu", p->problem ? p->problem : "syntax error",
				p->context, at->line + p->context_mark.line + 1);
		rc = error_at(st, at->line + p->problem_mark.line + 1, p->problem_mark.column + 1, msg);
	} else {
		msg = xasprintf("%s", p->problem ? p->problem : "syntax error");
		rc = error_at(st, at->line + p->problem_mark.line + 1, p->problem_mark.column + 1, msg);
	}
	free(msg);
	return rc;
}

static int handle_event(struct stream *st, yaml_event_t *ev)
{
	struct node *n;

	if (ev->type != YAML_STREAM_START_EVENT)
		st->events++;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		st->root = NULL;
		st->items_done = 0;
		st->doc_name.len = 0;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		return end_document(st, &ev->end_mark);
	case YAML_STREAM_END_EVENT:
		return flush_to(st, st->total);
	case YAML_SCALAR_EVENT:
		n = new_node(st, N_SCALAR, &ev->start_mark);
		set_anchor(st, n, ev->data.scalar.anchor);
		n->style = map_style(ev->data.scalar.style);
		n->value = arena_strndup(cur_arena(st), (const char *)ev->data.scalar.value,
					 ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		if (ev->data.scalar.tag)
			n->tag = arena_strndup(cur_arena(st), (const char *)ev->data.scalar.tag,
					       strlen((const char *)ev->data.scalar.tag));
		set_end(st, n, &ev->end_mark);
		attach(st, n);
		return 0;
	case YAML_ALIAS_EVENT:
		n = new_node(st, N_ALIAS, &ev->start_mark);
		n->value = arena_strndup(cur_arena(st), (const char *)ev->data.alias.anchor,
					 strlen((const char *)ev->data.alias.anchor));
		n->len = strlen(n->value);
		resolve_alias(st, n);
		set_end(st, n, &ev->end_mark);
		attach(st, n);
		return 0;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT: {
		bool map = ev->type == YAML_MAPPING_START_EVENT;
		struct frame *parent = st->depth ? &st->stack[st->depth - 1] : NULL;
		/* A List element gets a fresh arena before its first node. */
		if (parent && parent->items_seq && map) {
			arena_reset(&st->item_arena);
			st->item_anchors = false;
			st->nanchored = 0;
			st->next_is_item = true;
		}
		n = new_node(st, map ? N_MAPPING : N_SEQUENCE, &ev->start_mark);
		st->next_is_item = false;
		n->flow = map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
			      : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		if (map && parent && parent->items_seq)
			st->in_item = true;	/* the element's own anchor goes to its arena */
		set_anchor(st, n, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
		return push(st, n);
	}
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		return pop(st, &ev->end_mark);
	default:
		return 0;
	}
}

int stream_run(const char *name, FILE *in, FILE *out, FILE *err,
	       stream_object_fn fn, void *ud, struct stream_stats *stats)
{
	return stream_run_flags(name, in, out, err, 0, fn, ud, stats);
}

/* The fast reader ----------------------------------------------------- */

/* Read another block of input into the window; false at the end of the
 * input or on a read error (st->read_error). */
static bool read_more(struct stream *st, unsigned char *chunk)
{
	size_t n = 0;

	if (st->at_eof || st->read_error)
		return false;
	if (!read_handler(st, chunk, READ_CHUNK, &n))
		return false;
	return n > 0;
}

/* Whether the retained input at absolute offset i starts a '---' line:
 * three dashes, then a blank or a line break (or the end of the input). */
static bool dashes_at(const struct stream *st, size_t i)
{
	size_t lim = st->ret_base + st->ret.len;
	const char *b = st->ret.data;
	char c;

	if (i < st->ret_base || i + 3 > lim || memcmp(b + (i - st->ret_base), "---", 3) != 0)
		return false;
	if (i + 3 == lim)
		return st->at_eof;
	c = b[i + 3 - st->ret_base];
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Find the end of the document text that starts at absolute offset from:
 * where the next '---' line starts (*eof false) or the end of the input
 * (*eof true), reading input as needed. False when the text would be
 * longer than FAST_MAX_DOC or the input cannot be read. */
static bool find_doc_end(struct stream *st, size_t from, unsigned char *chunk, size_t *end, bool *eof)
{
	size_t k = from;

	for (;;) {
		size_t lim = st->ret_base + st->ret.len;
		const char *nl = k < lim ? memchr(st->ret.data + (k - st->ret_base), '\n', lim - k) : NULL;
		if (nl == NULL) {
			if (lim - from > st->max_doc)
				return false;
			k = lim;
			if (!read_more(st, chunk)) {
				if (st->read_error)
					return false;
				*end = st->ret_base + st->ret.len;
				*eof = true;
				return true;
			}
			continue;
		}
		k = st->ret_base + (size_t)(nl - st->ret.data);
		if (k - from > st->max_doc)
			return false;
		while (k + 5 > st->ret_base + st->ret.len && read_more(st, chunk))
			;
		if (st->read_error)
			return false;
		if (dashes_at(st, k + 1)) {
			*end = k + 1;
			*eof = false;
			return true;
		}
		k++;
	}
}

/* How far past a token libyaml's reader may have read and checked the
 * input before handing the token on: its raw buffer (16 KiB) with room
 * to spare. A byte it rejects within that reach of an object's end may
 * stop libyaml before that object; then only libyaml, reading the whole
 * input as it always did, can tell exactly which objects come first. */
#define READER_REACH 65536

/* The length of the character libyaml's reader takes at p[0..n) (UTF-8
 * in its allowed ranges: tab, LF, CR, printable ASCII, NEL and from
 * U+00A0 on, less surrogates, U+FFFE and U+FFFF), 0 when it rejects it,
 * or -1 when the input ends within it (n short, more may come). */
static long reader_char(const unsigned char *p, size_t n)
{
	unsigned long v;
	size_t k;

	if (p[0] < 0x80)
		return p[0] == '\t' || p[0] == '\n' || p[0] == '\r' || (p[0] >= 0x20 && p[0] <= 0x7e);
	k = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (k == 0)
		return 0;
	v = p[0] & (k == 2 ? 0x1f : k == 3 ? 0x0f : 0x07);
	for (size_t j = 1; j < k; j++) {
		if (j >= n)
			return -1;
		if ((p[j] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[j] & 0x3f);
	}
	if ((k == 2 && v < 0x80) || (k == 3 && v < 0x800) || (k == 4 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	if (!(v == 0x85 || (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) || v >= 0x10000))
		return 0;
	return (long)k;
}

/* Byte k of the result has its high bit set where byte k of w (a word of
 * ASCII: no high bit set) is zero. Exact, as no byte carries over. */
static uint64_t zero_bytes(uint64_t w)
{
	return ~(w + ONES * 0x7f) & HIGHS;
}

/* Whether the eight ASCII bytes of w are printable, tabs or LF. */
static bool ascii_text(uint64_t w)
{
	uint64_t low = ~(w + ONES * 0x60) & HIGHS;	/* below 0x20 */

	low &= ~(zero_bytes(w ^ (ONES * '\n')) | zero_bytes(w ^ (ONES * '\t')));
	return low == 0 && zero_bytes(w ^ (ONES * 0x7f)) == 0;
}

/* Check the retained input from st->valid_to on as libyaml's reader
 * would, noting the first byte it rejects in st->bad_at. */
static void check_reader(struct stream *st)
{
	size_t lim = st->ret_base + st->ret.len;
	const unsigned char *b = (const unsigned char *)st->ret.data;

	/* bytes gone from the window went through libyaml's reader unharmed */
	if (st->valid_to < st->ret_base)
		st->valid_to = st->ret_base;
	while (st->valid_to < lim && st->bad_at == SIZE_MAX) {
		size_t i = st->valid_to - st->ret_base;
		long k;
		uint64_t w;
		if (i + 8 <= st->ret.len) {	/* eight bytes of ASCII text at once */
			memcpy(&w, b + i, 8);
			if (!(w & HIGHS) && ascii_text(w)) {
				st->valid_to += 8;
				continue;
			}
		}
		k = reader_char(b + i, st->ret.len - i);
		if (k < 0 && !st->at_eof)
			return;		/* the rest of the character is still to come */
		if (k <= 0) {
			st->bad_at = st->valid_to;
			return;
		}
		st->valid_to += (size_t)k;
	}
}

/* Whether libyaml's reader, reading the whole input, would reach no byte
 * it rejects before its parser gets past the token at absolute offset
 * pos (READER_REACH beyond it). Reads input as needed. */
static bool reader_clear(struct stream *st, size_t pos, unsigned char *chunk)
{
	size_t want = pos + READER_REACH;

	while (st->ret_base + st->ret.len < want && read_more(st, chunk))
		;
	if (st->read_error)
		return false;
	check_reader(st);
	return st->bad_at >= want || (st->bad_at == SIZE_MAX && st->at_eof && st->valid_to >= st->total);
}

static yaml_scalar_style_t yaml_style(int style)
{
	switch (style) {
	case SS_SINGLE: return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	case SS_DOUBLE: return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	case SS_LITERAL: return YAML_LITERAL_SCALAR_STYLE;
	case SS_FOLDED: return YAML_FOLDED_SCALAR_STYLE;
	default: return YAML_PLAIN_SCALAR_STYLE;
	}
}

static yaml_mark_t yaml_mark(const struct seg_start *at, const struct yb_mark *m)
{
	yaml_mark_t y = { at->chr + m->chr, at->line + m->line, m->col };

	return y;
}

/* Hand the event e of a text the fast reader read from at (its scalar
 * values decoded in d) to the tree builder, as libyaml's would be.
 * Returns 0, or -1 to stop. */
static int fast_event(struct stream *st, const struct yb_doc *d, const struct yb_event *e,
		      const struct seg_start *at)
{
	static const yaml_event_type_t types[] = {
		[YB_DOC_START] = YAML_DOCUMENT_START_EVENT, [YB_DOC_END] = YAML_DOCUMENT_END_EVENT,
		[YB_SCALAR] = YAML_SCALAR_EVENT, [YB_MAP_START] = YAML_MAPPING_START_EVENT,
		[YB_MAP_END] = YAML_MAPPING_END_EVENT, [YB_SEQ_START] = YAML_SEQUENCE_START_EVENT,
		[YB_SEQ_END] = YAML_SEQUENCE_END_EVENT,
	};
	yaml_event_t ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = types[e->type];
	ev.start_mark = yaml_mark(at, &e->start);
	ev.end_mark = yaml_mark(at, &e->end);
	if (e->type == YB_SCALAR) {
		/* the text's bytes are looked up now: the window may move */
		const char *v = e->vlen == 0 ? "" : e->decoded ? d->dec.data + e->voff
					   : stream_bytes(st, at->byte + e->voff, at->byte + e->voff + e->vlen);
		ev.data.scalar.value = (yaml_char_t *)(v ? v : "");
		ev.data.scalar.length = e->vlen;
		ev.data.scalar.style = yaml_style(e->style);
	} else if (e->type == YB_MAP_START) {
		ev.data.mapping_start.style = e->flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
	} else if (e->type == YB_SEQ_START) {
		ev.data.sequence_start.style = e->flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE;
	}
	return handle_event(st, &ev);
}

/* Hand the events [from, to) of d, read from at, to the tree builder.
 * Returns 0, or -1 to stop. */
static int fast_dispatch(struct stream *st, const struct yb_doc *d, const struct seg_start *at, size_t from,
			 size_t to)
{
	for (size_t i = from; i < to; i++)
		if (fast_event(st, d, &d->ev[i], at) < 0)
			return -1;
	return 0;
}

/* Lists ------------------------------------------------------------------ */

/* A document longer than FAST_MAX_DOC whose top mapping has an 'items:'
 * line at column 0 followed by an indentless sequence (kubectl's List) is
 * read in parts, none longer than FAST_MAX_DOC: its head (to the first
 * '-' of items), each element (from its '-' line to the next line at
 * column 0 that is not a comment), and its tail (the keys after items).
 * Each part is read alone as a document of its own, and the events that
 * libyaml gives for the whole are taken from the parts: the head's but
 * the empty value of items, each element's within its one-element
 * sequence (the first one's sequence start too), the tail's mapping
 * start as the end of items, then the rest of the tail. The marks are
 * the same, as every part starts at a line start and a collection the
 * part's end closes ends at the next part's first token (column 0). A
 * part found outside the subset after others were handed on makes
 * libyaml read the input again (replay), as a rejected byte does. */

/* The byte at absolute offset i, reading input as needed; -1 past the
 * end of the input or on a read error. */
static int peek_byte(struct stream *st, size_t i, unsigned char *chunk)
{
	while (i >= st->ret_base + st->ret.len && read_more(st, chunk))
		;
	return i < st->ret_base + st->ret.len ? (unsigned char)st->ret.data[i - st->ret_base] : -1;
}

/* The start of the line after the one at absolute offset k (the end of
 * the input when it is the last), reading input as needed. False on a
 * read error or when the part that starts at from would pass
 * FAST_MAX_DOC. */
static bool next_line(struct stream *st, size_t from, size_t k, unsigned char *chunk, size_t *next)
{
	for (;;) {
		size_t lim = st->ret_base + st->ret.len;
		const char *nl = k < lim ? memchr(st->ret.data + (k - st->ret_base), '\n', lim - k) : NULL;
		if (nl) {
			*next = st->ret_base + (size_t)(nl - st->ret.data) + 1;
			return *next - from <= st->max_doc;
		}
		if (lim - from > st->max_doc)
			return false;
		k = lim;
		if (!read_more(st, chunk)) {
			*next = st->ret_base + st->ret.len;
			return !st->read_error;
		}
	}
}

/* What the line at absolute offset k starts with at column 0. */
enum line_kind { LK_MORE, LK_ITEM, LK_OTHER, LK_END };

static enum line_kind line_kind(struct stream *st, size_t k, unsigned char *chunk)
{
	int c = peek_byte(st, k, chunk), c1;

	if (c < 0)
		return LK_END;
	if (c == ' ' || c == '\n' || c == '#')
		return LK_MORE;
	c1 = peek_byte(st, k + 1, chunk);
	if (c == '-' && (c1 == ' ' || c1 == '\n'))
		return LK_ITEM;
	return LK_OTHER;
}

/* Whether the line at absolute offset k is 'items:' (trailing spaces
 * allowed). Its bytes are in the window. */
static bool items_line(const struct stream *st, size_t k, size_t next)
{
	const char *p = st->ret.data + (k - st->ret_base);
	size_t n = next - k;

	if (n < 7 || memcmp(p, "items:", 6) != 0 || p[n - 1] != '\n')
		return false;
	for (size_t i = 6; i < n - 1; i++)
		if (p[i] != ' ')
			return false;
	return true;
}

/* Read the part [at->byte, end) with the fast reader into d, checked as
 * libyaml's reader would check it. Returns 1, 0 when outside the subset,
 * 2 when a byte libyaml's reader rejects is near. */
static int list_part(struct stream *st, const struct seg_start *at, size_t end, bool eof, struct yb_doc *d,
		     unsigned char *chunk)
{
	if (!yb_parse(st->ret.data + (at->byte - st->ret_base), end - at->byte, eof, d) || d->nev < 2 ||
	    d->ev[0].type != YB_DOC_START)
		return 0;
	return reader_clear(st, end, chunk) ? 1 : 2;
}

static void list_advance(struct seg_start *at, const struct yb_doc *d, size_t end)
{
	at->chr += d->chars;
	at->line += d->lines;
	at->byte = end;
}

/* Whether the head's events end with the key 'items' of the top mapping
 * and its empty value, the mapping's end and the document's end. */
static bool list_head_ok(const struct yb_doc *d)
{
	const struct yb_event *key, *val;
	size_t depth = 0, at_top = 0;

	if (d->nev < 6 || d->ev[1].type != YB_MAP_START || d->ev[1].flow)
		return false;
	key = &d->ev[d->nev - 4];
	val = &d->ev[d->nev - 3];
	if (key->type != YB_SCALAR || key->style != SS_PLAIN || key->vlen != 5 || key->start.col != 0 ||
	    val->type != YB_SCALAR || val->vlen != 0 || val->style != SS_PLAIN ||
	    d->ev[d->nev - 2].type != YB_MAP_END)
		return false;
	for (size_t i = 1; i < d->nev - 4; i++) {
		enum yb_type t = d->ev[i].type;
		if (depth == 1 && t != YB_MAP_END && t != YB_SEQ_END)
			at_top++;
		if (t == YB_MAP_START || t == YB_SEQ_START)
			depth++;
		else if (t == YB_MAP_END || t == YB_SEQ_END)
			depth--;
	}
	return depth == 1 && at_top % 2 == 0;
}

/* The last element of a List, read into d from at to k, and the tail
 * of the List from k: libyaml closes the element only once it has read
 * the tail's first key, so the element is handed on only when the tail
 * reads too. Returns as list_doc does. */
static int list_tail(struct stream *st, struct seg_start *at, const struct yb_doc *d, size_t k, bool first,
		     unsigned char *chunk, bool *done)
{
	struct seg_start tat = *at;
	struct yb_doc t = {0};
	struct yb_event seq_end;
	size_t end;
	bool eof;
	int r;

	list_advance(&tat, d, k);
	if (dashes_at(st, k) || !find_doc_end(st, k, chunk, &end, &eof)) {
		yb_doc_free(&t);
		return 2;
	}
	r = list_part(st, &tat, end, eof, &t, chunk);
	if (r != 1 || t.ev[1].type != YB_MAP_START || t.ev[1].flow || t.ev[1].start.off != 0) {
		yb_doc_free(&t);
		return 2;
	}
	seq_end = t.ev[1];
	seq_end.type = YB_SEQ_END;
	r = fast_dispatch(st, d, at, first ? 1 : 2, d->nev - 2);
	if (r == 0)
		r = fast_event(st, &t, &seq_end, &tat);
	if (r == 0)
		r = fast_dispatch(st, &t, &tat, 2, t.nev);
	if (r == 0) {
		st->stats->fast_documents++;
		list_advance(&tat, &t, end);
		*at = tat;
		*done = eof;
		r = eof && flush_to(st, st->total) < 0 ? -1 : 1;
	}
	yb_doc_free(&t);
	return r;
}

/* Read the List document at *at (the fast reader declined it whole as
 * too long) in parts. Returns as fast_doc does; 0 only before anything
 * was handed on. */
static int list_doc(struct stream *st, struct seg_start *at, struct yb_doc *d, unsigned char *chunk, bool *done)
{
	size_t k = at->byte, next;
	bool first = true;
	enum line_kind kind;
	int r;

	/* the head: to the line after 'items:' at column 0 */
	for (;;) {
		if (!next_line(st, at->byte, k, chunk, &next) || next == k)
			return 0;
		if (items_line(st, k, next))
			break;
		k = next;
	}
	for (k = next; (kind = line_kind(st, k, chunk)) == LK_MORE; k = next)
		if (!next_line(st, at->byte, k, chunk, &next))
			return 0;
	if (kind != LK_ITEM)
		return 0;
	r = list_part(st, at, k, false, d, chunk);
	if (r != 1 || !list_head_ok(d))
		return r == 2 ? 2 : 0;
	if (fast_dispatch(st, d, at, 0, d->nev - 3) < 0)
		return -1;
	list_advance(at, d, k);

	/* the elements, one at a time: any trouble now is replay's */
	for (;;) {
		k = at->byte;
		do {
			if (!next_line(st, at->byte, k, chunk, &next))
				return 2;
			k = next;
		} while ((kind = line_kind(st, k, chunk)) == LK_MORE);
		if (kind == LK_END)
			return 2;	/* no tail: the List's ends are libyaml's */
		r = list_part(st, at, k, false, d, chunk);
		if (r != 1 || d->nev < 5 || d->ev[1].type != YB_SEQ_START || d->ev[1].start.off != 0 ||
		    d->ev[d->nev - 2].type != YB_SEQ_END)
			return 2;
		if (kind == LK_OTHER)
			return list_tail(st, at, d, k, first, chunk, done);
		if (fast_dispatch(st, d, at, first ? 1 : 2, d->nev - 2) < 0)
			return -1;
		first = false;
		list_advance(at, d, k);
	}
}

/* Read the document at *at with the fast reader. Returns 1 when read
 * (*at moves past it; *done when the input ended with it, everything
 * flushed), 0 when it is outside the reader's subset (nothing done), 2
 * when libyaml must replay the input (a byte its reader rejects is near),
 * -1 to stop. */
static int fast_doc(struct stream *st, struct seg_start *at, struct yb_doc *d, unsigned char *chunk, bool *done)
{
	size_t end;
	bool eof;

	if (!find_doc_end(st, at->byte, chunk, &end, &eof))
		return st->read_error ? 0 : list_doc(st, at, d, chunk, done);
	if (!yb_parse(st->ret.data + (at->byte - st->ret_base), end - at->byte, eof, d))
		return 0;
	if (!reader_clear(st, end, chunk))
		return 2;
	if (d->nev)
		st->stats->fast_documents++;
	if (fast_dispatch(st, d, at, 0, d->nev) < 0)
		return -1;
	at->chr += d->chars;
	at->line += d->lines;
	at->byte = end;
	*done = eof;
	return eof && flush_to(st, st->total) < 0 ? -1 : 1;
}

/* The libyaml reader ---------------------------------------------------- */

/* Read from *at with libyaml: to the end of the input (returns 2), or,
 * when resume, to the end of the first document that ends where a '---'
 * line starts (returns 1, *at moved there, for the fast reader to go
 * on). A parser that starts after the input's start returns 3 before an
 * event or an error that libyaml, reading the whole input, might not
 * reach (a byte its reader rejects is near), for replay to take over.
 * Returns -1 to stop. */
static int slow_docs(struct stream *st, struct seg_start *at, bool resume, unsigned char *chunk)
{
	yaml_parser_t parser;
	int rc = 0;

	if (!yaml_parser_initialize(&parser)) {
		fprintf(st->err, "%s: error: cannot initialise the YAML parser\n", st->name);
		return -1;
	}
	st->feed = at->byte;
	yaml_parser_set_input(&parser, feed_handler, st);
	for (;;) {
		yaml_event_t ev;
		bool done;

		if (!yaml_parser_parse(&parser, &ev)) {
			if (at->byte > 0 && (parser.error == YAML_READER_ERROR || st->read_error ||
					     !reader_clear(st, byte_of(st, at->chr + parser.problem_mark.index), chunk)))
				rc = 3;
			else
				rc = parse_error(st, &parser, at);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT && ev.data.stream_start.encoding != YAML_UTF8_ENCODING) {
			yaml_event_delete(&ev);
			fprintf(st->err, "%s:1:1: error: input is UTF-16; convert it to UTF-8 first "
				"(iconv -f UTF-16 -t UTF-8)\n", st->name);
			rc = -1;
			break;
		}
		/* libyaml skips a UTF-8 byte order mark without counting it. */
		if (ev.type == YAML_STREAM_START_EVENT && at->byte == 0 && st->ret.len >= 3 &&
		    memcmp(st->ret.data, "\xef\xbb\xbf", 3) == 0) {
			st->cur_byte = 3;
			if (st->flags & STREAM_OUT_CONTINUES)
				st->flushed = 3;	/* as if written: skipped */
		}
		ev.start_mark.index += at->chr;
		ev.start_mark.line += at->line;
		ev.end_mark.index += at->chr;
		ev.end_mark.line += at->line;
		if (at->byte > 0 && !reader_clear(st, byte_of(st, ev.end_mark.index), chunk)) {
			yaml_event_delete(&ev);
			rc = 3;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = handle_event(st, &ev);
		if (rc == 0 && resume && ev.type == YAML_DOCUMENT_END_EVENT && ev.end_mark.column == 0) {
			size_t b = byte_of(st, ev.end_mark.index);
			if (dashes_at(st, b) && b + 3 < st->ret_base + st->ret.len) {
				at->byte = b;
				at->line = ev.end_mark.line;
				at->chr = ev.end_mark.index;
				yaml_event_delete(&ev);
				rc = 1;
				break;
			}
		}
		yaml_event_delete(&ev);
		if (rc < 0)
			break;
		if (done) {
			rc = 2;
			break;
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* libyaml's input when replaying: the input again from its start; bytes
 * past those read before join the window. */
static int replay_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct stream *st = data;
	size_t n = fread(buffer, 1, size, st->in), old = 0;

	if (n < size && ferror(st->in)) {
		st->read_error = true;
		st->read_errno = errno;
		return 0;
	}
	if (st->total > st->replay_pos)
		old = st->total - st->replay_pos < n ? st->total - st->replay_pos : n;
	if (n > old) {
		if (st->crlf < 0)
			judge_breaks(st, buffer + old, n - old);
		buf_add(&st->ret, buffer + old, n - old);
		st->total += n - old;
	}
	if (n == 0)
		st->at_eof = true;
	st->replay_pos += n;
	*size_read = n;
	return 1;
}

/* Read the whole input again with libyaml from its start, as if the fast
 * reader had never been: the events handled already are dropped, the
 * rest handled, so that whatever libyaml's reader rejects stops the
 * stream exactly where it always did. Returns 0, or -1 to stop. */
static int replay(struct stream *st)
{
	static const struct seg_start origin = { 0, 0, 0 };
	yaml_parser_t parser;
	size_t skip = st->events;
	int rc = 0;

	if (fseeko(st->in, st->origin, SEEK_SET) != 0) {
		fprintf(st->err, "%s: error: cannot read: %s\n", st->name, errstr(errno));
		return -1;
	}
	st->replay_pos = 0;
	if (!yaml_parser_initialize(&parser)) {
		fprintf(st->err, "%s: error: cannot initialise the YAML parser\n", st->name);
		return -1;
	}
	yaml_parser_set_input(&parser, replay_handler, st);
	for (;;) {
		yaml_event_t ev;
		bool done;

		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parse_error(st, &parser, &origin);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (ev.type == YAML_STREAM_START_EVENT || skip > 0) {
			if (ev.type != YAML_STREAM_START_EVENT)
				skip--;
			yaml_event_delete(&ev);
			if (done)
				break;
			continue;
		}
		rc = handle_event(st, &ev);
		yaml_event_delete(&ev);
		if (rc < 0 || done)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* The longest document the fast reader takes whole: FAST_MAX_DOC, or
 * I2H_FAST_MAX_DOC bytes when set (for tests: a small one sends every
 * List through list_doc). */
static size_t fast_max_doc(void)
{
	const char *v = getenv("I2H_FAST_MAX_DOC");
	char *end;
	unsigned long n;

	if (v == NULL || *v == '\0')
		return FAST_MAX_DOC;
	errno = 0;
	n = strtoul(v, &end, 10);
	return errno == 0 && *end == '\0' && n > 0 && n <= FAST_MAX_DOC ? (size_t)n : FAST_MAX_DOC;
}

/* Whether the fast reader may be used: I2H_NO_FASTPARSE set to anything
 * but "" or "0" turns it off (to compare with libyaml alone). */
static bool fast_enabled(void)
{
	const char *v = getenv("I2H_NO_FASTPARSE");

	return v == NULL || *v == '\0' || strcmp(v, "0") == 0;
}

int stream_run_flags(const char *name, FILE *in, FILE *out, FILE *err, unsigned flags,
		     stream_object_fn fn, void *ud, struct stream_stats *stats)
{
	struct stream st;
	struct stream_stats dummy = {0};
	struct seg_start at = {0, 0, 0};
	struct yb_doc yd = {0};
	bool fast = fast_enabled();
	unsigned char *chunk = fast ? xmalloc(READ_CHUNK) : NULL;
	int rc = 0;

	memset(&st, 0, sizeof(st));
	st.crlf = -1;
	st.flags = flags;
	st.base_line = st.base_column = 1;
	st.name = name;
	st.in = in;
	st.out = out;
	st.err = err;
	st.fn = fn;
	st.ud = ud;
	st.stats = stats ? stats : &dummy;
	st.stats->written = 0;
	st.stats->last_char = -1;
	st.stats->edits = 0;
	st.stats->fast_documents = 0;

	st.bad_at = SIZE_MAX;
	st.max_doc = fast_max_doc();
	st.origin = fast ? ftello(in) : -1;
	if (st.origin < 0)
		fast = false;	/* replay needs to read the input again */
	for (;;) {
		int r;
		if (fast) {
			bool done = false;
			r = fast_doc(&st, &at, &yd, chunk, &done);
			if (r == 2) {
				rc = replay(&st);
				break;
			}
			if (r < 0 || (r > 0 && done)) {
				rc = r < 0 ? -1 : 0;
				break;
			}
			if (r > 0)
				continue;
		}
		r = slow_docs(&st, &at, fast, chunk);
		if (r == 3) {
			rc = replay(&st);
			break;
		}
		if (r < 0 || r == 2) {
			rc = r < 0 ? -1 : 0;
			break;
		}
	}
	free(chunk);
	yb_doc_free(&yd);
	for (size_t i = 0; i < st.stinit; i++)
		free(st.stack[i].kids);
	free(st.stack);
	for (size_t i = 0; i < st.nedits; i++)
		free(st.edits[i].text);
	free(st.edits);
	arena_free(&st.doc_arena);
	arena_free(&st.item_arena);
	free(st.anchors.slot);
	free(st.anchored);
	buf_free(&st.ret);
	buf_free(&st.doc_name);
	return rc;
}

/* The root of a document as stream_check sees it: what its first node
 * event says. Returns NULL, or the error end_document would give. */
static const char *check_root(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SEQUENCE_START_EVENT:
		return "document is a sequence, not a mapping (a Kubernetes object)";
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && ev->data.scalar.tag == NULL &&
		    null_text((const char *)ev->data.scalar.value, ev->data.scalar.length))
			return NULL;	/* an empty document */
		return "document is a scalar, not a mapping (a Kubernetes object)";
	case YAML_ALIAS_EVENT:
		return "document is an alias, not a mapping (a Kubernetes object)";
	default:
		return NULL;
	}
}

int stream_check(const char *name, FILE *in, FILE *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t depth = 0;
	bool root = false, done = false;
	int rc = 0;

	if (!yaml_parser_initialize(&p)) {
		fprintf(err, "%s: error: out of memory\n", name);
		return -1;
	}
	yaml_parser_set_input_file(&p, in);
	while (!done && rc == 0) {
		const char *bad = NULL;

		if (!yaml_parser_parse(&p, &ev)) {
			if (ferror(in))
				fprintf(err, "%s: error: cannot read: %s\n", name, errstr(errno));
			else if (p.error == YAML_READER_ERROR)
				fprintf(err, "%s:%zu:%zu: error: %s (byte offset %zu)\n", name,
					p.problem_mark.line + 1, p.problem_mark.column + 1,
					p.problem ? p.problem : "cannot read input", p.problem_offset);
			else
				fprintf(err, "%s:%zu:%zu: error: %s\n", name, p.problem_mark.line + 1,
					p.problem_mark.column + 1, p.problem ? p.problem : "syntax error");
			rc = -1;
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			root = true;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (root)
				bad = check_root(&ev);
			if (++depth > MAX_DEPTH)
				bad = "nesting deeper than 256 levels";
			root = false;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (root)
				bad = check_root(&ev);
			root = false;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (bad) {
			fprintf(err, "%s:%zu:%zu: error: %s\n", name, ev.start_mark.line + 1,
				ev.start_mark.column + 1, bad);
			rc = -1;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}
