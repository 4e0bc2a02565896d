/* test_ctrl_config.c - unit tests for ctrl_config.h and emit_config.h:
 * the key table, value checks, which ConfigMap is the controller's, the
 * defaults and the higress-config text made from one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_config.h"
#include "harness.h"
#include "emit_config.h"
#include "index.h"
#include "stream.h"
#include "util.h"

static void test_table(void **state)
{
	size_t n;
	const struct ctrl_key *k = ctrl_keys(&n);

	(void)state;
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(k[i - 1].name, k[i].name) >= 0)
			fail_msg("'%s' comes before '%s': the table must be sorted", k[i - 1].name, k[i].name);
		assert_non_null(k[i].higress);
		assert_true(k[i].sev <= SEV_CRITICAL);
		/* ingress-nginx's own default passes the key's check */
		if (k[i].dflt && !ctrl_value_ok(&k[i], k[i].dflt))
			fail_msg("the default '%s' of '%s' fails its own check", k[i].dflt, k[i].name);
		assert_ptr_equal(ctrl_key_find(k[i].name), &k[i]);
		/* every key ending in '-snippet' is a snippet, and no other */
		size_t len = strlen(k[i].name);
		assert_int_equal(k[i].cls == CTRL_SNIPPET, len > 8 && strcmp(k[i].name + len - 8, "-snippet") == 0);
	}
	assert_null(ctrl_key_find("no-such-key"));
	assert_null(ctrl_key_find(NULL));
	assert_int_equal(ctrl_key_find("ssl-redirect")->cls, CTRL_DEFAULT);
	assert_int_equal(ctrl_key_find("use-gzip")->cls, CTRL_HIGRESS);
	assert_int_equal(ctrl_key_find("global-auth-url")->sev, SEV_CRITICAL);
}

static void test_values(void **state)
{
	const struct ctrl_key *b = ctrl_key_find("hsts"), *u = ctrl_key_find("keep-alive");
	const struct ctrl_key *s = ctrl_key_find("proxy-body-size"), *f = ctrl_key_find("otel-sampler-ratio");

	(void)state;
	assert_int_equal(ctrl_parse_bool("true"), 1);
	assert_int_equal(ctrl_parse_bool("T"), 1);
	assert_int_equal(ctrl_parse_bool("1"), 1);
	assert_int_equal(ctrl_parse_bool("False"), 0);
	assert_int_equal(ctrl_parse_bool("yes"), -1);	/* not Go's ParseBool */
	assert_int_equal(ctrl_parse_bool(""), -1);
	assert_int_equal(ctrl_parse_size("8k"), 8192);
	assert_int_equal(ctrl_parse_size("1m"), 1048576);
	assert_int_equal(ctrl_parse_size("1G"), 1073741824L);
	assert_int_equal(ctrl_parse_size("512"), 512);
	assert_int_equal(ctrl_parse_size("1.5m"), -1);
	assert_int_equal(ctrl_parse_size("m"), -1);
	assert_int_equal(ctrl_parse_size(""), -1);
	assert_int_equal(ctrl_parse_size("10 m"), -1);
	assert_true(ctrl_value_ok(b, "false"));
	assert_false(ctrl_value_ok(b, "off"));
	assert_true(ctrl_value_ok(u, "75"));
	assert_false(ctrl_value_ok(u, "-1"));
	assert_false(ctrl_value_ok(u, "75s"));
	assert_false(ctrl_value_ok(u, "1234567890"));	/* beyond what the check reads */
	assert_true(ctrl_value_ok(s, "0"));
	assert_false(ctrl_value_ok(s, "10 megabytes"));
	assert_true(ctrl_value_ok(f, "0.5"));
	assert_true(ctrl_value_ok(f, "1"));
	assert_false(ctrl_value_ok(f, "."));
	assert_false(ctrl_value_ok(f, "1e-2"));
}

static void test_wanted(void **state)
{
	static const char *const controller[] = { "ssl-redirect", "proxy-body-size" };
	static const char *const mixed[] = { "ssl-redirect", "app.properties" };
	static const char *const one[] = { "ssl-redirect" };

	(void)state;
	assert_true(ctrl_config_wanted("ingress-nginx-controller", NULL, 0, NULL));
	assert_true(ctrl_config_wanted("prod-ingress-nginx-controller", NULL, 0, NULL));
	assert_true(ctrl_config_wanted("my-nginx-ingress-controller", NULL, 0, NULL));
	assert_true(ctrl_config_wanted("nginx-configuration", NULL, 0, NULL));
	assert_true(ctrl_config_wanted("higress-config", NULL, 0, NULL));	/* to see convert's own output */
	assert_false(ctrl_config_wanted("nginx-config", NULL, 0, NULL));	/* NGINX Inc's controller */
	assert_false(ctrl_config_wanted(NULL, NULL, 0, NULL));
	assert_true(ctrl_config_wanted("tuning", controller, 2, NULL));
	assert_false(ctrl_config_wanted("tuning", mixed, 2, NULL));
	assert_false(ctrl_config_wanted("tuning", one, 1, NULL));
}

/* An index of text (the ConfigMap filter set). */
static struct index *indexed(const char *text)
{
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	FILE *in = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(in);
	index_set_configmap_filter(ix, ctrl_config_wanted, NULL);
	index_set_file(ix, "in.yaml");
	assert_int_equal(stream_run("in.yaml", in, NULL, stderr, index_object, ix, NULL), 0);
	fclose(in);
	return ix;
}

static void test_choose(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: ConfigMap\n"
		"metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\n"
		"data:\n"
		"  ssl-redirect: \"false\"\n"
		"  use-forwarded-headers: \"true\"\n"
		"  proxy-read-timeout: \"300\"\n"
		"  proxy-connect-timeout: nope\n"
		"  use-gzip: \"true\"\n"
		"  gzip-level: \"1\"\n"
		"  gzip-types: text/css text/html\n"
		"  keep-alive: \"0\"\n"
		"  upstream-keepalive-timeout: \"30\"\n"
		"  large-client-header-buffers: 4 32k\n"
		"  enable-opentelemetry: \"true\"\n"
		"  otlp-collector-host: otel.obs.svc.cluster.local\n"
		"  otlp-collector-port: \"4318\"\n"
		"  force-ssl-redirect: \"true\"\n"
		"  whitelist-source-range: 10.0.0.0/8, 192.168.1.1\n"
		"---\n"
		"apiVersion: v1\n"
		"kind: ConfigMap\n"
		"metadata: {name: app-settings}\n"
		"data: {color: blue}\n";
	struct index *ix = indexed(text);
	struct ctrl_config *cc = ctrl_config_new();
	const struct ctrl_settings *s = ctrl_config_settings(cc);
	const struct higress_values *hv;
	struct buf b = {0};

	(void)state;
	assert_false(s->found);
	assert_true(s->ssl_redirect);
	assert_null(ctrl_config_higress(cc));
	assert_null(ctrl_config_value(cc, "ssl-redirect"));
	{
		const char *file = NULL;
		size_t line = 0;
		assert_false(ctrl_config_where(cc, &file, &line));
	}
	assert_int_equal(index_nconfigmaps(ix), 1);	/* app-settings is not kept */
	assert_int_equal(ctrl_config_choose(cc, ix, false, "higress-system"), 1);
	assert_true(s->found);
	assert_false(s->ssl_redirect);
	assert_int_equal(s->read_timeout, 300);
	assert_int_equal(s->connect_timeout, 5);	/* invalid: the default stays */
	assert_string_equal(s->ip_header, "X-Forwarded-For");
	assert_true(s->force_ssl_redirect);
	assert_string_equal(s->allowlist, "10.0.0.0/8, 192.168.1.1");
	assert_string_equal(ctrl_config_who(cc), "ingress-nginx/ingress-nginx-controller");
	/* the values the checks command reads: valid ones only, with the position */
	assert_string_equal(ctrl_config_value(cc, "ssl-redirect"), "false");
	assert_null(ctrl_config_value(cc, "proxy-connect-timeout"));	/* not a number */
	assert_null(ctrl_config_value(cc, "global-auth-url"));		/* not set */
	{
		const char *file = NULL;
		size_t line = 0;
		assert_true(ctrl_config_where(cc, &file, &line));
		assert_string_equal(file, "in.yaml");
		assert_int_equal(line, 1);
	}
	hv = ctrl_config_higress(cc);
	assert_non_null(hv);
	higress_config_text(hv, &b);
	assert_string_equal(buf_cstr(&b),
			    "gzip:\n"
			    "  enable: true\n"
			    "  contentType:\n"
			    "  - text/html\n"
			    "  - text/css\n"
			    "  compressionLevel: BEST_SPEED\n"
			    "downstream:\n"
			    "  maxRequestHeadersKb: 128\n"
			    "upstream:\n"
			    "  idleTimeout: 30\n"
			    "tracing:\n"
			    "  enable: true\n"
			    "  sampling: 100\n"
			    "  timeout: 500\n"
			    "  opentelemetry:\n"
			    "    service: otel.obs.svc.cluster.local\n"
			    "    port: \"4318\"\n");
	buf_free(&b);
	higress_config_write(hv, "gw", ctrl_config_who(cc), &b);
	assert_non_null(strstr(buf_cstr(&b), "metadata:\n  name: higress-config\n  namespace: gw\ndata:\n  higress: |\n"
						"    gzip:\n      enable: true\n"));
	buf_free(&b);
	ctrl_config_free(cc);
	index_free(ix);
}

static void test_conflict_and_exists(void **state)
{
	static const char two[] =
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nginx-configuration}\ndata: {use-gzip: \"true\"}\n"
		"---\n"
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tuning}\n"
		"data: {ssl-redirect: \"false\", proxy-body-size: 8m}\n";
	static const char exists[] =
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nginx-configuration}\ndata: {use-gzip: \"true\"}\n"
		"---\n"
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: higress-config, namespace: higress-system}\n"
		"data: {higress: \"gzip: {enable: true}\"}\n";
	struct index *ix = indexed(two);
	struct ctrl_config *cc = ctrl_config_new();

	(void)state;
	assert_int_equal(ctrl_config_choose(cc, ix, false, "higress-system"), 2);
	assert_false(ctrl_config_settings(cc)->found);	/* neither is used */
	assert_true(ctrl_config_settings(cc)->ssl_redirect);
	assert_false(ctrl_config_settings(cc)->force_ssl_redirect);
	assert_null(ctrl_config_settings(cc)->allowlist);
	assert_null(ctrl_config_higress(cc));
	ctrl_config_free(cc);
	index_free(ix);

	ix = indexed(exists);
	cc = ctrl_config_new();
	assert_int_equal(ctrl_config_choose(cc, ix, false, "higress-system"), 1);
	assert_true(ctrl_config_settings(cc)->found);
	assert_null(ctrl_config_higress(cc));	/* convert's output: no second one */
	ctrl_config_free(cc);
	cc = ctrl_config_new();
	assert_int_equal(ctrl_config_choose(cc, ix, false, "elsewhere"), 1);
	assert_non_null(ctrl_config_higress(cc));
	ctrl_config_free(cc);
	index_free(ix);
}

/* Every key the controller reads (testdata/controller-configmap-keys.txt,
 * taken from ingress-nginx's config.go; its header says how) has a row,
 * so no real key is reported as unknown. */
static void test_upstream_keys(void **state)
{
	char *path = h_source_path("testdata/controller-configmap-keys.txt");
	char *text = h_read_file(path, NULL), *line, *nl;
	size_t n = 0, missing = 0;

	(void)state;
	for (line = text; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);	/* every line ends in a newline */
		*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		n++;
		if (ctrl_key_find(line) == NULL) {
			print_error("'%s' of the controller has no row in the key table\n", line);
			missing++;
		}
	}
	assert_true(n >= 190);	/* the list was read, not an empty file */
	assert_int_equal(missing, 0);
	/* removed keys are known too, so they are not called unknown */
	assert_non_null(ctrl_key_find("plugins"));
	assert_non_null(ctrl_key_find("global-rate-limit-memcached-host"));
	assert_int_equal(ctrl_key_find("plugins")->cls, CTRL_NGINX);
	free(text);
	free(path);
}

/* Every key removed from the controller since v1.0
 * (testdata/controller-configmap-removed-keys.txt: key and version) has a
 * row that says so: not unknown, nothing carried, the version named. */
static void test_removed_keys(void **state)
{
	char *path = h_source_path("testdata/controller-configmap-removed-keys.txt");
	char *text = h_read_file(path, NULL), *line, *nl;
	size_t n = 0;

	(void)state;
	for (line = text; *line; line = nl + 1) {
		const struct ctrl_key *k;
		char *ver, *want;
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		ver = strchr(line, ' ');
		assert_non_null(ver);
		*ver++ = '\0';
		n++;
		k = ctrl_key_find(line);
		if (k == NULL)
			fail_msg("removed key '%s' has no row: it would be called unknown", line);
		assert_int_equal(k->cls, CTRL_NGINX);
		want = xasprintf("removed in controller %s ", ver);
		if (strstr(k->higress, want) == NULL)
			fail_msg("the row of '%s' does not say '%s'", line, want);
		free(want);
	}
	assert_true(n >= 36);	/* OpenTracing, Jaeger, Zipkin, Datadog, GeoIP, Lua plugins, global rate limits */
	assert_non_null(strstr(ctrl_key_find("zipkin-collector-host")->higress, "'tracing.zipkin'"));
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_conflict_and_exists),
		cmocka_unit_test(test_upstream_keys),
		cmocka_unit_test(test_removed_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
