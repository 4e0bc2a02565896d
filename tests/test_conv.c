/* test_conv.c - unit tests for conv.h: intents from annotations and the
 * rewrite idioms Gateway API can express. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "conv.h"

static void check(const char *path, const char *target, enum conv_rewrite want, const char *prefix,
		  const char *replace)
{
	char *p, *r;
	enum conv_rewrite got = conv_rewrite(path, target, &p, &r);

	if (got != want)
		fail_msg("'%s' + '%s': %d, want %d", path, target, got, want);
	if (prefix)
		assert_string_equal(p, prefix);
	else
		assert_null(p);
	if (replace)
		assert_string_equal(r, replace);
	else
		assert_null(r);
	free(p);
	free(r);
}

static void test_rewrite(void **state)
{
	(void)state;
	check("/api(/|$)(.*)", "/$2", CONV_RW_PREFIX, "/api", "/");
	check("/api(/|$)(.*)", "/v2/$2", CONV_RW_PREFIX, "/api", "/v2");
	check("/a/b(/|$)(.*)", "/$2", CONV_RW_PREFIX, "/a/b", "/");
	check("/old", "/index.html", CONV_RW_FULL, NULL, "/index.html");
	check("/old", "", CONV_RW_NONE, NULL, NULL);
	/* capture groups beyond the idiom: never copied */
	check("/(v[0-9])/(.*)", "/$1/x/$2", CONV_RW_UNSUPPORTED, NULL, NULL);
	check("/api(/|$)(.*)", "/$1", CONV_RW_UNSUPPORTED, NULL, NULL);
	check("/a.b(/|$)(.*)", "/$2", CONV_RW_UNSUPPORTED, NULL, NULL);	/* '.' is a regex */
	check("/api(/|$)(.*)", "$2", CONV_RW_UNSUPPORTED, NULL, NULL);
	check("/api(/|$)(.*)", "/$2$2", CONV_RW_UNSUPPORTED, NULL, NULL);
}

static void test_intents(void **state)
{
	struct conv c;

	(void)state;
	conv_init(&c);
	assert_true(conv_add(&c, "canary", "true"));
	assert_true(conv_add(&c, "canary-weight", "30"));
	assert_true(conv_add(&c, "canary-weight-total", "0"));	/* not positive: default */
	assert_true(conv_add(&c, "ssl-redirect", "false"));
	assert_true(conv_add(&c, "permanent-redirect", "https://x.example.com/"));
	assert_true(conv_add(&c, "permanent-redirect-code", "abc"));
	assert_true(conv_add(&c, "auth-tls-secret", "ns/ca"));
	assert_false(conv_add(&c, "proxy-body-size", "1m"));
	assert_true(c.canary);
	assert_int_equal(c.canary_weight, 30);
	assert_int_equal(c.canary_weight_total, 100);
	assert_int_equal(c.ssl_redirect, CONV_FALSE);
	assert_true(c.redirect_permanent);
	assert_int_equal(c.redirect_code, -1);
	assert_true(c.auth_tls);
	conv_free(&c);
	assert_null(c.redirect_url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_intents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
