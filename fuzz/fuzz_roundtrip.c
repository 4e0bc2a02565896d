/* fuzz_roundtrip.c - libFuzzer target: convert's output is the input with
 * only the reported edits.
 *
 * When the input converts cleanly: the output re-parses, with the same
 * objects but those convert added (each after a '# ingress2higress: added'
 * line), and loads with libyaml's composer when the input does; every byte outside the Ingress objects (which are
 * the only ones convert may edit) is the input's; without an edit the
 * output is the input byte for byte; and converting the output
 * again with the same options is a fixed point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ADDED "# ingress2higress: added, "	/* as convert writes it, comma included */

/* Is the object at [start, ...) of b one that convert added (its line is
 * preceded by a line starting with ADDED)? */
static bool added_object(const char *b, size_t start)
{
	size_t ls = start, ps;

	while (ls > 0 && b[ls - 1] != '\n')
		ls--;
	if (ls == 0)
		return false;
	ps = ls - 1;
	while (ps > 0 && b[ps - 1] != '\n')
		ps--;
	return ls - ps > strlen(ADDED) && strncmp(b + ps, ADDED, strlen(ADDED)) == 0;
}

/* Drop the objects convert added from o[0..*n) (b is their text). */
static void drop_added(const char *b, struct fz_object *o, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++)
		if (!added_object(b, o[i].start))
			o[k++] = o[i];
	*n = k;
}

/* Is gap y (of the output) gap x (of the input), or x with one insertion
 * that holds an added object? */
static bool same_gap(const char *x, size_t xn, const char *y, size_t yn)
{
	size_t p = 0, s = 0;

	if (xn == yn && memcmp(x, y, xn) == 0)
		return true;
	if (yn < xn)
		return false;
	while (p < xn && x[p] == y[p])
		p++;
	while (s < xn - p && x[xn - 1 - s] == y[yn - 1 - s])
		s++;
	if (p + s < xn)
		return false;
	/* the insertion is y[p, yn - s), give or take bytes it shares with
	 * its surroundings: the marker may begin inside the common prefix */
	for (size_t i = p > strlen(ADDED) ? p - strlen(ADDED) : 0; i + strlen(ADDED) <= yn && i < yn - s; i++)
		if (memcmp(y + i, ADDED, strlen(ADDED)) == 0)
			return true;
	return false;
}

/* Compare the bytes outside Ingress objects of a and b, gap by gap (b's
 * objects without the ones convert added). */
static bool same_outside(const char *a, const struct fz_object *ao, size_t an,
			 const char *b, const struct fz_object *bo, size_t alen, size_t blen)
{
	size_t apos = 0, bpos = 0;

	for (size_t i = 0; i <= an; i++) {
		bool last = i == an;
		size_t aend, bend;
		if (!last && !ao[i].ingress)
			continue;
		aend = last ? alen : ao[i].start;
		bend = last ? blen : bo[i].start;
		if (aend < apos || bend < bpos || !same_gap(a + apos, aend - apos, b + bpos, bend - bpos))
			return false;
		if (!last) {
			apos = ao[i].end;
			bpos = bo[i].end;
		}
	}
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
		/* the invariants of an in-place edit: the Gateway API target
		 * writes new objects instead (fuzz-pipeline covers it) */
		if (strcmp(*t, "ingress") != 0)
			continue;
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
		drop_added(r1.out, out, &nout);
		if (nin != nout)
			fz_fail(data, size, "convert's output has a different number of objects (not counting those it added)");
		for (size_t i = 0; i < nin; i++)
			if (in[i].ingress != out[i].ingress)
				fz_fail(data, size, "convert changed which objects are Ingresses");
		if (!same_outside((const char *)data, in, nin, r1.out, out, size, r1.outlen))
			fz_fail(data, size, "convert changed bytes outside the Ingress objects (other than inserting an added object)");
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
