/* yaml_write.c - the one writer for new YAML objects (see yaml_write.h). */
#include "yaml_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes reserved up front in an empty output buffer: one short object
 * or rule, so its first growth steps (8, 16, ... bytes) are skipped. */
#define YW_FIRST_RESERVE 511

/* Does s read as a number (int, float, base-prefixed, sexagesimal) or a
 * timestamp in YAML 1.1 or 1.2? Conservative: any string that starts
 * like a number and holds only number-ish characters counts. */
static bool numberish(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	for (; *p; p++)
		if (!strchr("0123456789abcdefABCDEF._:+-xXoObBtTzZ ", *p))
			return false;
	return true;
}

/* Is s[0..n) (n <= 5) a word YAML 1.1 reads as a boolean or null: y,
 * yes, n, no, true, false, on, off or null, all lowercase, Capitalised
 * or ALL CAPITALS? */
static bool typed_word(const char *s, size_t n)
{
	static const char *const words[] = { "y", "yes", "n", "no", "true", "false", "on", "off", "null" };
	char low[6];
	bool lower_all = true, upper_all = true, capital = true;

	switch (s[0]) {	/* the first letters of those words: most keys leave here */
	case 'y': case 'n': case 't': case 'f': case 'o':
	case 'Y': case 'N': case 'T': case 'F': case 'O':
		break;
	default:
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
		if (!lower && !upper)
			return false;
		lower_all = lower_all && lower;
		upper_all = upper_all && upper;
		capital = capital && (i == 0 ? upper : lower);
		low[i] = lower ? c : (char)(c - 'A' + 'a');
	}
	if (!lower_all && !upper_all && !capital)
		return false;
	low[n] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i][0] == low[0] && strcmp(words[i], low) == 0)
			return true;
	return false;
}

/* Characters a plain scalar holds as is anywhere: printable ASCII but the
 * flow indicators, '#', quotes, '\\' and ':' (allowed only before a
 * non-space, checked apart). '\0' is not, so the scan stops there. */
static const unsigned char plain_char[256] = {
	[0x20] = 1, [0x21] = 1, [0x24] = 1, [0x25] = 1, [0x26] = 1, [0x28] = 1, [0x29] = 1, [0x2a] = 1,
	[0x2b] = 1, [0x2d] = 1, [0x2e] = 1, [0x2f] = 1, [0x30] = 1, [0x31] = 1, [0x32] = 1, [0x33] = 1,
	[0x34] = 1, [0x35] = 1, [0x36] = 1, [0x37] = 1, [0x38] = 1, [0x39] = 1, [0x3b] = 1, [0x3c] = 1,
	[0x3d] = 1, [0x3e] = 1, [0x3f] = 1, [0x40] = 1, [0x41] = 1, [0x42] = 1, [0x43] = 1, [0x44] = 1,
	[0x45] = 1, [0x46] = 1, [0x47] = 1, [0x48] = 1, [0x49] = 1, [0x4a] = 1, [0x4b] = 1, [0x4c] = 1,
	[0x4d] = 1, [0x4e] = 1, [0x4f] = 1, [0x50] = 1, [0x51] = 1, [0x52] = 1, [0x53] = 1, [0x54] = 1,
	[0x55] = 1, [0x56] = 1, [0x57] = 1, [0x58] = 1, [0x59] = 1, [0x5a] = 1, [0x5e] = 1, [0x5f] = 1,
	[0x60] = 1, [0x61] = 1, [0x62] = 1, [0x63] = 1, [0x64] = 1, [0x65] = 1, [0x66] = 1, [0x67] = 1,
	[0x68] = 1, [0x69] = 1, [0x6a] = 1, [0x6b] = 1, [0x6c] = 1, [0x6d] = 1, [0x6e] = 1, [0x6f] = 1,
	[0x70] = 1, [0x71] = 1, [0x72] = 1, [0x73] = 1, [0x74] = 1, [0x75] = 1, [0x76] = 1, [0x77] = 1,
	[0x78] = 1, [0x79] = 1, [0x7a] = 1, [0x7c] = 1, [0x7e] = 1,
};

bool yaml_plain_safe(const char *s)
{
	const char *p = s;
	size_t n;

	switch (s[0]) {	/* indicators, and what starts '~', '=', '<<' or '.5' */
	case '\0':
	case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&':
	case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case '.':
	case '<': case '=': case '~': case ' ':
		return false;
	default:
		break;
	}
	for (;;) {
		while (plain_char[(unsigned char)*p])
			p++;	/* the common case first */
		if (*p != ':')
			break;
		if (p[1] == ' ' || p[1] == '\0')
			return false;	/* ": " or a final ':' */
		p++;
	}
	if (*p != '\0')
		return false;
	n = (size_t)(p - s);
	if (s[n - 1] == ' ')
		return false;
	if (n <= 5 && typed_word(s, n))
		return false;
	return !numberish(s);
}

void yaml_add_scalar(struct buf *b, const char *s)
{
	if (yaml_plain_safe(s))
		buf_adds(b, s);
	else
		buf_add_yaml_dq(b, s, strlen(s));
}

void yw_init(struct yw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	if (out->cap == 0)
		buf_reserve(out, YW_FIRST_RESERVE);	/* skip the smallest growth steps */
}

void yw_document(struct yw *w, const char *comment)
{
	w->indent = 0;
	w->depth = 0;
	w->dash = false;
	buf_adds(w->out, "---\n");
	if (comment != NULL) {
		buf_adds(w->out, "# ");
		for (const char *p = comment; *p;) {
			size_t run = strcspn(p, "\r\n");
			buf_add(w->out, p, run);
			p += run;
			if (*p) {
				buf_addc(w->out, ' ');
				p++;
			}
		}
		buf_addc(w->out, '\n');
	}
}

/* Indentation of a new line, with the pending "- " of a sequence item. */
/* Append n spaces. */
static void spaces(struct buf *b, size_t n)
{
	static const char sp[] = "                                ";

	for (; n > sizeof(sp) - 1; n -= sizeof(sp) - 1)
		buf_add(b, sp, sizeof(sp) - 1);
	buf_add(b, sp, n);
}

static void lead(struct yw *w)
{
	if (w->dash) {
		spaces(w->out, w->indent > 2 ? w->indent - 2 : 0);
		buf_add(w->out, "- ", 2);
		w->dash = false;
	} else {
		spaces(w->out, w->indent);
	}
}

static void key(struct yw *w, const char *k)
{
	lead(w);
	yaml_add_scalar(w->out, k);
	buf_addc(w->out, ':');
}

static void push(struct yw *w, size_t indent)
{
	if (w->depth >= YW_MAX_DEPTH) {
		fprintf(stderr, "ingress2higress: internal error: yaml writer nesting\n");
		abort();
	}
	w->saved[w->depth++] = w->indent;
	w->indent = indent;
}

void yw_str(struct yw *w, const char *k, const char *value)
{
	key(w, k);
	buf_addc(w->out, ' ');
	yaml_add_scalar(w->out, value);
	buf_addc(w->out, '\n');
}

void yw_int(struct yw *w, const char *k, long value)
{
	key(w, k);
	buf_printf(w->out, " %ld\n", value);
}

void yw_number(struct yw *w, const char *k, const char *number)
{
	key(w, k);
	buf_addc(w->out, ' ');
	buf_adds(w->out, number);
	buf_addc(w->out, '\n');
}

/* Can text be a literal block scalar that reads back as exactly text? */
static bool literal_ok(const char *text)
{
	const char *line = text;
	size_t len = strlen(text);

	if (*text == '\0' || *text == ' ' || *text == '\n' || (len >= 2 && text[len - 1] == '\n' && text[len - 2] == '\n'))
		return false;
	for (const char *p = text;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n' || c == '\0') {
			size_t n = (size_t)(p - line);
			if (c == '\n' && n == 0 && p[1] != '\0')
				return false;	/* an empty line inside: kept, but not worth the care */
			if (n && (line[n - 1] == ' '))
				return false;
			if (c == '\0')
				return true;
			if (p[1] == '\0')
				return true;	/* the final line break: '|' */
			line = p + 1;
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return false;
	}
}

void yw_literal(struct yw *w, const char *k, const char *text)
{
	size_t n = strlen(text);
	const char *p = text;

	if (!literal_ok(text)) {
		yw_str(w, k, text);
		return;
	}
	key(w, k);
	buf_adds(w->out, n && text[n - 1] == '\n' ? " |\n" : " |-\n");
	while (*p) {
		size_t len = strcspn(p, "\n");
		spaces(w->out, w->indent + 2);
		buf_add(w->out, p, len);
		buf_addc(w->out, '\n');
		p += len;
		if (*p == '\n')
			p++;
	}
}

void yw_bool(struct yw *w, const char *k, bool value)
{
	key(w, k);
	buf_adds(w->out, value ? " true\n" : " false\n");
}

void yw_empty_map(struct yw *w, const char *k)
{
	key(w, k);
	buf_adds(w->out, " {}\n");
}

void yw_map(struct yw *w, const char *k)
{
	key(w, k);
	buf_addc(w->out, '\n');
	push(w, w->indent + 2);
}

void yw_seq(struct yw *w, const char *k)
{
	key(w, k);
	buf_addc(w->out, '\n');
	push(w, w->indent);
}

void yw_item(struct yw *w)
{
	/* an item that is itself the first thing of an item ("- - ") is not
	 * something the emitters write */
	push(w, w->indent + 2);
	w->dash = true;
}

void yw_item_str(struct yw *w, const char *value)
{
	spaces(w->out, w->indent);
	buf_adds(w->out, "- ");
	yaml_add_scalar(w->out, value);
	buf_addc(w->out, '\n');
}

void yw_end(struct yw *w)
{
	if (w->depth == 0) {
		fprintf(stderr, "ingress2higress: internal error: yaml writer end without start\n");
		abort();
	}
	w->indent = w->saved[--w->depth];
	w->dash = false;
}
