/* test_plugins.c - unit tests for emit_plugins.h, end to end: stream_run
 * with analyze_object and the plugin emitter, the emitted documents parsed
 * again and checked against the WasmPlugin CRD's fields and each plugin's
 * config fields (../shared/reference/higress-plugins.md §1.1, §2.1, §2.3,
 * §2.7; nginx-rewrite-compatible from its pkg/config.go at higress-group/
 * higress 8e4041c9), and every output and report format searched for a
 * plaintext password. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "emit_plugins.h"
#include "harness.h"
#include "report.h"
#include "util.h"

#define SENTINEL "PLAINTEXT-SENTINEL"

/* htpasswd lines: apr1, bcrypt, {PLAIN} (refused), as the 'auth' key of
 * an auth-file Secret (base64 of the three lines). */
#define AUTH_FILE_B64                                                                                             \
	"YWxpY2U6JGFwcjEkRVhmQk4xYkYkbnV5d1NGVG5QVGNxYkg1ejR4NklHLwpib2I6JDJ5JDA1JGM0V29NUG8zU1hzYWZrdmEuSEhhNnVYUVpX" \
	"cjdvYm9QaUMyYlQvcjdxMUJCOEkyczBCUnFDCmNhcm9sOntQTEFJTn1QTEFJTlRFWFQtU0VOVElORUwK"

static const char input[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: web\n"
	"  namespace: shop\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/auth-type: basic\n"
	"    nginx.ingress.kubernetes.io/auth-secret: htpasswd\n"
	"    nginx.ingress.kubernetes.io/auth-realm: Shop\n"
	"    nginx.ingress.kubernetes.io/denylist-source-range: 10.0.0.0/8,2001:db8::/32\n"
	"    nginx.ingress.kubernetes.io/auth-url: http://auth.sso.svc:8080/verify\n"
	"    nginx.ingress.kubernetes.io/auth-response-headers: X-User, X-Email\n"
	"    nginx.ingress.kubernetes.io/limit-rps: '5'\n"
	"    nginx.ingress.kubernetes.io/limit-rpm: '100'\n"
	"    nginx.ingress.kubernetes.io/limit-allowlist: 10.1.0.0/16\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: admin\n"
	"  namespace: higress-system\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/auth-type: basic\n"
	"    nginx.ingress.kubernetes.io/auth-secret: shop/users\n"
	"    nginx.ingress.kubernetes.io/auth-secret-type: auth-map\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata:\n"
	"  name: htpasswd\n"
	"  namespace: shop\n"
	"data:\n"
	"  auth: " AUTH_FILE_B64 "\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata:\n"
	"  name: users\n"
	"  namespace: shop\n"
	"stringData:\n"
	"  dave: $apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/\n"
	"  erin: '{PLAIN}" SENTINEL "'\n";

static void finish_plugins(const struct analyze_options *opt, struct buf *b)
{
	plugins_finish(opt->plugins, b);
}

/* Analyse text with the plugin emitter: the findings in r->fs, what
 * plugins_finish wrote in r->finish (owned by r: h_run_free). */
static void run_to(struct h_run *r, const char *text, bool inline_credentials, bool gateway)
{
	struct plugins_options po = { PLUGINS_DEFAULT_NS, PLUGINS_DEFAULT_REGISTRY, inline_credentials,
				      "redis.cache.svc.cluster.local:6380", gateway, NULL };
	struct analyze_options opt;

	memset(r, 0, sizeof(*r));
	h_default_options(&opt);
	opt.plugins = plugins_new(&po, &r->fs);
	h_analyze(r, &opt, text, 0, finish_plugins);
	assert_int_equal(r->rc, 0);
	plugins_free(opt.plugins);
}

/* plugins_finish_to into a temporary file, read back into b; the count
 * it returned must be what the file holds. */
static void finish_file(const struct analyze_options *opt, struct buf *b)
{
	FILE *f = tmpfile();
	char chunk[4096];
	size_t n;
	long wrote;

	assert_non_null(f);
	wrote = plugins_finish_to(opt->plugins, f);
	rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	assert_int_equal(wrote, (long)b->len);
}

static long dry_count;

/* plugins_finish_to with no file: its count only. */
static void finish_dry(const struct analyze_options *opt, struct buf *b)
{
	(void)b;
	dry_count = plugins_finish_to(opt->plugins, NULL);
}

/* As run_to, with finish as the finish step. */
static void run_with(struct h_run *r, const char *text, void (*finish)(const struct analyze_options *, struct buf *))
{
	struct plugins_options po = { PLUGINS_DEFAULT_NS, PLUGINS_DEFAULT_REGISTRY, false,
				      "redis.cache.svc.cluster.local:6380", false, NULL };
	struct analyze_options opt;

	memset(r, 0, sizeof(*r));
	h_default_options(&opt);
	opt.plugins = plugins_new(&po, &r->fs);
	h_analyze(r, &opt, text, 0, finish);
	assert_int_equal(r->rc, 0);
	plugins_free(opt.plugins);
}

static void run(struct h_run *r, const char *text, bool inline_credentials)
{
	run_to(r, text, inline_credentials, false);
}

/* Is the scalar key of mapping m one of names[]? */
static bool one_of(const char *key, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(key, *names) == 0)
			return true;
	return false;
}

/* Fail unless every key of mapping m is in names[]. */
static void keys_within(const struct node *m, const char *const *names, const char *where)
{
	assert_non_null(m);
	assert_int_equal(m->type, N_MAPPING);
	for (size_t i = 0; i + 1 < m->nkids; i += 2)
		if (!one_of(m->kids[i]->value, names))
			fail_msg("%s: field '%s' is not in the schema", where, m->kids[i]->value);
}

static const char *const crd_spec[] = {
	"url", "sha256", "imagePullPolicy", "imagePullSecret", "verificationKey", "pluginName", "phase",
	"priority", "failStrategy", "vmConfig", "defaultConfig", "matchRules", "defaultConfigDisable", NULL,
};
static const char *const crd_rule[] = { "ingress", "domain", "service", "config", "configDisable", "routeType", NULL };
static const char *const phases[] = { "UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS", NULL };
static const char *const basic_auth[] = { "consumers", "credentials", "encrypted", "realm", "allow", NULL };
static const char *const consumer[] = { "name", "credential", NULL };
static const char *const ip_restriction[] = { "ip_source_type", "ip_header_name", "allow", "deny", "status",
					      "message", NULL };
static const char *const transformer[] = { "reroute", "reqRules", "respRules", NULL };
static const char *const tr_rule[] = { "operate", "mapSource", "headers", "querys", "body", NULL };
static const char *const ext_auth[] = { "http_service", "match_type", "match_list", "failure_mode_allow",
					"failure_mode_allow_header_add", "status_on_error", NULL };
static const char *const http_service[] = { "endpoint_mode", "endpoint", "timeout", "authorization_request",
					    "authorization_response", NULL };
static const char *const endpoint[] = { "service_name", "service_port", "service_host", "path_prefix", "path",
					"request_method", NULL };
static const char *const auth_request[] = { "allowed_headers", "headers_to_add", "with_request_body",
					    "max_request_body_bytes", "allowed_properties", NULL };
static const char *const auth_response[] = { "allowed_upstream_headers", "allowed_client_headers", NULL };
static const char *const rate_limit[] = { "rule_name", "global_threshold", "rule_items", "show_limit_quota_header",
					  "rejected_code", "rejected_msg", "redis", NULL };
static const char *const rate_item[] = { "limit_by_header", "limit_by_param", "limit_by_cookie", "limit_by_consumer",
					 "limit_by_per_header", "limit_by_per_param", "limit_by_per_cookie",
					 "limit_by_per_consumer", "limit_by_per_ip", "limit_keys", NULL };
static const char *const limit_key[] = { "key", "query_per_second", "query_per_minute", "query_per_hour",
					 "query_per_day", NULL };
static const char *const redis[] = { "service_name", "service_port", "username", "password", "timeout", "database",
				     NULL };
/* nginx-rewrite-compatible pkg/config.go parseRule: the fields it reads */
static const char *const rewrite_config[] = { "rules", NULL };
static const char *const rewrite_rule[] = { "regex", "replacement", "query_append", "query_template", "set_vars",
					    "pass_to_upstream", "mode", NULL };
static const char *const rewrite_modes[] = { "break", "last", NULL };
static const char *const matcher[] = { "exact", "prefix", "suffix", "contains", "regex", NULL };

/* A sequence of StringMatchers. */
static void check_matchers(const struct node *seq)
{
	assert_non_null(seq);
	assert_int_equal(seq->type, N_SEQUENCE);
	for (size_t i = 0; i < seq->nkids; i++)
		keys_within(seq->kids[i], matcher, "StringMatcher");
}

/* The config of one matchRule of WasmPlugin name. */
static void check_config(const char *name, const struct node *c)
{
	if (strcmp(name, "ingress2higress-basic-auth") == 0) {
		const struct node *cons = node_get(c, "consumers");
		keys_within(c, basic_auth, name);
		assert_true(node_is(node_get(c, "encrypted"), "true"));
		assert_null(node_get(c, "global_auth"));	/* top level only, and never with rule-local consumers */
		assert_non_null(cons);
		assert_int_equal(cons->type, N_SEQUENCE);
		assert_true(cons->nkids > 0);
		for (size_t i = 0; i < cons->nkids; i++) {
			const char *cred = node_get_str(cons->kids[i], "credential");
			keys_within(cons->kids[i], consumer, "consumer");
			assert_non_null(node_get_str(cons->kids[i], "name"));
			assert_non_null(cred);
			assert_non_null(strchr(cred, ':'));	/* encrypted: 'user:hash' */
		}
	} else if (strcmp(name, "ingress2higress-ip-restriction") == 0) {
		keys_within(c, ip_restriction, name);
		assert_false(node_get(c, "allow") && node_get(c, "deny"));	/* both: a config error */
		assert_true(node_is(node_get(c, "ip_source_type"), "origin-source") ||
			    node_is(node_get(c, "ip_source_type"), "header"));
	} else if (strcmp(name, "ingress2higress-transformer") == 0) {
		const struct node *rr = node_get(c, "reqRules");
		keys_within(c, transformer, name);
		assert_non_null(rr);
		for (size_t i = 0; i < rr->nkids; i++)
			keys_within(rr->kids[i], tr_rule, "reqRules");
	} else if (strcmp(name, "ingress2higress-ext-auth") == 0) {
		const struct node *hs = node_get(c, "http_service"), *ep = node_get(hs, "endpoint");
		const struct node *rq = node_get(hs, "authorization_request"), *rs = node_get(hs, "authorization_response");
		keys_within(c, ext_auth, name);
		keys_within(hs, http_service, "http_service");
		keys_within(ep, endpoint, "endpoint");
		assert_true(node_is(node_get(hs, "endpoint_mode"), "forward_auth"));
		assert_non_null(node_get_str(ep, "path"));	/* required in forward_auth mode */
		assert_non_null(strstr(node_get_str(ep, "service_name"), ".svc.cluster.local"));
		if (rq) {
			keys_within(rq, auth_request, "authorization_request");
			check_matchers(node_get(rq, "allowed_headers"));
		}
		if (rs) {
			keys_within(rs, auth_response, "authorization_response");
			check_matchers(node_get(rs, "allowed_upstream_headers"));
		}
	} else if (strcmp(name, "ingress2higress-cluster-key-rate-limit") == 0) {
		const struct node *items = node_get(c, "rule_items");
		keys_within(c, rate_limit, name);
		keys_within(node_get(c, "redis"), redis, "redis");
		assert_non_null(node_get_str(c, "rule_name"));
		assert_non_null(node_get_str(node_get(c, "redis"), "service_name"));
		assert_non_null(items);
		assert_true(items->nkids > 0 && items->nkids <= 10);
		for (size_t i = 0; i < items->nkids; i++) {
			const struct node *keys = node_get(items->kids[i], "limit_keys");
			keys_within(items->kids[i], rate_item, "rule_items[]");
			assert_non_null(keys);
			assert_true(keys->nkids > 0);
			for (size_t k = 0; k < keys->nkids; k++) {
				keys_within(keys->kids[k], limit_key, "limit_keys[]");
				assert_true(keys->kids[k]->nkids == 4);	/* the key and one threshold */
			}
		}
	} else if (strcmp(name, "ingress2higress-nginx-rewrite-compatible") == 0) {
		const struct node *rl = node_get(c, "rules");
		keys_within(c, rewrite_config, name);
		assert_non_null(rl);	/* "rules must be a non-empty array" */
		assert_int_equal(rl->type, N_SEQUENCE);
		assert_true(rl->nkids > 0);
		for (size_t i = 0; i < rl->nkids; i++) {
			const struct node *r = rl->kids[i];
			const char *mode = node_get_str(r, "mode");
			keys_within(r, rewrite_rule, "rules[]");
			assert_non_null(node_get_str(r, "regex"));	/* "regex is required" */
			assert_true(*node_get_str(r, "regex"));
			assert_non_null(node_get_str(r, "replacement"));	/* "replacement is required" */
			assert_true(*node_get_str(r, "replacement"));
			/* "query_append and query_template cannot be used together" */
			assert_false(node_get(r, "query_append") && node_get(r, "query_template"));
			assert_true(mode == NULL || one_of(mode, rewrite_modes));
		}
	} else {
		fail_msg("unexpected WasmPlugin '%s'", name);
	}
}

struct seen {
	size_t plugins, secrets;
	struct buf routes;	/* "plugin route\n" */
};

static int check_object(void *ud, struct stream *st, struct node *obj)
{
	static const char *const top[] = { "apiVersion", "kind", "metadata", "spec", NULL };
	static const char *const meta[] = { "name", "namespace", NULL };
	struct seen *s = ud;
	const struct node *spec = node_get(obj, "spec"), *md = node_get(obj, "metadata"), *mr;
	const char *name;

	(void)st;
	if (node_is(node_get(obj, "kind"), "Secret")) {
		s->secrets++;
		return 0;
	}
	s->plugins++;
	assert_true(node_is(node_get(obj, "apiVersion"), "extensions.higress.io/v1alpha1"));
	assert_true(node_is(node_get(obj, "kind"), "WasmPlugin"));
	keys_within(obj, top, "object");
	keys_within(md, meta, "metadata");
	assert_true(node_is(node_get(md, "namespace"), "higress-system"));
	name = node_get_str(md, "name");
	assert_non_null(name);
	keys_within(spec, crd_spec, "spec");
	assert_null(node_get(spec, "pluginConfig"));	/* it would override matchRules */
	assert_true(one_of(node_get_str(spec, "phase"), phases));
	assert_non_null(node_get_str(spec, "priority"));
	assert_true(strtol(node_get_str(spec, "priority"), NULL, 10) > 0);
	assert_true(node_is(node_get(spec, "defaultConfigDisable"), "true"));
	assert_true(str_has_prefix(node_get_str(spec, "url"), "oci://"));
	mr = node_get(spec, "matchRules");
	assert_non_null(mr);
	assert_int_equal(mr->type, N_SEQUENCE);
	for (size_t i = 0; i < mr->nkids; i++) {
		const struct node *ing = node_get(mr->kids[i], "ingress");
		keys_within(mr->kids[i], crd_rule, "matchRules[]");
		assert_non_null(ing);	/* a rule without a match condition invalidates the plugin */
		assert_int_equal(ing->type, N_SEQUENCE);
		assert_true(ing->nkids >= 1);
		for (size_t k = 0; k < ing->nkids; k++)
			buf_printf(&s->routes, "%s %s%s\n", name, k ? "+" : "", ing->kids[k]->value);
		check_config(name, node_get(mr->kids[i], "config"));
	}
	return 0;
}

static void parse(struct seen *s, const char *text)
{
	struct h_run r = {0};

	memset(s, 0, sizeof(*s));
	h_stream(&r, "plugins.yaml", text, strlen(text), check_object, s, 0);
	assert_int_equal(r.rc, 0);
	buf_cstr(&s->routes);
	h_run_free(&r);
}

static void test_crd_fields(void **state)
{
	struct h_run r;
	struct seen s;

	(void)state;
	run(&r, input, false);
	parse(&s, r.finish.data);
	assert_int_equal(s.plugins, 5);
	assert_int_equal(s.secrets, 1);	/* the auth-map form of 'htpasswd' */
	/* sorted by route; the Ingress in the Higress namespace by its bare name */
	assert_string_equal(s.routes.data, "ingress2higress-basic-auth admin\n"
					   "ingress2higress-basic-auth shop/web\n"
					   "ingress2higress-transformer admin\n"
					   "ingress2higress-transformer shop/web\n"
					   "ingress2higress-ext-auth shop/web\n"
					   "ingress2higress-ip-restriction shop/web\n"
					   "ingress2higress-cluster-key-rate-limit shop/web\n");
	assert_non_null(strstr(r.finish.data, "service_port: 6380\n"));
	assert_non_null(strstr(r.finish.data, "service_name: auth.sso.svc.cluster.local\n"));
	assert_non_null(strstr(r.finish.data, "alice:${secret.shop/htpasswd-auth-map.alice}"));
	assert_non_null(strstr(r.finish.data, "dave:${secret.shop/users.dave}"));
	assert_non_null(strstr(r.finish.data, "realm: \"\\\"Shop\\\"\""));
	/* 'admin' has no auth-realm: nginx's empty realm, not 'MSE Gateway' */
	assert_non_null(strstr(r.finish.data, "realm: \"\\\"\\\"\""));
	assert_null(strstr(r.finish.data, "carol"));
	assert_null(strstr(r.finish.data, "erin"));
	buf_free(&s.routes);
	h_run_free(&r);
}

static void test_inline(void **state)
{
	struct h_run r;
	struct seen s;

	(void)state;
	run(&r, input, true);
	parse(&s, r.finish.data);
	assert_int_equal(s.secrets, 0);
	assert_non_null(strstr(r.finish.data, "alice:$apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/"));
	assert_null(strstr(r.finish.data, "${secret."));
	buf_free(&s.routes);
	h_run_free(&r);
}

/* The plaintext password reaches neither the documents nor any report
 * format, nor any finding's text. */
static void test_no_plaintext(void **state)
{
	struct report_summary sum = { .target = "ingress", .files = 1 };
	struct h_run r;
	size_t refused = 0, read = 0;

	(void)state;
	for (int inl = 0; inl < 2; inl++) {
		run(&r, input, inl);
		assert_null(strstr(r.finish.data, SENTINEL));
		assert_null(strstr(r.finish.data, "{PLAIN}"));
		for (int fmt = 0; fmt < RF__COUNT; fmt++) {
			struct h_capture c;
			char *text;

			h_capture_open(&c);
			assert_int_equal(report_write(c.fp, (enum report_format)fmt, &r.fs, &sum, false), 0);
			text = h_capture_close(&c);
			assert_null(strstr(text, SENTINEL));
			assert_null(strstr(text, "hunter"));
			free(text);
		}
		for (size_t i = 0; i < r.fs.n; i++) {
			const struct finding *f = &r.fs.v[i];
			assert_null(strstr(f->message, SENTINEL));
			assert_null(strstr(f->message, "$apr1$"));
			refused += strcmp(f->rule, "plugin-user-refused") == 0;
			read += strcmp(f->rule, "plugin-secret-read") == 0;
		}
		h_run_free(&r);
	}
	assert_int_equal(refused, 4);	/* carol and erin, each run */
	assert_int_equal(read, 4);	/* both Secrets named as read, each run */
}

/* Without the Secret: no plugin at all (never one that lets everyone in),
 * and an error naming the kubectl command. */
static void test_secret_missing(void **state)
{
	static const char text[] = "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: web\n"
				   "  namespace: shop\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/auth-type: basic\n"
				   "    nginx.ingress.kubernetes.io/auth-secret: gone\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n";
	struct h_run r;
	bool found = false;

	(void)state;
	run(&r, text, false);
	assert_int_equal(r.finish.len, 0);
	for (size_t i = 0; i < r.fs.n; i++) {
		const struct finding *f = &r.fs.v[i];
		if (strcmp(f->rule, "plugin-secret-missing") == 0) {
			found = true;
			assert_int_equal(f->severity, SEV_ERROR);
			assert_non_null(strstr(f->fix, "kubectl get secret -n shop gone -o yaml"));
		}
		if (f->annotation)
			assert_int_equal(f->status, ST_UNSUPPORTED);	/* still the rule table's */
	}
	assert_true(found);
	h_run_free(&r);
}

/* Values ingress-nginx refuses (an injection attempt in 'auth-method', a
 * line break in a path) write no ext-auth rule. */
static void test_ext_auth_refused(void **state)
{
	static const char text[] = "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: a\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/auth-url: http://auth.sso.svc/check\n"
				   "    nginx.ingress.kubernetes.io/auth-method: 'GET; proxy_pass http://evil'\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n"
				   "---\n"
				   "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: b\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/auth-url: \"http://auth.sso.svc/c\\nheck\"\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n";
	struct h_run r;
	size_t refused = 0;

	(void)state;
	run(&r, text, false);
	assert_int_equal(r.finish.len, 0);
	for (size_t i = 0; i < r.fs.n; i++)
		refused += strcmp(r.fs.v[i].rule, "plugin-auth-url") == 0;
	assert_int_equal(refused, 2);
	h_run_free(&r);
}

/* The finding of rule id rule (and annotation ann, NULL for an
 * object-level one) of Ingress name, or NULL. */
static const struct finding *find(const struct h_run *r, const char *name, const char *rule, const char *ann,
				  size_t nth)
{
	for (size_t i = 0; i < r->fs.n; i++) {
		const struct finding *f = &r->fs.v[i];
		if (f->name && strcmp(f->name, name) == 0 && strcmp(f->rule, rule) == 0 &&
		    (ann ? f->annotation && strcmp(f->annotation, ann) == 0 : f->annotation == NULL) && nth-- == 0)
			return f;
	}
	return NULL;
}

static const char rewrite_input[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: legacy\n"
	"  namespace: shop\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
	"      rewrite ^/old/(.*)$ /new/$1 break;\n"
	"      rewrite /p/([0-9]+) /q/$1x?id=$1;\n"
	"      proxy_http_version 1.1;\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"---\n"
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: var\n"
	"  namespace: shop\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/configuration-snippet: 'rewrite ^/(.*) /$host/$1 break;'\n"
	"spec:\n"
	"  ingressClassName: nginx\n";

/* configuration-snippet rewrites: one rule each, in order, in the fields
 * the plugin reads; the findings name the plugin; what the plugin cannot
 * express (an nginx variable) stays an error and says why. */
static void test_rewrite_snippet(void **state)
{
	struct h_run r;
	struct seen s;
	const struct finding *f;

	(void)state;
	run(&r, rewrite_input, false);
	parse(&s, r.finish.data);
	assert_int_equal(s.plugins, 1);
	assert_string_equal(s.routes.data, "ingress2higress-nginx-rewrite-compatible shop/legacy\n");
	assert_non_null(strstr(r.finish.data, "/plugins/nginx-rewrite-compatible:1.0.0\n"));
	assert_non_null(strstr(r.finish.data, "phase: UNSPECIFIED_PHASE\n  priority: 100\n"));
	assert_non_null(strstr(r.finish.data, "- regex: ^/old/(.*)$\n        replacement: \"/new/${1}\"\n"
					       "        mode: break\n"));
	/* unanchored: matched leftmost, the whole path replaced; '$1x' is group 1 then 'x' */
	assert_non_null(strstr(r.finish.data, "- regex: \"^(?s:.*?)/p/([0-9]+)(?s:.*)\"\n"
					       "        replacement: \"/q/${1}x\"\n"
					       "        query_append: \"id=${1}\"\n        mode: last\n"));
	f = find(&r, "legacy", "configuration-snippet", PREFIX "/configuration-snippet", 0);
	assert_non_null(f);
	assert_int_equal(f->status, ST_PARTIAL);
	assert_non_null(strstr(f->message, "ingress2higress-nginx-rewrite-compatible"));
	assert_non_null(strstr(f->message, "nginx puts them first"));
	f = find(&r, "legacy", "snippet-directive-unsupported", NULL, 0);
	assert_non_null(f);
	assert_int_equal(f->status, ST_CONVERTED);
	assert_non_null(strstr(f->message, "rule 1 of WasmPlugin"));
	f = find(&r, "var", "snippet-directive-unsupported", NULL, 0);
	assert_non_null(f);
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_non_null(strstr(f->message, "nginx variable"));
	buf_free(&s.routes);
	h_run_free(&r);
}

/* --to gateway: a capture-group rewrite-target becomes one rule per path,
 * longest first, as nginx's 'rewrite "(?i)PATH" TARGET break'. */
static void test_rewrite_target(void **state)
{
	static const char text[] = "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: api\n"
				   "  namespace: shop\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/rewrite-target: /v2/$2/$1\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n"
				   "  rules:\n"
				   "  - http:\n"
				   "      paths:\n"
				   "      - path: /a/(x|y)/(.*)\n"
				   "        pathType: ImplementationSpecific\n"
				   "        backend: {service: {name: a, port: {number: 80}}}\n"
				   "      - path: /long/([0-9]+)/(.*)\n"
				   "        pathType: ImplementationSpecific\n"
				   "        backend: {service: {name: b, port: {number: 80}}}\n";
	struct h_run r;
	struct seen s;
	const char *a, *b;

	(void)state;
	run_to(&r, text, false, false);
	assert_int_equal(r.finish.len, 0);	/* --to ingress: Higress rewrites natively */
	h_run_free(&r);
	run_to(&r, text, false, true);
	parse(&s, r.finish.data);
	assert_int_equal(s.plugins, 1);
	a = strstr(r.finish.data, "regex: \"(?i)^/long/([0-9]+)/(.*)(?s:.*)\"\n");
	b = strstr(r.finish.data, "regex: (?i)^/a/(x|y)/(.*)(?s:.*)\n");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	assert_non_null(strstr(r.finish.data, "replacement: \"/v2/${2}/${1}\"\n"));
	buf_free(&s.routes);
	h_run_free(&r);
}

/* A header canary's route joins the primary's rules (--to ingress); its
 * own covered annotations are ignored, as nginx ignores them. */
static void test_canary(void **state)
{
	static const char text[] = "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: web\n"
				   "  namespace: shop\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/denylist-source-range: 10.0.0.0/8\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n"
				   "  rules:\n"
				   "  - host: a.example.com\n"
				   "    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: w, port: {number: 80}}}}]}\n"
				   "---\n"
				   "apiVersion: networking.k8s.io/v1\n"
				   "kind: Ingress\n"
				   "metadata:\n"
				   "  name: web-canary\n"
				   "  namespace: shop\n"
				   "  annotations:\n"
				   "    nginx.ingress.kubernetes.io/canary: 'true'\n"
				   "    nginx.ingress.kubernetes.io/canary-by-cookie: beta\n"
				   "    nginx.ingress.kubernetes.io/denylist-source-range: 192.168.0.0/16\n"
				   "spec:\n"
				   "  ingressClassName: nginx\n"
				   "  rules:\n"
				   "  - host: a.example.com\n"
				   "    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: v, port: {number: 80}}}}]}\n";
	struct h_run r;
	struct seen s;
	const struct finding *f;

	(void)state;
	for (int gw = 0; gw < 2; gw++) {
		run_to(&r, text, false, gw);
		parse(&s, r.finish.data);
		/* Gateway: the primary's HTTPRoute carries the canary's matches */
		assert_string_equal(s.routes.data, gw ? "ingress2higress-ip-restriction shop/web\n"
						      : "ingress2higress-ip-restriction shop/web\n"
							"ingress2higress-ip-restriction +shop/web-canary\n");
		assert_null(strstr(r.finish.data, "192.168.0.0/16"));
		f = find(&r, "web-canary", "denylist-source-range", PREFIX "/denylist-source-range", 0);
		assert_non_null(f);
		assert_int_equal(f->status, ST_IGNORED);
		assert_true((find(&r, "web", "plugin-canary", NULL, 0) != NULL) == !gw);
		buf_free(&s.routes);
		h_run_free(&r);
	}
}

/* 'a.b' and 'a-b' would derive the same auth-map Secret name: the dotted
 * one gets a suffix, whatever the input order. */
static void test_secret_collision(void **state)
{
	static const char ing[] = "apiVersion: networking.k8s.io/v1\n"
				  "kind: Ingress\n"
				  "metadata:\n"
				  "  name: %s\n"
				  "  namespace: shop\n"
				  "  annotations:\n"
				  "    nginx.ingress.kubernetes.io/auth-type: basic\n"
				  "    nginx.ingress.kubernetes.io/auth-secret: %s\n"
				  "spec:\n"
				  "  ingressClassName: nginx\n"
				  "---\n";
	static const char sec[] = "apiVersion: v1\n"
				  "kind: Secret\n"
				  "metadata:\n"
				  "  name: %s\n"
				  "  namespace: shop\n"
				  "stringData:\n"
				  "  auth: 'alice:$apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/'\n"
				  "---\n";
	char *first = NULL;

	(void)state;
	for (int order = 0; order < 2; order++) {
		struct buf in = {0};
		struct h_run r;
		struct seen s;
		const char *a, *b;
		buf_printf(&in, ing, "one", order ? "a-b" : "a.b");
		buf_printf(&in, ing, "two", order ? "a.b" : "a-b");
		buf_printf(&in, sec, order ? "a-b" : "a.b");
		buf_printf(&in, sec, order ? "a.b" : "a-b");
		run(&r, buf_cstr(&in), false);
		parse(&s, r.finish.data);
		assert_int_equal(s.secrets, 2);
		a = strstr(r.finish.data, "name: a-b-auth-map\n");
		b = strstr(r.finish.data, "name: a-b-auth-map-");
		assert_non_null(a);
		assert_non_null(b);
		assert_non_null(strstr(r.finish.data, "${secret.shop/a-b-auth-map.alice}"));
		assert_non_null(find(&r, "a.b", "plugin-secret-name", NULL, 0));
		if (first == NULL)
			first = xstrndup(b, 28);
		else
			assert_memory_equal(first, b, 28);	/* the same suffix in either order */
		buf_free(&s.routes);
		h_run_free(&r);
		buf_free(&in);
	}
	free(first);
}

/* The same WasmPlugins and findings written to a buffer, to a file as they
 * are made, and from records in runs on the store's file (a debug build's
 * I2H_PLUGIN_BUDGET=0); without a file only whether any would be. */
static void test_finish_paths(void **state)
{
	struct h_run a, b, c, d;

	(void)state;
	run_with(&a, input, finish_plugins);
	assert_true(a.finish.len > 0);
	run_with(&b, input, finish_file);
	assert_int_equal(b.finish.len, a.finish.len);
	assert_memory_equal(b.finish.data, a.finish.data, a.finish.len);
	assert_int_equal(b.fs.n, a.fs.n);
	setenv("I2H_PLUGIN_BUDGET", "0", 1);
	run_with(&c, input, finish_plugins);
	unsetenv("I2H_PLUGIN_BUDGET");
	assert_int_equal(c.finish.len, a.finish.len);
	assert_memory_equal(c.finish.data, a.finish.data, a.finish.len);
	assert_int_equal(c.fs.n, a.fs.n);
	for (size_t i = 0; i < a.fs.n; i++)
		assert_string_equal(c.fs.v[i].message, a.fs.v[i].message);
	dry_count = -2;
	run_with(&d, input, finish_dry);
	assert_true(dry_count > 0);
	assert_int_equal(d.finish.len, 0);
	assert_int_equal(d.fs.n, a.fs.n);
	h_run_free(&a);
	h_run_free(&b);
	h_run_free(&c);
	h_run_free(&d);
	dry_count = -2;
	run_with(&d, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: plain\nspec:\n"
		     "  ingressClassName: nginx\n", finish_dry);
	assert_int_equal(dry_count, 0);	/* no plugin: nothing would be written */
	h_run_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crd_fields),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_no_plaintext),
		cmocka_unit_test(test_secret_missing),
		cmocka_unit_test(test_ext_auth_refused),
		cmocka_unit_test(test_rewrite_snippet),
		cmocka_unit_test(test_rewrite_target),
		cmocka_unit_test(test_canary),
		cmocka_unit_test(test_secret_collision),
		cmocka_unit_test(test_finish_paths),
	};

	return cmocka_run_group_tests(tests, h_rules_setup, h_rules_teardown);
}
