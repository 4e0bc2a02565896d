/* test_report.c - unit tests for the streamed list reports: escaping in
 * the Markdown and HTML writers, counts, input order and grouping, and
 * findings that come after their objects (late). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "report.h"
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
	memset(&c, 0, sizeof(c));
	for (size_t i = 0; i < fs.n; i++)
		report_count_one(&c, &fs.v[i]);
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

static void test_tally(void **state)
{
	struct findings fs = {0};
	struct report_tally *tt = report_tally_new();
	const struct report_tally_entry *t;
	size_t n;

	(void)state;
	sample(&fs);
	add(&fs, "d.yaml", 1, NULL, "y", ST_CONVERTED, SEV_INFO, false);
	for (size_t i = 0; i < fs.n; i++)
		if (!fs.v[i].suppressed)
			report_tally_add(tt, fs.v[i].ns);
	t = report_tally_sorted(tt, &n);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].key, "shop");
	assert_int_equal(t[0].count, 3);	/* not the suppressed one */
	assert_null(t[1].key);			/* "none" before a smaller count */
	assert_int_equal(t[1].count, 2);
	assert_string_equal(t[2].key, "blog");
	assert_int_equal(t[2].count, 1);
	report_tally_free(tt);
	findings_free(&fs);
	tt = report_tally_new();
	assert_null(report_tally_sorted(tt, &n));
	assert_int_equal(n, 0);
	report_tally_free(tt);
}

static const struct report_summary sum = {
	.target = "ingress", .files = 3, .objects = 4, .ingresses = 4, .annotations = 6,
};

/* The whole report of fs in fmt through a sink, one object (a run of
 * findings on the same object) at a time. */
static int write_list(FILE *out, enum report_format fmt, const struct findings *fs)
{
	return report_write(out, fmt, fs, &sum, false);
}

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
	assert_int_equal(write_list(c.fp, RF_MARKDOWN, &fs), 0);
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
	assert_int_equal(write_list(c.fp, RF_MARKDOWN, &fs), 0);
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
	assert_int_equal(write_list(c.fp, RF_HTML, &fs), 0);
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
	assert_int_equal(write_list(c.fp, RF_HTML, &fs), 0);
	html = h_capture_close(&c);
	/* eleven bars of their own, one for the other nineteen (said so) */
	assert_int_equal(count_of(html, "class=\"b-ns\""), HTML_NS_BARS);
	assert_non_null(strstr(html, "data-key=\"19 others\" data-count=\"19\""));
	free(html);
	findings_free(&fs);
}

/* The data-line values of the finding rows of an HTML page, in page
 * order, as "9,9,20" in buf (of size n). */
static void row_lines(const char *html, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const char *p = strstr(html, "<tr class=\"finding\""); p; p = strstr(p + 1, "<tr class=\"finding\"")) {
		const char *l = strstr(p, "data-line=\"");
		assert_non_null(l);
		l += strlen("data-line=\"");
		len += (size_t)snprintf(buf + len, n - len, "%s%.*s", len ? "," : "", (int)strcspn(l, "\""), l);
		assert_true(len < n);
	}
}

/* Report order: files in order of first appearance (b, a, c), then line,
 * ties in arrival order; suppressed findings apart. */
static void test_order(void **state)
{
	struct findings fs = {0};
	struct h_capture c;
	char *html, lines[64];

	(void)state;
	sample(&fs);
	assert_true(report_same_object(&fs.v[0], &fs.v[3]));
	assert_false(report_same_object(&fs.v[0], &fs.v[1]));
	h_capture_open(&c);
	assert_int_equal(write_list(c.fp, RF_HTML, &fs), 0);
	html = h_capture_close(&c);
	row_lines(html, lines, sizeof(lines));
	assert_string_equal(lines, "9,9,20,3,1");
	/* the two findings of line 9 in arrival order: converted, then invalid */
	assert_non_null(strstr(html, "data-status=\"invalid\" data-line=\"9\""));
	assert_true(strstr(html, "data-status=\"converted\" data-line=\"9\"") <
		    strstr(html, "data-status=\"invalid\" data-line=\"9\""));
	free(html);
	findings_free(&fs);
}

/* Every record reads back as it was written, with its file number; a
 * truncated record is an error, the end of the spool is not. */
static void test_rec_round_trip(void **state)
{
	struct findings fs = {0}, back = {0};
	FILE *spool = tmpfile();
	size_t file = 0;
	long size;

	(void)state;
	assert_non_null(spool);
	sample(&fs);
	for (size_t i = 0; i < fs.n; i++)
		assert_int_equal(report_rec_write(spool, &fs.v[i], i * 3), 0);
	rewind(spool);
	for (size_t i = 0; i < fs.n; i++) {
		const struct finding *a = &fs.v[i], *b;
		assert_int_equal(report_rec_read(spool, &back, &file), 1);
		assert_int_equal(file, i * 3);
		b = &back.v[i];
		assert_string_equal(a->file, b->file);
		assert_int_equal(a->pos.line, b->pos.line);
		assert_int_equal(a->pos.column, b->pos.column);
		assert_int_equal(a->severity, b->severity);
		assert_int_equal(a->status, b->status);
		assert_int_equal(a->suppressed, b->suppressed);
		assert_string_equal(a->message, b->message);
		assert_string_equal(a->name, b->name);
		if (a->ns)
			assert_string_equal(a->ns, b->ns);
		else
			assert_null(b->ns);
		if (a->justification)
			assert_string_equal(a->justification, b->justification);
		else
			assert_null(b->justification);
	}
	assert_int_equal(report_rec_read(spool, &back, NULL), 0);
	/* cut the last record short */
	assert_int_equal(fflush(spool), 0);
	size = ftell(spool);
	assert_true(size > 3);
	assert_int_equal(ftruncate(fileno(spool), size - 3), 0);
	rewind(spool);
	findings_clear(&back);
	for (size_t i = 0; i + 1 < fs.n; i++)
		assert_int_equal(report_rec_read(spool, &back, NULL), 1);
	assert_int_equal(report_rec_read(spool, &back, NULL), -1);
	fclose(spool);
	findings_free(&back);
	findings_free(&fs);
}

/* File numbers: first-appearance order, the same number for the same
 * name however often and however many names there are. */
static void test_files(void **state)
{
	struct report_files *t = report_files_new();
	char name[32];

	(void)state;
	assert_int_equal(report_files_number(t, "b.yaml"), 0);
	assert_int_equal(report_files_number(t, "a.yaml"), 1);
	assert_int_equal(report_files_number(t, "b.yaml"), 0);
	assert_int_equal(report_files_number(t, ""), 2);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 1000; i++) {	/* more names than the table first holds */
			snprintf(name, sizeof(name), "dir/%d.yaml", i);
			assert_int_equal(report_files_number(t, name), (size_t)i + 3);
		}
	}
	assert_int_equal(report_files_number(t, "a.yaml"), 1);
	report_files_free(t);
	report_files_free(NULL);
}

/* One finding of a run as the pipeline delivers it. */
struct arrival {
	const char *file;
	size_t line, column;
	const char *name;	/* the object (with file) */
	const char *msg;	/* tells the findings apart */
	bool suppressed;
	int object;		/* the object ends when this changes; >= 100: a late step */
};

/* Objects of three files, then late findings for objects already ended:
 * several per object, on the first and the last file, at the place of
 * main findings and of each other (ties), before everything, and a file
 * that first appears late. */
static const struct arrival run[] = {
	{ "a.yaml", 5, 3, "one", "a5", false, 1 },
	{ "a.yaml", 3, 3, "one", "a3", false, 1 },
	{ "a.yaml", 10, 3, "two", "a10-first", false, 2 },
	{ "a.yaml", 10, 3, "two", "a10-second", false, 2 },
	{ "b.yaml", 2, 1, "three", "b2", false, 3 },
	{ "c.yaml", 7, 3, "four", "c7", false, 4 },
	{ "c.yaml", 8, 3, "four", "c8-suppressed", true, 4 },
	{ "a.yaml", 3, 3, "one", "late-a3", false, 100 },
	{ "a.yaml", 4, 3, "one", "late-a4", false, 100 },
	{ "a.yaml", 10, 3, "two", "late-a10-first", false, 101 },
	{ "a.yaml", 10, 3, "two", "late-a10-second", false, 101 },
	{ "c.yaml", 7, 3, "four", "late-c7", false, 102 },
	{ "c.yaml", 1, 1, "four", "late-c1-suppressed", true, 102 },
	{ "a.yaml", 1, 1, "one", "late-a1", false, 103 },
	{ "d.yaml", 1, 1, "five", "late-d1", false, 104 },
	{ "b.yaml", 1, 1, "three", "late-b1", false, 105 },
	{ "a.yaml", 10, 3, "two", "late-a10-third", true, 106 },
};

static struct finding arrival_finding(const struct arrival *a)
{
	struct finding f = h_finding(a->file, a->line, ST_PARTIAL, a->suppressed ? SEV_ERROR : SEV_WARNING);

	f.pos.column = a->column;
	f.name = a->name;
	f.message = a->msg;
	f.suppressed = a->suppressed;
	f.justification = a->suppressed ? "accepted" : NULL;
	return f;
}

/* The report of run[0..n) delivered to a sink as a run delivers it, as
 * a string the caller frees. */
static char *deliver(enum report_format fmt, const struct arrival *v, size_t n)
{
	struct report_options ro = { .fail_on = SEV_ERROR };
	struct h_capture c;
	struct sink *s;
	const char *file = NULL;

	h_capture_open(&c);
	s = sink_new(fmt, c.fp, &ro);
	assert_non_null(s);
	sink_begin(s, &sum);
	for (size_t i = 0; i < n; i++) {
		struct finding f = arrival_finding(&v[i]);
		if (file == NULL || strcmp(file, v[i].file) != 0)
			sink_file(s, file = v[i].file);
		sink_finding(s, &f);
		if (i + 1 == n || v[i + 1].object != v[i].object) {
			struct report_object o = { .file = f.file, .kind = f.kind, .ns = f.ns, .name = f.name,
						   .pos = f.pos, .late = v[i].object >= 100 };
			sink_object_end(s, &o);
		}
	}
	assert_int_equal(sink_end(s, &sum), 0);
	sink_free(s);
	return h_capture_close(&c);
}

/* The report of run[0..n) sorted here into report order (a stable sort
 * by first-appearance number of the file, line, column) and delivered in
 * that order, no finding late: a string the caller frees. */
static char *reference(enum report_format fmt, const struct arrival *v, size_t n)
{
	struct findings fs = {0};
	struct h_capture c;
	size_t idx[64], rank[64];

	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++) {
		rank[i] = i;
		for (size_t j = 0; j < i; j++)
			if (strcmp(v[j].file, v[i].file) == 0) {
				rank[i] = rank[j];
				break;
			}
		idx[i] = i;
	}
	for (size_t i = 1; i < n; i++) {	/* insertion sort: stable */
		for (size_t j = i; j > 0; j--) {
			const struct arrival *a = &v[idx[j - 1]], *b = &v[idx[j]];
			size_t ra = rank[idx[j - 1]], rb = rank[idx[j]];
			if (ra < rb || (ra == rb && (a->line < b->line || (a->line == b->line && a->column <= b->column))))
				break;
			size_t t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct finding f = arrival_finding(&v[idx[i]]);
		findings_add(&fs, &f);
	}
	h_capture_open(&c);
	assert_int_equal(write_list(c.fp, fmt, &fs), 0);
	findings_free(&fs);
	return h_capture_close(&c);
}

/* Where needle is in hay (it must be there). */
static const char *at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	assert_non_null(p);
	return p;
}

/* Findings that come after their objects (late) land where report order
 * puts them: the same document as the run sorted beforehand. */
static void test_stream_late(void **state)
{
	const size_t n = sizeof(run) / sizeof(run[0]);

	(void)state;
	for (int k = 0; k < 4; k++) {
		enum report_format fmt = k & 1 ? RF_HTML : RF_MARKDOWN;
		/* k >= 2: one late key in memory, the rest in runs (debug builds) */
		assert_int_equal(k >= 2 ? setenv("I2H_LATE_RUN", "1", 1) : unsetenv("I2H_LATE_RUN"), 0);
		char *got = deliver(fmt, run, n), *want = reference(fmt, run, n);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	assert_int_equal(unsetenv("I2H_LATE_RUN"), 0);
	{
		char *md = deliver(RF_MARKDOWN, run, n);
		assert_true(at(md, "late-a1") < at(md, "| a3 |"));
		assert_true(at(md, "| a3 |") < at(md, "late-a3"));
		assert_true(at(md, "late-a3") < at(md, "late-a4"));
		assert_true(at(md, "late-a4") < at(md, "| a5 |"));
		assert_true(at(md, "a10-second") < at(md, "late-a10-first"));
		assert_true(at(md, "late-a10-first") < at(md, "late-a10-second"));
		assert_true(at(md, "late-b1") < at(md, "| b2 |"));
		assert_true(at(md, "| c7 |") < at(md, "late-c7"));
		assert_true(at(md, "late-c7") < at(md, "late-d1"));
		/* suppressed, late or not, in report order in their table */
		assert_true(at(md, "### Suppressed (3)") < at(md, "`a.yaml:10`"));
		assert_true(at(md, "`a.yaml:10`") < at(md, "`c.yaml:1`"));
		assert_true(at(md, "`c.yaml:1`") < at(md, "`c.yaml:8`"));
		free(md);
	}
}

/* The late store on its own: records come back in key order, runs
 * merged (a debug build keeps at most two keys in memory here), the
 * same again after a rewind; a truncated main spool is a read error for
 * the source and the writers. */
static void test_late_store(void **state)
{
	static const size_t lines[] = { 9, 2, 7, 7, 1, 12, 3 }, sorted[] = { 1, 2, 3, 7, 7, 9, 12 };
	const size_t n = sizeof(lines) / sizeof(lines[0]);
	struct report_late *l;
	struct report_source src;
	struct report_counts cnt = { .total = 1 };
	struct findings fs = {0};
	struct finding one = h_finding("a.yaml", 1, ST_PARTIAL, SEV_WARNING);
	FILE *main = tmpfile();
	struct h_capture c;
	char msg[8][8];
	long size;

	(void)state;
	assert_non_null(main);
	assert_int_equal(setenv("I2H_LATE_RUN", "2", 1), 0);
	l = report_late_new();
	for (size_t i = 0; i < n; i++) {
		struct finding f = h_finding("a.yaml", lines[i], ST_PARTIAL, SEV_WARNING);
		snprintf(msg[i], sizeof(msg[i]), "m%zu", i);
		f.message = msg[i];
		assert_int_equal(report_late_add(l, &f, 0), 0);
	}
	assert_int_equal(report_late_finish(l), 0);
	assert_int_equal(report_late_count(l), n);
	report_source_init(&src, main, l);
	for (int pass = 0; pass < 2; pass++) {
		assert_int_equal(report_source_rewind(&src), 0);
		while (report_source_next(&src, &fs) == 1)
			continue;
		assert_int_equal(fs.n, n);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(fs.v[i].pos.line, sorted[i]);
		assert_string_equal(fs.v[3].message, "m2");	/* the two of line 7 in arrival order */
		assert_string_equal(fs.v[4].message, "m3");
		findings_clear(&fs);
	}
	/* a main record cut short */
	assert_int_equal(report_rec_write(main, &one, 0), 0);
	assert_int_equal(fflush(main), 0);
	size = ftell(main);
	assert_int_equal(ftruncate(fileno(main), size - 3), 0);
	report_source_init(&src, main, NULL);
	assert_int_equal(report_source_rewind(&src), 0);
	assert_int_equal(report_source_next(&src, &fs), -1);
	h_capture_open(&c);
	assert_int_equal(report_markdown_stream(c.fp, &src, &cnt, &sum), -1);
	h_capture_free(&c);
	h_capture_open(&c);
	assert_int_equal(report_html_stream(c.fp, &src, &cnt, NULL, 0, &sum), -1);
	h_capture_free(&c);
	assert_int_equal(unsetenv("I2H_LATE_RUN"), 0);
	report_late_free(l);
	findings_free(&fs);
	fclose(main);
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
	assert_int_equal(write_list(ro, RF_HTML, &fs), -1);
	clearerr(ro);
	assert_int_equal(write_list(ro, RF_MARKDOWN, &fs), -1);
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
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_rec_round_trip),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_stream_late),
		cmocka_unit_test(test_late_store),
		cmocka_unit_test(test_markdown_write),
		cmocka_unit_test(test_markdown_empty),
		cmocka_unit_test(test_html_write),
		cmocka_unit_test(test_html_many_namespaces),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
