/* conv_names.h - the names of the built-in converters, which rule-table
 * rows name in 'convert'. The rule table checks them here without calling
 * into the analysis, which owns the converters (and checks at start-up
 * that its table and this list agree). */
#ifndef I2H_CONV_NAMES_H
#define I2H_CONV_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* The names, sorted, NULL-terminated. */
extern const char *const converter_names[];

/* Is name a built-in converter? Allocates nothing. */
bool converter_exists(const char *name);

/* The statuses (bit 1u << enum status) the built-in converter name may
 * give a finding, 0 for none or an unknown name: a row naming it lists
 * those that differ from its own status in 'may-become'. Allocates
 * nothing. */
unsigned converter_statuses(const char *name);

#endif
