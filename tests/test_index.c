/* test_index.c - the facts of the index pass. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "index.h"

static const char input[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: shop\n"
	"  namespace: web\n"
	"  creationTimestamp: \"2024-01-02T03:04:05Z\"\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/canary: \"true\"\n"
	"    nginx.ingress.kubernetes.io/use-regex: \"true\"\n"
	"spec:\n"
	"  ingressClassName: internal\n"
	"  tls:\n"
	"  - hosts: [shop.example.com]\n"
	"    secretName: shop-tls\n"
	"  - secretName: all\n"
	"  rules:\n"
	"  - host: shop.example.com\n"
	"    http:\n"
	"      paths:\n"
	"      - path: /a\n"
	"        pathType: Prefix\n"
	"        backend: {service: {name: web, port: {name: http}}}\n"
	"      - path: /b\n"
	"        pathType: Exact\n"
	"        backend: {service: {name: web, port: {number: 8080}}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: web, namespace: web}\n"
	"spec:\n"
	"  ports:\n"
	"  - {name: http, port: 80, protocol: TCP, appProtocol: http}\n"
	"  - {name: admin, port: 9000}\n"
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: IngressClass\n"
	"metadata:\n"
	"  name: internal\n"
	"  annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}\n"
	"spec: {controller: k8s.io/ingress-nginx}\n"
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata: {name: other}\n"
	"spec:\n"
	"  ingressClassName: traefik\n"
	"  rules: [{host: SHOP.example.com}]\n"
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata: {name: bare}\n"
	"spec: {defaultBackend: {service: {name: x, port: {number: 1}}}}\n";

/* Build the index of the input above (freed by the caller). */
static struct index *build(void)
{
	static const char *const classes[] = { "nginx" };

	return h_index(input, classes, 1);
}

static void test_ingress_facts(void **state)
{
	struct index *ix = build();
	const struct index_ingress *x;
	const struct index_path *p;
	const struct index_tls *t;

	(void)state;
	assert_int_equal(index_ningresses(ix), 3);
	x = index_ingress_at(ix, 0);
	assert_string_equal(index_str(ix, x->ns), "web");
	assert_string_equal(index_str(ix, x->name), "shop");
	assert_string_equal(index_str(ix, x->file), "in.yaml");
	assert_int_equal(x->line, 1);
	assert_int_equal(x->col, 1);
	assert_string_equal(index_str(ix, x->cls), "internal");
	assert_string_equal(index_str(ix, x->created), "2024-01-02T03:04:05Z");
	assert_true(x->flags & IX_CANARY);
	assert_true(x->flags & IX_USE_REGEX);
	assert_false(x->flags & IX_REWRITE);
	assert_true(x->flags & IX_NGINX);	/* its IngressClass is Ingress-NGINX's */
	assert_int_equal(x->npaths, 2);
	p = index_path_at(ix, x->first_path);
	assert_string_equal(index_str(ix, p->host), "shop.example.com");
	assert_string_equal(index_str(ix, p->path), "/a");
	assert_int_equal(p->path_type, IPT_PREFIX);
	assert_string_equal(index_str(ix, p->service), "web");
	assert_int_equal(p->port_number, -1);
	assert_string_equal(index_str(ix, p->port_name), "http");
	p = index_path_at(ix, x->first_path + 1);
	assert_int_equal(p->path_type, IPT_EXACT);
	assert_int_equal(p->port_number, 8080);
	assert_int_equal(x->ntls, 2);
	t = index_tls_at(ix, x->first_tls);
	assert_string_equal(index_str(ix, t->secret), "shop-tls");
	assert_int_equal(t->nhosts, 1);
	assert_string_equal(index_str(ix, index_host_at(ix, t->first_host)), "shop.example.com");
	assert_int_equal(index_tls_at(ix, x->first_tls + 1)->nhosts, 0);
	/* strings are interned: the same text, the same istr */
	assert_int_equal(index_path_at(ix, x->first_path)->host, index_host_at(ix, t->first_host));
	x = index_ingress_at(ix, 1);
	assert_false(x->flags & IX_NGINX);	/* traefik */
	x = index_ingress_at(ix, 2);
	assert_true(x->flags & IX_CLASSLESS);
	assert_true(x->flags & IX_NGINX);	/* the default class is Ingress-NGINX's */
	index_free(ix);
}

static void test_lookups(void **state)
{
	struct index *ix = build();
	size_t pos = 0, n = 0;

	(void)state;
	assert_int_equal(index_nclasses(ix), 1);
	assert_true(index_class_at(ix, 0)->is_default);
	assert_int_equal(index_nservices(ix), 1);
	assert_int_equal(index_service_port(ix, "web", "web", "http"), 80);
	assert_int_equal(index_service_port(ix, "web", "web", "admin"), 9000);
	assert_int_equal(index_service_port(ix, "web", "web", "nope"), -1);
	assert_int_equal(index_service_port(ix, "default", "web", "http"), -1);
	assert_null(index_service_find(ix, NULL, "web"));
	assert_string_equal(index_str(ix, index_port_at(ix, index_service_find(ix, "web", "web")->first_port)->app_protocol),
			    "http");
	while (index_next_by_host(ix, &pos, "shop.EXAMPLE.com"))
		n++;
	assert_int_equal(n, 2);	/* case-insensitive */
	index_free(ix);
}

static void test_memory(void **state)
{
	struct index *ix = build();
	size_t rec, str;

	(void)state;
	index_memory(ix, &rec, &str);
	assert_true(str > strlen("shop.example.com"));
	assert_true(rec > 3 * sizeof(struct index_ingress));
	assert_true(sizeof(struct index_ingress) <= 64);
	index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ingress_facts),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
