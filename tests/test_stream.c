/* test_stream.c - unit tests for stream.h: object dispatch, positions,
 * byte-exact copying, queued edits and errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "stream.h"
#include "util.h"

/* Running a stream ------------------------------------------------------ */

#define MAX_OBJ 64

/* What the recording callback saw. */
struct rec {
	size_t n;
	char *kind[MAX_OBJ];	/* owned; "" when absent */
	char *name[MAX_OBJ];	/* metadata.name, owned; "" when absent */
	struct pos pos[MAX_OBJ];
	/* optional extra work per object */
	int (*hook)(struct rec *r, struct stream *st, struct node *obj);
	void *ctx;
	int stop_at;		/* return -1 for the object with this 1-based index */
};

static int record(void *ud, struct stream *st, struct node *obj)
{
	struct rec *r = ud;
	const char *k = node_get_str(obj, "kind");
	const char *nm = node_get_str(node_get(obj, "metadata"), "name");

	assert_non_null(obj);
	assert_int_equal(obj->type, N_MAPPING);
	assert_true(r->n < MAX_OBJ);
	r->kind[r->n] = xstrdup(k ? k : "");
	r->name[r->n] = xstrdup(nm ? nm : "");
	r->pos[r->n] = obj->pos;
	r->n++;
	if (r->stop_at && (size_t)r->stop_at == r->n)
		return -1;
	return r->hook ? r->hook(r, st, obj) : 0;
}

static void rec_free(struct rec *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->kind[i]);
		free(r->name[i]);
	}
	r->n = 0;
}

/* Run text (len bytes) named name with the recorder r into res (its
 * output too); h_run_free frees res. */
static void run_stream(struct h_run *res, const char *name, const char *text, size_t len, struct rec *r)
{
	memset(res, 0, sizeof(*res));
	h_stream(res, name, text, len, record, r, H_OUTPUT);
}

/* Run text with a no-op recorder and assert the copy is byte-identical. */
static void assert_identity(const char *text, size_t len, size_t objects)
{
	struct rec r = {0};
	struct h_run res;

	run_stream(&res, "id.yaml", text, len, &r);
	if (res.rc != 0)
		fail_msg("stream_run failed: %s", res.err);
	assert_int_equal(res.outlen, len);
	assert_memory_equal(res.out, text, len);
	assert_int_equal(res.stats.written, len);
	assert_int_equal(r.n, objects);
	if (len)
		assert_int_equal(res.stats.last_char, (unsigned char)text[len - 1]);
	else
		assert_int_equal(res.stats.last_char, -1);
	assert_string_equal(res.err, "");
	h_run_free(&res);
	rec_free(&r);
}

#define IDENT(s, nobj) assert_identity((s), sizeof(s) - 1, (nobj))

/* Does err hold "name:L:C: error: " with L, C positive and needle after? */
static void assert_diag(const char *err, const char *name, size_t line, size_t col, const char *needle)
{
	char *want = xasprintf("%s:%zu:%zu: error: ", name, line, col);
	const char *p = strstr(err, want);

	if (p == NULL)
		fail_msg("expected '%s...' in: %s", want, err);
	if (needle && strstr(p, needle) == NULL)
		fail_msg("expected '%s' in: %s", needle, err);
	free(want);
}

static size_t offset_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	assert_non_null(p);
	return (size_t)(p - hay);
}

/* Dispatch --------------------------------------------------------------- */

static void test_multi_document(void **state)
{
	static const char text[] =
		"apiVersion: v1\nkind: Service\nmetadata:\n  name: one\n"
		"---\n"
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n"
		"---\n"
		"kind: Secret\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "multi.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.kind[0], "Service");
	assert_string_equal(r.name[0], "one");
	assert_string_equal(r.kind[1], "ConfigMap");
	assert_string_equal(r.name[1], "two");
	assert_string_equal(r.kind[2], "Secret");
	assert_string_equal(r.name[2], "");
	assert_int_equal(r.pos[0].line, 1);
	assert_int_equal(r.pos[1].line, 6);
	assert_int_equal(r.pos[1].start, offset_of(text, "apiVersion: v1\nkind: ConfigMap"));
	assert_int_equal(r.pos[2].line, 11);
	assert_int_equal(res.stats.documents, 3);
	assert_int_equal(res.stats.objects, 3);
	h_run_free(&res);
	rec_free(&r);
}

/* helm template's '# Source:' lines name the documents they open. */
static int record_source(struct rec *r, struct stream *st, struct node *obj)
{
	(void)obj;
	free(r->name[r->n - 1]);
	r->name[r->n - 1] = xstrdup(stream_name(st));
	return 0;
}

static void test_helm_source(void **state)
{
	static const char text[] =
		"# Source: chart/templates/a.yaml\r\n"
		"kind: A\r\n"
		"---\r\n"
		"kind: B\r\n"
		"---\r\n"
		"# Source: first\n"
		"#  Source: not this\n"
		"# Source: chart/templates/c.yaml  \n"
		"kind: C\n"
		"---\n"
		"# Source: bad\tname\n"
		"# Source:\n"
		"kind: D\n"
		"---\n"
		"# Source: chart/templates/list.yaml\n"
		"kind: List\n"
		"items:\n"
		"- {kind: E}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = record_source;
	run_stream(&res, "out.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 5);
	assert_string_equal(r.name[0], "chart/templates/a.yaml (out.yaml)");
	assert_string_equal(r.name[1], "out.yaml");
	assert_string_equal(r.name[2], "chart/templates/c.yaml (out.yaml)");
	assert_string_equal(r.name[3], "out.yaml");	/* a control character (tab), an empty name: ignored */
	assert_string_equal(r.name[4], "chart/templates/list.yaml (out.yaml)");
	assert_int_equal(res.outlen, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static const char list_text[] =
	"apiVersion: v1\n"
	"kind: List\n"
	"items:\n"
	"- apiVersion: v1\n"
	"  kind: Service\n"
	"  metadata:\n"
	"    name: a\n"
	"- apiVersion: apps/v1\n"
	"  kind: Deployment\n"
	"  metadata:\n"
	"    name: b\n"
	"metadata:\n"
	"  resourceVersion: \"\"\n";

static void test_list_items(void **state)
{
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "list.yaml", list_text, sizeof(list_text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.kind[0], "Service");
	assert_string_equal(r.name[0], "a");
	assert_string_equal(r.kind[1], "Deployment");
	assert_string_equal(r.name[1], "b");
	/* an item starts at its first key, after '- ' */
	assert_int_equal(r.pos[0].line, 4);
	assert_int_equal(r.pos[0].column, 3);
	assert_int_equal(r.pos[0].start, offset_of(list_text, "apiVersion: v1\n  kind: Service"));
	assert_int_equal(r.pos[1].start, offset_of(list_text, "apiVersion: apps/v1"));
	assert_int_equal(res.stats.documents, 1);
	assert_int_equal(res.stats.objects, 2);
	assert_int_equal(res.outlen, sizeof(list_text) - 1);
	assert_memory_equal(res.out, list_text, sizeof(list_text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static void test_list_kind_after_items(void **state)
{
	static const char text[] =
		"items:\n"
		"  - kind: Service\n"
		"    apiVersion: v1\n"
		"    metadata: {name: first}\n"
		"  - {kind: Service, apiVersion: v1, metadata: {name: second}}\n"
		"  - kind: Service\n"
		"    apiVersion: v1\n"
		"    metadata: {name: third}\n"
		"kind: List\n"
		"apiVersion: v1\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "list2.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 3);
	for (size_t i = 0; i < r.n; i++)
		assert_string_equal(r.kind[i], "Service");
	assert_string_equal(r.name[0], "first");
	assert_string_equal(r.name[1], "second");
	assert_string_equal(r.name[2], "third");
	assert_int_equal(r.pos[1].start, offset_of(text, "{kind: Service"));
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static void test_list_then_documents(void **state)
{
	/* a List document between two plain ones, and an empty List */
	static const char text[] =
		"kind: A\n"
		"---\n"
		"kind: List\n"
		"items:\n"
		"- kind: B\n"
		"- kind: C\n"
		"---\n"
		"kind: List\n"
		"items: []\n"
		"---\n"
		"kind: D\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "mix.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	/* an empty List has no items to dispatch: the List itself comes through */
	assert_int_equal(r.n, 5);
	assert_string_equal(r.kind[0], "A");
	assert_string_equal(r.kind[1], "B");
	assert_string_equal(r.kind[2], "C");
	assert_string_equal(r.kind[3], "List");
	assert_string_equal(r.kind[4], "D");
	assert_int_equal(res.stats.documents, 4);
	h_run_free(&res);
	rec_free(&r);
}

static void test_json_object(void **state)
{
	static const char text[] =
		"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"a\"}}";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "obj.json", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kind[0], "Service");
	assert_string_equal(r.name[0], "a");
	assert_int_equal(r.pos[0].line, 1);
	assert_int_equal(r.pos[0].column, 1);
	assert_int_equal(r.pos[0].start, 0);
	assert_int_equal(r.pos[0].end, sizeof(text) - 1);
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static void test_json_list(void **state)
{
	static const char text[] =
		"{\n"
		"  \"apiVersion\": \"v1\",\n"
		"  \"items\": [\n"
		"    {\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"x\"}},\n"
		"    {\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"y\"}}\n"
		"  ],\n"
		"  \"kind\": \"List\"\n"
		"}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "list.json", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.name[0], "x");
	assert_string_equal(r.name[1], "y");
	assert_int_equal(r.pos[1].line, 5);
	assert_int_equal(r.pos[1].column, 5);
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static void test_items_without_objects(void **state)
{
	/* 'items' of plain mappings (no kind/apiVersion) are not List
	 * elements: the object itself is dispatched */
	static const char text[] =
		"apiVersion: example.com/v1\n"
		"kind: Menu\n"
		"items:\n"
		"- {dish: soup}\n"
		"- {dish: bread}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "menu.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kind[0], "Menu");
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static int check_menu_items(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *items = node_get(obj, "items");

	(void)r;
	(void)st;
	assert_non_null(items);
	assert_int_equal(items->type, N_SEQUENCE);
	assert_int_equal(items->nkids, 2);
	assert_string_equal(node_get_str(items->kids[0], "dish"), "soup");
	return 0;
}

static void test_items_without_objects_tree(void **state)
{
	static const char text[] =
		"apiVersion: example.com/v1\n"
		"kind: Menu\n"
		"items:\n"
		"- {dish: soup}\n"
		"- {dish: bread}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	/* Regression: a top-level 'items' sequence whose mappings have no 'kind' or
	 * 'apiVersion' is not a List, and the object is dispatched whole; but
	 * pop() (stream.c) returns early for every mapping under 'items'
	 * without attaching it, so the callback sees 'items' as an empty
	 * sequence (nkids 0 instead of 2): the elements silently vanish from
	 * the tree. */
	r.hook = check_menu_items;
	run_stream(&res, "menu.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 1);
	h_run_free(&res);
	rec_free(&r);
}

/* Positions -------------------------------------------------------------- */

struct posctx {
	const char *text;
};

static void assert_node_at(const char *text, const struct node *n, size_t line, size_t col,
			   const char *starts_with, size_t len)
{
	assert_non_null(n);
	assert_int_equal(n->pos.line, line);
	assert_int_equal(n->pos.column, col);
	assert_int_equal(n->pos.start, offset_of(text, starts_with));
	assert_int_equal(n->pos.end, n->pos.start + len);
}

static int check_utf8_positions(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *md = node_get(obj, "metadata");
	struct node *labels = node_get(md, "labels");
	const char *p;

	/* the key after the comment '# héllo ✓' */
	assert_int_equal(obj->kids[0]->type, N_SCALAR);
	assert_string_equal(obj->kids[0]->value, "kind");
	assert_node_at(text, obj->kids[0], 2, 1, "kind:", 4);
	assert_int_equal((unsigned char)text[obj->kids[0]->pos.start], 'k');
	/* a double-quoted multi-byte value: span covers the quotes */
	assert_string_equal(node_get_str(md, "name"), "\xc3\xb1" "ame");
	assert_node_at(text, node_get(md, "name"), 4, 9, "\"\xc3\xb1" "ame\"", 7);
	/* the key on the line after it */
	assert_node_at(text, md->kids[2], 5, 3, "namespace:", 9);
	/* columns count characters, spans count bytes */
	assert_node_at(text, node_get(labels, "b"), 6, 24, "c}", 1);
	assert_node_at(text, labels->kids[2], 6, 21, "b: c}", 1);
	/* a plain multi-byte value and its stream bytes */
	assert_node_at(text, node_get(md, "uid"), 7, 8, "\xe2\x9c\x93\xe2\x9c\x93", 6);
	p = stream_bytes(st, node_get(md, "uid")->pos.start, node_get(md, "uid")->pos.end);
	assert_non_null(p);
	assert_memory_equal(p, "\xe2\x9c\x93\xe2\x9c\x93", 6);
	/* mapping and end marks */
	assert_int_equal(labels->type, N_MAPPING);
	assert_true(labels->flow);
	assert_int_equal(labels->pos.start, offset_of(text, "{a:"));
	assert_int_equal(labels->pos.end, offset_of(text, "}\n  uid") + 1);
	assert_int_equal(labels->end_line, 6);
	assert_int_equal(labels->end_column, 26);
	return 0;
}

static void test_positions_utf8(void **state)
{
	static const char text[] =
		"# h\xc3\xa9llo \xe2\x9c\x93\n"			/* 1 */
		"kind: Service\n"				/* 2 */
		"metadata:\n"					/* 3 */
		"  name: \"\xc3\xb1" "ame\"\n"			/* 4 */
		"  namespace: x\n"				/* 5 */
		"  labels: {a: \"\xc3\xa9\xe2\x9c\x93\", b: c}\n"	/* 6 */
		"  uid: \xe2\x9c\x93\xe2\x9c\x93\n";		/* 7 */
	struct posctx ctx = { text };
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = check_utf8_positions;
	r.ctx = &ctx;
	run_stream(&res, "utf8.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.pos[0].start, offset_of(text, "kind:"));
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static int check_bom_positions(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *md = node_get(obj, "metadata");

	(void)st;
	assert_node_at(text, obj->kids[0], 1, 1, "kind", 4);
	assert_int_equal(obj->kids[0]->pos.start, 3);
	assert_node_at(text, node_get(md, "name"), 3, 9, "\xc3\xa9t\xc3\xa9", 5);
	return 0;
}

static void test_positions_bom(void **state)
{
	static const char text[] =
		"\xef\xbb\xbf" "kind: Service\n"
		"metadata:\n"
		"  name: \xc3\xa9t\xc3\xa9\n";
	struct posctx ctx = { text };
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = check_bom_positions;
	r.ctx = &ctx;
	run_stream(&res, "bom.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 1);
	assert_int_equal(res.outlen, sizeof(text) - 1);
	assert_memory_equal(res.out, text, sizeof(text) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static int edit_bom_name(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *v = node_get(node_get(obj, "metadata"), "name");

	(void)r;
	stream_edit(st, v->pos.start, v->pos.end, "new");
	return 0;
}

/* An input that follows others in one output loses its byte order mark
 * (mid-stream, YAML readers reject it); the first keeps it. */
static void test_bom_dropped_when_continuing(void **state)
{
	static const char text[] = "\xef\xbb\xbfkind: Service\nmetadata:\n  name: old\n";
	static const char want[] = "kind: Service\nmetadata:\n  name: new\n";

	(void)state;
	for (unsigned flags = 0; flags <= STREAM_OUT_CONTINUES; flags += STREAM_OUT_CONTINUES) {
		struct h_run res = {0};
		struct rec r = { .hook = edit_bom_name };
		size_t bom = flags ? 0 : 3;

		h_stream(&res, "bom.yaml", text, sizeof(text) - 1, record, &r, flags | H_OUTPUT);
		assert_int_equal(res.rc, 0);
		assert_int_equal(res.outlen, sizeof(want) - 1 + bom);
		assert_memory_equal(res.out, text, bom);
		assert_memory_equal(res.out + bom, want, sizeof(want) - 1);
		assert_int_equal(res.stats.written, res.outlen);
		h_run_free(&res);
		rec_free(&r);
	}
}

static int check_crlf_positions(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *md = node_get(obj, "metadata");

	(void)st;
	assert_node_at(text, node_get(md, "name"), 3, 9, "x\xc3\xa9\r", 3);
	assert_node_at(text, md->kids[2], 4, 3, "namespace", 9);
	assert_int_equal(stream_line_start(st, md->kids[2]->pos.start), offset_of(text, "  namespace"));
	assert_int_equal(stream_line_end(st, md->kids[2]->pos.start), offset_of(text, "---"));
	return 0;
}

static int check_only_first(struct rec *r, struct stream *st, struct node *obj)
{
	return r->n == 1 ? check_crlf_positions(r, st, obj) : 0;
}

static void test_positions_crlf(void **state)
{
	static const char text[] =
		"kind: Service\r\n"
		"metadata:\r\n"
		"  name: x\xc3\xa9\r\n"
		"  namespace: y\r\n"
		"---\r\n"
		"kind: B\r\n";
	struct posctx ctx = { text };
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = check_only_first;
	r.ctx = &ctx;
	run_stream(&res, "crlf.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.pos[1].line, 6);
	assert_int_equal(r.pos[1].start, offset_of(text, "kind: B"));
	h_run_free(&res);
	rec_free(&r);
}

static int check_cr_positions(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *md = node_get(obj, "metadata");

	if (r->n != 1)
		return 0;
	assert_string_equal(stream_newline(st), "\r");
	assert_node_at(text, node_get(md, "name"), 3, 9, "x\xc3\xa9\r", 3);
	assert_node_at(text, md->kids[2], 4, 3, "namespace", 9);
	assert_int_equal(stream_line_start(st, md->kids[2]->pos.start), offset_of(text, "  namespace"));
	assert_int_equal(stream_line_start(st, offset_of(text, "y\r")), offset_of(text, "  namespace"));
	assert_int_equal(stream_line_end(st, md->kids[2]->pos.start), offset_of(text, "---"));
	return 0;
}

/* Lone CR line breaks (classic Mac OS): lines and line spans as with LF. */
static void test_positions_cr(void **state)
{
	static const char text[] =
		"kind: Service\r"
		"metadata:\r"
		"  name: x\xc3\xa9\r"
		"  namespace: y\r"
		"---\r"
		"kind: B\r";
	struct posctx ctx = { text };
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = check_cr_positions;
	r.ctx = &ctx;
	run_stream(&res, "cr.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.pos[1].line, 6);
	assert_int_equal(r.pos[1].start, offset_of(text, "kind: B"));
	h_run_free(&res);
	rec_free(&r);
}

static int check_newline(struct rec *r, struct stream *st, struct node *obj)
{
	(void)obj;
	assert_string_equal(stream_newline(st), (const char *)r->ctx);
	return 0;
}

/* The break inserted text takes is the input's first one. */
static void test_newline_judged(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "kind: A\n", "\n" }, { "kind: A\r\n", "\r\n" }, { "kind: A\r", "\r" },
		{ "kind: A", "\n" }, { "kind: A\rx: [1,\n 2]\n", "\r" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rec r = {0};
		struct h_run res;
		r.hook = check_newline;
		r.ctx = (void *)cases[i].want;
		run_stream(&res, "nl.yaml", cases[i].text, strlen(cases[i].text), &r);
		if (res.rc != 0)
			fail_msg("%s", res.err);
		assert_int_equal(r.n, 1);
		h_run_free(&res);
		rec_free(&r);
	}
}

static int check_block_scalar(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *v = node_get(node_get(obj, "data"), "script");

	(void)st;
	assert_non_null(v);
	assert_int_equal(v->style, SS_LITERAL);
	assert_string_equal(v->value, "line \xe2\x9c\x93 one\nline two\n");
	assert_int_equal(v->pos.start, offset_of(text, "|"));
	/* a block scalar's span ends after its last line break */
	assert_int_equal(v->pos.end, offset_of(text, "  other"));
	assert_int_equal(node_get(node_get(obj, "data"), "other")->pos.line, 6);
	assert_int_equal(node_get(node_get(obj, "data"), "single")->style, SS_SINGLE);
	assert_int_equal(node_get(node_get(obj, "data"), "double")->style, SS_DOUBLE);
	assert_int_equal(node_get(node_get(obj, "data"), "folded")->style, SS_FOLDED);
	assert_int_equal(node_get(node_get(obj, "data"), "other")->style, SS_PLAIN);
	return 0;
}

static void test_positions_block_scalar(void **state)
{
	static const char text[] =
		"kind: ConfigMap\n"
		"data:\n"
		"  script: |\n"
		"    line \xe2\x9c\x93 one\n"
		"    line two\n"
		"  other: v\n"
		"  single: 'it''s'\n"
		"  double: \"a\\tb\"\n"
		"  folded: >-\n"
		"    folded\n"
		"    text\n";
	struct posctx ctx = { text };
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = check_block_scalar;
	r.ctx = &ctx;
	run_stream(&res, "block.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 1);
	h_run_free(&res);
	rec_free(&r);
}

/* UTF-16: what the callback saw of metadata.name's value. */
struct u16ctx {
	int calls;
	size_t start, end;
	char bytes[8];
	size_t nbytes;
};

static int check_utf16(struct rec *r, struct stream *st, struct node *obj)
{
	struct u16ctx *c = r->ctx;
	struct node *v = node_get(node_get(obj, "metadata"), "name");
	const char *p;

	assert_non_null(v);
	assert_string_equal(v->value, "x");
	c->calls++;
	c->start = v->pos.start;
	c->end = v->pos.end;
	p = stream_bytes(st, v->pos.start, v->pos.end);
	c->nbytes = p && c->end - c->start <= sizeof(c->bytes) ? c->end - c->start : 0;
	if (c->nbytes)
		memcpy(c->bytes, p, c->nbytes);
	return 0;
}

static void test_utf16_positions(void **state)
{
	/* "\xff\xfe" then UTF-16LE of "kind: A\nmetadata:\n  name: x\n" */
	static const char ascii[] = "kind: A\nmetadata:\n  name: x\n";
	char text[2 + 2 * sizeof(ascii)];
	size_t len = 2, want = 0;
	struct u16ctx ctx = {0};
	struct rec r = {0};
	struct h_run res;

	(void)state;
	text[0] = '\xff';
	text[1] = '\xfe';
	for (size_t i = 0; ascii[i]; i++) {
		if (ascii[i] == 'x')
			want = len;
		text[len++] = ascii[i];
		text[len++] = '\0';
	}
	r.hook = check_utf16;
	r.ctx = &ctx;
	run_stream(&res, "utf16.yaml", text, len, &r);
	/* Regression: libyaml decodes UTF-16 input (what Windows PowerShell 5's
	 * 'kubectl get -o yaml > f.yaml' writes), but byte_of() (stream.c)
	 * maps libyaml's character index to a byte offset by walking the
	 * raw bytes as UTF-8, so every pos.start/pos.end is wrong (about
	 * half the real offset) and stream_edit() splices at the wrong
	 * places: 'convert' turns a UTF-16 Ingress into garbage mixing
	 * UTF-8 text into the UTF-16 bytes. Here the value 'x' is at byte
	 * 54 but pos.start is 28. Expected: right byte offsets, or a clear
	 * error ("UTF-16 input is not supported") instead of corrupt output. */
	if (res.rc == 0) {
		/* the copy is byte-identical */
		assert_int_equal(res.outlen, len);
		assert_memory_equal(res.out, text, len);
		assert_int_equal(ctx.calls, 1);
		assert_int_equal(ctx.start, want);
		assert_int_equal(ctx.end, want + 2);
		assert_memory_equal(ctx.bytes, "x\0", 2);
	} else {
		/* refused: a positioned error and no object seen */
		assert_non_null(strstr(res.err, "utf16.yaml:1:1: error: input is UTF-16"));
		assert_int_equal(ctx.calls, 0);
	}
	h_run_free(&res);
	rec_free(&r);
}

/* Large input: positions stay right once early bytes are dropped. */
static int check_large(struct rec *r, struct stream *st, struct node *obj)
{
	const char *text = ((struct posctx *)r->ctx)->text;
	struct node *nm = node_get(node_get(obj, "metadata"), "name");
	char want[32];
	const char *p;

	assert_non_null(nm);
	snprintf(want, sizeof(want), "obj-%zu", r->n - 1);
	assert_string_equal(nm->value, want);
	assert_memory_equal(text + nm->pos.start, want, strlen(want));
	assert_int_equal(nm->pos.end - nm->pos.start, strlen(want));
	p = stream_bytes(st, nm->pos.start, nm->pos.end);
	assert_non_null(p);
	assert_memory_equal(p, want, strlen(want));
	return 0;
}

static void test_large_input(void **state)
{
	struct buf b = {0};
	struct posctx ctx;
	struct rec r = {0};
	struct h_run res;
	size_t nobj = 0;

	(void)state;
	/* about 200 KiB over 60 documents, multi-byte characters throughout */
	for (size_t i = 0; i < MAX_OBJ - 4; i++) {
		buf_printf(&b, "# \xe2\x9c\x93 document %zu\n", i);
		buf_printf(&b, "kind: ConfigMap\nmetadata:\n  name: obj-%zu\ndata:\n  blob: \"", i);
		for (size_t j = 0; j < 1800; j++)
			buf_adds(&b, "\xc3\xa9");
		buf_adds(&b, "\"\n---\n");
		nobj++;
	}
	assert_true(b.len > 3 * 65536);
	ctx.text = buf_cstr(&b);
	r.hook = check_large;
	r.ctx = &ctx;
	run_stream(&res, "large.yaml", b.data, b.len, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, nobj);
	assert_int_equal(res.outlen, b.len);
	assert_memory_equal(res.out, b.data, b.len);
	h_run_free(&res);
	rec_free(&r);
	buf_free(&b);
}

/* A large List with an edit in every item: edits land right after the
 * retained window has moved on. */
static int edit_large_item(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *nm = node_get(node_get(obj, "metadata"), "name");
	size_t ls;

	assert_non_null(nm);
	ls = stream_line_start(st, nm->pos.start);
	assert_non_null(stream_bytes(st, ls, nm->pos.end));
	assert_memory_equal(stream_bytes(st, ls, nm->pos.start), "    name: ", 10);
	stream_edit(st, nm->pos.start, nm->pos.end, "X");
	stream_edit(st, ls, ls, "    # \xe2\x9c\x93\n");
	(void)r;
	return 0;
}

static void test_large_list_edits(void **state)
{
	struct buf in = {0}, want = {0};
	struct rec r = {0};
	struct h_run res;

	(void)state;
	buf_adds(&in, "apiVersion: v1\nkind: List\nitems:\n");
	buf_adds(&want, in.data);
	for (size_t i = 0; i < MAX_OBJ - 4; i++) {
		struct buf blob = {0};

		for (size_t j = 0; j < 1800; j++)
			buf_adds(&blob, "\xc3\xa9");
		buf_printf(&in, "- kind: ConfigMap\n  metadata:\n    name: item-%zu\n  data: {b: \"%s\"}\n",
			   i, blob.data);
		buf_printf(&want, "- kind: ConfigMap\n  metadata:\n    # \xe2\x9c\x93\n    name: X\n"
			   "  data: {b: \"%s\"}\n", blob.data);
		buf_free(&blob);
	}
	assert_true(in.len > 3 * 65536);
	r.hook = edit_large_item;
	run_stream(&res, "biglist.yaml", in.data, in.len, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, MAX_OBJ - 4);
	assert_string_equal(r.name[MAX_OBJ - 5], "item-59");
	assert_int_equal(res.outlen, want.len);
	assert_memory_equal(res.out, want.data, want.len);
	h_run_free(&res);
	rec_free(&r);
	buf_free(&in);
	buf_free(&want);
}

/* Byte-exact copies ------------------------------------------------------ */

static void test_identity(void **state)
{
	(void)state;
	IDENT("", 0);
	IDENT("# only a comment\n", 0);
	IDENT("kind: A\n", 1);
	IDENT("kind: A", 1);	/* no trailing newline */
	IDENT("kind: A\n\n\n# trailing comment\n", 1);
	IDENT("# head\n"
	      "apiVersion: v1   # trailing\n"
	      "kind:    'Service'\n"
	      "metadata: { name: \"a\" ,  labels: {x: 'y''z'} }\n"
	      "spec:\n"
	      "  ports: [ 80,  443 ]\n"
	      "  weird: !!str 123\n"
	      "  anchored: &a {k: v}\n"
	      "  alias: *a\n"
	      "  folded: >\n"
	      "     keep   spacing\n"
	      "\n"
	      "  dq: \"tab\\there \\u00e9\"\n", 1);
	IDENT("kind: A\r\nmetadata:\r\n  name: x\r\n---\r\nkind: B\r\n", 2);
	IDENT("kind: A\r\nmetadata:\r\n  name: x", 1);
	IDENT("\xef\xbb\xbf" "kind: A\nmetadata: {name: b}\n", 1);
	IDENT("\xef\xbb\xbf" "kind: A", 1);
	IDENT("%YAML 1.1\n---\nkind: A\n...\n---\nkind: B\n...\n", 2);
	IDENT("---\nkind: A\n---\n---\n# nothing\n---\n~\n---\nkind: B\n", 2);
	IDENT("{\"kind\":\"A\",\"items\":[]}\n---\n{\"kind\":\"B\"}", 2);
	IDENT(list_text, 2);
	IDENT("kind: A\n# \xe2\x9c\x93 \xf0\x9f\x98\x80\nmetadata:\n  name: \xf0\x9f\x98\x80\n", 1);
}

/* Edits ------------------------------------------------------------------ */

static int edit_name(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *md = node_get(obj, "metadata");
	struct node *nm = node_get(md, "name");
	struct node *spec_key = NULL;

	(void)r;
	for (size_t i = 0; i + 1 < obj->nkids; i += 2)
		if (node_is(obj->kids[i], "spec"))
			spec_key = obj->kids[i];
	if (nm)
		stream_edit(st, nm->pos.start, nm->pos.end, "renamed");
	if (spec_key) {
		/* queued in an order unlike the offsets: later offset first */
		stream_edit(st, spec_key->pos.start, spec_key->pos.start, "A: 1\n");
		stream_edit(st, md->kids[0]->pos.start, md->kids[0]->pos.start, "first: 0\n  ");
		stream_edit(st, spec_key->pos.start, spec_key->pos.start, "B: 2\n");
		stream_edit(st, spec_key->pos.start, spec_key->pos.start, "C: 3\n");
	}
	return 0;
}

static void test_edits(void **state)
{
	static const char text[] =
		"kind: A\n"
		"metadata:\n"
		"  name: \"old\" # keep me\n"
		"spec:\n"
		"  x: 1\n"
		"---\n"
		"kind: B\n"
		"metadata: {name: \xc3\xa9t\xc3\xa9, other: 1}\n";
	static const char want[] =
		"kind: A\n"
		"metadata:\n"
		"  first: 0\n"
		"  name: renamed # keep me\n"
		"A: 1\n"
		"B: 2\n"
		"C: 3\n"
		"spec:\n"
		"  x: 1\n"
		"---\n"
		"kind: B\n"
		"metadata: {name: renamed, other: 1}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = edit_name;
	run_stream(&res, "edit.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 2);
	assert_int_equal(res.outlen, sizeof(want) - 1);
	assert_memory_equal(res.out, want, sizeof(want) - 1);
	assert_int_equal(res.stats.written, sizeof(want) - 1);
	h_run_free(&res);
	rec_free(&r);
}

/* Overlapping edits are an internal error, never a silent drop. The hook
 * queues, on the name value [s, e) of the second object, the edits of
 * case r->ctx: each pair of edits overlaps. */
struct overlap_case {
	int kind;
	size_t second;		/* offset where the second edit starts */
};

static int edit_overlapping(struct rec *r, struct stream *st, struct node *obj)
{
	struct overlap_case *c = r->ctx;
	struct node *v = node_get(node_get(obj, "metadata"), "name");
	size_t s = v->pos.start, e = v->pos.end;

	if (r->n != 2)
		return 0;
	switch (c->kind) {
	case 0:		/* the same span twice */
		stream_edit(st, s, e, "one");
		stream_edit(st, s, e, "two");
		c->second = s;
		break;
	case 1:		/* the second starts inside the first */
		stream_edit(st, s, e, "one");
		stream_edit(st, s + 1, e + 2, "two");
		c->second = s + 1;
		break;
	case 2:		/* an insertion strictly inside a replacement */
		stream_edit(st, s + 2, s + 2, "two");
		stream_edit(st, s, e, "one");
		c->second = s + 2;
		break;
	default:	/* a replacement inside another, queued first */
		stream_edit(st, s + 1, s + 2, "two");
		stream_edit(st, s, e, "one");
		c->second = s + 1;
		break;
	}
	return 0;
}

static void test_edits_overlapping(void **state)
{
	static const char text[] =
		"kind: A\n"
		"metadata: {name: first}\n"
		"---\n"
		"kind: B\n"
		"metadata:\n"
		"  name: second\n"
		"---\n"
		"kind: C\n";

	(void)state;
	for (int k = 0; k < 4; k++) {
		struct overlap_case c = { k, 0 };
		struct rec r = {0};
		struct h_run res;
		char *want;

		r.hook = edit_overlapping;
		r.ctx = &c;
		run_stream(&res, "ov.yaml", text, sizeof(text) - 1, &r);
		assert_int_equal(res.rc, -1);
		/* the run stops at the object: nothing of it or after it is written */
		assert_int_equal(r.n, 2);
		assert_int_equal(res.outlen, offset_of(text, "---"));
		assert_int_equal(res.stats.edits, 0);
		want = xasprintf("internal error: overlapping edits at 6:%zu", c.second - offset_of(text, "  name") + 1);
		assert_diag(res.err, "ov.yaml", 6, c.second - offset_of(text, "  name") + 1, want);
		free(want);
		h_run_free(&res);
		rec_free(&r);
	}
}

/* Edits that touch without overlapping are fine: a replacement right
 * after another, insertions at both ends of a replacement (one at its
 * start comes before it, even when queued after it). */
static int edit_touching(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *v = node_get(node_get(obj, "metadata"), "name");
	size_t s = v->pos.start, e = v->pos.end;

	(void)r;
	stream_edit(st, s, s + 2, "X");
	stream_edit(st, s + 2, e, "Y");
	stream_edit(st, s, s, "<");
	stream_edit(st, e, e, ">");
	return 0;
}

static void test_edits_touching(void **state)
{
	static const char text[] = "kind: A\nmetadata: {name: first}\n";
	static const char want[] = "kind: A\nmetadata: {name: <XY>}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = edit_touching;
	run_stream(&res, "touch.yaml", text, sizeof(text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(res.outlen, sizeof(want) - 1);
	assert_memory_equal(res.out, want, sizeof(want) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static int edit_in_list(struct rec *r, struct stream *st, struct node *obj)
{
	struct node *nm = node_get(node_get(obj, "metadata"), "name");
	size_t eol;

	(void)r;
	assert_non_null(nm);
	stream_edit(st, nm->pos.start, nm->pos.end, "<<name>>");
	/* an insertion just after the item's last line */
	eol = stream_line_end(st, nm->pos.end);
	stream_edit(st, eol, eol, "    # end of item\n");
	return 0;
}

static void test_edits_in_list(void **state)
{
	static const char want[] =
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- apiVersion: v1\n"
		"  kind: Service\n"
		"  metadata:\n"
		"    name: <<name>>\n"
		"    # end of item\n"
		"- apiVersion: apps/v1\n"
		"  kind: Deployment\n"
		"  metadata:\n"
		"    name: <<name>>\n"
		"    # end of item\n"
		"metadata:\n"
		"  resourceVersion: \"\"\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = edit_in_list;
	run_stream(&res, "list.yaml", list_text, sizeof(list_text) - 1, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 2);
	assert_int_equal(res.outlen, sizeof(want) - 1);
	assert_memory_equal(res.out, want, sizeof(want) - 1);
	h_run_free(&res);
	rec_free(&r);
}

static int edit_at_end(struct rec *r, struct stream *st, struct node *obj)
{
	(void)r;
	stream_edit(st, obj->pos.end, obj->pos.end, "\nadded: yes");
	stream_edit(st, 0, 4, "KIND");
	return 0;
}

static void test_edit_at_eof(void **state)
{
	static const char text[] = "kind: A\nmetadata: {name: x}";
	static const char want[] = "KIND: A\nmetadata: {name: x}\nadded: yes";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.hook = edit_at_end;
	run_stream(&res, "eof.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.outlen, sizeof(want) - 1);
	assert_memory_equal(res.out, want, sizeof(want) - 1);
	assert_int_equal(res.stats.last_char, 's');
	h_run_free(&res);
	rec_free(&r);
}

/* Errors ----------------------------------------------------------------- */


static void test_error_malformed(void **state)
{
	static const char text[] =
		"kind: A\n"
		"metadata:\n"
		"  name: [unclosed\n"
		"spec: {}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "bad.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 0);
	assert_non_null(strstr(res.err, "bad.yaml:"));
	assert_non_null(strstr(res.err, ": error: "));
	assert_diag(res.err, "bad.yaml", 4, 5, NULL);
	h_run_free(&res);
	rec_free(&r);
}

static void test_error_malformed_second_doc(void **state)
{
	static const char text[] =
		"kind: A\n"
		"---\n"
		"kind: B\n"
		"  bad: indent\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "two.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	/* the first object was dispatched before the error */
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kind[0], "A");
	assert_diag(res.err, "two.yaml", 4, 6, "mapping values are not allowed");
	h_run_free(&res);
	rec_free(&r);
}

static void test_error_bad_utf8(void **state)
{
	static const char text[] = "kind: A\nmetadata: {name: \"\xff\"}\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "bin.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.err, "bin.yaml:"));
	assert_non_null(strstr(res.err, ": error: "));
	h_run_free(&res);
	rec_free(&r);
}

/* Reader errors (invalid UTF-8, control characters) come with a byte
 * offset only: the line and column are counted from the input. */
static void test_error_bad_utf8_position(void **state)
{
	static const char text[] =
		"kind: A\n"
		"metadata:\n"
		"  name: \xc3\xa9t\xc3\xa9 \xff\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "bin.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	/* column 13: 'é' and 'é' are one character each */
	assert_diag(res.err, "bin.yaml", 3, 13, "invalid leading UTF-8 octet (byte offset 32)");
	h_run_free(&res);
	rec_free(&r);
}

static void test_error_control_char_position(void **state)
{
	/* a BOM is not a column; CR LF is one line break, a lone CR one too */
	static const char text[] =
		"\xef\xbb\xbfkind: A\r\n"
		"metadata:\r"
		"  name: \"a\x01b\"\r\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "ctl.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_diag(res.err, "ctl.yaml", 3, 11, "control characters are not allowed");
	h_run_free(&res);
	rec_free(&r);
}

/* The error comes after the retained window was trimmed (far more than
 * 64 KiB of objects before it): the count must carry over. */
static void test_error_position_after_trim(void **state)
{
	struct buf b = {0};
	struct rec r = {0};
	struct h_run res;
	char *want;

	(void)state;
	for (int i = 0; i < 40; i++) {
		buf_printf(&b, "kind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  v: \"", i);
		for (int j = 0; j < 2000; j++)
			buf_adds(&b, "\xc3\xa9");
		buf_adds(&b, "\"\n---\n");
	}
	buf_adds(&b, "kind: A\nmetadata:\n  name: x\x02\n");
	run_stream(&res, "big.yaml", buf_cstr(&b), b.len, &r);
	assert_int_equal(res.rc, -1);
	/* libyaml reads ahead: the last objects are not dispatched, but more
	 * than 64 KiB were, and dropped from the window */
	assert_true(r.n > 20);
	want = xasprintf("(byte offset %zu)", b.len - 2);
	assert_diag(res.err, "big.yaml", 40 * 6 + 3, 10, want);
	free(want);
	buf_free(&b);
	h_run_free(&res);
	rec_free(&r);
}

static void test_error_scalar_document(void **state)
{
	static const char text[] = "kind: A\n---\njust a string\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "scalar.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 1);
	assert_diag(res.err, "scalar.yaml", 3, 1, "scalar");
	h_run_free(&res);
	rec_free(&r);
}

static void test_error_sequence_document(void **state)
{
	static const char text[] = "- kind: A\n- kind: B\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "seq.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 0);
	assert_diag(res.err, "seq.yaml", 1, 1, "sequence");
	h_run_free(&res);
	rec_free(&r);
}

static void test_empty_documents(void **state)
{
	struct rec r = {0};
	struct h_run res;

	(void)state;
	run_stream(&res, "empty.yaml", "---\n---\n", 8, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(res.stats.documents, 2);
	assert_int_equal(res.stats.objects, 0);
	assert_string_equal(res.err, "");
	assert_int_equal(res.outlen, 8);
	assert_memory_equal(res.out, "---\n---\n", 8);
	h_run_free(&res);
	rec_free(&r);

	run_stream(&res, "null.yaml", "--- ~\n--- null\n", 15, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 0);
	h_run_free(&res);
	rec_free(&r);

	run_stream(&res, "nothing.yaml", "", 0, &r);
	assert_int_equal(res.rc, 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(res.stats.documents, 0);
	assert_int_equal(res.outlen, 0);
	h_run_free(&res);
	rec_free(&r);
}

static void test_deep_nesting(void **state)
{
	struct buf b = {0};
	struct rec r = {0};
	struct h_run res;

	(void)state;
	buf_adds(&b, "kind: A\nspec: ");
	for (int i = 0; i < 300; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 300; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	run_stream(&res, "deep.yaml", b.data, b.len, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 0);
	assert_non_null(strstr(res.err, "deep.yaml:2:"));
	assert_non_null(strstr(res.err, "nesting deeper than 256 levels"));
	h_run_free(&res);
	rec_free(&r);
	buf_free(&b);
}

static void test_nesting_at_limit(void **state)
{
	struct buf b = {0};
	struct rec r = {0};
	struct h_run res;

	(void)state;
	/* root mapping + 255 sequences = 256 levels: accepted */
	buf_adds(&b, "kind: A\nspec: ");
	for (int i = 0; i < 255; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 255; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	run_stream(&res, "deep.yaml", b.data, b.len, &r);
	if (res.rc != 0)
		fail_msg("%s", res.err);
	assert_int_equal(r.n, 1);
	h_run_free(&res);
	rec_free(&r);
	buf_free(&b);
}

static void test_deep_block_nesting(void **state)
{
	struct buf b = {0};
	struct rec r = {0};
	struct h_run res;

	(void)state;
	for (int i = 0; i < 400; i++) {
		for (int j = 0; j < i; j++)
			buf_addc(&b, ' ');
		buf_adds(&b, "k:\n");
	}
	run_stream(&res, "deepblock.yaml", b.data, b.len, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 0);
	assert_non_null(strstr(res.err, "nesting deeper than 256 levels"));
	h_run_free(&res);
	rec_free(&r);
	buf_free(&b);
}

static void test_callback_stops(void **state)
{
	static const char text[] = "kind: A\n---\nkind: B\n---\nkind: C\n";
	struct rec r = {0};
	struct h_run res;

	(void)state;
	r.stop_at = 2;
	run_stream(&res, "stop.yaml", text, sizeof(text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.kind[1], "B");
	h_run_free(&res);
	rec_free(&r);

	/* the same inside a List */
	r.stop_at = 1;
	run_stream(&res, "stop.yaml", list_text, sizeof(list_text) - 1, &r);
	assert_int_equal(res.rc, -1);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kind[0], "Service");
	h_run_free(&res);
	rec_free(&r);
}

static void test_no_output(void **state)
{
	static const char text[] = "kind: A\n---\nkind: B\n";
	struct h_run res = {0};
	struct rec r = {0};

	(void)state;
	h_stream(&res, "x.yaml", text, sizeof(text) - 1, record, &r, 0);	/* no output stream */
	assert_int_equal(res.rc, 0);
	assert_null(res.out);
	assert_int_equal(res.stats.written, 0);
	assert_int_equal(r.n, 2);
	h_run_free(&res);
	rec_free(&r);
}

/* stream_check: the errors of stream_run on events alone; a document
 * far larger than any tree budget passes without one. */
static int check_text(const char *text, char **msg)
{
	struct h_capture c;
	FILE *in = h_input(text, strlen(text));
	int rc;

	h_capture_open(&c);
	assert_non_null(in);
	rc = stream_check("x.yaml", in, c.fp);
	fclose(in);
	*msg = h_capture_close(&c);
	return rc;
}

static void test_check_events_only(void **state)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "kind: A\n---\nkind: B\n", NULL },
		{ "---\n~\n---\nkind: A\n", NULL },
		{ "", NULL },
		{ "kind: A\n---\n- a\n", "x.yaml:3:1: error: document is a sequence, not a mapping" },
		{ "just text\n", "x.yaml:1:1: error: document is a scalar, not a mapping" },
		{ "a: [b\n", "x.yaml:2:1: error: did not find expected" },
	};
	char *msg;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = check_text(cases[i].text, &msg);
		if (cases[i].err == NULL) {
			assert_int_equal(rc, 0);
			assert_string_equal(msg, "");
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(msg, cases[i].err));
		}
		free(msg);
	}
}

static void test_check_depth(void **state)
{
	struct buf b = {0};
	char *msg;

	(void)state;
	for (int i = 0; i <= 257; i++) {
		for (int j = 0; j < i; j++)
			buf_addc(&b, ' ');
		buf_adds(&b, i < 257 ? "k:\n" : "v: 1\n");
	}
	assert_int_equal(check_text(buf_cstr(&b), &msg), -1);
	assert_non_null(strstr(msg, "nesting deeper than 256 levels"));
	free(msg);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_document),
		cmocka_unit_test(test_helm_source),
		cmocka_unit_test(test_list_items),
		cmocka_unit_test(test_list_kind_after_items),
		cmocka_unit_test(test_list_then_documents),
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_json_list),
		cmocka_unit_test(test_items_without_objects),
		cmocka_unit_test(test_positions_utf8),
		cmocka_unit_test(test_positions_bom),
		cmocka_unit_test(test_bom_dropped_when_continuing),
		cmocka_unit_test(test_positions_crlf),
		cmocka_unit_test(test_positions_cr),
		cmocka_unit_test(test_newline_judged),
		cmocka_unit_test(test_positions_block_scalar),
		cmocka_unit_test(test_large_input),
		cmocka_unit_test(test_large_list_edits),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_edits_overlapping),
		cmocka_unit_test(test_edits_touching),
		cmocka_unit_test(test_edits_in_list),
		cmocka_unit_test(test_edit_at_eof),
		cmocka_unit_test(test_error_malformed),
		cmocka_unit_test(test_error_malformed_second_doc),
		cmocka_unit_test(test_error_bad_utf8),
		cmocka_unit_test(test_error_bad_utf8_position),
		cmocka_unit_test(test_error_control_char_position),
		cmocka_unit_test(test_error_position_after_trim),
		cmocka_unit_test(test_error_scalar_document),
		cmocka_unit_test(test_error_sequence_document),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_nesting_at_limit),
		cmocka_unit_test(test_deep_block_nesting),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_no_output),
		cmocka_unit_test(test_check_events_only),
		cmocka_unit_test(test_check_depth),
		cmocka_unit_test(test_items_without_objects_tree),
		cmocka_unit_test(test_utf16_positions),
	};
	return cmocka_run_group_tests_name("stream", tests, NULL, NULL);
}
