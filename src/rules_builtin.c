/* rules_builtin.c - the built-in rule table: the C data tools/rules-gen.c
 * generates from rules/annotations.yaml (rules_data.c in the build
 * directory), as a ruleset. Kept apart from rules.c, which the generator
 * itself links. */
#include "rules.h"

struct ruleset *ruleset_new_builtin(FILE *err)
{
	(void)err;
	return ruleset_new_data(&rules_builtin_data);
}
