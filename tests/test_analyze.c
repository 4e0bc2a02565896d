/* test_analyze.c - unit tests for analyze.h and ingress.h: which Ingresses
 * are Ingress-NGINX's, one finding per prefixed annotation, object-level
 * findings, converters and statistics. */
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
#include "harness.h"
#include "util.h"

/* Class detection -------------------------------------------------------- */

/* Three prefixed annotations, two others; no TLS, Prefix paths. */
#define ANNOTATIONS \
	"  annotations:\n" \
	"    " PREFIX "/auth-url: \"http://auth.example/check\"\n" \
	"    " PREFIX "/enable-cors: \"true\"\n" \
	"    " PREFIX "/proxy-body-size: 8m\n" \
	"    cert-manager.io/cluster-issuer: letsencrypt\n" \
	"    nginx.ingress.kubernetes.io.other/x: \"1\"\n"

#define RULES \
	"  rules:\n" \
	"  - host: a.example\n" \
	"    http:\n" \
	"      paths:\n" \
	"      - path: /\n" \
	"        pathType: Prefix\n" \
	"        backend: {service: {name: web, port: {number: 80}}}\n"

static void assert_three_annotation_findings(const struct h_run *res)
{
	const struct finding *f;

	assert_int_equal(res->rc, 0);
	assert_int_equal(h_count_ann(&res->fs, PREFIX "/auth-url"), 1);
	assert_int_equal(h_count_ann(&res->fs, PREFIX "/enable-cors"), 1);
	assert_int_equal(h_count_ann(&res->fs, PREFIX "/proxy-body-size"), 1);
	assert_int_equal(h_count_ann(&res->fs, "cert-manager.io/cluster-issuer"), 0);
	assert_int_equal(h_count_ann(&res->fs, "nginx.ingress.kubernetes.io.other/x"), 0);
	assert_int_equal(h_count_ann(&res->fs, NULL) - h_count_rule(&res->fs, "other-class-nginx-annotations"), 0);
	/* besides the warning on an Ingress of another class that has some */
	assert_int_equal(res->fs.n - h_count_rule(&res->fs, "other-class-nginx-annotations"), 3);
	f = h_only_ann(&res->fs, PREFIX "/auth-url");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_string_equal(f->rule, "auth-url");
	assert_string_equal(f->value, "http://auth.example/check");
	assert_string_equal(f->kind, "Ingress");
	assert_string_equal(f->name, "web");
	assert_string_equal(f->ns, "shop");
	assert_string_equal(f->file, "in.yaml");
	assert_non_null(f->message);
	assert_int_equal(res->astats.ingresses, 1);
	assert_int_equal(res->astats.annotations, 3);
}

static void test_class_by_ingress_class_name(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		"  ingressClassName: nginx\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_three_annotation_findings(&res);
	/* the finding points at the annotation key */
	f = h_only_ann(&res.fs, PREFIX "/enable-cors");
	assert_int_equal(f->pos.line, 8);
	assert_int_equal(f->pos.column, 5);
	assert_int_equal(f->pos.start, (size_t)(strstr(text, PREFIX "/enable-cors") - text));
	assert_int_equal(f->status, ST_CONVERTED);	/* origin '*' with credentials: conv_cors */
	assert_string_equal(f->rule, "enable-cors");
	h_run_free(&res);
}

static void test_class_by_annotation(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"    kubernetes.io/ingress.class: nginx\n"
		"spec:\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_three_annotation_findings(&res);
	h_run_free(&res);
}

static void test_class_annotation_wins(void **state)
{
	/* the annotation wins over spec.ingressClassName, both ways */
	static const char nginx_wins[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"    kubernetes.io/ingress.class: nginx\n"
		"spec:\n"
		"  ingressClassName: traefik\n"
		RULES;
	static const char other_wins[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations:\n"
		"    kubernetes.io/ingress.class: traefik\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, nginx_wins, 0, NULL);
	assert_three_annotation_findings(&res);
	h_run_free(&res);
	h_analyze(&res, &opt, other_wins, 0, NULL);
	/* not analysed: one warning that its nginx annotations go unchecked */
	assert_int_equal(res.fs.n, 1);
	assert_int_equal(h_count_rule(&res.fs, "other-class-nginx-annotations"), 1);
	assert_int_equal(res.astats.ingresses, 0);
	h_run_free(&res);
}

static void test_class_by_ingress_class_object(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: corp-nginx\n"
		"spec:\n"
		"  controller: k8s.io/ingress-nginx\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: other\n"
		"spec:\n"
		"  controller: example.com/other\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		"  ingressClassName: corp-nginx\n"
		RULES
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: skipped\n"
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  ingressClassName: other\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_three_annotation_findings(&res);
	assert_int_equal(h_count_rule(&res.fs, "other-class-nginx-annotations"), 1);
	assert_int_equal(res.astats.objects, 4);
	assert_int_equal(res.astats.ingresses, 1);
	h_run_free(&res);
}

static void test_class_by_default_ingress_class(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: public\n"
		"  annotations:\n"
		"    ingressclass.kubernetes.io/is-default-class: \"true\"\n"
		"spec:\n"
		"  controller: k8s.io/ingress-nginx\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_three_annotation_findings(&res);
	assert_int_equal(h_count_rule(&res.fs, "classless-ingress"), 0);
	h_run_free(&res);
}

static void test_default_class_of_other_controller(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: public\n"
		"  annotations:\n"
		"    ingressclass.kubernetes.io/is-default-class: \"true\"\n"
		"spec:\n"
		"  controller: example.com/other\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 1);
	assert_int_equal(h_count_rule(&res.fs, "classless-nginx-annotations"), 1);
	assert_int_equal(res.astats.ingresses, 0);
	h_run_free(&res);
}

static void test_other_class(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		"  ingressClassName: traefik\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.fs.n, 1);
	f = h_only_rule(&res.fs, "other-class-nginx-annotations");
	assert_int_equal(f->severity, SEV_WARNING);
	assert_contains(f->message, "class 'traefik'");
	assert_contains(f->message, "3 'nginx.ingress.kubernetes.io/' annotations");
	assert_contains(f->fix, "--ingress-class traefik");
	assert_contains(f->fix, "'ingress-class'");
	assert_int_equal(res.astats.objects, 1);
	assert_int_equal(res.astats.ingresses, 0);
	assert_int_equal(res.astats.annotations, 0);
	h_run_free(&res);
}

static void test_extra_class_option(void **state)
{
	static const char *const classes[] = { "nginx", "internal" };
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		ANNOTATIONS
		"spec:\n"
		"  ingressClassName: internal\n"
		RULES;
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	opt.classes = classes;
	opt.nclasses = 2;
	h_analyze(&res, &opt, text, 0, NULL);
	assert_three_annotation_findings(&res);
	h_run_free(&res);
}

static const char classless_text[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: web\n"
	"  namespace: shop\n"
	ANNOTATIONS
	"spec:\n"
	RULES;

static void test_classless(void **state)
{
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, classless_text, 0, NULL);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.fs.n, 1);
	f = h_only_rule(&res.fs, "classless-nginx-annotations");
	assert_null(f->annotation);
	assert_int_equal(f->status, ST_IGNORED);
	assert_int_equal(f->severity, SEV_WARNING);
	assert_contains(f->fix, "--include-classless");
	assert_string_equal(f->name, "web");
	assert_int_equal(f->pos.line, 2);
	assert_int_equal(res.astats.ingresses, 0);
	assert_int_equal(res.astats.annotations, 0);
	h_run_free(&res);

	opt.include_classless = true;
	h_analyze(&res, &opt, classless_text, 0, NULL);
	assert_three_annotation_findings(&res);
	assert_int_equal(h_count_rule(&res.fs, "classless-ingress"), 0);
	h_run_free(&res);
}

static void test_empty_class_is_classless(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"spec:\n"
		"  ingressClassName: \"\"\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 1);
	assert_int_equal(h_count_rule(&res.fs, "classless-ingress"), 1);
	h_run_free(&res);
}

static void test_late_ingress_class(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: early\n"
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  ingressClassName: corp\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: early2\n"
		"spec:\n"
		"  ingressClassName: corp\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: corp\n"
		"spec:\n"
		"  controller: k8s.io/ingress-nginx\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: late\n"
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  ingressClassName: corp\n";
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.rc, 0);
	f = h_only_rule(&res.fs, "late-ingress-class");
	assert_null(f->annotation);
	assert_string_equal(f->kind, "IngressClass");
	assert_string_equal(f->name, "corp");
	assert_int_equal(f->pos.line, 18);
	assert_contains(f->message, "corp");
	assert_contains(f->message, "2 Ingresses");
	/* the Ingress after the IngressClass is analysed */
	assert_int_equal(h_count_ann(&res.fs, PREFIX "/auth-url"), 1);
	assert_string_equal(h_only_ann(&res.fs, PREFIX "/auth-url")->name, "late");
	assert_int_equal(res.fs.n - h_count_rule(&res.fs, "other-class-nginx-annotations"), 2);
	assert_int_equal(res.astats.ingresses, 1);
	h_run_free(&res);
}

static void test_late_default_ingress_class(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: early\n"
		"spec: {}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata:\n"
		"  name: public\n"
		"  annotations:\n"
		"    ingressclass.kubernetes.io/is-default-class: \"true\"\n"
		"spec:\n"
		"  controller: k8s.io/ingress-nginx\n";
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 2);
	assert_int_equal(h_count_rule(&res.fs, "classless-ingress"), 1);
	f = h_only_rule(&res.fs, "late-ingress-class");
	assert_contains(f->message, "1 Ingress ");
	assert_contains(f->fix, "--include-classless");
	h_run_free(&res);
}

static void test_no_late_finding_when_in_order(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: IngressClass\n"
		"metadata: {name: corp}\n"
		"spec: {controller: k8s.io/ingress-nginx}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {name: web}\n"
		"spec: {ingressClassName: corp}\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "late-ingress-class"), 0);
	assert_int_equal(res.fs.n, 0);
	assert_int_equal(res.astats.ingresses, 1);
	h_run_free(&res);
}

/* Annotations ------------------------------------------------------------ */

#define INGRESS_HEAD \
	"apiVersion: networking.k8s.io/v1\n" \
	"kind: Ingress\n" \
	"metadata:\n" \
	"  name: web\n" \
	"  annotations:\n"

#define INGRESS_TAIL \
	"spec:\n" \
	"  ingressClassName: nginx\n"

static void test_unknown_annotation(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/enable-cros: \"true\"\n"
		"    " PREFIX "/completely-different-thing: \"x\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 2);
	f = h_only_ann(&res.fs, PREFIX "/enable-cros");
	assert_int_equal(f->status, ST_UNKNOWN);
	assert_contains(f->message, "enable-cors");
	assert_contains(f->fix, PREFIX "/enable-cors");
	assert_string_equal(f->value, "true");
	f = h_only_ann(&res.fs, PREFIX "/completely-different-thing");
	assert_int_equal(f->status, ST_UNKNOWN);
	assert_null(strstr(f->message, "did you mean"));
	assert_int_equal(res.astats.annotations, 2);
	h_run_free(&res);
}

static void test_invalid_value(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/proxy-read-timeout: \"60s\"\n"
		"    " PREFIX "/ssl-redirect: \"yes\"\n"
		"    " PREFIX "/proxy-send-timeout: \"30\"\n"
		"    " PREFIX "/enable-cors: [true]\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 4);
	f = h_only_ann(&res.fs, PREFIX "/proxy-read-timeout");
	assert_int_equal(f->status, ST_INVALID);
	assert_string_equal(f->rule, "invalid-value");
	assert_contains(f->message, "60s");
	assert_int_equal(h_only_ann(&res.fs, PREFIX "/ssl-redirect")->status, ST_INVALID);
	assert_int_not_equal(h_only_ann(&res.fs, PREFIX "/proxy-send-timeout")->status, ST_INVALID);
	/* a non-string value */
	f = h_only_ann(&res.fs, PREFIX "/enable-cors");
	assert_int_equal(f->status, ST_INVALID);
	assert_null(f->value);
	h_run_free(&res);
}

static void test_alias_value(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/proxy-read-timeout: &t \"60\"\n"
		"    " PREFIX "/proxy-send-timeout: *t\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	enum status send;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 2);
	assert_int_equal(h_only_ann(&res.fs, PREFIX "/proxy-read-timeout")->status, ST_UNSUPPORTED);
	send = h_only_ann(&res.fs, PREFIX "/proxy-send-timeout")->status;
	h_run_free(&res);
	/* Regression: a YAML alias to a string is a string once the manifest is
	 * read (kubectl resolves aliases), but annotation() (analyze.c)
	 * tests an->vnode->type != N_SCALAR, so the aliased value is
	 * reported ST_INVALID "annotation values must be strings;
	 * Kubernetes rejects this object", which is false (and ingress_build
	 * gives it the value ""). Expected: analysed like "60". */
	assert_int_equal(send, ST_UNSUPPORTED);
}

static void test_custom_prefix(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    example.com/auth-url: \"http://a/b\"\n"
		"    example.com/enable-cros: \"true\"\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	opt.prefix = "example.com";
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_ann(&res.fs, "example.com/auth-url");
	assert_string_equal(f->rule, "auth-url");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	f = h_only_ann(&res.fs, "example.com/enable-cros");
	assert_int_equal(f->status, ST_UNKNOWN);
	assert_contains(f->fix, "example.com/enable-cors");
	/* not read by a controller using another prefix, nor by Higress */
	assert_int_equal(h_count_ann(&res.fs, PREFIX "/auth-url"), 0);
	assert_int_equal(res.astats.annotations, 2);
	h_run_free(&res);
}

static void test_legacy_api(void **state)
{
	static const char text[] =
		"apiVersion: extensions/v1beta1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: old\n"
		"  annotations:\n"
		"    kubernetes.io/ingress.class: nginx\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  backend:\n"
		"    serviceName: web\n"
		"    servicePort: 80\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1beta1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: old2\n"
		"  annotations:\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"---\n"
		"apiVersion: example.com/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: not-k8s\n"
		"  annotations:\n"
		"    kubernetes.io/ingress.class: nginx\n"
		"    " PREFIX "/auth-url: \"http://a/b\"\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	/* per legacy Ingress: its annotation, then the apiVersion warning */
	assert_int_equal(res.fs.n, 4);
	assert_string_equal(res.fs.v[0].name, "old");
	assert_string_equal(res.fs.v[0].rule, "auth-url");
	assert_string_equal(res.fs.v[1].name, "old");
	assert_string_equal(res.fs.v[1].rule, "legacy-api-version");
	assert_null(res.fs.v[1].annotation);
	assert_int_equal(res.fs.v[1].pos.line, 1);
	assert_string_equal(res.fs.v[2].name, "old2");
	assert_string_equal(res.fs.v[2].rule, "auth-url");
	assert_string_equal(res.fs.v[3].rule, "legacy-api-version");
	assert_int_equal(res.astats.objects, 3);
	assert_int_equal(res.astats.ingresses, 2);
	h_run_free(&res);
}

static void test_stats(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: Service\n"
		"metadata: {name: web}\n"
		"---\n"
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- apiVersion: networking.k8s.io/v1\n"
		"  kind: Ingress\n"
		"  metadata:\n"
		"    name: a\n"
		"    annotations:\n"
		"      " PREFIX "/enable-cors: \"true\"\n"
		"      " PREFIX "/cors-allow-origin: \"*\"\n"
		"      other.io/x: z\n"
		"  spec: {ingressClassName: nginx}\n"
		"- apiVersion: networking.k8s.io/v1\n"
		"  kind: Ingress\n"
		"  metadata:\n"
		"    name: b\n"
		"    annotations:\n"
		"      " PREFIX "/enable-cors: \"true\"\n"
		"  spec: {ingressClassName: traefik}\n"
		"- apiVersion: networking.k8s.io/v1\n"
		"  kind: Ingress\n"
		"  metadata:\n"
		"    name: c\n"
		"    annotations:\n"
		"      " PREFIX "/nope: \"1\"\n"
		"  spec: {ingressClassName: nginx}\n";
	struct analyze_options opt;
	struct h_run res = {0};

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.astats.objects, 4);
	assert_int_equal(res.astats.ingresses, 2);
	assert_int_equal(res.astats.annotations, 3);
	assert_int_equal(res.fs.n, 4);
	assert_int_equal(h_only_rule(&res.fs, "other-class-nginx-annotations")->severity, SEV_WARNING);
	assert_int_equal(h_only_ann(&res.fs, PREFIX "/nope")->status, ST_UNKNOWN);
	h_run_free(&res);
}

/* Issue 9 section 4: plain values kubectl does not read as strings, each
 * at its value; quoted, tagged and block values are strings. */
static void test_yaml_typing(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-redirect: true\n"
		"    other.io/mode: 0755\n"
		"    other.io/empty: ~\n"
		"    other.io/day: 2024-01-31\n"
		"    other.io/q: \"true\"\n"
		"    other.io/t: !!str yes\n"
		"    other.io/b: |\n"
		"      on\n"
		"    other.io/s: 60s\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "invalid-annotations"), 4);
	for (size_t i = 0; i < res.fs.n; i++) {
		f = &res.fs.v[i];
		if (strcmp(f->rule, "invalid-annotations") != 0)
			continue;
		if (strcmp(f->annotation, PREFIX "/ssl-redirect") == 0) {
			assert_int_equal(f->pos.line, 6);
			assert_int_equal(f->pos.column, 47);
			assert_int_equal(f->severity, SEV_ERROR);
			assert_contains(f->message, "a boolean");
			assert_contains(f->fix, "\"true\"");
		} else if (strcmp(f->annotation, "other.io/mode") == 0) {
			assert_int_equal(f->pos.column, 20);
			assert_contains(f->message, "an integer");
		} else if (strcmp(f->annotation, "other.io/empty") == 0) {
			assert_contains(f->message, "null");
			assert_int_equal(f->severity, SEV_ERROR);
		} else {
			assert_string_equal(f->annotation, "other.io/day");
			assert_int_equal(f->severity, SEV_WARNING);
		}
	}
	/* the annotation's own finding judges the value as read */
	assert_int_equal(h_count_rule(&res.fs, "ssl-redirect"), 1);
	h_run_free(&res);
}

/* Issue 9 section 2: the CVE findings point at the offending byte inside
 * the value, through escapes and block scalars. */
static void test_injection_columns(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/auth-url: \"http://a/\\x41\\u00e9;x\"\n"
		"    " PREFIX "/auth-tls-match-cn: 'CN=it''s'\n"
		"    " PREFIX "/app-root: |\n"
		"      /a\n"
		"        /b{x\n"
		"    " PREFIX "/configuration-snippet: \"more_set_headers 'X: a;b';\"\n"
		"    " PREFIX "/x-forwarded-prefix: /ok\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_rule(&res.fs, "cve-2025-24514-auth-url-injection");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_int_equal(f->pos.line, 6);
	assert_int_equal(f->pos.column, 63);	/* the ';' after two escapes */
	f = h_only_rule(&res.fs, "cve-2025-1097-auth-tls-match-cn-injection");
	assert_int_equal(f->pos.line, 7);
	assert_int_equal(f->pos.column, 58);	/* the first of the doubled quotes */
	f = h_only_rule(&res.fs, "cve-2021-25746-annotation-injection");
	assert_string_equal(f->annotation, PREFIX "/app-root");
	assert_int_equal(f->pos.line, 9);
	assert_int_equal(f->pos.column, 9);	/* the line break after '/a' */
	/* snippets and clean values: only their own finding */
	assert_int_equal(h_count_rule(&res.fs, "configuration-snippet"), 1);
	assert_int_equal(res.fs.n, 8);
	h_run_free(&res);
}

/* Issue 9 section 2: an invalid auth-always-set-cookie drops the whole
 * external auth on ingress-nginx: critical with 'auth-url', the usual
 * invalid-value without. */
static void test_auth_fail_open(void **state)
{
	static const char with_auth[] =
		INGRESS_HEAD
		"    " PREFIX "/auth-url: http://auth.example/verify\n"
		"    " PREFIX "/auth-always-set-cookie: \"yes\"\n"
		"    " PREFIX "/auth-cache-duration: \"200 5m\"\n"
		INGRESS_TAIL;
	static const char without[] =
		INGRESS_HEAD
		"    " PREFIX "/auth-always-set-cookie: \"yes\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, with_auth, 0, NULL);
	f = h_only_rule(&res.fs, "auth-fail-open");
	assert_string_equal(f->annotation, PREFIX "/auth-always-set-cookie");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_contains(f->message, "without authentication");
	assert_contains(f->message, "http://auth.example/verify");
	assert_int_equal(h_count_rule(&res.fs, "invalid-value"), 0);
	h_run_free(&res);
	h_analyze(&res, &opt, without, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "auth-fail-open"), 0);
	assert_int_equal(h_only_rule(&res.fs, "invalid-value")->severity, SEV_ERROR);
	h_run_free(&res);
}

static void test_implicit_ssl_redirect(void **state)
{
	static const char tls[] =
		INGRESS_HEAD
		"    " PREFIX "/enable-cors: \"true\"\n"
		INGRESS_TAIL
		"  tls:\n"
		"  - hosts: [a.example]\n"
		"    secretName: a-tls\n";
	static const char explicit_off[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-redirect: \"false\"\n"
		INGRESS_TAIL
		"  tls:\n"
		"  - hosts: [a.example]\n";
	static const char forced[] =
		INGRESS_HEAD
		"    " PREFIX "/force-ssl-redirect: \"true\"\n"
		INGRESS_TAIL
		"  tls:\n"
		"  - hosts: [a.example]\n";
	static const char no_tls[] =
		INGRESS_HEAD
		"    " PREFIX "/enable-cors: \"true\"\n"
		INGRESS_TAIL
		"  tls: []\n";
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, tls, 0, NULL);
	f = h_only_rule(&res.fs, "implicit-ssl-redirect");
	assert_null(f->annotation);
	assert_int_equal(f->status, ST_CONVERTED);
	assert_int_equal(f->pos.line, 9);
	assert_contains(f->message, "ssl-redirect");
	assert_int_equal(h_count_rule(&res.fs, "hsts-default"), 1);	/* test_hsts_default */
	assert_int_equal(res.fs.n, 3);
	h_run_free(&res);

	h_analyze(&res, &opt, explicit_off, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "implicit-ssl-redirect"), 0);
	h_run_free(&res);
	h_analyze(&res, &opt, forced, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "implicit-ssl-redirect"), 0);
	h_run_free(&res);
	h_analyze(&res, &opt, no_tls, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "implicit-ssl-redirect"), 0);
	h_run_free(&res);
}

/* hsts-default: on each Ingress with TLS, its own (at spec.tls) or
 * another's for its host (at spec.rules); none without TLS, with
 * ssl-passthrough, or with 'hsts: "false"'; a warning --to gateway. */
static void test_hsts_default(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/enable-cors: \"true\"\n"
		INGRESS_TAIL
		"  tls:\n"
		"  - hosts: [a.example]\n"
		"  rules:\n"
		"  - host: a.example\n"
		"    http: {paths: [{path: /, backend: {service: {name: a, port: {number: 80}}}}]}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {name: api}\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  rules:\n"
		"  - host: a.example\n"
		"    http: {paths: [{path: /, backend: {service: {name: a, port: {number: 80}}}}]}\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata: {name: plain}\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  rules:\n"
		"  - host: b.example\n"
		"---\n"
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: pass\n"
		"  annotations: {" PREFIX "/ssl-passthrough: \"True\"}\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  tls: [{hosts: [c.example]}]\n";
	struct analyze_options opt;
	struct h_run res = {0};
	struct ctrl_settings off = { .hsts = false, .ssl_redirect = true };
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "hsts-default"), 2);
	f = h_first_rule(&res.fs, "hsts-default");
	assert_string_equal(f->name, "web");
	assert_int_equal(f->pos.line, 9);	/* spec.tls */
	assert_int_equal(f->status, ST_CONVERTED);
	assert_int_equal(f->severity, SEV_INFO);
	assert_contains(f->message, "'Strict-Transport-Security: max-age=31536000; includeSubDomains'");
	assert_contains(f->fix, "--nginx-configmap");
	for (size_t i = 0; i < res.fs.n; i++) {
		f = &res.fs.v[i];
		if (strcmp(f->rule, "hsts-default") != 0 || strcmp(f->name, "api") != 0)
			continue;
		assert_int_equal(f->pos.line, 20);	/* spec.rules */
		assert_contains(f->message, "host 'a.example' has TLS from Ingress 'default/web'");
	}
	h_run_free(&res);

	/* --to gateway: the emitter sets it on the routes of web's TLS host;
	 * api's routes serve the HTTP listener only */
	opt.target = TARGET_GATEWAY;
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "hsts-default"), 2);
	f = h_first_rule(&res.fs, "hsts-default");
	assert_string_equal(f->name, "web");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_int_equal(f->severity, SEV_INFO);
	assert_contains(f->message, "ResponseHeaderModifier");
	assert_null(strstr(f->message, "RFC 6797"));	/* redirected: no HTTP-listener route */
	for (size_t i = 0; i < res.fs.n; i++) {
		f = &res.fs.v[i];
		if (strcmp(f->rule, "hsts-default") != 0 || strcmp(f->name, "api") != 0)
			continue;
		assert_int_equal(f->status, ST_UNSUPPORTED);
		assert_int_equal(f->severity, SEV_WARNING);
		assert_contains(f->message, "HTTP listener only");
		assert_contains(f->fix, "'spec.tls'");
	}
	h_run_free(&res);

	h_default_options(&opt);
	opt.ctrl = &off;
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(h_count_rule(&res.fs, "hsts-default"), 0);
	h_run_free(&res);
}

static const struct finding *hash_by(struct h_run *res, const char *value)
{
	char *text = xasprintf(INGRESS_HEAD "    " PREFIX "/upstream-hash-by: \"%s\"\n" INGRESS_TAIL, value);
	struct analyze_options opt;
	const struct finding *f;

	h_default_options(&opt);
	h_analyze(res, &opt, text, 0, NULL);
	free(text);
	assert_int_equal(res->fs.n, 1);
	f = h_only_ann(&res->fs, PREFIX "/upstream-hash-by");
	assert_string_equal(f->value, value);
	return f;
}

static void test_upstream_hash_by(void **state)
{
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	f = hash_by(&res, "$http_x_user_id");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_contains(f->message, "$http_x-user-id");
	h_run_free(&res);

	f = hash_by(&res, "$request_uri");
	assert_int_equal(f->status, ST_SUPPORTED);
	h_run_free(&res);

	f = hash_by(&res, "$http_x-user-id");
	assert_int_equal(f->status, ST_SUPPORTED);
	h_run_free(&res);

	f = hash_by(&res, "$arg_id");
	assert_int_equal(f->status, ST_SUPPORTED);
	h_run_free(&res);

	f = hash_by(&res, "$request_uri$host");
	assert_int_equal(f->status, ST_PARTIAL);
	assert_contains(f->message, "$request_uri$host");
	h_run_free(&res);

	f = hash_by(&res, "$cookie_session");
	assert_int_equal(f->status, ST_PARTIAL);
	h_run_free(&res);
}

static void test_converters(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384\"\n"
		"    " PREFIX "/allowlist-source-range: \"10.0.0.0/8, 192.168.0.1\"\n"
		"    " PREFIX "/whitelist-source-range: \"10.0.0.0/8\"\n"
		"    " PREFIX "/mirror-target: \"http://mirror.tools:8080/$request_uri\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 4);
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_int_equal(f->severity, SEV_INFO);
	f = h_only_ann(&res.fs, PREFIX "/allowlist-source-range");
	assert_int_equal(f->status, ST_CONVERTED);
	f = h_only_ann(&res.fs, PREFIX "/whitelist-source-range");
	assert_int_equal(f->status, ST_PARTIAL);
	assert_string_equal(f->rule, "whitelist-source-range");
	/* 'mirror.tools' may be a public name: an external host, which
	 * mirrors only once registered with Higress */
	f = h_only_ann(&res.fs, PREFIX "/mirror-target");
	assert_int_equal(f->status, ST_PARTIAL);
	assert_contains(f->message, "tools/mirror:8080");
	assert_contains(f->fix, "McpBridge");
	h_run_free(&res);
}

static void test_ssl_ciphers_keywords(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-ciphers: \"HIGH:!aNULL:!MD5\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	/* only a keyword and operators: Istio would keep '!aNULL:!MD5', an
	 * empty cipher list the listener rejects; nothing is written */
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_contains(f->message, "HIGH:!aNULL:!MD5");
	assert_contains(f->message, "is not written");
	h_run_free(&res);
}

/* An empty value is absent for ingress-nginx: nothing to convert. */
static void test_empty_converted_values(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-ciphers: \"\"\n"
		"    " PREFIX "/mirror-target: \"\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	assert_int_equal(f->status, ST_IGNORED);
	assert_int_equal(f->severity, SEV_INFO);
	f = h_only_ann(&res.fs, PREFIX "/mirror-target");
	assert_int_equal(f->status, ST_IGNORED);
	assert_contains(f->message, "nothing is mirrored");
	h_run_free(&res);
}

static void test_ssl_ciphers_filtered(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-ciphers: \"EECDH+AESGCM:ECDHE-RSA-AES128-GCM-SHA256:!aNULL "
		"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	assert_int_equal(f->status, ST_CONVERTED);
	assert_int_equal(f->severity, SEV_WARNING);
	assert_contains(f->message, "'higress.io/ssl-cipher: ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384'");
	assert_contains(f->message, "dropped, not a cipher suite higress accepts (Istio's list): 'EECDH+AESGCM', "
				    "'!aNULL', 'DHE-RSA-AES128-GCM-SHA256'");
	assert_contains(f->message, "'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' as 'ECDHE-RSA-AES256-GCM-SHA384'");
	h_run_free(&res);
}

static void test_rewrite_target_empty(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/rewrite-target: \"\"\n"
		INGRESS_TAIL
		"  rules:\n"
		"  - http:\n"
		"      paths:\n"
		"      - path: /api\n"
		"        pathType: Prefix\n"
		"        backend: {service: {name: web, port: {number: 80}}}\n";
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	/* Regression: an empty value is "never validated (the controller treats it
	 * as absent)" (rules/annotations.yaml), but conv_rewrite_target()
	 * (analyze.c) still runs for rewrite-target "": it plans adding
	 * use-regex "true" (status converted, severity warning), which
	 * turns every path of the Ingress into a regex on Higress.
	 * Expected: no conversion, status partial as in the rule. Related:
	 * its message reads p[strlen(p) - 1] with p the first path, which
	 * is p[-1] (one byte before the string, undefined behaviour that
	 * ASan misses inside the arena chunk) for an Ingress whose first
	 * path is "". */
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_ann(&res.fs, PREFIX "/rewrite-target");
	assert_int_not_equal(f->status, ST_CONVERTED);
	assert_null(strstr(f->message, "use-regex"));
	h_run_free(&res);
}

static void test_implementation_specific_path(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/enable-cors: \"true\"\n"
		INGRESS_TAIL
		"  rules:\n"
		"  - http:\n"
		"      paths:\n"
		"      - path: /api\n"
		"        pathType: ImplementationSpecific\n"
		"        backend: {service: {name: web, port: {number: 80}}}\n"
		"      - path: /exact\n"
		"        pathType: Exact\n"
		"        backend: {service: {name: web, port: {number: 80}}}\n"
		"      - path: /dir/\n"
		"        backend: {service: {name: web, port: {number: 80}}}\n";
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;

	(void)state;
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_rule(&res.fs, "implementation-specific-path");
	assert_int_equal(f->status, ST_PARTIAL);
	assert_int_equal(f->pos.line, 12);
	assert_contains(f->message, "/api");
	h_run_free(&res);
}

/* ingress.h -------------------------------------------------------------- */

static void build_check(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	struct ingress ing;
	int *calls = ctx;

	(void)st;
	(void)index;
	(*calls)++;
	assert_int_equal(object_kind(obj), OBJ_INGRESS);
	ingress_build(&ing, obj);
	assert_string_equal(ing.api_version, "networking.k8s.io/v1");
	assert_string_equal(ing.kind, "Ingress");
	assert_string_equal(ing.name, "web");
	assert_string_equal(ing.ns, "shop");
	assert_false(ing.legacy_api);
	assert_true(ing.has_tls);
	assert_int_equal(ing.nann, 3);
	assert_string_equal(ing.ann[0].key, "a.io/x");
	assert_string_equal(ing.ann[1].value, "");	/* non-scalar */
	assert_non_null(ing.class_annotation);
	assert_string_equal(ing.class_annotation->value, "nginx");
	assert_non_null(ing.class_name);
	assert_string_equal(ingress_class(&ing), "nginx");
	assert_non_null(ing.annotations_key);
	assert_string_equal(ing.annotations_key->value, "annotations");
	assert_int_equal(ing.npaths, 3);
	assert_string_equal(ing.paths[0].host, "a.example");
	assert_string_equal(ing.paths[0].path, "/");
	assert_string_equal(ing.paths[0].path_type, "Prefix");
	assert_null(ing.paths[2].host);
	assert_null(ing.paths[2].path);
	assert_non_null(ing.spec);
	ingress_free(&ing);
	assert_null(ing.ann);
}

static void test_ingress_build(void **state)
{
	static const char text[] =
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  annotations:\n"
		"    a.io/x: \"1\"\n"
		"    b.io/y: {not: scalar}\n"
		"    kubernetes.io/ingress.class: nginx\n"
		"spec:\n"
		"  ingressClassName: other\n"
		"  tls: [{hosts: [a.example]}]\n"
		"  rules:\n"
		"  - host: a.example\n"
		"    http:\n"
		"      paths:\n"
		"      - {path: /, pathType: Prefix}\n"
		"      - {path: /b, pathType: Exact}\n"
		"  - http:\n"
		"      paths:\n"
		"      - {pathType: Prefix}\n";
	int calls = 0;

	(void)state;
	assert_int_equal(h_objects("b.yaml", text, build_check, &calls), 1);
	assert_int_equal(calls, 1);
}

static void kind_check(struct stream *st, struct node *obj, size_t index, void *ctx)
{
	int *kinds = ctx;

	(void)st;
	(void)index;
	kinds[kinds[0] + 1] = (int)object_kind(obj);
	kinds[0]++;
}

static void test_object_kind(void **state)
{
	static const char text[] =
		"{apiVersion: networking.k8s.io/v1, kind: Ingress}\n---\n"
		"{apiVersion: extensions/v1beta1, kind: Ingress}\n---\n"
		"{apiVersion: networking.k8s.io/v1, kind: IngressClass}\n---\n"
		"{apiVersion: networking.k8s.io/v1beta1, kind: IngressClass}\n---\n"
		"{apiVersion: v1, kind: Ingress}\n---\n"
		"{kind: Ingress}\n---\n"
		"{apiVersion: v1, kind: Service}\n";
	static const int want[] = { OBJ_INGRESS, OBJ_INGRESS, OBJ_INGRESS_CLASS, OBJ_INGRESS_CLASS,
				    OBJ_OTHER, OBJ_OTHER, OBJ_OTHER };
	int kinds[16] = {0};

	(void)state;
	assert_int_equal(h_objects("k.yaml", text, kind_check, kinds), 7);
	assert_int_equal(kinds[0], 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(kinds[i + 1], want[i]);
}

/* Value-dependent rows (issue 6) ----------------------------------------- */

/* An Ingress of class nginx with the given annotation lines (each
 * "    KEY: VALUE\n"). Caller frees. */
static char *ingress_with(const char *name, const char *annotations, const char *spec_extra)
{
	return xasprintf("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: %s\n"
			 "  namespace: shop\n  annotations:\n%sspec:\n  ingressClassName: nginx\n%s",
			 name, annotations, spec_extra ? spec_extra : "");
}

static void test_canary_share(void **state)
{
	static const struct {
		const char *weight, *total;
		enum status status;
		const char *needle;
	} cases[] = {
		/* float32 arithmetic keeps whole percents of 100 exact */
		{ "29", NULL, ST_SUPPORTED, "(29%)" },
		{ "57", "100", ST_SUPPORTED, "(57%)" },
		{ "1", "3", ST_SUPPORTED, "(100%)" },	/* a total below 100 counts as 100 only on nginx: 1% vs 33% */
		{ "5", "1000", ST_PARTIAL, "higress sends the canary 0% (weight 5 of total 1000" },
		{ "333", "1000", ST_PARTIAL, "sends the canary 33%" },
		{ "150", "100", ST_SUPPORTED, "(100%)" },
		{ "0", NULL, ST_SUPPORTED, "(0%)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ann = xasprintf("    " PREFIX "/canary: \"true\"\n    " PREFIX "/canary-weight: \"%s\"\n%s%s%s",
				      cases[i].weight, cases[i].total ? "    " PREFIX "/canary-weight-total: \"" : "",
				      cases[i].total ? cases[i].total : "", cases[i].total ? "\"\n" : "");
		char *text = ingress_with("c", ann, NULL);
		struct analyze_options opt;
		struct h_run res = {0};
		const struct finding *f;

		h_default_options(&opt);
		h_analyze(&res, &opt, text, 0, NULL);
		f = h_only_ann(&res.fs, PREFIX "/canary-weight");
		if (i == 2) {
			/* higress 1 of 3 = 33%, ingress-nginx 1 of 100 */
			assert_int_equal(f->status, ST_PARTIAL);
			assert_contains(f->message, "higress sends the canary 33%");
			assert_contains(f->message, "ingress-nginx sent it 1%");
		} else {
			assert_int_equal(f->status, cases[i].status);
			assert_contains(f->message, cases[i].needle);
		}
		h_run_free(&res);
		free(text);
		free(ann);
	}
}

static void test_cors_credentials(void **state)
{
	static const struct {
		const char *ann;
		enum status status;
		enum severity sev;
	} cases[] = {
		{ "    " PREFIX "/enable-cors: \"true\"\n", ST_CONVERTED, SEV_ERROR },
		{ "    " PREFIX "/enable-cors: \"false\"\n", ST_SUPPORTED, SEV_INFO },
		/* higress reads higress.io/ after the nginx key */
		{ "    " PREFIX "/enable-cors: \"true\"\n    higress.io/cors-allow-credentials: \"false\"\n", ST_PARTIAL,
		  SEV_INFO },
		{ "    " PREFIX "/enable-cors: \"true\"\n    " PREFIX "/cors-allow-credentials: \"False\"\n", ST_PARTIAL,
		  SEV_INFO },
		{ "    " PREFIX "/enable-cors: \"1\"\n    " PREFIX "/cors-allow-origin: \"https://a.example, *\"\n",
		  ST_CONVERTED, SEV_ERROR },
		{ "    " PREFIX "/enable-cors: \"true\"\n    " PREFIX "/cors-allow-origin: \"https://a.example\"\n",
		  ST_PARTIAL, SEV_INFO },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = ingress_with("c", cases[i].ann, NULL);
		struct analyze_options opt;
		struct h_run res = {0};
		const struct finding *f;

		h_default_options(&opt);
		h_analyze(&res, &opt, text, 0, NULL);
		f = h_only_ann(&res.fs, PREFIX "/enable-cors");
		assert_int_equal(f->status, cases[i].status);
		assert_int_equal(f->severity, cases[i].sev);
		h_run_free(&res);
		free(text);
	}
}

static void test_ssl_passthrough_flag(void **state)
{
	static const char *const controllers[] = {
		"      - args: [/nginx-ingress-controller, --enable-ssl-passthrough]\n",
		"      - command: [/nginx-ingress-controller]\n        args: [-enable-ssl-passthrough=true]\n",
		"      - args: [/nginx-ingress-controller, --v=2]\n",
		"      - args: [/other-controller, --enable-ssl-passthrough=false]\n",
	};
	static const enum status want[] = { ST_PARTIAL, ST_PARTIAL, ST_CONVERTED, ST_PARTIAL };
	static const char *const needle[] = { "runs with '--enable-ssl-passthrough'", "runs with",
					      "runs without", "depends" };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		char *ing = ingress_with("p", "    " PREFIX "/ssl-passthrough: \"true\"\n", NULL);
		char *text = xasprintf("apiVersion: apps/v1\nkind: %s\nmetadata:\n  name: ctl\nspec:\n  template:\n"
				       "    spec:\n      containers:\n%s---\n%s", i == 1 ? "DaemonSet" : "Deployment",
				       controllers[i], ing);
		struct analyze_options opt;
		struct h_run res = {0};
		const struct finding *f;

		h_default_options(&opt);
		h_analyze(&res, &opt, text, 0, NULL);
		f = h_only_ann(&res.fs, PREFIX "/ssl-passthrough");
		assert_int_equal(f->status, want[i]);
		if (i < 3)
			assert_contains(f->message, needle[i]);
		else
			assert_contains(f->message, "only with the controller flag");
		h_run_free(&res);
		free(text);
		free(ing);
	}
}

static void test_auth_tls_secret_namespace(void **state)
{
	static const char tls[] = "  tls:\n  - hosts: [a.example]\n    secretName: a-tls\n";
	static const struct {
		const char *value;
		enum severity sev;
		const char *needle;
	} cases[] = {
		{ "a-tls", SEV_WARNING, "the TLS Secret itself" },
		{ "shop/a-tls-cacert", SEV_WARNING, "'<tls-secret>-cacert'" },
		/* the right name in another namespace does not count */
		{ "other/a-tls-cacert", SEV_CRITICAL, "in the Ingress's namespace" },
		{ "ca", SEV_CRITICAL, "not in the input before this Ingress" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ann = xasprintf("    " PREFIX "/auth-tls-secret: \"%s\"\n", cases[i].value);
		char *text = ingress_with("m", ann, tls);
		struct analyze_options opt;
		struct h_run res = {0};
		const struct finding *f;

		h_default_options(&opt);
		h_analyze(&res, &opt, text, 0, NULL);
		f = h_only_ann(&res.fs, PREFIX "/auth-tls-secret");
		assert_int_equal(f->severity, cases[i].sev);
		assert_contains(f->message, cases[i].needle);
		if (cases[i].sev == SEV_CRITICAL)
			assert_contains(f->fix, "create Secret 'a-tls-cacert' in namespace 'shop'");
		h_run_free(&res);
		free(text);
		free(ann);
	}
}

static void test_header_pattern_and_tries(void **state)
{
	static const struct {
		const char *key, *value;
		enum status status;
	} cases[] = {
		{ "canary-by-header-pattern", "(a|b)c", ST_SUPPORTED },
		{ "canary-by-header-pattern", "[|]x", ST_SUPPORTED },
		{ "canary-by-header-pattern", "a\\\\|b", ST_SUPPORTED },
		{ "canary-by-header-pattern", "^a|b$", ST_CONVERTED },
		{ "canary-by-header-pattern", "(?=a)b", ST_PARTIAL },
		{ "proxy-next-upstream-tries", "-1", ST_PARTIAL },
		{ "proxy-next-upstream-tries", "+1", ST_CONVERTED },
		{ "backend-protocol", " grpcs ", ST_PARTIAL },
		{ "backend-protocol", "FCGI", ST_PARTIAL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ann = xasprintf("    " PREFIX "/canary: \"true\"\n    " PREFIX "/canary-by-header: X\n"
				      "    " PREFIX "/%s: \"%s\"\n", cases[i].key, cases[i].value);
		char *text = ingress_with("h", ann, NULL);
		char *key = xasprintf(PREFIX "/%s", cases[i].key);
		struct analyze_options opt;
		struct h_run res = {0};
		const struct finding *f;

		h_default_options(&opt);
		h_analyze(&res, &opt, text, 0, NULL);
		f = h_only_ann(&res.fs, key);
		assert_int_equal(f->status, cases[i].status);
		if (i == 8)
			assert_int_equal(f->severity, SEV_ERROR);
		h_run_free(&res);
		free(key);
		free(text);
		free(ann);
	}
}

/* The Gateway API target judges with the rows' 'gateway' blocks and runs
 * none of the Higress Ingress converters. */
static void test_gateway_target_blocks(void **state)
{
	static const char text[] =
		INGRESS_HEAD
		"    " PREFIX "/ssl-ciphers: \"ECDHE-RSA-AES128-GCM-SHA256\"\n"
		"    " PREFIX "/allowlist-source-range: \"10.0.0.0/8\"\n"
		"    " PREFIX "/canary-by-cookie: \"beta\"\n"
		"    " PREFIX "/server-alias: \"www.example.com\"\n"
		"    " PREFIX "/affinity: \"cookie\"\n"
		"    " PREFIX "/auth-url: \"http://auth.example.com/check\"\n"
		INGRESS_TAIL;
	struct analyze_options opt;
	struct h_run res = {0};
	const struct finding *f;
	const struct rule *r;

	(void)state;
	h_default_options(&opt);
	opt.target = TARGET_GATEWAY;
	h_analyze(&res, &opt, text, 0, NULL);
	assert_int_equal(res.fs.n, 6);
	/* the Ingress converter would say 'converted' and name 'higress.io/ssl-cipher' */
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	r = ruleset_find(h_rules, "ssl-ciphers");
	assert_int_equal(f->status, r->targets[TARGET_GATEWAY].status);
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_string_equal(f->message, r->targets[TARGET_GATEWAY].message);
	assert_null(strstr(f->message, "higress.io/ssl-cipher:"));
	/* renamed for Higress's Ingress, lost on Gateway API */
	f = h_only_ann(&res.fs, PREFIX "/allowlist-source-range");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	assert_int_equal(f->severity, SEV_CRITICAL);
	f = h_only_ann(&res.fs, PREFIX "/canary-by-cookie");
	assert_int_equal(f->severity, SEV_ERROR);
	f = h_only_ann(&res.fs, PREFIX "/server-alias");
	assert_int_equal(f->status, ST_CONVERTED);
	f = h_only_ann(&res.fs, PREFIX "/affinity");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	f = h_only_ann(&res.fs, PREFIX "/auth-url");
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_contains(f->fix, "HTTPRoute");
	h_run_free(&res);

	/* the same text for the Ingress target: the higress blocks and converters */
	h_default_options(&opt);
	h_analyze(&res, &opt, text, 0, NULL);
	f = h_only_ann(&res.fs, PREFIX "/ssl-ciphers");
	assert_int_equal(f->status, ST_CONVERTED);
	f = h_only_ann(&res.fs, PREFIX "/server-alias");
	assert_int_equal(f->status, ST_UNSUPPORTED);
	h_run_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_by_ingress_class_name),
		cmocka_unit_test(test_class_by_annotation),
		cmocka_unit_test(test_class_annotation_wins),
		cmocka_unit_test(test_class_by_ingress_class_object),
		cmocka_unit_test(test_class_by_default_ingress_class),
		cmocka_unit_test(test_default_class_of_other_controller),
		cmocka_unit_test(test_other_class),
		cmocka_unit_test(test_extra_class_option),
		cmocka_unit_test(test_classless),
		cmocka_unit_test(test_empty_class_is_classless),
		cmocka_unit_test(test_late_ingress_class),
		cmocka_unit_test(test_late_default_ingress_class),
		cmocka_unit_test(test_no_late_finding_when_in_order),
		cmocka_unit_test(test_unknown_annotation),
		cmocka_unit_test(test_invalid_value),
		cmocka_unit_test(test_custom_prefix),
		cmocka_unit_test(test_legacy_api),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_yaml_typing),
		cmocka_unit_test(test_injection_columns),
		cmocka_unit_test(test_auth_fail_open),
		cmocka_unit_test(test_implicit_ssl_redirect),
		cmocka_unit_test(test_hsts_default),
		cmocka_unit_test(test_upstream_hash_by),
		cmocka_unit_test(test_converters),
		cmocka_unit_test(test_ssl_ciphers_keywords),
		cmocka_unit_test(test_ssl_ciphers_filtered),
		cmocka_unit_test(test_empty_converted_values),
		cmocka_unit_test(test_implementation_specific_path),
		cmocka_unit_test(test_ingress_build),
		cmocka_unit_test(test_object_kind),
		cmocka_unit_test(test_alias_value),
		cmocka_unit_test(test_rewrite_target_empty),
		cmocka_unit_test(test_canary_share),
		cmocka_unit_test(test_cors_credentials),
		cmocka_unit_test(test_ssl_passthrough_flag),
		cmocka_unit_test(test_auth_tls_secret_namespace),
		cmocka_unit_test(test_header_pattern_and_tries),
		cmocka_unit_test(test_gateway_target_blocks),
	};
	return cmocka_run_group_tests_name("analyze", tests, h_rules_setup, h_rules_teardown);
}
