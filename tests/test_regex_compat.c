/* test_regex_compat.c - the PCRE-to-RE2 checker, on ordinary and
 * adversarial patterns (run under ASan/UBSan by the sanitizer build). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_compat.h"

/* The verdict of pat, and its first issue's offset and kind in *off and *kind
 * (SIZE_MAX / RX_OK when none). */
static enum rx_verdict verdict(const char *pat, size_t *off, enum rx_verdict *kind)
{
	struct rx_check c = {0};
	enum rx_verdict v = regex_check(pat, strlen(pat), &c);

	*off = c.n ? c.v[0].off : SIZE_MAX;
	*kind = c.n ? c.v[0].kind : RX_OK;
	for (size_t i = 0; i < c.n; i++)
		assert_non_null(c.v[i].msg);
	rx_check_free(&c);
	return v;
}

static void expect(const char *pat, enum rx_verdict want, size_t want_off)
{
	size_t off;
	enum rx_verdict kind;
	enum rx_verdict v = verdict(pat, &off, &kind);

	if (v != want || off != want_off)
		fail_msg("'%s': verdict %d at %zu, want %d at %zu", pat, (int)v, off, (int)want, want_off);
}

static void test_same_on_both(void **state)
{
	(void)state;
	expect("", RX_OK, SIZE_MAX);
	expect("/api/v[0-9]+(/|$)(.*)", RX_OK, SIZE_MAX);
	expect("^/(?i)foo|bar\\.baz$", RX_OK, SIZE_MAX);
	expect("(?P<x>a)(?<y>b)[[:alpha:]\\d-]\\p{Greek}\\x{41}\\x41\\012", RX_OK, SIZE_MAX);
	expect("a{2}{,3}x{1000}", RX_OK, SIZE_MAX);
	expect("(?:a{10}){100}", RX_OK, SIZE_MAX);
	expect("\\Q(?=\\E", RX_OK, SIZE_MAX);
}

static void test_pcre_only(void **state)
{
	(void)state;
	expect("/api/(?!v1)", RX_NOT_RE2, 5);
	expect("ab(?<=b)", RX_NOT_RE2, 2);
	expect("(a)\\1", RX_NOT_RE2, 3);
	expect("(?<n>a)\\k<n>", RX_NOT_RE2, 7);
	expect("x(?>a)", RX_NOT_RE2, 1);
	expect("xa*+", RX_NOT_RE2, 2);
	expect("xa{2}+", RX_NOT_RE2, 2);
	expect("(a(?R)?b)", RX_NOT_RE2, 2);
	expect("(a)?(?(1)b|c)", RX_NOT_RE2, 4);
	expect("ab\\Kc", RX_NOT_RE2, 2);
	expect("\\Ga", RX_NOT_RE2, 0);
	expect("a\\Z", RX_NOT_RE2, 1);
	expect("a(?C1)b", RX_NOT_RE2, 1);
	expect("a(?#c)b", RX_NOT_RE2, 1);
	expect("(?x) a", RX_NOT_RE2, 0);
	expect("[\\b]", RX_NOT_RE2, 1);
	expect("a{1001}", RX_NOT_RE2, 1);
	expect("((a{10}){10}){11}", RX_NOT_RE2, 13);
	expect("(*UTF)a", RX_NOT_RE2, 0);
	expect("\\p{greek}", RX_NOT_RE2, 0);
	expect("[[:<:]]a", RX_NOT_RE2, 1);
}

static void test_differs(void **state)
{
	(void)state;
	expect("a{01}", RX_DIFFERS, 1);
	expect("\\v", RX_DIFFERS, 0);
	expect("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", RX_DIFFERS, 30);
}

static void test_syntax(void **state)
{
	(void)state;
	expect("/api/[a-z", RX_SYNTAX, 9);
	expect("a)", RX_SYNTAX, 1);
	expect("\\", RX_SYNTAX, 1);
	expect("(?<=a+)b", RX_SYNTAX, 0);
}

/* Every position is walked once: 10k-deep groups, with and without a
 * closing half, are a PCRE syntax error and a finished walk. */
static void test_deep(void **state)
{
	size_t d = 10000;
	char *p = malloc(2 * d + 2);
	struct rx_check c = {0};

	(void)state;
	assert_non_null(p);
	memset(p, '(', d);
	p[d] = 'a';
	memset(p + d + 1, ')', d);
	p[2 * d + 1] = '\0';
	assert_int_equal(regex_check(p, 2 * d + 1, &c), RX_SYNTAX);
	rx_check_free(&c);
	assert_int_equal(regex_scan(p, 2 * d + 1, 0, &c), RX_OK);
	rx_check_free(&c);
	assert_int_equal(regex_scan(p, d + 1, 0, &c), RX_OK);	/* never closed */
	rx_check_free(&c);
	for (size_t i = 0; i < d; i += 2)	/* (?=(?=... */
		p[i] = '(', p[i + 1] = '?';
	assert_true(regex_scan(p, d, 0, &c) >= RX_NOT_RE2);
	rx_check_free(&c);
	free(p);
}

/* Truncated constructs at the very end, NUL bytes, long input. */
static void test_adversarial(void **state)
{
	static const char *const cut[] = {
		"\\", "[", "[^", "[]", "[\\", "[[:", "[[:alpha", "(", "(?", "(?<", "(?P", "(?P<", "(?(", "(?#",
		"(*", "\\x", "\\x{", "\\x{41", "\\p", "\\p{", "\\p{L", "\\Q", "\\Qab\\", "a{", "a{1", "a{1,", "a{1,2",
		"\\k", "\\k<", "\\g{", "(?'", "(?C", "(?-", "(?i", "\\1", "\\01", ")", "))", "a**", "(?x)#",
	};
	struct rx_check c = {0};
	size_t n = 1 << 20;
	char *big = malloc(n + 1);
	static const char nul[] = "a\0b(?=\0)[\0]\\\0";

	(void)state;
	for (size_t i = 0; i < sizeof(cut) / sizeof(*cut); i++) {
		(void)regex_check(cut[i], strlen(cut[i]), &c);
		(void)regex_scan(cut[i], strlen(cut[i]), 3, &c);
		for (size_t k = 0; k < c.n; k++)
			assert_true(c.v[k].off <= strlen(cut[i]));
		rx_check_free(&c);
	}
	assert_true(regex_scan(nul, sizeof(nul) - 1, 0, &c) >= RX_NOT_RE2);
	rx_check_free(&c);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = "a(b|c)*[d]\\w"[i % 12];
	big[n] = '\0';
	(void)regex_check(big, n, &c);
	rx_check_free(&c);
	free(big);
}

static void test_leading_caseless(void **state)
{
	(void)state;
	assert_true(regex_has_leading_caseless("(?i)/a"));
	assert_true(regex_has_leading_caseless("(?si)/a"));
	assert_false(regex_has_leading_caseless("(?i:/a)"));
	assert_false(regex_has_leading_caseless("/a(?i)"));
	assert_false(regex_has_leading_caseless("(?s)/a"));
	assert_false(regex_has_leading_caseless("(?-i)"));
}

/* regex_check() keeps the capture counts of patterns it compiled: a
 * pattern checked again, after others took its slot, or after the memo
 * was released, gets the same verdict; one PCRE2 rejects stays rejected. */
static void test_memo(void **state)
{
	char pat[32];

	(void)state;
	for (int round = 0; round < 2; round++) {
		expect("(a)\\1", RX_NOT_RE2, 3);
		expect("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", RX_DIFFERS, 30);
		expect("/api/[a-z", RX_SYNTAX, 9);
		expect("/api/v[0-9]+(/|$)(.*)", RX_OK, SIZE_MAX);
	}
	for (int i = 0; i < 300; i++) {	/* more patterns than the memo holds */
		snprintf(pat, sizeof(pat), "(x%d)\\1", i);
		expect(pat, RX_NOT_RE2, strlen(pat) - 2);
	}
	expect("(a)\\1", RX_NOT_RE2, 3);
	regex_check_release();
	expect("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", RX_DIFFERS, 30);
	expect("(a)\\1", RX_NOT_RE2, 3);
	regex_check_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_on_both),
		cmocka_unit_test(test_pcre_only),
		cmocka_unit_test(test_differs),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_adversarial),
		cmocka_unit_test(test_leading_caseless),
		cmocka_unit_test(test_memo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
