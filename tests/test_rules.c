/* test_rules.c - unit tests for rules.h: the built-in table, lookups,
 * suggestions, value validation, merging and table checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_names.h"
#include "harness.h"
#include "rules.h"
#include "util.h"

/* Does text hold a line starting with "name:L:C: error: " (L, C numbers)
 * that contains needle? */
static int has_diag(const char *text, const char *name, const char *needle)
{
	size_t nl = strlen(name);

	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = strndup(line, len);
		int ok = 0;

		if (strncmp(l, name, nl) == 0 && l[nl] == ':') {
			unsigned lno = 0, col = 0;
			int used = 0;
			if (sscanf(l + nl, ":%u:%u: error: %n", &lno, &col, &used) == 2 && used > 0 &&
			    lno > 0 && col > 0 && (needle == NULL || strstr(l + nl + used, needle)))
				ok = 1;
		}
		free(l);
		if (ok)
			return 1;
		line = eol ? eol + 1 : NULL;
	}
	return 0;
}

static int setup_builtin(void **state)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);

	if (rs == NULL)
		return -1;
	*state = rs;
	return 0;
}

static int teardown_builtin(void **state)
{
	ruleset_free(*state);
	return 0;
}

static void test_builtin_loads_and_checks(void **state)
{
	struct ruleset *rs = *state;
	struct h_capture err;

	h_capture_open(&err);
	assert_int_equal(ruleset_check(rs, err.fp), 0);
	assert_string_equal(h_capture_text(&err), "");
	h_capture_free(&err);
	assert_true(ruleset_count(rs) > 100);
	assert_int_equal(ruleset_check(rs, stderr), 0);
}

static void test_builtin_sorted(void **state)
{
	struct ruleset *rs = *state;
	size_t n = ruleset_count(rs);

	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(ruleset_at(rs, i - 1)->name, ruleset_at(rs, i)->name) < 0);
	assert_null(ruleset_at(rs, n));
	/* every entry is found by its own name */
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(ruleset_find(rs, ruleset_at(rs, i)->name), ruleset_at(rs, i));
}

static void test_find_auth_url(void **state)
{
	const struct rule *r = ruleset_find(*state, "auth-url");

	assert_non_null(r);
	assert_string_equal(r->name, "auth-url");
	assert_int_equal(r->state, RS_CURRENT);
	assert_int_equal(r->targets[TARGET_INGRESS].status, ST_UNSUPPORTED);
	assert_int_equal(r->targets[TARGET_INGRESS].severity, SEV_CRITICAL);
	assert_non_null(r->targets[TARGET_INGRESS].message);
	assert_non_null(r->origin);
	assert_non_null(strstr(r->origin, "annotations.yaml:"));
}

static void test_find_alias(void **state)
{
	const struct rule *r = ruleset_find(*state, "whitelist-source-range");

	assert_non_null(r);
	assert_int_equal(r->state, RS_ALIAS);
	assert_string_equal(rule_state_name(r->state), "alias");
	assert_non_null(r->alias_of);
	assert_string_equal(r->alias_of, "allowlist-source-range");
	assert_non_null(ruleset_find(*state, r->alias_of));
}

static void test_find_absent(void **state)
{
	assert_null(ruleset_find(*state, "nope"));
	assert_null(ruleset_find(*state, ""));
	/* lookups take the short name, not the prefixed key */
	assert_null(ruleset_find(*state, "nginx.ingress.kubernetes.io/auth-url"));
	assert_null(ruleset_find(*state, "Auth-Url"));
}

static void test_suggest(void **state)
{
	const char *s = ruleset_suggest(*state, "enable-cros");

	assert_non_null(s);
	assert_string_equal(s, "enable-cors");
	s = ruleset_suggest(*state, "auth-ur");
	assert_non_null(s);
	assert_string_equal(s, "auth-url");
	assert_null(ruleset_suggest(*state, "completely-different-thing"));
}

static int check(const struct ruleset *rs, const char *name, const char *value)
{
	const struct rule *r = ruleset_find(rs, name);
	const char *why = NULL;

	assert_non_null(r);
	return rule_check_value(rs, r, value, &why);
}

static void test_check_value(void **state)
{
	struct ruleset *rs = *state;

	assert_int_equal(check(rs, "proxy-read-timeout", "60"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "60s"), 0);
	assert_int_equal(check(rs, "proxy-read-timeout", "-5"), 1);
	/* '$' matches only at the very end (PCRE2_DOLLAR_ENDONLY) */
	assert_int_equal(check(rs, "proxy-read-timeout", "60\n"), 0);
	assert_int_equal(check(rs, "ssl-redirect", "true"), 1);
	assert_int_equal(check(rs, "ssl-redirect", "False"), 1);
	assert_int_equal(check(rs, "ssl-redirect", "yes"), 0);
	assert_int_equal(check(rs, "auth-type", "basic"), 1);
	assert_int_equal(check(rs, "auth-type", "digest"), 1);
	assert_int_equal(check(rs, "auth-type", "token"), 0);
}

static void test_check_value_empty(void **state)
{
	struct ruleset *rs = *state;

	/* an empty value is never validated */
	assert_int_equal(check(rs, "proxy-read-timeout", ""), 1);
	assert_int_equal(check(rs, "ssl-redirect", ""), 1);
	assert_int_equal(rule_check_value(rs, ruleset_find(rs, "ssl-redirect"), NULL, NULL), 1);
}

static void test_check_value_strip_spaces(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "proxy-body-size");

	assert_non_null(r);
	assert_true(r->strip_spaces);
	assert_int_equal(check(rs, "proxy-body-size", "10m"), 1);
	assert_int_equal(check(rs, "proxy-body-size", " 10 m "), 1);
	assert_int_equal(check(rs, "proxy-body-size", "10 x"), 0);
	/* no strip-spaces: a space makes the value invalid */
	assert_false(ruleset_find(rs, "proxy-read-timeout")->strip_spaces);
	assert_int_equal(check(rs, "proxy-read-timeout", "6 0"), 0);
}

static void test_check_value_no_validator(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "secure-backends");

	/* a removed name has no validator: any value passes */
	assert_non_null(r);
	assert_null(r->validator);
	assert_int_equal(rule_check_value(rs, r, "anything at all\n", NULL), 1);
	/* snippets (ValidateNull) accept any text, newlines included */
	r = ruleset_find(rs, "configuration-snippet");
	assert_non_null(r);
	assert_non_null(r->validator);
	assert_int_equal(rule_check_value(rs, r, "more_set_headers \"X: y\";\nadd_header A b;\n", NULL), 1);
}

/* ValidateRegex refuses CR and LF whatever its expression (validators.go
 * L119-121), unanchored patterns and '.*' branches included. */
static void test_check_value_crlf(void **state)
{
	struct ruleset *rs = *state;

	assert_int_equal(check(rs, "auth-type", "basic"), 1);
	assert_int_equal(check(rs, "auth-type", "basic\n"), 0);
	assert_int_equal(check(rs, "auth-secret-type", "auth-map\n"), 0);
	assert_int_equal(check(rs, "session-cookie-expires", "0\r"), 0);
	assert_int_equal(check(rs, "session-cookie-max-age", "0\r"), 0);
	assert_int_equal(check(rs, "session-cookie-max-age", "0x"), 1);
	/* not a ValidateRegex row: ValidateCIDRs trims the newline */
	assert_int_equal(check(rs, "allowlist-source-range", "10.0.0.0/8\n"), 1);
}

/* strconv.Atoi: int64 range, sign allowed. */
static void test_check_value_int(void **state)
{
	struct ruleset *rs = *state;

	assert_int_equal(check(rs, "proxy-read-timeout", "9223372036854775807"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "9223372036854775808"), 0);
	assert_int_equal(check(rs, "proxy-read-timeout", "-9223372036854775808"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "-9223372036854775809"), 0);
	assert_int_equal(check(rs, "proxy-read-timeout", "000000000000000000000000000009"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "+5"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "-5"), 1);
	assert_int_equal(check(rs, "proxy-read-timeout", "+"), 0);
	assert_int_equal(check(rs, "proxy-read-timeout", "99999999999999999999"), 0);
}

/* net.ParseCIDR / ParseIP of Go 1.26 and strings.TrimSpace. */
static void test_check_value_cidrs(void **state)
{
	struct ruleset *rs = *state;

	assert_int_equal(check(rs, "allowlist-source-range", "10.0.0.0/08"), 1);
	assert_int_equal(check(rs, "allowlist-source-range", "10.0.0.0/0000000008"), 1);
	assert_int_equal(check(rs, "allowlist-source-range", "10.0.0.0/33"), 0);
	assert_int_equal(check(rs, "allowlist-source-range", "10.0.0.08/8"), 0);
	assert_int_equal(check(rs, "allowlist-source-range", "\u00a010.0.0.0/8\xc2\x85, ::1"), 1);
	assert_int_equal(check(rs, "allowlist-source-range", "\u200b10.0.0.0/8"), 0);
	assert_int_equal(check(rs, "allowlist-source-range", "::ffff:1.2.3.4/128"), 1);
	assert_int_equal(check(rs, "allowlist-source-range", "00001::/64"), 1);
	assert_int_equal(check(rs, "allowlist-source-range", "fe80::1%eth0"), 0);
	assert_int_equal(check(rs, "allowlist-source-range", "1.2.3.4,"), 0);
	assert_int_equal(check(rs, "denylist-source-range", "1::2::3"), 0);
	assert_int_equal(check(rs, "limit-whitelist", "1.2.3.4 , 2001:db8::/32"), 1);
}

/* TrimSpace trims Unicode white space around server names and options. */
static void test_check_value_unicode_space(void **state)
{
	struct ruleset *rs = *state;

	assert_int_equal(check(rs, "upstream-vhost", "\u00a0example.com\xc2\x85"), 1);
	assert_int_equal(check(rs, "server-alias", "a.com,\u3000b.com"), 1);
	assert_int_equal(check(rs, "proxy-buffering", "\u2000on"), 1);
	assert_int_equal(check(rs, "upstream-vhost", "\u200bexample.com"), 0);
	/* Go's ToLower maps U+0130 to 'i'; PCRE2 would fold U+017F onto 's' */
	assert_int_equal(check(rs, "session-cookie-samesite", "STR\u0130CT"), 1);
	assert_int_equal(check(rs, "session-cookie-samesite", "\u017ftrict"), 0);
}

/* The part after 'CN=' compiles as a Go (RE2) regexp. */
static void test_check_value_common_name(void **state)
{
	struct ruleset *rs = *state;
	static const char *const ok[] = {
		"CN=a", "CN=", "CN=(hello-app|ok)", "CN=a{1000}", "CN=(?i)x", "CN=(?P<n>a)", "CN=(?<n>a)",
		"CN=\\pL\\p{Greek}", "CN=[[:alpha:]]", "CN=\\Qa.b", "CN=a*?", "CN=\\12", "CN=^*",
		"CN=[]a]", "CN=\\x{10FFFF}", "CN=a(?i)*",
		/* Go 1.25+: names match ignoring case and '_', long category names */
		"CN=\\p{greek}", "CN=\\p{Letter}", "CN=\\pl", "CN=\\p{ASCII}", "CN=\\p{Kawi}",
	};
	static const char *const bad[] = {
		"CN=(", "CN=*", "CN=a{2,1}", "CN=a{1001}", "CN=(a{100}){11}", "CN=\\1", "CN=(?=a)",
		"CN=a*+", "CN=a**", "CN=(?#c)", "CN=\\Z", "CN=\\C", "CN=[z-a]", "CN=[a-\\d]", "CN=a)",
		"CN=\\p{Foo}", "CN=[[:foo:]]", "CN=(?'n'a)", "CN=\\x{110000}", "CN=[\\b]", "no CN",
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (check(rs, "auth-tls-match-cn", ok[i]) != 1)
			fail_msg("'%s' should be valid", ok[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (check(rs, "auth-tls-match-cn", bad[i]) != 0)
			fail_msg("'%s' should be invalid", bad[i]);
}

static const char override_text[] =
	"version: 1\n"
	"rules:\n"
	"  - name: auth-url\n"
	"    higress:\n"
	"      severity: warning\n";

static void test_merge_override(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "auth-url");
	char *msg, *doc;
	size_t n = ruleset_count(rs);
	struct h_capture err;

	assert_non_null(r);
	msg = strdup(r->targets[TARGET_INGRESS].message);
	doc = r->doc ? strdup(r->doc) : NULL;
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "override.yaml", override_text,
					     strlen(override_text), err.fp), 0);
	assert_string_equal(h_capture_text(&err), "");
	h_capture_free(&err);
	r = ruleset_find(rs, "auth-url");
	assert_non_null(r);
	assert_int_equal(r->targets[TARGET_INGRESS].severity, SEV_WARNING);
	/* the fields not given are kept */
	assert_int_equal(r->targets[TARGET_INGRESS].status, ST_UNSUPPORTED);
	assert_int_equal(r->state, RS_CURRENT);
	assert_string_equal(r->targets[TARGET_INGRESS].message, msg);
	if (doc)
		assert_string_equal(r->doc, doc);
	assert_non_null(r->validator);
	/* the entry now says where it was last defined */
	assert_string_equal(r->origin, "override.yaml:3");
	assert_int_equal(ruleset_count(rs), n);
	assert_int_equal(ruleset_check(rs, stderr), 0);
	free(msg);
	free(doc);
}

static void test_merge_new_name(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: aaa-my-annotation\n"
		"    state: higress\n"
		"    validator: '^[0-9]+$'\n"
		"    higress:\n"
		"      status: supported\n"
		"      severity: info\n"
		"      message: \"a local extension\"\n"
		"    gateway:\n"
		"      status: unsupported\n"
		"      severity: warning\n"
		"      message: \"not carried to routes\"\n"
		"  - name: zzz-other\n"
		"    state: higress\n"
		"    higress: {status: ignored, severity: info, message: \"x\"}\n"
		"    gateway: {status: ignored, severity: info, message: \"y\"}\n";
	struct ruleset *rs = *state;
	size_t n = ruleset_count(rs);
	const struct rule *r;

	assert_null(ruleset_find(rs, "aaa-my-annotation"));
	assert_int_equal(ruleset_load_string(rs, "local.yaml", text, strlen(text), stderr), 0);
	assert_int_equal(ruleset_count(rs), n + 2);
	r = ruleset_find(rs, "aaa-my-annotation");
	assert_non_null(r);
	assert_int_equal(r->state, RS_HIGRESS);
	assert_int_equal(r->targets[TARGET_INGRESS].status, ST_SUPPORTED);
	assert_int_equal(r->targets[TARGET_INGRESS].severity, SEV_INFO);
	assert_string_equal(r->targets[TARGET_INGRESS].message, "a local extension");
	assert_int_equal(r->targets[TARGET_GATEWAY].status, ST_UNSUPPORTED);
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, SEV_WARNING);
	assert_string_equal(r->targets[TARGET_GATEWAY].message, "not carried to routes");
	assert_ptr_equal(ruleset_at(rs, 0), r);
	assert_int_equal(rule_check_value(rs, r, "42", NULL), 1);
	assert_int_equal(rule_check_value(rs, r, "x42", NULL), 0);
	r = ruleset_find(rs, "zzz-other");
	assert_non_null(r);
	assert_ptr_equal(ruleset_at(rs, ruleset_count(rs) - 1), r);
	assert_int_equal(r->targets[TARGET_INGRESS].status, ST_IGNORED);
	/* existing entries still found after the insertions */
	assert_non_null(ruleset_find(rs, "auth-url"));
	assert_non_null(ruleset_find(rs, "enable-cors"));
	assert_int_equal(ruleset_check(rs, stderr), 0);
}

/* Load text into a fresh builtin table; expect failure and a diagnostic
 * containing needle (any file:line:col: error: line when needle is NULL). */
static void expect_load_error(const char *text, const char *needle)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);
	struct h_capture err;

	assert_non_null(rs);
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "bad.yaml", text, strlen(text), err.fp), -1);
	if (!has_diag(h_capture_text(&err), "bad.yaml", needle))
		fail_msg("no 'bad.yaml:L:C: error: ...%s' line in: %s", needle ? needle : "", h_capture_text(&err));
	h_capture_free(&err);
	ruleset_free(rs);
}

static void test_load_unknown_field(void **state)
{
	(void)state;
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    colour: blue\n",
			  "unknown rule field 'colour'");
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    higress:\n"
			  "      colour: blue\n",
			  "unknown target field 'colour'");
}

static void test_load_bad_status(void **state)
{
	(void)state;
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    higress:\n"
			  "      status: maybe\n",
			  "unknown status 'maybe'");
	/* 'unknown' and 'invalid' are verdicts, not statuses a rule may have */
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    higress:\n"
			  "      status: unknown\n",
			  "unknown status");
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    higress:\n"
			  "      severity: fatal\n",
			  "unknown severity 'fatal'");
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: auth-url\n"
			  "    state: sideways\n",
			  "unknown state 'sideways'");
}

static void test_load_bad_structure(void **state)
{
	(void)state;
	expect_load_error("version: 2\nrules: []\n", "version");
	expect_load_error("rules: []\n", "version");
	expect_load_error("version: 1\nrules: {}\n", "'rules' must be a sequence");
	expect_load_error("- a\n- b\n", NULL);
	expect_load_error("version: 1\nrules:\n  - name: Bad_Name\n", "rule name");
	expect_load_error("version: 1\nrules:\n  - state: current\n", "without a 'name'");
	expect_load_error("version: 1\nrules:\n  - just-a-string\n", "must be a mapping");
	expect_load_error("version: 1\nrules:\n  - name: x\n    risk: Huge\n", "unknown risk");
	expect_load_error("version: 1\nrules:\n  - name: x\n    strip-spaces: maybe\n", "strip-spaces");
}

static void test_load_error_position(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: auth-url\n"
		"    higress:\n"
		"      status: maybe\n";
	struct ruleset *rs = ruleset_new_empty();
	struct h_capture err;

	(void)state;
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "pos.yaml", text, strlen(text), err.fp), -1);
	/* the value 'maybe' is on line 5, column 15 */
	assert_non_null(strstr(h_capture_text(&err), "pos.yaml:5:15: error: unknown status 'maybe'"));
	h_capture_free(&err);
	ruleset_free(rs);
}

static void test_load_not_yaml(void **state)
{
	static const char text[] = "version: 1\nrules: [\n  {name: x\n";
	struct ruleset *rs = ruleset_new_builtin(stderr);
	struct h_capture err;

	(void)state;
	assert_non_null(rs);
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "broken.yaml", text, strlen(text), err.fp), -1);
	/* something is said on err, naming the input */
	assert_non_null(strstr(h_capture_text(&err), "broken.yaml"));
	assert_non_null(strstr(h_capture_text(&err), "error"));
	h_capture_free(&err);
	ruleset_free(rs);
}

static void test_load_not_yaml_position(void **state)
{
	static const char text[] = "version: 1\nrules: [\n  {name: x\n";
	struct ruleset *rs;
	struct h_capture err;

	(void)state;
	/* Regression: rules.h promises file:line:col diagnostics for a broken rules
	 * file, and ruleset_load_string() "prints to err"; but for a YAML
	 * syntax error load_with() (rules.c) only writes "ingress2higress:
	 * error: cannot load rules from 'broken.yaml'" to err, while
	 * libfyaml's positioned diagnostic goes to the process's stderr
	 * as "<memory-@0x...>:4:1: error: ...", naming no file: the
	 * fy_parse_cfg has no diag set. */
	rs = ruleset_new_empty();
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "broken.yaml", text, strlen(text), err.fp), -1);
	assert_true(has_diag(h_capture_text(&err), "broken.yaml", NULL));
	h_capture_free(&err);
	ruleset_free(rs);
}

static void test_load_file_missing(void **state)
{
	struct ruleset *rs = ruleset_new_empty();
	struct h_capture err;

	(void)state;
	h_capture_open(&err);
	assert_int_equal(ruleset_load_file(rs, "/nonexistent/rules.yaml", err.fp), -1);
	assert_non_null(strstr(h_capture_text(&err), "/nonexistent/rules.yaml: error: cannot open rules file"));
	h_capture_free(&err);
	assert_int_equal(ruleset_count(rs), 0);
	ruleset_free(rs);
}

static void test_load_file(void **state)
{
	/* a named file (the loader opens it by name) in a directory of our own */
	char *dir = h_tmpdir("rules"), *path = h_path(dir, "rules.yaml");
	struct ruleset *rs = ruleset_new_empty();

	(void)state;
	h_write_file(path, override_text);
	assert_int_equal(ruleset_load_file(rs, path, stderr), 0);
	free(path);
	h_tmpdir_remove(dir);
	assert_int_equal(ruleset_count(rs), 1);
	assert_int_equal(ruleset_find(rs, "auth-url")->targets[TARGET_INGRESS].severity, SEV_WARNING);
	assert_non_null(strstr(ruleset_find(rs, "auth-url")->origin, ":3"));
	ruleset_free(rs);
}

static void test_check_incomplete(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: half-done\n"
		"    risk: Low\n";
	struct ruleset *rs = ruleset_new_empty();
	struct h_capture err;
	size_t problems;

	(void)state;
	assert_int_equal(ruleset_count(rs), 0);
	assert_int_equal(ruleset_load_string(rs, "half.yaml", text, strlen(text), stderr), 0);
	assert_int_equal(ruleset_count(rs), 1);
	h_capture_open(&err);
	problems = ruleset_check(rs, err.fp);
	/* missing state and both target blocks */
	assert_int_equal(problems, 3);
	assert_non_null(strstr(h_capture_text(&err), "half.yaml:3: error: rule 'half-done': missing 'state'"));
	assert_non_null(strstr(h_capture_text(&err), "rule 'half-done': missing the 'higress' block"));
	assert_non_null(strstr(h_capture_text(&err), "rule 'half-done': missing the 'gateway' block"));
	h_capture_free(&err);
	ruleset_free(rs);
}

static void test_check_problems(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: bad-alias\n"
		"    state: alias\n"
		"    alias-of: does-not-exist\n"
		"    risk: Low\n"
		"    higress: {status: supported, severity: info, message: \"fine\"}\n"
		"    gateway: {status: supported, severity: info, message: \"fine\"}\n"
		"  - name: bad-message\n"
		"    state: higress\n"
		"    higress: {status: supported, severity: info, message: \"Capital and stop.\"}\n"
		"    gateway: {status: supported, severity: info, message: \"fine\"}\n"
		"  - name: bad-pattern\n"
		"    state: higress\n"
		"    validator: '([a-z'\n"
		"    higress: {status: supported, severity: info, message: \"fine\"}\n"
		"    gateway: {status: supported, severity: info, message: \"fine\"}\n"
		"  - name: bad-converter\n"
		"    state: higress\n"
		"    higress: {status: converted, severity: info, message: \"fine\", convert: no-such}\n"
		"    gateway: {status: converted, severity: info, message: \"fine\", convert: ssl-ciphers}\n"
		"  - name: bad-gateway-message\n"
		"    state: higress\n"
		"    higress: {status: supported, severity: info, message: \"fine\"}\n"
		"    gateway: {status: converted, severity: info, message: \"Two\\nlines\"}\n";
	struct ruleset *rs = ruleset_new_empty();
	const struct rule *r;
	const char *why = NULL;
	struct h_capture err;
	const char *out;

	(void)state;
	assert_int_equal(ruleset_load_string(rs, "p.yaml", text, strlen(text), stderr), 0);
	h_capture_open(&err);
	assert_int_equal(ruleset_check(rs, err.fp), 11);
	out = h_capture_text(&err);
	assert_non_null(strstr(out, "rule 'bad-alias': alias without an existing 'alias-of'"));
	assert_non_null(strstr(out, "rule 'bad-alias': missing 'controller-validator'"));
	assert_non_null(strstr(out, "rule 'bad-alias': missing 'validator'"));
	assert_non_null(strstr(out, "rule 'bad-message': 'higress' message ends with a full stop"));
	assert_non_null(strstr(out, "rule 'bad-message': 'higress' message starts with a capital letter"));
	assert_non_null(strstr(out, "rule 'bad-pattern': validator '([a-z' does not compile"));
	assert_non_null(strstr(out, "rule 'bad-converter': unknown 'higress' converter 'no-such'"));
	/* an Ingress converter is no Gateway API converter */
	assert_non_null(strstr(out, "rule 'bad-converter': unknown 'gateway' converter 'ssl-ciphers'"));
	assert_non_null(strstr(out, "rule 'bad-gateway-message': 'gateway' message starts with a capital letter"));
	assert_non_null(strstr(out, "rule 'bad-gateway-message': 'gateway' message spans lines"));
	assert_non_null(strstr(out, "rule 'bad-gateway-message': 'gateway' status 'converted' without a 'convert' routine"));
	h_capture_free(&err);
	r = ruleset_find(rs, "bad-pattern");
	assert_non_null(r);
	assert_int_equal(rule_check_value(rs, r, "abc", &why), -1);
	assert_non_null(why);
	ruleset_free(rs);
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(rule_state_name(RS_CURRENT), "current");
	assert_string_equal(rule_state_name(RS_REMOVED), "removed");
	assert_string_equal(rule_state_name(RS_HIGRESS), "higress");
	assert_string_equal(rule_state_name(-1), "?");
	assert_string_equal(rule_state_name(RS__COUNT), "?");
	assert_true(converter_exists("ssl-ciphers"));
	assert_true(converter_exists("rename-whitelist"));
	assert_false(converter_exists("no-such-converter"));
}

/* 'may-become': loaded as status bits; rules --check holds it to the
 * converter's statuses, the row's own status and a 'convert'. */
static void check_may_become(const char *name, const char *block, const char *needle)
{
	struct ruleset *rs = ruleset_new_builtin(stderr);
	struct h_capture err;
	char *text = xasprintf("version: 1\nrules:\n  - name: %s\n    higress:\n%s", name, block);
	int rc;

	assert_non_null(rs);
	assert_int_equal(ruleset_load_string(rs, "mb.yaml", text, strlen(text), stderr), 0);
	h_capture_open(&err);
	rc = ruleset_check(rs, err.fp);
	if (needle == NULL) {
		assert_int_equal(rc, 0);
	} else if (rc == 0 || strstr(h_capture_text(&err), needle) == NULL) {
		fail_msg("no '%s' problem in: %s", needle, h_capture_text(&err));
	}
	h_capture_free(&err);
	free(text);
	ruleset_free(rs);
}

static void test_may_become(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "mirror-target");

	assert_non_null(r);
	assert_int_equal(r->targets[TARGET_INGRESS].may_become,
			 (1u << ST_PARTIAL) | (1u << ST_UNSUPPORTED) | (1u << ST_IGNORED));
	assert_int_equal(r->targets[TARGET_INGRESS].may_become & ~converter_statuses("mirror-target"), 0);
	assert_int_equal(converter_statuses("no-such-converter"), 0);
	r = ruleset_find(rs, "auth-url");
	assert_non_null(r);
	assert_int_equal(r->targets[TARGET_INGRESS].may_become, 0);
	check_may_become("mirror-target", "      may-become: partial\n", NULL);
	check_may_become("mirror-target", "      may-become: supported\n", "never gives");
	check_may_become("mirror-target", "      may-become: converted, partial\n", "own status");
	check_may_become("auth-url", "      may-become: partial\n", "without a 'convert'");
	expect_load_error("version: 1\n"
			  "rules:\n"
			  "  - name: mirror-target\n"
			  "    higress:\n"
			  "      may-become: partial, sometimes\n",
			  "unknown status 'sometimes' in 'may-become'");
}

static void test_on_invalid(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "auth-url");

	/* the controller rejects an Ingress whose auth-url fails validation */
	assert_non_null(r);
	assert_non_null(r->on_invalid);
	assert_string_equal(r->on_invalid, "reject-ingress");
	r = ruleset_find(rs, "proxy-read-timeout");
	assert_non_null(r);
	assert_string_equal(r->on_invalid, "default");
	/* removed names carry none */
	r = ruleset_find(rs, "secure-backends");
	assert_non_null(r);
	assert_null(r->on_invalid);
}

static void test_on_invalid_unknown_value(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: auth-url\n"
		"    on-invalid: explode\n";
	struct ruleset *rs = ruleset_new_builtin(stderr);
	FILE *err = h_tmpfile();
	char buf[512] = "";

	(void)state;
	assert_non_null(rs);
	assert_int_equal(ruleset_load_string(rs, "oi.yaml", text, strlen(text), err), -1);
	rewind(err);
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_non_null(strstr(buf, "oi.yaml:4:17: error: unknown 'on-invalid' value 'explode'"));
	fclose(err);
	ruleset_free(rs);
}

/* A --rules file overrides one field of the 'gateway' block: the other
 * gateway fields and the whole 'higress' block stay. */
static void test_merge_gateway_override(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: canary-by-cookie\n"
		"    gateway:\n"
		"      severity: critical\n"
		"      fix: \"our policy: no cookie canaries on the gateway\"\n";
	struct ruleset *rs = *state;
	const struct rule *r = ruleset_find(rs, "canary-by-cookie");
	char *gmsg, *hmsg;
	int hsev, hst;
	struct h_capture err;

	assert_non_null(r);
	gmsg = strdup(r->targets[TARGET_GATEWAY].message);
	hmsg = strdup(r->targets[TARGET_INGRESS].message);
	hsev = r->targets[TARGET_INGRESS].severity;
	hst = r->targets[TARGET_INGRESS].status;
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, SEV_ERROR);
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "gw.yaml", text, strlen(text), err.fp), 0);
	assert_string_equal(h_capture_text(&err), "");
	h_capture_free(&err);
	r = ruleset_find(rs, "canary-by-cookie");
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, SEV_CRITICAL);
	assert_string_equal(r->targets[TARGET_GATEWAY].fix, "our policy: no cookie canaries on the gateway");
	assert_int_equal(r->targets[TARGET_GATEWAY].status, ST_UNSUPPORTED);
	assert_string_equal(r->targets[TARGET_GATEWAY].message, gmsg);
	assert_string_equal(r->targets[TARGET_GATEWAY].convert, "canary");
	assert_int_equal(r->targets[TARGET_INGRESS].severity, hsev);
	assert_int_equal(r->targets[TARGET_INGRESS].status, hst);
	assert_string_equal(r->targets[TARGET_INGRESS].message, hmsg);
	assert_int_equal(ruleset_check(rs, stderr), 0);
	free(gmsg);
	free(hmsg);
}

/* Every row of the table needs both blocks: a row with only 'higress'
 * (or only 'gateway') is refused by the check, whatever its state. */
static void test_check_requires_gateway_block(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: only-higress\n"
		"    state: higress\n"
		"    higress: {status: supported, severity: info, message: \"fine\"}\n"
		"  - name: only-gateway\n"
		"    state: removed\n"
		"    gateway: {status: ignored, severity: warning, message: \"fine\"}\n"
		"  - name: half-gateway\n"
		"    state: higress\n"
		"    higress: {status: supported, severity: info, message: \"fine\"}\n"
		"    gateway: {status: supported}\n";
	struct ruleset *rs = ruleset_new_empty();
	struct h_capture err;
	const char *out;

	(void)state;
	assert_int_equal(ruleset_load_string(rs, "g.yaml", text, strlen(text), stderr), 0);
	h_capture_open(&err);
	assert_int_equal(ruleset_check(rs, err.fp), 4);
	out = h_capture_text(&err);
	assert_non_null(strstr(out, "g.yaml:3: error: rule 'only-higress': missing the 'gateway' block"));
	assert_non_null(strstr(out, "g.yaml:6: error: rule 'only-gateway': missing the 'higress' block"));
	assert_non_null(strstr(out, "rule 'half-gateway': missing 'gateway.severity'"));
	assert_non_null(strstr(out, "rule 'half-gateway': missing 'gateway.message'"));
	h_capture_free(&err);
	ruleset_free(rs);
}

/* The gateway block goes through the same field table as the rest:
 * unknown fields and bad values are refused with their position. */
static void test_load_gateway_fields(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - name: x\n"
		"    gateway:\n"
		"      status: sometimes\n"
		"      severity: loud\n"
		"      colour: red\n";
	struct ruleset *rs = ruleset_new_empty();
	struct h_capture err;
	const char *out;

	(void)state;
	h_capture_open(&err);
	assert_int_equal(ruleset_load_string(rs, "f.yaml", text, strlen(text), err.fp), -1);
	out = h_capture_text(&err);
	assert_non_null(strstr(out, "f.yaml:5:15: error: unknown status 'sometimes'"));
	assert_non_null(strstr(out, "f.yaml:6:17: error: unknown severity 'loud'"));
	assert_non_null(strstr(out, "f.yaml:7:7: error: unknown target field 'colour'"));
	h_capture_free(&err);
	ruleset_free(rs);
}

/* Facts of the built-in gateway blocks that the findings rely on. */
static void test_builtin_gateway_blocks(void **state)
{
	struct ruleset *rs = *state;
	const struct rule *r;

	for (size_t i = 0; i < ruleset_count(rs); i++) {
		r = ruleset_at(rs, i);
		assert_true(r->targets[TARGET_GATEWAY].status >= 0);
		assert_non_null(r->targets[TARGET_GATEWAY].message);
	}
	/* no frontend client-certificate validation in Higress's Gateway API */
	r = ruleset_find(rs, "auth-tls-secret");
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, SEV_CRITICAL);
	assert_int_equal(r->targets[TARGET_GATEWAY].status, ST_UNSUPPORTED);
	/* no cookie match */
	r = ruleset_find(rs, "canary-by-cookie");
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, SEV_ERROR);
	/* dropped on both targets with the same severity */
	r = ruleset_find(rs, "auth-url");
	assert_int_equal(r->targets[TARGET_GATEWAY].status, ST_UNSUPPORTED);
	assert_int_equal(r->targets[TARGET_GATEWAY].severity, r->targets[TARGET_INGRESS].severity);
	assert_non_null(strstr(r->targets[TARGET_GATEWAY].becomes, "WasmPlugin"));
	/* a Gateway API converter, which is no Ingress one */
	r = ruleset_find(rs, "rewrite-target");
	assert_string_equal(r->targets[TARGET_GATEWAY].convert, "rewrite-target");
	assert_true(target_converter_exists(TARGET_GATEWAY, "timeouts"));
	assert_false(target_converter_exists(TARGET_INGRESS, "timeouts"));
	assert_false(target_converter_exists(TARGET_GATEWAY, "ssl-ciphers"));
	assert_true(target_converter_exists(TARGET_INGRESS, "ssl-ciphers"));
	assert_false(target_converter_exists(TARGET__COUNT, "ssl-ciphers"));
	assert_string_equal(rule_target_key(TARGET_INGRESS), "higress");
	assert_string_equal(rule_target_key(TARGET_GATEWAY), "gateway");
	assert_string_equal(rule_target_key(TARGET__COUNT), "?");
	assert_int_equal(rule_target_from_name("gateway"), TARGET_GATEWAY);
	assert_int_equal(rule_target_from_name("ingress"), -1);
}

/* Are two possibly NULL strings equal? */
static int same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The built-in table (C data written at build time) holds exactly what
 * the runtime loader reads from rules/annotations.yaml: every field of
 * every rule, the sources, and the origins (under the <builtin> name). */
static void test_builtin_equals_runtime_load(void **state)
{
	char *path = h_source_path("rules/annotations.yaml");
	struct ruleset *built = *state, *loaded = ruleset_new_empty();

	assert_non_null(path);
	assert_int_equal(ruleset_load_file(loaded, path, stderr), 0);
	assert_int_equal(ruleset_count(built), ruleset_count(loaded));
	for (size_t i = 0; i < ruleset_count(loaded); i++) {
		const struct rule *a = ruleset_at(built, i), *b = ruleset_at(loaded, i);
		const char *colon = strrchr(b->origin, ':');
		char *origin;

		assert_string_equal(a->name, b->name);
		assert_int_equal(a->state, b->state);
		assert_true(same_str(a->alias_of, b->alias_of));
		assert_true(same_str(a->risk, b->risk));
		assert_true(same_str(a->scope, b->scope));
		assert_true(same_str(a->validator, b->validator));
		assert_int_equal(a->strip_spaces, b->strip_spaces);
		assert_int_equal(a->controller, b->controller);
		assert_true(same_str(a->default_value, b->default_value));
		assert_true(same_str(a->on_invalid, b->on_invalid));
		assert_true(same_str(a->doc, b->doc));
		for (int t = 0; t < TARGET__COUNT; t++) {
			const struct target_rule *x = &a->targets[t], *y = &b->targets[t];
			assert_int_equal(x->status, y->status);
			assert_int_equal(x->severity, y->severity);
			assert_true(same_str(x->message, y->message));
			assert_true(same_str(x->becomes, y->becomes));
			assert_true(same_str(x->fix, y->fix));
			assert_true(same_str(x->convert, y->convert));
			assert_int_equal(x->may_become, y->may_become);
		}
		assert_non_null(colon);
		origin = xasprintf("<builtin>/rules/annotations.yaml%s", colon);
		assert_string_equal(a->origin, origin);
		free(origin);
	}
	for (int i = 0; i < RSRC__COUNT; i++) {
		assert_non_null(ruleset_source(built, i));
		assert_string_equal(ruleset_source(built, i), ruleset_source(loaded, i));
	}
	ruleset_free(loaded);
	free(path);
}

/* The built-in table borrows the strings of the C data; the first merge
 * copies them (what it changes and what it keeps), so freeing either
 * table frees only its own. */
static void test_builtin_borrows_until_merge(void **state)
{
	struct ruleset *rs = *state, *other = ruleset_new_builtin(stderr);
	const struct rule *r = ruleset_find(rs, "auth-url");
	size_t i = (size_t)(r - ruleset_at(rs, 0));

	assert_ptr_equal(r->name, rules_builtin_data.rules[i].name);
	assert_ptr_equal(r->targets[TARGET_INGRESS].message, rules_builtin_data.rules[i].targets[TARGET_INGRESS].message);
	assert_ptr_equal(ruleset_source(rs, RSRC_HIGRESS), rules_builtin_data.sources[RSRC_HIGRESS]);
	assert_int_equal(ruleset_load_string(rs, "override.yaml", override_text, strlen(override_text), stderr), 0);
	r = ruleset_find(rs, "auth-url");
	assert_ptr_not_equal(r->name, rules_builtin_data.rules[i].name);
	assert_string_equal(r->name, "auth-url");
	assert_string_equal(r->targets[TARGET_INGRESS].message, rules_builtin_data.rules[i].targets[TARGET_INGRESS].message);
	assert_string_equal(ruleset_source(rs, RSRC_HIGRESS), rules_builtin_data.sources[RSRC_HIGRESS]);
	/* the data itself is untouched: another table still sees it */
	assert_int_equal(ruleset_find(other, "auth-url")->targets[TARGET_INGRESS].severity,
			 rules_builtin_data.rules[i].targets[TARGET_INGRESS].severity);
	assert_int_not_equal(r->targets[TARGET_INGRESS].severity,
			     rules_builtin_data.rules[i].targets[TARGET_INGRESS].severity);
	/* patterns compile per table */
	assert_int_equal(rule_check_value(other, ruleset_find(other, "proxy-body-size"), "8m", NULL), 1);
	ruleset_free(other);
}

static void test_sources(void **state)
{
	static const char text[] =
		"version: 1\n"
		"sources:\n"
		"  higress: \"v9.9.9 (local)\"\n"
		"rules: []\n";
	struct ruleset *rs = ruleset_new_builtin(stderr);
	const char *in = ruleset_source(rs, RSRC_INGRESS_NGINX);

	(void)state;
	assert_non_null(in);
	assert_memory_equal(in, "controller v", 12);
	assert_int_equal(ruleset_load_string(rs, "src.yaml", text, strlen(text), stderr), 0);
	assert_string_equal(ruleset_source(rs, RSRC_HIGRESS), "v9.9.9 (local)");
	assert_string_equal(ruleset_source(rs, RSRC_INGRESS_NGINX), rules_builtin_data.sources[RSRC_INGRESS_NGINX]);
	assert_null(ruleset_source(rs, RSRC__COUNT));
	assert_string_equal(rule_source_key(RSRC_INGRESS_NGINX), "ingress-nginx");
	assert_string_equal(rule_source_key(RSRC_HIGRESS), "higress");
	assert_string_equal(rule_source_key(-1), "?");
	ruleset_free(rs);
	rs = ruleset_new_empty();
	assert_null(ruleset_source(rs, RSRC_HIGRESS));
	ruleset_free(rs);
	expect_load_error("version: 1\nsources:\n  envoy: x\nrules: []\n",
			  "unknown source 'envoy' (ingress-nginx or higress)");
	expect_load_error("version: 1\nsources: [a]\nrules: []\n", "'sources' must be a mapping");
	expect_load_error("version: 1\nsources:\n  higress: [a]\nrules: []\n", "'higress' must be a scalar");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin_loads_and_checks, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_builtin_sorted, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_find_auth_url, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_find_alias, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_on_invalid, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_may_become, setup_builtin, teardown_builtin),
		cmocka_unit_test(test_on_invalid_unknown_value),
		cmocka_unit_test_setup_teardown(test_find_absent, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_suggest, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_empty, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_strip_spaces, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_no_validator, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_crlf, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_int, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_cidrs, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_unicode_space, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_check_value_common_name, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_merge_override, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_merge_new_name, setup_builtin, teardown_builtin),
		cmocka_unit_test(test_load_unknown_field),
		cmocka_unit_test(test_load_bad_status),
		cmocka_unit_test(test_load_bad_structure),
		cmocka_unit_test(test_load_error_position),
		cmocka_unit_test(test_load_not_yaml),
		cmocka_unit_test(test_load_file_missing),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_check_incomplete),
		cmocka_unit_test(test_check_problems),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_load_not_yaml_position),
		cmocka_unit_test_setup_teardown(test_merge_gateway_override, setup_builtin, teardown_builtin),
		cmocka_unit_test(test_check_requires_gateway_block),
		cmocka_unit_test(test_load_gateway_fields),
		cmocka_unit_test_setup_teardown(test_builtin_gateway_blocks, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_builtin_equals_runtime_load, setup_builtin, teardown_builtin),
		cmocka_unit_test_setup_teardown(test_builtin_borrows_until_merge, setup_builtin, teardown_builtin),
		cmocka_unit_test(test_sources),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
