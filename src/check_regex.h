/* check_regex.h - the regexes Ingress-NGINX evaluates, checked for RE2.
 *
 * Paths of a host in regex mode (use-regex or rewrite-target on any of its
 * Ingresses: nginx matches them as '~* "^<path>"'), and the values of
 * canary-by-header-pattern, auth-tls-match-cn and the '~' entries of
 * server-alias are compiled with PCRE2 and walked by regex_compat; every
 * issue becomes a finding at its line and column inside the value in the
 * file: regex-syntax (nginx rejects it), regex-not-re2 (Envoy and Higress
 * reject it), regex-differs (RE2 reads it differently).
 */
#ifndef I2H_CHECK_REGEX_H
#define I2H_CHECK_REGEX_H

#include <stdbool.h>

#include "check_cross.h"
#include "finding.h"
#include "ingress.h"

struct check_regex {
	struct findings *out;
	struct stream *st;
	const struct ingress *ing;
	const char *prefix;		/* the annotation prefix, without '/' */
	const struct cross *cr;		/* the index pass's host table, or NULL */
	bool gateway;			/* --to gateway (messages name the target) */
};

/* Add a finding on Ingress ing of stream st at pos to out (which copies
 * the strings): the object's file, kind, namespace and name filled in.
 * The check_* modules share it. */
void check_finding(struct findings *out, struct stream *st, const struct ingress *ing, struct pos pos,
		   enum status status, enum severity sev, const char *rule, const char *msg, const char *fix);

/* Check every regex of c->ing; findings are added to c->out (which copies
 * their strings). Allocates nothing that outlives the call. */
void check_regex_ingress(const struct check_regex *c);

#endif
