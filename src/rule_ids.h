/* rule_ids.h - the rule ids of findings that are not an annotation's own
 * (those carry the annotation's short name): what each means and how to
 * fix it. The table is rules/findings.yaml, compiled in at build time by
 * tools/embed_findings.py (rule_ids_data.c). Static data: nothing here
 * allocates.
 */
#ifndef I2H_RULE_IDS_H
#define I2H_RULE_IDS_H

#include <stddef.h>

struct rule_id {
	const char *id;
	const char *family;	/* the group the README's table names */
	const char *severity;	/* "error"; "warning or error", "info to error" when it depends */
	const char *meaning;
	const char *fix;
};

/* The table, in the data file's order. */
extern const struct rule_id rule_ids[];
extern const size_t rule_ids_count;

/* The entry of id, or NULL. */
const struct rule_id *rule_id_find(const char *id);

#endif
