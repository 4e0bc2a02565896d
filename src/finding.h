/* finding.h - the finding model: one record per thing the report says.
 *
 * Every annotation under the prefix on an Ingress-NGINX Ingress gets
 * exactly one finding; object-level findings have annotation == NULL.
 * A finding list owns all its strings; free it with findings_free().
 */
#ifndef I2H_FINDING_H
#define I2H_FINDING_H

#include <stddef.h>

#include "model.h"

struct finding {
	char *file;
	struct pos pos;		/* line/column 1-based; byte span */
	char *kind;		/* object kind, or NULL */
	char *ns;		/* namespace as written, or NULL */
	char *name;		/* object name, or NULL */
	char *annotation;	/* full key, or NULL for an object-level finding */
	char *value;		/* annotation value, or NULL */
	enum status status;
	enum severity severity;
	char *rule;
	char *message;
	char *fix;		/* or NULL */
	char *doc;		/* or NULL */
};

struct findings {
	struct finding *v;
	size_t n;
	size_t cap;
};

/* Append a finding; every string argument is copied (NULL stays NULL).
 * Returns the borrowed new element (valid until the next append). */
struct finding *findings_add(struct findings *fs, const struct finding *f);
void findings_free(struct findings *fs);

#endif
