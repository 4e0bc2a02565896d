/* yaml_block.c - libyaml's events for plain block-style YAML, read fast.
 *
 * A recursive descent over lines. Where libyaml's scanner and parser
 * place a mark (a block collection starts at its first key or '-', ends
 * where the next token starts; an empty value sits just after its ':' or
 * '-'; a block scalar ends at the start of the line after its last
 * content line or break), this reader places it too. Whenever a shape
 * could mean something subtle to libyaml (a scalar continued on the next
 * line, a tab near indentation, an indicator it does not handle), it
 * gives up rather than guess: the caller then asks libyaml.
 */
#include "yaml_block.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_node.h"

/* Nesting this reader takes at most (the stream's own limit is 256). */
#define YB_MAX_DEPTH 200
/* Longest key it takes, in bytes (libyaml's simple keys stop at 1024). */
#define YB_MAX_KEY 1000

enum ctx { CTX_OWN, CTX_INLINE, CTX_ITEM };	/* where a node starts: own line, after 'key:', after '-' */

struct yp {
	const char *s;
	size_t n;
	bool eof;
	size_t p;		/* current byte */
	size_t line;		/* its 0-based line */
	size_t ls;		/* the start of that line */
	int depth;
	bool stop;		/* at a '...' line: the document ends here */
	bool bad;		/* outside the subset: give up */
	struct yb_doc *d;
};

/* A scalar token read in place. */
struct tok {
	size_t start;		/* its first byte */
	size_t end;		/* just past its last byte (plain: trailing blanks left out) */
	int style;
	bool decoded;
	size_t voff;
	size_t vlen;
	bool is_key;		/* a ':' and a blank follow */
	size_t colon;
};

static size_t col(const struct yp *y)
{
	return y->p - y->ls;
}

static struct yb_mark mark_at(const struct yp *y, size_t off)
{
	return (struct yb_mark){ off, off, y->line, off - y->ls };
}

/* Where libyaml ends a block collection at column c (-1: the document)
 * that the next token closes: at that token, or at the end of the text.
 * There the end of the input starts a new line if the last one has text
 * (a comment included), but a collection deeper than that text ends
 * before. */
static struct yb_mark end_mark(const struct yp *y, long c)
{
	struct yb_mark m = mark_at(y, y->p);

	if (y->p >= y->n && y->eof && m.col != 0 && c <= (long)m.col) {
		m.line++;
		m.col = 0;
	}
	return m;
}

static bool at_end(const struct yp *y)
{
	return y->p >= y->n || y->stop;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A blank, a line break or the end of the text at byte i. */
static bool blankz(const struct yp *y, size_t i)
{
	return i >= y->n || is_blank(y->s[i]) || y->s[i] == '\n';
}

static bool give_up(struct yp *y)
{
	y->bad = true;
	return false;
}

static struct yb_event *emit(struct yp *y, enum yb_type t, struct yb_mark a, struct yb_mark b)
{
	struct yb_doc *d = y->d;
	struct yb_event *e;

	grow_array((void **)&d->ev, &d->cap, d->nev + 1, sizeof(*d->ev));
	e = &d->ev[d->nev++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->start = a;
	e->end = b;
	return e;
}

static void emit_empty(struct yp *y, struct yb_mark m)
{
	struct yb_event *e = emit(y, YB_SCALAR, m, m);

	e->style = SS_PLAIN;
}

static void emit_tok(struct yp *y, const struct tok *t)
{
	struct yb_event *e = emit(y, YB_SCALAR, mark_at(y, t->start), mark_at(y, t->end));

	e->style = t->style;
	e->decoded = t->decoded;
	e->voff = t->voff;
	e->vlen = t->vlen;
}

/* Skip spaces, comments and line breaks to the next token or the end.
 * adj: y->p is just past a token, which a '#' may not touch. */
static bool skip_to_content(struct yp *y, bool adj)
{
	size_t tok_end = y->p;

	for (;;) {
		while (y->p < y->n && y->s[y->p] == ' ')
			y->p++;
		if (y->p >= y->n)
			return true;
		switch (y->s[y->p]) {
		case '\t':
			return give_up(y);
		case '#':
			if (adj && y->p == tok_end)
				return give_up(y);
			while (y->p < y->n && y->s[y->p] != '\n')
				y->p++;
			continue;
		case '\n':
			y->p++;
			y->line++;
			y->ls = y->p;
			continue;
		default:
			break;
		}
		if (col(y) == 0 && y->p + 3 <= y->n && blankz(y, y->p + 3) && memcmp(y->s + y->p, "---", 3) == 0)
			return give_up(y);
		if (col(y) == 0 && y->p + 3 <= y->n && blankz(y, y->p + 3) && memcmp(y->s + y->p, "...", 3) == 0)
			y->stop = true;
		return true;
	}
}

/* Skip spaces on the current line; a tab gives up. */
static bool skip_spaces(struct yp *y)
{
	while (y->p < y->n && y->s[y->p] == ' ')
		y->p++;
	return y->p < y->n && y->s[y->p] == '\t' ? give_up(y) : true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(struct buf *b, unsigned long v)
{
	char u[4];
	size_t k;

	if (v < 0x80) {
		u[0] = (char)v;
		k = 1;
	} else if (v < 0x800) {
		u[0] = (char)(0xc0 | (v >> 6));
		u[1] = (char)(0x80 | (v & 0x3f));
		k = 2;
	} else if (v < 0x10000) {
		u[0] = (char)(0xe0 | (v >> 12));
		u[1] = (char)(0x80 | ((v >> 6) & 0x3f));
		u[2] = (char)(0x80 | (v & 0x3f));
		k = 3;
	} else {
		u[0] = (char)(0xf0 | (v >> 18));
		u[1] = (char)(0x80 | ((v >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((v >> 6) & 0x3f));
		u[3] = (char)(0x80 | (v & 0x3f));
		k = 4;
	}
	buf_add(b, u, k);
}

/* The escape at s[i] (just past a backslash) decoded to b; returns the
 * bytes it takes, or 0 for one this reader does not take. */
static size_t unescape(const struct yp *y, size_t i, struct buf *b)
{
	static const char from[] = "0abt\tnvfre \"/\\";
	static const char to[] = "\0\a\b\t\t\n\v\f\r\x1b \"/\\";
	const char *f;
	size_t digits;
	unsigned long v = 0;

	if (i >= y->n)
		return 0;
	switch (y->s[i]) {
	case 'N': add_utf8(b, 0x85); return 1;
	case '_': add_utf8(b, 0xa0); return 1;
	case 'L': add_utf8(b, 0x2028); return 1;
	case 'P': add_utf8(b, 0x2029); return 1;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default:
		f = y->s[i] ? strchr(from, y->s[i]) : NULL;
		if (f == NULL)
			return 0;
		buf_addc(b, to[f - from]);
		return 1;
	}
	for (size_t k = 1; k <= digits; k++) {
		int h = i + k < y->n ? hexval(y->s[i + k]) : -1;
		if (h < 0)
			return 0;
		v = v * 16 + (unsigned long)h;
	}
	if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	add_utf8(b, v);
	return digits + 1;
}

/* A quoted scalar on one line starting at s[at]. */
static bool scan_quoted(struct yp *y, size_t at, struct tok *t)
{
	char q = y->s[at];
	struct buf *dec = &y->d->dec;
	size_t i = at + 1, run = i;

	t->style = q == '\'' ? SS_SINGLE : SS_DOUBLE;
	t->decoded = false;
	t->voff = i;
	for (;;) {
		char c = i < y->n ? y->s[i] : '\n';
		if (c == '\n')
			return give_up(y);	/* on more lines */
		if (c == q && !(q == '\'' && i + 1 < y->n && y->s[i + 1] == '\'')) {
			break;
		} else if (c == '\'' && q == '\'') {
			if (!t->decoded) {
				t->decoded = true;
				t->voff = dec->len;
			}
			buf_add(dec, y->s + run, i - run);
			buf_addc(dec, '\'');
			i += 2;
			run = i;
		} else if (c == '\\' && q == '"') {
			size_t k;
			if (!t->decoded) {
				t->decoded = true;
				t->voff = dec->len;
			}
			buf_add(dec, y->s + run, i - run);
			k = unescape(y, i + 1, dec);
			if (k == 0)
				return give_up(y);
			i += 1 + k;
			run = i;
		} else {
			i++;
		}
	}
	if (t->decoded) {
		buf_add(dec, y->s + run, i - run);
		t->vlen = dec->len - t->voff;
	} else {
		t->vlen = i - t->voff;
	}
	t->start = at;
	t->end = i + 1;
	return true;
}

/* Whether c is one of ',[]{}#&*!|>'"%@`', which cannot start a plain
 * scalar. */
static bool is_indicator(char c)
{
	switch (c) {
	case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*': case '!':
	case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
		return true;
	default:
		return false;
	}
}

static bool is_flow_indicator(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* A plain scalar on one line starting at s[at], in block context. */
/* Fill t as the plain scalar of bytes [at, last): its value is its text.
 * Returns true. */
static bool plain_tok(struct tok *t, size_t at, size_t last)
{
	t->style = SS_PLAIN;
	t->decoded = false;
	t->voff = at;
	t->vlen = last - at;
	t->start = at;
	t->end = last;
	return true;
}

static bool scan_plain(struct yp *y, size_t at, struct tok *t)
{
	const char *s = y->s;
	size_t i = at, last = at;
	char c = s[at];

	if (c == '-' || c == '?' || c == ':') {
		if (blankz(y, at + 1))
			return give_up(y);
	} else if (is_indicator(c) || c == '\t') {
		return give_up(y);
	}
	while (i < y->n && s[i] != '\n') {
		if (s[i] == ':' && blankz(y, i + 1))
			break;
		if (is_blank(s[i])) {
			size_t j = i;
			while (j < y->n && is_blank(s[j]))
				j++;
			if (j >= y->n || s[j] == '\n' || s[j] == '#')
				break;
			i = j;
			continue;
		}
		last = ++i;
	}
	return plain_tok(t, at, last);
}

/* A scalar on one line at s[at] and whether it is a key. */
static bool scan_scalar(struct yp *y, size_t at, struct tok *t)
{
	size_t i;

	if (!(y->s[at] == '\'' || y->s[at] == '"' ? scan_quoted(y, at, t) : scan_plain(y, at, t)))
		return false;
	i = t->end;
	while (i < y->n && y->s[i] == ' ')
		i++;
	t->is_key = i < y->n && y->s[i] == ':' && blankz(y, i + 1);
	t->colon = i;
	if (t->is_key && i - at > YB_MAX_KEY)
		return give_up(y);
	return true;
}

static bool is_dash(const struct yp *y)
{
	return y->p < y->n && y->s[y->p] == '-' && blankz(y, y->p + 1);
}

static bool parse_node(struct yp *y, long pind, enum ctx ctx);

/* Block scalar breaks and indentation (libyaml's rules): eat spaces up to
 * the indentation and empty lines, counting them in *tb; find the
 * indentation when *indent is 0. */
static bool block_breaks(struct yp *y, long pind, long *indent, size_t *tb, struct yb_mark *end)
{
	long max_indent = 0;

	*end = mark_at(y, y->p);
	for (;;) {
		while ((!*indent || (long)col(y) < *indent) && y->p < y->n && y->s[y->p] == ' ')
			y->p++;
		if ((long)col(y) > max_indent)
			max_indent = (long)col(y);
		if ((!*indent || (long)col(y) < *indent) && y->p < y->n && y->s[y->p] == '\t')
			return give_up(y);
		if (!(y->p < y->n && y->s[y->p] == '\n'))
			break;
		y->p++;
		y->line++;
		y->ls = y->p;
		(*tb)++;
		*end = mark_at(y, y->p);
	}
	if (!*indent) {
		*indent = max_indent;
		if (*indent < pind + 1)
			*indent = pind + 1;
		if (*indent < 1)
			*indent = 1;
	}
	return true;
}

static void add_breaks(struct buf *b, size_t k)
{
	while (k--)
		buf_addc(b, '\n');
}

/* A literal ('|') or folded ('>') block scalar at y->p. */
static bool parse_block_scalar(struct yp *y, long pind)
{
	const char *s = y->s;
	struct buf *dec = &y->d->dec;
	bool literal = s[y->p] == '|', leading_blank = false;
	struct yb_mark start = mark_at(y, y->p), end;
	int chomp = 0;
	long indent = 0, incr = 0;
	size_t lb = 0, tb = 0, voff = dec->len;
	struct yb_event *e;

	y->p++;
	if (y->p < y->n && (s[y->p] == '+' || s[y->p] == '-')) {
		chomp = s[y->p++] == '+' ? 1 : -1;
		if (y->p < y->n && s[y->p] >= '0' && s[y->p] <= '9') {
			if (s[y->p] == '0')
				return give_up(y);
			incr = s[y->p++] - '0';
		}
	} else if (y->p < y->n && s[y->p] >= '0' && s[y->p] <= '9') {
		if (s[y->p] == '0')
			return give_up(y);
		incr = s[y->p++] - '0';
		if (y->p < y->n && (s[y->p] == '+' || s[y->p] == '-'))
			chomp = s[y->p++] == '+' ? 1 : -1;
	}
	while (y->p < y->n && is_blank(s[y->p]))
		y->p++;
	if (y->p < y->n && s[y->p] == '#')
		while (y->p < y->n && s[y->p] != '\n')
			y->p++;
	if (y->p < y->n && s[y->p] != '\n')
		return give_up(y);
	if (y->p < y->n) {
		y->p++;
		y->line++;
		y->ls = y->p;
	}
	if (incr)
		indent = pind >= 0 ? pind + incr : incr;
	if (!block_breaks(y, pind, &indent, &tb, &end))
		return false;
	while ((long)col(y) == indent && y->p < y->n) {
		bool trailing_blank = is_blank(s[y->p]);
		size_t j = y->p;
		if (!literal && lb && !leading_blank && !trailing_blank) {
			if (tb == 0)
				buf_addc(dec, ' ');
		} else {
			add_breaks(dec, lb);
		}
		lb = 0;
		add_breaks(dec, tb);
		tb = 0;
		leading_blank = is_blank(s[y->p]);
		while (j < y->n && s[j] != '\n')
			j++;
		buf_add(dec, s + y->p, j - y->p);
		y->p = j;
		if (y->p < y->n) {
			lb = 1;
			y->p++;
			y->line++;
			y->ls = y->p;
		}
		if (!block_breaks(y, pind, &indent, &tb, &end))
			return false;
	}
	if (chomp != -1)
		add_breaks(dec, lb);
	if (chomp == 1)
		add_breaks(dec, tb);
	e = emit(y, YB_SCALAR, start, end);
	e->style = literal ? SS_LITERAL : SS_FOLDED;
	e->decoded = true;
	e->voff = voff;
	e->vlen = dec->len - voff;
	return skip_to_content(y, false);
}

/* A plain scalar in a one-line flow collection: no indicator at its
 * start; ends at ',', '[', ']', '{', '}' or ': '; any other ':' or a
 * comment gives up. */
static bool scan_flow_plain(struct yp *y, size_t at, struct tok *t)
{
	const char *s = y->s;
	size_t i = at, last = at;

	if (at >= y->n || is_indicator(s[at]) || strchr("-?: \t\n", s[at]))
		return give_up(y);
	while (i < y->n && s[i] != '\n' && !is_flow_indicator(s[i])) {
		if (s[i] == ':') {
			if (blankz(y, i + 1))
				break;
			return give_up(y);
		}
		if (is_blank(s[i])) {
			if (i + 1 < y->n && s[i + 1] == '#')
				return give_up(y);
			i++;
			continue;
		}
		last = ++i;
	}
	return plain_tok(t, at, last);
}

static bool parse_flow(struct yp *y);

/* A node in a one-line flow collection at y->p: a scalar or a nested
 * collection. Leaves y->p after it and the spaces that follow. */
static bool parse_flow_node(struct yp *y)
{
	struct tok t;
	char c = y->p < y->n ? y->s[y->p] : '\n';

	if (c == '[' || c == '{')
		return parse_flow(y) && skip_spaces(y);
	if (!(c == '\'' || c == '"' ? scan_quoted(y, y->p, &t) : scan_flow_plain(y, y->p, &t)))
		return false;
	emit_tok(y, &t);
	y->p = t.end;
	return skip_spaces(y);
}

/* A flow sequence or mapping on one line ('[a, "b"]', '{a: [b]}') at
 * y->p; every mapping key has a value. Leaves y->p after its end. */
static bool parse_flow(struct yp *y)
{
	bool map = y->s[y->p] == '{';
	char close = map ? '}' : ']';
	struct yb_event *e;

	if (++y->depth > YB_MAX_DEPTH)
		return give_up(y);
	e = emit(y, map ? YB_MAP_START : YB_SEQ_START, mark_at(y, y->p), mark_at(y, y->p + 1));
	e->flow = true;
	y->p++;
	if (!skip_spaces(y))
		return false;
	if (y->p < y->n && y->s[y->p] != close) {
		for (;;) {
			if (!parse_flow_node(y))
				return false;
			if (map) {
				if (!(y->p < y->n && y->s[y->p] == ':'))
					return give_up(y);
				y->p++;
				if (!skip_spaces(y))
					return false;
				if (y->p < y->n && (y->s[y->p] == ',' || y->s[y->p] == close))
					return give_up(y);	/* an empty value */
				if (!parse_flow_node(y))
					return false;
			}
			if (y->p < y->n && y->s[y->p] == ',') {
				y->p++;
				if (!skip_spaces(y))
					return false;
				if (y->p < y->n && y->s[y->p] == close)
					return give_up(y);	/* a trailing ',' */
				continue;
			}
			if (y->p < y->n && y->s[y->p] == close)
				break;
			return give_up(y);
		}
	}
	if (y->p >= y->n)
		return give_up(y);
	e = emit(y, map ? YB_MAP_END : YB_SEQ_END, mark_at(y, y->p), mark_at(y, y->p + 1));
	e->flow = true;
	y->p++;
	y->depth--;
	return true;
}

/* The value after 'key:' or '-' (at y->p, just past the indicator) of a
 * collection at column c. */
static bool parse_value(struct yp *y, long c, bool in_map)
{
	struct yb_mark after = mark_at(y, y->p);

	if (!skip_spaces(y))
		return false;
	if (y->p < y->n && y->s[y->p] != '\n' && y->s[y->p] != '#')
		return parse_node(y, c, in_map ? CTX_INLINE : CTX_ITEM);
	if (!skip_to_content(y, false))
		return false;
	if (!at_end(y) && (long)col(y) > c)
		return parse_node(y, c, CTX_OWN);
	if (in_map && !at_end(y) && (long)col(y) == c && is_dash(y))
		return parse_node(y, c, CTX_OWN);	/* an indentless sequence */
	emit_empty(y, after);
	return true;
}

/* A block mapping whose first key is at y->p. */
static bool parse_map(struct yp *y)
{
	long c = (long)col(y);
	struct yb_mark m;

	emit(y, YB_MAP_START, mark_at(y, y->p), mark_at(y, y->p));
	for (;;) {
		struct tok t;
		if (!scan_scalar(y, y->p, &t))
			return false;
		if (!t.is_key)
			return give_up(y);
		emit_tok(y, &t);
		y->p = t.colon + 1;
		if (!parse_value(y, c, true))
			return false;
		if (at_end(y) || (long)col(y) < c)
			break;
		if ((long)col(y) > c)
			return give_up(y);
	}
	m = end_mark(y, c);
	emit(y, YB_MAP_END, m, m);
	return true;
}

/* A block sequence whose first '-' is at y->p; indentless: at the
 * column of the mapping it is a value of. */
static bool parse_seq(struct yp *y, bool indentless)
{
	long c = (long)col(y);
	struct yb_mark m;

	emit(y, YB_SEQ_START, mark_at(y, y->p), mark_at(y, y->p + 1));
	for (;;) {
		y->p++;
		if (!parse_value(y, c, false))
			return false;
		if (at_end(y) || (long)col(y) < c)
			break;
		if ((long)col(y) > c)
			return give_up(y);
		if (!is_dash(y)) {
			if (indentless)
				break;
			return give_up(y);
		}
	}
	m = end_mark(y, c);
	emit(y, YB_SEQ_END, m, m);
	return true;
}

/* The node at y->p (a token's start); pind: the column of the block
 * collection it is in (-1 at the top). Leaves y->p at the next token or
 * the end. */
static bool parse_node(struct yp *y, long pind, enum ctx ctx)
{
	char c = y->s[y->p];
	bool ok;

	if (++y->depth > YB_MAX_DEPTH)
		return give_up(y);
	if (c == '-' && blankz(y, y->p + 1)) {
		ok = ctx != CTX_INLINE ? parse_seq(y, ctx == CTX_OWN && pind == (long)col(y)) : give_up(y);
	} else if (c == '|' || c == '>') {
		ok = ctx != CTX_OWN ? parse_block_scalar(y, pind) : give_up(y);
	} else if (c == '[' || c == '{') {
		ok = parse_flow(y) && skip_to_content(y, true);
	} else {
		struct tok t;
		ok = scan_scalar(y, y->p, &t);
		if (ok && t.is_key) {
			ok = ctx != CTX_INLINE ? parse_map(y) : give_up(y);
		} else if (ok) {
			emit_tok(y, &t);
			y->p = t.end;
			ok = skip_to_content(y, true);
		}
	}
	y->depth--;
	return ok && !y->bad;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* The high bit of each byte of w (a word without high bits) that is 0. */
static uint64_t zero_bytes(uint64_t w)
{
	return ~(w + ONES * 0x7f) & HIGHS;
}

/* Whether the eight bytes of w are printable ASCII, tabs or LF. */
static bool ascii_text(uint64_t w)
{
	uint64_t low = ~(w + ONES * 0x60) & HIGHS;	/* below 0x20 */

	if (w & HIGHS)
		return false;
	low &= ~(zero_bytes(w ^ (ONES * '\n')) | zero_bytes(w ^ (ONES * '\t')));
	return low == 0 && zero_bytes(w ^ (ONES * 0x7f)) == 0;
}

/* The length of the UTF-8 character at s[i] (of n) that libyaml reads
 * as an ordinary character (not a line break, not a byte order mark, in
 * its allowed ranges), or 0. */
static size_t utf8_char(const unsigned char *s, size_t i, size_t n)
{
	unsigned long v;
	size_t k;

	if (s[i] >= 0xc2 && s[i] <= 0xdf)
		k = 2, v = s[i] & 0x1f;
	else if (s[i] >= 0xe0 && s[i] <= 0xef)
		k = 3, v = s[i] & 0x0f;
	else if (s[i] >= 0xf0 && s[i] <= 0xf4)
		k = 4, v = s[i] & 0x07;
	else
		return 0;
	if (i + k > n)
		return 0;
	for (size_t j = 1; j < k; j++) {
		if ((s[i + j] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i + j] & 0x3f);
	}
	if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;	/* overlong, or past Unicode */
	if (v < 0xa0 || (v >= 0xd800 && v <= 0xdfff) || v == 0xfeff || v == 0xfffe || v == 0xffff ||
	    v == 0x2028 || v == 0x2029)
		return 0;	/* C1 controls, NEL, surrogates, BOM, non-characters, LS, PS */
	return k;
}

/* Whether s[0..n) holds only printable text libyaml reads without a
 * break other than LF: printable ASCII, tabs, LF and UTF-8 characters
 * as utf8_char takes them. *chars gets its length in characters. */
static bool plain_text(const char *text, size_t n, size_t *chars)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, c = 0;

	while (i < n) {
		uint64_t w;
		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (ascii_text(w)) {
				i += 8;
				c += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
				return false;
			i++;
		} else {
			size_t k = utf8_char(s, i, n);
			if (k == 0)
				return false;
			i += k;
		}
		c++;
	}
	*chars = c;
	return true;
}

/* Continuation bytes (10xxxxxx) in s[0..off), counted from a cursor that
 * moves to off (marks come nearly in order). */
static size_t cont_before(const char *s, size_t off, size_t *cur, size_t *cnt)
{
	while (*cur < off)
		*cnt += ((unsigned char)s[(*cur)++] & 0xc0) == 0x80;
	while (*cur > off)
		*cnt -= ((unsigned char)s[--(*cur)] & 0xc0) == 0x80;
	return *cnt;
}

/* Turn the byte offsets and byte columns of d's marks into libyaml's
 * character index and character column (text with non-ASCII). */
static void marks_to_chars(const char *s, struct yb_doc *d)
{
	size_t cur = 0, cnt = 0;

	for (size_t i = 0; i < d->nev; i++) {
		struct yb_mark *m[2] = { &d->ev[i].start, &d->ev[i].end };
		for (int j = 0; j < 2; j++) {
			size_t ls = m[j]->off - m[j]->col;
			size_t at_ls = cont_before(s, ls, &cur, &cnt);
			size_t at_off = cont_before(s, m[j]->off, &cur, &cnt);
			m[j]->col -= at_off - at_ls;
			m[j]->chr = m[j]->off - at_off;
		}
	}
}

bool yb_parse(const char *s, size_t n, bool eof, struct yb_doc *d)
{
	struct yp y = { .s = s, .n = n, .eof = eof, .d = d };
	bool explicit_start = n >= 3 && memcmp(s, "---", 3) == 0 && blankz(&y, 3);
	struct yb_mark m;

	d->nev = 0;
	d->dec.len = 0;
	if (!plain_text(s, n, &d->chars))
		return false;
	if (explicit_start)
		y.p = 3;
	if (!skip_to_content(&y, false))
		return false;
	if (explicit_start && y.line == 0 && !at_end(&y))
		return false;	/* content on the '---' line */
	if (y.stop && !explicit_start)
		return false;	/* '...' before any document */
	if (at_end(&y) && !explicit_start) {
		d->lines = y.line;
		return true;	/* no document */
	}
	emit(&y, YB_DOC_START, mark_at(&y, 0), mark_at(&y, 0));
	if (at_end(&y)) {
		emit_empty(&y, end_mark(&y, -1));
	} else {
		if (!parse_node(&y, -1, CTX_OWN))
			return false;
		if (!at_end(&y))
			return false;
	}
	m = end_mark(&y, -1);
	if (y.stop) {
		/* '...' ends the document; only comments may follow it here */
		y.p += 3;
		y.stop = false;
		emit(&y, YB_DOC_END, m, mark_at(&y, y.p));
		if (!skip_to_content(&y, false) || y.p < y.n)
			return false;
	} else {
		emit(&y, YB_DOC_END, m, m);
	}
	d->lines = y.line;
	if (d->chars == n) {
		for (size_t i = 0; i < d->nev; i++) {
			d->ev[i].start.chr = d->ev[i].start.off;
			d->ev[i].end.chr = d->ev[i].end.off;
		}
	} else {
		marks_to_chars(s, d);
	}
	return true;
}

void yb_doc_free(struct yb_doc *d)
{
	free(d->ev);
	buf_free(&d->dec);
	memset(d, 0, sizeof(*d));
}
