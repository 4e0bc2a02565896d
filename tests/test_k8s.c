/* test_k8s.c - unit tests for k8s.h: object kind and identity read as
 * Kubernetes reads them (aliases, merge keys, wrong shapes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "k8s.h"
#include "stream.h"
#include "util.h"

/* What k8s_identity and object_kind said of each object, copied. */
struct seen {
	size_t n;
	char *text[8];		/* "api|kind|name|ns|metadata?", owned */
	int kind[8];
};

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void look(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct seen *s = ctx;
	struct k8s_id id;

	(void)st;
	assert_true(s->n < 8);
	k8s_identity(obj, &id);
	s->text[s->n] = xasprintf("%s|%s|%s|%s|%s", or_dash(id.api_version), or_dash(id.kind), or_dash(id.name),
				  or_dash(id.ns), id.metadata ? "map" : "-");
	s->kind[s->n] = (int)object_kind(obj);
	s->n++;
	assert_int_equal(index + 1, s->n);
}

/* Read text and check each object's identity against want[0..n). */
static void expect(const char *text, const char *const *want, const int *kinds, size_t n)
{
	struct seen s = {0};

	assert_int_equal(h_objects("t.yaml", text, look, &s), n);
	assert_int_equal(s.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(s.text[i], want[i]);
		assert_int_equal(s.kind[i], kinds[i]);
		free(s.text[i]);
	}
}

static void test_plain_identity(void **state)
{
	static const char *const want[] = {
		"networking.k8s.io/v1|Ingress|web|shop|map",
		"networking.k8s.io/v1|IngressClass|nginx|-|map",
		"v1|Service|svc|-|map",
	};
	static const int kinds[] = { OBJ_INGRESS, OBJ_INGRESS_CLASS, OBJ_OTHER };

	(void)state;
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\n"
	       "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n"
	       "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n",
	       want, kinds, 3);
}

static void test_identity_through_aliases_and_merges(void **state)
{
	static const char *const want[] = {
		"networking.k8s.io/v1|Ingress|web|shop|map",
		"networking.k8s.io/v1|Ingress|dup|-|map",
	};
	static const int kinds[] = { OBJ_INGRESS, OBJ_INGRESS };

	(void)state;
	/* name by a merge key, namespace by an alias; the last duplicate wins */
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
	       "x-base: &b {name: web}\nx-ns: &n shop\nmetadata:\n  <<: *b\n  namespace: *n\n"
	       "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: first\n  name: dup\n",
	       want, kinds, 2);
}

static void test_wrong_shapes(void **state)
{
	static const char *const want[] = {
		"networking.k8s.io/v1|Ingress|-|-|-",
		"-|Ingress|x|-|map",
		"extensions/v1beta1|Ingress|-|-|map",
	};
	static const int kinds[] = { OBJ_INGRESS, OBJ_OTHER, OBJ_INGRESS };

	(void)state;
	/* metadata not a mapping; no apiVersion; name not a scalar */
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: [a]\n"
	       "---\nkind: Ingress\nmetadata: {name: x}\napiVersion: {a: b}\n"
	       "---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: [x], namespace: {a: b}}\n",
	       want, kinds, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_identity),
		cmocka_unit_test(test_identity_through_aliases_and_merges),
		cmocka_unit_test(test_wrong_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
