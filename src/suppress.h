/* suppress.h - what a run leaves out of its verdict, and how it says so.
 *
 * Suppressions in the source (an 'ingress2higress.io/ignore' annotation on
 * the object, a '# ingress2higress:ignore RULE[,RULE] reason' comment on
 * the line above the object or above one of its annotations) and in the
 * config file (by path glob and rule) mark findings suppressed; a
 * --baseline report marks the findings it already has baselined; both
 * stay in the list and count for nothing in --fail-on. --skip and --only
 * drop findings from the list, and the report says how many.
 *
 * The run driver calls suppress_object() after the analysis of each
 * object (its source bytes are still in the stream's window), then
 * suppress_range() for findings added without an object (the finish
 * step), then suppress_finish().
 */
#ifndef I2H_SUPPRESS_H
#define I2H_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "finding.h"
#include "rules.h"
#include "stream.h"

/* The annotation of an object's suppressions. */
#define SUPPRESS_ANNOTATION "ingress2higress.io/ignore"

struct suppress_options {
	const char *prefix;		/* the annotation prefix, without '/' */
	const struct ruleset *rules;	/* to validate rule ids */
	const char *const *skip;	/* --skip ids */
	size_t nskip;
	const char *const *only;	/* --only ids */
	size_t nonly;
	const struct config *cfg;	/* its 'suppress' entries, or NULL */
};

struct suppressor;

/* Create a suppressor; o and everything it points to are borrowed and
 * must outlive it. Free with suppressor_free(). */
struct suppressor *suppressor_new(const struct suppress_options *o);
void suppressor_free(struct suppressor *s);

/* Read the fingerprints of a JSON report of an earlier run (schema
 * version 1). Returns 0, or -1 after 'path: error: ...' on err (cannot
 * read, not JSON, not a report of version 1). */
int suppressor_load_baseline(struct suppressor *s, const char *path, FILE *err);

/* Is id a rule id or an annotation name (short, or with prefix/) the
 * findings can carry? Allocates nothing. */
bool suppress_id_known(const struct ruleset *rs, const char *prefix, const char *id);
/* The nearest known id to an unknown one, borrowed, or NULL. */
const char *suppress_id_suggest(const struct ruleset *rs, const char *id);

/* The findings [from, n) of object obj, just analysed: apply its in-source
 * suppressions (adding findings on the suppressions themselves), then as
 * suppress_range(). */
void suppress_object(struct suppressor *s, struct stream *st, const struct node *obj, struct findings *fs,
		     size_t from);
/* The findings [from, n): config suppressions, baseline, selection. */
void suppress_range(struct suppressor *s, struct findings *fs, size_t from);
/* After the last object: findings on the config's suppressions that
 * matched nothing or give no reason. */
void suppress_finish(struct suppressor *s, struct findings *fs);
/* How many findings --skip/--only dropped. */
size_t suppress_skipped(const struct suppressor *s);

/* Parse the text of an ignore comment line ('# ingress2higress:ignore
 * RULE[,RULE] reason', blanks around allowed). Returns false when the
 * line is not one; else true with *rules (comma-separated, allocated,
 * "" when missing) and *reason (allocated, NULL when missing). */
bool suppress_parse_comment(const char *line, size_t len, char **rules, char **reason);
/* Parse an ignore annotation's value ('RULE[,RULE...]: reason'), the
 * same way. Always true. */
bool suppress_parse_value(const char *value, char **rules, char **reason);

#endif
