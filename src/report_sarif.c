/* report_sarif.c - the SARIF 2.1.0 sink, as GitHub code scanning ingests
 * it: one rule per rule-table entry and per object-level rule id, with
 * help and properties.security-severity; results with a stable ruleId,
 * a location relative to SRCROOT (originalUriBaseIds: the current
 * directory), partialFingerprints that survive line moves, and
 * suppressions. The results are spooled and written after the rules
 * (rule ids the table does not know are collected and described too). */
#include "report_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rule_ids.h"
#include "target.h"
#include "version.h"

/* The rule ids that are not annotation names come from rules/findings.yaml
 * (rule_ids.h): every id a finding can carry, with its meaning and fix. */

/* The highest severity an entry's severity names ("warning", "info to
 * error", "error or critical"); SEV_WARNING when it names none. */
static int rule_id_severity(const char *text)
{
	static const char *const sep[] = { " or ", " to " };
	int best = -1;
	const char *p = text;

	while (*p) {
		size_t n = strlen(p);
		const char *next = NULL;
		for (size_t i = 0; i < 2; i++) {
			const char *q = strstr(p, sep[i]);
			if (q && (size_t)(q - p) < n) {
				n = (size_t)(q - p);
				next = q + strlen(sep[i]);
			}
		}
		{
			char *w = xstrndup(p, n);
			int v = severity_from_name(w);
			if (v > best)
				best = v;
			free(w);
		}
		if (next == NULL)
			break;
		p = next;
	}
	return best >= 0 ? best : SEV_WARNING;
}

/* The length of the first clause of s: up to the first '; ' or ': '
 * outside single quotes (all of s when there is none). */
static size_t first_clause(const char *s)
{
	bool quoted = false;
	size_t n = 0;

	for (; s[n]; n++) {
		if (s[n] == '\'' && (n == 0 || !isalpha((unsigned char)s[n - 1]) || quoted))
			quoted = !quoted;	/* not an apostrophe ("ingress-nginx's") */
		else if (!quoted && (s[n] == ';' || s[n] == ':') && s[n + 1] == ' ')
			break;
	}
	return n;
}

/* The short description of an entry, appended to b: the first clause of
 * its meaning; one that starts with the options it needs ("--to gateway:
 * ...") names them after the next clause. */
static void rule_id_brief(struct buf *b, const char *meaning)
{
	size_t n = first_clause(meaning);

	if (str_has_prefix(meaning, "--") && meaning[n] == ':') {
		const char *rest = meaning + n + 2;
		buf_add(b, rest, first_clause(rest));
		buf_adds(b, " (");
		buf_add(b, meaning, n);
		buf_addc(b, ')');
		return;
	}
	buf_add(b, meaning, n);
}

/* GitHub's security-severity of each severity (critical 9.0+, high 7.0+,
 * medium 4.0+, low below). */
static const char *const security_severity[SEV__COUNT] = { "2.0", "5.0", "7.5", "9.5" };

/* GitHub code scanning takes at most 25,000 results per run (and shows
 * the 5,000 most severe); an upload over the limit is rejected. The
 * report keeps that many, ranked by rank_of, and says how many it left
 * out. Several runs of one tool in a file are no way around it (GitHub
 * rejects runs of one tool and category in one upload, and would show
 * only 5,000 of each anyway), so the limit is per file. */
#define SARIF_MAX_RESULTS 25000

/* A result's rank for the limit: findings neither suppressed nor
 * baselined first, then baselined, then suppressed; by severity within
 * each. 0 is the lowest. */
enum { RANKS = 3 * SEV__COUNT };

static unsigned rank_of(const struct finding *f)
{
	unsigned sev = f->severity >= 0 && f->severity < SEV__COUNT ? (unsigned)f->severity : SEV_WARNING;

	return (f->suppressed ? 0u : f->baselined ? 1u : 2u) * SEV__COUNT + sev;
}

struct sarif {
	char *root;		/* owned: the SRCROOT directory, ending in '/' */
	char **extra;		/* owned: rule ids seen that no rule describes */
	size_t nextra, cap;
	size_t ranked[RANKS];	/* results spooled, per rank */
};

int sarif_init(struct sink *s)
{
	struct sarif *x = xcalloc(1, sizeof(*x));
	char *cwd = NULL;

	s->priv = x;
	if (s->opt.srcroot == NULL) {
		size_t size = 256;
		for (;;) {
			cwd = xmalloc(size);
			if (getcwd(cwd, size) != NULL)
				break;
			free(cwd);
			cwd = NULL;
			if (errno != ERANGE) {
				fprintf(stderr, "ingress2higress: error: cannot get the current directory: %s\n",
					errstr(errno));
				return -1;
			}
			size *= 2;
		}
	}
	{
		const char *d = cwd ? cwd : s->opt.srcroot;
		size_t n = strlen(d);
		x->root = xasprintf("%s%s", d, n && d[n - 1] == '/' ? "" : "/");
	}
	free(cwd);
	s->spool = report_spool_new();
	return s->spool ? 0 : -1;
}

static bool known_rule(const struct sink *s, const char *id)
{
	if (s->opt.rules && ruleset_find(s->opt.rules, id))
		return true;
	return rule_id_find(id) != NULL;
}

static void note_rule(struct sink *s, const char *id)
{
	struct sarif *x = s->priv;

	if (known_rule(s, id))
		return;
	for (size_t i = 0; i < x->nextra; i++)
		if (strcmp(x->extra[i], id) == 0)
			return;
	grow_array((void **)&x->extra, &x->cap, x->nextra + 1, sizeof(*x->extra));
	x->extra[x->nextra++] = xstrdup(id);
}

/* artifactLocation of a file name: relative to SRCROOT when it is under
 * it (or relative already), else an absolute file URI. */
static void artifact_location(struct buf *b, const struct sarif *x, const char *file)
{
	size_t rl = strlen(x->root);

	if (file[0] == '/' && strncmp(file, x->root, rl) != 0) {
		buf_adds(b, "{\"uri\":\"file://");
		report_uri_escape(b, file);
		buf_adds(b, "\"}");
		return;
	}
	if (file[0] == '/')
		file += rl;
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	buf_adds(b, "{\"uri\":\"");
	report_uri_escape(b, file);
	buf_adds(b, "\",\"uriBaseId\":\"SRCROOT\"}");
}

static void sarif_finding(struct sink *s, const struct finding *f)
{
	struct sarif *x = s->priv;
	struct buf *b = &s->b, t = {0};
	char fp[17];

	note_rule(s, f->rule);
	/* one line per result, led by its rank (a letter): the JSON has
	 * no raw line break, so sarif_results can read it back by line */
	x->ranked[rank_of(f)]++;
	s->n++;
	buf_addc(b, (char)('a' + rank_of(f)));
	buf_adds(b, "{");
	buf_add_json_kv(b, "ruleId", f->rule, true);
	buf_add_json_kv(b, "level", report_sarif_level(f->severity), true);
	if (report_object_name(&t, f->kind, f->ns, f->name))
		buf_adds(&t, ": ");
	if (f->annotation)
		buf_printf(&t, "'%s' %s: ", f->annotation, status_name(f->status));
	buf_adds(&t, f->message);
	buf_adds(b, "\"message\":{");
	buf_add_json_kv(b, "text", buf_cstr(&t), false);
	buf_adds(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":");
	artifact_location(b, x, report_artifact(s, f->file));
	if (f->pos.line)
		buf_printf(b, ",\"region\":{\"startLine\":%zu,\"startColumn\":%zu}", f->pos.line,
			   f->pos.column ? f->pos.column : 1);
	buf_addc(b, '}');
	t.len = 0;
	if (report_object_name(&t, f->kind, f->ns, f->name)) {
		buf_adds(b, ",\"logicalLocations\":[{");
		buf_add_json_kv(b, "fullyQualifiedName", buf_cstr(&t), true);
		buf_add_json_kv(b, "kind", "resource", false);
		buf_adds(b, "}]");
	}
	finding_fingerprint(f, fp);
	buf_printf(b, "}],\"partialFingerprints\":{\"ingress2higress/v1\":\"%s\"}", fp);
	if (f->baselined)
		buf_adds(b, ",\"baselineState\":\"unchanged\"");
	if (f->suppressed) {
		buf_adds(b, ",\"suppressions\":[{\"kind\":\"inSource\"");
		if (f->justification) {
			buf_addc(b, ',');
			buf_add_json_kv(b, "justification", f->justification, false);
		}
		buf_adds(b, "}]");
	}
	buf_adds(b, ",\"properties\":{");
	buf_add_json_kv(b, "severity", severity_name(f->severity), true);
	buf_add_json_kv(b, "status", status_name(f->status), true);
	buf_add_json_kv(b, "kind", f->kind, true);
	buf_add_json_kv(b, "annotation", f->annotation, true);
	if (report_artifact(s, f->file) != f->file)
		buf_add_json_kv(b, "template", f->file, true);	/* the helm template it came from */
	buf_add_json_kv(b, "fix", f->fix, false);
	buf_adds(b, "}}\n");
	buf_free(&t);
	report_flush_buf(b, s->spool);
}

/* One reportingDescriptor. */
static void rule_json(struct buf *b, bool first, const char *id, const char *brief, const char *help,
		      const char *uri, int sev)
{
	if (sev < 0 || sev >= SEV__COUNT)
		sev = SEV_WARNING;
	buf_adds(b, first ? "\n{" : ",\n{");
	buf_add_json_kv(b, "id", id, true);
	buf_adds(b, "\"shortDescription\":{");
	buf_add_json_kv(b, "text", brief, false);
	buf_adds(b, "},\"fullDescription\":{");
	buf_add_json_kv(b, "text", help, false);
	buf_adds(b, "},\"help\":{");
	buf_add_json_kv(b, "text", help, false);
	buf_adds(b, "},");
	if (uri && (str_has_prefix(uri, "https://") || str_has_prefix(uri, "http://")))
		buf_add_json_kv(b, "helpUri", uri, true);
	buf_printf(b, "\"defaultConfiguration\":{\"level\":\"%s\"},", report_sarif_level(sev));
	buf_printf(b, "\"properties\":{\"security-severity\":\"%s\",\"tags\":[\"ingress-nginx\",\"migration\"]}}",
		   security_severity[sev]);
}

/* The rules of the table: the target's block says what each becomes. */
static void table_rules(struct sink *s, bool *first)
{
	struct buf brief = {0}, help = {0};
	const struct ruleset *rs = s->opt.rules;
	const char *prefix = s->opt.prefix ? s->opt.prefix : "nginx.ingress.kubernetes.io";
	int tg = s->opt.target >= 0 && s->opt.target < TARGET__COUNT ? s->opt.target : 0;

	for (size_t i = 0; rs && i < ruleset_count(rs); i++) {
		const struct rule *r = ruleset_at(rs, i);
		const struct target_rule *t = &r->targets[tg];
		brief.len = help.len = 0;
		buf_printf(&brief, "'%s/%s': %s %s", prefix, r->name,
			   t->status >= 0 ? status_name(t->status) : "unknown",
			   tg == TARGET_GATEWAY ? "in Gateway API" : "on Higress");
		buf_adds(&help, t->message ? t->message : buf_cstr(&brief));
		if (t->becomes)
			buf_printf(&help, "\nbecomes: %s", t->becomes);
		if (t->fix)
			buf_printf(&help, "\nfix: %s", t->fix);
		if (r->state >= 0 && r->state != RS_CURRENT)
			buf_printf(&help, "\nstate: %s", rule_state_name(r->state));
		rule_json(&s->b, *first, r->name, buf_cstr(&brief), buf_cstr(&help), r->doc, t->severity);
		*first = false;
		report_flush_buf(&s->b, s->out);
	}
	buf_free(&brief);
	buf_free(&help);
}

/* How many results of each rank to keep (keep[]): all, when there are at
 * most SARIF_MAX_RESULTS; else the highest ranks first, and of the rank
 * where the limit falls its first ones in input order. Returns how many
 * are left out. */
static size_t sarif_quota(const struct sarif *x, size_t keep[RANKS])
{
	size_t room = SARIF_MAX_RESULTS, out = 0;

	for (unsigned k = RANKS; k-- > 0;) {
		keep[k] = x->ranked[k] < room ? x->ranked[k] : room;
		room -= keep[k];
		out += x->ranked[k] - keep[k];
	}
	return out;
}

/* The invocation, with a notification of the results left out. */
static void sarif_invocation(struct buf *b, size_t total, size_t dropped)
{
	buf_adds(b, "\"invocations\":[{\"executionSuccessful\":true");
	if (dropped) {
		buf_printf(b, ",\"toolExecutionNotifications\":[{\"level\":\"warning\",\"message\":{\"text\":"
			   "\"%zu of %zu results left out: GitHub code scanning takes at most %d per run; the %d kept "
			   "are the most severe (findings neither suppressed nor baselined first), in input order; "
			   "the JSON report lists them all\"}}]",
			   dropped, total, SARIF_MAX_RESULTS, SARIF_MAX_RESULTS);
	}
	buf_adds(b, "}],\n");
}

/* Copy the spooled results to out, as a JSON array's elements, keeping
 * keep[rank] of each rank in input order. Reads the spool line by line
 * (getline allocates; freed here). Returns 0, or -1 when the spool could
 * not be read back. */
static int sarif_results(struct sink *s, const size_t keep[RANKS])
{
	size_t kept[RANKS] = {0}, cap = 0, written = 0;
	char *line = NULL;
	ssize_t n;
	int rc = 0;

	if (fflush(s->spool) != 0 || ferror(s->spool))
		rc = -1;
	rewind(s->spool);
	while ((n = getline(&line, &cap, s->spool)) > 0) {
		unsigned k = (unsigned)(line[0] - 'a');
		if (k >= RANKS || line[n - 1] != '\n') {
			rc = -1;	/* not what sarif_finding wrote */
			break;
		}
		if (kept[k] == keep[k])
			continue;
		kept[k]++;
		fputs(written++ ? ",\n" : "\n", s->out);
		(void)fwrite(line + 1, 1, (size_t)n - 2, s->out);	/* ferror(out) is checked at the end */
	}
	if (ferror(s->spool))
		rc = -1;
	free(line);
	fputs(written ? "\n" : "", s->out);
	return rc;
}

static void sarif_end(struct sink *s, const struct report_summary *sum)
{
	struct sarif *x = s->priv;
	struct buf *b = &s->b;
	bool first = true;
	size_t keep[RANKS], dropped;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\n"
	      "\"tool\":{\"driver\":{\"name\":\"ingress2higress\",\"version\":\"" I2H_VERSION "\","
	      "\"rules\":[", s->out);
	table_rules(s, &first);
	for (size_t i = 0; i < rule_ids_count; i++) {
		const struct rule_id *o = &rule_ids[i];
		struct buf brief = {0}, help = {0};
		if (s->opt.rules && ruleset_find(s->opt.rules, o->id))
			continue;	/* an annotation of that name: the table describes it */
		rule_id_brief(&brief, o->meaning);
		buf_printf(&help, "%s\nfix: %s", o->meaning, o->fix);
		rule_json(b, first, o->id, buf_cstr(&brief), buf_cstr(&help), NULL, rule_id_severity(o->severity));
		first = false;
		buf_free(&brief);
		buf_free(&help);
		report_flush_buf(b, s->out);
	}
	for (size_t i = 0; i < x->nextra; i++) {
		char *t = xasprintf("ingress2higress rule '%s'", x->extra[i]);
		rule_json(b, first, x->extra[i], t, t, NULL, SEV_WARNING);
		first = false;
		free(t);
	}
	buf_adds(b, "]}},\n\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file://");
	report_uri_escape(b, x->root);
	buf_printf(b, "\"}},\n\"columnKind\":\"unicodeCodePoints\",\n\"properties\":{\"target\":\"%s\"},\n",
		   sum->target ? sum->target : "ingress");
	dropped = sarif_quota(x, keep);
	if (dropped) {
		sarif_invocation(b, s->n, dropped);
		fprintf(stderr, "ingress2higress: warning: the SARIF report leaves out %zu of %zu results: GitHub code "
			"scanning takes at most %d per run (the most severe are kept; the JSON report lists all)\n",
			dropped, s->n, SARIF_MAX_RESULTS);
	}
	buf_adds(b, "\"results\":[");
	report_flush_buf(b, s->out);
	if (sarif_results(s, keep) < 0)
		s->failed = true;
	fputs("]}]}\n", s->out);
}

static void sarif_free(struct sink *s)
{
	struct sarif *x = s->priv;

	if (x == NULL)
		return;
	for (size_t i = 0; i < x->nextra; i++)
		free(x->extra[i]);
	free(x->extra);
	free(x->root);
	free(x);
}

const struct sink_ops sarif_ops = { .finding = sarif_finding, .end = sarif_end, .free = sarif_free };
