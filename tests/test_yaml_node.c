/* test_yaml_node.c - unit tests for yaml_node.h: keys of a mapping (the
 * last of duplicates), scalars, merge keys and node_lookup's limits,
 * duplicate keys, aliases. The trees are read by stream_run from small
 * texts; each check runs in the callback, while the nodes live. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "yaml_node.h"

/* A check run on the first object of a text; ctx is the test's. */
typedef void (*check_fn)(struct node *obj, void *ctx);

struct first {
	const char *name;
	check_fn fn;
	void *ctx;
};

static void first_only(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct first *f = ctx;

	assert_string_equal(stream_name(st), f->name);
	if (index == 0)
		f->fn(obj, f->ctx);
}

/* Read text (named name) and run fn on its first object; fails when the
 * text does not read or holds no object. */
static void on_first(const char *name, const char *text, check_fn fn, void *ctx)
{
	struct first f = { name, fn, ctx };

	assert_int_not_equal(h_objects(name, text, first_only, &f), 0);
}

/* node_get, node_get_str, node_is, node_key ------------------------------ */

static void check_nodes(struct node *obj, void *ctx)
{
	struct node *md = node_get(obj, "metadata");
	struct node *ports = node_get(node_get(obj, "spec"), "ports");

	(void)ctx;
	assert_non_null(md);
	assert_int_equal(md->type, N_MAPPING);
	assert_false(md->flow);
	assert_int_equal(md->nkids, 4);
	assert_string_equal(node_get_str(md, "name"), "n");
	/* non-scalar values, absent keys, non-mapping containers */
	assert_null(node_get_str(md, "labels"));
	assert_non_null(node_get(md, "labels"));
	assert_null(node_get(md, "absent"));
	assert_null(node_get_str(md, "absent"));
	assert_null(node_get(NULL, "x"));
	assert_null(node_get_str(NULL, "x"));
	assert_null(node_get(ports, "x"));
	assert_null(node_get(node_get(md, "name"), "x"));
	assert_non_null(ports);
	assert_int_equal(ports->type, N_SEQUENCE);
	assert_true(ports->flow);
	assert_int_equal(ports->nkids, 2);
	assert_true(node_is(ports->kids[1], "443"));
	assert_false(node_is(ports->kids[1], "44"));
	assert_false(node_is(ports, "443"));
	assert_false(node_is(NULL, ""));
	assert_true(node_is(node_get(obj, "empty"), ""));
	assert_int_equal(node_get(obj, "empty")->len, 0);
	assert_string_equal(node_get(obj, "tagged")->tag, "tag:yaml.org,2002:str");
	assert_null(node_get(obj, "kind")->tag);
	assert_int_equal(node_get(obj, "ref")->type, N_ALIAS);
	assert_string_equal(node_get(obj, "ref")->value, "anc");
	/* a quoted key compares by its value */
	assert_string_equal(node_get_str(obj, "quoted key"), "v");
}

static void test_node_helpers(void **state)
{
	static const char text[] =
		"kind: A\n"
		"metadata:\n"
		"  name: n\n"
		"  labels: &anc {a: b}\n"
		"spec:\n"
		"  ports: [80, 443]\n"
		"empty:\n"
		"tagged: !!str 5\n"
		"ref: *anc\n"
		"\"quoted key\": v\n";

	(void)state;
	on_first("nodes.yaml", text, check_nodes, NULL);
}

/* The last of duplicate keys wins, as Kubernetes keeps it; node_key gives
 * that pair's key node. */
static void check_last_key(struct node *obj, void *ctx)
{
	struct node *k = node_key(obj, "a");

	(void)ctx;
	assert_string_equal(node_get_str(obj, "a"), "second");
	assert_non_null(k);
	assert_ptr_equal(k, obj->kids[4]);
	assert_int_equal(k->pos.line, 3);
	assert_int_equal(k->pos.column, 1);
	assert_null(node_key(obj, "absent"));
	assert_null(node_key(NULL, "a"));
	assert_null(node_key(node_get(obj, "b"), "a"));		/* a scalar is no mapping */
}

static void test_last_of_duplicates(void **state)
{
	(void)state;
	on_first("dup.yaml", "a: first\nb: x\na: second\n", check_last_key, NULL);
}

/* node_is_merge_key ------------------------------------------------------ */

static void check_merge_key_forms(struct node *obj, void *ctx)
{
	(void)ctx;
	assert_true(node_is_merge_key(obj->kids[0]));		/* << */
	assert_true(node_is_merge_key(obj->kids[2]));		/* !!merge << */
	assert_false(node_is_merge_key(obj->kids[4]));		/* '<<': quoted, a string */
	assert_false(node_is_merge_key(obj->kids[6]));		/* !!str << */
	assert_false(node_is_merge_key(obj->kids[8]));		/* <<< */
	assert_false(node_is_merge_key(obj->kids[1]));		/* a mapping */
	assert_false(node_is_merge_key(NULL));
}

static void test_merge_key_forms(void **state)
{
	static const char text[] =
		"<<: {a: 1}\n"
		"!!merge <<: {b: 2}\n"
		"'<<': c\n"
		"!!str <<: d\n"
		"<<<: e\n";

	(void)state;
	on_first("merge.yaml", text, check_merge_key_forms, NULL);
}

/* node_lookup: merge keys -------------------------------------------------- */

static void check_lookup(struct node *obj, void *ctx)
{
	struct node *m = node_get(obj, "m"), *knode, *via, *v;

	(void)ctx;
	/* written by the mapping itself: no merge key */
	v = node_lookup(m, "own", &knode, &via);
	assert_true(node_is(v, "1"));
	assert_true(node_is(knode, "own"));
	assert_null(via);
	/* the mapping's own key beats a merged one */
	assert_true(node_is(node_lookup(m, "x", NULL, NULL), "mine"));
	/* from the first merge source (a sequence: earlier source first) */
	v = node_lookup(m, "y", &knode, &via);
	assert_true(node_is(v, "from-a"));
	assert_true(node_is_merge_key(via));
	assert_ptr_equal(via, m->kids[0]);
	assert_int_equal(knode->pos.line, 1);		/* the key in base a */
	/* only the second source has z */
	assert_true(node_is(node_lookup(m, "z", NULL, NULL), "from-b"));
	/* through a merge of a merge: via is still m's merge key */
	v = node_lookup(m, "deep", NULL, &via);
	assert_true(node_is(v, "d"));
	assert_ptr_equal(via, m->kids[0]);
	/* a value that is an alias comes back resolved */
	v = node_lookup(m, "ref", NULL, NULL);
	assert_non_null(v);
	assert_int_equal(v->type, N_MAPPING);
	/* the map itself through an alias */
	assert_true(node_is(node_lookup(node_get(obj, "alias"), "own", NULL, NULL), "1"));
	/* absent: NULL, and the outputs are cleared */
	knode = via = obj;
	assert_null(node_lookup(m, "absent", &knode, &via));
	assert_null(knode);
	assert_null(via);
	assert_null(node_lookup(NULL, "own", NULL, NULL));
	assert_null(node_lookup(node_get(obj, "seq"), "own", NULL, NULL));
	/* a single merge source (not a sequence) */
	assert_true(node_is(node_lookup(node_get(obj, "single"), "y", NULL, NULL), "from-a"));
}

static void test_lookup_merge_keys(void **state)
{
	static const char text[] =
		"a: &a {y: from-a, x: base, <<: {deep: d}}\n"
		"b: &b {y: from-b, z: from-b}\n"
		"r: &r {k: v}\n"
		"m: &m\n"
		"  <<: [*a, *b]\n"
		"  own: 1\n"
		"  x: mine\n"
		"  ref: *r\n"
		"alias: *m\n"
		"seq: [own]\n"
		"single: {<<: *a}\n";

	(void)state;
	on_first("lookup.yaml", text, check_lookup, NULL);
}

/* node_lookup visits at most 4096 mappings: a key found behind 4095 of
 * them (the mapping and its merge sources), not behind 4096. */
static char *merge_behind(size_t empties)
{
	struct buf b = {0};

	buf_adds(&b, "e: &e {}\nk: &k {key: found}\nm:\n  <<: [");
	for (size_t i = 0; i < empties; i++)
		buf_adds(&b, "*e, ");
	buf_adds(&b, "*k]\n");
	buf_cstr(&b);
	return buf_detach(&b);
}

static void check_cap(struct node *obj, void *ctx)
{
	const bool *found = ctx;
	struct node *v = node_lookup(node_get(obj, "m"), "key", NULL, NULL);

	if (*found)
		assert_true(node_is(v, "found"));
	else
		assert_null(v);
}

static void test_lookup_cap(void **state)
{
	bool found = true;
	char *text = merge_behind(4094);	/* m, 4094 empties, k: 4096 visits */

	(void)state;
	on_first("cap.yaml", text, check_cap, &found);
	free(text);
	found = false;
	text = merge_behind(4095);		/* k would be the 4097th */
	on_first("cap.yaml", text, check_cap, &found);
	free(text);
}

/* A chain of anchors each merging the previous one twice: 2^40 mappings
 * to visit for an absent key without the cap; with it, NULL. */
static void check_chain(struct node *obj, void *ctx)
{
	(void)ctx;
	assert_null(node_lookup(node_get(obj, "top"), "absent", NULL, NULL));
	assert_true(node_is(node_lookup(node_get(obj, "top"), "k", NULL, NULL), "v"));
}

static void test_lookup_exponential_chain(void **state)
{
	struct buf b = {0};
	char *text;

	(void)state;
	buf_adds(&b, "a0: &a0 {k: v}\n");
	for (int i = 1; i <= 40; i++)
		buf_printf(&b, "a%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i - 1, i - 1);
	buf_adds(&b, "top: {<<: *a40}\n");
	buf_cstr(&b);
	text = buf_detach(&b);
	on_first("chain.yaml", text, check_chain, NULL);
	free(text);
}

/* Merges nest 64 levels below the mapping at most. */
static void check_depth(struct node *obj, void *ctx)
{
	(void)ctx;
	assert_true(node_is(node_lookup(node_get(obj, "a64"), "k", NULL, NULL), "v"));
	assert_null(node_lookup(node_get(obj, "a65"), "k", NULL, NULL));
}

static void test_lookup_depth(void **state)
{
	struct buf b = {0};
	char *text;

	(void)state;
	buf_adds(&b, "a0: &a0 {k: v}\n");
	for (int i = 1; i <= 65; i++)
		buf_printf(&b, "a%d: &a%d {<<: *a%d}\n", i, i, i - 1);
	buf_cstr(&b);
	text = buf_detach(&b);
	on_first("depth.yaml", text, check_depth, NULL);
	free(text);
}

/* node_dup_keys ------------------------------------------------------------ */

static void check_dups_small(struct node *obj, void *ctx)
{
	struct node *m = node_get(obj, "m");
	size_t first[6];

	(void)ctx;
	assert_int_equal(m->nkids / 2, 6);
	/* a, b, 'a' (same key), <<, <<, *kb (an alias of key b) */
	assert_int_equal(node_dup_keys(m, first), 2);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 1);
	assert_int_equal(first[2], 0);
	assert_int_equal(first[3], 3);		/* merge keys are left out */
	assert_int_equal(first[4], 4);
	assert_int_equal(first[5], 1);
	/* not a mapping: no pairs, nothing written */
	assert_int_equal(node_dup_keys(node_get(obj, "s"), first), 0);
	assert_int_equal(node_dup_keys(NULL, first), 0);
}

static void test_dup_keys_small(void **state)
{
	static const char text[] =
		"kb: &kb b\n"
		"s: [a, a]\n"
		"m:\n"
		"  a: 1\n"
		"  b: 2\n"
		"  'a': 3\n"
		"  <<: {x: 1}\n"
		"  <<: {y: 1}\n"
		"  *kb : 4\n";

	(void)state;
	on_first("dups.yaml", text, check_dups_small, NULL);
}

/* More than 8 pairs take the sorting path: the same answers. */
static void check_dups_large(struct node *obj, void *ctx)
{
	struct node *m = node_get(obj, "m");
	size_t n = m->nkids / 2, *first = xmalloc(n * sizeof(*first));

	(void)ctx;
	assert_int_equal(n, 12);
	assert_int_equal(node_dup_keys(m, first), 4);
	for (size_t p = 0; p < 8; p++)
		assert_int_equal(first[p], p);
	assert_int_equal(first[8], 0);		/* k0 again */
	assert_int_equal(first[9], 0);		/* and again: the first one, not the last */
	assert_int_equal(first[10], 7);		/* k7 */
	assert_int_equal(first[11], 2);		/* k2 through an alias */
	free(first);
}

static void test_dup_keys_large(void **state)
{
	static const char text[] =
		"m:\n"
		"  k0: 0\n  k1: 1\n  &k2 k2: 2\n  k3: 3\n  k4: 4\n  k5: 5\n  k6: 6\n  k7: 7\n"
		"  k0: a\n  k0: b\n  k7: c\n  *k2 : d\n";

	(void)state;
	on_first("dups.yaml", text, check_dups_large, NULL);
}

/* node_resolve ----------------------------------------------------------- */

static void check_resolve(struct node *obj, void *ctx)
{
	struct node *ref = node_get(obj, "ref"), *later = node_get(obj, "later");

	(void)ctx;
	assert_int_equal(ref->type, N_ALIAS);
	/* the last node anchored with the name before the alias */
	assert_true(node_is(node_resolve(NULL, ref), "second"));
	assert_ptr_equal(node_resolve(obj, ref), node_get(obj, "b"));
	assert_true(node_is(node_resolve(NULL, later), "third"));
	/* a node that is no alias comes back as it is; NULL stays NULL */
	assert_ptr_equal(node_resolve(NULL, node_get(obj, "a")), node_get(obj, "a"));
	assert_ptr_equal(node_resolve(NULL, obj), obj);
	assert_null(node_resolve(NULL, NULL));
}

static void test_resolve(void **state)
{
	static const char text[] =
		"a: &x first\n"
		"b: &x second\n"
		"ref: *x\n"
		"c: &x third\n"
		"later: *x\n";

	(void)state;
	on_first("resolve.yaml", text, check_resolve, NULL);
}

/* An alias to an anchor of an earlier List element resolves (anchors are
 * the document's; the element's nodes may be a copy that outlives the
 * element); stream_run dispatches each element as an object. */
struct list_seen {
	char *anchor;		/* the first element's anchor on its labels (owned) */
	size_t n;
	bool resolved;
};

static void check_list_alias(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct list_seen *s = ctx;
	struct node *labels = node_get(node_get(obj, "metadata"), "labels");

	(void)st;
	assert_int_equal(index, s->n);
	if (s->n++ == 0) {
		assert_non_null(labels->anchor);
		s->anchor = xstrdup(labels->anchor);
	} else {
		assert_int_equal(labels->type, N_ALIAS);
		assert_non_null(node_resolve(NULL, labels));
		assert_int_equal(node_resolve(NULL, labels)->type, N_MAPPING);
		assert_string_equal(node_resolve(NULL, labels)->anchor, s->anchor);
		assert_string_equal(node_get_str(node_resolve(NULL, labels), "app"), "web");
		s->resolved = true;
	}
}

static void test_resolve_across_list_items(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- {apiVersion: v1, kind: Service, metadata: {name: a, labels: &l {app: web}}}\n"
		"- {apiVersion: v1, kind: Service, metadata: {name: b, labels: *l}}\n";
	struct list_seen s = {0};

	(void)state;
	assert_int_equal(h_objects("list.yaml", text, check_list_alias, &s), 2);
	assert_int_equal(s.n, 2);
	assert_true(s.resolved);
	free(s.anchor);
}

/* An alias inside the node it names (recursive) does not resolve. */
static void check_recursive(struct node *obj, void *ctx)
{
	struct node *inner = node_get(node_get(obj, "a"), "self");

	(void)ctx;
	assert_int_equal(inner->type, N_ALIAS);
	assert_null(node_resolve(NULL, inner));
}

static void test_resolve_recursive(void **state)
{
	(void)state;
	on_first("rec.yaml", "a: &a {self: *a}\n", check_recursive, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_helpers),
		cmocka_unit_test(test_last_of_duplicates),
		cmocka_unit_test(test_merge_key_forms),
		cmocka_unit_test(test_lookup_merge_keys),
		cmocka_unit_test(test_lookup_cap),
		cmocka_unit_test(test_lookup_exponential_chain),
		cmocka_unit_test(test_lookup_depth),
		cmocka_unit_test(test_dup_keys_small),
		cmocka_unit_test(test_dup_keys_large),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_across_list_items),
		cmocka_unit_test(test_resolve_recursive),
	};
	return cmocka_run_group_tests_name("yaml_node", tests, NULL, NULL);
}
