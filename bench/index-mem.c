/* index-mem.c FILE - run the index pass (as the command does) over FILE and print the memory the
 * index holds: bytes of records and of interned strings, per Ingress, and whether it spilled the
 * rest to its temporary files (over its budget). */
#include <stdio.h>

#include "index_scan.h"

int main(int argc, char **argv)
{
	struct index *ix;
	FILE *in;
	size_t rec, str, n;

	if (argc != 2) {
		fprintf(stderr, "usage: index-mem FILE\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (in == NULL) {
		perror(argv[1]);
		return 2;
	}
	ix = index_new("nginx.ingress.kubernetes.io");
	if (index_scan_input(ix, argv[1], in, stderr, 0, index_object, INDEX_SCAN_AUTO) < 0)
		return 2;
	fclose(in);
	index_memory(ix, &rec, &str);
	n = index_ningresses(ix);
	printf("%zu Ingresses, %zu Services: in memory records %zu B (%.1f B per Ingress), strings %zu B (%.1f B "
	       "per Ingress)%s\n", n, index_nservices(ix), rec, n ? (double)rec / (double)n : 0.0, str,
	       n ? (double)str / (double)n : 0.0, index_spilled(ix) ? "; the rest spilled" : "");
	index_free(ix);
	return 0;
}
