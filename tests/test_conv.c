/* test_conv.c - unit tests for conv.h: intents from annotations and the
 * rewrite idioms Gateway API can express. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "scalar.h"

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

static void test_mirror(void **state)
{
	struct conv_mirror m;

	(void)state;
	assert_true(conv_mirror("http://shadow.web.svc.cluster.local:8080$request_uri", &m));
	assert_string_equal(m.svc, "shadow");
	assert_string_equal(m.ns, "web");
	assert_int_equal(m.port, 8080);
	assert_true(m.port_given);
	assert_false(m.tls);
	assert_string_equal(m.path, "$request_uri");
	conv_mirror_free(&m);
	assert_true(conv_mirror("https://rec.audit.svc./capture", &m));
	assert_string_equal(m.svc, "rec");
	assert_string_equal(m.ns, "audit");
	assert_int_equal(m.port, 443);
	assert_false(m.port_given);
	assert_true(m.tls);
	assert_string_equal(m.path, "/capture");
	conv_mirror_free(&m);
	/* not the cluster DNS form of a Service */
	assert_false(conv_mirror("https://mirror.example.net$request_uri", &m));
	assert_null(m.svc);
	assert_false(conv_mirror("http://shadow", &m));
	assert_false(conv_mirror("http://shadow.web", &m));
	assert_false(conv_mirror("http://Shadow.web.svc", &m));
	assert_false(conv_mirror("http://shadow.web.svc:0", &m));
	assert_false(conv_mirror("http://shadow.web.svc:123456", &m));
	assert_false(conv_mirror("ftp://shadow.web.svc", &m));
	assert_false(conv_mirror("http://shadow.web.svc.example.com", &m));
}

static void test_duration(void **state)
{
	char d[32];

	(void)state;
	assert_true(conv_duration(0, d, sizeof(d)));
	assert_string_equal(d, "0s");
	assert_true(conv_duration(99999, d, sizeof(d)));
	assert_string_equal(d, "99999s");
	assert_true(conv_duration(100000, d, sizeof(d)));
	assert_string_equal(d, "27h46m40s");
	assert_true(conv_duration(360000, d, sizeof(d)));
	assert_string_equal(d, "100h");
	assert_false(conv_duration(-1, d, sizeof(d)));
	assert_false(conv_duration(99999L * 3600 + 3600, d, sizeof(d)));
}

static void test_more_intents(void **state)
{
	struct conv c;

	(void)state;
	conv_init(&c);
	assert_true(conv_add(&c, "enable-cors", "T"));
	assert_true(c.cors);
	assert_true(conv_add(&c, "cors-allow-credentials", "0"));
	assert_int_equal(c.cors_credentials, CONV_FALSE);
	assert_true(conv_add(&c, "proxy-read-timeout", "30"));
	assert_int_equal(c.read_timeout, 30);
	assert_true(conv_add(&c, "proxy-send-timeout", "-5"));
	assert_int_equal(c.send_timeout, -1);
	assert_int_equal(c.connect_timeout, -1);
	assert_true(conv_add(&c, "mirror-request-body", "off"));
	assert_int_equal(c.mirror_body, CONV_FALSE);
	assert_true(conv_add(&c, "server-alias", "a.example.com"));
	assert_string_equal(c.server_alias, "a.example.com");
	assert_true(conv_add(&c, "proxy-next-upstream-tries", "3"));
	assert_int_equal(c.next_upstream_tries, 3);
	assert_false(conv_add(&c, "proxy-body-size", "1m"));
	conv_free(&c);
	assert_int_equal(conv_go_bool("True"), 1);
	assert_int_equal(conv_go_bool("f"), 0);
	assert_int_equal(conv_go_bool("yes"), -1);
}

static void method(const char *path, bool exact, bool want, const char *service, const char *meth)
{
	char *sv, *m;
	bool got = conv_grpc_method(path, exact, &sv, &m);

	if (got != want)
		fail_msg("'%s'%s: %d, want %d", path, exact ? " (Exact)" : "", got, want);
	if (service)
		assert_string_equal(sv, service);
	else
		assert_null(sv);
	if (meth)
		assert_string_equal(m, meth);
	else
		assert_null(m);
	free(sv);
	free(m);
}

static void test_grpc_method(void **state)
{
	(void)state;
	method("/shop.Cart/AddItem", true, true, "shop.Cart", "AddItem");
	method("/shop.Cart/AddItem", false, true, "shop.Cart", "AddItem");
	method("/shop.v1.Cart", false, true, "shop.v1.Cart", NULL);
	method("/shop.Cart/", false, true, "shop.Cart", NULL);
	method("/_x.Y_2/M_3", true, true, "_x.Y_2", "M_3");
	/* an exact path must name a method */
	method("/shop.Cart", true, false, NULL, NULL);
	method("/shop.Cart/", true, false, NULL, NULL);
	/* no service or method name */
	method("/", false, false, NULL, NULL);
	method("", false, false, NULL, NULL);
	method("shop.Cart/Add", false, false, NULL, NULL);
	method("/api/v1/items", false, false, NULL, NULL);
	method("/shop..Cart/Add", false, false, NULL, NULL);
	method("/shop.Cart./Add", false, false, NULL, NULL);
	method("/1shop.Cart/Add", false, false, NULL, NULL);
	method("/shop.Cart/Add-Item", false, false, NULL, NULL);
	method("/shop.Cart/Add/", false, false, NULL, NULL);
	method("/shop.Cart/.*", false, false, NULL, NULL);
}

static void test_backend_intents(void **state)
{
	struct conv c;

	(void)state;
	conv_init(&c);
	assert_int_equal(c.protocol, CONV_PROTO_HTTP);
	assert_int_equal(c.proxy_ssl_verify, CONV_UNSET);
	assert_true(conv_add(&c, "backend-protocol", " grpcs "));
	assert_int_equal(c.protocol, CONV_PROTO_GRPCS);
	assert_true(CONV_PROTO_TLS(c.protocol) && CONV_PROTO_IS_GRPC(c.protocol));
	assert_string_equal(c.protocol_value, " grpcs ");
	assert_true(conv_add(&c, "backend-protocol", "AUTO_HTTP"));
	assert_int_equal(c.protocol, CONV_PROTO_OTHER);
	assert_true(conv_add(&c, "backend-protocol", "Https"));
	assert_int_equal(c.protocol, CONV_PROTO_HTTPS);
	assert_true(conv_add(&c, "proxy-ssl-secret", " ns/ca "));
	assert_string_equal(c.proxy_ssl_secret, "ns/ca");
	assert_true(conv_add(&c, "proxy-ssl-name", "api.internal"));
	assert_true(conv_add(&c, "proxy-ssl-verify", "on"));
	assert_true(conv_add(&c, "proxy-ssl-server-name", "off"));
	assert_true(conv_add(&c, "ssl-passthrough", "True"));
	assert_int_equal(c.proxy_ssl_verify, CONV_TRUE);
	assert_int_equal(c.proxy_ssl_server_name, CONV_FALSE);
	assert_string_equal(c.proxy_ssl_name, "api.internal");
	assert_true(c.ssl_passthrough);
	assert_true(conv_add(&c, "ssl-passthrough", "yes"));	/* not a Go boolean */
	assert_false(c.ssl_passthrough);
	assert_true(conv_add(&c, "proxy-ssl-secret", ""));
	assert_null(c.proxy_ssl_secret);
	conv_free(&c);
	assert_null(c.protocol_value);
	assert_null(c.proxy_ssl_name);
}

/* nginx rewrite -> nginx-rewrite-compatible rule: what nginx means (the
 * whole URI replaced, '$N' one digit, '?' splits, a final '?' drops the
 * old arguments) in what the plugin reads (ReplaceAllString, '${N}',
 * query_append / query_template, break / last). */
static void rw(const char *re, const char *repl, const char *flag, bool anchored, const char *want_re,
	       const char *want_repl, const char *append, const char *tmpl, bool brk)
{
	struct conv_rw r;
	char *why;

	if (!conv_nginx_rewrite(re, repl, flag, anchored, &r, &why))
		fail_msg("'%s' '%s' refused: %s", re, repl, why);
	assert_string_equal(r.regex, want_re);
	assert_string_equal(r.replacement, want_repl);
	if (append)
		assert_string_equal(r.query_append, append);
	else
		assert_null(r.query_append);
	if (tmpl)
		assert_string_equal(r.query_template, tmpl);
	else
		assert_null(r.query_template);
	assert_int_equal(r.brk, brk);
	conv_rw_free(&r);
}

static void rw_refused(const char *re, const char *repl, const char *flag, const char *why_part)
{
	struct conv_rw r;
	char *why;

	if (conv_nginx_rewrite(re, repl, flag, false, &r, &why))
		fail_msg("'%s' '%s' accepted", re, repl);
	assert_non_null(strstr(why, why_part));
	assert_null(r.regex);
	free(why);
}

static void test_nginx_rewrite(void **state)
{
	struct conv_rw r;
	char *why;

	(void)state;
	rw("^/old/(.*)$", "/new/$1", "break", false, "^/old/(.*)$", "/new/${1}", NULL, NULL, true);
	/* unanchored: the leftmost match, then the rest of the path */
	rw("/p/([0-9]+)", "/q/$1", "", false, "^(?s:.*?)/p/([0-9]+)(?s:.*)", "/q/${1}", NULL, NULL, false);
	/* the location matched at the start already */
	rw("(?i)/p/(.*)", "/$1", "break", true, "(?i)^/p/(.*)(?s:.*)", "/${1}", NULL, NULL, true);
	/* a top-level alternation stays whole */
	rw("^/a|/b", "/c", "last", false, "^(?s:.*?)(?:^/a|/b)(?s:.*)", "/c", NULL, NULL, true);
	rw("^/(a|b)/", "/c", "last", false, "^/(a|b)/(?s:.*)", "/c", NULL, NULL, true);
	rw("^/[|]x\\|", "/c", "last", false, "^/[|]x\\|(?s:.*)", "/c", NULL, NULL, true);
	/* '$1x' is group 1 then 'x' for nginx, group '1x' for Go; '$12' is $1 then 2 */
	rw("^/(a)$", "/$1x/$12", NULL, false, "^/(a)$", "/${1}x/${1}2", NULL, NULL, false);
	/* arguments: appended (nginx: before the old ones), or replacing them with a final '?' */
	rw("^/x/(.*)$", "/y?a=$1", "break", false, "^/x/(.*)$", "/y", "a=${1}", NULL, true);
	rw("^/x/(.*)$", "/y?a=$1?", "break", false, "^/x/(.*)$", "/y", NULL, "a=${1}", true);
	assert_true(conv_nginx_rewrite("^/x$", "/y?a=1", "break", false, &r, &why));
	assert_non_null(strstr(r.notes, "nginx puts them first"));
	conv_rw_free(&r);
	assert_true(conv_nginx_rewrite("^/x$", "/y", "last", false, &r, &why));
	assert_non_null(strstr(r.notes, "looks up the location again"));
	conv_rw_free(&r);
	assert_true(conv_nginx_rewrite("^/x$", "/y", "break", false, &r, &why));
	assert_null(r.notes);
	conv_rw_free(&r);
	rw_refused("^/(.*)", "/$host/$1", "break", "nginx variable");
	rw_refused("^/(.*)", "/${1}", "break", "nginx variable");
	rw_refused("^/(.*)", "/$0", "break", "nginx variable");
	rw_refused("^/(.*)", "https://example.com/$1", "", "redirects");
	rw_refused("^/(.*)", "/x", "permanent", "redirects");
	rw_refused("^/(?!static)(.*)", "/x", "break", "not RE2");
	rw_refused("^/(.*)", "/x?", "break", "drops the query");
	rw_refused("^/(.*)", "?a=1", "break", "no path");
	rw_refused("^/(.*)", "/x", "weird", "flag");
}

/* conv_url: one URL, parsed; host NULL when it must be refused. */
static void url(const char *value, const char *host, bool ip, const char *port, bool tls, const char *rest)
{
	struct conv_url u;
	bool ok = conv_url(value, &u);

	if (host == NULL) {
		if (ok)
			fail_msg("'%s' parsed, host '%s'", value, u.host);
		assert_null(u.host);
		return;
	}
	if (!ok)
		fail_msg("'%s' refused", value);
	assert_string_equal(u.host, host);
	assert_int_equal(u.ip, ip);
	if (port)
		assert_string_equal(u.port, port);
	else
		assert_null(u.port);
	assert_int_equal(u.tls, tls);
	assert_string_equal(u.rest, rest);
	conv_url_free(&u);
	assert_null(u.host);
}

static void test_url(void **state)
{
	(void)state;
	url("http://svc", "svc", false, NULL, false, "");
	url(" \tHTTPS://Svc.NS.svc:8443/x?y \n", "svc.ns.svc", false, "8443", true, "/x?y");
	url("http://svc.ns.svc.cluster.local./", "svc.ns.svc.cluster.local", false, NULL, false, "/");
	url("http://1.2.3.4$request_uri", "1.2.3.4", true, NULL, false, "$request_uri");
	url("http://[::1]:80/m", "::1", true, "80", false, "/m");
	url("http://a.b:08080#f", "a.b", false, "08080", false, "#f");
	url("", NULL, false, NULL, false, NULL);
	url("ftp://x", NULL, false, NULL, false, NULL);
	url("http://[]/", NULL, false, NULL, false, NULL);
	url("http://[::g]/", NULL, false, NULL, false, NULL);
	url("http://a.b:0", NULL, false, NULL, false, NULL);
	url("http://a.b:65536", NULL, false, NULL, false, NULL);
	url("http://a.b:123456", NULL, false, NULL, false, NULL);
	url("http://a.b:80x", NULL, false, NULL, false, NULL);
	url("http://a*b", NULL, false, NULL, false, NULL);
	url("http://", NULL, false, NULL, false, NULL);
	url("http://.../", NULL, false, NULL, false, NULL);
}

static void secret_ref(const char *value, bool ok, const char *ns, const char *name)
{
	char *n, *m;

	assert_int_equal(conv_secret_ref(value, &n, &m), ok);
	if (ns)
		assert_string_equal(n, ns);
	else
		assert_null(n);
	if (name)
		assert_string_equal(m, name);
	else
		assert_null(m);
	free(n);
	free(m);
}

static void test_secret_ref(void **state)
{
	(void)state;
	secret_ref(" shop/ca \n", true, "shop", "ca");
	secret_ref("ca", true, NULL, "ca");
	secret_ref("/ca", true, "", "ca");
	secret_ref("a/b/c", false, NULL, NULL);
	secret_ref("shop/", false, NULL, NULL);
	secret_ref("  ", false, NULL, NULL);
}

static void test_atoi32_trim(void **state)
{
	long n = 7;
	char *t;

	(void)state;
	assert_true(conv_atoi32("42", &n));
	assert_int_equal(n, 42);
	assert_true(conv_atoi32("+5", &n));
	assert_int_equal(n, 5);
	assert_true(conv_atoi32("-2147483648", &n));
	assert_int_equal(n, -2147483648L);
	assert_true(conv_atoi32("2147483647", &n));
	assert_int_equal(n, 2147483647L);
	n = 7;
	assert_false(conv_atoi32("2147483648", &n));
	assert_false(conv_atoi32("99999999999999999999", &n));
	assert_false(conv_atoi32("", &n));
	assert_false(conv_atoi32("+", &n));
	assert_false(conv_atoi32(" 1", &n));
	assert_false(conv_atoi32("1x", &n));
	assert_int_equal(n, 7);
	t = conv_trim(" \t\v\f a b \r\n");
	assert_string_equal(t, "a b");
	free(t);
	t = conv_trim("  ");
	assert_string_equal(t, "");
	free(t);
}

/* The intents only the Higress Ingress converters read. */
static void test_ingress_intents(void **state)
{
	struct conv c;

	(void)state;
	conv_init(&c);
	assert_null(c.ciphers);
	assert_true(conv_add(&c, "ssl-ciphers", " ECDHE-RSA-AES128-SHA:!aNULL,HIGH\tAES128-SHA::"));
	assert_string_equal(c.ciphers, "ECDHE-RSA-AES128-SHA:!aNULL:HIGH:AES128-SHA");
	assert_true(conv_add(&c, "ssl-ciphers", ":, "));	/* the last one wins: set, no entry */
	assert_string_equal(c.ciphers, "");
	assert_true(conv_add(&c, "upstream-hash-by", " $http_x_user\n"));
	assert_string_equal(c.hash_by, "$http_x_user");
	assert_true(conv_add(&c, "backend-protocol", " grpcs "));
	assert_string_equal(c.protocol_name, "grpcs");
	assert_int_equal(c.protocol, CONV_PROTO_GRPCS);
	assert_string_equal(c.protocol_value, " grpcs ");
	assert_true(conv_add(&c, "permanent-redirect", "https://p.example.com"));
	assert_true(conv_add(&c, "temporal-redirect", "https://t.example.com"));
	assert_string_equal(c.redirect_temporal, "https://t.example.com");
	assert_string_equal(c.redirect_url, "https://p.example.com");
	/* canary as both controllers read it (ParseBool), beside the index's role */
	assert_int_equal(c.canary_go, -1);
	assert_true(conv_add(&c, "canary", "True"));
	assert_int_equal(c.canary_go, 1);
	assert_true(c.canary);	/* the index's role reads "True" the same way */
	assert_int_equal(c.canary_weight_go, 0);
	assert_int_equal(c.canary_total_go, 100);
	assert_true(conv_add(&c, "canary-weight", "+5"));
	assert_int_equal(c.canary_weight_go, 5);
	assert_int_equal(c.canary_weight, 5);
	assert_true(conv_add(&c, "canary-weight-total", "-3"));
	assert_int_equal(c.canary_total_go, -3);
	assert_int_equal(c.canary_weight_total, 100);
	assert_true(conv_add(&c, "canary-weight-total", "2147483648"));
	assert_int_equal(c.canary_total_go, 100);
	assert_true(conv_add(&c, "proxy-next-upstream", "error off"));
	assert_string_equal(c.next_upstream, "error off");
	conv_free(&c);
	assert_null(c.ciphers);
	assert_null(c.hash_by);
	assert_null(c.next_upstream);
	assert_int_equal(c.canary_go, -1);
}

/* Every boolean annotation conv_add reads, read as ingress-nginx reads it
 * (Go's strconv.ParseBool): the six true spellings, the six false ones,
 * and others that are neither (the default stays). */
static void test_bool_spellings(void **state)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	static const char *const bad[] = { "yes", "on", "y", "tRUE", "TrUe", " true", "true ", "2", "" };
	static const char *const flags[] = { "use-regex", "force-ssl-redirect", "canary", "from-to-www-redirect",
					     "enable-cors", "ssl-passthrough" };
	struct conv c;

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(scalar_go_bool(yes[i], strlen(yes[i])), 1);
		assert_int_equal(scalar_go_bool(no[i], strlen(no[i])), 0);
		assert_int_equal(conv_go_bool(yes[i]), 1);
		assert_int_equal(conv_go_bool(no[i]), 0);
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
			const char *v[2] = { yes[i], no[i] };
			for (int w = 0; w < 2; w++) {
				bool got;
				conv_init(&c);
				assert_true(conv_add(&c, flags[k], v[w]));
				got = k == 0 ? c.use_regex : k == 1 ? c.force_ssl_redirect : k == 2 ? c.canary :
				      k == 3 ? c.from_to_www : k == 4 ? c.cors : c.ssl_passthrough;
				if (got != (w == 0))
					fail_msg("'%s: %s' read as %d", flags[k], v[w], got);
				if (k == 2)
					assert_int_equal(c.canary_go, w == 0);
				conv_free(&c);
			}
		}
		conv_init(&c);
		assert_true(conv_add(&c, "ssl-redirect", yes[i]));
		assert_int_equal(c.ssl_redirect, CONV_TRUE);
		assert_true(conv_add(&c, "ssl-redirect", no[i]));
		assert_int_equal(c.ssl_redirect, CONV_FALSE);
		assert_true(conv_add(&c, "cors-allow-credentials", yes[i]));
		assert_int_equal(c.cors_credentials, CONV_TRUE);
		assert_true(conv_add(&c, "cors-allow-credentials", no[i]));
		assert_int_equal(c.cors_credentials, CONV_FALSE);
		conv_free(&c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(scalar_go_bool(bad[i], strlen(bad[i])), -1);
		assert_int_equal(conv_go_bool(bad[i]), -1);
		conv_init(&c);
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			assert_true(conv_add(&c, flags[k], bad[i]));
		assert_true(conv_add(&c, "ssl-redirect", bad[i]));
		assert_true(conv_add(&c, "cors-allow-credentials", bad[i]));
		/* neither true nor false: every default stays */
		assert_false(c.use_regex || c.force_ssl_redirect || c.canary || c.from_to_www || c.cors ||
			     c.ssl_passthrough);
		assert_int_equal(c.canary_go, -1);
		assert_int_equal(c.ssl_redirect, CONV_UNSET);
		assert_int_equal(c.cors_credentials, CONV_UNSET);
		conv_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_intents),
		cmocka_unit_test(test_mirror),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_more_intents),
		cmocka_unit_test(test_grpc_method),
		cmocka_unit_test(test_backend_intents),
		cmocka_unit_test(test_nginx_rewrite),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_atoi32_trim),
		cmocka_unit_test(test_secret_ref),
		cmocka_unit_test(test_ingress_intents),
		cmocka_unit_test(test_bool_spellings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
