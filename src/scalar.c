/* scalar.c - how kubectl types a scalar; where a value byte stands (see
 * scalar.h). */
#include "scalar.h"

#include <string.h>

/* Is s (n bytes) one of the NULL-terminated list? */
static bool one_of(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return true;
	return false;
}

int scalar_go_bool(const char *s, size_t n)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

	return one_of(s, n, t) ? 1 : one_of(s, n, f) ? 0 : -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool digit_in_base(char c, int base)
{
	if (base == 16)
		return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	return c >= '0' && c < '0' + base;
}

/* Go's strconv.ParseInt(s, 0, 64) syntax (the range is not checked: a
 * decimal too large is a float below, as in go-yaml). s has no '_'. */
static bool go_int(const char *s, size_t n)
{
	size_t i = 0;
	int base = 10;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i + 1 < n && s[i] == '0') {
		char p = s[i + 1];
		if (p == 'x' || p == 'X')
			base = 16, i += 2;
		else if (p == 'o' || p == 'O')
			base = 8, i += 2;
		else if (p == 'b' || p == 'B')
			base = 2, i += 2;
		else
			base = 8, i += 1;
	}
	if (i >= n)
		return base == 8 && n > 0 && s[n - 1] == '0';	/* "0", "+0" */
	for (; i < n; i++)
		if (!digit_in_base(s[i], base))
			return false;
	return true;
}

/* go-yaml's float syntax: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_float(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return false;
	} else {
		for (; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return false;
		if (i < n && s[i] == '.')
			for (i++; i < n && is_digit(s[i]); i++)
				;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		d = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return false;
	}
	return i == n;
}

/* Read 1..max digits at s[*i] into *v; false if none. */
static bool digits(const char *s, size_t n, size_t *i, size_t max, unsigned *v)
{
	size_t k = 0;

	*v = 0;
	while (*i < n && k < max && is_digit(s[*i])) {
		*v = *v * 10 + (unsigned)(s[*i] - '0');
		(*i)++;
		k++;
	}
	return k > 0;
}

/* go-yaml v2's timestamp forms (time.Parse layouts "2006-1-2",
 * "2006-1-2T15:4:5.999999999Z07:00" and its 't' and ' ' variants). */
static bool yaml_timestamp(const char *s, size_t n)
{
	size_t i = 0;
	unsigned v;
	bool space;

	if (n < 8 || !digits(s, n, &i, 4, &v) || i != 4 || i >= n || s[i++] != '-')
		return false;
	if (!digits(s, n, &i, 2, &v) || v < 1 || v > 12 || i >= n || s[i++] != '-')
		return false;
	if (!digits(s, n, &i, 2, &v) || v < 1 || v > 31)
		return false;
	if (i == n)
		return true;
	if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
		return false;
	space = s[i++] == ' ';
	if (!digits(s, n, &i, 2, &v) || v > 23 || i >= n || s[i++] != ':')
		return false;
	if (!digits(s, n, &i, 2, &v) || v > 59 || i >= n || s[i++] != ':')
		return false;
	if (!digits(s, n, &i, 2, &v) || v > 60)
		return false;
	if (i < n && s[i] == '.') {
		i++;
		if (!digits(s, n, &i, 9, &v))
			return false;
	}
	if (space)
		return i == n;
	if (i < n && s[i] == 'Z')
		return i + 1 == n;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		i++;
		if (!digits(s, n, &i, 2, &v) || i >= n || s[i++] != ':')
			return false;
		return digits(s, n, &i, 2, &v) && i == n;
	}
	return false;
}

enum yaml11_type yaml11_resolve(const char *s, size_t n)
{
	static const char *const bools[] = {
		"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
		"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", NULL,
	};
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const specials[] = {
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
		"-.inf", "-.Inf", "-.INF", NULL,
	};
	char plain[64];
	size_t m = 0;

	if (n == 0)
		return Y11_STRING;
	if (one_of(s, n, bools))
		return Y11_BOOL;
	if (one_of(s, n, nulls))
		return Y11_NULL;
	if (one_of(s, n, specials))
		return Y11_FLOAT;
	if (s[0] == '.')
		return yaml_float(s, n) ? Y11_FLOAT : Y11_STRING;
	if (!is_digit(s[0]) && s[0] != '+' && s[0] != '-')
		return Y11_STRING;
	if (yaml_timestamp(s, n))
		return Y11_TIMESTAMP;
	/* go-yaml removes every '_' before reading a number; a number
	 * longer than the buffer is no number we need to tell apart */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			continue;
		if (m == sizeof(plain))
			return Y11_STRING;
		plain[m++] = s[i];
	}
	if (go_int(plain, m))
		return Y11_INT;
	if (yaml_float(plain, m))
		return Y11_FLOAT;
	return Y11_STRING;
}

enum yaml11_type scalar_type(const struct node *n)
{
	if (n == NULL || n->type != N_SCALAR || n->style != SS_PLAIN || n->tag != NULL)
		return Y11_STRING;
	return yaml11_resolve(n->value, n->len);
}

const char *yaml11_type_name(enum yaml11_type t)
{
	switch (t) {
	case Y11_NULL:
		return "null";
	case Y11_BOOL:
		return "a boolean";
	case Y11_INT:
		return "an integer";
	case Y11_FLOAT:
		return "a float";
	case Y11_TIMESTAMP:
		return "a timestamp";
	case Y11_STRING:
		break;
	}
	return "a string";
}

/* Bytes of UTF-8 that code point c takes. */
static size_t utf8_len(unsigned long c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* How many value bytes the double-quoted escape at raw[0] ('\\') makes,
 * and through *used how many raw bytes it takes (0 bytes made for an
 * escaped line break). */
static size_t dq_escape(const char *raw, size_t n, size_t *used)
{
	size_t hex = 0;
	unsigned long c = 0;

	*used = 2;
	if (n < 2)
		return *used = n, 0;
	switch (raw[1]) {
	case 'x':
		hex = 2;
		break;
	case 'u':
		hex = 4;
		break;
	case 'U':
		hex = 8;
		break;
	case 'N':
	case '_':
		return 2;
	case 'L':
	case 'P':
		return 3;
	case '\n':
	case '\r':
		return 0;
	default:
		return 1;
	}
	for (size_t i = 0; i < hex && 2 + i < n; i++) {
		char h = raw[2 + i];
		c = c * 16 + (unsigned long)(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
	}
	*used = 2 + hex < n ? 2 + hex : n;
	return utf8_len(c);
}

/* Literal block scalar: value line k is the k-th line after the header,
 * at the block's indentation. */
static size_t literal_offset(struct stream *st, const struct node *n, size_t off)
{
	size_t k = 0, col = 0, at, indent = 0, end = n->pos.end;
	const char *raw = stream_bytes(st, n->pos.start, end);

	if (raw == NULL)
		return n->pos.start;
	for (size_t i = 0; i < off && i < n->len; i++) {
		col++;
		if (n->value[i] == '\n')
			k++, col = 0;
	}
	/* the header line, then the first line with text gives the indentation */
	at = 0;
	while (at < end - n->pos.start && raw[at] != '\n')
		at++;
	at++;
	for (size_t p = at; p < end - n->pos.start; p++) {
		size_t sp = 0;
		while (p + sp < end - n->pos.start && raw[p + sp] == ' ')
			sp++;
		if (p + sp < end - n->pos.start && raw[p + sp] != '\n' && raw[p + sp] != '\r') {
			indent = sp;
			break;
		}
		p += sp;
	}
	for (; k > 0 && at < end - n->pos.start; at++)
		if (raw[at] == '\n')
			k--;
	if (k > 0 || at + indent + col > end - n->pos.start)
		return n->pos.start;
	return n->pos.start + at + indent + col;
}

size_t scalar_value_offset(struct stream *st, const struct node *n, size_t off)
{
	const char *raw;
	size_t rn, r, v = 0;

	if (n == NULL || n->type != N_SCALAR || off >= n->len)
		return n ? n->pos.start : 0;
	if (n->style == SS_LITERAL)
		return literal_offset(st, n, off);
	if (n->style == SS_FOLDED || n->end_line != n->pos.line)
		return n->pos.start;
	raw = stream_bytes(st, n->pos.start, n->pos.end);
	rn = n->pos.end - n->pos.start;
	if (raw == NULL)
		return n->pos.start;
	if (n->style == SS_PLAIN)
		return off < rn ? n->pos.start + off : n->pos.start;
	if (rn < 2 || raw[0] != (n->style == SS_SINGLE ? '\'' : '"'))
		return n->pos.start;	/* properties before the quote */
	for (r = 1; r + 1 < rn;) {
		size_t used = 1, made = 1;
		if (n->style == SS_SINGLE && raw[r] == '\'')
			used = 2;
		else if (n->style == SS_DOUBLE && raw[r] == '\\')
			made = dq_escape(raw + r, rn - 1 - r, &used);
		if (off < v + made)
			return n->pos.start + r;
		v += made;
		r += used;
	}
	return n->pos.start;
}

struct pos scalar_value_pos(struct stream *st, const struct node *n, size_t off)
{
	struct pos p = n->pos;

	p.start = scalar_value_offset(st, n, off);
	p.end = p.start + 1;
	stream_position(st, p.start, &p.line, &p.column);
	return p;
}
