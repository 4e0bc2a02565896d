/* plan.h - what a conversion does to one Ingress, independent of how an
 * emitter writes it. The analysis fills a plan; each target's emitter
 * (Higress Ingress today, Gateway API later) turns it into output.
 * A plan owns its strings; release it with plan_free().
 */
#ifndef I2H_PLAN_H
#define I2H_PLAN_H

#include <stdbool.h>
#include <stddef.h>

enum action_type {
	ACT_REMOVE,		/* drop annotation ann, leaving a comment with reason */
	ACT_REPLACE,		/* replace annotation ann by the pairs keys/values */
	ACT_SET_VALUE,		/* give annotation ann the value values[0] */
	ACT_ADD,		/* add the annotation keys[0]: values[0] */
	ACT_SET_CLASS,		/* set the Ingress class to values[0] where it is named */
	ACT_ADD_CLASS,		/* add spec.ingressClassName: values[0] */
};

#define PLAN_MAX_PAIRS 8	/* a converted snippet: six header-control keys and a redirect */

struct action {
	enum action_type type;
	size_t ann;			/* annotation index, where it applies */
	size_t npairs;
	char *keys[PLAN_MAX_PAIRS];
	char *values[PLAN_MAX_PAIRS];
	char *reason;			/* for the comment left behind, or NULL */
	bool moved;			/* ACT_REPLACE: only the prefix of ann's key
					 * changes (its value may be converted) */
};

struct plan {
	struct action *v;
	size_t n;
	size_t cap;
};

/* Append an action; strings are copied. Returns the borrowed new action. */
struct action *plan_add(struct plan *p, enum action_type type, size_t ann,
			const char *reason);
/* Append an action with the one pair key/value (key NULL: the
 * annotation's own); strings are copied. Returns the borrowed new action. */
struct action *plan_add_pair(struct plan *p, enum action_type type, size_t ann, const char *reason,
			     const char *key, const char *value);
/* Add a key/value pair (copied) to an action. */
void action_pair(struct action *a, const char *key, const char *value);
/* Free action i's strings and close the gap (later actions move down by
 * one; pointers into the plan's array go stale). */
void plan_drop(struct plan *p, size_t i);
/* Free the actions' strings and empty the plan, keeping its array (for
 * reuse; plan_free() releases it). */
void plan_clear(struct plan *p);
void plan_free(struct plan *p);

#endif
