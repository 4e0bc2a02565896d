/* fuzz_rules.c - libFuzzer target: a --rules file (libfyaml, field-by-field
 * merge, PCRE2 validators compiled from the file) loaded twice into an
 * empty table (the second load merges over the first), the table check,
 * then, when the table passes it, the whole pipeline on an example
 * Ingress with that table; and merged over the built-in table, as --rules
 * does (the built-in table is C data whose strings the merge copies
 * before it changes any: cheap to make for every run, unlike checking it,
 * which compiles every validator).
 *
 * Besides the sanitizers it checks: a file that does not load says why on
 * the error stream; the JSON report stays well-formed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "finding.h"
#include "harness.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char example[] =
	"apiVersion: networking.k8s.io/v1\n"
	"kind: Ingress\n"
	"metadata:\n"
	"  name: web\n"
	"  annotations:\n"
	"    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n"
	"    nginx.ingress.kubernetes.io/x-team-owner: shop\n"
	"    nginx.ingress.kubernetes.io/ssl-ciphers: ECDHE-RSA-AES128-GCM-SHA256\n"
	"    nginx.ingress.kubernetes.io/rewrite-target: /$1\n"
	"    nginx.ingress.kubernetes.io/auth-type: basic\n"
	"    nginx.ingress.kubernetes.io/limit-rps: \"5\"\n"
	"    nginx.ingress.kubernetes.io/upstream-hash-by: $http_x_user_id\n"
	"spec:\n"
	"  ingressClassName: nginx\n"
	"  tls: [{hosts: [web.example.com]}]\n"
	"  rules:\n"
	"  - host: web.example.com\n"
	"    http: {paths: [{path: /a, pathType: ImplementationSpecific,\n"
	"            backend: {service: {name: web, port: {number: 80}}}}]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const classes[] = { "nginx" };
	struct analyze_options aopt = {
		.prefix = "nginx.ingress.kubernetes.io",
		.classes = classes,
		.nclasses = 1,
		.convert = true,
		.target_class = "higress",
	};
	char *errbuf = NULL, *outbuf = NULL, *rep = NULL;
	size_t errlen = 0, outlen = 0, replen = 0;
	FILE *err = open_memstream(&errbuf, &errlen);
	struct ruleset *rs;
	int rc;

	if (err == NULL)
		abort();
	rs = ruleset_new_empty();
	rc = ruleset_load_string(rs, "fuzz-rules.yaml", (const char *)data, size, err);
	if (rc == 0)
		rc = ruleset_load_string(rs, "fuzz-rules.yaml", (const char *)data, size, err);
	fflush(err);
	if (rc < 0 && errlen == 0)
		fz_fail(data, size, "a rules file failed to load without a message");
	if (rc == 0 && ruleset_check(rs, err) == 0) {
		/* what the command line does with a table that passes the check */
		struct findings fs = {0};
		struct analyzer *an = analyzer_new(&aopt, rs, &fs);
		FILE *in = fmemopen((void *)example, sizeof(example) - 1, "r");
		FILE *out = open_memstream(&outbuf, &outlen);
		FILE *r = open_memstream(&rep, &replen);
		struct report_summary sum = { .target = fz_targets[0], .files = 1 };

		if (in == NULL || out == NULL || r == NULL)
			abort();
		(void)stream_run("example.yaml", in, out, err, analyze_object, an, NULL);
		for (int f = 0; f < RF__COUNT; f++)
			(void)report_write(f == RF_JSON ? r : out, f, &fs, &sum, false);
		fclose(in);
		fclose(out);
		fclose(r);
		if (!fz_json_valid(rep, replen))
			fz_fail(data, size, "the JSON report is not well-formed JSON");
		analyzer_free(an);
		findings_free(&fs);
	}
	ruleset_free(rs);
	rs = ruleset_new_builtin(err);
	if (ruleset_load_string(rs, "fuzz-rules.yaml", (const char *)data, size, err) == 0 &&
	    ruleset_find(rs, "auth-url") == NULL)
		fz_fail(data, size, "a merge over the built-in table lost 'auth-url'");
	ruleset_free(rs);
	fclose(err);
	free(errbuf);
	free(outbuf);
	free(rep);
	return 0;
}
