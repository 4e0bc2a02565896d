/* spill.c - an unlinked temporary file behind a block cache (see spill.h). */
#include "spill.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void fatal(const char *what)
{
	fprintf(stderr, "ingress2higress: error: cannot %s a temporary file: %s\n", what, strerror(errno));
	exit(2);
}

void spill_init(struct spill *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

void spill_free(struct spill *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->cache);
	spill_init(sp);
}

/* Create the file in $TMPDIR (or /tmp) and unlink it at once. */
static void open_file(struct spill *sp)
{
	const char *dir = getenv("TMPDIR");
	char *path;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/ingress2higress-index-XXXXXX", dir);
	sp->fd = mkstemp(path);
	if (sp->fd < 0)
		fatal("create");
	unlink(path);
	free(path);
}

void spill_write(struct spill *sp, uint64_t off, const void *p, size_t n)
{
	const char *s = p;
	uint64_t first = off / SPILL_BLOCK, last = (off + n) / SPILL_BLOCK;

	if (sp->fd < 0)
		open_file(sp);
	for (size_t i = 0; i < SPILL_LINES; i++)	/* cached blocks it overlaps are stale */
		if (sp->tag[i] && sp->tag[i] - 1 >= first && sp->tag[i] - 1 <= last)
			sp->tag[i] = 0;
	while (n > 0) {
		ssize_t w = pwrite(sp->fd, s, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			fatal("write");
		}
		s += w;
		off += (uint64_t)w;
		n -= (size_t)w;
	}
}

/* Read up to n bytes at off into dst; returns how many (fewer at the end
 * of the file). */
static size_t read_at(struct spill *sp, uint64_t off, char *dst, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(sp->fd, dst + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			fatal("read");
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* The cache line holding block blk, read in if needed. */
static size_t line_of(struct spill *sp, uint64_t blk)
{
	size_t l = (size_t)(blk % SPILL_LINES);

	if (sp->cache == NULL)
		sp->cache = xmalloc((size_t)SPILL_LINES * SPILL_BLOCK);
	if (sp->tag[l] != blk + 1) {
		sp->have[l] = read_at(sp, blk * SPILL_BLOCK, sp->cache + l * SPILL_BLOCK, SPILL_BLOCK);
		sp->tag[l] = blk + 1;
	}
	return l;
}

void spill_read(struct spill *sp, uint64_t off, void *dst, size_t n)
{
	char *d = dst;

	if (sp->fd < 0) {
		errno = EBADF;
		fatal("read");
	}
	if (n >= SPILL_BLOCK) {
		if (read_at(sp, off, d, n) != n) {
			errno = EIO;
			fatal("read");
		}
		return;
	}
	while (n > 0) {
		size_t l = line_of(sp, off / SPILL_BLOCK), at = (size_t)(off % SPILL_BLOCK);
		size_t k = SPILL_BLOCK - at < n ? SPILL_BLOCK - at : n;
		if (at + k > sp->have[l]) {
			errno = EIO;
			fatal("read");
		}
		memcpy(d, sp->cache + l * SPILL_BLOCK + at, k);
		d += k;
		off += k;
		n -= k;
	}
}

const char *spill_read_str(struct spill *sp, uint64_t off, char **buf, size_t *cap)
{
	size_t len = 0;

	if (sp->fd < 0) {
		errno = EBADF;
		fatal("read");
	}
	for (;;) {
		size_t l = line_of(sp, off / SPILL_BLOCK), at = (size_t)(off % SPILL_BLOCK);
		const char *p = sp->cache + l * SPILL_BLOCK + at, *nul;
		size_t k;
		if (at >= sp->have[l]) {
			errno = EIO;
			fatal("read");
		}
		k = sp->have[l] - at;
		nul = memchr(p, '\0', k);
		if (nul)
			k = (size_t)(nul - p) + 1;
		grow_array((void **)buf, cap, len + k, 1);
		memcpy(*buf + len, p, k);
		len += k;
		off += k;
		if (nul)
			return *buf;
	}
}

size_t spill_memory(const struct spill *sp)
{
	return sp->cache ? (size_t)SPILL_LINES * SPILL_BLOCK : 0;
}
