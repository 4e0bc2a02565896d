/* test_sinks.c - unit tests for the report sinks: the escapes of each
 * format (XML, GitHub workflow commands, JSON, SARIF URIs), fingerprints,
 * the finding list's reuse, and what each format makes of a small list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finding.h"
#include "harness.h"
#include "report.h"
#include "util.h"

static char *xml(const char *s)
{
	struct buf b = {0};

	report_xml_escape(&b, s);
	return buf_detach(&b);
}

static void test_xml_escape(void **state)
{
	char *s;

	(void)state;
	s = xml("a<b>&c\"d'e");
	assert_string_equal(s, "a&lt;b&gt;&amp;c&quot;d&apos;e");
	free(s);
	/* line breaks and tabs survive attribute normalisation */
	s = xml("x\ny\tz\r");
	assert_string_equal(s, "x&#10;y&#9;z&#13;");
	free(s);
	/* characters XML 1.0 cannot carry, escaped or not, become U+FFFD */
	s = xml("a\x01" "b\x1b" "c");
	assert_string_equal(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
	free(s);
	s = xml("\xEF\xBF\xBE|\xEF\xBF\xBF");	/* U+FFFE, U+FFFF */
	assert_string_equal(s, "\xEF\xBF\xBD|\xEF\xBF\xBD");
	free(s);
	s = xml("bad \xC3( \xFF end");	/* invalid UTF-8: one U+FFFD per bad byte */
	assert_string_equal(s, "bad \xEF\xBF\xBD( \xEF\xBF\xBD end");
	free(s);
	s = xml("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");	/* well-formed: kept */
	assert_string_equal(s, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
	free(s);
}

static char *gh(const char *s, bool property)
{
	struct buf b = {0};

	report_github_escape(&b, s, property);
	return buf_detach(&b);
}

static void test_github_escape(void **state)
{
	char *s;

	(void)state;
	s = gh("100% a:b,c\r\nd", false);
	assert_string_equal(s, "100%25 a:b,c%0D%0Ad");
	free(s);
	s = gh("100% a:b,c\r\nd", true);
	assert_string_equal(s, "100%25 a%3Ab%2Cc%0D%0Ad");
	free(s);
	s = gh("::error::", false);	/* data may hold '::': only the first ends the properties */
	assert_string_equal(s, "::error::");
	free(s);
}

static void test_uri_escape(void **state)
{
	struct buf b = {0};

	(void)state;
	report_uri_escape(&b, "dir/a b%c#d?e\xC3\xA9~_.-.yaml");
	assert_string_equal(buf_cstr(&b), "dir/a%20b%25c%23d%3Fe%C3%A9~_.-.yaml");
	buf_free(&b);
}

static void test_fingerprint(void **state)
{
	struct finding f = { .kind = "Ingress", .ns = "shop", .name = "web",
			     .annotation = "nginx.ingress.kubernetes.io/auth-url", .rule = "auth-url",
			     .message = "one", .pos = { 3, 5, 10, 20 } };
	const char bytes[] = "Ingress\0shop\0web\0nginx.ingress.kubernetes.io/auth-url\0auth-url";
	char a[17], b[17], want[17];

	(void)state;
	h_fingerprint(bytes, sizeof(bytes) - 1, want);
	finding_fingerprint(&f, a);
	assert_string_equal(a, want);
	/* the line, column and message are not part of it */
	f.pos.line = 300;
	f.pos.column = 1;
	f.message = "two";
	finding_fingerprint(&f, b);
	assert_string_equal(a, b);
	/* the rule and the object are */
	f.rule = "auth-url2";
	finding_fingerprint(&f, b);
	assert_string_not_equal(a, b);
	f.rule = "auth-url";
	f.ns = NULL;	/* NULL reads as empty */
	finding_fingerprint(&f, b);
	{
		const char nons[] = "Ingress\0\0web\0nginx.ingress.kubernetes.io/auth-url\0auth-url";
		h_fingerprint(nons, sizeof(nons) - 1, want);
	}
	assert_string_equal(b, want);
}

static void test_findings_clear(void **state)
{
	struct findings fs = {0};
	struct finding f = { .file = "a.yaml", .rule = "r", .message = "m", .justification = "why" };
	struct finding *d;

	(void)state;
	for (int i = 0; i < 100; i++)
		findings_add(&fs, &f);
	findings_clear(&fs);
	assert_int_equal(fs.n, 0);
	f.file = "b.yaml";
	d = findings_add(&fs, &f);
	assert_int_equal(fs.n, 1);
	assert_string_equal(d->file, "b.yaml");
	assert_string_equal(d->justification, "why");
	assert_true(d->file != f.file);	/* pooled copy */
	findings_clear(&fs);
	findings_clear(&fs);
	findings_free(&fs);
}

/* The pool's caches (the last string of each field, strings by source
 * address and by hash) never answer with a string of an earlier
 * generation or with another string from the same address. */
static void test_findings_pool_caches(void **state)
{
	struct findings fs = {0};
	char msg[32], name[32];
	struct finding f = { .file = "a.yaml", .rule = "r", .message = msg, .name = name };
	const struct finding *d;

	(void)state;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 3000; i++) {	/* more strings than the tables first hold */
			snprintf(msg, sizeof(msg), "message %d.%d", round, i % 500);
			snprintf(name, sizeof(name), "name-%d", i);
			d = findings_add(&fs, &f);
			assert_string_equal(d->message, msg);
			assert_string_equal(d->name, name);
			assert_true(d->message != msg);	/* pooled copies */
		}
		for (size_t i = 0; i < fs.n; i++) {
			snprintf(msg, sizeof(msg), "message %d.%d", round, (int)(i % 500));
			assert_string_equal(fs.v[i].message, msg);
		}
		findings_clear(&fs);
	}
	findings_free(&fs);
}

/* The report of fs in fmt, as a string the caller frees. */
static char *render(enum report_format fmt, const struct findings *fs)
{
	struct report_summary sum = { .target = "ingress", .files = 1, .objects = 2, .ingresses = 2 };
	struct h_capture c;

	h_capture_open(&c);
	assert_int_equal(report_write(c.fp, fmt, fs, &sum, false), 0);
	return h_capture_close(&c);
}

static void sample(struct findings *fs, const char *file)
{
	struct finding w = h_finding(file, 7, ST_PARTIAL, SEV_WARNING), e;

	w.message = "say \"hi\"\tand\x01 <go>";
	e = w;

	findings_add(fs, &w);
	e.pos.line = 8;
	e.severity = SEV_ERROR;
	e.rule = "y";
	e.message = "broken";
	findings_add(fs, &e);
	e.pos.line = 9;
	e.rule = "z";
	e.suppressed = true;
	e.justification = "accepted: see ticket 42";
	findings_add(fs, &e);
	e.pos.line = 10;
	e.rule = "b";
	e.severity = SEV_CRITICAL;
	e.suppressed = false;
	e.justification = NULL;
	e.baselined = true;	/* in the --baseline report */
	findings_add(fs, &e);
}

static void test_json(void **state)
{
	struct findings fs = {0};
	char *s;

	(void)state;
	sample(&fs, "a.yaml");
	s = render(RF_JSON, &fs);
	assert_non_null(strstr(s, "\"message\":\"say \\\"hi\\\"\\tand\\u0001 <go>\""));
	assert_non_null(strstr(s, "\"suppressed\":true,\"justification\":\"accepted: see ticket 42\"}"));
	assert_non_null(strstr(s, "\"severity\":{\"critical\":1,\"error\":2,\"warning\":1,\"info\":0},"
				  "\"suppressed\":1,\"baselined\":1,\"skipped\":0}"));
	assert_non_null(strstr(s, "\"rule\":\"b\""));
	assert_non_null(strstr(s, "\"baselined\":true}"));
	assert_non_null(strstr(s, "\"fingerprint\":\""));
	/* the summary comes before the findings, as in schema version 1 */
	assert_true(strstr(s, "\"summary\"") < strstr(s, "\"findings\""));
	free(s);
	findings_free(&fs);
}

static void test_sarif(void **state)
{
	struct findings fs = {0};
	char cwd[4096], *file, *s;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	file = xasprintf("%s/sub dir/a.yaml", strcmp(cwd, "/") == 0 ? "" : cwd);
	sample(&fs, file);
	sample(&fs, "/elsewhere-i2h-test/b.yaml");
	s = render(RF_SARIF, &fs);
	assert_non_null(strstr(s, "\"version\":\"2.1.0\""));
	assert_non_null(strstr(s, "{\"uri\":\"sub%20dir/a.yaml\",\"uriBaseId\":\"SRCROOT\"}"));
	assert_non_null(strstr(s, "{\"uri\":\"file:///elsewhere-i2h-test/b.yaml\"}"));
	assert_non_null(strstr(s, "\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file:///"));
	assert_non_null(strstr(s, "\"region\":{\"startLine\":7,\"startColumn\":5}"));
	assert_non_null(strstr(s, "\"suppressions\":[{\"kind\":\"inSource\",\"justification\":\"accepted: see ticket 42\"}]"));
	assert_non_null(strstr(s, "\"partialFingerprints\":{\"ingress2higress/v1\":\""));
	assert_non_null(strstr(s, "\"baselineState\":\"unchanged\""));
	/* rule ids no rule describes still get a rule */
	assert_non_null(strstr(s, "{\"id\":\"x\",\"shortDescription\""));
	assert_non_null(strstr(s, "\"security-severity\":\"7.5\""));
	free(s);
	free(file);
	findings_free(&fs);
}

static void test_junit(void **state)
{
	struct findings fs = {0};
	char *s;

	(void)state;
	sample(&fs, "a&b.yaml");
	s = render(RF_JUNIT, &fs);
	assert_true(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
	/* the baselined critical finding is no failure either */
	assert_null(strstr(s, "<failure message=\"b:"));
	assert_non_null(strstr(s, "in the --baseline report"));
	assert_non_null(strstr(s, "<testsuites name=\"ingress2higress\" tests=\"1\" failures=\"1\""));
	assert_non_null(strstr(s, "<testsuite name=\"a&amp;b.yaml\" tests=\"1\" failures=\"1\""));
	assert_non_null(strstr(s, "<testcase classname=\"a&amp;b.yaml\" name=\"shop/web\">"));
	/* the error fails (fail-on error); the warning and the suppressed error are output */
	assert_non_null(strstr(s, "<failure message=\"y: broken\" type=\"error\">"));
	assert_null(strstr(s, "<failure message=\"z:"));
	assert_non_null(strstr(s, "<system-out>a&amp;b.yaml:7:5: warning: "));
	assert_non_null(strstr(s, "say &quot;hi&quot;&#9;and\xEF\xBF\xBD &lt;go&gt;"));
	assert_non_null(strstr(s, "suppressed: accepted: see ticket 42"));
	assert_non_null(strstr(s, "</testsuite>\n</testsuites>\n"));
	free(s);
	findings_free(&fs);
}

static void test_text_and_github(void **state)
{
	struct findings fs = {0};
	char *s;

	(void)state;
	sample(&fs, "a,b:c.yaml");
	s = render(RF_TEXT, &fs);
	assert_non_null(strstr(s, "a,b:c.yaml:7:5: warning: shop/web: 'nginx.ingress.kubernetes.io/x' partial: say"));
	assert_null(strstr(s, "[z]"));	/* suppressed: counted, not shown */
	/* the baselined finding comes last, under its heading */
	assert_non_null(strstr(s, "in the --baseline report (not counted for --fail-on):\na,b:c.yaml:10:5: critical: "));
	assert_non_null(strstr(s, "[b]\n2 findings: 0 critical, 1 error, 1 warning, 0 info in 1 file, 2 Ingresses\n"
				  "no config; 1 suppressed, 1 baselined, 0 skipped by --skip/--only\n"));
	free(s);
	s = render(RF_GITHUB, &fs);
	assert_non_null(strstr(s, "::warning file=a%2Cb%3Ac.yaml,line=7,col=5,title=x::shop/web: "));
	assert_non_null(strstr(s, "::error file=a%2Cb%3Ac.yaml,line=8,col=5,title=y::shop/web: "));
	assert_null(strstr(s, "title=z"));
	assert_null(strstr(s, "title=b"));
	free(s);
	findings_free(&fs);
}

/* A finding on a helm template rendered in an input names the input as
 * the file to open (github, sarif), the template in SARIF's properties. */
static void test_helm_artifact(void **state)
{
	struct report_options ro = { .fail_on = SEV_ERROR };
	struct report_summary sum = { .target = "ingress", .files = 1 };
	struct finding f = { .file = "shop/templates/ing.yaml (in.yaml)", .pos = { 20, 5, 0, 0 }, .kind = "Ingress",
			     .name = "shop", .status = ST_UNSUPPORTED, .severity = SEV_ERROR, .rule = "limit-rps",
			     .message = "lost" };
	struct report_object o = { .file = "in.yaml", .kind = "Ingress", .name = "shop", .findings = 1 };
	const enum report_format fmts[] = { RF_GITHUB, RF_SARIF };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct h_capture out;
		struct sink *s;
		char *text;

		h_capture_open(&out);
		s = sink_new(fmts[k], out.fp, &ro);
		assert_non_null(s);
		sink_begin(s, &sum);
		sink_file(s, "in.yaml");
		sink_finding(s, &f);
		sink_object_end(s, &o);
		assert_int_equal(sink_end(s, &sum), 0);
		sink_free(s);
		text = h_capture_close(&out);
		if (fmts[k] == RF_GITHUB) {
			assert_non_null(strstr(text, "::error file=in.yaml,line=20,col=5,title=limit-rps::"));
		} else {
			assert_non_null(strstr(text, "\"artifactLocation\":{\"uri\":\"in.yaml\",\"uriBaseId\":\"SRCROOT\"}"));
			assert_non_null(strstr(text, "\"template\":\"shop/templates/ing.yaml (in.yaml)\""));
		}
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_github_escape),
		cmocka_unit_test(test_uri_escape),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_findings_clear),
		cmocka_unit_test(test_findings_pool_caches),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_text_and_github),
		cmocka_unit_test(test_helm_artifact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
