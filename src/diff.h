/* diff.h - unified diffs of two texts, line by line (convert --diff).
 *
 * Lines that occur once in each text and in the same order (patience
 * diff's anchors) cut the texts into stretches; each stretch is aligned
 * with Myers' O(ND) algorithm. A stretch whose edit distance exceeds
 * max_cost lines is shown whole, deleted and added, instead of being
 * aligned. Memory is linear in the number of lines, plus the Myers trace
 * of one stretch: at most (max_cost + 1)^2 32-bit integers (4 MiB at the
 * default 1024). Time is linear in the lines plus, per stretch, its
 * length times its edit distance (capped at max_cost).
 */
#ifndef I2H_DIFF_H
#define I2H_DIFF_H

#include <stddef.h>
#include <stdio.h>

#define DIFF_CONTEXT 3
#define DIFF_MAX_COST 1024

struct diff_options {
	size_t context;		/* lines of context around each change */
	size_t max_cost;	/* the largest edit distance aligned per stretch */
};

struct diff_stats {
	size_t hunks;		/* hunks written */
	size_t given_up;	/* stretches shown whole (over max_cost) */
};

/* Write a unified diff that turns a[0..alen) into b[0..blen) to out:
 * '--- label_a' and '+++ label_b' headers, then '@@ -l,n +l,n @@' hunks
 * (a count of 1 left out, as diff and git do), with '\ No newline at end
 * of file' after a last line without one. Nothing is written when the
 * texts are equal. opt NULL means DIFF_CONTEXT and DIFF_MAX_COST; stats
 * may be NULL. Returns 1 when the texts differ, 0 when they are equal, -1
 * when writing failed. Allocates only temporarily. */
int diff_unified(FILE *out, const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
		 const char *label_b, const struct diff_options *opt, struct diff_stats *stats);

#endif
