/* test_yaml_write.c - unit tests for yaml_write.h: plain-scalar safety,
 * block layout and provenance comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "yaml_write.h"

static void test_plain_safe(void **state)
{
	static const char *const plain[] = { "web", "/api", "shop.example.com", "a.b",
					     "higress-system", "Exact", "a:b", "v1", "1abcxyz",
					     "a::b", "a:b:c", "o", "nope", "fa", "tRUE", "Kind", "type", NULL };
	static const char *const quoted[] = { "", "yes", "No", "on", "OFF", "y", "n", "true", "null", "~",
					      "<<", "=", "123", "0x1F", "1e3", "1.5", ".inf", "-1", "+1",
					      "12:30", "2001-12-14", "*.example.com", "a: b", "a #b", "-x",
					      "x ", " x", "a\nb", "caf\xc3\xa9", "{a}", "[a]", "a,b", "'q", "\"q",
					      "@x", "`x", "%x", "!x", "&x", "|x", ">x", "?x", "#x", "x:",
					      "a:b:", "a:b: c", "True", "FALSE", "Off", "Yes", "N", "a\tb", "x\x7f",
					      "a\\b", "a}", NULL };

	(void)state;
	for (const char *const *p = plain; *p; p++)
		if (!yaml_plain_safe(*p))
			fail_msg("'%s' should be plain", *p);
	for (const char *const *p = quoted; *p; p++)
		if (yaml_plain_safe(*p))
			fail_msg("'%s' should be quoted", *p);
}

static void test_layout(void **state)
{
	struct buf b = {0};
	struct yw w;

	(void)state;
	yw_init(&w, &b);
	yw_document(&w, "from Ingress ns/a, f.yaml:3\nx");
	yw_str(&w, "kind", "HTTPRoute");
	yw_map(&w, "spec");
	yw_seq(&w, "hostnames");
	yw_item_str(&w, "a.example.com");
	yw_item_str(&w, "*.example.com");
	yw_end(&w);
	yw_seq(&w, "rules");
	yw_item(&w);
	yw_seq(&w, "backendRefs");
	yw_item(&w);
	yw_str(&w, "name", "web");
	yw_int(&w, "port", 80);
	yw_end(&w);
	yw_end(&w);
	yw_bool(&w, "on", true);
	yw_empty_map(&w, "x");
	yw_end(&w);
	yw_end(&w);
	yw_end(&w);
	yw_str(&w, "group", "");
	assert_string_equal(buf_cstr(&b),
			    "---\n"
			    "# from Ingress ns/a, f.yaml:3 x\n"
			    "kind: HTTPRoute\n"
			    "spec:\n"
			    "  hostnames:\n"
			    "  - a.example.com\n"
			    "  - \"*.example.com\"\n"
			    "  rules:\n"
			    "  - backendRefs:\n"
			    "    - name: web\n"
			    "      port: 80\n"
			    "    \"on\": true\n"
			    "    x: {}\n"
			    "group: \"\"\n");
	buf_free(&b);
}

static void test_literal(void **state)
{
	struct buf b = {0};
	struct yw w;

	(void)state;
	yw_init(&w, &b);
	yw_map(&w, "data");
	yw_literal(&w, "a", "x: 1\ny:\n  z: 2\n");
	yw_literal(&w, "b", "no final break");
	yw_literal(&w, "c", " leading blank");	/* needs an indentation indicator: quoted */
	yw_literal(&w, "d", "tab\there");	/* a control byte: quoted */
	yw_literal(&w, "e", "two\n\n");	/* '|' would clip the second break: quoted */
	yw_literal(&w, "f", "trailing \nblank");	/* quoted */
	yw_number(&w, "g", "0.5");
	yw_end(&w);
	assert_string_equal(buf_cstr(&b),
			    "data:\n"
			    "  a: |\n"
			    "    x: 1\n"
			    "    y:\n"
			    "      z: 2\n"
			    "  b: |-\n"
			    "    no final break\n"
			    "  c: \" leading blank\"\n"
			    "  d: \"tab\\there\"\n"
			    "  e: \"two\\n\\n\"\n"
			    "  f: \"trailing \\nblank\"\n"
			    "  g: 0.5\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_safe),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_literal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
