/* govalid.c - Go standard-library checks behind Ingress-NGINX's validators. */
#include "govalid.h"

#include <string.h>

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

/* Decode one UTF-8 character; returns its length or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
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

struct re_entry {
	enum re_item kind;
	unsigned long prod;	/* operand: largest product of nested repeat counts */
};

/* Go refuses parse trees higher than 1000 (maxHeight): groups nested more
 * than 1000 deep are refused here (an approximation of that height). */
#define RE_MAX_GROUPS 1000
#define RE_MAX_DEPTH (3 * RE_MAX_GROUPS + 4)

struct re_parser {
	const char *t;		/* the rest of the expression */
	const char *end;
	struct re_entry st[RE_MAX_DEPTH];
	size_t n;
	size_t groups;		/* open groups */
};

static bool re_push(struct re_parser *p, enum re_item k, unsigned long prod)
{
	/* a repetition applies to the top operand only: fold the one below it
	 * into its predecessor, so the stack grows with nesting, not length */
	if (k == RI_OPERAND && p->n >= 2 && p->st[p->n - 1].kind == RI_OPERAND &&
	    p->st[p->n - 2].kind == RI_OPERAND) {
		if (p->st[p->n - 1].prod > p->st[p->n - 2].prod)
			p->st[p->n - 2].prod = p->st[p->n - 1].prod;
		p->n--;
	}
	if (k == RI_PAREN && ++p->groups > RE_MAX_GROUPS)
		return false;
	if (p->n == RE_MAX_DEPTH)
		return false;
	p->st[p->n].kind = k;
	p->st[p->n].prod = prod;
	p->n++;
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
		/* fall through */
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
static void re_collapse(struct re_parser *p)
{
	unsigned long prod = 1;

	while (p->n && p->st[p->n - 1].kind != RI_PAREN) {
		if (p->st[p->n - 1].kind == RI_OPERAND && p->st[p->n - 1].prod > prod)
			prod = p->st[p->n - 1].prod;
		p->n--;
	}
	(void)re_push(p, RI_OPERAND, prod);
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
static bool re_repeat(struct re_parser *p, bool counted, long min, long max, bool after_repeat)
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
	if (!counted)
		return true;
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
	bool after_repeat = false;

	p.t = s;
	p.end = s + strlen(s);
	p.n = 0;
	p.groups = 0;
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
						return false;
					for (const char *x = name; x < gt; x++)
						if (!is_alnum((unsigned char)*x) && *x != '_')
							return false;
					p.t = gt + 1;
					if (!re_push(&p, RI_PAREN, 0))
						return false;
					break;
				}
				for (;;) {
					if (t == p.end)
						return false;
					if (*t == 'i' || *t == 'm' || *t == 's' || *t == 'U') {
						saw = true;
					} else if (*t == '-') {
						if (neg)
							return false;
						neg = true;
						saw = false;
					} else if (*t == ':' || *t == ')') {
						if (neg && !saw)
							return false;
						if (*t == ':' && !re_push(&p, RI_PAREN, 0))
							return false;
						p.t = t + 1;
						break;
					} else {
						return false;
					}
					t++;
				}
				break;
			}
			p.t++;
			if (!re_push(&p, RI_PAREN, 0))
				return false;
			break;
		case '|':
			re_collapse(&p);
			if (!re_push(&p, RI_BAR, 0))
				return false;
			p.t++;
			break;
		case ')':
			re_collapse(&p);
			{
				unsigned long prod = p.st[p.n - 1].prod;
				p.n--;
				if (p.n == 0 || p.st[p.n - 1].kind != RI_PAREN)
					return false;	/* unexpected ) */
				p.n--;
				p.groups--;
				if (!re_push(&p, RI_OPERAND, prod))
					return false;
			}
			p.t++;
			break;
		case '[':
			if (!re_class(&p) || !re_push(&p, RI_OPERAND, 1))
				return false;
			break;
		case '*': case '+': case '?':
			p.t++;
			if (!re_repeat(&p, false, 0, 0, after_repeat))
				return false;
			repeated = true;
			break;
		case '{': {
			long min, max;
			if (!re_braces(&p, &min, &max)) {
				p.t++;
				if (!re_push(&p, RI_OPERAND, 1))
					return false;
				break;
			}
			if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
				return false;
			if (!re_repeat(&p, true, min, max, after_repeat))
				return false;
			repeated = true;
			break;
		}
		case '\\':
			if (p.end - p.t >= 2) {
				char e = p.t[1];
				if (e == 'A' || e == 'b' || e == 'B' || e == 'z') {
					p.t += 2;
					if (!re_push(&p, RI_OPERAND, 1))
						return false;
					break;
				}
				if (e == 'C')
					return false;
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
							return false;
					}
					p.t = stop < p.end ? stop + 2 : p.end;
					break;
				}
			}
			{
				int u = re_unicode_class(&p);
				if (u < 0)
					return false;
				if (u == 0 && !re_perl_class(&p) && !re_escape(&p, &c))
					return false;
			}
			if (!re_push(&p, RI_OPERAND, 1))
				return false;
			break;
		default:
			/* '^', '$', '.' and literals */
			if (!re_rune(&p, &c) || !re_push(&p, RI_OPERAND, 1))
				return false;
			break;
		}
		after_repeat = repeated;
	}
	re_collapse(&p);
	return p.n == 1;
}
