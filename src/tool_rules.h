/* tool_rules.h - the 'rules' command and loading the rule table. */
#ifndef I2H_TOOL_RULES_H
#define I2H_TOOL_RULES_H

#include "rules.h"
#include "tool_opts.h"

/* The built-in table with the --rules files of o applied and checked.
 * Returns a table the caller frees with ruleset_free(), or NULL after
 * printing why to stderr. */
struct ruleset *tool_rules_load(const struct tool_opts *o);

/* Run 'rules' on its operands argv[0..argc). Returns the exit status. */
int tool_rules(struct tool_opts *o, int argc, char **argv);

#endif
