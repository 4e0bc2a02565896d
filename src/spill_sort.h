/* spill_sort.h - records read back in the caller's order with bounded
 * memory: up to a budget of bytes in memory; beyond it the buffered
 * records are sorted (stably) and written as one run to an unlinked
 * temporary file (spill.h), and reading merges the runs, one small read
 * buffer per run. Without a comparison the records keep the order they
 * were added in. Reading can start again any number of times. A failure
 * of the file is fatal, as in spill.h.
 */
#ifndef I2H_SPILL_SORT_H
#define I2H_SPILL_SORT_H

#include <stddef.h>

/* The order of records a[0..an) and b[0..bn): <0, 0 or >0 as strcmp.
 * Records that compare equal keep the order they were added in. */
typedef int (*spill_sort_cmp)(const char *a, size_t an, const char *b, size_t bn);

struct spill_sort;

/* An empty store keeping records in cmp's order (NULL: as added), at
 * most about budget bytes of them in memory. Allocates; free with
 * spill_sort_free(). */
struct spill_sort *spill_sort_new(spill_sort_cmp cmp, size_t budget);
void spill_sort_free(struct spill_sort *s);
/* Copy the record rec[0..n) in (n < 4 GiB). Not after the first rewind. */
void spill_sort_add(struct spill_sort *s, const void *rec, size_t n);
/* The number of records added. */
size_t spill_sort_count(const struct spill_sort *s);
/* Start reading from the first record (in order). The first call ends
 * adding: what is in memory is sorted, or, when runs were written, written
 * as the last run and freed. Allocates one read buffer per run. */
void spill_sort_rewind(struct spill_sort *s);
/* The next record, its length in *n, or NULL at the end; borrowed, valid
 * until the next call. */
const char *spill_sort_next(struct spill_sort *s, size_t *n);
/* The number of runs written to the file (0: all in memory). */
size_t spill_sort_runs(const struct spill_sort *s);

#endif
