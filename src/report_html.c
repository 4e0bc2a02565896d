/* report_html.c - the HTML report.
 *
 * Every string from the input goes through report_put_html(); the page's
 * structure carries stable ids and data attributes (data-count-NAME on
 * #summary, data-severity and data-status on each finding row) so that
 * tests and scripts can read it.
 */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include "report_list.h"
#include "util.h"
#include "version.h"

/* one or more, by n (static strings). */
static const char *plural(size_t n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

/* Doctype, policy, style. Allocates nothing. */
static void html_head(FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"", out);
	fputs(i2h_html_csp, out);
	fputs("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"ingress2higress " I2H_VERSION "\">\n"
	      "<title>ingress2higress migration report</title>\n<style>", out);
	fputs(i2h_html_css, out);
	fputs("</style>\n</head>\n", out);
}

/* The page's title band: what was read. Allocates nothing. */
static void html_header(FILE *out, const struct report_counts *c, const struct report_summary *sum)
{
	fputs("<body>\n<header class=\"top\">\n<h1>Ingress-NGINX<span class=\"arrow\">&rarr;</span>Higress "
	      "migration report</h1>\n<p>", out);
	fprintf(out, "<b>%zu</b> %s &middot; <b>%zu</b> %s &middot; <b>%zu</b> %s &middot; <b>%zu</b> %s"
		" &middot; <b>%zu</b> %s", sum->files, plural(sum->files, "file", "files"),
		sum->objects, plural(sum->objects, "object", "objects"),
		sum->ingresses, plural(sum->ingresses, "Ingress", "Ingresses"),
		sum->annotations, plural(sum->annotations, "annotation", "annotations"),
		c->total, plural(c->total, "finding", "findings"));
	if (c->suppressed)
		fprintf(out, " &middot; <b>%zu</b> suppressed", c->suppressed);
	fputs(" &middot; target <b>", out);
	report_put_html(out, sum->target ? sum->target : "ingress");
	fputs("</b></p>\n</header>\n<main>\n", out);
}

/* One chart row: label, track, bar scaled to max, count. Allocates
 * nothing. */
static void chart_row(FILE *out, size_t row, const char *label, const char *title,
		      const char *cls, size_t count, size_t max)
{
	const unsigned lx = 0, bx = 130, bw = 190, h = 24;
	unsigned y = (unsigned)row * h, w = max ? (unsigned)((count * bw + max / 2) / max) : 0;

	if (count && w < 2)
		w = 2;
	fputs("<g class=\"row\" data-key=\"", out);
	report_put_html(out, title);
	fprintf(out, "\" data-count=\"%zu\"><title>", count);
	report_put_html(out, title);
	fprintf(out, ": %zu</title><text x=\"%u\" y=\"%u\">", count, lx, y + 16);
	report_put_html(out, label);
	fprintf(out, "</text><rect class=\"track\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"14\" rx=\"3\"/>",
		bx, y + 5, bw);
	if (w)
		fprintf(out, "<rect class=\"%s\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"14\" rx=\"3\"/>",
			cls, bx, y + 5, w);
	fprintf(out, "<text class=\"num\" x=\"%u\" y=\"%u\">%zu</text></g>\n", bx + bw + 8, y + 16, count);
}

/* A chart's figure and SVG, sized for rows rows. Allocates nothing. */
static void chart_open(FILE *out, const char *id, const char *caption, size_t rows)
{
	fprintf(out, "<figure id=\"chart-%s\"><figcaption id=\"chart-%s-title\">%s</figcaption>\n"
		"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 %zu\" "
		"width=\"360\" height=\"%zu\" role=\"img\" aria-labelledby=\"chart-%s-title\">\n",
		id, id, caption, rows * 24 + 4, rows * 24 + 4, id);
}

/* The end of chart_open()'s elements. */
static void chart_close(FILE *out)
{
	fputs("</svg></figure>\n", out);
}

/* A label of at most max characters (max > 1): s, or its first max - 1
 * characters and an ellipsis. Returns a string the caller frees. */
static char *short_label(const char *s, size_t max)
{
	size_t n = strlen(s), i = 0, cut = 0, chars = 0;

	while (i < n) {
		unsigned long cp;
		i += report_char(s + i, n - i, &cp);
		if (++chars == max - 1)
			cut = i;
	}
	if (chars <= max)
		return xstrdup(s);
	return xasprintf("%.*s\xe2\x80\xa6", (int)cut, s);
}

/* The three charts: status, severity, namespace. Allocates the
 * namespace tally and its labels, and frees them. */
static void html_charts(FILE *out, const struct report_tally_entry *ns, size_t nns,
			const struct report_counts *c)
{
	size_t max = 0, shown;

	fputs("<div class=\"charts\">\n", out);
	for (int s = 0; s < ST__COUNT; s++)
		max = c->status[s] > max ? c->status[s] : max;
	chart_open(out, "status", "Findings by status", ST__COUNT);
	for (int s = 0; s < ST__COUNT; s++) {
		char *cls = xasprintf("b-%s", status_name(s));
		chart_row(out, (size_t)s, status_name(s), status_name(s), cls, c->status[s], max);
		free(cls);
	}
	chart_close(out);
	max = 0;
	for (int s = 0; s < SEV__COUNT; s++)
		max = c->severity[s] > max ? c->severity[s] : max;
	chart_open(out, "severity", "Findings by severity", SEV__COUNT);
	for (int s = SEV__COUNT - 1; s >= 0; s--) {
		char *cls = xasprintf("b-%s", severity_name(s));
		chart_row(out, (size_t)(SEV__COUNT - 1 - s), severity_name(s), severity_name(s), cls,
			  c->severity[s], max);
		free(cls);
	}
	chart_close(out);
	shown = nns > HTML_NS_BARS ? HTML_NS_BARS - 1 : nns;
	chart_open(out, "namespace", "Findings by namespace", nns ? (shown < nns ? shown + 1 : shown) : 1);
	max = nns ? ns[0].count : 0;
	for (size_t i = 0; i < shown; i++) {
		const char *name = ns[i].key ? ns[i].key : "(no namespace)";
		char *label = short_label(name, 18);
		chart_row(out, i, label, name, "b-ns", ns[i].count, max);
		free(label);
	}
	if (shown < nns) {
		size_t rest = 0;
		char *label = xasprintf("%zu others", nns - shown);
		for (size_t i = shown; i < nns; i++)
			rest += ns[i].count;
		chart_row(out, shown, label, label, "b-ns", rest, rest > max ? rest : max);
		free(label);
	}
	if (nns == 0)
		chart_row(out, 0, "(none)", "(none)", "b-ns", 0, 0);
	chart_close(out);
	fputs("</div>\n", out);
}

/* #summary: the count attributes, the cards, the charts. Allocates
 * only what html_charts() frees. */
static void html_summary(FILE *out, const struct report_tally_entry *ns, size_t nns,
			 const struct report_counts *c)
{
	fprintf(out, "<section id=\"summary\" data-total=\"%zu\" data-suppressed=\"%zu\"", c->total, c->suppressed);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fprintf(out, " data-count-%s=\"%zu\"", severity_name(s), c->severity[s]);
	for (int s = 0; s < ST__COUNT; s++)
		fprintf(out, " data-count-%s=\"%zu\"", status_name(s), c->status[s]);
	fputs(">\n<h2>Summary</h2>\n<div class=\"cards\">\n", out);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fprintf(out, "<div class=\"card sev-%s\" id=\"count-%s\"><span class=\"n\">%zu</span>"
			"<span class=\"l\">%s</span></div>\n", severity_name(s), severity_name(s),
			c->severity[s], severity_name(s));
	fprintf(out, "<div class=\"card\" id=\"count-total\"><span class=\"n\">%zu</span>"
		"<span class=\"l\">findings</span></div>\n", c->total);
	if (c->suppressed)
		fprintf(out, "<div class=\"card suppressed\" id=\"count-suppressed\"><span class=\"n\">%zu</span>"
			"<span class=\"l\">suppressed</span></div>\n", c->suppressed);
	fputs("</div>\n", out);
	html_charts(out, ns, nns, c);
	fputs("</section>\n", out);
}

/* The filter bar: hidden until the script shows it, so that a page read
 * without script has no controls that do nothing. Allocates nothing. */
static void html_filters(FILE *out, const struct report_counts *c)
{
	fputs("<form id=\"filters\" hidden>\n<fieldset><legend>Severity</legend>", out);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		fprintf(out, "<label%s><input type=\"checkbox\" name=\"severity\" value=\"%s\" checked> "
			"<span class=\"sev sev-%s\">%s %zu</span></label>", c->severity[s] ? "" : " hidden",
			severity_name(s), severity_name(s), severity_name(s), c->severity[s]);
	fputs("</fieldset>\n<fieldset><legend>Status</legend>", out);
	for (int s = 0; s < ST__COUNT; s++)
		fprintf(out, "<label%s><input type=\"checkbox\" name=\"status\" value=\"%s\" checked> "
			"<span class=\"st st-%s\">%s %zu</span></label>", c->status[s] ? "" : " hidden",
			status_name(s), status_name(s), status_name(s), c->status[s]);
	fputs("</fieldset>\n<input type=\"search\" id=\"filter-text\" name=\"q\" "
	      "placeholder=\"filter: annotation, value, name, rule\" aria-label=\"text filter\">\n"
	      "<span id=\"shown\" aria-live=\"polite\"></span>\n</form>\n"
	      "<p id=\"nomatch\" hidden>No finding matches the filter.</p>\n", out);
}

/* The annotation key with its prefix (up to the last '/') muted.
 * Allocates the prefix copy and frees it. */
static void html_key(FILE *out, const char *key)
{
	const char *slash;
	char *pfx;

	if (key == NULL) {
		fputs("<span class=\"none\">(object)</span>", out);
		return;
	}
	slash = strrchr(key, '/');
	if (slash == NULL) {
		report_put_html(out, key);
		return;
	}
	pfx = xstrndup(key, (size_t)(slash - key + 1));
	fputs("<span class=\"pfx\">", out);
	report_put_html(out, pfx);
	fputs("</span><wbr>", out);
	report_put_html(out, slash + 1);
	free(pfx);
}

/* The rule id, with a link to its documentation when the URL is safe
 * to write. Allocates nothing. */
static void html_rule(FILE *out, const struct finding *f)
{
	if (report_safe_url(f->doc)) {
		fputs("<code>", out);
		report_put_html(out, f->rule);
		fprintf(out, "</code> (<a href=\"%s\" rel=\"noopener noreferrer\">docs</a>)", f->doc);
	} else {
		fputs("<code>", out);
		report_put_html(out, f->rule);
		fputs("</code>", out);
	}
}

/* One finding as a table row with id f<id>. Allocates nothing. */
static void html_row(FILE *out, const struct finding *f, size_t id)
{
	const char *sev = severity_name(f->severity), *st = status_name(f->status);

	fprintf(out, "<tr class=\"finding\" id=\"f%zu\" data-severity=\"%s\" data-status=\"%s\" data-line=\"%zu\" "
		"data-rule=\"", id, sev, st, f->pos.line);
	report_put_html(out, f->rule);
	fprintf(out, "\"><td class=\"ss\"><span class=\"sev sev-%s\">%s</span> <span class=\"st st-%s\">%s</span></td>"
		"<td class=\"key\">", sev, sev, st, st);
	html_key(out, f->annotation);
	fputs("</td><td class=\"val\">", out);
	if (f->value == NULL)
		fputs("<span class=\"none\">&mdash;</span>", out);
	else if (*f->value == '\0')
		fputs("<span class=\"none\">(empty)</span>", out);
	else
		report_put_html(out, f->value);
	fputs("</td><td class=\"msg\">", out);
	report_put_html(out, f->message);
	fprintf(out, "<div class=\"rule\">line %zu &middot; rule ", f->pos.line);
	html_rule(out, f);
	fputs("</div></td><td class=\"fix\">", out);
	report_put_html(out, f->fix);
	fputs("</td></tr>\n", out);
}

/* "Kind ns/name" of a finding's object, or "file". Allocates nothing. */
static void html_object_name(FILE *out, const struct finding *f)
{
	if (f->kind == NULL && f->name == NULL) {
		fputs("<span class=\"kind\">file</span>", out);
		return;
	}
	fputs("<span class=\"kind\">", out);
	report_put_html(out, f->kind ? f->kind : "object");
	fputs("</span> ", out);
	if (f->ns) {
		report_put_html(out, f->ns);
		putc('/', out);
	}
	report_put_html(out, f->name ? f->name : "(unnamed)");
}

/* One object's findings, all of g (at least one), as section o<gid>;
 * rows numbered from *id. Allocates nothing. */
static void html_group(FILE *out, const struct findings *g, size_t gid, size_t *id)
{
	const struct finding *first = &g->v[0];
	size_t sv[SEV__COUNT] = {0};

	for (size_t i = 0; i < g->n; i++)
		sv[g->v[i].severity]++;
	fprintf(out, "<section class=\"object\" id=\"o%zu\" data-kind=\"", gid);
	report_put_html(out, first->kind);
	fputs("\" data-namespace=\"", out);
	report_put_html(out, first->ns);
	fputs("\" data-name=\"", out);
	report_put_html(out, first->name);
	fputs("\">\n<header><h3>", out);
	html_object_name(out, first);
	fputs("</h3><span class=\"loc\">", out);
	report_put_html(out, first->file);
	fprintf(out, ":%zu</span><span class=\"pills\">", first->pos.line);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		if (sv[s])
			fprintf(out, "<span class=\"pill sev-%s\">%zu %s</span>", severity_name(s), sv[s],
				severity_name(s));
	fputs("</span></header>\n<table>\n<thead><tr><th>severity / status</th><th>annotation</th>"
	      "<th>value</th><th>becomes</th><th>fix</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < g->n; i++)
		html_row(out, &g->v[i], (*id)++);
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* The heading of the suppressed table of n findings. Allocates nothing. */
static void html_suppressed_head(FILE *out, size_t n)
{
	fprintf(out, "<section id=\"suppressed\" data-count=\"%zu\">\n<h2>Suppressed (%zu)</h2>\n"
		"<p>Not counted above and never failing a run.</p>\n<table>\n<thead><tr><th>object</th>"
		"<th>where</th><th>annotation</th><th>rule</th><th>severity</th><th>status</th>"
		"<th>justification</th></tr></thead>\n<tbody>\n", n, n);
}

/* Suppressed finding f as row s<id>. Allocates nothing. */
static void html_suppressed_row(FILE *out, const struct finding *f, size_t id)
{
	fprintf(out, "<tr class=\"suppressed\" id=\"s%zu\" data-severity=\"%s\" data-status=\"%s\"><td>",
		id, severity_name(f->severity), status_name(f->status));
	html_object_name(out, f);
	fputs("</td><td class=\"loc\">", out);
	report_put_html(out, f->file);
	fprintf(out, ":%zu</td><td class=\"key\">", f->pos.line);
	html_key(out, f->annotation);
	fputs("</td><td class=\"rule\">", out);
	html_rule(out, f);
	fprintf(out, "</td><td>%s</td><td>%s</td><td>", severity_name(f->severity), status_name(f->status));
	if (f->justification)
		report_put_html(out, f->justification);
	else
		fputs("<i>(no reason given)</i>", out);
	fputs("</td></tr>\n", out);
}

/* The page up to the object sections. Allocates nothing. */
static void html_top(FILE *out, const struct report_tally_entry *ns, size_t nns,
		     const struct report_counts *c, const struct report_summary *sum)
{
	html_head(out);
	html_header(out, c, sum);
	html_summary(out, ns, nns, c);
	fputs("<h2>Findings by object</h2>\n", out);
	if (c->total)
		html_filters(out, c);
	else
		fputs("<p class=\"empty\" id=\"nofindings\">No findings.</p>\n", out);
	fputs("<div id=\"objects\">\n", out);
}

/* The footer and script. Returns 0, or -1 when a write failed. */
static int html_bottom(FILE *out)
{
	fputs("<footer>ingress2higress " I2H_VERSION " &middot; self-contained report: no network access; "
	      "filters need script, everything else reads without it.</footer>\n</main>\n<script>", out);
	fputs(i2h_html_js, out);
	fputs("</script>\n</body>\n</html>\n", out);
	if (ferror(out))
		return -1;
	return fflush(out) == 0 ? 0 : -1;
}

/* Write the group g (all its findings, in order) as section o<*gid>,
 * then empty it. Allocates nothing. */
static void html_flush_group(FILE *out, struct findings *g, size_t *gid, size_t *id)
{
	if (g->n == 0)
		return;
	html_group(out, g, (*gid)++, id);
	findings_clear(g);
}

int report_html_stream(FILE *out, struct report_source *src, const struct report_counts *c,
		       const struct report_tally_entry *ns, size_t nns, const struct report_summary *sum)
{
	struct findings cur = {0}, nx = {0};
	size_t gid = 1, id = 1;
	int rc;

	html_top(out, ns, nns, c, sum);
	rc = report_source_rewind(src);
	while (rc >= 0 && (rc = report_source_next(src, &nx)) == 1) {
		const struct finding *f = &nx.v[0];
		if (!f->suppressed) {
			if (cur.n && !report_same_object(&cur.v[0], f))
				html_flush_group(out, &cur, &gid, &id);
			findings_add(&cur, f);
		}
		findings_clear(&nx);
	}
	html_flush_group(out, &cur, &gid, &id);
	fputs("</div>\n", out);
	if (rc == 0 && c->suppressed) {
		html_suppressed_head(out, c->suppressed);
		rc = report_source_rewind(src);
		id = 1;
		while (rc >= 0 && (rc = report_source_next(src, &nx)) == 1) {
			if (nx.v[0].suppressed)
				html_suppressed_row(out, &nx.v[0], id++);
			findings_clear(&nx);
		}
		fputs("</tbody>\n</table>\n</section>\n", out);
	}
	findings_free(&cur);
	findings_free(&nx);
	if (rc < 0)
		return -1;
	return html_bottom(out);
}
