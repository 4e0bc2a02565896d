/* emit_config.h - the 'higress-config' ConfigMap written from the
 * Ingress-NGINX controller ConfigMap ('convert', both targets).
 *
 * One ConfigMap 'higress-config' in the Higress namespace with one key,
 * 'higress': a YAML document holding only the values with an exact
 * counterpart, each already checked (ctrl_config.c): Higress rejects the
 * whole document when one section is invalid.
 */
#ifndef I2H_EMIT_CONFIG_H
#define I2H_EMIT_CONFIG_H

#include "ctrl_config.h"
#include "util.h"

/* The text of the 'higress' key for hv (appended to out). */
void higress_config_text(const struct higress_values *hv, struct buf *out);

/* Append the ConfigMap document (starting with '---') in namespace ns
 * to out. Allocates only in out. */
void higress_config_write(const struct higress_values *hv, const char *ns, const char *who, struct buf *out);

#endif
