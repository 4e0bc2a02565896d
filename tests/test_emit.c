/* test_emit.c - unit tests for emit_ingress.h, end to end: stream_run with
 * analyze_object and convert on, the output parsed again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "ctrl_config.h"
#include "emit_gateway.h"
#include "emit_ingress.h"
#include "harness.h"
#include "util.h"

/* ingress-nginx's defaults but 'hsts: "false"' (copied from
 * ctrl_config_new's, once). */
static const struct ctrl_settings *no_hsts(void)
{
	static struct ctrl_settings s;
	static bool done;

	if (!done) {
		struct ctrl_config *cc = ctrl_config_new();
		s = *ctrl_config_settings(cc);
		s.hsts = false;
		ctrl_config_free(cc);
		done = true;
	}
	return &s;
}

/* The options of 'convert', without comments on the edits, and without
 * the HSTS header TLS Ingresses get (each test checks one edit; the
 * test_hsts_* tests check that one). */
static void default_options(struct analyze_options *opt)
{
	h_default_options(opt);
	opt->convert = true;
	opt->no_comments = true;	/* the edits; test_comments_* check the comments */
	opt->ctrl = no_hsts();
}

/* Convert text; returns the output (caller frees); fails unless the run
 * succeeds. */
static char *convert(const struct analyze_options *opt, const char *text)
{
	struct h_run r = {0};
	char *out;

	h_analyze(&r, opt, text, H_OUTPUT, NULL);
	if (r.rc != 0)
		fail_msg("convert failed: %s", r.err);
	assert_int_equal(strlen(r.out), r.outlen);
	out = r.out;
	r.out = NULL;
	h_run_free(&r);
	return out;
}

static char *convert_default(const char *text)
{
	struct analyze_options opt;

	default_options(&opt);
	return convert(&opt, text);
}

/* Parsing the output again ---------------------------------------------- */

/* What the re-parse saw of each object. */
struct parsed {
	size_t objects;
	struct buf ann;		/* "key=value\n" per annotation, all objects */
	struct buf cls;		/* "class\n" per object: ingressClassName or '-' */
	int ann_type;		/* type of the last object's annotations, -1 absent */
	size_t ann_pairs;	/* its number of pairs */
};

static int collect(void *ud, struct stream *st, struct node *obj)
{
	struct parsed *p = ud;
	struct node *ann = node_get(node_get(obj, "metadata"), "annotations");
	const char *cls = node_get_str(node_get(obj, "spec"), "ingressClassName");

	(void)st;
	p->objects++;
	p->ann_type = ann ? (int)ann->type : -1;
	p->ann_pairs = ann && ann->type == N_MAPPING ? ann->nkids / 2 : 0;
	if (ann && ann->type == N_MAPPING)
		for (size_t i = 0; i + 1 < ann->nkids; i += 2)
			buf_printf(&p->ann, "%s=%s\n", ann->kids[i]->value, ann->kids[i + 1]->value);
	buf_printf(&p->cls, "%s\n", cls ? cls : "-");
	return 0;
}

/* Parse text with stream_run; fail unless it is well-formed. */
static void reparse(struct parsed *p, const char *text)
{
	struct h_run r = {0};

	memset(p, 0, sizeof(*p));
	p->ann_type = -1;
	h_stream(&r, "out.yaml", text, strlen(text), collect, p, 0);
	if (r.rc != 0)
		fail_msg("output does not parse: %s\n--- output:\n%s", r.err, text);
	h_run_free(&r);
	buf_cstr(&p->ann);
	buf_cstr(&p->cls);
}

static void parsed_free(struct parsed *p)
{
	buf_free(&p->ann);
	buf_free(&p->cls);
}

static const char *msg_of(const char *name)
{
	const struct rule *r = ruleset_find(h_rules, name);

	assert_non_null(r);
	return r->targets[TARGET_INGRESS].message;
}

#define HEAD \
	"apiVersion: networking.k8s.io/v1\n" \
	"kind: Ingress\n" \
	"metadata:\n" \
	"  name: web\n"

/* Removal ---------------------------------------------------------------- */

/* Explicit keys: the '?' goes with its pair, so no key is left without
 * its text ('? ' alone reads as a null key) in block or flow mappings. */
static void test_explicit_keys(void **state)
{
	static const char *const texts[] = {
		HEAD
		"  annotations:\n"
		"    ? " PREFIX "/auth-url\n"
		"    : \"http://auth/check\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n",
		HEAD
		"  annotations: {? " PREFIX "/auth-url : \"http://auth/check\"}\n"
		"spec:\n"
		"  ingressClassName: nginx\n",
		HEAD
		"  annotations:\n"
		"    ? " PREFIX "/auth-url\n"
		"    : \"http://auth/check\"\n"
		"    ? " PREFIX "/upstream-hash-by\n"
		"    : $http_x_a\n"
		"    ? a.io/other\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  tls: [{hosts: [a]}]\n",
		HEAD
		"  annotations: {? " PREFIX "/upstream-hash-by : $http_x_a, ? " PREFIX "/auth-url : \"x\", ? a.io/other}\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  tls: [{hosts: [a]}]\n",
	};
	static const char *const want[] = {
		"",
		"",
		PREFIX "/upstream-hash-by=$http_x-a\na.io/other=\n" PREFIX "/ssl-redirect=true\n",
		PREFIX "/upstream-hash-by=$http_x-a\na.io/other=\n" PREFIX "/ssl-redirect=true\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *out = convert_default(texts[i]);
		struct parsed p;
		reparse(&p, out);
		assert_int_equal(p.ann_type, N_MAPPING);
		assert_string_equal(p.ann.len ? p.ann.data : "", want[i]);
		assert_lacks(out, "? \n");
		assert_lacks(out, "? #");
		parsed_free(&p);
		free(out);
	}
}

static void test_remove_unsupported(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/enable-cors: \"true\"\n"
		"    " PREFIX "/auth-url: \"http://auth/check\"  # why\n"
		"    a.io/other: x\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	char *want = xasprintf("    # ingress2higress: removed, %s\n"
			       "    # " PREFIX "/auth-url: \"http://auth/check\"  # why\n"
			       "    a.io/other: x\n", msg_of("auth-url"));
	struct parsed p;

	(void)state;
	assert_contains(out, want);
	assert_contains(out, "  annotations:\n    " PREFIX "/enable-cors: \"true\"\n    # ingress2higress: removed");
	reparse(&p, out);
	/* CORS with the default origin '*' gets credentials off (conv_cors) */
	assert_string_equal(p.ann.data, PREFIX "/enable-cors=true\na.io/other=x\n" PREFIX "/cors-allow-credentials=false\n");
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(want);
	free(out);
}

static void test_remove_block_scalar(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/configuration-snippet: |\n"
		"      more_set_headers \"X-Frame-Options: DENY\";\n"
		"\n"
		"      limit_req zone=one;\n"	/* unsupported: the snippet is removed */
		"    a.io/other: x\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	char *want = xasprintf("  annotations:\n"
			       "    # ingress2higress: removed, %s\n"
			       "    # " PREFIX "/configuration-snippet: |\n"
			       "    #   more_set_headers \"X-Frame-Options: DENY\";\n"
			       "    #\n"	/* no trailing blank */
			       "    #   limit_req zone=one;\n"
			       "    a.io/other: x\n"
			       "spec:\n", msg_of("configuration-snippet"));
	struct parsed p;

	(void)state;
	assert_contains(out, want);
	reparse(&p, out);
	assert_string_equal(p.ann.data, "a.io/other=x\n");
	parsed_free(&p);
	free(want);
	free(out);
}

static void test_remove_block_scalar_last(void **state)
{
	/* a block scalar as the last annotation, the document ending in it */
	static const char text[] =
		HEAD
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  x: 1\n"
		"---\n"
		HEAD
		"  annotations:\n"
		"    kubernetes.io/ingress.class: nginx\n"
		"    a.io/other: x\n"
		"    " PREFIX "/server-snippet: >-\n"
		"      listen 8080;\n"
		"      return 404;";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "    # " PREFIX "/server-snippet: >-\n"
			     "    #   listen 8080;\n"
			     "    #   return 404;");
	reparse(&p, out);
	assert_int_equal(p.objects, 2);
	assert_string_equal(p.ann.data, "kubernetes.io/ingress.class=higress\na.io/other=x\n");
	assert_string_equal(p.cls.data, "higress\n-\n");
	parsed_free(&p);
	free(out);
}

static void test_keep_unsupported(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://auth/check\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	struct analyze_options opt;
	char *out;
	struct parsed p;

	(void)state;
	default_options(&opt);
	opt.keep_unsupported = true;
	out = convert(&opt, text);
	assert_contains(out, "  annotations:\n    " PREFIX "/auth-url: \"http://auth/check\"\nspec:\n");
	assert_lacks(out, "ingress2higress:");
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/auth-url=http://auth/check\n");
	parsed_free(&p);
	free(out);
}

static void test_all_removed_block(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://auth/check\"\n"
		"    " PREFIX "/proxy-read-timeout: \"30\"\n"
		"  labels:\n"
		"    app: web\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "  annotations: {}\n    # ingress2higress: removed, ");
	assert_contains(out, "    # " PREFIX "/proxy-read-timeout: \"30\"\n  labels:\n");
	reparse(&p, out);
	/* an empty mapping, not null */
	assert_int_equal(p.ann_type, N_MAPPING);
	assert_int_equal(p.ann_pairs, 0);
	assert_string_equal(buf_cstr(&p.ann), "");
	parsed_free(&p);
	free(out);
}

/* Replacement and new values --------------------------------------------- */

static void test_ssl_ciphers_replaced(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384\"\n"
		"    a.io/other: x\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "    # ingress2higress: replaced, ");
	assert_contains(out, "; was:\n    # " PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256:"
			     "ECDHE-RSA-AES256-GCM-SHA384\"\n"
			     "    higress.io/ssl-cipher: \"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384\"\n"
			     "    a.io/other: x\n");
	reparse(&p, out);
	assert_string_equal(p.ann.data, "higress.io/ssl-cipher=ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384\n"
					"a.io/other=x\n");
	parsed_free(&p);
	free(out);
}

static void test_set_value(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/upstream-hash-by: $http_x_user_id\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "  annotations:\n"
			     "    # ingress2higress: value converted; was:\n"
			     "    # " PREFIX "/upstream-hash-by: $http_x_user_id\n"
			     "    " PREFIX "/upstream-hash-by: \"$http_x-user-id\"\n"
			     "spec:\n");
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/upstream-hash-by=$http_x-user-id\n");
	parsed_free(&p);
	free(out);
}

static void test_set_value_block_scalar(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    a.io/before: plain\n"
		"    " PREFIX "/upstream-hash-by: |-\n"
		"      $http_x_user_id\n"
		"    a.io/after: x\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out;
	struct parsed p;

	(void)state;
	/* Regression: ACT_SET_VALUE on a block mapping (apply_annotation_action in
	 * emit_ingress.c) writes the old value into ONE comment line with
	 * "# ingress2higress: value was %.*s\n": an old value that spans
	 * lines (here the block scalar '|-\n      $http_x_user_id') leaves
	 * its continuation lines uncommented. The output has the bare line
	 * "      $http_x_user_id" between a.io/before and the key, and no
	 * longer parses ("out.yaml:8:7: error: did not find expected key").
	 * Expected: every line of the old value commented out (as
	 * comment_out() does for removals) and the new value in place. */
	out = convert_default(text);
	reparse(&p, out);
	assert_string_equal(p.ann.data, "a.io/before=plain\n" PREFIX "/upstream-hash-by=$http_x-user-id\na.io/after=x\n");
	parsed_free(&p);
	free(out);
}

static void test_allowlist_renamed(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/allowlist-source-range: \"10.0.0.0/8\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "    # " PREFIX "/allowlist-source-range: \"10.0.0.0/8\"\n"
			     "    " PREFIX "/whitelist-source-range: \"10.0.0.0/8\"\n");
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/whitelist-source-range=10.0.0.0/8\n");
	parsed_free(&p);
	free(out);
}

static void test_allowlist_and_whitelist(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/allowlist-source-range: \"10.0.0.0/8\"\n"
		"    " PREFIX "/whitelist-source-range: \"192.168.0.0/16\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out;
	struct parsed p;

	(void)state;
	/* Regression: with both keys set, Ingress-NGINX enforces allowlist-source-range
	 * (the alias is read only when it is absent or empty). conv_whitelist()
	 * (analyze.c) replaces allowlist-source-range by a new
	 * whitelist-source-range pair while the existing whitelist-source-range
	 * stays, so the output holds the key twice:
	 *   whitelist-source-range: "10.0.0.0/8"
	 *   whitelist-source-range: "192.168.0.0/16"
	 * Kubernetes' YAML reader rejects the duplicate key, and a reader that
	 * keeps the last one opens the route to 192.168.0.0/16 instead of
	 * 10.0.0.0/8. Expected: one whitelist-source-range holding the value
	 * nginx enforced (the old one commented out). The same pattern exists
	 * for ssl-ciphers/mirror-target when higress.io/ssl-cipher or
	 * higress.io/mirror-target-* are already present. */
	out = convert_default(text);
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/whitelist-source-range=10.0.0.0/8\n");
	parsed_free(&p);
	free(out);
}

/* Class ------------------------------------------------------------------ */

static void check_class(const char *spec_line, const char *want_line, bool keep, const char *want_class)
{
	char *text = xasprintf(HEAD "spec:\n%s  rules: []\n", spec_line);
	char *want = xasprintf("spec:\n%s  rules: []\n", want_line);
	struct analyze_options opt;
	char *out;
	struct parsed p;

	default_options(&opt);
	opt.keep_class = keep;
	out = convert(&opt, text);
	assert_contains(out, want);
	reparse(&p, out);
	assert_int_equal(p.objects, 1);
	assert_string_equal(p.cls.data, want_class);
	parsed_free(&p);
	free(out);
	free(want);
	free(text);
}

static void test_class_quoting(void **state)
{
	(void)state;
	check_class("  ingressClassName: \"nginx\"\n", "  ingressClassName: \"higress\"\n", false, "higress\n");
	check_class("  ingressClassName: 'nginx'\n", "  ingressClassName: 'higress'\n", false, "higress\n");
	check_class("  ingressClassName: nginx\n", "  ingressClassName: higress\n", false, "higress\n");
	check_class("  ingressClassName: nginx # the old one\n",
		    "  ingressClassName: higress # the old one\n", false, "higress\n");
}

static void test_keep_class(void **state)
{
	(void)state;
	check_class("  ingressClassName: \"nginx\"\n", "  ingressClassName: \"nginx\"\n", true, "nginx\n");
	check_class("  ingressClassName: nginx\n", "  ingressClassName: nginx\n", true, "nginx\n");
}

static void test_target_class_quoting(void **state)
{
	static const char text[] =
		HEAD
		"spec:\n"
		"  ingressClassName: nginx\n";
	struct analyze_options opt;
	char *out;
	struct parsed p;

	(void)state;
	default_options(&opt);
	opt.target_class = "on";	/* a YAML 1.1 boolean when plain */
	out = convert(&opt, text);
	assert_contains(out, "  ingressClassName: \"on\"\n");
	reparse(&p, out);
	assert_string_equal(p.cls.data, "on\n");
	parsed_free(&p);
	free(out);
}

static void test_class_annotation(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    kubernetes.io/ingress.class: nginx\n"
		"    " PREFIX "/enable-cors: 'true'\n"
		"spec:\n"
		"  rules: []\n";
	static const char want[] =
		HEAD
		"  annotations:\n"
		"    kubernetes.io/ingress.class: higress\n"
		"    " PREFIX "/enable-cors: 'true'\n"
		"    " PREFIX "/cors-allow-credentials: \"false\"\n"
		"spec:\n"
		"  rules: []\n";
	char *out = convert_default(text);

	(void)state;
	assert_string_equal(out, want);
	free(out);
}

static void test_classless_included(void **state)
{
	static const char text[] =
		HEAD
		"spec:\n"
		"  # the rules\n"
		"  rules:\n"
		"  - host: a.example\n";
	static const char want[] =
		HEAD
		"spec:\n"
		"  # the rules\n"
		"  ingressClassName: higress\n"
		"  rules:\n"
		"  - host: a.example\n";
	struct analyze_options opt;
	char *out;
	struct parsed p;

	(void)state;
	default_options(&opt);
	opt.include_classless = true;
	out = convert(&opt, text);
	assert_string_equal(out, want);
	reparse(&p, out);
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(out);

	/* without include_classless the Ingress is left alone */
	default_options(&opt);
	out = convert(&opt, text);
	assert_string_equal(out, text);
	free(out);
}

static void test_classless_flow_spec(void **state)
{
	static const char text[] =
		HEAD
		"spec: {rules: [{host: a.example}]}\n";
	struct analyze_options opt;
	char *out;
	struct parsed p;

	(void)state;
	default_options(&opt);
	opt.include_classless = true;
	out = convert(&opt, text);
	assert_contains(out, "spec: {\"ingressClassName\": \"higress\", rules: [{host: a.example}]}\n");
	reparse(&p, out);
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(out);
}

/* ssl-redirect on TLS Ingresses ------------------------------------------ */

#define TLS_SPEC \
	"spec:\n" \
	"  ingressClassName: nginx\n" \
	"  tls:\n" \
	"  - hosts: [a.example]\n" \
	"    secretName: a-tls\n"

static void check_ssl_redirect(const char *metadata_rest, const char *want, const char *want_ann)
{
	char *text = xasprintf(HEAD "%s" TLS_SPEC, metadata_rest);
	char *out = convert_default(text);
	struct parsed p;

	if (want)
		assert_contains(out, want);
	reparse(&p, out);
	assert_int_equal(p.ann_type, N_MAPPING);
	assert_string_equal(p.ann.data, want_ann);
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(out);
	free(text);
}

/* The HSTS header ---------------------------------------------------------- */

#define HSTS_LINE "Strict-Transport-Security max-age=31536000; includeSubDomains"
#define HSTS_KEY "higress.io/response-header-control-update"

/* Convert a TLS Ingress whose metadata has metadata_rest with ctrl (NULL:
 * ingress-nginx's defaults) and check its annotations after a re-parse
 * (want_ann) and, when want is not NULL, the text. */
static void check_hsts(const struct ctrl_settings *ctrl, const char *metadata_rest, const char *want,
		       const char *want_ann)
{
	char *text = xasprintf(HEAD "%s" TLS_SPEC, metadata_rest);
	struct analyze_options opt;
	struct parsed p;
	char *out;

	default_options(&opt);
	opt.ctrl = ctrl;
	out = convert(&opt, text);
	if (want)
		assert_contains(out, want);
	reparse(&p, out);
	assert_string_equal(p.ann.data, want_ann);
	parsed_free(&p);
	free(out);
	free(text);
}

static void test_hsts_added(void **state)
{
	(void)state;
	check_hsts(NULL, "  annotations:\n    a.io/x: \"1\"\n",
		   "    " HSTS_KEY ": \"" HSTS_LINE "\"\n",
		   "a.io/x=1\n" PREFIX "/ssl-redirect=true\n" HSTS_KEY "=" HSTS_LINE "\n");
	/* no annotations at all: the mapping is made */
	check_hsts(NULL, "", NULL, PREFIX "/ssl-redirect=true\n" HSTS_KEY "=" HSTS_LINE "\n");
	/* flow annotations */
	check_hsts(NULL, "  annotations: {a.io/x: \"1\"}\n", NULL,
		   "a.io/x=1\n" PREFIX "/ssl-redirect=true\n" HSTS_KEY "=" HSTS_LINE "\n");
}

static void test_hsts_merged(void **state)
{
	(void)state;
	/* the Ingress's own key: one more line, no empty one */
	check_hsts(NULL, "  annotations:\n    " HSTS_KEY ": |\n      X-A a\n", NULL,
		   HSTS_KEY "=X-A a\n" HSTS_LINE "\n" PREFIX "/ssl-redirect=true\n");
	/* the key a converted snippet writes (more_set_headers) */
	check_hsts(NULL, "  annotations:\n    " PREFIX "/configuration-snippet: |\n"
		   "      more_set_headers \"X-Frame-Options: DENY\";\n", NULL,
		   HSTS_KEY "=X-Frame-Options DENY\n" HSTS_LINE "\n" PREFIX "/ssl-redirect=true\n");
	/* a response-header-control-add is another key: left as it is */
	check_hsts(NULL, "  annotations:\n    higress.io/response-header-control-add: \"X-A a\"\n", NULL,
		   "higress.io/response-header-control-add=X-A a\n" PREFIX "/ssl-redirect=true\n" HSTS_KEY "=" HSTS_LINE
		   "\n");
}

static void test_hsts_own_kept(void **state)
{
	(void)state;
	check_hsts(NULL, "  annotations:\n    " PREFIX "/configuration-snippet: |\n"
		   "      add_header Strict-Transport-Security \"max-age=1\" always;\n", NULL,
		   "higress.io/response-header-control-add=Strict-Transport-Security max-age=1\n" PREFIX
		   "/ssl-redirect=true\n");
	check_hsts(NULL, "  annotations:\n    " HSTS_KEY ": \"strict-transport-security  max-age=2\"\n", NULL,
		   HSTS_KEY "=strict-transport-security  max-age=2\n" PREFIX "/ssl-redirect=true\n");
	check_hsts(NULL, "  annotations:\n    higress.io/response-header-control-remove: \"X-A, Strict-Transport-Security\"\n",
		   NULL, "higress.io/response-header-control-remove=X-A, Strict-Transport-Security\n" PREFIX
		   "/ssl-redirect=true\n");
	/* a header whose name only starts like it is another header */
	check_hsts(NULL, "  annotations:\n    " HSTS_KEY ": \"Strict-Transport-Security-X 1\"\n", NULL,
		   HSTS_KEY "=Strict-Transport-Security-X 1\n" HSTS_LINE "\n" PREFIX "/ssl-redirect=true\n");
}

static void test_hsts_settings(void **state)
{
	struct ctrl_settings s = *no_hsts();

	(void)state;
	check_hsts(&s, "", NULL, PREFIX "/ssl-redirect=true\n");	/* 'hsts: "false"' */
	s.hsts = true;
	s.hsts_max_age = "600";
	s.hsts_include_subdomains = false;
	s.hsts_preload = true;
	check_hsts(&s, "", NULL, PREFIX "/ssl-redirect=true\n" HSTS_KEY "=Strict-Transport-Security max-age=600; preload\n");
}

/* The converted output, converted again with the class kept: the header
 * is there, so nothing is added twice. */
static void test_hsts_fixed_point(void **state)
{
	char *text = xasprintf(HEAD "  annotations:\n    " HSTS_KEY ": |\n      X-A a\n" TLS_SPEC);
	struct analyze_options opt;
	char *once, *twice;

	(void)state;
	default_options(&opt);
	opt.ctrl = NULL;
	opt.keep_class = true;
	once = convert(&opt, text);
	assert_contains(once, HSTS_LINE);
	twice = convert(&opt, once);
	assert_string_equal(twice, once);
	free(twice);
	free(once);
	free(text);
}

static void test_hsts_comment(void **state)
{
	char *text = xasprintf(HEAD TLS_SPEC);
	struct analyze_options opt;
	char *out;

	(void)state;
	default_options(&opt);
	opt.ctrl = NULL;
	opt.no_comments = false;
	out = convert(&opt, text);
	assert_contains(out, "    # ingress2higress: added, the HSTS header ingress-nginx sent on HTTPS responses\n"
			     "    " HSTS_KEY ": \"" HSTS_LINE "\"\n");
	free(out);
	free(text);
}

static void test_ssl_redirect_added(void **state)
{
	(void)state;
	check_ssl_redirect("  annotations:\n"
			   "    a.io/x: \"1\"\n",
			   "  annotations:\n"
			   "    a.io/x: \"1\"\n"
			   "    " PREFIX "/ssl-redirect: \"true\"\n"
			   "spec:\n",
			   "a.io/x=1\n" PREFIX "/ssl-redirect=true\n");
	/* the last annotation has a comment, then a blank line follows */
	check_ssl_redirect("  annotations:\n"
			   "    a.io/x: \"1\" # note\n"
			   "\n",
			   "    a.io/x: \"1\" # note\n"
			   "    " PREFIX "/ssl-redirect: \"true\"\n",
			   "a.io/x=1\n" PREFIX "/ssl-redirect=true\n");
	/* after a removed last annotation */
	check_ssl_redirect("  annotations:\n"
			   "    " PREFIX "/auth-url: \"http://a/b\"\n",
			   NULL,
			   PREFIX "/ssl-redirect=true\n");
}

static void test_ssl_redirect_no_annotations(void **state)
{
	(void)state;
	check_ssl_redirect("  namespace: shop\n",
			   "metadata:\n"
			   "  annotations:\n"
			   "    " PREFIX "/ssl-redirect: \"true\"\n"
			   "  name: web\n"
			   "  namespace: shop\n",
			   PREFIX "/ssl-redirect=true\n");
}

static void test_ssl_redirect_empty_annotations(void **state)
{
	(void)state;
	check_ssl_redirect("  annotations:\n",
			   "  annotations: {\"" PREFIX "/ssl-redirect\": \"true\"}\n",
			   PREFIX "/ssl-redirect=true\n");
	check_ssl_redirect("  annotations: {}\n",
			   NULL,
			   PREFIX "/ssl-redirect=true\n");
	check_ssl_redirect("  annotations: ~\n",
			   NULL,
			   PREFIX "/ssl-redirect=true\n");
	check_ssl_redirect("  annotations: # none yet\n",
			   NULL,
			   PREFIX "/ssl-redirect=true\n");
}

static void test_ssl_redirect_flow_metadata(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {name: web}\n"
		TLS_SPEC;
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/ssl-redirect=true\n");
	parsed_free(&p);
	free(out);
}

static void test_ssl_redirect_explicit_kept(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/ssl-redirect: \"false\"\n"
		TLS_SPEC;
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/ssl-redirect=false\n");
	parsed_free(&p);
	free(out);
}

/* Flow and JSON annotations ---------------------------------------------- */

static void test_flow_annotations(void **state)
{
	static const char text[] =
		HEAD
		"  annotations: {a.io/keep: \"1\", " PREFIX "/auth-url: \"http://a/b\", "
		PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256\", "
		PREFIX "/proxy-read-timeout: \"5\"}\n"
		TLS_SPEC;
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_lacks(out, "auth-url");
	assert_lacks(out, "proxy-read-timeout");
	reparse(&p, out);
	assert_string_equal(p.ann.data, "a.io/keep=1\n"
					"higress.io/ssl-cipher=ECDHE-RSA-AES128-GCM-SHA256\n"
					PREFIX "/ssl-redirect=true\n");
	parsed_free(&p);
	free(out);
}

static void test_flow_annotations_first_removed(void **state)
{
	static const char text[] =
		HEAD
		"  annotations: {" PREFIX "/auth-url: \"http://a/b\", a.io/keep: \"1\", "
		PREFIX "/proxy-read-timeout: \"5\", a.io/keep2: \"2\"}\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	reparse(&p, out);
	assert_string_equal(p.ann.data, "a.io/keep=1\na.io/keep2=2\n");
	parsed_free(&p);
	free(out);
}

static void test_flow_all_removed(void **state)
{
	static const char text[] =
		HEAD
		"  annotations: {" PREFIX "/auth-url: \"http://a/b\", " PREFIX "/proxy-read-timeout: \"5\"}\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "  annotations: {}\n");
	reparse(&p, out);
	assert_int_equal(p.ann_type, N_MAPPING);
	assert_int_equal(p.ann_pairs, 0);
	parsed_free(&p);
	free(out);
}

static void test_flow_all_removed_then_added(void **state)
{
	static const char text[] =
		HEAD
		"  annotations: {" PREFIX "/auth-url: \"http://a/b\"}\n"
		TLS_SPEC;
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "  annotations: {\"" PREFIX "/ssl-redirect\": \"true\"}\n");
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/ssl-redirect=true\n");
	parsed_free(&p);
	free(out);
}

static void test_json_ingress(void **state)
{
	static const char text[] =
		"{\n"
		"  \"apiVersion\": \"networking.k8s.io/v1\",\n"
		"  \"kind\": \"Ingress\",\n"
		"  \"metadata\": {\n"
		"    \"name\": \"web\",\n"
		"    \"annotations\": {\n"
		"      \"" PREFIX "/auth-url\": \"http://a/b\",\n"
		"      \"" PREFIX "/upstream-hash-by\": \"$http_x_user_id\",\n"
		"      \"" PREFIX "/configuration-snippet\": \"more_set_headers \\\"A: b\\\";\\n\"\n"
		"    }\n"
		"  },\n"
		"  \"spec\": {\n"
		"    \"ingressClassName\": \"nginx\",\n"
		"    \"tls\": [{\"hosts\": [\"a.example\"]}]\n"
		"  }\n"
		"}\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "\"ingressClassName\": \"higress\"");
	reparse(&p, out);
	/* the header-only snippet is converted in the flow mapping */
	assert_string_equal(p.ann.data, PREFIX "/upstream-hash-by=$http_x-user-id\n"
					"higress.io/response-header-control-update=A b\n"
					PREFIX "/ssl-redirect=true\n");
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(out);
}

static void test_json_no_annotations(void **state)
{
	static const char text[] =
		"{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", "
		"\"metadata\": {\"name\": \"web\"}, "
		"\"spec\": {\"ingressClassName\": \"nginx\", \"tls\": [{\"hosts\": [\"a\"]}]}}";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	reparse(&p, out);
	assert_string_equal(p.ann.data, PREFIX "/ssl-redirect=true\n");
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	free(out);
}

/* Everything else is kept ------------------------------------------------ */

static void test_bytes_outside_edits(void **state)
{
	static const char before[] =
		"# A chart: comments, odd quoting and other kinds must survive.\n"
		"apiVersion: v1\n"
		"kind: Service\n"
		"metadata:\n"
		"  name: web   # trailing comment\n"
		"spec:\n"
		"  ports: [{port: 80, name: 'http'}]\n"
		"---\n"
		"apiVersion:   networking.k8s.io/v1   # odd spacing\n"
		"kind: \"Ingress\"\n";
	static const char middle[] =
		"metadata:\n"
		"  name: web\n"
		"  annotations:\n"
		"    # auth first\n"
		"    " PREFIX "/auth-url: 'https://auth.example.com/verify'\n"
		"    " PREFIX "/enable-cors: \"true\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	static const char after[] =
		"  rules:\n"
		"  - host: \"shop.example.com\"\n"
		"    http:\n"
		"      paths:\n"
		"      - path: /api      # keep\n"
		"        pathType: Prefix\n"
		"        backend: {service: {name: web, port: {number: 80}}}\n"
		"---\n"
		"# other controller: untouched\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: other\n"
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"https://x\"\n"
		"spec:\n"
		"  ingressClassName: traefik\n"
		"...\n";
	char *text = xasprintf("%s%s%s", before, middle, after);
	char *out = convert_default(text);
	size_t ol = strlen(out), al = sizeof(after) - 1;
	struct parsed p;

	(void)state;
	assert_true(ol > sizeof(before) - 1 + al);
	assert_memory_equal(out, before, sizeof(before) - 1);
	assert_memory_equal(out + ol - al, after, al);
	assert_contains(out, "  annotations:\n    # auth first\n    # ingress2higress: removed, ");
	assert_contains(out, "    " PREFIX "/enable-cors: \"true\"\n    " PREFIX "/cors-allow-credentials: \"false\"\n"
			"spec:\n  ingressClassName: higress\n");
	reparse(&p, out);
	assert_int_equal(p.objects, 3);
	assert_string_equal(p.cls.data, "-\nhigress\ntraefik\n");
	parsed_free(&p);
	free(out);
	free(text);
}

static void test_no_convert_is_identity(void **state)
{
	static const char text[] =
		HEAD
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"    " PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256\"\n"
		TLS_SPEC;
	struct analyze_options opt;
	char *out;

	(void)state;
	default_options(&opt);
	opt.convert = false;
	out = convert(&opt, text);
	assert_string_equal(out, text);
	free(out);
}

static void test_list_items_converted(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- apiVersion: networking.k8s.io/v1\n"
		"  kind: Ingress\n"
		"  metadata:\n"
		"    name: a\n"
		"    annotations:\n"
		"      " PREFIX "/auth-url: \"http://a/b\"\n"
		"      " PREFIX "/enable-cors: \"true\"\n"
		"  spec:\n"
		"    ingressClassName: nginx\n"
		"- apiVersion: networking.k8s.io/v1\n"
		"  kind: Ingress\n"
		"  metadata:\n"
		"    name: b\n"
		"  spec:\n"
		"    ingressClassName: nginx\n"
		"    tls: [{hosts: [b.example]}]\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "      # " PREFIX "/auth-url: \"http://a/b\"\n");
	reparse(&p, out);
	assert_int_equal(p.objects, 2);
	assert_string_equal(p.ann.data, PREFIX "/enable-cors=true\n" PREFIX "/cors-allow-credentials=false\n"
			    PREFIX "/ssl-redirect=true\n");
	assert_string_equal(p.cls.data, "higress\nhigress\n");
	parsed_free(&p);
	free(out);
}

static void test_crlf_input(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\r\n"
		"kind: Ingress\r\n"
		"metadata:\r\n"
		"  name: web\r\n"
		"  annotations:\r\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\r\n"
		"    " PREFIX "/configuration-snippet: |\r\n"
		"      a;\r\n"
		"      b;\r\n"
		"    a.io/x: y\r\n"
		"spec:\r\n"
		"  ingressClassName: nginx\r\n"
		"  tls: [{hosts: [a]}]\r\n";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	reparse(&p, out);
	assert_string_equal(p.ann.data, "a.io/x=y\n" PREFIX "/ssl-redirect=true\n");
	assert_string_equal(p.cls.data, "higress\n");
	assert_contains(out, "spec:\r\n  ingressClassName: higress\r\n  tls: [{hosts: [a]}]\r\n");
	parsed_free(&p);
	free(out);
}

/* emit_scalar ------------------------------------------------------------ */

static char *scalar(const char *v, enum scalar_style style)
{
	struct buf b = {0};

	emit_scalar(&b, v, style);
	return buf_detach(&b);
}

static void check_scalar(const char *v, enum scalar_style style, const char *want)
{
	char *s = scalar(v, style);

	if (strcmp(s, want) != 0)
		fail_msg("emit_scalar('%s', %d) = %s, want %s", v, (int)style, s, want);
	free(s);
}

static void test_emit_scalar(void **state)
{
	(void)state;
	check_scalar("higress", SS_PLAIN, "higress");
	check_scalar("higress.io/ssl-cipher", SS_PLAIN, "higress.io/ssl-cipher");
	check_scalar("a-b_c.d", SS_PLAIN, "a-b_c.d");
	check_scalar("v1", SS_PLAIN, "v1");
	/* YAML 1.1 booleans, nulls and numbers need quotes */
	check_scalar("yes", SS_PLAIN, "\"yes\"");
	check_scalar("on", SS_PLAIN, "\"on\"");
	check_scalar("Off", SS_PLAIN, "\"Off\"");
	check_scalar("y", SS_PLAIN, "\"y\"");
	check_scalar("true", SS_PLAIN, "\"true\"");
	check_scalar("null", SS_PLAIN, "\"null\"");
	check_scalar("123", SS_PLAIN, "\"123\"");
	check_scalar("1.5", SS_PLAIN, "\"1.5\"");
	check_scalar("-1", SS_PLAIN, "\"-1\"");
	check_scalar("", SS_PLAIN, "\"\"");
	/* characters with a meaning in YAML */
	check_scalar("a: b", SS_PLAIN, "\"a: b\"");
	check_scalar("#x", SS_PLAIN, "\"#x\"");
	check_scalar("*", SS_PLAIN, "\"*\"");
	check_scalar("say \"hi\"", SS_PLAIN, "\"say \\\"hi\\\"\"");
	/* the style is kept where it is safe */
	check_scalar("higress", SS_SINGLE, "'higress'");
	check_scalar("yes", SS_SINGLE, "'yes'");
	check_scalar("it's", SS_SINGLE, "\"it's\"");
	check_scalar("higress", SS_DOUBLE, "\"higress\"");
	check_scalar("a\nb", SS_SINGLE, "\"a\\nb\"");
	check_scalar("higress", SS_LITERAL, "\"higress\"");
}

static void test_emit_scalar_yaml11_numbers(void **state)
{
	(void)state;
	/* Regression: plain_safe() (emit_ingress.c) only rejects values made of
	 * digits and '.', '-', '_' plus a list of boolean/null words, so
	 * these come out plain although Kubernetes' YAML reader (go-yaml,
	 * YAML 1.1 resolution) reads them as numbers, not strings: "1e3" and
	 * "6e1" (floats), "0x1F" (int), ".inf" / ".NaN" (floats), "0b101"
	 * (int). emit_scalar() promises a scalar "safe for a Kubernetes
	 * string", e.g. for --target-class. Expected: double quotes. */
	check_scalar("1e3", SS_PLAIN, "\"1e3\"");
	check_scalar("0x1F", SS_PLAIN, "\"0x1F\"");
	check_scalar(".inf", SS_PLAIN, "\".inf\"");
	check_scalar(".NaN", SS_PLAIN, "\".NaN\"");
	check_scalar("0b101", SS_PLAIN, "\"0b101\"");
}

/* A document added after the Ingress (auth-tls-secret's CA copy) follows
 * the input's CR LF line breaks and a last line without a break. */
static void test_added_document_crlf(void **state)
{
	static const char text[] =
		"apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: ca\r\ndata:\r\n  ca.crt: Q0E=\r\n---\r\n"
		"apiVersion: networking.k8s.io/v1\r\nkind: Ingress\r\nmetadata:\r\n  name: web\r\n  annotations:\r\n"
		"    " PREFIX "/auth-tls-secret: ca\r\nspec:\r\n  ingressClassName: nginx\r\n"
		"  tls: [{hosts: [a.example], secretName: a-tls}]";
	char *out = convert_default(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "secretName: a-tls}]\r\n---\r\n# ingress2higress: added, ");
	assert_contains(out, "\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: a-tls-cacert\r\n"
			"type: Opaque\r\ndata:\r\n  ca.crt: \"Q0E=\"\r\n");
	assert_contains(out, "    " PREFIX "/auth-tls-secret: \"a-tls-cacert\"\r\n");
	assert_lacks(out, "\n\n");
	reparse(&p, out);
	assert_int_equal(p.objects, 3);
	parsed_free(&p);
	free(out);
}

/* Comments on added and changed lines ----------------------------------- */

static char *convert_commented(const char *text)
{
	struct analyze_options opt;

	default_options(&opt);
	opt.no_comments = false;
	return convert(&opt, text);
}

/* Convert text again: the output must be a fixed point. */
static void assert_fixed_point(const char *out)
{
	char *again = convert_commented(out);

	assert_string_equal(again, out);
	free(again);
}

static void test_comments_block(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations:\n"
		"    " PREFIX "/rewrite-target: /\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  tls: [{hosts: [a.example]}]\n"
		"  rules:\n"
		"  - host: a.example\n"
		"    http: {paths: [{path: /v1, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}\n";
	char *out = convert_commented(text);
	struct parsed p;

	(void)state;
	assert_contains(out, "    " PREFIX "/rewrite-target: /\n"
			     "    # ingress2higress: added, so 'rewrite-target' replaces the whole path, as on ingress-nginx\n"
			     "    " PREFIX "/use-regex: \"true\"\n"
			     "    # ingress2higress: added, ingress-nginx redirects HTTP to HTTPS on TLS hosts by default\n"
			     "    " PREFIX "/ssl-redirect: \"true\"\n");
	assert_contains(out, "spec:\n  # ingress2higress: class changed, was 'nginx'\n  ingressClassName: higress\n");
	reparse(&p, out);
	assert_string_equal(p.cls.data, "higress\n");
	parsed_free(&p);
	assert_fixed_point(out);
	free(out);
}

static void test_comments_class_annotation_and_added_class(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations:\n"
		"    kubernetes.io/ingress.class: \"nginx\"\n"
		"spec:\n"
		"  rules: []\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: classless\n"
		"spec:\n"
		"  rules: []\n";
	struct analyze_options opt;
	char *out;

	(void)state;
	default_options(&opt);
	opt.no_comments = false;
	opt.include_classless = true;
	out = convert(&opt, text);
	assert_contains(out, "  annotations:\n    # ingress2higress: class changed, was 'nginx'\n"
			     "    kubernetes.io/ingress.class: \"higress\"\n");
	assert_contains(out, "spec:\n  # ingress2higress: class added, the Ingress named none\n"
			     "  ingressClassName: higress\n  rules: []\n");
	free(out);
}

static void test_comments_flow_and_json(void **state)
{
	/* inside a flow mapping no comment can stand: one line before the
	 * 'annotations' key names the additions; JSON stays JSON */
	static const char flow[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations: {" PREFIX "/rewrite-target: /}\n"
		"spec: {ingressClassName: nginx, rules: [{host: a, http: {paths: [{path: /v1, pathType: Prefix, "
		"backend: {service: {name: s, port: {number: 80}}}}]}}]}\n";
	static const char json[] =
		"{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\",\n"
		" \"metadata\": {\"name\": \"web\",\n"
		"   \"annotations\": {\"" PREFIX "/rewrite-target\": \"/\"}},\n"
		" \"spec\": {\"ingressClassName\": \"nginx\"}}\n";
	char *out = convert_commented(flow);

	(void)state;
	assert_contains(out, "  # ingress2higress: added '" PREFIX "/use-regex'\n  annotations: {");
	assert_lacks(out, "class changed");
	assert_fixed_point(out);
	free(out);
	out = convert_commented(json);
	assert_lacks(out, "#");
	free(out);
}

static void test_comments_crlf(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\r\n"
		"kind: Ingress\r\n"
		"metadata:\r\n"
		"  name: web\r\n"
		"spec:\r\n"
		"  ingressClassName: nginx\r\n"
		"  tls: [{hosts: [a]}]\r\n";
	char *out = convert_commented(text);

	(void)state;
	assert_contains(out, "metadata:\r\n  annotations:\r\n"
			     "    # ingress2higress: added, ingress-nginx redirects HTTP to HTTPS on TLS hosts by default\r\n"
			     "    " PREFIX "/ssl-redirect: \"true\"\r\n  name: web\r\n");
	assert_contains(out, "spec:\r\n  # ingress2higress: class changed, was 'nginx'\r\n  ingressClassName: higress\r\n");
	assert_fixed_point(out);
	free(out);
}

/* Gateway API output --------------------------------------------------- */

static void finish_gateway(const struct analyze_options *opt, struct buf *b)
{
	gateway_finish(opt->gateway, b);
}

/* gateway_finish_to() into a memory stream, appended to b. */
static void finish_gateway_to(const struct analyze_options *opt, struct buf *b)
{
	char *gw = NULL;
	size_t gwlen = 0, written = 1;
	FILE *g = open_memstream(&gw, &gwlen);

	assert_non_null(g);
	assert_int_equal(gateway_finish_to(opt->gateway, g, &written), 0);
	assert_int_equal(fclose(g), 0);
	assert_int_equal(written, gwlen);	/* what it says it wrote */
	buf_add(b, gw, gwlen);
	free(gw);
}

/* Convert text --to gateway: the emitted objects (caller frees) and the
 * findings into *fs (which must be empty; caller frees); to_file: written
 * by gateway_finish_to() rather than gateway_finish(). */
static char *convert_gateway_via(const char *text, struct findings *fs, bool to_file)
{
	struct gateway_options gopt = { .ns = "higress-system", .gateway_class = "higress" };
	struct analyze_options opt;
	struct h_run r = {0};
	char *out;

	default_options(&opt);
	opt.target = TARGET_GATEWAY;
	opt.gateway = gateway_new(&gopt, &r.fs);
	h_analyze(&r, &opt, text, H_OUTPUT, to_file ? finish_gateway_to : finish_gateway);
	gateway_free(opt.gateway);
	if (r.rc != 0)
		fail_msg("convert failed: %s", r.err);
	out = buf_detach(&r.finish);
	*fs = r.fs;
	memset(&r.fs, 0, sizeof(r.fs));
	h_run_free(&r);
	return out;
}

static char *convert_gateway(const char *text, struct findings *fs)
{
	return convert_gateway_via(text, fs, false);
}

#define GW_INGRESS(name, ann) \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " name "\n  namespace: ns\n" \
	"  annotations:\n" ann "spec:\n  ingressClassName: nginx\n  rules:\n"
#define GW_RULE(host, path, svc) \
	"  - host: " host "\n    http:\n      paths:\n      - path: " path "\n        pathType: Prefix\n" \
	"        backend:\n          service:\n            name: " svc "\n            port:\n" \
	"              number: 443\n"

/* gateway_finish_to() writes what gateway_finish() appends, object by
 * object, with the same findings. */
static void test_gateway_finish_to(void **state)
{
	static const char text[] =
		GW_INGRESS("pay", "    " PREFIX "/backend-protocol: HTTPS\n"
				  "    " PREFIX "/enable-cors: \"true\"\n")
		GW_RULE("pay.example.com", "/", "pay")
		"---\n"
		GW_INGRESS("shop", "    " PREFIX "/rewrite-target: /\n")
		GW_RULE("shop.example.com", "/cart", "cart");
	struct findings fa = {0}, fb = {0};
	char *a = convert_gateway_via(text, &fa, false), *b = convert_gateway_via(text, &fb, true);

	(void)state;
	assert_true(h_count_str(a, "---\n") >= 3);	/* a Gateway and two HTTPRoutes at least */
	assert_string_equal(a, b);
	assert_int_equal(fa.n, fb.n);
	for (size_t i = 0; i < fa.n; i++)
		assert_string_equal(fa.v[i].message, fb.v[i].message);
	free(a);
	free(b);
	findings_free(&fa);
	findings_free(&fb);
}

/* The Secret behind proxy-ssl-secret is judged from the index when the
 * Ingress is read: one that comes after the Ingress still tells the
 * client certificate apart. */
static void test_gateway_secret_after_ingress(void **state)
{
	static const char text[] =
		GW_INGRESS("pay", "    " PREFIX "/backend-protocol: HTTPS\n"
				  "    " PREFIX "/proxy-ssl-secret: mtls\n"
				  "    " PREFIX "/proxy-ssl-verify: \"on\"\n")
		GW_RULE("pay.example.com", "/", "pay")
		"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: mtls\n  namespace: ns\n"
		"data:\n  tls.crt: eA==\n  tls.key: eA==\n  ca.crt: eA==\n";
	struct findings fs = {0};
	char *out = convert_gateway(text, &fs);
	const struct finding *f = h_first_rule(&fs, "proxy-ssl-secret");

	(void)state;
	assert_int_equal(f->severity, SEV_ERROR);
	assert_contains(f->message, "the Secret holds a client certificate");
	assert_contains(f->message, "cannot send backend client certificates");
	assert_contains(f->message, "ConfigMap 'mtls'");
	f = h_first_rule(&fs, "backend-protocol");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_contains(out, "kind: BackendTLSPolicy\n");
	assert_contains(out, "  name: pay-backend-tls\n");
	assert_contains(out, "      name: mtls\n    hostname: pay.ns.svc\n");
	assert_lacks(out, "wellKnownCACertificates");
	findings_free(&fs);
	free(out);
}

/* Without the Secret the client certificate cannot be ruled out (error);
 * without proxy-ssl-secret the system CAs verify, and the unverified
 * default of nginx is reported. */
static void test_gateway_backend_tls_defaults(void **state)
{
	static const char text[] =
		GW_INGRESS("a", "    " PREFIX "/backend-protocol: HTTPS\n"
				"    " PREFIX "/proxy-ssl-secret: other/ca\n")
		GW_RULE("a.example.com", "/", "a")
		"---\n"
		GW_INGRESS("b", "    " PREFIX "/backend-protocol: HTTPS\n"
				"    " PREFIX "/proxy-ssl-name: b.internal\n")
		GW_RULE("b.example.com", "/", "b");
	struct findings fs = {0};
	char *out = convert_gateway(text, &fs);
	const struct finding *f = h_first_rule(&fs, "proxy-ssl-secret");

	(void)state;
	assert_int_equal(f->status, ST_PARTIAL);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_contains(f->message, "include the Secret in the input");
	assert_contains(f->message, "in namespace 'ns'");	/* the policy's, not the Secret's */
	f = h_first_rule(&fs, "backend-protocol");
	assert_int_equal(f->status, ST_PARTIAL);
	assert_contains(f->message, "did not verify");
	assert_contains(out, "    hostname: b.internal\n    wellKnownCACertificates: System\n");
	assert_contains(out, "      name: ca\n    hostname: a.ns.svc\n");
	assert_int_equal(h_count_str(out, "kind: BackendTLSPolicy\n"), 2);
	findings_free(&fs);
	free(out);
}

/* A TLSRoute has one rule and at most 16 hostnames: 17 passthrough hosts
 * of one backend make two TLSRoutes, each host its own Passthrough
 * listener. */
static void test_gateway_passthrough_split(void **state)
{
	struct buf in = {0};
	struct findings fs = {0};
	char *text, *out;

	(void)state;
	buf_adds(&in, GW_INGRESS("vault", "    " PREFIX "/ssl-passthrough: \"true\"\n"));
	for (int i = 0; i < 17; i++)
		buf_printf(&in, GW_RULE("h%d.example.com", "/", "vault"), i);
	text = buf_detach(&in);
	out = convert_gateway(text, &fs);
	assert_int_equal(h_count_str(out, "kind: TLSRoute\n"), 2);
	assert_contains(out, "  name: vault-2\n");
	assert_int_equal(h_count_str(out, "    protocol: TLS\n    tls:\n      mode: Passthrough\n"), 17);
	assert_int_equal(h_count_str(out, "    protocol: HTTPS\n"), 0);
	for (size_t i = 0; i < fs.n; i++)
		assert_true(fs.v[i].severity < SEV_ERROR);
	findings_free(&fs);
	free(out);
	free(text);
}

/* gRPC: method paths become method matches, other paths are reported and
 * left out, a rewrite has no GRPCRoute filter. */
static void test_gateway_grpc(void **state)
{
	static const char text[] =
		GW_INGRESS("g", "    " PREFIX "/backend-protocol: GRPC\n"
				"    " PREFIX "/rewrite-target: /\n")
		GW_RULE("g.example.com", "/pkg.Svc/Get", "g")
		GW_RULE("g.example.com", "/not/grpc/path", "g");
	struct findings fs = {0};
	char *out = convert_gateway(text, &fs);
	const struct finding *f;

	(void)state;
	assert_contains(out, "kind: GRPCRoute\n");
	assert_lacks(out, "kind: HTTPRoute\n");
	assert_contains(out, "    - method:\n        type: Exact\n        service: pkg.Svc\n        method: Get\n");
	assert_lacks(out, "/not/grpc/path");
	f = h_first_rule(&fs, "gateway-grpc-path");
	assert_int_equal(f->severity, SEV_ERROR);
	assert_contains(f->message, "'/not/grpc/path'");
	f = h_first_rule(&fs, "rewrite-target");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_contains(f->message, "GRPCRoute");
	findings_free(&fs);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_unsupported),
		cmocka_unit_test(test_gateway_secret_after_ingress),
		cmocka_unit_test(test_gateway_finish_to),
		cmocka_unit_test(test_gateway_backend_tls_defaults),
		cmocka_unit_test(test_gateway_passthrough_split),
		cmocka_unit_test(test_gateway_grpc),
		cmocka_unit_test(test_added_document_crlf),
		cmocka_unit_test(test_remove_block_scalar),
		cmocka_unit_test(test_remove_block_scalar_last),
		cmocka_unit_test(test_keep_unsupported),
		cmocka_unit_test(test_all_removed_block),
		cmocka_unit_test(test_ssl_ciphers_replaced),
		cmocka_unit_test(test_set_value),
		cmocka_unit_test(test_allowlist_renamed),
		cmocka_unit_test(test_class_quoting),
		cmocka_unit_test(test_keep_class),
		cmocka_unit_test(test_target_class_quoting),
		cmocka_unit_test(test_class_annotation),
		cmocka_unit_test(test_classless_included),
		cmocka_unit_test(test_classless_flow_spec),
		cmocka_unit_test(test_hsts_added),
		cmocka_unit_test(test_hsts_merged),
		cmocka_unit_test(test_hsts_own_kept),
		cmocka_unit_test(test_hsts_settings),
		cmocka_unit_test(test_hsts_fixed_point),
		cmocka_unit_test(test_hsts_comment),
		cmocka_unit_test(test_ssl_redirect_added),
		cmocka_unit_test(test_ssl_redirect_no_annotations),
		cmocka_unit_test(test_ssl_redirect_empty_annotations),
		cmocka_unit_test(test_ssl_redirect_flow_metadata),
		cmocka_unit_test(test_ssl_redirect_explicit_kept),
		cmocka_unit_test(test_flow_annotations),
		cmocka_unit_test(test_flow_annotations_first_removed),
		cmocka_unit_test(test_flow_all_removed),
		cmocka_unit_test(test_flow_all_removed_then_added),
		cmocka_unit_test(test_json_ingress),
		cmocka_unit_test(test_json_no_annotations),
		cmocka_unit_test(test_bytes_outside_edits),
		cmocka_unit_test(test_no_convert_is_identity),
		cmocka_unit_test(test_list_items_converted),
		cmocka_unit_test(test_crlf_input),
		cmocka_unit_test(test_comments_block),
		cmocka_unit_test(test_comments_class_annotation_and_added_class),
		cmocka_unit_test(test_comments_flow_and_json),
		cmocka_unit_test(test_comments_crlf),
		cmocka_unit_test(test_emit_scalar),
		cmocka_unit_test(test_set_value_block_scalar),
		cmocka_unit_test(test_allowlist_and_whitelist),
		cmocka_unit_test(test_explicit_keys),
		cmocka_unit_test(test_emit_scalar_yaml11_numbers),
	};
	return cmocka_run_group_tests_name("emit", tests, h_rules_setup, h_rules_teardown);
}
