/* fuzz_index_scan.c - libFuzzer target: the index pass's line scanner
 * (src/index_scan.c) against the full parse. For any input the scanner
 * (with libyaml for the documents it gives up on, or the full parse for
 * the whole input) keeps exactly the
 * records the full parse keeps: classes, Services and ports, Ingresses
 * with their position, class, flags, paths and TLS entries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_config.h"
#include "harness.h"
#include "index_scan.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The records of data indexed one way, as text in b. */
static void index_one(const uint8_t *data, size_t size, enum index_scan_mode mode, struct buf *b)
{
	struct index *ix = index_new("nginx.ingress.kubernetes.io");
	char *ebuf = NULL;
	size_t elen = 0;
	FILE *err = open_memstream(&ebuf, &elen);	/* the full parse's errors, unread */
	FILE *in = fmemopen((void *)data, size, "r");

	if (in == NULL || err == NULL)
		abort();
	index_set_configmap_filter(ix, ctrl_config_wanted, NULL);	/* as convert and lint */
	(void)index_scan_input(ix, "fuzz.yaml", in, err, 0, index_object, mode);
	fclose(in);
	fclose(err);
	free(ebuf);
	index_dump(ix, b);
	index_free(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf scanned = {0}, parsed = {0};

	if (size == 0)
		return 0;	/* fmemopen wants a buffer */
	index_one(data, size, INDEX_SCAN_AUTO, &scanned);
	index_one(data, size, INDEX_SCAN_FULL, &parsed);
	if (scanned.len != parsed.len || (scanned.len && memcmp(scanned.data, parsed.data, scanned.len) != 0))
		fz_fail(data, size, "the index scanner and the full parse keep different facts");
	buf_free(&scanned);
	buf_free(&parsed);
	return 0;
}
