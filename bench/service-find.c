/* service-find.c N [BUDGET] - index a stream of N Services (ns-(i%50)/svc-i,
 * one port 'http'), as the index pass does, then look each one up by
 * namespace and name (index_service_port) and print the lookups and a
 * checksum. BUDGET (bytes) makes the index spill, as I2H_INDEX_BUDGET
 * does. Measure with valgrind --tool=callgrind; never run by meson test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_scan.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct buf text = {0};
	struct index *ix;
	FILE *in;
	long n, sum = 0, missing = 0;
	char ns[32], name[32];

	if (argc < 2 || argc > 3 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: service-find N [BUDGET]\n");
		return 2;
	}
	for (long i = 0; i < n; i++)
		buf_printf(&text, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%ld\n  namespace: ns-%ld\n"
			   "spec:\n  ports:\n  - name: http\n    port: %ld\n", i, i % 50, 1000 + i % 60000);
	in = fmemopen(text.data, text.len, "r");
	if (in == NULL) {
		perror("fmemopen");
		return 2;
	}
	ix = index_new("nginx.ingress.kubernetes.io");
	if (argc == 3)
		index_set_budget(ix, (size_t)strtoull(argv[2], NULL, 10));
	if (index_scan_input(ix, "services.yaml", in, stderr, 0, index_object, INDEX_SCAN_AUTO) < 0)
		return 2;
	fclose(in);
	for (long i = 0; i < n; i++) {
		int32_t port;
		snprintf(ns, sizeof(ns), "ns-%ld", i % 50);
		snprintf(name, sizeof(name), "svc-%ld", i);
		port = index_service_port(ix, ns, name, "http");
		if (port < 0)
			missing++;
		else
			sum += port;
	}
	printf("%zu Services%s, %ld lookups, %ld missing, checksum %ld\n", index_nservices(ix),
	       index_spilled(ix) ? " (spilled)" : "", n, missing, sum);
	index_free(ix);
	buf_free(&text);
	return missing != 0;
}
