/* check_hsts.h - the 'Strict-Transport-Security' header ingress-nginx
 * sends by default, which Higress does not.
 *
 * Ingress-NGINX sets the header on every HTTPS response of every location
 * (lua_ingress.lua header(), run by each location's header filter) while
 * the controller ConfigMap's 'hsts' is true, its default, with
 * 'max-age=31536000; includeSubDomains' ('hsts-max-age',
 * 'hsts-include-subdomains', 'hsts-preload'). The value replaces one the
 * backend sent (ngx.header[...] = value). Envoy adds none, so a migration
 * drops the header on every TLS host unless the converted Ingress asks
 * for it: 'higress.io/response-header-control-update' (Istio's
 * 'headers.response.set', which replaces the backend's value too).
 *
 * An Ingress gets the header when it has a TLS entry of its own or a host
 * another Ingress gives TLS (the caller decides: the analyzer knows the
 * TLS hosts of the whole input). For --to gateway the Gateway API emitter
 * sets it (ResponseHeaderModifier 'set') on the rules of the Ingress's own
 * TLS hosts on their HTTPS listener; a host with another Ingress's TLS
 * only has its routes on the HTTP listener, where nothing is written
 * (reported). An Ingress that sets, adds or removes
 * the header itself (a higress.io response-header-control annotation, a
 * configuration- or server-snippet naming it) keeps its own.
 *
 * (ingress-nginx also sets it on HTTPS responses of hosts without TLS,
 * served with the default certificate: header() tests the function
 * certificate_configured_for_current_request, not its result. Higress
 * serves those hosts over plain HTTP only, where the header has no
 * effect: nothing to carry.)
 */
#ifndef I2H_CHECK_HSTS_H
#define I2H_CHECK_HSTS_H

#include <stdbool.h>

#include "ctrl_config.h"
#include "finding.h"
#include "ingress.h"
#include "plan.h"
#include "stream.h"

struct check_hsts {
	struct findings *out;
	struct stream *st;
	const struct ingress *ing;
	const char *prefix;			/* the annotation prefix, without '/' */
	const struct ctrl_settings *ctrl;	/* the controller ConfigMap's, or NULL: the defaults */
	bool tls;				/* the Ingress has TLS, its own or another's for its host */
	const char *from, *host;		/* that other Ingress ("ns/name") and the host, or NULL */
	bool gateway;				/* --to gateway: the emitter writes it, this reports */
	struct plan *plan;			/* --to ingress: where the header is added, or NULL */
};

/* The check for c->ing: one finding (rule 'hsts-default', copied into
 * c->out) when the Ingress has TLS and 'hsts' is on, and, with c->plan,
 * the header merged into the response-header-control-update the plan or
 * the Ingress already writes, or added (the plan owns what it gets).
 * Allocates nothing else that outlives the call. */
void check_hsts_ingress(const struct check_hsts *c);

#endif
