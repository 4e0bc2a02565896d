/* test_util.c - unit tests for util.h: buffers, escaping, edit distance. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void test_buf_empty(void **state)
{
	struct buf b = {0};

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_null(b.data);
}

/* A buffer reserved but never written to detaches as "" (the YAML
 * writer reserves up front; an empty rule once read past its end). */
static void test_buf_reserved_empty(void **state)
{
	struct buf b = {0};
	char *s;

	(void)state;
	buf_reserve(&b, 511);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	buf_adds(&b, "x");
	buf_reserve(&b, 4096);
	assert_string_equal(b.data, "x");
	buf_free(&b);
}

static void test_buf_add(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_add(&b, "abc", 3);
	buf_adds(&b, "def");
	buf_addc(&b, 'g');
	buf_add(&b, "xyz", 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(buf_cstr(&b), "abcdefg");
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_buf_add_binary(void **state)
{
	struct buf b = {0};
	const char bytes[] = { 'a', '\0', 'b' };

	(void)state;
	buf_add(&b, bytes, sizeof(bytes));
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, bytes, 3);
	assert_int_equal(b.data[3], '\0');
	buf_free(&b);
}

static void test_buf_add_grows(void **state)
{
	struct buf b = {0};
	char expect[10001];

	(void)state;
	for (int i = 0; i < 10000; i++) {
		buf_addc(&b, (char)('a' + i % 26));
		expect[i] = (char)('a' + i % 26);
	}
	expect[10000] = '\0';
	assert_int_equal(b.len, 10000);
	assert_string_equal(buf_cstr(&b), expect);
	buf_free(&b);
}

static void test_buf_printf_short(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_adds(&b, "x=");
	buf_printf(&b, "%d,%s,%zu", 42, "str", (size_t)7);
	assert_string_equal(buf_cstr(&b), "x=42,str,7");
	assert_int_equal(b.len, strlen("x=42,str,7"));
	buf_free(&b);
}

static void test_buf_printf_long(void **state)
{
	struct buf b = {0};
	char big[1001];
	char *expect;

	(void)state;
	memset(big, 'q', 1000);
	big[1000] = '\0';
	buf_adds(&b, "<<");
	buf_printf(&b, "[%s|%d]", big, 7);
	expect = xasprintf("<<[%s|7]", big);
	assert_int_equal(b.len, 2 + 1 + 1000 + 3);
	assert_string_equal(buf_cstr(&b), expect);
	/* and once more: the buffer is still consistent after the slow path */
	buf_printf(&b, "%s", "!");
	assert_int_equal(b.len, 2 + 1 + 1000 + 3 + 1);
	assert_int_equal(b.data[b.len - 1], '!');
	assert_int_equal(b.data[b.len], '\0');
	free(expect);
	buf_free(&b);
}

static void test_buf_printf_boundary(void **state)
{
	(void)state;
	/* 254 to 258 bytes of output: around the 256-byte fast path */
	for (size_t n = 254; n <= 258; n++) {
		struct buf b = {0};
		char *s = xmalloc(n + 1);

		memset(s, 'z', n);
		s[n] = '\0';
		buf_printf(&b, "%s", s);
		assert_int_equal(b.len, n);
		assert_string_equal(buf_cstr(&b), s);
		free(s);
		buf_free(&b);
	}
}

static void test_xasprintf(void **state)
{
	char *s = xasprintf("%s-%03d", "id", 5);

	(void)state;
	assert_string_equal(s, "id-005");
	free(s);
}

/* The formats buf_vprintf() writes without stdio give what vsnprintf gives. */
static void test_xasprintf_plain(void **state)
{
	char want[256];
	struct buf b = {0};
	char *s;

	(void)state;
	s = xasprintf("a%sb%cc%dd%ue%ldf%lug%zuh%%i%s", "x", 'y', INT_MIN, UINT_MAX, LONG_MIN, ULONG_MAX,
		      (size_t)0, "");
	snprintf(want, sizeof(want), "a%sb%cc%dd%ue%ldf%lug%zuh%%i%s", "x", 'y', INT_MIN, UINT_MAX, LONG_MIN,
		 ULONG_MAX, (size_t)0, "");
	assert_string_equal(s, want);
	free(s);
	s = xasprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	s = xasprintf("%d-%s%%", -7, "z");
	assert_string_equal(s, "-7-z%");
	free(s);
	/* a directive it does not take, after some it does: stdio formats all */
	buf_adds(&b, "<<");
	buf_printf(&b, "%s|%zu|%5s|%s", "a", (size_t)3, "b", "c");
	assert_string_equal(buf_cstr(&b), "<<a|3|    b|c");
	buf_free(&b);
}

static void test_buf_consume(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_adds(&b, "hello world");
	buf_consume(&b, 6);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_cstr(&b), "world");
	buf_consume(&b, 0);
	assert_string_equal(buf_cstr(&b), "world");
	buf_consume(&b, 100);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* still usable afterwards */
	buf_adds(&b, "again");
	assert_string_equal(buf_cstr(&b), "again");
	buf_free(&b);
}

static void test_buf_consume_empty(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_consume(&b, 3);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_buf_detach(void **state)
{
	struct buf b = {0};
	char *s;

	(void)state;
	buf_adds(&b, "owned");
	s = buf_detach(&b);
	assert_string_equal(s, "owned");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);

	/* detaching an empty buffer gives an empty, freeable string */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* the buffer can be reused after detaching */
	buf_adds(&b, "next");
	assert_string_equal(buf_cstr(&b), "next");
	buf_free(&b);
}

static char *yaml_dq(const char *s, size_t n)
{
	struct buf b = {0};

	buf_add_yaml_dq(&b, s, n);
	return buf_detach(&b);
}

static void test_yaml_dq(void **state)
{
	char *s;

	(void)state;
	s = yaml_dq("plain", 5);
	assert_string_equal(s, "\"plain\"");
	free(s);
	s = yaml_dq("", 0);
	assert_string_equal(s, "\"\"");
	free(s);
	s = yaml_dq("a\"b\\c", 5);
	assert_string_equal(s, "\"a\\\"b\\\\c\"");
	free(s);
	s = yaml_dq("l1\nl2\tx\ry", 9);
	assert_string_equal(s, "\"l1\\nl2\\tx\\ry\"");
	free(s);
	/* control bytes get JSON-style escapes, valid in YAML too */
	s = yaml_dq("\x01\x1f\x7f", 3);
	assert_string_equal(s, "\"\\u0001\\u001f\\u007f\"");
	free(s);
	/* an embedded NUL is escaped, and n bounds the input */
	s = yaml_dq("a\0b", 3);
	assert_string_equal(s, "\"a\\u0000b\"");
	free(s);
	s = yaml_dq("abcdef", 3);
	assert_string_equal(s, "\"abc\"");
	free(s);
	/* UTF-8 passes through untouched */
	s = yaml_dq("h\xc3\xa9llo \xe2\x9c\x93", 10);
	assert_string_equal(s, "\"h\xc3\xa9llo \xe2\x9c\x93\"");
	free(s);
}

static char *json_str(const char *s)
{
	struct buf b = {0};

	buf_add_json_str(&b, s);
	return buf_detach(&b);
}

static void test_json_str(void **state)
{
	char *s;

	(void)state;
	s = json_str(NULL);
	assert_string_equal(s, "null");
	free(s);
	s = json_str("");
	assert_string_equal(s, "\"\"");
	free(s);
	s = json_str("say \"hi\" \\o/");
	assert_string_equal(s, "\"say \\\"hi\\\" \\\\o/\"");
	free(s);
	s = json_str("a\nb\tc\rd\be\ff");
	assert_string_equal(s, "\"a\\nb\\tc\\rd\\be\\ff\"");
	free(s);
	s = json_str("\x01\x1f\x7f");
	assert_string_equal(s, "\"\\u0001\\u001f\\u007f\"");
	free(s);
	s = json_str("\xe2\x9c\x93 ok");
	assert_string_equal(s, "\"\xe2\x9c\x93 ok\"");
	free(s);
}

/* A byte at a time, as the escaper was first written: the reference for
 * the word-at-a-time one. */
static void json_reference(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(b, "\\u%04x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

/* Long strings with one byte to escape at every offset of the eight-byte
 * words, and the bytes around the escaped ranges (0x1f/0x20, 0x7e-0x80,
 * UTF-8), against the reference. */
static void test_quoted_words(void **state)
{
	static const unsigned char specials[] = { '"', '\\', '\n', '\t', 0x00, 0x01, 0x1f, 0x7f };
	static const unsigned char plain[] = { ' ', '~', 0x80, 0xc3, 0xff, 'a' };
	char s[40];

	(void)state;
	for (size_t k = 0; k < sizeof(specials); k++) {
		for (size_t at = 0; at < sizeof(s); at++) {
			struct buf got = {0}, want = {0};
			for (size_t i = 0; i < sizeof(s); i++)
				s[i] = (char)plain[i % sizeof(plain)];
			s[at] = (char)specials[k];
			buf_add_yaml_dq(&got, s, sizeof(s));
			json_reference(&want, s, sizeof(s));
			assert_int_equal(got.len, want.len);
			assert_memory_equal(got.data, want.data, want.len);
			buf_free(&got);
			buf_free(&want);
		}
	}
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", "", 3), 0);
	assert_int_equal(edit_distance("enable-cors", "enable-cors", 3), 0);
	/* one substitution, insertion, deletion, transposition (= 2) */
	assert_int_equal(edit_distance("kitten", "sitten", 3), 1);
	assert_int_equal(edit_distance("abc", "abxc", 3), 1);
	assert_int_equal(edit_distance("abxc", "abc", 3), 1);
	assert_int_equal(edit_distance("enable-cros", "enable-cors", 3), 2);
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(edit_distance("", "abc", 5), 3);
	assert_int_equal(edit_distance("abc", "", 5), 3);
}

static void test_edit_distance_bounded(void **state)
{
	(void)state;
	/* larger than max: max + 1, by length difference ... */
	assert_int_equal(edit_distance("a", "abcdefgh", 2), 3);
	assert_int_equal(edit_distance("abcdefgh", "", 0), 1);
	/* ... and by content with equal lengths */
	assert_int_equal(edit_distance("aaaaaaaa", "bbbbbbbb", 2), 3);
	assert_int_equal(edit_distance("kitten", "sitting", 2), 3);
	/* exactly max is still reported as is */
	assert_int_equal(edit_distance("kitten", "sitting", 3), 3);
	assert_int_equal(edit_distance("abc", "abd", 0), 1);
	assert_int_equal(edit_distance("abc", "abc", 0), 0);
}

static void test_str_has_prefix(void **state)
{
	(void)state;
	assert_true(str_has_prefix("nginx.ingress.kubernetes.io/x", "nginx.ingress.kubernetes.io/"));
	assert_true(str_has_prefix("abc", "abc"));
	assert_true(str_has_prefix("abc", ""));
	assert_true(str_has_prefix("", ""));
	assert_false(str_has_prefix("ab", "abc"));
	assert_false(str_has_prefix("abc", "abd"));
	assert_false(str_has_prefix("", "a"));
	assert_false(str_has_prefix("Abc", "abc"));
}

static void test_grow_array(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	grow_array((void **)&v, &cap, 1, sizeof(*v));
	assert_non_null(v);
	assert_true(cap >= 1);
	{
		size_t first = cap;
		/* a need within capacity changes nothing */
		int *same = v;
		grow_array((void **)&v, &cap, first, sizeof(*v));
		assert_ptr_equal(v, same);
		assert_int_equal(cap, first);
	}
	for (int i = 0; i < 1000; i++) {
		grow_array((void **)&v, &cap, (size_t)i + 1, sizeof(*v));
		assert_true(cap >= (size_t)i + 1);
		v[i] = i * 3;
	}
	/* the contents survive reallocation */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i * 3);
	grow_array((void **)&v, &cap, 5000, sizeof(*v));
	assert_true(cap >= 5000);
	assert_int_equal(v[999], 999 * 3);
	v[4999] = 1;
	free(v);
}

static void test_xstrndup(void **state)
{
	char *s = xstrndup("abcdef", 3);
	char *t = xstrdup("");

	(void)state;
	assert_string_equal(s, "abc");
	assert_string_equal(t, "");
	free(s);
	free(t);
}

static void test_errstr(void **state)
{
	(void)state;
	assert_string_equal(errstr(ENOENT), "no such file or directory");
	assert_string_equal(errstr(EACCES), "permission denied");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_reserved_empty),
		cmocka_unit_test(test_buf_add),
		cmocka_unit_test(test_buf_add_binary),
		cmocka_unit_test(test_buf_add_grows),
		cmocka_unit_test(test_buf_printf_short),
		cmocka_unit_test(test_buf_printf_long),
		cmocka_unit_test(test_buf_printf_boundary),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test(test_xasprintf_plain),
		cmocka_unit_test(test_buf_consume),
		cmocka_unit_test(test_buf_consume_empty),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_yaml_dq),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_quoted_words),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_edit_distance_bounded),
		cmocka_unit_test(test_str_has_prefix),
		cmocka_unit_test(test_grow_array),
		cmocka_unit_test(test_xstrndup),
		cmocka_unit_test(test_errstr),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
