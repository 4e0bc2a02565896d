/* test_emit_ingress_conv.c - unit tests for emit_ingress_conv.h: the
 * Higress Ingress converters on one annotation, their plan edits, the
 * CA-secret store and the names' agreement with conv_names.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conv_names.h"
#include "emit_ingress_conv.h"
#include "harness.h"

/* One annotation on an otherwise empty Ingress, converted for the Higress
 * Ingress target; every pointer in it borrows from this fixture. */
struct one {
	struct annotation an;
	struct ingress ing;
	struct conv in;
	struct hconv_env env;
	struct hconv c;
	struct plan plan;
	struct ca_store secrets;
	struct buf docs;
};

static const char *no_tls(void *ud, const struct ingress *ing, const char **host)
{
	(void)ud;
	(void)ing;
	*host = NULL;
	return NULL;
}

/* Convert 'prefix/name: value' with the row's status and severity; the
 * caller releases with done(). */
static void convert(struct one *o, const char *prefix, const char *name, const char *value, enum status status,
		    enum severity sev)
{
	memset(o, 0, sizeof(*o));
	o->an.key = xasprintf("%s/%s", prefix, name);
	o->an.value = value;
	o->ing.ann = &o->an;
	o->ing.nann = 1;
	o->ing.ns = "shop";
	o->ing.name = "web";
	conv_init(&o->in);
	(void)conv_add(&o->in, name, value);
	o->env.prefix = prefix;
	o->env.passthrough_flag = -1;
	o->env.secrets = &o->secrets;
	o->env.added_docs = &o->docs;
	o->env.earlier_tls = no_tls;
	o->c.env = &o->env;
	o->c.ing = &o->ing;
	o->c.in = &o->in;
	o->c.plan = &o->plan;
	o->c.an = &o->an;
	o->c.name = name;
	o->c.status = status;
	o->c.sev = sev;
	assert_true(hconv_run(&o->c, name));
}

static void done(struct one *o)
{
	free((char *)o->an.key);
	conv_free(&o->in);
	plan_free(&o->plan);
	ca_store_free(&o->secrets);
	buf_free(&o->docs);
	free(o->c.message);
	free(o->c.fix);
}

static void test_names_agree(void **state)
{
	struct hconv c;

	(void)state;
	assert_true(hconv_names_agree());
	memset(&c, 0, sizeof(c));
	assert_false(hconv_run(&c, "no-such-converter"));
	for (size_t i = 0; converter_names[i]; i++)
		assert_int_not_equal(converter_statuses(converter_names[i]), 0);
}

static void test_ssl_ciphers(void **state)
{
	struct one o;

	(void)state;
	convert(&o, PREFIX, "ssl-ciphers", "TLS_RSA_WITH_AES_128_CBC_SHA:HIGH AES128-SHA", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_CONVERTED);
	assert_int_equal(o.c.sev, SEV_WARNING);
	assert_int_equal(o.plan.n, 1);
	assert_int_equal(o.plan.v[0].type, ACT_REPLACE);
	assert_string_equal(o.plan.v[0].keys[0], "higress.io/ssl-cipher");
	assert_string_equal(o.plan.v[0].values[0], "AES128-SHA");
	assert_contains(o.c.message, "dropped, not a cipher suite higress accepts (Istio's list): 'HIGH'");
	done(&o);
	convert(&o, PREFIX, "ssl-ciphers", " : ", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_IGNORED);
	assert_int_equal(o.plan.n, 0);
	done(&o);
	convert(&o, PREFIX, "ssl-ciphers", "HIGH:!aNULL", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_UNSUPPORTED);
	assert_int_equal(o.plan.n, 1);
	assert_int_equal(o.plan.v[0].type, ACT_REMOVE);
	done(&o);
}

static void test_mirror_target(void **state)
{
	struct one o;

	(void)state;
	convert(&o, PREFIX, "mirror-target", "https://Svc.NS.svc:8443$request_uri", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_PARTIAL);	/* no TLS to the mirror */
	assert_int_equal(o.plan.n, 1);
	assert_string_equal(o.plan.v[0].keys[0], "higress.io/mirror-target-service");
	assert_string_equal(o.plan.v[0].values[0], "ns/svc:8443");
	done(&o);
	convert(&o, PREFIX, "mirror-target", "http://[::1]/", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.plan.v[0].npairs, 2);
	assert_string_equal(o.plan.v[0].values[0], "::1");
	assert_string_equal(o.plan.v[0].values[1], "80");
	assert_contains(o.c.fix, "McpBridge registry of type 'static'");
	done(&o);
	convert(&o, PREFIX, "mirror-target", "http://a*b", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_UNSUPPORTED);
	assert_int_equal(o.plan.v[0].type, ACT_REMOVE);
	done(&o);
}

static void test_hash_and_protocol(void **state)
{
	struct one o;

	(void)state;
	convert(&o, PREFIX, "upstream-hash-by", " $http_x_user ", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_CONVERTED);
	assert_string_equal(o.plan.v[0].values[0], "$http_x-user");
	done(&o);
	convert(&o, PREFIX, "upstream-hash-by", "$host$uri", ST_CONVERTED, SEV_INFO);
	assert_int_equal(o.c.status, ST_PARTIAL);
	assert_int_equal(o.plan.n, 0);
	done(&o);
	convert(&o, PREFIX, "backend-protocol", " grpc ", ST_PARTIAL, SEV_WARNING);
	assert_int_equal(o.c.status, ST_SUPPORTED);
	done(&o);
	convert(&o, PREFIX, "backend-protocol", "FCGI", ST_PARTIAL, SEV_WARNING);
	assert_int_equal(o.c.sev, SEV_ERROR);
	done(&o);
}

/* Under a custom prefix the kept key moves to the one Higress reads, and
 * a value set by a converter goes with it. */
static void test_move_to_prefix(void **state)
{
	struct one o;
	char *msg;

	(void)state;
	convert(&o, "example.com", "upstream-hash-by", "$http_x_user", ST_CONVERTED, SEV_INFO);
	msg = hconv_move_to_prefix(&o.c, "m");
	assert_non_null(msg);
	assert_contains(msg, "key moved to 'nginx.ingress.kubernetes.io/upstream-hash-by'");
	assert_int_equal(o.plan.n, 1);
	assert_int_equal(o.plan.v[0].type, ACT_REPLACE);
	assert_true(o.plan.v[0].moved);
	assert_string_equal(o.plan.v[0].keys[0], "nginx.ingress.kubernetes.io/upstream-hash-by");
	assert_string_equal(o.plan.v[0].values[0], "$http_x-user");
	free(msg);
	hconv_plan_remove(&o.plan, 0, "gone");
	assert_int_equal(o.plan.n, 1);
	assert_int_equal(o.plan.v[0].type, ACT_REMOVE);
	assert_false(o.plan.v[0].moved);
	assert_null(hconv_move_to_prefix(&o.c, "m"));	/* removed stays removed */
	done(&o);
	convert(&o, PREFIX, "upstream-hash-by", "$request_uri", ST_CONVERTED, SEV_INFO);
	assert_null(hconv_move_to_prefix(&o.c, "m"));	/* Higress reads this prefix */
	done(&o);
}

static void test_plan_helpers(void **state)
{
	struct plan p = {0};
	char *k;

	(void)state;
	hconv_plan_set_value(&p, 2, "a");
	hconv_plan_set_value(&p, 2, "b");	/* composed: one action */
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].values[0], "b");
	assert_ptr_equal(hconv_rewriting_action(&p, 2), &p.v[0]);
	assert_null(hconv_rewriting_action(&p, 3));
	k = hconv_add(&p, "ssl-redirect", "true", "why");
	assert_string_equal(k, "nginx.ingress.kubernetes.io/ssl-redirect");
	assert_int_equal(p.v[1].type, ACT_ADD);
	assert_string_equal(p.v[1].keys[0], k);
	free(k);
	hconv_set_class(&p, ACT_SET_CLASS, NULL, "higress", NULL);
	assert_int_equal(p.v[2].type, ACT_SET_CLASS);
	assert_null(p.v[2].keys[0]);
	assert_string_equal(p.v[2].values[0], "higress");
	plan_free(&p);
}

static void test_ca_store(void **state)
{
	struct ca_store s = {0};
	struct ca_secret *x;

	(void)state;
	assert_null(ca_store_find(&s, NULL, "ca"));
	(void)ca_store_add(&s, NULL, "ca", "PEM", true, false);
	(void)ca_store_add(&s, "shop", "ca", NULL, false, true);
	x = ca_store_find(&s, NULL, "ca");
	assert_non_null(x);
	assert_string_equal(x->ca, "PEM");
	assert_true(x->string_data);
	x = ca_store_find(&s, "shop", "ca");
	assert_non_null(x);
	assert_null(x->ca);
	assert_true(x->added);
	assert_null(ca_store_find(&s, "other", "ca"));
	ca_store_free(&s);
	assert_int_equal(s.n, 0);
	assert_null(s.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_agree),
		cmocka_unit_test(test_ssl_ciphers),
		cmocka_unit_test(test_mirror_target),
		cmocka_unit_test(test_hash_and_protocol),
		cmocka_unit_test(test_move_to_prefix),
		cmocka_unit_test(test_plan_helpers),
		cmocka_unit_test(test_ca_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
