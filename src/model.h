/* model.h - the shared vocabulary: statuses, severities and positions.
 *
 * Everything here is plain data with no ownership of its own.
 */
#ifndef I2H_MODEL_H
#define I2H_MODEL_H

#include <stddef.h>

/* How a target treats an annotation. Order is the report's order. */
enum status {
	ST_SUPPORTED,
	ST_CONVERTED,
	ST_PARTIAL,
	ST_UNSUPPORTED,
	ST_IGNORED,
	ST_UNKNOWN,
	ST_INVALID,
	ST__COUNT
};

/* Ordered: a larger value is more severe. */
enum severity {
	SEV_INFO,
	SEV_WARNING,
	SEV_ERROR,
	SEV_CRITICAL,
	SEV__COUNT
};

/* A position in an input: 1-based line and column (characters), and the
 * byte span [start, end) in the input stream. */
struct pos {
	size_t line;
	size_t column;
	size_t start;
	size_t end;
};

const char *status_name(enum status s);
const char *severity_name(enum severity s);
/* Return the enum value, or -1 for an unknown name. */
int status_from_name(const char *name);
int severity_from_name(const char *name);

#endif
