/* harness.h - the whole convert/lint pipeline over a memory buffer, for
 * the libFuzzer targets: read (stream) -> classify (analyzer, with the
 * IngressClass first pass) -> convert (a target emitter) -> every report
 * format. Everything goes to memory streams; nothing touches the disk.
 */
#ifndef I2H_FUZZ_HARNESS_H
#define I2H_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "stream.h"

/* The output targets of --to. A new target is one more line in
 * fz_targets (harness.c). NULL-terminated. */
extern const char *const fz_targets[];

struct fz_opts {
	const char *target;	/* one of fz_targets */
	bool convert;		/* convert (edits + output) or lint (report only) */
	bool include_classless;
	bool keep_class;
	bool keep_unsupported;
	bool extra_class;	/* --ingress-class corp as well as nginx */
	bool custom_prefix;	/* --annotation-prefix ingress.example.com */
	bool allow_experimental;	/* --to gateway --allow-experimental */
	bool keep_ingresses;	/* --to gateway --keep-ingresses */
};

/* Options chosen from a hash of the input, so the fuzzer reaches every
 * combination without a header in front of the YAML seeds. */
void fz_opts_from(const uint8_t *data, size_t size, struct fz_opts *o);

struct fz_result {
	int rc;				/* stream_run: 0, or -1 after an error */
	char *out;			/* converted stream (convert only); owned */
	size_t outlen;
	char *err;			/* diagnostics; owned */
	size_t errlen;
	char *report[RF__COUNT];	/* each report format; owned */
	size_t reportlen[RF__COUNT];
	struct stream_stats ss;
	size_t findings;
};

/* Run data through the pipeline with o. The result's buffers are malloc'd;
 * release them with fz_result_free(). Aborts on a failed allocation of a
 * memory stream (the fuzzer reports it). */
void fz_run(const uint8_t *data, size_t size, const struct fz_opts *o, struct fz_result *r);
void fz_result_free(struct fz_result *r);

/* One object as the stream dispatched it: its byte span in the input and
 * whether it says kind: Ingress (the only objects convert may edit). */
struct fz_object {
	size_t start, end;
	bool ingress;
};

/* Parse data and list its objects into *objs (malloc'd; caller frees).
 * Returns stream_run's result. */
int fz_objects(const char *data, size_t size, struct fz_object **objs, size_t *n);

/* Does data load with libyaml's composer, every document (which, unlike
 * the event parser, rejects an alias to an undefined anchor)? */
bool fz_loads(const char *data, size_t size);

/* Is s[0..n) one well-formed JSON value (strings valid UTF-8, no raw
 * control characters), optionally followed by white space? */
bool fz_json_valid(const char *s, size_t n);

/* Report a broken invariant on stderr (with the input, when short) and
 * abort, so libFuzzer keeps the input as a crash. */
void fz_fail(const uint8_t *data, size_t size, const char *what) __attribute__((noreturn));

#endif
