/* emit_checks.h - the cutover checks ('ingress2higress checks'): a POSIX
 * sh script that sends the same requests to the old and the new gateway
 * with curl and compares the answers.
 *
 * During the object pass the analysis hands each Ingress-NGINX Ingress to
 * the emitter, which copies (owns) its identity, position, hosts, paths,
 * TLS hosts and prefixed annotations; at the end, checks_finish writes the
 * script. Every value taken from a manifest is written single-quoted
 * (never as code), and ids are reduced to a safe alphabet.
 */
#ifndef I2H_EMIT_CHECKS_H
#define I2H_EMIT_CHECKS_H

#include <stddef.h>

#include "ctrl_config.h"
#include "ingress.h"
#include "stream.h"
#include "util.h"

struct checks_options {
	size_t limit;		/* --checks-limit: requests per host (0: no limit) */
	unsigned max_time;	/* --max-time: seconds per request, the script's default */
};

struct checks;

/* A new emitter; opt is copied. Free with checks_free(). */
struct checks *checks_new(const struct checks_options *opt);
void checks_free(struct checks *c);

/* Follow the controller ConfigMap cc (borrowed; it must outlive c and be
 * chosen before checks_finish): the keys the checks model are
 * 'ssl-redirect', 'force-ssl-redirect', 'global-auth-url' with
 * 'no-auth-locations' (and the 'enable-global-auth' annotation), and
 * 'custom-http-errors'. A request one of them implies has the id
 * NS/NAME/configmap-KEY/HOST and the ConfigMap's position. */
void checks_use_config(struct checks *c, const struct ctrl_config *cc);

/* Copy what the checks of an Ingress-NGINX Ingress need; prefix is the
 * annotation prefix without '/' (borrowed for this call). */
void checks_add_ingress(struct checks *c, struct stream *st, const struct ingress *in, const char *prefix);

/* Append the script to out. */
void checks_finish(struct checks *c, struct buf *out);

/* Append s to b single-quoted for sh ("'" becomes '\''): the shell reads
 * it back as exactly s, whatever it holds. */
void sh_quote(struct buf *b, const char *s);

#endif
