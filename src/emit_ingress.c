/* emit_ingress.c - splice a conversion plan into the original text. */
#include "emit_ingress.h"
#include "scalar.h"
#include "yaml_write.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Queue an edit, writing each "\n" of text as the input's line break
 * (stream_newline: CR LF, or a lone CR); a "\r\n" in text is one break. */
static void edit(struct stream *st, size_t start, size_t end, const char *text)
{
	const char *nl = stream_newline(st);
	struct buf b = {0};

	if (strcmp(nl, "\n") == 0 || strchr(text, '\n') == NULL) {
		stream_edit(st, start, end, text);
		return;
	}
	for (const char *p = text; *p; p++) {
		if (*p != '\n')
			buf_addc(&b, *p);
		else
			buf_adds(&b, p > text && p[-1] == '\r' ? nl + 1 : nl);	/* CR LF: its CR is written */
	}
	stream_edit(st, start, end, buf_cstr(&b));
	buf_free(&b);
}

/* Is p[i] (of a text n bytes long) a CR that no LF follows: a line break
 * of its own? */
static bool lone_cr(const char *p, size_t i, size_t n)
{
	return p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n');
}

/* Pairs ------------------------------------------------------------------
 *
 * A pair's text is more than its key and value nodes: an explicit key
 * ('? key' then ': value', or '{? key : value}') starts at its '?', and a
 * key written without a value gets an empty scalar whose mark lies
 * wherever the parser noticed it (the next token, for '? key' alone). */

/* Is n the empty value of a key written without one? */
static bool empty_value(const struct node *n)
{
	return n->type == N_SCALAR && n->len == 0 && n->style == SS_PLAIN && n->tag == NULL && n->anchor == NULL;
}

/* Offset of the last byte c in the gap [from, to) between tokens, skipping
 * comments; to when there is none. The helpers on pairs allocate nothing. */
static size_t in_gap(struct stream *st, size_t from, size_t to, char c)
{
	const char *p = to > from ? stream_bytes(st, from, to) : NULL;
	size_t n = to > from ? to - from : 0, found = to;

	for (size_t i = 0; p && i < n; i++) {
		if (p[i] == '#') {
			while (i + 1 < n && p[i + 1] != '\n' && p[i + 1] != '\r')
				i++;
		} else if (p[i] == c) {
			found = from + i;
		}
	}
	return found;
}

/* Offset just past the text of the pair k: v (after its ':' when the
 * value is empty, after the key when there is not even a ':'). */
static size_t pair_end_of(struct stream *st, const struct node *k, const struct node *v)
{
	size_t colon;

	if (!empty_value(v) || v->pos.start < k->pos.end)
		return v->pos.end > k->pos.end ? v->pos.end : k->pos.end;
	colon = in_gap(st, k->pos.end, v->pos.start, ':');
	return colon < v->pos.start ? colon + 1 : k->pos.end;
}

static size_t pair_end(struct stream *st, const struct node *map, size_t i)
{
	return pair_end_of(st, map->kids[2 * i], map->kids[2 * i + 1]);
}

/* Offset of pair i of map: its '?' when the key is explicit, else its key. */
static size_t pair_start(struct stream *st, const struct node *map, size_t i)
{
	size_t kstart = map->kids[2 * i]->pos.start;
	size_t from = i ? pair_end(st, map, i - 1) : map->pos.start;

	return from < kstart ? in_gap(st, from, kstart, '?') : kstart;
}

/* Index of the pair whose key is key in map, or -1 (a key that is not
 * one of the mapping's own). */
static long pair_index(const struct node *map, const struct node *key)
{
	for (size_t i = 0; map && i + 1 < map->nkids; i += 2)
		if (map->kids[i] == key)
			return (long)(i / 2);
	return -1;
}

/* The byte span of the pair k: v of map. */
static void pair_span(struct stream *st, const struct node *map, const struct node *k, const struct node *v,
		      size_t *start, size_t *end)
{
	long i = pair_index(map, k);

	*start = i < 0 ? k->pos.start : pair_start(st, map, (size_t)i);
	*end = pair_end_of(st, k, v);
}

/* Offset just past the ':' between key and its value (on the key's line
 * or, after an explicit key, on a later one), or 0 when there is none. */
static size_t after_colon(struct stream *st, const struct node *key, const struct node *value)
{
	size_t colon = in_gap(st, key->pos.end, value->pos.start, ':');

	return colon < value->pos.start ? colon + 1 : 0;
}

/* The offset just past the node properties (anchor '&x', tag '!t') that
 * follow offset at (after a ':') before end (the end of its line), or at
 * itself when there are none: '{}' for an emptied mapping goes after
 * them. */
static size_t after_properties(struct stream *st, size_t at, size_t end)
{
	const char *p = stream_bytes(st, at, end);
	size_t i = 0, n = end - at, past = 0;

	if (p == NULL)
		return at;
	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i >= n || (p[i] != '&' && p[i] != '!'))
			break;
		while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			i++;
		past = i;
	}
	return at + past;
}

/* 0-based column of offset at (indentation is spaces: bytes are columns). */
static size_t column_of(struct stream *st, size_t at)
{
	return at - stream_line_start(st, at);
}

void emit_scalar(struct buf *b, const char *value, enum scalar_style style)
{
	if (style == SS_PLAIN && yaml_plain_safe(value)) {
		buf_adds(b, value);
	} else if (style == SS_SINGLE && !strchr(value, '\'') && !strchr(value, '\n')) {
		buf_addc(b, '\'');
		buf_adds(b, value);
		buf_addc(b, '\'');
	} else {
		buf_add_yaml_dq(b, value, strlen(value));
	}
}

static void indent(struct buf *b, size_t n)
{
	static const char sp[] = "                                ";

	for (; n > sizeof(sp) - 1; n -= sizeof(sp) - 1)
		buf_add(b, sp, sizeof(sp) - 1);
	buf_add(b, sp, n);
}

/* Queue a line '# ingress2higress: text' before the key at offset at of
 * the block mapping map, when the key starts its line (only blanks before
 * it). Nowhere else can a comment be a line of its own: not in a flow
 * mapping (JSON stays JSON), not after '- ' or '? '. Allocates nothing
 * that outlives the call. */
static void comment_before(struct stream *st, const struct node *map, size_t at, const char *text)
{
	size_t ls = stream_line_start(st, at);
	const char *p = at > ls ? stream_bytes(st, ls, at) : "";
	struct buf b = {0};

	if (map == NULL || map->flow || p == NULL || strspn(p, " ") < at - ls)
		return;
	buf_adds(&b, "# ingress2higress: ");
	buf_adds(&b, text);
	buf_addc(&b, '\n');
	indent(&b, at - ls);
	edit(st, at, at, buf_cstr(&b));
	buf_free(&b);
}

/* Append ', was VALUE' for a scalar short and plain enough to quote on a
 * comment line. */
static void was_value(struct buf *b, const struct node *v)
{
	if (v == NULL || v->type != N_SCALAR || v->len == 0 || v->len > 63)
		return;
	for (size_t i = 0; i < v->len; i++)
		if ((unsigned char)v->value[i] < 0x20 || v->value[i] == 0x7f || v->value[i] == '\'')
			return;
	buf_adds(b, ", was '");
	buf_adds(b, v->value);
	buf_addc(b, '\'');
}

/* Does the byte span end with a line break (block scalars end there)? */
static bool ends_with_break(struct stream *st, size_t start, size_t end)
{
	const char *p = end > start ? stream_bytes(st, end - 1, end) : NULL;

	return p && (*p == '\n' || *p == '\r');
}

/* Append the original text of [start, end) to b as comment lines, the
 * lines after the first indented to column col (0-based) with up to col
 * of their own leading spaces dropped: '# ' and the line, or '#' alone
 * for an empty line, so no trailing blank is written that the input did
 * not have. Nothing is allocated beyond b's growth. */
static void comment_out(struct buf *b, struct stream *st, size_t start, size_t end, size_t col)
{
	const char *p = stream_bytes(st, start, end);
	size_t n = end - start, all = n;

	if (p == NULL)
		return;
	if (n && (p[n - 1] == '\n' || lone_cr(p, n - 1, all)))
		n--;
	for (size_t i = 0; i <= n; i++) {
		if (i == 0 || p[i - 1] == '\n' || lone_cr(p, i - 1, all)) {
			size_t skip = 0;
			if (i)
				indent(b, col);
			while (i && skip < col && i < n && p[i] == ' ') {
				i++;
				skip++;
			}
			buf_addc(b, '#');
			if (i < n && p[i] != '\n' && p[i] != '\r')
				buf_addc(b, ' ');
		}
		if (i < n && lone_cr(p, i, all))
			buf_addc(b, '\n');	/* edit() writes the input's break */
		else if (i < n && p[i] != '\r')
			buf_addc(b, p[i]);
	}
}

static void block_pair(struct buf *b, const char *key, const char *value, size_t col)
{
	indent(b, col);
	emit_scalar(b, key, SS_PLAIN);
	buf_adds(b, ": ");
	buf_add_yaml_dq(b, value, strlen(value));
	buf_addc(b, '\n');
}

static void flow_pair(struct buf *b, const char *key, const char *value)
{
	buf_add_yaml_dq(b, key, strlen(key));
	buf_adds(b, ": ");
	buf_add_yaml_dq(b, value, strlen(value));
}

/* The inside of a flow mapping written with braces: *start just past its
 * '{', returns true; false (nothing set) for any other shape. */
static bool flow_inside(struct stream *st, const struct node *map, size_t *start, size_t *end)
{
	if (map->pos.end - map->pos.start < 2 ||
	    *stream_bytes(st, map->pos.start, map->pos.start + 1) != '{' ||
	    *stream_bytes(st, map->pos.end - 1, map->pos.end) != '}')
		return false;
	*start = map->pos.start + 1;
	*end = map->pos.end - 1;
	return true;
}

/* Where the text of a flow mapping whose pairs all go ends: its '}', or
 * the end of its last pair when it has no braces. */
static size_t flow_inside_end(struct stream *st, const struct node *map)
{
	size_t start, end;

	return flow_inside(st, map, &start, &end) ? end : pair_end(st, map, map->nkids / 2 - 1);
}

/* Delete the removed pairs of a flow mapping with their separating commas.
 * A removed pair before a surviving one takes its text up to the next key;
 * the removed tail takes the text from the last surviving value on, so the
 * deletions never overlap and the commas stay right. */
static void remove_flow_pairs(struct stream *st, const struct node *map, const bool *removed)
{
	size_t npairs = map->nkids / 2, tail = npairs;

	while (tail > 0 && removed[tail - 1])
		tail--;
	for (size_t p = 0; p < tail; p++)
		if (removed[p])
			edit(st, pair_start(st, map, p), pair_start(st, map, p + 1), "");
	if (tail < npairs) {
		size_t start = tail > 0 ? pair_end(st, map, tail - 1) : pair_start(st, map, 0);
		size_t end = pair_end(st, map, npairs - 1);

		/* with every pair gone, the whole inside goes: a trailing
		 * comma left alone between the braces ('{ , }') does not
		 * parse, and the lines between them would end in blanks */
		if (tail == 0)
			(void)flow_inside(st, map, &start, &end);
		edit(st, start, end, "");
	}
}

struct ann_edit_state {
	size_t removed;		/* annotations removed without replacement */
	bool *flow_removed;	/* per pair of a flow mapping, or NULL */
};

static void apply_annotation_action(struct stream *st, const struct ingress *ing,
				    const struct action *act, struct ann_edit_state *s)
{
	const struct annotation *an = &ing->ann[act->ann];
	const struct node *map = ing->annotations;
	size_t kstart, vend, col;
	bool brk;
	struct buf b = {0};

	pair_span(st, map, an->knode, an->vnode, &kstart, &vend);
	col = column_of(st, kstart);
	brk = ends_with_break(st, kstart, vend);
	if (map->flow) {
		long at = pair_index(map, an->knode);
		switch (act->type) {
		case ACT_REMOVE:
			if (at >= 0) {
				s->flow_removed[at] = true;
				s->removed++;
			}
			break;
		case ACT_REPLACE:
			for (size_t i = 0; i < act->npairs; i++) {
				if (i)
					buf_adds(&b, ", ");
				flow_pair(&b, act->keys[i], act->values[i]);
			}
			edit(st, kstart, vend, buf_cstr(&b));
			break;
		case ACT_SET_VALUE:
			if (empty_value(an->vnode)) {
				/* no value to replace: write the pair anew */
				flow_pair(&b, an->key, act->values[0]);
				edit(st, kstart, vend, buf_cstr(&b));
			} else {
				buf_add_yaml_dq(&b, act->values[0], strlen(act->values[0]));
				edit(st, an->vnode->pos.start, an->vnode->pos.end, buf_cstr(&b));
			}
			break;
		default:
			break;
		}
		buf_free(&b);
		return;
	}
	switch (act->type) {
	case ACT_REMOVE:
		buf_adds(&b, "# ingress2higress: removed, ");
		buf_adds(&b, act->reason ? act->reason : "unsupported by higress");
		buf_addc(&b, '\n');
		indent(&b, col);
		comment_out(&b, st, kstart, vend, col);
		if (brk)
			buf_addc(&b, '\n');
		edit(st, kstart, vend, buf_cstr(&b));
		s->removed++;
		break;
	case ACT_REPLACE:
		buf_adds(&b, "# ingress2higress: replaced, ");
		buf_adds(&b, act->reason ? act->reason : "converted");
		buf_adds(&b, "; was:\n");
		indent(&b, col);
		comment_out(&b, st, kstart, vend, col);
		buf_addc(&b, '\n');
		for (size_t i = 0; i < act->npairs; i++)
			block_pair(&b, act->keys[i], act->values[i], col);
		if (!brk && b.len && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		edit(st, kstart, vend, buf_cstr(&b));
		break;
	case ACT_SET_VALUE:
		/* the old value may span lines: comment out the whole pair */
		buf_adds(&b, "# ingress2higress: value converted; was:\n");
		indent(&b, col);
		comment_out(&b, st, kstart, vend, col);
		buf_addc(&b, '\n');
		block_pair(&b, an->key, act->values[0], col);
		if (!brk && b.len && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		edit(st, kstart, vend, buf_cstr(&b));
		break;
	default:
		break;
	}
	buf_free(&b);
}

/* Append the ACT_ADD pairs as flow pairs, each after sep (or after ", "
 * from the second on when sep is NULL). */
static void flow_adds(struct buf *b, const struct plan *plan, const char *sep)
{
	for (size_t i = 0, k = 0; i < plan->n; i++) {
		if (plan->v[i].type != ACT_ADD)
			continue;
		if (sep)
			buf_adds(b, sep);
		else if (k)
			buf_adds(b, ", ");
		k++;
		flow_pair(b, plan->v[i].keys[0], plan->v[i].values[0]);
	}
}

/* Append the ACT_ADD pairs as block lines at column col, each after a
 * comment line saying why (unless comments is false). */
static void block_adds(struct buf *b, const struct plan *plan, size_t col, bool comments)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct action *x = &plan->v[i];
		if (x->type != ACT_ADD)
			continue;
		if (comments) {
			indent(b, col);
			buf_adds(b, "# ingress2higress: added, ");
			buf_adds(b, x->reason ? x->reason : "by convert");
			buf_addc(b, '\n');
		}
		block_pair(b, x->keys[0], x->values[0], col);
	}
}

/* The comment for flow additions, which cannot carry their own: one line
 * naming the added keys, before the 'annotations' key. */
static void flow_adds_comment(struct stream *st, const struct ingress *ing, const struct plan *plan)
{
	struct buf b = {0};

	if (ing->annotations_key == NULL)
		return;
	buf_adds(&b, "added");
	for (size_t i = 0, k = 0; i < plan->n; i++)
		if (plan->v[i].type == ACT_ADD)
			buf_printf(&b, "%s '%s'", k++ ? "," : "", plan->v[i].keys[0]);
	comment_before(st, ing->metadata, ing->annotations_key->pos.start, buf_cstr(&b));
	buf_free(&b);
}

/* Insert new annotations (the ACT_ADD actions), with a comment saying
 * why unless comments is false. */
static void add_annotations(struct stream *st, const struct ingress *ing, const struct plan *plan,
			    size_t removed, bool comments)
{
	const struct node *map = ing->annotations;
	struct buf b = {0};
	size_t n = 0;

	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].type == ACT_ADD)
			n++;
	if (n == 0)
		return;
	if (comments && !(map && map->type == N_MAPPING && !map->flow && map->nkids) && ing->annotations_key)
		flow_adds_comment(st, ing, plan);	/* written as a flow mapping */
	if (map && map->type == N_MAPPING && map->flow) {
		bool kept = map->nkids / 2 > removed;
		size_t at = !map->nkids ? map->pos.end - 1 :
			    kept ? pair_end(st, map, map->nkids / 2 - 1) : flow_inside_end(st, map);
		flow_adds(&b, plan, kept ? ", " : NULL);
		edit(st, at, at, buf_cstr(&b));
	} else if (map && map->type == N_MAPPING && map->nkids) {
		size_t last = map->nkids / 2 - 1, end = pair_end(st, map, last);
		size_t col = column_of(st, pair_start(st, map, 0));
		size_t at = ends_with_break(st, pair_start(st, map, last), end) ? end : stream_line_end(st, end);
		/* A block collection ends where the next token starts: in the
		 * indentation of a later line, which then must not be passed. */
		size_t ls = stream_line_start(st, end);
		const char *ind = ls > pair_start(st, map, last) ? stream_bytes(st, ls, end) : NULL;
		if (ind && strspn(ind, " \t") >= end - ls)
			at = ls;
		const char *prev = at > 0 ? stream_bytes(st, at - 1, at) : NULL;
		if (prev && *prev != '\n' && *prev != '\r')
			buf_addc(&b, '\n');
		block_adds(&b, plan, col, comments);
		edit(st, at, at, buf_cstr(&b));
	} else if (map && map->type == N_ALIAS) {
		/* 'annotations: *x': a mapping of the Ingress's own merging x */
		buf_printf(&b, "{<<: *%s", map->value);
		flow_adds(&b, plan, ", ");
		buf_addc(&b, '}');
		edit(st, map->pos.start, map->pos.end, buf_cstr(&b));
	} else if (ing->annotations_key) {
		/* 'annotations:' with an empty or null value: write a flow mapping */
		const struct node *v = ing->annotations;
		buf_addc(&b, '{');
		flow_adds(&b, plan, NULL);
		buf_addc(&b, '}');
		if (v && v->type == N_SCALAR && v->len > 0) {
			edit(st, v->pos.start, v->pos.end, buf_cstr(&b));
		} else {
			struct buf c = {0};
			size_t at = after_colon(st, ing->annotations_key, ing->annotations);
			if (at) {
				buf_addc(&c, ' ');
				buf_adds(&c, buf_cstr(&b));
				edit(st, at, at, buf_cstr(&c));
			}
			buf_free(&c);
		}
	} else if (ing->metadata && ing->metadata->nkids) {
		size_t first = pair_start(st, ing->metadata, 0);
		if (ing->metadata->flow) {
			buf_adds(&b, "\"annotations\": {");
			flow_adds(&b, plan, NULL);
			buf_adds(&b, "}, ");
			edit(st, first, first, buf_cstr(&b));
		} else {
			size_t col = column_of(st, first);
			buf_adds(&b, "annotations:\n");
			block_adds(&b, plan, col + 2, comments);
			indent(&b, col);
			edit(st, first, first, buf_cstr(&b));
		}
	}
	buf_free(&b);
}

/* Give the pair k: v of map the class cls, in v's quoting style, after a
 * comment line naming the old class unless comments is false. */
static void set_class(struct stream *st, const struct node *map, const struct node *k, const struct node *v,
		      const char *cls, bool comments)
{
	struct buf b = {0};
	size_t start, end, colon;
	long at;

	if (k == NULL || v == NULL || (v->type != N_SCALAR && v->type != N_ALIAS))
		return;	/* an alias is replaced by the value (its anchor stays where it is) */
	if (comments && (at = pair_index(map, k)) >= 0) {
		/* queued first: the pair may be rewritten from its start on */
		buf_adds(&b, empty_value(v) ? "class set, the key had no value" : "class changed");
		was_value(&b, v);
		comment_before(st, map, pair_start(st, map, (size_t)at), buf_cstr(&b));
		b.len = 0;
	}
	if (!empty_value(v)) {
		emit_scalar(&b, cls, v->style == SS_LITERAL || v->style == SS_FOLDED ? SS_DOUBLE : v->style);
		edit(st, v->pos.start, v->pos.end, buf_cstr(&b));
	} else if ((colon = in_gap(st, k->pos.end, v->pos.start, ':')) < v->pos.start) {
		/* 'key:' alone: the value goes after the ':' */
		buf_addc(&b, ' ');
		emit_scalar(&b, cls, map->flow ? SS_DOUBLE : SS_PLAIN);
		edit(st, colon + 1, colon + 1, buf_cstr(&b));
	} else {
		/* '? key' alone: write the pair anew */
		pair_span(st, map, k, v, &start, &end);
		if (map->flow) {
			flow_pair(&b, k->value, cls);
		} else {
			emit_scalar(&b, k->value, SS_PLAIN);
			buf_adds(&b, ": ");
			emit_scalar(&b, cls, SS_PLAIN);
		}
		edit(st, start, end, buf_cstr(&b));
	}
	buf_free(&b);
}

static void add_class(struct stream *st, const struct ingress *ing, const char *cls, bool comments)
{
	struct buf b = {0};
	size_t first;

	if (ing->spec == NULL || ing->spec->nkids == 0)
		return;
	first = pair_start(st, ing->spec, 0);
	if (comments)
		comment_before(st, ing->spec, first, "class added, the Ingress named none");
	if (ing->spec->flow) {
		buf_adds(&b, "\"ingressClassName\": ");
		buf_add_yaml_dq(&b, cls, strlen(cls));
		buf_adds(&b, ", ");
	} else {
		buf_adds(&b, "ingressClassName: ");
		emit_scalar(&b, cls, SS_PLAIN);
		buf_addc(&b, '\n');
		indent(&b, column_of(st, first));
	}
	edit(st, first, first, buf_cstr(&b));
	buf_free(&b);
}

/* Does the plan remove or rewrite annotation idx (then that edit is the
 * only one its text may get)? */
static bool rewritten(const struct plan *plan, size_t idx)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].ann == idx && (plan->v[i].type == ACT_REMOVE || plan->v[i].type == ACT_REPLACE ||
					      plan->v[i].type == ACT_SET_VALUE))
			return true;
	return false;
}

/* Quote the annotation values kubectl would not read as strings (plain
 * 'true', '0755', a timestamp; null becomes the "" Kubernetes stored)
 * where no action edits them: the value's bytes alone, everything else as
 * written. Allocates only temporarily. */
static void quote_typed_values(struct stream *st, const struct ingress *ing, const struct plan *plan)
{
	bool class_set = false;

	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].type == ACT_SET_CLASS)
			class_set = true;
	for (size_t i = 0; i < ing->nann; i++) {
		const struct annotation *an = &ing->ann[i];
		struct buf b = {0};
		if (an->via || an->vnode != an->vscalar || scalar_type(an->vscalar) == Y11_STRING ||
		    rewritten(plan, i) || (class_set && an == ing->class_annotation))
			continue;
		/* null: the empty string Kubernetes stored, not the text */
		if (scalar_type(an->vscalar) == Y11_NULL)
			buf_adds(&b, "\"\"");
		else
			buf_add_yaml_dq(&b, an->vscalar->value, an->vscalar->len);
		edit(st, an->vscalar->pos.start, an->vscalar->pos.end, buf_cstr(&b));
		buf_free(&b);
	}
}

void emit_ingress_apply(struct stream *st, const struct ingress *ing, const struct plan *plan, bool comments)
{
	struct ann_edit_state s = {0};
	size_t adds = 0;

	if (ing->annotations && ing->annotations->type == N_MAPPING && ing->annotations->flow &&
	    ing->annotations->nkids)
		s.flow_removed = xcalloc(ing->annotations->nkids / 2, sizeof(*s.flow_removed));

	for (size_t i = 0; i < plan->n; i++) {
		const struct action *act = &plan->v[i];
		switch (act->type) {
		case ACT_REMOVE:
		case ACT_REPLACE:
		case ACT_SET_VALUE:
			apply_annotation_action(st, ing, act, &s);
			break;
		case ACT_ADD:
			adds++;
			break;
		case ACT_SET_CLASS:
			if (ing->class_annotation && ing->class_annotation->via == NULL &&
			    !rewritten(plan, (size_t)(ing->class_annotation - ing->ann)))
				set_class(st, ing->annotations, ing->class_annotation->knode,
					  ing->class_annotation->vnode, act->values[0], comments);
			if (ing->class_name)
				set_class(st, ing->spec, node_key(ing->spec, "ingressClassName"), ing->class_name,
					  act->values[0], comments);
			break;
		case ACT_ADD_CLASS:
			add_class(st, ing, act->values[0], comments);
			break;
		}
	}
	quote_typed_values(st, ing, plan);
	if (s.flow_removed) {
		remove_flow_pairs(st, ing->annotations, s.flow_removed);
		free(s.flow_removed);
	}
	add_annotations(st, ing, plan, s.removed, comments);
	/* A block mapping left with only comments would read as null. */
	if (adds == 0 && ing->annotations && !ing->annotations->flow &&
	    s.removed * 2 == ing->annotations->nkids && s.removed > 0 && ing->annotations_key) {
		size_t at = after_colon(st, ing->annotations_key, ing->annotations);
		if (at) {
			at = after_properties(st, at, stream_line_end(st, at));
			edit(st, at, at, " {}");
		}
	}
}
