/* emit_ingress.c - splice a conversion plan into the original text. */
#include "emit_ingress.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Queue an edit, writing "\r\n" for each "\n" in CRLF files. */
static void edit(struct stream *st, size_t start, size_t end, const char *text)
{
	struct buf b = {0};

	if (!stream_crlf(st) || strchr(text, '\n') == NULL) {
		stream_edit(st, start, end, text);
		return;
	}
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			buf_addc(&b, '\r');
		buf_addc(&b, *p);
	}
	stream_edit(st, start, end, buf_cstr(&b));
	buf_free(&b);
}

/* Offset just past the ':' that follows a mapping key (spaces allowed
 * before it), or 0 when there is none to be found. */
static size_t after_colon(struct stream *st, const struct node *key)
{
	size_t at = key->pos.end;
	const char *p;

	while ((p = stream_bytes(st, at, at + 1)) != NULL && (*p == ' ' || *p == '\t'))
		at++;
	return p && *p == ':' ? at + 1 : 0;
}

static bool plain_safe(const char *v)
{
	/* a letter first rules out numbers (1e3, 0x1F, .inf) and indicators */
	if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z')))
		return false;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || *p == '_' || *p == '/'))
			return false;
	/* words Kubernetes' YAML 1.1 reader would not read as a string */
	static const char *const typed[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
		"false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", NULL,
	};
	for (const char *const *t = typed; *t; t++)
		if (strcmp(v, *t) == 0)
			return false;
	return true;
}

void emit_scalar(struct buf *b, const char *value, enum scalar_style style)
{
	if (style == SS_PLAIN && plain_safe(value)) {
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
	for (size_t i = 0; i < n; i++)
		buf_addc(b, ' ');
}

/* Does the byte span end with a line break (block scalars end there)? */
static bool ends_with_break(struct stream *st, size_t start, size_t end)
{
	const char *p = end > start ? stream_bytes(st, end - 1, end) : NULL;

	return p && *p == '\n';
}

/* Append the original text of [start, end) as comment lines at column col
 * (0-based), the first line prefixed by 'head'. */
static void comment_out(struct buf *b, struct stream *st, size_t start, size_t end, size_t col)
{
	const char *p = stream_bytes(st, start, end);
	size_t n = end - start;

	if (p == NULL)
		return;
	if (n && p[n - 1] == '\n')
		n--;
	buf_adds(b, "# ");
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\r')
			continue;
		buf_addc(b, p[i]);
		if (p[i] == '\n') {
			size_t skip = 0;
			indent(b, col);
			buf_adds(b, "# ");
			while (skip < col && i + 1 < n && p[i + 1] == ' ') {
				i++;
				skip++;
			}
		}
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
			edit(st, map->kids[2 * p]->pos.start, map->kids[2 * p + 2]->pos.start, "");
	if (tail < npairs) {
		size_t start = tail > 0 ? map->kids[2 * tail - 1]->pos.end : map->kids[0]->pos.start;
		edit(st, start, map->kids[2 * npairs - 1]->pos.end, "");
	}
}

static size_t pair_index(const struct node *map, const struct node *key)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2)
		if (map->kids[i] == key)
			return i / 2;
	return 0;
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
	size_t kstart = an->knode->pos.start, vend = an->vnode->pos.end;
	size_t col = an->knode->pos.column - 1;
	bool brk = ends_with_break(st, kstart, vend);
	struct buf b = {0};

	if (map->flow) {
		switch (act->type) {
		case ACT_REMOVE:
			s->flow_removed[pair_index(map, an->knode)] = true;
			s->removed++;
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
			buf_add_yaml_dq(&b, act->values[0], strlen(act->values[0]));
			edit(st, an->vnode->pos.start, vend, buf_cstr(&b));
			break;
		default:
			break;
		}
		buf_free(&b);
		return;
	}
	switch (act->type) {
	case ACT_REMOVE:
		buf_printf(&b, "# ingress2higress: removed, %s\n", act->reason ? act->reason : "unsupported by higress");
		indent(&b, col);
		comment_out(&b, st, kstart, vend, col);
		if (brk)
			buf_addc(&b, '\n');
		edit(st, kstart, vend, buf_cstr(&b));
		s->removed++;
		break;
	case ACT_REPLACE:
		buf_printf(&b, "# ingress2higress: replaced, %s; was:\n", act->reason ? act->reason : "converted");
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

/* Append the ACT_ADD pairs as block lines at column col. */
static void block_adds(struct buf *b, const struct plan *plan, size_t col)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].type == ACT_ADD)
			block_pair(b, plan->v[i].keys[0], plan->v[i].values[0], col);
}

/* Insert new annotations (the ACT_ADD actions). */
static void add_annotations(struct stream *st, const struct ingress *ing, const struct plan *plan,
			    size_t removed)
{
	const struct node *map = ing->annotations;
	struct buf b = {0};
	size_t n = 0;

	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].type == ACT_ADD)
			n++;
	if (n == 0)
		return;
	if (map && map->type == N_MAPPING && map->flow) {
		size_t at = map->nkids ? map->kids[map->nkids - 1]->pos.end : map->pos.end - 1;
		bool kept = map->nkids / 2 > removed;
		flow_adds(&b, plan, kept ? ", " : NULL);
		edit(st, at, at, buf_cstr(&b));
	} else if (map && map->type == N_MAPPING && map->nkids) {
		const struct node *last = map->kids[map->nkids - 1];
		size_t col = map->kids[0]->pos.column - 1;
		size_t at = ends_with_break(st, last->pos.start, last->pos.end) ? last->pos.end
										  : stream_line_end(st, last->pos.end);
		const char *prev = at > 0 ? stream_bytes(st, at - 1, at) : NULL;
		if (prev && *prev != '\n')
			buf_addc(&b, '\n');
		block_adds(&b, plan, col);
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
			size_t at = after_colon(st, ing->annotations_key);
			if (at) {
				buf_addc(&c, ' ');
				buf_adds(&c, buf_cstr(&b));
				edit(st, at, at, buf_cstr(&c));
			}
			buf_free(&c);
		}
	} else if (ing->metadata && ing->metadata->nkids) {
		const struct node *first = ing->metadata->kids[0];
		if (ing->metadata->flow) {
			buf_adds(&b, "\"annotations\": {");
			flow_adds(&b, plan, NULL);
			buf_adds(&b, "}, ");
			edit(st, first->pos.start, first->pos.start, buf_cstr(&b));
		} else {
			size_t col = first->pos.column - 1;
			buf_adds(&b, "annotations:\n");
			block_adds(&b, plan, col + 2);
			indent(&b, col);
			edit(st, first->pos.start, first->pos.start, buf_cstr(&b));
		}
	}
	buf_free(&b);
}

static void set_class(struct stream *st, const struct node *v, const char *cls)
{
	struct buf b = {0};

	if (v == NULL || (v->type != N_SCALAR && v->type != N_ALIAS))
		return;	/* an alias is replaced by the value (its anchor stays where it is) */
	emit_scalar(&b, cls, v->style == SS_LITERAL || v->style == SS_FOLDED ? SS_DOUBLE : v->style);
	edit(st, v->pos.start, v->pos.end, buf_cstr(&b));
	buf_free(&b);
}

static void add_class(struct stream *st, const struct ingress *ing, const char *cls)
{
	struct buf b = {0};
	const struct node *first;

	if (ing->spec == NULL || ing->spec->nkids == 0)
		return;
	first = ing->spec->kids[0];
	if (ing->spec->flow) {
		buf_adds(&b, "\"ingressClassName\": ");
		buf_add_yaml_dq(&b, cls, strlen(cls));
		buf_adds(&b, ", ");
	} else {
		buf_adds(&b, "ingressClassName: ");
		emit_scalar(&b, cls, SS_PLAIN);
		buf_addc(&b, '\n');
		indent(&b, first->pos.column - 1);
	}
	edit(st, first->pos.start, first->pos.start, buf_cstr(&b));
	buf_free(&b);
}

void emit_ingress_apply(struct stream *st, const struct ingress *ing, const struct plan *plan)
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
			if (ing->class_annotation && ing->class_annotation->via == NULL)
				set_class(st, ing->class_annotation->vnode, act->values[0]);
			if (ing->class_name)
				set_class(st, ing->class_name, act->values[0]);
			break;
		case ACT_ADD_CLASS:
			add_class(st, ing, act->values[0]);
			break;
		}
	}
	if (s.flow_removed) {
		remove_flow_pairs(st, ing->annotations, s.flow_removed);
		free(s.flow_removed);
	}
	add_annotations(st, ing, plan, s.removed);
	/* A block mapping left with only comments would read as null. */
	if (adds == 0 && ing->annotations && !ing->annotations->flow &&
	    s.removed * 2 == ing->annotations->nkids && s.removed > 0 && ing->annotations_key) {
		size_t at = after_colon(st, ing->annotations_key);
		if (at)
			edit(st, at, at, " {}");
	}
}
