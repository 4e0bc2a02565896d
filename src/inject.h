/* inject.h - the shapes of nginx directive injection in annotation values.
 *
 * Ingress-NGINX writes many annotation values into nginx.conf; where it
 * wrote one unquoted (or inside quotes a value could close), a ';', a
 * brace, a quote or a line break ended the directive and the rest of the
 * value became configuration (CVE-2021-25746, CVE-2025-24514, -1097,
 * -1098, CVE-2026-1580). Validation stopped most of it only from v1.12.0
 * on, and not for 'auth-tls-match-cn'. The check finds the first such
 * byte of a value; snippets are not its business (they are configuration
 * by design).
 */
#ifndef I2H_INJECT_H
#define I2H_INJECT_H

#include <stdbool.h>
#include <stddef.h>

struct inject_hit {
	size_t off;		/* byte offset of the offending text in the value */
	const char *rule;	/* rule id naming the CVE (static) */
	char *message;		/* allocated: the caller frees it */
	const char *fix;	/* static */
};

/* Look for an injection shape in value (len bytes) of the annotation with
 * short name (without the prefix; a '*-snippet' name never matches).
 * Returns true and fills *hit, whose message the caller frees; false
 * (hit untouched) for a clean value. */
bool inject_check(const char *name, const char *value, size_t len, struct inject_hit *hit);

/* Look for an injection shape in an Ingress path (len bytes): before
 * v1.13.7 and v1.14.3 ingress-nginx wrote paths unquoted in 'location'
 * (CVE-2026-24512), so ';', a brace (other than a regex quantifier's),
 * '#', a double quote or white space ended it. The same contract as
 * inject_check. */
bool inject_check_path(const char *path, size_t len, struct inject_hit *hit);

/* Every rule id inject_check and inject_check_path can return,
 * NULL-terminated. */
extern const char *const inject_rule_ids[];

#endif
