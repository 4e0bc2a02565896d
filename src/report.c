/* report.c - the sink interface, its dispatch, and the text, JSON, GitHub
 * and collecting (html, markdown) sinks. SARIF is in report_sarif.c,
 * JUnit in report_junit.c. */
#include "report_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_html.h"
#include "report_markdown.h"
#include "version.h"

static const char *const format_names[RF__COUNT] = {
	[RF_TEXT] = "text", [RF_JSON] = "json", [RF_SARIF] = "sarif", [RF_GITHUB] = "github",
	[RF_JUNIT] = "junit", [RF_MARKDOWN] = "markdown", [RF_HTML] = "html",
};

int report_format_from_name(const char *name)
{
	for (int i = 0; i < RF__COUNT; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

const char *report_format_name(int fmt)
{
	return fmt >= 0 && fmt < RF__COUNT ? format_names[fmt] : NULL;
}

const char *report_sarif_level(int sev)
{
	return sev >= SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" : "note";
}

/* Escapes ---------------------------------------------------------------- */

void report_xml_escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n > 0) {
		unsigned long cp;
		size_t len = *p < 0x80 ? 1 : utf8_decode(p, n, &cp);
		if (*p < 0x80)
			cp = *p;
		if (len == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
		    cp == 0xFFFF) {
			buf_adds(b, "\xEF\xBF\xBD");	/* U+FFFD */
			len = len ? len : 1;
		} else if (cp == '&') {
			buf_adds(b, "&amp;");
		} else if (cp == '<') {
			buf_adds(b, "&lt;");
		} else if (cp == '>') {
			buf_adds(b, "&gt;");
		} else if (cp == '"') {
			buf_adds(b, "&quot;");
		} else if (cp == '\'') {
			buf_adds(b, "&apos;");
		} else if (cp == '\r' || cp == '\n' || cp == '\t') {
			buf_printf(b, "&#%lu;", cp);	/* kept in attribute values too */
		} else {
			buf_add(b, p, len);
		}
		p += len;
		n -= len;
	}
}

void report_github_escape(struct buf *b, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_adds(b, "%25");
		else if (*s == '\r')
			buf_adds(b, "%0D");
		else if (*s == '\n')
			buf_adds(b, "%0A");
		else if (property && *s == ':')
			buf_adds(b, "%3A");
		else if (property && *s == ',')
			buf_adds(b, "%2C");
		else
			buf_addc(b, *s);
	}
}

void report_uri_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~' || c == '/') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* Shared helpers --------------------------------------------------------- */

const char *report_artifact(const struct sink *s, const char *f)
{
	size_t n = strlen(f), c = s->cur ? strlen(s->cur) : 0;

	if (c && n > c + 3 && f[n - 1] == ')' && strncmp(f + n - c - 1, s->cur, c) == 0 &&
	    strncmp(f + n - c - 3, " (", 2) == 0)
		return s->cur;
	return f;
}

FILE *report_spool_new(void)
{
	FILE *f = tmpfile();

	if (f == NULL)
		fprintf(stderr, "ingress2higress: error: cannot create a temporary file for the report: %s\n",
			errstr(errno));
	return f;
}

int report_spool_drain(FILE *spool, FILE *out)
{
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fflush(spool) != 0 || ferror(spool))
		rc = -1;
	rewind(spool);
	while ((n = fread(chunk, 1, sizeof(chunk), spool)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			break;
	if (ferror(spool))
		rc = -1;
	rewind(spool);
	if (ftruncate(fileno(spool), 0) != 0)
		rc = -1;
	return rc;
}

void report_flush_buf(struct buf *b, FILE *out)
{
	if (b->len)
		(void)fwrite(b->data, 1, b->len, out);	/* ferror(out) is checked at the end */
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

bool report_object_name(struct buf *b, const char *kind, const char *ns, const char *name)
{
	if (name && ns) {
		buf_adds(b, ns);
		buf_addc(b, '/');
		buf_adds(b, name);
	} else if (name)
		buf_adds(b, name);
	else if (kind)
		buf_adds(b, kind);
	else
		return false;
	return true;
}

void report_add_oneline(struct buf *b, const char *m)
{
	while (*m) {
		size_t run = strcspn(m, "\r\n");
		buf_add(b, m, run);
		m += run;
		if (*m)
			buf_adds(b, *m++ == '\n' ? "\\n" : "\\r");
	}
}

/* What a display format (text, github) says of a finding after its
 * position: "[OBJECT: ]['KEY' STATUS: ]MESSAGE". */
static void display_message(struct buf *b, const struct finding *f)
{
	if (report_object_name(b, f->kind, f->ns, f->name))
		buf_adds(b, ": ");
	if (f->annotation) {
		buf_addc(b, '\'');
		buf_adds(b, f->annotation);
		buf_adds(b, "' ");
		buf_adds(b, status_name(f->status));
		buf_adds(b, ": ");
	}
	report_add_oneline(b, f->message);
}

/* Is f shown by a display format (the text report shows baselined
 * findings apart, at the end)? */
static bool displayed(const struct sink *s, const struct finding *f)
{
	if (f->suppressed || (int)f->severity < s->opt.min_severity)
		return false;
	return !s->opt.quiet || f->severity >= SEV_ERROR;
}

/* Text ------------------------------------------------------------------- */

static const char *const sev_colour[SEV__COUNT] = {
	"\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};

/* Append v in decimal (cheaper than printf, per finding). */
static void add_decimal(struct buf *b, size_t v)
{
	char t[24];
	size_t i = sizeof(t);

	do
		t[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, t + i, sizeof(t) - i);
}

/* Copy n bytes to *d and move past them. */
static void put(char **d, const char *s, size_t n)
{
	memcpy(*d, s, n);
	*d += n;
}

/* The text line of f, appended to b:
 * "FILE[:LINE:COL]: SEVERITY: [OBJECT: ]['KEY' STATUS: ]MESSAGE [RULE]",
 * the message on one line (CR and LF as \r and \n). Sized first and
 * written in one pass: this runs once per finding. */
static void text_line(struct sink *s, struct buf *b, const struct finding *f)
{
	const char *sev = severity_name(f->severity), *st = f->annotation ? status_name(f->status) : NULL;
	const char *colour = s->opt.colour ? sev_colour[f->severity] : "";
	const char *obj = f->name ? f->name : f->kind, *ns = f->name ? f->ns : NULL;
	size_t lfile = strlen(f->file), lsev = strlen(sev), lcol = strlen(colour), lobj = obj ? strlen(obj) : 0;
	size_t lns = ns ? strlen(ns) : 0, lann = f->annotation ? strlen(f->annotation) : 0;
	size_t lst = st ? strlen(st) : 0, lmsg = strlen(f->message), lrule = strlen(f->rule);
	char num[2][24], *d;
	size_t nnum[2] = { 0, 0 };

	if (f->pos.line) {
		size_t v[2] = { f->pos.line, f->pos.column };
		for (int k = 0; k < 2; k++) {	/* decimal, cheaper than printf */
			size_t i = sizeof(num[k]);
			do
				num[k][--i] = (char)('0' + v[k] % 10);
			while ((v[k] /= 10) != 0);
			nnum[k] = sizeof(num[k]) - i;
			memmove(num[k], num[k] + i, nnum[k]);
		}
	}
	/* each CR or LF of the message takes two bytes */
	buf_reserve(b, lfile + 2 + nnum[0] + nnum[1] + 2 + lcol + lsev + 6 + lns + 1 + lobj + 2 + 1 + lann + 2 +
			       lst + 2 + 2 * lmsg + 2 + lrule + 2);
	d = b->data + b->len;
	put(&d, f->file, lfile);
	if (f->pos.line) {
		*d++ = ':';
		put(&d, num[0], nnum[0]);
		*d++ = ':';
		put(&d, num[1], nnum[1]);
	}
	put(&d, ": ", 2);
	put(&d, colour, lcol);
	put(&d, sev, lsev);
	if (s->opt.colour)
		put(&d, "\033[0m", 4);
	put(&d, ": ", 2);
	if (obj) {
		if (ns) {
			put(&d, ns, lns);
			*d++ = '/';
		}
		put(&d, obj, lobj);
		put(&d, ": ", 2);
	}
	if (f->annotation) {
		*d++ = '\'';
		put(&d, f->annotation, lann);
		put(&d, "' ", 2);
		put(&d, st, lst);
		put(&d, ": ", 2);
	}
	for (const char *m = f->message; *m;) {
		size_t run = strcspn(m, "\r\n");
		put(&d, m, run);
		m += run;
		if (*m)
			put(&d, *m++ == '\n' ? "\\n" : "\\r", 2);
	}
	put(&d, " [", 2);
	put(&d, f->rule, lrule);
	put(&d, "]\n", 2);
	*d = '\0';
	b->len = (size_t)(d - b->data);
}

/* A finding the --baseline report has goes to a spool, shown at the end
 * under a heading of its own. */
static void text_finding(struct sink *s, const struct finding *f)
{
	struct buf *b = &s->b;

	if (!displayed(s, f) || (s->opt.skip_input_errors && strcmp(f->rule, "input-error") == 0))
		return;
	text_line(s, b, f);
	if (!f->baselined) {
		report_flush_buf(b, s->out);
		return;
	}
	if (s->spool == NULL && (s->spool = report_spool_new()) == NULL)
		s->failed = true;
	report_flush_buf(b, s->spool ? s->spool : s->out);
	s->n++;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The baselined findings, the summary line, then the config used and
 * what the report leaves out. */
static void text_end(struct sink *s, const struct report_summary *sum)
{
	struct buf *b = &s->b;
	size_t active = sum->active[SEV_CRITICAL] + sum->active[SEV_ERROR] + sum->active[SEV_WARNING] +
			sum->active[SEV_INFO];

	if (s->n && s->spool) {
		fputs("in the --baseline report (not counted for --fail-on):\n", s->out);
		if (report_spool_drain(s->spool, s->out) < 0)
			s->failed = true;
	}
	buf_printf(b, "%zu %s: %zu critical, %zu error, %zu warning, %zu info in %zu %s, %zu %s\n", active,
		   plural(active, "finding", "findings"), sum->active[SEV_CRITICAL], sum->active[SEV_ERROR],
		   sum->active[SEV_WARNING], sum->active[SEV_INFO], sum->files, plural(sum->files, "file", "files"),
		   sum->ingresses, plural(sum->ingresses, "Ingress", "Ingresses"));
	if (sum->config)
		buf_printf(b, "config '%s'; ", sum->config);
	else
		buf_adds(b, "no config; ");
	buf_printf(b, "%zu suppressed, %zu baselined, %zu skipped by --skip/--only\n", sum->suppressed,
		   sum->baselined, sum->skipped);
	report_flush_buf(b, s->out);
}

static const struct sink_ops text_ops = { .finding = text_finding, .end = text_end };

/* GitHub workflow commands ----------------------------------------------- */

static void github_finding(struct sink *s, const struct finding *f)
{
	struct buf *b = &s->b, msg = {0};

	if (!displayed(s, f) || f->baselined)
		return;
	buf_printf(b, "::%s file=", f->severity >= SEV_ERROR ? "error" : f->severity == SEV_WARNING ? "warning" :
		   "notice");
	report_github_escape(b, report_artifact(s, f->file), true);
	if (f->pos.line)
		buf_printf(b, ",line=%zu,col=%zu", f->pos.line, f->pos.column);
	buf_adds(b, ",title=");
	report_github_escape(b, f->rule, true);
	buf_adds(b, "::");
	display_message(&msg, f);
	report_github_escape(b, buf_cstr(&msg), false);
	buf_addc(b, '\n');
	buf_free(&msg);
	report_flush_buf(b, s->out);
}

static const struct sink_ops github_ops = { .finding = github_finding };

/* JSON (schema version 1): the findings are spooled, then written after
 * the header and summary they follow in the document. ----------------- */

static void json_finding(struct sink *s, const struct finding *f)
{
	struct buf *b = &s->b;
	char fp[17];

	buf_adds(b, s->n++ ? ",\n" : "\n");
	buf_addc(b, '{');
	buf_add_json_kv(b, "file", f->file, true);
	buf_adds(b, "\"line\":");
	add_decimal(b, f->pos.line);
	buf_adds(b, ",\"column\":");
	add_decimal(b, f->pos.column);
	buf_adds(b, ",\"object\":{");
	buf_add_json_kv(b, "kind", f->kind, true);
	buf_add_json_kv(b, "namespace", f->ns, true);
	buf_add_json_kv(b, "name", f->name, false);
	buf_adds(b, "},");
	buf_add_json_kv(b, "annotation", f->annotation, true);
	buf_add_json_kv(b, "value", f->value, true);
	buf_add_json_kv(b, "status", status_name(f->status), true);
	buf_add_json_kv(b, "severity", severity_name(f->severity), true);
	buf_add_json_kv(b, "rule", f->rule, true);
	buf_add_json_kv(b, "message", f->message, true);
	buf_add_json_kv(b, "fix", f->fix, true);
	buf_add_json_kv(b, "doc", f->doc, true);
	finding_fingerprint(f, fp);
	buf_add_json_kv(b, "fingerprint", fp, false);
	if (f->suppressed) {
		buf_adds(b, ",\"suppressed\":true,");
		buf_add_json_kv(b, "justification", f->justification, false);
	}
	if (f->baselined)
		buf_adds(b, ",\"baselined\":true");
	buf_addc(b, '}');
	report_flush_buf(b, s->spool);
}

static void json_end(struct sink *s, const struct report_summary *sum)
{
	struct buf *b = &s->b;

	buf_adds(b, "{\"version\":1,\"tool\":{\"name\":\"ingress2higress\",\"version\":\"" I2H_VERSION "\"},");
	buf_add_json_kv(b, "target", sum->target, true);
	buf_printf(b, "\n\"summary\":{\"files\":%zu,\"objects\":%zu,\"ingresses\":%zu,\"annotations\":%zu,\"status\":{",
		   sum->files, sum->objects, sum->ingresses, sum->annotations);
	for (int i = 0; i < ST__COUNT; i++)
		buf_printf(b, "%s\"%s\":%zu", i ? "," : "", status_name(i), sum->status[i]);
	buf_adds(b, "},\"severity\":{");
	for (int i = SEV__COUNT - 1; i >= 0; i--)
		buf_printf(b, "%s\"%s\":%zu", i < SEV__COUNT - 1 ? "," : "", severity_name(i), sum->severity[i]);
	buf_printf(b, "},\"suppressed\":%zu,\"baselined\":%zu,\"skipped\":%zu},\n\"findings\":[", sum->suppressed,
		   sum->baselined, sum->skipped);
	report_flush_buf(b, s->out);
	if (report_spool_drain(s->spool, s->out) < 0)
		s->failed = true;
	fputs(s->n ? "\n]}\n" : "]}\n", s->out);
}

static const struct sink_ops json_ops = { .finding = json_finding, .end = json_end };

/* Collecting formats (html, markdown): each object's findings are
 * kept until the object ends, put in report order (file in
 * first-appearance order, line, column, then arrival) and spooled to a
 * temporary file as records, with running counts. A finding that goes
 * before the last one spooled there (findings of a step over the whole
 * input come late) goes to a second spool instead, with only its place
 * and offset as a key (report_late: at most REPORT_LATE_RUN keys in
 * memory, the rest in sorted runs on disk); at the end the report is
 * written from the two spools merged, one object at a time. -------- */

struct collect_key {
	size_t file, line, column, index;
};

struct collect {
	struct report_counts counts;
	struct report_tally *ns;	/* of the findings not suppressed */
	struct findings obj;	/* the current object's findings */
	struct collect_key *keys;	/* theirs, obj.n of them */
	size_t kcap;
	struct report_files *files;	/* first-appearance numbers */
	struct collect_key last;	/* of the last finding in the main spool */
	bool any;		/* one was spooled there */
	struct report_late *late;	/* owned: the findings spooled late */
};

static int collect_key_cmp(const void *pa, const void *pb)
{
	const struct collect_key *a = pa, *b = pb;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void collect_finding(struct sink *s, const struct finding *f)
{
	struct collect *c = s->priv;

	report_count_one(&c->counts, f);
	if (!f->suppressed)
		report_tally_add(c->ns, f->ns);
	if (c->obj.n == c->kcap) {
		c->kcap = c->kcap ? c->kcap * 2 : 16;
		c->keys = xrealloc(c->keys, c->kcap * sizeof(*c->keys));
	}
	c->keys[c->obj.n] = (struct collect_key){
		.file = report_files_number(c->files, f->file ? f->file : ""),
		.line = f->pos.line,
		.column = f->pos.column,
		.index = c->obj.n,
	};
	findings_add(&c->obj, f);
}

/* Spool the current object's findings in order and empty the list. */
static void collect_flush(struct sink *s)
{
	struct collect *c = s->priv;

	if (c->obj.n == 0)
		return;
	qsort(c->keys, c->obj.n, sizeof(*c->keys), collect_key_cmp);
	for (size_t i = 0; i < c->obj.n; i++) {
		struct collect_key k = c->keys[i];
		const struct finding *f = &c->obj.v[k.index];
		int rc;
		k.index = 0;	/* ties across objects keep arrival order */
		if (c->any && collect_key_cmp(&k, &c->last) < 0) {
			rc = report_late_add(c->late, f, k.file);
		} else {
			c->last = k;
			c->any = true;
			rc = report_rec_write(s->spool, f, k.file);
		}
		if (rc < 0)
			s->failed = true;
	}
	findings_clear(&c->obj);
}

static void collect_object_end(struct sink *s, const struct report_object *o)
{
	(void)o;
	collect_flush(s);
}

static void collect_end(struct sink *s, const struct report_summary *sum)
{
	struct collect *c = s->priv;
	struct report_source src;
	int rc;

	collect_flush(s);
	if (s->failed || fflush(s->spool) != 0 || report_late_finish(c->late) < 0) {
		s->failed = true;
		return;
	}
	report_source_init(&src, s->spool, c->late);
	if (s->fmt == RF_MARKDOWN) {
		rc = report_markdown_stream(s->out, &src, &c->counts, sum);
	} else {
		size_t nns;
		const struct report_tally_entry *ns = report_tally_sorted(c->ns, &nns);
		rc = report_html_stream(s->out, &src, &c->counts, ns, nns, sum);
	}
	if (rc < 0)
		s->failed = true;
}

static void collect_free(struct sink *s)
{
	struct collect *c = s->priv;

	report_files_free(c->files);
	free(c->keys);
	report_late_free(c->late);
	findings_free(&c->obj);
	report_tally_free(c->ns);
	free(c);
}

static const struct sink_ops collect_ops = { .finding = collect_finding, .object_end = collect_object_end, .end = collect_end, .free = collect_free };

/* Dispatch --------------------------------------------------------------- */

struct sink *sink_new(enum report_format fmt, FILE *out, const struct report_options *opt)
{
	struct sink *s = xcalloc(1, sizeof(*s));
	int rc = 0;

	s->fmt = fmt;
	s->out = out;
	s->opt = *opt;
	switch (fmt) {
	case RF_TEXT:
		s->ops = &text_ops;
		break;
	case RF_GITHUB:
		s->ops = &github_ops;
		break;
	case RF_JSON:
		s->ops = &json_ops;
		s->spool = report_spool_new();
		rc = s->spool ? 0 : -1;
		break;
	case RF_SARIF:
		s->ops = &sarif_ops;
		rc = sarif_init(s);
		break;
	case RF_JUNIT:
		s->ops = &junit_ops;
		rc = junit_init(s);
		break;
	case RF_MARKDOWN:
	case RF_HTML:
	default:
		s->ops = &collect_ops;
		s->priv = xcalloc(1, sizeof(struct collect));
		((struct collect *)s->priv)->ns = report_tally_new();
		((struct collect *)s->priv)->files = report_files_new();
		((struct collect *)s->priv)->late = report_late_new();
		s->spool = report_spool_new();
		rc = s->spool ? 0 : -1;
		break;
	}
	if (rc < 0) {
		sink_free(s);
		return NULL;
	}
	return s;
}

void sink_begin(struct sink *s, const struct report_summary *head)
{
	if (s->ops->begin)
		s->ops->begin(s, head);
}

void sink_file(struct sink *s, const char *file)
{
	free(s->cur);
	s->cur = xstrdup(file);
	if (s->ops->file)
		s->ops->file(s, file);
}

void sink_finding(struct sink *s, const struct finding *f)
{
	if (s->ops->finding)
		s->ops->finding(s, f);
}

void sink_object_end(struct sink *s, const struct report_object *o)
{
	if (s->ops->object_end)
		s->ops->object_end(s, o);
}

int sink_end(struct sink *s, const struct report_summary *sum)
{
	if (s->ops->end)
		s->ops->end(s, sum);
	if (fflush(s->out) != 0 || ferror(s->out))
		s->failed = true;
	return s->failed ? -1 : 0;
}

void sink_free(struct sink *s)
{
	if (s == NULL)
		return;
	if (s->ops && s->ops->free)
		s->ops->free(s);
	if (s->spool)
		fclose(s->spool);
	buf_free(&s->b);
	free(s->cur);
	free(s);
}

int report_write(FILE *out, enum report_format fmt, const struct findings *fs, const struct report_summary *sum,
		 bool colour)
{
	struct report_options ro = { .colour = colour, .fail_on = SEV_ERROR };
	struct report_summary all = *sum;
	struct sink *s = sink_new(fmt, out, &ro);
	const char *file = NULL;
	size_t first = 0;
	int rc;

	if (s == NULL)
		return -1;
	memset(all.status, 0, sizeof(all.status));
	memset(all.severity, 0, sizeof(all.severity));
	memset(all.active, 0, sizeof(all.active));
	all.findings = fs->n;
	all.suppressed = all.baselined = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		all.status[f->status]++;
		all.severity[f->severity]++;
		if (f->suppressed)
			all.suppressed++;
		else if (f->baselined)
			all.baselined++;
		else
			all.active[f->severity]++;
	}
	sink_begin(s, &all);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i], *g = i + 1 < fs->n ? &fs->v[i + 1] : NULL;
		if (file == NULL || strcmp(file, f->file) != 0)
			sink_file(s, file = f->file);
		sink_finding(s, f);
		if (g == NULL || g->file != f->file || g->kind != f->kind || g->ns != f->ns || g->name != f->name) {
			struct report_object o = {
				.file = f->file, .kind = f->kind, .ns = f->ns, .name = f->name, .pos = f->pos,
				.findings = i + 1 - first,
			};
			sink_object_end(s, &o);
			first = i + 1;
		}
	}
	rc = sink_end(s, &all);
	sink_free(s);
	return rc;
}
