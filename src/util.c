/* util.c - allocation helpers and a growable byte buffer. */
#include "util.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("ingress2higress: error: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom();
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void grow_array(void **arr, size_t *cap, size_t need, size_t elsz)
{
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			oom();
		n *= 2;
	}
	if (n > SIZE_MAX / elsz)
		oom();
	*arr = xrealloc(*arr, n * elsz);
	*cap = n;
}

void buf_reserve(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	grow_array((void **)&b->data, &b->cap, need, 1);
	b->data[b->len] = '\0';	/* a buffer reserved but not written to detaches as "" */
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n || b->data == NULL)	/* (cap >= len always) */
		buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	if (b->data == NULL || b->cap - b->len < 2)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Appends the decimal digits of v, after a '-' if neg. */
static void buf_add_decimal(struct buf *b, unsigned long long v, int neg)
{
	char d[24];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (neg)
		d[--i] = '-';
	buf_add(b, d + i, sizeof(d) - i);
}

/* Appends the signed value of a %d or %ld directive. */
static void buf_add_signed(struct buf *b, long v)
{
	if (v < 0)
		buf_add_decimal(b, 0ull - (unsigned long long)v, 1);
	else
		buf_add_decimal(b, (unsigned long long)v, 0);
}

/* buf_vprintf() without stdio, whose setup costs more than most of the
 * short strings formatted here: true when every directive of fmt is %s,
 * %c, %d, %u, %ld, %lu, %zu or %% (no flags, width or precision), else
 * false with b as it was and ap untouched (the caller's copy is). A null
 * %s prints "(null)", as glibc does. */
static bool buf_vplain(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *q, *s;
	size_t len0 = b->len;
	char c;

	buf_reserve(b, strlen(fmt) + 32);
	while ((q = strchr(p, '%')) != NULL) {
		buf_add(b, p, (size_t)(q - p));
		q++;
		switch (*q) {
		case 's':
			s = va_arg(ap, const char *);
			buf_adds(b, s ? s : "(null)");
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			buf_add(b, &c, 1);
			break;
		case '%':
			buf_add(b, "%", 1);
			break;
		case 'd':
			buf_add_signed(b, va_arg(ap, int));
			break;
		case 'u':
			buf_add_decimal(b, va_arg(ap, unsigned), 0);
			break;
		case 'z':
			if (q[1] != 'u')
				goto other;
			q++;
			buf_add_decimal(b, va_arg(ap, size_t), 0);
			break;
		case 'l':
			q++;
			if (*q == 'd')
				buf_add_signed(b, va_arg(ap, long));
			else if (*q == 'u')
				buf_add_decimal(b, va_arg(ap, unsigned long), 0);
			else
				goto other;
			break;
		default:
			goto other;
		}
		p = q + 1;
	}
	buf_adds(b, p);
	return true;
other:
	b->len = len0;
	b->data[len0] = '\0';
	return false;
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char small[1024];	/* fast path only (most messages fit); longer output is sized exactly */
	va_list cp;
	int n;
	bool plain;

	va_copy(cp, ap);
	plain = buf_vplain(b, fmt, cp);
	va_end(cp);
	if (plain)
		return;
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
	} else {
		memmove(b->data, b->data + n, b->len - n);
		b->len -= n;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

const char *buf_cstr(struct buf *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

#define Q_ONES 0x0101010101010101ull
#define Q_HIGHS 0x8080808080808080ull
#define Q_HAS_ZERO(v) (((v) - Q_ONES) & ~(v) & Q_HIGHS)

/* Does the word w hold a byte that JSON must escape (below 0x20, 0x7f,
 * '"' or '\\')? Exact: bytes from 0x80 up are copied as they are. */
static bool q_special(uint64_t w)
{
	uint64_t q = w ^ (Q_ONES * '"'), bs = w ^ (Q_ONES * '\\'), del = w ^ (Q_ONES * 0x7f);

	return ((w - Q_ONES * 0x20) & ~w & Q_HIGHS) || Q_HAS_ZERO(q) || Q_HAS_ZERO(bs) || Q_HAS_ZERO(del);
}

/* Append s[0..n) double-quoted with JSON escapes; JSON strings are also
 * valid YAML double-quoted scalars, so both formats share this. Sized
 * for the worst case (six bytes per byte) and written in one pass, eight
 * bytes at a time where none needs escaping. */
static void add_quoted(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *d;

	if (n > (SIZE_MAX - 3) / 6)
		oom();
	buf_reserve(b, 6 * n + 2);
	d = b->data + b->len;
	*d++ = '"';
	while (i < n) {
		uint64_t w;
		unsigned char c;

		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (!q_special(w)) {
				memcpy(d, s + i, 8);
				d += 8;
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i++];
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\') {
			*d++ = (char)c;
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\n': *d++ = 'n'; break;
		case '\t': *d++ = 't'; break;
		case '\r': *d++ = 'r'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
	}
	*d++ = '"';
	*d = '\0';
	b->len = (size_t)(d - b->data);
}

void buf_add_yaml_dq(struct buf *b, const char *s, size_t n)
{
	add_quoted(b, s, n);
}

void buf_add_json_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		add_quoted(b, s, strlen(s));
}

void buf_add_json_kv(struct buf *b, const char *key, const char *value, bool comma)
{
	buf_add_json_str(b, key);
	buf_addc(b, ':');
	buf_add_json_str(b, value);
	if (comma)
		buf_addc(b, ',');
}

size_t edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, best, result;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = diag + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max) {
			free(row);
			return max + 1;
		}
	}
	result = row[lb];
	free(row);
	return result > max ? max + 1 : result;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *errstr(int e)
{
	static char msg[256];	/* strerror texts are short; longer ones are cut */

	snprintf(msg, sizeof(msg), "%s", strerror(e));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	return msg;
}

/* Decode one UTF-8 character; returns its length or 0 when invalid. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf && n >= 2 && (s[1] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] >= 0xe0 && s[0] <= 0xef && n >= 3 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x0f) << 12) | ((unsigned long)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		if (*cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4 && n >= 4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3f) << 12) |
		      ((unsigned long)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		if (*cp < 0x10000 || *cp > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

/* Length of the bracket expression at p ('[' ... ']'), or 0 if unclosed. */
static size_t class_len(const char *p)
{
	size_t i = 1;

	if (p[i] == '!' || p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	while (p[i] && p[i] != ']')
		i++;
	return p[i] == ']' ? i + 1 : 0;
}

/* Does the bracket expression p (of n bytes) match c? */
static bool class_match(const char *p, size_t n, char c)
{
	char expr[256];

	if (n >= sizeof(expr) || c == '/')
		return false;
	memcpy(expr, p, n);
	expr[n] = '\0';
	return fnmatch(expr, (char[]){ c, '\0' }, 0) == 0;
}

bool glob_match(const char *pat, const char *path)
{
	for (;; pat++, path++) {
		size_t n;

		if (pat[0] == '*' && pat[1] == '*') {
			const char *rest = pat + 2;
			if (*rest == '/' && glob_match(rest + 1, path))
				return true;	/* '**' and '/' as no element */
			for (const char *p = path;; p++) {
				if (glob_match(rest, p))
					return true;
				if (*p == '\0')
					return false;
			}
		}
		if (*pat == '*') {
			for (const char *p = path;; p++) {
				if (glob_match(pat + 1, p))
					return true;
				if (*p == '\0' || *p == '/')
					return false;
			}
		}
		if (*pat == '\0')
			return *path == '\0';
		if (*path == '\0')
			return false;
		if (*pat == '?') {
			if (*path == '/')
				return false;
			continue;
		}
		if (*pat == '[' && (n = class_len(pat)) > 0) {
			if (!class_match(pat, n, *path))
				return false;
			pat += n - 1;
			continue;
		}
		if (*pat == '\\' && pat[1])
			pat++;
		if (*pat != *path)
			return false;
	}
}
