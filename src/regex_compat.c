/* regex_compat.c - PCRE versus RE2 syntax (see regex_compat.h). */
#include "regex_compat.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define RE2_MAX_REPEAT 1000	/* Go regexp/syntax: a count, and the product of nested counts */

/* One open group of the walk. */
struct rx_frame {
	uint32_t weight;	/* the largest product of nested repeat counts inside so far */
	bool x;			/* the 'x' flag of the enclosing level, restored at ')' */
};

struct rx_walk {
	const char *p;
	size_t len, i;
	unsigned ncap;
	struct rx_check *out;
	enum rx_verdict worst;
	struct rx_frame *stack;	/* owned; stack[0] is the whole pattern */
	size_t depth, cap;
	int64_t pending;	/* weight of the last quantifiable item, -1 when none */
	bool after_quant;	/* the previous token was a quantifier */
	bool x;			/* PCRE's extended mode is on */
};

static const char *const go_categories[] = {
	"C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl",
	"No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
	"Any",
};

/* Go 1.19's unicode.Scripts (Unicode 13); RE2 and newer Go know more. */
static const char *const go_scripts[] = {
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum",
	"Bassa_Vah", "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid",
	"Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian",
	"Common", "Coptic", "Cuneiform", "Cypriot", "Cyrillic", "Deseret", "Devanagari", "Dives_Akuru", "Dogra",
	"Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic",
	"Grantha", "Greek", "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya",
	"Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi",
	"Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Katakana", "Kayah_Li", "Kharoshthi",
	"Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A",
	"Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean",
	"Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive",
	"Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean",
	"Nandinagari", "New_Tai_Lue", "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki",
	"Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian", "Old_Sogdian",
	"Old_South_Arabian", "Old_Turkic", "Oriya", "Osage", "Osmanya", "Pahawh_Hmong", "Palmyrene",
	"Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang", "Runic", "Samaritan", "Saurashtra",
	"Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo",
	"Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet", "Takri",
	"Tamil", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta", "Ugaritic", "Vai",
	"Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
};

static const char *const posix_classes[] = {
	"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
	"upper", "word", "xdigit",
};

static bool in_names(const char *const *v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return true;
	return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_octal(char c) { return c >= '0' && c <= '7'; }
static bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Is c (not NUL) one of set? */
static bool in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Record an issue of kind at [off, off+len) with the message (taken). */
static void issue(struct rx_walk *w, size_t off, size_t len, enum rx_verdict kind, char *msg)
{
	struct rx_issue *is;

	grow_array((void **)&w->out->v, &w->out->cap, w->out->n + 1, sizeof(*w->out->v));
	is = &w->out->v[w->out->n++];
	is->off = off;
	is->len = len;
	is->kind = kind;
	is->msg = msg;
	if (kind > w->worst)
		w->worst = kind;
}

/* An RE2-rejected construct: "<what> (<text>) is PCRE-only: RE2 rejects it". */
static void not_re2(struct rx_walk *w, size_t off, size_t len, const char *what)
{
	issue(w, off, len, RX_NOT_RE2,
	      xasprintf("%s '%.*s' is PCRE-only: RE2 rejects it", what, (int)(len > 60 ? 60 : len), w->p + off));
}

/* Bytes from off to the next ')' inclusive (or to the end). */
static size_t to_paren(const struct rx_walk *w, size_t off)
{
	size_t j = off;

	while (j < w->len && w->p[j] != ')')
		j++;
	return (j < w->len ? j + 1 : j) - off;
}

static uint32_t mul_weight(uint32_t a, uint32_t b)
{
	uint64_t m = (uint64_t)a * b;
	return m > RE2_MAX_REPEAT + 1 ? RE2_MAX_REPEAT + 1 : (uint32_t)m;
}

static void flush(struct rx_walk *w)
{
	struct rx_frame *f = &w->stack[w->depth];

	if (w->pending > f->weight)
		f->weight = (uint32_t)w->pending;
	w->pending = -1;
}

static void atom(struct rx_walk *w, uint32_t weight)
{
	flush(w);
	w->pending = weight;
	w->after_quant = false;
}

static void push(struct rx_walk *w)
{
	flush(w);
	grow_array((void **)&w->stack, &w->cap, w->depth + 2, sizeof(*w->stack));
	w->depth++;
	w->stack[w->depth].weight = 1;
	w->stack[w->depth].x = w->x;
	w->after_quant = false;
}

static void pop(struct rx_walk *w)
{
	uint32_t weight;

	if (w->depth == 0) {	/* unbalanced: PCRE said so already */
		w->after_quant = false;
		return;
	}
	flush(w);
	weight = w->stack[w->depth].weight;
	w->x = w->stack[w->depth].x;
	w->depth--;
	atom(w, weight);
}

/* \p / \P at w->i (the backslash): Go's names, single letter or braced,
 * with an optional '^'. Returns the bytes used. */
static size_t unicode_class(struct rx_walk *w)
{
	size_t s = w->i, j = s + 2, n;
	const char *name;

	if (j >= w->len)
		return 2;
	if (w->p[j] != '{') {
		name = w->p + j;
		n = 1;
		j++;
	} else {
		size_t e = j + 1;
		while (e < w->len && w->p[e] != '}')
			e++;
		name = w->p + j + 1;
		n = e - j - 1;
		j = e < w->len ? e + 1 : e;
		if (n && *name == '^')
			name++, n--;
	}
	if (!in_names(go_categories, sizeof(go_categories) / sizeof(*go_categories), name, n) &&
	    !in_names(go_scripts, sizeof(go_scripts) / sizeof(*go_scripts), name, n))
		issue(w, s, j - s, RX_NOT_RE2,
		      xasprintf("unicode property '%.*s' is not one RE2 knows (names are case-sensitive: a general "
				"category such as 'L' or 'Lu', a script such as 'Greek', or 'Any')",
				(int)(j - s > 60 ? 60 : j - s), w->p + s));
	return j - s;
}

/* \x at w->i: RE2 takes exactly two hex digits or \x{HEX+} up to 10FFFF. */
static size_t hex_escape(struct rx_walk *w)
{
	size_t s = w->i, j = s + 2;

	if (j < w->len && w->p[j] == '{') {
		uint32_t v = 0;
		size_t e = j + 1;
		bool ok = true;
		while (e < w->len && w->p[e] != '}') {
			ok = ok && is_hex(w->p[e]) && v <= 0x10FFFF;
			if (ok)
				v = v * 16 + (uint32_t)(is_digit(w->p[e]) ? w->p[e] - '0' : (w->p[e] | 0x20) - 'a' + 10);
			e++;
		}
		ok = ok && e > j + 1 && v <= 0x10FFFF;
		j = e < w->len ? e + 1 : e;
		if (!ok)
			not_re2(w, s, j - s, "hex escape");
		return j - s;
	}
	if (j + 1 < w->len && is_hex(w->p[j]) && is_hex(w->p[j + 1]))
		return 4;
	while (j < w->len && j < s + 4 && is_hex(w->p[j]))
		j++;
	issue(w, s, j - s, RX_NOT_RE2,
	      xasprintf("hex escape '%.*s' needs exactly two hex digits in RE2 (or '\\x{...}')", (int)(j - s), w->p + s));
	return j - s;
}

/* A backslash followed by a digit at w->i; in_class: inside [...]. */
static size_t digit_escape(struct rx_walk *w, bool in_class)
{
	size_t s = w->i, j = s + 1;
	char d = w->p[j];
	unsigned long n = 0;

	if (d == '0') {		/* octal on both: \0 and up to two more octal digits */
		j++;
		while (j < w->len && j < s + 4 && is_octal(w->p[j]))
			j++;
		return j - s;
	}
	if (is_octal(d) && j + 1 < w->len && is_octal(w->p[j + 1])) {
		/* RE2: octal of up to three digits; PCRE: a backreference when
		 * the decimal number is at most the number of groups */
		size_t e = j;
		while (e < w->len && is_digit(w->p[e]) && n < 100000)
			n = n * 10 + (unsigned long)(w->p[e++] - '0');
		j += 1;
		while (j < w->len && j < s + 4 && is_octal(w->p[j]))
			j++;
		if (!in_class && n <= w->ncap)
			issue(w, s, e - s, RX_DIFFERS,
			      xasprintf("'%.*s' is a backreference for PCRE (the pattern has %u groups) but an octal "
					"escape for RE2", (int)(e - s), w->p + s, w->ncap));
		return j - s;
	}
	while (j < w->len && is_digit(w->p[j]))
		j++;
	if (in_class)
		issue(w, s, j - s, RX_NOT_RE2,
		      xasprintf("'%.*s' in a class is an octal escape for PCRE; RE2 rejects it (write '\\x%02x')",
				(int)(j - s), w->p + s, d == '8' || d == '9' ? (unsigned)d : (unsigned)(d - '0')));
	else
		not_re2(w, s, j - s, "backreference");
	return j - s;
}

/* The PCRE-only letter escapes, by letter (outside and inside classes). */
static const char *letter_escape_name(char c)
{
	switch (c) {
	case 'G': return "start-of-match anchor";
	case 'K': return "match-start reset";
	case 'C': return "single code unit escape";
	case 'Z': return "end-of-subject anchor (before a final newline)";
	case 'R': return "newline sequence escape";
	case 'X': return "grapheme cluster escape";
	case 'h': case 'H': return "horizontal space class";
	case 'V': return "vertical space class";
	case 'N': return "non-newline escape";
	case 'e': return "escape-character escape";
	case 'c': return "control-character escape";
	case 'o': return "octal escape";
	case 'g': case 'k': return "backreference";
	case 'E': return "'\\E' without '\\Q'";
	default: return "escape";
	}
}

/* An escape at w->i; in_class: inside [...]. Returns the bytes used. */
static size_t escape(struct rx_walk *w, bool in_class)
{
	size_t s = w->i, n;
	char c;

	if (s + 1 >= w->len)
		return 1;
	c = w->p[s + 1];
	if (is_digit(c))
		return digit_escape(w, in_class);
	switch (c) {
	case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
	case 'a': case 'f': case 'n': case 'r': case 't':
		return 2;
	case 'A': case 'z': case 'B':
		if (in_class)
			break;
		return 2;
	case 'b':
		if (in_class) {
			issue(w, s, 2, RX_NOT_RE2,
			      xstrdup("'\\b' in a class is a backspace for PCRE; RE2 rejects it (write '\\x08')"));
			return 2;
		}
		return 2;
	case 'v':
		issue(w, s, 2, RX_DIFFERS,
		      xstrdup("'\\v' is any vertical space for PCRE but only the vertical tab for RE2"));
		return 2;
	case 'p': case 'P':
		return unicode_class(w);
	case 'x':
		return hex_escape(w);
	case 'g': case 'k':
		for (n = 2; s + n < w->len && (is_alnum(w->p[s + n]) || in_set(w->p[s + n], "{<'-+_")); n++)
			;
		if (s + n < w->len && in_set(w->p[s + n], "}>'"))
			n++;
		not_re2(w, s, n, "backreference");
		return n;
	default:
		break;
	}
	if ((unsigned char)c >= 0x80) {
		issue(w, s, 2, RX_NOT_RE2, xstrdup("an escaped non-ASCII byte is PCRE-only: RE2 rejects it"));
		return 2;
	}
	if (!is_alnum(c))
		return 2;	/* escaped punctuation: itself on both */
	not_re2(w, s, 2, letter_escape_name(c));
	return 2;
}

/* A character class at w->i ('['). Returns the bytes used. */
static size_t char_class(struct rx_walk *w)
{
	size_t s = w->i, j = s + 1;
	bool first = true;

	if (j < w->len && w->p[j] == '^')
		j++;
	while (j < w->len && (w->p[j] != ']' || first)) {
		first = false;
		if (w->p[j] == '[' && j + 1 < w->len && w->p[j + 1] == ':') {
			/* Go takes the text up to the next ':]' as a POSIX name */
			const char *e = NULL;
			for (size_t k = j + 2; k + 1 < w->len && !e; k++)
				if (w->p[k] == ':' && w->p[k + 1] == ']')
					e = w->p + k;
			if (e) {
				const char *name = w->p + j + 2;
				size_t n = (size_t)(e - name);
				if (n && *name == '^')
					name++, n--;
				if (!in_names(posix_classes, sizeof(posix_classes) / sizeof(*posix_classes), name, n))
					not_re2(w, j, (size_t)(e - w->p) + 2 - j, "POSIX class");
				j = (size_t)(e - w->p) + 2;
				continue;
			}
		}
		if (w->p[j] == '\\') {
			if (j + 1 < w->len && w->p[j + 1] == 'Q') {
				size_t e = j + 2;
				while (e + 1 < w->len && !(w->p[e] == '\\' && w->p[e + 1] == 'E'))
					e++;
				e = e + 1 < w->len ? e + 2 : w->len;
				not_re2(w, j, 2, "'\\Q...\\E' inside a class");
				j = e;
				continue;
			}
			w->i = j;
			j += escape(w, true);
			continue;
		}
		j++;
	}
	w->i = s;
	return (j < w->len ? j + 1 : j) - s;
}

/* Inline flags at w->p[s] ('(?' then flag letters) up to ')' or ':'.
 * Returns the bytes used, sets *opens when it ends in ':'. */
static size_t flag_group(struct rx_walk *w, size_t s, bool *opens)
{
	size_t j = s + 2;
	bool neg = false, saw = false, ok = true, x = w->x;

	*opens = false;
	for (; j < w->len && w->p[j] != ')' && w->p[j] != ':'; j++) {
		char c = w->p[j];
		if (c == '-') {
			ok = ok && !neg;
			neg = true;
			saw = false;
		} else if (in_set(c, "imsU")) {
			saw = true;
		} else {
			ok = false;	/* x, n, J, ^, ...: PCRE-only */
			if (c == 'x')
				x = !neg;
		}
	}
	if (neg && !saw)
		ok = false;
	if (j < w->len && w->p[j] == ':')
		*opens = true;
	j = j < w->len ? j + 1 : j;
	if (!ok)
		issue(w, s, j - s, RX_NOT_RE2,
		      xasprintf("inline flags '%.*s' are PCRE-only: RE2 knows only 'i', 'm', 's' and 'U' (and one '-')",
				(int)(j - s > 60 ? 60 : j - s), w->p + s));
	if (*opens) {
		push(w);
		w->x = x;
	} else {
		w->x = x;
		w->after_quant = false;
	}
	return j - s;
}

/* A '(' at w->i. Returns the bytes used. */
static size_t group(struct rx_walk *w)
{
	size_t s = w->i, rest = w->len - s;
	const char *p = w->p + s;
	bool opens;
	size_t n;

	if (rest >= 2 && p[1] == '*') {
		n = to_paren(w, s);
		not_re2(w, s, n, "backtracking verb or option setting");
		return n;
	}
	if (rest < 2 || p[1] != '?') {
		push(w);
		return 1;
	}
	if (rest < 3)
		return 2;
	switch (p[2]) {
	case ':':
		push(w);
		return 3;
	case '#':
		n = to_paren(w, s);
		not_re2(w, s, n, "comment group");
		return n;
	case '=': case '!':
		not_re2(w, s, 3, "lookahead");
		push(w);
		return 3;
	case '>':
		not_re2(w, s, 3, "atomic group");
		push(w);
		return 3;
	case '|':
		not_re2(w, s, 3, "branch reset group");
		push(w);
		return 3;
	case '*':
		not_re2(w, s, 3, "non-atomic lookahead");
		push(w);
		return 3;
	case '(':
		not_re2(w, s, 3, "conditional group");
		push(w);
		/* a condition that is an assertion is walked as a group; any
		 * other condition ('(1)', '(<name>)', '(R)') is skipped */
		if (rest > 3 && (p[3] == '?' || p[3] == '*'))
			return 2;
		return 2 + to_paren(w, s + 2);
	case 'C':
		n = to_paren(w, s);
		not_re2(w, s, n, "callout");
		return n;
	case 'R': case '&': case '+': case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7': case '8': case '9':
		n = to_paren(w, s);
		not_re2(w, s, n, "recursion or subroutine call");
		atom(w, 1);
		return n;
	case '\'':
		not_re2(w, s, 3, "named group syntax");
		push(w);
		return 3;
	case '<':
		if (rest > 3 && (p[3] == '=' || p[3] == '!')) {
			not_re2(w, s, 4, "lookbehind");
			push(w);
			return 4;
		}
		if (rest > 3 && p[3] == '*') {
			not_re2(w, s, 4, "non-atomic lookbehind");
			push(w);
			return 4;
		}
		push(w);	/* (?<name>: RE2 and Go 1.22 take it */
		return 3;
	case 'P':
		if (rest > 3 && p[3] == '<') {
			push(w);
			return 4;
		}
		n = to_paren(w, s);
		not_re2(w, s, n, rest > 3 && p[3] == '=' ? "backreference" : "recursion or subroutine call");
		atom(w, 1);
		return n;
	case '-':
		if (rest > 3 && is_digit(p[3])) {
			n = to_paren(w, s);
			not_re2(w, s, n, "recursion or subroutine call");
			atom(w, 1);
			return n;
		}
		break;
	default:
		break;
	}
	return flag_group(w, s, &opens);
}

/* A PCRE quantifier '{n}', '{n,}' or '{n,m}' at w->i? Sets min/max (max
 * -1: none) and the length. PCRE 10.42: digits only, no blanks. */
static bool brace_quant(const struct rx_walk *w, long *min, long *max, size_t *n, bool *lead0)
{
	size_t j = w->i + 1, d;

	*lead0 = false;
	*min = 0;
	for (d = j; j < w->len && is_digit(w->p[j]); j++)
		*min = *min < 100000 ? *min * 10 + (w->p[j] - '0') : *min;
	if (j == d)
		return false;
	*lead0 = j - d > 1 && w->p[d] == '0';
	*max = *min;
	if (j < w->len && w->p[j] == ',') {
		j++;
		*max = -1;
		if (j < w->len && is_digit(w->p[j])) {
			*max = 0;
			for (d = j; j < w->len && is_digit(w->p[j]); j++)
				*max = *max < 100000 ? *max * 10 + (w->p[j] - '0') : *max;
			*lead0 = *lead0 || (j - d > 1 && w->p[d] == '0');
		}
	}
	if (j >= w->len || w->p[j] != '}')
		return false;
	*n = j + 1 - w->i;
	return true;
}

/* A quantifier at w->i, of n bytes (min/max for braces, max -1: none;
 * braces false for '*', '+', '?'). Returns the bytes used, with a lazy
 * '?' or possessive '+' after it. */
static size_t quantifier(struct rx_walk *w, size_t n, bool braces, long min, long max)
{
	size_t s = w->i;

	if (w->after_quant)
		not_re2(w, s, n, "repetition of a repetition");
	if (braces && (min > RE2_MAX_REPEAT || max > RE2_MAX_REPEAT)) {
		issue(w, s, n, RX_NOT_RE2,
		      xasprintf("repeat count '%.*s' is over RE2's limit of %d", (int)n, w->p + s, RE2_MAX_REPEAT));
	} else if (braces && w->pending >= 0) {
		long m = max >= 0 ? max : min;
		uint32_t nw = m == 0 ? 0 : mul_weight((uint32_t)m, (uint32_t)w->pending);
		if ((min >= 2 || max >= 2) && nw > RE2_MAX_REPEAT)
			issue(w, s, n, RX_NOT_RE2,
			      xasprintf("nested repeat counts multiply to over RE2's limit of %d copies at '%.*s'",
					RE2_MAX_REPEAT, (int)n, w->p + s));
		w->pending = nw;
	}
	if (s + n < w->len && w->p[s + n] == '+') {
		not_re2(w, s, n + 1, "possessive quantifier");
		n++;
	} else if (s + n < w->len && w->p[s + n] == '?') {
		n++;
	}
	w->after_quant = true;
	return n;
}

/* One token at w->i; returns the bytes used (at least one). */
static size_t token(struct rx_walk *w)
{
	char c = w->p[w->i];
	long min, max;
	size_t n;
	bool lead0;

	if (w->x && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'))
		return 1;
	if (w->x && c == '#') {
		n = 1;
		while (w->i + n < w->len && w->p[w->i + n] != '\n')
			n++;
		return n;
	}
	switch (c) {
	case '\\':
		if (w->i + 1 < w->len && w->p[w->i + 1] == 'Q') {
			size_t e = w->i + 2;
			while (e + 1 < w->len && !(w->p[e] == '\\' && w->p[e + 1] == 'E'))
				e++;
			if (e + 1 >= w->len)
				e = w->len;
			if (e > w->i + 2)
				atom(w, 1);
			return (e < w->len ? e + 2 : e) - w->i;
		}
		n = escape(w, false);
		atom(w, 1);
		return n;
	case '[':
		n = char_class(w);
		atom(w, 1);
		return n;
	case '(':
		return group(w);
	case ')':
		pop(w);
		return 1;
	case '|':
		flush(w);
		w->after_quant = false;
		return 1;
	case '*': case '+': case '?':
		return quantifier(w, 1, false, 0, -1);
	case '{':
		if (brace_quant(w, &min, &max, &n, &lead0)) {
			if (lead0) {
				issue(w, w->i, n, RX_DIFFERS,
				      xasprintf("'%.*s' is a repeat for PCRE but literal text for RE2 (leading zero)",
						(int)n, w->p + w->i));
				atom(w, 1);
				return n;
			}
			return quantifier(w, n, true, min, max);
		}
		atom(w, 1);
		return 1;
	default:
		atom(w, 1);
		return 1;
	}
}

enum rx_verdict regex_scan(const char *pat, size_t len, unsigned capture_count, struct rx_check *out)
{
	struct rx_walk w;

	memset(&w, 0, sizeof(w));
	w.p = pat;
	w.len = len;
	w.ncap = capture_count;
	w.out = out;
	w.pending = -1;
	grow_array((void **)&w.stack, &w.cap, 1, sizeof(*w.stack));
	w.stack[0].weight = 1;
	while (w.i < w.len)
		w.i += token(&w);
	free(w.stack);
	return w.worst;
}

/* Patterns PCRE2 compiled lately with their capture counts: a stream
 * repeats its paths' patterns Ingress after Ingress, and compiling costs
 * more than the walk. Direct-mapped, so its memory is bounded (at most
 * RX_MEMO patterns, owned here, freed by regex_check_release()); a
 * pattern PCRE2 rejects is not kept. */
#define RX_MEMO 64

static struct rx_memo {
	char *pat;		/* owned, or NULL */
	size_t len;
	uint32_t ncap;
} rx_memo[RX_MEMO];

static struct rx_memo *memo_slot(const char *pat, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)pat[i]) * 16777619u;
	return &rx_memo[(h ^ (h >> 16)) & (RX_MEMO - 1)];
}

void regex_check_release(void)
{
	for (size_t i = 0; i < RX_MEMO; i++) {
		free(rx_memo[i].pat);
		rx_memo[i].pat = NULL;
	}
}

enum rx_verdict regex_check(const char *pat, size_t len, struct rx_check *out)
{
	int err;
	PCRE2_SIZE off;
	struct rx_memo *m = memo_slot(pat, len);
	pcre2_code *re;
	uint32_t ncap = 0;

	if (m->pat && m->len == len && memcmp(m->pat, pat, len) == 0)
		return regex_scan(pat, len, m->ncap, out);
	re = pcre2_compile((PCRE2_SPTR)pat, len, 0, &err, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		struct rx_walk w;
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		memset(&w, 0, sizeof(w));
		w.out = out;
		issue(&w, off > len ? len : off, 0, RX_SYNTAX,
		      xasprintf("nginx's PCRE rejects the pattern: %s", (const char *)msg));
		return RX_SYNTAX;
	}
	if (pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ncap) != 0)
		ncap = 0;
	pcre2_code_free(re);
	free(m->pat);
	m->pat = xmalloc(len + 1);
	memcpy(m->pat, pat, len);
	m->pat[len] = '\0';
	m->len = len;
	m->ncap = ncap;
	return regex_scan(pat, len, ncap, out);
}

void rx_check_free(struct rx_check *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].msg);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

bool regex_has_leading_caseless(const char *pat)
{
	size_t n;

	if (strncmp(pat, "(?", 2) != 0)
		return false;
	n = strspn(pat + 2, "imsU");
	return pat[2 + n] == ')' && memchr(pat + 2, 'i', n) != NULL;
}
