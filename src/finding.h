/* finding.h - the finding model: one record per thing the report says.
 *
 * Every annotation under the prefix on an Ingress-NGINX Ingress gets
 * exactly one finding; object-level findings have annotation == NULL.
 * A finding list owns all its strings in a pool that stores each distinct
 * string once (file names, rule ids, messages and keys repeat across
 * thousands of findings); the fields borrow from it until findings_free().
 */
#ifndef I2H_FINDING_H
#define I2H_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct finding {
	const char *file;
	struct pos pos;		/* line/column 1-based; byte span */
	const char *kind;	/* object kind, or NULL */
	const char *ns;		/* namespace as written, or NULL */
	const char *name;	/* object name, or NULL */
	const char *annotation;	/* full key, or NULL for an object-level finding */
	const char *value;	/* annotation value, or NULL */
	enum status status;
	enum severity severity;
	const char *rule;
	const char *message;
	const char *fix;	/* or NULL */
	const char *doc;	/* or NULL */
	bool suppressed;	/* an ignore annotation, comment or config entry matched it */
	const char *justification;	/* the suppression's reason (pooled), or NULL */
	bool baselined;		/* its fingerprint is in the --baseline report */
};

struct strpool;

struct findings {
	struct finding *v;
	size_t n;
	size_t cap;
	struct strpool *pool;
};

/* Append a finding; its strings are copied into the list's pool (NULL
 * stays NULL). Returns the borrowed new element (valid until the next
 * append). */
struct finding *findings_add(struct findings *fs, const struct finding *f);
/* The list's pooled copy of s (NULL stays NULL), for strings that must
 * live as long as its findings; borrowed, valid until findings_clear() or
 * findings_free(). */
const char *findings_intern(struct findings *fs, const char *s);
/* Replace a finding's message (copied). */
void findings_set_message(struct findings *fs, struct finding *f, const char *message);
/* Replace a finding's fix (copied; NULL for none). */
void findings_set_fix(struct findings *fs, struct finding *f, const char *fix);
/* Mark a finding suppressed with reason (copied; NULL for none). */
void findings_suppress(struct findings *fs, struct finding *f, const char *reason);
/* Drop the findings [from, n) for which keep() is false, keeping the
 * order of the others. Returns how many were dropped. Allocates nothing. */
size_t findings_filter(struct findings *fs, size_t from, bool (*keep)(const struct finding *f, void *ud), void *ud);
void findings_free(struct findings *fs);
/* Empty the list for reuse (after its findings were delivered): the
 * elements are gone, the storage is kept; the pooled strings go too
 * once they fill half a chunk (until then they stay, as a cache). */
void findings_clear(struct findings *fs);

/* The finding's identity, stable across line moves: FNV-1a 64-bit over
 * kind, NUL, namespace ("" if NULL), NUL, name, NUL, annotation ("" if
 * NULL), NUL, rule, as 16 lowercase hex digits and a NUL in out.
 * Allocates nothing. */
void finding_fingerprint(const struct finding *f, char out[17]);

#endif
