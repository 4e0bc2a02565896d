/* emit_ingress.h - the Higress Ingress emitter: apply a conversion plan to
 * the original text of an Ingress as byte-exact splices, so everything
 * outside the edited lines (comments, order, quoting, indentation) stays
 * as it was.
 */
#ifndef I2H_EMIT_INGRESS_H
#define I2H_EMIT_INGRESS_H

#include "ingress.h"
#include "plan.h"
#include "stream.h"

/* Queue the edits for plan on st. With comments, every line the plan adds
 * or changes in a block mapping (an added annotation, the class) gets a
 * '# ingress2higress: ...' line before it saying why; removed and
 * rewritten annotations are commented out with their reason either way.
 * Nothing is allocated that outlives the call. */
void emit_ingress_apply(struct stream *st, const struct ingress *ing, const struct plan *plan, bool comments);

/* Append value to b as a YAML scalar in the given style when that is safe
 * for a Kubernetes string, else double-quoted. */
struct buf;
void emit_scalar(struct buf *b, const char *value, enum scalar_style style);

#endif
