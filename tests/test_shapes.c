/* test_shapes.c - unit tests for how manifests are read as Kubernetes reads
 * them: aliases (also across List elements), merge keys, duplicate keys,
 * and the findings and edits that follow from them (stream.h, ingress.h,
 * analyze.h, emit_ingress.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "harness.h"
#include "util.h"

/* Running a stream with a hook ------------------------------------------ */

/* Run text through the stream with fn called per object; returns the
 * number of objects. */
static size_t run_hook(const char *text, h_object_fn fn, void *ctx)
{
	return h_objects("in.yaml", text, fn, ctx);
}

static struct node *path(struct node *n, const char *a, const char *b)
{
	n = node_resolve(NULL, node_get(n, a));
	return b ? node_resolve(NULL, node_get(n, b)) : n;
}

/* Analysing and converting ---------------------------------------------- */

/* Analyse and convert text into res (zeroed; h_run_free frees); fails
 * unless the run succeeds. */
static void run_analysis(struct h_run *res, const char *text)
{
	struct analyze_options opt;

	h_default_options(&opt);
	opt.convert = true;
	opt.no_comments = true;		/* the shapes, not the comments (test_emit) */
	h_analyze(res, &opt, text, H_OUTPUT, NULL);
	if (res->rc != 0)
		print_message("%s", res->err);
	assert_int_equal(res->rc, 0);
}

/* The output must read again: every alias with its anchor. */
static void walk_dangling(struct node *root, struct node *n, size_t *bad)
{
	if (n->type == N_ALIAS && node_resolve(root, n) == NULL)
		(*bad)++;
	for (size_t i = 0; i < n->nkids; i++)
		walk_dangling(root, n->kids[i], bad);
}

static void count_dangling(struct stream *st, struct node *n, size_t index, void *ctx)
{
	(void)st;
	(void)index;
	walk_dangling(n, n, ctx);
}

static void assert_reads_back(const char *text)
{
	size_t bad = 0;

	(void)run_hook(text, count_dangling, &bad);
	assert_int_equal(bad, 0);
}

/* Aliases ---------------------------------------------------------------- */

#define ITEM_HEAD(name) \
	"- apiVersion: networking.k8s.io/v1\n" \
	"  kind: Ingress\n" \
	"  metadata:\n" \
	"    name: " name "\n"

static const char list_text[] =
	"apiVersion: v1\n"
	"kind: List\n"
	"metadata: {note: &head from-the-head}\n"
	"items:\n"
	ITEM_HEAD("a")
	"    annotations: &ann\n"
	"      " PREFIX "/proxy-read-timeout: &t \"60\"\n"
	"  spec: {ingressClassName: nginx}\n"
	ITEM_HEAD("b")
	"    annotations:\n"
	"      " PREFIX "/proxy-send-timeout: *t\n"
	"      x: *head\n"
	"  spec: {ingressClassName: nginx}\n"
	ITEM_HEAD("c")
	"    annotations: *ann\n"
	"  spec: {ingressClassName: nginx}\n";

static void check_list_aliases(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct node *ann = path(node_get(obj, "metadata"), "annotations", NULL);

	(void)ctx;
	assert_non_null(ann);
	assert_int_equal(ann->type, N_MAPPING);
	if (index == 0) {
		/* any anchor of a List element may be used by a later one */
		assert_true(stream_anchor_in_use(st, ann->kids[1]));
		assert_true(stream_anchor_in_use(st, ann));
	} else if (index == 1) {
		struct node *t = node_resolve(NULL, node_get(ann, PREFIX "/proxy-send-timeout"));
		assert_non_null(t);
		assert_string_equal(t->value, "60");
		assert_string_equal(t->anchor, "t");
		assert_string_equal(node_resolve(NULL, node_get(ann, "x"))->value, "from-the-head");
	} else {
		assert_int_equal(ann->nkids, 2);
		assert_string_equal(ann->anchor, "ann");
		assert_string_equal(node_resolve(NULL, ann->kids[1])->value, "60");
	}
}

/* Regression: List elements lived in an arena freed after each, so an
 * alias to an anchor of an earlier element resolved to nothing. */
static void test_alias_across_list_items(void **state)
{
	(void)state;
	assert_int_equal(run_hook(list_text, check_list_aliases, NULL), 3);
}

static void check_scope(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	(void)ctx;
	if (index == 0) {
		struct node *r = node_resolve(NULL, node_get(obj, "ref"));
		assert_non_null(r);
		assert_string_equal(r->value, "second");
		/* the first '&a' has no alias left, the second one has */
		assert_false(stream_anchor_in_use(st, node_get(obj, "one")));
		assert_true(stream_anchor_in_use(st, node_get(obj, "two")));
		assert_false(stream_anchor_in_use(st, node_get(obj, "ref")));
		/* an alias inside the node it names refers to nothing */
		assert_null(node_resolve(NULL, node_get(obj, "self")->kids[0]));
	} else {
		/* anchors are document-scoped */
		assert_non_null(node_get(obj, "ref"));
		assert_null(node_resolve(NULL, node_get(obj, "ref")));
	}
}

static void test_anchor_scope(void **state)
{
	static const char text[] =
		"one: &a first\n"
		"two: &a second\n"
		"ref: *a\n"
		"self: &s [*s]\n"
		"---\n"
		"ref: *a\n";

	(void)state;
	assert_int_equal(run_hook(text, check_scope, NULL), 2);
}

static void check_copies(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct node *d = node_get(obj, "data"), *o, *sq, *i;

	(void)st;
	(void)ctx;
	if (index != 1)
		return;
	o = node_resolve(NULL, node_get(d, "o"));
	i = node_resolve(NULL, node_get(d, "i"));
	sq = node_resolve(NULL, node_get(d, "s"));
	assert_non_null(o);
	assert_non_null(i);
	assert_non_null(sq);
	assert_string_equal(i->value, "x");
	/* the alias inside the copied mapping points at the copy of '&inner' */
	assert_ptr_equal(node_resolve(NULL, node_get(o, "b")), i);
	assert_ptr_equal(node_get(o, "a"), i);
	assert_string_equal(node_resolve(NULL, node_get(d, "a"))->value, "second");
	assert_string_equal(node_resolve(NULL, sq->kids[0])->value, "first");
	assert_ptr_equal(node_resolve(NULL, sq->kids[1]), i);
	/* an element without kind stays whole in the document's tree */
	assert_string_equal(node_resolve(NULL, node_get(d, "k"))->value, "kept");
	assert_int_equal(i->aliases, 3);	/* b, seq and i */
}

/* The anchored nodes of a List element are copied when its arena goes;
 * aliases among them follow the copies. */
static void test_list_anchor_copies(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- {x: &k kept}\n"
		"- apiVersion: v1\n"
		"  kind: ConfigMap\n"
		"  data: &outer {a: &inner x, b: *inner, c: &a first}\n"
		"  seq: &s [*a, *inner]\n"
		"  more: &a second\n"
		"- apiVersion: v1\n"
		"  kind: ConfigMap\n"
		"  data: {o: *outer, i: *inner, a: *a, s: *s, k: *k}\n";

	(void)state;
	/* the two ConfigMaps, then the List for its element without kind */
	assert_int_equal(run_hook(text, check_copies, NULL), 3);
}

/* Merge keys and duplicates ---------------------------------------------- */

static void check_lookup(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct node *m = node_get(obj, "m"), *via, *k;

	(void)st;
	(void)index;
	(void)ctx;
	/* explicit keys win over merged ones */
	assert_string_equal(node_lookup(m, "x", NULL, &via)->value, "own");
	assert_null(via);
	/* the earlier merge source wins over the later */
	assert_string_equal(node_lookup(m, "y", &k, &via)->value, "from-a");
	assert_non_null(via);
	assert_true(node_is_merge_key(via));
	assert_int_equal(k->pos.line, 1);
	assert_string_equal(node_lookup(m, "z", NULL, NULL)->value, "from-b");
	assert_null(node_lookup(m, "absent", NULL, NULL));
	/* of duplicate keys the last one counts */
	assert_string_equal(node_get_str(obj, "dup"), "last");
	assert_string_equal(node_lookup(obj, "dup", NULL, NULL)->value, "last");
	/* through an alias, and a merged inline mapping */
	assert_string_equal(node_lookup(node_get(obj, "alias"), "y", NULL, NULL)->value, "from-a");
	assert_string_equal(node_lookup(node_get(obj, "inline"), "q", NULL, NULL)->value, "r");
}

static void test_lookup_merge_keys(void **state)
{
	static const char text[] =
		"a: &a {y: from-a, x: from-a}\n"
		"b: &b {y: from-b, z: from-b}\n"
		"m: {<<: [*a, *b], x: own}\n"
		"dup: first\n"
		"dup: last\n"
		"alias: *a\n"
		"inline: {<<: {q: r}}\n";

	(void)state;
	assert_int_equal(run_hook(text, check_lookup, NULL), 1);
}

static void check_dups(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct node *small = node_get(obj, "small"), *big = node_get(obj, "big");
	size_t first[8], *bf, nbig = big->nkids / 2;

	(void)st;
	(void)index;
	(void)ctx;
	assert_int_equal(node_dup_keys(small, first), 2);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 1);
	assert_int_equal(first[2], 0);	/* 'a' again */
	assert_int_equal(first[3], 3);	/* '<<' is no duplicate */
	assert_int_equal(first[4], 4);
	assert_int_equal(first[5], 0);	/* an alias to 'a' */
	bf = xmalloc(nbig * sizeof(*bf));
	assert_int_equal(node_dup_keys(big, bf), 2);
	for (size_t p = 0; p < nbig; p++) {
		if (p == nbig - 1)
			assert_int_equal(bf[p], 7);
		else if (p == nbig - 2)
			assert_int_equal(bf[p], 0);
		else
			assert_int_equal(bf[p], p);
	}
	free(bf);
}

static void test_duplicate_keys(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_adds(&b, "k: &k a\nsmall: {a: 1, b: 2, a: 3, <<: {}, <<: {}, *k : 4}\n");
	/* a big mapping takes the sorting path */
	buf_adds(&b, "big:\n");
	for (int i = 0; i < 5000; i++)
		buf_printf(&b, "  key%d: v\n", i);
	buf_adds(&b, "  key0: again\n  key7: again\n");
	assert_int_equal(run_hook(buf_cstr(&b), check_dups, NULL), 1);
	buf_free(&b);
}

/* Analysis and conversion ------------------------------------------------ */

#define INGRESS(name) \
	"apiVersion: networking.k8s.io/v1\n" \
	"kind: Ingress\n" \
	"metadata:\n" \
	"  name: " name "\n"

#define SPEC "spec:\n  ingressClassName: nginx\n"

/* Regression: annotations brought in by a merge key got no finding while
 * the class was switched: authentication lost without a word. */
static void test_merge_key_annotations(void **state)
{
	static const char text[] =
		"x-common: &common\n"
		"  " PREFIX "/auth-type: basic\n"
		"  " PREFIX "/auth-secret: s\n"
		INGRESS("block")
		"  annotations:\n"
		"    <<: *common\n"
		"    " PREFIX "/auth-type: digest\n"
		SPEC;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	run_analysis(&res, text);
	f = h_only_ann(&res.fs, PREFIX "/auth-secret");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_int_equal(f->pos.line, 9);	/* at the merge key */
	assert_int_equal(f->pos.column, 5);
	assert_contains(f->message, "(value from anchor '&common' at 1:11)");
	assert_contains(f->message, "convert cannot comment it out");
	/* the explicit key overrides the merged one */
	f = h_only_ann(&res.fs, PREFIX "/auth-type");
	assert_string_equal(f->value, "digest");
	assert_int_equal(f->pos.line, 10);
	assert_contains(f->message, "the merge key at 9:5 supplies the same key");
	/* nothing of the shared anchor is edited */
	assert_contains(res.out, "x-common: &common\n  " PREFIX "/auth-type: basic\n  " PREFIX "/auth-secret: s\n");
	assert_contains(res.out, "    " PREFIX "/auth-type: digest\n");
	assert_reads_back(res.out);
	h_run_free(&res);
}

static void test_merge_key_sequence_and_metadata(void **state)
{
	static const char text[] =
		"x: [&a {" PREFIX "/enable-cors: \"true\", " PREFIX "/auth-url: \"http://a/\"}, "
		"&b {" PREFIX "/enable-cors: \"false\", " PREFIX "/proxy-body-size: 1m}]\n"
		INGRESS("flow")
		"  annotations: {<<: [*a, *b]}\n"
		SPEC
		"---\n"
		"x-meta: &m\n"
		"  name: shared\n"
		"  annotations: {" PREFIX "/auth-url: \"http://a/\"}\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {<<: *m, name: m}\n"
		"spec: {ingressClassName: nginx, tls: [{hosts: [a]}]}\n";
	struct h_run res = {0};
	size_t auth = 0;

	(void)state;
	run_analysis(&res, text);
	for (size_t i = 0; i < res.fs.n; i++) {
		const struct finding *f = &res.fs.v[i];
		if (f->annotation && strcmp(f->annotation, PREFIX "/enable-cors") == 0)
			assert_string_equal(f->value, "true");	/* the earlier source wins */
		if (f->annotation && strcmp(f->annotation, PREFIX "/auth-url") == 0) {
			assert_int_equal(f->severity, SEV_CRITICAL);
			auth++;
		}
	}
	assert_int_equal(auth, 2);
	/* the implicit ssl-redirect cannot be added to merged annotations */
	assert_int_equal(h_only_rule(&res.fs, "annotations-not-editable")->severity, SEV_ERROR);
	assert_reads_back(res.out);
	h_run_free(&res);
}

/* Regression: 'annotations: *ann' on a List element got no finding; an
 * alias to an earlier element's anchor was reported invalid. */
static void test_list_item_aliases(void **state)
{
	struct h_run res = {0};
	size_t read = 0;

	(void)state;
	run_analysis(&res, list_text);
	assert_int_equal(h_count_rule(&res.fs, "invalid-value"), 0);
	assert_int_equal(h_only_ann(&res.fs, PREFIX "/proxy-send-timeout")->status, ST_UNSUPPORTED);
	for (size_t i = 0; i < res.fs.n; i++)
		if (res.fs.v[i].annotation && strcmp(res.fs.v[i].annotation, PREFIX "/proxy-read-timeout") == 0)
			read++;
	assert_int_equal(read, 2);	/* items a and c */
	/* the anchored value of item a stays for the aliases of b and c */
	assert_contains(res.out, "&t \"60\"\n");
	assert_reads_back(res.out);
	h_run_free(&res);
}

/* Regression: commenting out an anchored annotation left its alias
 * dangling, and the output did not parse. */
static void test_anchored_removal_kept(void **state)
{
	static const char text[] =
		INGRESS("a")
		"  annotations:\n"
		"    " PREFIX "/denylist-source-range: &r 10.0.0.0/8\n"
		"    " PREFIX "/whitelist-source-range: *r\n"
		"    " PREFIX "/auth-url: &unused \"http://a/\"\n"
		SPEC;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	run_analysis(&res, text);
	f = h_only_ann(&res.fs, PREFIX "/denylist-source-range");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_contains(f->message, "it carries anchor '&r' (6:56), which an alias refers to");
	assert_contains(h_only_ann(&res.fs, PREFIX "/whitelist-source-range")->message,
			"(value from anchor '&r' at 6:56)");
	assert_contains(res.out, "    " PREFIX "/denylist-source-range: &r 10.0.0.0/8\n");
	/* an anchor nothing refers to does not stop the edit */
	assert_contains(res.out, "# " PREFIX "/auth-url: &unused");
	assert_contains(res.out, "ingressClassName: higress");
	assert_reads_back(res.out);
	h_run_free(&res);
}

static void test_class_not_switched(void **state)
{
	static const char text[] =
		INGRESS("alias")
		"  annotations: {kubernetes.io/ingress.class: &n nginx}\n"
		"spec: {ingressClassName: *n}\n"
		"---\n"
		"x-ann: &ann {kubernetes.io/ingress.class: nginx}\n"
		INGRESS("all-merged")
		"  annotations: *ann\n"
		"spec: {rules: []}\n";
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "class-not-set"), 1);
	assert_contains(res.out, "  annotations: {kubernetes.io/ingress.class: &n nginx}\nspec: {ingressClassName: *n}\n");
	/* 'annotations: *x' becomes a mapping of its own that merges x */
	assert_contains(res.out, "x-ann: &ann {kubernetes.io/ingress.class: nginx}\n");
	assert_contains(res.out, "  annotations: {<<: *ann, \"kubernetes.io/ingress.class\": \"higress\"}\n");
	assert_reads_back(res.out);
	h_run_free(&res);
}

/* A merged class annotation gets an explicit override; the anchor that
 * other objects may share stays as it is. */
static void test_merged_class_overridden(void **state)
{
	static const char text[] =
		"x-class: &c {kubernetes.io/ingress.class: nginx}\n"
		INGRESS("merged")
		"  annotations: {<<: *c}\n"
		"spec: {rules: []}\n";
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "class-not-set"), 0);
	assert_contains(res.out, "x-class: &c {kubernetes.io/ingress.class: nginx}\n");
	assert_contains(res.out, "{<<: *c, \"kubernetes.io/ingress.class\": \"higress\"}");
	assert_reads_back(res.out);
	h_run_free(&res);
}

/* Conversions of merged or anchored pairs are written as explicit pairs
 * of the Ingress's own annotations. */
static void test_conversion_added_instead(void **state)
{
	static const char text[] =
		"x: &m\n"
		"  " PREFIX "/allowlist-source-range: 10.0.0.0/8\n"
		"  " PREFIX "/upstream-hash-by: $http_x_user\n"
		INGRESS("a")
		"  annotations:\n"
		"    <<: *m\n"
		"    " PREFIX "/ssl-ciphers: &c ECDHE-RSA-AES128-GCM-SHA256\n"
		"    other: *c\n"
		SPEC;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	run_analysis(&res, text);
	f = h_only_ann(&res.fs, PREFIX "/allowlist-source-range");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_contains(f->message, "it writes the converted pair into the Ingress's own annotations instead");
	f = h_only_ann(&res.fs, PREFIX "/upstream-hash-by");
	assert_contains(f->message, "it writes the converted pair");
	assert_contains(res.out, "    " PREFIX "/ssl-ciphers: &c ECDHE-RSA-AES128-GCM-SHA256\n    other: *c\n"
			"    higress.io/ssl-cipher: \"ECDHE-RSA-AES128-GCM-SHA256\"\n"
			"    " PREFIX "/whitelist-source-range: \"10.0.0.0/8\"\n"
			"    " PREFIX "/upstream-hash-by: \"$http_x-user\"\n");
	assert_contains(res.out, "x: &m\n  " PREFIX "/allowlist-source-range: 10.0.0.0/8\n");
	assert_reads_back(res.out);
	h_run_free(&res);
}

static void test_class_alias_replaced(void **state)
{
	static const char text[] =
		"x: &n nginx\n"
		INGRESS("a")
		"spec: {ingressClassName: *n}\n";
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "class-not-set"), 0);
	assert_int_equal(h_count_rule(&res.fs, "classless-ingress"), 0);
	assert_contains(res.out, "x: &n nginx\n");
	assert_contains(res.out, "{ingressClassName: higress}");
	h_run_free(&res);
}

/* Shapes Kubernetes rejects ---------------------------------------------- */

static void test_duplicate_key_findings(void **state)
{
	static const char text[] =
		INGRESS("dup")
		"  annotations:\n"
		"    " PREFIX "/enable-cors: \"false\"\n"
		"    " PREFIX "/enable-cors: \"true\"\n"
		SPEC
		"  ingressClassName: nginx\n";
	struct h_run res = {0};
	const struct finding *f;
	size_t n = 0;

	(void)state;
	run_analysis(&res, text);
	for (size_t i = 0; i < res.fs.n; i++) {
		f = &res.fs.v[i];
		if (strcmp(f->rule, "duplicate-key") != 0)
			continue;
		assert_int_equal(f->severity, SEV_ERROR);
		assert_null(f->annotation);
		if (n++ == 0) {
			assert_int_equal(f->pos.line, 7);
			assert_contains(f->message, "duplicate key '" PREFIX "/enable-cors' (first at line 6)");
			assert_contains(f->message, "keep the last value, which the analysis uses");
		} else {
			assert_int_equal(f->pos.line, 10);
		}
	}
	assert_int_equal(n, 2);
	/* analysed as Kubernetes keeps it: the last value */
	assert_string_equal(h_only_ann(&res.fs, PREFIX "/enable-cors")->value, "true");
	h_run_free(&res);
}

static void test_invalid_annotations(void **state)
{
	static const char text[] =
		INGRESS("seq")
		"  annotations: [1, 2]\n"
		SPEC
		"---\n"
		INGRESS("keys")
		"  annotations:\n"
		"    ? [a]\n"
		"    : b\n"
		"    other: [1]\n"
		"    " PREFIX "/enable-cors: \"true\"\n"
		"    bad: *nowhere\n"
		SPEC;
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "invalid-annotations"), 4);
	assert_int_equal(h_count_rule(&res.fs, "undefined-alias"), 1);
	assert_int_equal(h_only_ann(&res.fs, PREFIX "/enable-cors")->status, ST_CONVERTED);	/* the rest is analysed (the CORS credentials fix) */
	for (size_t i = 0; i < res.fs.n; i++)
		if (strcmp(res.fs.v[i].rule, "invalid-annotations") == 0 && res.fs.v[i].pos.line == 5)
			assert_contains(res.fs.v[i].message, "not a sequence");
	h_run_free(&res);
}

static void test_invalid_list(void **state)
{
	static const char text[] =
		"apiVersion: v1\nkind: List\nitems: {a: b}\n"
		"---\n"
		"apiVersion: v1\nkind: List\nitems: [1, {a: b}]\n"
		"---\n"
		"apiVersion: v1\nkind: List\nitems: []\n";
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "invalid-list"), 3);
	assert_int_equal(res.fs.v[0].pos.line, 3);
	assert_int_equal(res.fs.v[1].pos.line, 7);
	assert_int_equal(res.fs.v[1].pos.column, 9);
	assert_contains(res.fs.v[2].message, "has no 'kind' or 'apiVersion'");
	h_run_free(&res);
}

/* Regression: elements of a List that are not objects, beside ones that
 * are, vanished without a word. */
static void test_list_leftovers(void **state)
{
	static const char text[] =
		"apiVersion: v1\nkind: List\nitems:\n"
		"- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n"
		"- 42\n"
		"- {name: no-kind}\n"
		"- apiVersion: v1\n  kind: Service\n  metadata: {name: t}\n";
	struct h_run res = {0};

	(void)state;
	run_analysis(&res, text);
	assert_int_equal(h_count_rule(&res.fs, "invalid-list"), 2);
	assert_int_equal(res.fs.v[0].pos.line, 7);
	assert_int_equal(res.fs.v[1].pos.line, 8);
	assert_string_equal(res.out, text);
	h_run_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alias_across_list_items),
		cmocka_unit_test(test_list_anchor_copies),
		cmocka_unit_test(test_anchor_scope),
		cmocka_unit_test(test_lookup_merge_keys),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_merge_key_annotations),
		cmocka_unit_test(test_merge_key_sequence_and_metadata),
		cmocka_unit_test(test_list_item_aliases),
		cmocka_unit_test(test_anchored_removal_kept),
		cmocka_unit_test(test_class_not_switched),
		cmocka_unit_test(test_merged_class_overridden),
		cmocka_unit_test(test_conversion_added_instead),
		cmocka_unit_test(test_class_alias_replaced),
		cmocka_unit_test(test_duplicate_key_findings),
		cmocka_unit_test(test_invalid_annotations),
		cmocka_unit_test(test_invalid_list),
		cmocka_unit_test(test_list_leftovers),
	};

	return cmocka_run_group_tests(tests, h_rules_setup, h_rules_teardown);
}
