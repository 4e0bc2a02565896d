/* test_suppress.c - unit tests for suppressions (suppress.c), the config
 * file (config.c), globs (util.c), fingerprints (finding.c) and the Helm
 * template check (input.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "finding.h"
#include "harness.h"
#include "input.h"
#include "suppress.h"
#include "util.h"

static void comment(const char *line, const char *rules, const char *reason)
{
	char *r, *why;

	assert_true(suppress_parse_comment(line, strlen(line), &r, &why));
	assert_string_equal(r, rules);
	if (reason)
		assert_string_equal(why, reason);
	else
		assert_null(why);
	free(r);
	free(why);
}

static void test_parse_comment(void **state)
{
	char *r, *why;

	(void)state;
	comment("# ingress2higress:ignore auth-url reviewed by sec\n", "auth-url", "reviewed by sec");
	comment("    #ingress2higress:ignore a,b   why not\r\n", "a,b", "why not");
	comment("# ingress2higress:ignore a, b because\n", "a, b", "because");
	comment("# ingress2higress:ignore limit-rps\n", "limit-rps", NULL);
	comment("# ingress2higress:ignore\n", "", NULL);
	assert_false(suppress_parse_comment("# ingress2higress:ignored x y", 29, &r, &why));
	assert_false(suppress_parse_comment("key: 1 # ingress2higress:ignore x", 33, &r, &why));
	assert_false(suppress_parse_comment("# a plain comment", 17, &r, &why));
	assert_null(r);
	assert_null(why);
}

static void test_parse_value(void **state)
{
	char *r, *why;

	(void)state;
	suppress_parse_value(" auth-url , enable-cors : accepted until Q3 ", &r, &why);
	assert_string_equal(r, "auth-url , enable-cors");
	assert_string_equal(why, "accepted until Q3");
	free(r);
	free(why);
	suppress_parse_value("auth-url", &r, &why);
	assert_string_equal(r, "auth-url");
	assert_null(why);
	free(r);
	suppress_parse_value("auth-url:   ", &r, &why);
	assert_null(why);
	free(r);
	suppress_parse_value(": why", &r, &why);
	assert_string_equal(r, "");
	assert_string_equal(why, "why");
	free(r);
	free(why);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(glob_match("*.yaml", "a.yaml"));
	assert_false(glob_match("*.yaml", "d/a.yaml"));
	assert_true(glob_match("charts/**", "charts/x/templates/a.yaml"));
	assert_true(glob_match("**/templates/*", "charts/x/templates/a.yaml"));
	assert_true(glob_match("**/a.yaml", "a.yaml"));
	assert_false(glob_match("**/templates/*", "charts/x/templates/sub/a.yaml"));
	assert_true(glob_match("apps/*/kustomization.y?ml", "apps/web/kustomization.yaml"));
	assert_true(glob_match("[ab].yaml", "b.yaml"));
	assert_false(glob_match("[!ab].yaml", "b.yaml"));
	assert_false(glob_match("a?b", "a/b"));
	assert_true(glob_match("**", "x/y/z"));
	assert_false(glob_match("", "x"));
}

static void test_fingerprint(void **state)
{
	struct finding f = { .kind = "Ingress", .ns = "shop", .name = "web",
			     .annotation = "nginx.ingress.kubernetes.io/auth-url", .rule = "auth-url" };
	char a[17], b[17];

	(void)state;
	finding_fingerprint(&f, a);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	f.pos.line = 99;	/* lines do not count */
	f.message = "another message";
	finding_fingerprint(&f, b);
	assert_string_equal(a, b);
	f.ns = NULL;		/* NULL is the empty string, which differs from "shop" */
	finding_fingerprint(&f, b);
	assert_string_not_equal(a, b);
	/* fields are kept apart: "ab","" differs from "a","b" */
	{
		struct finding x = { .kind = "ab", .ns = "", .rule = "r" }, y = { .kind = "a", .ns = "b", .rule = "r" };
		finding_fingerprint(&x, a);
		finding_fingerprint(&y, b);
		assert_string_not_equal(a, b);
	}
	/* FNV-1a of "\0\0\0\0r" (all fields empty, rule 'r'), computed apart */
	{
		struct finding z = { .rule = "r" };
		const unsigned char bytes[] = { 0, 0, 0, 0, 'r' };
		char want[17];

		h_fingerprint(bytes, sizeof(bytes), want);
		finding_fingerprint(&z, a);
		assert_string_equal(a, want);
	}
}

/* Write text to CONFIG_NAME in a new directory of the test's own;
 * returns its path (allocated: remove_config frees it). */
static char *write_config(const char *text)
{
	char *dir = h_tmpdir("cfg"), *path = h_path(dir, CONFIG_NAME);

	h_write_file(path, text);
	free(dir);
	return path;
}

/* Remove the directory of path (write_config's) and free path. */
static void remove_config(char *path)
{
	*strrchr(path, '/') = '\0';
	h_tmpdir_remove(path);
}

static void test_config_load(void **state)
{
	char *path = write_config(
		"ingress-class: [nginx, internal]\n"
		"include-classless: true\n"
		"default-ingress-class: public\n"
		"exclude: charts/**\n"
		"rules: policy/rules.yaml\n"
		"suppress:\n"
		"  - {path: 'apps/**', rule: auth-url, reason: sso in front}\n"
		"  - rule: limit-rps\n"
		"fail-on: warning\n"
		"report: [json=out.json]\n"
		"skip: [implicit-ssl-redirect]\n"
		"only: []\n");
	struct config c;
	FILE *err = h_tmpfile();

	(void)state;
	assert_int_equal(config_load(&c, path, err), 0);
	assert_int_equal(c.classes.n, 2);
	assert_string_equal(c.classes.v[1], "internal");
	assert_int_equal(c.include_classless, 1);
	assert_string_equal(c.default_class, "public");
	assert_int_equal(c.exclude.n, 1);
	assert_string_equal(c.exclude.v[0], "charts/**");
	assert_non_null(strstr(c.rules, "/policy/rules.yaml"));
	assert_int_equal(c.rules[0], '/');
	assert_int_equal(c.nsup, 2);
	assert_string_equal(c.sup[0].path, "apps/**");
	assert_string_equal(c.sup[0].reason, "sso in front");
	assert_int_equal(c.sup[0].line, 7);
	assert_string_equal(c.sup[1].path, "**");
	assert_null(c.sup[1].reason);
	assert_string_equal(c.fail_on, "warning");
	assert_string_equal(c.report.v[0], "json=out.json");
	assert_true(c.only.set);
	assert_int_equal(c.only.n, 0);
	config_free(&c);
	remove_config(path);
	fclose(err);
}

static void config_error(const char *text, const char *want)
{
	char *path = write_config(text);
	struct config c;
	FILE *err = h_tmpfile();
	char msg[512] = "";

	assert_int_equal(config_load(&c, path, err), -1);
	rewind(err);
	assert_non_null(fgets(msg, sizeof(msg), err));
	if (strstr(msg, want) == NULL)
		fail_msg("'%s' does not say '%s'", msg, want);
	assert_non_null(strstr(msg, path));
	config_free(&c);
	remove_config(path);
	fclose(err);
}

static void test_config_errors(void **state)
{
	(void)state;
	config_error("fail-on: error\ningress-klass: nginx\n", ":2:1: error: unknown key 'ingress-klass'");
	config_error("include-classless: maybe\n", ":1:20: error: 'include-classless' must be true or false");
	config_error("suppress:\n  - path: x\n", "needs a 'rule'");
	config_error("suppress:\n  - {rule: a, why: b}\n", "unknown key 'why' in a 'suppress' entry");
	config_error("exclude: {a: b}\n", "'exclude' must be a list of strings");
	config_error("- a\n", "must be a mapping");
	config_error("a: [\n", "error:");
}

static void test_helm_marker(void **state)
{
	static const struct { const char *text; int rc; size_t line, col; } cases[] = {
		{ "metadata:\n  name: {{ .Values.name }}\n", 1, 2, 9 },
		{ "{{- if .Values.enabled }}\nkind: X\n", 1, 1, 1 },
		{ "items:\n- {{ include \"x\" . }}\n", 1, 2, 3 },
		{ "a: \"{{ quoted }}\"\nb: '{{ single }}'\n", 0, 0, 0 },
		{ "# {{ in a comment }}\na: b # {{ here too }}\n", 0, 0, 0 },
		{ "a: echo {{ mid-scalar }}\n", 0, 0, 0 },
		{ "script: |\n  {{ block content }}\n  more\nb: {{ x }}\n", 1, 4, 4 },
		{ "{\"a\": \"{{ json }}\"}\n", 0, 0, 0 },
		{ "a: [x, {{ y }}]\n", 1, 1, 8 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = h_tmpfile();
		size_t line = 0, col = 0;
		int rc;
		fputs(cases[i].text, f);
		rewind(f);
		rc = input_helm_marker(f, &line, &col);
		if (rc != cases[i].rc || line != cases[i].line || col != cases[i].col)
			fail_msg("case %zu: rc %d at %zu:%zu, want %d at %zu:%zu", i, rc, line, col, cases[i].rc,
				 cases[i].line, cases[i].col);
		assert_int_equal(ftell(f), 0);	/* rewound for the passes */
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_comment),
		cmocka_unit_test(test_parse_value),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_config_load),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_helm_marker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
