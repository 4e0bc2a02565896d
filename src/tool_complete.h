/* tool_complete.h - shell completion scripts (bash, zsh, fish) written
 * from the option table, so they cannot drift from the options. */
#ifndef I2H_TOOL_COMPLETE_H
#define I2H_TOOL_COMPLETE_H

#include <stdio.h>

/* The shells, NULL-terminated (static). */
extern const char *const complete_shells[];

/* Write the completion script of shell ("bash", "zsh", "fish") to out.
 * Returns 0; -1 for an unknown shell (nothing written); -2 if writing
 * failed. Allocates nothing it keeps. */
int complete_write(const char *shell, FILE *out);

#endif
