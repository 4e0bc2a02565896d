/* suppress.c - suppressions, baseline and rule selection (see suppress.h). */
#include "suppress.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fydoc.h"
#include "rule_ids.h"
#include "util.h"

#define COMMENT_TAG "ingress2higress:ignore"

/* One suppression of the current object: rule ids, a reason, a scope. */
struct sup {
	char **ids;
	bool *used;
	size_t n;
	char *reason;		/* or NULL */
	const char *annotation;	/* only findings of this key (borrowed from the tree), or NULL */
	struct pos pos;		/* where it is written */
};

struct suppressor {
	const struct suppress_options *o;
	char (*base)[17];	/* baseline fingerprints, sorted */
	size_t nbase;
	bool *cfg_used;		/* per config entry */
	size_t skipped;
	char *cwd;		/* for paths relative to the config's directory */
	const char *rel_for;	/* the finding file rel was made for (pooled) */
	char *rel;
	struct sup *cur;	/* the current object's suppressions */
	size_t ncur, curcap;
};

struct suppressor *suppressor_new(const struct suppress_options *o)
{
	struct suppressor *s = xcalloc(1, sizeof(*s));

	s->o = o;
	if (o->cfg && o->cfg->nsup)
		s->cfg_used = xcalloc(o->cfg->nsup, sizeof(*s->cfg_used));
	return s;
}

void suppressor_free(struct suppressor *s)
{
	if (s == NULL)
		return;
	free(s->base);
	free(s->cfg_used);
	free(s->cwd);
	free(s->rel);
	free(s->cur);
	free(s);
}

size_t suppress_skipped(const struct suppressor *s)
{
	return s->skipped;
}

/* Rule ids ---------------------------------------------------------------- */

bool suppress_id_known(const struct ruleset *rs, const char *prefix, const char *id)
{
	size_t n = strlen(prefix);

	/* the rule ids of findings that are not an annotation's own:
	 * rules/findings.yaml */
	if (rule_id_find(id) || ruleset_find(rs, id))
		return true;
	return strncmp(id, prefix, n) == 0 && id[n] == '/' && ruleset_find(rs, id + n + 1);
}

const char *suppress_id_suggest(const struct ruleset *rs, const char *id)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < rule_ids_count; i++) {
		size_t d = edit_distance(rule_ids[i].id, id, 2);
		if (d < bestd) {
			bestd = d;
			best = rule_ids[i].id;
		}
	}
	return best ? best : ruleset_suggest(rs, id);
}

/* Does id name finding f: its rule id, or its annotation (full key or
 * short name)? */
static bool id_matches(const struct suppressor *s, const struct finding *f, const char *id)
{
	size_t n = strlen(s->o->prefix);

	if (strcmp(f->rule, id) == 0)
		return true;
	if (f->annotation == NULL)
		return false;
	if (strcmp(f->annotation, id) == 0)
		return true;
	return strncmp(f->annotation, s->o->prefix, n) == 0 && f->annotation[n] == '/' &&
	       strcmp(f->annotation + n + 1, id) == 0;
}

/* Parsing ----------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A copy of s[0..n) without blanks around it; NULL when nothing is left. */
static char *trimmed(const char *s, size_t n)
{
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

bool suppress_parse_comment(const char *line, size_t len, char **rules, char **reason)
{
	size_t i = 0, tag = strlen(COMMENT_TAG), r;

	*rules = *reason = NULL;
	while (i < len && is_blank(line[i]))
		i++;
	if (i >= len || line[i] != '#')
		return false;
	for (i++; i < len && is_blank(line[i]); i++)
		;
	if (len - i < tag || memcmp(line + i, COMMENT_TAG, tag) != 0 || (len - i > tag && !is_blank(line[i + tag])))
		return false;
	for (i += tag; i < len && is_blank(line[i]); i++)
		;
	/* the ids: up to a blank, with blanks allowed after commas */
	for (r = i; r < len && (!is_blank(line[r]) || (r > i && line[r - 1] == ',')); r++)
		;
	*rules = xstrndup(line + i, r - i);
	*reason = trimmed(line + r, len - r);
	return true;
}

bool suppress_parse_value(const char *value, char **rules, char **reason)
{
	const char *colon = strchr(value, ':');
	size_t n = colon ? (size_t)(colon - value) : strlen(value);
	char *ids = trimmed(value, n);

	*rules = ids ? ids : xstrdup("");
	*reason = colon ? trimmed(colon + 1, strlen(colon + 1)) : NULL;
	return true;
}

/* Split a comma-separated list of ids into sp (blanks around each
 * dropped, empty ones left out). */
static void split_ids(struct sup *sp, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *id = trimmed(p, n);
		if (id) {
			sp->ids = xrealloc(sp->ids, (sp->n + 1) * sizeof(*sp->ids));
			sp->ids[sp->n++] = id;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	sp->used = xcalloc(sp->n ? sp->n : 1, sizeof(*sp->used));
}

/* Findings on suppressions ------------------------------------------------ */

/* Add a finding about a suppression at pos of the current object. */
static void meta_finding(struct findings *fs, struct stream *st, const struct node *obj, const struct pos *pos,
			 enum severity sev, const char *rule, const char *msg, const char *fix)
{
	struct node *md = node_get(obj, "metadata");
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.file = stream_name(st);
	f.pos = *pos;
	f.kind = node_get_str(obj, "kind");
	f.ns = node_get_str(md, "namespace");
	f.name = node_get_str(md, "name");
	f.status = ST_IGNORED;
	f.severity = sev;
	f.rule = rule;
	f.message = msg;
	f.fix = fix;
	findings_add(fs, &f);
}

/* Add a suppression of the current object from its text (ids and
 * reason, taken), reporting what is wrong with it. */
static void add_sup(struct suppressor *s, struct findings *fs, struct stream *st, const struct node *obj,
		    const struct pos *pos, const char *annotation, char *ids, char *reason, const char *form)
{
	struct sup sp = { .reason = reason, .annotation = annotation, .pos = *pos };

	split_ids(&sp, ids);
	free(ids);
	if (sp.n == 0) {
		char *msg = xasprintf("%s names no rule: it suppresses nothing", form);
		meta_finding(fs, st, obj, pos, SEV_WARNING, "invalid-suppression", msg,
			     "write 'RULE[,RULE]' with the rule ids of the findings to suppress");
		free(msg);
	}
	for (size_t i = 0; i < sp.n; i++) {
		const char *near;
		char *msg, *fix;
		if (suppress_id_known(s->o->rules, s->o->prefix, sp.ids[i]))
			continue;
		sp.used[i] = true;	/* reported here, not as unused too */
		near = suppress_id_suggest(s->o->rules, sp.ids[i]);
		msg = xasprintf("%s names '%s', which is no rule id or annotation", form, sp.ids[i]);
		fix = near ? xasprintf("did you mean '%s'?", near) : xstrdup("see 'ingress2higress rules' and the man page's RULE IDS");
		meta_finding(fs, st, obj, pos, SEV_WARNING, "invalid-suppression", msg, fix);
		free(msg);
		free(fix);
	}
	if (sp.n && reason == NULL) {
		char *msg = xasprintf("%s gives no reason; it still suppresses", form);
		meta_finding(fs, st, obj, pos, SEV_WARNING, "suppression-without-reason", msg,
			     "say why the finding is accepted after the rule ids");
		free(msg);
	}
	grow_array((void **)&s->cur, &s->curcap, s->ncur + 1, sizeof(*s->cur));
	s->cur[s->ncur++] = sp;
}

/* The ignore comments on the lines just above the line holding byte off
 * (a run of comment lines, nearest first). */
static void comments_above(struct suppressor *s, struct findings *fs, struct stream *st, const struct node *obj,
			   size_t off, const char *annotation)
{
	size_t ls = stream_line_start(st, off);

	while (ls > 0) {
		size_t pls = stream_line_start(st, ls - 1), i = 0;
		const char *b = stream_bytes(st, pls, ls);
		char *ids, *reason;
		if (b == NULL || pls == ls)
			break;
		while (i < ls - pls && (b[i] == ' ' || b[i] == '\t'))
			i++;
		if (i == ls - pls || b[i] != '#')
			break;
		if (suppress_parse_comment(b, ls - pls, &ids, &reason)) {
			struct pos pos = { 0, 0, pls + i, ls };
			stream_position(st, pls + i, &pos.line, &pos.column);
			add_sup(s, fs, st, obj, &pos, annotation, ids, reason,
				annotation ? "the ignore comment above the annotation" : "the ignore comment above the object");
		}
		ls = pls;
	}
}

/* Collect the current object's suppressions. */
static void collect(struct suppressor *s, struct findings *fs, struct stream *st, const struct node *obj)
{
	struct node *ann = node_get(node_get(obj, "metadata"), "annotations");
	struct node *knode = NULL;
	struct node *v = ann && ann->type == N_MAPPING ? node_lookup(ann, SUPPRESS_ANNOTATION, &knode, NULL) : NULL;

	comments_above(s, fs, st, obj, obj->pos.start, NULL);
	if (v && v->type == N_SCALAR) {
		char *ids, *reason;
		suppress_parse_value(v->value, &ids, &reason);
		add_sup(s, fs, st, obj, &v->pos, NULL, ids, reason, "annotation '" SUPPRESS_ANNOTATION "'");
	} else if (v) {
		meta_finding(fs, st, obj, &v->pos, SEV_WARNING, "invalid-suppression",
			     "the value of annotation '" SUPPRESS_ANNOTATION "' is not a string: it suppresses nothing",
			     "write 'RULE[,RULE...]: reason' as a quoted string");
	}
	for (size_t i = 0; ann && ann->type == N_MAPPING && !ann->flow && i + 1 < ann->nkids; i += 2) {
		const struct node *k = ann->kids[i];
		if (k->type == N_SCALAR && k->pos.line > obj->pos.line)
			comments_above(s, fs, st, obj, k->pos.start, k->value);
	}
}

/* Apply the current object's suppressions to [from, to), then report the
 * ids that matched nothing. */
static void apply_current(struct suppressor *s, struct findings *fs, struct stream *st, const struct node *obj,
			  size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct finding *f = &fs->v[i];
		for (size_t k = 0; k < s->ncur; k++) {
			struct sup *sp = &s->cur[k];
			if (sp->annotation && (f->annotation == NULL || strcmp(f->annotation, sp->annotation) != 0))
				continue;
			for (size_t j = 0; j < sp->n; j++) {
				if (!id_matches(s, f, sp->ids[j]))
					continue;
				sp->used[j] = true;
				if (!f->suppressed)
					findings_suppress(fs, f, sp->reason);
			}
		}
	}
	for (size_t k = 0; k < s->ncur; k++) {
		struct sup *sp = &s->cur[k];
		for (size_t j = 0; j < sp->n; j++) {
			char *msg;
			if (sp->used[j])
				continue;
			msg = xasprintf("the suppression of '%s' matched no finding%s%s%s", sp->ids[j],
					sp->annotation ? " of annotation '" : " of this object",
					sp->annotation ? sp->annotation : "", sp->annotation ? "'" : "");
			meta_finding(fs, st, obj, &sp->pos, SEV_INFO, "unused-suppression", msg,
				     "remove it, or fix its rule id");
			free(msg);
		}
		for (size_t j = 0; j < sp->n; j++)
			free(sp->ids[j]);
		free(sp->ids);
		free(sp->used);
		free(sp->reason);
	}
	s->ncur = 0;
}

void suppress_object(struct suppressor *s, struct stream *st, const struct node *obj, struct findings *fs,
		     size_t from)
{
	size_t to = fs->n;

	if (obj->type == N_MAPPING) {
		collect(s, fs, st, obj);
		apply_current(s, fs, st, obj, from, to);
	}
	suppress_range(s, fs, from);
}

/* Config suppressions, baseline, selection -------------------------------- */

/* path made absolute (against cwd) with '.' and '..' elements resolved
 * by name. Allocated. */
static char *lexical_abs(const char *cwd, const char *path)
{
	char *full = path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", cwd, path);
	char *out = xmalloc(strlen(full) + 2), *o = out;
	const char *p = full;

	while (*p) {
		size_t n;
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > out && *--o != '/')
				;
		} else {
			*o++ = '/';
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	free(full);
	return out;
}

/* The finding file's path relative to the config file's directory (or
 * absolute when outside it). Borrowed until the next call. */
static const char *config_rel(struct suppressor *s, const char *file)
{
	const char *dir = s->o->cfg->dir;
	size_t n = strlen(dir);
	char *abs;

	if (s->rel_for == file && s->rel)
		return s->rel;
	if (s->cwd == NULL) {
		s->cwd = getcwd(NULL, 0);
		if (s->cwd == NULL)
			s->cwd = xstrdup("/");
	}
	free(s->rel);
	abs = lexical_abs(s->cwd, file);
	if (strncmp(abs, dir, n) == 0 && abs[n] == '/' && n > 1)
		s->rel = xstrdup(abs + n + 1);
	else if (strcmp(dir, "/") == 0)
		s->rel = xstrdup(abs + 1);
	else
		s->rel = xstrdup(abs);
	free(abs);
	s->rel_for = file;
	return s->rel;
}

static bool cfg_path_matches(struct suppressor *s, const struct config_suppress *e, const char *file)
{
	const char *rel = config_rel(s, file), *base = strrchr(rel, '/');

	return glob_match(e->path, rel) || (strchr(e->path, '/') == NULL && glob_match(e->path, base ? base + 1 : rel));
}

static int fp_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static bool in_baseline(const struct suppressor *s, const struct finding *f)
{
	char fp[17];

	if (s->nbase == 0)
		return false;
	finding_fingerprint(f, fp);
	return bsearch(fp, s->base, s->nbase, sizeof(*s->base), fp_cmp) != NULL;
}

static bool selected(const struct finding *f, void *ud)
{
	const struct suppressor *s = ud;
	bool in = s->o->nonly == 0;

	for (size_t i = 0; i < s->o->nonly && !in; i++)
		in = id_matches(s, f, s->o->only[i]);
	for (size_t i = 0; i < s->o->nskip && in; i++)
		in = !id_matches(s, f, s->o->skip[i]);
	return in;
}

void suppress_range(struct suppressor *s, struct findings *fs, size_t from)
{
	const struct config *c = s->o->cfg;

	for (size_t i = from; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		for (size_t k = 0; c && k < c->nsup; k++) {
			if (!id_matches(s, f, c->sup[k].rule) || !cfg_path_matches(s, &c->sup[k], f->file))
				continue;
			s->cfg_used[k] = true;
			if (!f->suppressed)
				findings_suppress(fs, f, c->sup[k].reason);
		}
		f->baselined = in_baseline(s, f);
	}
	if (s->o->nonly || s->o->nskip)
		s->skipped += findings_filter(fs, from, selected, s);
}

void suppress_finish(struct suppressor *s, struct findings *fs)
{
	const struct config *c = s->o->cfg;
	size_t from = fs->n;

	for (size_t k = 0; c && k < c->nsup; k++) {
		const struct config_suppress *e = &c->sup[k];
		struct finding f;
		char *msg = NULL;

		memset(&f, 0, sizeof(f));
		f.file = c->path;
		f.pos.line = (size_t)e->line;
		f.pos.column = (size_t)e->col;
		f.status = ST_IGNORED;
		if (!suppress_id_known(s->o->rules, s->o->prefix, e->rule)) {
			const char *near = suppress_id_suggest(s->o->rules, e->rule);
			char *fix = near ? xasprintf("did you mean '%s'?", near) : NULL;
			msg = xasprintf("the 'suppress' entry names '%s', which is no rule id or annotation", e->rule);
			f.severity = SEV_WARNING;
			f.rule = "invalid-suppression";
			f.message = msg;
			f.fix = fix ? fix : "see 'ingress2higress rules' and the man page's RULE IDS";
			findings_add(fs, &f);
			free(fix);
			free(msg);
			continue;
		}
		if (e->reason == NULL) {
			f.severity = SEV_WARNING;
			f.rule = "suppression-without-reason";
			f.message = "the 'suppress' entry gives no 'reason'; it still suppresses";
			f.fix = "add 'reason:' saying why the findings are accepted";
			findings_add(fs, &f);
		}
		if (!s->cfg_used[k]) {
			msg = xasprintf("the 'suppress' entry for '%s' in '%s' matched no finding", e->rule, e->path);
			f.severity = SEV_INFO;
			f.rule = "unused-suppression";
			f.message = msg;
			f.fix = "remove it, or fix its path or rule";
			findings_add(fs, &f);
			free(msg);
		}
	}
	for (size_t i = from; i < fs->n; i++)
		fs->v[i].baselined = in_baseline(s, &fs->v[i]);
	if (s->o->nonly || s->o->nskip)
		s->skipped += findings_filter(fs, from, selected, s);
}

/* Baseline ---------------------------------------------------------------- */

/* The scalar text of key in map, or NULL (absent, null, not a scalar). */
static const char *map_str(struct fy_node *map, const char *key)
{
	struct fy_node *v = fy_node_mapping_lookup_by_string(map, key, FY_NT);

	if (v == NULL || fy_node_get_type(v) != FYNT_SCALAR)
		return NULL;
	if (fy_node_get_style(v) == FYNS_PLAIN && strcmp(fy_node_get_scalar0(v), "null") == 0)
		return NULL;
	return fy_node_get_scalar0(v);
}

/* The fingerprint of one finding of a report: its own, or (for reports
 * older than the field) made from its object, annotation and rule. */
static bool report_fingerprint(struct fy_node *item, char out[17])
{
	const char *fp = map_str(item, "fingerprint");
	struct fy_node *obj;
	struct finding f;

	if (fp && strlen(fp) == 16 && strspn(fp, "0123456789abcdef") == 16) {
		memcpy(out, fp, 17);
		return true;
	}
	obj = fy_node_mapping_lookup_by_string(item, "object", FY_NT);
	memset(&f, 0, sizeof(f));
	f.rule = map_str(item, "rule");
	if (f.rule == NULL || obj == NULL || fy_node_get_type(obj) != FYNT_MAPPING)
		return false;
	f.kind = map_str(obj, "kind");
	f.ns = map_str(obj, "namespace");
	f.name = map_str(obj, "name");
	f.annotation = map_str(item, "annotation");
	finding_fingerprint(&f, out);
	return true;
}

int suppressor_load_baseline(struct suppressor *s, const char *path, FILE *err)
{
	struct fydoc d;
	struct fy_node *root, *findings, *item;
	const char *version;
	void *it = NULL;
	size_t cap = 0;
	int rc = 0;

	if (fydoc_load_file(&d, path, err) < 0) {
		fprintf(err, "%s: error: cannot read the --baseline report\n", path);
		fydoc_free(&d);
		return -1;
	}
	root = fy_document_root(d.doc);
	version = root && fy_node_get_type(root) == FYNT_MAPPING ? map_str(root, "version") : NULL;
	findings = root && fy_node_get_type(root) == FYNT_MAPPING ?
		   fy_node_mapping_lookup_by_string(root, "findings", FY_NT) : NULL;
	if (version == NULL || strcmp(version, "1") != 0 || findings == NULL ||
	    fy_node_get_type(findings) != FYNT_SEQUENCE) {
		fprintf(err, "%s: error: not a JSON report of version 1 (make one with 'lint --report-format json "
			"--report FILE')\n", path);
		rc = -1;
	}
	while (rc == 0 && (item = fy_node_sequence_iterate(findings, &it)) != NULL) {
		if (fy_node_get_type(item) != FYNT_MAPPING)
			continue;
		grow_array((void **)&s->base, &cap, s->nbase + 1, sizeof(*s->base));
		if (report_fingerprint(item, s->base[s->nbase]))
			s->nbase++;
	}
	if (s->nbase > 1)
		qsort(s->base, s->nbase, sizeof(*s->base), fp_cmp);
	fydoc_free(&d);
	return rc;
}
