/* test_spill_sort.c - cmocka tests of the bounded sorted store
 * (src/spill_sort.c): the order in memory and over runs on its file, the
 * stability of equal records, the arrival order without a comparison,
 * reading again, records larger than a run's read buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spill_sort.h"

/* Records "KEY:SEQ": by the key before ':' only, so equal keys test the
 * stability. */
static int by_key(const char *a, size_t an, const char *b, size_t bn)
{
	size_t ka = strcspn(a, ":"), kb = strcspn(b, ":");
	int c = memcmp(a, b, ka < kb ? ka : kb);

	(void)an;
	(void)bn;
	return c ? c : (ka > kb) - (ka < kb);
}

/* Add n records "kKEY:SEQ" with keys (i * 7919) % m, NUL included. */
static void fill(struct spill_sort *s, int n, int m)
{
	char rec[64];

	for (int i = 0; i < n; i++) {
		int len = snprintf(rec, sizeof(rec), "k%04d:%06d", (i * 7919) % m, i);
		spill_sort_add(s, rec, (size_t)len + 1);
	}
}

/* Read everything: in key order, equal keys in arrival order; n records. */
static void check_sorted(struct spill_sort *s, int n)
{
	const char *r;
	size_t len;
	char last[64] = "";
	int got = 0;

	spill_sort_rewind(s);
	while ((r = spill_sort_next(s, &len)) != NULL) {
		assert_int_equal(len, strlen(r) + 1);
		if (got) {
			int c = by_key(last, 0, r, 0);
			assert_true(c <= 0);
			if (c == 0)	/* stable: the sequence numbers rise */
				assert_true(strcmp(strchr(last, ':'), strchr(r, ':')) < 0);
		}
		snprintf(last, sizeof(last), "%s", r);
		got++;
	}
	assert_int_equal(got, n);
}

static void test_in_memory(void **state)
{
	struct spill_sort *s = spill_sort_new(by_key, 1 << 20);

	(void)state;
	fill(s, 1000, 97);
	check_sorted(s, 1000);
	assert_int_equal(spill_sort_runs(s), 0);
	check_sorted(s, 1000);	/* again */
	assert_int_equal(spill_sort_count(s), 1000);
	spill_sort_free(s);
}

static void test_runs(void **state)
{
	struct spill_sort *s = spill_sort_new(by_key, 1000);

	(void)state;
	fill(s, 5000, 97);
	check_sorted(s, 5000);
	assert_true(spill_sort_runs(s) > 10);
	check_sorted(s, 5000);	/* the merge starts again */
	spill_sort_free(s);
	s = spill_sort_new(by_key, 0);	/* every record a run of its own */
	fill(s, 300, 13);
	check_sorted(s, 300);
	assert_int_equal(spill_sort_runs(s), 300);
	spill_sort_free(s);
}

/* Without a comparison: the arrival order, in memory and over runs. */
static void test_arrival(void **state)
{
	size_t budgets[] = { 1 << 20, 100 };

	(void)state;
	for (size_t b = 0; b < 2; b++) {
		struct spill_sort *s = spill_sort_new(NULL, budgets[b]);
		const char *r;
		size_t len;
		int i = 0;
		fill(s, 2000, 50);
		spill_sort_rewind(s);
		while ((r = spill_sort_next(s, &len)) != NULL) {
			assert_int_equal(atoi(strchr(r, ':') + 1), i);
			i++;
		}
		assert_int_equal(i, 2000);
		assert_int_equal(spill_sort_runs(s) > 0, b == 1);
		spill_sort_free(s);
	}
}

/* Records larger than a run's read buffer, and empty ones. */
static void test_big_and_empty(void **state)
{
	struct spill_sort *s = spill_sort_new(NULL, 10000);
	size_t sizes[] = { 0, 20000, 3, 70000, 0, 9000 };
	const char *r;
	size_t len, i = 0;

	(void)state;
	for (size_t k = 0; k < 6; k++) {
		char *rec = malloc(sizes[k] + 1);
		assert_non_null(rec);
		memset(rec, 'a' + (int)k, sizes[k]);
		spill_sort_add(s, rec, sizes[k]);
		free(rec);
	}
	spill_sort_rewind(s);
	while ((r = spill_sort_next(s, &len)) != NULL) {
		assert_int_equal(len, sizes[i]);
		for (size_t j = 0; j < len; j++)
			if (r[j] != 'a' + (int)i)
				fail_msg("record %zu byte %zu", i, j);
		i++;
	}
	assert_int_equal(i, 6);
	assert_true(spill_sort_runs(s) > 1);
	spill_sort_free(s);
	s = spill_sort_new(by_key, 0);	/* nothing added */
	spill_sort_rewind(s);
	assert_null(spill_sort_next(s, &len));
	spill_sort_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_arrival),
		cmocka_unit_test(test_big_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
