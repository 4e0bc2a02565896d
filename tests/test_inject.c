/* test_inject.c - cmocka tests of the injection shapes (src/inject.c):
 * each CVE's pattern found at its byte, and legitimate values left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inject.h"

/* The rule id inject_check gives name=value, or NULL; *off gets the byte. */
static const char *check(const char *name, const char *value, size_t *off)
{
	struct inject_hit hit;

	if (!inject_check(name, value, strlen(value), &hit))
		return NULL;
	assert_non_null(hit.message);
	assert_non_null(hit.fix);
	assert_true(hit.off < strlen(value));
	*off = hit.off;
	free(hit.message);
	return hit.rule;
}

static void expect(const char *name, const char *value, const char *rule, size_t at)
{
	size_t off = SIZE_MAX;
	const char *got = check(name, value, &off);

	if (got == NULL)
		fail_msg("no hit for %s: %s", name, value);
	assert_string_equal(got, rule);
	assert_int_equal(off, at);
}

static void clean(const char *name, const char *value)
{
	size_t off;
	const char *got = check(name, value, &off);

	if (got)
		fail_msg("%s: %s hit %s at %zu", name, value, got, off);
}

static void test_auth_url(void **state)
{
	(void)state;
	/* the public proof of concept of CVE-2025-24514 */
	expect("auth-url", "http://example.com/#;\ninjection_point", "cve-2025-24514-auth-url-injection", 19);
	expect("auth-url", "http://a/x;}", "cve-2025-24514-auth-url-injection", 10);
	expect("auth-url", "http://a/x\nload_module x", "cve-2025-24514-auth-url-injection", 10);
	clean("auth-url", "https://auth.example.com/oauth2/auth?rd=$scheme://$host$request_uri");
	clean("auth-url", "http://auth.svc.cluster.local:8080/verify?x=${arg_x}");
}

static void test_match_cn(void **state)
{
	(void)state;
	expect("auth-tls-match-cn", "CN=x#(\n){}\n }}\n", "cve-2025-1097-auth-tls-match-cn-injection", 4);
	expect("auth-tls-match-cn", "CN=a\"; return 200;", "cve-2025-1097-auth-tls-match-cn-injection", 4);
	expect("auth-tls-match-cn", "CN=a{2}}", "cve-2025-1097-auth-tls-match-cn-injection", 7);
	clean("auth-tls-match-cn", "CN=(client|admin)\\.example\\.com");
	clean("auth-tls-match-cn", "CN=[a-z]{2,8}-svc");
}

static void test_mirror(void **state)
{
	(void)state;
	expect("mirror-target", "https://a\";\nload_module x;#", "cve-2025-1098-mirror-injection", 9);
	expect("mirror-host", "a.example.com\\", "cve-2025-1098-mirror-injection", 13);
	/* inside the double quotes '$', braces and ';' close nothing */
	clean("mirror-target", "https://test.env.com$request_uri");
	clean("mirror-host", "${host}.mirror");
}

static void test_auth_method(void **state)
{
	(void)state;
	expect("auth-method", "GET; proxy_pass http://evil", "cve-2026-1580-auth-method-injection", 3);
	expect("auth-method", "POST\n}", "cve-2026-1580-auth-method-injection", 4);
	clean("auth-method", "GET");
	clean("auth-method", "OPTIONS");
	/* not a method at all: invalid, but no method to smuggle it past */
	clean("auth-method", "get");
}

static void test_generic(void **state)
{
	(void)state;
	expect("proxy-read-timeout", "60; }", "cve-2021-25746-annotation-injection", 2);
	expect("permanent-redirect", "https://x/\nreturn 200", "cve-2021-25746-annotation-injection", 10);
	expect("auth-realm", "a\" b", "cve-2021-25746-annotation-injection", 1);
	expect("upstream-hash-by", "$x content_by_lua_block", "cve-2021-25746-annotation-injection", 3);
	expect("app-root", "/load_module", "cve-2021-25746-annotation-injection", 1);
	clean("upstream-hash-by", "$request_uri${http_x}");
	clean("canary-by-header-pattern", "^(a|b){1,3}$");
	clean("cors-allow-origin", "https://a.example.com, https://b.example.com");
	clean("auth-cache-duration", "200 202 401 5m");
	clean("ssl-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
	clean("proxy-body-size", "8m");
}

static void test_snippets_left_alone(void **state)
{
	(void)state;
	clean("configuration-snippet", "more_set_headers \"A: b\";\ncontent_by_lua_block { }");
	clean("server-snippet", "location /x { return 200; }");
	clean("custom-thing-snippet", "a;b");
}

static void test_paths(void **state)
{
	struct inject_hit hit;
	static const char *const bad[] = { "/a;}", "/a {", "/a\"", "/a#x", "/a\nb", "/x{y}" };
	static const size_t at[] = { 2, 2, 2, 2, 2, 2 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(inject_check_path(bad[i], strlen(bad[i]), &hit));
		assert_string_equal(hit.rule, "cve-2026-24512-path-injection");
		assert_int_equal(hit.off, at[i]);
		free(hit.message);
	}
	assert_false(inject_check_path("/api(/|$)(.*)", 13, &hit));
	assert_false(inject_check_path("/v[0-9]{1,2}/\\d+", 17, &hit));
	assert_false(inject_check_path("/", 1, &hit));
}

static void test_adversarial(void **state)
{
	size_t n = 100000, off;
	char *v = malloc(n + 1);

	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = (char)(i % 2 ? '{' : '$');
	v[n] = '\0';
	assert_non_null(check("upstream-hash-by", v, &off));
	memset(v, '_', n);
	assert_null(check("upstream-hash-by", v, &off));
	assert_null(check("auth-url", "", &off));
	free(v);
}

static void test_rule_ids(void **state)
{
	size_t n = 0;

	(void)state;
	for (const char *const *p = inject_rule_ids; *p; p++, n++)
		assert_int_equal(strncmp(*p, "cve-", 4), 0);
	assert_int_equal(n, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_url),
		cmocka_unit_test(test_match_cn),
		cmocka_unit_test(test_mirror),
		cmocka_unit_test(test_auth_method),
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_snippets_left_alone),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_adversarial),
		cmocka_unit_test(test_rule_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
