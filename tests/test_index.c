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
#include "index_scan.h"
#include "util.h"

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
	/* strings are interned: the same text, the same istr (in memory;
	 * I2H_INDEX_BUDGET=0 runs this spilled) */
	if (!index_spilled(ix))
		assert_int_equal(index_path_at(ix, x->first_path)->host, index_host_at(ix, t->first_host));
	x = index_ingress_at(ix, 1);
	assert_false(x->flags & IX_NGINX);	/* traefik */
	x = index_ingress_at(ix, 2);
	assert_true(x->flags & IX_CLASSLESS);
	assert_true(x->flags & IX_NGINX);	/* the default class is Ingress-NGINX's */
	index_free(ix);
}

/* Secrets: keys and the facts of their values as htpasswd hashes, the
 * lines of 'auth', later values replacing earlier ones, and nothing of a
 * TLS Secret's values; an Ingress's auth-secret reference. */
static void test_secret_facts(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: Secret\n"
		"metadata: {name: users, namespace: shop}\n"
		"data:\n"
		/* "alice:$apr1$a$b\n# c\ncarol:{PLAIN}pw\nzoe\n" */
		"  auth: YWxpY2U6JGFwcjEkYSRiCiMgYwpjYXJvbDp7UExBSU59cHcKem9lCg==\n"
		"  bad: 'not base64!'\n"
		"  dave: aGFzaA==\n"
		"stringData:\n"
		"  bad: $2y$05$c4\n"
		"  erin: 'has space'\n"
		"  dave: '{PLAIN}pw'\n"
		"---\n"
		"apiVersion: v1\n"
		"kind: Secret\n"
		"metadata: {name: tls}\n"
		"type: kubernetes.io/tls\n"
		"data: {tls.crt: 'not base64!'}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations: {nginx.ingress.kubernetes.io/auth-secret: ' other/users '}\n";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	const struct index_secret *s;
	const struct index_secret_key *k;
	const struct index_secret_ref *r;

	(void)state;
	assert_non_null(in);
	index_set_file(ix, "in.yaml");
	assert_int_equal(stream_run("in.yaml", in, NULL, stderr, index_object, ix, NULL), 0);
	fclose(in);
	assert_int_equal(index_nsecrets(ix), 2);
	s = index_secret_at(ix, 0);
	assert_string_equal(index_str(ix, s->ns), "shop");
	assert_string_equal(index_str(ix, s->name), "users");
	assert_int_equal(s->line, 1);
	assert_int_equal(s->flags, IXS_AUTH | IXS_V1);
	/* auth, dave (replaced by stringData's), then bad (its data value was
	 * no value: the stringData one comes after those of data), erin */
	assert_int_equal(s->nkeys, 4);
	k = index_secret_key_at(ix, s->first_key);
	assert_string_equal(index_str(ix, k[0].name), "auth");
	assert_string_equal(index_str(ix, k[1].name), "dave");
	assert_int_equal(k[1].flags, IXV_CHARS | IXV_PLAIN);
	assert_string_equal(index_str(ix, k[2].name), "bad");
	assert_int_equal(k[2].flags, IXV_CHARS);
	assert_string_equal(index_str(ix, k[3].name), "erin");
	assert_int_equal(k[3].flags, 0);	/* a blank: no hash */
	assert_int_equal(s->nusers, 3);
	k = index_secret_user_at(ix, s->first_user);
	assert_string_equal(index_str(ix, k[0].name), "alice");
	assert_int_equal(k[0].flags, IXV_CHARS);
	assert_string_equal(index_str(ix, k[1].name), "carol");
	assert_int_equal(k[1].flags, IXV_CHARS | IXV_PLAIN);
	assert_int_equal(k[2].name, 0);
	assert_int_equal(k[2].flags, IXV_NOCOLON);
	s = index_secret_at(ix, 1);
	assert_int_equal(s->flags, IXS_NO_CREDENTIALS | IXS_V1);
	assert_int_equal(s->nkeys, 1);
	assert_int_equal(index_secret_key_at(ix, s->first_key)->flags, 0);
	assert_int_equal(index_nsecret_refs(ix), 1);
	r = index_secret_ref_at(ix, 0);
	assert_string_equal(index_str(ix, r->ns), "other");
	assert_string_equal(index_str(ix, r->name), "users");
	assert_int_equal(r->ingress_ns, 0);
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

/* A stream of n Ingresses (a Service every seventh, TLS every third,
 * settings every fifth, hosts shared by pairs), as text in b. */
static void gen(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 7 == 0)
			buf_printf(b, "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-%zu, namespace: ns-%zu}\n"
				   "spec:\n  ports:\n  - {name: http, port: 80}\n  - {name: p%zu, port: %zu}\n",
				   i, i % 5, i, 1000 + i);
		buf_printf(b, "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-%zu\n"
			   "  namespace: ns-%zu\n  annotations:\n", i, i % 5);
		if (i % 5 == 0)
			buf_printf(b, "    nginx.ingress.kubernetes.io/server-alias: alias-%zu.example.com\n", i);
		buf_printf(b, "    nginx.ingress.kubernetes.io/canary: \"%s\"\nspec:\n  ingressClassName: %s\n",
			   i % 11 == 0 ? "true" : "false", i % 4 ? "nginx" : "other");
		if (i % 3 == 0)
			buf_printf(b, "  tls:\n  - hosts: [h-%zu.example.com, x-%zu.example.com]\n    secretName: tls-%zu\n",
				   i / 2, i, i);
		buf_printf(b, "  rules:\n  - host: h-%zu.example.com\n    http:\n      paths:\n", i / 2);
		for (size_t p = 0; p < 1 + i % 3; p++)
			buf_printf(b, "      - path: /p%zu/%zu\n        pathType: Prefix\n        backend:\n"
				   "          service: {name: svc-%zu, port: {number: 80}}\n", p, i, i);
	}
}

/* The index of text (mode: the scanner or the full parse) with budget,
 * finished; the caller frees it. */
static struct index *build_text(const char *text, size_t len, size_t budget, enum index_scan_mode mode)
{
	FILE *in = fmemopen((void *)text, len, "r");
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	static const char *const classes[] = { "nginx" };

	assert_non_null(in);
	index_set_budget(ix, budget);
	index_set_file(ix, "gen.yaml");
	assert_true(index_scan_input(ix, "gen.yaml", in, stderr, 0, index_object, mode) >= 0);
	fclose(in);
	index_finish(ix, classes, 1, false);
	return ix;
}

/* Over its budget the index spills to a file: the same records, the
 * same lookups, less memory. */
static void test_spill(void **state)
{
	struct buf text = {0}, a = {0}, b = {0};
	struct index *mem, *sp;
	size_t rec_m, str_m, rec_s, str_s, pos_m = 0, pos_s = 0;

	(void)state;
	gen(&text, 3000);
	for (int mode = INDEX_SCAN_AUTO; mode <= INDEX_SCAN_FULL; mode++) {
		mem = build_text(text.data, text.len, (size_t)1 << 30, (enum index_scan_mode)mode);
		sp = build_text(text.data, text.len, 64 << 10, (enum index_scan_mode)mode);
		assert_false(index_spilled(mem));
		assert_true(index_spilled(sp));
		a.len = b.len = 0;
		index_dump(mem, &a);
		index_dump(sp, &b);
		assert_true(a.len > 100000);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.data, b.data, a.len);
		index_memory(mem, &rec_m, &str_m);
		index_memory(sp, &rec_s, &str_s);
		assert_true(rec_s + str_s < rec_m + str_m);
		/* lookups over spilled records and strings */
		assert_int_equal(index_service_port(sp, "ns-1", "svc-2996", "p2996"), 3996);
		assert_int_equal(index_service_port(mem, "ns-1", "svc-2996", "p2996"), 3996);
		for (;;) {
			const struct index_ingress *x = index_next_by_host(mem, &pos_m, "H-1400.example.com");
			const struct index_ingress *y = index_next_by_host(sp, &pos_s, "H-1400.example.com");
			assert_int_equal(x == NULL, y == NULL);
			if (x == NULL)
				break;
			assert_int_equal(pos_m, pos_s);
			assert_string_equal(index_str(mem, x->name), index_str(sp, y->name));
		}
		pos_m = pos_s = 0;
		index_free(mem);
		index_free(sp);
	}
	/* twice the input, spilled: the same memory, give or take the
	 * strings read back */
	text.len = 0;
	gen(&text, 6000);
	sp = build_text(text.data, text.len, 64 << 10, INDEX_SCAN_AUTO);
	b.len = 0;
	index_dump(sp, &b);
	index_memory(sp, &rec_m, &str_m);
	assert_true(rec_m == rec_s);
	assert_true(str_m < str_s + 4096);
	index_free(sp);
	buf_free(&text);
	buf_free(&a);
	buf_free(&b);
}

/* The identity filter: every repeated namespace/name says so (in memory
 * and spilled; a missing namespace is "default"), and of the unique ones
 * few are false positives. */
static void test_identities(void **state)
{
	struct buf text = {0};
	struct index *ix;

	(void)state;
	gen(&text, 3000);
	buf_adds(&text, "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: app-7, namespace: ns-2}\n"
		 "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: app-2999, namespace: ns-4}\n"
		 "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: lone}\n"
		 "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: lone, namespace: default}\n");
	for (size_t budget = 64 << 10; budget; budget = budget == (size_t)1 << 30 ? 0 : (size_t)1 << 30) {
		size_t fp = 0;
		ix = build_text(text.data, text.len, budget, INDEX_SCAN_AUTO);
		assert_true(index_ingress_maybe_repeated(ix, "ns-1", "app-7"));	/* not built yet */
		index_identities(ix);
		assert_true(index_ingress_maybe_repeated(ix, "ns-2", "app-7"));
		assert_true(index_ingress_maybe_repeated(ix, "ns-4", "app-2999"));
		assert_true(index_ingress_maybe_repeated(ix, NULL, "lone"));
		assert_true(index_ingress_maybe_repeated(ix, "default", "lone"));
		for (size_t i = 0; i < 3000; i++) {
			char ns[32], name[32];
			snprintf(ns, sizeof(ns), "ns-%zu", i % 5);
			snprintf(name, sizeof(name), "app-%zu", i);
			fp += index_ingress_maybe_repeated(ix, ns, name);
		}
		assert_true(fp >= 2 && fp < 2 + 30);	/* app-7, app-2999 and under 1% */
		assert_false(index_ingress_maybe_repeated(ix, "ns-1", "app-7"));
		index_free(ix);
	}
	buf_free(&text);
}

/* index_service_find's table: every Service of a stream found, in memory
 * and spilled; of two with one key the later; no namespace is "default";
 * Services added after a lookup, and after a rollback, found too. */
static void test_service_table(void **state)
{
	struct buf text = {0};
	struct index *ix;
	struct index_mark m;

	(void)state;
	for (size_t i = 0; i < 3000; i++)
		buf_printf(&text, "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-%zu, namespace: ns-%zu}\n"
			   "spec: {ports: [{name: http, port: %zu}]}\n", i, i % 7, 1000 + i);
	buf_adds(&text, "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-5, namespace: ns-5}\n"
		 "spec: {ports: [{name: http, port: 5}]}\n"
		 "---\napiVersion: v1\nkind: Service\nmetadata: {name: lone}\nspec: {ports: [{name: http, port: 7}]}\n");
	for (size_t budget = 64 << 10; budget; budget = budget == (size_t)1 << 30 ? 0 : (size_t)1 << 30) {
		ix = build_text(text.data, text.len, budget, INDEX_SCAN_AUTO);
		assert_int_equal(index_spilled(ix), budget < ((size_t)1 << 30));
		for (size_t i = 0; i < 3000; i++) {
			char ns[32], name[32];
			snprintf(ns, sizeof(ns), "ns-%zu", i % 7);
			snprintf(name, sizeof(name), "svc-%zu", i);
			assert_int_equal(index_service_port(ix, ns, name, "http"), i == 5 ? 5 : (int32_t)(1000 + i));
			assert_null(index_service_find(ix, "ns-9", name));
		}
		assert_int_equal(index_service_port(ix, NULL, "lone", "http"), 7);
		assert_int_equal(index_service_port(ix, "default", "lone", "http"), 7);
		assert_null(index_service_find(ix, "ns-5", "svc-"));	/* ("ns-5", "svc-") is not ("ns-5svc-", "") */
		/* pushed after a lookup; then rolled back, and another in its place */
		index_mark(ix, &m);
		{
			struct index_service *s = index_push_service(ix);
			s->ns = index_intern(ix, "late", 4);
			s->name = index_intern(ix, "svc-1", 5);
		}
		assert_non_null(index_service_find(ix, "late", "svc-1"));
		index_rollback(ix, &m);
		assert_null(index_service_find(ix, "late", "svc-1"));
		{
			struct index_service *s = index_push_service(ix);
			s->name = index_intern(ix, "svc-1", 5);
		}
		assert_non_null(index_service_find(ix, NULL, "svc-1"));
		assert_int_equal(index_service_port(ix, "ns-1", "svc-1", "http"), 1001);
		index_free(ix);
	}
	buf_free(&text);
}

/* A Secret without apiVersion is indexed (flagged) by the scanner and by
 * the full parse alike; one with another apiVersion is not v1. */
static void test_secret_no_api(void **state)
{
	static const char text[] =
		"kind: Secret\nmetadata: {name: users, namespace: shop}\nstringData:\n  auth: \"a:$apr1$x$y\"\n"
		"---\napiVersion: v1\nkind: Secret\nmetadata: {name: other}\nstringData: {auth: \"b:$apr1$x$y\"}\n";

	(void)state;
	for (int mode = INDEX_SCAN_AUTO; mode <= INDEX_SCAN_FULL; mode++) {
		struct index *ix = build_text(text, sizeof(text) - 1, (size_t)1 << 30, (enum index_scan_mode)mode);
		const struct index_secret *s;
		assert_int_equal(index_nsecrets(ix), 2);
		s = index_secret_at(ix, 0);
		assert_string_equal(index_str(ix, s->name), "users");
		assert_int_equal(s->flags, IXS_AUTH | IXS_NO_API);
		assert_int_equal(s->nkeys, 1);
		assert_int_equal(index_secret_at(ix, 1)->flags, IXS_AUTH | IXS_V1);
		index_free(ix);
	}
}

/* Records rolled back in a spilled index are gone, and those pushed after
 * take their place. */
static void test_spill_rollback(void **state)
{
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	struct index_mark m;
	struct buf before = {0}, after = {0};

	(void)state;
	index_set_budget(ix, 0);
	for (size_t i = 0; i < 600; i++) {
		struct index_ingress *x = index_push_ingress(ix);
		struct index_path *p;
		char name[32];
		int len = snprintf(name, sizeof(name), "ing-%zu", i);
		x->name = index_intern(ix, name, (size_t)len);
		x->first_path = (uint32_t)index_npaths(ix);
		p = index_push_path(ix);
		p->path = index_intern(ix, name, (size_t)len);
		x = (struct index_ingress *)index_ingress_at(ix, index_ningresses(ix) - 1);
		x->npaths = 1;
		if (i == 299)
			index_mark(ix, &m);
		if (i == 299)
			index_dump(ix, &before);
	}
	assert_true(index_spilled(ix));
	index_rollback(ix, &m);
	assert_int_equal(index_ningresses(ix), 300);
	index_dump(ix, &after);
	assert_string_equal(buf_cstr(&before), buf_cstr(&after));
	index_push_ingress(ix)->name = index_intern(ix, "again", 5);
	assert_string_equal(index_str(ix, index_ingress_at(ix, 300)->name), "again");
	assert_string_equal(index_str(ix, index_ingress_at(ix, 7)->name), "ing-7");
	index_free(ix);
	buf_free(&before);
	buf_free(&after);
}

/* A document read on its own (the index scanner gives libyaml one it
 * cannot read) counts its lines from the input's start; a new input
 * counts from 1 again. */
static void test_line_base(void **state)
{
	static const char text[] =
		"---\n"
		"apiVersion: v1\n"
		"kind: Secret\n"
		"metadata: {name: s}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {name: web}\n";
	struct index *ix = index_new("nginx.ingress.kubernetes.io");

	(void)state;
	index_set_file(ix, "in.yaml");
	for (int pass = 0; pass < 2; pass++) {
		FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");
		assert_non_null(in);
		if (pass == 0)
			index_set_line_base(ix, 40);
		else
			index_set_file(ix, "next.yaml");
		assert_int_equal(stream_run("in.yaml", in, NULL, stderr, index_object, ix, NULL), 0);
		fclose(in);
	}
	assert_int_equal(index_nsecrets(ix), 2);
	assert_int_equal(index_secret_at(ix, 0)->line, 42);
	assert_int_equal(index_secret_at(ix, 1)->line, 2);
	assert_int_equal(index_ningresses(ix), 2);
	assert_int_equal(index_ingress_at(ix, 0)->line, 46);
	assert_int_equal(index_ingress_at(ix, 0)->col, 1);
	assert_int_equal(index_ingress_at(ix, 1)->line, 6);
	index_free(ix);
}

/* canary and use-regex are read as ingress-nginx reads them (Go's
 * strconv.ParseBool), by the scanner and the full parse alike: every true
 * spelling sets the flag; a false one, or one that is neither ("yes",
 * "on", blanks around), leaves it clear. */
static void test_bool_spellings(void **state)
{
	static const struct {
		const char *v;
		bool on;
	} sp[] = {
		{ "1", true }, { "t", true }, { "T", true }, { "TRUE", true }, { "true", true }, { "True", true },
		{ "0", false }, { "f", false }, { "F", false }, { "FALSE", false }, { "false", false },
		{ "False", false }, { "yes", false }, { "on", false }, { "tRUE", false }, { " true", false },
		{ "", false },
	};
	const size_t n = sizeof(sp) / sizeof(sp[0]);
	struct buf text = {0};

	(void)state;
	for (size_t i = 0; i < n; i++)
		buf_printf(&text, "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i%zu\n"
				  "  annotations:\n    nginx.ingress.kubernetes.io/canary: \"%s\"\n"
				  "    nginx.ingress.kubernetes.io/use-regex: '%s'\nspec:\n  ingressClassName: nginx\n",
			   i, sp[i].v, sp[i].v);
	for (int mode = INDEX_SCAN_AUTO; mode <= INDEX_SCAN_FULL; mode++) {
		struct index *ix = build_text(text.data, text.len, (size_t)1 << 30, (enum index_scan_mode)mode);
		assert_int_equal(index_ningresses(ix), n);
		for (size_t i = 0; i < n; i++) {
			const struct index_ingress *x = index_ingress_at(ix, i);
			if (((x->flags & IX_CANARY) != 0) != sp[i].on || ((x->flags & IX_USE_REGEX) != 0) != sp[i].on)
				fail_msg("mode %d, '%s': flags %#x, want %s", mode, sp[i].v, (unsigned)x->flags,
					 sp[i].on ? "canary and use-regex" : "neither");
		}
		index_free(ix);
	}
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ingress_facts),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_spill),
		cmocka_unit_test(test_spill_rollback),
		cmocka_unit_test(test_service_table),
		cmocka_unit_test(test_secret_no_api),
		cmocka_unit_test(test_identities),
		cmocka_unit_test(test_secret_facts),
		cmocka_unit_test(test_line_base),
		cmocka_unit_test(test_bool_spellings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
