/* yaml_write.c - the one writer for new YAML objects (see yaml_write.h). */
#include "yaml_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

bool yaml_plain_safe(const char *s)
{
	/* printable ASCII that a plain scalar cannot hold as is (':' only
	 * before a space) */
	static const bool special[128] = {
		[','] = true, ['['] = true, [']'] = true, ['{'] = true, ['}'] = true, ['#'] = true,
		['"'] = true, ['\''] = true, ['\\'] = true, [':'] = true,
	};
	size_t n = strlen(s);

	if (n == 0)
		return false;
	switch (s[0]) {	/* indicators, and what starts '~', '=', '<<' or '.5' */
	case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&':
	case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case '.':
	case '<': case '=': case '~': case ' ':
		return false;
	default:
		break;
	}
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c < 0x7f && !special[c])
			continue;	/* the common case first */
		if (c != ':' || p[1] == ' ')
			return false;
	}
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
