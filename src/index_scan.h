/* index_scan.h - the index pass over one input, cheaply.
 *
 * Most manifests are plain block YAML: one object per document (or per
 * element of a List's 'items'), keys and scalars on single lines. For
 * those a line scanner finds the facts the index keeps (index_object's,
 * byte for byte) without libyaml and without building trees, reading each
 * byte once; non-ASCII text is read where it is only copied or skipped,
 * its UTF-8 judged as libyaml's reader judges it. A document with
 * something outside that subset (anchors, aliases, tags, merge keys,
 * quoted keys, escapes, multi-line scalars, flow collections beyond '[]',
 * '{}' and one-line lists of plain words, duplicate keys the index reads,
 * tabs, characters libyaml rejects or reads as line breaks) is read by
 * libyaml alone (stream_run over its bytes, its records from the scan
 * dropped first, its lines counted from the input's start). The whole
 * input is read again from its start by the full parse (stream_run with
 * index_object) only when libyaml stops at an error in such a document
 * (only the full parse knows which facts before an error it keeps), at a
 * directive, or when a line break other than LF or CR LF would make the
 * lines counted differently.
 */
#ifndef I2H_INDEX_SCAN_H
#define I2H_INDEX_SCAN_H

#include <stdio.h>

#include "index.h"

enum index_scan_mode {
	INDEX_SCAN_AUTO,	/* the scanner, the full parse where it gives up */
	INDEX_SCAN_FULL,	/* the full parse only (for tests and comparisons) */
};

/* Index input name/in (read to its end, not closed) from where it stands,
 * which must be its start. The full parse is stream_run_flags with
 * stream_flags and fn (index_object, or a callback that calls it for the
 * objects it keeps; the scanner reads only documents that are mappings
 * with 'apiVersion' and 'kind' the way index_object does, and leaves any
 * other document to the full parse). Parse errors of the full parse go to
 * err (the object pass reports them again). Returns 1 when the scanner
 * read the whole input, 2 when it did with libyaml reading some of its
 * documents, 0 when the full parse did, -1 when the full parse
 * stopped at an error (the facts before it are kept, as stream_run leaves
 * them). Allocates nothing that outlives the call but the index's
 * records. */
int index_scan_input(struct index *ix, const char *name, FILE *in, FILE *err, unsigned stream_flags,
		     stream_object_fn fn, enum index_scan_mode mode);

#endif
