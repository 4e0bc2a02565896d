/* fuzz_fastparse.c - libFuzzer target: the object pass's fast reader
 * (src/yaml_block.c, used by src/stream.c) against libyaml. For any
 * input, stream_run_flags builds the same trees (every node field,
 * positions included), copies the same output and reports the same
 * errors with the fast reader as with I2H_NO_FASTPARSE=1. Bits 1 and 2
 * of the first byte pick the longest document the fast reader takes
 * whole (I2H_FAST_MAX_DOC), so that short inputs reach its List parts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "stream.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dump_node(struct buf *b, const struct node *n)
{
	buf_printf(b, "(%d %d %d %d %s %s %zu:", (int)n->type, n->flow, n->in_item, (int)n->style,
		   n->tag ? n->tag : "-", n->anchor ? n->anchor : "-", n->len);
	buf_add(b, n->value, n->type == N_SCALAR ? n->len : strlen(n->value));
	buf_printf(b, " %zu:%zu [%zu,%zu) %zu:%zu %zu %zu", n->pos.line, n->pos.column, n->pos.start, n->pos.end,
		   n->end_line, n->end_column, n->nkids, n->aliases);
	if (n->target)
		buf_printf(b, " ->%zu", n->target->pos.start);
	for (size_t i = 0; i < n->nkids; i++)
		dump_node(b, n->kids[i]);
	buf_addc(b, ')');
}

static int on_object(void *ud, struct stream *st, struct node *obj)
{
	struct buf *b = ud;

	buf_printf(b, "\nobject %s %s ", stream_name(st), stream_newline(st));
	dump_node(b, obj);
	return 0;
}

/* Read data one way into the dump b. */
static void read_one(const uint8_t *data, size_t size, unsigned flags, bool fast, struct buf *b)
{
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *out = open_memstream(&obuf, &olen), *err = open_memstream(&ebuf, &elen);
	FILE *in = fmemopen((void *)data, size, "r");
	struct stream_stats stats = {0};
	int rc;

	if (in == NULL || out == NULL || err == NULL)
		abort();
	if (fast)
		unsetenv("I2H_NO_FASTPARSE");
	else
		setenv("I2H_NO_FASTPARSE", "1", 1);
	rc = stream_run_flags("fuzz.yaml", in, out, err, flags, on_object, b, &stats);
	fclose(in);
	fclose(out);
	fclose(err);
	buf_printf(b, "\nrc=%d %zu %zu %zu %d %zu\nerr:", rc, stats.documents, stats.objects, stats.written,
		   stats.last_char, stats.edits);
	buf_add(b, ebuf, elen);
	buf_adds(b, "\nout:");
	buf_add(b, obuf, olen);
	free(obuf);
	free(ebuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const caps[] = { "", "48", "160", "1024" };
	unsigned flags = size && (data[0] & 1) ? STREAM_NON_OBJECTS : 0;
	struct buf fast = {0}, slow = {0};

	if (size == 0)
		return 0;	/* fmemopen wants a buffer */
	setenv("I2H_FAST_MAX_DOC", caps[(data[0] >> 1) & 3], 1);
	read_one(data, size, flags, true, &fast);
	read_one(data, size, flags, false, &slow);
	if (fast.len != slow.len || (fast.len && memcmp(fast.data, slow.data, fast.len) != 0))
		fz_fail(data, size, "the fast reader and libyaml build different trees");
	buf_free(&fast);
	buf_free(&slow);
	return 0;
}
