/* test_checks.c - unit tests for emit_checks.h: the script of small
 * inputs (analysed as the checks command does), its quoting, its ids,
 * --checks-limit and what is listed as not checked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "emit_checks.h"
#include "harness.h"
#include "util.h"

static void finish_checks(const struct analyze_options *opt, struct buf *b)
{
	checks_finish(opt->checks, b);
}

/* The checks script of text with limit; returns it (caller frees). */
static char *script(const char *text, size_t limit)
{
	struct checks_options ko = { .limit = limit, .max_time = 7 };
	struct analyze_options opt;
	struct h_run r = {0};
	char *s;

	h_default_options(&opt);
	opt.checks = checks_new(&ko);
	h_analyze(&r, &opt, text, 0, finish_checks);
	assert_int_equal(r.rc, 0);
	checks_free(opt.checks);
	s = buf_detach(&r.finish);
	h_run_free(&r);
	return s;
}

static void test_sh_quote(void **state)
{
	struct buf b = {0};

	(void)state;
	sh_quote(&b, "a'b$(x)`y`\n");
	assert_string_equal(buf_cstr(&b), "'a'\\''b$(x)`y`\n'");
	buf_free(&b);
	sh_quote(&b, "");
	assert_string_equal(buf_cstr(&b), "''");
	buf_free(&b);
}

static const char basic[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: shop\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/auth-url: https://auth/check\n"
	"    nginx.ingress.kubernetes.io/proxy-read-timeout: \"60\"\n"
	"    nginx.ingress.kubernetes.io/use-regex: \"true\"\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"  tls:\n"
	"  - hosts: [a.example.com]\n"
	"  rules:\n"
	"  - host: a.example.com\n"
	"    http:\n"
	"      paths:\n"
	"      - path: /api(/|$)(.*)\n"
	"        pathType: ImplementationSpecific\n"
	"        backend: {service: {name: s, port: {number: 80}}}\n"
	"      - path: /v[0-9]+/x\n"
	"        pathType: ImplementationSpecific\n"
	"        backend: {service: {name: s, port: {number: 80}}}\n";

static void test_requests(void **state)
{
	char *s = script(basic, 0);

	(void)state;
	assert_non_null(strstr(s, "i2h_max_default=7\n"));
	/* a regex sample, over HTTPS for the TLS host */
	assert_non_null(strstr(s, "i2h_check 'in.yaml:17' 'default/shop/path/a.example.com/api_/____.__' - https "
				  "'a.example.com' '/api' GET ''\n"));
	/* a regex without a sample is listed */
	assert_non_null(strstr(s, "i2h_skip 'in.yaml:20' 'default/shop/path/a.example.com/v_0-9__/x' "
				  "'regex path: no matching sample the tool can build'\n"));
	/* the TLS redirect at the tls entry, auth refused */
	assert_non_null(strstr(s, "i2h_check 'in.yaml:12' 'default/shop/tls-redirect/a.example.com' - http "));
	assert_non_null(strstr(s, "i2h_check 'in.yaml:6' 'default/shop/auth-url/a.example.com' refuse https "));
	/* a timeout cannot be checked from outside */
	assert_non_null(strstr(s, "i2h_skip 'in.yaml:7' 'default/shop/proxy-read-timeout' "
				  "'a timeout needs a slow backend'\n"));
	assert_null(strstr(s, "default/shop/use-regex'"));
	assert_non_null(strstr(s, "\ni2h_finish\n"));
	free(s);
}

static void test_limit(void **state)
{
	char *s = script(basic, 2);

	(void)state;
	assert_non_null(strstr(s, "'over --checks-limit for this host'"));
	free(s);
}

static const char canary[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: c\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/canary: \"true\"\n"
	"    nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n"
	"    nginx.ingress.kubernetes.io/canary-by-header-value: \"it's\"\n"
	"    nginx.ingress.kubernetes.io/canary-weight: \"10\"\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"  rules:\n"
	"  - host: b.example.com\n"
	"    http:\n"
	"      paths:\n"
	"      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}\n";

static void test_canary(void **state)
{
	char *s = script(canary, 0);

	(void)state;
	assert_non_null(strstr(s, "'default/c/canary-by-header/b.example.com' - http 'b.example.com' '/' GET "
				  "'backend' -H 'X-Canary: it'\\''s'\n"));
	assert_non_null(strstr(s, "'default/c/canary-off/b.example.com' - http 'b.example.com' '/' GET 'backend'\n"));
	assert_non_null(strstr(s, "i2h_skip 'in.yaml:9' 'default/c/canary-weight/b.example.com' "));
	/* a canary Ingress's own paths are the main Ingress's requests */
	assert_null(strstr(s, "default/c/path/"));
	free(s);
}

/* canary read as ingress-nginx reads a boolean: "True" and "1" make the
 * same canary requests as "true"; "yes" (no boolean) none */
static void test_canary_spellings(void **state)
{
	static const char *const v[] = { "True", "1", "yes" };

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct buf in = {0};
		const char *at = strstr(canary, "\"true\"");
		char *s;
		buf_add(&in, canary, (size_t)(at - canary));
		buf_printf(&in, "\"%s\"%s", v[i], at + strlen("\"true\""));
		s = script(buf_cstr(&in), 0);
		if ((strstr(s, "'default/c/canary-off/b.example.com'") != NULL) != (i < 2))
			fail_msg("canary \"%s\": canary requests %s", v[i], i < 2 ? "missing" : "made");
		free(s);
		buf_free(&in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sh_quote),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_canary),
		cmocka_unit_test(test_canary_spellings),
	};

	return cmocka_run_group_tests(tests, h_rules_setup, h_rules_teardown);
}
