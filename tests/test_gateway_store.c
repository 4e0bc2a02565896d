/* test_gateway_store.c - unit tests for what the Gateway API target keeps out
 * of memory: struct conv in its binary form (conv_serial.c) and the
 * store and arena of emit_gateway_store.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "emit_gateway_impl.h"
#include "snippet.h"
#include "util.h"

/* CONV_FIELDS lists every field of struct conv: a field added to the
 * struct and not to the list makes a gap this finds. */
static void test_fields_complete(void **state)
{
	(void)state;
	assert_true(conv_fields_complete());
}

static const char *const annotations[][2] = {
	{ "rewrite-target", "/$2" }, { "use-regex", "true" }, { "permanent-redirect", "https://e.example/x" },
	{ "permanent-redirect-code", "308" }, { "temporal-redirect-code", "307" }, { "app-root", "/app" },
	{ "from-to-www-redirect", "true" }, { "ssl-redirect", "false" }, { "force-ssl-redirect", "true" },
	{ "upstream-vhost", "up.example" }, { "x-forwarded-prefix", "/p" }, { "canary", "true" },
	{ "canary-weight", "30" }, { "canary-weight-total", "1000" }, { "canary-by-header", "X-C" },
	{ "canary-by-header-value", "on" }, { "canary-by-header-pattern", "^o" }, { "canary-by-cookie", "c" },
	{ "auth-tls-secret", "ns/ca" }, { "configuration-snippet", "more_set_headers \"X-A: b\";\n" },
	{ "enable-cors", "true" }, { "cors-allow-origin", "https://a.example" }, { "cors-allow-methods", "GET" },
	{ "cors-allow-headers", "X-H" }, { "cors-expose-headers", "X-E" }, { "cors-allow-credentials", "false" },
	{ "cors-max-age", "60" }, { "mirror-target", "http://m.ns.svc:8080/$request_uri" },
	{ "mirror-host", "m.example" }, { "mirror-request-body", "off" }, { "proxy-connect-timeout", "3" },
	{ "proxy-send-timeout", "4" }, { "proxy-read-timeout", "5" }, { "server-alias", "a.example, b.example" },
	{ "default-backend", "fallback" }, { "proxy-next-upstream-tries", "3" }, { "affinity", "cookie" },
	{ "session-cookie-name", "S" }, { "backend-protocol", "HTTPS" }, { "proxy-ssl-secret", "ns/tls" },
	{ "proxy-ssl-name", "b.example" }, { "proxy-ssl-verify", "on" }, { "proxy-ssl-server-name", "on" },
	{ "ssl-passthrough", "true" }, { "ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA" },
	{ "upstream-hash-by", " $request_uri " }, { "proxy-next-upstream", "error timeout" },
	{ "temporal-redirect", "https://t.example/" },
};

/* write(read(write(c))) is write(c), and the strings come back. */
static void test_conv_round_trip(void **state)
{
	struct conv c, d;
	struct buf a = {0}, b = {0};
	const char *p;

	(void)state;
	conv_init(&c);
	for (size_t i = 0; i < sizeof(annotations) / sizeof(annotations[0]); i++)
		(void)conv_add(&c, annotations[i][0], annotations[i][1]);
	assert_non_null(c.snippet);
	conv_write(&c, &a);
	p = a.data;
	conv_read(&d, &p);
	assert_ptr_equal(p, a.data + a.len);
	conv_write(&d, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_string_equal(d.rewrite_target, "/$2");
	assert_string_equal(d.proxy_ssl_name, "b.example");
	assert_int_equal(d.canary_weight_total, 1000);
	assert_int_equal(d.protocol, CONV_PROTO_HTTPS);
	assert_true(d.ssl_passthrough);
	assert_string_equal(d.next_upstream, "error timeout");
	assert_non_null(d.snippet);
	assert_int_equal(d.snippet->resp[SNIP_SET].n, c.snippet->resp[SNIP_SET].n);
	conv_free(&c);
	conv_free(&d);
	buf_free(&a);
	buf_free(&b);
}

/* An empty conv: NULL strings stay NULL, no snippet appears. */
static void test_conv_empty(void **state)
{
	struct conv c, d;
	struct buf a = {0};
	const char *p;

	(void)state;
	conv_init(&c);
	conv_write(&c, &a);
	p = a.data;
	conv_read(&d, &p);
	assert_null(d.rewrite_target);
	assert_null(d.snippet);
	assert_int_equal(d.canary_weight, -1);
	assert_int_equal(d.ssl_redirect, CONV_UNSET);
	conv_free(&d);
	buf_free(&a);
}

/* Records before the budget stay in memory, later ones go to the file
 * through its write buffer; every one reads back, those still in the
 * buffer too, and one larger than the buffer. */
static size_t rec_size(int i)
{
	return i == 150 ? 70000 : (size_t)(i * 37 % 1500 + 1);
}

static void test_store(void **state)
{
	struct gw_store s;
	uint64_t off[300];
	static char rec[70000], got[70000];

	(void)state;
	gw_store_init(&s);
	s.budget = 1000;
	for (int i = 0; i < 300; i++) {
		memset(rec, 'a' + i % 26, rec_size(i));
		off[i] = gw_store_put(&s, rec, rec_size(i));
		if (i % 50 == 7) {	/* reading between writes */
			gw_store_get(&s, off[i / 2], got, rec_size(i / 2));
			assert_int_equal(got[0], 'a' + (i / 2) % 26);
		}
	}
	assert_true(s.spilling);
	assert_true(s.len <= 1000);
	assert_true(s.wstart > 0);	/* the buffer has been written out */
	assert_true(s.wlen > 0);	/* and holds the last records */
	for (int i = 299; i >= 0; i--) {
		memset(rec, 'a' + i % 26, rec_size(i));
		gw_store_get(&s, off[i], got, rec_size(i));
		assert_memory_equal(got, rec, rec_size(i));
	}
	gw_store_free(&s);
}

static void test_arena(void **state)
{
	struct arena a = {0};
	char big[100000];
	char *v[3000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(gw_arena_dup(&a, NULL));
	for (int i = 0; i < 3000; i++) {
		char s[32];
		snprintf(s, sizeof(s), "host-%d.example", i);
		v[i] = gw_arena_dup(&a, i == 1500 ? big : s);
	}
	for (int i = 0; i < 3000; i++) {
		char s[32];
		snprintf(s, sizeof(s), "host-%d.example", i);
		assert_string_equal(v[i], i == 1500 ? big : s);
	}
	gw_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_complete),
		cmocka_unit_test(test_conv_round_trip),
		cmocka_unit_test(test_conv_empty),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
