/* govalid.h - the Go standard-library checks behind Ingress-NGINX's
 * annotation validators (internal/ingress/annotations/parser/validators.go
 * at dbb11b92, built with Go 1.26), where a PCRE2 pattern cannot say the
 * same thing: integer range, IP/CIDR parsing, Unicode white space and the
 * RE2 syntax of Go's regexp package.
 *
 * Every function reads a NUL-terminated UTF-8 string and returns a
 * verdict; none keeps memory (go_regexp_ok frees its parse stack).
 */
#ifndef I2H_GOVALID_H
#define I2H_GOVALID_H

#include <stdbool.h>
#include <stddef.h>

/* strconv.Atoi on a 64-bit platform: optional sign, one or more ASCII
 * digits, value within int64. */
bool go_atoi_ok(const char *s);

/* Is the UTF-8 sequence at s (n bytes available) a character for which
 * Go's unicode.IsSpace is true? Returns its length in bytes, or 0. */
size_t go_space_len(const char *s, size_t n);

/* internal/net.ParseCIDRs (the controller's ValidateCIDRs): split on ',',
 * strings.TrimSpace each item, then net.ParseCIDR or else net.ParseIP
 * (Go 1.26: netip.ParseAddr without zone; prefix length by dtoi). */
bool go_cidrs_ok(const char *s);

/* regexp.Compile(s) succeeds (Go 1.26 regexp/syntax, Perl flags): the
 * syntax check only, no program is built. The limits on the parse tree
 * (repeat product 1000, height 1000, compiled size) are computed as lower
 * bounds of Go's, which also merges and factors alternatives. */
bool go_regexp_ok(const char *s);

#endif
