/* check_cross.h - what one Ingress means next to the others of its host.
 *
 * From the index pass: the same host and path in several Ingresses
 * (duplicate-path: ingress-nginx serves the oldest by creationTimestamp,
 * then by namespace/name descending), more than one canary for a rule
 * (canary-multiple), a canary without a primary (canary-without-primary,
 * --to ingress; the Gateway API emitter says so itself), paths that
 * another Ingress's use-regex or rewrite-target turns into regexes
 * (regex-host-contagion, --to ingress; the Gateway API emitter has
 * gateway-regex-host), server-level annotations on a shared host
 * (shared-host-setting: the oldest Ingress's value wins for the host),
 * and, from the object alone, TLS entries without a
 * secret (tls-without-secret). Each finding names every object involved
 * ('ns/name' at file:line), in serving order, so the findings do not
 * depend on the order of the input files.
 */
#ifndef I2H_CHECK_CROSS_H
#define I2H_CHECK_CROSS_H

#include <stdbool.h>

#include "finding.h"
#include "index.h"
#include "ingress.h"

struct cross;

/* The host+path table of the Ingress-NGINX Ingresses of ix (borrowed: ix
 * must outlive it). It holds only the hosts that two Ingresses or more
 * (of any class) may name, found by a counting filter of at most 4 MiB
 * (cross_host_shared): every check of a host is about the other Ingresses
 * on it, so a host of one Ingress needs no entry, and a query about one is
 * answered without reading the index. Free with cross_free(). */
struct cross *cross_new(const struct index *ix);
void cross_free(struct cross *cr);

/* Is host (case-insensitive) in regex mode: does an Ingress-NGINX
 * Ingress, not a canary, with use-regex "true" or a rewrite-target have a
 * path on it? *who (optional) gets the first such Ingress in serving
 * order. False for a NULL cr or host, and for a host that only one
 * Ingress has paths on (ask about the hosts of an Ingress of the index).
 * O(1) for most hosts, O(log n) for shared ones. */
bool cross_host_regex(const struct cross *cr, const char *host, const struct index_ingress **who);

/* May two Ingresses or more name host (case-insensitive) in a rule or a
 * TLS entry? False only when at most one does; true for a NULL cr. */
bool cross_host_shared(const struct cross *cr, const char *host);

struct check_cross {
	struct findings *out;
	struct stream *st;
	const struct ingress *ing;
	const struct cross *cr;		/* or NULL: only the object's own checks */
	bool gateway;			/* --to gateway */
};

/* Add the cross-Ingress findings of c->ing to c->out (copied). */
void check_cross_ingress(const struct check_cross *c);

#endif
