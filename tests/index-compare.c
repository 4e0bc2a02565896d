/* index-compare.c FILE... - the index pass's scanner against the full
 * parse: for each file, index it both ways (index_scan_input with
 * INDEX_SCAN_AUTO and INDEX_SCAN_FULL) and compare every record, strings
 * resolved. TAP on stdout: 'ok N - FILE (scanned)' when the scanner read
 * it, '(parsed)' when it left it to libyaml; 'not ok' with both dumps on
 * stderr when they differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_config.h"
#include "index_scan.h"
#include "util.h"

/* Index path one way; the dump goes to b. Returns index_scan_input's
 * verdict, or -2 when the file cannot be opened. */
static int index_one(const char *path, enum index_scan_mode mode, struct buf *b, FILE *sink)
{
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	FILE *f = fopen(path, "rb");
	int rc;

	index_set_configmap_filter(ix, ctrl_config_wanted, NULL);	/* as convert and lint */
	if (f == NULL) {
		index_free(ix);
		return -2;
	}
	rc = index_scan_input(ix, path, f, sink, 0, index_object, mode);
	fclose(f);
	index_dump(ix, b);
	index_free(ix);
	return rc;
}

int main(int argc, char **argv)
{
	FILE *sink = tmpfile();	/* the full parse's error messages, unread */
	int fails = 0, n = 0, first = 1;	/* argv[first] is the first file */
	size_t scanned = 0;

	if (sink == NULL)
		return 2;
	printf("1..%d\n", argc - first);
	for (int i = first; i < argc; i++) {
		struct buf a = {0}, f = {0};
		int ra = index_one(argv[i], INDEX_SCAN_AUTO, &a, sink);
		int rf = index_one(argv[i], INDEX_SCAN_FULL, &f, sink);
		bool same = ra != -2 && rf != -2 && a.len == f.len && (a.len == 0 || memcmp(a.data, f.data, a.len) == 0) &&
			    (ra >= 1 ? rf == 0 : ra == rf);
		n++;
		if (ra >= 1)
			scanned++;
		printf("%s %d - %s (%s)\n", same ? "ok" : "not ok", n, argv[i], ra == 1 ? "scanned" : ra == 2 ? "mixed" : "parsed");
		if (!same) {
			fails++;
			fprintf(stderr, "# %s: scanner (%d):\n%.*s# full parse (%d):\n%.*s", argv[i], ra, (int)a.len,
				a.data ? a.data : "", rf, (int)f.len, f.data ? f.data : "");
		}
		buf_free(&a);
		buf_free(&f);
	}
	fprintf(stderr, "# %zu of %d files read by the scanner\n", scanned, n);
	fclose(sink);
	return fails ? 1 : 0;
}
