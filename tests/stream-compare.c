/* stream-compare.c FILE... - the object pass's fast reader against
 * libyaml: for each file, read it with stream_run_flags twice, once as it
 * is (the fast reader where it can) and once with I2H_NO_FASTPARSE=1
 * (libyaml alone), and compare every field of every node of every object
 * (type, flow, style, tag, anchor, value, positions, kids, alias
 * targets), the document names, the copied output, the error messages,
 * the return code and the counts. Each file is read with the flags 0 and
 * STREAM_NON_OBJECTS. TAP on stdout: 'ok N - FILE (fast D of M)' with the
 * documents the fast reader read; 'not ok' with both dumps on stderr when
 * they differ (always with -v first). The last line counts the documents read fast in all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream.h"
#include "util.h"

static void dump_str(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

static void dump_node(struct buf *b, const struct node *n, int depth)
{
	buf_printf(b, "%*s%d flow=%d item=%d style=%d tag=", depth * 2, "", (int)n->type, n->flow, n->in_item,
		   (int)n->style);
	if (n->tag)
		dump_str(b, n->tag, strlen(n->tag));
	buf_adds(b, " anchor=");
	if (n->anchor)
		dump_str(b, n->anchor, strlen(n->anchor));
	buf_printf(b, " len=%zu value=", n->len);
	dump_str(b, n->value, n->type == N_SCALAR ? n->len : strlen(n->value));
	buf_printf(b, " pos=%zu:%zu [%zu,%zu) end=%zu:%zu kids=%zu aliases=%zu target=", n->pos.line,
		   n->pos.column, n->pos.start, n->pos.end, n->end_line, n->end_column, n->nkids, n->aliases);
	if (n->target)
		buf_printf(b, "%zu:%zu", n->target->pos.line, n->target->pos.column);
	buf_addc(b, '\n');
	for (size_t i = 0; i < n->nkids; i++)
		dump_node(b, n->kids[i], depth + 1);
}

static int on_object(void *ud, struct stream *st, struct node *obj)
{
	struct buf *b = ud;

	buf_printf(b, "object %s nl=", stream_name(st));
	dump_str(b, stream_newline(st), strlen(stream_newline(st)));
	buf_addc(b, '\n');
	dump_node(b, obj, 1);
	return 0;
}

/* Append the text of f (rewound) to b and close f. */
static void slurp(struct buf *b, FILE *f)
{
	char chunk[4096];
	size_t n;

	rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
}

/* Read path one way into the dump b; *fast gets the documents read fast. */
static void read_one(const char *path, unsigned flags, struct buf *b, size_t *fast, size_t *docs)
{
	FILE *in = fopen(path, "rb"), *out = tmpfile(), *err = tmpfile();
	struct stream_stats stats = {0};
	int rc;

	if (in == NULL || out == NULL || err == NULL) {
		buf_printf(b, "cannot open %s\n", path);
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		return;
	}
	rc = stream_run_flags(path, in, out, err, flags, on_object, b, &stats);
	fclose(in);
	buf_printf(b, "rc=%d documents=%zu objects=%zu written=%zu last=%d edits=%zu\nerr:\n", rc, stats.documents,
		   stats.objects, stats.written, stats.last_char, stats.edits);
	slurp(b, err);
	buf_adds(b, "out:\n");
	slurp(b, out);
	*fast += stats.fast_documents;
	*docs += stats.documents;
}

int main(int argc, char **argv)
{
	int fails = 0, first = 1;
	size_t all_fast = 0, all_docs = 0;
	bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;	/* -v: every dump on stderr */

	if (verbose)
		first++;
	printf("1..%d\n", argc - first);
	for (int i = first; i < argc; i++) {
		struct buf a = {0}, l = {0};
		size_t fast = 0, docs = 0, lfast = 0, ldocs = 0;
		bool same;
		for (unsigned flags = 0; flags <= STREAM_NON_OBJECTS; flags += STREAM_NON_OBJECTS) {
			unsetenv("I2H_NO_FASTPARSE");
			read_one(argv[i], flags, &a, &fast, &docs);
			setenv("I2H_NO_FASTPARSE", "1", 1);
			read_one(argv[i], flags, &l, &lfast, &ldocs);
		}
		same = a.len == l.len && (a.len == 0 || memcmp(a.data, l.data, a.len) == 0) && lfast == 0;
		printf("%s %d - %s (fast %zu of %zu)\n", same ? "ok" : "not ok", i - first + 1, argv[i], fast / 2,
		       docs / 2);
		if (!same || verbose) {
			fails++;
			fprintf(stderr, "# %s: fast reader:\n%.*s# libyaml:\n%.*s", argv[i], (int)a.len,
				a.data ? a.data : "", (int)l.len, l.data ? l.data : "");
		}
		all_fast += fast / 2;
		all_docs += docs / 2;
		buf_free(&a);
		buf_free(&l);
	}
	printf("# %zu of %zu documents read by the fast reader\n", all_fast, all_docs);
	return fails ? 1 : 0;
}
