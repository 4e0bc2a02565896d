/* test_diff.c - unit tests for diff.h: exact hunks for small cases, and
 * random pairs whose diff, applied by a small patcher here, gives the
 * second text back (with the default cost limit and with one that gives
 * up on every stretch). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "harness.h"
#include "util.h"

/* Diff a and b into a string (allocated; the caller frees); *rc gets the
 * return value. */
static char *diff_str(const char *a, const char *b, const struct diff_options *opt, struct diff_stats *st, int *rc)
{
	struct h_capture c;

	h_capture_open(&c);
	*rc = diff_unified(c.fp, a, strlen(a), b, strlen(b), "a/x", "b/x", opt, st);
	return h_capture_close(&c);
}

static void expect_diff(const char *a, const char *b, const char *want)
{
	int rc;
	char *got = diff_str(a, b, NULL, NULL, &rc);

	assert_int_equal(rc, 1);
	assert_string_equal(got, want);
	free(got);
}

static void test_equal(void **state)
{
	int rc;
	char *got;

	(void)state;
	got = diff_str("a\nb\n", "a\nb\n", NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "");
	free(got);
	got = diff_str("", "", NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	free(got);
}

static void test_one_change(void **state)
{
	(void)state;
	expect_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n",
		    "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

static void test_ranges(void **state)
{
	(void)state;
	/* an empty side is numbered by the line before it; a count of 1 is left out */
	expect_diff("", "x\n", "--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+x\n");
	expect_diff("x\n", "", "--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-x\n");
	expect_diff("a\n", "a\nb\n", "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n a\n+b\n");
	expect_diff("a\nb\nc\nd\ne\n", "a\nb\nc\nd\nX\ne\n",
		    "--- a/x\n+++ b/x\n@@ -2,4 +2,5 @@\n b\n c\n d\n+X\n e\n");
}

static void test_no_newline(void **state)
{
	(void)state;
	expect_diff("a\nb", "a\nc",
		    "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
		    "\\ No newline at end of file\n");
	expect_diff("a\nb", "a\nb\n",
		    "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

static void test_hunks_merge_or_split(void **state)
{
	int rc;
	struct diff_stats st;
	char *got;

	(void)state;
	/* 6 equal lines between two changes: one hunk; 7: two */
	got = diff_str("x\n1\n2\n3\n4\n5\n6\ny\n", "X\n1\n2\n3\n4\n5\n6\nY\n", NULL, &st, &rc);
	assert_int_equal(st.hunks, 1);
	free(got);
	got = diff_str("x\n1\n2\n3\n4\n5\n6\n7\ny\n", "X\n1\n2\n3\n4\n5\n6\n7\nY\n", NULL, &st, &rc);
	assert_int_equal(st.hunks, 2);
	assert_non_null(strstr(got, "@@ -1,4 +1,4 @@\n-x\n+X\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-y\n+Y\n"));
	free(got);
}

/* Apply a unified diff made by diff_unified to a; returns the result
 * (allocated), or NULL when the diff does not apply. */
static char *apply(const char *a, const char *diff)
{
	struct buf out = {0};
	const char *p = diff, *src = a;
	size_t aline = 1;

	/* skip the two header lines */
	for (int i = 0; i < 2 && *p; i++)
		p = strchr(p, '\n') + 1;
	while (*p) {
		unsigned long from, n1 = 1, to, n2 = 1;
		const char *nl;
		if (sscanf(p, "@@ -%lu,%lu +%lu,%lu @@", &from, &n1, &to, &n2) != 4 &&
		    sscanf(p, "@@ -%lu +%lu,%lu @@", &from, &to, &n2) != 3 &&
		    sscanf(p, "@@ -%lu,%lu +%lu @@", &from, &n1, &to) != 3 &&
		    sscanf(p, "@@ -%lu +%lu @@", &from, &to) != 2) {
			buf_free(&out);
			return NULL;
		}
		if (n1 == 0)
			from++;		/* an empty range names the line before */
		/* copy the lines before the hunk */
		for (; aline < from; aline++) {
			const char *e = strchr(src, '\n');
			size_t len = e ? (size_t)(e - src) + 1 : strlen(src);
			buf_add(&out, src, len);
			src += len;
		}
		p = strchr(p, '\n') + 1;
		while (*p == ' ' || *p == '-' || *p == '+' || *p == '\\') {
			char op = *p;
			bool last;
			nl = strchr(p, '\n');
			last = strncmp(nl + 1, "\\ No newline", 12) == 0;
			if (op == '\\') {
				p = nl + 1;
				continue;
			}
			if (op == ' ' || op == '-') {
				size_t len = (size_t)(nl - p - 1) + (last ? 0 : 1);
				if (strncmp(src, p + 1, len) != 0) {
					buf_free(&out);
					return NULL;
				}
				src += len;
				aline++;
			}
			if (op == ' ' || op == '+')
				buf_add(&out, p + 1, (size_t)(nl - p - 1) + (last ? 0 : 1));
			p = nl + 1;
		}
	}
	buf_adds(&out, src);
	return buf_detach(&out);
}

/* A random text of up to 40 lines over a small alphabet (many repeats),
 * sometimes without a final newline. */
static char *random_text(unsigned *seed)
{
	struct buf b = {0};
	int n = (int)(rand_r(seed) % 40);

	for (int i = 0; i < n; i++)
		buf_printf(&b, "%c\n", "abcdeabcxyz"[rand_r(seed) % 11]);
	if (b.len && rand_r(seed) % 4 == 0)
		b.data[--b.len] = '\0';
	return buf_detach(&b);
}

/* b as a mutation of a: a few lines changed, inserted or deleted. */
static char *mutate(const char *a, unsigned *seed)
{
	struct buf b = {0};

	for (const char *p = a; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
		unsigned r = (unsigned)rand_r(seed) % 10;
		if (r == 0)
			buf_adds(&b, "new\n");
		if (r != 1)
			buf_add(&b, p, len);
		if (r == 2)
			buf_adds(&b, "q\n");
		p += len;
	}
	return buf_detach(&b);
}

static void check_round_trip(size_t max_cost, bool mutated)
{
	unsigned seed = 12345;
	struct diff_options opt = { DIFF_CONTEXT, max_cost };
	size_t gave_up = 0;

	for (int i = 0; i < 2000; i++) {
		char *a = random_text(&seed);
		char *b = mutated ? mutate(a, &seed) : random_text(&seed);
		struct diff_stats st;
		int rc;
		char *d = diff_str(a, b, &opt, &st, &rc);
		char *back = apply(a, d);
		assert_int_equal(rc, strcmp(a, b) != 0);
		assert_non_null(back);
		if (strcmp(back, b) != 0)
			fail_msg("case %d: a=[%s] b=[%s] diff=[%s] got=[%s]", i, a, b, d, back);
		gave_up += st.given_up;
		free(a);
		free(b);
		free(d);
		free(back);
	}
	if (max_cost <= 1)
		assert_true(gave_up > 0);	/* the fallback was exercised */
}

static void test_round_trip(void **state)
{
	(void)state;
	check_round_trip(DIFF_MAX_COST, false);
	check_round_trip(DIFF_MAX_COST, true);
}

static void test_round_trip_given_up(void **state)
{
	(void)state;
	check_round_trip(1, false);
	check_round_trip(0, true);
}

/* A large text with many scattered changes stays a diff of small hunks:
 * the anchors keep every stretch short. */
static void test_large_scattered(void **state)
{
	struct buf a = {0}, b = {0};
	struct diff_stats st;
	struct h_capture c;

	(void)state;
	for (int i = 0; i < 50000; i++) {
		buf_printf(&a, "name: obj-%d\n  kind: x\n", i);
		buf_printf(&b, "name: obj-%d\n  kind: %s\n", i, i % 10 == 0 ? "y" : "x");
	}
	h_capture_open(&c);
	assert_int_equal(diff_unified(c.fp, a.data, a.len, b.data, b.len, "a", "b", NULL, &st), 1);
	h_capture_free(&c);
	assert_int_equal(st.hunks, 5000);
	assert_int_equal(st.given_up, 0);
	buf_free(&a);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_one_change),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_no_newline),
		cmocka_unit_test(test_hunks_merge_or_split),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_given_up),
		cmocka_unit_test(test_large_scattered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
