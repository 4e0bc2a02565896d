/* target.h - the output targets: what convert writes and what lint judges for. */
#ifndef I2H_TARGET_H
#define I2H_TARGET_H

#include <stddef.h>
#include <string.h>

enum target {
	TARGET_INGRESS,		/* Higress-compatible Ingress (annotation splices) */
	TARGET_GATEWAY,		/* Gateway API v1 objects */
	TARGET__COUNT
};

/* The name of a target as --to and the report spell it (static). */
static inline const char *target_name(enum target t)
{
	static const char *const names[TARGET__COUNT] = { "ingress", "gateway" };

	return (unsigned)t < TARGET__COUNT ? names[t] : "?";
}

/* The target named s, or -1. Allocates nothing. */
static inline int target_from_name(const char *s)
{
	for (int t = 0; t < TARGET__COUNT; t++)
		if (strcmp(s, target_name((enum target)t)) == 0)
			return t;
	return -1;
}

#endif
