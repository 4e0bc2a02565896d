/* spill.h - an unlinked temporary file for what a structure cannot hold
 * in memory: written at any offset, read back through a small block cache.
 * The file's pages are the kernel's page cache, not the process's resident
 * set (the file is never mapped). A failure to create, write or read it is
 * fatal: a message on stderr and exit status 2, as for memory.
 */
#ifndef I2H_SPILL_H
#define I2H_SPILL_H

#include <stddef.h>
#include <stdint.h>

#define SPILL_BLOCK 4096	/* bytes per cached block */
#define SPILL_LINES 8		/* cached blocks (direct-mapped) */

struct spill {
	int fd;				/* -1 until the first write */
	char *cache;			/* SPILL_LINES blocks, owned; NULL until the first read */
	uint64_t tag[SPILL_LINES];	/* per line: its block number + 1, 0 empty */
	size_t have[SPILL_LINES];	/* bytes of the block the line holds */
};

/* An empty spill; allocates nothing (the file is created on first write). */
void spill_init(struct spill *sp);
/* Close the file (which disappears) and free the cache. */
void spill_free(struct spill *sp);
/* Write p[0..n) at off. */
void spill_write(struct spill *sp, uint64_t off, const void *p, size_t n);
/* Read n bytes at off, all written before, into dst. */
void spill_read(struct spill *sp, uint64_t off, void *dst, size_t n);
/* The NUL-terminated string written at off, copied into *buf (grown as
 * needed: *buf and *cap are the caller's, freed with free(3)). */
const char *spill_read_str(struct spill *sp, uint64_t off, char **buf, size_t *cap);
/* Bytes of memory the spill holds (its cache). */
size_t spill_memory(const struct spill *sp);

#endif
