/* govalid.c - Go standard-library checks behind Ingress-NGINX's validators.
 *
 * Only go_regexp_ok allocates: its parse stack, grown by re_push and freed
 * before it returns. Everything else works on the caller's string. */
#include "govalid.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

bool go_atoi_ok(const char *s)
{
	/* strconv.Atoi -> ParseInt(s, 10, 0): [+-]?[0-9]+ within int64
	 * (bitSize 0 = 64 on the controller's amd64/arm64 builds) */
	static const char max[] = "9223372036854775807";
	bool neg = false;
	size_t n;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	n = strspn(s, "0123456789");
	if (n == 0 || s[n] != '\0')
		return false;
	while (n > 1 && *s == '0')
		s++, n--;
	if (n != sizeof(max) - 1)
		return n < sizeof(max) - 1;
	/* 19 digits: compare with 2^63-1 (or 2^63 when negative) */
	{
		int c = memcmp(s, max, n);
		return c < 0 || (c == 0) || (neg && memcmp(s, "9223372036854775808", n) == 0);
	}
}

size_t go_space_len(const char *s, size_t n)
{
	unsigned long c;
	size_t len = utf8_decode((const unsigned char *)s, n, &c);

	if (len == 0)
		return 0;
	/* unicode.IsSpace: Latin-1 '\t' '\n' '\v' '\f' '\r' ' ' U+0085 U+00A0,
	 * otherwise the White_Space property */
	switch (c) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return len;
	default:
		return c >= 0x2000 && c <= 0x200a ? len : 0;
	}
}

/* netip.parseIPv4 on s[0..n): four decimal fields without leading
 * zeros, each <= 255. */
static bool parse_ipv4(const char *s, size_t n)
{
	int val = 0, pos = 0, dig = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (dig == 1 && val == 0)
				return false;	/* leading zero */
			val = val * 10 + (s[i] - '0');
			dig++;
			if (val > 255)
				return false;
		} else if (s[i] == '.') {
			if (i == 0 || i == n - 1 || s[i - 1] == '.' || pos == 3)
				return false;
			pos++;
			val = 0;
			dig = 0;
		} else {
			return false;
		}
	}
	return pos == 3;
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

/* netip.parseIPv6 on s[0..n), a zone ('%...') refused as net.ParseIP and
 * net.ParseCIDR refuse it. *bits gets 128. */
static bool parse_ipv6(const char *s, size_t n)
{
	int ellipsis = -1, i = 0;
	size_t p = 0;

	if (memchr(s, '%', n))
		return false;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		ellipsis = 0;
		p = 2;
		if (p == n)
			return true;
	}
	while (i < 16) {
		size_t off = 0;
		unsigned long acc = 0;
		int v;

		while (p + off < n && (v = hexval(s[p + off])) >= 0) {
			acc = (acc << 4) + (unsigned long)v;
			if (acc > 0xffff)
				return false;
			off++;
		}
		if (off == 0)
			return false;
		if (p + off < n && s[p + off] == '.') {
			if ((ellipsis < 0 && i != 12) || i + 4 > 16)
				return false;
			if (!parse_ipv4(s + p, n - p))
				return false;
			p = n;
			i += 4;
			break;
		}
		i += 2;
		p += off;
		if (p == n)
			break;
		if (s[p] != ':' || p + 1 == n)
			return false;
		p++;
		if (s[p] == ':') {
			if (ellipsis >= 0)
				return false;
			ellipsis = i;
			p++;
			if (p == n)
				break;
		}
	}
	if (p != n)
		return false;
	if (i < 16)
		return ellipsis >= 0;
	return ellipsis < 0;
}

/* netip.ParseAddr without zone: 32 or 128 bits, 0 when invalid. */
static int parse_addr(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			return parse_ipv4(s, n) ? 32 : 0;
		if (s[i] == ':')
			return parse_ipv6(s, n) ? 128 : 0;
		if (s[i] == '%')
			return 0;
	}
	return 0;
}

/* net.ParseCIDR(s) succeeds, or else net.ParseIP(s) does. */
static bool parse_cidr_or_ip(const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	size_t alen, i;
	long bits = 0;
	int width;

	if (slash == NULL)
		return parse_addr(s, n) != 0;
	alen = (size_t)(slash - s);
	width = parse_addr(s, alen);
	if (width == 0)
		return false;
	/* dtoi: decimal digits, leading zeros allowed, stops at 0xFFFFFF */
	for (i = alen + 1; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		bits = bits * 10 + (s[i] - '0');
		if (bits >= 0xffffff)
			return false;
	}
	return i > alen + 1 && i == n && bits <= width;
}

bool go_cidrs_ok(const char *s)
{
	for (;;) {
		size_t n = strcspn(s, ","), a = 0, b = n, k;

		/* strings.TrimSpace */
		while (a < b && (k = go_space_len(s + a, b - a)) > 0)
			a += k;
		while (a < b) {
			size_t back = 1;
			while (back < 4 && back < b - a && ((unsigned char)s[b - back] & 0xc0) == 0x80)
				back++;
			if (go_space_len(s + b - back, back) != back)
				break;
			b -= back;
		}
		if (!parse_cidr_or_ip(s + a, b - a))
			return false;
		if (s[n] == '\0')
			return true;
		s += n + 1;
	}
}

/* regexp/syntax ---------------------------------------------------------- */

/* The names \p{...} accepts in Go 1.26 (regexp/syntax unicodeTable): Any,
 * Assigned, ASCII, the keys of unicode.Categories (Cn and LC included) and
 * unicode.Scripts (Unicode 15: Go 1.19's Unicode 13 scripts plus
 * Cypro_Minoan, Kawi, Nag_Mundari, Old_Uyghur, Tangsa, Toto, Vithkuqi),
 * and the long category names of unicode.CategoryAliases. Since Go 1.25
 * names match after canonicalName (case, '_', '-' and ' ' ignored); here
 * that applies to every name, scripts included. */
static const char *const unicode_names[] = {
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Any", "ASCII", "Assigned", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum",
	"Bassa_Vah", "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese",
	"Buhid", "C", "Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Cc", "Cf", "Chakma", "Cn",
	"Cham", "Cherokee", "Chorasmian", "Co", "Common", "Coptic", "Cs", "Cuneiform",
	"Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari", "Dives_Akuru", "Dogra", "Duployan",
	"Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha",
	"Greek", "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo",
	"Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi",
	"Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Katakana", "Kawi", "Kayah_Li", "Kharoshthi",
	"Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "L", "Lao", "Latin", "Lepcha", "Limbu",
	"Linear_A", "Linear_B", "Lisu", "LC", "Ll", "Lm", "Lo", "Lt", "Lu", "Lycian", "Lydian", "M",
	"Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Mc",
	"Me", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs",
	"Miao", "Mn", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "N", "Nabataean", "Nag_Mundari",
	"Nandinagari", "Nd", "New_Tai_Lue", "Newa", "Nko", "Nl", "No", "Nushu", "Nyiakeng_Puachue_Hmong",
	"Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian",
	"Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya", "P",
	"Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Pc", "Pd", "Pe", "Pf", "Phags_Pa", "Phoenician", "Pi",
	"Po", "Ps", "Psalter_Pahlavi", "Rejang", "Runic", "S", "Samaritan", "Saurashtra",
	"Sc", "Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sk", "Sm",
	"So", "Sogdian", "Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog",
	"Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu",
	"Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta", "Toto", "Ugaritic", "Vai", "Vithkuqi", "Wancho",
	"Warang_Citi", "Yezidi", "Yi", "Z", "Zanabazar_Square", "Zl", "Zp", "Zs",
};

static const char *const unicode_category_aliases[] = {
	"Cased_Letter", "Close_Punctuation", "Combining_Mark", "Connector_Punctuation", "Control",
	"Currency_Symbol", "Dash_Punctuation", "Decimal_Number", "Enclosing_Mark", "Final_Punctuation",
	"Format", "Initial_Punctuation", "Letter", "Letter_Number", "Line_Separator", "Lowercase_Letter",
	"Mark", "Math_Symbol", "Modifier_Letter", "Modifier_Symbol", "Nonspacing_Mark", "Number",
	"Open_Punctuation", "Other", "Other_Letter", "Other_Number", "Other_Punctuation", "Other_Symbol",
	"Paragraph_Separator", "Private_Use", "Punctuation", "Separator", "Space_Separator", "Spacing_Mark",
	"Surrogate", "Symbol", "Titlecase_Letter", "Unassigned", "Uppercase_Letter", "cntrl", "digit",
	"punct",
};

/* Do a[0..an) and b (NUL-terminated) match after Go's canonicalName? */
static bool canonical_eq(const char *a, size_t an, const char *b)
{
	size_t i = 0;
	bool first_a = true, first_b = true;

	for (;;) {
		int ca = 0, cb = 0;
		while (i < an && (a[i] == '_' || a[i] == '-' || a[i] == ' '))
			i++;
		while (*b == '_' || *b == '-' || *b == ' ')
			b++;
		if (i == an || *b == '\0')
			return i == an && *b == '\0';
		ca = (unsigned char)a[i++];
		cb = (unsigned char)*b++;
		if (first_a)
			ca = ca >= 'a' && ca <= 'z' ? ca - 32 : ca, first_a = false;
		else
			ca = ca >= 'A' && ca <= 'Z' ? ca + 32 : ca;
		if (first_b)
			cb = cb >= 'a' && cb <= 'z' ? cb - 32 : cb, first_b = false;
		else
			cb = cb >= 'A' && cb <= 'Z' ? cb + 32 : cb;
		if (ca != cb)
			return false;
	}
}

static bool unicode_name_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(unicode_names) / sizeof(unicode_names[0]); i++)
		if (canonical_eq(s, n, unicode_names[i]))
			return true;
	for (size_t i = 0; i < sizeof(unicode_category_aliases) / sizeof(unicode_category_aliases[0]); i++)
		if (canonical_eq(s, n, unicode_category_aliases[i]))
			return true;
	return false;
}

static const char *const posix_names[] = {
	"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
	"print", "punct", "space", "upper", "word", "xdigit",
};

enum re_item { RI_OPERAND, RI_PAREN, RI_BAR };

/* One entry of the parse stack. An operand is one node of Go's parse tree
 * or, once another operand follows it, the concatenation of several (a
 * repetition applies to the top operand only). Size and height are lower
 * bounds of Go's calcSize and calcHeight: Go also merges and factors
 * alternatives, which only makes its tree smaller. */
struct re_entry {
	enum re_item kind;
	bool capture;		/* paren: a capturing group */
	bool lit;		/* operand: a leaf or a concatenation of leaves only */
	bool acc;		/* operand: a concatenation of kids (max height kidh) */
	unsigned long prod;	/* operand: largest product of nested repeat counts */
	unsigned long size;	/* operand: compiled size (calcSize), capped */
	unsigned long h;	/* operand: height of the node */
	unsigned long kidh;	/* operand with acc: largest height of its kids */
	unsigned long rep_n;	/* operand: the count when the node is a counted repeat */
};

/* Go's maxSize: 128 MB of 40-byte instructions ("expression too large") */
#define RE_MAX_SIZE ((128UL << 20) / 40)

static unsigned long size_add(unsigned long a, unsigned long b)
{
	return a + b > RE_MAX_SIZE + 1 ? RE_MAX_SIZE + 1 : a + b;
}

static unsigned long size_mul(unsigned long a, unsigned long b)
{
	return b && a > (RE_MAX_SIZE + 1) / b ? RE_MAX_SIZE + 1 : a * b;
}

/* Go's maxHeight: parse trees higher than 1000 nodes are refused */
#define RE_MAX_HEIGHT 1000

struct re_parser {
	const char *t;		/* the rest of the expression */
	const char *end;
	struct re_entry *st;	/* the parse stack (owned) */
	size_t n;
	size_t cap;
	unsigned long maxh;	/* the highest node so far */
	unsigned long nodes;	/* nodes allocated (lower bound of numRegexp) */
	unsigned long repeats;	/* product of all repeat counts, capped */
};

/* Go's checkSize is lazy: it tracks sizes only once numRegexp times the
 * product of all repeat counts reaches maxSize. */
static bool re_too_large(const struct re_parser *p, unsigned long size)
{
	return size > RE_MAX_SIZE && p->nodes >= RE_MAX_SIZE / p->repeats;
}

/* checkSize multiplies the repeat product each time a repeat node is
 * pushed, and concat(), alternate() and a closing non-capturing group push
 * a lone node again. */
static void re_count_repeat(struct re_parser *p, unsigned long n)
{
	if (n)
		p->repeats = n > RE_MAX_SIZE / p->repeats ? RE_MAX_SIZE : p->repeats * n;
}

/* Fold operand b into operand a, its left neighbour: a concatenation. */
static void re_fold(struct re_parser *p, struct re_entry *a, const struct re_entry *b)
{
	if (b->prod > a->prod)
		a->prod = b->prod;
	a->size = size_add(a->size, b->size);
	if (!a->acc) {
		a->acc = true;
		a->kidh = a->h;
	}
	if (b->h > a->kidh)
		a->kidh = b->h;
	a->lit = a->lit && b->lit;
	a->h = a->lit ? 1 : a->kidh + 1;	/* leaves merge into one literal */
	if (a->h > p->maxh)
		p->maxh = a->h;
}

static bool re_push(struct re_parser *p, enum re_item k, unsigned long prod)
{
	struct re_entry *e;

	/* fold the operand below the top into its predecessor, so the stack
	 * grows with nesting, not length */
	if (k == RI_OPERAND && p->n >= 2 && p->st[p->n - 1].kind == RI_OPERAND &&
	    p->st[p->n - 2].kind == RI_OPERAND) {
		/* Go merges a run of literals into one node, recycling the others */
		if (p->st[p->n - 2].lit && p->st[p->n - 1].lit && p->nodes)
			p->nodes--;
		re_fold(p, &p->st[p->n - 2], &p->st[p->n - 1]);
		p->n--;
	}
	p->nodes++;	/* Go allocates a node for each push (numRegexp) */
	if (p->n == p->cap)
		grow_array((void **)&p->st, &p->cap, p->n + 1, sizeof(*p->st));
	e = &p->st[p->n++];
	memset(e, 0, sizeof(*e));
	e->kind = k;
	e->prod = prod;
	e->size = 1;
	e->h = 1;
	e->lit = true;
	return true;
}

/* nextRune: one valid UTF-8 character (an encoded U+FFFD is fine). */
static bool re_rune(struct re_parser *p, unsigned long *c)
{
	size_t len = utf8_decode((const unsigned char *)p->t, (size_t)(p->end - p->t), c);

	if (len == 0)
		return false;
	p->t += len;
	return true;
}

static bool is_alnum(unsigned long c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* parseEscape: p->t at the backslash. */
static bool re_escape(struct re_parser *p, unsigned long *r)
{
	unsigned long c;

	p->t++;
	if (p->t == p->end || !re_rune(p, &c))
		return false;
	if (c < 0x80 && !is_alnum(c)) {
		*r = c;
		return true;
	}
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (p->t == p->end || *p->t < '0' || *p->t > '7')
			return false;	/* a backreference */
		__attribute__((fallthrough));	/* an octal escape */
	case '0':
		*r = c - '0';
		for (int i = 1; i < 3 && p->t < p->end && *p->t >= '0' && *p->t <= '7'; i++)
			*r = *r * 8 + (unsigned long)(*p->t++ - '0');
		return true;
	case 'x':
		if (p->t == p->end)
			return false;
		if (*p->t == '{') {
			int nhex = 0;
			*r = 0;
			p->t++;
			for (;;) {
				int v;
				if (p->t == p->end)
					return false;
				if (*p->t == '}') {
					p->t++;
					break;
				}
				if ((v = hexval(*p->t)) < 0)
					return false;
				*r = *r * 16 + (unsigned long)v;
				if (*r > 0x10ffff)
					return false;
				nhex++;
				p->t++;
			}
			return nhex > 0;
		}
		if (p->end - p->t < 2 || hexval(p->t[0]) < 0 || hexval(p->t[1]) < 0)
			return false;
		*r = (unsigned long)(hexval(p->t[0]) * 16 + hexval(p->t[1]));
		p->t += 2;
		return true;
	case 'a': case 'f': case 'n': case 'r': case 't': case 'v':
		*r = c;
		return true;
	default:
		return false;
	}
}

/* parseUnicodeClass: 1 parsed, 0 not a \p/\P here, -1 error. */
static int re_unicode_class(struct re_parser *p)
{
	const char *s = p->t, *name;
	size_t len;

	if (p->end - s < 2 || s[0] != '\\' || (s[1] != 'p' && s[1] != 'P'))
		return 0;
	p->t = s + 2;
	if (p->t == p->end)
		return -1;
	if (*p->t != '{') {
		unsigned long c;
		name = p->t;
		if (!re_rune(p, &c))
			return -1;
		len = (size_t)(p->t - name);
	} else {
		const char *close = memchr(p->t, '}', (size_t)(p->end - p->t));
		if (close == NULL)
			return -1;
		name = p->t + 1;
		len = (size_t)(close - name);
		p->t = close + 1;
	}
	if (len && *name == '^')
		name++, len--;
	return unicode_name_ok(name, len) ? 1 : -1;
}

static bool re_perl_class(struct re_parser *p)
{
	if (p->end - p->t >= 2 && p->t[0] == '\\' && strchr("dDsSwW", p->t[1]) && p->t[1]) {
		p->t += 2;
		return true;
	}
	return false;
}

static bool re_class_char(struct re_parser *p, unsigned long *r)
{
	if (p->t == p->end)
		return false;
	if (*p->t == '\\')
		return re_escape(p, r);
	return re_rune(p, r);
}

/* parseClass: p->t at '['. */
static bool re_class(struct re_parser *p)
{
	bool first = true;

	p->t++;
	if (p->t < p->end && *p->t == '^')
		p->t++;
	while (p->t == p->end || *p->t != ']' || first) {
		unsigned long lo, hi;
		int u;

		first = false;
		if (p->end - p->t > 2 && p->t[0] == '[' && p->t[1] == ':') {
			const char *q = p->t + 2, *close = NULL;
			for (const char *x = q; x + 1 < p->end; x++)
				if (x[0] == ':' && x[1] == ']') {
					close = x;
					break;
				}
			if (close) {
				const char *nm = q;
				size_t len;
				bool ok = false;
				if (nm < close && *nm == '^')
					nm++;
				len = (size_t)(close - nm);
				for (size_t i = 0; i < sizeof(posix_names) / sizeof(posix_names[0]); i++)
					if (strlen(posix_names[i]) == len && memcmp(posix_names[i], nm, len) == 0)
						ok = true;
				if (!ok)
					return false;
				p->t = close + 2;
				continue;
			}
		}
		if ((u = re_unicode_class(p)) != 0) {
			if (u < 0)
				return false;
			continue;
		}
		if (re_perl_class(p))
			continue;
		if (!re_class_char(p, &lo))
			return false;
		hi = lo;
		if (p->end - p->t >= 2 && p->t[0] == '-' && p->t[1] != ']') {
			p->t++;
			if (!re_class_char(p, &hi) || hi < lo)
				return false;
		}
	}
	p->t++;
	return true;
}

/* concat + alternate above the topmost paren: one operand remains. */
static bool re_collapse(struct re_parser *p, bool final)
{
	struct re_entry seg, out;
	bool have = false, any = false;
	size_t alts = 1, nops = 0;
	unsigned long last_rep = 0, newnodes = 0;

	memset(&out, 0, sizeof(out));
	out.lit = true;
	for (;;) {
		bool end = p->n == 0 || p->st[p->n - 1].kind == RI_PAREN;
		struct re_entry *e = end ? NULL : &p->st[p->n - 1];

		if (e && e->kind == RI_OPERAND) {
			/* operands come off right to left: fold the segment so far into e */
			if (have) {
				struct re_entry right = seg;
				seg = *e;
				re_fold(p, &seg, &right);
			} else {
				seg = *e;
				have = true;
			}
			nops += e->acc ? 2 : 1;
			p->n--;
			continue;
		}
		if (!have) {	/* an empty alternative: OpEmptyMatch */
			memset(&seg, 0, sizeof(seg));
			seg.size = seg.h = 1;
			seg.lit = true;
		}
		if (!any && nops == 1)
			last_rep = seg.rep_n;	/* the last concat() pushes it again */
		if (nops == 0 || (nops >= 2 && !seg.lit))
			newnodes++;	/* OpEmptyMatch, or an OpConcat */
		nops = 0;
		/* the alternation: sizes and heights as lower bounds (largest branch) */
		if (!any || seg.prod > out.prod)
			out.prod = seg.prod;
		if (!any || seg.size > out.size)
			out.size = seg.size;
		if (!any || seg.h > out.kidh)
			out.kidh = seg.h;
		out.lit = out.lit && seg.lit;
		any = true;
		have = false;
		if (end)
			break;
		p->n--;	/* a bar */
		alts++;
	}
	re_count_repeat(p, last_rep);
	if (final && alts == 1)
		re_count_repeat(p, last_rep);	/* and alternate() of one branch */
	out.h = alts > 1 && !out.lit ? out.kidh + 1 : out.kidh;
	if (out.h > p->maxh)
		p->maxh = out.h;
	if (!re_push(p, RI_OPERAND, out.prod))
		return false;
	p->nodes += newnodes + (alts > 1) - 1;	/* the push above allocates nothing */
	p->st[p->n - 1].size = out.size;
	p->st[p->n - 1].h = out.h;
	p->st[p->n - 1].lit = out.lit;
	p->st[p->n - 1].rep_n = alts == 1 ? last_rep : 0;
	return !re_too_large(p, out.size);
}

/* parseRepeat's integer: no leading zeros; -1 when too big. */
static bool re_int(struct re_parser *p, long *v)
{
	const char *s = p->t;

	if (s == p->end || *s < '0' || *s > '9')
		return false;
	if (p->end - s >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return false;
	*v = 0;
	while (s < p->end && *s >= '0' && *s <= '9') {
		if (*v >= 100000000)
			*v = -1;
		else if (*v >= 0)
			*v = *v * 10 + (*s - '0');
		s++;
	}
	p->t = s;
	return true;
}

/* Parse {min[,[max]]}: true with p->t after '}', or false (then '{' is a
 * literal and p->t is unchanged). max -1 means none. */
static bool re_braces(struct re_parser *p, long *min, long *max)
{
	const char *save = p->t;

	p->t++;
	if (!re_int(p, min) || p->t == p->end)
		goto literal;
	if (*p->t != ',') {
		*max = *min;
	} else {
		p->t++;
		if (p->t == p->end)
			goto literal;
		if (*p->t == '}')
			*max = -1;
		else if (!re_int(p, max))
			goto literal;
		else if (*max < 0)
			*min = -1;
	}
	if (p->t == p->end || *p->t != '}')
		goto literal;
	p->t++;
	return true;
literal:
	p->t = save;
	return false;
}

/* repeat(): apply a repetition operator to the top operand. */
static bool re_repeat(struct re_parser *p, char op, bool counted, long min, long max, bool after_repeat)
{
	struct re_entry *top;
	unsigned long m;

	if (p->t < p->end && *p->t == '?')
		p->t++;	/* non-greedy */
	if (after_repeat)
		return false;	/* invalid nested repetition operator */
	if (p->n == 0 || p->st[p->n - 1].kind != RI_OPERAND)
		return false;	/* missing argument to repetition operator */
	top = &p->st[p->n - 1];
	top->acc = false;
	top->lit = false;
	top->rep_n = 0;
	if (++top->h > p->maxh)
		p->maxh = top->h;
	if (!counted) {
		top->size = size_add(top->size, op == '+' || op == '?' ? 1 : 2);
		p->nodes++;	/* the star, plus or quest node */
		return !re_too_large(p, top->size);
	}
	/* calcSize: x{n,} = n*x+1 (x* when n is 0), x{n,m} = m*x + (m-n) */
	top->size = max < 0 ? (min == 0 ? size_add(top->size, 2) : size_add(size_mul(top->size, (unsigned long)min), 1))
			    : size_add(size_mul(top->size, (unsigned long)max), (unsigned long)(max - min));
	if (top->size == 0)
		top->size = 1;
	top->rep_n = (unsigned long)(max < 0 ? min : max);
	if (top->rep_n == 0)
		top->rep_n = 1;
	re_count_repeat(p, top->rep_n);
	p->nodes++;
	if (re_too_large(p, top->size))
		return false;	/* expression too large */
	m = (unsigned long)(max < 0 ? min : max);
	if (m == 0) {
		top->prod = 1;	/* repeatIsValid stops at a zero count */
		return true;
	}
	if ((min >= 2 || max >= 2) && top->prod * m > 1000)
		return false;	/* invalid repeat count */
	top->prod = top->prod * m > 1000 ? 1001 : top->prod * m;
	return true;
}

bool go_regexp_ok(const char *s)
{
	struct re_parser p;
	bool after_repeat = false, ok;

	p.t = s;
	p.end = s + strlen(s);
	p.n = 0;
	p.cap = 0;
	p.st = NULL;
	p.maxh = 0;
	p.nodes = 0;
	p.repeats = 1;
	while (p.t < p.end) {
		bool repeated = false;
		unsigned long c;

		switch (*p.t) {
		case '(':
			if (p.end - p.t >= 2 && p.t[1] == '?') {
				const char *t = p.t + 2;
				bool neg = false, saw = false;
				if ((p.end - p.t > 4 && t[0] == 'P' && t[1] == '<') || (p.end - p.t > 3 && t[0] == '<')) {
					/* (?P<name>  and, since Go 1.22, (?<name> */
					const char *name = t + (t[0] == 'P' ? 2 : 1);
					const char *gt = memchr(name, '>', (size_t)(p.end - name));
					if (gt == NULL || gt == name)
						goto bad;
					for (const char *x = name; x < gt; x++)
						if (!is_alnum((unsigned char)*x) && *x != '_')
							goto bad;
					p.t = gt + 1;
					if (!re_push(&p, RI_PAREN, 0))
						goto bad;
					p.st[p.n - 1].capture = true;
					break;
				}
				for (;;) {
					if (t == p.end)
						goto bad;
					if (*t == 'i' || *t == 'm' || *t == 's' || *t == 'U') {
						saw = true;
					} else if (*t == '-') {
						if (neg)
							goto bad;
						neg = true;
						saw = false;
					} else if (*t == ':' || *t == ')') {
						if (neg && !saw)
							goto bad;
						if (*t == ':' && !re_push(&p, RI_PAREN, 0))
							goto bad;
						p.t = t + 1;
						break;
					} else {
						goto bad;
					}
					t++;
				}
				break;
			}
			p.t++;
			if (!re_push(&p, RI_PAREN, 0))
				goto bad;
			p.st[p.n - 1].capture = true;
			break;
		case '|':
			if (!re_collapse(&p, false))
				goto bad;
			if (!re_push(&p, RI_BAR, 0))
				goto bad;
			p.t++;
			break;
		case ')':
			if (!re_collapse(&p, true))
				goto bad;
			{
				struct re_entry inner = p.st[p.n - 1];
				unsigned long prod = inner.prod, size = inner.size;
				bool capture;
				p.n--;
				if (p.n == 0 || p.st[p.n - 1].kind != RI_PAREN)
					goto bad;	/* unexpected ) */
				capture = p.st[p.n - 1].capture;
				p.n--;
				if (!re_push(&p, RI_OPERAND, prod))
					goto bad;
				p.st[p.n - 1].size = capture ? size_add(size, 2) : size;
				p.st[p.n - 1].h = capture ? inner.h + 1 : inner.h;
				p.st[p.n - 1].lit = !capture && inner.lit;
				p.st[p.n - 1].rep_n = capture ? 0 : inner.rep_n;
				if (!capture)
					re_count_repeat(&p, inner.rep_n);	/* push(re1) */
				if (p.st[p.n - 1].h > p.maxh)
					p.maxh = p.st[p.n - 1].h;
				p.nodes--;	/* the paren node becomes the capture, or is dropped */
				if (re_too_large(&p, p.st[p.n - 1].size))
					goto bad;	/* expression too large */
			}
			p.t++;
			break;
		case '[':
			if (!re_class(&p) || !re_push(&p, RI_OPERAND, 1))
				goto bad;
			break;
		case '*': case '+': case '?':
			p.t++;
			if (!re_repeat(&p, p.t[-1], false, 0, 0, after_repeat))
				goto bad;
			repeated = true;
			break;
		case '{': {
			long min, max;
			if (!re_braces(&p, &min, &max)) {
				p.t++;
				if (!re_push(&p, RI_OPERAND, 1))
					goto bad;
				break;
			}
			if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
				goto bad;
			if (!re_repeat(&p, '{', true, min, max, after_repeat))
				goto bad;
			repeated = true;
			break;
		}
		case '\\':
			if (p.end - p.t >= 2) {
				char e = p.t[1];
				if (e == 'A' || e == 'b' || e == 'B' || e == 'z') {
					p.t += 2;
					if (!re_push(&p, RI_OPERAND, 1))
						goto bad;
					break;
				}
				if (e == 'C')
					goto bad;
				if (e == 'Q') {
					const char *q = p.t + 2, *stop = p.end;
					for (const char *x = q; x + 1 < p.end; x++)
						if (x[0] == '\\' && x[1] == 'E') {
							stop = x;
							break;
						}
					p.t = q;
					while (p.t < stop) {
						if (!re_rune(&p, &c) || p.t > stop || !re_push(&p, RI_OPERAND, 1))
							goto bad;
					}
					p.t = stop < p.end ? stop + 2 : p.end;
					break;
				}
			}
			{
				int u = re_unicode_class(&p);
				if (u < 0)
					goto bad;
				if (u == 0 && !re_perl_class(&p) && !re_escape(&p, &c))
					goto bad;
			}
			if (!re_push(&p, RI_OPERAND, 1))
				goto bad;
			break;
		default:
			/* '^', '$', '.' and literals */
			if (!re_rune(&p, &c) || !re_push(&p, RI_OPERAND, 1))
				goto bad;
			break;
		}
		after_repeat = repeated;
	}
	ok = re_collapse(&p, true) && p.n == 1 && p.maxh <= RE_MAX_HEIGHT;
	free(p.st);
	return ok;
bad:
	free(p.st);
	return false;
}
