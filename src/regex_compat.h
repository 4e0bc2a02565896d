/* regex_compat.h - is a PCRE pattern (what Ingress-NGINX evaluates) also an
 * RE2 pattern (what Envoy, Higress and Go evaluate)?
 *
 * regex_check() compiles the pattern with PCRE2 as nginx does (no UTF),
 * then walks it once, left to right, with an explicit stack (no
 * recursion: 10k-deep groups cost memory linear in the depth, nothing
 * more), and lists every construct RE2 rejects (RX_NOT_RE2) or reads with
 * another meaning (RX_DIFFERS), each at its byte offset in the pattern.
 * RE2 syntax here is Go's regexp/syntax (Perl flags), the oracle of the
 * differential test tests/regex_diff.go, with '(?<name>' accepted (RE2
 * and Go 1.22 take it).
 */
#ifndef I2H_REGEX_COMPAT_H
#define I2H_REGEX_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

enum rx_verdict {
	RX_OK,			/* the same pattern on both */
	RX_DIFFERS,		/* RE2 compiles it, with another meaning */
	RX_NOT_RE2,		/* RE2 rejects it */
	RX_SYNTAX,		/* PCRE rejects it: nginx fails to load it */
};

struct rx_issue {
	size_t off, len;	/* bytes of the construct in the pattern */
	enum rx_verdict kind;	/* RX_DIFFERS, RX_NOT_RE2 or RX_SYNTAX */
	char *msg;		/* owned: lowercase, no full stop */
};

/* The issues of one pattern, in pattern order. Owns its array and
 * messages; release with rx_check_free(). Zero-initialise before use. */
struct rx_check {
	struct rx_issue *v;
	size_t n, cap;
};

/* Check pat[0..len): PCRE2 compile first (a failure is one RX_SYNTAX
 * issue at PCRE2's offset, and nothing else is checked), then the RE2
 * walk. Appends to out; returns the worst verdict. Keeps the capture
 * counts of the last patterns it compiled (a bounded memo, see
 * regex_check_release()). */
enum rx_verdict regex_check(const char *pat, size_t len, struct rx_check *out);
/* Free regex_check()'s memo of compiled patterns (it refills on use). */
void regex_check_release(void);

/* The RE2 walk alone, for a pattern PCRE2 accepted (safe on any bytes:
 * used by the tests on malformed input too). Appends to out; returns the
 * worst verdict. capture_count is PCRE2's number of capture groups (it
 * tells a backreference from an octal escape), 0 when unknown. */
enum rx_verdict regex_scan(const char *pat, size_t len, unsigned capture_count, struct rx_check *out);

void rx_check_free(struct rx_check *c);

/* Does the pattern start with an inline flag group that turns on 'i' for
 * the whole pattern ('(?i)', '(?si)')? */
bool regex_has_leading_caseless(const char *pat);

#endif
