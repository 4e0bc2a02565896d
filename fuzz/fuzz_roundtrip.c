/* fuzz_roundtrip.c - libFuzzer target: convert's output is the input with
 * only the reported edits.
 *
 * When the input converts cleanly: the output re-parses, with the same
 * number of objects, and loads with libyaml's composer when the input does; every byte outside the Ingress objects (which are
 * the only ones convert may edit) is the input's; without an edit the
 * output is the input byte for byte; and converting the output
 * again with the same options is a fixed point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Compare the bytes outside Ingress objects of a and b, gap by gap. */
static bool same_outside(const char *a, const struct fz_object *ao, size_t an,
			 const char *b, const struct fz_object *bo, size_t bn, size_t alen, size_t blen)
{
	size_t apos = 0, bpos = 0;

	for (size_t i = 0; i <= an; i++) {
		bool last = i == an;
		size_t aend, bend;
		if (!last && !ao[i].ingress)
			continue;
		aend = last ? alen : ao[i].start;
		bend = last ? blen : bo[i].start;
		if (aend < apos || bend < bpos || aend - apos != bend - bpos ||
		    memcmp(a + apos, b + bpos, aend - apos) != 0)
			return false;
		if (!last) {
			apos = ao[i].end;
			bpos = bo[i].end;
		}
	}
	(void)bn;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_opts o;
	struct fz_result r1, r2;
	struct fz_object *in = NULL, *out = NULL;
	size_t nin = 0, nout = 0;

	fz_opts_from(data, size, &o);
	o.convert = true;
	for (const char *const *t = fz_targets; *t; t++) {
		o.target = *t;
		fz_run(data, size, &o, &r1);
		if (r1.rc != 0) {
			fz_result_free(&r1);
			continue;
		}
		if (fz_objects((const char *)data, size, &in, &nin) != 0)
			fz_fail(data, size, "the input parses in convert but not on its own");
		if (fz_objects(r1.out, r1.outlen, &out, &nout) != 0)
			fz_fail(data, size, "convert's output does not re-parse");
		if (fz_loads((const char *)data, size) && !fz_loads(r1.out, r1.outlen))
			fz_fail(data, size, "the input loads as YAML, convert's output does not (an alias lost its anchor?)");
		if (nin != nout)
			fz_fail(data, size, "convert's output has a different number of objects");
		for (size_t i = 0; i < nin; i++)
			if (in[i].ingress != out[i].ingress)
				fz_fail(data, size, "convert changed which objects are Ingresses");
		if (!same_outside((const char *)data, in, nin, r1.out, out, nout, size, r1.outlen))
			fz_fail(data, size, "convert changed bytes outside the Ingress objects");
		if (r1.ss.edits == 0 && (r1.outlen != size || memcmp(r1.out, data, size) != 0))
			fz_fail(data, size, "the output differs from the input without an edit");
		fz_run((const uint8_t *)r1.out, r1.outlen, &o, &r2);
		if (r2.rc != 0)
			fz_fail(data, size, "converting convert's output fails");
		/* KNOWN: with a custom prefix and --keep-class the keys convert
		 * moves to the nginx prefix look dormant on the next pass
		 * (testdata/hostile/custom-prefix-keep-class.expect); delete the
		 * first condition once that is settled. */
		if (!(o.custom_prefix && o.keep_class) &&
		    (r2.outlen != r1.outlen || memcmp(r2.out, r1.out, r1.outlen) != 0))
			fz_fail(data, size, "converting convert's output again changes it (not a fixed point)");
		free(in);
		free(out);
		in = out = NULL;
		fz_result_free(&r1);
		fz_result_free(&r2);
	}
	return 0;
}
