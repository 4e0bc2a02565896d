/* harness.h - what the cmocka suites share: texts as input streams,
 * captured output, temporary files and directories of the test's own,
 * the stream and the analyzer run on a string, the rule table and
 * analyzer options fixture, finding look-ups and string assertions.
 *
 * Include it after <cmocka.h> (and the headers cmocka needs before it).
 * Every helper fails the running test (cmocka's fail_msg) when something
 * it needs does not work (an allocation, a stream, a temporary file), so
 * a suite never checks their returns. Each says what it allocates and who
 * frees it.
 */
#ifndef I2H_TEST_HARNESS_H
#define I2H_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyze.h"
#include "index.h"
#include "stream.h"
#include "util.h"

/* The annotation prefix of Ingress-NGINX, as the suites write it. */
#define PREFIX "nginx.ingress.kubernetes.io"

/* Files ------------------------------------------------------------------ */

/* The whole of path (binary), NUL-terminated; *len (optional) gets its
 * length. Allocated: the caller frees. */
char *h_read_file(const char *path, size_t *len);
/* Write text to path (created or truncated). Allocates nothing. */
void h_write_file(const char *path, const char *text);
/* The path of rel inside the source tree ($I2H_SOURCE_ROOT, which
 * tests/meson.build sets), e.g. "testdata/golden/x.yaml". Allocated: the
 * caller frees. */
char *h_source_path(const char *rel);

/* Temporary files and directories ---------------------------------------- */

/* A new empty directory of the test's own under $TMPDIR (or /tmp), named
 * after tag. Allocated (the path): h_tmpdir_remove frees it. */
char *h_tmpdir(const char *tag);
/* The path of name inside dir. Allocated: the caller frees. */
char *h_path(const char *dir, const char *name);
/* Remove dir with all it holds (subdirectories too) and free the path. */
void h_tmpdir_remove(char *dir);
/* An anonymous temporary file opened for update (tmpfile): a sink for
 * messages a test does not read, never /dev/null. The caller fcloses it. */
FILE *h_tmpfile(void);

/* Texts as streams ------------------------------------------------------- */

/* A stream reading the len bytes of text (borrowed: it must outlive the
 * stream); an empty text is an empty temporary file, as fmemopen refuses
 * a zero-sized buffer on old C libraries. The caller fcloses it. */
FILE *h_input(const char *text, size_t len);

/* What a test captures: a memory stream whose text it reads. */
struct h_capture {
	FILE *fp;		/* write here */
	char *data;		/* the text (owned by the capture until closed) */
	size_t len;
};

/* Open c. Allocates the stream's buffer: h_capture_close or
 * h_capture_free releases it. */
void h_capture_open(struct h_capture *c);
/* Flush c and return its text so far, "" when none (borrowed from c). */
const char *h_capture_text(struct h_capture *c);
/* Close c and return its text (allocated: the caller frees). */
char *h_capture_close(struct h_capture *c);
/* Close c and free its text. */
void h_capture_free(struct h_capture *c);

/* Running the stream and the analyzer on a text -------------------------- */

/* Flags of h_stream and h_analyze, besides those of stream_run_flags
 * (STREAM_OUT_CONTINUES, STREAM_NON_OBJECTS), which they pass on. */
enum {
	H_OUTPUT = 0x100,	/* give the stream an output: r->out */
};

/* The result of one run; zero it (or h_run_free an old one) before use. */
struct h_run {
	int rc;				/* stream_run's return */
	char *out;			/* what the stream wrote (owned; NULL without H_OUTPUT) */
	size_t outlen;
	char *err;			/* its diagnostics (owned, NUL-terminated) */
	struct stream_stats stats;	/* the stream's statistics */
	struct findings fs;		/* h_analyze: the findings (owned) */
	struct analyze_stats astats;	/* h_analyze: the analyzer's statistics */
	struct buf finish;		/* h_analyze: what the finish step wrote (owned) */
};

/* Run text (len bytes, borrowed) named name through stream_run_flags
 * with fn and ud; the output and diagnostics into r (see struct h_run), which
 * must be zeroed. r's strings are freed by h_run_free. */
void h_stream(struct h_run *r, const char *name, const char *text, size_t len, stream_object_fn fn, void *ud,
	      unsigned flags);

/* Called by h_objects on each object of a text, index counting from 0;
 * obj lives during the call only. */
typedef void (*h_object_fn)(struct stream *st, struct node *obj, size_t index, void *ctx);

/* Read text (named name) through the stream calling fn on each object;
 * fails, showing the diagnostics, unless the text reads. Returns the
 * number of objects. Allocates nothing that outlives the call. */
size_t h_objects(const char *name, const char *text, h_object_fn fn, void *ctx);

/* A step run after the object pass while the analyzer still lives: the
 * emitter's finish (plugins_finish, gateway_finish, checks_finish) of the
 * emitter opt names, writing into b. */
typedef void (*h_finish_fn)(const struct analyze_options *opt, struct buf *b);

/* Analyse text (as "in.yaml") with opt and the rule table h_rules: a new
 * analyzer that adds to r->fs (so an emitter opt points at may be made
 * with &r->fs before the call), the index pass first when opt names the
 * WasmPlugin or Gateway API emitter (given to them, as tool_run does),
 * stream_run with analyze_object, then finish (optional) into r->finish,
 * then the analyzer and the index are freed. r must
 * be zeroed or hold only emitter findings; h_run_free frees what it
 * holds. Emitters opt points at stay the caller's to free. */
void h_analyze(struct h_run *r, const struct analyze_options *opt, const char *text, unsigned flags,
	       h_finish_fn finish);

/* Free what r holds and zero it. */
void h_run_free(struct h_run *r);

/* Fixtures --------------------------------------------------------------- */

/* The built-in rule table, loaded by h_rules_setup (a cmocka group setup)
 * and freed by h_rules_teardown. */
extern struct ruleset *h_rules;
int h_rules_setup(void **state);
int h_rules_teardown(void **state);

/* The options of a plain 'lint' run: the prefix, Ingress-NGINX's class
 * "nginx", target class "higress"; all else zero. Allocates nothing (the
 * class list is static). */
void h_default_options(struct analyze_options *opt);

/* The index of text (as "in.yaml") after index_finish with the classes
 * given. Allocated: the caller frees it with index_free. */
struct index *h_index(const char *text, const char *const *classes, size_t nclasses);

/* A finding of file:line:5 with the fields the report tests do not vary:
 * an Ingress shop/web, annotation PREFIX/x = "v", rule "x", message "m".
 * Borrows file (static strings). Allocates nothing. */
struct finding h_finding(const char *file, size_t line, enum status st, enum severity sev);

/* A finding's fingerprint as finding_fingerprint writes it, computed here
 * apart from finding.c: FNV-1a 64 of the n bytes (the fields joined by
 * NULs) in 16 lowercase hex digits and a NUL into out. Allocates nothing. */
void h_fingerprint(const void *bytes, size_t n, char out[17]);

/* Finding look-ups (all borrow from fs) ---------------------------------- */

/* Findings about annotation key; key NULL counts object-level ones. */
size_t h_count_ann(const struct findings *fs, const char *key);
/* The only finding about annotation key; fails unless exactly one. */
const struct finding *h_only_ann(const struct findings *fs, const char *key);
/* Findings of rule. */
size_t h_count_rule(const struct findings *fs, const char *rule);
/* The only finding of rule; fails unless exactly one. */
const struct finding *h_only_rule(const struct findings *fs, const char *rule);
/* The first finding of rule; fails when there is none. */
const struct finding *h_first_rule(const struct findings *fs, const char *rule);

/* Strings ---------------------------------------------------------------- */

/* Fail unless s (non-NULL) holds needle; the message shows both. */
void assert_contains(const char *s, const char *needle);
/* Fail unless s (non-NULL) lacks needle. */
void assert_lacks(const char *s, const char *needle);
/* Occurrences of needle in s (overlapping ones too). */
size_t h_count_str(const char *s, const char *needle);

#endif
