/* test_report.c - unit tests for the whole-list reports: escaping in the
 * Markdown and HTML writers, counts, input order and grouping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "report_html.h"
#include "report_list.h"
#include "report_markdown.h"

static char *html_of(const char *s)
{
	struct h_capture c;

	h_capture_open(&c);
	report_put_html(c.fp, s);
	return h_capture_close(&c);
}

static char *md_text_of(const char *s)
{
	struct h_capture c;

	h_capture_open(&c);
	md_put_text(c.fp, s);
	return h_capture_close(&c);
}

static char *md_code_of(const char *s, size_t max)
{
	struct h_capture c;

	h_capture_open(&c);
	md_put_code(c.fp, s, max);
	return h_capture_close(&c);
}

#define EXPECT(call, want) do { \
		char *got_ = (call); \
		assert_string_equal(got_, (want)); \
		free(got_); \
	} while (0)

static void test_html_escape(void **state)
{
	(void)state;
	EXPECT(html_of("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	EXPECT(html_of("a & \"b\""), "a &amp; &quot;b&quot;");
	EXPECT(html_of("tab\tline\nend"), "tab\tline\nend");
	EXPECT(html_of(NULL), "");
	EXPECT(html_of(""), "");
	/* valid UTF-8 kept as is */
	EXPECT(html_of("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xb4"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xb4");
}

static void test_html_replaces(void **state)
{
	(void)state;
	/* C0 (CR included), DEL and C1 controls */
	EXPECT(html_of("a\x01" "b\rc\x7f" "d\xc2\x85" "e"), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "e");
	/* invalid UTF-8: a stray continuation, a truncated sequence, an
	 * overlong '<' (must not turn into markup), a surrogate, > U+10FFFF */
	EXPECT(html_of("\x80"), "\xef\xbf\xbd");
	EXPECT(html_of("x\xe2\x82"), "x\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT(html_of("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT(html_of("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT(html_of("\xf4\x90\x80\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* noncharacters */
	EXPECT(html_of("\xef\xbf\xbe|\xef\xb7\x90"), "\xef\xbf\xbd|\xef\xbf\xbd");
}

static void test_safe_url(void **state)
{
	(void)state;
	assert_true(report_safe_url("https://kubernetes.github.io/ingress-nginx/x/#auth"));
	assert_true(report_safe_url("http://a.example/p?x=1"));
	assert_false(report_safe_url(NULL));
	assert_false(report_safe_url("javascript:alert(1)"));
	assert_false(report_safe_url("https://a.example/\"onmouseover=x"));
	assert_false(report_safe_url("https://a.example/a b"));
	assert_false(report_safe_url("https://a.example/(x)"));
	assert_false(report_safe_url("https://a.example/?a=1&b=2"));
	assert_false(report_safe_url("HTTPS://a.example/"));
}

static void test_md_text(void **state)
{
	(void)state;
	EXPECT(md_text_of("a|b"), "a\\|b");
	EXPECT(md_text_of("`code` *b* _i_ [l](u) ![i](u) ~s~ \\"),
	       "\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\!\\[i\\](u) \\~s\\~ \\\\");
	EXPECT(md_text_of("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;");
	EXPECT(md_text_of("one\ntwo"), "one<br>two");
	EXPECT(md_text_of("$x$ costs $5"), "\\$x\\$ costs \\$5");
	/* no mention, no issue reference; a lone @ or # stays as is */
	EXPECT(md_text_of("@octocat #12 a @ b # c"), "@&#8203;octocat #&#8203;12 a @ b # c");
	EXPECT(md_text_of("bad\x01\xff"), "bad\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT(md_text_of(NULL), "");
}

/* The table-driven writer itself: a replacement for any ASCII character
 * (a letter, a control character), the guard at the end of the text, and
 * a length that stops before the string does. */
static void test_escaped_table(void **state)
{
	static const struct report_escapes e = { .rep = { ['a'] = "<A>", ['\n'] = "|", ['\t'] = "\\t" },
						 .guard_refs = true };
	struct h_capture c;
	char *got;

	(void)state;
	h_capture_open(&c);
	report_put_escaped(c.fp, "banana\n\tx@", 10, &e);
	report_put_escaped(c.fp, " @b #", 5, &e);
	report_put_escaped(c.fp, "a\x01" "cut here", 3, &e);
	got = h_capture_close(&c);
	assert_string_equal(got, "b<A>n<A>n<A>|\\tx@ @&#8203;b #<A>\xef\xbf\xbd" "c");
	free(got);
}

static void test_md_code(void **state)
{
	(void)state;
	EXPECT(md_code_of("basic", 200), "`basic`");
	EXPECT(md_code_of(NULL, 200), "\xe2\x80\x94");
	EXPECT(md_code_of("", 200), "(empty)");
	/* a fence longer than any backtick run; padded next to a backtick */
	EXPECT(md_code_of("a`b", 200), "``a`b``");
	EXPECT(md_code_of("``x``", 200), "``` ``x`` ```");
	EXPECT(md_code_of("`", 200), "`` ` ``");
	/* a space at both ends would be stripped: padded; blank kept */
	EXPECT(md_code_of(" x ", 200), "`  x  `");
	EXPECT(md_code_of("   ", 200), "`   `");
	/* pipes escaped even inside code; markup is literal in code */
	EXPECT(md_code_of("a|b <i> &", 200), "`a\\|b <i> &`");
	/* one code span per line */
	EXPECT(md_code_of("one\ntwo\n\nfour", 200), "`one`<br>`two`<br><br>`four`");
	EXPECT(md_code_of("end\n", 200), "`end`<br>");
	/* cut at a character boundary, the rest counted */
	EXPECT(md_code_of("abcd\xc3\xa9xyz", 5), "`abcd` \xe2\x80\xa6 (5 more bytes)");
	EXPECT(md_code_of("abcde", 5), "`abcde`");
	EXPECT(md_code_of("ab\x01", 200), "`ab\xef\xbf\xbd`");
}

/* A finding list for the count, order and writer tests. */
static void add(struct findings *fs, const char *file, size_t line, const char *ns, const char *name,
		enum status st, enum severity sev, bool suppressed)
{
	struct finding f = h_finding(file, line, st, sev);

	f.ns = ns;
	f.name = name;
	f.suppressed = suppressed;
	f.justification = suppressed ? "accepted <risk>" : NULL;
	findings_add(fs, &f);
}

static void sample(struct findings *fs)
{
	add(fs, "b.yaml", 20, "shop", "web", ST_UNSUPPORTED, SEV_CRITICAL, false);	/* 0 */
	add(fs, "b.yaml", 9, "shop", "api", ST_CONVERTED, SEV_INFO, false);		/* 1 */
	add(fs, "a.yaml", 3, NULL, "x", ST_PARTIAL, SEV_WARNING, false);		/* 2 */
	add(fs, "b.yaml", 21, "shop", "web", ST_UNSUPPORTED, SEV_ERROR, true);	/* 3 */
	add(fs, "b.yaml", 9, "shop", "api", ST_INVALID, SEV_ERROR, false);		/* 4 */
	add(fs, "c.yaml", 1, "blog", "www", ST_CONVERTED, SEV_INFO, false);		/* 5 */
}

static void test_counts(void **state)
{
	struct findings fs = {0};
	struct report_counts c;

	(void)state;
	sample(&fs);
	report_count(&fs, &c);
	assert_int_equal(c.total, 5);
	assert_int_equal(c.suppressed, 1);
	assert_int_equal(c.severity[SEV_CRITICAL], 1);
	assert_int_equal(c.severity[SEV_ERROR], 1);	/* the suppressed error is apart */
	assert_int_equal(c.severity[SEV_WARNING], 1);
	assert_int_equal(c.severity[SEV_INFO], 2);
	assert_int_equal(c.status[ST_UNSUPPORTED], 1);
	assert_int_equal(c.status[ST_CONVERTED], 2);
	assert_int_equal(c.cell[ST_INVALID][SEV_ERROR], 1);
	assert_int_equal(c.cell[ST_UNSUPPORTED][SEV_ERROR], 0);
	findings_free(&fs);
}

static void test_order(void **state)
{
	struct findings fs = {0};
	size_t *order;
	const size_t want[] = { 1, 4, 0, 3, 2, 5 };

	(void)state;
	assert_null(report_order(&fs));
	sample(&fs);
	order = report_order(&fs);
	assert_non_null(order);
	/* files in order of first appearance (b, a, c), then line, ties stable */
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(order[i], want[i]);
	assert_true(report_same_object(&fs.v[0], &fs.v[3]));
	assert_false(report_same_object(&fs.v[0], &fs.v[1]));
	free(order);
	findings_free(&fs);
}

static void test_tally(void **state)
{
	struct findings fs = {0};
	struct report_tally_entry *t;
	size_t n;

	(void)state;
	assert_null(report_tally_namespaces(&fs, &n));
	assert_int_equal(n, 0);
	sample(&fs);
	add(&fs, "d.yaml", 1, NULL, "y", ST_CONVERTED, SEV_INFO, false);
	t = report_tally_namespaces(&fs, &n);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].key, "shop");
	assert_int_equal(t[0].count, 3);	/* not the suppressed one */
	assert_null(t[1].key);			/* "none" before a smaller count */
	assert_int_equal(t[1].count, 2);
	assert_string_equal(t[2].key, "blog");
	assert_int_equal(t[2].count, 1);
	free(t);
	findings_free(&fs);
}

/* The tally built one finding at a time matches the list's. */
static void test_tally_stream(void **state)
{
	struct findings fs = {0};
	struct report_tally *tt = report_tally_new();
	struct report_tally_entry *t;
	const struct report_tally_entry *u;
	size_t n, m;

	(void)state;
	sample(&fs);
	add(&fs, "d.yaml", 1, NULL, "y", ST_CONVERTED, SEV_INFO, false);
	for (size_t i = 0; i < fs.n; i++)
		if (!fs.v[i].suppressed)
			report_tally_add(tt, fs.v[i].ns);
	t = report_tally_namespaces(&fs, &n);
	u = report_tally_sorted(tt, &m);
	assert_int_equal(m, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(u[i].count, t[i].count);
		if (t[i].key)
			assert_string_equal(u[i].key, t[i].key);
		else
			assert_null(u[i].key);
	}
	free(t);
	report_tally_free(tt);
	findings_free(&fs);
}

static const struct report_summary sum = {
	.target = "ingress", .files = 3, .objects = 4, .ingresses = 4, .annotations = 6,
};

/* Occurrences of needle in hay. */
static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_markdown_write(void **state)
{
	struct findings fs = {0};
	struct h_capture c;
	char *md;

	(void)state;
	sample(&fs);
	h_capture_open(&c);
	assert_int_equal(report_markdown_write(c.fp, &fs, &sum), 0);
	md = h_capture_close(&c);
	assert_non_null(strstr(md, "**5 findings** (1 critical, 1 error, 1 warning, 2 info) in 3 files"));
	assert_non_null(strstr(md, "; 1 suppressed."));
	assert_non_null(strstr(md, "| unsupported | 1 | 0 | 0 | 0 | 1 |\n"));
	assert_non_null(strstr(md, "| invalid | 0 | 1 | 0 | 0 | 1 |\n"));
	assert_non_null(strstr(md, "| **total** | **1** | **1** | **1** | **2** | **5** |\n"));
	assert_null(strstr(md, "| ignored |"));	/* rows of zero left out */
	/* four objects, in input order, plus the suppressed block */
	assert_int_equal(count_of(md, "<details"), 5);
	assert_true(strstr(md, "<code>shop/api</code>") < strstr(md, "<code>shop/web</code>"));
	assert_true(strstr(md, "<code>shop/web</code>") < strstr(md, "<code>x</code> in <code>a.yaml:3"));
	/* the groups at error or above are open */
	assert_non_null(strstr(md, "<details open>\n<summary>\xf0\x9f\x94\xb4 <b>Ingress</b> <code>shop/web</code>"));
	assert_non_null(strstr(md, "<details>\n<summary>\xf0\x9f\x9f\xa1 <b>Ingress</b> <code>x</code>"));
	assert_non_null(strstr(md, "### Suppressed (1)"));
	assert_non_null(strstr(md, "| accepted &lt;risk&gt; |"));
	free(md);
	findings_free(&fs);
}

static void test_markdown_empty(void **state)
{
	struct findings fs = {0};
	struct h_capture c;
	char *md;

	(void)state;
	h_capture_open(&c);
	assert_int_equal(report_markdown_write(c.fp, &fs, &sum), 0);
	md = h_capture_close(&c);
	assert_non_null(strstr(md, "**0 findings** (no findings)"));
	assert_null(strstr(md, "| status |"));
	assert_null(strstr(md, "<details"));
	free(md);
}

static void test_html_write(void **state)
{
	struct findings fs = {0};
	struct h_capture c;
	char *html;

	(void)state;
	sample(&fs);
	h_capture_open(&c);
	assert_int_equal(report_html_write(c.fp, &fs, &sum), 0);
	html = h_capture_close(&c);
	assert_non_null(strstr(html, " data-total=\"5\" data-suppressed=\"1\" data-count-critical=\"1\" "
				"data-count-error=\"1\" data-count-warning=\"1\" data-count-info=\"2\""));
	assert_non_null(strstr(html, " data-count-converted=\"2\""));
	assert_int_equal(count_of(html, "<tr class=\"finding\""), 5);
	assert_int_equal(count_of(html, "<section class=\"object\""), 4);
	assert_int_equal(count_of(html, "<tr class=\"suppressed\""), 1);
	assert_non_null(strstr(html, "accepted &lt;risk&gt;"));
	/* self-contained: the policy, one script, no resource from elsewhere */
	assert_non_null(strstr(html, "content=\"default-src 'none'; style-src 'sha256-"));
	assert_int_equal(count_of(html, "<script"), 1);
	assert_null(strstr(html, " src="));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "url("));
	/* charts: the namespace bars, most findings first */
	assert_true(strstr(html, "data-key=\"shop\" data-count=\"2\"") <
		    strstr(html, "data-key=\"(no namespace)\" data-count=\"1\""));
	/* filters hidden until the script shows them */
	assert_non_null(strstr(html, "<form id=\"filters\" hidden>"));
	free(html);
	findings_free(&fs);
}

static void test_html_many_namespaces(void **state)
{
	struct findings fs = {0};
	struct h_capture c;
	char *html, name[32];

	(void)state;
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "ns-%02d", i);
		add(&fs, "a.yaml", (size_t)i + 1, name, "web", ST_CONVERTED, SEV_INFO, false);
	}
	h_capture_open(&c);
	assert_int_equal(report_html_write(c.fp, &fs, &sum), 0);
	html = h_capture_close(&c);
	/* eleven bars of their own, one for the other nineteen (said so) */
	assert_int_equal(count_of(html, "class=\"b-ns\""), HTML_NS_BARS);
	assert_non_null(strstr(html, "data-key=\"19 others\" data-count=\"19\""));
	free(html);
	findings_free(&fs);
}

/* A write that fails: a stream open for reading only. */
/* The sample spooled in report_order()'s order: the streaming writers
 * give the same document as the whole-list ones, and every record reads
 * back as it was written. */
static void test_stream_same(void **state)
{
	struct findings fs = {0}, back = {0};
	struct report_tally *tt = report_tally_new();
	const struct report_tally_entry *ns;
	struct report_counts cnt;
	struct h_capture c;
	FILE *spool = tmpfile();
	size_t *order, nns;
	char *whole, *streamed;

	(void)state;
	assert_non_null(spool);
	sample(&fs);
	order = report_order(&fs);
	report_count(&fs, &cnt);
	for (size_t i = 0; i < fs.n; i++) {
		const struct finding *f = &fs.v[order[i]];
		assert_int_equal(report_rec_write(spool, f), 0);
		if (!f->suppressed)
			report_tally_add(tt, f->ns);
	}
	rewind(spool);
	while (report_rec_read(spool, &back) == 1)
		continue;
	assert_int_equal(back.n, fs.n);
	for (size_t i = 0; i < fs.n; i++) {
		const struct finding *a = &fs.v[order[i]], *b = &back.v[i];
		assert_string_equal(a->file, b->file);
		assert_int_equal(a->pos.line, b->pos.line);
		assert_int_equal(a->severity, b->severity);
		assert_int_equal(a->suppressed, b->suppressed);
		assert_string_equal(a->message, b->message);
		if (a->justification)
			assert_string_equal(a->justification, b->justification);
		else
			assert_null(b->justification);
	}
	h_capture_open(&c);
	assert_int_equal(report_markdown_write(c.fp, &fs, &sum), 0);
	whole = h_capture_close(&c);
	h_capture_open(&c);
	assert_int_equal(report_markdown_stream(c.fp, spool, &cnt, &sum), 0);
	streamed = h_capture_close(&c);
	assert_string_equal(streamed, whole);
	free(whole);
	free(streamed);
	ns = report_tally_sorted(tt, &nns);
	h_capture_open(&c);
	assert_int_equal(report_html_write(c.fp, &fs, &sum), 0);
	whole = h_capture_close(&c);
	h_capture_open(&c);
	assert_int_equal(report_html_stream(c.fp, spool, &cnt, ns, nns, &sum), 0);
	streamed = h_capture_close(&c);
	assert_string_equal(streamed, whole);
	free(whole);
	free(streamed);
	free(order);
	fclose(spool);
	report_tally_free(tt);
	findings_free(&back);
	findings_free(&fs);
}

static void test_write_error(void **state)
{
	struct findings fs = {0};
	char *dir = h_tmpdir("report"), *path = h_path(dir, "ro");
	FILE *ro;

	(void)state;
	h_write_file(path, "");
	ro = fopen(path, "r");
	assert_non_null(ro);
	free(path);
	h_tmpdir_remove(dir);
	sample(&fs);
	assert_int_equal(report_html_write(ro, &fs, &sum), -1);
	clearerr(ro);
	assert_int_equal(report_markdown_write(ro, &fs, &sum), -1);
	fclose(ro);
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_replaces),
		cmocka_unit_test(test_safe_url),
		cmocka_unit_test(test_md_text),
		cmocka_unit_test(test_md_code),
		cmocka_unit_test(test_escaped_table),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_tally_stream),
		cmocka_unit_test(test_stream_same),
		cmocka_unit_test(test_markdown_write),
		cmocka_unit_test(test_markdown_empty),
		cmocka_unit_test(test_html_write),
		cmocka_unit_test(test_html_many_namespaces),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
