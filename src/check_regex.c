/* check_regex.c - the regexes Ingress-NGINX evaluates (see check_regex.h). */
#include "check_regex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regex_compat.h"
#include "scalar.h"
#include "util.h"

/* The byte offset in the stream of byte off of scalar n's value, walking
 * the source text as the scalar's style decodes it (quotes, doubled single
 * quotes, escapes, folded line breaks, block indentation). Falls back to
 * the scalar's start when its text is not retained. Allocates nothing. */
static size_t source_offset(struct stream *st, const struct node *n, size_t off)
{
	const char *s = stream_bytes(st, n->pos.start, n->pos.end);
	size_t len = n->pos.end - n->pos.start, i = 0, v = 0, indent = 0;
	bool block = n->style == SS_LITERAL || n->style == SS_FOLDED;

	if (s == NULL)
		return n->pos.start;
	if (n->style == SS_SINGLE || n->style == SS_DOUBLE)
		i = 1;
	if (block) {
		while (i < len && s[i] != '\n')
			i++;
		i += i < len;
		while (i + indent < len && s[i + indent] == ' ')
			indent++;
		i += indent;
	}
	while (v < off && i < len) {
		if (s[i] == '\n') {
			size_t k = 0;
			i++;
			while (i < len && (block ? k < indent && s[i] == ' ' : s[i] == ' ' || s[i] == '\t'))
				i++, k++;
			v++;
		} else if (n->style == SS_SINGLE && s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
			i += 2, v++;
		} else if (n->style == SS_DOUBLE && s[i] == '\\' && i + 1 < len) {
			char e = s[i + 1];
			i += e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
			v += e == 'u' || e == 'U' ? 2 : 1;	/* most of these are two UTF-8 bytes */
		} else {
			i++, v++;
		}
	}
	return n->pos.start + (i < len ? i : len);
}

/* The position of bytes [off, off+len) of scalar n's value. */
static struct pos value_pos(struct stream *st, const struct node *n, size_t off, size_t len)
{
	struct pos p = n->pos;

	if (stream_bytes(st, n->pos.start, n->pos.end) == NULL)
		return p;	/* written in an earlier object (an alias): its start */
	p.start = source_offset(st, n, off);
	p.end = len ? source_offset(st, n, off + len) : p.start;
	if (p.end < p.start)
		p.end = p.start;
	stream_position(st, p.start, &p.line, &p.column);
	return p;
}

void check_finding(struct findings *out, struct stream *st, const struct ingress *ing, struct pos pos,
		   enum status status, enum severity sev, const char *rule, const char *msg, const char *fix)
{
	struct finding f;
	const struct node *md = node_get(ing->obj, "metadata");

	memset(&f, 0, sizeof(f));
	f.file = stream_name(st);
	f.pos = pos;
	f.kind = node_get_str(ing->obj, "kind");
	f.ns = node_get_str(md, "namespace");
	f.name = node_get_str(md, "name");
	f.status = status;
	f.severity = sev;
	f.rule = rule;
	f.message = msg;
	f.fix = fix;
	findings_add(out, &f);
}

static void add(const struct check_regex *c, struct pos pos, enum status status, enum severity sev,
		const char *rule, const char *msg, const char *fix)
{
	check_finding(c->out, c->st, c->ing, pos, status, sev, rule, msg, fix);
}

/* Check pattern pat (of len bytes, starting at byte base of scalar n's
 * value); what names it in messages ("path '/x'", "'canary-by-header-
 * pattern'"), consumer the RE2 reader that would fail. */
static void check_one(const struct check_regex *c, const struct node *n, size_t base, const char *pat, size_t len,
		      const char *what)
{
	struct rx_check rc = {0};
	const char *reader = c->gateway ? "the Gateway API implementation (RE2)" : "higress (Envoy, RE2)";

	(void)regex_check(pat, len, &rc);
	for (size_t i = 0; i < rc.n; i++) {
		const struct rx_issue *is = &rc.v[i];
		struct pos pos = value_pos(c->st, n, base + is->off, is->len);
		char *msg;
		switch (is->kind) {
		case RX_SYNTAX:
			msg = xasprintf("%s: %s; ingress-nginx fails to load this configuration", what, is->msg);
			add(c, pos, ST_INVALID, SEV_ERROR, "regex-syntax", msg, "fix the regular expression");
			break;
		case RX_NOT_RE2:
			msg = xasprintf("%s: %s, so %s refuses the converted route", what, is->msg, reader);
			add(c, pos, ST_UNSUPPORTED, SEV_ERROR, "regex-not-re2", msg,
			    "rewrite the expression in the syntax both accept (RE2's is a subset of PCRE's)");
			break;
		default:
			msg = xasprintf("%s: %s", what, is->msg);
			add(c, pos, ST_PARTIAL, SEV_WARNING, "regex-differs", msg,
			    "write the expression so both read it the same");
			break;
		}
		free(msg);
	}
	rx_check_free(&rc);
}

/* The value of annotation name (after the prefix), the last one written. */
static const struct annotation *ann(const struct check_regex *c, const char *name)
{
	const struct annotation *found = NULL;
	size_t pl = strlen(c->prefix);

	for (size_t i = 0; i < c->ing->nann; i++) {
		const char *k = c->ing->ann[i].key;
		if (strncmp(k, c->prefix, pl) == 0 && k[pl] == '/' && k[pl + 1] == name[0] &&
		    strcmp(k + pl + 1, name) == 0)
			found = &c->ing->ann[i];
	}
	return found;
}

static void check_paths(const struct check_regex *c)
{
	const struct annotation *ur = ann(c, "use-regex"), *rt = ann(c, "rewrite-target");
	bool own = (ur && scalar_go_bool(ur->value, strlen(ur->value)) == 1) || rt != NULL;

	for (size_t i = 0; i < c->ing->npaths; i++) {
		const struct ingress_path *p = &c->ing->paths[i];
		char *what;
		if (p->path == NULL || p->path_node == NULL || p->path_node->type != N_SCALAR)
			continue;
		if (!own && !cross_host_regex(c->cr, p->host, NULL))
			continue;
		what = xasprintf("path '%s' (a regex: nginx matches it as '~* \"^%s\"')", p->path, p->path);
		check_one(c, p->path_node, 0, p->path, strlen(p->path), what);
		free(what);
	}
}

/* Each '~' entry of the comma-separated server-alias list. */
static void check_aliases(const struct check_regex *c, const struct annotation *a)
{
	const char *v = a->value;

	for (size_t i = 0; v[i];) {
		size_t e = i, s;
		while (v[e] && v[e] != ',')
			e++;
		s = i;
		while (s < e && (v[s] == ' ' || v[s] == '\t'))
			s++;
		if (s < e && v[s] == '~') {
			size_t end = e;
			char *what;
			while (end > s + 1 && (v[end - 1] == ' ' || v[end - 1] == '\t'))
				end--;
			what = xasprintf("server name regex '%.*s' of 'server-alias'", (int)(end - s), v + s);
			check_one(c, a->vscalar, s + 1, v + s + 1, end - s - 1, what);
			free(what);
		}
		i = v[e] ? e + 1 : e;
	}
}

void check_regex_ingress(const struct check_regex *c)
{
	static const char *const whole[] = { "canary-by-header-pattern", "auth-tls-match-cn" };
	const struct annotation *a;

	check_paths(c);
	for (size_t i = 0; i < sizeof(whole) / sizeof(*whole); i++) {
		if ((a = ann(c, whole[i])) != NULL && a->vscalar && a->value[0]) {
			char *what = xasprintf("'%s'", whole[i]);
			check_one(c, a->vscalar, 0, a->value, strlen(a->value), what);
			free(what);
		}
	}
	if ((a = ann(c, "server-alias")) != NULL && a->vscalar)
		check_aliases(c, a);
}
