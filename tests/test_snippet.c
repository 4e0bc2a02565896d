/* test_snippet.c - unit tests for nginx_conf.h (the tokenizer, on
 * adversarial input) and snippet.h (the directive classifier). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "nginx_conf.h"
#include "snippet.h"
#include "util.h"

static size_t parse(const char *text, size_t len, struct ngx_conf *c)
{
	memset(c, 0, sizeof(*c));
	return ngx_parse(text, len, c);
}

static void test_tokens(void **state)
{
	static const char text[] = "more_set_headers \"X-A: b\" 'c\\'d';  # comment ; {\n"
				   "proxy_set_header Host $host;\nadd_header X \"a\\\"b\" always;";
	struct ngx_conf c;

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].name, "more_set_headers");
	assert_int_equal(c.v[0].off, 0);
	assert_int_equal(c.v[0].nargs, 2);
	assert_string_equal(c.v[0].args[0].text, "X-A: b");
	assert_int_equal(c.v[0].args[0].quote, '"');
	assert_int_equal(c.v[0].args[0].off, 17);
	assert_string_equal(c.v[0].args[1].text, "c'd");
	assert_false(c.v[0].args[0].has_var);
	assert_string_equal(c.v[1].name, "proxy_set_header");
	assert_int_equal(c.v[1].off, (size_t)(strstr(text, "proxy_set") - text));
	assert_true(c.v[1].args[1].has_var);
	assert_false(c.v[1].args[0].has_var);
	assert_string_equal(c.v[2].args[1].text, "a\"b");
	assert_int_equal(c.v[2].nargs, 3);
	ngx_conf_free(&c);
}

/* Escapes as nginx reads them: '\"', '\'', '\\', '\t', '\r', '\n' become
 * the character, quoted or not; any other backslash stays (regexes). */
static void test_escapes(void **state)
{
	static const char text[] = "rewrite ^/a\\.b$ \"x\\'y\" 'p\\\"q' w\\;x \\$v;";
	struct ngx_conf c;

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.v[0].nargs, 5);
	assert_string_equal(c.v[0].args[0].text, "^/a\\.b$");
	assert_string_equal(c.v[0].args[1].text, "x'y");
	assert_string_equal(c.v[0].args[2].text, "p\"q");
	assert_string_equal(c.v[0].args[3].text, "w\\;x");
	assert_string_equal(c.v[0].args[4].text, "\\$v");
	assert_false(c.v[0].args[4].has_var);
	ngx_conf_free(&c);
}

static void test_blocks(void **state)
{
	static const char text[] = "location /a { if ($x) { return 403; } }\n"
				   "access_by_lua_block { local s = \"}\" -- }\n if a then b() end }\nserver_tokens off;";
	struct ngx_conf c;

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c), 0);
	assert_int_equal(c.n, 5);
	assert_true(c.v[0].block);
	assert_int_equal(c.v[0].parent, -1);
	assert_int_equal(c.v[1].parent, 0);
	assert_int_equal(c.v[2].parent, 1);
	assert_int_equal(c.v[2].depth, 2);
	assert_string_equal(c.v[3].name, "access_by_lua_block");
	assert_true(c.v[3].raw_block);
	assert_int_equal(c.v[3].depth, 0);
	assert_string_equal(c.v[4].name, "server_tokens");
	assert_int_equal(c.v[4].depth, 0);
	ngx_conf_free(&c);
}

/* Parse text and expect an error at byte off whose message holds what. */
static void expect_error(const char *text, size_t len, size_t off, const char *what)
{
	struct ngx_conf c;
	bool found = false;

	assert_true(parse(text, len, &c) > 0);
	for (size_t i = 0; i < c.nerrs; i++)
		found |= c.errs[i].off == off && strstr(c.errs[i].msg, what) != NULL;
	if (!found)
		fail_msg("no error '%s' at %zu in '%.*s' (first: %zu '%s')", what, off, (int)len, text,
			 c.errs[0].off, c.errs[0].msg);
	ngx_conf_free(&c);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("add_header X \"abc;\n", 19, 13, "unterminated double-quoted");
	expect_error("add_header X 'abc", 17, 13, "unterminated single-quoted");
	expect_error("a {\n b;\n", 8, 0, "not closed");
	expect_error("a;\n}\n", 5, 3, "unexpected '}'");
	expect_error("more_set_headers x", 18, 0, "not terminated");
	expect_error("a \"b\"c;", 7, 5, "after a quoted string");
	expect_error("a b\0c;", 6, 3, "NUL byte");
	expect_error("{ a; }", 6, 0, "without a directive name");
	expect_error("content_by_lua_block { x", 24, 21, "not closed");
}

/* 10k-deep nesting, braces alone, huge inputs: no recursion, bounded
 * errors, linear time (the suite's time limit catches a quadratic). */
static void test_adversarial(void **state)
{
	size_t n = 10000, i;
	struct buf b = {0};
	struct ngx_conf c;

	(void)state;
	for (i = 0; i < n; i++)
		buf_adds(&b, "a {");
	assert_true(parse(b.data, b.len, &c) > 0);
	assert_int_equal(c.n, n);
	assert_int_equal(c.v[n - 1].depth, n - 1);
	assert_true(c.nerrs <= 65);
	ngx_conf_free(&c);
	buf_free(&b);
	for (i = 0; i < 200000; i++)
		buf_adds(&b, i % 2 ? "}" : "{");
	assert_true(parse(b.data, b.len, &c) > 0);
	assert_int_equal(c.n, 0);
	assert_true(c.nerrs <= 65);
	ngx_conf_free(&c);
	buf_free(&b);
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "[[\"'\\");
	(void)parse(b.data, b.len, &c);
	ngx_conf_free(&c);
	buf_free(&b);
	buf_adds(&b, "x_by_lua_block {");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "[[ '");
	assert_true(parse(b.data, b.len, &c) > 0);
	ngx_conf_free(&c);
	buf_free(&b);
	assert_int_equal(parse("", 0, &c), 0);
	assert_int_equal(c.n, 0);
	ngx_conf_free(&c);
	assert_int_equal(parse("\\", 1, &c), 1);	/* a lone backslash: a word, unterminated */
	ngx_conf_free(&c);
}

static void read(struct snippet *s, const char *name, const char *text)
{
	snippet_read(name, text, strlen(text), s);
}

static bool has(const struct snippet *s, enum snip_class cls, const char *what)
{
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].cls == cls && strstr(s->items[i].msg, what))
			return true;
	return false;
}

static void test_headers(void **state)
{
	struct snippet s;
	char *v;

	(void)state;
	read(&s, "configuration-snippet",
	     "more_set_headers \"X-Frame-Options: DENY\" 'X-B: 1 2';\n"
	     "add_header Strict-Transport-Security \"max-age=31536000\" always;\n"
	     "proxy_set_header X-Env prod;\nproxy_set_header X-Gone \"\";\n"
	     "more_set_input_headers 'X-In: a';\nmore_clear_input_headers X-Old;\n"
	     "more_clear_headers Server X-Powered-By;\nproxy_hide_header X-Internal;\nserver_tokens off;\n");
	assert_true(s.convertible);
	assert_true(s.translates);
	assert_null(s.notes);
	v = snippet_higress_value(&s.resp[SNIP_SET], SNIP_SET);
	assert_string_equal(v, "X-Frame-Options DENY\nX-B 1 2");
	free(v);
	v = snippet_higress_value(&s.resp[SNIP_REMOVE], SNIP_REMOVE);
	assert_string_equal(v, "X-Powered-By,X-Internal");
	free(v);
	v = snippet_higress_value(&s.req[SNIP_SET], SNIP_SET);
	assert_string_equal(v, "X-Env prod\nX-In a");
	free(v);
	v = snippet_higress_value(&s.req[SNIP_REMOVE], SNIP_REMOVE);
	assert_string_equal(v, "X-Gone,X-Old");
	free(v);
	assert_int_equal(s.resp[SNIP_ADD].n, 1);
	assert_true(has(&s, SNIP_DROPPABLE, "server_tokens"));
	assert_true(has(&s, SNIP_DROPPABLE, "Server"));
	snippet_free(&s);

	read(&s, "configuration-snippet", "add_header X-A b;");
	assert_true(s.convertible);
	assert_non_null(s.notes);	/* without 'always': 2xx/3xx only */
	snippet_free(&s);
}

static void test_not_convertible(void **state)
{
	struct snippet s;

	(void)state;
	read(&s, "configuration-snippet", "more_set_headers \"X-Id: $request_id\";\nadd_header X-A b always;\n"
					  "more_set_headers -s 404 'X-B: c';\nmore_clear_headers 'X-Hidden-*';\n"
					  "limit_req zone=one;\nadd_header X-A c always;\n");
	assert_false(s.convertible);
	assert_false(s.translates);
	assert_true(has(&s, SNIP_UNSUPPORTED, "variable"));
	assert_true(has(&s, SNIP_UNSUPPORTED, "'-s'"));
	assert_true(has(&s, SNIP_UNSUPPORTED, "pattern"));
	assert_true(has(&s, SNIP_UNSUPPORTED, "'limit_req'"));
	assert_true(has(&s, SNIP_UNSUPPORTED, "already changed"));
	assert_true(has(&s, SNIP_TRANSLATABLE, "'add_header' alone"));
	for (size_t i = 1; i < s.nitems; i++)
		assert_true(s.items[i - 1].off <= s.items[i].off);
	snippet_free(&s);

	read(&s, "auth-snippet", "proxy_set_header X-A b;");
	assert_false(s.convertible);
	assert_true(has(&s, SNIP_UNSUPPORTED, "auth subrequest"));
	snippet_free(&s);
}

static void test_dangerous(void **state)
{
	static const char *const cases[] = {
		"content_by_lua_block { ngx.say('x') }", "lua_package_path '/tmp/?.lua';", "load_module x.so;",
		"include /etc/nginx/x.conf;", "alias /;", "root /srv;", "ssl_engine /tmp/x.so;",
		"proxy_pass http://169.254.169.254;", "set $x /var/run/secrets/kubernetes.io/token;",
		"access_log /tmp/log;", "if ($a) { access_by_lua 'x'; }",
	};
	struct snippet s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		read(&s, "server-snippet", cases[i]);
		if (!has(&s, SNIP_DANGEROUS, "'"))
			fail_msg("not dangerous: %s", cases[i]);
		assert_false(s.convertible);
		snippet_free(&s);
	}
	read(&s, "modsecurity-snippet", "SecRule ARGS \"x\" \"id:1,deny\"';\nload_module /tmp/x.so;#");
	assert_true(has(&s, SNIP_DANGEROUS, "single quote"));
	for (size_t i = 0; i < s.nitems; i++)
		if (s.items[i].cls == SNIP_DANGEROUS)
			assert_int_equal(s.items[i].off, 28);
	snippet_free(&s);
}

static void test_redirects(void **state)
{
	struct snippet s;

	(void)state;
	read(&s, "configuration-snippet", "return 301 https://example.com/new;");
	assert_true(s.translates);
	assert_string_equal(s.redirect_url, "https://example.com/new");
	assert_int_equal(s.redirect_code, 301);
	snippet_free(&s);
	read(&s, "configuration-snippet", "rewrite ^ https://example.com/ redirect;");
	assert_true(s.translates);
	assert_int_equal(s.redirect_code, 302);
	snippet_free(&s);
	read(&s, "configuration-snippet", "return 301 https://$host$request_uri;");
	assert_false(s.convertible);
	snippet_free(&s);
	read(&s, "configuration-snippet", "rewrite ^/old$ https://example.com/ permanent;");
	assert_false(s.convertible);
	snippet_free(&s);
	read(&s, "configuration-snippet", "return 403;");
	assert_true(has(&s, SNIP_UNSUPPORTED, "answers directly"));
	snippet_free(&s);
	read(&s, "configuration-snippet", "return 302 https://a.example/;return 301 https://b.example/;");
	assert_true(has(&s, SNIP_UNSUPPORTED, "never reached"));
	snippet_free(&s);
	read(&s, "configuration-snippet", "  # only a comment\n");
	assert_true(s.convertible);
	assert_false(s.translates);
	snippet_free(&s);
}

static void test_rule_ids(void **state)
{
	(void)state;
	for (int c = SNIP_PARSE_ERROR; c <= SNIP_TRANSLATABLE; c++)
		for (int d = SNIP_PARSE_ERROR; d < c; d++)
			assert_string_not_equal(snippet_rule_id((enum snip_class)c), snippet_rule_id((enum snip_class)d));
	assert_string_equal(snippet_rule_id(SNIP_DANGEROUS), "snippet-directive-dangerous");
	assert_true(snippet_name("stream-snippet"));
	assert_true(snippet_name("x-snippet"));
	assert_false(snippet_name("-snippet"));
	assert_false(snippet_name("snippets"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_adversarial),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_not_convertible),
		cmocka_unit_test(test_dangerous),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_rule_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
