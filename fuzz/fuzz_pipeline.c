/* fuzz_pipeline.c - libFuzzer target: the whole pipeline, read -> classify
 * -> convert (every target) -> every report format.
 *
 * Besides the sanitizers it checks: an input error is reported as
 * 'fuzz.yaml:LINE:COL: error: ...'; a clean run prints nothing on the
 * error stream; the JSON report is well-formed JSON; lint and convert
 * report the same findings in every format; a second convert of the same
 * input gives the same bytes (output, errors, reports).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool positioned_error(const char *err, size_t len)
{
	size_t line = 0, col = 0;
	int n = 0;

	if (len == 0 || err[len - 1] != '\n')
		return false;
	if (sscanf(err, "fuzz.yaml:%zu:%zu: error: %n", &line, &col, &n) == 2 && n > 0)
		return line >= 1 && col >= 1;
	return strncmp(err, "fuzz.yaml: error: cannot read", 29) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_opts o;
	struct fz_result r, l, again;

	fz_opts_from(data, size, &o);
	for (const char *const *t = fz_targets; *t; t++) {
		bool keep = o.keep_ingresses;
		o.target = *t;
		/* --to gateway drops the converted Ingresses from convert's
		 * output, and says so where it cannot ('gateway-ingress-kept'):
		 * output layout, which lint has not; compared with them kept */
		o.keep_ingresses = keep || strcmp(*t, "gateway") == 0;
		o.convert = true;
		fz_run(data, size, &o, &r);
		o.convert = false;
		fz_run(data, size, &o, &l);
		if (l.rc != r.rc || l.errlen != r.errlen || memcmp(l.err, r.err, r.errlen) != 0)
			fz_fail(data, size, "lint and convert disagree on the input's errors");
		for (int f = 0; f < RF__COUNT; f++)
			if (l.reportlen[f] != r.reportlen[f] || memcmp(l.report[f], r.report[f], r.reportlen[f]) != 0)
				fz_fail(data, size, "lint and convert write different reports");
		fz_result_free(&l);
		o.convert = true;
		if (o.keep_ingresses != keep) {
			/* the determinism checks with the options the hash chose */
			o.keep_ingresses = keep;
			fz_result_free(&r);
			fz_run(data, size, &o, &r);
		}
		fz_run(data, size, &o, &again);
		if (again.rc != r.rc || again.outlen != r.outlen || memcmp(again.out, r.out, r.outlen) != 0 ||
		    again.errlen != r.errlen || memcmp(again.err, r.err, r.errlen) != 0)
			fz_fail(data, size, "two converts of the same input differ");
		for (int f = 0; f < RF__COUNT; f++)
			if (again.reportlen[f] != r.reportlen[f] ||
			    memcmp(again.report[f], r.report[f], r.reportlen[f]) != 0)
				fz_fail(data, size, "two converts of the same input report differently");
		fz_result_free(&again);
		if (r.rc != 0 && !positioned_error(r.err, r.errlen))
			fz_fail(data, size, "an input error without 'file:line:col: error:'");
		if (r.rc == 0 && r.errlen != 0)
			fz_fail(data, size, "a clean run wrote to the error stream");
		if (!fz_json_valid(r.report[RF_JSON], r.reportlen[RF_JSON]))
			fz_fail(data, size, "the JSON report is not well-formed JSON");
		fz_result_free(&r);
	}
	return 0;
}
