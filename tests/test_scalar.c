/* test_scalar.c - cmocka tests of how kubectl (go-yaml v2, YAML 1.1)
 * types a plain scalar (src/scalar.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scalar.h"

static void is(const char *s, enum yaml11_type t)
{
	enum yaml11_type got = yaml11_resolve(s, strlen(s));

	if (got != t)
		fail_msg("'%s' is %s, expected %s", s, yaml11_type_name(got), yaml11_type_name(t));
}

static void test_bools(void **state)
{
	static const char *const b[] = { "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
					 "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N" };
	(void)state;
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		is(b[i], Y11_BOOL);
	/* YAML 1.1 lists three cases of each; go-yaml reads others as text */
	is("tRUE", Y11_STRING);
	is("yEs", Y11_STRING);
	is("enabled", Y11_STRING);
	is("t", Y11_STRING);
}

static void test_numbers(void **state)
{
	(void)state;
	is("0", Y11_INT);
	is("60", Y11_INT);
	is("-1", Y11_INT);
	is("+7", Y11_INT);
	is("0755", Y11_INT);
	is("0o17", Y11_INT);
	is("0x1F", Y11_INT);
	is("0b101", Y11_INT);
	is("1_000", Y11_INT);
	is("1.5", Y11_FLOAT);
	is(".5", Y11_FLOAT);
	is("1.", Y11_FLOAT);
	is("1e3", Y11_FLOAT);
	is("-2.5E-3", Y11_FLOAT);
	is("08", Y11_FLOAT);	/* not octal: go-yaml's float pattern takes it */
	is(".inf", Y11_FLOAT);
	is("-.Inf", Y11_FLOAT);
	is(".NaN", Y11_FLOAT);
	/* out of int64's range go-yaml makes it a float; a number either way */
	assert_int_not_equal(yaml11_resolve("99999999999999999999999", 23), Y11_STRING);
	is("60s", Y11_STRING);
	is("1.2.3", Y11_STRING);
	is("0x", Y11_STRING);
	is("0xZZ", Y11_STRING);
	is("-", Y11_STRING);
	is("+", Y11_STRING);
	is(".", Y11_STRING);
	is("1e", Y11_STRING);
	is("10.0.0.0/8", Y11_STRING);
	is("8m", Y11_STRING);
}

static void test_null_and_time(void **state)
{
	(void)state;
	is("~", Y11_NULL);
	is("null", Y11_NULL);
	is("NULL", Y11_NULL);
	is("nULL", Y11_STRING);
	is("", Y11_STRING);	/* stored as "" anyway */
	is("2024-01-31", Y11_TIMESTAMP);
	is("2024-1-2", Y11_TIMESTAMP);
	is("2024-01-31T10:00:00Z", Y11_TIMESTAMP);
	is("2024-01-31t10:00:00.5+02:00", Y11_TIMESTAMP);
	is("2024-01-31 10:00:00", Y11_TIMESTAMP);
	is("2024-13-01", Y11_STRING);
	is("2024-01-31T10:00", Y11_STRING);
	is("20240131", Y11_INT);
}

static void test_long_and_odd(void **state)
{
	char big[300];

	(void)state;
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	is(big, Y11_STRING);	/* longer than any number we tell apart */
	assert_int_equal(yaml11_resolve("1\0002", 3), Y11_STRING);
	assert_string_equal(yaml11_type_name(Y11_BOOL), "a boolean");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bools),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_null_and_time),
		cmocka_unit_test(test_long_and_odd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
